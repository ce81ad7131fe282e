"""The JDBC resolver end to end, on candidates built here."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from connlint.clients import jdbc
from connlint.model import (
    DYNAMIC,
    Assumptions,
    Candidate,
    CandidateKind,
    Connection,
    Decision,
    DriverVersion,
    FactKind,
    Location,
    Outcome,
    Secret,
    Setting,
    Span,
    TlsMode,
    TrustKind,
)

CALL = Location("App.java", 5, 1, 5, 90)


def at(text: str, needle: str, line: int = 5, column: int = 30) -> Location:
    start = text.index(needle)
    return Location("App.java", line, column + start, line, column + start + len(needle))


def setting(key: str, value: str | Secret | None, line: int = 9) -> Setting:
    return Setting(key, value, Location("App.java", line, 1, line, 40))


def versions(**known: str) -> Assumptions:
    return Assumptions({k.replace("_", "-"): DriverVersion(v) for k, v in known.items()})


def resolve(url: str | None, *settings: Setting, assume: Assumptions | None = None) -> list[Connection]:
    span = Span.at(url, "App.java", 5, 30) if url is not None else None
    candidate = Candidate(CandidateKind.JDBC, CALL, url=span, settings=settings)
    return jdbc.resolve(candidate, assume or Assumptions()).connections


def one(url: str | None, *settings: Setting, assume: Assumptions | None = None) -> Connection:
    (connection,) = resolve(url, *settings, assume=assume)
    return connection


def kinds(connection: Connection) -> list[tuple[str, str]]:
    return [(f.kind.value, f.key) for f in connection.facts]


def test_explicit_mode_points_at_the_setting() -> None:
    url = "jdbc:mysql://db.example.com:3306/app?sslMode=DISABLED"
    c = one(url, assume=versions(connector_j="8.0.33"))
    assert (c.client, c.driver, c.version) == ("MySQL Connector/J", "connector-j", "8.0.33")
    assert (c.mode, c.decision, c.decided_by) == (TlsMode.DISABLED, Decision.EXPLICIT, "sslMode=DISABLED")
    assert c.decided_at == at(url, "sslMode=DISABLED")
    assert c.evidence == (at(url, "sslMode=DISABLED"),)
    assert (c.host, c.loopback, c.location) == ("db.example.com", False, CALL)


def test_default_points_at_the_url() -> None:
    url = "jdbc:mysql://db/app"
    c = one(url, assume=versions(connector_j="8.0.33"))
    assert (c.mode, c.decision, c.outcomes) == (TlsMode.PREFERRED, Decision.DEFAULT, ())
    assert c.decided_at == at(url, url)
    assert c.decided_by == url


def test_version_dependent_use_ssl() -> None:
    url = "jdbc:mysql://db/app?useSSL=true"
    unknown = one(url)
    assert (unknown.mode, unknown.decision) == (TlsMode.VERIFY_CA, Decision.VERSION)
    assert unknown.outcomes == (
        Outcome(TlsMode.VERIFY_CA, "Connector/J 5.1 and 8.0.≤12"),
        Outcome(TlsMode.PREFERRED, "Connector/J 8.0.13+"),
    )
    assert unknown.trust is not None and unknown.trust.kind is TrustKind.JVM_DEFAULT
    old = one(url, assume=versions(connector_j="5.1.49"))
    assert (old.mode, old.outcomes) == (TlsMode.VERIFY_CA, ())
    new = one(url, assume=versions(connector_j="8.0.13"))
    assert (new.mode, new.decision, new.trust) == (TlsMode.PREFERRED, Decision.LEGACY, None)
    assert ("deprecated", "useSSL") in kinds(new)


def test_settings_override_the_url() -> None:
    url = "jdbc:mysql://db/app?sslMode=DISABLED"
    c = one(url, setting("sslMode", "VERIFY_IDENTITY"), assume=versions(connector_j="8.0.33"))
    assert (c.mode, c.decided_by, c.decided_at.line) == (
        TlsMode.VERIFY_IDENTITY,
        "sslMode=VERIFY_IDENTITY",
        9,
    )
    assert len(c.evidence) == 2


def test_per_host_modes_give_one_connection_each() -> None:
    url = "jdbc:mysql://address=(host=a)(sslMode=DISABLED),(host=b,sslMode=VERIFY_CA),c/x?sslMode=REQUIRED"
    conns = resolve(url, assume=versions(connector_j="8.0.33"))
    assert [(c.host, c.mode, c.decided_by) for c in conns] == [
        ("a", TlsMode.DISABLED, "sslMode=DISABLED"),
        ("b", TlsMode.VERIFY_CA, "sslMode=VERIFY_CA"),
        ("c", TlsMode.REQUIRED, "sslMode=REQUIRED"),
    ]
    assert conns[0].decided_at == at(url, "sslMode=DISABLED")


def test_mariadb_per_host_ssl_mode_needs_3_4() -> None:
    url = "jdbc:mariadb://address=(host=a)(sslMode=disable),address=(host=b)/x?sslMode=verify-full"
    new = resolve(url, assume=versions(mariadb_java_client="3.4.0"))
    assert [(c.host, c.mode) for c in new] == [("a", TlsMode.DISABLED), ("b", TlsMode.VERIFY_IDENTITY)]
    (old,) = resolve(url, assume=versions(mariadb_java_client="3.3.3"))
    assert old.mode is TlsMode.VERIFY_IDENTITY
    assert [(f.kind.value, f.key, f.location) for f in old.facts] == [
        ("ineffective", "sslMode", at(url, "sslMode=disable"))
    ]
    # Unknown version: per-host sslMode as the current driver reads it.
    assert [c.mode for c in resolve(url)] == [TlsMode.DISABLED, TlsMode.VERIFY_IDENTITY]


def test_hosts_sharing_a_mode_share_a_connection() -> None:
    conns = resolve("jdbc:mysql:replication://localhost,127.0.0.1/x?sslMode=REQUIRED")
    assert [(c.host, c.loopback) for c in conns] == [("localhost", True)]
    mixed = resolve("jdbc:mysql:replication://localhost,db.example.com/x")
    assert [(c.host, c.loopback) for c in mixed] == [("localhost", False)]
    assert one("jdbc:mysql:///x").host == "localhost"
    assert one("jdbc:mysql:///x").loopback


def test_credentials_in_userinfo_property_and_setting() -> None:
    url = "jdbc:mysql://app:s3cret@db/x?password=other"
    c = one(url, setting("password", "third"), setting("user", "app"))
    creds = [f for f in c.facts if f.kind is FactKind.CREDENTIAL]
    assert [(f.key, f.location) for f in creds] == [
        ("password", at(url, "s3cret")),
        ("password", at(url, "password=other")),
        ("password", Location("App.java", 9, 1, 9, 40)),
    ]
    assert [f.value for f in creds] == [Secret("s3cret"), Secret("other"), Secret("third")]
    assert "s3cret" not in repr(c)
    assert "s3cret" not in c.decided_by


def test_dynamic_password_is_no_credential() -> None:
    c = one(f"jdbc:mysql://app:{DYNAMIC}@db/x", setting("password", None))
    assert [f for f in c.facts if f.kind is FactKind.CREDENTIAL] == []


def test_unknown_value_names_its_source() -> None:
    c = one("jdbc:mysql://db/x", Setting("sslMode", None, CALL, unknown="$DB_SSL_MODE"))
    assert (c.mode, c.decision, c.unknown) == (TlsMode.UNKNOWN, Decision.UNKNOWN, "$DB_SSL_MODE")
    dyn = one(f"jdbc:mysql://db/x?sslMode={DYNAMIC}")
    assert (dyn.mode, dyn.decision) == (TlsMode.UNKNOWN, Decision.UNKNOWN)


def test_open_query_is_unknown_but_explicit_modes_stand() -> None:
    c = one(f"jdbc:mysql://db/x?{DYNAMIC}")
    assert (c.mode, c.decision) == (TlsMode.UNKNOWN, Decision.UNKNOWN)
    assert one(f"jdbc:mysql://db/x{DYNAMIC}").mode is TlsMode.UNKNOWN
    assert one(f"jdbc:mysql://{DYNAMIC}/x").mode is TlsMode.PREFERRED
    assert one(f"jdbc:mysql://db/x?sslMode=REQUIRED&{DYNAMIC}").mode is TlsMode.REQUIRED


def test_a_url_not_known_statically_is_unknown_unless_a_setting_decides() -> None:
    # getConnection(url) over a field set at run time: its options are not seen.
    for url in (DYNAMIC, f"{DYNAMIC}&allowPublicKeyRetrieval=true"):
        c = one(url)
        assert (c.mode, c.decision) == (TlsMode.UNKNOWN, Decision.UNKNOWN)
        assert c.unknown == "a dynamic URL"
    # A setting made beside it still decides (a DataSource's setSslMode).
    assert one(DYNAMIC, setting("sslMode", "REQUIRED")).mode is TlsMode.REQUIRED
    # No URL at all (a DataSource configured by setters only): the default stands.
    assert one(None).mode is TlsMode.PREFERRED


def test_trust_store_and_anchor_facts() -> None:
    url = "jdbc:mysql://db/x?sslMode=VERIFY_CA&trustCertificateKeyStoreUrl=file:/etc/rds.jks"
    c = one(url, setting("trustCertificateKeyStorePassword", "changeit"))
    assert c.trust is not None and (c.trust.kind, c.trust.path) == (TrustKind.TRUST_STORE, "/etc/rds.jks")
    assert c.trust.location == at(url, "trustCertificateKeyStoreUrl=file:/etc/rds.jks")
    assert ("trust-anchor", "trustCertificateKeyStoreUrl") in kinds(c)
    assert ("credential", "trustCertificateKeyStorePassword") in kinds(c)


def test_jvm_trust_store_setting_on_the_candidate() -> None:
    c = one("jdbc:mysql://db/x?sslMode=VERIFY_IDENTITY", setting("javax.net.ssl.trustStore", "/opt/t.jks"))
    assert c.trust is not None and c.trust.path == "/opt/t.jks"
    assert ("trust-anchor", "javax.net.ssl.trustStore") in kinds(c)


def test_wrong_case_and_foreign_options() -> None:
    url = "jdbc:mysql://db/x?sslmode=DISABLED&trustServerCertificate=true"
    c = one(url, assume=versions(connector_j="8.0.33"))
    assert c.mode is TlsMode.PREFERRED
    assert kinds(c) == [("ineffective", "sslmode"), ("ineffective", "trustServerCertificate")]
    assert c.facts[0].location == at(url, "sslmode=DISABLED")
    assert len(c.evidence) == 2


def test_facts_are_not_repeated_across_connections() -> None:
    url = "jdbc:mysql://u:pw@address=(host=a)(sslMode=DISABLED),(host=b,sslMode=REQUIRED)/x?useSSL=true"
    conns = resolve(url, assume=versions(connector_j="8.0.33"))
    all_facts = [(f.kind, f.location) for c in conns for f in c.facts]
    assert len(all_facts) == len(set(all_facts))
    assert any(f.kind is FactKind.CREDENTIAL for f in conns[0].facts)


def test_mariadb_url() -> None:
    c = one("jdbc:mariadb://db/x", assume=versions(mariadb_java_client="3.3.0"))
    assert (c.client, c.driver, c.version) == ("MariaDB Connector/J", "mariadb-java-client", "3.3.0")
    assert (c.mode, c.decision) == (TlsMode.DISABLED, Decision.DEFAULT)
    v = one("jdbc:mariadb://db/x?sslMode=verify-full&serverSslCert=/etc/ca.pem")
    assert (v.mode, v.trust and v.trust.kind) == (TlsMode.VERIFY_IDENTITY, TrustKind.CA_FILE)


def test_mysql_scheme_with_only_mariadb_declared() -> None:
    url = "jdbc:mysql://db/x?useSsl=true"
    assert one(url, assume=versions(mariadb_java_client="2.7.9")).client == "MariaDB Connector/J"
    assert one(url, assume=versions(mariadb_java_client="2.7.9")).mode is TlsMode.VERIFY_IDENTITY
    # 3.x takes jdbc:mysql: only with permitMysqlScheme.
    assert one(url, assume=versions(mariadb_java_client="3.3.0")).client == "MySQL Connector/J"
    assert one(url + "&permitMysqlScheme", assume=versions(mariadb_java_client="3.3.0")).client == (
        "MariaDB Connector/J"
    )
    both = versions(mariadb_java_client="2.7.9", connector_j="8.0.33")
    assert one(url, assume=both).client == "MySQL Connector/J"


def test_mysqlx() -> None:
    c = one("mysqlx://db:33060/x")
    assert (c.client, c.driver, c.mode, c.decision) == (
        "MySQL Connector/J (X DevAPI)",
        "connector-j",
        TlsMode.REQUIRED,
        Decision.DEFAULT,
    )
    assert one("mysqlx://db/x?xdevapi.ssl-mode=VERIFY_CA").mode is TlsMode.VERIFY_CA


def test_url_from_a_setting() -> None:
    text = "jdbc:mysql://db/x?sslMode=REQUIRED"
    span = Span.at(text, "App.java", 12, 20)
    candidate = Candidate(
        CandidateKind.JDBC,
        CALL,
        settings=(Setting("url", text, Location("App.java", 12, 1, 12, 60), value_span=span),),
    )
    (c,) = jdbc.resolve(candidate, Assumptions()).connections
    assert (c.mode, c.decided_at) == (TlsMode.REQUIRED, Location("App.java", 12, 38, 12, 54))


def test_settings_only_data_source() -> None:
    c = one(None, setting("serverName", "localhost"), setting("useSSL", "false"))
    assert (c.mode, c.host, c.loopback, c.decided_by) == (TlsMode.DISABLED, "localhost", True, "useSSL=false")
    default = one(None)
    assert (default.decided_at, default.host) == (CALL, None)


def test_never_raises_on_odd_candidates() -> None:
    for url in ["", "jdbc:mysql:", "not a url", DYNAMIC * 3, "jdbc:mysql://(((", "jdbc:mysql://[[[]"]:
        jdbc.resolve(Candidate(CandidateKind.JDBC, CALL, url=Span.at(url, "f", 1, 1)), Assumptions())


URL_PIECES = st.sampled_from(
    [
        *"h:/?=&@,()[]%",
        DYNAMIC,
        "address=",
        "sslMode=",
        "useSSL=",
        "true",
        "VERIFY_CA",
        "password=",
        "localhost",
    ]
)


@settings(derandomize=True, database=None, max_examples=300, deadline=None)
@given(
    st.sampled_from(["jdbc:mysql://", "jdbc:mariadb://", "mysqlx://", "jdbc:mysql:replication://"]),
    st.lists(URL_PIECES, max_size=30),
    st.sampled_from([None, "5.1.37", "8.0.12", "8.0.33", "2.7.9", "3.4.1"]),
)
def test_resolver_internals_never_raise(scheme: str, pieces: list[str], version: str | None) -> None:
    assume = versions(connector_j=version, mariadb_java_client=version) if version else Assumptions()
    candidate = Candidate(CandidateKind.JDBC, CALL, url=Span.at(scheme + "".join(pieces), "f", 1, 1))
    for connection in jdbc.resolve(candidate, assume).connections:  # the unguarded implementation
        assert connection.mode in TlsMode
        assert connection.decided_at.path == "f"


def test_url_template_without_tls_options_is_unknown_not_a_default() -> None:
    from connlint.clients.jdbc import resolve
    from connlint.model import Assumptions, Candidate, CandidateKind, Span, TlsMode

    for text in ("jdbc:mariadb://{host}[:{port}]/[{database}]", "jdbc:mysql://<host>:3306/<db>"):
        span = Span.at(text, "drivers.xml", 4, 10)
        cand = Candidate(CandidateKind.JDBC, span.locate(), url=span)
        (conn,) = resolve(cand, Assumptions()).connections
        assert conn.mode is TlsMode.UNKNOWN and conn.unknown == "a URL template"
    span = Span.at("jdbc:mysql://{host}/db?sslMode=DISABLED", "drivers.xml", 4, 10)
    (conn,) = resolve(Candidate(CandidateKind.JDBC, span.locate(), url=span), Assumptions()).connections
    assert conn.mode is TlsMode.DISABLED


def test_a_piece_after_a_value_leaves_the_default_unclaimed() -> None:
    c = one(f"jdbc:mysql://db/x?user={DYNAMIC}{DYNAMIC}")
    assert (c.mode, c.decision) == (TlsMode.UNKNOWN, Decision.UNKNOWN)
    assert one(f"jdbc:mysql://db/x?user={DYNAMIC}").mode is TlsMode.PREFERRED
    assert one(f"jdbc:mysql://db/x?user={DYNAMIC}{DYNAMIC}&sslMode=DISABLED").mode is TlsMode.DISABLED
    after = one(f"jdbc:mysql://{DYNAMIC}&sslMode=VERIFY_CA")
    assert after.mode is TlsMode.VERIFY_CA
