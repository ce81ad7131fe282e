"""Backup programs with the clients' TLS options (issue 16, item 5 of the ops gaps):
Percona XtraBackup (MySQL's), mariadb-backup / mariabackup (MariaDB's); they
connect to take a backup (``--backup``) and work on files otherwise.
"""

from __future__ import annotations

import pytest

from connlint.clients import mysql_cli
from connlint.frontends import shell
from connlint.model import Assumptions, CandidateKind, TlsMode


def resolved(line: str) -> list[tuple[str | None, TlsMode]]:
    out = []
    for c in shell.extract("backup.sh", line + "\n").candidates:
        assert c.kind is CandidateKind.MYSQL_CLI
        out += [(x.driver, x.mode) for x in mysql_cli.resolve(c, Assumptions()).connections]
    return out


def test_backup_programs_are_clients() -> None:
    for program in ("xtrabackup", "mariabackup", "mariadb-backup", "/usr/bin/xtrabackup"):
        assert mysql_cli.is_client_program(program)


def test_xtrabackup_is_mysql_family() -> None:
    assert mysql_cli.family_of("xtrabackup", "mariadb") == "mysql"
    assert mysql_cli.family_of("mariabackup", None) == "mariadb"
    assert resolved("xtrabackup --backup --target-dir=/b --host=db.example.com --ssl-mode=VERIFY_CA") == [
        ("xtrabackup", TlsMode.VERIFY_CA)
    ]


def test_mariadb_backup_takes_mariadb_options() -> None:
    assert resolved("mariabackup --backup --target-dir=/b -h db.example.com --skip-ssl") == [
        ("mariabackup", TlsMode.DISABLED)
    ]
    line = "mariadb-backup --backup --target-dir=/b -h db.example.com --ssl-verify-server-cert"
    assert resolved(line) == [("mariadb-backup", TlsMode.VERIFY_IDENTITY)]


@pytest.mark.parametrize(
    "line",
    [
        "xtrabackup --prepare --target-dir=/b --ssl-mode=DISABLED",
        "xtrabackup --copy-back --target-dir=/b",
        "mariadb-backup --prepare --target-dir=/b --skip-ssl",
        "mariabackup --decompress --target-dir=/b",
    ],
)
def test_without_backup_no_connection(line: str) -> None:
    assert resolved(line) == []
