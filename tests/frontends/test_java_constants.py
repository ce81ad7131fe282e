"""Constants of other classes of the project (issue 16, item 3): imports, static
imports, nested classes, interfaces, enums, the drivers' own enums, the trail.
"""

from __future__ import annotations

from pathlib import Path

from connlint import project
from connlint.frontends.java import extract
from connlint.model import DYNAMIC, Candidate, CandidateKind

CONFIG = """package com.x.config;
public final class Config {
    public static final String BASE = "jdbc:mysql://db.example.com/app";
    public static final String OFF = "?sslMode=DISABLED";
    public static final String DEEP = "?sslMode=" + Inner.MODE;
    public static final String LOOP = Other.LOOP;
    public static String changing = "?sslMode=DISABLED";
    public static final class Inner { public static final String MODE = "VERIFY_CA"; }
}
"""
OTHER = """package com.x.config;
public final class Other { public static final String LOOP = Config.LOOP; }
"""
IFACE = """package com.x.config;
public interface Defaults { String OPTS = "?sslMode=REQUIRED"; }
"""
MODES = """package com.x.config;
public enum Modes { VERIFY_IDENTITY, DISABLED }
"""
KEYS = """package com.x.config;
public enum Keys {
    USER("user"), sslMode("sslMode"), xMode("x.ssl-mode");
    private final String key;
    Keys(String key) { this.key = key; }
    public String getKeyName() { return key; }
}
"""
LOUD = """package com.x.config;
public enum Loud { A; public String toString() { return "a"; } }
"""


def lint(
    tmp_path: Path,
    body: str,
    imports: str = "",
    files: dict[str, str] | None = None,
    declaration: str = "class App",
) -> list[Candidate]:
    sources = {
        "src/main/java/com/x/config/Config.java": CONFIG,
        "src/main/java/com/x/config/Other.java": OTHER,
        "src/main/java/com/x/config/Defaults.java": IFACE,
        "src/main/java/com/x/config/Modes.java": MODES,
        "src/main/java/com/x/config/Keys.java": KEYS,
        "src/main/java/com/x/config/Loud.java": LOUD,
        **(files or {}),
    }
    for name, text in sources.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    (tmp_path / ".git").mkdir(exist_ok=True)
    path = tmp_path / "src/main/java/com/x/app/App.java"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = f"package com.x.app;\n{imports}\n{declaration} {{\n{body}\n}}\n"
    path.write_text(text)
    with project.using(project.Project()):
        found = extract(str(path), text).candidates
    return [c for c in found if c.kind is CandidateKind.JDBC]


def urls(found: list[Candidate]) -> list[str]:
    return [c.url.text for c in found if c.url is not None]


def test_imported_class_constants_and_the_trail(tmp_path: Path) -> None:
    found = lint(
        tmp_path,
        "Connection c() throws Exception { return DriverManager.getConnection(Config.BASE + Config.OFF); }",
        "import com.x.config.Config;",
    )
    assert urls(found) == ["jdbc:mysql://db.example.com/app?sslMode=DISABLED"]
    trail = found[0].trail
    assert [h.label for h in trail] == ["via Config.BASE", "via Config.OFF"]
    assert trail[1].location.path.endswith("Config.java") and trail[1].location.line == 4
    # The value stands at the name that refers to it in the linted file.
    assert found[0].url is not None and found[0].url.locate().line == 4


def test_each_import_form(tmp_path: Path) -> None:
    call = "Connection c() throws Exception { return DriverManager.getConnection(%s); }"
    cases = {
        "import static com.x.config.Config.BASE;\nimport static com.x.config.Config.OFF;": "BASE + OFF",
        "import static com.x.config.Config.*;": "BASE + OFF",
        "import com.x.config.*;": "Config.BASE + Config.OFF",
        "": "com.x.config.Config.BASE + com.x.config.Config.OFF",
    }
    for imports, expression in cases.items():
        assert urls(lint(tmp_path, call % expression, imports)) == [
            "jdbc:mysql://db.example.com/app?sslMode=DISABLED"
        ], imports


