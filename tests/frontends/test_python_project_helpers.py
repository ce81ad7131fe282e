"""Helpers of other modules of the project (issue 16, item 4 for Python across
files): frontends/python/project_helpers.py and its use in candidates.py.
"""

from __future__ import annotations

from pathlib import Path

from connlint import project
from connlint.frontends import python
from connlint.frontends.python import project_helpers
from connlint.model import Candidate

DB = (
    "import pymysql\n"
    "\n"
    "def open_conn(host, ssl_disabled=False):\n"
    "    return pymysql.connect(host=host, ssl_disabled=ssl_disabled)\n"
    "\n"
    "def unrelated(x):\n"
    "    return x\n"
    "\n"
    "class Base:\n"
    "    databases = [{'host': 'db.test', 'user': 'root'}, {'host': 'other'}]\n"
    "    def connect(self, **params):\n"
    "        p = self.databases[0].copy()\n"
    "        p.update(params)\n"
    "        return pymysql.connect(**p)\n"
    "    def name(self):\n"
    "        return 'base'\n"
)


def lint(tmp_path: Path, files: dict[str, str], linted: str) -> list[Candidate]:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    (tmp_path / ".git").mkdir(exist_ok=True)
    with project.using(project.Project()):
        return python.extract(str(tmp_path / linted), (tmp_path / linted).read_text()).candidates


def said(found: list[Candidate]) -> list[dict[str, str | None]]:
    return [{s.key: None if s.value is None else str(s.value) for s in c.settings} for c in found]


def test_imports_are_read_from_their_lines() -> None:
    text = (
        "from . import db\n"
        "from ..pkg.db import (open_conn as oc,\n    other)\n"
        "import app.db as adb, os\n"
        "  # from x import y  (a comment: not at the start of a line)\n"
    )
    assert project_helpers.imports(text) == [
        ("", 1, [("db", "db")]),
        ("pkg.db", 2, [("open_conn", "oc"), ("other", "other")]),
        ("app.db", 0, []),
        ("os", 0, []),
    ]


def test_helper_names_are_the_functions_methods_and_classes_that_may_connect() -> None:
    assert project_helpers.helper_names(DB) == {"open_conn", "connect"}
    init = "import pymysql\nclass Db:\n    def __init__(self, s):\n        self.c = pymysql.connect(**s)\n"
    assert project_helpers.helper_names(init) == {"Db"}
    assert project_helpers.helper_names("import pymysql\ndef f(x):\n    return pymysql.err\n") == set()
    # A library's own large module is not looked at.
    big = DB + "#" * project_helpers.MAX_HELPER_MODULE
    assert project_helpers.helper_names(big) == set()


def test_a_helper_function_of_another_module_called_by_name_or_through_its_module(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "",
        "app/db.py": DB,
        "app/views.py": (
            "import pymysql\n"
            "from . import db\n"
            "from .db import open_conn as oc\n"
            "def a():\n"
            "    return oc('a.internal', ssl_disabled=True)\n"
            "def b():\n"
            "    return db.open_conn('b.internal')\n"
            "def c(**kw):\n"
            "    return oc(**kw)\n"  # binds nothing known
            "def d():\n"
            "    return db.unrelated('x')\n"
            "def e():\n"
            "    return pymysql.err.Error\n"
        ),
    }
    found = lint(tmp_path, files, "app/views.py")
    assert said(found) == [
        {"host": "a.internal", "ssl_disabled": "True"},
        {"host": "b.internal", "ssl_disabled": "False"},
    ]
    views = str(tmp_path / "app/views.py")
    assert [(c.location.path, c.location.line) for c in found] == [(views, 5), (views, 7)]
    # The caller's literals stand where it wrote them; the helper's default at the call.
    assert [(s.location.path, s.location.line) for s in found[0].settings] == [(views, 5), (views, 5)]
    assert found[0].settings[1].location.column == 42  # the literal True
    assert [(h.location.path.endswith("db.py"), h.location.line, h.label) for h in found[0].trail] == [
        (True, 4, "via helper open_conn()")
    ]
    assert found[1].settings[1].trail[-1].label == "via helper open_conn()"


def test_self_calls_of_a_method_of_a_base_class_of_another_module(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "",
        "app/db.py": DB,
        "app/test_x.py": (
            "import pymysql.err\n"
            "from app import db\n"
            "from app.db import Base\n"
            "class A(db.Base):\n"
            "    def test_a(self):\n"
            "        self.connect()\n"
            "    def test_b(self):\n"
            "        self.connect(ssl={'ca': '/ca.pem'})\n"
            "    def test_c(self):\n"
            "        self.name()\n"
            "class B(Base):\n"
            "    def connect(self, **params):\n"
            "        return params\n"
            "    def test_own(self):\n"
            "        self.connect(ssl_disabled=True)\n"
        ),
    }
    found = lint(tmp_path, files, "app/test_x.py")
    assert said(found) == [
        {"host": "db.test", "user": "root"},
        {"host": "db.test", "user": "root", "ssl.ca": "/ca.pem"},
    ]
    assert [c.location.line for c in found] == [6, 8]
    assert [h.label for h in found[0].trail] == ["via helper connect()"]
    # The base's dict entries stand at the call, the first with where it was written.
    assert {s.location.line for s in found[0].settings} == {6}
    assert found[0].settings[0].trail[-1].location.line == 10


