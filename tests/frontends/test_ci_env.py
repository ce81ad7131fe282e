"""The environment CI, compose, Kubernetes and Ansible files give their commands
(issue 16): GitHub ``env:``, compose ``environment:`` with ``$$``, Kubernetes
``env:`` with ``$(VAR)``, Ansible ``environment:``.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from connlint.frontends import ci
from connlint.frontends import yaml as yaml_frontend
from connlint.frontends.ci_env import unescape
from connlint.frontends.spring import Located
from connlint.model import DYNAMIC, Candidate, CandidateKind


def clients(text: str, path: str) -> list[Candidate]:
    extract = yaml_frontend.extract if path.endswith(("job.yaml", "tasks.yml")) else ci.extract
    found = [c for c in extract(path, text).candidates if c.kind is CandidateKind.MYSQL_CLI]
    return sorted(found, key=lambda c: (c.location.line, c.location.column))


def option(c: Candidate, prefix: str = "--ssl-mode") -> str:
    return next(w.text for w in c.argv if w.text.startswith(prefix))


def hops(c: Candidate) -> list[tuple[int, str]]:
    return [(h.location.line, h.label) for h in c.trail]


WORKFLOW = """\
env:
  TOP: VERIFY_IDENTITY
jobs:
  t:
    env:
      JOB: DISABLED
      OPTS: --ssl-mode=VERIFY_CA --ssl-ca=/ca.pem
    steps:
      - run: mysql -h db --ssl-mode="${STEP:-DISABLED}"
        env:
          STEP: REQUIRED
      - run: mysql -h db --ssl-mode="$JOB"
      - run: mysql -h db --ssl-mode="$JOB"
        env:
          JOB: PREFERRED
      - run: mysql -h db --ssl-mode="$TOP"
      - run: mysql -h db $OPTS
      - run: mysql -h db --ssl-mode="$SECRET"
        env:
          SECRET: ${{ secrets.MODE }}
      - run: JOB=VERIFY_CA; mysql -h db --ssl-mode="$JOB"
