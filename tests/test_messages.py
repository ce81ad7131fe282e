"""What a message may say (issue 18, item 9): quoted evidence is code, never a
comment; no message cites a document of this repository; parentheses never
nest (a call's own are quoted); `&amp;` outside XML is explained, not read as
a password key.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import libcst as cst
import pytest

from connlint.checks.findings import hop_text
from connlint.clients import connector_j
from connlint.config import Config
from connlint.engine import Report, run
from connlint.frontends.python.positions import Positions

ROOT = Path(__file__).resolve().parent.parent
_QUOTED = re.compile(r"`[^`]*`")


def depth(message: str) -> int:
    """How deep parentheses nest outside `quoted` code."""
    deepest = level = 0
    for ch in _QUOTED.sub("``", message):
        if ch == "(":
            level += 1
            deepest = max(deepest, level)
        elif ch == ")":
            level -= 1
    return deepest


@pytest.fixture(scope="module")
def fixtures_report() -> Report:
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return run([Path("fixtures")], Config(select=("ALL",)), jobs=1)
    finally:
        os.chdir(cwd)


def test_messages_of_every_fixture_finding(fixtures_report: Report) -> None:
    messages = sorted({f.message for f in fixtures_report.findings})
    assert len(messages) > 300
    for message in messages:
        assert depth(message) <= 1, message
        for quoted in _QUOTED.findall(message):
            # Every `ruleid:`/`ok:` annotation of the fixtures is a comment.
            assert "ruleid:" not in quoted and "ok: CL" not in quoted, message
        assert not re.search(r"\b[\w-]+\.md\b|§|knowledge/", message), message


def test_python_evidence_leaves_comments_out() -> None:
    text = 'conn = f(ssl={\n    "ca": CA,  # "#" in a comment\n    # ruleid: CL303\n    "x": "a#b",\n})\n'
    module = cst.parse_module(text)
    positions = Positions("x.py", module, {})
    call = module.body[0].body[0].value  # type: ignore[attr-defined]
    first, second = call.args[0].value.elements
    assert positions.code(first) == '"ca": CA'
    assert positions.code(second) == '"x": "a#b"'  # a "#" in a string is kept
    assert positions.code(call) == 'f(ssl={ "ca": CA, "x": "a#b", })'


@pytest.mark.parametrize(
    ("label", "shown"),
    [
        ("via get_config()", "via `get_config()`"),
        ("via helper Db.open()", "via helper `Db.open()`"),
        ("via open_insecure = functools.partial(...)", "via open_insecure = `functools.partial(...)`"),
        ("via call of sql() at line 10", "via call of `sql()` at line 10"),
        ("via LedgerConfig.SUFFIX", "via LedgerConfig.SUFFIX"),
        ("via [client] in conf/my.cnf", "via [client] in conf/my.cnf"),
        ("via `db()`", "via `db()`"),
    ],
)
def test_hop_labels_quote_calls(label: str, shown: str) -> None:
    assert hop_text(label) == shown


def test_version_notes_do_not_nest() -> None:
    for version in ("5.1.38", "5.1.42", "8.0.9", "8.0.13"):
        note = connector_j.tls_default_reason(version)
        assert note is None or depth(f"({note})") == 1, note


def test_xml_ampersand_outside_xml(tmp_path: Path) -> None:
    (tmp_path / "application.properties").write_text(
        "spring.datasource.url=jdbc:mysql://db.example.com/app?sslMode=VERIFY_IDENTITY&amp;password=pw\n"
        "other.url=jdbc:mysql://db.example.com/app?sslMode=VERIFY_IDENTITY&amp;cacheDefaultTimezone=x\n"
    )
    (tmp_path / "context.xml").write_text(
        '<Context><Resource url="jdbc:mysql://db.example.com/app?useSSL=false&amp;sslMode=DISABLED"/></Context>\n'
    )
    report = run([tmp_path], Config(select=("CL201", "CL303")), jobs=1)
    ineffective = [f for f in report.findings if f.rule == "CL303"]
    assert [f.location.line for f in ineffective] == [1]  # a key that is no TLS or password key: silent
    assert "the driver reads the property `amp;password`, not `password`" in ineffective[0].message
    # In XML the front-end decodes `&amp;`: sslMode is read.
    assert [f.rule for f in report.findings if f.location.path.endswith("context.xml")] == ["CL201"]
