"""Maven ``pom.xml``: which MySQL-family JDBC drivers a build declares, at which version.

The POM is read with :mod:`xml.parsers.expat` directly, so every value keeps
its line and column, no entity is ever expanded and nothing is fetched.  When
the document type declaration declares entities (expanding them is how XML
bombs and XXE work), the POM is read again with its internal subset blanked:
every reference to an entity is then a value not known statically (a version
that is unknown, with a note), the rest of the POM is read as always, and a
notification names the entities.  Refusing the whole file hid every driver
it declared.

Two layers:

* :func:`parse_pom` turns one file into a :class:`Pom` (coordinates, parent,
  properties, declared and managed dependencies, each value located);
* :func:`resolve` works out the version of each driver dependency over a chain
  of POMs (the file, then its parents that are in the repository), following
  ``${property}`` references and ``<dependencyManagement>``.  A version that
  comes from a parent or an imported BOM outside the chain stays unknown with
  a note naming it ("managed by org.springframework.boot:spring-boot-dependencies:3.2.0"):
  never a guess.

:func:`extract` (the front-end) resolves within the one file it is given;
:mod:`connlint.scope` reads parents from disk with :func:`read_pom_chain`.
"""

from __future__ import annotations

import bisect
import posixpath
import re
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import field
from pathlib import Path
from xml.parsers import expat

from connlint import budget
from connlint.clients import drivers
from connlint.frontends.offsets import LineStarts
from connlint.frontends.xml_dtd import (
    EntityDeclarations,
    stop_at_entity_declarations,
    without_internal_subset_bytes,
)
from connlint.lazy import dataclass
from connlint.model import DYNAMIC, Dependency, Extraction, Level, Location, Notification
from connlint.scope import ContextRead, present, read_context_file

#: Maven coordinates of the drivers connlint knows, as ``group:artifact``
#: (relocated ones included; see :mod:`connlint.clients.drivers`).
DRIVER_COORDINATES: frozenset[str] = drivers.packages("maven")

_PROPERTY_REF = re.compile(r"\$\{([^}]*)\}")
_MAX_INTERPOLATION_DEPTH = 10
#: Maven version ranges (``[8.0,9.0)``) and dynamic versions are kept as a spec.
_RANGE_START = ("[", "(")


@dataclass
class _Parsed:
    """The element tree of a POM, or why there is none; the entities its DTD
    declared (not expanded) and the references read as unknown values.
    """

    root: _Node | None
    error: str | None = None
    line: int | None = None
    entities: tuple[str, ...] = ()
    references: int = 0
    doctype_line: int | None = None

    def entities_note(self, path: str) -> Notification | None:
        """What the reading without the DTD's entities left unknown."""
        if not self.entities and not self.references:
            return None
        count = self.references
        refs = f"{count} reference{'s' if count != 1 else ''} read as unknown values"
        if not self.entities:  # references to entities of an external DTD, which is never read
            return Notification(path, f"entity references not expanded: {refs}", Level.WARNING, self.line)
        names = ", ".join(self.entities[:10]) + (", ..." if len(self.entities) > 10 else "")
        message = f"DTD declares entities ({names}): no entity is expanded or fetched; {refs}"
        return Notification(path, message, Level.WARNING if count else Level.NOTE, self.doctype_line)


@dataclass
class _Node:
    """One element of the parsed document, with the byte span of its content."""

    tag: str
    start: int
    children: list[_Node] = field(default_factory=list)
    chunks: list[str] = field(default_factory=list)
    end: int = -1

    def child(self, tag: str) -> _Node | None:
        """Return the first child element named ``tag``."""
        for c in self.children:
            if c.tag == tag:
                return c
        return None

    def all(self, tag: str) -> list[_Node]:
        """Return every child element named ``tag``."""
        return [c for c in self.children if c.tag == tag]


@dataclass(frozen=True)
class Located:
    """A text value of the POM and the region of its (stripped) text."""

    value: str
    location: Location


@dataclass(frozen=True)
class DeclaredDependency:
    """One ``<dependency>`` element as written, before any resolution."""

    group: str
    artifact: str
    version: Located | None
    location: Location
    scope: str = ""
    type: str = ""
    managed: bool = False

    @property
    def name(self) -> str:
        """``group:artifact``."""
        return f"{self.group}:{self.artifact}"


