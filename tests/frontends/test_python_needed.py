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


def test_a_kept_class_brings_in_only_what_its_kept_methods_mention() -> None:
    # HELPER is read by a method the result does not need: it is blanked
    text = (
        "import pymysql\nHELPER = {'a': 1}\nCA = '/ca.pem'\n"
        "class T:\n    def test_a(self):\n        pymysql.connect(host='h', ssl_ca=CA)\n"
        "    def idle(self):\n        return HELPER\n"
    )
    reduced = parsed_text(text)
    assert "HELPER =" not in reduced and "CA = " in reduced and "def idle" not in reduced
    assert same(text).candidates


def test_forward_through_names_a_seed_binds_not_names_it_reads() -> None:
    # ``fixtures`` is read by the seed class (a base): a class with the same base
    # is not reached forward; ``Seed`` itself (bound) is
    text = (
        "import pymysql\nfrom lib import fixtures\n"
        "class Seed(fixtures.Base):\n    def test(self):\n        pymysql.connect(host='h')\n"
        "class Other(fixtures.Base):\n    def test(self):\n        return fixtures.x\n"
        "class Sub(Seed):\n    def test2(self):\n        return 1\n"
    )
    reduced = parsed_text(text)
    assert "class Other" not in reduced and "class Sub(Seed)" in reduced
    assert same(text).candidates


def test_backward_through_names_a_statement_binds_or_changes() -> None:
    # ``testing`` is read (a decorator's call in a class body changes the class's
    # scope, not the module's) and ``__backend__`` is a class attribute: class B
    # binds neither at module level; OPTS.update changes OPTS
    text = (
        "import pymysql\nfrom lib import testing\nOPTS = {}\n"
        "class A:\n    __backend__ = True\n    @testing.fails_on('x')\n"
        "    def test(self):\n        pymysql.connect(host='h', ssl=OPTS, db=testing.db)\n"
        "class B:\n    __backend__ = True\n    @testing.fails_on('y')\n"
        "    def other(self):\n        return testing.db\n"
        "OPTS.update(ca='/x')\n"
    )
    reduced = parsed_text(text)
    assert "class B" not in reduced and "OPTS.update" in reduced
    (candidate,) = same(text).candidates
    assert "ssl.ca" in {s.key for s in candidate.settings}


def test_methods_meet_through_their_first_parameter_only() -> None:
    # ``other`` assigns an attribute named like one the kept test reads, of
    # another object: it is left out; ``prepare`` assigns ``this.kw``
    text = (
        "import pymysql\nclass T:\n    def prepare(this):\n        this.kw = {'ssl_ca': '/x'}\n"
        "    def test(self):\n        c = pymysql.connect(host='h', **self.kw)\n        c.close()\n"
        "    def other(self, dbapi):\n        dbapi.close = lambda: None\n        dbapi.kw = 1\n"
    )
    reduced = parsed_text(text)
    assert "def prepare" in reduced and "dbapi.close" not in reduced
    (candidate,) = same(text).candidates
    assert "ssl_ca" in {s.key for s in candidate.settings}


def test_module_level_bound_and_changed() -> None:
    import ast

    tree = ast.parse(
        "x = a.b\nc.d = e\nf['k'] = g\nh.i.update(j)\ndel k[0]\n"
        "@deco.call(A)\nclass K(base.make(B)):\n    L = M\n    N.update(O)\n"
        "    def m(self, p=P.q()):\n        R.update(S)\n"
        "for t in u:\n    v += 1\n"
    )
    found = [needed._module_level(s) for s in tree.body]
    assert [sorted(b) for _, b, _ in found] == [["x"], [], [], [], [], ["K"], ["t", "v"]]
    assert [sorted(c) for _, _, c in found] == [[], ["c"], ["f"], ["h"], ["k"], ["base", "deco"], []]
    assert found[5][0] == {"K", "deco", "A", "base", "B", "L", "M", "N", "O", "m", "P"}


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
    # names bound in a class body are its attributes, not the module's
    "class M:\n    OPTS = {'ssl': {'ca': '/z'}}\n    c = pm\n",
    "from lib import base\nclass B(base.T):\n    def t(self):\n        return base.x\n"
    "    def u(self):\n        connect(**OPTS)\n",
    "base.register(OPTS)\n",
    "OPTS2 = OPTS\n",
    "def run4():\n    return c.connect(**OPTS2)\n",
    "M.c.connect(port=2)\n",
    "class N(K):\n    @base.deco(OPTS)\n    def v(self):\n        return self.o\n",
    # what one method sees of another: its first parameter's attributes
    "class Q:\n    @staticmethod\n    def s(self):\n        self.o = {'ssl_ca': '/s'}\n"
    "    def setUp(this):\n        def inner():\n            this.p = {'ssl_ca': '/q'}\n"
    "        inner()\n        this.q = OPTS\n"
    "    def t(self, other):\n        other.o = {}\n        pymysql.connect(**self.o, **self.p, **self.q)\n"
    "    def u(self):\n        return self.t\n",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PARTS), min_size=2, max_size=9))
def test_generated_programs_give_the_same_result(parts: list[str]) -> None:
    text = "".join(parts)
    text = python_shape.bound(text).text
    same(text)


def test_a_subclass_keeps_its_overrides_and_calls_of_the_base_methods() -> None:
    text = (
        "import pymysql\n\n\nclass Runner:\n    def connection(self):\n"
        "        return pymysql.connect(host='h', ssl=self.ssl_parameters())\n\n"
        "    def ssl_parameters(self):\n        return None\n\n    def open(self, tls):\n"
        "        return pymysql.connect(ssl=tls)\n\n\n"
        "class Rds(Runner):\n    def ssl_parameters(self):\n        return {'ca': '/rds.pem'}\n\n"
        "    def run(self):\n        return self.open({'ca': '/run.pem'})\n\n"
        "    def other(self):\n        return 1\n"
    )
    reduced = parsed_text(text)
    assert "/rds.pem" in reduced and "/run.pem" in reduced and "return 1" not in reduced
    found = same(text)
    assert {s.value for c in found.candidates for s in c.settings if s.key == "ssl.ca"} == {
        "/rds.pem",
        "/run.pem",
    }
