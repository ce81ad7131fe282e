"""Where a client command runs (issue 16, item 14): images and installed
packages as settings of the candidate, and the family and version they give.
"""

from __future__ import annotations

import pytest

from connlint.clients import mysql_cli
from connlint.clients.client_context import from_image, from_package
from connlint.frontends import dockerfile, shell
from connlint.frontends.run_context import installed_packages
from connlint.model import Assumptions, Candidate, CandidateKind, Fact, FactKind, TlsMode


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("mysql:5.7", ("mysql", "5.7")),
        ("docker.io/library/mysql:8.0.36-debian", ("mysql", "8.0.36")),
        ("mysql", ("mysql", None)),
        ("mysql/mysql-server:8.0", ("mysql", "8.0")),
        ("container-registry.oracle.com/mysql/community-server:8.4", ("mysql", "8.4")),
        ("mariadb:11.4", ("mariadb", "11.4")),
        ("mariadb:lts", ("mariadb", None)),
        ("mariadb@sha256:abc", ("mariadb", None)),
        ("localhost:5000/mysql:5.7", None),  # another registry's image: not known
        ("postgres:16", None),
        ("example/mysql-tools:1", None),
    ],
)
def test_images(image: str, expected: tuple[str, str | None] | None) -> None:
    found = from_image(image)
    assert ((found.family, found.version) if found else None) == expected


def test_packages() -> None:
    def fam(manager: str, name: str) -> tuple[str, str | None] | None:
        found = from_package(manager, name)
        return (found.family, found.version) if found else None

    assert fam("apt", "mysql-client-8.0") == ("mysql", "8.0")
    assert fam("apt", "mysql-client") == ("mysql", None)  # Ubuntu: Oracle MySQL
    assert fam("apk", "mysql-client") == ("mariadb", None)  # Alpine: MariaDB's
    assert fam("apt", "mariadb-client") == ("mariadb", None)
    assert fam("apt", "default-mysql-client") is None  # differs by distribution
    assert fam("apt", "curl") is None


def test_installed_packages() -> None:
    text = (
        "apt-get update && apt-get install -y --no-install-recommends \\\n"
        "  mysql-client-8.0=8.0.36 curl; apk add mariadb-client"
    )
    found = [(m, n) for m, n, _ in installed_packages(text)]
    assert found == [("apt", "mysql-client-8.0"), ("apt", "curl"), ("apk", "mariadb-client")]
    assert (
        installed_packages("echo apt-get install mysql-client")[0][1] == "mysql-client"
    )  # text, but harmless


def _resolve(candidate: Candidate) -> tuple[TlsMode, int]:
    resolution = mysql_cli.resolve(candidate, Assumptions())
    (connection,) = resolution.connections
    return connection.mode, len(connection.outcomes)


def test_docker_run_image_decides_the_version() -> None:
    (c,) = [c for c in shell.extract("x.sh", "docker run --rm mysql:5.7 mysql -h db --ssl\n").candidates]
    assert c.kind is CandidateKind.MYSQL_CLI
    assert _resolve(c) == (TlsMode.REQUIRED, 0)  # MySQL 5.7: --ssl is REQUIRED, not several outcomes
    (c,) = shell.extract(
        "x.sh", "docker run --rm mysql:8.4 sh -c 'mysql -h db --ssl-mode=DISABLED'\n"
    ).candidates
    assert mysql_cli.resolve(c, Assumptions()).connections[0].mode is TlsMode.DISABLED
    (c,) = shell.extract("x.sh", "docker exec mysql mysql -h db --ssl\n").candidates
    assert len(mysql_cli.resolve(c, Assumptions()).connections[0].outcomes) > 1  # a container: unknown


def test_mysql_command_missing_from_mariadb_11_images() -> None:
    (c,) = shell.extract("x.sh", "docker run mariadb:11.4 mysql -h db --ssl\n").candidates
    resolution = mysql_cli.resolve(c, Assumptions())
    assert not resolution.connections
    assert [f.kind for f in resolution.facts] == [FactKind.INEFFECTIVE]
    (c,) = shell.extract("x.sh", "docker run mariadb:10.6 mysql -h db --ssl\n").candidates
    assert mysql_cli.resolve(c, Assumptions()).connections


def test_dockerfile_stage_image_and_packages() -> None:
    text = (
        "FROM mysql:5.7 AS old\n"
        "RUN mysql -h db --ssl -e 'select 1'\n"
        "FROM ubuntu:24.04\n"
        "RUN apt-get update && apt-get install -y mysql-client-8.0\n"
        'HEALTHCHECK CMD ["mysql", "-h", "db", "--ssl-mode=REQUIRED"]\n'
        "FROM alpine:3.20\n"
        "RUN apk add --no-cache mysql-client && mysql -h db --ssl\n"
    )
    found = sorted(dockerfile.extract("Dockerfile", text).candidates, key=lambda c: c.location.line)
    from connlint.clients.client_context import context_of

    contexts = [context_of(c.settings) for c in found]
    assert [(c.family, c.version) if c else None for c in contexts] == [
        ("mysql", "5.7"),
        ("mysql", "8.0"),
        ("mariadb", "10.11"),  # Alpine 3.20's (pkgs.alpinelinux.org)
    ]


