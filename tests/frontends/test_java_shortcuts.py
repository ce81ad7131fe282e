"""Work the Java front-end leaves out because it cannot change the result (issue 15):
each shortcut is checked against the full computation, and checked to be taken.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tree_sitter import Node

from connlint import project
from connlint.frontends import java, java_apis, java_project, java_units
from connlint.frontends.java import extract
from connlint.frontends.java_symbols import Symbols
from connlint.frontends.java_values import Evaluator
from connlint.frontends.ts_positions import TreePositions
from connlint.model import Candidate

DERANDOMIZED = settings(derandomize=True, database=None, max_examples=150, deadline=None)

#: First operands of a concatenation: URL heads, SQL, blanks, escapes, a text block.
_FIRSTS = [
    '"jdbc:mysql://"',
    '" jdbc:mariadb://h/"',
    '"mysqlx://"',
    '"SELECT * FROM "',
    '"  "',
    '""',
    '"\\u006adbc:mysql://"',
    '"?sslMode="',
    '("jdbc:mysql://" + host)',
    '"""\n    jdbc:mysql://h/\n    """',
    "PREFIX",
    "host",
]
_RESTS = ['"db.example.com/app"', "host", '"?useSSL=false"', "PREFIX", '(flag ? "a" : "jdbc:mysql://b/")']


def _source(first: str, rests: list[str]) -> str:
    expression = " + ".join([first, *rests])
    return (
        "class A {\n"
        '  static final String PREFIX = "jdbc:mysql://";\n'
        "  void f(String host, boolean flag) {\n"
        f"    String url = {expression};\n"
        "    use(url);\n"
        "  }\n"
        "}\n"
    )


def _extracted(text: str) -> list[Candidate]:
    return extract("A.java", text).candidates


@DERANDOMIZED
@given(st.sampled_from(_FIRSTS), st.lists(st.sampled_from(_RESTS), min_size=1, max_size=3))
def test_a_concatenation_left_unevaluated_gives_what_its_evaluation_gives(
    first: str, rests: list[str]
) -> None:
    text = _source(first, rests)
    shortcut = _extracted(text)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(java._Extractor, "_starts_without_url", lambda self, node: False)
        full = _extracted(text)
    assert shortcut == full


def test_a_concatenation_that_starts_with_sql_is_not_evaluated(monkeypatch: pytest.MonkeyPatch) -> None:
    evaluated: list[str] = []
    outcomes = Evaluator.outcomes

    def counting(self: Evaluator, node: object) -> object:
        evaluated.append(self.source(node))  # type: ignore[arg-type]
        return outcomes(self, node)  # type: ignore[arg-type]

    monkeypatch.setattr(Evaluator, "outcomes", counting)
    text = (
        "class A {\n"
        "  void f(String table, String host) {\n"
        '    run("SELECT * FROM " + table + " WHERE id = 1");\n'
        '    run(("jdbc:mysql://" + host) + "/db");\n'
        "  }\n"
        "}\n"
    )
    found = _extracted(text)
    assert evaluated == ['("jdbc:mysql://" + host) + "/db"']
    urls = [c.url.text for c in found if c.url is not None]
    assert len(urls) == 1 and urls[0].startswith("jdbc:mysql://") and urls[0].endswith("/db")


# -- classes of the project read for their helpers -------------------------------------------

UTIL = """package com.x.util;
public final class Util {
    public static String quote(String s) { return "'" + s + "'"; }
}
"""
DB = """package com.x.util;
public final class Db {
    public static Connection open(String options) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://h/app?" + options);
    }
}
"""
PARENT = """package com.x.util;
public class Parent extends Db {
    public static String quote(String s) { return s; }
}
"""


def _lint_app(tmp_path: Path, body: str) -> list[Candidate]:
    files = {"Util.java": UTIL, "Db.java": DB, "Parent.java": PARENT}
    for name, text in files.items():
        path = tmp_path / "src/main/java/com/x/util" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (tmp_path / ".git").mkdir(exist_ok=True)
    app = tmp_path / "src/main/java/com/x/app/App.java"
    app.parent.mkdir(parents=True, exist_ok=True)
    text = (
        "package com.x.app;\nimport com.x.util.Util;\nimport com.x.util.Db;\nimport com.x.util.Parent;\n"
        "import com.x.util.Urls;\n"
        f"class App {{\n{body}\n}}\n"
    )
    app.write_text(text)
    with project.using(project.Project()):
        return extract(str(app), text).candidates


def test_a_class_that_connects_nowhere_is_not_parsed_for_helpers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []
    get = java_units._Units.get

    def recording(self: java_units._Units, source: project.Source) -> object:
        parsed.append(source.path.name)
        return get(self, source)

    monkeypatch.setattr(java_units._Units, "get", recording)
    found = _lint_app(
        tmp_path,
        'void a() throws Exception { Util.quote("x"); Util.quote("y", "z"); Db.open("useSSL=false"); '
        'Parent.open("sslMode=DISABLED"); }',
    )
    assert "Util.java" not in parsed  # no connection call, no super type
    assert {"Db.java", "Parent.java"} <= set(parsed)  # one connects; one inherits
    urls = sorted(c.url.text for c in found if c.url is not None)
    assert urls == ["jdbc:mysql://h/app?sslMode=DISABLED", "jdbc:mysql://h/app?useSSL=false"]


