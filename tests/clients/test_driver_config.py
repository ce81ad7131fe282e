"""Other drivers' connection strings and Rails sections: what each client makes of them
(clients/driver_config.py and the client modules it dispatches to)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
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
    DriverVersion,
    FactKind,
    Location,
    Secret,
    Setting,
    Span,
    TlsMode,
    TrustKind,
)

PATH = "app.env"


def _resolve(
    driver: str,
    url: str | None = None,
    settings_: tuple[Setting, ...] = (),
    versions: dict[str, str] | None = None,
) -> Connection:
    span = Span.at(url, PATH, 1, 5) if url is not None else None
    candidate = Candidate(
        CandidateKind.DRIVER_CONFIG, Location(PATH, 1, 1, 1, 2), url=span, settings=settings_, driver=driver
    )
    declared = {k: DriverVersion(v) for k, v in (versions or {}).items()}
    resolution = driver_config.resolve(candidate, Assumptions(versions=declared))
    assert len(resolution.connections) == 1
    return resolution.connections[0]


def _setting(key: str, value: str | None, unknown: str | None = None) -> Setting:
    span = Span.at(value, PATH, 3, 10) if value is not None else None
    stored: str | Secret | None = Secret(value, span) if key == "password" and value is not None else value
    return Setting(key, stored, Location(PATH, 3, 3, 3, 30), f"{key}: {value}", span, unknown)


# --------------------------------------------------------------------------- Go


@pytest.mark.parametrize(
    ("query", "mode", "decision"),
    [
        ("", TlsMode.DISABLED, Decision.DEFAULT),
        ("?tls=false", TlsMode.DISABLED, Decision.EXPLICIT),
        ("?tls=0", TlsMode.DISABLED, Decision.EXPLICIT),
        ("?tls=true", TlsMode.VERIFY_IDENTITY, Decision.EXPLICIT),
        ("?tls=TRUE", TlsMode.VERIFY_IDENTITY, Decision.EXPLICIT),
        ("?tls=1", TlsMode.VERIFY_IDENTITY, Decision.EXPLICIT),
        ("?tls=skip-verify", TlsMode.REQUIRED, Decision.EXPLICIT),
        ("?tls=Skip-Verify", TlsMode.REQUIRED, Decision.EXPLICIT),
        ("?tls=preferred", TlsMode.PREFERRED, Decision.EXPLICIT),
        ("?tls=true&allowFallbackToPlaintext=true", TlsMode.PREFERRED, Decision.EXPLICIT),
        ("?parseTime=true&tls=custom", TlsMode.UNKNOWN, Decision.EXPLICIT),
        # readBool takes only these spellings: `yes` is a (missing) registered config name
        ("?tls=yes", TlsMode.UNKNOWN, Decision.EXPLICIT),
    ],
)
def test_go_tls_parameter(query: str, mode: TlsMode, decision: Decision) -> None:
    connection = _resolve("go-sql-driver-mysql", f"app:pw@tcp(db.example.com:3306)/app{query}")
    assert (connection.mode, connection.decision) == (mode, decision)
    assert connection.host == "db.example.com"


def test_go_tls_true_verifies_host_against_system_roots() -> None:
    connection = _resolve("go-sql-driver-mysql", "app@tcp(db:3306)/app?tls=true")
    assert connection.trust is not None and connection.trust.kind is TrustKind.SYSTEM_DEFAULT
    assert connection.decided_by == "tls=true"


GO = "go-sql-driver-mysql"
DOTNET_PLAIN = "Server=db.example.com;Database=app;SslMode=Required"
FALLBACK = "app@tcp(db.example.com:3306)/app?tls=true&allowFallbackToPlaintext=true"


@pytest.mark.parametrize(
    ("version", "mode"),
    [("1.5.0", TlsMode.PREFERRED), ("1.9.3", TlsMode.PREFERRED), ("1.4.1", TlsMode.UNKNOWN)],
)
def test_go_tls_preferred_exists_from_1_5_0(version: str, mode: TlsMode) -> None:
    conn = _resolve(GO, "app@tcp(db.example.com:3306)/app?tls=preferred", versions={GO: version})
    assert conn.mode is mode and not conn.outcomes
    if mode is TlsMode.UNKNOWN:
        assert conn.unknown is not None and "fails" in conn.unknown


def test_go_tls_preferred_version_unknown_names_both_outcomes() -> None:
    conn = _resolve(GO, "app@tcp(db.example.com:3306)/app?tls=preferred")
    assert conn.mode is TlsMode.PREFERRED
    assert {o.mode for o in conn.outcomes} == {TlsMode.PREFERRED, TlsMode.UNKNOWN}


def test_go_fallback_parameter_from_1_7_0() -> None:
    newer = _resolve(GO, FALLBACK, versions={GO: "1.7.0"})
    assert newer.mode is TlsMode.PREFERRED and not newer.outcomes
    older = _resolve(GO, FALLBACK, versions={GO: "1.6.0"})
    assert older.mode is TlsMode.VERIFY_IDENTITY
    assert any(f.kind is FactKind.INEFFECTIVE and "v1.7.0" in (f.detail or "") for f in older.facts)
    rc = _resolve(GO, FALLBACK, versions={GO: "1.7.0-rc1"})
    assert rc.mode is TlsMode.VERIFY_IDENTITY


@pytest.mark.parametrize(
    ("driver", "url", "versions", "shown"),
    [
        (GO, FALLBACK, {GO: "1.9.3"}, "1.9.3"),
        ("mysql-dotnet", DOTNET_PLAIN, {"mysql-data": "8.0.33"}, "8.0.33"),
        ("mysql-dotnet", DOTNET_PLAIN, {"mysqlconnector": "2.4.0", "mysql-data": "8.0.33"}, "2.4.0"),
        ("mysql-dotnet", DOTNET_PLAIN, {}, None),
    ],
)
def test_declared_version_is_shown_on_the_connection(
    driver: str, url: str, versions: dict[str, str], shown: str | None
) -> None:
    assert _resolve(driver, url, versions=versions).version == shown


def test_go_fallback_version_unknown_names_both_outcomes() -> None:
    conn = _resolve(GO, FALLBACK)
    assert conn.mode is TlsMode.PREFERRED
    assert {o.mode for o in conn.outcomes} == {TlsMode.PREFERRED, TlsMode.VERIFY_IDENTITY}
    assert not any(f.kind is FactKind.INEFFECTIVE for f in conn.facts)


def test_go_custom_config_is_a_trust_source_not_known() -> None:
    connection = _resolve("go-sql-driver-mysql", "app@tcp(db:3306)/app?tls=rds-ca")
    assert connection.unknown is not None and "RegisterTLSConfig" in connection.unknown


@pytest.mark.parametrize(
    ("version", "mode"),
    [
        ("1.3.0", TlsMode.UNKNOWN),
        ("1.2", TlsMode.UNKNOWN),
        ("1.4.0", TlsMode.VERIFY_IDENTITY),
        (None, TlsMode.VERIFY_IDENTITY),
    ],
)
def test_go_tls_true_before_1_4_0_has_no_server_name_and_fails(version: str | None, mode: TlsMode) -> None:
    versions = {GO: version} if version is not None else {}
    conn = _resolve(GO, "app@tcp(db.example.com:3306)/app?tls=true", versions=versions)
    assert conn.mode is mode and not conn.outcomes
    if mode is TlsMode.UNKNOWN:
        assert conn.unknown is not None and "fails" in conn.unknown and "ServerName" in conn.unknown
    # skip-verify needs no ServerName: the same in every release
    skip = _resolve(GO, "app@tcp(db.example.com:3306)/app?tls=skip-verify", versions=versions)
    assert skip.mode is TlsMode.REQUIRED


def test_go_registered_config_with_fallback_may_be_plaintext() -> None:
    custom = "app@tcp(db.example.com:3306)/app?tls=rds&allowFallbackToPlaintext=true"
    newer = _resolve(GO, custom, versions={GO: "1.7.0"})
    assert newer.mode is TlsMode.PREFERRED and newer.decided_by == "allowFallbackToPlaintext=true"
    older = _resolve(GO, custom, versions={GO: "1.6.0"})
    assert (
        older.mode is TlsMode.UNKNOWN and older.unknown is not None and "RegisterTLSConfig" in older.unknown
    )
    unknown = _resolve(GO, custom)
    assert unknown.mode is TlsMode.PREFERRED
    assert {o.mode for o in unknown.outcomes} == {TlsMode.PREFERRED, TlsMode.UNKNOWN}
    explicit_off = _resolve(GO, "app@tcp(db:3306)/app?tls=rds&allowFallbackToPlaintext=false")
    assert explicit_off.mode is TlsMode.UNKNOWN


def test_go_password_is_a_secret_and_redacted() -> None:
    connection = _resolve("go-sql-driver-mysql", "app:s3cr:et@tcp(db:3306)/app?tls=skip-verify")
    credentials = [f for f in connection.facts if f.kind is FactKind.CREDENTIAL]
    assert len(credentials) == 1
    assert isinstance(credentials[0].value, Secret) and credentials[0].value.reveal() == "s3cr:et"
    assert "s3cr" not in repr(connection)


@pytest.mark.parametrize(
    ("dsn", "host", "loopback"),
    [
        ("app@tcp(127.0.0.1:3306)/app", "127.0.0.1", True),
        ("app@/app", "127.0.0.1", True),
        ("app@tcp/app", "127.0.0.1", True),
        ("app@unix(/var/run/mysqld/mysqld.sock)/app", "/var/run/mysqld/mysqld.sock", True),
        ("app@tcp([::1]:3306)/app", "::1", True),
        ("app@tcp(db.internal)/app", "db.internal", False),
        ("mysql://app@tcp(db.internal:3306)/app", "db.internal", False),
    ],
)
def test_go_host(dsn: str, host: str, loopback: bool) -> None:
    connection = _resolve("go-sql-driver-mysql", dsn)
    assert (connection.host, connection.loopback) == (host, loopback)


def test_go_foreign_tls_parameter_is_ineffective() -> None:
    connection = _resolve("go-sql-driver-mysql", "app@tcp(db:3306)/app?ssl-mode=VERIFY_IDENTITY")
    assert connection.mode is TlsMode.DISABLED
    assert [f.key for f in connection.facts if f.kind is FactKind.INEFFECTIVE] == ["ssl-mode"]


def test_go_dynamic_tls_is_unknown() -> None:
    connection = _resolve("go-sql-driver-mysql", f"app@tcp(db:3306)/app?tls={DYNAMIC}")
    assert connection.mode is TlsMode.UNKNOWN


# --------------------------------------------------------------------------- .NET


@pytest.mark.parametrize(
    ("mode_text", "mode"),
    [
        ("None", TlsMode.DISABLED),
        ("disabled", TlsMode.DISABLED),
        ("Preferred", TlsMode.PREFERRED),
        ("Prefered", TlsMode.PREFERRED),
        ("REQUIRED", TlsMode.REQUIRED),
        ("VerifyCA", TlsMode.VERIFY_CA),
        ("verifyfull", TlsMode.VERIFY_IDENTITY),
        ("VerifyIdentity", TlsMode.UNKNOWN),
        ("VERIFY_CA", TlsMode.UNKNOWN),
    ],
)
def test_dotnet_ssl_mode(mode_text: str, mode: TlsMode) -> None:
    connection = _resolve("mysql-dotnet", f"Server=db.example.com;Database=app;SSL Mode={mode_text}")
    assert connection.mode is mode
    if mode is TlsMode.UNKNOWN:
        assert any(f.kind is FactKind.INEFFECTIVE for f in connection.facts)


DISABLED = "Server=db.example.com;Database=app;SslMode=Disabled"


@pytest.mark.parametrize(
    ("versions", "mode"),
    [
        ({}, TlsMode.DISABLED),  # MySqlConnector not declared (Connector/NET reads it too)
        ({"mysql-data": "8.0.33"}, TlsMode.DISABLED),
        ({"mysqlconnector": "2.1.9"}, TlsMode.DISABLED),
        ({"mysqlconnector": "2.4.0"}, TlsMode.DISABLED),
        ({"mysqlconnector": "2.1.8"}, TlsMode.UNKNOWN),
        ({"mysqlconnector": "1.3.14"}, TlsMode.UNKNOWN),
    ],
)
def test_dotnet_disabled_exists_in_mysqlconnector_from_2_1_9(versions: dict[str, str], mode: TlsMode) -> None:
    connection = _resolve("mysql-dotnet", DISABLED, versions=versions)
    assert connection.mode is mode and not connection.outcomes
    rejected = [f for f in connection.facts if f.kind is FactKind.INEFFECTIVE]
    assert bool(rejected) is (mode is TlsMode.UNKNOWN)
    # None parses in every release
    assert (
        _resolve("mysql-dotnet", DISABLED.replace("Disabled", "None"), versions=versions).mode
        is TlsMode.DISABLED
    )


def test_dotnet_disabled_with_mysqlconnector_version_unknown_names_both_outcomes() -> None:
    candidate = Candidate(
        CandidateKind.DRIVER_CONFIG,
        Location(PATH, 1, 1, 1, 2),
        url=Span.at(DISABLED, PATH, 1, 5),
        driver="mysql-dotnet",
    )
    assumptions = Assumptions(versions={"mysqlconnector": DriverVersion(None, note="range [2.0,3.0)")})
    (connection,) = driver_config.resolve(candidate, assumptions).connections
    assert connection.mode is TlsMode.DISABLED
    assert {o.mode for o in connection.outcomes} == {TlsMode.DISABLED, TlsMode.UNKNOWN}


def test_dotnet_default_is_preferred() -> None:
    connection = _resolve("mysql-dotnet", "Server=db;Database=app;Uid=app;Pwd=pw")
    assert (connection.mode, connection.decision) == (TlsMode.PREFERRED, Decision.DEFAULT)
    credential = next(f for f in connection.facts if f.kind is FactKind.CREDENTIAL)
    assert credential.key == "Pwd"


@pytest.mark.parametrize(
    ("versions", "mode", "outcomes"),
    [
        ({}, TlsMode.PREFERRED, set()),  # MySqlConnector, or a Connector/NET of any version
        ({"mysqlconnector": "0.69.0"}, TlsMode.PREFERRED, set()),
        ({"mysql-data": "6.9.7"}, TlsMode.PREFERRED, set()),
        ({"mysql-data": "8.0.33"}, TlsMode.PREFERRED, set()),
        ({"mysql-data": "6.9.6"}, TlsMode.DISABLED, set()),
        ({"mysql-data": "6.8.3"}, TlsMode.DISABLED, set()),
        ({"mysql-data": None}, TlsMode.PREFERRED, {TlsMode.DISABLED, TlsMode.PREFERRED}),
    ],
)
def test_dotnet_default_before_connector_net_6_9_7_is_no_tls(
    versions: dict[str, str | None], mode: TlsMode, outcomes: set[TlsMode]
) -> None:
    candidate = Candidate(
        CandidateKind.DRIVER_CONFIG,
        Location(PATH, 1, 1, 1, 2),
        url=Span.at("Server=db.example.com;Database=app", PATH, 1, 5),
        driver="mysql-dotnet",
    )
    declared = {k: DriverVersion(v) for k, v in versions.items()}
    (connection,) = driver_config.resolve(candidate, Assumptions(versions=declared)).connections
    assert (connection.mode, connection.decision) == (mode, Decision.DEFAULT)
    assert {o.mode for o in connection.outcomes} == outcomes
    # An explicit SslMode is the same in every release.
    explicit = _resolve("mysql-dotnet", "Server=db;SslMode=Required", versions={"mysql-data": "6.9.6"})
    assert explicit.mode is TlsMode.REQUIRED


def test_dotnet_ca_in_required_mode_verifies_nothing() -> None:
    connection = _resolve("mysql-dotnet", "Server=db;SslMode=Required;SslCa=/etc/ca.pem")
    kinds = {f.kind for f in connection.facts}
    assert connection.mode is TlsMode.REQUIRED
    assert {FactKind.INEFFECTIVE, FactKind.TRUST_ANCHOR} <= kinds


def test_dotnet_ca_with_verify_ca_is_the_trust() -> None:
    connection = _resolve("mysql-dotnet", "Server=db;SslMode=VerifyCA;CACertificateFile='/etc/ca.pem'")
    assert connection.trust is not None and connection.trust.path == "/etc/ca.pem"


# --------------------------------------------------------------------------- Node mysql2


@pytest.mark.parametrize(
    ("ssl", "mode"),
    [
        ("%7B%7D", TlsMode.VERIFY_CA),
        ('{"rejectUnauthorized":false}', TlsMode.REQUIRED),
        ('{"verifyIdentity":true}', TlsMode.VERIFY_IDENTITY),
        ("Amazon%20RDS", TlsMode.VERIFY_CA),
        ("true", TlsMode.UNKNOWN),
        ("Other", TlsMode.UNKNOWN),
        ("false", TlsMode.DISABLED),
    ],
)
def test_node_ssl(ssl: str, mode: TlsMode) -> None:
    connection = _resolve("node-mysql2", f"mysql://app:pw@db.example.com:3306/app?ssl={ssl}")
    assert connection.mode is mode
    assert connection.host == "db.example.com"


NODE_IDENTITY = 'mysql://app@db.example.com/app?ssl={"verifyIdentity":true}'


@pytest.mark.parametrize(
    ("versions", "mode", "outcomes", "ineffective"),
    [
        ({"node-mysql2": "3.0.0"}, TlsMode.VERIFY_IDENTITY, set(), False),
        ({"node-mysql2": "3.9.7"}, TlsMode.VERIFY_IDENTITY, set(), False),
        ({"node-mysql2": "2.3.3"}, TlsMode.VERIFY_CA, set(), True),
        ({"node-mysql2": "3.0.0-rc.1"}, TlsMode.VERIFY_CA, set(), True),
        ({}, TlsMode.VERIFY_IDENTITY, {TlsMode.VERIFY_CA, TlsMode.VERIFY_IDENTITY}, False),
    ],
)
def test_node_verify_identity_is_read_from_3_0_0(
    versions: dict[str, str], mode: TlsMode, outcomes: set[TlsMode], ineffective: bool
) -> None:
    connection = _resolve("node-mysql2", NODE_IDENTITY, versions=versions)
    assert connection.mode is mode
    assert {o.mode for o in connection.outcomes} == outcomes
    facts = [f for f in connection.facts if f.kind is FactKind.INEFFECTIVE]
    assert bool(facts) is ineffective
    if ineffective:
        assert "v3.0.0" in (facts[0].detail or "")
    # Without verifyIdentity the version changes nothing.
    plain = _resolve("node-mysql2", "mysql://app@db/app?ssl=%7B%7D", versions={"node-mysql2": "2.3.3"})
    assert plain.mode is TlsMode.VERIFY_CA and not plain.outcomes


def test_node_default_is_no_tls() -> None:
    connection = _resolve("node-mysql2", "mysql://app@localhost/app")
    assert (connection.mode, connection.loopback) == (TlsMode.DISABLED, True)


# --------------------------------------------------------------------------- PDO


def test_pdo_mode_is_in_the_php_code() -> None:
    connection = _resolve("pdo-mysql", "mysql:host=db.example.com;port=3306;dbname=app")
    assert connection.mode is TlsMode.UNKNOWN
    assert connection.host == "db.example.com"
    assert connection.unknown is not None and "PDO::MYSQL_ATTR_SSL" in connection.unknown


# --------------------------------------------------------------------------- Rails


@pytest.mark.parametrize(
    ("value", "mode"),
    [
        (":verify_identity", TlsMode.VERIFY_IDENTITY),
        ("VERIFY_CA", TlsMode.VERIFY_CA),
        ("SSL_MODE_REQUIRED", TlsMode.REQUIRED),
        ("disabled", TlsMode.DISABLED),
        ("preferred", TlsMode.PREFERRED),
    ],
)
@pytest.mark.parametrize("driver", ["mysql2-gem", "trilogy"])
def test_rails_ssl_mode(driver: str, value: str, mode: TlsMode) -> None:
    connection = _resolve(driver, settings_=(_setting("host", "db"), _setting("ssl_mode", value)))
    assert (connection.mode, connection.decision) == (mode, Decision.EXPLICIT)


def test_trilogy_integer_modes() -> None:
    connection = _resolve("trilogy", settings_=(_setting("ssl_mode", "3"),))
    assert connection.mode is TlsMode.REQUIRED


def test_trilogy_default_is_disabled_and_ignores_mysql2_keys() -> None:
    connection = _resolve("trilogy", settings_=(_setting("host", "db"), _setting("sslca", "/ca.pem")))
    assert (connection.mode, connection.decision) == (TlsMode.DISABLED, Decision.DEFAULT)
    ineffective = [f for f in connection.facts if f.kind is FactKind.INEFFECTIVE]
    assert [f.key for f in ineffective] == ["sslca"]
    assert not any(f.kind is FactKind.TRUST_ANCHOR for f in connection.facts)


def test_trilogy_unknown_mode_fails() -> None:
    connection = _resolve("trilogy", settings_=(_setting("ssl_mode", "verify_full"),))
    assert connection.mode is TlsMode.UNKNOWN
    assert any(f.kind is FactKind.INEFFECTIVE for f in connection.facts)


def test_mysql2_sslverify_is_verify_identity() -> None:
    connection = _resolve(
        "mysql2-gem", settings_=(_setting("sslca", "/etc/rds.pem"), _setting("sslverify", "true"))
    )
    assert (connection.mode, connection.decision) == (TlsMode.VERIFY_IDENTITY, Decision.LEGACY)
    assert connection.trust is not None and connection.trust.path == "/etc/rds.pem"


def test_mysql2_without_mode_depends_on_the_library() -> None:
    bare = _resolve("mysql2-gem", settings_=(_setting("host", "db"),))
    assert (bare.mode, bare.decision) == (TlsMode.UNKNOWN, Decision.DEFAULT)
    with_ca = _resolve("mysql2-gem", settings_=(_setting("sslca", "/etc/rds.pem"),))
    assert with_ca.mode is TlsMode.UNKNOWN
    assert any(f.kind is FactKind.TRUST_ANCHOR for f in with_ca.facts)


def test_mysql2_unknown_mode_warns_and_falls_through() -> None:
    connection = _resolve("mysql2-gem", settings_=(_setting("ssl_mode", "verify_full"),))
    assert connection.mode is TlsMode.UNKNOWN
    assert any(f.kind is FactKind.INEFFECTIVE and f.key == "ssl_mode" for f in connection.facts)


def test_rails_url_wins_over_keys() -> None:
    connection = _resolve(
        "mysql2-gem",
        "mysql2://app@db.example.com/app?ssl_mode=disabled",
        (_setting("ssl_mode", "verify_identity"),),
    )
    assert connection.mode is TlsMode.DISABLED


def test_rails_dynamic_password_is_unknown_not_a_credential() -> None:
    connection = _resolve("trilogy", settings_=(_setting("password", None, "ENV['DB_PASSWORD']"),))
    assert not any(f.kind is FactKind.CREDENTIAL for f in connection.facts)


# --------------------------------------------------------------------------- robustness


@settings(max_examples=300)
@given(
    st.sampled_from(
        ["go-sql-driver-mysql", "mysql-dotnet", "node-mysql2", "pdo-mysql", "mysql2-gem", "trilogy"]
    ),
    st.text(alphabet=st.sampled_from("ab:@/?&=;()[]%{}\"' \t" + DYNAMIC), max_size=40),
)
def test_any_string_resolves_without_raising(driver: str, text: str) -> None:
    _resolve(driver, text)


@settings(max_examples=300)
@given(
    st.text(max_size=30), st.text(alphabet=st.sampled_from("mysql:/@tcp()?&=;SsrvE3" + DYNAMIC), max_size=50)
)
def test_recognise_never_raises(key: str, text: str) -> None:
    recognise(key, text)
