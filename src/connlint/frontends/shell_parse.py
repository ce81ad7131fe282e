"""Parsing shell text with tree-sitter-bash and finding the nodes the shell
front-end reads: commands, assignments and loops, in source order, leaving
out heredoc bodies (text, not commands).  Also the workarounds for the
grammar's gaps (shapes it crashes on or misreads) and the template
expressions (GitHub ``${{ }}``, Jinja ``{{ }}``) that stand for values.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import Any

from connlint import lazy
from connlint.budget import parse_tree

#: The nodes the front-end reads, found by one query instead of a walk in Python.
_QUERY = """
(command) @node
(variable_assignment) @node
(for_statement) @node
(c_style_for_statement) @node
(function_definition) @node
(heredoc_body) @heredoc
"""


#: Node kinds :func:`wanted_nodes` returns.
_WANTED = frozenset(
    {"command", "variable_assignment", "for_statement", "c_style_for_statement", "function_definition"}
)
#: Below this many bytes the tree is walked in Python: compiling the query costs
#: ~10 ms, more than walking a few thousand nodes (pre-commit runs are start-up bound).
_QUERY_ABOVE = 16 * 1024


def children(node: Any) -> Iterator[Any]:
    """The children of ``node`` one at a time (``node.children`` builds a Node
    object for each at once: millions for a hostile command line).
    """
    cursor = node.walk()
    if cursor.goto_first_child():
        yield cursor.node
        while cursor.goto_next_sibling():
            yield cursor.node


def wanted_nodes(root: Any) -> list[Any]:
    """The commands, assignments and loops under ``root`` in source order (parents
    first), leaving out what stands inside a heredoc body (text, not commands).
    """
    if root.end_byte - root.start_byte <= _QUERY_ABOVE:
        return walked_nodes(root)
    return nodes_by_query(root)


def nodes_by_query(root: Any) -> list[Any]:
    """What :func:`wanted_nodes` returns, found by the compiled query (native code)."""
    found = query_cursor().captures(root)
    bodies = sorted(found.get("heredoc", ()), key=lambda n: (n.start_byte, -n.end_byte))
    starts: list[int] = []
    ends: list[int] = []
    for body in bodies:
        if not ends or body.start_byte >= ends[-1]:
            starts.append(body.start_byte)
            ends.append(body.end_byte)
    nodes = []
    for node in found.get("node", ()):
        if starts:
            i = bisect.bisect_right(starts, node.start_byte) - 1
            if i >= 0 and node.end_byte <= ends[i] and node.start_byte < ends[i]:
                continue
        nodes.append(node)
    nodes.sort(key=lambda n: (n.start_byte, -n.end_byte))
    return nodes


def walked_nodes(root: Any) -> list[Any]:
    """What :func:`wanted_nodes` returns, found by a pre-order walk (no query)."""
    nodes = []
    stack = [root]
    while stack:
        node = stack.pop()
        kind = node.type
        if kind == "heredoc_body":
            continue
        if kind in _WANTED:
            nodes.append(node)
        stack.extend(reversed(node.children))
    nodes.sort(key=lambda n: (n.start_byte, -n.end_byte))
    return nodes


def first_error_byte(root: Any) -> int:
    """Where the first syntax error starts: a MISSING node, or the first token of an
    ERROR node that is not part of a statement tree-sitter recovered inside it.
    Follows ``has_error`` down the tree instead of walking all of it.
    """
    node = root
    while True:
        if node.is_missing:
            return int(node.start_byte)
        inner = None
        for child in node.children:
            if child.has_error or child.is_missing:
                inner = child
                break
            if node.is_error and not (child.is_named and child.child_count):
                return int(child.start_byte)  # an unexpected token
        if inner is None:
            return int(node.start_byte)
        node = inner


_LANGUAGE: Any = None
_PARSER: Any = None
_QUERY_OBJECT: Any = None


def parse(data: bytes) -> Any:
    """The tree of ``data`` (UTF-8), the grammar's gaps worked around (see below)."""
    global _LANGUAGE, _PARSER
    if _PARSER is None:
        import tree_sitter_bash
        from tree_sitter import Language, Parser

        _LANGUAGE = Language(tree_sitter_bash.language())
        _PARSER = Parser(_LANGUAGE)
    shape = _ASTRAL.sub(_SAFE_ASTRAL, data)
    if b"<>" in shape:
        shape = _READ_WRITE.sub(b"< ", shape)
    if b"for" in shape:
        shape = _FOR_DO.sub(rb"\1;", shape)
    if b"=~" in shape:
        shape = blank_regex_operands(shape)
    if b"[[" in shape:
        shape = join_test_equals(shape)
    return parse_tree(_PARSER, shape)


def query_cursor() -> Any:
    """A new cursor over the node query (compiled once, on first use)."""
    global _QUERY_OBJECT
    from tree_sitter import Query, QueryCursor

    if _QUERY_OBJECT is None:
        _QUERY_OBJECT = Query(_LANGUAGE, _QUERY)
    return QueryCursor(_QUERY_OBJECT)


