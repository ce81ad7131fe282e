"""The top-level statements a file's result needs: the rest is blanked before
libcst's parse.

libcst's parse, pass 1 and the positions of a statement cost in proportion to
the text they are given (~0.3 ms per KB), and a file that reports something
reports it from a few statements: a test module of sqlalchemy or of a driver
holds hundreds of tests and a handful of connections.  :mod:`.screen` has
already walked CPython's tree of the file; from what it found in each
top-level statement (:class:`~connlint.frontends.python.screen.Statement`),
:func:`needed` keeps

* the seeds: a statement that uses an import that may grow into a reported
  call, or holds a string that starts like a MySQL URL (the clauses of the
  gate, ``Builder.interesting``), and every top-level import;
* forward, a statement that mentions a name a kept-forward statement binds at
  module level (an alias of a reported call: ``connect = pymysql.connect``,
  ``def factory(): return sa``), until nothing new is reached;
* backward, a statement that binds or changes at module level a name that a
  kept statement mentions anywhere (a value that travels: a constant, a dict
  and its ``update``, a function whose ``return`` is followed, a base class),
  until nothing new is reached.

Everything the front-end follows goes through names: module-level bindings
(and ``global`` declarations), or the attributes of a class, which stays whole
in its statement.  A statement neither reached nor reaching is one the
front-end's passes read without effect on the result.  Names are
over-approximated (any ``ast.Name`` anywhere in a statement, any name a
module-level part of it mentions), which can only keep more.

Blanked lines keep every line and column of the rest where it was.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

from connlint.frontends.python.screen import Statement

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def needed(statements: Sequence[Statement]) -> tuple[list[bool], set[str], set[str]]:
    """Per top-level statement: whether the result may depend on it (see the
    module); and the names kept statements mention, and the names reached forward.
    """
    keep = [s.seed or s.star or isinstance(s.node, ast.Import | ast.ImportFrom) for s in statements]
    module_level: list[frozenset[str] | None] = [None] * len(statements)

    def level(i: int) -> frozenset[str]:
        names = module_level[i]
        if names is None:
            names = module_level[i] = module_level_names(statements[i].node) | statements[i].globals
        return names

    wanted: set[str] = set()  # every name a kept statement mentions
    tainted: set[str] = set()  # module-level names of seeds and what they reach forward
    for i, s in enumerate(statements):
        if keep[i]:
            wanted.update(s.names)
            if s.seed:
                tainted.update(level(i))
    changed = True
    while changed:
        changed = False
        for i, s in enumerate(statements):
            if keep[i]:
                continue
            forward = not s.names.isdisjoint(tainted)
            if forward or not level(i).isdisjoint(wanted):
                keep[i] = changed = True
                wanted.update(s.names)
                if forward:
                    tainted.update(level(i))
    return keep, wanted, tainted


def module_level_names(stmt: ast.stmt) -> frozenset[str]:
    """The names a top-level statement binds, reads or changes in the module's
    scope (and its classes' bodies): all but what function bodies and lambdas
    hold, plus the names of the functions and classes it defines, import
    aliases, ``except ... as`` and ``match`` captures.
    """
    out: set[str] = set()
    stack: list[ast.AST] = [stmt]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name):
            out.add(node.id)
            continue
        if isinstance(node, _FUNCTIONS):
            out.add(node.name)
            stack.extend(node.decorator_list)
            stack.extend(_defaults(node.args))
            continue
        if isinstance(node, ast.Lambda):
            stack.extend(_defaults(node.args))
            continue
        if isinstance(node, ast.ClassDef):
            out.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            out.update((a.asname or a.name.split(".", 1)[0]) for a in node.names if a.name != "*")
        elif isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar) and node.name:
            out.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            out.add(node.rest)
        stack.extend(ast.iter_child_nodes(node))
    return frozenset(out)


def _defaults(args: ast.arguments) -> list[ast.expr]:
    return [*args.defaults, *(d for d in args.kw_defaults if d is not None)]


def needed_members(statement: Statement, wanted: set[str], tainted: set[str]) -> list[bool]:
    """Per method of a kept class: whether the result may depend on it.

    A method matters beyond itself only to the other methods of its class:
    through ``self.<attr>`` it assigns (read in another method, where
    ``__init__``/``setUp`` or the only assignment stands for it) and through
    ``self.<method>()`` (its one ``return`` is followed).  So: the methods that
    are seeds, forward the methods that mention an attribute those assign (or
    name), and backward the methods that assign or name an attribute a kept
    method or the class body mentions, until nothing new is reached.  From the
    module's closure (:func:`needed`): a method that mentions a name reached
    forward is a seed too, and so is one declaring ``global`` a name that kept
    statements mention.
    """
    members = statement.members
    keep = [m.seed or not m.names.isdisjoint(tainted) or not m.globals.isdisjoint(wanted) for m in members]
    read: set[str] = set(statement.class_reads)
    reached: set[str] = set()
    for m, kept in zip(members, keep, strict=True):
        if kept:
            read.update(m.reads)
            reached.update(m.defines)
    changed = True
    while changed:
        changed = False
        for i, m in enumerate(members):
            if keep[i]:
                continue
            forward = not m.reads.isdisjoint(reached)
            if forward or not m.defines.isdisjoint(read):
                keep[i] = changed = True
                read.update(m.reads)
                if forward:
                    reached.update(m.defines)
    return keep


def _first_line(node: ast.stmt) -> int:
    """A statement's first line: its first decorator's, if any."""
    decorators: list[ast.expr] = getattr(node, "decorator_list", [])
    return min([node.lineno, *(d.lineno for d in decorators)])


def needed_text(text: str, statements: Sequence[Statement]) -> str:
    """``text`` with every line that no needed top-level statement covers blanked
    (its carriage return kept, so the file's newlines stay what they were).
    """
    keep, wanted, tainted = needed(statements)
    lines = text.split("\n")
    covered = [False] * len(lines)
    for s, kept in zip(statements, keep, strict=True):
        if kept:
            first, last = _first_line(s.node), s.node.end_lineno or s.node.lineno
            covered[first - 1 : last] = [True] * (last - first + 1)
    out = [line if covered[i] else ("\r" if line.endswith("\r") else "") for i, line in enumerate(lines)]
    for s, kept in zip(statements, keep, strict=True):
        if kept and s.members:
            for member, used in zip(s.members, needed_members(s, wanted, tainted), strict=True):
                if not used:
                    _pass(out, member.node, _first_line(s.node))
    return "\n".join(out)


def _pass(out: list[str], method: ast.FunctionDef | ast.AsyncFunctionDef, class_line: int) -> None:
    """Replaces a method by ``pass`` on its first line (as :mod:`.reduction` does)."""
    first, last = _first_line(method), method.end_lineno or method.lineno
    if first <= class_line or not out[first - 1].strip():
        return  # on the class's own line, or already blanked
    out[first - 1] = (
        out[first - 1][: method.col_offset] + "pass" + ("\r" if out[first - 1].endswith("\r") else "")
    )
    for number in range(first, last):
        out[number] = "\r" if out[number].endswith("\r") else ""