def test_nested_class_and_a_second_file_deep(tmp_path: Path) -> None:
    body = (
        "Connection a() throws Exception { return DriverManager.getConnection(Config.BASE + Config.DEEP); }\n"
        "Connection b() throws Exception {\n"
        '  return DriverManager.getConnection(Config.BASE + "?sslMode=" + Config.Inner.MODE); }'
    )
    found = lint(tmp_path, body, "import com.x.config.Config;")
    assert urls(found) == ["jdbc:mysql://db.example.com/app?sslMode=VERIFY_CA"] * 2


def test_inherited_from_an_interface(tmp_path: Path) -> None:
    files = {
        "src/main/java/com/x/app/Base.java": (
            "package com.x.app;\nimport com.x.config.Defaults;\nabstract class Base implements Defaults {}\n"
        )
    }
    body = "Connection c() throws Exception { return DriverManager.getConnection(Config.BASE + OPTS); }"
    imports = "import com.x.config.Config;"
    # App extends Base (same package), which implements Defaults (another package).
    found = lint(tmp_path, body, imports, files, "class App extends Base")
    assert urls(found) == ["jdbc:mysql://db.example.com/app?sslMode=REQUIRED"]
    assert urls(lint(tmp_path, body, imports, files)) == ["jdbc:mysql://db.example.com/app" + DYNAMIC]


def test_not_final_and_cycles_stay_unknown(tmp_path: Path) -> None:
    body = (
        "Connection a() throws Exception {\n"
        "  return DriverManager.getConnection(Config.BASE + Config.changing); }\n"
        "Connection b() throws Exception { return DriverManager.getConnection(Config.BASE + Config.LOOP); }"
    )
    found = lint(tmp_path, body, "import com.x.config.Config;")
    assert urls(found) == ["jdbc:mysql://db.example.com/app" + DYNAMIC] * 2


def test_enums_of_the_project(tmp_path: Path) -> None:
    body = (
        "Connection a() throws Exception {\n"
        '  return DriverManager.getConnection(Config.BASE + "?sslMode=" + Modes.DISABLED.name()); }\n'
        "Connection b() throws Exception {\n"
        '  return DriverManager.getConnection(Config.BASE + "?sslMode=" + Modes.VERIFY_IDENTITY); }\n'
        "Connection c() throws Exception {\n"
        '  return DriverManager.getConnection(Config.BASE + "?" + Keys.xMode.getKeyName() + "=x"); }\n'
        "Connection d() throws Exception {\n"
        '  return DriverManager.getConnection(Config.BASE + "?sslMode=" + Loud.A); }'
    )
    imports = "import com.x.config.*;"
    assert urls(lint(tmp_path, body, imports)) == [
        "jdbc:mysql://db.example.com/app?sslMode=DISABLED",
        "jdbc:mysql://db.example.com/app?sslMode=VERIFY_IDENTITY",
        "jdbc:mysql://db.example.com/app?x.ssl-mode=x",
        "jdbc:mysql://db.example.com/app?sslMode=" + DYNAMIC,  # toString() of its own
    ]


def test_connector_j_enums_outside_the_project(tmp_path: Path) -> None:
    body = """Connection a() throws Exception {
        Properties p = new Properties();
        p.setProperty(PropertyKey.USER.getKeyName(), "app");
        p.setProperty(PropertyKey.xdevapiSslMode.getKeyName(), "DISABLED");
        p.setProperty(PropertyKey.sslMode.getKeyName(), SslMode.VERIFY_CA.name());
        p.setProperty("other", PropertyDefinitions.SslMode.REQUIRED + "");
        return DriverManager.getConnection("jdbc:mysql://h/db", p);
    }"""
    found = lint(tmp_path, body, "import com.mysql.cj.conf.PropertyKey;")
    assert {s.key: s.value for s in found[0].settings} == {
        "user": "app",
        "xdevapi.ssl-mode": "DISABLED",
        "sslMode": "VERIFY_CA",
        "other": "REQUIRED",
    }


