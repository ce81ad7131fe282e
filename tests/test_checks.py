from __future__ import annotations

from connlint.checks import run_checks
from connlint.checks.findings import FileFacts
from connlint.model import Connection, Decision, Location, Outcome, TlsMode, Trust, TrustKind

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