@dataclass(frozen=True)
class ParentRef:
    """The ``<parent>`` element: coordinates and where to look for it."""

    group: str
    artifact: str
    version: str
    relative_path: str
    location: Location

    @property
    def gav(self) -> str:
        """``group:artifact:version``."""
        return f"{self.group}:{self.artifact}:{self.version}"


@dataclass(frozen=True)
class Pom:
    """What connlint needs of one ``pom.xml``.

    ``parsed`` is False when the file could not be read as XML (then only
    ``notifications`` is meaningful).
    """

    path: str
    parsed: bool
    group: str = ""
    artifact: str = ""
    version: Located | None = None
    parent: ParentRef | None = None
    properties: dict[str, Located] = field(default_factory=dict)
    dependencies: tuple[DeclaredDependency, ...] = ()
    managed: tuple[DeclaredDependency, ...] = ()
    notifications: tuple[Notification, ...] = ()
    salvaged: tuple[Dependency, ...] = ()

    @property
    def effective_group(self) -> str:
        """The groupId, inherited from the parent when not given."""
        return self.group or (self.parent.group if self.parent else "")

    @property
    def imports(self) -> tuple[DeclaredDependency, ...]:
        """BOMs imported into ``<dependencyManagement>`` (scope import)."""
        return tuple(d for d in self.managed if d.scope == "import")


class _Lines:
    """Maps byte offsets of the UTF-8 encoded document to 1-based line and column."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._starts = array("q", [0])
        self._starts.extend(m.end() for m in re.finditer(b"\n", data))

    def point(self, offset: int) -> tuple[int, int]:
        """(line, column) of byte ``offset``; columns count characters."""
        i = bisect.bisect_right(self._starts, offset) - 1
        start = self._starts[i]
        column = len(self._data[start:offset].decode("utf-8", errors="replace")) + 1
        return i + 1, column


def _parse_xml(data: bytes) -> _Parsed:
    """Parse ``data`` into an element tree, entities never expanded (see the module docstring)."""
    try:
        return _expat_tree(data, ())
    except EntityDeclarations as stop:
        # Same length, lines and offsets: the tree's byte offsets hold for ``data``.
        parsed = _expat_tree(without_internal_subset_bytes(data, stop.start, stop.end), tuple(stop.names))
        parsed.doctype_line = stop.line
        return parsed


def _expat_tree(data: bytes, entities: tuple[str, ...]) -> _Parsed:
    """One reading of ``data``; ``entities``: those of the DTD blanked out (the
    second reading), whose references are skipped as unknown values.
    """
    parser = expat.ParserCreate(encoding="UTF-8")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    root: list[_Node] = []
    stack: list[_Node] = []
    references = 0

    def start(name: str, _attrs: dict[str, str]) -> None:
        budget.check()  # per element: expat runs the handlers, and passes Expired on
        node = _Node(name.rsplit(":", 1)[-1], parser.CurrentByteIndex)
        if stack:
            stack[-1].children.append(node)
        else:
            root.append(node)
        stack.append(node)

    def end(_name: str) -> None:
        node = stack.pop()
        node.end = parser.CurrentByteIndex

    def chars(data: str) -> None:
        if stack:
            stack[-1].chunks.append(data)

    def skipped_entity(_name: str, _parameter: int) -> None:
        # A reference to an entity not read (blanked, or in an external DTD):
        # the value holding it is not known statically.
        nonlocal references
        if stack:
            references += 1
            stack[-1].chunks.append(DYNAMIC)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    stop_at_entity_declarations(parser)  # before any reference: no entity is ever expanded
    parser.SkippedEntityHandler = skipped_entity
    parser.ExternalEntityRefHandler = lambda *_: 1  # never fetched
    if entities:
        parser.UseForeignDTD(True)  # a reference to an entity no longer declared is then no error
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        message = f"malformed XML: {expat.errors.messages[exc.code]}"
        return _Parsed(None, message, exc.lineno, entities, references)
    except (ValueError, RecursionError) as exc:  # pragma: no cover - defensive
        return _Parsed(None, f"unreadable XML: {exc}", None, entities, references)
    if not root:  # pragma: no cover - expat rejects a document without a root
        return _Parsed(None, "malformed XML: no root element", None, entities, references)
    return _Parsed(root[0], None, None, entities, references)


def _start_tag_end(data: bytes, start: int) -> int:
    """Return the offset just past the ``>`` of the start tag that begins at ``start``."""
    quote = 0
    i = start
    while i < len(data):
        b = data[i]
        if quote:
            if b == quote:
                quote = 0
        elif b in (0x22, 0x27):
            quote = b
        elif b == 0x3E:
            return i + 1
        i += 1
    return len(data)


class _Reader:
    """Turns a parsed tree into located values."""

    def __init__(self, path: str, data: bytes) -> None:
        self.path = path
        self.data = data
        self.lines = _Lines(data)

    def text(self, node: _Node | None) -> str:
        """Return the stripped character content of ``node`` ('' when absent)."""
        return "".join(node.chunks).strip() if node is not None else ""

    def located(self, node: _Node | None) -> Located | None:
        """Return the stripped content of ``node`` with the region of its source text."""
        if node is None:
            return None
        value = self.text(node)
        content_start = _start_tag_end(self.data, node.start)
        content_end = max(node.end, content_start)
        raw = self.data[content_start:content_end]
        stripped = raw.strip()
        if stripped:
            first = content_start + (len(raw) - len(raw.lstrip()))
            last = first + len(stripped)
        else:
            first = last = content_start
        line, column = self.lines.point(first)
        end_line, end_column = self.lines.point(last)
        return Located(value, Location(self.path, line, column, end_line, end_column))

    def element_location(self, node: _Node) -> Location:
        """Return the region of ``node``'s start tag."""
        line, column = self.lines.point(node.start)
        end_line, end_column = self.lines.point(_start_tag_end(self.data, node.start))
        return Location(self.path, line, column, end_line, end_column)

    def dependency(self, node: _Node, managed: bool) -> DeclaredDependency:
        """One ``<dependency>`` element."""
        artifact = node.child("artifactId")
        return DeclaredDependency(
            group=self.text(node.child("groupId")),
            artifact=self.text(artifact),
            version=self.located(node.child("version")),
            location=self.element_location(artifact if artifact is not None else node),
            scope=self.text(node.child("scope")),
            type=self.text(node.child("type")),
            managed=managed,
        )


