"""Constructors as helpers (issue 16, item 4): ``new X(url)`` whose constructor
hands ``url`` to a connection sink (``java_helper_constructors``).
"""

from __future__ import annotations

from pathlib import Path

from connlint import project
from connlint.frontends.java import extract
from connlint.frontends.java_helper_index import method_bodies
from connlint.model import Candidate, CandidateKind

POOL = """package com.x.db;
import com.mchange.v2.c3p0.ComboPooledDataSource;
public class Pool {
    private final ComboPooledDataSource cpds;
    public Pool(String url, String user, String password) {
        cpds = new ComboPooledDataSource();
        cpds.setJdbcUrl(url);
        cpds.setUser(user);
    }
    public Pool(String options) {
        this("jdbc:mysql://pool.example.com/app?" + options, "app", "");
    }
}
"""
SESSION = """package com.x.db;
public class Session {
    static final String BASE = "jdbc:mysql://db.example.com/app";
    public Session(String options) throws SQLException {
        DriverManager.getConnection(BASE + "?" + options);
    }
    public Session(int port) {}
}
"""
KEEPER = """package com.x.db;
public class Keeper {
    private final String url;
    public Keeper(String url) { this.url = url; }
}
"""
FACTORY = """package com.x.db;
import com.zaxxer.hikari.HikariDataSource;
public final class Factory {
    public static HikariDataSource create(String url) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(url);
        return ds;
    }
}
"""


def lint(tmp_path: Path, body: str) -> list[Candidate]:
    for name, text in {"Pool": POOL, "Session": SESSION, "Keeper": KEEPER, "Factory": FACTORY}.items():
        path = tmp_path / f"src/main/java/com/x/db/{name}.java"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (tmp_path / ".git").mkdir(exist_ok=True)
    path = tmp_path / "src/main/java/com/x/app/App.java"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = f"package com.x.app;\nimport com.x.db.*;\nclass App {{\n{body}\n}}\n"
    path.write_text(text)
    with project.using(project.Project()):
        found = extract(str(path), text).candidates
    return [c for c in found if c.kind is CandidateKind.JDBC]


def test_a_constructor_handing_its_parameter_to_a_pool(tmp_path: Path) -> None:
    found = lint(tmp_path, 'Pool a() { return new Pool("jdbc:mysql://h/db?sslMode=DISABLED", "u", "p"); }')
    assert [c.url.text for c in found if c.url] == ["jdbc:mysql://h/db?sslMode=DISABLED"]
    # At the argument; the pool's setter is the hop.
    assert (found[0].location.line, found[0].location.column) == (4, 28)
    assert [h.label for h in found[0].trail] == ["via new Pool()"]
    assert found[0].trail[0].location.path.endswith("Pool.java") and found[0].trail[0].location.line == 7


def test_this_delegates_to_another_constructor(tmp_path: Path) -> None:
    found = lint(tmp_path, 'Pool a() { return new Pool("sslMode=VERIFY_CA"); }')
    assert [c.url.text for c in found if c.url] == ["jdbc:mysql://pool.example.com/app?sslMode=VERIFY_CA"]
    assert [h.label for h in found[0].trail] == ["via new Pool()", "via new Pool()"]


def test_a_constructor_connecting_itself_by_its_arity(tmp_path: Path) -> None:
    found = lint(
        tmp_path, 'void a() throws Exception { new Session("sslMode=REQUIRED"); new Session(3306); }'
    )
    assert [c.url.text for c in found if c.url] == ["jdbc:mysql://db.example.com/app?sslMode=REQUIRED"]


def test_a_method_handing_its_parameter_to_a_pool_setter(tmp_path: Path) -> None:
    found = lint(tmp_path, 'Object a() { return Factory.create("jdbc:mysql://h/db?useSSL=false"); }')
    assert [c.url.text for c in found if c.url] == ["jdbc:mysql://h/db?useSSL=false"]
    assert [h.label for h in found[0].trail] == ["via helper Factory.create()"]


def test_no_sink_or_nothing_known_makes_nothing(tmp_path: Path) -> None:
    body = (
        'Object a() { return new Keeper("sslMode=DISABLED"); }\n'
        'Object b() { return new Pool(System.getenv("URL"), "u", "p"); }\n'
        'Object c() { return new StringBuilder("sslMode=DISABLED"); }'
    )
    assert lint(tmp_path, body) == []


def test_a_constructor_of_the_file_itself(tmp_path: Path) -> None:
    body = (
        'Object a() { return new Local("jdbc:mysql://h/db?sslMode=DISABLED"); }\n'
        "static class Local {\n"
        "  Local(String url) throws Exception { java.sql.DriverManager.getConnection(url); }\n}"
    )
    urls = [c.url.text for c in lint(tmp_path, body) if c.url]
    assert "jdbc:mysql://h/db?sslMode=DISABLED" in urls
    found = [c for c in lint(tmp_path, body) if c.url and c.url.text.endswith("DISABLED")]
    assert [h.label for h in found[0].trail] == ["via new Local()"]


def test_the_index_names_constructors_and_pool_setters() -> None:
    _, bodies = method_bodies(POOL)
    assert "Pool" in bodies  # a constructor counts under its class's name
    _, bodies = method_bodies(FACTORY)
    assert "create" in bodies
