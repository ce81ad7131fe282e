from __future__ import annotations

import pytest

from connlint.frontends import json as json_frontend
from connlint.frontends import properties, yaml
from connlint.frontends.kafka_connect import connector_driver
from connlint.model import Candidate, CandidateKind, Secret


def connectors(candidates: list[Candidate]) -> list[Candidate]:
    return [c for c in candidates if c.kind is CandidateKind.CONNECTOR]


@pytest.mark.parametrize(
    "name, driver",
    [
        ("io.debezium.connector.mysql.MySqlConnector", "debezium-mysql"),
        ("MySqlConnector", "debezium-mysql"),
        (" MySql ", "debezium-mysql"),
        ("io.debezium.connector.mariadb.MariaDbConnector", "debezium-mariadb"),
        ("MariaDb", "debezium-mariadb"),
        ("io.debezium.connector.postgresql.PostgresConnector", None),
        ("io.confluent.connect.jdbc.JdbcSourceConnector", None),
        ("com.example.MySqlConnectorX", None),
    ],
)
def test_connector_classes_and_aliases(name: str, driver: str | None) -> None:
    assert connector_driver(name) == driver


def test_rest_body_with_config_object() -> None:
    text = (
        '{"name": "x", "config": {"connector.class": "MySqlConnector",\n'
        ' "database.ssl.mode": "required", "database.password": "pw", "topic.prefix": "t"}}'
    )
    (c,) = connectors(json_frontend.extract("a.json", text).candidates)
    assert c.driver == "debezium-mysql"
    assert [s.key for s in c.settings] == ["connector.class", "database.ssl.mode", "database.password"]
    assert c.settings[2].value == Secret("pw")
    assert (c.location.line, c.location.column) == (1, 26)


def test_several_connectors_in_one_list_keep_their_own_settings() -> None:
    text = (
        '[{"connector.class": "MySql", "database.ssl.mode": "disabled"},\n'
        ' {"connector.class": "MariaDb", "database.ssl.mode": "trust"}]'
    )
    cands = connectors(json_frontend.extract("a.json", text).candidates)
    assert [(c.driver, [s.value for s in c.settings if s.key == "database.ssl.mode"]) for c in cands] == [
        ("debezium-mysql", ["disabled"]),
        ("debezium-mariadb", ["trust"]),
    ]


def test_strimzi_kafka_connector() -> None:
    text = (
        "apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaConnector\nspec:\n"
        "  class: io.debezium.connector.mysql.MySqlConnector\n"
        "  config:\n    database.ssl.mode: verify_ca\n    database.password: ${secrets:ns/s:pw}\n"
    )
    (c,) = connectors(yaml.extract("k.yaml", text).candidates)
    by_key = {s.key: s for s in c.settings}
    assert by_key["database.ssl.mode"].value == "verify_ca"
    assert by_key["database.password"].value is None
    assert by_key["database.password"].unknown == "${secrets:ns/s:pw}"


def test_debezium_server_properties() -> None:
    text = (
        "debezium.sink.type=kinesis\n"
        "debezium.source.connector.class=io.debezium.connector.mysql.MySqlConnector\n"
        "debezium.source.database.ssl.mode=verify_identity\n"
        "debezium.source.database.ssl.truststore=/tls/t.jks\n"
    )
    (c,) = connectors(properties.extract("application.properties", text).candidates)
    assert {s.key: s.value for s in c.settings} == {
        "connector.class": "io.debezium.connector.mysql.MySqlConnector",
        "database.ssl.mode": "verify_identity",
        "database.ssl.truststore": "/tls/t.jks",
    }
    assert c.settings[1].location.line == 3


def test_other_connectors_and_plain_config_are_ignored() -> None:
    text = (
        '{"connector.class": "io.debezium.connector.postgresql.PostgresConnector", "database.ssl.mode": "x"}'
    )
    assert connectors(json_frontend.extract("a.json", text).candidates) == []
    assert connectors(properties.extract("a.properties", "database.ssl.mode=disabled\n").candidates) == []


