"""URL strings that never reach a connection (issue 16, item 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from connlint.frontends.java import extract
from connlint.model import CandidateKind

URL = "jdbc:mysql://h/db?sslMode=DISABLED"


def urls(body: str) -> list[str]:
    found = extract("A.java", "class A {\n" + body + "\n}\n").candidates
    return [c.url.text for c in found if c.kind is CandidateKind.JDBC and c.url is not None]


@pytest.mark.parametrize(
    "statement",
    [
        f'assertEquals("{URL}", url);',
        f'assertThat(url).isEqualTo("{URL}");',
        f'assertTrue(driver.acceptsURL("{URL}"));',
        f'ConnectionUrl.getConnectionUrlInstance("{URL}", props);',
        f'Configuration.parse("{URL}");',
        f'Pattern.compile("{URL}");',
        f'other.replaceAll("{URL}", "x");',
        f'String u = "{URL}"; assertEquals(u, url); assertTrue(u.equals(url));',
        f'assertEquals(7, Configuration.parse("{URL}").port());',
    ],
)
def test_only_checked_is_not_a_connection(statement: str) -> None:
    assert urls(f"void t(String url, Driver driver, Properties props, String other) {{ {statement} }}") == []


@pytest.mark.parametrize(
    "statement",
    [
        f'String u = "{URL}"; assertEquals(u, url); DriverManager.getConnection(u);',
        f'prepare("{URL}");',
        f'return "{URL}";',
        f'this.url = "{URL}";',
        f'list.add("{URL}");',
    ],
)
def test_any_other_use_keeps_it(statement: str) -> None:
    assert urls(f"Object t(String url) {{ {statement} return null; }}") == [URL]


def test_a_bare_scheme_is_not_a_connection_unless_it_reaches_one() -> None:
    assert urls('String p() { return "jdbc:mariadb://"; }') == []
    assert urls('boolean p(String u, String h) { return u.equals("jdbc:mysql://" + h); }') == []
    body = (
        'Connection c(String h) throws Exception { return DriverManager.getConnection("jdbc:mysql://" + h); }'
    )
    assert len(urls(body)) == 1
    assert urls('String p(String h) { return "jdbc:mysql://" + h + "/db"; }') != []


@pytest.mark.parametrize(
    ("imports", "reported"),
    [
        # Another database's file: its JDBC literals and `sslmode` are not MySQL's.
        ('static final String PG = "jdbc:postgresql://h/db?sslmode=require";', False),
        ('static final String PHOENIX = "jdbc:phoenix:thin:url=http://h";', False),
        # A MySQL-family word of its own keeps the connection (not known statically).
        ('static final String DRIVER = "com.mysql.cj.jdbc.Driver";', True),
        ('static final String OPTS = "useSSL=false";', True),
        ('static final String KEY = "sslMode";', True),
        ('static final String KEY = "sslmode";', False),
    ],
)
def test_a_dynamic_url_in_another_databases_file(tmp_path: Path, imports: str, reported: bool) -> None:
    from connlint import project

    (tmp_path / ".git").mkdir()
    connect = "Connection c(String url) throws Exception { return DriverManager.getConnection(url); }"
    text = f"class A {{\n{imports}\n{connect}\n}}\n"
    path = tmp_path / "A.java"
    path.write_text(text)
    with project.using(project.Project()):
        found = [c for c in extract(str(path), text).candidates if c.kind is CandidateKind.JDBC]
    assert bool(found) is reported
