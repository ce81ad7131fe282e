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
from typing import TYPE_CHECKING, Any

from connlint import lazy
from connlint.frontends.shell_positions import ShiftedPoints
from connlint.model import Level, Notification

if TYPE_CHECKING:
    from connlint.frontends.shell_commands import Script

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


def read_error_lines(script: Script, root: Any) -> None:
    """The client command lines in the ERROR nodes of ``root`` that made no
    candidate, each read alone by ``script``, with a note when any is.
    """
    ranges = error_ranges(root)
    if not ranges:
        return
    out = script.out
    done = {c.location.line for c in out.candidates if c.location.path == script.path}
    read = 0
    for start_byte, end_byte in ranges:
        for start, end in client_lines(script.text, script.char(start_byte), script.char(end_byte)):
            line = script.point_of(start)[0]
            if line in done or read >= MAX_LINES:
                continue
            done.add(line)
            read += 1
            script.sub_script(script.text[start:end], ShiftedPoints(script.point_of, start))
    if read:
        out.notifications.append(
            Notification(
                script.path,
                NOTE.format(n=read),
                Level.NOTE,
                script.point_of(script.char(ranges[0][0]))[0],
            )
        )
