"""Choice points of the shell front-end's ``case`` arms and ``if`` branches: a
variable the arms assign differently and a later command reads gives one
outcome per arm (chosen as a ``for`` loop's values are: ``shell_loops``), the
value from before when no arm runs.  Which statement and arm an assignment is
directly in, the arms of a statement and their labels, and the outcomes they
give; :meth:`connlint.frontends.shell_assignments.Assignments._case_value` asks at each read.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from connlint.lazy import LazySequence
from connlint.model import DYNAMIC
from connlint.redact import redact

if TYPE_CHECKING:
    from connlint.frontends.shell_assignments import Assignments, _Assignment, _Entries
    from connlint.frontends.shell_positions import Word
    from connlint.model import Location


#: Nodes between an assignment and its ``case`` arm that make it conditional or repeated.
_CONTROL = frozenset(
    {
        "if_statement",
        "elif_clause",
        "else_clause",
        "while_statement",
        "for_statement",
        "c_style_for_statement",
        "function_definition",
        "list",
        "pipeline",
        "subshell",
        "command_substitution",
        "case_item",
    }
)


def branch_of(node: Any) -> tuple[Any, Any] | None:
    """The ``case`` statement and arm, or the ``if`` statement and branch (the
    statement itself for its ``then`` branch), an assignment is directly in
    (not under a loop, a function, ``&&``, a subshell within the arm).
    """
    child = node
    parent = node.parent if node is not None else None
    while parent is not None and parent.type not in _CONTROL:
        child, parent = parent, parent.parent
    if parent is None or parent.parent is None:
        return None
    if parent.type == "case_item":
        return parent.parent, parent
    if parent.type in ("elif_clause", "else_clause") and parent.parent.type == "if_statement":
        return (parent.parent, parent) if _after_then(parent, child) else None
    if parent.type == "if_statement":
        return (parent, parent) if _after_then(parent, child) else None
    return None


def _enclosing(node: Any) -> int | None:
    """The id of the nearest node above ``node`` that makes it conditional or
    repeated (:data:`_CONTROL`), None at the script's top level.
    """
    parent = node.parent
    while parent is not None and parent.type not in _CONTROL:
        parent = parent.parent
    return parent.id if parent is not None else None


def _last_unconditional(before: list[_Assignment], statement: Any) -> int:
    """The index in ``before`` of the last plain assignment (``X=…``, not ``+=``,
    not a function's made at a call) that runs whenever ``statement`` does: at the
    same level, in no earlier branch, loop, function, list or subshell; 0 if none.
    """
    level = _enclosing(statement)
    for i in range(len(before) - 1, -1, -1):
        item = before[i]
        if item.where is None or item.origin is not None or item.prior is not None:
            continue
        if item.where.type == "variable_assignment" and _enclosing(item.where) == level:
            return i
    return 0


def _after_then(branch: Any, child: Any) -> bool:
    """True when ``child`` of an ``if`` (or ``elif``) is in its body, not its
    condition (an ``else`` has no condition).
    """
    if branch.type == "else_clause":
        return True
    then = next((c for c in branch.children if c.type == "then"), None)
    return then is not None and child.start_byte >= then.end_byte


def case_outcomes(ex: Assignments, entry: _Assignment, entries: _Entries, n: int, case: Any) -> bool:
    """Set ``entry`` up as the choice point of a ``case`` (or ``if``) that
    assigns its variable in its arms (see :meth:`Assignments._case_value`); False when the
    entries do not have that shape or every arm leaves the same value.
    """
    from connlint.frontends.shell_assignments import MAX_LOOP_VALUES  # (imports this module)

    name = entry.name
    # By where each stands (a function's assignment at a call: where the function
    # writes it, before or in the statement's arms).
    before: list[_Assignment] = []
    inside: list[_Assignment] = []
    for item in entries.items[:n]:
        at = item.offset if item.origin is None else item.origin
        (before if at <= case.start_byte else inside).append(item)
    by_arm: dict[int, _Assignment] = {}
    for assigned in inside:
        found = assigned.branch if assigned.branch is not None else branch_of(assigned.where)
        if not found or found[0].id != case.id:  # () once looked up and in none
            return False
        by_arm[found[1].id] = assigned  # the last one of an arm is what it leaves
    base: list[Word] | None = None  # None: not known statically
    # An assignment made whenever the statement runs overrides those before it
    # (``M=REQUIRED`` after an ``if`` whose branches set M differently).
    before = before[_last_unconditional(before, case) :]
    if before:
        keys = {ex._key(e) for e in before}
        last = before[-1]
        if len(keys) == 1 and None not in keys and last.located is not None:
            base = last.located
    arms, catch_all = _arms(ex, case)
    if len(arms) > MAX_LOOP_VALUES:
        return False
    if not catch_all and _tests_empty(ex, case, name):
        base = None  # ``if [ -z "$X" ]; then X=…; fi``: no branch runs when X is set, value not known
    outcomes: list[list[Word]] = []
    parts: list[tuple[_Assignment | None, Any, list[Word]]] = []
    seen: set[tuple[str, ...] | None] = set()
    for arm in [*arms, None] if not catch_all else arms:
        e: _Assignment | None = by_arm.get(arm.id) if arm is not None else None
        if e is not None:
            ex._values(e)
        # UNKNOWN_OUTCOME for a value not known statically; [] is an empty array.
        located = e.located if e is not None else base
        words = located if located is not None else UNKNOWN_OUTCOME
        text = tuple(w.text for w in words) if words is not UNKNOWN_OUTCOME else None
        if text in seen:
            continue
        seen.add(text)
        outcomes.append(words)
        parts.append((e, arm, words))
    if len(outcomes) < 2:
        return False  # every arm leaves the same value
    if not any(map(_known, outcomes)):
        # ``if [ -n "$3" ]; then H=$3; fi``: no arm gives a value known
        # statically; read as one value not known statically, no choice to
        # spend a command's budget of choices on (its other choices need it).
        return False
    entry.outcomes = outcomes
    entry.hops = LazySequence(len(parts), functools.partial(_arm_hop, ex, case, name, parts))
    return True


#: The outcome of an arm that leaves a value not known statically (compared by
#: identity: ``[]`` is an empty array, ``extraArgs=()``; issue 16, item 2).
UNKNOWN_OUTCOME: list[Word] = []


def _known(words: list[Word]) -> bool:
    """True when an outcome's words hold something known statically (an empty
    value or array is known; :data:`UNKNOWN_OUTCOME` is not).
    """
    if words is UNKNOWN_OUTCOME:
        return False
    return not words or any(DYNAMIC not in w.text or w.text.replace(DYNAMIC, "") for w in words)


def _arm_hop(
    ex: Assignments, case: Any, name: str, parts: list[tuple[_Assignment | None, Any, list[Word]]], index: int
) -> tuple[Location, str]:
    """The hop of outcome ``index`` of a ``case`` or ``if`` (see :func:`case_outcomes`)."""
    e, arm, words = parts[index]
    label = _arm_label(ex, case, arm)
    known = " ".join(w.text for w in words).replace(DYNAMIC, "…") or '""'
    shown = known if words is not UNKNOWN_OUTCOME else "not known"
    where = ex.location(e.where) if e is not None else ex.location(arm if arm is not None else case)
    # Redacted as a whole: ``DB_PASSWORD = s3cret`` is a password by its name.
    return where, redact(f"via {name} = {shown} {label}")


def _tests_empty(ex: Assignments, statement: Any, name: str) -> bool:
    """True for an ``if`` whose first condition is ``[ -z "$name" ]`` (``[[ … ]]``,
    ``test -z``): the guard that gives a variable a value only when it has none.
    """
    if statement.type != "if_statement":
        return False
    condition = statement.child_by_field_name("condition")
    if condition is None:
        return False
    text = ex.src(condition)
    pattern = r'(?:\[\[?|test)\s+-z\s+"?\$\{?' + re.escape(name) + r'\}?"?\s*(?:\]\]?)?\s*;?'
    return re.fullmatch(pattern, text.strip()) is not None


def _arms(ex: Assignments, statement: Any) -> tuple[list[Any], bool]:
    """The arms of a ``case`` (its items) or an ``if`` (the statement itself
    standing for its ``then`` branch, each ``elif``, the ``else``), and
    whether one of them is always taken when the others are not.
    """
    if statement.type == "case_statement":
        arms = [c for c in statement.named_children if c.type == "case_item"]
        every = any(ex.src(p) == "*" for arm in arms for p in arm.children_by_field_name("value"))
        return arms, every
    branches = [c for c in statement.named_children if c.type in ("elif_clause", "else_clause")]
    return [statement, *branches], any(c.type == "else_clause" for c in branches)


def _arm_label(ex: Assignments, statement: Any, arm: Any) -> str:
    """``in case arm prod|live``, ``in the if branch at line 3``, ``when no
    case arm matches``…
    """
    if statement.type == "case_statement":
        if arm is None:
            return "when no case arm matches"
        patterns = "|".join(ex.src(p) for p in arm.children_by_field_name("value"))
        return f"in case arm {redact(patterns[:40])}"
    if arm is None:
        return "when no branch of the if runs"
    line = ex.location(arm).line
    kind = {"elif_clause": "elif", "else_clause": "else"}.get(arm.type, "if")
    return f"in the {kind} branch at line {line}"
