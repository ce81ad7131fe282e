r"""Makefiles (``Makefile``, ``makefile``, ``GNUmakefile``, ``*.mk``): recipe lines are shell.

Syntax only, as GNU make reads it (GNU make manual, "Writing Recipes" and "How
to Use Variables", https://www.gnu.org/software/make/manual/make.html):

* a recipe line starts with a tab and follows a rule (``target: prereqs``, or
  ``target: ; command`` on the rule's own line); ``@``, ``-`` and ``+`` before
  the command are make's, not the shell's;
* a backslash-newline inside a recipe reaches the shell as it is (the shell
  joins the lines), and a tab that starts the next line is removed;
* each logical recipe line runs in its own shell (``.ONESHELL:`` makes the
  whole recipe one script);
* make expands the line first: ``$$`` is a ``$`` for the shell; ``$(NAME)``
  and ``${NAME}`` are make variables.  A variable the same Makefile defines
  once, literally (``NAME = value``, ``:=``, ``::=``, ``?=``; no ``$`` in the
  value), is its value, located where it is defined; any other reference
  (automatic variables such as ``$@``, functions such as ``$(shell …)``,
  variables from the environment, the command line or an ``include``) is a
  value not known statically.

The expanded recipe, every character located, goes to the shell front-end.
``define`` blocks (canned recipes) are not read.
"""

from __future__ import annotations

import re

from connlint.frontends import refuse_nul
from connlint.frontends.shell import extract_located
from connlint.frontends.spring import Located
from connlint.lazy import dataclass
from connlint.model import DYNAMIC, Extraction

#: ``[export|override] NAME op value`` at the start of a line (not a recipe line).
_ASSIGNMENT = re.compile(
    r"(?:(?:export|override|private)[ \t]++)*+([A-Za-z_][\w.-]*+)[ \t]*+(::?+=|:::=|\?=|\+=|!=|=)[ \t]*+(.*+)"
)
#: A rule line: targets, a colon that is not part of ``:=``, and the rest.
_RULE = re.compile(r"([^\t#=:][^#=:]*+):(?!=)(:?+)([^;]*+)(?:;(.*+))?+")
_NAME = re.compile(r"[A-Za-z_][\w.-]*+")
#: Directives that may stand between a rule's recipe lines without ending it.
_DIRECTIVES = frozenset(
    {"ifdef", "ifndef", "ifeq", "ifneq", "else", "endif", "include", "-include", "sinclude"}
)


@dataclass(frozen=True)
class _Value:
    """A literal variable's value and where its first character stands."""

    text: str
    line: int
    column: int


def extract(path: str, text: str) -> Extraction:
    """Candidates of the recipes of one Makefile; never raises."""
    if (refused := refuse_nul(path, text)) is not None:
        return refused
    out = Extraction()
    lines = text.replace("\r\n", "\n").split("\n")
    variables = _literal_variables(lines)
    one_shell = any(line.startswith(".ONESHELL:") for line in lines)
    for recipe in _recipes(lines, one_shell):
        located = _expand(recipe, variables)
        if located.text.strip():
            found = extract_located(path, located)
            out.candidates.extend(found.candidates)
            out.notifications.extend(n for n in found.notifications if n not in out.notifications)
    return out


def _literal_variables(lines: list[str]) -> dict[str, _Value]:
    """The variables the Makefile defines once with a literal value (see the module docstring)."""
    found: dict[str, _Value | None] = {}
    in_define = False
    for number, line in enumerate(lines, start=1):
        if line.startswith("\t"):
            continue
        stripped = line.strip()
        if in_define:
            in_define = stripped != "endef"
            continue
        if stripped.startswith("define "):
            in_define = True
            name = stripped.split()[1] if len(stripped.split()) > 1 else ""
            found[name] = None
            continue
        match = _ASSIGNMENT.match(line)
        if match is None or line.rstrip().endswith("\\"):
            if match is not None:
                found[match.group(1)] = None  # continued over lines: not read
            continue
        name, op, value = match.group(1), match.group(2), match.group(3)
        value = value.split("#", 1)[0].rstrip() if "#" in value else value.rstrip()
        literal = op in ("=", ":=", "::=", ":::=", "?=") and "$" not in value and "\\" not in value
        if name in found or not literal:
            previous = found.get(name)
            same = literal and previous is not None and previous.text == value
            found[name] = previous if same else None
            continue
        found[name] = _Value(value, number, match.start(3) + 1)
    return {name: value for name, value in found.items() if value is not None}


