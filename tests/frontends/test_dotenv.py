"""Environment files: values as Compose reads them, located exactly."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from connlint.frontends import dotenv
from connlint.model import Candidate


def cands(text: str) -> list[Candidate]:
    return dotenv.extract(".env", text).candidates


def test_bare_value_keeps_ampersands_and_drops_an_inline_comment() -> None:
    (c,) = cands("DB_URL=jdbc:mysql://h/app?useSSL=false&serverTimezone=UTC  # the primary\n")
    assert c.url is not None and c.url.text == "jdbc:mysql://h/app?useSSL=false&serverTimezone=UTC"
    assert c.url.locate().column == 8


def test_quoted_values_and_export() -> None:
    text = "export A=\"jdbc:mysql://a/x?sslMode=DISABLED\"\nB = 'jdbc:mysql://b/x # not a comment'\n"
    urls = [c.url for c in cands(text)]
    assert [(u.text, u.locate().line, u.locate().column) for u in urls if u is not None] == [
        ("jdbc:mysql://a/x?sslMode=DISABLED", 1, 11),
        ("jdbc:mysql://b/x # not a comment", 2, 6),
    ]


def test_spring_names_use_relaxed_binding() -> None:
    (c,) = cands(
        "SPRING_DATASOURCE_URL=jdbc:mysql://h/app\nSPRING_DATASOURCE_PASSWORD=pw\nOTHER_PASSWORD=x\n"
    )
    assert [s.key for s in c.settings] == ["password"]  # the data source's password; OTHER_ is no setting


def test_comments_blank_lines_and_junk_are_skipped() -> None:
    assert cands("# DB_URL=jdbc:mysql://h/app\n\nnot an assignment jdbc:mysql://h\n=jdbc:mysql://h\n") == []


@given(st.text(max_size=200))
def test_any_text_is_read_without_raising(text: str) -> None:
    result = dotenv.extract(".env", text)
    assert not any("failed" in n.message for n in result.notifications)


def test_quoted_values_with_shell_escapes() -> None:
    text = (
        'A="jdbc:mysql://a/x?sslMode=\\"DISABLED\\""\n'
        "B='jdbc:mysql://b/x?user='\\''bob'\\''&sslMode=REQUIRED'\n"
        "C='jdbc:mysql://c/x?sslMode=it\\'s'  # a comment\n"
        'D="jdbc:mysql://d/x?q=\\$HOME\\\\x\\n"\n'
    )
    urls = [c.url for c in cands(text)]
    assert [u.text for u in urls if u is not None] == [
        'jdbc:mysql://a/x?sslMode="DISABLED"',
        "jdbc:mysql://b/x?user='bob'&sslMode=REQUIRED",
        "jdbc:mysql://c/x?sslMode=it's",
        "jdbc:mysql://d/x?q=$HOME\\x\\n",
    ]
    b = urls[1]
    assert b is not None
    at = b.text.index("&sslMode")
    # `&sslMode` stands after the closing `'` of `'\''bob'\''`: column 38.
    assert b.locate(at, at + 1).column == text.split("\n")[1].index("&sslMode") + 1
    assert b.locate(0, 1).column == 4


def test_an_unclosed_quote_is_read_as_before() -> None:
    (c,) = cands("A='jdbc:mysql://a/x?sslMode=DISABLED\n")
    assert c.url is not None and c.url.text == "jdbc:mysql://a/x?sslMode=DISABLED"