def test_pinned_package_version_is_the_clients() -> None:
    from connlint.clients.client_context import context_of
    from connlint.frontends.run_context import package_settings
    from connlint.model import Location

    def where(start: int, end: int) -> Location:
        return Location("Dockerfile", 1, start + 1, 1, end + 1)

    def client(text: str) -> tuple[str, str | None] | None:
        found = context_of(package_settings(text, where))
        return (found.family, found.version) if found else None

    assert client("apk add --update mysql-client=~10.11 bash") == ("mariadb", "10.11")
    assert client("apt-get install -y mysql-client=8.0.36-0ubuntu0.22.04.1") == ("mysql", "8.0.36")
    assert client("apt-get install -y mariadb-client=1:10.11.6-0+deb12u1") == ("mariadb", "10.11.6")
    assert client("apk add mysql-client") == ("mariadb", None)
    assert client("apt-get install -y mysql-client-8.0=8.0.36") == ("mysql", "8.0")  # the name decides


def test_docker_exec_in_a_job_does_not_take_the_jobs_packages() -> None:
    from connlint.frontends import ci

    text = (
        "jobs:\n  t:\n    steps:\n      - run: sudo apt-get install -y mysql-client-8.0\n"
        "      - run: docker exec db mysql -h db --ssl\n      - run: mysql -h db --ssl\n"
    )
    exec_, local = sorted(
        (
            c
            for c in ci.extract(".github/workflows/x.yml", text).candidates
            if c.kind is CandidateKind.MYSQL_CLI
        ),
        key=lambda c: c.location.line,
    )
    assert len(mysql_cli.resolve(exec_, Assumptions()).connections[0].outcomes) > 1  # the container's client
    assert any(f.kind is FactKind.DEPRECATED or f.kind is FactKind.INEFFECTIVE for f in _facts(local))


def _facts(c: Candidate) -> list[Fact]:
    (connection,) = mysql_cli.resolve(c, Assumptions()).connections
    return list(connection.facts)


@pytest.mark.parametrize(
    ("image", "branch"),
    [
        ("alpine:3.23", "3.23"),
        ("alpine:3.12.4", "3.12"),
        ("docker.io/library/alpine:3.24", "3.24"),
        ("python:3.12-alpine3.23", "3.23"),
        ("alpine:latest", None),
        ("alpine", None),
        ("node:20-alpine", None),
        ("ubuntu:24.04", None),
    ],
)
def test_alpine_branch_of_an_image(image: str, branch: str | None) -> None:
    from connlint.clients.client_context import alpine_branch

    assert alpine_branch(image) == branch


def test_alpine_branch_gives_the_mariadb_client_version() -> None:
    from connlint.clients.client_context import context_of

    def client(base: str, install: str = "apk add --no-cache mysql-client") -> tuple[str, str | None] | None:
        text = f"FROM {base}\nRUN {install} && mysql -h db.example.com -e 'select 1'\n"
        (c,) = dockerfile.extract("Dockerfile", text).candidates
        found = context_of(c.settings)
        return (found.family, found.version) if found else None

    assert client("alpine:3.23") == ("mariadb", "11.4")  # verifies by default (11.4+)
    assert client("alpine:3.24") == ("mariadb", "11.8")
    assert client("alpine:3.12") == ("mariadb", "10.4")
    assert client("alpine:3.23", "apk add mariadb-client") == ("mariadb", "11.4")
    # pkgs.alpinelinux.org, packages of origin mariadb per branch (issue 16).
    assert client("alpine:3.13") == ("mariadb", "10.5")
    assert client("alpine:3.14.2") == ("mariadb", "10.5")
    assert client("alpine:3.15") == ("mariadb", "10.6")
    assert client("alpine:3.16") == ("mariadb", "10.6")
    assert client("alpine:3.18") == ("mariadb", "10.11")
    assert client("alpine:3.19") == ("mariadb", "10.11")
    assert client("alpine:3.20") == ("mariadb", "10.11")
    assert client("alpine:3.21") == ("mariadb", "11.4")  # verifies by default (11.4+)
    assert client("python:3.12-alpine3.22") == ("mariadb", "11.4")
    assert client("alpine:3.17") == ("mariadb", None)  # a branch not looked up: unknown
    assert client("alpine:3.10") == ("mariadb", None)
    assert client("alpine:3.99") == ("mariadb", None)
    assert client("alpine:latest") == ("mariadb", None)  # moves with time: unknown
    assert client("alpine:3.23", "apk add mysql-client=~10.11") == ("mariadb", "10.11")  # the pin wins
    assert client("ubuntu:24.04", "apt-get install -y mysql-client") == ("mysql", None)  # not Alpine


def test_alpine_branch_decides_the_outcome() -> None:
    text = "FROM alpine:3.23\nRUN apk add mysql-client && mysql -h db.example.com -e 'select 1'\n"
    (c,) = dockerfile.extract("Dockerfile", text).candidates
    assert _resolve(c) == (TlsMode.VERIFY_IDENTITY, 0)  # MariaDB 11.4: verification on by default
    text = "FROM alpine:3.12\nRUN apk add mysql-client && mysql -h db.example.com -e 'select 1'\n"
    (c,) = dockerfile.extract("Dockerfile", text).candidates
    assert _resolve(c) == (TlsMode.DISABLED, 0)  # MariaDB 10.4: no TLS unless asked
    text = "FROM alpine:3.21\nRUN apk add mysql-client && mysql -h db.example.com -e 'select 1'\n"
    (c,) = dockerfile.extract("Dockerfile", text).candidates
    assert _resolve(c) == (TlsMode.VERIFY_IDENTITY, 0)  # MariaDB 11.4 from Alpine 3.21 on
    text = "FROM alpine:3.19\nRUN apk add mysql-client && mysql -h db.example.com -e 'select 1'\n"
    (c,) = dockerfile.extract("Dockerfile", text).candidates
    assert _resolve(c) == (TlsMode.DISABLED, 0)  # MariaDB 10.11
