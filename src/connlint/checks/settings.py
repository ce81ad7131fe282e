"""CL204, CL301, CL302, CL303: findings about single settings that clients/
has already judged (weak protocols, credentials, deprecated and ineffective
options).
"""

from __future__ import annotations

from collections.abc import Iterator

from connlint.checks.findings import FileFacts, finding
from connlint.model import Connection, Fact, FactKind, Finding


def _facts(facts: FileFacts, kind: FactKind) -> Iterator[tuple[Fact, Connection | None]]:
    seen: set[tuple[object, ...]] = set()
    pairs: list[tuple[Fact, Connection | None]] = [(f, c) for c in facts.connections for f in c.facts]
    pairs += [(f, None) for f in facts.facts]
    for fact, conn in pairs:
        if fact.kind is not kind:
            continue
        key = (fact.location, fact.key, fact.detail)
        if key in seen:
            continue
        seen.add(key)
        yield fact, conn


def check_weak_protocol(facts: FileFacts) -> Iterator[Finding]:
    """CL204: TLSv1, TLSv1.1 or SSL protocols enabled."""
    for fact, conn in _facts(facts, FactKind.WEAK_PROTOCOL):
        setting = f"{fact.key}={fact.value}" if fact.value is not None else fact.key
        yield finding(
            "CL204", fact.location, setting, conn, setting=setting, protocols=fact.detail or str(fact.value)
        )


def check_credential(facts: FileFacts) -> Iterator[Finding]:
    """CL301: a password literal; the value never reaches the message (it is a Secret)."""
    for fact, conn in _facts(facts, FactKind.CREDENTIAL):
        setting = f"{fact.key}=***"
        yield finding("CL301", fact.location, setting, conn, setting=setting)


def check_deprecated(facts: FileFacts) -> Iterator[Finding]:
    """CL302: options deprecated or removed in the client version in use."""
    for fact, conn in _facts(facts, FactKind.DEPRECATED):
        yield finding("CL302", fact.location, fact.key, conn, option=fact.key, detail=fact.detail)


def check_ineffective(facts: FileFacts) -> Iterator[Finding]:
    """CL303: options the client ignores or rejects."""
    for fact, conn in _facts(facts, FactKind.INEFFECTIVE):
        yield finding("CL303", fact.location, fact.key, conn, option=fact.key, detail=fact.detail)
