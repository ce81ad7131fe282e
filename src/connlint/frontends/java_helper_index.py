"""The method names that can be helpers anywhere in a Java project (issue 15):
a call of any other name reaches no connection through another file, and
:meth:`~connlint.frontends.java_project.Resolver.helper_sinks` answers it at
once, without finding the classes it may be declared in.

A helper is a method whose parameters reach a connection call in its body
(``DriverManager.getConnection``, MariaDB's ``Driver.connect``), or that calls,
by name, a helper with some of them (``java_helper_chains``).  The index is a
lexical SUPERSET of those names, computed once per process for the source
roots a file's classes are found in (:meth:`connlint.project.Project.java_roots`),
demand-driven (when a file first asks):

* Every ``.java`` file a class lookup can reach is read: all of them below the
  roots (directories and files named as Java names: a lookup follows a
  qualified name), whether the prefilter passes them or not, from disk, as the
  lookup reads them.  A file whose class has a super type is looked up from
  its own roots: those are added (the super type's helper may live there).
* A file that names no connection call (``CONNECT_WORDS``) declares no helper:
  ``Resolver.reaching`` is empty there.  In the others, each method body (from
  its ``{`` to the matching ``}``, comments and strings blanked, nested classes
  included, overloads merged by name) is a helper name when it names
  ``DriverManager`` and ``getConnection`` (or MariaDB's ``Driver`` and
  ``connect``, or a pool's URL setter such as ``setJdbcUrl``), or calls by
  name, with arguments, a helper name: the fixed point over the whole index
  (recursion and the depth bounds only ever cut it).  A constructor's body
  counts under its class's name (``new Pool(url)`` asks for ``Pool``).
* Where the index cannot be sure, there is none (None: every call is looked
  up as before): a file that cannot be read (its lookup would report it), a
  package declaration it cannot read, more than :data:`MAX_FILES` files.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from connlint import budget
from connlint.frontends.java_helper_chains import URL_SETTERS
from connlint.scope import read_context_file

if TYPE_CHECKING:
    from connlint import project

#: Files read for one index at most; a larger universe (a root at the top of a
#: file system) gets no index.
MAX_FILES = 60_000

#: Comments, strings, text blocks and character literals (their braces and
#: parentheses are no structure): a comment becomes a space, a string its
#: opening quote (still an argument: ``f("")`` has one).
_NOISE = re.compile(
    r'"""(?:[^"]|"(?!""))*+(?:"""|\Z)|"(?:[^"\\\n]|\\.)*+"|\'(?:[^\'\\\n]|\\.)*+\''
    r"|//[^\n]*+|/\*(?:[^*]|\*(?!/))*+(?:\*/|\Z)"
)
_BRACES = re.compile(r"[{}]")
#: The end of a method's header: ``)``, old-style array dimensions, a ``throws``
#: clause, ``{`` (possessive, and no parenthesis in the clause: linear).
_HEADER_END = re.compile(r"\)\s*+(?:\[\s*+\]\s*+)*+(?:throws\b[^{};()]*+)?\{")
#: A call by name with at least one argument (``chained_sinks`` follows no
#: other), not right after a ``.`` (another object's method; ``this.`` and
#: ``super.`` are blanked first); possessive, not to backtrack through every name.
_CALL = re.compile(r"(?<![\w$.])([\w$]++)\s*+\(\s*+[^\s)]")
#: ``package a.b.c;`` after comments and annotations only (possessive: linear).
_PACKAGE = re.compile(
    r"\A(?:\s|//[^\n]*+|/\*(?:[^*]|\*(?!/))*+\*/|@[\w$.]++(?:\s*+\([^()]*+\))?)*+package\b([^;]*+);"
)
_PACKAGE_NAME = re.compile(r"[\w$.\s]+")
_KEYWORDS = frozenset(
    {"if", "for", "while", "switch", "catch", "synchronized", "try", "return", "new", "throw", "else", "do"}
    | {"case", "assert", "super", "this"}
)


@dataclass
class _FileScan:
    """What one file tells the index."""

    #: Its text, comments and strings blanked (None: it names no connection call).
    clean: str | None = None
    #: It names MariaDB (whose ``Driver.connect`` is a connection call).
    mariadb: bool = False
    #: Its method bodies (start and end offsets in ``clean``) by method name.
    bodies: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    #: The roots its classes' super types are looked up from (none: it has no super type).
    roots: tuple[str, ...] = ()
    #: Something the index cannot be sure of: no index for a universe holding it.
    unsure: bool = False


@dataclass
class HelperNames:
    """The method names that can be helpers in the files a class lookup can
    reach from some roots: ``name in names`` (each name's answer computed
    when first asked, from the bodies of the methods of that name and of the
    ones they call).
    """

    #: The bodies of each method name: in which file, where.
    bodies: dict[str, list[tuple[_FileScan, int, int]]] = field(default_factory=dict)
    known: dict[str, bool] = field(default_factory=dict)

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        found = self.known.get(name)
        if found is None:
            found = self.search(name)
        return found

    def search(self, name: str) -> bool:
        """Whether a connection call is reached from a method ``name`` through calls
        by name: the names met are each read once; when none reaches one, none of
        them can (all they call was met), and each is known as no helper.
        """
        met = {name}
        pending = [name]
        while pending:
            budget.check()
            current = pending.pop()
            if self.known.get(current) is True:
                self.known[name] = True
                return True
            if self.known.get(current) is False:
                continue
            for scan, start, end in self.bodies.get(current, ()):
                assert scan.clean is not None
                if _connects(scan.clean, start, end, scan.mariadb):
                    self.known[name] = True
                    return True
                for called in _CALL.findall(scan.clean, start, end):
                    if called not in met and called not in _KEYWORDS:
                        met.add(called)
                        pending.append(called)
        for each in met:
            self.known[each] = False
        return False


@dataclass
class _Root:
    """The files below one root, and the roots their super types are looked up from."""

    files: list[_FileScan]
    roots: set[str]


@dataclass
class _Index:
    """The scans and indexes of one project, in one process."""

    project: project.Project
    files: dict[str, _FileScan] = field(default_factory=dict)
    #: Each root's files (None: not indexable, see the module docstring).
    below: dict[str, _Root | None] = field(default_factory=dict)
    #: The index of each root list, and of each closed set of roots (most of a build's share one).
    names: dict[tuple[str, ...], HelperNames | None] = field(default_factory=dict)
    closed: dict[frozenset[str], HelperNames] = field(default_factory=dict)
    #: The roots of the files of a directory and package.
    roots: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    #: The ``.java`` files below each root (None: not indexable).
    listed: dict[str, tuple[str, ...] | None] = field(default_factory=dict)
    gates: dict[tuple[str, ...], Gate] = field(default_factory=dict)

    def gate(self, roots: tuple[str, ...]) -> Gate:
        found = self.gates.get(roots)
        if found is None:
            found = self.gates[roots] = Gate(self, roots)
        return found

    def for_roots(self, roots: tuple[str, ...]) -> HelperNames | None:
        if roots not in self.names:
            self.names[roots] = self._compute(roots)
        return self.names[roots]

    def files_below(self, roots: tuple[str, ...]) -> int | None:
        """How many ``.java`` files are below ``roots`` (None: too many, see :func:`_java_files_below`)."""
        count = 0
        for root in roots:
            if root not in self.listed:
                self.listed[root] = _java_files_below(root)
            paths = self.listed[root]
            if paths is None:
                return None
            count += len(paths)
        return count

    def _compute(self, roots: tuple[str, ...]) -> HelperNames | None:
        """The index of the files below ``roots`` and of the roots their super types
        are looked up from, and so on (None: one of them is not indexable).
        """
        pending = list(roots)
        closed: set[str] = set(roots)
        while pending:
            root = self._root(pending.pop())
            if root is None:
                return None
            for other in root.roots - closed:
                closed.add(other)
                pending.append(other)
        key = frozenset(closed)
        found = self.closed.get(key)
        if found is None:
            found = HelperNames()  # kept once whole (a budget running out leaves none half made)
            seen: set[int] = set()
            for each in sorted(key):
                for scan in self._root(each).files:  # type: ignore[union-attr]
                    if id(scan) in seen:
                        continue
                    seen.add(id(scan))
                    for name, spans in scan.bodies.items():
                        found.bodies.setdefault(name, []).extend((scan, start, end) for start, end in spans)
            self.closed[key] = found
        return found

    def _root(self, root: str) -> _Root | None:
        if root not in self.below:
            self.below[root] = self._read_root(root)
        return self.below[root]

    def _read_root(self, root: str) -> _Root | None:
        if root not in self.listed:
            self.listed[root] = _java_files_below(root)
        paths = self.listed[root]
        if paths is None:
            return None
        out = _Root([], set())
        for path in paths:
            scan = self._scan(path)
            if scan.unsure:
                return None
            if scan.clean is not None:
                out.files.append(scan)
            out.roots.update(scan.roots)
        return out

    def _scan(self, path: str) -> _FileScan:
        scan = self.files.get(path)
        if scan is None:
            scan = self.files[path] = self._read_scan(path)
        return scan

    def _read_scan(self, path: str) -> _FileScan:
        budget.check()
        text, problem = read_context_file(Path(path), path, self.project.max_file_size)
        if problem is not None:
            return _FileScan(unsure=True)  # its lookup would report it: looked up as before
        if text is None:
            return _FileScan()
        roots: tuple[str, ...] = ()
        if "extends" in text or "implements" in text:
            package = package_of(text)
            if package is None:
                return _FileScan(unsure=True)
            key = (os.path.dirname(path), package)
            if key not in self.roots:
                self.roots[key] = self.project.java_roots(path, package)
            roots = self.roots[key]
        clean, bodies = method_bodies(text)
        return _FileScan(clean, "mariadb" in text, bodies, roots)


#: The index of a root list is made once its files have asked about this many
#: calls per file below the roots (fewer: reading the build costs more than the
#: lookups it would save; spring-boot's modules each see the whole build) ...
CALLS_PER_FILE = 4
#: ... and at least this many: before, the roots are not even listed (a
#: pre-commit run of a few files lists no build).
MIN_CALLS = 1000
#: A lookup that parses another file (a class with a super type, or naming a
#: connection call) counts as this many calls: a parse costs about what a
#: hundred lookups that parse nothing cost (debezium: 1,384 files parsed for
#: lookups, most before its 2,590 files' index was made at 10,360 calls).
PARSE_CALLS = 100


class Gate:
    """Whether a method name may be a helper, for the files of one root list:
    True for every name until they have asked about enough calls for the index
    to pay (:data:`MIN_CALLS`, :data:`CALLS_PER_FILE`), then the index's answer.
    """

    def __init__(self, index: _Index, roots: tuple[str, ...]) -> None:
        self._index = index
        self._roots = roots
        self._asked = 0
        #: Calls to ask about before the index is made (None: not worked out yet).
        self._threshold: int | None = None
        #: The roots cannot be indexed: every call is looked up.
        self._off = False
        self._names: HelperNames | None = None
        #: How many roots the index had read when this gate last looked (see :meth:`_made`).
        self._read_before = 0

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.allows(name)

    def allows(self, name: str) -> bool:
        """Whether ``name`` may be a helper (True until the index is made)."""
        names = self._names
        if names is not None:
            found = names.known.get(name)  # most calls: a name asked before
            return names.search(name) if found is None else found
        if self._off:
            return True
        self._asked += 1
        if not self._made():
            return True
        return name in self._names  # type: ignore[operator]

    def parsing(self) -> None:
        """A lookup of a name the gate allowed is parsing another file (counted as
        :data:`PARSE_CALLS` calls asked about; nothing once the index is made or off).
        """
        if self._names is None and not self._off:
            self._asked += PARSE_CALLS

    def screen(self, names: list[str | None]) -> set[str] | None:
        """The names of ``names`` (one per call of a file, None for a call with
        none) that may be helpers, asked as that many calls of :meth:`allows`,
        each name's answer read once (None: every name may be one).
        """
        if self._names is None:
            if self._off:
                return None
            self._asked += len(names)
            if not self._made():
                return None
        helpers = self._names
        assert helpers is not None
        known = helpers.known
        out: set[str] = set()
        for name in set(names):
            if name is None:
                continue
            found = known.get(name)
            if found is None:
                found = helpers.search(name)
            if found:
                out.add(name)
        return out

    def _made(self) -> bool:
        """Whether the index is made: now, once enough calls were asked about, or
        once another root list's index has read every root of this one (the
        modules of a build each have a root list, most of them the same roots).
        """
        below = self._index.below
        if len(below) != self._read_before:
            self._read_before = len(below)
            if all(root in below for root in self._roots):
                return self._make()
        if self._asked < MIN_CALLS:
            return False
        if self._threshold is None:
            files = self._index.files_below(self._roots)
            if files is None:
                self._off = True
                return False
            self._threshold = files * CALLS_PER_FILE
        if self._asked < self._threshold:
            return False
        return self._make()

    def _make(self) -> bool:
        self._names = self._index.for_roots(self._roots)
        if self._names is None:
            self._off = True
            return False
        return True


def helper_names(p: project.Project, importer: str, package: str) -> Gate:
    """Whether a method name can be a helper for the file shown as ``importer``
    (of package ``package``): ``name in helper_names(...)`` (True where not known).
    """
    index: _Index = p.memo(("java-helper-index",), lambda: _Index(p))
    return index.gate(p.java_roots(importer, package))


def method_bodies(text: str) -> tuple[str | None, dict[str, list[tuple[int, int]]]]:
    """A file's text with comments and strings blanked, and its method bodies
    (each from its ``{`` to the matching ``}``, nested classes' included) by
    name; (None, {}) for a file that names no connection call (no method of it
    is read as a helper: ``Resolver.reaching``).
    """
    from connlint.frontends.java_helper_chains import CONNECT_WORDS

    if not any(word in text for word in CONNECT_WORDS):
        return None, {}
    clean = _NOISE.sub(_blank, text).replace("this.", "     ").replace("super.", "      ")
    closing = _closing_braces(clean)
    bodies: dict[str, list[tuple[int, int]]] = {}
    for header in _HEADER_END.finditer(clean):
        paren = _opening_paren(clean, header.start())
        name = _name_before(clean, paren) if paren is not None else None
        if name is None or name in _KEYWORDS:
            continue
        start = header.end() - 1
        bodies.setdefault(name, []).append((start, closing.get(start, len(clean) - 1) + 1))
    return clean, bodies


def _connects(clean: str, start: int, end: int, mariadb: bool) -> bool:
    """Whether a body may hold a connection call (``java_helper_chains.connection_url``)."""
    if clean.find("getConnection", start, end) >= 0 and clean.find("DriverManager", start, end) >= 0:
        return True
    if any(clean.find(setter, start, end) >= 0 for setter in URL_SETTERS):
        return True  # a pool's or data source's URL setter
    return mariadb and clean.find("connect", start, end) >= 0 and clean.find("Driver", start, end) >= 0


def package_of(text: str) -> str | None:
    """The package a file declares ("" for none); None when it has a ``package``
    word before its first declaration that cannot be read as one.
    """
    found = _PACKAGE.match(text)
    if found is not None:
        name = found.group(1).strip()
        return name if _PACKAGE_NAME.fullmatch(name) else None
    head = text[: max(text.find("{"), 0)]
    return None if re.search(r"\bpackage\b", head) else ""


def _blank(match: re.Match[str]) -> str:
    return " " if match.group()[0] == "/" else '"'


def _closing_braces(text: str) -> dict[int, int]:
    """The offset of each ``}`` by its ``{``'s (unmatched ones left out)."""
    out: dict[int, int] = {}
    stack: list[int] = []
    for found in _BRACES.finditer(text):
        if found.group() == "{":
            stack.append(found.start())
        elif stack:
            out[stack.pop()] = found.start()
    return out


def _opening_paren(text: str, close: int) -> int | None:
    """The offset of the ``(`` that the ``)`` at ``close`` closes, if one."""
    depth = 1
    end = close
    while depth:
        opening = text.rfind("(", 0, end)
        if opening < 0:
            return None
        closing = text.rfind(")", opening, end)
        if closing >= 0:
            depth += 1
            end = closing
        else:
            depth -= 1
            end = opening
    return end


def _name_before(text: str, end: int) -> str | None:
    """The Java name just before offset ``end`` (spaces between), if one."""
    stop = end
    while stop > 0 and text[stop - 1].isspace():
        stop -= 1
    start = stop
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_$"):
        start -= 1
    return text[start:stop] if start < stop else None


#: A character no Java name holds (ASCII punctuation but ``$`` and ``_``): a
#: directory or file named with one is no package or class a lookup can ask for.
_NOT_JAVA_NAME = re.compile(r"[\x20-\x23\x25-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7e]")


#: Directories below a root read at most this deep (deeper: a loop of symbolic
#: links, most likely; no index).
_MAX_DEPTH = 64


def _java_files_below(root: str) -> tuple[str, ...] | None:
    """The ``.java`` files below ``root`` a class lookup can reach: in it and in
    the directories below named as Java names (through symbolic links); None
    when more than :data:`MAX_FILES` or deeper than :data:`_MAX_DEPTH`.
    """
    out: list[str] = []
    pending = [(root, 0)]
    while pending:
        budget.check()
        directory, depth = pending.pop()
        try:
            with os.scandir(directory) as entries:
                listed = list(entries)
        except OSError:
            continue
        for entry in listed:
            name = entry.name
            if name.endswith(".java"):
                if name[:-5] and not _NOT_JAVA_NAME.search(name[:-5]):
                    out.append(os.path.join(directory, name))
                continue
            if not _NOT_JAVA_NAME.search(name):
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                if is_dir:
                    if depth >= _MAX_DEPTH:
                        return None
                    pending.append((os.path.join(directory, name), depth + 1))
        if len(out) > MAX_FILES:
            return None
    return tuple(out)