@dataclass(frozen=True)
class _Piece:
    """A piece of a recipe: ``text`` from ``line``:``column`` on, after a line break
    when ``newline`` (a continued line, or the next line of a ``.ONESHELL`` recipe).
    """

    text: str
    line: int
    column: int
    newline: bool = False


def _recipes(lines: list[str], one_shell: bool) -> list[list[_Piece]]:
    r"""Each shell command line of the recipes (each recipe with ``.ONESHELL``), as pieces
    (a piece a physical line, make's tab and prefixes removed; ``\``-newlines kept).
    """
    out: list[list[_Piece]] = []
    in_rule = False
    in_define = False
    continued = False  # the previous recipe line ended with a backslash
    target: list[_Piece] = []  # the command (or .ONESHELL recipe) being read
    for number, line in enumerate(lines, start=1):
        if in_define:
            in_define = line.strip() != "endef"
            continue
        if continued:  # make drops one leading tab of a continued recipe line
            start = 1 if line.startswith("\t") else 0
            target.append(_Piece(line[start:], number, start + 1, newline=True))
            continued = line.endswith("\\")
            continue
        if line.startswith("\t") and in_rule:
            command, start = _command(line, 1)
            if one_shell and target:
                target.append(_Piece(command, number, start + 1, newline=True))
            else:
                target = [_Piece(command, number, start + 1)]
                out.append(target)
            continued = line.endswith("\\")
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or line.startswith("\t"):
            continue  # blank, a comment, or a tab line outside a rule
        first_word = stripped.split(None, 1)[0]
        if first_word in _DIRECTIVES:
            continue  # a conditional or include does not end the rule it stands in
        target = []
        if first_word == "define":
            in_define = True
            in_rule = False
            continue
        rule = _RULE.match(line) if _ASSIGNMENT.match(line) is None else None
        in_rule = rule is not None
        if rule is not None and rule.group(4) is not None and rule.group(4).strip():
            command, start = _command(line, rule.start(4))
            target = [_Piece(command, number, start + 1)]
            out.append(target)
            continued = line.endswith("\\")
    return out


def _command(line: str, start: int) -> tuple[str, int]:
    """The command of a recipe line from ``start``: blanks and make's ``@-+`` prefixes skipped."""
    while start < len(line) and line[start] in " \t@-+":
        start += 1
    return line[start:], start


def _expand(pieces: list[_Piece], variables: dict[str, _Value]) -> Located:
    """The recipe as the shell gets it, every character located."""
    out = Located()
    for piece in pieces:
        if piece.newline:
            out.add_at("\n", (piece.line, piece.column))
        _expand_piece(piece, variables, out)
    return out


def _expand_piece(piece: _Piece, variables: dict[str, _Value], out: Located) -> None:
    text, line, column = piece.text, piece.line, piece.column
    i = 0
    while i < len(text):
        j = text.find("$", i)
        if j < 0:
            _add(out, text[i:], line, column + i)
            return
        _add(out, text[i:j], line, column + i)
        nxt = text[j + 1 : j + 2]
        if nxt == "$":
            out.add("$", (line, column + j))
            i = j + 2
            continue
        if nxt in ("(", "{"):
            end = _closing(text, j + 1)
            name = text[j + 2 : end]
            i = end + 1
        elif nxt:
            name = nxt
            i = j + 2
        else:
            _add(out, "$", line, column + j)
            return
        value = variables.get(name) if _NAME.fullmatch(name) else None
        if value is not None:
            out.add(value.text, (value.line, value.column))
        else:
            out.add(DYNAMIC, (line, column + j))


def _add(out: Located, text: str, line: int, column: int) -> None:
    if text:
        out.add(text, (line, column))


def _closing(text: str, opening: int) -> int:
    """The index of the bracket closing the one at ``opening`` (or the end of ``text``)."""
    close = ")" if text[opening] == "(" else "}"
    depth = 0
    for k in range(opening, len(text)):
        char = text[k]
        if char == text[opening]:
            depth += 1
        elif char == close:
            depth -= 1
            if depth == 0:
                return k
    return len(text) - 1
