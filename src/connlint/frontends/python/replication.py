"""python-mysql-replication's binlog reader: ``BinLogStreamReader`` opens its
connections with PyMySQL.

``BinLogStreamReader(connection_settings, server_id, ctl_connection_settings=None,
..., pymysql_wrapper=None)`` connects with ``pymysql.connect(**connection_settings)``
for the binlog stream and, for the control connection, with
``ctl_connection_settings`` or a copy of ``connection_settings``; a
``pymysql_wrapper`` given replaces ``pymysql.connect`` for both
(pymysqlreplication/binlogstream.py, ``__init__``, ``__connect_to_stream``,
``__connect_to_ctl``, release 1.0.9).  So the settings dicts are PyMySQL
connect arguments: each is a candidate of driver ``pymysql``, at the argument
that carries it, with a hop naming the reader.  With a ``pymysql_wrapper`` the
connection is the wrapper's (a class of the project, read where it connects):
nothing here.
"""

from __future__ import annotations

import libcst as cst

from connlint.frontends.python.bindings import Scope
from connlint.frontends.python.names import keyword_arg, positional
from connlint.frontends.python.settings import Flattener, with_hop
from connlint.model import Candidate, CandidateKind, Hop

#: The reader's qualified names (pymysqlreplication/__init__.py re-exports it).
BINLOG_READER_CALLS: frozenset[str] = frozenset(
    {"pymysqlreplication.BinLogStreamReader", "pymysqlreplication.binlogstream.BinLogStreamReader"}
)

#: The settings arguments: keyword, and position in the signature.
_SETTINGS_ARGUMENTS = (("connection_settings", 0), ("ctl_connection_settings", 2))


def binlog_reader_call(ev: Flattener, node: cst.Call, scope: Scope, order: int) -> list[Candidate]:
    """One PyMySQL candidate per settings dict the reader is given (stream, control)."""
    if keyword_arg(node, "pymysql_wrapper") is not None:
        return []
    out: list[Candidate] = []
    for key, index in _SETTINGS_ARGUMENTS:
        arg = keyword_arg(node, key) or positional(node, index)
        if arg is None or (key != "connection_settings" and _is_none(arg.value)):
            continue
        hop = Hop(ev.loc(node.func), f"via pymysqlreplication BinLogStreamReader({key}=...)")
        settings = with_hop(ev.spread_settings(arg, scope, order), hop)
        out.append(Candidate(CandidateKind.PYTHON, ev.loc(arg), settings=tuple(settings), driver="pymysql"))
    return out


def _is_none(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"
