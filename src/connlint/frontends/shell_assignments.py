"""The variable table of the shell front-end: every assignment a script makes
(``X=…``, ``X+=…``, arrays, ``read``/``mapfile``/``getopts``, ``: ${X:=default}``,
``for`` loop variables) in offset order, and what a variable stands for where
it is read: its values expanded lazily (located where the script assigns them),
the ``env`` a CI step or container gives, one value per choice of a ``for``
loop over a literal list, a ``${VAR:-default}`` or the arms of a ``case``/``if``
(chosen by ``shell_loops.per_loop_value``), not known statically otherwise.
:class:`connlint.frontends.shell_words.Expander` (which expands words) holds it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from connlint import lazy
from connlint.frontends.shell_branches import UNKNOWN_OUTCOME, branch_of, case_outcomes
from connlint.frontends.shell_positions import Word
from connlint.frontends.shell_scopes import Function, Scopes, function_scopes
from connlint.frontends.spring import Located
from connlint.lazy import dataclass
from connlint.model import DYNAMIC, Span

if TYPE_CHECKING:
    from connlint.frontends.shell_words import Expander
    from connlint.model import Location

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

#: Commands that assign the variables they name (values unknown statically).
_READERS: frozenset[bytes] = frozenset({b"read", b"mapfile", b"readarray", b"getopts"})


@dataclass(eq=False)
class _Assignment:
    """One assignment of a variable; its values are expanded when first looked up."""

    offset: int  # byte offset in the script where the assignment takes effect
    values: list[str] | None = None  # None: not known statically (read, for, $(…))
    located: list[Word] | None = None  # the values where the script writes them
    node: Any = None  # the variable_assignment whose value is still to expand
    prior: _Assignment | None = None  # the entry ``+=`` appends to
    loop: Any = None  # a ``for`` statement whose variable this is (see :meth:`Assignments.loop_items`)
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
    #: The bytes of the function body it is in effect in (``shell_scopes``); None: everywhere.
    scope: tuple[int, int] | None = None
    #: Where it stands among a ``case``'s or ``if``'s assignments, when not at
    #: ``offset``: a function's assignment made at a call, where the function writes it.
    origin: int | None = None


@dataclass
class _Entries:
    """The assignments of one variable in offset order, with how many leading
    entries are known to assign the same values (``uniform``).
    """

    items: list[_Assignment]
    offsets: list[int]
    uniform: int = 0
    split: bool = False


#: What :meth:`Assignments._case_value` returns for assignments that are not in
#: the arms of one ``case`` or ``if`` read after it.
_SHAPELESS = object()


class Assignments:
    """The variable table of one parse of shell text (a base of
    :class:`~connlint.frontends.shell_words.Expander`, whose words it expands).
    """

    assignments: dict[str, list[_Assignment]]
    _entries: dict[str, _Entries]
    #: Names assigned in function bodies -> those bodies (see :meth:`_visible`).
    _scoped: dict[str, set[tuple[int, int]]]
    _visible_entries: dict[tuple[str, tuple[tuple[int, int], ...], bool], _Entries]
    #: The script's functions, and the names calls of them assign everywhere
    #: (top-level calls, functions never called): see :meth:`_visible`.
    _scopes: Scopes | None
    _function_made: set[str]
    env: dict[str, str | Span]
    env_reads: list[tuple[str, Span]]
    masks: dict[str, str]
    data: bytes
    parent: Expander | None
    loop_choices: dict[int, int]
    loop_reads: dict[int, _Assignment]
    loop_touches: int
    _cases: dict[tuple[int, str], _Assignment]
    _case_shapes: dict[tuple[int, int], bool]

    if TYPE_CHECKING:  # the word side, in Expander

        def src(self, node: Any) -> str:
            """The text of ``node`` as written."""

        def location(self, node: Any) -> Location:
            """Where ``node`` stands in the file."""

        def spend(self, size: int) -> bool:
            """Charge ``size`` produced characters to the file's expansion budget."""

        def expand(
            self, node: Any, at: int | None = None, *, split: bool = True, quoted: bool = False
        ) -> list[Word]:
            """The words a syntax node stands for, located."""

    def collect_assignments(self, nodes: Sequence[Any]) -> None:
        """Record every assignment (values are expanded lazily, see :meth:`lookup`);
        those in a function's body where the function runs (``shell_scopes``).
        """
        scopes = function_scopes(nodes, self.src)
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
                entry = _Assignment(node.end_byte, node=node, prior=prior, where=node)
                function = scopes.innermost(node.start_byte) if scopes is not None else None
                if function is not None and scopes is not None:
                    entry.scope = (function.start, function.end)  # as written: in its body only
                    if not scopes.is_local(function, name, node):
                        function.assigns.append((name, node, appends))
                entries.append(entry)
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
                if scopes is not None and name_node is not None:
                    callee = scopes.by_name.get(self.src(name_node))
                    if callee is not None:
                        scopes.add_call(node, callee)
                if name_node is not None and self.data[name_node.start_byte : name_node.end_byte] == b":":
                    self._collect_defaults(node)
                elif (
                    name_node is not None and self.data[name_node.start_byte : name_node.end_byte] in _READERS
                ):
                    for arg in node.children_by_field_name("argument"):
                        text = self.src(arg)
                        if re.fullmatch(r"[A-Za-z_]\w*", text):
                            self.assignments.setdefault(text, []).append(_Assignment(node.start_byte))
        if scopes is not None:
            self._scopes = scopes
            self._function_entries(scopes)
        for name, entries in self.assignments.items():
            ordered = sorted(entries, key=lambda a: a.offset)
            self._entries[name] = _Entries(ordered, [a.offset for a in ordered])
            scoped = {a.scope for a in ordered if a.scope is not None}
            if scoped:
                self._scoped[name] = scoped

    def _function_entries(self, scopes: Scopes) -> None:
        """The global assignments of the script's functions where they take effect:
        at each call (in the caller's body when a function makes it), the value
        not known statically from the definition on for a function never called.
        """
        for function in scopes.functions:
            if not function.called:
                for name, _, _ in scopes.performed(function):
                    self._function_made.add(name)
                    self.assignments.setdefault(name, []).append(_Assignment(function.node.end_byte))
        calls: list[tuple[Function, Any, Function | None]] = [(c, call, None) for c, call in scopes.top_calls]
        calls += [(callee, call, f) for f in scopes.functions for callee, call in f.calls]
        for callee, call, caller in calls:
            scope = (caller.start, caller.end) if caller is not None else None
            # A call in an if/case arm is that arm's outcome; else an assignment in
            # an arm within the function is (``tls() { if …; then O=…; else O=…; fi; }``).
            conditional = branch_of(call) is not None
            for name, node, appends in scopes.performed(callee):
                if scope is None:
                    self._function_made.add(name)
                # ``X+=…`` appends to the value before the call: not followed.
                where = call if conditional else node
                entry = _Assignment(call.end_byte, node=None if appends else node, where=where, scope=scope)
                entry.origin = where.start_byte
                self.assignments.setdefault(name, []).append(entry)

    def _visible(self, name: str, at: int) -> _Entries | None:
        """The entries of ``name`` in effect at byte ``at``: those of every function
        body that holds ``at`` (as written there) and those in effect everywhere.
        Read in a function's body, a global that a call elsewhere assigns has a
        value not known statically first (the function runs after that call or
        before it), unless the function assigns it itself before ``at``.
        """
        entries = self._entries.get(name)
        scoped = self._scoped.get(name)
        made = name in self._function_made
        if entries is None or (scoped is None and not made):
            return entries
        inside = tuple(sorted(s for s in scoped or () if s[0] <= at < s[1]))
        function = self._scopes.innermost(at) if made and self._scopes is not None else None
        unknown_first = False
        if function is not None:
            own = (function.start, function.end)
            unknown_first = not any(e.scope == own and e.offset <= at for e in entries.items)
        key = (name, inside, unknown_first)
        found = self._visible_entries.get(key)
        if found is None:
            items = [e for e in entries.items if e.scope is None or e.scope in inside]
            if unknown_first:
                items.insert(0, _Assignment(0))
            found = self._visible_entries[key] = _Entries(items, [e.offset for e in items])
        return found

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
        entries = self._visible(name, at)
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
        # ``A=(…); A+=(…); A+=(…)`` in one list of statements: the appends follow
        # each other whatever path runs, so the last gives the value (issue 16, item 2).
        base = n - 1
        while base and _appends_to(entries.items[base], entries.items[base - 1]):
            base -= 1
        # Every entry up to ``at`` (up to such appends) must assign the same values:
        # assigned differently on different paths is not known statically.  Expanding
        # entry k only looks up offsets before it, so ``uniform`` never needs to grow
        # past k meanwhile.
        while entries.uniform <= base and not entries.split:
            k = entries.uniform
            if k and self._key(entries.items[k]) != self._key(entries.items[0]):
                entries.split = True
                break
            self._values(entries.items[k])
            entries.uniform = k + 1
        if base < n - 1:
            appended = self._values(latest) if entries.uniform > base else None
            return (list(appended), latest.located) if appended is not None else None
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
        if words is UNKNOWN_OUTCOME:
            return None  # the value from before the statement, not known statically
        return [w.text for w in words], [w.copy() for w in words]

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


