r"""Dockerfiles and Containerfiles: the shell inside ``RUN``, ``CMD``,
``ENTRYPOINT`` and ``HEALTHCHECK CMD``, and ``ENV``/``ARG`` values.

Syntax only.  Shell-form instructions are handed to the shell front-end with
their own line numbers and columns (``\\`` continuations kept, comment lines
inside a continuation blanked as Docker drops them); BuildKit heredocs
(``RUN <<EOF``) run their body as the script.  Exec-form JSON arrays become a
located argv.  ``ENV``/``ARG`` values are read as shell assignments, so a JDBC
URL or ``JAVA_TOOL_OPTIONS`` there is a candidate, and later ``RUN`` lines see
the values.  The ``# syntax``/``# escape`` parser directives are ignored.
Shell that tree-sitter cannot fully parse is read as far as it goes, with one
note for the file (the first such instruction), not one per instruction.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence

from connlint import lazy
from connlint.frontends import refuse_nul
from connlint.frontends.offsets import LineStarts
from connlint.frontends.run_context import attach, image_setting, package_settings
from connlint.frontends.shell import SYNTAX_ERROR, Origin, extract_argv, extract_script
from connlint.frontends.shell_option_files import CopiedFile, landing, read_files
from connlint.lazy import dataclass
from connlint.model import Candidate, CandidateKind, Extraction, Location, Notification, Setting, Span

#: Instructions whose argument is a command (Dockerfile reference).
COMMAND_INSTRUCTIONS: frozenset[str] = frozenset({"RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK"})

_INSTRUCTION = lazy.compile(r"^(\s*)([A-Za-z]+)(\s+|$)")
_HEREDOC = lazy.compile(r"<<-?\s*([\"']?)([A-Za-z_][\w.-]*)\1")
#: A JSON string of one line: group 1 its content, group 2 its closing quote
#: (empty when the line ends first: then no later quote closes one either, as
#: each is escaped, so the search goes on past it instead of from each quote).
_JSON_STRING = lazy.compile(r'"((?:[^"\\]|\\.)*+)("?)')


#: One piece of a shell-like word list: a run of plain characters, a quoted
#: string, an escaped character, or a run of blanks (possessive: no backtracking).
_WORD_PIECE = lazy.compile(r"""[^ \t\r\n'"\\]++|'[^']*+'|"(?:[^"\\]++|\\.)*+"|\\.|[ \t\r\n]++""", re.DOTALL)
#: A backslash inside double quotes escapes only these (the rest keep it).
_DOUBLE_QUOTED_ESCAPE = lazy.compile(r"""\\(["\\])""")


def split_words(text: str) -> list[str] | None:
    r"""``text`` split as ``shlex.split(text, comments=False, posix=True)`` splits it
    (quotes removed, ``\`` escapes; None where shlex raises: an unclosed quote or a
    trailing backslash), in one pass: shlex grows each token a character at a
    time, quadratic on a long ``ENV`` line (a 200 KB value: 1.5 s).
    """
    words: list[str] = []
    parts: list[str] = []
    started = False
    pos = 0
    while pos < len(text):
        match = _WORD_PIECE.match(text, pos)
        if match is None:
            return None  # an unclosed quote or a backslash at the end
        piece = match.group()
        pos = match.end()
        first = piece[0]
        if first in " \t\r\n":
            if started:
                words.append("".join(parts))
                parts.clear()
                started = False
            continue
        started = True
        if first == "'":
            parts.append(piece[1:-1])
        elif first == '"':
            parts.append(_DOUBLE_QUOTED_ESCAPE.sub(r"\1", piece[1:-1]))
        elif first == "\\":
            parts.append(piece[1])
        else:
            parts.append(piece)
    if started:
        words.append("".join(parts))
    return words


def _continues(line: str) -> bool:
    return line.rstrip().endswith("\\") and not line.lstrip().startswith("#")


def _dropped(line: str) -> bool:
    """Docker drops comment and empty lines inside a continuation."""
    stripped = line.lstrip()
    return not stripped or stripped.startswith("#")


