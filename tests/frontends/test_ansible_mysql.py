from __future__ import annotations

import pytest

from connlint.frontends.ansible_mysql import module_name
from connlint.frontends.yaml import extract
from connlint.model import DYNAMIC, Candidate, CandidateKind, Secret


def python(text: str) -> list[Candidate]:
    return [c for c in extract("tasks.yml", text).candidates if c.kind is CandidateKind.PYTHON]


def settings(c: Candidate) -> dict[str, object]:
    return {s.key: s.value for s in c.settings}


@pytest.mark.parametrize(
    "key, module",
    [
        ("mysql_db", "mysql_db"),
        ("community.mysql.mysql_user", "mysql_user"),
        ("community.mysql.mysql_role", "mysql_role"),
        ("mysql_replication", "mysql_replication"),
        ("community.postgresql.postgresql_db", None),
        ("mysql_db_backup", None),
        ("other.mysql.mysql_db", None),
    ],
)
def test_module_names(key: str, module: str | None) -> None:
    assert module_name(key) == module


def test_options_become_pymysql_arguments() -> None:
    text = (
        "- community.mysql.mysql_user:\n"
        "    name: app\n"
        "    login_host: db.example.com\n"
        "    login_port: 3306\n"
        "    login_password: pw\n"
        "    ssl_ca: /ca.pem\n"
        "    client_cert: /c.pem\n"
        "    ssl_key: /k.pem\n"
        "    check_hostname: no\n"
    )
    (c,) = python(text)
    assert c.driver == "pymysql"
    assert settings(c) == {
        "host": "db.example.com",
        "port": "3306",
        "password": Secret("pw"),
        "ssl.ca": "/ca.pem",
        "ssl.cert": "/c.pem",
        "ssl.key": "/k.pem",
        "ssl.check_hostname": "False",
    }
    assert [h.label for h in c.trail] == ["via Ansible community.mysql.mysql_user"]


def test_default_host_jinja_and_merge_keys() -> None:
    text = (
        "- hosts: all\n"
        "  vars:\n"
        "    params: &p\n"
        "      login_host: '{{ db_host }}'\n"
        "      login_password: '{{ vault_pw }}'\n"
        "  tasks:\n"
        "    - mysql_query:\n"
        "        <<: *p\n"
        "        ca_cert: '/certs/{{ region }}-bundle.pem'\n"
        "        query: SELECT 1\n"
        "    - mysql_info:\n"
        "        filter: version\n"
    )
    first, second = python(text)
    values = settings(first)
    assert values["host"] is None and values["password"] is None
    assert values["ssl.ca"] == f"/certs/{DYNAMIC}-bundle.pem"
    assert settings(second) == {"host": "localhost"}


def test_dump_and_import_run_the_command_line_clients() -> None:
    text = "- mysql_db:\n    name: x\n    state: import\n    target: /x.sql\n    ca_cert: /ca.pem\n"
    cli = [c for c in extract("t.yml", text).candidates if c.kind is CandidateKind.MYSQL_CLI]
    assert [[w.text for w in c.argv] for c in cli] == [["mysql", "--host=localhost", "--ssl-ca=/ca.pem"]]
    assert len(python(text)) == 1


def test_free_form_and_other_modules_are_not_read() -> None:
    assert python("- mysql_db: name=x ca_cert=/ca.pem\n- debug:\n    msg: mysql_db\n") == []


def test_module_defaults_apply_to_the_tasks_of_their_block() -> None:
    text = (
        "- module_defaults:\n"
        "    community.mysql.mysql_db: &d\n"
        "      login_host: db.example.com\n"
        "      ca_cert: /ca.pem\n"
        "    community.mysql.mysql_query: *d\n"
        "  block:\n"
        "    - community.mysql.mysql_query:\n"
        "        query: SELECT 1\n"
        "    - mysql_user:\n"
        "        name: x\n"
    )
    query, user = python(text)
    assert settings(query) == {"host": "db.example.com", "ssl.ca": "/ca.pem"}
    assert settings(user) == {"host": "localhost"}
