"""Located text kept as runs (spring.Located, model.Span) and the position
tables (frontends.offsets) say what a character-by-character model says."""

from __future__ import annotations

import pickle
from types import SimpleNamespace
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connlint.frontends import offsets as offsets_module
from connlint.frontends.offsets import LineStarts, Utf8Offsets
from connlint.frontends.spring import Located
from connlint.frontends.ts_positions import TreePositions
from connlint.model import Location, Piece, Span

_Ops = list[tuple[str, str, tuple[int, int]]]

# An operation on a located text: ("add", text, line, column) places the text from
# there on, ("at", text, line, column) all of it at one point.
_POINTS = st.tuples(st.integers(1, 4), st.integers(1, 12))
_OPS = st.lists(
    st.tuples(st.sampled_from(["add", "at"]), st.text("ab\n", max_size=5), _POINTS),
    max_size=12,
)


def _build(ops: _Ops) -> tuple[Located, str, list[tuple[int, int]]]:
    """The Located of ``ops`` and the characters and points a per-character model gives."""
    located = Located()
    chars = ""
    points: list[tuple[int, int]] = []
    for op, text, (line, column) in ops:
        if op == "add":
            located.add(text, (line, column))
            points += [(line, column + i) for i in range(len(text))]
        else:
            located.add_at(text, (line, column))
            points += [(line, column)] * len(text)
        chars += text
    return located, chars, points


def _points(located: Located) -> list[tuple[int, int]]:
    return [located.point(i) for i in range(len(located))]


@given(_OPS)
def test_located_keeps_every_point(ops: _Ops) -> None:
    located, chars, points = _build(ops)
    assert located.text == chars
    assert len(located) == len(chars)
    assert _points(located) == points
    assert list(located.points) == points


@given(_OPS, _OPS)
def test_extend_is_concatenation(first: _Ops, second: _Ops) -> None:
    left, left_chars, left_points = _build(first)
    right, right_chars, right_points = _build(second)
    left.extend(right)
    assert left.text == left_chars + right_chars
    assert _points(left) == left_points + right_points


@given(_OPS, st.integers(-2, 40), st.integers(-2, 40))
def test_slice_and_span_keep_points(ops: _Ops, start: int, end: int) -> None:
    located, chars, points = _build(ops)
    part = located.slice(start, end)
    lo = max(0, min(start, len(chars)))
    hi = max(lo, min(end, len(chars)))
    assert part.text == chars[lo:hi]
    assert _points(part) == points[lo:hi]
    span = part.span("p")
    for i, (line, column) in enumerate(points[lo:hi]):
        assert span.locate(i, i + 1) == Location("p", line, column, line, column + 1)
    # The pieces a Span hands out say the same, one character at a time.
    rebuilt = Span("x" * len(span.text), "p", span.pieces)
    for i in range(len(span.text)):
        assert rebuilt.locate(i, i + 1) == span.locate(i, i + 1)
    assert Located.of(span).text == part.text
    assert _points(Located.of(span)) == points[lo:hi]


@given(_OPS)
def test_run_end_bounds_runs(ops: _Ops) -> None:
    located, _, points = _build(ops)
    for i in range(len(points)):
        end = located.run_end(i)
        assert i < end <= len(points)
        line, column = points[i]
        assert points[i:end] == [(line, column + k) for k in range(end - i)]


@given(_OPS, st.integers(0, 40), st.integers(0, 40))
def test_span_slice_and_pickle(ops: _Ops, start: int, end: int) -> None:
    located, chars, points = _build(ops)
    span = located.span("p")
    assert pickle.loads(pickle.dumps(span)) == span
    assert hash(pickle.loads(pickle.dumps(span))) == hash(span)
    lo = min(start, len(chars))
    hi = max(lo, min(end, len(chars)))
    part = span.slice(lo, hi)
    assert part.text == chars[lo:hi]
    for i in range(hi - lo):
        line, column = points[lo + i]
        assert part.locate(i, i + 1) == Location("p", line, column, line, column + 1)


