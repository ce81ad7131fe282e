"""The Kotlin front-end (frontends/kotlin.py)."""

from __future__ import annotations

from connlint.frontends import kotlin
from connlint.model import DYNAMIC, Candidate, CandidateKind, Secret


def _jdbc(text: str) -> list[Candidate]:
    return [c for c in kotlin.extract("App.kt", text).candidates if c.kind is CandidateKind.JDBC]


def test_literal_url_is_located_with_escapes_and_templates() -> None:
    text = 'fun f(h: String) {\n    val u = "jdbc:mysql://$h/a\\u0041?sslMode=${mode()}&x=\\$y"\n}\n'
    [candidate] = _jdbc(text)
    assert candidate.url is not None
    assert candidate.url.text == f"jdbc:mysql://{DYNAMIC}/aA?sslMode={DYNAMIC}&x=$y"
    start = candidate.url.text.index("sslMode")
    location = candidate.url.locate(start, start + 7)
    assert (location.line, location.column) == (2, text.split("\n")[1].index("sslMode") + 1)


def test_const_vals_and_concatenation() -> None:
    text = (
        'const val HOST = "db.example.com"\n'
        'const val OPTS = "?sslMode=DISABLED"\n'
        'val url = "jdbc:mysql://$HOST:3306/app" + OPTS\n'
    )
    [candidate] = _jdbc(text)
    assert (
        candidate.url is not None
        and candidate.url.text == "jdbc:mysql://db.example.com:3306/app?sslMode=DISABLED"
    )
    end = candidate.url.text.index("?")
    assert candidate.url.locate(end, end + 1).line == 2


def test_raw_string() -> None:
    [candidate] = _jdbc('val u = """jdbc:mariadb://db/app?sslMode=trust"""\n')
    assert candidate.url is not None and candidate.url.text.endswith("sslMode=trust")


def test_properties_apply_and_index_assignment_reach_get_connection() -> None:
    text = (
        "val p = Properties().apply {\n"
        '    setProperty("sslMode", "REQUIRED")\n'
        '    put("password", "pw")\n'
        "}\n"
        'fun c() { p["useSSL"] = "true"; DriverManager.getConnection("jdbc:mysql://db/app", p) }\n'
    )
    [candidate] = _jdbc(text)
    settings = {s.key: s for s in candidate.settings}
    assert settings["sslMode"].value == "REQUIRED" and settings["useSSL"].value == "true"
    assert isinstance(settings["password"].value, Secret)
    assert settings["sslMode"].location.line == 2


def test_hikari_property_syntax_and_setters() -> None:
    text = (
        "fun ds(): HikariDataSource {\n"
        "    val c = HikariConfig()\n"
        '    c.jdbcUrl = "jdbc:mysql://db/app"\n'
        '    c.addDataSourceProperty("sslMode", "VERIFY_CA")\n'
        "    c.setUsername(user)\n"
        "    return HikariDataSource(c)\n"
        "}\n"
        'val d = HikariDataSource().apply { jdbcUrl = "jdbc:mariadb://m/app"; password = "x" }\n'
    )
    first, second = _jdbc(text)
    assert first.url is not None and first.url.text == "jdbc:mysql://db/app"
    assert {s.key: s.value for s in first.settings} == {"sslMode": "VERIFY_CA", "user": None}
    assert second.url is not None and second.url.text == "jdbc:mariadb://m/app"
    assert [s.key for s in second.settings] == ["password"]


def test_datasource_setters() -> None:
    text = 'val s = MysqlDataSource()\nfun f() { s.setURL("jdbc:mysql://db/app"); s.sslMode = "DISABLED" }\n'
    [candidate] = _jdbc(text)
    assert [(s.key, s.value) for s in candidate.settings] == [("sslMode", "DISABLED")]


def test_jvm_trust_store() -> None:
    text = 'fun main() { System.setProperty("javax.net.ssl.trustStore", "/etc/ts.jks") }\n'
    [candidate] = kotlin.extract("Main.kt", text).candidates
    assert candidate.kind is CandidateKind.JVM
    assert candidate.settings[0].value == "/etc/ts.jks"


def test_not_urls() -> None:
    text = 'val a = "jdbc:postgresql://db/app"\nval b = "use sslMode=DISABLED"\nval c = 1 + 2\n'
    assert _jdbc(text) == []


def test_broken_file_still_yields_and_says_so() -> None:
    text = 'val u = "jdbc:mysql://db/app?sslMode=DISABLED"\nfun (((\n'
    extraction = kotlin.extract("App.kt", text)
    assert [c.kind for c in extraction.candidates] == [CandidateKind.JDBC]
    assert extraction.notifications and extraction.notifications[0].line == 2


def test_self_reference_does_not_loop() -> None:
    assert _jdbc('val a = a + "jdbc:mysql://x"\nval b = b\n') is not None


def test_objects_without_url_follow_the_java_rules() -> None:
    text = (
        # used elsewhere, with a TLS key: a connection; without one: not
        'val tls = Properties().apply { setProperty("sslMode", "DISABLED") }\n'
        'val creds = Properties().apply { setProperty("user", "u") }\n'
        # another database's configuration
        "val pg = HikariConfig().apply {\n"
        '  jdbcUrl = "jdbc:postgresql://db/app"; addDataSourceProperty("a", "b")\n'
        "}\n"
        # its URL set elsewhere
        'val ds = MysqlDataSource().apply { sslMode = "REQUIRED" }\n'
    )
    found = _jdbc(text)
    assert [(c.location.line, c.url) for c in found] == [(1, None), (6, None)]
