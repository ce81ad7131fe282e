"""Python dependency files: which MySQL-family drivers a project declares, at which version.

Reads ``requirements*.txt`` (and ``.in``), ``pyproject.toml`` (PEP 621
``[project] dependencies`` and ``optional-dependencies``, PEP 735
``[dependency-groups]``, Poetry ``[tool.poetry.dependencies]`` and its
groups), ``poetry.lock``, ``uv.lock`` and ``Pipfile.lock``, for PyMySQL,
mysql-connector-python, mysqlclient, aiomysql and asyncmy.  Names are
normalised per PEP 503 (``PyMySQL`` -> ``pymysql``).

What ``version`` holds:

* an exact pin (``==1.1.1``, ``===1.1.1``, Poetry ``1.1.1``) or a lock file
  entry: that version, located at its literal;
* a range that fixes the major.minor series (``~=1.1.0``, ``==1.1.*``,
  ``>=1.1,<1.2``, Poetry ``~1.1.0``): the lowest version the range allows,
  as written in the range, with ``spec`` set.  Driver behaviour that connlint
  knows changes between minor releases (PyMySQL's TLS default at 1.2.0), so
  such a range answers the question;
* any other range (``>=1.0``, ``^1.1``): None, with the range in ``spec``.

``-r`` / ``-c`` includes are noted (a note-level notification) but not
followed.
"""

from __future__ import annotations

import bisect
import json
import re
import tomllib
from collections.abc import Iterator

from connlint import budget
from connlint.clients import drivers
from connlint.frontends.offsets import LineStarts
from connlint.lazy import dataclass
from connlint.model import Dependency, Extraction, Level, Location, Notification

#: Normalised distribution names of the drivers connlint knows.
DRIVERS: frozenset[str] = drivers.packages("pypi")

_ECOSYSTEM = "pypi"
_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
_CLAUSE = re.compile(r"\s*(===|==|!=|~=|<=|>=|<|>)\s*([^\s,;()]+)\s*")
_NUMERIC = re.compile(r"\d+(?:\.\d+)*")
#: A TOML string on one line: basic (group 1, closing quote in group 2: empty
#: when the line ends first) or literal (group 3).  See :func:`_string_literals`.
_STRING = re.compile(r""""((?:[^"\\\n]|\\.)*+)("?)|'([^'\n]*)'""")
_LITERAL_STRING = re.compile(r"'([^'\n]*)'")
#: A table header, ``[a.b]`` or ``[[a]]``; group 1 its name without blanks
#: around it (one blank when there is nothing else).  The name is matched
#: from non-blank to non-blank, blanks in it taken at once: ``\s*([^\]]+?)\s*``
#: was cubic on a long run of blanks.
_TABLE_HEADER = re.compile(r"\s*\[\[?\s*([^\]\s](?:\s*+[^\]\s])*+|\s(?=\]))\s*+\]\]?\s*+(?:#.*)?$")
#: Blanks around a dot of a dotted name, from the first blank of a run.
_DOT = re.compile(r"(?<!\s)\s*+\.\s*+|\.\s*+")
_KEY = re.compile(r"""\s*("[^"]*"|'[^']*'|[\w.-]+)\s*=\s*""")
#: A Poetry version: a number, then anything a version may hold (as
#: ``\d+(?:\.\d+)*(?:[a-zA-Z0-9.+-]*)?``, which backtracked quadratically).
_POETRY_VERSION = re.compile(r"\d[a-zA-Z0-9.+-]*+")
#: A Poetry table's sub-table (``…dependencies.mysqlclient``); the lookahead
#: fails at once a name with another character (each ``.dependencies.`` in it
#: was else tried to the end).
_POETRY_SUB_TABLE = re.compile(
    r"(?=[\w.-]*+\Z)(tool\.poetry(?:\.group\.[\w.-]+)?\.(?:dev-)?dependencies)\.([\w.-]+)"
)


def normalise(name: str) -> str:
    """Return the PEP 503 normalised form of a distribution name."""
    return re.sub(r"[-_.]+", "-", name).lower()


