"""Driver versions declared by Go, Ruby, .NET and Node package files.

The drivers configured by a connection string (``clients/driver_config.py``)
change meaning between releases (go-sql-driver/mysql learnt ``tls=preferred``
in v1.5.0, MySqlConnector ``SslMode=Disabled`` in 2.1.9), so their versions are
read where their ecosystems declare them:

* ``go.mod``: ``github.com/go-sql-driver/mysql v1.7.1`` in a ``require`` line
  or block (the minimum version selected for the build: Go's MVS picks exactly
  the highest such requirement, so the main module's ``go.mod`` is exact);
* ``Gemfile.lock``: ``    mysql2 (0.5.6)`` / ``trilogy (2.9.0)`` under
  ``specs:`` (a platform suffix ``-x86_64-linux`` is not part of the version);
* ``*.csproj`` / ``Directory.Packages.props``: ``<PackageReference
  Include="MySqlConnector" Version="2.3.5"/>`` (or ``<PackageVersion …>``,
  or a ``<Version>`` child; ``VersionOverride`` wins; a reference without a version
  leaves it to central package management, so the walk goes on up to
  ``Directory.Packages.props``); NuGet's exact form ``[2.3.5]`` is exact, other
  ranges and ``$(Property)`` are unknown; ``packages.lock.json``: the
  ``resolved`` version, transitive ones included (Pomelo brings MySqlConnector);
* ``package.json``: ``"mysql2": "3.9.7"`` (exact; ``^3.9.7`` is a range, kept
  in ``spec``); ``package-lock.json``: ``node_modules/mysql2`` ``version``.

Names are namespaced by ecosystem (``gem:mysql2`` and ``npm:mysql2`` are
different drivers): see :func:`dependency_name`.  Every reader is a pure
function of the text that never raises on bad input; a file it cannot read
declares nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

from connlint.frontends.offsets import LineStarts
from connlint.model import Dependency, Location

#: Exact versions as these ecosystems write them (Go's leading ``v`` included).
_EXACT = re.compile(r"v?\d+(?:\.\d+)*(?:[-+][0-9A-Za-z.+-]*)?")
# Blanks, not \s: ``^\s*`` would re-scan every following blank line from each line start.
_GO_REQUIRE = re.compile(r"^[ \t]*(?:require[ \t]+)?(\S+)[ \t]+(v\S+)", re.MULTILINE)
_GEM_SPEC = re.compile(r"^ {4}([A-Za-z0-9_.-]+) \(([^)\s]+)\)", re.MULTILINE)
_NUGET_REFERENCE = re.compile(
    # [^<>]: an unclosed tag ends at the next one, not at the end of the file.
    r"<Package(?:Reference|Version)\b[^<>]*?\b(?:Include|Update)\s*=\s*\"([^\"<>]+)\"[^<>]*?(/?)>",
    re.IGNORECASE,
)
_VERSION_OVERRIDE = re.compile(r"\bVersionOverride\s*=\s*\"([^\"]*)\"", re.IGNORECASE)
_VERSION_ATTRIBUTE = re.compile(r"\bVersion\s*=\s*\"([^\"]*)\"", re.IGNORECASE)
# Blanks from the first of a run only (``(?<!\s)``): searched, ``\s*`` would be quadratic.
_VERSION_ELEMENT = re.compile(r"(?<!\s)\s*+<Version>\s*+([^<\s]*)\s*</Version>", re.IGNORECASE)
_JSON_KEY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:\s*"((?:[^"\\]|\\.)*)"')

#: The file names read here -> reader; ``*.csproj`` by suffix (see :func:`reader_for`).
LOCK_FILES = frozenset({"Gemfile.lock", "packages.lock.json", "package-lock.json"})


def dependency_name(ecosystem: str, name: str) -> str:
    """``gem:mysql2``, ``npm:mysql2``, ``go:github.com/go-sql-driver/mysql``,
    ``nuget:mysqlconnector`` (NuGet ids are case-insensitive).
    """
    return f"{ecosystem}:{name.lower() if ecosystem == 'nuget' else name}"


def _location(path: str, lines: LineStarts, start: int, end: int) -> Location:
    line, column = lines.point(start)
    end_line, end_column = lines.point(end)
    return Location(path, line, column, end_line, end_column)


def _dependency(
    ecosystem: str, name: str, written: str, location: Location, *, exact: str | None = None
) -> Dependency:
    """A declared driver: ``exact`` (default: ``written`` when it is an exact version) or a range."""
    version = exact if exact is not None else (written if _EXACT.fullmatch(written) else None)
    if version is not None:
        return Dependency(ecosystem, dependency_name(ecosystem, name), version.removeprefix("v"), location)
    note = f"range {written}" if written else "version not declared"
    return Dependency(
        ecosystem, dependency_name(ecosystem, name), None, location, spec=written or None, note=note
    )


def go_mod(path: str, text: str, wanted: frozenset[str]) -> list[Dependency]:
    """The drivers a ``go.mod`` requires."""
    lines = LineStarts(text)
    out = []
    for match in _GO_REQUIRE.finditer(text):
        name = match.group(1)
        if dependency_name("go", name) in wanted:
            location = _location(path, lines, match.start(2), match.end(2))
            out.append(_dependency("go", name, match.group(2), location))
    return out


def gemfile_lock(path: str, text: str, wanted: frozenset[str]) -> list[Dependency]:
    """The gems a ``Gemfile.lock`` resolved (``specs:`` entries, four-blank indent)."""
    lines = LineStarts(text)
    out = []
    for match in _GEM_SPEC.finditer(text):
        name = match.group(1)
        if dependency_name("gem", name) not in wanted:
            continue
        written = match.group(2)
        # ``0.5.6-x86_64-linux``: a platform gem; the version is before the platform.
        version = re.match(r"\d+(?:\.\d+)*", written)
        location = _location(path, lines, match.start(2), match.end(2))
        exact = version.group(0) if version else None
        out.append(_dependency("gem", name, written, location, exact=exact))
    return out


def _nuget_version(written: str) -> str:
    """NuGet's exact-version notation ``[1.2.3]`` as ``1.2.3``; anything else unchanged."""
    inner = written.strip()
    if inner.startswith("[") and inner.endswith("]") and "," not in inner:
        return inner[1:-1].strip()
    return inner


