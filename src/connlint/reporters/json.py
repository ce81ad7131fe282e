r"""JSON output: the findings as a plain, stable document (``schema`` 1).

Top level: ``version``, ``schema``, ``findings`` (each: rule, name, level,
message, path, line, column, end_line, end_column, fingerprint, tls_mode,
client, trust_source, tags, suppressed; ``decision``, ``decided`` and
``decided_at`` (``path:line:column``) as in the inventory, null for a finding
that is not about one connection; and ``trail`` when the deciding value
took steps before the connection: path, line, column, label each, origin
first; ``sink`` (``path:line:column``) when the finding stands on a value
written elsewhere than the connection it decides (a variable, a constant, an
option file): where that connection is opened, the end of the value's path;
``fix`` when ``--fix`` can fix it: applicability, message and edits,
each with location, end_location and content, as ruff writes them),
``notifications`` (path, line,
level, message) and ``summary`` (files, findings by level).

Strings are valid Unicode: a file name's bytes that are not UTF-8 read
``\xNN`` in ``path``, and then, only then, ``path_bytes`` holds the name's
exact bytes in base64 (as ripgrep's ``--json`` does for such data).
"""

from __future__ import annotations

import base64
from collections import Counter
from typing import TYPE_CHECKING, Any

from connlint import __version__
from connlint.catalog import load_catalog
from connlint.fingerprints import fingerprints
from connlint.model import Fix, Hop, Location
from connlint.reporters.escape import dumps, has_raw_bytes, raw

if TYPE_CHECKING:
    from connlint.engine import Report
    from connlint.reporters import RenderOptions


def path_fields(path: str) -> dict[str, str]:
    """``path``, plus ``path_bytes`` when the name is not UTF-8 (see the module)."""
    if not has_raw_bytes(path):
        return {"path": path}
    return {"path": path, "path_bytes": base64.b64encode(raw(path)).decode("ascii")}


def _at(location: Location | None) -> str | None:
    return f"{location.path}:{location.line}:{location.column}" if location else None


def trail_fields(trail: tuple[Hop, ...]) -> dict[str, Any]:
    """``trail``: the steps the deciding value took, origin first; left out when it took none.
    A step after the place the finding or connection stands (a helper the
    value is handed to) has ``"after": true``.
    """
    if not trail:
        return {}
    steps = [
        {
            **path_fields(loc.path),
            "line": loc.line,
            "column": loc.column,
            "label": h.label,
            **({"after": True} if h.after else {}),
        }
        for h in trail
        for loc in (h.location,)
    ]
    return {"trail": steps}


def fix_fields(fix: Fix | None) -> dict[str, Any]:
    """``fix`` (ruff's shape: applicability, message, edits with location,
    end_location and content); left out when the finding has none.
    """
    if fix is None:
        return {}
    edits = [
        {
            "location": {"row": e.location.line, "column": e.location.column},
            "end_location": {"row": e.location.end_line, "column": e.location.end_column},
            "content": e.new,
        }
        for e in fix.edits
    ]
    return {"fix": {"applicability": "safe", "message": fix.description, "edits": edits}}


def document(report: Report, options: RenderOptions) -> dict[str, Any]:
    """The JSON document as Python values."""
    catalog = load_catalog()
    shown = [f for f in report.findings if options.include_suppressed or f.suppressed is None]
    prints = fingerprints(shown)
    findings = [
        {
            "rule": f.rule,
            "name": catalog[f.rule].name,
            "level": str(f.level),
            "message": f.message,
            **path_fields(f.location.path),
            "line": f.location.line,
            "column": f.location.column,
            "end_line": f.location.end_line,
            "end_column": f.location.end_column,
            "fingerprint": fp,
            "tls_mode": str(f.tls_mode) if f.tls_mode else None,
            "client": f.client,
            "trust_source": f.trust_source,
            "tags": list(f.tags),
            "suppressed": f.suppressed,
            "decision": f.decision,
            "decided": f.decided,
            "decided_at": _at(f.decided_at),
            **trail_fields(f.trail),
            **({"sink": _at(f.sink)} if f.sink is not None else {}),
            **fix_fields(f.fix),
        }
        for f, fp in zip(shown, prints, strict=True)
    ]
    levels = Counter(str(f.level) for f in shown)
    return {
        "version": __version__,
        "schema": 1,
        "findings": findings,
        "notifications": [
            {**path_fields(n.path), "line": n.line, "level": str(n.level), "message": n.message}
            for n in report.notifications
        ],
        "summary": {
            "files": report.files_seen,
            "files_analysed": report.files_parsed,
            "findings": len(shown),
            "by_level": {lv: levels.get(lv, 0) for lv in ("error", "warning", "note")},
        },
    }


def render(report: Report, options: RenderOptions) -> str:
    """The JSON document, pretty-printed with sorted keys."""
    return dumps(document(report, options))
