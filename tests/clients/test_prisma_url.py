"""connlint.clients.prisma: Prisma ORM's MySQL URLs (quaint's parse_query_params)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connlint.clients import driver_config
from connlint.frontends.connection_strings import recognise
from connlint.model import (
    DYNAMIC,
    Assumptions,
    Candidate,
    CandidateKind,
    Connection,
    Decision,
    FactKind,
    Location,
    Span,
    TlsMode,
    TrustKind,
)

PATH = "prisma/schema.prisma"
BASE = "mysql://app:pw@db.example.com:3306/app"


def resolve(url: str) -> Connection:
    candidate = Candidate(
        CandidateKind.DRIVER_CONFIG, Location(PATH, 1, 1, 1, 2), url=Span.at(url, PATH, 1, 5), driver="prisma"
    )
    (connection,) = driver_config.resolve(candidate, Assumptions()).connections
    return connection


@pytest.mark.parametrize(
    ("query", "mode", "decision", "by"),
    [
        ("", TlsMode.DISABLED, Decision.DEFAULT, ""),
        ("?connection_limit=5", TlsMode.DISABLED, Decision.DEFAULT, ""),
        ("?sslaccept=strict", TlsMode.VERIFY_IDENTITY, Decision.EXPLICIT, "sslaccept=strict"),
        (
            "?sslaccept=accept_invalid_certs",
            TlsMode.REQUIRED,
            Decision.EXPLICIT,
            "sslaccept=accept_invalid_certs",
        ),
        ("?sslcert=ca.pem", TlsMode.REQUIRED, Decision.EXPLICIT, "sslcert=ca.pem"),
        ("?sslidentity=id.p12&sslpassword=x", TlsMode.REQUIRED, Decision.EXPLICIT, "sslidentity=id.p12"),
        ("?sslaccept=STRICT", TlsMode.REQUIRED, Decision.EXPLICIT, "sslaccept=STRICT"),
    ],
)
def test_modes(query: str, mode: TlsMode, decision: Decision, by: str) -> None:
    connection = resolve(BASE + query)
    assert (connection.mode, connection.decision) == (mode, decision)
    assert connection.decided_by == by
    assert connection.host == "db.example.com"


def test_strict_verifies_against_sslcert_or_the_system_roots() -> None:
    with_cert = resolve(BASE + "?sslcert=../certs/global-bundle.pem&sslaccept=strict")
    assert with_cert.trust is not None and with_cert.trust.kind is TrustKind.CA_FILE
    assert with_cert.trust.path == "../certs/global-bundle.pem"
    assert not [f for f in with_cert.facts if f.kind is FactKind.INEFFECTIVE]
    system = resolve(BASE + "?sslaccept=strict")
    assert system.trust is not None and system.trust.kind is TrustKind.SYSTEM_DEFAULT


def test_a_certificate_without_strict_verifies_nothing() -> None:
    connection = resolve(BASE + "?sslcert=ca.pem&sslaccept=yes")
    ineffective = sorted(f.key for f in connection.facts if f.kind is FactKind.INEFFECTIVE)
    assert ineffective == ["sslaccept", "sslcert"]
    assert connection.mode is TlsMode.REQUIRED


def test_a_value_not_known_statically() -> None:
    connection = resolve(BASE + f"?sslaccept={DYNAMIC}")
    assert connection.mode is TlsMode.UNKNOWN


def test_password_is_redacted_and_a_credential() -> None:
    connection = resolve(BASE + "?sslaccept=strict")
    assert [f.kind for f in connection.facts if f.kind is FactKind.CREDENTIAL]
    assert "pw" not in connection.decided_by


@pytest.mark.parametrize(
    ("text", "driver"),
    [
        (BASE + "?sslaccept=strict", "prisma"),
        (BASE + "?connection_limit=3&sslcert=ca.pem", "prisma"),
        (BASE + "?sslidentity=x.p12", "prisma"),
        (BASE, None),  # any client's URL: not claimed
        (BASE + "?ssl-mode=REQUIRED", None),  # sqlx / MySQL Shell spelling: not Prisma's
        (BASE + '?ssl={"rejectUnauthorized":true}', "node-mysql2"),
        ("postgresql://u@h/db?sslaccept=strict", None),
    ],
)
def test_recognised_by_its_parameters(text: str, driver: str | None) -> None:
    assert recognise("DATABASE_URL", text) == driver


@given(st.text(alphabet=st.sampled_from("ab:@/?&=%[]" + DYNAMIC), max_size=40))
def test_any_url_resolves(tail: str) -> None:
    resolve("mysql://" + tail + "?sslaccept=strict")
