"""Source positions of libcst nodes, computed per statement.

libcst's PositionProvider re-generates the code of the whole module with
position tracking: ~4x the parse, and 16 s for a 1 MB file.  A file's
settings sit in a few statements, so positions are computed for those
statements alone, each as a one-statement module, and shifted by the number
of lines before it (top-level statements start in column 0).

A top-level statement can be a whole class of tests (150 KB, 0.4 s under the
profiler for one string in it).  When the text libcst parsed is known, a node
is located in the innermost statement of an indented block that holds it
(:class:`_Blocks`): its code is generated alone, with the indentation of its
blocks, and its first line is where that code stands in the text (libcst's
code of a statement is the text it was parsed from).  Where that code occurs
more than once in its top-level statement, the enclosing block statement is
tried, and at last the top-level statement.
"""

from __future__ import annotations

import ast
import bisect
import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

import libcst as cst

from connlint.frontends.python.bindings import child_fields
from connlint.frontends.python.parsers import cpython_tree
from connlint.frontends.python.statement_lines import (
    Span,
    block_first_line,
    first_lines,
    spans,
    statement_index,
)
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


def block_ranges(
    stmt: cst.BaseStatement, indents: tuple[str, ...], module: cst.Module
) -> tuple[Mapping[cst.CSTNode, CodeRange], str]:
    """The ranges of the nodes of ``stmt``, a statement of an indented block,
    as if its code began on line 1, and that code: what libcst generates for
    it within ``module``, where ``indents`` are the indentation of its blocks
    (``IndentedBlock._codegen_impl`` adds one each).
    """
    from libcst.metadata import PositionProvider
    from libcst.metadata.position_provider import PositionProvidingCodegenState

    provider = PositionProvider()
    provider._computed = {}
    state = PositionProvidingCodegenState(
        default_indent=module.default_indent,
        default_newline=module.default_newline,
        provider=provider,
        indent_tokens=list(indents),
    )
    stmt._codegen(state)
    computed: dict[cst.CSTNode, CodeRange] = provider._computed  # type: ignore[assignment]  # no lazy values
    return computed, "".join(state.tokens)