class _Text:
    """Offsets of one file's text to 1-based line and column."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self._starts = LineStarts(text).starts

    def location(self, start: int, end: int) -> Location:
        """Return the region of ``text[start:end]``."""
        i = bisect.bisect_right(self._starts, start) - 1
        j = bisect.bisect_right(self._starts, end) - 1
        return Location(self.path, i + 1, start - self._starts[i] + 1, j + 1, end - self._starts[j] + 1)


@dataclass(frozen=True)
class _Clause:
    """One ``op version`` clause of a specifier, with the offset of its version."""

    op: str
    version: str
    start: int


def _parts(version: str) -> tuple[int, ...] | None:
    """Return the leading numeric components of ``version`` (``1.1.0rc1`` -> (1, 1, 0))."""
    m = _NUMERIC.match(version)
    return tuple(int(p) for p in m.group(0).split(".")) if m else None


def _series(parts: tuple[int, ...]) -> tuple[int, int]:
    """Return (major, minor) of ``parts``."""
    return parts[0], parts[1] if len(parts) > 1 else 0


def _fixed_series(clauses: list[_Clause]) -> _Clause | None:
    """Return the clause giving the lowest allowed version when ``clauses`` fix major.minor."""
    lower: tuple[tuple[int, int], _Clause] | None = None
    upper: tuple[int, int] | None = None
    for clause in clauses:
        version = clause.version
        if clause.op == "==" and version.endswith(".*"):
            parts = _parts(version[:-2])
            if parts is None or len(parts) < 2:
                return None
            lower = (_series(parts), clause)
            upper = _series(parts) if upper is None else min(upper, _series(parts))
            continue
        parts = _parts(version)
        if parts is None:
            return None
        if clause.op in (">=", ">"):
            lower = (_series(parts), clause)
        elif clause.op == "~=":
            if len(parts) < 3:
                return None  # ~=1.1 allows any 1.x
            lower = (_series(parts), clause)
            upper = _series(parts) if upper is None else min(upper, _series(parts))
        elif clause.op in ("<=", "<"):
            series = _series(parts)
            if clause.op == "<" and all(p == 0 for p in parts[2:]):
                if series[1] == 0:
                    return None  # <2.0 leaves the minor open
                series = (series[0], series[1] - 1)
            upper = series if upper is None else min(upper, series)
    if lower is None or upper is None or lower[0] != upper:
        return None
    return lower[1]


def _clauses(spec: str, offset: int) -> list[_Clause] | None:
    """Split a PEP 440 specifier into clauses; None when it is not one."""
    clauses = []
    for piece in spec.split(","):
        if not piece.strip():
            return None
        m = _CLAUSE.fullmatch(piece)
        if m is None:
            return None
        clauses.append(_Clause(m.group(1), m.group(2), offset + m.start(2)))
        offset += len(piece) + 1
    return clauses


def _poetry_clauses(spec: str, offset: int) -> tuple[list[_Clause] | None, bool]:
    """Turn a Poetry constraint into PEP 440 clauses; the flag says whether it is an exact pin."""
    stripped = spec.strip()
    lead = offset + (len(spec) - len(spec.lstrip()))
    if _POETRY_VERSION.fullmatch(stripped):
        return [_Clause("==", stripped, lead)], True
    m = re.fullmatch(r"([~^])\s*(\d+(?:\.\d+)*)", stripped)
    if m:
        parts = _parts(m.group(2)) or (0,)
        start = lead + m.start(2)
        if m.group(1) == "~" and len(parts) >= 2:
            return [
                _Clause(">=", m.group(2), start),
                _Clause("<=", f"{parts[0]}.{parts[1]}.99999", start),
            ], False
        if m.group(1) == "^" and parts[0] == 0 and len(parts) >= 2:
            return [_Clause(">=", m.group(2), start), _Clause("<=", f"0.{parts[1]}.99999", start)], False
        return [_Clause(">=", m.group(2), start)], False
    if re.fullmatch(r"\d+\.\d+\.\*", stripped):
        return [_Clause("==", stripped, lead)], False
    pieces = re.split(r"(,)", spec)
    clauses: list[_Clause] = []
    pos = offset
    for piece in pieces:
        if piece != ",":
            pc = _clauses(piece, pos)
            if pc is None:
                return None, False
            clauses += pc
        pos += len(piece)
    return clauses, False


def _dependency(
    name: str, spec: str, clauses: list[_Clause] | None, exact: bool, where: Location, source: _Text
) -> Dependency:
    """Build a Dependency from a parsed specifier (see the module docstring for ``version``)."""
    shown = spec.strip() or None
    if clauses is None:
        note = "version not understood" if shown else "no version constraint"
        return Dependency(_ECOSYSTEM, name, None, where, spec=shown, note=note)
    if exact or (
        len(clauses) == 1 and clauses[0].op in ("==", "===") and not clauses[0].version.endswith("*")
    ):
        c = clauses[0]
        return Dependency(_ECOSYSTEM, name, c.version, source.location(c.start, c.start + len(c.version)))
    lowest = _fixed_series(clauses)
    if lowest is not None:
        version = lowest.version.removesuffix(".*")
        location = source.location(lowest.start, lowest.start + len(version))
        return Dependency(
            _ECOSYSTEM, name, version, location, spec=shown, note=f"lowest version allowed by `{shown}`"
        )
    return Dependency(_ECOSYSTEM, name, None, where, spec=shown, note=f"range `{shown}`")


def _requirement(text: str, start: int, end: int, source: _Text) -> Dependency | None:
    """Parse the PEP 508 requirement at ``text[start:end]``; None unless it names a driver."""
    chunk = text[start:end]
    m = _NAME.match(chunk.lstrip())
    if m is None:
        return None
    lead = len(chunk) - len(chunk.lstrip())
    name = normalise(m.group(0))
    if name not in DRIVERS:
        return None
    pos = lead + m.end()
    rest = chunk[pos:]
    extras = re.match(r"\s*\[[^\]]*\]", rest)
    if extras:
        pos += extras.end()
        rest = chunk[pos:]
    name_location = source.location(start + lead, start + lead + m.end())
    if rest.lstrip().startswith("@"):
        return Dependency(_ECOSYSTEM, name, None, name_location, note="installed from a URL")
    spec = re.split(r"[;#]|\s--", rest, maxsplit=1)[0]
    spec_offset = start + pos
    inner = spec.strip()
    if inner.startswith("(") and inner.endswith(")"):
        spec_offset += spec.index("(") + 1
        spec = inner[1:-1]
    spec = spec.rstrip()
    clauses = _clauses(spec, spec_offset) if spec.strip() else None
    if spec.strip() and clauses is None:
        return Dependency(
            _ECOSYSTEM, name, None, name_location, spec=spec.strip(), note="version not understood"
        )
    return _dependency(name, spec, clauses, False, name_location, source)


def _requirements(path: str, text: str) -> Extraction:
    """Read a ``requirements*.txt`` file."""
    out = Extraction()
    source = _Text(path, text)
    offset = 0
    continued = False
    for line in text.split("\n"):
        budget.check()  # per line: a file read for context runs within a budget too
        start = offset
        offset += len(line) + 1
        was_continued = continued
        continued = line.rstrip().endswith("\\")
        if was_continued:
            continue
        body = re.split(r"(?:^|\s)#", line, maxsplit=1)[0].rstrip().removesuffix("\\").rstrip()
        stripped = body.strip()
        if not stripped:
            continue
        include = re.match(r"(?:-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)", stripped)
        if include:
            out.notifications.append(
                Notification(
                    path,
                    f"includes `{include.group(1)}`: not followed",
                    Level.NOTE,
                    line=source_line(source, start),
                )
            )
            continue
        if stripped.startswith("-"):
            editable = re.match(r"(?:-e|--editable)\s+(\S+)", stripped)
            egg = re.search(r"#egg=([\w.-]+)", line) if editable else None
            if egg and normalise(egg.group(1)) in DRIVERS:
                where = source.location(start, start + len(line))
                out.dependencies.append(
                    Dependency(_ECOSYSTEM, normalise(egg.group(1)), None, where, note="editable install")
                )
            continue
        dep = _requirement(text, start, start + len(body), source)
        if dep is not None:
            out.dependencies.append(dep)
    return out


def source_line(source: _Text, offset: int) -> int:
    """Return the 1-based line of ``offset``."""
    return source.location(offset, offset).line


def _string_literals(line: str) -> Iterator[tuple[int, int, int]]:
    r"""``(start, end, content start)`` of each string literal of ``line``, as
    ``"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)'`` finds them, in linear time: once a
    basic string runs unclosed to the end of the line, every later ``"`` is
    escaped in its reading and cannot open one either (trying each was
    quadratic), so only literal strings are looked for after it.
    """
    pattern = _STRING
    pos = 0
    while (m := pattern.search(line, pos)) is not None:
        if pattern is _STRING and m.group(1) is not None and not m.group(2):
            pattern, pos = _LITERAL_STRING, m.start() + 1
            continue
        group = 1 if pattern is _LITERAL_STRING or m.group(1) is not None else 3
        yield m.start(), m.end(), m.start(group)
        pos = m.end()


def _without_strings(line: str, blank: str) -> str:
    """``line`` with each string literal replaced by ``blank``."""
    out: list[str] = []
    pos = 0
    for start, end, _ in _string_literals(line):
        out += (line[pos:start], blank)
        pos = end
    out.append(line[pos:])
    return "".join(out)


def _strings(line: str) -> Iterator[tuple[str, int]]:
    """Yield (content, offset in line) of the TOML string literals of ``line``, ignoring a comment."""
    pos = 0
    for start, end, content in _string_literals(line):
        if "#" in line[pos:start]:
            return
        yield line[content : end - 1], content
        pos = end


_PEP621_TABLES = ("project.optional-dependencies", "dependency-groups", "tool.pdm.dev-dependencies")
_POETRY_TABLE = re.compile(r"^tool\.poetry(?:\.group\.[\w.-]+)?\.(?:dev-)?dependencies$")


def _pyproject(path: str, text: str) -> Extraction:
    """Read PEP 621 / PEP 735 / Poetry / uv dependency declarations of ``pyproject.toml``."""
    out = Extraction()
    try:
        tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        out.notifications.append(Notification(path, f"not valid TOML: {exc}"))
        return out
    source = _Text(path, text)
    table = ""
    array_key: str | None = None
    depth = 0
    offset = 0
    for line in text.split("\n"):
        budget.check()
        start = offset
        offset += len(line) + 1
        if array_key is None:
            header = _TABLE_HEADER.match(line)
            if header:
                table = _DOT.sub(".", header.group(1)).replace('"', "").replace("'", "")
                continue
            key_match = _KEY.match(line)
            if key_match is None:
                continue
            key = key_match.group(1).strip("\"'")
            value_start = key_match.end()
            value = line[value_start:]
            poetry_sub = _POETRY_SUB_TABLE.fullmatch(table)
            if _POETRY_TABLE.match(table) or (poetry_sub and key == "version"):
                name = normalise(poetry_sub.group(2) if poetry_sub else key)
                if name in DRIVERS and not (poetry_sub is None and key == "python"):
                    out.dependencies.append(_poetry_entry(name, line, start, value_start, source))
                continue
            if not (
                (table == "project" and key == "dependencies")
                or table in _PEP621_TABLES
                or (table == "tool.uv" and key in ("dev-dependencies", "constraint-dependencies"))
            ):
                continue
            if not value.lstrip().startswith("["):
                continue
            array_key = key
            depth = 0
            scan_from = value_start
        else:
            scan_from = 0
        segment = line[scan_from:]
        for content, at in _strings(segment):
            dep = _requirement(text, start + scan_from + at, start + scan_from + at + len(content), source)
            if dep is not None:
                out.dependencies.append(dep)
        bare = _without_strings(segment, '""').split("#", 1)[0]
        depth += bare.count("[") - bare.count("]")
        if depth <= 0:
            array_key = None
    return out


def _poetry_entry(name: str, line: str, start: int, value_start: int, source: _Text) -> Dependency:
    """Read one Poetry dependency: ``name = "^1.1"`` or ``name = { version = "1.1.1", ... }``."""
    value = line[value_start:]
    where = source.location(start, start + len(line.rstrip()))
    strings = list(_strings(value))
    spec_at: int | None = None
    spec = ""
    if value.lstrip().startswith("{"):
        m = re.search(r"""\bversion\s*=\s*(?:"([^"]*)"|'([^']*)')""", value)
        if m:
            group = 1 if m.group(1) is not None else 2
            spec, spec_at = m.group(group), m.start(group)
        elif re.search(r"\b(?:git|path|url)\s*=", value):
            return Dependency(_ECOSYSTEM, name, None, where, note="installed from a VCS, path or URL")
    elif strings:
        spec, spec_at = strings[0]
    if spec_at is None:
        return Dependency(_ECOSYSTEM, name, None, where, note="version not understood")
    absolute = start + value_start + spec_at
    if spec.strip() in ("*", ""):
        return Dependency(_ECOSYSTEM, name, None, where, spec=spec or None, note="any version")
    clauses, exact = _poetry_clauses(spec, absolute)
    if clauses is None:
        return Dependency(_ECOSYSTEM, name, None, where, spec=spec, note="version not understood")
    return _dependency(name, spec, clauses, exact, where, source)


