"""Which declared database server a client connects to (issue 19, item 4).

A client's host (a JDBC URL's, ``mysql -h``'s, a Python driver's ``host=``)
is matched to a :class:`~connlint.model.Server` through the RDS endpoint it
names (:func:`connlint.servers.rds.parse_endpoint`):

* ``<instance>.<hash>.<region>.rds.amazonaws.com``: the DB instance of that
  identifier;
* ``<cluster>.cluster-<hash>...`` and ``.cluster-ro-``: every instance of
  that Aurora cluster (the endpoint hands a connection to any of them, so a
  client must trust the CA of each), or a Multi-AZ DB cluster declared with
  that identifier;
* ``.cluster-custom-``: a custom endpoint is named after itself, not its
  cluster, so the host does not say which cluster: unmatched;
* ``.proxy-``: RDS Proxy presents an ACM certificate, not the DB instance's
  CA, so the client is unaffected by the instance's CA.

Identifiers compare case-insensitively (RDS stores them in lower case).  A
server whose region is known matches only hosts of that region; one whose
region is not known matches on the identifier, and the host's region is the
one the server's root is named after.  A host that is not known statically
(a variable, an environment value) or is not an RDS endpoint stays unmatched,
and :class:`Match` says why.

A client whose host infrastructure code names by reference (``host_ref``: a
CloudFormation ``!GetAtt Db.Endpoint.Address`` in the template that declares
``Db``, :mod:`connlint.frontends.cloudformation`) is matched by
:func:`match_ref` to the server of that name in the same file: a DB
instance's ``Endpoint.Address`` is that instance; a DB cluster's
``Endpoint.Address`` / ``ReadEndpoint.Address`` is every instance the file
declares in that cluster (``DBClusterIdentifier: !Ref Cluster``), or the
cluster itself when it declares none.  A template says no region, so such a
match has none.

Pure: no I/O, no model state; the engine and ``connlint plan`` call it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from connlint import lazy
from connlint.lazy import dataclass
from connlint.model import DYNAMIC, Server
from connlint.servers.rds import Endpoint, parse_endpoint

MatchStatus = Literal[
    "matched", "proxy", "no-server", "custom-endpoint", "not-rds", "unknown-host", "unknown-ref"
]

#: Why a client is not joined to a server, per status, for reports.
REASONS: dict[MatchStatus, str] = {
    "matched": "",
    "proxy": "RDS Proxy endpoint: it presents an ACM certificate, not the DB instance's CA",
    "no-server": "RDS endpoint of a database not declared in the infrastructure code read",
    "custom-endpoint": "Aurora custom endpoint: the host does not name its cluster",
    "not-rds": "not an RDS endpoint",
    "unknown-host": "host not known statically",
    "unknown-ref": "host names a database the file declaring it does not declare",
}
#: A ``host_ref`` (``frontends.cloudformation.host_ref``): the resource and attribute.
_HOST_REF = lazy.compile(r"!GetAtt (?P<name>[^.\s]+)\.(?P<attribute>Endpoint|ReadEndpoint)\.Address")


@dataclass(frozen=True)
class Match:
    """What a client's host joins to: the servers behind it (several for an
    Aurora cluster endpoint), or why none.
    """

    status: MatchStatus
    endpoint: Endpoint | None = None
    servers: tuple[Server, ...] = ()

    @property
    def reason(self) -> str:
        """Why the host is not matched ("" when it is)."""
        return REASONS[self.status]

    @property
    def region(self) -> str | None:
        """The region the servers' roots are named after: the host's."""
        return self.endpoint.region if self.endpoint is not None else None


def is_cluster(server: Server) -> bool:
    """Whether ``server`` declares a DB cluster rather than a DB instance
    (``aws_rds_cluster``, ``AWS::RDS::DBCluster``, ``rds.DatabaseCluster``).
    """
    resource = server.resource.lower()
    return "cluster" in resource and "instance" not in resource


def known_host(host: str | None) -> str | None:
    """``host`` when it is known statically, else None."""
    if host is None or not host.strip() or DYNAMIC in host or "${" in host or "{{" in host:
        return None
    return host.strip()


def _same(a: str | None, b: str) -> bool:
    return a is not None and a.strip().lower() == b


def _in_region(server: Server, region: str) -> bool:
    return server.region is None or server.region.strip().lower() == region


def match_host(host: str | None, servers: Iterable[Server]) -> Match:
    """The servers a client of ``host`` connects to, among ``servers``."""
    known = known_host(host)
    if known is None:
        return Match("unknown-host")
    endpoint = parse_endpoint(known)
    if endpoint is None:
        return Match("not-rds")
    if endpoint.kind == "proxy":
        return Match("proxy", endpoint)
    if endpoint.kind == "cluster-custom":
        return Match("custom-endpoint", endpoint)
    candidates = [s for s in servers if _in_region(s, endpoint.region)]
    found: Sequence[Server]
    if endpoint.kind == "instance":
        found = [s for s in candidates if _same(s.identifier, endpoint.name) and not is_cluster(s)]
    else:
        members = [s for s in candidates if _same(s.cluster_identifier, endpoint.name) and not is_cluster(s)]
        clusters = [s for s in candidates if _same(s.identifier, endpoint.name) and is_cluster(s)]
        # An Aurora cluster's instances carry the CA; a Multi-AZ DB cluster carries its own.
        found = members or clusters
    if not found:
        return Match("no-server", endpoint)
    return Match("matched", endpoint, tuple(found))


def match_ref(host_ref: str, path: str, servers: Iterable[Server]) -> Match:
    """The servers of file ``path`` that the reference ``host_ref`` names (module docstring)."""
    parsed = _HOST_REF.fullmatch(host_ref)
    if parsed is None:
        return Match("unknown-host")
    name = parsed["name"]
    here = [s for s in servers if s.location.path == path]
    own = [s for s in here if s.name == name]
    members = [s for s in here if s.cluster_name == name and not is_cluster(s)]
    found = members if members and all(is_cluster(s) for s in own) else own
    if not found:
        return Match("unknown-ref")
    return Match("matched", None, tuple(found))


def match_client(host: str | None, host_ref: str | None, path: str, servers: Sequence[Server]) -> Match:
    """:func:`match_host`, or :func:`match_ref` when the host is a reference and not known statically."""
    if host_ref is not None and known_host(host) is None:
        return match_ref(host_ref, path, servers)
    return match_host(host, servers)
