"""Applying fixes (connlint.fixes): only where the file still says what the
finding saw, whole fixes, no overlaps, line ends and byte order mark kept,
idempotent; and the command line's --fix / --diff.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from connlint.fixes import apply_fixes, diff, fix_files, line_starts
from connlint.model import Edit, Finding, Fix, Level, Location


def _edit(line: int, column: int, old: str, new: str, path: str = "f") -> Edit:
    return Edit(Location(path, line, column, line, column + len(old)), old, new)


def test_line_starts_follow_every_line_end() -> None:
    assert line_starts("a\r\nb\rc\nd") == [0, 3, 5, 7]


def test_an_edit_applies_only_where_the_text_is_what_it_saw() -> None:
    text = "url=jdbc:mysql://h/db?sslmode=REQUIRED\r\nother=1\n"
    good = Fix("key case", (_edit(1, 23, "sslmode=REQUIRED", "sslMode=REQUIRED"),))
    stale = Fix("stale", (_edit(2, 1, "other=2", "other=3"),))
    out, applied = apply_fixes(text, [good, stale])
    assert out == "url=jdbc:mysql://h/db?sslMode=REQUIRED\r\nother=1\n"
    assert applied == [0]
    assert apply_fixes(out, [good, stale]) == (out, [])  # idempotent: the old text is gone


def test_whole_fixes_and_no_overlaps() -> None:
    text = "abcdef\n"
    first = Fix("1", (_edit(1, 1, "abc", "ABC"),))
    overlapping = Fix("2", (_edit(1, 3, "cd", "CD"),))
    partly_stale = Fix("3", (_edit(1, 5, "ef", "EF"), _edit(1, 1, "zz", "ZZ")))
    assert apply_fixes(text, [first, overlapping, partly_stale]) == ("ABCdef\n", [0])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet="ab=\n\r", max_size=12), min_size=1, max_size=4).map("".join),
    st.lists(st.tuples(st.integers(1, 4), st.integers(1, 8), st.integers(0, 4), st.text("xy", max_size=3))),
)
def test_applied_edits_replace_exactly_their_text(text: str, raw: list[tuple[int, int, int, str]]) -> None:
    starts = line_starts(text)
    fixes = []
    for line, column, width, new in raw:
        if line > len(starts):
            continue
        start = starts[line - 1] + column - 1
        old = text[start : start + width]
        if "\n" in old or "\r" in old or start > len(text):
            continue
        fixes.append(Fix("f", (_edit(line, column, old, new),)))
    out, applied = apply_fixes(text, fixes)
    # Undo the applied edits from the right: the original text comes back.
    spans = []
    for i in applied:
        (edit,) = fixes[i].edits
        spans.append((starts[edit.location.line - 1] + edit.location.column - 1, edit))
    # (left to right: once an edit is undone, the text before the next is the original's)
    restored = out
    for start, edit in sorted(spans, key=lambda s: s[0]):
        assert edit.old  # an empty edit (an insertion) is never applied
        assert restored[start : start + len(edit.new)] == edit.new
        restored = restored[:start] + edit.old + restored[start + len(edit.new) :]
    assert restored == text


def _finding(path: str, fix: Fix | None, suppressed: str | None = None) -> Finding:
    loc = fix.edits[0].location if fix else Location(path, 1, 1, 1, 2)
    return Finding("CL303", Level.WARNING, "m", loc, "e", suppressed=suppressed, fix=fix)


def test_fix_files_keeps_bom_and_skips_suppressed_and_undecodable(tmp_path: Path) -> None:
    good = tmp_path / "a.properties"
    good.write_bytes(b"\xef\xbb\xbfk=jdbc:mysql://h/?sslmode=REQUIRED\r\n")
    bad = tmp_path / "b.properties"
    bad.write_bytes(b"k=jdbc:mysql://h/?sslmode=REQUIRED \xff\n")
    fix_a = Fix("key", (_edit(1, 20, "sslmode=REQUIRED", "sslMode=REQUIRED", str(good)),))
    fix_b = Fix("key", (_edit(1, 19, "sslmode=REQUIRED", "sslMode=REQUIRED", str(bad)),))
    findings = [
        _finding(str(good), fix_a),
        _finding(str(bad), fix_b),
        _finding(str(good), fix_a, suppressed="connlint: ignore[CL303]"),
    ]
    (fixed,) = fix_files(findings)
    assert fixed.path == str(good) and len(fixed.fixed) == 1
    assert fixed.after == "\ufeffk=jdbc:mysql://h/?sslMode=REQUIRED\r\n"
    assert diff(fixed).splitlines()[2:] == [
        "@@ -1 +1 @@",
        "-k=jdbc:mysql://h/?sslmode=REQUIRED",
        "+k=jdbc:mysql://h/?sslMode=REQUIRED",
    ]


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "connlint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=120,
    )


FIXABLE = (
    "a.url=jdbc:mysql://db.example.com/app?sslmode=VERIFY_IDENTITY\n"
    "b.url=jdbc:mysql://db.example.com/app?sslMode=verify-ca\n"
    "# connlint: ignore[CL303]\n"
    "c.url=jdbc:mysql://db.example.com/app?sslmode=VERIFY_IDENTITY\n"
    "d.url=jdbc:mysql://db.example.com/app?sslmode=DISABLED\n"
)


def test_cli_diff_then_fix(tmp_path: Path) -> None:
    conf = tmp_path / "application.properties"
    conf.write_text(FIXABLE)
    shown = _cli("check", ".", "--diff", cwd=tmp_path)
    assert shown.returncode == 1, shown.stderr
    assert conf.read_text() == FIXABLE  # --diff writes nothing
    assert "+a.url=jdbc:mysql://db.example.com/app?sslMode=VERIFY_IDENTITY" in shown.stdout
    assert "+b.url=jdbc:mysql://db.example.com/app?sslMode=VERIFY_CA" in shown.stdout
    assert "+c.url" not in shown.stdout  # suppressed: never fixed
    assert "+d.url" not in shown.stdout  # would turn TLS off: a suggestion, not a fix
    fixed = _cli("check", ".", "--fix", "--select", "CL303", cwd=tmp_path)
    assert "fixed 2 findings in 1 file" in fixed.stderr
    assert fixed.returncode == 1  # the DISABLED key is still reported
    after = conf.read_text()
    assert "?sslMode=VERIFY_IDENTITY\nb.url" in after and "sslMode=VERIFY_CA\n" in after
    assert "c.url=jdbc:mysql://db.example.com/app?sslmode=VERIFY_IDENTITY" in after
    again = _cli("check", ".", "--diff", cwd=tmp_path)
    assert (again.returncode, again.stdout) == (0, "")  # nothing left to fix
