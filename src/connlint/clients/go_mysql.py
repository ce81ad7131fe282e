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
(PREFERRED, since v1.5.0).  No ``tls``: no TLS.  ``allowFallbackToPlaintext=true``
(v1.7.0+) lets any TLS setting fall back to plaintext when the server offers no
TLS.  A parameter the driver does not know (``ssl-mode``, ``sslmode``) is sent
as a session variable (``SET ssl-mode=…``): no TLS effect.

Also a golang-migrate URL: ``mysql://`` followed by such a DSN, which
golang-migrate hands to this driver.
"""

from __future__ import annotations

import re

from connlint.clients.driver_config import loopback_host, pairs, setting
from connlint.clients.python_common import Options, Verdict, known_text, truth, unknown_verdict
from connlint.model import DYNAMIC, Decision, Fact, FactKind, Setting, Span, TlsMode, Trust, TrustKind

_TRUE = frozenset({"1", "true", "TRUE", "True"})
_FALSE = frozenset({"0", "false", "FALSE", "False"})
#: Parameter names people write expecting TLS from other drivers; go-sql-driver
#: sends them to the server as session variables.
_FOREIGN_TLS_PARAMS = re.compile(r"(?i)ssl[-_]?mode|use_?ssl|ssl|sslca|ssl[-_]ca|sslrootcert")
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

    def verdict(self, opts: Options, facts: list[Fact]) -> Verdict:
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
        fallback = opts.by_key.get("allowFallbackToPlaintext")
        falls_back = truth(fallback) if fallback is not None and known_text(fallback) in _TRUE else False
        if value.lower() == "preferred":
            return Verdict(TlsMode.PREFERRED, Decision.EXPLICIT, tls)
        if value.lower() == "skip-verify":
            mode = TlsMode.PREFERRED if falls_back else TlsMode.REQUIRED
            return Verdict(mode, Decision.EXPLICIT, fallback if falls_back else tls)
        if value in _TRUE:
            if falls_back:
                return Verdict(TlsMode.PREFERRED, Decision.EXPLICIT, fallback)
            return Verdict(TlsMode.VERIFY_IDENTITY, Decision.EXPLICIT, tls, Trust(TrustKind.SYSTEM_DEFAULT))
        return Verdict(
            TlsMode.UNKNOWN,
            Decision.EXPLICIT,
            tls,
            unknown=f"the tls.Config the program registers as `{value}` (mysql.RegisterTLSConfig)",
        )

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


CLIENT = GoMysql()
