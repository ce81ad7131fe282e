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
  the file, anywhere in it, must name a prefix of a reported call;
* a string that starts like a MySQL URL (``sqlalchemy_django.url_text``): the
  same test on each string constant and on the text parts of each f-string, as
  CPython reads them.  Implicit concatenations come joined, escapes decoded,
  which can only find more: the match is a run of letters, ``+``, word
  characters and ``://`` after quotes and prefix letters, none of which an
  escape changes;
* ``DATABASES`` bound or changed at module level: the word in the text.

Where CPython cannot parse the text (newer syntax, errors, too deep), the
answer is True and libcst decides, as before; so it is for a text above
:data:`SCREEN_MAX` characters, whose whole tree would cost too much memory
(~60 bytes per character; :mod:`.reduction` parses large files piece by piece).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from connlint.frontends.python import drivers, processes, sqlalchemy_django

#: Every qualified name ``Builder._call_kind`` reports (kept equal by a test).
REPORTED_CALLS: frozenset[str] = frozenset(
    {
        *drivers.DRIVER_BY_CALL,
        *sqlalchemy_django.ENGINE_CALLS,
        *sqlalchemy_django.ENGINE_FROM_CONFIG_CALLS,
        *sqlalchemy_django.URL_CREATE_CALLS,
        *sqlalchemy_django.MAKE_URL_CALLS,
        *processes.PROCESS_CALLS,
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


def may_report(text: str) -> bool:
    """False only when the front-end's gate is false for ``text`` (see the module)."""
    if "DATABASES" in text or len(text) > SCREEN_MAX:
        return True
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return True
    url_start = sqlalchemy_django.url_start
    bound: dict[str, set[str]] = {}  # local name -> the qualified names imports give it
    names: list[ast.Name] = []
    attributes: list[ast.Attribute] = []
    for node in ast.walk(tree):
        kind = type(node)
        if kind is ast.Name:
            names.append(node)  # type: ignore[arg-type]
        elif kind is ast.Attribute:
            attributes.append(node)  # type: ignore[arg-type]
        elif kind is ast.Constant:
            value = node.value  # type: ignore[attr-defined]
            if isinstance(value, bytes):
                value = value.decode("latin-1")
            if isinstance(value, str) and url_start(value):
                return True
        elif kind is ast.JoinedStr:
            assert isinstance(node, ast.JoinedStr)
            if url_start(
                "".join(
                    v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
                )
            ):
                return True
        elif kind is ast.Import:
            assert isinstance(node, ast.Import)
            for alias in node.names:
                head = alias.name.split(".", 1)[0]
                qualname = alias.name if alias.asname else head
                if qualname in _IMPORT_PREFIXES:
                    bound.setdefault(alias.asname or head, set()).add(qualname)
        elif kind is ast.ImportFrom:
            assert isinstance(node, ast.ImportFrom)
            if node.level or node.module is None:
                continue  # relative: the front-end gives no qualified name
            for alias in node.names:
                if alias.name == "*":
                    if node.module in _IMPORT_PREFIXES:
                        return True  # any unbound name may stand for one of the module's
                    continue
                qualname = f"{node.module}.{alias.name}"
                if qualname in _IMPORT_PREFIXES:
                    bound.setdefault(alias.asname or alias.name, set()).add(qualname)
    return bool(bound) and _uses_reported(bound, names, attributes)


def _uses_reported(
    bound: dict[str, set[str]], names: list[ast.Name], attributes: list[ast.Attribute]
) -> bool:
    """Whether a name an import binds is used where its qualified name may grow
    into a reported call: ``sa.create_engine`` or ``sa.engine`` (still a prefix),
    or the name alone (``connect(...)``, ``f = sa``), not ``sa.Table``.  By name,
    whatever the scope: a local of the same name only makes more uses.
    """
    heads: set[int] = set()
    for attribute in attributes:
        value = attribute.value
        if type(value) is ast.Name and value.id in bound:
            heads.add(id(value))
            if any(f"{q}.{attribute.attr}" in _IMPORT_PREFIXES for q in bound[value.id]):
                return True
    return any(
        name.id in bound and id(name) not in heads and not isinstance(name.ctx, ast.Store) for name in names
    )
