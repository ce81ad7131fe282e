"""Which build or dependency file governs a source file, and so which driver versions apply to it.

The same ``useSSL=true`` means VERIFY_CA on Connector/J 5.1 and PREFERRED on
8.0.13+, so a file's findings depend on the driver version its build
declares.  :class:`Scope` answers that for any file of a run by walking up
from the file's directory, independently of what discovery scanned (pre-commit
passes only the changed files):

* every directory on the way up is read for ``pom.xml``, ``build.gradle``,
  ``build.gradle.kts``, ``requirements*.txt``, ``pyproject.toml``,
  ``poetry.lock``, ``Pipfile.lock`` and ``uv.lock``, and for the package files
  of the connection-string drivers: ``go.mod``, ``Gemfile.lock``, ``*.csproj``,
  ``Directory.Packages.props``, ``packages.lock.json``, ``package.json`` and
  ``package-lock.json``;
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

Build files read here obey what a linted file obeys: the size cap, a time
budget of their own, and a notification naming the file when one cannot be
used (unreadable, too large, too slow, or a bug in its reader), which
:meth:`Scope.take_notifications` hands to the report.  Such a file declares
nothing: the version is unknown, as without a build file, and the run goes on.
"""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from connlint import budget, guard, lazy
from connlint.clients import drivers
from connlint.config import DEFAULT_FILE_TIME_BUDGET, DEFAULT_MAX_FILE_SIZE
from connlint.decoding import decode
from connlint.model import Assumptions, Dependency, DriverVersion, Notification

if TYPE_CHECKING:
    from connlint.frontends import maven

#: How build-file readers get a file's text: (text, None); (None, why) when it
#: cannot be used; (None, None) when there is no file.  See read_context_file.
ContextRead = Callable[[Path, str], tuple[str | None, Notification | None]]

#: Dependency name (Maven/Gradle ``group:artifact``, normalised Python
#: distribution name) -> driver id of :attr:`Assumptions.versions`.
DRIVER_BY_DEPENDENCY: dict[str, str] = drivers.driver_by_package()
#: The drivers a build or dependency file can declare.
DECLARED_DRIVERS = frozenset(DRIVER_BY_DEPENDENCY.values())

_PYTHON_FILES = ("pyproject.toml", "poetry.lock", "Pipfile.lock", "uv.lock")
_LOCK_FILES = frozenset({"poetry.lock", "Pipfile.lock", "uv.lock"})
_GRADLE_FILES = ("build.gradle.kts", "build.gradle")
_REQUIREMENTS = lazy.compile(r"^requirements[\w.-]*\.(?:txt|in)$")
#: Go, Ruby, .NET and Node package files (frontends/package_manifests.py).
_PACKAGE_FILE = lazy.compile(
    r"^(?:go\.mod|Gemfile\.lock|Directory\.Packages\.props|packages\.lock\.json|package(?:-lock)?\.json)$"
    r"|\.(?:cs|fs|vb)proj$"
)
#: The names those files declare the connection-string drivers by.
_PACKAGE_DRIVERS = frozenset().union(*(drivers.packages(e) for e in ("gem", "go", "nuget", "npm")))


