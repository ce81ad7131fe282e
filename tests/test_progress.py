"""The progress line of ``connlint check`` on a terminal (connlint.progress)."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from connlint import progress
from connlint.progress import ProgressLine, line


def test_while_the_walk_goes_on_the_total_is_a_lower_bound_and_there_is_no_eta() -> None:
    assert line(1200, 5000, False, 4.0) == "1,200/5,000+ files, 4 s, 300 files/s"


def test_once_the_walk_is_over_the_eta_shows() -> None:
    assert line(1200, 6000, True, 4.0) == "1,200/6,000 files, 4 s, 300 files/s, ETA 16 s"
    assert line(10, 100_000, True, 100.0).endswith("ETA 277:45:00")


def test_no_rate_in_the_first_half_second() -> None:
    assert line(3, 3, True, 0.1) == "3/3 files, 0 s"


@pytest.mark.parametrize(
    ("seconds", "text"), [(0.4, "0 s"), (59.4, "59 s"), (61, "1:01"), (3600, "1:00:00"), (3725, "1:02:05")]
)
def test_durations(seconds: float, text: str) -> None:
    assert progress._duration(seconds) == text


def test_redraws_are_throttled_and_the_line_is_cleared_at_the_end(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: now[0])
    out = io.StringIO()
    bar = ProgressLine(out)
    bar(0, 0, False)  # drawn at once: the run has started
    for i in range(1, 50):
        bar(i, 100, False)  # within the same instant: not drawn
    assert out.getvalue().count("\r") == 1
    now[0] += 1.0
    bar(60, 100, True)
    assert out.getvalue().endswith("60/100 files, 1 s, 60 files/s, ETA 1 s")
    bar(100, 100, True)  # the last file is always drawn
    assert out.getvalue().endswith("100/100 files, 1 s, 100 files/s, ETA 0 s")
    bar.finish()
    assert out.getvalue().endswith("\r" + " " * len("100/100 files, 1 s, 100 files/s, ETA 0 s") + "\r")


def _on_a_terminal(args: list[str], cwd: Path, extra: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run connlint with stderr on a pseudo-terminal: exit code, stdout, stderr."""
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PRE_COMMIT")}
    env.update(extra or {})
    proc = subprocess.Popen(
        [sys.executable, "-m", "connlint", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=slave, env=env
    )
    os.close(slave)
    err = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        err += chunk
    out = proc.communicate(timeout=120)[0]
    os.close(master)
    return proc.returncode, out.decode(), err.decode()


def test_check_on_a_terminal_draws_the_line_and_clears_it(tmp_path: Path) -> None:
    for i in range(30):
        (tmp_path / f"a{i}.properties").write_text(f"k{i}=v\n")
    (tmp_path / "db.properties").write_text("url=jdbc:mysql://db.example.com/app?sslMode=DISABLED\n")
    code, out, err = _on_a_terminal(["check", "."], tmp_path)
    assert code == 1
    assert out.startswith("db.properties:1:")
    assert "\r0/0+ files, 0 s" in err  # the first line, before the engine's imports
    assert "/31 files" in err  # the walk's total, once it is over
    assert err.endswith("\r")  # cleared: what follows starts on a clean line
    code, _, err = _on_a_terminal(["check", "--no-progress", "."], tmp_path)
    assert code == 1 and err == ""


@pytest.mark.parametrize("extra", [{"CI": "true"}, {"PRE_COMMIT": "1"}])
def test_no_line_in_ci_or_pre_commit_even_on_a_terminal(tmp_path: Path, extra: dict[str, str]) -> None:
    (tmp_path / "db.properties").write_text("url=jdbc:mysql://db.example.com/app?sslMode=DISABLED\n")
    code, out, err = _on_a_terminal(["check", "."], tmp_path, extra)
    assert code == 1 and out.startswith("db.properties:1:")
    assert err == ""
