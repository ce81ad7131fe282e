"""URLs a method of another class of the project returns (issue 16, values that
travel): ``getConnection(settings.getJdbcUrl("ledger"))``."""

from __future__ import annotations

from pathlib import Path

from connlint import project
from connlint.frontends.java import extract
from connlint.frontends.java_returned_urls import names_a_url
from connlint.model import CandidateKind

SETTINGS = """package com.x.conf;
public class Settings {
    private int port = 3306;
    public String getJdbcUrl(String db) {
        return "jdbc:mysql://db.example.com:" + port + "/" + db + "?useSSL=true";
    }
    public static String jdbcUrl(String db, String mode) {
        return "jdbc:mariadb://m.example.com/" + db + "?sslMode=" + mode;
    }
    public String getHttpUrl() { return "https://example.com/?sslMode=DISABLED"; }
    public String database() { return "jdbc:mysql://db.example.com/app"; }
    public String getUrl(int a) { return "jdbc:mysql://one/"; }
    public String getUrl(String a) { return "jdbc:mysql://two/"; }
}
"""


def urls(tmp_path: Path, body: str) -> list[tuple[str | None, list[str]]]:
    conf = tmp_path / "src/main/java/com/x/conf/Settings.java"
    conf.parent.mkdir(parents=True, exist_ok=True)
    conf.write_text(SETTINGS)
    (tmp_path / ".git").mkdir(exist_ok=True)
    path = tmp_path / "src/main/java/com/x/app/App.java"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = f"package com.x.app;\nimport com.x.conf.Settings;\nclass App {{\n{body}\n}}\n"
    path.write_text(text)
    with project.using(project.Project()):
        found = extract(str(path), text).candidates
    return [
        (c.url.text if c.url else None, [h.label for h in c.trail])
        for c in found
        if c.kind is CandidateKind.JDBC
    ]


def test_an_instance_getter_of_another_class_fills_its_parameters(tmp_path: Path) -> None:
    body = """
    private final Settings settings = new Settings();
    Connection f() throws Exception {
        return DriverManager.getConnection(settings.getJdbcUrl("ledger"), "u", "p");
    }"""
    [(url, trail)] = urls(tmp_path, body)
    assert (
        url is not None
        and url.startswith("jdbc:mysql://db.example.com:")
        and url.endswith("/ledger?useSSL=true")
    )
    assert trail == ["via Settings.getJdbcUrl()"]


def test_a_static_method_of_another_class(tmp_path: Path) -> None:
    body = """
    Connection f() throws Exception {
        return DriverManager.getConnection(Settings.jdbcUrl("pay", "VERIFY_IDENTITY"), "u", "p");
    }"""
    assert [u for u, _ in urls(tmp_path, body)] == [
        "jdbc:mariadb://m.example.com/pay?sslMode=VERIFY_IDENTITY"
    ]


def test_other_methods_stay_unknown(tmp_path: Path) -> None:
    body = """
    // The MySQL database (the file names the family: its unknown URLs are kept).
    private final Settings settings = new Settings();
    Connection a() throws Exception { return DriverManager.getConnection(settings.getHttpUrl(), "u", "p"); }
    Connection b() throws Exception { return DriverManager.getConnection(settings.database(), "u", "p"); }
    Connection c() throws Exception { return DriverManager.getConnection(settings.getUrl("x"), "u", "p"); }"""
    found = urls(tmp_path, body)
    assert len(found) == 3
    assert all(url is not None and "example.com" not in url and "two" not in url for url, _ in found)
    assert all(trail == [] for _, trail in found)


def test_names_a_url() -> None:
    assert names_a_url("getURL") and names_a_url("jdbcUrl") and names_a_url("getJdbcConnectionString")
    assert not names_a_url("getConnection") and not names_a_url("database")


def test_getters_that_call_each_other_end(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    conf = tmp_path / "src/main/java/com/x/conf"
    conf.mkdir(parents=True)
    for name, other in (("A", "B"), ("B", "A")):
        getter = f'public static String getUrl() {{ return {other}.getUrl() + "jdbc:"; }}'
        (conf / f"{name}.java").write_text(f"package com.x.conf;\npublic class {name} {{ {getter} }}\n")
    path = conf / "C.java"
    call = 'DriverManager.getConnection(A.getUrl() + "mysql");'
    text = f"package com.x.conf;\nclass C {{ void f() {{ {call} }} }}\n"
    path.write_text(text)
    with project.using(project.Project()):
        found = extract(str(path), text).candidates
    assert [c.url.text.endswith("mysql") for c in found if c.url] == [True]


HOLDER = """package com.x.app;
import com.x.conf.Settings;
public class Holder {
    private final Settings settings = new Settings();
    public Settings getSettings() { return settings; }
    public String getName() { return "h"; }
    public Settings withSettings(String name) { return settings; }
}
"""


def chained(tmp_path: Path, call: str) -> list[tuple[str | None, list[str]]]:
    holder = tmp_path / "src/main/java/com/x/app/Holder.java"
    holder.parent.mkdir(parents=True, exist_ok=True)
    holder.write_text(HOLDER)
    body = f"""
    private final Holder holder = new Holder();
    Connection f() throws Exception {{
        return DriverManager.getConnection({call}, "u", "p");
    }}"""
    return urls(tmp_path, body)


def test_a_getter_on_what_a_method_of_the_project_returns(tmp_path: Path) -> None:
    # Holder declares `Settings getSettings()`: getJdbcUrl is looked up in Settings.
    [(url, trail)] = chained(tmp_path, 'holder.getSettings().getJdbcUrl("ledger")')
    assert url is not None and url.endswith("/ledger?useSSL=true")
    assert trail == ["via Settings.getJdbcUrl()"]


def test_a_method_with_arguments_or_of_no_class_is_not_followed(tmp_path: Path) -> None:
    assert chained(tmp_path, 'holder.withSettings("x").getJdbcUrl("ledger")') == []
    assert chained(tmp_path, 'holder.getName().getJdbcUrl("ledger")') == []
