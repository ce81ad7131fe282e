"""Evaluation for the Python front-end: what an expression stands for, as far
as the source says statically: located strings built from literals,
concatenation and formatting, dicts and ``ssl`` contexts with the changes made
to them after they were bound.  Names are resolved by
:class:`~connlint.frontends.python.names.Names`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence

import libcst as cst

from connlint.frontends.python.bindings import Binding, Mutation, Scope, subscript_key
from connlint.frontends.python.branches import deciding_step
from connlint.frontends.python.literals import (
    decode_body,
    decode_literal,
    format_fields,
    join,
    percent_fields,
    stationary,
    substitute,
)
from connlint.frontends.python.names import (
    END,
    MAX_DEPTH,
    STAR_MODULES,
    Names,
    import_label,
    keyword_arg,
    positional,
)
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
from connlint.model import DYNAMIC, Hop, Location, Span

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


#: Calls that join path parts (POSIX: ``/``); pathlib's constructors take parts too.
PATH_JOIN_CALLS: frozenset[str] = frozenset(
    {
        "os.path.join",
        "posixpath.join",
        "pathlib.Path",
        "pathlib.PurePath",
        "pathlib.PosixPath",
        "pathlib.PurePosixPath",
    }
)

#: Calls and methods that give a path's own text (``os.fspath(p)``, ``p.as_posix()``).
PATH_SAME_CALLS: frozenset[str] = frozenset({"os.fspath"})
PATH_SAME_METHODS: frozenset[str] = frozenset({"as_posix", "__fspath__"})


class Evaluator(Names):
    """Values of the expressions of one module, located on demand."""

    def evaluate(self, node: cst.BaseExpression, scope: Scope, order: int, depth: int = 0) -> Value:
        """What ``node`` stands for, as far as the source says statically."""
        if scope.top is not self.collector.module_scope:  # a value of another module
            other = self._owners.get(id(scope.top))
            if other is not None and other is not self:
                return other.evaluate(node, scope, order, depth)
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
            binding = self.lookup(node.value, scope, order, branches=True)
            if binding is None:
                return Unknown(node.value)
            if binding.value is not None:
                value = self.evaluate(binding.value, binding.scope, binding.order, depth + 1)
                return self._with_mutations(value, node.value, binding, scope, order, depth)
            if binding.loop is not None:
                return self._loop_value(binding, node.value, depth)
            if binding.source is not None:
                imported = self._from_import(binding.source, node, depth)
                if imported is not None:
                    return imported
            if binding.qualname is not None:
                return self._constant_name(binding.qualname)
            argument = self.arguments.get(id(binding))
            if argument is not None:  # a helper's parameter, bound to a call's argument
                value = self.evaluate(argument[0], argument[1], argument[2], depth + 1)
                return self._with_mutations(value, node.value, binding, scope, order, depth)
            if node.value in binding.scope.params:
                self.params_met[id(binding)] = binding
            return Unknown(node.value)
        if isinstance(node, cst.Attribute):
            name = self.qualname_of(node, scope, order)
            if name is not None and name.startswith("ssl."):
                return Const(name.rsplit(".", 1)[-1])
            member = self._member(node, scope, order, depth)
            if member is None:
                member = self._module_attribute(node, scope, order, depth)
            return Unknown(self.code(node)) if member is None else member
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
            return SeqValue(tuple(items), tuple(element.value for element in node.elements))
        if isinstance(node, cst.Call):
            return self._call_value(node, scope, order, depth)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide):
            # ``CERTS / "ca.pem"``: a str has no ``/``, so a string operand is a pathlib path.
            joined = self._path_join([node.left, node.right], scope, order, depth)
            if joined is not None:
                return joined
        if isinstance(node, cst.IfExp):
            # ``{"ca": CA} if prod else None``: both arms are outcomes (as an ``if`` statement's).
            arms = [(node.body, scope, order), (node.orelse, scope, order)]
            return self.choose(id(node), arms, order, depth, self.code(node))
        return Unknown(self.code(node))

    def _from_import(self, source: tuple[str, int, str], at: cst.CSTNode, depth: int) -> Value | None:
        """The value of ``from <module> import <name>`` when the module is a file of the project."""
        module, level, name = source
        other = self.imported(module, level)
        found = None if other is None else other.module_value(name, depth)
        if found is None:
            return None
        value, origin = found
        if isinstance(value, DictValue) and id(at) not in self.top_of:
            # Read for another module, which re-exports it (see below).
            where = origin or value.exported_at
            if where is None:
                return value
            hop = Hop(where, f"via {import_label(source)}")
            return dataclasses.replace(value, trail=(*value.trail, hop), exported_at=None)
        if isinstance(value, Str) and id(at) not in self.top_of and value.span.path != self.path:
            # Read for another module (``module_value``): this one re-exports it.  The
            # step into this module is a hop (``via .settings.DB_URL`` at its
            # definition); the module that uses the name places the value.
            return Str(
                value.span,
                value.nodes,
                (*value.trail, Hop(origin or value.span.locate(), f"via {import_label(source)}")),
            )
        return self._arrived(value, at, import_label(source), origin)

    def _module_attribute(self, node: cst.Attribute, scope: Scope, order: int, depth: int) -> Value | None:
        """``settings.X`` of a module of the project (``import pkg.settings as settings``,
        ``from pkg import settings``), or ``Config.X`` of a class imported from one.
        """
        if not isinstance(node.value, cst.Name):
            qualname = self.qualname_of(node.value, scope, order)
            target = None if qualname is None else (qualname, 0)
            owner_name = None
        else:
            binding = self.lookup(node.value.value, scope, order)
            if binding is None or binding.value is not None:
                return None
            if binding.source is not None:
                module, level, owner_name = binding.source
                target = (f"{module}.{owner_name}" if module else owner_name, level)
            elif binding.qualname is not None:
                target, owner_name = (binding.qualname, 0), None
            else:
                return None
        if target is None or target[0].split(".", 1)[0] in STAR_MODULES:
            return None
        other = self.imported(*target)
        found_here = None if other is None else other.module_value(node.attr.value, depth)
        value, origin = found_here if found_here is not None else (None, None)
        if value is None and owner_name is not None and isinstance(node.value, cst.Name):
            # ``from pkg.config import Config``: ``Config.SSL`` is a class attribute there.
            binding = self.lookup(node.value.value, scope, order)
            assert binding is not None and binding.source is not None
            module, level, _ = binding.source
            other = self.imported(module, level)
            if other is not None:
                found = other.evaluate(
                    cst.Attribute(cst.Name(owner_name), attr=node.attr),
                    other.collector.module_scope,
                    END,
                    depth + 1,
                )
                value = None if isinstance(found, Unknown) else found
        return None if value is None else self._arrived(value, node, self.code(node), origin)

    def _arrived(self, value: Value, at: cst.CSTNode, label: str, origin: Location | None = None) -> Value:
        """A string from another module, standing at the name that refers to it
        here, with the place it was assigned (``origin``) as a hop.
        """
        if not isinstance(value, Str) or value.span.path == self.path or id(at) not in self.top_of:
            return value  # (a re-export: the module that names it places it)
        where = self.loc(at)
        hop = Hop(origin or value.span.locate(), f"via {label}")
        span = stationary(value.span.text, self.path, where.line, where.column)
        # Every step of the string's text stands here, at the name (see Hop.at).
        return Str(span, (), tuple(dataclasses.replace(h, at=where) for h in (*value.trail, hop)))

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
        index = _index(node)
        if index is not None:
            # ``self.databases[0]`` of a literal list: that item.
            items = self.evaluate(node.value, scope, order, depth + 1)
            if isinstance(items, SeqValue) and -len(items.items) <= index < len(items.items):
                return items.items[index]
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
        if name in PATH_JOIN_CALLS and node.args and not any(arg.star or arg.keyword for arg in node.args):
            joined = self._path_join([arg.value for arg in node.args], scope, order, depth)
            if joined is not None:
                return joined
        if name in PATH_SAME_CALLS or (
            isinstance(node.func, cst.Name)
            and node.func.value == "str"
            and self.lookup("str", scope, order) is None
        ):
            first = positional(node, 0)
            if first is not None and len(node.args) == 1:
                inner = self.evaluate(first.value, scope, order, depth + 1)
                if isinstance(inner, Str):
                    return inner
        if (
            isinstance(node.func, cst.Attribute)
            and node.func.attr.value in PATH_SAME_METHODS
            and not node.args
        ):
            inner = self.evaluate(node.func.value, scope, order, depth + 1)
            if isinstance(inner, Str):
                return inner
        copied = self._copied(node, name, scope, order, depth)
        if copied is not None:
            return copied
        returned = self._returned(node, scope, order, depth)
        return Unknown(self.code(node)) if returned is None else returned

    def _path_join(
        self, parts: Sequence[cst.BaseExpression], scope: Scope, order: int, depth: int
    ) -> Str | None:
        """``os.path.join(*parts)`` or a pathlib path of them (POSIX): the parts
        joined by ``/``, an absolute part starting afresh, a part not known
        statically a dynamic part where it is written (a CA path known but for
        its base directory); None when no part is a string.
        """
        if not self.located:
            return None
        values = [self.evaluate(part, scope, order, depth + 1) for part in parts]
        if not any(isinstance(v, Str) for v in values):
            return None
        span: Span | None = None
        nodes: list[int] = []
        trail: list[Hop] = []
        for part, value in zip(parts, values, strict=True):
            if isinstance(value, Str):
                piece = value.span
                nodes.extend(value.nodes)
                trail.extend(value.trail)
            else:
                piece = self.dynamic_at(part)
            if span is None or piece.text.startswith("/"):
                span = piece
            elif not piece.text:
                continue
            else:
                if not span.text.endswith("/"):
                    where = self.loc(part)
                    span = join(span, stationary("/", self.path, where.line, where.column))
                span = join(span, piece)
        assert span is not None
        return Str(span, tuple(nodes), tuple(trail))

    def _dict(
        self,
        elements: Sequence[cst.BaseDictElement],
        scope: Scope,
        order: int,
        depth: int,
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
        self,
        value: Value,
        name: str,
        binding: Binding,
        scope: Scope,
        order: int,
        depth: int,
    ) -> Value:
        """Apply ``name[...] = v``, ``name.update(...)`` and ssl context steps made after ``binding``."""
        if not isinstance(value, DictValue | ContextValue):
            return value
        same_scope = binding.scope is scope
        steps = [
            (m, binding.scope)
            for m in binding.scope.mutations.get(name, ())
            if m.order > binding.order
            and (not same_scope or m.order < order)
            and (not deciding_step(m) or self.taken(binding.scope, m.order, order, binding.order))
        ]
        return self._apply(value, steps, depth)

    def _apply(self, value: Value, steps: Sequence[tuple[Mutation, Scope]], depth: int) -> Value:
        """``value`` after the changes ``steps`` made to it, in order."""
        if not steps or not isinstance(value, DictValue | ContextValue):
            return value
        if isinstance(value, DictValue):
            entries = list(value.entries)
            spread = list(value.spread)
            for m, scope in steps:
                if m.kind == "item" and m.value is not None:
                    entries.append(Entry(m.member, m.value, scope, m.order, m.node))
                elif m.kind == "any-item":
                    spread.append(self.code(m.node))
                elif m.kind == "del":
                    entries = [e for e in entries if e.key != m.member]
                elif m.kind == "call" and m.call is not None:
                    if m.member == "update":
                        inner = self.dict_call(m.call, scope, m.order, depth + 1)
                        assert isinstance(inner, DictValue)
                        entries.extend(inner.entries)
                        spread.extend(inner.spread)
                    elif m.member == "pop":
                        key = positional(m.call, 0)
                        if key is not None and isinstance(key.value, cst.SimpleString):
                            entries = [e for e in entries if e.key != key.value.evaluated_value]
                    elif m.member == "clear":
                        entries, spread = [], []
            return DictValue(tuple(entries), tuple(spread))
        events = list(value.events)
        for m, scope in steps:
            events.extend(self._context_step(m, scope, depth))
        return ContextValue(tuple(events))

    def _context_creation(
        self, node: cst.Call, created_by: str, scope: Scope, order: int, depth: int
    ) -> Iterator[Event]:
        yield Event("created_by", Const(created_by), node)
        if created_by == "SSLContext":
            protocol = positional(node, 0) or keyword_arg(node, "protocol")
            if protocol is not None:
                yield Event(
                    "protocol",
                    self.evaluate(protocol.value, scope, order, depth + 1),
                    protocol,
                )
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
                        yield Event(
                            what,
                            self.evaluate(arg.value, scope, m.order, depth + 1),
                            m.call,
                        )
            elif m.member in ("load_default_certs", "set_default_verify_paths"):
                yield Event("load_default_certs", Const("True"), m.call)

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
            return Str(
                join(left.span, right.span), (id(node), *left.nodes, *right.nodes), left.trail + right.trail
            )
        if isinstance(node, cst.FormattedString):
            return self._fstring(node, scope, order, depth)
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
            trail = (lvalue.trail if isinstance(lvalue, Str) else ()) + (
                rvalue.trail if isinstance(rvalue, Str) else ()
            )
            return Str(join(lspan, rspan), nodes, trail)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Modulo):
            template = self.evaluate(node.left, scope, order, depth + 1)
            if not isinstance(template, Str):
                return None
            args = self.evaluate(node.right, scope, order, depth + 1)
            at: list[cst.CSTNode] = [node.right]
            if isinstance(args, SeqValue) and isinstance(node.right, cst.Tuple):
                at = list(args.nodes)
            items = list(args.items) if isinstance(args, SeqValue) else [args]
            fields = list(percent_fields(template.span.text))
            known = len(fields) == len(items) and all(
                template.span.text[start:end] in ("%s", "%d") for start, end in fields
            )
            values = [self._text_at(v, a) for v, a in zip(items, at, strict=False)] if known else []
            return self._filled(template, percent_fields, values)
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            base = self.evaluate(node.func.value, scope, order, depth + 1)
            if isinstance(base, Str):
                return self._filled(base, format_fields, self._format_values(base, node, scope, order, depth))
        return None

    def _filled(
        self, template: Str, fields: Callable[[str], Iterable[tuple[int, int]]], values: Sequence[Str | None]
    ) -> Str:
        """``template`` with its fields filled by ``values`` (unknown where None)."""
        spans = [None if v is None else v.span for v in values]
        nodes = template.nodes + tuple(n for v in values if v is not None for n in v.nodes)
        trail = template.trail + tuple(h for v in values if v is not None for h in v.trail)
        return Str(substitute(template.span, fields, spans), nodes, trail)

    def _format_values(
        self, template: Str, node: cst.Call, scope: Scope, order: int, depth: int
    ) -> list[Str | None]:
        """The values of ``template.format(...)``'s fields, in order: ``{}``,
        ``{0}`` and ``{name}`` with a known argument; None for the others.
        """
        plain = [arg for arg in node.args if arg.keyword is None and not arg.star]
        named = {arg.keyword.value: arg for arg in node.args if arg.keyword is not None}
        if any(arg.star for arg in node.args):
            return []
        out: list[Str | None] = []
        auto = 0
        for start, end in format_fields(template.span.text):
            name = template.span.text[start + 1 : end - 1]
            arg: cst.Arg | None = None
            if name == "":
                arg = plain[auto] if auto < len(plain) else None
                auto += 1
            elif name.isdigit():
                arg = plain[int(name)] if int(name) < len(plain) else None
            elif name.isidentifier():
                arg = named.get(name)
            out.append(
                None if arg is None else self._text_at(self.evaluate(arg.value, scope, order, depth + 1), arg)
            )
        return out

    def _text_at(self, value: Value, at: cst.CSTNode) -> Str | None:
        """A value as the text a format operation puts in (None when not known)."""
        if isinstance(value, Str):
            return value
        if isinstance(value, Const) and value.text not in ("None",):
            where = self.loc(at)
            return Str(stationary(value.text, self.path, where.line, where.column))
        return None

    def dynamic_at(self, node: cst.CSTNode) -> Span:
        """A value not known statically, standing where ``node`` starts."""
        where = self.loc(node)
        return Span.at(DYNAMIC, self.path, where.line, where.column)

    def _fstring(self, node: cst.FormattedString, scope: Scope, order: int, depth: int) -> Str | None:
        if "b" in node.prefix.lower():
            return None
        raw = "r" in node.prefix.lower()
        spans: list[Span] = []
        nodes: list[int] = [id(node)]
        trail: list[Hop] = []
        for part in node.parts:
            where = self.loc(part)
            if isinstance(part, cst.FormattedStringText):
                text, pieces = decode_body(part.value, where.line, where.column, raw=raw, fstring=True)
                spans.append(Span(text, self.path, pieces))
                continue
            known = None
            if (
                isinstance(part, cst.FormattedStringExpression)
                and part.conversion is None
                and part.format_spec is None
            ):
                known = self._text_at(self.evaluate(part.expression, scope, order, depth + 1), part)
            if known is None or known.span.dynamic:
                spans.append(Span.at(DYNAMIC, self.path, where.line, where.column))
            else:
                spans.append(known.span)
                nodes.extend(known.nodes)
                trail.extend(known.trail)
        if not spans:
            where = self.loc(node)
            return Str(Span.at("", self.path, where.line, where.column), (id(node),))
        span = spans[0]
        for more in spans[1:]:
            span = join(span, more)
        return Str(span, tuple(nodes), tuple(trail))


def _index(node: cst.Subscript) -> int | None:
    """The integer a subscript takes (``x[0]``, ``x[-1]``); None for another."""
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return None
    value = node.slice[0].slice.value
    negative = isinstance(value, cst.UnaryOperation) and isinstance(value.operator, cst.Minus)
    if negative:
        assert isinstance(value, cst.UnaryOperation)
        value = value.expression
    if not isinstance(value, cst.Integer):
        return None
    try:
        number = int(value.value.replace("_", ""), 0)
    except ValueError:
        return None
    return -number if negative else number


def is_format_call(node: cst.BaseExpression) -> bool:
    """True for ``"...".format(...)`` or ``name.format(...)``."""
    return (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == "format"
        and isinstance(node.func.value, cst.BaseString | cst.Name)
    )
