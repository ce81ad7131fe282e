"""Where each top-level statement's code begins, from CPython's lines
(connlint.frontends.python.statement_lines): the same as generating the code.
"""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connlint.frontends import python_shape
from connlint.frontends.python import reduction, screen, statement_lines
from connlint.frontends.python.positions import statement_first_lines

ROOT = Path(__file__).resolve().parents[2]

PIECES = [
    "import pymysql\n",
    "a = 1; b = 2\n",
    "x = (1,\n     2); y = 3\n",
    "# a comment\n",
    "\n",
    "@decorator\n# between\n@other(1)\ndef f():\n    return pymysql.connect(host='db')\n",
    "class C:\n    def m(self):\n        return 1\n\n    def n(self):\n        return pymysql.connect()\n"
    "        # indented after the block\n",
    "if x:\n    pass\nelif y:\n    pass\nelse:\n    pass\n",
    "async def g():\n    async with a as b:\n        pass\n",
    "match x:\n    case 1:\n        pass\n",
    "try:\n    pass\nexcept E:\n    pass\n",
    's = """\nline\n"""\n',
    "URL = 'mysql://u@db/x'\n",
    "for i in []:\n    pass\n",
    "while False:\n    pass\n",
    "with open(p) as f: pass\n",
    "x = 1 \\\n    + 2\n",
]


def _lines(text: str, whole: bool) -> tuple[list[int] | None, list[int]] | None:
    shaped = python_shape.bound(text).text
    scan = screen.scan(shaped)
    if scan.statements is None:
        return None
    source = reduction.for_parse(shaped, scan, whole=whole)
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError:
        return None
    spans = statement_lines.spans([s.node for s in scan.statements])
    return statement_lines.first_lines(module, source, spans), statement_first_lines(module)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=10), st.booleans(), st.sampled_from(["\n", "\r\n"]))
def test_first_lines_are_those_of_the_generated_code(pieces: list[str], whole: bool, newline: str) -> None:
    text = "".join(pieces).replace("\n", newline)
    found = _lines(text, whole)
    if found is not None:
        hinted, generated = found
        assert hinted == generated, text


def test_lone_carriage_returns_are_left_to_the_code() -> None:
    module = cst.parse_module("a = 1\rb = 2\r")
    spans = [statement_lines.Span(1, 1, True), statement_lines.Span(2, 2, True)]
    assert statement_lines.first_lines(module, "a = 1\rb = 2\r", spans) is None


def test_spans_that_do_not_match_are_left_to_the_code() -> None:
    source = "a = 1\n\nb = 2\n"
    module = cst.parse_module(source)
    assert statement_lines.first_lines(module, source, [statement_lines.Span(1, 1, True)]) is None
    wrong = [statement_lines.Span(1, 1, True), statement_lines.Span(2, 2, True)]
    assert statement_lines.first_lines(module, source, wrong) is None  # line 2 is blank
    shifted = [statement_lines.Span(1, 1, False), statement_lines.Span(3, 3, True)]
    assert statement_lines.first_lines(module, source, shifted) == [1, 2]


@pytest.mark.parametrize("whole", [True, False])
def test_fixtures(whole: bool) -> None:
    checked = 0
    for path in sorted((ROOT / "fixtures").rglob("*.py")):
        found = _lines(path.read_text("utf-8", "surrogateescape"), whole)
        if found is not None and found[0] is not None:
            checked += 1
            assert found[0] == found[1], path
    assert checked > 15
