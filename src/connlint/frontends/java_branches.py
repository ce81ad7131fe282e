"""Setter calls under a branch: outcomes, not a pick (issue 16, "a branch
gives outcomes, not a pick", item 1).

``if (useSsl) ds.setSslMode("VERIFY_IDENTITY")`` leaves the object in one of
two states where it is used: the one before the branch and the one after the
setter.  Each setter call is placed by the choice points around it (an ``if``
and which arm, a ``switch`` group, a ``catch``, a loop that may not run), up
to the first construct that also holds what it is measured against (the
object's creation, the call that hands the object over): a branch around both
is the same branch for the object, not a choice.  :func:`enumerate_outcomes`
then replays the calls once per combination of choices, as
``java_values.Evaluator.outcomes`` does for a string's branches.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeVar

from tree_sitter import Node

if TYPE_CHECKING:
    from connlint.frontends.java_symbols import Var
    from connlint.frontends.java_values import Evaluator

#: (the construct's node id, the arm taken: 0 the ``if``'s consequence or a
#: body that runs, 1 the ``else`` or a body that does not).
Choice = tuple[int, int]
T = TypeVar("T")
S = TypeVar("S")

#: Constructs whose body may run or not (a ``do`` body runs at least once: no choice).
_CHOICES = frozenset(
    {
        "if_statement",
        "ternary_expression",
        "switch_block_statement_group",
        "switch_rule",
        "catch_clause",
        "for_statement",
        "enhanced_for_statement",
        "while_statement",
    }
)
#: A body that runs elsewhere: what is set there is not placed against this use.
_ELSEWHERE = frozenset({"lambda_expression", "class_body", "method_declaration", "constructor_declaration"})
#: Ancestors walked at most.
_MAX_WALK = 256
#: At most this many states of one object at one use are told apart.
MAX_OUTCOMES = 8


def choices_of(
    node: Node, parent: Callable[[Node], Node | None], stop: Callable[[Node], bool]
) -> tuple[Choice, ...]:
    """The choice points around ``node``, innermost first, up to its method or
    the first ancestor ``stop`` accepts (one that holds the object's creation
    or its use).
    """
    out: list[Choice] = []
    inside = node
    current = parent(node)
    for _ in range(_MAX_WALK):
        if current is None or current.type in _ELSEWHERE or stop(current):
            break
        if current.type in _CHOICES:
            out.append((current.id, _arm(current, inside)))
        inside = current
        current = parent(current)
    return tuple(out)


def setter_choices(var: Var, call: Node, parent: Callable[[Node], Node | None]) -> tuple[Choice, ...]:
    """The choice points around a setter call on the object ``var`` that
    neither its declaration nor its creation (``ds = new …``) is in.
    """
    starts = [var.node.start_byte]
    for assignment in var.assignments:
        right = assignment.child_by_field_name("right")
        if right is not None and right.type == "object_creation_expression":
            starts.append(assignment.start_byte)
    return choices_of(call, parent, lambda construct: holds(construct, *starts))


def holds(construct: Node, *positions: int) -> bool:
    """Whether ``construct`` spans one of the byte ``positions``."""
    return any(construct.start_byte <= at < construct.end_byte for at in positions)


def _arm(construct: Node, inside: Node) -> int:
    """1 when ``inside`` is an ``if``'s or a ternary's alternative, else 0."""
    if construct.type in ("if_statement", "ternary_expression"):
        alternative = construct.child_by_field_name("alternative")
        if alternative is not None and alternative.start_byte <= inside.start_byte < alternative.end_byte:
            return 1
    return 0


class Choosing:
    """The choices of one replay: whether a call placed by its choice points
    is applied, each point met noted for the next combinations.
    """

    def __init__(self, chosen: dict[int, int]) -> None:
        self.chosen = chosen
        self.met: list[int] = []

    def taken(self, choices: tuple[Choice, ...]) -> bool:
        """Whether every choice point around a call takes its arm (untried points: arm 0)."""
        applied = True
        for point, arm in choices:
            if point not in self.met:
                self.met.append(point)
            if self.chosen.get(point, 0) != arm:
                applied = False
        return applied


def enumerate_outcomes(replay: Callable[[Choosing], T], limit: int = MAX_OUTCOMES) -> list[T]:
    """The distinct results of ``replay``, one per combination of the choice
    points it meets (the first: arm 0 everywhere), at most ``limit``.
    """
    out: list[T] = []
    pending: list[dict[int, int]] = [{}]
    tried = 0
    while pending and len(out) < limit and tried < 4 * limit:
        tried += 1
        chosen = pending.pop(0)
        choosing = Choosing(chosen)
        result = replay(choosing)
        if result not in out:
            out.append(result)
        fixed = dict(chosen)
        for point in choosing.met:
            if point not in chosen:
                pending.append({**fixed, point: 1})
                fixed[point] = 0
    return out


def settings_outcomes(settings: list[S], choices: dict[int, tuple[Choice, ...]]) -> list[list[S]]:
    """The settings of each state an object can be in: one set under a branch
    (``choices``: its choice points, by its index in ``settings``) is in one
    outcome and not in the other; the first has each ``if``'s consequence taken.
    """
    if not choices:
        return [settings]

    def replay(choosing: Choosing) -> list[S]:
        return [s for i, s in enumerate(settings) if i not in choices or choosing.taken(choices[i])]

    return enumerate_outcomes(replay)


@contextlib.contextmanager
def values_chosen(evaluator: Evaluator, choosing: Choosing) -> Iterator[None]:
    """Evaluate with the choices of one replay: a ternary or an ``if`` that
    assigns takes the arm ``choosing`` gives, and is noted as met, so that
    :func:`enumerate_outcomes` tries its other arm too (a value under a branch
    gives outcomes, as ``Evaluator.outcomes`` does for one expression).
    """
    saved = evaluator.choices, evaluator.met
    evaluator.choices, evaluator.met = choosing.chosen, choosing.met
    try:
        yield
    finally:
        evaluator.choices, evaluator.met = saved
