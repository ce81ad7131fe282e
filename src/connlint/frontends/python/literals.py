"""Python string literals as located text: decoding a literal's escapes with the
source position of every character, joining located strings, masking
``str.format`` and ``%`` fields as values not known statically, and reading a
literal's raw text from the libcst tree.
"""

from __future__ import annotations

import codecs
import re
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence

import libcst as cst

from connlint.model import DYNAMIC, Piece, Span

_ESCAPE = re.compile(
    r"\\(?:\r\n|\n|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}\\]*\}|[0-7]{1,3}|.)",
    re.DOTALL,
)
_FORMAT_FIELD = re.compile(r"\{[^{}]*\}")
#: What follows ``%`` or ``%(key)`` in a %-format field (see :func:`percent_fields`).
_PERCENT_CONVERSION = re.compile(r"[-#0 +]*+\d*+(?:\.\d+)?[sdrif]")


def raw_text(node: cst.BaseString) -> str:
    """The source text of a string node's literal parts (quotes and prefixes included)."""
    if isinstance(node, cst.SimpleString):
        return node.value
    if isinstance(node, cst.ConcatenatedString):
        left = node.left
        right = node.right
        return raw_text(left) + raw_text(right)
    if isinstance(node, cst.FormattedString):
        return "".join(p.value for p in node.parts if isinstance(p, cst.FormattedStringText))
    return ""


def literal_text(node: cst.CSTNode) -> str | None:
    """The text of a plain literal or a concatenation of them, escapes undecoded
    (enough to read a URL's scheme); None for anything else (f-strings, names).
    """
    if isinstance(node, cst.SimpleString):
        return node.raw_value
    if isinstance(node, cst.ConcatenatedString):
        left, right = literal_text(node.left), literal_text(node.right)
        return None if left is None or right is None else left + right
    return None


def decode_literal(raw: str, line: int, column: int) -> tuple[str, tuple[Piece, ...]]:
    """Value and pieces of a string literal as written at ``line``:``column`` (1-based)."""
    prefix_len = 0
    while prefix_len < len(raw) and raw[prefix_len] not in "'\"":
        prefix_len += 1
    prefix = raw[:prefix_len].lower()
    quote = (
        raw[prefix_len : prefix_len + 3]
        if raw[prefix_len : prefix_len + 3] in ('"""', "'''")
        else raw[prefix_len]
    )
    body = raw[prefix_len + len(quote) : len(raw) - len(quote)]
    return decode_body(body, line, column + prefix_len + len(quote), raw="r" in prefix, fstring=False)


#: Runs of a literal's body that stand for themselves (no escape, line break or
#: f-string brace), by kind of literal.
_PLAIN = re.compile(r"[^\\\n]+")
_PLAIN_RAW = re.compile(r"[^\n]+")
_PLAIN_FSTRING = re.compile(r"[^\\\n{}]+")
_PLAIN_RAW_FSTRING = re.compile(r"[^\n{}]+")


def decode_body(
    body: str, line: int, column: int, *, raw: bool, fstring: bool
) -> tuple[str, tuple[Piece, ...]]:
    """Value and pieces of a literal's ``body`` starting at ``line``:``column``."""
    out: list[str] = []
    pieces: list[Piece] = [Piece(0, line, column)]
    length = 0
    i = 0
    plain = _PLAIN_RAW if raw else _PLAIN
    if fstring:
        plain = _PLAIN_RAW_FSTRING if raw else _PLAIN_FSTRING

    def restart() -> None:
        if pieces[-1].offset == length:
            pieces[-1] = Piece(length, line, column)
        else:
            pieces.append(Piece(length, line, column))

    while i < len(body):
        char = body[i]
        if char == "\\" and not raw:
            match = _ESCAPE.match(body, i)
            escape = match.group() if match else char
            if escape in ("\\\n", "\\\r\n"):
                decoded = ""
                line += 1
                column = 1
            else:
                try:
                    decoded = codecs.decode(escape, "unicode_escape")
                except (UnicodeDecodeError, ValueError):
                    decoded = escape
                column += len(escape)
            out.append(decoded)
            length += len(decoded)
            i += len(escape)
            restart()
        elif fstring and char in "{}" and body[i : i + 2] in ("{{", "}}"):
            out.append(char)
            length += 1
            column += 2
            i += 2
            restart()
        elif char == "\n":
            out.append(char)
            length += 1
            line += 1
            column = 1
            i += 1
            restart()
        else:
            # Up to the next character that needs care the value is the source:
            # one part, not a list entry a character.
            match = plain.match(body, i)
            chunk = match.group() if match else char
            out.append(chunk)
            length += len(chunk)
            column += len(chunk)
            i += len(chunk)
    text = "".join(out)
    return text, tuple(p for p in pieces if p.offset < len(text) or p.offset == 0)


