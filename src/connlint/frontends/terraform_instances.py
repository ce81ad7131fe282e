"""The instances of a repeated Terraform block: ``count`` and ``for_each`` on a
DB resource or a module call (:mod:`connlint.frontends.terraform`).

Terraform creates one instance per index of ``count`` (addressed
``aws_db_instance.this[0]``) and one per key of ``for_each`` (``module.db["a"]``),
with ``count.index``, ``each.key`` and ``each.value`` set in the block
(https://developer.hashicorp.com/terraform/language/meta-arguments/count,
https://developer.hashicorp.com/terraform/language/meta-arguments/for_each).
A ``count`` of 1 keeps the block's plain name (as connlint named such
resources before; ``count = var.create ? 1 : 0`` is a switch, not a set).

What is read: a literal or evaluated ``count``, ``length(x)`` of a known
collection; a ``for_each`` that is (through ``var.`` / ``local.``, a called
module's arguments and the variable's default) an object or map written out,
``toset([...])`` of known strings, or ``{ for k, v in x : k => v if cond }``
of such an object with a known ``cond``.  Anything else is one instance whose
key is not known (``[*]``): the set is never guessed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from tree_sitter import Node

from connlint.frontends import hcl
from connlint.frontends import terraform_types as types
from connlint.frontends.ts_positions import TreePositions
from connlint.lazy import dataclass
from connlint.model import Location, Server

#: The suffix of an instance whose key is not known statically.
UNKNOWN_KEY = "[*]"
#: How many instances one block gives at most (the rest are left out).
MAX_INSTANCES = 64


class Evaluator(Protocol):
    """What the instances are read with (``terraform._Reader``)."""

    def scalar(self, node: Node, positions: TreePositions) -> str | None:
        """The text of a known scalar expression, else None."""

    def condition(self, node: Node, positions: TreePositions) -> bool | None:
        """A known boolean expression's value, else None."""

    def resolve(self, node: Node, positions: TreePositions) -> Written | None:
        """The expression ``node`` stands for, following ``var.`` / ``local.``."""

    def bind(self, names: dict[str, str | Written]) -> Evaluator:
        """An evaluator where the names of a ``for`` are bound (a key, an element)."""


@dataclass(frozen=True)
class Written:
    """An expression where it is written, and the evaluator of its module;
    ``schema`` the type it must have (a variable's ``type``), when known;
    ``null`` for an optional attribute an entry leaves out (``node`` its type).
    """

    node: Node
    positions: TreePositions
    owner: Evaluator
    schema: types.Schema | None = None
    null: bool = False


@dataclass(frozen=True)
class Instance:
    """One instance of a repeated block: the address suffix (``["a"]``, ``[0]``,
    ``[*]``), ``each.key`` / ``count.index`` (None when not known) and
    ``each.value`` (a written element, or the key itself for a set of strings).
    """

    suffix: str
    key: str | None
    element: Written | None = None

    @property
    def variable(self) -> str:
        """What the block names the instance by: ``each`` (``for_each``) or ``count``."""
        return "each" if self.suffix.startswith('["') else "count"


def instances(
    evaluator: Evaluator, attributes: dict[str, Node], positions: TreePositions
) -> list[Instance] | None:
    """The instances of a block with these ``attributes``: None when it is not
    repeated (no ``count`` / ``for_each``, or a ``count`` of at most one).
    """
    for_each = attributes.get("for_each")
    if for_each is not None:
        return _for_each(evaluator, for_each, positions)
    count = attributes.get("count")
    if count is not None:
        return _count(evaluator, count, positions)
    return None


def _count(evaluator: Evaluator, node: Node, positions: TreePositions) -> list[Instance] | None:
    number = _integer(evaluator.scalar(node, positions))
    if number is None:
        number = _length(evaluator, node, positions)
    if number is None:
        # A switch of literal 0 and 1 arms (``var.create ? 1 : 0``) is one block.
        return None if _switch(node, positions) else [Instance(UNKNOWN_KEY, None)]
    if number <= 1:
        return None
    return [Instance(f"[{i}]", str(i)) for i in range(min(number, MAX_INSTANCES))]


