"""Client command lines of a shell script that tree-sitter-bash read as an
ERROR (issue 16): a grammar gap not worked around yet (``shell_parse.parse``
works around those known) turns the rest of a script into one ERROR node whose
words are no commands, and its client commands would be lost.  Each line there
that starts a MySQL-family client command and made no candidate is read again
alone (with its continuation lines), as ``java_fallback`` reads the URL
literals of a file javac-like parsing lost; the variables and branches around
it come from what was parsed, and a note says the file was read partially.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from connlint import lazy

#: A client command: at a line's start or after ``|``, ``;``, ``&`` or ``(``
#: (blanks, a ``sudo``/``exec``/``time`` prefix, a path before it), followed by
#: a blank and a word or by the line's end; not a ``case`` label (``mysql )``,
#: ``mariadb | mysql )``).
_CLIENT_LINE = lazy.compile(
    r"(?m)(?:^|[|;&(])[ \t]*+(?P<command>(?:(?:sudo|exec|time|command)[ \t]++)?(?:[\w.$\{\}-]*+/)*+"
    r"(?:mysql|mariadb|mysqldump|mariadb-dump|mysqladmin|mariadb-admin|mysqlsh|mysqlimport|mysqlcheck|mysqlpump))"
    r"(?=[ \t]*+$|[ \t]++[^|)\s])"
)

#: At most this many lines are read again in one script.
MAX_LINES = 64

NOTE = "shell syntax error: {n} client command(s) in what could not be parsed read alone (read partially)"


def error_ranges(root: Any) -> list[tuple[int, int]]:
    """The byte ranges of the ERROR nodes at the top of ``root`` (the root itself
    when it is one).
    """
    if root.type == "ERROR":
        return [(root.start_byte, root.end_byte)]
    return [(c.start_byte, c.end_byte) for c in root.children if c.type == "ERROR"]


def client_lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The character spans of the client commands of ``text[start:end]``, each
    to its line's end and the lines a trailing backslash continues it on.
    """
    for found in _CLIENT_LINE.finditer(text, start, end):
        line_end = found.end()
        while True:
            newline = text.find("\n", line_end)
            if newline < 0:
                line_end = len(text)
                break
            line_end = newline
            if text[newline - 1] != "\\":
                break
            line_end = newline + 1
        yield found.start("command"), line_end
