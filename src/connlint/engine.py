"""The pipeline of one run: discover -> prefilter -> front-end -> clients ->
checks -> suppressions.  Reporters render what :func:`run` returns.

A file that cannot be read, decoded or parsed becomes a notification; it never
stops the run or hides another file's findings.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import field
from pathlib import Path
from stat import S_ISREG
from typing import TYPE_CHECKING

from connlint import budget, gc_pause, memory, prefilter, project, workers
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
from connlint.early import EarlyChild, parses
from connlint.frontends import FRONTEND_BY_KIND
from connlint.frontends.kinds import OPT_IN_KINDS, KindName
from connlint.guard import internal_error, strict
from connlint.lazy import dataclass
from connlint.model import Assumptions, Connection, Extraction, Finding, Level, Notification, Server
from connlint.run_level import run_level
from connlint.scope import Scope
from connlint.servers.templates import deployed
from connlint.snippets import KnownSecrets, file_secrets, with_snippets
from connlint.suppressions import Ignore, apply_ignores, parse_ignores

#: Most worker processes a run starts by default.
_MAX_WORKERS = 8

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
        # Exactly ``size`` first: a read of more is shrunk to what came, a second
        # allocation of the whole file (test_memory).
        chunks = [os.read(fd, size)] if size else []
        while more := os.read(fd, 1 << 16):  # a file that grew since
            chunks.append(more)
    finally:
        os.close(fd)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


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
        # with the early child, a few named files (see connlint.pooled.run_early).
        gc_pause.resume()
    if not workers.available():
        _run_here(walker, paths, settings, report, tick, early)
    elif early is not None:
        from connlint.pooled import run_early

        run_early(walker, paths, settings, report, tick, early, jobs)
    else:
        from connlint.pooled import run_streamed

        size = default_jobs() if jobs is None else max(1, jobs)
        by_name = run_streamed(walker, paths, settings, report, tick, size)
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
    source = SourceFile(Path(os.path.abspath(filename)), display, kind)
    if workers.available():
        from connlint.pooled import lint_in_worker

        result = lint_in_worker(source, data, settings)
    else:
        result = lint_data(source, data, settings, _scope(settings))
    report.findings = sorted(result.findings, key=lambda f: (f.location, f.rule, f.message))
    report.connections = result.connections
    report.servers = result.servers
    report.notifications.extend(result.notifications)
    report.unused_ignores = [(display, i) for i in result.unused_ignores]
    report.files_parsed = int(result.parsed)
    run_level(report, settings, [Path.cwd()])
    return report
