r"""The ``.env`` front-end: Docker / Compose environment files.

``KEY=value`` lines as Compose and the dotenv libraries read them: an optional
``export``, a value in single or double quotes or bare (a bare value ends at
`` #``, a comment), ``#`` comment lines.  A quoted value is read as one shell
word, as a script that sources the file reads it: quoted pieces and ``\x``
escapes joined (``'a'\''b'`` is ``a'b``); inside double quotes a backslash
escapes a double quote, a backslash, ``$`` and a backquote; inside single
quotes ``\'`` is a quote, as Compose
(compose-go ``dotenv/parser.go``) and python-dotenv read it.  A quote that is
never closed leaves the value bare.  No shell semantics: ``&`` and ``;``
in a bare value are characters of the value (a JDBC URL's query), which is
why these files are not handed to the shell front-end.

``SPRING_*`` names are read as Spring's relaxed binding of environment
variables reads them (``SPRING_DATASOURCE_URL`` -> ``spring.datasource.url``),
as for Compose ``environment:`` keys; any value that looks like a JDBC URL is a
candidate.  The entries then go through :mod:`connlint.frontends.spring`.
"""

from __future__ import annotations

import re

from connlint.frontends.spring import Entry, candidates, env_key, wanted
from connlint.model import Extraction, Location, Piece, Span

#: ``[export ]NAME=`` at the start of a line.
_ASSIGNMENT = re.compile(r"[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*")
#: The end of a bare value: an inline comment, or trailing blanks.  Tried at
#: the first blank of a run only (from each blank it was quadratic).
_BARE_END = re.compile(r"(?<![ \t])[ \t]++(?:#|$)")


#: One piece of a quoted value (see :func:`_quoted_word`): a single- or
#: double-quoted string, an escaped character, or a run of plain characters.
_WORD_PIECE = re.compile(r"""'(?:[^'\\]++|\\.)*+'|"(?:[^"\\]++|\\.)*+"|\\.|[^ \t'"\\]++""")
#: Backslash escapes inside double quotes (POSIX shell: the rest keep their backslash).
_DOUBLE_QUOTED_ESCAPE = re.compile(r"""\\[\\"$`]""")


def extract(path: str, text: str) -> Extraction:
    """Candidates and notifications of one environment file; never raises."""
    return Extraction(candidates=candidates(path, parse(path, text)))


def parse(path: str, text: str) -> list[Entry]:
    """The entries of an environment file that may matter, with exact value locations."""
    entries: list[Entry] = []
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        match = _ASSIGNMENT.match(line)
        if match is None:
            continue  # a comment, a blank line, or not an assignment
        start, end = match.end(), len(line)
        name = match.group(1)
        key = env_key(name) or name
        quoted = _quoted_word(line, start) if start < end and line[start] in "'\"" else None
        location = Location(path, number, match.start(1) + 1, number, len(line) + 1)
        if quoted is not None:
            value, pieces = quoted
            if wanted(key, value):
                span = Span(value, path, [Piece(offset, number, at + 1) for offset, at in pieces])
                entries.append(Entry(key, span, location))
            continue
        if start < end and line[start] in "'\"":
            close = line.find(line[start], start + 1)
            if close > start:  # a quoted value; one without its closing quote is read bare
                start, end = start + 1, close
        else:
            bare = _BARE_END.search(line[start:])
            if bare is not None:
                end = start + bare.start()
        value = line[start:end]
        if not wanted(key, value):
            continue
        entries.append(Entry(key, Span(value, path, (Piece(0, number, start + 1),)), location))
    return entries


def _quoted_word(line: str, start: int) -> tuple[str, list[tuple[int, int]]] | None:
    """The shell word that starts with a quote at ``line[start]``, with where its
    pieces stand (value offset, index in ``line``); None when a quote is not closed.
    """
    parts: list[str] = []
    pieces: list[tuple[int, int]] = []
    size = 0
    following = -1  # where the next character stands when it follows the last one

    def add(text: str, at: int) -> None:
        nonlocal size, following
        if text:
            if at != following:
                pieces.append((size, at))
            parts.append(text)
            size += len(text)
            following = at + len(text)

    pos = start
    while pos < len(line) and line[pos] not in " \t":
        match = _WORD_PIECE.match(line, pos)
        if match is None:
            return None  # an unclosed quote, or a backslash at the end
        piece = match.group()
        if piece[0] in "'\"":
            escape = _DOUBLE_QUOTED_ESCAPE if piece[0] == '"' else _SINGLE_QUOTED_ESCAPE
            inner = pos + 1
            for m in escape.finditer(piece, 1, len(piece) - 1):
                add(piece[inner - pos : m.start()], inner)
                add(m.group()[1], pos + m.start() + 1)
                inner = pos + m.end()
            add(piece[inner - pos : -1], inner)
        elif piece[0] == "\\":
            add(piece[1], pos + 1)
        else:
            add(piece, pos)
        pos = match.end()
    return "".join(parts), pieces or [(0, start + 1)]


#: ``\\'`` inside single quotes (Compose and python-dotenv; not POSIX shell).
_SINGLE_QUOTED_ESCAPE = re.compile(r"\\'")
