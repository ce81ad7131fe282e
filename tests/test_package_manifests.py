"""Driver versions from go.mod, Gemfile.lock, .csproj, package.json and their lock files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connlint.config import Config
from connlint.engine import run
from connlint.frontends import package_manifests as pm
from connlint.model import Assumptions
from connlint.scope import Scope

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "projects"
WANTED = frozenset(
    {
        "go:github.com/go-sql-driver/mysql",
        "gem:mysql2",
        "gem:trilogy",
        "nuget:mysqlconnector",
        "nuget:mysql.data",
        "npm:mysql2",
    }
)


def _versions(deps: list) -> dict[str, str | None]:
    return {d.name: d.version for d in deps}


def test_go_mod_block_and_single_line() -> None:
    block = (
        "module x\n\nrequire (\n\tgithub.com/go-sql-driver/mysql v1.7.1 // indirect\n"
        "\tgithub.com/x/y v0.1.0\n)\n"
    )
    deps = pm.go_mod("go.mod", block, WANTED)
    assert _versions(deps) == {"go:github.com/go-sql-driver/mysql": "1.7.1"}
    assert (deps[0].location.line, deps[0].location.column) == (4, 33)
    single = "module x\nrequire github.com/go-sql-driver/mysql v1.5.0\n"
    assert _versions(pm.go_mod("go.mod", single, WANTED)) == {"go:github.com/go-sql-driver/mysql": "1.5.0"}


def test_go_mod_other_modules_and_replacements_are_not_the_driver() -> None:
    text = "require github.com/go-sql-driver/mysqlx v1.0.0\nreplace github.com/a/b => ../b\n"
    assert pm.go_mod("go.mod", text, WANTED) == []


def test_gemfile_lock_specs_with_platform_suffix() -> None:
    text = (
        "GEM\n  specs:\n    mysql2 (0.5.6-x86_64-linux)\n    trilogy (2.9.0)\n\n"
        "DEPENDENCIES\n  trilogy (~> 2.9)\n"
    )
    assert _versions(pm.gemfile_lock("Gemfile.lock", text, WANTED)) == {
        "gem:mysql2": "0.5.6",
        "gem:trilogy": "2.9.0",
    }


def test_csproj_attribute_element_exact_range_and_property() -> None:
    text = (
        '<Project><ItemGroup>\n<PackageReference Include="MySqlConnector" Version="[2.1.2]" />\n'
        '<PackageReference Include="MySql.Data">\n  <Version>6.9.6</Version>\n</PackageReference>\n'
        "</ItemGroup></Project>\n"
    )
    assert _versions(pm.msbuild("a.csproj", text, WANTED)) == {
        "nuget:mysqlconnector": "2.1.2",
        "nuget:mysql.data": "6.9.6",
    }
    ranged = (
        '<PackageReference Include="mysqlconnector" Version="[2.0,3.0)" />'
        '<PackageReference Include="MySql.Data" Version="$(V)" />'
    )
    deps = pm.msbuild("a.csproj", ranged, WANTED)
    assert _versions(deps) == {"nuget:mysqlconnector": None, "nuget:mysql.data": None}
    assert all(d.note for d in deps)


def test_central_package_management(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "Directory.Packages.props").write_text(
        '<Project><ItemGroup><PackageVersion Include="MySqlConnector" Version="2.1.2" /></ItemGroup>'
    )
    api = tmp_path / "src" / "Api"
    api.mkdir(parents=True)
    (api / "Api.csproj").write_text('<ItemGroup><PackageReference Include="MySqlConnector" /></ItemGroup>')
    worker = tmp_path / "src" / "Worker"
    worker.mkdir(parents=True)
    (worker / "Worker.csproj").write_text(
        '<PackageReference Include="MySqlConnector" VersionOverride="2.4.0" />'
    )
    scope = Scope(Assumptions())
    assert scope.assumptions_for(api / "appsettings.json").version("mysqlconnector") == "2.1.2"
    assert scope.assumptions_for(worker / "appsettings.json").version("mysqlconnector") == "2.4.0"


def test_nuget_lock_gives_transitive_versions() -> None:
    text = (
        '{"version": 1, "dependencies": {"net8.0": '
        '{"Pomelo.EntityFrameworkCore.MySql": {"resolved": "8.0.2"}, '
        '"MySqlConnector": {"type": "Transitive", "resolved": "2.3.5"}}}}'
    )
    assert _versions(pm.nuget_lock("packages.lock.json", text, WANTED)) == {"nuget:mysqlconnector": "2.3.5"}


def test_package_json_exact_and_range() -> None:
    assert _versions(pm.package_json("package.json", '{"dependencies": {"mysql2": "3.9.7"}}', WANTED)) == {
        "npm:mysql2": "3.9.7"
    }
    deps = pm.package_json("package.json", '{"devDependencies": {"mysql2": "^2.3.0"}}', WANTED)
    assert _versions(deps) == {"npm:mysql2": None} and deps[0].spec == "^2.3.0"


def test_package_lock_top_level_only() -> None:
    text = (
        '{"lockfileVersion": 3, "packages": {"": {}, "node_modules/mysql2": {"version": "3.11.0"}, '
        '"node_modules/x/node_modules/mysql2": {"version": "2.0.0"}}}'
    )
    assert _versions(pm.package_lock("package-lock.json", text, WANTED)) == {"npm:mysql2": "3.11.0"}


@given(st.text(max_size=300))
def test_readers_never_raise(text: str) -> None:
    for name in (
        "go.mod",
        "Gemfile.lock",
        "a.csproj",
        "packages.lock.json",
        "package.json",
        "package-lock.json",
    ):
        reader = pm.reader_for(name)
        assert reader is not None
        reader(name, text, WANTED)


def test_scope_reads_package_files_lock_before_manifest(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "package.json").write_text('{"dependencies": {"mysql2": "^3.0.0"}}')
    (tmp_path / "package-lock.json").write_text(
        '{"packages": {"node_modules/mysql2": {"version": "3.10.2"}}}'
    )
    (tmp_path / "go.mod").write_text("module m\nrequire github.com/go-sql-driver/mysql v1.4.1\n")
    (tmp_path / "Gemfile.lock").write_text("GEM\n  specs:\n    trilogy (2.8.1)\n")
    (tmp_path / "App.csproj").write_text('<PackageReference Include="MySqlConnector" Version="2.1.8" />')
    versions = Scope(Assumptions()).assumptions_for(tmp_path / "config.yml").versions
    assert {k: versions[k].version for k in versions} == {
        "node-mysql2": "3.10.2",
        "go-sql-driver-mysql": "1.4.1",
        "trilogy": "2.8.1",
        "mysqlconnector": "2.1.8",
    }


@pytest.mark.parametrize(
    ("project", "client", "version"),
    [
        ("go-mysql-1.4.1", "go-sql-driver/mysql", "1.4.1"),
        ("dotnet-mysqlconnector-2.1.8", "MySqlConnector / Connector/NET", "2.1.8"),
        ("node-mysql2-3.9", "Node.js mysql2", "3.9.7"),  # package-lock.json before package.json's range
    ],
)
def test_inventory_shows_the_declared_version(project: str, client: str, version: str) -> None:
    report = run([FIXTURES / project], Config(select=("ALL",)), jobs=1)
    versions = {(c.client, c.version) for c in report.connections}
    assert versions == {(client, version)}


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("go.mod", "\n"),
        ("go.mod", " \n\t"),
        ("Gemfile.lock", "    \n"),
        ("a.csproj", '<PackageReference Include="x" '),
        ("a.csproj", '<PackageReference Include="MySqlConnector"><Version>' + " " * 50),
        ("package.json", '"'),
    ],
)
def test_readers_scale_linearly(name: str, unit: str) -> None:
    from scaling import assert_linear

    reader = pm.reader_for(name)
    assert reader is not None

    def make(n: int) -> Callable[[], object]:
        text = unit * n
        return lambda: reader(name, text, WANTED)

    assert_linear(make, 2000, f"{name} made of {unit!r}")


def test_lock_file_without_a_driver_is_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(_: str) -> object:
        raise AssertionError("parsed")

    monkeypatch.setattr(pm.json, "loads", fail)
    lock = '{"packages": {"node_modules/express": {"version": "4.19.2"}}}'
    assert pm.package_lock("package-lock.json", lock, WANTED) == []
    assert pm.nuget_lock("packages.lock.json", '{"dependencies": {}}', WANTED) == []
    assert pm.package_json("package.json", '{"dependencies": {"pg": "8.0.0"}}', WANTED) == []