def extract(path: str, text: str) -> Extraction:
    """Candidates of one Dockerfile; never raises."""
    if (refused := refuse_nul(path, text)) is not None:
        return refused
    out = Extraction()
    lines = text.split("\n")
    env: dict[str, str] = {}
    context: list[Setting] = []  # the stage's image and the client packages installed so far
    copied: dict[str, CopiedFile] = {}  # the stage's default option files from the repository
    for keyword, first, last, body_end, indent in _instructions(lines):
        context = _context(path, keyword, lines, first, body_end, context)
        if keyword == "FROM":
            copied = {}
        elif keyword in ("COPY", "ADD"):
            copied.update(
                (c.destination, c) for c in _option_files(path, lines, first, last, indent, keyword)
            )
        count = len(out.candidates)
        try:
            files = read_files(copied)
            _instruction(path, keyword, lines, first, last, body_end, indent, env, out, files)
            attach(out, context, count)
        except (ValueError, IndexError, RecursionError) as exc:
            out.notifications.append(
                Notification(path, f"instruction not analysed: {type(exc).__name__}", line=first + 1)
            )
    _one_syntax_note(out)
    return out


def _instructions(lines: list[str]) -> Iterator[tuple[str, int, int, int, int]]:
    """Each instruction: its keyword (upper case), first and last line (backslash
    continuations), the last line of its heredoc bodies, and its indent.
    """
    i = 0
    while i < len(lines):
        line = lines[i]
        match = _INSTRUCTION.match(line)
        if not match or line.lstrip().startswith("#"):
            i += 1
            continue
        keyword = match.group(2).upper()
        first = i
        while i < len(lines) and _continues(lines[i]):
            i += 1
            while i < len(lines) and _dropped(lines[i]):
                i += 1
        last = min(i, len(lines) - 1)
        i += 1
        heredocs = _HEREDOC.findall(lines[last]) if keyword in COMMAND_INSTRUCTIONS else []
        body_end = last
        for _quote, delimiter in heredocs:
            while body_end + 1 < len(lines) and lines[body_end + 1].strip() != delimiter:
                body_end += 1
            body_end += 1
        i = max(i, body_end + 1)
        yield keyword, first, last, body_end, len(match.group(1))


@dataclass(frozen=True)
class Stage:
    """One build stage: where its commands run (its image and the client packages
    its ``RUN`` lines install, those of a stage it starts from included) and the
    sources its ``COPY``/``ADD`` take from the build context (not ``--from``).
    """

    context: tuple[Setting, ...]
    copied: tuple[tuple[str, Location], ...]


def stages(path: str, text: str) -> list[Stage]:
    """The build stages of a Dockerfile (for the scripts it copies: ``script_images``)."""
    lines = text.split("\n")
    found: list[Stage] = []
    names: dict[str, int] = {}
    context: list[Setting] = []
    copied: list[tuple[str, Location]] = []
    for keyword, first, last, body_end, indent in _instructions(lines):
        if keyword == "FROM":
            if context or copied:
                found.append(Stage(tuple(context), tuple(copied)))
            copied = []
            words = lines[first].split()
            base = next((w for w in words[1:] if not w.startswith("--")), "")
            if base.lower() in names:  # FROM an earlier stage: its image and packages
                context = list(found[names[base.lower()]].context)
            else:
                context = _context(path, keyword, lines, first, body_end, context)
            if len(words) >= 4 and words[-2].lower() == "as":
                names[words[-1].lower()] = len(found)
            continue
        if keyword in ("COPY", "ADD"):
            body = " ".join(ln.rstrip().removesuffix("\\") for ln in lines[first : last + 1])[
                indent + len(keyword) :
            ]
            copied.extend(
                (source, Location(path, first + 1, indent + 1, last + 1, len(lines[last]) + 1))
                for source in _sources(body)
            )
            continue
        context = _context(path, keyword, lines, first, body_end, context)
    if context or copied:
        found.append(Stage(tuple(context), tuple(copied)))
    return found


def _sources(body: str) -> list[str]:
    """The build-context sources of a ``COPY``/``ADD`` (shell or JSON form; none
    for ``--from=``, which copies from another stage or image).
    """
    return _copy_words(body)[:-1]  # the last is the destination


