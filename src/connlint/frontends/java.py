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

A file whose connection words are all in its comments or its package
declaration is not parsed (``java_screen``): it reads as the prefilter reads a
file without them.

The work is shared by rooms: positions (``ts_positions``), node helpers
(``java_syntax``), the symbol table and scopes (``java_symbols``), values
(``java_values``) and API recognition (``java_apis``); this module parses,
runs them in order and emits the candidates.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable

from tree_sitter import Language, Node, Parser, Query, QueryCursor, Tree

from connlint import budget, project
from connlint.clients import drivers
from connlint.clients.jdbc_url import cannot_start_jdbc_url, looks_like_jdbc_url
from connlint.frontends import java_binlog, java_screen, kafka_connect
from connlint.frontends.java_apis import (
    CONSUMER_METHODS,
    DATASOURCE_TYPES,
    HIKARI_TYPES,
    TRACKED_TYPES,
    Apis,
    Config,
    mysql_family,
)
from connlint.frontends.java_branches import settings_outcomes
from connlint.frontends.java_builders import builder_candidates
from connlint.frontends.java_fallback import url_literals
from connlint.frontends.java_jvm_reach import reach as jvm_reach
from connlint.frontends.java_literals import JavaText
from connlint.frontends.java_symbols import SCOPE_TYPES, SHORT_WALK, Symbols
from connlint.frontends.java_syntax import call_name, is_format_of, source_order, unparenthesize, walk
from connlint.frontends.java_uses import only_checked
from connlint.frontends.java_values import BUILDERS, Evaluator
from connlint.frontends.ts_positions import TreePositions
from connlint.lazy import dataclass
from connlint.model import (
    DYNAMIC,
    Candidate,
    CandidateKind,
    Extraction,
    Hop,
    Level,
    Notification,
    Setting,
    Span,
)

__all__ = ["TRACKED_TYPES", "extract"]

#: A parse may take this much CPU time plus :data:`_PARSE_SECONDS_PER_BYTE`
#: before the file is read partially (see :func:`_parse`).
_PARSE_SECONDS = 0.5
_PARSE_SECONDS_PER_BYTE = 1e-5
#: A run of 256 ``<`` that nothing closes (``Map<List<Set<…``): tree-sitter-java
#: keeps every reading of each ``<`` (type argument or less-than) alive at
#: once and resolves them at the end of the file in one native step that no
#: progress callback interrupts, its time and memory the square of the run
#: (3,000: 1.2 s and 780 MB; 11,000: out of memory).  Real generics nest a
#: few deep.  Possessive: a start fails within its 256 segments.  Written
#: ``<(…<){255}…`` (the same matches as ``(?:<…){256}``): a pattern that starts
#: with a literal is searched for that character first, 60 times faster over
#: a file than trying the group at every position.
_HOSTILE_NESTING = re.compile(r"<(?:[^<>;{}()]*+<){255}[^<>;{}()]*+")
_NESTING_WHY = "256 or more nested '<' that the parser cannot read in reasonable time and memory"
#: Bytes handed to tree-sitter per read.
_CHUNK = 1 << 16
#: The note when a tree is mostly error recovery.
_MOSTLY_ERRORS = (
    "Java file mostly not Java: string literals that are JDBC URLs outside the parsed code were read too"
)


#: Calls whose string arguments are messages, not configuration.
_LOG_METHODS = frozenset(
    {"trace", "debug", "info", "warn", "warning", "error", "fatal", "log", "print", "println", "printf"}
)
#: The node kinds the extractor reads, by the capture that takes them (each
#: capture's nodes in source order: declarations and parameters together, as a
#: later declaration of a name replaces an earlier one); everything else is
#: reached from these.
_WANTED = {
    "declaration": (
        "field_declaration",
        "local_variable_declaration",
        "constant_declaration",
        "formal_parameter",
        "spread_parameter",
    ),
    "change": ("assignment_expression", "update_expression"),
    "call": ("method_invocation",),
    "string": ("string_literal",),
    "creation": ("object_creation_expression",),
}
#: String methods whose arguments are compared or searched, not configured.
_STRING_TESTS = frozenset(
    {"startsWith", "endsWith", "equals", "equalsIgnoreCase", "contains", "matches", "indexOf", "replace"}
)
#: The method names of the calls whose value is built from a literal argument
#: or receiver (``java_syntax.is_format_of``, ``Evaluator.builds_string``).
_STRING_BUILDING = frozenset({"format", "formatted", "concat", "join", "append", "toString"})
#: Both: a literal handed to one of them is no standalone URL.
_NOT_CONFIGURING = _LOG_METHODS | _STRING_TESTS