def _dependency_nodes(container: _Node | None) -> list[_Node]:
    """``<dependency>`` children of ``container``'s ``<dependencies>``."""
    if container is None:
        return []
    deps = container.child("dependencies")
    return deps.all("dependency") if deps is not None else []


_GROUP_BY_ARTIFACT = {c.partition(":")[2]: c.partition(":")[0] for c in sorted(DRIVER_COORDINATES)}
_ARTIFACT_MENTION = re.compile(
    rf"<artifactId>\s*({'|'.join(re.escape(a) for a in sorted(_GROUP_BY_ARTIFACT, key=len, reverse=True))})"
    r"\s*</artifactId>"
)


def _salvage(path: str, text: str, note: str) -> Iterator[Dependency]:
    """Yield the drivers a POM that is not well-formed mentions, version unknown."""
    starts = LineStarts(text).starts
    for m in _ARTIFACT_MENTION.finditer(text):
        line = bisect.bisect_right(starts, m.start(1)) - 1
        column = m.start(1) - starts[line] + 1
        location = Location(path, line + 1, column, line + 1, column + len(m.group(1)))
        name = f"{_GROUP_BY_ARTIFACT[m.group(1)]}:{m.group(1)}"
        yield Dependency("maven", name, None, location, note=note)


#: Surrogates that ``surrogateescape`` cannot encode (only U+DC80..U+DCFF stand for
#: undecodable bytes): each becomes U+FFFD, still one character for the columns.
_LONE_SURROGATE = re.compile("[\ud800-\udc7f\udd00-\udfff]")


