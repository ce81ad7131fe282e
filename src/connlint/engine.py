"""The pipeline of one run: discover -> prefilter -> front-end -> clients ->
checks -> suppressions.  Reporters render what :func:`run` returns.

A file that cannot be read, decoded or parsed becomes a notification; it never
stops the run or hides another file's findings.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from fnmatch import fnmatch
from pathlib import Path
from stat import S_ISREG
from types import FrameType
from typing import Any

from connlint import budget, forked, memory, prefilter
from connlint.catalog import load_catalog, select_rules
from connlint.checks import run_checks
from connlint.checks.findings import FileFacts
from connlint.clients import RESOLVER_BY_CLIENT
from connlint.config import DEFAULT_FILE_TIME_BUDGET, Config
from connlint.connections import Resolved, resolve_candidates
from connlint.decoding import decode
from connlint.discover import SourceFile, Walker
from connlint.early import EarlyPython
from connlint.frontends import FRONTEND_BY_KIND
from connlint.model import Assumptions, Client, Connection, Extraction, Finding, Level, Notification, Secret
from connlint.redact import redact, redact_known
from connlint.scope import Scope
from connlint.suppressions import Ignore, apply_ignores, parse_ignores

# Below this many files (or bytes) passing the prefilter, a process pool costs
# more than it saves.
_POOL_MIN_FILES = 40
_POOL_MIN_BYTES = 2_000_000
# Front-ends whose parser takes long to import (libcst: ~200 ms, most of a small
# run): in a small run that has other files too, they are linted in a forked
# process, so that the import overlaps the rest of the run.
_SLOW_IMPORT_KINDS = frozenset({"python"})


@dataclass
class FileResult:
    """What linting one file produced."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    connections: list[Connection] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)
    unused_ignores: list[Ignore] = field(default_factory=list)
    parsed: bool = False


@dataclass
class Report:
    """Everything one run produced, in a deterministic order."""

    findings: list[Finding] = field(default_factory=list)
    connections: list[Connection] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)
    unused_ignores: list[tuple[str, Ignore]] = field(default_factory=list)
    files_seen: int = 0
    files_parsed: int = 0


@dataclass(frozen=True)
class RunSettings:
    """What every file of a run needs to know (picklable, for worker processes)."""

    selected: frozenset[str]
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    assumptions: Assumptions = field(default_factory=Assumptions)
    max_file_size: int = 10 * 1024 * 1024
    file_time_budget: float = DEFAULT_FILE_TIME_BUDGET


# A file that took longer than its budget (a BaseException: see budget.Expired).
FileTimeout = budget.Expired


def settings_from_config(config: Config) -> RunSettings:
    """The per-file settings a Config implies."""
    selected = select_rules(config.select, config.ignore, config.extend_select)
    pfi = tuple(
        (glob, frozenset(r for r in selected if any(r.startswith(p.upper()) for p in ids)))
        for glob, ids in sorted(config.per_file_ignores.items())
    )
    return RunSettings(
        selected=selected,
        per_file_ignores=pfi,
        assumptions=config.assumptions,
        max_file_size=config.max_file_size,
        file_time_budget=config.file_time_budget,
    )


#: After the budget, the alarm fires again at this interval until the block is
#: left: Python drops an exception raised inside a ``__del__`` or a gc callback
#: ("Exception ignored in …"), and one dropped alarm must not lift the budget.
_REFIRE_SECONDS = 0.25


