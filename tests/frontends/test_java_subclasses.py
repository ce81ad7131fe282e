"""Project classes extending a connection object (issue 16, Java): the
constructor's settings belong to every object created from the class.
"""

from __future__ import annotations

from pathlib import Path

from connlint import project
from connlint.connections import resolve_candidates
from connlint.frontends.java import extract
from connlint.model import Assumptions, Candidate, CandidateKind

POOL = """package com.x.db;
import com.zaxxer.hikari.HikariDataSource;
import static com.x.db.Keys.MODE;
public class RdsPool extends HikariDataSource {
    public RdsPool() { this("app"); }
    public RdsPool(String db) {
        setJdbcUrl("jdbc:mysql://rds.example.com/" + db);
        addDataSourceProperty("sslMode", MODE);
        this.addDataSourceProperty("trustCertificateKeyStoreUrl", "file:/ca.jks");
    }
}
"""
KEYS = """package com.x.db;
public final class Keys { public static final String MODE = "VERIFY_CA"; }
"""


def lint(tmp_path: Path, body: str, extra: str = "", use_project: bool = True) -> list[Candidate]:
    for name, text in {
        "src/main/java/com/x/db/RdsPool.java": POOL,
        "src/main/java/com/x/db/Keys.java": KEYS,
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    (tmp_path / ".git").mkdir(exist_ok=True)
    path = tmp_path / "src/main/java/com/x/app/App.java"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = f"package com.x.app;\nimport com.x.db.RdsPool;\nclass App {{\n{body}\n}}\n{extra}"
    path.write_text(text)
    with project.using(project.Project() if use_project else None):
        found = extract(str(path), text).candidates
    return [c for c in found if c.kind is CandidateKind.JDBC]


def settings(candidate: Candidate) -> dict[str, object]:
    return {s.key: s.value for s in candidate.settings}


def test_a_subclass_of_another_file_brings_its_constructor(tmp_path: Path) -> None:
    found = lint(tmp_path, "Object a() {\n  RdsPool pool = new RdsPool();\n  return pool;\n}")
    assert len(found) == 1
    pool = found[0]
    assert settings(pool) == {"sslMode": "VERIFY_CA", "trustCertificateKeyStoreUrl": "file:/ca.jks"}
    # The URL of the delegated constructor, its parameter unknown.
    assert pool.url is not None and pool.url.text.startswith("jdbc:mysql://rds.example.com/")
    mode = next(s for s in pool.settings if s.key == "sslMode")
    # Standing at the `new`, the constructor's call as the last hop (after the constant's).
    assert (mode.location.line, mode.location.column) == (5, 18)
    assert [h.label for h in mode.trail] == ["via MODE", "via constructor RdsPool()"]
    assert mode.trail[-1].location.path.endswith("RdsPool.java") and mode.trail[-1].location.line == 8


def test_the_objects_own_setters_come_after_the_constructor(tmp_path: Path) -> None:
    body = (
        'Object a() {\n  RdsPool pool = new RdsPool("x");\n'
        '  pool.setJdbcUrl("jdbc:mysql://other.example.com/x");\n'
        '  pool.addDataSourceProperty("sslMode", "VERIFY_IDENTITY");\n  return pool;\n}'
    )
    (pool,) = lint(tmp_path, body)
    assert pool.url is not None and pool.url.text == "jdbc:mysql://other.example.com/x"
    assert [s.value for s in pool.settings if s.key == "sslMode"] == ["VERIFY_CA", "VERIFY_IDENTITY"]
    resolved = resolve_candidates(pool.location.path, [pool], Assumptions())
    assert [c.mode for c in resolved.connections] == ["VERIFY_IDENTITY"]


def test_a_field_created_in_set_up(tmp_path: Path) -> None:
    body = (
        "private RdsPool pool;\n"
        'void setUp() { pool = new RdsPool("t"); pool.setJdbcUrl("jdbc:mysql://t/t"); }'
    )
    (pool,) = lint(tmp_path, body)
    assert settings(pool)["sslMode"] == "VERIFY_CA"


def test_a_subclass_in_the_same_file_without_a_project(tmp_path: Path) -> None:
    extra = (
        "class LocalPool extends Base {}\n"
        "class Base extends com.zaxxer.hikari.HikariConfig {\n"
        '  Base() { setJdbcUrl("jdbc:mysql://local/db"); addDataSourceProperty("useSSL", "false"); }\n}\n'
    )
    (local,) = lint(
        tmp_path, "Object a() { LocalPool c = new LocalPool(); return c; }", extra, use_project=False
    )
    assert local.url is not None and local.url.text == "jdbc:mysql://local/db"
    # Same file: the settings keep their own places, no hop.
    (ssl,) = local.settings
    assert ssl.key == "useSSL" and ssl.location.line == 8 and not ssl.trail


def test_classes_that_extend_nothing_tracked_and_cycles(tmp_path: Path) -> None:
    extra = (
        "class Pool { void setUrl(String u) {} }\n"
        'class CycleA extends CycleB { CycleA() { setJdbcUrl("jdbc:mysql://c/c"); } }\n'
        "class CycleB extends CycleA {}\n"
    )
    body = (
        'void a() {\n  Pool p = new Pool(); p.setUrl("https://example.com");\n'
        '  CycleA c = new CycleA(); c.setUrl("x");\n}'
    )
    # Only the constructor's URL literal, as a URL of its own (nothing created from it).
    (url,) = lint(tmp_path, body, extra)
    assert url.url is not None and url.url.text == "jdbc:mysql://c/c" and not url.settings


def test_a_hikari_field_pointed_at_several_databases(tmp_path: Path) -> None:
    body = (
        "private com.zaxxer.hikari.HikariDataSource ds = new com.zaxxer.hikari.HikariDataSource();\n"
        'void a() { ds.setJdbcUrl("jdbc:mysql://one/db");\n'
        '  ds.addDataSourceProperty("sslMode", "REQUIRED"); }\n'
        'void b() { ds.setJdbcUrl("jdbc:mysql://two/db"); }\n'
        'void c() { ds.setJdbcUrl("jdbc:oracle:thin@three:1521"); }'
    )
    found = lint(tmp_path, body)
    assert sorted(c.url.text for c in found if c.url) == ["jdbc:mysql://one/db", "jdbc:mysql://two/db"]
    assert all(settings(c) == {"sslMode": "REQUIRED"} for c in found)
