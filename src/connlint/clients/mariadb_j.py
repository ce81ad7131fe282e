"""MariaDB Connector/J 2.x and 3.x: what its TLS options mean, by driver version.

Sources: the driver's source (``mariadb-connector-j`` =
https://github.com/mariadb-corporation/mariadb-connector-j, files named below)
and its documentation
(https://mariadb.com/kb/en/about-mariadb-connector-j/#tls-parameters).
Input: the effective option map of one host, keys as written; output: the
TLS mode, the trust source and per-option facts.

* 3.x: ``sslMode`` ∈ disable / trust / verify-ca / verify-full (and aliases),
  **default disable (no TLS)**; legacy ``useSsl=true`` maps to verify-full,
  verify-ca with ``disableSslHostnameVerification``, trust with
  ``trustServerCertificate``, and overrides an explicit ``sslMode``.
* 2.x: ``useSsl`` (default false) = verify chain and hostname, relaxed by the
  same two options; no ``sslMode``.

Decisions where the facts are silent:

* Unknown version and ``sslMode`` present: 3.x semantics.  Otherwise both
  majors are evaluated; when they differ ``mode`` is the verifying outcome,
  decision VERSION.
* Option names: case-insensitive from 3.1.1 (CONJ-1032); exact on a known
  2.x / 3.0.x (a wrong-case name gets an INEFFECTIVE fact); an unknown
  version is read case-insensitively.
* 3.x ``useSsl`` counts as set for ``1``, ``true`` or an empty value; the
  code compares exactly, but whether something lower-cases the value first is
  UNCONFIRMED, so ``TRUE`` counts as set too rather than claiming no TLS.
* ``trustStore`` (alias ``trustCertificateKeyStoreUrl``) on a known 3.0–3.4 is
  ignored: INEFFECTIVE, no trust anchor.  On an unknown version it counts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from connlint.clients import connector_j
from connlint.clients.connector_j import strip_file_scheme, weak_protocols
from connlint.clients.decisions import TlsDecision, invalid_value, merge_versions, named_mode, unknown_value
from connlint.clients.jdbc_url import Property
from connlint.clients.versions import at_least, in_range, parse_version
from connlint.lazy import dataclass
from connlint.model import Decision, Fact, FactKind, TlsMode, Trust, TrustKind

if TYPE_CHECKING:
    from connlint.clients.drivers import JdbcFamily
    from connlint.model import Assumptions, Candidate

DRIVER_ID = "mariadb-java-client"
CLIENT_NAME = "MariaDB Connector/J"
#: The driver's enum whose constants' strings are their names (``org.mariadb.jdbc.export.SslMode``,
#: no ``toString`` override), as code writes it.
JAVA_ENUMS = frozenset({"SslMode"})

#: 3.x sslMode values and aliases, lower-cased (mariadb-connector-j export/SslMode.java @ main,
#: aliases from 3.0.1-beta).  Anything else throws
#: "Wrong argument value '%s' for SslMode".
SSL_MODES: dict[str, TlsMode] = {
    "0": TlsMode.DISABLED,
    "1": TlsMode.VERIFY_IDENTITY,
    "disable": TlsMode.DISABLED,
    "disabled": TlsMode.DISABLED,
    "false": TlsMode.DISABLED,
    "required": TlsMode.REQUIRED,
    "true": TlsMode.VERIFY_IDENTITY,
    "trust": TlsMode.REQUIRED,
    "verify-ca": TlsMode.VERIFY_CA,
    "verify-full": TlsMode.VERIFY_IDENTITY,
    "verify_ca": TlsMode.VERIFY_CA,
    "verify_full": TlsMode.VERIFY_IDENTITY,
    "verify_identity": TlsMode.VERIFY_IDENTITY,
}

#: Every TLS option and alias -> its canonical name (3.x Configuration / OptionAliases.java;
#: 2.x DefaultOptions.java / OptionUtils.java l.33–43).
OPTION_ALIASES: dict[str, str] = {
    "clientCertificateKeyStorePassword": "keyStorePassword",  # alias, 2.x and 3.0+
    "clientCertificateKeyStoreType": "keyStoreType",  # alias, 2.x and 3.0+
    "clientCertificateKeyStoreUrl": "keyStore",  # alias, 2.x and 3.0+
    "credentialType": "credentialType",  # 2.5.0+ (CONJ-733): AWS-IAM forces TLS
    "disableSslHostnameVerification": "disableSslHostnameVerification",  # 2.1.0+, legacy in 3.x
    "enabledSSLCipherSuites": "enabledSslCipherSuites",  # alias
    "enabledSSLProtocolSuites": "enabledSslProtocolSuites",  # alias
    "enabledSslCipherSuites": "enabledSslCipherSuites",  # 1.5.0+
    "enabledSslProtocolSuites": "enabledSslProtocolSuites",  # 1.5.0+
    "fallbackToSystemKeyStore": "fallbackToSystemKeyStore",  # 3.4.0+ (CONJ-1166)
    "fallbackToSystemTrustStore": "fallbackToSystemTrustStore",  # 3.4.0+ (CONJ-1166)
    "keyStore": "keyStore",  # 1.3.0+
    "keyStorePassword": "keyStorePassword",  # 1.3.0+
    "keyStoreType": "keyStoreType",  # 1.3.0+
    "serverSslCert": "serverSslCert",  # 1.1.3+
    "sslMode": "sslMode",  # 3.0.0+
    "trustCertificateKeyStorePassword": "trustStorePassword",  # alias: 2.x, 3.5.0+
    "trustCertificateKeyStoreType": "trustStoreType",  # alias: 2.x, 3.5.0+
    "trustCertificateKeyStoreUrl": "trustStore",  # alias: 2.x, 3.5.0+ (CONJ-1183)
    "trustServerCertificate": "trustServerCertificate",  # 1.1.1+, legacy in 3.x
    "trustStore": "trustStore",  # 1.3.0 (2.x), 3.5.0+
    "trustStorePassword": "trustStorePassword",  # 1.3.0 (2.x), 3.5.0+
    "trustStoreType": "trustStoreType",  # 1.3.0 (2.x), 3.5.0+
    "useSSL": "useSsl",  # alias
    "useSsl": "useSsl",  # 1.1.0+, legacy in 3.x (deprecated.properties)
}

_ALIAS_BY_LOWER: dict[str, str] = {key.lower(): key for key in sorted(OPTION_ALIASES)}

#: MySQL Connector/J options MariaDB Connector/J does not know (Connector/J PropertyKey.java).
MYSQL_ONLY_KEYS: frozenset[str] = frozenset(
    {
        "enabledTLSProtocols",  # Connector/J 5.1.44+ / 8.0.8+
        "fipsCompliantJsse",  # Connector/J 8.1.0+
        "requireSSL",  # Connector/J 3.1.0+
        "tlsCiphersuites",  # Connector/J 8.0.28+
        "tlsVersions",  # Connector/J 8.0.28+
        "verifyServerCertificate",  # Connector/J 5.1.6+
        "xdevapi.ssl-mode",  # Connector/J X DevAPI
    }
)

#: Options holding a trust anchor: a CA / server certificate, or a trust store.
_TRUST_OPTIONS = ("serverSslCert", "trustStore")

_V2 = "MariaDB Connector/J 2.x"
_V3 = "MariaDB Connector/J 3.x"


@dataclass(frozen=True)
class Options:
    """The options of one host under their canonical names, and facts about the names."""

    by_name: dict[str, Property]
    facts: tuple[Fact, ...]


def _case_sensitive(version: str | None) -> bool:
    # 3.1.1+ lower-cases option names (CONJ-1032); 3.0.x and 2.x match exactly.
    return at_least(version, "3.1.1") is False


def normalize(props: Mapping[str, Property], version: str | None) -> Options:
    """Map option names (and aliases) to canonical names, as the driver version reads them."""
    sensitive = _case_sensitive(version)
    by_name: dict[str, Property] = {}
    found: list[Fact] = []
    for key, prop in props.items():
        name = OPTION_ALIASES.get(key)
        if name is None:
            written = _ALIAS_BY_LOWER.get(key.lower())
            if written is not None and sensitive:
                detail = (
                    f"MariaDB Connector/J {version} option names are case-sensitive; "
                    f"`{key}` is ignored, use `{written}`"
                )
                found.append(Fact(FactKind.INEFFECTIVE, prop.location, key, None, detail))
                continue
            name = OPTION_ALIASES.get(written) if written is not None else None
        if name is not None:
            by_name[name] = prop
        elif key in MYSQL_ONLY_KEYS:
            detail = f"`{key}` is a MySQL Connector/J option; MariaDB Connector/J ignores it"
            found.append(Fact(FactKind.INEFFECTIVE, prop.location, key, None, detail))
    return Options(by_name, tuple(found))


def _lower(prop: Property | None) -> str | None:
    value = prop.str_value if prop is not None else None
    return value.strip().lower() if value is not None else None


def _is_set(prop: Property | None) -> bool | None:
    """3.x ``isSet``: ``1``, ``true`` or empty (CFG3 l.972–975); None when unknown."""
    if prop is None:
        return False
    value = _lower(prop)
    return None if value is None else value in ("", "1", "true")


def _bool2(prop: Property | None) -> bool | None:
    """2.x booleans: ``""``, ``1``, ``true`` / ``0``, ``false``, lower-cased (DO2 ~882–897)."""
    value = _lower(prop)
    if value is None:
        return None
    return {"": True, "1": True, "true": True, "0": False, "false": False}.get(value)


def _verification(
    opts: Mapping[str, Property],
    use_ssl: Property,
    decision: Decision,
    is_on: Callable[[Property], bool | None],
) -> TlsDecision:
    """TLS switched on by ``use_ssl``: ``trustServerCertificate`` verifies nothing,
    ``disableSslHostnameVerification`` the chain only, else chain and host name;
    ``is_on`` reads the version's booleans.
    """
    trust_cert, no_host = opts.get("trustServerCertificate"), opts.get("disableSslHostnameVerification")
    for prop in (trust_cert, no_host):
        if prop is not None and prop.value is None:
            return unknown_value(prop)
    if trust_cert is not None and is_on(trust_cert):
        return TlsDecision(TlsMode.REQUIRED, decision, trust_cert)
    if no_host is not None and is_on(no_host):
        return TlsDecision(TlsMode.VERIFY_CA, decision, no_host)
    return TlsDecision(TlsMode.VERIFY_IDENTITY, decision, use_ssl)


#: The credential plugin whose ``mustUseSsl()`` is true (``AwsIamCredentialPlugin``,
#: ``type()`` "AWS-IAM", matched with ``equals``: CredentialPluginLoader.get), 2.5.0+.
_TLS_CREDENTIAL_TYPE = "AWS-IAM"


def _empty(prop: Property | None) -> bool:
    """A bare ``sslMode`` (or ``sslMode=``): 3.x sets no String option from an empty value
    (Configuration ``!propertyValue.toString().isEmpty()`` since 3.0.0-alpha,
    ``handleStringField`` since 3.5.2), so the default applies.
    """
    return prop is not None and prop.value == ""


#: MariaDB Connector/J 4.0.0 (2026-10-21): "Encrypted and verified connections by default"
#: (https://mariadb.com/resources/blog/whats-new-in-mariadb-connector-j-4-0/): no sslMode
#: is verify-full.  Only for a declared 4.x; an unknown version keeps the 2.x/3.x reading.
VERIFY_BY_DEFAULT_SINCE = "4.0"


def _v3(opts: Mapping[str, Property], verify_by_default: bool = False) -> TlsDecision:
    decided = _v3_mode(opts)
    if verify_by_default and decided.decision is Decision.DEFAULT:
        return TlsDecision(TlsMode.VERIFY_IDENTITY, Decision.DEFAULT)
    credential = opts.get("credentialType")
    if (
        credential is not None
        and credential.value == _TLS_CREDENTIAL_TYPE
        and decided.mode in (TlsMode.DISABLED,)
        and decided.decision in (Decision.DEFAULT, Decision.EXPLICIT)
    ):
        # Configuration's constructor: a credential plugin that must use TLS turns a missing
        # or `disable` sslMode into verify-full (3.5.9 l.303–310; 3.0.3 l.380–386).
        return TlsDecision(TlsMode.VERIFY_IDENTITY, Decision.EXPLICIT, credential)
    return decided


def _v3_mode(opts: Mapping[str, Property]) -> TlsDecision:
    use_ssl = opts.get("useSsl")
    is_set = _is_set(use_ssl)
    if use_ssl is not None and is_set is None:
        return unknown_value(use_ssl)
    if use_ssl is not None and is_set:
        # handleLegacySslSettings (CFG3 l.948–966): applied after parsing, overrides sslMode.
        return _verification(opts, use_ssl, Decision.LEGACY, _is_set)
    ssl_mode = opts.get("sslMode")
    if ssl_mode is not None and not _empty(ssl_mode):
        return named_mode(ssl_mode, SSL_MODES, _lower(ssl_mode))
    # Default disable: no TLS (SM3; CFG3 l.303–310).
    return TlsDecision(TlsMode.DISABLED, Decision.DEFAULT)


def _v2(opts: Mapping[str, Property]) -> TlsDecision:
    use_ssl = opts.get("useSsl")
    credential = opts.get("credentialType")
    if credential is not None and credential.value == _TLS_CREDENTIAL_TYPE:
        # DefaultOptions.postOptionProcess (2.7.12 l.1012–1014): useSsl = TRUE, whatever was set.
        return _verification(opts, credential, Decision.EXPLICIT, _bool2)
    if use_ssl is None:
        return TlsDecision(TlsMode.DISABLED, Decision.DEFAULT)  # useSsl default false (DO2 147–152)
    if use_ssl.value is None:
        return unknown_value(use_ssl)
    enabled = _bool2(use_ssl)
    if enabled is None:
        return invalid_value(use_ssl)
    if not enabled:
        return TlsDecision(TlsMode.DISABLED, Decision.EXPLICIT, use_ssl)
    # TM2 86–162; 2.x AbstractConnectProtocol l.678.
    return _verification(opts, use_ssl, Decision.EXPLICIT, _bool2)


def decide(props: Mapping[str, Property], version: str | None) -> TlsDecision:
    """The TLS mode a MariaDB Connector/J connection gets with ``props``."""
    opts = normalize(props, version).by_name
    major3 = at_least(version, "3.0")
    if major3 is True:
        return _v3(opts, verify_by_default=bool(at_least(version, VERIFY_BY_DEFAULT_SINCE)))
    if major3 is False:
        return _v2(opts)
    v3 = _v3(opts)
    if "sslMode" in opts:
        return v3
    return merge_versions(_v2(opts), v3, _V2, _V3)


def _trust_store_ignored(version: str | None) -> bool:
    # trustStore / trustCertificateKeyStoreUrl not mapped in 3.0–3.4 (CONJ-1183, 3.5.0).
    return in_range(version, "3.0", "3.5") is True


def _path(prop: Property) -> str | None:
    value = prop.str_value
    if value is None:
        return None
    value = value.strip()
    if "-----BEGIN" in value:
        return None  # inline PEM certificate (serverSslCert accepts one)
    if value[:10].lower() == "classpath:":
        return value[10:]
    return strip_file_scheme(value)


def trust(props: Mapping[str, Property], version: str | None) -> Trust:
    """3.x: ``serverSslCert``, else ``trustStore`` (3.5+), else the JVM default (TLS3 l.172–262);
    2.x: ``trustStore`` overrides ``serverSslCert`` (DO2 340–346, TM2 86–162).
    """
    opts = normalize(props, version).by_name
    order = list(_TRUST_OPTIONS)
    if at_least(version, "3.0") is False:
        order.reverse()
    for name in order:
        prop = opts.get(name)
        if prop is None or (name == "trustStore" and _trust_store_ignored(version)):
            continue
        kind = TrustKind.CA_FILE if name == "serverSslCert" else TrustKind.TRUST_STORE
        return Trust(kind, _path(prop), prop.location)
    jvm = props.get("javax.net.ssl.trustStore")
    if jvm is not None:
        return Trust(TrustKind.TRUST_STORE, jvm.str_value, jvm.location)
    return Trust(TrustKind.JVM_DEFAULT)


def _fact(kind: FactKind, prop: Property, detail: str, value: str | None = None) -> Fact:
    return Fact(kind, prop.location, prop.key, value, detail)


def facts(props: Mapping[str, Property], version: str | None) -> list[Fact]:
    """Trust anchors, weak protocols, deprecated and ineffective options (not credentials)."""
    options = normalize(props, version)
    opts = options.by_name
    out = list(options.facts)
    major3 = at_least(version, "3.0")
    ssl_mode, use_ssl = opts.get("sslMode"), opts.get("useSsl")
    if ssl_mode is not None and major3 is False:
        out.append(
            _fact(
                FactKind.INEFFECTIVE,
                ssl_mode,
                f"sslMode needs MariaDB Connector/J 3.0+; {version} ignores it",
            )
        )
    elif (
        ssl_mode is not None
        and major3 is not False
        and _lower(ssl_mode) in ("disable", "disabled", "0", "false")
        and (credential := opts.get("credentialType")) is not None
        and credential.value == _TLS_CREDENTIAL_TYPE
    ):
        detail = f"ignored: credentialType={_TLS_CREDENTIAL_TYPE} must use TLS, so verify-full applies"
        out.append(_fact(FactKind.INEFFECTIVE, ssl_mode, detail))
    elif _empty(ssl_mode) and ssl_mode is not None:
        detail = "an empty sslMode is ignored (MariaDB Connector/J 3.x): the default, disable, applies"
        out.append(_fact(FactKind.INEFFECTIVE, ssl_mode, detail))
    elif ssl_mode is not None and ssl_mode.value is not None and _lower(ssl_mode) not in SSL_MODES:
        detail = f"connection fails: invalid sslMode value `{ssl_mode.str_value}`"
        out.append(_fact(FactKind.INEFFECTIVE, ssl_mode, detail))
    elif ssl_mode is not None and use_ssl is not None and _is_set(use_ssl) and major3 is not False:
        detail = "ignored: the legacy useSsl option overrides sslMode in MariaDB Connector/J 3.x"
        out.append(_fact(FactKind.INEFFECTIVE, ssl_mode, detail))
    use_ssl_on = use_ssl is not None and bool(_is_set(use_ssl))
    for name in ("trustServerCertificate", "disableSslHostnameVerification"):
        prop = opts.get(name)
        if prop is not None and not use_ssl_on and (ssl_mode is not None or use_ssl is not None or major3):
            out.append(_fact(FactKind.INEFFECTIVE, prop, "only read together with useSsl=true; use sslMode"))
    if major3:
        replacement = {
            "disableSslHostnameVerification": "sslMode=verify-ca",
            "trustServerCertificate": "sslMode=trust",
            "useSsl": "sslMode",
        }
        if use_ssl_on:
            mapped = _v3(opts)
            replacement["useSsl"] = f"sslMode={_MODE_NAME.get(mapped.mode, 'verify-full')}"
        for name, new in sorted(replacement.items()):
            prop = opts.get(name)
            if prop is not None:
                out.append(
                    _fact(FactKind.DEPRECATED, prop, f"deprecated in MariaDB Connector/J 3.x; use {new}")
                )
    for name in _TRUST_OPTIONS:
        prop = opts.get(name)
        if prop is None:
            continue
        if name == "trustStore" and _trust_store_ignored(version):
            detail = (
                f"MariaDB Connector/J {version} ignores `{prop.key}` (read from 3.5.0 on); use serverSslCert"
            )
            out.append(_fact(FactKind.INEFFECTIVE, prop, detail))
            continue
        if prop.str_value is not None and not prop.str_value.strip():
            continue
        path = _path(prop)
        if path is not None or prop.value is None:
            out.append(_fact(FactKind.TRUST_ANCHOR, prop, "MariaDB Connector/J " + name, path))
    protocols = opts.get("enabledSslProtocolSuites")
    if protocols is not None and protocols.str_value is not None:
        weak = weak_protocols(protocols.str_value)
        if weak:
            out.append(_fact(FactKind.WEAK_PROTOCOL, protocols, ", ".join(weak), protocols.str_value))
    return out


_MODE_NAME: dict[TlsMode, str] = {
    TlsMode.DISABLED: "disable",
    TlsMode.REQUIRED: "trust",
    TlsMode.VERIFY_CA: "verify-ca",
    TlsMode.VERIFY_IDENTITY: "verify-full",
}


def accepts_mysql_scheme(props: Mapping[str, Property], version: str | None) -> bool:
    """Whether MariaDB Connector/J takes a ``jdbc:mysql:`` URL: 2.x unless
    ``disableMariaDbDriver`` (UrlParser.acceptsUrl l.155–159); 3.0.3+ only with
    ``permitMysqlScheme`` (Configuration.acceptsUrl l.684–688, CONJ-910).
    """
    keys = {key.lower() for key in props}
    if at_least(version, "3.0") is False:
        return "disablemariadbdriver" not in keys
    return "permitmysqlscheme" in keys


def per_host_ignored(key: str, version: str | None) -> str | None:
    """Why a per-host property (``address=(host=h)(sslMode=…)``) has no effect at
    ``version``; None when it applies or the version is not known.  Per-host
    ``sslMode`` came with 3.4.0 (CONJ-685); in 3.0–3.3 every host uses the global
    one (2.x reads no ``sslMode`` at all, which :func:`facts` says).
    """
    if key.lower() == "sslmode" and in_range(version, "3.0", "3.4") is True:
        return (
            "per-host `sslMode` is read from MariaDB Connector/J 3.4.0 on; this host uses the URL's sslMode"
        )
    return None


def is_v3(version: str | None) -> bool | None:
    """True for 3.x, False for older, None when the version is unknown."""
    parsed = parse_version(version)
    return None if parsed is None else parsed[0] >= 3


#: Driver classes naming MariaDB Connector/J (2.x and 3.x).
DRIVER_CLASSES: frozenset[str] = frozenset({"org.mariadb.jdbc.Driver", "org.mariadb.jdbc.MariaDbDataSource"})

_ALIASES_LOWER: frozenset[str] = frozenset(key.lower() for key in OPTION_ALIASES)


class _MariaDbJ:
    """MariaDB Connector/J as a :class:`~connlint.clients.decisions.JdbcClient`."""

    driver_id = DRIVER_ID
    name = CLIENT_NAME

    def decide(self, props: Mapping[str, Property], version: str | None) -> TlsDecision:
        return decide(props, version)

    def facts(self, props: Mapping[str, Property], version: str | None) -> list[Fact]:
        return facts(props, version)

    def trust(self, props: Mapping[str, Property], version: str | None) -> Trust:
        return trust(props, version)

    def is_tls_key(self, key: str) -> bool:
        return connector_j.is_tls_key(key) or key.lower() in _ALIASES_LOWER

    def per_host_ignored(self, key: str, version: str | None) -> str | None:
        return per_host_ignored(key, version)

    def prefers(self, candidate: Candidate, assumptions: Assumptions) -> bool:
        """A MariaDB driver class is named, or the build declares MariaDB Connector/J
        and not MySQL Connector/J.
        """
        named = candidate.driver is not None and (
            candidate.driver in DRIVER_CLASSES or "mariadb" in candidate.driver.lower()
        )
        versions = assumptions.versions
        return named or (DRIVER_ID in versions and connector_j.DRIVER_ID not in versions)

    def accepts(self, family: JdbcFamily, props: Mapping[str, Property], version: str | None) -> bool:
        return family == "mysql" and accepts_mysql_scheme(props, version)


#: The client the registry names for ``jdbc:mariadb:`` URLs.
DRIVER = _MariaDbJ()
