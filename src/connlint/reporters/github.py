r"""GitHub Actions workflow commands (``::error file=…::message``), which the
runner turns into annotations on the pull request.  Values are escaped as the
runner reads them back; a name's bytes that are not UTF-8 read ``\xNN``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from connlint.catalog import load_catalog
from connlint.model import Level
from connlint.reporters.escape import decodable

if TYPE_CHECKING:
    from connlint.engine import Report
    from connlint.reporters import RenderOptions

_COMMAND = {Level.ERROR: "error", Level.WARNING: "warning", Level.NOTE: "notice"}


def _data(text: str) -> str:
    return decodable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, options: RenderOptions) -> str:
    """One workflow command per finding."""
    catalog = load_catalog()
    lines = []
    for f in report.findings:
        if f.suppressed is not None and not options.include_suppressed:
            continue
        loc = f.location
        props = (
            f"file={_prop(loc.path)},line={loc.line},col={loc.column},"
            f"endLine={loc.end_line},endColumn={loc.end_column},"
            f"title={_prop(f'{f.rule} {catalog[f.rule].name}')}"
        )
        lines.append(f"::{_COMMAND[f.level]} {props}::{_data(f'{f.rule} {f.message}')}")
    return "\n".join(lines) + ("\n" if lines else "")
