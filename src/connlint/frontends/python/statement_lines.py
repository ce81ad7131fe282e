"""Where the code of each top-level statement of libcst's module begins, from
the lines CPython's parser gave the screen: what
:func:`~connlint.frontends.python.positions.statement_first_lines` finds by
generating the code of the whole module (under the profiler ~14 % of the
Python front-end's time on real code), without that code generation.

libcst's statement owns the empty and comment lines before it
(``leading_lines``, one line each), so its code begins that many lines above
its first token; CPython gives the first token's line (a statement's, or its
first decorator's).  The text libcst parses is the screened text with whole
top-level statements blanked line by line (:mod:`.reduction`, :mod:`.needed`),
so libcst's statements are those of CPython's (``a = 1; b = 2`` joined in
one) whose first line is not blank.  Every step is checked against libcst's
tree and the text; where one does not hold, the answer is None and the code is
generated as before.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from typing import NamedTuple

import libcst as cst

# What the first line of each compound statement starts with.
_KEYWORDS: dict[type, tuple[str, ...]] = {
    cst.FunctionDef: ("def", "async", "@"),
    cst.ClassDef: ("class", "@"),
    cst.If: ("if",),
    cst.For: ("for", "async"),
    cst.While: ("while",),
    cst.Try: ("try",),
    cst.TryStar: ("try",),
    cst.With: ("with", "async"),
    cst.Match: ("match",),
}


_COMPOUND = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.Try,
    ast.TryStar,
    ast.With,
    ast.AsyncWith,
    ast.Match,
)


class Span(NamedTuple):
    """A top-level statement as CPython parsed it."""

    first: int  # its first line (its first decorator's, if any)
    last: int
    simple: bool  # not a compound statement: may share its line with the next (``;``)


def spans(statements: Sequence[ast.stmt]) -> list[Span]:
    """The spans of CPython's top-level statements, in order."""
    out = []
    for stmt in statements:
        decorators: list[ast.expr] = getattr(stmt, "decorator_list", [])
        first = min([stmt.lineno, *(d.lineno for d in decorators)])
        out.append(Span(first, stmt.end_lineno or stmt.lineno, not isinstance(stmt, _COMPOUND)))
    return out


def first_lines(module: cst.Module, source: str, found: Sequence[Span]) -> list[int] | None:
    """The line on which the code of each statement of ``module`` (parsed from
    ``source``) begins, or None when the spans do not match it (see the module).
    """
    if "\r" in source.replace("\r\n", ""):
        return None  # lone CRs: CPython's lines are not those counted here
    lines = source.split("\n")
    groups: list[list[int]] = []  # [first, last] of each logical line of statements
    simple = False
    for span in found:
        if span.simple and simple and span.first == groups[-1][1]:
            groups[-1][1] = span.last  # after a ``;``
        else:
            groups.append([span.first, span.last])
        simple = span.simple
    kept = [first for first, _ in groups if 0 < first <= len(lines) and lines[first - 1].strip()]
    if len(kept) != len(module.body):
        return None
    out: list[int] = []
    # The header's lines (one each), then the first line of the statement before:
    # its last may have been blanked (methods of a class left out).
    previous = len(module.header)
    for stmt, first in zip(module.body, kept, strict=True):
        line = lines[first - 1]
        if line[:1].isspace() or line.startswith("#"):
            return None
        keywords = _KEYWORDS.get(type(stmt))
        if keywords is None and not isinstance(stmt, cst.SimpleStatementLine):
            return None
        if keywords is not None and not line.startswith(keywords):
            return None
        begin = first - len(stmt.leading_lines)
        if begin <= previous or any(_code(lines[i]) for i in range(begin - 1, first - 1)):
            return None  # a leading line that holds code: not this statement's
        if not out and begin != previous + 1:
            return None  # the first statement begins right after the header
        out.append(begin)
        previous = first
    return out


def _code(line: str) -> bool:
    """Whether a line holds more than blanks and a comment."""
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")
