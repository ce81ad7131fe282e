"""Python MySQL drivers: what a driver call's keyword arguments really do.

Pure knowledge, no source parsing.  The Python front-end hands over a
:class:`~connlint.model.Candidate` with ``client=Client.PYTHON``, the driver
id (``pymysql``, ``mysql.connector``, ``MySQLdb``, ``aiomysql``, ``asyncmy``,
``mariadb``; None for a SQLAlchemy engine whose dialect is not known) and flat
settings (see :mod:`connlint.frontends.python` for the key conventions).
:func:`resolve` decides the effective TLS mode per driver; SQLAlchemy URLs are
parsed here too (:func:`parse_sqlalchemy_url`) and routed to the dialect's
driver.

Every fact comes from ``shared/knowledge/python-drivers.md`` (cited as
``python-drivers.md §n``) and rows 18-22 of ``knowledge/README.md``.  The
subtle ones: PyMySQL's ``ssl={"ca": x}`` verifies the CA and the hostname
while ``ssl_ca=x`` alone verifies nothing; mysql-connector-python never
verifies unless ``ssl_verify_cert`` or ``ssl_verify_identity`` is set;
mysqlclient's ``ssl_mode`` is case-sensitive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from urllib.parse import unquote

from connlint.clients import drivers
from connlint.clients.decisions import dedupe_facts
from connlint.clients.hosts import is_loopback
from connlint.clients.versions import at_least
from connlint.model import (
    DYNAMIC,
    Assumptions,
    Candidate,
    Connection,
    Decision,
    Fact,
    FactKind,
    Location,
    Outcome,
    Resolution,
    Secret,
    Setting,
    Span,
    TlsMode,
    Trust,
    TrustKind,
)

# --------------------------------------------------------------------------- knowledge

#: Driver id -> the name findings and the inventory show.
DISPLAY_NAME: dict[str, str] = {module: d.name for module, d in drivers.python_modules().items()}

#: Driver id -> the id under which :class:`~connlint.model.Assumptions` keeps its version.
VERSION_ID: dict[str, str] = {
    module: d.id for module, d in drivers.python_modules().items() if d.configurable
}

#: SQLAlchemy URL scheme (lower-cased) -> driver id.  Plain ``mysql://`` and
#: ``mariadb://`` use mysqldb (python-drivers.md §5).
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
#: Every other key is passed through as a string keyword (python-drivers.md §5,
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
#: (python-drivers.md §5, ``mysqlconnector.py`` 165-185, ``mariadbconnector.py`` 180-200).
URL_BOOL_KEYS: dict[str, frozenset[str]] = {
    "mariadb": frozenset({"ssl", "ssl_verify_cert"}),
    "mysql.connector": frozenset({"ssl_verify_cert"}),
}

#: mysqlclient ``ssl_mode`` values: exact, case-sensitive ``strcmp`` in
#: ``_mysql.c`` ``_get_ssl_mode_num`` (2.0.0+); anything else raises
#: NotSupportedError("Unknown ssl_mode specification") (python-drivers.md §2).
MYSQLCLIENT_SSL_MODES: dict[str, TlsMode] = {
    "DISABLED": TlsMode.DISABLED,
    "PREFERRED": TlsMode.PREFERRED,
    "REQUIRED": TlsMode.REQUIRED,
    "VERIFY_CA": TlsMode.VERIFY_CA,
    "VERIFY_IDENTITY": TlsMode.VERIFY_IDENTITY,
}

#: PyMySQL keyword arguments that switch to the kwarg path and build
#: ``{"ca": ssl_ca, "check_hostname": bool(ssl_verify_identity), "verify_mode":
#: ssl_verify_cert or False}``, replacing any ``ssl=`` dict (python-drivers.md §1,
#: ``connections.py`` v1.1.1 271-292).
PYMYSQL_SSL_KWARGS: tuple[str, ...] = (
    "ssl_ca",
    "ssl_cert",
    "ssl_key",
    "ssl_verify_cert",
    "ssl_verify_identity",
)

#: PyMySQL ``verify_mode`` strings (``_create_ssl_ctx``): "none"/"0"/"false"/"no"
#: -> CERT_NONE, "optional" -> CERT_OPTIONAL, "required"/"1"/"true"/"yes" -> CERT_REQUIRED.
PYMYSQL_VERIFY_NONE: frozenset[str] = frozenset({"none", "0", "false", "no"})
PYMYSQL_VERIFY_ON: frozenset[str] = frozenset({"optional", "required", "1", "true", "yes"})

#: PyMySQL changed its default in 1.2.0 (commit 8e3a79d): no TLS before, PREFERRED after
#: (python-drivers.md §1, README row 19).
PYMYSQL_PREFERRED_SINCE = "1.2.0"

#: mysql-connector-python ``tls_versions`` that are deprecated or rejected
#: (``constants.py`` DEPRECATED_TLS_VERSIONS, python-drivers.md §3), and the
#: same protocols as the ``ssl`` module spells them (Python ``ssl`` docs).
WEAK_TLS_VERSIONS: dict[str, str] = {
    "sslv2": "SSLv2",
    "sslv3": "SSLv3",
    "tlsv1": "TLSv1",
    "tlsv1.0": "TLSv1",
    "tlsv1.1": "TLSv1.1",
    "tlsv1_1": "TLSv1.1",
}
WEAK_SSL_CONSTANTS: dict[str, str] = {
    "PROTOCOL_SSLv2": "SSLv2",
    "PROTOCOL_SSLv3": "SSLv3",
    "PROTOCOL_TLSv1": "TLSv1",
    "PROTOCOL_TLSv1_1": "TLSv1.1",
    "SSLv3": "SSLv3",
    "TLSv1": "TLSv1",
    "TLSv1_1": "TLSv1.1",
}

#: Setting keys (last component, or the whole flat key) that name a CA file or directory.
CA_KEYS: frozenset[str] = frozenset(
    {"ssl_ca", "ssl_capath", "ssl.ca", "ssl.capath", "ssl.context.cafile", "ssl.context.capath"}
)

#: Keys whose literal value is a connection password (CL301).
PASSWORD_KEYS: frozenset[str] = frozenset({"password", "passwd"})

#: Keys that point the driver at an option file, which may hold ``ssl-*`` options.
OPTION_FILE_KEYS: frozenset[str] = frozenset({"read_default_file", "option_files", "default_file"})

#: Where each driver connects when no host is given: mysql-connector-python
#: defaults to 127.0.0.1, the others to localhost (a Unix socket for mysqlclient).
DEFAULT_HOST: dict[str, str] = {"mysql.connector": "127.0.0.1"}

_FALSE_CONSTANTS = frozenset({"False", "None", "0", "0.0", ""})
# SQLAlchemy ``util.asbool`` spellings.
_ASBOOL_FALSE = frozenset({"false", "no", "off", "n", "f", "0"})
_ASBOOL_TRUE = frozenset({"true", "yes", "on", "y", "t", "1"})


# --------------------------------------------------------------------------- SQLAlchemy URLs

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
    if re.search(r"[{}$<>]|%\(|%s", span.text):
        return None
    return unquote(span.text)


def _url_settings(candidate: Candidate) -> tuple[list[Setting], list[Fact], Setting | None]:
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


# --------------------------------------------------------------------------- settings helpers


class _Options:
    """The settings of one call: last one wins per key; context steps kept in order."""

    def __init__(self, settings: Sequence[Setting]) -> None:
        self.all = list(settings)
        self.by_key: dict[str, Setting] = {}
        for setting in settings:
            self.by_key[setting.key] = setting

    def get(self, key: str) -> Setting | None:
        """The setting for ``key``, None when absent or the literal None."""
        setting = self.by_key.get(key)
        if setting is None or _is_none(setting):
            return None
        return setting

    def under(self, prefix: str) -> list[Setting]:
        """Settings whose key starts with ``prefix + "."``, in order."""
        return [s for s in self.all if s.key.startswith(prefix + ".")]

    def spread(self) -> Setting | None:
        """An unresolved ``**kwargs`` (the call may set anything)."""
        return self.by_key.get("**")


def _is_none(setting: Setting) -> bool:
    return setting.value == "None" and setting.value_span is None


def _truth(setting: Setting | None) -> bool | None:
    """Python truthiness of a setting's value; None when not known statically."""
    if setting is None:
        return False
    value = setting.value
    if value is None:
        return None
    if isinstance(value, Secret):
        return bool(value.reveal())
    if DYNAMIC in value:
        return True if value.replace(DYNAMIC, "") else None
    if setting.value_span is not None:  # a string literal: truthy unless empty
        return value != ""
    return value not in _FALSE_CONSTANTS


