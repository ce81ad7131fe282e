"""Connector/J knowledge: README facts 1–10 (shared/knowledge/connectorj.md)."""

from __future__ import annotations

import pytest

from connlint.clients import connector_j as cj
from connlint.clients import drivers
from connlint.clients.jdbc_url import Property, parse_jdbc_url
from connlint.model import Decision, FactKind, Outcome, Span, TlsMode, TrustKind


def props(query: str) -> dict[str, Property]:
    url = parse_jdbc_url(Span.at(f"jdbc:mysql://h/db?{query}", "A.java", 1, 1))
    assert url is not None
    return url.effective()


def mode(query: str, version: str | None = None) -> TlsMode:
    return cj.decide(props(query), version).mode


def decision(query: str, version: str | None = None) -> Decision:
    return cj.decide(props(query), version).decision


def facts(query: str, version: str | None = None, kind: FactKind | None = None) -> list[str]:
    return [f"{f.key}: {f.detail}" for f in cj.facts(props(query), version) if kind is None or f.kind is kind]


# Fact 1: sslMode values, default PREFERRED on 8.0.13+.
@pytest.mark.parametrize("value", ["DISABLED", "PREFERRED", "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"])
def test_fact1_ssl_mode_values(value: str) -> None:
    assert mode(f"sslMode={value}", "8.0.13") is TlsMode(value)
    assert decision(f"sslMode={value}", "8.0.13") is Decision.EXPLICIT


def test_fact1_default_preferred_on_8_0_13() -> None:
    assert (mode("", "8.0.13"), decision("", "8.0.13")) == (TlsMode.PREFERRED, Decision.DEFAULT)
    assert mode("", "9.1.0") is TlsMode.PREFERRED


# Fact 2: names case-sensitive, values case-insensitive, verify-ca invalid.
def test_fact2_values_are_case_insensitive() -> None:
    assert mode("sslMode=verify_ca", "8.0.33") is TlsMode.VERIFY_CA
    assert mode("useSSL=FALSE", "8.0.33") is TlsMode.DISABLED
    assert mode("useSSL=no", "8.0.33") is TlsMode.DISABLED


@pytest.mark.parametrize(
    ("key", "expected"), [("sslmode", "sslMode"), ("SSLMODE", "sslMode"), ("usessl", "useSSL")]
)
def test_fact2_wrong_case_names_are_ignored(key: str, expected: str) -> None:
    query = f"{key}=DISABLED" if "mode" in key.lower() else f"{key}=false"
    assert mode(query, "8.0.33") is TlsMode.PREFERRED  # ignored: the default stands
    assert facts(query, "8.0.33", FactKind.INEFFECTIVE) == [
        f"{key}: Connector/J property names are case-sensitive; `{key}` is ignored, use `{expected}`"
    ]
    assert facts(query.replace(key, expected), "8.0.33", FactKind.INEFFECTIVE) == []


def test_fact2_hyphenated_value_fails_the_connection() -> None:
    decided = cj.decide(props("sslMode=verify-ca"), "8.0.33")
    assert (decided.mode, decided.decision) == (TlsMode.UNKNOWN, Decision.EXPLICIT)
    assert decided.unknown and "connection fails" in decided.unknown
    assert facts("sslMode=verify-ca", "8.0.33", FactKind.INEFFECTIVE) == [
        "sslMode: connection fails: invalid sslMode value `verify-ca`; use `sslMode=VERIFY_CA`"
    ]
    assert facts("sslMode=VERIFY_CA", "8.0.33", FactKind.INEFFECTIVE) == []


def test_fact2_invalid_boolean_fails_the_connection() -> None:
    assert mode("useSSL=maybe", "8.0.33") is TlsMode.UNKNOWN
    assert facts("useSSL=maybe", "8.0.33", FactKind.INEFFECTIVE) == [
        "useSSL: connection fails: invalid boolean value `maybe` (true, false, yes or no)"
    ]


