"""connlint.lazy: a dataclass finished on first use behaves as the eager one;
a pattern compiled on first use answers as the compiled one."""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import importlib
import pickle
import pkgutil
import re
import threading
from collections.abc import Iterator
from typing import Any

import pytest

import connlint
from connlint import lazy

# Each class is made twice from the same body: once by dataclasses.dataclass,
# once by lazy.dataclass (module level, so that pickle finds both).
_PARAMS: dict[str, dict[str, Any]] = {
    "Plain": {},
    "Frozen": {"frozen": True},
    "Ordered": {"frozen": True, "order": True},
    "NoEq": {"eq": False},
    "UnsafeHash": {"unsafe_hash": True},
    "NoRepr": {"repr": False},
    "KwOnly": {"kw_only": True},
    "NoMatchArgs": {"match_args": False},
}


def _body(name: str) -> type:
    def post_init(self: Any) -> None:
        if self.line < 0:
            raise ValueError("negative line")

    namespace = {
        "__annotations__": {"path": "str", "line": "int", "tags": "list[str]", "note": "str"},
        "line": 0,
        "tags": dataclasses.field(default_factory=list),
        "note": dataclasses.field(default="", repr=False, compare=False),
        "__post_init__": post_init,
        "__module__": __name__,
        "__qualname__": name,
    }
    return type(name, (), namespace)


def _make(name: str, params: dict[str, Any], deferred: bool) -> type:
    maker = lazy.dataclass if deferred else dataclasses.dataclass
    return maker(**params)(_body(name))  # type: ignore[no-any-return, call-overload]


for _name, _p in _PARAMS.items():
    globals()[f"Eager{_name}"] = _make(f"Eager{_name}", _p, deferred=False)
    globals()[f"Lazy{_name}"] = _make(f"Lazy{_name}", _p, deferred=True)


@contextlib.contextmanager
def _fresh(name: str) -> Iterator[tuple[type, type]]:
    """A new eager and a new (not yet finished) lazy class for the parameters
    ``name``, in this module's namespace meanwhile (for pickle)."""
    made = _make(f"Eager{name}", _PARAMS[name], False), _make(f"Lazy{name}", _PARAMS[name], True)
    saved = {cls.__name__: globals()[cls.__name__] for cls in made}
    globals().update((cls.__name__, cls) for cls in made)
    try:
        yield made
    finally:
        globals().update(saved)


def _outcome(action: Any) -> tuple[str, Any]:
    try:
        return "ok", action()
    except Exception as error:  # the kind of error is the outcome
        return type(error).__name__, str(error).replace("Eager", "").replace("Lazy", "")


def _behaviour(cls: type) -> list[tuple[str, Any]]:
    """What one class does, as comparable values (class names made equal)."""

    def make(*args: Any, **kwargs: Any) -> Any:
        return cls(*args, **kwargs)

    def named(value: Any) -> Any:
        return re.sub(r" at 0x[0-9a-f]+", "", repr(value).replace(cls.__name__, "C"))

    a = _outcome(lambda: make("a", 1))
    b = _outcome(lambda: make(path="a", line=1, note="x"))
    if a[0] != "ok":  # kw_only
        a = b
    x, y = a[1], b[1]
    out = [
        (a[0], named(x)),
        _outcome(lambda: make("a", -1)),
        _outcome(lambda: make()),
        _outcome(lambda: x == y),
        _outcome(lambda: x != make(path="b", line=1)),
        _outcome(lambda: hash(x) == hash(y)),
        _outcome(lambda: x < make(path="b", line=0)),
        _outcome(lambda: sorted([make(path="b", line=0), x]) == [x, make(path="b", line=0)]),
        _outcome(lambda: setattr(x, "line", 5)),
        _outcome(lambda: delattr(x, "note")),
        _outcome(lambda: named(dataclasses.replace(y, line=2))),
        _outcome(lambda: [f.name for f in dataclasses.fields(cls)]),
        _outcome(lambda: dataclasses.asdict(y)),
        _outcome(lambda: dataclasses.is_dataclass(cls)),
        _outcome(lambda: cls.__match_args__),  # type: ignore[attr-defined]
        _outcome(lambda: named(pickle.loads(pickle.dumps(y)))),
        _outcome(lambda: named(copy.deepcopy(y))),
    ]
    out.append(_outcome(lambda: _match(cls, y)))
    return out


def _match(cls: type, value: Any) -> Any:
    match value:
        case cls(p, n):  # type: ignore[misc]
            return p, n
        case _:
            return None


@pytest.mark.parametrize("name", sorted(_PARAMS))
def test_same_behaviour_as_dataclass(name: str) -> None:
    with _fresh(name) as (eager, deferred):
        assert deferred in lazy._PENDING
        assert _behaviour(deferred) == _behaviour(eager)
        assert deferred not in lazy._PENDING
    for attribute in (
        "__init__",
        "__repr__",
        "__eq__",
        "__hash__",
        "__lt__",
        "__setattr__",
        "__match_args__",
    ):
        assert (attribute in vars(eager)) == (attribute in vars(deferred)), attribute
        assert vars(eager).get(attribute) is None or vars(deferred).get(attribute) is not None


