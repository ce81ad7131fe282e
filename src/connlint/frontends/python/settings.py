"""Settings from values: a keyword argument, a dict entry or an ``ssl`` context
flattened into located :class:`~connlint.model.Setting` objects, with the hops
a value took on the way (a function's return, ``self.<attr>``, a loop value).

Conventions of the settings (``Candidate.settings``) are described in
:mod:`connlint.frontends.python`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import libcst as cst

from connlint.frontends.python.bindings import Scope
from connlint.frontends.python.evaluation import Evaluator
from connlint.frontends.python.literals import describe_dynamic, stationary
from connlint.frontends.python.names import MAX_DEPTH
from connlint.frontends.python.values import (
    Const,
    ContextValue,
    DictValue,
    Env,
    SeqValue,
    Str,
    Unknown,
    Value,
)
from connlint.model import DYNAMIC, Hop, Location, Secret, Setting

#: Keyword names whose literal value is a password (wrapped in Secret at once).
PASSWORD_KEYS: frozenset[str] = frozenset({"password", "passwd", "PASSWORD"})


class Flattener(Evaluator):
    """The evaluator that also turns values into settings (what the API modules use)."""

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
                    f"{key}.context.{event.what}",
                    event.value,
                    self.loc(event.node),
                    self.code(event.node),
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
                    trail=value.trail,
                )
            if last in PASSWORD_KEYS:
                secret = Secret(value.span.text, value.span)
                return Setting(key, secret, location, source, value.span, trail=value.trail)
            return Setting(key, value.span.text, location, source, value.span, trail=value.trail)
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
        self,
        node: cst.Call,
        scope: Scope,
        order: int,
        names: Sequence[str] = (),
        skip: int = 0,
    ) -> list[Setting]:
        """The keyword (and known positional) arguments of a call, flattened;
        ``names`` name the positional ones after the first ``skip``.
        """
        out: list[Setting] = []
        index = -skip
        for arg in node.args:
            reexported: tuple[tuple[Hop, ...], Location | None] = ((), None)
            if arg.keyword is not None:
                value = self.evaluate(arg.value, scope, order)
                found = self._argument_settings(arg.keyword.value, value, arg, scope, order)
            elif arg.star == "**":
                found, reexported = self._spread(arg, scope, order)
            elif arg.star == "":
                found = []
                if 0 <= index < len(names):
                    value = self.evaluate(arg.value, scope, order)
                    found = self._argument_settings(names[index], value, arg, scope, order)
                index += 1
            else:
                continue
            hop = self.hop(arg.value, scope, order) if found else None
            out.extend(self.here(found, arg, hop, scope, order, reexported))
        return out

    def _argument_settings(
        self, key: str, value: Value, arg: cst.Arg, scope: Scope, order: int
    ) -> list[Setting]:
        """:meth:`settings` of one argument; a constant a helper's caller passed
        (``open_db("db", True)`` to ``connect(ssl_disabled=tls)``) stands where the
        caller wrote it, the literal that decides (a string's span already does).
        """
        if isinstance(value, Const):
            passed = self._passed(arg.value, scope, order)
            if passed is not None:
                return [self.single(key, value, self.loc(passed), f"{key}={self.code(passed)}")]
        return self.settings(key, value, arg)

    def _passed(self, node: cst.BaseExpression, scope: Scope, order: int) -> cst.BaseExpression | None:
        """The argument of a helper's call (of this module) that the parameter
        ``node`` is bound to, through helpers that pass it on; None otherwise.
        """
        found: cst.BaseExpression | None = None
        for _ in range(MAX_DEPTH):
            if not isinstance(node, cst.Name):
                break
            binding = self.lookup(node.value, scope, order)
            bound = None if binding is None else self.arguments.get(id(binding))
            if bound is None:
                break
            node, scope, order = bound
            found = node
        return found if found is not None and id(found) in self.owner_of(found).top_of else None

    def _spread(
        self, arg: cst.Arg, scope: Scope, order: int
    ) -> tuple[list[Setting], tuple[tuple[Hop, ...], Location | None]]:
        """The settings of the dict ``arg`` holds, as ``**arg`` passes them (a value
        not known statically: one unknown setting), and how a re-exported dict came.
        """
        value = self.evaluate(arg.value, scope, order)
        if not isinstance(value, DictValue):
            text = self.code(arg.value) if arg.star == "" else self.code(arg)
            return [Setting("**", None, self.loc(arg), text, unknown=text)], ((), None)
        found: list[Setting] = []
        for entry in value.entries:
            inner = self.evaluate(entry.value, entry.scope, entry.order)
            found.extend(self.settings(entry.key, inner, entry.node))
        found.extend(Setting("**", None, self.loc(arg), s, unknown=s) for s in value.spread)
        return found, (value.trail, value.exported_at)

    def spread_settings(self, arg: cst.Arg, scope: Scope, order: int) -> list[Setting]:
        """The settings of a dict passed whole to an API that expands it
        (``BinLogStreamReader(connection_settings=SETTINGS)``), located as
        ``**SETTINGS`` would be.
        """
        found, reexported = self._spread(arg, scope, order)
        hop = self.hop(arg.value, scope, order) if found else None
        return self.here(found, arg, hop, scope, order, reexported)

    def here(
        self,
        settings: Sequence[Setting],
        at: cst.CSTNode,
        hop: Hop | None = None,
        scope: Scope | None = None,
        order: int = 0,
        reexported: tuple[tuple[Hop, ...], Location | None] = ((), None),
    ) -> list[Setting]:
        """``settings`` of the argument ``at``, with ``hop`` (how the argument got its
        value) at the end of their trails.  Those written in another module stand
        at ``at`` in this file (the reference that brought them); the place the
        first was written is a hop, once (they share their location, and the
        connection takes the trail of each setting there); a dict another module
        re-exports (``reexported``: its steps and where that module names it)
        has those steps before the last one, which stands at the re-export.
        """
        before, exported_at = reexported
        out: list[Setting] = []
        relocated = False
        for s in settings:
            if s.location.path in (self.path, self.guest):
                out.append(s if hop is None else dataclasses.replace(s, trail=(*s.trail, hop)))
                continue
            where = self.loc(at)
            span = s.value_span
            if span is not None:
                span = stationary(span.text, self.path, where.line, where.column)
            trail: tuple[Hop, ...] = ()
            if not relocated:
                label = hop.label if hop is not None else f"via {self._reference(at, scope, order)}"
                trail = (*s.trail, *before, Hop(exported_at or s.location, label))
                relocated = True
            out.append(dataclasses.replace(s, location=where, value_span=span, trail=trail))
        return out

    def hop(self, node: cst.BaseExpression, scope: Scope, order: int) -> Hop | None:
        """The step a value took at ``node`` on its way to a call: a loop's value
        (located where it is written), a function's return, ``self.<attr>``.
        """
        origin = self.loop_origin(node, scope, order)
        if origin is not None:
            return Hop(self.loc(origin), f"via {self.code(node)} = {self.code(origin)}")
        if isinstance(node, cst.Name):
            return None  # a name imported from another module: its values carry their origin
        label = self.travelled(node, scope, order)
        return None if label is None else Hop(self.loc(node), f"via {label}")

    def _reference(self, at: cst.CSTNode, scope: Scope | None, order: int) -> str:
        """What the reference ``at`` (an argument, or the expression) is called in a hop."""
        node = at.value if isinstance(at, cst.Arg) else at
        if scope is not None and isinstance(node, cst.BaseExpression):
            label = self.travelled(node, scope, order)
            if label is not None:
                return label
        return self.code(node)


def with_hop(settings: Sequence[Setting], hop: Hop) -> list[Setting]:
    """``settings`` with one more step at the end of their trails."""
    return [dataclasses.replace(s, trail=(*s.trail, hop)) for s in settings]