@pytest.mark.parametrize(
    ("text", "nowhere"),
    [
        (UTIL, True),
        (DB, False),
        (PARENT, False),
        ("interface I extends J {}", False),
        ("class K implements Runnable {}", False),
        ("class M { void f() { d.connect(x); } }", True),
        ("class M { void f() { Driver.connect(x); } }", False),
        ("class P { P(String u) { ds.setJdbcUrl(u); } }", False),
    ],
)
def test_what_connects_nowhere(text: str, nowhere: bool) -> None:
    assert java_project.connects_nowhere(text) is nowhere


def test_a_class_is_looked_up_once_for_the_methods_a_file_calls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    looked: list[tuple[str, ...]] = []
    lookup = java_project.Resolver._class_source

    def recording(self: java_project.Resolver, p: project.Project, names: list[str]) -> object:
        looked.append(tuple(names))
        return lookup(self, p, names)

    monkeypatch.setattr(java_project.Resolver, "_class_source", recording)
    # Not the helper index's answer (no Util method is a helper): the lookup's own memory.
    monkeypatch.setattr(java_project.Resolver, "_helper_names", None)
    _lint_app(tmp_path, 'void a() { Util.quote("x"); Util.strip("y"); Util.quote("z", "w"); }')
    assert looked.count(("com.x.util.Util",)) == 1


# -- setters on variables of no tracked type ---------------------------------------------------

_SETTER_FILES = [
    # no tracked type: nothing is looked up, the URL literal still found
    'class A { void f(java.util.List<String> l) { l.add("x"); l.size(); '
    'String u = "jdbc:mysql://h/db?sslMode=DISABLED"; } }',
    # a tracked type among others
    'class B { void f(java.util.List<String> l) { l.add("x"); Properties p = new Properties(); '
    'p.setProperty("sslMode", "DISABLED"); DriverManager.getConnection("jdbc:mysql://h/db", p); } }',
    # a setter only connection objects have, on a class of the project (java_subclasses)
    'class C { void f() { MyPool pool = new MyPool(); pool.setJdbcUrl("jdbc:mysql://h/db?useSSL=false"); } }',
    # System properties are read before any variable
    'class D { void f() { System.setProperty("javax.net.ssl.trustStore", "/t.jks"); } }',
]


@pytest.mark.parametrize("text", _SETTER_FILES)
def test_setters_collected_without_lookups_give_what_lookups_give(text: str) -> None:
    shortcut = _extracted(text)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(java_apis.Apis, "_tracked_vars", lambda self: True)
        full = _extracted(text)
    assert shortcut == full
    assert shortcut  # each file has a connection or a JVM setting


def test_calls_on_variables_of_no_tracked_type_are_not_looked_up(monkeypatch: pytest.MonkeyPatch) -> None:
    inside: list[bool] = [False]
    looked: list[str] = []
    collect = java_apis.Apis.collect_setter
    resolve = Symbols.resolve

    def collecting(self: java_apis.Apis, call: Node, name: str | None = None) -> object:
        inside[0] = True
        try:
            return collect(self, call, name)
        finally:
            inside[0] = False

    def resolving(self: Symbols, node: Node | None) -> object:
        if inside[0] and node is not None:
            looked.append(self.source(node))
        return resolve(self, node)

    monkeypatch.setattr(java_apis.Apis, "collect_setter", collecting)
    monkeypatch.setattr(Symbols, "resolve", resolving)
    _extracted(_SETTER_FILES[0])
    assert looked == []
    _extracted(_SETTER_FILES[1])
    assert looked == ["p"]  # a tracked type in the file: the receivers named like a variable of one


# -- declarations of the project's other files, read on demand ----------------------------------

CONSTANTS = """package com.x.util;
public final class Urls {
    public static final String BASE = "jdbc:mysql://u/app";
    public static void log(String s) { System.out.println(s); }
}
"""


def test_a_file_asked_only_for_helpers_has_its_declarations_read_on_demand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    declared: list[str] = []
    declarations = java._declarations

    def recording(positions: TreePositions, root: Node) -> Symbols:
        declared.append(Path(positions.path).name)
        return declarations(positions, root)

    monkeypatch.setattr(java, "_declarations", recording)
    (tmp_path / "src/main/java/com/x/util").mkdir(parents=True)
    (tmp_path / "src/main/java/com/x/util/Urls.java").write_text(CONSTANTS)
    # Parent extends Db: parsed to look for an inherited helper, never declared;
    # Db's helper is read (its declarations); Urls is asked for a constant.
    found = _lint_app(
        tmp_path,
        'void a() throws Exception { Parent.quote("x"); }\n'
        'void b() throws Exception { Db.open("useSSL=false"); }\n'
        'void c() throws Exception { Urls.log("y"); String u = Urls.BASE + "?sslMode=DISABLED"; }',
    )
    assert "Parent.java" not in declared
    assert declared.count("Db.java") == 1 and declared.count("Urls.java") == 1
    urls = sorted(c.url.text for c in found if c.url is not None)
    assert urls == ["jdbc:mysql://h/app?useSSL=false", "jdbc:mysql://u/app?sslMode=DISABLED"]
