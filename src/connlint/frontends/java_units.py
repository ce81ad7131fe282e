"""The other files of the project the Java front-end parses for their
constants and helpers (:mod:`connlint.frontends.java_project`): each parsed
once per process while it is kept, the least recently used dropped first, and
freed as soon as it is dropped (issue 15: a reference cycle between a file's
evaluator and its resolver kept every tree until a full collection).
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

from connlint import project

if TYPE_CHECKING:
    from collections.abc import Callable

    from tree_sitter import Node

    from connlint.frontends.java_symbols import Symbols
    from connlint.frontends.java_values import Evaluator
    from connlint.frontends.ts_positions import TreePositions

#: Parsed files kept per process, at most this many and this many characters
#: in all (a tree with its tables takes about 20 bytes a character): the few
#: files a package's classes share (a test base class, a constants class) are
#: asked for different names again and again, each answer memoised.
_MAX_UNITS = 16
_MAX_UNITS_CHARS = 512_000
#: Files larger than this are not parsed for their constants (generated code).
_MAX_UNIT_CHARS = 256_000


class _Unit:
    """Another file of the project, parsed for its constants and helpers; its
    declarations are read when first needed (:class:`Resolver`).
    """

    def __init__(
        self, display: str, positions: TreePositions, root: Node, declare: Callable[[], Symbols]
    ) -> None:
        from connlint.frontends.java_project import Resolver

        self.display = display
        self.positions = positions
        self.root = root
        self.resolver = Resolver(display, positions, root, None, None, declare)

    @property
    def symbols(self) -> Symbols:
        return self.resolver.symbols

    @property
    def evaluator(self) -> Evaluator:
        return self.resolver.evaluator


class _Units:
    """The parsed files of a process, the least recently used dropped first
    (bounded by :data:`_MAX_UNITS` and :data:`_MAX_UNITS_CHARS`).
    """

    def __init__(self) -> None:
        self.kept: OrderedDict[Path, _Unit | None] = OrderedDict()
        self.chars = 0
        #: Dropped while a value may still be computed in them, released later.
        self.dropped: list[_Unit] = []

    def get(self, source: project.Source) -> _Unit | None:
        if source.path in self.kept:
            self.kept.move_to_end(source.path)
            return self.kept[source.path]
        unit: _Unit | None = None
        if len(source.text) <= _MAX_UNIT_CHARS:
            from connlint.frontends.java import parse_declarations  # the parser, loaded once

            parsed = parse_declarations(source.display, source.text)
            if parsed is not None:
                unit = _Unit(source.display, *parsed)
        self.kept[source.path] = unit
        self.chars += _chars(unit)
        while len(self.kept) > _MAX_UNITS or (self.chars > _MAX_UNITS_CHARS and len(self.kept) > 1):
            _, dropped = self.kept.popitem(last=False)
            self.chars -= _chars(dropped)
            if dropped is not None:
                self.dropped.append(dropped)
        return unit

    def release_dropped(self) -> None:
        """Break the evaluator-resolver cycle of each dropped unit, so that its
        tree is freed at once: between two linted files, when no value is being
        computed in one (the collector frees a cycle late, and never sees a
        tree's native memory).
        """
        for unit in self.dropped:
            unit.resolver.release()
        self.dropped.clear()


def _chars(unit: _Unit | None) -> int:
    return 0 if unit is None else len(unit.positions.text)


def load_unit(p: project.Project, source: project.Source) -> _Unit | None:
    """Another file of the project parsed for its declarations (the last few kept; None: not parseable)."""
    return p.memo(("java-units",), _Units).get(source)


def release_dropped_units(p: project.Project) -> None:
    """:meth:`_Units.release_dropped` of the project's units (before a file is linted)."""
    p.memo(("java-units",), _Units).release_dropped()
