"""Option-file groups read with the command line's semantics."""

from __future__ import annotations

from connlint.clients import option_file as client
from connlint.frontends import option_file
from connlint.model import Assumptions, Connection, FactKind, TlsMode


def conns(text: str, family: str | None = None) -> list[Connection]:
    out = []
    for cand in option_file.extract("my.cnf", text).candidates:
        out.extend(client.resolve(cand, Assumptions(mysql_client_family=family)).connections)
    return out


def test_ssl_ca_in_client_group_implies_verify_ca() -> None:
    (c,) = conns("[client]\nssl-ca=/etc/rds/global-bundle.pem\n", "mysql")
    assert c.mode is TlsMode.VERIFY_CA and c.decided_at.line == 2


def test_explicit_mode_drops_the_ca() -> None:
    (c,) = conns("[client]\nssl_mode = REQUIRED\nssl-ca=/x.pem\n")
    assert c.mode is TlsMode.REQUIRED
    assert FactKind.INEFFECTIVE in {f.kind for f in c.facts}


def test_skip_ssl_without_value() -> None:
    (c,) = conns("[mysql]\nskip-ssl\n", "mysql")
    assert FactKind.DEPRECATED in {f.kind for f in c.facts}


def test_mariadb_group_is_mariadb() -> None:
    (c,) = conns("[client-mariadb]\nskip-ssl\n")
    assert c.mode is TlsMode.DISABLED and FactKind.DEPRECATED not in {f.kind for f in c.facts}


def test_password_is_a_credential_and_host_not_assumed_local() -> None:
    (c,) = conns("[client]\npassword=s3cret\n")
    assert FactKind.CREDENTIAL in {f.kind for f in c.facts}
    assert not c.loopback


def test_server_group_is_no_connection() -> None:
    assert conns("[mysqld]\nssl-mode=DISABLED\n") == []
