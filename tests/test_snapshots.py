"""Render one fixture project with every reporter and compare with the golden
files in tests/snapshots/ (update with ``pytest --snapshot-update`` and review
the diff like code).  Volatile fields — the tool version and the absolute
%SRCROOT% — are redacted first."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from connlint import __version__
from connlint.config import Config
from connlint.engine import Report, run
from connlint.reporters import REPORTER_BY_NAME, RenderOptions
from connlint.reporters.inventory import render_inventory

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
PROJECT = Path("fixtures/projects/demo-service")


@pytest.fixture(scope="module")
def report() -> Report:
    import os

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return run([PROJECT], Config(), jobs=1)
    finally:
        os.chdir(cwd)


def _stable(text: str) -> str:
    text = text.replace(f'"{__version__}"', '"<version>"')
    return re.sub(r'"uri": "file://[^"]*"', '"uri": "file://<root>/"', text)


CASES = [
    *(f"check.{fmt}" for fmt in REPORTER_BY_NAME),
    *(f"inventory.{fmt}" for fmt in ("table", "json", "csv", "markdown")),
]


@pytest.mark.parametrize("case", CASES)
def test_snapshot(case: str, report: Report, request: pytest.FixtureRequest) -> None:
    command, fmt = case.split(".")
    if command == "check":
        out = REPORTER_BY_NAME[fmt](report, RenderOptions(root=str(ROOT)))
    else:
        out = render_inventory(report, fmt)
    out = _stable(out)
    golden = SNAPSHOTS / f"demo-service.{case}.txt"
    if request.config.getoption("--snapshot-update") or not golden.exists():
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")
