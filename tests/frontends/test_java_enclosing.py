"""Resolver._enclosing_classes remembers each node's classes with its distance to
the root (issue 15): the same answer as the walk up from the node, for every
node of the fixtures' Java files asked in any order, and under a bound that cuts
the walk (the walk's answer then, not a remembered longer one).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from connlint.frontends import java_project
from connlint.frontends.java_symbols import Symbols
from connlint.frontends.java_syntax import walk
from connlint.frontends.java_values import Evaluator
from connlint.frontends.ts_positions import TreePositions

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
NESTED = """class Outer {
    class Inner {
        void f() { new Object() { class Local { String g() { return A.B + C; } } }; }
        class Deeper { int x = y; }
    }
    interface I { String U = V; }
}
"""


def _resolver(path: str, text: str) -> tuple[java_project.Resolver, list[object]]:
    from connlint.frontends.java import _parse

    positions = TreePositions(path, text)
    tree = _parse(positions.data)
    assert tree is not None
    root = tree.root_node
    symbols = Symbols(positions, root, frozenset())
    resolver = java_project.Resolver(path, positions, root, symbols, Evaluator(positions, symbols))
    return resolver, list(walk(root))


def _check(path: str, text: str, seed: int) -> None:
    resolver, nodes = _resolver(path, text)
    random.Random(seed).shuffle(nodes)
    for node in nodes:
        assert resolver._enclosing_classes(node) == resolver._walk_enclosing(node)  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", range(3))
def test_the_remembered_classes_are_the_walk_s(seed: int) -> None:
    _check("Nested.java", NESTED, seed)
    for path in sorted(FIXTURES.rglob("*.java"))[:: 4 + seed]:
        _check(str(path), path.read_text(errors="replace"), seed)


@pytest.mark.parametrize("bound", [1, 2, 3, 5, 8])
def test_a_bound_that_cuts_the_walk_gives_the_walk_s_answer(
    bound: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(java_project, "_MAX_ENCLOSING", bound)
    for seed in range(3):
        _check("Nested.java", NESTED, seed)


def test_this_file_is_told_as_paths_are() -> None:
    resolver, _ = _resolver("src/A.java", "class A {}")
    assert resolver._is_this_file("src/A.java")
    assert resolver._is_this_file("src//A.java") and resolver._is_this_file("./src/A.java")
    assert not resolver._is_this_file("src/B.java") and not resolver._is_this_file("A.java")
