"""The Java front-end: JDBC URLs and connection settings in Java source.

Read with tree-sitter-java.

What it recognises (syntax only; clients/ decides what the settings mean):

* string literals, text blocks and ``+`` concatenations whose text is a JDBC /
  X DevAPI URL; escape sequences are decoded and every character keeps its
  source position, dynamic parts become :data:`~connlint.model.DYNAMIC`;
* ``static final`` fields and effectively-final locals of the same file,
  resolved where they are used (a URL constant passed to a call is one
  candidate, not two);
* ``Properties`` variables (``setProperty`` / ``put``) combined with the URL of
  ``DriverManager.getConnection(url, props)`` (one that no call of the file
  receives is a candidate of its own when it names a MySQL-family TLS
  property); ``getConnection(url, user, password)``;
* ``HikariConfig`` / ``HikariDataSource`` variables (``setJdbcUrl``,
  ``addDataSourceProperty``, ``setDataSourceProperties``, ``setUsername``,
  ``setPassword``);
* MySQL and MariaDB ``DataSource`` variables and their setters (the property
  name is the setter name minus ``set``, first letter lower-cased);
* connection pools (Commons DBCP ``BasicDataSource``, Druid, Tomcat
  ``PoolProperties``, c3p0 ``ComboPooledDataSource``): URL, user and password
  setters, the ``"k=v;k2=v2"`` string of ``setConnectionProperties``,
  ``addConnectionProperty`` and the ``Properties`` they are handed;
* ``System.setProperty("javax.net.ssl.trustStore…", …)`` as a JVM candidate.

Comments, enum constants and strings that merely mention a key are not
settings; URL-shaped strings passed to logging calls are skipped.  Anything
not known statically (a parameter, ``System.getenv``) is a setting with value
None and ``unknown`` naming the expression.

Files above :data:`_REDUCE_ABOVE` characters (generated classes) are parsed
with the bodies of methods that cannot matter blanked first (see
:func:`_relevant_bodies`): the same result for a fraction of the memory.
"""

from __future__ import annotations

import bisect
import functools
import re
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from tree_sitter import Language, Node, Parser, Query, QueryCursor

from connlint.budget import parse_tree
from connlint.clients.jdbc_url import looks_like_jdbc_url
from connlint.frontends.offsets import Utf8Offsets
from connlint.frontends.spring import Located, connection_property_settings, hikari_setting_key
from connlint.model import (
    DYNAMIC,
    Candidate,
    Client,
    Extraction,
    Level,
    Location,
    Notification,
    Secret,
    Setting,
    Span,
)

#: Declared types whose ``setProperty`` / ``put`` calls carry driver properties.
_PROPERTIES_TYPES = frozenset({"Properties"})
#: HikariCP configuration objects.
_HIKARI_TYPES = frozenset({"HikariConfig", "HikariDataSource"})
#: MySQL Connector/J (5.1 and 8.x share the simple names) and MariaDB Connector/J data sources.
_DATASOURCE_TYPES = frozenset(
    {
        "MysqlDataSource",
        "MysqlConnectionPoolDataSource",
        "MysqlXADataSource",
        "MariaDbDataSource",
        "MariaDbPoolDataSource",
        "MariaDbConnectionPoolDataSource",
    }
)
#: Connection pools that hand their own properties to the driver: Commons DBCP,
#: Druid, the Tomcat JDBC pool's PoolProperties and c3p0.
_POOL_TYPES = frozenset(
    {
        "BasicDataSource",
        "BasicManagedDataSource",
        "DruidDataSource",
        "PoolProperties",
        "ComboPooledDataSource",
    }
)
#: Pool methods that take a whole ``Properties`` object of driver properties.
_POOL_PROPERTIES_METHODS = frozenset(
    {"setConnectionProperties", "setConnectProperties", "setDbProperties", "setProperties"}
)
TRACKED_TYPES = _PROPERTIES_TYPES | _HIKARI_TYPES | _DATASOURCE_TYPES | _POOL_TYPES

#: Calls whose string arguments are messages, not configuration.
_LOG_METHODS = frozenset(
    {"trace", "debug", "info", "warn", "warning", "error", "fatal", "log", "print", "println", "printf"}
)
_SCOPE_TYPES = frozenset(
    {
        "method_declaration",
        "constructor_declaration",
        "compact_constructor_declaration",
        "lambda_expression",
        "static_initializer",
        "class_body",
        "enum_body",
        "interface_body",
        "record_declaration",
        "program",
    }
)
_CLASS_BODIES = frozenset({"class_body", "enum_body", "interface_body"})
#: A ``String.format`` conversion.  Flags and width are possessive: ``0`` is
#: both, but giving a ``0`` back from one to the other never changes where the
#: conversion ends, and backtracking over it was quadratic (``%0000…``).
_FORMAT_SPEC = re.compile(r"%(?:\d+\$)?[-#+ 0,(<]*+\d*+(?:\.\d+)?[a-zA-Z%]")
_SIMPLE_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", "s": " ", '"': '"', "'": "'"}
_SIMPLE_ESCAPES["\\"] = "\\"
_MAX_DEPTH = 64
#: Upward walks longer than this cache the whole root path in one descent
#: (``Node.parent`` itself walks down from the root, so a long walk is quadratic).
_SHORT_WALK = 16
#: The node kinds the extractor reads; everything else is reached from these.
_WANTED = (
    "field_declaration",
    "local_variable_declaration",
    "constant_declaration",
    "formal_parameter",
    "spread_parameter",
    "assignment_expression",
    "update_expression",
    "method_invocation",
    "string_literal",
)
#: String methods whose arguments are compared or searched, not configured.
_STRING_TESTS = frozenset(
    {"startsWith", "endsWith", "equals", "equalsIgnoreCase", "contains", "matches", "indexOf", "replace"}
)

