"""MariaDB Connector/J knowledge: README facts 11–12 (shared/knowledge/mariadb-connectorj.md)."""

from __future__ import annotations

import pytest

from connlint.clients import mariadb_j as mj
from connlint.clients.jdbc_url import Property, parse_jdbc_url
from connlint.model import Decision, FactKind, Span, TlsMode, TrustKind


def props(query: str) -> dict[str, Property]:
    url = parse_jdbc_url(Span.at(f"jdbc:mariadb://h/db?{query}", "A.java", 1, 1))
    assert url is not None
    return url.effective()


def mode(query: str, version: str | None = None) -> TlsMode:
    return mj.decide(props(query), version).mode


def facts(query: str, version: str | None = None, kind: FactKind | None = None) -> list[str]:
    return [f"{f.key}: {f.detail}" for f in mj.facts(props(query), version) if kind is None or f.kind is kind]


# Fact 11: 3.x sslMode values and aliases, default disable.
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("disable", TlsMode.DISABLED),
        ("DISABLED", TlsMode.DISABLED),
        ("0", TlsMode.DISABLED),
        ("false", TlsMode.DISABLED),
        ("trust", TlsMode.REQUIRED),
        ("REQUIRED", TlsMode.REQUIRED),
        ("verify-ca", TlsMode.VERIFY_CA),
        ("VERIFY_CA", TlsMode.VERIFY_CA),
        ("verify-full", TlsMode.VERIFY_IDENTITY),
        ("VERIFY_IDENTITY", TlsMode.VERIFY_IDENTITY),
        ("1", TlsMode.VERIFY_IDENTITY),
        ("true", TlsMode.VERIFY_IDENTITY),
        ("Verify-Full", TlsMode.VERIFY_IDENTITY),
    ],
)
def test_fact11_ssl_mode_values(value: str, expected: TlsMode) -> None:
    assert mode(f"sslMode={value}", "3.4.0") is expected


def test_fact11_invalid_ssl_mode_fails() -> None:
    assert mode("sslMode=PREFERRED", "3.4.0") is TlsMode.UNKNOWN
    assert facts("sslMode=PREFERRED", "3.4.0", FactKind.INEFFECTIVE) == [
        "sslMode: connection fails: invalid sslMode value `PREFERRED`"
    ]


def test_fact11_default_is_no_tls() -> None:
    decided = mj.decide(props(""), "3.5.0")
    assert (decided.mode, decided.decision) == (TlsMode.DISABLED, Decision.DEFAULT)
    assert mj.decide(props(""), None).mode is TlsMode.DISABLED
    assert mj.decide(props(""), "2.7.9").mode is TlsMode.DISABLED


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("useSsl=true", TlsMode.VERIFY_IDENTITY),
        ("useSSL=1", TlsMode.VERIFY_IDENTITY),
        ("useSsl=true&disableSslHostnameVerification=true", TlsMode.VERIFY_CA),
        ("useSsl=true&trustServerCertificate=true", TlsMode.REQUIRED),
        ("useSsl=true&sslMode=disable", TlsMode.VERIFY_IDENTITY),  # legacy overrides sslMode
        ("useSsl=false&sslMode=trust", TlsMode.REQUIRED),
    ],
)
def test_fact11_legacy_use_ssl(query: str, expected: TlsMode) -> None:
    assert mode(query, "3.3.0") is expected


def test_fact11_legacy_overriding_ssl_mode_is_ineffective() -> None:
    assert facts("useSsl=true&sslMode=disable", "3.3.0", FactKind.INEFFECTIVE) == [
        "sslMode: ignored: the legacy useSsl option overrides sslMode in MariaDB Connector/J 3.x"
    ]
    assert facts("useSsl=true&sslMode=disable", "3.3.0", FactKind.DEPRECATED) == [
        "useSsl: deprecated in MariaDB Connector/J 3.x; use sslMode=verify-full"
    ]
    assert mj.decide(props("useSsl=true"), "3.3.0").decision is Decision.LEGACY


