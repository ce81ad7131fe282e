"""SQLAlchemy engines and URLs and Django ``DATABASES``: which driver they name
and the settings they hand to it.

SQLAlchemy: ``create_engine(url, connect_args={...})`` (``connect_args`` is
passed verbatim to the DBAPI ``connect()``), ``URL.create(...)``,
``make_url(...)`` and URL literals; settings ``url`` (the URL, ``value_span``
located), ``url.query.<key>``, ``url.password``, ``url.host``, every other key
from ``connect_args``.  Django: each alias of ``DATABASES`` whose ``ENGINE`` is a
MySQL backend, with its ``OPTIONS``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import libcst as cst

from connlint.frontends.python.bindings import Scope
from connlint.frontends.python.literals import literal_text, raw_text, redact_url
from connlint.frontends.python.names import MAX_DEPTH, keyword_arg, positional
from connlint.frontends.python.settings import Flattener
from connlint.frontends.python.values import DictValue, Entry, Env, Str, Unknown
from connlint.model import Candidate, CandidateKind, Hop, Setting, Span

#: SQLAlchemy engine factories: URL first, ``connect_args=`` passed verbatim
#: to the DBAPI connect() (SQLAlchemy docs, "Engine Configuration", Custom DBAPI
#: connect() arguments).
ENGINE_CALLS: frozenset[str] = frozenset(
    {
        "sqlalchemy.create_engine",
        "sqlalchemy.engine.create_engine",
        "sqlalchemy.engine.create.create_engine",
        "sqlalchemy.ext.asyncio.create_async_engine",
        "sqlalchemy.ext.asyncio.engine.create_async_engine",
    }
)

#: SQLAlchemy URL builders: ``URL.create(drivername=..., query={...})`` and ``make_url(str)``.
URL_CREATE_CALLS: frozenset[str] = frozenset(
    {
        "sqlalchemy.URL.create",
        "sqlalchemy.engine.URL.create",
        "sqlalchemy.engine.url.URL.create",
    }
)
MAKE_URL_CALLS: frozenset[str] = frozenset(
    {
        "sqlalchemy.make_url",
        "sqlalchemy.engine.make_url",
        "sqlalchemy.engine.url.make_url",
    }
)
#: ``engine_from_config(configuration, prefix="sqlalchemy.", **kwargs)``.
ENGINE_FROM_CONFIG_CALLS: frozenset[str] = frozenset(
    {
        "sqlalchemy.engine_from_config",
        "sqlalchemy.engine.engine_from_config",
        "sqlalchemy.engine.create.engine_from_config",
        "sqlalchemy.ext.asyncio.async_engine_from_config",
        "sqlalchemy.ext.asyncio.engine.async_engine_from_config",
    }
)

_SQLALCHEMY_URL = re.compile(r"^(?:mysql|mariadb)(?:\+\w+)?://", re.IGNORECASE)


def url_text(node: cst.CSTNode) -> bool:
    """True for a string literal that starts like a MySQL-family SQLAlchemy URL."""
    if not isinstance(node, cst.BaseString):
        return False
    return url_start(raw_text(node))


def url_start(raw: str) -> bool:
    """True when ``raw`` (a literal's text, quotes and prefix letters first) starts
    like a MySQL-family SQLAlchemy URL (also :mod:`.screen`'s test of strings).
    """
    return bool(_SQLALCHEMY_URL.match(raw.lstrip("'\"rRbBuUfF")))


def engine_call(ev: Flattener, node: cst.Call, scope: Scope, order: int) -> list[Candidate]:
    """The candidate of ``create_engine(url, connect_args=...)`` (none when not MySQL and no TLS argument)."""
    first = positional(node, 0) or keyword_arg(node, "url")
    extra = keyword_arg(node, "connect_args")
    return _engine(
        ev,
        node,
        None if first is None else _Arg(first.value, first, scope, order),
        None if extra is None else _Arg(extra.value, extra, scope, order),
    )


def engine_from_config_call(ev: Flattener, node: cst.Call, scope: Scope, order: int) -> list[Candidate]:
    """The candidate of ``engine_from_config(config, prefix="sqlalchemy.")``: the
    URL is the config's ``<prefix>url``, ``connect_args`` a keyword or ``<prefix>connect_args``.
    """
    config = positional(node, 0) or keyword_arg(node, "configuration")
    if config is None:
        return []
    prefix = "sqlalchemy."
    given = positional(node, 1) or keyword_arg(node, "prefix")
    if given is not None:
        value = ev.evaluate(given.value, scope, order)
        if not isinstance(value, Str) or value.span.dynamic:
            return []
        prefix = value.span.text
    entries = ev.evaluate(config.value, scope, order)
    if not isinstance(entries, DictValue):
        return []
    found = {entry.key: entry for entry in entries.entries}
    url = found.get(prefix + "url")
    extra = keyword_arg(node, "connect_args")
    extra_entry = found.get(prefix + "connect_args")
    connect_args = None
    if extra is not None:
        connect_args = _Arg(extra.value, extra, scope, order)
    elif extra_entry is not None:
        connect_args = _Arg(extra_entry.value, extra_entry.node, extra_entry.scope, extra_entry.order)
    return _engine(
        ev,
        node,
        None if url is None else _Arg(url.value, url.node, url.scope, url.order),
        connect_args,
    )


class _Arg(NamedTuple):
    """An argument's expression, the node it is located at, and where to evaluate it."""

    value: cst.BaseExpression
    at: cst.CSTNode
    scope: Scope
    order: int


def _engine(ev: Flattener, node: cst.Call, url: _Arg | None, extra: _Arg | None) -> list[Candidate]:
    connect_args: list[Setting] = []
    if extra is not None:
        value = ev.evaluate(extra.value, extra.scope, extra.order)
        if isinstance(value, DictValue):
            for entry in value.entries:
                inner = ev.evaluate(entry.value, entry.scope, entry.order)
                connect_args.extend(ev.here(ev.settings(entry.key, inner, entry.node), extra.at))
            connect_args.extend(Setting("**", None, ev.loc(extra.at), s, unknown=s) for s in value.spread)
        else:
            text = ev.code(extra.at)
            connect_args.append(Setting("**", None, ev.loc(extra.at), text, unknown=text))
    tls_args = any(s.key.split(".", 1)[0].startswith("ssl") for s in connect_args)
    url_settings: list[Setting] = []
    driver: str | None = None
    if url is not None:
        driver, url_settings = url_from(ev, url.value, url.at, url.scope, url.order, keep_unknown=tls_args)
    if driver is None and not tls_args:
        return []  # not known to be MySQL, and nothing TLS-related to say
    return [
        Candidate(
            CandidateKind.PYTHON,
            ev.loc(node),
            settings=tuple(url_settings + connect_args),
            driver=driver,
        )
    ]


def url_from(
    ev: Flattener,
    node: cst.BaseExpression,
    at: cst.CSTNode,
    scope: Scope,
    order: int,
    depth: int = 0,
    keep_unknown: bool = False,
) -> tuple[str | None, list[Setting]]:
    """Driver id and ``url*`` settings of a URL expression (a literal, a constant, URL.create).

    A URL that is not known statically gives a setting only with ``keep_unknown``
    (its location costs a position pass over the statement).
    """
    if depth > MAX_DEPTH:
        return None, []
    if isinstance(node, cst.Name):
        binding = ev.lookup(node.value, scope, order)
        if binding is not None and binding.value is not None:
            return url_from(
                ev,
                binding.value,
                at,
                binding.scope,
                binding.order,
                depth + 1,
                keep_unknown,
            )
    if isinstance(node, cst.Call):
        name = ev.qualname_of(node.func, scope, order)
        if name in URL_CREATE_CALLS:
            ev.consumed.add(id(node))
            return url_create(ev, node, scope, order)
        if name in MAKE_URL_CALLS:
            ev.consumed.add(id(node))
            inner = positional(node, 0)
            if inner is None:
                return None, []
            return url_from(ev, inner.value, inner, scope, order, depth + 1, keep_unknown)
    literal = literal_text(node)
    if literal is not None and _dialect_driver(literal) is None:
        return None, []  # another database's URL: no need for positions
    value = ev.evaluate(node, scope, order)
    if isinstance(value, Str):
        ev.consumed.update(value.nodes)
        driver = _dialect_driver(value.span.text)
        if driver is None and not value.span.dynamic:
            return None, []
        return driver, [url_setting(value.span, value.trail)]
    if isinstance(value, Env | Unknown) and keep_unknown:
        unknown = value.name if isinstance(value, Env) else value.text
        return None, [Setting("url", None, ev.loc(at), ev.code(at), unknown=unknown)]
    return None, []


def url_setting(span: Span, trail: tuple[Hop, ...] = ()) -> Setting:
    """The ``url`` setting of a located URL (its password redacted)."""
    return Setting("url", redact_url(span.text), span.locate(), "", span, trail=trail)


def url_create(ev: Flattener, node: cst.Call, scope: Scope, order: int) -> tuple[str | None, list[Setting]]:
    """Driver id and settings of ``URL.create(drivername, password=, host=, query={...})``."""
    out: list[Setting] = []
    driver: str | None = None
    drivername = positional(node, 0) or keyword_arg(node, "drivername")
    if drivername is not None:
        value = ev.evaluate(drivername.value, scope, order)
        if isinstance(value, Str):
            driver = _dialect_driver(value.span.text + "://")
            out.append(ev.single("url.drivername", value, ev.loc(drivername), ev.code(drivername)))
    for keyword in ("password", "host"):
        arg = keyword_arg(node, keyword)
        if arg is not None:
            value = ev.evaluate(arg.value, scope, order)
            out.extend(ev.settings(f"url.{keyword}", value, arg))
    query = keyword_arg(node, "query")
    if query is not None:
        value = ev.evaluate(query.value, scope, order)
        if isinstance(value, DictValue):
            for entry in value.entries:
                inner = ev.evaluate(entry.value, entry.scope, entry.order)
                out.extend(ev.settings(f"url.query.{entry.key}", inner, entry.node))
    return driver, out


def url_call(ev: Flattener, node: cst.Call, scope: Scope, order: int) -> list[Candidate]:
    """The candidate of a ``URL.create``/``make_url`` call not passed to an engine."""
    driver, settings = url_from(ev, node, node, scope, order)
    if driver is None:
        return []
    return [Candidate(CandidateKind.PYTHON, ev.loc(node), settings=tuple(settings), driver=driver)]


def url_literal(ev: Flattener, node: cst.BaseString, scope: Scope, order: int) -> list[Candidate]:
    """The candidate of a URL literal not already part of another candidate."""
    literal = literal_text(node)
    if literal is not None and _dialect_driver(literal) is None:
        return []  # SQL or prose that mentions MySQL: positions would cost a codegen
    value = ev.string_span(node, scope, order)
    if value is None or any(n in ev.consumed for n in value.nodes):
        return []
    driver = _dialect_driver(value.span.text)
    if driver is None or _prefix_only(value.span.text):
        return []
    scheme_mysql = value.span.text.lstrip().startswith("mysql://")
    if scheme_mysql and _imports(ev, MYCLI_DSN):
        return []  # a mycli DSN (see MYCLI_DSN)
    if scheme_mysql and _imports(ev, "tortoise"):
        driver = "asyncmy"  # Tortoise ORM's mysql:// (see _imports)
    ev.consumed.update(value.nodes)
    return [
        Candidate(
            CandidateKind.PYTHON,
            ev.loc(node),
            settings=(url_setting(value.span),),
            driver=driver,
        )
    ]


def _imports(ev: Flattener, package: str) -> bool:
    """True when the module imports ``package`` (a top-level one).

    Tortoise ORM's ``mysql://`` URLs (``Tortoise.init(db_url=...)``,
    ``register_tortoise``, a ``connections`` config) open asyncmy pools, or
    aiomysql's where asyncmy is not installed: both connect without TLS unless
    given ``ssl`` (tortoise-orm ``tortoise/backends/base/config_generator.py``
    DB_LOOKUP["mysql"], ``tortoise/backends/mysql/client.py``).  SQLAlchemy reads
    the same scheme as mysqlclient's.  For mycli see :data:`MYCLI_DSN`.
    """
    scope = ev.collector.module_scope
    return any(
        (b.qualname is not None and b.qualname.split(".", 1)[0] == package)
        or (b.source is not None and b.source[1] == 0 and b.source[0].split(".", 1)[0] == package)
        for bindings in scope.bindings.values()
        for b in bindings
    )


#: In a module that imports mycli, a ``mysql://`` string is a mycli DSN
#: (``mycli mysql://user@host/db?ssl_mode=off``, ``[alias_dsn]`` entries): mycli
#: parses it itself and connects with PyMySQL under its own ``ssl_mode``
#: (auto/on/off) and ``--ssl-*`` options (mycli ``mycli/app_state.py``,
#: ``mycli/cli_runner.py``), a grammar this front-end does not model.  Read as a
#: SQLAlchemy URL it was a mysqlclient connection with the wrong keys
#: (``ssl_mode=off`` "ineffective"): not a candidate.
MYCLI_DSN = "mycli"


def _prefix_only(url: str) -> bool:
    """True for a scheme with nothing after it (``"mysql://"``, ``"mysql+pymysql://"``):
    a prefix that code builds URLs from or tests them against
    (``url.startswith("mysql://")``), not a connection.
    """
    return not url.split("://", 1)[1].strip()


def django(ev: Flattener) -> list[Candidate]:
    """A candidate for each MySQL alias of the module's ``DATABASES``."""
    module = ev.collector.module_scope
    out: list[Candidate] = []
    aliases: list[Entry] = []
    for binding in module.bindings.get("DATABASES", ()):
        if binding.value is None:
            continue
        value = ev.evaluate(binding.value, module, binding.order)
        if isinstance(value, DictValue):
            aliases.extend(value.entries)
    for m in module.mutations.get("DATABASES", ()):
        if m.kind == "item" and m.value is not None:
            aliases.append(Entry(m.member, m.value, module, m.order, m.node))
    for alias in aliases:
        config = ev.evaluate(alias.value, alias.scope, alias.order)
        if isinstance(config, DictValue):
            candidate = django_alias(ev, alias, config)
            if candidate is not None:
                out.append(candidate)
    return out


def django_alias(ev: Flattener, alias: Entry, config: DictValue) -> Candidate | None:
    """The candidate of one ``DATABASES`` alias (None for a backend that is not MySQL)."""
    engine: str | None = None
    settings: list[Setting] = []
    for entry in config.entries:
        value = ev.evaluate(entry.value, entry.scope, entry.order)
        if entry.key == "ENGINE":
            engine = value.span.text if isinstance(value, Str) else None
        elif entry.key == "OPTIONS":
            if isinstance(value, DictValue):
                for option in value.entries:
                    inner = ev.evaluate(option.value, option.scope, option.order)
                    settings.extend(ev.settings(option.key, inner, option.node))
                settings.extend(Setting("**", None, ev.loc(entry.node), s, unknown=s) for s in value.spread)
            else:
                text = ev.code(entry.node)
                settings.append(Setting("**", None, ev.loc(entry.node), text, unknown=text))
        elif entry.key in ("PASSWORD", "HOST", "PORT", "USER"):
            settings.extend(ev.settings(entry.key.lower(), value, entry.node))
    driver = _django_driver(engine)
    if driver is None:
        return None
    return Candidate(CandidateKind.PYTHON, ev.loc(alias.node), settings=tuple(settings), driver=driver)


def _dialect_driver(url: str) -> str | None:
    from connlint.clients.python_drivers import dialect_driver

    return dialect_driver(url)


def _django_driver(engine: str | None) -> str | None:
    """Django ENGINE -> driver id.

    ``*.mysql`` backends call MySQLdb.connect (django/db/backends/mysql/base.py);
    ``mysql.connector.django`` is mysql-connector-python's own backend.
    """
    if engine is None:
        return None
    if engine == "mysql.connector.django":
        return "mysql.connector"
    if engine.endswith(".mysql"):
        return "MySQLdb"
    return None
