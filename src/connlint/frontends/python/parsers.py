"""The front-end's two parsers, CPython's and libcst's, without the work they
do that nobody reads.

* The cyclic garbage collector is paused while either builds its tree: a
  parse allocates one object per node and makes no garbage, and the collector
  triggered every few thousand allocations traverses the young tree again and
  again (the screen's :func:`ast.parse` of the 107 Python files of the
  real-code corpus that pass the prefilter: ~12 % of its CPU time).
* libcst checks every node it builds (``CSTNode.__post_init__`` calls
  ``_validate``: a regular expression per whitespace node, the counts of
  parentheses, ...), a check meant for trees built by hand.  For a tree its own
  parser builds from text it repeats what the grammar has checked (libcst's
  own comment there: "it might make more sense to move validation work into
  the visitor, which would allow us to avoid validating the tree when parsing
  a file").  :func:`cst_module` skips it for the parse alone (~8-15 % of
  libcst's parse); nodes made afterwards are checked as before.  Over the 906
  Python files of the real repositories and fixtures that name a MySQL
  driver, the parse with and without the check gave the same outcome (one
  syntax error, the same) and trees whose code is the text.
"""

from __future__ import annotations

import ast
import contextlib
import gc
from collections.abc import Iterator

import libcst as cst

__all__ = ["cpython_tree", "cst_module", "paused"]


def _unchecked(self: cst.CSTNode) -> None:
    """``CSTNode.__post_init__`` while libcst's parser builds a tree: no check."""


_CHECKED = cst.CSTNode.__post_init__


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The cyclic collector off inside, as it was after (off stays off)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def cpython_tree(text: str) -> ast.Module:
    """:func:`ast.parse` of ``text``, the collector paused; raises as it does."""
    with paused():
        return ast.parse(text)


def cst_module(source: str) -> cst.Module:
    """:func:`libcst.parse_module` of ``source``, its nodes unchecked and the
    collector paused; raises as it does.
    """
    with paused():
        setattr(cst.CSTNode, "__post_init__", _unchecked)  # noqa: B010  # mypy: a method is not assignable
        try:
            return cst.parse_module(source)
        finally:
            setattr(cst.CSTNode, "__post_init__", _CHECKED)  # noqa: B010
