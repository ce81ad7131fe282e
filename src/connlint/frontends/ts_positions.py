"""Where tree-sitter nodes stand in a file: byte offset -> character offset ->
1-based line and column, and a node's source text.

tree-sitter counts UTF-8 bytes; connlint's locations count characters.  One
helper for every front-end that parses with tree-sitter (Java today; the shell
front-end's ``_Script.char`` does the same and can use it), so the two
conversions are written once.  ASCII text needs no table; a non-ASCII one gets
its :class:`~connlint.frontends.offsets.Utf8Offsets` on first use.
"""

from __future__ import annotations

from tree_sitter import Node

from connlint.frontends.offsets import LineStarts, Utf8Offsets
from connlint.model import Location


class TreePositions:
    """Positions of the nodes of a tree parsed from ``data`` (``text`` encoded as
    UTF-8 with ``surrogatepass``, as the front-ends hand it to tree-sitter).
    """

    __slots__ = ("_offsets", "ascii", "data", "lines", "path", "text")

    def __init__(self, path: str, text: str, data: bytes | None = None) -> None:
        self.path = path
        self.text = text
        self.data = text.encode("utf-8", "surrogatepass") if data is None else data
        self.ascii = len(self.data) == len(text)
        self.lines = LineStarts(text)
        self._offsets: Utf8Offsets | None = None

    def char(self, byte: int) -> int:
        """The character offset of byte offset ``byte``."""
        if self.ascii:
            return byte
        if self._offsets is None:
            self._offsets = Utf8Offsets(self.text, self.data)
        return self._offsets.char(byte)

    def point(self, char: int) -> tuple[int, int]:
        """1-based (line, column) of character offset ``char``."""
        return self.lines.point(char)

    def point_at(self, byte: int) -> tuple[int, int]:
        """1-based (line, column) of byte offset ``byte``."""
        return self.lines.point(byte if self.ascii else self.char(byte))

    def location(self, node: Node) -> Location:
        """The node's location, its end exclusive (the character after it)."""
        line, column = self.point_at(node.start_byte)
        end_line, end_column = self.point_at(node.end_byte)
        return Location(self.path, line, column, end_line, end_column)

    def source(self, node: Node) -> str:
        """The node's text as written (not ``node.text``: after a parse through a
        read callback, as the time budget parses, tree-sitter fetches that
        through the callback, ~85 µs a call).
        """
        # The most called helper of the Java front-end (a million calls on a
        # driver's repository): ASCII text is sliced by byte offsets at once.
        start, end = node.start_byte, node.end_byte
        if self.ascii:
            return self.text[start:end]
        # Bytes between two character boundaries decode to the characters between
        # them (surrogates too: they were encoded with ``surrogatepass``): no byte
        # -> character lookups.  A byte inside a character fails to decode (a
        # continuation byte first, or a sequence cut short): the lookups say where.
        try:
            return self.data[start:end].decode("utf-8", "surrogatepass")
        except UnicodeDecodeError:
            return self.text[self.char(start) : self.char(end)]