def _toml_lock(path: str, text: str) -> Extraction:
    """Read ``poetry.lock`` / ``uv.lock``: ``[[package]]`` tables with ``name`` and ``version``."""
    out = Extraction()
    try:
        tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        out.notifications.append(Notification(path, f"not valid TOML: {exc}"))
        return out
    source = _Text(path, text)
    in_package = False
    name: str | None = None
    offset = 0
    for line in text.split("\n"):
        budget.check()
        start = offset
        offset += len(line) + 1
        if re.match(r"\s*\[", line):
            in_package = re.match(r"\s*\[\[\s*package\s*\]\]", line) is not None
            name = None
            continue
        if not in_package:
            continue
        m = re.match(r"""\s*(name|version)\s*=\s*(?:"([^"]*)"|'([^']*)')""", line)
        if m is None:
            continue
        group = 2 if m.group(2) is not None else 3
        if m.group(1) == "name":
            name = normalise(m.group(group))
        elif name in DRIVERS:
            at = start + m.start(group)
            out.dependencies.append(
                Dependency(_ECOSYSTEM, name, m.group(group), source.location(at, at + len(m.group(group))))
            )
            name = None
    return out


def _pipfile_lock(path: str, text: str) -> Extraction:
    """Read ``Pipfile.lock`` (JSON): ``default`` and ``develop`` entries with ``"version": "==X"``."""
    out = Extraction()
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError, ValueError) as exc:
        out.notifications.append(Notification(path, f"not valid JSON: {exc}"))
        return out
    if not isinstance(data, dict):
        return out
    source = _Text(path, text)
    wanted = {
        normalise(k)
        for section in ("default", "develop")
        if isinstance(data.get(section), dict)
        for k in data[section]
    }
    if not wanted & DRIVERS:
        return out
    for m in re.finditer(r'"([A-Za-z0-9._-]+)"\s*:\s*\{([^{}]*)\}', text):
        budget.check()
        name = normalise(m.group(1))
        if name not in DRIVERS:
            continue
        version = re.search(r'"version"\s*:\s*"(==|===)?([^"]*)"', m.group(2))
        where = source.location(m.start(1), m.end(1))
        if version is None:
            out.dependencies.append(
                Dependency(_ECOSYSTEM, name, None, where, note="no version in the lock file")
            )
            continue
        at = m.start(2) + version.start(2)
        value = version.group(2)
        if version.group(1):
            out.dependencies.append(Dependency(_ECOSYSTEM, name, value, source.location(at, at + len(value))))
        else:
            out.dependencies.append(
                Dependency(_ECOSYSTEM, name, None, where, spec=value or None, note="not pinned")
            )
    return out


