"""connlint.servers.anchors: can a trust anchor hold the root a server presents?"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connlint.model import Trust, TrustKind
from connlint.servers.anchors import anchor_holds, by_name
from connlint.servers.bundles import Bundle, Certificate
from connlint.servers.rds import CAS

RSA2048 = CAS["rds-ca-rsa2048-g1"]
ECC384 = CAS["rds-ca-ecc384-g1"]
CA2019 = CAS["rds-ca-2019"]


def ca_file(path: str) -> Trust:
    return Trust(TrustKind.CA_FILE, path)


def g1(region: str, alg: str) -> Certificate:
    return Certificate(f"Amazon RDS {region} Root CA {alg} G1", date(2061, 1, 1), alg, True, 1)


@pytest.mark.parametrize(
    ("path", "ca", "region", "holds"),
    [
        ("/etc/ssl/rds-combined-ca-bundle.pem", RSA2048, "eu-west-1", False),
        ("rds-ca-2019-root.pem", ECC384, "eu-west-1", False),
        ("rds-ca-2015-root.pem", CA2019, "eu-west-1", False),
        ("certs/eu-west-1-bundle.pem", RSA2048, "us-east-1", False),
        ("certs/eu-west-1-bundle.pem", RSA2048, "eu-west-1", True),
        ("certs/rds-ca-rsa2048-g1.pem", ECC384, "eu-west-1", False),
        ("certs/rds-ca-ecc384-g1.pem", ECC384, "eu-west-1", None),
        ("global-bundle.pem", ECC384, "ap-south-1", True),
        ("global-bundle.pem", ECC384, "us-gov-west-1", None),
        ("company-ca.pem", RSA2048, "eu-west-1", None),
        ("rds-combined-ca-bundle.pem", CA2019, "eu-west-1", None),
    ],
)
def test_by_name(path: str, ca: object, region: str, holds: bool | None) -> None:
    assert anchor_holds(ca_file(path), ca, region, None).holds is holds  # type: ignore[arg-type]


def test_a_read_bundle_decides_over_its_name() -> None:
    # Named like a retired bundle, but holds the root: the certificates decide.
    renamed = Bundle("rds-combined-ca-bundle.pem", "PEM", (g1("eu-west-1", "ECC384"),))
    assert anchor_holds(ca_file("rds-combined-ca-bundle.pem"), ECC384, "eu-west-1", renamed).holds is True
    rsa_only = Bundle("certs/store.pem", "PEM", (g1("eu-west-1", "RSA2048"), g1("us-east-1", "RSA2048")))
    verdict = anchor_holds(ca_file("certs/store.pem"), ECC384, "eu-west-1", rsa_only)
    assert verdict.holds is False and "RSA2048" in verdict.why and "2 regions" in verdict.why


def test_unreadable_bundle_falls_back_to_its_name() -> None:
    jks = Bundle("certs/rds.jks", "JKS", problem="not readable: a Java KeyStore (JKS)")
    assert anchor_holds(Trust(TrustKind.TRUST_STORE, "certs/rds.jks"), ECC384, "eu-west-1", jks).holds is None
    jks_retired = Bundle("rds-ca-2019-root.jks", "JKS", problem="not readable")
    trust = Trust(TrustKind.TRUST_STORE, "rds-ca-2019-root.pem")
    assert anchor_holds(trust, ECC384, "eu-west-1", jks_retired).holds is False


@pytest.mark.parametrize("kind", [TrustKind.JVM_DEFAULT, TrustKind.SYSTEM_DEFAULT, TrustKind.UNKNOWN])
def test_default_and_unknown_stores_are_unknown(kind: TrustKind) -> None:
    assert anchor_holds(Trust(kind), RSA2048, "eu-west-1", None).holds is None
    assert anchor_holds(None, RSA2048, "eu-west-1", None).holds is None
    assert anchor_holds(ca_file("global-bundle.pem"), RSA2048, None, None).holds is None


@given(st.text(max_size=60), st.sampled_from(sorted(CAS)), st.sampled_from(["eu-west-1", "us-gov-east-1"]))
def test_any_name_is_answered(path: str, identifier: str, region: str) -> None:
    ca = CAS[identifier]
    root = ca.root_for(region) or ""
    verdict = by_name(path, ca, root, region)
    assert verdict.holds in (True, False, None) and verdict.why


@pytest.mark.parametrize(
    ("path", "ca", "holds"),
    [
        ("/etc/ssl/rds-combined-ca-bundle.pem", RSA2048, False),
        ("certs/rds-ca-rsa2048-g1.pem", ECC384, False),
        # these depend on the region (a regional bundle; GovCloud's global bundle)
        ("certs/eu-west-1-bundle.pem", RSA2048, None),
        ("global-bundle.pem", ECC384, None),
        ("company-ca.pem", RSA2048, None),
        ("rds-combined-ca-bundle.pem", CA2019, None),
    ],
)
def test_without_a_region_only_what_holds_everywhere_decides(
    path: str, ca: object, holds: bool | None
) -> None:
    assert anchor_holds(ca_file(path), ca, None, None).holds is holds  # type: ignore[arg-type]
