"""CI front-end: run blocks, GitLab scripts, compose commands, exact lines."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from connlint import project
from connlint.frontends import ci
from connlint.frontends import yaml as yaml_frontend
from connlint.model import DYNAMIC, Candidate, CandidateKind


def cands(
    text: str, path: str = ".github/workflows/x.yml", client: CandidateKind = CandidateKind.MYSQL_CLI
) -> list[Candidate]:
    return [c for c in ci.extract(path, text).candidates if c.kind is client]


def at(text: str, word: str, path: str = ".github/workflows/x.yml") -> tuple[int, int]:
    for c in cands(text, path):
        for w in c.argv:
            if w.text == word:
                return w.locate().line, w.locate().column
    raise AssertionError(word)


GHA = """\
jobs:
  t:
    steps:
      - run: mysql -h db --ssl-mode=REQUIRED
      - run: |
          echo "use --ssl-mode=REQUIRED"
          mysql -h db \\
            --skip-ssl -p"${{ secrets.P }}"
      - shell: pwsh
        run: mysql --skip-ssl
"""


def test_github_run_blocks_with_exact_lines() -> None:
    assert at(GHA, "--ssl-mode=REQUIRED") == (4, 26)
    assert at(GHA, "--skip-ssl") == (8, 13)
    assert len(cands(GHA)) == 2  # the pwsh step is not shell


def test_github_expression_password_is_not_literal() -> None:
    argv = [w.text for c in cands(GHA) for w in c.argv]
    assert any(w.startswith("-p") and DYNAMIC in w for w in argv)


def test_github_defaults_shell_applies_to_steps_without_their_own() -> None:
    text = (
        "defaults:\n  run:\n    shell: pwsh\n"
        "jobs:\n"
        "  a:\n    steps:\n      - run: mysql -h a --skip-ssl\n"
        "      - shell: bash\n        run: mysql -h b --skip-ssl\n"
        "  b:\n    defaults:\n      run:\n        shell: bash -e {0}\n"
        "    steps:\n      - run: mysql -h c --skip-ssl\n"
        "  c:\n    defaults:\n      run:\n        shell: python\n"
        "    steps:\n      - run: |\n          import os\n"
        "          x = f(\n            ${{ a }}\n          )\n"
    )
    hosts = sorted(w.text for c in cands(text) for w in c.argv if w.text in ("a", "b", "c"))
    assert hosts == ["b", "c"]
    assert ci.extract(".github/workflows/ci.yml", text).notifications == []


def test_gitlab_script_lists() -> None:
    text = (
        "job:\n  before_script:\n    - mysql -h a --skip-ssl\n"
        "  script:\n    - mysql -h b --ssl-mode=DISABLED\n"
    )
    assert at(text, "--skip-ssl", ".gitlab-ci.yml") == (3, 18)
    assert at(text, "--ssl-mode=DISABLED", ".gitlab-ci.yml") == (5, 18)


def test_compose_command_entrypoint_healthcheck() -> None:
    text = (
        "services:\n  db:\n    healthcheck:\n"
        '      test: ["CMD", "mysqladmin", "ping", "--ssl-mode=DISABLED"]\n'
        '  app:\n    command: ["sh", "-c", "mysql --skip-ssl"]\n'
        "  job:\n    entrypoint: mysql -h db --ssl-mode=REQUIRED\n"
    )
    assert at(text, "--ssl-mode=DISABLED", "compose.yml") == (4, 44)
    assert at(text, "--skip-ssl", "compose.yml") == (6, 34)
    assert at(text, "--ssl-mode=REQUIRED", "compose.yml") == (8, 29)


def test_compose_entrypoint_and_command_are_one_argv() -> None:
    # Compose passes `command` to `entrypoint` as its arguments.
    text = (
        "services:\n"
        '  a:\n    entrypoint: ["/bin/sh", "-c"]\n    command: ["mysql -h db --ssl-mode=DISABLED"]\n'
        '  b:\n    entrypoint: /usr/bin/mysql\n    command: ["-h", "db", "--ssl-mode=VERIFY_CA"]\n'
    )
    found = sorted(cands(text, "compose.yml"), key=lambda c: c.location.line)
    assert [[w.text for w in c.argv] for c in found] == [
        ["mysql", "-h", "db", "--ssl-mode=DISABLED"],
        ["/usr/bin/mysql", "-h", "db", "--ssl-mode=VERIFY_CA"],
    ]
    assert at(text, "--ssl-mode=DISABLED", "compose.yml") == (4, 28)
    assert at(text, "--ssl-mode=VERIFY_CA", "compose.yml") == (7, 28)


def test_where_commands_run_is_their_context() -> None:
    from connlint.clients.client_context import context_of

    compose = (
        "services:\n  a:\n    image: mysql:5.7\n    command: mysql -h db --ssl\n"
        '  b:\n    image: mariadb:10.6\n    healthcheck:\n      test: ["CMD", "mariadb", "-h", "db"]\n'
    )
    found = sorted(cands(compose, "compose.yml"), key=lambda c: c.location.line)
    contexts = [context_of(c.settings) for c in found]
    assert [(c.family, c.version) for c in contexts if c] == [("mysql", "5.7"), ("mariadb", "10.6")]
    workflow = (
        "jobs:\n  t:\n    container: mysql:8.0\n    steps:\n"
        "      - run: mysql -h db --ssl-mode=REQUIRED\n"
        "      - run: sudo apt-get install -y mariadb-client\n"
        "      - run: mysql -h db --ssl\n"
    )
    contexts = [context_of(c.settings) for c in sorted(cands(workflow), key=lambda c: c.location.line)]
    assert [(c.family, c.version) for c in contexts if c] == [("mysql", "8.0"), ("mariadb", None)]


def test_yaml_candidates_are_merged() -> None:
    text = "env:\n  DB_URL: jdbc:mysql://db/app?sslMode=DISABLED\n"
    assert cands(text, client=CandidateKind.JDBC)


def test_bad_yaml_is_a_notification() -> None:
    assert ci.extract(".gitlab-ci.yml", "a: [\n").notifications


@given(st.text(max_size=200))
def test_never_raises(text: str) -> None:
    ci.extract(".gitlab-ci.yml", text)


def test_github_script_input_is_javascript_not_shell() -> None:
    from connlint.frontends.ci import extract

    text = (
        "jobs:\n  a:\n    steps:\n      - uses: actions/github-script@v6\n        with:\n"
        "          script: |\n            mysql --ssl-mode=DISABLED -h db.example.com\n"
        "      - run: mysql --ssl-mode=DISABLED -h db.example.com\n"
    )
    out = extract(".github/workflows/ci.yml", text)
    assert [c.location.line for c in out.candidates] == [8]
    assert not out.notifications
    # In GitLab CI, script: is shell.
    gitlab = extract(".gitlab-ci.yml", "job:\n  script:\n    - mysql --ssl-mode=DISABLED -h db.example.com\n")
    assert [c.location.line for c in gitlab.candidates] == [3]


ANSIBLE = """\
- hosts: db
  tasks:
    - name: free form
      shell: mysql -h {{ host }} -p{{ pw }} --ssl-mode=DISABLED
    - name: cmd
      ansible.builtin.command:
        cmd: mysql -h db --skip-ssl
    - name: not a command module
      debug:
        msg: mysql -h db --skip-ssl
