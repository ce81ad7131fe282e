"""The pipeline of one run: discover -> prefilter -> front-end -> clients ->
checks -> suppressions.  Reporters render what :func:`run` returns.

A file that cannot be read, decoded or parsed becomes a notification; it never
stops the run or hides another file's findings.
"""

from __future__ import annotations

import functools
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import field
from pathlib import Path
from stat import S_ISREG
from typing import TYPE_CHECKING

from connlint import budget, gc_pause, memory, prefilter, project, warm, workers
from connlint.catalog import select_rules
from connlint.checks import run_checks
from connlint.checks.findings import FileFacts
from connlint.config import (
    DEFAULT_BUNDLE_EXPIRY_DAYS,
    DEFAULT_FILE_TIME_BUDGET,
    DEFAULT_MAX_FILE_SIZE,
    Config,
)
from connlint.connections import Resolved, resolve_candidates
from connlint.constant_uses import merge_constant_uses
from connlint.decoding import decode
from connlint.discover import SourceFile, Walker
from connlint.early import MAX_PATHS, EarlyChild, parses
from connlint.frontends import FRONTEND_BY_KIND
from connlint.frontends.kinds import OPT_IN_KINDS, KindName
from connlint.guard import internal_error, strict
from connlint.lazy import dataclass
from connlint.model import Assumptions, Connection, Extraction, Finding, Level, Notification, Server
from connlint.run_level import anchor_path, run_level
from connlint.scope import Scope
from connlint.servers.templates import deployed
from connlint.snippets import KnownSecrets, file_secrets, with_snippets
from connlint.suppressions import Ignore, apply_ignores, parse_ignores

#: Most worker processes a run starts by default.
_MAX_WORKERS = 8
#: A worker still busy this long (CPU time) after its file's budget ran out is
#: killed (the cooperative budget stops almost everything well before).
_HARD_GRACE = 1.0
#: How long a worker may use no CPU time (wall-clock), as a multiple of the
#: CPU-time hard deadline (a stuck worker is killed after 1-2 times that).
_WALL_FACTOR = workers.WALL_FACTOR

if TYPE_CHECKING:
    import pathspec

    from connlint.servers.bundles import Bundle


