"""The prefilter's fast literal test agrees with its reference regexes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connlint.frontends.kinds import KIND_BY_NAME
from connlint.prefilter import NEEDLES_BY_KIND, file_wanted, reference, wanted

KINDS = sorted(KIND_BY_NAME)
PIECES = [
    b"MySQL",
    b"mariaDB",
    b"JDBC:",
    b"jdbc",
    b"TrustStore",
    b"KEYTOOL",
    b"sslMode",
    b"SSL-MODE",
    b"ssl_mode",
    b"ssl mode",
    b"useSSL",
    b"ssl-CA",
    b"SSL_ca",
    b"sslca",
    b"AsyncMy",
    b"[client]",
    b"[ Client",
    b"[\tmysqld]",
    b"[mariadb-client]",
    b"[server]",
    b"my sql",
    b"\xc4\xb0",
    b"\x00",
    b"\n",
    b"postgres",
    b"x",
]


def _reference(kind: str, data: bytes) -> bool:
    return reference(kind).search(data) is not None


@pytest.mark.parametrize("kind", KINDS)
def test_needles_agree_with_reference_on_pieces(kind: str) -> None:
    rng = random.Random(kind)
    for _ in range(2000):
        data = b"".join(rng.choice(PIECES) for _ in range(rng.randint(0, 6)))
        assert wanted(kind, data) == _reference(kind, data), (kind, data)


@given(st.sampled_from(KINDS), st.binary(max_size=64), st.sampled_from(PIECES), st.binary(max_size=8))
def test_needles_agree_with_reference(kind: str, head: bytes, piece: bytes, tail: bytes) -> None:
    data = head + piece + tail
    assert wanted(kind, data) == _reference(kind, data)


def test_unknown_kind_is_never_wanted() -> None:
    assert not wanted("markdown", b"jdbc:mysql://db")


def test_every_kind_has_a_fast_test() -> None:
    assert set(NEEDLES_BY_KIND) | {"option_file"} == set(KIND_BY_NAME)


def test_common_words_are_the_registry_words_and_the_jvm_and_tls_words() -> None:
    from connlint.clients import drivers

    java = {w.decode() for w in NEEDLES_BY_KIND["java"]}
    assert set(drivers.trigger_words()) <= java
    assert java == {
        *("mysql", "mariadb", "asyncmy", "jdbc:", "truststore", "keytool"),
        *("sslmode", "ssl-mode", "ssl_mode", "usessl", "ssl-ca", "ssl_ca"),
        # drivers configured by connection strings: Rails trilogy, a Go DSN's network
        *("trilogy", "@tcp(", "@unix("),
        # where an RDS CA bundle is downloaded from (the legacy bucket)
        "rds-downloads",
        # a connection whose URL is a constant of another file (issue 16)
        "drivermanager",
    }


# -- Python: the words and an API the front-end resolves (issue 15) ----------

PYTHON_PIECES = [
    b"import pymysql",
    b"import os, MySQLdb as db",
    b"from mysql import connector",
    b"from \\\n sqlalchemy import create_engine",
    b"import subprocess",
    b"os.system",
    b"create_subprocess_exec",
    b"DATABASES",
    b"'mysql+pymysql://",
    b'"MySQL://',
    b"://",
    b"ssl",
    b"mysql",
    b"# MySQL",
    b"from . import util",
    b"import",
    b"from",
    b" ",
    b"\n",
    b";",
    b"#",
    b"\\",
]


def test_python_pieces_agree_with_reference() -> None:
    rng = random.Random("python")
    for _ in range(4000):
        data = b"".join(rng.choice(PYTHON_PIECES) for _ in range(rng.randint(0, 7)))
        assert wanted("python", data) == _reference("python", data), data


@given(st.lists(st.sampled_from(PYTHON_PIECES + PIECES), max_size=8), st.binary(max_size=16))
def test_python_agrees_with_reference(pieces: list[bytes], tail: bytes) -> None:
    data = b"".join(pieces) + tail
    assert wanted("python", data) == _reference("python", data)


@pytest.mark.parametrize(
    "source",
    [
        '"""Notes on the MySQL dialect."""\nfrom . import util\n\ndef f():\n    return util.x\n',
        "# Works with MySQL and PostgreSQL\nimport json\nprint(json.dumps({}))\n",
        "from .base import MySQLDialect\nfrom ... import util\n\nclass X(MySQLDialect):\n    pass\n",
        "mysql = 'a name, not a driver'\n",
    ],
)
def test_python_that_merely_mentions_mysql_is_not_wanted(source: str) -> None:
    assert not wanted("python", source.encode())


@pytest.mark.parametrize(
    "source",
    [
        # sqlalchemy's tests: a table's create(), no engine, URL or make_url
        "# MySQL\nfrom sqlalchemy import Table\n\ndef test(db, m):\n    Table('t', m).create(db)\n",
        # a driver imported for its errors only
        "# MySQL\nimport pymysql\n\ntry:\n    pass\nexcept pymysql.err.OperationalError:\n    raise\n",
        # subprocess without a launcher
        "# mysql\nimport subprocess\n\nx = subprocess.PIPE\n",
    ],
)
def test_python_that_imports_a_module_but_calls_nothing_reported_is_not_wanted(source: str) -> None:
    assert not wanted("python", source.encode())


def test_python_alternatives_ask_for_the_last_part_of_every_reported_call() -> None:
    # kinds._PYTHON_APIS: each module's alternative asks for the words its calls end with
    from connlint.frontends.python.screen import REPORTED_CALLS

    for qualname in sorted(REPORTED_CALLS):
        top, module, function = qualname.split(".", 1)[0], *qualname.rsplit(".", 1)
        assert wanted("python", f"# MySQL\nimport {top}\n\nf = {qualname}\n".encode()), qualname
        assert wanted("python", f"# MySQL\nfrom {module} import {function} as g\n\ng()\n".encode()), qualname


def test_python_with_a_suppression_is_read_as_before() -> None:
    # an unused suppression is a finding (CL304): the file must still be read
    assert wanted("python", b"x = 'MySQL'  # connlint: ignore[CL201]\n")


def test_large_python_is_taken_on_its_words(monkeypatch: pytest.MonkeyPatch) -> None:
    from connlint import prefilter

    monkeypatch.setattr(prefilter, "_REQUIRES_MAX", 64)
    data = b"# MySQL\n" + b"x = 1\n" * 20
    assert wanted("python", data)
    assert not wanted("python", data[:60])


def test_every_fixture_that_yields_something_passes_the_prefilter(monkeypatch: pytest.MonkeyPatch) -> None:
    # The prefilter may only drop files its front-end would find nothing in,
    # values read from other files (connlint.project) included.
    from connlint.decoding import decode
    from connlint.discover import Walker
    from connlint.frontends import FRONTEND_BY_KIND
    from connlint.project import Project, using

    repository = Path(__file__).parent.parent
    monkeypatch.chdir(repository)
    checked = 0
    for source in Walker(cwd=repository).walk([repository / "fixtures"]):
        data = source.path.read_bytes()
        text = decode(data)[0]
        if text is None:
            continue
        with using(Project()):
            extraction = FRONTEND_BY_KIND[source.kind]().extract(source.display, text)
        if extraction.candidates or extraction.dependencies:
            checked += 1
            assert file_wanted(source.kind, data), source.display
    assert checked > 100


def _python_api_calls() -> list[tuple[str, str]]:
    """Every call the Python front-end resolves, with arguments that make it report."""
    from connlint.frontends.python import drivers, processes
    from connlint.frontends.python import sqlalchemy_django as sa

    out = [(name, "host='db', ssl_disabled=True") for name in sorted(drivers.DRIVER_BY_CALL)]
    out += [(name, "url, connect_args={'ssl_ca': '/ca.pem'}") for name in sorted(sa.ENGINE_CALLS)]
    out += [(name, "'mysql+pymysql', host='db'") for name in sorted(sa.URL_CREATE_CALLS)]
    out += [(name, "'mysql+pymysql://u@db/x'") for name in sorted(sa.MAKE_URL_CALLS)]
    out += [(name, "['mysql', '-h', 'db']") for name in sorted(processes.ARGV_CALLS)]
    out += [(name, "'mysql -h db'") for name in sorted(processes.SHELL_CALLS)]
    out += [(name, "'mysql', '-h', 'db'") for name in sorted(processes.EXEC_CALLS)]
    return out


def _import_styles(qualname: str, blank: str) -> list[tuple[str, str]]:
    """(import statements, callee) pairs that bind ``qualname``."""
    module, _, function = qualname.rpartition(".")
    styles = [
        (f"import{blank}{module}", qualname),
        (f"from{blank}{module}{blank}import{blank}{function}", function),
        (f"import os,{blank}{module}{blank}as{blank}m", f"m.{function}"),
        (f"from {module} import (\n    path,\n    {function},\n)", function),
        (f"from {module} import *", function),
    ]
    if "." in module:
        parent, _, last = module.rpartition(".")
        styles.append((f"from {parent} import {last}", f"{last}.{function}"))
    return styles


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(_python_api_calls()), st.sampled_from([" ", "\t", " \\\n    "]))
def test_python_that_yields_a_candidate_passes_the_prefilter(call: tuple[str, str], blank: str) -> None:
    from connlint.frontends import python

    qualname, args = call
    for imports, callee in _import_styles(qualname, blank):
        # a trigger word in a comment: the words alone would let the file through
        source = f"# MySQL\n{imports}\n\n\ndef f(url):\n    return {callee}({args})\n"
        if python.extract("t.py", source).candidates:
            assert wanted("python", source.encode()), source


@pytest.mark.parametrize(("qualname", "args"), _python_api_calls())
def test_each_python_api_call_is_found_and_wanted(qualname: str, args: str) -> None:
    from connlint.frontends import python

    module, _, function = qualname.rpartition(".")
    source = f"# MySQL\nfrom {module} import {function}\n\n\ndef f(url):\n    return {function}({args})\n"
    assert python.extract("t.py", source).candidates, source
    assert wanted("python", source.encode())


@pytest.mark.parametrize(
    "source",
    [
        'DATABASES = {"default": {"ENGINE": "django.db.backends.mysql", "OPTIONS": {"ssl": {"ca": "x"}}}}\n',
        'SQLALCHEMY_DATABASE_URI = "mysql+pymysql://u@db/x?ssl_ca=/ca.pem"\n',
        "URL = R'''mariadb://u@db/x'''\n",
        "URL = f'mysql+pymysql://{user}@db/x'\n",
    ],
)
def test_python_urls_and_django_settings_are_wanted(source: str) -> None:
    from connlint.frontends import python

    assert python.extract("settings.py", source).candidates
    assert wanted("python", source.encode())


# -- grouped needles and required patterns' words (issue 15: the same answers, fewer searches)

_NEEDLE_PIECES = [
    b"ssl",
    b"ssl-ca",
    b"sslmode",
    b"mode",
    b"usessl",
    b"rds",
    b"aws::rds::x",
    b"my",
    b"mysql",
    b"a",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_NEEDLE_PIECES), min_size=1, max_size=8),
    st.lists(st.sampled_from([*_NEEDLE_PIECES, b"-", b"_", b"x", b"::"]), max_size=8).map(b"".join),
)
def test_grouped_needles_answer_as_each_needle(needles: list[bytes], data: bytes) -> None:
    from connlint.prefilter import _plan, contains_any

    plan = _plan(tuple(needles))
    assert sorted(n for _, group in plan for n in group) == sorted(set(needles))
    for word, group in plan:
        assert all(word in n for n in group)
    assert contains_any(data, tuple(needles)) == any(n in data for n in needles)


def test_java_words_holding_ssl_are_one_group() -> None:
    from connlint.prefilter import _plan

    plan = _plan(NEEDLES_BY_KIND["java"])
    assert (b"ssl", (b"sslmode", b"ssl-mode", b"ssl_mode", b"usessl", b"ssl-ca", b"ssl_ca")) in plan
    alone = next(group for word, group in plan if not word)
    assert alone[0] == b"mysql"  # the declared order: a file that passes stops at its first word


@pytest.mark.parametrize(
    ("pattern", "word"),
    [
        (rb"\bURL\b", b"URL"),
        (rb"(?:(?i:mysql)|(?i:mariadb))(?:\+[^'\":/\s]*)?://", b"://"),
        (rb"import\s+(?:a|b)", b""),  # starts with a literal: re searches from it already
        (rb"\bos\b", b""),  # shorter than a useful word
        (rb"(?i)\bhello\b", b""),  # any case
        (rb"\b(?:abc|abd)x", b""),  # inside a choice only
        (rb"\b(?:abc)?defg", b"defg"),
        (rb"\bab|cdef", b""),  # a choice at the top
    ],
)
def test_needed_word_of_a_required_pattern(pattern: bytes, word: bytes) -> None:
    import re

    from connlint.prefilter import _needed_word

    compiled = re.compile(pattern)
    assert _needed_word(compiled.pattern, compiled.flags) == word


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from([b"URL", b"x", b" ", b"://", b"'mysql", b"mysql+pymysql", b"\n", b"UR"]), max_size=8
    )
)
def test_required_patterns_searched_with_their_word_answer_as_re(pieces: list[bytes]) -> None:
    from connlint.prefilter import _REQUIRES_BY_KIND, _search

    data = b"".join(pieces)
    for alternatives in _REQUIRES_BY_KIND.values():
        for patterns in alternatives:
            for p in patterns:
                assert _search(p, data) == (p.search(data) is not None), (p.pattern, data)


_REGEX_PIECES = [
    rb"\b",
    b"ab",
    b"(?:x|y)",
    b"c?",
    b"d+",
    b"://",
    b"[a-z]",
    b"(?=ab)",
    b"(?<=b)",
    b"(?i:q)",
    b".",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_REGEX_PIECES), min_size=1, max_size=6).map(b"".join),
    st.lists(st.sampled_from([b"a", b"b", b"ab", b"x", b"c", b"d", b"://", b"Q", b" "]), max_size=10).map(
        b"".join
    ),
)
def test_a_match_holds_the_needed_word(pattern: bytes, data: bytes) -> None:
    import re

    from connlint.prefilter import _needed_word

    compiled = re.compile(pattern)
    word = _needed_word(compiled.pattern, compiled.flags)
    if compiled.search(data) is not None:
        assert word in data, (pattern, data, word)


_ANCHORED_PIECES = [
    rb"\b",
    b"(?:abc|xyz)",
    b"(?:abc|q)",
    b"abc",
    b"c?",
    b"d{0,3}",
    b"d+",
    b"://",
    b"(?=ab)",
    b"(?<=b)",
    b"(?<!x)",
    b"(?i:q)",
    b"$",
    b".",
]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(_ANCHORED_PIECES), min_size=1, max_size=6).map(b"".join),
    st.lists(
        st.sampled_from([b"abc", b"xyz", b"b", b"d", b"dd", b"://", b"Q", b"q", b" ", b"\n", b"x"]),
        max_size=12,
    ).map(b"".join),
)
def test_a_search_from_the_anchors_answers_as_re(pattern: bytes, data: bytes) -> None:
    # Patterns that start or end with words are tried only there (_anchors):
    # the same answer as re's search, whatever else the pattern holds.
    import re

    from connlint.prefilter import _search

    compiled = re.compile(pattern)
    assert _search(compiled, data) == (compiled.search(data) is not None), (pattern, data)


@pytest.mark.parametrize(
    ("pattern", "anchors"),
    [
        (rb"(?:import|from)\s+x", ((b"import", b"from"), -1)),
        (rb"(?:import|fr)\s+x", ((), 0)),  # a word too short to search for
        (rb"(?i:mysql)(?:\+\w{0,8})?://", ((b"://",), 14)),
        (rb"(?i:mysql)(?:\+\w*)?://", ((), 0)),  # no bound on where a match starts
        (rb"(?=.*z)mysql\+?://", ((), 0)),  # looks ahead: not cut after the word
        (rb"(?i)(?:import|from)", ((), 0)),  # any case
        (rb"abc://", ((), 0)),  # all literals: re's own search starts from them
    ],
)
def test_anchors_of_a_pattern(pattern: bytes, anchors: tuple[tuple[bytes, ...], int]) -> None:
    import re

    from connlint.prefilter import _anchors

    compiled = re.compile(pattern)
    assert _anchors(compiled.pattern, compiled.flags) == anchors


@pytest.mark.parametrize(
    ("pattern", "data"),
    [
        (rb"(?i:q)d{0,3}://", b"x:// Qdd://"),  # starts before its word, at the second one
        (rb"(?:abc|xyz)d", b"abc xyzd"),  # at the second word
        (rb"(?:abc|xyz)d", b"abcabcd"),  # at the second of the same word
        (rb"(?:abc|xyz)(?<=babc)", b"xyz babc"),  # looks behind its word
        (rb"(?<!x)q{0,2}://", b"xq:// q://"),
    ],
)
def test_anchored_searches_that_match(pattern: bytes, data: bytes) -> None:
    import re

    from connlint.prefilter import _anchors, _search

    compiled = re.compile(pattern)
    assert _anchors(compiled.pattern, compiled.flags)[0]  # searched from the words
    assert compiled.search(data) is not None
    assert _search(compiled, data)


def test_words_closer_than_a_window_cost_about_one_search() -> None:
    # A file of `://` (hostile, or minified): windows before each word would
    # overlap, each searched again (40x re's own search); one search of the rest.
    import re

    from connlint.prefilter import _search
    from scaling import best_time

    pattern = re.compile(rb"(?:(?i:mysql)(?<=['\"](?i:mysql)))(?:\+[^'\":/\s]{0,64})?://")
    data = b"://" * 100_000
    assert not _search(pattern, data)
    anchored = best_time(lambda: _search(pattern, data))
    plain = best_time(lambda: pattern.search(data))
    assert anchored < 10 * plain, (anchored, plain)
