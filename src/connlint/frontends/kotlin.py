r"""The Kotlin front-end: JDBC URLs and connection settings in ``.kt`` / ``.kts`` files.

Read with tree-sitter-kotlin (syntax only).  The APIs are the Java ones, called
with Kotlin syntax; what each configuration method does comes from the table the
Java front-end uses (:mod:`connlint.frontends.jvm_setters`), the tracked types
from :mod:`connlint.frontends.java_apis`, URL recognition from
:mod:`connlint.clients.jdbc_url`:

* string literals (``"…"``, raw triple-quoted strings), ``+`` concatenations and
  ``val`` / ``const val`` names of the same file whose text is a JDBC / X DevAPI
  URL; escapes are decoded and every character keeps its position; templates
  (``$name``, ``${…}``) and anything else not known statically are
  :data:`~connlint.model.DYNAMIC`;
* ``Properties``, ``HikariConfig`` / ``HikariDataSource``, the drivers'
  ``DataSource`` classes and connection pools created as ``val x = Type()`` (or
  ``Type().apply { … }``, whose block configures that object): their setter
  calls (``x.setJdbcUrl(u)``), Kotlin property assignments (``x.jdbcUrl = u``,
  ``jdbcUrl = u`` inside ``apply``), ``setProperty`` / ``put`` and ``x["k"] = v``;
* ``DriverManager.getConnection(url[, props | user, password])``;
* ``System.setProperty("javax.net.ssl.trustStore…", …)`` as a JVM candidate.

A URL that no configured object or call takes is a candidate of its own.  Not
followed (unlike the Java front-end): values from other files, helper methods'
call sites, the state of a ``Properties`` object at the call that uses it (all
its settings count), ``with(x) { … }`` and ``also`` blocks.
"""

from __future__ import annotations

import functools
import re
from dataclasses import field

from tree_sitter import Language, Node, Parser

from connlint import budget
from connlint.clients.jdbc_url import looks_like_jdbc_url
from connlint.frontends.java_apis import DATASOURCE_TYPES, HIKARI_TYPES, POOL_TYPES
from connlint.frontends.java_properties import PROPERTIES_TYPES
from connlint.frontends.jvm_setters import setter_effect, setter_of_property
from connlint.frontends.spring import Located, connection_property_settings
from connlint.frontends.ts_positions import TreePositions
from connlint.lazy import dataclass
from connlint.model import (
    DYNAMIC,
    Candidate,
    CandidateKind,
    Extraction,
    Location,
    Notification,
    Secret,
    Setting,
    Span,
)

_KIND_BY_TYPE: dict[str, str] = {
    **{t: "properties" for t in PROPERTIES_TYPES},
    **{t: "hikari" for t in HIKARI_TYPES},
    **{t: "datasource" for t in DATASOURCE_TYPES},
    **{t: "pool" for t in POOL_TYPES},
}
_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "'": "'", '"': '"', "\\": "\\", "$": "$"}
#: A ``$name`` template, or (outside raw strings) a ``\uXXXX`` escape, which
#: tree-sitter-kotlin 1.1 leaves in the string's content.
_TEMPLATE = re.compile(r"\$[A-Za-z_][A-Za-z0-9_]*|\\u[0-9A-Fa-f]{4}")
_STRINGS = ("string_literal", "multiline_string_literal")
#: Names followed through ``val`` declarations at most this deep.
_MAX_DEPTH = 8


@functools.cache
def _parser() -> Parser:
    import tree_sitter_kotlin

    return Parser(Language(tree_sitter_kotlin.language()))


def extract(path: str, text: str) -> Extraction:
    """Candidates and notifications of one Kotlin file; never raises."""
    data = text.encode("utf-8", "surrogatepass")
    tree = budget.parse_tree(_parser(), data)
    return _Extractor(TreePositions(path, text, data), tree.root_node).run()


