"""Shell front-end, issue 16 item 14: a script a Dockerfile copies into an image
runs that image's client (script_images)."""

from __future__ import annotations

from pathlib import Path

import pytest

from connlint import project
from connlint.clients import mysql_cli
from connlint.frontends import dockerfile, shell
from connlint.model import Assumptions, Candidate, CandidateKind, TlsMode

SCRIPT = "#!/bin/sh\nmysqldump -h db.example.com app > /backup/app.sql\n"


def _cands(root: Path, script: str, text: str = SCRIPT) -> list[Candidate]:
    path = root / script
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    with project.using(project.Project()):
        found = shell.extract(str(path), text).candidates
    return [c for c in found if c.kind is CandidateKind.MYSQL_CLI]


def _mode(candidate: Candidate) -> tuple[TlsMode, int]:
    (connection,) = mysql_cli.resolve(candidate, Assumptions()).connections
    return connection.mode, len(connection.outcomes)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    return tmp_path


def test_script_copied_by_name_runs_the_images_client(repo: Path) -> None:
    (repo / "Dockerfile").write_text(
        "FROM alpine:3.20\nRUN apk add --update bash \\\n    mysql-client=~10.11\n"
        'COPY ["run.sh", "backup.sh", "/"]\nCMD ["/run.sh"]\n'
    )
    (c,) = _cands(repo, "backup.sh")
    assert _mode(c) == (TlsMode.DISABLED, 0)  # MariaDB 10.11's client: no TLS by default
    assert [(h.location.path.endswith("Dockerfile"), h.location.line) for h in c.trail] == [(True, 4)]
    assert "mysql-client 10.11" in c.trail[0].label


def test_script_in_a_copied_directory_and_image_from_from(repo: Path) -> None:
    (repo / "Dockerfile").write_text("FROM mysql:8.4\nCOPY resources /resources\n")
    (c,) = _cands(repo, "resources/perform-backup.sh")
    assert _mode(c) == (TlsMode.PREFERRED, 0)  # MySQL 8.4's client: one outcome, not one per family


def test_builder_stage_copies_do_not_count(repo: Path) -> None:
    (repo / "Dockerfile").write_text(
        "FROM golang:1.22 AS build\nCOPY . /src\nRUN go build ./...\n"
        "FROM mysql:5.7 AS base\nFROM base\nCOPY --from=build /src/app /app\n"
    )
    (c,) = _cands(repo, "scripts/backup.sh")
    assert _mode(c)[1] > 1  # the golang stage names no client; --from copies no script


def test_stage_from_an_earlier_stage_keeps_its_packages(repo: Path) -> None:
    (repo / "Dockerfile").write_text(
        "FROM ubuntu:22.04 AS tools\nRUN apt-get install -y mysql-client-8.0\n"
        "FROM tools\nCOPY *.sh /usr/local/bin/\n"
    )
    (c,) = _cands(repo, "backup.sh")
    assert _mode(c) == (TlsMode.PREFERRED, 0)


def test_images_that_disagree_leave_the_client_unknown(repo: Path) -> None:
    (repo / "Dockerfile").write_text("FROM mysql:8.4\nCOPY backup.sh /\n")
    (repo / "Dockerfile.legacy").write_text("FROM mariadb:10.6\nCOPY backup.sh /\n")
    (c,) = _cands(repo, "backup.sh")
    assert not c.trail and _mode(c)[1] > 1


def test_not_copied_or_outside_a_run(repo: Path) -> None:
    (repo / "Dockerfile").write_text("FROM mysql:8.4\nCOPY other.sh /\nADD https://x/backup.sh /\n")
    (c,) = _cands(repo, "backup.sh")
    assert not c.trail
    (c,) = shell.extract(str(repo / "backup.sh"), SCRIPT).candidates
    assert not c.trail  # no project: nothing is read


def test_own_docker_run_image_wins(repo: Path) -> None:
    (repo / "Dockerfile").write_text("FROM mysql:8.4\nCOPY backup.sh /\n")
    (c,) = _cands(repo, "backup.sh", "docker run --rm mariadb:10.6 mariadb-dump -h db app\n")
    assert not c.trail


def test_stages_reads_copy_forms() -> None:
    found = dockerfile.stages(
        "Dockerfile",
        'FROM alpine\nCOPY --chown=app a.sh b.sh /bin/\nADD ["c.sh", "/"]\nCOPY --from=x /y /z\n',
    )
    assert [source for source, _ in found[0].copied] == ["a.sh", "b.sh", "c.sh"]


def test_commands_run_in_another_container_do_not_take_the_image(repo: Path) -> None:
    (repo / "Dockerfile").write_text("FROM alpine:3.20\nRUN apk add mysql-client=~10.11\nCOPY . /app\n")
    text = (
        "docker-compose exec -T db bash -c 'mysql -h127.0.0.1 -e \"select 1\"'\n"
        "kubectl exec db -- mysql -h db\n"
    )
    found = _cands(repo, "scripts/wait.sh", text)
    assert len(found) == 2
    assert all(not c.trail and _mode(c)[1] > 1 for c in found)  # the container's client: not known
