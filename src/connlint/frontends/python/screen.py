"""Before libcst: can a Python file hold anything the front-end reports?

libcst's parse and pass 1 (:class:`~connlint.frontends.python.bindings.Collector`)
cost ~0.1 s per 100 KB; CPython's own parser (:func:`ast.parse`) about a
tenth of that.  On real code most files that pass the prefilter report nothing
(sqlalchemy's tests and dialects import ``sqlalchemy`` and call ``.create``
but open no connection: 108 of 142 Python files of the real-code corpus, 81 %
of the front-end's time).  :func:`may_report` answers from CPython's tree
whether :meth:`~connlint.frontends.python.candidates.Builder.interesting`
can be true; when it cannot, the file is not parsed with libcst at all.

The answer over-approximates the gate, one clause for each of its three:

* a call that resolves to a reported API (``Builder._call_kind``): every
  qualified name the front-end gives is an import's qualified name (``import
  a.b as x``: ``a.b``; ``import a.b``: ``a``; ``from m import n``: ``m.n``;
  ``from m import *``: ``m`` and a name) followed by attributes
  (:meth:`~connlint.frontends.python.names.Names.qualname_of`, aliases,
  ``functools.partial`` and ``__class__`` included), so some absolute import of
  the file, anywhere in it, must name a prefix of a reported call.  A call of
  such a name whose arguments rule out a candidate for every reported call it
  may be (``create_engine("sqlite://")``, ``make_url("foo://")``:
  :func:`_harmless_calls`) is no use of it: the gate is true there, but pass 2
  returns nothing for it before any evaluation, so the file reports the same;
* a string that starts like a MySQL URL (``sqlalchemy_django.url_text``): the
  same test on each string constant and on the text parts of each f-string, as
  CPython reads them.  Implicit concatenations come joined, escapes decoded,
  which can only find more: the match is a run of letters, ``+``, word
  characters and ``://`` after quotes and prefix letters, none of which an
  escape changes;
* ``DATABASES`` bound or changed at module level: the word in a name, an
  attribute, an import, a definition or ``global`` anywhere in the tree (in a
  string or a comment it binds nothing: ``SHOW DATABASES``).

The front-end asks with ``complete=False``: the walk then first takes the parts
of statements whose lines hold the word ``import``, then, with every name
those bind known, the parts whose lines hold such a name or what may start a
URL-like string (:func:`_chosen`); a part of neither holds no seed, so when
none is found the file is turned away without walking the rest (on real code
about two thirds of the walk of the files turned away).

Where CPython cannot parse the text (newer syntax, errors, too deep), the
answer is True and libcst decides, as before; so it is for a text above
:data:`SCREEN_MAX` characters, whose whole tree would cost too much memory
(~60 bytes per character; :mod:`.reduction` parses large files piece by piece).
"""

from __future__ import annotations

import ast
import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from connlint.frontends.python import databases_lib, drivers, processes, replication, sqlalchemy_django
from connlint.frontends.python.parsers import cpython_tree

#: Every qualified name ``Builder._call_kind`` reports (kept equal by a test).
REPORTED_CALLS: frozenset[str] = frozenset(
    {
        *drivers.DRIVER_BY_CALL,
        *sqlalchemy_django.ENGINE_CALLS,
        *sqlalchemy_django.ENGINE_FROM_CONFIG_CALLS,
        *sqlalchemy_django.URL_CREATE_CALLS,
        *sqlalchemy_django.MAKE_URL_CALLS,
        *processes.PROCESS_CALLS,
        *replication.BINLOG_READER_CALLS,
        *databases_lib.CALLS,
    }
)


def _prefixes(names: Iterable[str]) -> frozenset[str]:
    """Each name and each of its dotted prefixes (``a.b.c``: ``a``, ``a.b``, ``a.b.c``)."""
    out: set[str] = set()
    for name in names:
        parts = name.split(".")
        out.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return frozenset(out)


#: Larger texts are not screened (their tree alone would take over 30 MB).
SCREEN_MAX = 512 * 1024
#: Qualified names an import may bind for a call of the file to resolve to a reported one.
_IMPORT_PREFIXES = _prefixes(REPORTED_CALLS)


