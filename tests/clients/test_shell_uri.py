"""MySQL Shell connection URIs (issue 17, item 2): the options a URI carries are
read as the command line's, located inside the URI."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from connlint.clients import mysql_cli
from connlint.clients.cli_options import OPERAND, parse_argv
from connlint.clients.shell_uri import looks_like_uri, uri_options, with_uri_options
from connlint.model import (
    DYNAMIC,
    Assumptions,
    Candidate,
    CandidateKind,
    Connection,
    FactKind,
    Location,
    Secret,
    Span,
    TlsMode,
)


def span(text: str) -> Span:
    return Span.at(text, "deploy.sh", 3, 10)


def resolve(*words: str) -> list[Connection]:
    argv = tuple(Span.at(w, "deploy.sh", 3, 1 + i * 40) for i, w in enumerate(("mysqlsh", *words)))
    candidate = Candidate(CandidateKind.MYSQL_CLI, Location("deploy.sh", 3, 1, 3, 80), argv=argv)
    return mysql_cli.resolve(candidate, Assumptions()).connections


def test_uri_options_are_named_and_located_as_on_the_command_line() -> None:
    text = "mysqlx://app:pw@db.example.com:33060/app?SSL_MODE=VERIFY_CA&ssl-ca=%2Fetc%2Fca.pem&tls-version=TLSv1.2"
    opts = {o.name: o for o in uri_options(span(text))}
    assert set(opts) == {"password", "host", "ssl-mode", "ssl-ca", "tls-version"}
    assert isinstance(opts["password"].value, Secret) and opts["password"].value.reveal() == "pw"
    assert opts["host"].text == "db.example.com"
    assert opts["ssl-mode"].text == "VERIFY_CA"
    assert opts["ssl-ca"].text == "/etc/ca.pem"
    where = opts["ssl-ca"].location
    assert text[where.column - 10 : where.end_column - 10] == "ssl-ca=%2Fetc%2Fca.pem"


def test_socket_ipv6_and_parenthesised_paths() -> None:
    assert [
        o.text for o in uri_options(span("root@(/var/run/mysqld/mysqld.sock)/db")) if o.name == "host"
    ] == ["localhost"]
    assert [o.text for o in uri_options(span("root@[::1]:3306")) if o.name == "host"] == ["::1"]
    (ca,) = [o for o in uri_options(span("root@h?ssl-ca=(/etc/ca.pem)")) if o.name == "ssl-ca"]
    assert ca.text == "/etc/ca.pem"


def test_what_counts_as_a_uri() -> None:
    assert looks_like_uri("root@db.example.com")
    assert looks_like_uri("mysqlx://db.example.com")
    assert not looks_like_uri("--sql")
    assert not looks_like_uri("/tmp/dump")


def test_only_the_first_operand_or_uri_option_is_read() -> None:
    opts = with_uri_options(parse_argv([span("root@db?ssl-mode=DISABLED"), span("x@y?ssl-mode=REQUIRED")]))
    assert [o.text for o in opts if o.name == "ssl-mode"] == ["DISABLED"]
    assert [o.name for o in opts].count(OPERAND) == 2


def test_the_connection_takes_the_uri_host_mode_and_ca() -> None:
    (conn,) = resolve("admin@db.example.com?ssl-mode=VERIFY_IDENTITY&ssl-ca=%2Fetc%2Fca.pem")
    assert (conn.mode, conn.host, conn.loopback) == (TlsMode.VERIFY_IDENTITY, "db.example.com", False)
    assert [f.value for f in conn.facts if f.kind is FactKind.TRUST_ANCHOR] == ["/etc/ca.pem"]
    # Before the URI was read, the host was taken to be the local socket.
    (plain,) = resolve("admin@db.example.com")
    assert (plain.host, plain.loopback, plain.mode) == ("db.example.com", False, TlsMode.PREFERRED)


def test_uri_password_is_a_credential_and_a_later_option_is_read_after_the_uri() -> None:
    (conn,) = resolve("--uri=root:hunter2@db.example.com?ssl-mode=REQUIRED", "--ssl-mode=VERIFY_IDENTITY")
    assert conn.mode is TlsMode.VERIFY_IDENTITY
    assert [f.key for f in conn.facts if f.kind is FactKind.CREDENTIAL] == ["password"]


def test_dynamic_host_and_values_are_unknown() -> None:
    (conn,) = resolve(f"root@{DYNAMIC}?ssl-mode={DYNAMIC}")
    assert conn.host is None and not conn.loopback
    assert conn.mode is TlsMode.UNKNOWN


@given(st.text(alphabet="ab@:/?&=%()[]#-_.\ufffc", max_size=60))
def test_any_text_reads_without_error(text: str) -> None:
    for opt in uri_options(span(text)):
        assert opt.location.path == "deploy.sh"
