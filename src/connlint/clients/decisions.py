"""What JDBC driver modules share: the decision type, the interface, and the
merge of per-version readings; and MySQL's ``ssl-mode`` names, which other
clients take too.

Each JDBC driver module (:mod:`~connlint.clients.connector_j`,
:mod:`~connlint.clients.mariadb_j`) exposes objects implementing
:class:`JdbcClient`, and a wrapper driver (:mod:`~connlint.clients.aws_wrapper`)
one implementing :class:`JdbcWrapper`, named by the schemes of its entry in
:mod:`connlint.clients.drivers`; :mod:`connlint.clients.jdbc` calls them and
never tests which driver it holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from connlint.lazy import dataclass
from connlint.model import Decision, Fact, Outcome, TlsMode, Trust

if TYPE_CHECKING:
    from connlint.clients.drivers import JdbcFamily
    from connlint.clients.jdbc_url import Property
    from connlint.model import Assumptions, Candidate


#: MySQL's ``ssl-mode`` names, spelled as :class:`TlsMode` names them, in that
#: order: libmysqlclient's ``--ssl-mode`` (mysql-server ``client/include/sslopt-vars.h``),
#: Connector/J's ``sslMode`` and mysqlclient's ``ssl_mode`` take exactly these.
#: Read-only: each driver module names it under its own name and source.
MYSQL_SSL_MODES: Mapping[str, TlsMode] = MappingProxyType(
    {mode.value: mode for mode in TlsMode if mode is not TlsMode.UNKNOWN}
)


@dataclass(frozen=True)
class TlsDecision:
    """The TLS mode of one connection and how it was decided.

    ``prop`` is the property that decided it (None for a driver default);
    ``unknown`` says what an UNKNOWN mode depends on.
    """

    mode: TlsMode
    decision: Decision
    prop: Property | None = None
    outcomes: tuple[Outcome, ...] = ()
    unknown: str | None = None


@runtime_checkable
class JdbcClient(Protocol):
    """What a JDBC driver (or one of its URL schemes) knows about its properties.

    ``props`` is the effective property map of one host, keys as written;
    ``version`` the declared or configured driver version, None when unknown.
    """

    @property
    def driver_id(self) -> str:
        """The driver's id in the registry (its version is looked up under it)."""
        ...

    @property
    def name(self) -> str:
        """Display name of the connections it makes."""
        ...

    def decide(self, props: Mapping[str, Property], version: str | None) -> TlsDecision:
        """The TLS mode a connection gets with ``props``."""
        ...

    def facts(self, props: Mapping[str, Property], version: str | None) -> list[Fact]:
        """Per-property facts: trust anchors, weak protocols, deprecated or ineffective options."""
        ...

    def trust(self, props: Mapping[str, Property], version: str | None) -> Trust:
        """Where a verifying connection takes its trust anchors from."""
        ...

    def is_tls_key(self, key: str) -> bool:
        """Whether a property named ``key`` is TLS configuration (the evidence of a connection)."""
        ...

    def per_host_ignored(self, key: str, version: str | None) -> str | None:
        """Why a per-host property ``key`` has no effect at ``version``; None when it applies."""
        ...

    def prefers(self, candidate: Candidate, assumptions: Assumptions) -> bool:
        """Whether the candidate or the build points at this driver rather than
        the owner of the URL's scheme (a driver class, the only driver declared).
        """
        ...

    def accepts(self, family: JdbcFamily, props: Mapping[str, Property], version: str | None) -> bool:
        """Whether this driver takes a URL of another driver's scheme ``family``."""
        ...


@runtime_checkable
class JdbcWrapper(Protocol):
    """A driver that takes a URL of its own scheme (``jdbc:aws-wrapper:mysql:``) and
    hands the connection to the driver of the scheme's family, whose semantics
    and version then apply; it says only what it changes on the way.
    """

    @property
    def driver_id(self) -> str:
        """The wrapper's id in the registry."""
        ...

    @property
    def url_wins(self) -> bool:
        """Whether a URL query parameter overrides a property of the same name set
        outside the URL (the reverse of Connector/J's order).
        """
        ...

    def name(self, target: str) -> str:
        """Display name of a connection made through the driver named ``target``."""
        ...

    def per_host_ignored(self, key: str) -> str | None:
        """Why a per-host property ``key`` does not reach the driver; None when it does."""
        ...

    def overridden(self, winner: str) -> str:
        """Why a property set outside the URL has no effect when the URL sets
        ``winner`` (``key=value`` as written) too (``url_wins``).
        """
        ...


def unknown_value(prop: Property) -> TlsDecision:
    """An UNKNOWN decision: ``prop`` decides, but its value is not known statically."""
    return TlsDecision(TlsMode.UNKNOWN, Decision.UNKNOWN, prop, unknown=prop.unknown or f"`{prop.key}`")


def invalid_value(prop: Property) -> TlsDecision:
    """An UNKNOWN decision: the driver rejects ``prop``'s value and the connection fails."""
    return TlsDecision(
        TlsMode.UNKNOWN, Decision.EXPLICIT, prop, unknown=f"the connection fails: invalid value `{prop.text}`"
    )


def named_mode(prop: Property, modes: Mapping[str, TlsMode], spelled: str | None) -> TlsDecision:
    """The decision of a mode property (``sslMode``): the mode ``modes`` gives its
    value ``spelled`` as the driver compares it (upper- or lower-cased), else
    unknown or invalid.
    """
    if prop.value is None:
        return unknown_value(prop)
    mode = modes.get(spelled or "")
    return invalid_value(prop) if mode is None else TlsDecision(mode, Decision.EXPLICIT, prop)


def merge_versions(older: TlsDecision, newer: TlsDecision, older_label: str, newer_label: str) -> TlsDecision:
    """One decision for an unknown driver version from the readings of its
    older and newer version families (the labels name them in outcomes).

    An UNKNOWN reading wins (nothing certain can be said), then agreement;
    otherwise ``mode`` is the verifying reading, so that a finding about a
    connection that does not verify is never claimed for every version, with
    decision VERSION and one outcome per family.
    """
    if TlsMode.UNKNOWN in (older.mode, newer.mode):
        return newer if newer.mode is TlsMode.UNKNOWN else older
    if older.mode is newer.mode:
        return newer
    chosen = older if older.mode.verifies and not newer.mode.verifies else newer
    return TlsDecision(
        chosen.mode,
        Decision.VERSION,
        chosen.prop or newer.prop or older.prop,
        outcomes=(Outcome(older.mode, older_label), Outcome(newer.mode, newer_label)),
    )


def dedupe_facts(facts: Iterable[Fact], seen: set[tuple[object, ...]] | None = None) -> list[Fact]:
    """``facts`` without repeats (same kind, place, key and detail), first kept;
    ``seen`` carries what earlier calls kept.
    """
    seen = set() if seen is None else seen
    out: list[Fact] = []
    for fact in facts:
        key = (fact.kind, fact.location, fact.key, fact.detail)
        if key not in seen:
            seen.add(key)
            out.append(fact)
    return out
