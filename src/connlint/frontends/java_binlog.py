"""mysql-binlog-connector-java: ``BinaryLogClient`` and its ``setSSLMode(SSLMode.X)`` calls.

The binlog client (https://github.com/osheroff/mysql-binlog-connector-java,
``src/main/java/com/github/shyiko/mysql/binlog/BinaryLogClient.java`` and
``network/SSLMode.java``; Debezium's binlog connection uses it) takes its TLS
mode from ``setSSLMode`` with a constant of its own ``SSLMode`` enum.  Each such
call in a file that imports the library is a CONNECTOR candidate (driver
``mysql-binlog-connector-java``) with one ``sslMode`` setting, the constant's
name (None when the argument is not a constant).

A client whose mode is never set keeps the library's default:
``private SSLMode sslMode = SSLMode.DISABLED`` (``BinaryLogClient.java`` l.139
at 0.30.3, the same since TLS support came in 0.4.0), and ``connect`` only
negotiates TLS when the mode is not DISABLED (l.795).  So a
``new BinaryLogClient(…)`` held in a variable or field on which this file
calls ``connect`` and never ``setSSLMode`` is a candidate without an
``sslMode`` setting: a plaintext connection by default (a client never
connected, as in unit tests of its setters, makes no connection).  Not when the file calls ``setSSLMode`` on
something else (a parameter, a getter's result: a client configured
elsewhere may be this one), nor when the new client is not held in a
variable or leaves it (returned, passed as an argument, copied to another
variable: where it goes may set the mode).

The constructors' first argument is the host when there are four or five
(``hostname, port, [schema,] username, password``); the two- and three-argument
forms connect to ``localhost`` (l.191–204).  The host is the ``hostname``
setting of every candidate of that client.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from tree_sitter import Language, Node, Query, QueryCursor

from connlint.frontends.java_literals import JavaText
from connlint.frontends.java_symbols import Symbols, Var
from connlint.frontends.java_syntax import arguments, type_name
from connlint.frontends.ts_positions import TreePositions
from connlint.lazy import dataclass
from connlint.model import DYNAMIC, Candidate, CandidateKind, Setting

#: The library's package (both the original com.github.shyiko and the com.zendesk
#: fork keep it).
PACKAGE = "com.github.shyiko.mysql.binlog"
DRIVER = "mysql-binlog-connector-java"
CLIENT_TYPE = "BinaryLogClient"
#: The host of the constructors without one (``BinaryLogClient(username, password)``).
DEFAULT_HOST = "localhost"


@functools.cache
def _query() -> Query:
    """New objects, and the places where a variable's object leaves it: an argument,
    a returned value, another variable's value.
    """
    import tree_sitter_java

    return Query(
        Language(tree_sitter_java.language()),
        """
        (object_creation_expression) @new
        (argument_list [(identifier) (field_access)] @out)
        (return_statement [(identifier) (field_access)] @out)
        (variable_declarator value: [(identifier) (field_access)] @out)
        (assignment_expression right: [(identifier) (field_access)] @out)
        """,
    )


@dataclass(frozen=True)
class _Client:
    """One ``new BinaryLogClient(…)`` and the variable that holds it."""

    node: Node
    holder: Var | None
    host: Setting | None


def candidates(
    positions: TreePositions,
    root: Node,
    symbols: Symbols,
    evaluate: Callable[[Node], JavaText],
    invocations: list[Node],
) -> list[Candidate]:
    """A candidate for each ``setSSLMode(…)`` call among ``invocations``, and one for
    each client this file creates and never sets a mode on (the library's default).
    """
    clients = _clients(positions, root, symbols, evaluate)
    by_holder = {id(c.holder): c for c in clients if c.holder is not None}
    out: list[Candidate] = []
    set_on: set[int] = set()
    connected: set[int] = set()
    elsewhere = False  # a mode set on a client this file did not create
    for call in invocations:
        name = call.child_by_field_name("name")
        called = positions.source(name) if name is not None else ""
        if called == "connect":
            connected.add(id(symbols.resolve(call.child_by_field_name("object"))))
        if called != "setSSLMode":
            continue
        args = arguments(call)
        if len(args) != 1:
            continue
        receiver = symbols.resolve(call.child_by_field_name("object"))
        client = by_holder.get(id(receiver)) if receiver is not None else None
        if client is None:
            elsewhere = True
        else:
            set_on.add(id(receiver))
        setting = _mode_setting(positions, args[0])
        settings: tuple[Setting, ...] = (setting,)
        if client is not None and client.host is not None:
            settings += (client.host,)
        out.append(
            Candidate(CandidateKind.CONNECTOR, positions.location(call), settings=settings, driver=DRIVER)
        )
    if not elsewhere:
        for client in clients:
            if client.holder is None or id(client.holder) in set_on or id(client.holder) not in connected:
                continue
            held: tuple[Setting, ...] = () if client.host is None else (client.host,)
            out.append(
                Candidate(
                    CandidateKind.CONNECTOR, positions.location(client.node), settings=held, driver=DRIVER
                )
            )
    return out


def _mode_setting(positions: TreePositions, arg: Node) -> Setting:
    """The ``sslMode`` setting of ``setSSLMode(arg)``: the constant's name, or unknown."""
    written = positions.source(arg)
    constant: str | None = None
    if arg.type == "field_access" and written.replace(" ", "").rsplit(".", 2)[-2:-1] == ["SSLMode"]:
        constant = written.rsplit(".", 1)[-1].strip()
    elif arg.type == "identifier" and written.isupper():
        constant = written  # a static import of the constant
    at = positions.location(arg)
    return Setting("sslMode", constant, at, f"setSSLMode({written})", None, None if constant else written)


def _clients(
    positions: TreePositions, root: Node, symbols: Symbols, evaluate: Callable[[Node], JavaText]
) -> list[_Client]:
    """The ``new BinaryLogClient(…)`` expressions of the file, with their holders and hosts."""
    captures = QueryCursor(_query()).captures(root)
    out: list[_Client] = []
    for node in captures.get("new", []):
        if type_name(node.child_by_field_name("type"), positions.source) != CLIENT_TYPE:
            continue
        if any(c.type == "class_body" for c in node.children):
            continue  # an anonymous subclass may set its own mode
        out.append(_Client(node, _holder(node, symbols), _host(positions, node, evaluate)))
    if not out:
        return out
    # A client handed on (an argument, a returned value, another variable) may
    # have its mode set where it goes: Debezium's task passes the client it
    # creates to the streaming source, which calls setSSLMode.
    escaped = {id(symbols.resolve(node)) for node in captures.get("out", [])}
    out = [c if id(c.holder) not in escaped else _Client(c.node, None, c.host) for c in out]
    out.sort(key=lambda c: c.node.start_byte)
    return out


def _holder(node: Node, symbols: Symbols) -> Var | None:
    """The variable or field a new client is stored in: ``T x = new …`` or ``x = new …``."""
    parent = node.parent
    while parent is not None and parent.type == "parenthesized_expression":
        parent = parent.parent
    if parent is None:
        return None
    if parent.type == "variable_declarator":
        return symbols.resolve(parent.child_by_field_name("name"))
    if parent.type == "assignment_expression" and parent.child_by_field_name("right") is not None:
        return symbols.resolve(parent.child_by_field_name("left"))
    return None


def _host(positions: TreePositions, node: Node, evaluate: Callable[[Node], JavaText]) -> Setting | None:
    """The ``hostname`` setting of a constructor call: its first argument, or
    ``localhost`` for the forms without a host; None for another arity.
    """
    args = arguments(node)
    at = positions.location(node)
    source = "new BinaryLogClient(…)"
    if len(args) in (2, 3):
        return Setting("hostname", DEFAULT_HOST, at, source)
    if len(args) not in (4, 5):
        return None
    value = evaluate(args[0])
    where = positions.location(args[0])
    if not value.text or DYNAMIC in value.text:
        return Setting("hostname", None, where, source, None, positions.source(args[0]))
    return Setting("hostname", value.text, where, source, value.span(positions.path))