def _text(setting: Setting) -> str:
    """The setting as written, for ``decided_by`` (passwords never appear)."""
    if setting.source:
        return setting.source
    value = "***" if isinstance(setting.value, Secret) else setting.value
    return f"{setting.key}={value}"


def _known_text(setting: Setting) -> str | None:
    if isinstance(setting.value, str) and DYNAMIC not in setting.value:
        return setting.value
    return None


# --------------------------------------------------------------------------- verdicts


@dataclass(frozen=True)
class _Verdict:
    """A decided mode and the setting that decided it (None: the driver default)."""

    mode: TlsMode
    decision: Decision
    at: Setting | None = None
    trust: Trust | None = None
    outcomes: tuple[Outcome, ...] = ()
    unknown: str | None = None
    facts: tuple[Fact, ...] = ()


def _unknown(setting: Setting, why: str | None = None) -> _Verdict:
    return _Verdict(
        TlsMode.UNKNOWN, Decision.UNKNOWN, setting, unknown=why or setting.unknown or _text(setting)
    )


def _ca_trust(ca: Setting | None, capath: Setting | None) -> Trust:
    chosen = ca or capath
    if chosen is None:
        return Trust(TrustKind.SYSTEM_DEFAULT)
    return Trust(TrustKind.CA_FILE, _known_text(chosen), chosen.location)


