"""The values of Java expressions: string literals and text blocks decoded with
every character's source position, and the strings expressions yield
(concatenation, ``String.format``, constants of the file), with
:data:`~connlint.model.DYNAMIC` where a part is not known statically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tree_sitter import Node

from connlint.frontends.java_symbols import Symbols
from connlint.frontends.java_syntax import arguments, plus_operands, unparenthesize
from connlint.frontends.spring import Located
from connlint.frontends.ts_positions import TreePositions
from connlint.model import DYNAMIC

#: A ``String.format`` conversion.  Flags and width are possessive: ``0`` is
#: both, but giving a ``0`` back from one to the other never changes where the
#: conversion ends, and backtracking over it was quadratic (``%0000…``).
_FORMAT_SPEC = re.compile(r"%(?:\d+\$)?[-#+ 0,(<]*+\d*+(?:\.\d+)?[a-zA-Z%]")
_SIMPLE_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", "s": " ", '"': '"', "'": "'"}
_SIMPLE_ESCAPES["\\"] = "\\"
MAX_DEPTH = 64


@dataclass(slots=True)
class JavaText(Located):
    """Located text plus the literals (line, column) it was built from."""

    literals: set[tuple[int, int]] = field(default_factory=set)

    def extend(self, other: Located) -> None:
        """Append another located text (and its literals)."""
        Located.extend(self, other)  # not super(): slots=True makes a new class
        if isinstance(other, JavaText):
            self.literals |= other.literals


class Evaluator:
    """The strings the expressions of one file yield."""

    def __init__(self, positions: TreePositions, symbols: Symbols) -> None:
        self.positions = positions
        self.symbols = symbols
        self.source = positions.source

    def literal(self, node: Node) -> JavaText:
        """Decode a string literal or text block with per-character positions."""
        start = self.positions.char(node.start_byte)
        end = self.positions.char(node.end_byte)
        line, column = self.positions.point(start)
        out = JavaText()
        out.literals.add((node.start_byte, node.end_byte))
        text = self.positions.text
        if text.startswith('"""', start, end):
            decode_text_block(text[start:end], line, column, out)
        else:
            # The body cut from the file at once (not the literal, then its body: a copy less).
            closed = end - start >= 2 and text[end - 1] == '"'
            decode_escapes(text[start + 1 : end - 1 if closed else end], line, column + 1, out)
        return out

    def dynamic(self, node: Node) -> JavaText:
        """One unknown character where ``node`` starts."""
        out = JavaText()
        out.add(DYNAMIC, self.positions.point_at(node.start_byte))
        return out

    def evaluate(self, node: Node, depth: int = 0, seen: frozenset[int] = frozenset()) -> JavaText:
        """Return the string an expression yields, with DYNAMIC for what is not known."""
        if depth > MAX_DEPTH:
            return self.dynamic(node)
        kind = node.type
        if kind == "string_literal":
            return self.literal(node)
        if kind == "parenthesized_expression":
            inner = unparenthesize(node)
            if inner is node:
                return self.dynamic(node)
            return self.evaluate(inner, depth + 1, seen)
        if kind == "binary_expression":
            operator = node.child_by_field_name("operator")
            if operator is not None and self.source(operator) == "+":
                out = JavaText()
                for operand in plus_operands(node, self.source):
                    out.extend(self.evaluate(operand, depth + 1, seen))
                return out
            return self.dynamic(node)
        if kind in ("true", "false"):
            return self.verbatim(node)
        if kind in ("decimal_integer_literal", "hex_integer_literal", "decimal_floating_point_literal"):
            return self.verbatim(node)
        if kind == "character_literal":
            out = JavaText()
            line, column = self.positions.point_at(node.start_byte)
            decode_escapes(self.source(node)[1:-1], line, column + 1, out)
            return out
        if kind in ("identifier", "field_access"):
            if kind == "field_access":
                known = self._known_field(node)
                if known is not None:
                    return known
            var = self.symbols.constant(node)
            if var is not None and var.value is not None and var.node.id not in seen:
                return self.evaluate(var.value, depth + 1, seen | {var.node.id})
            return self.dynamic(node)
        if kind == "method_invocation":
            return self._evaluate_call(node, depth, seen)
        return self.dynamic(node)

    def verbatim(self, node: Node) -> JavaText:
        """The node's source text as its value (numbers, booleans, names)."""
        out = JavaText()
        out.add(self.source(node), self.positions.point_at(node.start_byte))
        return out

    def _known_field(self, node: Node) -> JavaText | None:
        """``Boolean.TRUE`` / ``Boolean.FALSE`` as their string values."""
        source = self.source(node)
        if source in ("Boolean.TRUE", "Boolean.FALSE"):
            fld = node.child_by_field_name("field")
            if fld is None:
                return None
            out = JavaText()
            out.add(source.split(".")[1].lower(), self.positions.point_at(fld.start_byte))
            return out
        return None

    def _evaluate_call(self, node: Node, depth: int, seen: frozenset[int]) -> JavaText:
        name_node = node.child_by_field_name("name")
        obj = node.child_by_field_name("object")
        args = arguments(node)
        name = self.source(name_node) if name_node is not None else ""
        receiver = self.source(obj) if obj is not None else ""
        if name == "format" and receiver == "String" and args:
            return self.format(self.evaluate(args[0], depth + 1, seen))
        if name == "formatted" and obj is not None:
            return self.format(self.evaluate(obj, depth + 1, seen))
        if (
            name in ("valueOf", "toString")
            and receiver in ("String", "Boolean", "Integer")
            and len(args) == 1
        ):
            return self.evaluate(args[0], depth + 1, seen)
        if name in ("name", "toString", "getKeyName") and not args and obj is not None:
            if obj.type == "field_access":
                # SslMode.DISABLED.name(), PropertyKey.sslMode.getKeyName(): the constant's name.
                fld = obj.child_by_field_name("field")
                if fld is not None:
                    return self.verbatim(fld)
            if obj.type == "string_literal":
                return self.literal(obj)
        if name == "concat" and obj is not None and len(args) == 1:
            out = self.evaluate(obj, depth + 1, seen)
            out.extend(self.evaluate(args[0], depth + 1, seen))
            return out
        return self.dynamic(node)

    def format(self, fmt: JavaText) -> JavaText:
        """Return a ``String.format`` result: each conversion is a dynamic part."""
        text = fmt.text
        out = JavaText(literals=set(fmt.literals))
        position = 0
        for match in _FORMAT_SPEC.finditer(text):
            out.extend(fmt.slice(position, match.start()))
            if match.group() == "%%":
                out.add("%", fmt.point(match.start()))
            elif match.group() == "%n":
                out.add("\n", fmt.point(match.start()))
            else:
                out.add(DYNAMIC, fmt.point(match.start()))
            position = match.end()
        out.extend(fmt.slice(position, len(text)))
        return out

    # -- settings -----------------------------------------------------------


