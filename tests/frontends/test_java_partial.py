"""A Java file tree-sitter cannot parse in reasonable time is read partially:
its JDBC URL literals are still candidates, with a note saying so (issue 13).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connlint import budget
from connlint.engine import RunSettings, lint_source
from connlint.frontends import java, java_fallback
from connlint.frontends.java import extract
from connlint.model import Candidate

URL = "jdbc:mysql://db.example.com/app?sslMode=DISABLED"
#: The shape whose error recovery is quadratic in time and memory (3,000
#: nested: 1.2 s and 780 MB in one native step).
NESTED = "Map<List<Set<" * 3_000


def _urls(candidates: list[Candidate]) -> list[str]:
    return [c.url.text for c in candidates if c.url is not None]


def test_deeply_nested_angle_brackets_are_read_partially() -> None:
    text = f'class A {{ String u = "{URL}"; }}\n{NESTED}\nString v = "jdbc:mariadb://m/x?sslMode=trust";\n'
    result = extract("A.java", text)
    assert _urls(result.candidates) == [URL, "jdbc:mariadb://m/x?sslMode=trust"]
    (note,) = result.notifications
    assert "read partially" in note.message
    # Located as the tree would locate them: the first character of the literal's body.
    first = result.candidates[0]
    assert (first.location.line, first.location.column) == (1, 23)
    assert first.url is not None and first.url.locate(URL.index("sslMode")).column == 23 + URL.index(
        "sslMode"
    )


def test_a_few_nested_generics_parse_as_usual() -> None:
    text = 'class A { Map<List<Set<String>>> m; String u = "' + URL + '"; }\n'
    result = extract("A.java", text)
    assert _urls(result.candidates) == [URL]
    assert result.notifications == []


def _no_allowance(monkeypatch: pytest.MonkeyPatch) -> None:
    """No allowance at all: the first progress callback cancels the parse."""
    monkeypatch.setattr(java, "_PARSE_SECONDS", -1.0)
    monkeypatch.setattr(java, "_PARSE_SECONDS_PER_BYTE", 0.0)


def test_a_cancelled_parse_reads_url_literals(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_allowance(monkeypatch)
    text = (
        "class A {\n"
        + "  int x = 1;\n" * 2_000
        + f'  String u = "{URL}";\n'
        + '  // "jdbc:mysql://not/a?literal\n}\n'
    )
    result = extract("A.java", text)
    assert _urls(result.candidates) == [URL]
    assert "read partially (took too long to parse)" in result.notifications[0].message
    # The parser is usable again (a cancelled one resumes the old document unless reset).
    monkeypatch.undo()
    assert _urls(extract("B.java", f'class B {{ String u = "{URL}"; }}').candidates) == [URL]


def test_a_large_file_whose_reduced_parse_is_cancelled_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_allowance(monkeypatch)
    body = "  void f() { int x = 1; x++; }\n" * (java._REDUCE_ABOVE // 30 + 10)
    text = f'class A {{\n  String u = "{URL}";\n{body}}}\n'
    result = extract("A.java", text)
    assert _urls(result.candidates) == [URL]
    assert len(result.notifications) == 1


def test_the_budget_still_ends_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    # The file's budget is spent before the parse's own allowance: not analysed, as before.
    settings_ = RunSettings(selected=frozenset({"CL201"}), file_time_budget=1e-9)
    result = lint_source("A.java", "java", f'class A {{ String u = "{URL}"; }}\n' * 200, settings_)
    assert result.findings == []
    assert "budget" in result.notifications[0].message


def test_a_partially_read_file_still_yields_its_finding() -> None:
    text = f'class A {{ String u = "{URL}"; }}\n{NESTED}\n'
    result = lint_source("A.java", "java", text, RunSettings(selected=frozenset({"CL201"})))
    assert [f.rule for f in result.findings] == ["CL201"]


def test_fallback_keeps_at_most_max_urls() -> None:
    text = f'"{URL}"\n' * (java_fallback.MAX_URLS + 5)
    assert len(java_fallback.url_literals("A.java", text)) == java_fallback.MAX_URLS


def test_fallback_checks_the_budget() -> None:
    text = '"x" ' * 5_000
    budget.start(1e-9)
    try:
        with pytest.raises(budget.Expired):
            java_fallback.url_literals("A.java", text)
    finally:
        budget.stop()


@settings(max_examples=200, deadline=None)
@given(
    before=st.text(alphabet=st.sampled_from('ab"\\\n <;{'), max_size=30),
    escaped=st.booleans(),
)
def test_fallback_finds_what_the_tree_finds(before: str, escaped: bool) -> None:
    # On a file tree-sitter reads, the partial read finds the same URL literal at the same place.
    url = URL.replace("sslMode", "\\u0073slMode") if escaped else URL
    text = f'class A {{\n  String u = "{url}";\n}}\n'
    tree = extract("A.java", text).candidates
    partial = java_fallback.url_literals("A.java", text)
    assert [(c.location, c.url.text if c.url else None) for c in partial] == [
        (c.location, c.url.text if c.url else None) for c in tree
    ]
    # Noise before a line of its own does not move or hide it.
    noisy = before.replace("\n", " ") + "\n" + text
    found = java_fallback.url_literals("A.java", noisy)
    assert URL in _urls(found) or before.count('"') % 2 == 1 or "\\" in before


@pytest.mark.parametrize(
    "shape",
    ['"\\"', '"a', '"' + URL + '"\n', "<", '"\\\\\n'],
    ids=["escaped-quotes", "unclosed", "urls", "angles", "backslash-lines"],
)
def test_fallback_scan_is_linear(shape: str) -> None:
    from scaling import assert_linear

    def make(n: int) -> Callable[[], object]:
        text = shape * n
        return lambda: java_fallback.url_literals("A.java", text)

    assert_linear(make, 2_000, f"partial read of {shape!r} * n")


#: The nesting pattern as first written, one ``<`` and its run per repetition.
_NESTING_AS_WRITTEN = re.compile(r"(?:<[^<>;{}()]*+){256}")


@settings(max_examples=300)
@given(
    st.lists(st.tuples(st.sampled_from(["<", "<", "<", "a", " ", ">", ";", "("]), st.integers(1, 40))).map(
        lambda runs: "".join(char * n for char, n in runs)
    ),
)
def test_nesting_pattern_matches_as_first_written(text: str) -> None:
    # java._HOSTILE_NESTING starts with its literal "<" (searched for fast): the same matches.
    ours, written = java._HOSTILE_NESTING.search(text), _NESTING_AS_WRITTEN.search(text)
    assert (ours and ours.span()) == (written and written.span())
    deep = "x" + "<T" * 256 + ">"
    assert java._HOSTILE_NESTING.search(deep).span() == _NESTING_AS_WRITTEN.search(deep).span()
    assert java._HOSTILE_NESTING.search(deep[:-4]) is None
