from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from connlint.frontends.java import extract
from connlint.model import DYNAMIC, Candidate, CandidateKind, Secret


def cands(body: str) -> list[Candidate]:
    return extract("A.java", "class A {\n" + body + "\n}\n").candidates


def urls(body: str) -> list[str]:
    return [c.url.text for c in cands(body) if c.url is not None]


def settings_of(body: str) -> dict[str, object]:
    return {s.key: s.value for c in cands(body) for s in c.settings}


def at(body: str, needle: str) -> tuple[int, int]:
    """(line, column) of the needle inside the URL of the only candidate."""
    (c,) = cands(body)
    assert c.url is not None
    loc = c.url.locate(c.url.text.index(needle))
    return loc.line, loc.column


def test_url_literal_positive_and_comment_negative():
    assert urls('String u = "jdbc:mysql://h/db?useSSL=false";') == ["jdbc:mysql://h/db?useSSL=false"]
    assert urls('// String u = "jdbc:mysql://h/db?useSSL=false";') == []


def test_url_location_is_exact():
    assert at('  String u = "jdbc:mysql://h/db?useSSL=false";', "useSSL") == (2, 33)


def test_escape_sequences_keep_locations():
    body = 'String u = "jdbc:mysql://h/db?\\u0073slMode=DISABLED";'
    assert urls(body) == ["jdbc:mysql://h/db?sslMode=DISABLED"]
    assert at(body, "sslMode") == (2, 31)
    assert at(body, "lMode") == (2, 38)


def test_concatenation_static_parts_kept_dynamic_parts_marked():
    body = 'String f(String host) { return "jdbc:mysql://" + host + "/db?useSSL=false"; }'
    assert urls(body) == [f"jdbc:mysql://{DYNAMIC}/db?useSSL=false"]


def test_constants_are_resolved_and_not_reported_twice():
    body = (
        'static final String HOST = "db";\n'
        'static final String URL = "jdbc:mysql://" + HOST + "/x?sslMode=REQUIRED";\n'
        "void f() throws Exception { DriverManager.getConnection(URL); }"
    )
    assert urls(body) == ["jdbc:mysql://db/x?sslMode=REQUIRED"]
    assert at(body, "sslMode") == (3, 56)


def test_reassigned_local_is_not_a_constant():
    body = 'void f(){ String h = "a"; h = g(); String u = "jdbc:mysql://" + h + "/db"; }'
    assert urls(body) == [f"jdbc:mysql://{DYNAMIC}/db"]


def test_text_block():
    body = '  String u = """\n      jdbc:mysql://h/db?\\\n      sslMode=DISABLED""";'
    assert urls(body) == ["jdbc:mysql://h/db?sslMode=DISABLED"]
    assert at(body, "sslMode") == (4, 7)


def test_properties_combined_with_url():
    body = (
        "void f() throws Exception {\n"
        "  Properties p = new Properties();\n"
        '  p.setProperty("sslMode", "DISABLED");\n'
        '  p.put("useSSL", false);\n'
        '  DriverManager.getConnection("jdbc:mysql://h/db", p);\n'
        "}"
    )
    (c,) = cands(body)
    assert c.kind is CandidateKind.JDBC and c.url is not None and c.url.text == "jdbc:mysql://h/db"
    assert [(s.key, s.value) for s in c.settings] == [("sslMode", "DISABLED"), ("useSSL", "false")]
    assert c.settings[0].value_span is not None and c.settings[0].value_span.locate().column == 29


def test_getconnection_user_password():
    got = settings_of('void f(){ DriverManager.getConnection("jdbc:mysql://h/", "root", "s3cret"); }')
    assert got == {"user": "root", "password": Secret("s3cret")}


def test_unknown_argument_is_unknown():
    (c,) = cands('void f(String pw){ DriverManager.getConnection("jdbc:mysql://h/", "root", pw); }')
    pw = next(s for s in c.settings if s.key == "password")
    assert pw.value is None and pw.unknown == "pw"


def test_hikari_config_is_one_candidate():
    body = (
        "void f() {\n"
        "  HikariConfig c = new HikariConfig();\n"
        '  c.setJdbcUrl("jdbc:mariadb://h/db");\n'
        '  c.addDataSourceProperty("sslMode", "trust");\n'
        '  c.setPassword(System.getenv("PW"));\n'
        "}"
    )
    (c,) = cands(body)
    assert c.url is not None and c.url.text == "jdbc:mariadb://h/db"
    assert [(s.key, s.value, s.unknown) for s in c.settings] == [
        ("sslMode", "trust", None),
        ("password", None, 'System.getenv("PW")'),
    ]


