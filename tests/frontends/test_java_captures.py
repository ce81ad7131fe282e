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
