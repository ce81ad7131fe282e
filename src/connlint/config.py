"""Configuration: ``[tool.connlint]`` in ``pyproject.toml``, or a standalone
``.connlint.toml`` / ``connlint.toml`` with the same keys (most target
repositories are Java or shell, with no pyproject.toml).

The closest configuration file to the first path linted wins; ``--config``
names one explicitly and ``--isolated`` ignores them all.  Unknown keys and
bad values are errors that name the file and the key.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import field
from pathlib import Path

from connlint.clients import drivers
from connlint.lazy import dataclass
from connlint.model import Assumptions, DriverVersion, Level

CONFIG_NAMES = (".connlint.toml", "connlint.toml", "pyproject.toml")

# Version keys -> driver id of Assumptions.versions.
_VERSION_KEYS: dict[str, str] = drivers.version_keys()
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
        "force-exclude",
        "runbooks",
        "bundle-expiry-days",
    }
)

#: Seconds one file may take before it is reported and skipped.  A safety net,
#: not a speed limit: a clock-based cut-off depends on the machine's load, so
#: it is set well above what any real file needs (the 3 MB Java and 1 MB Python
#: files of the benchmark corpus take a few seconds) to keep output
#: deterministic.
DEFAULT_FILE_TIME_BUDGET = 60.0

#: Bytes above which a file is reported and not read (linted or read for context).
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024

#: Paths excluded by default, on top of the pruned directories of discover.
DEFAULT_EXCLUDE: tuple[str, ...] = ()

#: Accepted ranges.  Outside them every file of a run would fail alike (a
#: deadline the clock cannot represent, a budget or cap no file can meet)
#: while the run exits 0 with no findings, so they are configuration errors.
FILE_TIME_BUDGET_RANGE: tuple[float, float] = (0.1, 86400)  # seconds: a tenth of a second to a day
MAX_FILE_SIZE_RANGE: tuple[float, float] = (1024, 1 << 40)  # bytes: 1 KiB to 1 TiB
BUNDLE_EXPIRY_DAYS_RANGE: tuple[float, float] = (0, 36500)  # days: today to a century ahead

#: Days ahead a certificate of a committed CA bundle is reported as expiring (CL404).
DEFAULT_BUNDLE_EXPIRY_DAYS = 90


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
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    file_time_budget: float = DEFAULT_FILE_TIME_BUDGET
    #: Exclude paths named explicitly too (ruff's ``force-exclude``; for pre-commit,
    #: which names every changed file).
    force_exclude: bool = False
    #: Read code blocks of Markdown / reStructuredText / AsciiDoc documents (off: docs are not code).
    runbooks: bool = False
    #: Days ahead a certificate of a committed CA bundle counts as expiring (CL404).
    bundle_expiry_days: int = DEFAULT_BUNDLE_EXPIRY_DAYS
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
                data = candidate.read_bytes()
            except OSError:
                continue
            # Most pyproject.toml files never mention connlint: no need to parse them.
            if b"connlint" not in data:
                continue
            # One that does but cannot be parsed is an error, as in ruff: skipping
            # it would silently drop its settings (an ignore list, a selected rule).
            tool = _parse_toml(data, candidate).get("tool")
            if isinstance(tool, dict) and "connlint" in tool:
                return candidate
    return None


def _parse_toml(data: bytes, path: Path) -> dict[str, object]:
    """``data`` (read from ``path``) as TOML, or a ConfigError naming ``path``."""
    import tomllib  # ~7 ms: only runs with a configuration file pay for it

    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: cannot read: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def load_config(path: Path) -> Config:
    """Read and validate the connlint settings of ``path``."""
    try:
        data = _parse_toml(path.read_bytes(), path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if path.name != "pyproject.toml":
        return from_mapping(data, f"{path}", source=path)
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: `tool`: expected a table")
    table = tool.get("connlint", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: `tool.connlint`: expected a table")
    return from_mapping(table, f"{path}", "tool.connlint.", source=path)


def _str_list(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f"{where}: expected a list of strings")


def check_selectors(values: Iterable[str], where: str) -> tuple[str, ...]:
    """``values`` unchanged when each selects some rule, else a ConfigError naming ``where``.

    A selector that matches nothing is an error, not a no-op (as in ruff:
    "Unknown rule selector"): a misspelt ``ignore`` would otherwise report
    what the user meant to silence, and a misspelt ``select`` would run
    nothing and pass.
    """
    from connlint.catalog import select_rules  # the catalog is loaded for the run anyway

    values = tuple(values)
    for value in values:
        try:
            select_rules(extend_select=[value])
        except ValueError:
            raise ConfigError(
                f"{where}: unknown rule selector `{value}` (expected ALL, a prefix such as CL2, or a rule id)"
            ) from None
    return values


def check_patterns(values: Iterable[str], where: str) -> tuple[str, ...]:
    """``values`` unchanged when each is a valid gitignore-style pattern, else a ConfigError."""
    values = tuple(values)
    if not values:
        return values
    import pathspec  # only a run with exclude patterns pays for it

    for value in values:
        try:
            pathspec.GitIgnoreSpec.from_lines([value])
        except ValueError as exc:
            raise ConfigError(f"{where}: invalid pattern `{value}`: {exc}") from None
    return values


def _number(value: object, where: str, bounds: tuple[float, float], unit: str, *, integer: bool) -> float:
    """``value`` when it is a finite number (an integer if ``integer``) within ``bounds``."""
    low, high = bounds
    if (
        isinstance(value, bool)
        or not isinstance(value, int if integer else int | float)
        or not math.isfinite(value)
        or not low <= value <= high
    ):
        kind = "a whole number" if integer else "a number"
        raise ConfigError(f"{where}: expected {kind} of {unit} from {low} to {high}, got {value!r}")
    return value


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
            where = f"{origin}: `{prefix}{key}`"
            values = _str_list(table[key], where)
            check = check_patterns if key.endswith("exclude") else check_selectors
            kwargs[key.replace("-", "_")] = check(values, where)
    if "per-file-ignores" in table:
        pfi = table["per-file-ignores"]
        if not isinstance(pfi, dict):
            raise ConfigError(f"{origin}: `{prefix}per-file-ignores`: expected a table of glob = [ids]")
        kwargs["per_file_ignores"] = {
            str(glob): check_selectors(
                _str_list(ids, where := f"{origin}: `{prefix}per-file-ignores.{glob}`"), where
            )
            for glob, ids in pfi.items()
        }
    if "force-exclude" in table:
        if not isinstance(table["force-exclude"], bool):
            raise ConfigError(f"{origin}: `{prefix}force-exclude`: expected true or false")
        kwargs["force_exclude"] = table["force-exclude"]
    if "runbooks" in table:
        if not isinstance(table["runbooks"], bool):
            raise ConfigError(f"{origin}: `{prefix}runbooks`: expected true or false")
        kwargs["runbooks"] = table["runbooks"]
    if "fail-on" in table:
        kwargs["fail_on"] = parse_level(table["fail-on"], f"{origin}: `{prefix}fail-on`")
    if "max-file-size" in table:
        where = f"{origin}: `{prefix}max-file-size`"
        size = _number(table["max-file-size"], where, MAX_FILE_SIZE_RANGE, "bytes", integer=True)
        kwargs["max_file_size"] = int(size)
    if "file-time-budget" in table:
        where = f"{origin}: `{prefix}file-time-budget`"
        seconds = _number(table["file-time-budget"], where, FILE_TIME_BUDGET_RANGE, "seconds", integer=False)
        kwargs["file_time_budget"] = float(seconds)
    if "bundle-expiry-days" in table:
        where = f"{origin}: `{prefix}bundle-expiry-days`"
        days = _number(table["bundle-expiry-days"], where, BUNDLE_EXPIRY_DAYS_RANGE, "days", integer=True)
        kwargs["bundle_expiry_days"] = int(days)
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
