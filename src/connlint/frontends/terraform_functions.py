"""The Terraform functions the Terraform front-end evaluates: those that choose
one of their arguments, ``try`` and ``coalesce``, so that a value passed
through them (``try(coalesce(each.value.ca, var.ca), null)``, as
terraform-aws-modules/rds-aurora writes its instances' CA) stays known.

A function is given its arguments' values lazily, in order, and returns the
one it chooses, or :data:`FAILS` (Terraform reports an error) or
:data:`UNKNOWN` (which it chooses depends on a value not known here).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Protocol, TypeVar

from tree_sitter import Node


class _Value(Protocol):
    @property
    def known(self) -> bool: ...

    @property
    def failed(self) -> bool: ...

    @property
    def value(self) -> object: ...


V = TypeVar("V", bound=_Value)

#: The call fails (an argument it may not skip fails, or none is left).
FAILS = "fails"
#: Which argument the call chooses is not known.
UNKNOWN = "unknown"


def try_(values: Iterator[V]) -> V | str:
    """``try(a, b, ...)``: the first argument that does not fail
    (https://developer.hashicorp.com/terraform/language/functions/try).
    """
    for value in values:
        if not value.failed:
            return value if value.known else UNKNOWN
    return FAILS


def coalesce(values: Iterator[V]) -> V | str:
    """``coalesce(a, b, ...)``: the first argument that is not null nor an empty
    string, an error when none is (https://developer.hashicorp.com/terraform/language/functions/coalesce).
    """
    for value in values:
        if value.failed:
            return FAILS
        if not value.known:
            return UNKNOWN
        if value.value is not None and value.value != "":
            return value
    return FAILS


#: Function name -> how it chooses.
FUNCTIONS: dict[str, Callable[[Iterator[V]], V | str]] = {"coalesce": coalesce, "try": try_}


def arguments(call: Node) -> list[Node]:
    """The argument expressions of a ``function_call`` node (none when it expands one with ``...``)."""
    found = [c for c in call.named_children if c.type == "function_arguments"]
    if not found or any(c.type == "ellipsis" for c in found[0].children):
        return []
    return [c for c in found[0].named_children if c.type == "expression"]
