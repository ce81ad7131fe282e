"""MySQL / MariaDB option files (``my.cnf``, ``.my.cnf``, ``*.cnf``, ``*.ini``).

Syntax only: one ``CandidateKind.OPTION_FILE`` candidate per client group
(``[client]``, ``[mysql]``, ``[mysqldump]``, ``[client-server]``,
``[client-mariadb]``, ``[mariadb-client]`` …; ``driver`` is the group name)
with its ``key=value`` settings in file order.  Server groups (``[mysqld]``,
``[mariadb]``, ``[server]``, ``[galera]`` …) configure the server, not a client
connection, and are skipped.  ``!include``/``!includedir`` are not followed.

A setting without ``=`` (``skip-ssl``, ``ssl-verify-server-cert``) has
``value=None`` and ``unknown=None``: option files have no variables, so None
here means "given without a value".  ``password`` values are
:class:`~connlint.model.Secret`.

A line that is none of a group header, an option, a comment or a ``!``
directive (``[client`` unclosed, ``=value`` without a key, an option before
any group) makes MySQL refuse the file; it is reported once per file, as a
note with the first such line, and the rest is read.  ``[name]junk`` is read
as MySQL does, as group ``name``; after an unclosed header no group applies.
"""

from __future__ import annotations

import re

from connlint.clients.option_file import is_client_group
from connlint.frontends import refuse_nul
from connlint.model import (
    Candidate,
    CandidateKind,
    Extraction,
    Level,
    Location,
    Notification,
    Piece,
    Secret,
    Setting,
    Span,
)

#: Keys that mark a ``[client]`` group of a generic ``.ini`` file as MySQL's.
_MYSQL_KEYS = re.compile(
    r"^(?:loose[-_])?(?:skip[-_]|disable[-_]|enable[-_])?"
    r"(?:ssl|tls|socket|protocol|default[-_]character[-_]set|compress)(?:[-_]|$)"
)

#: A group header; group 1 is the name with the blanks around it (possessive:
#: blanks were both around and inside the name, a cubic backtracking).
_GROUP = re.compile(r"^\s*+\[([^\]]++)\]\s*+(?:[#;].*)?$")
#: A header MySQL still reads (the group ends at the first ``]``), but with text after it.
_LAX_GROUP = re.compile(r"^\s*+\[([^\]]++)\]")
_KEY = re.compile(r"[A-Za-z0-9_.\-]+")

SYNTAX_ERROR = "option file syntax error; analysed what could be parsed"


#: Characters of a value that matter to MySQL's reading of it (see :func:`_value`).
_VALUE_SPECIAL = re.compile(r"""["'#\\]""")
#: The escapes MySQL decodes in an option value; any other keeps its backslash.
_ESCAPES: dict[str, str] = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "b": "\b",
    "s": " ",
    '"': '"',
    "'": "'",
    "\\": "\\",
}


def _comment_start(raw: str) -> int:
    """Where a ``#`` comment starts in ``raw`` (``len(raw)`` when none): outside
    quotes, a backslash inside quotes protecting the next character.
    """
    quote = ""
    protected = -1  # the character after a backslash inside quotes
    for m in _VALUE_SPECIAL.finditer(raw):
        ch = m.group()
        i = m.start()
        if i == protected:
            continue
        if ch in "'\"":
            if not quote:
                quote = ch
            elif quote == ch:
                quote = ""
        elif ch == "#" and not quote:
            return i
        elif ch == "\\" and quote:
            protected = i + 1
    return len(raw)


