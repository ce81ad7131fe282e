"""Worker processes (connlint.workers): a task that crashes its process or never
returns loses that task only, is reported, and leaves no process behind.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from connlint import workers
from connlint.config import Config
from connlint.discover import SourceFile
from connlint.engine import run
from connlint.guard import STRICT_ENV

pytestmark = pytest.mark.skipif(not workers.available(), reason="needs fork")


def _work(task: str) -> str:
    if task == "crash":
        os.kill(os.getpid(), signal.SIGSEGV)
    if task == "hang":
        time.sleep(600)  # not cooperative: only the parent's deadline stops it
    if task == "raise":
        raise ValueError("a bug")
    if task == "big":
        return "x" * 5_000_000  # larger than a pipe's buffer: read in pieces
    if task == "spin":  # CPU time: the child's own timer stops it
        start = time.process_time()
        while time.process_time() - start < 60:
            pass
    if task == "wait":  # off the CPU for a while, as on a loaded machine
        time.sleep(1.0)
    if task == "work":  # 1.5 s of CPU time, in bursts with waits between them
        start = time.process_time()
        while time.process_time() - start < 1.5:
            burst = time.process_time()
            while time.process_time() - burst < 0.05:
                pass
            time.sleep(0.05)
    return task.upper()


def _outcomes(
    tasks: list[str], size: int = 2, limit: float | None = 2.0, wall_limit: float | None = None
) -> dict[str, object]:
    with workers.Pool(_work, size, limit, wall_limit=wall_limit) as pool:
        return dict(pool.map(tasks))


def test_results_come_back_for_every_task() -> None:
    tasks = [f"t{i}" for i in range(50)]
    assert _outcomes(tasks) == {t: t.upper() for t in tasks}


def _thresholds(task: str) -> tuple[int, ...]:
    import gc

    return gc.get_threshold()


def test_a_child_collects_cyclic_garbage_less_often_than_python_by_default() -> None:
    import gc

    with workers.Pool(_thresholds, 1, 2.0) as pool:
        [(_, got)] = list(pool.map(["t"]))
    assert got == workers.GC_THRESHOLDS
    assert got[0] > 700
    assert gc.get_threshold() != workers.GC_THRESHOLDS  # the parent's own are left alone


def test_a_crash_loses_only_its_task() -> None:
    got = _outcomes(["a", "crash", "b", "c"])
    lost = got.pop("crash")
    assert isinstance(lost, workers.Lost) and "SIGSEGV" in lost.reason and not lost.timed_out
    assert got == {"a": "A", "b": "B", "c": "C"}


def test_a_task_queued_behind_a_crash_or_a_hang_is_sent_again_not_lost() -> None:
    # One child holds the task in hand and one more waiting in its pipe
    # (workers.QUEUED): the one behind a crash or a hang was never started.
    assert workers.QUEUED == 2
    got = _outcomes(["a", "crash", "b", "c"], size=1)
    assert isinstance(got.pop("crash"), workers.Lost)
    assert got == {"a": "A", "b": "B", "c": "C"}
    got = _outcomes(["hang", "b", "c"], size=1, limit=None, wall_limit=0.5)
    hung = got.pop("hang")
    assert isinstance(hung, workers.Lost) and hung.wall_clock
    assert got == {"b": "B", "c": "C"}


def test_a_child_gone_before_its_next_task_is_written_takes_no_more() -> None:
    # The child dies with a task in hand; the parent, not yet aware, writes the
    # next one to its pipe and fails: that task goes again, and the producer is
    # not drained into the pool meanwhile.
    pulled: list[int] = []

    def produce() -> Iterator[str]:
        yield "crash"
        time.sleep(0.3)  # the child is dead before the next task is written
        for i in range(30):
            pulled.append(i)
            yield f"t{i}"

    with workers.Pool(_work, 1, None) as pool:
        results = pool.map(produce(), read_ahead=2)
        task, first = next(results)
        assert task == "crash" and isinstance(first, workers.Lost)
        assert len(pulled) <= 6
        assert {t: r for t, r in results} == {f"t{i}": f"T{i}" for i in range(30)}


def test_a_task_past_its_wall_clock_deadline_is_killed_and_the_rest_go_on() -> None:
    got = _outcomes(["hang", "a", "b"], size=1, limit=0.5, wall_limit=1.0)
    lost = got.pop("hang")
    assert isinstance(lost, workers.Lost) and lost.timed_out and lost.wall_clock
    assert lost.reason == "used no CPU time for 1 s"
    assert got == {"a": "A", "b": "B"}


def test_a_task_past_its_cpu_time_limit_is_killed_by_its_own_timer() -> None:
    # The wall-clock deadline is far: only the CPU timer can stop the task.
    got = _outcomes(["spin", "a"], size=1, limit=0.3, wall_limit=600)
    lost = got.pop("spin")
    assert isinstance(lost, workers.Lost) and lost.timed_out and not lost.wall_clock
    assert lost.reason == "used more than 0.3 s of CPU time"
    assert got == {"a": "A"}


def test_time_off_the_cpu_does_not_count_against_the_limit() -> None:
    # A loaded machine: the task waits longer than its CPU limit and uses
    # almost none of it.  A wall-clock limit lost such tasks (issue 15).
    assert _outcomes(["wait", "wait2"], size=1, limit=0.3) == {"wait": "WAIT", "wait2": "WAIT2"}


def test_a_slow_task_that_uses_cpu_time_outlives_the_wall_clock_limit() -> None:
    # Slow on a loaded machine is not stuck: a task that keeps using CPU time
    # (here 1.5 s of it, in 3 s or more, under a 20 s CPU limit) is not stopped
    # by a 1 s wall-clock limit, however long it takes.
    assert _outcomes(["work"], size=1, limit=20, wall_limit=1.0) == {"work": "WORK"}


def test_the_wall_clock_deadline_is_a_multiple_of_the_cpu_limit() -> None:
    assert workers.Pool(_work, 1, 2.0)._wall_limit == 2.0 * workers.WALL_FACTOR
    assert workers.Pool(_work, 1, 2.0, wall_limit=5.0)._wall_limit == 5.0
    assert workers.Pool(_work, 1, None)._wall_limit is None


def test_an_exception_in_a_task_is_reported_not_raised() -> None:
    lost = _outcomes(["raise"])["raise"]
    assert isinstance(lost, workers.Lost) and "ValueError: a bug" in lost.reason


def test_a_large_result_arrives_whole() -> None:
    assert _outcomes(["big", "a"]) == {"big": "x" * 5_000_000, "a": "A"}


def test_tasks_are_pulled_as_workers_need_them() -> None:
    pulled: list[int] = []

    def produce() -> Iterator[str]:
        for i in range(20):
            pulled.append(i)
            yield f"t{i}"

    with workers.Pool(_work, 2, None) as pool:
        results = pool.map(produce(), read_ahead=2)
        next(results)
        # Two running, two waiting and the one just pulled: never the whole producer.
        assert len(pulled) <= 6
        assert len(list(results)) == 19


class _Interrupted(Exception):
    pass


def _interrupt(*_: object) -> None:
    raise _Interrupted


def _pid(task: str) -> int:
    return os.getpid()


def test_refresh_ends_idle_children_and_the_next_task_forks_another() -> None:
    with workers.Pool(_pid, 1, 2.0) as pool:
        ((_, first),) = pool.map(["a"])
        pool.refresh()
        assert pool._workers == []
        ((_, second),) = pool.map(["b"])
        with pytest.raises(ChildProcessError):
            os.waitpid(first, 0)  # type: ignore[arg-type]  # reaped by refresh
    assert first != second


def test_leaving_the_pool_kills_every_child() -> None:
    pool: workers.Pool[str, str] = workers.Pool(_work, 2, None)
    results = pool.map(["hang", "hang"])
    # Nothing finishes: stop waiting from outside, as an interrupted run does.
    previous = signal.signal(signal.SIGALRM, _interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        with pytest.raises(_Interrupted):
            next(results)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    pids = [w.pid for w in pool._workers]
    assert len(pids) == 2
    pool.close()
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, 0)  # killed and reaped


# -- through the engine --------------------------------------------------------

CANARY = "spring.datasource.url=jdbc:mysql://db.example.com/app?sslMode=DISABLED\n"
PY = 'import pymysql\n\npymysql.connect(host="db.example.com", ssl_disabled=True)\n'


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(STRICT_ENV, raising=False)
    (tmp_path / "application.properties").write_text(CANARY)
    (tmp_path / "db.py").write_text(PY)
    return tmp_path


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_front_end_that_crashes_its_process_loses_one_file(
    tree: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    from connlint.frontends import python

    monkeypatch.setattr(python, "extract", lambda *_: os.kill(os.getpid(), signal.SIGSEGV))
    report = run([Path(".")], Config(), jobs=jobs)
    assert [(f.location.path, f.rule) for f in report.findings] == [("application.properties", "CL201")]
    assert [(n.path, n.message) for n in report.notifications] == [
        ("db.py", "not analysed: the analysis crashed (SIGSEGV)")
    ]


def _spin(*_: object) -> None:
    """A front-end that never returns and never checks its budget (native code)."""
    start = time.process_time()
    while time.process_time() - start < 120:
        pass


def test_a_front_end_that_never_returns_is_stopped_at_the_hard_deadline(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from connlint.frontends import python

    monkeypatch.setattr(python, "extract", _spin)
    # 1 s, not less: the other file's budget also pays for its worker's first imports.
    report = run([Path(".")], replace(Config(), file_time_budget=1.0))
    assert [f.location.path for f in report.findings] == ["application.properties"]
    assert [n.message for n in report.notifications] == ["not analysed: took longer than the 1 s budget"]


def test_a_front_end_that_waits_forever_is_stopped_at_the_wall_clock_deadline(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from connlint import pooled
    from connlint.frontends import python

    monkeypatch.setattr(python, "extract", lambda *_: time.sleep(600))  # a read that never ends
    monkeypatch.setattr(pooled, "_WALL_FACTOR", 2.0)
    report = run([Path(".")], replace(Config(), file_time_budget=1.0))
    assert [f.location.path for f in report.findings] == ["application.properties"]
    assert [n.message for n in report.notifications] == [
        "not analysed: the analysis used no CPU time for 4.5 s (stuck) and was stopped"
    ]


@pytest.mark.parametrize("forked", [True, False])
def test_a_file_whose_worker_waits_past_its_budget_is_not_lost(
    tree: Path, monkeypatch: pytest.MonkeyPatch, forked: bool
) -> None:
    # A loaded machine (load average 20 on 2 cores lost files to a 60 s
    # wall-clock budget): the worker is off the CPU for longer than the whole
    # budget and its hard deadline, and uses little CPU.  Simulated by a sleep.
    from dataclasses import replace

    from connlint import budget
    from connlint.frontends import python

    extract = python.extract

    def slow_machine(display: str, text: str) -> object:
        time.sleep(2.0)  # 0.3 s budget, hard deadline 1.375 s: both far behind
        budget.check()
        return extract(display, text)

    monkeypatch.setattr(python, "extract", slow_machine)
    if not forked:
        monkeypatch.setattr(workers, "available", lambda: False)
    report = run([Path(".")], replace(Config(), file_time_budget=0.3))
    assert sorted(f.location.path for f in report.findings) == ["application.properties", "db.py"]
    assert report.notifications == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_file_over_the_size_cap_is_said_once_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    from dataclasses import replace

    monkeypatch.chdir(tmp_path)
    (tmp_path / "pom.xml").write_text("<project>" + " " * 5000 + "</project>\n")
    for name in ("A", "B", "C"):
        (tmp_path / f"{name}.java").write_text(
            f'class {name} {{ String u = "jdbc:mysql://db.example.com/app?sslMode=DISABLED"; }}\n'
        )
    report = run([Path(".")], replace(Config(), max_file_size=1000), jobs=jobs)
    assert [f.location.path for f in report.findings] == ["A.java", "B.java", "C.java"]
    said = [n for n in report.notifications if n.path.endswith("pom.xml")]
    assert len(said) == 1 and "size cap" in said[0].message, report.notifications


def test_a_setting_behind_a_false_utf16_mark_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app.properties").write_bytes(b"\xff\xfe\n" + CANARY.encode())
    report = run([Path(".")], Config())
    assert [(f.location.path, f.rule) for f in report.findings] == [("app.properties", "CL201")]
    assert any("UTF-16" in n.message for n in report.notifications)


def test_per_file_ignores_all_ignores_every_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    monkeypatch.chdir(tmp_path)
    (tmp_path / "application.properties").write_text(CANARY)
    config = replace(Config(), per_file_ignores={"*.properties": ("ALL",)})
    assert run([Path(".")], config).findings == []


def test_a_gitignore_with_a_line_git_ignores_does_not_end_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".gitignore").write_text("!\nignored/\n")
    (tmp_path / "ignored").mkdir()
    (tmp_path / "ignored" / "application.properties").write_text(CANARY)
    (tmp_path / "application.properties").write_text(CANARY)
    report = run([Path(".")], Config())
    assert [f.location.path for f in report.findings] == ["application.properties"]


def test_a_source_that_waits_for_results_gets_them_first() -> None:
    # A task source whose next tasks depend on results (the engine's chunks of
    # files to prefilter, then a lint task each) yields None meanwhile.
    results: list[str] = []
    pending = ["a", "b"]
    given: list[str] = []

    def produce() -> Iterator[str | None]:
        while pending or len(results) < len(given):
            if pending:
                task = pending.pop(0)
                given.append(task)
                yield task
            else:
                yield None

    with workers.Pool(_work, 2, None) as pool:
        for task, outcome in pool.map(produce()):
            results.append(str(outcome))
            if task in ("a", "b"):  # each answer brings one more task
                pending.append(task + "x")
    assert sorted(results) == ["A", "AX", "B", "BX"]


# -- streaming through the engine ------------------------------------------------


def _tree_of(root: Path, n: int) -> None:
    for i in range(n):
        text = CANARY if i % 10 == 0 else f"key{i}=value\n"
        (root / f"f{i:03d}.properties").write_text(text)


def test_the_walk_stays_a_bounded_distance_ahead_of_the_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from connlint import pooled

    monkeypatch.chdir(tmp_path)
    _tree_of(tmp_path, 200)
    monkeypatch.setattr(pooled, "_WALK_AHEAD", 10)
    monkeypatch.setattr(pooled, "_SIFT_CHUNK", 4)
    seen: list[tuple[int, int, bool]] = []
    report = run([Path(".")], Config(), jobs=2, progress=lambda *a: seen.append(a))
    assert report.files_seen == 200
    assert [f.location.path for f in report.findings] == [f"f{i:03d}.properties" for i in range(0, 200, 10)]
    # Found but not done: the walk-ahead, a chunk being sifted per worker and
    # waiting, and the lint tasks of one chunk.
    assert max(found - done for done, found, _ in seen) <= 10 + 4 * 4 + 4 * 4
    assert seen[-1] == (200, 200, True)
    assert all(not complete for _, found, complete in seen if found < 200)


@pytest.mark.parametrize(
    ("crashing", "passing", "jobs"),
    [
        ("read_wanted", ("f004",), 2),  # reading f005 crashes its worker
        # Linting it does: small files that pass are linted in their chunk's task
        # (one worker: no first chunk alone, read only, while the parent warms).
        ("lint_data", ("f004", "f005"), 1),
    ],
)
def test_a_worker_lost_on_a_chunk_costs_only_the_file_that_crashed_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, crashing: str, passing: tuple[str, ...], jobs: int
) -> None:
    from connlint import pooled

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(STRICT_ENV, raising=False)
    _tree_of(tmp_path, 12)
    for name in passing:  # in f005's chunk
        (tmp_path / f"{name}.properties").write_text(CANARY)
    monkeypatch.setattr(pooled, "_SIFT_CHUNK", 4)
    monkeypatch.setattr(pooled, "_INLINE_CPU", 10.0)  # the chunk lints f005 however slow the machine
    original = getattr(pooled, crashing)

    def crash_on_f005(source: SourceFile, *args: Any) -> Any:
        if source.display == "f005.properties":
            os.kill(os.getpid(), signal.SIGSEGV)
        return original(source, *args)

    monkeypatch.setattr(pooled, crashing, crash_on_f005)
    report = run([Path(".")], Config(), jobs=jobs)
    # f004..f007 shared the chunk: each went again alone, and only f005 is lost (said).
    assert [f.location.path for f in report.findings] == [
        "f000.properties",
        "f004.properties",
        "f010.properties",
    ]
    assert [(n.path, n.message) for n in report.notifications] == [
        ("f005.properties", "not analysed: the analysis crashed (SIGSEGV)")
    ]
    assert report.files_parsed == 3  # f005 is not known to pass: it was lost before it said


def test_a_chunk_lints_its_small_files_within_its_allowance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from connlint import engine, pooled
    from connlint.discover import Walker

    monkeypatch.chdir(tmp_path)
    _tree_of(tmp_path, 30)
    (tmp_path / "f020.properties").write_text(CANARY + "#" * 100 + "\n")
    sources = tuple(Walker().walk([Path(".")]))
    settings = engine.settings_from_config(Config())
    linted: list[str] = []

    def lint(source: engine.SourceFile, data: bytes) -> engine.FileResult:
        linted.append(source.display)
        return engine.FileResult(source.display, parsed=True)

    monkeypatch.setattr(pooled, "_INLINE_BYTES", len(CANARY.encode()))
    sifted = pooled._sift(sources, settings, lint)
    # The three that pass: the two small ones are linted here, the larger one waits.
    assert linted == ["f000.properties", "f010.properties"]
    assert [sources[i].display for i in sifted.wanted] == ["f020.properties"]
    assert [r.path for r in sifted.results] == linted
    # Past the allowance (none here), every file that passes waits for a task of its own.
    monkeypatch.setattr(pooled, "_INLINE_CPU", 0.0)
    assert len(pooled._sift(sources, settings, lint).wanted) == 3
    assert len(pooled._sift(sources, settings, None).wanted) == 3


def test_a_chunk_past_one_file_deadline_is_not_a_timeout_of_its_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On a loaded machine, reading a chunk of large files can outlast the hard
    # deadline of one file (a small file-time-budget): that is no file's fault.
    from connlint import engine, pooled

    monkeypatch.chdir(tmp_path)
    _tree_of(tmp_path, 8)
    monkeypatch.setattr(pooled, "_SIFT_CHUNK", 4)
    monkeypatch.setattr(pooled, "hard_limit", lambda settings: 2.0)
    monkeypatch.setattr(pooled, "_WALL_FACTOR", 1.0)
    sift = pooled._sift

    def slow_sift(
        sources: tuple[engine.SourceFile, ...], settings: engine.RunSettings, lint: object
    ) -> object:
        time.sleep(30)  # not cooperative: the parent's wall-clock deadline stops it
        return sift(sources, settings, lint)  # type: ignore[arg-type]

    monkeypatch.setattr(pooled, "_sift", slow_sift)
    report = run([Path(".")], Config(), jobs=2)
    assert [f.location.path for f in report.findings] == ["f000.properties"]
    assert report.notifications == []
    assert report.files_seen == 8


@pytest.mark.parametrize("jobs", [1, 2, 8])
def test_streamed_runs_agree_with_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    from connlint import pooled

    monkeypatch.chdir(tmp_path)
    _tree_of(tmp_path, 150)
    (tmp_path / "unreadable.properties").symlink_to(tmp_path / "missing")
    monkeypatch.setattr(pooled, "_SIFT_CHUNK", 7)
    streamed = run([Path(".")], Config(), jobs=jobs)
    monkeypatch.setattr(workers, "available", lambda: False)
    here = run([Path(".")], Config(), jobs=jobs)
    assert streamed == here


def test_a_chunk_crosses_the_pipe_whole() -> None:
    # Sent as strings (see _Sift.__reduce__): a file name that is not UTF-8 too.
    import pickle

    from connlint import engine, pooled

    odd = Path(os.fsdecode(b"/repo/caf\xe9.properties"))
    chunk = pooled._Sift(
        (
            engine.SourceFile(Path("/repo/a b/App.java"), "a b/App.java", "java"),
            engine.SourceFile(odd, "caf\udce9.properties", "properties"),
        ),
        lint=False,
    )
    back = pickle.loads(pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == chunk and isinstance(back.sources[1].path, Path)
