"""CL301: passwords written into source or configuration."""

from __future__ import annotations

from collections.abc import Iterator

from connlint.checks.findings import FileFacts, finding
from connlint.checks.registry import emits
from connlint.model import FactKind, Finding


@emits("CL301", reads=FactKind.CREDENTIAL)
def check_credential(facts: FileFacts) -> Iterator[Finding]:
    """CL301: a password literal; the value never reaches the message (it is a Secret)."""
    for fact, conn in facts.facts_of(FactKind.CREDENTIAL):
        setting = f"{fact.key}=***"
        yield finding("CL301", fact.location, setting, conn, setting=setting)
