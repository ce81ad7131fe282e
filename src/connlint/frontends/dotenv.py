"""The ``.env`` front-end: Docker / Compose environment files.

``KEY=value`` lines as Compose and the dotenv libraries read them: an optional
``export``, a value in single or double quotes or bare (a bare value ends at
`` #``, a comment), ``#`` comment lines.  No shell semantics: ``&`` and ``;``
in a bare value are characters of the value (a JDBC URL's query), which is
why these files are not handed to the shell front-end.

``SPRING_*`` names are read as Spring's relaxed binding of environment
variables reads them (``SPRING_DATASOURCE_URL`` -> ``spring.datasource.url``),
as for Compose ``environment:`` keys; any value that looks like a JDBC URL is a
candidate.  The entries then go through :mod:`connlint.frontends.spring`.
"""

from __future__ import annotations

import re

from connlint.frontends.spring import Entry, candidates, env_key, may_matter
from connlint.model import Extraction, Location, Piece, Span

#: ``[export ]NAME=`` at the start of a line.
_ASSIGNMENT = re.compile(r"[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*")
#: The end of a bare value: an inline comment, or trailing blanks.  Tried at
#: the first blank of a run only (from each blank it was quadratic).
_BARE_END = re.compile(r"(?<![ \t])[ \t]++(?:#|$)")


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
        if start < end and line[start] in "'\"":
            close = line.find(line[start], start + 1)
            if close > start:  # a quoted value; one without its closing quote is read bare
                start, end = start + 1, close
        else:
            bare = _BARE_END.search(line[start:])
            if bare is not None:
                end = start + bare.start()
        name = match.group(1)
        key = env_key(name) or name
        value = line[start:end]
        if not may_matter(key, value):
            continue
        location = Location(path, number, match.start(1) + 1, number, len(line) + 1)
        entries.append(Entry(key, Span(value, path, (Piece(0, number, start + 1),)), location))
    return entries
