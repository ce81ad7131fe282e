"""MySQL Connector/J: what its TLS properties mean, by driver version.

Sources: the driver's source ("CJ" = https://github.com/mysql/mysql-connector-j,
files named below, at the tags named) and its reference manual
(https://dev.mysql.com/doc/connector-j/en/connector-j-reference-configuration-properties.html).
The input is the effective property map of one host (URL query <
Properties/setters < per-host properties, CJ ``ConnectionUrl.java``
l.362–369), keys as written; the output is the TLS mode with
how it was decided, the trust source and per-property facts.

Version families:

* ``8.0.13+`` — ``sslMode`` (default PREFERRED); legacy ``useSSL`` /
  ``verifyServerCertificate`` / ``requireSSL`` are translated only when
  ``sslMode`` is absent (CJ ``DefaultPropertySet.java`` l.198–213).
* ``5.1 and 8.0.≤12`` — no ``sslMode``; ``useSSL=true`` verifies the CA
  because ``verifyServerCertificate`` defaults to true (CJ 5.1.49
  ``ConnectionPropertiesImpl.java`` l.1291); with nothing set, 5.1.38+
  negotiates TLS without verification with servers ≥ 5.7 and none with older
  servers (CJ 5.1.49 ``MysqlIO.java`` l.1166–1171).

Decisions where the facts are silent:

* Unknown version and ``sslMode`` present: the 8.0.13+ semantics alone
  (whoever writes ``sslMode`` uses a driver that knows it).  A known version
  below 8.0.13 gets an INEFFECTIVE fact instead.
* Unknown version otherwise: both families are evaluated; when they differ,
  ``mode`` is the verifying outcome (see :func:`~connlint.clients.decisions.merge_versions`), decision
  VERSION, ``outcomes`` one per family.
* DEPRECATED for ``useSSL`` / ``requireSSL`` / ``verifyServerCertificate`` is
  emitted only when it is certain: the version is known ≥ 8.0.13 (detail: the
  concrete ``sslMode`` replacement, or "ignored because sslMode is set"), or
  the version is unknown and ``sslMode`` is also present (then they are
  ignored on every version that reads ``sslMode``).  On an unknown version
  without ``sslMode`` they may be current (5.1), so nothing is said.
* Renamed ``enabledTLSProtocols`` / ``enabledSSLCipherSuites``: DEPRECATED
  only on a known 8.0.28+.
* An invalid value (``sslMode=verify-ca``, ``useSSL=maybe``) fails the
  connection: INEFFECTIVE fact, mode UNKNOWN with decision EXPLICIT.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from connlint.clients import rewrites
from connlint.clients.decisions import (
    MYSQL_SSL_MODES,
    TlsDecision,
    invalid_value,
    merge_versions,
    named_mode,
    unknown_value,
)
from connlint.clients.jdbc_url import Property
from connlint.clients.versions import at_least, parse_version
from connlint.lazy import dataclass
from connlint.model import Decision, Fact, FactKind, Fix, Outcome, TlsMode, Trust, TrustKind

if TYPE_CHECKING:
    from connlint.clients.drivers import JdbcFamily
    from connlint.model import Assumptions, Candidate

#: Driver id in Assumptions.versions and the client's display names.
DRIVER_ID = "connector-j"
CLIENT_NAME = "MySQL Connector/J"
XDEVAPI_CLIENT_NAME = "MySQL Connector/J (X DevAPI)"
#: The driver's enums whose constants' strings are their names (``SslMode.DISABLED.name()``),
#: as code writes them (src/main/core-api/java/com/mysql/cj/conf/PropertyDefinitions.java).
JAVA_ENUMS = frozenset({"SslMode", "PropertyDefinitions.SslMode", "XdevapiSslMode"})
#: Connector/J's ``PropertyKey`` constants whose key (``getKeyName()``) is not
#: their name, when the class is not in the project (mysql-connector-j
#: src/main/core-api/java/com/mysql/cj/conf/PropertyKey.java, 9.x).
PROPERTY_KEY_NAMES: Mapping[str, str] = {
    "USER": "user",
    "PASSWORD": "password",
    "HOST": "host",
    "PORT": "port",
    "PROTOCOL": "protocol",
    "PATH": "path",
    "TYPE": "type",
    "ADDRESS": "address",
    "PRIORITY": "priority",
    "DBNAME": "dbname",
    "keyManagerFactoryProvider": "KeyManagerFactoryProvider",
    "xdevapiSslMode": "xdevapi.ssl-mode",
    "xdevapiSslTrustStoreUrl": "xdevapi.ssl-truststore",
    "xdevapiSslTrustStoreType": "xdevapi.ssl-truststore-type",
    "xdevapiSslTrustStorePassword": "xdevapi.ssl-truststore-password",
    "xdevapiSslKeyStoreUrl": "xdevapi.ssl-keystore",
    "xdevapiSslKeyStoreType": "xdevapi.ssl-keystore-type",
    "xdevapiSslKeyStorePassword": "xdevapi.ssl-keystore-password",
    "xdevapiFallbackToSystemTrustStore": "xdevapi.fallback-to-system-truststore",
    "xdevapiFallbackToSystemKeyStore": "xdevapi.fallback-to-system-keystore",
    "xdevapiTlsVersions": "xdevapi.tls-versions",
    "xdevapiTlsCiphersuites": "xdevapi.tls-ciphersuites",
}

#: sslMode values (CJ PropertyDefinitions SslMode enum, 8.0.13+).  Values are
#: matched after upper-casing (CJ EnumPropertyDefinition.parseObject).
SSL_MODES: Mapping[str, TlsMode] = MYSQL_SSL_MODES

#: xdevapi.ssl-mode values: no PREFERRED (CJ PropertyDefinitions XdevapiSslMode, 8.0.7+).
XDEVAPI_SSL_MODES: Mapping[str, TlsMode] = {
    name: mode for name, mode in MYSQL_SSL_MODES.items() if mode is not TlsMode.PREFERRED
}

#: Boolean values, any case (CJ BooleanPropertyDefinition.AllowableValues).
BOOLEANS: dict[str, bool] = {"FALSE": False, "NO": False, "TRUE": True, "YES": True}

#: Legacy TLS switches, deprecated in 8.0.13 by sslMode (CJ PropertyDefinitions, 8.0.13).
LEGACY_KEYS: frozenset[str] = frozenset({"requireSSL", "useSSL", "verifyServerCertificate"})

#: Renamed in 8.0.28, old names remain aliases (CJ PropertyKey.java; Connector/J 8.0.28
#: release notes, WL#14805).
RENAMED_8_0_28: dict[str, str] = {
    "enabledSSLCipherSuites": "tlsCiphersuites",
    "enabledTLSProtocols": "tlsVersions",
}

#: Protocol lists: ``tlsVersions`` (alias ``enabledTLSProtocols``, 5.1.44 / 8.0.8+) and the X
#: DevAPI ``xdevapi.tls-versions`` (8.0.19+) (CJ PropertyKey.java).
PROTOCOL_KEYS: frozenset[str] = frozenset(
    {"enabledTLSProtocols", "tlsVersions", "xdevapi.tls-versions", "xdevapiTlsVersions"}
)

#: TLSv1 and TLSv1.1 deprecated 8.0.26, removed 8.0.28 (CJ CHANGES WL#14559, WL#14805); SSLv3 is
#: broken (RFC 7568).  Compared upper-cased.
WEAK_PROTOCOLS: frozenset[str] = frozenset({"SSLV2", "SSLV2HELLO", "SSLV3", "TLSV1", "TLSV1.0", "TLSV1.1"})

#: Trust store URL properties (CJ ExportControlled l.328–350): classic, then X.
TRUST_STORE_KEYS: frozenset[str] = frozenset(
    {"trustCertificateKeyStoreUrl", "xdevapi.ssl-truststore", "xdevapiSslTruststore"}
)

#: Every TLS property name Connector/J 9.x knows, exactly as it must be written (property names
#: are case-sensitive: CJ PropertyKey.java isCaseSensitive=true).
TLS_KEYS: frozenset[str] = frozenset(
    {
        "allowPublicKeyRetrieval",  # 5.1.31
        "clientCertificateKeyStorePassword",  # 5.1.0
        "clientCertificateKeyStoreType",  # 5.1.0
        "clientCertificateKeyStoreUrl",  # 5.1.0
        "enabledSSLCipherSuites",  # 5.1.35, alias of tlsCiphersuites since 8.0.28
        "enabledTLSProtocols",  # 5.1.44 / 8.0.8, alias of tlsVersions since 8.0.28
        "fallbackToSystemKeyStore",  # 8.0.22
        "fallbackToSystemTrustStore",  # 8.0.22
        "fipsCompliantJsse",  # 8.1.0
        "requireSSL",  # 3.1.0, deprecated 8.0.13
        "serverRSAPublicKeyFile",  # 5.1.31
        "sslMode",  # 8.0.13
        "tlsCiphersuites",  # 8.0.28
        "tlsVersions",  # 8.0.28
        "trustCertificateKeyStorePassword",  # 5.1.0
        "trustCertificateKeyStoreType",  # 5.1.0
        "trustCertificateKeyStoreUrl",  # 5.1.0
        "useSSL",  # 3.0.2, deprecated 8.0.13
        "verifyServerCertificate",  # 5.1.6, deprecated 8.0.13
        "xdevapi.fallback-to-system-truststore",  # 8.0.22, X DevAPI
        "xdevapi.ssl-mode",  # 8.0.7, X DevAPI
        "xdevapi.ssl-truststore",  # 6.0.6, X DevAPI
        "xdevapi.ssl-truststore-password",  # 6.0.6, X DevAPI
        "xdevapi.ssl-truststore-type",  # 6.0.6, X DevAPI
        "xdevapi.tls-ciphersuites",  # 8.0.19, X DevAPI
        "xdevapi.tls-versions",  # 8.0.19, X DevAPI
        "xdevapiSslMode",  # alias of xdevapi.ssl-mode
        "xdevapiSslTruststore",  # alias of xdevapi.ssl-truststore
        "xdevapiTlsVersions",  # alias of xdevapi.tls-versions
    }
)

#: Lower-cased name -> the spelling Connector/J expects.
_TLS_KEY_BY_LOWER: dict[str, str] = {key.lower(): key for key in sorted(TLS_KEYS)}

#: MariaDB Connector/J options that MySQL Connector/J does not know (mariadb-connector-j
#: ``Configuration.java``, ``OptionAliases.java``): set on a MySQL Connector/J URL they are
#: kept as user properties and ignored.
MARIADB_ONLY_KEYS: frozenset[str] = frozenset(
    {
        "disableSslHostnameVerification",  # MariaDB 2.1.0+
        "enabledSSLProtocolSuites",  # MariaDB alias of enabledSslProtocolSuites
        "enabledSslCipherSuites",  # MariaDB 1.5.0+ (Connector/J spells it enabledSSLCipherSuites)
        "enabledSslProtocolSuites",  # MariaDB 1.5.0+
        "keyStore",  # MariaDB 1.3.0+
        "keyStorePassword",  # MariaDB 1.3.0+
        "keyStoreType",  # MariaDB 1.3.0+
        "serverSslCert",  # MariaDB 1.1.3+
        "trustServerCertificate",  # MariaDB 1.1.1+
        "trustStore",  # MariaDB 1.3.0+ (2.x), 3.5.0+
        "trustStorePassword",  # MariaDB 1.3.0+ (2.x), 3.5.0+
        "trustStoreType",  # MariaDB 1.3.0+ (2.x), 3.5.0+
        "useSsl",  # MariaDB 1.1.0+ (Connector/J spells it useSSL)
    }
)

#: The conditions named in outcomes when the version is not known.
LEGACY_FAMILY = "Connector/J 5.1 and 8.0.≤12"
CURRENT_FAMILY = "Connector/J 8.0.13+"


def _upper(prop: Property | None) -> str | None:
    value = prop.str_value if prop is not None else None
    return value.strip().upper() if value is not None else None


def _bool(prop: Property | None) -> bool | None:
    value = _upper(prop)
    return BOOLEANS.get(value) if value is not None else None


def _check_bool(prop: Property | None) -> TlsDecision | None:
    """An UNKNOWN decision when ``prop`` is set but its value is unknown or invalid."""
    if prop is None:
        return None
    if prop.value is None:
        return unknown_value(prop)
    if _bool(prop) is None:
        return invalid_value(prop)
    return None


def _current(props: Mapping[str, Property]) -> TlsDecision:
    """8.0.13+: explicit sslMode, else the legacy translation (CJ DefaultPropertySet
    l.198–213), else PREFERRED.
    """
    ssl_mode = props.get("sslMode")
    if ssl_mode is not None:
        return named_mode(ssl_mode, SSL_MODES, _upper(ssl_mode))
    # CJ DefaultPropertySet l.198–213: useSSL=false -> DISABLED; else verifyServerCertificate=true
    # -> VERIFY_CA; else requireSSL=true -> REQUIRED; else PREFERRED.
    use_ssl, verify, require = (props.get(k) for k in ("useSSL", "verifyServerCertificate", "requireSSL"))
    # Each switch is read only when the ones before it did not decide.
    for prop, decides_when, result in (
        (use_ssl, False, TlsMode.DISABLED),
        (verify, True, TlsMode.VERIFY_CA),
        (require, True, TlsMode.REQUIRED),
    ):
        problem = _check_bool(prop)
        if problem is not None:
            return problem
        if prop is not None and _bool(prop) is decides_when:
            return TlsDecision(result, Decision.LEGACY, prop)
    legacy = use_ssl or verify or require
    if legacy is not None:
        return TlsDecision(TlsMode.PREFERRED, Decision.LEGACY, legacy)
    return TlsDecision(TlsMode.PREFERRED, Decision.DEFAULT)


def _legacy(props: Mapping[str, Property], implicit_tls: bool) -> TlsDecision:
    """5.1 and 8.0.≤12 (see the module docstring).  ``implicit_tls``: 5.1.38+ (server ≥ 5.7 assumed)."""
    use_ssl, verify, require = (props.get(k) for k in ("useSSL", "verifyServerCertificate", "requireSSL"))
    problem = _check_bool(use_ssl)
    if problem is not None:
        return problem
    if use_ssl is not None and _bool(use_ssl) is False:
        return TlsDecision(TlsMode.DISABLED, Decision.EXPLICIT, use_ssl)
    if use_ssl is None:
        if not implicit_tls:
            # Before 5.1.38 useSSL defaults to false: no TLS (the implicit TLS below came with 5.1.38).
            return TlsDecision(TlsMode.DISABLED, Decision.DEFAULT)
        # 5.1.38+ with a server ≥ 5.7: useSSL=true, verifyServerCertificate forced false
        # (CJ 5.1.49 MysqlIO l.1166–1171); requireSSL is honoured (same lines).
        problem = _check_bool(require)
        if problem is not None:
            return problem
        if require is not None and _bool(require):
            return TlsDecision(TlsMode.REQUIRED, Decision.EXPLICIT, require)
        return TlsDecision(TlsMode.PREFERRED, Decision.DEFAULT)
    for prop in (verify, require):
        problem = _check_bool(prop)
        if problem is not None:
            return problem
    # verifyServerCertificate defaults to true in 5.1 / 8.0.≤12 (CJ 5.1.49 ConnectionPropertiesImpl
    # l.1291): useSSL=true alone verifies the CA, without hostname check.
    if verify is None or _bool(verify):
        return TlsDecision(TlsMode.VERIFY_CA, Decision.EXPLICIT, verify or use_ssl)
    if require is not None and _bool(require):
        return TlsDecision(TlsMode.REQUIRED, Decision.EXPLICIT, require)
    return TlsDecision(TlsMode.PREFERRED, Decision.EXPLICIT, verify)


#: Default with a pre-8.0.13 driver (5.1.38+): TLS only with servers ≥ 5.7 (CJ 5.1.49 MysqlIO l.1166–1171).
_SERVER_OUTCOMES = (
    Outcome(TlsMode.PREFERRED, "servers ≥ 5.7"),
    Outcome(TlsMode.DISABLED, "servers < 5.7"),
)

#: Default with an unknown version.
_DEFAULT_OUTCOMES = (
    Outcome(TlsMode.PREFERRED, "Connector/J 8.0.13+, and 5.1.38+ / 8.0.≤12 with servers ≥ 5.7"),
    Outcome(TlsMode.DISABLED, "Connector/J 5.1 / 8.0.≤12 with servers < 5.7, and before 5.1.38"),
)


def decide(props: Mapping[str, Property], version: str | None) -> TlsDecision:
    """The TLS mode a classic (``jdbc:mysql:``) connection gets with ``props``."""
    parsed = parse_version(version)
    if parsed is not None:
        if at_least(parsed, "8.0.13"):
            return _current(props)
        result = _legacy(props, implicit_tls=bool(at_least(parsed, "5.1.38")))
        if result.decision is Decision.DEFAULT and result.mode is TlsMode.PREFERRED:
            return TlsDecision(result.mode, result.decision, outcomes=_SERVER_OUTCOMES)
        return result
    current = _current(props)
    if "sslMode" in props:
        return current
    legacy = _legacy(props, implicit_tls=True)
    if current.decision is Decision.DEFAULT and legacy.decision is Decision.DEFAULT:
        # Both PREFERRED; what the default means depends on the server as well.
        return TlsDecision(TlsMode.PREFERRED, Decision.DEFAULT, outcomes=_DEFAULT_OUTCOMES)
    return merge_versions(legacy, current, LEGACY_FAMILY, CURRENT_FAMILY)


def decide_xdevapi(props: Mapping[str, Property]) -> TlsDecision:
    """X DevAPI (``mysqlx:``): ``xdevapi.ssl-mode``, else ``sslMode`` with PREFERRED read as
    REQUIRED, else REQUIRED (CJ PropertyDefinitions XdevapiSslMode; ConnectionUrl.java l.106–119).
    """
    x_mode = props.get("xdevapi.ssl-mode") or props.get("xdevapiSslMode")
    if x_mode is not None:
        return named_mode(x_mode, XDEVAPI_SSL_MODES, _upper(x_mode))
    classic = _current(props)
    if classic.decision is Decision.DEFAULT:
        return TlsDecision(TlsMode.REQUIRED, Decision.DEFAULT)
    if classic.mode is TlsMode.PREFERRED:
        return TlsDecision(TlsMode.REQUIRED, classic.decision, classic.prop)
    return classic


def strip_file_scheme(url: str) -> str:
    """``file:/x.jks`` / ``file:///x.jks`` -> ``/x.jks``; other URLs unchanged."""
    if url[:5].lower() != "file:":
        return url
    rest = url[5:]
    if rest.startswith("//"):
        rest = rest[2:]
        # file://host/path: keep the path; file:///path has an empty host.
        slash = rest.find("/")
        rest = rest[slash:] if slash >= 0 else rest
    return rest