@dataclass
class FileResult:
    """What linting one file produced."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    connections: list[Connection] = field(default_factory=list)
    servers: list[Server] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)
    unused_ignores: list[Ignore] = field(default_factory=list)
    parsed: bool = False


@dataclass
class Report:
    """Everything one run produced, in a deterministic order."""

    findings: list[Finding] = field(default_factory=list)
    connections: list[Connection] = field(default_factory=list)
    #: Database servers declared in infrastructure code (Terraform, CloudFormation, CDK).
    servers: list[Server] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)
    unused_ignores: list[tuple[str, Ignore]] = field(default_factory=list)
    #: The CA bundles connections name that were read from the tree, by (the
    #: connection's file, the trust path as written): see connlint.run_level.
    bundles: dict[tuple[str, str], Bundle] = field(default_factory=dict)
    files_seen: int = 0
    files_parsed: int = 0


@dataclass(frozen=True)
class RunSettings:
    """What every file of a run needs to know (picklable, for worker processes)."""

    selected: frozenset[str]
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    #: The directory per-file-ignores globs are relative to: the configuration
    #: file's (as ruff reads them), or the working directory without one.
    config_root: str | None = None
    assumptions: Assumptions = field(default_factory=Assumptions)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    file_time_budget: float = DEFAULT_FILE_TIME_BUDGET
    bundle_expiry_days: int = DEFAULT_BUNDLE_EXPIRY_DAYS


# A file that took longer than its budget (a BaseException: see budget.Expired).
FileTimeout = budget.Expired


def _matches(rule: str, selector: str) -> bool:
    """A rule selector as `select_rules` reads it: ``ALL`` or a prefix of ids."""
    selector = selector.strip().upper()
    return selector == "ALL" or rule.startswith(selector)


def settings_from_config(config: Config) -> RunSettings:
    """The per-file settings a Config implies."""
    selected = select_rules(config.select, config.ignore, config.extend_select)
    pfi = tuple(
        (glob, frozenset(r for r in selected if any(_matches(r, p) for p in ids)))
        for glob, ids in sorted(config.per_file_ignores.items())
    )
    return RunSettings(
        selected=selected,
        per_file_ignores=pfi,
        config_root=str(config.source.resolve().parent) if config.source is not None else None,
        assumptions=config.assumptions,
        max_file_size=config.max_file_size,
        file_time_budget=config.file_time_budget,
        bundle_expiry_days=config.bundle_expiry_days,
    )


#: The rule of suppression comments that suppress nothing (needs the others' findings first).
UNUSED_SUPPRESSION = "CL304"


def lint_source(
    display: str,
    kind: KindName,
    text: str,
    settings: RunSettings,
    assumptions: Assumptions | None = None,
    extraction: Extraction | None = None,
) -> FileResult:
    """Lint decoded ``text`` of file kind ``kind`` shown as ``display``; its
    front-end's ``extraction`` when it was parsed already (see connlint.early).

    Everything the file costs (parsing, resolution, checks, snippets,
    suppressions) runs inside its time budget.
    """
    result = FileResult(display, parsed=True)
    stage = f"the {kind} front-end"
    try:
        with budget.limited(settings.file_time_budget):
            if extraction is None:
                extraction = FRONTEND_BY_KIND[kind]().extract(display, text)
            stage = "connection resolution"  # each resolver has its own guard (connections.py)
            resolved = resolve_candidates(display, extraction.candidates, assumptions or settings.assumptions)
            stage = "the checks"
            facts = FileFacts(
                display,
                resolved.connections,
                resolved.facts,
                extraction.dependencies,
                servers=extraction.servers,
            )
            selected = settings.selected - ignored_here(display, settings)
            budget.check()
            findings = _with_snippets(run_checks(facts, selected), text, _secrets(extraction, resolved))
            budget.check()
            findings, unused = apply_ignores(findings, parse_ignores(text))
            if unused and UNUSED_SUPPRESSION in selected:
                facts.unused_ignores = unused
                extra = run_checks(facts, frozenset({UNUSED_SUPPRESSION}))
                findings += _with_snippets(extra, text, _secrets(extraction, resolved))
    except budget.Expired:
        result.notifications.append(Notification(display, timeout_message(settings.file_time_budget)))
        return result
    except Exception as exc:  # the one guard around a front-end: a bug loses this file only
        if strict():
            raise
        result.notifications.append(Notification(display, internal_error(stage, exc)))
        return result
    result.notifications += extraction.notifications + resolved.notifications
    result.findings = findings
    result.connections = resolved.connections
    result.servers = extraction.servers
    result.unused_ignores = unused
    return result


def ignored_here(display: str, settings: RunSettings) -> frozenset[str]:
    """The rules per-file-ignores turn off for the file shown as ``display``.

    Globs are gitignore-style (the dialect of ``exclude``) and relative to the
    configuration file's directory, so ``"src/**" = ["CL201"]`` applies
    wherever connlint runs from; a file outside that directory is matched by
    its path as shown.
    """
    if not settings.per_file_ignores:
        return frozenset()
    path = display
    if settings.config_root is not None:
        relative = os.path.relpath(os.path.abspath(display), settings.config_root)
        if not relative.startswith(".." + os.sep) and relative != "..":
            path = relative.replace(os.sep, "/")
    off: set[str] = set()
    for glob, ids in settings.per_file_ignores:
        if _glob_spec(glob).match_file(path):
            off |= ids
    return frozenset(off)


@functools.lru_cache(maxsize=256)
def _glob_spec(glob: str) -> pathspec.GitIgnoreSpec:
    import pathspec  # only runs with per-file-ignores pay for it

    return pathspec.GitIgnoreSpec.from_lines([glob])


def timeout_message(seconds: float) -> str:
    """The notification of a file that ran out of time (its budget is CPU time: see connlint.budget)."""
    return f"not analysed: took longer than the {seconds:g} s budget"


def stalled_message(wall: float) -> str:
    """The notification of a file whose worker used no CPU time for ``wall``
    seconds of wall-clock time (a read or a parse that never ends).
    """
    return f"not analysed: the analysis used no CPU time for {wall:g} s (stuck) and was stopped"


def _secrets(extraction: Extraction, resolved: Resolved) -> KnownSecrets:
    return file_secrets(extraction, resolved)


def _with_snippets(findings: list[Finding], text: str, secrets: KnownSecrets) -> list[Finding]:
    """Attach the masked source line; mask known secrets in messages too."""
    return with_snippets(findings, text, secrets)


def read_wanted(source: SourceFile, settings: RunSettings) -> bytes | FileResult:
    """The bytes of a file worth parsing, or the (final) result of one that is not:
    unreadable, over the size cap, or without a trigger word.
    """
    display = source.display
    try:
        st = os.stat(source.path)
        if not S_ISREG(st.st_mode):  # replaced by a FIFO since discovery: a read could block
            return FileResult(display, notifications=[Notification(display, "not a regular file; skipped")])
        size = st.st_size
        if size > settings.max_file_size:
            return FileResult(
                display,
                notifications=[
                    Notification(
                        display,
                        f"not analysed: {size} bytes is over the {settings.max_file_size} byte size cap",
                    )
                ],
            )
        data = _read_all(source.path, size)
    except OSError as exc:
        return FileResult(display, notifications=[Notification(display, f"cannot read file: {exc.strerror}")])
    if not prefilter.file_wanted(source.kind, data):  # a UTF-16 file's reading too, without a copy
        return FileResult(display)
    return data


def _read_all(path: Path, size: int) -> bytes:
    """The bytes of the file at ``path``, ``size`` long when it was seen: one
    read of them and one that finds the end, without :meth:`Path.read_bytes`'s
    file object (the walk's files are read at 0.17 s instead of 0.25 s CPU on
    the real-code corpus).
    """
    fd = os.open(path, os.O_RDONLY)
    try:
        chunks = [os.read(fd, size + 1)]
        while chunks[-1]:  # a file that grew since, or a short read
            chunks.append(os.read(fd, max(size, 1 << 16)))
    finally:
        os.close(fd)
    return chunks[0] if len(chunks) == 2 else b"".join(chunks)


def lint_data(
    source: SourceFile,
    data: bytes,
    settings: RunSettings,
    scope: Scope,
    extraction: Extraction | None = None,
) -> FileResult:
    """Decode and lint the bytes of one file that passed the prefilter (its
    front-end's ``extraction`` when it was parsed already).
    """
    display = source.display
    size = len(data)
    text, problem = decode(data)
    if text is None:
        return FileResult(display, notifications=[Notification(display, problem or "not text")])
    assumptions = scope.assumptions_for(source.path)
    with project.using(scope.project):
        result = lint_source(display, source.kind, text, settings, assumptions, extraction)
    if problem:
        result.notifications.insert(0, Notification(display, problem))
    # Build files that could not be read for this file's context: said once per Scope.
    result.notifications += scope.take_notifications()
    if size >= memory.TRIM_AFTER_BYTES:
        del text
        memory.release_freed_memory()  # else the process stays as large as its largest file
    return result


def lint_file(source: SourceFile, settings: RunSettings, scope: Scope) -> FileResult:
    """Read, prefilter, decode and lint one file (in this process)."""
    data = read_wanted(source, settings)
    if isinstance(data, FileResult):
        return data
    return lint_data(source, data, settings, scope)


def _scope(settings: RunSettings) -> Scope:
    """A Scope that reads build files under the run's size cap and file budget."""
    return Scope(
        settings.assumptions, max_file_size=settings.max_file_size, file_time_budget=settings.file_time_budget
    )


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
    files again alone (see _run_streamed), so a file that crashes or hangs its
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


def default_jobs() -> int:
    """Worker processes a run may start by default (started as files need them)."""
    return max(1, min(os.cpu_count() or 1, _MAX_WORKERS))


def walker_for(config: Config) -> Walker:
    """The discovery walk of a run: the configuration's exclude patterns applied,
    relative to the configuration file's directory (as ruff reads them).
    """
    patterns = [*config.exclude, *config.extend_exclude]
    excludes = None
    if patterns:
        import pathspec

        excludes = pathspec.GitIgnoreSpec.from_lines(patterns)
    root = config.source.resolve().parent if config.source is not None else None
    opt_in: frozenset[KindName] = frozenset({"runbook"}) if config.runbooks else frozenset()
    return Walker(excludes, exclude_root=root, force_exclude=config.force_exclude, opt_in=opt_in)


#: Files the walk may run ahead of the workers: a tree of up to this many files
#: is counted early (the progress line's ETA), a larger one holds no more than
#: this many small records at a time.
_WALK_AHEAD = 20_000
#: Files per prefilter message to a worker (see _Sift).
_SIFT_CHUNK = 64
#: The largest file a chunk's worker lints at once, and the CPU time a chunk
#: may have used before it lints another (see _sift).
_INLINE_BYTES = 32 * 1024
_INLINE_CPU = 0.25

#: ``progress(done, found, complete)``: files done, files the walk found so far,
#: and whether the walk is over (``found`` is then the total).
Progress = Callable[[int, int, bool], None]


def run(
    paths: Iterable[Path],
    config: Config,
    jobs: int | None = None,
    progress: Progress | None = None,
    early: EarlyChild | None = None,
) -> Report:
    """Lint ``paths`` with ``config``; the Report is sorted and deterministic.

    ``progress(done, found, complete)`` is called as files complete (see
    :data:`Progress`).  ``early`` holds named files already being parsed (see
    :mod:`connlint.early`).

    Each file's result is folded into the Report as it comes (what the report
    keeps: findings, connections, servers, notifications), so memory does not
    grow with the files that report nothing.
    """
    settings = settings_from_config(config)
    walker = walker_for(config)
    paths = list(paths)
    report = Report()
    by_name: dict[str, list[Path]] | None = None  # see _Listing
    tick = progress or _no_progress
    tick(0, 0, False)
    if early is None:
        # A run of any size: the garbage collector back on (connlint.gc_pause);
        # with the early child, a few named files (see _run_early).
        gc_pause.resume()
    if not workers.available():
        _run_here(walker, paths, settings, report, tick, early)
    elif early is not None:
        _run_early(walker, paths, settings, report, tick, early, jobs)
    else:
        size = default_jobs() if jobs is None else max(1, jobs)
        by_name = _run_streamed(walker, paths, settings, report, tick, size)
    report.notifications.extend(walker.notifications)
    report.findings.sort(key=lambda f: (f.location, f.rule, f.message))
    report.connections.sort(key=lambda c: (c.location, c.client, c.decided_at))
    report.servers.sort(key=lambda s: (s.location, s.name))
    # A Terraform module read through its calls is a template, not a server itself.
    report.servers, report.findings = deployed(report.servers, report.findings)
    # Each worker reads build files with a Scope of its own: one problem, said once.
    report.notifications = sorted(set(report.notifications), key=lambda n: (n.path, n.line or 0, n.message))
    report.unused_ignores.sort(key=lambda pi: (pi[0], pi[1].line))
    # A URL constant another file's connection came through is that connection (issue 16).
    merge_constant_uses(report)
    # Checks that need every file's results: clients joined to servers, named CA bundles.
    run_level(report, settings, paths, by_name=by_name)
    return report


def _no_progress(done: int, found: int, complete: bool) -> None:
    pass


def _fold(report: Report, result: FileResult) -> None:
    """Add one file's result to the report (the FileResult itself is dropped)."""
    report.findings.extend(result.findings)
    report.connections.extend(result.connections)
    report.servers.extend(result.servers)
    report.notifications.extend(result.notifications)
    report.unused_ignores.extend((result.path, i) for i in result.unused_ignores)
    report.files_parsed += result.parsed


@dataclass
class _StreamState:
    """Where a streamed run stands (see _run_streamed)."""

    walked: bool = False  # the walk is over
    sifting: int = 0  # chunks handed to the pool and not answered yet
    done: int = 0  # files finished
    #: The first chunk's answer is awaited before any other task (see _run_streamed).
    warming: bool = False
    #: The by-name search's listing: None until a worker made it (see _Listing).
    by_name: dict[str, list[Path]] | None = None
    listing_asked: bool = False


def _run_streamed(
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


def _wanted(
    walker: Walker, paths: list[Path], settings: RunSettings, report: Report
) -> Iterator[tuple[SourceFile, bytes]]:
    """The files that pass the prefilter, read and prefiltered in this process
    (nothing is kept of those that do not).
    """
    for source in walker.walk(paths):
        report.files_seen += 1
        data = read_wanted(source, settings)
        if isinstance(data, FileResult):
            if data.notifications:
                _fold(report, data)
        else:
            yield source, data


def _run_early(
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


def _run_here(
    walker: Walker,
    paths: list[Path],
    settings: RunSettings,
    report: Report,
    tick: Progress,
    early: EarlyChild | None,
) -> None:
    """No fork here: every file in this process, with the cooperative budget only."""
    scope = _scope(settings)
    deferred: list[tuple[SourceFile, bytes]] = []
    done = 0
    for source, data in _wanted(walker, paths, settings, report):
        if parses(early, source.kind):
            deferred.append((source, data))
            continue
        _fold(report, lint_data(source, data, settings, scope))
        done += 1
        tick(done, report.files_seen, False)
    for source, data in deferred:
        extraction = early.extraction(source.display, data, 0) if early is not None else None
        _fold(report, lint_data(source, data, settings, scope, extraction))


def lint_text(
    text: str, kind: KindName, path: str = "snippet", select: Iterable[str] | None = None
) -> list[Finding]:
    """Lint a snippet of file kind ``kind`` (tests and the help-example check use it)."""
    selected = select_rules(tuple(select) if select is not None else None, (), ())
    settings = RunSettings(selected=selected, file_time_budget=0)
    return lint_source(path, kind, text, settings).findings


def worst_level(findings: Iterable[Finding]) -> Level | None:
    """The highest level among unsuppressed findings, or None."""
    worst: Level | None = None
    for f in findings:
        if f.suppressed is None and (worst is None or f.level.rank > worst.rank):
            worst = f.level
    return worst


def lint_stdin(data: bytes, filename: str, config: Config) -> Report:
    """Lint ``data`` read from standard input as if it were the file ``filename``."""
    from pathlib import PurePosixPath

    from connlint.discover import classify

    settings = settings_from_config(config)
    display = PurePosixPath(filename.replace(os.sep, "/")).as_posix()
    report = Report(files_seen=1)
    kind = classify(PurePosixPath(display), data[:128])
    if kind in OPT_IN_KINDS and not config.runbooks:
        kind = None  # documentation: read only when the run asks for it
    if kind is None or kind not in FRONTEND_BY_KIND:
        report.notifications.append(
            Notification(display, "not a kind of file connlint reads; nothing was linted")
        )
        return report
    task = _Task(SourceFile(Path(os.path.abspath(filename)), display, kind), data)
    if workers.available():
        with _pool(settings, 1) as pool:
            result = _outcome(*next(iter(pool.map([task]))), settings)
    else:
        result = lint_data(task.source, data, settings, _scope(settings))
    report.findings = sorted(result.findings, key=lambda f: (f.location, f.rule, f.message))
    report.connections = result.connections
    report.servers = result.servers
    report.notifications.extend(result.notifications)
    report.unused_ignores = [(display, i) for i in result.unused_ignores]
    report.files_parsed = int(result.parsed)
    run_level(report, settings, [Path.cwd()])
    return report
