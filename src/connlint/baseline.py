"""Baselines: a previous JSON or SARIF output whose findings are not reported
again.  Findings are matched by their connlint fingerprint (rule, path and
normalised evidence), so moved lines do not resurface.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from connlint.config import ConfigError
from connlint.fingerprints import KEY, fingerprints
from connlint.model import Finding

if TYPE_CHECKING:
    from connlint.engine import Report


def load_baseline(path: Path) -> frozenset[str]:
    """The fingerprints recorded in a connlint JSON or SARIF file."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read baseline: {exc}") from exc
    found: set[str] = set()
    if isinstance(data, dict) and isinstance(data.get("runs"), list):
        for run in data["runs"]:
            for result in run.get("results", []) if isinstance(run, dict) else []:
                fp = result.get("partialFingerprints", {}).get(KEY) if isinstance(result, dict) else None
                if isinstance(fp, str):
                    found.add(fp)
    elif isinstance(data, dict) and isinstance(data.get("findings"), list):
        for finding in data["findings"]:
            fp = finding.get("fingerprint") if isinstance(finding, dict) else None
            if isinstance(fp, str):
                found.add(fp)
    else:
        raise ConfigError(f"{path}: not a connlint JSON or SARIF output")
    return frozenset(found)


def filter_new(findings: list[Finding], known: frozenset[str]) -> list[Finding]:
    """The findings whose fingerprint is not in the baseline."""
    shown = [f for f in findings if f.suppressed is None]
    new_ids = {id(f) for f, fp in zip(shown, fingerprints(shown), strict=True) if fp not in known}
    return [f for f in findings if f.suppressed is not None or id(f) in new_ids]


def write_baseline(report: Report, path: Path) -> None:
    """Write the report's findings as a JSON baseline."""
    from connlint.reporters import RenderOptions
    from connlint.reporters.json import render

    path.write_text(render(report, RenderOptions()), encoding="utf-8")
