"""CL204: TLS protocol versions a client is told to allow that are no longer safe."""

from __future__ import annotations

from collections.abc import Iterator

from connlint.checks.findings import FileFacts, finding
from connlint.checks.registry import emits
from connlint.model import FactKind, Finding


@emits("CL204", reads=FactKind.WEAK_PROTOCOL)
def check_weak_protocol(facts: FileFacts) -> Iterator[Finding]:
    """CL204: TLSv1, TLSv1.1 or SSL protocols enabled."""
    for fact, conn in facts.facts_of(FactKind.WEAK_PROTOCOL):
        setting = f"{fact.key}={fact.value}" if fact.value is not None else fact.key
        yield finding(
            "CL204", fact.location, setting, conn, setting=setting, protocols=fact.detail or str(fact.value)
        )
