from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from connlint.model import Location, Piece, Secret, Span


def test_span_locates_slices_across_pieces() -> None:
    # "a\tb" written as "a\\tb" at 3:10: the escape takes two source columns.
    span = Span("a\tb", "F.java", (Piece(0, 3, 11), Piece(1, 3, 12), Piece(2, 3, 14)))
    assert span.locate(2, 3) == Location("F.java", 3, 14, 3, 15)
    assert span.locate() == Location("F.java", 3, 11, 3, 15)
    assert span.slice(1).locate(1, 2) == Location("F.java", 3, 14, 3, 15)


def test_from_points_compresses_runs() -> None:
    span = Span.from_points("abcd", "x", [(1, 5), (1, 6), (2, 1), (2, 2)])
    assert span.pieces == (Piece(0, 1, 5), Piece(2, 2, 1))
    assert Span.from_points("", "x", []).pieces == (Piece(0, 1, 1),)


@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 50)), min_size=1, max_size=30))
def test_from_points_round_trips_every_character(points: list[tuple[int, int]]) -> None:
    span = Span.from_points("x" * len(points), "p", points)
    for i, (line, column) in enumerate(points):
        loc = span.locate(i, i + 1)
        assert (loc.line, loc.column) == (line, column)


def test_secret_never_prints() -> None:
    s = Secret("hunter2")
    assert str(s) == "***" and "hunter2" not in repr(s) and f"{s}" == "***"
    assert s.reveal() == "hunter2" and s == Secret("hunter2")


def test_a_value_whose_pieces_go_backwards_is_located_forwards() -> None:
    # "sslMode=" written at 36:53 and "REQUIRED" declared earlier at 17:41.
    span = Span("sslMode=REQUIRED", "C.java", (Piece(0, 36, 53), Piece(8, 17, 41)))
    assert span.locate() == Location("C.java", 36, 53, 36, 61)  # the first piece
    assert span.locate(8) == Location("C.java", 17, 41, 17, 49)


@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 50)), min_size=1, max_size=30), st.data())
def test_every_region_runs_forwards(points: list[tuple[int, int]], data: st.DataObject) -> None:
    span = Span.from_points("x" * len(points), "p", points)
    start = data.draw(st.integers(0, len(points) - 1))
    end = data.draw(st.integers(start + 1, len(points)))
    loc = span.locate(start, end)
    assert (loc.end_line, loc.end_column) > (loc.line, loc.column)
