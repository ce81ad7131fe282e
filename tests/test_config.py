from __future__ import annotations

from pathlib import Path

import pytest

from connlint.config import Config, ConfigError, find_config, load_config
from connlint.model import Level


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_pyproject_table(tmp_path: Path) -> None:
    cfg = load_config(
        _write(
            tmp_path / "pyproject.toml",
            '[tool.connlint]\nselect = ["CL2"]\nfail-on = "error"\nconnector-j-version = "8.0.33"\n'
            '[tool.connlint.per-file-ignores]\n"tests/*" = ["CL201"]\n',
        )
    )
    assert cfg.select == ("CL2",)
    assert cfg.fail_on is Level.ERROR
    assert cfg.assumptions.version("connector-j") == "8.0.33"
    assert cfg.per_file_ignores == {"tests/*": ("CL201",)}


def test_standalone_file_same_keys(tmp_path: Path) -> None:
    cfg = load_config(
        _write(tmp_path / ".connlint.toml", 'ignore = ["CL101"]\nmysql-client-family = "mariadb"\n')
    )
    assert cfg.ignore == ("CL101",)
    assert cfg.assumptions.mysql_client_family == "mariadb"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("selec = []\n", "unknown key `selec`"),
        ('fail-on = "fatal"\n', "`fail-on`"),
        ("select = 3\n", "`select`"),
        ('mysql-client-family = "percona"\n', "`mysql-client-family`"),
        ("connector-j-version = 8\n", "`connector-j-version`"),
        ("max-file-size = -1\n", "`max-file-size`"),
        ("[[x\n", "invalid TOML"),
    ],
)
def test_bad_values_name_file_and_key(tmp_path: Path, text: str, needle: str) -> None:
    path = _write(tmp_path / "connlint.toml", text)
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    assert str(path) in str(exc.value)
    assert needle in str(exc.value)


def test_closest_config_wins(tmp_path: Path) -> None:
    _write(tmp_path / ".connlint.toml", "")
    inner = _write(tmp_path / "svc" / "pyproject.toml", "[tool.connlint]\n")
    _write(tmp_path / "svc" / "src" / "x.py", "")
    assert find_config(tmp_path / "svc" / "src") == inner
    assert find_config(tmp_path) == tmp_path / ".connlint.toml"


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    _write(tmp_path / "connlint.toml", "")
    _write(tmp_path / "app" / "pyproject.toml", "[project]\nname='x'\n")
    assert find_config(tmp_path / "app") == tmp_path / "connlint.toml"


def test_default_config() -> None:
    assert Config().fail_on is Level.WARNING


# Values that TOML accepts but that would break every file of a run (an
# OverflowError in the clock, every file "over budget" or "over the size cap",
# a selector that matches nothing): each is a configuration error naming the
# file and the key, never an internal error or a silently empty run.
@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("file-time-budget = inf\n", "`file-time-budget`"),
        ("file-time-budget = nan\n", "`file-time-budget`"),
        ("file-time-budget = 1e300\n", "`file-time-budget`"),
        ("file-time-budget = 9223372036854775807\n", "`file-time-budget`"),
        ("file-time-budget = 1e-300\n", "`file-time-budget`"),
        ("max-file-size = 0.5\n", "`max-file-size`"),
        ("max-file-size = 1e6\n", "`max-file-size`"),
        ("max-file-size = inf\n", "`max-file-size`"),
        ("max-file-size = nan\n", "`max-file-size`"),
        ("max-file-size = 9223372036854775807\n", "`max-file-size`"),
        ('select = ["CL999"]\n', "`select`: unknown rule selector `CL999`"),
        ('ignore = ["ZZZ"]\n', "`ignore`: unknown rule selector `ZZZ`"),
        ('extend-select = ["CL2", ""]\n', "`extend-select`: unknown rule selector ``"),
        (
            '[per-file-ignores]\n"tests/*" = ["ZZZ"]\n',
            "`per-file-ignores.tests/*`: unknown rule selector `ZZZ`",
        ),
        ('exclude = ["!"]\n', "`exclude`: invalid pattern `!`"),
        ('force-exclude = "yes"\n', "`force-exclude`: expected true or false"),
        ('extend-exclude = ["\\\\"]\n', "`extend-exclude`: invalid pattern `\\`"),
    ],
)
def test_values_that_would_break_every_file(tmp_path: Path, text: str, needle: str) -> None:
    path = _write(tmp_path / "connlint.toml", text)
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    assert str(exc.value).startswith(f"{path}: "), exc.value
    assert needle in str(exc.value)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[tool]\nconnlint = 5\n", "`tool.connlint`: expected a table"),
        ('[tool]\nconnlint = "x"\n', "`tool.connlint`: expected a table"),
        ("tool = 5\n", "`tool`: expected a table"),
    ],
)
def test_pyproject_tool_connlint_not_a_table(tmp_path: Path, text: str, needle: str) -> None:
    path = _write(tmp_path / "pyproject.toml", text)
    with pytest.raises(ConfigError) as exc:
        load_config(find_config(tmp_path) or path)
    assert str(exc.value).startswith(f"{path}: ") and needle in str(exc.value)


@pytest.mark.parametrize(
    "text",
    [
        '[tool.connlint\nselect = ["CL1"]\n',
        '[tool.connlint]\nselect = ["CL1"\n',
        '[project]\nname = "x"\n[tool.connlint]\nignore = ["CL201"]\n[project]\n',
    ],
)
def test_invalid_pyproject_mentioning_connlint_is_an_error(tmp_path: Path, text: str) -> None:
    # Skipping it would silently drop the user's settings (a whole ignore
    # list, or the select that turns a rule on).
    path = _write(tmp_path / "pyproject.toml", text)
    _write(tmp_path / "app" / "x.properties", "")
    with pytest.raises(ConfigError) as exc:
        find_config(tmp_path / "app")
    assert str(exc.value).startswith(f"{path}: invalid TOML")


def test_invalid_pyproject_not_mentioning_connlint_is_skipped(tmp_path: Path) -> None:
    _write(tmp_path / "connlint.toml", "")
    _write(tmp_path / "app" / "pyproject.toml", "[project\nname = 'x'\n")
    assert find_config(tmp_path / "app") == tmp_path / "connlint.toml"


@pytest.mark.parametrize(
    "text",
    [
        "file-time-budget = 0.1\nmax-file-size = 1024\n",
        "file-time-budget = 86400\nmax-file-size = 1099511627776\n",
        'select = ["ALL"]\nignore = ["cl2", " CL301 "]\nexclude = ["!keep", "build/"]\n',
        '[per-file-ignores]\n"tests/*" = ["CL", "CL20"]\n',
    ],
)
def test_values_at_the_bounds_are_accepted(tmp_path: Path, text: str) -> None:
    load_config(_write(tmp_path / "connlint.toml", text))
