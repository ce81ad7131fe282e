"""The front-end's parsers (connlint.frontends.python.parsers): libcst's and
CPython's trees as their own parse functions give them, and nothing of the
pause left behind.
"""

from __future__ import annotations

import ast
import contextlib
import gc
from pathlib import Path

import libcst as cst
import pytest

from connlint.frontends.python.parsers import cpython_tree, cst_module

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "fixtures").rglob("*.py"))


def _outcome(parse: object, text: str) -> object:
    try:
        tree = parse(text)  # type: ignore[operator]
    except Exception as err:  # the same exception, or the same tree
        return type(err).__name__, str(err)
    return tree.code if isinstance(tree, cst.Module) else ast.dump(tree, include_attributes=True)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: str(p.relative_to(ROOT)))
def test_same_trees_as_the_libraries(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    assert _outcome(cst_module, text) == _outcome(cst.parse_module, text)
    assert _outcome(cpython_tree, text) == _outcome(ast.parse, text)


@pytest.mark.parametrize("text", ["x = (1,\n", "def f(:\n", "a = 1\n", "if x:\n    pass\nelse:\n  y = 2\n"])
def test_nothing_left_behind(text: str) -> None:
    """After a parse, good or bad: the collector as it was, libcst's checks on."""
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            for parse in (cst_module, cpython_tree):
                with contextlib.suppress(SyntaxError, cst.ParserSyntaxError):
                    parse(text)
                assert gc.isenabled() is enabled
        finally:
            gc.enable()
    with pytest.raises(cst.CSTValidationError):
        cst.Name("")  # a node made by hand is checked again


def test_unchecked_while_parsing() -> None:
    """The parse skips the checks (what saves the time); libcst's own does not."""
    checked: list[str] = []
    real = cst.Name._validate

    def spy(self: cst.Name) -> None:
        checked.append(self.value)
        real(self)

    cst.Name._validate = spy  # type: ignore[method-assign]
    try:
        cst_module("x = y\n")
        assert checked == []
        cst.parse_module("x = y\n")
        assert checked == ["x", "y"]
    finally:
        cst.Name._validate = real  # type: ignore[method-assign]


def test_extract_pauses_the_collector_for_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole file is read with the collector off, and it is as it was after."""
    import connlint.frontends.python as python_frontend

    seen: list[bool] = []
    real = python_frontend._extract

    def spy(path: str, shaped: object) -> object:
        seen.append(gc.isenabled())
        return real(path, shaped)  # type: ignore[arg-type]

    monkeypatch.setattr(python_frontend, "_extract", spy)
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            result = python_frontend.extract("a.py", "import pymysql\npymysql.connect(ssl_disabled=True)\n")
            assert gc.isenabled() is enabled
        finally:
            gc.enable()
        assert result.candidates
    assert seen == [False, False]
