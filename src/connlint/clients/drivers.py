"""The driver registry: every client connlint knows, declared once.

Each :class:`Driver` says how the driver is named (its id in
:attr:`Assumptions.versions <connlint.model.Assumptions.versions>` and in the
``<id>-version`` configuration key, its display name), how build files and
source name it (Maven ``group:artifact`` coordinates, also used by Gradle;
PyPI distribution names; the id the Python front-end gives its calls; JDBC URL
schemes; program names), the words that make a file worth reading for it, and
which module knows what its settings mean.  The tables the rest of connlint
used to keep by hand are derived from :data:`DRIVERS` by the functions below.

Adding a JDBC driver is one module implementing
:class:`connlint.clients.decisions.JdbcClient` plus one entry here.

Standard library only: ``connlint.config``, ``connlint.scope`` and the build
file readers import this module on every run (pre-commit latency), so it holds
names and strings, never a parser; modules are named as text and imported by
whoever needs them.
"""

from __future__ import annotations

import functools
import importlib
from typing import Literal

from connlint.lazy import dataclass

#: Where a driver's declared version is read from.
#: ``gem``, ``go``, ``nuget``, ``npm``, ``composer``: drivers configured by a
#: connection string or a configuration section (``CandidateKind.DRIVER_CONFIG``),
#: whose versions ``frontends/package_manifests.py`` reads (``composer`` not yet).
Ecosystem = Literal["maven", "pypi", "program", "gem", "go", "nuget", "npm", "composer"]
#: The ecosystems of drivers read by ``clients/driver_config.py``.
CONFIG_ECOSYSTEMS: frozenset[str] = frozenset({"gem", "go", "nuget", "npm", "composer"})

#: The URL families of the schemes below (:attr:`JdbcScheme.family`): which
#: driver's grammar and properties a URL speaks.  A new JDBC driver adds its own.
JdbcFamily = Literal["mysql", "mariadb", "mysqlx"]


@dataclass(frozen=True)
class JdbcScheme:
    """A JDBC (or X DevAPI) URL scheme: ``jdbc:<name>[+srv]:[<mode>:]``.

    ``family`` is :attr:`JdbcUrl.family <connlint.clients.jdbc_url.JdbcUrl.family>`;
    ``client`` names the :class:`~connlint.clients.decisions.JdbcClient` that
    reads URLs of this scheme, as ``"module:attribute"``.
    """

    family: JdbcFamily
    name: str
    client: str
    #: Under ``jdbc:``, where a logging wrapper's prefix (``jdbc:p6spy:``,
    #: ``jdbc:log4jdbc:``) may stand first; it is dropped before the URL reaches
    #: the driver, so the URL is the driver's own.
    jdbc: bool = True
    #: Has a DNS SRV variant (``jdbc:mysql+srv:``).
    srv: bool = False
    #: Multi-host modes written after the name (``jdbc:mysql:loadbalance:``).
    modes: tuple[str, ...] = ()
    #: Looked for inside longer text (``-Dspring.datasource.url=jdbc:…``); a
    #: scheme without ``jdbc:`` is too common a word for that.
    in_text: bool = True
    #: A wrapper driver's scheme (``jdbc:aws-wrapper:mysql:``): the URL is
    #: ``family``'s own and goes to the driver that reads that family, and
    #: ``client`` names the :class:`~connlint.clients.decisions.JdbcWrapper`
    #: saying what the wrapper changes on the way.
    wrapper: bool = False


