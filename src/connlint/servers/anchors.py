"""Whether a client's trust anchor can hold the root a server presents
(issue 19, item 5; rule CL403 and ``connlint plan``).

Decided from the certificates when the bundle is in the repository and
readable (:mod:`connlint.servers.bundles`), otherwise from what the file's
name says (:mod:`connlint.clients.ca_bundles`):

* a retired bundle (``rds-combined-ca-bundle.pem``, ``rds-ca-2019-root.pem``,
  ``rds-ca-2015-*``) holds no G1 root: a G1 server cannot be verified with it;
* a regional bundle (``eu-west-1-bundle.pem``) holds that region's roots only;
* a name that says one algorithm (``rds-ca-rsa2048-g1.pem``) holds no root of
  another;
* ``global-bundle.pem`` holds every commercial region's G1 roots (not
  GovCloud's, whose global bundle has the same name: unknown there).

The JVM's and the system's default stores hold no RDS root unless someone
imported one, which connlint cannot see: unknown, as is any other name.
Sources: the RDS User Guide's certificate bundle section,
https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html#UsingWithRDS.SSL.CertificatesAllRegions
(one root per region for each G1 CA; global and per-region bundles).
"""

from __future__ import annotations

from connlint import lazy
from connlint.clients.ca_bundles import retired_reason
from connlint.lazy import dataclass
from connlint.model import Trust, TrustKind
from connlint.servers.bundles import Bundle
from connlint.servers.rds import RdsCa

_REGIONAL = lazy.compile(r"(?:^|/)(?P<region>[a-z]{2}(?:-gov)?-[a-z]+-\d)-bundle\.(?:pem|p7b)$")
_GLOBAL = lazy.compile(r"(?:^|/)global-bundle\.(?:pem|p7b)$")
_ALGORITHMS = {"rsa2048": "RSA2048", "rsa4096": "RSA4096", "ecc384": "ECC384"}


@dataclass(frozen=True)
class Holds:
    """Whether a trust anchor can hold a root: True, False, or None (not known), and why."""

    holds: bool | None
    why: str


def _name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1].lower()


def by_name(path: str, ca: RdsCa, root: str, region: str) -> Holds:
    """What the file name ``path`` says about holding ``root`` of ``ca`` in ``region``."""
    name = _name(path)
    retired = retired_reason(path)
    if retired and ca.per_region:
        return Holds(False, f"a retired bundle ({retired}) holds no G1 root")
    if retired and "2015" in name and ca.identifier == "rds-ca-2019":
        return Holds(False, f"a retired bundle ({retired}) holds no 2019 root")
    regional = _REGIONAL.search(name)
    if regional and ca.per_region:
        there = regional["region"]
        if there != region:
            return Holds(False, f"a regional bundle holds the roots of {there} only")
        return Holds(True, f"the {there} bundle holds its region's roots")
    said = {alg for token, alg in _ALGORITHMS.items() if token in name}
    if len(said) == 1 and ca.per_region and ca.key not in said:
        return Holds(False, f"by its name it holds {said.pop()} roots only")
    if _GLOBAL.search(name) and ca.per_region and "-gov-" not in region:
        return Holds(True, "the global bundle holds every commercial region's roots")
    return Holds(None, "its name does not say which roots it holds")


def in_no_region(path: str, ca: RdsCa) -> Holds | None:
    """What the file name ``path`` says whatever the server's region (a CloudFormation
    template names none): a retired bundle, or one of another algorithm, holds no root
    of a G1 CA in any region; None when the answer depends on the region.
    """
    if not ca.per_region:
        return None
    verdict = by_name(path, ca, "", "")
    if verdict.holds is False and not _REGIONAL.search(_name(path)):
        return verdict
    return None


def anchor_holds(trust: Trust | None, ca: RdsCa, region: str | None, bundle: Bundle | None) -> Holds:
    """Whether ``trust`` can verify a server of ``ca`` in ``region``;
    ``bundle`` is the trust anchor's file when it was read from the repository.
    """
    root = ca.root_for(region)
    if root is None or region is None:
        if region is None and trust is not None and trust.path and (bundle is None or not bundle.readable):
            anywhere = in_no_region(trust.path, ca)
            if anywhere is not None:
                return anywhere
        return Holds(None, "the server's region is not known, so neither is its root")
    if trust is None or trust.kind is TrustKind.UNKNOWN:
        return Holds(None, "the trust source is not known statically")
    if trust.kind in (TrustKind.JVM_DEFAULT, TrustKind.SYSTEM_DEFAULT):
        return Holds(None, f"{trust.describe()} holds an RDS root only if one was imported")
    if not trust.path:
        return Holds(None, "the trust anchor's path is not known statically")
    if bundle is not None and bundle.readable:
        if bundle.holds(root):
            return Holds(True, f"`{bundle.path}` holds it")
        return Holds(False, f"`{bundle.path}` ({bundle.summary()}) does not hold it")
    verdict = by_name(trust.path, ca, root, region)
    if bundle is not None and verdict.holds is None:
        return Holds(None, f"`{bundle.path}` is {bundle.problem}")
    return verdict
