"""The screen before the Java parse (issue 15): a file whose connection words
are all in its comments or its package declaration is not parsed, and reads
as a file without them.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connlint.frontends import java, java_screen
from connlint.frontends.java import extract
from connlint.frontends.java_screen import code_without_comments, only_mentioned

#: Code with no connection word of its own.
CODE = "class A { Object f(javax.sql.DataSource d) throws Exception { return d.getConnection(); } }\n"


@pytest.mark.parametrize(
    "text",
    [
        "// MySQL only\n" + CODE,
        "/* Copyright MariaDB Corporation\n * see jdbc:mysql://host/db */\n" + CODE,
        "/** Uses sslMode. */\n" + CODE,
        "package com.mysql.cj.util;\n" + CODE,
        "/* licence */\n@Deprecated\npackage org.mariadb.jdbc;\n",
        '/* comment */ package com.mysql.x; // a "mysql" word\n' + CODE,
        "/* an unterminated comment about mysql\n" + CODE,
    ],
)
def test_words_only_in_comments_or_the_package_are_not_parsed(text: str) -> None:
    assert only_mentioned(text)
    assert extract("A.java", text).candidates == []


@pytest.mark.parametrize(
    "text",
    [
        'class A { String u = "jdbc:mysql://db/app"; }',
        'class A { String s = "// mysql"; }',  # a string, not a comment
        'class A { String s = "/* mysql */"; }',
        'class A { String s = """\n  // mysql\n  """; }',  # a text block
        'class A { char q = \'"\'; String k = "sslMode"; }',
        "import org.mariadb.jdbc.Configuration;\n" + CODE,  # an import names what a simple name means
        "import static com.mysql.cj.conf.PropertyKey.sslMode;\n" + CODE,
        "class A { MysqlDataSource ds; }",
        'class A { String s = "unterminated mysql\n}',
        # A URL literal in a comment: the read of a file tree-sitter cannot parse finds it.
        '/* "jdbc:mysql://db/app" */\n' + CODE,
        "class A { int package_mysql; }",
        "package com.acme;\nclass Mysql {}",
    ],
)
def test_words_in_code_are_parsed(text: str) -> None:
    assert not only_mentioned(text)


def test_a_screened_file_with_a_url_in_code_still_reports_it() -> None:
    text = '/* MySQL */\nclass A { String u = "jdbc:mysql://db/app?sslMode=DISABLED"; }\n'
    (candidate,) = extract("A.java", text).candidates
    assert candidate.url is not None and candidate.url.text.endswith("sslMode=DISABLED")


def test_a_file_of_hostile_nesting_keeps_its_warning() -> None:
    text = "// mysql\nclass A { " + "Map<List<Set<" * 300 + " }\n"
    assert only_mentioned(text)
    (note,) = extract("A.java", text).notifications
    assert "read partially" in note.message


def test_a_file_without_the_words_is_not_screened() -> None:
    """What calls the front-end without the prefilter gets the parse."""
    assert not only_mentioned(CODE)


def test_comments_become_one_space_and_literals_stay() -> None:
    text = "a /* x */ b // y\nc \"/* z */\" '/' d"
    assert code_without_comments(text) == "a   b  \nc \"/* z */\" '/' d"


_PIECES = st.sampled_from(
    [
        "// mysql\n",
        "/* mariadb */",
        "/*",
        "*/",
        '"',
        "'",
        '"""',
        "\\",
        "\n",
        " x ",
        "sslMode",
        "package com.mysql.a;",
        "class A {}",
        '"jdbc:mysql://h/d"',
    ]
)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_the_screen_only_drops_what_the_parse_finds_nothing_in(text: str) -> None:
    """Without a project (no other file to reach), a file the screen drops
    gives nothing when parsed, but a note on a syntax error.
    """
    if not only_mentioned(text):
        return
    extraction = java._Extractor("A.java", text).run()
    assert extraction.candidates == []


def _only_mentioned_as_defined(text: str) -> bool:
    """The screen's definition, searched in the order it reads (the text first)."""
    if not java_screen.has_word(text):
        return False
    code = code_without_comments(text)
    package = java_screen._PACKAGE.match(code)
    if package is not None:
        code = code[package.end() :]
    return not java_screen.has_word(code) and not java_screen.has_url_literal(text)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(
    st.lists(_PIECES | st.sampled_from(["MY", "my/**/sql", "\u0130", "İ", "/* jdbc:"]), max_size=12).map(
        "".join
    )
)
def test_the_screen_searches_the_code_first_with_the_same_answer(text: str) -> None:
    """Searching the code before the text (most files: a word in code) gives the
    answer of the definition, which searches the text first.
    """
    assert only_mentioned(text) == _only_mentioned_as_defined(text)


def test_the_words_are_the_prefilters() -> None:
    from connlint.frontends.kinds import KINDS

    (kind,) = (k for k in KINDS if k.name == "java")
    for word in kind.words:
        assert only_mentioned(f"// {word}\nclass A {{}}")
        assert not only_mentioned(f'class A {{ String s = "{word}"; }}')
    assert java_screen._words().pattern.count("|") == len(kind.words) - 1