def display_path(path: Path) -> str:
    """Return ``path`` as discovery shows it: relative to the working directory when inside it."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def present(path: Path) -> bool:
    """Tell whether a file is at ``path`` to be read, counting one that cannot
    even be examined (an unreadable directory on the way): reading it then
    reports why.  A directory or a FIFO is not a file to read.
    """
    try:
        return path.is_file()
    except OSError:
        return True


def read_context_file(
    path: Path, display: str, max_size: int = DEFAULT_MAX_FILE_SIZE
) -> tuple[str | None, Notification | None]:
    """Read a build file for context, with the checks a linted file gets.

    Returns (text, None) with line endings normalised; (None, notification)
    when the file cannot be used (unreadable, over ``max_size`` bytes, not
    text), the notification naming ``display``; (None, None) when there is no
    file at ``path``.  Undecodable bytes are replaced without a notification:
    what the file still says is used, and linting it reports them.
    """
    try:
        # Non-blocking: a FIFO put there since present() must not hang the run.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except (FileNotFoundError, NotADirectoryError):
        return None, None
    except OSError as exc:
        return None, Notification(display, f"cannot read file: {exc.strerror or exc}")
    try:
        with open(fd, "rb", closefd=True) as fh:
            st = os.fstat(fd)
            if stat.S_ISDIR(st.st_mode):
                return None, None
            if not stat.S_ISREG(st.st_mode):
                return None, Notification(display, "not a regular file; skipped")
            data = b""
            if st.st_size <= max_size:
                # As many bytes as fstat tells, and one to see it grew: a read of
                # max_size + 1 allocates that much (10 MB by default) for every
                # file, ~60 µs each (issue 15).
                data = fh.read(st.st_size + 1)
                if len(data) > st.st_size:  # grown since: on to the cap, as before
                    data += fh.read(max_size + 1 - len(data))
            size = max(st.st_size, len(data))
    except OSError as exc:
        return None, Notification(display, f"cannot read file: {exc.strerror or exc}")
    if size > max_size:
        return None, Notification(display, f"not analysed: {size} bytes is over the {max_size} byte size cap")
    text, problem = decode(data)
    if text is None:
        return None, Notification(display, problem or "not text")
    return text, None


def is_repository_root(directory: Path) -> bool:
    """Tell whether ``directory`` holds a ``.git`` directory (or worktree file)."""
    try:
        return (directory / ".git").exists()
    except OSError:  # something named .git that cannot be examined: a root all the same
        return True


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


class DeferredVersions(Mapping[str, DriverVersion]):
    """:attr:`Assumptions.versions` looked up on first use.

    Most files a run lints (every file of a typical commit) configure no
    connection whose meaning depends on a driver version, and the lookup walks
    up to the repository root, reading and parsing every build file on the way
    (a Gradle build costs its front-end's import).  Resolvers read the mapping
    only for a connection of a versioned client, so the walk happens there;
    and a client no build file declares (the ``mysql`` command line) is
    answered from the configuration alone.
    """

    __slots__ = ("_configured", "_found", "_load")

    def __init__(
        self, load: Callable[[], dict[str, DriverVersion]], configured: Mapping[str, DriverVersion]
    ) -> None:
        self._load: Callable[[], dict[str, DriverVersion]] | None = load
        self._found: dict[str, DriverVersion] = {}
        self._configured = configured

    def _versions(self) -> dict[str, DriverVersion]:
        if self._load is not None:
            # Asked while a file is linted: the lookup is not charged to its budget
            # (it ran before the file's budget started when it was not deferred).
            with budget.paused():
                self._found = self._load()
            self._load = None
        return self._found

    def _for(self, driver: object) -> Mapping[str, DriverVersion]:
        """Where ``driver``'s version is found: the build files' lookup, or the
        configuration for a driver that no build file declares.
        """
        return self._versions() if driver in DECLARED_DRIVERS else self._configured

    def __getitem__(self, driver: str) -> DriverVersion:
        return self._for(driver)[driver]

    def get(self, driver: str, default: DriverVersion | None = None) -> DriverVersion | None:  # type: ignore[override]
        """The version of ``driver``, or ``default``.

        Mapping's own ``get`` and ``in`` catch KeyError: one raised by the
        lookup itself (a bug, fatal under CONNLINT_STRICT) must not read as
        "not declared".
        """
        return self._for(driver).get(driver, default)

    def __contains__(self, driver: object) -> bool:
        return driver in self._for(driver)

    def __iter__(self) -> Iterator[str]:
        return iter(self._versions())

    def __len__(self) -> int:
        return len(self._versions())

    def __repr__(self) -> str:
        return repr(self._versions())


class Scope:
    """Answers "which driver versions apply here?" for any file of a run."""

    def __init__(
        self,
        configured: Assumptions,
        *,
        max_file_size: int = DEFAULT_MAX_FILE_SIZE,
        file_time_budget: float = DEFAULT_FILE_TIME_BUDGET,
    ) -> None:
        self._configured = configured
        self._max_file_size = max_file_size
        self._file_time_budget = file_time_budget
        self._declared: dict[Path, dict[str, DriverVersion]] = {}
        self._assumptions: dict[Path, Assumptions] = {}
        self._poms: dict[Path, maven.Pom] = {}
        self._notifications: list[Notification] = []
        self._reported: set[Notification] = set()
        from connlint.project import Project  # project.py reads files with this module's helpers

        #: The other files of the project the run's values come from (see connlint.project).
        self.project = Project(max_file_size=max_file_size)

    def take_notifications(self) -> list[Notification]:
        """The problems met reading build files since the last call.

        Each is handed over once per Scope, however many files the build
        file governs; worker processes have a Scope each, so the same
        problem can come from several of them.
        """
        taken, self._notifications = self._notifications, []
        return taken + self.project.take_notifications()

    def _note(self, notification: Notification) -> None:
        if notification not in self._reported:
            self._reported.add(notification)
            self._notifications.append(notification)

    def _read(self, path: Path, display: str) -> tuple[str | None, Notification | None]:
        """read_context_file with this run's size cap, noting what cannot be used."""
        text, problem = read_context_file(path, display, self._max_file_size)
        if problem is not None:
            self._note(problem)
        return text, problem

    def _guarded(
        self, display: str, component: str, work: Callable[[], list[tuple[int, Dependency]]]
    ) -> list[tuple[int, Dependency]]:
        """``work()`` (reading the build file ``display``) within a budget of
        its own, restoring the budget of the file being linted afterwards; a
        build file over it, or a bug in its reader, declares nothing.
        """
        try:
            with budget.limited(self._file_time_budget):
                return work()
        except budget.Expired:
            seconds = self._file_time_budget
            self._note(Notification(display, f"not analysed: took longer than the {seconds:g} s budget"))
        except Exception as exc:  # the plugin boundary for build files read for context
            if guard.strict():
                raise
            self._note(Notification(display, guard.internal_error(component, exc)))
        return []

    def assumptions_for(self, path: Path) -> Assumptions:
        """Return the versions and client family that govern ``path`` (an absolute path).

        The versions are looked up when a resolver first asks for one (see
        :class:`DeferredVersions`): a file without a connection whose meaning
        depends on a driver version reads no build file.
        """
        try:
            start = path if path.is_dir() else path.parent
        except OSError:
            start = path.parent
        cached = self._assumptions.get(start)
        if cached is not None:
            return cached
        lookup = functools.partial(self._versions_for, start)
        result = Assumptions(
            versions=DeferredVersions(lookup, self._configured.versions),
            mysql_client_family=self._configured.mysql_client_family,
        )
        return self._assumptions.setdefault(start, result)

    def _versions_for(self, start: Path) -> dict[str, DriverVersion]:
        """The versions that govern the directory ``start``: declared by the
        nearest build file for each driver, else configured.
        """
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
        return dict(sorted(versions.items()))

    @staticmethod
    def _ancestors(start: Path) -> Iterator[Path]:
        """Yield ``start`` and its parents up to the repository or filesystem root."""
        directory = Path(os.path.abspath(start))
        while True:
            yield directory
            if is_repository_root(directory) or directory.parent == directory:
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
        if present(pom):
            yield from self._guarded(display_path(pom), "the Maven build reader", lambda: self._maven(pom))
        for name in _GRADLE_FILES:
            build = directory / name
            if present(build):
                work = functools.partial(self._gradle, build)
                yield from self._guarded(display_path(build), "the Gradle build reader", work)
                break
        try:
            names = sorted(os.listdir(directory))
        except OSError:
            return
        for name in names:
            if name in _PYTHON_FILES or _REQUIREMENTS.match(name):
                file = directory / name
                if present(file):
                    shown = display_path(file)
                    work = functools.partial(self._python, file, shown)
                    yield from self._guarded(shown, "the Python dependency reader", work)
            elif name.endswith("-info") and "-" in name:
                yield from self._installed(directory, name)
            elif _PACKAGE_FILE.search(name):
                file = directory / name
                if present(file):
                    shown = display_path(file)
                    work = functools.partial(self._package_file, file, shown)
                    yield from self._guarded(shown, "the package file reader", work)
        yield from self._package_sources(directory, names)

    def _installed(self, directory: Path, entry: str) -> Iterator[tuple[int, Dependency]]:
        """A driver installed in ``directory`` (``site-packages``): its exact version."""
        from connlint.frontends import python_deps

        dep = python_deps.installed_version(display_path(directory), entry)
        if dep is not None:
            yield 0, dep

    def _package_sources(self, directory: Path, names: Sequence[str]) -> Iterator[tuple[int, Dependency]]:
        """A Python driver's own source in ``directory`` or a vendored copy under it (the
        driver's repository: PyMySQL's ``pymysql/__init__.py``): the version it states.
        """
        listed = set(names)
        for vendor in drivers.VENDOR_DIRECTORIES:
            if vendor and vendor.rstrip("/") not in listed:
                continue
            for package, files in drivers.PACKAGE_VERSION_FILES.items():
                for relative in files:
                    if relative.split("/", 1)[0] not in listed and not vendor:
                        continue
                    file = directory / (vendor + relative)
                    if not present(file):
                        continue
                    # Imported only here: most directories hold no driver's source.
                    from connlint.frontends import python_deps

                    shown = display_path(file)
                    text, _ = self._read(file, shown)
                    dep = python_deps.package_version(shown, text, package) if text is not None else None
                    if dep is not None:
                        yield 0, dep
                    break

    def _maven(self, pom: Path) -> list[tuple[int, Dependency]]:
        from connlint.frontends import maven

        chain, outside = maven.read_pom_chain(pom, display_path(pom), cache=self._poms, read=self._read)
        return [(1, dep) for dep in maven.resolve(chain, outside)]

    def _gradle(self, build: Path) -> list[tuple[int, Dependency]]:
        text, _ = self._read(build, display_path(build))
        if text is None:
            return []
        from connlint.frontends import gradle

        directory = build.parent
        context = gradle.read_context(directory, display_path(directory), read=self._read)
        return [(1, dep) for dep in gradle.scan(display_path(build), text, context).dependencies]

    def _package_file(self, file: Path, shown: str) -> list[tuple[int, Dependency]]:
        from connlint.frontends import package_manifests

        reader = package_manifests.reader_for(file.name)
        text, _ = self._read(file, shown) if reader is not None else (None, None)
        if reader is None or text is None:
            return []
        # go.mod and lock files state the version built with; manifests may give a range.
        rank = 0 if file.name in package_manifests.LOCK_FILES or file.name == "go.mod" else 1
        return [(rank, dep) for dep in reader(shown, text, _PACKAGE_DRIVERS)]

    def _python(self, file: Path, shown: str) -> list[tuple[int, Dependency]]:
        text, _ = self._read(file, shown)
        if text is None:
            return []
        from connlint.frontends import python_deps

        rank = 0 if file.name in _LOCK_FILES else 1
        return [(rank, dep) for dep in python_deps.extract(shown, text).dependencies]