def test_no_import_of_a_helper_module_costs_no_parse(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "",
        "app/db.py": DB,
        "app/other.py": "import pymysql\nfrom .db import unrelated\nunrelated(pymysql.err)\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    (tmp_path / ".git").mkdir(exist_ok=True)
    with project.using(project.Project()):
        assert project_helpers.helper_words(str(tmp_path / "app/other.py"), files["app/other.py"]) == set()
        text = "from .db import open_conn\nopen_conn('h')\n"
        assert project_helpers.helper_words(str(tmp_path / "app/x.py"), text) == {"open_conn"}
    assert project_helpers.helper_words("x.py", "from .db import open_conn\nopen_conn('h')\n") == set()


def test_an_item_of_a_literal_list_by_index() -> None:
    text = (
        "import pymysql\n"
        "DBS = [{'ssl_disabled': True}, {'ssl_ca': '/ca.pem'}]\n"
        "pymysql.connect(**DBS[0])\n"
        "pymysql.connect(**DBS[-1])\n"
        "pymysql.connect(**DBS[5])\n"
    )
    found = python.extract("x.py", text).candidates
    assert said(found) == [{"ssl_disabled": "True"}, {"ssl_ca": "/ca.pem"}, {"**": None}]


def test_ca_paths_joined_with_os_path_and_pathlib() -> None:
    text = (
        "import os, pathlib\n"
        "from pathlib import Path\n"
        "import pymysql\n"
        "BASE = os.path.dirname(__file__)\n"
        "pymysql.connect(ssl_ca=os.path.join(BASE, 'certs', 'ca.pem'))\n"
        "pymysql.connect(ssl_ca=os.path.join('/etc/', 'mysql', 'ca.pem'))\n"
        "pymysql.connect(ssl_ca=os.path.join(BASE, '/abs/ca.pem'))\n"
        "pymysql.connect(ssl_ca=str(Path(BASE) / 'ca.pem'))\n"
        "pymysql.connect(ssl_ca=(pathlib.Path('/etc') / 'ca.pem').as_posix())\n"
        "pymysql.connect(ssl_ca=os.path.join(BASE, os.environ['X']))\n"
        "pymysql.connect(ssl_ca=10 / 2)\n"
    )
    found = python.extract("x.py", text).candidates
    d = "\ufffc"
    assert [c.settings[0].value for c in found] == [
        f"{d}/certs/ca.pem",
        "/etc/mysql/ca.pem",
        "/abs/ca.pem",
        f"{d}/ca.pem",
        "/etc/ca.pem",
        None,
        None,
    ]
    # Each character stands where it is written; a joining "/" at the next part.
    span = found[1].settings[0].value_span
    assert span is not None and (span.locate(5, 6).column, span.locate(10, 11).column) == (47, 55)


def test_encode_databases_database_is_aiomysql_or_asyncmy_by_scheme() -> None:
    text = (
        "import os\n"
        "from databases import Database\n"
        "from databases.backends.mysql import MySQLBackend\n"
        "Database('mysql://u@db.internal:3307/shop?ssl=true&min_size=2')\n"
        "Database('mysql+asyncmy://u@db.internal/shop?unix_socket=/run/m.sock', ssl=False)\n"
        "Database('postgresql://u@db.internal/shop')\n"
        "Database(os.environ['URL'])\n"
        "MySQLBackend('mysql://localhost/database?ssl=false')\n"
    )
    found = python.extract("x.py", text).candidates
    assert [(c.driver, {s.key: s.value for s in c.settings}) for c in found] == [
        ("aiomysql", {"host": "db.internal", "ssl": "True"}),
        ("asyncmy", {"host": "db.internal", "unix_socket": "/run/m.sock", "ssl": "False"}),
        ("aiomysql", {"host": "localhost", "ssl": "False"}),
    ]
    # The URL's option stands where it is written; the literal is no SQLAlchemy URL too.
    ssl = found[0].settings[1]
    assert (ssl.location.line, ssl.location.column) == (4, 47)


def test_self_attributes_of_a_base_class_of_another_module(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "",
        "app/db.py": DB,
        "app/test_y.py": (
            "import pymysql\n"
            "from app.db import Base\n"
            "class A(Base):\n"
            "    def test_a(self):\n"
            "        args = self.databases[1].copy()\n"
            "        args['ssl_disabled'] = True\n"
            "        return pymysql.connect(**args)\n"
            "    def test_b(self):\n"
            "        return pymysql.connect(**self.missing)\n"
            "class B(Base):\n"
            "    def setUp(self):\n"
            "        self.databases = [{'host': 'own'}]\n"
            "    def test_own(self):\n"
            "        return pymysql.connect(**self.databases[0])\n"
        ),
    }
    found = lint(tmp_path, files, "app/test_y.py")
    assert said(found) == [{"host": "other", "ssl_disabled": "True"}, {"**": None}, {"host": "own"}]
    host = found[0].settings[0]
    assert (host.location.line, host.trail[-1].location.path.endswith("db.py")) == (7, True)


def test_encode_databases_url_password_is_a_secret() -> None:
    from connlint.model import Secret

    found = python.extract(
        "x.py", "from databases import Database\nDatabase('mysql://u:pw@db.internal/x')\n"
    ).candidates
    password = next(s for s in found[0].settings if s.key == "password")
    assert isinstance(password.value, Secret) and password.value.reveal() == "pw"
    assert (password.location.line, password.location.column) == (2, 21)
    assert "pw" not in repr(password.value)
