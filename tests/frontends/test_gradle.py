"""Gradle front-end: string and map notation, variables, catalogs; versions located exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connlint.frontends import gradle
from connlint.frontends.maven import Located
from connlint.model import Dependency, Level, Location


def extract(text: str, path: str = "build.gradle") -> list[Dependency]:
    return gradle.extract(path, text).dependencies


def only(text: str, path: str = "build.gradle") -> Dependency:
    [d] = extract(text, path)
    return d


def text_at(text: str, loc: Location) -> str:
    assert loc.line == loc.end_line
    return text.split("\n")[loc.line - 1][loc.column - 1 : loc.end_column - 1]


def test_groovy_string_notation_every_configuration() -> None:
    for conf in ("implementation", "runtimeOnly", "compileOnly", "api", "testImplementation", "runtime"):
        text = f"dependencies {{\n    {conf} 'mysql:mysql-connector-java:8.0.28'\n}}\n"
        d = only(text)
        assert (d.ecosystem, d.name, d.version) == ("maven", "mysql:mysql-connector-java", "8.0.28")
        assert text_at(text, d.location) == "8.0.28" and d.location.line == 2


def test_kotlin_string_notation() -> None:
    text = 'dependencies {\n    implementation("com.mysql:mysql-connector-j:8.2.0")\n}\n'
    d = only(text, "build.gradle.kts")
    assert d.version == "8.2.0"
    assert d.location == Location("build.gradle.kts", 2, 49, 2, 54)


def test_other_artifacts_and_lookalikes_are_ignored() -> None:
    text = (
        "dependencies {\n"
        "  implementation 'org.postgresql:postgresql:42.7.1'\n"
        "  implementation 'mysql:mysql-connector-java-extra:1.0'\n"
        "  implementation 'com.mysql:mysql-connector-java:8.0.31'\n"
        "  exclude group: 'mysql', module: 'mysql-connector-java'\n"
        "}\n"
    )
    assert extract(text) == []


def test_classifier_and_extension_are_dropped() -> None:
    assert only("implementation 'com.mysql:mysql-connector-j:8.0.33:sources@jar'").version == "8.0.33"
    assert only("implementation 'com.mysql:mysql-connector-j:8.0.33@jar'").version == "8.0.33"


def test_mariadb_client() -> None:
    d = only('runtimeOnly("org.mariadb.jdbc:mariadb-java-client:3.3.2")')
    assert (d.name, d.version) == ("org.mariadb.jdbc:mariadb-java-client", "3.3.2")


def test_map_notation_groovy_and_kotlin() -> None:
    groovy = "implementation group: 'mysql', name: 'mysql-connector-java', version: '5.1.49'\n"
    d = only(groovy)
    assert d.version == "5.1.49" and text_at(groovy, d.location) == "5.1.49"
    kotlin = (
        'implementation(\n    group = "mysql",\n    name = "mysql-connector-java",\n'
        '    version = "5.1.38",\n)\n'
    )
    d = only(kotlin, "build.gradle.kts")
    assert d.version == "5.1.38" and d.location.line == 4


def test_map_notation_with_other_group_is_ignored() -> None:
    assert extract("implementation group: 'com.other', name: 'mysql-connector-j', version: '1'") == []


def test_variables_point_at_their_definition() -> None:
    cases = {
        "ext {\n    mysqlVersion = '8.0.12'\n}\n": 2,
        "ext.mysqlVersion = '8.0.12'\n": 1,
        "def mysqlVersion = '8.0.12'\n": 1,
        'val mysqlVersion = "8.0.12"\n': 1,
        'val mysqlVersion: String = "8.0.12"\n': 1,
        'extra["mysqlVersion"] = "8.0.12"\n': 1,
        'val mysqlVersion by extra("8.0.12")\n': 1,
    }
    for define, line in cases.items():
        for use in (
            "$mysqlVersion",
            "${mysqlVersion}",
            "${project.ext.mysqlVersion}",
            '${property("mysqlVersion")}',
        ):
            text = define + f'dependencies {{ implementation "mysql:mysql-connector-java:{use}" }}\n'
            d = only(text)
            assert d.version == "8.0.12", (define, use)
            assert d.location.line == line and text_at(text, d.location) == "8.0.12", (define, use)


def test_map_notation_with_variable() -> None:
    text = "def v = '5.1.37'\nimplementation group: 'mysql', name: 'mysql-connector-java', version: v\n"
    d = only(text)
    assert d.version == "5.1.37" and d.location.line == 1
    text = "def v = '5.1.37'\nimplementation group: 'mysql', name: 'mysql-connector-java', version: \"$v\"\n"
    assert only(text).version == "5.1.37"


def test_commented_out_dependency_is_ignored() -> None:
    text = (
        "// implementation 'mysql:mysql-connector-java:5.1.37'\n"
        "/* implementation 'mysql:mysql-connector-java:5.1.36' */\n"
        "implementation 'mysql:mysql-connector-java:5.1.38'\n"
    )
    assert [d.version for d in extract(text)] == ["5.1.38"]


def test_variable_from_outside_the_file_is_unknown_without_context() -> None:
    d = only('implementation "com.mysql:mysql-connector-j:$mysqlVersion"')
    assert d.version is None and "mysqlVersion" in (d.note or "")


def test_variable_from_context() -> None:
    where = Location("gradle.properties", 3, 14, 3, 20)
    context = gradle.Context(variables={"mysqlVersion": Located("8.0.13", where)})
    [d] = gradle.scan(
        "build.gradle", 'implementation "com.mysql:mysql-connector-j:$mysqlVersion"', context
    ).dependencies
    assert d.version == "8.0.13" and d.location == where


def test_dynamic_versions_and_ranges_are_specs() -> None:
    for spec in ("8.+", "latest.release", "[8.0,9.0)"):
        d = only(f"implementation 'com.mysql:mysql-connector-j:{spec}'")
        assert d.version is None and d.spec == spec


def test_no_version_is_left_to_a_platform() -> None:
    d = only("implementation 'com.mysql:mysql-connector-j'")
    assert d.version is None and "platform" in (d.note or "")


def test_concatenation_is_unknown_with_a_notification() -> None:
    out = gradle.extract("build.gradle", 'implementation("com.mysql:mysql-connector-j:" + v)')
    assert [d.version for d in out.dependencies] == [None]
    assert len(out.notifications) == 1


def test_unreadable_map_is_unknown_with_one_notification() -> None:
    text = (
        "implementation group: g, name: 'mysql-connector-java', version: '1'\n"
        "runtimeOnly group: g, name: 'mysql-connector-java'\n"
    )
    out = gradle.extract("build.gradle", text)
    assert [d.version for d in out.dependencies] == [None, None]
    assert len(out.notifications) == 1


CATALOG = """\
[versions]
mysql = "8.0.33"
mariadb = { strictly = "3.3.2" }

