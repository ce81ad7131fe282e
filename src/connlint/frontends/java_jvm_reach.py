"""Where a ``System.setProperty("javax.net.ssl.trustStore", …)`` is in force:
the parts of a Java file whose JDBC connections open with it set (issue 16,
item 6 left over).

A JVM system property is global, but the order in which a file's methods run
is not known statically: a trust store set in one test method says nothing
about a connection opened in another test, which may run before it or alone.
What is sound:

* set in a member that runs before the others of its class (a constructor, an
  initializer block, ``main``, a JUnit / TestNG set-up method), it is in force
  in the whole class;
* set in any other method, it is in force in that method and in the methods of
  the class that call it (``configureTls(); DriverManager.getConnection(…)``),
  through a few levels;
* outside any member (none in Java; error recovery), in the whole file, as
  before.

Elsewhere the connection keeps the JVM's default trust store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tree_sitter import Node

from connlint.frontends.java_syntax import SourceFn

#: The members a setter can stand in (the innermost one is its member).
_MEMBERS = frozenset(
    {"method_declaration", "constructor_declaration", "compact_constructor_declaration", "static_initializer"}
)
_CLASS_BODIES = frozenset({"class_body", "enum_body", "record_declaration", "interface_body"})
_CLASSES = frozenset(
    {
        "class_declaration",
        "enum_declaration",
        "record_declaration",
        "interface_declaration",
        "object_creation_expression",
    }
)
#: Annotations of methods that run before the tests of their class: JUnit 4
#: (``@Before``, ``@BeforeClass``), JUnit 5 (``@BeforeEach``, ``@BeforeAll``),
#: TestNG (``@BeforeMethod``, ``@BeforeClass``, ``@BeforeTest``, ``@BeforeSuite``,
#: ``@BeforeGroups``), and ``@PostConstruct`` (a bean's initialisation, before use).
_FIRST_ANNOTATIONS = frozenset(
    {
        "Before",
        "BeforeClass",
        "BeforeEach",
        "BeforeAll",
        "BeforeMethod",
        "BeforeTest",
        "BeforeSuite",
        "BeforeGroups",
        "PostConstruct",
    }
)
#: Methods that run first by name: the program's entry point, and JUnit 3's
#: ``TestCase.setUp`` (run before each test; Connector/J's ``BaseTestCase`` keeps it).
_FIRST_NAMES = frozenset({"main", "setUp", "setUpBeforeClass"})
#: How many levels of callers a method's store reaches (each level is one more
#: method whose every call of the setter's method is assumed to come first).
_CALLER_LEVELS = 3


def reach(
    call: Node,
    parent: Callable[[Node], Node | None],
    source: SourceFn,
    calls: Sequence[Node],
    names: Sequence[str | None],
) -> list[Node]:
    """The nodes (members or a class) within which the JVM property set by
    ``call`` is in force; empty: the whole file.  ``calls`` and ``names``: the
    file's method invocations and their names, to find a method's callers.
    """
    member = _member(call, parent)
    if member is None:
        return []
    if _runs_first(member, source):
        owner = _owner(member, parent)
        return [owner] if owner is not None else []
    found = [member]
    level = [member]
    for _ in range(_CALLER_LEVELS):
        wanted = {source(n) for m in level if (n := m.child_by_field_name("name")) is not None}
        level = []
        for other, name in zip(calls, names, strict=True):
            if name not in wanted or not _own_call(other, source):
                continue
            caller = _member(other, parent)
            if caller is not None and all(caller.id != m.id for m in found):
                found.append(caller)
                level.append(caller)
        if not level:
            break
    return found


def _member(node: Node, parent: Callable[[Node], Node | None]) -> Node | None:
    """The member ``node`` stands in: a method, constructor or initializer."""
    current = parent(node)
    while current is not None:
        if current.type in _MEMBERS:
            return current
        up = parent(current)
        if current.type == "block" and up is not None and up.type in _CLASS_BODIES:
            return current  # an instance initializer
        current = up
    return None


def _owner(member: Node, parent: Callable[[Node], Node | None]) -> Node | None:
    """The class (or anonymous class) ``member`` belongs to."""
    current = parent(member)
    while current is not None and current.type not in _CLASSES:
        current = parent(current)
    return current


def _runs_first(member: Node, source: SourceFn) -> bool:
    """Whether ``member`` runs before the other members of its class."""
    if member.type != "method_declaration":
        return True  # a constructor or an initializer
    name = member.child_by_field_name("name")
    if name is not None and source(name) in _FIRST_NAMES:
        return True
    for child in member.children:
        if child.type != "modifiers":
            continue
        for annotation in child.named_children:
            if annotation.type not in ("marker_annotation", "annotation"):
                continue
            named = annotation.child_by_field_name("name")
            if named is not None and source(named).rsplit(".", 1)[-1] in _FIRST_ANNOTATIONS:
                return True
    return False


def _own_call(call: Node, source: SourceFn) -> bool:
    """A call of a method of the class itself: ``m(…)`` or ``this.m(…)``."""
    obj = call.child_by_field_name("object")
    return obj is None or (obj.type == "this" and source(obj) == "this")