@dataclass(frozen=True)
class Driver:
    """One driver or client program."""

    #: Key of :attr:`Assumptions.versions`; configured as ``<id>-version``.
    id: str
    #: Display name in findings and the inventory.
    name: str
    ecosystem: Ecosystem
    #: Names a build file declares it by: Maven/Gradle ``group:artifact``
    #: (relocations included), normalised PyPI distribution names.
    packages: tuple[str, ...] = ()
    #: The driver id the Python front-end puts on a call's candidate (the module
    #: its calls are made through).
    python_module: str | None = None
    schemes: tuple[JdbcScheme, ...] = ()
    programs: tuple[str, ...] = ()
    #: Simple names of the driver's own ``javax.sql.DataSource`` classes (Java
    #: code and Spring XML beans configure them with setters named after its
    #: properties).
    datasources: tuple[str, ...] = ()
    #: Lower-case words one of which a file that declares or uses it contains.
    trigger_words: tuple[str, ...] = ()
    #: ``"module:attribute"`` of the :class:`~connlint.clients.python_common.PythonDriver`
    #: that reads a Python driver's keyword arguments, or of the
    #: :class:`~connlint.clients.driver_config.ConfigClient` that reads a connection
    #: string or configuration section (None: not analysed).
    client: str | None = None
    #: Whether ``[tool.connlint]`` accepts ``<id>-version``.
    configurable: bool = True
    #: ``"module:function"``: why a declared version uses TLS by default and
    #: rejects an expired server certificate (CL102), or None.
    version_note: str | None = None


_CJ = "connlint.clients.connector_j"
_MARIADB_J = "connlint.clients.mariadb_j"
_AWS_WRAPPER = "connlint.clients.aws_wrapper:WRAPPER"

