"""Go's ``github.com/go-sql-driver/mysql``: what a DSN's TLS parameters mean.

The DSN grammar and parameters are those of ``dsn.go`` ``ParseDSN`` /
``parseDSNParams`` and ``utils.go`` ``readBool`` at tag v1.10.0
(https://github.com/go-sql-driver/mysql/blob/v1.10.0/dsn.go; README "DSN (Data
Source Name)" and "tls"):

``[user[:password]@][net[(addr)]]/dbname[?param1=value1&...&paramN=valueN]``,
split at the *last* ``/`` and, before it, at the last ``@``; the password runs
from the first ``:`` to that ``@``.  No ``net`` means ``tcp``, no address
``127.0.0.1:3306`` (``unix``: ``/tmp/mysql.sock``).

``tls``: ``readBool`` takes ``1``/``true``/``TRUE``/``True`` and
``0``/``false``/``FALSE``/``False``; then ``skip-verify`` and ``preferred``
(compared lower-cased); any other value is the name of a ``tls.Config``
registered with ``mysql.RegisterTLSConfig`` in the program (unknown here).
``tls=true`` is ``&tls.Config{ServerName: host}``: the chain against the system
roots *and the host name* (VERIFY_IDENTITY, not REQUIRED); ``skip-verify`` sets
``InsecureSkipVerify`` (REQUIRED); ``preferred`` adds the plaintext fallback
(PREFERRED, since v1.5.0; before it, ``preferred`` names an unregistered config
and the DSN is rejected).  No ``tls``: no TLS.  ``allowFallbackToPlaintext=true``
(v1.7.0+) lets any TLS setting fall back to plaintext when the server offers no
TLS; before v1.7.0 it is an unknown parameter, sent as a session variable.
With a registered config too (packets.go at v1.7.0 l.225-231: ``AllowFallbackToPlaintext``
drops ``cfg.TLS`` whatever it is), so such a connection is not sure of TLS.
Before v1.4.0 ``tls=true`` made an empty ``tls.Config`` without ``ServerName``
(dsn.go at v1.3 l.491-499; fixed by pull request #564, first in v1.4.0), which Go's
``crypto/tls`` refuses at the handshake ("either ServerName or InsecureSkipVerify
must be specified in the tls.Config", issue #527): with such a version
declared, the connection fails.  Those releases predate ``go.mod``, so an
unknown version reads as a current one there.  The
version comes from ``go.mod``; unknown, the finding names both outcomes.  A
parameter the driver does not know (``ssl-mode``, ``sslmode``) is sent
as a session variable (``SET ssl-mode=…``): no TLS effect.

Also a golang-migrate URL: ``mysql://`` followed by such a DSN, which
golang-migrate hands to this driver.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from connlint.clients.driver_config import loopback_host, pairs, setting
from connlint.clients.python_common import Options, Verdict, accepted_since, known_text, unknown_verdict
from connlint.clients.versions import below
from connlint.model import (
    DYNAMIC,
    Decision,
    Fact,
    FactKind,
    Outcome,
    Setting,
    Span,
    TlsMode,
    Trust,
    TrustKind,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from connlint.model import DriverVersion

_TRUE = frozenset({"1", "true", "TRUE", "True"})
_FALSE = frozenset({"0", "false", "FALSE", "False"})
#: Parameter names people write expecting TLS from other drivers; go-sql-driver
#: sends them to the server as session variables.
_FOREIGN_TLS_PARAMS = re.compile(r"(?i)ssl[-_]?mode|use_?ssl|ssl|sslca|ssl[-_]ca|sslrootcert")
#: The registry id (clients/drivers.py) whose version go.mod declares.
DRIVER_ID = "go-sql-driver-mysql"
#: ``tls=preferred`` is known from this release (README "tls"; dsn.go at tag v1.5.0;
#: at v1.4.1 ``preferred`` is an unregistered config name).
PREFERRED_SINCE = "1.5.0"
#: ``allowFallbackToPlaintext`` is a parameter from this release (CHANGELOG.md and
#: dsn.go at tag v1.7.0); before it is sent to the server as a system variable.
FALLBACK_SINCE = "1.7.0"
#: ``tls=true`` sets the host as ``ServerName`` from this release (pull request #564;
#: dsn.go at v1.4.0 l.101-104); before, Go's crypto/tls refuses the empty config.
SERVER_NAME_SINCE = "1.4.0"
#: golang-migrate's prefix (``database/mysql/mysql.go`` strips it).
MIGRATE_PREFIX = "mysql://"


class GoMysql:
    """The :class:`~connlint.clients.driver_config.ConfigClient` of go-sql-driver/mysql."""

    ca_keys: frozenset[str] = frozenset()

    def settings(self, url: Span) -> list[Setting]:
        """The settings the string says (see the module docstring)."""
        text = url.text
        base = len(MIGRATE_PREFIX) if text.startswith(MIGRATE_PREFIX) else 0
        slash = text.rfind("/", base)
        if slash < 0:
            return []
        out: list[Setting] = []
        at = text.rfind("@", base, slash)
        if at >= 0:
            colon = text.find(":", base, at)
            user_end = colon if colon >= 0 else at
            out.append(setting("user", url.slice(base, user_end), "user=" + text[base:user_end]))
            if colon >= 0:
                out.append(setting("password", url.slice(colon + 1, at), "password=***", secret=True))
        net_start = at + 1 if at >= 0 else base
        paren = text.find("(", net_start, slash)
        if paren >= 0 and text[slash - 1] == ")":
            out.append(setting("net", url.slice(net_start, paren), "net=" + text[net_start:paren]))
            address = url.slice(paren + 1, slash - 1)
            out.append(setting("addr", address, f"({address.text})"))
        elif slash > net_start:
            out.append(setting("net", url.slice(net_start, slash), "net=" + text[net_start:slash]))
        query = text.find("?", slash + 1)
        if query >= 0:
            for key, value in pairs(url, query + 1, len(text), "&"):
                out.append(setting(key.text, value, f"{key.text}={value.text}"))
        return out

    def verdict(self, opts: Options, facts: list[Fact], versions: Mapping[str, DriverVersion]) -> Verdict:
        """The TLS mode the settings give."""
        for key, s in opts.by_key.items():
            if key != "tls" and _FOREIGN_TLS_PARAMS.fullmatch(key):
                facts.append(
                    Fact(
                        FactKind.INEFFECTIVE,
                        s.location,
                        key,
                        detail="go-sql-driver/mysql has no such parameter: it sends it to the server as a "
                        "session variable; TLS is set with `tls=` (true, skip-verify, preferred or a "
                        "registered config name)",
                    )
                )
        tls = opts.by_key.get("tls")
        if tls is None:
            return Verdict(TlsMode.DISABLED, Decision.DEFAULT)
        value = known_text(tls)
        if value is None:
            return unknown_verdict(tls)
        if value in _FALSE or value == "":
            return Verdict(TlsMode.DISABLED, Decision.EXPLICIT, tls)
        # The version is looked up only where it changes the meaning (see DeferredVersions).
        if value.lower() == "preferred":
            return _preferred(tls, _version(versions))
        fallback = opts.by_key.get("allowFallbackToPlaintext")
        asks_fallback = fallback is not None and known_text(fallback) in _TRUE
        version = _version(versions) if asks_fallback else None
        if fallback is not None and asks_fallback and below(version, FALLBACK_SINCE):
            facts.append(_no_fallback_parameter(fallback, version))
        falls_back = asks_fallback and below(version, FALLBACK_SINCE) is not True
        if value.lower() == "skip-verify":
            strict = Verdict(TlsMode.REQUIRED, Decision.EXPLICIT, tls)
        elif value in _TRUE:
            old = _version(versions)
            if below(old, SERVER_NAME_SINCE) is True:
                return Verdict(
                    TlsMode.UNKNOWN,
                    Decision.EXPLICIT,
                    tls,
                    unknown=f"the connection fails: go-sql-driver/mysql {old} gives `tls=true` a tls.Config "
                    "without ServerName (the host is set from v1.4.0), which Go's crypto/tls refuses",
                )
            strict = Verdict(TlsMode.VERIFY_IDENTITY, Decision.EXPLICIT, tls, Trust(TrustKind.SYSTEM_DEFAULT))
        else:
            strict = Verdict(
                TlsMode.UNKNOWN,
                Decision.EXPLICIT,
                tls,
                unknown=f"the tls.Config the program registers as `{value}` (mysql.RegisterTLSConfig)",
            )
        if not falls_back:
            return strict
        outcomes: tuple[Outcome, ...] = ()
        if version is None:  # the parameter exists only from v1.7.0
            outcomes = (
                Outcome(
                    strict.mode, "go-sql-driver/mysql < 1.7.0, which sends it to the server as a variable"
                ),
                Outcome(TlsMode.PREFERRED, "go-sql-driver/mysql 1.7.0+"),
            )
        return Verdict(TlsMode.PREFERRED, Decision.EXPLICIT, fallback, outcomes=outcomes)

    def host(self, opts: Options) -> tuple[str | None, bool]:
        """Where it connects and whether that is loopback."""
        net = opts.by_key.get("net")
        net_text = known_text(net) if net is not None else "tcp"
        addr = opts.by_key.get("addr")
        if net_text is not None and net_text.startswith("unix"):
            return loopback_host(known_text(addr) if addr else None, "/tmp/mysql.sock")
        if addr is None or (isinstance(addr.value, str) and not addr.value):
            return loopback_host(None, "127.0.0.1")
        text = known_text(addr)
        if text is None or DYNAMIC in text:
            return None, False
        if text.startswith("[") and "]" in text:
            host = text[1 : text.index("]")]
        else:
            host = text.split(":", 1)[0] if text.count(":") == 1 else text
        return loopback_host(host or "127.0.0.1", "127.0.0.1")


def _version(versions: Mapping[str, DriverVersion]) -> str | None:
    """The driver's version the build declares (go.mod), or None."""
    declared = versions.get(DRIVER_ID)
    return declared.version if declared is not None else None


def _preferred(tls: Setting, version: str | None) -> Verdict:
    """``tls=preferred``: PREFERRED from v1.5.0; before, a tls.Config name nobody
    registered, and the DSN is rejected ("invalid value / unknown config name").
    """
    return accepted_since(
        TlsMode.PREFERRED,
        tls,
        "go-sql-driver/mysql",
        version,
        PREFERRED_SINCE,
        rejected=f"has no `tls=preferred` (added in v{PREFERRED_SINCE}) and takes it for an unregistered "
        "tls.Config name",
        refuses="the DSN",
    )


def _no_fallback_parameter(fallback: Setting, version: str | None) -> Fact:
    return Fact(
        FactKind.INEFFECTIVE,
        fallback.location,
        "allowFallbackToPlaintext",
        detail=f"go-sql-driver/mysql {version} has no allowFallbackToPlaintext (added in v1.7.0): it "
        "sends it to the server as a session variable, which the server rejects at connect",
    )


CLIENT = GoMysql()
