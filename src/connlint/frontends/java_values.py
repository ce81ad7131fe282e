"""The values of Java expressions: string literals and text blocks decoded with
every character's source position, and the strings expressions yield
(concatenation, ``String.format``, constants of the file), with
:data:`~connlint.model.DYNAMIC` where a part is not known statically.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tree_sitter import Node

from connlint.frontends import java_uri_builders as uri_builders
from connlint.frontends.java_literals import JavaText, decode_escapes, decode_text_block
from connlint.frontends.java_returned_urls import names_a_url, returned_url
from connlint.frontends.java_symbols import Symbols, Var
from connlint.frontends.java_syntax import arguments, plus_operands, unparenthesize
from connlint.frontends.ts_positions import TreePositions
from connlint.model import DYNAMIC

if TYPE_CHECKING:
    from connlint.frontends.java_project import Resolver
    from connlint.frontends.java_returns import Returns

#: A ``String.format`` conversion.  Flags and width are possessive: ``0`` is
#: both, but giving a ``0`` back from one to the other never changes where the
#: conversion ends, and backtracking over it was quadratic (``%0000…``).
_FORMAT_SPEC = re.compile(r"%(?:\d+\$)?[-#+ 0,(<]*+\d*+(?:\.\d+)?[a-zA-Z%]")
MAX_DEPTH = 64
#: At most this many values of one expression (branch combinations) are told apart.
MAX_OUTCOMES = 8
#: A local changed more often than this is not followed (each use would replay them all).
_MAX_CHANGES = 16
#: StringBuilder / StringBuffer: their value is the text appended so far.
BUILDERS = frozenset({"StringBuilder", "StringBuffer"})
#: Builder methods other than ``append`` that change the text: its value is then unknown.
_BUILDER_CHANGES = frozenset(
    {"insert", "setLength", "delete", "deleteCharAt", "replace", "reverse", "setCharAt"}
)
#: Statements whose body may run or not: an assignment inside is one outcome of two.
_CONDITIONAL = frozenset(
    {
        "if_statement",
        "switch_expression",
        "switch_block_statement_group",
        "switch_rule",
        "catch_clause",
        "ternary_expression",
        "conditional_expression",
    }
)
#: Statements whose body may run many times: what it appends is not known.
_LOOPS = frozenset({"for_statement", "enhanced_for_statement", "while_statement", "do_statement"})
#: A body that runs elsewhere (later, or not at all).
_ELSEWHERE = frozenset({"lambda_expression", "class_body", "method_declaration", "constructor_declaration"})


class Evaluator:
    """The strings the expressions of one file yield."""

    def __init__(self, positions: TreePositions, symbols: Symbols) -> None:
        self.positions = positions
        self.symbols = symbols
        self.source = positions.source
        #: The branch taken at each choice point (a ternary, an ``if`` holding an
        #: assignment), by node id; None: not enumerating, a branch is unknown.
        self.choices: dict[int, int] | None = None
        #: The choice points met while evaluating, in order.
        self.met: list[int] = []
        #: A helper method's parameters (their node ids) bound to a call's arguments.
        self.bindings: dict[int, Node] = {}
        #: That call.
        self.site: Node | None = None
        #: Names declared in other files of the project (None: this file only).
        self.resolver: Resolver | None = None
        #: Parameters (their node ids) standing for a value of another file (a
        #: helper method read for a caller elsewhere: ``java_project``).
        self.bound_values: dict[int, JavaText] = {}
        #: A constant of this file is being read for another file: each constant
        #: of this file its value goes through on its way from another file is a
        #: step of its trail (``URL = BASE + SUFFIX``, ``SUFFIX = "?" + Tls.OFF``:
        #: ``via Tls.OFF; via Config.SUFFIX``).
        self.constant_hops = False
        #: This file's one-expression methods, looked up on first need.
        self.returns: Returns | None = None
        #: Choice points consulted (:meth:`_choice_free` counts them).
        self.consulted = 0
        #: The file names a URI builder (most do not: their calls skip that check).
        self.uri_builders = uri_builders.named_in(positions.text)

    @contextlib.contextmanager
    def bound(self, bindings: dict[int, Node], site: Node) -> Iterator[None]:
        """Evaluate with parameters bound to arguments (one level: an argument
        is evaluated where it is written, without the binding).
        """
        saved = self.bindings, self.site
        self.bindings, self.site = bindings, site
        try:
            yield
        finally:
            self.bindings, self.site = saved

    def bound_argument(self, node: Node) -> Node | None:
        """The argument bound to the parameter ``node`` names, if any."""
        if not self.bindings or node.type != "identifier":
            return None
        var = self.symbols.resolve(node)
        return self.bindings.get(var.node.id) if var is not None else None

    def outcomes(self, node: Node) -> list[JavaText]:
        """Every value ``node`` can take, one per combination of branches (a
        ternary's two, an ``if`` that assigns), at most :data:`MAX_OUTCOMES`.
        """
        saved = self.choices, self.met
        out: list[JavaText] = []
        pending: list[dict[int, int]] = [{}]
        try:
            while pending and len(out) < MAX_OUTCOMES:
                choices = pending.pop(0)
                self.choices, self.met = choices, []
                out.append(self.evaluate(node))
                fixed = dict(choices)
                for point in self.met:
                    if point not in choices:
                        pending.append({**fixed, point: 1})
                        fixed[point] = 0
        finally:
            self.choices, self.met = saved
        return out

    # -- what every value begins with ------------------------------------

    def leading(self, node: Node) -> str | None:
        """Text (not blank) that every value :meth:`outcomes` gives for ``node``
        begins with, when it is found cheaply; None when not
        (:func:`connlint.frontends.java_leading.leading`).
        """
        from connlint.frontends.java_leading import leading

        return leading(self, node)

    def _choose(self, point: int) -> int | None:
        """The branch taken at a choice point (None: not enumerating)."""
        self.consulted += 1
        if self.choices is None:
            return None
        if point not in self.met:
            self.met.append(point)
        return self.choices.get(point, 0)

    def literal(self, node: Node) -> JavaText:
        """Decode a string literal or text block with per-character positions."""
        start = self.positions.char(node.start_byte)
        end = self.positions.char(node.end_byte)
        line, column = self.positions.point(start)
        out = JavaText()
        out.literals.add((node.start_byte, node.end_byte))
        text = self.positions.text
        if text.startswith('"""', start, end):
            decode_text_block(text[start:end], line, column, out)
        else:
            # The body cut from the file at once (not the literal, then its body: a copy less).
            closed = end - start >= 2 and text[end - 1] == '"'
            decode_escapes(text[start + 1 : end - 1 if closed else end], line, column + 1, out)
        return out

    def dynamic(self, node: Node) -> JavaText:
        """One unknown character where ``node`` starts."""
        out = JavaText()
        out.add(DYNAMIC, self.positions.point_at(node.start_byte))
        return out

    def evaluate(self, node: Node, depth: int = 0, seen: frozenset[int] = frozenset()) -> JavaText:
        """Return the string an expression yields, with DYNAMIC for what is not known."""
        if depth > MAX_DEPTH:
            return self.dynamic(node)
        kind = node.type
        if kind == "string_literal":
            return self.literal(node)
        if kind == "parenthesized_expression":
            inner = unparenthesize(node)
            if inner is node:
                return self.dynamic(node)
            return self.evaluate(inner, depth + 1, seen)
        if kind == "binary_expression":
            operator = node.child_by_field_name("operator")
            if operator is not None and self.source(operator) == "+":
                out = JavaText()
                for operand in plus_operands(node, self.source):
                    out.extend(self.evaluate(operand, depth + 1, seen))
                return out
            return self.dynamic(node)
        if kind in ("true", "false"):
            return self.verbatim(node)
        if kind in ("decimal_integer_literal", "hex_integer_literal", "decimal_floating_point_literal"):
            return self.verbatim(node)
        if kind == "character_literal":
            out = JavaText()
            line, column = self.positions.point_at(node.start_byte)
            decode_escapes(self.source(node)[1:-1], line, column + 1, out)
            return out
        if kind in ("identifier", "field_access"):
            if self.bound_values and kind == "identifier":
                param = self.symbols.resolve(node)
                if param is not None and param.node.id in self.bound_values:
                    out = JavaText()
                    out.extend(self.bound_values[param.node.id])
                    return out
            argument = self.bound_argument(node)
            if argument is not None:
                saved = self.bindings
                self.bindings = {}
                try:
                    return self.evaluate(argument, depth + 1, seen)
                finally:
                    self.bindings = saved
            external = kind == "field_access" and self.resolver is not None
            if external and self.resolver is not None:
                known = self._known_field(node)
                if known is not None:
                    return known
                external = not self.resolver.local_head(node)
                found = self.resolver.value(node) if external else None
                if found is not None:
                    return found
            elif kind == "field_access":
                known = self._known_field(node)
                if known is not None:
                    return known
            var = self.symbols.constant(node)
            if var is not None and var.value is not None and var.node.id not in seen:
                if var.type in BUILDERS:
                    if var.is_field:
                        return self.dynamic(node) if var.calls else self.evaluate(var.value, depth + 1, seen)
                    return self._value_at(var, node, depth, seen)
                value = self.evaluate(var.value, depth + 1, seen | {var.node.id})
                if self.constant_hops and var.is_field and value.hops and self.resolver is not None:
                    # A link of a chain across files (SUFFIX = "…" + Other.OPTS), not a
                    # plain literal constant (SCHEME = "jdbc:mysql://"): the message
                    # names three steps, the ones the value took between files.
                    value.add_hops([self.resolver.definition_hop(var)])
                return value
            if kind == "identifier":
                var = self.symbols.resolve(node)
                if (
                    var is not None
                    and not var.is_field
                    and not var.updated
                    and var.node.id not in seen
                    and (var.assignments or var.type in BUILDERS)
                ):
                    return self._value_at(var, node, depth, seen)
            if self.resolver is not None and not external:
                # A static import, an inherited constant, a nested class's field.
                found = self.resolver.value(node)
                if found is not None:
                    return found
            return self.dynamic(node)
        if kind == "ternary_expression":
            branch = self._choose(node.id)
            chosen = node.child_by_field_name("alternative" if branch else "consequence")
            if branch is None or chosen is None:
                return self.dynamic(node)
            return self.evaluate(chosen, depth + 1, seen)
        if kind == "object_creation_expression":
            return self._creation(node, depth, seen)
        if kind == "assignment_expression":
            var = self._flowing(node)
            if var is None or var.node.id in seen:
                return self.dynamic(node)
            before = self._value_at(var, node, depth, seen)
            after = self._apply(node, before, depth, seen | {var.node.id})
            return after if after is not None else self.dynamic(node)
        if kind == "method_invocation":
            return self._evaluate_call(node, depth, seen)
        return self.dynamic(node)

    # -- values that change: builders and reassigned locals ----------------

    def _creation(self, node: Node, depth: int, seen: frozenset[int]) -> JavaText:
        """``new StringBuilder(…)`` / ``new StringBuffer(…)`` / ``new String(…)``: its text."""
        created = node.child_by_field_name("type")
        name = self.source(created) if created is not None else ""
        if name not in BUILDERS and name != "String":
            return self.dynamic(node)
        args = arguments(node)
        if not args:
            return JavaText()
        if len(args) != 1 or args[0].type in ("decimal_integer_literal", "hex_integer_literal"):
            return JavaText() if name in BUILDERS and len(args) == 1 else self.dynamic(node)
        return self.evaluate(args[0], depth + 1, seen)

    def _value_at(self, var: Var, use: Node, depth: int, seen: frozenset[int]) -> JavaText:
        """The text a local String or builder holds where ``use`` reads it: its
        initial value, then each assignment / ``+=`` / ``append`` before ``use``
        in source order.  One inside a branch that ``use`` is not in is a choice
        point (applied or not, an ``if`` and its ``else`` exclusive); one inside a
        loop appends an unknown part; any other change to a builder makes it unknown.
        """
        if len(var.assignments) + len(var.calls) > _MAX_CHANGES:
            return self.dynamic(use)  # a variable used as a scratch pad: not followed
        seen = seen | {var.node.id}
        out = self.evaluate(var.value, depth + 1, seen) if var.value is not None else self.dynamic(use)
        if var.value is None and var.node.type == "variable_declarator":
            out = JavaText()  # declared without a value: assigned before it is read
        events = sorted(
            [*var.assignments, *(self._chain_top(call) for call in var.calls)], key=lambda n: n.start_byte
        )
        around = self._ancestors(use)
        for event in events:
            if event.end_byte > use.start_byte:
                continue
            where = self._applies(event, around)
            if where is None:
                continue
            if where != "yes":
                # Runs any number of times, or maybe: what it sets or adds is not known.
                operator = event.child_by_field_name("operator")
                replaced = operator is not None and self.source(operator) == "="
                out = self.dynamic(event) if replaced else _append_dynamic(out, self, event)
                # Its literals are still part of this value (a connection consumes them).
                partial = self._apply(event, JavaText(), depth, seen)
                if partial is not None:
                    out.literals |= partial.literals
                continue
            changed = self._apply(event, out, depth, seen)
            if changed is None:
                return self.dynamic(use)
            out = changed
        return out

    def _apply(self, event: Node, before: JavaText, depth: int, seen: frozenset[int]) -> JavaText | None:
        """``before`` changed by one assignment or builder call chain (None: unknown)."""
        if event.type == "assignment_expression":
            operator = event.child_by_field_name("operator")
            right = event.child_by_field_name("right")
            if right is None or operator is None:
                return None
            op = self.source(operator)
            if op == "=":
                return self.evaluate(right, depth + 1, seen)
            if op == "+=":
                out = JavaText()
                out.extend(before)
                out.extend(self.evaluate(right, depth + 1, seen))
                return out
            return None
        # A chain of calls on the builder: sb.append(a).append(b)
        out = JavaText()
        out.extend(before)
        for call in self._chain_calls(event):
            name = call.child_by_field_name("name")
            called = self.source(name) if name is not None else ""
            if called in _BUILDER_CHANGES:
                return None
            if called == "append":
                args = arguments(call)
                if len(args) != 1:
                    return None
                out.extend(self.evaluate(args[0], depth + 1, seen))
        return out

    def _chain_top(self, call: Node) -> Node:
        """The outermost call of ``sb.append(a).append(b)…`` starting at ``call``."""
        current = call
        for _ in range(MAX_DEPTH):
            parent = self.symbols.parent(current)
            if parent is None or parent.type != "method_invocation":
                break
            obj = parent.child_by_field_name("object")
            if obj is None or obj.id != current.id:
                break
            current = parent
        return current

    def _chain_calls(self, top: Node) -> list[Node]:
        """The calls of a chain, innermost (first applied) first."""
        calls: list[Node] = []
        current: Node | None = top
        while current is not None and current.type == "method_invocation" and len(calls) < MAX_DEPTH:
            calls.append(current)
            current = current.child_by_field_name("object")
        calls.reverse()
        return calls

    def _ancestors(self, node: Node) -> set[int]:
        """Ids of ``node``'s ancestors up to its method (bounded)."""
        out: set[int] = set()
        current = self.symbols.parent(node)
        for _ in range(4 * MAX_DEPTH):
            if current is None:
                break
            out.add(current.id)
            if current.type in _ELSEWHERE:
                break
            current = self.symbols.parent(current)
        return out

    def _applies(self, event: Node, around: set[int]) -> str | None:
        """Whether a change before the use reaches it: ``"yes"``, ``"loop"`` (it
        runs an unknown number of times), ``"elsewhere"`` (in a lambda or
        another body), or None when the branch it is in is not taken (a choice
        point while enumerating; not enumerating, a branch is unknown: ``"elsewhere"``).
        """
        current = self.symbols.parent(event)
        inside = event
        for _ in range(4 * MAX_DEPTH):
            if current is None or current.id in around:
                return "yes"
            kind = current.type
            if kind in _LOOPS:
                return "loop"
            if kind in _ELSEWHERE:
                return "elsewhere"
            if kind in _CONDITIONAL:
                branch = self._choose(current.id)
                if branch is None:
                    return "elsewhere"
                taken = self._branch_of(current, inside)
                if taken != branch:
                    return None
            inside = current
            current = self.symbols.parent(current)
        return "elsewhere"

    def _branch_of(self, construct: Node, inside: Node) -> int:
        """0 when ``inside`` is an ``if``'s consequence (or any other construct's body), 1 in its ``else``."""
        if construct.type == "if_statement":
            alternative = construct.child_by_field_name("alternative")
            if alternative is not None and alternative.start_byte <= inside.start_byte < alternative.end_byte:
                return 1
        return 0

    def verbatim(self, node: Node) -> JavaText:
        """The node's source text as its value (numbers, booleans, names)."""
        out = JavaText()
        out.add(self.source(node), self.positions.point_at(node.start_byte))
        return out

    def _known_field(self, node: Node) -> JavaText | None:
        """``Boolean.TRUE`` / ``Boolean.FALSE`` as their string values."""
        source = self.source(node)
        if source in ("Boolean.TRUE", "Boolean.FALSE"):
            fld = node.child_by_field_name("field")
            if fld is None:
                return None
            out = JavaText()
            out.add(source.split(".")[1].lower(), self.positions.point_at(fld.start_byte))
            return out
        return None

    def _evaluate_call(self, node: Node, depth: int, seen: frozenset[int]) -> JavaText:
        name_node = node.child_by_field_name("name")
        obj = node.child_by_field_name("object")
        args = arguments(node)
        name = self.source(name_node) if name_node is not None else ""
        receiver = self.source(obj) if obj is not None else ""
        if name == "format" and receiver == "String" and args:
            if args[0].type in ("field_access", "identifier") and self.source(args[0]).startswith("Locale"):
                args = args[1:]  # String.format(Locale.ROOT, pattern, …)
            if not args:
                return self.dynamic(node)
            return self.format(self.evaluate(args[0], depth + 1, seen), args[1:], depth, seen)
        if name == "formatted" and obj is not None:
            return self.format(self.evaluate(obj, depth + 1, seen), args, depth, seen)
        if name == "format" and receiver in ("MessageFormat", "java.text.MessageFormat") and args:
            return self._message_format(self.evaluate(args[0], depth + 1, seen), args[1:], depth, seen)
        if name == "join" and receiver == "String" and len(args) >= 2:
            return self._join(node, args, depth, seen)
        if self.uri_builders and name in uri_builders.FINISHERS and not args and obj is not None:
            built = self._uri_built(node, depth, seen)
            if built is not None:
                return built
        if name == "append" and obj is not None and len(args) == 1 and self._is_builder(obj):
            out = self.evaluate(obj, depth + 1, seen)
            out.extend(self.evaluate(args[0], depth + 1, seen))
            return out
        if name == "toString" and not args and obj is not None and self._is_builder(obj):
            return self.evaluate(obj, depth + 1, seen)
        if (
            name in ("valueOf", "toString")
            and receiver in ("String", "Boolean", "Integer")
            and len(args) == 1
        ):
            return self.evaluate(args[0], depth + 1, seen)
        if name in ("name", "toString", "getKeyName") and not args and obj is not None:
            if obj.type == "field_access":
                # SslMode.DISABLED.name(), PropertyKey.sslMode.getKeyName(): the constant's name.
                fld = obj.child_by_field_name("field")
                if fld is not None:
                    return self._enum_string(obj, fld, name, depth, seen)
            if obj.type == "string_literal":
                return self.literal(obj)
        if name == "concat" and obj is not None and len(args) == 1:
            out = self.evaluate(obj, depth + 1, seen)
            out.extend(self.evaluate(args[0], depth + 1, seen))
            return out
        if obj is None or obj.type == "this":
            returned = self._returned(node, name, args, depth, seen)
            if returned is not None:
                return returned
        elif self.resolver is not None and names_a_url(name):
            # config.getURL("test"): a URL a method of another class of the project returns.
            url = returned_url(
                self.resolver, node, name, args, lambda arg: self.evaluate(arg, depth + 1, seen)
            )
            if url is not None:
                return url
        return self.dynamic(node)

    def _uri_built(self, call: Node, depth: int, seen: frozenset[int]) -> JavaText | None:
        """The URL a URI builder chain ending in ``call`` yields (``b.build().toString()``;
        :mod:`java_uri_builders`); None when the chain is not a URI builder's.
        """
        return uri_builders.built(self, call, depth, seen)

    def point(self, node: Node) -> tuple[int, int]:
        """The source (line, column) where ``node`` starts."""
        return self.positions.point_at(node.start_byte)

    def method_returns(self) -> Returns:
        """The methods of this file's classes read for what they return (made on first use)."""
        if self.returns is None:
            from connlint.frontends.java_returns import Returns

            self.returns = Returns(self.symbols, self.source)
        return self.returns

    def _returned(
        self, call: Node, name: str, args: list[Node], depth: int, seen: frozenset[int]
    ) -> JavaText | None:
        """A call of a method of this class whose body returns one expression
        (``getURL("test")``): that expression, its parameters bound to the
        call's arguments (``java_returns``); None when there is no such method.
        """
        found = self.method_returns().of(call, name, len(args))
        if found is None:
            return None
        expression, params = found
        if expression.id in seen:
            return None  # recursion
        with self.bound(dict(zip(params, args, strict=True)), call):
            return self.evaluate(expression, depth + 1, seen | {expression.id})

    def _enum_string(self, obj: Node, fld: Node, method: str, depth: int, seen: frozenset[int]) -> JavaText:
        """``X.C.name()`` / ``toString()`` / ``getKeyName()``: an enum constant's
        name, or its key (Connector/J's ``PropertyKey``: the constructor's first
        argument, read from the project when the class is there).
        """
        found = self.resolver.lookup(obj) if self.resolver is not None else None
        if found is not None and not found.enum:
            return self.evaluate(obj, depth + 1, seen)  # a constant holding an enum constant
        if found is not None and method == "toString" and found.custom_to_string:
            return self.dynamic(obj)
        key: str | None = None
        if method == "getKeyName":
            if found is not None:
                key = found.key_name
            elif self.source(obj).split(".")[-2:-1] == ["PropertyKey"]:
                from connlint.clients.connector_j import PROPERTY_KEY_NAMES

                key = PROPERTY_KEY_NAMES.get(self.source(fld))
        if key is None or key == self.source(fld):
            return self.verbatim(fld)
        out = JavaText()
        out.add_at(key, self.positions.point_at(fld.start_byte))
        return out

    def format(
        self,
        fmt: JavaText,
        args: list[Node] | None = None,
        depth: int = 0,
        seen: frozenset[int] = frozenset(),
    ) -> JavaText:
        """Return a ``String.format`` result: a ``%s`` / ``%d`` / ``%b`` conversion
        is its argument's value when that is known, any other a dynamic part.
        """
        args = args or []
        text = fmt.text
        out = JavaText(literals=set(fmt.literals), hops=list(fmt.hops))
        position = 0
        ordinary = 0  # the next argument of a conversion without an index
        previous = -1
        for match in _FORMAT_SPEC.finditer(text):
            out.extend(fmt.slice(position, match.start()))
            spec = match.group()
            if spec == "%%":
                out.add("%", fmt.point(match.start()))
            elif spec == "%n":
                out.add("\n", fmt.point(match.start()))
            else:
                index = _argument_index(spec, ordinary, previous)
                if index == ordinary:
                    ordinary += 1
                previous = index
                if _plain(spec) and 0 <= index < len(args):
                    out.extend(self.evaluate(args[index], depth + 1, seen))
                else:
                    out.add(DYNAMIC, fmt.point(match.start()))
            position = match.end()
        out.extend(fmt.slice(position, len(text)))
        return out

    def _message_format(
        self, pattern: JavaText, args: list[Node], depth: int, seen: frozenset[int]
    ) -> JavaText:
        """``MessageFormat.format(pattern, …)``: ``{n}`` is argument n when known, a
        ``{n,type}`` or an unknown one a dynamic part; ``''`` is a quote and text
        between single quotes is literal.
        """
        text = pattern.text
        out = JavaText(literals=set(pattern.literals), hops=list(pattern.hops))
        i = 0
        while i < len(text):
            char = text[i]
            if char == "'":
                if text.startswith("''", i):
                    out.add("'", pattern.point(i))
                    i += 2
                    continue
                close = text.find("'", i + 1)
                close = len(text) if close < 0 else close
                out.extend(pattern.slice(i + 1, close))
                i = close + 1
            elif char == "{":
                close = text.find("}", i)
                if close < 0:
                    return self._unknown_at(pattern, i, out)
                field_text = text[i + 1 : close].strip()
                if field_text.isdigit() and int(field_text) < len(args):
                    out.extend(self.evaluate(args[int(field_text)], depth + 1, seen))
                else:
                    out.add(DYNAMIC, pattern.point(i))
                i = close + 1
            else:
                stop = min((j for j in (text.find("'", i), text.find("{", i)) if j >= 0), default=len(text))
                out.extend(pattern.slice(i, stop))
                i = stop
        return out

    def _unknown_at(self, text: JavaText, index: int, out: JavaText) -> JavaText:
        out.add(DYNAMIC, text.point(index))
        return out

    def _join(self, node: Node, args: list[Node], depth: int, seen: frozenset[int]) -> JavaText:
        """``String.join(separator, a, b, …)`` and ``String.join(separator, List.of(a, b))``."""
        elements = args[1:]
        if len(elements) == 1:
            only = elements[0]
            name = only.child_by_field_name("name") if only.type == "method_invocation" else None
            if name is not None and self.source(name) in ("of", "asList"):
                elements = arguments(only)
            elif only.type not in ("string_literal", "binary_expression"):
                return self.dynamic(node)
        separator = self.evaluate(args[0], depth + 1, seen)
        out = JavaText()
        for i, element in enumerate(elements):
            if i:
                out.extend(separator)
            out.extend(self.evaluate(element, depth + 1, seen))
        return out

    def flows(self, assignment: Node) -> bool:
        """Whether an assignment sets a local whose value :meth:`evaluate` follows."""
        return self._flowing(assignment) is not None

    def _flowing(self, assignment: Node) -> Var | None:
        left = assignment.child_by_field_name("left")
        if left is None or left.type != "identifier":
            return None
        var = self.symbols.resolve(left)
        if var is None or var.is_field or var.updated:
            return None
        return var

    def builds_string(self, call: Node) -> bool:
        """Whether a call's value is built from its receiver and arguments as
        text (``concat``, ``String.join``, ``MessageFormat.format``, a builder's
        ``append`` / ``toString``), as :meth:`evaluate` reads it.
        """
        name_node = call.child_by_field_name("name")
        obj = call.child_by_field_name("object")
        if name_node is None or obj is None:
            return False
        name = self.source(name_node)
        if name == "concat":
            return True
        if name == "join":
            return self.source(obj) == "String"
        if name == "format":
            return self.source(obj) in ("MessageFormat", "java.text.MessageFormat")
        return name in ("append", "toString") and self._is_builder(obj)

    def _is_builder(self, node: Node) -> bool:
        """Whether ``node`` is a StringBuilder / StringBuffer: a new one, a variable
        of that type, or an ``append`` chain on one.
        """
        current: Node | None = node
        for _ in range(MAX_DEPTH):
            if current is None:
                return False
            if current.type == "object_creation_expression":
                created = current.child_by_field_name("type")
                return created is not None and self.source(created) in BUILDERS
            if current.type == "identifier":
                var = self.symbols.resolve(current)
                return var is not None and var.type in BUILDERS
            if current.type != "method_invocation":
                return False
            name = current.child_by_field_name("name")
            if name is None or self.source(name) != "append":
                return False
            current = current.child_by_field_name("object")
        return False

    # -- settings -----------------------------------------------------------


def _argument_index(spec: str, ordinary: int, previous: int) -> int:
    """The argument a ``String.format`` conversion takes: ``%2$s`` the second,
    ``%<s`` the previous one's, any other the next ordinary one.
    """
    if "$" in spec:
        digits = spec[1 : spec.index("$")]
        return int(digits) - 1 if digits.isdigit() else -1
    if spec.startswith("%<"):
        return previous
    return ordinary


def _plain(spec: str) -> bool:
    """A conversion that prints its argument as written: ``%s``, ``%d``, ``%b``
    without flags, width or precision (``%2$s`` and ``%<s`` too).
    """
    if spec[-1] not in "sdb":
        return False
    middle = spec[1:-1]
    if "$" in middle:
        middle = middle[middle.index("$") + 1 :]
    return middle in ("", "<")


def _append_dynamic(text: JavaText, evaluator: Evaluator, at: Node) -> JavaText:
    """``text`` followed by an unknown part (a loop appended to it)."""
    out = JavaText()
    out.extend(text)
    out.extend(evaluator.dynamic(at))
    return out
