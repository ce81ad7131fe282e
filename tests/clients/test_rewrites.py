"""Safe fixes from driver knowledge: clients/rewrites.py and the Connector/J
facts that carry them (issue 18, item 10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from connlint.clients import connector_j, rewrites
from connlint.clients.decisions import TlsDecision
from connlint.clients.jdbc_url import Property, parse_jdbc_url
from connlint.model import Decision, Edit, FactKind, Location, Outcome, Secret, Span, TlsMode


def _props(url: str) -> dict[str, Property]:
    parsed = parse_jdbc_url(Span.at(url, "a.properties", 1, 1))
    assert parsed is not None
    return {p.key: p for p in parsed.properties}


def _prop(text: str, column: int = 10) -> Property:
    key, _, value = text.partition("=")
    return Property(key, value, Location("f", 1, column, 1, column + len(text)), text, value)


def test_rename_key_and_respell_value() -> None:
    prop = _prop("sslmode=REQUIRED")
    fix = rewrites.rename_key(prop, "sslMode", "Write `sslMode`")
    assert fix is not None and fix.edits == (Edit(prop.location, "sslmode=REQUIRED", "sslMode=REQUIRED"),)
    fix = rewrites.respell_value(_prop("sslMode=verify-ca"), "VERIFY_CA", "d")
    assert fix is not None and fix.edits[0].new == "sslMode=VERIFY_CA"


@pytest.mark.parametrize(
    "prop",
    [
        # escaped or concatenated in the source: the region is wider than the text
        Property("sslmode", "REQUIRED", Location("f", 1, 1, 1, 30), "sslmode=REQUIRED", "REQUIRED"),
        Property("sslmode", "REQUIRED", Location("f", 1, 1, 2, 5), "sslmode=REQUIRED", "REQUIRED"),
        # percent-encoded key, a secret, a value not known statically
        Property("sslmode", "REQUIRED", Location("f", 1, 1, 1, 21), "ssl%6dode=REQUIRED", "REQUIRED"),
        Property("password", Secret("x"), Location("f", 1, 1, 1, 13), "password=***", Secret("x")),
        Property(
            "sslmode", None, Location("f", 1, 1, 1, 15), "sslmode=${M}", "${M}", unknown="a placeholder"
        ),
    ],
)
def test_no_fix_unless_written_plainly(prop: Property) -> None:
    assert rewrites.rename_key(prop, "sslMode", "d") is None


def test_not_weaker() -> None:
    def d(mode: TlsMode, *outcomes: TlsMode) -> TlsDecision:
        return TlsDecision(mode, Decision.EXPLICIT, None, outcomes=tuple(Outcome(m, "v") for m in outcomes))

    assert rewrites.not_weaker(d(TlsMode.VERIFY_IDENTITY), d(TlsMode.PREFERRED))
    assert rewrites.not_weaker(d(TlsMode.PREFERRED), d(TlsMode.PREFERRED))
    assert not rewrites.not_weaker(d(TlsMode.DISABLED), d(TlsMode.PREFERRED))
    assert not rewrites.not_weaker(
        d(TlsMode.VERIFY_CA, TlsMode.VERIFY_CA, TlsMode.DISABLED), d(TlsMode.PREFERRED)
    )
    assert not rewrites.not_weaker(d(TlsMode.REQUIRED), d(TlsMode.UNKNOWN))
    # Version families: each must hold (Connector/J 5.1 default, 8.0.13+ sslMode=DISABLED).
    older, newer = Outcome(TlsMode.DISABLED, "5.1"), Outcome(TlsMode.PREFERRED, "8.0.13+")
    before = TlsDecision(TlsMode.PREFERRED, Decision.VERSION, None, outcomes=(older, newer))
    after = TlsDecision(
        TlsMode.DISABLED, Decision.VERSION, None, outcomes=(older, Outcome(TlsMode.DISABLED, "8.0.13+"))
    )
    assert not rewrites.not_weaker(after, before) and rewrites.not_weaker(before, after)
    assert not rewrites.not_weaker(d(TlsMode.UNKNOWN), d(TlsMode.REQUIRED))


def _fixes(url: str, version: str | None = None) -> dict[str, str | None]:
    facts = connector_j.facts(_props(url), version)
    return {
        f.key: (f.fix.edits[0].new if f.fix else None)
        for f in facts
        if f.kind in (FactKind.INEFFECTIVE, FactKind.DEPRECATED)
    }


@pytest.mark.parametrize(
    ("url", "version", "expected"),
    [
        ("jdbc:mysql://h/db?sslmode=VERIFY_IDENTITY", None, {"sslmode": "sslMode=VERIFY_IDENTITY"}),
        ("jdbc:mysql://h/db?sslmode=REQUIRED", "8.0.33", {"sslmode": "sslMode=REQUIRED"}),
        ("jdbc:mysql://h/db?sslmode=PREFERRED", "8.0.33", {"sslmode": "sslMode=PREFERRED"}),
        # Connector/J ignores it today (PREFERRED): the fix would turn TLS off, so none
        ("jdbc:mysql://h/db?sslmode=DISABLED", "8.0.33", {"sslmode": None}),
        ("jdbc:mysql://h/db?sslmode=DISABLED", None, {"sslmode": None}),
        # both spellings: which one the user meant is not clear
        ("jdbc:mysql://h/db?sslmode=REQUIRED&sslMode=VERIFY_CA", "8.0.33", {"sslmode": None}),
        (
            "jdbc:mysql://h/db?trustcertificatekeystoreurl=file:/t.jks&sslMode=VERIFY_CA",
            "8.0.33",
            {"trustcertificatekeystoreurl": "trustCertificateKeyStoreUrl=file:/t.jks"},
        ),
        ("jdbc:mysql://h/db?sslMode=verify-ca", "8.0.33", {"sslMode": "sslMode=VERIFY_CA"}),
        ("jdbc:mysql://h/db?sslMode=verify-identity", None, {"sslMode": "sslMode=VERIFY_IDENTITY"}),
        ("jdbc:mysql://h/db?sslMode=bogus", "8.0.33", {"sslMode": None}),
        (
            "jdbc:mysql://h/db?sslMode=VERIFY_CA&enabledTLSProtocols=TLSv1.2",
            "8.0.28",
            {"enabledTLSProtocols": "tlsVersions=TLSv1.2"},
        ),
        (
            "jdbc:mysql://h/db?sslMode=VERIFY_CA&enabledTLSProtocols=TLSv1.2&tlsVersions=TLSv1.3",
            "8.0.28",
            {"enabledTLSProtocols": None},
        ),
        # a MariaDB spelling: MySQL Connector/J means something else by it, no fix
        ("jdbc:mysql://h/db?useSsl=true", "8.0.33", {"useSsl": None}),
    ],
)
def test_connector_j_fixes(url: str, version: str | None, expected: dict[str, str | None]) -> None:
    assert _fixes(url, version) == expected


def test_a_fix_never_changes_the_mode_named() -> None:
    for url in ("jdbc:mysql://h/db?sslMode=verify-ca", "jdbc:mysql://h/db?sslmode=VERIFY_IDENTITY"):
        props = _props(url)
        (fact,) = [f for f in connector_j.facts(props, "8.0.33") if f.fix is not None]
        (edit,) = fact.fix.edits  # type: ignore[union-attr]
        fixed = _props(url.replace(edit.old, edit.new))
        named = url.rsplit("=", 1)[1].upper().replace("-", "_")
        assert connector_j.decide(fixed, "8.0.33").mode.value == named


def test_mysqlclient_ssl_mode_spelling_is_fixed_in_a_plain_literal(tmp_path: Path) -> None:
    from connlint.config import Config
    from connlint.engine import run
    from connlint.fixes import fix_files

    source = tmp_path / "db.py"
    source.write_text(
        "import MySQLdb\n\n"
        'conn = MySQLdb.connect(host="db.example.com", ssl_mode="verify_identity")\n'
        'other = MySQLdb.connect(host="db.example.com", ssl_mode="verify" "_ca")\n'
        'third = MySQLdb.connect(host="db.example.com", ssl_mode="bogus")\n'
    )
    report = run([source], Config(select=("CL303",)), jobs=1)
    assert [(f.location.line, f.fix is not None) for f in report.findings] == [
        (3, True),
        (4, False),
        (5, False),
    ]
    (fixed,) = fix_files(report.findings)
    assert 'ssl_mode="VERIFY_IDENTITY")' in fixed.after and 'ssl_mode="verify" "_ca"' in fixed.after
