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

#: Characters between two entries of :attr:`Utf8Offsets.marks`: a lookup decodes
#: at most this many characters' bytes.
_STEP = 256
#: UTF-8 continuation bytes (10xxxxxx): deleting them leaves one byte a character.
_CONTINUATION = bytes(range(0x80, 0xC0))
_NOT_ASCII = re.compile(rb"[\x80-\xff]")


class Utf8Offsets:
    """Character offsets of byte offsets into ``text`` encoded as UTF-8 (with
    ``surrogatepass``, as the front-ends encode for their parsers).
    """

    __slots__ = ("ascii_end", "data", "length", "marks")

    def __init__(self, text: str, data: bytes) -> None:
        self.data = data
        self.length = len(text)
        #: The first byte that is not ASCII: up to it a byte is a character (a
        #: Java file with one ``©`` in its licence header, most of it after it).
        first = _NOT_ASCII.search(data)
        self.ascii_end = len(data) if first is None else first.start()
        #: ``marks[i]``: the byte offset of character ``i * _STEP``.
        self.marks = array("q", [0])
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
        self.starts = array("q", [0])
        self.starts.extend(m.end() for m in re.finditer("\n", text))

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