def _copy_words(body: str) -> list[str]:
    """The sources and the destination of a ``COPY``/``ADD`` (none for ``--from=``)."""
    stripped = body.strip()
    words: list[str] | None
    if stripped.startswith("["):
        try:
            parsed = json.loads(stripped)
        except ValueError:
            return []
        words = [w for w in parsed if isinstance(w, str)] if isinstance(parsed, list) else None
    else:
        words = split_words(stripped)
    if not words:
        return []
    options = [w for w in words if w.startswith("--")]
    if any(o.startswith("--from") for o in options):
        return []
    return [w for w in words if not w.startswith("--")]


def _option_files(
    path: str, lines: list[str], first: int, last: int, indent: int, keyword: str
) -> list[CopiedFile]:
    """The files of a ``COPY``/``ADD`` (one file of the build context each, no
    glob, variable or URL) that land where the image's clients read them by
    default (``shell_option_files.landing``): ``COPY my.cnf /etc/mysql/my.cnf``,
    ``COPY client.cnf /etc/mysql/conf.d/``.
    """
    body = " ".join(ln.rstrip().removesuffix("\\") for ln in lines[first : last + 1])[indent + len(keyword) :]
    words = _copy_words(body)
    if len(words) < 2:
        return []
    sources, destination = words[:-1], words[-1]
    location = Location(path, first + 1, indent + 1, last + 1, len(lines[last]) + 1)
    found = []
    for source in sources:
        if "://" in source:
            continue
        target = landing(source, destination, several=len(sources) > 1)
        if target is not None:
            found.append(CopiedFile(path, source, target, location))
    return found


#: ``FROM [--platform=…] image [AS name]`` after the indent: group 1 the image.
_FROM = lazy.compile(r"FROM\s++(?:--\S++\s++)*+(\S++)", re.IGNORECASE)


def _context(
    path: str, keyword: str, lines: list[str], first: int, body_end: int, context: list[Setting]
) -> list[Setting]:
    """Where the commands of an instruction run: a ``FROM`` starts a stage with its
    image; a ``RUN`` that installs client packages adds them for itself and later ones.
    """
    if keyword == "FROM":
        line = lines[first]
        found = _FROM.match(line, len(line) - len(line.lstrip()))
        if found is None:
            return []
        image = Span.at(found.group(1), path, first + 1, found.start(1) + 1)
        return [image_setting(image, "Dockerfile FROM")]
    if keyword != "RUN":
        return context
    text = "\n".join(lines[first : body_end + 1])
    starts = LineStarts(text)

    def where(start: int, end: int) -> Location:
        line, column = starts.point(start)
        return Location(path, first + line, column, first + line, column + end - start)

    return [*context, *package_settings(text, where)]


def _one_syntax_note(out: Extraction) -> None:
    """Keep the first shell syntax-error note only: one per instruction would be noise."""
    first = True
    kept = []
    for note in out.notifications:
        if note.message == SYNTAX_ERROR:
            if not first:
                continue
            first = False
        kept.append(note)
    out.notifications[:] = kept


def _instruction(
    path: str,
    keyword: str,
    lines: list[str],
    first: int,
    last: int,
    body_end: int,
    indent: int,
    env: dict[str, str],
    out: Extraction,
    copied: Sequence[CopiedFile] = (),
) -> None:
    head = lines[first]
    start = indent + len(keyword)
    if keyword == "HEALTHCHECK":
        found = re.search(r"\bCMD\b", head[start:], re.IGNORECASE)
        if found is None:
            return
        start += found.end()
    rest_first = head[start:]
    if keyword in ("ENV", "ARG"):
        _assignments(path, keyword, lines, first, last, start, env, out)
        return
    if keyword == "ADD":
        _add(path, lines, first, last, indent, out)
        return
    if keyword not in COMMAND_INSTRUCTIONS:
        return
    if rest_first.lstrip().startswith("[") and body_end == last:
        _exec_form(path, lines, first, last, start, out, copied)
        return
    if body_end > last and keyword == "RUN" and rest_first.strip().startswith("<<"):
        # RUN <<EOF … EOF: the heredoc body is the script.
        body = lines[last + 1 : body_end]
        _merge(out, extract_script(path, "\n".join(body), _origins(last + 2, len(body)), env, copied))
        return
    snippet = [" " * start + rest_first]
    for k in range(first + 1, body_end + 1):
        text = lines[k]
        # A line Docker drops becomes a lone backslash: the line (and the
        # numbering) stays while the shell reads on.
        snippet.append("\\" if k <= last and _dropped(text) else text)
    _merge(out, extract_script(path, "\n".join(snippet), _origins(first + 1, len(snippet)), env, copied))


