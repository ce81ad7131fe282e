"""connlint.servers.join: clients' hosts joined to declared servers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connlint.model import DYNAMIC, Location, Server
from connlint.servers.join import is_cluster, match_client, match_host, match_ref

LOC = Location("main.tf", 1, 1, 1, 2)


def server(
    identifier: str | None,
    resource: str = "aws_db_instance",
    region: str | None = None,
    cluster: str | None = None,
    ca: str | None = "rds-ca-rsa2048-g1",
) -> Server:
    return Server(
        "terraform",
        resource,
        f"{resource}.x",
        LOC,
        identifier=identifier,
        cluster_identifier=cluster,
        region=region,
        ca=ca,
    )


def test_instance_endpoint_matches_its_instance() -> None:
    db = server("orders-db", region="eu-west-1")
    other = server("billing", region="eu-west-1")
    m = match_host("orders-db.c9akciq32.eu-west-1.rds.amazonaws.com", [other, db])
    assert m.status == "matched" and m.servers == (db,) and m.region == "eu-west-1"


def test_identifier_case_and_region() -> None:
    db = server("Orders-DB", region="us-east-1")
    assert match_host("orders-db.abcdefgh.eu-west-1.rds.amazonaws.com", [db]).status == "no-server"
    assert match_host("ORDERS-DB.abcdefgh.us-east-1.rds.amazonaws.com", [db]).servers == (db,)
    # Region not known on the server side: the identifier decides, the host gives the region.
    loose = server("orders-db")
    m = match_host("orders-db.abcdefgh.ap-south-1.rds.amazonaws.com", [loose])
    assert m.servers == (loose,) and m.region == "ap-south-1"


def test_cluster_endpoints_match_every_instance_of_the_cluster() -> None:
    cluster = server("shop", resource="aws_rds_cluster", ca=None)
    a = server("shop-1", resource="aws_rds_cluster_instance", cluster="shop")
    b = server("shop-2", resource="aws_rds_cluster_instance", cluster="shop", ca="rds-ca-ecc384-g1")
    for host in (
        "shop.cluster-abcdefgh.eu-west-1.rds.amazonaws.com",
        "shop.cluster-ro-abcdefgh.eu-west-1.rds.amazonaws.com",
    ):
        assert match_host(host, [cluster, a, b]).servers == (a, b)
    # An instance endpoint of one of them.
    assert match_host("shop-2.abcdefgh.eu-west-1.rds.amazonaws.com", [cluster, a, b]).servers == (b,)


def test_multi_az_cluster_carries_its_own_ca() -> None:
    cluster = server("ledger", resource="AWS::RDS::DBCluster", ca="rds-ca-rsa4096-g1")
    assert is_cluster(cluster) and not is_cluster(server("x", resource="aws_rds_cluster_instance"))
    m = match_host("ledger.cluster-abcdefgh.eu-west-1.rds.amazonaws.com", [cluster])
    assert m.servers == (cluster,)
    # The cluster's identifier is not an instance endpoint.
    assert match_host("ledger.abcdefgh.eu-west-1.rds.amazonaws.com", [cluster]).status == "no-server"


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("orders.proxy-abcdefgh.eu-west-1.rds.amazonaws.com", "proxy"),
        ("reports.cluster-custom-abcdefgh.eu-west-1.rds.amazonaws.com", "custom-endpoint"),
        ("db.example.com", "not-rds"),
        ("localhost", "not-rds"),
        (None, "unknown-host"),
        ("", "unknown-host"),
        (f"{DYNAMIC}.abcdefgh.eu-west-1.rds.amazonaws.com", "unknown-host"),
        ("${DB_HOST}", "unknown-host"),
    ],
)
def test_unmatched_hosts_say_why(host: str | None, status: str) -> None:
    m = match_host(host, [server("orders"), server("reports")])
    assert m.status == status and not m.servers and m.reason


IDENT = st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True)
REGION = st.sampled_from(["us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1"])
HASH = st.from_regex(r"[a-z0-9]{12}", fullmatch=True)


@given(IDENT, REGION, HASH, st.lists(st.tuples(IDENT, st.none() | REGION), max_size=6))
def test_matched_servers_have_the_hosts_identifier_and_region(
    name: str, region: str, digest: str, declared: list[tuple[str, str | None]]
) -> None:
    servers = [server(i, region=r) for i, r in declared]
    m = match_host(f"{name}.{digest}.{region}.rds.amazonaws.com", servers)
    expected = tuple(s for s in servers if s.identifier == name and s.region in (None, region))
    assert m.servers == expected
    assert m.status == ("matched" if expected else "no-server")


@given(st.text(max_size=80), st.lists(IDENT, max_size=4))
def test_any_host_is_answered(host: str, names: list[str]) -> None:
    m = match_host(host, [server(n) for n in names])
    assert m.status in ("matched", "proxy", "no-server", "custom-endpoint", "not-rds", "unknown-host")
    assert all(s.identifier is not None and host.lower().startswith(s.identifier.lower()) for s in m.servers)


def cfn(name: str, resource: str = "AWS::RDS::DBInstance", path: str = "stack.yaml", **kw: object) -> Server:
    return Server("cloudformation", resource, name, Location(path, 1, 1, 1, 2), **kw)  # type: ignore[arg-type]


def test_a_reference_joins_the_server_of_its_file() -> None:
    db = cfn("Db")
    elsewhere = cfn("Db", path="other.yaml")
    m = match_ref("!GetAtt Db.Endpoint.Address", "stack.yaml", [elsewhere, db])
    assert m.status == "matched" and m.servers == (db,) and m.region is None


def test_a_cluster_reference_joins_its_instances() -> None:
    cluster = cfn("Ledger", "AWS::RDS::DBCluster")
    writer = cfn("Writer", cluster_name="Ledger")
    reader = cfn("Reader", cluster_name="Ledger")
    m = match_ref("!GetAtt Ledger.ReadEndpoint.Address", "stack.yaml", [cluster, writer, reader])
    assert m.servers == (writer, reader)
    alone = match_ref("!GetAtt Ledger.Endpoint.Address", "stack.yaml", [cluster])
    assert alone.servers == (cluster,)


@pytest.mark.parametrize(
    "ref, status",
    [
        ("!GetAtt Missing.Endpoint.Address", "unknown-ref"),
        ("!GetAtt Db.Endpoint.Port", "unknown-host"),
        ("Db", "unknown-host"),
    ],
)
def test_references_that_join_nothing(ref: str, status: str) -> None:
    m = match_ref(ref, "stack.yaml", [cfn("Db")])
    assert m.status == status and not m.servers and m.reason


def test_a_known_host_wins_over_a_reference() -> None:
    db = server("orders-db", region="eu-west-1")
    host = "orders-db.c9akciq32.eu-west-1.rds.amazonaws.com"
    assert match_client(host, "!GetAtt Db.Endpoint.Address", "main.tf", [db, cfn("Db")]).servers == (db,)
    assert match_client(None, "!GetAtt Db.Endpoint.Address", "stack.yaml", [db, cfn("Db")]).servers == (
        cfn("Db"),
    )
    assert match_client(None, None, "stack.yaml", [cfn("Db")]).status == "unknown-host"