def _value(raw: str) -> tuple[str, list[tuple[int, int]], int]:
    r"""The value of ``raw`` (the text after ``=``) as MySQL reads it: a ``#``
    comment cut, blanks around it removed, one pair of quotes removed when the
    value starts and ends with the same quote, and ``\n \t \r \b \s \" \' \\``
    decoded (any other backslash kept).  Returns the value, where its pieces
    start (value offset, offset in ``raw``) and where the value ends in ``raw``
    (after its closing quote).  See ``search_default_file_with_ext`` and
    ``remove_end_comment`` in mysys/my_default.cc (mysql-server, tag mysql-8.0.36).
    """
    body = raw[: _comment_start(raw)]
    start = len(body) - len(body.lstrip())
    stop = len(body.rstrip())
    first, last = start, stop
    if stop - start >= 2 and body[start] in "'\"" and body[start] == body[stop - 1]:
        first, last = start + 1, stop - 1
    parts: list[str] = []
    pieces = [(0, first)]
    size = 0
    i = first
    while (j := body.find("\\", i, last)) >= 0 and j < last - 1:
        parts.append(body[i:j])
        size += j - i
        decoded = _ESCAPES.get(body[j + 1], body[j : j + 2])  # stands at the backslash
        parts.append(decoded)
        size += len(decoded)
        i = j + 2
        if len(decoded) == 1 and i < last:
            pieces.append((size, i))  # the value's next character is two source characters on
    parts.append(body[i:last])
    return "".join(parts), pieces, stop


def extract(path: str, text: str) -> Extraction:
    """One candidate per client group of an option file."""
    if (refused := refuse_nul(path, text)) is not None:
        return refused
    out = Extraction()
    generic_ini = path.lower().endswith(".ini")
    groups: dict[str, tuple[Location, list[Setting]]] = {}
    order: list[str] = []
    current: str | None = None
    in_group = False
    bad_line: int | None = None
    for index, line in enumerate(text.splitlines()):
        number = index + 1
        stripped = line.strip()
        if not stripped or stripped[0] in "#;":
            continue
        if stripped.startswith("!"):
            continue  # !include / !includedir: not followed outside this file
        match = _GROUP.match(line)
        if match is None and stripped.startswith("["):
            bad_line = bad_line or number
            match = _LAX_GROUP.match(line)
            if match is None:
                current, in_group = None, True  # `[client`: no group applies until the next header
                continue
        if match:
            in_group = True
            name = match.group(1).strip()
            current = name.lower() if is_client_group(name) else None
            if current is not None and current not in groups:
                column = line.index("[") + 1
                end = line.index("]") + 2
                groups[current] = (Location(path, number, column, number, end), [])
                order.append(current)
            continue
        key_start = len(line) - len(line.lstrip())
        key_part, eq, rest = line[key_start:].partition("=")
        key = key_part.strip()
        if not eq:
            key = key.split("#", 1)[0].strip()
        if not in_group or not _KEY.fullmatch(key):
            bad_line = bad_line or number
            continue
        if current is None:
            continue
        if not eq:
            end = key_start + len(key)
            location = Location(path, number, key_start + 1, number, end + 1)
            groups[current][1].append(Setting(key, None, location, source=f"[{current}]"))
            continue
        value_offset = key_start + len(key_part) + 1
        value, pieces, vend = _value(rest)
        value_span = Span(
            value, path, [Piece(offset, number, value_offset + at + 1) for offset, at in pieces]
        )
        end_column = max(value_offset + vend, key_start + len(key)) + 1
        location = Location(path, number, key_start + 1, number, end_column)
        secret = key.lower().replace("_", "-").endswith("password")
        stored: str | Secret = Secret(value, value_span) if secret else value
        groups[current][1].append(
            Setting(key, stored, location, source=f"[{current}]", value_span=value_span)
        )
    for name in order:
        location, settings = groups[name]
        if generic_ini and name == "client" and not any(_MYSQL_KEYS.match(s.key.lower()) for s in settings):
            continue  # a [client] section of some other program's .ini
        out.candidates.append(
            Candidate(CandidateKind.OPTION_FILE, location, settings=tuple(settings), driver=name)
        )
    if bad_line is not None and (out.candidates or not generic_ini):
        # Another program's .ini has its own syntax: only a MySQL one is held to MySQL's.
        out.notifications.append(Notification(path, SYNTAX_ERROR, Level.NOTE, bad_line))
    return out
