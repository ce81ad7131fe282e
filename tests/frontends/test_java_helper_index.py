"""The index of the method names that can be helpers in a Java project
(:mod:`connlint.frontends.java_helper_index`, issue 15): a superset of the
helpers the cross-file lookup finds, so that a call of any other name is
answered without a lookup, and the same connections found with it as without.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from connlint import project
from connlint.frontends import java_helper_index, java_project
from connlint.frontends.java import extract
from connlint.frontends.java_helper_index import HelperNames, method_bodies, package_of
from connlint.model import Candidate

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "projects"


def _names(*texts: str) -> HelperNames:
    """The index of some files' texts (as one universe)."""
    from connlint.frontends.java_helper_index import _FileScan

    out = HelperNames()
    for text in texts:
        clean, bodies = method_bodies(text)
        scan = _FileScan(clean, "mariadb" in text, bodies)
        for name, spans in bodies.items():
            out.bodies.setdefault(name, []).extend((scan, start, end) for start, end in spans)
    return out


BASE = """package com.x.db;
import java.sql.*;
public class Base {
    // a brace in a comment: } and in strings "}{" '{'
    protected Connection openWith(String options) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://h/app?" + options);
    }
    protected Connection viaThis(String o) throws SQLException { return this.openWith(o); }
    protected Connection viaOther(String o, Base b) throws SQLException { return b.unrelated(o); }
    protected Connection unrelated(String o) { return null; }
    protected Connection noArguments() throws SQLException { return openWith(); }
    protected Connection openWith() { return null; }
    protected Connection looping(String o) throws SQLException { return looping(o); }
    protected Connection spaced(String o) throws SQLException {
        return openWith /* the options */ ( o );
    }
    class Inner { Connection nested(String o) throws SQLException { return openWith(o); } }
    String getConnection() { return ""; }
}
"""


def test_a_method_naming_the_connection_call_is_a_helper() -> None:
    names = _names(BASE)
    assert "openWith" in names


def test_a_method_calling_a_helper_by_name_is_one() -> None:
    names = _names(BASE)
    assert "viaThis" in names  # this.
    assert "spaced" in names  # a comment and spaces before the parenthesis
    assert "nested" in names  # a method of a nested class


def test_a_call_of_another_objects_method_or_without_arguments_is_not_followed() -> None:
    names = _names(BASE)
    assert "viaOther" not in names
    assert "unrelated" not in names
    assert "looping" not in names  # recursion alone reaches nothing
    assert "noArguments" not in names  # openWith(): a call without arguments carries nothing


def test_a_file_naming_no_connection_call_declares_no_helper() -> None:
    text = "class A { Connection open(String u) throws Exception { return DriverManager.connectTo(u); } }"
    assert method_bodies(text) == (None, {})
    assert "open" not in _names(text)


def test_a_name_declared_nowhere_is_no_helper_and_answers_are_kept() -> None:
    names = _names(BASE)
    assert "assertEquals" not in names
    assert names.known["assertEquals"] is False
    assert "unrelated" not in names
    assert names.known["unrelated"] is False


def test_mariadb_driver_connect_is_a_connection_call() -> None:
    text = (
        "import org.mariadb.jdbc.*;\nclass C {\n"
        "  Connection c(String url) throws Exception {\n"
        "    return Driver.connect(Configuration.parse(url));\n  }\n}\n"
    )
    assert "c" in _names(text)


@pytest.mark.parametrize(
    ("text", "package"),
    [
        ("package a.b;\nclass A extends B {}", "a.b"),
        ("/* licence */\n// x\n@Deprecated\npackage a . b ;\nclass A {}", "a . b"),
        ("class A extends B {}", ""),
        ("/* package x; */ class A extends B { void package_() {} }", None),  # unsure: no index
        ("package a./*c*/b;\nclass A extends B {}", None),  # not read: no index
    ],
)
def test_the_package_a_file_declares(text: str, package: str | None) -> None:
    assert package_of(text) == package


# -- over a project: the connections found are the same with the index as without it --

MID = """package com.x.mid;
import com.x.db.Base;
public abstract class Mid extends Base {}
"""
STATICS = """package com.x.db;
import java.sql.*;
public final class Statics {
    public static Connection open(String options) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://h/s?" + options);
    }
}
"""


_BASE_PATH = "lib/src/main/java/com/x/db/Base.java"


def _project(tmp_path: Path) -> None:
    files = {
        _BASE_PATH: BASE,
        "lib/src/main/java/com/x/db/Statics.java": STATICS,
        "mid/src/main/java/com/x/mid/Mid.java": MID,
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    (tmp_path / ".git").mkdir(exist_ok=True)


APP = """package com.x.app;
import com.x.mid.Mid;
import static com.x.db.Statics.open;
class App extends Mid {
    void a() throws Exception {
        openWith("sslMode=DISABLED");
        viaThis("sslMode=REQUIRED");
        open("sslMode=VERIFY_CA");
        assertEquals("x", "y");
    }
}
"""


def _lint(path: Path, text: str, *, index: bool) -> list[Candidate]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(java_helper_index, "CALLS_PER_FILE", 0)  # the index from the first call on
        mp.setattr(java_helper_index, "MIN_CALLS", 0)
        if not index:
            mp.setattr(java_project.Resolver, "_helper_names", None)  # no gate: every call looked up
        with project.using(project.Project()):
            return extract(str(path), text).candidates


def test_helpers_a_supertype_two_files_away_and_a_static_import_hold(tmp_path: Path) -> None:
    _project(tmp_path)
    app = tmp_path / "app/src/main/java/com/x/app/App.java"
    app.parent.mkdir(parents=True)
    app.write_text(APP)
    found = _lint(app, APP, index=True)
    urls = [c.url.text if c.url is not None else "" for c in found]
    assert any("sslMode=DISABLED" in u for u in urls)  # inherited through Mid from Base (another module)
    assert any("sslMode=REQUIRED" in u for u in urls)  # a helper calling a helper
    assert any("sslMode=VERIFY_CA" in u for u in urls)  # statically imported
    assert found == _lint(app, APP, index=False)


def test_the_index_is_made_and_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path)
    app = tmp_path / "app/src/main/java/com/x/app/App.java"
    app.parent.mkdir(parents=True)
    app.write_text(APP)
    looked: list[str] = []
    callee = java_project.Resolver._callee_classes

    def recording(self: java_project.Resolver, call: object, name: str) -> object:
        looked.append(name)
        return callee(self, call, name)  # type: ignore[arg-type]

    monkeypatch.setattr(java_project.Resolver, "_callee_classes", recording)
    _lint(app, APP, index=True)
    assert "assertEquals" not in looked
    assert "openWith" in looked