class _TimeLimit:
    """Raise FileTimeout in the block after ``seconds``: by SIGALRM for Python
    code (main thread on POSIX), and through budget.parse_tree for tree-sitter.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.previous: Any = None
        self.armed = False

    def __enter__(self) -> None:
        budget.start(self.seconds)
        if (
            self.seconds > 0
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        ):
            self.previous = signal.signal(signal.SIGALRM, _expired)
            self.armed = True
            signal.setitimer(signal.ITIMER_REAL, self.seconds, _REFIRE_SECONDS)

    def __exit__(self, *exc_info: object) -> None:
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
            self.armed = False
        budget.stop()


def _expired(signum: int, frame: FrameType | None) -> None:
    # An alarm handled while the limit is being lifted (in lint_source, or in
    # __exit__ itself) must not cut that short: the file has already stopped.
    if frame is not None and frame.f_code in _LIFTING:
        return
    raise FileTimeout


def lint_source(
    display: str,
    kind: str,
    text: str,
    settings: RunSettings,
    assumptions: Assumptions | None = None,
    extraction: Extraction | None = None,
) -> FileResult:
    """Lint decoded ``text`` of file kind ``kind`` shown as ``display``; its
    front-end's ``extraction`` when it was parsed already (see connlint.early).
    """
    result = FileResult(display, parsed=True)
    try:
        with _TimeLimit(settings.file_time_budget):
            if extraction is None:
                extraction = FRONTEND_BY_KIND[kind]().extract(display, text)
            resolved = resolve_candidates(display, extraction.candidates, assumptions or settings.assumptions)
    except FileTimeout:
        result.notifications.append(
            Notification(
                display, f"not analysed: took longer than the {settings.file_time_budget:g} s budget"
            )
        )
        return result
    except Exception as exc:  # a front-end bug must not stop the run
        result.notifications.append(Notification(display, f"internal error: {type(exc).__name__}: {exc}"))
        return result
    result.notifications += extraction.notifications + resolved.notifications
    facts = FileFacts(display, resolved.connections, resolved.facts, extraction.dependencies)
    selected = settings.selected
    for glob, ids in settings.per_file_ignores:
        if fnmatch(display, glob) or fnmatch(Path(display).name, glob):
            selected = selected - ids
    findings = _with_snippets(run_checks(facts, selected), text, _secrets(extraction, resolved))
    findings, unused = apply_ignores(findings, parse_ignores(text))
    result.findings = findings
    result.connections = resolved.connections
    result.unused_ignores = unused
    return result


#: The frames in which an alarm is not raised (see _expired): the code that
#: enters and leaves the limit, where every alarm is either early (it fires
#: again) or late (the file has stopped already).
_LIFTING = frozenset({_TimeLimit.__exit__.__code__, lint_source.__code__})


def _secrets(extraction: Extraction, resolved: Resolved) -> set[str]:
    found = {
        s.value.reveal() for c in extraction.candidates for s in c.settings if isinstance(s.value, Secret)
    }
    facts = resolved.facts + [f for c in resolved.connections for f in c.facts]
    found |= {f.value.reveal() for f in facts if isinstance(f.value, Secret)}
    return found


def _with_snippets(findings: list[Finding], text: str, secrets: set[str]) -> list[Finding]:
    """Attach the redacted source line; mask known secrets in messages too."""
    if not findings:
        return findings
    lines = text.split("\n")
    catalog = load_catalog()
    out = []
    for f in findings:
        index = f.location.line - 1
        snippet = redact(lines[index], secrets) if 0 <= index < len(lines) else None
        # A secret that is also a word of the message template (a test password
        # "password") is not masked in the message: values there are already
        # redacted by type, and masking would garble the sentence.
        template = catalog[f.rule].message
        message = redact_known(f.message, {x for x in secrets if x not in template})
        out.append(replace(f, snippet=snippet, message=message))
    return out


def read_wanted(source: SourceFile, settings: RunSettings) -> bytes | FileResult:
    """The bytes of a file worth parsing, or the (final) result of one that is not:
    unreadable, over the size cap, or without a trigger word.
    """
    display = source.display
    try:
        st = source.path.stat()
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
        data = source.path.read_bytes()
    except OSError as exc:
        return FileResult(display, notifications=[Notification(display, f"cannot read file: {exc.strerror}")])
    scan = data
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: scan the text, not its bytes
        scan = data.decode("utf-16", errors="replace").encode("utf-8")
    if not prefilter.wanted(source.kind, scan):
        return FileResult(display)
    return data


def lint_data(
    source: SourceFile, data: bytes, settings: RunSettings, scope: Scope, early: EarlyPython | None = None
) -> FileResult:
    """Decode and lint the bytes of one file that passed the prefilter."""
    display = source.display
    text, problem = decode(data)
    if text is None:
        return FileResult(display, notifications=[Notification(display, problem or "not text")])
    extraction = None
    if early is not None and source.kind == "python":
        extraction = early.extraction(display, data, settings.file_time_budget)
    assumptions = scope.assumptions_for(source.path)
    result = lint_source(display, source.kind, text, settings, assumptions, extraction)
    if problem:
        result.notifications.insert(0, Notification(display, problem))
    return result


def lint_file(
    source: SourceFile, settings: RunSettings, scope: Scope, early: EarlyPython | None = None
) -> FileResult:
    """Read, prefilter, decode and lint one file."""
    data = read_wanted(source, settings)
    if isinstance(data, FileResult):
        return data
    size = len(data)
    result = lint_data(source, data, settings, scope, early)
    if size >= memory.TRIM_AFTER_BYTES:
        del data
        memory.release_freed_memory()  # else the process stays as large as its largest file
    return result


_worker_scope: Scope | None = None


def _lint_in_worker(source: SourceFile, settings: RunSettings) -> FileResult:
    global _worker_scope
    if _worker_scope is None:
        _worker_scope = Scope(settings.assumptions)
    return lint_file(source, settings, _worker_scope)


def _fork_wanted() -> bool:
    """True where a forked child can overlap the slow import: forking is safe
    and pays (see forked.can_fork), and the parser is not imported yet.
    """
    import sys

    return forked.can_fork() and "libcst" not in sys.modules


def _lint_aside(
    sources: list[SourceFile], settings: RunSettings
) -> Callable[[Scope], list[FileResult]] | None:
    """Start linting ``sources`` in a forked child; return the function that waits
    for its results, or None where forking is not wanted (one CPU, not Linux,
    the parser already imported).

    The results are the same as linting in this process: if the child fails,
    the waiting function lints the files here instead.
    """
    if not _fork_wanted():
        return None

    def lint_there() -> list[FileResult]:
        scope = Scope(settings.assumptions)
        return [lint_file(src, settings, scope) for src in sources]

    child = forked.fork_call(lint_there)

    def wait(scope: Scope) -> list[FileResult]:
        results: list[FileResult] | None = child.result()
        if results is None:
            results = [lint_file(src, settings, scope) for src in sources]
        return results

    return wait


def default_jobs(n_wanted: int, wanted_bytes: int) -> int:
    """Worker processes for the files that passed the prefilter: a pool only
    pays for its start-up (and a libcst import per worker) on a large scan.
    """
    if n_wanted < _POOL_MIN_FILES and wanted_bytes < _POOL_MIN_BYTES:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def run(
    paths: Iterable[Path],
    config: Config,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    early: EarlyPython | None = None,
) -> Report:
    """Lint ``paths`` with ``config``; the Report is sorted and deterministic.

    ``progress(done, total)`` is called as files complete (for a progress bar);
    ``total`` is 0 while the number of files is not known yet.  ``early`` holds
    Python files already being parsed (see :mod:`connlint.early`).
    """
    settings = settings_from_config(config)
    patterns = [*config.exclude, *config.extend_exclude]
    excludes = None
    if patterns:
        import pathspec

        excludes = pathspec.GitIgnoreSpec.from_lines(patterns)
    walker = Walker(excludes)
    # Files are linted (or prefiltered) as the walk finds them: nothing is kept
    # of the ~99 % that hold no trigger word, so memory does not grow with the tree.
    report = Report()
    results: list[FileResult] = []
    if jobs == 1:
        # One process: each file is read once and linted at once.
        scope = Scope(settings.assumptions)
        for done, source in enumerate(walker.walk(paths), start=1):
            report.files_seen = done
            result = lint_file(source, settings, scope, early)
            if result.parsed or result.notifications:
                results.append(result)
            if progress and done % 500 == 0:
                progress(done, 0)
    else:
        # The parent reads and prefilters (cheap; about 99 % of files stop here)
        # and keeps only the names and sizes of the rest, so its memory does not
        # grow with the corpus; workers re-read those few files, largest first,
        # so that one big file does not leave the other workers idle at the end.
        wanted: list[tuple[int, SourceFile]] = []
        for done, source in enumerate(walker.walk(paths), start=1):
            report.files_seen = done
            data = read_wanted(source, settings)
            if isinstance(data, FileResult):
                if data.notifications:  # most files: nothing to keep
                    results.append(data)
            else:
                wanted.append((len(data), source))
        wanted.sort(key=lambda ws: (-ws[0], ws[1].display))
        total = len(wanted)
        n_jobs = default_jobs(total, sum(n for n, _ in wanted)) if jobs is None else max(1, jobs)
        if n_jobs > 1 and total > 1:
            if early is not None:
                early.close()  # the pool parses everything anyway
            from concurrent.futures import ProcessPoolExecutor  # only large scans pay for it

            with ProcessPoolExecutor(max_workers=min(n_jobs, total)) as pool:
                futures = [pool.submit(_lint_in_worker, src, settings) for _, src in wanted]
                for done, future in enumerate(futures, start=1):
                    results.append(future.result())
                    if progress:
                        progress(done, total)
        else:
            inline = [src for _, src in wanted]
            aside = None
            if early is not None:
                # Python files last, the early child has had the most time by
                # then; their resolver is imported first, while the child parses.
                inline.sort(key=lambda src: src.kind == "python")
                if inline and inline[-1].kind == "python":
                    RESOLVER_BY_CLIENT[Client.PYTHON]()
            elif jobs is None:
                slow = [src for src in inline if src.kind in _SLOW_IMPORT_KINDS]
                if slow and len(slow) < len(inline):
                    aside = _lint_aside(slow, settings)
                    if aside is not None:
                        inline = [src for src in inline if src.kind not in _SLOW_IMPORT_KINDS]
            scope = Scope(settings.assumptions)
            for done, src in enumerate(inline, start=1):
                results.append(lint_file(src, settings, scope, early))
                if progress and done % 20 == 0:
                    progress(done, total)
            if aside is not None:
                results.extend(aside(scope))
    report.notifications.extend(walker.notifications)
    for r in results:
        report.findings.extend(r.findings)
        report.connections.extend(r.connections)
        report.notifications.extend(r.notifications)
        report.unused_ignores.extend((r.path, i) for i in r.unused_ignores)
        report.files_parsed += r.parsed
    report.findings.sort(key=lambda f: (f.location, f.rule, f.message))
    report.connections.sort(key=lambda c: (c.location, c.client, c.decided_at))
    report.notifications.sort(key=lambda n: (n.path, n.line or 0, n.message))
    report.unused_ignores.sort(key=lambda pi: (pi[0], pi[1].line))
    return report


def lint_text(
    text: str, kind: str, path: str = "snippet", select: Iterable[str] | None = None
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
    if kind is None or kind not in FRONTEND_BY_KIND:
        return report
    text, problem = decode(data)
    if text is None:
        report.notifications.append(Notification(display, problem or "not text"))
        return report
    scope = Scope(settings.assumptions)
    result = lint_source(
        display, kind, text, settings, scope.assumptions_for(Path(os.path.abspath(filename)))
    )
    if problem:
        result.notifications.insert(0, Notification(display, problem))
    report.findings = sorted(result.findings, key=lambda f: (f.location, f.rule, f.message))
    report.connections = result.connections
    report.notifications.extend(result.notifications)
    report.unused_ignores = [(display, i) for i in result.unused_ignores]
    report.files_parsed = int(result.parsed)
    return report
