"""CL101, CL201, CL202, CL203, CL205: what a connection's effective TLS mode means.

VERIFY_IDENTITY -> CL101; VERIFY_CA -> CL101 + CL203; REQUIRED or a
non-default PREFERRED -> CL202; DISABLED -> CL201; a mode left to the driver
default -> CL205.  Where the mode depends on the driver version, the
connection's ``mode`` is already the outcome a rotation must not miss and the
message names the conditions.
"""

from __future__ import annotations

from collections.abc import Iterator

from connlint.checks.findings import FileFacts, describe_outcomes, finding
from connlint.model import Connection, Decision, Finding, TlsMode


def _reason(conn: Connection) -> str:
    condition = describe_outcomes(conn.mode, conn.outcomes)
    if conn.decided_by:
        base = f"`{conn.decided_by}`"
        if conn.decision not in (Decision.EXPLICIT, Decision.UNKNOWN):
            base += f", {conn.decision}"
    else:
        base = str(conn.decision)
    return base + condition


def _condition(conn: Connection) -> str:
    condition = describe_outcomes(conn.mode, conn.outcomes)
    if condition:
        return condition
    if conn.decision is Decision.EXPLICIT:
        return ""
    return f", {conn.decision}"


def _evidence(conn: Connection) -> str:
    return f"{conn.client}|{conn.decided_by or conn.decision}"


def check_tls_mode(facts: FileFacts) -> Iterator[Finding]:
    """CL101 CL201 CL202 CL203 CL205: findings from each connection's effective mode."""
    for conn in facts.connections:
        mode = conn.mode
        at = conn.decided_at
        evidence = _evidence(conn)
        if mode is TlsMode.UNKNOWN:
            continue
        if conn.decision is Decision.DEFAULT:
            yield finding(
                "CL205", at, evidence, conn, client=conn.client, mode=str(mode), condition=_condition(conn)
            )
        if mode.verifies:
            trust = conn.trust.describe() if conn.trust else "an unknown trust source"
            yield finding(
                "CL101",
                at,
                evidence,
                conn,
                client=conn.client,
                mode=str(mode),
                condition=_condition(conn),
                trust=trust,
            )
            if mode is TlsMode.VERIFY_CA:
                yield finding("CL203", at, evidence, conn, client=conn.client, reason=_reason(conn))
        elif mode is TlsMode.REQUIRED or (
            mode is TlsMode.PREFERRED and conn.decision is not Decision.DEFAULT
        ):
            yield finding("CL202", at, evidence, conn, client=conn.client, reason=_reason(conn))
        elif mode is TlsMode.DISABLED:
            yield finding("CL201", at, evidence, conn, client=conn.client, reason=_reason(conn))
