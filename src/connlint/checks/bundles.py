"""CL404: certificates of the CA bundles connections name (issue 19, item 5).

A run-level check: the run-level stage (:mod:`connlint.run_level`) reads the
bundles connections name from the repository into ``FileFacts.bundles`` once
every file's results are merged; in one file's facts there are none.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

from connlint.checks.findings import FileFacts, finding
from connlint.checks.registry import emits
from connlint.model import Finding, Location
from connlint.servers.bundles import Bundle, Certificate

#: The PEM header a CL404 finding points at.
_BEGIN = len("-----BEGIN CERTIFICATE-----")


#: Certificates a CL404 message names at most (a legacy bundle has dozens).
_NAMED = 3


def _dated(certs: list[Certificate]) -> str:
    named = ", ".join(f"`{c.subject}` on {c.not_after}" for c in certs[:_NAMED])
    return named + (f", and {len(certs) - _NAMED} more" if len(certs) > _NAMED else "")


def summary(bundle: Bundle, expiring: list[Certificate], today: date, days: int) -> str:
    """What a CL404 message says of ``bundle``'s ``expiring`` certificates."""
    expired = [c for c in expiring if c.expired(today)]
    soon = [c for c in expiring if not c.expired(today)]
    total = len(bundle.certificates)
    if len(expired) == total:
        return f"all {total} certificates expired ({_dated(expired)}): it verifies nothing"
    parts = []
    if expired:
        parts.append(f"{len(expired)} of {total} certificates expired ({_dated(expired)})")
    if soon:
        parts.append(f"{len(soon)} of {total} expire within {days} days ({_dated(soon)})")
    return "; ".join(parts)


@emits("CL404", reads="bundles")
def check_bundle_expiry(facts: FileFacts) -> Iterator[Finding]:
    """CL404: a committed CA bundle a connection names holds expired or expiring
    certificates: one finding per bundle, at the first of them.
    """
    today = facts.today or datetime.now(UTC).date()
    seen: set[str] = set()
    for bundle in facts.bundles.values():
        if bundle.path in seen or not bundle.readable:
            continue
        seen.add(bundle.path)
        expiring = bundle.expiring(today, facts.expiry_days)
        if not expiring:
            continue
        first = expiring[0]
        location = Location(bundle.path, first.line, 1, first.line, 1 + _BEGIN)
        evidence = ",".join(f"{c.subject}@{c.not_after}" for c in expiring)
        yield finding(
            "CL404",
            location,
            evidence,
            path=bundle.path,
            summary=summary(bundle, expiring, today, facts.expiry_days),
        )
