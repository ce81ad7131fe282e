"""Fluent builders named after driver properties (issue 16, item 5)."""

from __future__ import annotations

from connlint.frontends.java import extract
from connlint.model import DYNAMIC, Candidate, CandidateKind


def cands(body: str) -> list[Candidate]:
    text = "class A {\n" + body + "\n}\n"
    return [c for c in extract("A.java", text).candidates if c.kind is CandidateKind.JDBC]


def test_mariadb_configuration_builder() -> None:
    (found,) = cands(
        """Configuration c() {
        return new Configuration.Builder().addHost("db", 3307).addHost("db2", 3306, false, "disable")
            .database("app").sslMode("verify-ca").serverSslCert(CA).user("u").build();
    }"""
    )
    assert found.url is not None and found.url.text == "jdbc:mariadb://db:3307,db2:3306/app"
    assert [(s.key, s.value) for s in found.settings] == [
        ("sslMode", "disable"),
        ("sslMode", "verify-ca"),
        ("serverSslCert", None),
        ("user", "u"),
    ]
    # Each setting stands at its own call in the chain, not at the chain's start.
    assert [s.location.line for s in found.settings] == [3, 4, 4, 4]


def test_mariadb_builder_without_hosts_has_an_unknown_host() -> None:
    (found,) = cands('Configuration c() { return new Configuration.Builder().sslMode("trust").build(); }')
    assert found.url is not None and found.url.text == f"jdbc:mariadb://{DYNAMIC}/"


def test_spring_data_source_builder() -> None:
    found = cands(
        """DataSource a() {
        return DataSourceBuilder.create().url("jdbc:mysql://db/app?sslMode=DISABLED").username("u").build();
    }
    DataSource b() { return DataSourceBuilder.create().url("jdbc:h2:mem:x").build(); }
    DataSource c(String u) {
        return DataSourceBuilder.create().driverClassName("com.mysql.cj.jdbc.Driver").url(u).build();
    }
    DataSource d(String u) { return DataSourceBuilder.create().url(u).build(); }"""
    )
    assert [c.url.text for c in found if c.url] == ["jdbc:mysql://db/app?sslMode=DISABLED", DYNAMIC]
    assert [(s.key, s.value) for s in found[0].settings] == [("user", "u")]


def test_other_builders_are_not_connections() -> None:
    assert cands('Object a() { return new Request.Builder().url("jdbc:h2:x").build(); }') == []
    assert cands('Object a() { return Foo.create().url("x").build(); }') == []


def test_a_configuration_only_compared_is_not_a_connection() -> None:
    body = """void t() throws Exception {
        Configuration conf = new Configuration.Builder().addHost("h", 1).sslMode("trust").build();
        assertEquals("x", conf.initialUrl());
        assertTrue(new Configuration.Builder().useMysqlMetadata(true).build().useMysqlMetadata());
    }
    void u() throws Exception {
        Configuration conf = new Configuration.Builder().addHost("h", 1).sslMode("trust").build();
        assertEquals("x", conf.initialUrl());
        Driver.connect(conf);
    }"""
    assert [c.location.line for c in cands(body)] == [8]


def test_aws_wrapper_data_source_from_its_parts() -> None:
    found = cands(
        """Connection c() throws Exception {
        AwsWrapperDataSource ds = new AwsWrapperDataSource();
        ds.setJdbcProtocol("jdbc:mysql:");
        ds.setServerName("db.example.com");
        ds.setServerPort("3306");
        ds.setDatabase("app");
        Properties p = new Properties();
        p.setProperty("sslMode", "VERIFY_CA");
        ds.setTargetDataSourceProperties(p);
        p.setProperty("sslMode", "DISABLED");
        return ds.getConnection("u", "pw");
    }"""
    )
    assert [c.url.text for c in found if c.url] == ["jdbc:aws-wrapper:mysql://db.example.com:3306/app"]
    # The target properties as they were when handed over.
    assert ("sslMode", "VERIFY_CA") in [(s.key, s.value) for s in found[0].settings]


def test_aws_wrapper_data_source_of_another_database_or_unknown_driver() -> None:
    body = """Connection a() throws Exception {
        AwsWrapperDataSource ds = new AwsWrapperDataSource();
        ds.setJdbcProtocol("jdbc:postgresql:");
        ds.setServerName("pg.example.com");
        return ds.getConnection("u", "pw");
    }
    Connection b() throws Exception {
        AwsWrapperDataSource ds = new AwsWrapperDataSource();
        ds.setServerName("x.example.com");
        return ds.getConnection();
    }
    Connection c() throws Exception {
        AwsWrapperDataSource ds = new AwsWrapperDataSource();
        ds.setTargetDataSourceClassName("org.mariadb.jdbc.MariaDbDataSource");
        return ds.getConnection();
    }"""
    assert [c.url.text for c in cands(body) if c.url] == [f"jdbc:aws-wrapper:mariadb://{DYNAMIC}/"]


def test_hikari_with_an_aws_wrapper_or_another_data_source_class() -> None:
    body = """DataSource a() {
        HikariDataSource ds = new HikariDataSource();
        ds.setDataSourceClassName(AwsWrapperDataSource.class.getName());
        ds.addDataSourceProperty("jdbcProtocol", "jdbc:mysql:");
        ds.addDataSourceProperty("serverName", "db.example.com");
        ds.addDataSourceProperty("database", "app");
        ds.setPassword("pw");
        return ds;
    }
    DataSource b() {
        HikariDataSource ds = new HikariDataSource();
        ds.setDataSourceClassName("org.postgresql.ds.PGSimpleDataSource");
        ds.setPassword("pw");
        return ds;
    }
    DataSource c() {
        HikariDataSource ds = new HikariDataSource();
        ds.setDataSourceClassName("com.mysql.cj.jdbc.MysqlDataSource");
        ds.addDataSourceProperty("sslMode", "DISABLED");
        return ds;
    }"""
    found = cands(body)
    assert [c.url.text if c.url else None for c in found] == [
        "jdbc:aws-wrapper:mysql://db.example.com/app",
        None,
    ]
    assert [s.key for s in found[1].settings] == ["sslMode"]


def test_builders_held_in_variables() -> None:
    found = cands(
        """Configuration a() {
        Configuration.Builder b = new Configuration.Builder().addHost("db", 3306);
        b.database("app");
        b.sslMode("verify-full").serverSslCert("/ca.pem");
        return b.build();
    }
    DataSource s() {
        DataSourceBuilder<?> b = DataSourceBuilder.create();
        b.url("jdbc:mysql://db/app?sslMode=REQUIRED");
        b.username("u");
        return b.build();
    }
    Configuration later() {
        Configuration.Builder b = new Configuration.Builder();
        Configuration c = b.build();
        b.sslMode("disable");
        return c;
    }"""
    )
    assert [c.url.text for c in found if c.url] == [
        "jdbc:mariadb://db:3306/app",
        "jdbc:mysql://db/app?sslMode=REQUIRED",
        f"jdbc:mariadb://{DYNAMIC}/",
    ]
    assert [(s.key, s.value) for s in found[0].settings] == [
        ("sslMode", "verify-full"),
        ("serverSslCert", "/ca.pem"),
    ]
    # A call made after build() is not part of that configuration.
    assert found[2].settings == ()


def test_a_built_configuration_rebuilt_is_not_read_again() -> None:
    body = """void t() throws Exception {
        Configuration conf = new Configuration.Builder().addHost("h", 1).sslMode("trust").build();
        String s = normalize(conf.toBuilder().build().toString());
    }"""
    assert [c.location.line for c in cands(body)] == [3]
