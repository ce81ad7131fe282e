"""The Java front-end's query captures (issue 15): one capture per group of
wanted kinds, each in source order, is the one ``@node`` capture of every kind
sorted by ``(start, -end)`` and told apart by kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tree_sitter import Language, Node, Query, QueryCursor

from connlint.frontends import java
from connlint.frontends.java_symbols import Symbols
from connlint.frontends.java_syntax import source_order
from connlint.frontends.ts_positions import TreePositions

FIXTURES = sorted(Path(__file__).parents[2].joinpath("fixtures").rglob("*.java"))
#: Shapes a query's captures take: nested calls and literals that start together,
#: lambdas, parameters, declarations in initializers, a file with errors.
SHAPES = [
    'class A { String u = "a" + "b".trim(); void f(int x, String... y) { x = g("c").h(); x++; } }',
    'class A { { int a = 1, b = a = 2; } Runnable r = () -> { String s = "x"; s += "y"; }; }',
    'class A { void f() { new B() { void g(String p) { p = "q".concat(p); } }; } }',
    'class A { void f( { String s = "unterminated; g("x"); } int y = ; }',
]


@dataclass
class _Span:
    start_byte: int
    end_byte: int
    id: int


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=40))
def test_source_order_is_a_stable_sort_by_start_then_longest(spans: list[tuple[int, int]]) -> None:
    nodes = [_Span(start, start + length, i) for i, (start, length) in enumerate(spans)]
    expected = sorted(nodes, key=lambda n: (n.start_byte, -n.end_byte))
    assert [n.id for n in source_order(list(nodes))] == [n.id for n in expected]


def _old_nodes(root: Node) -> list[Node]:
    """The captures as one ``@node`` list of every wanted kind, sorted as before."""
    import tree_sitter_java

    kinds = [kind for group in java._WANTED.values() for kind in group]
    query = Query(Language(tree_sitter_java.language()), "[" + " ".join(f"({k})" for k in kinds) + "] @node")
    nodes = QueryCursor(query).captures(root).get("node", [])
    nodes.sort(key=lambda n: (n.start_byte, -n.end_byte))
    return nodes


@pytest.mark.parametrize("text", [*SHAPES, *(path.read_text(encoding="utf-8") for path in FIXTURES)])
def test_grouped_captures_are_the_one_capture_told_apart(text: str) -> None:
    positions = TreePositions("A.java", text)
    root = java._parser().parse(positions.data).root_node
    captured = java._captured(root, Symbols(positions, root, java.TRACKED_TYPES))
    old = _old_nodes(root)
    groups = {
        "declarations": java._WANTED["declaration"],
        "changes": java._WANTED["change"],
        "calls": java._WANTED["call"],
        "strings": java._WANTED["string"],
    }
    for attribute, kinds in groups.items():
        expected = [node.id for node in old if node.type in kinds]
        assert [node.id for node in getattr(captured, attribute)] == expected, attribute


@pytest.mark.parametrize("prefix", ["", "/* \u00a9 Ünïcode \U0001f600 */\n"])
@pytest.mark.parametrize("text", [*SHAPES, *(p.read_text(encoding="utf-8") for p in FIXTURES[:40])])
def test_call_names_are_each_calls_name(prefix: str, text: str) -> None:
    """The names read by field id (and sliced from an ASCII text) are ``call_name``'s."""
    from connlint.frontends.java_syntax import call_name

    positions = TreePositions("A.java", prefix + text)
    tree = java._parse(positions.data)
    assert tree is not None
    captures = QueryCursor(java._query()).captures(tree.root_node)
    calls = source_order(captures.get("call", []))
    assert java._call_names(calls, positions) == [call_name(call, positions.source) for call in calls]


#: Literals as arguments of every kind of call: plain (a check, a log, ``super``),
#: taken in (a format, an append, a builder's creation, a receiver), not arguments.
ARGUMENTS = """class A extends B {
    A() { super("s"); }
    void f(StringBuilder sb, String h) {
        assertEquals("a", h);
        log.info("b" + h);
        String u = String.format("jdbc:mysql://%s/db", h);
        sb.append("c").append(h, "d");
        Object o = new StringBuilder("e");
        String v = "f".concat(h);
        String w = h == null ? "g" : ("h");
        u += "i";
        g(new Object[] {"j"}, "k".trim());
    }
}
"""


@pytest.mark.parametrize("text", [ARGUMENTS, *SHAPES, *(p.read_text(encoding="utf-8") for p in FIXTURES)])
def test_plain_arguments_are_the_argument_literals_no_call_takes_in(text: str) -> None:
    """``_plain_arguments`` is what the parents say: a literal of an argument list
    whose call neither builds a string (by name) nor creates an object; and
    ``_absorber`` answers None for each (the pass that skips it loses nothing).
    """
    from connlint.frontends.java_syntax import call_name

    extractor = java._Extractor("A.java", text)
    extractor.run()
    if extractor.partial:
        return  # not parsed (hostile nesting): no literal read
    positions = extractor.positions
    root = extractor.symbols.root
    captured = java._captured(root, Symbols(positions, root, java.TRACKED_TYPES))
    expected: set[int] = set()
    for node in captured.strings:
        parent = node.parent
        call = parent.parent if parent is not None and parent.type == "argument_list" else None
        if call is None:
            continue
        building = (
            call.type == "method_invocation" and call_name(call, positions.source) in java._STRING_BUILDING
        )
        if not building and call.type != "object_creation_expression":
            expected.add(node.id)
    assert captured.plain_arguments == expected
    for node in captured.strings:
        if node.id in captured.plain_arguments:
            assert extractor._absorber(node) is None, positions.source(node)


def test_plain_arguments_of_calls_by_kind() -> None:
    positions = TreePositions("A.java", ARGUMENTS)
    root = java._parser().parse(positions.data).root_node
    captured = java._captured(root, Symbols(positions, root, java.TRACKED_TYPES))
    plain = sorted(positions.source(node) for node in captured.strings if node.id in captured.plain_arguments)
    assert plain == ['"a"', '"s"']  # "d" is append's: taken in, as far as the name tells
