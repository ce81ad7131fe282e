"""The rotation plan (:mod:`connlint.plan`) as Markdown (a change request or a
GitHub Actions step summary), JSON (stable, documented in docs/plan.md), CSV
(one row per database and client) and a terminal table.  Text cells are made
printable and Markdown cells escaped, as the inventory's.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from typing import Any

from connlint import __version__
from connlint.plan import ClientPlan, DatabasePlan, Plan
from connlint.reporters.escape import decodable, dumps, printable

_VERDICT_WORDS = {
    "blocked": "**blocked**",
    "unknown": "unknown",
    "safe": "safe",
    "unaffected": "unaffected",
}


def _cell(text: str) -> str:
    return printable(text).replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    return f"`{_cell(text)}`" if text else "-"


def _client_cell(c: ClientPlan) -> str:
    where = f"{c.source}: {c.location}" if c.source else c.location
    return f"{_cell(c.client)} at `{_cell(where)}`"


def _summary_line(plan: Plan) -> str:
    t = plan.totals()
    verdicts = ", ".join(f"{k} {v}" for k, v in t["by_verdict"].items()) or "none"
    return (
        f"{t['databases']} databases ({verdicts}); {t['clients']} clients joined"
        f", {t['unmatched_clients']} not joined to a database"
    )


def _markdown(plan: Plan) -> str:
    lines = [f"## CA rotation plan: `{plan.target}`", "", _summary_line(plan) + ".", ""]
    if plan.sources:
        lines += ["Inventories joined: " + ", ".join(f"`{_cell(s)}`" for s in plan.sources) + ".", ""]
    if plan.databases:
        lines += [
            "| Database | Region | Current CA | Verdict | Clients | Declared in |",
            "|---|---|---|---|---|---|",
        ]
        for d in plan.databases:
            lines.append(
                f"| `{_cell(d.name)}` | {_cell(d.region or '?')} | {_cell(d.current_ca)} | "
                f"{_VERDICT_WORDS[d.verdict]} | {len(d.clients)} | {_cell(d.declared) or '-'} |"
            )
        lines.append("")
    for d in plan.databases:
        lines += _database_section(d)
    if plan.unmatched:
        lines += ["### Clients not joined to a database", ""]
        lines += ["| Client | Host | Mode | Why |", "|---|---|---|---|"]
        for c in plan.unmatched:
            lines.append(f"| {_client_cell(c)} | {_code(c.host or '')} | {c.mode} | {_cell(c.why)} |")
        lines.append("")
    return "\n".join(lines)


def _database_section(d: DatabasePlan) -> list[str]:
    head = f"### {d.verdict}: `{_cell(d.name)}`" + (f" ({_cell(d.region)})" if d.region else "")
    facts = [f"current CA {_cell(d.current_ca)}"]
    if d.target_root:
        facts.append(f"target root `{_cell(d.target_root)}`")
    if d.engine:
        facts.append(f"engine {_cell(d.engine)}")
    if d.note:
        facts.append(_cell(d.note))
    lines = [head, "", "; ".join(facts) + ".", ""]
    if not d.clients:
        return lines
    lines += [
        "| Client | Mode | Trust anchor | Outcome | Why | What to change |",
        "|---|---|---|---|---|---|",
    ]
    for c in d.clients:
        outcome = f"**{c.outcome}**" if c.outcome == "blocked" else c.outcome
        lines.append(
            f"| {_client_cell(c)} | {c.mode} | {_cell(c.trust) or '-'} | {outcome} | {_cell(c.why)} | "
            f"{_cell(c.change) or '-'} |"
        )
    lines.append("")
    return lines


def _table(plan: Plan) -> str:
    lines = [f"CA rotation plan: {plan.target}", _summary_line(plan), ""]
    for d in plan.databases:
        region = f" ({d.region})" if d.region else ""
        declared = f"  [{d.declared}]" if d.declared else ""
        lines.append(
            printable(f"{d.verdict.upper():<10} {d.name}{region}  current CA: {d.current_ca}{declared}")
        )
        if d.note:
            lines.append(printable(f"           {d.note}"))
        for c in d.clients:
            where = f"{c.source}: {c.location}" if c.source else c.location
            text = f"  {c.outcome:<10} {where}  {c.client}  {c.mode}  {c.why}"
            lines.append(printable(text + (f"  -> {c.change}" if c.change else "")))
    if plan.unmatched:
        lines += ["", "Not joined to a database:"]
        for c in plan.unmatched:
            where = f"{c.source}: {c.location}" if c.source else c.location
            lines.append(printable(f"  {where}  {c.client}  host {c.host or '-'}: {c.why}"))
    return "\n".join(lines) + "\n"


def plan_document(plan: Plan) -> dict[str, Any]:
    """The JSON document of ``plan`` (schema 1)."""
    return {
        "version": __version__,
        "schema": 1,
        "target": plan.target,
        "inventories": plan.sources,
        "databases": [
            {
                **{k: v for k, v in asdict(d).items() if k != "clients"},
                "clients": [asdict(c) for c in d.clients],
            }
            for d in plan.databases
        ],
        "unmatched": [asdict(c) for c in plan.unmatched],
        "totals": plan.totals(),
    }


_CSV_COLUMNS = (
    "database",
    "region",
    "current_ca",
    "verdict",
    "source",
    "location",
    "client",
    "host",
    "mode",
    "trust",
    "outcome",
    "why",
    "change",
)


def _csv(plan: Plan) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=_CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()

    def write(values: dict[str, Any]) -> None:
        writer.writerow(
            {k: "" if v is None else decodable(v) if isinstance(v, str) else v for k, v in values.items()}
        )

    for d in plan.databases:
        database = {"database": d.name, "region": d.region, "current_ca": d.current_ca, "verdict": d.verdict}
        if not d.clients:
            write({**database, **dict.fromkeys(_CSV_COLUMNS[4:], "")})
        for c in d.clients:
            write({**database, **{k: getattr(c, k) for k in _CSV_COLUMNS[4:]}})
    for c in plan.unmatched:
        write(
            {
                "database": "",
                "region": "",
                "current_ca": "",
                "verdict": "",
                **{k: getattr(c, k) for k in _CSV_COLUMNS[4:]},
            }
        )
    return out.getvalue()


def render_plan(plan: Plan, fmt: str) -> str:
    """``plan`` in format ``fmt``: markdown, json, csv or table."""
    if fmt == "json":
        return dumps(plan_document(plan))
    if fmt == "csv":
        return _csv(plan)
    if fmt == "markdown":
        return _markdown(plan)
    return _table(plan)
