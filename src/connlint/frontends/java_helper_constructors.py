"""Constructors as helpers (issue 16, item 4), for
:class:`~connlint.frontends.java_project.Resolver`: ``new Pool(url, user, password)``
whose constructor hands ``url`` to a connection sink is a connection at the
caller's argument, as a call of a helper method is.  maxwell's MaxwellContext
builds ``new C3P0ConnectionPool(config.maxwellMysql.getConnectionURI(), …)``,
whose constructor calls ``cpds.setJdbcUrl(url)`` (src/main/java/com/zendesk/
maxwell/util/C3P0ConnectionPool.java).

A constructor is read as a helper method is (``java_helper_chains.own_sinks`` for its own
connection calls, ``java_helper_chains`` for the helper methods of its class it
calls), and through ``this(…)`` to another constructor of its class.  The same
bounds hold: the helper-name index (a constructor's body is indexed under its
class's name, :mod:`~connlint.frontends.java_helper_index`), one parse and one
answer per class, arity and files left (:meth:`Project.memo`), each constructor
read once per files left, ``this(…)`` chains at most
:data:`~connlint.frontends.java_project.MAX_CHAIN` deep.  ``super(…)`` is not
followed: the index cannot tell a subclass's constructor from any other that
hands its arguments on (every exception's ``super(message)``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from tree_sitter import Node

from connlint import project

if TYPE_CHECKING:
    from connlint.frontends.java_declarations import ClassInfo
    from connlint.frontends.java_helper_templates import HelperSink
    from connlint.frontends.java_project import Resolver

#: How :meth:`Resolver.member_sinks` reads what a constructor's ``this(…)`` reaches.
Delegation = Callable[["Resolver", "project.Project", Node, list[Node], "ClassInfo"], list["HelperSink"]]

#: Classes whose constructors are never a project's helpers: the JDK's that
#: code creates most with arguments (``java.lang`` and ``java.util`` are not
#: looked up in the project otherwise either, see ``java_project._JDK_HEADS``).
_JDK_CLASSES = frozenset(
    {
        "String",
        "StringBuilder",
        "StringBuffer",
        "Object",
        "File",
        "URI",
        "URL",
        "Properties",
        "HashMap",
        "ArrayList",
        "LinkedHashMap",
        "HashSet",
        "Thread",
        "Date",
        "BigDecimal",
        "Integer",
        "Long",
    }
)


def created_class(resolver: Resolver, creation: Node) -> tuple[str, ...] | None:
    """The class ``new a.b.C<X>(…)`` creates, as written (``("a", "b", "C")``)."""
    written = creation.child_by_field_name("type")
    if written is None:
        return None
    chain = tuple(part.strip() for part in resolver.source(written).split("<", 1)[0].split("."))
    if not chain or not all(part.isidentifier() for part in chain):
        return None
    return chain


def constructor_sinks(resolver: Resolver, creation: Node, arity: int) -> tuple[HelperSink, ...]:
    """The connections ``new X(…)`` (with ``arity`` arguments) makes through a
    constructor of a class of the project whose parameters reach a connection.
    """
    p = project.current()
    chain = created_class(resolver, creation)
    if p is None or chain is None or resolver.depth_left <= 0:
        return ()
    name = chain[-1]
    if name in _JDK_CLASSES or name.endswith(("Exception", "Error")) or not resolver.may_be_helper(name):
        return ()
    key = ("new", chain, arity, resolver.depth_left)
    cached = resolver.sinks_cache.get(key)
    if cached is not None:
        return cached
    result: tuple[HelperSink, ...] = ()
    if chain[0] in resolver.simple_names:
        info = resolver.local_class(chain)
        if info is not None:
            result = constructors_in(resolver, p, info, arity)
    else:
        source = resolver.class_source(p, resolver.class_names(chain))
        if source is not None:
            memo_key = ("java-constructor", source.display, source.member, arity, resolver.depth_left)
            result = p.memo(memo_key, functools.partial(_in_file, resolver, p, source, arity))
    resolver.sinks_cache[key] = result
    return result


def _in_file(
    resolver: Resolver, p: project.Project, source: project.Source, arity: int
) -> tuple[HelperSink, ...]:
    return resolver.in_class_of(p, source, lambda other, info: constructors_in(other, p, info, arity))


def constructors_in(
    resolver: Resolver, p: project.Project, info: ClassInfo, arity: int
) -> tuple[HelperSink, ...]:
    """The connections the constructors of class ``info`` (of ``resolver``'s file)
    taking ``arity`` parameters make from them, each labelled ``via new X()``.
    """
    from connlint.frontends.java_helper_chains import CONNECT_WORDS

    body = info.body
    out: list[HelperSink] = []
    class_name = resolver.source(info.node.child_by_field_name("name") or info.node)
    for member in body.named_children if body is not None else ():
        if member.type != "constructor_declaration":
            continue
        params = member.child_by_field_name("parameters")
        formals = list(params.named_children) if params is not None else []
        if len(formals) != arity or any(f.type != "formal_parameter" for f in formals):
            continue
        code = member.child_by_field_name("body")
        text = resolver.source(code) if code is not None else ""
        if (
            not any(word in text for word in CONNECT_WORDS)
            and "this(" not in text
            and not any(f"{name}(" in text for name in resolver.reaching)
        ):
            continue  # names no connection call, no other constructor, no helper of its file
        here = resolver.member_sinks(p, member, formals, info, _delegated)
        out.extend(replace(sink, label=f"via new {class_name}()") for sink in here)
    return tuple(out)


def _delegated(
    resolver: Resolver, p: project.Project, member: Node, formals: list[Node], info: ClassInfo
) -> list[HelperSink]:
    """The connections a constructor makes through ``this(…)``, another of its class."""
    from connlint.frontends.java_helper_chains import compose, uses
    from connlint.frontends.java_syntax import arguments

    code = member.child_by_field_name("body")
    first = (
        next((c for c in code.named_children if c.type == "explicit_constructor_invocation"), None)
        if code
        else None
    )
    kind = first.child_by_field_name("constructor") if first is not None else None
    if first is None or kind is None or kind.type != "this":
        return []
    args = arguments(first)
    ids = {formal.id: i for i, formal in enumerate(formals)}
    if not args or not any(uses(resolver, arg, ids) for arg in args):
        return []
    out: list[HelperSink] = []
    for sink in constructors_in(resolver, p, info, len(args)):
        composed = compose(resolver, member, formals, ids, first, args, sink, info)
        if composed is not None:
            out.append(composed)
    return out
