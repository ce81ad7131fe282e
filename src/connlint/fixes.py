"""Apply the fixes findings carry: ``connlint check --fix`` writes them,
``--diff`` shows them.

The fixes themselves are computed where the knowledge is
(:mod:`connlint.clients.rewrites`); this module only edits text, and
conservatively: an edit applies only where the file still holds the text the
finding saw (``Edit.old``), a fix applies whole or not at all, a fix that
overlaps one applied before it waits for the next run, and a file that is not
plain UTF-8 is left alone.  A suppressed finding's fix is never applied.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import field
from pathlib import Path

from connlint.lazy import dataclass
from connlint.model import Edit, Finding, Fix

_BREAK = re.compile(r"\r\n|\r|\n")
_BOM = "\ufeff"


@dataclass
class FixedFile:
    """One file's text before and after its fixes, and the findings fixed."""

    path: str
    before: str
    after: str
    fixed: list[Finding] = field(default_factory=list)


def line_starts(text: str) -> list[int]:
    """Offsets where each line of ``text`` starts (CRLF, CR and LF end a line,
    as the decoder that made the findings' columns normalises them).
    """
    return [0, *(m.end() for m in _BREAK.finditer(text))]


def _line_ends(text: str) -> list[int]:
    """Offsets where each line's content ends (its line break excluded)."""
    return [*(m.start() for m in _BREAK.finditer(text)), len(text)]


def _offset(ends: Sequence[int], starts: Sequence[int], line: int, column: int) -> int | None:
    if not 1 <= line <= len(starts) or column < 1:
        return None
    offset = starts[line - 1] + column - 1
    return offset if offset <= ends[line - 1] else None  # never inside a line break


def _span(text: str, starts: Sequence[int], ends: Sequence[int], edit: Edit) -> tuple[int, int] | None:
    """Where ``edit`` applies in ``text``, or None when the text there is not
    ``edit.old`` (an edit replaces text: an empty ``old`` never applies).
    """
    loc = edit.location
    start = _offset(ends, starts, loc.line, loc.column)
    end = _offset(ends, starts, loc.end_line, loc.end_column)
    if not edit.old or start is None or end is None or start >= end or text[start:end] != edit.old:
        return None
    return start, end


def apply_fixes(text: str, fixes: Sequence[Fix]) -> tuple[str, list[int]]:
    """``text`` with ``fixes`` applied, in order, and the indexes of those applied."""
    starts, ends = line_starts(text), _line_ends(text)
    taken: list[tuple[int, int, str]] = []
    applied: list[int] = []
    for index, fix in enumerate(fixes):
        spans = [_span(text, starts, ends, edit) for edit in fix.edits]
        if not fix.edits or any(s is None for s in spans):
            continue
        chosen = [(s[0], s[1], e.new) for s, e in zip(spans, fix.edits, strict=True) if s is not None]
        if any(_overlap(a, b, c, d) for a, b, _ in chosen for c, d, _ in taken):
            continue
        if any(_overlap(a, b, c, d) for i, (a, b, _) in enumerate(chosen) for c, d, _ in chosen[:i]):
            continue
        taken.extend(chosen)
        applied.append(index)
    out = text
    for start, end, new in sorted(taken, reverse=True):
        out = out[:start] + new + out[end:]
    return out, applied


def _overlap(a: int, b: int, c: int, d: int) -> bool:
    return a < d and c < b


def fix_files(findings: Iterable[Finding]) -> list[FixedFile]:
    """The files the fixable, unsuppressed ``findings`` change, sorted by path."""
    by_path: dict[str, list[Finding]] = {}
    for f in findings:
        if f.fix is not None and f.suppressed is None:
            by_path.setdefault(f.location.path, []).append(f)
    out: list[FixedFile] = []
    for path, found in sorted(by_path.items()):
        text = _read(path)
        if text is None:
            continue
        found.sort(key=lambda f: (f.location.line, f.location.column, f.rule))
        fixes = [f.fix for f in found if f.fix is not None]
        after, applied = apply_fixes(text, fixes)
        if after != text:
            out.append(FixedFile(path, text, after, [found[i] for i in applied]))
    return out


def _read(path: str) -> str | None:
    """The file's text when it is plain UTF-8 (a byte order mark kept), else None."""
    try:
        data = Path(path).read_bytes()
        return data.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def write(fixed: FixedFile) -> None:
    """Write the fixed text back (its bytes otherwise unchanged, BOM and line ends kept)."""
    Path(fixed.path).write_bytes(fixed.after.encode("utf-8"))


def diff(fixed: FixedFile) -> str:
    """A unified diff of one file's fixes (``--diff``), as ruff prints it."""
    before = fixed.before.removeprefix(_BOM).splitlines(keepends=True)
    after = fixed.after.removeprefix(_BOM).splitlines(keepends=True)
    lines = difflib.unified_diff(before, after, fromfile=fixed.path, tofile=fixed.path)
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n" for line in lines)
