"""The screen before libcst (connlint.frontends.python.screen): a file it turns
away is one the front-end's gate (``Builder.interesting``) would turn away too.
"""

from __future__ import annotations

import itertools
import warnings
from pathlib import Path

import libcst as cst
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import connlint.frontends.python as python_frontend
from connlint.frontends import python_shape
from connlint.frontends.python import screen
from connlint.frontends.python.bindings import Collector
from connlint.frontends.python.candidates import Builder
from connlint.model import Candidate

ROOT = Path(__file__).resolve().parents[2]


def interesting(text: str) -> bool | None:
    """The gate as the front-end computes it with libcst (None: libcst cannot parse)."""
    try:
        module = cst.parse_module(text)
    except (cst.ParserSyntaxError, UnicodeError, RecursionError):
        return None
    collector = Collector()
    collector.walk_module(module)
    return Builder("t.py", module, collector).interesting()


def built(text: str) -> list[Candidate] | None:
    """The candidates of the whole text, no screen (None: libcst cannot parse)."""
    try:
        module = cst.parse_module(text)
    except (cst.ParserSyntaxError, UnicodeError, RecursionError):
        return None
    collector = Collector()
    collector.walk_module(module)
    builder = Builder("t.py", module, collector)
    return builder.build() if builder.interesting() else []


def agrees(text: str) -> None:
    """A file the screen turns away is one the front-end reports nothing for;
    the screen's answer is the same when its walk skips statements.
    """
    if not screen.may_report(text):
        assert built(text) in ([], None), text
    assert screen.scan(text, complete=False).may_report == screen.may_report(text), text


REPORTED_SOURCES = [
    "import pymysql\npymysql.connect(host='h')\n",
    "import pymysql as db\ndb.connect(host='h')\n",
    "from pymysql import connect\nconnect(host='h')\n",
    "from pymysql import connect as c\nc(host='h')\n",
    "import mysql.connector\nmysql.connector.connect(host='h')\n",
    "from mysql import connector\nconnector.connect(host='h')\n",
    "import sqlalchemy as sa\nx = sa\nx.create_engine('sqlite://')\n",
    "import sqlalchemy as sa\neng = sa.engine\neng.create_engine('sqlite://')\n",
    "import functools, pymysql\nc = functools.partial(pymysql.connect, host='h')\nc()\n",
    "from sqlalchemy import *\ncreate_engine('sqlite://')\n",
    "from sqlalchemy.engine import URL\nURL.create('mysql')\n",
    "import os\nos.system('mysql -h x')\n",
    "import subprocess\nsubprocess.run(['mysql'])\n",
    "import asyncio\nasyncio.create_subprocess_exec('mysql')\n",
    "def f():\n    import pymysql\n    return pymysql.connect()\n",
    "class K:\n    def __init__(self):\n        import pymysql\n        self.c = pymysql.connect()\n",
    "u = 'mysql://h/db'\n",
    "u = 'mysql+pymysql://h/db'\n",
    "u = b'mariadb://h/db'\n",
    "u = '' 'mysql://h/db'\n",
    "u = f'mysql://{host}/db'\n",
    "u = f'{host}mysql://'\n",
    "u = f'my{x}sql://h'\n",
    "u = f'mysql' f'://h'\n",
    "u = 'fmysql://h'\n",
    "DATABASES = {'default': {}}\n",
    "import settings\nsettings.DATABASES['x'] = 1\n",
]


@pytest.mark.parametrize("source", REPORTED_SOURCES)
def test_the_screen_lets_through_what_the_gate_reports(source: str) -> None:
    assert screen.may_report(source)
    assert screen.scan(source, complete=False).may_report
    # the seed in a statement of its own, after others and inside a class's method
    text = "x = 1\n\n\nclass K:\n    a = 2\n\n    def m(self):\n        pass\n" + source
    assert screen.scan(text, complete=False).may_report


TURNED_AWAY = [
    "import sqlalchemy as sa\nt = sa.Table('t', sa.MetaData())\nt.create(bind)\n",
    "from sqlalchemy import testing\ntesting.db.connect()\n",
    "import os\nos.environ.get('MYSQL_HOST')\nos.path.join('a', 'b')\n",
    "import asyncio\nasyncio.get_event_loop()\n",
    "from . import pymysql\npymysql.connect()\n",
    "x = 'a mysql://url in prose'\n",
    "import sqlalchemy as sa\nfor sa in range(3):\n    pass\n",
]