def test_fact11_relaxing_options_need_use_ssl() -> None:
    assert mode("trustServerCertificate=true", "3.3.0") is TlsMode.DISABLED
    assert facts("trustServerCertificate=true", "3.3.0", FactKind.INEFFECTIVE) == [
        "trustServerCertificate: only read together with useSsl=true; use sslMode"
    ]
    assert facts("useSsl=true&trustServerCertificate=true", "3.3.0", FactKind.INEFFECTIVE) == []


# Fact 12: 2.x semantics, scheme acceptance, trust store aliases.
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", TlsMode.DISABLED),
        ("useSsl=false", TlsMode.DISABLED),
        ("useSsl=true", TlsMode.VERIFY_IDENTITY),
        ("useSSL=TRUE", TlsMode.VERIFY_IDENTITY),
        ("useSsl=true&disableSslHostnameVerification=true", TlsMode.VERIFY_CA),
        ("useSsl=true&trustServerCertificate=true", TlsMode.REQUIRED),
        ("sslMode=verify-full", TlsMode.DISABLED),  # 2.x has no sslMode
    ],
)
def test_fact12_v2(query: str, expected: TlsMode) -> None:
    assert mode(query, "2.7.9") is expected


def test_fact12_ssl_mode_on_2x_is_ineffective() -> None:
    assert facts("sslMode=verify-full", "2.7.9", FactKind.INEFFECTIVE) == [
        "sslMode: sslMode needs MariaDB Connector/J 3.0+; 2.7.9 ignores it"
    ]


def test_fact12_mysql_scheme_acceptance() -> None:
    assert mj.accepts_mysql_scheme(props(""), "2.7.9")
    assert not mj.accepts_mysql_scheme(props("disableMariaDbDriver"), "2.7.9")
    assert not mj.accepts_mysql_scheme(props(""), "3.1.0")
    assert mj.accepts_mysql_scheme(props("permitMysqlScheme"), "3.1.0")
    assert not mj.accepts_mysql_scheme(props(""), None)


def test_fact12_trust_store_ignored_in_3_0_to_3_4() -> None:
    query = "sslMode=verify-ca&trustCertificateKeyStoreUrl=file:/etc/t.jks"
    assert facts(query, "3.4.1", FactKind.INEFFECTIVE) == [
        "trustCertificateKeyStoreUrl: MariaDB Connector/J 3.4.1 ignores `trustCertificateKeyStoreUrl`"
        " (read from 3.5.0 on); use serverSslCert"
    ]
    assert facts(query, "3.4.1", FactKind.TRUST_ANCHOR) == []
    assert mj.trust(props(query), "3.4.1").kind is TrustKind.JVM_DEFAULT
    assert facts(query, "3.5.0", FactKind.INEFFECTIVE) == []
    assert facts(query, "3.5.0", FactKind.TRUST_ANCHOR) == [
        "trustCertificateKeyStoreUrl: MariaDB Connector/J trustStore"
    ]
    assert mj.trust(props(query), "3.5.0").path == "/etc/t.jks"
    assert mj.trust(props(query), "2.7.9").path == "/etc/t.jks"


def test_server_ssl_cert_is_a_trust_anchor() -> None:
    (fact,) = mj.facts(props("sslMode=verify-full&serverSslCert=/etc/rds-combined-ca-bundle.pem"), "3.3.0")
    assert (fact.kind, fact.value) == (FactKind.TRUST_ANCHOR, "/etc/rds-combined-ca-bundle.pem")
    trust = mj.trust(props("serverSslCert=classpath:ca.pem"), "3.3.0")
    assert (trust.kind, trust.path) == (TrustKind.CA_FILE, "ca.pem")
    assert mj.trust(props("serverSslCert=-----BEGIN CERTIFICATE-----x"), "3.3.0").path is None


def test_trust_precedence_2x_vs_3x() -> None:
    both = props("serverSslCert=/ca.pem&trustStore=/t.jks")
    assert mj.trust(both, "3.5.0").path == "/ca.pem"
    assert mj.trust(both, "2.7.9").path == "/t.jks"


def test_weak_protocols() -> None:
    assert facts("enabledSslProtocolSuites=TLSv1,TLSv1.2", "3.3.0", FactKind.WEAK_PROTOCOL) == [
        "enabledSslProtocolSuites: TLSv1"
    ]
    assert facts("enabledSslProtocolSuites=TLSv1.2,TLSv1.3", "3.3.0", FactKind.WEAK_PROTOCOL) == []


