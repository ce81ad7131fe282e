"""The pre-parse reduction of a large Python file: top-level statements and
methods that cannot matter are blanked out before libcst parses the rest.

libcst needs ~270 bytes of memory and ~2-4 s per MB of source (a generated
1 MB module: 275 MB, most of a run's peak).  Above :data:`REDUCE_ABOVE`
characters, CPython's own parser (~10x faster than libcst's) finds the
statement boundaries and :func:`relevant_statements` keeps what may matter.
Blanked lines keep every line and column where it was, so locations are
unchanged.
"""

from __future__ import annotations

import ast
import bisect
import re
from typing import NamedTuple

from connlint.frontends.python import needed
from connlint.frontends.python.parsers import cpython_tree
from connlint.frontends.python.screen import Scan

REDUCE_ABOVE = 32_000
#: Blank the top-level statements the result does not need (:mod:`.needed`);
#: tests turn it off to compare with the whole file.
NEEDED_ONLY = True
# What a top-level statement must mention to be kept (or be an import).
_RELEVANT = re.compile(
    r"mysql|mariadb|asyncmy|sqlalchemy|create_engine|make_url|DATABASES|subprocess|"
    r"os\.system|popen|\bssl\b|connect|jdbc:|BinLogStreamReader|"
    # AWS CDK's RDS constructs (frontends/python/cdk.py)
    r"aws_rds|DatabaseInstance|DatabaseCluster|CaCertificate",
    re.IGNORECASE,
)
_NAME = re.compile(r"[A-Za-z_]\w*")
# Where a top-level statement may start: a line beginning in column 0 with a
# name or a decorator, but not with a clause that continues the statement above.
_STATEMENT_START = re.compile(r"^(?!(?:else|elif|except|finally)\b)[A-Za-z_@]", re.MULTILINE)
# Pieces of at least this size are parsed one at a time (an AST for a whole
# 1 MB module takes ~60 MB); a piece that does not parse alone (it stops inside
# a string or a bracket) is doubled until it does, or the rest is parsed at once.
_MIN_PIECE = 16 * 1024
_MAX_PIECE = 256 * 1024


class _TopStatement(NamedTuple):
    """What :func:`relevant_statements` needs of a top-level statement (the rest
    of its piece's tree is freed).
    """

    first: int  # its first line (a decorator's, if any)
    last: int
    is_import: bool
    assigns: frozenset[str] | None  # the names an assignment binds; None: not one
    methods: tuple[tuple[int, int, int], ...] = ()  # a class's (first, last, column) of each def
    defines: str | None = None  # the name a def or class binds


def _top_statement(stmt: ast.stmt, line_offset: int) -> _TopStatement:
    first = _start_line(stmt)
    last = stmt.end_lineno or stmt.lineno
    assigns = None
    if isinstance(stmt, ast.Assign | ast.AnnAssign | ast.AugAssign):
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        assigns = frozenset(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
    is_import = isinstance(stmt, ast.Import | ast.ImportFrom)
    methods: tuple[tuple[int, int, int], ...] = ()
    if isinstance(stmt, ast.ClassDef):
        methods = tuple(
            (_start_line(m) + line_offset, (m.end_lineno or m.lineno) + line_offset, m.col_offset)
            for m in stmt.body
            if isinstance(m, ast.FunctionDef | ast.AsyncFunctionDef) and _start_line(m) > first
        )
    defines = stmt.name if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) else None
    return _TopStatement(first + line_offset, last + line_offset, is_import, assigns, methods, defines)


def _start_line(stmt: ast.stmt) -> int:
    """A statement's first line: its first decorator's, if any."""
    decorators: list[ast.expr] = getattr(stmt, "decorator_list", [])
    return min([stmt.lineno, *(d.lineno for d in decorators)])


def _top_level_statements(text: str) -> list[_TopStatement] | None:
    """Each top-level statement of ``text``, in order, or None when CPython
    cannot parse the text (newer syntax, errors, too deep).

    A piece that parses starts and ends at statement boundaries: it begins where
    the previous one ended and ends before a line that may start a statement, and
    one that ends inside a string, a bracket or a compound statement does not
    parse.  Only one piece's tree is alive at a time.
    """
    if "\r" in text.replace("\r\n", ""):
        return None  # lone CRs: CPython counts lines differently from str.split
    cuts = [m.start() for m in _STATEMENT_START.finditer(text)]
    statements: list[_TopStatement] = []
    line = 1  # the first line of the current piece
    begin, size, n = 0, _MIN_PIECE, len(text)
    while begin < n:
        i = bisect.bisect_left(cuts, begin + size)
        end = cuts[i] if i < len(cuts) else n
        piece = text[begin:end]
        try:
            tree = cpython_tree(piece)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            if end == n:
                return None
            size = size * 2 if size * 2 <= _MAX_PIECE else n
            continue
        statements.extend(_top_statement(stmt, line - 1) for stmt in tree.body)
        del tree
        line += piece.count("\n")
        begin, size = end, _MIN_PIECE
    return statements


