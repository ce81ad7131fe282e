from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from connlint.frontends.properties import extract, parse
from connlint.model import DYNAMIC, Candidate, CandidateKind, Secret


def cands(text: str) -> list[Candidate]:
    return extract("a.properties", text).candidates


def value_at(text: str, key: str) -> tuple[str, int, int]:
    entry = next(e for e in parse("a.properties", text) if e.key == key)
    loc = entry.value.locate()
    return entry.value.text, loc.line, loc.column


def test_separators_and_comments():
    text = "# a=jdbc:mysql://x/\n! b=1\n  a = 1\nb:2\nc 3\nd\\=e=4\n"
    assert [(e.key, e.value.text) for e in parse("a.properties", text)] == [
        ("a", "1"),
        ("b", "2"),
        ("c", "3"),
        ("d=e", "4"),
    ]


def test_value_location_exact_with_escapes_and_continuation():
    text = "url = jdbc:mysql://h/db\\\n    ?\\u0073slMode=DISABLED\n"
    assert value_at(text, "url") == ("jdbc:mysql://h/db?sslMode=DISABLED", 1, 7)
    (c,) = cands(text)
    assert c.url is not None
    loc = c.url.locate(c.url.text.index("slMode"))
    assert (loc.line, loc.column) == (2, 12)


def test_any_jdbc_url_is_a_candidate_comment_and_other_databases_are_not():
    assert [c.url.text for c in cands("app.db=jdbc:mariadb://h/x\n") if c.url] == ["jdbc:mariadb://h/x"]
    assert cands("#app.db=jdbc:mariadb://h/x\nother=jdbc:postgresql://h/db?sslmode=disable\n") == []
    assert cands("mssql=jdbc:sqlserver://h;trustServerCertificate=true\n") == []


def test_spring_keys_grouped_with_the_url():
    text = (
        "spring.datasource.url=jdbc:mysql://h/db\n"
        "spring.datasource.username=app\n"
        "spring.datasource.password=s3cret\n"
        "spring.datasource.hikari.data-source-properties.sslmode=DISABLED\n"
        "spring.datasource.tomcat.connection-properties=useSSL=false;tlsVersions=TLSv1\n"
    )
    (c,) = cands(text)
    assert c.url is not None and c.url.text == "jdbc:mysql://h/db"
    assert [(s.key, s.value) for s in c.settings] == [
        ("user", "app"),
        ("password", Secret("s3cret")),
        ("sslmode", "DISABLED"),
        ("useSSL", "false"),
        ("tlsVersions", "TLSv1"),
    ]
    tls = c.settings[-1]
    assert tls.value_span is not None and tls.value_span.locate().column == 73


def test_multi_datasource_prefixes_are_separate():
    text = (
        "spring.datasource.a.url=jdbc:mysql://a/\n"
        "spring.datasource.a.password=x\n"
        "spring.datasource.b.jdbc-url=jdbc:mysql://b/\n"
    )
    got = {c.url.text: [s.key for s in c.settings] for c in cands(text) if c.url}
    assert got == {"jdbc:mysql://a/": ["password"], "jdbc:mysql://b/": []}


def test_placeholders():
    text = "spring.datasource.url=${DB_URL}\nspring.datasource.password=${DB_PASS}\n"
    (c,) = cands(text)
    assert c.url is not None and c.url.text == DYNAMIC
    assert [(s.value, s.unknown) for s in c.settings] == [(None, "${DB_PASS}")]
    text = (
        "spring.datasource.url=jdbc:mysql://h/?sslMode=${MODE:DISABLED}\nspring.datasource.password=${P:pw}\n"
    )
    (c,) = cands(text)
    assert c.url is not None and c.url.text == "jdbc:mysql://h/?sslMode=DISABLED"
    assert c.url.locate(c.url.text.index("DISABLED")).column == 54
    assert [s.value for s in c.settings] == [Secret("pw")]


