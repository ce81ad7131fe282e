"""Python MySQL drivers: what a driver call's keyword arguments really do.

No source parsing.  The Python front-end hands over a
:class:`~connlint.model.Candidate` with ``kind=CandidateKind.PYTHON``, the driver
id (``pymysql``, ``mysql.connector``, ``MySQLdb``, ``aiomysql``, ``asyncmy``,
``mariadb``; None for a SQLAlchemy engine whose dialect is not known) and flat
settings (see :mod:`connlint.frontends.python` for the key conventions).
:func:`resolve` turns a SQLAlchemy URL into its dialect's keyword arguments
(:mod:`connlint.clients.sqlalchemy_url`), asks the driver's module (its
``verdict``, named in :mod:`connlint.clients.drivers`) what they mean, and adds
the facts every driver shares.

Each driver module cites the driver's source.  The subtle facts: PyMySQL's
``ssl={"ca": x}`` verifies the CA and the hostname while ``ssl_ca=x`` alone
verifies nothing; mysql-connector-python never verifies unless
``ssl_verify_cert`` or ``ssl_verify_identity`` is set; mysqlclient's
``ssl_mode`` is case-sensitive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from connlint.clients import drivers
from connlint.clients.hosts import is_loopback
from connlint.clients.mysqlx_driver import session_settings
from connlint.clients.python_common import (
    Options,
    PythonDriver,
    Verdict,
    connection_of,
    is_none,
    known_text,
)
from connlint.clients.sqlalchemy_url import dialect_driver as dialect_driver  # used by the Python front-end
from connlint.clients.sqlalchemy_url import parse_sqlalchemy_url as parse_sqlalchemy_url
from connlint.clients.sqlalchemy_url import url_settings
from connlint.model import DYNAMIC, Decision, Fact, FactKind, Resolution, Secret, Setting, TlsMode

if TYPE_CHECKING:
    from connlint.model import Assumptions, Candidate

# --------------------------------------------------------------------------- knowledge

#: Driver id -> the name findings and the inventory show.
DISPLAY_NAME: dict[str, str] = {module: d.name for module, d in drivers.python_modules().items()}

#: Driver id -> the id under which :class:`~connlint.model.Assumptions` keeps its version.
VERSION_ID: dict[str, str] = {
    module: d.id for module, d in drivers.python_modules().items() if d.configurable
}


#: mysql-connector-python ``tls_versions`` that are deprecated or rejected
#: (``lib/mysql/connector/constants.py`` DEPRECATED_TLS_VERSIONS), and the
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


#: Where each driver connects when no host is given: mysql-connector-python
#: defaults to 127.0.0.1, the others to localhost (a Unix socket for mysqlclient).
DEFAULT_HOST: dict[str, str] = {"mysql.connector": "127.0.0.1"}


# --------------------------------------------------------------------------- settings helpers


# --------------------------------------------------------------------------- verdicts


# --------------------------------------------------------------------------- per driver


def _not_analysed(opts: Options, label: str) -> Verdict:
    """MariaDB Connector/Python and unknown SQLAlchemy dialects: not in the knowledge base."""
    return Verdict(TlsMode.UNKNOWN, Decision.UNKNOWN, unknown=f"{label} TLS semantics are not analysed")


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
            # The constant None (ssl={"ca": None}, a loop value or a parameter's default)
            # names no file: the driver then loads the system CAs or none at all.
            path = setting.value if isinstance(setting.value, str) and not is_none(setting) else None
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


def _host(opts: Options, driver: str | None, url_host: Setting | None) -> tuple[str | None, bool]:
    socket = opts.get("unix_socket")
    if socket is not None:
        return known_text(socket) or "unix socket", True
    host = opts.get("host") or url_host
    if host is None:
        default = DEFAULT_HOST.get(driver or "", "localhost")
        return default, True
    text = known_text(host)
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
        settings, url_facts, url_host = url_settings(candidate)
        facts.extend(url_facts)
    driver = candidate.driver
    if driver == "mysqlx":
        settings = session_settings(settings)  # a URI or dict argument, or the keywords
    label = DISPLAY_NAME.get(driver or "", "SQLAlchemy (unknown dialect)")
    version = assumptions.version(VERSION_ID[driver]) if driver in VERSION_ID else None
    opts = Options(settings)
    facts.extend(_common_facts(settings))
    entry = drivers.python_modules().get(driver or "")
    if entry is None or entry.client is None:
        verdict = _not_analysed(opts, label)
    else:
        verdict = cast(PythonDriver, drivers.load(entry.client))(opts, version, label, facts)
    facts.extend(verdict.facts)
    host, loopback = _host(opts, driver, url_host)
    evidence = tuple(s.location for s in settings if s.key.startswith(("ssl", "tls")))
    connection = connection_of(
        verdict,
        candidate,
        client=label,
        driver=VERSION_ID.get(driver or "", driver),
        version=version,
        host=host,
        loopback=loopback,
        facts=facts,
        evidence=evidence,
    )
    return Resolution(connections=[connection])
