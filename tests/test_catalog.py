"""The catalog is checked like code: schema, ids, names, help layout, messages,
references, levels and severities, and rule selection.

The TOML files are the source of truth for everything but the published
contract below; the message placeholders are checked against the checks'
``finding(...)`` calls in tests/test_checks.py."""

from __future__ import annotations

import json
import re
import string
import subprocess
import sys
import tomllib
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from connlint.catalog import (
    EXAMPLE_FILE_NAMES,
    HELP_HEADINGS,
    USE_INSTEAD,
    CatalogError,
    Rule,
    examples,
    load_catalog,
    read_compiled,
    read_rules,
    select_rules,
)
from connlint.model import Level

RULES_DIR = Path(__file__).resolve().parents[1] / "rules"
RULE_FILES = sorted(RULES_DIR.glob("CL*.toml"))

# The published contract, written here once on purpose: users select, ignore and
# suppress rules by id, SARIF consumers key on names, and CI gates on levels, so
# renaming a rule, moving its level or changing its default is a breaking change
# that must show up as a test edit.  id -> (name, default level, enabled by
# default, the version that introduced it).
CONTRACT = {
    "CL101": ("verifies-server-certificate", Level.NOTE, True, "0.1.0"),
    "CL102": ("driver-defaults-to-tls", Level.NOTE, True, "0.1.0"),
    "CL103": ("trust-anchor-reference", Level.NOTE, True, "0.1.0"),
    "CL104": ("retired-ca-bundle", Level.ERROR, True, "0.1.0"),
    "CL201": ("tls-disabled", Level.ERROR, True, "0.1.0"),
    "CL202": ("certificate-not-verified", Level.WARNING, True, "0.1.0"),
    "CL203": ("hostname-not-verified", Level.WARNING, True, "0.1.0"),
    "CL204": ("weak-tls-protocol", Level.WARNING, True, "0.1.0"),
    "CL205": ("implicit-tls-mode", Level.NOTE, False, "0.1.0"),
    "CL301": ("hardcoded-credential", Level.WARNING, True, "0.1.0"),
    "CL302": ("deprecated-tls-option", Level.NOTE, True, "0.1.0"),
    "CL303": ("ineffective-tls-option", Level.WARNING, True, "0.1.0"),
    # Issue 18: unused suppressions are findings, so every format has them and --fail-on applies.
    "CL304": ("unused-suppression", Level.WARNING, False, "0.2.0"),
    # Issue 19: the server side of a CA rotation.
    "CL401": ("server-ca-expired", Level.ERROR, True, "0.2.0"),
    "CL402": ("server-ca-default", Level.NOTE, False, "0.2.0"),
    # Issue 19: run-level rules of the rotation (connlint.run_level).
    "CL403": ("trust-anchor-mismatch", Level.ERROR, True, "0.2.0"),
    "CL404": ("expiring-bundle-certificate", Level.WARNING, True, "0.2.0"),
}

CATALOG = load_catalog()
# The hundreds digit: CL2xx are TLS weaknesses; CL301 is the one security rule among the CL3xx.
# CL104 (a retired bundle: the connection fails) and CL303 (the promised protection is
# missing) are security outcomes too (issue 18), and CL401 (a server whose CA expired: clients
# that verify fail, issue 19); each rule's help says why its score.
SECURITY_RULES = {rule_id for rule_id in CATALOG if rule_id.startswith("CL2")} | {
    "CL104",
    "CL301",
    "CL303",
    "CL401",
}
RULES = list(CATALOG.values())