def test_shell_style_default_is_the_default_but_a_negative_number_stays():
    (c,) = cands("spring.datasource.url=${DB_URL:-jdbc:mysql://h/?sslMode=DISABLED}\n")
    assert c.url is not None and c.url.text == "jdbc:mysql://h/?sslMode=DISABLED"
    assert c.url.locate().column == 33
    (d,) = cands("spring.datasource.url=jdbc:mysql://h/?connectTimeout=${T:-1}\n")
    assert d.url is not None and d.url.text.endswith("connectTimeout=-1")


def test_url_inside_a_longer_value_is_a_connection_of_its_own():
    (c,) = cands("JAVA_OPTS=-Xmx1g -Dspring.datasource.url=jdbc:p6spy:mysql://h/?useSSL=false -Dx=y\n")
    assert c.url is not None and c.url.text == "jdbc:p6spy:mysql://h/?useSSL=false"
    assert c.url.locate().column == 42 and c.settings == ()


def test_password_without_url_of_another_database_is_dropped():
    assert cands("spring.datasource.url=jdbc:postgresql://h/\nspring.datasource.password=x\n") == []
    (c,) = cands("spring.datasource.password=x\n")
    assert c.url is None and c.settings[0].value == Secret("x")


def test_jvm_trust_store_keys():
    (c,) = cands("javax.net.ssl.trustStore=/x.jks\njavax.net.ssl.trustStorePassword=changeit\n")
    assert c.kind is CandidateKind.JVM
    assert [(s.key, s.value) for s in c.settings] == [
        ("javax.net.ssl.trustStore", "/x.jks"),
        ("javax.net.ssl.trustStorePassword", Secret("changeit")),
    ]


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.text())
def test_never_raises(text: str) -> None:
    extract("a.properties", text)


@settings(derandomize=True, max_examples=200, deadline=None)
@given(st.text(alphabet="\\u0=:# !\n\r\t${}jdbc:mysql/?&.spring.datasource.url;password"))
def test_never_raises_on_properties_like_text(text: str) -> None:
    extract("a.properties", text)


def test_large_file_is_exact():
    # Was 3-5 s for 100,000 lines (per-character tuples for every entry); the
    # speed itself is the benchmark's business (bench/), not a timed test's.
    url = "jdbc:mysql://h/?sslMode=DISABLED"
    lines = [f"app.ds{i}.url={url}" if i % 100 == 0 else f"key.number{i}=value{i}" for i in range(30_000)]
    result = extract("a.properties", "\n".join(lines) + "\n")
    assert len(result.candidates) == 300
    c = result.candidates[1]
    assert c.url is not None and c.url.text == url
    assert (c.location.line, c.location.column) == (101, len("app.ds100.url=") + 1)


def test_plain_and_escaped_lines_agree():
    plain = parse("a.properties", "  a.b = x y \nc:d\ne  f\ng\nh=\n")
    escaped = parse("a.properties", "  a.\\u0062 = x y \nc:\\d\ne  \\f\ng\\\n\nh=\n")
    pairs = [("a.b", "x y "), ("c", "d"), ("e", "f"), ("g", ""), ("h", "")]
    assert [(e.key, e.value.text) for e in plain] == pairs
    assert [(e.key, e.value.text) for e in escaped][:2] == [("a.b", "x y "), ("c", "d")]
    columns = [(3, 13), (1, 4), (1, 5), (1, 2), (1, 3)]
    assert [(e.location.column, e.location.end_column) for e in plain] == columns
    assert [(p.line, p.column) for p in plain[0].value.pieces] == [(1, 9)]
    assert [(p.line, p.column) for p in plain[3].value.pieces] == [(4, 2)]


def test_spring_env_names_and_hikari_keys() -> None:
    from connlint.frontends.spring import env_key, hikari_setting_key

    assert env_key("SPRING_DATASOURCE_URL") == "spring.datasource.url"
    assert env_key("DB_URL") is None and env_key("Spring_x") is None
    assert [hikari_setting_key(k) for k in ("jdbcUrl", "username", "password", "dataSource.sslMode")] == [
        "url",
        "user",
        "password",
        "sslMode",
    ]
    assert hikari_setting_key("maximumPoolSize") is None and hikari_setting_key("dataSource.") is None
