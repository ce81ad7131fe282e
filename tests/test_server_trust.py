"""CL403 (checks/server_trust.py): the join of clients and declared servers, at run level only."""

from __future__ import annotations

from pathlib import Path

import pytest

from connlint.checks import run_checks
from connlint.checks.findings import FileFacts
from connlint.config import Config
from connlint.engine import run
from connlint.model import Connection, Decision, Location, Server, TlsMode, Trust, TrustKind

AT = Location("svc/app.properties", 1, 1, 1, 10)
HOST = "orders.c1x2y3z4.us-east-1.rds.amazonaws.com"


def conn(trust: str, mode: TlsMode = TlsMode.VERIFY_IDENTITY, host: str = HOST) -> Connection:
    return Connection(
        "MySQL Connector/J",
        AT,
        mode,
        Decision.EXPLICIT,
        AT,
        host=host,
        trust=Trust(TrustKind.CA_FILE, trust, AT),
    )


def server(ca: str | None = "rds-ca-ecc384-g1", region: str | None = "us-east-1") -> Server:
    return Server(
        "terraform", "aws_db_instance", "aws_db_instance.orders", AT, "orders", region=region, ca=ca
    )


def cl403(*conns: Connection, servers: list[Server], run_level: bool = True) -> list[str]:
    facts = FileFacts("", list(conns), servers=servers, run_level=run_level)
    return [f.message for f in run_checks(facts, frozenset({"CL403"}))]


def test_only_at_run_level() -> None:
    # A file that declares its own server and connects to it is joined once, by the run-level stage.
    assert cl403(conn("rds-ca-2019-root.pem"), servers=[server()], run_level=False) == []
    assert len(cl403(conn("rds-ca-2019-root.pem"), servers=[server()])) == 1


def test_names_the_missing_root() -> None:
    (message,) = cl403(conn("certs/rds-ca-rsa2048-g1.pem"), servers=[server()])
    assert "`Amazon RDS us-east-1 Root CA ECC384 G1`" in message and "RSA2048 roots only" in message


@pytest.mark.parametrize(
    ("connection", "servers"),
    [
        (conn("rds-ca-2019-root.pem", mode=TlsMode.REQUIRED), [server()]),  # does not verify
        (conn("global-bundle.pem"), [server()]),  # holds it
        (conn("company.pem"), [server()]),  # not known
        (conn("rds-ca-2019-root.pem"), [server(ca=None)]),  # the account default: not known
        (conn("rds-ca-2019-root.pem"), [server(region="eu-west-1")]),  # another region's server
        (conn("rds-ca-2019-root.pem", host="localhost"), [server()]),  # not an RDS endpoint
    ],
)
def test_no_finding(connection: Connection, servers: list[Server]) -> None:
    assert cl403(connection, servers=servers) == []


def test_across_files_of_a_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\n'
        'resource "aws_db_instance" "orders" {\n  identifier = "orders"\n  engine = "mysql"\n'
        '  ca_cert_identifier = "rds-ca-ecc384-g1"\n}\n'
    )
    (tmp_path / "app.sh").write_text(
        f"mysql --ssl-mode=VERIFY_CA --ssl-ca=/etc/ssl/rds-ca-2019-root.pem -h {HOST}\n"
    )
    monkeypatch.chdir(tmp_path)
    found = [f for f in run([Path(".")], Config(), jobs=1).findings if f.rule == "CL403"]
    assert [(f.location.path, f.location.line) for f in found] == [("app.sh", 1)]
    # One file alone has no server to join: nothing.
    assert not [f for f in run([Path("app.sh")], Config(), jobs=1).findings if f.rule == "CL403"]
