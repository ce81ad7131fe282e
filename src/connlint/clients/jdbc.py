"""Resolver for :attr:`CandidateKind.JDBC <connlint.model.CandidateKind.JDBC>` candidates.

A candidate carries a URL literal (``candidate.url``, or a ``url`` / ``URL`` /
``jdbcUrl`` setting of a DataSource) and properties set outside it
(``Properties.setProperty``, DataSource setters, Spring keys).  This module
picks the driver that reads them, merges the properties in the driver's order
(URL query < settings < per-host properties, as Connector/J's
``ConnectionUrl`` merges them) and asks the driver's
:class:`~connlint.clients.decisions.JdbcClient` what they mean, giving one
:class:`~connlint.model.Connection` per distinct per-host outcome.

Driver choice: the client the registry (:mod:`connlint.clients.drivers`) names
for the URL's scheme — ``jdbc:mysql:`` MySQL Connector/J, ``mysqlx:`` its
X DevAPI, ``jdbc:mariadb:`` MariaDB Connector/J — unless another driver is
preferred (:meth:`~connlint.clients.decisions.JdbcClient.prefers`: the build
declares only ``mariadb-java-client``, or the candidate names a MariaDB driver
class) and accepts the scheme (MariaDB Connector/J 2.x always, 3.x only with
``permitMysqlScheme``).

A wrapper driver's URL (``jdbc:aws-wrapper:mysql:``) goes to the driver of its
family, chosen the same way; the wrapper (:class:`~connlint.clients.decisions.JdbcWrapper`)
says whether URL parameters override the properties set outside the URL and
which per-host properties it drops, and names the connection.

A URL that may hide more properties in a dynamic part (``"...?" + opts``) and
sets no TLS option resolves to UNKNOWN rather than the driver default.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, cast

from connlint import lazy
from connlint.clients import drivers
from connlint.clients.decisions import JdbcClient, JdbcWrapper, TlsDecision, dedupe_facts
from connlint.clients.hosts import is_loopback
from connlint.clients.jdbc_url import (
    JdbcHost,
    JdbcUrl,
    Property,
    is_placeholder,
    is_secret_key,
    parse_jdbc_url,
)
from connlint.clients.jvm import jvm_facts
from connlint.lazy import dataclass
from connlint.model import (
    DYNAMIC,
    Connection,
    Decision,
    Fact,
    FactKind,
    Location,
    Notification,
    Resolution,
    Secret,
    Setting,
    Span,
    TlsMode,
)

if TYPE_CHECKING:
    from connlint.clients.drivers import JdbcFamily
    from connlint.model import Assumptions, Candidate

#: Setting keys (lower-cased) that carry the URL itself: DataSource ``setURL`` / ``setUrl``,
#: Hikari ``jdbcUrl`` / ``jdbc-url``, Tomcat / Jakarta ``connectionUrl``.
URL_KEYS: frozenset[str] = frozenset({"connectionurl", "jdbc-url", "jdbcurl", "url"})

#: Setting keys that name the host when no URL does (DataSource ``setServerName``).
HOST_KEYS: frozenset[str] = frozenset({"host", "serverName"})

#: The scheme family whose driver reads a candidate without a URL (a DataSource's setters).
DEFAULT_FAMILY: JdbcFamily = "mysql"


@dataclass(frozen=True)
class _Driver:
    """The driver that reads a URL, and its version where declared."""

    client: JdbcClient
    version: str | None


# Placeholders of URL templates: {host}, <host>, [:{port}], %s.
_TEMPLATE = lazy.compile(r"\{\w+\}|<\w+>|%s")


def _setting_property(setting: Setting) -> Property:
    value = setting.value
    written = value.reveal() if isinstance(value, Secret) else value
    if written is not None and is_placeholder(written):  # setPassword("${DB_PASSWORD}")
        shown = "***" if is_secret_key(setting.key) else written
        return Property(
            setting.key, None, setting.location, f"{setting.key}={shown}", "", f"a placeholder `{shown}`"
        )
    if isinstance(value, str) and is_secret_key(setting.key):
        value = Secret(value, setting.value_span)
    shown = "***" if isinstance(value, Secret) else (value if value is not None else "…")
    raw: str | Secret = value if value is not None else ""
    return Property(setting.key, value, setting.location, f"{setting.key}={shown}", raw, setting.unknown)


def _url_span(candidate: Candidate) -> Span | None:
    if candidate.url is not None:
        return candidate.url
    for setting in candidate.settings:
        if setting.key.lower() not in URL_KEYS:
            continue
        if setting.value_span is not None:
            return setting.value_span
        if isinstance(setting.value, str):
            loc = setting.location
            return Span.at(setting.value, loc.path, loc.line, loc.column)
    return None


def _clients() -> dict[JdbcFamily, JdbcClient]:
    """Scheme family -> the client that reads its URLs, from the registry (a
    wrapper's scheme names the wrapper, not a client).
    """
    schemes = drivers.jdbc_schemes()
    return {s.family: cast(JdbcClient, drivers.load(s.client)) for s in schemes if not s.wrapper}


def _wrapper(url: JdbcUrl | None) -> JdbcWrapper | None:
    """The wrapper driver whose scheme ``url`` has (``jdbc:aws-wrapper:mysql:``), or None."""
    if url is None or url.wrapper is None:
        return None
    return cast(JdbcWrapper, drivers.load(url.wrapper))


def _choose(
    url: JdbcUrl | None, props: Mapping[str, Property], candidate: Candidate, assumptions: Assumptions
) -> _Driver:
    """The owner of the URL's scheme, unless another driver is preferred and takes
    the URL (MariaDB Connector/J and ``jdbc:mysql:``).
    """
    clients = _clients()
    family = url.family if url is not None else DEFAULT_FAMILY
    owner = clients[family]
    for other in clients.values():
        if other.driver_id == owner.driver_id or not other.prefers(candidate, assumptions):
            continue
        version = assumptions.version(other.driver_id)
        if url is None or other.accepts(family, props, version):
            return _Driver(other, version)
    return _Driver(owner, assumptions.version(owner.driver_id))


def _effective(props: Iterable[Property]) -> dict[str, Property]:
    return {prop.key: prop for prop in props}


def _credentials(url: JdbcUrl | None, props: Iterable[Property]) -> list[Fact]:
    out: list[Fact] = []
    password = url.password if url is not None else None
    if url is not None and password is not None and url.password_location and password.reveal():
        out.append(Fact(FactKind.CREDENTIAL, url.password_location, "password", password, "URL user info"))
    for prop in props:
        if is_secret_key(prop.key) and isinstance(prop.value, Secret) and prop.value.reveal():
            out.append(Fact(FactKind.CREDENTIAL, prop.location, prop.key, prop.value, "password property"))
    return out


def _fixes_in_url(facts: Iterable[Fact], in_url: set[Location]) -> list[Fact]:
    """``facts``, a fix kept only on a property written in the URL."""
    return [f if f.fix is None or f.location in in_url else replace(f, fix=None) for f in facts]


#: ``&amp;`` is how XML writes ``&``; a URL copied out of an XML file keeps it.
_XML_AMPERSAND = "amp;"


def _xml_escaped(props: Iterable[Property], client: JdbcClient) -> list[Fact]:
    """INEFFECTIVE facts for TLS and password properties written after ``&amp;``
    outside XML (an XML file's own values are decoded by its front-end): the
    driver splits the query at ``&`` and reads the key ``amp;sslMode``, a
    property it does not know.
    """
    out: list[Fact] = []
    for prop in props:
        if not prop.key.lower().startswith(_XML_AMPERSAND):
            continue
        meant = prop.key[len(_XML_AMPERSAND) :]
        if client.is_tls_key(meant) or is_secret_key(meant):
            detail = (
                f"`&amp;` is how XML writes `&`, and this value is not read as XML: the driver reads "
                f"the property `{prop.key}`, not `{meant}`; write `&`"
            )
            out.append(Fact(FactKind.INEFFECTIVE, prop.location, prop.key, None, detail))
    return out


def _overridden(
    wrapper: JdbcWrapper, losers: Iterable[Property], winners: Iterable[Property], client: JdbcClient
) -> list[Fact]:
    """INEFFECTIVE facts for the TLS properties in ``losers`` that a property of the
    same name in ``winners`` overrides (the wrapper's URL over ``Properties``).
    """
    last = _effective(winners)
    return [
        Fact(FactKind.INEFFECTIVE, prop.location, prop.key, None, wrapper.overridden(last[prop.key].text))
        for prop in losers
        if prop.key in last and client.is_tls_key(prop.key)
    ]


def _host_name(host: JdbcHost | None, fallback: str | None) -> str | None:
    if host is None:
        return fallback
    if host.host == "":
        return "localhost"  # Connector/J's default host (Connector/J ConnectionUrl.java)
    return host.host


def resolve(candidate: Candidate, assumptions: Assumptions) -> Resolution:
    """Connections and facts of one JDBC candidate (connections.py guards the
    call: a bug is reported, never silent).
    """
    span = _url_span(candidate)
    url = parse_jdbc_url(span) if span is not None else None
    settings = [s for s in candidate.settings if s.key.lower() not in URL_KEYS]
    jvm_settings = [s for s in settings if s.key.startswith("javax.net.ssl.")]
    setting_props = [_setting_property(s) for s in settings]
    url_props = list(url.properties) if url is not None else []
    wrapper = _wrapper(url)
    if wrapper is not None and wrapper.url_wins:
        global_props = _effective([*setting_props, *url_props])
    else:
        global_props = _effective([*url_props, *setting_props])
    driver = _choose(url, global_props, candidate, assumptions)

    hosts: list[JdbcHost | None] = list(url.hosts) if url is not None and url.hosts else [None]
    fallback_host: str | None = None
    if url is not None and not url.hosts and not url.span.dynamic and url.unknown is None:
        fallback_host = "localhost"
    host_setting = next((p for p in setting_props if p.key in HOST_KEYS and p.str_value), None)
    if url is None and host_setting is not None:
        fallback_host = host_setting.str_value

    default_at: Location = url.location if url is not None else candidate.location
    default_by = url.redacted_text() if url is not None else ""

    groups: dict[tuple[object, ...], list[tuple[JdbcHost | None, dict[str, Property], TlsDecision]]] = {}
    ignored: list[Fact] = []  # per-host properties this driver version does not read
    for host in hosts:
        props = dict(global_props)
        if host is not None:
            host_props = _effective(host.properties)
            for name, prop in list(host_props.items()):
                why = wrapper.per_host_ignored(name) if wrapper is not None else None
                why = why or driver.client.per_host_ignored(name, driver.version)
                if why is not None:
                    del host_props[name]
                    ignored.append(Fact(FactKind.INEFFECTIVE, prop.location, prop.key, None, why))
            props.update(host_props)
        decided = driver.client.decide(props, driver.version)
        if url is not None and url.unknown is not None and decided.prop is None:
            decided = TlsDecision(TlsMode.UNKNOWN, Decision.UNKNOWN, unknown=url.unknown)
        elif decided.prop is None and url is None and span is not None and DYNAMIC in span.text:
            # getConnection(url) over a URL not known statically (a field set at run
            # time, "<dynamic>&allowPublicKeyRetrieval=true"): its unseen part may set
            # the mode, so the driver's default is not assumed (issue 16: unknown stays unknown).
            decided = TlsDecision(TlsMode.UNKNOWN, Decision.UNKNOWN, unknown="a dynamic URL")
        elif decided.decision is Decision.DEFAULT and url is not None and url.open_query:
            decided = TlsDecision(TlsMode.UNKNOWN, Decision.UNKNOWN, unknown="a dynamic part of the URL")
        elif decided.decision is Decision.DEFAULT and url is not None and _TEMPLATE.search(url.span.text):
            # jdbc:mysql://{host}[:{port}]/{database}: a tool's URL template (DBeaver,
            # docs), filled in at run time with options we cannot see.
            decided = TlsDecision(TlsMode.UNKNOWN, Decision.UNKNOWN, unknown="a URL template")
        key = (
            decided.mode,
            decided.decision,
            decided.prop.location if decided.prop else None,
            decided.outcomes,
        )
        groups.setdefault(key, []).append((host, props, decided))

    if wrapper is not None and wrapper.url_wins:
        ignored.extend(_overridden(wrapper, setting_props, url_props, driver.client))
    all_props = [*url_props, *setting_props, *(p for h in hosts if h is not None for p in h.properties)]
    evidence = tuple(sorted({p.location for p in all_props if driver.client.is_tls_key(p.key)}))
    # A fix rewrites a property written in the URL literal; a setting's key stands
    # elsewhere (a setter's argument, the last part of a Spring key).
    in_url = {p.location for p in url_props} | {
        p.location for h in hosts if h is not None for p in h.properties
    }
    seen: set[tuple[object, ...]] = set()
    common = [
        *_credentials(url, [*url_props, *setting_props]),
        *jvm_facts(jvm_settings),
        *ignored,
        *_xml_escaped(url_props, driver.client),
    ]
    client_name = wrapper.name(driver.client.name) if wrapper is not None else driver.client.name
    connections: list[Connection] = []
    for members in groups.values():
        first_host, props, decided = members[0]
        facts = [
            *common,
            *driver.client.facts(props, driver.version),
            *_credentials(None, first_host.properties if first_host else ()),
        ]
        for host, host_props, _ in members[1:]:
            facts.extend(driver.client.facts(host_props, driver.version))
            facts.extend(_credentials(None, host.properties if host else ()))
        host_names = [_host_name(h, fallback_host) for h, _, _ in members]
        verifying = decided.mode.verifies or any(o.mode.verifies for o in decided.outcomes)
        trust = driver.client.trust(props, driver.version) if verifying else None
        connections.append(
            Connection(
                client=client_name,
                location=candidate.location,
                mode=decided.mode,
                decision=decided.decision,
                decided_at=decided.prop.location if decided.prop else default_at,
                decided_by=decided.prop.text if decided.prop else default_by,
                driver=driver.client.driver_id,
                version=driver.version,
                host=host_names[0],
                loopback=all(is_loopback(name) for name in host_names),
                outcomes=decided.outcomes,
                trust=trust,
                facts=tuple(_fixes_in_url(dedupe_facts(facts, seen), in_url)),
                unknown=decided.unknown,
                evidence=evidence,
            )
        )
    return Resolution(connections=connections, notifications=_not_read(url))


def _not_read(url: JdbcUrl | None) -> list[Notification]:
    """A notification for a URL too long to read (its settings are unknown)."""
    if url is None or url.unknown is None:
        return []
    where = url.location
    return [Notification(where.path, f"{url.unknown}: its settings not read", line=where.line)]
