"""Python dependency files: pins, ranges, lock files; names normalised, versions located."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from connlint.frontends import python_deps
from connlint.model import Dependency, Level, Location


def deps(text: str, path: str = "requirements.txt") -> list[Dependency]:
    return python_deps.extract(path, text).dependencies


def only(text: str, path: str = "requirements.txt") -> Dependency:
    [d] = deps(text, path)
    return d


def text_at(text: str, loc: Location) -> str:
    assert loc.line == loc.end_line
    return text.split("\n")[loc.line - 1][loc.column - 1 : loc.end_column - 1]


def test_exact_pin_is_located() -> None:
    text = "requests==2.31.0\nPyMySQL==1.1.1\n"
    d = only(text)
    assert (d.ecosystem, d.name, d.version, d.spec) == ("pypi", "pymysql", "1.1.1", None)
    assert d.location == Location("requirements.txt", 2, 10, 2, 15)


def test_names_are_normalised() -> None:
    text = "mysql_connector_python==8.3.0\nMySQLClient==2.2.4\nAioMySQL===0.2.0\nasyncmy==0.2.9\n"
    assert [(d.name, d.version) for d in deps(text)] == [
        ("mysql-connector-python", "8.3.0"),
        ("mysqlclient", "2.2.4"),
        ("aiomysql", "0.2.0"),
        ("asyncmy", "0.2.9"),
    ]


def test_lookalike_names_are_not_drivers() -> None:
    assert deps("pymysql-pool==0.4\nmysql-connector==2.2.9\naiomysql-extra==1\n") == []


def test_boundary_versions() -> None:
    assert only("PyMySQL==1.1.1\n").version == "1.1.1"
    assert only("PyMySQL==1.2.0\n").version == "1.2.0"


def test_extras_markers_comments_and_hashes() -> None:
    text = 'PyMySQL[rsa] == 1.1.1 ; python_version >= "3.8"  # pinned \\\n    --hash=sha256:abc\n'
    d = only(text)
    assert d.version == "1.1.1" and text_at(text, d.location) == "1.1.1"


def test_ranges() -> None:
    # The range leaves the major.minor open: unknown, spec kept.
    for spec in (">=1.0", ">=1.0,<2", "~=1.1", "!=1.1.0", ">=1.1.0,<1.3"):
        d = only(f"PyMySQL{spec}\n")
        assert d.version is None and d.spec == spec, spec
    # The range fixes major.minor: the lowest allowed version as written.
    for spec, version in (
        ("~=1.1.0", "1.1.0"),
        ("==1.1.*", "1.1"),
        (">=1.1,<1.2", "1.1"),
        (">=1.1.0,<=1.1.1", "1.1.0"),
        (">=1.2.0,<1.3", "1.2.0"),
    ):
        text = f"PyMySQL{spec}\n"
        d = only(text)
        assert (d.version, d.spec) == (version, spec), spec
        assert text_at(text, d.location) == version


def test_unpinned_and_url() -> None:
    d = only("PyMySQL\n")
    assert d.version is None and d.spec is None
    d = only("PyMySQL @ git+https://github.com/PyMySQL/PyMySQL@main\n")
    assert d.version is None and d.note == "installed from a URL"


def test_includes_are_noted_not_followed() -> None:
    out = python_deps.extract("requirements.txt", "-r base.txt\n-c constraints.txt\nPyMySQL==1.1.1\n")
    assert [n.level for n in out.notifications] == [Level.NOTE, Level.NOTE]
    assert "base.txt" in out.notifications[0].message
    assert [d.version for d in out.dependencies] == ["1.1.1"]


PYPROJECT = """\
[project]
name = "svc"
dependencies = [
    "requests>=2",
    "PyMySQL==1.2.0",  # TLS by default
]

[project.optional-dependencies]
async = ["aiomysql>=0.2.0,<0.3"]

[dependency-groups]
dev = ["mysqlclient==2.2.4"]