class _Verify(Enum):
    NONE = "CERT_NONE"
    REQUIRED = "CERT_REQUIRED"
    UNKNOWN = "unknown"


def _pymysql_verify_mode(setting: Setting | None, hasnoca: bool) -> _Verify:
    """PyMySQL ``_create_ssl_ctx`` reading ``verify_mode`` (python-drivers.md §1)."""
    default = _Verify.NONE if hasnoca else _Verify.REQUIRED
    if setting is None:
        return default
    value = setting.value
    if value is None or isinstance(value, Secret) or DYNAMIC in value:
        return _Verify.UNKNOWN
    if setting.value_span is None and value in ("True", "False"):  # a bool
        return _Verify.REQUIRED if value == "True" else _Verify.NONE
    lowered = value.lower() if setting.value_span is not None else value
    if lowered in PYMYSQL_VERIFY_NONE:
        return _Verify.NONE
    if lowered in PYMYSQL_VERIFY_ON:
        return _Verify.REQUIRED
    return default


def _pymysql_context(
    *,
    ca: Setting | None,
    capath: Setting | None,
    check_hostname: Setting | None,
    check_hostname_present: bool,
    verify_mode: Setting | None,
    anchor: Setting,
    label: str,
    verify_absent_is_off: bool = False,
) -> _Verdict:
    """PyMySQL's (and asyncmy's) ``_create_ssl_ctx(dict)`` as a mode (python-drivers.md §1, §4).

    ``hasnoca = ca is None and capath is None``; ``check_hostname = not hasnoca
    and dict.get("check_hostname", True)``; ``verify_mode`` defaults to
    CERT_NONE without a CA and CERT_REQUIRED with one.  check_hostname True with
    CERT_NONE raises ValueError at connect.
    """
    hasnoca = ca is None and capath is None
    if hasnoca:
        hostname: bool | None = False
    elif not check_hostname_present:
        hostname = True
    else:
        hostname = _truth(check_hostname)
    if verify_mode is None and verify_absent_is_off:
        verify = _Verify.NONE  # kwarg path: "verify_mode": ssl_verify_cert or False
    else:
        verify = _pymysql_verify_mode(verify_mode, hasnoca)
    if hostname is None and check_hostname is not None:
        return _unknown(check_hostname)
    if verify is _Verify.UNKNOWN and verify_mode is not None:
        return _unknown(verify_mode)
    if hostname and verify is _Verify.NONE:
        at = verify_mode or check_hostname or anchor
        fact = Fact(
            FactKind.INEFFECTIVE,
            at.location,
            at.key,
            detail=f"{label} sets check_hostname before verify_mode, so a CA with verification "
            "off raises ValueError at connect (add ssl_verify_cert=True, or verify_mode=True)",
        )
        return _Verdict(
            TlsMode.UNKNOWN, Decision.EXPLICIT, at, unknown="ValueError at connect", facts=(fact,)
        )
    trust = _ca_trust(ca, capath)
    if verify is _Verify.NONE:
        if verify_mode is not None:
            return _Verdict(TlsMode.REQUIRED, Decision.EXPLICIT, verify_mode)
        return _Verdict(TlsMode.REQUIRED, Decision.IMPLIED, anchor)
    if hostname:
        if check_hostname is not None and _truth(check_hostname):
            return _Verdict(TlsMode.VERIFY_IDENTITY, Decision.EXPLICIT, check_hostname, trust)
        return _Verdict(TlsMode.VERIFY_IDENTITY, Decision.IMPLIED, ca or capath or anchor, trust)
    decided = check_hostname if (check_hostname is not None and not hasnoca) else (verify_mode or anchor)
    return _Verdict(TlsMode.VERIFY_CA, Decision.EXPLICIT, decided, trust)