"""


def test_ansible_command_modules_with_jinja_values() -> None:
    result = yaml_frontend.extract("site.yml", ANSIBLE)
    found = sorted(
        (c for c in result.candidates if c.kind is CandidateKind.MYSQL_CLI), key=lambda c: c.location
    )
    argvs = [[w.text for w in c.argv] for c in found]
    assert len(argvs) == 2
    assert argvs[0][0] == "mysql" and DYNAMIC in argvs[0][2] and DYNAMIC in argvs[0][3]
    assert argvs[1] == ["mysql", "-h", "db", "--skip-ssl"]
    first = found[0]
    assert first.argv[-1].locate().line == 4 and first.argv[-1].locate().column == 45


def test_a_mapping_root_is_not_ansible() -> None:
    text = "steps:\n  - shell: mysql -h db --skip-ssl\n"
    assert [
        c for c in yaml_frontend.extract("x.yml", text).candidates if c.kind is CandidateKind.MYSQL_CLI
    ] == []


K8S = """\
apiVersion: batch/v1
kind: Job
spec:
  template:
    spec:
      containers:
        - name: load
          image: mysql:8.4
          command: [mysql]
          args: [-h, db, --ssl-mode=DISABLED]
        - name: only-args
          image: mysql:8.4
          args: [-h, db, --skip-ssl]