def test_other_driver_options_are_ineffective() -> None:
    for key in ("trustServerCertificate", "serverSslCert", "disableSslHostnameVerification"):
        assert facts(f"{key}=true", "8.0.33", FactKind.INEFFECTIVE) == [
            f"{key}: `{key}` is a MariaDB Connector/J option; MySQL Connector/J ignores it"
        ]
    assert facts("useSsl=true", "8.0.33", FactKind.INEFFECTIVE) == [
        "useSsl: `useSsl` is a MariaDB Connector/J option; MySQL Connector/J ignores it"
        " (property names are case-sensitive: use `useSSL`)"
    ]
    assert mode("trustServerCertificate=true&sslMode=VERIFY_CA", "8.0.33") is TlsMode.VERIFY_CA


# Fact 3: legacy -> sslMode on 8.0.13+.
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("useSSL=false", TlsMode.DISABLED),
        ("useSSL=false&requireSSL=true", TlsMode.DISABLED),
        ("useSSL=false&verifyServerCertificate=true", TlsMode.DISABLED),
        ("useSSL=true", TlsMode.PREFERRED),
        ("useSSL=true&verifyServerCertificate=false", TlsMode.PREFERRED),
        ("useSSL=true&requireSSL=true", TlsMode.REQUIRED),
        ("useSSL=true&requireSSL=true&verifyServerCertificate=false", TlsMode.REQUIRED),
        ("verifyServerCertificate=true", TlsMode.VERIFY_CA),
        ("useSSL=true&verifyServerCertificate=true", TlsMode.VERIFY_CA),
        ("requireSSL=true", TlsMode.REQUIRED),
    ],
)
def test_fact3_legacy_mapping(query: str, expected: TlsMode) -> None:
    assert mode(query, "8.0.13") is expected
    assert decision(query, "8.0.13") is Decision.LEGACY


def test_fact3_explicit_ssl_mode_wins() -> None:
    assert mode("useSSL=false&sslMode=REQUIRED", "8.0.13") is TlsMode.REQUIRED
    assert mode("sslMode=DISABLED&verifyServerCertificate=true", "8.0.13") is TlsMode.DISABLED


def test_fact3_decided_at_the_deciding_property() -> None:
    decided = cj.decide(props("useSSL=true&requireSSL=true"), "8.0.13")
    assert decided.prop is not None and decided.prop.text == "requireSSL=true"


# Fact 4: useSSL=true verifies on 5.1 / 8.0.≤12 only.
@pytest.mark.parametrize(
    ("version", "expected"),
    [("5.1.49", TlsMode.VERIFY_CA), ("8.0.12", TlsMode.VERIFY_CA), ("8.0.13", TlsMode.PREFERRED)],
)
def test_fact4_use_ssl_true_by_version(version: str, expected: TlsMode) -> None:
    assert mode("useSSL=true", version) is expected


def test_fact4_unknown_version_reports_the_verifying_outcome() -> None:
    decided = cj.decide(props("useSSL=true"), None)
    assert (decided.mode, decided.decision) == (TlsMode.VERIFY_CA, Decision.VERSION)
    assert decided.outcomes == (
        Outcome(TlsMode.VERIFY_CA, "Connector/J 5.1 and 8.0.≤12"),
        Outcome(TlsMode.PREFERRED, "Connector/J 8.0.13+"),
    )
    assert decided.prop is not None and decided.prop.text == "useSSL=true"


def test_fact4_verify_false_does_not_depend_on_version() -> None:
    decided = cj.decide(props("useSSL=true&verifyServerCertificate=false"), None)
    assert decided.mode is TlsMode.PREFERRED and decided.outcomes == ()
    assert mode("useSSL=true&verifyServerCertificate=false", "5.1.49") is TlsMode.PREFERRED
    assert mode("useSSL=true&requireSSL=true&verifyServerCertificate=false", "5.1.49") is TlsMode.REQUIRED


def test_fact4_verify_alone_differs_by_version() -> None:
    # Pre-8.0.13 implicit TLS forces verifyServerCertificate=false (connectorj.md §4 table).
    assert mode("verifyServerCertificate=true", "8.0.12") is TlsMode.PREFERRED
    assert mode("verifyServerCertificate=true", "8.0.13") is TlsMode.VERIFY_CA
    assert mode("verifyServerCertificate=true") is TlsMode.VERIFY_CA
    assert decision("verifyServerCertificate=true") is Decision.VERSION


