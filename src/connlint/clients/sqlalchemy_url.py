"""SQLAlchemy URLs of the MySQL family: parse them, and turn one into the
keyword arguments its dialect passes to the driver (``create_connect_args``).

Sources: SQLAlchemy ``lib/sqlalchemy/engine/url.py`` (``_parse_url``) and the
MySQL dialects ``lib/sqlalchemy/dialects/mysql/mysqldb.py``,
``mysqlconnector.py``, ``mariadbconnector.py``
(https://github.com/sqlalchemy/sqlalchemy).
"""

from __future__ import annotations

import re
from dataclasses import field
from urllib.parse import unquote

from connlint import lazy
from connlint.lazy import dataclass
from connlint.model import Candidate, Fact, FactKind, Location, Secret, Setting, Span

#: SQLAlchemy URL scheme (lower-cased) -> driver id.  Plain ``mysql://`` and
#: ``mariadb://`` use mysqldb (``dialects/mysql/__init__.py``: ``base.dialect = mysqldb.dialect``).
DIALECT_DRIVER: dict[str, str] = {
    "mariadb": "MySQLdb",
    "mariadb+mariadbconnector": "mariadb",
    "mariadb+mysqlconnector": "mysql.connector",
    "mariadb+mysqldb": "MySQLdb",
    "mariadb+pymysql": "pymysql",
    "mysql": "MySQLdb",
    "mysql+aiomysql": "aiomysql",
    "mysql+asyncmy": "asyncmy",
    "mysql+mariadbconnector": "mariadb",
    "mysql+mysqlconnector": "mysql.connector",
    "mysql+mysqldb": "MySQLdb",
    "mysql+pymysql": "pymysql",
}


#: Dialects built on SQLAlchemy's mysqldb ``create_connect_args``: these URL
#: query keys are collected into the ``ssl`` dict with the ``ssl_`` prefix
#: stripped; ``ssl_check_hostname`` is coerced to bool (SQLAlchemy 1.4.15+).
#: Every other key is passed through as a string keyword (
#: ``mysqldb.py`` 229-245; pymysql, aiomysql and asyncmy inherit it).
MYSQLDB_URL_SSL_KEYS: dict[str, bool] = {
    "ssl_ca": False,
    "ssl_capath": False,
    "ssl_cert": False,
    "ssl_check_hostname": True,
    "ssl_cipher": False,
    "ssl_key": False,
}


MYSQLDB_FAMILY_DIALECTS: frozenset[str] = frozenset({"MySQLdb", "aiomysql", "asyncmy", "pymysql"})


#: URL query keys SQLAlchemy coerces to bool for the other dialects; the rest
#: stay strings, so ``ssl_disabled=false`` is the truthy string "false"
#: (``mysqlconnector.py`` 165-185, ``mariadbconnector.py`` 180-200).
URL_BOOL_KEYS: dict[str, frozenset[str]] = {
    "mariadb": frozenset({"ssl", "ssl_verify_cert"}),
    "mysql.connector": frozenset({"ssl_verify_cert"}),
}


# SQLAlchemy ``util.asbool`` spellings.
_ASBOOL_FALSE = frozenset({"false", "no", "off", "n", "f", "0"})


_ASBOOL_TRUE = frozenset({"true", "yes", "on", "y", "t", "1"})


# SQLAlchemy's own URL pattern (``sqlalchemy/engine/url.py`` ``_parse_url``).
_URL = re.compile(
    r"""
    (?P<name>[\w+]+)://
    (?:
        (?P<username>[^:/]*)
        (?::(?P<password>[^@]*))?
    @)?
    (?:
        (?:
            \[(?P<ipv6host>[^/?]+)\] |
            (?P<ipv4host>[^/:?]+)
        )?
        (?::(?P<port>[^/?]*))?
    )?
    (?:/(?P<database>[^?]*))?
    (?:\?(?P<query>.*))?
    """,
    re.X | re.S,
)


@dataclass(frozen=True)
class UrlParam:
    """One ``key=value`` of a URL query, located inside the literal."""

    key: str
    value: str
    location: Location
    value_span: Span


@dataclass(frozen=True)
class SqlAlchemyUrl:
    """What a SQLAlchemy URL literal says about the connection."""

    scheme: str
    driver: str | None
    password: Span | None = None
    host: str | None = None
    host_location: Location | None = None
    query: tuple[UrlParam, ...] = field(default_factory=tuple)


def dialect_driver(url: str) -> str | None:
    """Driver id of a SQLAlchemy URL's dialect (``mysql+pymysql://`` -> ``pymysql``), or None."""
    scheme = url.split("://", 1)[0].strip().lower() if "://" in url else ""
    return DIALECT_DRIVER.get(scheme)


