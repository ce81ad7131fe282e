"""The rotation-planning inventory: one row per connection with its client,
effective TLS mode and how it was decided, trust source and rotation impact,
plus totals.  Formats: ``table`` (terminal), ``json`` (stable, documented in
docs/inventory.md), ``csv`` and ``markdown``.  Table and Markdown cells are
escaped for a terminal; JSON and CSV quote control characters themselves and
escape only a name's bytes that are not UTF-8 (JSON adds ``path_bytes``).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from typing import TYPE_CHECKING, Any

from connlint import __version__
from connlint.model import Connection
from connlint.reporters.escape import decodable, dumps, printable
from connlint.reporters.json import path_fields, trail_fields
from connlint.rotation import impact

if TYPE_CHECKING:
    from connlint.engine import Report

COLUMNS = ("location", "client", "version", "host", "mode", "decided", "trust_source", "rotation_impact")


def row(conn: Connection) -> dict[str, Any]:
    """One inventory row as plain values."""
    loc = conn.location
    decided = conn.describe_decision()
    return {
        "location": f"{loc.path}:{loc.line}:{loc.column}",
        **path_fields(loc.path),
        "line": loc.line,
        "column": loc.column,
        "client": conn.client,
        "driver": conn.driver,
        "version": conn.version,
        "host": conn.host,
        "loopback": conn.loopback,
        "mode": str(conn.mode),
        "decision": str(conn.decision),
        "decided": decided,
        "decided_at": f"{conn.decided_at.path}:{conn.decided_at.line}:{conn.decided_at.column}",
        "trust_source": conn.trust.describe() if conn.trust and conn.mode.verifies else "",
        "trust_path": conn.trust.path if conn.trust else None,
        "rotation_impact": impact(conn),
        **trail_fields(conn.trail),
    }


def totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts by mode and by rotation impact."""
    return {
        "connections": len(rows),
        "by_mode": dict(sorted(Counter(r["mode"] for r in rows).items())),
        "by_impact": dict(sorted(Counter(r["rotation_impact"].split(" on ")[0] for r in rows).items())),
    }


def _host(r: dict[str, Any]) -> str:
    """The host cell: ``db.example.com``, ``localhost (loopback)``, ``-`` when not known."""
    return (r["host"] or "-") + (" (loopback)" if r["loopback"] else "")


def _table(rows: list[dict[str, Any]]) -> str:
    headers = ("LOCATION", "CLIENT", "HOST", "MODE", "TRUST SOURCE", "ROTATION IMPACT")
    body = [
        tuple(
            printable(cell)
            for cell in (
                r["location"],
                r["client"] + (f" {r['version']}" if r["version"] else ""),
                _host(r),
                r["mode"] + ("" if r["decision"] == "explicit" else f" ({r['decision']})"),
                r["trust_source"] or "-",
                r["rotation_impact"],
            )
        )
        for r in rows
    ]
    widths = [max([len(h)] + [len(b[i]) for b in body]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(b, widths, strict=True)).rstrip() for b in body]
    t = totals(rows)
    lines.append("")
    lines.append(
        f"{t['connections']} connections; "
        + ", ".join(f"{k}: {v}" for k, v in t["by_impact"].items())
        + (" | modes: " + ", ".join(f"{k} {v}" for k, v in t["by_mode"].items()) if rows else "")
    )
    return "\n".join(lines) + "\n"


def _markdown(rows: list[dict[str, Any]]) -> str:
    def cell(text: str) -> str:
        return printable(text).replace("|", "\\|")

    lines = [
        "| Location | Client | Host | Mode | How decided | Trust source | Rotation impact |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        client = r["client"] + (f" {r['version']}" if r["version"] else "")
        lines.append(
            f"| `{cell(r['location'])}` | {cell(client)} | {cell(_host(r))} | {r['mode']} | "
            f"{cell(r['decided'])} | {cell(r['trust_source'] or '-')} | {cell(r['rotation_impact'])} |"
        )
    t = totals(rows)
    lines.append("")
    lines.append(
        f"**{t['connections']} connections**: " + ", ".join(f"{k}: {v}" for k, v in t["by_impact"].items())
    )
    return "\n".join(lines) + "\n"


def _csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(
        out,
        fieldnames=[*COLUMNS, "decision", "driver", "loopback"],
        extrasaction="ignore",
        lineterminator="\n",
    )
    writer.writeheader()
    for r in rows:
        writer.writerow(
            {k: "" if v is None else decodable(v) if isinstance(v, str) else v for k, v in r.items()}
        )
    return out.getvalue()


def render_inventory(report: Report, fmt: str) -> str:
    """The inventory of ``report`` in format ``fmt``."""
    rows = [row(c) for c in report.connections]
    if fmt == "json":
        doc = {"version": __version__, "schema": 1, "connections": rows, "totals": totals(rows)}
        return dumps(doc)
    if fmt == "csv":
        return _csv(rows)
    if fmt == "markdown":
        return _markdown(rows)
    return _table(rows)