def _appends_to(entry: _Assignment, before: _Assignment) -> bool:
    """True when ``entry`` is an ``X+=(…)`` that appends to ``before`` and stands in
    the same list of statements (not in an ``if``, a loop or after ``&&``): both
    run, in that order, or neither does.
    """
    if (
        entry.prior is not before
        or entry.where is None
        or before.where is None
        or entry.scope != before.scope
    ):
        return False
    if entry.origin is not None or before.origin is not None:
        return False  # made by a function call
    value = entry.where.child_by_field_name("value")
    if value is None or value.type != "array":
        return False  # ``S+=x`` appends to a string (the values are a list of words)
    block = _statement_list(entry.where)
    return block is not None and block == _statement_list(before.where)


def _statement_list(assignment: Any) -> tuple[int, int] | None:
    """The bytes of the list of statements an assignment's statement stands in."""
    node = assignment.parent
    while node is not None and node.type in ("declaration_command", "variable_assignments"):
        node = node.parent
    if node is None or node.type not in ("program", "compound_statement"):
        return None
    return node.start_byte, node.end_byte


def _has_pattern(expander: Assignments, node: Any) -> bool:
    """True when an unquoted word of ``node`` is a glob or brace pattern (``*.sql``, ``{a,b}``)."""
    if node.type in ("word", "extglob_pattern"):
        return _PATTERN_CHARS.search(expander.src(node)) is not None
    if node.type == "concatenation":
        return any(_has_pattern(expander, c) for c in node.children)
    return node.type not in _LITERAL_NODES