def _ssl_context(steps: Sequence[Setting], prefix: str, label: str) -> _Verdict:
    """An ``ssl.SSLContext`` built in the source, step by step (python-drivers.md §0).

    ``create_default_context()``: CERT_REQUIRED + check_hostname, system CAs
    unless cafile/capath/cadata.  ``SSLContext(PROTOCOL_TLS_CLIENT)``: the same
    but no CAs loaded.  Any other ``SSLContext(...)`` and
    ``_create_unverified_context()``: CERT_NONE, no hostname check.  Setting
    check_hostname True turns CERT_NONE into CERT_REQUIRED (3.7+); CERT_NONE
    while check_hostname is True raises ValueError.
    """
    verify: bool | None = None
    hostname: bool | None = None
    trust: Trust | None = None
    at: Setting | None = None
    created: Setting | None = None
    facts: list[Fact] = []
    for step in steps:
        what = step.key[len(prefix) + len(".context.") :]
        value = step.value if isinstance(step.value, str) else None
        if what == "created_by":
            created = at = step
            if value == "create_default_context":
                verify, hostname, trust = True, True, Trust(TrustKind.SYSTEM_DEFAULT)
            elif value in ("SSLContext", "_create_unverified_context"):
                verify, hostname = False, False
            else:
                return _unknown(step)
        elif what == "protocol":
            if value == "PROTOCOL_TLS_CLIENT":
                verify, hostname, trust = True, True, Trust(TrustKind.UNKNOWN)
                at = step
            elif value is None:
                return _unknown(step)
        elif what in ("cafile", "capath", "cadata"):
            path = _known_text(step) if what != "cadata" else None
            trust = Trust(TrustKind.CA_FILE, path, step.location)
        elif what == "load_default_certs":
            if trust is None or trust.kind is TrustKind.UNKNOWN:
                trust = Trust(TrustKind.SYSTEM_DEFAULT)
        elif what == "check_hostname":
            flag = _truth(step)
            if flag is None:
                return _unknown(step)
            hostname = flag
            if flag and verify is False:
                verify = True
            at = step
        elif what == "verify_mode":
            if value is None:
                return _unknown(step)
            if value == "CERT_NONE":
                if hostname:
                    facts.append(
                        Fact(
                            FactKind.INEFFECTIVE,
                            step.location,
                            "verify_mode",
                            detail="Python raises ValueError: cannot set verify_mode to CERT_NONE while "
                            "check_hostname is enabled (set check_hostname = False first)",
                        )
                    )
                    return _Verdict(
                        TlsMode.UNKNOWN, Decision.EXPLICIT, step, unknown="ValueError", facts=tuple(facts)
                    )
                verify = False
            else:  # CERT_OPTIONAL verifies whatever the server presents, and it always presents one
                verify = True
            at = step
    if created is None or verify is None:
        return _Verdict(TlsMode.UNKNOWN, Decision.UNKNOWN, created, unknown=f"{label} ssl context")
    if not verify:
        return _Verdict(TlsMode.REQUIRED, Decision.EXPLICIT, at)
    mode = TlsMode.VERIFY_IDENTITY if hostname else TlsMode.VERIFY_CA
    return _Verdict(mode, Decision.EXPLICIT, at, trust or Trust(TrustKind.UNKNOWN))


def _option_file_unknown(opts: _Options) -> _Verdict | None:
    for key in OPTION_FILE_KEYS:
        setting = opts.get(key)
        if setting is not None:
            where = _known_text(setting) or setting.unknown or "an option file"
            return _Verdict(
                TlsMode.UNKNOWN, Decision.UNKNOWN, setting, unknown=f"TLS options may come from {where}"
            )
    return None


