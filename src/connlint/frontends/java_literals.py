"""Java string literals and text blocks decoded with each character's source
position (JLS 3.10.5-3.10.7), and the located text values are made of.
"""

from __future__ import annotations

from dataclasses import field

from connlint.frontends.spring import Located
from connlint.lazy import dataclass
from connlint.model import Hop

_SIMPLE_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", "s": " ", '"': '"', "'": "'"}
_SIMPLE_ESCAPES["\\"] = "\\"


@dataclass(slots=True)
class JavaText(Located):
    """Located text plus the literals (byte ranges) it was built from, and the
    steps a part of it took from another file (a constant's definition), origin first.
    """

    literals: set[tuple[int, int]] = field(default_factory=set)
    hops: list[Hop] = field(default_factory=list)

    def extend(self, other: Located) -> None:
        """Append another located text (and its literals and hops)."""
        Located.extend(self, other)  # not super(): slots=True makes a new class
        if isinstance(other, JavaText):
            self.literals |= other.literals
            self.add_hops(other.hops)

    def add_hops(self, hops: list[Hop]) -> None:
        """Add the steps of a part (each once, in order)."""
        for hop in hops:
            if hop not in self.hops:
                self.hops.append(hop)


def decode_escapes(body: str, line: int, column: int, out: JavaText) -> None:
    """Decode Java escapes of a one-line literal body starting at ``line``:``column``."""
    i = 0
    while i < len(body):
        # Up to the next backslash the value is the source: one run, whatever its length.
        j = body.find("\\", i)
        if j < 0:
            out.add(body[i:], (line, column + i))
            return
        out.add(body[i:j], (line, column + i))
        i = j
        char = body[i]
        point = (line, column + i)
        if i + 1 >= len(body):
            out.add(char, point)
            i += 1
            continue
        nxt = body[i + 1]
        if nxt == "u":
            j = i + 1
            while j < len(body) and body[j] == "u":
                j += 1
            digits = body[j : j + 4]
            if len(digits) == 4 and all(c in "0123456789abcdefABCDEF" for c in digits):
                out.add(chr(int(digits, 16)), point)
                i = j + 4
                continue
            out.add(char, point)
            i += 1
        elif nxt in _SIMPLE_ESCAPES:
            out.add(_SIMPLE_ESCAPES[nxt], point)
            i += 2
        elif nxt in "01234567":
            j = i + 1
            limit = i + (4 if nxt in "0123" else 3)
            while j < len(body) and j < limit and body[j] in "01234567":
                j += 1
            out.add(chr(int(body[i + 1 : j], 8)), point)
            i = j
        else:
            out.add(char, point)
            i += 1


def decode_text_block(raw: str, line: int, column: int, out: JavaText) -> None:
    """Decode a text block (JLS 3.10.6): strip incidental indentation, then escapes."""
    body = raw[3:-3] if len(raw) >= 6 and raw.endswith('"""') else raw[3:]
    newline = body.find("\n")
    if newline < 0:
        decode_escapes(body, line, column + 3, out)
        return
    lines = [ln.rstrip("\r") for ln in body[newline + 1 :].split("\n")]
    first_line = line + 1
    significant = [ln for ln in lines[:-1] if ln.strip()] + [lines[-1]]
    indent = min((len(ln) - len(ln.lstrip(" \t")) for ln in significant), default=0)
    for index, content in enumerate(lines):
        stripped = content[indent:].rstrip(" \t")
        continued = _ends_with_continuation(stripped)
        if continued:
            stripped = stripped[:-1]
        decode_escapes(stripped, first_line + index, 1 + indent, out)
        if index < len(lines) - 1 and not continued:
            out.add("\n", (first_line + index, 1 + indent + len(stripped)))


def _ends_with_continuation(text: str) -> bool:
    count = len(text) - len(text.rstrip("\\"))
    return count % 2 == 1