def decode_escapes(body: str, line: int, column: int, out: JavaText) -> None:
    """Decode Java escapes of a one-line literal body starting at ``line``:``column``."""
    i = 0
    while i < len(body):
        # Up to the next backslash the value is the source: one run, whatever its length.
        j = body.find("\\", i)
        if j < 0:
            out.add(body[i:], (line, column + i))
            return
        out.add(body[i:j], (line, column + i))
        i = j
        char = body[i]
        point = (line, column + i)
        if i + 1 >= len(body):
            out.add(char, point)
            i += 1
            continue
        nxt = body[i + 1]
        if nxt == "u":
            j = i + 1
            while j < len(body) and body[j] == "u":
                j += 1
            digits = body[j : j + 4]
            if len(digits) == 4 and all(c in "0123456789abcdefABCDEF" for c in digits):
                out.add(chr(int(digits, 16)), point)
                i = j + 4
                continue
            out.add(char, point)
            i += 1
        elif nxt in _SIMPLE_ESCAPES:
            out.add(_SIMPLE_ESCAPES[nxt], point)
            i += 2
        elif nxt in "01234567":
            j = i + 1
            limit = i + (4 if nxt in "0123" else 3)
            while j < len(body) and j < limit and body[j] in "01234567":
                j += 1
            out.add(chr(int(body[i + 1 : j], 8)), point)
            i = j
        else:
            out.add(char, point)
            i += 1


def decode_text_block(raw: str, line: int, column: int, out: JavaText) -> None:
    """Decode a text block (JLS 3.10.6): strip incidental indentation, then escapes."""
    body = raw[3:-3] if len(raw) >= 6 and raw.endswith('"""') else raw[3:]
    newline = body.find("\n")
    if newline < 0:
        decode_escapes(body, line, column + 3, out)
        return
    lines = [ln.rstrip("\r") for ln in body[newline + 1 :].split("\n")]
    first_line = line + 1
    significant = [ln for ln in lines[:-1] if ln.strip()] + [lines[-1]]
    indent = min((len(ln) - len(ln.lstrip(" \t")) for ln in significant), default=0)
    for index, content in enumerate(lines):
        stripped = content[indent:].rstrip(" \t")
        continued = _ends_with_continuation(stripped)
        if continued:
            stripped = stripped[:-1]
        decode_escapes(stripped, first_line + index, 1 + indent, out)
        if index < len(lines) - 1 and not continued:
            out.add("\n", (first_line + index, 1 + indent + len(stripped)))


def _ends_with_continuation(text: str) -> bool:
    count = len(text) - len(text.rstrip("\\"))
    return count % 2 == 1