[tool.poetry.dependencies]
python = "^3.11"
mysql-connector-python = "8.3.0"
asyncmy = { version = "~0.2.9", optional = true }

[tool.poetry.group.test.dependencies]
pymysql = "^1.1.0"
"""


def test_pyproject_pep621_and_poetry() -> None:
    found = deps(PYPROJECT, "pyproject.toml")
    assert [(d.name, d.version, d.spec, d.location.line) for d in found] == [
        ("pymysql", "1.2.0", None, 5),
        ("aiomysql", "0.2.0", ">=0.2.0,<0.3", 9),
        ("mysqlclient", "2.2.4", None, 12),
        ("mysql-connector-python", "8.3.0", None, 16),
        ("asyncmy", "0.2.9", "~0.2.9", 17),
        ("pymysql", None, "^1.1.0", 20),
    ]
    for d in found:
        if d.version:
            assert text_at(PYPROJECT, d.location) == d.version


def test_pyproject_project_name_is_not_a_dependency() -> None:
    assert deps('[project]\nname = "PyMySQL"\nversion = "1.2.0"\ndependencies = []\n', "pyproject.toml") == []


def test_invalid_pyproject_is_a_notification() -> None:
    out = python_deps.extract("pyproject.toml", "[project\ndependencies = [")
    assert out.dependencies == [] and len(out.notifications) == 1


def test_poetry_lock() -> None:
    text = (
        '[[package]]\nname = "PyMySQL"\nversion = "1.1.1"\ndescription = "x"\n\n'
        '[package.extras]\nrsa = ["cryptography"]\n\n'
        '[[package]]\nname = "requests"\nversion = "2.31.0"\n'
    )
    d = only(text, "poetry.lock")
    assert (d.name, d.version) == ("pymysql", "1.1.1")
    assert d.location == Location("poetry.lock", 3, 12, 3, 17)


def test_uv_lock() -> None:
    text = (
        'version = 1\n\n[[package]]\nname = "app"\nversion = "0.1.0"\n'
        'dependencies = [{ name = "pymysql" }]\n\n'
        '[[package]]\nname = "pymysql"\nversion = "1.2.0"\n'
        'source = { registry = "https://pypi.org/simple" }\n'
    )
    d = only(text, "uv.lock")
    assert (d.name, d.version, d.location.line) == ("pymysql", "1.2.0", 10)


def test_pipfile_lock() -> None:
    text = (
        '{\n  "_meta": {"hash": {"sha256": "x"}},\n  "default": {\n'
        '    "pymysql": {\n      "hashes": ["sha256:a"],\n      "index": "pypi",\n'
        '      "version": "==1.1.1"\n    }\n  },\n  "develop": {}\n}\n'
    )
    d = only(text, "Pipfile.lock")
    assert (d.name, d.version) == ("pymysql", "1.1.1")
    assert text_at(text, d.location) == "1.1.1"


def test_invalid_lock_files_are_notifications() -> None:
    for name in ("poetry.lock", "uv.lock", "Pipfile.lock"):
        out = python_deps.extract(name, "[[package]\n{")
        assert out.dependencies == [] and len(out.notifications) == 1, name


@settings(derandomize=True, max_examples=200)
@given(st.text())
def test_extract_never_raises(text: str) -> None:
    for name in ("requirements.txt", "pyproject.toml", "poetry.lock", "uv.lock", "Pipfile.lock"):
        python_deps.extract(name, text)


@settings(derandomize=True, max_examples=300)
@given(st.text(alphabet="pymysqlPyMySQL=<>~!*.,;[]()@#-_ 0123456789\n\\\"'", max_size=120))
def test_extract_never_raises_on_requirement_like_text(text: str) -> None:
    python_deps.extract("requirements.txt", "PyMySQL" + text)
    python_deps.extract("pyproject.toml", '[project]\ndependencies = ["PyMySQL' + text)
    python_deps.extract("pyproject.toml", "[tool.poetry.dependencies]\npymysql = " + text)
