"""Where the characters of a shell script stand in its file: the script may be
the file, lines of it (a Dockerfile ``RUN``, a CI ``run:`` block), a located
value (``sh -c '…'``, a YAML scalar), a slice of another script (a heredoc
body) or a command given as words (one position for all); and a word under
construction, each of its characters with where it stands (:class:`Word`).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Protocol

from connlint.frontends.offsets import LineStarts
from connlint.frontends.spring import Located
from connlint.lazy import dataclass
from connlint.model import Span


class Positions(Protocol):
    """Where the characters of a script stand in its file."""

    def __call__(self, offset: int) -> tuple[int, int]:
        """The (line, column) of character ``offset``."""

    def run_end(self, offset: int) -> int:
        """Where the run of characters from ``offset`` ends: up to there they
        stand on one line, one column apart.
        """


@dataclass(frozen=True)
class Origin:
    """Where line ``i`` of an embedded script stands in its file: ``line`` and the
    number of characters cut from the start of that line (``indent``).
    """

    line: int
    indent: int = 0


class SpanPoints:
    """Positions of a script that is the value of a located word (``sh -c '…'``)."""

    def __init__(self, span: Span) -> None:
        self.located = Located.of(span)
        self.end = span.locate(len(span.text), len(span.text))

    def __call__(self, offset: int) -> tuple[int, int]:
        """See :class:`Positions`."""
        if offset < len(self.located):
            return self.located.point(offset)
        return self.end.line, self.end.column  # as Span.locate clamps an offset past the end

    def run_end(self, offset: int) -> int:
        """See :class:`Positions`."""
        return self.located.run_end(offset) if offset < len(self.located) else offset + 1


class ShiftedPoints:
    """Positions of a script that is a slice of another (a heredoc body)."""

    def __init__(self, outer: Positions, base: int) -> None:
        self.outer = outer
        self.base = base

    def __call__(self, offset: int) -> tuple[int, int]:
        """See :class:`Positions`."""
        return self.outer(self.base + offset)

    def run_end(self, offset: int) -> int:
        """See :class:`Positions`."""
        return self.outer.run_end(self.base + offset) - self.base


class LinePoints:
    """Positions of a script's characters by its lines; ``origins[i]`` says where
    its line ``i`` stands in the file (None: the script is the file).
    """

    def __init__(self, text: str, origins: Sequence[Origin] | None) -> None:
        self.lines = LineStarts(text)
        self.origins = origins

    def __call__(self, offset: int) -> tuple[int, int]:
        """See :class:`Positions`."""
        lo = self.lines.line_index(offset)
        column = offset - self.lines.starts[lo] + 1
        origins = self.origins
        if origins is None:
            return lo + 1, column
        origin = origins[min(lo, len(origins) - 1)] if origins else Origin(lo + 1)
        return origin.line, column + origin.indent

    def run_end(self, offset: int) -> int:
        """See :class:`Positions`."""
        lo = self.lines.line_index(offset)
        return self.lines.starts[lo + 1] if lo + 1 < len(self.lines) else sys.maxsize


class LocatedPoints:
    """Positions of a script decoded by another front-end (a YAML scalar)."""

    def __init__(self, located: Located) -> None:
        self.located = located

    def __call__(self, offset: int) -> tuple[int, int]:
        """See :class:`Positions`."""
        located = self.located
        if not len(located):
            return 1, 1
        if offset < len(located):
            return located.point(offset)
        line, column = located.point(-1)
        return line, column + 1 + offset - len(located)

    def run_end(self, offset: int) -> int:
        """See :class:`Positions`."""
        return self.located.run_end(offset) if offset < len(self.located) else sys.maxsize


class FixedPoint:
    """One position for every character (a command given as words, not as text)."""

    def __init__(self, line: int, column: int) -> None:
        self.point = (line, column)

    def __call__(self, offset: int) -> tuple[int, int]:
        """See :class:`Positions`."""
        return self.point

    def run_end(self, offset: int) -> int:
        """See :class:`Positions`."""
        return offset + 1


@dataclass(eq=False, slots=True)
class Word(Located):
    """A word under construction: its characters and where each stands, in runs."""

    expanded: bool = False  # part of it came from a variable or substitution
    #: The variable an unquoted word stands for alone whose value is not known
    #: statically (``mysql $SSL_OPTS db``): the shell splits it into any number
    #: of words, options among them.  Empty otherwise.
    spread: str = ""

    def extend(self, other: Located) -> None:
        """Append ``other``; expanded when either part is (and no longer one variable alone)."""
        Located.extend(self, other)  # not super(): slots=True makes a new class
        if isinstance(other, Word):
            self.expanded = self.expanded or other.expanded
            if self.spread or other.spread:
                self.spread = other.spread if len(self) == len(other) else ""
        elif self.spread:
            self.spread = ""

    def copy(self) -> Word:
        """A new word with the same characters, where they stand (callers extend it)."""
        copied = Word(expanded=self.expanded, spread=self.spread)
        copied.extend(self)
        return copied