@functools.cache
def _parser() -> Parser:
    import tree_sitter_java

    language = Language(tree_sitter_java.language())
    return Parser(language)


@functools.cache
def _query() -> Query:
    """The wanted kinds (a capture for each group of :data:`_WANTED`) and the nodes
    whose children live in a scope of their own (``@scope``, see
    ``java_symbols.Symbols._inner_scope``), in one pass over the tree.
    """
    import tree_sitter_java

    wanted = " ".join(
        "[" + " ".join(f"({kind})" for kind in kinds) + f"] @{name}" for name, kinds in _WANTED.items()
    )
    scopes = "[" + " ".join(f"({kind})" for kind in sorted(SCOPE_TYPES)) + "] @scope"
    # The grammar puts initializer blocks directly in class bodies only
    # (``(enum_body (block))`` is an impossible pattern).
    return Query(Language(tree_sitter_java.language()), f"{wanted} {scopes} (class_body (block) @scope)")


@dataclass
class _Captured:
    """The wanted nodes of one tree, by capture, each list in source order."""

    declarations: list[Node]
    changes: list[Node]
    calls: list[Node]
    strings: list[Node]
    #: The ``new X(…)`` expressions.
    creations: list[Node]
    #: The method name of each call (None: it has none).
    names: list[str | None]


def _captured(root: Node, symbols: Symbols) -> _Captured:
    """The wanted nodes under ``root`` (a tree-sitter query: native code; walking
    every node in Python was the main cost of large files), the scopes indexed
    in ``symbols`` and the declarations declared.
    """
    captures = QueryCursor(_query()).captures(root)
    symbols.index_scopes(captures.get("scope", []))
    declarations, changes, calls, strings, creations = (
        source_order(captures.get(name, [])) for name in _WANTED
    )
    found = _Captured(declarations, changes, calls, strings, creations, _call_names(calls, symbols.positions))
    symbols.declare_kinds(found.declarations, found.changes, found.calls, found.names)
    return found


def _call_names(calls: list[Node], positions: TreePositions) -> list[str | None]:
    """``call_name`` of each call (the most numerous nodes of a file): the name
    read by the grammar's field id, sliced from an ASCII text at once.
    """
    name_id = _name_field()
    if not positions.ascii:
        source = positions.source
        return [None if (name := call.child_by_field_id(name_id)) is None else source(name) for call in calls]
    text = positions.text
    return [
        None if (name := call.child_by_field_id(name_id)) is None else text[name.start_byte : name.end_byte]
        for call in calls
    ]


@functools.cache
def _name_field() -> int:
    """The grammar's id of the ``name`` field (``call_name`` asks by the name)."""
    language = _parser().language
    field = language.field_id_for_name("name") if language is not None else None
    if field is None:
        raise LookupError("tree-sitter-java has no 'name' field")
    return field


def extract(path: str, text: str) -> Extraction:
    """Candidates and notifications of one Java source file (the engine guards
    the call: a bug here loses this file only, reported).
    """
    run_project = project.current()
    if run_project is not None:
        from connlint.frontends.java_units import release_dropped_units

        release_dropped_units(run_project)
    if java_screen.only_mentioned(text) and not _HOSTILE_NESTING.search(text):
        return Extraction()  # its connection words are all in comments (java_screen)
    if len(text) > _REDUCE_ABOVE:
        reduced = _reduced_extract(path, text)
        if reduced is not None:
            return reduced
    return _Extractor(path, text).run()