@dataclass
class _Config:
    """One data source configured in the file, with its URL and settings."""

    kind: str
    type: str
    location: Location
    url: Span | None = None
    settings: list[Setting] = field(default_factory=list)
    used: bool = False
    #: Its URL is another database's (``jdbc:postgresql:``).
    foreign: bool = False


class _Extractor:
    def __init__(self, positions: TreePositions, root: Node) -> None:
        self.positions = positions
        self.path = positions.path
        self.root = root
        self.source = positions.source
        #: ``val``/``var`` name -> its initializer (the first declaration of the name in the file).
        self.values: dict[str, Node] = {}
        #: tracked object (its creation node's id) -> its configuration
        self.configs: dict[int, _Config] = {}
        #: variable name -> the creation node of the tracked object it holds
        self.objects: dict[str, Node] = {}
        #: string literals (start byte) that a configuration or call took
        self.taken: set[int] = set()
        self.candidates: list[Candidate] = []
        self.jvm: list[Setting] = []

    # ------------------------------------------------------------------ walk

    def run(self) -> Extraction:
        nodes = self._nodes()
        for node in nodes:
            if node.type == "property_declaration":
                self._declaration(node)
        for node in nodes:
            if node.type == "call_expression":
                self._call(node)
            elif node.type == "assignment":
                self._assignment(node)
        emitted: set[int] = set()
        for config in self.configs.values():
            if id(config) not in emitted and self._connection(config):
                emitted.add(id(config))
                where = config.url.locate() if config.url is not None else config.location
                self.candidates.append(
                    Candidate(CandidateKind.JDBC, where, url=config.url, settings=tuple(config.settings))
                )
        tops: set[int] = set()
        for node in nodes:
            if node.type not in _STRINGS or node.start_byte in self.taken:
                continue
            top = self._top(node)
            if top.id in tops or self._taken_whole(top):
                continue
            tops.add(top.id)
            value = self._value(top)
            if looks_like_jdbc_url(value.text):  # a URL no configuration or call took
                span = value.span(self.path, self.positions.point_at(top.start_byte))
                self.candidates.append(Candidate(CandidateKind.JDBC, span.locate(), url=span))
        if self.jvm:
            self.candidates.append(
                Candidate(CandidateKind.JVM, self.jvm[0].location, settings=tuple(self.jvm))
            )
        extraction = Extraction(candidates=sorted(self.candidates, key=lambda c: c.location))
        if self.root.has_error and extraction.candidates:
            line = self._first_error_line()
            extraction.notifications.append(
                Notification(self.path, "partly analysed: Kotlin syntax error", line=line)
            )
        return extraction

    def _connection(self, config: _Config) -> bool:
        """Whether a configured object is a connection of its own (the Java front-end's
        rules, ``java._emit_config``): one with a URL (of the MySQL family or not
        known); a ``Properties`` object no call of this file takes only when it names
        a MySQL-family TLS property; a data source or pool without a URL when it sets
        something besides credentials.
        """
        from connlint.clients.connector_j import is_mysql_family_tls_key

        if config.used or config.foreign:
            return False
        if config.kind == "properties":
            return any(is_mysql_family_tls_key(s.key) for s in config.settings)
        if config.url is not None:
            return True
        return any(s.key not in ("user", "password") for s in config.settings)

    def _nodes(self) -> list[Node]:
        out: list[Node] = []
        stack = [self.root]
        count = 0
        while stack:
            node = stack.pop()
            out.append(node)
            count += 1
            if count % 4096 == 0:
                budget.check()
            if node.type in _STRINGS:
                stack.extend(c for c in reversed(node.children) if c.type == "interpolation")
                continue
            stack.extend(reversed(node.children))
        return out

    def _first_error_line(self) -> int | None:
        stack = [self.root]
        while stack:
            node = stack.pop()
            if node.is_error or node.is_missing:
                return self.positions.point_at(node.start_byte)[0]
            stack.extend(c for c in reversed(node.children) if c.has_error or c.is_error or c.is_missing)
        return None

    def _top(self, node: Node) -> Node:
        """The whole ``+`` concatenation (or parentheses) a literal is part of."""
        parent = node.parent
        while parent is not None and (
            parent.type == "parenthesized_expression"
            or (parent.type == "binary_expression" and self._is_plus(parent))
        ):
            node, parent = parent, parent.parent
        return node

    def _taken_whole(self, node: Node) -> bool:
        return any(n.start_byte in self.taken for n in self._literals(node))

    # ------------------------------------------------------------------ declarations

    def _declaration(self, node: Node) -> None:
        variable = next((c for c in node.children if c.type == "variable_declaration"), None)
        value = self._initializer(node)
        if variable is None or value is None:
            return
        name_node = next((c for c in variable.children if c.type == "identifier"), None)
        if name_node is None:
            return
        name = self.source(name_node)
        self.values.setdefault(name, value)
        creation = self._creation(value)
        if creation is not None:
            self.objects.setdefault(name, creation)

    def _initializer(self, node: Node) -> Node | None:
        after = False
        for child in node.children:
            if after and child.is_named:
                return child
            if child.type == "=":
                after = True
        return None

    def _creation(self, node: Node) -> Node | None:
        """The ``Type(…)`` call that creates a tracked object (``Type(…).apply { … }`` too)."""
        if node.type != "call_expression":
            return None
        callee = node.children[0] if node.children else None
        if callee is not None and callee.type == "identifier" and self.source(callee) in _KIND_BY_TYPE:
            self._config(node)
            return node
        if callee is not None and callee.type == "navigation_expression" and len(callee.children) >= 3:
            inner, method = callee.children[0], callee.children[-1]
            if self.source(method) in ("apply", "also") and inner.type == "call_expression":
                return self._creation(inner)
        return None

    def _config(self, creation: Node) -> _Config:
        config = self.configs.get(creation.id)
        if config is None:
            type_name = self.source(creation.children[0])
            kind = _KIND_BY_TYPE[type_name]
            args = self._arguments(creation)
            other = self._object(args[0]) if kind == "hikari" and len(args) == 1 else None
            if other is not None and other.kind == "hikari":
                # HikariDataSource(cfg), HikariDataSource(HikariConfig().apply { … }):
                # the data source is the configuration's connection (one object).
                config = other
            else:
                config = _Config(kind, type_name, self.positions.location(creation))
            self.configs[creation.id] = config
        return config

    # ------------------------------------------------------------------ calls

    def _receiver(self, node: Node) -> tuple[_Config | None, str]:
        """The tracked object a call or assignment target acts on, and the member name."""
        if node.type == "navigation_expression" and len(node.children) >= 3:
            target, member = node.children[0], node.children[-1]
            return self._object(target), self.source(member)
        if node.type == "identifier":  # inside Type().apply { … }
            return self._apply_receiver(node), self.source(node)
        return None, ""

    def _object(self, node: Node) -> _Config | None:
        if node.type == "this_expression":
            return self._apply_receiver(node)
        if node.type == "identifier":
            creation = self.objects.get(self.source(node))
            return self.configs.get(creation.id) if creation is not None else None
        creation = self._creation(node)
        return self.configs.get(creation.id) if creation is not None else None

    def _apply_receiver(self, node: Node) -> _Config | None:
        """The tracked object of the innermost ``Type().apply { … }`` around ``node``."""
        parent = node.parent
        while parent is not None:
            if parent.type == "lambda_literal":
                call = parent.parent.parent if parent.parent is not None else None
                if call is not None and call.type == "call_expression" and call.children:
                    callee = call.children[0]
                    if (
                        callee.type == "navigation_expression"
                        and self.source(callee.children[-1]) == "apply"
                        and callee.children[0].type == "call_expression"
                    ):
                        creation = self._creation(callee.children[0])
                        return self.configs.get(creation.id) if creation is not None else None
                return None
            if parent.type in ("function_declaration", "class_body"):
                return None
            parent = parent.parent
        return None

    def _arguments(self, call: Node) -> list[Node]:
        args = next((c for c in call.children if c.type == "value_arguments"), None)
        if args is None:
            return []
        out: list[Node] = []
        for argument in args.children:
            if argument.type == "value_argument" and argument.named_children:
                out.append(argument.named_children[-1])
        return out

    def _call(self, call: Node) -> None:
        if not call.children:
            return
        callee = call.children[0]
        args = self._arguments(call)
        text = self.source(callee)
        if text.endswith("DriverManager.getConnection") and args:
            self._connect(call, args)
            return
        if text in ("System.setProperty", "java.lang.System.setProperty") and len(args) == 2:
            key = self._value(args[0]).text
            if key.startswith("javax.net.ssl."):
                self.jvm.append(
                    self._setting(key, args[1], self.positions.location(call), "System.setProperty")
                )
            return
        config, name = self._receiver(callee)
        if config is not None:
            self._apply(config, name, args, self.positions.location(call))

    def _assignment(self, node: Node) -> None:
        if len(node.children) < 3 or node.children[1].type != "=":
            return
        target, value = node.children[0], node.children[2]
        location = self.positions.location(node)
        if target.type == "index_expression" and target.children:
            config = self._object(target.children[0])
            keys = [c for c in target.named_children[1:]]
            if config is not None and config.kind == "properties" and len(keys) == 1:
                self._apply(config, "setProperty", [keys[0], value], location)
            return
        config, name = self._receiver(target)
        if config is not None and name:
            self._apply(config, setter_of_property(name), [value], location)

    def _apply(self, config: _Config, name: str, args: list[Node], location: Location) -> None:
        effect = setter_effect(config.kind, name, len(args))
        if effect is None:
            return
        source = f"{config.type}.{name}"
        if effect.effect == "url":
            config.url = self._url(args[0])
            config.foreign = config.url is None
        elif effect.effect == "setting" and effect.key is not None:
            config.settings.append(self._setting(effect.key, args[0], location, source))
        elif effect.effect == "keyed":
            key = self._value(args[0]).text
            if key and DYNAMIC not in key:
                self._take(args[0])
                config.settings.append(self._setting(key, args[1], location, source))
        elif effect.effect == "properties-string":
            value = self._value(args[0])
            self._take(args[0])
            config.settings.extend(connection_property_settings(value, self.path, location, source))

    def _connect(self, call: Node, args: list[Node]) -> None:
        url = self._url(args[0])
        if url is None:
            return
        location = self.positions.location(call)
        settings: list[Setting] = []
        if len(args) == 2:
            props = self._object(args[1])
            if props is not None and props.kind == "properties":
                props.used = True
                settings = props.settings
        elif len(args) == 3:
            settings = [
                self._setting("user", args[1], location, "DriverManager.getConnection"),
                self._setting("password", args[2], location, "DriverManager.getConnection"),
            ]
        self.candidates.append(Candidate(CandidateKind.JDBC, url.locate(), url=url, settings=tuple(settings)))

    def _url(self, node: Node) -> Span | None:
        value = self._value(node)
        text = value.text
        if not (looks_like_jdbc_url(text) or text.startswith(DYNAMIC)):
            return None
        self._take(node)
        return value.span(self.path, self.positions.point_at(node.start_byte))

    # ------------------------------------------------------------------ values

    def _take(self, node: Node, depth: int = 0) -> None:
        """Mark the literals a value is made of (through names, too) as taken."""
        for literal in self._literals(node, depth):
            self.taken.add(literal.start_byte)

    def _literals(self, node: Node, depth: int = 0) -> list[Node]:
        if depth > _MAX_DEPTH:
            return []
        if node.type in _STRINGS:
            return [node]
        if node.type == "identifier":
            value = self.values.get(self.source(node))
            return self._literals(value, depth + 1) if value is not None and value is not node else []
        out: list[Node] = []
        if node.type in ("binary_expression", "parenthesized_expression"):
            for child in node.named_children:
                out.extend(self._literals(child, depth))
        return out

    def _setting(self, key: str, node: Node, location: Location, source: str) -> Setting:
        value = self._value(node)
        text = value.text
        secret = key.lower().endswith("password")
        if text == DYNAMIC or (secret and DYNAMIC in text):
            return Setting(key, None, location, source, None, self.source(node))
        self._take(node)
        span = value.span(self.path, self.positions.point_at(node.start_byte))
        return Setting(key, Secret(text, span) if secret else text, location, source, span)

    def _value(self, node: Node, depth: int = 0) -> Located:
        """The text of an expression with each character's position; DYNAMIC where unknown."""
        out = Located()
        if depth > _MAX_DEPTH:
            out.add(DYNAMIC, self.positions.point_at(node.start_byte))
        elif node.type in _STRINGS:
            out = self._string(node, depth)
        elif node.type == "parenthesized_expression" and node.named_children:
            out = self._value(node.named_children[0], depth)
        elif node.type == "binary_expression" and self._is_plus(node):
            out.extend(self._value(node.named_children[0], depth))
            out.extend(self._value(node.named_children[-1], depth))
        elif node.type == "identifier" and self.source(node) in self.values:
            declared = self.values[self.source(node)]
            out = self._value(declared, depth + 1) if declared is not node else out
        else:
            out.add(DYNAMIC, self.positions.point_at(node.start_byte))
        return out

    def _is_plus(self, node: Node) -> bool:
        return len(node.children) == 3 and node.children[1].type == "+"

    def _string(self, node: Node, depth: int = 0) -> Located:
        out = Located()
        raw = node.type == "multiline_string_literal"
        run: list[Node] = []
        for child in node.children:
            if child.type == "string_content":
                run.append(child)
                continue
            self._contents(run, out, depth, raw)
            run = []
            if child.type == "escape_sequence":
                self._escape(child, out)
            elif child.type == "interpolation":
                out.add(DYNAMIC, self.positions.point_at(child.start_byte))
        self._contents(run, out, depth, raw)
        return out

    def _contents(self, run: list[Node], out: Located, depth: int, raw: bool) -> None:
        """Adjacent string content, with ``$name`` templates as DYNAMIC."""
        if not run:
            return
        start = self.positions.char(run[0].start_byte)
        text = self.positions.text[start : self.positions.char(run[-1].end_byte)]
        pos = 0
        for match in _TEMPLATE.finditer(text):
            self._add(text[pos : match.start()], start + pos, out)
            if match.group().startswith("\\"):
                if raw:
                    self._add(match.group(), start + match.start(), out)
                else:
                    out.add(chr(int(match.group()[2:], 16)), self.positions.point(start + match.start()))
                pos = match.end()
                continue
            declared = self.values.get(match.group()[1:])
            if declared is not None and depth < _MAX_DEPTH:  # "$HOST": a val of this file
                out.extend(self._value(declared, depth + 1))
            else:
                out.add(DYNAMIC, self.positions.point(start + match.start()))
            pos = match.end()
        self._add(text[pos:], start + pos, out)

    def _add(self, text: str, char: int, out: Located) -> None:
        """``text`` standing from character ``char`` on (line by line)."""
        offset = 0
        for line in text.split("\n"):
            if line:
                out.add(line, self.positions.point(char + offset))
            offset += len(line)
            if offset < len(text):
                out.add("\n", self.positions.point(char + offset))
                offset += 1

    def _escape(self, node: Node, out: Located) -> None:
        raw = self.source(node)
        point = self.positions.point_at(node.start_byte)
        if raw.startswith("\\u") and len(raw) == 6:
            try:
                out.add_at(chr(int(raw[2:], 16)), point)
                return
            except ValueError:
                pass
        out.add_at(_ESCAPES.get(raw[1:2], raw[1:]), point)
