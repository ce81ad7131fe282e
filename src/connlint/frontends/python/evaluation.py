"""Evaluation for the Python front-end: what a name or expression stands for
(through the bindings pass 1 recorded), located strings built from literals,
concatenation and formatting, dicts and ``ssl`` contexts with the changes made
to them, and the flattening of a value into located settings.

Conventions of the settings (``Candidate.settings``) are described in
:mod:`connlint.frontends.python`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import libcst as cst

from connlint.frontends.python.bindings import Binding, Collector, Mutation, Scope, subscript_key
from connlint.frontends.python.literals import (
    decode_body,
    decode_literal,
    describe_dynamic,
    format_fields,
    join,
    mask,
    percent_fields,
)
from connlint.frontends.python.positions import Positions
from connlint.frontends.python.values import (
    Const,
    ContextValue,
    DictValue,
    Entry,
    Env,
    Event,
    SeqValue,
    Str,
    Unknown,
    Value,
)
from connlint.model import DYNAMIC, Location, Secret, Setting, Span

#: Environment reads: value unknown, ``unknown`` names the variable.
ENV_GET_CALLS: frozenset[str] = frozenset({"os.getenv", "os.environ.get"})

#: ssl context factories -> the ``created_by`` value (Python ``ssl`` module docs).
SSL_CONTEXT_FACTORIES: dict[str, str] = {
    "ssl.create_default_context": "create_default_context",
    "ssl.SSLContext": "SSLContext",
    "ssl._create_unverified_context": "_create_unverified_context",
    "ssl._create_default_https_context": "create_default_context",
}

#: Attributes of an SSLContext whose assignment matters, and the setting they become.
SSL_CONTEXT_ATTRIBUTES: frozenset[str] = frozenset(
    {"check_hostname", "verify_mode", "minimum_version", "maximum_version"}
)

#: Keyword names whose literal value is a password (wrapped in Secret at once).
PASSWORD_KEYS: frozenset[str] = frozenset({"password", "passwd", "PASSWORD"})

#: Modules whose ``from X import *`` may bring a driver call into scope.
STAR_MODULES = frozenset(
    {"pymysql", "MySQLdb", "mysql", "aiomysql", "asyncmy", "mariadb", "sqlalchemy", "ssl", "os"}
)

MAX_DEPTH = 12


class Evaluator(Positions):
    """Values of the expressions of one module, located on demand."""

    def __init__(self, path: str, module: cst.Module, collector: Collector) -> None:
        super().__init__(path, module, collector.top_of)
        self.collector = collector
        self.consumed: set[int] = set()  # ids of string and call nodes already reported
        self._qualnames: dict[int, str | None] = {}

    # -- names
    def lookup(self, name: str, scope: Scope, order: int) -> Binding | None:
        """The binding ``name`` refers to at ``order`` in ``scope`` (None when unbound)."""
        current: Scope | None = self.collector.module_scope if name in scope.globals else scope
        first = True
        while current is not None:
            if current.kind == "class" and not first:
                current = current.parent
                continue
            candidates = [b for b in current.bindings.get(name, ()) if not is_none(b.value)]
            if candidates:
                if first:
                    before = [b for b in candidates if b.order < order]
                    return before[-1] if before else candidates[-1]
                return candidates[-1]
            if current.bindings.get(name):
                return None  # only ``name = None`` fallbacks
            first = False
            current = current.parent
        for star in self.collector.module_scope.stars:
            if star.split(".", 1)[0] in STAR_MODULES:
                return Binding(0, self.collector.module_scope, f"{star}.{name}")
        return None

    def qualname_of(self, node: cst.BaseExpression, scope: Scope, order: int, depth: int = 0) -> str | None:
        """The dotted name ``node`` stands for through imports and aliases (None if not known)."""
        key = id(node)
        if key in self._qualnames:
            return self._qualnames[key]
        result: str | None = None
        if depth > MAX_DEPTH:
            return None
        if isinstance(node, cst.Name):
            binding = self.lookup(node.value, scope, order)
            if binding is not None:
                if binding.qualname is not None:
                    result = binding.qualname
                elif isinstance(binding.value, cst.Name | cst.Attribute):
                    # ``connect = pymysql.connect`` (an alias by assignment)
                    result = self.qualname_of(binding.value, binding.scope, binding.order, depth + 1)
        elif isinstance(node, cst.Attribute):
            head = self.qualname_of(node.value, scope, order, depth + 1)
            result = None if head is None else f"{head}.{node.attr.value}"
        self._qualnames[key] = result
        return result

    # -- evaluation
    def evaluate(self, node: cst.BaseExpression, scope: Scope, order: int, depth: int = 0) -> Value:
        """What ``node`` stands for, as far as the source says statically."""
        if depth > MAX_DEPTH:
            return Unknown(self.code(node))
        if isinstance(node, cst.BaseString | cst.BinaryOperation) or is_format_call(node):
            span = self.string_span(node, scope, order, depth)
            if span is not None:
                return span
        if isinstance(node, cst.Integer | cst.Float | cst.Imaginary):
            return Const(node.value)
        if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
            inner = self.evaluate(node.expression, scope, order, depth + 1)
            if isinstance(inner, Const):
                return Const("-" + inner.text)
        if isinstance(node, cst.Name):
            if node.value in ("True", "False", "None"):
                return Const(node.value)
            binding = self.lookup(node.value, scope, order)
            if binding is None:
                return Unknown(node.value)
            if binding.value is not None:
                value = self.evaluate(binding.value, binding.scope, binding.order, depth + 1)
                return self._with_mutations(value, node.value, binding, scope, order, depth)
            if binding.qualname is not None:
                return self._constant_name(binding.qualname)
            return Unknown(node.value)
        if isinstance(node, cst.Attribute):
            name = self.qualname_of(node, scope, order)
            if name is not None and name.startswith("ssl."):
                return Const(name.rsplit(".", 1)[-1])
            return Unknown(self.code(node))
        if isinstance(node, cst.Subscript):
            return self._subscript(node, scope, order, depth)
        if isinstance(node, cst.Dict):
            return self._dict(node.elements, scope, order, depth)
        if isinstance(node, cst.List | cst.Tuple | cst.Set):
            items: list[Value] = []
            for element in node.elements:
                if isinstance(element, cst.StarredElement):
                    items.append(Unknown(self.code(element)))
                else:
                    items.append(self.evaluate(element.value, scope, order, depth + 1))
            return SeqValue(tuple(items))
        if isinstance(node, cst.Call):
            return self._call_value(node, scope, order, depth)
        return Unknown(self.code(node))

    def _constant_name(self, qualname: str) -> Value:
        if qualname.startswith("ssl."):
            return Const(qualname.rsplit(".", 1)[-1])
        if qualname in ("os.environ",):
            return Unknown("os.environ")
        return Unknown(qualname)

    def _subscript(self, node: cst.Subscript, scope: Scope, order: int, depth: int) -> Value:
        base = self.qualname_of(node.value, scope, order)
        key = subscript_key(node)
        if base == "os.environ":
            return Env(
                f"os.environ[{key!r}]" if key is not None else f"os.environ[{self.code(node.slice[0])}]"
            )
        if key is not None:
            container = self.evaluate(node.value, scope, order, depth + 1)
            if isinstance(container, DictValue):
                for entry in reversed(container.entries):
                    if entry.key == key:
                        return self.evaluate(entry.value, entry.scope, entry.order, depth + 1)
        return Unknown(self.code(node))

    def _call_value(self, node: cst.Call, scope: Scope, order: int, depth: int) -> Value:
        name = self.qualname_of(node.func, scope, order)
        if name in ENV_GET_CALLS:
            first = positional(node, 0) or keyword_arg(node, "key")
            if first is not None and isinstance(first.value, cst.SimpleString):
                var = first.value.evaluated_value
                return Env(f"os.environ[{var!r}]")
            return Env("os.environ[...]")
        if name is not None and name in SSL_CONTEXT_FACTORIES:
            return ContextValue(
                tuple(self._context_creation(node, SSL_CONTEXT_FACTORIES[name], scope, order, depth))
            )
        if (
            isinstance(node.func, cst.Name)
            and node.func.value == "dict"
            and self.lookup("dict", scope, order) is None
        ):
            return self.dict_call(node, scope, order, depth)
        return Unknown(self.code(node))

    def _dict(
        self, elements: Sequence[cst.BaseDictElement], scope: Scope, order: int, depth: int
    ) -> DictValue:
        entries: list[Entry] = []
        spread: list[str] = []
        for element in elements:
            if isinstance(element, cst.DictElement):
                key = self.evaluate(element.key, scope, order, depth + 1)
                if isinstance(key, Str) and not key.span.dynamic:
                    entries.append(Entry(key.span.text, element.value, scope, order, element))
            elif isinstance(element, cst.StarredDictElement):
                inner = self.evaluate(element.value, scope, order, depth + 1)
                if isinstance(inner, DictValue):
                    entries.extend(inner.entries)
                    spread.extend(inner.spread)
                else:
                    spread.append(self.code(element))
        return DictValue(tuple(entries), tuple(spread))

    def dict_call(self, node: cst.Call, scope: Scope, order: int, depth: int) -> Value:
        """The dict ``dict(...)`` (or ``x.update(...)``) builds from its arguments."""
        entries: list[Entry] = []
        spread: list[str] = []
        for arg in node.args:
            if arg.keyword is not None:
                entries.append(Entry(arg.keyword.value, arg.value, scope, order, arg))
            else:
                inner = self.evaluate(arg.value, scope, order, depth + 1)
                if isinstance(inner, DictValue):
                    entries[:0] = inner.entries
                    spread.extend(inner.spread)
                else:
                    spread.append(self.code(arg))
        return DictValue(tuple(entries), tuple(spread))

    def _with_mutations(
        self, value: Value, name: str, binding: Binding, scope: Scope, order: int, depth: int
    ) -> Value:
        """Apply ``name[...] = v``, ``name.update(...)`` and ssl context steps made after ``binding``."""
        if not isinstance(value, DictValue | ContextValue):
            return value
        same_scope = binding.scope is scope
        steps = [
            m
            for m in binding.scope.mutations.get(name, ())
            if m.order > binding.order and (not same_scope or m.order < order)
        ]
        if not steps:
            return value
        if isinstance(value, DictValue):
            entries = list(value.entries)
            spread = list(value.spread)
            for m in steps:
                if m.kind == "item" and m.value is not None:
                    entries.append(Entry(m.member, m.value, binding.scope, m.order, m.node))
                elif m.kind == "call" and m.member == "update" and m.call is not None:
                    inner = self.dict_call(m.call, binding.scope, m.order, depth + 1)
                    assert isinstance(inner, DictValue)
                    entries.extend(inner.entries)
                    spread.extend(inner.spread)
            return DictValue(tuple(entries), tuple(spread))
        events = list(value.events)
        for m in steps:
            events.extend(self._context_step(m, binding.scope, depth))
        return ContextValue(tuple(events))

    # -- ssl contexts
    def _context_creation(
        self, node: cst.Call, created_by: str, scope: Scope, order: int, depth: int
    ) -> Iterator[Event]:
        yield Event("created_by", Const(created_by), node)
        if created_by == "SSLContext":
            protocol = positional(node, 0) or keyword_arg(node, "protocol")
            if protocol is not None:
                yield Event("protocol", self.evaluate(protocol.value, scope, order, depth + 1), protocol)
        for what in ("cafile", "capath", "cadata"):
            arg = keyword_arg(node, what)
            if arg is not None:
                yield Event(what, self.evaluate(arg.value, scope, order, depth + 1), arg)

    def _context_step(self, m: Mutation, scope: Scope, depth: int) -> Iterator[Event]:
        if m.kind == "attr" and m.member in SSL_CONTEXT_ATTRIBUTES and m.value is not None:
            yield Event(m.member, self.evaluate(m.value, scope, m.order, depth + 1), m.node)
        elif m.kind == "call" and m.call is not None:
            if m.member == "load_verify_locations":
                for index, what in enumerate(("cafile", "capath", "cadata")):
                    arg = positional(m.call, index) or keyword_arg(m.call, what)
                    if arg is not None:
                        yield Event(what, self.evaluate(arg.value, scope, m.order, depth + 1), m.call)
            elif m.member in ("load_default_certs", "set_default_verify_paths"):
                yield Event("load_default_certs", Const("True"), m.call)

    # -- strings with locations
    def string_span(self, node: cst.BaseExpression, scope: Scope, order: int, depth: int = 0) -> Str | None:
        """A located string for a literal, concatenation or format call (None if not a string)."""
        if isinstance(node, cst.SimpleString):
            if "b" in node.prefix.lower():
                return None
            r = self.position(node) if self.located else None
            if r is None:
                return None
            text, pieces = decode_literal(node.value, r.start.line, r.start.column + 1)
            return Str(Span(text, self.path, pieces), (id(node),))
        if isinstance(node, cst.ConcatenatedString):
            left = self.string_span(node.left, scope, order, depth + 1)
            right = self.string_span(node.right, scope, order, depth + 1)
            if left is None or right is None:
                return None
            return Str(join(left.span, right.span), (id(node), *left.nodes, *right.nodes))
        if isinstance(node, cst.FormattedString):
            return self._fstring(node)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
            lvalue = self.evaluate(node.left, scope, order, depth + 1)
            rvalue = self.evaluate(node.right, scope, order, depth + 1)
            if not isinstance(lvalue, Str) and not isinstance(rvalue, Str):
                return None
            lspan = lvalue.span if isinstance(lvalue, Str) else self.dynamic_at(node.left)
            rspan = rvalue.span if isinstance(rvalue, Str) else self.dynamic_at(node.right)
            nodes = (lvalue.nodes if isinstance(lvalue, Str) else ()) + (
                rvalue.nodes if isinstance(rvalue, Str) else ()
            )
            return Str(join(lspan, rspan), nodes)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Modulo):
            template = self.evaluate(node.left, scope, order, depth + 1)
            if isinstance(template, Str):
                return Str(mask(template.span, percent_fields), template.nodes)
            return None
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            base = self.evaluate(node.func.value, scope, order, depth + 1)
            if isinstance(base, Str):
                return Str(mask(base.span, format_fields), base.nodes)
        return None

    def dynamic_at(self, node: cst.CSTNode) -> Span:
        """A value not known statically, standing where ``node`` starts."""
        where = self.loc(node)
        return Span.at(DYNAMIC, self.path, where.line, where.column)

    def _fstring(self, node: cst.FormattedString) -> Str | None:
        if "b" in node.prefix.lower():
            return None
        raw = "r" in node.prefix.lower()
        spans: list[Span] = []
        for part in node.parts:
            where = self.loc(part)
            if isinstance(part, cst.FormattedStringText):
                text, pieces = decode_body(part.value, where.line, where.column, raw=raw, fstring=True)
                spans.append(Span(text, self.path, pieces))
            else:
                spans.append(Span.at(DYNAMIC, self.path, where.line, where.column))
        if not spans:
            where = self.loc(node)
            return Str(Span.at("", self.path, where.line, where.column), (id(node),))
        span = spans[0]
        for more in spans[1:]:
            span = join(span, more)
        return Str(span, (id(node),))

    # -- settings
    def settings(self, key: str, value: Value, at: cst.CSTNode, depth: int = 0) -> list[Setting]:
        """Flatten ``key = value`` (located at ``at``) into settings."""
        location = self.loc(at)
        if depth > MAX_DEPTH:
            return [Setting(key, None, location, unknown="nested too deep")]
        if isinstance(value, DictValue):
            out: list[Setting] = []
            for entry in value.entries:
                inner = self.evaluate(entry.value, entry.scope, entry.order, depth + 1)
                out.extend(self.settings(f"{key}.{entry.key}", inner, entry.node, depth + 1))
            out.extend(
                Setting(f"{key}.**", None, location, source=spread, unknown=spread) for spread in value.spread
            )
            return out
        if isinstance(value, ContextValue):
            return [
                self.single(
                    f"{key}.context.{event.what}", event.value, self.loc(event.node), self.code(event.node)
                )
                for event in value.events
            ]
        return [self.single(key, value, location, self._source(key, at))]

    def _source(self, key: str, at: cst.CSTNode) -> str:
        last = key.rsplit(".", 1)[-1]
        if last in PASSWORD_KEYS:
            return f"{last}=***"
        return self.code(at)

    def single(self, key: str, value: Value, location: Location, source: str) -> Setting:
        """One setting for a value that is not a dict or a context."""
        last = key.rsplit(".", 1)[-1]
        if isinstance(value, Str):
            if value.span.dynamic:
                return Setting(
                    key,
                    None if last in PASSWORD_KEYS else value.span.text,
                    location,
                    source,
                    value.span,
                    unknown=describe_dynamic(value.span.text),
                )
            if last in PASSWORD_KEYS:
                return Setting(key, Secret(value.span.text, value.span), location, source, value.span)
            return Setting(key, value.span.text, location, source, value.span)
        if isinstance(value, Const):
            return Setting(key, value.text, location, source)
        if isinstance(value, Env):
            return Setting(key, None, location, source, unknown=value.name)
        if isinstance(value, SeqValue):
            texts: list[str] = []
            for item in value.items:
                if isinstance(item, Str) and not item.span.dynamic:
                    texts.append(item.span.text)
                elif isinstance(item, Const):
                    texts.append(item.text)
                else:
                    texts.append(DYNAMIC)
            return Setting(key, ",".join(texts), location, source)
        if isinstance(value, Unknown):
            return Setting(key, None, location, source, unknown=value.text)
        return Setting(key, None, location, source, unknown=source)

    def call_settings(
        self, node: cst.Call, scope: Scope, order: int, names: Sequence[str] = ()
    ) -> list[Setting]:
        """The keyword (and known positional) arguments of a call, flattened."""
        out: list[Setting] = []
        index = 0
        for arg in node.args:
            if arg.keyword is not None:
                value = self.evaluate(arg.value, scope, order)
                out.extend(self.settings(arg.keyword.value, value, arg))
            elif arg.star == "**":
                value = self.evaluate(arg.value, scope, order)
                if isinstance(value, DictValue):
                    for entry in value.entries:
                        inner = self.evaluate(entry.value, entry.scope, entry.order)
                        out.extend(self.settings(entry.key, inner, entry.node))
                    out.extend(Setting("**", None, self.loc(arg), s, unknown=s) for s in value.spread)
                else:
                    text = self.code(arg)
                    out.append(Setting("**", None, self.loc(arg), text, unknown=text))
            elif arg.star == "":
                if index < len(names):
                    value = self.evaluate(arg.value, scope, order)
                    out.extend(self.settings(names[index], value, arg))
                index += 1
        return out


def is_none(value: cst.BaseExpression | None) -> bool:
    """True for the name ``None``."""
    return isinstance(value, cst.Name) and value.value == "None"


def is_format_call(node: cst.BaseExpression) -> bool:
    """True for ``"...".format(...)`` or ``name.format(...)``."""
    return (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == "format"
        and isinstance(node.func.value, cst.BaseString | cst.Name)
    )


def positional(node: cst.Call, index: int) -> cst.Arg | None:
    """The ``index``-th positional argument of a call (None after a ``*args``)."""
    plain = [arg for arg in node.args if arg.keyword is None and arg.star == ""]
    if any(arg.star == "*" for arg in node.args[: index + 1]):
        return None
    return plain[index] if index < len(plain) else None


def keyword_arg(node: cst.Call, name: str) -> cst.Arg | None:
    """The keyword argument ``name`` of a call."""
    for arg in node.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg
    return None
