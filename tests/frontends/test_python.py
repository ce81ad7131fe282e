"""Python front-end: which calls are driver calls, how values are followed, and
where each setting stands."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import libcst
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connlint.frontends import python, python_shape
from connlint.frontends.python import literals, positions, reduction
from connlint.model import DYNAMIC, Candidate, CandidateKind, Extraction, Secret, Setting
from strategies import PYTHON_HOSTILE, python_hostile


def cands(text: str, client: CandidateKind = CandidateKind.PYTHON) -> list[Candidate]:
    return [c for c in python.extract("x.py", text).candidates if c.kind is client]


def drivers(text: str) -> list[str | None]:
    return [c.driver for c in cands(text)]


def kv(text: str) -> dict[str, object]:
    (c,) = cands(text)
    return {s.key: s.value for s in c.settings}


def setting(text: str, key: str) -> Setting:
    (c,) = cands(text)
    return next(s for s in c.settings if s.key == key)


def where(text: str, key: str) -> tuple[int, int, int]:
    loc = setting(text, key).location
    return loc.line, loc.column, loc.end_column


def argv(text: str) -> list[list[str]]:
    return [[w.text for w in c.argv] for c in cands(text, CandidateKind.MYSQL_CLI)]


# ----------------------------------------------------------------- imports and aliases


def test_driver_calls_through_imports_and_aliases() -> None:
    assert drivers("import pymysql\npymysql.connect(host='h')\n") == ["pymysql"]
    assert drivers("import pymysql as pm\npm.Connect(host='h')\n") == ["pymysql"]
    assert drivers("from pymysql import connect as c\nc(host='h')\n") == ["pymysql"]
    assert drivers("from mysql.connector import connect\nconnect(host='h')\n") == ["mysql.connector"]
    assert drivers("import mysql.connector\nmysql.connector.connect(host='h')\n") == ["mysql.connector"]
    assert drivers("import mysql.connector as mc\nmc.connect(host='h')\n") == ["mysql.connector"]
    assert drivers("from mysql.connector import pooling\npooling.MySQLConnectionPool(host='h')\n") == [
        "mysql.connector"
    ]
    assert drivers("import MySQLdb\nMySQLdb.Connection(host='h')\n") == ["MySQLdb"]
    assert drivers("import aiomysql\naiomysql.create_pool(host='h')\n") == ["aiomysql"]
    assert drivers("import asyncmy\nasyncmy.connect(host='h')\n") == ["asyncmy"]
    assert drivers("import mariadb\nmariadb.connect(host='h')\n") == ["mariadb"]
    assert drivers("from pymysql import *\nconnect(host='h')\n") == ["pymysql"]


def test_import_inside_a_function_and_alias_by_assignment() -> None:
    assert drivers("def f():\n    import pymysql\n    return pymysql.connect(host='h')\n") == ["pymysql"]
    assert drivers("import pymysql\nconnect = pymysql.connect\nconnect(host='h')\n") == ["pymysql"]


def test_optional_import_with_none_fallback_still_resolves() -> None:
    text = "try:\n    import pymysql\nexcept ImportError:\n    pymysql = None\npymysql.connect(host='h')\n"
    assert drivers(text) == ["pymysql"]


def test_shadowed_or_local_connect_is_not_a_driver_call() -> None:
    assert drivers("from pymysql import connect\ndef connect(**kw):\n    pass\nconnect(host='h')\n") == []
    assert drivers("def connect(**kw):\n    pass\nconnect(host='h', ssl_disabled=True)\n") == []
    assert drivers("import pymysql\ndef f(pymysql):\n    return pymysql.connect(host='h')\n") == []
    assert drivers("pymysql.connect(host='h')\n") == []  # never imported
    assert drivers("from .db import connect\nconnect(host='h')\n") == []
    assert drivers("import pymysql\nclass C:\n    def connect(self):\n        pass\nC().connect()\n") == []


def test_other_clients_yield_nothing() -> None:
    text = (
        "import redis, requests, psycopg2, asyncpg\n"
        "redis.Redis(ssl_cert_reqs='none')\n"
        "requests.get('https://x', verify=False)\n"
        "psycopg2.connect(sslmode='disable', password='pw')\n"
        "asyncpg.connect(ssl=False)\n"
    )
    assert python.extract("x.py", text).candidates == []


def test_docstrings_and_help_strings_yield_nothing() -> None:
    text = (
        '"""Connect with --ssl-mode=DISABLED or mysql://root:pw@db/x."""\n'
        "import argparse\n"
        "p = argparse.ArgumentParser()\n"
        "p.add_argument('--url', help='mysql://user:pw@host/db')\n"
        "def f():\n    'mysql+pymysql://u:pw@h/db'\n"
    )
    assert python.extract("x.py", text).candidates == []


# ----------------------------------------------------------------- values


def test_keyword_literals_and_locations() -> None:
    text = "import pymysql\npymysql.connect(host='db', ssl_disabled=True, port=3306)\n"
    assert kv(text) == {"host": "db", "ssl_disabled": "True", "port": "3306"}
    assert where(text, "ssl_disabled") == (2, 28, 45)
    assert setting(text, "host").value_span is not None  # a string literal
    assert setting(text, "ssl_disabled").value_span is None  # a constant


def test_nested_dicts_are_flattened_with_dots() -> None:
    text = 'import pymysql\npymysql.connect(ssl={"ca": "/ca.pem", "check_hostname": False})\n'
    assert kv(text) == {"ssl.ca": "/ca.pem", "ssl.check_hostname": "False"}
    assert where(text, "ssl.ca") == (2, 22, 37)
    span = setting(text, "ssl.ca").value_span
    assert span is not None and span.locate().column == 29


def test_module_and_function_constants() -> None:
    text = (
        "import pymysql\nCA = '/ca.pem'\n"
        "def f():\n    mode = False\n    pymysql.connect(ssl_ca=CA, ssl_verify_cert=mode)\n"
    )
    assert kv(text) == {"ssl_ca": "/ca.pem", "ssl_verify_cert": "False"}
    span = setting(text, "ssl_ca").value_span
    assert span is not None and (span.locate().line, span.locate().column) == (2, 7)


