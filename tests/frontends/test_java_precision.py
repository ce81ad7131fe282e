"""URL strings that never reach a connection (issue 16, item 15)."""

from __future__ import annotations

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
