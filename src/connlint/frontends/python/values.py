"""What a Python expression stands for, as far as the source says statically:
the value types the evaluator (:mod:`connlint.frontends.python.evaluation`)
returns and the API modules read.
"""

from __future__ import annotations

import libcst as cst

from connlint.frontends.python.bindings import Scope
from connlint.lazy import dataclass
from connlint.model import Hop, Location, Span


@dataclass(frozen=True)
class Str:
    """A string known statically (possibly with DYNAMIC parts)."""

    span: Span
    nodes: tuple[int, ...] = ()
    #: Where the value was before it reached here (another module's constant), origin first.
    trail: tuple[Hop, ...] = ()


@dataclass(frozen=True)
class Const:
    """A non-string constant: True, False, None, a number, an enum member name."""

    text: str


@dataclass(frozen=True)
class Env:
    """A value read from the environment."""

    name: str


@dataclass(frozen=True)
class Unknown:
    """A value not known statically; ``text`` is the expression as written."""

    text: str


@dataclass(frozen=True)
class Entry:
    """One ``key: value`` of a dict, with where to evaluate the value."""

    key: str
    value: cst.BaseExpression
    scope: Scope
    order: int
    node: cst.CSTNode


@dataclass(frozen=True)
class DictValue:
    """A dict literal (or ``dict(...)``), its entries in order."""

    entries: tuple[Entry, ...]
    spread: tuple[str, ...] = ()  # ``**x`` entries that could not be followed
    #: Re-exported by another module (``from .settings import OPTIONS`` in
    #: ``pkg/__init__.py``): the steps before it, origin first, and where the
    #: re-exporting module names it (the last step before the use).
    trail: tuple[Hop, ...] = ()
    exported_at: Location | None = None


@dataclass(frozen=True)
class SeqValue:
    """A list or tuple literal; ``nodes`` are its elements' nodes."""

    items: tuple[Value, ...]
    nodes: tuple[cst.CSTNode, ...] = ()


@dataclass(frozen=True)
class Event:
    """One step in the life of an ssl context (creation, an argument, an assignment)."""

    what: str
    value: Value
    node: cst.CSTNode


@dataclass(frozen=True)
class ContextValue:
    """An ``ssl.SSLContext`` and what was done to it, in order."""

    events: tuple[Event, ...]


Value = Str | Const | Env | Unknown | DictValue | SeqValue | ContextValue