def trust(props: Mapping[str, Property], *, xdevapi: bool = False) -> Trust:
    """Where a verifying connection finds its CA: ``trustCertificateKeyStoreUrl`` (X DevAPI:
    ``xdevapi.ssl-truststore`` first), then ``javax.net.ssl.trustStore``, then the JVM's
    cacerts (CJ ExportControlled l.328–350, 538–552; fallbackToSystemTrustStore since 8.0.22, Bug#99767).
    """
    keys = ["trustCertificateKeyStoreUrl", "javax.net.ssl.trustStore"]
    if xdevapi:
        keys[:0] = ["xdevapi.ssl-truststore", "xdevapiSslTruststore"]
    for key in keys:
        prop = props.get(key)
        if prop is None:
            continue
        value = prop.str_value
        if value is not None and not value.strip():
            continue  # empty: falls through to the next source
        path = strip_file_scheme(value.strip()) if value is not None else None
        return Trust(TrustKind.TRUST_STORE, path, prop.location)
    return Trust(TrustKind.JVM_DEFAULT)


def _fact(
    kind: FactKind, prop: Property, detail: str, value: str | None = None, fix: Fix | None = None
) -> Fact:
    return Fact(kind, prop.location, prop.key, value, detail, fix)


def _key_case_fix(
    props: Mapping[str, Property], key: str, expected: str, version: str | None, xdevapi: bool
) -> Fix | None:
    """``sslmode`` -> ``sslMode``, when no property is spelt so already and the
    connection is left no weaker: Connector/J ignores ``sslmode=DISABLED`` today,
    and turning TLS off is the user's call, so that one stays a suggestion.
    """
    if expected in props:
        return None
    after = rewrites.renamed(dict(props), key, expected)
    if xdevapi:
        was, becomes = decide_xdevapi(props), decide_xdevapi(after)
    else:
        was, becomes = decide(props, version), decide(after, version)
    if not rewrites.not_weaker(becomes, was):
        return None
    return rewrites.rename_key(
        props[key], expected, f"Write `{expected}` (property names are case-sensitive)"
    )


