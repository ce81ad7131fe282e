"""A JVM trust store is a MySQL trust anchor only with a MySQL-family client in
scope: a connection in the file, or a JVM driver declared (issue 16, item 6).
"""

from __future__ import annotations

from connlint.connections import resolve_candidates
from connlint.model import (
    Assumptions,
    Candidate,
    CandidateKind,
    DriverVersion,
    FactKind,
    Location,
    Setting,
    Span,
)

WHERE = Location("Main.java", 3, 1, 3, 40)
STORE = Candidate(
    CandidateKind.JVM,
    WHERE,
    settings=(Setting("javax.net.ssl.trustStore", "/etc/app/truststore.jks", WHERE),),
)


def anchors(candidates: list[Candidate], assumptions: Assumptions) -> list[str]:
    resolved = resolve_candidates("Main.java", candidates, assumptions)
    return [str(f.value) for f in resolved.facts if f.kind is FactKind.TRUST_ANCHOR]


def test_without_a_mysql_client_the_store_is_not_reported() -> None:
    assert anchors([STORE], Assumptions()) == []
    other = {"pymysql": DriverVersion("1.1.1", None)}  # not a JVM client
    assert anchors([STORE], Assumptions(versions=other)) == []


def test_a_declared_jvm_driver_or_a_connection_in_the_file_makes_it_one() -> None:
    for driver in ("connector-j", "mariadb-java-client", "debezium-mysql"):
        declared = Assumptions(versions={driver: DriverVersion(None, None)})
        assert anchors([STORE], declared) == ["/etc/app/truststore.jks"], driver
    url = Span.at("jdbc:mysql://db.example.com/app", "Main.java", 5, 10)
    jdbc = Candidate(CandidateKind.JDBC, Location("Main.java", 5, 10, 5, 40), url=url)
    assert anchors([STORE, jdbc], Assumptions()) == ["/etc/app/truststore.jks"]
