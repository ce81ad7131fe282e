"""CL302, CL303: TLS options that clients/ has judged deprecated, removed,
ignored or rejected in the client version in use.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from connlint.checks.findings import FileFacts, finding
from connlint.checks.registry import emits
from connlint.model import Fact, FactKind, Finding


@emits("CL302", reads=FactKind.DEPRECATED)
def check_deprecated(facts: FileFacts) -> Iterator[Finding]:
    """CL302: options deprecated or removed in the client version in use."""
    for fact, conn in facts.facts_of(FactKind.DEPRECATED):
        yield _with_fix(
            finding("CL302", fact.location, fact.key, conn, option=fact.key, detail=fact.detail), fact
        )


@emits("CL303", reads=FactKind.INEFFECTIVE)
def check_ineffective(facts: FileFacts) -> Iterator[Finding]:
    """CL303: options the client ignores or rejects."""
    for fact, conn in facts.facts_of(FactKind.INEFFECTIVE):
        yield _with_fix(
            finding("CL303", fact.location, fact.key, conn, option=fact.key, detail=fact.detail), fact
        )


def _with_fix(found: Finding, fact: Fact) -> Finding:
    """The finding carrying the fact's fix (a rewrite the client proved safe)."""
    return found if fact.fix is None else replace(found, fix=fact.fix)