_SourceFn = Callable[[Node], str]


@functools.cache
def _parser() -> Parser:
    import tree_sitter_java

    language = Language(tree_sitter_java.language())
    return Parser(language)


@functools.cache
def _query() -> Query:
    """The wanted kinds (``@node``) and the nodes whose children live in a scope of
    their own (``@scope``, see ``_Extractor._inner_scope``), in one pass over the tree.
    """
    import tree_sitter_java

    wanted = "[" + " ".join(f"({kind})" for kind in _WANTED) + "] @node"
    scopes = "[" + " ".join(f"({kind})" for kind in sorted(_SCOPE_TYPES)) + "] @scope"
    # The grammar puts initializer blocks directly in class bodies only
    # (``(enum_body (block))`` is an impossible pattern).
    return Query(Language(tree_sitter_java.language()), f"{wanted} {scopes} (class_body (block) @scope)")


def extract(path: str, text: str) -> Extraction:
    """Candidates and notifications of one Java source file (the engine guards
    the call: a bug here loses this file only, reported).
    """
    if len(text) > _REDUCE_ABOVE:
        reduced = _reduced_extract(path, text)
        if reduced is not None:
            return reduced
    return _Extractor(path, text).run()


# ---------------------------------------------------------------------------
# located text


@dataclass(slots=True)
class _Text(Located):
    """Located text plus the literals (line, column) it was built from."""

    literals: set[tuple[int, int]] = field(default_factory=set)

    def extend(self, other: Located) -> None:
        """Append another located text (and its literals)."""
        Located.extend(self, other)  # not super(): slots=True makes a new class
        if isinstance(other, _Text):
            self.literals |= other.literals


@dataclass
class _Var:
    """A declared variable or field of the file."""

    name: str
    type: str | None
    value: Node | None
    node: Node
    is_field: bool
    final: bool
    reassigned: bool = False


@dataclass
class _Config:
    """What the calls on one tracked variable set."""

    var: _Var
    kind: str
    location: Location
    url: Span | None = None
    url_literals: set[tuple[int, int]] = field(default_factory=set)
    settings: list[Setting] = field(default_factory=list)
    consumed: bool = False


def _type_name(node: Node | None, source: _SourceFn) -> str | None:
    """Return the simple name of a type node (``com.x.MysqlDataSource`` -> ``MysqlDataSource``)."""
    if node is None:
        return None
    if node.type == "generic_type":
        node = node.named_child(0)
        if node is None:
            return None
    if node.type == "scoped_type_identifier":
        node = node.named_child(node.named_child_count - 1) if node.named_child_count else None
        if node is None:
            return None
    # Not ``node.text``: after a parse through a read callback (the time budget),
    # tree-sitter fetches it through the callback, ~85 µs a call.
    return source(node)


