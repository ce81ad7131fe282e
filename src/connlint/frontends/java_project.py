"""Constants of the other classes of the project, for the Java front-end
(issue 16, item 3): a name the linted file does not declare (``LedgerConfig.SUFFIX``,
a static import, a constant inherited from an interface, an enum constant) is
looked up in the file that declares its class, found by the package structure
(:meth:`connlint.project.Project.java_class`).

Demand-driven: only a name the evaluator meets in an expression it needs is
looked up.  The other file is parsed with the front-end's own code
(declarations and values, no API recognition), its values computed with
constants of further files at most :data:`MAX_FILES_DEEP` files deep, cycles
cut by an in-progress set; each constant's value is memoised per process
(:meth:`Project.memo`), and only the last few parsed files are kept.

A value from another file stands, in the linted file, at the name that refers
to it (all its characters there), with the constant's definition as a
:class:`~connlint.model.Hop` (``via LedgerConfig.SUFFIX``).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from tree_sitter import Node

from connlint import budget, project
from connlint.clients import connector_j, mariadb_j
from connlint.frontends.java_declarations import ClassInfo, Imports, index_classes, read_imports
from connlint.frontends.java_helper_templates import HelperSink
from connlint.frontends.java_literals import JavaText
from connlint.frontends.java_syntax import arguments, dotted_head, dotted_name
from connlint.frontends.java_units import load_unit
from connlint.lazy import dataclass
from connlint.model import DYNAMIC, Hop, Location

if TYPE_CHECKING:
    from connlint.frontends.java_helper_constructors import Delegation
    from connlint.frontends.java_helper_index import Gate
    from connlint.frontends.java_symbols import Symbols, Var
    from connlint.frontends.java_values import Evaluator
    from connlint.frontends.ts_positions import TreePositions

#: A constant whose value needs constants of other files is followed at most
#: this many files away from the linted one.
MAX_FILES_DEEP = 3
#: Nodes walked up from a name for the classes around it.
_MAX_ENCLOSING = 1024
#: Super types searched for an inherited constant, in all.
_MAX_SUPERTYPES = 8
#: ``java.lang`` and other JDK classes whose fields are never project constants.
_JDK_HEADS = frozenset(
    {"System", "String", "Boolean", "Integer", "Long", "Locale", "Math", "Character", "Thread", "Runtime"}
)
_BODY_TYPES = frozenset({"class_body", "interface_body", "enum_body"})
#: The drivers' own SslMode enums, by the names code writes them with, when
#: their class is not in the project: an enum constant's string is its name.
DRIVER_ENUMS = connector_j.JAVA_ENUMS | mariadb_j.JAVA_ENUMS


#: Helpers calling helpers of their class followed at most this deep.
MAX_CHAIN = 4


@dataclass(frozen=True)
class Found:
    """A constant of another file: its value (DYNAMIC where not known), where
    it is defined, the steps its value took before, and an enum constant's key
    (its first string argument, for ``getKeyName()``).
    """

    text: str
    origin: Location
    trail: tuple[Hop, ...] = ()
    enum: bool = False
    key_name: str | None = None
    custom_to_string: bool = False


class Resolver:
    """Finds what a name of one file, not declared in it, refers to in the project."""

    def __init__(
        self,
        path: str,
        positions: TreePositions,
        root: Node,
        symbols: Symbols | None,
        evaluator: Evaluator | None,
        declare: Callable[[], Symbols] | None = None,
    ) -> None:
        """``symbols`` and ``evaluator`` of the file; or None and ``declare``, which
        reads its declarations when they are first needed (another file of the
        project: most are asked only whether a method may connect, which its
        classes and method bodies tell).
        """
        self.path = path
        self.positions = positions
        self.source = positions.source
        self._symbols = symbols
        self._evaluator = evaluator
        self._declare = declare
        self._root = root
        self.directory = os.path.dirname(os.path.abspath(path))
        self._sinks: dict[object, tuple[HelperSink, ...]] = {}
        #: Helper methods (node ids) whose calls of other helpers are being read.
        self._chaining: set[int] = set()
        #: Chains cut by the depth bound so far (a result computed under one is not kept).
        self._cuts = 0
        #: The connections of each helper method read, by (method node id, files left).
        self._member_sinks: dict[tuple[int, int], list[HelperSink]] = {}
        #: :meth:`class_source`'s answers, by names.
        self._class_sources: dict[tuple[str, ...], project.Source | None] = {}
        #: Each node's enclosing classes and how many nodes it is from the root
        #: (itself included), by node id (see :meth:`_enclosing_classes`).
        self._enclosing: dict[int, tuple[tuple[ClassInfo, ...], int]] = {}
        #: Each class's methods by name (node id of the class).
        self._by_name: dict[int, dict[str, list[Node]]] = {}
        #: Files still allowed beyond this one while computing a value.
        self.depth_left = MAX_FILES_DEEP
        #: :meth:`lookup`'s answers for ``Other.NAME`` (a class of another file), by
        #: the dotted class name, field and files left (see :meth:`_other_constant`).
        self._other_constants: dict[tuple[tuple[str, ...], str, int], Found | None] = {}

    # Read on first use: most files ask nothing of another file (issue 15).
    @functools.cached_property
    def imports(self) -> Imports:
        """The file's package and imports."""
        return read_imports(self._root, self.source)

    @functools.cached_property
    def classes(self) -> dict[tuple[str, ...], ClassInfo]:
        """The file's classes, by their names from the outermost."""
        return index_classes(self._root, self.source)

    @functools.cached_property
    def simple_names(self) -> set[str]:
        """The simple names of the file's classes."""
        return {path[-1] for path in self.classes}

    @property
    def symbols(self) -> Symbols:
        """The file's symbol table (its declarations read on first use)."""
        if self._symbols is None:
            self._read_declarations()
        assert self._symbols is not None
        return self._symbols

    @property
    def evaluator(self) -> Evaluator:
        """The file's evaluator, bound to this resolver (made on first use)."""
        if self._evaluator is None:
            self._read_declarations()
        assert self._evaluator is not None
        return self._evaluator

    def _read_declarations(self) -> None:
        from connlint.frontends.java_values import Evaluator

        if self._declare is None:
            raise ValueError("a resolver without symbols needs a way to read them")
        symbols = self._declare() if self._symbols is None else self._symbols
        evaluator = Evaluator(self.positions, symbols)
        evaluator.resolver = self
        self._symbols, self._evaluator = symbols, evaluator

    def release(self) -> None:
        """Break the cycle between this resolver and its evaluator, if one was made."""
        if self._evaluator is not None:
            self._evaluator.resolver = None

    # -- the linted file's side ---------------------------------------------

    def local_head(self, node: Node) -> bool:
        """Whether a dotted name starts with a class of this file or a variable."""
        obj = node.child_by_field_name("object") if node.type == "field_access" else None
        if obj is None:
            return True
        head = dotted_head(obj)
        return self.source(head) in self.simple_names or self.symbols.resolve(head) is not None

    def value(self, node: Node) -> JavaText | None:
        """The value of a name that refers to another file's constant, standing at
        the name, with the definition as a hop; None when it is not one (or not found).
        """
        found = self.lookup(node)
        if found is None:
            return self._driver_enum(node)
        out = JavaText()
        point = self.positions.point_at(node.start_byte)
        if found.enum:
            # An enum constant as a string: its name, as written here.
            if found.custom_to_string:
                out.add(DYNAMIC, point)
                return out
            name = node.child_by_field_name("field") if node.type == "field_access" else node
            out.add(found.text, self.positions.point_at(name.start_byte) if name is not None else point)
            return out
        if not found.text.strip(DYNAMIC):
            out.add(DYNAMIC, point)  # nothing known: no step worth showing
            return out
        out.add_at(found.text, point)
        # Every step of the constant's text stands here, at the name, in this file.
        at = self.positions.location(node)
        out.hops = [replace(h, at=at) for h in (*found.trail, Hop(found.origin, f"via {self.source(node)}"))]
        return out

    def helper_sinks(self, call: Node, args: list[Node] | None = None) -> tuple[HelperSink, ...]:
        """The connections a call reaches through a method of another file of the
        project (a helper taking the URL or its options), as URL templates
        (``args``: the call's arguments, when the caller has them already).
        """
        p = project.current()
        name_node = call.child_by_field_name("name")
        if p is None or name_node is None or self.depth_left <= 0:
            return ()
        name = self.source(name_node)
        if not self.may_be_helper(name):
            return ()
        arity = len(args if args is not None else arguments(call))
        classes = self._callee_classes(call, name)
        # A file calls the same methods of the same classes many times (assertEquals).
        key = (tuple(tuple(names) for names in classes), name, arity, self.depth_left)
        cached = self._sinks.get(key)
        if cached is not None:
            return cached
        result: tuple[HelperSink, ...] = ()
        for names in classes:
            source = self.class_source(p, names)
            if source is None:
                continue
            result = self._helpers(p, source, name, arity)
            if result:
                break
        self._sinks[key] = result
        return result

    def helper_screen(self, names: list[str | None]) -> set[str] | None:
        """Of the method names a file's calls call (one per call, None for a call
        with none), those that may be helpers (None: any may be); a call of
        another name is no helper (:meth:`helper_sinks` answers it with nothing).
        """
        gate = self._helper_names
        return None if gate is None else gate.screen(names)

    def may_be_helper(self, name: str) -> bool:
        """Whether a method ``name`` of another file may be a helper (see
        :mod:`connlint.frontends.java_helper_index`; True where not known).
        """
        gate = self._helper_names
        return gate is None or gate.allows(name)

    @functools.cached_property
    def _helper_names(self) -> Gate | None:
        p = project.current()
        if p is None:
            return None
        from connlint.frontends.java_helper_index import helper_names

        return helper_names(p, self.path, self.imports.package)

    def callee_classes(self, call: Node, name: str) -> list[list[str]]:
        """The classes a call's method may be declared in (``java_returned_urls``),
        also on what a method of the project returns (``db.getConfiguration().getURL(…)``).
        """
        obj = call.child_by_field_name("object")
        if obj is not None and obj.type == "method_invocation":
            from connlint.frontends.java_returned_urls import returned_classes

            return returned_classes(self, obj)
        return self._callee_classes(call, name)

    def _callee_classes(self, call: Node, name: str) -> list[list[str]]:
        """The classes (each as its possible qualified names) a call's method may be declared in."""
        obj = call.child_by_field_name("object")
        if obj is None or obj.type == "this":
            if name in self.method_names:
                return []  # this file's own method: the file's helpers read it
            out: list[list[str]] = []
            owner = self.imports.static_single.get(name)
            if owner is not None:
                out.append([owner])
            for info in self._enclosing_classes(call):
                out.extend(self.class_names(tuple(written.split("."))) for written in info.supers)
            out.extend([owner] for owner in self.imports.static_wild)
            return out
        chain = dotted_name(obj, self.source)
        if chain is None or chain[0] in _JDK_HEADS or chain[0] in self.simple_names:
            return []
        var = self.symbols.resolve(dotted_head(obj))
        if var is not None:
            if len(chain) != 1 or var.type is None or var.type in _JDK_HEADS or not var.type[:1].isupper():
                return []
            return [self.class_names((var.type,))]
        return [self.class_names(chain)]

    def _methods(self, info: ClassInfo) -> dict[str, list[Node]]:
        """The methods a class declares, by name."""
        found = self._by_name.get(info.node.id)
        if found is None:
            found = {}
            for member in info.body.named_children if info.body is not None else ():
                if member.type == "method_declaration" and (n := member.child_by_field_name("name")):
                    found.setdefault(self.source(n), []).append(member)
            self._by_name[info.node.id] = found
        return found

    @functools.cached_property
    def reaching(self) -> frozenset[str]:
        """The methods of this file that may reach ``getConnection``: their body
        names it, or calls (by name) one that does.  Other methods are no helper,
        whatever their parameters: not read (most of a test base class).
        """
        bodies: dict[str, list[str]] = {}
        for info in self.classes.values():
            for member in info.body.named_children if info.body is not None else ():
                if member.type == "method_declaration" and (n := member.child_by_field_name("name")):
                    body = member.child_by_field_name("body")
                    bodies.setdefault(self.source(n), []).append(
                        self.source(body) if body is not None else ""
                    )
        from connlint.frontends.java_helper_chains import CONNECT_WORDS

        found = {name for name, texts in bodies.items() if any(w in t for t in texts for w in CONNECT_WORDS)}
        changed = bool(found)
        while changed:
            budget.check()
            changed = False
            for name, texts in bodies.items():
                if name not in found and any(f"{r}(" in t for t in texts for r in found):
                    found.add(name)
                    changed = True
        return frozenset(found)

    @functools.cached_property
    def method_names(self) -> frozenset[str]:
        """The names of the methods this file declares."""
        found: set[str] = set()
        for info in self.classes.values():
            for member in info.body.named_children if info.body is not None else ():
                if member.type == "method_declaration" and (n := member.child_by_field_name("name")):
                    found.add(self.source(n))
        return frozenset(found)

    def _find_class(self, p: project.Project, qualified: str) -> project.Source | None:
        """``Project.java_class``, remembered per directory, package and name: the
        same names (a test base class, a static import) are asked from every
        file of a package, and each answer walks the source roots of the build.
        """
        found: dict[tuple[str, str, str], project.Source | None] = p.memo(("java-class-by-dir",), dict)
        key = (self.directory, self.imports.package, qualified)
        if key not in found:
            found[key] = p.java_class(importer=self.path, package=self.imports.package, qualified=qualified)
        return found[key]

    def class_source(self, p: project.Project, names: list[str]) -> project.Source | None:
        """The file declaring the first class of ``names`` the project has (None: none, or this file),
        once per list of names (a file calls many methods of one class: the same list each time).
        """
        key = tuple(names)  # a resolver serves one project: its file's, or the one holding it
        if key not in self._class_sources:
            self._class_sources[key] = self._class_source(p, names)
        return self._class_sources[key]

    def _is_this_file(self, display: str) -> bool:
        """Whether the file shown as ``display`` is this one (as paths: ``./A.java`` is
        ``A.java``), each path made once (a file asks for the same classes again and again).
        """
        return display == self.path or _as_path(display) == self._own_path

    @functools.cached_property
    def _own_path(self) -> Path:
        return Path(self.path)

    def _class_source(self, p: project.Project, names: list[str]) -> project.Source | None:
        for qualified in names:
            source = self._find_class(p, qualified)
            if source is not None:
                return None if self._is_this_file(source.display) else source
        return None

    def _helpers(
        self, p: project.Project, source: project.Source, name: str, arity: int
    ) -> tuple[HelperSink, ...]:
        key = ("java-helper", source.display, source.member, name, arity, self.depth_left)
        return p.memo(key, functools.partial(self._helper_in_file, p, source, name, arity))

    def _helper_in_file(
        self, p: project.Project, source: project.Source, name: str, arity: int
    ) -> tuple[HelperSink, ...]:
        return self.in_class_of(p, source, lambda other, info: other.helper_in(p, info, name, arity, [0]))

    def in_class_of(
        self,
        p: project.Project,
        source: project.Source,
        read: Callable[[Resolver, ClassInfo], tuple[HelperSink, ...]],
    ) -> tuple[HelperSink, ...]:
        """``read`` on the class ``source`` names, by its file's resolver one file
        deeper than this one; () when that file connects nowhere (not parsed for
        this: most classes a file calls, issue 15) or the class is not there.
        """
        budget.check()
        if connects_nowhere(source.text):
            return ()
        self.paying_parse()  # a lookup that pays a parse: the index pays sooner
        unit = load_unit(p, source)
        if unit is None:
            return ()
        info = unit.resolver.classes.get((source.path.stem, *source.member))
        if info is None:
            return ()
        saved = unit.resolver.depth_left
        unit.resolver.depth_left = self.depth_left - 1
        try:
            return read(unit.resolver, info)
        finally:
            unit.resolver.depth_left = saved

    def helper_in(
        self, p: project.Project, info: ClassInfo, name: str, arity: int, searched: list[int]
    ) -> tuple[HelperSink, ...]:
        """The connections method ``name`` of class ``info`` of this file (or
        one it inherits) makes from its parameters.
        """
        out: list[HelperSink] = []
        # Only a method that may reach getConnection is read (most of a test base class is not).
        for member in self._methods(info).get(name, ()) if name in self.reaching else ():
            params = member.child_by_field_name("parameters")
            formals = [c for c in params.named_children] if params is not None else []
            if len(formals) != arity or any(f.type != "formal_parameter" for f in formals):
                continue
            out.extend(self.member_sinks(p, member, formals, info))
        if out:
            return tuple(out)
        for written in info.supers:
            searched[0] += 1
            if searched[0] > _MAX_SUPERTYPES:
                break
            chain = tuple(written.split("."))
            local = self._local_class(chain) if chain[0] in self.simple_names else None
            if local is not None and local is not info:
                found = self.helper_in(p, local, name, arity, searched)
            else:
                found = ()
                source = self.class_source(p, self.class_names(chain))
                if source is not None:
                    found = self._helpers(p, source, name, arity)
            if found:
                return found
        return ()

    def member_sinks(
        self,
        p: project.Project,
        member: Node,
        formals: list[Node],
        info: ClassInfo,
        delegated: Delegation | None = None,
    ) -> list[HelperSink]:
        """The connections a method or constructor of this file makes from its
        parameters: its own connection calls, the helpers of its class it calls,
        and (``delegated``) the other constructor its ``this(…)`` calls.
        """
        from connlint.frontends.java_helper_chains import own_sinks

        key = (member.id, self.depth_left)
        here = self._member_sinks.get(key)
        if here is None:
            # Once per method (and files left): test files call the same helpers
            # thousands of times.  Not what a bound cut short (a deeper start).
            cuts = self._cuts
            here = own_sinks(self, member, formals, info) + self._chained_sinks(p, member, formals, info)
            if delegated is not None:
                here += self._guarded(member.id, lambda: delegated(self, p, member, formals, info))
            if cuts == self._cuts:
                self._member_sinks[key] = here
        return here

    @property
    def sinks_cache(self) -> dict[object, tuple[HelperSink, ...]]:
        """The connections each call reaches through another method, by the call's shape."""
        return self._sinks

    def local_class(self, chain: tuple[str, ...]) -> ClassInfo | None:
        """The class of this file a dotted name written here names, if one."""
        return self._local_class(chain)

    def paying_parse(self) -> None:
        """A helper lookup is parsing another file (see ``Gate.parsing``)."""
        gate = self._helper_names
        if gate is not None:
            gate.parsing()

    def _chained_sinks(
        self, p: project.Project, method: Node, formals: list[Node], info: ClassInfo
    ) -> list[HelperSink]:
        """The connections ``method`` makes through another helper of its class
        (``open(opts)`` calling ``open(BASE, opts)``), bounded and recursion-safe.
        """
        from connlint.frontends.java_helper_chains import chained_sinks

        return self._guarded(method.id, lambda: chained_sinks(self, p, method, formals, info))

    def _guarded(self, key: int, compute: Callable[[], list[HelperSink]]) -> list[HelperSink]:
        """``compute()`` for method ``key``, unless it is already on the way (a cycle)
        or :data:`MAX_CHAIN` methods are (the bound: counted as a cut).
        """
        if key in self._chaining:
            return []  # a cycle: nothing new down there
        if len(self._chaining) >= MAX_CHAIN:
            self._cuts += 1
            return []
        self._chaining.add(key)
        try:
            return compute()
        finally:
            self._chaining.discard(key)

    def _driver_enum(self, node: Node) -> JavaText | None:
        """``SslMode.DISABLED`` of a driver's enum not in the project: its name."""
        obj = node.child_by_field_name("object") if node.type == "field_access" else None
        fld = node.child_by_field_name("field") if node.type == "field_access" else None
        if obj is None or fld is None or self.source(obj) not in DRIVER_ENUMS:
            return None
        out = JavaText()
        out.add(self.source(fld), self.positions.point_at(fld.start_byte))
        return out

    def lookup(self, node: Node) -> Found | None:
        """What ``Config.URL`` / ``Outer.Inner.URL`` / ``URL`` (statically imported or
        inherited) is, when it is declared in another file of the project.
        """
        if self.depth_left <= 0:
            return None
        p = project.current()
        if p is None:
            return None
        if node.type == "field_access":
            obj = node.child_by_field_name("object")
            fld = node.child_by_field_name("field")
            if obj is None or fld is None:
                return None
            chain = dotted_name(obj, self.source)
            if chain is None or chain[0] in _JDK_HEADS:
                return None
            if self.symbols.resolve(dotted_head(obj)) is not None:
                return None  # a variable's field
            field_name = self.source(fld)
            if chain[0] in self.simple_names:
                return self._inherited(p, self._local_class(chain), field_name)
            return self._other_constant(p, chain, field_name)
        if node.type != "identifier" or self.symbols.resolve(node) is not None:
            return None
        name = self.source(node)
        owner = self.imports.static_single.get(name)
        if owner is not None:
            found = self._constant(p, [owner], name)
            if found is not None:
                return found
        for info in self._enclosing_classes(node):
            found = self._inherited(p, info, name)
            if found is not None:
                return found
        for owner in self.imports.static_wild:
            budget.check()
            found = self._constant(p, [owner], name)
            if found is not None:
                return found
        return None

    def _other_constant(self, p: project.Project, chain: tuple[str, ...], field_name: str) -> Found | None:
        """:meth:`_constant` of the class ``chain`` names, remembered when nothing is
        being computed (a file names ``PropertyKey.sslMode`` hundreds of times; the
        answer is the project's memo's, which is what a later call would read).
        Within a computation, a constant in progress is a cycle (None): asked as ever.
        """
        in_progress: set[object] = p.memo(("java-constants-in-progress",), set)
        if in_progress:
            return self._constant(p, self.class_names(chain), field_name)
        key = (chain, field_name, self.depth_left)
        if key not in self._other_constants:
            self._other_constants[key] = self._constant(p, self.class_names(chain), field_name)
        return self._other_constants[key]

    def class_names(self, chain: tuple[str, ...]) -> list[str]:
        """The qualified names a dotted class name written here may have, most likely first."""
        head, rest = chain[0], chain[1:]
        joined = ".".join(rest)
        tail = f".{joined}" if rest else ""
        imported = self.imports.single.get(head)
        if imported is not None:
            return [imported + tail]
        out = [f"{self.imports.package}.{head}{tail}" if self.imports.package else head + tail]
        out.extend(f"{w}.{head}{tail}" for w in self.imports.wild)
        if head[:1].islower() and len(chain) > 1:
            out.append(".".join(chain))  # com.x.Config written out
        return out

    def _local_class(self, chain: tuple[str, ...]) -> ClassInfo | None:
        for path, info in self.classes.items():
            if path[-len(chain) :] == chain:
                return info
        return None

    @functools.cached_property
    def _classes_by_node(self) -> dict[int, ClassInfo]:
        return {info.node.id: info for info in self.classes.values()}

    def _enclosing_classes(self, node: Node) -> list[ClassInfo]:
        """The classes around ``node``, innermost first, as :meth:`_walk_enclosing`
        finds them; each node's answer remembered with its distance to the root,
        so the names of one method walk up through their ancestors once.
        """
        by_node = self._classes_by_node
        known = self._enclosing
        parent = self.symbols.parent
        chain: list[Node] = []
        current = parent(node)
        classes: tuple[ClassInfo, ...] = ()
        above = 0  # the nodes from the one above chain's last up to the root
        while current is not None:
            cached = known.get(current.id)
            if cached is not None:
                if len(chain) + cached[1] > _MAX_ENCLOSING:
                    return self._walk_enclosing(node)  # the bound cuts the walk: walked as ever
                classes, above = cached
                break
            if len(chain) == _MAX_ENCLOSING:
                return self._walk_enclosing(node)
            chain.append(current)
            current = parent(current)
        for each in reversed(chain):
            info = by_node.get(each.id)
            if info is not None:
                classes = (info, *classes)
            above += 1
            known[each.id] = (classes, above)
        return list(classes)

    def _walk_enclosing(self, node: Node) -> list[ClassInfo]:
        """The classes among the :data:`_MAX_ENCLOSING` nodes above ``node``, innermost first."""
        by_node = self._classes_by_node
        out: list[ClassInfo] = []
        current = self.symbols.parent(node)
        for _ in range(_MAX_ENCLOSING):
            if current is None:
                break
            info = by_node.get(current.id)
            if info is not None:
                out.append(info)
            current = self.symbols.parent(current)
        return out

    # -- the defining file's side -------------------------------------------

    def definition_hop(self, var: Var) -> Hop:
        """The step a value takes through constant ``var`` of this file (``via Config.SUFFIX``)."""
        classes = self._enclosing_classes(var.node)
        name = classes[0].node.child_by_field_name("name") if classes else None
        owner = f"{self.source(name)}." if name is not None else ""
        return Hop(self.positions.location(var.node), f"via {owner}{var.name}")

    def _constant(self, p: project.Project, names: list[str], field_name: str) -> Found | None:
        """The constant ``field_name`` of the first class of ``names`` the project
        has (as Java finds a class by its name first, then the member in it).
        """
        source = None
        for qualified in names:
            source = self._find_class(p, qualified)
            if source is not None:
                break
        if source is None or self._is_this_file(source.display):
            return None
        key = ("java-constant", source.display, source.member, field_name, self.depth_left)
        in_progress: set[object] = p.memo(("java-constants-in-progress",), set)
        if key in in_progress:
            return None  # a cycle: unknown
        in_progress.add(key)
        try:
            return p.memo(key, lambda: self._compute(p, source, field_name))
        finally:
            in_progress.discard(key)

    def _compute(self, p: project.Project, source: project.Source, field_name: str) -> Found | None:
        budget.check()
        unit = load_unit(p, source)
        if unit is None:
            return None
        info = unit.resolver.classes.get((source.path.stem, *source.member))
        if info is None:
            return None
        saved = unit.resolver.depth_left
        unit.resolver.depth_left = self.depth_left - 1
        try:
            return unit.resolver.member(p, info, field_name, [0])
        finally:
            unit.resolver.depth_left = saved

    def member(
        self, p: project.Project, info: ClassInfo, field_name: str, searched: list[int]
    ) -> Found | None:
        """A constant of class ``info`` of this file (declared or inherited)."""
        body = info.body
        if body is None:
            return None
        var = self.symbols.vars.get((body.id, field_name))
        if var is not None:
            if var.value is None or not var.final or var.reassigned:
                return None
            saved = self.evaluator.constant_hops
            self.evaluator.constant_hops = True
            try:
                value = self.evaluator.evaluate(var.value)
            finally:
                self.evaluator.constant_hops = saved
            origin = self.positions.location(var.node)
            return Found(value.text, origin, tuple(value.hops))
        if info.is_enum:
            for constant in body.named_children:
                if constant.type != "enum_constant":
                    continue
                name = constant.child_by_field_name("name")
                if name is not None and self.source(name) == field_name:
                    return Found(
                        field_name,
                        self.positions.location(constant),
                        enum=True,
                        key_name=self._first_string(constant),
                        custom_to_string=info.custom_to_string,
                    )
        return self._inherited(p, info, field_name, searched)

    def _inherited(
        self, p: project.Project, info: ClassInfo | None, field_name: str, searched: list[int] | None = None
    ) -> Found | None:
        """A constant a class of this file inherits from its super types."""
        if info is None:
            return None
        searched = searched if searched is not None else [0]
        for written in info.supers:
            searched[0] += 1
            if searched[0] > _MAX_SUPERTYPES:
                return None
            chain = tuple(written.split("."))
            local = self._local_class(chain) if chain[0] in self.simple_names else None
            if local is not None and local is not info:
                found = self.member(p, local, field_name, searched)
            else:
                found = self._constant(p, self.class_names(chain), field_name)
            if found is not None:
                return found
        return None

    def _first_string(self, constant: Node) -> str | None:
        args = arguments(constant)
        if args and args[0].type == "string_literal":
            text = self.evaluator.evaluate(args[0]).text
            return None if DYNAMIC in text else text
        return None


def connects_nowhere(text: str) -> bool:
    """True when no method of a file can be a helper: none of its bodies (parts
    of its text) names a connection call, so :attr:`Resolver.reaching` is empty,
    and none of its classes has a super type to inherit one from (a
    ``superclass`` or ``super_interfaces`` node holds its keyword).
    """
    from connlint.frontends.java_helper_chains import CONNECT_WORDS

    return (
        not any(word in text for word in CONNECT_WORDS) and "extends" not in text and "implements" not in text
    )


#: A displayed path as a Path, remembered (the classes a run finds are few, asked many times).
_as_path = functools.lru_cache(maxsize=4096)(Path)