class _Extractor:
    """One file's run: parse, declare, recognise the APIs, emit the candidates."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.extraction = Extraction()
        self.syntax_error = False
        self.positions = TreePositions(path, text)
        self.source = self.positions.source
        self.location = self.positions.location
        self.tops: dict[int, Node] = {}
        #: The parse was cancelled: only URL literals were read.
        self.partial = False
        #: See :func:`_no_scheme_bytes` (set for the URL literals' pass).
        self.no_scheme_bytes: frozenset[int] = frozenset()
        #: The method name of each call of the file (None: it has none), by node id.
        self.call_names: dict[int, str | None] = {}

    def run(self) -> Extraction:
        try:
            return self._run()
        finally:
            # The evaluator and the resolver refer to each other: a cycle that
            # would keep the file's tree (native memory the collector does not
            # see) until a full collection, file after file.
            evaluator = getattr(self, "evaluator", None)
            if evaluator is not None:
                evaluator.resolver = None

    def _run(self) -> Extraction:
        if _HOSTILE_NESTING.search(self.text):
            self.partial = True
            return _partial_extraction(self.path, self.text, _NESTING_WHY)
        tree = _parse(self.positions.data)
        if tree is None:
            self.partial = True
            return _partial_extraction(self.path, self.text, "took too long to parse")
        root = tree.root_node
        symbols = Symbols(self.positions, root, TRACKED_TYPES)
        self.symbols = symbols
        self.parent = symbols.parent
        evaluator = Evaluator(self.positions, symbols)
        if project.current() is not None:
            from connlint.frontends.java_project import Resolver

            evaluator.resolver = Resolver(self.path, self.positions, root, symbols, evaluator)
        self.evaluator = evaluator
        self.evaluate = evaluator.evaluate
        apis = Apis(self.positions, symbols, evaluator)
        self.apis = apis
        if root.has_error:
            self.syntax_error = True
            line = self._first_error_line(root)
            self.extraction.notifications.append(
                Notification(self.path, "Java syntax error; analysed what could be parsed", Level.NOTE, line)
            )
        captured = _captured(root, symbols)
        invocations = captured.calls
        # Each call's method name, read once for the passes below (most calls are
        # screened by it: a set lookup, not a look at the receiver and arguments).
        names = captured.names
        self.call_names = {call.id: name for call, name in zip(invocations, names, strict=True)}
        jvm_settings: list[Setting] = []
        jvm_calls: list[Node] = []
        wanted = apis.setter_names()
        for call, called in zip(invocations, names, strict=True):
            if called is None or (wanted is not None and called not in wanted):
                continue  # collect_setter would return at once
            setting = apis.collect_setter(call, called)
            if setting is not None:
                jvm_settings.append(setting)
                jvm_calls.append(call)
        if apis.untracked or any(hint in self.text for hint in ("DataSource", "Pool", "Hikari")):
            from connlint.frontends.java_subclasses import retype  # a class extending HikariDataSource?

            retype(apis, evaluator.resolver)
        for var in list(symbols.vars.values()):
            if var.type in HIKARI_TYPES and var.value is not None:
                apis.hikari_from_properties(var, var.value)
        for call, called in zip(invocations, names, strict=True):
            if called in CONSUMER_METHODS:
                apis.collect_consumer(call, called)
            elif called == "build":
                apis.candidates.extend(builder_candidates(apis, call, invocations))
        apis.collect_helpers(invocations)
        apis.collect_project_helpers(invocations, names)
        apis.collect_project_constructors(captured.creations)
        for var in list(symbols.vars.values()):
            if var.type in DATASOURCE_TYPES and (var.value is not None or var.is_field or var.reassigned):
                apis.config(var, "datasource")
        self.extraction.candidates.extend(apis.candidates)
        if java_binlog.PACKAGE in self.text:  # BinaryLogClient, setSSLMode
            binlog = java_binlog.candidates(self.positions, root, symbols, self.evaluate, invocations)
            self.extraction.candidates.extend(binlog)
        for config in apis.configs.values():
            self._emit_config(config)
        if jvm_settings:
            self._emit_jvm(jvm_settings, jvm_calls, invocations, names)
        self._emit_standalone_urls(captured.strings)
        if root.has_error and _mostly_errors(root):
            self._add_unparsed_urls(captured.strings)
        self._drop_unnamed_databases()
        self.extraction.candidates.sort(key=lambda c: c.location)
        return self.extraction

    def _emit_jvm(
        self, settings: list[Setting], calls: list[Node], invocations: list[Node], names: list[str | None]
    ) -> None:
        """The JVM properties the file sets, one candidate per part of the file
        where they are in force (``java_jvm_reach``) and per state a setter
        under a branch leaves the JVM in (issue 16).
        """
        groups: dict[tuple[int, ...], tuple[list[Node], list[Setting], list[Node]]] = {}
        for setting, call in zip(settings, calls, strict=True):
            reach = jvm_reach(call, self.parent, self.source, invocations, names)
            group = groups.setdefault(tuple(n.id for n in reach), (reach, [], []))
            group[1].append(setting)
            group[2].append(call)
        for reach, group_settings, group_calls in groups.values():
            where = tuple(self.location(n) for n in reach)
            self.extraction.candidates.extend(
                Candidate(
                    CandidateKind.JVM, self.location(group_calls[0]), settings=tuple(state), reach=where
                )
                for state in self.apis.jvm_states(group_settings, group_calls)
            )

    def _drop_unnamed_databases(self) -> None:
        """In a run over a project, a file that names no MySQL-family word was
        read for its ``DriverManager`` calls (the prefilter's
        ``JAVA_REACH_WORDS``: a URL constant of another file); a connection of
        it whose URL is not a known MySQL-family one is another database's, or
        nobody's: not reported.  Nor in a file that names no MySQL-family word
        of its own (only ``jdbc:postgresql:`` URLs, PostgreSQL's ``sslmode``).
        """
        candidates = self.extraction.candidates
        unnamed = [c for c in candidates if c.kind is CandidateKind.JDBC and not _named_url(c)]
        if not unnamed or project.current() is None:
            return
        from connlint.frontends.kinds import names_mysql_family

        if not names_mysql_family(self.text):
            self.extraction.candidates = [c for c in candidates if not any(c is u for u in unnamed)]

    def _add_unparsed_urls(self, strings: list[Node]) -> None:
        """URL literals the error recovery left out of the tree (a file mostly of
        ``ERROR`` nodes), each a candidate: the tree's own literals (``strings``) are read already.
        """
        char = self.positions.char
        read = frozenset(char(node.start_byte) for node in strings)
        added = url_literals(self.path, self.text, read)
        if added:
            self.extraction.candidates.extend(added)
            self.extraction.notifications.append(Notification(self.path, _MOSTLY_ERRORS, Level.NOTE))

    def _first_error_line(self, root: Node) -> int | None:
        for node in walk(root):
            if node.is_error or node.is_missing:
                return self.positions.point_at(node.start_byte)[0]
        return None

    # -- emission -----------------------------------------------------------

    def _emit_config(self, config: Config) -> None:
        if config.kind == "properties":
            # Debezium's embedded engine: the Properties are a connector's configuration.
            opaque = next((e for e in config.events if e.op in ("putAll", "unknown")), None)
            hidden = None
            if opaque is not None:  # putAll(System.getProperties()): any key may come from there
                node = opaque.other
                written = f"putAll({self.source(node)})" if node is not None else "a key not known statically"
                at = self.location(node) if node is not None else config.location
                hidden = Setting("", None, at, written, None, written)
            connector = kafka_connect.from_settings(config.settings, hidden)
            if connector is not None:
                self.extraction.candidates.append(connector)
                return
            # Emitted with the URL of the call that receives them. One that no
            # call of this file receives (built here, used elsewhere) is a
            # connection of its own when it names a driver TLS property.
            from connlint.clients.connector_j import is_mysql_family_tls_key

            if config.consumed or not any(is_mysql_family_tls_key(s.key) for s in config.settings):
                return
        if config.kind == "hikari" and config.url is None:
            mysql, config.url = self.apis.data_source_url(config)
            if not mysql:
                return  # another database's data source (PostgreSQL), by its class name
        if config.kind == "aws" and config.url is None:
            config.url = self.apis.aws_url(config)
            if config.url is None:
                return  # another database's, or one nothing here names
        if (
            config.url is not None
            and not mysql_family(config.url.text)
            and not any(mysql_family(u.text) for u, _ in config.urls)
        ):
            return  # a HikariConfig of another database
        if config.kind == "hikari" and config.url is None and not config.settings:
            return
        if (
            config.kind == "pool"
            and config.url is None
            and all(s.key in ("user", "password") for s in config.settings)
        ):
            return  # credentials of a pool whose database is not known here
        self.apis.consumed_literals |= config.url_literals
        # One connection per URL the object is given (the last one when none
        # is of the family: a test that ends on another database's URL).
        urls: list[tuple[Span | None, list[Hop]]] = [(u, t) for u, t in config.urls if mysql_family(u.text)]
        urls = urls or [(config.url, config.url_trail)]
        made: list[Span | None] = []
        # One per state of the object too: a TLS setter under a branch (issue 16, item 1).
        states = settings_outcomes(config.settings, config.choices)
        for url, trail in urls:
            if url in made:
                continue
            made.append(url)
            self.extraction.candidates.extend(
                Candidate(
                    CandidateKind.JDBC,
                    config.location,
                    url=url,
                    settings=tuple(settings),
                    trail=tuple(trail),
                )
                for settings in states
            )

    # -- URL literals -------------------------------------------------------

    def _emit_standalone_urls(self, strings: list[Node]) -> None:
        self.no_scheme_bytes = _no_scheme_bytes()
        tops: dict[tuple[int, int], Node] = {}
        for node in strings:
            if not self._may_be_url_literal(node) and self._absorber(node) is None:
                # Its own top and no URL: skipped below anyway. Most literals of a
                # file; their top is not looked for (issue 15).
                continue
            top = self._top_expression(node)
            if top is not None:
                tops.setdefault((top.start_byte, top.end_byte), top)
        found: list[tuple[Node, JavaText]] = []
        absorbed: set[tuple[int, int]] = set(self.apis.consumed_literals)
        for top in tops.values():
            if top.type == "string_literal" and not self._may_be_url_literal(top):
                continue
            if top.type == "binary_expression" and self._starts_without_url(top):
                continue  # "SELECT … " + table: no value of it is a URL, none evaluated
            if top.type != "string_literal" and _cannot_lead_a_url(self.evaluator.leading(top)):
                continue  # sb.append(…) on a builder begun with "SELECT …": its branches not enumerated
            # A literal is its one value; an expression with branches has several.
            values = [self.evaluate(top)] if top.type == "string_literal" else self.evaluator.outcomes(top)
            for value in values:
                if looks_like_jdbc_url(value.text):
                    found.append((top, value))
                    own = {
                        lit for lit in value.literals if top.start_byte <= lit[0] and lit[1] <= top.end_byte
                    }
                    absorbed |= value.literals - own
        emitted: set[Span] = set()
        checked: dict[int, bool] = {}
        for top, value in found:
            own = {lit for lit in value.literals if top.start_byte <= lit[0] and lit[1] <= top.end_byte}
            if own & absorbed or _bare_prefix(value.text):
                continue
            if top.id not in checked:
                checked[top.id] = only_checked(top, self.symbols, self.source)
            if checked[top.id]:
                continue  # only asserted, parsed or matched (issue 16, item 15)
            span = value.span(self.path)
            if span in emitted:
                continue  # two branches that give the same text
            emitted.add(span)
            self.extraction.candidates.append(
                Candidate(CandidateKind.JDBC, span.locate(), url=span, trail=tuple(value.hops))
            )

    def _may_be_url_literal(self, node: Node) -> bool:
        """False for a one-line literal without escapes that is no URL: its value is
        its body, no need to decode it with per-character positions.
        """
        # Most literals of a file: one whose first byte after the quote is an ASCII
        # character no scheme begins with is told from the bytes, without offsets.
        data = self.positions.data
        start, end = node.start_byte, node.end_byte
        if (
            end - start >= 2
            and data[start] == 0x22  # "
            and data[start + 1] in self.no_scheme_bytes
            and data.find(b"\\", start, end) < 0
            and not data.startswith(b'"""', start, end)
        ):
            return False
        # Offsets into the file, not copies of the literal.
        text = self.text
        start, end = self.positions.char(node.start_byte), self.positions.char(node.end_byte)
        if text.startswith('"""', start, end) or text.find("\\", start, end) >= 0:
            return True
        closed = end - start >= 2 and text[end - 1] == '"'
        return looks_like_jdbc_url(text, start + 1, end - 1 if closed else end)

    def _starts_without_url(self, node: Node) -> bool:
        """True when every value of the ``+`` chain ``node`` begins with the text of
        its first operand, a one-line literal without escapes whose first character
        after blanks begins no JDBC URL (the evaluator joins a chain's operands in order).
        """
        first = unparenthesize(node)
        while True:  # down the left operands: each a smaller node
            operator = first.child_by_field_name("operator") if first.type == "binary_expression" else None
            if operator is None or self.source(operator) != "+":
                break
            left = first.child_by_field_name("left")
            if left is None:
                return False
            first = unparenthesize(left)
        if first.type != "string_literal":
            return False
        text = self.text
        start, end = self.positions.char(first.start_byte), self.positions.char(first.end_byte)
        if text.startswith('"""', start, end) or text.find("\\", start, end) >= 0:
            return False
        closed = end - start >= 2 and text[end - 1] == '"'
        return cannot_start_jdbc_url(text, start + 1, end - 1 if closed else end)

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
        if parent.type == "assignment_expression":
            # url += "&sslMode=…": the variable's value after it, built from what came before.
            right = parent.child_by_field_name("right")
            return (
                parent if right is not None and right.id == node.id and self.evaluator.flows(parent) else None
            )
        if parent.type == "ternary_expression":
            condition = parent.child_by_field_name("condition")
            return parent if condition is None or condition.id != node.id else None
        call = self.parent(parent) if parent.type == "argument_list" else parent
        if call is None:
            return None
        if call.type == "method_invocation":
            # Most literals are arguments of calls that build no string: told by the name.
            name = self.call_names[call.id] if call.id in self.call_names else call_name(call, self.source)
            if name not in _STRING_BUILDING:
                return None
            return (
                call if is_format_of(call, node, self.source) or self.evaluator.builds_string(call) else None
            )
        if call.type == "object_creation_expression" and parent.type == "argument_list":
            created = call.child_by_field_name("type")
            return call if created is not None and self.source(created) in BUILDERS else None
        return None

    def _top_of(self, node: Node) -> Node:
        """The outermost expression ``node`` is part of, remembered for every node on the way.

        One upward walk per chain, so a literal under 10,000 parentheses (or the
        literals of a 10,000-term concatenation) cost linear time, not quadratic.
        """
        chain: list[Node] = []
        current = node
        while current.id not in self.tops:
            if len(chain) == SHORT_WALK and current.id not in self.symbols.parents:
                self.symbols.cache_path(current)
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
                if name is not None and self.source(name) in _NOT_CONFIGURING:
                    return None
        if parent is not None and parent.type == "method_invocation":
            name = parent.child_by_field_name("name")
            if name is not None and self.source(name) in _STRING_TESTS:
                return None
        return top


