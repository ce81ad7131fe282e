"""Methods of a class that return one expression (issue 16, values that travel):
``String getURL(String db) { return "jdbc:mariadb://localhost:3306/" + db; }``.

A call of such a method of the caller's own class (``getURL("test")``,
``this.url(db)``) yields that expression with the method's parameters bound to
the call's arguments (:meth:`connlint.frontends.java_values.Evaluator.evaluate`),
so ``DriverManager.getConnection(getURL("test"))`` connects to the URL the
method builds, and the method's literal is that connection's, not one of its
own.  Only a body that is one ``return`` statement is read: anything else (a
branch, a local, a loop) is not followed and the call stays unknown.  An
overloaded name (two methods of that name and arity) is not followed either.
"""

from __future__ import annotations

from tree_sitter import Node

from connlint.frontends.java_symbols import Symbols
from connlint.frontends.java_syntax import SourceFn

#: Steps up from a call to the body of the class it is in.
_MAX_UP = 256


class Returns:
    """The one-expression methods of the classes of one file, found on demand."""

    def __init__(self, symbols: Symbols, source: SourceFn) -> None:
        self.symbols = symbols
        self.source = source
        #: By (class body id, name, arity): the returned expression and the
        #: parameters (their ``formal_parameter`` node ids), or None.
        self._found: dict[tuple[int, str, int], tuple[Node, list[int]] | None] = {}

    def of(self, call: Node, name: str, arity: int) -> tuple[Node, list[int]] | None:
        """The expression a call of ``name`` with ``arity`` arguments returns
        (and the parameters it reads), when the method is of the caller's class.
        """
        body = self._class_body(call)
        if body is None:
            return None
        key = (body.id, name, arity)
        if key not in self._found:
            self._found[key] = self._lookup(body, name, arity)
        return self._found[key]

    def _class_body(self, node: Node) -> Node | None:
        parent = self.symbols.parent(node)
        for _ in range(_MAX_UP):
            if parent is None or parent.type in ("class_body", "enum_body"):
                return parent
            parent = self.symbols.parent(parent)
        return None

    def _lookup(self, body: Node, name: str, arity: int) -> tuple[Node, list[int]] | None:
        found: tuple[Node, list[int]] | None = None
        for method in body.named_children:
            if method.type != "method_declaration":
                continue
            method_name = method.child_by_field_name("name")
            parameters = method.child_by_field_name("parameters")
            if method_name is None or parameters is None or self.source(method_name) != name:
                continue
            kinds = ("formal_parameter", "spread_parameter")
            params = [p for p in parameters.named_children if p.type in kinds]
            if len(params) != arity:
                continue
            if found is not None or any(p.type != "formal_parameter" for p in params):
                return None  # an overload, or varargs: which one runs is not read here
            returned = _single_return(method)
            if returned is None:
                return None
            found = (returned, [p.id for p in params])
        return found


def _single_return(method: Node) -> Node | None:
    """The expression of a body that is one ``return`` statement, or None."""
    block = method.child_by_field_name("body")
    if block is None:
        return None
    statements = [s for s in block.named_children if s.type not in ("line_comment", "block_comment")]
    if len(statements) != 1 or statements[0].type != "return_statement":
        return None
    values = [c for c in statements[0].named_children if c.type not in ("line_comment", "block_comment")]
    return values[0] if len(values) == 1 else None