def parse_pom(path: str, text: str) -> Pom:
    """Read one POM; never raises.  ``path`` is the display path used in locations."""
    data = _LONE_SURROGATE.sub("\ufffd", text).encode("utf-8", errors="surrogateescape")
    parsed = _parse_xml(data)
    root, error, line = parsed.root, parsed.error, parsed.line
    note = parsed.entities_note(path)
    notes = (note,) if note is not None else ()
    if root is not None and root.tag in ("dependency", "dependencies"):
        # A fragment (documentation, a rule's help example): read it as the
        # <dependencies> of an otherwise empty project.
        if root.tag == "dependency":
            root = _Node("dependencies", root.start, children=[root])
        root = _Node("project", root.start, children=[root])
    if root is None or root.tag != "project":
        message = error or "not a Maven POM: the root element is not <project>"
        return Pom(
            path,
            False,
            notifications=(*notes, Notification(path, message, line=line)),
            salvaged=tuple(_salvage(path, text, f"version unknown: {message}")),
        )
    reader = _Reader(path, data)
    parent_node = root.child("parent")
    parent = None
    if parent_node is not None:
        rel_node = parent_node.child("relativePath")
        parent = ParentRef(
            group=reader.text(parent_node.child("groupId")),
            artifact=reader.text(parent_node.child("artifactId")),
            version=reader.text(parent_node.child("version")),
            # An absent <relativePath> means ../pom.xml; an empty one means
            # "look in the repositories only".
            relative_path="../pom.xml" if rel_node is None else reader.text(rel_node),
            location=reader.element_location(parent_node),
        )
    properties: dict[str, Located] = {}
    props_node = root.child("properties")
    if props_node is not None:
        for prop in props_node.children:
            located = reader.located(prop)
            if located is not None:
                properties[prop.tag] = located
    containers = [root] + [p for ps in root.all("profiles") for p in ps.all("profile")]
    dependencies: list[DeclaredDependency] = []
    managed: list[DeclaredDependency] = []
    for container in containers:
        dependencies += [reader.dependency(n, False) for n in _dependency_nodes(container)]
        management = container.child("dependencyManagement")
        managed += [reader.dependency(n, True) for n in _dependency_nodes(management)]
    return Pom(
        path=path,
        parsed=True,
        group=reader.text(root.child("groupId")),
        artifact=reader.text(root.child("artifactId")),
        version=reader.located(root.child("version")),
        parent=parent,
        properties=properties,
        dependencies=tuple(dependencies),
        managed=tuple(managed),
        notifications=notes,
    )


@dataclass(frozen=True)
class _Value:
    """An interpolated version.

    The value (None when unknown), where it was decided, and why it is unknown.
    """

    value: str | None
    location: Location
    note: str | None = None


def _lookup(name: str, chain: Sequence[Pom]) -> Located | None:
    """Find the definition of property ``name`` as seen from ``chain[0]``."""
    own = chain[0]
    if name in ("project.version", "pom.version", "version"):
        if own.version is not None:
            return own.version
        name = "project.parent.version"
    if name in ("project.parent.version", "parent.version"):
        if len(chain) > 1 and chain[1].version is not None:
            return chain[1].version
        return None
    for pom in chain:
        if name in pom.properties:
            return pom.properties[name]
    return None


def _interpolate(raw: Located, chain: Sequence[Pom], outside: str | None, depth: int = 0) -> _Value:
    """Expand ``${...}`` in ``raw`` over ``chain``'s properties.

    A value that is exactly one reference takes the location of the
    property's definition (recursively); a mixed one keeps ``raw``'s location.
    ``outside`` names the parent that is not in ``chain`` (for the note).
    """
    # Searched up to the last `}` only: past it no `${` is closed, and trying
    # each of them there took quadratic time (`${${${…`).
    if DYNAMIC in raw.value:
        return _Value(None, raw.location, "an XML entity reference, not expanded")
    closed = raw.value.rfind("}") + 1
    refs = _PROPERTY_REF.findall(raw.value, 0, closed)
    if not refs:
        return _Value(raw.value, raw.location)
    if depth >= _MAX_INTERPOLATION_DEPTH:
        return _Value(None, raw.location, f"property cycle at `{raw.value}`")
    whole = _PROPERTY_REF.fullmatch(raw.value) is not None
    parts: dict[str, str] = {}
    location = raw.location
    for name in refs:
        definition = _lookup(name, chain)
        if definition is None:
            where = f" (may come from parent {outside})" if outside else ""
            return _Value(None, raw.location, f"property `{name}` is not defined{where}")
        inner = _interpolate(definition, chain, outside, depth + 1)
        if inner.value is None:
            return inner
        parts[name] = inner.value
        if whole:
            location = inner.location
    value = _PROPERTY_REF.sub(lambda m: parts[m.group(1)], raw.value[:closed]) + raw.value[closed:]
    return _Value(value, location)


