from __future__ import annotations

import pytest

from connlint.clients import debezium
from connlint.frontends.json import extract as json_extract
from connlint.model import (
    Assumptions,
    Connection,
    Decision,
    DriverVersion,
    FactKind,
    TlsMode,
    TrustKind,
)


def connection(body: str, version: str | None = None, driver: str = "debezium-mysql") -> Connection:
    (candidate,) = [c for c in json_extract("c.json", body).candidates if c.driver is not None]
    assert candidate.driver == driver
    versions = {driver: DriverVersion(version)} if version else {}
    (conn,) = debezium.resolve(candidate, Assumptions(versions=versions)).connections
    return conn


def mysql(extra: str = "", version: str | None = None) -> Connection:
    return connection(
        '{"connector.class": "io.debezium.connector.mysql.MySqlConnector", "database.hostname": "db"'
        + extra
        + "}",
        version,
    )


def mariadb(extra: str = "", version: str | None = None) -> Connection:
    return connection(
        '{"connector.class": "io.debezium.connector.mariadb.MariaDbConnector", "database.hostname": "db"'
        + extra
        + "}",
        version,
        "debezium-mariadb",
    )


@pytest.mark.parametrize(
    "value, mode",
    [
        ("disabled", TlsMode.DISABLED),
        ("preferred", TlsMode.PREFERRED),
        ("REQUIRED", TlsMode.REQUIRED),
        (" verify_ca ", TlsMode.VERIFY_CA),
        ("Verify_Identity", TlsMode.VERIFY_IDENTITY),
    ],
)
def test_mysql_modes_ignore_case_and_blanks(value: str, mode: TlsMode) -> None:
    conn = mysql(f', "database.ssl.mode": "{value}"')
    assert (conn.mode, conn.decision) == (mode, Decision.EXPLICIT)
    assert conn.decided_by == f"database.ssl.mode={value}"


def test_mysql_default_changed_in_2_3() -> None:
    assert (mysql(version="2.2.1.Final").mode, mysql(version="2.2.1.Final").decision) == (
        TlsMode.DISABLED,
        Decision.DEFAULT,
    )
    assert mysql(version="2.3.0.Final").mode is TlsMode.PREFERRED
    unknown = mysql()
    assert (unknown.mode, unknown.decision) == (TlsMode.PREFERRED, Decision.VERSION)
    assert [(o.mode, o.condition) for o in unknown.outcomes] == [
        (TlsMode.DISABLED, "Debezium ≤2.2"),
        (TlsMode.PREFERRED, "Debezium 2.3+"),
    ]


def test_mariadb_spells_modes_its_own_way_since_3_1() -> None:
    assert mariadb(', "database.ssl.mode": "verify-full"').mode is TlsMode.VERIFY_IDENTITY
    assert mariadb(', "database.ssl.mode": "TRUST"').mode is TlsMode.REQUIRED
    assert mariadb(', "database.ssl.mode": "verify-ca"').mode is TlsMode.VERIFY_CA
    assert mariadb(version="3.1.0.Final").mode is TlsMode.DISABLED
    assert mariadb(version="3.0.8.Final").mode is TlsMode.PREFERRED
    # the field's own description says verify_identity: rejected by 3.1+
    rejected = mariadb(', "database.ssl.mode": "verify_identity"', version="3.2.0.Final")
    assert rejected.mode is TlsMode.UNKNOWN and "invalid value" in (rejected.unknown or "")
    # with the version unknown, each family's reading
    either = mariadb(', "database.ssl.mode": "verify_identity"')
    assert either.mode is TlsMode.VERIFY_IDENTITY and either.decision is Decision.VERSION
    assert [o.mode for o in either.outcomes] == [TlsMode.VERIFY_IDENTITY, TlsMode.UNKNOWN]


