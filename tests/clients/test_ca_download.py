from __future__ import annotations

import pytest

from connlint.clients import ca_download
from connlint.clients.ca_bundles import bundle_url, is_current, retired_reason
from connlint.frontends import dockerfile, shell
from connlint.model import Assumptions, CandidateKind, FactKind


@pytest.mark.parametrize(
    "text, url",
    [
        (
            "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem",
            "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem",
        ),
        (
            "--url=https://truststore.pki.us-gov-west-1.rds.amazonaws.com/global/global-bundle.p7b",
            "https://truststore.pki.us-gov-west-1.rds.amazonaws.com/global/global-bundle.p7b",
        ),
        (
            "http://s3.amazonaws.com/rds-downloads/rds-combined-ca-bundle.pem?x=1",
            "http://s3.amazonaws.com/rds-downloads/rds-combined-ca-bundle.pem",
        ),
        (
            "https://s3.us-gov-west-1.amazonaws.com/rds-downloads/rds-ca-2017-us-gov-west-1.pem",
            "https://s3.us-gov-west-1.amazonaws.com/rds-downloads/rds-ca-2017-us-gov-west-1.pem",
        ),
        (
            "s3.amazonaws.com/rds-downloads/rds-ca-2019-root.pem",
            "s3.amazonaws.com/rds-downloads/rds-ca-2019-root.pem",
        ),
        ("https://example.com/rds-downloads/rds-combined-ca-bundle.pem", None),
        ("https://s3.amazonaws.com/my-bucket/global-bundle.pem", None),
        ("https://truststore.pki.rds.amazonaws.com/", None),
        ("truststore.pki.rds.amazonaws.com", None),
    ],
)
def test_bundle_urls(text: str, url: str | None) -> None:
    assert bundle_url(text) == url


@pytest.mark.parametrize(
    "name",
    [
        "rds-ca-2019-root.der",
        "rds-ca-2019-root.crt",
        "rds-ca-2019-root.cer",
        "rds-ca-2015-root.der",
        "rds-combined-ca-bundle.der",
        "rds-combined-ca-bundle.cer",
        "https://s3.amazonaws.com/rds-downloads/rds-combined-ca-bundle.p7b",
    ],
)
def test_other_forms_of_retired_names_are_retired(name: str) -> None:
    assert retired_reason(name) is not None


def test_current_bundles_are_not_retired() -> None:
    for url in (
        "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem",
        "https://truststore.pki.rds.amazonaws.com/eu-west-2/eu-west-2-bundle.pem",
    ):
        assert retired_reason(url) is None and is_current(url)


def facts(path: str, text: str) -> list[tuple[str, str | None, int, int]]:
    front = dockerfile if path.endswith("Dockerfile") else shell
    out = []
    for c in front.extract(path, text).candidates:
        if c.kind is CandidateKind.DOWNLOAD:
            for f in ca_download.resolve(c, Assumptions()).facts:
                assert f.kind is FactKind.TRUST_ANCHOR
                out.append((f.key, str(f.value), f.location.line, f.location.column))
    return out


def test_downloaders_and_where_the_url_stands() -> None:
    text = (
        "curl -o ca.pem https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem\n"
        "/usr/bin/wget -qO- 'https://s3.amazonaws.com/rds-downloads/rds-combined-ca-bundle.pem' > b.pem\n"
        "Invoke-WebRequest -Uri https://truststore.pki.rds.amazonaws.com/global/global-bundle.p7b -OutFile\n"
        "sudo curl -O https://s3.amazonaws.com/rds-downloads/rds-ca-2019-root.pem\n"
        "curl https://example.com/x.pem\n"
        "echo https://s3.amazonaws.com/rds-downloads/rds-combined-ca-bundle.pem\n"
    )
    assert facts("get.sh", text) == [
        ("curl", "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem", 1, 16),
        ("wget", "https://s3.amazonaws.com/rds-downloads/rds-combined-ca-bundle.pem", 2, 21),
        ("Invoke-WebRequest", "https://truststore.pki.rds.amazonaws.com/global/global-bundle.p7b", 3, 24),
        ("curl", "https://s3.amazonaws.com/rds-downloads/rds-ca-2019-root.pem", 4, 14),
    ]


def test_dockerfile_add() -> None:
    text = (
        "FROM alpine\n"
        "ADD --checksum=sha256:abc https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem \\\n"
        "    /certs/\n"
        "ADD app.tar.gz /app/\n"
        "ADD https://example.com/tool /bin/tool\n"
    )
    assert facts("Dockerfile", text) == [
        ("ADD", "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem", 2, 27)
    ]
