"""Known CA bundle files: which are retired and which are current.

Facts and dates: AWS RDS/Aurora
https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html and
https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL-certificate-rotation.html
(the expiry dates are the root certificates' notAfter); Azure
https://learn.microsoft.com/azure/mysql/single-server/concepts-certificate-rotation.
"""

from __future__ import annotations

import re

from connlint import lazy


def _ending_run(word: str) -> re.Pattern[str]:
    r"""A file name whose last run of ``[-\w.]`` holds ``word`` and ends with a
    certificate extension: ``word[-\w.]*\.(?:pem|p7b|crt|cer|der)$`` in linear time
    (tried from the first character of each run, not from every ``word`` in it).
    """
    return lazy.compile(rf"(?<![-\w.])(?=[-\w.]*?{word})[-\w.]*+(?<=\.pem|\.p7b|\.crt|\.cer|\.der)$")


# (pattern on the file name, lower-cased) -> why it is retired.
RETIRED_BUNDLES: tuple[tuple[re.Pattern[str], str], ...] = (
    # Amazon RDS Root CA (rds-ca-2015): root expired 2020-03-05 (its notAfter).
    (_ending_run("rds-ca-2015"), "rds-ca-2015, expired 2020-03-05"),
    # Amazon RDS Root 2019 CA: expired 2024-08-22; opt-in region 2019 roots in 2024 (notAfter).
    (_ending_run("rds-ca-2019"), "rds-ca-2019, expired 2024-08-22"),
    (
        lazy.compile(r"rds-ca-(?:af-south-1|ap-east-1|eu-south-1|me-south-1)-2019-root\.pem$"),
        "rds-ca-2019 opt-in region root, expired in 2024",
    ),
    # 2020-era combined bundle: 2015 + 2019 CAs, no G1 roots (the
    # rds-downloads/rds-combined-ca-bundle.pem the RDS guide linked until 2023).
    (
        lazy.compile(r"rds-combined-ca(?:-us-gov)?-bundle\.(?:pem|p7b|crt|cer|der)$"),
        "legacy rds-combined-ca-bundle without the rds-ca-rsa2048-g1 roots",
    ),
    # Azure Single Server moved off Baltimore CyberTrust Root (Azure page above).
    (
        lazy.compile(r"baltimorecybertrustroot\.crt(?:\.pem)?$"),
        "Azure BaltimoreCyberTrustRoot, replaced by DigiCert Global Root G2",
    ),
)

# Current bundles (RDS guide above): global and per-region RDS trust bundles.
CURRENT_BUNDLES: tuple[re.Pattern[str], ...] = (
    lazy.compile(r"(?:^|/)global-bundle\.(?:pem|p7b)$"),
    lazy.compile(r"(?:^|/)[a-z]{2}(?:-gov)?-[a-z]+-\d-bundle\.(?:pem|p7b)$"),
)


def _name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1].lower()


def retired_reason(path: str) -> str | None:
    """Why the CA file at ``path`` is retired, or None when it is not known to be."""
    name = _name(path)
    for pattern, reason in RETIRED_BUNDLES:
        if pattern.search(name):
            return reason
    return None


def is_current(path: str) -> bool:
    """True for the AWS global or regional RDS trust bundles."""
    lowered = path.replace("\\", "/").lower()
    return any(p.search(lowered) for p in CURRENT_BUNDLES)


#: Where AWS publishes RDS CA bundles (the RDS guide above, and its history for
#: the legacy S3 bucket): the current trust store (commercial regions, and
#: GovCloud's ``truststore.pki.us-gov-west-1.rds.amazonaws.com``) and the legacy
#: ``rds-downloads`` bucket (``s3.amazonaws.com``, ``s3-us-gov-west-1`` and
#: ``s3.us-gov-west-1`` hosts).  A URL's file name then says whether the bundle
#: is current or retired.
_BUNDLE_URL = lazy.compile(
    r"(?i:https?://)?+(?i:truststore\.pki(?:\.[a-z0-9-]+)?\.rds\.amazonaws\.com"
    r"|s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com/rds-downloads)/[^\s?#]*+"
)


def bundle_url(text: str) -> str | None:
    """The RDS CA bundle download URL in ``text`` (a command's word), or None."""
    found = _BUNDLE_URL.search(text)
    if found is None:
        return None
    url = found.group(0)
    return url if _name(url) else None
