"""Helper methods of other classes of the project (issue 16, item 4, across classes)."""

from __future__ import annotations

from pathlib import Path

from connlint import project
from connlint.frontends.java import extract
from connlint.frontends.spring import Located
from connlint.model import Candidate, CandidateKind

DB = """package com.x.db;
public final class Db {
    static final String BASE = "jdbc:mysql://db.example.com/app";
    public static Connection open(String options) throws SQLException {
        return DriverManager.getConnection(BASE + "?" + options);
    }
    public Connection connect(String url, String user) throws SQLException {
        return DriverManager.getConnection(url, user, "");
    }
    public static Connection branches(boolean tls, String db) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://h/" + db + (tls ? "?sslMode=REQUIRED" : ""));
    }
}
"""
BASE_TEST = """package com.x.app;
abstract class BaseTest {
    protected String dbUrl;
    protected Connection openWith(String options) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://localhost/test?" + options);
    }
    protected Connection withProps(Properties props) throws SQLException {
        return DriverManager.getConnection(dbUrl, props);
    }
    protected Connection withProps(String list) throws SQLException {
        return withProps(parse(list));
    }
}
"""


def lint(
    tmp_path: Path, body: str, declaration: str = "class App", use_project: bool = True
) -> list[Candidate]:
    for name, text in {
        "src/main/java/com/x/db/Db.java": DB,
        "src/main/java/com/x/app/BaseTest.java": BASE_TEST,
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    (tmp_path / ".git").mkdir(exist_ok=True)
    path = tmp_path / "src/main/java/com/x/app/App.java"
    text = f"package com.x.app;\nimport com.x.db.Db;\n{declaration} {{\n{body}\n}}\n"
    path.write_text(text)
    with project.using(project.Project() if use_project else None):
        found = extract(str(path), text).candidates
    return [c for c in found if c.kind is CandidateKind.JDBC]


def test_a_static_helper_of_another_class(tmp_path: Path) -> None:
    found = lint(tmp_path, 'void a() throws Exception { Db.open("sslMode=DISABLED"); }')
    assert [c.url.text for c in found if c.url] == ["jdbc:mysql://db.example.com/app?sslMode=DISABLED"]
    # Located at the argument; the helper's connection call is the hop.
    assert found[0].location.line == 4 and found[0].location.column == 37
    assert [h.label for h in found[0].trail] == ["via helper Db.open()"]
    assert found[0].trail[0].location.path.endswith("Db.java") and found[0].trail[0].location.line == 5
    # The option's characters stand where the caller wrote them.
    url = found[0].url
    assert url is not None and Located.of(url).point(url.text.index("sslMode")) == (4, 38)


def test_an_instance_helper_and_its_branches(tmp_path: Path) -> None:
    body = (
        "void a(Db db) throws Exception {\n"
        '  db.connect("jdbc:mysql://other/db?sslMode=VERIFY_CA", "app");\n'
        '  Db.branches(true, "shop");\n}'
    )
    assert sorted(c.url.text for c in lint(tmp_path, body) if c.url) == [
        "jdbc:mysql://h/shop",
        "jdbc:mysql://h/shop?sslMode=REQUIRED",
        "jdbc:mysql://other/db?sslMode=VERIFY_CA",
    ]


def test_an_inherited_helper(tmp_path: Path) -> None:
    body = 'void a() throws Exception { openWith("sslMode=DISABLED"); }'
    found = lint(tmp_path, body, "class App extends BaseTest")
    assert [c.url.text for c in found if c.url] == ["jdbc:mysql://localhost/test?sslMode=DISABLED"]
    assert lint(tmp_path, body) == []  # App inherits nothing: an unknown method


def test_unknown_arguments_and_no_project_make_nothing(tmp_path: Path) -> None:
    assert lint(tmp_path, "void a(String o) throws Exception { Db.open(o); }") == []
    body = 'void a() throws Exception { Db.open("sslMode=DISABLED"); }'
    assert lint(tmp_path, body, use_project=False) == []


def test_a_method_of_the_file_itself_is_left_to_the_files_helpers(tmp_path: Path) -> None:
    body = (
        "Connection openWith(String o) throws SQLException {\n"
        '  return DriverManager.getConnection("jdbc:mysql://own/x?" + o); }\n'
        'void a() throws Exception { openWith("sslMode=DISABLED"); }'
    )
    found = lint(tmp_path, body, "class App extends BaseTest")
    assert [c.url.text for c in found if c.url] == ["jdbc:mysql://own/x?sslMode=DISABLED"]


def test_an_inherited_helper_taking_properties(tmp_path: Path) -> None:
    body = """void a() throws Exception {
        Properties props = new Properties();
        props.setProperty("sslMode", "DISABLED");
        withProps(props);
        props.setProperty("sslMode", "VERIFY_IDENTITY");
        withProps(props);
        withProps("sslMode=REQUIRED");
    }"""
    found = lint(tmp_path, body, "class App extends BaseTest")
    # One connection per call, each with the object's state there; the URL is the helper's (unknown).
    assert [[(s.key, s.value) for s in c.settings] for c in found] == [
        [("sslMode", "DISABLED")],
        [("sslMode", "VERIFY_IDENTITY")],
    ]
    assert [c.trail[-1].label for c in found] == ["via helper BaseTest.withProps()"] * 2


def test_the_helpers_follow_the_call_site_on_the_path(tmp_path: Path) -> None:
    # The call site's argument is the origin; the helper it is handed to comes after it.
    (found,) = lint(tmp_path, 'void a() throws Exception { Db.open("sslMode=DISABLED"); }')
    assert [(h.label, h.after) for h in found.trail] == [("via helper Db.open()", True)]
