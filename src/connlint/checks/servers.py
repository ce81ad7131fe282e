"""CL401 and CL402: the CA a declared database server presents (Terraform,
CloudFormation, CDK; :class:`connlint.model.Server`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from connlint.checks.findings import FileFacts, finding
from connlint.checks.registry import emits
from connlint.model import Finding, Server
from connlint.servers import rds


def describe(server: Server) -> str:
    """``aws_db_instance.main`` (`orders-db`): the server as its file names it."""
    named = server.identifier or server.cluster_identifier
    return f"`{server.name}`" + (f" (`{named}`)" if named else "")


def _via(server: Server) -> str:
    return f" ({'; '.join(h.label for h in server.trail)})" if server.trail else ""


def _named(server: Server, more: int) -> str:
    """The server, and how many more the same setting decides (the instances of a
    repeated block: ``count = 3`` with one CA literal is one finding, not three).
    """
    if not more:
        return describe(server)
    return f"{describe(server)} (and {more} more {'instance' if more == 1 else 'instances'})"


def _first_of_each(servers: list[Server]) -> list[tuple[Server, int]]:
    """Each server whose (place, CA) no earlier one shares, with how many more do."""
    firsts: dict[tuple[object, ...], list[Server]] = {}
    for server in servers:
        place = server.ca_location if server.ca is not None else server.location
        firsts.setdefault((place, server.ca, server.ca_unknown), []).append(server)
    return [(group[0], len(group) - 1) for group in firsts.values()]


@emits("CL401", "CL402", reads="servers")
def check_server_ca(facts: FileFacts) -> Iterator[Finding]:
    """CL401: where a server's CA identifier names an expired CA; CL402: on a
    server that names no CA (the account's default applies).  Servers decided
    by the same setting (a repeated block's instances) give one finding.
    """
    today = date.today()
    for server, more in _first_of_each(facts.servers):
        if server.ca is not None and server.ca_location is not None:
            ca = rds.lookup(server.ca)
            if ca is not None and ca.expires is not None and ca.expired(today):
                yield finding(
                    "CL401",
                    server.ca_location,
                    server.ca,
                    server=_named(server, more),
                    ca=ca.identifier,
                    expires=ca.expires.isoformat(),
                    via=_via(server),
                )
        elif server.ca is None and server.ca_unknown is None:
            yield finding("CL402", server.location, server.name, server=_named(server, more))
