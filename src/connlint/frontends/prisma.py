r"""Prisma schema files (``schema.prisma``): the connection URL of a MySQL datasource.

A ``datasource`` block (https://www.prisma.io/docs/orm/prisma-schema/overview/data-sources)
names its connector in ``provider`` and its connection in ``url`` (also
``directUrl`` and ``shadowDatabaseUrl``, the URLs Prisma Migrate uses): a string
literal, or ``env("NAME")``, whose value lives elsewhere (a ``.env`` file, read
there when it carries one of Prisma's TLS parameters).  A string literal of a
``provider = "mysql"`` datasource (MySQL and MariaDB) is a DRIVER_CONFIG
candidate of the ``prisma`` client (:mod:`connlint.clients.prisma`), every
character located.  Strings are JSON-like (``\"``, ``\\``, ``\n``…); ``//``
starts a comment.  Other blocks (``generator``, ``model``) are skipped.
"""

from __future__ import annotations

import json
import re

from connlint.frontends.spring import Located
from connlint.model import Candidate, CandidateKind, Extraction, Hop, Location

#: ``datasource NAME {``; the block runs to the next ``}`` outside a string.
_DATASOURCE = re.compile(r"(?m)^[ \t]*datasource[ \t]+(\w+)[ \t]*\{")
#: ``key = "string"`` or ``key = other`` inside a block, one a line.
_FIELD = re.compile(r'[ \t]*(\w+)[ \t]*=[ \t]*("(?:[^"\\\n]|\\.)*+"|[^\n]*)')
_URL_FIELDS = frozenset({"url", "directUrl", "shadowDatabaseUrl"})
_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|.)")


def extract(path: str, text: str) -> Extraction:
    """The MySQL datasources' URLs of one schema file; never raises."""
    out = Extraction()
    for block in _DATASOURCE.finditer(text):
        fields = _fields(path, text, block.end())
        provider = fields.get("provider")
        if provider is None or provider[0].text != "mysql":
            continue
        name = block.group(1)
        for key in sorted(_URL_FIELDS & fields.keys()):
            located, where = fields[key]
            if not len(located):
                continue
            span = located.span(path, (where.line, where.column))
            trail = (Hop(where, f"via datasource {name} {key}"),)
            out.candidates.append(
                Candidate(CandidateKind.DRIVER_CONFIG, span.locate(), url=span, driver="prisma", trail=trail)
            )
    return out


def _fields(path: str, text: str, start: int) -> dict[str, tuple[Located, Location]]:
    """The string fields of the block whose body starts at ``start``: each key's
    decoded value and the field's location.
    """
    fields: dict[str, tuple[Located, Location]] = {}
    line = text.count("\n", 0, start) + 1
    pos = start
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        body = text[pos:end]
        comment = _comment(body)
        if "}" in body[:comment]:
            break
        match = _FIELD.match(body)
        if match is not None and match.group(2).startswith('"'):
            literal = match.group(2)
            column = match.start(2) + 1  # of the opening quote
            located = _string(literal, line, column)
            if located is not None:
                where = Location(path, line, match.start(1) + 1, line, match.end(2) + 1)
                fields[match.group(1)] = (located, where)
        pos, line = end + 1, line + 1
    return fields


def _comment(body: str) -> int:
    """Where a ``//`` comment starts on a line (outside a string), else its length."""
    quoted = False
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and quoted:
            i += 2
            continue
        if char == '"':
            quoted = not quoted
        elif not quoted and body.startswith("//", i):
            return i
        i += 1
    return len(body)


def _string(literal: str, line: int, column: int) -> Located | None:
    """A string literal's characters (escapes decoded at their backslash), or None when malformed."""
    inner = literal[1:-1]
    out = Located()
    done = 0
    for match in _ESCAPE.finditer(inner):
        if match.start() > done:
            out.add(inner[done : match.start()], (line, column + 1 + done))
        try:
            out.add(json.loads(f'"{match.group()}"'), (line, column + 1 + match.start()))
        except ValueError:
            return None
        done = match.end()
    if done < len(inner):
        out.add(inner[done:], (line, column + 1 + done))
    return out
