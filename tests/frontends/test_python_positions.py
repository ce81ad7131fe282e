"""Positions of nodes from the innermost block statement that holds them
(connlint.frontends.python.positions): the same as libcst's PositionProvider
on the whole module, for every node.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

import libcst as cst
from hypothesis import given, settings
from hypothesis import strategies as st
from libcst.metadata import CodeRange

from connlint.frontends.python import positions

ROOT = Path(__file__).resolve().parents[2]

SIMPLE = [
    "x = 1",
    "x = 1; y = 2",
    'conn = pymysql.connect(host="db",\n    ssl={"ca": CA})',
    'conn = pymysql.connect(host="db", ssl={"ca": CA})',
    's = """first\n  second\n"""',
    "return f(a,\n         b)",
    "value = (1 +\n         2)",
    "y = a \\\n    + b",
    "pass",
    'url = f"mysql://{host}/db"',
]
HEADERS = [
    "def f(self, x=1):",
    "async def g():",
    "class C(Base):",
    "if x:",
    "for i in items:",
    "while False:",
    "with open(p) as f:",
    "try:",
    "async with a as b:",
]
LEADING = ["", "# a comment\n", "\n", "\n# after a blank line\n"]


@st.composite
def _block(draw: st.DrawFn, depth: int) -> list[str]:
    """The lines of a block's statements, unindented."""
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        lines.extend(draw(st.sampled_from(LEADING)).splitlines())
        if depth < 3 and draw(st.booleans()):
            header = draw(st.sampled_from(HEADERS))
            if header.startswith("def") and draw(st.booleans()):
                lines.append("@decorator(1)")
            unit = draw(st.sampled_from(["    ", "  ", "\t"]))
            if draw(st.booleans()) and header != "try:":
                lines.append(header + " " + draw(st.sampled_from(SIMPLE)).replace("\n", " "))
                continue
            lines.append(header)
            lines.extend(unit + line if line else line for line in draw(_block(depth + 1)))
            clauses = {"try:": ["except E:"], "if x:": ["elif y:", "else:"]}.get(
                header, ["else:"] if header.startswith(("for", "while")) else []
            )
            for clause in clauses:
                if clause == "except E:" or draw(st.booleans()):
                    lines.append(clause)
                    lines.extend(unit + line if line else line for line in draw(_block(depth + 1)))
            if header == "try:" and draw(st.booleans()):
                lines.append("finally:")
                lines.extend(unit + line if line else line for line in draw(_block(depth + 1)))
        else:
            lines.extend(draw(st.sampled_from(SIMPLE)).split("\n"))
    return lines


def _walk_all(node: cst.CSTNode, top: int, top_of: dict[int, int]) -> None:
    stack = [node]
    while stack:
        current = stack.pop()
        top_of[id(current)] = top
        for field in dataclasses.fields(current):
            value = getattr(current, field.name)
            if isinstance(value, cst.CSTNode):
                stack.append(value)
            elif isinstance(value, list | tuple):
                stack.extend(item for item in value if isinstance(item, cst.CSTNode))


def _compare(text: str) -> int:
    """How many nodes were located from a block statement; asserts every node's range."""
    module = cst.parse_module(text)
    whole = positions.node_ranges(module)
    top_of: dict[int, int] = {}
    for index, stmt in enumerate(module.body):
        _walk_all(stmt, index, top_of)
    located = positions.Positions("a.py", module, top_of)
    located.source = text
    for node, expected in whole.items():
        if id(node) in top_of:
            assert located.position(node) == expected, (text, node)
    # the first lines of the top-level statements, from CPython's parse of the text
    assert located.top_lines() == positions.statement_first_lines(module)
    return sum(1 for found in located._nested.values() if found is not None)


@settings(max_examples=200, deadline=None)
@given(_block(0), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_nested_positions_are_those_of_the_whole_module(lines: list[str], newline: str, end: bool) -> None:
    text = newline.join(lines) + (newline if end else "")
    try:
        cst.parse_module(text)
    except cst.ParserSyntaxError:
        return  # e.g. a ``return`` with nothing before it is fine; a bare block header is not
    _compare(text)


def _located_class(text: str) -> tuple[Mapping[cst.CSTNode, CodeRange], positions.Positions]:
    """libcst's own positions of ``text`` (a module of one class) and ours."""
    module = cst.parse_module(text)
    whole = positions.node_ranges(module)
    top_of: dict[int, int] = {}
    _walk_all(module.body[0], 0, top_of)
    located = positions.Positions("a.py", module, top_of)
    located.source = text
    return whole, located


def test_repeated_statements_are_located_by_their_enclosing_statement() -> None:
    text = (
        "class T:\n"
        "    def test_a(self):\n"
        '        e = create_engine("mysql://a")\n'
        "\n"
        "    def test_b(self):\n"
        '        e = create_engine("mysql://a")\n'
    )
    whole, located = _located_class(text)
    strings = [n for n in whole if isinstance(n, cst.SimpleString)]
    assert [located.position(n) for n in strings] == [whole[n] for n in strings]
    assert [whole[n].start.line for n in strings] == [3, 6]
    assert not located._tops  # the methods were unique: the class's code was not generated


def test_lines_written_twice_in_one_block_are_located_by_cpython() -> None:
    """The same line twice in one method (and in an ``elif``, an ``except``, a
    ``finally``): each at its own line, from CPython's tree, without
    generating the code of the method or the class around it.
    """
    text = (
        "class T:\n"
        "    def test_a(self):\n"
        "        conn = self.connect()\n"
        "        conn = self.connect()\n"
        "        if a:\n"
        "            pass\n"
        "        elif b:\n"
        "            conn = self.connect()\n"
        "        try:\n"
        "            conn = self.connect()\n"
        "        except E:\n"
        "            # why\n"
        "            conn = self.connect()\n"
        "        finally:\n"
        "            x = 1; conn = self.connect()\n"
    )
    whole, located = _located_class(text)
    calls = [n for n in whole if isinstance(n, cst.Call)]
    assert [located.position(n) for n in calls] == [whole[n] for n in calls]
    assert [whole[n].start.line for n in calls] == [3, 4, 8, 10, 13, 15]
    blocks = located._blocks[0].blocks
    generated = {type(blocks[index].stmt) for _, index in located._nested}
    assert generated == {cst.SimpleStatementLine}
    assert not located._tops


def test_lone_carriage_returns_are_left_to_the_top_level_statement() -> None:
    text = "class T:\r    x = 1\r    y = 2\r"
    assert _compare(text) == 0


def test_fixtures() -> None:
    nested = 0
    for path in sorted((ROOT / "fixtures").rglob("*.py")):
        text = path.read_text("utf-8", "surrogateescape")
        try:
            cst.parse_module(text)
        except (cst.ParserSyntaxError, UnicodeError):
            continue
        nested += _compare(text)
    assert nested > 100