def _legacy_replacement(props: Mapping[str, Property]) -> str:
    """The sslMode that 8.0.13+ derives from the legacy properties (CJ DefaultPropertySet l.198–213)."""
    mapped = _current({k: v for k, v in props.items() if k in LEGACY_KEYS})
    if mapped.mode is TlsMode.UNKNOWN:
        return "use sslMode"
    hint = ""
    if mapped.mode in (TlsMode.PREFERRED, TlsMode.REQUIRED):
        hint = " (VERIFY_CA or VERIFY_IDENTITY to verify the server certificate)"
    return f"use sslMode={mapped.mode.value}{hint}"


def weak_protocols(value: str) -> list[str]:
    """The weak protocols in a comma or blank separated list, as written."""
    parts = [p.strip() for p in value.replace(" ", ",").split(",")]
    return [p for p in parts if p and p.upper() in WEAK_PROTOCOLS]


def facts(props: Mapping[str, Property], version: str | None, *, xdevapi: bool = False) -> list[Fact]:
    """Trust anchors, weak protocols, deprecated and ineffective properties (not credentials)."""
    parsed = parse_version(version)
    current = at_least(parsed, "8.0.13")
    out: list[Fact] = []
    for key, item in props.items():
        expected = _TLS_KEY_BY_LOWER.get(key.lower())
        if key in MARIADB_ONLY_KEYS:
            hint = f" (property names are case-sensitive: use `{expected}`)" if expected else ""
            detail = f"`{key}` is a MariaDB Connector/J option; MySQL Connector/J ignores it{hint}"
            out.append(_fact(FactKind.INEFFECTIVE, item, detail))
        elif expected is not None and expected != key:
            detail = f"Connector/J property names are case-sensitive; `{key}` is ignored, use `{expected}`"
            fix = _key_case_fix(props, key, expected, version, xdevapi)
            out.append(_fact(FactKind.INEFFECTIVE, item, detail, fix=fix))
    ssl_mode = props.get("sslMode")
    if ssl_mode is not None and not xdevapi:
        if current is False:
            detail = f"sslMode needs Connector/J 8.0.13+; {version} ignores it"
            out.append(_fact(FactKind.INEFFECTIVE, ssl_mode, detail))
        elif ssl_mode.value is not None and _upper(ssl_mode) not in SSL_MODES:
            fixed = (_upper(ssl_mode) or "").replace("-", "_")
            hint = f"; use `sslMode={fixed}`" if fixed in SSL_MODES else ""
            detail = f"connection fails: invalid sslMode value `{ssl_mode.str_value}`{hint}"
            # The mode it names, spelt as Connector/J reads it (VERIFY_CA for verify-ca).
            fix = rewrites.respell_value(ssl_mode, fixed, f"Write `sslMode={fixed}`") if hint else None
            out.append(_fact(FactKind.INEFFECTIVE, ssl_mode, detail, fix=fix))
    x_mode = props.get("xdevapi.ssl-mode") or props.get("xdevapiSslMode")
    if (
        xdevapi
        and x_mode is not None
        and x_mode.value is not None
        and _upper(x_mode) not in XDEVAPI_SSL_MODES
    ):
        detail = f"connection fails: invalid xdevapi.ssl-mode value `{x_mode.str_value}`"
        out.append(_fact(FactKind.INEFFECTIVE, x_mode, detail))
    for key in sorted(LEGACY_KEYS | {"fallbackToSystemTrustStore", "fipsCompliantJsse"}):
        prop = props.get(key)
        if prop is not None and prop.value is not None and _bool(prop) is None:
            detail = f"connection fails: invalid boolean value `{prop.str_value}` (true, false, yes or no)"
            out.append(_fact(FactKind.INEFFECTIVE, prop, detail))
    # Deprecated legacy switches (see the module docstring for when this is certain).
    if current or (current is None and ssl_mode is not None):
        for key in sorted(LEGACY_KEYS):
            prop = props.get(key)
            if prop is None:
                continue
            if ssl_mode is not None:
                detail = "deprecated since Connector/J 8.0.13 and ignored because sslMode is set; remove it"
            else:
                detail = f"deprecated since Connector/J 8.0.13; {_legacy_replacement(props)}"
            out.append(_fact(FactKind.DEPRECATED, prop, detail))
    if at_least(parsed, "8.0.28"):
        for old, new in sorted(RENAMED_8_0_28.items()):
            prop = props.get(old)
            if prop is not None:
                # An alias of the same property since 8.0.28: renaming it changes nothing.
                fix = None if new in props else rewrites.rename_key(prop, new, f"Write `{new}`")
                out.append(
                    _fact(FactKind.DEPRECATED, prop, f"renamed in Connector/J 8.0.28; use {new}", fix=fix)
                )
    for key in sorted(PROTOCOL_KEYS):
        prop = props.get(key)
        value = prop.str_value if prop is not None else None
        if prop is None or value is None:
            continue
        weak = weak_protocols(value)
        if weak:
            detail = ", ".join(weak)
            if at_least(parsed, "8.0.28"):
                detail += " (removed in Connector/J 8.0.28)"
            out.append(_fact(FactKind.WEAK_PROTOCOL, prop, detail, value))
    for key in sorted(TRUST_STORE_KEYS):
        prop = props.get(key)
        if prop is None:
            continue
        value = prop.str_value
        if value is not None and not value.strip():
            continue
        path = strip_file_scheme(value.strip()) if value is not None else None
        out.append(_fact(FactKind.TRUST_ANCHOR, prop, "Connector/J trust store", path))
    return out