def test_without_a_project_nothing_crosses_files() -> None:
    text = (
        "import com.x.config.Config;\nclass A { Connection c() throws Exception {\n"
        "  return DriverManager.getConnection(Config.BASE + Config.OFF); } }\n"
    )
    found = [c for c in extract("A.java", text).candidates if c.kind is CandidateKind.JDBC]
    assert urls(found) == [DYNAMIC * 2]


def test_a_file_naming_nothing_of_mysql_reports_only_known_urls(tmp_path: Path) -> None:
    # Read for its DriverManager call (the prefilter's reach words): through a
    # constant, a connection; an unknown URL is another database's or nobody's.
    body = (
        "Connection c() throws Exception { return DriverManager.getConnection(Config.BASE + Config.OFF); }\n"
        "Connection d(String url) throws Exception { return DriverManager.getConnection(url); }"
    )
    found = lint(tmp_path, body, "import com.x.config.Config;")
    assert urls(found) == ["jdbc:mysql://db.example.com/app?sslMode=DISABLED"]
    # A file that names MySQL keeps its unknown URL.
    found = lint(tmp_path, body + "\n// MySQL", "import com.x.config.Config;")
    assert sorted(urls(found)) == sorted([DYNAMIC, "jdbc:mysql://db.example.com/app?sslMode=DISABLED"])


def test_a_local_field_of_the_same_name_is_not_another_class_constant(tmp_path: Path) -> None:
    body = (
        'static final String OFF = "?sslMode=REQUIRED";\n'
        "Connection c() throws Exception { return DriverManager.getConnection(Config.BASE + Config.OFF); }"
    )
    found = lint(tmp_path, body, "import com.x.config.Config;")
    assert urls(found) == ["jdbc:mysql://db.example.com/app?sslMode=DISABLED"]


def test_a_chain_of_constants_names_each_step(tmp_path: Path) -> None:
    # Config.CHAIN2 = CHAIN + …, CHAIN = Defaults.OPTS + OFF: each constant the value
    # took between files is a step, origin first (issue 16, "How findings are placed");
    # OFF, a plain literal of the same file, is none.
    chain = CONFIG.replace(
        "    public static String changing",
        '    public static final String CHAIN = Defaults.OPTS + "&x=1" + OFF;\n'
        '    public static final String CHAIN2 = CHAIN + "&y=2";\n'
        "    public static String changing",
    )
    found = lint(
        tmp_path,
        "Connection c() throws Exception {"
        " return DriverManager.getConnection(Config.BASE + Config.CHAIN2); }",
        "import com.x.config.Config;",
        files={"src/main/java/com/x/config/Config.java": chain},
    )
    assert urls(found) == ["jdbc:mysql://db.example.com/app?sslMode=REQUIRED&x=1?sslMode=DISABLED&y=2"]
    labels = [h.label for h in found[0].trail]
    assert labels == ["via Config.BASE", "via Defaults.OPTS", "via Config.CHAIN", "via Config.CHAIN2"]
    step = found[0].trail[2]
    assert step.location.path.endswith("Config.java") and step.location.line == 7


def test_a_constant_named_again_is_looked_up_once(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """``Config.OFF`` named three times: one lookup of the class and constant, the
    same value each time; a cycle (``Config.LOOP``) named twice stays unknown twice.
    """
    from connlint.frontends.java_project import Resolver

    asked: list[str] = []
    constant = Resolver._constant

    def counting(self, p, names, field_name):  # type: ignore[no-untyped-def]
        asked.append(field_name)
        return constant(self, p, names, field_name)

    monkeypatch.setattr(Resolver, "_constant", counting)
    body = "\n".join(
        f"Connection c{i}() throws Exception {{\n"
        f"  return DriverManager.getConnection(Config.BASE + Config.{name}); }}"
        for i, name in enumerate(["OFF", "LOOP", "OFF", "LOOP", "OFF"])
    )
    found = lint(tmp_path, body, "import com.x.config.Config;")
    off = "jdbc:mysql://db.example.com/app?sslMode=DISABLED"
    loop = "jdbc:mysql://db.example.com/app" + DYNAMIC
    assert urls(found) == [off, loop, off, loop, off]
    assert asked.count("OFF") == 1 and asked.count("BASE") == 1
