"""Helper methods whose parameter reaches a connection (issue 16, item 4)."""

from __future__ import annotations

from connlint.frontends.java import extract
from connlint.model import DYNAMIC, Candidate, CandidateKind

BASE = "jdbc:mysql://db.example.com/app"


def cands(body: str) -> list[Candidate]:
    return [
        c
        for c in extract("A.java", "class A {\n" + body + "\n}\n").candidates
        if c.kind is CandidateKind.JDBC
    ]


def test_call_sites_with_known_options_are_connections() -> None:
    body = f"""
    static final String BASE = "{BASE}";
    Connection open(String options) throws SQLException {{
        return DriverManager.getConnection(BASE + "?" + options);
    }}
    void a() throws Exception {{ open("sslMode=DISABLED"); }}
    void b() throws Exception {{ this.open("sslMode=VERIFY_IDENTITY"); }}"""
    found = cands(body)
    assert sorted(c.url.text for c in found if c.url) == [
        f"{BASE}?sslMode=DISABLED",
        f"{BASE}?sslMode=VERIFY_IDENTITY",
    ]
    # Located at the argument that carries the setting's text.
    assert sorted(c.location.line for c in found) == [7, 8]


def test_properties_parameter_takes_the_callers_state() -> None:
    body = f"""
    Connection connect(Properties p) throws SQLException {{
        return DriverManager.getConnection("{BASE}", p);
    }}
    void a() throws Exception {{
        Properties props = new Properties();
        props.setProperty("sslMode", "REQUIRED");
        connect(props);
        props.setProperty("sslMode", "DISABLED");
        connect(props);
    }}"""
    found = cands(body)
    assert [{s.key: s.value for s in c.settings} for c in found] == [
        {"sslMode": "REQUIRED"},
        {"sslMode": "DISABLED"},
    ]


def test_a_helper_nobody_calls_with_known_values_stays_one_unknown_connection() -> None:
    body = """
    Connection open(String url) throws SQLException { return DriverManager.getConnection(url); }
    void a(String u) throws Exception { open(u); }"""
    assert [c.url.text for c in cands(body) if c.url] == [DYNAMIC]


def test_recursion_and_overloads_are_left_alone() -> None:
    body = f"""
    Connection open(String o) throws SQLException {{
        if (o.isEmpty()) return open("sslMode=REQUIRED", 1);
        return DriverManager.getConnection("{BASE}?" + o);
    }}
    Connection open(String o, int n) throws SQLException {{ return open(o); }}"""
    assert [c.url.text for c in cands(body) if c.url] == [f"{BASE}?{DYNAMIC}"]
