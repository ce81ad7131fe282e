"""Gradle builds: which MySQL-family JDBC drivers ``build.gradle(.kts)`` declare, at which version.

Groovy and Kotlin DSL are read as text, not executed: a dependency is a
string literal ``'group:artifact:version'`` (any configuration:
``implementation``, ``runtimeOnly``, ``api``, ``constraints { }``...), a map
``group: 'mysql', name: 'mysql-connector-java', version: '5.1.49'`` (Kotlin:
``group = ..., name = ..., version = ...``) or a version catalog accessor
(``libs.mysql.connector``).  Versions are literals, variables (``$v``,
``${v}``, ``${project.ext.v}``, ``${property("v")}``) defined by ``ext``,
``def``, ``val`` or ``extra`` in the same file or, for :mod:`connlint.scope`,
by ``gradle.properties`` and enclosing projects, or catalog versions
(``version.ref``).  Each version keeps the location of its literal.

A version that is computed, dynamic (``8.+``, ``latest.release``) or a range
stays unknown (a range is kept as the spec).  A driver named in a way none
of these forms matches is reported as a dependency of unknown version plus
one notification.  ``libs.versions.toml`` (file kind ``gradle`` too) yields
the catalog's own driver entries.

Syntax problems that are cheap to see are reported when the file declares a
driver, as one note per file with the first problem's line: a driver's
string literal or ``version:`` value left unterminated (its version is then
unknown), or brackets (``{}``, ``()``, ``[]``) that do not balance.  Build
logic the front-end does not read is never reported.
"""

from __future__ import annotations

import bisect
import posixpath
import re
import tomllib
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path

from connlint import budget
from connlint.frontends.maven import DRIVER_COORDINATES, Located
from connlint.frontends.offsets import LineStarts
from connlint.lazy import dataclass
from connlint.model import Dependency, Extraction, Level, Location, Notification
from connlint.scope import ContextRead, is_repository_root, present, read_context_file

_ARTIFACTS = {coordinate.split(":")[1]: coordinate for coordinate in DRIVER_COORDINATES}
_ARTIFACT_ALT = "|".join(sorted((re.escape(a) for a in _ARTIFACTS), key=len, reverse=True))
_GROUP_ALT = "|".join(sorted({re.escape(c.split(":")[0]) for c in DRIVER_COORDINATES}, key=len, reverse=True))

#: ``'group:artifact`` at the start of a string literal (the rest is read by hand).
_STRING_NOTATION = re.compile(rf"""(["'])({_GROUP_ALT}):({_ARTIFACT_ALT})(?=[:"'@])""")
#: ``name: 'artifact'`` / ``name = "artifact"`` of map notation.
_MAP_NAME = re.compile(rf"""\bname\s*[:=]\s*(["'])({_ARTIFACT_ALT})\1""")
_MAP_KEY = r"""\b{key}\s*[:=]\s*(?:(["'])((?:[^"'\\\n]|\\.)*)\1|([A-Za-z_][\w.]*))"""
#: Any mention of a driver artifact, to notice forms none of the above reads.
_MENTION = re.compile(rf"(?<![\w.-])({_ARTIFACT_ALT})(?![\w-])")

#: Variable definitions with a plain literal value.
_ASSIGNMENTS = (
    # def v = '1', val v = "1", var v: String = "1", ext.v = '1', project.ext.v = '1', v = '1' (ext { })
    # Modifiers are taken at once (one followed by no name is the name: `val = '1'`),
    # and taken even when no assignment follows (group 1 is then None): tried
    # again from each line of a run of modifier lines, they were quadratic.
    re.compile(
        r"""(?m)^[ \t]*+(?>(?:(?:def|val|var|final|String)\s++(?=[A-Za-z_]))*)"""
        r"""(?:(?:(?:rootProject|project)\.)?(?:ext\.)?"""
        r"""([A-Za-z_]\w*)(?:\s*:\s*String)?\s*=\s*(["'])([^"'$\\\n]*)\2)?"""
    ),
    # ext['v'] = '1', extra["v"] = "1", project.extra["v"] = "1"
    re.compile(r"""\b(?:ext|extra)\[\s*["']([\w.-]+)["']\s*\]\s*=\s*(["'])([^"'$\\\n]*)\2"""),
    # ext.set("v", "1"), extra.set("v", "1"), set("v", "1")
    re.compile(r"""\bset\(\s*["']([\w.-]+)["']\s*,\s*(["'])([^"'$\\\n]*)\2\s*\)"""),
    # val v by extra("1")
    re.compile(r"""\bval\s+([A-Za-z_]\w*)\s+by\s+extra\(\s*(["'])([^"'$\\\n]*)\2\s*\)"""),
)

