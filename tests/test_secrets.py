"""No output ever contains a secret (issue 8, DESIGN "Output contracts").

A generated password is placed in every place a credential can stand (JDBC
URL userinfo and ``password=``, ``trustCertificateKeyStorePassword=``, mysql
``-p``/``--password=``, ``keytool -storepass``, ``-Djavax.net.ssl.trustStorePassword=``,
Python ``password=``, Spring properties and YAML, ``DriverManager.getConnection``,
an option file, a ``.env`` file, a Kubernetes env var, an Ansible task, a URL
inside ``JAVA_OPTS``) and must not appear in any format: concise, full (with the
source snippet), json, sarif, github, and the inventory as table, json, csv and
markdown.  The same holds for every password literal of the fixtures.

Runs in-process (engine.run + reporters) to stay fast.
"""

from __future__ import annotations

import json
import re
import string
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connlint.config import Config
from connlint.engine import Report, run
from connlint.model import FactKind, Secret
from connlint.reporters import REPORTER_BY_NAME, RenderOptions
from connlint.reporters.inventory import render_inventory

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
ALL = Config(select=("ALL",))
HOST = "db.example.com"

#: form -> (file name, content with the password put in).
FORMS: dict[str, Callable[[str], tuple[str, str]]] = {
    "jdbc-userinfo": lambda pw: (
        "application.properties",
        f"spring.datasource.url=jdbc:mysql://app:{pw}@{HOST}/app?sslMode=REQUIRED\n",
    ),
    "jdbc-password-query": lambda pw: (
        "Query.java",
        "class Query { void m() throws Exception {\n"
        f'  java.sql.DriverManager.getConnection("jdbc:mysql://{HOST}/app?user=app&password={pw}&sslMode=DISABLED");\n'
        "}}\n",
    ),
    "jdbc-truststore-password": lambda pw: (
        "app.yml",
        f"spring:\n  datasource:\n    url: jdbc:mysql://{HOST}/app?sslMode=VERIFY_CA"
        f"&trustCertificateKeyStoreUrl=file:/etc/t.jks&trustCertificateKeyStorePassword={pw}\n",
    ),
    "getConnection-argument": lambda pw: (
        "Conn.java",
        "class Conn { void m() throws Exception {\n"
        f'  java.sql.DriverManager.getConnection("jdbc:mysql://{HOST}/app?sslMode=DISABLED",'
        f' "app", "{pw}");\n'
        "}}\n",
    ),
    "mysql-p": lambda pw: (
        "backup.sh",
        f"#!/bin/sh\nmysqldump -uapp -p{pw} -h {HOST} --ssl-mode=REQUIRED app\n",
    ),
    "mysql-password": lambda pw: ("load.sh", f"#!/bin/sh\nmysql --password={pw} -h {HOST} app < x.sql\n"),
    "keytool-storepass": lambda pw: (
        "trust.sh",
        f"keytool -importcert -noprompt -keystore ts.jks -file ca.pem -storepass {pw}\n",
    ),
    "jvm-truststore-password": lambda pw: (
        "run.sh",
        "mysql -h db.example.com --ssl-mode=VERIFY_CA -e 'select 1'\n"  # a MySQL client in scope
        f"java -Djavax.net.ssl.trustStore=/etc/t.jks -Djavax.net.ssl.trustStorePassword={pw} -jar app.jar\n",
    ),
    "python-password": lambda pw: (
        "db.py",
        "import pymysql\n"
        f'c = pymysql.connect(host="{HOST}", user="app", password="{pw}", ssl_disabled=True)\n',
    ),
    "spring-password": lambda pw: (
        "app.properties",
        f"spring.datasource.url=jdbc:mysql://{HOST}/app?sslMode=REQUIRED\nspring.datasource.password={pw}\n",
    ),
    "option-file-password": lambda pw: (
        "my.cnf",
        f"[client]\nhost={HOST}\npassword={pw}\nssl-mode=REQUIRED\n",
    ),
    "mysql-pwd-variable": lambda pw: ("ping.sh", f"MYSQL_PWD={pw} mysqladmin -h {HOST} ping\n"),
    "dotenv-password": lambda pw: (
        "app.env",
        f"SPRING_DATASOURCE_URL=jdbc:mysql://{HOST}/app?sslMode=REQUIRED\nSPRING_DATASOURCE_PASSWORD='{pw}'\n",
    ),
    "kubernetes-env-password": lambda pw: (
        "pod.yaml",
        "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      image: x\n      env:\n"
        f"        - name: SPRING_DATASOURCE_URL\n          value: jdbc:mysql://{HOST}/app?sslMode=REQUIRED\n"
        f"        - name: SPRING_DATASOURCE_PASSWORD\n          value: {pw}\n",
    ),
    "ansible-mysql-p": lambda pw: (
        "site.yml",
        f"- hosts: db\n  tasks:\n    - shell: mysql -h {HOST} -uapp -p{pw} --ssl-mode=DISABLED -e 'q'\n",
    ),
    "embedded-url-password": lambda pw: (
        "docker-compose.yml",
        "services:\n  app:\n    environment:\n"
        f'      JAVA_OPTS: "-Dspring.datasource.url=jdbc:mysql://app:{pw}@{HOST}/app?useSSL=false"\n',
    ),
}

