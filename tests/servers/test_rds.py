"""connlint.servers.rds: RDS CAs and endpoints."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connlint.servers import rds


def test_expired_cas() -> None:
    today = date(2026, 12, 6)
    assert [ca.identifier for ca in rds.CAS.values() if ca.expired(today)] == ["rds-ca-2015", "rds-ca-2019"]
    assert not rds.CAS["rds-ca-2019"].expired(date(2024, 8, 21))
    assert rds.CAS["rds-ca-2019"].expired(date(2024, 8, 22))


def test_lookup_ignores_case_and_space() -> None:
    assert rds.lookup(" RDS-CA-RSA2048-G1 ") is rds.CAS["rds-ca-rsa2048-g1"]
    assert rds.lookup("rds-ca-2030") is None


def test_g1_roots_are_per_region() -> None:
    g1 = rds.CAS["rds-ca-ecc384-g1"]
    assert g1.per_region and g1.auto_rotation
    assert g1.root_for("eu-west-1") == "Amazon RDS eu-west-1 Root CA ECC384 G1"
    assert g1.root_for(None) is None
    assert rds.CAS["rds-ca-2019"].root_for(None) == "Amazon RDS Root 2019 CA"


def test_every_cdk_constant_names_a_known_ca() -> None:
    assert set(rds.CDK_CONSTANTS.values()) <= set(rds.CAS)


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        (
            "billing-db.abc123xyz9.eu-west-1.rds.amazonaws.com",
            rds.Endpoint("billing-db", "instance", "eu-west-1"),
        ),
        (
            "orders.cluster-c9akciq32.us-east-1.rds.amazonaws.com",
            rds.Endpoint("orders", "cluster", "us-east-1"),
        ),
        (
            "orders.cluster-ro-c9akciq32.us-east-1.rds.amazonaws.com",
            rds.Endpoint("orders", "cluster-ro", "us-east-1"),
        ),
        (
            "reports.cluster-custom-c9akciq32.ap-south-1.rds.amazonaws.com",
            rds.Endpoint("reports", "cluster-custom", "ap-south-1"),
        ),
        (
            "app-proxy.proxy-c9akciq32.eu-central-1.rds.amazonaws.com",
            rds.Endpoint("app-proxy", "proxy", "eu-central-1"),
        ),
        ("gov.abc123xyz9.us-gov-west-1.rds.amazonaws.com", rds.Endpoint("gov", "instance", "us-gov-west-1")),
        ("cn.abc123xyz9.cn-north-1.rds.amazonaws.com.cn", rds.Endpoint("cn", "instance", "cn-north-1")),
        ("DB.ABC123XYZ9.EU-WEST-1.RDS.AMAZONAWS.COM", rds.Endpoint("db", "instance", "eu-west-1")),
    ],
)
def test_parse_endpoint(host: str, expected: rds.Endpoint) -> None:
    assert rds.parse_endpoint(host) == expected


@pytest.mark.parametrize(
    "host",
    ["db.example.com", "localhost", "x.rds.amazonaws.com", "a.b.eu-west-1.rds.amazonaws.com.evil.com", ""],
)
def test_not_an_endpoint(host: str) -> None:
    assert rds.parse_endpoint(host) is None


def test_proxy_presents_no_rds_ca() -> None:
    proxy = rds.parse_endpoint("p.proxy-abcdef12.us-east-1.rds.amazonaws.com")
    assert proxy is not None and not proxy.presents_rds_ca


_names = st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True)
_hashes = st.from_regex(r"[a-z0-9]{6,12}", fullmatch=True)
_regions = st.sampled_from(["us-east-1", "eu-west-3", "ap-southeast-5", "us-gov-east-1", "me-central-1"])
_kinds = st.sampled_from(["instance", "cluster", "cluster-ro", "cluster-custom", "proxy"])


@given(_names, _kinds, _hashes, _regions)
def test_generated_endpoints_parse_back(name: str, kind: str, digest: str, region: str) -> None:
    prefix = "" if kind == "instance" else f"{kind}-"
    host = f"{name}.{prefix}{digest}.{region}.rds.amazonaws.com"
    assert rds.parse_endpoint(host) == rds.Endpoint(name, kind, region)  # type: ignore[arg-type]


@given(st.text())
def test_any_text_is_an_endpoint_or_none(text: str) -> None:
    found = rds.parse_endpoint(text)
    assert found is None or text.lower().rstrip(".").strip().endswith(
        (".rds.amazonaws.com", ".rds.amazonaws.com.cn")
    )


def test_cdk_engine_names() -> None:
    from connlint.servers.rds import cdk_engine

    assert cdk_engine("auroraMysql") == cdk_engine("aurora_mysql") == "aurora-mysql"
    assert cdk_engine("auroraPostgres") == cdk_engine("aurora_postgres") == "aurora-postgresql"
    assert cdk_engine("MYSQL") == cdk_engine("mysql") == "mysql"
    assert cdk_engine("MARIADB") == "mariadb"