#: Forms of a variable reference inside a version: ``$v``, ``${v}``, ``${project.ext.v}``,
#: ``${property("v")}``, ``${extra["v"]}``, ``${rootProject.extra["v"]}``.
_REFERENCE = re.compile(
    r"""^\$(?:([A-Za-z_]\w*)|\{\s*(?:(?:rootProject|project)\.)?(?:(?:ext|extra|properties)\.)?"""
    r"""(?:([A-Za-z_][\w.]*)|(?:property|findProperty|extra|ext|properties)\s*[(\[]\s*["']([\w.-]+)["']\s*[)\]]"""
    r"""(?:\s*(?:as\s+String|\.toString\(\)|!!))?)\s*\}$)"""
)
#: ``libs.versions.mysql.get()`` / ``libs.versions.mysql`` inside ``${...}``.
_CATALOG_VERSION_REFERENCE = re.compile(r"""^\$\{\s*(\w+)\.versions\.([\w.]+?)(?:\.get\(\))?\s*\}$""")
_DYNAMIC = re.compile(r"""(?:^latest\.|\+$|^[\[(\]]|[\])\[]$|,)""")


@dataclass(frozen=True)
class CatalogLibrary:
    """One ``[libraries]`` entry of a version catalog."""

    module: str
    version: Located | None
    location: Location
    note: str | None = None


@dataclass(frozen=True)
class Catalog:
    """A version catalog: ``[versions]`` and ``[libraries]`` with located values."""

    versions: Mapping[str, Located] = field(default_factory=dict)
    libraries: Mapping[str, CatalogLibrary] = field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    """What a build file sees from outside itself (for :mod:`connlint.scope`).

    ``variables`` from ``gradle.properties`` and enclosing projects (nearest
    first); ``catalogs`` by accessor name (``libs``).
    """

    variables: Mapping[str, Located] = field(default_factory=dict)
    catalogs: Mapping[str, Catalog] = field(default_factory=dict)


class _Text:
    """Offsets of one file's text to 1-based line and column."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self._starts = LineStarts(text).starts

    def location(self, start: int, end: int) -> Location:
        """Return the region of ``text[start:end]``."""
        line, column = self.point(start)
        end_line, end_column = self.point(end)
        return Location(self.path, line, column, end_line, end_column)

    def point(self, offset: int) -> tuple[int, int]:
        """Return (line, column) of ``offset``."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return i + 1, offset - self._starts[i] + 1

    def line_span(self, offset: int) -> tuple[int, int]:
        """Return the start and end offsets of the line holding ``offset``."""
        i = bisect.bisect_right(self._starts, offset) - 1
        end = self._starts[i + 1] - 1 if i + 1 < len(self._starts) else len(self.text)
        return self._starts[i], end


#: Every character but a line break (a block comment is blanked keeping its lines).
_NOT_NEWLINE = re.compile(r"[^\n]")


