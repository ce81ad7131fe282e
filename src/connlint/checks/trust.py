"""CL103, CL104: named trust anchors, and those that are retired CA bundles."""

from __future__ import annotations

from collections.abc import Iterator

from connlint.checks.findings import FileFacts, finding
from connlint.checks.registry import emits
from connlint.clients.ca_bundles import retired_reason
from connlint.model import Connection, Fact, FactKind, Finding


def _path(fact: Fact) -> tuple[object, ...]:
    """A trust anchor is told apart by where it stands, its key and the path it names."""
    return (fact.location, fact.key, str(fact.value))


def _anchors(facts: FileFacts) -> Iterator[tuple[Fact, Connection | None]]:
    for fact, conn in facts.facts_of(FactKind.TRUST_ANCHOR, _path):
        if fact.value:
            yield fact, conn


@emits("CL103", "CL104", reads=FactKind.TRUST_ANCHOR)
def check_trust(facts: FileFacts) -> Iterator[Finding]:
    """CL103 CL104: one finding per named CA file or trust store; CL104 when it is retired."""
    for fact, conn in _anchors(facts):
        path = str(fact.value)
        evidence = f"{fact.key}={path}"
        yield finding("CL103", fact.location, evidence, conn, key=fact.key, path=path)
        reason = retired_reason(path)
        if reason:
            yield finding("CL104", fact.location, evidence, conn, path=path, reason=reason)
