"""Reporters render a finished :class:`~connlint.engine.Report`; none of them
re-derives anything.  One module per format, one registry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from connlint.lazy import dataclass

if TYPE_CHECKING:
    from connlint.engine import Report


@dataclass(frozen=True)
class RenderOptions:
    """What a reporter may need besides the report."""

    root: str = "."
    color: bool = False
    show_source: bool = False
    include_suppressed: bool = False
    statistics: bool = False
    category: str | None = None  # SARIF automationDetails.id; None leaves it to the uploader
    max_results: int = 25_000  # SARIF: GitHub code scanning's limit per run
    quiet: bool = False  # text formats: the finding lines only


Reporter = Callable[["Report", RenderOptions], str]


def _text(report: Report, options: RenderOptions) -> str:
    from connlint.reporters import text

    return text.render(report, options)


def _full(report: Report, options: RenderOptions) -> str:
    from connlint.reporters import text

    return text.render(report, RenderOptions(**{**options.__dict__, "show_source": True}))


def _json(report: Report, options: RenderOptions) -> str:
    from connlint.reporters import json

    return json.render(report, options)


def _sarif(report: Report, options: RenderOptions) -> str:
    from connlint.reporters import sarif

    return sarif.render(report, options)


def _github(report: Report, options: RenderOptions) -> str:
    from connlint.reporters import github

    return github.render(report, options)


REPORTER_BY_NAME: dict[str, Reporter] = {
    "concise": _text,
    "full": _full,
    "json": _json,
    "sarif": _sarif,
    "github": _github,
}
