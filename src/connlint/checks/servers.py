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


@emits("CL401", "CL402", reads="servers")
def check_server_ca(facts: FileFacts) -> Iterator[Finding]:
    """CL401: where a server's CA identifier names an expired CA; CL402: on a
    server that names no CA (the account's default applies).
    """
    today = date.today()
    for server in facts.servers:
        if server.ca is not None and server.ca_location is not None:
            ca = rds.lookup(server.ca)
            if ca is not None and ca.expires is not None and ca.expired(today):
                yield finding(
                    "CL401",
                    server.ca_location,
                    server.ca,
                    server=describe(server),
                    ca=ca.identifier,
                    expires=ca.expires.isoformat(),
                    via=_via(server),
                )
        elif server.ca is None and server.ca_unknown is None:
            yield finding("CL402", server.location, server.name, server=describe(server))
