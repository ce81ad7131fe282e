"""CL102: a build file declares a Connector/J version whose defaults use TLS and
reject an expired server certificate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import cast

from connlint.checks.findings import FileFacts, finding
from connlint.checks.registry import emits
from connlint.clients import drivers
from connlint.model import Finding


@emits("CL102", reads="dependencies")
def check_dependencies(facts: FileFacts) -> Iterator[Finding]:
    """CL102: on the version literal of such a Connector/J dependency."""
    notes = drivers.version_notes()
    for dep in facts.dependencies:
        note = notes.get(dep.name)
        if note is None or not dep.version:
            continue
        tls_default_reason = cast(Callable[[str], str | None], drivers.load(note))
        reason = tls_default_reason(dep.version)
        if reason:
            yield finding(
                "CL102",
                dep.location,
                f"{dep.name}:{dep.version}",
                artifact=dep.name,
                version=dep.version,
                reason=reason,
            )