class _Extractor:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.extraction = Extraction()
        self.syntax_error = False
        self.line_starts = array("q", [0])
        self.line_starts.extend(m.end() for m in re.finditer("\n", text))
        self.data = text.encode("utf-8", "surrogatepass")
        # tree-sitter's byte offsets to character offsets (ASCII text needs no table).
        self.offsets = None if len(self.data) == len(text) else Utf8Offsets(text, self.data)
        self.vars: dict[tuple[int, str], _Var] = {}
        self.fields_by_name: dict[str, _Var] = {}
        self.configs: dict[int, _Config] = {}
        self.consumed_literals: set[tuple[int, int]] = set()
        self.root: Node | None = None
        self.parents: dict[int, Node | None] = {}
        self.inner_scopes: dict[int, Node | None] = {}
        self.tops: dict[int, Node] = {}
        # Scope nodes in source order (outer first), their byte ranges and the
        # index of the scope each sits in (-1: none): scopes are found by range,
        # without walking up the tree.  None: ranges are ambiguous (two scopes
        # with one range, an empty scope), walk up instead.
        self.scopes: list[Node] | None = None
        self.scope_starts = array("q")
        self.scope_ends = array("q")
        self.scope_outer = array("i")

    # -- positions ----------------------------------------------------------

    def char_offset(self, byte: int) -> int:
        return byte if self.offsets is None else self.offsets.char(byte)

    def point(self, char_offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, char_offset) - 1
        return line + 1, char_offset - self.line_starts[line] + 1

    def location(self, node: Node) -> Location:
        line, column = self.point(self.char_offset(node.start_byte))
        end_line, end_column = self.point(self.char_offset(node.end_byte))
        return Location(self.path, line, column, end_line, end_column)

    def source(self, node: Node) -> str:
        return self.text[self.char_offset(node.start_byte) : self.char_offset(node.end_byte)]

    # -- driver -------------------------------------------------------------

    def run(self) -> Extraction:
        data = self.data
        tree = parse_tree(_parser(), data)
        root = tree.root_node
        self.root = root
        self.parents[root.id] = None
        if root.has_error:
            self.syntax_error = True
            line = self._first_error_line(root)
            self.extraction.notifications.append(
                Notification(self.path, "Java syntax error; analysed what could be parsed", Level.NOTE, line)
            )
        # The wanted kinds come from a tree-sitter query (native code), in source
        # order; walking every node in Python was the main cost of large files.
        captures = QueryCursor(_query()).captures(root)
        nodes = captures.get("node", [])
        nodes.sort(key=lambda n: (n.start_byte, -n.end_byte))
        self._index_scopes(captures.get("scope", []))
        del captures
        self._declare(nodes)
        invocations = [n for n in nodes if n.type == "method_invocation"]
        jvm_settings: list[Setting] = []
        jvm_location: Location | None = None
        for call in invocations:
            setting = self._collect_setter(call)
            if setting is not None:
                jvm_settings.append(setting)
                jvm_location = jvm_location or self.location(call)
        for var in list(self.vars.values()):
            if var.type in _HIKARI_TYPES and var.value is not None:
                self._hikari_from_properties(var, var.value)
        for call in invocations:
            self._collect_consumer(call)
        for var in list(self.vars.values()):
            if var.type in _DATASOURCE_TYPES and (var.value is not None or var.is_field or var.reassigned):
                self._config(var, "datasource")
        for config in self.configs.values():
            self._emit_config(config)
        if jvm_settings and jvm_location is not None:
            self.extraction.candidates.append(
                Candidate(Client.JVM, jvm_location, settings=tuple(jvm_settings))
            )
        self._emit_standalone_urls(nodes)
        self.extraction.candidates.sort(key=lambda c: c.location)
        return self.extraction

    def _first_error_line(self, root: Node) -> int | None:
        for node in _walk(root):
            if node.is_error or node.is_missing:
                return self.point(self.char_offset(node.start_byte))[0]
        return None

    # -- declarations -------------------------------------------------------

    # -- ancestors ----------------------------------------------------------

    def parent(self, node: Node) -> Node | None:
        """``node.parent``, remembered per node."""
        key = node.id
        if key in self.parents:
            return self.parents[key]
        parent = node.parent
        self.parents[key] = parent
        return parent

    def _cache_path(self, node: Node) -> None:
        """Remember the parent of every node from the root down to ``node``, and of
        their children, in one descent: tree-sitter finds a parent by descending
        from the root, so in a 10,000-term concatenation each uncached
        ``parent()`` of a literal beside the path would cost the whole depth.
        """
        if self.root is None:
            return
        cursor = self.root.walk()
        current = self.root
        start, end = node.start_byte, node.end_byte
        while current.id != node.id:
            for inner in current.children:
                self.parents.setdefault(inner.id, current)
            if cursor.goto_first_child_for_byte(start) is None:
                return
            child = cursor.node
            if child is None or child.start_byte > start or child.end_byte < end:
                return  # not where a plain descent finds it (zero-width node): parent() copes
            self.parents.setdefault(child.id, current)
            current = child

    def _up(self, node: Node, steps: int) -> Node | None:
        """The parent, after caching the root path once an upward walk gets long."""
        if steps == _SHORT_WALK and node.id not in self.parents:
            self._cache_path(node)
        return self.parent(node)

    def _inner_scope(self, node: Node | None) -> Node | None:
        """The scope that ``node``'s children live in (``node`` itself, or its scope)."""
        chain: list[Node] = []
        found: Node | None = None
        while node is not None:
            if node.id in self.inner_scopes:
                found = self.inner_scopes[node.id]
                break
            parent = self._up(node, len(chain))
            if node.type in _SCOPE_TYPES or (
                node.type == "block" and parent is not None and parent.type in _CLASS_BODIES
            ):
                found = node
                break
            chain.append(node)
            node = parent
        for walked in chain:
            self.inner_scopes[walked.id] = found
        if found is not None and node is not None:
            self.inner_scopes[node.id] = found
        return found

    def _index_scopes(self, scopes: list[Node]) -> None:
        scopes.sort(key=lambda n: (n.start_byte, -n.end_byte))
        stack: list[int] = []
        for i, scope in enumerate(scopes):
            start, end = scope.start_byte, scope.end_byte
            if start >= end or (i and (start, end) == (self.scope_starts[-1], self.scope_ends[-1])):
                return  # ambiguous by range: self.scopes stays None
            while stack and not (self.scope_starts[stack[-1]] <= start and end <= self.scope_ends[stack[-1]]):
                stack.pop()
            self.scope_starts.append(start)
            self.scope_ends.append(end)
            self.scope_outer.append(stack[-1] if stack else -1)
            stack.append(i)
        self.scopes = scopes

    def _scope_of(self, node: Node) -> Node | None:
        """The innermost scope around ``node`` (not ``node`` itself)."""
        start, end = node.start_byte, node.end_byte
        if self.scopes is None or start >= end:
            return self._inner_scope(self.parent(node))
        # In a tree, a range that contains a non-empty node's is an ancestor's
        # or the node's own (or, when equal, possibly a descendant's).
        i = bisect.bisect_right(self.scope_starts, start) - 1
        while i >= 0:
            if self.scope_ends[i] >= end:
                if self.scope_starts[i] != start or self.scope_ends[i] != end:
                    return self.scopes[i]
                if self.scopes[i].id != node.id:
                    return self._inner_scope(self.parent(node))  # same range: walk up
            i = self.scope_outer[i]
        return None

    def _declare(self, nodes: list[Node]) -> None:
        for node in nodes:
            kind = node.type
            if kind in ("field_declaration", "local_variable_declaration", "constant_declaration"):
                modifiers: Node | None = node.child(0)  # modifiers come first when present
                if modifiers is not None and modifiers.type != "modifiers":
                    # by index: ``node.children`` stays cached on the node (a Python
                    # object per child, for every declaration of the file)
                    children = (node.child(i) for i in range(1, node.child_count))
                    modifiers = next((c for c in children if c is not None and c.type == "modifiers"), None)
                words = set(self.source(modifiers).split()) if modifiers is not None else set()
                is_field = kind != "local_variable_declaration"
                final = "final" in words or kind == "constant_declaration" or not is_field
                declared = _type_name(node.child_by_field_name("type"), self.source)
                for declarator in node.children_by_field_name("declarator"):
                    self.parents.setdefault(declarator.id, node)
                    self._add_var(declarator, declared, is_field, final)
            elif kind in ("formal_parameter", "spread_parameter"):
                name = node.child_by_field_name("name")
                scope = self._scope_of(node)
                if name is not None and scope is not None:
                    declared = _type_name(node.child_by_field_name("type"), self.source)
                    self.vars[(scope.id, self.source(name))] = _Var(
                        self.source(name), declared, None, node, False, False
                    )
        for var in self.vars.values():
            if var.is_field:
                self.fields_by_name.setdefault(var.name, var)
        for node in nodes:
            if node.type == "assignment_expression":
                left = node.child_by_field_name("left")
                right = node.child_by_field_name("right")
                assigned = self._resolve(left) if left is not None else None
                if assigned is None:
                    continue
                assigned.reassigned = True
                if right is not None and right.type == "object_creation_expression":
                    created = _type_name(right.child_by_field_name("type"), self.source)
                    if created in TRACKED_TYPES:
                        assigned.type = created
            elif node.type == "update_expression":
                target = node.named_child(0)
                updated = self._resolve(target) if target is not None else None
                if updated is not None:
                    updated.reassigned = True

    def _add_var(self, declarator: Node, declared: str | None, is_field: bool, final: bool) -> None:
        name = declarator.child_by_field_name("name")
        scope = self._scope_of(declarator)
        if name is None or scope is None:
            return
        value = declarator.child_by_field_name("value")
        var_type = declared
        if value is not None and value.type == "object_creation_expression":
            created = _type_name(value.child_by_field_name("type"), self.source)
            if created in TRACKED_TYPES or declared in (None, "var"):
                var_type = created
        var = _Var(self.source(name), var_type, value, declarator, is_field, final)
        self.vars[(scope.id, var.name)] = var

    def _resolve(self, node: Node | None) -> _Var | None:
        """Return the variable an identifier (or ``this.x``) refers to."""
        if node is None:
            return None
        if node.type == "field_access":
            obj = node.child_by_field_name("object")
            fld = node.child_by_field_name("field")
            if obj is None or fld is None or obj.type != "this":
                return None
            name = self.source(fld)
            fields_only = True
        elif node.type == "identifier":
            name = self.source(node)
            fields_only = False
        else:
            return None
        scope = self._scope_of(node)
        while scope is not None:
            var = self.vars.get((scope.id, name))
            if var is not None and (var.is_field or not fields_only):
                return var
            scope = self._scope_of(scope)
        return None

    def _constant(self, node: Node) -> _Var | None:
        """Return the final field or effectively-final local with an initializer."""
        var = self._resolve(node)
        if var is None and node.type == "field_access":
            # Constants.URL / OtherClass.URL: a static final of the same file by name.
            fld = node.child_by_field_name("field")
            if fld is not None:
                name = self.source(fld)
                var = self.fields_by_name.get(name)
        if var is None or var.value is None or not var.final or var.reassigned:
            return None
        return var

    # -- evaluation ---------------------------------------------------------

    def literal(self, node: Node) -> _Text:
        """Decode a string literal or text block with per-character positions."""
        start = self.char_offset(node.start_byte)
        end = self.char_offset(node.end_byte)
        line, column = self.point(start)
        out = _Text()
        out.literals.add((node.start_byte, node.end_byte))
        text = self.text
        if text.startswith('"""', start, end):
            _decode_text_block(text[start:end], line, column, out)
        else:
            # The body cut from the file at once (not the literal, then its body: a copy less).
            closed = end - start >= 2 and text[end - 1] == '"'
            _decode_escapes(text[start + 1 : end - 1 if closed else end], line, column + 1, out)
        return out

    def dynamic(self, node: Node) -> _Text:
        out = _Text()
        out.add(DYNAMIC, self.point(self.char_offset(node.start_byte)))
        return out

    def evaluate(self, node: Node, depth: int = 0, seen: frozenset[int] = frozenset()) -> _Text:
        """Return the string an expression yields, with DYNAMIC for what is not known."""
        if depth > _MAX_DEPTH:
            return self.dynamic(node)
        kind = node.type
        if kind == "string_literal":
            return self.literal(node)
        if kind == "parenthesized_expression":
            inner = _unparenthesize(node)
            if inner is node:
                return self.dynamic(node)
            return self.evaluate(inner, depth + 1, seen)
        if kind == "binary_expression":
            operator = node.child_by_field_name("operator")
            if operator is not None and self.source(operator) == "+":
                out = _Text()
                for operand in _plus_operands(node, self.source):
                    out.extend(self.evaluate(operand, depth + 1, seen))
                return out
            return self.dynamic(node)
        if kind in ("true", "false"):
            return self._verbatim(node)
        if kind in ("decimal_integer_literal", "hex_integer_literal", "decimal_floating_point_literal"):
            return self._verbatim(node)
        if kind == "character_literal":
            out = _Text()
            line, column = self.point(self.char_offset(node.start_byte))
            _decode_escapes(self.source(node)[1:-1], line, column + 1, out)
            return out
        if kind in ("identifier", "field_access"):
            if kind == "field_access":
                known = self._known_field(node)
                if known is not None:
                    return known
            var = self._constant(node)
            if var is not None and var.value is not None and var.node.id not in seen:
                return self.evaluate(var.value, depth + 1, seen | {var.node.id})
            return self.dynamic(node)
        if kind == "method_invocation":
            return self._evaluate_call(node, depth, seen)
        return self.dynamic(node)

    def _verbatim(self, node: Node) -> _Text:
        out = _Text()
        out.add(self.source(node), self.point(self.char_offset(node.start_byte)))
        return out

    def _known_field(self, node: Node) -> _Text | None:
        """``Boolean.TRUE`` / ``Boolean.FALSE`` as their string values."""
        source = self.source(node)
        if source in ("Boolean.TRUE", "Boolean.FALSE"):
            fld = node.child_by_field_name("field")
            if fld is None:
                return None
            out = _Text()
            out.add(source.split(".")[1].lower(), self.point(self.char_offset(fld.start_byte)))
            return out
        return None

    def _evaluate_call(self, node: Node, depth: int, seen: frozenset[int]) -> _Text:
        name_node = node.child_by_field_name("name")
        obj = node.child_by_field_name("object")
        args = _arguments(node)
        name = self.source(name_node) if name_node is not None else ""
        receiver = self.source(obj) if obj is not None else ""
        if name == "format" and receiver == "String" and args:
            return self._format(self.evaluate(args[0], depth + 1, seen))
        if name == "formatted" and obj is not None:
            return self._format(self.evaluate(obj, depth + 1, seen))
        if (
            name in ("valueOf", "toString")
            and receiver in ("String", "Boolean", "Integer")
            and len(args) == 1
        ):
            return self.evaluate(args[0], depth + 1, seen)
        if name in ("name", "toString", "getKeyName") and not args and obj is not None:
            if obj.type == "field_access":
                # SslMode.DISABLED.name(), PropertyKey.sslMode.getKeyName(): the constant's name.
                fld = obj.child_by_field_name("field")
                if fld is not None:
                    return self._verbatim(fld)
            if obj.type == "string_literal":
                return self.literal(obj)
        if name == "concat" and obj is not None and len(args) == 1:
            out = self.evaluate(obj, depth + 1, seen)
            out.extend(self.evaluate(args[0], depth + 1, seen))
            return out
        return self.dynamic(node)

    def _format(self, fmt: _Text) -> _Text:
        """Return a ``String.format`` result: each conversion is a dynamic part."""
        text = fmt.text
        out = _Text(literals=set(fmt.literals))
        position = 0
        for match in _FORMAT_SPEC.finditer(text):
            out.extend(fmt.slice(position, match.start()))
            if match.group() == "%%":
                out.add("%", fmt.point(match.start()))
            elif match.group() == "%n":
                out.add("\n", fmt.point(match.start()))
            else:
                out.add(DYNAMIC, fmt.point(match.start()))
            position = match.end()
        out.extend(fmt.slice(position, len(text)))
        return out

    # -- settings -----------------------------------------------------------

    def _setting(self, key: str, value_node: Node, location: Location, source: str) -> Setting:
        value = self.evaluate(value_node)
        self.consumed_literals |= value.literals
        text = value.text
        if text == DYNAMIC or (DYNAMIC in text and key.lower().endswith("password")):
            return Setting(key, None, location, source, None, self.source(value_node))
        span = value.span(self.path)
        stored: str | Secret = Secret(text, span) if key.lower().endswith("password") else text
        return Setting(key, stored, location, source, span)

    def _config(self, var: _Var, kind: str) -> _Config:
        config = self.configs.get(var.node.id)
        if config is None:
            config = _Config(var, kind, self.location(var.node))
            self.configs[var.node.id] = config
        return config

    def _set_url(self, config: _Config, node: Node) -> None:
        value = self.evaluate(node)
        config.url = value.span(self.path)
        config.url_literals |= value.literals

    def _collect_setter(self, call: Node) -> Setting | None:
        """Record a setter call on a tracked variable; return a JVM setting if it is one."""
        name_node = call.child_by_field_name("name")
        obj = call.child_by_field_name("object")
        if name_node is None:
            return None
        name = self.source(name_node)
        args = _arguments(call)
        location = self.location(call)
        if name == "setProperty" and obj is not None and self.source(obj) == "System" and len(args) == 2:
            key = self.evaluate(args[0]).text
            if key.startswith("javax.net.ssl."):
                return self._setting(key, args[1], location, "System.setProperty")
            return None
        var = self._resolve(obj)
        if var is None or var.type not in TRACKED_TYPES:
            return None
        if var.type in _PROPERTIES_TYPES:
            if name in ("setProperty", "put") and len(args) == 2:
                key = self.evaluate(args[0]).text
                if key and DYNAMIC not in key:
                    config = self._config(var, "properties")
                    config.settings.append(self._setting(key, args[1], location, f"Properties.{name}"))
        elif var.type in _HIKARI_TYPES:
            self._hikari_setter(var, name, args, location)
        elif var.type in _POOL_TYPES:
            self._pool_setter(var, name, args, location)
        elif name.startswith("set") and len(name) > 3 and len(args) == 1:
            config = self._config(var, "datasource")
            if name in ("setURL", "setUrl"):
                self._set_url(config, args[0])
            else:
                key = name[3].lower() + name[4:]
                config.settings.append(self._setting(key, args[0], location, f"{var.type}.{name}"))
        elif name == "getConnection" and len(args) == 2:
            config = self._config(var, "datasource")
            config.settings.append(self._setting("user", args[0], location, f"{var.type}.getConnection"))
            config.settings.append(self._setting("password", args[1], location, f"{var.type}.getConnection"))
        return None

    def _hikari_setter(self, var: _Var, name: str, args: list[Node], location: Location) -> None:
        source = f"{var.type}.{name}"
        if name == "setJdbcUrl" and len(args) == 1:
            self._set_url(self._config(var, "hikari"), args[0])
        elif name == "addDataSourceProperty" and len(args) == 2:
            key = self.evaluate(args[0]).text
            if key and DYNAMIC not in key:
                self._config(var, "hikari").settings.append(self._setting(key, args[1], location, source))
        elif name == "setUsername" and len(args) == 1:
            self._config(var, "hikari").settings.append(self._setting("user", args[0], location, source))
        elif name == "setPassword" and len(args) == 1:
            self._config(var, "hikari").settings.append(self._setting("password", args[0], location, source))

    def _hikari_from_properties(self, var: _Var, creation: Node) -> None:
        """``new HikariConfig(props)``: HikariCP reads ``jdbcUrl``, ``username``,
        ``password`` and hands ``dataSource.<prop>`` to the driver (PropertyElf).
        """
        if creation.type != "object_creation_expression":
            return
        args = _arguments(creation)
        if len(args) != 1 or not self._is_properties(args[0]):
            return
        config = self._config(var, "hikari")
        for setting in self._properties_of(args[0]):
            key = hikari_setting_key(setting.key)
            if key == "url":
                config.url = setting.value_span
            elif key is not None:
                config.settings.append(replace(setting, key=key))

    def _pool_setter(self, var: _Var, name: str, args: list[Node], location: Location) -> None:
        source = f"{var.type}.{name}"
        if len(args) == 1 and name in ("setUrl", "setURL", "setJdbcUrl"):
            self._set_url(self._config(var, "pool"), args[0])
        elif len(args) == 1 and name in ("setUsername", "setUser"):
            self._config(var, "pool").settings.append(self._setting("user", args[0], location, source))
        elif len(args) == 1 and name == "setPassword":
            self._config(var, "pool").settings.append(self._setting("password", args[0], location, source))
        elif len(args) == 1 and name == "setConnectionProperties" and not self._is_properties(args[0]):
            # "k=v;k2=v2", split by the pool into driver properties (DBCP, Druid, Tomcat).
            value = self.evaluate(args[0])
            settings = connection_property_settings(value, self.path, location, source)
            self._config(var, "pool").settings.extend(settings)
        elif len(args) == 2 and name == "addConnectionProperty":
            key = self.evaluate(args[0]).text
            if key and DYNAMIC not in key:
                self._config(var, "pool").settings.append(self._setting(key, args[1], location, source))

    def _is_properties(self, node: Node) -> bool:
        var = self._resolve(node)
        return var is not None and var.type in _PROPERTIES_TYPES

    def _properties_of(self, node: Node) -> list[Setting]:
        var = self._resolve(node)
        if var is None or var.type not in _PROPERTIES_TYPES:
            return []
        config = self.configs.get(var.node.id)
        if config is None:
            return []
        config.consumed = True
        return list(config.settings)

    def _collect_consumer(self, call: Node) -> None:
        """``DriverManager.getConnection`` and ``setDataSourceProperties``."""
        name_node = call.child_by_field_name("name")
        obj = call.child_by_field_name("object")
        if name_node is None:
            return
        name = self.source(name_node)
        args = _arguments(call)
        if name == "setDataSourceProperties" and len(args) == 1:
            var = self._resolve(obj)
            if var is not None and var.type in _HIKARI_TYPES:
                self._config(var, "hikari").settings.extend(self._properties_of(args[0]))
            return
        if name in _POOL_PROPERTIES_METHODS and len(args) == 1:
            var = self._resolve(obj)
            if var is not None and var.type in _POOL_TYPES and self._is_properties(args[0]):
                self._config(var, "pool").settings.extend(self._properties_of(args[0]))
            return
        if (
            name != "getConnection"
            or obj is None
            or not self.source(obj).endswith("DriverManager")
            or not args
        ):
            return
        url = self.evaluate(args[0])
        location = self.location(call)
        settings: list[Setting] = []
        if len(args) == 2:
            settings = self._properties_of(args[1])
        elif len(args) == 3:
            settings = [
                self._setting("user", args[1], location, "DriverManager.getConnection"),
                self._setting("password", args[2], location, "DriverManager.getConnection"),
            ]
        if not _mysql_family(url.text):
            return
        self.consumed_literals |= url.literals
        self.extraction.candidates.append(
            Candidate(Client.JDBC, location, url=url.span(self.path), settings=tuple(settings))
        )

    def _emit_config(self, config: _Config) -> None:
        if config.kind == "properties":
            # Emitted with the URL of the call that receives them. One that no
            # call of this file receives (built here, used elsewhere) is a
            # connection of its own when it names a driver TLS property.
            from connlint.clients.connector_j import is_mysql_family_tls_key

            if config.consumed or not any(is_mysql_family_tls_key(s.key) for s in config.settings):
                return
        if config.url is not None and not _mysql_family(config.url.text):
            return  # a HikariConfig of another database
        if config.kind == "hikari" and config.url is None and not config.settings:
            return
        if (
            config.kind == "pool"
            and config.url is None
            and all(s.key in ("user", "password") for s in config.settings)
        ):
            return  # credentials of a pool whose database is not known here
        self.consumed_literals |= config.url_literals
        self.extraction.candidates.append(
            Candidate(Client.JDBC, config.location, url=config.url, settings=tuple(config.settings))
        )

    # -- URL literals -------------------------------------------------------

    def _emit_standalone_urls(self, nodes: list[Node]) -> None:
        tops: dict[tuple[int, int], Node] = {}
        for node in nodes:
            if node.type != "string_literal":
                continue
            top = self._top_expression(node)
            if top is not None:
                tops.setdefault((top.start_byte, top.end_byte), top)
        found: list[tuple[Node, _Text]] = []
        absorbed: set[tuple[int, int]] = set(self.consumed_literals)
        for top in tops.values():
            if top.type == "string_literal" and not self._may_be_url_literal(top):
                continue
            value = self.evaluate(top)
            if looks_like_jdbc_url(value.text):
                found.append((top, value))
                own = {lit for lit in value.literals if top.start_byte <= lit[0] and lit[1] <= top.end_byte}
                absorbed |= value.literals - own
        for top, value in found:
            own = {lit for lit in value.literals if top.start_byte <= lit[0] and lit[1] <= top.end_byte}
            if own & absorbed:
                continue
            span = value.span(self.path)
            self.extraction.candidates.append(Candidate(Client.JDBC, span.locate(), url=span))

    def _may_be_url_literal(self, node: Node) -> bool:
        """False for a one-line literal without escapes that is no URL: its value is
        its body, no need to decode it with per-character positions.
        """
        # Offsets into the file, not copies of the literal.
        text = self.text
        start, end = self.char_offset(node.start_byte), self.char_offset(node.end_byte)
        if text.startswith('"""', start, end) or text.find("\\", start, end) >= 0:
            return True
        closed = end - start >= 2 and text[end - 1] == '"'
        return looks_like_jdbc_url(text, start + 1, end - 1 if closed else end)

    def _absorber(self, node: Node) -> Node | None:
        """The expression that takes ``node`` in as part of its string (``+``, parentheses, format)."""
        parent = self.parent(node)
        if parent is None:
            return None
        if parent.type == "parenthesized_expression":
            return parent
        if parent.type == "binary_expression":
            operator = parent.child_by_field_name("operator")
            return parent if operator is not None and self.source(operator) == "+" else None
        call = self.parent(parent) if parent.type == "argument_list" else parent
        if call is not None and call.type == "method_invocation" and _is_format_of(call, node, self.source):
            return call
        return None

    def _top_of(self, node: Node) -> Node:
        """The outermost expression ``node`` is part of, remembered for every node on the way.

        One upward walk per chain, so a literal under 10,000 parentheses (or the
        literals of a 10,000-term concatenation) cost linear time, not quadratic.
        """
        chain: list[Node] = []
        current = node
        while current.id not in self.tops:
            if len(chain) == _SHORT_WALK and current.id not in self.parents:
                self._cache_path(current)
            chain.append(current)
            absorber = self._absorber(current)
            if absorber is None:
                break
            current = absorber
        top = self.tops.get(current.id, current)
        for walked in chain:
            self.tops[walked.id] = top
        return top

    def _top_expression(self, node: Node) -> Node | None:
        """Return the whole string expression a literal is part of (None in a log call)."""
        top = self._top_of(node)
        parent = self.parent(top)
        if parent is not None and parent.type == "argument_list":
            call = self.parent(parent)
            if call is not None and call.type == "method_invocation":
                name = call.child_by_field_name("name")
                if name is not None and self.source(name) in _LOG_METHODS | _STRING_TESTS:
                    return None
        if parent is not None and parent.type == "method_invocation":
            name = parent.child_by_field_name("name")
            if name is not None and self.source(name) in _STRING_TESTS:
                return None
        return top


