from __future__ import annotations

from connlint.clients import jvm
from connlint.model import Assumptions, Candidate, CandidateKind, FactKind, Location, Secret, Setting

LOC = Location("Main.java", 3, 9, 3, 70)


def facts(*settings: Setting) -> list[tuple[FactKind, str, object]]:
    result = jvm.resolve(Candidate(CandidateKind.JVM, LOC, settings=settings), Assumptions())
    assert result.connections == []
    return [(f.kind, f.key, f.value) for f in result.facts]


def test_trust_store_is_a_trust_anchor() -> None:
    assert facts(Setting("javax.net.ssl.trustStore", "/etc/rds-truststore.jks", LOC)) == [
        (FactKind.TRUST_ANCHOR, "javax.net.ssl.trustStore", "/etc/rds-truststore.jks")
    ]
    assert facts(Setting("javax.net.ssl.trustStore", None, LOC)) == [
        (FactKind.TRUST_ANCHOR, "javax.net.ssl.trustStore", None)
    ]
    assert facts(Setting("javax.net.ssl.trustStoreType", "PKCS12", LOC)) == []


def test_trust_store_password_literal_is_a_credential() -> None:
    assert facts(Setting("javax.net.ssl.trustStorePassword", "changeit", LOC)) == [
        (FactKind.CREDENTIAL, "javax.net.ssl.trustStorePassword", Secret("changeit"))
    ]
    assert facts(Setting("javax.net.ssl.trustStorePassword", Secret("x"), LOC)) == [
        (FactKind.CREDENTIAL, "javax.net.ssl.trustStorePassword", Secret("x"))
    ]
    assert facts(Setting("javax.net.ssl.trustStorePassword", None, LOC)) == []
    assert facts(Setting("javax.net.ssl.trustStorePassword", "", LOC)) == []
