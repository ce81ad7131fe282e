"""Branches in the Python front-end: a change to a connection's settings made in
one arm of an ``if`` (``if tls is False: params["ssl_disabled"] = True``, or
``ssl_arg = {...}`` rebinding a name) happens on some runs and not on others.
Each is a choice point; the connect call gives one outcome per arm taken
(:meth:`~connlint.frontends.python.names.Names.per_loop_value` enumerates
them, as it does loops over literal collections), never a pick of the last
assignment written.

Only changes that can decide TLS are choice points (the key names ``ssl``,
``tls``, an option file or the client flags; a rebinding to a dict, a bool or
an ssl context): ``if port: params["port"] = int(port)`` stays one outcome.
"""

from __future__ import annotations

import re

import libcst as cst

from connlint import lazy
from connlint.frontends.python.bindings import Arm, Binding, Mutation, Scope
from connlint.frontends.python.values import Const, ContextValue, DictValue, Str, Value

#: A settings key whose value may decide TLS (PyMySQL, mysqlclient,
#: mysql-connector-python, aiomysql, asyncmy, MariaDB Connector/Python).
DECIDING_KEY = lazy.compile(
    r"ssl|tls|read_default|option_file|option_group|client_flag|unix_socket", re.IGNORECASE
)

#: A string that may be a TLS setting's value (``ssl_mode``, a URL with TLS options).
_DECIDING_TEXT = lazy.compile(r"ssl|tls|required|disabled|verify|preferred", re.IGNORECASE)

#: What decides an ssl context's verification (its TLS versions do not).
_DECIDING_CONTEXT_ATTRIBUTES = frozenset({"check_hostname", "verify_mode"})

#: Calls whose result, bound to a name in an arm, is a settings-like value.
_SETTINGS_FACTORIES = frozenset(
    {"dict", "create_default_context", "SSLContext", "_create_unverified_context"}
)


def deciding_step(m: Mutation) -> bool:
    """True when the change ``m`` may decide a connection's TLS."""
    if m.kind in ("item", "del"):
        return bool(DECIDING_KEY.search(m.member))
    if m.kind == "call" and m.call is not None:
        if m.member == "clear":
            return True
        if m.member == "pop":
            first = m.call.args[0].value if m.call.args else None
            return not isinstance(first, cst.SimpleString) or bool(DECIDING_KEY.search(first.value))
        if m.member == "update":
            return any(
                arg.keyword is None or DECIDING_KEY.search(arg.keyword.value) is not None
                for arg in m.call.args
            )
    return m.kind == "attr" and m.member in _DECIDING_CONTEXT_ATTRIBUTES


def deciding_value(value: Value) -> bool:
    """True when ``value``, one arm's of a conditional expression or one return of
    a function, may decide a connection's TLS: a dict, an ssl context, a bool, or
    a string that names TLS (the other arm may be None).  Any other value (a host, a port) is no
    choice point: its arms would only multiply connections.
    """
    if isinstance(value, DictValue | ContextValue):
        return True
    if isinstance(value, Const):
        return value.text in ("True", "False")
    return isinstance(value, Str) and _DECIDING_TEXT.search(value.span.text) is not None


def settings_like(binding: Binding) -> bool:
    """True when ``binding`` binds a value that may carry TLS settings."""
    value = binding.value
    if isinstance(value, cst.Dict):
        return True
    if isinstance(value, cst.Name):
        return value.value in ("True", "False")
    if isinstance(value, cst.Call):
        func = value.func
        name = (
            func.value
            if isinstance(func, cst.Name)
            else func.attr.value
            if isinstance(func, cst.Attribute)
            else ""
        )
        return name in _SETTINGS_FACTORIES
    return False


def arm_conflicts(scope: Scope, at: int, use: int, bound: int = -1) -> list[Arm] | None:
    """The arms that code at order ``at`` of ``scope`` is in and the use at
    order ``use`` is not: code that runs on the way to the use only when each
    is taken.  None when the use is in another arm of one of those statements,
    or after an arm that leaves (``return``): that code never runs on the way
    to it.  An arm whose other arm leaves is not a choice (the use after the
    ``if`` is reached through it alone), nor one that also holds ``bound``,
    where the value changed was bound (the change runs if the value exists).
    """
    out: list[Arm] = []
    for arm in scope.arms:
        if not arm.holds(at) or arm.holds(use) or arm.holds(bound):
            continue
        siblings = [other for other in scope.arms if other.point == arm.point and other is not arm]
        if arm.exits or any(other.holds(use) for other in siblings):
            return None
        if not any(other.exits for other in siblings):  # else the use is reached through this arm only
            out.append(arm)
    return out
