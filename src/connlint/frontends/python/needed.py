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
* backward, a statement that binds or changes at module level a name that the
  kept text mentions (a value that travels: a constant, a dict and its
  ``update``, a function whose ``return`` is followed, a base class), until
  nothing new is reached.

Everything the front-end follows goes through names: module-level bindings
(and ``global`` declarations) with the changes pass 1 records on them
(``x.attr = v``, ``x["key"] = v``, ``del x["key"]``, ``x.method(...)``, applied
from the scope that binds ``x``), or the attributes of a class, whose body
stays whole in its statement.  A name a statement only reads neither carries
a reported call forward nor changes a value backward; what a class body binds
or changes is its class's, not the module's.  A statement neither reached nor
reaching is one the front-end's passes read without effect on the result.  A
kept class brings in the names of its kept parts only (a method left out is
``pass``).  Names are over-approximated (any ``ast.Name`` anywhere in a
statement, any name a module-level part of it binds, any name at the base of
a change), which can only keep more.  A new way for a value to travel through
a statement that only reads a name must be added here
(tests/frontends/test_python_needed.py compares every fixture with the whole file).

Blanked lines keep every line and column of the rest where it was.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

from connlint.frontends.python.screen import Statement

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def needed(statements: Sequence[Statement]) -> tuple[list[bool], list[list[bool] | None]]:
    """Per top-level statement: whether the result may depend on it (see the
    module); and per kept class, whether it may depend on each of its methods
    (:func:`needed_members`; None for other statements).

    The names a kept class brings into the closure are those of the parts of it
    that stay: its decorators, bases and body outside its methods, and the
    methods kept (a method left out is ``pass`` in the parsed text, so what it
    mentions needs no definition).  Kept methods depend on the closure in turn,
    so the two grow together until nothing new is reached (both only grow).
    Forward, only the names a statement binds or declares ``global`` are
    followed (:func:`module_level_names`): a call resolves through bindings
    alone, never through a name a seed merely reads.
    """
    count = len(statements)
    keep = [s.seed or s.star or isinstance(s.node, ast.Import | ast.ImportFrom) for s in statements]
    members: list[list[bool] | None] = [None] * count
    levels: list[tuple[frozenset[str], frozenset[str]] | None] = [None] * count

    def level(i: int) -> tuple[frozenset[str], frozenset[str]]:
        """What statement ``i`` binds or changes at module level, and what it binds."""
        found = levels[i]
        if found is None:
            _, bound, changed = _module_level(statements[i].node)
            bound = bound | statements[i].globals
            found = levels[i] = (bound | changed, bound)
        return found

    wanted: set[str] = set()  # every name the kept text mentions
    tainted: set[str] = set()  # names seeds bind at module level, and what they reach forward
    self_reads: set[str] = set()  # what the kept methods of every class read on ``self``
    self_defines: set[str] = set()  # and what they define

    def take(i: int, forward: bool) -> None:
        s = statements[i]
        wanted.update(s.head_names if s.members else s.names)
        if forward:
            tainted.update(level(i)[1])

    for i, s in enumerate(statements):
        if keep[i]:
            take(i, s.seed)
    changed = True
    while changed:
        changed = False
        for i, s in enumerate(statements):
            if not keep[i]:
                forward = not s.names.isdisjoint(tainted)
                if not forward and level(i)[0].isdisjoint(wanted):
                    continue
                keep[i] = changed = True
                take(i, forward)
            if s.members:
                old = members[i]
                # A class that names a class reached forward (its base) may override
                # a method that one's kept methods call on ``self`` (helpers.per_subclass),
                # or call one of its kept methods (a helper) on ``self``.
                derived = not s.head_names.isdisjoint(tainted)
                reads: set[str] | frozenset[str] = self_reads if derived else frozenset()
                defines: set[str] | frozenset[str] = self_defines if derived else frozenset()
                now = members[i] = needed_members(s, wanted, tainted, reads, defines)
                for j, (member, used) in enumerate(zip(s.members, now, strict=True)):
                    if used and (old is None or not old[j]):
                        wanted.update(member.names)
                        self_reads.update(member.reads)
                        self_defines.update(member.defines)
                        changed = True
    return keep, members


def module_level_names(stmt: ast.stmt) -> frozenset[str]:
    """The names a top-level statement binds, reads or changes in the module's
    scope (and its classes' bodies): all but what function bodies and lambdas
    hold, plus the names of the functions and classes it defines, import
    aliases, ``except ... as`` and ``match`` captures.
    """
    return _module_level(stmt)[0]


def module_level_bound(stmt: ast.stmt) -> frozenset[str]:
    """Of :func:`module_level_names`, those the statement binds (or deletes) in
    the module's scope: assignment, loop, ``with`` and walrus targets,
    definitions, import aliases, ``except ... as`` and ``match`` captures,
    outside class bodies.
    """
    return _module_level(stmt)[1]


