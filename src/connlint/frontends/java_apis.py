"""The Java APIs that configure a MySQL-family connection, recognised on the
variables of one file: ``Properties`` (``setProperty`` / ``put``),
``DriverManager.getConnection``, HikariCP, the drivers' ``DataSource`` setters,
connection pools, and ``System.setProperty`` of the JVM's trust store.

Each tracked variable collects its settings in a :class:`Config`; the
front-end (``java.py``) decides which of them become candidates.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from tree_sitter import Node

from connlint.clients.jdbc_url import looks_like_jdbc_url
from connlint.frontends.java_symbols import Symbols, Var
from connlint.frontends.java_syntax import arguments
from connlint.frontends.java_values import Evaluator
from connlint.frontends.spring import connection_property_settings, hikari_setting_key
from connlint.frontends.ts_positions import TreePositions
from connlint.model import DYNAMIC, Candidate, Client, Location, Secret, Setting, Span

#: Declared types whose ``setProperty`` / ``put`` calls carry driver properties.
PROPERTIES_TYPES = frozenset({"Properties"})
#: HikariCP configuration objects.
HIKARI_TYPES = frozenset({"HikariConfig", "HikariDataSource"})
#: MySQL Connector/J (5.1 and 8.x share the simple names) and MariaDB Connector/J data sources.
DATASOURCE_TYPES = frozenset(
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
TRACKED_TYPES = PROPERTIES_TYPES | HIKARI_TYPES | DATASOURCE_TYPES | POOL_TYPES


@dataclass
class Config:
    """What the calls on one tracked variable set."""

    var: Var
    kind: str
    location: Location
    url: Span | None = None
    url_literals: set[tuple[int, int]] = field(default_factory=set)
    settings: list[Setting] = field(default_factory=list)
    consumed: bool = False


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
        #: Literals (byte ranges) that are part of a recognised setting or URL.
        self.consumed_literals: set[tuple[int, int]] = set()
        #: ``DriverManager.getConnection`` calls, candidates at once.
        self.candidates: list[Candidate] = []

    def _setting(self, key: str, value_node: Node, location: Location, source: str) -> Setting:
        value = self.evaluate(value_node)
        self.consumed_literals |= value.literals
        text = value.text
        if text == DYNAMIC or (DYNAMIC in text and key.lower().endswith("password")):
            return Setting(key, None, location, source, None, self.source(value_node))
        span = value.span(self.path)
        stored: str | Secret = Secret(text, span) if key.lower().endswith("password") else text
        return Setting(key, stored, location, source, span)

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

    def collect_setter(self, call: Node) -> Setting | None:
        """Record a setter call on a tracked variable; return a JVM setting if it is one."""
        name_node = call.child_by_field_name("name")
        obj = call.child_by_field_name("object")
        if name_node is None:
            return None
        name = self.source(name_node)
        args = arguments(call)
        location = self.location(call)
        if name == "setProperty" and obj is not None and self.source(obj) == "System" and len(args) == 2:
            key = self.evaluate(args[0]).text
            if key.startswith("javax.net.ssl."):
                return self._setting(key, args[1], location, "System.setProperty")
            return None
        var = self.symbols.resolve(obj)
        if var is None or var.type not in TRACKED_TYPES:
            return None
        if var.type in PROPERTIES_TYPES:
            if name in ("setProperty", "put") and len(args) == 2:
                key = self.evaluate(args[0]).text
                if key and DYNAMIC not in key:
                    config = self.config(var, "properties")
                    config.settings.append(self._setting(key, args[1], location, f"Properties.{name}"))
        elif var.type in HIKARI_TYPES:
            self._hikari_setter(var, name, args, location)
        elif var.type in POOL_TYPES:
            self._pool_setter(var, name, args, location)
        elif name.startswith("set") and len(name) > 3 and len(args) == 1:
            config = self.config(var, "datasource")
            if name in ("setURL", "setUrl"):
                self._set_url(config, args[0])
            else:
                key = name[3].lower() + name[4:]
                config.settings.append(self._setting(key, args[0], location, f"{var.type}.{name}"))
        elif name == "getConnection" and len(args) == 2:
            config = self.config(var, "datasource")
            config.settings.append(self._setting("user", args[0], location, f"{var.type}.getConnection"))
            config.settings.append(self._setting("password", args[1], location, f"{var.type}.getConnection"))
        return None

    def _hikari_setter(self, var: Var, name: str, args: list[Node], location: Location) -> None:
        source = f"{var.type}.{name}"
        if name == "setJdbcUrl" and len(args) == 1:
            self._set_url(self.config(var, "hikari"), args[0])
        elif name == "addDataSourceProperty" and len(args) == 2:
            key = self.evaluate(args[0]).text
            if key and DYNAMIC not in key:
                self.config(var, "hikari").settings.append(self._setting(key, args[1], location, source))
        elif name == "setUsername" and len(args) == 1:
            self.config(var, "hikari").settings.append(self._setting("user", args[0], location, source))
        elif name == "setPassword" and len(args) == 1:
            self.config(var, "hikari").settings.append(self._setting("password", args[0], location, source))

    def hikari_from_properties(self, var: Var, creation: Node) -> None:
        """``new HikariConfig(props)``: HikariCP reads ``jdbcUrl``, ``username``,
        ``password`` and hands ``dataSource.<prop>`` to the driver (PropertyElf).
        """
        if creation.type != "object_creation_expression":
            return
        args = arguments(creation)
        if len(args) != 1 or not self._is_properties(args[0]):
            return
        config = self.config(var, "hikari")
        for setting in self._properties_of(args[0]):
            key = hikari_setting_key(setting.key)
            if key == "url":
                config.url = setting.value_span
            elif key is not None:
                config.settings.append(replace(setting, key=key))

    def _pool_setter(self, var: Var, name: str, args: list[Node], location: Location) -> None:
        source = f"{var.type}.{name}"
        if len(args) == 1 and name in ("setUrl", "setURL", "setJdbcUrl"):
            self._set_url(self.config(var, "pool"), args[0])
        elif len(args) == 1 and name in ("setUsername", "setUser"):
            self.config(var, "pool").settings.append(self._setting("user", args[0], location, source))
        elif len(args) == 1 and name == "setPassword":
            self.config(var, "pool").settings.append(self._setting("password", args[0], location, source))
        elif len(args) == 1 and name == "setConnectionProperties" and not self._is_properties(args[0]):
            # "k=v;k2=v2", split by the pool into driver properties (DBCP, Druid, Tomcat).
            value = self.evaluate(args[0])
            settings = connection_property_settings(value, self.path, location, source)
            self.config(var, "pool").settings.extend(settings)
        elif len(args) == 2 and name == "addConnectionProperty":
            key = self.evaluate(args[0]).text
            if key and DYNAMIC not in key:
                self.config(var, "pool").settings.append(self._setting(key, args[1], location, source))

    def _is_properties(self, node: Node) -> bool:
        var = self.symbols.resolve(node)
        return var is not None and var.type in PROPERTIES_TYPES

    def _properties_of(self, node: Node) -> list[Setting]:
        var = self.symbols.resolve(node)
        if var is None or var.type not in PROPERTIES_TYPES:
            return []
        config = self.configs.get(var.node.id)
        if config is None:
            return []
        config.consumed = True
        return list(config.settings)

    def collect_consumer(self, call: Node) -> None:
        """``DriverManager.getConnection`` and ``setDataSourceProperties``."""
        name_node = call.child_by_field_name("name")
        obj = call.child_by_field_name("object")
        if name_node is None:
            return
        name = self.source(name_node)
        args = arguments(call)
        if name == "setDataSourceProperties" and len(args) == 1:
            var = self.symbols.resolve(obj)
            if var is not None and var.type in HIKARI_TYPES:
                self.config(var, "hikari").settings.extend(self._properties_of(args[0]))
            return
        if name in _POOL_PROPERTIES_METHODS and len(args) == 1:
            var = self.symbols.resolve(obj)
            if var is not None and var.type in POOL_TYPES and self._is_properties(args[0]):
                self.config(var, "pool").settings.extend(self._properties_of(args[0]))
            return
        if (
            name != "getConnection"
            or obj is None
            or not self.source(obj).endswith("DriverManager")
            or not args
        ):
            return
        urls = self.outcomes(args[0])
        location = self.location(call)
        settings: list[Setting] = []
        if len(args) == 2:
            settings = self._properties_of(args[1])
        elif len(args) == 3:
            settings = [
                self._setting("user", args[1], location, "DriverManager.getConnection"),
                self._setting("password", args[2], location, "DriverManager.getConnection"),
            ]
        spans: list[Span] = []
        for url in urls:  # one connection per value the URL can take (branches)
            if not mysql_family(url.text):
                continue
            self.consumed_literals |= url.literals
            span = url.span(self.path)
            if span not in spans:
                spans.append(span)
                self.candidates.append(Candidate(Client.JDBC, location, url=span, settings=tuple(settings)))