def test_dict_assigned_before_the_call_and_kwargs() -> None:
    text = (
        "import pymysql\n"
        "opts = {'host': 'db', 'ssl': {'ca': '/ca.pem'}}\n"
        "opts['ssl_disabled'] = False\n"
        "opts.update(port=3307)\n"
        "pymysql.connect(**opts)\n"
    )
    assert kv(text) == {"host": "db", "ssl.ca": "/ca.pem", "ssl_disabled": "False", "port": "3307"}
    assert where(text, "ssl.ca")[0] == 2
    assert kv("import pymysql\npymysql.connect(**dict(host='db', ssl_ca='/x'))\n") == {
        "host": "db",
        "ssl_ca": "/x",
    }


def test_unfollowable_kwargs_are_marked() -> None:
    s = setting("import pymysql\ndef f(cfg):\n    pymysql.connect(**cfg)\n", "**")
    assert s.value is None and s.unknown == "**cfg"


def test_environment_values_are_unknown_with_the_variable_named() -> None:
    for expr in (
        "os.environ['DB_CA']",
        'os.environ.get("DB_CA")',
        "os.getenv('DB_CA', '/d')",
        "environ.get('DB_CA')",
    ):
        text = f"import os\nfrom os import environ\nimport pymysql\npymysql.connect(ssl_ca={expr})\n"
        s = setting(text, "ssl_ca")
        assert s.value is None and s.unknown == "os.environ['DB_CA']", expr


def test_other_expressions_are_unknown_as_written() -> None:
    s = setting("import pymysql\npymysql.connect(host=settings.DB_HOST)\n", "host")
    assert s.value is None and s.unknown == "settings.DB_HOST"


def test_passwords_are_secrets_and_never_in_source_text() -> None:
    text = "import pymysql\npymysql.connect(password='hunter2', passwd=\"x2\")\n"
    pw = setting(text, "password")
    assert pw.value == Secret("hunter2") and "hunter2" not in pw.source and "hunter2" not in repr(pw.value)
    assert setting(text, "passwd").value == Secret("x2")


def test_positional_arguments_of_mysqldb() -> None:
    assert kv("import MySQLdb\nMySQLdb.connect('db', 'app', 'pw', 'app')\n") == {
        "host": "db",
        "user": "app",
        "passwd": Secret("pw"),
        "db": "app",
    }


def test_lists_and_tuples() -> None:
    assert kv("import mysql.connector as m\nm.connect(tls_versions=['TLSv1', 'TLSv1.1'])\n") == {
        "tls_versions": "TLSv1,TLSv1.1"
    }


def test_escapes_and_concatenation_keep_locations() -> None:
    text = 'import pymysql\npymysql.connect(ssl_ca="/a\\tb" "/c.pem")\n'
    span = setting(text, "ssl_ca").value_span
    assert span is not None and span.text == "/a\tb/c.pem"
    assert span.locate(3, 4).column == 29  # "b" after the two-character escape
    assert span.locate(4, 5).column == 33  # "/" of the second literal


# ----------------------------------------------------------------- ssl contexts


def test_ssl_context_steps_in_order_and_located() -> None:
    text = (
        "import ssl, aiomysql\n"
        "ctx = ssl.create_default_context(cafile='/ca.pem')\n"
        "ctx.check_hostname = False\n"
        "ctx.verify_mode = ssl.CERT_NONE\n"
        "ctx.minimum_version = ssl.TLSVersion.TLSv1\n"
        "aiomysql.connect(ssl=ctx)\n"
    )
    (c,) = cands(text)
    assert [(s.key, s.value, s.location.line) for s in c.settings] == [
        ("ssl.context.created_by", "create_default_context", 2),
        ("ssl.context.cafile", "/ca.pem", 2),
        ("ssl.context.check_hostname", "False", 3),
        ("ssl.context.verify_mode", "CERT_NONE", 4),
        ("ssl.context.minimum_version", "TLSv1", 5),
    ]


def test_ssl_context_forms() -> None:
    assert kv("import ssl, asyncmy\nasyncmy.connect(ssl=ssl.SSLContext(ssl.PROTOCOL_TLSv1))\n") == {
        "ssl.context.created_by": "SSLContext",
        "ssl.context.protocol": "PROTOCOL_TLSv1",
    }
    assert kv("import ssl, aiomysql\naiomysql.connect(ssl=ssl._create_unverified_context())\n") == {
        "ssl.context.created_by": "_create_unverified_context"
    }
    text = (
        "from ssl import create_default_context as cdc\nimport aiomysql\n"
        "c = cdc()\nc.load_verify_locations('/x.pem')\naiomysql.connect(ssl=c)\n"
    )
    assert kv(text) == {"ssl.context.created_by": "create_default_context", "ssl.context.cafile": "/x.pem"}


def test_context_steps_after_the_call_do_not_count() -> None:
    text = (
        "import ssl, aiomysql\nctx = ssl.create_default_context()\n"
        "aiomysql.connect(ssl=ctx)\nctx.check_hostname = False\n"
    )
    assert kv(text) == {"ssl.context.created_by": "create_default_context"}


# ----------------------------------------------------------------- SQLAlchemy and Django


def test_sqlalchemy_url_and_connect_args_routed_to_the_dialect_driver() -> None:
    text = (
        "from sqlalchemy import create_engine\n"
        "e = create_engine('mysql+pymysql://u:pw@db/x?ssl_ca=/ca.pem',\n"
        "    connect_args={'ssl': {'check_hostname': False}})\n"
    )
    (c,) = cands(text)
    assert c.driver == "pymysql"
    url = setting(text, "url")
    assert url.value == "mysql+pymysql://u:***@db/x?ssl_ca=/ca.pem"
    assert url.value_span is not None and url.value_span.text.startswith("mysql+pymysql://u:pw@")
    assert setting(text, "ssl.check_hostname").value == "False"


def test_sqlalchemy_dialects() -> None:
    for scheme, driver in [
        ("mysql", "MySQLdb"),
        ("mysql+mysqldb", "MySQLdb"),
        ("mysql+mysqlconnector", "mysql.connector"),
        ("mysql+aiomysql", "aiomysql"),
        ("mysql+asyncmy", "asyncmy"),
        ("mariadb+mariadbconnector", "mariadb"),
    ]:
        text = f"import sqlalchemy\nsqlalchemy.create_engine('{scheme}://db/x')\n"
        assert drivers(text) == [driver], scheme
    assert drivers("import sqlalchemy\nsqlalchemy.create_engine('postgresql://db/x')\n") == []