def _cpython_spans(source: str) -> tuple[str, list[Span]] | None:
    """CPython's spans of the top-level statements of ``source`` (None if it
    cannot parse it): a tenth of the cost of generating libcst's code for them.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escapes: the file's, not ours to report
            tree = cpython_tree(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return source, spans(tree.body)


class _Block(NamedTuple):
    """A statement of an indented block below a top-level statement."""

    stmt: cst.BaseStatement
    parent: int  # the index of the block statement it is in; -1: the top-level statement
    indents: tuple[str, ...]  # the indentation of the blocks it is in, outermost first


#: The block of a node met twice in one tree (libcst would keep its first range).
_SHARED = -2


class _Blocks:
    """The block statements of one top-level statement, and the innermost one
    holding each node (by ``id``; a block statement holds itself).
    """

    def __init__(self, top: cst.BaseStatement, default_indent: str) -> None:
        self.blocks: list[_Block] = []
        self.inner: dict[int, int] = {}
        blocks, inner = self.blocks, self.inner
        stack: list[tuple[cst.CSTNode, int, tuple[str, ...]]] = [(top, -1, ())]
        while stack:
            node, block, indents = stack.pop()
            key = id(node)
            inner[key] = _SHARED if key in inner else block
            if type(node) is cst.IndentedBlock:
                indents = (*indents, default_indent if node.indent is None else node.indent)
                for stmt in node.body:
                    blocks.append(_Block(stmt, block, indents))
                    stack.append((stmt, len(blocks) - 1, indents))
                continue
            for name in child_fields(type(node)):  # a node not found: its top-level statement
                value = getattr(node, name)
                if isinstance(value, cst.CSTNode):
                    stack.append((value, block, indents))
                elif isinstance(value, list | tuple):
                    stack.extend((item, block, indents) for item in value if isinstance(item, cst.CSTNode))


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
        #: The text libcst parsed, when known: nodes are then located in the
        #: innermost block statement that holds them (see the module).
        self.source: str | None = None
        self._blocks: dict[int, _Blocks] = {}
        self._nested: dict[tuple[int, int], tuple[Mapping[cst.CSTNode, CodeRange], int] | None] = {}
        self._line_starts: list[int] | None = None
        self._tree: ast.Module | bool | None = None  # False: CPython cannot parse the text

    def position(self, node: cst.CSTNode) -> CodeRange:
        """The 0-based-column range of ``node``."""
        top = self.top_of.get(id(node), -1)
        if top >= 0:
            if self.source is not None:
                nested = self._nested_position(top, node)
                if nested is not None:
                    return nested
            ranges, shift = self._statement_ranges(top)
            found = ranges.get(node)
            if found is not None:
                return shifted(found, shift) if shift else found
        return self.module_ranges()[node]

    def _nested_position(self, top: int, node: cst.CSTNode) -> CodeRange | None:
        """The range of ``node`` from the innermost block statement of top-level
        statement ``top`` whose code is found once in the text (None: none is).
        """
        if top == len(self.module.body) - 1 and not self.module.has_trailing_newline:
            return None  # the text lacks the newline that ends the code of its last statements
        blocks = self._blocks.get(top)
        if blocks is None:
            blocks = self._blocks[top] = _Blocks(self.module.body[top], self.module.default_indent)
        index = blocks.inner.get(id(node), -1)
        while index >= 0:
            block = blocks.blocks[index]
            key = (top, index)
            if key not in self._nested:
                ranges, code = block_ranges(block.stmt, block.indents, self.module)
                line = self._line_of(code, top)
                if line is None:  # written more than once: CPython's line, if the code stands there
                    line = self._cpython_line(code, top, blocks, index)
                self._nested[key] = None if line is None else (ranges, line - 1)
            found = self._nested[key]
            if found is not None:
                r = found[0].get(node)
                return None if r is None else shifted(r, found[1]) if found[1] else r
            index = block.parent
        return None

    def _line_of(self, code: str, top: int) -> int | None:
        """The line where ``code`` begins a line in top-level statement ``top``'s
        text, if it does exactly once.
        """
        source = self.source
        assert source is not None
        starts = self._line_starts
        if starts is None:
            if "\r" in source.replace("\r\n", ""):
                self.source = None  # lone CRs end lines too: not counted here
                return None
            starts = self._line_starts = [0]
            for line in source.split("\n")[:-1]:
                starts.append(starts[-1] + len(line) + 1)
        tops = self.top_lines()
        lo = starts[tops[top] - 1]
        hi = starts[tops[top + 1] - 1] if top + 1 < len(tops) else len(source)
        found = -1
        at = source.find(code, lo, hi)
        while at >= 0:
            if at == 0 or source[at - 1] == "\n":
                if found >= 0:
                    return None
                found = at
            at = source.find(code, at + 1, hi)
        return None if found < 0 else bisect.bisect_right(starts, found)

    def _cpython_line(self, code: str, top: int, blocks: _Blocks, index: int) -> int | None:
        """The line of block statement ``index`` of top-level statement ``top``
        from CPython's tree of the text (:func:`.statement_lines.block_first_line`),
        if ``code`` begins there within the top-level statement's lines.
        """
        tree = self._cpython_tree()
        if tree is None or self._line_starts is None:
            return None
        body = self.module.body
        at = statement_index(body, top)
        if statement_index(body, len(body)) != len(tree.body) or at >= len(tree.body):
            return None
        chain = []
        while index >= 0:
            chain.append(blocks.blocks[index].stmt)
            index = blocks.blocks[index].parent
        chain.append(body[top])
        line = block_first_line(chain[::-1], tree.body[at])
        starts, tops, source = self._line_starts, self.top_lines(), self.source
        assert source is not None
        end = tops[top + 1] if top + 1 < len(tops) else len(starts) + 1
        if line is None or not tops[top] <= line < end:
            return None
        at = starts[line - 1]
        hi = starts[end - 1] if end <= len(starts) else len(source)
        return line if at + len(code) <= hi and source.startswith(code, at) else None

    def _cpython_tree(self) -> ast.Module | None:
        """CPython's tree of the text libcst parsed (None if it cannot parse it), once."""
        if self._tree is None:
            self._tree = False
            if self.source is not None:
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")  # invalid escapes: the file's, not ours to report
                        self._tree = cpython_tree(self.source)
                except (SyntaxError, ValueError, RecursionError, MemoryError):
                    pass
        return self._tree if isinstance(self._tree, ast.Module) else None

    def top_lines(self) -> list[int]:
        """The line where the code of each top-level statement begins."""
        if self._first_lines is None:
            if self.lines_hint is None and self.source is not None:
                self.lines_hint = _cpython_spans(self.source)
            hinted = None if self.lines_hint is None else first_lines(self.module, *self.lines_hint)
            self._first_lines = statement_first_lines(self.module) if hinted is None else hinted
            self.lines_hint = None
        return self._first_lines

    def _statement_ranges(self, top: int) -> tuple[Mapping[cst.CSTNode, CodeRange], int]:
        cached = self._tops.get(top)
        if cached is None:
            starts = self.top_lines()
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
            cached = self._tops[top] = (ranges, starts[top] - 1)
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
