"""Which build or dependency file governs a source file, and so which driver versions apply to it.

The same ``useSSL=true`` means VERIFY_CA on Connector/J 5.1 and PREFERRED on
8.0.13+, so a file's findings depend on the driver version its build
declares.  :class:`Scope` answers that for any file of a run by walking up
from the file's directory, independently of what discovery scanned (pre-commit
passes only the changed files):

* every directory on the way up is read for ``pom.xml``, ``build.gradle``,
  ``build.gradle.kts``, ``requirements*.txt``, ``pyproject.toml``,
  ``poetry.lock``, ``Pipfile.lock`` and ``uv.lock``;
* for each driver, the nearest directory that declares it wins (a Maven
  module's own POM before the aggregator above it);
* the walk stops at the directory that holds ``.git`` (the repository root)
  or at the filesystem root;
* Maven parents in the repository are followed (``<relativePath>``, default
  ``../pom.xml``), so a module inherits its parent's properties and managed
  versions; Gradle builds see ``gradle.properties``, the ``ext``/``val``
  variables of enclosing projects and the root's ``gradle/libs.versions.toml``;
* the configured versions (``[tool.connlint]``) fill in where no build file
  says, including where a build file leaves the version to an external BOM.

A version that cannot be known statically (an external BOM, a range, an
undefined property) stays None with a note; it is never guessed.  Each
directory is read once per :class:`Scope`; the caches only ever gain
entries computed from the files, so sharing an instance between threads is
safe, and each worker process builds its own.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from connlint.model import Assumptions, Dependency, DriverVersion

if TYPE_CHECKING:
    from connlint.frontends import maven

#: Dependency name (Maven/Gradle ``group:artifact``, normalised Python
#: distribution name) -> driver id of :attr:`Assumptions.versions`.
DRIVER_BY_DEPENDENCY: dict[str, str] = {
    "com.mysql:mysql-connector-j": "connector-j",
    "mysql:mysql-connector-java": "connector-j",
    "org.mariadb.jdbc:mariadb-java-client": "mariadb-java-client",
    "aiomysql": "aiomysql",
    "asyncmy": "asyncmy",
    "mysql-connector-python": "mysql-connector-python",
    "mysqlclient": "mysqlclient",
    "pymysql": "pymysql",
}

_PYTHON_FILES = ("pyproject.toml", "poetry.lock", "Pipfile.lock", "uv.lock")
_LOCK_FILES = frozenset({"poetry.lock", "Pipfile.lock", "uv.lock"})
_GRADLE_FILES = ("build.gradle.kts", "build.gradle")
_REQUIREMENTS = re.compile(r"^requirements[\w.-]*\.(?:txt|in)$")


def display_path(path: Path) -> str:
    """Return ``path`` as discovery shows it: relative to the working directory when inside it."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def _read(path: Path) -> str | None:
    """Return the text of ``path`` with line endings normalised, or None when unreadable."""
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return None
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_repository_root(directory: Path) -> bool:
    """Tell whether ``directory`` holds a ``.git`` directory (or worktree file)."""
    return (directory / ".git").exists()


def _choose(candidates: Sequence[tuple[int, Dependency]]) -> DriverVersion:
    """Pick the version one directory declares for one driver.

    ``candidates`` are (rank, dependency): lock files rank before exact
    declarations.  Among the best-ranked known versions one value wins; two
    different values make the version unknown (the note lists them), and with
    no known version the first note (e.g. "managed by ...") is kept.
    """
    known = sorted(((r, d) for r, d in candidates if d.version), key=lambda rd: (rd[0], rd[1].location))
    if known:
        best_rank = known[0][0]
        best = [d for r, d in known if r == best_rank]
        versions = sorted({d.version for d in best if d.version})
        if len(versions) == 1:
            return DriverVersion(best[0].version, best[0].location, best[0].note)
        listed = ", ".join(f"{d.version} ({d.location.path}:{d.location.line})" for d in best)
        return DriverVersion(None, best[0].location, f"declared with different versions: {listed}")
    first = min((d for _, d in candidates), key=lambda d: d.location)
    why = first.note or (f"range {first.spec}" if first.spec else "version not declared")
    return DriverVersion(None, first.location, why)


