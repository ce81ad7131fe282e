from __future__ import annotations

from connlint.model import Finding, Level, Location
from connlint.suppressions import apply_ignores, parse_ignores


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