def _dependency(decl: DeclaredDependency, value: _Value) -> Dependency:
    """Build a :class:`Dependency` from a declaration and its resolved version."""
    version = value.value
    spec = None
    note = value.note
    if version is not None and (version.startswith(_RANGE_START) or "," in version):
        spec, version = version, None
        note = note or "version range"
    if version is not None and version.upper() in ("LATEST", "RELEASE"):
        spec, version = version, None
        note = note or "dynamic version"
    return Dependency("maven", decl.name, version, value.location, spec=spec, note=note)


def _managers(chain: Sequence[Pom], outside: ParentRef | None) -> list[str]:
    """Name what may manage a version from outside ``chain``.

    As ``group:artifact:version``: the parent that is not in the repository,
    then imported BOMs.
    """
    names = [outside.gav] if outside is not None else []
    for pom in chain:
        for imp in pom.imports:
            version = imp.version.value if imp.version else ""
            if imp.version is not None:
                v = _interpolate(imp.version, chain, None)
                version = v.value or imp.version.value
            names.append(f"{imp.name}:{version}")
    return names


def resolve(chain: Sequence[Pom], outside: ParentRef | None, *, local: bool = False) -> list[Dependency]:
    """Driver dependencies of ``chain[0]`` with versions resolved over ``chain``.

    ``chain`` is the POM followed by its parents that are available; ``outside``
    is the first parent that is not (an external parent such as
    ``spring-boot-starter-parent``), or None.  Declared (``<dependencies>``)
    and managed (``<dependencyManagement>``) entries of ``chain[0]`` are both
    reported, once per (name, version location).

    With ``local`` every location stays in ``chain[0]`` (what the front-end
    reports, so findings land in the file being linted): a version defined by
    a parent's property points at the ``${...}`` reference, and a versionless
    dependency that a parent manages stays unknown ("managed by" the parent,
    which reports the managed version itself).
    """
    if not chain:
        return []
    if not chain[0].parsed:
        return list(chain[0].salvaged)
    own = chain[0]
    outside_name = outside.gav if outside is not None else None
    found: dict[tuple[str, Location], Dependency] = {}

    def add(dep: Dependency) -> None:
        found.setdefault((dep.name, dep.location), dep)

    for decl in own.managed + own.dependencies:
        budget.check()
        if decl.name not in DRIVER_COORDINATES:
            continue
        if decl.version is not None:
            value = _interpolate(decl.version, chain, outside_name)
            if local and value.value is not None and value.location.path != own.path:
                where = f"{value.location.path}:{value.location.line}"
                value = _Value(value.value, decl.version.location, f"version `{value.value}` from {where}")
            add(_dependency(decl, value))
            continue
        # No version: Maven takes it from the effective <dependencyManagement>,
        # own entries first, then the parents'.  An import-scope BOM only adds
        # entries nobody in the chain manages explicitly.
        # Interpolation uses the whole chain, child first: a child's property
        # overrides the parent's even inside the parent's managed entry.
        managed = next(
            (
                entry.version
                for pom in (chain[:1] if local else chain)
                for entry in pom.managed
                if entry.name == decl.name and entry.version is not None and entry.scope != "import"
            ),
            None,
        )
        if managed is not None:
            add(_dependency(decl, _interpolate(managed, chain, outside_name)))
            continue
        managers = _managers(chain, outside)
        if local and len(chain) > 1 and own.parent is not None:
            managers.insert(0, own.parent.gav)
        note = (
            "managed by " + " or ".join(managers)
            if managers
            else "no version declared and none managed in this build"
        )
        add(Dependency("maven", decl.name, None, decl.location, note=note))
    return sorted(found.values(), key=lambda d: (d.location, d.name))