@pytest.mark.parametrize("name", sorted(_PARAMS))
@pytest.mark.parametrize(
    "first",
    [
        lambda c, v: v == v,
        lambda c, v: hash(v),
        lambda c, v: repr(v),
        lambda c, v: dataclasses.fields(c),
        lambda c, v: dataclasses.replace(v),
        lambda c, v: c.__dataclass_params__,
        lambda c, v: v < v,
    ],
)
def test_any_first_use_finishes_the_class(name: str, first: Any) -> None:
    """An instance made before (unpickled: no __init__) and the first use is
    not __init__ (a use of what dataclass does not add leaves the class as it is)."""
    with _fresh(name) as (eager, deferred):
        value = object.__new__(deferred)
        vars(value).update(path="a", line=1, tags=[], note="")
        expected = object.__new__(eager)
        vars(expected).update(path="a", line=1, tags=[], note="")
        assert _outcome(lambda: first(deferred, value))[0] == _outcome(lambda: first(eager, expected))[0]
        assert _behaviour(deferred) == _behaviour(eager)


def test_unpickled_into_an_unfinished_class() -> None:
    """A worker's result unpickled in a process where the class is not finished yet."""
    data = pickle.dumps(LazyOrdered("a", 2))  # type: ignore[name-defined]  # noqa: F821
    with _fresh("Ordered") as (_, fresh):
        back = pickle.loads(data)
        assert type(back) is fresh and fresh in lazy._PENDING
        assert back < fresh("b", 0)
        assert back == fresh("a", 2) and back != fresh("a", 3)
        with pytest.raises(dataclasses.FrozenInstanceError):
            back.line = 3


def test_subclasses() -> None:
    @lazy.dataclass(frozen=True)
    class Base:
        a: int
        b: int = 0

    @lazy.dataclass(frozen=True)
    class Derived(Base):
        c: int = 1

    class Plain(Base):
        def __init__(self) -> None:
            super().__init__(5)

    assert Base in lazy._PENDING
    assert Derived(1, 2, 3) == Derived(1, 2, 3)
    assert [f.name for f in dataclasses.fields(Derived)] == ["a", "b", "c"]
    assert Base not in lazy._PENDING
    assert Plain().a == 5
    with pytest.raises(TypeError, match="unhashable"):

        @lazy.dataclass
        class Mutable:
            a: int

        hash(Mutable(1))


def test_slots_are_made_at_once() -> None:
    @lazy.dataclass(frozen=True, slots=True)
    class Slotted:
        a: int

    assert Slotted not in lazy._PENDING
    assert Slotted.__slots__ == ("a",)


def test_threads_see_a_finished_class() -> None:
    with _fresh("Frozen") as (_, deferred):
        pass
    results: list[Any] = []
    threads = [threading.Thread(target=lambda: results.append(repr(deferred("a", 1)))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["LazyFrozen(path='a', line=1, tags=[])"] * 8


def test_every_connlint_dataclass_can_be_finished() -> None:
    """A class's definition errors surface at its first use: finish them all here."""
    for info in pkgutil.walk_packages(connlint.__path__, "connlint."):
        if not info.name.startswith(("connlint.dev", "connlint.rules")):
            importlib.import_module(info.name)
    pending = [cls for cls in list(lazy._PENDING) if cls.__module__.startswith("connlint.")]
    assert pending
    for cls in pending:
        lazy.realize(cls)
        assert dataclasses.is_dataclass(cls)


_PATTERNS = [
    (r"(?P<k>\w+)=(\d+)", re.IGNORECASE, "A=1 b=22 c"),
    (rb"jdbc:mysql://", 0, b"x jdbc:mysql://h jdbc:MYSQL://"),
    (r"^\s*#.*$", re.MULTILINE, "a\n # b\nc"),
]


@pytest.mark.parametrize(("source", "flags", "text"), _PATTERNS)
def test_pattern_answers_as_compiled(source: Any, flags: int, text: Any) -> None:
    stand_in = lazy.compile(source, flags)
    assert "_compiled" not in vars(stand_in)
    real = re.compile(source, flags)
    assert [m.group(0) for m in stand_in.finditer(text)] == [m.group(0) for m in real.finditer(text)]
    dash = "-" if isinstance(text, str) else b"-"
    assert stand_in.sub(dash, text) == real.sub(dash, text)
    assert bool(stand_in.search(text)) == bool(real.search(text))
    assert (stand_in.pattern, stand_in.flags, stand_in.groups) == (real.pattern, real.flags, real.groups)
    assert lazy.compiled(stand_in) is lazy.compiled(stand_in)
    assert lazy.compiled(real) is real
    assert re.sub(lazy.compiled(stand_in), dash, text) == real.sub(dash, text)


def test_lazy_sequence_makes_each_item_once_when_read() -> None:
    made: list[int] = []

    def make(k: int) -> str:
        made.append(k)
        return f"item {k}"

    items = lazy.LazySequence(4, make)
    assert len(items) == 4 and made == []
    assert items[1] == "item 1" and items[-1] == "item 3" and items[1] == "item 1"
    assert made == [1, 3]
    assert items[1:3] == ["item 1", "item 2"] and list(items) == [f"item {k}" for k in range(4)]
    assert made == [1, 3, 2, 0]
    with pytest.raises(IndexError):
        items[4]


def test_a_lazy_sequence_that_keeps_nothing_makes_an_item_at_each_read() -> None:
    made: list[int] = []

    def make(k: int) -> int:
        made.append(k)
        return k * 10

    items = lazy.LazySequence(3, make, keep=False)
    assert items[1] == 10 and items[1] == 10 and items[-1] == 20 and list(items) == [0, 10, 20]
    assert made == [1, 1, 2, 0, 1, 2]
