"""The driver registry: the tables derived from it, and a new JDBC driver added
with one module (here: the fake client below) plus one registry entry.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

import pytest

from connlint import config, prefilter, scope
from connlint.clients import connector_j, drivers, jdbc_url, mariadb_j, python_drivers
from connlint.clients.decisions import JdbcClient, JdbcWrapper, TlsDecision
from connlint.clients.jdbc_url import Property, find_jdbc_urls, looks_like_jdbc_url, parse_jdbc_url
from connlint.config import Config
from connlint.engine import run
from connlint.frontends import maven, python_deps
from connlint.model import Assumptions, Candidate, Decision, Fact, Span, TlsMode, Trust, TrustKind

# --------------------------------------------------------------------------- derived tables


def test_derived_tables_are_the_ones_kept_by_hand_before() -> None:
    assert drivers.datasource_classes() == {
        "MysqlDataSource",
        "MysqlConnectionPoolDataSource",
        "MysqlXADataSource",
        "MariaDbDataSource",
        "MariaDbPoolDataSource",
        "MariaDbConnectionPoolDataSource",
    }
    assert scope.DRIVER_BY_DEPENDENCY == {
        "com.mysql:mysql-connector-j": "connector-j",
        "mysql:mysql-connector-java": "connector-j",
        "org.mariadb.jdbc:mariadb-java-client": "mariadb-java-client",
        "software.amazon.jdbc:aws-advanced-jdbc-wrapper": "aws-advanced-jdbc-wrapper",
        "io.debezium:debezium-connector-mysql": "debezium-mysql",
        "io.debezium:debezium-connector-mariadb": "debezium-mariadb",
        "com.zendesk:mysql-binlog-connector-java": "mysql-binlog-connector-java",
        "aiomysql": "aiomysql",
        "asyncmy": "asyncmy",
        "mysql-connector-python": "mysql-connector-python",
        "mysqlclient": "mysqlclient",
        "pymysql": "pymysql",
        "mysqlx-connector-python": "mysqlx",
        # Connection-string drivers, namespaced by ecosystem (frontends/package_manifests.py).
        "gem:mysql2": "mysql2-gem",
        "gem:trilogy": "trilogy",
        "go:github.com/go-sql-driver/mysql": "go-sql-driver-mysql",
        "nuget:mysqlconnector": "mysqlconnector",
        "nuget:mysql.data": "mysql-data",
        "npm:mysql2": "node-mysql2",
    }
    assert list(config._VERSION_KEYS.items()) == [
        ("connector-j-version", "connector-j"),
        ("mariadb-java-client-version", "mariadb-java-client"),
        ("mysql-client-version", "mysql-client"),
        ("mariadb-client-version", "mariadb-client"),
        ("pymysql-version", "pymysql"),
        ("mysql-connector-python-version", "mysql-connector-python"),
        ("mysqlclient-version", "mysqlclient"),
        ("aiomysql-version", "aiomysql"),
        ("asyncmy-version", "asyncmy"),
        ("debezium-mysql-version", "debezium-mysql"),
        ("debezium-mariadb-version", "debezium-mariadb"),
    ]
    assert {
        "aiomysql",
        "asyncmy",
        "mysql-connector-python",
        "mysqlclient",
        "mysqlx-connector-python",
        "pymysql",
    } == python_deps.DRIVERS
    assert {
        "com.mysql:mysql-connector-j",
        "mysql:mysql-connector-java",
        "org.mariadb.jdbc:mariadb-java-client",
        "software.amazon.jdbc:aws-advanced-jdbc-wrapper",
        "io.debezium:debezium-connector-mysql",
        "io.debezium:debezium-connector-mariadb",
        "com.zendesk:mysql-binlog-connector-java",
    } == maven.DRIVER_COORDINATES
    assert python_drivers.VERSION_ID == {
        "MySQLdb": "mysqlclient",
        "aiomysql": "aiomysql",
        "asyncmy": "asyncmy",
        "mysql.connector": "mysql-connector-python",
        "pymysql": "pymysql",
    }
    assert python_drivers.DISPLAY_NAME == {
        "MySQLdb": "mysqlclient",
        "aiomysql": "aiomysql",
        "asyncmy": "asyncmy",
        "mariadb": "MariaDB Connector/Python",
        "mysql.connector": "mysql-connector-python",
        "mysqlx": "MySQL X DevAPI for Python",
        "pymysql": "PyMySQL",
    }
    assert drivers.version_notes() == {
        "com.mysql:mysql-connector-j": "connlint.clients.connector_j:tls_default_reason",
        "mysql:mysql-connector-java": "connlint.clients.connector_j:tls_default_reason",
    }


def test_client_programs_are_the_ones_kept_by_hand_before() -> None:
    from connlint.clients import mysql_cli

    assert {
        "mysql",
        "mysqladmin",
        "mysqlbinlog",
        "mysqlcheck",
        "mysqldump",
        "mysqlimport",
        "mysqlpump",
        "mysqlsh",
        "mysqlshow",
        "mysqlslap",
        "mysql_upgrade",  # entrypoints: "${mysql[@]:1}" (issue 16, item 4)
        "xtrabackup",  # Percona XtraBackup: MySQL's options (issue 16)
    } == mysql_cli.MYSQL_PROGRAMS
    assert {
        "mariadb",
        "mariadb-admin",
        "mariadb-binlog",
        "mariadb-check",
        "mariadb-dump",
        "mariadb-import",
        "mariadb-show",
        "mariadb-slap",
        "mariadb-upgrade",
        "mariadb-backup",  # and its old name: MariaDB's options (issue 16)
        "mariabackup",
    } == mysql_cli.MARIADB_PROGRAMS


def test_maven_salvage_pattern_names_every_artifact() -> None:
    text = "".join(f"<artifactId>{c.split(':')[1]}</artifactId>" for c in sorted(maven.DRIVER_COORDINATES))
    found = [
        f"{maven._GROUP_BY_ARTIFACT[m.group(1)]}:{m.group(1)}" for m in maven._ARTIFACT_MENTION.finditer(text)
    ]
    assert found == sorted(maven.DRIVER_COORDINATES)


def test_ids_are_unique_and_every_scheme_client_loads() -> None:
    ids = [d.id for d in drivers.DRIVERS]
    assert len(ids) == len(set(ids))
    for scheme in drivers.jdbc_schemes():
        client = drivers.load(scheme.client)
        assert isinstance(client, JdbcWrapper if scheme.wrapper else JdbcClient)
        assert any(client.driver_id == d.id and scheme in d.schemes for d in drivers.DRIVERS)


def test_every_analysed_python_driver_names_a_verdict() -> None:
    modules = drivers.python_modules()
    assert sorted(m for m, d in modules.items() if d.client is not None) == [
        "MySQLdb",
        "aiomysql",
        "asyncmy",
        "mysql.connector",
        "mysqlx",
        "pymysql",
    ]
    for driver in modules.values():
        if driver.client is not None:
            assert callable(drivers.load(driver.client))


def test_trigger_words_are_the_prefilter_words_of_build_files() -> None:
    # The prefilter (connlint.prefilter) can be derived from these; the order of
    # the words does not change which files are read.
    assert drivers.trigger_words("maven") == ("mysql", "mariadb")
    assert set(drivers.trigger_words("pypi")) == {"mysql", "mariadb", "asyncmy"}
    for kind, ecosystem in (
        ("maven", "maven"),
        ("gradle", "maven"),
        ("python_deps", "pypi"),
        ("python", "pypi"),
    ):
        words = {w.encode() for w in drivers.trigger_words(ecosystem)}  # type: ignore[arg-type]
        if kind == "python":
            words.add(b"aws_rds")  # AWS CDK's RDS module (servers declared in Python)
        assert set(prefilter.NEEDLES_BY_KIND[kind]) == words, kind


def test_registry_import_is_light() -> None:
    import subprocess
    import sys

    code = (
        "import sys, connlint.clients.drivers, connlint.config;"
        "print(sorted(m for m in sys.modules if m.startswith('connlint')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert eval(out) == [
        "connlint",
        "connlint.clients",
        "connlint.clients.drivers",
        "connlint.config",
        "connlint.lazy",  # the standard library's dataclasses and re, deferred
        "connlint.model",
    ]


# --------------------------------------------------------------------------- a new JDBC driver


class _FakeDb:
    """The one module of a new driver: what its single option means."""

    driver_id = "fakedb-jdbc"
    name = "FakeDB Connector/J"

    def decide(self, props: Mapping[str, Property], version: str | None) -> TlsDecision:
        prop = props.get("sslMode")
        if prop is None:
            return TlsDecision(TlsMode.VERIFY_IDENTITY, Decision.DEFAULT)
        mode = TlsMode.DISABLED if prop.str_value == "DISABLED" else TlsMode.VERIFY_IDENTITY
        return TlsDecision(mode, Decision.EXPLICIT, prop)

    def facts(self, props: Mapping[str, Property], version: str | None) -> list[Fact]:
        return []

    def trust(self, props: Mapping[str, Property], version: str | None) -> Trust:
        return Trust(TrustKind.JVM_DEFAULT)

    def is_tls_key(self, key: str) -> bool:
        return key == "sslMode"

    def per_host_ignored(self, key: str, version: str | None) -> str | None:
        return None

    def prefers(self, candidate: Candidate, assumptions: Assumptions) -> bool:
        return False

    def accepts(self, family: str, props: Mapping[str, Property], version: str | None) -> bool:
        return False


FAKE: JdbcClient = _FakeDb()  # mypy checks it implements the interface
_CLIENTS: tuple[JdbcClient, ...] = (connector_j.CLASSIC, connector_j.XDEVAPI, mariadb_j.DRIVER)


@pytest.fixture
def fakedb(monkeypatch: pytest.MonkeyPatch) -> None:
    # The one registry entry.
    entry = drivers.Driver(
        "fakedb-jdbc",
        "FakeDB Connector/J",
        "maven",
        packages=("com.example:fakedb-jdbc",),
        schemes=(drivers.JdbcScheme("fakedb", "fakedb", f"{__name__}:FAKE"),),
        trigger_words=("fakedb",),
    )
    monkeypatch.setattr(drivers, "DRIVERS", (*drivers.DRIVERS, entry))


@pytest.mark.usefixtures("fakedb")
def test_fake_jdbc_driver_is_recognised_end_to_end(tmp_path: Path) -> None:
    source = 'class App {\n    String url = "jdbc:fakedb://h/db?sslMode=DISABLED";\n}\n'
    (tmp_path / "App.java").write_text(source, encoding="utf-8")
    report = run([tmp_path], Config(select=("ALL",)), jobs=1)
    assert report.notifications == []
    [connection] = report.connections
    assert (connection.client, connection.driver, connection.host) == (
        "FakeDB Connector/J",
        "fakedb-jdbc",
        "h",
    )
    assert (connection.mode, connection.decision, connection.decided_by) == (
        TlsMode.DISABLED,
        Decision.EXPLICIT,
        "sslMode=DISABLED",
    )
    assert connection.decided_at.line == 2


@pytest.mark.usefixtures("fakedb")
def test_fake_scheme_is_parsed_and_found_in_text() -> None:
    url = parse_jdbc_url(Span.at("jdbc:p6spy:fakedb://a:1,b/db?x=1", "f", 1, 1))
    assert url is not None and url.family == "fakedb"
    assert [h.host for h in url.hosts] == ["a", "b"]
    assert looks_like_jdbc_url("jdbc:fakedb://h")
    text = "-Durl=jdbc:fakedb://h/db -Dother=jdbc:mysql://m/db"
    assert [text[s:e] for s, e in find_jdbc_urls(text)] == ["jdbc:fakedb://h/db", "jdbc:mysql://m/db"]


def test_without_the_entry_the_scheme_is_not_a_jdbc_url() -> None:
    assert not looks_like_jdbc_url("jdbc:fakedb://h")
    assert jdbc_url._scheme_table()[0] is jdbc_url._SCHEME


def test_a_scheme_table_keeps_the_families_and_modes() -> None:
    for text, family, ha, srv in (
        ("jdbc:mysql+srv:replication://h", "mysql", "replication", True),
        ("jdbc:log4jdbc:mariadb:aurora://h", "mariadb", "aurora", False),
        ("mysqlx+srv://h", "mysqlx", None, True),
    ):
        url = parse_jdbc_url(Span.at(text, "f", 1, 1))
        assert url is not None
        assert (url.family, url.ha, url.srv) == (family, ha, srv)


def test_driver_entries_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        drivers.DRIVERS[0].id = "x"  # type: ignore[misc]
