"""Test certificates made on the spot (no real certificate is committed for tests).

``root(subject, not_after, key=...)`` is a self-signed CA certificate whose
subject common name is ``subject``; keys are made once per (type, size) and
reused, so a test suite pays for one RSA 4096 key at most.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


@functools.cache
def private_key(kind: str) -> PrivateKey:
    """A key for ``RSA2048``, ``RSA4096`` or ``ECC384`` (made once)."""
    if kind == "ECC384":
        return ec.generate_private_key(ec.SECP384R1())
    return rsa.generate_private_key(public_exponent=65537, key_size=int(kind.removeprefix("RSA")))


def root(
    subject: str, not_after: date, key: str = "RSA2048", not_before: date = date(2019, 1, 1)
) -> x509.Certificate:
    """A self-signed CA certificate named ``subject`` valid until ``not_after``."""
    private = private_key(key)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "connlint test certificate"),
            x509.NameAttribute(NameOID.COMMON_NAME, subject),
        ]
    )
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime.combine(not_before, datetime.min.time(), UTC))
        .not_valid_after(datetime.combine(not_after, datetime.min.time(), UTC))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(private, hashes.SHA384() if key != "RSA2048" else hashes.SHA256())
    )


def g1(region: str, alg: str = "RSA2048") -> x509.Certificate:
    """A stand-in for ``Amazon RDS <region> Root CA <alg> G1``."""
    until = date(2061, 5, 20) if alg == "RSA2048" else date(2121, 5, 20)
    return root(f"Amazon RDS {region} Root CA {alg} G1", until, alg)


def rds_2019() -> x509.Certificate:
    """A stand-in for ``Amazon RDS Root 2019 CA`` (expired 2024-08-22)."""
    return root("Amazon RDS Root 2019 CA", date(2024, 8, 22))


def pem(*certs: x509.Certificate, text: str = "") -> bytes:
    """A PEM bundle of ``certs``; ``text`` goes first (as AWS bundles carry none, but users do)."""
    return text.encode() + b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


def der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def p7b(*certs: x509.Certificate) -> bytes:
    from cryptography.hazmat.primitives.serialization import pkcs7

    return pkcs7.serialize_certificates(list(certs), serialization.Encoding.DER)


def p12(*certs: x509.Certificate, password: bytes | None = None) -> bytes:
    from cryptography.hazmat.primitives.serialization import pkcs12

    encryption = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    return pkcs12.serialize_key_and_certificates(None, None, None, list(certs), encryption)