def _strip_comments(text: str) -> str:
    """Blank out ``//`` and ``/* */`` comments, keeping offsets and strings intact."""
    out: list[str] = []  # pieces of the result (a list of characters would cost 8 bytes each)
    done = 0  # text before this offset is in ``out``
    i, n = 0, len(text)
    quote = ""
    while i < n:
        c = text[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote or c == "\n":
                quote = ""
        elif c in "\"'":
            quote = c
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out += (text[done:i], " " * (j - i))
            done = i = j
            continue
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out += (text[done:i], _NOT_NEWLINE.sub(" ", text[i:j]))
            done = i = j
            continue
        i += 1
    out.append(text[done:])
    return "".join(out)


def assignments(path: str, text: str) -> dict[str, Located]:
    """Return the variables a build file defines with a literal value (the last definition wins)."""
    source = _Text(path, text)
    code = _strip_comments(text)
    found: list[tuple[int, str, Located]] = []
    for pattern in _ASSIGNMENTS:
        for m in pattern.finditer(code):
            budget.check()  # per match: a file read for context runs within a budget too
            if m.group(1) is None:
                continue  # modifiers without an assignment
            value_start = m.start(3)
            location = source.location(value_start, m.end(3))
            found.append((m.start(), m.group(1), Located(m.group(3).strip(), location)))
    return {name: located for _, name, located in sorted(found, key=lambda f: f[0])}


#: A ``gradle.properties`` key and separator (``=``, ``:`` or blanks, blanks
#: around); the value runs to the line's last non-blank.  Possessive, and the
#: value cut with ``rstrip``: ``(.*?)\s*$`` was quadratic on inner blanks.
_PROPERTY = re.compile(r"\s*+([^=:\s]++)(?:\s*+[=:]|\s++)\s*+")


def read_properties(path: str, text: str) -> dict[str, Located]:
    """Return the ``key=value`` entries of a ``gradle.properties`` file, values located."""
    out: dict[str, Located] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        budget.check()
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "!")) or line.rstrip().endswith("\\"):
            continue
        m = _PROPERTY.match(line)
        value_end = len(line.rstrip())
        if m and m.end() < value_end:
            out[m.group(1)] = Located(
                line[m.end() : value_end], Location(path, number, m.end() + 1, number, value_end + 1)
            )
    return out


def _alias(name: str) -> str:
    """Return the accessor form of a catalog alias (``mysql-connector`` -> ``mysql.connector``)."""
    return re.sub(r"[-_.]", ".", name)


def parse_catalog(path: str, text: str) -> Catalog | None:
    """Read a ``libs.versions.toml`` version catalog; None when it is not valid TOML."""
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError):
        return None
    source = _Text(path, text)
    # Line of each `key =` in each [table], for locating the values tomllib returns.
    lines: dict[tuple[str, str], int] = {}
    table = ""
    for m in re.finditer(r"(?m)^[ \t]*(?:\[([^\]\n]+)\]|([\w.\"'-]+)\s*=)", text):
        if m.group(1) is not None:
            table = m.group(1).strip()
        else:
            lines[(table, m.group(2).strip("\"'"))] = m.start(2)

    def literal(table_name: str, key: str, value: str) -> Located | None:
        start = lines.get((table_name, key))
        if start is None:
            return None
        line_end = source.line_span(start)[1]
        pattern = re.compile(rf"""(?<=["':]){re.escape(value)}(?=["'])""")
        m = pattern.search(text, start, max(line_end, start))
        return Located(value, source.location(m.start(), m.end())) if m else None

    versions: dict[str, Located] = {}
    raw_versions = data.get("versions", {})
    if isinstance(raw_versions, dict):
        for key, value in raw_versions.items():
            text_value = value if isinstance(value, str) else _rich_version(value)
            if text_value is not None:
                located = literal("versions", key, text_value)
                if located is not None:
                    versions[key] = located
    libraries: dict[str, CatalogLibrary] = {}
    raw_libraries = data.get("libraries", {})
    if not isinstance(raw_libraries, dict):
        return Catalog(versions, libraries)
    for key, entry in raw_libraries.items():
        start = lines.get(("libraries", key))
        where = source.location(start, start + len(key)) if start is not None else Location(path, 1, 1, 1, 1)
        module, version, ref = _library(entry)
        if module is None:
            continue
        if ref is not None:
            located = versions.get(ref)
            note = None if located else f"catalog version `{ref}` is not a plain version"
            libraries[_alias(key)] = CatalogLibrary(module, located, where, note)
        elif version is not None:
            libraries[_alias(key)] = CatalogLibrary(module, literal("libraries", key, version), where)
        else:
            libraries[_alias(key)] = CatalogLibrary(module, None, where, "no version in the catalog")
    return Catalog(versions, libraries)


def _rich_version(value: object) -> str | None:
    """Return the one exact version of a rich version table (``{ strictly = "1.0" }``), if any."""
    if isinstance(value, dict):
        for key in ("strictly", "require", "prefer"):
            v = value.get(key)
            if isinstance(v, str):
                return v
    return None