def test_sqlalchemy_url_from_a_constant_is_one_candidate() -> None:
    text = "from sqlalchemy.ext.asyncio import create_async_engine\nURL = 'mysql+asyncmy://db/x'\ncreate_async_engine(URL)\n"
    (c,) = cands(text)
    assert c.location.line == 3


def test_sqlalchemy_url_create() -> None:
    text = (
        "from sqlalchemy.engine import URL, create_engine\n"
        "u = URL.create('mysql+pymysql', password='pw', host='db', query={'ssl_ca': '/ca.pem'})\n"
        "create_engine(u)\n"
    )
    (c,) = cands(text)
    assert c.driver == "pymysql"
    assert {s.key: s.value for s in c.settings} == {
        "url.drivername": "mysql+pymysql",
        "url.password": Secret("pw"),
        "url.host": "db",
        "url.query.ssl_ca": "/ca.pem",
    }


def test_url_literals_anywhere_except_prose() -> None:
    text = "SQLALCHEMY_DATABASE_URI = 'mysql+pymysql://app@db/x?ssl_ca=/ca.pem'\n"
    assert drivers(text) == ["pymysql"]
    assert drivers("import os\nURL = os.getenv('DB', 'mysql://root@localhost/test')\n") == ["MySQLdb"]
    assert drivers("x = 'see https://dev.mysql.com/doc'\n") == []


def test_a_scheme_alone_is_a_prefix_not_a_connection() -> None:
    # A prefix that code tests URLs against or builds them from (issue 16, precision).
    assert drivers("PREFIX = 'mysql://'\n") == []
    assert drivers("SCHEMES = ('mysql://', 'mysql+pymysql://', 'mariadb+mariadbconnector://')\n") == []
    assert drivers("def ok(u):\n    return u.startswith('mysql://')\n") == []
    assert drivers("def build(h):\n    return 'mysql://' + h + '/app'\n") == []
    # Anything after the scheme is a URL, host unknown or not.
    assert drivers("def build(h):\n    return f'mysql://{h}/app'\n") == ["MySQLdb"]
    assert drivers("URL = 'mysql://db/app'\n") == ["MySQLdb"]


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(["mysql", "mysql+pymysql", "mysql+mysqldb", "mariadb+pymysql", "mysql+aiomysql"]),
    st.sampled_from(["", " ", "db", "u:p@db/x", "{h}"]),
)
def test_url_literal_needs_more_than_its_scheme(scheme: str, rest: str) -> None:
    text = f"import os\nX = f'{scheme}://{rest}'\n"
    assert bool(drivers(text)) == bool(rest.strip())


def test_fstring_url_parts_are_dynamic() -> None:
    text = "import sqlalchemy\nsqlalchemy.create_engine(f'mysql+pymysql://u:{pw}@db/x?ssl_ca=/ca.pem')\n"
    span = setting(text, "url").value_span
    assert span is not None and span.text == f"mysql+pymysql://u:{DYNAMIC}@db/x?ssl_ca=/ca.pem"
    assert span.locate(span.text.index("ssl_ca")).column == 56


def test_format_and_percent_placeholders_are_dynamic() -> None:
    text = "import sqlalchemy\nsqlalchemy.create_engine('mysql://u:{}@db/x'.format(pw))\n"
    assert setting(text, "url").value_span.text == f"mysql://u:{DYNAMIC}@db/x"  # type: ignore[union-attr]
    text = "import sqlalchemy\nsqlalchemy.create_engine('mysql://u:%s@db/x' % pw)\n"
    assert setting(text, "url").value_span.text == f"mysql://u:{DYNAMIC}@db/x"  # type: ignore[union-attr]


def test_django_databases() -> None:
    text = (
        "DATABASES = {\n"
        "    'default': {\n"
        "        'ENGINE': 'django.db.backends.mysql',\n"
        "        'PASSWORD': 'pw',\n"
        "        'HOST': 'db',\n"
        "        'OPTIONS': {'ssl': {'ca': '/ca.pem'}, 'ssl_mode': 'VERIFY_CA'},\n"
        "    },\n"
        "    'other': {'ENGINE': 'django.db.backends.postgresql', 'PASSWORD': 'pw'},\n"
        "}\n"
    )
    (c,) = cands(text)
    assert c.driver == "MySQLdb" and c.location.line == 2
    assert {s.key: s.value for s in c.settings} == {
        "password": Secret("pw"),
        "host": "db",
        "ssl.ca": "/ca.pem",
        "ssl_mode": "VERIFY_CA",
    }


def test_django_item_assignment_and_connector_backend() -> None:
    assert drivers("DATABASES = {}\nDATABASES['default'] = {'ENGINE': 'django.db.backends.mysql'}\n") == [
        "MySQLdb"
    ]
    assert drivers("DATABASES = {'default': {'ENGINE': 'mysql.connector.django'}}\n") == ["mysql.connector"]
    assert drivers("DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3'}}\n") == []


# ----------------------------------------------------------------- command lines


def test_subprocess_argv_list_and_strings() -> None:
    assert argv("import subprocess\nsubprocess.run(['mysql', '--ssl-mode=REQUIRED', '-h', 'db'])\n") == [
        ["mysql", "--ssl-mode=REQUIRED", "-h", "db"]
    ]
    assert argv("import os\nos.system('mysqldump --ssl-ca=/x.pem db | gzip > db.sql.gz')\n") == [
        ["mysqldump", "--ssl-ca=/x.pem", "db"]
    ]
    assert argv(
        "import subprocess\nsubprocess.call(['bash', '-c', 'MYSQL_PWD=x mysql -h db -e \"select 1\"'])\n"
    ) == [["mysql", "-h", "db", "-e", "select 1"]]
    assert (
        argv("import subprocess\nsubprocess.run(['ls', '-l'])\nsubprocess.run('echo mysql', shell=True)\n")
        == []
    )


