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

    real = scope_module.read_context_file

    def counting(path: Path, display: str, max_size: int) -> tuple[str | None, object]:
        reads.append(path.name)
        return real(path, display, max_size)

    monkeypatch.setattr(scope_module, "read_context_file", counting)
    for name in ("a.py", "b.py", "sub/c.py", "sub/d.py"):
        assert scope.assumptions_for(repo / name).version("pymysql") == "1.1.1"
    assert reads == ["requirements.txt"]


# Build files read for context: what cannot be read is a notification naming
# the file and the version stays unknown, as with no build file; the run goes
# on.  Tests run as root, where a mode-000 directory is still readable: a
# symlink through a name longer than NAME_MAX fails every stat and open with
# ENAMETOOLONG whoever runs it, as one into an unreadable directory fails with
# EACCES.
def unusable_link(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(Path("x" * 300) / path.name)


def notes(scope: Scope) -> list[tuple[str, str]]:
    return [(n.path, n.message) for n in scope.take_notifications()]


DRIVER_POM = (
    "<project><dependencies>"
    + dependency("mysql", "mysql-connector-java", "5.1.38")
    + "</dependencies></project>"
)


@pytest.mark.parametrize(
    "name", ["pom.xml", "build.gradle", "build.gradle.kts", "requirements.txt", "uv.lock"]
)
def test_unreadable_build_file_is_a_notification(repo: Path, name: str) -> None:
    unusable_link(repo / "app" / name)
    write(repo, {"pom.xml": DRIVER_POM})
    scope = Scope(Assumptions())
    # The unreadable file declares nothing: the parent directory's POM governs.
    assert scope.assumptions_for(repo / "app" / "src" / "A.java").version("connector-j") == "5.1.38"
    (path, message), *more = notes(scope)
    assert path == f"app/{name}" and message.startswith("cannot read file: File name too long"), message
    assert more == []
    assert notes(scope) == []  # handed over once


def test_unusable_git_marker_does_not_stop_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    unusable_link(tmp_path / "repo" / ".git")
    write(tmp_path, {"repo/requirements.txt": "PyMySQL==1.1.1\n", "pom.xml": DRIVER_POM})
    monkeypatch.chdir(tmp_path)
    scope = Scope(Assumptions())
    a = scope.assumptions_for(tmp_path / "repo" / "app.py")
    # Something named .git is there: the repository root, even if unreadable.
    assert a.version("pymysql") == "1.1.1" and "connector-j" not in a.versions
    assert notes(scope) == []


def test_unreadable_maven_parent_is_a_notification(repo: Path) -> None:
    unusable_link(repo / "parent" / "pom.xml")
    write(
        repo,
        {
            "app/pom.xml": MODULE.replace("{name}", "app")
            .replace(
                "<version>1.0</version></parent>",
                "<version>1.0</version><relativePath>../parent</relativePath></parent>",
            )
            .replace("{deps}", dependency("mysql", "mysql-connector-java"))
        },
    )
    scope = Scope(Assumptions())
    dv = scope.assumptions_for(repo / "app" / "A.java").versions["connector-j"]
    assert dv.version is None
    assert notes(scope) == [("parent/pom.xml", "cannot read file: File name too long")]


def test_unreadable_gradle_context_is_a_notification(repo: Path) -> None:
    unusable_link(repo / "gradle.properties")
    write(
        repo,
        {
            "settings.gradle": "include 'app'\n",
            "app/build.gradle": 'dependencies { implementation "mysql:mysql-connector-java:5.1.49" }\n',
        },
    )
    scope = Scope(Assumptions())
    assert scope.assumptions_for(repo / "app" / "A.java").version("connector-j") == "5.1.49"
    assert notes(scope) == [("gradle.properties", "cannot read file: File name too long")]


def test_build_file_over_the_size_cap_is_not_read(repo: Path) -> None:
    write(
        repo,
        {
            "requirements.txt": "PyMySQL==1.1.1\n" + "# padding\n" * 200,
            "sub/requirements.txt": "PyMySQL==1.2.0\n",
        },
    )
    scope = Scope(Assumptions(), max_file_size=1024)
    assert "pymysql" not in scope.assumptions_for(repo / "app.py").versions
    assert scope.assumptions_for(repo / "sub" / "app.py").version("pymysql") == "1.2.0"
    assert notes(scope) == [("requirements.txt", "not analysed: 2015 bytes is over the 1024 byte size cap")]


def test_build_file_over_its_own_budget(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from connlint import budget
    from connlint.frontends import python_deps

    write(repo, {"requirements.txt": "PyMySQL==1.1.1\n", "pom.xml": DRIVER_POM})

    def endless(path: str, text: str) -> None:
        while True:
            budget.check()

    monkeypatch.setattr(python_deps, "extract", endless)
    scope = Scope(Assumptions(), file_time_budget=0.05)
    with budget.limited(1000):  # the budget of the file being linted
        outer = budget._deadline
        a = scope.assumptions_for(repo / "app.py")
        assert a.version("connector-j") == "5.1.38"  # the lookup, on first use
        # The file's budget is back, moved on by the time the lookup took (not charged).
        assert outer is not None and budget._deadline is not None and budget._deadline >= outer
        assert not budget.expired()
    assert "pymysql" not in a.versions and a.version("connector-j") == "5.1.38"
    assert notes(scope) == [("requirements.txt", "not analysed: took longer than the 0.05 s budget")]


def test_bug_reading_a_build_file(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from connlint.frontends import python_deps

    write(repo, {"requirements.txt": "PyMySQL==1.1.1\n", "pom.xml": DRIVER_POM})

    def broken(path: str, text: str) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(python_deps, "extract", broken)
    with pytest.raises(KeyError):  # CONNLINT_STRICT (conftest): a bug surfaces
        Scope(Assumptions()).assumptions_for(repo / "app.py").version("connector-j")
    monkeypatch.setenv("CONNLINT_STRICT", "0")
    scope = Scope(Assumptions())
    assert scope.assumptions_for(repo / "app.py").version("connector-j") == "5.1.38"
    [(path, message)] = notes(scope)
    assert path == "requirements.txt" and message.startswith("internal error in ") and "KeyError" in message


def test_fifo_named_like_a_build_file_is_not_opened(repo: Path) -> None:
    os.mkfifo(repo / "requirements.txt")
    scope = Scope(Assumptions())
    assert scope.assumptions_for(repo / "app.py").versions == {}


def test_build_files_are_read_only_for_a_connection_that_needs_a_version(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A commit without a versioned connection costs no build-file lookup (pre-commit
    latency): a file that only mentions MySQL, a `mysql` command line (no build file
    declares the client).  A JDBC URL does look the version up, and it applies.
    """
    from connlint import engine, scope, workers
    from connlint.config import Config

    write(
        repo,
        {
            "pom.xml": DRIVER_POM,
            "build.gradle": "dependencies { implementation 'org.mariadb.jdbc:mariadb-java-client:3.3.0' }\n",
            "requirements.txt": "PyMySQL==1.1.1\n",
            "app/Mention.java": "// Talks to MySQL through the service layer.\nclass Mention {}\n",
            "app/deploy.sh": "mysql --ssl-mode=DISABLED -h db.example.com app < schema.sql\n",
        },
    )
    reads: list[Path] = []
    real_read = scope.read_context_file

    def spy(path: Path, display: str, max_size: int = 1 << 20) -> tuple[str | None, object]:
        reads.append(path)
        return real_read(path, display, max_size)

    monkeypatch.setattr(scope, "read_context_file", spy)
    monkeypatch.setattr(workers, "available", lambda: False)  # lint here, where the spy is

    report = engine.run([Path("app")], Config())
    assert [(f.rule, f.location.path) for f in report.findings] == [("CL201", "app/deploy.sh")]
    assert reads == []

    write(repo, {"app/Db.java": 'class Db { String u = "jdbc:mysql://db.example.com/app?useSSL=true"; }\n'})
    report = engine.run([Path("app")], Config())
    assert Path(repo / "pom.xml") in reads
    (jdbc,) = [c for c in report.connections if c.driver == "connector-j"]
    assert jdbc.version == "5.1.38"  # the nearest build file's, as without the deferral


def test_the_drivers_own_version_file_in_its_repository(repo: Path) -> None:
    # Linting PyMySQL itself: pymysql/__init__.py states the version its tests run against.
    init = '__version__ = "2.2.8"  # mysqlclient\'s\nVERSION = (1, 2, 0, "final")\nVERSION_STRING = "1.2.0"\n'
    write(repo, {"pymysql/__init__.py": init, "pymysql/tests/test_x.py": ""})
    dv = versions(repo, "pymysql/tests/test_x.py")["pymysql"]
    assert dv.version == "1.2.0"
    assert dv.location is not None and (dv.location.path, dv.location.line) == ("pymysql/__init__.py", 2)


def test_a_pre_release_level_in_the_version_tuple(repo: Path) -> None:
    write(repo, {"pymysql/__init__.py": 'VERSION = (1, 2, 0, "rc", 1)\n'})
    assert versions(repo, "app.py")["pymysql"].version == "1.2.0rc1"
    write(repo, {"pymysql/__init__.py": 'VERSION_STRING = "1.1.1"\n'})
    assert versions(repo / "sub", "x.py")["pymysql"].version == "1.1.1"


def test_vendored_and_installed_drivers(repo: Path) -> None:
    write(repo, {"vendor/MySQLdb/release.py": 'version_info = (2, 2, 8, "final", 0)\n'})
    write(
        repo, {"site/PyMySQL-1.2.0.dist-info/METADATA": "Name: PyMySQL\nVersion: 1.2.0\n", "site/app.py": ""}
    )
    assert versions(repo, "app.py")["mysqlclient"].version == "2.2.8"
    dv = versions(repo, "site/app.py")["pymysql"]
    assert dv.version == "1.2.0" and dv.location is not None
    assert dv.location.path == "site/PyMySQL-1.2.0.dist-info/METADATA"


def test_a_lookup_without_a_driver_source_does_not_import_the_python_dependency_reader(
    tmp_path: Path,
) -> None:
    # Pre-commit latency: a Java file's lookup (a jdbc:mysql: URL asks which
    # driver the build declares) walks up through directories with a src/ and
    # no driver source; the reader of driver sources is imported only for one.
    import subprocess
    import sys

    (tmp_path / ".git").mkdir()
    write(tmp_path, {"src/main/java/Db.java": "", "lib/x.jar": "", "pom.xml": "<project/>"})
    java = str(tmp_path / "src/main/java/Db.java")
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from connlint.model import Assumptions\n"
        "from connlint.scope import Scope\n"
        f"v = Scope(Assumptions()).assumptions_for(Path({java!r})).versions\n"
        "dict(v)\n"
        "print('connlint.frontends.python_deps' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
    write(tmp_path, {"lib/mysql/connector/version.py": "VERSION = (9, 1, 0, '', 1)\n"})
    assert versions(tmp_path, "src/main/java/Db.java")["mysql-connector-python"].version == "9.1.0"


def test_a_context_file_is_read_as_far_as_it_goes_and_one_that_grew_to_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # read_context_file asks for the bytes fstat tells (not max_size + 1: a
    # buffer of the cap, 10 MB, for every file); a file that grew since is read
    # on to the cap, as a read of the cap read it.
    from connlint import scope as scope_module

    path = tmp_path / "a.properties"
    path.write_bytes(b"x" * 100)
    assert scope_module.read_context_file(path, "a", 100) == ("x" * 100, None)
    text, problem = scope_module.read_context_file(path, "a", 99)
    assert text is None and problem is not None and "over the 99 byte size cap" in problem.message
    real_fstat = os.fstat

    def shrunk(fd: int) -> os.stat_result:
        st = real_fstat(fd)
        return os.stat_result((st.st_mode, *st[1:6], 10, *st[7:]))  # st_size: 10 bytes when looked at

    monkeypatch.setattr(scope_module.os, "fstat", shrunk)
    assert scope_module.read_context_file(path, "a", 100) == ("x" * 100, None)
    text, problem = scope_module.read_context_file(path, "a", 50)
    assert text is None and problem is not None
    assert problem.message == "not analysed: 51 bytes is over the 50 byte size cap"  # as far as the cap