# tree-sitter-bash 0.25.1 segfaults on `{` followed by some characters beyond
# U+FFFF (planes 6-16, found by fuzzing).  The parser only needs their shape:
# each is swapped for U+10000, also four UTF-8 bytes, so every byte offset, and
# every value sliced from the original text, stays exact.
_ASTRAL = lazy.compile(rb"[\xf0-\xf4][\x80-\xbf]{3}")
_SAFE_ASTRAL = "\U00010000".encode()
# Nor does it know the read-write redirection `[n]<> file` (a syntax error
# that loses the rest of the command): the parser sees an input redirection.
_READ_WRITE = lazy.compile(rb"(?<=[\d\s])<>")
# Nor a `[[ … =~ regex ]]` operand mixing quotes and parentheses
# (`"$b"=(.*)`); the regex never matters here, so the parser sees x's
# (see blank_regex_operands).
_REGEX_OPERATOR = lazy.compile(rb"=~[ \t]++")
#: Where an operand ends: a run of blanks (from its first) before ``]]``.
_OPERAND_END = lazy.compile(rb"(?<![ \t])[ \t]++\]\]")
# Nor a `[[ $x = *" "* ]]` operand whose quoted part follows an unquoted one
# (the test, and every statement up to the script's end, becomes an ERROR: a
# restore script lost all its client commands): it reads `==`, the same test,
# so the parser sees `[[ $x ==*" "* ]]` (see join_test_equals).
_TEST_EQUALS = lazy.compile(rb"(?<=[ \t]=)[ \t](?=[^\s\"'\]]++\")")
# Nor `for name do` (POSIX: the positional parameters), which it reads only
# with a separator: `for name;do`, same length.
_FOR_DO = lazy.compile(rb"(\bfor[ \t]+[A-Za-z_]\w*[ \t]*)[ \t](?=do\b)")


def template_expressions(text: str, jinja: bool) -> list[tuple[int, int]]:
    r"""The spans of GitHub ``${{ … }}`` expressions in ``text`` (with ``jinja``,
    of Jinja's ``{{ … }}`` too, a ``$`` just before included), each to the
    first ``}}``: what ``\$\{\{.*?\}\}`` (``\$?\{\{.*?\}\}``) finds, without
    searching again from every later opener when one is never closed.
    """
    opener = "{{" if jinja else "${{"
    spans: list[tuple[int, int]] = []
    pos = 0
    while (start := text.find(opener, pos)) >= 0 and (close := text.find("}}", start + len(opener))) >= 0:
        if jinja and start > pos and text[start - 1] == "$":
            start -= 1
        spans.append((start, close + 2))
        pos = close + 2
    return spans


def blank_regex_operands(data: bytes) -> bytes:
    r"""``data`` with each ``=~ operand ]]`` operand (on one line) made of x's,
    as ``re.sub(rb"(=~[ \t]+)([^\n]*?)([ \t]+\]\])", …)`` replaced it
    without its cubic backtracking on a long run of blanks: the operand ends
    at the first blank run before ``]]`` after the blanks that follow ``=~``
    (or is empty, when those blanks, two or more, are right before ``]]``).
    A line where one ``=~`` finds no end holds no other operand.
    """
    out: list[bytes] = []
    pos = 0
    while (operator := _REGEX_OPERATOR.search(data, pos)) is not None:
        start = operator.end()
        line_end = data.find(b"\n", start)
        if line_end < 0:
            line_end = len(data)
        end = _OPERAND_END.search(data, start, line_end)
        if end is not None:
            out += (data[pos:start], b"x" * (end.start() - start), data[end.start() : end.end()])
            pos = end.end()
        elif operator.end() - operator.start() > 3 and data.startswith(b"]]", start):
            out.append(data[pos : start + 2])  # an empty operand: nothing to change
            pos = start + 2
        else:
            out.append(data[pos:line_end])
            pos = line_end
    out.append(data[pos:])
    return b"".join(out)


def join_test_equals(data: bytes) -> bytes:
    """``data`` with the blank after each `` = `` of a ``[[ … ]]`` test (on one
    line) whose right operand starts unquoted and goes on quoted (``*" "*``)
    made a second ``=`` (see :data:`_TEST_EQUALS`); same length.  Each ``[[``
    is read to its ``]]`` or its line's end, and on from there.
    """
    out: list[bytes] = []
    pos = 0
    while (start := data.find(b"[[", pos)) >= 0:
        line_end = data.find(b"\n", start)
        if line_end < 0:
            line_end = len(data)
        close = data.find(b"]]", start + 2, line_end)
        end = line_end if close < 0 else close
        out += (data[pos:start], _TEST_EQUALS.sub(b"=", data[start:end]))
        pos = end
    out.append(data[pos:])
    return b"".join(out)
