"""The checks: one module per rule family, grouped by what decides the rules.

Each check declares the rule ids it emits with ``@emits`` (``registry.py``);
importing the family modules below fills the registry, and
:data:`CHECK_BY_ID` orders it by rule id.  A new module of checks is one more
import here; a new rule in an existing family is its ``@emits`` line.
"""

from __future__ import annotations

# Importing a family module registers its checks.
from connlint.checks import (  # noqa: F401
    bundles,
    credentials,
    dependencies,
    options,
    protocols,
    server_trust,
    servers,
    suppressions,
    tls_mode,
    trust,
)
from connlint.checks.findings import FileFacts, base_message, merged
from connlint.checks.registry import REGISTRATIONS, Check
from connlint.model import Finding

#: Rule id -> the check that emits it, sorted by id.
CHECK_BY_ID: dict[str, Check] = dict(
    sorted((rule_id, registration.check) for registration in REGISTRATIONS for rule_id in registration.rules)
)


def run_checks(facts: FileFacts, selected: frozenset[str]) -> list[Finding]:
    """Findings of the selected rules for one file (each check function runs once)."""
    checks: list[Check] = []
    for rule_id, check in CHECK_BY_ID.items():
        if rule_id in selected and check not in checks:
            checks.append(check)
    out: list[Finding] = []
    seen: dict[tuple[str, object, str], int] = {}
    for check in checks:
        for f in check(facts):
            # A check emits all of its rules; keep the selected ones.  Several
            # connections can share the setting that decides them (a
            # module-level ssl dict passed to many connect calls, a shell
            # function's command through each call): report it once, with
            # every trail that led there.
            if f.rule not in selected:
                continue
            key = (f.rule, f.location, base_message(f))
            index = seen.get(key)
            if index is None:
                seen[key] = len(out)
                out.append(f)
            else:
                out[index] = merged(out[index], f)
    return out