"""


def test_github_env_of_workflow_job_and_step_reaches_the_run_script() -> None:
    found = clients(WORKFLOW, ".github/workflows/x.yml")
    assert [option(c) for c in found] == [
        "--ssl-mode=REQUIRED",  # the step's value, not the default
        "--ssl-mode=DISABLED",  # the job's
        "--ssl-mode=PREFERRED",  # the step's wins over the job's
        "--ssl-mode=VERIFY_IDENTITY",  # the workflow's
        "--ssl-mode=VERIFY_CA",
        f"--ssl-mode={DYNAMIC}",  # a secret: not known statically
        "--ssl-mode=VERIFY_CA",  # the script's own assignment wins
    ]
    assert hops(found[0]) == [(11, "via env STEP")]
    assert hops(found[1]) == [(6, "via env JOB")]
    assert hops(found[5]) == [] and hops(found[6]) == []


def test_env_values_that_decide_no_tls_leave_no_hop() -> None:
    text = (
        "env:\n  PW: rootpw\n  HOST: db.example.com\n  MODE: REQUIRED\n"
        "jobs:\n  t:\n    steps:\n"
        '      - run: mysql -h "$HOST" -uroot "-p$PW" --ssl-mode=$MODE -e "select 1"\n'
    )
    (c,) = clients(text, ".github/workflows/x.yml")
    assert hops(c) == [(4, "via env MODE")]
    assert any(w.text == "-prootpw" for w in c.argv)  # the password the workflow writes (redacted in output)


def test_github_env_value_alone_as_words_stands_where_the_env_writes_it() -> None:
    c = clients(WORKFLOW, ".github/workflows/x.yml")[4]
    assert [w.text for w in c.argv[3:]] == ["--ssl-mode=VERIFY_CA", "--ssl-ca=/ca.pem"]
    where = c.argv[3].locate()
    assert (where.line, where.column) == (7, 13)


def test_github_secret_env_may_be_empty_so_the_default_is_an_outcome() -> None:
    text = (
        "jobs:\n  t:\n    steps:\n"
        "      - run: mysql -h db --ssl-mode=${M:-DISABLED}\n        env:\n          M: ${{ secrets.M }}\n"
    )
    default, secret = clients(text, ".github/workflows/x.yml")
    assert option(default) == "--ssl-mode=DISABLED"
    assert [h.label for h in default.trail] == ["via default M = DISABLED"]
    assert option(secret) == f"--ssl-mode={DYNAMIC}"
    assert [h.label for h in secret.trail] == ["via M set at run time"]


def test_github_env_context_expressions_are_the_env_values() -> None:
    text = (
        "env:\n  MODE: DISABLED\n  SECRET: ${{ secrets.M }}\njobs:\n  t:\n    steps:\n"
        "      - run: |\n"
        "          MODE=REQUIRED\n"
        "          mysql -h db --ssl-mode=${{ env.MODE }}\n"
        "          mysql -h db --ssl-mode='${{ env.MODE }}'\n"
        "          mysql -h db --ssl-mode=${{ env.SECRET }}\n"
        "          mysql -h db --ssl-mode=${{ env.UNSET }}\n"
        "          mysql -h db --ssl-mode=${{ vars.MODE }}\n"
    )
    found = clients(text, ".github/workflows/x.yml")
    # GitHub puts the value in before the shell runs: the script's MODE=REQUIRED does not count.
    assert [option(c) for c in found] == [
        "--ssl-mode=DISABLED",
        "--ssl-mode=DISABLED",
        f"--ssl-mode={DYNAMIC}",
        f"--ssl-mode={DYNAMIC}",
        f"--ssl-mode={DYNAMIC}",
    ]
    assert hops(found[0]) == [(2, "via env MODE")] and hops(found[1]) == [(2, "via env MODE")]


def test_gitlab_variables_are_the_environment_and_env_is_not() -> None:
    text = (
        "variables:\n  M: DISABLED\n  R: {value: REQUIRED, description: mode}\n  X: $OTHER\n"
        "t:\n  env:\n    N: DISABLED\n  variables:\n    J: VERIFY_CA\n  script:\n"
        "    - mysql -h db --ssl-mode=$M\n    - mysql -h db --ssl-mode=$N\n"
        "    - mysql -h db --ssl-mode=$J\n    - mysql -h db --ssl-mode=$R\n    - mysql -h db --ssl-mode=$X\n"
    )
    found = clients(text, ".gitlab-ci.yml")
    assert [option(c) for c in found] == [
        "--ssl-mode=DISABLED",  # global variables:
        f"--ssl-mode={DYNAMIC}",  # a key named env: is no GitLab environment
        "--ssl-mode=VERIFY_CA",  # the job's variables:
        "--ssl-mode=REQUIRED",  # {value: …}
        f"--ssl-mode={DYNAMIC}",  # GitLab expands $OTHER: not known here
    ]


def test_gitlab_job_image_and_packages_decide_the_client() -> None:
    from connlint.clients.client_context import context_of

    text = (
        "image: mysql:8.0\n"
        "a:\n  script:\n    - mysql -h db --ssl-mode=REQUIRED\n"
        "b:\n  image: alpine:3.23\n  before_script:\n    - apk add --no-cache mysql-client\n"
        "  script:\n    - mysql -h db -e 'select 1'\n"
        "c:\n  image: debian:12\n  script:\n    - mysql -h db -e 'select 1'\n"
    )
    contexts = [context_of(c.settings) for c in clients(text, ".gitlab-ci.yml")]
    assert [(x.family, x.version) if x else None for x in contexts] == [
        ("mysql", "8.0"),
        ("mariadb", "11.4"),  # the job's image replaces the file's, its package decides
        None,  # an image that is neither: not the file's mysql:8.0
    ]


COMPOSE = """\
services:
  a:
    environment:
      MODE: DISABLED
      HOSTED: ${HOSTED:-REQUIRED}
      PASSED:
    command: >-
      sh -c 'mysql -h db --ssl-mode=$$MODE;
      mysql -h db2 --ssl-mode=$$HOSTED; mysql -h db3 --ssl-mode=$$PASSED'
  b:
    environment:
      - MODE=VERIFY_CA
      - PASSED
    entrypoint: ["/bin/sh", "-c"]
    command: ["mysql -h db --ssl-mode=$$MODE"]
  c:
    environment:
      MODE: DISABLED
    command: mysql -h db --ssl-mode=${MODE:-REQUIRED}
  d:
    environment:
      MODE: REQUIRED
    healthcheck:
      test: ["CMD-SHELL", "mysql -h db --ssl-mode=$$MODE"]
"""


def test_compose_environment_is_what_the_container_shell_reads_as_dollar_dollar() -> None:
    found = clients(COMPOSE, "docker-compose.yml")
    assert [option(c) for c in found] == [
        "--ssl-mode=DISABLED",
        f"--ssl-mode={DYNAMIC}",  # interpolated from the host
        f"--ssl-mode={DYNAMIC}",  # passed from the host
        "--ssl-mode=VERIFY_CA",
        # Compose's own ${MODE:-…}, from the host: the default, or the host's value.
        "--ssl-mode=REQUIRED",
        f"--ssl-mode={DYNAMIC}",
        "--ssl-mode=REQUIRED",
    ]
    assert hops(found[0]) == [(4, "via env MODE")]
    assert hops(found[3]) == [(12, "via env MODE")]
    assert [h.label for h in found[4].trail] == ["via default MODE = REQUIRED"]


K8S = """\
apiVersion: batch/v1
kind: Job
spec:
  template:
    spec:
      containers:
        - name: a
          env:
            - name: MODE
              value: DISABLED
            - name: FROM_SECRET
              valueFrom:
                secretKeyRef: {name: s, key: k}
            - name: BUILT
              value: $(MODE)x
          command: ["sh", "-c"]
          args:
            - mysql -h db --ssl-mode=$MODE; mysql -h db2 --ssl-mode=$FROM_SECRET;
              mysql -h db3 --ssl-mode=$BUILT
        - name: b
          env:
            - name: MODE
              value: VERIFY_CA
          command: ["mysql", "-h", "db", "--ssl-mode=$(MODE)", "--ssl-ca=$(CA)", "--ssl-cipher=$$(MODE)"]