def _spread_unknown(opts: _Options) -> _Verdict | None:
    spread = opts.spread()
    if spread is None:
        return None
    return _Verdict(TlsMode.UNKNOWN, Decision.UNKNOWN, spread, unknown=spread.unknown or "**kwargs")


# --------------------------------------------------------------------------- per driver


def _pymysql(opts: _Options, version: str | None, label: str, facts: list[Fact]) -> _Verdict:
    """PyMySQL (python-drivers.md §1; README rows 18-19)."""
    disabled = opts.get("ssl_disabled")
    flag = _truth(disabled)
    if disabled is not None and flag is None:
        return _unknown(disabled)
    if flag:
        assert disabled is not None
        return _Verdict(TlsMode.DISABLED, Decision.EXPLICIT, disabled)
    for key in ("ssl_mode", "sslmode"):
        bad = opts.by_key.get(key)
        if bad is not None:
            # PyMySQL has no ssl_mode keyword in 1.1.1 or 1.2.0 (python-drivers.md gotcha 4).
            fact = Fact(
                FactKind.INEFFECTIVE,
                bad.location,
                key,
                detail=f"{label} has no `{key}` keyword argument (TypeError at connect); "
                "use ssl={'ca': ...} "
                "or ssl_ca with ssl_verify_cert=True and ssl_verify_identity=True",
            )
            return _Verdict(
                TlsMode.UNKNOWN, Decision.EXPLICIT, bad, unknown="TypeError at connect", facts=(fact,)
            )
    verify_cert, verify_identity = opts.get("ssl_verify_cert"), opts.get("ssl_verify_identity")
    for setting in (verify_cert, verify_identity):
        if setting is not None and _truth(setting) is None:
            return _unknown(setting)
    # Any truthy ssl_* kwarg takes the kwarg path (a CA path from the environment counts).
    kwargs = [opts.get(k) for k in PYMYSQL_SSL_KWARGS]
    triggered = [s for s in kwargs if s is not None and _truth(s) is not False]
    if triggered:
        return _pymysql_context(
            ca=opts.get("ssl_ca"),
            capath=None,
            check_hostname=verify_identity,
            check_hostname_present=True,
            verify_mode=verify_cert,
            verify_absent_is_off=True,
            anchor=triggered[0],
            label=label,
        )
    verdict = _ssl_argument(opts, label, facts, dict_driver="pymysql")
    if verdict is not None:
        return verdict
    return _pymysql_default(opts, version)


def _pymysql_default(opts: _Options, version: str | None) -> _Verdict:
    unknown = _spread_unknown(opts) or _option_file_unknown(opts)
    if unknown is not None:
        return unknown
    newer = at_least(version, PYMYSQL_PREFERRED_SINCE)
    if newer is True:
        return _Verdict(TlsMode.PREFERRED, Decision.DEFAULT)
    if newer is False:
        return _Verdict(TlsMode.DISABLED, Decision.DEFAULT)
    return _Verdict(
        TlsMode.DISABLED,
        Decision.DEFAULT,
        outcomes=(
            Outcome(TlsMode.DISABLED, "PyMySQL 1.1.x and older"),
            Outcome(TlsMode.PREFERRED, "PyMySQL 1.2.0+"),
        ),
    )


