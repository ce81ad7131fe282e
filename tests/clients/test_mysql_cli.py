"""The mysql / mariadb option table: every fact of knowledge/mysql-cli.md, one test each."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from connlint.clients import mysql_cli
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
    Resolution,
    Secret,
    Span,
    TlsMode,
    TrustKind,
)


def argv(cmd: str) -> tuple[Span, ...]:
    words, col = [], 1
    for w in cmd.split(" "):
        words.append(Span.at(w, "x.sh", 1, col))
        col += len(w) + 1
    return tuple(words)


def resolve(cmd: str, family: str | None = None, version: str | None = None) -> Resolution:
    versions = (
        {"mysql-client": DriverVersion(version), "mariadb-client": DriverVersion(version)} if version else {}
    )
    cand = Candidate(CandidateKind.MYSQL_CLI, Location("x.sh", 1, 1, 1, len(cmd) + 1), argv=argv(cmd))
    return mysql_cli.resolve(cand, Assumptions(versions, family))


def conn(cmd: str, family: str | None = None, version: str | None = None) -> Connection:
    return resolve(cmd, family, version).connections[0]


def mode(cmd: str, family: str | None = None, version: str | None = None) -> TlsMode:
    return conn(cmd, family, version).mode


def kinds(cmd: str, family: str | None = None, version: str | None = None) -> set[FactKind]:
    r = resolve(cmd, family, version)
    return {f.kind for c in r.connections for f in c.facts} | {f.kind for f in r.facts}


# --- programs


def test_client_programs() -> None:
    assert mysql_cli.is_client_program("mysql")
    assert mysql_cli.is_client_program("/usr/bin/mysqldump")
    assert mysql_cli.is_client_program("mariadb-dump")
    assert mysql_cli.is_client_program("mysqlsh")
    assert not mysql_cli.is_client_program("mysqld")
    assert not mysql_cli.is_client_program("mysql_config_editor")
    assert not mysql_cli.is_client_program("echo")


# --- option syntax (mysql-cli.md §4)


def test_long_option_with_equals_and_separate_value() -> None:
    opts = mysql_cli.parse_argv(argv("--ssl-mode=REQUIRED --ssl-ca x.pem"))
    assert [(o.name, o.value) for o in opts] == [("ssl-mode", "REQUIRED"), ("ssl-ca", "x.pem")]


def test_dash_and_underscore_are_the_same() -> None:
    assert mode("mysql --ssl_mode=DISABLED", "mysql", "8.0") is TlsMode.DISABLED


def test_mode_value_is_case_insensitive() -> None:
    assert mode("mysql --ssl-mode=verify_identity", "mysql", "8.0") is TlsMode.VERIFY_IDENTITY


def test_option_name_is_case_sensitive() -> None:
    assert FactKind.INEFFECTIVE in kinds("mysql --SSL-MODE=DISABLED")
    assert mode("mysql --SSL-MODE=DISABLED", "mysql", "8.0") is TlsMode.PREFERRED


def test_invalid_mode_value_is_ineffective() -> None:
    assert FactKind.INEFFECTIVE in kinds("mysql --ssl-mode=verify-ca")
    assert FactKind.INEFFECTIVE not in kinds("mysql --ssl-mode=VERIFY_CA")


def test_short_options_attached_and_separate() -> None:
    assert conn("mysql -hdb.example.com").host == "db.example.com"
    assert conn("mysql -h db.example.com").host == "db.example.com"
    assert conn("mysql --host=db.example.com").host == "db.example.com"


def test_end_of_options() -> None:
    assert mode("mysql -- --ssl-mode=DISABLED", "mysql", "8.0") is TlsMode.PREFERRED


def test_password_forms() -> None:
    assert FactKind.CREDENTIAL in kinds("mysql -pSECRET")
    assert FactKind.CREDENTIAL in kinds("mysql --password=SECRET")
    assert FactKind.CREDENTIAL not in kinds("mysql -p")  # prompts
    assert FactKind.CREDENTIAL not in kinds("mysql --password")  # prompts
    assert FactKind.CREDENTIAL not in kinds("mysql --password secret")  # secret is the database
    assert FactKind.CREDENTIAL not in kinds("mysql -p$DB_PASS")
    assert FactKind.CREDENTIAL not in kinds("mysql --password=${{ secrets.DB }}".replace(" ", ""))


def test_credential_is_a_secret_located_on_the_flag() -> None:
    fact = next(f for f in conn("mysql -h db -pSECRET").facts if f.kind is FactKind.CREDENTIAL)
    assert isinstance(fact.value, Secret) and fact.value.reveal() == "SECRET"
    assert (fact.location.column, fact.location.end_column) == (13, 21)
    assert "SECRET" not in fact.key


# --- TLS semantics (mysql-cli.md §1)


def test_default_is_preferred() -> None:
    c = conn("mysql -h db", "mysql", "8.0.36")
    assert (c.mode, c.decision) == (TlsMode.PREFERRED, Decision.DEFAULT)


def test_explicit_modes() -> None:
    for value in ("DISABLED", "PREFERRED", "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"):
        assert mode(f"mysql --ssl-mode={value}", "mysql", "8.0") is TlsMode(value)


def test_ssl_ca_implies_verify_ca() -> None:
    c = conn("mysql -h db --ssl-ca=rds.pem", "mysql", "8.0")
    assert (c.mode, c.decision) == (TlsMode.VERIFY_CA, Decision.IMPLIED)
    assert c.trust is not None and c.trust.kind is TrustKind.CA_FILE and c.trust.path == "rds.pem"
    assert c.decided_at.column == 13


def test_ssl_capath_implies_verify_ca() -> None:
    assert mode("mysql --ssl-capath=/etc/ssl/certs", "mysql", "8.0") is TlsMode.VERIFY_CA


def test_explicit_mode_below_verify_ca_drops_the_ca_either_order() -> None:
    for cmd in ("mysql --ssl-mode=REQUIRED --ssl-ca=x.pem", "mysql --ssl-ca=x.pem --ssl-mode=REQUIRED"):
        c = conn(cmd, "mysql", "8.0")
        assert c.mode is TlsMode.REQUIRED
        assert FactKind.INEFFECTIVE in {f.kind for f in c.facts}


def test_explicit_verify_identity_keeps_the_ca() -> None:
    c = conn("mysql --ssl-ca=x.pem --ssl-mode=VERIFY_IDENTITY", "mysql", "8.0")
    assert c.mode is TlsMode.VERIFY_IDENTITY
    assert FactKind.INEFFECTIVE not in {f.kind for f in c.facts}


def test_ssl_ca_is_a_trust_anchor() -> None:
    fact = next(
        f for f in conn("mysql --ssl-ca=rds-ca-2019-root.pem").facts if f.kind is FactKind.TRUST_ANCHOR
    )
    assert fact.value == "rds-ca-2019-root.pem"


def test_legacy_options_on_57() -> None:
    assert mode("mysql --ssl", "mysql", "5.7.40") is TlsMode.REQUIRED
    assert mode("mysql --skip-ssl", "mysql", "5.7.40") is TlsMode.DISABLED
    assert mode("mysql --ssl=0", "mysql", "5.7.40") is TlsMode.DISABLED
    assert mode("mysql --ssl-verify-server-cert", "mysql", "5.7.40") is TlsMode.VERIFY_IDENTITY
    assert conn("mysql --skip-ssl", "mysql", "5.7.40").decision is Decision.LEGACY
    assert FactKind.DEPRECATED in kinds("mysql --skip-ssl", "mysql", "5.7.40")


def test_legacy_options_removed_in_80() -> None:
    c = conn("mysql --skip-ssl", "mysql", "8.0.36")
    assert c.mode is TlsMode.UNKNOWN
    assert FactKind.DEPRECATED in {f.kind for f in c.facts}
    assert mode("mysql --loose-skip-ssl", "mysql", "8.0.36") is TlsMode.PREFERRED


def test_unknown_family_names_each_outcome() -> None:
    c = conn("mysql --skip-ssl")
    assert c.mode is TlsMode.DISABLED and c.decision is Decision.VERSION
    conditions = " ".join(o.condition for o in c.outcomes)
    assert "MySQL 8.0+" in conditions and "unknown option error" in conditions
    assert "MariaDB" in conditions


def test_a_mode_not_known_on_some_versions_does_not_hide_the_others() -> None:
    # MySQL reads the value not known statically, MariaDB ignores --loose-ssl-mode:
    # the MariaDB outcome (DISABLED, CL201) is reported, the MySQL one named.
    c = conn(f"mysql --loose-ssl-mode={DYNAMIC}")
    assert (c.mode, c.decision) == (TlsMode.DISABLED, Decision.VERSION)
    assert [(o.mode, o.condition) for o in c.outcomes] == [
        (TlsMode.UNKNOWN, "MySQL 5.7, MySQL 8.0+"),
        (TlsMode.DISABLED, "MariaDB ≤11.3, MariaDB 11.4+"),
    ]
    # Verification on one version still wins over both.
    assert conn(f"mysql -h db --loose-ssl-mode={DYNAMIC}").mode is TlsMode.VERIFY_IDENTITY


def test_unknown_family_ssl_ca_reports_verification() -> None:
    c = conn("mysql -h db --ssl-ca=x.pem")
    assert c.mode is TlsMode.VERIFY_CA
    assert any(o.mode is TlsMode.VERIFY_IDENTITY and "MariaDB 11.4+" in o.condition for o in c.outcomes)


def test_ssl_mode_names_the_mysql_family() -> None:
    c = conn("mysql --ssl-mode=REQUIRED")
    assert (c.mode, c.decision, c.outcomes) == (TlsMode.REQUIRED, Decision.EXPLICIT, ())


def test_weak_tls_version() -> None:
    fact = next(
        f for f in conn("mysql --tls-version=TLSv1,TLSv1.2").facts if f.kind is FactKind.WEAK_PROTOCOL
    )
    assert fact.value == "TLSv1"
    assert FactKind.WEAK_PROTOCOL not in kinds("mysql --tls-version=TLSv1.2,TLSv1.3")


# --- MariaDB (mysql-cli.md §2)


def test_mariadb_114_verifies_by_default() -> None:
    c = conn("mariadb -h db", version="11.4.2")
    assert c.mode is TlsMode.VERIFY_IDENTITY and c.trust is not None
    assert c.trust.kind is TrustKind.SYSTEM_DEFAULT


def test_mariadb_114_verification_switched_off() -> None:
    for flag in (
        "--disable-ssl-verify-server-cert",
        "--skip-ssl-verify-server-cert",
        "--ssl-verify-server-cert=0",
    ):
        assert mode(f"mariadb -h db {flag}", version="11.4") is TlsMode.REQUIRED


def test_mariadb_skip_verify_after_skip_ssl_is_decided_by_skip_ssl() -> None:
    # mariadb-docker's docker-entrypoint.sh: `--skip-ssl --skip-ssl-verify-server-cert`.
    for version in ("10.11", "11.4"):
        c = conn("mariadb -h db --skip-ssl --skip-ssl-verify-server-cert", version=version)
        assert (c.mode, c.decided_by) == (TlsMode.DISABLED, "--skip-ssl")
    c = conn("mariadb -h db --skip-ssl-verify-server-cert", version="10.11")
    assert (c.mode, c.decision) == (TlsMode.DISABLED, Decision.DEFAULT)


def test_mariadb_old_defaults_to_no_tls() -> None:
    assert mode("mariadb -h db", version="10.11") is TlsMode.DISABLED
    assert mode("mariadb -h db --ssl", version="10.11") is TlsMode.REQUIRED
    assert mode("mariadb -h db --ssl-verify-server-cert", version="10.11") is TlsMode.VERIFY_IDENTITY


def test_mariadb_unknown_version_reports_verification() -> None:
    c = conn("mariadb -h db")
    assert (c.mode, c.decision) == (TlsMode.VERIFY_IDENTITY, Decision.VERSION)


def test_mariadb_legacy_options_are_current() -> None:
    assert FactKind.DEPRECATED not in kinds("mariadb --skip-ssl")
    assert FactKind.DEPRECATED not in kinds("mysql --skip-ssl", "mariadb")
    assert mode("mariadb --skip-ssl", version="11.4") is TlsMode.DISABLED


def test_mariadb_rejects_ssl_mode() -> None:
    assert FactKind.INEFFECTIVE in kinds("mariadb --ssl-mode=REQUIRED")


def test_mariadb_114_takes_no_tls_over_the_unix_socket() -> None:
    # mariadb-connector-c 00e219c5 "MDEV-34730: disable TLS over UNIX socket": never
    # verified there, so no CA rotation can break it; loopback.
    for cmd in (
        "mariadb --protocol=socket -uroot",
        "mariadb --protocol=SOCKET -h localhost",
        "mariadb --socket=/run/mysqld/mysqld.sock -uroot",
        "mariadb -h localhost -S /run/mysqld/mysqld.sock",
        "mariadb -h localhost",
        "mariadb -uroot",
        "mariadb --protocol=socket --ssl-verify-server-cert -uroot",
    ):
        c = conn(cmd, version="11.4.5")
        assert (c.mode, c.loopback, c.trust) == (TlsMode.DISABLED, True, None), cmd
        if "ssl" not in cmd:
            # With the version unknown both families agree: no outcome names verification.
            c = conn(cmd)
            assert c.mode is TlsMode.DISABLED and not c.outcomes, cmd
    # A 10.x/11.3 client still negotiates TLS there (Connector/C 3.3) and verifies when asked.
    c = conn("mariadb --protocol=socket --ssl-verify-server-cert -uroot")
    assert {o.mode for o in c.outcomes} == {TlsMode.VERIFY_IDENTITY, TlsMode.DISABLED}


def test_mariadb_socket_decided_by_the_socket_only_against_a_tls_option() -> None:
    c = conn("mariadb --protocol=socket --ssl -uroot", version="11.4")
    assert (c.decision, c.decided_by) == (Decision.EXPLICIT, "--protocol=socket")
    assert conn("mariadb --protocol=socket -uroot", version="11.4").decision is Decision.DEFAULT


def test_mariadb_over_tcp_or_a_port_keeps_its_verification() -> None:
    for cmd in (
        "mariadb -h db.example.com",
        "mariadb --protocol=tcp -h localhost",
        "mariadb -h localhost -P 3307",
        "mariadb -P 3307",
        "mariadb --protocol=socket -h db.example.com",
        "mariadb -h 127.0.0.2",
    ):
        assert mode(cmd, version="11.4") is TlsMode.VERIFY_IDENTITY, cmd


def test_mariadb_114_over_tcp_to_127_0_0_1_checks_no_host_and_accepts_an_untrusted_cert() -> None:
    # Connector/C 3.4 ``is_local_connection`` (plugins/auth/my_auth.c): 127.0.0.1 and ::1.
    for host in ("127.0.0.1", "::1"):
        c = conn(f"mariadb -h {host}", version="11.4")
        assert (c.mode, c.loopback, c.trust) == (TlsMode.REQUIRED, True, None), host
        c = conn(f"mariadb -h {host} --ssl-ca=/etc/ca.pem", version="11.4")
        assert c.mode is TlsMode.VERIFY_CA and c.trust is not None and c.trust.kind is TrustKind.CA_FILE
    # A ≤11.3 client asked to verify still does (Connector/C 3.3).
    assert mode("mariadb -h 127.0.0.1 --ssl-verify-server-cert", version="10.11") is TlsMode.VERIFY_IDENTITY
    # With the version unknown, no outcome is a verification against the system store.
    c = conn("mariadb -h 127.0.0.1")
    assert (
        all(o.mode is not TlsMode.VERIFY_IDENTITY for o in c.outcomes)
        and c.mode is not TlsMode.VERIFY_IDENTITY
    )


def test_mariadb_fingerprint_over_the_socket_is_not_read_as_no_tls() -> None:
    # A fingerprint still asks for TLS there (and the connection fails): not modelled as DISABLED.
    assert mode("mariadb --protocol=socket --ssl-fp=AA:BB", version="11.4") is not TlsMode.DISABLED


def test_mysql_clients_negotiate_tls_over_the_socket() -> None:
    # "TCP/IP and socket-file transports are subject to TLS/SSL encryption" (MySQL manual).
    assert conn("mysql --protocol=socket -uroot", "mysql").mode is TlsMode.PREFERRED
    c = conn("mysql --protocol=socket --ssl-mode=REQUIRED -uroot")
    assert (c.mode, c.loopback) == (TlsMode.REQUIRED, True)
    # The program alone does not name the family: the MySQL default, as before.
    c = conn("mysql --protocol=socket -uroot")
    assert (c.mode, c.decision) == (TlsMode.PREFERRED, Decision.DEFAULT)


# --- hosts


def test_no_host_is_the_local_socket() -> None:
    c = conn("mysql -u root")
    assert c.loopback and c.host == "localhost"


def test_host_elsewhere_is_not_assumed_local() -> None:
    assert not conn("mysql --defaults-file=x.cnf").loopback


def test_remote_host_is_not_loopback() -> None:
    assert not conn("mysql -h db.example.com").loopback
    assert conn("mysql -h 127.0.0.1").loopback


def test_mysqlbinlog_reads_files_unless_remote() -> None:
    assert resolve("mysqlbinlog binlog.000001").connections == []
    assert resolve("mysqlbinlog -R -h db binlog.000001").connections


def test_help_makes_no_connection() -> None:
    assert resolve("mysql --help").connections == []


@given(st.lists(st.text(max_size=12), max_size=8))
def test_arbitrary_argv_never_raises(words: list[str]) -> None:
    spans = tuple(Span.at(w, "x.sh", 1, 1) for w in ["mysql", *words])
    mysql_cli.resolve(
        Candidate(CandidateKind.MYSQL_CLI, Location("x.sh", 1, 1, 1, 2), argv=spans), Assumptions()
    )