# Fact 5: implicit TLS from 5.1.38 with servers >= 5.7.
def test_fact5_implicit_tls_from_5_1_38() -> None:
    old = cj.decide(props(""), "5.1.37")
    assert (old.mode, old.decision, old.outcomes) == (TlsMode.DISABLED, Decision.DEFAULT, ())
    new = cj.decide(props(""), "5.1.38")
    assert (new.mode, new.decision) == (TlsMode.PREFERRED, Decision.DEFAULT)
    assert new.outcomes == (
        Outcome(TlsMode.PREFERRED, "servers ≥ 5.7"),
        Outcome(TlsMode.DISABLED, "servers < 5.7"),
    )
    assert mode("requireSSL=true", "5.1.38") is TlsMode.REQUIRED
    assert mode("requireSSL=true", "5.1.37") is TlsMode.DISABLED


def test_fact5_unknown_version_default_notes_old_servers() -> None:
    decided = cj.decide(props(""), None)
    assert (decided.mode, decided.decision) == (TlsMode.PREFERRED, Decision.DEFAULT)
    assert [o.mode for o in decided.outcomes] == [TlsMode.PREFERRED, TlsMode.DISABLED]
    assert "servers < 5.7" in decided.outcomes[1].condition


def test_ssl_mode_on_an_old_driver_is_ignored() -> None:
    assert mode("sslMode=VERIFY_IDENTITY", "8.0.12") is TlsMode.PREFERRED
    assert facts("sslMode=VERIFY_IDENTITY", "8.0.12", FactKind.INEFFECTIVE) == [
        "sslMode: sslMode needs Connector/J 8.0.13+; 8.0.12 ignores it"
    ]
    # Unknown version: whoever writes sslMode has a driver that reads it.
    assert cj.decide(props("sslMode=VERIFY_IDENTITY&useSSL=true"), None).mode is TlsMode.VERIFY_IDENTITY
    assert facts("sslMode=VERIFY_IDENTITY", None, FactKind.INEFFECTIVE) == []


def test_unknown_values() -> None:
    decided = cj.decide(props("sslMode=\ufffc"), "8.0.33")
    assert (decided.mode, decided.decision) == (TlsMode.UNKNOWN, Decision.UNKNOWN)
    assert decided.unknown
    assert mode("useSSL=\ufffc") is TlsMode.UNKNOWN
    assert mode("useSSL=false&verifyServerCertificate=\ufffc", "8.0.13") is TlsMode.DISABLED


# Fact 6: expiry check -> CL102 reasons.
@pytest.mark.parametrize(
    ("version", "reason"),
    [
        ("5.1.37", None),
        (
            "5.1.38",
            "5.1.38+ negotiates TLS with servers ≥ 5.7; certificate expiry is checked from 5.1.42 on",
        ),
        ("5.1.42", "5.1.38+ negotiates TLS with servers ≥ 5.7 and checks certificate expiry since 5.1.42"),
        ("5.1.49", "5.1.38+ negotiates TLS with servers ≥ 5.7 and checks certificate expiry since 5.1.42"),
        ("8.0.8", None),
        (
            "8.0.9",
            "8.0.9+ negotiates TLS with servers ≥ 5.7 and checks the expiry of the server certificate chain",
        ),
        (
            "8.0.12",
            "8.0.9+ negotiates TLS with servers ≥ 5.7 and checks the expiry of the server certificate chain",
        ),
        (
            "8.0.13",
            "8.0.13+ defaults to sslMode=PREFERRED and checks the expiry of the server certificate chain",
        ),
        (
            "9.1.0",
            "8.0.13+ defaults to sslMode=PREFERRED and checks the expiry of the server certificate chain",
        ),
        ("${mysql.version}", None),
    ],
)
def test_fact6_tls_default_reason(version: str, reason: str | None) -> None:
    assert cj.tls_default_reason(version) == reason


