"""Cross-cutting property tests (issue 8, STYLE §7): every registered
front-end, every registered resolver, the JDBC URL parser and the client
option parser accept arbitrary input without raising.

The front-ends and resolvers are taken from their registries, so a new one is
covered as soon as it is registered.  The per-module tests hold the finer
properties; fuzz/fuzz.py runs the same targets at scale.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connlint.clients import RESOLVER_BY_KIND
from connlint.clients.jdbc_url import parse_jdbc_url
from connlint.clients.jdbc_url_format import format_jdbc_url
from connlint.clients.mysql_cli import parse_argv
from connlint.engine import RunSettings, lint_source
from connlint.frontends import FRONTEND_BY_KIND
from connlint.model import (
    DYNAMIC,
    Assumptions,
    Candidate,
    CandidateKind,
    DriverVersion,
    Extraction,
    Location,
    Secret,
    Setting,
    Span,
)
from strategies import ARGV, PATH_BY_KIND, PROGRAMS, SETTING_KEYS, SOURCE_TEXT, URL_TEXT

EXTRA_PATHS = {
    "gradle": ["build.gradle.kts", "libs.versions.toml"],
    "kotlin": ["scripts/db.main.kts"],
    "python_deps": ["pyproject.toml", "poetry.lock"],
}
ALL_RULES = RunSettings(selected=frozenset(f"CL{n}" for n in range(100, 400)), file_time_budget=0)


def test_every_kind_has_a_path() -> None:
    assert set(PATH_BY_KIND) == set(FRONTEND_BY_KIND), "add the new kind to PATH_BY_KIND"


def _check_locations(extraction: Extraction, path: str, text: str) -> None:
    lines = text.count("\n") + 1
    for candidate in extraction.candidates:
        loc = candidate.location
        assert loc.path == path
        assert 1 <= loc.line <= lines and loc.column >= 1, loc
        assert (loc.end_line, loc.end_column) >= (loc.line, loc.column), loc


@pytest.mark.parametrize("kind", sorted(FRONTEND_BY_KIND))
@settings(max_examples=60)
@given(text=SOURCE_TEXT, data=st.data())
def test_frontend_never_raises(kind: str, text: str, data: st.DataObject) -> None:
    path = data.draw(st.sampled_from([PATH_BY_KIND[kind], *EXTRA_PATHS.get(kind, [])]))
    extraction = FRONTEND_BY_KIND[kind]().extract(path, text)
    assert isinstance(extraction, Extraction)
    _check_locations(extraction, path, text)


@pytest.mark.parametrize("kind", sorted(FRONTEND_BY_KIND))
@settings(max_examples=30)
@given(text=SOURCE_TEXT)
def test_whole_pipeline_has_no_internal_error(kind: str, text: str) -> None:
    """Front-end, resolvers and checks together: the engine would hide a crash
    as an "internal error" notification, so look for one."""
    result = lint_source(PATH_BY_KIND[kind], kind, text, ALL_RULES)
    errors = [n.message for n in result.notifications if "internal error" in n.message]
    assert not errors


@settings(max_examples=300)
@given(text=st.one_of(st.text(), URL_TEXT))
def test_jdbc_url_parser_never_raises(text: str) -> None:
    url = parse_jdbc_url(Span.at(text, "f", 3, 5))
    if url is None:
        return
    url.redacted_text()
    formatted = format_jdbc_url(url)
    again = parse_jdbc_url(Span.at(formatted, "f", 1, 1))
    assert again is not None, formatted
    assert format_jdbc_url(again) == formatted


def _spans(words: list[str]) -> tuple[Span, ...]:
    out, column = [], 1
    for word in words:
        out.append(Span.at(word, "deploy.sh", 2, column))
        column += len(word) + 1
    return tuple(out)


@settings(max_examples=300)
@given(program=st.sampled_from(PROGRAMS), args=ARGV, family=st.sampled_from([None, "mysql", "mariadb"]))
def test_client_option_parser_never_raises(program: str, args: list[str], family: str | None) -> None:
    argv = _spans([program, *args])
    parse_argv(argv[1:])
    candidate = Candidate(CandidateKind.MYSQL_CLI, argv[0].locate(), argv=argv)
    RESOLVER_BY_KIND[CandidateKind.MYSQL_CLI]().resolve(candidate, Assumptions(mysql_client_family=family))


_VALUES = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(["true", "false", "DISABLED", "VERIFY_IDENTITY", "x.pem", DYNAMIC, "TLSv1", ""]),
    st.text(max_size=8).map(Secret),
)
_SETTINGS = st.lists(
    st.builds(
        lambda key, value: Setting(key, value, Location("f", 1, 1, 1, 2)),
        st.one_of(st.sampled_from(SETTING_KEYS), st.text(max_size=10)),
        _VALUES,
    ),
    max_size=6,
)


@pytest.mark.parametrize("client", sorted(RESOLVER_BY_KIND))
@settings(max_examples=80)
@given(
    url=st.one_of(st.none(), URL_TEXT),
    args=ARGV,
    program=st.sampled_from(PROGRAMS),
    settings_=_SETTINGS,
    driver=st.sampled_from(
        [
            *(None, "pymysql", "mysql.connector", "MySQLdb", "aiomysql", "asyncmy", "mariadb", "client", "x"),
            *("mysql2-gem", "trilogy", "go-sql-driver-mysql", "mysql-dotnet", "node-mysql2", "pdo-mysql"),
        ]
    ),
    version=st.sampled_from([None, "5.1.37", "8.0.12", "8.0.33", "3.1.0", "1.0.2", "junk", ""]),
)
def test_every_resolver_never_raises(
    client: CandidateKind,
    url: str | None,
    args: list[str],
    program: str,
    settings_: list[Setting],
    driver: str | None,
    version: str | None,
) -> None:
    argv = _spans([program, *args]) if client in (CandidateKind.MYSQL_CLI, CandidateKind.KEYTOOL) else ()
    candidate = Candidate(
        client,
        Location("f", 1, 1, 1, 2),
        url=Span.at(url, "f", 1, 1) if url is not None else None,
        argv=argv,
        settings=tuple(settings_),
        driver=driver,
    )
    versions = {}
    if version is not None:
        versions = {
            d: DriverVersion(version)
            for d in ("connector-j", "mariadb-java-client", "pymysql", "mysql-client")
        }
    RESOLVER_BY_KIND[client]().resolve(candidate, Assumptions(versions=versions))