class Member(NamedTuple):
    """A method of a top-level class (what :mod:`.needed` weighs one by one)."""

    node: ast.FunctionDef | ast.AsyncFunctionDef
    seed: bool
    #: Every name it mentions, and the names its ``global`` statements declare.
    names: frozenset[str]
    globals: frozenset[str]
    #: Attribute names it mentions on its first parameter (``self.<attr>``,
    #: ``self.<method>()``): what one method of a class sees of another's.
    reads: frozenset[str]
    #: Attribute names it assigns on its first parameter (``self.<attr> = ...``), and its own name.
    defines: frozenset[str]


class Statement(NamedTuple):
    """What :mod:`.needed` needs of one top-level statement of a file the
    screen lets through (the tree itself is freed before libcst's parse).
    """

    node: ast.stmt
    #: Holds something the gate is true for: a use of an import that may grow
    #: into a reported call, or a string that starts like a MySQL URL.
    seed: bool
    #: Every name it mentions, at any depth (``ast.Name`` ids).
    names: frozenset[str]
    #: A ``global`` statement in it names these.
    globals: frozenset[str]
    #: An import of any module with ``*`` (binds names nobody can list).
    star: bool
    #: A class: its methods, and the attribute names and names the rest of its body mentions.
    members: tuple[Member, ...] = ()
    class_reads: frozenset[str] = frozenset()
    #: A class: the names its decorators, bases and body outside its methods mention.
    head_names: frozenset[str] = frozenset()


class Scan(NamedTuple):
    """The screen's answer, and the file's top-level statements when CPython parsed it."""

    may_report: bool
    #: None: not parsed here (too large, a Django ``DATABASES``, unparsable),
    #: or an import of a reported module with ``*``: the file is read whole.
    statements: list[Statement] | None = None


def may_report(text: str) -> bool:
    """False only when the front-end's gate is false for ``text`` (see the module)."""
    return scan(text).may_report


class _Part:
    """What one walk over part of a statement found."""

    __slots__ = ("attributes", "calls", "declared", "names", "seed", "star", "url")

    def __init__(self) -> None:
        self.names: list[ast.Name] = []
        self.attributes: list[ast.Attribute] = []
        self.calls: list[ast.Call] = []
        self.url = False
        self.star = False
        self.declared: set[str] = set()
        self.seed: bool | None = None  # :meth:`_Walker.seed`


class _Harmless:
    """id of a call's function (a name, or an attribute of a name) -> the
    reported calls whose candidates its arguments rule out
    (:func:`_harmless_calls`; None for none), worked out on the first look:
    most parts use no import that may grow into a reported call.
    """

    __slots__ = ("by_function", "calls")

    def __init__(self, calls: list[ast.Call]) -> None:
        self.calls = calls
        self.by_function: dict[int, ast.Call] | None = None

    def get(self, function: int) -> frozenset[str] | None:
        if self.by_function is None:
            self.by_function = {id(call.func): call for call in self.calls}
        call = self.by_function.get(function)
        return None if call is None else _harmless_calls(call) or None


