"""Where a value goes: whether every use of a string (a URL literal) or of a
built object (a driver ``Configuration``) only checks or parses it, never
connects with it (issue 16, item 15).

The drivers' own test suites are full of URLs that are asserted
(``assertEquals("jdbc:mysql://…", url)``), parsed
(``ConnectionUrl.getConnectionUrlInstance(url, props)``, MariaDB's
``Configuration.parse(url)``), matched (``Driver.acceptsURL``, ``Pattern``) or
rewritten; those are not connections.  A value with any other use, or a use
not known here (returned, stored in a field, handed to another method), still
is: only uses that are known to be checks count as checks.
"""

from __future__ import annotations

from tree_sitter import Node

from connlint.frontends.java_symbols import Symbols, Var
from connlint.frontends.java_syntax import SourceFn, walk

#: Methods whose arguments are compared, parsed or matched, never connected to:
#: assertions (JUnit, AssertJ, Hamcrest, TestNG), the drivers' URL parsers and
#: matchers, regular expressions and string rewriting.
CHECKS = frozenset(
    {
        "assertEquals",
        "assertNotEquals",
        "assertSame",
        "assertNotSame",
        "assertTrue",
        "assertFalse",
        "assertNull",
        "assertNotNull",
        "assertThat",
        "assertThrows",
        "assertDoesNotThrow",
        "assertArrayEquals",
        "isEqualTo",
        "isNotEqualTo",
        "equalTo",
        "is",
        "containsString",
        "startsWith",
        "endsWith",
        "contains",
        "equals",
        "equalsIgnoreCase",
        "matches",
        "compile",
        "replace",
        "replaceAll",
        "replaceFirst",
        "acceptsURL",
        "acceptsUrl",
        "isAcceptable",
        "getConnectionUrlInstance",
        "parse",
        "parseUrl",
        "parseURL",
        "parseConnectionString",
        "split",
        "indexOf",
        "substring",
        "length",
        "isEmpty",
        "hashCode",
        "initialUrl",
    }
)
#: Uses of a variable followed at most (a variable used more often keeps its connection).
_MAX_USES = 64
#: Nodes of a scope searched for a variable's uses.
_MAX_NODES = 20_000
#: Steps from a use to the call it is an argument of (parentheses, casts, a ``+``).
_MAX_UP = 8


def only_checked(node: Node, symbols: Symbols, source: SourceFn, follow: bool = True, depth: int = 0) -> bool:
    """Whether every use of the value of expression ``node`` only checks or parses it
    (``follow``: a local it is stored in is followed to its uses, one level).
    """
    parent, child = _up(node, symbols)
    if parent is None:
        return False
    kind = parent.type
    if kind == "argument_list":
        call = symbols.parent(parent)
        return call is not None and call.type == "method_invocation" and _called(call, source) in CHECKS
    if kind == "method_invocation":
        obj = parent.child_by_field_name("object")
        if obj is None or obj.id != child.id:
            return False
        # "jdbc:…".startsWith(x), url.equals(other): the string is the receiver.
        if _called(parent, source) in CHECKS:
            return True
        # conf.toString(), conf.database(): what the call returns goes where it goes.
        return depth < _MAX_UP and only_checked(parent, symbols, source, follow, depth + 1)
    if kind == "variable_declarator" and follow:
        name = parent.child_by_field_name("name")
        var = symbols.resolve(name) if name is not None else None
        return var is not None and not var.is_field and _uses_only_checked(var, symbols, source)
    if kind == "assignment_expression" and follow:
        left = parent.child_by_field_name("left")
        right = parent.child_by_field_name("right")
        var = symbols.resolve(left) if left is not None and left.type == "identifier" else None
        if var is None or var.is_field or right is None or right.id != child.id:
            return False
        return _uses_only_checked(var, symbols, source)
    return False


def _up(node: Node, symbols: Symbols) -> tuple[Node | None, Node]:
    """The node a value is handed to, past parentheses and casts."""
    child = node
    parent = symbols.parent(node)
    for _ in range(_MAX_UP):
        if parent is None or parent.type not in ("parenthesized_expression", "cast_expression"):
            break
        child, parent = parent, symbols.parent(parent)
    return parent, child


def _called(call: Node, source: SourceFn) -> str:
    name = call.child_by_field_name("name")
    return source(name) if name is not None else ""


def _uses_only_checked(var: Var, symbols: Symbols, source: SourceFn) -> bool:
    """Every read of local ``var`` only checks it (and there is one at least)."""
    scope = symbols.scope_of(var.node)
    if scope is None:
        return False
    uses = 0
    for count, inner in enumerate(walk(scope)):
        if count > _MAX_NODES:
            return False
        if inner.type != "identifier" or source(inner) != var.name or inner.id == _name_id(var):
            continue
        if symbols.resolve(inner) is not var:
            continue
        parent = symbols.parent(inner)
        if parent is not None and parent.type == "assignment_expression":
            left = parent.child_by_field_name("left")
            if left is not None and left.id == inner.id:
                continue  # written, not read
        uses += 1
        if uses > _MAX_USES or not only_checked(inner, symbols, source, follow=False):
            return False
    return uses > 0


def _name_id(var: Var) -> int:
    name = var.node.child_by_field_name("name")
    return name.id if name is not None else -1
