"""canal's binlog client (clients/canal_driver.py): SslInfo's sslMode, its
DISABLED default, the trust store and protocols, and the XML beans that carry them."""

from __future__ import annotations

from connlint.clients import canal_driver
from connlint.frontends.xml import extract
from connlint.model import (
    Assumptions,
    Candidate,
    CandidateKind,
    FactKind,
    Location,
    Setting,
    TlsMode,
    TrustKind,
)

WHERE = Location("instance.xml", 3, 1, 3, 40)


def connect(**settings: str | None) -> Candidate:
    return Candidate(
        CandidateKind.CONNECTOR,
        WHERE,
        settings=tuple(
            Setting(k, v, WHERE, k, None, None if v is not None else "${x}") for k, v in settings.items()
        ),
        driver=canal_driver.DRIVER,
    )


def test_the_default_is_disabled_and_each_constant_is_its_mode() -> None:
    (conn,) = canal_driver.resolve(connect(), Assumptions()).connections
    assert (conn.mode, conn.decision.name) == (TlsMode.DISABLED, "DEFAULT")
    for mode in ("DISABLED", "PREFERRED", "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"):
        (conn,) = canal_driver.resolve(connect(sslMode=mode), Assumptions()).connections
        assert conn.mode is TlsMode(mode), mode


def test_a_name_in_another_case_or_unknown_is_not_guessed() -> None:
    (conn,) = canal_driver.resolve(connect(sslMode="verify_ca"), Assumptions()).connections
    assert conn.mode is TlsMode.UNKNOWN and "verify_ca" in (conn.unknown or "")
    (conn,) = canal_driver.resolve(connect(sslMode=None), Assumptions()).connections
    assert conn.mode is TlsMode.UNKNOWN


def test_a_verifying_mode_trusts_the_store_or_the_jvm_default() -> None:
    (conn,) = canal_driver.resolve(connect(sslMode="VERIFY_IDENTITY"), Assumptions()).connections
    assert conn.trust is not None and conn.trust.kind is TrustKind.JVM_DEFAULT
    resolved = canal_driver.resolve(
        connect(sslMode="VERIFY_CA", trustCertificateKeyStoreUrl="file:/etc/c/ts.jks"), Assumptions()
    )
    (conn,) = resolved.connections
    assert conn.trust is not None and (conn.trust.kind, conn.trust.path) == (
        TrustKind.TRUST_STORE,
        "/etc/c/ts.jks",
    )
    assert [(f.kind, f.value) for f in resolved.facts] == [(FactKind.TRUST_ANCHOR, "/etc/c/ts.jks")]
    (conn,) = canal_driver.resolve(connect(sslMode="REQUIRED"), Assumptions()).connections
    assert conn.trust is None


def test_weak_protocols_and_the_host_of_the_address() -> None:
    resolved = canal_driver.resolve(
        connect(tlsVersions="TLSv1,TLSv1.2", address="db.example.com:3306"), Assumptions()
    )
    assert [(f.kind, f.detail) for f in resolved.facts] == [(FactKind.WEAK_PROTOCOL, "TLSv1")]
    assert resolved.connections[0].host == "db.example.com"
    resolved = canal_driver.resolve(
        connect(tlsVersions="TLSv1.2,TLSv1.3", address="127.0.0.1:3306"), Assumptions()
    )
    assert resolved.facts == [] and resolved.connections[0].loopback


BEAN = '<bean class="com.alibaba.otter.canal.parse.support.AuthenticationInfo">{}</bean>'
SSL = (
    '<property name="sslInfo">'
    '<bean class="com.alibaba.otter.canal.parse.driver.mysql.ssl.SslInfo">{}</bean></property>'
)


def settings_of(xml: str) -> list[dict[str, object]]:
    found = extract("instance.xml", f"<beans>{xml}</beans>").candidates
    return [{s.key: s.value for s in c.settings} for c in found if c.driver == canal_driver.DRIVER]


def test_the_xml_front_end_reads_the_bean_and_its_ssl_info() -> None:
    ssl = SSL.format('<property name="sslMode" value="${m:VERIFY_CA}"/><property name="other" value="x"/>')
    assert settings_of(BEAN.format('<property name="address" value="db:3306"/>' + ssl)) == [
        {"address": "db:3306", "sslMode": "VERIFY_CA", "other": "x"}
    ]
    assert settings_of(BEAN.format("")) == [{}]
    assert settings_of(BEAN.format('<property name="sslInfo" ref="shared"/>')) == [{"sslMode": None}]
    # An SslInfo alone, or another bean with an sslMode property, is no canal connection.
    assert settings_of(SSL.format('<property name="sslMode" value="REQUIRED"/>')) == []
    assert (
        settings_of('<bean class="com.example.Other"><property name="sslMode" value="REQUIRED"/></bean>')
        == []
    )