def parse_declarations(path: str, text: str) -> tuple[TreePositions, Node, Callable[[], Symbols]] | None:
    """Another file of the project, parsed, and the function that reads its
    declarations (for its constants: ``java_project``; called when first needed);
    None when it cannot be parsed in reasonable time.
    """
    if _HOSTILE_NESTING.search(text):
        return None
    positions = TreePositions(path, text)
    tree = _parse(positions.data)
    if tree is None:
        return None
    root = tree.root_node
    return positions, root, functools.partial(_declarations, positions, root)


def _declarations(positions: TreePositions, root: Node) -> Symbols:
    """The symbol table of a parsed file, its declarations read."""
    symbols = Symbols(positions, root, TRACKED_TYPES)
    _captured(root, symbols)
    return symbols


# ---------------------------------------------------------------------------
# large files

# tree-sitter keeps ~100 bytes per node (a generated 3 MB class: 700k nodes,
# ~72 MB) and the extractor a Python object per wanted node on top.  Above
# this size, method and constructor bodies that cannot change the result are
# blanked first (see connlint.frontends.java_reduce).
_REDUCE_ABOVE = 256_000


def _parse(data: bytes) -> Tree | None:
    """The tree of ``data``; None when tree-sitter takes longer than a
    reasonable parse of its size (error recovery on text that is not Java:
    time and memory grow with the square of the size), or
    :class:`budget.Expired` when the file's budget ran out first.

    The allowance is CPU time, so that a loaded machine does not cut a parse
    short: real Java parses at about 5 MB/s here (0.2 µs a byte); the allowance
    is 50 times that, 10 times once the parser has met an error.
    """
    parser = _parser()
    start = time.process_time()
    allowance = _PARSE_SECONDS + len(data) * _PARSE_SECONDS_PER_BYTE
    after_error = _PARSE_SECONDS / 5 + len(data) * _PARSE_SECONDS_PER_BYTE / 5

    calls = 0

    def cancel(_offset: int = 0, has_error: bool = False, *_state: object) -> bool:
        nonlocal calls
        calls += 1
        if budget.expired():
            return True
        # The process clock is a system call (monotonic() is not): read every 16th time.
        return calls % 16 == 0 and time.process_time() - start > (after_error if has_error else allowance)

    try:
        return parser.parse(lambda offset, _point: data[offset : offset + _CHUNK], progress_callback=cancel)
    except BaseException as exc:
        # A cancelled parser resumes the old document on its next parse unless reset.
        parser.reset()
        if not isinstance(exc, ValueError):
            raise
        if budget.expired():
            raise budget.Expired from None
        return None


