"""What a CA bundle committed to the repository holds (issue 19, item 5).

A client's trust anchor decides which servers it can verify.  When the file
it names is in the repository, connlint reads the certificates themselves
rather than guessing from the name: each certificate's subject, notAfter and
key, so that a rotation plan can say whether the root a server presents
(``Amazon RDS eu-west-1 Root CA RSA2048 G1``) is there, and which
certificates have expired or are about to.

Forms read (with ``cryptography``, imported only when a bundle is read):
PEM (any number of ``CERTIFICATE`` blocks, and ``PKCS7`` blocks), DER (one
certificate), PKCS#7 (``.p7b``, DER or PEM: AWS's ``global-bundle.p7b``),
PKCS#12 trust stores that open without a password.  Java KeyStores (JKS,
JCEKS) and password-protected PKCS#12 are "not readable": no maintained
Python library reads JKS (``pyjks`` had its last release in 2020), and a
password in the repository is not something connlint should go looking for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from connlint import lazy
from connlint.lazy import dataclass

if TYPE_CHECKING:
    from cryptography import x509

#: Bundle files are small (AWS's global bundle is about 160 KB); read at most this much.
MAX_BUNDLE_BYTES = 4 * 1024 * 1024
#: Certificates read from one bundle at most (a bundle of every public root has ~150).
MAX_CERTIFICATES = 2000

_PEM_BLOCK = lazy.compile(
    rb"-----BEGIN (?P<label>CERTIFICATE|TRUSTED CERTIFICATE|X509 CERTIFICATE|PKCS7)-----"
    rb"[A-Za-z0-9+/=\s]{0,1000000}?-----END (?P=label)-----"
)
#: ``Amazon RDS <region> Root CA <RSA2048|RSA4096|ECC384> G1``.
_RDS_G1 = lazy.compile(
    r"^Amazon RDS (?P<region>[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d) Root CA"
    r" (?P<alg>RSA2048|RSA4096|ECC384) G1$"
)


#: Roots outside RDS that replaced a retired bundle's: Azure Database for MySQL moved from
#: Baltimore CyberTrust Root to DigiCert Global Root G2
#: (https://learn.microsoft.com/azure/mysql/single-server/concepts-certificate-rotation).
_REPLACEMENT_ROOTS = frozenset({"DigiCert Global Root G2"})


@dataclass(frozen=True)
class Certificate:
    """One certificate of a bundle, as much of it as a rotation needs."""

    subject: str  # the common name, or the whole subject when it has none
    not_after: date
    key: str  # RSA2048, RSA4096, ECC256, ECC384, ... or the key's type name
    is_ca: bool
    line: int  # where its PEM block starts (1 for DER and PKCS#12)

    @property
    def rds_region(self) -> str | None:
        """The region of an RDS G1 root (None for any other certificate)."""
        m = _RDS_G1.match(self.subject)
        return m["region"] if m else None

    @property
    def rds_algorithm(self) -> str | None:
        """RSA2048, RSA4096 or ECC384 for an RDS G1 root."""
        m = _RDS_G1.match(self.subject)
        return m["alg"] if m else None

    def expired(self, today: date) -> bool:
        """Whether the certificate is past its notAfter on ``today``."""
        return self.not_after < today


@dataclass(frozen=True)
class Bundle:
    """A trust anchor file read: its certificates, or why they could not be read."""

    path: str
    form: str  # PEM, DER, PKCS#7, PKCS#12, JKS, JCEKS, unknown
    certificates: tuple[Certificate, ...] = ()
    problem: str | None = None

    @property
    def readable(self) -> bool:
        """Whether the certificates were read (an empty but readable file has none)."""
        return self.problem is None

    def holds(self, subject: str) -> bool:
        """Whether a certificate with common name ``subject`` is in the bundle."""
        return any(c.subject == subject for c in self.certificates)

    def holds_current_roots(self) -> bool:
        """Whether the certificates include a root that replaced the retired bundles'
        (an RDS G1 root, Azure's DigiCert Global Root G2): a file refreshed under a
        retired bundle's name is judged by what it holds, not by its name.
        """
        return any(c.rds_region is not None or c.subject in _REPLACEMENT_ROOTS for c in self.certificates)

    def rds_regions(self) -> dict[str, tuple[str, ...]]:
        """Region -> the RDS G1 root algorithms the bundle holds for it."""
        found: dict[str, set[str]] = {}
        for c in self.certificates:
            region, alg = c.rds_region, c.rds_algorithm
            if region and alg:
                found.setdefault(region, set()).add(alg)
        return {r: tuple(sorted(a)) for r, a in sorted(found.items())}

    def expiring(self, today: date, days: int) -> list[Certificate]:
        """Certificates expired on ``today`` or expiring within ``days`` days of it."""
        horizon = today + timedelta(days=days)
        return [c for c in self.certificates if c.not_after <= horizon]

    def summary(self) -> str:
        """One line: how many certificates, which RDS regions and algorithms."""
        if not self.readable:
            return f"{self.form}: {self.problem}"
        regions = self.rds_regions()
        text = f"{self.form}, {len(self.certificates)} certificates"
        if regions:
            algorithms = sorted({a for algs in regions.values() for a in algs})
            # No parentheses: the summary stands inside a message's own.
            plural = "s" if len(regions) != 1 else ""
            text += f"; RDS G1 roots of {len(regions)} region{plural}, {'/'.join(algorithms)}"
        return text


def _common_name(name: x509.Name) -> str:
    from cryptography.x509.oid import NameOID

    for attribute in name.get_attributes_for_oid(NameOID.COMMON_NAME):
        value = attribute.value
        return value if isinstance(value, str) else value.decode("utf-8", "replace")
    return name.rfc4514_string()


def _key(cert: x509.Certificate) -> str:
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    try:
        key = cert.public_key()
    except (ValueError, TypeError):  # an algorithm cryptography does not support
        return "unknown"
    if isinstance(key, rsa.RSAPublicKey):
        return f"RSA{key.key_size}"
    if isinstance(key, ec.EllipticCurvePublicKey):
        return f"ECC{key.curve.key_size}"
    return type(key).__name__.removesuffix("PublicKey").lstrip("_") or "unknown"


def _is_ca(cert: x509.Certificate) -> bool:
    from cryptography import x509 as x

    try:
        return bool(cert.extensions.get_extension_for_class(x.BasicConstraints).value.ca)
    except (x.ExtensionNotFound, ValueError):
        return False


def describe(cert: x509.Certificate, line: int) -> Certificate:
    """What a rotation needs of ``cert`` (its PEM block starting at ``line``)."""
    return Certificate(
        subject=_common_name(cert.subject),
        not_after=cert.not_valid_after_utc.date(),
        key=_key(cert),
        is_ca=_is_ca(cert),
        line=line,
    )


def _many(certs: Iterable[x509.Certificate], line: int) -> list[Certificate]:
    return [describe(c, line) for c in certs]


def _pem(data: bytes, path: str) -> Bundle:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import pkcs7

    found: list[Certificate] = []
    bad = 0
    for m in _PEM_BLOCK.finditer(data):
        line = data.count(b"\n", 0, m.start()) + 1
        block = m.group(0)
        try:
            if m["label"] == b"PKCS7":
                found += _many(pkcs7.load_pem_pkcs7_certificates(block), line)
            else:
                if m["label"] != b"CERTIFICATE":  # OpenSSL's aliases of the same DER
                    block = re.sub(rb"-----(BEGIN|END) [A-Z0-9 ]+-----", rb"-----\1 CERTIFICATE-----", block)
                found.append(describe(x509.load_pem_x509_certificate(block), line))
        except ValueError:
            bad += 1
        if len(found) >= MAX_CERTIFICATES:
            break
    problem = None
    if bad and not found:
        problem = "not readable: no PEM block holds a certificate"
    return Bundle(path, "PEM", tuple(found), problem)


def read_bundle(data: bytes, path: str) -> Bundle:
    """The certificates of the trust anchor file shown as ``path`` whose bytes are
    ``data``; never raises (what cannot be read is the Bundle's ``problem``).
    """
    if data.startswith(b"\xfe\xed\xfe\xed"):
        return Bundle(path, "JKS", problem="not readable: a Java KeyStore (JKS)")
    if data.startswith(b"\xce\xce\xce\xce"):
        return Bundle(path, "JCEKS", problem="not readable: a Java KeyStore (JCEKS)")
    if len(data) > MAX_BUNDLE_BYTES:
        return Bundle(path, "unknown", problem=f"not read: over {MAX_BUNDLE_BYTES} bytes")
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives.serialization import pkcs7, pkcs12
    except ImportError:  # pragma: no cover - a dependency of connlint
        return Bundle(path, "unknown", problem="not readable: the cryptography package is not installed")
    if b"-----BEGIN " in data:
        return _pem(data, path)
    for form, load in (
        ("DER", lambda d: [x509.load_der_x509_certificate(d)]),
        ("PKCS#7", pkcs7.load_der_pkcs7_certificates),
    ):
        try:
            return Bundle(path, form, tuple(_many(load(data), 1)[:MAX_CERTIFICATES]))
        except ValueError:
            pass
    try:
        store = pkcs12.load_pkcs12(data, None)
    except ValueError as exc:
        protected = "password" in str(exc).lower() or "mac" in str(exc).lower()
        if protected or data[:1] == b"\x30":
            return Bundle(
                path,
                "PKCS#12",
                problem="not readable: a PKCS#12 store that needs a password, or not a certificate file",
            )
        return Bundle(path, "unknown", problem="not readable: not a PEM, DER, PKCS#7 or PKCS#12 file")
    certs = [c.certificate for c in store.additional_certs]
    if store.cert is not None:
        certs.insert(0, store.cert.certificate)
    return Bundle(path, "PKCS#12", tuple(_many(certs, 1)))
