"""Where the assignments a shell function makes take effect (issue 16, item 11).

A function's variables are global unless declared ``local`` (``declare`` and
``typeset`` without ``-g`` too), and they change when the function runs, not
where it is written: ``setup() { OPTS="--ssl-mode=REQUIRED"; }; setup; mysql
$OPTS`` connects with ``--ssl-mode=REQUIRED``, and without the call ``$OPTS``
is not known.  So an assignment in a function body reads as written inside
that body only; each call the script makes (not in a subshell: ``$(f)``,
``( f )``, ``f | …``) assigns the function's globals, and those of the
functions it calls, at the call; a call in an ``if`` or ``case`` arm is an
outcome of that arm (``shell_branches``).  A function the script never calls
where it can be seen (a ``trap`` handler, a name in a variable) leaves its
globals not known statically from its definition on: never a guess.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from connlint.lazy import dataclass

#: Commands that declare the variables they name local to the function they run in.
_DECLARERS = frozenset({"local", "declare", "typeset"})

#: Nodes whose commands run in a subshell: what they assign does not outlive them.
_SUBSHELLS = frozenset({"command_substitution", "subshell", "process_substitution", "pipeline"})

#: At most this many function calls deep are followed (``a`` calls ``b`` calls …).
_MAX_DEPTH = 8


@dataclass(eq=False, slots=True)
class Function:
    """A function the script defines: its name, its body's bytes, its definition."""

    name: str
    start: int
    end: int
    node: Any
    #: Its assignments of globals, in source order: (variable, assignment node, appends).
    assigns: list[tuple[str, Any, bool]]
    #: The calls its body makes of the script's functions (not in a subshell).
    calls: list[tuple[Function, Any]]
    called: bool = False  # called anywhere the script shows it (a subshell too)
    locals: frozenset[str] | None = None  # its local names, read on first use


class Scopes:
    """The functions of one script, and which one each offset is in."""

    def __init__(self, functions: list[Function], src: Callable[[Any], str]) -> None:
        self.functions = functions
        self.starts = [f.start for f in functions]
        self.by_name = {f.name: f for f in functions}
        self.src = src
        #: Top-level calls (not in a function, not in a subshell), in source order.
        self.top_calls: list[tuple[Function, Any]] = []

    def innermost(self, offset: int) -> Function | None:
        """The innermost function whose body holds ``offset``: bodies nest, so the
        last one starting before it that has not ended.
        """
        i = bisect.bisect_right(self.starts, offset)
        while i > 0:
            i -= 1
            if offset < self.functions[i].end:
                return self.functions[i]
        return None

    def is_local(self, function: Function, name: str, node: Any) -> bool:
        """True when ``name`` assigned by ``node`` is local to ``function``: declared
        so by the assignment itself or by a declaration anywhere in the body.
        """
        parent = node.parent
        if parent is not None and parent.type == "declaration_command" and _declares_local(parent, self.src):
            return True
        if function.locals is None:
            function.locals = frozenset(_local_names(function.node, self.src))
        return name in function.locals

    def add_call(self, node: Any, callee: Function) -> None:
        """Record a command that calls ``callee`` (``node``)."""
        callee.called = True
        caller = self.innermost(node.start_byte)
        if _in_subshell(node, caller):
            return
        if caller is None:
            self.top_calls.append((callee, node))
        else:
            caller.calls.append((callee, node))

    def performed(
        self, function: Function, depth: int = 0, seen: frozenset[str] = frozenset()
    ) -> Iterator[tuple[str, Any, bool]]:
        """The global assignments a call of ``function`` makes, in the order it makes
        them: its own and, at each call in its body, those of the function called
        (recursion and calls deeper than :data:`_MAX_DEPTH` left out).
        """
        if depth > _MAX_DEPTH or function.name in seen:
            return
        inner = seen | {function.name}
        events: list[tuple[int, Iterable[tuple[str, Any, bool]]]] = [
            (node.start_byte, [(name, node, appends)]) for name, node, appends in function.assigns
        ]
        events += [
            (call.start_byte, self.performed(callee, depth + 1, inner)) for callee, call in function.calls
        ]
        for _, made in sorted(events, key=lambda e: e[0]):
            yield from made


def function_definitions(nodes: Iterable[Any], src: Callable[[Any], str]) -> Iterator[tuple[str, Any, Any]]:
    """Each function ``nodes`` define: its name, its body node and its node."""
    for node in nodes:
        if node.type != "function_definition":
            continue
        name = node.child_by_field_name("name")
        body = node.child_by_field_name("body")
        if name is not None and body is not None:
            yield src(name), body, node


def function_scopes(nodes: Iterable[Any], src: Callable[[Any], str]) -> Scopes | None:
    """The functions ``nodes`` define (None when there are none)."""
    functions = [
        Function(name, body.start_byte, body.end_byte, node, [], [])
        for name, body, node in function_definitions(nodes, src)
    ]
    return Scopes(functions, src) if functions else None


def _declares_local(declaration: Any, src: Callable[[Any], str]) -> bool:
    """True for ``local …``, ``declare …``/``typeset …`` without ``-g``."""
    first = declaration.children[0] if declaration.child_count else None
    if first is None or src(first) not in _DECLARERS:
        return False
    return not any(
        c.type == "word" and src(c).startswith("-") and "g" in src(c) for c in declaration.children[1:]
    )


def _local_names(definition: Any, src: Callable[[Any], str]) -> Iterator[str]:
    """The names a function's body declares local (``local A B=1``), nested
    functions' left out.
    """
    body = definition.child_by_field_name("body")
    stack = [body] if body is not None else []
    while stack:
        node = stack.pop()
        if node.type == "declaration_command":
            if _declares_local(node, src):
                for child in node.named_children:
                    if child.type == "variable_name":
                        yield src(child)
                    elif child.type == "variable_assignment":
                        name = child.child_by_field_name("name")
                        if name is not None:
                            yield src(name)
            continue
        stack.extend(c for c in node.named_children if c.type != "function_definition")


def _in_subshell(node: Any, caller: Function | None) -> bool:
    """True when ``node`` runs in a subshell of the script (or of ``caller``'s body)."""
    stop = caller.node if caller is not None else None
    parent = node.parent
    while parent is not None and parent != stop:
        if parent.type in _SUBSHELLS:
            return True
        parent = parent.parent
    return False
