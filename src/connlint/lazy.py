"""Work deferred to first use: dataclasses whose methods are generated when
first needed, regular expressions compiled when first used, and sequences
whose items are made when first read (:class:`LazySequence`).

A pre-commit run over three files spends most of its time importing modules,
and much of that in two things done at import: :func:`dataclasses.dataclass`
compiles the source of every generated method (``__init__``, ``__repr__``,
``__eq__``, ``__hash__``, the frozen ``__setattr__``…: 0.5-1.5 ms a class,
about 60 classes on that path), and ``re.compile`` parses every module-level
pattern (about 90).  Most classes and patterns are never used in such a run:
the classes of values a worker pickles are rebuilt without ``__init__``, the
patterns belong to syntaxes the files do not contain.

:func:`dataclass` takes the arguments of :func:`dataclasses.dataclass` and
leaves the class as written, with stand-ins for what ``dataclass`` would add;
the first use of any of them (creating an instance, comparing, hashing,
``repr``, ``dataclasses.fields``/``replace``, a ``match`` by position)
restores the class as written and applies ``dataclasses.dataclass`` to it, so
the class then is exactly what the eager decorator makes.  Type checkers see
:func:`dataclasses.dataclass` itself.

:func:`compile` takes the arguments of :func:`re.compile` and returns a
stand-in that compiles on the first attribute read (``.search``, ``.pattern``)
and keeps the compiled pattern's attributes.  Give it only patterns used
through their methods: ``re.sub(P, ...)`` and ``isinstance(P, re.Pattern)``
need the compiled pattern (:func:`compiled` returns it).
"""

from __future__ import annotations

import dataclasses
import re
from _thread import RLock
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, AnyStr, TypeVar, cast, overload

__all__ = ["LazyPattern", "compile", "compiled", "dataclass", "realize"]

#: Methods ``dataclasses.dataclass`` may add, with the parameter (and its
#: default) that asks for each; ``__hash__`` is always decided by it.
_METHODS: tuple[tuple[str, str, bool], ...] = (
    ("__init__", "init", True),
    ("__repr__", "repr", True),
    ("__eq__", "eq", True),
    ("__hash__", "", True),
    ("__lt__", "order", False),
    ("__le__", "order", False),
    ("__gt__", "order", False),
    ("__ge__", "order", False),
    ("__setattr__", "frozen", False),
    ("__delattr__", "frozen", False),
)
#: Class attributes ``dataclasses.dataclass`` adds (read on the class as well as on instances).
_ATTRIBUTES = ("__dataclass_fields__", "__dataclass_params__", "__match_args__")

_MISSING = object()


class _Pending:
    """What :func:`realize` needs to finish a class: its parameters and the
    class dictionary entries the stand-ins replaced.
    """

    __slots__ = ("params", "saved")

    def __init__(self, params: dict[str, Any], saved: dict[str, object]) -> None:
        self.params = params
        self.saved = saved


_PENDING: dict[type, _Pending] = {}
# Held while a class is finished: another thread using it meanwhile waits for
# the finished class (re-entrant: finishing a class finishes its bases first).
_REALIZING = RLock()


def realize(cls: type) -> None:
    """Apply the deferred ``dataclasses.dataclass`` to ``cls`` (no-op once done)."""
    with _REALIZING:
        pending = _PENDING.pop(cls, None)
        if pending is None:
            return
        for name, value in pending.saved.items():
            if value is _MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, value)
        dataclasses.dataclass(cls, **pending.params)


class _Attribute:
    """A stand-in for a class attribute ``dataclass`` adds: realizes its class when read."""

    def __init__(self, owner: type, name: str) -> None:
        self.owner = owner
        self.name = name

    def __get__(self, instance: object, kind: type | None = None) -> Any:
        realize(self.owner)
        return getattr(instance if instance is not None else kind, self.name)


def _method(owner: type, name: str) -> Callable[..., Any]:
    """A stand-in for a method ``dataclass`` may add: realizes its class, then
    calls what the class has in its place (its own, or a base class's).
    """

    def stand_in(self: Any, *args: Any, **kwargs: Any) -> Any:
        realize(owner)
        found = owner.__dict__.get(name, _MISSING)
        if found is None:  # __hash__ = None: eq without frozen
            raise TypeError(f"unhashable type: {type(self).__name__!r}")
        if found is _MISSING:
            return getattr(super(owner, self), name)(*args, **kwargs)
        return found.__get__(self, type(self))(*args, **kwargs)

    stand_in.__name__ = stand_in.__qualname__ = name
    return stand_in


def _defer(cls: type, params: dict[str, Any]) -> type:
    saved: dict[str, object] = {}
    for name, param, default in _METHODS:
        if param and not params.get(param, default):
            continue
        saved[name] = cls.__dict__.get(name, _MISSING)
        setattr(cls, name, _method(cls, name))
    for name in _ATTRIBUTES:
        saved[name] = cls.__dict__.get(name, _MISSING)
        setattr(cls, name, _Attribute(cls, name))
    _PENDING[cls] = _Pending(params, saved)
    return cls


def _dataclass(cls: type | None = None, /, **params: Any) -> Any:
    """:func:`dataclasses.dataclass`, applied on first use (see the module's text).

    ``slots=True`` makes a new class, so such a class is made at once.
    """

    def wrap(cls: type) -> type:
        if params.get("slots"):
            return dataclasses.dataclass(cls, **params)
        return _defer(cls, params)

    return wrap if cls is None else wrap(cls)


if TYPE_CHECKING:
    from dataclasses import dataclass as dataclass
else:
    dataclass = _dataclass


class LazyPattern:
    """A stand-in for a compiled pattern: compiles on the first attribute read."""

    def __init__(self, pattern: str | bytes, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        value = getattr(compiled(cast("re.Pattern[Any]", self)), name)
        setattr(self, name, value)  # later reads find it without __getattr__
        return value

    def __repr__(self) -> str:
        return f"lazy.compile{self._source!r}"


def compile(pattern: AnyStr, flags: int | re.RegexFlag = 0) -> re.Pattern[AnyStr]:
    """:func:`re.compile`, done on the first attribute read (see the module's text)."""
    return cast("re.Pattern[AnyStr]", LazyPattern(pattern, int(flags)))


def compiled(pattern: re.Pattern[AnyStr]) -> re.Pattern[AnyStr]:
    """The compiled pattern behind ``pattern`` (``pattern`` itself if it is one)."""
    if isinstance(pattern, re.Pattern):
        return pattern
    stand_in = cast(LazyPattern, pattern)
    done = stand_in.__dict__.get("_compiled")
    if done is None:
        done = re.compile(*stand_in._source)
        stand_in.__dict__["_compiled"] = done
    return cast("re.Pattern[AnyStr]", done)


T = TypeVar("T")


class LazySequence(Sequence[T]):
    """``count`` items, item ``k`` made by ``make(k)`` when read: a shell choice
    point's hops, of which most are never read (each costs a location and a
    redaction of its label), kept once made; or where a script cut from a file
    stands, line by line (``keep=False``: an object per line would cost more
    than the line, and one is cheap to make again).
    """

    def __init__(self, count: int, make: Callable[[int], T], keep: bool = True) -> None:
        self._count = count
        self._make = make
        self._made: dict[int, T] | None = {} if keep else None

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self[k] for k in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        if self._made is None:
            return self._make(index)
        made = self._made.get(index)
        if made is None:
            made = self._made[index] = self._make(index)
        return made