def test_hikari_config_from_properties_reads_hikari_keys():
    body = (
        "void f() {\n"
        "  Properties p = new Properties();\n"
        '  p.setProperty("jdbcUrl", "jdbc:mysql://h/db");\n'
        '  p.setProperty("dataSource.sslMode", "DISABLED");\n'
        '  p.setProperty("username", "app");\n'
        '  p.setProperty("maximumPoolSize", "10");\n'
        "  HikariConfig c = new HikariConfig(p);\n"
        "}"
    )
    (c,) = cands(body)  # one connection: the Properties are consumed by the config
    assert c.url is not None and c.url.text == "jdbc:mysql://h/db"
    assert [(s.key, s.value) for s in c.settings] == [("sslMode", "DISABLED"), ("user", "app")]
    assert c.settings[0].location.line == 5


def test_hikari_of_another_database_is_skipped():
    body = 'void f(){ HikariConfig c = new HikariConfig(); c.setJdbcUrl("jdbc:postgresql://h/db"); }'
    assert cands(body) == []


def test_pool_is_one_candidate_with_its_connection_properties():
    body = (
        "void f() {\n"
        "  org.apache.commons.dbcp2.BasicDataSource ds = new org.apache.commons.dbcp2.BasicDataSource();\n"
        '  ds.setUrl("jdbc:mysql://h/db");\n'
        '  ds.setUsername("app");\n'
        '  ds.setPassword("pw");\n'
        '  ds.setConnectionProperties(" sslMode = REQUIRED ;tlsVersions=TLSv1.2;;junk");\n'
        '  ds.addConnectionProperty("trustCertificateKeyStoreUrl", System.getenv("TS"));\n'
        "}"
    )
    (c,) = cands(body)
    assert c.url is not None and c.url.text == "jdbc:mysql://h/db"
    assert [(s.key, s.value, s.source) for s in c.settings] == [
        ("user", "app", "BasicDataSource.setUsername"),
        ("password", Secret("pw"), "BasicDataSource.setPassword"),
        ("sslMode", "REQUIRED", "BasicDataSource.setConnectionProperties"),
        ("tlsVersions", "TLSv1.2", "BasicDataSource.setConnectionProperties"),
        ("trustCertificateKeyStoreUrl", None, "BasicDataSource.addConnectionProperty"),
    ]
    ssl_mode = c.settings[2]
    assert (ssl_mode.location.line, ssl_mode.location.column) == (7, 32)
    assert urls(body) == ["jdbc:mysql://h/db"]  # the URL literal is not a second candidate


def test_pool_properties_objects_and_pools_without_a_database():
    druid = (
        "void f() {\n"
        "  DruidDataSource ds = new DruidDataSource();\n"
        "  ds.setUrl(URL);\n"
        "  Properties p = new Properties();\n"
        '  p.setProperty("sslMode", "DISABLED");\n'
        "  ds.setConnectionProperties(p);\n"
        "}"
    )
    (c,) = cands(druid)
    assert [(s.key, s.value) for s in c.settings] == [("sslMode", "DISABLED")]
    credentials_only = 'void f() { ComboPooledDataSource d = new ComboPooledDataSource(); d.setUser("app"); }'
    assert cands(credentials_only) == []
    postgres = 'void f() { PoolProperties p = new PoolProperties(); p.setUrl("jdbc:postgresql://h/db"); }'
    assert cands(postgres) == []


def test_properties_no_call_here_receives():
    built = (
        "Properties f() {\n"
        "  Properties p = new Properties();\n"
        '  p.setProperty("user", "app");\n'
        '  p.setProperty("sslMode", "DISABLED");\n'
        "  return p;\n"
        "}"
    )
    (c,) = cands(built)
    assert c.url is None
    assert [(s.key, s.value) for s in c.settings] == [("user", "app"), ("sslMode", "DISABLED")]
    # Spellings no MySQL-family driver reads (PostgreSQL's sslmode), or no TLS property at all: nothing.
    assert cands(built.replace('"sslMode"', '"sslmode"')) == []
    assert cands(built.replace('"sslMode", "DISABLED"', '"timeout", "3"')) == []