[libraries]
mysql-connector = { module = "com.mysql:mysql-connector-j", version.ref = "mysql" }
mariadb-client = { group = "org.mariadb.jdbc", name = "mariadb-java-client", version.ref = "mariadb" }
old-mysql = "mysql:mysql-connector-java:5.1.49"
spring = { module = "org.springframework:spring-core", version = "6.1.0" }
"""


def test_version_catalog_file() -> None:
    found = extract(CATALOG, "gradle/libs.versions.toml")
    assert [(d.name, d.version, d.location.line) for d in found] == [
        ("com.mysql:mysql-connector-j", "8.0.33", 2),
        ("org.mariadb.jdbc:mariadb-java-client", "3.3.2", 3),
        ("mysql:mysql-connector-java", "5.1.49", 8),
    ]
    for d in found:
        assert text_at(CATALOG, d.location) == d.version


def test_catalog_accessors_with_context() -> None:
    catalog = gradle.parse_catalog("gradle/libs.versions.toml", CATALOG)
    assert catalog is not None
    text = "dependencies {\n  implementation(libs.mysql.connector)\n  runtimeOnly libs.old.mysql\n}\n"
    out = gradle.scan("build.gradle.kts", text, gradle.Context(catalogs={"libs": catalog}))
    assert {(d.name, d.version, d.location.path) for d in out.dependencies} == {
        ("com.mysql:mysql-connector-j", "8.0.33", "gradle/libs.versions.toml"),
        ("mysql:mysql-connector-java", "5.1.49", "gradle/libs.versions.toml"),
    }
    # A longer alias that only starts like ours is another library.
    out = gradle.scan(
        "b.gradle.kts",
        "implementation(libs.mysql.connector.extra)",
        gradle.Context(catalogs={"libs": catalog}),
    )
    assert out.dependencies == []


def test_catalog_version_reference_in_string() -> None:
    catalog = gradle.parse_catalog("gradle/libs.versions.toml", CATALOG)
    assert catalog is not None
    text = 'implementation("com.mysql:mysql-connector-j:${libs.versions.mysql.get()}")'
    [d] = gradle.scan("build.gradle.kts", text, gradle.Context(catalogs={"libs": catalog})).dependencies
    assert d.version == "8.0.33"


def test_invalid_catalog_is_a_notification() -> None:
    out = gradle.extract("gradle/libs.versions.toml", "[versions\nmysql = ")
    assert out.dependencies == [] and len(out.notifications) == 1


def test_gradle_properties() -> None:
    props = gradle.read_properties("gradle.properties", "# c\nmysqlVersion=8.0.13\nother : x\n")
    assert props["mysqlVersion"] == Located("8.0.13", Location("gradle.properties", 2, 14, 2, 20))
    assert props["other"].value == "x"


@settings(derandomize=True, max_examples=300)
@given(st.text())
def test_extract_never_raises(text: str) -> None:
    gradle.extract("build.gradle", text)
    gradle.extract("gradle/libs.versions.toml", text)


@settings(derandomize=True, max_examples=300)
@given(
    st.text(
        alphabet="'\"$:{}()[]=+@ \n/*mysql-connector-javajgroupnameversionextdefval.0123456789", max_size=200
    )
)
def test_extract_never_raises_on_gradleish_text(text: str) -> None:
    gradle.extract("build.gradle.kts", "implementation 'mysql:mysql-connector-java:" + text)


def test_extract_reads_gradle_properties_next_to_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "app").mkdir()
    (tmp_path / "settings.gradle.kts").write_text('include("app")\n')
    (tmp_path / "gradle.properties").write_text("org.gradle.jvmargs=-Xmx1g\nmysqlVersion=8.0.13\n")
    text = 'dependencies {\n    runtimeOnly("mysql:mysql-connector-java:$mysqlVersion")\n}\n'
    monkeypatch.chdir(tmp_path)
    [d] = gradle.extract("app/build.gradle.kts", text).dependencies
    assert d.version == "8.0.13" and d.location.path == "app/build.gradle.kts"
    assert text_at(text, d.location) == "$mysqlVersion"
    assert d.note == "version `8.0.13` from gradle.properties:2"


def test_unterminated_driver_literal_is_unknown_with_one_note() -> None:
    text = "dependencies {\n    implementation 'mysql:mysql-connector-java:\n}\n"
    out = gradle.scan("build.gradle", text)
    (d,) = out.dependencies
    assert (d.name, d.version, d.note) == ("mysql:mysql-connector-java", None, "unterminated string literal")
    (n,) = out.notifications
    assert (n.level, n.line) == (Level.NOTE, 2) and "unterminated string" in n.message
    kts = 'dependencies {\n    implementation("com.mysql:mysql-connector-j:${v")\n}\n'
    (d,) = gradle.scan("build.gradle.kts", kts).dependencies
    assert d.version is None and d.note == "unterminated string literal"


def test_unterminated_map_version_is_unknown() -> None:
    text = "dependencies {\n  runtimeOnly group: 'mysql', name: 'mysql-connector-java', version: '5.1.49\n}\n"
    out = gradle.scan("build.gradle", text)
    assert [(d.version, d.note) for d in out.dependencies] == [(None, "unterminated string literal")]
    assert [(n.level, n.line) for n in out.notifications] == [(Level.NOTE, 2)]


def test_unbalanced_brackets_are_one_note_and_versions_are_still_read() -> None:
    text = (
        "dependencies {\n"
        '    implementation("com.mysql:mysql-connector-j:8.2.0"\n'
        '    implementation("com.mysql:mysql-connector-j:8.3.0"\n'
        "}\n"
    )
    out = gradle.scan("build.gradle.kts", text)
    assert [d.version for d in out.dependencies] == ["8.2.0", "8.3.0"]
    (n,) = out.notifications
    assert (n.level, n.line) == (Level.NOTE, 2) and "unclosed `(`" in n.message
    text = "dependencies {\n    implementation 'mysql:mysql-connector-java:5.1.49'\n}\n}\n"
    assert [n.line for n in gradle.scan("build.gradle", text).notifications] == [4]


def test_ordinary_build_logic_is_not_reported() -> None:
    text = (
        "plugins { id 'java' }\n"
        'def v = "${project.findProperty("x") ?: "{"}"\n'
        "def s = '''multi (\nline { '''\n"
        "tasks.register('x') { doLast { println \"}\" } } // )\n"
        "/* { */ dependencies { implementation 'mysql:mysql-connector-java:8.0.33' }\n"
    )
    out = gradle.scan("build.gradle", text)
    assert [d.version for d in out.dependencies] == ["8.0.33"] and out.notifications == []
    # A syntax error with no driver declared is none of connlint's business.
    assert gradle.scan("build.gradle", "dependencies {\n  implementation 'a:b:1\n").notifications == []
