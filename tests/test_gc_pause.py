"""connlint.gc_pause: no garbage collection while a run starts up, and the
collector back on wherever work of unknown size begins.

Each case runs in a child interpreter: the test process's own collector is
left alone.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path


def _run(code: str, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_pause_and_resume() -> None:
    out = _run(
        """
        import gc
        from connlint import gc_pause
        gc_pause.resume()  # not paused: nothing happens
        print(gc.isenabled(), gc.get_freeze_count() == 0)
        gc_pause.pause()
        print(gc.isenabled())
        gc_pause.resume()
        print(gc.isenabled(), gc.get_freeze_count() > 0)
        """
    )
    assert out.split() == ["True", "True", "False", "True", "True"]


def test_a_collector_turned_off_by_someone_else_stays_off() -> None:
    out = _run(
        """
        import gc
        from connlint import gc_pause
        gc.disable()
        gc_pause.pause()
        gc_pause.resume()
        print(gc.isenabled())
        """
    )
    assert out == "False"


def test_the_engine_turns_it_back_on_for_a_tree(tmp_path: Path) -> None:
    (tmp_path / "application.properties").write_text("spring.datasource.url=jdbc:mysql://db/app\n")
    out = _run(
        """
        import gc
        from pathlib import Path
        from connlint import gc_pause
        gc_pause.pause()
        from connlint.config import Config
        from connlint.engine import run
        run([Path(".")], Config(), jobs=1)
        print(gc.isenabled())
        """,
        cwd=tmp_path,
    )
    assert out == "True"


def test_a_worker_turns_it_back_on_after_its_first_task() -> None:
    out = _run(
        """
        import gc
        from connlint import gc_pause
        gc_pause.pause()
        from connlint.workers import Pool

        def enabled(_: int) -> bool:
            return gc.isenabled()

        with Pool(enabled, 1, None) as pool:
            print(*(answer for _, answer in pool.map([1, 2, 3])))
        print(gc.isenabled())
        """
    )
    assert out.splitlines() == ["False True True", "False"]