def test_span_from_pieces_is_the_old_span() -> None:
    span = Span("a\tb", "F.java", (Piece(0, 3, 11), Piece(1, 3, 12), Piece(2, 3, 14)))
    assert span.pieces == (Piece(0, 3, 11), Piece(1, 3, 12), Piece(2, 3, 14))
    assert span == Span("a\tb", "F.java", [Piece(0, 3, 11), Piece(1, 3, 12), Piece(2, 3, 14)])
    assert span != Span("a\tb", "G.java", span.pieces)
    assert "pieces=" in repr(span)


_TEXT = st.text(st.sampled_from(["a", "é", "中", "\U0001f600", "\n", "\ud800"]), max_size=700)


@given(_TEXT)
def test_utf8_offsets_match_a_table_of_every_byte(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    table: list[int] = []
    for index, char in enumerate(text):
        table += [index] * len(char.encode("utf-8", "surrogatepass"))
    table.append(len(text))
    offsets = Utf8Offsets(text, data)
    for byte in range(len(data) + 2):
        assert offsets.char(byte) == table[min(byte, len(table) - 1)]


@pytest.mark.parametrize("sparse", [0, 10**9])
@given(text=_TEXT)
def test_utf8_offsets_of_either_table_match_a_table_of_every_byte(sparse: int, text: str) -> None:
    """The sparse table (few wide characters) and the block marks (many) give
    the same answers: each forced here whatever the text's shape.
    """
    data = text.encode("utf-8", "surrogatepass")
    table: list[int] = []
    for index, char in enumerate(text):
        table += [index] * len(char.encode("utf-8", "surrogatepass"))
    table.append(len(text))
    with mock.patch.object(offsets_module, "_SPARSE", sparse):
        offsets = Utf8Offsets(text, data)
    assert (offsets.wide is not None) == (data.isascii() or sparse == 0)
    for byte in range(-2, len(data) + 2):
        assert offsets.char(byte) == table[max(0, min(byte, len(table) - 1))]


@given(_TEXT, st.data())
def test_tree_positions_source_is_the_text_between_the_characters_of_two_bytes(
    text: str, data: st.DataObject
) -> None:
    """``source`` of a node is the text from the character of its first byte to the
    character of its end byte, whether or not the bytes fall inside a character.
    """
    positions = TreePositions("p", text)
    size = len(positions.data)
    start = data.draw(st.integers(0, size))
    end = data.draw(st.integers(start, size))
    node = SimpleNamespace(start_byte=start, end_byte=end)
    expected = text[positions.char(start) : positions.char(end)]
    assert positions.source(node) == expected  # type: ignore[arg-type]


#: Long ASCII runs between other characters: whole ASCII blocks and an ASCII
#: prefix, which ``Utf8Offsets.char`` answers without decoding.
_RUNS = st.lists(
    st.tuples(st.integers(0, 600), st.sampled_from(["", "é", "中", "\U0001f600", "\ud800"])), max_size=6
).map(lambda runs: "".join("a" * n + other for n, other in runs))


@given(_RUNS)
def test_utf8_offsets_of_long_ascii_runs_match_a_table_of_every_byte(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    table: list[int] = []
    for index, char in enumerate(text):
        table += [index] * len(char.encode("utf-8", "surrogatepass"))
    table.append(len(text))
    offsets = Utf8Offsets(text, data)
    for byte in range(-2, len(data) + 2):
        assert offsets.char(byte) == table[max(0, min(byte, len(table) - 1))]


@given(st.text("ab\n", max_size=60))
def test_line_starts_match_counting(text: str) -> None:
    lines = LineStarts(text)
    for offset in range(len(text) + 1):
        before = text[:offset]
        assert lines.point(offset) == (before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1)


@given(_OPS)
def test_extents_are_the_pieces_line_by_line(ops: _Ops) -> None:
    located, chars, _ = _build(ops)
    span = located.span("p")
    pieces = span.pieces
    ends = [p.offset for p in pieces[1:]] + [len(chars)]
    from_pieces = [
        (p.line, p.column, p.column + end - p.offset)
        for p, end in zip(pieces, ends, strict=True)
        if end > p.offset
    ]
    merged: dict[int, tuple[int, int]] = {}
    for line, first, last in from_pieces:
        low, high = merged.get(line, (first, last))
        merged[line] = (min(low, first), max(high, last))
    extents: dict[int, tuple[int, int]] = {}
    for line, first, last in span.extents():
        low, high = extents.get(line, (first, last))
        extents[line] = (min(low, first), max(high, last))
    assert extents == merged