def msbuild(path: str, text: str, wanted: frozenset[str]) -> list[Dependency]:
    """The packages a ``.csproj`` / ``Directory.Packages.props`` references."""
    lines = LineStarts(text)
    out = []
    for match in _NUGET_REFERENCE.finditer(text):
        name = match.group(1).strip()
        if dependency_name("nuget", name) not in wanted:
            continue
        tag = match.group(0)
        attribute = _VERSION_OVERRIDE.search(tag) or _VERSION_ATTRIBUTE.search(tag)
        if attribute is not None:
            start, end = match.start() + attribute.start(1), match.start() + attribute.end(1)
        else:
            element = _VERSION_ELEMENT.match(text, match.end()) if not match.group(2) else None
            if element is None:
                # Central package management: the version is in a Directory.Packages.props
                # further up, which the walk reaches only if this file declares nothing.
                continue
            start, end = element.start(1), element.end(1)
        written = _nuget_version(text[start:end])
        out.append(_dependency("nuget", name, written, _location(path, lines, start, end)))
    return out


def _json_entries(text: str) -> Iterator[tuple[str, str, int, int]]:
    """(key, string value, value start, value end) of every ``"key": "value"`` pair, in order."""
    for match in _JSON_KEY.finditer(text):
        yield match.group(1), match.group(2), match.start(2), match.end(2)


def _mentions(text: str, wanted: frozenset[str], ecosystem: str) -> bool:
    """Whether ``text`` names one of ``wanted``'s packages of ``ecosystem`` at all: a
    lock file of thousands of packages is parsed only when it may hold a driver.
    """
    lowered = text.lower()
    prefix = ecosystem + ":"
    return any(name[len(prefix) :] in lowered for name in wanted if name.startswith(prefix))


