"""Resolver for :attr:`CandidateKind.DRIVER_CONFIG <connlint.model.CandidateKind.DRIVER_CONFIG>`
candidates: the connection string (``url``) and/or settings of a driver that is
configured outside Java and Python code (Go's go-sql-driver/mysql DSN, a .NET
ADO.NET connection string, a Node mysql2 URL, a PHP PDO DSN, a Rails
``database.yml`` section).

``Candidate.driver`` is the driver's id in :mod:`connlint.clients.drivers`; its
entry names, as ``client``, the :class:`ConfigClient` that knows the string's
grammar and what the settings mean (one module per driver, citing the driver's
source).  This module does what every such driver shares: settings from the
string after the candidate's own (the string wins: Rails merges a ``url:`` over
the other keys), the credential and trust-anchor facts, the host, and the
:class:`~connlint.model.Connection`.  Passwords are :class:`~connlint.model.Secret`
from the moment a client reads them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol, cast
from urllib.parse import unquote

from connlint.clients import drivers
from connlint.clients.hosts import is_loopback
from connlint.clients.python_common import Options, Verdict, connection_of
from connlint.model import (
    DYNAMIC,
    Decision,
    Fact,
    FactKind,
    Resolution,
    Secret,
    Setting,
    Span,
    TlsMode,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from connlint.model import Assumptions, Candidate, DriverVersion


# The key's blanks are stripped in code: a lazy key before "\s*[=:]" re-read
# each run of blanks once per character (quadratic on "a      …").
_WRITTEN_KEY = re.compile(r"\s*+([^=:]*+)[=:]")


class ConfigClient(Protocol):
    """What one driver knows about its connection strings and settings."""

    #: Setting keys (as :meth:`settings` and the front-end name them) whose value is a CA file.
    ca_keys: frozenset[str]

    def settings(self, url: Span) -> list[Setting]:
        """The settings a connection string says, located in it (``host``,
        ``user``, ``password`` under those names; the driver's own keys as the
        driver compares them).  Never raises.
        """
        ...

    def verdict(self, opts: Options, facts: list[Fact], versions: Mapping[str, DriverVersion]) -> Verdict:
        """The TLS mode the settings give; may add facts (ineffective options).

        ``versions`` is :attr:`Assumptions.versions <connlint.model.Assumptions.versions>`:
        read it only where the meaning depends on the driver's version (reading it
        walks the build files up to the repository root).
        """
        ...

    def host(self, opts: Options) -> tuple[str | None, bool]:
        """Where it connects (None: not known statically) and whether that is loopback."""
        ...


# --------------------------------------------------------------------------- string helpers


def pairs(span: Span, start: int, end: int, separator: str) -> Iterator[tuple[Span, Span]]:
    """``key=value`` pairs of ``span.text[start:end]`` split at ``separator``:
    the key and value as located sub-values, blanks around them stripped; pairs
    without ``=`` are skipped.
    """
    text = span.text
    pos = start
    while pos < end:
        stop = text.find(separator, pos, end)
        stop = end if stop < 0 else stop
        equals = text.find("=", pos, stop)
        if equals >= 0:
            key = _strip(span, pos, equals)
            value = _strip(span, equals + 1, stop)
            if key.text:
                yield key, value
        pos = stop + 1


def _strip(span: Span, start: int, end: int) -> Span:
    text = span.text
    while start < end and text[start] in " \t\r\n":
        start += 1
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    return span.slice(start, end)


def decoded(value: Span) -> str:
    """A URL component percent-decoded (a value with a dynamic part is kept as written)."""
    return value.text if DYNAMIC in value.text or "%" not in value.text else unquote(value.text)


def setting(key: str, value: Span, source: str, *, secret: bool = False, text: str | None = None) -> Setting:
    """A setting whose value stands at ``value`` (``text``: its decoded form).

    A value with a dynamic part is not known statically (its ``unknown`` names it
    as written); a secret's value is wrapped at once, so no output shows it.
    """
    text = value.text if text is None else text
    location = value.locate()
    if DYNAMIC in text and (secret or text == DYNAMIC):
        unknown = f"`{source.partition('=')[0]}`" if secret else _unknown(source, value)
        return Setting(key, None, location, _redacted(source, secret), None, unknown=unknown)
    stored: str | Secret = Secret(text, value) if secret else text
    return Setting(key, stored, location, _redacted(source, secret), value)


def _redacted(source: str, secret: bool) -> str:
    if not secret:
        return source
    key, equals, _ = source.partition("=")
    return f"{key}=***" if equals else "***"


def _unknown(source: str, value: Span) -> str:
    shown = value.text.replace(DYNAMIC, "…")
    key = source.partition("=")[0]
    return f"`{key}={shown}`" if key and key != source else f"`{shown}`"


def trust_anchor(setting: Setting) -> Fact | None:
    """A TRUST_ANCHOR fact for a setting that names a CA file (None without a file name)."""
    path = setting.value if isinstance(setting.value, str) else None
    name = path.replace("\\", "/").rsplit("/", 1)[-1] if path else ""
    if not path or not name.replace(DYNAMIC, ""):
        return None
    return Fact(FactKind.TRUST_ANCHOR, setting.location, written_key(setting), path.replace(DYNAMIC, "{…}"))


def written_key(setting: Setting) -> str:
    """The key as the source wrote it (``Pwd`` of ``Pwd=***``, ``sslca`` of ``sslca: x``)."""
    match = _WRITTEN_KEY.match(setting.source)
    key = match.group(1).rstrip() if match else ""
    return key or setting.key


def loopback_host(text: str | None, default: str) -> tuple[str | None, bool]:
    """``text`` as a host (``default`` when absent) and whether it is loopback."""
    if text is None:
        return default, is_loopback(default)
    if DYNAMIC in text or not text:
        return None, False
    return text, is_loopback(text)


# --------------------------------------------------------------------------- entry point


def resolve(candidate: Candidate, assumptions: Assumptions) -> Resolution:
    """The connection a driver's connection string or configuration section makes."""
    try:
        entry = drivers.by_id(candidate.driver or "")
    except KeyError:
        return Resolution()
    if entry.client is None or entry.ecosystem not in drivers.CONFIG_ECOSYSTEMS:
        return Resolution()
    client = cast(ConfigClient, drivers.load(entry.client))
    settings = list(candidate.settings)
    if candidate.url is not None:
        settings.extend(client.settings(candidate.url))
    opts = Options(settings)
    facts: list[Fact] = []
    for s in opts.by_key.values():
        if s.key == "password" and isinstance(s.value, Secret) and s.value.reveal():
            facts.append(Fact(FactKind.CREDENTIAL, s.location, written_key(s), s.value))
        elif s.key in client.ca_keys:
            fact = trust_anchor(s)
            if fact is not None:
                facts.append(fact)
    verdict = client.verdict(opts, facts, assumptions.versions)
    facts.extend(verdict.facts)
    host, loopback = client.host(opts)
    evidence = tuple(s.location for s in settings if "ssl" in s.key.lower() or "tls" in s.key.lower())
    connection = connection_of(
        verdict,
        candidate,
        client=entry.name,
        driver=entry.id,
        version=declared_version(entry.id, assumptions),
        host=host,
        loopback=loopback,
        facts=facts,
        evidence=evidence,
    )
    return Resolution(connections=[connection])


#: Driver id -> the ids its version is declared under, first found first: the .NET
#: connection strings are read by MySqlConnector or Connector/NET (``MySql.Data``).
_VERSION_IDS: dict[str, tuple[str, ...]] = {"mysql-dotnet": ("mysqlconnector", "mysql-data")}


def declared_version(driver: str, assumptions: Assumptions) -> str | None:
    """The version of ``driver`` the project's package files declare (the inventory shows
    it, as for the JVM and Python drivers), or None.
    """
    for version_id in _VERSION_IDS.get(driver, (driver,)):
        version = assumptions.version(version_id)
        if version is not None:
            return version
    return None


def unknown_client(why: str) -> Verdict:
    """UNKNOWN: the string does not say what decides TLS (``why``)."""
    return Verdict(TlsMode.UNKNOWN, Decision.UNKNOWN, unknown=why)
