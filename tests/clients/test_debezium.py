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
