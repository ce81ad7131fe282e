"""SARIF 2.1.0 for GitHub code scanning.

Validates against the official OASIS schema and follows GitHub's rules: one
run; the full rule catalog with descriptions, help, tags, precision and a
``security-severity`` string; results with all four region fields
(1-based, endColumn exclusive), a ``connlint/v1`` partial fingerprint and a
``%SRCROOT%``-relative URI; the category in ``automationDetails.id``;
notifications for files not analysed.  Output is deterministic.

A URI percent-encodes the path's bytes (RFC 3986, section 2.1), so a name
that is not UTF-8 (``app%FF.properties``) still leads back to its file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from connlint import __version__
from connlint.catalog import Rule, load_catalog
from connlint.fingerprints import KEY, fingerprints
from connlint.model import Finding, Level, Location
from connlint.reporters.escape import dumps, raw

if TYPE_CHECKING:
    from connlint.engine import Report
    from connlint.reporters import RenderOptions

INFORMATION_URI = "https://github.com/connlint/connlint"
SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
# GitHub code scanning accepts at most this many results per run.
MAX_RESULTS = 25_000


def _rule(rule: Rule) -> dict[str, Any]:
    properties: dict[str, Any] = {"tags": list(rule.tags), "precision": rule.precision}
    if rule.security_severity:
        properties["security-severity"] = rule.security_severity
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.short},
        "fullDescription": {"text": rule.full_description},
        "help": {"text": rule.help_markdown, "markdown": rule.help_markdown},
        "helpUri": rule.help_uri,
        "defaultConfiguration": {"level": str(rule.level), "enabled": rule.enabled},
        "properties": properties,
    }


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


def _trail(f: Finding) -> dict[str, Any]:
    """The steps of the value as ``relatedLocations``, and a ``codeFlows``
    thread from its origin to the finding, which GitHub shows as the alert's path.
    """
    related = [{"id": i, **_hop(h.location, h.label)} for i, h in enumerate(f.trail, 1)]
    steps = [*(_hop(h.location, h.label) for h in f.trail), _hop(f.location, f.message)]
    flow = {"threadFlows": [{"locations": [{"location": step} for step in steps]}]}
    return {"relatedLocations": related, "codeFlows": [flow]}


def _result(f: Finding, fingerprint: str, index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index[f.rule],
        "level": str(f.level),
        "message": {"text": f.message},
        "locations": [_location(f.location.path, f=f)],
        "partialFingerprints": {KEY: fingerprint},
    }
    if f.trail:
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
    return result


def document(report: Report, options: RenderOptions) -> dict[str, Any]:
    """The SARIF log as Python values."""
    catalog = load_catalog()
    rules = list(catalog.values())
    index = {r.id: i for i, r in enumerate(rules)}
    shown = [f for f in report.findings if options.include_suppressed or f.suppressed is None]
    notifications = [
        {
            "level": "warning" if n.level is not Level.NOTE else "note",
            "message": {"text": f"{n.path}: {n.message}"},
            "locations": [_location(n.path, n.line)],
        }
        for n in report.notifications
    ]
    if len(shown) > MAX_RESULTS:
        notifications.append(
            {
                "level": "warning",
                "message": {"text": f"{len(shown) - MAX_RESULTS} results left out (GitHub limit)"},
            }
        )
        shown = shown[:MAX_RESULTS]
    results = [_result(f, fp, index) for f, fp in zip(shown, fingerprints(shown), strict=True)]
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
                        "rules": [_rule(r) for r in rules],
                    }
                },
                "automationDetails": {"id": options.category},
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