#: The driver registry and the bytes of :func:`_no_scheme_bytes` for it.
_NO_SCHEME_BYTES: list[tuple[tuple[drivers.Driver, ...], frozenset[int]]] = []


def _no_scheme_bytes() -> frozenset[int]:
    """The ASCII characters (as bytes) other than blanks that no JDBC URL of the
    driver registry begins with (``cannot_start_jdbc_url``); made again when the
    registry is not the one they were made for (a test adds a driver).
    """
    registry = drivers.DRIVERS
    if not _NO_SCHEME_BYTES or _NO_SCHEME_BYTES[0][0] is not registry:
        made = frozenset(byte for byte in range(0x80) if cannot_start_jdbc_url(chr(byte)))
        _NO_SCHEME_BYTES[:] = [(registry, made)]
    return _NO_SCHEME_BYTES[0][1]


def _cannot_lead_a_url(leading: str | None) -> bool:
    """Whether no text that begins with ``leading`` (not blank; None: not known)
    looks like a JDBC URL: its first character after blanks is unknown (a
    scheme is written) or one no scheme begins with.
    """
    if leading is None:
        return False
    return leading.lstrip()[:1] == DYNAMIC or cannot_start_jdbc_url(leading)


def _named_url(candidate: Candidate) -> bool:
    """A candidate whose URL is a MySQL-family one as far as it is known."""
    return candidate.url is not None and looks_like_jdbc_url(candidate.url.text)


