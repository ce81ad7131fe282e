r"""The ``.properties`` front-end.

Reads Java ``.properties`` syntax as ``java.util.Properties.load`` does
(``key=value``, ``key: value``, ``key value``, ``#`` / ``!`` comments, line
continuations, ``\uXXXX`` and other escapes, leading whitespace) and keeps the
source position of every character of every value.

The entries then go through the Spring key mapping of
:mod:`connlint.frontends.spring` (shared with YAML and XML), which says what
becomes a candidate and how placeholders such as ``${DB_PASS:secret}`` are read.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from connlint.frontends.spring import Entry, Located, candidates, may_matter
from connlint.model import Extraction, Location, Piece, Span

_WHITESPACE = " \t\f"
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}
#: Key, then whitespace, an optional ``=`` / ``:`` and whitespace (no escapes involved).
_PLAIN_KEY = re.compile(r"([^=: \t\f]+)[ \t\f]*(?:[=:][ \t\f]*)?")


def extract(path: str, text: str) -> Extraction:
    """Candidates and notifications of one ``.properties`` file; never raises."""
    return Extraction(candidates=candidates(path, parse(path, text, keep=may_matter)))


# ---------------------------------------------------------------------------
# .properties syntax


def parse(path: str, text: str, keep: Callable[[str, str], bool] | None = None) -> list[Entry]:
    """The entries of a ``.properties`` file, with exact value locations.

    ``keep(key, value)``, when given, skips the one-line entries it rejects before
    they are built (most keys of a large file are of no interest).
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    entries: list[Entry] = []
    index = 0
    while index < len(lines):
        raw: list[tuple[str, int, int]] = []  # (char, line, column) of the logical line
        first = True
        while index < len(lines):
            natural = lines[index]
            line_no = index + 1
            index += 1
            start = 0
            while start < len(natural) and natural[start] in _WHITESPACE:
                start += 1
            if first and (start == len(natural) or natural[start] in "#!"):
                break  # blank line or comment
            first = False
            body = natural[start:]
            if not raw and "\\" not in body:
                entry = _plain_entry(path, body, line_no, start + 1, keep)
                if entry is not None:
                    entries.append(entry)
                break  # the common case: one line, no escapes
            trailing = len(body) - len(body.rstrip("\\"))
            continued = trailing % 2 == 1
            if continued:
                body = body[:-1]
            raw.extend((c, line_no, start + 1 + i) for i, c in enumerate(body))
            if not continued:
                break
        if raw:
            entry = _entry(path, raw)
            if entry is not None:
                entries.append(entry)
    return entries


def _plain_entry(
    path: str, body: str, line: int, column: int, keep: Callable[[str, str], bool] | None
) -> Entry | None:
    """Split a one-line entry without backslashes (what :func:`_entry` does, by regex)."""
    match = _PLAIN_KEY.match(body)
    if match is None:
        return None  # no key
    key_end = match.end(1)
    position = match.end()
    if keep is not None and not keep(body[:key_end], body[position:]):
        return None
    length = len(body)
    end_column = column + length  # one past the last character of the line
    location = Location(path, line, column, line, end_column)
    if position < length:
        value = Span(body[position:], path, (Piece(0, line, column + position),))
    else:
        value = Span("", path, (Piece(0, line, end_column),))
    return Entry(body[:key_end], value, location)


def _entry(path: str, raw: list[tuple[str, int, int]]) -> Entry | None:
    """Split one logical line into key and value, decoding escapes."""
    decoded: list[tuple[str, int, int, bool]] = []  # char, line, column, escaped
    i = 0
    while i < len(raw):
        char, line, column = raw[i]
        if char == "\\" and i + 1 < len(raw):
            nxt = raw[i + 1][0]
            if nxt == "u":
                digits = "".join(c for c, _, _ in raw[i + 2 : i + 6])
                if len(digits) == 4 and all(c in "0123456789abcdefABCDEF" for c in digits):
                    decoded.append((chr(int(digits, 16)), line, column, True))
                    i += 6
                    continue
            decoded.append((_ESCAPES.get(nxt, nxt), line, column, True))
            i += 2
            continue
        if char != "\\":
            decoded.append((char, line, column, False))
        i += 1
    position = 0
    while position < len(decoded) and not (
        not decoded[position][3] and (decoded[position][0] in "=:" or decoded[position][0] in _WHITESPACE)
    ):
        position += 1
    key = decoded[:position]
    while position < len(decoded) and not decoded[position][3] and decoded[position][0] in _WHITESPACE:
        position += 1
    if position < len(decoded) and not decoded[position][3] and decoded[position][0] in "=:":
        position += 1
        while position < len(decoded) and not decoded[position][3] and decoded[position][0] in _WHITESPACE:
            position += 1
    value = Located(
        [c for c, _, _, _ in decoded[position:]], [(ln, col) for _, ln, col, _ in decoded[position:]]
    )
    if not key:
        return None
    first_line, first_column = key[0][1], key[0][2]
    last = decoded[-1]
    location = Location(path, first_line, first_column, last[1], last[2] + 1)
    fallback = (last[1], last[2] + 1)
    return Entry("".join(c for c, _, _, _ in key), value.span(path, fallback), location)
