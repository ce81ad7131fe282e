"""Internal DTD subsets that declare entities, for the two expat readers (the
XML front-end and Maven's POM reader).

Declared entities are never expanded (a billion laughs) nor fetched (XXE):
the reader stops at the end of such a DTD, before any reference, and reads
the file again with the internal subset blanked (same lines and offsets), so
that a reference to one of those entities becomes a value not known
statically.  A ``standalone="yes"`` declaration is blanked with it, since it
would make every reference to an entity no longer declared an error.
"""

from __future__ import annotations

import re
from typing import Any
from xml.parsers import expat


class EntityDeclarations(Exception):
    """Raised at the end of a DTD whose internal subset declares entities."""

    def __init__(self, names: list[str], start: int, end: int, line: int) -> None:
        super().__init__(names)
        self.names = names  # parameter entities as %name
        self.start = start  # byte offsets of the internal subset: "[" up to the closing ">"
        self.end = end
        self.line = line  # of the DTD's end


def stop_at_entity_declarations(parser: expat.XMLParserType) -> None:
    """Make ``parser`` raise :class:`EntityDeclarations` at the end of a DTD
    whose internal subset declares an entity.
    """
    declared: list[str] = []
    subset_start = [-1]

    def start_doctype(_name: str, _system: object, _public: object, has_internal_subset: int) -> None:
        if has_internal_subset:
            subset_start[0] = parser.CurrentByteIndex  # at its "["

    def entity_decl(name: str, parameter: int, *_: object) -> None:
        declared.append(f"%{name}" if parameter else name)

    def end_doctype() -> None:
        if declared and subset_start[0] >= 0:
            raise EntityDeclarations(
                declared, subset_start[0], parser.CurrentByteIndex, parser.CurrentLineNumber
            )

    parser.StartDoctypeDeclHandler = start_doctype
    parser.EntityDeclHandler = entity_decl
    parser.EndDoctypeDeclHandler = end_doctype


_BLANK = re.compile(r"[^\r\n]")
_BLANK_BYTES = re.compile(rb"[^\r\n]")
_STANDALONE = re.compile(r"""(<\?xml\s[^>]*?)(standalone\s*=\s*(["'])yes\3)""")
_STANDALONE_BYTES = re.compile(rb"""(<\?xml\s[^>]*?)(standalone\s*=\s*(["'])yes\3)""")


def without_internal_subset(text: str, start: int, end: int) -> str:
    """``text`` with the internal subset at [start, end) and a standalone
    declaration blanked; lines and columns unchanged.
    """
    blanked: str = _blanked(text, start, end, _BLANK, " ", _STANDALONE)
    return blanked


def without_internal_subset_bytes(data: bytes, start: int, end: int) -> bytes:
    """:func:`without_internal_subset` of bytes; byte offsets unchanged."""
    blanked: bytes = _blanked(data, start, end, _BLANK_BYTES, b" ", _STANDALONE_BYTES)
    return blanked


def _blanked(
    data: Any, start: int, end: int, blank: re.Pattern[Any], space: Any, standalone: re.Pattern[Any]
) -> Any:
    out = data[:start] + blank.sub(space, data[start:end]) + data[end:]
    found = standalone.match(out)
    if found is not None:
        at = found.start(2)
        out = out[:at] + space * (found.end() - at) + out[found.end() :]
    return out
