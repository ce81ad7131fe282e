"""Scope: walking up from a file to the build files that govern it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from connlint.model import Assumptions, DriverVersion
from connlint.scope import Scope


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def versions(root: Path, rel: str, configured: Assumptions | None = None) -> dict[str, DriverVersion]:
    return dict(Scope(configured or Assumptions()).assumptions_for(root / rel).versions)


def dependency(group: str, artifact: str, version: str | None = None) -> str:
    v = f"<version>{version}</version>" if version else ""
    return f"<dependency><groupId>{group}</groupId><artifactId>{artifact}</artifactId>{v}</dependency>"


PARENT = (
    "<project>\n"
    "  <groupId>com.example</groupId><artifactId>parent</artifactId><version>1.0</version>\n"
    "  <packaging>pom</packaging>\n"
    "  <properties>\n"
    "    <mysql.version>8.0.12</mysql.version>\n"
    "  </properties>\n"
    "  <dependencyManagement><dependencies>\n"
    f"    {dependency('mysql', 'mysql-connector-java', '${mysql.version}')}\n"
    "  </dependencies></dependencyManagement>\n"
    "</project>\n"
)
MODULE = (
    "<project>\n"
    "  <parent><groupId>com.example</groupId><artifactId>parent</artifactId><version>1.0</version></parent>\n"
    "  <artifactId>{name}</artifactId>\n"
    "  <dependencies>{deps}</dependencies>\n"
    "</project>\n"
)


def test_literal_version_from_nearest_pom(repo: Path) -> None:
    write(
        repo,
        {
            "pom.xml": "<project><dependencies>"
            + dependency("mysql", "mysql-connector-java", "5.1.38")
            + "</dependencies></project>",
            "src/main/resources/application.properties": "",
        },
    )
    v = versions(repo, "src/main/resources/application.properties")
    assert v["connector-j"].version == "5.1.38"
    assert v["connector-j"].location is not None and v["connector-j"].location.path == "pom.xml"


def test_multi_module_inherits_parent_managed_version(repo: Path) -> None:
    write(
        repo,
        {
            "pom.xml": PARENT,
            "app/pom.xml": MODULE.replace("{name}", "app").replace(
                "{deps}", dependency("mysql", "mysql-connector-java")
            ),
            "app/src/main/java/App.java": "",
        },
    )
    dv = versions(repo, "app/src/main/java/App.java")["connector-j"]
    assert dv.version == "8.0.12"
    assert dv.location is not None and (dv.location.path, dv.location.line) == ("pom.xml", 5)


def test_module_property_overrides_parent(repo: Path) -> None:
    module = MODULE.replace("{name}", "app").replace(
        "{deps}", dependency("mysql", "mysql-connector-java", "${mysql.version}")
    )
    module = module.replace(
        "</project>", "<properties><mysql.version>8.0.13</mysql.version></properties></project>"
    )
    write(repo, {"pom.xml": PARENT, "app/pom.xml": module})
    assert versions(repo, "app/x.properties")["connector-j"].version == "8.0.13"


def test_module_without_driver_sees_the_parent_declaration(repo: Path) -> None:
    write(repo, {"pom.xml": PARENT, "lib/pom.xml": MODULE.replace("{name}", "lib").replace("{deps}", "")})
    assert versions(repo, "lib/src/A.java")["connector-j"].version == "8.0.12"


def test_external_bom_is_unknown_and_never_guessed(repo: Path) -> None:
    write(
        repo,
        {
            "pom.xml": (
                "<project><parent><groupId>org.springframework.boot</groupId>"
                "<artifactId>spring-boot-starter-parent</artifactId><version>3.2.0</version><relativePath/></parent>"
                "<artifactId>svc</artifactId><dependencies>"
                + dependency("com.mysql", "mysql-connector-j")
                + "</dependencies></project>"
            )
        },
    )
    dv = versions(repo, "src/App.java")["connector-j"]
    assert dv.version is None
    assert dv.note == "managed by org.springframework.boot:spring-boot-starter-parent:3.2.0"
    # The configuration fills in what the build leaves to the BOM.
    configured = Assumptions(
        versions={"connector-j": DriverVersion("8.0.33", None, "configured in pyproject.toml")}
    )
    dv = versions(repo, "src/App.java", configured)["connector-j"]
    assert dv.version == "8.0.33"
    assert "spring-boot-starter-parent" in (dv.note or "")


def test_configured_versions_fill_in_only_where_no_build_file_says(repo: Path) -> None:
    write(repo, {"requirements.txt": "PyMySQL==1.2.0\n"})
    configured = Assumptions(
        versions={
            "pymysql": DriverVersion("1.1.1", None, "configured"),
            "connector-j": DriverVersion("8.0.33", None, "configured"),
        },
        mysql_client_family="mariadb",
    )
    a = Scope(configured).assumptions_for(repo / "app.py")
    assert a.version("pymysql") == "1.2.0"
    assert a.version("connector-j") == "8.0.33"
    assert a.mysql_client_family == "mariadb"


def test_nothing_declared_gives_configured(repo: Path) -> None:
    configured = Assumptions(versions={"connector-j": DriverVersion("8.0.33")})
    assert Scope(configured).assumptions_for(repo / "a" / "b.java").versions == configured.versions


def test_walk_stops_at_repository_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(
        tmp_path,
        {
            "pom.xml": "<project><dependencies>"
            + dependency("mysql", "mysql-connector-java", "5.1.38")
            + "</dependencies></project>"
        },
    )
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert "connector-j" not in versions(tmp_path, "repo/src/A.java")
    assert versions(tmp_path, "other/src/A.java")["connector-j"].version == "5.1.38"


def test_nearest_declaration_wins_per_driver(repo: Path) -> None:
    write(
        repo,
        {
            "requirements.txt": "PyMySQL==1.1.1\nmysqlclient==2.2.4\n",
            "services/api/requirements.txt": "PyMySQL==1.2.0\n",
        },
    )
    v = versions(repo, "services/api/app.py")
    assert v["pymysql"].version == "1.2.0"
    assert v["mysqlclient"].version == "2.2.4"


def test_lock_file_beats_a_range(repo: Path) -> None:
    write(
        repo,
        {
            "pyproject.toml": '[project]\nname = "x"\ndependencies = ["PyMySQL>=1.0"]\n',
            "poetry.lock": '[[package]]\nname = "pymysql"\nversion = "1.1.1"\n',
        },
    )
    dv = versions(repo, "x.py")["pymysql"]
    assert dv.version == "1.1.1" and dv.location is not None and dv.location.path == "poetry.lock"


def test_conflicting_versions_are_unknown(repo: Path) -> None:
    write(repo, {"requirements.txt": "PyMySQL==1.1.1\n", "requirements-dev.txt": "PyMySQL==1.2.0\n"})
    dv = versions(repo, "x.py")["pymysql"]
    assert dv.version is None and "1.1.1" in (dv.note or "") and "1.2.0" in (dv.note or "")


def test_gradle_properties_and_root_catalog(repo: Path) -> None:
    write(
        repo,
        {
            "settings.gradle.kts": 'include("app", "db")\n',
            "gradle.properties": "mariadbVersion=3.3.2\n",
            "gradle/libs.versions.toml": (
                '[versions]\nmysql = "8.0.31"\n[libraries]\n'
                'mysql-connector = { module = "com.mysql:mysql-connector-j", version.ref = "mysql" }\n'
            ),
            "app/build.gradle.kts": (
                "dependencies {\n  runtimeOnly(libs.mysql.connector)\n"
                '  runtimeOnly("org.mariadb.jdbc:mariadb-java-client:$mariadbVersion")\n}\n'
            ),
        },
    )
    v = versions(repo, "app/src/main/kotlin/App.kt")
    assert v["connector-j"].version == "8.0.31"
    assert (
        v["connector-j"].location is not None
        and v["connector-j"].location.path == "gradle/libs.versions.toml"
    )
    assert v["mariadb-java-client"].version == "3.3.2"


def test_gradle_root_ext_variable_is_visible_in_subproject(repo: Path) -> None:
    write(
        repo,
        {
            "settings.gradle": "include 'app'\n",
            "build.gradle": "ext {\n  mysqlVersion = '5.1.37'\n}\n",
            "app/build.gradle": (
                'dependencies { implementation "mysql:mysql-connector-java:${mysqlVersion}" }\n'
            ),
        },
    )
    dv = versions(repo, "app/src/A.java")["connector-j"]
    assert dv.version == "5.1.37" and dv.location is not None and dv.location.path == "build.gradle"


def test_malformed_pom_gives_unknown_version(repo: Path) -> None:
    write(
        repo, {"pom.xml": "<project><dependencies>" + dependency("mysql", "mysql-connector-java", "5.1.38")}
    )
    dv = versions(repo, "A.java")["connector-j"]
    assert dv.version is None and "malformed" in (dv.note or "")


def test_parent_cycle_terminates(repo: Path) -> None:
    cyc = (
        "<project><parent><groupId>g</groupId><artifactId>{p}</artifactId><version>1</version>"
        "<relativePath>{rel}</relativePath></parent><groupId>g</groupId><artifactId>{a}</artifactId>"
        "<dependencies>{d}</dependencies></project>"
    )
    write(
        repo,
        {
            "a/pom.xml": cyc.format(p="b", rel="../b", a="a", d=dependency("mysql", "mysql-connector-java")),
            "b/pom.xml": cyc.format(p="a", rel="../a", a="b", d=""),
        },
    )
    assert versions(repo, "a/A.java")["connector-j"].version is None


def test_relative_display_paths_and_absolute_outside_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "r" / ".git").mkdir(parents=True)
    write(tmp_path, {"r/requirements.txt": "PyMySQL==1.1.1\n"})
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    dv = versions(tmp_path, "r/app.py")["pymysql"]
    assert dv.location is not None and os.path.isabs(dv.location.path)


def test_each_directory_is_read_once(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo, {"requirements.txt": "PyMySQL==1.1.1\n"})
    scope = Scope(Assumptions())
    reads: list[str] = []
    from connlint import scope as scope_module

    real = scope_module._read

    def counting(path: Path) -> str | None:
        reads.append(path.name)
        return real(path)

    monkeypatch.setattr(scope_module, "_read", counting)
    for name in ("a.py", "b.py", "sub/c.py", "sub/d.py"):
        assert scope.assumptions_for(repo / name).version("pymysql") == "1.1.1"
    assert reads == ["requirements.txt"]