def _mysql_family(text: str) -> bool:
    """Tell a URL a MySQL-family driver takes, or one whose start is not known."""
    return looks_like_jdbc_url(text) or text.startswith(DYNAMIC)


def _is_format_of(call: Node, arg: Node, source: _SourceFn) -> bool:
    name = call.child_by_field_name("name")
    obj = call.child_by_field_name("object")
    if name is None:
        return False
    if source(name) == "formatted" and obj is not None and obj.id == arg.id:
        return True
    args = _arguments(call)
    return (
        source(name) == "format"
        and obj is not None
        and source(obj) == "String"
        and bool(args)
        and (args[0].id == arg.id)
    )


def _arguments(call: Node) -> list[Node]:
    args = call.child_by_field_name("arguments")
    if args is None:
        return []
    return [a for a in args.named_children if a.type not in ("line_comment", "block_comment")]


def _plus_operands(node: Node, source: _SourceFn) -> list[Node]:
    """Operands of a ``+`` chain, left to right, without recursion."""
    out: list[Node] = []
    stack = [node]
    while stack:
        current = _unparenthesize(stack.pop())
        operator = current.child_by_field_name("operator") if current.type == "binary_expression" else None
        if operator is not None and source(operator) == "+":
            right = current.child_by_field_name("right")
            left = current.child_by_field_name("left")
            if right is not None:
                stack.append(right)
            if left is not None:
                stack.append(left)
        else:
            out.append(current)
    return out


