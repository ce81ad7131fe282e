"""Shell word expansion for the shell front-end: what a word of a script stands
for, located character by character (quotes and escapes removed, ``$VAR``,
``${VAR:-default}`` and arrays resolved from the script's own assignments,
command substitutions and the environment not known statically), GitHub and
Jinja expressions masked, and the expansion budget of a file.  The variable
table it reads (assignments, loops, defaults, ``case`` arms) is
``shell_assignments``; a located word (:class:`Word`) is ``shell_positions``'.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from connlint import lazy
from connlint.frontends.shell_assignments import Assignments, _Assignment, _Entries
from connlint.frontends.shell_parse import template_expressions
from connlint.frontends.shell_positions import Positions, Word
from connlint.frontends.shell_scopes import Scopes
from connlint.frontends.spring import Located
from connlint.frontends.ts_positions import TreePositions
from connlint.lazy import LazySequence, dataclass
from connlint.model import DYNAMIC, Extraction, Level, Location, Notification, Span
from connlint.redact import redact

#: The name an expansion reads (after ``$`` or ``${``).
_NAME = lazy.compile(r"[A-Za-z_]\w*|[@*0-9]")


#: Characters that variable expansion may produce in one file, beyond four
#: times its length: past it, expansions are values not known statically.
#: Each ``$A`` may stand for a long value and ``A="$B$B"`` doubles one, so
#: expansion could otherwise make a small file cost any memory.
_EXPANSION_ALLOWANCE = 1 << 20


@dataclass
class _ExpansionBudget:
    """What expansion may still produce in one file (shared by its nested scripts)."""

    left: int
    spent: bool = False


class Expander(Assignments):
    """One parse of shell text: the words its nodes stand for, the variables it
    assigns, and a map from its characters to file positions.
    """

    def __init__(
        self,
        path: str,
        text: str,
        point_of: Positions,
        out: Extraction,
        *,
        parent: Expander | None = None,
        env: Mapping[str, str | Span] | None = None,
        depth: int = 0,
        jinja: bool = False,
    ) -> None:
        self.path = path
        self.jinja = jinja
        self.point_of = point_of
        self.out = out
        self.parent = parent
        self.env = dict(env or {})
        self.depth = depth
        self.masks: dict[str, str] = {}
        self.text = self._mask(text)
        self.data = self.text.encode("utf-8", "surrogatepass")
        #: Byte offsets to characters (tree-sitter counts bytes), shared with the Java front-end.
        self.positions = TreePositions(path, self.text, self.data)
        self.expansion: _ExpansionBudget = (
            parent.expansion if parent is not None else _ExpansionBudget(4 * len(text) + _EXPANSION_ALLOWANCE)
        )
        self.assignments: dict[str, list[_Assignment]] = {}
        #: The located ``env`` values the command being read has read (shared with
        #: the scripts it runs: ``sh -c``), for its hops (``via env DB_SSL``).
        self.env_reads: list[tuple[str, Span]] = parent.env_reads if parent is not None else []
        self._entries: dict[str, _Entries] = {}
        self._scoped: dict[str, set[tuple[int, int]]] = {}
        self._visible_entries: dict[tuple[str, tuple[tuple[int, int], ...], bool], _Entries] = {}
        self._scopes: Scopes | None = None
        self._function_made: set[str] = set()
        #: The arguments of the function call being read (``$@``, ``$1``…); None
        #: outside one: positional parameters are then not known statically.
        self.positional: Sequence[Span] | None = None
        #: Loops over literal lists (see ``shell_loops``): the value chosen for a
        #: loop's variable (by its entry's id), the loops whose variable was read
        #: without a choice, and a count of reads of loop variables (a value
        #: expanded meanwhile is not kept: it depends on the choice).
        self.loop_choices: dict[int, int] = {}
        self.loop_reads: dict[int, _Assignment] = {}
        self.loop_touches = 0
        #: Set when a command's program was not known statically (a read without
        #: a choice may hide what a branch's value would run: ``"${mysql[@]}"``).
        self.unknown_program = False
        #: The choice point of each ``${VAR:-default}`` read (by its node's bytes),
        #: and of each variable a ``case`` assigns in its arms (by the case's start).
        self._defaults: dict[tuple[int, int], _Assignment] = {}
        self._cases: dict[tuple[int, str], _Assignment] = {}
        self._case_shapes: dict[tuple[int, int], bool] = {}
        #: Words of the command being read that an unquoted variable not known
        #: statically stands for alone (by id) -> that variable (``$SSL_OPTS``);
        #: a function's ``$@`` passes them on.
        self._spread: dict[int, str] = {}

    # ---- positions

    def _mask(self, text: str) -> str:
        """Replace GitHub ``${{ … }}`` expressions (and, in Ansible tasks, Jinja's
        ``{{ … }}``) by same-length variable references.
        """

        def repl(expression: str) -> str:
            lines = expression.split("\n")
            n = len(lines[0]) - (len(lines) > 1)  # room for "$name" (and a backslash)
            name = f"_GHA{len(self.masks)}".ljust(n - 1, "_")[: n - 1]
            self.masks[name] = expression
            if len(lines) == 1:
                return "$" + name
            # Over several lines: every line keeps its number and length, each
            # newline escaped so that the shell reads the expression as one word.
            middle = [" " * (len(line) - 1) + "\\" if line else "" for line in lines[1:-1]]
            return "\n".join(["$" + name + "\\", *middle, " " * len(lines[-1])])

        out: list[str] = []
        pos = 0
        for start, end in template_expressions(text, self.jinja):
            out += (text[pos:start], repl(text[start:end]))
            pos = end
        out.append(text[pos:])
        return "".join(out)

    def char(self, byte: int) -> int:
        """The character offset of byte offset ``byte`` of the script."""
        return self.positions.char(byte)

    def add_source(self, word: Word, start: int, end: int) -> None:
        """Append characters ``start:end`` of the script to ``word``, as written."""
        self.add_at_source(word, self.text[start:end], start)

    def add_at_source(self, word: Word, text: str, start: int) -> None:
        """Append ``text`` to ``word``, its characters where those of the script from
        ``start`` on stand: one run a source line, not a point a character.
        """
        k = 0
        while k < len(text):
            stop = min(len(text), max(self.point_of.run_end(start + k) - start, k + 1))
            word.add(text[k:stop], self.point_of(start + k))
            k = stop

    def spend(self, size: int) -> bool:
        """Charge ``size`` produced characters to the file's expansion budget;
        False (and a note, once) when it is spent.
        """
        budget = self.expansion
        budget.left -= size
        if budget.left >= 0:
            return True
        if not budget.spent:
            budget.spent = True
            self.out.notifications.append(
                Notification(
                    self.path,
                    "shell variables expand to more text than the file holds several times over;"
                    " later expansions read as not known statically",
                    Level.NOTE,
                )
            )
        return False

    def location(self, node: Any) -> Location:
        """Where ``node`` stands in the file."""
        start = self.char(node.start_byte)
        end = max(self.char(node.end_byte), start + 1)
        line, column = self.point_of(start)
        end_line, last = self.point_of(end - 1)
        return Location(self.path, line, column, end_line, last + 1)

    def src(self, node: Any) -> str:
        """The text of ``node`` as written."""
        return self.positions.source(node)

    # ---- words

    def expand(
        self, node: Any, at: int | None = None, *, split: bool = True, quoted: bool = False
    ) -> list[Word]:
        """The words a syntax node stands for, located (quotes removed, variables resolved)."""
        at = node.start_byte if at is None else at
        kind = node.type
        if kind in ("word", "number", "extglob_pattern", "regex", "variable_name"):
            # A bare variable_name is tree-sitter-bash's reading of a default's
            # leading letters (``${H:-billing-db.x}``: "billing", then "-db.x"): text.
            return [self._literal(node, unescape=not quoted)]
        if kind == "string_content":
            return [self._literal(node, unescape=True, in_double=True)]
        if kind == "raw_string":
            w = Word()
            # Between the quotes, by offsets into the script (not copies of the word).
            first = self.char(node.start_byte) + 1
            last = max(first, self.char(node.end_byte) - 1)
            # A masked expression stays one even in single quotes: GitHub and
            # Jinja substitute it before the shell reads the line.
            start = first
            for m in self._masked_in(self.text, first, last):
                self.add_source(w, start, m.start())
                known = self._template_env(m.group()[1:])
                if known is not None and known[1]:
                    w.extend(known[1][0])  # ``${{ env.X }}``: the env: value
                else:
                    w.add(DYNAMIC, self.point_of(m.start()))
                start = m.end()
            self.add_source(w, start, last)
            return [w]
        if kind == "ansi_c_string":
            return [self._ansi_c(node)]
        if kind == "string":
            word = Word()
            words = [word]
            for child in node.named_children:
                parts = self.expand(child, at, split=split, quoted=True)
                if not parts:
                    continue
                words[-1].extend(parts[0])
                words.extend(parts[1:])
            return words
        if kind == "concatenation":
            words = [Word()]
            for child in node.children:
                parts = self.expand(child, at, split=split, quoted=quoted)
                if not parts:
                    continue
                words[-1].extend(parts[0])
                words.extend(parts[1:])
            return words
        if kind in ("simple_expansion", "expansion"):
            return self._expansion(node, at, split=split and not quoted)
        # $(…), `…`, $((…)), process substitution, anything unknown: not known statically.
        return [self._dynamic(node)]

    def _literal(self, node: Any, *, unescape: bool, in_double: bool = False) -> Word:
        # By offsets into the script, not a copy of the word: it may be megabytes.
        text = self.text
        i, end = self.char(node.start_byte), self.char(node.end_byte)
        w = Word()
        while i < end:
            # Up to the next backslash the word is the source, added run by run.
            j = text.find("\\", i, end) if unescape else -1
            j = end if j < 0 else j
            self.add_source(w, i, j)
            if j == end:
                break
            i = j
            if i + 1 < end:
                nxt = text[i + 1]
                if nxt == "\n":
                    i += 2  # line continuation
                    continue
                if not in_double or nxt in '"\\$`':
                    w.add(nxt, self.point_of(i + 1))
                    i += 2
                    continue
            w.add("\\", self.point_of(i))
            i += 1
        return w

    def _ansi_c(self, node: Any) -> Word:
        raw = self.src(node)
        base = self.char(node.start_byte)
        escapes = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "'": "'", '"': '"', "e": "\x1b", "a": "\a"}
        w = Word()
        i = 2
        end = len(raw) - 1
        while i < end:
            j = raw.find("\\", i, end)
            j = end if j < 0 else j
            self.add_source(w, base + i, base + j)
            if j == end:
                break
            i = j
            if i + 1 < end:
                w.add(escapes.get(raw[i + 1], raw[i + 1]), self.point_of(base + i))
                i += 2
                continue
            w.add("\\", self.point_of(base + i))
            i += 1
        return w

    def _masked_in(self, text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
        """The masked expressions (see _mask) written in ``text[start:end]``."""
        end = len(text) if end is None else end
        if not self.masks or text.find("$", start, end) < 0:
            return iter(())
        names = sorted(self.masks, key=len, reverse=True)
        return re.compile("|".join(re.escape("$" + name) for name in names)).finditer(text, start, end)

    def _dynamic(self, node: Any) -> Word:
        w = Word(expanded=True)
        w.add(DYNAMIC, self.point_of(self.char(node.start_byte)))
        return w

    def _positional(self, name: str, node: Any) -> list[Word]:
        """``$@``, ``$*`` or ``$1``… inside a function called with known arguments
        (:attr:`positional`): the caller's words, located where the caller wrote them.
        ``"$*"`` is read as ``"$@"`` (one word or several: the same options).
        """
        args = self.positional or []
        if name in ("@", "*"):
            chosen = list(args)
        elif name == "0":
            return [self._dynamic(node)]
        else:
            index = int(name) - 1
            chosen = list(args[index : index + 1])
        words = []
        for span in chosen:
            w = Word(expanded=True)
            w.extend(Located.of(span))
            w.spread = self._spread.get(id(span), "")
            words.append(w)
        return words or [Word(expanded=True)]  # no argument: no word at all

    def _expansion(self, node: Any, at: int, *, split: bool) -> list[Word]:
        words = self._expansion_words(node, at, split=split)
        # Quoted, only ``${A[@]}`` and ``$@`` may stand for several words (bytes first: cheap).
        if not split and (
            b"@" not in self.data[node.start_byte : node.end_byte] or not _ELEMENTS.fullmatch(self.src(node))
        ):
            return words
        unknown = [w for w in words if DYNAMIC in w.text and not w.text.replace(DYNAMIC, "").strip()]
        if unknown and not split:
            # Quoted, an element not known statically is one word (``"$DB"`` in the
            # array), unless it stands for elements itself; the whole array not known is.
            start = self.point_of(self.char(node.start_byte))
            unknown = [w for w in unknown if w.spread or w.point(0) == start]
        # Unquoted and alone, a value not known statically (only parts not known:
        # ``"$A $B"`` assigned) may be several words; so may the elements of an
        # array or the arguments not known statically, quoted or not (``"${ARGS[@]}"``,
        # ``"$@"``; issue 16, item 2).  The node's parent last: costly.
        if unknown and _whole_words(node):
            name = _plain_reference(self.src(node))
            for w in unknown:
                w.spread = w.spread or name
        return words

    def _expansion_words(self, node: Any, at: int, *, split: bool) -> list[Word]:
        if node.type == "expansion" and b"[@]:" in self.data[node.start_byte : node.end_byte]:
            sliced = _SLICE.fullmatch(self.src(node))
            if sliced is not None:
                return self._slice(node, at, sliced, split=split)
        children = node.children
        name = ""
        subscript = ""
        operator = ""
        default: list[Any] = []
        for child in children:
            t = child.type
            if t in ("variable_name", "special_variable_name") and not name and not operator:
                name = self.src(child)
            elif t == "subscript" and not name:
                var = child.child_by_field_name("name")
                index = child.child_by_field_name("index")
                name = self.src(var) if var is not None else ""
                subscript = self.src(index) if index is not None else ""
            elif t in (":-", "-", ":=", "=") and name and not operator:
                operator = t
            elif t in ("$", "${", "}"):
                continue
            elif operator:
                default.append(child)
            elif name:
                operator = t  # any other operator (${X%y}, ${#X}, ${X:+a}): not modelled
        if node.type == "expansion" and any(c.type == "#" for c in children[:2]):
            return [self._dynamic(node)]
        if self.positional is not None and not operator and (name in ("@", "*") or name.isdigit()):
            return self._positional(name, node)
        if not re.fullmatch(r"[A-Za-z_]\w*", name) or (operator and operator not in (":-", "-", ":=", "=")):
            return [self._dynamic(node)]
        looked = self._template_env(name) if name in self.masks else self._lookup(name, at)
        values, located = looked if looked is not None else (None, None)
        if values is not None and subscript not in ("", "@", "*", "0"):
            values = None
        if values is not None and subscript in ("", "0") and len(values) > 1:
            values = values[:1]
            located = located[:1] if located is not None else None
        if values is not None and operator.startswith(":") and values == [""]:
            values = None
        if values is None and name in self.masks:
            return [self._dynamic(node)]
        if values is None:
            if operator and default:
                words = [Word()]
                for child in default:
                    parts = self.expand(child, at, split=split)
                    if parts:
                        words[-1].extend(parts[0])
                        words.extend(parts[1:])
                return words if looked is not None else self._default_choice(node, name, words)
            return [self._dynamic(node)]
        if located is not None and subscript != "*" and _whole_words(node):
            return (
                self._assigned(located, split=split)
                if self.spend(sum(map(len, located)))
                else [self._dynamic(node)]
            )
        # A value from outside is located at the expansion: character i maps into its columns.
        start = self.char(node.start_byte)
        width = max(self.char(node.end_byte) - start, 1)
        found: list[Word] = []
        texts = values if subscript == "@" else [" ".join(values)] if subscript == "*" else values
        if not self.spend(sum(map(len, texts)) + len(texts)):
            return [self._dynamic(node)]
        for text in texts:
            chunks = text.split() if split else [text]
            if split and not chunks:
                continue
            offset = 0
            for part in chunks:
                at_char = text.find(part, offset) if split else 0
                offset = at_char + len(part)
                w = Word(expanded=True)
                # Character k stands where character at_char + k of the reference
                # does; those past its last character, at that one.
                inside = max(0, min(len(part), width - 1 - at_char))
                self.add_at_source(w, part[:inside], start + at_char)
                w.add_at(part[inside:], self.point_of(start + min(at_char + inside, width - 1)))
                found.append(w)
        return found or ([Word(expanded=True)] if not split else [])

    def _slice(self, node: Any, at: int, sliced: re.Match[str], *, split: bool) -> list[Word]:
        """``${A[@]:1}``, ``${A[@]:1:2}``: those elements of an array the script
        assigns (``mysql_upgrade "${mysql[@]:1}"``: the options without the program).
        """
        looked = self._lookup(sliced.group(1), at)
        if looked is None or looked[1] is None or not _whole_words(node):
            return [self._dynamic(node)]
        start = int(sliced.group(2))
        end = start + int(sliced.group(3)) if sliced.group(3) else None
        located = looked[1][start:end]
        if not self.spend(sum(map(len, located))):
            return [self._dynamic(node)]
        return self._assigned(located, split=split) if located else []

    def _default_choice(self, node: Any, name: str, words: list[Word]) -> list[Word]:
        """``${VAR:-default}`` (``:=``, ``-``, ``=``) of a variable not known
        statically: two outcomes, the default and a value set at run time (not
        known statically, never guessed), chosen as a loop's values are
        (``shell_loops.per_loop_value``); read without a choice, the default.
        """
        key = (node.start_byte, node.end_byte)
        entry = self._defaults.get(key)
        if entry is None:
            entry = self._defaults[key] = _Assignment(node.start_byte, name=name, choice="default")
        dynamic = self._dynamic(node)
        # Rebuilt at each read: the default may depend on an outer loop's value.
        entry.outcomes = [words, [dynamic]]
        entry.hops = LazySequence(2, functools.partial(self._default_hop, node, name, words))
        self.loop_touches += 1
        chosen = self.loop_choices.get(id(entry))
        if chosen is None:
            self.loop_reads.setdefault(id(entry), entry)
            chosen = 0
        return [w.copy() for w in entry.outcomes[chosen]]  # callers extend the words they get

    def _default_hop(self, node: Any, name: str, words: list[Word], index: int) -> tuple[Location, str]:
        """The hop of outcome ``index`` of ``${name:-default}`` (see :meth:`_default_choice`)."""
        at = self.location(node)
        if index:
            return at, f"via {name} set at run time"
        shown = Word()
        for w in words:
            shown.extend(w)
        default = shown.span(self.path).locate() if len(shown) else at
        # Redacted as a whole: ``PASSWORD = admin`` is a password by its name.
        written = shown.text if len(shown) else '""'
        return default, redact(f"via default {name} = {written}")

    @staticmethod
    def _assigned(values: Sequence[Word], *, split: bool) -> list[Word]:
        """Words of a variable's values located where the script assigns them (the
        finding stands on the literal that holds the option: ``MYSQL="mysql
        --ssl-mode=DISABLED"; $MYSQL`` on the assignment's ``--ssl-mode``).
        """
        found: list[Word] = []
        for value in values:
            if not split:
                w = Word(expanded=True)
                w.extend(value)
                found.append(w)
                continue
            for m in re.finditer(r"\S+", value.text):
                w = Word(expanded=True, spread=value.spread if isinstance(value, Word) else "")
                w.extend(value.slice(m.start(), m.end()))
                found.append(w)
        return found or ([Word(expanded=True)] if not split else [])


#: An expansion that gives one word per element, quoted or not: ``${A[@]}``, ``$@``,
#: ``${@}``, ``${A[@]:1}``.
_ELEMENTS = lazy.compile(r"\$\{[A-Za-z_]\w*+\[@\](?::\d++(?::\d++)?)?\}|\$@|\$\{@\}")
#: A slice of an array's elements: ``${A[@]:offset}``, ``${A[@]:offset:length}``.
_SLICE = lazy.compile(r"\$\{([A-Za-z_]\w*+)\[@\]:(\d++)(?::(\d++))?\}")


def _plain_reference(written: str) -> str:
    """``$NAME`` of an expansion that gives a variable's value as it is (``$X``,
    ``${X}``, ``${X[@]}``, ``${X[@]:1}``, ``${X:-default}``, ``${X:=default}``), else "": the
    value of ``${X:+--no-defaults}`` is that word or none, ``${#X}`` a number.
    """
    body = written[2:-1] if written.startswith("${") and written.endswith("}") else written[1:]
    name = _NAME.match(body)
    if name is None or written.startswith("${#"):
        return ""
    rest = body[name.end() :]
    if rest in ("", "[@]", "[*]") or rest.startswith((":-", "-", ":=", "=", "[@]:")):
        return "$" + name.group()
    return ""


def _whole_words(node: Any) -> bool:
    """True when the expansion ``node`` is a word (or words) by itself: ``$A``,
    ``"$A"``, ``"${A[@]}"``, not part of one (``--ssl-ca="$CA"``, ``"$A$B"``),
    whose characters must stand in order in the file.
    """
    parent = node.parent
    if parent is not None and parent.type == "string":
        if parent.named_child_count != 1:
            return False
        parent = parent.parent
    return parent is None or parent.type != "concatenation"
