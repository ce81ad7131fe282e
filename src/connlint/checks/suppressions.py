"""CL304: suppression comments that suppress nothing (the engine hands the
unused ones over once the other rules' findings have been matched to them).
"""

from __future__ import annotations

from collections.abc import Iterator

from connlint.checks.findings import FileFacts, finding
from connlint.checks.registry import emits
from connlint.model import Finding, Location


@emits("CL304", reads="suppressions")
def check_unused_suppressions(facts: FileFacts) -> Iterator[Finding]:
    """CL304: ``connlint: ignore`` comments that matched no finding."""
    for ignore in facts.unused_ignores:
        rules = ",".join(sorted(ignore.ids)) if ignore.ids else "all"
        # The comment from "connlint:" to its end, for the marker and the fingerprint.
        written = f"connlint: ignore[{rules}]" if ignore.ids else "connlint: ignore"
        location = Location(facts.path, ignore.line, ignore.column, ignore.line, ignore.column + len(written))
        yield finding("CL304", location, written, rules=rules)
