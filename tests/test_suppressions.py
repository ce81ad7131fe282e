from __future__ import annotations

from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from connlint.model import Finding, Level, Location
from connlint.suppressions import apply_ignores, parse_ignores
from scaling import assert_linear


def _f(rule: str, line: int) -> Finding:
    return Finding(rule, Level.ERROR, "m", Location("a", line, 1, line, 2), "e")


def _kept(text: str, findings: list[Finding]) -> list[tuple[str, int]]:
    out, _ = apply_ignores(findings, parse_ignores(text))
    return [(f.rule, f.location.line) for f in out if f.suppressed is None]


def test_same_line_and_line_above() -> None:
    text = "url=x  # connlint: ignore[CL201] test db\n# connlint: ignore[CL202]\nurl=y\nurl=z\n"
    assert _kept(text, [_f("CL201", 1), _f("CL301", 1), _f("CL202", 3), _f("CL202", 4)]) == [
        ("CL301", 1),
        ("CL202", 4),
    ]


def test_bare_ignore_suppresses_all() -> None:
    assert _kept("// connlint: ignore\nx\n", [_f("CL201", 2), _f("CL301", 2)]) == []


def test_several_ids_and_comment_syntaxes() -> None:
    for opener in ("#", "//", ";", "!", "<!--", "--"):
        text = f"{opener} connlint: ignore[CL201, CL301] reason\nx\n"
        assert _kept(text, [_f("CL201", 2), _f("CL301", 2), _f("CL202", 2)]) == [("CL202", 2)]


def test_reason_kept_and_unused_reported() -> None:
    text = "<!-- connlint: ignore[CL201] local only -->\nx\n# connlint: ignore[CL104]\ny\n"
    out, unused = apply_ignores([_f("CL201", 2)], parse_ignores(text))
    assert out[0].suppressed == "local only"
    assert [i.line for i in unused] == [3]


def test_not_a_comment_is_not_an_ignore() -> None:
    assert parse_ignores('s = "connlint: ignore"\n') == []


# -- cost: linear in findings plus ignores (issue 13, item 7) -------------------


def _every_line_ignored(n: int) -> tuple[str, list[Finding]]:
    """``n`` lines, each with a finding and an ignore comment naming another rule."""
    text = "url=x  # connlint: ignore[CL999] not this one\n" * n
    return text, [_f("CL201", line) for line in range(1, n + 1)]


def test_ignore_on_every_line_scales_linearly() -> None:
    def make(n: int) -> Callable[[], object]:
        text, findings = _every_line_ignored(n)
        return lambda: apply_ignores(findings, parse_ignores(text))

    assert_linear(make, 500, "a finding and an ignore on every line")


def test_run_of_comment_ignores_scales_linearly() -> None:
    def make(n: int) -> Callable[[], object]:
        text = "# connlint: ignore[CL201]\n" * n + "url=x\n"
        findings = [_f("CL202", n + 1), _f("CL201", n + 1)]
        return lambda: apply_ignores(findings, parse_ignores(text))

    assert_linear(make, 500, "a run of comment lines, each an ignore")


def _reference(findings: list[Finding], text: str) -> tuple[list[str | None], list[int]]:
    """The quadratic definition: each finding takes the first ignore that matches it."""
    ignores = parse_ignores(text)
    used: list[int] = []
    reasons: list[str | None] = []
    for f in findings:
        hit = next((i for i, ignore in enumerate(ignores) if ignore.matches(f)), None)
        if hit is None:
            reasons.append(None)
        else:
            used.append(hit)
            reasons.append(ignores[hit].reason or "suppressed inline")
    return reasons, [ignores[i].line for i in range(len(ignores)) if i not in used]


_LINES = st.sampled_from(
    [
        "url=x",
        "",
        "# plain comment",
        "# connlint: ignore",
        "# connlint: ignore[CL201] why",
        "// connlint: ignore[CL201, CL202]",
        "url=x  # connlint: ignore[CL202] here",
        "url=x  ; connlint: ignore",
        "<!-- connlint: ignore[] -->",
        "; connlint: ignore[cl301]",
    ]
)


@given(
    st.lists(_LINES, max_size=12),
    st.lists(st.tuples(st.sampled_from(["CL201", "CL202", "CL301"]), st.integers(1, 13)), max_size=12),
)
def test_indexed_matching_is_the_first_matching_ignore(
    lines: list[str], found: list[tuple[str, int]]
) -> None:
    text = "\n".join(lines) + "\n"
    findings = [_f(rule, line) for rule, line in found]
    out, unused = apply_ignores(findings, parse_ignores(text))
    reasons, unused_lines = _reference(findings, text)
    assert [f.suppressed for f in out] == reasons
    assert [i.line for i in unused] == unused_lines


def test_a_comment_above_a_pem_block_covers_the_block() -> None:
    # -----BEGIN is a PEM boundary, not an SQL comment (CL404 points at it).
    text = "# connlint: ignore[CL404] old\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
    (ignore,) = parse_ignores(text)
    assert 2 in ignore.covers and 3 not in ignore.covers
    assert 3 in parse_ignores("-- connlint: ignore\n-- a comment\nSELECT 1\n")[0].covers
