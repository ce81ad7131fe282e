"""Amazon RDS and Aurora: the CAs a DB instance can present, and RDS endpoints.

Sources:

* CA identifiers, key types, validity and automatic rotation: RDS User Guide,
  "Using SSL/TLS to encrypt a connection to a DB instance or cluster",
  https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html ;
  rotation and the 2019 CA's end: "Rotating your SSL/TLS certificate",
  https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL-certificate-rotation.html
  ("rds-ca-2019 expired in August, 2024").
* Expiry dates are the root certificates' notAfter, read from the public
  bundles (https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem and
  the legacy https://s3.amazonaws.com/rds-downloads/rds-combined-ca-bundle.pem):
  ``Amazon RDS Root CA`` 2020-03-05, ``Amazon RDS Root 2019 CA`` 2024-08-22.
* The G1 CAs have one root per region, named
  ``Amazon RDS <region> Root CA <RSA2048|RSA4096|ECC384> G1`` (same bundles):
  a region's bundle trusts that region's servers only.
* Endpoints: ``<instance>.<hash>.<region>.rds.amazonaws.com``; Aurora clusters
  ``<cluster>.cluster-<hash>...`` and ``.cluster-ro-``, custom endpoints
  ``.cluster-custom-``; RDS Proxy ``.proxy-<hash>...``, which presents an ACM
  certificate, not an RDS CA one ("Using TLS/SSL with RDS Proxy",
  https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.howitworks.html#rds-proxy-security.tls-ssl),
  so its clients are unaffected by the DB instance's CA. China regions end in
  ``.rds.amazonaws.com.cn``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from connlint import lazy
from connlint.lazy import dataclass

EndpointKind = Literal["instance", "cluster", "cluster-ro", "cluster-custom", "proxy"]


@dataclass(frozen=True)
class RdsCa:
    """One CA a DB instance can present (``ca_cert_identifier``)."""

    identifier: str
    key: str  # RSA2048, RSA4096, ECC384
    #: The root's subject common name; ``{region}`` for the per-region G1 roots.
    root: str
    #: The root's notAfter when it has passed or is near; None for the G1 roots
    #: (decades away: 2061 and later for RSA2048, 2121 and later for the others).
    expires: date | None
    #: Whether the server certificate is rotated automatically before it expires.
    auto_rotation: bool

    @property
    def per_region(self) -> bool:
        """Whether each region has its own root (the G1 CAs)."""
        return "{region}" in self.root

    def root_for(self, region: str | None) -> str | None:
        """The root subject a server of this CA in ``region`` chains to (None when
        the root is per region and the region is not known).
        """
        if not self.per_region:
            return self.root
        return self.root.format(region=region) if region else None

    def expired(self, today: date) -> bool:
        """Whether the root has expired by ``today``."""
        return self.expires is not None and self.expires <= today


CAS: dict[str, RdsCa] = {
    ca.identifier: ca
    for ca in (
        RdsCa("rds-ca-2015", "RSA2048", "Amazon RDS Root CA", date(2020, 3, 5), False),
        RdsCa("rds-ca-2019", "RSA2048", "Amazon RDS Root 2019 CA", date(2024, 8, 22), False),
        RdsCa("rds-ca-rsa2048-g1", "RSA2048", "Amazon RDS {region} Root CA RSA2048 G1", None, True),
        RdsCa("rds-ca-rsa4096-g1", "RSA4096", "Amazon RDS {region} Root CA RSA4096 G1", None, True),
        RdsCa("rds-ca-ecc384-g1", "ECC384", "Amazon RDS {region} Root CA ECC384 G1", None, True),
    )
}

#: AWS CDK's names (aws_cdk.aws_rds.CaCertificate), including the deprecated
#: misspellings (https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_rds.CaCertificate.html).
CDK_CONSTANTS: dict[str, str] = {
    "RDS_CA_2019": "rds-ca-2019",
    "RDS_CA_RSA2048_G1": "rds-ca-rsa2048-g1",
    "RDS_CA_RDS2048_G1": "rds-ca-rsa2048-g1",
    "RDS_CA_RSA4096_G1": "rds-ca-rsa4096-g1",
    "RDS_CA_RDS4096_G1": "rds-ca-rsa4096-g1",
    "RDS_CA_ECC384_G1": "rds-ca-ecc384-g1",
}

#: CDK engine factories whose RDS engine name is not the factory's name in kebab case.
_CDK_ENGINES = {"aurora-postgres": "aurora-postgresql"}


def cdk_engine(factory: str) -> str:
    """The RDS engine of a CDK engine factory (``DatabaseClusterEngine.auroraMysql`` in
    TypeScript, ``aurora_mysql`` in Python, the constant ``MYSQL``): ``aurora-mysql``.
    """
    kebab = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", factory).replace("_", "-").lower()
    return _CDK_ENGINES.get(kebab, kebab)


#: Engines of the MySQL family: the clients connlint knows connect to these.
MYSQL_ENGINES = frozenset({"mysql", "mariadb", "aurora-mysql", "aurora"})


def lookup(identifier: str) -> RdsCa | None:
    """The CA named ``identifier`` (any case), or None for one not known."""
    return CAS.get(identifier.strip().lower())


@dataclass(frozen=True)
class Endpoint:
    """What an RDS host name says: which database, which kind of endpoint, where."""

    name: str  # the instance, cluster, custom endpoint or proxy identifier
    kind: EndpointKind
    region: str

    @property
    def presents_rds_ca(self) -> bool:
        """False for RDS Proxy, whose certificate comes from ACM."""
        return self.kind != "proxy"


_ENDPOINT = lazy.compile(
    r"""(?ix)
    ^(?P<name>[a-z][a-z0-9-]{0,62})
    \.(?:(?P<kind>cluster-ro|cluster-custom|cluster|proxy)-)?[a-z0-9]{6,16}
    \.(?P<region>[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d)
    \.rds\.amazonaws\.com(?:\.cn)?\.?$
    """
)


def parse_endpoint(host: str) -> Endpoint | None:
    """The RDS endpoint ``host`` names, or None when it is not one."""
    match = _ENDPOINT.match(host.strip())
    if match is None:
        return None
    kind: EndpointKind = match["kind"].lower() if match["kind"] else "instance"  # type: ignore[assignment]
    return Endpoint(match["name"].lower(), kind, match["region"].lower())