@pytest.mark.parametrize("source", TURNED_AWAY)
def test_the_screen_turns_away_files_that_report_nothing(source: str) -> None:
    assert interesting(source) is False
    assert not screen.may_report(source)
    assert screen.scan(source, complete=False) == (False, None)


def test_databases_in_a_string_is_no_django_setting() -> None:
    text = "import pymysql\ncur.execute('SHOW DATABASES')  # DATABASES\n"
    assert interesting(text) is False
    assert not screen.may_report(text)
    for bound in ("DATABASES = {}", "from settings import DATABASES", "def f():\n    global DATABASES"):
        assert screen.may_report(text + bound + "\n")


# Texts whose seed only the walk of the right statement or part finds (the text
# shows the others cannot hold one): statements sharing a line, methods,
# decorators, strings glued over lines, escapes, names in NFKC text.
SKIPPED_WALKS = [
    "import os\nx = 1; os.system('mysql')\n",
    "import os\nos.path; x = os\n",
    "x = 'a'; y = 'mysql://h'\n",
    "x = 'mysql'\n'mysql://h'\n",
    "u = ('my'  # c\n     'sql://h')\n",
    "u = 'mysql' \\\n    '://h'\n",
    "u = 'my\\\nsql://h'\n",
    "u = '\\x6dysql://h'\n",
    "u = '\\'mysql://h'\n",
    "u = f'{x}MYSQL+x://h'\n",
    "u = 'myſql://h'\n",
    "u = 'Fmysql://h'\n",
    "u = ('mysql'\n     '://h')\n",
    "class K:\n    x = 1\n\n    @d(1)\n    def m(self):\n        import pymysql\n\n    def n(self):\n"
    "        return pymysql.connect()\n",
    "class K(Base):\n    def m(self):\n        pass\n    u = 'mysql://h'\n",
    "def f():\n    from os import system as s\n\n\ndef g():\n    s('mysql')\n",
    "# é\nimport os\n\n\ndef f():\n    os.system('mysql')\n",
    "from sqlalchemy import create_engine\r\nx = 1\r\ncreate_engine(u)\r\n",
    "from sqlalchemy import create_engine\rx = 1\rcreate_engine(u)\r",
]


@pytest.mark.parametrize("source", SKIPPED_WALKS)
def test_a_walk_that_skips_statements_finds_the_seed(source: str) -> None:
    assert screen.may_report(source)
    assert screen.scan(source, complete=False).may_report


def test_a_name_in_other_characters_is_found() -> None:
    """CPython reads ``ｏｓ`` as ``os``: the text is not in NFKC form and is walked whole."""
    text = "import os\n\n\ndef f():\n    \uff4f\uff53.system('mysql')\n"
    assert screen.may_report(text)
    assert screen.scan(text, complete=False).may_report


_GLUE = ["", " ", "\n    ", " \\\n    ", "  # c\n    "]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["mysql://h", "MariaDB+x://h", "myſql+y://", "mysql"]),
    st.sampled_from(["", "r", "'", "F'b"]),
    st.lists(st.integers(0, 12), max_size=3),
    st.lists(st.integers(0, 12), max_size=3),
    st.sampled_from(["", "f", "b", "rb", "u", "Rf", "F"]),
    st.sampled_from(_GLUE),
    st.booleans(),
)
def test_every_url_string_the_walk_finds_is_matched_by_the_lead(
    url: str, lead: str, cuts: list[int], escaped: list[int], prefix: str, glue: str, fields: bool
) -> None:
    """The value split into literals (glued, or f-string text parts between
    fields), some characters written as escapes.
    """
    import ast

    value = lead + url
    chars = [
        (f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}") if i in escaped else c
        for i, c in enumerate(value)
    ]
    bounds = [0, *sorted({c for c in cuts if c < len(chars)}), len(chars)]
    parts = ["".join(chars[i:j]) for i, j in itertools.pairwise(bounds)]
    if fields and "f" in prefix.lower():
        literal = prefix + '"' + "{h}".join(parts) + '"'
    else:
        literal = glue.join(f'{prefix}"{p}"' for p in parts)
    text = f"u = ({literal})\n"
    try:
        with warnings.catch_warnings():  # ``b"\\u..."``: an invalid escape
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return
    if screen._Walker().walk([tree]).url:
        assert screen._URL_LEAD.search(text), text