"""


def test_kubernetes_container_command_and_args_are_one_argv() -> None:
    found = [
        c for c in yaml_frontend.extract("job.yaml", K8S).candidates if c.kind is CandidateKind.MYSQL_CLI
    ]
    # Only args: the image's entrypoint runs them, which is not known here.
    assert [[w.text for w in c.argv] for c in found] == [["mysql", "-h", "db", "--ssl-mode=DISABLED"]]
    assert found[0].argv[-1].locate().line == 10


def test_kubernetes_spring_env_var_binds_like_compose() -> None:
    text = (
        "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      env:\n"
        "        - name: SPRING_DATASOURCE_URL\n          value: jdbc:mysql://db/app\n"
        "        - name: SPRING_DATASOURCE_PASSWORD\n          value: pw1\n"
    )
    (c,) = yaml_frontend.extract("pod.yaml", text).candidates
    assert [(s.key, s.location.line) for s in c.settings] == [("password", 10)]


CONFIG_MAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ template "backup.fullname" . }}
data:
  backup.sh: |-
    #!/bin/sh
    {{ if .Values.debug }}
    set -ex
    {{ end }}
    mysqldump -h ${MYSQL_HOST} -u ${MYSQL_USER}{{ if .Values.password }} -p${MYSQL_PASSWORD}{{ end }} \\
      --ssl-mode=DISABLED app
  run: |
    #!/usr/bin/env bash
    mysql -h db --ssl-mode=REQUIRED
  notes.txt: |
    mysql -h db --ssl-mode=VERIFY_CA
"""


def test_config_map_scripts_are_shell_with_helm_actions_unknown() -> None:
    found = [
        c
        for c in yaml_frontend.extract("templates/cm.yaml", CONFIG_MAP).candidates
        if c.kind is CandidateKind.MYSQL_CLI
    ]
    assert [[w.text for w in c.argv][-1] for c in found] == ["app", "--ssl-mode=REQUIRED"]
    dump = found[0]
    assert [w.text.strip(DYNAMIC) for w in dump.argv][1:5] == ["-h", "", "-u", ""]
    assert dump.argv[-2].locate().line == 12  # located in the file
    assert not any(
        n.message.startswith("shell")
        for n in yaml_frontend.extract("templates/cm.yaml", CONFIG_MAP).notifications
    )


def test_config_map_script_of_a_chart_that_is_yaml_only_once_masked() -> None:
    text = CONFIG_MAP.replace("metadata:\n", "metadata:\n  labels: {{ .Release.Name }}-script\n")
    assert yaml_frontend._extract("templates/cm.yaml", text).notifications  # not YAML as written
    found = [
        c
        for c in yaml_frontend.extract("templates/cm.yaml", text).candidates
        if c.kind is CandidateKind.MYSQL_CLI
    ]
    assert [[w.text for w in c.argv][-1] for c in found] == ["app", "--ssl-mode=REQUIRED"]
    assert [w.text.strip(DYNAMIC) for w in found[0].argv][1:6] == ["-h", "", "-u", "", "-p"]
    notes = yaml_frontend.extract("templates/cm.yaml", text).notifications
    assert not any(n.message.startswith("shell") for n in notes)


def test_only_config_maps_hold_scripts() -> None:
    text = CONFIG_MAP.replace("kind: ConfigMap", "kind: Secret")
    assert not [
        c
        for c in yaml_frontend.extract("templates/s.yaml", text).candidates
        if c.kind is CandidateKind.MYSQL_CLI
    ]


def test_compose_bind_mounts_of_default_option_files(tmp_path: Path) -> None:
    # Issue 16, items 13-14: the repository's file where the image's clients read it.
    (tmp_path / ".git").mkdir()
    (tmp_path / "c.cnf").write_text("[client]\nssl-mode = VERIFY_CA\n")
    path = str(tmp_path / "compose.yml")

    def words(volumes: str) -> list[str]:
        text = f"services:\n  db:\n    command: mysql -h db\n    volumes:\n{volumes}"
        with project.using(project.Project()):
            (c,) = cands(text, path)
        return [w.text for w in c.argv]

    assert words("      - ./c.cnf:/etc/mysql/conf.d/c.cnf:ro\n") == [
        "mysql",
        "--ssl-mode=VERIFY_CA",
        "-h",
        "db",
    ]
    long = "      - type: bind\n        source: ./c.cnf\n        target: /etc/mysql/my.cnf\n"
    assert words(long) == ["mysql", "--ssl-mode=VERIFY_CA", "-h", "db"]
    for volume in (
        "      - c.cnf:/etc/mysql/conf.d/c.cnf\n",  # a named volume
        "      - ./c.cnf:/opt/c.cnf\n",  # not read by default
        "      - ./missing.cnf:/etc/my.cnf\n",  # not in the repository
        "      - type: volume\n        source: ./c.cnf\n        target: /etc/my.cnf\n",
    ):
        assert words(volume) == ["mysql", "-h", "db"], volume