def _ssl_argument(opts: _Options, label: str, facts: list[Fact], *, dict_driver: str) -> _Verdict | None:
    """The ``ssl=`` argument as a dict (PyMySQL semantics) or an SSLContext; None when absent/empty."""
    steps = opts.under("ssl.context")
    if steps:
        return _ssl_context(steps, "ssl", label)
    entries = [s for s in opts.under("ssl") if not s.key.startswith("ssl.context.")]
    plain = opts.by_key.get("ssl")
    if entries:
        spread = next((s for s in entries if s.key == "ssl.**"), None)
        keys = {s.key[4:]: s for s in entries}
        if dict_driver == "aiomysql":
            facts.append(
                Fact(
                    FactKind.INEFFECTIVE,
                    entries[0].location,
                    "ssl",
                    detail="aiomysql's ssl= takes an ssl.SSLContext, not a dict (python-drivers.md §4)",
                )
            )
            return _Verdict(
                TlsMode.UNKNOWN, Decision.UNKNOWN, entries[0], unknown="ssl dict passed to aiomysql"
            )
        ca, capath = keys.get("ca"), keys.get("capath")
        if ca is not None and _is_none(ca):
            ca = None
        if capath is not None and _is_none(capath):
            capath = None
        if spread is not None and ca is None and capath is None:
            return _unknown(spread)
        return _pymysql_context(
            ca=ca,
            capath=capath,
            check_hostname=keys.get("check_hostname"),
            check_hostname_present="check_hostname" in keys,
            verify_mode=keys.get("verify_mode"),
            anchor=entries[0],
            label=label,
        )
    if plain is None or _is_none(plain):
        return None
    if plain.value is None:
        return _unknown(plain)
    if plain.value == "False" and plain.value_span is None:
        return None
    facts.append(
        Fact(
            FactKind.INEFFECTIVE,
            plain.location,
            "ssl",
            detail=f"{label}'s ssl= takes a dict or an ssl.SSLContext; `{_text(plain)}` fails at connect",
        )
    )
    return _Verdict(TlsMode.UNKNOWN, Decision.UNKNOWN, plain, unknown=_text(plain))


def _connector(opts: _Options, label: str, facts: list[Fact]) -> _Verdict:
    """mysql-connector-python (python-drivers.md §3; README row 20)."""
    disabled = opts.get("ssl_disabled")
    flag = _truth(disabled)
    if disabled is not None and flag is None:
        return _unknown(disabled)
    if flag:
        assert disabled is not None
        return _Verdict(TlsMode.DISABLED, Decision.EXPLICIT, disabled)
    ca = opts.get("ssl_ca")
    trust = Trust(TrustKind.CA_FILE, _known_text(ca), ca.location) if ca else Trust(TrustKind.SYSTEM_DEFAULT)
    identity, cert = opts.get("ssl_verify_identity"), opts.get("ssl_verify_cert")
    for setting in (identity, cert):
        if setting is not None and _truth(setting) is None:
            return _unknown(setting)
    if _truth(identity):
        return _Verdict(TlsMode.VERIFY_IDENTITY, Decision.EXPLICIT, identity, trust)
    if _truth(cert):
        return _Verdict(TlsMode.VERIFY_CA, Decision.EXPLICIT, cert, trust)
    material = [s for s in (ca, opts.get("ssl_cert"), opts.get("ssl_key")) if s is not None]
    if material:
        if ca is not None:
            pure = _truth(opts.get("use_pure"))
            how = (
                "pure Python loads it but sets CERT_NONE"
                if pure
                else "the C extension (the default, use_pure=False) drops it"
            )
            facts.append(
                Fact(
                    FactKind.INEFFECTIVE,
                    ca.location,
                    "ssl_ca",
                    detail=f"{label} does not verify the server certificate unless ssl_verify_cert=True or "
                    f"ssl_verify_identity=True: {how}",
                )
            )
        return _Verdict(TlsMode.PREFERRED, Decision.IMPLIED, material[0])
    unknown = _spread_unknown(opts) or _option_file_unknown(opts)
    if unknown is not None:
        return unknown
    return _Verdict(TlsMode.PREFERRED, Decision.DEFAULT)


