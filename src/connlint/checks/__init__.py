"""The check registry: one line per rule id, naming the function that can
produce it.  Checks are grouped by what decides them (one module per family).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from connlint.checks.dependencies import check_dependencies
from connlint.checks.findings import FileFacts
from connlint.checks.settings import (
    check_credential,
    check_deprecated,
    check_ineffective,
    check_weak_protocol,
)
from connlint.checks.tls_mode import check_tls_mode
from connlint.checks.trust import check_trust
from connlint.model import Finding

Check = Callable[[FileFacts], Iterator[Finding]]

CHECK_BY_ID: dict[str, Check] = {
    "CL101": check_tls_mode,
    "CL102": check_dependencies,
    "CL103": check_trust,
    "CL104": check_trust,
    "CL201": check_tls_mode,
    "CL202": check_tls_mode,
    "CL203": check_tls_mode,
    "CL204": check_weak_protocol,
    "CL205": check_tls_mode,
    "CL301": check_credential,
    "CL302": check_deprecated,
    "CL303": check_ineffective,
}


def run_checks(facts: FileFacts, selected: frozenset[str]) -> list[Finding]:
    """Findings of the selected rules for one file (each check function runs once)."""
    checks: list[Check] = []
    for rule_id, check in CHECK_BY_ID.items():
        if rule_id in selected and check not in checks:
            checks.append(check)
    out: list[Finding] = []
    seen: set[tuple[str, object, str]] = set()
    for check in checks:
        for f in check(facts):
            # Several connections can share the setting that decides them (a
            # module-level ssl dict passed to many connect calls): report it once.
            key = (f.rule, f.location, f.message)
            if f.rule in selected and key not in seen:
                seen.add(key)
                out.append(f)
    return out
