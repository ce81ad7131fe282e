"""Source positions of libcst nodes, computed per top-level statement.

libcst's PositionProvider re-generates the code of the whole module with
position tracking: ~4x the parse, and 16 s for a 1 MB file.  A file's
settings sit in a few statements, so positions are computed for those
statements alone, each as a one-statement module, and shifted by the number
of lines before it (top-level statements start in column 0).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import libcst as cst

from connlint.frontends.python.statement_lines import Span, first_lines
from connlint.model import Location

if TYPE_CHECKING:
    from libcst.metadata import CodeRange


def statement_first_lines(module: cst.Module) -> list[int]:
    """The line on which the code of each top-level statement (its leading
    blank and comment lines included) starts.
    """
    line = 1 + sum(module.code_for_node(h).count("\n") for h in module.header)
    starts = []
    for stmt in module.body:
        starts.append(line)
        line += module.code_for_node(stmt).count("\n")
    return starts


def node_ranges(module: cst.Module) -> Mapping[cst.CSTNode, CodeRange]:
    """The range libcst's ``PositionProvider`` gives each node of ``module``.

    What ``MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)``
    returns, without the wrapper's batched visit of the whole tree that it runs
    even when no batchable provider is asked for (libcst 1.x
    ``metadata/wrapper.py`` ``_resolve_impl``): that visit cost as much as the
    code generation the ranges come from (real code: 65 statements, 4.1 of
    8.8 s under the profiler).
    """
    # libcst.metadata costs ~145 ms to import: only files with something to
    # report pay for it (pre-commit runs are start-up bound).
    from libcst.metadata import PositionProvider

    provider = PositionProvider()
    provider._computed = {}
    provider._gen_impl(module)
    computed: dict[cst.CSTNode, CodeRange] = provider._computed  # type: ignore[assignment]  # no lazy values
    return computed


def shifted(r: CodeRange, lines: int) -> CodeRange:
    """``r`` moved down by ``lines`` lines."""
    from libcst.metadata import CodePosition, CodeRange

    return CodeRange(
        CodePosition(r.start.line + lines, r.start.column), CodePosition(r.end.line + lines, r.end.column)
    )


class Positions:
    """Where the nodes of one module stand, computed lazily.

    ``top_of`` maps ``id(node)`` to the index of the top-level statement that
    holds it (see :class:`~connlint.frontends.python.bindings.Collector`).
    """

    def __init__(self, path: str, module: cst.Module, top_of: Mapping[int, int]) -> None:
        self.path = path
        self.module = module
        self.top_of = top_of
        # False until build(): the pass-2 gate needs no positions.  A flag, not
        # a stored bound method, which would make a reference cycle holding
        # every CodeRange until the next full garbage collection (11 MB for 1 MB).
        self.located = False
        self._tops: dict[int, tuple[Mapping[cst.CSTNode, CodeRange], int]] = {}
        self._first_lines: list[int] | None = None
        #: The text parsed and CPython's spans of its statements, when known:
        #: the first lines without generating the module's code (:mod:`.statement_lines`).
        self.lines_hint: tuple[str, list[Span]] | None = None
        self._all: Mapping[cst.CSTNode, CodeRange] | None = None

    def position(self, node: cst.CSTNode) -> CodeRange:
        """The 0-based-column range of ``node``."""
        top = self.top_of.get(id(node), -1)
        if top >= 0:
            ranges, shift = self._statement_ranges(top)
            found = ranges.get(node)
            if found is not None:
                return shifted(found, shift) if shift else found
        return self.module_ranges()[node]

    def _statement_ranges(self, top: int) -> tuple[Mapping[cst.CSTNode, CodeRange], int]:
        cached = self._tops.get(top)
        if cached is None:
            if self._first_lines is None:
                hinted = None if self.lines_hint is None else first_lines(self.module, *self.lines_hint)
                self._first_lines = statement_first_lines(self.module) if hinted is None else hinted
                self.lines_hint = None
            stmt = self.module.body[top]
            sub = cst.Module(
                body=[stmt],
                header=[],
                footer=[],
                encoding=self.module.encoding,
                default_indent=self.module.default_indent,
                default_newline=self.module.default_newline,
            )
            ranges = node_ranges(sub)
            cached = self._tops[top] = (ranges, self._first_lines[top] - 1)
        return cached

    def module_ranges(self) -> Mapping[cst.CSTNode, CodeRange]:
        """The ranges of every node of the module (the slow, whole-module pass)."""
        if self._all is None:
            self._all = node_ranges(self.module)
        return self._all

    def owner_of(self, node: cst.CSTNode) -> Positions:
        """Whose positions ``node`` has: this module's (overridden where values
        come from other modules too).
        """
        return self

    def loc(self, node: cst.CSTNode) -> Location:
        """The 1-based region of ``node`` (end column exclusive), in its own file."""
        assert self.located
        owner = self.owner_of(node)
        r = owner.position(node)
        return Location(owner.path, r.start.line, r.start.column + 1, r.end.line, r.end.column + 1)

    def code(self, node: cst.CSTNode, limit: int = 120) -> str:
        """``node`` as written, on one line and shortened."""
        text = self.module.code_for_node(node)
        if "#" in text:  # a comment is no part of the evidence (a `# ruleid:` after a dict item's comma)
            bare = node.visit(_WithoutComments())
            if isinstance(bare, cst.CSTNode):
                text = self.module.code_for_node(bare)
        text = " ".join(text.split()).rstrip(", ")
        return text if len(text) <= limit else text[: limit - 1] + "…"


class _WithoutComments(cst.CSTTransformer):
    """Drops every comment (each sits in an optional field: trailing or empty-line whitespace)."""

    # libcst's stubs type this Comment -> Comment; a Comment only ever sits in an
    # Optional field, where RemoveFromParent() makes it None.
    def leave_Comment(  # type: ignore[override]
        self, original_node: cst.Comment, updated_node: cst.Comment
    ) -> cst.RemovalSentinel:
        return cst.RemoveFromParent()