def _library(entry: object) -> tuple[str | None, str | None, str | None]:
    """Return (module, version, version.ref) of one ``[libraries]`` entry."""
    if isinstance(entry, str):
        parts = entry.split(":")
        return ":".join(parts[:2]) if len(parts) >= 2 else None, parts[2] if len(parts) > 2 else None, None
    if not isinstance(entry, dict):
        return None, None, None
    module = entry.get("module")
    if not isinstance(module, str):
        group, name = entry.get("group"), entry.get("name")
        module = f"{group}:{name}" if isinstance(group, str) and isinstance(name, str) else None
    version = entry.get("version")
    if isinstance(version, dict):
        ref = version.get("ref")
        if isinstance(ref, str):
            return module, None, ref
        return module, _rich_version(version), None
    return module, version if isinstance(version, str) else None, None


_CLOSING = {"{": "}", "(": ")", "[": "]"}
_BRACKET_OR_QUOTE = re.compile(r"""["'{}()\[\]]""")
#: After a dependency string: ``+`` (a version built by concatenation).
_CONCATENATED = re.compile(r"\s*\+")


def _unbalanced(code: str) -> tuple[int, str] | None:
    """The first bracket that does not balance in comment-free ``code`` (strings
    skipped), with what is wrong; None when all balance.
    """
    stack: list[int] = []
    i, n = 0, len(code)
    while True:
        found = _BRACKET_OR_QUOTE.search(code, i)
        if found is None:
            break
        i = found.start()
        c = code[i]
        if c in "\"'":
            triple = code[i : i + 3]
            if triple in ('"""', "'''"):
                end = code.find(triple, i + 3)
                i = n if end < 0 else end + 3
                continue
            i = _read_string(code, i) + 1
            continue
        if c in _CLOSING:
            stack.append(i)
        elif c in ")}]":
            if not stack:
                return i, f"unmatched `{c}`"
            if _CLOSING[code[stack[-1]]] == c:
                stack.pop()
                i += 1
                continue
            # The closer matches an outer opener: the first opener left open inside it.
            match = next((k for k in range(len(stack) - 1, -1, -1) if _CLOSING[code[stack[k]]] == c), None)
            if match is None:
                return i, f"unmatched `{c}`"
            first = stack[match + 1]
            return first, f"unclosed `{code[first]}`"
        i += 1
    if stack:
        return stack[0], f"unclosed `{code[stack[0]]}`"
    return None


def _read_string(text: str, start: int) -> int:
    """Return the offset of the closing quote of the literal whose opening quote is at ``start``."""
    quote = text[start]
    i = start + 1
    depth = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "\n":
            return i
        if quote == '"' and text.startswith("${", i):
            depth += 1
            i += 2
            continue
        if depth and c == "}":
            depth -= 1
        elif not depth and c == quote:
            return i
        i += 1
    return len(text)


