"""The MySQL DB-API drivers' connect calls: PyMySQL, mysql-connector-python,
mysqlclient (``MySQLdb``), aiomysql, asyncmy and MariaDB Connector/Python.

The front-end hands over each call's arguments as flat, located settings;
what they mean is decided in :mod:`connlint.clients.python_drivers`.
"""

from __future__ import annotations

import libcst as cst

from connlint.frontends.python.bindings import Scope
from connlint.frontends.python.settings import Flattener, with_hop
from connlint.model import Candidate, CandidateKind, Hop, Setting

#: Fully qualified call -> driver id (``Candidate.driver``).
DRIVER_BY_CALL: dict[str, str] = {
    # aiomysql: connect / create_pool take the same keywords (aiomysql/connection.py, aiomysql/pool.py).
    "aiomysql.connect": "aiomysql",
    "aiomysql.create_pool": "aiomysql",
    "aiomysql.connection.connect": "aiomysql",
    "aiomysql.pool.create_pool": "aiomysql",
    # asyncmy (asyncmy/connection.pyx connect(), asyncmy/pool.pyx create_pool()).
    "asyncmy.connect": "asyncmy",
    "asyncmy.create_pool": "asyncmy",
    # MariaDB Connector/Python (mariadb.connect, mariadb.ConnectionPool; settings only).
    "mariadb.connect": "mariadb",
    "mariadb.ConnectionPool": "mariadb",
    # mysqlclient: MySQLdb.connect = Connect = Connection (MySQLdb/__init__.py).
    "MySQLdb.connect": "MySQLdb",
    "MySQLdb.Connect": "MySQLdb",
    "MySQLdb.Connection": "MySQLdb",
    "MySQLdb.connections.Connection": "MySQLdb",
    # mysql-connector-python, pooling and asyncio API (mysql/connector/__init__.py, pooling.py, aio).
    "mysql.connector.connect": "mysql.connector",
    "mysql.connector.Connect": "mysql.connector",
    "mysql.connector.MySQLConnection": "mysql.connector",
    "mysql.connector.connection.MySQLConnection": "mysql.connector",
    "mysql.connector.connection_cext.CMySQLConnection": "mysql.connector",
    "mysql.connector.pooling.MySQLConnectionPool": "mysql.connector",
    "mysql.connector.pooling.connect": "mysql.connector",
    "mysql.connector.aio.connect": "mysql.connector",
    # X DevAPI: get_session(uri | dict | **kwargs), get_client(uri | dict, options)
    # (mysqlx-connector-python lib/mysqlx/__init__.py, connection.py).
    "mysqlx.get_session": "mysqlx",
    "mysqlx.get_client": "mysqlx",
    # PyMySQL: connect = Connect = Connection (pymysql/__init__.py).
    "pymysql.connect": "pymysql",
    "pymysql.Connect": "pymysql",
    "pymysql.Connection": "pymysql",
    "pymysql.connections.Connection": "pymysql",
}

#: Positional parameters of each driver's connect(), in order.  PyMySQL 1.0
#: made them keyword-only, but older code still passes them positionally;
#: mysqlclient's ``_mysql.connect`` kwlist starts host, user, passwd, db, port.
POSITIONAL_BY_DRIVER: dict[str, tuple[str, ...]] = {
    "MySQLdb": ("host", "user", "passwd", "db", "port"),
    "aiomysql": ("host", "user", "password", "db", "port"),
    "asyncmy": ("host", "user", "password", "database", "port"),
    "pymysql": ("host", "user", "password", "database", "port"),
    # The first argument is the session's whole configuration (clients/mysqlx_driver.py).
    "mysqlx": ("session",),
}


def driver_call(ev: Flattener, node: cst.Call, scope: Scope, order: int) -> Candidate:
    """The candidate of a driver's connect call (its qualified name is in :data:`DRIVER_BY_CALL`)."""
    name = ev.qualname_of(node.func, scope, order)
    driver = DRIVER_BY_CALL[name or ""]
    names = POSITIONAL_BY_DRIVER.get(driver, ())
    settings: list[Setting] = []
    # ``functools.partial(pymysql.connect, host=..., ssl=...)``: its arguments come first.
    for partial, at, when in ev.partials(node.func, scope, order):
        hop = Hop(ev.loc(node.func), f"via {ev.code(node.func)} = functools.partial(...)")
        settings.extend(with_hop(ev.call_settings(partial, at, when, names, skip=1), hop))
        names = names[max(0, _positionals(partial) - 1) :]
    settings.extend(ev.call_settings(node, scope, order, names))
    return Candidate(CandidateKind.PYTHON, ev.loc(node), settings=tuple(settings), driver=driver)


def _positionals(node: cst.Call) -> int:
    return sum(1 for arg in node.args if arg.keyword is None and arg.star == "")