def parse_sqlalchemy_url(span: Span) -> SqlAlchemyUrl | None:
    """Parse a located SQLAlchemy URL; None when it is not a MySQL-family URL."""
    text = span.text
    match = _URL.match(text)
    if match is None:
        return None
    scheme = match.group("name").lower()
    driver = DIALECT_DRIVER.get(scheme)
    if driver is None:
        return None
    password: Span | None = None
    if match.group("password") is not None:
        password = span.slice(match.start("password"), match.end("password"))
    host: str | None = None
    host_location: Location | None = None
    for group in ("ipv6host", "ipv4host"):
        if match.group(group):
            host = unquote(match.group(group))
            host_location = span.locate(match.start(group), match.end(group))
    params: list[UrlParam] = []
    if match.group("query") is not None:
        start = match.start("query")
        for part in re.finditer(r"[^&]+", match.group("query")):
            pair_start = start + part.start()
            pair_end = start + part.end()
            key, sep, raw_value = part.group().partition("=")
            value_start = pair_start + len(key) + len(sep)
            params.append(
                UrlParam(
                    unquote(key),
                    unquote(raw_value),
                    span.locate(pair_start, pair_end),
                    span.slice(value_start, pair_end),
                )
            )
    return SqlAlchemyUrl(scheme, driver, password, host, host_location, tuple(params))


def _literal_password(span: Span | None) -> str | None:
    """The password when it is a literal (not empty, not a ``{}``/``%s``/``${X}``/``<pw>`` placeholder)."""
    if span is None or not span.text or span.dynamic:
        return None
    if _PASSWORD_PLACEHOLDER.search(span.text):
        return None
    return unquote(span.text)


#: A part of a password left for a template or format call to fill in: ``{}``,
#: ``{pw}``, ``{{ pw }}``, ``${PW}``, ``$PW``, ``<password>``, ``%s``, ``%(pw)s``.  A
#: lone brace or dollar sign is a character of the password (``ANo9{_&4``).
_PASSWORD_PLACEHOLDER = lazy.compile(r"\{\w*\}|\{\{|\$\{|\$[A-Za-z_]|<\w+>|%(?:\(\w+\))?s")


def url_settings(candidate: Candidate) -> tuple[list[Setting], list[Fact], Setting | None]:
    """The keyword arguments a SQLAlchemy dialect passes to its driver.

    ``url*`` settings become the driver's keywords; connect_args stay after them.
    """
    driver = candidate.driver
    derived: list[Setting] = []
    facts: list[Fact] = []
    host: Setting | None = None
    connect_args = [s for s in candidate.settings if s.key != "url" and not s.key.startswith("url.")]
    for setting in candidate.settings:
        if setting.key == "url" and setting.value_span is not None:
            url = parse_sqlalchemy_url(setting.value_span)
            if url is None:
                continue
            secret = _literal_password(url.password)
            if secret and url.password is not None:
                located = Secret(secret, url.password)
                facts.append(Fact(FactKind.CREDENTIAL, url.password.locate(), "password", located))
            if url.host is not None and url.host_location is not None:
                host = Setting("host", url.host, url.host_location, f"host {url.host}")
            elif url.host is None:
                host = Setting("host", "localhost", setting.location, "no host")
            for param in url.query:
                derived.append(
                    Setting(
                        param.key, param.value, param.location, f"{param.key}={param.value}", param.value_span
                    )
                )
        elif setting.key == "url" and setting.value is None:
            derived.append(Setting("**", None, setting.location, setting.source, unknown=setting.unknown))
        elif setting.key.startswith("url.query."):
            derived.append(_renamed(setting, setting.key[len("url.query.") :]))
        elif setting.key == "url.password" and isinstance(setting.value, Secret) and setting.value.reveal():
            facts.append(Fact(FactKind.CREDENTIAL, setting.location, "password", setting.value))
        elif setting.key == "url.host":
            host = _renamed(setting, "host")
    routed: list[Setting] = []
    bool_keys = URL_BOOL_KEYS.get(driver or "", frozenset())
    for setting in derived:
        if driver in MYSQLDB_FAMILY_DIALECTS and setting.key in MYSQLDB_URL_SSL_KEYS:
            renamed = _renamed(setting, "ssl." + setting.key[4:])
            routed.append(_as_bool(renamed) if MYSQLDB_URL_SSL_KEYS[setting.key] else renamed)
        elif setting.key in bool_keys:
            routed.append(_as_bool(setting))
        else:
            routed.append(setting)
    # connect_args replace what the URL gave (SQLAlchemy: cparams.update(connect_args)).
    replaced = {s.key.split(".", 1)[0] for s in connect_args}
    routed = [s for s in routed if s.key.split(".", 1)[0] not in replaced]
    if host is not None and "host" not in replaced:
        routed.insert(0, host)
    return routed + connect_args, facts, host


def _renamed(setting: Setting, key: str) -> Setting:
    return Setting(key, setting.value, setting.location, setting.source, setting.value_span, setting.unknown)


def _as_bool(setting: Setting) -> Setting:
    """SQLAlchemy ``asbool`` applied to a URL string: a constant True/False."""
    if not isinstance(setting.value, str) or setting.value_span is None:
        return setting
    lowered = setting.value.strip().lower()
    if lowered in _ASBOOL_FALSE:
        value: str | None = "False"
    elif lowered in _ASBOOL_TRUE:
        value = "True"
    else:
        value = None
    return Setting(
        setting.key, value, setting.location, setting.source, None, setting.unknown or setting.value
    )