def test_option_name_case() -> None:
    # 3.1.1+ reads option names case-insensitively (CONJ-1032); 3.0.x does not.
    assert mode("sslmode=verify-full", "3.1.1") is TlsMode.VERIFY_IDENTITY
    assert mode("sslmode=verify-full", "3.0.10") is TlsMode.DISABLED
    assert facts("sslmode=verify-full", "3.0.10", FactKind.INEFFECTIVE) == [
        "sslmode: MariaDB Connector/J 3.0.10 option names are case-sensitive;"
        " `sslmode` is ignored, use `sslMode`"
    ]
    assert mode("sslmode=verify-full") is TlsMode.VERIFY_IDENTITY


def test_mysql_only_options_are_ineffective() -> None:
    assert facts("verifyServerCertificate=true", "3.3.0", FactKind.INEFFECTIVE) == [
        "verifyServerCertificate: `verifyServerCertificate` is a MySQL Connector/J option;"
        " MariaDB Connector/J ignores it"
    ]


def test_unknown_version_compares_majors() -> None:
    assert mode("useSsl=true") is TlsMode.VERIFY_IDENTITY
    decided = mj.decide(props("sslMode=\ufffc"), None)
    assert (decided.mode, decided.decision) == (TlsMode.UNKNOWN, Decision.UNKNOWN)


@pytest.mark.parametrize("query", ["sslMode", "sslMode=", "sslMode&useCompression=true"])
def test_a_bare_ssl_mode_is_ignored_not_invalid(query: str) -> None:
    # 3.x sets no String option from an empty value (Configuration since 3.0.0-alpha).
    for version in ("3.0.3", "3.4.1", "3.5.9", None):
        assert mode(query, version) is TlsMode.DISABLED
    assert mj.decide(props(query), "3.5.9").decision is Decision.DEFAULT
    assert facts(query, "3.5.9", FactKind.INEFFECTIVE) == [
        "sslMode: an empty sslMode is ignored (MariaDB Connector/J 3.x): the default, disable, applies"
    ]


def test_aws_iam_credentials_force_tls() -> None:
    # 3.x: a missing or `disable` sslMode becomes verify-full; other modes stay.
    assert mode("credentialType=AWS-IAM", "3.5.9") is TlsMode.VERIFY_IDENTITY
    assert mode("credentialType=AWS-IAM&sslMode=disable", "3.5.9") is TlsMode.VERIFY_IDENTITY
    assert mode("credentialType=AWS-IAM&sslMode=trust", "3.5.9") is TlsMode.REQUIRED
    assert any("must use TLS" in f for f in facts("credentialType=AWS-IAM&sslMode=disable", "3.5.9"))
    # 2.5+: useSsl forced on, relaxed as usual.
    assert mode("credentialType=AWS-IAM&useSsl=false", "2.7.12") is TlsMode.VERIFY_IDENTITY
    assert mode("credentialType=AWS-IAM&trustServerCertificate=true", "2.7.12") is TlsMode.REQUIRED
    # Unknown version: both agree.
    assert mode("credentialType=AWS-IAM") is TlsMode.VERIFY_IDENTITY
    # Another plugin, or another spelling (matched with equals): no change.
    assert mode("credentialType=ENV", "3.5.9") is TlsMode.DISABLED
    assert mode("credentialType=aws-iam", "3.5.9") is TlsMode.DISABLED


def test_4x_verifies_by_default() -> None:
    assert mode("", "4.0.0") is TlsMode.VERIFY_IDENTITY
    assert mj.decide(props(""), "4.0.0").decision is Decision.DEFAULT
    assert mode("sslMode", "4.0.0") is TlsMode.VERIFY_IDENTITY  # empty: the default
    assert mode("sslMode=disable", "4.0.0") is TlsMode.DISABLED
    assert mode("sslMode=trust", "4.0.1") is TlsMode.REQUIRED
    assert mode("", "4.0.0-rc1") is TlsMode.DISABLED  # a pre-release is below 4.0
    assert mode("", "3.5.11") is TlsMode.DISABLED
    assert mode("") is TlsMode.DISABLED  # unknown: the 2.x/3.x reading