# Fact 7: trust source precedence.
def test_fact7_trust_store_url_first() -> None:
    trust = cj.trust(props("trustCertificateKeyStoreUrl=file:/etc/rds.jks"))
    assert (trust.kind, trust.path) == (TrustKind.TRUST_STORE, "/etc/rds.jks")
    assert trust.location is not None


def test_fact7_then_jvm_property_then_cacerts() -> None:
    assert cj.trust(props("javax.net.ssl.trustStore=/opt/t.jks")).path == "/opt/t.jks"
    assert cj.trust(props("")).kind is TrustKind.JVM_DEFAULT
    assert cj.trust(props("trustCertificateKeyStoreUrl=")).kind is TrustKind.JVM_DEFAULT  # empty: falls back
    both = props("javax.net.ssl.trustStore=/opt/t.jks&trustCertificateKeyStoreUrl=file:///etc/x.jks")
    assert cj.trust(both).path == "/etc/x.jks"


def test_fact7_trust_anchor_fact_strips_file_scheme() -> None:
    (fact,) = cj.facts(props("trustCertificateKeyStoreUrl=file:/etc/rds-ca-2019-root.jks"), "8.0.33")
    assert (fact.kind, fact.key, fact.value) == (
        FactKind.TRUST_ANCHOR,
        "trustCertificateKeyStoreUrl",
        "/etc/rds-ca-2019-root.jks",
    )


def test_strip_file_scheme() -> None:
    assert cj.strip_file_scheme("file:/a.jks") == "/a.jks"
    assert cj.strip_file_scheme("file:///a.jks") == "/a.jks"
    assert cj.strip_file_scheme("FILE:a.jks") == "a.jks"
    assert cj.strip_file_scheme("https://x/a.jks") == "https://x/a.jks"


# Fact 8: renamed properties and weak protocols.
def test_fact8_renamed_on_8_0_28_only() -> None:
    assert facts("enabledTLSProtocols=TLSv1.2", "8.0.28", FactKind.DEPRECATED) == [
        "enabledTLSProtocols: renamed in Connector/J 8.0.28; use tlsVersions"
    ]
    assert facts("enabledSSLCipherSuites=X", "8.0.28", FactKind.DEPRECATED) == [
        "enabledSSLCipherSuites: renamed in Connector/J 8.0.28; use tlsCiphersuites"
    ]
    assert facts("enabledTLSProtocols=TLSv1.2", "8.0.27", FactKind.DEPRECATED) == []
    assert facts("enabledTLSProtocols=TLSv1.2", None, FactKind.DEPRECATED) == []
    assert facts("tlsVersions=TLSv1.2", "8.0.28", FactKind.DEPRECATED) == []


@pytest.mark.parametrize("key", ["enabledTLSProtocols", "tlsVersions"])
def test_fact8_weak_protocols(key: str) -> None:
    (fact,) = cj.facts(props(f"{key}=TLSv1,TLSv1.1,TLSv1.2"), "8.0.27")
    assert (fact.kind, fact.value, fact.detail) == (
        FactKind.WEAK_PROTOCOL,
        "TLSv1,TLSv1.1,TLSv1.2",
        "TLSv1, TLSv1.1",
    )
    assert facts(f"{key}=SSLv3", "8.0.27", FactKind.WEAK_PROTOCOL) == [f"{key}: SSLv3"]
    assert facts(f"{key}=TLSv1.2,TLSv1.3", "8.0.27", FactKind.WEAK_PROTOCOL) == []
    assert "removed in Connector/J 8.0.28" in facts(f"{key}=TLSv1.1", "8.0.28", FactKind.WEAK_PROTOCOL)[0]


# Deprecations of the legacy switches.
def test_legacy_deprecated_on_known_8_0_13_with_replacement() -> None:
    assert facts("useSSL=false", "8.0.13", FactKind.DEPRECATED) == [
        "useSSL: deprecated since Connector/J 8.0.13; use sslMode=DISABLED"
    ]
    assert facts("useSSL=true&requireSSL=true", "8.0.33", FactKind.DEPRECATED) == [
        "requireSSL: deprecated since Connector/J 8.0.13; use sslMode=REQUIRED"
        " (VERIFY_CA or VERIFY_IDENTITY to verify the server certificate)",
        "useSSL: deprecated since Connector/J 8.0.13; use sslMode=REQUIRED"
        " (VERIFY_CA or VERIFY_IDENTITY to verify the server certificate)",
    ]
    assert facts("verifyServerCertificate=true", "8.0.13", FactKind.DEPRECATED) == [
        "verifyServerCertificate: deprecated since Connector/J 8.0.13; use sslMode=VERIFY_CA"
    ]