def test_a_file_the_lookup_would_report_leaves_no_index(tmp_path: Path) -> None:
    _project(tmp_path)
    big = tmp_path / "lib/src/main/java/com/x/db/Big.java"
    big.write_text("class Big {}\n" + "//" * 100)
    p = project.Project(max_file_size=100)
    gate = java_helper_index.helper_names(p, str(tmp_path / _BASE_PATH), "com.x.db")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(java_helper_index, "CALLS_PER_FILE", 0)
        assert p.memo(("java-helper-index",), lambda: None).for_roots(gate._roots) is None
    assert "anything" in gate


def test_the_index_is_made_only_once_enough_calls_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path)
    monkeypatch.setattr(java_helper_index, "MIN_CALLS", 10)
    p = project.Project()
    gate = java_helper_index.helper_names(p, str(tmp_path / _BASE_PATH), "com.x.db")
    for _ in range(9):
        assert "assertEquals" in gate  # not known yet: looked up
    assert gate._threshold is None  # the roots not even listed yet
    files = 3  # Base, Statics, Mid: each root list's files
    for _ in range(files * java_helper_index.CALLS_PER_FILE - 10):
        assert "assertEquals" in gate
    assert gate._threshold == files * java_helper_index.CALLS_PER_FILE
    assert gate._names is None
    assert "assertEquals" not in gate
    assert "openWith" in gate


def test_a_file_s_calls_are_screened_as_many_calls_each_name_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Gate.screen: a file's call names at once, counted as that many calls of
    # allows, each distinct name answered as allows answers it.
    _project(tmp_path)
    monkeypatch.setattr(java_helper_index, "MIN_CALLS", 10)
    monkeypatch.setattr(java_helper_index, "CALLS_PER_FILE", 4)
    p = project.Project()
    gate = java_helper_index.helper_names(p, str(tmp_path / _BASE_PATH), "com.x.db")
    names: list[str | None] = ["assertEquals", "openWith", None, "viaThis", "assertEquals", "open"]
    assert gate.screen(names) is None  # 6 calls asked: none made yet, every name may be one
    assert gate._threshold is None
    assert gate.screen(names[:5]) is None  # 11: the roots listed (3 files), 11 < 3 * 4
    assert gate._threshold == 12 and gate._names is None
    screened = gate.screen([*names, "unrelated", "noArguments", "looping"])
    assert gate._names is not None
    assert screened == {
        n for n in [*names, "unrelated", "noArguments", "looping"] if n is not None and n in gate
    }
    assert screened == {"openWith", "viaThis", "open"}


def test_a_lookup_that_parses_counts_as_many_calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path)
    monkeypatch.setattr(java_helper_index, "MIN_CALLS", 10)
    monkeypatch.setattr(java_helper_index, "CALLS_PER_FILE", 100)  # 3 files: 300 calls
    p = project.Project()
    gate = java_helper_index.helper_names(p, str(tmp_path / _BASE_PATH), "com.x.db")
    assert "assertEquals" in gate
    gate.parsing()
    gate.parsing()
    assert "assertEquals" in gate and gate._names is None  # 202 calls
    gate.parsing()
    assert "assertEquals" not in gate  # 303: made
    assert gate._names is not None
    gate.parsing()  # made: nothing more to count
    assert "openWith" in gate


def test_a_root_list_another_index_has_read_is_indexed_at_once(tmp_path: Path) -> None:
    # Two modules of a build, a root list each: once one's index is made (its
    # roots and the modules beside them read), the other's is made on its first call.
    _project(tmp_path)
    p = project.Project()
    lib = java_helper_index.helper_names(p, str(tmp_path / _BASE_PATH), "com.x.db")
    mid = java_helper_index.helper_names(
        p, str(tmp_path / "mid/src/main/java/com/x/mid/Mid.java"), "com.x.mid"
    )
    assert lib is not mid and lib._roots != mid._roots
    assert "assertEquals" in mid  # nothing read yet: every name may be one
    for _ in range(java_helper_index.MIN_CALLS):
        assert "assertEquals" in lib or lib._names is not None
    assert lib._names is not None
    assert "assertEquals" not in mid and mid._names is not None
    assert "openWith" in mid


@pytest.mark.parametrize("name", sorted(d.name for d in FIXTURES.iterdir() if d.name.startswith("java-")))
def test_the_fixture_projects_give_the_same_with_the_index(name: str) -> None:
    for path in sorted((FIXTURES / name).rglob("*.java")):
        text = path.read_text()
        assert _lint(path, text, index=True) == _lint(path, text, index=False), path
