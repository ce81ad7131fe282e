"""Candidates -> connections: dispatch each candidate to the client module that
knows its driver, and link what one file says about the JVM trust store to
the JDBC connections of that file.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from connlint.clients import RESOLVER_BY_CLIENT
from connlint.guard import internal_error, strict
from connlint.model import (
    Assumptions,
    Candidate,
    Connection,
    Fact,
    FactKind,
    Hop,
    Location,
    Notification,
    Trust,
    TrustKind,
)

_JVM_TRUST_STORE = "javax.net.ssl.trustStore"


@dataclass
class Resolved:
    """Connections and loose facts of one file, and problems met on the way."""

    connections: list[Connection] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)


def resolve_candidates(path: str, candidates: list[Candidate], assumptions: Assumptions) -> Resolved:
    """Resolve every candidate of one file; a resolver failure is a notification."""
    out = Resolved()
    for candidate in candidates:
        try:
            resolver = RESOLVER_BY_CLIENT[candidate.client]()
            resolution = resolver.resolve(candidate, assumptions)
        except Exception as exc:  # the one guard around a resolver: a bug loses this candidate only
            if strict():
                raise
            message = internal_error(f"the {candidate.client} resolver", exc)
            out.notifications.append(Notification(path, message, line=candidate.location.line))
            continue
        out.connections.extend(_with_trail(candidate, c) for c in resolution.connections)
        out.facts.extend(resolution.facts)
    out.connections = _link_jvm_trust(out.connections, out.facts)
    return out


def _with_trail(candidate: Candidate, connection: Connection) -> Connection:
    """``connection`` with the steps its deciding value took: the candidate's
    own (how its URL or command was built), then those of the setting that
    decided it.
    """
    trail: tuple[Hop, ...] = candidate.trail
    for setting in candidate.settings:
        if setting.trail and _inside(connection.decided_at, setting.location):
            trail += setting.trail
    return replace(connection, trail=trail) if trail else connection


def _inside(inner: Location, outer: Location) -> bool:
    return (
        inner.path == outer.path
        and (outer.line, outer.column) <= (inner.line, inner.column)
        and (inner.end_line, inner.end_column) <= (outer.end_line, outer.end_column)
    )


def _link_jvm_trust(connections: list[Connection], facts: list[Fact]) -> list[Connection]:
    """A ``javax.net.ssl.trustStore`` set in the same file is the trust source of
    JDBC connections that fall back to the JVM default.
    """
    store = next(
        (f for f in facts if f.kind is FactKind.TRUST_ANCHOR and f.key == _JVM_TRUST_STORE and f.value),
        None,
    )
    if store is None:
        return connections
    trust = Trust(TrustKind.TRUST_STORE, str(store.value), store.location)
    return [
        replace(c, trust=trust) if c.trust is not None and c.trust.kind is TrustKind.JVM_DEFAULT else c
        for c in connections
    ]