def _integer(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _switch(node: Node, positions: TreePositions) -> bool:
    inner = hcl.unwrap(node)
    if inner.type != "conditional" or inner.named_child_count != 3:
        return False
    arms = [hcl.unwrap(arm) for arm in inner.named_children[1:]]
    return all(arm.type == "numeric_lit" and positions.source(arm) in ("0", "1") for arm in arms)


def _call(node: Node, positions: TreePositions, name: str) -> Node | None:
    """The one argument of a call of function ``name``, else None."""
    inner = hcl.unwrap(node)
    if inner.type != "function_call" or not inner.named_children:
        return None
    if positions.source(inner.named_children[0]) != name:
        return None
    arguments = [c for c in inner.named_children if c.type == "function_arguments"]
    if len(arguments) != 1:
        return None
    values = [c for c in arguments[0].named_children if c.type == "expression"]
    return values[0] if len(values) == 1 else None


def _length(evaluator: Evaluator, node: Node, positions: TreePositions) -> int | None:
    argument = _call(node, positions, "length")
    if argument is None:
        return None
    found = evaluator.resolve(argument, positions)
    if found is None:
        return None
    inner = hcl.unwrap(found.node)
    if inner.type == "tuple":
        return len(_elements(inner))
    if inner.type == "object":
        items = hcl.object_items(inner, found.positions)
        return None if items is None else len(items)
    return None


def _elements(tuple_node: Node) -> list[Node]:
    return [c for c in tuple_node.named_children if c.type == "expression"]


def _for_each(evaluator: Evaluator, node: Node, positions: TreePositions) -> list[Instance]:
    unknown = [Instance(UNKNOWN_KEY, None)]
    found = evaluator.resolve(node, positions)
    if found is None:
        return unknown
    inner = hcl.unwrap(found.node)
    if inner.type == "object":
        items = _object(found.owner, inner, found.positions, types.element(found.schema))
        return unknown if items is None else items
    if inner.type == "for_expr":
        return _for_object(found.owner, inner, found.positions)
    argument = _call(inner, found.positions, "toset")
    if argument is not None:
        return _set(found.owner, argument, found.positions)
    return unknown


def _object(
    owner: Evaluator, node: Node, positions: TreePositions, schema: types.Schema | None
) -> list[Instance] | None:
    """One instance per key of an object written out (None when a key is computed)."""
    items = hcl.object_items(node, positions)
    if items is None:
        return None
    return [
        Instance(f'["{key}"]', key, Written(value, positions, owner, schema))
        for key, _key, value in items[:MAX_INSTANCES]
    ]


def _set(owner: Evaluator, node: Node, positions: TreePositions) -> list[Instance]:
    """``toset([...])``: one instance per distinct string, ``each.value`` the string."""
    found = owner.resolve(node, positions)
    inner = hcl.unwrap(found.node) if found is not None else None
    if found is None or inner is None or inner.type != "tuple":
        return [Instance(UNKNOWN_KEY, None)]
    keys: list[str] = []
    for element in _elements(inner):
        text = found.owner.scalar(element, found.positions)
        if text is None:
            return [Instance(UNKNOWN_KEY, None)]
        if text not in keys:
            keys.append(text)
    # A set's elements are its keys, in lexical order (Terraform sorts them).
    return [Instance(f'["{key}"]', key) for key in sorted(keys)[:MAX_INSTANCES]]


def _for_object(owner: Evaluator, node: Node, positions: TreePositions) -> list[Instance]:
    """``{ for k, v in x : key => value if cond }`` over an object or tuple ``x``
    written out: one instance per element whose ``cond`` is true, named by its
    ``key`` (``{ for db in var.dbs : db.name => db }``), ``each.value`` its
    ``value`` read with ``k`` and ``v`` bound.  Unknown when any of them is not
    known, or the form groups values (``...``).
    """
    unknown = [Instance(UNKNOWN_KEY, None)]
    form = node.named_children[0] if node.named_children else None
    if form is None or form.type != "for_object_expr" or any(c.type == "ellipsis" for c in form.children):
        return unknown
    parts = form.named_children
    intro = next((c for c in parts if c.type == "for_intro"), None)
    results = [c for c in parts if c.type == "expression"]
    condition = next((c for c in parts if c.type == "for_cond"), None)
    test = next((c for c in condition.named_children if c.type == "expression"), None) if condition else None
    if intro is None or len(results) != 2 or (condition is not None and test is None):
        return unknown
    names = [positions.source(c) for c in intro.named_children if c.type == "identifier"]
    sources = [c for c in intro.named_children if c.type == "expression"]
    found = owner.resolve(sources[0], positions) if len(sources) == 1 and len(names) in (1, 2) else None
    elements = _collection(found)
    if elements is None:
        return unknown
    key_expression, value_expression = results
    chosen: list[Instance] = []
    for key, element in elements[:MAX_INSTANCES]:
        bound: dict[str, str | Written] = {names[-1]: element}
        if len(names) == 2:
            bound[names[0]] = key
        scope = owner.bind(bound)
        if test is not None:
            decided = scope.condition(test, positions)
            if decided is None:
                return unknown
            if not decided:
                continue
        text = scope.scalar(key_expression, positions)
        if text is None or any(i.key == text for i in chosen):
            return unknown  # a key not known, or twice (which Terraform rejects)
        chosen.append(Instance(f'["{text}"]', text, Written(value_expression, positions, scope)))
    return chosen


def _collection(found: Written | None) -> list[tuple[str, str | Written]] | None:
    """The (key or index, element) of an object or tuple written out, of
    ``range(n)`` of a known ``n`` (the numbers) or of a ``for`` object, else None.
    """
    if found is None:
        return None
    inner = hcl.unwrap(found.node)
    if inner.type == "for_expr":  # a for over a for: the first one's entries
        entries = _for_object(found.owner, inner, found.positions)
        if any(i.key is None or i.element is None for i in entries):
            return None
        schema = types.element(found.schema)
        return [
            (i.key, replace(i.element, schema=i.element.schema or schema))
            for i in entries
            if i.key is not None and i.element is not None
        ]
    limit = _call(inner, found.positions, "range")
    if limit is not None:
        number = _integer(found.owner.scalar(limit, found.positions))
        if number is None:
            return None
        return [(str(i), str(i)) for i in range(min(max(number, 0), MAX_INSTANCES))]
    schema = types.element(found.schema)
    if inner.type == "tuple":
        elements = _elements(inner)
        return [(str(i), Written(e, found.positions, found.owner, schema)) for i, e in enumerate(elements)]
    items = hcl.object_items(inner, found.positions) if inner.type == "object" else None
    if items is None:
        return None
    return [(key, Written(value, found.positions, found.owner, schema)) for key, _key, value in items]


def each_value(element: Written, path: tuple[str, ...]) -> Written | str | None:
    """The attribute ``path`` of an instance's ``each.value`` (``each.value.ca``):
    where it is written (an optional attribute left out: its default, or
    ``null``); why not (a string) when the entry does not set it, which is an
    error in Terraform; None when the entry is not an object written out.
    """
    current = element
    for attribute in path:
        found = current.owner.resolve(current.node, current.positions)
        inner = hcl.unwrap(found.node) if found is not None else None
        if found is None or inner is None or inner.type != "object":
            return None
        schema = found.schema or current.schema
        declared = types.attribute(schema, attribute)
        items = hcl.object_items(inner, found.positions)
        value = next((v for k, _n, v in items or () if k == attribute), None)
        if value is not None:
            current = Written(value, found.positions, found.owner, declared.schema if declared else None)
        elif items is None:
            return None
        elif declared is not None and declared.optional and schema is not None:
            if declared.default is None:
                return Written(inner, found.positions, found.owner, null=True)
            current = Written(declared.default, schema[1], found.owner)
        else:
            return f"{attribute} not set in the entry"
    return current


def call_instance(
    server: Server, label: str, where: Location, region: str | None, caller: str, directory: str
) -> Server:
    """A called module's server as an instance of the call written at ``where``
    (in file ``caller``, the module in ``directory``): its CA is decided where
    the value enters the call (the argument that carries it), else at the call itself.
    """
    ca_location = server.ca_location
    if ca_location is not None and ca_location.path != caller:
        entry = next((hop.location for hop in server.trail if hop.location.path == caller), None)
        ca_location = entry if entry is not None else where
    return replace(
        server,
        name=f"module.{label}.{server.name}",
        location=where,
        region=server.region or region,
        ca_location=ca_location,
        modules=(directory, *server.modules),
    )
