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

An object built in a method and returned as its last statement
(``Properties tls() { Properties p = new Properties(); p.setProperty(…);
return p; }``) is read too (:meth:`Returns.local_of`): the caller gets the
local's state at that ``return``, the only one of the body.
"""

from __future__ import annotations

from tree_sitter import Node

from connlint.frontends.java_symbols import Symbols
from connlint.frontends.java_syntax import SourceFn, walk

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
        #: By (class body id, name, arity): the ``return`` statement and the identifier it returns, or None.
        self._locals: dict[tuple[int, str, int], tuple[Node, Node] | None] = {}

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

    def local_of(self, call: Node, name: str, arity: int) -> tuple[Node, Node] | None:
        """The ``return`` statement and the returned identifier of a method of
        the caller's class whose body ends with its only ``return name;``.
        """
        body = self._class_body(call)
        if body is None:
            return None
        key = (body.id, name, arity)
        if key not in self._locals:
            method = self._method(body, name, arity)
            self._locals[key] = None if method is None else _returned_local(method)
        return self._locals[key]

    def in_class(self, body: Node, name: str, arity: int) -> tuple[Node, list[int]] | None:
        """The expression method ``name`` of the class ``body`` returns (and its
        parameters), for a call from another file (``java_returned_urls``).
        """
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
        method = self._method(body, name, arity)
        if method is None:
            return None
        returned = _single_return(method)
        if returned is None:
            return None
        parameters = method.child_by_field_name("parameters")
        assert parameters is not None  # _method checked it
        return returned, [p.id for p in parameters.named_children if p.type == "formal_parameter"]

    def _method(self, body: Node, name: str, arity: int) -> Node | None:
        """The one method of ``body`` named ``name`` with ``arity`` plain parameters
        (None: none, an overload, or varargs: which one runs is not read here).
        """
        found: Node | None = None
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
                return None
            found = method
        return found


def _returned_local(method: Node) -> tuple[Node, Node] | None:
    """The last statement of ``method``'s body when it is ``return name;`` and the
    body has no other ``return`` (a lambda's or an inner class's ones included:
    a conservative count), with the identifier.
    """
    block = method.child_by_field_name("body")
    if block is None:
        return None
    statements = [s for s in block.named_children if s.type not in ("line_comment", "block_comment")]
    if not statements or statements[-1].type != "return_statement":
        return None
    last = statements[-1]
    values = [c for c in last.named_children if c.type not in ("line_comment", "block_comment")]
    if len(values) != 1 or values[0].type != "identifier":
        return None
    if sum(1 for node in walk(block) if node.type == "return_statement") != 1:
        return None
    return last, values[0]


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
