from __future__ import annotations

import pytest

from connlint.clients.versions import at_least, below, compare, in_range, parse_version


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8.0.13", (8, 0, 13)),
        ("5.1.49", (5, 1, 49)),
        ("3.1.2-beta", (3, 1, 2)),
        ("8.0.33-SNAPSHOT", (8, 0, 33)),
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
    assert at_least("8.0.13-beta", "8.0.13") is True
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
