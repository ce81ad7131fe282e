"""keytool: trust anchors for the store and the imported file, store passwords."""

from __future__ import annotations

from connlint.clients import keytool
from connlint.model import Assumptions, Candidate, CandidateKind, Fact, FactKind, Location, Secret, Span


def facts(cmd: str) -> list[Fact]:
    words, col = [], 1
    for w in cmd.split(" "):
        words.append(Span.at(w, "x.sh", 1, col))
        col += len(w) + 1
    cand = Candidate(CandidateKind.KEYTOOL, Location("x.sh", 1, 1, 1, col), argv=tuple(words))
    return keytool.resolve(cand, Assumptions()).facts


def test_import_names_store_and_file() -> None:
    got = facts("keytool -importcert -alias rds -keystore t.jks -file rds-ca-2019-root.pem -noprompt")
    anchors = {f.key: f.value for f in got if f.kind is FactKind.TRUST_ANCHOR}
    assert anchors == {"-keystore": "t.jks", "-file": "rds-ca-2019-root.pem"}


def test_old_import_command() -> None:
    assert any(f.kind is FactKind.TRUST_ANCHOR for f in facts("keytool -import -file ca.pem -keystore t.jks"))


def test_export_file_is_not_an_anchor() -> None:
    assert not any(
        f.kind is FactKind.TRUST_ANCHOR for f in facts("keytool -exportcert -file out.cer -keystore t.jks")
    )


def test_storepass_literal_is_a_credential() -> None:
    (cred,) = [
        f
        for f in facts("keytool -importcert -file a.pem -keystore t.jks -storepass s3cr3t")
        if f.kind is FactKind.CREDENTIAL
    ]
    assert cred.value == Secret("s3cr3t") and cred.location.column == 49


def test_storepass_from_env_is_not_a_credential() -> None:
    assert not any(
        f.kind is FactKind.CREDENTIAL for f in facts("keytool -importcert -storepass:env PASS -file a.pem")
    )
    assert not any(
        f.kind is FactKind.CREDENTIAL for f in facts("keytool -importcert -storepass $PASS -file a.pem")
    )


def test_location_covers_option_and_value() -> None:
    (store,) = [f for f in facts("keytool -importcert -keystore t.jks") if f.key == "-keystore"]
    assert (store.location.column, store.location.end_column) == (21, 36)