def test_invalid_and_unknown_values() -> None:
    bad = mysql(', "database.ssl.mode": "verify-full"')
    assert bad.mode is TlsMode.UNKNOWN and bad.decision is Decision.EXPLICIT
    assert bad.unknown == "the connector fails to start: invalid value `verify-full`"
    provided = mysql(', "database.ssl.mode": "${file:/etc/kafka/x.properties:mode}"')
    assert provided.mode is TlsMode.UNKNOWN and provided.decision is Decision.UNKNOWN
    assert provided.unknown == "${file:/etc/kafka/x.properties:mode}"


def test_trust_store_and_credentials() -> None:
    conn = mysql(
        ', "database.ssl.mode": "verify_ca", "database.ssl.truststore": "/tls/ts.jks",'
        ' "database.ssl.truststore.password": "pw1", "database.ssl.keystore.password": "pw2",'
        ' "database.password": "${secrets:ns/db:password}"'
    )
    assert conn.trust is not None and (conn.trust.kind, conn.trust.path) == (
        TrustKind.TRUST_STORE,
        "/tls/ts.jks",
    )
    kinds = [(f.kind, f.key) for f in conn.facts]
    assert (FactKind.TRUST_ANCHOR, "database.ssl.truststore") in kinds
    assert (FactKind.CREDENTIAL, "database.ssl.truststore.password") in kinds
    assert (FactKind.CREDENTIAL, "database.ssl.keystore.password") in kinds
    assert (FactKind.CREDENTIAL, "database.password") not in kinds  # a config provider's reference
    assert mysql(', "database.ssl.mode": "verify_identity"').trust.kind is TrustKind.JVM_DEFAULT  # type: ignore[union-attr]


def test_a_trust_store_with_tls_disabled_is_ineffective() -> None:
    conn = mysql(', "database.ssl.mode": "disabled", "database.ssl.truststore": "/tls/ts.jks"')
    assert [f.kind for f in conn.facts] == [FactKind.INEFFECTIVE]


def test_loopback_and_host() -> None:
    conn = connection('{"connector.class": "MySql", "database.hostname": "localhost"}')
    assert conn.host == "localhost" and conn.loopback
    assert not mysql().loopback and mysql().host == "db"


def test_the_last_value_of_a_key_wins() -> None:
    conn = mysql(', "database.ssl.mode": "disabled", "database.ssl.mode": "required"')
    assert conn.mode is TlsMode.REQUIRED


def test_binlog_client_set_ssl_mode() -> None:
    from connlint.frontends.java import extract as java_extract

    text = (
        "import com.github.shyiko.mysql.binlog.BinaryLogClient;\n"
        "import com.github.shyiko.mysql.binlog.network.SSLMode;\n"
        "class T { void f(BinaryLogClient c) {\n"
        "  c.setSSLMode(SSLMode.VERIFY_CA);\n"
        "  c.setSSLMode(SSLMode.DISABLED);\n"
        "  c.setSSLMode(m);\n"
        "} }\n"
    )
    found = [c for c in java_extract("T.java", text).candidates if c.driver == "mysql-binlog-connector-java"]
    modes = [debezium.resolve(c, Assumptions()).connections[0] for c in found]
    assert [(m.mode, m.decision) for m in modes] == [
        (TlsMode.VERIFY_CA, Decision.EXPLICIT),
        (TlsMode.DISABLED, Decision.EXPLICIT),
        (TlsMode.UNKNOWN, Decision.UNKNOWN),
    ]
    assert modes[0].trust is not None and modes[0].trust.kind is TrustKind.JVM_DEFAULT
    other = text.replace("com.github.shyiko.mysql.binlog", "org.example.other")
    assert [c for c in java_extract("T.java", other).candidates if c.kind.value == "connector"] == []


# Pass-through: database.* / driver.* keys reach the JDBC driver, prefix stripped
# (BinlogConnectionConfiguration), and Debezium sets sslMode over them.


