"""The checks: mode -> rules, and what each check declares with @emits (rule
ids, message arguments against the catalog's placeholders, what it reads)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from connlint import checks
from connlint.catalog import load_catalog, read_rules
from connlint.checks import CHECK_BY_ID, run_checks
from connlint.checks.findings import FileFacts
from connlint.checks.registry import REGISTRATIONS, RUN_LEVEL_READS, Reads, Registration, emits
from connlint.model import (
    Connection,
    Decision,
    Dependency,
    Fact,
    FactKind,
    Finding,
    Location,
    Outcome,
    Server,
    TlsMode,
    Trust,
    TrustKind,
)
from connlint.servers.bundles import Bundle, Certificate

AT = Location("a.properties", 1, 10, 1, 26)


def _conn(mode: TlsMode, decision: Decision = Decision.EXPLICIT, **kw: object) -> Connection:
    return Connection(
        client="MySQL Connector/J",
        location=AT,
        mode=mode,
        decision=decision,
        decided_at=AT,
        decided_by=f"sslMode={mode}",
        **kw,  # type: ignore[arg-type]
    )


def _rules(*conns: Connection, select: str = "CL101,CL201,CL202,CL203,CL205") -> list[str]:
    return sorted(f.rule for f in run_checks(FileFacts("a", list(conns)), frozenset(select.split(","))))


def test_mode_to_rules() -> None:
    assert _rules(_conn(TlsMode.VERIFY_IDENTITY)) == ["CL101"]
    assert _rules(_conn(TlsMode.VERIFY_CA)) == ["CL101", "CL203"]
    assert _rules(_conn(TlsMode.REQUIRED)) == ["CL202"]
    assert _rules(_conn(TlsMode.PREFERRED)) == ["CL202"]
    assert _rules(_conn(TlsMode.PREFERRED, Decision.DEFAULT)) == ["CL205"]
    assert _rules(_conn(TlsMode.DISABLED)) == ["CL201"]
    assert _rules(_conn(TlsMode.UNKNOWN, Decision.UNKNOWN)) == []


def test_version_dependent_message_names_conditions() -> None:
    conn = _conn(
        TlsMode.VERIFY_CA,
        Decision.VERSION,
        outcomes=(
            Outcome(TlsMode.VERIFY_CA, "Connector/J 5.1 and 8.0.≤12"),
            Outcome(TlsMode.PREFERRED, "8.0.13+"),
        ),
        trust=Trust(TrustKind.JVM_DEFAULT),
    )
    (cl101,) = [f for f in run_checks(FileFacts("a", [conn]), frozenset({"CL101"}))]
    assert "VERIFY_CA on Connector/J 5.1 and 8.0.≤12; PREFERRED on 8.0.13+" in cl101.message
    assert "JVM default trust store" in cl101.message


def test_loopback_drops_to_note_with_tag() -> None:
    (f,) = run_checks(FileFacts("a", [_conn(TlsMode.DISABLED, loopback=True)]), frozenset({"CL201"}))
    assert f.level == "note" and f.tags == ("loopback",)


def test_shared_deciding_setting_reported_once() -> None:
    assert _rules(_conn(TlsMode.DISABLED), _conn(TlsMode.DISABLED)) == ["CL201"]


# ---- the registry: what each check declares with @emits ------------------------

RULES_DIR = Path(__file__).resolve().parents[1] / "rules"
CHECKS_DIR = Path(checks.__file__).resolve().parent
REGISTRATION_BY_NAME = {(r.check.__module__, r.check.__name__): r for r in REGISTRATIONS}


@dataclass(frozen=True)
class Call:
    """One ``finding(...)`` call in the source of checks/."""

    module: str
    function: str
    line: int
    rule: str | None  # None when the id is not a string literal
    keywords: frozenset[str | None]  # None stands for **kwargs


def _finding_calls() -> list[Call]:
    calls: list[Call] = []
    for path in sorted(CHECKS_DIR.glob("*.py")):
        module = f"connlint.checks.{path.stem}"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            for node in ast.walk(function):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id == "finding"
                ):
                    first = node.args[0] if node.args else None
                    rule = (
                        first.value
                        if isinstance(first, ast.Constant) and isinstance(first.value, str)
                        else None
                    )
                    keywords = frozenset(k.arg for k in node.keywords) - {"connection"}
                    calls.append(Call(module, function.name, node.lineno, rule, keywords))
    return calls


CALLS = _finding_calls()


def _where(call: Call) -> str:
    return f"{call.module}:{call.line} ({call.function})"


def test_finding_calls_are_found() -> None:
    assert {c.rule for c in CALLS if c.rule is not None} == set(load_catalog())


def test_every_finding_call_names_its_rule_and_arguments_literally() -> None:
    # What the next two tests read: an id in a variable or **kwargs would hide a mismatch.
    for call in CALLS:
        assert call.rule is not None, f"{_where(call)}: the rule id is not a string literal"
        assert None not in call.keywords, f"{_where(call)}: message arguments passed as **kwargs"


@pytest.mark.parametrize("call", CALLS, ids=_where)
def test_message_arguments_are_the_placeholders_of_the_toml(call: Call) -> None:
    # The message contract between checks/ and rules/*.toml: every placeholder
    # filled in, no argument that the template has dropped.
    rule = read_rules(RULES_DIR)[str(call.rule)]
    assert call.keywords == rule.placeholders, f"{_where(call)}: {rule.message!r}"


def test_registry_ids_are_the_catalog_ids() -> None:
    assert list(CHECK_BY_ID) == list(load_catalog())
    declared = [rule_id for r in REGISTRATIONS for rule_id in r.rules]
    assert sorted(declared) == sorted(set(declared)) == list(load_catalog())


@pytest.mark.parametrize("registration", REGISTRATIONS, ids=lambda r: r.check.__name__)
def test_a_check_emits_exactly_the_ids_it_declares(registration: Registration) -> None:
    name = (registration.check.__module__, registration.check.__name__)
    emitted = {c.rule for c in CALLS if (c.module, c.function) == name}
    assert emitted == set(registration.rules)


def test_every_finding_call_is_in_a_registered_check() -> None:
    helpers = [c for c in CALLS if (c.module, c.function) not in REGISTRATION_BY_NAME]
    assert not helpers, [_where(c) for c in helpers]


def test_a_rule_id_is_emitted_by_one_check_only() -> None:
    def other(facts: FileFacts) -> Iterator[Finding]:
        yield from ()

    before = list(REGISTRATIONS)
    with pytest.raises(ValueError, match=r"CL201 already emitted by check_tls_mode"):
        emits("CL201", "CL299", reads="connections")(other)
    assert before == REGISTRATIONS


# What each kind of input fires, for the reads= declarations (the rule map in
# docs/architecture.md is generated from them).
AT2 = Location("a.properties", 2, 1, 2, 20)
RETIRED = "/etc/ssl/certs/rds-combined-ca-bundle.pem"


def _inputs() -> dict[Reads, FileFacts]:
    inputs: dict[Reads, FileFacts] = {
        kind: FileFacts("a", facts=[Fact(kind, AT2, "key", RETIRED, detail="detail")]) for kind in FactKind
    }
    inputs["connections"] = FileFacts("a", [_conn(TlsMode.DISABLED)])
    inputs["dependencies"] = FileFacts(
        "a", dependencies=[Dependency("maven", "mysql:mysql-connector-java", "8.0.33", AT2)]
    )
    # Run level: a CA bundle a connection names, read from the tree (connlint.run_level).
    expired = Certificate("Amazon RDS Root 2019 CA", date(2024, 8, 22), "RSA2048", True, 1)
    inputs["bundles"] = FileFacts("a", bundles={("a", RETIRED): Bundle("ca.pem", "PEM", (expired,))})
    # Run level: a verifying client joined to the server another file declares.
    client = _conn(
        TlsMode.VERIFY_IDENTITY,
        host="orders.c1x2y3z4.us-east-1.rds.amazonaws.com",
        trust=Trust(TrustKind.CA_FILE, RETIRED, AT2),
    )
    server = Server(
        "terraform", "aws_db_instance", "aws_db_instance.orders", AT, "orders", ca="rds-ca-rsa2048-g1"
    )
    inputs["joined"] = FileFacts("a", [client], servers=[server], run_level=True)
    return inputs


@pytest.mark.parametrize("registration", REGISTRATIONS, ids=lambda r: r.check.__name__)
def test_a_check_reads_what_it_declares(registration: Registration) -> None:
    for reads, facts in _inputs().items():
        if reads in RUN_LEVEL_READS and registration.reads not in RUN_LEVEL_READS:
            continue  # a run-level input holds a whole run: any file's check may find something there
        found = list(registration.check(facts))
        if reads == registration.reads:
            assert found, f"{registration.check.__name__} found nothing in its own input {reads}"
        else:
            assert not found, f"{registration.check.__name__} declares {registration.reads}, read {reads}"


def test_a_trust_anchor_shared_by_connections_is_reported_once() -> None:
    anchor = Fact(FactKind.TRUST_ANCHOR, AT2, "sslca", "/etc/ssl/ca.pem")
    other = Fact(FactKind.TRUST_ANCHOR, AT2, "sslca", "/etc/ssl/other.pem")
    empty = Fact(FactKind.TRUST_ANCHOR, AT, "sslca", "")
    conns = [_conn(TlsMode.VERIFY_CA, facts=(anchor, empty)), _conn(TlsMode.VERIFY_CA, facts=(anchor, other))]
    found = run_checks(FileFacts("a", conns, facts=[anchor]), frozenset({"CL103"}))
    assert [f.evidence for f in found] == ["sslca=/etc/ssl/ca.pem", "sslca=/etc/ssl/other.pem"]