def for_parse(text: str, scan: Scan, whole: bool = False) -> str:
    """The text libcst parses: a large file reduced to its relevant statements
    (:func:`relevant_statements`), then every file to the statements its result
    needs (:mod:`.needed`), both from the screen's tree when it has one.
    ``whole``: no statement is left out by the second (an AWS CDK stack, whose
    constructs are read apart from the gate's sites).
    """
    statements = scan.statements
    large = len(text) > REDUCE_ABOVE
    if statements is None or "\r" in text.replace("\r\n", ""):  # lone CRs: see _top_level_statements
        return relevant_statements(text) if large else text
    base = relevant_statements(text, [_top_statement(s.node, 0) for s in statements]) if large else text
    if whole or not NEEDED_ONLY:
        return base
    return needed.needed_text(base, statements)


def relevant_statements(text: str, spans: list[_TopStatement] | None = None) -> str:
    """``text`` with the lines of irrelevant top-level statements and methods blanked.

    Kept: imports, statements that mention a driver, an engine, a subprocess or
    ssl, and module-level assignments to names those statements use (until
    nothing new is reached).  In a kept class, a method that mentions none of
    them becomes ``pass``: values are followed within a function and through
    module-level names, never from one method to another, so it cannot matter.
    Blank lines keep every line and column where it was, so locations are
    unchanged.  CPython's own parser finds the statement boundaries (fast and
    lean); where it cannot parse the file (newer syntax), the text is returned
    whole.  ``spans``: the statements when the caller has them already (from
    :func:`top_statements`).
    """
    if spans is None:
        spans = _top_level_statements(text)
        if spans is None:
            return text
    lines = text.split("\n")
    out = [""] * len(lines)
    keep = [False] * len(spans)
    used: set[str] = set()
    relevant = _with_helpers(lines, spans)
    for i, span in enumerate(spans):
        if span.is_import or relevant.search("\n".join(lines[span.first - 1 : span.last])):
            keep[i] = True
            kept = _without_idle_methods(lines, span, relevant)
            out[span.first - 1 : span.last] = kept
            used.update(_NAME.findall("\n".join(kept)))
    changed = True
    while changed:  # module-level values that kept statements refer to
        changed = False
        for i, span in enumerate(spans):
            if keep[i] or not span.assigns or span.assigns.isdisjoint(used):
                continue
            keep[i] = changed = True
            out[span.first - 1 : span.last] = lines[span.first - 1 : span.last]
            used.update(_NAME.findall("\n".join(lines[span.first - 1 : span.last])))
    return "\n".join(out)


def _with_helpers(lines: list[str], spans: list[_TopStatement]) -> re.Pattern[str]:
    """:data:`_RELEVANT`, or a name of the module's functions and classes that
    mention it (or such a name, to any depth): a call of the module's helper
    that opens a connection names no driver word (:mod:`.helpers`).
    """
    helpers: set[str] = set()
    pattern = _RELEVANT
    while True:
        found = {
            span.defines
            for span in spans
            if span.defines
            and span.defines not in helpers
            and pattern.search("\n".join(lines[span.first - 1 : span.last]))
        }
        if not found:
            return pattern
        helpers |= found
        names = "|".join(re.escape(n) for n in sorted(helpers))
        pattern = re.compile(rf"{_RELEVANT.pattern}|\b(?:{names})\b", re.IGNORECASE)


def _without_idle_methods(lines: list[str], span: _TopStatement, relevant: re.Pattern[str]) -> list[str]:
    """The lines of a kept top-level statement, each method of a class that
    mentions nothing ``relevant`` reduced to ``pass`` on its first line.
    """
    block = lines[span.first - 1 : span.last]
    for first, last, column in span.methods:
        if relevant.search("\n".join(lines[first - 1 : last])):
            continue
        block[first - span.first] = lines[first - 1][:column] + "pass"
        for number in range(first + 1, last + 1):
            block[number - span.first] = ""
    return block