def facts_of(conn: Connection, kind: FactKind) -> list[tuple[str, str]]:
    return [(f.key, f.detail) for f in conn.facts if f.kind is kind]


def test_a_passed_ssl_mode_never_applies() -> None:
    conn = mysql(', "database.ssl.mode": "required", "driver.sslMode": "VERIFY_IDENTITY"')
    assert conn.mode is TlsMode.REQUIRED
    ((key, detail),) = facts_of(conn, FactKind.INEFFECTIVE)
    assert key == "driver.sslMode" and "database.ssl.mode" in detail
    conn = mariadb(', "database.sslMode": "disable"', version="3.2.0")
    assert [k for k, _ in facts_of(conn, FactKind.INEFFECTIVE)] == ["database.sslMode"]


def test_legacy_connector_j_switches_are_ignored_once_ssl_mode_is_set() -> None:
    conn = mysql(', "driver.useSSL": "false", "database.verifyServerCertificate": "false"', version="2.5.0")
    assert conn.mode is TlsMode.PREFERRED
    keys = sorted(k for k, _ in facts_of(conn, FactKind.INEFFECTIVE))
    assert keys == ["database.verifyServerCertificate", "driver.useSSL"]


def test_a_passed_trust_store_is_the_jdbc_links_anchor() -> None:
    store = ', "driver.trustCertificateKeyStoreUrl": "file:/etc/kafka/rds.jks"'
    conn = mysql(', "database.ssl.mode": "verify_ca"' + store)
    assert facts_of(conn, FactKind.TRUST_ANCHOR)[0][0] == "driver.trustCertificateKeyStoreUrl"
    assert [f.value for f in conn.facts if f.kind is FactKind.TRUST_ANCHOR] == ["/etc/kafka/rds.jks"]
    assert conn.trust is not None and conn.trust.kind is TrustKind.TRUST_STORE
    assert conn.trust.path == "/etc/kafka/rds.jks"
    # The connector's own trust store replaces it; a disabled mode uses none.
    both = mysql(', "database.ssl.mode": "verify_ca", "database.ssl.truststore": "/s.jks"' + store)
    assert [k for k, _ in facts_of(both, FactKind.INEFFECTIVE)] == ["driver.trustCertificateKeyStoreUrl"]
    assert both.trust is not None and both.trust.path == "/s.jks"
    off = mysql(', "database.ssl.mode": "disabled"' + store)
    assert [k for k, _ in facts_of(off, FactKind.INEFFECTIVE)] == ["driver.trustCertificateKeyStoreUrl"]
    assert facts_of(off, FactKind.TRUST_ANCHOR) == []


def test_mariadb_server_ssl_cert_passed_through() -> None:
    conn = mariadb(', "database.ssl.mode": "verify-full", "driver.serverSslCert": "/certs/global-bundle.pem"')
    assert conn.mode is TlsMode.VERIFY_IDENTITY
    assert [f.value for f in conn.facts if f.kind is FactKind.TRUST_ANCHOR] == ["/certs/global-bundle.pem"]
    assert conn.trust is not None and conn.trust.kind is TrustKind.CA_FILE


def test_a_weak_protocol_passed_through() -> None:
    conn = mysql(', "database.ssl.mode": "required", "driver.tlsVersions": "TLSv1.1,TLSv1.2"')
    assert facts_of(conn, FactKind.WEAK_PROTOCOL) == [("driver.tlsVersions", "TLSv1.1")]
    hidden = mysql(', "database.tlsVersions": "TLSv1.2", "driver.tlsVersions": "TLSv1"')
    assert facts_of(hidden, FactKind.WEAK_PROTOCOL) == []
    assert [k for k, _ in facts_of(hidden, FactKind.INEFFECTIVE)] == ["driver.tlsVersions"]


def test_other_pass_through_keys_are_not_read() -> None:
    conn = mysql(', "driver.connectTimeout": "1000", "database.allowPublicKeyRetrieval": "true"')
    assert conn.facts == ()