class Scope:
    """Answers "which driver versions apply here?" for any file of a run."""

    def __init__(self, configured: Assumptions) -> None:
        self._configured = configured
        self._declared: dict[Path, dict[str, DriverVersion]] = {}
        self._assumptions: dict[Path, Assumptions] = {}
        self._poms: dict[Path, maven.Pom] = {}

    def assumptions_for(self, path: Path) -> Assumptions:
        """Return the versions and client family that govern ``path`` (an absolute path)."""
        start = path if path.is_dir() else path.parent
        cached = self._assumptions.get(start)
        if cached is not None:
            return cached
        versions: dict[str, DriverVersion] = {}
        for directory in self._ancestors(start):
            for driver, declared in self._declared_in(directory).items():
                versions.setdefault(driver, declared)
        for driver, configured in self._configured.versions.items():
            found = versions.get(driver)
            if found is None:
                versions[driver] = configured
            elif found.version is None and configured.version is not None:
                note = "; ".join(n for n in (configured.note, f"build file: {found.note}") if n)
                versions[driver] = DriverVersion(configured.version, configured.location, note)
        result = Assumptions(
            versions=dict(sorted(versions.items())),
            mysql_client_family=self._configured.mysql_client_family,
        )
        return self._assumptions.setdefault(start, result)

    @staticmethod
    def _ancestors(start: Path) -> Iterator[Path]:
        """Yield ``start`` and its parents up to the repository or filesystem root."""
        directory = Path(os.path.abspath(start))
        while True:
            yield directory
            if _is_repository_root(directory) or directory.parent == directory:
                return
            directory = directory.parent

    def _declared_in(self, directory: Path) -> dict[str, DriverVersion]:
        """Return what the build and dependency files of ``directory`` declare, per driver."""
        cached = self._declared.get(directory)
        if cached is not None:
            return cached
        candidates: dict[str, list[tuple[int, Dependency]]] = {}
        for rank, dep in self._dependencies_in(directory):
            driver = DRIVER_BY_DEPENDENCY.get(dep.name)
            if driver is not None:
                candidates.setdefault(driver, []).append((rank, dep))
        declared = {driver: _choose(found) for driver, found in sorted(candidates.items())}
        return self._declared.setdefault(directory, declared)

    def _dependencies_in(self, directory: Path) -> Iterator[tuple[int, Dependency]]:
        """Yield (rank, dependency) for every driver declared by files of ``directory``."""
        # Each build-file reader is imported only where its file exists: most
        # directories a file's scope walks up through have none.
        pom = directory / "pom.xml"
        if pom.is_file():
            from connlint.frontends import maven

            chain, outside = maven.read_pom_chain(pom, display_path(pom), cache=self._poms)
            for dep in maven.resolve(chain, outside):
                yield 1, dep
        for name in _GRADLE_FILES:
            build = directory / name
            if build.is_file():
                text = _read(build)
                if text is not None:
                    from connlint.frontends import gradle

                    context = gradle.read_context(directory, display_path(directory))
                    for dep in gradle.scan(display_path(build), text, context).dependencies:
                        yield 1, dep
                break
        try:
            names = sorted(os.listdir(directory))
        except OSError:
            return
        for name in names:
            if name in _PYTHON_FILES or _REQUIREMENTS.match(name):
                file = directory / name
                text = _read(file) if file.is_file() else None
                if text is None:
                    continue
                rank = 0 if name in _LOCK_FILES else 1
                from connlint.frontends import python_deps

                for dep in python_deps.extract(display_path(file), text).dependencies:
                    yield rank, dep