#: Marked so that a password never occurs in output by chance.
PASSWORDS = st.text(alphabet=string.ascii_letters + string.digits, min_size=8, max_size=20).map(
    lambda s: "Pw" + s
)
PUNCTUATED = st.text(alphabet=string.ascii_letters + string.digits + "-_.~", min_size=8, max_size=20).map(
    lambda s: "Pw" + s + "Z"
)


def outputs(report: Report) -> Iterator[tuple[str, str]]:
    """Every rendering of ``report`` (the SARIF rule catalog left out: its help
    text quotes example passwords on purpose), plus the notifications."""
    options = RenderOptions(include_suppressed=True, statistics=True)
    for name, reporter in REPORTER_BY_NAME.items():
        text = reporter(report, options)
        if name == "sarif":
            doc = json.loads(text)
            doc["runs"][0]["tool"] = {}
            text = json.dumps(doc, ensure_ascii=False)
        yield name, text
    for fmt in ("table", "json", "csv", "markdown"):
        yield f"inventory-{fmt}", render_inventory(report, fmt)
    yield "notifications", "\n".join(f"{n.path}: {n.message}" for n in report.notifications)


def lint(files: dict[str, str]) -> Report:
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in files.items():
            (Path(tmp) / name).write_text(text, encoding="utf-8")
        report = run([Path(tmp)], ALL, jobs=1)
    return report


def assert_hidden(report: Report, secrets: set[str]) -> None:
    for name, text in outputs(report):
        for secret in secrets:
            assert secret not in text, f"{secret!r} leaks in {name}:\n{text}"


@pytest.mark.parametrize("form", sorted(FORMS))
def test_each_form_is_recognised_as_a_credential(form: str) -> None:
    name, text = FORMS[form]("PwSanity1234")
    report = lint({name: text})
    assert any(f.rule == "CL301" for f in report.findings), (form, report.findings, report.notifications)


@pytest.mark.parametrize("form", sorted(FORMS))
@settings(max_examples=30)
@given(password=PASSWORDS)
def test_generated_password_never_appears(form: str, password: str) -> None:
    name, text = FORMS[form](password)
    assert_hidden(lint({name: text}), {password})


@settings(max_examples=30)
@given(password=PUNCTUATED)
def test_punctuated_password_never_appears_anywhere(password: str) -> None:
    files = dict(FORMS[form](password) for form in FORMS)
    assert_hidden(lint(files), {password})


# -- every password literal of the fixtures -----------------------------------------

_VALUE = r"""["']?\s*[=:]\s*["']?([^"'\s&;,)}<>]+)"""
_SECRET_PATTERNS = (
    re.compile(r"(?i)(?:password|passwd|pwd|storepass|keypass)" + _VALUE),
    re.compile(r"""(?i)(?:password|passwd)["']\s*,\s*["']([^"']+)["']"""),
    re.compile(r"""(?:^|[\s"'])-p([^\s"']+)"""),
    re.compile(r"""-storepass\s+["']?([^\s"']+)"""),
    re.compile(r"""://[^:/@\s"']+:([^@/\s"']+)@"""),
    re.compile(r"""getConnection\([^,]+,\s*"[^"]*",\s*"([^"]+)"\)"""),
)
_CLIENTS = re.compile(r"mysql|mariadb|keytool|-uroot|-u\s*\w", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"[${}%*<(\[]|^env$|^env:|^file:")
# Also a user name (``-uroot -proot``) that outputs may show as such.
_NOT_ONLY_SECRETS = frozenset({"root"})


def fixture_secrets() -> set[str]:
    """Password literals written in the fixtures (grep; over-approximate)."""
    found: set[str] = set()
    for path in FIXTURES.rglob("*"):
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            for i, pattern in enumerate(_SECRET_PATTERNS):
                if i == 2 and not _CLIENTS.search(line):  # -p: mysql command lines only
                    continue
                for value in pattern.findall(line):
                    value = value.strip("\"'")
                    if len(value) >= 4 and not _PLACEHOLDER.search(value):
                        found.add(value)
    return found


def test_no_fixture_password_appears_in_any_output() -> None:
    report = run([FIXTURES], ALL, jobs=1)
    secrets = fixture_secrets()
    facts = [f for c in report.connections for f in c.facts if f.kind is FactKind.CREDENTIAL]
    secrets |= {f.value.reveal() for f in facts if isinstance(f.value, Secret) and len(f.value.reveal()) >= 4}
    secrets -= _NOT_ONLY_SECRETS
    assert len(secrets) >= 5, secrets  # the fixtures do hold passwords
    assert_hidden(report, secrets)