# Reported calls whose arguments rule out a candidate: the gate is true, nothing is reported.
HARMLESS = [
    "from sqlalchemy import create_engine\ncreate_engine('sqlite://')\n",
    "import sqlalchemy as sa\nsa.create_engine('postgresql://u@h/db', echo=True)\n",
    "import sqlalchemy as sa\nsa.create_engine(url='sqlite://', module=m)\n",
    "from sqlalchemy import create_engine\ncreate_engine()\n",
    "from sqlalchemy.engine import url\nurl.make_url('foo://')\n",
    "from sqlalchemy import make_url\nmake_url()\n",
    "from sqlalchemy import create_engine\ncreate_engine('sqlite:' '//x')\n",
]
# The same shapes where the front-end reads more: not ruled out.
NOT_HARMLESS = [
    "from sqlalchemy import create_engine\ncreate_engine('mysql://h')\n",
    # the front-end reads the scheme undecoded and reports nothing; CPython decodes it
    "from sqlalchemy import create_engine\ncreate_engine('\\x6dysql://h')\n",
    "from sqlalchemy import create_engine\ncreate_engine('sqlite://', connect_args={'ssl': {}})\n",
    "from sqlalchemy import create_engine\ncreate_engine(URL)\n",
    "from sqlalchemy import create_engine\ncreate_engine(*args)\n",
    "from sqlalchemy import create_engine\ncreate_engine(**kwargs)\n",
    "from sqlalchemy import create_engine\ncreate_engine(b'sqlite://')\n",
    "from sqlalchemy import create_engine\ncreate_engine(f'sqlite://{h}')\n",
    "from sqlalchemy import create_engine\nc = create_engine\nc('sqlite://')\n",
    "import sqlalchemy as sa\nsa.engine.create_engine('sqlite://')\n",
    "from sqlalchemy import create_engine as c\nfrom pymysql import connect as c\nc('sqlite://')\n",
    "import pymysql\npymysql.connect('sqlite://')\n",
    "from sqlalchemy import URL\nURL.create('sqlite')\n",
    "from sqlalchemy import engine_from_config\nengine_from_config('sqlite://')\n",
]


@pytest.mark.parametrize("source", HARMLESS)
def test_a_call_whose_arguments_rule_out_a_candidate_is_screened_out(source: str) -> None:
    assert interesting(source) is True
    assert built(source) == []
    assert not screen.may_report(source)


@pytest.mark.parametrize("source", NOT_HARMLESS)
def test_a_call_read_further_is_screened_in(source: str) -> None:
    assert screen.may_report(source)


def test_unparsable_text_is_left_to_libcst() -> None:
    assert screen.may_report("def f(:\n")
    assert screen.may_report("x = 1\0\n")


def test_every_reported_call_is_screened_in() -> None:
    for name in sorted(screen.REPORTED_CALLS):
        module, _, attr = name.rpartition(".")
        assert screen.may_report(f"import {module} as m\nm.{attr}(x)\n"), name
        assert screen.may_report(f"from {module} import {attr}\n{attr}(x)\n"), name