class _Scanner:
    """Reads the driver dependencies of one build file."""

    def __init__(self, path: str, text: str, context: Context | None, local: bool = False) -> None:
        self.local_locations = local
        self.source = _Text(path, text)
        self.code = _strip_comments(text)
        self.context = context
        self.local = assignments(path, text)
        self.out = Extraction()
        self.consumed: set[int] = set()
        self.problems: list[tuple[int, str]] = []

    def _variable(self, name: str) -> Located | None:
        if name in self.local:
            return self.local[name]
        if self.context is not None:
            return self.context.variables.get(name)
        return None

    def _version(self, name: str, raw: str, start: int, end: int) -> Dependency:
        """Resolve the version text ``raw`` found at ``code[start:end]``."""
        here = self.source.location(start, end)
        raw = raw.strip()
        if not raw:
            return Dependency(
                "maven", name, None, here, note="no version (a platform, BOM or constraint manages it)"
            )
        catalog_ref = _CATALOG_VERSION_REFERENCE.match(raw)
        if catalog_ref is not None:
            catalog = self.context.catalogs.get(catalog_ref.group(1)) if self.context else None
            located = None
            if catalog is not None:
                wanted = _alias(catalog_ref.group(2))
                located = next((v for k, v in catalog.versions.items() if _alias(k) == wanted), None)
            if located is None:
                return Dependency("maven", name, None, here, note=f"version from catalog reference `{raw}`")
            return self._literal(name, located.value, located.location)
        ref = _REFERENCE.match(raw)
        if ref is not None:
            var = ref.group(1) or ref.group(2) or ref.group(3) or ""
            located = self._variable(var)
            if located is None:
                note = f"variable `{var}` is not defined in this file"
                if self.context is not None:
                    note = f"variable `{var}` is not defined in the build"
                return Dependency("maven", name, None, here, note=note)
            if self.local_locations and located.location.path != self.source.path:
                where = f"{located.location.path}:{located.location.line}"
                return self._literal(name, located.value, here, f"version `{located.value}` from {where}")
            return self._literal(name, located.value, located.location)
        if "$" in raw:
            return Dependency("maven", name, None, here, note=f"version `{raw}` is computed")
        return self._literal(name, raw, here)

    @staticmethod
    def _literal(name: str, value: str, location: Location, note: str | None = None) -> Dependency:
        if _DYNAMIC.search(value):
            return Dependency("maven", name, None, location, spec=value, note="dynamic version or range")
        return Dependency("maven", name, value, location, note=note)

    def string_notation(self) -> None:
        """Read ``'group:artifact:version'`` literals."""
        code = self.code
        for m in _STRING_NOTATION.finditer(code):
            budget.check()
            name = f"{m.group(2)}:{m.group(3)}"
            if name not in DRIVER_COORDINATES:
                continue
            close = _read_string(code, m.start(1))
            self.consumed.add(m.start(3))
            if close >= len(code) or code[close] != m.group(1):
                here = self.source.location(m.start(2), close)
                self.out.dependencies.append(
                    Dependency("maven", name, None, here, note="unterminated string literal")
                )
                self.syntax(m.start(1), f"unterminated string literal declaring {name}")
                continue
            rest_start = m.end(3)
            rest = code[rest_start:close]
            if rest.startswith(":"):
                version_start = rest_start + 1
                version = rest[1:]
                # Drop `:classifier` and `@extension`.
                cut = len(version)
                depth = 0
                for i, c in enumerate(version):
                    if version.startswith("${", i):
                        depth += 1
                    elif c == "}" and depth:
                        depth -= 1
                    elif not depth and c in ":@":
                        cut = i
                        break
                self.out.dependencies.append(
                    self._version(name, version[:cut], version_start, version_start + cut)
                )
            else:
                self.out.dependencies.append(self._version(name, "", m.start(2), m.end(3)))
            dep = self.out.dependencies[-1]
            if dep.version is None and _CONCATENATED.match(code, close + 1) is not None:
                here = self.source.location(m.start(2), close)
                self.out.dependencies[-1] = Dependency(
                    "maven", name, None, here, note="version is concatenated"
                )
                self.out.notifications.append(
                    Notification(
                        self.source.path,
                        f"could not read the version of {name}: built by concatenation",
                        line=here.line,
                    )
                )

    def map_notation(self) -> None:
        """Read ``group: 'g', name: 'a', version: 'v'`` maps."""
        code = self.code
        for m in _MAP_NAME.finditer(code):
            budget.check()
            start, end = self._statement(m.start())
            window = code[start:end]
            group = re.search(_MAP_KEY.format(key="group"), window)
            if group is None or group.group(2) is None:
                continue
            self.consumed.add(m.start(2))
            name = f"{group.group(2)}:{m.group(2)}"
            if name not in DRIVER_COORDINATES:
                continue
            version = re.search(_MAP_KEY.format(key="version"), window)
            open_quote = re.search(r"""\bversion\s*[:=]\s*["']""", window)
            if open_quote is not None and (version is None or version.start() != open_quote.start()):
                here = self.source.location(start + open_quote.end() - 1, start + open_quote.end())
                self.out.dependencies.append(
                    Dependency("maven", name, None, here, note="unterminated string literal")
                )
                self.syntax(start + open_quote.end() - 1, f"unterminated string literal declaring {name}")
            elif version is None:
                self.out.dependencies.append(self._version(name, "", m.start(2), m.end(2)))
            elif version.group(2) is not None:
                vs = start + version.start(2)
                self.out.dependencies.append(
                    self._version(name, version.group(2), vs, vs + len(version.group(2)))
                )
            else:
                vs = start + version.start(3)
                ident = version.group(3)
                self.out.dependencies.append(self._version(name, "${" + ident + "}", vs, vs + len(ident)))

    def _statement(self, offset: int) -> tuple[int, int]:
        """Return the offsets of the call or line around ``offset`` (a map's extent).

        Inside parentheses that open within a few lines before, the extent
        is those parentheses; otherwise the line.
        """
        code = self.code
        depth = 0
        i = offset
        floor = max(0, offset - 600)
        while i > floor:
            i -= 1
            c = code[i]
            if c == ")":
                depth += 1
            elif c == "(":
                if depth == 0:
                    j, depth = i + 1, 1
                    while j < len(code) and j < offset + 600:
                        if code[j] == "(":
                            depth += 1
                        elif code[j] == ")":
                            depth -= 1
                            if depth == 0:
                                return i, j
                        j += 1
                    break
                depth -= 1
            elif c in "{}":
                break
        return self.source.line_span(offset)

    def catalog_accessors(self) -> None:
        """Read ``libs.alias`` accessors of the catalogs in the context."""
        if self.context is None:
            return
        for accessor, catalog in sorted(self.context.catalogs.items()):
            for alias, library in sorted(catalog.libraries.items()):
                if library.module not in DRIVER_COORDINATES:
                    continue
                pattern = re.compile(rf"\b{re.escape(accessor)}\.{re.escape(alias)}(?![\w]|\.(?!get\(\))\w)")
                for m in pattern.finditer(self.code):
                    if library.version is None:
                        here = self.source.location(m.start(), m.end())
                        self.out.dependencies.append(
                            Dependency("maven", library.module, None, here, note=library.note)
                        )
                    else:
                        self.out.dependencies.append(
                            self._literal(library.module, library.version.value, library.version.location)
                        )
                    break

    def syntax(self, offset: int, what: str) -> None:
        """Remember a syntax problem at ``offset`` (see :meth:`report_syntax`)."""
        self.problems.append((offset, what))

    def report_syntax(self) -> None:
        """One note for the first syntax problem, when the file declares a driver."""
        if not self.out.dependencies:
            return
        bracket = _unbalanced(self.code)
        if bracket is not None:
            self.problems.append(bracket)
        if self.problems:
            offset, what = min(self.problems)
            self.out.notifications.append(
                Notification(
                    self.source.path,
                    f"Gradle syntax error ({what}); analysed what could be parsed",
                    Level.NOTE,
                    self.source.point(offset)[0],
                )
            )

    def leftovers(self) -> None:
        """Report driver mentions that no form read, as unknown versions plus one notification."""
        first = True
        for m in _MENTION.finditer(self.code):
            budget.check()
            if not self.consumed.isdisjoint(range(m.start() - 1, m.start() + 2)):  # linear, not per consumed
                continue
            before = self.code[max(0, m.start() - 40) : m.start()]
            if not re.search(r"""\bname\s*[:=]\s*["']$""", before):
                continue
            name = _ARTIFACTS[m.group(1)]
            here = self.source.location(m.start(), m.end())
            self.out.dependencies.append(
                Dependency("maven", name, None, here, note="dependency form not understood")
            )
            if first:
                self.out.notifications.append(
                    Notification(
                        self.source.path,
                        f"could not read the version of {name}: dependency form not understood",
                        line=here.line,
                    )
                )
                first = False