def test_command_lines_are_read_by_the_shell_front_end() -> None:
    """Wrappers and remote commands the shell front-end knows (``timeout``, ``ssh``,
    ``docker exec``) hold clients too; each candidate stands at the Python call.
    """
    text = (
        "import os, subprocess\n"
        "os.system('timeout 10 mysql -h db --ssl-mode=VERIFY_CA')\n"
        "subprocess.run(['ssh', 'bastion', 'mysql --ssl-mode=REQUIRED -h db'])\n"
        "subprocess.run('docker exec -i db mysql --ssl-mode=DISABLED', shell=True)\n"
    )
    assert argv(text) == [
        ["mysql", "-h", "db", "--ssl-mode=VERIFY_CA"],
        ["mysql", "--ssl-mode=REQUIRED", "-h", "db"],
        ["mysql", "--ssl-mode=DISABLED"],
    ]
    assert [(c.location.line, c.location.column) for c in cands(text, CandidateKind.MYSQL_CLI)] == [
        (2, 1),
        (3, 1),
        (4, 1),
    ]


def test_argv_words_are_located() -> None:
    text = "import subprocess\nsubprocess.check_output(\"mysql '--ssl-mode=DISABLED' -h db\", shell=True)\n"
    (c,) = cands(text, CandidateKind.MYSQL_CLI)
    loc = c.argv[1].locate()
    assert (loc.line, loc.column, loc.end_column) == (2, 33, 52)


def test_argv_with_unknown_words() -> None:
    text = "import subprocess\ndef f(host):\n    subprocess.run(['mysql', '-h', host])\n"
    assert argv(text) == [["mysql", "-h", DYNAMIC]]


# ----------------------------------------------------------------- bad input


def test_unparsable_files_are_notifications_with_a_line() -> None:
    for text, line in [("print 'x'\n", 1), ("x = 1\ndef f(:\n", 2)]:
        result = python.extract("x.py", text)
        assert result.candidates == []
        (note,) = result.notifications
        assert note.line == line and "syntax error" in note.message
    (note,) = python.extract("x.py", "x = 1\x00\n").notifications
    assert "not analysed" in note.message


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.text())
def test_extract_never_raises(text: str) -> None:
    python.extract("x.py", text)


@settings(derandomize=True, max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "import pymysql\n",
                "import ssl\n",
                "from sqlalchemy import create_engine\n",
                "ctx = ssl.create_default_context()\n",
                "ctx.verify_mode = ssl.CERT_NONE\n",
                "opts = {'ssl': {'ca': CA}}\n",
                "opts['x'] = opts\n",
                "CA = CA\n",
                "pymysql.connect(**opts, ssl=ctx, password='p')\n",
                "create_engine(f'mysql+pymysql://u:{p}@h/d?ssl_ca=x', connect_args=opts)\n",
                "def f(opts):\n    return pymysql.connect(**opts)\n",
                "DATABASES = {'default': {'ENGINE': 'x.mysql', 'OPTIONS': opts}}\n",
                "'mysql://\\x41' 'b'\n",
            ]
        ),
        max_size=8,
    )
)
def test_extract_never_raises_on_driver_like_code(lines: list[str]) -> None:
    result = python.extract("x.py", "".join(lines))
    assert not [n for n in result.notifications if "internal error" in n.message]


