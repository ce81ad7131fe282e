"""Setters under a branch give outcomes, not a pick (issue 16, item 1): one
connection per state the object can be in where it is used."""

from __future__ import annotations

from connlint.frontends.java import extract
from connlint.frontends.java_branches import MAX_OUTCOMES
from connlint.model import Candidate, CandidateKind

URL = "jdbc:mysql://db.example.com/app"


def states(body: str) -> list[dict[str, object]]:
    source = "import com.mysql.cj.jdbc.MysqlDataSource;\nclass A {\n" + body + "\n}\n"
    found: list[Candidate] = extract("A.java", source).candidates
    return [{s.key: s.value for s in c.settings} for c in found if c.kind is CandidateKind.JDBC]


def test_a_properties_setter_under_an_if_gives_the_state_with_and_without_it() -> None:
    body = f"""
    Connection f(boolean ssl) throws Exception {{
        Properties props = new Properties();
        props.setProperty("sslMode", "DISABLED");
        if (ssl) props.setProperty("sslMode", "VERIFY_IDENTITY");
        return DriverManager.getConnection("{URL}", props);
    }}"""
    assert states(body) == [{"sslMode": "VERIFY_IDENTITY"}, {"sslMode": "DISABLED"}]


def test_if_and_else_are_exclusive() -> None:
    body = f"""
    Connection f(boolean ssl) throws Exception {{
        Properties props = new Properties();
        if (ssl) {{ props.put("sslMode", "REQUIRED"); }} else {{ props.put("sslMode", "VERIFY_CA"); }}
        return DriverManager.getConnection("{URL}", props);
    }}"""
    assert states(body) == [{"sslMode": "REQUIRED"}, {"sslMode": "VERIFY_CA"}]


def test_a_branch_around_the_object_or_its_use_is_no_choice() -> None:
    body = f"""
    void f(boolean ssl, boolean legacy) throws Exception {{
        if (ssl) {{
            Properties props = new Properties();
            props.setProperty("sslMode", "VERIFY_IDENTITY");
            DriverManager.getConnection("{URL}", props);
        }}
        Properties other = new Properties();
        if (legacy) {{
            other.setProperty("sslMode", "DISABLED");
            DriverManager.getConnection("{URL}", other);
        }}
    }}"""
    assert states(body) == [{"sslMode": "VERIFY_IDENTITY"}, {"sslMode": "DISABLED"}]


def test_a_key_not_about_tls_under_a_branch_is_applied_as_before() -> None:
    body = f"""
    Connection f(boolean slow) throws Exception {{
        Properties props = new Properties();
        props.setProperty("sslMode", "REQUIRED");
        if (slow) props.setProperty("connectTimeout", "5000");
        return DriverManager.getConnection("{URL}", props);
    }}"""
    assert states(body) == [{"sslMode": "REQUIRED", "connectTimeout": "5000"}]


def test_a_removed_key_under_a_branch() -> None:
    body = f"""
    Connection f(boolean plain) throws Exception {{
        Properties props = new Properties();
        props.setProperty("sslMode", "VERIFY_CA");
        if (plain) props.remove("sslMode");
        return DriverManager.getConnection("{URL}", props);
    }}"""
    assert states(body) == [{}, {"sslMode": "VERIFY_CA"}]


def test_a_data_source_setter_under_an_if() -> None:
    body = f"""
    MysqlDataSource f(boolean ssl) {{
        MysqlDataSource ds = new MysqlDataSource();
        ds.setUrl("{URL}");
        ds.setUser("app");
        if (ssl) {{ ds.setSslMode("VERIFY_IDENTITY"); }}
        return ds;
    }}"""
    assert states(body) == [{"user": "app", "sslMode": "VERIFY_IDENTITY"}, {"user": "app"}]


def test_a_data_source_made_in_the_branch_has_one_state() -> None:
    body = f"""
    private MysqlDataSource ds;
    MysqlDataSource f() {{
        if (ds == null) {{
            ds = new MysqlDataSource();
            ds.setUrl("{URL}");
            ds.setSslMode("REQUIRED");
        }}
        return ds;
    }}"""
    assert states(body) == [{"sslMode": "REQUIRED"}]


def test_a_helper_parameter_takes_each_state_of_the_callers_object() -> None:
    body = f"""
    Connection open(Properties p) throws Exception {{ return DriverManager.getConnection("{URL}", p); }}
    Connection f(boolean ssl) throws Exception {{
        Properties props = new Properties();
        if (ssl) props.setProperty("useSSL", "true");
        return open(props);
    }}"""
    assert states(body) == [{"useSSL": "true"}, {}]


def test_outcomes_are_bounded() -> None:
    branches = "\n".join(
        f'if (flags[{i}]) props.setProperty("k{i}", "v"); if (flags[{i}]) ds.setSslCert("c{i}");'
        for i in range(12)
    )
    body = f"""
    void f(boolean[] flags) throws Exception {{
        Properties props = new Properties();
        MysqlDataSource ds = new MysqlDataSource();
        ds.setUrl("{URL}");
        {branches}
        DriverManager.getConnection("{URL}", props);
    }}"""
    assert 1 < len(states(body)) <= 2 * MAX_OUTCOMES


def test_properties_handed_to_hikari_keep_their_branches() -> None:
    body = f"""
    HikariConfig f(boolean ssl) {{
        Properties props = new Properties();
        props.setProperty("sslMode", "DISABLED");
        if (ssl) props.setProperty("sslMode", "VERIFY_CA");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("{URL}");
        config.setDataSourceProperties(props);
        return config;
    }}"""
    assert [list(s.values()) for s in states(body)] == [["VERIFY_CA"], ["DISABLED"]]


