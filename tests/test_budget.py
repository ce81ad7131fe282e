"""The time budget reaches into tree-sitter, which a signal cannot interrupt."""

from __future__ import annotations

import time
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connlint import budget
from connlint.budget import parse_tree
from connlint.engine import RunSettings, lint_source
from connlint.frontends import java, shell_parse
from strategies import SOURCE_TEXT

BIG_SHELL = "mysql -h db.example.com --ssl-mode=REQUIRED -e 'select 1' | tee -a log.txt\n" * 120_000
BIG_JAVA = "class A {\n" + 'String u = "jdbc:mysql://db/x?sslMode=REQUIRED";\n' * 150_000 + "}\n"


@pytest.mark.parametrize(("kind", "text"), [("shell", BIG_SHELL), ("java", BIG_JAVA)])
def test_tree_sitter_parse_stops_at_the_budget(kind: str, text: str) -> None:
    settings = RunSettings(selected=frozenset({"CL202"}), file_time_budget=0.2)
    # CPU time, not wall time: other processes on a loaded machine do not count.
    start = time.process_time()
    result = lint_source("big", kind, text, settings)
    assert time.process_time() - start < 6.0  # the whole parse takes far longer: cancelled, not finished
    assert result.findings == []
    assert "took longer than the 0.2 s budget" in result.notifications[0].message


@pytest.mark.parametrize(("kind", "text"), [("shell", BIG_SHELL), ("java", BIG_JAVA)])
def test_the_file_after_a_cancelled_parse_gets_its_own_tree(kind: str, text: str) -> None:
    # tree-sitter resumes a cancelled parse on the parser's next call unless it
    # is reset; the cached parser would then read the big file's bytes.
    small = {
        "java": 'class B { String u = "jdbc:mysql://db/x?sslMode=DISABLED"; }\n',
        "shell": "mysql -h db.example.com --ssl-mode=DISABLED -e 'select 1'\n",
    }[kind]
    settings = RunSettings(selected=frozenset({"CL201"}))
    expected = [(f.rule, f.location.line) for f in lint_source("small", kind, small, settings).findings]
    assert expected == [("CL201", 1)]
    budget.start(1e-9)  # spent before the first progress callback: cancelled at once
    try:
        with pytest.raises(budget.Expired):
            if kind == "java":
                parse_tree(java._parser(), text.encode())
            else:
                shell_parse.parse(text.encode())
    finally:
        budget.stop()
    after = [(f.rule, f.location.line) for f in lint_source("small", kind, small, settings).findings]
    assert after == expected


def test_the_budget_is_cooperative_and_installs_no_signal_handler() -> None:
    # An exception raised from a signal handler can land in a gc callback or a
    # library's finally block; the budget only ever raises from budget.check().
    import signal

    before = signal.getsignal(signal.SIGALRM)
    seen: list[object] = []
    settings = RunSettings(selected=frozenset({"CL201"}), file_time_budget=0.05)
    real_check = budget.check

    def watching_check() -> None:
        seen.append(signal.getsignal(signal.SIGALRM))
        real_check()

    budget.check = watching_check  # type: ignore[assignment]
    try:
        lint_source("small", "shell", "mysql -h db.example.com --ssl-mode=DISABLED\n", settings)
    finally:
        budget.check = real_check  # type: ignore[assignment]
    assert seen and all(handler == before for handler in seen)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_check_raises_only_after_the_deadline_and_limited_restores_the_outer_budget() -> None:
    budget.check()  # no budget: never raises
    with budget.limited(60):
        budget.check()
        with budget.limited(1e-9):
            time.sleep(0.01)
            with pytest.raises(budget.Expired):
                budget.check()
        budget.check()  # the outer minute is back
    assert not budget.expired()


def test_a_budgeted_parse_reads_the_file_without_copying_it() -> None:
    # The parser keeps every chunk it read until the parse ends: sliced
    # copies added up to a second copy of the file (5 MB traced here).
    data = b'class A { String u = "' + b"x" * 5_000_000 + b'"; }\n'
    parser = java._parser()
    parse_tree(parser, b"class B {}\n")
    with budget.limited(300):
        tracemalloc.start()
        try:
            tree = parse_tree(parser, data)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert not tree.root_node.has_error
    assert peak < 1_000_000