def _mysqlclient(opts: _Options, label: str, facts: list[Fact]) -> _Verdict:
    """Resolve mysqlclient / MySQLdb and Django OPTIONS (python-drivers.md §2, §6; README row 21)."""
    ca, capath = opts.get("ssl.ca"), opts.get("ssl.capath")
    trust = _ca_trust(ca, capath) if (ca or capath) else Trust(TrustKind.UNKNOWN)
    hostname = opts.by_key.get("ssl.check_hostname")
    if hostname is not None:
        facts.append(
            Fact(
                FactKind.INEFFECTIVE,
                hostname.location,
                "ssl.check_hostname" if hostname.key == "ssl.check_hostname" else hostname.key,
                detail=f"{label} passes only ca, capath, cert, key and cipher from the ssl dict; "
                "use ssl_mode='VERIFY_IDENTITY' or 'VERIFY_CA'",
            )
        )
    mode_setting = opts.get("ssl_mode")
    if mode_setting is not None:
        value = mode_setting.value
        if value is None or isinstance(value, Secret) or DYNAMIC in value:
            return _unknown(mode_setting)
        mode = MYSQLCLIENT_SSL_MODES.get(value)
        if mode is not None:
            return _Verdict(mode, Decision.EXPLICIT, mode_setting, trust if mode.verifies else None)
        upper = value.upper().replace("-", "_")
        hint = (
            f"write `{upper}`"
            if upper in MYSQLCLIENT_SSL_MODES
            else "use one of " + ", ".join(MYSQLCLIENT_SSL_MODES)
        )
        facts.append(
            Fact(
                FactKind.INEFFECTIVE,
                mode_setting.location,
                "ssl_mode",
                value,
                detail=f"{label} compares ssl_mode case-sensitively, so `{value}` raises NotSupportedError "
                f"(Unknown ssl_mode specification); {hint}",
            )
        )
        return _Verdict(
            TlsMode.UNKNOWN, Decision.EXPLICIT, mode_setting, unknown="NotSupportedError at connect"
        )
    plain = opts.by_key.get("ssl")
    if plain is not None and not _is_none(plain):
        if plain.value is None:
            return _unknown(plain)
        if plain.value_span is None and plain.value in ("True", "False"):
            # mysqlclient 2.2.4+: ssl=True is ssl_mode="REQUIRED", ssl=False is "DISABLED".
            mode = TlsMode.REQUIRED if plain.value == "True" else TlsMode.DISABLED
            return _Verdict(mode, Decision.EXPLICIT, plain)
    if ca or capath:
        # The CA reaches libmysqlclient, which then uses SSL_VERIFY_PEER: chain, no hostname
        # (README row 15; for libmysqlclient 8.x unconfirmed).
        return _Verdict(TlsMode.VERIFY_CA, Decision.IMPLIED, ca or capath, trust)
    material = [s for s in opts.under("ssl") if s.key != "ssl.check_hostname"]
    if material:
        return _Verdict(TlsMode.PREFERRED, Decision.IMPLIED, material[0])
    unknown = _spread_unknown(opts) or _option_file_unknown(opts)
    if unknown is not None:
        return unknown
    # libmysqlclient 5.7.11+/8.x default (python-drivers.md §2).
    return _Verdict(TlsMode.PREFERRED, Decision.DEFAULT)


def _aiomysql(opts: _Options, label: str, facts: list[Fact]) -> _Verdict:
    """Resolve aiomysql: ssl= must be an SSLContext; no TLS without one (python-drivers.md §4)."""
    for key in (*PYMYSQL_SSL_KWARGS, "ssl_disabled"):
        bad = opts.by_key.get(key)
        if bad is not None:
            facts.append(
                Fact(
                    FactKind.INEFFECTIVE,
                    bad.location,
                    key,
                    detail=f"{label} has no `{key}` keyword argument (TypeError); "
                    "pass ssl=ssl.create_default_context(...)",
                )
            )
    verdict = _ssl_argument(opts, label, facts, dict_driver="aiomysql")
    if verdict is not None:
        return verdict
    unknown = _spread_unknown(opts)
    if unknown is not None:
        return unknown
    return _Verdict(TlsMode.DISABLED, Decision.DEFAULT)


def _asyncmy(opts: _Options, label: str, facts: list[Fact]) -> _Verdict:
    """asyncmy: PyMySQL-1.0-style ssl dict or an SSLContext (python-drivers.md §4)."""
    verdict = _ssl_argument(opts, label, facts, dict_driver="asyncmy")
    if verdict is not None:
        return verdict
    unknown = _spread_unknown(opts) or _option_file_unknown(opts)
    if unknown is not None:
        return unknown
    return _Verdict(TlsMode.DISABLED, Decision.DEFAULT)


def _not_analysed(opts: _Options, label: str) -> _Verdict:
    """MariaDB Connector/Python and unknown SQLAlchemy dialects: not in the knowledge base."""
    return _Verdict(TlsMode.UNKNOWN, Decision.UNKNOWN, unknown=f"{label} TLS semantics are not analysed")


# --------------------------------------------------------------------------- facts shared by all drivers


def _written_key(setting: Setting) -> str:
    """The key as the source wrote it: ``ssl_ca`` for a URL's ``ssl_ca=`` routed to ``ssl.ca``."""
    match = re.match(r"([A-Za-z_][\w-]*)=", setting.source)
    return match.group(1) if match else setting.key