#: Every driver, in the order tables derived from them list them.
DRIVERS: tuple[Driver, ...] = (
    Driver(
        "connector-j",
        "MySQL Connector/J",
        "maven",
        # The artifact moved from mysql:mysql-connector-java to com.mysql:mysql-connector-j
        # at 8.0.31 (relocation POMs for 8.0.31-8.0.33): mysql-connector-j
        # src/build/misc/pom-relocation.xml @ 8.0.31, and
        # https://dev.mysql.com/doc/relnotes/connector-j/en/news-8-0-31.html
        packages=("com.mysql:mysql-connector-j", "mysql:mysql-connector-java"),
        schemes=(
            # Connector/J ConnectionUrl.Type (src/main/core-api/java/com/mysql/cj/conf/ConnectionUrl.java).
            JdbcScheme("mysql", "mysql", f"{_CJ}:CLASSIC", srv=True, modes=("loadbalance", "replication")),
            JdbcScheme("mysqlx", "mysqlx", f"{_CJ}:XDEVAPI", jdbc=False, srv=True, in_text=False),
        ),
        # com.mysql.cj.jdbc.MysqlDataSource and its pooled and XA subclasses
        # (src/main/user-impl/java/com/mysql/cj/jdbc/).
        datasources=("MysqlDataSource", "MysqlConnectionPoolDataSource", "MysqlXADataSource"),
        trigger_words=("mysql",),
        version_note=f"{_CJ}:tls_default_reason",
    ),
    Driver(
        "mariadb-java-client",
        "MariaDB Connector/J",
        "maven",
        packages=("org.mariadb.jdbc:mariadb-java-client",),
        schemes=(
            # mariadb-connector-j src/main/java/org/mariadb/jdbc/Configuration.java, class javadoc.
            JdbcScheme(
                "mariadb",
                "mariadb",
                f"{_MARIADB_J}:DRIVER",
                modes=("replication", "failover", "sequential", "loadbalance", "aurora"),
            ),
        ),
        # org.mariadb.jdbc.MariaDbDataSource and MariaDbPoolDataSource (3.x);
        # MariaDbConnectionPoolDataSource is 2.x's name.
        datasources=("MariaDbDataSource", "MariaDbPoolDataSource", "MariaDbConnectionPoolDataSource"),
        trigger_words=("mariadb",),
    ),
    Driver(
        "aws-advanced-jdbc-wrapper",
        "AWS Advanced JDBC Wrapper",
        "maven",
        # https://github.com/aws/aws-advanced-jdbc-wrapper README (Maven coordinates) and
        # docs/using-the-jdbc-driver/UsingTheJdbcDriver.md ("Wrapper Protocol"), tag 4.4.0.
        packages=("software.amazon.jdbc:aws-advanced-jdbc-wrapper",),
        schemes=(
            JdbcScheme("mysql", "aws-wrapper:mysql", _AWS_WRAPPER, wrapper=True),
            JdbcScheme("mariadb", "aws-wrapper:mariadb", _AWS_WRAPPER, wrapper=True),
        ),
        # Its schemes hold these words, and a build that declares it declares its target
        # driver (Connector/J or MariaDB Connector/J) too.
        trigger_words=("mysql", "mariadb"),
        # Its own version changes no TLS behaviour: the target driver's applies.
        configurable=False,
    ),
    Driver(
        "mysql-client",
        "MySQL client programs",
        "program",
        # The programs that share mysql-server include/sslopt-vars.h and sslopt-case.h
        # (https://github.com/mysql/mysql-server), plus MySQL Shell.
        programs=(
            "mysql",
            "mysqladmin",
            "mysqlbinlog",
            "mysqlcheck",
            "mysqldump",
            "mysqlimport",
            "mysqlpump",
            "mysqlsh",
            "mysqlshow",
            "mysqlslap",
            # mysql_upgrade (5.7, 8.0 before 8.0.16 did the upgrade itself) connects with
            # the same --ssl* options (https://dev.mysql.com/doc/refman/5.7/en/mysql-upgrade.html).
            "mysql_upgrade",
            # Percona XtraBackup takes the MySQL client's TLS options (--ssl-mode, --ssl-ca…:
            # https://docs.percona.com/percona-xtrabackup/8.0/xtrabackup-option-reference.html);
            # it connects with --backup only (see mysql_cli).
            "xtrabackup",
        ),
        trigger_words=("mysql",),
    ),
    Driver(
        "mariadb-client",
        "MariaDB client programs",
        "program",
        # MariaDB 10.4+ names (https://mariadb.com/kb/en/clients-utilities/); the
        # mysql* names are symlinks to them.
        programs=(
            "mariadb",
            "mariadb-admin",
            "mariadb-binlog",
            "mariadb-check",
            "mariadb-dump",
            "mariadb-import",
            "mariadb-show",
            "mariadb-slap",
            # mariadb-upgrade runs mariadb and mariadb-check with its own --ssl options
            # (https://mariadb.com/kb/en/mariadb-upgrade/).
            "mariadb-upgrade",
            # mariadb-backup (mariabackup before 10.5) takes the MariaDB clients' --ssl
            # options (https://mariadb.com/docs/ent/ref/mdb/cli/mariadb-backup/ssl/);
            # it connects with --backup only (see mysql_cli).
            "mariadb-backup",
            "mariabackup",
        ),
        trigger_words=("mariadb",),
    ),
    Driver(
        "pymysql",
        "PyMySQL",
        "pypi",
        ("pymysql",),
        "pymysql",
        trigger_words=("mysql",),
        client="connlint.clients.pymysql_driver:verdict",
    ),
    Driver(
        "mysql-connector-python",
        "mysql-connector-python",
        "pypi",
        ("mysql-connector-python",),
        "mysql.connector",
        trigger_words=("mysql",),
        client="connlint.clients.mysql_connector_driver:verdict",
    ),
    Driver(
        "mysqlclient",
        "mysqlclient",
        "pypi",
        ("mysqlclient",),
        "MySQLdb",
        trigger_words=("mysql",),
        client="connlint.clients.mysqlclient_driver:verdict",
    ),
    Driver(
        "aiomysql",
        "aiomysql",
        "pypi",
        ("aiomysql",),
        "aiomysql",
        trigger_words=("mysql",),
        client="connlint.clients.aiomysql_driver:verdict",
    ),
    Driver(
        "asyncmy",
        "asyncmy",
        "pypi",
        ("asyncmy",),
        "asyncmy",
        trigger_words=("asyncmy",),
        client="connlint.clients.asyncmy_driver:verdict",
    ),
    # Debezium's connectors (clients/debezium.py): the version decides the default
    # mode; Maven coordinates https://central.sonatype.com/namespace/io.debezium.
    Driver(
        "debezium-mysql",
        "Debezium MySQL connector",
        "maven",
        ("io.debezium:debezium-connector-mysql",),
        trigger_words=("mysql",),
    ),
    Driver(
        "debezium-mariadb",
        "Debezium MariaDB connector",
        "maven",
        ("io.debezium:debezium-connector-mariadb",),
        trigger_words=("mariadb",),
    ),
    # X DevAPI for Python: lib/mysqlx/ of mysql-connector-python up to 8.2.0, the
    # mysqlx-connector-python distribution from 8.3.0; the same TLS rules since 8.0.5.
    Driver(
        "mysqlx",
        "MySQL X DevAPI for Python",
        "pypi",
        ("mysqlx-connector-python",),
        "mysqlx",
        trigger_words=("mysql",),  # in "mysqlx"
        client="connlint.clients.mysqlx_driver:verdict",
        configurable=False,
    ),
    # The binlog client Debezium uses (clients/debezium.py): the maintained
    # osheroff fork's coordinates (its pom.xml); the original
    # com.github.shyiko group has the same artifact id, which the Maven front-end's
    # artifact -> group table cannot hold twice.
    Driver(
        "mysql-binlog-connector-java",
        "mysql-binlog-connector-java",
        "maven",
        ("com.zendesk:mysql-binlog-connector-java",),
        trigger_words=("mysql",),
        configurable=False,
    ),
    # No version facts yet: not read from dependency files, no version key.
    Driver(
        "mariadb",
        "MariaDB Connector/Python",
        "pypi",
        python_module="mariadb",
        trigger_words=("mariadb",),
        configurable=False,
    ),
    # Drivers configured by a connection string or a configuration section
    # (CandidateKind.DRIVER_CONFIG, clients/driver_config.py); their versions come
    # from Gemfile.lock, go.mod, *.csproj / packages.lock.json and package.json /
    # package-lock.json (frontends/package_manifests.py: names "<ecosystem>:<name>").
    Driver(
        "mysql2-gem",
        "mysql2 (Rails)",
        "gem",
        ("gem:mysql2",),
        trigger_words=("mysql",),
        client="connlint.clients.rails_mysql2:CLIENT",
        configurable=False,
    ),
    Driver(
        "trilogy",
        "trilogy (Rails)",
        "gem",
        ("gem:trilogy",),
        trigger_words=("trilogy",),
        client="connlint.clients.rails_trilogy:CLIENT",
        configurable=False,
    ),
    Driver(
        "go-sql-driver-mysql",
        "go-sql-driver/mysql",
        "go",
        ("go:github.com/go-sql-driver/mysql",),
        # A DSN names its network: user:pass@tcp(host:3306)/db
        trigger_words=("@tcp(", "@unix("),
        client="connlint.clients.go_mysql:CLIENT",
        configurable=False,
    ),
    Driver(
        "mysql-dotnet",
        "MySqlConnector / Connector/NET",
        "nuget",
        trigger_words=("mysql", "sslmode"),
        client="connlint.clients.dotnet_mysql:CLIENT",
        configurable=False,
    ),
    # The two .NET libraries read the same connection strings (the driver above);
    # their versions are kept apart because their releases differ
    # (clients/dotnet_mysql.py asks for both).
    Driver("mysqlconnector", "MySqlConnector", "nuget", ("nuget:mysqlconnector",), configurable=False),
    Driver("mysql-data", "MySQL Connector/NET", "nuget", ("nuget:mysql.data",), configurable=False),
    Driver(
        "node-mysql2",
        "Node.js mysql2",
        "npm",
        ("npm:mysql2",),
        trigger_words=("mysql",),
        client="connlint.clients.node_mysql2:CLIENT",
        configurable=False,
    ),
    Driver(
        "prisma",
        "Prisma ORM",
        "npm",
        trigger_words=("mysql",),
        client="connlint.clients.prisma:CLIENT",
        configurable=False,
    ),
    Driver(
        "pdo-mysql",
        "PHP PDO (pdo_mysql)",
        "composer",
        trigger_words=("mysql",),
        client="connlint.clients.pdo_mysql:CLIENT",
        configurable=False,
    ),
)


