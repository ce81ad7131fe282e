"""The AWS Advanced JDBC Wrapper (issue 17 item 1): its schemes, the target
driver's semantics and version, and what the wrapper changes on the way (URL
parameters over Properties, per-host properties dropped)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from connlint.clients import aws_wrapper, drivers, jdbc
from connlint.clients.decisions import JdbcWrapper
from connlint.clients.jdbc_url import find_jdbc_urls, looks_like_jdbc_url, parse_jdbc_url
from connlint.model import (
    Assumptions,
    Candidate,
    CandidateKind,
    Connection,
    Decision,
    DriverVersion,
    FactKind,
    Location,
    Setting,
    Span,
    TlsMode,
)

CALL = Location("App.java", 5, 1, 5, 90)


def resolve(url: str, *settings: Setting, assume: Assumptions | None = None) -> list[Connection]:
    candidate = Candidate(CandidateKind.JDBC, CALL, url=Span.at(url, "App.java", 5, 30), settings=settings)
    return jdbc.resolve(candidate, assume or Assumptions()).connections


def setting(key: str, value: str, line: int = 9) -> Setting:
    return Setting(key, value, Location("App.java", line, 1, line, 40))


def versions(**known: str) -> Assumptions:
    return Assumptions({k.replace("_", "-"): DriverVersion(v) for k, v in known.items()})


def test_schemes_are_recognised_and_name_the_wrapper() -> None:
    for text, family in (
        ("jdbc:aws-wrapper:mysql://db.example.com/app", "mysql"),
        ("jdbc:aws-wrapper:mariadb://db.example.com/app", "mariadb"),
    ):
        url = parse_jdbc_url(Span.at(text, "f", 1, 1))
        assert url is not None and url.family == family
        assert url.wrapper == "connlint.clients.aws_wrapper:WRAPPER"
        assert looks_like_jdbc_url(text)
    plain = parse_jdbc_url(Span.at("jdbc:mysql://db.example.com/app", "f", 1, 1))
    assert plain is not None and plain.wrapper is None
    assert not looks_like_jdbc_url("jdbc:aws-wrapper:postgresql://pg.example.com/app")
    text = "-Dspring.datasource.url=jdbc:aws-wrapper:mysql://db/app?sslMode=REQUIRED -Dx=1"
    assert [text[s:e] for s, e in find_jdbc_urls(text)] == [
        "jdbc:aws-wrapper:mysql://db/app?sslMode=REQUIRED"
    ]


def test_registry_entry() -> None:
    wrapper = drivers.by_id("aws-advanced-jdbc-wrapper")
    assert drivers.driver_by_package()["software.amazon.jdbc:aws-advanced-jdbc-wrapper"] == wrapper.id
    assert "aws-advanced-jdbc-wrapper-version" not in drivers.version_keys()  # its version changes no TLS
    assert all(s.wrapper for s in wrapper.schemes)
    assert isinstance(drivers.load(wrapper.schemes[0].client), JdbcWrapper)
    assert aws_wrapper.WRAPPER.driver_id == wrapper.id


def test_target_driver_semantics_name_and_version() -> None:
    (mysql,) = resolve("jdbc:aws-wrapper:mysql://db.example.com/app", assume=versions(connector_j="8.0.33"))
    assert (mysql.mode, mysql.decision) == (TlsMode.PREFERRED, Decision.DEFAULT)
    assert (mysql.client, mysql.driver, mysql.version) == (
        "AWS Advanced JDBC Wrapper (MySQL Connector/J)",
        "connector-j",
        "8.0.33",
    )
    (mariadb,) = resolve("jdbc:aws-wrapper:mariadb://db.example.com/app")
    assert (mariadb.mode, mariadb.client) == (
        TlsMode.DISABLED,
        "AWS Advanced JDBC Wrapper (MariaDB Connector/J)",
    )
    (spelled,) = resolve("jdbc:aws-wrapper:mariadb://db.example.com/app?sslMode=verify-full")
    assert spelled.mode is TlsMode.VERIFY_IDENTITY


def test_mysql_scheme_goes_to_mariadb_when_only_it_is_declared() -> None:
    # DriverManager.getDriver("jdbc:mysql://…") in the wrapper: MariaDB Connector/J 2.x takes it.
    (conn,) = resolve(
        "jdbc:aws-wrapper:mysql://db.example.com/app?useSsl=true",
        assume=versions(mariadb_java_client="2.7.4"),
    )
    assert conn.client == "AWS Advanced JDBC Wrapper (MariaDB Connector/J)"
    assert conn.mode is TlsMode.VERIFY_IDENTITY


def test_url_parameters_override_properties() -> None:
    url = "jdbc:aws-wrapper:mysql://db.example.com/app?sslMode=REQUIRED"
    (conn,) = resolve(url, setting("sslMode", "VERIFY_IDENTITY"))
    assert (conn.mode, conn.decided_by) == (TlsMode.REQUIRED, "sslMode=REQUIRED")
    ineffective = [f for f in conn.facts if f.kind is FactKind.INEFFECTIVE]
    assert [(f.key, f.location.line) for f in ineffective] == [("sslMode", 9)]
    assert "`sslMode=REQUIRED`" in (ineffective[0].detail or "")
    # Plain Connector/J: the property set outside the URL wins, nothing is ineffective.
    (plain,) = resolve(url.replace("aws-wrapper:", ""), setting("sslMode", "VERIFY_IDENTITY"))
    assert plain.mode is TlsMode.VERIFY_IDENTITY
    assert not [f for f in plain.facts if f.kind is FactKind.INEFFECTIVE]


def test_properties_alone_still_apply() -> None:
    (conn,) = resolve("jdbc:aws-wrapper:mysql://db.example.com/app", setting("sslMode", "DISABLED"))
    assert (conn.mode, conn.decision) == (TlsMode.DISABLED, Decision.EXPLICIT)
    assert not [f for f in conn.facts if f.kind is FactKind.INEFFECTIVE]


def test_per_host_properties_do_not_reach_the_driver() -> None:
    url = "jdbc:aws-wrapper:mysql://address=(host=a.example.com)(sslMode=DISABLED),b.example.com/app?sslMode=VERIFY_CA"
    conns = resolve(url)
    assert [c.mode for c in conns] == [TlsMode.VERIFY_CA]
    (fact,) = [f for f in conns[0].facts if f.kind is FactKind.INEFFECTIVE]
    assert fact.key == "sslMode" and "per-host property" in (fact.detail or "")


def test_loopback_and_placeholder() -> None:
    (local,) = resolve("jdbc:aws-wrapper:mysql://127.0.0.1/app?sslMode=DISABLED")
    assert local.loopback and local.mode is TlsMode.DISABLED
    (unknown,) = resolve("jdbc:aws-wrapper:mysql://db.example.com/app?sslMode=${DB_SSL_MODE}")
    assert unknown.mode is TlsMode.UNKNOWN


_QUERY = st.lists(
    st.tuples(
        st.sampled_from(
            ["sslMode", "useSSL", "requireSSL", "verifyServerCertificate", "trustCertificateKeyStoreUrl"]
        ),
        st.sampled_from(["DISABLED", "REQUIRED", "VERIFY_CA", "true", "false", "file:/x.jks", "bogus", ""]),
    ),
    max_size=4,
)


@given(_QUERY, st.sampled_from(["mysql", "mariadb"]))
def test_without_properties_the_wrapper_reads_like_its_target(
    query: list[tuple[str, str]], family: str
) -> None:
    """With nothing set outside the URL, a wrapper URL decides what the target's URL does."""
    tail = f"//db.example.com/app?{'&'.join(f'{k}={v}' for k, v in query)}"
    wrapped = resolve(f"jdbc:aws-wrapper:{family}:{tail}")
    plain = resolve(f"jdbc:{family}:{tail}")
    assert [(c.mode, c.decision, c.outcomes, c.driver) for c in wrapped] == [
        (c.mode, c.decision, c.outcomes, c.driver) for c in plain
    ]