def scan(path: str, text: str, context: Context | None = None, *, local: bool = False) -> Extraction:
    """Return the driver dependencies of one Gradle build file, resolved with ``context``.

    With ``local`` a version defined in another file (``gradle.properties``,
    an enclosing project) is located at its reference in this file.
    """
    if path.endswith(".toml"):
        return _catalog_extraction(path, text)
    scanner = _Scanner(path, text, context, local)
    scanner.string_notation()
    scanner.map_notation()
    scanner.catalog_accessors()
    scanner.leftovers()
    scanner.report_syntax()
    seen: set[tuple[str, Location]] = set()
    unique = []
    for dep in sorted(scanner.out.dependencies, key=lambda d: (d.location, d.name)):
        if (dep.name, dep.location) not in seen:
            seen.add((dep.name, dep.location))
            unique.append(dep)
    scanner.out.dependencies = unique
    return scanner.out


def _catalog_extraction(path: str, text: str) -> Extraction:
    """Return the driver entries of a version catalog file."""
    catalog = parse_catalog(path, text)
    if catalog is None:
        return Extraction(notifications=[Notification(path, "not valid TOML; version catalog not read")])
    out = Extraction()
    for library in catalog.libraries.values():
        if library.module not in DRIVER_COORDINATES:
            continue
        if library.version is None:
            out.dependencies.append(
                Dependency("maven", library.module, None, library.location, note=library.note)
            )
        else:
            out.dependencies.append(
                _Scanner._literal(library.module, library.version.value, library.version.location)
            )
    out.dependencies.sort(key=lambda d: (d.location, d.name))
    return out


