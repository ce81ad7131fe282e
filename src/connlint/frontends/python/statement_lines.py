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
import itertools
from collections.abc import Sequence
from typing import NamedTuple, cast

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


# -- statements of indented blocks ---------------------------------------------

Suite = tuple[Sequence[cst.BaseStatement], Sequence[ast.stmt]]


def block_first_line(chain: Sequence[cst.BaseStatement], top: ast.stmt) -> int | None:
    """The line where the code of ``chain[-1]`` begins (its leading lines
    included), from CPython's lines: ``chain`` is a top-level statement of
    libcst's module, then each statement of an indented block down to the one
    asked for, each in a block of the one before; ``top`` is CPython's
    statement for ``chain[0]`` (its first, for a line of several), parsed from
    the same text.  None where the two trees do not match step by step, and
    for a decorated definition (whose first line is a decorator's).

    A statement's code is found in the text where it occurs once
    (:mod:`.positions`); a line written several times in one function
    (``conn = self.connect()`` in test after test) is located this way
    instead of by generating the code of the block around it.  The caller
    checks that the code stands in the text at that line.
    """
    node = top
    for parent, child in itertools.pairwise(chain):
        suites = _suites(parent, node)
        found = None if suites is None else _in_suites(suites, child)
        if found is None:
            return None
        node = found
    last = chain[-1]
    if not _same_kind(last, node):
        return None
    if isinstance(last, cst.FunctionDef | cst.ClassDef):
        if last.decorators:
            return None
        return node.lineno - len(last.leading_lines) - len(last.lines_after_decorators)
    leading: Sequence[cst.EmptyLine] = getattr(last, "leading_lines", ())
    return node.lineno - len(leading)


def statement_index(body: Sequence[cst.BaseStatement], at: int) -> int:
    """The index in CPython's list of the first statement of ``body[at]`` (a
    line of several small statements is one of libcst's, several of CPython's).
    """
    return sum(len(s.body) if isinstance(s, cst.SimpleStatementLine) else 1 for s in body[:at])


def _in_suites(suites: list[Suite], child: cst.BaseStatement) -> ast.stmt | None:
    for statements, nodes in suites:
        for i, stmt in enumerate(statements):
            if stmt is child:
                if statement_index(statements, len(statements)) != len(nodes):
                    return None
                j = statement_index(statements, i)
                return nodes[j] if j < len(nodes) else None
    return None


def _block(suite: cst.BaseSuite, nodes: Sequence[ast.stmt]) -> list[Suite]:
    """An indented block and CPython's statements of it (a suite on the line of
    its header holds no statement of an indented block).
    """
    return [(suite.body, nodes)] if isinstance(suite, cst.IndentedBlock) else []


def _suites(stmt: cst.BaseStatement, node: ast.stmt) -> list[Suite] | None:
    """The blocks of a compound statement paired with CPython's, ``elif`` and
    ``else`` included; None where the two are not the same kind of statement.
    """
    if isinstance(stmt, cst.If) and isinstance(node, ast.If):
        out = _block(stmt.body, node.body)
        if isinstance(stmt.orelse, cst.If):  # elif: CPython's else holds that if alone
            if len(node.orelse) != 1 or not isinstance(node.orelse[0], ast.If):
                return None
            rest = _suites(stmt.orelse, node.orelse[0])
            return None if rest is None else out + rest
        return out + (_block(stmt.orelse.body, node.orelse) if stmt.orelse is not None else [])
    if isinstance(stmt, cst.For | cst.While) and _same_kind(stmt, node):
        assert isinstance(node, ast.For | ast.AsyncFor | ast.While)
        out = _block(stmt.body, node.body)
        return out + (_block(stmt.orelse.body, node.orelse) if stmt.orelse is not None else [])
    if isinstance(stmt, cst.Try | cst.TryStar) and _same_kind(stmt, node):
        assert isinstance(node, ast.Try | ast.TryStar)
        if len(stmt.handlers) != len(node.handlers):
            return None
        out = _block(stmt.body, node.body)
        for handler, caught in zip(stmt.handlers, node.handlers, strict=True):
            out += _block(cast(cst.ExceptHandler, handler).body, caught.body)  # an ExceptStarHandler too
        out += _block(stmt.orelse.body, node.orelse) if stmt.orelse is not None else []
        return out + (_block(stmt.finalbody.body, node.finalbody) if stmt.finalbody is not None else [])
    if isinstance(stmt, cst.Match) and isinstance(node, ast.Match):
        if len(stmt.cases) != len(node.cases):
            return None
        return [
            suite
            for case, c in zip(stmt.cases, node.cases, strict=True)
            for suite in _block(case.body, c.body)
        ]
    if isinstance(stmt, cst.FunctionDef | cst.ClassDef | cst.With) and _same_kind(stmt, node):
        assert isinstance(
            node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.With | ast.AsyncWith
        )
        return _block(stmt.body, node.body)
    return None


#: libcst's compound statements and CPython's of the same kind.
_KINDS: dict[type, tuple[type, ...]] = {
    cst.FunctionDef: (ast.FunctionDef, ast.AsyncFunctionDef),
    cst.ClassDef: (ast.ClassDef,),
    cst.If: (ast.If,),
    cst.For: (ast.For, ast.AsyncFor),
    cst.While: (ast.While,),
    cst.Try: (ast.Try,),
    cst.TryStar: (ast.TryStar,),
    cst.With: (ast.With, ast.AsyncWith),
    cst.Match: (ast.Match,),
}


def _same_kind(stmt: cst.BaseStatement, node: ast.stmt) -> bool:
    if isinstance(stmt, cst.SimpleStatementLine):
        return not isinstance(node, _COMPOUND)
    kinds = _KINDS.get(type(stmt))
    return kinds is not None and isinstance(node, kinds)