def test_hikari_made_from_properties_keeps_their_branches() -> None:
    body = f"""
    HikariConfig f(boolean ssl) {{
        Properties props = new Properties();
        props.setProperty("jdbcUrl", "{URL}");
        if (ssl) props.setProperty("dataSource.useSSL", "true");
        HikariConfig config = new HikariConfig(props);
        return config;
    }}"""
    assert states(body) == [{"useSSL": "true"}, {}]


def test_a_pool_given_properties_set_under_a_branch() -> None:
    body = f"""
    BasicDataSource f(boolean ssl) {{
        Properties props = new Properties();
        if (ssl) props.setProperty("sslMode", "REQUIRED");
        BasicDataSource pool = new BasicDataSource();
        pool.setUrl("{URL}");
        pool.setConnectionProperties(props);
        return pool;
    }}"""
    assert states(body) == [{"sslMode": "REQUIRED"}, {}]


def test_a_mariadb_builder_variable_set_under_a_branch() -> None:
    body = """
    Configuration f(boolean prod) throws Exception {
        Configuration.Builder builder = new Configuration.Builder();
        builder.addHost("db.example.com", 3306);
        builder.sslMode("disable");
        if (prod) builder.sslMode("verify-full");
        return builder.build();
    }"""
    source = "import org.mariadb.jdbc.Configuration;\nclass A {\n" + body + "\n}\n"
    found = extract("A.java", source).candidates
    assert [[s.value for s in c.settings] for c in found] == [["disable", "verify-full"], ["disable"]]


def builder_states(body: str) -> list[tuple[str | None, dict[str, object]]]:
    source = "class A {\n" + body + "\n}\n"
    found = [c for c in extract("A.java", source).candidates if c.kind is CandidateKind.JDBC]
    return [(c.url.text if c.url else None, {s.key: s.value for s in c.settings}) for c in found]


def test_a_mariadb_builder_value_under_a_ternary_gives_both() -> None:
    body = """
    Configuration f(boolean prod) {
        return new Configuration.Builder().addHost("db", 3306).sslMode(prod ? "trust" : "disable").build();
    }"""
    url = "jdbc:mariadb://db:3306/"
    assert builder_states(body) == [(url, {"sslMode": "trust"}), (url, {"sslMode": "disable"})]


def test_a_mariadb_builder_without_a_branch_has_one_state() -> None:
    body = """
    Configuration f(boolean prod) {
        return new Configuration.Builder().addHost("db", 3306).sslMode("trust").build();
    }"""
    assert builder_states(body) == [("jdbc:mariadb://db:3306/", {"sslMode": "trust"})]


def test_a_spring_builder_url_under_a_ternary_gives_both_with_the_user() -> None:
    body = f"""
    DataSource f(boolean prod) {{
        return DataSourceBuilder.create()
            .url("{URL}" + (prod ? "?sslMode=REQUIRED" : "")).username("u").build();
    }}"""
    assert builder_states(body) == [(URL + "?sslMode=REQUIRED", {"user": "u"}), (URL, {"user": "u"})]


def test_a_spring_builder_url_set_under_an_if_gives_both() -> None:
    body = f"""
    DataSource f(boolean prod) {{
        DataSourceBuilder<?> b = DataSourceBuilder.create();
        b.url("{URL}?sslMode=REQUIRED");
        if (prod) {{ b.url("{URL}?sslMode=VERIFY_CA"); }}
        return b.build();
    }}"""
    assert builder_states(body) == [(URL + "?sslMode=VERIFY_CA", {}), (URL + "?sslMode=REQUIRED", {})]


def test_a_spring_builder_url_set_again_is_one_state_and_no_connection_of_its_own() -> None:
    body = f"""
    DataSource f() {{
        DataSourceBuilder<?> b = DataSourceBuilder.create();
        b.url("{URL}?sslMode=DISABLED");
        b.url("{URL}?sslMode=REQUIRED");
        return b.build();
    }}"""
    assert builder_states(body) == [(URL + "?sslMode=REQUIRED", {})]


def trusts(body: str) -> list[str]:
    from connlint.connections import resolve_candidates
    from connlint.model import Assumptions

    source = "class A {\n" + body + "\n}\n"
    resolved = resolve_candidates("A.java", extract("A.java", source).candidates, Assumptions())
    return [f"{c.trust.kind.name} {c.trust.path or ''}".strip() for c in resolved.connections if c.trust]


def test_a_jvm_trust_store_set_under_an_if_gives_the_connection_with_and_without_it() -> None:
    body = f"""
    Connection f(boolean bundled) throws Exception {{
        if (bundled) System.setProperty("javax.net.ssl.trustStore", "/etc/a.jks");
        return DriverManager.getConnection("{URL}?sslMode=VERIFY_CA");
    }}"""
    assert trusts(body) == ["TRUST_STORE /etc/a.jks", "JVM_DEFAULT"]


def test_a_jvm_trust_store_under_if_and_else_gives_each() -> None:
    body = f"""
    Connection f(boolean bundled) throws Exception {{
        if (bundled) {{ System.setProperty("javax.net.ssl.trustStore", "/etc/a.jks"); }}
        else {{ System.setProperty("javax.net.ssl.trustStore", "/etc/b.jks"); }}
        return DriverManager.getConnection("{URL}?sslMode=VERIFY_CA");
    }}"""
    assert trusts(body) == ["TRUST_STORE /etc/a.jks", "TRUST_STORE /etc/b.jks"]


def test_a_jvm_trust_store_set_under_no_branch_is_the_one_trust() -> None:
    body = f"""
    Connection f() throws Exception {{
        System.setProperty("javax.net.ssl.trustStore", "/etc/a.jks");
        return DriverManager.getConnection("{URL}?sslMode=VERIFY_CA");
    }}"""
    assert trusts(body) == ["TRUST_STORE /etc/a.jks"]