#: Where a Python driver's own source records its version, relative to a directory
#: that holds the package: its repository (PyMySQL's ``pymysql/__init__.py``,
#: ``VERSION = (1, 2, 0, "final")``), a vendored copy's parent, or ``site-packages``.
#: Normalised name -> files (read by ``python_deps.package_version``).
PACKAGE_VERSION_FILES: dict[str, tuple[str, ...]] = {
    "pymysql": ("pymysql/__init__.py",),
    "mysqlclient": ("MySQLdb/release.py", "src/MySQLdb/release.py"),
    "mysql-connector-python": (
        "mysql/connector/version.py",
        "lib/mysql/connector/version.py",
        "mysql-connector-python/lib/mysql/connector/version.py",
    ),
}

#: Directories a project keeps vendored packages in (the package's own directory too: "").
VENDOR_DIRECTORIES: tuple[str, ...] = ("", "vendor/", "_vendor/", "vendored/", "third_party/")


def by_id(driver_id: str) -> Driver:
    """The driver with ``driver_id`` (KeyError for an unknown one)."""
    for driver in DRIVERS:
        if driver.id == driver_id:
            return driver
    raise KeyError(driver_id)


def version_keys() -> dict[str, str]:
    """``[tool.connlint]`` key -> driver id, for every driver whose version can be configured."""
    return {f"{d.id}-version": d.id for d in DRIVERS if d.configurable}


