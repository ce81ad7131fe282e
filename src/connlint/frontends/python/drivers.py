"""The MySQL DB-API drivers' connect calls: PyMySQL, mysql-connector-python,
mysqlclient (``MySQLdb``), aiomysql, asyncmy and MariaDB Connector/Python.

The front-end hands over each call's arguments as flat, located settings;
what they mean is decided in :mod:`connlint.clients.python_drivers`.
"""

from __future__ import annotations

import libcst as cst

from connlint.frontends.python.bindings import Scope
from connlint.frontends.python.evaluation import Evaluator
from connlint.model import Candidate, Client

#: Fully qualified call -> driver id (``Candidate.driver``).
DRIVER_BY_CALL: dict[str, str] = {
    # aiomysql: connect / create_pool take the same keywords (python-drivers.md §4).
    "aiomysql.connect": "aiomysql",
    "aiomysql.create_pool": "aiomysql",
    "aiomysql.connection.connect": "aiomysql",
    "aiomysql.pool.create_pool": "aiomysql",
    # asyncmy (python-drivers.md §4).
    "asyncmy.connect": "asyncmy",
    "asyncmy.create_pool": "asyncmy",
    # MariaDB Connector/Python (not analysed in python-drivers.md; settings only).
    "mariadb.connect": "mariadb",
    "mariadb.ConnectionPool": "mariadb",
    # mysqlclient: MySQLdb.connect = Connect = Connection (python-drivers.md §2).
    "MySQLdb.connect": "MySQLdb",
    "MySQLdb.Connect": "MySQLdb",
    "MySQLdb.Connection": "MySQLdb",
    "MySQLdb.connections.Connection": "MySQLdb",
    # mysql-connector-python, incl. pooling and the asyncio API (python-drivers.md §3).
    "mysql.connector.connect": "mysql.connector",
    "mysql.connector.Connect": "mysql.connector",
    "mysql.connector.MySQLConnection": "mysql.connector",
    "mysql.connector.connection.MySQLConnection": "mysql.connector",
    "mysql.connector.connection_cext.CMySQLConnection": "mysql.connector",
    "mysql.connector.pooling.MySQLConnectionPool": "mysql.connector",
    "mysql.connector.pooling.connect": "mysql.connector",
    "mysql.connector.aio.connect": "mysql.connector",
    # PyMySQL: connect = Connect = Connection (python-drivers.md §1).
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
}


def driver_call(ev: Evaluator, node: cst.Call, scope: Scope, order: int) -> Candidate:
    """The candidate of a driver's connect call (its qualified name is in :data:`DRIVER_BY_CALL`)."""
    name = ev.qualname_of(node.func, scope, order)
    driver = DRIVER_BY_CALL[name or ""]
    settings = ev.call_settings(node, scope, order, POSITIONAL_BY_DRIVER.get(driver, ()))
    return Candidate(Client.PYTHON, ev.loc(node), settings=tuple(settings), driver=driver)