def _bare_prefix(url: str) -> bool:
    """A scheme with nothing known after it (``"jdbc:mariadb://"``, or one
    followed by unknown parts and separators): says nothing of a connection
    unless it reaches one.
    """
    start = url.find("//")
    return start >= 0 and not any(char.isalnum() for char in url[start + 2 :])


def _mostly_errors(root: Node) -> bool:
    """More than half of the file's bytes are in ``ERROR`` nodes at the top level."""
    if root.is_error:
        return True
    cursor = root.walk()
    errors = 0
    if cursor.goto_first_child():
        while True:
            node = cursor.node
            if node is not None and node.is_error:
                errors += node.end_byte - node.start_byte
            if not cursor.goto_next_sibling():
                break
    return errors * 2 > root.end_byte - root.start_byte


def _partial_extraction(path: str, text: str, why: str) -> Extraction:
    """Only the JDBC URL literals of a file the parser gave up on."""
    message = f"Java file read partially ({why}): only string literals that are JDBC URLs were read"
    return Extraction(
        candidates=url_literals(path, text), notifications=[Notification(path, message, Level.WARNING)]
    )


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
    if extractor.partial:  # the whole text would take longer still
        return _partial_extraction(path, text, "took too long to parse")
    return None if extractor.syntax_error else result
