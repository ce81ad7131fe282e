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

import bisect
from collections.abc import Callable

from connlint import lazy
from connlint.frontends import kafka_connect
from connlint.frontends.spring import Entry, Located, candidates, wanted
from connlint.model import Extraction, Location, Piece, Span

_WHITESPACE = " \t\f"
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}
#: Key, then whitespace, an optional ``=`` / ``:`` and whitespace (no escapes involved).
_PLAIN_KEY = lazy.compile(r"([^=: \t\f]+)[ \t\f]*(?:[=:][ \t\f]*)?")


def extract(path: str, text: str) -> Extraction:
    """Candidates and notifications of one ``.properties`` file; never raises.

    Besides Spring's keys and JDBC URLs: Kafka Connect connector configurations
    (a standalone worker's connector file, Debezium Server's ``debezium.source.*``).
    """
    entries = parse(path, text, keep=_keep)
    found = candidates(path, entries)
    if any(e.key.endswith("connector.class") for e in entries):
        found += kafka_connect.candidates(path, entries)
    return Extraction(candidates=found)


def _keep(key: str, value: str) -> bool:
    return wanted(key, value) or kafka_connect.may_matter(key)


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
        raw: list[tuple[str, int, int]] = []  # (text, line, column) of each piece of the logical line
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
            raw.append((body, line_no, start + 1))
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
    """Split one logical line (its natural lines' ``(text, line, column)``) into
    key and value, decoding escapes.

    The key ends at the first separator that is not escaped; the split is found
    in the text as written (an escape is never cut in two), and the key and
    the value are then decoded each on its own: a long value is decoded once,
    not decoded and then copied out of the whole line.
    """
    logical = "".join(text for text, _, _ in raw)
    starts = [0]
    for text, _, _ in raw:
        starts.append(starts[-1] + len(text))

    def point(index: int) -> tuple[int, int]:
        k = bisect.bisect_right(starts, index, hi=len(raw)) - 1
        return raw[k][1], raw[k][2] + index - starts[k]

    def decode(start: int, end: int) -> Located:
        """Characters ``start:end`` of the logical line, escapes decoded."""
        out = Located()
        i = start
        while i < end:
            j = logical.find("\\", i, end)
            j = end if j < 0 else j
            k = bisect.bisect_right(starts, i, hi=len(raw)) - 1
            while i < j:  # as written: one run a natural line
                stop = min(j, starts[k + 1])
                out.add(logical[i:stop], point(i))
                i = stop
                k += 1
            if i >= end:
                break
            size = _escape_size(logical, i)
            if size == 1:
                break  # a lone backslash at the very end is dropped
            nxt = logical[i + 1]
            out.add(chr(int(logical[i + 2 : i + 6], 16)) if size == 6 else _ESCAPES.get(nxt, nxt), point(i))
            i += size
        return out

    def plain(position: int, among: str) -> bool:
        return position < len(logical) and logical[position] in among

    position = 0
    while position < len(logical) and not plain(position, "=:" + _WHITESPACE):
        position += _escape_size(logical, position) if logical[position] == "\\" else 1
    key_end = min(position, len(logical))
    while plain(position, _WHITESPACE):
        position += 1
    if plain(position, "=:"):
        position += 1
        while plain(position, _WHITESPACE):
            position += 1
    key = decode(0, key_end)
    if not len(key):
        return None
    value = decode(position, len(logical))
    middle = decode(key_end, position)  # the separator, blanks and all
    last = value if len(value) else middle if len(middle) else key
    last_line, last_column = last.point(-1)
    first_line, first_column = key.point(0)
    location = Location(path, first_line, first_column, last_line, last_column + 1)
    fallback = (last_line, last_column + 1)
    return Entry(key.text, value.span(path, fallback), location)


def _escape_size(text: str, i: int) -> int:
    r"""Characters of the escape at ``text[i]`` (a backslash): 6 for ``\uXXXX``, 2 for
    any other, 1 for a backslash that ends the text.
    """
    if i + 1 >= len(text):
        return 1
    digits = text[i + 2 : i + 6]
    if text[i + 1] == "u" and len(digits) == 4 and all(c in "0123456789abcdefABCDEF" for c in digits):
        return 6
    return 2
