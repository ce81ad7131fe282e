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

from typing import NamedTuple

from connlint.clients.drivers import trigger_words
from connlint.frontends.shell_programs import SHELLS


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
    name: str
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
    #: Instead of words: a bytes regex searched in the lower-cased file.
    trigger: bytes = b""
    #: Importing the front-end costs much of a pre-commit run (libcst): its files
    #: named on a short command line are parsed in a child forked at start-up.
    slow_import: bool = False


# Anything MySQL-family, a JDBC URL, or a JVM trust-store / keytool fact.
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
)
_YAML = r"(?s:.+)\.(?i:ya?ml)"

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
        words=_COMMON,
    ),
    FileKind(
        "dockerfile",
        "connlint.frontends.dockerfile",
        names=("Dockerfile", "Containerfile"),
        patterns=(NamePattern(r"(?:Dockerfile|Containerfile)\.(?s:.*)"),),
        suffixes=(".dockerfile",),
        words=_COMMON,
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
        suffixes=(".gradle", ".kts"),
        words=trigger_words("maven"),  # Gradle declares Maven coordinates
    ),
    FileKind("java", "connlint.frontends.java", suffixes=(".java",), words=_COMMON),
    FileKind("maven", "connlint.frontends.maven", names=("pom.xml",), words=trigger_words("maven")),
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
        words=trigger_words("pypi"),
        slow_import=True,
    ),
    FileKind(
        "python_deps",
        "connlint.frontends.python_deps",
        names=("pyproject.toml", "poetry.lock", "Pipfile.lock", "uv.lock"),
        patterns=(NamePattern(r"requirements[\w.-]*\.(?:txt|in)"),),
        words=trigger_words("pypi"),
    ),
    FileKind(
        "shell",
        "connlint.frontends.shell",
        names=(".envrc",),
        suffixes=(".sh", ".bash", ".ksh", ".zsh"),
        interpreters="|".join(sorted(SHELLS)),
        words=_COMMON,
    ),
    FileKind("xml", "connlint.frontends.xml", suffixes=(".xml",), words=_COMMON),
    FileKind("yaml", "connlint.frontends.yaml", suffixes=(".yml", ".yaml"), words=_COMMON),
)

#: Files never read: the obfuscated login-path file of ``mysql_config_editor``
#: is binary.  :func:`connlint.discover.classify` calls them ``"binary"``.
UNREAD_NAMES = frozenset({".mylogin.cnf"})

KIND_BY_NAME: dict[str, FileKind] = {kind.name: kind for kind in KINDS}

#: Kinds whose front-end is slow to import (see :attr:`FileKind.slow_import`).
SLOW_IMPORT_KINDS = frozenset(kind.name for kind in KINDS if kind.slow_import)
#: Their suffixes: how a command line's paths are told apart before anything is read.
SLOW_IMPORT_SUFFIXES = tuple(s for kind in KINDS if kind.slow_import for s in kind.suffixes)