def _unparenthesize(node: Node) -> Node:
    """The expression inside any number of parentheses, without recursion."""
    while node.type == "parenthesized_expression":
        children = node.named_children
        if not children:
            break
        node = children[0]
    return node


def _walk(root: Node) -> Iterator[Node]:
    """All named nodes in source order, without recursion."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.named_children))


def _decode_escapes(body: str, line: int, column: int, out: _Text) -> None:
    """Decode Java escapes of a one-line literal body starting at ``line``:``column``."""
    i = 0
    while i < len(body):
        # Up to the next backslash the value is the source: one run, whatever its length.
        j = body.find("\\", i)
        if j < 0:
            out.add(body[i:], (line, column + i))
            return
        out.add(body[i:j], (line, column + i))
        i = j
        char = body[i]
        point = (line, column + i)
        if i + 1 >= len(body):
            out.add(char, point)
            i += 1
            continue
        nxt = body[i + 1]
        if nxt == "u":
            j = i + 1
            while j < len(body) and body[j] == "u":
                j += 1
            digits = body[j : j + 4]
            if len(digits) == 4 and all(c in "0123456789abcdefABCDEF" for c in digits):
                out.add(chr(int(digits, 16)), point)
                i = j + 4
                continue
            out.add(char, point)
            i += 1
        elif nxt in _SIMPLE_ESCAPES:
            out.add(_SIMPLE_ESCAPES[nxt], point)
            i += 2
        elif nxt in "01234567":
            j = i + 1
            limit = i + (4 if nxt in "0123" else 3)
            while j < len(body) and j < limit and body[j] in "01234567":
                j += 1
            out.add(chr(int(body[i + 1 : j], 8)), point)
            i = j
        else:
            out.add(char, point)
            i += 1


def _decode_text_block(raw: str, line: int, column: int, out: _Text) -> None:
    """Decode a text block (JLS 3.10.6): strip incidental indentation, then escapes."""
    body = raw[3:-3] if len(raw) >= 6 and raw.endswith('"""') else raw[3:]
    newline = body.find("\n")
    if newline < 0:
        _decode_escapes(body, line, column + 3, out)
        return
    lines = [ln.rstrip("\r") for ln in body[newline + 1 :].split("\n")]
    first_line = line + 1
    significant = [ln for ln in lines[:-1] if ln.strip()] + [lines[-1]]
    indent = min((len(ln) - len(ln.lstrip(" \t")) for ln in significant), default=0)
    for index, content in enumerate(lines):
        stripped = content[indent:].rstrip(" \t")
        continued = _ends_with_continuation(stripped)
        if continued:
            stripped = stripped[:-1]
        _decode_escapes(stripped, first_line + index, 1 + indent, out)
        if index < len(lines) - 1 and not continued:
            out.add("\n", (first_line + index, 1 + indent + len(stripped)))


def _ends_with_continuation(text: str) -> bool:
    count = len(text) - len(text.rstrip("\\"))
    return count % 2 == 1


# ---------------------------------------------------------------------------
# large files

# tree-sitter keeps ~100 bytes per node (a generated 3 MB class: 700k nodes,
# ~72 MB) and the extractor a Python object per wanted node on top.  Above
# this size, method and constructor bodies that cannot change the result are
# blanked first (see connlint.frontends.java_reduce).
_REDUCE_ABOVE = 256_000


def _reduced_extract(path: str, text: str) -> Extraction | None:
    """The extraction of ``text`` with irrelevant bodies blanked.

    None when nothing was blanked, or when the reduced text has a syntax error:
    the whole text is then the judge (a real error is reported where it is,
    an error the blanking made is never one).
    """
    from connlint.frontends.java_reduce import relevant_bodies  # large files only

    reduced = relevant_bodies(text)
    if reduced is text:
        return None
    extractor = _Extractor(path, reduced)
    result = extractor.run()
    return None if extractor.syntax_error else result
