"""A helper connecting to a base URL not known statically whose scheme is
(issue 16, Java item 1: MariaDB Connector/J's ``createCon("sslMode=trust")``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connlint import project
from connlint.frontends.java import extract
from connlint.frontends.java_helper_chains import over_unknown_base, scheme_of
from connlint.frontends.java_literals import JavaText
from connlint.model import DYNAMIC, Candidate, CandidateKind

COMMON = """package com.x.it;
import java.sql.DriverManager;
import org.mariadb.jdbc.Configuration;
import org.mariadb.jdbc.Driver;
public class Common {
    public static String defUrl;
    public static String envUrl = System.getenv("DB_URL");
    public static String mixed;
    static {
        defUrl = String.format("jdbc:mariadb://%s/test?%s", System.getenv("H"), System.getenv("O"));
        defUrl += "&serverRsaPublicKeyFile=" + System.getenv("K");
        mixed = System.getenv("M") != null ? "jdbc:mariadb://a/t" : "jdbc:mysql://a/t";
    }
    public static Connection createCon(String option) throws SQLException {
        return DriverManager.getConnection(defUrl + "&" + option);
    }
    public static Connection createCon(String option, Integer port) throws SQLException {
        Configuration conf = Configuration.parse(defUrl + "&" + option);
        return Driver.connect(conf);
    }
    public static Connection basic(String option) throws SQLException {
        return Driver.connect(Configuration.parse(defUrl.substring(0, defUrl.indexOf("?")) + "?" + option));
    }
    public static Connection fromEnv(String option) throws SQLException {
        return DriverManager.getConnection(envUrl + "&" + option);
    }
    public static Connection fromMixed(String option) throws SQLException {
        return DriverManager.getConnection(mixed + "&" + option);
    }
    public static Connection otherDriver(String option) throws SQLException {
        return com.other.Driver.connect(Configuration.parse(envUrl + "&" + option));
    }
}
"""


def lint(tmp_path: Path, body: str) -> list[Candidate]:
    (tmp_path / ".git").mkdir(exist_ok=True)
    folder = tmp_path / "src/test/java/com/x/it"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Common.java").write_text(COMMON)
    path = folder / "SslTest.java"
    text = f"package com.x.it;\nclass SslTest extends Common {{\n{body}\n}}\n"
    path.write_text(text)
    with project.using(project.Project()):
        found = extract(str(path), text).candidates
    return [c for c in found if c.kind is CandidateKind.JDBC]


def test_options_over_a_base_of_known_scheme(tmp_path: Path) -> None:
    (found,) = lint(tmp_path, 'void a() throws Exception { createCon("sslMode=trust"); }')
    assert found.url is not None
    assert found.url.text == f"jdbc:mariadb://{DYNAMIC}?{DYNAMIC}&sslMode=trust"
    # The connection stands at the options; the options at their characters.
    assert (found.location.line, found.location.column) == (3, 39)
    start = found.url.text.index("sslMode")
    assert found.url.locate(start, start + 1).column == 40
    assert [hop.label for hop in found.trail] == ["via helper Common.createCon()"]


def test_driver_connect_of_a_parsed_configuration(tmp_path: Path) -> None:
    (found,) = lint(tmp_path, 'void a() throws Exception { createCon("sslMode=verify-ca", 3307); }')
    assert found.url is not None and found.url.text.endswith("&sslMode=verify-ca")
    assert found.url.text.startswith("jdbc:mariadb://")
    assert found.trail[-1].location.line == 19  # Driver.connect(conf)


def test_options_after_the_base_query_cut_off(tmp_path: Path) -> None:
    (found,) = lint(tmp_path, 'void a() throws Exception { basic("sslMode=verify-full"); }')
    assert found.url is not None
    assert found.url.text == f"jdbc:mariadb://{DYNAMIC}?sslMode=verify-full"


@pytest.mark.parametrize(
    "call",
    [
        'fromEnv("sslMode=trust")',  # the base: any driver's URL
        'fromMixed("sslMode=trust")',  # two schemes among its values
        'otherDriver("sslMode=trust")',  # not MariaDB's Driver
    ],
)
def test_no_scheme_no_connection(tmp_path: Path, call: str) -> None:
    assert lint(tmp_path, f"void a() throws Exception {{ {call}; }}") == []


def test_scheme_of() -> None:
    assert scheme_of("jdbc:mariadb://h/db") == "jdbc:mariadb:"
    assert scheme_of(f"jdbc:mysql:{DYNAMIC}") == "jdbc:mysql:"
    assert scheme_of(f"{DYNAMIC}jdbc:mysql://h") is None
    assert scheme_of("http://h") is None


def _text(text: str) -> JavaText:
    out = JavaText()
    out.add(text, (5, 10))
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{DYNAMIC}&useSsl", f"jdbc:mariadb://{DYNAMIC}?{DYNAMIC}&useSsl"),
        (f"{DYNAMIC}{DYNAMIC}?a=b", f"jdbc:mariadb://{DYNAMIC}?a=b"),
        (f"{DYNAMIC}/db?a=b", f"jdbc:mariadb://{DYNAMIC}/db?a=b"),
        (f"{DYNAMIC}sslMode=trust", None),  # not a URL's tail: where it goes is not known
        ("&sslMode=trust", None),  # the base is known: nothing to stand for
        (DYNAMIC, None),
    ],
)
def test_over_unknown_base(text: str, expected: str | None) -> None:
    out = over_unknown_base(_text(text), "jdbc:mariadb:", (1, 1))
    assert (out.text if out is not None else None) == expected
    if out is not None:
        # The known part keeps its place; the made-up prefix stands at the call.
        assert out.point(len(out) - 1)[0] == 5
        assert out.point(0) == (1, 1)


@settings(derandomize=True, database=None, max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from([DYNAMIC, "&", "?", "/", "=", "a", "s", ":", "j"]), max_size=24))
def test_over_unknown_base_any_text(text: str) -> None:
    # Never raises; a URL only over a leading unknown part, the known tail kept as written.
    out = over_unknown_base(_text(text), "jdbc:mariadb:", (1, 1))
    rest = text.lstrip(DYNAMIC)
    if out is None:
        assert rest == text or not rest or rest[0] not in "&?/"
    else:
        assert out.text.startswith("jdbc:mariadb://") and out.text.endswith(rest)
        assert scheme_of(out.text) == "jdbc:mariadb:"
