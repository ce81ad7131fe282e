"""JDBC URLs built by Apache HttpClient's URIBuilder (issue 16 leftovers, item 3):
the text URIBuilder.buildString makes of the parts, along a variable or a chain."""

from __future__ import annotations

from connlint.frontends.java import extract
from connlint.model import DYNAMIC, CandidateKind

HEAD = "import org.apache.http.client.utils.URIBuilder;\nclass A {\n"


def urls(body: str) -> list[str]:
    found = extract("A.java", HEAD + body + "\n}\n").candidates
    return [c.url.text.replace(DYNAMIC, "?") for c in found if c.kind is CandidateKind.JDBC and c.url]


def test_a_variable_s_parts_in_build_string_order() -> None:
    body = """Connection f() throws Exception {
        URIBuilder b = new URIBuilder();
        b.addParameter("sslMode", "REQUIRED");
        b.setPath("app");
        b.setPort(3306);
        b.setHost("db.example.com");
        b.setScheme("jdbc:mysql");
        b.setUserInfo("app");
        return DriverManager.getConnection(b.build().toString());
    }"""
    assert urls(body) == ["jdbc:mysql://app@db.example.com:3306/app?sslMode=REQUIRED"]


def test_a_chain_and_set_parameter_replacing_one() -> None:
    body = """Connection f() throws Exception {
        URIBuilder b = new URIBuilder().setScheme("jdbc:mysql").setHost("db")
            .addParameter("sslMode", "DISABLED");
        b.addParameter("useSSL", "true").setParameter("sslMode", "VERIFY_CA");
        return DriverManager.getConnection(b.toString());
    }"""
    assert urls(body) == ["jdbc:mysql://db?useSSL=true&sslMode=VERIFY_CA"]
    body = """Connection f() throws Exception {
        return DriverManager.getConnection(new URIBuilder().setScheme("jdbc:mariadb").setHost("db")
            .setCustomQuery("sslMode=trust").build().toASCIIString());
    }"""
    assert urls(body) == ["jdbc:mariadb://db?sslMode=trust"]


def test_what_is_not_known_stays_unknown() -> None:
    loop = """Connection f(java.util.List<String> keys) throws Exception {
        URIBuilder b = new URIBuilder().setScheme("jdbc:mysql").setHost("db");
        for (String key : keys) b.addParameter(key, "x");
        b.addParameter("a", "1");
        return DriverManager.getConnection(b.build().toString());
    }"""
    assert urls(loop) == ["jdbc:mysql://db??=?&a=1"]  # a parameter not known, then a=1
    for other in ("b.setFragment(f);", "b = new URIBuilder();"):
        body = f"""Connection f(String f) throws Exception {{
            URIBuilder b = new URIBuilder().setScheme("jdbc:mysql").setHost("db");
            b.addParameter("sslMode", "DISABLED");
            {other}
            return DriverManager.getConnection(b.toString());
        }}"""
        assert all("sslMode" not in url for url in urls(body)), other
    made = """URIBuilder b = new URIBuilder("jdbc:mysql://db");
    Connection f() throws Exception { return DriverManager.getConnection(b.toString()); }"""
    assert urls(made) == ["jdbc:mysql://db", "?"]  # the literal on its own; the field's builder not read


def test_another_builder_type_is_not_read() -> None:
    body = """Connection f() throws Exception {
        Other b = new Other();
        b.setScheme("jdbc:mysql");
        b.setHost("db");
        return DriverManager.getConnection(b.build().toString());
    }"""
    assert urls(body) == ["?"]  # a value not known at the sink, as before
