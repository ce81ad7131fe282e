"""A run's files in worker processes (see :mod:`connlint.workers`): the tasks a
worker is sent and what it answers, the deadlines they run under, and the two
runs that use them: the streamed run of any size (:func:`run_streamed`) and
the run of a few named files beside the early child (:func:`run_early`).
:mod:`connlint.engine` decides which run a command gets.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path

from connlint import budget, gc_pause, warm, workers
from connlint.discover import SourceFile, Walker
from connlint.early import MAX_PATHS, EarlyChild, parses
from connlint.engine import (
    FileResult,
    Progress,
    Report,
    RunSettings,
    _fold,
    _scope,
    _wanted,
    lint_data,
    read_wanted,
    stalled_message,
    timeout_message,
)
from connlint.frontends.kinds import KindName
from connlint.guard import strict
from connlint.lazy import dataclass
from connlint.model import Connection, Notification
from connlint.run_level import anchor_path
from connlint.scope import Scope

#: A worker still busy this long (CPU time) after its file's budget ran out is
#: killed (the cooperative budget stops almost everything well before).
_HARD_GRACE = 1.0
#: How long a worker may use no CPU time (wall-clock), as a multiple of the
#: CPU-time hard deadline (a stuck worker is killed after 1-2 times that).
_WALL_FACTOR = workers.WALL_FACTOR

#: Files the walk may run ahead of the workers: a tree of up to this many files
#: is counted early (the progress line's ETA), a larger one holds no more than
#: this many small records at a time.
_WALK_AHEAD = 20_000
#: Files per prefilter message to a worker (see _Sift).
_SIFT_CHUNK = 64
#: The largest file a chunk's worker lints at once, and the CPU time a chunk
#: may have used before it lints another (see _sift).  A small allowance: at the
#: end of a run the other workers wait for the last chunks, and with 0.25 s
#: percona-docker's wall time was 1.10x that of 0.05 s (farm-bench, 6 pairs),
#: the real-code corpus the same within noise (0.975).
_INLINE_BYTES = 32 * 1024
_INLINE_CPU = 0.05


@dataclass(frozen=True)
class _Task:
    """One file for a worker process to lint: its bytes as the parent read them,
    or None when the worker reads them itself (it prefiltered the file before,
    or the worker that had it in a chunk was lost).
    """

    source: SourceFile
    data: bytes | None = None
    #: The file is known to pass the prefilter (False: sent again alone after
    #: its chunk's worker was lost, not read yet).
    wanted: bool = True


@dataclass(frozen=True)
class _Sift:
    """Files for a worker to read and prefilter, answered with a :class:`_Sifted`.

    The walk's files go to the workers in chunks: reading and prefiltering a
    small file costs less than a pipe round trip, and the parent alone would
    be the bottleneck of a tree where few files pass the prefilter.
    """

    sources: tuple[SourceFile, ...]
    #: Whether the worker lints small files that pass right away (see :func:`_sift`);
    #: not the warming chunk's, whose worker forked before the front-ends were loaded.
    lint: bool = True

    def __reduce__(self) -> tuple[Callable[..., _Sift], tuple[object, ...]]:
        # A Path pickles as its parts, joined again one by one: sent as strings, the
        # walk's chunks unpickle in 0.06 s instead of 0.15 s on the real-code corpus.
        return _unpickle_sift, (tuple((str(s.path), s.display, s.kind) for s in self.sources), self.lint)


def _unpickle_sift(sources: tuple[tuple[str, str, KindName], ...], lint: bool) -> _Sift:
    return _Sift(tuple(SourceFile(Path(path), display, kind) for path, display, kind in sources), lint)


@dataclass(frozen=True)
class _Sifted:
    """Which files of a :class:`_Sift` passed the prefilter and wait for a lint
    task (their positions), and the final results of the others: those that
    could not be read, and those linted in the chunk (bytes are not sent back:
    a file's lint task reads it again, from the page cache).
    """

    wanted: tuple[int, ...]
    results: tuple[FileResult, ...]


@dataclass(frozen=True)
class _Listing:
    """Asks a worker for the by-name search's listing of the run's roots (see
    connlint.servers.bundle_files.names_below), answered with a :class:`_Listed`:
    made while the other workers lint, instead of in the parent after the last file.
    """

    roots: tuple[Path, ...]


@dataclass(frozen=True)
class _Listed:
    """The answer to a :class:`_Listing`: the certificate files below the roots, by name."""

    by_name: dict[str, list[Path]]


_Work = _Task | _Sift | _Listing
_Answer = FileResult | _Sifted | _Listed


def _sent(task: _Work) -> _Work:
    """What the parent keeps of a task a worker has: a file's name, not its bytes."""
    return _Task(task.source, None, task.wanted) if isinstance(task, _Task) else task


def _sift(
    sources: tuple[SourceFile, ...],
    settings: RunSettings,
    lint: Callable[[SourceFile, bytes], FileResult] | None = None,
) -> _Sifted:
    """Read and prefilter a chunk of files; with ``lint``, lint each small file
    that passes at once, while the chunk has used less than _INLINE_CPU.

    A lint task of its own costs a pipe round trip, a second read and a second
    prefilter of the file: on the real-code corpus most files that pass are
    small and take a few milliseconds, less than that.  Large files, and those
    after the chunk's allowance, stay lint tasks: they spread over the workers,
    each under its own deadline.  A chunk whose worker is lost sends each of its
    files again alone (see run_streamed), so a file that crashes or hangs its
    worker is still the only one lost.
    """
    wanted: list[int] = []
    results: list[FileResult] = []
    start = time.process_time()
    for i, source in enumerate(sources):
        data = read_wanted(source, settings)
        if isinstance(data, FileResult):
            if data.notifications:
                results.append(data)
        elif lint is not None and len(data) <= _INLINE_BYTES and time.process_time() - start < _INLINE_CPU:
            results.append(lint(source, data))
        else:
            wanted.append(i)
    return _Sifted(tuple(wanted), tuple(results))


def _worker_lint(settings: RunSettings) -> Callable[[_Work], _Answer]:
    """The function a worker process runs on each task (one Scope per worker)."""
    scope: Scope | None = None

    def lint(source: SourceFile, data: bytes) -> FileResult:
        nonlocal scope
        if scope is None:
            scope = _scope(settings)
        return lint_data(source, data, settings, scope)

    def work(task: _Work) -> _Answer:
        if isinstance(task, _Sift):
            return _sift(task.sources, settings, lint if task.lint else None)
        if isinstance(task, _Listing):
            from connlint.servers.bundle_files import names_below

            return _Listed(names_below(task.roots))
        # Prefiltered in a _Sift before when the parent sent no bytes (the file
        # may have changed since: it is read and prefiltered again).
        data = task.data if task.data is not None else read_wanted(task.source, settings)
        if isinstance(data, FileResult):
            return data
        return lint(task.source, data)

    return work


def hard_limit(settings: RunSettings) -> float | None:
    """The CPU time after which a worker still busy with one file is killed:
    past the cooperative budget, for what no check can stop (a native parser
    that never returns).
    """
    seconds = settings.file_time_budget
    return seconds * 1.25 + _HARD_GRACE if seconds > 0 else None


def wall_limit(settings: RunSettings) -> float | None:
    """The wall-clock time a worker busy with one file may go without using CPU
    time before it is killed (a read that blocks forever uses none): a generous
    multiple of :func:`hard_limit`.  A worker that is slow on a loaded machine
    uses some, and only its CPU time counts.
    """
    limit = hard_limit(settings)
    return limit * _WALL_FACTOR if limit is not None else None


def _pool(settings: RunSettings, size: int) -> workers.Pool[_Work, _Answer]:
    """The worker processes of a run, under the run's hard deadlines."""
    return workers.Pool(_worker_lint(settings), size, hard_limit(settings), _sent, wall_limit(settings))


def lint_in_worker(source: SourceFile, data: bytes, settings: RunSettings) -> FileResult:
    """Lint one file's ``data`` in a worker process of its own (standard input)."""
    with _pool(settings, 1) as pool:
        return _outcome(*next(iter(pool.map([_Task(source, data)]))), settings)


def _outcome(
    task: _Work,
    outcome: _Answer | workers.Lost,
    settings: RunSettings,
    parsed: bool = True,
) -> FileResult:
    """A worker's result for a lint task, or for a file whose worker crashed or
    overran, a notification saying so: never silent.
    """
    if isinstance(outcome, FileResult):
        return outcome
    if not isinstance(task, _Task) or isinstance(outcome, (_Sifted, _Listed)):  # a lint task has a FileResult
        raise TypeError(f"not the outcome of a lint task: {task!r}, {outcome!r}")
    display = task.source.display
    if strict() and not outcome.timed_out:
        raise RuntimeError(f"{display}: {outcome.reason}")
    if outcome.wall_clock:
        message = stalled_message(wall_limit(settings) or 0)
    elif outcome.timed_out:
        message = timeout_message(settings.file_time_budget)
    else:
        message = f"not analysed: {outcome.reason}"
    return FileResult(display, notifications=[Notification(display, message)], parsed=parsed)


@dataclass
class _StreamState:
    """Where a streamed run stands (see run_streamed)."""

    walked: bool = False  # the walk is over
    sifting: int = 0  # chunks handed to the pool and not answered yet
    done: int = 0  # files finished
    #: The first chunk's answer is awaited before any other task (see run_streamed).
    warming: bool = False
    #: The by-name search's listing: None until a worker made it (see _Listing).
    by_name: dict[str, list[Path]] | None = None
    listing_asked: bool = False


def run_streamed(
    walker: Walker, paths: list[Path], settings: RunSettings, report: Report, tick: Progress, size: int
) -> dict[str, list[Path]] | None:
    """The walk streams into ``size`` worker processes: chunks of files to read
    and prefilter, then one lint task for each file that passed.  Returns the
    by-name search's listing of ``paths`` when a connection may need it (see
    :class:`_Listing`).

    Every queue is bounded: the walk runs at most _WALK_AHEAD files ahead, the
    pool takes tasks as workers free up, and lint tasks go before new chunks
    (so the files that passed wait for no more than one chunk per worker).

    With more than one worker, the first chunk goes alone to one worker; the
    front-ends of the kinds that pass in it are loaded here (connlint.warm)
    and that worker, which has only read files, is replaced: every worker then
    forks with them loaded, instead of each loading them for itself.
    """
    walk = iter(walker.walk(paths))
    ahead: deque[SourceFile] = deque()
    lint: deque[_Task] = deque()
    listing: deque[_Listing] = deque()  # asked for once, at the first connection that may need it
    state = _StreamState(warming=size > 1)

    def walk_ahead(most: int) -> None:
        while not state.walked and len(ahead) < _WALK_AHEAD and most > 0:
            try:
                ahead.append(next(walk))
            except StopIteration:
                state.walked = True
            else:
                report.files_seen += 1
                most -= 1

    def tasks() -> Iterator[_Work | None]:
        while True:
            walk_ahead(_SIFT_CHUNK * 4)
            if listing:
                yield listing.popleft()
            elif lint and not state.warming:
                yield lint.popleft()
            elif ahead and not (state.warming and state.sifting):
                most = _SIFT_CHUNK * 4 if state.warming else _SIFT_CHUNK
                chunk = tuple(ahead.popleft() for _ in range(min(most, len(ahead))))
                state.sifting += 1
                yield _Sift(chunk, lint=not state.warming)
            elif state.walked and not state.sifting and not lint:
                return
            else:
                yield None  # waiting for a chunk's answer, which may bring lint tasks

    def fold(result: FileResult) -> None:
        if not state.listing_asked and any(_names_a_bundle(c) for c in result.connections):
            state.listing_asked = True
            from connlint.servers.bundle_files import real_roots

            listing.append(_Listing(real_roots(paths)))
        _fold(report, result)

    with _pool(settings, size) as pool:
        for task, outcome in pool.map(tasks()):
            budget.check()
            if isinstance(task, _Listing):
                if isinstance(outcome, _Listed):  # else (lost) the run level lists the roots itself
                    state.by_name = outcome.by_name
                continue
            if isinstance(task, _Sift):
                state.sifting -= 1
                if isinstance(outcome, _Sifted):
                    for result in outcome.results:
                        fold(result)
                    lint.extend(_Task(task.sources[i]) for i in outcome.wanted)
                    if state.warming and outcome.wanted:
                        warm.warm(task.sources[i].kind for i in outcome.wanted)
                        pool.refresh()  # the worker that sifted it forked before: replaced
                    state.done += len(task.sources) - len(outcome.wanted)
                else:
                    # The worker was lost on the chunk (it crashed, or reading the
                    # chunk outlasted one file's deadline on a loaded machine): each
                    # file goes again alone, so only a file that is itself the
                    # problem is lost, with its own deadline.
                    lint.extend(_Task(source, wanted=False) for source in task.sources)
                state.warming = False
            else:
                fold(_outcome(task, outcome, settings, parsed=task.wanted))
                state.done += 1
            tick(state.done, report.files_seen, state.walked)
    return state.by_name


def _names_a_bundle(connection: Connection) -> bool:
    """Whether finding the bundle ``connection`` names may take the by-name search."""
    from connlint.servers.bundle_files import searched_by_name

    path = anchor_path(connection)
    return path is not None and searched_by_name(path)


def run_early(
    walker: Walker,
    paths: list[Path],
    settings: RunSettings,
    report: Report,
    tick: Progress,
    early: EarlyChild,
    jobs: int | None,
) -> None:
    """A few named files, those the early child parses resolved here: the rest
    go to one worker (the early child already has a CPU) as the walk reads them.
    """
    deferred: list[tuple[SourceFile, bytes]] = []  # resolved here once the walk is done
    size = 1 if jobs is None else max(1, jobs)

    def tasks() -> Iterator[_Task]:
        for source, data in _wanted(walker, paths, settings, report):
            if report.files_seen > MAX_PATHS:  # a named directory: a run of any size
                gc_pause.resume()
            if parses(early, source.kind):
                deferred.append((source, data))
            else:
                yield _Task(source, data)

    done = 0
    with _pool(settings, size) as pool:
        for task, outcome in pool.map(tasks()):
            _fold(report, _outcome(task, outcome, settings))
            done += 1
            tick(done, report.files_seen, False)
        # Resolving the early child's extractions needs no parser; a file it
        # could not parse (it failed, or the file changed) goes to a worker.
        scope = _scope(settings)
        left: list[_Task] = []
        for source, data in deferred:
            # The child has no CPU timer of its own: the parent stops it when it
            # uses no CPU time for the hard limit's length, or more than the hard limit.
            limit = hard_limit(settings) or 0
            extraction = early.extraction(source.display, data, limit, cpu_limit=limit)
            if extraction is not None:
                _fold(report, lint_data(source, data, settings, scope, extraction))
            elif (lost := early.lost(source.display)) is not None:
                _fold(report, _outcome(_Task(source, data), lost, settings))
            else:
                left.append(_Task(source, data))
        for task, outcome in pool.map(left):
            _fold(report, _outcome(task, outcome, settings))