def _common_facts(settings: Iterable[Setting]) -> list[Fact]:
    facts: list[Fact] = []
    for setting in settings:
        last = setting.key.rsplit(".", 1)[-1]
        if last in PASSWORD_KEYS and isinstance(setting.value, Secret) and setting.value.reveal():
            facts.append(Fact(FactKind.CREDENTIAL, setting.location, _written_key(setting), setting.value))
        elif setting.key in CA_KEYS:
            path = setting.value if isinstance(setting.value, str) else None
            name = path.replace("\\", "/").rsplit("/", 1)[-1] if path else ""
            if path and name.replace(DYNAMIC, ""):
                shown = path.replace(DYNAMIC, "{…}")
                facts.append(Fact(FactKind.TRUST_ANCHOR, setting.location, _written_key(setting), shown))
        elif last in ("tls_versions", "tls_version") and isinstance(setting.value, str):
            weak = _weak_versions(setting.value)
            if weak:
                facts.append(
                    Fact(
                        FactKind.WEAK_PROTOCOL, setting.location, setting.key, setting.value, ", ".join(weak)
                    )
                )
        elif setting.key.endswith((".context.protocol", ".context.minimum_version")) and isinstance(
            setting.value, str
        ):
            protocol = WEAK_SSL_CONSTANTS.get(setting.value)
            if protocol is not None:
                facts.append(
                    Fact(FactKind.WEAK_PROTOCOL, setting.location, setting.key, setting.value, protocol)
                )
    return facts


#: A protocol name and version (``TLSv1.1``, ``tls1_1``); tried from the first
#: letter of a run only (from every letter it was quadratic on a long word).
_TLS_TOKEN = re.compile(r"(?<![A-Za-z])[A-Za-z]+v?[\d._]+")


def _weak_versions(value: str) -> list[str]:
    found: list[str] = []
    for token in _TLS_TOKEN.findall(value):
        name = WEAK_TLS_VERSIONS.get(token.lower())
        if name is not None and name not in found:
            found.append(name)
    return found


def _host(opts: _Options, driver: str | None, url_host: Setting | None) -> tuple[str | None, bool]:
    socket = opts.get("unix_socket")
    if socket is not None:
        return _known_text(socket) or "unix socket", True
    host = opts.get("host") or url_host
    if host is None:
        default = DEFAULT_HOST.get(driver or "", "localhost")
        return default, True
    text = _known_text(host)
    if text is None:
        return None, False
    return text, is_loopback(text)


# --------------------------------------------------------------------------- entry point


def resolve(candidate: Candidate, assumptions: Assumptions) -> Resolution:
    """The connection a Python driver call (or SQLAlchemy engine, or Django alias) makes."""
    settings = list(candidate.settings)
    facts: list[Fact] = []
    url_host: Setting | None = None
    if any(s.key == "url" or s.key.startswith("url.") for s in settings):
        settings, url_facts, url_host = _url_settings(candidate)
        facts.extend(url_facts)
    driver = candidate.driver
    label = DISPLAY_NAME.get(driver or "", "SQLAlchemy (unknown dialect)")
    version = assumptions.version(VERSION_ID[driver]) if driver in VERSION_ID else None
    opts = _Options(settings)
    facts.extend(_common_facts(settings))
    if driver == "pymysql":
        verdict = _pymysql(opts, version, label, facts)
    elif driver == "mysql.connector":
        verdict = _connector(opts, label, facts)
    elif driver == "MySQLdb":
        verdict = _mysqlclient(opts, label, facts)
    elif driver == "aiomysql":
        verdict = _aiomysql(opts, label, facts)
    elif driver == "asyncmy":
        verdict = _asyncmy(opts, label, facts)
    else:
        verdict = _not_analysed(opts, label)
    facts.extend(verdict.facts)
    host, loopback = _host(opts, driver, url_host)
    at = verdict.at
    evidence = tuple(s.location for s in settings if s.key.startswith(("ssl", "tls")))
    connection = Connection(
        client=label,
        location=candidate.location,
        mode=verdict.mode,
        decision=verdict.decision,
        decided_at=at.location if at is not None else candidate.location,
        decided_by=_text(at) if at is not None else "",
        driver=VERSION_ID.get(driver or "", driver),
        version=version,
        host=host,
        loopback=loopback,
        outcomes=verdict.outcomes,
        trust=verdict.trust if verdict.mode.verifies else None,
        facts=tuple(dedupe_facts(facts)),
        unknown=verdict.unknown,
        evidence=evidence,
    )
    return Resolution(connections=[connection])
