"""Helper functions in the Python front-end (issue 16: a helper whose parameter
reaches a connection is itself a sink).  ``def open_db(settings): return
pymysql.connect(**settings)`` called as ``open_db({"ssl_disabled": True})``,
or a class whose ``__init__`` connects with its arguments (``Db(SETTINGS)``):
each call of the helper in the same module is a connection, its settings
read with the parameters bound to that call's arguments, located at the call
with the helper's connect call as a hop (``via helper open_db()``).

Only calls by the helper's name in the module that defines it, at most
:data:`MAX_CALL_SITES`, one level deep; a call that passes ``*args`` or
``**kwargs`` binds nothing.  A helper that no call binds stays one connection
whose parameters are not known statically.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import libcst as cst

from connlint.frontends.python.bindings import Binding, Scope
from connlint.frontends.python.branches import DECIDING_KEY
from connlint.frontends.python.evaluation import Evaluator
from connlint.model import Candidate, Hop, Setting

#: At most this many calls of one helper are read as connections.
MAX_CALL_SITES = 8

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
    out: list[Candidate] = []
    unbound = {_values(c) for c in first}
    same = False  # a call whose arguments tell nothing more: the helper's own connection stands for it
    label = f"via helper {scope.name}()" if scope.name != "__init__" else f"via {_class_name(scope)}(...)"
    try:
        for call, at, order, skip in _call_sites(ev, scope):
            bound = _bind(scope, call, at, order, skip)
            if bound is None:
                continue
            ev.arguments = bound
            for c in make():
                if _values(c) in unbound:
                    same = True
                    continue
                hop = Hop(c.location, label)
                out.append(dataclasses.replace(c, location=ev.loc(call), trail=(*c.trail, hop)))
    finally:
        ev.arguments = {}
        ev.params_met = {}
    return out + first if same or not out else out


def _values(candidate: Candidate) -> tuple[tuple[str, str | None], ...]:
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
    """Calls of ``helper`` by name (of its class, for an ``__init__``), with how
    many leading parameters the call does not pass (``self``).
    """
    out: list[tuple[cst.Call, Scope, int, int]] = []
    for site in ev.collector.calls:
        call = site.node
        assert isinstance(call, cst.Call)
        if not isinstance(call.func, cst.Name):
            continue
        binding = ev.lookup(call.func.value, site.scope, site.order)
        body = None if binding is None else binding.body
        if body is helper:
            out.append((call, site.scope, site.order, 0))
        elif (
            body is not None and body.kind == "class" and helper.parent is body and helper.name == "__init__"
        ):
            out.append((call, site.scope, site.order, 1))
        if len(out) >= MAX_CALL_SITES:
            break
    return out


def _bind(helper: Scope, call: cst.Call, scope: Scope, order: int, skip: int) -> dict[int, Argument] | None:
    """The helper's parameters (by their bindings) bound to the call's arguments."""
    if any(arg.star for arg in call.args):
        return None
    names = helper.params[skip:]
    bound: dict[int, Argument] = {}
    index = 0
    for arg in call.args:
        if arg.keyword is not None:
            name: str | None = arg.keyword.value
        else:
            name = names[index] if index < len(names) else None
            index += 1
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