def join(left: Span, right: Span) -> Span:
    """``left`` followed by ``right``, each character where it was."""
    shift = len(left.text)
    pieces = left.pieces + tuple(Piece(p.offset + shift, p.line, p.column) for p in right.pieces)
    if not left.text:
        pieces = right.pieces
    elif not right.text:
        pieces = left.pieces
    return Span(left.text + right.text, left.path or right.path, pieces)


def format_fields(text: str) -> Iterator[tuple[int, int]]:
    """The spans of the ``str.format`` fields of ``text``."""
    return (m.span() for m in _FORMAT_FIELD.finditer(text))


def percent_fields(text: str) -> Iterator[tuple[int, int]]:
    r"""The spans of the %-format fields of ``text``: what
    ``%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdrif]`` finds, in linear time.  A
    mapping key ends at the first ``)``, so what may follow it is read once per
    ``)``, not once per ``%(`` before it (which was quadratic).
    """
    after_key: dict[int, int | None] = {}  # a key's `)` -> the end of the field it closes
    close, searched = -1, -1  # `close`: the first `)` at or after `searched` (-1: none)
    pos = 0
    while (percent := text.find("%", pos)) >= 0:
        end = None
        if text.startswith("(", percent + 1):
            if searched < 0 or 0 <= close < percent + 2:
                close, searched = text.find(")", percent + 2), percent + 2
            if close >= 0:
                if close not in after_key:
                    conversion = _PERCENT_CONVERSION.match(text, close + 1)
                    after_key[close] = conversion.end() if conversion else None
                end = after_key[close]
        if end is None:
            conversion = _PERCENT_CONVERSION.match(text, percent + 1)
            end = conversion.end() if conversion else None
        if end is None:
            pos = percent + 1
        else:
            yield percent, end
            pos = end


def substitute(
    span: Span, fields: Callable[[str], Iterable[tuple[int, int]]], values: Sequence[Span | None]
) -> Span:
    """``span`` with its i-th format field replaced by ``values[i]`` (DYNAMIC where
    that is None or missing): a template filled with values known statically.
    """
    result: Span | None = None
    last = 0
    for index, (start, end) in enumerate(fields(span.text)):
        part = span.slice(last, start)
        value = values[index] if index < len(values) else None
        if value is None:
            where = span.locate(start, end)
            value = Span.at(DYNAMIC, span.path, where.line, where.column)
        result = join(result, part) if result is not None else part
        result = join(result, value)
        last = end
    if result is None:
        return span
    return join(result, span.slice(last))


def stationary(text: str, path: str, line: int, column: int) -> Span:
    """``text`` with every character at ``line``:``column`` (a value that stands
    in for the name that refers to it, written elsewhere).
    """
    if len(text) <= 1:
        return Span.at(text, path, line, column)
    return Span.from_runs(text, path, array("q", (0, line, -column)))


# --------------------------------------------------------------------------
# Command lines
# --------------------------------------------------------------------------


def describe_dynamic(text: str) -> str:
    """``text`` with each part not known statically written ``{…}``."""
    return text.replace(DYNAMIC, "{…}")


def redact_url(text: str) -> str:
    """A URL with the password of its ``user:password@`` part replaced by ``***``."""
    return re.sub(r"(://[^:/@?#]*:)[^@/?#]*@", r"\1***@", text, count=1)