class _Walker:
    """One walk of the tree, part by part: names, attributes, URL strings and
    the imports that bind a prefix of a reported call (:func:`scan`).
    """

    def __init__(self) -> None:
        self.bound: dict[str, set[str]] = {}  # local name -> the qualified names imports give it
        self.star_reported = False

    def walk(self, roots: list[ast.AST]) -> _Part:
        """The nodes of :func:`_nodes`, visited in its order, its loop inlined:
        the screen's hot loop (a generator step per node cost a third of it).
        """
        part = _Part()
        url_start = sqlalchemy_django.url_start
        names, attributes, bound = part.names, part.attributes, self.bound
        fields_of = _CHILD_FIELDS
        node_type = ast.AST
        stack = list(roots)
        pop, push = stack.pop, stack.append
        while stack:
            node = pop()
            kind = type(node)
            if kind is ast.Name:
                names.append(node)  # type: ignore[arg-type]
                continue  # no child but its ctx
            if kind is ast.Constant:
                if not part.url:
                    value = node.value  # type: ignore[attr-defined]
                    if isinstance(value, bytes):
                        value = value.decode("latin-1")
                    part.url = isinstance(value, str) and url_start(value)
                continue  # no child node
            if kind is ast.Attribute:
                attributes.append(node)  # type: ignore[arg-type]
            elif kind is ast.Call:
                part.calls.append(node)  # type: ignore[arg-type]
            elif kind is ast.JoinedStr:
                assert isinstance(node, ast.JoinedStr)
                part.url = part.url or url_start(
                    "".join(
                        v.value
                        for v in node.values
                        if isinstance(v, ast.Constant) and isinstance(v.value, str)
                    )
                )
            elif kind is ast.Global:
                part.declared.update(node.names)  # type: ignore[attr-defined]
            elif kind is ast.Import:
                assert isinstance(node, ast.Import)
                for alias in node.names:
                    head = alias.name.split(".", 1)[0]
                    qualname = alias.name if alias.asname else head
                    if qualname in _IMPORT_PREFIXES:
                        bound.setdefault(alias.asname or head, set()).add(qualname)
            elif kind is ast.ImportFrom:
                assert isinstance(node, ast.ImportFrom)
                part.star = part.star or any(alias.name == "*" for alias in node.names)
                if not node.level and node.module is not None:  # relative: no qualified name
                    for alias in node.names:
                        if alias.name == "*":
                            # any unbound name may stand for one of the module's
                            self.star_reported = self.star_reported or node.module in _IMPORT_PREFIXES
                            continue
                        qualname = f"{node.module}.{alias.name}"
                        if qualname in _IMPORT_PREFIXES:
                            bound.setdefault(alias.asname or alias.name, set()).add(qualname)
            fields = fields_of.get(kind)
            if fields is None:
                fields = fields_of[kind] = _child_fields(kind)
            for field in fields:
                value = getattr(node, field, None)
                if type(value) is list:
                    stack.extend([v for v in value if isinstance(v, node_type)])
                elif isinstance(value, node_type):
                    push(value)
        return part

    def seed(self, part: _Part) -> bool:
        """Whether the part holds something the gate is true for (once every
        import is known: kept, asked again by :func:`_statement`).
        """
        if part.seed is None:
            part.seed = part.url or (
                bool(self.bound)
                and _uses_reported(self.bound, part.names, part.attributes, _Harmless(part.calls))
            )
        return part.seed


_METHODS = (ast.FunctionDef, ast.AsyncFunctionDef)
# Per node class, the fields that may hold nodes: not ``ctx`` (a Load or Store
# on every name, attribute and subscript: a third of the nodes), nothing of a
# Constant.
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def _child_fields(kind: type[ast.AST]) -> tuple[str, ...]:
    return () if kind is ast.Constant else tuple(f for f in kind._fields if f != "ctx")


def _nodes(roots: list[ast.AST]) -> Iterator[ast.AST]:
    """Every node under ``roots`` (``ctx`` markers excepted), in no set order:
    :func:`ast.walk` without its generator per node, ~2.5x faster.
    """
    stack = list(roots)
    fields_of = _CHILD_FIELDS
    node_type = ast.AST
    while stack:
        node = stack.pop()
        yield node
        kind = type(node)
        fields = fields_of.get(kind)
        if fields is None:
            fields = fields_of[kind] = _child_fields(kind)
        for field in fields:
            value = getattr(node, field, None)
            if type(value) is list:
                stack.extend([v for v in value if isinstance(v, node_type)])
            elif isinstance(value, node_type):
                stack.append(value)


