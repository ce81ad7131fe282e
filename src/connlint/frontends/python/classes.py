"""Classes of a Python module as the value flow sees them: a class's bases in
the same module, the method ``self.<name>()`` reaches (an override in the
subclass ``self`` is an instance of first), the class of a method.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from connlint.frontends.python.bindings import Scope

if TYPE_CHECKING:
    from connlint.frontends.python.names import Names

#: At most this many classes of one ancestry are followed.
MAX_ANCESTRY = 12

#: An order after every statement (``names.END``): a class's bases as the module ends.
_END = 1 << 62


def method_named(names: Names, cls: Scope, name: str) -> Scope | None:
    """The method ``name`` a call ``self.<name>()`` in a method of ``cls``
    reaches: of ``names.self_class`` when that is a subclass of ``cls``, else of
    ``cls`` or its bases in this module (nearest first).
    """
    sub = names.self_class
    start = sub if sub is not None and cls in ancestry(names, sub) else cls
    for current in ancestry(names, start):
        defs = [b for b in current.bindings.get(name, ()) if b.body is not None]
        if defs:
            return defs[-1].body
    return None


def ancestry(names: Names, cls: Scope) -> list[Scope]:
    """``cls`` and its base classes defined in its module, nearest first (at most
    :data:`MAX_ANCESTRY`).
    """
    out = [cls]
    index = 0
    while index < len(out) and len(out) < MAX_ANCESTRY:
        current = out[index]
        index += 1
        if current.parent is None:
            continue
        for base in current.bases:
            if not isinstance(base, cst.Name):
                continue
            binding = names.lookup(base.value, current.parent, _END)
            body = None if binding is None else binding.body
            if body is not None and body.kind == "class" and body not in out:
                out.append(body)
    return out


def class_of(scope: Scope) -> Scope | None:
    """The class of the method ``scope`` is (or is in)."""
    current: Scope | None = scope
    while current is not None and current.kind == "function" and current.self_name is None:
        current = current.parent
    if current is None or current.self_name is None or current.parent is None:
        return None
    return current.parent if current.parent.kind == "class" else None
