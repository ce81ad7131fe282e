"""Fluent builders whose methods are named after driver properties (issue 16,
item 5): MariaDB Connector/J's ``new Configuration.Builder()…build()`` and
Spring Boot's ``DataSourceBuilder.create()…build()``, read as one chain.

* MariaDB: each ``name(value)`` of the builder sets the driver property of that
  name (``sslMode``, ``serverSslCert``, ``trustStore``, ``user``, ...); ``addHost(host,
  port[, primary][, sslMode])`` adds a host (its ``sslMode`` is that host's) and
  ``database(db)`` names the database (org.mariadb.jdbc.Configuration.Builder,
  mariadb-connector-j src/main/java/org/mariadb/jdbc/Configuration.java, 3.x).
  The connection's URL is the one the builder makes, ``jdbc:mariadb://host:port/db``,
  standing at ``new Configuration.Builder()``.
* Debezium: ``Configuration.create().with(key, value)…build()``
  (io.debezium.config.Configuration.Builder), keys written as strings or as the
  connectors' ``Field`` constants (``MySqlConnectorConfig.SSL_MODE``), modes as
  their enums; a chain that starts from a configuration made elsewhere
  (``simpleConfig().with(…)``) may hold any key: without a mode of its own the
  mode is not known.  A connector's configuration (``kafka_connect.from_settings``)
  when it names its connector class or a field of one connector's config class.
* Spring: ``url(…)``, ``username(…)``, ``password(…)``
  (org.springframework.boot.jdbc.DataSourceBuilder); a connection when the URL
  is a MySQL-family one, or unknown with a MySQL-family ``driverClassName``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tree_sitter import Node

from connlint.clients.connector_j import is_mysql_family_tls_key
from connlint.clients.drivers import mysql_family_driver_class
from connlint.clients.jdbc_url import looks_like_jdbc_url
from connlint.frontends.java_branches import (
    Choice,
    Choosing,
    choices_of,
    enumerate_outcomes,
    holds,
    values_chosen,
)
from connlint.frontends.java_literals import JavaText
from connlint.frontends.java_syntax import arguments
from connlint.frontends.java_uses import only_checked
from connlint.model import DYNAMIC, Candidate, CandidateKind, Location, Setting

if TYPE_CHECKING:
    from connlint.frontends.java_apis import Apis
    from connlint.frontends.java_symbols import Var

#: Calls of one chain read at most.
_MAX_CHAIN = 128
#: How ``new Configuration.Builder()`` is written (imported or qualified).
_MARIADB_BUILDERS = frozenset({"Configuration.Builder", "org.mariadb.jdbc.Configuration.Builder"})
_SPRING_BUILDERS = frozenset({"DataSourceBuilder", "org.springframework.boot.jdbc.DataSourceBuilder"})
#: Builder methods that are not driver properties.
_MARIADB_NOT_PROPERTIES = frozenset({"addHost", "addresses", "database", "haMode", "build", "clone"})
_SPRING_KEYS = {"username": "user", "password": "password"}


def builder_candidates(apis: Apis, build: Node, invocations: list[Node] | None = None) -> list[Candidate]:
    """The connections a ``….build()`` chain configures, if it is one of the
    builders; a builder held in a variable (``b.sslMode(…); b.build()``) is
    read with the calls made on it before (``invocations``: the file's calls),
    one connection per state a TLS setter under a branch leaves it in (issue 16, item 1).
    """
    name = build.child_by_field_name("name")
    if name is None or apis.source(name) != "build" or arguments(build):
        return []
    if only_checked(build, apis.symbols, apis.source):
        return []  # a configuration a test builds only to compare it
    current, calls = _chain(build.child_by_field_name("object"))
    held: Var | None = None
    if current is not None and current.type == "identifier" and invocations is not None:
        var = apis.symbols.resolve(current)
        if var is not None and var.value is not None and not var.reassigned and not var.is_field:
            current, first = _chain(var.value)
            if any(
                apis.source(n) == "build" for c in first if (n := c.child_by_field_name("name")) is not None
            ):
                return []  # a built configuration (conf.toBuilder().build()): read where it was built
            calls = [*first, *_calls_on(apis, var.node.id, build, invocations), *calls]
            held = var
    if current is not None and current.type == "object_creation_expression":
        created = current.child_by_field_name("type")
        if created is not None and "".join(apis.source(created).split()) in _MARIADB_BUILDERS:
            return _mariadb(apis, current, calls, build, held)
        return []
    if calls and _is_spring_create(apis, calls[0]):
        return _spring(apis, calls[1:], build, held)
    made = _debezium(apis, current, calls)
    return [made] if made is not None else []


def _chain(start: Node | None) -> tuple[Node | None, list[Node]]:
    """What a call chain starts from (a ``new``, a name) and its calls, innermost first."""
    calls: list[Node] = []
    current = start
    while current is not None and current.type == "method_invocation" and len(calls) < _MAX_CHAIN:
        calls.append(current)
        current = current.child_by_field_name("object")
    calls.reverse()
    return current, calls


def _calls_on(apis: Apis, var_id: int, build: Node, invocations: list[Node]) -> list[Node]:
    """The calls made on a builder variable before ``build``, each statement's
    chain in order (``b.addHost(h, p).sslMode(m);``).
    """
    index = apis.calls_by_var
    if index is None:
        index = apis.calls_by_var = {}
        for call in invocations:
            obj = call.child_by_field_name("object")
            if obj is not None and obj.type == "identifier":
                var = apis.symbols.resolve(obj)
                if var is not None:
                    index.setdefault(var.node.id, []).append(call)
    out: list[Node] = []
    for direct in index.get(var_id, []):
        if direct.start_byte >= build.start_byte or len(out) >= _MAX_CHAIN:
            break
        chain = [direct]
        parent = apis.symbols.parent(direct)
        while (
            parent is not None
            and parent.type == "method_invocation"
            and parent.id != build.id
            and (inner := parent.child_by_field_name("object")) is not None
            and inner.id == chain[-1].id
            and len(chain) < _MAX_CHAIN
        ):
            chain.append(parent)
            parent = apis.symbols.parent(parent)
        out.extend(chain)
    return out


def _is_spring_create(apis: Apis, call: Node) -> bool:
    name = call.child_by_field_name("name")
    obj = call.child_by_field_name("object")
    return (
        name is not None
        and apis.source(name) == "create"
        and obj is not None
        and "".join(apis.source(obj).split()) in _SPRING_BUILDERS
    )


def _method(apis: Apis, call: Node) -> tuple[str, list[Node]]:
    name = call.child_by_field_name("name")
    return (apis.source(name) if name is not None else "", arguments(call))


def _where(apis: Apis, call: Node) -> Location:
    """A chained call's own part, ``.sslMode("trust")`` (the node spans the chain before it)."""
    name = call.child_by_field_name("name")
    start = apis.positions.point_at((name or call).start_byte)
    end = apis.positions.point_at(call.end_byte)
    return Location(apis.path, start[0], start[1], end[0], end[1])


def _mariadb(apis: Apis, creation: Node, calls: list[Node], build: Node, held: Var | None) -> list[Candidate]:
    """One connection per state the builder can be in at ``build`` (issue 16,
    "a branch gives outcomes, not a pick"): a TLS method of a builder variable
    called under a branch is in one state and not in the other, and a value
    under a branch (``sslMode(prod ? "trust" : "disable")``) gives each of its
    values.
    """
    #: The branches around a TLS method of a builder variable, by call: up to
    #: one that holds the variable or the ``build()``.
    placed: dict[int, tuple[Choice, ...]] = {}
    if held is not None:
        stops = (held.node.start_byte, build.start_byte)
        for call in calls:
            method = _method(apis, call)[0]
            if method not in _MARIADB_NOT_PROPERTIES and is_mysql_family_tls_key(method):
                choices = choices_of(call, apis.symbols.parent, lambda c: holds(c, *stops))
                if choices:
                    placed[call.id] = choices

    def replay(choosing: Choosing) -> Candidate:
        with values_chosen(apis.evaluator, choosing):
            return _mariadb_state(apis, creation, calls, build, lambda call: _runs(choosing, placed, call))

    return enumerate_outcomes(replay)


def _runs(choosing: Choosing, placed: dict[int, tuple[Choice, ...]], call: Node) -> bool:
    """Whether ``call`` runs in the replay of ``choosing`` (not under a branch: always)."""
    return call.id not in placed or choosing.taken(placed[call.id])


def _mariadb_state(
    apis: Apis, creation: Node, calls: list[Node], build: Node, runs: Callable[[Node], bool]
) -> Candidate:
    """The connection of the builder's calls that ``runs`` keeps."""
    settings: list[Setting] = []
    hosts: list[JavaText] = []
    database: JavaText | None = None
    for call in calls:
        method, args = _method(apis, call)
        location = _where(apis, call)
        source = f"Configuration.Builder.{method}"
        if method == "addHost" and len(args) >= 2:
            host = apis.evaluate(args[0])
            host.extend(_text(":", apis, args[1]))
            host.extend(apis.evaluate(args[1]))
            hosts.append(host)
            last = args[-1]
            if len(args) >= 3 and last.type == "string_literal":
                settings.append(apis.setting("sslMode", last, location, source))
        elif method == "database" and len(args) == 1:
            database = apis.evaluate(args[0])
        elif method not in _MARIADB_NOT_PROPERTIES and len(args) == 1 and runs(call):
            settings.append(apis.setting(method, args[0], location, source))
    url = _text("jdbc:mariadb://", apis, creation)
    for i, host in enumerate(hosts):
        if i:
            url.extend(_text(",", apis, creation))
        url.extend(host)
    if not hosts:
        url.extend(apis.evaluator.dynamic(creation))
    url.extend(_text("/", apis, creation))
    if database is not None:
        url.extend(database)
    apis.consumed_literals |= url.literals
    return Candidate(
        CandidateKind.JDBC,
        apis.location(build),
        url=url.span(apis.path),
        settings=tuple(settings),
        trail=tuple(url.hops),
    )


def _spring(apis: Apis, calls: list[Node], build: Node, held: Var | None) -> list[Candidate]:
    """One connection per URL the builder can hold at ``build``: a ternary's
    values, and each ``url(…)`` of a builder variable called under a branch
    with the URL set before it (issue 16, "a branch gives outcomes, not a pick").
    """
    placed: dict[int, tuple[Choice, ...]] = {}
    if held is not None:
        stops = (held.node.start_byte, build.start_byte)
        for call in calls:
            if _method(apis, call)[0] == "url":
                choices = choices_of(call, apis.symbols.parent, lambda c: holds(c, *stops))
                if choices:
                    placed[call.id] = choices

    def replay(choosing: Choosing) -> Candidate | None:
        with values_chosen(apis.evaluator, choosing):
            return _spring_state(apis, calls, build, lambda call: _runs(choosing, placed, call))

    return [made for made in enumerate_outcomes(replay) if made is not None]


def _spring_state(
    apis: Apis, calls: list[Node], build: Node, runs: Callable[[Node], bool]
) -> Candidate | None:
    """The connection of the builder's calls that ``runs`` keeps, if it is one."""
    settings: list[Setting] = []
    url: JavaText | None = None
    #: The literals of every URL given to the builder, also one set again
    #: later: it reaches the builder, it is no connection of its own.
    literals: set[tuple[int, int]] = set()
    driver = ""
    for call in calls:
        method, args = _method(apis, call)
        if len(args) != 1:
            continue
        if method == "url":
            given = apis.evaluate(args[0])
            literals |= given.literals
            if runs(call):
                url = given
        elif method in _SPRING_KEYS:
            location = _where(apis, call)
            settings.append(
                apis.setting(_SPRING_KEYS[method], args[0], location, f"DataSourceBuilder.{method}")
            )
        elif method == "driverClassName":
            driver = apis.evaluate(args[0]).text.lower()
    if url is None:
        return None
    text = url.text
    if not looks_like_jdbc_url(text) and not (text.startswith(DYNAMIC) and mysql_family_driver_class(driver)):
        return None
    apis.consumed_literals |= literals
    return Candidate(
        CandidateKind.JDBC,
        apis.location(build),
        url=url.span(apis.path),
        settings=tuple(settings),
        trail=tuple(url.hops),
    )


def _text(text: str, apis: Apis, at: Node) -> JavaText:
    """Text the builder adds (not written in the source), standing at ``at``."""
    out = JavaText()
    out.add_at(text, apis.positions.point_at(at.start_byte))
    return out


# -- Debezium's Configuration.Builder ------------------------------------------

#: How a Debezium configuration chain starts empty: ``Configuration.create()`` / ``.empty()``.
_DEBEZIUM_STARTS = frozenset({"create", "empty"})
_DEBEZIUM_CONFIGURATION = frozenset({"Configuration", "io.debezium.config.Configuration"})
#: Builder calls that change no key (``edit()`` turns a configuration into a builder).
_DEBEZIUM_NEUTRAL = frozenset({"edit", "build"})


def _debezium(apis: Apis, start: Node | None, calls: list[Node]) -> Candidate | None:
    """The connector a Debezium ``Configuration`` chain configures, or None."""
    from connlint.clients.debezium import JAVA_FIELDS
    from connlint.frontends.kafka_connect import from_settings

    if not calls:
        return None
    settings: list[Setting] = []
    implied: Setting | None = None
    hidden: Setting | None = None
    rest = calls
    if _is_debezium_start(apis, calls[0]):
        rest = calls[1:]
    else:
        hidden = _hidden(apis, start if start is not None else calls[0], calls[0])
    for call in rest:
        method, args = _method(apis, call)
        if method in _DEBEZIUM_NEUTRAL and not args:
            continue
        if method not in ("with", "withDefault") or len(args) != 2:
            # with(otherConfig), withSystemProperties(…), a harness's own method: any key
            hidden = hidden or _hidden(apis, call, call)
            continue
        key, connector = _debezium_key(apis, args[0])
        location = _where(apis, call)
        if key is None:
            continue  # a field of another setting (snapshot mode, topic prefix …)
        if method == "withDefault" and any(s.key == key for s in settings):
            continue  # a default, the value set before stands
        settings.append(_debezium_value(apis, key, args[1], location))
        if connector is not None and implied is None:
            implied = Setting("connector.class", connector, location, f"{apis.source(args[0])}")
    if not any(s.key in JAVA_FIELDS.values() for s in settings):
        return None
    if implied is not None and not any(s.key == "connector.class" for s in settings):
        settings.insert(0, implied)
    return from_settings(settings, hidden)


def _is_debezium_start(apis: Apis, call: Node) -> bool:
    name = call.child_by_field_name("name")
    obj = call.child_by_field_name("object")
    return (
        name is not None
        and apis.source(name) in _DEBEZIUM_STARTS
        and obj is not None
        and "".join(apis.source(obj).split()) in _DEBEZIUM_CONFIGURATION
    )


def _hidden(apis: Apis, what: Node, at: Node) -> Setting:
    """Keys not known statically come in at ``at`` (``simpleConfig()``, ``withSystemProperties(…)``)."""
    name = at.child_by_field_name("name") if at.type == "method_invocation" else None
    written = f"{apis.source(name)}(…)" if name is not None else apis.source(what)[:60]
    return Setting("", None, _where(apis, at), written, None, written)


def _debezium_key(apis: Apis, node: Node) -> tuple[str | None, str | None]:
    """A ``with`` call's key and the connector its ``Field``'s class implies."""
    from connlint.clients.debezium import JAVA_CONFIG_CLASSES, JAVA_FIELDS

    if node.type == "field_access":
        obj = node.child_by_field_name("object")
        field = node.child_by_field_name("field")
        owner = apis.source(obj).rpartition(".")[2] if obj is not None else ""
        name = apis.source(field) if field is not None else ""
        if owner in JAVA_CONFIG_CLASSES:
            return JAVA_FIELDS.get(name), JAVA_CONFIG_CLASSES[owner]
    if node.type not in ("string_literal", "identifier", "field_access", "binary_expression"):
        return None, None
    text = apis.evaluate(node).text
    return (text, None) if text and DYNAMIC not in text else (None, None)


def _debezium_value(apis: Apis, key: str, node: Node, location: Location) -> Setting:
    """The value of a ``with`` call: a mode enum's configuration string, else its value."""
    from connlint.clients.debezium import JAVA_MODE_ENUMS

    source = f"Configuration.Builder.with({key})"
    if node.type == "field_access":
        obj = node.child_by_field_name("object")
        field = node.child_by_field_name("field")
        owner = apis.source(obj).rpartition(".")[2] if obj is not None else ""
        value = JAVA_MODE_ENUMS.get(owner, {}).get(apis.source(field) if field is not None else "")
        if value is not None:
            return Setting(key, value, location, source)
    return apis.setting(key, node, location, source)
