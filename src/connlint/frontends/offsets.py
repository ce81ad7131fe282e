"""Positions in a file's text: UTF-8 byte offsets to character offsets (the
parsers, tree-sitter and expat, count bytes) and character offsets to 1-based
line and column.

Both tables are compact, so that they stay small next to the text itself
whatever its shape: a list entry a byte or a line would cost 36 bytes (a
pointer and an int object), 18 times a file of blank lines.
"""

from __future__ import annotations

import bisect
import re
from array import array
from itertools import accumulate

#: Characters between two entries of :attr:`Utf8Offsets.marks`: a lookup decodes
#: at most this many characters' bytes.
_STEP = 256
#: UTF-8 continuation bytes (10xxxxxx): deleting them leaves one byte a character.
_CONTINUATION = bytes(range(0x80, 0xC0))
_NOT_ASCII = re.compile(rb"[\x80-\xff]")
#: A character outside ASCII (two to four bytes in UTF-8).
_WIDE = re.compile(r"[^\x00-\x7f]")
#: A text with at most one byte beyond one a character in this many characters
#: keeps a sparse table (:class:`Utf8Offsets`).
_SPARSE = 64
_PLUS_ONE = (1).__add__


class Utf8Offsets:
    """Character offsets of byte offsets into ``text`` encoded as UTF-8 (with
    ``surrogatepass``, as the front-ends encode for their parsers).

    A text with few characters outside ASCII (a Java file with a ``©`` or an
    accented name in its comments: the usual case) keeps where each of them
    stands, a lookup is one bisection; any other keeps where every
    :data:`_STEP`-th character starts and decodes up to ``_STEP`` characters.
    """

    __slots__ = ("ascii_end", "data", "extra", "length", "marks", "wide")

    def __init__(self, text: str, data: bytes) -> None:
        self.data = data
        self.length = len(text)
        #: The first byte that is not ASCII: up to it a byte is a character (a
        #: Java file with one ``©`` in its licence header, most of it after it).
        first = _NOT_ASCII.search(data)
        self.ascii_end = len(data) if first is None else first.start()
        #: Sparse table: the byte offset of each character outside ASCII and the
        #: bytes beyond one a character up to and including it (None: ``marks``).
        self.wide: array[int] | None = None
        self.extra = array("q")
        #: ``marks[i]``: the byte offset of character ``i * _STEP``.
        self.marks = array("q", [0])
        if (len(data) - len(text)) * _SPARSE <= len(text):
            # At most one entry a _SPARSE characters (each wide one is 2 bytes or more).
            wide = array("q")
            extra = self.extra
            more = 0
            for match in _WIDE.finditer(text):
                code = ord(match.group())
                wide.append(match.start() + more)
                more += 1 if code < 0x800 else 2 if code < 0x10000 else 3
                extra.append(more)
            self.wide = wide
            return
        position = 0
        for start in range(0, len(text), _STEP):
            position += len(text[start : start + _STEP].encode("utf-8", "surrogatepass"))
            self.marks.append(position)

    def char(self, byte: int) -> int:
        """The character that byte ``byte`` belongs to (``len(text)`` at the end)."""
        if 0 <= byte <= self.ascii_end:
            return byte
        data = self.data
        byte = max(0, min(byte, len(data)))
        wide = self.wide
        if wide is not None:
            i = bisect.bisect_right(wide, byte) - 1
            if i < 0:
                return byte
            before = self.extra[i - 1] if i else 0
            if byte < wide[i] + self.extra[i] - before + 1:
                return wide[i] - before  # in (or at) that character
            return min(byte - self.extra[i], self.length)
        marks = self.marks
        block = bisect.bisect_right(marks, byte) - 1
        if (block + 1) * _STEP <= self.length and marks[block + 1] - marks[block] == _STEP:
            return block * _STEP + byte - marks[block]  # a whole block of ASCII characters
        # Characters of the block before ``byte``: its bytes less continuation bytes.
        index = block * _STEP + len(data[self.marks[block] : byte].translate(None, _CONTINUATION))
        if byte < len(data) and 0x80 <= data[byte] < 0xC0:
            index -= 1  # inside a character: that character
        return min(index, self.length)


class LineStarts:
    """1-based (line, column) of character offsets into a text (LF line ends)."""

    __slots__ = ("starts",)

    def __init__(self, text: str) -> None:
        # Each line's length plus its line end, summed (native iteration: no
        # Python step a line).
        lines = text.split("\n")
        lines.pop()
        self.starts = array("q", accumulate(map(_PLUS_ONE, map(len, lines)), initial=0))

    def __len__(self) -> int:
        """The number of lines."""
        return len(self.starts)

    def line_index(self, offset: int) -> int:
        """The 0-based line that holds character ``offset``."""
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)

    def point(self, offset: int) -> tuple[int, int]:
        """The line and column of character ``offset``."""
        line = self.line_index(offset)
        return line + 1, offset - self.starts[line] + 1