def test_the_characters_that_fold_to_ascii_are_the_listed_ones() -> None:
    # Recomputed over the Basic Multilingual Plane and the next two (where case lives).
    ascii_letter = re.compile(r"[\x00-\x7f]", re.IGNORECASE)
    found = {
        chr(code)
        for code in range(0x80, 0x30000)
        if ascii_letter.fullmatch(chr(code)) or any(c.isascii() for c in chr(code).lower())
    }
    assert found == java_screen.FOLDS_TO_ASCII


_SCREEN_ALPHABET = st.sampled_from(
    [
        "MySQL",
        "mysql",
        "MYSQL",
        "jdbc:",
        "JDBC:",
        "DriverManager",
        "keytool",
        "KEYTOOL",
        "ssl-mode",
        "SSL_MODE",
        "usessl",
        "a",
        " ",
        "\n",
        "é",
        "İ",
        "ı",
        "ſ",
        "\u212a",
        "my",
        "sql",
        "\u0307",
    ]
)


@given(st.lists(_SCREEN_ALPHABET, max_size=12).map("".join))
def test_has_word_is_the_case_insensitive_search(text: str) -> None:
    assert java_screen.has_word(text) == (java_screen._words().search(text) is not None)
    assert java_screen.has_word(text.replace("s", "ſ")) == (
        java_screen._words().search(text.replace("s", "ſ")) is not None
    )


def test_the_lowered_words_are_every_word_once_the_common_first() -> None:
    lowered = java_screen._lower_words()
    assert lowered is not None
    assert sorted(lowered) == sorted({word.lower() for word in java_screen._java_words()})
    assert lowered[: len(java_screen._COMMON_FIRST)] == java_screen._COMMON_FIRST


@pytest.mark.parametrize("word", ["MYSQL", "usesSL", "Ssl_Mode", "JDBC:"])
def test_has_word_in_ascii_and_in_text_with_a_folding_character(word: str) -> None:
    # ASCII text skips the search for İ ı ſ K; one of them anywhere is searched as written.
    assert java_screen.has_word(f"class A {{ {word} }}")
    assert java_screen.has_word(f"class A {{ {word} }} // \u0130")
    folded = word.replace("S", "\u017f").replace("s", "\u017f")
    assert java_screen.has_word(folded) == (java_screen._words().search(folded) is not None)


def _only_mentioned_reading_everything(text: str) -> bool:
    """:func:`only_mentioned` without the early look: the whole code, then its words."""
    if java_screen._blank_in_a_word() and not java_screen.has_word(text):
        return False
    code = code_without_comments(text)
    package = java_screen._PACKAGE.match(code)
    if package is not None:
        code = code[package.end() :]
    if java_screen.has_word(code):
        return False
    return java_screen.has_word(text) and not java_screen.has_url_literal(text)


_EARLY_ALPHABET = st.sampled_from(
    [
        "package",
        "package ",
        " com.mysql.cj",
        "import ",
        "org.x",
        ";",
        "\n",
        " ",
        "{",
        "}",
        "@A",
        "@B(",
        ")",
        "/*",
        "*/",
        "//",
        '"',
        '"""',
        "'",
        "\\",
        "/",
        "*",
        "MySQL",
        "jdbc:",
        "class A",
        "é",
    ]
)


@settings(max_examples=500)
@given(st.lists(_EARLY_ALPHABET, max_size=24).map("".join))
def test_the_early_look_gives_the_answer_of_reading_everything(text: str) -> None:
    assert only_mentioned(text) == _only_mentioned_reading_everything(text)
    if java_screen._word_in_early_code(text):
        assert not _only_mentioned_reading_everything(text)


@given(st.lists(_EARLY_ALPHABET, max_size=24).map("".join))
def test_code_read_a_comment_at_a_time_is_the_code(text: str) -> None:
    parts: list[str] = []
    for match in java_screen._CODE_THEN_COMMENT.finditer(text):
        comment = match.start(1)
        parts.append(text[match.start() : comment if comment >= 0 else match.end()])
        if comment >= 0:
            parts.append(" ")
    assert "".join(parts) == code_without_comments(text)


@pytest.mark.parametrize(
    ("text", "early"),
    [
        ("/* MySQL licence */\npackage com.mysql.cj;\n\nimport com.mysql.cj.X;\n" + CODE, True),
        ("/* licence */\npackage com.mysql.cj;\n/** a class */\n" + CODE, False),  # the word is the package's
        ("package a; /* 1 */ /* 2 */ /* 3 */ /* 4 */ import com.mysql.X;\n" + CODE, False),  # too far
        ("@Generated\npackage com.mysql.cj;\nimport com.mysql.X;\n" + CODE, False),  # not a plain package
        ("package com.mysql.cj;\nimport com.mysql.X;\n" + CODE, True),
    ],
)
def test_the_early_look_reads_the_package_and_imports(text: str, early: bool) -> None:
    assert java_screen._word_in_early_code(text) is early
    assert only_mentioned(text) == _only_mentioned_reading_everything(text)
