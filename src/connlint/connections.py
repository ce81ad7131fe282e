"""Candidates -> connections: dispatch each candidate to the client module that
knows its driver, and link what one file says about the JVM trust store to
the JDBC connections of that file.

A password can look like a JDBC URL (``spring.datasource.password=jdbc:mysql://…``,
``mysql --password=jdbc:mysql://…``), and a front-end that hands over every
URL-shaped value makes a candidate of it.  What a resolver makes of a URL that
lies within a password's source is dropped: it is no connection, and its host
and settings (the password's text) would be shown in the inventory.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import field, replace

from connlint.clients import RESOLVER_BY_KIND, drivers
from connlint.guard import internal_error, strict
from connlint.lazy import dataclass
from connlint.model import (
    Assumptions,
    Candidate,
    CandidateKind,
    Connection,
    Fact,
    FactKind,
    Hop,
    Location,
    Notification,
    Resolution,
    Secret,
    Trust,
    TrustKind,
)

_JVM_TRUST_STORE = "javax.net.ssl.trustStore"
#: The JVM's MySQL-family clients (the wrapper drivers need one of them as their target).
_JVM_MYSQL_DRIVERS = frozenset(
    d.id for d in drivers.DRIVERS if d.ecosystem == "maven" and not any(s.wrapper for s in d.schemes)
)


@dataclass
class Resolved:
    """Connections and loose facts of one file, and problems met on the way."""

    connections: list[Connection] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)


def resolve_candidates(path: str, candidates: list[Candidate], assumptions: Assumptions) -> Resolved:
    """Resolve every candidate of one file; a resolver failure is a notification."""
    out = Resolved()
    resolved: list[tuple[Candidate, Resolution]] = []
    for candidate in candidates:
        try:
            resolver = RESOLVER_BY_KIND[candidate.kind]()
            resolved.append((candidate, resolver.resolve(candidate, assumptions)))
        except Exception as exc:  # the one guard around a resolver: a bug loses this candidate only
            if strict():
                raise
            message = internal_error(f"the {candidate.kind} resolver", exc)
            out.notifications.append(Notification(path, message, line=candidate.location.line))
    passwords = _PasswordRegions(_secrets(candidates, (r for _, r in resolved)))
    made: dict[Location, list[Connection]] = {}
    jvm_facts: list[tuple[int, list[Fact]]] = []
    #: The trust store of each state of the JVM properties, and where they are in
    #: force, by where they stand.
    jvm_stores: dict[Location, _JvmStores] = {}
    for candidate, resolution in resolved:
        if candidate.url is not None and passwords.hold(candidate.url.locate()):
            continue  # a password that looks like a URL (see the module docstring)
        for connection in resolution.connections:
            connection = _with_trail(candidate, connection)
            # Outcomes of one call that differ only where nothing is decided (a
            # branch that appends the user name, a port from a default or an
            # option: only the steps of what they carried differ) are one
            # connection, listed once.
            same_place = made.setdefault(connection.location, [])
            key = replace(connection, trail=connection.deciding_trail())
            if key not in same_place:
                same_place.append(key)
                out.connections.append(connection)
        if candidate.kind is CandidateKind.JVM:
            # The states of one file's JVM properties (a setter under a branch)
            # stand at one place and share the facts set outside the branch.
            seen = [f for _, facts in jvm_facts for f in facts]
            jvm_facts.append((len(out.facts), [f for f in resolution.facts if f not in seen]))
            stores = jvm_stores.setdefault(candidate.location, _JvmStores(candidate.reach))
            stores.states.append(_jvm_store(resolution.facts))
        else:
            out.facts.extend(resolution.facts)
        out.notifications.extend(resolution.notifications)
    if jvm_facts and (out.connections or _mysql_jvm_client(assumptions)):
        for index, facts in reversed(jvm_facts):
            out.facts[index:index] = facts
    if out.connections and any(s.named() for s in jvm_stores.values()):
        out.connections = _link_jvm_trust(out.connections, list(jvm_stores.values()))
    return out


@dataclass
class _JvmStores:
    """The trust store each state of one place's JVM properties names (None:
    none), and where the properties are in force (``Candidate.reach``).
    """

    reach: tuple[Location, ...]
    states: list[Fact | None] = field(default_factory=list)

    def named(self) -> bool:
        """Whether a state names a trust store."""
        return any(s is not None for s in self.states)

    def options(self) -> list[Fact | None]:
        """The distinct stores of the states, in order."""
        return [o for i, o in enumerate(self.states) if o not in self.states[:i]]

    def around(self, where: Location) -> tuple[int, int] | None:
        """How wide the narrowest region of the reach holding ``where`` is
        (lines, then columns: wider holds narrower); None: none holds it.
        An empty reach is the whole file, wider than any region.
        """
        if not self.reach:
            return (1 << 62, 0)
        held = [r for r in self.reach if _inside(where, r)]
        if not held:
            return None
        return min((r.end_line - r.line, r.end_column - r.column) for r in held)


def _jvm_store(facts: list[Fact]) -> Fact | None:
    """The JVM trust store a state of the JVM properties names, if any."""
    return next(
        (f for f in facts if f.kind is FactKind.TRUST_ANCHOR and f.key == _JVM_TRUST_STORE and f.value),
        None,
    )


def _mysql_jvm_client(assumptions: Assumptions) -> bool:
    """Whether a MySQL-family JVM client is declared for the file (a build file
    in scope, or the configuration): a JVM trust store is then a MySQL trust
    anchor.  Without one, nor a connection in the file, it belongs to whatever
    else the program talks to over TLS (HTTPS, MongoDB) and is not reported
    (issue 16, item 6).
    """
    return any(driver in _JVM_MYSQL_DRIVERS for driver in assumptions.versions)


def _secrets(candidates: Iterable[Candidate], resolutions: Iterable[Resolution]) -> Iterator[Secret]:
    """The passwords front-ends and resolvers found in one file."""
    for candidate in candidates:
        for setting in candidate.settings:
            if isinstance(setting.value, Secret):
                yield setting.value
    for resolution in resolutions:
        for fact in [*resolution.facts, *(f for c in resolution.connections for f in c.facts)]:
            if isinstance(fact.value, Secret):
                yield fact.value


class _PasswordRegions:
    """Where a file's passwords stand, to ask whether a value lies within one
    (in logarithmic time: a file can hold thousands of each).
    """

    def __init__(self, secrets: Iterable[Secret]) -> None:
        by_line: dict[tuple[str, int], list[tuple[int, int]]] = {}
        for secret in secrets:
            for region in secret.regions:
                by_line.setdefault((region.path, region.line), []).append((region.column, region.end_column))
        # Per line: region starts in order, and the furthest end of the regions
        # starting at or before each.
        self._lines: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
        for key, regions in by_line.items():
            regions.sort()
            ends: list[int] = []
            for _, end in regions:
                ends.append(max(end, ends[-1]) if ends else end)
            self._lines[key] = ([start for start, _ in regions], ends)

    def hold(self, where: Location) -> bool:
        """Whether the (one-line) region ``where`` lies within a password."""
        line = self._lines.get((where.path, where.line))
        if line is None or where.end_line != where.line:
            return False
        starts, ends = line
        i = bisect.bisect_right(starts, where.column) - 1
        return i >= 0 and ends[i] >= where.end_column


def _with_trail(candidate: Candidate, connection: Connection) -> Connection:
    """``connection`` with the steps its deciding value took: the candidate's
    own (how its URL or command was built), then those of the setting that
    decided it.
    """
    trail: tuple[Hop, ...] = candidate.trail
    inside = [s for s in candidate.settings if s.trail and _inside(connection.decided_at, s.location)]
    if len(inside) > 1:
        # Settings that stand at one place (a subclass's constructor's, at the
        # ``new``): the one the decision names, when it names one.
        # Option-file keys are written without the dashes the command line has.
        key = connection.decided_by.split("=", 1)[0].strip().lower().lstrip("-")
        inside = [s for s in inside if s.key.lower().lstrip("-") == key] or inside
    for setting in inside:
        named = {hop.label for hop in trail}  # a step they share is named once
        trail += tuple(hop for hop in setting.trail if hop.label not in named)
    if candidate.host_ref is not None and connection.host is None:
        connection = replace(connection, host_ref=candidate.host_ref)
    return replace(connection, trail=trail) if trail else connection


def _inside(inner: Location, outer: Location) -> bool:
    return (
        inner.path == outer.path
        and (outer.line, outer.column) <= (inner.line, inner.column)
        and (inner.end_line, inner.end_column) <= (outer.end_line, outer.end_column)
    )


def _link_jvm_trust(connections: list[Connection], places: list[_JvmStores]) -> list[Connection]:
    """A ``javax.net.ssl.trustStore`` set in the same file, where it is in force
    (``Candidate.reach``), is the trust source of JDBC connections that fall back
    to the JVM default.  One set under a branch gives outcomes, not a pick (issue
    16): a connection with each store its states name, and with what is in force
    around it (an enclosing set-up's, or the JVM default) where a state names none.
    """
    named = [p for p in places if p.named()]
    out: list[Connection] = []
    for connection in connections:
        if connection.trust is None or connection.trust.kind is not TrustKind.JVM_DEFAULT:
            out.append(connection)
            continue
        for option in _stores_at(connection.location, named):
            if option is None:
                out.append(connection)
            else:
                trust = Trust(TrustKind.TRUST_STORE, str(option.value), option.location)
                out.append(replace(connection, trust=trust))
    return out


def _stores_at(where: Location, places: list[_JvmStores]) -> list[Fact | None]:
    """The trust stores that can be in force at ``where``: the places around it
    from the widest in, a narrower one's set store replacing a wider one's (its
    states that name none keep the wider's); places as wide as each other are
    outcomes of one another.
    """
    by_width: dict[tuple[int, int], list[_JvmStores]] = {}
    for place in places:
        width = place.around(where)
        if width is not None:
            by_width.setdefault(width, []).append(place)
    options: list[Fact | None] = [None]
    for width in sorted(by_width, reverse=True):
        level: list[Fact | None] = []
        for place in by_width[width]:
            for state in place.options():
                for option in options if state is None else [state]:
                    if option not in level:
                        level.append(option)
        options = level
    return options
