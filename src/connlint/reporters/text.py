"""Text output in ruff's habits: ``concise`` (one line a finding) and ``full``
(with the redacted source line and a marker under the finding).  Names,
messages and source lines are shown through :func:`escape.printable`, so a
file name cannot forge a line or send a terminal escape.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from connlint.model import Finding, Level, Notification
from connlint.reporters.escape import printable

if TYPE_CHECKING:
    from connlint.engine import Report
    from connlint.reporters import RenderOptions

_COLOR = {Level.ERROR: "\x1b[31m", Level.WARNING: "\x1b[33m", Level.NOTE: "\x1b[36m"}
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def _line(f: Finding, color: bool) -> str:
    loc = f.location
    head = _paint(f"{printable(loc.path)}:{loc.line}:{loc.column}:", _BOLD, color)
    rule = _paint(f.rule, _COLOR[f.level], color)
    tags = " [loopback]" if "loopback" in f.tags else ""
    suppressed = " (suppressed)" if f.suppressed is not None else ""
    fixable = " [*]" if f.fix is not None else ""  # as ruff marks what --fix fixes
    return f"{head} {rule}{fixable} {printable(f.message)}{tags}{suppressed}"


def _shown(source: str) -> str:
    """A source line as shown: escaped, but tabs kept (indentation is not a threat)."""
    if source.isprintable():
        return source
    return "\t".join(printable(part) for part in source.split("\t"))


def _widening(source: str) -> int:
    """How many characters escaping adds to ``source``."""
    return len(_shown(source)) - len(source)


def _source(f: Finding) -> list[str]:
    if f.snippet is None:
        return []
    loc = f.location
    snippet = f.snippet.removesuffix("\r")  # a CRLF line's ending, not part of the line
    shown = _shown(snippet)
    # The snippet may be a window of a long line, starting at snippet_column:
    # columns here count from the window, and the blanks before it are added
    # only to the printed lines.
    blank = f.snippet_column - 1
    column = loc.column - blank
    width = loc.end_column - loc.column if loc.end_line == loc.line else len(snippet) - column + 1
    if shown != snippet:  # escapes widen what precedes the marker and what is under it
        column += _widening(snippet[: column - 1])
        if loc.end_line == loc.line:
            width += _widening(snippet[loc.column - blank - 1 : loc.end_column - blank - 1])
        else:
            width = len(shown) - column + 1
    number = str(loc.line)
    pad = " " * len(number)
    marker = " " * (blank + column - 1) + "^" * max(1, width)
    return [f"{pad} |", f"{number} | {' ' * blank}{shown}", f"{pad} | {marker} {f.level}"]


def _hops(f: Finding) -> list[str]:
    """``  = via LedgerConfig.SUFFIX: src/Config.java:12:5``: where the deciding value came from."""
    places = ((h.label, h.location) for h in f.trail)
    return [printable(f"  = {label}: {loc.path}:{loc.line}:{loc.column}") for label, loc in places]


def notification_line(n: Notification) -> str:
    """``connlint: path:line: message``, the stderr line of a notification."""
    where = f"{n.path}:{n.line}" if n.line else n.path
    return printable(f"connlint: {where}: {n.message}")


def summary(report: Report, shown: list[Finding]) -> str:
    """``Found 3 findings (1 error, 2 warnings) in 12 files.`` and what was not analysed."""
    counts = Counter(f.level for f in shown)
    parts = [
        f"{counts[lv]} {lv}{'s' if counts[lv] != 1 else ''}"
        for lv in (Level.ERROR, Level.WARNING, Level.NOTE)
    ]
    n = len(shown)
    files = f"{report.files_seen} file{'s' if report.files_seen != 1 else ''}"
    text = f"Found {n} finding{'s' if n != 1 else ''} ({', '.join(parts)}) in {files}."
    if report.notifications:
        k = len({x.path for x in report.notifications})
        text += f" {k} file{'s' if k != 1 else ''} not fully analysed (see stderr)."
    return text


def render(report: Report, options: RenderOptions) -> str:
    """Concise or full text of the findings, a summary line, and optional
    statistics; with ``quiet``, exactly one line per finding and nothing else.
    """
    shown = [f for f in report.findings if options.include_suppressed or f.suppressed is None]
    if options.quiet:
        return "".join(_line(f, options.color) + "\n" for f in shown)
    if options.statistics:  # the counts alone, as ruff --statistics prints them
        return _statistics(shown)
    lines: list[str] = []
    for f in shown:
        lines.append(_line(f, options.color))
        if options.show_source:
            lines.extend(_source(f))
            lines.extend(_hops(f))
            lines.append("")
    if shown or report.notifications:
        lines.append(summary(report, shown))
        fixable = sum(1 for f in shown if f.fix is not None and f.suppressed is None)
        if fixable:
            lines.append(f"[*] {fixable} fixable with `connlint check --fix` (see them with --diff).")
    else:
        lines.append("All checks passed!")
    return "\n".join(lines) + "\n"


def _statistics(shown: list[Finding]) -> str:
    """One line per rule: count, id and name, the most frequent first."""
    from connlint.catalog import load_catalog

    catalog = load_catalog()
    counts = Counter(f.rule for f in shown)
    ordered = sorted(counts.items(), key=lambda rc: (-rc[1], rc[0]))
    return "".join(f"{count:5d}\t{rule_id}\t{catalog[rule_id].name}\n" for rule_id, count in ordered)
