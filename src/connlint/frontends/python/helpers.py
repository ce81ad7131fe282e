"""Helper functions in the Python front-end (issue 16: a helper whose parameter
reaches a connection is itself a sink).  ``def open_db(settings): return
pymysql.connect(**settings)`` called as ``open_db({"ssl_disabled": True})``,
``self.open_db(...)`` in a method of its class (or of a subclass), or a class
whose ``__init__`` connects with its arguments (``Db(SETTINGS)``): each call of
the helper in the same module is a connection, its settings read with the
parameters bound to that call's arguments, located at the call with the
helper's connect call as a hop (``via helper open_db()``).  A call inside
another helper that passes that helper's parameters on is followed to that
helper's calls, at most :data:`MAX_HELPER_DEPTH` helpers deep, each helper
once on a path (recursion stops).

Only calls in the module that defines the helper, at most
:data:`MAX_CALL_SITES` of each; a call that passes ``*args`` or ``**kwargs``
binds nothing.  A helper that no call binds stays one connection whose
parameters are not known statically.

A connect call in a method whose settings come from ``self.<method>()`` gives,
besides its own connections, those of each subclass in the module that
overrides such a method (redash's ``RDSMySQL(Mysql)`` and its
``_get_ssl_parameters``), with the override as a hop (:func:`per_subclass`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

import libcst as cst

from connlint.frontends.python.bindings import Binding, Scope
from connlint.frontends.python.branches import DECIDING_KEY
from connlint.frontends.python.classes import ancestry, class_of, method_named
from connlint.frontends.python.evaluation import Evaluator
from connlint.model import Candidate, Hop, Setting

#: At most this many calls of one helper are read as connections.
MAX_CALL_SITES = 8

#: A helper's call inside another helper is followed at most this many helpers deep.
MAX_HELPER_DEPTH = 3

#: At most this many subclasses that override a method a connection reads.
MAX_SUBCLASSES = 4

Argument = tuple[cst.BaseExpression, Scope, int]


def per_call_site(ev: Evaluator, scope: Scope, make: Callable[[], list[Candidate]]) -> list[Candidate]:
    """The candidates ``make`` gives at each call of the helper ``scope`` (the
    function the connect call is in) whose parameters it read; ``make()``'s own
    when it read none, or no call of the helper binds them.
    """
    ev.params_met = {}
    ev.arguments = {}
    first = make()
    met = ev.params_met
    if not met or scope.kind != "function" or any(b.scope is not scope for b in met.values()):
        return first
    if not any(_open(s) for c in first for s in c.settings):
        return first  # the parameters decide nothing that matters (``loop=loop``)
    unbound = {values_said(c) for c in first}
    try:
        out, same = _at_call_sites(
            ev, scope, make, unbound, _Path(label(scope), (), {}, frozenset({id(scope)}))
        )
    finally:
        ev.arguments = {}
        ev.params_met = {}
    return out + first if same or not out else out


@dataclasses.dataclass(frozen=True)
class _Path:
    """How the connect call is reached from the helper whose calls are read:
    the first helper's hop label, the hops at the calls in between (innermost
    first), the arguments those calls bind, and the helpers on the path.
    """

    label: str
    hops: tuple[Hop, ...]
    arguments: dict[int, Argument]
    seen: frozenset[int]


def _at_call_sites(
    ev: Evaluator,
    helper: Scope,
    make: Callable[[], list[Candidate]],
    unbound: set[tuple[tuple[str, str | None], ...]],
    path: _Path,
) -> tuple[list[Candidate], bool]:
    """The candidates at each call of ``helper``, and whether a call told nothing
    more than the helper's own connection.
    """
    out: list[Candidate] = []
    same = False
    for call, at, order, skip in _call_sites(ev, helper):
        bound = _bind(helper, call, at, order, skip)
        if bound is None:
            continue
        arguments = {**path.arguments, **bound}
        ev.arguments = arguments
        ev.params_met = {}
        made = make()
        outer = _caller(at)
        if (
            outer is not None
            and ev.params_met
            and all(b.scope is outer for b in ev.params_met.values())
            and len(path.seen) < MAX_HELPER_DEPTH
            and id(outer) not in path.seen
        ):
            # The call passes its own function's parameters on: that function is a helper too.
            hop = Hop(ev.loc(call), label(outer))
            deeper = _Path(path.label, (*path.hops, hop), arguments, path.seen | {id(outer)})
            found, deeper_same = _at_call_sites(ev, outer, make, unbound, deeper)
            same = same or deeper_same
            if found:
                out.extend(found)
                continue
            ev.arguments = arguments
        for c in made:
            if values_said(c) in unbound:
                same = True
                continue
            trail = (*c.trail, Hop(c.location, path.label), *path.hops)
            out.append(dataclasses.replace(c, location=ev.loc(call), trail=trail))
    return out, same


def _caller(scope: Scope) -> Scope | None:
    """The function a call stands in (None at module or class level)."""
    return scope if scope.kind == "function" and scope.name is not None else None


def label(helper: Scope) -> str:
    """The hop a helper's call is (``via helper open_db()``, ``via Db(...)``)."""
    return f"via helper {helper.name}()" if helper.name != "__init__" else f"via {_class_name(helper)}(...)"


