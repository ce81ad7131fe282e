"""Canal's own MySQL client: the binlog connection a canal instance opens to
its source database (``com.alibaba.otter.canal.parse.driver.mysql``), configured
in Spring bean files by an ``AuthenticationInfo`` bean and its ``SslInfo``.

Sources: the canal repository (https://github.com/alibaba/canal), module
``driver``, ``com/alibaba/otter/canal/parse/driver/mysql/``:

* ``ssl/SslInfo.java``: ``sslMode`` defaults to ``SslMode.DISABLED``; an
  ``AuthenticationInfo`` without an ``SslInfo`` is DISABLED too
  (``MysqlConnector.negotiate``: ``sslInfo != null ? sslInfo.getSslMode() :
  SslMode.DISABLED``).
* ``ssl/SslMode.java``: MySQL's five names, ``DISABLED``, ``PREFERRED``,
  ``REQUIRED``, ``VERIFY_CA``, ``VERIFY_IDENTITY`` (Spring converts the
  property's text with ``Enum.valueOf``: the exact name).
* ``socket/BioSocketChannelPool.createSslSocket`` (after Connector/J's
  ``ExportControlled``): the certificate is checked in ``VERIFY_CA`` and
  ``VERIFY_IDENTITY`` only, against ``trustCertificateKeyStoreUrl`` when set,
  with the JVM's default trust store as fallback; the host name in
  ``VERIFY_IDENTITY`` only.  ``tlsVersions`` (comma-separated) replaces the
  default ``TLSv1.2,TLSv1.3``.  ``SocketChannelPool.connectSsl``: ``PREFERRED``
  goes on without TLS when the handshake fails.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from connlint.clients.connector_j import strip_file_scheme, weak_protocols
from connlint.clients.hosts import is_loopback
from connlint.model import (
    Assumptions,
    Candidate,
    Connection,
    Decision,
    Fact,
    FactKind,
    Resolution,
    Secret,
    Setting,
    TlsMode,
    Trust,
    TrustKind,
)

#: The driver id front-ends give a canal candidate (``CandidateKind.CONNECTOR``).
DRIVER = "canal"
#: The beans that configure it: the connection (``address``, ``username``,
#: ``password``, ``sslInfo``) and its TLS settings.
AUTHENTICATION_CLASS = "com.alibaba.otter.canal.parse.support.AuthenticationInfo"
SSL_INFO_CLASS = "com.alibaba.otter.canal.parse.driver.mysql.ssl.SslInfo"
#: The ``AuthenticationInfo`` properties that matter here.
AUTHENTICATION_KEYS = frozenset({"address", "username", "password"})
NAME = "canal MySQL client"
#: ``SslMode``'s constants, by name (exact case: ``Enum.valueOf``).
MODES: Mapping[str, TlsMode] = MappingProxyType(
    {mode.value: mode for mode in TlsMode if mode is not TlsMode.UNKNOWN}
)
#: The mode without an ``SslInfo`` or its ``sslMode`` (``SslInfo.java``).
DEFAULT = TlsMode.DISABLED
TRUST_STORE_KEY = "trustCertificateKeyStoreUrl"
_PASSWORD_KEYS = ("password", "trustCertificateKeyStorePassword", "clientCertificateKeyStorePassword")


def resolve(candidate: Candidate, assumptions: Assumptions) -> Resolution:
    """The binlog connection one ``AuthenticationInfo`` configures."""
    del assumptions  # the same rules in every canal release that has SslInfo (1.1.5+)
    settings: dict[str, Setting] = {}
    for setting in candidate.settings:
        settings[setting.key] = setting  # the last one wins, as Spring's setters do
    mode_setting = settings.get("sslMode")
    unknown: str | None = None
    if mode_setting is None:
        mode, decision = DEFAULT, Decision.DEFAULT
    elif mode_setting.value is None:
        mode, decision, unknown = TlsMode.UNKNOWN, Decision.UNKNOWN, mode_setting.unknown
    else:
        written = str(mode_setting.value).strip()
        mode, decision = MODES.get(written, TlsMode.UNKNOWN), Decision.EXPLICIT
        if mode is TlsMode.UNKNOWN:
            unknown = f"canal fails to start: no SslMode constant `{written}`"
    host_setting = settings.get("address")
    host = _host(host_setting.value) if host_setting is not None else None
    store = _store(settings.get(TRUST_STORE_KEY))
    trust = None
    if mode.verifies or mode is TlsMode.UNKNOWN:
        trust = (
            Trust(TrustKind.TRUST_STORE, store[0], store[1].location)
            if store is not None
            else Trust(TrustKind.JVM_DEFAULT)
        )
    connection = Connection(
        client=NAME,
        location=candidate.location,
        mode=mode,
        decision=decision,
        decided_at=mode_setting.location if mode_setting is not None else candidate.location,
        decided_by=(
            f"sslMode={mode_setting.value if mode_setting.value is not None else mode_setting.unknown}"
            if mode_setting is not None
            else "sslMode not set: SslMode.DISABLED"
        ),
        driver=DRIVER,
        host=host,
        loopback=is_loopback(host),
        trust=trust,
        unknown=unknown,
    )
    return Resolution(connections=[connection], facts=_facts(settings, store))


def _host(value: object) -> str | None:
    """The host of ``address`` (``host:port``), when it is known."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.startswith("["):  # [::1]:3306
        return text[1 : text.find("]")] if "]" in text else None
    return text.rsplit(":", 1)[0] if text.count(":") == 1 else text


def _store(setting: Setting | None) -> tuple[str, Setting] | None:
    """The trust store path ``trustCertificateKeyStoreUrl`` names (empty: none)."""
    if setting is None or not isinstance(setting.value, str) or not setting.value.strip():
        return None
    return strip_file_scheme(setting.value.strip()), setting


def _facts(settings: Mapping[str, Setting], store: tuple[str, Setting] | None) -> list[Fact]:
    """The trust store (CL103/CL104), weak protocols (CL204), literal passwords (CL301)."""
    out: list[Fact] = []
    if store is not None:
        out.append(Fact(FactKind.TRUST_ANCHOR, store[1].location, TRUST_STORE_KEY, store[0]))
    protocols = settings.get("tlsVersions")
    if protocols is not None and isinstance(protocols.value, str):
        weak = weak_protocols(protocols.value)
        if weak:
            out.append(
                Fact(
                    FactKind.WEAK_PROTOCOL,
                    protocols.location,
                    protocols.key,
                    protocols.value,
                    ", ".join(weak),
                )
            )
    for key in _PASSWORD_KEYS:
        setting = settings.get(key)
        if setting is not None and isinstance(setting.value, Secret) and setting.value.reveal():
            out.append(Fact(FactKind.CREDENTIAL, setting.location, key, setting.value))
    return out