#: Spellings that mark a bare ``Properties`` object as MySQL-family TLS configuration
#: (names another library may use too, such as ``trustStore``, are left out).
_MYSQL_FAMILY_TLS_KEYS = frozenset(
    {
        "sslMode",
        "useSSL",
        "requireSSL",
        "verifyServerCertificate",
        "trustCertificateKeyStoreUrl",
        "fallbackToSystemTrustStore",
        "enabledTLSProtocols",
        "tlsVersions",
        "useSsl",
        "trustServerCertificate",
        "serverSslCert",
        "disableSslHostnameVerification",
    }
)


def is_mysql_family_tls_key(key: str) -> bool:
    """True for a TLS property spelled exactly as MySQL or MariaDB Connector/J reads it."""
    return key in _MYSQL_FAMILY_TLS_KEYS


def is_tls_key(key: str) -> bool:
    """True for any TLS property as Connector/J or another driver might spell it."""
    return key.lower() in _TLS_KEY_BY_LOWER or key in MARIADB_ONLY_KEYS or key.startswith("javax.net.ssl.")


def tls_default_reason(version: str) -> str | None:
    """Why a declared Connector/J ``version`` uses TLS by default and rejects an expired server
    certificate (CL102), or None when it does not (CJ 5.1.49 MysqlIO l.1166–1171; expiry
    checked since 5.1.42, Bug#20515688, ``ExportControlled.X509TrustManagerWrapper.checkServerTrusted``;
    AWS Aurora doc
    https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/UsingWithRDS.SSL-certificate-rotation.html).
    """
    parsed = parse_version(version)
    if parsed is None:
        return None
    if at_least(parsed, "8.0.13"):
        return "8.0.13+ defaults to sslMode=PREFERRED and checks the expiry of the server certificate chain"
    if at_least(parsed, "8.0.9"):
        return (
            "8.0.9+ negotiates TLS with servers ≥ 5.7 and checks the expiry of the server certificate chain"
        )
    if parsed[:2] == (5, 1) and at_least(parsed, "5.1.42"):
        return "5.1.38+ negotiates TLS with servers ≥ 5.7 and checks certificate expiry since 5.1.42"
    if parsed[:2] == (5, 1) and at_least(parsed, "5.1.38"):
        return "5.1.38+ negotiates TLS with servers ≥ 5.7; certificate expiry is checked from 5.1.42 on"
    return None


