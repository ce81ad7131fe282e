from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connlint.frontends.ansible_mysql import module_name, split_args
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


def test_other_modules_are_not_read() -> None:
    assert python("- debug:\n    msg: mysql_db\n- debug: msg='mysql_db ca_cert=/x'\n") == []


def test_free_form_arguments_read_like_the_mapping() -> None:
    text = (
        "- mysql_db: name=app login_host=db.example.com login_password='p w' "
        'ca_cert="/etc/ca.pem" check_hostname=yes\n'
        "- community.mysql.mysql_user: >-\n"
        "    name=app login_host={{ db_host }}\n"
        "    ca_cert=/certs/{{ region }}.pem check_hostname=NO\n"
    )
    first, second = python(text)
    assert settings(first) == {
        "host": "db.example.com",
        "password": Secret("p w"),
        "ssl.ca": "/etc/ca.pem",
        "ssl.check_hostname": "True",
    }
    assert settings(second) == {
        "host": None,
        "ssl.ca": f"/certs/{DYNAMIC}.pem",
        "ssl.check_hostname": "False",
    }
    ca = next(s for s in first.settings if s.key == "ssl.ca")
    assert ca.value_span is not None
    where = ca.value_span.locate()
    assert (where.line, where.column, where.end_column) == (1, 78, 89)  # inside the quotes
    assert text.splitlines()[0][where.column - 1 : where.end_column - 1] == "/etc/ca.pem"
    second_ca = next(s for s in second.settings if s.key == "ssl.ca")
    assert second_ca.location.line == 4 and second_ca.location.column == 5


def test_args_and_action_forms() -> None:
    text = (
        "- mysql_query: query='SELECT 1' ca_cert=/own.pem\n"
        "  args:\n"
        "    login_host: db.example.com\n"
        "    ca_cert: /args.pem\n"
        "- action: community.mysql.mysql_info login_host=info-db ca_cert=/ca.pem\n"
        "- local_action:\n"
        "    module: mysql_variables\n"
        "    login_host: vars-db\n"
        "    check_hostname: 'off'\n"
        "- action: debug msg=mysql_db\n"
    )
    own, action, local = python(text)
    # the module's own free-form options win over args
    assert settings(own) == {"host": "db.example.com", "ssl.ca": "/own.pem"}
    assert settings(action) == {"host": "info-db", "ssl.ca": "/ca.pem"}
    assert settings(local) == {"host": "vars-db", "ssl.check_hostname": "False"}


@pytest.mark.parametrize(
    "arguments",
    [
        "name=x ca_cert='/unclosed.pem",
        "name=x login_host={{ host",
        'name=x ca_cert="/a.pem',
    ],
)
def test_arguments_ansible_cannot_parse_open_no_connection(arguments: str) -> None:
    assert python(f"- mysql_db: {arguments}\n") == []


def test_bare_words_and_escaped_equals_are_not_options() -> None:
    (c,) = python("- mysql_db: name=x ca\\=cert login_host=h bare\n")
    assert settings(c) == {"host": "h"}


@given(st.text(alphabet=" ='\"{}%#\\\nabc", max_size=60))
def test_any_free_form_string_is_read_without_error(arguments: str) -> None:
    words = split_args(arguments)
    if words is not None:
        assert all(0 <= a < b <= len(arguments) for a, b in words)
    text = "- mysql_db: " + yaml_quote(arguments) + "\n"
    extract("t.yml", text)


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


def yaml_quote(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text)