def extract(path: str, text: str) -> Extraction:
    """Return the driver dependencies of one Python dependency file (chosen by file name)."""
    name = path.rsplit("/", 1)[-1]
    if name == "pyproject.toml":
        return _pyproject(path, text)
    if name in ("poetry.lock", "uv.lock"):
        return _toml_lock(path, text)
    if name == "Pipfile.lock":
        return _pipfile_lock(path, text)
    return _requirements(path, text)


# --------------------------------------------------------------------------- the drivers' own sources

# PACKAGE_VERSION_FILES and VENDOR_DIRECTORIES (where a driver's own source states its
# version) live in the registry: scope.py looks for those files without importing this module.

#: ``VERSION = (1, 2, 0, "final")`` / ``version_info = (2, 2, 8, "final", 0)`` /
#: mysql-connector-python's ``VERSION = (9, 1, 0, "", 1)``: numbers, then a release level
#: and serial (``"rc", 1`` -> ``1.2.0rc1``; ``"final"`` and ``""`` are releases).
_VERSION_TUPLE = re.compile(
    r"""^(?:VERSION|version_info)[ \t]*=[ \t]*\([ \t]*(\d{1,9})[ \t]*,[ \t]*(\d{1,9})[ \t]*,[ \t]*(\d{1,9})"""
    r"""(?:[ \t]*,[ \t]*["']([A-Za-z]{0,20})["'](?:[ \t]*,[ \t]*(\d{1,9}))?)?""",
    re.MULTILINE,
)
#: PyMySQL's ``VERSION_STRING = "1.2.0"`` (not its ``__version__``, which imitates mysqlclient's).
_VERSION_STRING = re.compile(r"""^VERSION_STRING[ \t]*=[ \t]*["']([0-9][\w.+-]{0,40})["']""", re.MULTILINE)
#: ``PyMySQL-1.2.0.dist-info`` / ``.egg-info`` in ``site-packages`` (PEP 427 / setuptools names).
_INSTALLED = re.compile(r"([A-Za-z0-9][A-Za-z0-9._]*?)-(\d[A-Za-z0-9.+!]*)\.(?:dist|egg)-info")
_FINAL_LEVELS = frozenset({"", "final"})