def parent_path(pom_path: Path, parent: ParentRef) -> Path | None:
    """Return where ``parent`` would be on disk relative to ``pom_path``.

    None when it is looked up in the repositories only (an empty
    ``<relativePath/>``).
    """
    if not parent.relative_path:
        return None
    return pom_path.parent / _rel(parent)


def read_pom(path: Path, display: str | None = None, *, read: ContextRead = read_context_file) -> Pom:
    """Read and parse the POM at ``path`` (display path ``display``) through
    ``read`` (by default capped at the default size); never raises.
    """
    shown = display if display is not None else path.as_posix()
    text, problem = read(path, shown)
    if text is None:
        return Pom(shown, False, notifications=(problem,) if problem else ())
    return parse_pom(shown, text)


def read_pom_chain(
    path: Path,
    display: str | None = None,
    *,
    cache: dict[Path, Pom] | None = None,
    first: Pom | None = None,
    read: ContextRead = read_context_file,
) -> tuple[list[Pom], ParentRef | None]:
    """Read the POM at ``path`` and its parents that are on disk.

    Returns the chain (the POM first) and the first parent that is not on disk
    (None when the chain ends without a parent).

    A parent counts as found when the file at its ``<relativePath>`` (default
    ``../pom.xml``) has the same groupId and artifactId, as Maven requires.
    ``cache`` (resolved path -> Pom) lets callers read each file once;
    ``first`` is the already parsed POM at ``path`` (then it is not read);
    ``read`` reads each file (see :data:`connlint.scope.ContextRead`).
    """
    memo = cache if cache is not None else {}

    def load(p: Path, shown: str | None) -> Pom:
        key = p.resolve()
        if key not in memo:
            memo[key] = read_pom(p, shown, read=read)
        return memo[key]

    chain = [first if first is not None else load(path, display)]
    seen = {path.resolve()}
    current = path
    while True:
        parent = chain[-1].parent
        if parent is None or not chain[-1].parsed:
            return chain, None
        candidate = parent_path(current, parent)
        if candidate is None or not present(candidate) or candidate.resolve() in seen:
            return chain, parent
        shown = posixpath.normpath(posixpath.join(posixpath.dirname(chain[-1].path), _rel(parent)))
        pom = load(candidate, shown)
        if not pom.parsed or pom.artifact != parent.artifact or pom.effective_group != parent.group:
            return chain, parent
        seen.add(candidate.resolve())
        chain.append(pom)
        current = candidate


def _rel(parent: ParentRef) -> str:
    """Return the relative path of ``parent``'s pom.xml as a POSIX path."""
    rel = parent.relative_path.replace("\\", "/")
    return rel if rel.endswith(".xml") else posixpath.join(rel, "pom.xml")


def extract(path: str, text: str) -> Extraction:
    """Return the driver dependencies of one ``pom.xml``.

    Parents that are on disk next to ``path`` (a display path: relative to
    the working directory, as discovery gives it) lend their properties, so
    ``${mysql.version}`` defined by a parent POM resolves; every location
    stays in this file.  A version left to a parent's or an imported BOM's
    ``<dependencyManagement>`` is unknown here, with a note naming it: the
    parent reports its managed version itself, and :mod:`connlint.scope`
    resolves it for the files the module governs.
    """
    pom = parse_pom(path, text)
    out = Extraction(notifications=list(pom.notifications))
    chain, outside = [pom], pom.parent
    if pom.parsed and pom.parent is not None:
        try:
            chain, outside = read_pom_chain(Path(path), path, first=pom)
        except (OSError, ValueError):  # pragma: no cover - an unusable path
            chain, outside = [pom], pom.parent
    deps = resolve(chain, outside, local=True)
    out.dependencies.extend(deps)
    undefined = [d for d in deps if d.note and d.note.startswith("property") and outside is None]
    for dep in undefined[:1]:
        out.notifications.append(
            Notification(path, f"version of {dep.name} unknown: {dep.note}", line=dep.location.line)
        )
    return out