_SETTINGS_FILES = ("settings.gradle", "settings.gradle.kts")
_BUILD_FILES = ("build.gradle.kts", "build.gradle")


def _read(path: Path, shown: str, read: ContextRead) -> str | None:
    """The text of the build file at ``path`` through ``read``, or None when there is none to use."""
    return read(path, shown)[0] if present(path) else None


def _join(directory: str, name: str) -> str:
    """Join a display directory and a relative name into a normalised POSIX path."""
    return posixpath.normpath(posixpath.join(directory or ".", name))


def read_context(
    directory: Path, display: str, *, catalogs: bool = True, read: ContextRead = read_context_file
) -> Context:
    """Collect what a build file in ``directory`` sees from outside itself, reading the disk.

    Its own ``gradle.properties``, then for each enclosing directory up to the
    root project (the one with ``settings.gradle(.kts)``; never above a
    ``.git`` directory) that project's build-file variables and
    ``gradle.properties``, nearest first; with ``catalogs``, the root's
    ``gradle/libs.versions.toml`` as ``libs``.  ``display`` is how
    ``directory`` is shown in locations (POSIX, relative or absolute);
    ``read`` reads each file (see :data:`connlint.scope.ContextRead`).
    """
    dirs: list[tuple[Path, str]] = []
    current, shown = directory, display
    root: tuple[Path, str] | None = None
    for _ in range(64):
        dirs.append((current, shown))
        if any(present(current / name) for name in _SETTINGS_FILES):
            root = (current, shown)
            break
        if is_repository_root(current) or current.parent == current:
            break
        current, shown = current.parent, _join(shown, "..")
    if root is None:
        dirs, root = dirs[:1], dirs[0]
    variables: dict[str, Located] = {}
    for d, d_shown in dirs:
        if d != directory:
            for name in _BUILD_FILES:
                text = _read(d / name, _join(d_shown, name), read)
                if text is not None:
                    for key, value in assignments(_join(d_shown, name), text).items():
                        variables.setdefault(key, value)
                    break
        text = _read(d / "gradle.properties", _join(d_shown, "gradle.properties"), read)
        if text is not None:
            for key, value in read_properties(_join(d_shown, "gradle.properties"), text).items():
                variables.setdefault(key, value)
    found: dict[str, Catalog] = {}
    if catalogs:
        catalog_shown = _join(root[1], "gradle/libs.versions.toml")
        text = _read(root[0] / "gradle" / "libs.versions.toml", catalog_shown, read)
        catalog = parse_catalog(catalog_shown, text) if text else None
        if catalog is not None:
            found["libs"] = catalog
    return Context(variables=variables, catalogs=found)


def extract(path: str, text: str) -> Extraction:
    """Return the driver dependencies of one Gradle file.

    Variables from ``gradle.properties`` and enclosing projects are read from
    disk next to ``path`` (a display path: relative to the working directory,
    as discovery gives it) and located at their reference in this file.
    Catalog accessors (``libs.x``) are left to the catalog file, which reports
    its own versions, and to :mod:`connlint.scope`.
    """
    context = None
    if not path.endswith(".toml"):
        try:
            directory = Path(path).parent
            if directory.is_dir():
                context = read_context(directory, posixpath.dirname(path), catalogs=False)
        except (OSError, ValueError):  # pragma: no cover - an unusable path
            context = None
    return scan(path, text, context, local=True)
