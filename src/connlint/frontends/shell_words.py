"""Shell word expansion for the shell front-end: what a word of a script stands
for, located character by character (quotes and escapes removed, ``$VAR``,
``${VAR:-default}`` and arrays resolved from the script's own assignments,
command substitutions and the environment not known statically), and where
the characters of a script stand in its file.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from connlint import lazy
from connlint.frontends.shell_branches import branch_of, case_outcomes
from connlint.frontends.shell_parse import template_expressions
from connlint.frontends.shell_positions import Positions
from connlint.frontends.spring import Located
from connlint.frontends.ts_positions import TreePositions
from connlint.lazy import LazySequence, dataclass
from connlint.model import DYNAMIC, Extraction, Level, Location, Notification, Span
from connlint.redact import redact

#: A ``for`` loop over a literal list of at most this many values gives one
#: command per value (as a Python loop does); a longer list is not known statically.
MAX_LOOP_VALUES = 16

#: Characters of an unquoted word that the shell expands (globs, braces).
_PATTERN_CHARS = lazy.compile(r"[*?\[{]")

#: Nodes of a ``for`` list that are not patterns (their words are checked for DYNAMIC).
_LITERAL_NODES = frozenset(
    {"string", "raw_string", "ansi_c_string", "simple_expansion", "expansion", "number"}
)

#: A GitHub expression that is a variable of the ``env`` context: ``${{ env.DB_SSL }}``.
_ENV_EXPRESSION = lazy.compile(r"\$\{\{[ \t]*+env\.([A-Za-z_]\w*+)[ \t]*+\}\}")

#: The name an expansion reads (after ``$`` or ``${``).
_NAME = lazy.compile(r"[A-Za-z_]\w*|[@*0-9]")

#: Commands that assign the variables they name (values unknown statically).
_READERS: frozenset[bytes] = frozenset({b"read", b"mapfile", b"readarray", b"getopts"})


@dataclass(eq=False, slots=True)
class Word(Located):
    """A word under construction: its characters and where each stands, in runs."""

    expanded: bool = False  # part of it came from a variable or substitution
    #: The variable an unquoted word stands for alone whose value is not known
    #: statically (``mysql $SSL_OPTS db``): the shell splits it into any number
    #: of words, options among them.  Empty otherwise.
    spread: str = ""

    def extend(self, other: Located) -> None:
        """Append ``other``; expanded when either part is (and no longer one variable alone)."""
        Located.extend(self, other)  # not super(): slots=True makes a new class
        if isinstance(other, Word):
            self.expanded = self.expanded or other.expanded
            if self.spread or other.spread:
                self.spread = other.spread if len(self) == len(other) else ""
        elif self.spread:
            self.spread = ""


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


@dataclass(eq=False)
class _Assignment:
    """One assignment of a variable; its values are expanded when first looked up."""

    offset: int  # byte offset in the script where the assignment takes effect
    values: list[str] | None = None  # None: not known statically (read, for, $(…))
    located: list[Word] | None = None  # the values where the script writes them
    node: Any = None  # the variable_assignment whose value is still to expand
    prior: _Assignment | None = None  # the entry ``+=`` appends to
    loop: Any = None  # a ``for`` statement whose variable this is (see :meth:`Expander.loop_items`)
    body_end: int = 0  # where that loop's body ends
    items: list[Word] | None = None  # its literal values, once read
    #: ``${VAR:-default}`` of a variable not known statically: the words each
    #: outcome gives (the default's, then one not known statically), ``items``
    #: one located word each (see :meth:`Expander._default_choice`).
    outcomes: list[list[Word]] | None = None
    name: str = ""  # that variable
    #: A choice point's hop for each outcome: where and ``via …`` (defaults and
    #: ``case`` arms; a loop's are made from its list, ``shell_loops._hop``).
    hops: Sequence[tuple[Location, str]] | None = None
    where: Any = None  # the variable_assignment node (kept after expansion)
    choice: str = ""  # "default" (``${VAR:-x}``) or "branch" (case arms, if branches)
    branch: Any = None  # the if/case statement and arm it is directly in (() for none), once looked up


@dataclass
class _Entries:
    """The assignments of one variable in offset order, with how many leading
    entries are known to assign the same values (``uniform``).
    """

    items: list[_Assignment]
    offsets: list[int]
    uniform: int = 0
    split: bool = False


class Expander:
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

    # ---- variables

    def collect_assignments(self, nodes: Iterable[Any]) -> None:
        """Record every assignment (values are expanded lazily, see :meth:`lookup`)."""
        for node in nodes:
            kind = node.type
            if kind == "variable_assignment":
                parent = node.parent
                if parent is not None and parent.type == "command":
                    continue  # FOO=bar cmd: only cmd's environment
                name_node = node.child_by_field_name("name")
                if name_node is None:
                    continue
                name = self.src(name_node)
                if "[" in name:
                    continue
                appends = any(c.type == "+=" for c in node.children)
                entries = self.assignments.setdefault(name, [])
                prior = entries[-1] if appends and entries else None
                entries.append(_Assignment(node.end_byte, node=node, prior=prior, where=node))
            elif kind == "for_statement":
                var = node.child_by_field_name("variable")
                body = node.child_by_field_name("body")
                if var is not None:
                    # In effect from its body on (its list reads the variable's earlier value).
                    start = body.start_byte if body is not None else node.start_byte
                    end = body.end_byte if body is not None else node.start_byte
                    entry = _Assignment(start, loop=node if body is not None else None, body_end=end)
                    self.assignments.setdefault(self.src(var), []).append(entry)
            elif kind == "c_style_for_statement":
                var = node.child_by_field_name("variable")
                if var is not None:
                    self.assignments.setdefault(self.src(var), []).append(_Assignment(node.start_byte))
            elif kind == "command":
                name_node = node.child_by_field_name("name")
                if name_node is not None and self.data[name_node.start_byte : name_node.end_byte] == b":":
                    self._collect_defaults(node)
                elif (
                    name_node is not None and self.data[name_node.start_byte : name_node.end_byte] in _READERS
                ):
                    for arg in node.children_by_field_name("argument"):
                        text = self.src(arg)
                        if re.fullmatch(r"[A-Za-z_]\w*", text):
                            self.assignments.setdefault(text, []).append(_Assignment(node.start_byte))
        for name, entries in self.assignments.items():
            ordered = sorted(entries, key=lambda a: a.offset)
            self._entries[name] = _Entries(ordered, [a.offset for a in ordered])

    def _collect_defaults(self, node: Any) -> None:
        """``: "${MODE:=REQUIRED}"`` assigns MODE its default when unset: from
        there on MODE reads as that expansion does (the default or a value set at
        run time: :meth:`_default_choice`).
        """
        for arg in node.children_by_field_name("argument"):
            expansion = arg.named_children[0] if arg.type == "string" and arg.named_child_count == 1 else arg
            if expansion.type != "expansion":
                continue
            kinds = [c.type for c in expansion.children]
            name = expansion.named_children[0] if expansion.named_child_count else None
            if name is None or name.type != "variable_name" or not any(k in (":=", "=") for k in kinds):
                continue
            entry = _Assignment(node.end_byte, node=expansion)
            self.assignments.setdefault(self.src(name), []).append(entry)

    def _loop_value(self, entry: _Assignment, at: int) -> tuple[list[str], list[Word] | None] | None:
        """A ``for`` loop's variable read at ``at``: in the loop's body, the value
        chosen for it (see ``shell_loops.per_loop_value``), else not known
        statically (the loop is noted when it runs over a literal list); after
        the body, not known statically.
        """
        if at >= entry.body_end:
            return None
        self.loop_touches += 1
        items = self.loop_items(entry)
        if items is None:
            return None
        chosen = self.loop_choices.get(id(entry))
        if chosen is None:
            self.loop_reads.setdefault(id(entry), entry)
            return None
        word = items[chosen]
        return [word.text], [word]

    def choices(self, entry: _Assignment) -> int:
        """How many outcomes a choice point has: a loop's values, a default's
        two, a ``case``'s arms (0: not known statically).
        """
        if entry.outcomes is not None:
            return len(entry.outcomes)
        return len(self.loop_items(entry) or ())

    def loop_items(self, entry: _Assignment) -> list[Word] | None:
        """The values of a ``for`` loop over a literal list (``for m in DISABLED
        REQUIRED``), located where the list writes them; None for a list with a
        glob, a brace expansion, a value not known statically, or more than
        :data:`MAX_LOOP_VALUES` values (``for f in *.sql``, ``$(…)``).
        """
        if entry.items is not None:
            return entry.items
        node = entry.loop
        if node is None:
            return None
        values = node.children_by_field_name("value")
        if not values or any(_has_pattern(self, v) for v in values):
            return None
        touches = self.loop_touches
        words: list[Word] = []
        for value in values:
            for w in self.expand(value, value.start_byte):
                if DYNAMIC in w.text:
                    return None
                if len(w):
                    words.append(w)
        if not words or len(words) > MAX_LOOP_VALUES:
            return None
        if touches == self.loop_touches:
            entry.items = words  # kept unless it read an outer loop's variable
        return words

    def _values(self, entry: _Assignment) -> list[str] | None:
        """The values an assignment gives, expanded on first use (again at each
        use when they read a loop's variable: they depend on its value).
        """
        node = entry.node
        if node is not None:
            entry.node = None  # also ends any cycle: an entry being expanded reads as unknown
            touches = self.loop_touches
            words: list[Word] | None
            if node.type == "expansion":  # ``: ${X:=default}``
                words = self.expand(node, node.start_byte, split=False)
            else:
                words = self._assignment_values(node.child_by_field_name("value"), node.start_byte)
            if entry.prior is not None and words is not None:
                prior = self._values(entry.prior)
                words = None if prior is None or entry.prior.located is None else entry.prior.located + words
            if words is not None and not self.spend(sum(map(len, words)) + len(words)):
                words = None  # each entry keeps its list: ``A+=x`` a million times is quadratic
            entry.located = words
            entry.values = None if words is None else [w.text for w in words]
            if touches != self.loop_touches:
                entry.node = node
        return entry.values

    def _key(self, entry: _Assignment) -> tuple[str, ...] | None:
        values = self._values(entry)
        return tuple(values) if values is not None else None

    def lookup(self, name: str, at: int) -> list[str] | None:
        """The value(s) of ``name`` at byte ``at``; None when not known statically."""
        found = self._lookup(name, at)
        return None if found is None else found[0]

    def _lookup(self, name: str, at: int) -> tuple[list[str], list[Word] | None] | None:
        """:meth:`lookup`, with the values where the script assigns them (None
        for a value from outside, ``env``, given as text; one given as a
        :class:`Span`, a CI step's ``env:``, stands where that file writes it).
        """
        entries = self._entries.get(name)
        n = bisect.bisect_right(entries.offsets, at) if entries is not None else 0
        if entries is None or n == 0:
            if name in self.env:
                value = self.env[name]
                if isinstance(value, Span):
                    if value.text == DYNAMIC:
                        # Set at run time (``${{ secrets.X }}``), perhaps empty: as
                        # one from outside, ``${VAR:-default}`` gives two outcomes.
                        return None
                    if DYNAMIC not in value.text:
                        self.env_reads.append((name, value))
                    word = Word()
                    word.extend(Located.of(value))
                    return [value.text], [word]
                return [value], None
            if self.parent is not None:
                return self.parent._lookup(name, len(self.parent.data))
            return None
        latest = entries.items[n - 1]
        if latest.loop is not None:
            return self._loop_value(latest, at)
        # Every entry up to ``at`` must assign the same values: assigned differently on
        # different paths is not known statically.  Expanding entry k only looks up
        # offsets before it, so ``uniform`` never needs to grow past k meanwhile.
        while entries.uniform < n and not entries.split:
            k = entries.uniform
            if k and self._key(entries.items[k]) != self._key(entries.items[0]):
                entries.split = True
                break
            self._values(entries.items[k])
            entries.uniform = k + 1
        branched = self._case_value(name, entries, n, at)
        if branched is not _SHAPELESS:
            return branched  # type: ignore[return-value]
        if entries.uniform < n:
            return None
        entry = entries.items[n - 1]
        only = self._values(entry)
        return (list(only), entry.located) if only is not None else None

    def _template_env(self, name: str) -> tuple[list[str], list[Word] | None] | None:
        """A GitHub ``${{ env.NAME }}`` (masked as ``name``): the value the workflow's,
        job's or step's ``env:`` gives NAME, which GitHub puts in before the shell
        runs (the script's own assignments do not change it); None otherwise.
        """
        found = _ENV_EXPRESSION.fullmatch(self.masks[name])
        if found is None:
            return None
        root = self
        while root.parent is not None:
            root = root.parent
        value = root.env.get(found.group(1))
        if not isinstance(value, Span) or DYNAMIC in value.text:
            return None
        self.env_reads.append((found.group(1), value))
        word = Word()
        word.extend(Located.of(value))
        return [value.text], [word]

    def _case_value(
        self, name: str, entries: _Entries, n: int, at: int
    ) -> tuple[list[str], list[Word] | None] | object | None:
        """``name`` read at ``at`` after a ``case`` whose arms (or an ``if`` whose
        branches) assign it differently (``case $ENV in prod) M=VERIFY_IDENTITY;;
        dev) M=DISABLED;; esac``): one outcome per arm, chosen as a loop's values
        are (``shell_loops.per_loop_value``), an arm that does not assign it (or
        none taken: no ``*)`` arm, no ``else``) giving the value from before.
        None (not known statically) when read without a choice; :data:`_SHAPELESS`
        for other shapes (the assignments read as before).
        """
        latest = entries.items[n - 1]
        if latest.where is None:
            return _SHAPELESS
        found = latest.branch if latest.branch is not None else branch_of(latest.where)
        latest.branch = found or ()
        if not found or found[0].end_byte > at:
            return _SHAPELESS
        case = found[0]
        # One entry per statement and variable (its id is the choice's key), its
        # outcomes read again at each read: an arm may read a loop's value.
        entry = self._cases.setdefault(
            (case.start_byte, name), _Assignment(case.start_byte, name=name, choice="branch")
        )
        # Read once for the entries up to ``n`` (a script reads a variable many
        # times), again when the outcomes read a loop's value.
        key = (id(entry), n)
        shaped = self._case_shapes.get(key)
        if shaped is None:
            touches = self.loop_touches
            shaped = case_outcomes(self, entry, entries, n, case)
            if touches == self.loop_touches:
                self._case_shapes[key] = shaped
        if not shaped:
            return _SHAPELESS
        self.loop_touches += 1
        chosen = self.loop_choices.get(id(entry))
        if chosen is None or entry.outcomes is None:
            self.loop_reads.setdefault(id(entry), entry)
            return None
        words = entry.outcomes[chosen]
        if not words:
            return None  # the value from before the statement, not known statically
        return [w.text for w in words], [_copy(w) for w in words]

    def _assignment_values(self, value_node: Any, at: int) -> list[Word] | None:
        if value_node is None:
            return [Word()]
        if value_node.type == "array":
            values: list[Word] = []
            for child in value_node.named_children:
                if child.type == "comment":
                    continue
                values.extend(self.expand(child, at))
            return values
        return self.expand(value_node, at, split=False) or [Word()]

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
        if not split:
            return words
        unknown = [w for w in words if DYNAMIC in w.text and not w.text.replace(DYNAMIC, "").strip()]
        # Unquoted and alone, a value not known statically (only parts not known:
        # ``"$A $B"`` assigned) may be several words.  The node's parent last: costly.
        if unknown and _whole_words(node):
            name = _plain_reference(self.src(node))
            for w in unknown:
                w.spread = name
        return words

    def _expansion_words(self, node: Any, at: int, *, split: bool) -> list[Word]:
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
        return [_copy(w) for w in entry.outcomes[chosen]]  # callers extend the words they get

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
        return default, redact(f"via default {name} = {shown.text if len(shown) else '(empty)'}")

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
                w = Word(expanded=True)
                w.extend(value.slice(m.start(), m.end()))
                found.append(w)
        return found or ([Word(expanded=True)] if not split else [])


#: What :meth:`Expander._case_value` returns for assignments that are not in
#: the arms of one ``case`` or ``if`` read after it.
_SHAPELESS = object()


def _plain_reference(written: str) -> str:
    """``$NAME`` of an expansion that gives a variable's value as it is (``$X``,
    ``${X}``, ``${X[@]}``, ``${X:-default}``, ``${X:=default}``), else "": the
    value of ``${X:+--no-defaults}`` is that word or none, ``${#X}`` a number.
    """
    body = written[2:-1] if written.startswith("${") and written.endswith("}") else written[1:]
    name = _NAME.match(body)
    if name is None or written.startswith("${#"):
        return ""
    rest = body[name.end() :]
    if rest in ("", "[@]", "[*]") or rest.startswith((":-", "-", ":=", "=")):
        return "$" + name.group()
    return ""


def _copy(word: Word) -> Word:
    copied = Word(expanded=word.expanded, spread=word.spread)
    copied.extend(word)
    return copied


def _has_pattern(expander: Expander, node: Any) -> bool:
    """True when an unquoted word of ``node`` is a glob or brace pattern (``*.sql``, ``{a,b}``)."""
    if node.type in ("word", "extglob_pattern"):
        return _PATTERN_CHARS.search(expander.src(node)) is not None
    if node.type == "concatenation":
        return any(_has_pattern(expander, c) for c in node.children)
    return node.type not in (
        "string",
        "raw_string",
        "ansi_c_string",
        "simple_expansion",
        "expansion",
        "number",
    )


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