def test_a_screened_out_file_is_not_parsed_with_libcst(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> cst.Module:
        raise AssertionError("parsed")

    monkeypatch.setattr(python_frontend.cst, "parse_module", fail)
    text = "import sqlalchemy as sa\n\n\ndef t():\n    sa.select(1)  # mysql\n"
    assert python_frontend.extract("t.py", text).candidates == []


def test_fixtures_agree() -> None:
    files = sorted((ROOT / "fixtures").rglob("*.py"))
    assert files
    for path in files:
        text = python_shape.bound(path.read_text(encoding="utf-8", errors="replace")).text
        agrees(text)
        if built(text):
            assert screen.may_report(text), path


_MODULES = [
    "pymysql",
    "MySQLdb",
    "mysql.connector",
    "mysql",
    "aiomysql",
    "sqlalchemy",
    "sqlalchemy.engine",
    "sqlalchemy.engine.url",
    "sqlalchemy.testing",
    "os",
    "subprocess",
    "asyncio",
    "functools",
    "ssl",
]
_ATTRS = ["connect", "create_engine", "engine", "URL", "create", "make_url", "Table", "system", "run"]
_ATTRS += ["partial", "testing", "connector", "Connection", "url", "popen", "create_subprocess_exec"]
_ARGS = ["", "'sqlite://'", "'mysql://h'", "url='sqlite://'", "'sqlite://', connect_args={'ssl': 1}"]
_ARGS += ["'sqlite://', echo=True", "x", "*a", "**k", "b'mysql://h'", "'my' 'sql://h'", "f'{h}'"]
_LOCALS = ["a", "b", "connect", "sa", "engine"]
_PIECES = ["mysql", "://", "my", "sql", "+pymysql", "maria", "db", "", "x", "b", "f", "{h}", "'", "\\x6d"]

_names = st.sampled_from(_LOCALS)
_args = st.sampled_from(_ARGS)
_attr = st.sampled_from(_ATTRS)
_module = st.sampled_from(_MODULES)
_imports = st.one_of(
    st.builds("import {}\n".format, _module),
    st.builds("import {} as {}\n".format, _module, _names),
    st.builds("from {} import {}\n".format, _module, _attr),
    st.builds("from {} import {} as {}\n".format, _module, _attr, _names),
    st.builds("from {} import *\n".format, _module),
    st.builds("from . import {}\n".format, _attr),
)
_string = st.builds(
    lambda prefix, pieces, quote: f"{prefix}{quote}{''.join(pieces)}{quote}",
    st.sampled_from(["", "f", "r", "b", "rb", "F"]),
    st.lists(st.sampled_from(_PIECES), max_size=4),
    st.sampled_from(["'", '"']),
).filter(lambda s: not (s[0] in "bBrR" and "{" in s) or "f" in s.lower()[:2])
_uses = st.one_of(
    st.builds("{}()\n".format, _names),
    st.builds("{}.{}()\n".format, _names, _attr),
    st.builds("{}.{}.{}()\n".format, _names, _attr, _attr),
    st.builds("{}({})\n".format, _names, _args),
    st.builds("{}.{}({})\n".format, _names, _attr, _args),
    st.builds("def g():\n    return {}.{}({})\n".format, _names, _attr, _args),
    st.builds("{} = {}\n".format, _names, _names),
    st.builds("{} = {}.{}\n".format, _names, _names, _attr),
    st.builds("{} = functools.partial({}.{})\n".format, _names, _names, _attr),
    st.builds("s = {}\n".format, _string),
    st.builds("s = {} {}\n".format, _string, _string),
    st.builds("def f():\n    {}".format, st.builds("{}.{}()\n".format, _names, _attr)),
    st.builds("def f({}):\n    {}()\n".format, _names, _names),
    st.builds("class K:\n    def m(self):\n        self.c = {}.{}()\n".format, _names, _attr),
    st.just("class K:\n    def n(self):\n        self.c.__class__()\n"),
    st.just("DATABASES = {}\n"),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_imports, _uses), min_size=1, max_size=8))
def test_generated_programs_agree(lines: list[str]) -> None:
    text = "h = 1\n" + "".join(lines)
    agrees(text)


def test_a_large_text_is_left_to_libcst() -> None:
    text = "import os\n" + "x = 1\n" * (screen.SCREEN_MAX // 6 + 1)
    assert not screen.may_report("import os\nx = 1\n")
    assert screen.may_report(text)


def test_a_cdk_stack_is_still_read() -> None:
    text = (
        "from aws_cdk import aws_rds as rds\n\n"
        "rds.DatabaseInstance(self, 'Db', engine=rds.DatabaseInstanceEngine.MYSQL,"
        " instance_identifier='db1')\n"
    )
    assert not screen.may_report(text)
    assert python_frontend.extract("stack.py", text).servers


def test_the_screens_walk_visits_what_ast_walk_visits_but_ctx_markers() -> None:
    import ast
    import collections
    import json as json_module

    for text in (Path(json_module.__file__).read_text(encoding="utf-8"), Path(screen.__file__).read_text()):
        tree = ast.parse(text)
        expected = collections.Counter(
            type(n).__name__ for n in ast.walk(tree) if not isinstance(n, ast.expr_context)
        )
        assert collections.Counter(type(n).__name__ for n in screen._nodes([tree])) == expected


def test_the_walker_collects_every_name_and_attribute_the_walk_visits() -> None:
    import ast
    import json as json_module

    for text in (Path(json_module.__file__).read_text(encoding="utf-8"), Path(screen.__file__).read_text()):
        tree = ast.parse(text)
        part = screen._Walker().walk([tree])
        nodes = list(screen._nodes([tree]))
        assert sorted(map(id, part.names)) == sorted(id(n) for n in nodes if type(n) is ast.Name)
        assert sorted(map(id, part.attributes)) == sorted(id(n) for n in nodes if type(n) is ast.Attribute)
