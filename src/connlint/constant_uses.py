"""A URL constant of one file that a connection of another file uses is one
connection, not two (issue 16: "a full JDBC URL constant is reported twice").

Linted alone, ``Urls.java``'s ``LEDGER = "jdbc:mysql://…?sslMode=DISABLED"``
is a URL literal that nothing in its file connects with: a connection of its
own.  ``B.java``'s ``DriverManager.getConnection(Urls.LEDGER, …)`` is the same
database reached through the constant, with the constant's definition as a
:class:`~connlint.model.Hop` of its trail (``via Urls.LEDGER``).  Once every
file's results are merged, the literal's own connection (and the findings that
stand on it) is dropped when a connection of another file came through it:
the connection that remains is the one that connects, its trail running from
the definition to the use.

A run that holds only the defining file (a pre-commit hook naming it) keeps
its connection: nothing in that run uses it.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from connlint.model import Connection, Finding, Hop, Location

if TYPE_CHECKING:
    from connlint.engine import Report

#: Hops that are calls, not definitions (``java_project``, ``java_subclasses``).
_NOT_CONSTANTS = ("via helper ", "via constructor ")
#: A Python hop through a module's name: ``via conf.ENGINE_URL``, ``via ..pkg.X``
#: (not ``via self.config``, ``via get_config()``, ``via verify = True``).
_PYTHON_CONSTANT = re.compile(r"via (?!self\.|cls\.)\.*[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


def merge_constant_uses(report: Report) -> None:
    """Drop the connections that stand inside a definition another file's
    connection names in its trail (same client and host), and their findings.
    """
    origins: dict[str, list[tuple[Location, Connection]]] = {}
    for conn in report.connections:
        for hop in conn.trail:
            if _constant_hop(hop) and _path(hop.location.path) != _path(conn.location.path):
                origins.setdefault(_path(hop.location.path), []).append((hop.location, conn))
    if not origins:
        return
    dropped: list[Connection] = []
    for conn in report.connections:
        near = origins.get(_path(conn.location.path), ())
        # A definition built from other constants (URL = BASE + Options.OFF) still is
        # one when the use came through the same steps; steps of its own it is not.
        if any(
            _inside(conn.location, where)
            and user.client == conn.client
            and user.host == conn.host
            and set(conn.trail) <= set(user.trail)
            for where, user in near
        ):
            dropped.append(conn)
    if not dropped:
        return
    gone = {id(conn) for conn in dropped}
    report.connections = [c for c in report.connections if id(c) not in gone]
    report.findings = [f for f in report.findings if not any(_belongs(f, conn) for conn in dropped)]


def _constant_hop(hop: Hop) -> bool:
    """A Java constant's definition (``via Urls.LEDGER``), not a helper's or a
    constructor's call (their own connections are not definitions); a Python
    module constant's (``via conf.ENGINE_URL``, ``via .settings.DB_URL``), not a
    call's, a loop value's or an attribute of ``self``.
    """
    path = hop.location.path
    if path.endswith(".java"):
        return not hop.label.startswith(_NOT_CONSTANTS)
    return path.endswith(".py") and _PYTHON_CONSTANT.fullmatch(hop.label) is not None


def _belongs(finding: Finding, conn: Connection) -> bool:
    """A finding of the dropped connection: one it decided, in its file."""
    return (
        finding.decided_at is not None
        and _path(finding.location.path) == _path(conn.location.path)
        and finding.decided_at == conn.decided_at
        and all(_constant_hop(hop) for hop in finding.trail)
    )


def _inside(inner: Location, outer: Location) -> bool:
    """``inner`` within ``outer`` and, in Java, not all of it (a helper's call
    site is its own hop: its connection is not a definition's).  A Python
    constant's hop stands on the value itself, which is the literal's connection.
    """
    within = (outer.line, outer.column) <= (inner.line, inner.column) and (
        inner.end_line,
        inner.end_column,
    ) <= (
        outer.end_line,
        outer.end_column,
    )
    return within and (inner != outer or outer.path.endswith(".py"))


def _path(path: str) -> str:
    return os.path.normpath(os.path.abspath(path))
