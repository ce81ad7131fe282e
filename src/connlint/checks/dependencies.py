"""CL102: a build file declares a Connector/J version whose defaults use TLS and
reject an expired server certificate.
"""

from __future__ import annotations

from collections.abc import Iterator

from connlint.checks.findings import FileFacts, finding
from connlint.checks.registry import emits
from connlint.model import Finding

# Maven coordinates of MySQL Connector/J (the artifact moved at 8.0.31;
# knowledge/connectorj.md §1).
CONNECTOR_J_COORDINATES = frozenset({"mysql:mysql-connector-java", "com.mysql:mysql-connector-j"})


@emits("CL102", reads="dependencies")
def check_dependencies(facts: FileFacts) -> Iterator[Finding]:
    """CL102: on the version literal of such a Connector/J dependency."""
    from connlint.clients.connector_j import tls_default_reason

    for dep in facts.dependencies:
        if dep.name not in CONNECTOR_J_COORDINATES or not dep.version:
            continue
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
