"""Helpers calling helpers across files, and ``"k=v,k2=v2"`` list helpers (issue 16, Java item 4)."""

from __future__ import annotations

from pathlib import Path

from connlint import project
from connlint.frontends.java import extract
from connlint.frontends.spring import Located
from connlint.model import Candidate, CandidateKind

BASE = """package com.x.it;
public abstract class Base {
    protected static String dbUrl = "jdbc:mysql://it.example.com/it";
    protected Connection withProps(String list) throws SQLException { return withProps(dbUrl, list); }
    protected Connection withProps(String url, String list) throws SQLException {
        Properties props = new Properties();
        for (String kv : StringUtils.split(list, SEP, false)) {
            List<String> parts = StringUtils.split(kv, "=", false);
            props.setProperty(parts.get(0), parts.get(1));
        }
        return withProps(url, props);
    }
    protected Connection withProps(String url, Properties props) throws SQLException {
        return DriverManager.getConnection(url, props);
    }
    protected Connection query(String q) throws SQLException {
        Properties props = new Properties();
        for (String kv : q.split("&")) {
            props.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        return DriverManager.getConnection("jdbc:mysql://q.example.com/q", props);
    }
    protected Connection notSplit(String q) throws SQLException {
        Properties props = new Properties();
        props.setProperty(q, "true");
        return DriverManager.getConnection("jdbc:mysql://q.example.com/q", props);
    }
    protected Connection loop(String q) throws SQLException { return loop(q); }
    protected Connection ping(String q) throws SQLException { return pong(q); }
    protected Connection pong(String q) throws SQLException { return ping(q); }
    protected Connection d1(String q) throws SQLException { return d2(q); }
    protected Connection d2(String q) throws SQLException { return d3(q); }
    protected Connection d3(String q) throws SQLException { return d4(q); }
    protected Connection d4(String q) throws SQLException { return d5(q); }
    protected Connection d5(String q) throws SQLException { return d6(q); }
    protected Connection d6(String q) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://deep.example.com/d?" + q);
    }
    static final String SEP = ",";
}
"""


def lint(tmp_path: Path, body: str, base: str = BASE) -> list[Candidate]:
    (tmp_path / ".git").mkdir(exist_ok=True)
    folder = tmp_path / "src/test/java/com/x/it"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Base.java").write_text(base)
    path = folder / "ListsTest.java"
    text = f"package com.x.it;\nclass ListsTest extends Base {{\n{body}\n}}\n"
    path.write_text(text)
    with project.using(project.Project()):
        found = extract(str(path), text).candidates
    return [c for c in found if c.kind is CandidateKind.JDBC]


def settings(candidate: Candidate) -> dict[str, object]:
    return {s.key: s.value for s in candidate.settings}


def test_a_list_three_helpers_deep(tmp_path: Path) -> None:
    (found,) = lint(tmp_path, 'void a() throws Exception { withProps("useSSL=false,user=it"); }')
    assert settings(found) == {"useSSL": "false", "user": "it"}
    # Each setting stands at its characters in the list; the connection at the list.
    ssl = next(s for s in found.settings if s.key == "useSSL")
    assert (ssl.location.line, ssl.location.column) == (3, 40)
    assert found.location.line == 3 and found.location.column == 39
    # The URL: the base class's field, not final: unknown.
    assert found.url is not None and not found.url.text.startswith("jdbc:")
    # The trail runs from the helper this file called in to the connection call.
    assert [h.location.line for h in found.trail] == [4, 11, 14]
    assert all(h.after for h in found.trail)
    assert {h.label for h in found.trail} == {"via helper Base.withProps()"}


def test_the_overload_that_takes_the_argument(tmp_path: Path) -> None:
    body = (
        "void a() throws Exception {\n"
        '  withProps("jdbc:mysql://a.example.com/a", "sslMode=VERIFY_CA");\n'
        '  Properties p = new Properties(); p.setProperty("sslMode", "REQUIRED");\n'
        '  withProps("jdbc:mysql://b.example.com/b", p);\n}'
    )
    found = {c.url.text: settings(c) for c in lint(tmp_path, body) if c.url is not None}
    assert found == {
        "jdbc:mysql://a.example.com/a": {"sslMode": "VERIFY_CA"},
        "jdbc:mysql://b.example.com/b": {"sslMode": "REQUIRED"},
    }


def test_an_ampersand_query_and_a_parameter_that_is_no_list(tmp_path: Path) -> None:
    body = 'void a() throws Exception { query("sslMode=DISABLED&user=q"); notSplit("sslMode=DISABLED"); }'
    (found,) = lint(tmp_path, body)
    assert settings(found) == {"sslMode": "DISABLED", "user": "q"}
    url = found.url
    assert url is not None and url.text == "jdbc:mysql://q.example.com/q"
    mode = next(s for s in found.settings if s.key == "sslMode")
    assert mode.value_span is not None and Located.of(mode.value_span).point(0) == (3, 44)


def test_recursion_and_the_depth_bound(tmp_path: Path) -> None:
    body = (
        'void a() throws Exception { loop("sslMode=DISABLED"); ping("sslMode=DISABLED"); '
        'd1("sslMode=DISABLED"); d2("sslMode=DISABLED"); }'
    )
    found = lint(tmp_path, body)
    # d2 -> d6 is four helpers deep (followed); d1 is five (not); loops end.
    assert [c.url.text for c in found if c.url] == ["jdbc:mysql://deep.example.com/d?sslMode=DISABLED"]
    assert found[0].location.column == 108  # d2's argument
