from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connlint.clients.versions import at_least, below, compare, in_range, parse_version


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8.0.13", (8, 0, 13)),
        ("5.1.49", (5, 1, 49)),
        ("3.1.2-beta", (3, 1, 2, -1)),
        ("8.0.33-SNAPSHOT", (8, 0, 33, -1)),
        ("1.2.0rc1", (1, 2, 0, -1)),
        ("1.2.0.dev0", (1, 2, 0, -1)),
        ("2.3.0.Beta1", (2, 3, 0, -1)),
        ("3.0.0-M2", (3, 0, 0, -1)),
        ("1.2.0.post1", (1, 2, 0)),
        ("11.4.2-MariaDB", (11, 4, 2)),
        ("5.7.44-log", (5, 7, 44)),
        ("8.0.13.Final", (8, 0, 13)),
        ("5.1.49-1", (5, 1, 49)),
        (" v9.1.0 ", (9, 1, 0)),
        ("8", (8,)),
    ],
)
def test_parse_exact_versions(text: str, expected: tuple[int, ...]) -> None:
    assert parse_version(text) == expected


@pytest.mark.parametrize(
    "text", ["", None, "[8.0,)", "${mysql.version}", "8.0.x", "8.*", "8.0.+", "8.0+", "latest"]
)
def test_parse_non_versions(text: str | None) -> None:
    assert parse_version(text) is None


def test_compare_pads_missing_parts() -> None:
    assert compare((8, 0), (8, 0, 0)) == 0
    assert compare((8, 0, 12), (8, 0, 13)) == -1
    assert compare((9,), (8, 4, 99)) == 1


def test_at_least_and_below() -> None:
    assert at_least("8.0.13", "8.0.13") is True
    assert at_least("8.0.12", "8.0.13") is False
    # A pre-release is below its release (issue 17, item 11: 1.2.0rc1 is not 1.2.0).
    assert at_least("8.0.13-beta", "8.0.13") is False
    assert at_least("1.2.0rc1", "1.2.0") is False
    assert at_least("1.2.1rc1", "1.2.0") is True
    assert below("2.3.0.CR1", "2.3.0") is True
    assert at_least(None, "8.0.13") is None
    assert at_least("${v}", "8.0.13") is None
    assert at_least((5, 1, 38), "5.1.38") is True
    assert below("5.1.37", "5.1.38") is True
    assert below("5.1.38", "5.1.38") is False
    assert below(None, "1") is None


def test_in_range_is_half_open() -> None:
    assert in_range("3.0.0", "3.0", "3.5") is True
    assert in_range("3.4.9", "3.0", "3.5") is True
    assert in_range("3.5.0", "3.0", "3.5") is False
    assert in_range("2.7.9", "3.0", "3.5") is False
    assert in_range(None, "3.0", "3.5") is None


@given(
    st.lists(st.integers(0, 99), min_size=1, max_size=4),
    st.sampled_from(["rc1", "a1", "b2", ".dev0", "-beta", "-SNAPSHOT", ".CR1", ".Beta1", "-M2", "c1"]),
)
def test_a_pre_release_is_below_its_release_and_above_the_one_before(
    numbers: list[int], qualifier: str
) -> None:
    release = ".".join(map(str, numbers))
    assert at_least(release + qualifier, release) is False
    assert below(release + qualifier, release) is True
    before = ".".join(map(str, [*numbers[:-1], numbers[-1] - 1])) if numbers[-1] > 0 else None
    if before is not None:
        assert at_least(release + qualifier, before) is True
