"""Redaction: what is masked, and that masking stays linear on hostile lines (issue 13, item 6)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connlint.engine import Report
from connlint.model import Finding, Level, Location
from connlint.redact import Matcher, mask, merge, redact, redact_known
from connlint.reporters import REPORTER_BY_NAME, RenderOptions
from connlint.snippets import MAX_LINE, KnownSecrets, with_snippets
from scaling import assert_linear


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ("spring.datasource.password=hunter22", "hunter22"),
        ("url=jdbc:mysql://app:s3cr3t@db/x", "s3cr3t"),
        ("mysql -uroot -pTopSecret -h db", "TopSecret"),
        ('conn = pymysql.connect(password="pw123456")', "pw123456"),
        ("keytool -importcert -storepass changeit2 -file x.pem", "changeit2"),
        ("jdbc:mysql://db/x?user=a&password=abc123&sslMode=REQUIRED", "abc123"),
        # Forms the value pattern used to stop short of:
        ('ds.setPassword("Hunter2Hunter");', "Hunter2Hunter"),
        ("cfg.setPassword( 'Hunter2Hunter' )", "Hunter2Hunter"),
        ('connect(password=b"Py5ecret")', "Py5ecret"),
        ('connect(password=f"Py5ecret")', "Py5ecret"),
        ("mysql -p$'Sh3llPw' -h db", "Sh3llPw"),
        ("MYSQL_PASSWORD=$'Sh3llPw'", "Sh3llPw"),
    ],
)
def test_password_shapes_masked(line: str, secret: str) -> None:
    assert secret not in redact(line)


def test_known_secret_masked_anywhere() -> None:
    assert "zebra-42" not in redact("token = zebra-42", ["zebra-42"])


def test_ordinary_text_untouched() -> None:
    line = "spring.datasource.url=jdbc:mysql://db/app?sslMode=VERIFY_IDENTITY"
    assert redact(line) == line
    assert redact("ds.setPassword(config.password())") == "ds.setPassword(config.password())"


def test_masks_that_touch_or_overlap_become_one() -> None:
    assert merge([(5, 7), (0, 2), (2, 3), (6, 9)]) == [(0, 3), (5, 9)]
    assert mask("abcdefghij", [(0, 2), (2, 3), (6, 9)]) == "***def***j"


@given(
    values=st.lists(st.text(alphabet="abc", min_size=1, max_size=6), max_size=6),
    text=st.text(alphabet="abcd", max_size=40),
)
def test_matcher_masks_exactly_what_replacing_each_value_covers(values: list[str], text: str) -> None:
    # Every offset inside an occurrence of a value (3 characters or more) is masked, no other.
    covered = set()
    for v in values:
        if len(v) >= 3:
            covered |= {i for s in range(len(text)) if text.startswith(v, s) for i in range(s, s + len(v))}
    got = {i for a, b in Matcher(values).ranges(text) for i in range(a, b)}
    assert got == covered
    assert redact_known(text, values) == mask(text, [(i, i + 1) for i in covered])


# -- linear time ------------------------------------------------------------------------

#: Lines that made a backtracking pattern (or one search per value) take
#: quadratic time: "password" + 20,000 spaces took 41 s.
HOSTILE: dict[str, Callable[[int], str]] = {
    "key-then-blanks": lambda n: "password" + " " * n,
    "key-blanks-equals": lambda n: "password" + " " * n + "=",
    "keywords-glued": lambda n: "pass" * (n // 4),
    "keywords-spaced": lambda n: "pwd " * (n // 4),
    "key-quote-blanks": lambda n: 'password"' + " " * n,
    "setter-blanks": lambda n: "setPassword(" + " " * n,
    "userinfo-no-at": lambda n: "://u:" + "x" * n,
    "schemes": lambda n: "://" * (n // 3),
    "dash-p": lambda n: " -p" * (n // 3),
    "quotes": lambda n: "'\"" * (n // 2),
}


@pytest.mark.parametrize("shape", sorted(HOSTILE))
def test_redact_is_linear(shape: str) -> None:
    assert_linear(lambda n: partial(redact, HOSTILE[shape](n)), 1_000, shape)


def test_known_values_are_found_in_linear_time() -> None:
    # One search per value was N x M: here every value shares a long prefix.
    def make(n: int) -> Callable[[], object]:
        values = ["a" * 50 + str(i) for i in range(n // 50)]
        return partial(redact_known, "a" * n, values)

    assert_linear(make, 1_000, "known values")


def _finding(line: int, column: int) -> Finding:
    return Finding("CL201", Level.ERROR, "m", Location("f", line, column, line, column + 4), "e")


def test_snippets_of_long_lines_are_linear() -> None:
    def make(n: int) -> Callable[[], object]:
        text = "password" + " " * n + "sslMode=DISABLED" + " " * n
        return partial(with_snippets, [_finding(1, n + 9)], text, KnownSecrets(frozenset(), {}))

    # Splitting the text into lines is linear; the snippet itself is a window.
    assert_linear(make, 20_000, "snippet of a long line")


def test_a_long_line_is_shown_as_a_window_that_keeps_its_columns() -> None:
    n = 5 * MAX_LINE
    text = "x=" + "a " * n + "sslMode=DISABLED password=hunter22 " + "b " * n
    column = text.index("sslMode") + 1
    (f,) = with_snippets([_finding(1, column)], text, KnownSecrets(frozenset(), {}))
    assert f.snippet is not None
    # The window alone is stored, with the column it starts at: not the blanks before it.
    assert len(f.snippet) <= MAX_LINE + 2
    assert f.snippet.startswith("…") and f.snippet.endswith("…")
    assert f.snippet[column - f.snippet_column :].startswith("sslMode=DISABLED password=***")
    # The full format pads it back: the window stands at its columns, the marker under the finding.
    out = REPORTER_BY_NAME["full"](Report(findings=[f]), RenderOptions()).split("\n")
    prefix = "1 | "
    (shown,) = [line for line in out if line.startswith(prefix)]
    (marker,) = [line for line in out if "^" in line]
    assert shown[len(prefix) + column - 1 :].startswith("sslMode=DISABLED password=***")
    assert shown[len(prefix) + f.snippet_column - 1] == "…"
    assert not shown[len(prefix) : -len(f.snippet)].strip()
    assert marker.index("^") == len(prefix) + column - 1 and marker.endswith("^^^^ error")


def test_messages_mask_known_values_of_any_length_but_not_template_words() -> None:
    long_value = "Lv" + "x" * 5 * MAX_LINE
    secrets = KnownSecrets(frozenset({long_value, "hunter22", "password"}), {})
    f = replace(_finding(1, 1), rule="CL301", message=f"Hard-coded password in `{long_value}` or hunter22")
    (out,) = with_snippets([f], "x\n", secrets)
    # "password" is a word of CL301's message template: left alone there.
    assert out.message == "Hard-coded password in `***` or ***"


@given(
    head=st.integers(0, 3 * MAX_LINE),
    tail=st.integers(0, 3 * MAX_LINE),
    width=st.integers(1, 40),
    control=st.booleans(),
)
def test_a_window_is_printed_at_the_columns_of_its_line(
    head: int, tail: int, width: int, control: bool
) -> None:
    # Lines long and short, the finding anywhere, escapes (which widen the
    # printed line) before the finding or not: the printed line holds the
    # line's characters at their columns, and the marker is under the finding.
    filler = "ab\x07" if control else "ab c"
    before = (filler * head)[:head]
    text = before + "Z" * width + ("cd" * tail)[:tail]
    f = Finding("CL201", Level.ERROR, "m", Location("f", 1, head + 1, 1, head + 1 + width), "e")
    (f,) = with_snippets([f], text, KnownSecrets(frozenset(), {}))
    assert f.snippet is not None and len(f.snippet) <= MAX_LINE + 2
    out = REPORTER_BY_NAME["full"](Report(findings=[f]), RenderOptions()).split("\n")
    prefix = "1 | "
    (shown,) = [line[len(prefix) :] for line in out if line.startswith(prefix)]
    (marker,) = [line[len(prefix) :] for line in out if "^" in line]
    plain = shown.replace("\\x07", "\x07")  # one character again, as in the line
    start = f.snippet_column - 1
    assert not plain[:start].strip()  # blanks before the window
    window = plain[start:]
    if start:  # a "…" stands in the column before the window
        assert window.startswith("…") and text.startswith(window[1:].removesuffix("…"), start + 1)
    else:
        assert text.startswith(window.removesuffix("…"))
    assert plain[head : head + width] == "Z" * width  # the finding at its columns
    # The marker under it, however much escapes widen the printed line before it.
    assert marker.index("^") == shown.index("Z") and marker.count("^") == width