def driver_by_package() -> dict[str, str]:
    """Declared name (Maven/Gradle ``group:artifact``, PyPI name) -> driver id."""
    return {package: d.id for d in DRIVERS for package in d.packages}


def packages(ecosystem: Ecosystem) -> frozenset[str]:
    """The names build files of ``ecosystem`` declare drivers by."""
    return frozenset(p for d in DRIVERS if d.ecosystem == ecosystem for p in d.packages)


def python_modules() -> dict[str, Driver]:
    """Python front-end driver id (``MySQLdb``, ``mysql.connector``, …) -> driver."""
    return {d.python_module: d for d in DRIVERS if d.python_module is not None}


@functools.cache
def datasource_classes() -> frozenset[str]:
    """Simple names of every driver's ``DataSource`` classes."""
    return frozenset(name for d in DRIVERS for name in d.datasources)


def mysql_family_driver_class(name: str) -> bool:
    """Whether a JDBC driver class name (``com.mysql.cj.jdbc.Driver``,
    ``com.mysql.jdbc.Driver``, ``org.mariadb.jdbc.Driver``, in any case) is a
    MySQL-family driver's: what says which database a URL not known reaches.
    """
    lowered = name.lower()
    return "mysql" in lowered or "mariadb" in lowered


def jdbc_schemes() -> tuple[JdbcScheme, ...]:
    """Every JDBC and X DevAPI URL scheme, in registry order (wrappers' included)."""
    return tuple(scheme for d in DRIVERS for scheme in d.schemes)


def trigger_words(ecosystem: Ecosystem | None = None) -> tuple[str, ...]:
    """The lower-case words, first use first, one of which a file must contain to
    declare or use a driver of ``ecosystem`` (every driver when None): the
    prefilter's patterns for build files (``maven``/``gradle``: ``"maven"``;
    ``python``/``python_deps``: ``"pypi"``).
    """
    words = (w for d in DRIVERS if ecosystem in (None, d.ecosystem) for w in d.trigger_words)
    return tuple(dict.fromkeys(words))


def version_notes() -> dict[str, str]:
    """Declared name -> ``"module:function"`` explaining a version's TLS default (CL102)."""
    return {p: d.version_note for d in DRIVERS if d.version_note is not None for p in d.packages}


@functools.cache
def load(reference: str) -> object:
    """The object ``"module:attribute"`` names (imported on first use)."""
    module, _, attribute = reference.partition(":")
    return getattr(importlib.import_module(module), attribute)
