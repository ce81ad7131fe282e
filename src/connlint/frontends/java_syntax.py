"""Small helpers over tree-sitter-java nodes, shared by the Java front-end's
modules (no state: each takes the nodes and, where it needs text, a function
giving a node's source).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from operator import attrgetter

from tree_sitter import Node

SourceFn = Callable[[Node], str]


def type_name(node: Node | None, source: SourceFn) -> str | None:
    """Return the simple name of a type node (``com.x.MysqlDataSource`` -> ``MysqlDataSource``)."""
    if node is None:
        return None
    if node.type == "generic_type":
        node = node.named_child(0)
        if node is None:
            return None
    if node.type == "scoped_type_identifier":
        node = node.named_child(node.named_child_count - 1) if node.named_child_count else None
        if node is None:
            return None
    # Not ``node.text``: after a parse through a read callback (the time budget),
    # tree-sitter fetches it through the callback, ~85 µs a call.
    return source(node)


def is_format_of(call: Node, arg: Node, source: SourceFn) -> bool:
    """Tell whether ``call`` formats ``arg`` (``String.format(arg, …)``, ``arg.formatted(…)``)."""
    name = call.child_by_field_name("name")
    obj = call.child_by_field_name("object")
    if name is None:
        return False
    if source(name) == "formatted" and obj is not None and obj.id == arg.id:
        return True
    args = arguments(call)
    if args and args[0].type in ("field_access", "identifier") and source(args[0]).startswith("Locale"):
        args = args[1:]  # String.format(Locale.ROOT, pattern, …)
    if source(name) != "format" or obj is None or source(obj) != "String" or not args:
        return False
    # The pattern, or an argument: the result is built of both.
    return any(a.id == arg.id for a in args)


def call_name(call: Node, source: SourceFn) -> str | None:
    """The method name of a ``method_invocation`` (None: error recovery left none)."""
    name = call.child_by_field_name("name")
    return None if name is None else source(name)


def arguments(call: Node) -> list[Node]:
    """The argument expressions of a call (comments left out)."""
    args = call.child_by_field_name("arguments")
    if args is None:
        return []
    return [a for a in args.named_children if a.type not in ("line_comment", "block_comment")]


def plus_operands(node: Node, source: SourceFn) -> list[Node]:
    """Operands of a ``+`` chain, left to right, without recursion."""
    out: list[Node] = []
    stack = [node]
    while stack:
        current = unparenthesize(stack.pop())
        operator = current.child_by_field_name("operator") if current.type == "binary_expression" else None
        if operator is not None and source(operator) == "+":
            right = current.child_by_field_name("right")
            left = current.child_by_field_name("left")
            if right is not None:
                stack.append(right)
            if left is not None:
                stack.append(left)
        else:
            out.append(current)
    return out


def unparenthesize(node: Node) -> Node:
    """The expression inside any number of parentheses, without recursion."""
    while node.type == "parenthesized_expression":
        children = node.named_children
        if not children:
            break
        node = children[0]
    return node


_START = attrgetter("start_byte")
_END = attrgetter("end_byte")


def source_order(nodes: list[Node]) -> list[Node]:
    """Sort ``nodes`` in place by start, an outer node before the inner ones that
    start with it (by ``(start_byte, -end_byte)``, stably), and return them.

    Two stable sorts by attribute getters (native code), not a key function
    making a tuple per node: a query's captures of a large file are 10^5 nodes.
    """
    nodes.sort(key=_END, reverse=True)
    nodes.sort(key=_START)
    return nodes


def walk(root: Node) -> Iterator[Node]:
    """All named nodes in source order, without recursion."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.named_children))


def dotted_name(node: Node, source: SourceFn) -> tuple[str, ...] | None:
    """``a.b.C`` as its names; None when it is not a plain dotted name."""
    names: list[str] = []
    current: Node | None = node
    for _ in range(64):
        if current is None:
            return None
        if current.type in ("identifier", "type_identifier"):
            names.append(source(current))
            return tuple(reversed(names))
        if current.type != "field_access":
            return None
        fld = current.child_by_field_name("field")
        if fld is None:
            return None
        names.append(source(fld))
        current = current.child_by_field_name("object")
    return None


def dotted_head(node: Node) -> Node:
    """The first name of a dotted name."""
    current = node
    for _ in range(64):
        if current.type != "field_access":
            break
        inner = current.child_by_field_name("object")
        if inner is None:
            break
        current = inner
    return current
