"""Turning a rule id, a location and message arguments into a Finding, with
the catalog's level and the loopback downgrade applied in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import field, replace
from datetime import date
from typing import TYPE_CHECKING

from connlint import lazy
from connlint.catalog import load_catalog
from connlint.config import DEFAULT_BUNDLE_EXPIRY_DAYS
from connlint.lazy import dataclass
from connlint.model import (
    Connection,
    Dependency,
    Fact,
    FactKind,
    Finding,
    Hop,
    Level,
    Location,
    Outcome,
    Server,
    TlsMode,
)
from connlint.suppressions import Ignore

if TYPE_CHECKING:
    from connlint.servers.bundles import Bundle


@dataclass
class FileFacts:
    """Everything the checks see for one file."""

    path: str
    connections: list[Connection] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    dependencies: list[Dependency] = field(default_factory=list)
    #: The suppression comments that matched no finding (set once the others ran).
    unused_ignores: list[Ignore] = field(default_factory=list)
    #: The database servers the file declares (Terraform, CloudFormation, CDK); at
    #: run level (connlint.run_level, after every file's results are merged) every
    #: server of the run, with the CA bundles connections name that were read from
    #: the repository, by (connection's file, trust path as written).
    servers: list[Server] = field(default_factory=list)
    bundles: Mapping[tuple[str, str], Bundle] = field(default_factory=dict)
    #: True at run level: ``connections`` and ``servers`` are the whole run's.
    run_level: bool = False
    #: The day certificates' expiry is measured from, and how far ahead it looks (CL404).
    today: date | None = None
    expiry_days: int = DEFAULT_BUNDLE_EXPIRY_DAYS

    def facts_of(
        self, kind: FactKind, identity: Callable[[Fact], tuple[object, ...]] | None = None
    ) -> Iterator[tuple[Fact, Connection | None]]:
        """The facts of ``kind``, each with its connection (None for a file's own facts).

        A setting shared by several connections (a module-level ssl dict passed
        to many connect calls, per-host modes) yields once: facts are told
        apart by ``identity``, by default their location, key and detail.
        """
        seen: set[tuple[object, ...]] = set()
        pairs: list[tuple[Fact, Connection | None]] = [(f, c) for c in self.connections for f in c.facts]
        pairs += [(f, None) for f in self.facts]
        for fact, conn in pairs:
            if fact.kind is not kind:
                continue
            key = identity(fact) if identity else (fact.location, fact.key, fact.detail)
            if key in seen:
                continue
            seen.add(key)
            yield fact, conn


def finding(
    rule_id: str,
    location: Location,
    evidence: str,
    connection: Connection | None = None,
    **args: str,
) -> Finding:
    """A finding of ``rule_id`` with its catalog level and formatted message.

    Findings on a loopback connection drop to note and carry the ``loopback``
    tag (test databases commonly run without TLS).
    """
    rule = load_catalog()[rule_id]
    level = rule.level
    tags: tuple[str, ...] = ()
    if connection is not None and connection.loopback:
        level = Level.NOTE
        tags = ("loopback",)
    trail = _trail(location, connection)
    return Finding(
        rule=rule_id,
        level=level,
        message=_with_hops(rule.format_message(**args), trail),
        location=location,
        evidence=evidence,
        tls_mode=connection.mode if connection else None,
        client=connection.client if connection else None,
        trust_source=connection.trust.describe() if connection and connection.trust else None,
        tags=tags,
        trail=trail,
        sink=_sink(location, connection),
        decision=str(connection.decision) if connection else None,
        decided=connection.describe_decision() if connection else None,
        decided_at=connection.decided_at if connection else None,
    )


def describe_outcomes(mode: TlsMode, outcomes: tuple[Outcome, ...]) -> str:
    """`` on X; PREFERRED on Y`` for a version-dependent mode, else ``""``."""
    if not outcomes:
        return ""
    own = [o.condition for o in outcomes if o.mode is mode]
    others = [f"{o.mode} on {o.condition}" for o in outcomes if o.mode is not mode]
    head = f" on {' and '.join(own)}" if own else ""
    return head + "".join(f"; {o}" for o in others)


def _sink(location: Location, connection: Connection | None) -> Location | None:
    """Where the connection is opened, on a finding about the value that decided it
    when that value stands outside the connection's own text (None otherwise).
    """
    if connection is None or location != connection.decided_at:
        return None
    site = connection.location
    inside = (
        location.path == site.path
        and (site.line, site.column) <= (location.line, location.column)
        and (location.end_line, location.end_column) <= (site.end_line, site.end_column)
    )
    return None if inside else site


def _trail(location: Location, connection: Connection | None) -> tuple[Hop, ...]:
    """The connection's trail, on a finding about the value that decided it
    (not on one about another setting of the same connection).
    """
    if connection is None or location not in (connection.decided_at, connection.location):
        return ()
    return connection.deciding_trail()


#: The most hops a message names (all of them are in the trail: SARIF, JSON, inventory).
MAX_HOPS_NAMED = 3


def _with_hops(message: str, trail: tuple[Hop, ...]) -> str:
    """The message naming the steps its value took: ``... (via `LedgerConfig.SUFFIX`)``."""
    if not trail:
        return message
    # A step named like the one before it (overloads of one helper calling
    # each other) is named once; the trail keeps every place.
    named = [h.label for i, h in enumerate(trail) if i == 0 or trail[i - 1].label != h.label]
    labels = [hop_text(label) for label in named[:MAX_HOPS_NAMED]]
    if len(named) > MAX_HOPS_NAMED:
        labels.append(f"{len(named) - MAX_HOPS_NAMED} more")
    return f"{message} ({'; '.join(labels)})"


def base_message(f: Finding) -> str:
    """The message without the hops :func:`_with_hops` named."""
    suffix = _with_hops("", f.trail)
    return f.message[: -len(suffix)] if suffix and f.message.endswith(suffix) else f.message


def merged(first: Finding, again: Finding) -> Finding:
    """``first`` with the hops of ``again``, the same finding reached another way
    (a shell function's command through each of its calls): one finding, every
    way there in its trail.
    """
    if "loopback" in first.tags and "loopback" not in again.tags:
        # One of the ways reaches a host that is not loopback (``-h
        # "${DB_HOST:-localhost}"``, a loop over hosts): the finding keeps its level.
        first = replace(first, level=again.level, tags=tuple(t for t in first.tags if t != "loopback"))
    extra = tuple(h for h in again.trail if h not in first.trail)
    if not extra:
        return first
    trail = first.trail + extra
    return replace(first, trail=trail, message=_with_hops(base_message(first), trail))


def hop_text(label: str) -> str:
    """A hop's label for a message, each call it names quoted (``via `get_config()```),
    so the parentheses of a call are not read as the message's own.
    """
    return _CALL.sub(lambda m: f"`{m.group(0)}`", label)


#: A call written in a hop's label: ``get_config()``, ``Db.open()``, ``functools.partial(...)``.
_CALL = lazy.compile(r"(?<![`\w.$])[A-Za-z_$][\w$.]*\([^()`]*\)(?![`\w])")
