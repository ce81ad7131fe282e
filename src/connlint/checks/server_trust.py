"""CL403: a verifying client joined to its server, whose trust anchor cannot
hold the root that server presents (issue 19, item 5).

A run-level check: it needs the servers other files declare and the bundles
connections name, which the run-level stage (:mod:`connlint.run_level`) puts
into ``FileFacts.servers`` and ``bundles`` once every file's results are
merged (``run_level``); on one file's facts it finds nothing, even where the
file declares servers itself: the run-level stage reports the join once.
"""

from __future__ import annotations

from collections.abc import Iterator

from connlint.checks.findings import FileFacts, finding
from connlint.checks.registry import emits
from connlint.model import Finding
from connlint.servers.anchors import anchor_holds
from connlint.servers.join import match_client
from connlint.servers.rds import lookup


@emits("CL403", reads="joined")
def check_anchor_mismatch(facts: FileFacts) -> Iterator[Finding]:
    """CL403: a verifying client whose trust anchor cannot hold the root its server presents."""
    if not facts.run_level or not facts.servers:
        return  # one file's servers: the join waits for every file's (connlint.run_level)
    for conn in facts.connections:
        if not conn.mode.verifies or conn.trust is None:
            continue
        match = match_client(conn.host, conn.host_ref, conn.location.path, facts.servers)
        for server in match.servers:
            ca = lookup(server.ca) if server.ca else None
            if ca is None:
                continue
            bundle = facts.bundles.get((conn.location.path, conn.trust.path or ""))
            # Without a region (a CloudFormation template's host) only what holds in every one decides.
            verdict = anchor_holds(conn.trust, ca, match.region, bundle)
            if verdict.holds is not False:
                continue
            root = ca.root_for(match.region) or ca.root.format(region="<region>")
            location = conn.trust.location or conn.location
            yield finding(
                "CL403",
                location,
                f"{conn.trust.path}->{server.name}",
                conn,
                anchor=conn.trust.describe(),
                root=root,
                server=server.name,
                ca=ca.identifier,
                why=verdict.why,
            )