def test_curl_bodies_are_located_in_the_script() -> None:
    from connlint.frontends import shell

    text = (
        "curl -X POST http://c:8083/connectors -H 'Content-Type: application/json' -d '{\n"
        '  "config": {"connector.class": "MySql",\n'
        '   "database.ssl.mode": "required"}}\'\n'
        'curl --data-raw="{\\"connector.class\\": \\"MariaDb\\"}" http://c:8083/connectors\n'
        "curl -d @connector.json http://c:8083/connectors\n"
    )
    found = connectors(shell.extract("register.sh", text).candidates)
    assert [c.driver for c in found] == ["debezium-mysql", "debezium-mariadb"]
    mode = next(s for s in found[0].settings if s.key == "database.ssl.mode")
    assert (mode.location.line, mode.location.column) == (3, 4)
    assert mode.value_span is not None and mode.value_span.locate().column == 26


# Debezium's embedded engine: a Java Properties object holding connector.class.

_ENGINE = """import java.util.Properties;
class E {
  void f() {
    Properties props = new Properties();
    props.setProperty("connector.class", %s);
    props.setProperty("database.hostname", "db.internal");
    props.setProperty("database.ssl.mode", "verify_identity");
    props.setProperty("driver.sslMode", "DISABLED");
    props.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
    engine = DebeziumEngine.create(Json.class).using(props).build();
  }
}
"""


def engine(class_expression: str) -> list[Candidate]:
    from connlint.frontends.java import extract

    return extract("E.java", _ENGINE % class_expression).candidates


@pytest.mark.parametrize(
    ("expression", "driver", "written"),
    [
        ('"io.debezium.connector.mysql.MySqlConnector"', "debezium-mysql",
         "io.debezium.connector.mysql.MySqlConnector"),
        ("MySqlConnector.class.getName()", "debezium-mysql", "MySqlConnector"),
        ("io.debezium.connector.mariadb.MariaDbConnector.class.getCanonicalName()", "debezium-mariadb",
         "io.debezium.connector.mariadb.MariaDbConnector"),
    ],
)  # fmt: skip
def test_embedded_engine_properties(expression: str, driver: str, written: str) -> None:
    (candidate,) = engine(expression)
    assert (candidate.kind, candidate.driver, candidate.location.line) == (CandidateKind.CONNECTOR, driver, 5)
    settings = {s.key: s.value for s in candidate.settings}
    assert settings == {
        "connector.class": written,
        "database.hostname": "db.internal",
        "database.ssl.mode": "verify_identity",
        "driver.sslMode": "DISABLED",
    }


@pytest.mark.parametrize(
    "expression",
    ['"io.debezium.connector.postgresql.PostgresConnector"', "chosen()", "PostgresConnector.class.getName()"],
)
def test_embedded_engine_of_another_connector_is_not_read(expression: str) -> None:
    assert engine(expression) == []


def test_embedded_engine_with_keys_from_elsewhere() -> None:
    from connlint.clients import debezium
    from connlint.model import Assumptions, TlsMode

    text = _ENGINE % '"io.debezium.connector.mysql.MySqlConnector"'
    opaque = text.replace('props.setProperty("database.ssl.mode", "verify_identity");\n', "")
    opaque = opaque.replace("Properties props = new Properties();", "Properties props = new Properties();\n"
                            "    props.putAll(System.getProperties());")  # fmt: skip
    from connlint.frontends.java import extract

    (candidate,) = extract("E.java", opaque).candidates
    (conn,) = debezium.resolve(candidate, Assumptions()).connections
    assert conn.mode is TlsMode.UNKNOWN and conn.unknown == "putAll(System.getProperties())"
    (explicit,) = extract("E.java", text.replace("engine =", "props.putAll(other);\n    engine =")).candidates
    assert debezium.resolve(explicit, Assumptions()).connections[0].mode is TlsMode.VERIFY_IDENTITY
