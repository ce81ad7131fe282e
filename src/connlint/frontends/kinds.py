"""The file kinds connlint reads: one declaration per kind.

Each :class:`FileKind` says which files are of the kind (exact names, name
patterns, suffixes, shebang interpreters), which words a file must contain to
be worth parsing (the prefilter), which module reads it (its front-end, with
a module-level ``extract(path, text)``) and whether importing that module is
slow.  :mod:`connlint.discover` (classification), :mod:`connlint.prefilter`,
the lazy loaders of :mod:`connlint.frontends` and the early Python child
(:mod:`connlint.early`) are built from :data:`KINDS`.

Names and strings only: discovery and the prefilter run on every pre-commit
invocation, so this module never imports a front-end (nor tree-sitter or
libcst); front-ends are named by module path and imported on first use.
Trigger words that are driver knowledge come from the driver registry
(:func:`connlint.clients.drivers.trigger_words`).
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from connlint.clients.drivers import python_modules, trigger_words
from connlint.frontends.shell_programs import SHELLS

#: A file kind's name: one per declaration of :data:`KINDS` (a test keeps them
#: equal), plus ``"binary"`` for names connlint recognises but never reads (lock
#: files, archives).  A Literal so that a misspelt kind is a type error.
KindName = Literal[
    "binary",
    "ci",
    "dockerfile",
    "dotenv",
    "gradle",
    "java",
    "json",
    "kotlin",
    "makefile",
    "maven",
    "option_file",
    "prisma",
    "properties",
    "python",
    "python_deps",
    "runbook",
    "shell",
    "terraform",
    "typescript",
    "xml",
    "yaml",
]


# NamedTuples, not frozen dataclasses: a tenth of the class-creation time, and
# this module is imported by every run (pre-commit latency).
class NamePattern(NamedTuple):
    """A rule on a file's name: ``regex`` matches the whole name (``re.fullmatch``,
    case-sensitive); ``parent``, when set, names the directories just above it
    (``".github/workflows"``).
    """

    regex: str
    parent: str = ""


class FileKind(NamedTuple):
    """One file kind and the front-end that reads it.

    A file's kind is decided by the first of these that names it, across all
    kinds: an exact name; a pattern (in the order of :data:`KINDS`); a suffix
    (lower-cased); a late pattern (for a name whose suffix no kind claims); the
    interpreter of a ``#!`` line (extension-less files only).
    """

    #: The kind, as :func:`connlint.discover.classify` returns it.
    name: KindName
    #: Module path of the front-end; it has ``extract(path, text) -> Extraction``.
    module: str
    names: tuple[str, ...] = ()
    patterns: tuple[NamePattern, ...] = ()
    #: Lower-case, with the dot: ``".java"``.
    suffixes: tuple[str, ...] = ()
    late_patterns: tuple[NamePattern, ...] = ()
    #: Regex matching the whole interpreter name of a ``#!`` line (``bash``, ``python3``).
    interpreters: str = ""
    #: Lower-case words one of which a file must contain to be parsed.
    words: tuple[str, ...] = ()
    #: And, when set: alternatives one of which the file must satisfy too, each
    #: a few bytes regexes that must all be found in the file (case-sensitive).  What
    #: the front-end can act on at all (an API it recognises), where the words
    #: alone are common in files that merely mention MySQL.
    requires: tuple[tuple[bytes, ...], ...] = ()
    #: Instead of words: a bytes regex searched in the lower-cased file.
    trigger: bytes = b""
    #: Importing the front-end costs much of a pre-commit run (libcst): its files
    #: named on a short command line are parsed in a child forked at start-up.
    slow_import: bool = False


# Anything MySQL-family, a JDBC URL, or a JVM trust-store / keytool fact.
#: What a file must hold to say anything of a MySQL-family connection on its own.
_COMMON = (
    *trigger_words(),
    "jdbc:",
    "truststore",
    "keytool",
    "sslmode",
    "ssl-mode",
    "ssl_mode",
    "usessl",
    "ssl-ca",
    "ssl_ca",
    # where RDS CA bundles are downloaded from (truststore.pki.rds… has "truststore")
    "rds-downloads",
)
#: Where commands run (scripts, Dockerfiles, CI and compose files): also the
#: backup programs whose names hold no driver word (``xtrabackup``, ``mariabackup``).
_COMMANDS = (*_COMMON, "xtrabackup", "mariabackup")
#: Java files that may connect with a URL of another file (a constant), holding
#: none of the words above (issue 16); such files are few.
JAVA_REACH_WORDS = ("drivermanager",)


def says_mysql(lowered: str) -> bool:
    """Whether a (lower-cased) text holds a word of a MySQL-family connection of its own."""
    return any(word in lowered for word in _COMMON)


#: Words only a MySQL-family connection has: the drivers' words and Connector/J's
#: and MariaDB's TLS options.  Not ``jdbc:`` or a lower-case ``sslmode``
#: (PostgreSQL's too), nor the JVM trust-store words (any TLS client's).
_FAMILY = (
    *(w for w in trigger_words() if w != "sslmode"),
    "usessl",
    "requiressl",
    "verifyservercertificate",
    "trustcertificatekeystore",
    "serversslcert",
    "ssl-mode",
    "ssl_mode",
    "ssl-ca",
    "ssl_ca",
)


def names_mysql_family(text: str) -> bool:
    """Whether a text names the MySQL family itself, not just a JDBC URL or TLS
    in general (a PostgreSQL, Phoenix or Vertica file has ``jdbc:`` and
    ``sslmode`` too; the drivers' ``sslMode`` is written in camel case).
    """
    lowered = text.lower()
    return "sslMode" in text or any(word in lowered for word in _FAMILY)


_YAML = r"(?s:.+)\.(?i:ya?ml)"
# A CloudFormation template declaring an RDS database (frontends/cloudformation.py).
_CLOUDFORMATION = ("aws::rds::dbinstance", "aws::rds::dbcluster")
# JSON: what its recognisers act on (frontends/json.py RECOGNISERS).  A
# recogniser that needs other words adds them here.
_JSON_WORDS = (*_COMMON, *_CLOUDFORMATION, "aws_db_instance", "aws_rds_cluster", "ca_cert_identifier")

# What a Python file must hold for the Python front-end to report anything.
# It yields candidates only once it has found a call it resolves through the
# file's own imports (a driver's connect, a SQLAlchemy engine or URL, a
# subprocess / os.system / os.popen / asyncio subprocess command line), a string
# literal that is a MySQL-family SQLAlchemy URL, or a module-level Django
# ``DATABASES`` (``frontends/python/candidates.py``, ``Builder.interesting``).  A call resolves only
# through an import of its module (``import pymysql``, ``from mysql import
# connector``, ``from os import system``), so each of those leaves a trace
# these patterns find; most files that merely mention MySQL (documentation,
# dialect code, tests of parsing) have none.  Searched in the file as it is:
# names and keywords are case-sensitive in Python.  Only what the file itself must
# say is required: a value (a URL, connect_args) may come from another module
# (connlint.project), the call that uses it may not.  The patterns over-approximate:
# blanks and line continuations are allowed wherever Python allows them.  Assumed: a URL's scheme and
# ``://`` are written as text, not as escapes.  tests/test_prefilter.py checks
# the front-end's tables against them and every fixture against the test.
_BLANK = rb"(?:[ \t\f]|\\\r?\n)"
_NAME = rb"[^\s,;#\\()]+"  # a dotted module name (identifiers may be non-ASCII)


def _imported(*modules: str) -> bytes:
    """An import statement naming one of ``modules`` as a top-level module:
    ``import a, pymysql.cursors as c`` or ``from pymysql import connect``.  Not
    ``from sqlalchemy.dialects import mysql``: the keyword is not one that
    follows a name and a blank.  Written to start with the keyword, which
    ``re`` skips to quickly.
    """
    names = b"|".join(m.encode() for m in modules)
    listed = rb"(?:" + _NAME + rb"(?:" + _BLANK + rb"+as" + _BLANK + rb"+" + _NAME + rb")?"
    listed += _BLANK + rb"*," + _BLANK + rb"*)*"
    return (
        rb"(?:import(?<![\w.]import)(?<![\w.)\]] import)"
        + _BLANK
        + rb"+"
        + listed
        + rb"|from(?<![\w.]from)"
        + _BLANK
        + rb"+)(?:"
        + names
        + rb")\b"
    )


_PYTHON_APIS: tuple[tuple[bytes, ...], ...] = (
    # (cheapest first; each pattern starts with a literal that ``re`` skips to)
    (rb"DATABASES",),  # Django settings
    (rb"create_subprocess_",),  # asyncio.create_subprocess_exec / _shell
    # A reported call's qualified name is an import's followed by attributes, and
    # its last part is a word of the file (an attribute, an imported name, the
    # name an alias is made from): each module's alternative asks for the last
    # parts of its calls too (tests/test_prefilter.py keeps them equal).
    # A driver module: pymysql, MySQLdb, mysql(.connector), mysqlx, aiomysql,
    # asyncmy, mariadb; connect, Connect, Connection, MySQLConnection(Pool),
    # CMySQLConnection, ConnectionPool ("onnect"), create_pool, get_client, get_session.
    (
        _imported(*dict.fromkeys(m.split(".", 1)[0] for m in python_modules())),
        rb"onnect|create_pool|get_client|get_session",
    ),
    # a SQLAlchemy URL literal (``sqlalchemy_django.url_text``, after the quotes); a
    # driver name of up to 64 characters (SQLAlchemy's longest, mysqlconnector, has
    # 14): a bounded width lets the prefilter search only before each ``://``.
    (rb"""(?:(?i:mysql)(?<=['"](?i:mysql))|(?i:mariadb)(?<=['"](?i:mariadb)))(?:\+[^'":/\s]{0,64})?://""",),
    (_imported("subprocess"), rb"\b(?:Popen|call|check_call|check_output|getoutput|getstatusoutput|run)\b"),
    # SQLAlchemy: create_engine, create_async_engine, (async_)engine_from_config,
    # make_url; URL.create (``URL`` is a word too); their URL may be a constant
    # of another module.  Not a table's ``.create()`` alone (sqlalchemy's tests).
    (_imported("sqlalchemy"), rb"create_(?:async_)?engine|engine_from_config|make_url"),
    (_imported("sqlalchemy"), rb"create(?<!\wcreate)\b", rb"\bURL\b"),
    (rb"(?:system|popen)\b", rb"\bos\b"),  # os.system, os.popen
    # an inline suppression: read as before, so an unused one is still reported (CL304)
    (rb"connlint:",),
    # python-mysql-replication's BinLogStreamReader (frontends/python/replication.py)
    (_imported("pymysqlreplication"), rb"BinLogStreamReader"),
    # encode/databases: Database(url) and its MySQL backends (frontends/python/databases_lib.py)
    (_imported("databases"), rb"Database|MySQLBackend|AsyncMyBackend"),
    # AWS CDK's RDS module: its databases and their CA (frontends/python/cdk.py)
    (_imported("aws_cdk"), rb"aws_rds"),
)


#: Every file kind, in the order their name patterns are tried.
KINDS: tuple[FileKind, ...] = (
    FileKind(
        "ci",
        "connlint.frontends.ci",
        names=(".gitlab-ci.yml",),
        patterns=(
            NamePattern(r"(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml"),
            NamePattern(_YAML, parent=".github/workflows"),
        ),
        words=_COMMANDS,
    ),
    FileKind(
        "dockerfile",
        "connlint.frontends.dockerfile",
        names=("Dockerfile", "Containerfile"),
        patterns=(NamePattern(r"(?:Dockerfile|Containerfile)\.(?s:.*)"),),
        suffixes=(".dockerfile",),
        words=_COMMANDS,
    ),
    FileKind(
        "dotenv",
        "connlint.frontends.dotenv",
        names=(".env",),
        patterns=(NamePattern(r"(?s:.+)\.(?i:env)"),),
        # .env.production, but .env.local.sh is a shell script
        late_patterns=(NamePattern(r"\.env\.(?s:.*)"),),
        words=_COMMON,
    ),
    FileKind(
        "gradle",
        "connlint.frontends.gradle",
        names=(
            "build.gradle",
            "build.gradle.kts",
            "settings.gradle",
            "settings.gradle.kts",
            "libs.versions.toml",
        ),
        # Precompiled script plugins (buildSrc/…/conventions.gradle.kts); other .kts files are Kotlin.
        patterns=(NamePattern(r"(?s:.+)\.gradle\.kts"),),
        suffixes=(".gradle",),
        words=trigger_words("maven"),  # Gradle declares Maven coordinates
    ),
    # "drivermanager": a file that connects with a URL constant or options of
    # another file holds no URL of its own (issue 16); such files are few.
    FileKind("java", "connlint.frontends.java", suffixes=(".java",), words=(*_COMMON, *JAVA_REACH_WORDS)),
    FileKind("json", "connlint.frontends.json", suffixes=(".json",), words=_JSON_WORDS),
    FileKind(
        "makefile",
        "connlint.frontends.makefile",
        names=("Makefile", "makefile", "GNUmakefile"),
        suffixes=(".mk",),
        words=_COMMON,
    ),
    FileKind("kotlin", "connlint.frontends.kotlin", suffixes=(".kt", ".kts"), words=_COMMON),
    FileKind("maven", "connlint.frontends.maven", names=("pom.xml",), words=trigger_words("maven")),
    # A Prisma schema whose datasource is MySQL's (frontends/prisma.py).
    FileKind(
        "prisma",
        "connlint.frontends.prisma",
        suffixes=(".prisma",),
        words=("mysql",),
        requires=((rb'provider\s*=\s*"mysql"',),),
    ),
    FileKind(
        "option_file",
        "connlint.frontends.option_file",
        names=(".my.cnf",),
        suffixes=(".cnf", ".ini"),
        trigger=rb"\[\s*(?:client|mysql|mariadb)",
    ),
    FileKind(
        "properties",
        "connlint.frontends.properties",
        # flyway.conf: Flyway's configuration is Java properties (flyway.url=...)
        names=("flyway.conf", "gradle.properties"),
        suffixes=(".properties",),
        words=_COMMON,
    ),
    FileKind(
        "python",
        "connlint.frontends.python",
        suffixes=(".py", ".pyw"),
        interpreters=r"python(?:\d(?:\.\d+)?)?",
        words=(*trigger_words("pypi"), "aws_rds"),
        requires=_PYTHON_APIS,
        slow_import=True,
    ),
    FileKind(
        "python_deps",
        "connlint.frontends.python_deps",
        names=("pyproject.toml", "poetry.lock", "Pipfile.lock", "uv.lock"),
        patterns=(NamePattern(r"requirements[\w.-]*\.(?:txt|in)"),),
        words=trigger_words("pypi"),
    ),
    # Opt-in (--runbooks / runbooks = true): the walk skips these files otherwise.
    FileKind(
        "runbook",
        "connlint.frontends.runbook",
        suffixes=(".md", ".markdown", ".rst", ".adoc", ".asciidoc"),
        words=_COMMON,
    ),
    FileKind(
        "shell",
        "connlint.frontends.shell",
        names=(".envrc",),
        suffixes=(".sh", ".bash", ".ksh", ".zsh"),
        interpreters="|".join(sorted(SHELLS)),
        words=_COMMANDS,
    ),
    FileKind(
        "terraform",
        "connlint.frontends.terraform",
        suffixes=(".tf",),
        # What its front-end reads: the RDS resources, the RDS / Aurora modules
        # (registry or git source), a module call passing a CA identifier, or a
        # call of a local module (whose databases the call site need not name).
        words=(
            "aws_db_instance",
            "aws_rds_cluster",
            "/rds/aws",
            "/rds-aurora/aws",
            "terraform-aws-rds",
            "ca_cert_identifier",
            '"./',
            '"../',
        ),
        # ... in a block it reads: a resource of those types, or a module call (a
        # file that only declares the variable or outputs the attribute is not
        # parsed; it is read when a resource of its module refers to it).
        requires=(
            (rb'"aws_(?:db_instance|rds_cluster(?:_instance)?)"',),
            (rb"module\s*+\"", rb"ca_cert_identifier|terraform-aws-modules/rds|terraform-aws-rds"),
            (rb"module\s*+\"", rb'source\s*+=\s*+"\.\.?/'),
        ),
    ),
    FileKind(
        "typescript",
        "connlint.frontends.cdk_typescript",
        suffixes=(".ts",),
        # Only the AWS CDK's RDS module is read (frontends/cdk_typescript.py).
        words=("aws-rds", "aws_rds"),
        requires=((rb"aws-cdk",),),
    ),
    FileKind(
        "xml",
        "connlint.frontends.xml",
        # .NET configuration (and its transforms: Web.Release.config)
        patterns=(NamePattern(r"(?i:web|app)(?:\.[\w-]+)*\.config"),),
        suffixes=(".xml",),
        words=_COMMON,
    ),
    FileKind(
        "yaml", "connlint.frontends.yaml", suffixes=(".yml", ".yaml"), words=(*_COMMON, *_CLOUDFORMATION)
    ),
)

#: Files never read: the obfuscated login-path file of ``mysql_config_editor``
#: is binary; npm's lock files are large JSON that name packages, not
#: connections.  :func:`connlint.discover.classify` calls them ``"binary"``.
UNREAD_NAMES = frozenset({".mylogin.cnf", "package-lock.json", "npm-shrinkwrap.json"})

KIND_BY_NAME: dict[str, FileKind] = {kind.name: kind for kind in KINDS}

#: Kinds the walk yields only when a run asks for them (documentation).
OPT_IN_KINDS: frozenset[KindName] = frozenset({"runbook"})

#: Kinds whose front-end is slow to import (see :attr:`FileKind.slow_import`).
SLOW_IMPORT_KINDS = frozenset(kind.name for kind in KINDS if kind.slow_import)
#: Their suffixes: how a command line's paths are told apart before anything is read.
SLOW_IMPORT_SUFFIXES = tuple(s for kind in KINDS if kind.slow_import for s in kind.suffixes)