def module_level_changed(stmt: ast.stmt) -> frozenset[str]:
    """The names a top-level statement changes in the module's scope, outside
    function and class bodies: the name at the base of an attribute or
    subscript assigned or deleted, or of a method called (``OPTS["k"] = v``,
    ``OPTS.update(...)``, ``del OPTS["k"]``).
    """
    return _module_level(stmt)[2]


def _module_level(stmt: ast.stmt) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """:func:`module_level_names`, :func:`module_level_bound` and
    :func:`module_level_changed` (one walk).
    """
    out: set[str] = set()
    bound: set[str] = set()
    changed: set[str] = set()
    # (node, in a class body): what a class body binds or changes is its class's
    stack: list[tuple[ast.AST, bool]] = [(stmt, False)]
    while stack:
        node, in_class = stack.pop()
        kind = type(node)
        if kind is ast.Name:
            assert isinstance(node, ast.Name)
            out.add(node.id)
            if not in_class and type(node.ctx) is not ast.Load:
                bound.add(node.id)
            continue
        if in_class:
            pass
        elif kind is ast.Attribute or kind is ast.Subscript:
            assert isinstance(node, ast.Attribute | ast.Subscript)
            if type(node.ctx) is not ast.Load:
                _add_base(changed, node.value)
        elif kind is ast.Call:
            assert isinstance(node, ast.Call)
            if type(node.func) is ast.Attribute:
                _add_base(changed, node.func.value)
        elif isinstance(node, (*_FUNCTIONS, ast.ClassDef)):
            bound.add(node.name)
        elif kind is ast.Import or kind is ast.ImportFrom:
            assert isinstance(node, ast.Import | ast.ImportFrom)
            bound.update((a.asname or a.name.split(".", 1)[0]) for a in node.names if a.name != "*")
        elif isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar) and node.name:
            bound.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            bound.add(node.rest)
        if isinstance(node, _FUNCTIONS):
            stack.extend((d, in_class) for d in node.decorator_list)
            stack.extend((d, in_class) for d in _defaults(node.args))
            if in_class:
                out.add(node.name)
        elif kind is ast.Lambda:
            assert isinstance(node, ast.Lambda)
            stack.extend((d, in_class) for d in _defaults(node.args))
        elif kind is ast.ClassDef:
            assert isinstance(node, ast.ClassDef)
            if in_class:
                out.add(node.name)
            stack.extend((d, in_class) for d in [*node.decorator_list, *node.bases, *node.keywords])
            stack.extend((b, True) for b in node.body)
        else:
            if in_class and isinstance(node, ast.Import | ast.ImportFrom):
                out.update((a.asname or a.name.split(".", 1)[0]) for a in node.names if a.name != "*")
            elif in_class and isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar) and node.name:
                out.add(node.name)
            elif in_class and isinstance(node, ast.MatchMapping) and node.rest:
                out.add(node.rest)
            stack.extend((child, in_class) for child in ast.iter_child_nodes(node))
    out |= bound
    return frozenset(out), frozenset(bound), frozenset(changed)


def _add_base(names: set[str], node: ast.expr) -> None:
    """The name at the base of ``node`` through attributes, subscripts and calls."""
    while True:
        if isinstance(node, ast.Attribute | ast.Subscript | ast.Starred):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            break
    if isinstance(node, ast.Name):
        names.add(node.id)


def _defaults(args: ast.arguments) -> list[ast.expr]:
    return [*args.defaults, *(d for d in args.kw_defaults if d is not None)]


def needed_members(
    statement: Statement,
    wanted: set[str],
    tainted: set[str],
    inherited: set[str] | frozenset[str] = frozenset(),
    inherited_defines: set[str] | frozenset[str] = frozenset(),
) -> list[bool]:
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
    statements mention.  ``inherited`` and ``inherited_defines``: what the kept
    methods of other classes read on ``self`` and define (a subclass's override
    of one, or its call of one, is kept).
    """
    members = statement.members
    keep = [m.seed or not m.names.isdisjoint(tainted) or not m.globals.isdisjoint(wanted) for m in members]
    read: set[str] = set(statement.class_reads) | inherited
    reached: set[str] = set(inherited_defines)
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
    keep, members = needed(statements)
    lines = text.split("\n")
    covered = [False] * len(lines)
    for s, kept in zip(statements, keep, strict=True):
        if kept:
            first, last = _first_line(s.node), s.node.end_lineno or s.node.lineno
            covered[first - 1 : last] = [True] * (last - first + 1)
    out = [line if covered[i] else ("\r" if line.endswith("\r") else "") for i, line in enumerate(lines)]
    for s, kept, used_members in zip(statements, keep, members, strict=True):
        if kept and used_members is not None:
            for member, used in zip(s.members, used_members, strict=True):
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
