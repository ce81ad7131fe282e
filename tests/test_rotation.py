"""connlint.rotation: what a server CA rotation does to each connection."""

from __future__ import annotations

import pytest

from connlint import rotation
from connlint.model import Connection, Decision, Location, Outcome, TlsMode, Trust, TrustKind
from connlint.reporters.inventory import render_inventory

HERE = Location("app.properties", 1, 1, 1, 10)


def _conn(mode: TlsMode, trust: Trust | None = None, **kw: object) -> Connection:
    return Connection(
        "MySQL Connector/J", HERE, mode, kw.pop("decision", Decision.EXPLICIT), HERE, trust=trust, **kw
    )  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (TlsMode.DISABLED, rotation.CLEAR),
        (TlsMode.PREFERRED, rotation.UNVERIFIED),
        (TlsMode.REQUIRED, rotation.UNVERIFIED),
        (TlsMode.VERIFY_CA, rotation.BREAKS),
        (TlsMode.VERIFY_IDENTITY, rotation.BREAKS),
        (TlsMode.UNKNOWN, rotation.UNKNOWN),
    ],
)
def test_impact_by_mode(mode: TlsMode, expected: str) -> None:
    assert rotation.impact(_conn(mode)) == expected


@pytest.mark.parametrize("bundle", ["/etc/ssl/rds-combined-ca-bundle.pem", "certs/rds-ca-2019-root.pem"])
def test_a_retired_bundle_breaks_now_or_at_rotation(bundle: str) -> None:
    conn = _conn(TlsMode.VERIFY_IDENTITY, Trust(TrustKind.CA_FILE, bundle, HERE))
    assert rotation.impact(conn) == rotation.RETIRED


def test_a_current_bundle_breaks_only_without_the_new_ca() -> None:
    conn = _conn(TlsMode.VERIFY_CA, Trust(TrustKind.CA_FILE, "/etc/ssl/global-bundle.pem", HERE))
    assert rotation.impact(conn) == rotation.BREAKS


def test_version_dependent_names_the_verifying_condition() -> None:
    outcomes = (
        Outcome(TlsMode.VERIFY_CA, "Connector/J 5.1"),
        Outcome(TlsMode.PREFERRED, "Connector/J 8.0.13+"),
    )
    conn = _conn(TlsMode.VERIFY_CA, decision=Decision.VERSION, outcomes=outcomes)
    assert rotation.impact(conn) == f"{rotation.BREAKS} on Connector/J 5.1"


def test_table_and_markdown_show_host_and_loopback() -> None:
    from connlint.engine import Report

    local = _conn(TlsMode.DISABLED, host="localhost", loopback=True)
    remote = _conn(TlsMode.REQUIRED, host="db.example.com")
    report = Report(connections=[local, remote])
    table = render_inventory(report, "table")
    assert "HOST" in table.splitlines()[0]
    assert "localhost (loopback)" in table and "db.example.com" in table
    markdown = render_inventory(report, "markdown")
    assert "| Host |" in markdown and "localhost (loopback)" in markdown
    assert rotation.CLEAR in markdown and rotation.UNVERIFIED in markdown
    assert render_inventory(report, "csv").splitlines()[0].endswith(",loopback")


def test_a_retired_name_over_current_roots_is_judged_by_its_content() -> None:
    from certs import g1, pem, rds_2019
    from connlint.servers.bundles import read_bundle

    conn = _conn(TlsMode.VERIFY_CA, Trust(TrustKind.CA_FILE, "certs/rds-combined-ca-bundle.pem", HERE))
    assert rotation.impact(conn, read_bundle(pem(g1("us-east-1")), "x.pem")) == rotation.BREAKS
    assert rotation.impact(conn, read_bundle(pem(rds_2019()), "x.pem")) == rotation.RETIRED
    assert rotation.impact(conn, None) == rotation.RETIRED
