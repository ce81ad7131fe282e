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