def _ids(rules: list[Rule]) -> list[str]:
    return [rule.id for rule in rules]


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads((RULES_DIR / "schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
def test_rule_file_matches_schema(path: Path, validator: Any) -> None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{path.name}: {list(e.path)}: {e.message}" for e in errors)


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
def test_id_matches_file_name(path: Path) -> None:
    assert tomllib.loads(path.read_text(encoding="utf-8"))["id"] == path.stem


def test_schema_rejects_a_broken_rule(validator: Any) -> None:
    data = tomllib.loads((RULES_DIR / "CL201.toml").read_text(encoding="utf-8"))
    del data["security_severity"]
    data["name"] = "No_TLS"
    data["surprise"] = 1
    messages = " ".join(e.message for e in validator.iter_errors(data))
    assert "security_severity" in messages
    assert "No_TLS" in messages
    assert "surprise" in messages


def test_catalog_module_is_cheap_to_import() -> None:
    code = (
        "import sys, connlint.catalog as c; c.load_catalog(); "
        "heavy = {'jsonschema', 'tree_sitter', 'libcst', 'yaml', 'tomllib', 'importlib.resources'} "
        "& set(sys.modules); "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_catalog_holds_exactly_the_rules_of_the_contract() -> None:
    assert list(CATALOG) == sorted(CONTRACT)
    assert [p.stem for p in RULE_FILES] == sorted(CONTRACT)


def test_catalog_is_loaded_from_the_installed_package() -> None:
    package_files = {entry.name for entry in files("connlint.rules").iterdir()}
    assert {f"{rule_id}.toml" for rule_id in CONTRACT} | {"schema.json", "catalog.json"} <= package_files
    assert load_catalog() is CATALOG  # cached


def test_compiled_catalog_equals_the_toml_sources() -> None:
    assert read_rules(files("connlint.rules")) == CATALOG


def test_a_broken_compiled_catalog_is_a_catalog_error(tmp_path: Path) -> None:
    path = tmp_path / "catalog.json"
    path.write_text('{"CL101": {"id": "CL101"}}', encoding="utf-8")
    with pytest.raises(CatalogError, match=r"CL101 in catalog\.json: `name` is missing"):
        read_compiled(path)
    for text in ("{", "[]"):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(CatalogError, match=r"catalog\.json"):
            read_compiled(path)
    with pytest.raises(CatalogError, match=r"catalog\.json"):
        read_compiled(tmp_path / "missing.json")


@pytest.mark.parametrize("rule", RULES, ids=_ids(RULES))
def test_name_level_and_default_follow_the_contract(rule: Rule) -> None:
    assert (rule.name, rule.level, rule.enabled, rule.since) == CONTRACT[rule.id]


def test_names_are_kebab_case_and_unique() -> None:
    names = [rule.name for rule in RULES]
    assert len(set(names)) == len(names)
    for name in names:
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", name), name
        assert not name.startswith(("no-", "disallow-")), name


@pytest.mark.parametrize("rule", RULES, ids=_ids(RULES))
def test_security_severity_only_on_security_rules(rule: Rule) -> None:
    if rule.id in SECURITY_RULES:
        assert rule.security_severity is not None
        assert 0.0 < float(rule.security_severity) <= 10.0
        assert "security" in rule.tags
    else:
        assert rule.security_severity is None
        assert "security" not in rule.tags


def test_severities_are_ordered_by_harm() -> None:
    def score(rule_id: str) -> float:
        severity = CATALOG[rule_id].security_severity
        assert severity is not None
        return float(severity)

    assert score("CL201") > score("CL202") > score("CL203") > score("CL205")
    assert score("CL203") == score("CL204")
    # The help of CL201 gives CodeQL's score for cleartext connections as the reason.
    assert score("CL201") == 7.5
    why = " ".join(CATALOG["CL201"].section("Why it matters").split())
    assert "CodeQL rates cleartext connections 7.5" in why


@pytest.mark.parametrize("rule", RULES, ids=_ids(RULES))
def test_cwe_numbers_and_tags_agree(rule: Rule) -> None:
    tagged = {int(tag.rsplit("-", 1)[1]) for tag in rule.tags if tag.startswith("external/cwe/cwe-")}
    assert tagged == set(rule.cwe)


@pytest.mark.parametrize("rule", RULES, ids=_ids(RULES))
def test_help_headings_present_and_in_order(rule: Rule) -> None:
    assert list(rule.sections) == list(HELP_HEADINGS)
    assert all(rule.sections.values()), "every section has a body"


@pytest.mark.parametrize("rule", RULES, ids=_ids(RULES))
def test_message_placeholders_are_known(rule: Rule) -> None:
    fields = list(string.Formatter().parse(rule.message))
    assert all(name != "" for _, name, _, _ in fields if name is not None), "no positional {}"
    assert all(not spec and not conv for _, name, spec, conv in fields if name is not None)
    assert rule.placeholders
    assert not rule.message.endswith(".")
    assert "\n" not in rule.message


@pytest.mark.parametrize("rule", RULES, ids=_ids(RULES))
def test_references_are_urls(rule: Rule) -> None:
    bullets = [line for line in rule.section("References").splitlines() if line.strip()]
    assert bullets
    assert len(rule.references) == len(bullets), "every line of References is a linked bullet"
    for url in rule.references:
        assert re.fullmatch(r"https://[^\s]+", url), url


@pytest.mark.parametrize("rule", RULES, ids=_ids(RULES))
def test_example_has_a_bad_then_a_good_fence(rule: Rule) -> None:
    found = examples(rule)
    assert [is_bad for _, _, is_bad in found] == [True, False]
    assert USE_INSTEAD in rule.section("Example").splitlines()
    for kind, code, _ in found:
        assert kind in EXAMPLE_FILE_NAMES
        assert code.strip() and code.endswith("\n")
    assert found[0][1] != found[1][1]


@pytest.mark.parametrize("rule", RULES, ids=_ids(RULES))
def test_security_rules_name_their_exceptions(rule: Rule) -> None:
    if rule.id.startswith("CL4"):
        return  # a declared server has no loopback case: its rules are about the server itself
    assert "loopback" in rule.section("Exceptions") or "localhost" in rule.section("Exceptions")


def test_examples_parses_fences_and_the_use_instead_line() -> None:
    rule = CATALOG["CL201"]
    assert examples(rule) == [
        ("properties", "spring.datasource.url=jdbc:mysql://db.example.com:3306/app?sslMode=DISABLED\n", True),
        (
            "properties",
            "spring.datasource.url=jdbc:mysql://db.example.com:3306/app?sslMode=VERIFY_IDENTITY\n",
            False,
        ),
    ]


def test_format_message() -> None:
    rule = CATALOG["CL201"]
    assert rule.format_message(client="Connector/J", reason="`sslMode=DISABLED`") == (
        "Connector/J connects without TLS (`sslMode=DISABLED`)"
    )
    assert rule.format_message(client="mysql", reason="x", unused="y") == "mysql connects without TLS (x)"
    with pytest.raises(KeyError, match="reason"):
        rule.format_message(client="Connector/J")
    assert CATALOG["CL101"].placeholders == {"client", "mode", "condition", "trust"}


def test_help_uri_and_full_description() -> None:
    rule = CATALOG["CL201"]
    assert rule.help_uri == "https://github.com/connlint/connlint/blob/main/docs/rules/CL201.md"
    assert rule.full_description.startswith("Connections whose effective TLS mode is DISABLED")
    assert not rule.help_markdown.startswith("\n") and not rule.help_markdown.endswith("\n")


def test_read_rules_rejects_a_mismatched_id(tmp_path: Path) -> None:
    text = (RULES_DIR / "CL201.toml").read_text(encoding="utf-8")
    (tmp_path / "CL299.toml").write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError, match="does not match"):
        read_rules(tmp_path)


def test_read_rules_rejects_a_missing_field(tmp_path: Path) -> None:
    text = (RULES_DIR / "CL201.toml").read_text(encoding="utf-8")
    (tmp_path / "CL201.toml").write_text(text.replace('level = "error"\n', ""), encoding="utf-8")
    with pytest.raises(CatalogError, match="level"):
        read_rules(tmp_path)


# ---- selection ----------------------------------------------------------------

# Expected sets are written as prefixes of the catalog, so a new rule does not
# change this test; CL201, CL202 and CL205 (off by default) are fixed ids.
ALL_IDS = frozenset(CATALOG)
DEFAULT_IDS = frozenset(rule_id for rule_id, rule in CATALOG.items() if rule.enabled)


def _prefix(prefix: str) -> frozenset[str]:
    return frozenset(rule_id for rule_id in CATALOG if rule_id.startswith(prefix))


@pytest.mark.parametrize(
    ("select", "ignore", "extend", "expected"),
    [
        (None, (), (), DEFAULT_IDS),
        (["ALL"], (), (), ALL_IDS),
        (["CL"], (), (), ALL_IDS),
        (["CL2"], (), (), _prefix("CL2")),
        (["CL20"], (), (), _prefix("CL20")),
        (["CL201", "CL3"], (), (), {"CL201"} | _prefix("CL3")),
        (None, (), ["CL205"], DEFAULT_IDS | {"CL205"}),
        (["CL1"], (), ["CL201"], _prefix("CL1") | {"CL201"}),
        (None, ["CL1"], (), DEFAULT_IDS - _prefix("CL1")),
        (None, ["ALL"], (), set()),
        (["CL2"], ["CL2"], (), set()),  # a tie: ignore wins
        (["CL2"], ["CL202"], (), _prefix("CL2") - {"CL202"}),  # more specific ignore wins
        (["CL201"], ["CL2"], (), {"CL201"}),  # more specific select wins
        (["ALL"], ["CL"], (), set()),
        (None, ["CL2"], ["CL205"], DEFAULT_IDS - _prefix("CL2") | {"CL205"}),
        ([], (), (), set()),
        ([" cl201 "], (), (), {"CL201"}),
    ],
)
def test_select_rules(
    select: list[str] | None, ignore: list[str], extend: list[str], expected: set[str]
) -> None:
    assert select_rules(select, ignore, extend) == frozenset(expected)


@pytest.mark.parametrize("bad", ["CL999", "CL9", "E501", "CL2x", ""])
def test_select_rules_rejects_unknown_selectors(bad: str) -> None:
    with pytest.raises(ValueError, match="unknown rule selector"):
        select_rules([bad])
    with pytest.raises(ValueError, match="unknown rule selector"):
        select_rules(None, [bad])


def test_removed_rules_are_never_selected() -> None:
    removed = {
        rule_id: Rule(**{**rule.__dict__, "status": "removed"}) if rule_id == "CL202" else rule
        for rule_id, rule in CATALOG.items()
    }
    assert "CL202" not in select_rules(["ALL"], catalog=removed)
    assert "CL202" not in select_rules(["CL202"], catalog=removed)
    assert "CL201" in select_rules(catalog=removed)
