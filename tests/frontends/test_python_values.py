"""Values that travel in Python code (issue 16, items 8-10 and 12): dicts built,
copied and changed, ``self.<attr>`` set in ``__init__``/``setUp``, function
returns, loops over literal collections, aliases of the connect function and
command lines handed to the shell front-end.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from connlint.frontends import python
from connlint.model import DYNAMIC, Candidate, CandidateKind, Hop


def cands(text: str, client: CandidateKind = CandidateKind.PYTHON) -> list[Candidate]:
    return [c for c in python.extract("x.py", text).candidates if c.kind is client]


def each(text: str) -> list[dict[str, object]]:
    """The settings of each candidate, by key (the last value of a key wins)."""
    return [{s.key: s.value for s in c.settings} for c in cands(text)]


HEAD = "import copy, functools, pymysql\nimport mysql.connector\n"


# ----------------------------------------------------------------- item 8: dicts that flow


def test_dict_copies_follow_the_original_and_their_own_changes() -> None:
    text = HEAD + (
        "BASE = dict(host='h')\n"
        "TLS = {**BASE, 'ssl': {'ca': '/ca.pem'}}\n"
        "def f():\n"
        "    a = TLS.copy()\n"
        "    a['ssl_verify_identity'] = True\n"
        "    b = copy.deepcopy(BASE)\n"
        "    b.update(ssl_disabled=True)\n"
        "    c = copy.copy(TLS)\n"
        "    pymysql.connect(**a)\n"
        "    pymysql.connect(**b)\n"
        "    pymysql.connect(**c)\n"
    )
    assert each(text) == [
        {"host": "h", "ssl.ca": "/ca.pem", "ssl_verify_identity": "True"},
        {"host": "h", "ssl_disabled": "True"},
        {"host": "h", "ssl.ca": "/ca.pem"},
    ]


def test_a_dict_changed_between_two_connects_gives_each_its_state() -> None:
    text = HEAD + (
        "def f():\n"
        "    cfg = {'host': 'h', 'ssl_disabled': True}\n"
        "    pymysql.connect(**cfg)\n"
        "    del cfg['ssl_disabled']\n"
        "    cfg['ssl_ca'] = '/ca.pem'\n"
        "    pymysql.connect(**cfg)\n"
        "    cfg.pop('ssl_ca')\n"
        "    pymysql.connect(**cfg)\n"
        "    cfg.clear()\n"
        "    pymysql.connect(**cfg)\n"
    )
    assert each(text) == [
        {"host": "h", "ssl_disabled": "True"},
        {"host": "h", "ssl_ca": "/ca.pem"},
        {"host": "h"},
        {},
    ]


def test_a_dict_returned_by_a_function_of_the_module() -> None:
    text = HEAD + (
        "def get_config():\n"
        "    cfg = {'host': 'h'}\n"
        "    cfg['ssl_disabled'] = True\n"
        "    return cfg\n"
        "pymysql.connect(**get_config())\n"
    )
    assert each(text) == [{"host": "h", "ssl_disabled": "True"}]
    (c,) = cands(text)
    assert c.settings[1].location.line == 5  # where the value is written, in the function


def test_each_return_of_a_function_with_several_is_an_outcome() -> None:
    text = HEAD + (
        "def get_config(secure):\n"
        "    if secure:\n"
        "        return {'ssl_ca': '/ca.pem'}\n"
        "    return {'ssl_disabled': True}\n"
        "pymysql.connect(**get_config(True))\n"
        "def many(n):\n"
        + "".join(f"    if n == {i}:\n        return {{'ssl_ca': '/{i}.pem'}}\n" for i in range(5))
        + "pymysql.connect(**many(1))\n"
        "def host(prod):\n"
        "    if prod:\n"
        "        return 'db.internal'\n"
        "    return 'localhost'\n"
        "pymysql.connect(host=host(1), ssl_disabled=True)\n"
    )
    assert each(text) == [
        {"ssl_ca": "/ca.pem"},
        {"ssl_disabled": "True"},
        {"**": None},  # more returns than MAX_RETURNS: not known statically
        {"host": None, "ssl_disabled": "True"},  # returns that cannot decide TLS are no choice
    ]


def test_both_arms_of_a_conditional_expression_are_outcomes() -> None:
    text = HEAD + (
        "import os\n"
        "prod = os.environ.get('PROD')\n"
        "ssl = {'ca': '/ca.pem'} if prod else None\n"
        "pymysql.connect(host='h', ssl=ssl)\n"
        "pymysql.connect(host='a' if prod else 'b', ssl_disabled=True)\n"
        "pymysql.connect(ssl_disabled=False if prod else True)\n"
        "pymysql.connect(ssl_disabled=True if prod else True)\n"
    )
    assert each(text) == [
        {"host": "h", "ssl.ca": "/ca.pem"},
        {"host": "h", "ssl": "None"},
        {"host": None, "ssl_disabled": "True"},  # a host is no choice point
        {"ssl_disabled": "False"},
        {"ssl_disabled": "True"},
        {"ssl_disabled": "True"},  # the same outcome in both arms: given once
    ]


def test_self_attributes_set_in_init_or_setup_reach_other_methods() -> None:
    text = HEAD + (
        "class T:\n"
        "    def setUp(self):\n"
        "        self.config = {'host': 'h', 'ssl_disabled': True}\n"
        "    def test_a(self):\n"
        "        pymysql.connect(**self.config)\n"
        "    def test_b(self):\n"
        "        self.config['ssl_disabled'] = False\n"
        "        pymysql.connect(**self.config)\n"
        "    def test_c(self):\n"
        "        self.config = {'host': 'other'}\n"
        "        pymysql.connect(**self.config)\n"
    )
    assert each(text) == [
        {"host": "h", "ssl_disabled": "True"},
        {"host": "h", "ssl_disabled": "False"},
        {"host": "other"},
    ]


def test_self_attributes_of_another_class_or_a_static_method_are_unknown() -> None:
    text = HEAD + (
        "class A:\n"
        "    def __init__(self):\n"
        "        self.config = {'ssl_disabled': True}\n"
        "class B:\n"
        "    def run(self):\n"
        "        pymysql.connect(**self.config)\n"
        "    @staticmethod\n"
        "    def other(self):\n"
        "        pymysql.connect(**self.config)\n"
    )
    assert each(text) == [{"**": None}, {"**": None}]


def test_class_attributes_through_self_and_the_class_name() -> None:
    text = HEAD + (
        "class Db:\n"
        "    OPTIONS = {'ssl_ca': '/ca.pem'}\n"
        "    def open(self):\n"
        "        return pymysql.connect(**self.OPTIONS)\n"
        "pymysql.connect(**Db.OPTIONS)\n"
    )
    assert each(text) == [{"ssl_ca": "/ca.pem"}, {"ssl_ca": "/ca.pem"}]


# ----------------------------------------------------------------- item 9: loops


def test_a_loop_over_a_literal_collection_gives_one_connection_per_value() -> None:
    text = HEAD + (
        "for verify in (True, False):\n"
        "    pymysql.connect(host='h', ssl_ca='/ca.pem', ssl_verify_cert=verify)\n"
    )
    assert [s["ssl_verify_cert"] for s in each(text)] == ["True", "False"]


def test_nested_loops_and_loops_over_dicts() -> None:
    text = HEAD + (
        "CONFIGS = [{'ssl_disabled': True}, {'ssl_ca': '/ca.pem'}]\n"
        "for cfg in CONFIGS:\n"
        "    for host in ['a', 'b']:\n"
        "        pymysql.connect(host=host, **cfg)\n"
    )
    assert each(text) == [
        {"host": "a", "ssl_disabled": "True"},
        {"host": "b", "ssl_disabled": "True"},
        {"host": "a", "ssl_ca": "/ca.pem"},
        {"host": "b", "ssl_ca": "/ca.pem"},
    ]


def test_a_loop_that_does_not_reach_the_call_or_is_not_literal_gives_one_connection() -> None:
    text = HEAD + (
        "def f(hosts):\n"
        "    for i in (1, 2, 3):\n"
        "        print(i)\n"
        "    for host in hosts:\n"
        "        pymysql.connect(host=host, ssl_disabled=True)\n"
    )
    assert each(text) == [{"host": None, "ssl_disabled": "True"}]


@given(st.integers(min_value=1, max_value=40), st.integers(min_value=1, max_value=40))
def test_loop_connections_are_bounded(outer: int, inner: int) -> None:
    text = HEAD + (
        f"for a in {list(range(outer))!r}:\n"
        f"    for b in {list(range(inner))!r}:\n"
        "        pymysql.connect(host='h', port=a, connect_timeout=b)\n"
    )
    found = cands(text)
    assert 1 <= len(found) <= 16


# ----------------------------------------------------------------- branches: outcomes, not a pick


def test_a_setting_changed_in_one_arm_gives_one_outcome_per_arm() -> None:
    text = HEAD + (
        "def f(host, tls=None):\n"
        "    p = {'host': host}\n"
        "    if tls is False:\n"
        "        p['ssl_disabled'] = True\n"
        "    elif tls is not None:\n"
        "        p['ssl'] = {'ca': '/ca.pem'}\n"
        "    return pymysql.connect(**p)\n"
    )
    assert each(text) == [
        {"host": None, "ssl_disabled": "True"},
        {"host": None, "ssl.ca": "/ca.pem"},
        {"host": None},
    ]


def test_a_name_rebound_in_an_arm_and_an_arm_that_returns() -> None:
    text = HEAD + (
        "def f(cfg):\n"
        "    ssl_arg = {'': True}\n"
        "    if cfg:\n"
        "        ssl_arg = {'ca': '/ca.pem'}\n"
        "    pymysql.connect(host='h', ssl=ssl_arg)\n"
        "def g(cfg):\n"
        "    if cfg:\n"
        "        o = {'ssl_ca': '/ca.pem'}\n"
        "        return pymysql.connect(**o)\n"
        "    else:\n"
        "        o = {'ssl_disabled': True}\n"
        "    return pymysql.connect(**o)\n"
    )
    assert each(text) == [
        {"host": "h", "ssl.ca": "/ca.pem"},
        {"host": "h", "ssl.": "True"},
        {"ssl_ca": "/ca.pem"},
        {"ssl_disabled": "True"},
    ]


def test_a_change_that_cannot_decide_tls_or_the_arm_the_call_is_in_is_no_choice() -> None:
    text = HEAD + (
        "def f(port, tls):\n"
        "    p = {'host': 'h', 'ssl_ca': '/ca.pem'}\n"
        "    if port:\n"
        "        p['port'] = port\n"
        "    if tls:\n"
        "        p['ssl_verify_identity'] = True\n"
        "        pymysql.connect(**p)\n"
    )
    assert each(text) == [{"host": "h", "ssl_ca": "/ca.pem", "port": None, "ssl_verify_identity": "True"}]


@given(st.integers(min_value=1, max_value=12))
def test_branch_outcomes_are_bounded(ifs: int) -> None:
    body = "".join(f"    if c{i}:\n        p['ssl_key{i}'] = '/k{i}'\n" for i in range(ifs))
    text = HEAD + "def f():\n    p = {'host': 'h'}\n" + body + "    pymysql.connect(**p)\n"
    found = cands(text)
    assert 2 <= len(found) <= 16


# ----------------------------------------------------------------- item 15: checked only


def test_url_literals_only_compared_or_asserted_are_not_connections() -> None:
    text = (
        "import re, unittest\n"
        "from sqlalchemy import create_engine\n"
        "class T(unittest.TestCase):\n"
        "    def test(self):\n"
        "        url = make()\n"
        "        assert url == 'mysql://u@db/app'\n"
        "        assert 'mysql://u@db/app' != url and url in ('mysql://u@db/other',)\n"
        "        self.assertEqual(url, 'mysql+pymysql://u@db/app')\n"
        "        self.assertTrue(url.startswith('mysql://u@'))\n"
        "        re.compile('mysql://[a-z]+/app')\n"
        "        if url == 'mysql://legacy/app':\n"
        "            pass\n"
        "        create_engine('mysql+pymysql://u@db/app?ssl_disabled=true')\n"
        "        keep = {'url': 'mysql://u@db/kept'}\n"
    )
    found = [c.location.line for c in cands(text)]
    assert found == [13, 14]


def test_tortoise_urls_are_asyncmy_and_its_parser_only_parses() -> None:
    text = (
        "from tortoise import Tortoise\n"
        "from tortoise.backends.base.config_generator import expand_db_url\n"
        "Tortoise.init(db_url='mysql://u@db/app')\n"
        "expand_db_url('mysql://u@db/parsed')\n"
        "Tortoise.init(db_url='mysql+pymysql://u@db/app')\n"
    )
    assert [(c.location.line, c.driver) for c in cands(text)] == [(3, "asyncmy"), (5, "pymysql")]
    assert [c.driver for c in cands("URL = 'mysql://u@db/app'\n")] == ["MySQLdb"]


# ----------------------------------------------------------------- item 10: aliases


def test_connect_through_functools_partial() -> None:
    text = HEAD + (
        "secure = functools.partial(pymysql.connect, 'db', ssl_ca='/ca.pem')\n"
        "from functools import partial\n"
        "insecure = partial(secure, ssl_disabled=True)\n"
        "secure('user', ssl_verify_identity=True)\n"
        "insecure(password='pw')\n"
    )
    found = cands(text)
    assert [c.driver for c in found] == ["pymysql", "pymysql"]
    assert [s.key for s in found[0].settings] == ["host", "ssl_ca", "user", "ssl_verify_identity"]
    assert [s.key for s in found[1].settings] == ["host", "ssl_ca", "ssl_disabled", "password"]


def test_a_new_connection_of_the_class_of_an_existing_one() -> None:
    text = HEAD + (
        "class T:\n"
        "    def setUp(self):\n"
        "        self.cnx = mysql.connector.connect(host='h')\n"
        "    def test(self):\n"
        "        other = self.cnx.__class__(host='h', ssl_disabled=True)\n"
        "def f():\n"
        "    cnx = pymysql.connect(host='h')\n"
        "    return cnx.__class__(host='h2')\n"
    )
    assert [c.driver for c in cands(text)] == ["mysql.connector", "mysql.connector", "pymysql", "pymysql"]


def test_super_init_in_a_subclass_of_a_driver_connection_class() -> None:
    text = (
        "import pymysql\n"
        "from MySQLdb.connections import Connection as Base\n"
        "class Db(pymysql.connections.Connection):\n"
        "    def __init__(self, cfg):\n"
        "        super().__init__(host=cfg['host'], ssl={'ca': '/ca.pem'})\n"
        "class Old(Base):\n"
        "    def __init__(self):\n"
        "        super(Old, self).__init__('h', ssl_mode='REQUIRED')\n"
        "class Mine(Db):\n"
        "    def __init__(self, cfg):\n"
        "        super().__init__(cfg)\n"
        "class Other(dict):\n"
        "    def __init__(self):\n"
        "        super().__init__(host='h')\n"
    )
    found = cands(text)
    assert [(c.location.line, c.driver) for c in found] == [(5, "pymysql"), (8, "MySQLdb")]
    assert {s.key: s.value for s in found[1].settings} == {"host": "h", "ssl_mode": "REQUIRED"}


def test_a_connect_function_kept_on_self() -> None:
    text = HEAD + (
        "class Reader:\n"
        "    def __init__(self, wrapper=None):\n"
        "        if wrapper:\n"
        "            self.wrapper = wrapper\n"
        "        else:\n"
        "            self.wrapper = pymysql.connect\n"
        "        self.db = mysql.connector\n"
        "    def a(self):\n"
        "        return self.wrapper(host='h', ssl_disabled=True)\n"
        "    def b(self):\n"
        "        return self.db.connect(host='h')\n"
    )
    assert [c.driver for c in cands(text)] == ["pymysql", "mysql.connector"]


def test_binlog_stream_reader_connects_with_its_settings_dicts() -> None:
    text = (
        "import pymysqlreplication\n"
        "from pymysqlreplication import BinLogStreamReader as Reader\n"
        "S = {'host': 'h', 'ssl_disabled': True}\n"
        "Reader(S, 3)\n"
        "Reader(connection_settings=S, server_id=3,\n"
        "       ctl_connection_settings={'host': 'c', 'ssl_ca': '/ca.pem'})\n"
        "Reader(S, 3, None)\n"
        "pymysqlreplication.BinLogStreamReader(S, 3, pymysql_wrapper=make)\n"
        "def f(settings):\n"
        "    return Reader(settings, 4)\n"
    )
    found = cands(text)
    assert [(c.location.line, c.driver) for c in found] == [
        (4, "pymysql"),
        (5, "pymysql"),
        (6, "pymysql"),
        (7, "pymysql"),
        (10, "pymysql"),
    ]
    assert [{s.key: s.value for s in c.settings} for c in found] == [
        {"host": "h", "ssl_disabled": "True"},
        {"host": "h", "ssl_disabled": "True"},
        {"host": "c", "ssl_ca": "/ca.pem"},
        {"host": "h", "ssl_disabled": "True"},
        {"**": None},
    ]


def test_each_call_of_a_helper_is_a_connection_with_its_arguments() -> None:
    text = HEAD + (
        "S = {'host': 'r', 'ssl_disabled': True}\n"
        "def open_db(host, tls=None, loop=None):\n"
        "    return pymysql.connect(host=host, ssl=tls)\n"
        "class Tail:\n"
        "    def __init__(self, settings):\n"
        "        self.c = pymysql.connect(**settings)\n"
        "def main(h):\n"
        "    open_db('a', {'ca': '/ca.pem'})\n"
        "    open_db(host='b')\n"
        "    open_db(h)\n"
        "    open_db(*h)\n"
        "    Tail(S)\n"
    )
    found = cands(text)
    assert [(c.location.line, {s.key: s.value for s in c.settings}) for c in found] == [
        (10, {"host": "a", "ssl.ca": "/ca.pem"}),
        (11, {"host": "b", "ssl": "None"}),
        (12, {"host": None, "ssl": "None"}),  # tls's default is known, the host is not
        (14, {"host": "r", "ssl_disabled": "True"}),
    ]
    assert [h.label for h in found[0].trail] == ["via helper open_db()"]
    assert [h.label for h in found[3].trail][-1] == "via Tail(...)"


def test_a_helper_whose_parameters_decide_nothing_stays_where_it_connects() -> None:
    text = HEAD + (
        "def f(loop):\n"
        "    return pymysql.connect(host='h', ssl_disabled=True, loop=loop)\n"
        "f(1)\n"
        "def g(settings):\n"
        "    return pymysql.connect(**settings)\n"
    )
    assert [c.location.line for c in cands(text)] == [4, 7]


def test_engine_from_config_and_connect_args_built_elsewhere() -> None:
    text = (
        "from sqlalchemy import create_engine, engine_from_config\n"
        "def args():\n"
        "    return {'ssl': {'ca': '/ca.pem'}}\n"
        "CFG = {'db.url': 'mysql+pymysql://u@h/d', 'db.connect_args': {'ssl_disabled': True}}\n"
        "engine_from_config(CFG, 'db.')\n"
        "engine_from_config(CFG, prefix='db.', connect_args=args())\n"
        "engine_from_config({'sqlalchemy.url': 'postgresql://h/d'})\n"
        "create_engine('mysql+pymysql://u@h/d', connect_args=args())\n"
    )
    assert each(text) == [
        {"url": "mysql+pymysql://u@h/d", "ssl_disabled": "True"},
        {"url": "mysql+pymysql://u@h/d", "ssl.ca": "/ca.pem"},
        {"url": "mysql+pymysql://u@h/d", "ssl.ca": "/ca.pem"},
    ]


# ----------------------------------------------------------------- item 12: command lines


def argv(text: str) -> list[list[str]]:
    return [[w.text for w in c.argv] for c in cands(text, CandidateKind.MYSQL_CLI)]


def test_command_lines_go_through_the_shell_front_end() -> None:
    text = (
        "import subprocess, os\n"
        "subprocess.run('mysqldump --ssl-mode=DISABLED db > x.sql && gzip x.sql', shell=True)\n"
        "subprocess.run(['ssh', 'bastion', 'mysql --ssl-mode=REQUIRED -h db'])\n"
        "os.system('timeout 10 mysql -h db --ssl-mode=VERIFY_CA')\n"
        "subprocess.run('echo mysql --ssl-mode=DISABLED', shell=True)\n"
    )
    assert argv(text) == [
        ["mysqldump", "--ssl-mode=DISABLED", "db"],
        ["mysql", "--ssl-mode=REQUIRED", "-h", "db"],
        ["mysql", "-h", "db", "--ssl-mode=VERIFY_CA"],
    ]
    # Each stands at the Python call that runs it.
    assert [c.location.line for c in cands(text, CandidateKind.MYSQL_CLI)] == [2, 3, 4]


def test_a_command_in_a_loop_over_options() -> None:
    text = (
        "import subprocess\n"
        "for mode in ('DISABLED', 'REQUIRED'):\n"
        "    subprocess.run(['mysql', '--ssl-mode=' + mode, '-h', 'db'])\n"
    )
    assert argv(text) == [
        ["mysql", "--ssl-mode=DISABLED", "-h", "db"],
        ["mysql", "--ssl-mode=REQUIRED", "-h", "db"],
    ]


# ----------------------------------------------------------------- item 7: constants across files


def project_cands(tmp_path: Path, files: dict[str, str], linted: str) -> list[Candidate]:
    from connlint import project

    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    (tmp_path / ".git").mkdir(exist_ok=True)
    path = str(tmp_path / linted)
    with project.using(project.Project()):
        return python.extract(path, (tmp_path / linted).read_text()).candidates


SETTINGS = (
    "HOST = 'db.internal'\n"
    "CA_DIR = '/etc/ssl'\n"
    "CA = f'{CA_DIR}/ca.pem'\n"
    "MODE = 'DISABLED'\n"
    "OPTIONS = {'ssl_disabled': True, 'host': HOST}\n"
    "class Tls:\n"
    "    VERIFY = {'ca': CA, 'check_hostname': False}\n"
)


def test_constants_of_another_module_through_each_import_form(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "from .settings import OPTIONS\n",
        "app/settings.py": SETTINGS,
        "app/db.py": (
            "import pymysql\n"
            "import app.settings as s\n"
            "from app import settings, OPTIONS\n"
            "from .settings import CA, Tls\n"
            "pymysql.connect(host=settings.HOST, ssl_ca=CA)\n"
            "pymysql.connect(host=s.HOST, ssl=Tls.VERIFY)\n"
            "pymysql.connect(**OPTIONS)\n"
        ),
    }
    found = project_cands(tmp_path, files, "app/db.py")
    assert [{s.key: s.value for s in c.settings} for c in found] == [
        {"host": "db.internal", "ssl_ca": "/etc/ssl/ca.pem"},
        {"host": "db.internal", "ssl.ca": "/etc/ssl/ca.pem", "ssl.check_hostname": "False"},
        {"ssl_disabled": "True", "host": "db.internal"},
    ]
    # Every setting stands in the linted file, at the name that brought its value.
    db = str(tmp_path / "app/db.py")
    assert {s.location.path for c in found for s in c.settings} == {db}
    ca = found[0].settings[1]
    assert (ca.location.line, ca.value_span.locate().line if ca.value_span else 0) == (5, 5)
    assert [(h.location.path.endswith("settings.py"), h.location.line, h.label) for h in ca.trail] == [
        (True, 3, "via .settings.CA")
    ]
    # A dict's settings share one trail (the definition, then __init__'s re-export):
    # the connection takes each setting's trail.
    assert [len(s.trail) for s in found[2].settings] == [2, 0]


def test_format_operations_over_constants(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "",
        "app/settings.py": SETTINGS,
        "app/jobs.py": (
            "import subprocess\n"
            "from .settings import MODE, HOST\n"
            "subprocess.run(f'mysql --ssl-mode={MODE} -h {HOST}', shell=True)\n"
            "subprocess.run('mysql --ssl-mode=%s -h %s' % (MODE, HOST), shell=True)\n"
            "subprocess.run('mysql --ssl-mode={} -h {host}'.format(MODE, host=HOST), shell=True)\n"
            "subprocess.run('mysql --ssl-mode=%s' % MODE.lower(), shell=True)\n"
        ),
    }
    found = project_cands(tmp_path, files, "app/jobs.py")
    assert [[w.text for w in c.argv] for c in found] == [
        ["mysql", "--ssl-mode=DISABLED", "-h", "db.internal"],
        ["mysql", "--ssl-mode=DISABLED", "-h", "db.internal"],
        ["mysql", "--ssl-mode=DISABLED", "-h", "db.internal"],
        ["mysql", "--ssl-mode=" + DYNAMIC],
    ]
    assert [h.label for h in found[0].trail] == ["via .settings.MODE", "via .settings.HOST"]


def test_imports_are_bounded_and_cycles_stop(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "",
        "app/a.py": "from .b import X\n",
        "app/b.py": "from .c import X\n",
        "app/c.py": "from .d import X\n",
        "app/d.py": "X = True\n",
        "app/loop1.py": "from .loop2 import Y\n",
        "app/loop2.py": "from .loop1 import Y\n",
        "app/db.py": (
            "import pymysql\nfrom .a import X\nfrom .b import X as Z\nfrom .loop1 import Y\n"
            "pymysql.connect(ssl_disabled=X)\npymysql.connect(ssl_disabled=Z)\npymysql.connect(ssl_disabled=Y)\n"
        ),
    }
    found = project_cands(tmp_path, files, "app/db.py")
    assert [c.settings[0].value for c in found] == [None, "True", None]


def test_without_a_project_imported_names_stay_unknown() -> None:
    text = "import pymysql\nfrom .settings import OPTIONS\npymysql.connect(**OPTIONS)\n"
    assert each(text) == [{"**": None}]


def test_a_string_re_exported_by_a_package_stands_at_the_importer(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "from .settings import MODE\nfrom .settings import Tls as TLS\n",
        "app/settings.py": SETTINGS,
        "app/db.py": (
            "import subprocess, pymysql\nfrom app import MODE, TLS\n"
            "subprocess.run(['mysql', '--ssl-mode=' + MODE])\n"
            "pymysql.connect(ssl=TLS.VERIFY)\n"
        ),
    }
    found = project_cands(tmp_path, files, "app/db.py")
    assert [[w.text for w in c.argv] for c in found if c.kind is CandidateKind.MYSQL_CLI] == [
        ["mysql", "--ssl-mode=DISABLED"]
    ]
    (mode,) = [c for c in found if c.kind is CandidateKind.MYSQL_CLI]
    assert mode.argv[1].locate().path == str(tmp_path / "app/db.py")


def test_a_re_export_is_a_step_of_the_trail(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "from .settings import MODE, OPTIONS\n",
        "app/settings.py": SETTINGS,
        "app/db.py": (
            "import subprocess, pymysql\nimport app\nfrom app import MODE\n"
            "subprocess.run(['mysql', '--ssl-mode=' + MODE])\n"
            "subprocess.run(['mysql', '--ssl-mode=' + app.MODE])\n"
            "pymysql.connect(**app.OPTIONS)\n"
        ),
    }
    found = project_cands(tmp_path, files, "app/db.py")
    init, settings = str(tmp_path / "app/__init__.py"), str(tmp_path / "app/settings.py")

    def steps(trail: tuple[Hop, ...]) -> list[tuple[str, int, int, str]]:
        return [(h.location.path, h.location.line, h.location.column, h.label) for h in trail]

    commands = [c for c in found if c.kind is CandidateKind.MYSQL_CLI]
    # Origin first: the definition in settings.py, then the name __init__.py imports.
    assert [steps(c.trail) for c in commands] == [
        [(settings, 4, 8, "via .settings.MODE"), (init, 1, 23, "via app.MODE")],
        [(settings, 4, 8, "via .settings.MODE"), (init, 1, 23, "via app.MODE")],
    ]
    (connect,) = [c for c in found if c.kind is CandidateKind.PYTHON]
    disabled = next(s for s in connect.settings if s.key == "ssl_disabled")
    assert steps(disabled.trail) == [
        (settings, 5, 11, "via .settings.OPTIONS"),
        (init, 1, 29, "via app.OPTIONS"),
    ]


# ----------------------------------------------------------------- item 4: helpers, deeper


def test_a_helper_called_by_a_helper_and_methods_called_on_self() -> None:
    text = HEAD + (
        "def open_conn(host, tls):\n"
        "    return pymysql.connect(host=host, ssl=tls)\n"
        "def middle(tls):\n"
        "    return open_conn('db', tls)\n"
        "def outer():\n"
        "    middle({'ca': '/ca.pem'})\n"
        "class Repo:\n"
        "    def connect_db(self, tls):\n"
        "        return pymysql.connect(host='h', ssl_disabled=tls)\n"
        "    def run(self):\n"
        "        return self.connect_db(True)\n"
        "class Child(Repo):\n"
        "    def other(self):\n"
        "        return self.connect_db(False)\n"
        "def elsewhere(repo):\n"
        "    return repo.connect_db(True)\n"  # not self: no binding
    )
    found = cands(text)
    assert [(c.location.line, {s.key: s.value for s in c.settings}) for c in found] == [
        (8, {"host": "db", "ssl.ca": "/ca.pem"}),
        (13, {"host": "h", "ssl_disabled": "True"}),
        (16, {"host": "h", "ssl_disabled": "False"}),
    ]
    assert [(h.location.line, h.label) for h in found[0].trail] == [
        (4, "via helper open_conn()"),
        (6, "via helper middle()"),
    ]
    assert [h.label for h in found[1].trail] == ["via helper connect_db()"]


def test_helper_chains_stop_at_recursion_and_are_bounded() -> None:
    text = HEAD + (
        "def rec(tls, n):\n"
        "    if n:\n"
        "        return rec(tls, n - 1)\n"
        "    return pymysql.connect(ssl_disabled=tls)\n"
        "def h1(t):\n    return pymysql.connect(ssl=t)\n"
        "def h2(t):\n    return h1(t)\n"
        "def h3(t):\n    return h2(t)\n"
        "def h4(t):\n    return h3(t)\n"
        "h4({'ca': '/ca.pem'})\n"
        "h2({'ca': '/2.pem'})\n"
    )
    found = cands(text)
    # rec: its own connection; h1 <- h2 <- h3 followed (MAX_HELPER_DEPTH), h4's call
    # not: h1's own connection (not known statically) stands for it.
    assert [(c.location.line, {s.key: s.value for s in c.settings}) for c in found] == [
        (6, {"ssl_disabled": None}),
        (8, {"ssl": None}),
        (16, {"ssl.ca": "/2.pem"}),
    ]


def test_a_subclass_overriding_a_method_the_connection_reads() -> None:
    text = HEAD + (
        "class Runner:\n"
        "    def connection(self):\n"
        "        params = {'host': 'h'}\n"
        "        options = self.ssl_parameters()\n"
        "        if options:\n"
        "            params['ssl'] = options\n"
        "        return pymysql.connect(**params)\n"
        "    def ssl_parameters(self):\n"
        "        out = {}\n"
        "        for key in KEYS:\n"
        "            out[key] = 1\n"  # a key not known statically
        "        return out\n"
        "class Rds(Runner):\n"
        "    def ssl_parameters(self):\n"
        "        return {'ca': '/rds.pem'}\n"
        "class Unrelated:\n"
        "    def ssl_parameters(self):\n"
        "        return {'ca': '/other.pem'}\n"
    )
    found = cands(text)
    assert [{s.key: s.value for s in c.settings} for c in found] == [
        {"host": "h", "ssl.**": None},
        {"host": "h"},
        {"host": "h", "ssl.ca": "/rds.pem"},
    ]
    assert [(h.location.line, h.label) for h in found[2].trail] == [(16, "via Rds.ssl_parameters()")]


# ----------------------------------------------------------------- item 15: strings not connected


def test_urls_compared_inside_collections_parsed_or_mycli_dsns_are_not_connections() -> None:
    text = (
        "from databases import DatabaseURL\n"
        "def test(rows, config):\n"
        "    assert rows == [('mysql+pymysql://u@h/d',)]\n"
        "    assert config == {'alias_dsn': {'prod': 'mysql+pymysql://u@h/d'}}\n"
        "    assert config == [[[[['mysql+pymysql://u@deep/d']]]]]\n"  # deeper than MAX_CHECKED_DEPTH
        "    return DatabaseURL('mysql://u@h/d').options, ['mysql+pymysql://u@kept/d']\n"
    )
    assert [c.location.line for c in cands(text)] == [5, 6]
    mycli = "from mycli.main import MyCli\nALIASES = {'prod': 'mysql://u@h/d?ssl_mode=off'}\n"
    assert cands(mycli) == []
    assert len(cands(mycli.replace("mycli.main", "app.main"))) == 1  # a SQLAlchemy URL elsewhere


@given(st.integers(min_value=1, max_value=6))
@example(6)  # inner points were once met before the outermost: one outcome
def test_conditional_expression_outcomes_are_bounded(depth: int) -> None:
    # ``{...} if c0 else ({...} if c1 else (...))``: one outcome per arm, within the budget.
    value = "None"
    for i in range(depth):
        value = f"({{'ca': '/{i}.pem'}} if c{i} else {value})"
    found = cands(HEAD + f"pymysql.connect(ssl={value})\n")
    assert 2 <= len(found) <= 16
    assert {c.settings[0].value for c in found} <= {f"/{i}.pem" for i in range(depth)} | {"None"}


@given(st.integers(min_value=1, max_value=6), st.integers(min_value=1, max_value=12))
def test_helper_chains_and_call_sites_are_bounded(length: int, calls: int) -> None:
    # h0 connects; h<i> calls h<i-1>; the module calls the last helper ``calls`` times.
    defs = "def h0(t):\n    return pymysql.connect(ssl=t)\n"
    defs += "".join(f"def h{i}(t):\n    return h{i - 1}(t)\n" for i in range(1, length))
    sites = "".join(f"h{length - 1}({{'ca': '/{n}.pem'}})\n" for n in range(calls))
    found = cands(HEAD + defs + sites)
    cas = [s.value for c in found for s in c.settings if s.key == "ssl.ca"]
    if length <= 3:  # MAX_HELPER_DEPTH
        assert cas == [f"/{n}.pem" for n in range(min(calls, 8))]  # MAX_CALL_SITES
        assert all(len(c.trail) == length for c in found)
    else:
        assert cas == [] and [{s.key: s.value for s in c.settings} for c in found] == [{"ssl": None}]


def test_a_constant_passed_to_a_helper_stands_where_the_caller_wrote_it() -> None:
    text = HEAD + (
        "def open_conn(host, tls):\n"
        "    return pymysql.connect(host=host, ssl_disabled=tls)\n"
        "def middle(tls):\n"
        "    return open_conn('db', tls)\n"
        "middle(True)\n"
        "open_conn('x',\n    False)\n"
    )
    found = cands(text)
    placed = [
        next((s.location.line, s.location.column, s.source) for s in c.settings if s.key == "ssl_disabled")
        for c in found
    ]
    assert placed == [(7, 8, "ssl_disabled=True"), (9, 5, "ssl_disabled=False")]
