"""A partial read of a Java file tree-sitter cannot parse in reasonable time.

tree-sitter-java's error recovery on text that is not Java (a few hundred KB
of nested ``<``, markup or minified script in a ``.java`` file) can take
seconds to minutes and memory quadratic in the size; the file's time budget
then cancels the parse and every finding of the file is lost.  After a
cancelled parse, and on a tree that is mostly ``ERROR`` nodes, the front-end
reads the one thing that needs no tree: one-line string literals whose text
is a MySQL-family JDBC URL, each a candidate of its own, located character by
character like the tree's (escapes decoded).  The scan is one linear regex
pass, bounded in the literals it keeps and calling :func:`budget.check`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from connlint import budget
from connlint.clients.jdbc_url import looks_like_jdbc_url
from connlint.frontends.java_literals import JavaText, decode_escapes
from connlint.frontends.offsets import LineStarts
from connlint.model import Candidate, CandidateKind

#: The body of a one-line string literal, from after its opening quote up to
#: its closing quote or the end of the line (possessive: one way to match).
_BODY = re.compile(r'(?:[^"\\\n]|\\[^\n])*+')
#: At most this many URL literals are kept (a file of nothing but URLs says
#: enough with these; the rest would only cost memory).
MAX_URLS = 1_000
#: budget.check() every this many literals.
_CHECK_EVERY = 1_024


def url_literals(path: str, text: str, skip: frozenset[int] = frozenset()) -> list[Candidate]:
    """JDBC URL candidates of the one-line string literals of ``text`` whose
    opening quote is not at a character offset in ``skip`` (literals the tree
    already read).
    """
    lines: LineStarts | None = None
    out: list[Candidate] = []
    for count, (start, end) in enumerate(_literal_bodies(text)):
        if count % _CHECK_EVERY == 0:
            budget.check()
        if start - 1 in skip or not looks_like_jdbc_url(text, start, end):
            continue
        if lines is None:
            lines = LineStarts(text)
        value = JavaText()
        line, column = lines.point(start)
        decode_escapes(text[start:end], line, column, value)
        span = value.span(path)
        out.append(Candidate(CandidateKind.JDBC, span.locate(), url=span))
        if len(out) >= MAX_URLS:
            break
    return out


def has_url_literal(text: str) -> bool:
    """Whether :func:`url_literals` would find a URL in ``text`` (a quick answer
    for a file that may not need parsing: see ``java_screen``).
    """
    return any(looks_like_jdbc_url(text, start, end) for start, end in _literal_bodies(text))


def _literal_bodies(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of the body of each one-line string literal, in one pass:
    an opening quote without a closing one on its line ends the line's search
    (a regex restarted at every quote after it would be quadratic on
    a quote after a backslash, again and again).
    """
    position = 0
    while (opening := text.find('"', position)) >= 0:
        body = _BODY.match(text, opening + 1)
        end = body.end() if body is not None else opening + 1
        if end < len(text) and text[end] == '"':
            yield opening + 1, end
            position = end + 1
        else:
            newline = text.find("\n", end)
            if newline < 0:
                return
            position = newline + 1
