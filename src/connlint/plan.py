"""The rotation plan (issue 19, item 6): per database, its current CA, each
client with its mode and trust anchor, and the verdict for a target CA.

Built from inventory documents (:func:`connlint.reporters.inventory.document`,
the ``inventory --format json`` output): the run's own, and those other
repositories' CI jobs produced (``connlint plan --inventory FILE``), so that
the servers of an infrastructure repository and the clients of many service
repositories are joined in one plan.

A database is a declared server (Terraform, CloudFormation, CDK), or, for a
client of an RDS endpoint no code read declares, that endpoint's host.  Each
client of it gets an outcome for the target CA:

* ``ok``: it verifies the server certificate and its trust anchor holds the
  target's root for the database's region;
* ``blocked``: it verifies, and its trust anchor cannot hold that root (what
  to change: the file, the root to add);
* ``unaffected``: it does not verify (listed with its exposure: data in
  clear, or TLS open to a man in the middle), or it connects through RDS
  Proxy, whose certificate comes from ACM;
* ``unknown``: its mode, trust anchor or the database's region is not known.

The database's verdict: ``blocked`` when a client is; else ``unknown`` when
a client is, or no client was found; else ``safe`` when a client verifies;
else ``unaffected``.  Clients whose host is not an RDS endpoint, a variable,
or an Aurora custom endpoint are listed apart, with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import field, replace
from datetime import date
from typing import Any, Literal

from connlint.lazy import dataclass
from connlint.model import Location, Server, TlsMode, Trust, TrustKind
from connlint.servers.anchors import anchor_holds
from connlint.servers.bundles import Bundle, Certificate
from connlint.servers.join import is_cluster, match_host, match_ref
from connlint.servers.rds import MYSQL_ENGINES, RdsCa

Verdict = Literal["safe", "blocked", "unaffected", "unknown"]
Outcome = Literal["ok", "blocked", "unaffected", "unknown"]

#: Verdicts in the order a plan lists its databases: what needs work first.
VERDICTS: tuple[Verdict, ...] = ("blocked", "unknown", "safe", "unaffected")


@dataclass(frozen=True)
class ClientPlan:
    """One client of a database and what the target CA does to it."""

    source: str  # the inventory it came from ("" for this run)
    location: str
    client: str
    host: str | None
    mode: str
    trust: str  # the trust source in words, "" when it does not verify
    outcome: Outcome
    why: str
    #: For a blocked client: what to change (the file, the root to add).
    change: str = ""


@dataclass(frozen=True)
class DatabasePlan:
    """One database, its current CA, its clients and the verdict for the target."""

    name: str  # the identifier (and region), or the host when no code declares it
    region: str | None
    current_ca: str
    target_root: str | None
    verdict: Verdict
    clients: tuple[ClientPlan, ...]
    #: The declaring server: ``aws_db_instance.orders`` (``infra/main.tf:3``), "" for a host.
    declared: str = ""
    engine: str | None = None
    note: str = ""


@dataclass
class Plan:
    """The rotation plan for ``target``."""

    target: str
    databases: list[DatabasePlan] = field(default_factory=list)
    #: Clients joined to no database, with why (host unknown, not an RDS endpoint ...).
    unmatched: list[ClientPlan] = field(default_factory=list)
    #: Inventories read (their labels), for the record.
    sources: list[str] = field(default_factory=list)

    def totals(self) -> dict[str, Any]:
        """Counts of databases by verdict and of clients by outcome."""
        by_verdict = {v: sum(d.verdict == v for d in self.databases) for v in VERDICTS}
        clients = [c for d in self.databases for c in d.clients]
        by_outcome = {
            o: sum(c.outcome == o for c in clients) for o in ("blocked", "unknown", "ok", "unaffected")
        }
        return {
            "databases": len(self.databases),
            "by_verdict": {k: v for k, v in by_verdict.items() if v},
            "clients": len(clients),
            "by_outcome": {k: v for k, v in by_outcome.items() if v},
            "unmatched_clients": len(self.unmatched),
        }


# -- reading inventory documents ---------------------------------------------


def _server(row: Mapping[str, Any]) -> Server:
    return Server(
        source=str(row.get("source") or ""),
        resource=str(row.get("resource") or ""),
        name=str(row.get("name") or ""),
        location=Location(str(row.get("path") or ""), int(row.get("line") or 0), 0, 0, 0),
        identifier=row.get("identifier"),
        cluster_identifier=row.get("cluster_identifier"),
        cluster_name=row.get("cluster_name"),
        engine=row.get("engine"),
        region=row.get("region"),
        ca=row.get("ca"),
        ca_unknown=row.get("ca_unknown"),
    )


def _bundle(row: Mapping[str, Any]) -> Bundle | None:
    try:
        certificates = tuple(
            Certificate(
                str(c["subject"]),
                date.fromisoformat(str(c["not_after"])),
                str(c["key"]),
                True,
                int(c["line"]),
            )
            for c in row.get("certificates") or ()
        )
    except (KeyError, TypeError, ValueError):
        return None
    return Bundle(str(row.get("path") or ""), str(row.get("form") or ""), certificates, row.get("problem"))


def _trust(row: Mapping[str, Any]) -> Trust | None:
    kind = row.get("trust_kind")
    if kind is None:
        return None
    try:
        return Trust(TrustKind(kind), row.get("trust_path"))
    except ValueError:
        return None


@dataclass(frozen=True)
class Inventory:
    """One inventory document, as the plan reads it."""

    label: str
    connections: tuple[Mapping[str, Any], ...]
    servers: tuple[Server, ...]
    bundles: Mapping[str, Bundle]


def read_inventory(label: str, doc: Mapping[str, Any]) -> Inventory:
    """The parts of an inventory document the plan needs; what is malformed is skipped."""
    connections = tuple(r for r in doc.get("connections") or () if isinstance(r, Mapping))
    servers = tuple(_server(r) for r in doc.get("servers") or () if isinstance(r, Mapping))
    bundles: dict[str, Bundle] = {}
    for r in doc.get("bundles") or ():
        if isinstance(r, Mapping) and (b := _bundle(r)) is not None:
            bundles[b.path] = b
    return Inventory(label, connections, servers, bundles)


# -- the plan ------------------------------------------------------------------


def _exposure(mode: str) -> str:
    if mode == TlsMode.DISABLED:
        return "does not verify: sends data in clear"
    return "does not verify: TLS open to a man in the middle"


def client_plan(
    inventory: Inventory, row: Mapping[str, Any], target: RdsCa, region: str | None, proxy: bool = False
) -> ClientPlan:
    """What ``target`` in ``region`` does to the client of inventory row ``row``."""
    mode = str(row.get("mode") or TlsMode.UNKNOWN)
    trust = _trust(row)
    verifies = mode in (TlsMode.VERIFY_CA, TlsMode.VERIFY_IDENTITY)
    host = row.get("host") or row.get("host_ref")
    base = ClientPlan(
        source=inventory.label,
        location=str(row.get("location") or ""),
        client=str(row.get("client") or ""),
        host=host if isinstance(host, str) else None,
        mode=mode,
        trust=trust.describe() if trust is not None and verifies else "",
        outcome="unknown",
        why="",
    )
    if proxy:
        return replace(base, outcome="unaffected", why="RDS Proxy presents an ACM certificate")
    if mode in (TlsMode.DISABLED, TlsMode.PREFERRED, TlsMode.REQUIRED):
        return replace(base, outcome="unaffected", why=_exposure(mode))
    if not verifies:
        return replace(base, why=f"mode {row.get('decided') or 'not known statically'}")
    bundle = inventory.bundles.get(str(row.get("trust_bundle") or ""))
    verdict = anchor_holds(trust, target, region, bundle)
    # Without a region (a CloudFormation template's database) the root named per region.
    root = target.root_for(region) or target.root.format(region="<its region>")
    if verdict.holds is True:
        return replace(base, outcome="ok", why=verdict.why)
    if verdict.holds is None:
        return replace(base, outcome="unknown", why=verdict.why)
    where = (
        (bundle.path if bundle is not None else None) or (trust.path if trust else None) or "its trust anchor"
    )
    change = f"add `{root}` to `{where}` (or use the global bundle)"
    return replace(base, outcome="blocked", why=verdict.why, change=change)


def _verdict(clients: Sequence[ClientPlan]) -> Verdict:
    outcomes = {c.outcome for c in clients}
    if "blocked" in outcomes:
        return "blocked"
    if not clients or "unknown" in outcomes:
        return "unknown"
    return "safe" if "ok" in outcomes else "unaffected"


def _current(server: Server | None) -> str:
    if server is None:
        return "not declared in the code read"
    if server.ca:
        return server.ca
    if server.ca_unknown:
        return f"unknown ({server.ca_unknown})"
    return "the account default (no identifier set)"


def _declared(server: Server, label: str) -> str:
    where = f"{server.location.path}:{server.location.line}"
    return f"{server.name} ({label + ': ' if label else ''}{where})"


def build_plan(inventories: Sequence[Inventory], target: RdsCa) -> Plan:
    """The plan for ``target`` over every inventory's servers and clients."""
    plan = Plan(target.identifier, sources=[i.label for i in inventories if i.label])
    servers: list[tuple[Server, str]] = [(s, i.label) for i in inventories for s in i.servers]
    all_servers = [s for s, _ in servers]
    by_server: dict[int, list[ClientPlan]] = {id(s): [] for s in all_servers}
    region_of: dict[int, str | None] = {id(s): s.region for s in all_servers}
    by_host: dict[tuple[str, str], list[ClientPlan]] = {}
    for inventory in inventories:
        for row in inventory.connections:
            host = row.get("host")
            match = match_host(host if isinstance(host, str) else None, all_servers)
            ref = row.get("host_ref")
            if match.status == "unknown-host" and isinstance(ref, str):
                # A reference names a database of the same file: of this inventory's servers.
                match = match_ref(ref, str(row.get("path") or ""), inventory.servers)
            if match.status == "matched":
                for server in match.servers:
                    region_of[id(server)] = region_of[id(server)] or match.region
                    by_server[id(server)].append(client_plan(inventory, row, target, match.region))
            elif match.status in ("no-server", "proxy") and match.endpoint is not None:
                key = (
                    match.endpoint.name if match.status == "no-server" else str(host).lower(),
                    match.endpoint.region,
                )
                by_host.setdefault(key, []).append(
                    client_plan(inventory, row, target, match.region, proxy=match.status == "proxy")
                )
            else:
                plan.unmatched.append(
                    ClientPlan(
                        inventory.label,
                        str(row.get("location") or ""),
                        str(row.get("client") or ""),
                        host if isinstance(host, str) else None,
                        str(row.get("mode") or TlsMode.UNKNOWN),
                        "",
                        "unknown",
                        match.reason,
                    )
                )
    members = {s.cluster_identifier.strip().lower() for s in all_servers if s.cluster_identifier}
    named = {(s.location.path, s.cluster_name) for s in all_servers if s.cluster_name}
    for server, label in servers:
        clients = tuple(by_server[id(server)])
        if (
            not clients
            and is_cluster(server)
            and (
                (server.identifier or "").strip().lower() in members
                or (server.location.path, server.name) in named
            )
        ):
            continue  # an Aurora cluster whose instances are declared: they are its databases
        region = region_of[id(server)]
        note = "" if clients else "no client of it in the code read"
        if server.engine and server.engine.strip().lower() not in MYSQL_ENGINES:
            note = f"engine {server.engine}: connlint reads MySQL-family clients only" + (
                f"; {note}" if note else ""
            )
        if not region:
            note = (note + "; " if note else "") + "region not known"
        plan.databases.append(
            DatabasePlan(
                name=server.identifier or server.name,
                region=region,
                current_ca=_current(server),
                target_root=target.root_for(region),
                verdict=_verdict(clients),
                clients=clients,
                declared=_declared(server, label),
                engine=server.engine,
                note=note,
            )
        )
    for (name, region), host_clients in by_host.items():
        proxy = all(c.why.startswith("RDS Proxy") for c in host_clients)
        plan.databases.append(
            DatabasePlan(
                name=name,
                region=region,
                current_ca="ACM certificate (RDS Proxy)" if proxy else _current(None),
                target_root=None if proxy else target.root_for(region),
                verdict="unaffected" if proxy else _verdict(host_clients),
                clients=tuple(host_clients),
                note="RDS Proxy endpoint" if proxy else "RDS endpoint of a database no code read declares",
            )
        )
    plan.databases.sort(key=lambda d: (VERDICTS.index(d.verdict), d.name, d.region or "", d.declared))
    plan.unmatched.sort(key=lambda c: (c.why, c.source, c.location))
    return plan
