"""The Java APIs that configure a MySQL-family connection, recognised on the
variables of one file: ``Properties`` (``setProperty`` / ``put``),
``DriverManager.getConnection``, HikariCP, the drivers' ``DataSource`` setters,
connection pools, and ``System.setProperty`` of the JVM's trust store.

Each tracked variable collects its settings in a :class:`Config`; the
front-end (``java.py``) decides which of them become candidates.
"""

from __future__ import annotations

from dataclasses import field, replace
from typing import TYPE_CHECKING

from tree_sitter import Node

from connlint import budget
from connlint.clients.aws_wrapper import target_family
from connlint.clients.connector_j import is_mysql_family_tls_key
from connlint.clients.drivers import datasource_classes
from connlint.clients.jdbc_url import looks_like_jdbc_url
from connlint.frontends.java_branches import Choice, choices_of, setter_choices, settings_outcomes
from connlint.frontends.java_literals import JavaText
from connlint.frontends.java_properties import PROPERTIES_TYPES, PropertiesEvent, PropertiesStates
from connlint.frontends.java_symbols import Symbols, Var
from connlint.frontends.java_syntax import arguments, call_name, walk
from connlint.frontends.java_values import Evaluator
from connlint.frontends.jvm_setters import setter_effect
from connlint.frontends.spring import connection_property_settings, hikari_setting_key
from connlint.frontends.ts_positions import TreePositions
from connlint.lazy import dataclass
from connlint.model import DYNAMIC, Candidate, CandidateKind, Hop, Location, Secret, Setting, Span

if TYPE_CHECKING:
    from connlint.frontends.java_helper_templates import HelperSink