"""


def test_kubernetes_env_reaches_the_shell_and_the_kubelet_references() -> None:
    found = clients(K8S, "job.yaml")
    assert [option(c) for c in found] == [
        "--ssl-mode=DISABLED",
        f"--ssl-mode={DYNAMIC}",
        f"--ssl-mode={DYNAMIC}",
        "--ssl-mode=VERIFY_CA",
    ]
    assert hops(found[0]) == [(10, "via env MODE")]
    assert hops(found[3]) == [(23, "via env MODE")]
    direct = found[3]
    assert option(direct, "--ssl-ca") == f"--ssl-ca={DYNAMIC}"  # not a variable of the container
    assert option(direct, "--ssl-cipher") == "--ssl-cipher=$(MODE)"  # $$ escapes the reference


def test_ansible_task_environment_with_jinja_values() -> None:
    text = (
        "- name: a\n  environment:\n    MODE: DISABLED\n    J: '{{ mode }}'\n"
        "  shell: mysql -h db --ssl-mode=$MODE\n"
        "- name: b\n  environment:\n    J: '{{ mode }}'\n"
        "  shell: mysql -h db --ssl-mode=${J:-REQUIRED}\n"
    )
    found = clients(text, "tasks.yml")
    # A template's value may be empty: the default is an outcome.
    assert [option(c) for c in found] == [
        "--ssl-mode=DISABLED",
        "--ssl-mode=REQUIRED",
        f"--ssl-mode={DYNAMIC}",
    ]
    assert hops(found[0]) == [(3, "via env MODE")]


@given(st.text(alphabet="$${}()ab_ -", max_size=40))
def test_compose_unescape_keeps_every_character_located(text: str) -> None:
    located = Located()
    located.add(text, (3, 5))
    out, names, used = unescape("compose", located, {})
    assert out.text == re.sub(r"\$\$", "$", text)
    assert len(out.points) == len(out.text)
    assert not used
    assert all(re.search(r"(?<!\$)\$\{?" + re.escape(n), text) for n in names) or "$$" in text


KUBE_PAIR = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: scripts
data:
  run.sh: |-
    #!/bin/sh
    mysql -h db.example.com --ssl -e 'select 1'
---
apiVersion: batch/v1
kind: Job
metadata:
  name: run
spec:
  template:
    spec:
      containers:
        - name: a
          image: IMAGE_A
          volumeMounts: [{name: s, mountPath: /s}]
        - name: b
          image: IMAGE_B
          volumeMounts: [{name: other, mountPath: /o}]
      volumes:
        - name: s
          configMap: {name: scripts}
        - name: other
          projected:
            sources:
              - configMap: {name: unrelated}
"""


def test_a_config_map_script_runs_in_the_image_of_the_container_that_mounts_it() -> None:
    from connlint.clients.client_context import context_of

    def client(a: str, b: str = "busybox") -> tuple[str, str | None] | None:
        (c,) = clients(KUBE_PAIR.replace("IMAGE_A", a).replace("IMAGE_B", b), "job.yaml")
        found = context_of(c.settings)
        return (found.family, found.version) if found else None

    assert client("mariadb:10.11") == ("mariadb", "10.11")
    assert client("mysql:8.4", "mariadb:11.4") == ("mysql", "8.4")  # b does not mount it
    assert client("busybox") is None  # no client image: unknown


def test_config_map_mounts() -> None:
    import yaml

    from connlint.frontends.k8s_mounts import mounts

    text = (
        KUBE_PAIR.replace("IMAGE_A", "mysql:8.4")
        .replace("IMAGE_B", "x:1")
        .replace("mountPath: /o", "mountPath: /o}, {name: s, mountPath: /s2")
    )
    job = list(yaml.compose_all(text))[1]
    found = {k: [ref for ref, _ in v] for k, v in mounts(job).items()}
    assert found == {"scripts": ["mysql:8.4", "x:1"], "unrelated": ["x:1"]}


def test_config_map_script_with_containers_of_different_images_is_unknown() -> None:
    from connlint.frontends.k8s_mounts import image_settings

    text = (
        KUBE_PAIR.replace("IMAGE_A", "mysql:8.4")
        .replace("IMAGE_B", "mariadb:10.11")
        .replace("name: other, mountPath", "name: s, mountPath")
    )
    assert image_settings("job.yaml", text, "scripts") == []
    assert image_settings("job.yaml", text, "nothing") == []
