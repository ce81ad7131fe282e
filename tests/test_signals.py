"""SIGINT and SIGTERM stop a run at once: workers killed, nothing written,
exit 130 / 143 with one line on stderr, no process left behind.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="POSIX signals, /proc")

JAVA = "class A{} // jdbc:mysql://db.example.com/app?sslMode=DISABLED\n"
# Python modules that take a while to parse: the run is busy when the signal comes.
SLOW_PY = "import pymysql\n" + 'pymysql.connect(host="db.example.com", ssl_disabled=True)\n' * 4000


def _processes_naming(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if marker.encode() in cmdline:
            found.append(int(entry.name))
    return found


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` and of its live children."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the command name: state, ppid, ... utime (12th), stime (13th).
        if int(entry.name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def _wait_until_busy(proc: subprocess.Popen[bytes], cpu: float = 1.5) -> None:
    """Wait until the run has used ``cpu`` seconds: imported, handlers set,
    files in the workers.  Wall-clock time says nothing on a loaded machine,
    where a fixed sleep sent the signal during the imports."""
    deadline = time.monotonic() + 120
    while _cpu_seconds(proc.pid) < cpu and time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def busy_tree(tmp_path: Path) -> Path:
    root = tmp_path / "busy-tree-for-signals"
    root.mkdir()
    for i in range(40):
        (root / f"slow{i}.py").write_text(SLOW_PY)
        (root / f"A{i}.java").write_text(JAVA)
    return root


@pytest.mark.parametrize(
    ("signum", "code", "line"),
    [(signal.SIGTERM, 143, "connlint: terminated"), (signal.SIGINT, 130, "connlint: interrupted")],
)
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_signal_stops_the_run_within_a_second(
    busy_tree: Path, tmp_path: Path, signum: int, code: int, line: str, jobs: str
) -> None:
    output = tmp_path / "report.sarif"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "connlint",
            "check",
            "--jobs",
            jobs,
            "--format",
            "sarif",
            "-o",
            str(output),
            str(busy_tree),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "CONNLINT_STRICT": ""},
        # Ctrl-C at a terminal: SIGINT at its default.  A process started with
        # it ignored keeps ignoring it (Python installs no KeyboardInterrupt
        # then, as shells expect of background jobs); a test runner's worker
        # may pass that on.
        preexec_fn=_default_sigint,
    )
    _wait_until_busy(proc)
    assert proc.poll() is None, proc.communicate()
    sent = time.monotonic()
    proc.send_signal(signum)
    stdout, stderr = proc.communicate(timeout=30)
    assert time.monotonic() - sent < 3.0  # within a second on a quiet machine; slack for a loaded one
    assert proc.returncode == code
    assert stdout == b""
    assert stderr.decode().splitlines() == [line]
    assert not output.exists()  # nothing partial
    time.sleep(0.2)
    assert _processes_naming(str(busy_tree)) == []  # no worker left behind