#: HikariCP configuration objects.
HIKARI_TYPES = frozenset({"HikariConfig", "HikariDataSource"})
#: The drivers' own data sources (Connector/J 5.1 and 8.x share the simple names).
DATASOURCE_TYPES = datasource_classes()
#: Connection pools that hand their own properties to the driver: Commons DBCP,
#: Druid, the Tomcat JDBC pool's PoolProperties and c3p0.
POOL_TYPES = frozenset(
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
#: The calls :meth:`Apis.collect_consumer` reads.
CONSUMER_METHODS = _POOL_PROPERTIES_METHODS | {
    "setDataSourceProperties",
    "setTargetDataSourceProperties",
    "getConnection",
}
#: ``System.getProperties()``: its ``setProperty`` / ``put`` set JVM system properties.
_SYSTEM_PROPERTIES = frozenset({"System.getProperties()", "java.lang.System.getProperties()"})
#: Call sites of one helper method read at most.
_MAX_HELPER_SITES = 200
#: Nodes of a sink's argument searched for a helper's parameters.
_MAX_HELPER_NODES = 500
#: The AWS Advanced JDBC Wrapper's data source (software.amazon.jdbc.ds.AwsWrapperDataSource).
AWS_TYPES = frozenset({"AwsWrapperDataSource"})
#: Its setters that build the URL when ``setJdbcUrl`` is not called
#: (``DataSourceConfigHelper.resolveFinalUrl``: protocol, server, port, database).
_AWS_PARTS = frozenset({"setJdbcProtocol", "setServerName", "setServerPort", "setDatabase"})
TRACKED_TYPES = PROPERTIES_TYPES | HIKARI_TYPES | DATASOURCE_TYPES | POOL_TYPES | AWS_TYPES
#: Setters only connection objects have: one called on a variable of another
#: type asks whether that type is a project class extending a tracked one
#: (``java_subclasses``).
SUBCLASS_HINTS = frozenset(
    {
        "setJdbcUrl",
        "addDataSourceProperty",
        "setUrl",
        "setURL",
        "addConnectionProperty",
        "setConnectionProperties",
    }
)
#: The calls :meth:`Apis.collect_setter` reads in a file without a variable of
#: a tracked type: ``System.setProperty`` / ``System.getProperties().put``, and
#: the setters that may be a project subclass's.
_UNTRACKED_SETTERS = SUBCLASS_HINTS | {"setProperty", "put"}
#: HikariCP data source properties of an AwsWrapperDataSource that make its URL.
_HIKARI_AWS_PARTS = {
    "jdbcProtocol": "setJdbcProtocol",
    "serverName": "setServerName",
    "serverPort": "setServerPort",
    "database": "setDatabase",
    "targetDataSourceClassName": "setTargetDataSourceClassName",
}
#: Receivers :meth:`Apis.collect_setter` reads: a variable (``ds``, ``this.ds``,
#: :meth:`Symbols.resolve`) or ``System.getProperties()``; ``System`` is an identifier.
_RECEIVERS = frozenset({"identifier", "field_access", "method_invocation"})
#: Arguments worth a look for a helper of another file (literals, names, concatenations).
_KNOWN_ARGUMENTS = frozenset({"string_literal", "binary_expression", "identifier", "field_access"})


@dataclass
class Config:
    """What the calls on one tracked variable set."""

    var: Var
    kind: str
    location: Location
    url: Span | None = None
    url_literals: set[tuple[int, int]] = field(default_factory=set)
    #: Where the URL's parts came from in other files (see ``java_project``).
    url_trail: list[Hop] = field(default_factory=list)
    settings: list[Setting] = field(default_factory=list)
    consumed: bool = False
    #: A ``Properties`` object's changes in source order (its state at each use).
    events: list[PropertiesEvent] = field(default_factory=list)
    #: Values that make the URL (an AwsWrapperDataSource's protocol, server, ...), by setter.
    parts: dict[str, JavaText] = field(default_factory=dict)
    #: Every URL set on the object in turn, with its trail (a field that one
    #: method points at one database and another at another).
    urls: list[tuple[Span, list[Hop]]] = field(default_factory=list)
    #: The choice points around a TLS setting set under a branch, by its index
    #: in ``settings`` (:mod:`java_branches`: outcomes, not a pick).
    choices: dict[int, tuple[Choice, ...]] = field(default_factory=dict)


def mysql_family(text: str) -> bool:
    """Tell a URL a MySQL-family driver takes, or one whose start is not known."""
    return looks_like_jdbc_url(text) or text.startswith(DYNAMIC)


class Apis:
    """The configuration calls of one file, by the variable they configure."""

    def __init__(self, positions: TreePositions, symbols: Symbols, evaluator: Evaluator) -> None:
        self.path = positions.path
        self.positions = positions
        self.source = positions.source
        self.location = positions.location
        self.symbols = symbols
        self.evaluate = evaluator.evaluate
        self.outcomes = evaluator.outcomes
        self.configs: dict[int, Config] = {}
        #: ``Properties`` objects replayed where they are handed over.
        self.states = PropertiesStates(symbols, evaluator, self.configs)
        #: Literals (byte ranges) that are part of a recognised setting or URL.
        self.consumed_literals: set[tuple[int, int]] = set()
        #: ``DriverManager.getConnection`` calls, candidates at once.
        self.candidates: list[Candidate] = []
        #: Those calls, for helper methods (see :meth:`collect_helpers`).
        self.sinks: list[Node] = []
        #: The file's calls on each variable (node id), built on first need (``java_builders``).
        self.calls_by_var: dict[int, list[Node]] | None = None
        #: Variables of a type not tracked that a connection setter is called on
        #: (a project class extending HikariDataSource?), with those calls.
        self.untracked: dict[int, tuple[Var, list[Node]]] = {}
        self.evaluator = evaluator
        #: Whether a declared variable has a tracked type (see :meth:`_tracked_vars`).
        self._tracked: bool | None = None
        #: Their names (see :meth:`_tracked_names`).
        self._tracked_named: frozenset[str] | None = None

    def _tracked_vars(self) -> bool:
        """Whether a variable of the file has a tracked type, asked once: after
        the declarations, before :mod:`java_subclasses` retypes any (the setters
        are collected between the two; most calls of most files are on variables
        of no tracked type, each looked up for nothing).
        """
        if self._tracked is None:
            self._tracked = any(var.type in TRACKED_TYPES for var in self.symbols.vars.values())
        return self._tracked

    def _tracked_names(self) -> frozenset[str]:
        """The names of the variables of a tracked type, asked when :meth:`_tracked_vars` is."""
        if self._tracked_named is None:
            tracked = (var.name for var in self.symbols.vars.values() if var.type in TRACKED_TYPES)
            self._tracked_named = frozenset(tracked)
        return self._tracked_named

    def _setting(self, key: str, value_node: Node, location: Location, source: str) -> Setting:
        value = self.evaluate(value_node)
        self.consumed_literals |= value.literals
        text = value.text
        if text == DYNAMIC or (DYNAMIC in text and key.lower().endswith("password")):
            return Setting(key, None, location, source, None, self.source(value_node))
        span = value.span(self.path)
        stored: str | Secret = Secret(text, span) if key.lower().endswith("password") else text
        return Setting(key, stored, location, source, span, trail=tuple(value.hops))

    def keyed_location(self, args: list[Node]) -> Location:
        """Where a keyed setter's ``key, value`` arguments stand: a finding on the
        setting stands on the key that holds the option (issue 16, "How findings
        are placed"), also when the value comes from a constant.
        """
        start, end = self.location(args[0]), self.location(args[-1])
        return Location(self.path, start.line, start.column, end.end_line, end.end_column)

    def setting(self, key: str, value_node: Node, location: Location, source: str) -> Setting:
        """The setting ``key`` = the value of ``value_node`` (a builder's method)."""
        return self._setting(key, value_node, location, source)

    def config(self, var: Var, kind: str) -> Config:
        """The configuration collected on ``var`` (made on first use)."""
        config = self.configs.get(var.node.id)
        if config is None:
            config = Config(var, kind, self.location(var.node))
            self.configs[var.node.id] = config
        return config

    def _set_url(self, config: Config, node: Node) -> None:
        value = self.evaluate(node)
        config.url = value.span(self.path)
        config.url_literals |= value.literals
        config.url_trail = list(value.hops)
        config.urls.append((config.url, config.url_trail))

    def setter_names(self) -> frozenset[str] | None:
        """The method names of the calls :meth:`collect_setter` can record here
        (None: any).  Without a variable of a tracked type, only ``System``'s
        properties and the setters that ask for a subclass are read: most calls
        of most files are screened by their name, without a look at the receiver.
        """
        return None if self._tracked_vars() else _UNTRACKED_SETTERS

    def collect_setter(self, call: Node, name: str | None = None) -> Setting | None:
        """Record a setter call on a tracked variable; return a JVM setting if it is one
        (``name``: the call's method name, when the caller has it already).
        """
        if name is None:
            name_node = call.child_by_field_name("name")
            if name_node is None:
                return None
            name = self.source(name_node)
        obj = call.child_by_field_name("object")
        if obj is None or obj.type not in _RECEIVERS:
            return None  # nothing a variable is: not tracked, not System's properties
        # Arguments and location only for calls that may matter: this runs for
        # every call of the file, and most receivers are not tracked.
        receiver = self.source(obj) if name in ("setProperty", "put") else ""
        if (name == "setProperty" and receiver == "System") or (
            name in ("setProperty", "put") and receiver in _SYSTEM_PROPERTIES
        ):
            args = arguments(call)
            if len(args) == 2:
                key = self.evaluate(args[0]).text
                if key.startswith("javax.net.ssl."):
                    return self._setting(key, args[1], self.location(call), f"{receiver}.{name}")
                return None
        if name not in SUBCLASS_HINTS:
            if not self._tracked_vars():
                return None  # no variable of the file has a tracked type: nothing to look up
            if obj.type == "identifier" and self.source(obj) not in self._tracked_names():
                return None  # a variable is found by its name: none of a tracked type has this one
        var = self.symbols.resolve(obj)
        if var is None:
            return None
        if var.type not in TRACKED_TYPES:
            if name in SUBCLASS_HINTS and var.type is not None and var.type[:1].isupper():
                self.untracked.setdefault(var.node.id, (var, []))[1].append(call)
            return None
        self.apply_call(var, name, call)
        return None

    def jvm_states(self, settings: list[Setting], calls: list[Node]) -> list[list[Setting]]:
        """The JVM properties of each state the file's ``System.setProperty``
        calls (``calls``, giving ``settings``) can leave: one under a branch of
        its method is in one state and not in the other (issue 16, "a branch
        gives outcomes, not a pick"; the JVM trust store with and without).
        """
        choices: dict[int, tuple[Choice, ...]] = {}
        for index, call in enumerate(calls):
            placed = choices_of(call, self.symbols.parent, _nowhere)
            if placed:
                choices[index] = placed
        return settings_outcomes(settings, choices)

    def apply_call(self, var: Var, name: str, call: Node) -> None:
        """Record what call ``name`` does to the tracked object ``var`` (a
        variable, or a subclass's constructor calling its inherited setters).
        """
        config = self.configs.get(var.node.id)
        before = len(config.settings) if config is not None else 0
        self._apply_call(var, name, call)
        config = self.configs.get(var.node.id)
        if config is None or config.kind == "properties" or len(config.settings) == before:
            return
        added = [
            i for i in range(before, len(config.settings)) if is_mysql_family_tls_key(config.settings[i].key)
        ]
        if added:
            choices = setter_choices(var, call, self.symbols.parent)
            if choices:
                config.choices.update(dict.fromkeys(added, choices))

    def _take_properties(self, config: Config, node: Node, at: Node | None, use: Node) -> None:
        """Add the settings of the ``Properties`` ``node`` to ``config`` (an object
        that takes them at ``use``), each set under a branch with its choices.
        """
        for setting, choices in self.states.placed(node, at, use):
            if choices:
                config.choices[len(config.settings)] = choices
            config.settings.append(setting)

    def _apply_call(self, var: Var, name: str, call: Node) -> None:
        args = arguments(call)
        location = self.location(call)
        if var.type in PROPERTIES_TYPES:
            config = self.config(var, "properties")
            if name in ("setProperty", "put") and len(args) == 2:
                key = self.evaluate(args[0]).text
                if key and DYNAMIC not in key:
                    setting = self._setting(key, args[1], self.keyed_location(args), f"Properties.{name}")
                    config.settings.append(setting)
                    config.events.append(PropertiesEvent(call.start_byte, "set", key, setting, call=call))
                elif key:
                    config.events.append(PropertiesEvent(call.start_byte, "unknown"))
            elif name == "remove" and len(args) == 1:
                key = self.evaluate(args[0]).text
                op = "remove" if DYNAMIC not in key else "unknown"
                config.events.append(PropertiesEvent(call.start_byte, op, key, call=call))
            elif name == "clear" and not args:
                config.events.append(PropertiesEvent(call.start_byte, "clear"))
            elif name == "putAll" and len(args) == 1:
                config.events.append(PropertiesEvent(call.start_byte, "putAll", other=args[0]))
        elif var.type in AWS_TYPES:
            self._aws_setter(var, name, args, location)
        elif var.type in HIKARI_TYPES:
            self._hikari_setter(var, name, args, location)
        elif var.type in POOL_TYPES:
            self._pool_setter(var, name, args, location)
        elif setter_effect("datasource", name, len(args)) is not None:
            self._apply(var, "datasource", name, args, location)
        elif name == "getConnection" and len(args) == 2:
            config = self.config(var, "datasource")
            config.settings.append(self._setting("user", args[0], location, f"{var.type}.getConnection"))
            config.settings.append(self._setting("password", args[1], location, f"{var.type}.getConnection"))

    def _hikari_setter(self, var: Var, name: str, args: list[Node], location: Location) -> None:
        if name == "setDataSourceClassName" and len(args) == 1:
            value = self.evaluate(args[0])
            if DYNAMIC in value.text:  # AwsWrapperDataSource.class.getName(): the class as written
                value = self.evaluator.verbatim(args[0])
            self.consumed_literals |= value.literals
            self.config(var, "hikari").parts["dataSourceClassName"] = value
            return
        config = self.configs.get(var.node.id)
        named = config.parts.get("dataSourceClassName") if config is not None else None
        if name == "addDataSourceProperty" and len(args) == 2 and named is not None and _is_aws(named.text):
            part = _HIKARI_AWS_PARTS.get(self.evaluate(args[0]).text)
            if part is not None and config is not None:
                value = self.evaluate(args[1])
                self.consumed_literals |= value.literals
                config.parts[part] = value
                return
        self._apply(var, "hikari", name, args, location)

    def data_source_url(self, config: Config) -> tuple[bool, Span | None]:
        """A HikariCP configuration without a JDBC URL whose ``dataSourceClassName``
        names the data source: (whether it is a MySQL-family one, the URL an
        AwsWrapperDataSource's properties make).  Without a class name: (True, None).
        """
        named = config.parts.get("dataSourceClassName")
        if named is None:
            return True, None
        if _is_aws(named.text):
            url = self.aws_url(config)
            return url is not None, url
        text = named.text.lower()
        return DYNAMIC in text or "mysql" in text or "mariadb" in text, None

    def _apply(self, var: Var, kind: str, name: str, args: list[Node], location: Location) -> None:
        """A setter of a HikariCP, ``DataSource`` or pool variable (jvm_setters' table)."""
        effect = setter_effect(kind, name, len(args))
        if effect is None:
            return
        source = f"{var.type}.{name}"
        if effect.effect == "url":
            self._set_url(self.config(var, kind), args[0])
        elif effect.effect == "setting" and effect.key is not None:
            self.config(var, kind).settings.append(self._setting(effect.key, args[0], location, source))
        elif effect.effect == "keyed":
            key = self.evaluate(args[0]).text
            if key and DYNAMIC not in key:
                setting = self._setting(key, args[1], self.keyed_location(args), source)
                self.config(var, kind).settings.append(setting)
        elif effect.effect == "properties-string" and not self.states.is_properties(args[0]):
            # "k=v;k2=v2", split by the pool into driver properties (DBCP, Druid, Tomcat).
            value = self.evaluate(args[0])
            settings = connection_property_settings(value, self.path, location, source)
            self.config(var, kind).settings.extend(settings)

    def _aws_setter(self, var: Var, name: str, args: list[Node], location: Location) -> None:
        config = self.config(var, "aws")
        source = f"{var.type}.{name}"
        if len(args) != 1:
            if name == "getConnection" and len(args) == 2:
                config.settings.append(self._setting("user", args[0], location, source))
                config.settings.append(self._setting("password", args[1], location, source))
            return
        if name in ("setJdbcUrl", "setUrl", "setURL"):
            self._set_url(config, args[0])
        elif name in _AWS_PARTS or name == "setTargetDataSourceClassName":
            value = self.evaluate(args[0])
            self.consumed_literals |= value.literals
            config.parts[name] = value
        elif name == "setUser":
            config.settings.append(self._setting("user", args[0], location, source))
        elif name == "setPassword":
            config.settings.append(self._setting("password", args[0], location, source))

    def aws_url(self, config: Config) -> Span | None:
        """The URL an AwsWrapperDataSource without ``setJdbcUrl`` connects to:
        ``jdbc:aws-wrapper:`` + the protocol's driver + ``//server:port/database``
        (the wrapper's ``DataSourceConfigHelper.resolveFinalUrl``), its driver
        from ``setJdbcProtocol`` or else the target data source class; None for
        another database (PostgreSQL) or when neither says.
        """
        protocol = config.parts.get("setJdbcProtocol")
        target = config.parts.get("setTargetDataSourceClassName")
        family = target_family(
            protocol.text if protocol is not None else None, target.text if target is not None else None
        )
        if family is None:
            return None
        point = self.positions.point_at(config.var.node.start_byte)
        out = JavaText()
        out.add_at(f"jdbc:aws-wrapper:{family}://", point)
        server = config.parts.get("setServerName")
        out.extend(server if server is not None else _unknown_at(point))
        port = config.parts.get("setServerPort")
        if port is not None:
            out.add_at(":", point)
            out.extend(port)
        out.add_at("/", point)
        database = config.parts.get("setDatabase")
        if database is not None:
            out.extend(database)
        config.url_trail = list(out.hops)
        return out.span(self.path)

    def hikari_from_properties(self, var: Var, creation: Node) -> None:
        """``new HikariConfig(props)``: HikariCP reads ``jdbcUrl``, ``username``,
        ``password`` and hands ``dataSource.<prop>`` to the driver (PropertyElf).
        """
        if creation.type != "object_creation_expression":
            return
        args = arguments(creation)
        if len(args) != 1 or not self.states.is_properties(args[0]):
            return
        config = self.config(var, "hikari")
        for setting, choices in self.states.placed(args[0], None, creation):
            key = hikari_setting_key(setting.key)
            if key == "url":
                config.url = setting.value_span
            elif key is not None:
                if choices:
                    config.choices[len(config.settings)] = choices
                config.settings.append(replace(setting, key=key))

    def _pool_setter(self, var: Var, name: str, args: list[Node], location: Location) -> None:
        self._apply(var, "pool", name, args, location)

    def collect_consumer(self, call: Node, name: str | None = None) -> None:
        """``DriverManager.getConnection`` and ``setDataSourceProperties`` (``name``:
        the call's method name, when the caller has it already).
        """
        if name is None:
            name_node = call.child_by_field_name("name")
            if name_node is None:
                return
            name = self.source(name_node)
        if name not in CONSUMER_METHODS:
            return  # the arguments of every other call are not read
        obj = call.child_by_field_name("object")
        args = arguments(call)
        if name == "setDataSourceProperties" and len(args) == 1:
            var = self.symbols.resolve(obj)
            if var is not None and var.type in HIKARI_TYPES:
                self._take_properties(self.config(var, "hikari"), args[0], None, call)
            return
        if name == "setTargetDataSourceProperties" and len(args) == 1:
            var = self.symbols.resolve(obj)
            if var is not None and var.type in AWS_TYPES:
                self._take_properties(self.config(var, "aws"), args[0], call, call)
            return
        if name in _POOL_PROPERTIES_METHODS and len(args) == 1:
            var = self.symbols.resolve(obj)
            if var is not None and var.type in POOL_TYPES and self.states.is_properties(args[0]):
                self._take_properties(self.config(var, "pool"), args[0], None, call)
            return
        if (
            name != "getConnection"
            or obj is None
            or not self.source(obj).endswith("DriverManager")
            or not args
        ):
            return
        self.sinks.append(call)
        self._connect(call, args, self.location(call))

    def _connect(self, call: Node, args: list[Node], location: Location) -> int:
        """Candidates of one ``DriverManager.getConnection(url[, props | user, password])``
        (one per value the URL can take); how many.
        """
        urls = self.outcomes(args[0])
        # One state of the properties per branch that sets a TLS key (issue 16, item 1).
        states: list[list[Setting]] = [[]]
        if len(args) == 2:
            states = self.states.outcomes_of(args[1], call)
        elif len(args) == 3:
            states = [
                [
                    self._setting("user", args[1], location, "DriverManager.getConnection"),
                    self._setting("password", args[2], location, "DriverManager.getConnection"),
                ]
            ]
        spans: list[Span] = []
        for url in urls:  # one connection per value the URL can take (branches)
            if not mysql_family(url.text):
                continue
            self.consumed_literals |= url.literals
            span = url.span(self.path)
            if span in spans:
                continue
            spans.append(span)
            for settings in states:
                self.candidates.append(
                    Candidate(
                        CandidateKind.JDBC,
                        location,
                        url=span,
                        settings=tuple(settings),
                        trail=tuple(url.hops),
                    )
                )
        return len(spans)

    # -- helper methods -----------------------------------------------------

    def collect_helpers(self, invocations: list[Node]) -> None:
        """A method whose parameter reaches ``DriverManager.getConnection`` is a
        sink too: each call of it in this file with known arguments is a
        connection, located at the argument that carries the URL (or the call),
        and the helper's own connection (its URL unknown) is then dropped.
        """
        if not self.sinks:
            return
        by_name: dict[str, list[Node]] = {}
        for call in invocations:
            obj = call.child_by_field_name("object")
            name = call.child_by_field_name("name")
            if name is not None and (obj is None or obj.type == "this"):
                by_name.setdefault(self.source(name), []).append(call)
        for sink in self.sinks:
            helper = self._helper_of(sink)
            if helper is None:
                continue
            method, params = helper
            name = method.child_by_field_name("name")
            sites = by_name.get(self.source(name), []) if name is not None else []
            made = 0
            own = [c for c in self.candidates if c.location == self.location(sink)]
            for site in sites[:_MAX_HELPER_SITES]:
                budget.check()
                args = arguments(site)
                if len(args) != len(params) or method.start_byte <= site.start_byte < method.end_byte:
                    continue  # another overload, or a recursive call
                made += self._connect_through(sink, site, dict(zip(params, args, strict=True)))
            if made:
                self.candidates = [c for c in self.candidates if not any(c is o for o in own)]

    def collect_project_helpers(self, invocations: list[Node], names: list[str | None] | None = None) -> None:
        """Calls of a method of another file of the project whose parameter
        reaches ``DriverManager.getConnection`` there: each call with known
        arguments is a connection, located at the argument that carries the URL
        (or the call), with the helper's connection call as a hop (``names``:
        each call's method name, when the caller has read them).
        """
        resolver = self.evaluator.resolver
        if resolver is None:
            return
        if names is None:
            names = [call_name(call, self.source) for call in invocations]
        # Most calls of a file: the name of no helper, screened by a set lookup (issue 15).
        screened = resolver.helper_screen(names)
        for call, called in zip(invocations, names, strict=True):
            if called is None or (screened is not None and called not in screened):
                continue
            args = arguments(call)
            if not args or all(a.type not in _KNOWN_ARGUMENTS for a in args):
                continue
            budget.check()
            reached = resolver.helper_sinks(call, args)
            if reached:  # most calls of a file: no helper
                self._through_helper(call, args, reached, call.child_by_field_name("name") or call)

    def collect_project_constructors(self, creations: list[Node]) -> None:
        """``new X(…)`` whose constructor (of a class of the project) hands a
        parameter to a connection sink: each with known arguments is a
        connection, as a call of a helper method is (``java_helper_constructors``).
        """
        resolver = self.evaluator.resolver
        if resolver is None or not creations:
            return
        from connlint.frontends.java_helper_constructors import constructor_sinks

        for creation in creations:
            args = arguments(creation)
            if not args or all(a.type not in _KNOWN_ARGUMENTS for a in args):
                continue
            budget.check()
            reached = constructor_sinks(resolver, creation, len(args))
            if reached:
                self._through_helper(
                    creation, args, reached, creation.child_by_field_name("type") or creation
                )

    def _through_helper(
        self, call: Node, args: list[Node], reached: tuple[HelperSink, ...], name: Node
    ) -> None:
        """The connections of a call reaching helpers of the project (``reached``),
        each at the argument that carries its URL (``name``: what the call names).
        """
        from connlint.frontends.java_helper_chains import over_unknown_base
        from connlint.frontends.java_helper_templates import PLACEHOLDER, instantiate

        sinks = [s for s in reached if self._fits(s, args)]
        if len(sinks) > 1:
            # Overloads that take settings first: of two giving one URL, the one with them stands.
            sinks.sort(key=lambda s: s.properties is None and not s.lists)
        if not sinks:
            return
        values = [self.evaluate(arg) for arg in args]
        handed = [
            s.properties
            for s in sinks
            if s.properties is not None
            and s.properties < len(args)
            and self.states.is_properties(args[s.properties])
        ]
        if not handed and all(not value.text.strip(DYNAMIC) for value in values):
            return  # nothing known: the helper's own file reports its connection
        point = self.positions.point_at(name.start_byte)
        emitted: list[Span] = []
        for sink in sinks:
            settings: list[Setting] = []
            # One state of the Properties per branch that sets a TLS key (issue 16, item 1).
            states: list[list[Setting]] = [[]]
            if sink.properties is not None and sink.properties in handed:
                states = self.states.outcomes_of(args[sink.properties], call)
                settings = states[0]
            listed = [arg for i, arg in enumerate(args) if any(i == j for j, _, _ in sink.lists)]
            for index, pairs, equals in sink.lists:
                if index < len(args):
                    # "useSSL=false,allowPublicKeyRetrieval=true": driver properties, split by the helper
                    here = self.location(args[index])
                    source = f"helper list {self.source(name)}()"
                    listed_settings = connection_property_settings(
                        values[index], self.path, here, source, pairs, equals
                    )
                    settings = settings + listed_settings
                    states = [state + listed_settings for state in states]
                    self.consumed_literals |= values[index].literals
            for template in sink.templates:
                url = instantiate(template, values, point)
                if sink.scheme is not None and not looks_like_jdbc_url(url.text):
                    # mDefUrl + "&" + option: the base not known, its scheme is
                    url = over_unknown_base(url, sink.scheme, point) or url
                if not (looks_like_jdbc_url(url.text) or (settings and mysql_family(url.text))):
                    continue
                carrier = next(
                    (a for i, a in enumerate(args) if chr(PLACEHOLDER + i) in template),
                    listed[0] if listed else call,
                )
                span = url.span(self.path)
                if span in emitted:
                    continue
                emitted.append(span)
                self.consumed_literals |= url.literals
                # The argument's own steps (constants) lead here; the helpers it
                # is handed to follow, outermost first, to the connection call.
                helpers = (*sink.inner, Hop(sink.origin, sink.label))
                trail = (*url.hops, *(replace(h, after=True) for h in reversed(helpers)))
                self.candidates.extend(
                    Candidate(
                        CandidateKind.JDBC,
                        self.location(carrier),
                        url=span,
                        settings=tuple(state),
                        trail=trail,
                    )
                    for state in states
                )

    def _fits(self, sink: HelperSink, args: list[Node]) -> bool:
        """Whether a helper's overload takes these arguments: a ``Properties``
        where it wants one, and not where it wants a ``"k=v,…"`` list.
        """
        for index, _, _ in sink.lists:
            if index < len(args) and self.states.is_properties(args[index]):
                return False
        handed = sink.properties
        return (
            handed is None
            or handed >= len(args)
            or args[handed].type not in ("string_literal", "binary_expression")
        )

    def _connect_through(self, sink: Node, site: Node, bindings: dict[int, Node]) -> int:
        """The sink's connections with the helper's parameters bound to a call's arguments."""
        sink_args = arguments(sink)
        url_arg = sink_args[0] if sink_args else None
        url_param = (
            self.symbols.resolve(url_arg) if url_arg is not None and url_arg.type == "identifier" else None
        )
        carrier = bindings.get(url_param.node.id) if url_param is not None else None
        location = self.location(carrier if carrier is not None else site)
        with self.evaluator.bound(bindings, site):
            if all(self._unknown(arg) for arg in bindings.values()):
                return 0
            return self._connect(sink, sink_args, location)

    def _unknown(self, arg: Node) -> bool:
        """An argument whose value says nothing (a parameter, a call)."""
        return arg.type not in ("string_literal", "binary_expression", "identifier", "field_access") or (
            arg.type == "identifier" and self.symbols.resolve(arg) is None
        )

    def _helper_of(self, sink: Node) -> tuple[Node, list[int]] | None:
        """The method around ``sink`` and its parameters (Var node ids), when a
        parameter is among the sink's arguments.
        """
        method: Node | None = self.symbols.parent(sink)
        for _ in range(256):
            if method is None or method.type in ("method_declaration", "class_body", "lambda_expression"):
                break
            method = self.symbols.parent(method)
        if method is None or method.type != "method_declaration":
            return None
        parameters = method.child_by_field_name("parameters")
        if parameters is None:
            return None
        params: list[int] = []
        for param in parameters.named_children:
            if param.type != "formal_parameter":
                return None  # varargs, receiver parameters: not followed
            params.append(param.id)
        if not params:
            return None
        uses = {var.node.id for arg in arguments(sink) for var in self._names_in(arg)}
        return (method, params) if uses & set(params) else None

    def _names_in(self, node: Node) -> list[Var]:
        """The variables the identifiers of an expression name (bounded)."""
        out: list[Var] = []
        for count, inner in enumerate(walk(node)):
            if count > _MAX_HELPER_NODES:
                break
            if inner.type == "identifier" and (var := self.symbols.resolve(inner)) is not None:
                out.append(var)
        return out


def _unknown_at(point: tuple[int, int]) -> JavaText:
    out = JavaText()
    out.add(DYNAMIC, point)
    return out


def _is_aws(class_name: str) -> bool:
    return "AwsWrapperDataSource" in class_name


def _nowhere(construct: Node) -> bool:
    """No construct holds the JVM: each branch of a method is a choice."""
    del construct
    return False
