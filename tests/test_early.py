"""The early Python child (connlint.early): when it is started, and that the
parent only ever uses what it parsed from the very bytes the parent read.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from connlint import early, forked
from connlint.config import Config
from connlint.engine import run
from connlint.frontends.python import extract

PY = 'import pymysql\n\npymysql.connect(host="db.example.com", ssl_disabled=True)\n'
JAVA = 'class A { String u = "jdbc:mysql://db.example.com/app?sslMode=DISABLED"; }\n'


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "db.py").write_text(PY)
    (tmp_path / "A.java").write_text(JAVA)
    # pytest-xdist runs threads in its workers; the CLI's process has none.
    monkeypatch.setattr(forked, "can_fork", lambda: True)
    return tmp_path


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["check", "a.py", "B.java", "c.sh"], ["a.py"]),
        (["check", "--format", "json", "-o", "out.json", "x/a.py", "b.PYW"], ["x/a.py", "b.PYW"]),
        (["check", "--", "-odd.py"], ["-odd.py"]),
        (["check", "B.java"], []),
        (["inventory", "a.py"], []),
        ([], []),
        (["check", "--jobs", "1", "a.py"], []),
        (["check", "-j2", "a.py"], []),
        (["check", "--stdin-filename", "a.py"], []),
        (["check", "-", "a.py"], []),
        (["check", *(f"f{i}.py" for i in range(early.MAX_PATHS + 1))], []),
    ],
)
def test_which_arguments_start_the_child(argv: list[str], expected: list[str]) -> None:
    assert early.python_paths(argv) == expected


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["check", "--no-progress", "A.java", "c.sh"], ["A.java", "c.sh"]),
        (["check", "--format", "json", "-o", "out.json", "A.java"], ["A.java"]),
        (["check", "--config=x.toml", "--baseline", "base.json", "my.cnf"], ["my.cnf"]),
        (["check", "--select", "CL2", "--", "--odd.java"], ["--odd.java"]),
    ],
)
def test_option_values_are_not_paths(argv: list[str], expected: list[str]) -> None:
    assert early.named_paths(argv) == expected


def test_the_options_with_a_value_are_those_of_the_parser() -> None:
    import argparse

    from connlint.cli import build_parser

    (commands,) = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    check = commands.choices["check"]
    with_value = {
        option
        for action in check._actions
        if action.option_strings and action.nargs != 0
        for option in action.option_strings
    }
    refused = {"--stdin-filename", "--jobs", "-j"}  # no early child with these at all
    assert with_value - refused == early.VALUE_OPTIONS


def test_the_child_parses_what_the_front_end_would(tree: Path) -> None:
    started = early.start(["check", "A.java", "app/db.py"])
    assert started is not None
    try:
        data = (tree / "app" / "db.py").read_bytes()
        got = started.extraction("app/db.py", data, timeout=60)
        assert got == extract("app/db.py", PY)
        assert got is not None and got.candidates
        assert started.extraction("app/db.py", data + b"# changed since\n", timeout=60) is None
        assert started.extraction("A.java", JAVA.encode(), timeout=60) is None  # not a Python file
    finally:
        started.close()


def test_no_child_for_missing_or_large_files(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert early.start(["check", "missing.py"]) is None
    monkeypatch.setattr(early, "MAX_BYTES", len(PY) - 1)
    assert early.start(["check", "app/db.py"]) is None


def test_a_slow_child_is_stopped_and_the_file_in_hand_is_lost(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow(paths: list[str], write: Callable[[object], None], python_only: bool) -> None:
        write(["app/db.py"])
        time.sleep(600)

    monkeypatch.setattr(early, "_parse", slow)
    started = early.start(["check", "app/db.py"])
    assert started is not None
    pid = started.pid
    start = time.monotonic()
    # The first frame (the order) must come within the timeout too: slack for a loaded machine.
    assert started.extraction("app/db.py", PY.encode(), timeout=3) is None
    assert time.monotonic() - start < 60  # did not wait for the child's 600 s
    lost = started.lost("app/db.py")
    assert lost is not None and lost.timed_out
    assert started.pid is None and pid is not None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, 0)  # reaped: no zombie left


def _spin(seconds: float) -> None:
    """Use ``seconds`` of CPU time (a child slowed by a loaded machine, or a parser that loops)."""
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_a_child_busy_past_the_wait_but_within_its_cpu_limit_is_kept(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parse = early._parse

    def busy(paths: list[str], write: Callable[[object], None], python_only: bool) -> None:
        _spin(1.5)  # three waits of 0.5 s, using CPU time in each
        parse(paths, write, python_only)

    monkeypatch.setattr(early, "_parse", busy)
    started = early.start(["check", "app/db.py"])
    assert started is not None
    try:
        got = started.extraction("app/db.py", PY.encode(), timeout=0.5, cpu_limit=60)
        assert got == extract("app/db.py", PY) and started.lost("app/db.py") is None
    finally:
        started.close()


@pytest.mark.parametrize("stalls", [lambda: time.sleep(600), lambda: _spin(600)])
def test_a_child_stuck_or_over_its_cpu_limit_is_stopped(
    tree: Path, monkeypatch: pytest.MonkeyPatch, stalls: Callable[[], None]
) -> None:
    def stuck(paths: list[str], write: Callable[[object], None], python_only: bool) -> None:
        write(["app/db.py"])
        stalls()

    monkeypatch.setattr(early, "_parse", stuck)
    started = early.start(["check", "app/db.py"])
    assert started is not None
    start = time.monotonic()
    # Asleep: no CPU time in a wait of 1 s. Spinning: past 2 s of CPU time.
    assert started.extraction("app/db.py", PY.encode(), timeout=1, cpu_limit=2) is None
    assert time.monotonic() - start < 120  # not the child's 600 s
    lost = started.lost("app/db.py")
    assert lost is not None and lost.timed_out and started.pid is None


def test_a_crash_loses_only_the_file_in_hand(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tree / "app" / "other.py").write_text(PY)

    def crashing(paths: list[str], write: Callable[[object], None], python_only: bool) -> None:
        write(["app/db.py", "app/other.py"])
        os.kill(os.getpid(), signal.SIGSEGV)

    monkeypatch.setattr(early, "_parse", crashing)
    started = early.start(["check", "app/db.py", "app/other.py"])
    assert started is not None
    assert started.extraction("app/db.py", PY.encode(), timeout=60) is None
    lost = started.lost("app/db.py")
    assert lost is not None and "SIGSEGV" in lost.reason and not lost.timed_out
    # The file after it was never in hand: parsed elsewhere, not reported lost.
    assert started.extraction("app/other.py", PY.encode(), timeout=60) is None
    assert started.lost("app/other.py") is None


def test_a_failing_child_leaves_the_parsing_to_the_parent(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(paths: list[str], write: Callable[[object], None], python_only: bool) -> None:
        raise RuntimeError("the child cannot parse")

    monkeypatch.setattr(early, "_parse", broken)
    started = early.start(["check", "app/db.py"])
    assert started is not None
    assert started.extraction("app/db.py", PY.encode(), timeout=60) is None
    assert started.lost("app/db.py") is None


def test_a_run_with_the_child_reports_what_a_run_without_it_does(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [Path("A.java"), Path("app/db.py")]
    reference = run(paths, Config(), jobs=1)
    assert {f.location.path for f in reference.findings} == {"A.java", "app/db.py"}
    used: list[str] = []
    real = early.EarlyChild.extraction

    def spying(
        self: early.EarlyChild, display: str, data: bytes, timeout: float, cpu_limit: float = 0.0
    ) -> object:
        found = real(self, display, data, timeout, cpu_limit)
        used.append(f"{display}: {'child' if found is not None else 'parent'}")
        return found

    monkeypatch.setattr(early.EarlyChild, "extraction", spying)
    started = early.start(["check", "A.java", "app/db.py"])
    assert started is not None
    try:
        report = run(paths, Config(), early=started)
    finally:
        started.close()
    assert used == ["app/db.py: child"]
    assert report == reference


def test_without_python_files_the_child_parses_them_all_and_no_worker_starts(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from connlint import workers

    (tree / "deploy.sh").write_text("mysql --ssl-mode=DISABLED -h db.example.com app\n")
    paths = [Path("A.java"), Path("deploy.sh")]
    reference = run(paths, Config(), jobs=1)
    assert {f.location.path for f in reference.findings} == {"A.java", "deploy.sh"}
    spawned: list[object] = []
    real_spawn = workers.Pool._spawn

    def spawn(self: workers.Pool[object, object]) -> object:
        spawned.append(self)
        return real_spawn(self)

    monkeypatch.setattr(workers.Pool, "_spawn", spawn)
    started = early.start(["check", "A.java", "deploy.sh"])
    assert started is not None and not started.python_only
    try:
        report = run(paths, Config(), early=started)
    finally:
        started.close()
    assert spawned == []
    assert report == reference


def test_close_before_use_stops_the_child(tree: Path) -> None:
    started = early.start(["check", "app/db.py"])
    assert started is not None
    started.close()
    started.close()  # twice is harmless
    assert started.pid is None
    assert started.extraction("app/db.py", PY.encode(), timeout=60) is None