@settings(max_examples=50)
@given(SOURCE_TEXT, st.sampled_from(["java", "shell"]), st.integers(4, 9))
def test_a_budgeted_parse_gives_the_tree_of_a_whole_parse(text: str, kind: str, chunk: int) -> None:
    if kind == "shell":
        shell_parse.parse(b"")  # creates the parser
    parser = java._parser() if kind == "java" else shell_parse._PARSER
    data = text.encode("utf-8", "surrogatepass")
    whole = str(parser.parse(data).root_node)
    saved = budget._CHUNK
    # Tokens across chunk boundaries.  (A chunk of fewer than 4 bytes can end
    # in a character tree-sitter cannot decode: it then asks for a chunk at
    # that character, which holds 4 bytes with any real size.)
    budget._CHUNK = chunk
    try:
        with budget.limited(300):
            chunked = parse_tree(parser, data)
    finally:
        budget._CHUNK = saved
    assert str(chunked.root_node) == whole


def test_a_paused_budget_does_not_charge_the_block(monkeypatch: pytest.MonkeyPatch) -> None:
    """A build-file lookup made while a file is linted is not charged to that file."""
    cpu, wall = [1000.0], [5000.0]
    monkeypatch.setattr(budget.time, "process_time", lambda: cpu[0])
    monkeypatch.setattr(budget.time, "monotonic", lambda: wall[0])

    def spend(seconds: float) -> None:  # CPU time is also wall time
        cpu[0] += seconds
        wall[0] += seconds

    with budget.limited(2):
        spend(1)
        with budget.paused():
            assert budget._deadline is None
            spend(30)  # the lookup
        assert not budget.expired()  # 1 s of the file's own 2 s spent
        spend(1.5)
        assert budget.expired()
    assert budget._deadline is None


# -- CPU time, not wall-clock time (issue 15: files lost at load average 20) ----


def test_time_the_process_waits_is_not_charged() -> None:
    # A loaded machine: the process is off the CPU (here: asleep) for longer
    # than its budget, and spends almost none of it.
    with budget.limited(0.2):
        time.sleep(0.5)
        budget.check()
        assert not budget.expired()


def test_cpu_time_spent_expires_the_budget() -> None:
    start = time.process_time()
    with budget.limited(0.05):
        while not budget.expired():
            assert time.process_time() - start < 30, "the budget never ran out"
        with pytest.raises(budget.Expired):
            budget.check()
    assert time.process_time() - start >= 0.05


def _clocks(monkeypatch: pytest.MonkeyPatch) -> tuple[list[float], list[float], list[int]]:
    """Fake process and monotonic clocks, and how often the process clock was read."""
    cpu, wall, reads = [100.0], [500.0], [0]

    def process_time() -> float:
        reads[0] += 1
        return cpu[0]

    monkeypatch.setattr(budget.time, "process_time", process_time)
    monkeypatch.setattr(budget.time, "monotonic", lambda: wall[0])
    return cpu, wall, reads


def test_the_process_clock_is_read_only_once_the_budget_could_be_spent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Reading the process clock is a system call; check() runs in hot loops.
    cpu, wall, reads = _clocks(monkeypatch)
    with budget.limited(10):
        reads[0] = 0
        for _ in range(1000):
            cpu[0] += 0.005
            wall[0] += 0.005
            budget.check()
        assert reads[0] == 0  # 5 s of 10: the budget cannot be spent yet
        wall[0] += 20  # 20 s off the CPU (a loaded machine): the clock is read, once
        budget.check()
        assert reads[0] == 1
        for _ in range(100):  # the 5 s left are not spent in 4 s of wall-clock time
            wall[0] += 0.04
            cpu[0] += 0.04
            budget.check()
        assert reads[0] == 1
        cpu[0] += 2
        wall[0] += 2
        with pytest.raises(budget.Expired):
            budget.check()


@settings(max_examples=200)
@given(st.lists(st.tuples(st.floats(0, 3), st.floats(0, 1)), max_size=40), st.floats(0.1, 20))
def test_expired_is_exactly_cpu_time_past_the_budget(
    steps: list[tuple[float, float]], seconds: float
) -> None:
    # Whatever the wall clock does (waits of any length, CPU never faster than
    # it), the answer is the process clock's: the gate only saves reads.
    cpu, wall = [100.0], [500.0]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(budget.time, "process_time", lambda: cpu[0])
        mp.setattr(budget.time, "monotonic", lambda: wall[0])
        with budget.limited(seconds):
            for waited, share in steps:
                wall[0] += waited
                cpu[0] += waited * share
                assert budget.expired() == (cpu[0] - 100.0 > seconds)
