"""Which configuration values are other drivers' connection strings (frontends/connection_strings.py)."""

from __future__ import annotations

import pytest

from connlint.frontends import dotenv, properties, xml, yaml
from connlint.frontends.connection_strings import recognise
from connlint.model import CandidateKind


@pytest.mark.parametrize(
    ("key", "text", "driver"),
    [
        ("DSN", "app:pw@tcp(db:3306)/app?tls=true", "go-sql-driver-mysql"),
        ("X", "root@unix(/tmp/mysql.sock)/app", "go-sql-driver-mysql"),
        ("X", "tcp(db:3306)/app", "go-sql-driver-mysql"),
        ("X", "mysql://root:secret@tcp(mysqld:3306)/mysql?parseTime=true", "go-sql-driver-mysql"),
        ("DATABASE_URL", "mysql2://app@db/app", "mysql2-gem"),
        ("DATABASE_URL", "trilogy://app@db/app?ssl_mode=required", "trilogy"),
        ("URL", 'mysql://app@db/app?ssl={"rejectUnauthorized":true}', "node-mysql2"),
        ("URL", "mysql://app@db/app?ssl=Amazon%20RDS", "node-mysql2"),
        ("DATABASE_URL", "mysql://app@db/app?sslaccept=strict", "prisma"),
        ("DSN", "mysql:host=db;dbname=app", "pdo-mysql"),
        ("DSN", "mysql:dbname=app;unix_socket=/tmp/mysql.sock", "pdo-mysql"),
        ("ConnectionStrings.MySql", "Server=db;Database=app;Uid=app", "mysql-dotnet"),
        ("CS", "Server=db;Port=3306;Database=app", "mysql-dotnet"),
        ("CS", "Server=db;Database=app;SslMode=Required", "mysql-dotnet"),
        ("CS", "server=db;database=app;sslmode=none;", "mysql-dotnet"),
        ("CS", "Server=db;Database=app;AllowPublicKeyRetrieval=true", "mysql-dotnet"),
        ("CS", "Server=mysql.internal;Database=app", "mysql-dotnet"),
    ],
)
def test_recognised(key: str, text: str, driver: str) -> None:
    assert recognise(key, text) == driver


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("DATABASE_URL", "mysql://app@db/app"),  # which client reads it is not said
        ("DATABASE_URL", "mysql://app@db/app?ssl=true"),
        ("DATABASE_URL", "mysql://app@db/app?ssl-mode=REQUIRED"),  # sqlx, MySQL Shell...: not said
        ("DATABASE_URL", "postgres://app@db/app"),
        ("CS", "Server=db;Initial Catalog=app;User Id=sa;Password=x"),
        ("CS", "Server=db;Database=app;User Id=sa;Password=x;TrustServerCertificate=true"),
        ("CS", "Server=db;Database=app;User Id=sa;Password=x"),  # nothing says MySQL
        ("CS", "Host=db;Port=5432;Database=app;SSL Mode=Require"),
        ("ConnectionStrings.Postgres", "Host=db;Database=app;SslMode=VerifyFull"),
        ("CS", "Driver={MySQL ODBC 8.0};Server=db;Database=app"),
        ("CS", "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=y"),
        ("X", "see tcp(docs) for details"),
        ("X", "a=b;c=d"),
        ("X", "call(foo)/bar baz"),
        ("X", "jdbc:mysql://db/app"),
        ("X", "mysql:latest"),
        ("X", "mysql:8.0"),
    ],
)
def test_not_recognised(key: str, text: str) -> None:
    assert recognise(key, text) is None


def test_dotenv_candidate_is_located() -> None:
    text = "# app\nexport DSN='app@tcp(db.example.com:3306)/app?tls=skip-verify'\n"
    [candidate] = dotenv.extract("app.env", text).candidates
    assert candidate.kind is CandidateKind.DRIVER_CONFIG
    assert candidate.driver == "go-sql-driver-mysql"
    assert candidate.url is not None
    start = candidate.url.text.index("tls=")
    location = candidate.url.locate(start, start + 3)
    assert (location.line, location.column) == (2, text.split("\n")[1].index("tls=") + 1)


def test_dotenv_placeholder_is_dynamic() -> None:
    [candidate] = dotenv.extract("app.env", "DSN=${USER}@tcp(db:3306)/app?tls=${TLS}\n").candidates
    assert candidate.url is not None and candidate.url.dynamic


def test_yaml_kubernetes_env_value() -> None:
    text = (
        "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      env:\n"
        "        - name: DB_DSN\n          value: app@tcp(db:3306)/app?tls=true\n"
    )
    candidates = [
        c for c in yaml.extract("pod.yaml", text).candidates if c.kind is CandidateKind.DRIVER_CONFIG
    ]
    assert [c.driver for c in candidates] == ["go-sql-driver-mysql"]
    assert candidates[0].location.line == 8


def test_properties_value() -> None:
    [candidate] = properties.extract("a.properties", "db.dsn=app@tcp(db:3306)/app\n").candidates
    assert candidate.driver == "go-sql-driver-mysql"


def test_password_shaped_like_a_dsn_is_a_password() -> None:
    text = "DB_PASSWORD=x@tcp(y)/z\n"
    assert not [c for c in dotenv.extract("a.env", text).candidates if c.kind is CandidateKind.DRIVER_CONFIG]


def test_web_config_connection_string() -> None:
    text = (
        "<configuration><connectionStrings>\n"
        '  <add name="Db" connectionString="Server=db;Database=app;SslMode=Required"\n'
        '    providerName="MySqlConnector"/>\n'
        '  <add name="Other" connectionString="Server=db;Database=app"\n'
        '    providerName="System.Data.SqlClient"/>\n'
        "</connectionStrings></configuration>\n"
    )
    [candidate] = xml.extract("Web.config", text).candidates
    assert candidate.driver == "mysql-dotnet"
    assert candidate.url is not None and candidate.url.text.startswith("Server=db")
    column = text.split("\n")[1].index("Server=") + 1
    assert (candidate.location.line, candidate.location.column) == (2, column)


def test_schema_examples_are_documentation() -> None:
    from connlint.frontends import json

    text = (
        '{"properties": {"dsn": {"type": "string", "examples": ['
        '"mysql://user:secret@tcp(mysqld:3306)/database"], "example": "u@tcp(db:3306)/d"}},'
        ' "dsn": "app@tcp(db:3306)/app"}'
    )
    candidates = json.extract("config.schema.json", text).candidates
    found = [c for c in candidates if c.kind is CandidateKind.DRIVER_CONFIG]
    assert [c.url.text for c in found if c.url is not None] == ["app@tcp(db:3306)/app"]
