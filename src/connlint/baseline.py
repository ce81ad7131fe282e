"""Baselines: a previous JSON or SARIF output whose findings are not reported
again.  Findings are matched by their connlint fingerprint (rule, path,
normalised evidence and line text; see connlint.fingerprints), so moved lines
do not resurface.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from connlint.config import ConfigError
from connlint.fingerprints import KEY, LEGACY_KEY, fingerprints, legacy_fingerprints
from connlint.model import Finding

if TYPE_CHECKING:
    from connlint.engine import Report


def load_baseline(path: Path) -> frozenset[str]:
    """The fingerprints recorded in a connlint JSON or SARIF file.

    Anything else (not JSON, nested too deeply for the parser, a document of
    another shape) is a ConfigError naming the file, never an internal error.
    """
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read baseline: {exc}") from None
    except RecursionError:  # json's C decoder recurses per level: 100k "[" exhaust it
        raise ConfigError(f"{path}: cannot read baseline: nested too deeply") from None
    if isinstance(data, dict) and isinstance(data.get("runs"), list):
        # SARIF: runs[].results[].partialFingerprints[KEY] (or the v1 key of older files)
        results = [r for run in data["runs"] for r in _items(run, "results", path)]
        prints = [_member(r, "partialFingerprints", dict, path) for r in results]
        found = [_member(p, KEY, str, path) or _member(p, LEGACY_KEY, str, path) for p in prints]
    elif isinstance(data, dict) and isinstance(data.get("findings"), list):
        found = [_member(f, "fingerprint", str, path) for f in data["findings"]]
    else:
        raise _not_output(path)
    return frozenset(fp for fp in found if isinstance(fp, str))


def _not_output(path: Path) -> ConfigError:
    return ConfigError(f"{path}: not a connlint JSON or SARIF output")


def _items(container: object, key: str, path: Path) -> list[object]:
    """``container[key]``, a list (absent: empty)."""
    value = _member(container, key, list, path)
    return value if isinstance(value, list) else []


def _member(container: object, key: str, kind: type, path: Path) -> object:
    """``container[key]`` when present and of type ``kind``; None when absent.

    A container that is not an object, or a member of another type, means the
    file is not our output: an error rather than a baseline that silently
    hides nothing.
    """
    if container is None:
        return None
    if not isinstance(container, dict):
        raise _not_output(path)
    value = container.get(key)
    if value is not None and not isinstance(value, kind):
        raise _not_output(path)
    return value


def filter_new(findings: list[Finding], known: frozenset[str]) -> list[Finding]:
    """The findings whose fingerprint is not in the baseline (v2, or v1 for a
    baseline written before v2).
    """
    shown = [f for f in findings if f.suppressed is None]
    pairs = zip(shown, fingerprints(shown), legacy_fingerprints(shown), strict=True)
    new_ids = {id(f) for f, fp, old in pairs if fp not in known and old not in known}
    return [f for f in findings if f.suppressed is not None or id(f) in new_ids]


def write_baseline(report: Report, path: Path) -> None:
    """Write the report's findings as a JSON baseline."""
    from connlint.reporters import RenderOptions
    from connlint.reporters.json import render
    from connlint.reporters.output import write_file

    write_file(path, render(report, RenderOptions()))