def test_legacy_not_deprecated_before_8_0_13_or_when_unknown() -> None:
    assert facts("useSSL=false", "8.0.12", FactKind.DEPRECATED) == []
    assert facts("useSSL=false", "5.1.49", FactKind.DEPRECATED) == []
    assert facts("useSSL=false", None, FactKind.DEPRECATED) == []


def test_legacy_next_to_ssl_mode_is_ignored() -> None:
    expected = ["useSSL: deprecated since Connector/J 8.0.13 and ignored because sslMode is set; remove it"]
    assert facts("sslMode=REQUIRED&useSSL=true", None, FactKind.DEPRECATED) == expected
    assert facts("sslMode=REQUIRED&useSSL=true", "8.0.13", FactKind.DEPRECATED) == expected


# Fact 9: X DevAPI.
def test_fact9_xdevapi_modes() -> None:
    assert cj.decide_xdevapi(props("")).mode is TlsMode.REQUIRED
    assert cj.decide_xdevapi(props("")).decision is Decision.DEFAULT
    assert cj.decide_xdevapi(props("xdevapi.ssl-mode=VERIFY_IDENTITY")).mode is TlsMode.VERIFY_IDENTITY
    assert cj.decide_xdevapi(props("xdevapi.ssl-mode=disabled")).mode is TlsMode.DISABLED
    assert cj.decide_xdevapi(props("sslMode=PREFERRED")).mode is TlsMode.REQUIRED
    assert cj.decide_xdevapi(props("sslMode=VERIFY_CA")).mode is TlsMode.VERIFY_CA
    assert cj.decide_xdevapi(props("xdevapi.ssl-mode=PREFERRED")).mode is TlsMode.UNKNOWN


def test_fact9_xdevapi_trust_store() -> None:
    trust = cj.trust(
        props("xdevapi.ssl-truststore=file:/x.jks&trustCertificateKeyStoreUrl=file:/y.jks"), xdevapi=True
    )
    assert trust.path == "/x.jks"


# Fact 10: Maven coordinates (the artifact moved at 8.0.31).
def test_fact10_maven_coordinates() -> None:
    assert {"mysql:mysql-connector-java", "com.mysql:mysql-connector-j"} == set(
        drivers.by_id("connector-j").packages
    )


def test_boundary_8_0_27_and_8_0_28_tls_versions() -> None:
    assert facts("tlsVersions=TLSv1.1", "8.0.27", FactKind.WEAK_PROTOCOL) == ["tlsVersions: TLSv1.1"]
    assert facts("tlsVersions=TLSv1.1", "8.0.28", FactKind.WEAK_PROTOCOL) == [
        "tlsVersions: TLSv1.1 (removed in Connector/J 8.0.28)"
    ]


def test_is_tls_key() -> None:
    assert cj.is_tls_key("sslMode") and cj.is_tls_key("sslmode") and cj.is_tls_key("trustServerCertificate")
    assert cj.is_tls_key("javax.net.ssl.trustStore")
    assert not cj.is_tls_key("user") and not cj.is_tls_key("serverTimezone")


def test_mysql_family_tls_keys_are_exact_driver_spellings() -> None:
    # A subset of the driver tables, so that the two cannot drift apart.
    assert cj._MYSQL_FAMILY_TLS_KEYS <= cj.TLS_KEYS | cj.MARIADB_ONLY_KEYS
    assert cj.is_mysql_family_tls_key("sslMode") and cj.is_mysql_family_tls_key("useSsl")
    assert not cj.is_mysql_family_tls_key("sslmode")  # PostgreSQL's spelling
    assert not cj.is_mysql_family_tls_key("trustStore")  # other libraries use it too
