"""connlint.servers.bundles: committed CA bundles read from their certificates."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from certs import der, g1, p7b, p12, pem, rds_2019, root
from connlint.servers.bundles import read_bundle

TODAY = date(2026, 12, 6)


def test_pem_bundle_subjects_regions_and_lines() -> None:
    data = pem(rds_2019(), g1("eu-west-1"), g1("eu-west-1", "ECC384"), g1("us-east-1"), text="# a note\n")
    bundle = read_bundle(data, "certs/global-bundle.pem")
    assert bundle.readable and bundle.form == "PEM"
    assert bundle.certificates[0].subject == "Amazon RDS Root 2019 CA"
    assert bundle.certificates[0].line == 2
    assert bundle.certificates[1].line > 2
    assert bundle.holds("Amazon RDS eu-west-1 Root CA ECC384 G1")
    assert not bundle.holds("Amazon RDS eu-west-1 Root CA RSA4096 G1")
    assert bundle.rds_regions() == {"eu-west-1": ("ECC384", "RSA2048"), "us-east-1": ("RSA2048",)}
    assert [c.key for c in bundle.certificates] == ["RSA2048", "RSA2048", "ECC384", "RSA2048"]
    assert all(c.is_ca for c in bundle.certificates)
    assert "RDS G1 roots of 2 regions, ECC384/RSA2048" in bundle.summary()


def test_expired_and_expiring() -> None:
    soon = root("Example Root", date(2027, 1, 15))
    bundle = read_bundle(pem(rds_2019(), g1("eu-west-1"), soon), "b.pem")
    assert [c.subject for c in bundle.expiring(TODAY, 30)] == ["Amazon RDS Root 2019 CA"]
    assert [c.subject for c in bundle.expiring(TODAY, 60)] == ["Amazon RDS Root 2019 CA", "Example Root"]
    assert bundle.certificates[0].expired(TODAY) and not bundle.certificates[2].expired(TODAY)


def test_der_p7b_and_pkcs12() -> None:
    assert [c.subject for c in read_bundle(der(g1("ap-south-1")), "x.der").certificates] == [
        "Amazon RDS ap-south-1 Root CA RSA2048 G1"
    ]
    seven = read_bundle(p7b(g1("eu-west-1"), g1("eu-west-2")), "eu-bundle.p7b")
    assert seven.form == "PKCS#7" and len(seven.certificates) == 2
    open_store = read_bundle(p12(g1("eu-west-1")), "trust.p12")
    assert open_store.form == "PKCS#12" and open_store.holds("Amazon RDS eu-west-1 Root CA RSA2048 G1")
    locked = read_bundle(p12(g1("eu-west-1"), password=b"changeit"), "trust.p12")
    assert not locked.readable and "password" in str(locked.problem)


def test_java_keystores_are_not_readable() -> None:
    jks = read_bundle(b"\xfe\xed\xfe\xed\x00\x00\x00\x02" + bytes(40), "rds-truststore.jks")
    assert (jks.form, jks.readable) == ("JKS", False) and "not readable" in str(jks.problem)
    assert read_bundle(b"\xce\xce\xce\xce" + bytes(8), "x.jceks").form == "JCEKS"


def test_broken_pem_is_not_readable_and_good_blocks_survive_a_bad_one() -> None:
    bad = b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
    assert not read_bundle(bad, "x.pem").readable
    mixed = read_bundle(bad + pem(g1("eu-west-1")), "x.pem")
    assert mixed.readable and len(mixed.certificates) == 1 and mixed.certificates[0].line == 4


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_are_answered(data: bytes) -> None:
    bundle = read_bundle(data, "x.pem")
    assert bundle.readable or bundle.problem


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=200), st.binary(max_size=200))
def test_pem_blocks_found_among_any_text(before: bytes, after: bytes) -> None:
    # Text around a block that itself holds no BEGIN/END marker does not hide the block.
    noise = [b.replace(b"-----", b"") for b in (before, after)]
    bundle = read_bundle(noise[0] + b"\n" + pem(g1("eu-west-1")) + noise[1], "x.pem")
    assert bundle.holds("Amazon RDS eu-west-1 Root CA RSA2048 G1")
