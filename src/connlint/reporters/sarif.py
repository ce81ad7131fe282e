"""SARIF 2.1.0 for GitHub code scanning.

Validates against the official OASIS schema and follows GitHub's rules: one
run; the full rule catalog with descriptions, help, tags, precision and a
``security-severity`` string; results with all four region fields
(1-based, endColumn exclusive), a ``connlint/v2`` partial fingerprint and a
``%SRCROOT%``-relative URI; the category in ``automationDetails.id`` only
when one is given (the upload action's ``category:`` fills it only when it is
absent); notifications for files not analysed; past the result cap, the most
severe results kept.  Findings on a loopback connection use a twin of their
security rule without ``security-severity`` (see _loopback_rule).  Output is
deterministic.

A URI percent-encodes the path's bytes (RFC 3986, section 2.1), so a name
that is not UTF-8 (``app%FF.properties``) still leads back to its file.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from connlint import __version__
from connlint.catalog import Rule, load_catalog
from connlint.fingerprints import KEY, fingerprints
from connlint.model import Finding, Fix, Level, Location
from connlint.reporters.escape import dumps, raw

if TYPE_CHECKING:
    from connlint.engine import Report
    from connlint.reporters import RenderOptions

INFORMATION_URI = "https://github.com/connlint/connlint"
SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
# GitHub code scanning accepts at most this many results per run.
MAX_RESULTS = 25_000
LOOPBACK_SUFFIX = "-loopback"
_HEADING = re.compile(r"^#{1,6}\s+")
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")
_SEVERITY_RANK = {Level.ERROR: 0, Level.WARNING: 1, Level.NOTE: 2}


def _rule(rule: Rule) -> dict[str, Any]:
    properties: dict[str, Any] = {"tags": list(rule.tags), "precision": rule.precision}
    if rule.security_severity:
        properties["security-severity"] = rule.security_severity
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.short},
        "fullDescription": {"text": rule.full_description},
        "help": {"text": plain_text(rule.help_markdown), "markdown": rule.help_markdown},
        "helpUri": rule.help_uri,
        "defaultConfiguration": {"level": str(rule.level), "enabled": rule.enabled},
        "properties": properties,
    }


def plain_text(markdown: str) -> str:
    """The rule help as plain text, for viewers that do not render Markdown
    (SARIF ``help.text``; the Markdown goes in ``help.markdown``): headings
    without ``#``, code blocks indented, no backticks, links as ``text (url)``.
    """
    lines: list[str] = []
    in_code = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            lines.append(f"    {line}" if line else "")
            continue
        line = _HEADING.sub("", line)
        line = _LINK.sub(r"\1 (\2)", line)
        lines.append(line.replace("`", ""))
    return "\n".join(lines)


def loopback_id(rule_id: str) -> str:
    """The rule id GitHub sees for a finding on a loopback connection."""
    return f"{rule_id}{LOOPBACK_SUFFIX}"


def _loopback_rule(rule: Rule) -> dict[str, Any]:
    """A security rule's twin for loopback connections (a local or test
    database): GitHub takes ``security-severity`` from the rule alone, never
    from a result, so a finding downgraded to note would still be a High
    security alert under its own rule.  The twin has no security severity and
    defaults to note: GitHub shows it as a Note, outside the security view.
    """
    descriptor = _rule(rule)
    descriptor["id"] = loopback_id(rule.id)
    descriptor["name"] = f"{rule.name}{LOOPBACK_SUFFIX}"
    descriptor["shortDescription"] = {"text": f"{rule.short} (loopback host: a local or test database)"}
    descriptor["defaultConfiguration"] = {"level": "note", "enabled": rule.enabled}
    tags = [t for t in rule.tags if t != "security"] + ["loopback"]
    descriptor["properties"] = {"tags": tags, "precision": rule.precision}
    return descriptor


def _rule_id(f: Finding, catalog: dict[str, Rule]) -> str:
    if "loopback" in f.tags and catalog[f.rule].security_severity:
        return loopback_id(f.rule)
    return f.rule


def _kept(shown: list[Finding], limit: int) -> tuple[list[int], Counter[Level]]:
    """The indexes of the results that fit in ``limit``, most severe first
    (error, warning, note; then the report's path and line order), in report
    order; and how many of each level were left out.
    """
    if len(shown) <= limit:
        return list(range(len(shown))), Counter()
    order = sorted(range(len(shown)), key=lambda i: (_SEVERITY_RANK[shown[i].level], i))
    left_out = Counter(shown[i].level for i in order[limit:])
    return sorted(order[:limit]), left_out


def _left_out_message(left_out: Counter[Level], limit: int) -> str:
    total = sum(left_out.values())
    parts = [
        f"{left_out[lv]} {lv}{'s' if left_out[lv] != 1 else ''}"
        for lv in (Level.ERROR, Level.WARNING, Level.NOTE)
        if left_out[lv]
    ]
    return f"{total} results left out (at most {limit} per run; the most severe kept): {', '.join(parts)}"


def _uri(path: str) -> tuple[str, bool]:
    """(uri, relative?) for a display path."""
    if Path(path).is_absolute():
        return Path(path).as_uri(), False
    return quote(raw(path), safe="/"), True


def _location(path: str, line: int | None = None, f: Finding | None = None) -> dict[str, Any]:
    uri, relative = _uri(path)
    artifact: dict[str, Any] = {"uri": uri}
    if relative:
        artifact["uriBaseId"] = "%SRCROOT%"
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if f is not None:
        physical["region"] = _region(f.location)
    elif line:
        physical["region"] = {"startLine": line}
    return {"physicalLocation": physical}


def _region(loc: Location) -> dict[str, int]:
    return {
        "startLine": loc.line,
        "startColumn": loc.column,
        "endLine": loc.end_line,
        "endColumn": max(loc.end_column, loc.column + 1) if loc.end_line == loc.line else loc.end_column,
    }


def _hop(location: Location, text: str) -> dict[str, Any]:
    place = _location(location.path)
    place["physicalLocation"]["region"] = _region(location)
    place["message"] = {"text": text}
    return place


def _sink_label(f: Finding) -> str:
    """What the last step of a finding's path, the connection it reaches, is called."""
    return f"the connection ({f.client})" if f.client else "the connection"


def _trail(f: Finding) -> dict[str, Any]:
    """The steps of the value as ``relatedLocations``, and a ``codeFlows``
    thread from its origin through the finding to the connection it reaches
    (``sink``, when elsewhere), which GitHub shows as the alert's path.
    Each place is related once.
    """
    places = [(h.location, h.label) for h in f.trail]
    if f.sink is not None and all(where != f.sink for where, _label in places):
        places.append((f.sink, _sink_label(f)))
    related = [{"id": i, **_hop(where, label)} for i, (where, label) in enumerate(places, 1)]
    # Steps before the finding's place (constants), the finding, then the steps
    # after it (the helpers its argument is handed to), in the value's order.
    before = [_hop(h.location, h.label) for h in f.trail if not h.after]
    after = [_hop(h.location, h.label) for h in f.trail if h.after]
    steps = [*before, _hop(f.location, f.message), *after]
    if f.sink is not None:
        steps.append(_hop(f.sink, _sink_label(f)))
    flow = {"threadFlows": [{"locations": [{"location": step} for step in steps]}]}
    return {"relatedLocations": related, "codeFlows": [flow]}


def _result(f: Finding, rule_id: str, fingerprint: str, index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": rule_id,
        "ruleIndex": index[rule_id],
        "level": str(f.level),
        "message": {"text": f.message},
        "locations": [_location(f.location.path, f=f)],
        "partialFingerprints": {KEY: fingerprint},
    }
    if f.trail or f.sink is not None:
        result.update(_trail(f))
    properties: dict[str, Any] = {}
    if f.tls_mode is not None:
        properties["tlsMode"] = str(f.tls_mode)
    if f.client:
        properties["client"] = f.client
    if f.trust_source:
        properties["trustSource"] = f.trust_source
    if f.tags:
        properties["tags"] = list(f.tags)
    if properties:
        result["properties"] = properties
    if f.suppressed is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": f.suppressed}]
    if f.fix is not None:
        result["fixes"] = [_fix(f.fix)]
    return result


def _fix(fix: Fix) -> dict[str, Any]:
    """SARIF ``fix``: one ``artifactChange`` per file, a ``replacement`` per edit."""
    by_path: dict[str, list[dict[str, Any]]] = {}
    for e in fix.edits:
        replacement = {"deletedRegion": _region(e.location), "insertedContent": {"text": e.new}}
        by_path.setdefault(e.location.path, []).append(replacement)
    changes = [
        {"artifactLocation": _location(path)["physicalLocation"]["artifactLocation"], "replacements": reps}
        for path, reps in sorted(by_path.items())
    ]
    return {"description": {"text": fix.description}, "artifactChanges": changes}


def document(report: Report, options: RenderOptions) -> dict[str, Any]:
    """The SARIF log as Python values."""
    catalog = load_catalog()
    rules = [_rule(r) for r in catalog.values()]
    rules += [_loopback_rule(r) for r in catalog.values() if r.security_severity]
    index = {r["id"]: i for i, r in enumerate(rules)}
    shown = [f for f in report.findings if options.include_suppressed or f.suppressed is None]
    prints = fingerprints(shown)  # of every finding: a result's fingerprint never depends on the cap
    notifications = [
        {
            "level": "warning" if n.level is not Level.NOTE else "note",
            "message": {"text": f"{n.path}: {n.message}"},
            "locations": [_location(n.path, n.line)],
        }
        for n in report.notifications
    ]
    kept, left_out = _kept(shown, options.max_results)
    if left_out:
        notifications.append(
            {"level": "warning", "message": {"text": _left_out_message(left_out, options.max_results)}}
        )
    results = [_result(shown[i], _rule_id(shown[i], catalog), prints[i], index) for i in kept]
    root = Path(options.root).resolve().as_uri().rstrip("/") + "/"
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "connlint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                **({"automationDetails": {"id": options.category}} if options.category else {}),
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root}},
                "invocations": [
                    {"executionSuccessful": True, "toolExecutionNotifications": notifications},
                ],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render(report: Report, options: RenderOptions) -> str:
    """The SARIF log as deterministic JSON."""
    return dumps(document(report, options))