def test_datasource_setters():
    body = (
        "void f() {\n"
        "  MysqlDataSource ds = new MysqlDataSource();\n"
        '  ds.setURL("jdbc:mysql://h/db");\n'
        "  ds.setUseSSL(true);\n"
        '  ds.setTrustCertificateKeyStorePassword("pw");\n'
        "}"
    )
    (c,) = cands(body)
    assert c.url is not None and c.url.text == "jdbc:mysql://h/db"
    assert {s.key: s.value for s in c.settings} == {
        "useSSL": "true",
        "trustCertificateKeyStorePassword": Secret("pw"),
    }


def test_setter_on_untracked_type_is_ignored():
    assert cands('void f(Foo ds) { ds.setSslMode("DISABLED"); }') == []


def test_jvm_trust_store():
    (c,) = cands('void f(){ System.setProperty("javax.net.ssl.trustStore", "/x.jks"); }')
    assert c.kind is CandidateKind.JVM and [(s.key, s.value) for s in c.settings] == [
        ("javax.net.ssl.trustStore", "/x.jks")
    ]
    assert cands('void f(){ System.setProperty("user.timezone", "UTC"); }') == []


def test_logs_enums_annotations_and_other_drivers_are_not_settings():
    body = (
        'void f(){ log.info("jdbc:mysql://h/?sslMode=DISABLED"); log.warn("use sslMode=DISABLED"); }\n'
        "enum SslMode { DISABLED, REQUIRED }\n"
        '@Value("${db.sslMode:DISABLED}") String mode;\n'
        'String pg = "jdbc:postgresql://h/db?sslmode=disable";\n'
        'String ms = "jdbc:sqlserver://h;trustServerCertificate=true";\n'
        'boolean t(String u) { return u.startsWith("jdbc:mysql://"); }'
    )
    assert cands(body) == []


def test_string_format_url():
    body = 'String f(String h){ return String.format("jdbc:mysql://%s/db?sslMode=REQUIRED", h); }'
    assert urls(body) == [f"jdbc:mysql://{DYNAMIC}/db?sslMode=REQUIRED"]


def test_syntax_error_is_a_notification_not_an_exception():
    result = extract("A.java", 'class A { String u = "jdbc:mysql://h/?useSSL=false"; void f( }')
    assert result.notifications
    assert [c.url.text for c in result.candidates if c.url] == ["jdbc:mysql://h/?useSSL=false"]


@settings(derandomize=True, max_examples=200, deadline=None)
@given(st.text())
def test_never_raises(text: str) -> None:
    extract("A.java", text)


@settings(derandomize=True, max_examples=100, deadline=None)
@given(st.text(alphabet='"\\u+(){};=.\n jdbc:mysql/?&éa0"""'))
def test_never_raises_on_java_like_text(text: str) -> None:
    extract("A.java", "class A { String s = " + text + "; }")


def _timed_extract(path: str, text: str) -> tuple[float, list[str]]:
    import time

    # CPU time of this process: other processes on a loaded machine do not count.
    start = time.process_time()
    result = extract(path, text)
    return time.process_time() - start, [c.url.text for c in result.candidates if c.url]


def test_url_under_deep_parentheses_is_found_in_linear_time():
    # Was: not found beyond ~64 parentheses; 10,000 took 6-9 s (quadratic upward walk).
    url = "jdbc:mysql://h/?sslMode=DISABLED"
    shallow, found = _timed_extract("A.java", f'class A {{ String u = {"(" * 300}"{url}"{")" * 300}; }}')
    assert found == [url]
    deep, found = _timed_extract("A.java", f'class A {{ String u = {"(" * 3000}"{url}"{")" * 3000}; }}')
    assert found == [url]
    assert deep < 2 + 30 * shallow  # 10x the depth: linear, not 100x (generous for loaded machines)


def test_deep_concatenation_and_parenthesised_parts():
    url = "jdbc:mysql://h/db?sslMode=DISABLED"
    parts = "".join(f'("{c}") + ' for c in url[:-1])
    assert urls(f'String u = {"(" * 200}{parts}"{url[-1]}"{")" * 200};') == [url]
    chain = " + ".join(f'"{c}"' for c in url * 50)
    assert urls(f"String u = {chain};") == [url * 50]


