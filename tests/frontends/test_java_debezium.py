"""Debezium's Configuration builder in Java (issue 16, Java item 4)."""

from __future__ import annotations

import pytest

from connlint.frontends.java import extract
from connlint.model import Candidate, CandidateKind


def connectors(body: str) -> list[Candidate]:
    text = "import io.debezium.config.Configuration;\nclass A {\n" + body + "\n}\n"
    return [c for c in extract("A.java", text).candidates if c.kind is CandidateKind.CONNECTOR]


def settings(found: Candidate) -> dict[str, object]:
    return {s.key: s.value for s in found.settings}


def test_fields_and_mode_enums() -> None:
    (found,) = connectors(
        """Configuration c() {
        return Configuration.create()
            .with(MySqlConnectorConfig.HOSTNAME, "db")
            .with(MySqlConnectorConfig.SSL_MODE, MySqlConnectorConfig.MySqlSecureConnectionMode.VERIFY_CA)
            .build();
    }"""
    )
    assert found.driver == "debezium-mysql"
    assert settings(found) == {
        "connector.class": "io.debezium.connector.mysql.MySqlConnector",
        "database.hostname": "db",
        "database.ssl.mode": "verify_ca",
    }
    # The mode stands at its own call of the chain.
    mode = next(s for s in found.settings if s.key == "database.ssl.mode")
    assert (mode.location.line, mode.location.column) == (6, 14)


def test_mariadb_enum_spelling() -> None:
    (found,) = connectors(
        """Configuration c() {
        return Configuration.create().with(MariaDbConnectorConfig.SSL_MODE,
            MariaDbConnectorConfig.MariaDbSecureConnectionMode.VERIFY_FULL).build();
    }"""
    )
    assert found.driver == "debezium-mariadb"
    assert settings(found)["database.ssl.mode"] == "verify-full"


def test_string_keys_and_a_builder_variable() -> None:
    (found,) = connectors(
        """static final String MODE = "database.ssl.mode";
    Configuration c() {
        Configuration.Builder b = Configuration.create()
            .with("connector.class", "io.debezium.connector.mysql.MySqlConnector");
        b.with(MODE, "disabled");
        return b.build();
    }"""
    )
    assert settings(found)["database.ssl.mode"] == "disabled"


def test_a_base_from_elsewhere_hides_the_mode() -> None:
    (found,) = connectors(
        """Configuration c() {
        return simpleConfig().with(MySqlConnectorConfig.HOSTNAME, "db").build();
    }"""
    )
    mode = next(s for s in found.settings if s.key == "database.ssl.mode")
    assert mode.value is None and mode.unknown == "simpleConfig(…)"
    (overridden,) = connectors(
        """Configuration c() {
        return Configuration.create().withSystemProperties(Function.identity()).edit()
            .with(MySqlConnectorConfig.SSL_MODE, MySqlSecureConnectionMode.REQUIRED).build();
    }"""
    )
    assert settings(overridden)["database.ssl.mode"] == "required"


@pytest.mark.parametrize(
    "chain",
    [
        'Configuration.create().with(PostgresConnectorConfig.HOSTNAME, "pg").build()',
        'Configuration.create().with("topic.prefix", "t").build()',
        'Configuration.create().with("database.hostname", "db").build()',  # which connector: not said
        'new Other().with(MySqlConnectorConfig.HOSTNAME, "db").build().x()',
    ],
)
def test_not_a_mysql_family_connector(chain: str) -> None:
    assert connectors(f"Object c() {{ return {chain}; }}") == []


def test_a_configuration_only_compared_is_none() -> None:
    body = """void t() {
        assertEquals(x, Configuration.create().with(MySqlConnectorConfig.SSL_MODE, "disabled").build());
    }"""
    assert connectors(body) == []