def package_version(path: str, text: str, name: str) -> Dependency | None:
    """The version a driver's own version file (:data:`drivers.PACKAGE_VERSION_FILES`) states."""
    match = _VERSION_TUPLE.search(text)
    if match is not None:
        major, minor, patch, level, serial = match.groups()
        version = f"{major}.{minor}.{patch}"
        if level and level.lower() not in _FINAL_LEVELS:
            version += f"{level.lower()}{serial or ''}"  # 1.2.0rc1: a pre-release
    else:
        match = _VERSION_STRING.search(text)
        if match is None:
            return None
        version = match.group(1)
    lines = LineStarts(text)
    line, column = lines.point(match.start())
    end_line, end_column = lines.point(match.end())
    location = Location(path, line, column, end_line, end_column)
    return Dependency(_ECOSYSTEM, name, version, location, note="the package's own version file")


def installed_version(directory_display: str, entry: str) -> Dependency | None:
    """A driver installed next to the code: ``PyMySQL-1.2.0.dist-info`` in ``entry``."""
    match = _INSTALLED.fullmatch(entry)
    if match is None:
        return None
    name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
    if name not in DRIVERS:
        return None
    metadata = f"{entry}/METADATA" if entry.endswith(".dist-info") else f"{entry}/PKG-INFO"
    shown = f"{directory_display.rstrip('/')}/{metadata}" if directory_display not in ("", ".") else metadata
    location = Location(shown, 1, 1, 1, 2)
    return Dependency(_ECOSYSTEM, name, match.group(2), location, note="an installed package")