@dataclass(frozen=True)
class _ConnectorJ:
    """MySQL Connector/J as a :class:`~connlint.clients.decisions.JdbcClient`:
    classic (``jdbc:mysql:``) or X DevAPI (``mysqlx:``) connections.
    """

    name: str
    xdevapi: bool
    driver_id: str = DRIVER_ID

    def decide(self, props: Mapping[str, Property], version: str | None) -> TlsDecision:
        return decide_xdevapi(props) if self.xdevapi else decide(props, version)

    def facts(self, props: Mapping[str, Property], version: str | None) -> list[Fact]:
        return facts(props, version, xdevapi=self.xdevapi)

    def trust(self, props: Mapping[str, Property], version: str | None) -> Trust:
        return trust(props, xdevapi=self.xdevapi)

    def is_tls_key(self, key: str) -> bool:
        return is_tls_key(key)

    def per_host_ignored(self, key: str, version: str | None) -> str | None:
        return None  # every per-host property applies (ConnectionUrl host properties)

    def prefers(self, candidate: Candidate, assumptions: Assumptions) -> bool:
        return False  # it owns jdbc:mysql:; it reads no other driver's scheme

    def accepts(self, family: JdbcFamily, props: Mapping[str, Property], version: str | None) -> bool:
        return False


#: The clients the registry names for ``jdbc:mysql:`` and ``mysqlx:`` URLs.
CLASSIC = _ConnectorJ(CLIENT_NAME, xdevapi=False)
XDEVAPI = _ConnectorJ(XDEVAPI_CLIENT_NAME, xdevapi=True)
