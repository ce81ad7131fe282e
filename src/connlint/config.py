"""Configuration: ``[tool.connlint]`` in ``pyproject.toml``, or a standalone
``.connlint.toml`` / ``connlint.toml`` with the same keys (most target
repositories are Java or shell, with no pyproject.toml).

The closest configuration file to the first path linted wins; ``--config``
names one explicitly and ``--isolated`` ignores them all.  Unknown keys and
bad values are errors that name the file and the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from connlint.model import Assumptions, DriverVersion, Level

CONFIG_NAMES = (".connlint.toml", "connlint.toml", "pyproject.toml")

# Version keys -> driver id of Assumptions.versions.
_VERSION_KEYS: dict[str, str] = {
    "connector-j-version": "connector-j",
    "mariadb-java-client-version": "mariadb-java-client",
    "mysql-client-version": "mysql-client",
    "mariadb-client-version": "mariadb-client",
    "pymysql-version": "pymysql",
    "mysql-connector-python-version": "mysql-connector-python",
    "mysqlclient-version": "mysqlclient",
    "aiomysql-version": "aiomysql",
    "asyncmy-version": "asyncmy",
}
_LIST_KEYS = ("select", "ignore", "extend-select", "exclude", "extend-exclude")
_KNOWN_KEYS = frozenset(
    {
        *_LIST_KEYS,
        *_VERSION_KEYS,
        "per-file-ignores",
        "fail-on",
        "mysql-client-family",
        "max-file-size",
        "file-time-budget",
    }
)

#: Seconds one file may take before it is reported and skipped.  A safety net,
#: not a speed limit: a clock-based cut-off depends on the machine's load, so
#: it is set well above what any real file needs (the 3 MB Java and 1 MB Python
#: files of the benchmark corpus take a few seconds) to keep output
#: deterministic.
DEFAULT_FILE_TIME_BUDGET = 60.0

#: Paths excluded by default, on top of the pruned directories of discover.
DEFAULT_EXCLUDE: tuple[str, ...] = ()


class ConfigError(Exception):
    """A configuration file or command-line value that cannot be used (exit code 2)."""


@dataclass(frozen=True)
class Config:
    """Settings of one run, from a configuration file and the command line."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    fail_on: Level = Level.WARNING
    assumptions: Assumptions = field(default_factory=Assumptions)
    max_file_size: int = 10 * 1024 * 1024
    file_time_budget: float = DEFAULT_FILE_TIME_BUDGET
    source: Path | None = None


def find_config(start: Path) -> Path | None:
    """The closest configuration file at or above ``start`` that configures connlint."""
    directory = start if start.is_dir() else start.parent
    for d in (directory, *directory.parents):
        for name in CONFIG_NAMES:
            candidate = d / name
            if not candidate.is_file():
                continue
            if name != "pyproject.toml":
                return candidate
            try:
                text = candidate.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            # Most pyproject.toml files never mention connlint: no need to parse them.
            if "connlint" not in text:
                continue
            tool = _parse_toml(text).get("tool")
            if isinstance(tool, dict) and "connlint" in tool:
                return candidate
    return None


def _parse_toml(text: str) -> dict[str, object]:
    """``text`` as TOML, or {} when it is not valid TOML."""
    import tomllib  # ~7 ms: only runs with a configuration file pay for it

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return {}


def load_config(path: Path) -> Config:
    """Read and validate the connlint settings of ``path``."""
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("connlint", {})
        prefix = "tool.connlint."
    else:
        table = data
        prefix = ""
    return from_mapping(table, f"{path}", prefix, source=path)


def _str_list(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f"{where}: expected a list of strings")


def parse_level(value: object, where: str) -> Level:
    """A fail-on level from text, or a ConfigError naming ``where``."""
    try:
        return Level(str(value).lower())
    except ValueError:
        raise ConfigError(f"{where}: expected one of note, warning, error; got {value!r}") from None


def from_mapping(
    table: Mapping[str, object], origin: str, prefix: str = "", source: Path | None = None
) -> Config:
    """Validate a settings table (as read from TOML) into a Config."""
    unknown = sorted(set(table) - _KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"{origin}: unknown key `{prefix}{unknown[0]}`")
    kwargs: dict[str, object] = {}
    for key in _LIST_KEYS:
        if key in table:
            kwargs[key.replace("-", "_")] = _str_list(table[key], f"{origin}: `{prefix}{key}`")
    if "per-file-ignores" in table:
        pfi = table["per-file-ignores"]
        if not isinstance(pfi, dict):
            raise ConfigError(f"{origin}: `{prefix}per-file-ignores`: expected a table of glob = [ids]")
        kwargs["per_file_ignores"] = {
            str(glob): _str_list(ids, f"{origin}: `{prefix}per-file-ignores.{glob}`")
            for glob, ids in pfi.items()
        }
    if "fail-on" in table:
        kwargs["fail_on"] = parse_level(table["fail-on"], f"{origin}: `{prefix}fail-on`")
    for key in ("max-file-size", "file-time-budget"):
        if key in table:
            value = table[key]
            if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
                raise ConfigError(f"{origin}: `{prefix}{key}`: expected a positive number")
            kwargs[key.replace("-", "_")] = int(value) if key == "max-file-size" else float(value)
    versions: dict[str, DriverVersion] = {}
    for key, driver in _VERSION_KEYS.items():
        if key in table:
            value = table[key]
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f'{origin}: `{prefix}{key}`: expected a version string such as "8.0.33"')
            versions[driver] = DriverVersion(value.strip(), None, f"configured in {origin}")
    family = table.get("mysql-client-family")
    if family is not None and family not in ("mysql", "mariadb"):
        raise ConfigError(f'{origin}: `{prefix}mysql-client-family`: expected "mysql" or "mariadb"')
    kwargs["assumptions"] = Assumptions(
        versions=versions, mysql_client_family=str(family) if family else None
    )
    return Config(source=source, **kwargs)  # type: ignore[arg-type]
