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
from connlint.model import Connection, Location, Server
from connlint.reporters.escape import decodable, dumps, printable
from connlint.reporters.json import path_fields, trail_fields
from connlint.rotation import impact

if TYPE_CHECKING:
    from connlint.engine import Report
    from connlint.servers.bundles import Bundle

COLUMNS = ("location", "client", "version", "host", "mode", "decided", "trust_source", "rotation_impact")


def row(conn: Connection, bundle: Bundle | None = None) -> dict[str, Any]:
    """One inventory row as plain values; ``bundle`` is the trust anchor's file
    when it was read from the tree.
    """
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
        # A host infrastructure code names by reference (servers/join.py), when there is one.
        **({"host_ref": conn.host_ref} if conn.host_ref else {}),
        "loopback": conn.loopback,
        "mode": str(conn.mode),
        "decision": str(conn.decision),
        "decided": decided,
        "decided_at": f"{conn.decided_at.path}:{conn.decided_at.line}:{conn.decided_at.column}",
        "trust_source": conn.trust.describe() if conn.trust and conn.mode.verifies else "",
        "trust_path": conn.trust.path if conn.trust else None,
        "trust_kind": str(conn.trust.kind) if conn.trust else None,
        "trust_bundle": bundle.path if bundle is not None else None,
        "rotation_impact": impact(conn, bundle),
        **trail_fields(conn.deciding_trail()),
    }


#: The fields of a server row (every :class:`connlint.model.Server` field but
#: ``modules``, which the engine reads), in order.
SERVER_FIELDS = (
    "location",
    "source",
    "resource",
    "name",
    "identifier",
    "cluster_identifier",
    "cluster_name",
    "engine",
    "region",
    "ca",
    "ca_location",
    "ca_unknown",
)


def _at(location: Location | None) -> str | None:
    return f"{location.path}:{location.line}:{location.column}" if location else None


def server_row(server: Server) -> dict[str, Any]:
    """One declared database server as plain values (``ca`` null with ``ca_unknown``
    null: the property is absent and the account's default CA applies).
    """
    loc = server.location
    return {
        "location": _at(loc),
        **path_fields(loc.path),
        "line": loc.line,
        "column": loc.column,
        "source": server.source,
        "resource": server.resource,
        "name": server.name,
        "identifier": server.identifier,
        "cluster_identifier": server.cluster_identifier,
        "cluster_name": server.cluster_name,
        "engine": server.engine,
        "region": server.region,
        "ca": server.ca,
        "ca_location": _at(server.ca_location),
        "ca_unknown": server.ca_unknown,
        **trail_fields(server.trail),
    }


def _server_ca(r: dict[str, Any]) -> str:
    """The CA cell: the identifier, ``unknown (why)``, or ``account default``."""
    if r["ca"]:
        return str(r["ca"])
    return f"unknown ({r['ca_unknown']})" if r["ca_unknown"] else "account default"


def _server_cells(r: dict[str, Any]) -> tuple[str, ...]:
    named = r["identifier"] or (f"cluster {r['cluster_identifier']}" if r["cluster_identifier"] else "-")
    return (r["location"], r["name"], named, r["engine"] or "-", r["region"] or "-", _server_ca(r))


_SERVER_HEADERS = ("LOCATION", "SERVER", "IDENTIFIER", "ENGINE", "REGION", "CA")


def _server_table(rows: list[dict[str, Any]]) -> list[str]:
    """The "Servers" section of the table (none without servers)."""
    if not rows:
        return []
    body = [tuple(printable(c) for c in _server_cells(r)) for r in rows]
    widths = [max([len(h)] + [len(b[i]) for b in body]) for i, h in enumerate(_SERVER_HEADERS)]
    lines = ["", "Servers", ""]
    lines.append("  ".join(h.ljust(w) for h, w in zip(_SERVER_HEADERS, widths, strict=True)).rstrip())
    lines += ["  ".join(c.ljust(w) for c, w in zip(b, widths, strict=True)).rstrip() for b in body]
    lines += ["", f"{len(rows)} servers"]
    return lines


def _server_markdown(rows: list[dict[str, Any]]) -> list[str]:
    """The "Servers" section of the Markdown (none without servers)."""
    if not rows:
        return []
    lines = [
        "",
        "## Servers",
        "",
        "| Location | Server | Identifier | Engine | Region | CA |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        location, *rest = (printable(c).replace("|", "\\|") for c in _server_cells(r))
        lines.append(f"| `{location}` | " + " | ".join(rest) + " |")
    lines += ["", f"**{len(rows)} servers**"]
    return lines


def totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts by mode and by rotation impact."""
    return {
        "connections": len(rows),
        "by_mode": dict(sorted(Counter(r["mode"] for r in rows).items())),
        "by_impact": dict(sorted(Counter(r["rotation_impact"].split(" on ")[0] for r in rows).items())),
    }


def _host(r: dict[str, Any]) -> str:
    """The host cell: ``db.example.com``, ``localhost (loopback)``, ``-`` when not known."""
    return (r["host"] or r.get("host_ref") or "-") + (" (loopback)" if r["loopback"] else "")


def _table(rows: list[dict[str, Any]], servers: list[dict[str, Any]]) -> str:
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
    lines += _server_table(servers)
    return "\n".join(lines) + "\n"


def _markdown(rows: list[dict[str, Any]], servers: list[dict[str, Any]]) -> str:
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
    lines += _server_markdown(servers)
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


def bundle_row(bundle: Bundle) -> dict[str, Any]:
    """A CA bundle read from the tree: its certificates, or why they could not be read."""
    return {
        **path_fields(bundle.path),
        "form": bundle.form,
        "problem": bundle.problem,
        "certificates": [
            {"subject": c.subject, "not_after": c.not_after.isoformat(), "key": c.key, "line": c.line}
            for c in bundle.certificates
        ],
    }


def rows_of(report: Report) -> list[dict[str, Any]]:
    """The inventory rows of ``report``'s connections."""
    bundles = report.bundles
    return [
        row(c, bundles.get((c.location.path, c.trust.path or "")) if c.trust else None)
        for c in report.connections
    ]


def document(report: Report) -> dict[str, Any]:
    """The inventory of ``report`` as the JSON format's document: connections,
    the servers infrastructure code declares and the CA bundles read, all that
    ``connlint plan --inventory`` needs to join clients and servers across
    repositories.  ``servers`` and ``bundles`` are left out when there are
    none: the document stays as before.
    """
    rows = rows_of(report)
    servers = [server_row(s) for s in report.servers]
    bundles = {b.path: b for b in report.bundles.values()}
    doc: dict[str, Any] = {"version": __version__, "schema": 1, "connections": rows}
    if servers:
        doc["servers"] = servers
    if bundles:
        doc["bundles"] = [bundle_row(b) for _, b in sorted(bundles.items())]
    doc["totals"] = totals(rows)
    if servers:
        doc["totals"]["servers"] = len(servers)
    return doc


def render_inventory(report: Report, fmt: str) -> str:
    """The inventory of ``report`` in format ``fmt``."""
    if fmt == "json":
        return dumps(document(report))
    rows = rows_of(report)
    servers = [server_row(s) for s in report.servers]
    if fmt == "csv":
        return _csv(rows)
    if fmt == "markdown":
        return _markdown(rows, servers)
    return _table(rows, servers)