def per_subclass(ev: Evaluator, scope: Scope, make: Callable[[], list[Candidate]]) -> list[Candidate]:
    """``make()``'s candidates, then for each subclass in the module of the class
    of the method ``scope`` that overrides a method whose return ``make`` read
    (``self._get_ssl_parameters()``), the candidates with ``self`` of that
    subclass, the override as a hop.
    """
    ev.methods_met = set()
    first = make()
    met, ev.methods_met = ev.methods_met, set()
    cls = class_of(scope)
    if not met or cls is None:
        return first
    out = list(first)
    for sub, name, node in _overrides(ev, cls, met):
        ev.self_class = sub
        try:
            made = make()
        finally:
            ev.self_class = None
        hop = Hop(ev.loc(node), f"via {sub.name}.{name}()")
        out.extend(dataclasses.replace(c, trail=(*c.trail, hop)) for c in made if c not in out)
    return out


def _overrides(ev: Evaluator, cls: Scope, names: set[str]) -> list[tuple[Scope, str, cst.CSTNode]]:
    """Classes of the module that derive from ``cls`` and define one of the
    methods ``names``, with the first such method's name and where it is defined.
    """
    out: list[tuple[Scope, str, cst.CSTNode]] = []
    for bindings in ev.collector.module_scope.bindings.values():
        for binding in bindings:
            sub = binding.body
            if sub is None or sub is cls or sub.kind != "class" or cls not in ancestry(ev, sub)[1:]:
                continue
            for name in sorted(names):
                defined = [b for b in sub.bindings.get(name, ()) if b.body is not None and b.node is not None]
                if defined:
                    node = defined[-1].node
                    assert node is not None
                    out.append((sub, name, node))
                    break
            if len(out) >= MAX_SUBCLASSES:
                return out
    return out


def values_said(candidate: Candidate) -> tuple[tuple[str, str | None], ...]:
    """What a candidate's settings say (keys and values), wherever written."""
    return tuple((s.key, None if s.value is None else str(s.value)) for s in candidate.settings)


def _open(setting: Setting) -> bool:
    """A setting not known statically that may decide the connection's TLS or
    where it goes (a ``**`` spread, the host, a URL, an ssl key).
    """
    if setting.value is not None and setting.key != "**":
        return False
    key = setting.key
    return key in ("**", "host", "url", "session", "unix_socket") or DECIDING_KEY.search(key) is not None


def _class_name(init: Scope) -> str:
    return init.parent.name or "class" if init.parent is not None else "class"


def _call_sites(ev: Evaluator, helper: Scope) -> list[tuple[cst.Call, Scope, int, int]]:
    """Calls of ``helper`` by name (of its class, for an ``__init__``; as
    ``self.<name>()`` in a method of its class or a subclass, for a method),
    with how many leading parameters the call does not pass (``self``).
    """
    out: list[tuple[cst.Call, Scope, int, int]] = []
    method = helper.parent is not None and helper.parent.kind == "class" and helper.self_name is not None
    for site in ev.collector.calls:
        call = site.node
        assert isinstance(call, cst.Call)
        func = call.func
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name):
            if (
                method
                and func.attr.value == helper.name
                and _on_self(ev, func.value.value, site.scope, helper)
            ):
                out.append((call, site.scope, site.order, 1))
        elif isinstance(func, cst.Name):
            binding = ev.lookup(func.value, site.scope, site.order)
            body = None if binding is None else binding.body
            if body is helper:
                out.append((call, site.scope, site.order, 0))
            elif (
                body is not None
                and body.kind == "class"
                and helper.parent is body
                and helper.name == "__init__"
            ):
                out.append((call, site.scope, site.order, 1))
        if len(out) >= MAX_CALL_SITES:
            break
    return out


def _on_self(ev: Evaluator, name: str, scope: Scope, helper: Scope) -> bool:
    """Whether ``name`` is the ``self`` of a method (at ``scope``) whose class is
    the helper's or derives from it, and ``self.<helper>`` reaches the helper.
    """
    cls = class_of(scope)
    if cls is None or helper.parent is None or helper.name is None:
        return False
    owner = scope
    while owner.self_name is None and owner.parent is not None:
        owner = owner.parent
    return owner.self_name == name and method_named(ev, cls, helper.name) is helper


def named_arguments(call: cst.Call, params: Sequence[str]) -> list[tuple[cst.Arg, str | None]]:
    """Each argument of ``call`` with the name of the parameter it fills: its
    keyword, or the next of ``params`` by position (None past their end).
    """
    named: list[tuple[cst.Arg, str | None]] = []
    index = 0
    for arg in call.args:
        if arg.keyword is not None:
            named.append((arg, arg.keyword.value))
        else:
            named.append((arg, params[index] if index < len(params) else None))
            index += 1
    return named


def _bind(helper: Scope, call: cst.Call, scope: Scope, order: int, skip: int) -> dict[int, Argument] | None:
    """The helper's parameters (by their bindings) bound to the call's arguments."""
    if any(arg.star for arg in call.args):
        return None
    bound: dict[int, Argument] = {}
    for arg, name in named_arguments(call, helper.params[skip:]):
        param = _parameter(helper, name)
        if param is not None:
            bound[id(param)] = (arg.value, scope, order)
    if not bound:
        return None
    for name, default in helper.defaults.items():  # a parameter the call leaves out: its default
        param = _parameter(helper, name)
        if param is not None and id(param) not in bound:
            bound[id(param)] = (default, helper.parent or helper, 0)
    return bound


def _parameter(helper: Scope, name: str | None) -> Binding | None:
    """The binding a parameter of ``helper`` made (its first, valueless binding)."""
    if name is None or (name not in helper.params and name not in helper.defaults):
        return None
    bindings = helper.bindings.get(name, ())
    return bindings[0] if bindings and bindings[0].value is None else None
