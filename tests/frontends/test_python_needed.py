"""The statements a result needs (connlint.frontends.python.needed): libcst
parses only those, and the result is the one of the whole file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import connlint.frontends.python as python_frontend
from connlint.frontends import python_shape
from connlint.frontends.python import needed, reduction, screen
from connlint.model import Extraction

ROOT = Path(__file__).resolve().parents[2]


def both(text: str) -> tuple[Extraction, Extraction]:
    """The extraction with the needed statements only, and with the whole file."""
    old = reduction.NEEDED_ONLY
    try:
        reduction.NEEDED_ONLY = True
        reduced = python_frontend.extract("m.py", text)
        reduction.NEEDED_ONLY = False
        whole = python_frontend.extract("m.py", text)
    finally:
        reduction.NEEDED_ONLY = old
    return reduced, whole


def same(text: str) -> Extraction:
    reduced, whole = both(text)
    assert reduced == whole, text
    return reduced


def parsed_text(text: str) -> str:
    scan = screen.scan(text)
    assert scan.may_report and scan.statements is not None
    return reduction.for_parse(text, scan)


_UNRELATED = (
    "\n\nclass Unrelated:\n    def m(self):\n        return [1, 2, 3]\n\n\n"
    "def helper(x):\n    return x * 2\n\n\nTABLE = {'a': 1}\n"
)


def test_statements_the_result_cannot_need_are_blanked_with_lines_kept() -> None:
    text = (
        "import pymysql\n\nCA = '/etc/ca.pem'\nOPTS = {'ca': CA}\nOPTS.update(check_hostname=True)\n"
        + _UNRELATED
        + "\n\ndef connect():\n    return pymysql.connect(host='h', ssl=OPTS)\n"
    )
    reduced = parsed_text(text)
    assert reduced.count("\n") == text.count("\n")
    assert "Unrelated" not in reduced and "helper" not in reduced and "TABLE" not in reduced
    assert "CA = " in reduced and "OPTS.update" in reduced and "pymysql.connect" in reduced
    (candidate,) = same(text).candidates
    assert {s.key for s in candidate.settings} >= {"host", "ssl.ca"}


FOLLOWED = [
    # an alias made at module level, used in a class's setUp (PyMySQL's tests)
    "import pymysql\n_mysql = pymysql\n" + _UNRELATED + "\n\nclass T:\n    def setUp(self):\n"
    "        self.conn = _mysql.connect(host='h', ssl_disabled=True)\n    def test(self):\n        pass\n",
    # self.<attr> set in setUp and read in a test; self.<method>() whose return is followed
    "import pymysql\n"
    + _UNRELATED
    + "\n\nclass T:\n    def setUp(self):\n        self.kw = {'ssl': {'ca': 'x'}}\n"
    "    def opts(self):\n        return {'host': 'h'}\n    def idle(self):\n        return 1\n"
    "    def test(self):\n        pymysql.connect(**self.kw, **self.opts())\n",
    # the only assignment of an attribute, in some method
    "import pymysql\nclass T:\n    def prepare(self):\n        self.ca = '/ca.pem'\n"
    "    def test(self):\n        pymysql.connect(host='h', ssl_ca=self.ca)\n" + _UNRELATED,
    # obj.__class__(...) of a connection made in another method
    "import mysql.connector\nclass T:\n    def setUp(self):\n"
    "        self.cnx = mysql.connector.connect(host='h')\n"
    "    def test(self):\n        self.cnx.__class__(host='h2', ssl_disabled=True)\n" + _UNRELATED,
    # a global set in a function, a class attribute, a function's return, partial
    "import pymysql, functools\n"
    + _UNRELATED
    + "\ndef init():\n    global OPTS\n    OPTS = {'ssl_ca': '/x'}\n"
    "class C:\n    CA = '/y'\n    def other(self):\n        return 2\n"
    "def get():\n    return {'host': 'h'}\n"
    "connect = functools.partial(pymysql.connect, ssl_ca=C.CA)\n\ndef go():\n    connect(**get(), **OPTS)\n",
    # a URL string at module level, used later; a for loop over literal values
    "from sqlalchemy import create_engine\nURL = 'mysql+pymysql://u@h/db?ssl_ca=/x.pem'\n"
    + _UNRELATED
    + "def make():\n    for verify in (True, False):\n"
    "        create_engine(URL, connect_args={'ssl': {'check_hostname': verify}})\n",
    # an alias of an alias; a name bound in a try/except at module level
    "import sqlalchemy as sa\ntry:\n    from local import HOST\nexcept ImportError:\n    HOST = 'h'\n"
    "make = sa.create_engine\nmaker = make\n" + _UNRELATED + "maker(f'mysql://{HOST}/db')\n",
    # a subprocess command line built from a constant; an unrelated class with the same method name
    "import subprocess\nARGS = ['mysql', '--ssl-mode=DISABLED']\n"
    "class A:\n    def run(self):\n        return 1\n"
    "class B:\n    def run(self):\n        subprocess.run(ARGS)\n" + _UNRELATED,
]


@pytest.mark.parametrize("text", FOLLOWED)
def test_values_that_travel_are_kept(text: str) -> None:
    result = same(text)
    assert result.candidates, text
    assert len(parsed_text(text)) < len(text)


def test_fixtures_give_the_same_result() -> None:
    files = sorted((ROOT / "fixtures").rglob("*.py"))
    assert files
    for path in files:
        same(path.read_text(encoding="utf-8", errors="replace"))


def test_module_level_names() -> None:
    import ast

    tree = ast.parse(
        "@deco(A)\ndef f(x=B):\n    y = C\n    global D\n"
        "if E:\n    import os.path as p, sys\n    class K(F):\n        G = H\n"
        "        def m(self):\n            I\n"
        "try:\n    pass\nexcept Exception as err:\n    lam = lambda z=J: K2\n"
    )
    names = [needed.module_level_names(s) for s in tree.body]
    assert names[0] == {"f", "deco", "A", "B"}
    assert names[1] == {"E", "p", "sys", "K", "F", "G", "H", "m"}
    assert names[2] == {"Exception", "err", "lam", "J"}


_PARTS = [
    "import pymysql\n",
    "import pymysql as pm\n",
    "from pymysql import connect\n",
    "import sqlalchemy as sa\n",
    "import functools\n",
    "c = pymysql\n",
    "c = pm.connect\n",
    "d = c\n",
    "OPTS = {'ssl': {'ca': '/x'}}\n",
    "OPTS['host'] = 'h'\n",
    "OPTS.update(port=1)\n",
    "del OPTS['ssl']\n",
    "U = 'mysql://u@h/db?ssl_mode=DISABLED'\n",
    "def opts():\n    return {'ssl_disabled': True}\n",
    "def run():\n    return c.connect(**OPTS)\n",
    "def run2():\n    return connect(**opts())\n",
    "def run3():\n    d(host='h')\n",
    "sa.create_engine(U)\n",
    "p = functools.partial(pm.connect, **OPTS)\n",
    "p()\n",
    "class K:\n    def setUp(self):\n        self.o = OPTS\n"
    "    def t(self):\n        pymysql.connect(**self.o)\n"
    "    def u(self):\n        return 1\n",
    "class L(K):\n    def t(self):\n        d(**self.o)\n",
    "def g():\n    global OPTS\n    OPTS = {'ssl_ca': '/y'}\n",
    "for v in (1, 2):\n    connect(port=v)\n",
    "x = [1, 2]\n",
    "def unrelated():\n    return x\n",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PARTS), min_size=2, max_size=9))
def test_generated_programs_give_the_same_result(parts: list[str]) -> None:
    text = "".join(parts)
    text = python_shape.bound(text).text
    same(text)