def test_deep_blocks_with_declarations_keep_scopes():
    inner = 'String u = "jdbc:mysql://h/?sslMode=DISABLED"; ds.setURL(u);'
    body = "void f() { MysqlDataSource ds = new MysqlDataSource(); " + "{" * 2000 + inner + "}" * 2000 + " }"
    (c,) = cands(body)
    assert c.url is not None and c.url.text == "jdbc:mysql://h/?sslMode=DISABLED"


def test_non_ascii_positions_after_wide_characters():
    result = extract("A.java", 'class A { // é€𝄞\n  String u = "jdbc:mysql://h/?é=1"; }')
    (c,) = result.candidates
    assert c.url is not None and c.url.text == "jdbc:mysql://h/?é=1"
    assert (c.location.line, c.location.column) == (2, len('  String u = "') + 1)


def test_scopes_found_by_range_shadowing_lambdas_and_initializer_blocks() -> None:
    # a local of an initializer block and a parameter hide the field in their own
    # scope only; the lambda body sees the field (same answers as the upward walk)
    body = (
        'static final String U = "jdbc:mysql://h/?sslMode=REQUIRED";\n'
        '{ String U = System.getenv("X"); MysqlDataSource a = new MysqlDataSource(); a.setURL(U); }\n'
        "Runnable r = () -> { MysqlDataSource b = new MysqlDataSource(); b.setURL(U); };\n"
        "void f(String U) { MysqlDataSource c = new MysqlDataSource(); c.setURL(U); }\n"
    )
    found = sorted((c.location.line, c.url.text if c.url else None) for c in cands(body))
    assert found == [(3, DYNAMIC), (4, "jdbc:mysql://h/?sslMode=REQUIRED"), (5, DYNAMIC)]


def test_a_long_concatenation_costs_linear_time() -> None:
    # tree-sitter finds a parent by descending from the root: each literal of a
    # left-deep 10,000-term "a" + "a" + … chain cost the whole depth (found by
    # the pipeline:java fuzz target: 89 KB, 13.6 s -> 0.5 s).
    from connlint.engine import RunSettings, lint_source
    from scaling import assert_linear

    settings = RunSettings(selected=frozenset({"CL201", "CL303"}), file_time_budget=0)

    def make(n: int) -> Callable[[], object]:
        text = (
            'class A { String u = "jdbc:mysql://h/x?sslMode=DISABLED" + ' + " + ".join(['"a"'] * n) + "; }\n"
        )
        return lambda: lint_source("A.java", "java", text, settings)

    assert_linear(make, 500, "Java front-end on an n-term string concatenation")


def test_deeply_nested_calls_and_creations_cost_linear_time() -> None:
    # A query pattern of a parent and a child (``(argument_list (string_literal))``)
    # keeps one match in progress per open ancestor: f(f(f(… "a"))) 4,000 deep
    # took 234 ms in the query alone against 2.8 ms without it (issue 15).
    from connlint.engine import RunSettings, lint_source
    from scaling import assert_linear

    settings = RunSettings(selected=frozenset({"CL201", "CL303"}), file_time_budget=0)

    def make(n: int) -> Callable[[], object]:
        calls = "f(" * n + '"jdbc:mysql://h/x"' + ")" * n
        creations = "new B(" * n + '"a"' + ")" * n
        text = f"class A {{ Object u = {calls}; Object v = {creations}; }}\n"
        return lambda: lint_source("A.java", "java", text, settings)

    assert_linear(make, 500, "Java front-end on n nested calls and creations")


def test_a_keyed_setting_stands_on_its_key_and_value() -> None:
    # Issue 16, "How findings are placed": on the key that holds the option (also
    # when the value is a constant), not on the receiver the call starts with.
    body = (
        'static final String OFF = "DISABLED";\n'
        "void f(HikariConfig h) throws Exception {\n"
        "  Properties p = new Properties();\n"
        '  p.setProperty("sslMode", OFF);\n'
        '  p.put("useSSL",\n        false);\n'
        '  h.addDataSourceProperty("requireSSL", "true");\n'
        '  DriverManager.getConnection("jdbc:mysql://h/db", p);\n'
        "}"
    )
    where = {
        s.key: (s.location.line, s.location.column, s.location.end_line, s.location.end_column)
        for c in cands(body)
        for s in c.settings
    }
    assert where["sslMode"] == (5, 17, 5, 31)
    assert where["useSSL"] == (6, 9, 7, 14)
    assert where["requireSSL"] == (8, 27, 8, 47)