def test_positions_per_statement_equal_whole_module_positions(monkeypatch) -> None:
    """Positions are computed for single top-level statements; they must equal
    libcst's whole-module positions, whatever comes before the statement."""
    from pathlib import Path

    from connlint.frontends import python as front

    root = Path(__file__).resolve().parent.parent.parent / "fixtures"
    sources = [p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.py"))]
    sources.append(
        '#!/usr/bin/env python\n# header comment\n\n"""Doc."""\nimport pymysql\n\n\n@decorator(1)\n'
        'def f():\n    x = 1; y = 2\n    return pymysql.connect(host="db", ssl_disabled=True)\n'
        'if True: pymysql.connect(host="db2",\n    password="pw-literal")\n'
    )
    for text in sources:
        fast = front.extract("a.py", text)
        monkeypatch.setattr(positions.Positions, "position", lambda self, node: self.module_ranges()[node])
        slow = front.extract("a.py", text)
        monkeypatch.undo()
        assert fast.candidates == slow.candidates


def test_large_files_keep_only_relevant_statements_with_the_same_result(monkeypatch) -> None:
    from connlint.frontends import python as front

    filler = "".join(f"def helper_{i}(x):\n    '''Doc.'''\n    return [x, {i}]\n\n\n" for i in range(6000))
    text = (
        "import pymysql as pm\nimport os\n\nCA = '/etc/ssl/rds-ca-2019-root.pem'\nOTHER = 1\n"
        + filler
        + "OPTS = {'ca': CA}\n\n@decorator\ndef connect_db():\n"
        "    return pm.connect(host='db.example.com', password='s3cret-pw', ssl=OPTS)\n\n"
        "x = 1; y = pm.connect(host=os.environ['H'], ssl_disabled=True)\n"
    )
    assert len(text) > reduction.REDUCE_ABOVE
    reduced = reduction.relevant_statements(text)
    assert reduced.count("\n") == text.count("\n") and "helper_5" not in reduced and "OTHER" not in reduced
    fast = front.extract("big.py", text)
    monkeypatch.setattr(reduction, "REDUCE_ABOVE", 10**9)
    full = front.extract("big.py", text)
    assert fast.candidates and fast.candidates == full.candidates


def test_large_files_keep_the_calls_the_screen_finds_without_a_driver_word(monkeypatch) -> None:
    # A module's helper and BinLogStreamReader name no driver word at the call:
    # a word test over each top-level statement blanked them in a large file.
    from connlint.frontends import python as front

    filler = "".join(f"def helper_{i}(x):\n    return [x, {i}]\n\n\n" for i in range(3000))
    text = (
        "import pymysql\nfrom pymysqlreplication import BinLogStreamReader\n\n"
        "def open_db(host):\n    return pymysql.connect(host=host, ssl_disabled=True)\n\n"
        + filler
        + "class Replica:\n    def stream(self):\n"
        "        return BinLogStreamReader(connection_settings={'host': 'db.example.com'}, server_id=1)\n\n"
        "handle = open_db('db.example.com')\n"
    )
    assert len(text) > reduction.REDUCE_ABOVE
    fast = front.extract("big.py", text)
    monkeypatch.setattr(reduction, "REDUCE_ABOVE", 10**9)
    full = front.extract("big.py", text)
    lines = sorted(c.location.line for c in full.candidates)
    assert lines[-2:] == [text.count("\n") - 2, text.count("\n")]  # the reader, the helper's call
    assert fast.candidates == full.candidates


# -- top-level statements found piece by piece ----------------------------------

_TOP_LEVEL = [
    "import os\n",
    "from a import (\nb,\nc)\n",
    "X = 1\n",
    "Y: int = 2\n",
    "Z += 3\n",
    'SQL = """\nselect 1\nfrom t\n@not_a_decorator\n"""\n',
    "doc = '''\ndef not_a_function():\n    pass\n'''\n",
    "@decorator(1)\n@other\ndef f(x):\n    return x\n",
    "class C:\n    a = 1\n\n    def m(self):\n        pass\n",
    "if X:\n    pass\nelif Y:\n    pass\nelse:\n    pass\n",
    "try:\n    pass\nexcept Exception:\n    pass\nfinally:\n    pass\n",
    "call(\nfirst,\nsecond=[\n1,\n],\n)\n",
    "value = 1 + \\\n2\n",
    "# a comment\n\n",
    "async def g():\n    await h()\n",
    "for i in range(3):\n    pass\nelse:\n    pass\n",
    "while False:\n    pass\n",
    "with open('f') as fh:\n    pass\n",
    "match X:\n    case 1:\n        pass\n",
    "lambda_ = (lambda: 1)\n",
]


def _whole_spans(text: str) -> list[tuple[int, int, str]]:
    import ast

    out = []
    for stmt in ast.parse(text).body:
        first = min([stmt.lineno, *(d.lineno for d in getattr(stmt, "decorator_list", []))])
        out.append((first, stmt.end_lineno or stmt.lineno, type(stmt).__name__))
    return out


def _piece_spans(text: str) -> list[tuple[int, int, str]] | None:

    spans = reduction._top_level_statements(text)
    if spans is None:
        return None
    return [
        (s.first, s.last, "Import" if s.is_import else "Pass" if s.assigns is None else "Assign")
        for s in spans
    ]


def _normalised(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    groups = {"Assign": "Assign", "AnnAssign": "Assign", "AugAssign": "Assign"}
    groups |= {"Import": "Import", "ImportFrom": "Import"}
    return [(a, b, groups.get(k, "Pass")) for a, b, k in spans]


@pytest.mark.parametrize("min_piece", [1, 64, 16 * 1024])
@given(parts=st.lists(st.sampled_from(_TOP_LEVEL), max_size=25), crlf=st.booleans())
def test_top_level_statements_found_piecewise_equal_one_parse(
    min_piece: int, parts: list[str], crlf: bool
) -> None:

    text = "".join(parts)
    if crlf:
        text = text.replace("\n", "\r\n")
    old = reduction._MIN_PIECE
    reduction._MIN_PIECE = min_piece
    try:
        assert _piece_spans(text) == _normalised(_whole_spans(text))
    finally:
        reduction._MIN_PIECE = old


def test_top_level_statements_of_every_python_fixture(monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    monkeypatch.setattr(reduction, "_MIN_PIECE", 1)
    root = Path(__file__).resolve().parents[2] / "fixtures"
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert _piece_spans(text) == _normalised(_whole_spans(text)), path


def test_top_level_statements_give_up_on_what_cpython_cannot_parse(monkeypatch: pytest.MonkeyPatch) -> None:

    monkeypatch.setattr(reduction, "_MIN_PIECE", 1)
    assert reduction._top_level_statements("x = 1\nprint 'python 2'\ny = 2\n") is None
    assert reduction._top_level_statements("x = (\n") is None
    assert reduction._top_level_statements("x = 1\ry = 2\r") is None  # lone CRs
    assert reduction.relevant_statements("import pymysql\nprint 'x'\n") == "import pymysql\nprint 'x'\n"


def test_positions_are_freed_with_the_extraction_not_left_to_the_garbage_collector() -> None:
    # A reference cycle through the builder kept every CodeRange of a file
    # alive until the next full collection: 11 MB after a 1 MB module.
    import gc

    from libcst.metadata import CodeRange

    text = 'import pymysql\nconn = pymysql.connect(host="db", ssl={"ca": "/ca.pem"})\n' * 20
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        assert python.extract("x.py", text).candidates
        gc.collect()
        leaked = [o for o in gc.garbage if isinstance(o, CodeRange)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert leaked == []


def test_literal_text_reads_plain_literals_and_their_concatenations_only() -> None:
    import libcst as cst

    assert (
        literals.literal_text(cst.parse_expression("\"mysql+pymysql://\" 'h/db'")) == "mysql+pymysql://h/db"
    )
    assert literals.literal_text(cst.parse_expression('f"{scheme}://h"')) is None
    assert literals.literal_text(cst.parse_expression('"a" f"{b}"')) is None
    assert literals.literal_text(cst.parse_expression("url")) is None


@pytest.mark.parametrize("indent", ["    ", "\t"])
def test_idle_methods_of_a_kept_class_become_pass_with_the_same_result(
    monkeypatch: pytest.MonkeyPatch, indent: str
) -> None:
    from connlint.frontends import python as front

    i1, i2, i3 = indent, indent * 2, indent * 3
    helpers = "".join(
        f"{i1}@staticmethod\n{i1}def helper_{i}(x):\n{i2}return [x, {i}]\n\n" for i in range(1500)
    )
    text = (
        "import pymysql\n\nCA = '/etc/ssl/rds.pem'\nUNUSED = 2\n\n\nclass Repo:\n"
        f"{i1}'''Doc.'''\n{i1}HOST = 'db.example.com'\n\n"
        + helpers
        + f"{i1}def connect(self, pw):\n"
        + f"{i2}return pymysql.connect(host='db.example.com', password='s3cret-pw', ssl={{'ca': CA}})\n\n"
        + f"{i1}async def later(self):\n{i2}await thing(\n{i3}1,\n{i2})\n"
    )
    assert len(text) > reduction.REDUCE_ABOVE
    reduced = reduction.relevant_statements(text)
    assert reduced.count("\n") == text.count("\n")
    assert "helper_7" not in reduced and "thing" not in reduced and "UNUSED" not in reduced
    assert f"{i1}HOST = " in reduced and "pymysql.connect(" in reduced and f"\n{i1}pass\n" in reduced
    fast = front.extract("repo.py", text)
    monkeypatch.setattr(reduction, "REDUCE_ABOVE", 10**9)
    full = front.extract("repo.py", text)
    assert fast.candidates and fast.candidates == full.candidates
    assert not fast.notifications


_CLASS_PARTS = [
    "    X = 1\n",
    "    CA = '/etc/ssl/rds.pem'\n",
    "    def idle(self):\n        return 1\n",
    "    @property\n    def name(self):\n        return 'n'\n",
    "    def connect(self):\n        return pymysql.connect(host='h', ssl={'ca': CA})\n",
    "    def url(self):\n        return create_engine('mysql+pymysql://u:pw@h/db?ssl_ca=/x.pem')\n",
    "    async def run(self):\n        await thing(\n            1,\n        )\n",
    "    def shell(self):\n        subprocess.run(['mysql', '-h', 'h', '--ssl-mode=DISABLED'])\n",
    "    def local(self):\n        ctx = ssl.create_default_context(cafile='/y.pem')\n"
    "        return pymysql.connect(host='h', ssl=ctx)\n",
]


@settings(max_examples=40, deadline=None)
@given(classes=st.lists(st.lists(st.sampled_from(_CLASS_PARTS), min_size=1, max_size=6), max_size=4))
def test_reduced_classes_give_the_same_candidates(classes: list[list[str]]) -> None:
    from connlint.frontends import python as front

    text = "import pymysql, ssl, subprocess\nfrom sqlalchemy import create_engine\nCA = '/etc/ca.pem'\n"
    text += "".join(f"\n\nclass C{i}:\n" + "".join(body) for i, body in enumerate(classes))
    old = reduction.REDUCE_ABOVE
    try:
        reduction.REDUCE_ABOVE = 0
        reduced = front.extract("m.py", text)
        reduction.REDUCE_ABOVE = 10**9
        full = front.extract("m.py", text)
    finally:
        reduction.REDUCE_ABOVE = old
    assert reduced.candidates == full.candidates
    assert reduced.notifications == full.notifications


# ----------------------------------------------------------------- shapes too deep for libcst (issue 13)

_HEAD = "import pymysql\n"
_TAIL = 'pymysql.connect(host="db", ssl_disabled=True)\n'
_CANARY = ["pymysql", [["host", "db"], ["ssl_disabled", "True"]]]

# The front-end in a child process, so that a native crash (SIGSEGV) or a hang
# fails the test instead of ending pytest: one JSON line when a file starts and
# one with its result.
_CHILD = r"""
import json, sys, time
from connlint.frontends import python
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    print(json.dumps({"path": path}), flush=True)
    start = time.perf_counter()
    r = python.extract(path, text)
    print(json.dumps({
        "path": path,
        "seconds": time.perf_counter() - start,
        "candidates": [[c.driver, [[s.key, str(s.value)] for s in c.settings]] for c in r.candidates],
        "notes": [[n.message, n.line] for n in r.notifications],
    }), flush=True)
"""


def _extract_each(paths: list[Path], seconds: float) -> dict[str, dict[str, Any]]:
    """``python.extract`` of each file in child processes: path -> its result, or
    ``{"died": why}`` for a file that crashed its process or took over ``seconds``
    (a new child goes on with the files after it).
    """
    out: dict[str, dict[str, Any]] = {}
    todo = [str(p) for p in paths]
    while todo:
        with subprocess.Popen(
            [sys.executable, "-c", _CHILD, *todo],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        ) as proc:
            lines: queue.Queue[str | None] = queue.Queue()

            def pump(stream: Any = proc.stdout, lines: queue.Queue[str | None] = lines) -> None:
                for line in stream:
                    lines.put(line)
                lines.put(None)

            threading.Thread(target=pump, daemon=True).start()
            current = todo[0]
            while True:
                try:
                    line = lines.get(timeout=seconds)
                except queue.Empty:
                    proc.kill()
                    out[current] = {"died": f"over {seconds} s"}
                    break
                if line is None:
                    code = proc.wait()
                    if current not in out:
                        out[current] = {"died": f"exit status {code}"}
                    break
                record = json.loads(line)
                if "seconds" in record:
                    out[record["path"]] = record
                else:
                    current = record["path"]
        todo = [p for p in todo if p not in out]
    return out


def _in_function(statement: str) -> str:
    return (
        "def f():\n" + "".join("    " + line for line in statement.splitlines(keepends=True)) + "    " + _TAIL
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Each shape at top level and inside the function that makes the connection."""
    folder = tmp_path_factory.mktemp("hostile")
    paths = []
    for shape in PYTHON_HOSTILE:
        statement = python_hostile(shape)
        paths.append(folder / f"{shape[0]}.py")
        paths[-1].write_text(_HEAD + statement + _TAIL, encoding="utf-8")
        # Inside a function, 2,000 links or levels (past the ~500 at which
        # libcst's tree walks ran out of recursion and lost the file), so that
        # the long elif chain stays a short parse.
        paths.append(folder / f"{shape[0]}.in_function.py")
        paths[-1].write_text(
            _HEAD + _in_function(python_hostile(shape, min(shape[-1], 2000))), encoding="utf-8"
        )
    return {Path(path).name: result for path, result in _extract_each(paths, 30).items()}


@pytest.mark.parametrize("where", ["", ".in_function"])
@pytest.mark.parametrize("shape", PYTHON_HOSTILE, ids=[shape[0] for shape in PYTHON_HOSTILE])
def test_a_statement_too_deep_for_libcst_is_skipped_and_the_rest_read(
    shape: tuple[str, str, str, str, str, str, int], where: str, hostile: dict[str, dict[str, Any]]
) -> None:
    result = hostile[f"{shape[0]}{where}.py"]
    # Ended within the child's 30 s limit (no crash, no hang): timing itself is
    # the benchmarks' business, not a unit test's, on a shared machine.
    assert "died" not in result, result
    assert result["candidates"] == [_CANARY]
    first = 3 if where else 2
    last = first + python_hostile(shape, min(shape[-1], 2000) if where else None).count("\n") - 1
    if shape[0] == "elif_chain":
        assert result["notes"] == []  # split into if statements: nothing left out
    else:
        ((message, line),) = result["notes"]
        assert line == first
        assert message.startswith(
            f"lines {first}-{last} not analysed: " if last > first else f"line {first} "
        )


_LINKS = [
    " + ", " - ", " * ", " / ", " // ", " % ", " @ ", " ** ", " | ", " & ", " ^ ", " << ", " >> ", " and ",
    " or ", " < ", " == ", " is not ", " not in ", " if a else ", ".", " ", "\n    ",
]  # fmt: skip
_TERMS = ["a", '"s"', "f()", "a[0]", "-a", "not a", "(a)", "[a]", "{a: a}", 'f"{a}"', "lambda: a", "await a"]


@st.composite
def _random_chain(draw: st.DrawFn) -> str:
    """One expression: runs of random links and terms, some wrapped in brackets."""
    text = draw(st.sampled_from(_TERMS))
    for _ in range(draw(st.integers(1, 4))):
        link, term = draw(st.sampled_from(_LINKS)), draw(st.sampled_from(_TERMS))
        if link in (" ", "\n    ") and not term.startswith(('"', "f")):
            term = '"s"'  # implicit concatenation
        text += (link + term) * draw(st.integers(1, 6000))
        if draw(st.booleans()):
            opening, closing = draw(st.sampled_from([("(", ")"), ("[", "]"), ("{", "}"), ("f(", ")")]))
            depth = draw(st.integers(1, 600))
            text = opening * depth + text + closing * depth
    return text


@settings(max_examples=6, deadline=None)
@given(chains=st.lists(_random_chain(), min_size=1, max_size=3))
def test_random_chains_never_crash_or_hang_the_front_end(
    chains: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("chains") / "chains.py"
    path.write_text(_HEAD + "".join(f"h = ({chain})\n" for chain in chains) + _TAIL, encoding="utf-8")
    (result,) = _extract_each([path], 30).values()
    assert "died" not in result, result
    assert result["seconds"] < 10
    assert result["candidates"] == [_CANARY]


def _canary(text: str) -> Extraction:
    result = python.extract("x.py", _HEAD + text + _TAIL)
    assert [c.driver for c in result.candidates] == ["pymysql"]
    return result


def test_brackets_and_operators_in_strings_and_comments_do_not_count() -> None:
    text = f'PATTERN = "{"(" * 300}"\n# {"- " * 600}\n"""\n{"-" * 800}\n{"[" * 300}\n"""\n'
    assert _canary(text).notifications == []


def test_the_standard_librarys_deepest_shapes_are_read_whole() -> None:
    """A codec's table of 256 strings concatenated implicitly, each with a comment."""
    import encodings.cp1252

    text = Path(encodings.cp1252.__file__).read_text(encoding="utf-8")
    assert python_shape.bound(text) == (text, ())


def test_a_deep_statement_becomes_pass_with_every_other_line_and_column_kept() -> None:
    deep = " + ".join(["a"] * 400)
    text = (
        "import pymysql\nclass C:\n    def f(self):\n        x = (\n"
        f"            {deep}\n        )  # c\n        return pymysql.connect(host='db', ssl_disabled=True)\n"
    )
    shaped = python_shape.bound(text)
    assert shaped.skipped == (python_shape.Skipped(4, 6, shaped.skipped[0].reason),)
    old, new = text.split("\n"), shaped.text.split("\n")
    assert len(new) == len(old) and new[:3] + new[6:] == old[:3] + old[6:]
    assert new[3] == "        pass" + " " * (len(old[3]) - 8) and new[4].strip() == new[5].strip() == ""
    libcst.parse_module(shaped.text)
    result = python.extract("x.py", text)
    assert [c.driver for c in result.candidates] == ["pymysql"]
    assert result.candidates[0].location.line == 7
    ((note),) = result.notifications
    assert note.line == 4 and note.message.startswith("lines 4-6 not analysed: an expression")


@pytest.mark.parametrize(
    ("text", "skipped"),
    [
        # a compound statement goes whole, its clauses included
        ("if {deep}:\n    a = 1\nelif b:\n    pass\nelse:\n    pass\n", (1, 6)),
        ("if a: b = {deep}\nelse: pass\n", (1, 2)),
        ("for x in y:\n    pass\nelse: c = {deep}\n", (1, 3)),
        ("try:\n    pass\nexcept E({deep}) as e:\n    pass\nfinally:\n    pass\n", (1, 6)),
        # a simple statement inside a block goes alone
        ("while a:\n    pass\nelse:\n    c = {deep}\n", (4, 4)),
        ("@d\ndef f(x={deep}):\n    pass\n", (1, 3)),
        # a decorator alone
        ("@d({deep})\n@e\ndef f():\n    pass\n", (1, 1)),
        # a match block holds only case clauses: the match statement goes
        ("match x:\n    case 1:\n        pass\n    case {deep_pattern}:\n        pass\n", (1, 5)),
        ("match x:\n    case 1:\n        y = {deep}\n", (3, 3)),
        # blocks nested too deep
        ("".join(" " * i + "if a:\n" for i in range(80)) + " " * 80 + "pass\n", None),
    ],
)
def test_what_is_blanked_for_each_kind_of_statement(text: str, skipped: tuple[int, int] | None) -> None:
    deep = " + ".join(["a"] * 400)
    text = "x = 1\n" + text.format(deep=deep, deep_pattern=" | ".join(["1"] * 400)) + "z = 2\n"
    shaped = python_shape.bound(text)
    (first, last) = (shaped.skipped[0].first_line, shaped.skipped[0].last_line)
    if skipped is not None:
        assert (first, last) == (skipped[0] + 1, skipped[1] + 1)
    else:
        assert "blocks" in shaped.skipped[0].reason and last == text.count("\n") - 1
    assert len(shaped.skipped) == 1
    module = libcst.parse_module(shaped.text)
    assert shaped.text.count("\n") == text.count("\n")
    assert shaped.text.startswith("x = 1\n") and shaped.text.endswith("\nz = 2\n")
    assert len(module.body) >= 3


def test_a_long_elif_chain_is_split_and_what_it_holds_is_read() -> None:
    arms = "".join(f"elif a == {i}:\n    x = {i}\n" for i in range(400))
    call = "pymysql.connect(host='db', ssl_disabled=True)"
    text = f"if a:\n    pass\n{arms}elif b:\n    {call}\nelse:\n    x = 0\n"
    shaped = python_shape.bound(_HEAD + text)
    assert shaped.skipped == () and shaped.text.count("\nif   a == ") == 3
    result = python.extract("x.py", _HEAD + text)
    assert [c.driver for c in result.candidates] == ["pymysql"] and result.notifications == []
    assert result.candidates[0].location.line == 1 + 2 + 400 * 2 + 2


def test_f_strings_are_read_as_libcst_reads_them() -> None:
    # libcst 1.0 nests f-strings in the same quotes (PEP 701); a `}` in a nested string ends nothing
    assert python_shape.bound("h = " + 'f"{' * 100 + "a" + '}"' * 100 + "\n").skipped
    assert python_shape.bound("h = f\"{x['}'] + " + " + ".join(["a"] * 400) + '}"\n').skipped
    assert python_shape.bound('h = f"{{" + ' + " + ".join(['f"{{}}"'] * 100) + "\n").skipped == ()
    assert python_shape.bound('h = f"{x:{"(" * 300}}" + rf"\\N{{a}}" "\\N{DASH}"\n').skipped == ()


def test_a_recursion_error_is_retried_with_a_lower_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(python_shape, "MAX_DEPTH", 10**6)  # as if the first bound let it through
    # 1,000 levels: the code of a statement nothing needs is not generated (its
    # positions are not wanted), and 700 levels no longer run out of frames
    strings = "".join('\n    "a"' for _ in range(1000))
    # (it names pymysql: a statement the result cannot need is blanked before the parse)
    result = _canary(f"X = (pymysql,{strings}\n)\n")
    ((note),) = result.notifications
    assert note.line == 2 and note.message.startswith("lines 2-1003 not analysed: ")


@pytest.mark.parametrize(
    "piece",
    [
        "a + ",  # a long chain
        "'\\\\' ",  # strings of backslashes
        '"""\\"',  # an unterminated triple-quoted string
        'f"{',  # unclosed fields
        'f"{{',  # escaped braces
        "((",  # unbalanced brackets
        "\n    ",  # indentation
        "\nelif a:\n  x",  # elif clauses
        "lambda a, b: ",
        'f"\\N{',  # character names in f-strings
        "rf'\\",
        "# (\n",
    ],
)
def test_the_shape_scan_is_linear(piece: str) -> None:
    def seconds(n: int) -> float:  # CPU time: other processes on the machine do not count
        text = "x = " + piece * n + "\n"
        start = time.process_time()
        python_shape.bound(text)
        return time.process_time() - start

    small, large = min(seconds(5_000) for _ in range(5)), min(seconds(20_000) for _ in range(5))
    assert large < 8 * small + 0.02  # 4x the input: linear within noise, not 16x


_EXPRESSIONS = [
    "a", "a + b.c", 'f"{a}{b!r:>{w}}"', "lambda x, y=1: x", "[x for x, y in z if x]", "{a: b, **c}",
    "a if b else c", "not a", "a.b(c)[d]", '"s" "t"', "(a := 1)", "-a ** b", "await a",
]  # fmt: skip


@st.composite
def _expression(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(_EXPRESSIONS))
    for _ in range(draw(st.integers(0, 6))):
        wrap = draw(st.sampled_from(["(@) + a", "f(@)", "[@]", "@ or b", "@.x", "-(@)", 'f"{@}"']))
        text = wrap.replace("@", text)
    return text


@st.composite
def _block(draw: st.DrawFn, indent: int = 0, depth: int = 0) -> str:
    """Statements at one indentation: simple ones and compound ones with their clauses."""
    pad = " " * indent
    out = []
    for _ in range(draw(st.integers(1, 3))):
        e = draw(_expression())
        if depth >= 3 or draw(st.booleans()):
            simple = ["x = {e}", "{e}", "assert {e}, {e}", "del a", "import a.b as c", "x = {e}; y = {e}"]
            line = draw(st.sampled_from(simple))
            out.append(pad + line.format(e=e) + "\n")
            continue
        body = draw(_block(indent + 4, depth + 1))
        head = draw(
            st.sampled_from(
                [
                    "if {e}:\n{b}{p}elif {e}:\n{b}{p}else:\n{b}",
                    "for a in {e}:\n{b}{p}else:\n{b}",
                    "while {e}:\n{b}",
                    "try:\n{b}{p}except E as e:\n{b}{p}else:\n{b}{p}finally:\n{b}",
                    "with {e} as a, b:\n{b}",
                    "@{e}\n{p}@d\n{p}def f(a={e}) -> {e}:\n{b}",
                    "@d\n{p}class C({e}):\n{b}",
                    "async def f():\n{b}",
                    "match {e}:\n{p}    case [a, *b] if {e}:\n{i}{p}    case {{'k': v}}:\n{i}",
                    "if {e}: {e}\n{p}else: {e}\n",
                ]
            )
        )
        inner = "".join("    " + line for line in body.splitlines(keepends=True))
        out.append(pad + head.format(e=e, b=body, p=pad, i=inner))
    return "".join(out)


@settings(max_examples=150, deadline=None)
@given(program=_block(), limit=st.integers(4, 60))
def test_blanking_never_breaks_what_libcst_reads(program: str, limit: int) -> None:
    try:
        libcst.parse_module(program)
    except libcst.ParserSyntaxError:
        return
    shaped = python_shape.bound(program, limit)
    assert shaped.text.count("\n") == program.count("\n")
    libcst.parse_module(shaped.text)
    kept = {line for skipped in shaped.skipped for line in range(skipped.first_line, skipped.last_line + 1)}
    for number, (old, new) in enumerate(zip(program.split("\n"), shaped.text.split("\n"), strict=True), 1):
        assert old == new or number in kept or new.replace("if  ", "elif", 1) == old
