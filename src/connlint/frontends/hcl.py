"""Reading HCL (Terraform's language) with tree-sitter-hcl: blocks, attributes
and the literal values the Terraform front-end evaluates.

The grammar is the one Terraform's own editors use
(https://github.com/tree-sitter-grammars/tree-sitter-hcl, PyPI
``tree-sitter-hcl``).  Its tree: ``config_file > body > (attribute | block)*``;
a block is ``identifier (string_lit | identifier)* block_start body? block_end``;
an attribute ``identifier = expression``.  An expression is flat: a
``variable_expr`` followed by its ``get_attr`` / ``index`` steps
(``var.name``, ``aws_rds_cluster.main[0].id``), or one child (a literal, a
template, a collection, a function call, a conditional...).

Only what a value says literally is read here; references are returned as
:class:`Reference` for the caller to resolve (``frontends/terraform.py``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from tree_sitter import Language, Node, Parser

from connlint.budget import parse_tree
from connlint.frontends.ts_positions import TreePositions
from connlint.lazy import dataclass
from connlint.model import Location


@functools.cache
def _parser() -> Parser:
    import tree_sitter_hcl

    return Parser(Language(tree_sitter_hcl.language()))


def parse(data: bytes) -> Any:
    """The tree of ``data`` (raises :class:`connlint.budget.Expired` past the file's budget)."""
    return parse_tree(_parser(), data)


@dataclass(frozen=True)
class Block:
    """``type "label" "label" { body }``."""

    type: str
    labels: tuple[str, ...]
    body: Node | None
    node: Node


@dataclass(frozen=True)
class Reference:
    """``var.x``, ``local.x``, ``aws_rds_cluster.main[0].id``: the names in order
    (indexes left out), and whether an index step was taken.
    """

    names: tuple[str, ...]


#: An expression's value when it is not literal (a function call, a conditional...).
NOT_LITERAL = object()


def top_body(root: Node) -> Node | None:
    """The file's body (None for an empty file)."""
    for child in root.children:
        if child.type == "body":
            return child
    return None


def blocks(body: Node | None, positions: TreePositions, type: str | None = None) -> Iterator[Block]:
    """The blocks of ``body`` (of one ``type`` when given)."""
    if body is None:
        return
    for child in body.children:
        if child.type != "block":
            continue
        parts = child.children
        if not parts or parts[0].type != "identifier":
            continue
        name = positions.source(parts[0])
        if type is not None and name != type:
            continue
        labels: list[str] = []
        inner = None
        for part in parts[1:]:
            if part.type == "string_lit":
                labels.append(string_text(part, positions) or "")
            elif part.type == "identifier":
                labels.append(positions.source(part))
            elif part.type == "body":
                inner = part
        yield Block(name, tuple(labels), inner, child)


def attributes(body: Node | None, positions: TreePositions) -> dict[str, Node]:
    """The attributes of ``body``: name -> its expression node (the last one wins)."""
    found: dict[str, Node] = {}
    if body is None:
        return found
    for child in body.children:
        if child.type != "attribute":
            continue
        name = child.child(0)
        expression = child.children[-1] if child.child_count >= 3 else None
        if name is not None and expression is not None and expression.type == "expression":
            found[positions.source(name)] = expression
    return found


def header(block: Block, positions: TreePositions) -> Location:
    """The block's type and labels (``resource "aws_db_instance" "main"``): where findings about it go."""
    start = block.node
    end = start.children[0]
    for part in start.children[1:]:
        if part.type in ("block_start", "body", "block_end"):
            break
        end = part
    line, column = positions.point_at(start.start_byte)
    end_line, end_column = positions.point_at(end.end_byte)
    return Location(positions.path, line, column, end_line, end_column)


#: ``\\uNNNN`` and ``\\UNNNNNNNN`` (HCL native syntax spec, "Template Literals").
_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unescape(text: str) -> str:
    if "\\" not in text and "$${" not in text and "%%{" not in text:
        return text
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in _ESCAPES:
            out.append(_ESCAPES[text[i + 1]])
            i += 2
        elif ch == "\\" and (unicode := _UNICODE_ESCAPE.match(text, i)) is not None:
            code = int(unicode.group(1) or unicode.group(2), 16)
            # beyond Unicode: kept as written (never a crash on a made-up escape)
            out.append(chr(code) if code <= 0x10FFFF else unicode.group(0))
            i = unicode.end()
        elif text.startswith(("$${", "%%{"), i):  # a literal ``${`` / ``%{``
            out.append(text[i] + "{")
            i += 3
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def string_text(node: Node, positions: TreePositions) -> str | None:
    """The text of a ``string_lit`` or a quoted template without interpolation; None otherwise."""
    parts = template_parts(node, positions)
    if parts is None or any(not isinstance(p, str) for p in parts):
        return None
    return "".join(p for p in parts if isinstance(p, str))


def template_parts(node: Node, positions: TreePositions) -> list[str | Node] | None:
    """A quoted template's pieces: literal text, and the expression node of each
    ``${...}``; None for a template with directives (``%{ if }``) or a heredoc.

    The literal text is what stands between the quotes and the interpolations,
    not the ``template_literal`` nodes: the grammar leaves a literal's leading
    and trailing blanks out of them (``" x "`` has the literal ``x``).
    """
    parts: list[str | Node] = []
    start = end = None
    for child in node.children:
        kind = child.type
        if kind == "quoted_template_start":
            start = child.end_byte
        elif kind == "quoted_template_end":
            end = child.start_byte
        elif kind not in ("template_literal", "template_interpolation"):
            return None
    if start is None or end is None or end < start:
        return None
    at = start
    for child in node.children:
        if child.type != "template_interpolation":
            continue
        inner = [c for c in child.children if c.type == "expression"]
        if len(inner) != 1:
            return None
        if child.start_byte > at:
            parts.append(_unescape(_between(positions, at, child.start_byte)))
        parts.append(inner[0])
        at = child.end_byte
    if end > at or not parts:
        parts.append(_unescape(_between(positions, at, end)))
    return parts


def _between(positions: TreePositions, start: int, end: int) -> str:
    """The text between two byte offsets."""
    return positions.text[positions.char(start) : positions.char(end)]


#: Nodes that wrap one meaningful child.
_WRAPPERS = frozenset({"expression", "collection_value", "literal_value", "template_expr"})


def unwrap(node: Node) -> Node:
    """The one meaningful node under wrappers (an ``expression`` holding a
    reference, ``var.x``, stays: its children are the reference's steps).
    """
    while node.type in _WRAPPERS and node.named_child_count == 1:
        inner = node.named_children[0]
        if inner.type == "variable_expr":
            break
        node = inner
    return node


def reference(expression: Node, positions: TreePositions) -> Reference | None:
    """The reference ``expression`` is (``var.x``, ``aws_rds_cluster.main[0].id``), or None."""
    node = expression
    while (
        node.type == "expression"
        and node.named_child_count == 1
        and node.named_children[0].type == "expression"
    ):
        node = node.named_children[0]
    if node.type != "expression":
        return None
    return reference_of(node.named_children, positions)


def reference_of(named: list[Node], positions: TreePositions) -> Reference | None:
    """The reference the sibling nodes ``named`` spell (``variable_expr``, then its
    ``get_attr`` / ``index`` steps), or None: an operand of an operation is such a
    run of siblings, not one ``expression`` node.
    """
    if not named or named[0].type != "variable_expr":
        return None
    names = [positions.source(named[0])]
    for step in named[1:]:
        if step.type == "get_attr":
            ident = [c for c in step.named_children if c.type == "identifier"]
            if not ident:
                return None
            names.append(positions.source(ident[-1]))
        elif step.type == "index" or step.type == "legacy_index":
            continue
        else:
            return None  # a splat, a call on a reference...
    return Reference(tuple(names))


def indexed(expression: Node) -> bool:
    """Whether a reference takes an index step (``var.x[0]``): not the whole value."""
    return any(c.type in ("index", "legacy_index") for c in expression.named_children)


def empty_collection(node: Node) -> bool:
    """Whether ``node`` is an empty object or tuple written out (``{}``, ``[]``)."""
    inner = unwrap(node)
    return inner.type in ("object", "tuple") and not any(
        c.type == "object_elem" or c.type == "expression" for c in inner.named_children
    )


def object_items(node: Node, positions: TreePositions) -> list[tuple[str, Node, Node]] | None:
    """The (key, key node, value expression) of an object constructor whose keys
    are names or literal strings/numbers; None when a key is computed.
    """
    items: list[tuple[str, Node, Node]] = []
    for elem in node.named_children:
        if elem.type != "object_elem":
            continue
        key_node = elem.child_by_field_name("key")
        value = elem.child_by_field_name("val")
        if key_node is None or value is None:
            return None
        key = key_text(key_node, positions)
        if key is None:
            return None
        items.append((key, key_node, value))
    return items


def key_text(key: Node, positions: TreePositions) -> str | None:
    """An object key written as a name, a string or a number."""
    inner = unwrap(key)
    if inner.type == "expression":
        ref = reference(inner, positions)
        return ref.names[0] if ref is not None and len(ref.names) == 1 else None
    if inner.type == "variable_expr":
        return positions.source(inner)
    if inner.type == "string_lit":
        return string_text(inner, positions)
    if inner.type == "numeric_lit":
        return positions.source(inner)
    return None


#: How much of an expression a message quotes.
_QUOTE = 60


def quote(text: str) -> str:
    """An expression as a message quotes it (why a value is not known): on one line, shortened."""
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE else text[: _QUOTE - 3] + "..."


def first_error_line(root: Node, positions: TreePositions) -> int | None:
    """The line of the first syntax error under ``root``."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            return positions.point_at(node.start_byte)[0]
        if node.has_error:
            stack.extend(reversed(node.children))
    return None
