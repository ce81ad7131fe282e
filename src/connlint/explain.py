"""``connlint explain PATH[:LINE]``: the decision trail of the connections of
one file (or of one line) — what the front-end saw, which driver and version
were assumed and where that was decided, the mode each outcome gives, where
the deciding value came from, and the findings it leads to.

It runs the same stages as ``check`` on one file, in this process, and only
renders what they produce; values are redacted as everywhere.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from connlint import budget, project
from connlint.checks import run_checks
from connlint.checks.findings import FileFacts, describe_outcomes
from connlint.config import Config
from connlint.connections import resolve_candidates
from connlint.decoding import decode
from connlint.discover import classify
from connlint.engine import settings_from_config
from connlint.frontends.kinds import OPT_IN_KINDS
from connlint.model import DYNAMIC, Assumptions, Candidate, Connection, Location, Secret, Setting
from connlint.redact import MASK, redact
from connlint.reporters.escape import printable
from connlint.scope import Scope, display_path


class ExplainError(Exception):
    """The file cannot be explained (not found, not a kind connlint reads, not text)."""


def parse_target(target: str) -> tuple[Path, int | None]:
    """``src/App.java:12`` -> (path, 12); a path alone -> (path, None)."""
    head, sep, tail = target.rpartition(":")
    if sep and tail.isdigit() and head and not os.path.exists(target):
        return Path(head), int(tail)
    return Path(target), None


def explain(path: Path, line: int | None, config: Config) -> str:
    """The decision trail of ``path``'s connections (those at ``line`` if given)."""
    absolute = Path(os.path.abspath(path))
    display = display_path(absolute)
    try:
        data = absolute.read_bytes()
    except OSError as exc:
        raise ExplainError(f"{display}: cannot read file: {exc.strerror or exc}") from exc
    kind = classify(PurePosixPath(display), data[:128])
    if kind in OPT_IN_KINDS and not config.runbooks:
        kind = None  # documentation: read only when the run asks for it
    if kind is None:
        raise ExplainError(f"{display}: not a kind of file connlint reads")
    text, problem = decode(data)
    if text is None:
        raise ExplainError(f"{display}: {problem or 'not text'}")
    settings = settings_from_config(config)
    scope = Scope(
        settings.assumptions, max_file_size=settings.max_file_size, file_time_budget=settings.file_time_budget
    )
    from connlint.frontends import FRONTEND_BY_KIND

    with budget.limited(settings.file_time_budget), project.using(scope.project):
        extraction = FRONTEND_BY_KIND[kind]().extract(display, text)
    assumptions = scope.assumptions_for(absolute)
    candidates = [c for c in extraction.candidates if line is None or _touches(c, line)]
    where = f"{display}:{line}" if line is not None else display
    if not candidates:
        return f"{where}: no connection found ({kind} file)\n"
    blocks = [_candidate(display, c, assumptions, settings.selected) for c in candidates]
    notes = [f"note: {n.message}" for n in extraction.notifications]
    return "\n".join([*blocks, *notes]) + "\n"


def _touches(candidate: Candidate, line: int) -> bool:
    regions = [candidate.location, *(s.location for s in candidate.settings)]
    return any(r.line <= line <= r.end_line for r in regions)


def _at(location: Location) -> str:
    return f"{location.path}:{location.line}:{location.column}"


def _value(setting: Setting) -> str:
    if isinstance(setting.value, Secret):
        return MASK
    if setting.value is None:
        return f"(not known statically{': ' + setting.unknown if setting.unknown else ''})"
    return redact(setting.value)


def _candidate(display: str, candidate: Candidate, assumptions: Assumptions, selected: frozenset[str]) -> str:
    lines = [f"{_at(candidate.location)}: {candidate.kind} candidate" + _driver(candidate.driver)]
    if candidate.url is not None:
        lines.append(f"  url      {redact(candidate.url.text)}")
    if candidate.argv:
        lines.append(f"  command  {redact(' '.join(w.text for w in candidate.argv))}")
    for setting in candidate.settings:
        source = f", {setting.source}" if setting.source else ""
        lines.append(f"  setting  {setting.key} = {_value(setting)}  ({_at(setting.location)}{source})")
        lines += [f"           {hop.label}: {_at(hop.location)}" for hop in setting.trail]
    lines += [f"  {hop.label}: {_at(hop.location)}" for hop in candidate.trail]
    resolved = resolve_candidates(display, [candidate], assumptions)
    facts = FileFacts(display, resolved.connections, resolved.facts)
    findings = run_checks(facts, selected)
    for conn in resolved.connections:
        lines += _connection(conn, assumptions)
    lines += [f"  note     {n.message}" for n in resolved.notifications]
    if findings:
        lines.append("  findings")
        lines += [f"    {_at(f.location)}: {f.rule} [{f.level}] {f.message}" for f in findings]
    else:
        lines.append("  findings none")
    return "\n".join(printable(line.replace(DYNAMIC, "<dynamic>")) for line in lines)


def _driver(driver: str | None) -> str:
    return f" ({driver})" if driver else ""


def _connection(conn: Connection, assumptions: Assumptions) -> Iterable[str]:
    yield f"  -> {conn.client}: {conn.mode} ({conn.decision})"
    if conn.decided_by:
        yield f"     decided by `{conn.decided_by}` at {_at(conn.decided_at)}"
    outcomes = describe_outcomes(conn.mode, conn.outcomes)
    if outcomes:
        yield f"     outcomes: {conn.mode}{outcomes}"
    if conn.driver:
        declared = assumptions.versions.get(conn.driver)
        version = conn.version or (declared.version if declared else None) or "version not known"
        origin = ""
        if declared is not None and declared.location is not None:
            origin = f" (from {_at(declared.location)})"
        elif declared is None:
            origin = " (no build file or configuration declares it)"
        note = f"; {declared.note}" if declared is not None and declared.note else ""
        yield f"     driver {conn.driver} {version}{origin}{note}"
    if conn.host:
        yield f"     host {conn.host}" + (" (loopback)" if conn.loopback else "")
    if conn.trust is not None:
        yield f"     trust {conn.trust.describe()}"
    if conn.unknown:
        yield f"     depends on {conn.unknown}"
    for hop in conn.trail:
        yield f"     {hop.label}: {_at(hop.location)}"
