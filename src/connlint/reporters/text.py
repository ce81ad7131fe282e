"""Text output in ruff's habits: ``concise`` (one line a finding) and ``full``
(with the redacted source line and a marker under the finding).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from connlint.model import Finding, Level

if TYPE_CHECKING:
    from connlint.engine import Report
    from connlint.reporters import RenderOptions

_COLOR = {Level.ERROR: "\x1b[31m", Level.WARNING: "\x1b[33m", Level.NOTE: "\x1b[36m"}
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def _line(f: Finding, color: bool) -> str:
    loc = f.location
    head = _paint(f"{loc.path}:{loc.line}:{loc.column}:", _BOLD, color)
    rule = _paint(f.rule, _COLOR[f.level], color)
    tags = " [loopback]" if "loopback" in f.tags else ""
    suppressed = " (suppressed)" if f.suppressed is not None else ""
    return f"{head} {rule} {f.message}{tags}{suppressed}"


def _source(f: Finding) -> list[str]:
    if f.snippet is None:
        return []
    loc = f.location
    number = str(loc.line)
    pad = " " * len(number)
    width = loc.end_column - loc.column if loc.end_line == loc.line else len(f.snippet) - loc.column + 1
    marker = " " * (loc.column - 1) + "^" * max(1, width)
    return [f"{pad} |", f"{number} | {f.snippet}", f"{pad} | {marker} {f.level}"]


def summary(report: Report, shown: list[Finding]) -> str:
    """``Found 3 findings (1 error, 2 warnings) in 12 files.`` and what was not analysed."""
    counts = Counter(f.level for f in shown)
    parts = [
        f"{counts[lv]} {lv}{'s' if counts[lv] != 1 else ''}"
        for lv in (Level.ERROR, Level.WARNING, Level.NOTE)
    ]
    n = len(shown)
    text = f"Found {n} finding{'s' if n != 1 else ''} ({', '.join(parts)}) in {report.files_seen} files."
    if report.notifications:
        k = len({x.path for x in report.notifications})
        text += f" {k} file{'s' if k != 1 else ''} not fully analysed (see stderr)."
    return text


def render(report: Report, options: RenderOptions) -> str:
    """Concise or full text of the findings, a summary line, and optional statistics."""
    shown = [f for f in report.findings if options.include_suppressed or f.suppressed is None]
    lines: list[str] = []
    for f in shown:
        lines.append(_line(f, options.color))
        if options.show_source:
            lines.extend(_source(f))
            lines.append("")
    if options.statistics:
        from connlint.catalog import load_catalog

        catalog = load_catalog()
        counts = Counter(f.rule for f in shown)
        for rule_id, count in sorted(counts.items(), key=lambda rc: (-rc[1], rc[0])):
            lines.append(f"{count:5d}\t{rule_id}\t{catalog[rule_id].name}")
    if shown or report.notifications:
        lines.append(summary(report, shown))
    else:
        lines.append("All checks passed!")
    return "\n".join(lines) + "\n"
