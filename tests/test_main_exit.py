"""The entry point's exit (connlint.__main__.leave): the interpreter's teardown
is skipped only when it has nothing else to do, and no output is lost.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60
    )


def test_buffered_output_is_written_and_the_code_kept() -> None:
    done = _run(
        """
        import sys
        from connlint.__main__ import leave
        sys.stdout.write("x" * 100_000 + "\\nend\\n")  # more than one buffer, the rest unflushed
        sys.stderr.write("note")
        leave(3)
        """
    )
    assert done.returncode == 3
    assert done.stdout == "x" * 100_000 + "\nend\n"
    assert done.stderr == "note"


def test_the_usual_exit_where_an_atexit_function_waits() -> None:
    done = _run(
        """
        import atexit, sys
        from connlint.__main__ import leave
        atexit.register(lambda: print("atexit ran"))
        leave(1)
        """
    )
    assert done.returncode == 1
    assert done.stdout == "atexit ran\n"


def test_the_usual_exit_where_another_thread_runs() -> None:
    done = _run(
        """
        import threading, time
        from connlint.__main__ import leave
        threading.Thread(target=lambda: (time.sleep(0.2), print("thread ended"))).start()
        leave(0)
        """
    )
    assert done.returncode == 0
    assert done.stdout == "thread ended\n"


def test_the_command_exits_with_its_code_and_whole_report(tmp_path: Path) -> None:
    (tmp_path / "application.properties").write_text(
        "spring.datasource.url=jdbc:mysql://db.example.com:3306/app?sslMode=DISABLED\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "connlint", "check", "--format", "json", "application.properties"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout.rstrip().endswith("}")
    assert '"CL201"' in done.stdout
