"""Terraform type constraints, read as far as an element's missing attribute
needs them (:mod:`connlint.frontends.terraform_instances`).

A variable's ``type`` (``map(object({ ca = optional(string), tier = optional(string, "a") }))``)
decides what ``each.value.ca`` is when an entry does not set ``ca``: with
``optional(T)`` it is null, with ``optional(T, default)`` the default, and an
attribute the type does not declare is an error, which ``try()`` moves past
(https://developer.hashicorp.com/terraform/language/expressions/type-constraints#optional-object-type-attributes).
"""

from __future__ import annotations

from tree_sitter import Node

from connlint.frontends import hcl
from connlint.frontends.ts_positions import TreePositions
from connlint.lazy import dataclass

#: A type constraint where it is written.
Schema = tuple[Node, TreePositions]

#: The constructors whose one argument is the type of each element.
_COLLECTIONS = frozenset({"map", "list", "set"})


@dataclass(frozen=True)
class Attribute:
    """What a type says of one attribute of an object: its own type, whether it
    is ``optional`` and the default an optional attribute takes (None: null).
    """

    schema: Schema | None
    optional: bool = False
    default: Node | None = None


def _constructor(schema: Schema) -> tuple[str, list[Node]] | None:
    """``name(arguments...)`` of a type written as a call, else None."""
    node, positions = schema
    inner = hcl.unwrap(node)
    if inner.type != "function_call" or not inner.named_children:
        return None
    arguments = [c for c in inner.named_children if c.type == "function_arguments"]
    values = [c for c in arguments[0].named_children if c.type == "expression"] if arguments else []
    return positions.source(inner.named_children[0]), values


def element(schema: Schema | None) -> Schema | None:
    """The type of the elements of a ``map(T)``, ``list(T)`` or ``set(T)``."""
    if schema is None:
        return None
    found = _constructor(schema)
    if found is None or found[0] not in _COLLECTIONS or len(found[1]) != 1:
        return None
    return found[1][0], schema[1]


def attribute(schema: Schema | None, name: str) -> Attribute | None:
    """What the ``object({...})`` type ``schema`` says of attribute ``name``;
    None when it is not such a type (or ``any``): nothing is known.
    """
    found = _constructor(schema) if schema is not None else None
    if schema is None or found is None or found[0] != "object" or len(found[1]) != 1:
        return None
    positions = schema[1]
    fields = hcl.unwrap(found[1][0])
    items = hcl.object_items(fields, positions) if fields.type == "object" else None
    if items is None:
        return None
    declared = next((value for key, _node, value in items if key == name), None)
    if declared is None:
        return Attribute(None)  # not declared: an error to read
    optional = _constructor((declared, positions))
    if optional is None or optional[0] != "optional" or not 1 <= len(optional[1]) <= 2:
        return Attribute((declared, positions))
    default = optional[1][1] if len(optional[1]) == 2 else None
    return Attribute((optional[1][0], positions), optional=True, default=default)
