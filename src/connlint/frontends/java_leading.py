"""What every value of a Java string expression begins with, found cheaply:
the URL pass's screen (issue 15).  A top expression of the pass (an
``sb.append(…)`` chain, a ``+``, a builder read) whose every value begins
with a text no JDBC URL begins with (``SELECT …``) is not evaluated, its
branches not enumerated: :func:`leading` is a text that every value
:meth:`Evaluator.outcomes <connlint.frontends.java_values.Evaluator.outcomes>`
gives begins with (tests/frontends/test_java_leading.py checks it against
the full enumeration).

It reads the expressions as the evaluator reads them (its symbol table, its
builders' changes and the branches they are in), through the evaluator's own
helpers: one reading of the language, in :mod:`connlint.frontends.java_values`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tree_sitter import Node

from connlint.frontends.java_literals import JavaText
from connlint.frontends.java_symbols import Var
from connlint.frontends.java_syntax import arguments, plus_operands, unparenthesize
from connlint.frontends.java_values import _BUILDER_CHANGES, _MAX_CHANGES, BUILDERS, MAX_DEPTH
from connlint.model import DYNAMIC

if TYPE_CHECKING:
    from connlint.frontends.java_values import Evaluator


def leading(evaluator: Evaluator, node: Node) -> str | None:
    """Text (not blank) that every value ``evaluator.outcomes(node)`` gives
    begins with, whatever the branches, when it is found cheaply; None when not
    (see :meth:`_Leading.leading`).
    """
    return _Leading(evaluator).leading(node)


class _Leading:
    """The leading text of the expressions of one evaluator's file."""

    def __init__(self, evaluator: Evaluator) -> None:
        self.ev = evaluator

    def leading(self, node: Node) -> str | None:
        """Text (not blank) that every value :meth:`Evaluator.outcomes` gives for ``node``
        begins with, whatever the branches, when it is found cheaply; None when not.

        For the string builders of a method (``sb.append(…)`` chains, each a
        top of the URL pass) and the expressions they are given: a builder's
        value where it is read begins with its first non-blank part (its
        initial value, or what the first change adds) when no change before
        that read replaces or cuts its text; a chain's value with the
        builder's, then its arguments'; a ``+`` with its first operands'.  The
        parts read are evaluated as :meth:`Evaluator.evaluate` reads them, at the same
        depth, and only when no choice point (a ternary, an ``if``) is
        consulted on the way; the changes after them are only looked at.
        """
        if self.ev.bindings or self.ev.bound_values:
            return None
        text = self._lead(node, 0, frozenset())
        return text if text is not None and text.strip() else None

    def _lead(self, node: Node, depth: int, seen: frozenset[int]) -> str | None:
        """What :meth:`Evaluator.evaluate` (``node``, ``depth``, ``seen``) begins with in every
        outcome: a text not blank, or a blank one that is the whole value; None:
        not known cheaply.
        """
        if depth > MAX_DEPTH:
            return None
        kind = node.type
        if kind == "string_literal":
            return self.ev.literal(node).text
        if kind == "parenthesized_expression":
            inner = unparenthesize(node)
            return None if inner is node else self._lead(inner, depth + 1, seen)
        if kind == "binary_expression":
            operator = node.child_by_field_name("operator")
            if operator is None or self.ev.source(operator) != "+":
                return None
            return self._lead_of_parts(plus_operands(node, self.ev.source), "", depth + 1, seen)
        if kind == "object_creation_expression":
            return self._lead_of_creation(node, depth, seen)
        if kind == "ternary_expression":
            return self._lead_of_branches(node, depth, seen)
        if kind == "method_invocation":
            obj = node.child_by_field_name("object")
            if obj is None or not self.ev._is_builder(obj):
                return None
            name = self._call_name(node)
            args = arguments(node)
            if (
                name == "append" and len(args) == 1
            ):  # as _evaluate_call: the builder's text, then the argument
                head = self._lead(obj, depth + 1, seen)
                return None if head is None else self._lead_of_parts(args, head, depth + 1, seen)
            if name == "toString" and not args:
                return self._lead(obj, depth + 1, seen)
            return None
        if kind == "identifier":
            var = self._builder_local(node, seen)
            if var is None:
                return self._choice_free(lambda: self.ev.evaluate(node, depth, seen))
            if len(var.assignments) + len(var.calls) > _MAX_CHANGES:
                return DYNAMIC  # _value_at: not followed, one unknown part
            return self._leading_at(var, node, depth, seen | {var.node.id})
        return None

    def _lead_of_creation(self, node: Node, depth: int, seen: frozenset[int]) -> str | None:
        """:meth:`_lead` of ``new StringBuilder(…)`` / ``new String(…)``, as the
        evaluator's ``_creation`` reads it.
        """
        created = node.child_by_field_name("type")
        name = self.ev.source(created) if created is not None else ""
        if name not in BUILDERS and name != "String":
            return None
        args = arguments(node)
        if not args:
            return ""
        if len(args) != 1 or args[0].type in ("decimal_integer_literal", "hex_integer_literal"):
            return "" if name in BUILDERS and len(args) == 1 else None
        return self._lead(args[0], depth + 1, seen)

    def _lead_of_branches(self, node: Node, depth: int, seen: frozenset[int]) -> str | None:
        """:meth:`_lead` of ``c ? a : b``: what both branches begin with, when that is
        not blank (a builder begun with ``c ? "SELECT A.X, …" : "SELECT A.Y, …"``
        and appended to twenty times has 2^n outcomes at every use, none a URL).
        """
        branches = [node.child_by_field_name(field) for field in ("consequence", "alternative")]
        leads = [self._lead(branch, depth + 1, seen) if branch is not None else None for branch in branches]
        first, second = leads
        if first is None or second is None or not first.strip() or not second.strip():
            return None  # a blank lead may be a whole value: nothing is known after it
        common = _common_prefix(first, second)
        return common if common.strip() else None

    def _lead_of_parts(self, parts: list[Node], head: str, depth: int, seen: frozenset[int]) -> str | None:
        """:meth:`_lead` of ``head`` followed by the values of ``parts`` (each
        evaluated at ``depth``): the parts are read until the text is not blank.
        """
        text = head
        for part in parts:
            if text.strip():
                break
            more = self._lead(part, depth, seen)
            if more is None:
                return None
            text += more
        return text

    def _builder_local(self, node: Node, seen: frozenset[int]) -> Var | None:
        """The local an identifier names when :meth:`Evaluator.evaluate` reads it with
        :meth:`Evaluator._value_at` (None: any other reading).
        """
        var = self.ev.symbols.constant(node)
        if var is not None and var.value is not None and var.node.id not in seen:
            return var if var.type in BUILDERS and not var.is_field else None
        var = self.ev.symbols.resolve(node)
        if var is None or var.is_field or var.updated or var.value is None or var.node.id in seen:
            return None
        return var if var.assignments or var.type in BUILDERS else None

    def _leading_at(self, var: Var, use: Node, depth: int, seen: frozenset[int]) -> str | None:
        """:meth:`_lead` of ``var`` where ``use`` reads it, as :meth:`Evaluator._value_at`
        reads it (``depth``: the use's; ``seen`` with ``var``).
        """
        events = sorted(
            [*var.assignments, *(self.ev._chain_top(call) for call in var.calls)], key=lambda n: n.start_byte
        )
        events = [event for event in events if event.end_byte <= use.start_byte]
        if not all(self._keeps_text(event) for event in events):
            return None  # a change that may replace the text, or make it unknown
        assert var.value is not None
        text = self._lead(var.value, depth + 1, seen)
        around: set[int] | None = None
        for event in events:
            if text is None or text.strip():
                break
            # Blank so far: the first change that adds to it, if it runs wherever the use is read.
            around = self.ev._ancestors(use) if around is None else around
            if not self._runs_before(event, around):
                return None
            if event.type == "assignment_expression":  # +=
                added = [event.child_by_field_name("right")]
            else:
                added = [
                    arguments(call)[0]
                    for call in self.ev._chain_calls(event)
                    if self._call_name(call) == "append"
                ]
            text = self._lead_of_parts([n for n in added if n is not None], text, depth + 1, seen)
        return text

    def _runs_before(self, event: Node, around: set[int]) -> bool:
        """Whether a change runs once before the use whose ancestors are ``around``
        in every outcome (:meth:`Evaluator._applies` says ``"yes"`` consulting no choice point).
        """
        saved = self.ev.choices, self.ev.met, self.ev.consulted
        self.ev.choices, self.ev.met, self.ev.consulted = {}, [], 0
        try:
            return self.ev._applies(event, around) == "yes" and not self.ev.consulted
        finally:
            self.ev.choices, self.ev.met, self.ev.consulted = saved

    def _call_name(self, call: Node) -> str:
        """The method name of a call ("" when error recovery left none)."""
        name = call.child_by_field_name("name")
        return self.ev.source(name) if name is not None else ""

    def _keeps_text(self, event: Node) -> bool:
        """Whether a change of a builder or local keeps the text it had in front
        (``+=``, ``append``, calls that change nothing), whether it runs or not.
        """
        if event.type == "assignment_expression":
            operator = event.child_by_field_name("operator")
            if event.child_by_field_name("right") is None:
                return False
            return operator is not None and self.ev.source(operator) == "+="
        for call in self.ev._chain_calls(event):
            called = self._call_name(call)
            if called in _BUILDER_CHANGES or (called == "append" and len(arguments(call)) != 1):
                return False
        return True

    def _choice_free(self, read: Callable[[], JavaText | None]) -> str | None:
        """The text ``read`` gives when it consults no choice point (None when it
        does, or gives nothing), with the evaluator's choices left as they were.
        """
        saved = self.ev.choices, self.ev.met, self.ev.consulted
        self.ev.choices, self.ev.met, self.ev.consulted = {}, [], 0
        try:
            value = read()
            return value.text if value is not None and not self.ev.consulted else None
        finally:
            self.ev.choices, self.ev.met, self.ev.consulted = saved


def _common_prefix(first: str, second: str) -> str:
    """The text both strings begin with."""
    end = min(len(first), len(second))
    for index in range(end):
        if first[index] != second[index]:
            return first[:index]
    return first[:end]