def scan(text: str, complete: bool = True) -> Scan:
    """:func:`may_report`, with what each top-level statement holds (one walk of one tree).

    ``complete=False``: a file that cannot report gets no statements (None), and
    the walk leaves out the statements its text shows cannot hold a seed
    (:func:`_chosen`) until one is found; the answer is the same.
    """
    if len(text) > SCREEN_MAX:
        return Scan(True)
    try:
        tree = cpython_tree(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return Scan(True)
    if "DATABASES" in text and _has_identifier(tree, "DATABASES"):
        return Scan(True)  # the word in a string or a comment is no Django setting
    walker = _Walker()
    body = tree.body
    split = [_split(stmt) for stmt in body]
    parts: list[list[_Part | None]] = [[None] * len(roots) for _, roots in split]

    def walk(i: int, j: int) -> _Part:
        part = parts[i][j]
        if part is None:
            part = parts[i][j] = walker.walk(split[i][1][j])
        return part

    chosen = None if complete else _chosen(text, body, split)
    if chosen is not None:
        for i, j in chosen(_IMPORT_WORD):  # every import: every name bound to a reported call
            walk(i, j)
        if walker.star_reported:
            return Scan(True)

        def seeded() -> bool:
            """Whether a part is a seed, the others walked as far as the first one."""
            if any(walker.seed(part) for found in parts for part in found if part is not None):
                return True
            for pattern in (_URL_LEAD, _names_pattern(walker.bound)):
                for i, j in chosen(pattern) if pattern is not None else ():
                    if parts[i][j] is None and walker.seed(walk(i, j)):
                        return True
            return False

        if not seeded():
            return Scan(False)
    for i, (_, roots) in enumerate(split):
        for j in range(len(roots)):
            walk(i, j)
    if walker.star_reported:
        return Scan(True)
    statements = [
        _statement(walker, stmt, [p for p in found if p is not None], methods)
        for stmt, (methods, _), found in zip(body, split, parts, strict=True)
    ]
    return Scan(any(s.seed for s in statements), statements)


_Methods = list[ast.FunctionDef | ast.AsyncFunctionDef]


def _split(stmt: ast.stmt) -> tuple[_Methods, list[list[ast.AST]]]:
    """A top-level statement's methods (a class's) and the roots of each part
    walked apart: a class's head (decorators, bases and the body outside its
    methods), then each method; any other statement is one part.
    """
    if not isinstance(stmt, ast.ClassDef):
        return [], [[stmt]]
    methods = [m for m in stmt.body if isinstance(m, _METHODS)]
    rest = [n for n in stmt.body if not isinstance(n, _METHODS)]
    head: list[ast.AST] = [*stmt.decorator_list, *stmt.bases, *stmt.keywords, *rest]
    roots: list[list[ast.AST]] = [head]
    roots.extend([m] for m in methods)
    return methods, roots


def _has_identifier(tree: ast.AST, word: str) -> bool:
    """Whether any text field of the tree's nodes but a constant's value holds
    ``word``: a name, attribute, definition, parameter, import, ``global`` or
    capture, which a binding or change of the module-level name ``word`` needs.
    """
    for node in _nodes([tree]):
        if type(node) is ast.Constant:
            continue
        for field in node._fields:
            value = getattr(node, field, None)
            if isinstance(value, str):
                if word in value:
                    return True
            elif type(value) is list and any(isinstance(v, str) and word in v for v in value):
                return True
    return False


# The keyword of an import statement: a token of its own, so a whole word of
# the text.  Written to start with the word, which ``re`` skips to quickly.
_IMPORT_WORD = re.compile(r"import(?<![A-Za-z0-9_]import)(?![A-Za-z0-9_])")


def _url_lead() -> str:
    r"""Where a string constant, as CPython joins and decodes it, may begin like
    a MySQL URL (``url_start``, after its ``lstrip`` of quotes and prefix
    letters): the first character that is kept.  It is the first character of
    a piece of a literal's text, or follows dropped ones, so it stands after a
    quote (a piece opens), ``}`` (an f-string field closes), ``{`` (a ``{x=}``
    text) or a dropped letter.  It is an escape that may make any character
    (``\x6d``, ``\'``, a line continuation), or starts ``mysql``/``mariadb``,
    each prefix of which may be cut where its piece ends (a quote), a field
    opens (``{``: an f-string's text parts are joined) or an escape begins.  A
    quote after the letters that other code follows on its line (``"mysql")``,
    ``"mysql":``) ends the last piece: the value is the letters alone.
    Case-insensitive as ``url_start`` is (``ſ`` is an ``s``).  Each match looks
    at a few characters (linear time); every string the walk finds matches
    (tests/frontends/test_python_screen.py): it only sends more parts to it.
    """
    ends = r"""['"](?![ \t]{0,8}[)\],;:=.+%<>!|&*/@^~}-])"""
    cut = rf"""(?={ends}|[{{\\])"""
    whole = rf"""(?=[+:{{\\]|{ends})"""

    def letters(rest: str) -> str:  # a prefix of ``rest``, cut, or all of it
        return rest[0] + (whole if len(rest) == 1 else f"(?:{cut}|{letters(rest[1:])})")

    words = f"m(?:{cut}|{letters('ysql')}|{letters('ariadb')})"
    escape = r"""(?-i:(?=\\(?:[xuUN0-7'"]|\r|\n)))"""
    return r"""(?i:(?<=['"{}rbuf])(?:""" + escape + "|" + words + "))"


_URL_LEAD = re.compile(_url_lead())


def _names_pattern(bound: dict[str, set[str]]) -> re.Pattern[str] | None:
    """A name an import binds, as a whole word (see :func:`_chosen`); None for no name."""
    if not bound:
        return None
    # each name first, then what may not stand before it: ``re`` skips to the first letters
    names = "|".join(f"{re.escape(name)}(?<![A-Za-z0-9_]{re.escape(name)})" for name in sorted(bound))
    return re.compile(rf"(?:{names})(?![A-Za-z0-9_])")


def _chosen(
    text: str, body: list[ast.stmt], split: list[tuple[_Methods, list[list[ast.AST]]]]
) -> Callable[[re.Pattern[str]], Iterator[tuple[int, int]]] | None:
    r"""A function giving the parts (see :func:`_split`) whose lines hold a
    match of a pattern, as (statement, part) indexes in the order of the
    matches (a part once or more); None when the text's lines
    or names may differ from CPython's.

    CPython ends a line at a lone carriage return too (``str.count`` of ``\n``
    does not), and gives a name the NFKC form of its text: in a text not in
    that form ``ｏｓ`` is ``os``.  In an NFKC text a name is its own text,
    between characters that cannot continue it (no ASCII letter, digit or
    underscore), on a line of its part; so is a keyword.  A line of a class
    outside its methods is its head's.
    """
    if "\r" in text and "\r" in text.replace("\r\n", ""):
        return None
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        return None
    firsts = [_first_line(s) for s in body]
    lasts = [s.end_lineno or s.lineno for s in body]
    methods = [([_first_line(m) for m in ms], [m.end_lineno or m.lineno for m in ms]) for ms, _ in split]

    def chosen(pattern: re.Pattern[str]) -> Iterator[tuple[int, int]]:
        line, at = 1, 0
        for m in pattern.finditer(text):
            line += text.count("\n", at, m.start())
            at = m.start()
            i = bisect.bisect_right(firsts, line) - 1
            while i >= 0 and lasts[i] >= line:  # statements joined with ``;`` share a line
                starts, ends = methods[i]
                k = bisect.bisect_right(starts, line) - 1
                yield i, k + 1 if k >= 0 and line <= ends[k] else 0
                i -= 1

    return chosen


def _first_line(node: ast.stmt) -> int:
    """A statement's first line: its first decorator's, if any."""
    decorators: list[ast.expr] = getattr(node, "decorator_list", [])
    return min([node.lineno, *(d.lineno for d in decorators)])


def _statement(
    walker: _Walker, stmt: ast.stmt, parts: list[_Part], methods: list[ast.FunctionDef | ast.AsyncFunctionDef]
) -> Statement:
    seeds = [walker.seed(p) for p in parts]
    names = frozenset(n.id for p in parts for n in p.names)
    declared = frozenset(d for p in parts for d in p.declared)
    star = any(p.star for p in parts)
    if not isinstance(stmt, ast.ClassDef):
        return Statement(stmt, seeds[0], names, declared, star)
    # ``super().__init__(...)`` in a class whose bases may name a driver's
    # connection class (a seed of the class's head) is such a call too.
    members = tuple(
        _member(method, part, seed or (seeds[0] and any(n.id == "super" for n in part.names)))
        for method, part, seed in zip(methods, parts[1:], seeds[1:], strict=True)
    )
    head = parts[0]
    head_names = frozenset(n.id for n in head.names)
    class_reads = head_names.union(a.attr for a in head.attributes)
    return Statement(stmt, any(seeds), names, declared, star, members, class_reads, head_names)


def _member(method: ast.FunctionDef | ast.AsyncFunctionDef, part: _Part, seed: bool) -> Member:
    """What :mod:`.needed` weighs of one method.  Another method of the class
    reaches into it only through its first parameter (``self.<attr>`` assigned
    or read, ``self.<method>()``: ``Names._self_assignment``, ``_returning``,
    pass 1's ``Scope.self_name``), so attributes of other objects
    (``dbapi.connect = Mock()``) are left out; a nested function's ``self``
    counts too, and a parameter of the same name can only add more.
    """
    own = _self_name(method)
    mine = [a for a in part.attributes if own is not None and type(a.value) is ast.Name and a.value.id == own]
    return Member(
        method,
        seed,
        frozenset(n.id for n in part.names),
        frozenset(part.declared),
        frozenset(a.attr for a in mine),
        frozenset([method.name, *(a.attr for a in mine if not isinstance(a.ctx, ast.Load))]),
    )


def _self_name(method: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """A method's first parameter (None for a ``@staticmethod`` or without one),
    as pass 1 takes it (``bindings.Collector._on_function``).
    """
    if any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in method.decorator_list):
        return None
    first = [*method.args.posonlyargs, *method.args.args]
    return first[0].arg if first else None


def _uses_reported(
    bound: dict[str, set[str]],
    names: list[ast.Name],
    attributes: list[ast.Attribute],
    harmless: _Harmless,
) -> bool:
    """Whether a name an import binds is used where its qualified name may grow
    into a reported call: ``sa.create_engine`` or ``sa.engine`` (still a prefix),
    or the name alone (``connect(...)``, ``f = sa``), not ``sa.Table``.  By name,
    whatever the scope: a local of the same name only makes more uses.  Not a
    call whose every qualified name its arguments rule out (``harmless``):
    ``create_engine("sqlite://")``.
    """
    heads: set[int] = set()
    for attribute in attributes:
        value = attribute.value
        if type(value) is ast.Name and value.id in bound:
            heads.add(id(value))
            qualnames = [f"{q}.{attribute.attr}" for q in bound[value.id]]
            if any(q in _IMPORT_PREFIXES for q in qualnames) and not _ruled_out(
                harmless.get(id(attribute)), qualnames
            ):
                return True
    return any(
        name.id in bound
        and id(name) not in heads
        and not isinstance(name.ctx, ast.Store)
        and not _ruled_out(harmless.get(id(name)), bound[name.id])
        for name in names
    )


def _ruled_out(calls: frozenset[str] | None, qualnames: Iterable[str]) -> bool:
    """Whether a call of a function with these qualified names reports nothing:
    each is not a reported call at all (the call's own name: it neither reports
    nor has a qualified name for what it returns), or one its arguments rule out.
    """
    return calls is not None and all(q not in REPORTED_CALLS or q in calls for q in qualnames)


def _harmless_calls(call: ast.Call) -> frozenset[str]:
    """The reported calls a call with these arguments would make no candidate
    for, whatever it turns out to call, with no effect on any other site:

    * ``create_engine(url, ...)`` (``sqlalchemy_django.engine_call``) without a
      ``connect_args`` keyword, whose URL (the first positional argument, else
      ``url=``) is absent or a string literal whose scheme is no MySQL-family
      dialect (``"sqlite://"``): ``_engine`` returns before any evaluation;
    * ``make_url(url)`` (``url_call``, ``url_from``) with no positional argument
      or such a literal.

    The literal's value as CPython decodes it (concatenations joined): a scheme
    the front-end reads undecoded (``literal_text``) is a dialect only if it
    holds no escape, and then it is the decoded one too.  Anything the
    front-end reads another way (``*args``, ``**kwargs``, bytes, f-strings,
    names) is not ruled out.  Every other call has the empty answer.
    """
    if not call.args and not call.keywords:
        url = None
    elif any(type(a) is ast.Starred for a in call.args) or any(k.arg is None for k in call.keywords):
        return frozenset()
    elif call.args:
        url = call.args[0]
    else:
        url = next((k.value for k in call.keywords if k.arg == "url"), None)
    if url is not None and not (
        type(url) is ast.Constant and isinstance(url.value, str) and _dialect_driver(url.value) is None
    ):
        return frozenset()
    engine = not any(k.arg == "connect_args" for k in call.keywords)
    make_url = not call.args or url is call.args[0]
    return (_ENGINE_CALLS if engine else frozenset()) | (_MAKE_URL_CALLS if make_url else frozenset())


_ENGINE_CALLS = frozenset(sqlalchemy_django.ENGINE_CALLS)
_MAKE_URL_CALLS = frozenset(sqlalchemy_django.MAKE_URL_CALLS)


def _dialect_driver(url: str) -> str | None:
    from connlint.clients.sqlalchemy_url import dialect_driver

    return dialect_driver(url)
