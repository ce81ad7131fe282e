""".NET: MySqlConnector and MySQL Connector/NET (``MySql.Data``) connection strings.

Both read ADO.NET connection strings (``Server=db;User ID=app;Password=…;SslMode=VerifyCA;SslCa=ca.pem``):
``key=value`` pairs separated by ``;``, a value optionally in single or double
quotes, keys case-insensitive (``DbConnectionStringBuilder``).  A string does
not say which of the two libraries reads it; their TLS options agree:

* ``SslMode`` (also ``SSL Mode``, ``ssl-mode``): ``None``/``Disabled``,
  ``Preferred`` (Connector/NET also ``Prefered``), ``Required``, ``VerifyCA``,
  ``VerifyFull``, parsed with ``Enum.Parse(ignoreCase: true)``.  There is no
  ``VerifyIdentity``; ``VERIFY_CA`` with an underscore fails to parse.  The
  default is ``Preferred`` (Connector/NET since 6.9.7; before, ``None``: with
  ``MySql.Data`` declared below 6.9.7 the default is no TLS, declared without a
  known version both outcomes are named).  In ``Preferred`` and
  ``Required`` the certificate validation callback accepts any certificate, so
  ``SslCa`` verifies nothing there; ``VerifyCA`` checks the chain (system store
  plus ``SslCa``), ``VerifyFull`` the chain and the host name.
  MySqlConnector ``src/MySqlConnector/MySqlSslMode.cs``,
  ``MySqlConnectionStringBuilder.cs`` and ``Core/ServerSession.cs`` at tag 2.6.1
  (https://github.com/mysql-net/MySqlConnector; docs
  https://mysqlconnector.net/connection-options/); Connector/NET
  ``MySQL.Data/src/MysqlDefs.cs`` (``MySqlSslMode``),
  ``MySqlBaseConnectionStringBuilder.cs`` and ``common/Ssl.cs`` at tag 9.1.0
  (https://github.com/mysql/mysql-connector-net).
* ``SslCa`` (also ``SSL CA``, ``ssl-ca``; MySqlConnector also
  ``CACertificateFile``): the CA file.
* ``Disabled`` parses in MySqlConnector from 2.1.9 only (before, ``None``); with
  MySqlConnector declared below that (``*.csproj``, ``packages.lock.json``) the
  string is rejected, declared without a known version both outcomes are named.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from connlint.clients.driver_config import loopback_host, setting
from connlint.clients.python_common import (
    Options,
    Verdict,
    accepted_since,
    ca_trust,
    known_text,
    unknown_verdict,
)
from connlint.clients.versions import at_least, below
from connlint.model import Decision, Fact, FactKind, Outcome, Setting, Span, TlsMode, Trust, TrustKind

if TYPE_CHECKING:
    from collections.abc import Mapping

    from connlint.model import DriverVersion

#: Normalised key (lower-case, without blanks, ``-`` and ``_``) -> the setting it is.
KEYS: dict[str, str] = {
    "server": "host",
    "host": "host",
    "datasource": "host",
    "address": "host",
    "addr": "host",
    "networkaddress": "host",
    "userid": "user",
    "uid": "user",
    "username": "user",
    "user": "user",
    "password": "password",
    "pwd": "password",
    "sslmode": "sslmode",
    "sslca": "sslca",
    "cacertificatefile": "sslca",
    "port": "port",
    "database": "database",
    "initialcatalog": "database",
}

#: The registry id (clients/drivers.py) of MySqlConnector's declared version.
MYSQLCONNECTOR = "mysqlconnector"
#: ``SslMode=Disabled`` parses from this MySqlConnector release ("SSL Mode = Disabled is
#: supported as a synonym for SSL Mode = None", #1168: docs/content/overview/version-history.md,
#: https://mysqlconnector.net/overview/version-history/).
DISABLED_SINCE = "2.1.9"
#: The registry id of Connector/NET's (``MySql.Data``) declared version.
CONNECTOR_NET = "mysql-data"
#: Connector/NET's default SslMode is ``Preferred`` from 6.9.7 on, ``None`` before:
#: ``Source/MySql.Data/MySqlConnectionStringBuilder.cs`` line 188 at tags 6.9.6
#: (``MySqlSslMode.None``) and 6.9.7 (``MySqlSslMode.Preferred``),
#: https://github.com/mysql/mysql-connector-net.  MySqlConnector has always defaulted to Preferred.
PREFERRED_DEFAULT_SINCE = "6.9.7"

#: ``MySqlSslMode`` names, lower-cased (Enum.Parse ignores case).
MODES: dict[str, TlsMode] = {
    "none": TlsMode.DISABLED,
    "disabled": TlsMode.DISABLED,
    "preferred": TlsMode.PREFERRED,
    "prefered": TlsMode.PREFERRED,
    "required": TlsMode.REQUIRED,
    "verifyca": TlsMode.VERIFY_CA,
    "verifyfull": TlsMode.VERIFY_IDENTITY,
}

#: What people write for a mode that the .NET libraries spell otherwise.
_SPELLED: dict[str, str] = {
    "verifyidentity": "VerifyFull",
    "verify_identity": "VerifyFull",
    "verify_ca": "VerifyCA",
    "verify-ca": "VerifyCA",
    "verify-full": "VerifyFull",
    "verify_full": "VerifyFull",
    "require": "Required",
    "prefer": "Preferred",
    "disable": "Disabled",
}


def normalise_key(key: str) -> str:
    """A connection-string key as the libraries compare it."""
    return "".join(c for c in key.lower() if c not in " \t-_")


def split(text: str) -> list[tuple[int, int, int, int]]:
    """``(key_start, key_end, value_start, value_end)`` of each ``key=value`` pair
    of an ADO.NET connection string; a quoted value's bounds exclude its quotes.
    """
    out: list[tuple[int, int, int, int]] = []
    pos = 0
    size = len(text)
    while pos < size:
        equals = text.find("=", pos)
        if equals < 0:
            break
        semicolon = text.find(";", pos, equals)
        if semicolon >= 0:  # a piece without `=`: skip it
            pos = semicolon + 1
            continue
        key_start, key_end = pos, equals
        value_start = equals + 1
        while value_start < size and text[value_start] in " \t":
            value_start += 1
        if value_start < size and text[value_start] in "'\"":
            quote = text[value_start]
            close = text.find(quote, value_start + 1)
            close = size if close < 0 else close
            out.append((key_start, key_end, value_start + 1, close))
            end = text.find(";", close)
            pos = size if end < 0 else end + 1
            continue
        end = text.find(";", value_start)
        end = size if end < 0 else end
        value_end = end
        while value_end > value_start and text[value_end - 1] in " \t":
            value_end -= 1
        out.append((key_start, key_end, value_start, value_end))
        pos = end + 1
    return out


class DotnetMysql:
    """The :class:`~connlint.clients.driver_config.ConfigClient` of MySqlConnector and Connector/NET."""

    ca_keys: frozenset[str] = frozenset({"sslca"})

    def settings(self, url: Span) -> list[Setting]:
        """The settings the string says (see the module docstring)."""
        out: list[Setting] = []
        for key_start, key_end, value_start, value_end in split(url.text):
            written = url.text[key_start:key_end].strip()
            key = KEYS.get(normalise_key(written), normalise_key(written))
            value = url.slice(value_start, value_end)
            out.append(setting(key, value, f"{written}={value.text}", secret=key == "password"))
        return out

    def verdict(self, opts: Options, facts: list[Fact], versions: Mapping[str, DriverVersion]) -> Verdict:
        """The TLS mode the settings give."""
        ca = opts.get("sslca")
        mode_setting = opts.get("sslmode")
        if mode_setting is None:
            verdict = _default(versions)
        else:
            value = known_text(mode_setting)
            if value is None:
                return unknown_verdict(mode_setting)
            mode = MODES.get(value.strip().lower())
            if mode is None:
                hint = _SPELLED.get(value.strip().lower())
                facts.append(
                    Fact(
                        FactKind.INEFFECTIVE,
                        mode_setting.location,
                        mode_setting.source.partition("=")[0],
                        detail=f"`{value}` is not an SslMode of MySqlConnector or Connector/NET and the "
                        "connection string is rejected"
                        + (
                            f": write `{hint}`"
                            if hint
                            else ": use None, Preferred, Required, VerifyCA or VerifyFull"
                        ),
                    )
                )
                return Verdict(
                    TlsMode.UNKNOWN,
                    Decision.EXPLICIT,
                    mode_setting,
                    unknown=f"the connection fails: invalid value `{value}`",
                )
            if value.strip().lower() == "disabled":
                disabled = _disabled(mode_setting, versions, facts)
                if disabled is not None:
                    return disabled
            verdict = Verdict(mode, Decision.EXPLICIT, mode_setting)
        if verdict.mode.verifies:
            trust = ca_trust(ca, None) if ca is not None else Trust(TrustKind.SYSTEM_DEFAULT)
            return Verdict(verdict.mode, verdict.decision, verdict.at, trust)
        if ca is not None and verdict.mode in (TlsMode.PREFERRED, TlsMode.REQUIRED):
            facts.append(
                Fact(
                    FactKind.INEFFECTIVE,
                    ca.location,
                    ca.source.partition("=")[0],
                    detail=f"in SslMode {'Preferred' if verdict.mode is TlsMode.PREFERRED else 'Required'} "
                    "MySqlConnector and Connector/NET accept any server certificate, so the CA verifies "
                    "nothing; set SslMode=VerifyCA or VerifyFull",
                )
            )
        return verdict

    def host(self, opts: Options) -> tuple[str | None, bool]:
        """Where it connects and whether that is loopback."""
        host = opts.get("host")
        if host is None:
            return loopback_host(None, "localhost")
        text = known_text(host)
        if text is None:
            return None, False
        first = text.split(",", 1)[0].strip()  # a list of servers: the first is tried first
        return loopback_host(first.split(":", 1)[0] if first.count(":") == 1 else first, "localhost")


def _default(versions: Mapping[str, DriverVersion]) -> Verdict:
    """No SslMode: Preferred, except on a declared Connector/NET before
    :data:`PREFERRED_DEFAULT_SINCE` (no TLS); declared without a known version, both.
    """
    declared = versions.get(CONNECTOR_NET)
    newer = at_least(declared.version, PREFERRED_DEFAULT_SINCE) if declared is not None else True
    if newer is False:
        return Verdict(TlsMode.DISABLED, Decision.DEFAULT)
    if newer:
        return Verdict(TlsMode.PREFERRED, Decision.DEFAULT)
    return Verdict(
        TlsMode.PREFERRED,
        Decision.DEFAULT,
        outcomes=(
            Outcome(TlsMode.DISABLED, f"Connector/NET < {PREFERRED_DEFAULT_SINCE}"),
            Outcome(TlsMode.PREFERRED, f"Connector/NET {PREFERRED_DEFAULT_SINCE}+"),
        ),
    )


def _disabled(mode: Setting, versions: Mapping[str, DriverVersion], facts: list[Fact]) -> Verdict | None:
    """``SslMode=Disabled`` where the build declares MySqlConnector: before 2.1.9 only
    ``None`` parses and the connection string is rejected; None where MySqlConnector is not declared.
    """
    declared = versions.get(MYSQLCONNECTOR)
    if declared is None:  # not declared: Connector/NET, or MySqlConnector of any version
        return None
    if below(declared.version, DISABLED_SINCE):
        facts.append(
            Fact(
                FactKind.INEFFECTIVE,
                mode.location,
                mode.source.partition("=")[0],
                detail=f"MySqlConnector {declared.version} has no SslMode `Disabled` (added in "
                f"{DISABLED_SINCE}) and rejects the connection string: write `None`",
            )
        )
    return accepted_since(
        TlsMode.DISABLED,
        mode,
        "MySqlConnector",
        declared.version,
        DISABLED_SINCE,
        rejected="rejects `Disabled`",
        refuses="the connection string",
    )


CLIENT = DotnetMysql()

__all__ = ["CLIENT", "KEYS", "MODES", "normalise_key", "split"]
