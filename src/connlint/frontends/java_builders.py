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
* Spring: ``url(…)``, ``username(…)``, ``password(…)``
  (org.springframework.boot.jdbc.DataSourceBuilder); a connection when the URL
  is a MySQL-family one, or unknown with a MySQL-family ``driverClassName``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from connlint.clients.jdbc_url import looks_like_jdbc_url
from connlint.frontends.java_literals import JavaText
from connlint.frontends.java_syntax import arguments
from connlint.frontends.java_uses import only_checked
from connlint.model import DYNAMIC, Candidate, CandidateKind, Location, Setting

if TYPE_CHECKING:
    from connlint.frontends.java_apis import Apis

#: Calls of one chain read at most.
_MAX_CHAIN = 128
#: How ``new Configuration.Builder()`` is written (imported or qualified).
_MARIADB_BUILDERS = frozenset({"Configuration.Builder", "org.mariadb.jdbc.Configuration.Builder"})
_SPRING_BUILDERS = frozenset({"DataSourceBuilder", "org.springframework.boot.jdbc.DataSourceBuilder"})
#: Builder methods that are not driver properties.
_MARIADB_NOT_PROPERTIES = frozenset({"addHost", "addresses", "database", "haMode", "build", "clone"})
_SPRING_KEYS = {"username": "user", "password": "password"}


def builder_candidate(apis: Apis, build: Node, invocations: list[Node] | None = None) -> Candidate | None:
    """The connection a ``….build()`` chain configures, if it is one of the
    builders; a builder held in a variable (``b.sslMode(…); b.build()``) is
    read with the calls made on it before (``invocations``: the file's calls).
    """
    name = build.child_by_field_name("name")
    if name is None or apis.source(name) != "build" or arguments(build):
        return None
    if only_checked(build, apis.symbols, apis.source):
        return None  # a configuration a test builds only to compare it
    current, calls = _chain(build.child_by_field_name("object"))
    if current is not None and current.type == "identifier" and invocations is not None:
        var = apis.symbols.resolve(current)
        if var is not None and var.value is not None and not var.reassigned and not var.is_field:
            current, first = _chain(var.value)
            if any(
                apis.source(n) == "build" for c in first if (n := c.child_by_field_name("name")) is not None
            ):
                return None  # a built configuration (conf.toBuilder().build()): read where it was built
            calls = [*first, *_calls_on(apis, var.node.id, build, invocations), *calls]
    if current is not None and current.type == "object_creation_expression":
        created = current.child_by_field_name("type")
        if created is not None and "".join(apis.source(created).split()) in _MARIADB_BUILDERS:
            return _mariadb(apis, current, calls, build)
        return None
    if calls and _is_spring_create(apis, calls[0]):
        return _spring(apis, calls[1:], build)
    return None


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


def _mariadb(apis: Apis, creation: Node, calls: list[Node], build: Node) -> Candidate:
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
        elif method not in _MARIADB_NOT_PROPERTIES and len(args) == 1:
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


def _spring(apis: Apis, calls: list[Node], build: Node) -> Candidate | None:
    settings: list[Setting] = []
    url: JavaText | None = None
    driver = ""
    for call in calls:
        method, args = _method(apis, call)
        if len(args) != 1:
            continue
        if method == "url":
            url = apis.evaluate(args[0])
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
    if not looks_like_jdbc_url(text) and not (
        text.startswith(DYNAMIC) and ("mysql" in driver or "mariadb" in driver)
    ):
        return None
    apis.consumed_literals |= url.literals
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