#: A word of an ``ADD`` line (its sources are URLs or paths; quotes are rare).
_ADD_WORD = lazy.compile(r"[^\s\\]++")


def _add(path: str, lines: list[str], first: int, last: int, indent: int, out: Extraction) -> None:
    """``ADD <src>… <dest>``: a download when a source is a URL (a CA bundle there is
    where a trust anchor comes from; clients/ca_download.py decides).
    """
    words: list[Span] = []
    for k in range(first, last + 1):
        for m in _ADD_WORD.finditer(lines[k], indent if k == first else 0):
            words.append(Span.at(m.group(), path, k + 1, m.start() + 1))
    if len(words) > 1 and any("://" in w.text for w in words[1:]):
        end = len(lines[last])
        location = Location(path, first + 1, indent + 1, last + 1, max(end, 1) + 1)
        out.candidates.append(Candidate(CandidateKind.DOWNLOAD, location, argv=tuple(words)))


def _exec_form(
    path: str,
    lines: list[str],
    first: int,
    last: int,
    start: int,
    out: Extraction,
    copied: Sequence[CopiedFile] = (),
) -> None:
    raw_lines = [lines[first][start:]] + [lines[k] for k in range(first + 1, last + 1)]
    joined = "\n".join(ln.rstrip().removesuffix("\\") for ln in raw_lines)
    try:
        items = json.loads(joined)
    except json.JSONDecodeError:
        return
    if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
        return
    located: list[Span] = []
    for k in range(first, last + 1):
        text = lines[k]
        offset = start if k == first else 0
        for m in _JSON_STRING.finditer(text, offset):
            if m.group(2):
                located.append(Span.at("", path, k + 1, m.start(1) + 1))
    words: list[Span] = []
    for n, item in enumerate(items):
        if n < len(located):
            anchor = located[n].locate()
            words.append(Span.at(item, path, anchor.line, anchor.column))
        else:
            words.append(Span.at(item, path, first + 1, start + 1))
    end = len(lines[last])
    location = Location(path, first + 1, 1, last + 1, max(end, 1) + 1)
    _merge(out, extract_argv(path, words, location, copied=copied))


def _assignments(
    path: str,
    keyword: str,
    lines: list[str],
    first: int,
    last: int,
    start: int,
    env: dict[str, str],
    out: Extraction,
) -> None:
    body_lines = [lines[first][start:], *lines[first + 1 : last + 1]]
    body = " ".join(ln.rstrip().removesuffix("\\") for ln in body_lines).strip()
    if not body:
        return
    head = body.split(None, 1)
    if "=" not in head[0]:
        # Legacy ``ENV KEY value``: the rest of the line is the value.
        if keyword == "ENV" and len(head) == 2:
            env[head[0]] = head[1]
        return
    for token in split_words(body) or ():
        name, eq, value = token.partition("=")
        if eq:
            env[name] = value
    # The same text read as ``export`` assignments: JDBC URLs and JAVA_TOOL_OPTIONS.
    snippet = ["export" + " " * max(start - 6, 1) + lines[first][start:]]
    shift = len(snippet[0]) - len(lines[first])
    origins = _origins(first + 1, last - first + 1, -shift)
    snippet.extend(lines[first + 1 : last + 1])
    _merge(out, extract_script(path, "\n".join(snippet), origins))


def _origins(line: int, count: int, indent: int = 0) -> Sequence[Origin]:
    """Where the lines of a script cut from consecutive lines of the file stand:
    its line ``k`` is line ``line + k``, the first shifted by ``indent``.
    """
    return lazy.LazySequence(count, lambda k: Origin(line + k, indent if k == 0 else 0), keep=False)


def _merge(out: Extraction, part: Extraction) -> None:
    out.candidates.extend(part.candidates)
    out.dependencies.extend(part.dependencies)
    out.notifications.extend(part.notifications)