def package_json(path: str, text: str, wanted: frozenset[str]) -> list[Dependency]:
    """The drivers a ``package.json`` depends on (any dependency section)."""
    if not _mentions(text, wanted, "npm"):
        return []
    try:
        document = json.loads(text)
    except ValueError:
        return []
    if not isinstance(document, dict):
        return []
    declared: dict[str, str] = {}
    for section in ("dependencies", "devDependencies", "optionalDependencies", "peerDependencies"):
        entries = document.get(section)
        if isinstance(entries, dict):
            for name, spec in entries.items():
                if dependency_name("npm", name) in wanted and isinstance(spec, str):
                    declared.setdefault(name, spec)
    if not declared:
        return []
    lines = LineStarts(text)
    out = []
    for key, value, start, end in _json_entries(text):
        if declared.get(key) == value:
            written = value.strip().removeprefix("=")
            out.append(_dependency("npm", key, written, _location(path, lines, start, end)))
            del declared[key]
    return out


def _locked(
    path: str, text: str, wanted: frozenset[str], ecosystem: str, find: Callable[[object], dict[str, str]]
) -> list[Dependency]:
    if not _mentions(text, wanted, ecosystem):
        return []
    try:
        document = json.loads(text)
    except ValueError:
        return []
    found = {
        name: version
        for name, version in find(document).items()
        if dependency_name(ecosystem, name) in wanted
    }
    if not found:
        return []
    lines = LineStarts(text)
    out = []
    for name, version in sorted(found.items()):
        at = text.find(f'"{version}"')
        start, end = (at + 1, at + 1 + len(version)) if at >= 0 else (0, 0)
        out.append(_dependency(ecosystem, name, version, _location(path, lines, start, end)))
    return out


def _npm_lock_versions(document: object) -> dict[str, str]:
    """``node_modules/<name>`` -> version of a lockfile v2/v3 (v1: ``dependencies``)."""
    out: dict[str, str] = {}
    if not isinstance(document, dict):
        return out
    packages = document.get("packages")
    if isinstance(packages, dict):
        for key, entry in packages.items():
            if isinstance(key, str) and key.startswith("node_modules/") and "/node_modules/" not in key:
                version = entry.get("version") if isinstance(entry, dict) else None
                if isinstance(version, str):
                    out[key.removeprefix("node_modules/")] = version
    dependencies = document.get("dependencies")
    if isinstance(dependencies, dict):
        for name, entry in dependencies.items():
            version = entry.get("version") if isinstance(entry, dict) else None
            if isinstance(version, str):
                out.setdefault(name, version)
    return out


def _nuget_lock_versions(document: object) -> dict[str, str]:
    """Package id -> ``resolved`` version of a ``packages.lock.json`` (every target framework)."""
    out: dict[str, str] = {}
    frameworks = document.get("dependencies") if isinstance(document, dict) else None
    if not isinstance(frameworks, dict):
        return out
    for packages in frameworks.values():
        if isinstance(packages, dict):
            for name, entry in packages.items():
                resolved = entry.get("resolved") if isinstance(entry, dict) else None
                if isinstance(resolved, str):
                    out.setdefault(name, resolved)
    return out


def package_lock(path: str, text: str, wanted: frozenset[str]) -> list[Dependency]:
    """The drivers an npm ``package-lock.json`` installs at the top level."""
    return _locked(path, text, wanted, "npm", _npm_lock_versions)


def nuget_lock(path: str, text: str, wanted: frozenset[str]) -> list[Dependency]:
    """The drivers a NuGet ``packages.lock.json`` resolved."""
    return _locked(path, text, wanted, "nuget", _nuget_lock_versions)


Reader = Callable[[str, str, frozenset[str]], list[Dependency]]

_READERS: dict[str, Reader] = {
    "go.mod": go_mod,
    "Gemfile.lock": gemfile_lock,
    "Directory.Packages.props": msbuild,
    "packages.lock.json": nuget_lock,
    "package.json": package_json,
    "package-lock.json": package_lock,
}


def reader_for(name: str) -> Reader | None:
    """The reader of a file named ``name`` (None: not a package file read here)."""
    if name.endswith((".csproj", ".fsproj", ".vbproj")):
        return msbuild
    return _READERS.get(name)
