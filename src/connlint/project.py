"""The other files of the project that a linted file's values come from.

Real code rarely writes ``sslMode=VERIFY_CA`` where the connection is opened:
it names a constant of another class (``LedgerConfig.SUFFIX``) or module
(``from .settings import DB_OPTIONS``).  A front-end that meets such a name
asks the :class:`Project` of the run for the file that defines it, by the
language's own module structure:

* Java: a class ``com.x.Config`` is ``com/x/Config.java`` under a source root.
  The linted file's root is its directory less its package's directories;
  the sibling source sets of a Maven/Gradle module (``src/main/java``,
  ``src/test/java``, ...) and the modules beside it in the build are roots too.
* Python: a relative import is resolved from the importing file's package; an
  absolute one from the directory above the top of that package chain, the
  repository root and its ``src/``.

Only files something refers to are read (demand-driven), each once per
process (workers have a Project each), under the run's size cap; what the
front-end computes from one is kept with :meth:`Project.memo`.  A file that
cannot be read is not found, with a notification naming it, and the value
stays unknown.

The Project in force is set around the lint of each file (:func:`using`);
front-ends reach it with :func:`current`, which is None outside a run (a
front-end's unit tests, standard input): then nothing crosses files.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from connlint.config import DEFAULT_MAX_FILE_SIZE
from connlint.lazy import dataclass
from connlint.model import Notification
from connlint.scope import display_path, is_repository_root, read_context_file

T = TypeVar("T")

#: How many module directories beside a linted file's own are searched for a
#: class (a build of hundreds of modules is not listed whole for one name).
MAX_MODULES = 200

#: How many files of a Terraform module are read for its variables and locals.
MAX_MODULE_FILES = 200

#: How far up from a linted file the repository root is looked for.
_MAX_DEPTH = 40


@dataclass(frozen=True)
class Source:
    """One file of the project, read: ``member`` is the rest of a qualified
    name inside it (``("Inner",)`` for ``com.x.Outer.Inner`` in ``Outer.java``).
    """

    display: str
    text: str
    path: Path
    member: tuple[str, ...] = ()


class _Reach:
    """One place below the source roots (``com/x``): the roots decided for, those
    a lookup reaches it in, and those of them holding ``.java`` files there.
    """

    __slots__ = ("decided", "holding", "reached")

    def __init__(self) -> None:
        self.decided: set[str] = set()
        self.reached: set[str] = set()
        self.holding: dict[str, frozenset[str]] = {}


class Project:
    """Finds and reads the files that define what a linted file refers to."""

    def __init__(self, *, max_file_size: int = DEFAULT_MAX_FILE_SIZE) -> None:
        self._max_file_size = max_file_size
        self._files: dict[Path, Source | None] = {}
        self._is_file: dict[Path, bool] = {}
        self._memo: dict[object, object] = {}
        self._roots: dict[Path, Path | None] = {}
        self._modules: dict[Path, tuple[Path, ...]] = {}
        self._root_lists: dict[tuple[Path, str], tuple[str, ...]] = {}
        self._java_listings: dict[str, tuple[frozenset[str], frozenset[str] | None] | None] = {}
        #: The ``.java`` files of directories by source root, then by the path below it.
        self._java_listings_below: dict[str, dict[str, frozenset[str]]] = {}
        self._roots_beside: dict[Path, tuple[str, ...]] = {}
        self._source_roots: dict[tuple[Path, str, str], str | None] = {}
        self._module_root_lists: dict[tuple[Path, str], tuple[str, ...]] = {}
        #: The module directories of a level of a build (see :meth:`_sibling_modules`).
        self._level_children: dict[Path, list[Path]] = {}
        #: Per root list and place: the roots after the first holding ``.java``
        #: files there, in order (see :meth:`_java_places`).
        self._java_places_cache: dict[tuple[tuple[str, ...], str], list[tuple[int, str, frozenset[str]]]] = {}
        #: Per place below the roots: which roots it was decided for (see :meth:`_java_reach`).
        self._java_reach_cache: dict[str, _Reach] = {}
        #: Each root list as a set, and each root's first index in it.
        self._root_sets: dict[tuple[str, ...], tuple[frozenset[str], dict[str, int]]] = {}
        self._notifications: list[Notification] = []
        self._reported: set[Notification] = set()

    # -- reading ---------------------------------------------------------

    def take_notifications(self) -> list[Notification]:
        """Problems met reading referenced files since the last call (each once)."""
        taken, self._notifications = self._notifications, []
        return taken

    def memo(self, key: object, compute: Callable[[], T]) -> T:
        """``compute()`` once per ``key`` in this process (a parsed file's constants)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[return-value]

    def _exists(self, path: Path) -> bool:
        known = self._is_file.get(path)
        if known is None:
            try:
                known = path.is_file()
            except OSError:
                known = False
            self._is_file[path] = known
        return known

    def _read(self, path: Path, member: tuple[str, ...] = ()) -> Source | None:
        if path not in self._files:
            display = display_path(path)
            text, problem = read_context_file(path, display, self._max_file_size)
            if problem is not None and problem not in self._reported:
                self._reported.add(problem)
                self._notifications.append(problem)
            self._files[path] = None if text is None else Source(display, text, path)
        found = self._files[path]
        if found is None or not member:
            return found
        return Source(found.display, found.text, found.path, member)

    @property
    def max_file_size(self) -> int:
        """The run's size cap: a larger file is not read (and is reported)."""
        return self._max_file_size

    # -- Java --------------------------------------------------------------

    def java_roots(self, importer: str, package: str) -> tuple[str, ...]:
        """The source roots :meth:`java_class` looks a class up in, in order, for
        the file shown as ``importer`` of package ``package``.
        """
        return self._java_root_list(_absolute(importer).parent, package)

    def java_class(self, importer: str, package: str, qualified: str) -> Source | None:
        """The file that declares class ``qualified`` (``com.x.Config``, or
        ``com.x.Outer.Inner``), seen from the file shown as ``importer`` whose
        package is ``package`` ("" for the default package).
        """
        parts = tuple(p for p in qualified.split(".") if p)
        if not parts:
            return None
        # The longest prefix naming a file wins: com.x.Outer.Inner is in com/x/Outer.java.
        # Each prefix's place below a root is made once, not once per root (a
        # build of hundreds of modules has as many roots).
        prefixes = [(parts[: end - 1], parts[end - 1] + ".java", end) for end in range(len(parts), 0, -1)]
        roots = self._java_root_list(_absolute(importer).parent, package)
        if any(os.sep in part for part in parts) or any(root.endswith(os.sep) for root in roots):
            for root in roots:
                for below, name, end in prefixes:
                    directory = os.path.join(root, *below)
                    if name in self._java_files_in(directory):
                        return self._read(Path(directory, name), parts[end:])
            return None
        # The first root holding any prefix's file, and in it the longest
        # prefix: the roots whose directory below holds .java files are found
        # once per root list and place (spring-boot: 200 roots a class asked,
        # the same packages asked again and again).  The directory is
        # os.path.join's own result for names without a separator (Java's).
        best: tuple[int, str, str, int] | None = None
        for below, name, end in prefixes:
            tail = os.sep + os.sep.join(below) if below else ""
            # An earlier root (or the same one, with a longer prefix) wins.
            before = best[0] if best is not None else len(roots)
            for index, root, names in self._java_places(roots, below, tail, before):
                if name in names:
                    best = (index, root + tail, name, end)
                    break
        if best is None:
            return None
        _, directory, name, end = best
        return self._read(Path(directory, name), parts[end:])

    def _java_places(
        self, roots: tuple[str, ...], below: tuple[str, ...], tail: str, before: int
    ) -> Iterator[tuple[int, str, frozenset[str]]]:
        """The roots (their index in ``roots``, below ``before``) whose directory
        ``below`` holds ``.java`` files, with their names, in the order of
        ``roots``.  The first root (the asking module's own: most classes are
        found there) is looked at alone, and no other when it holds the class;
        the others as sets (:meth:`_java_reach`), once per root list and place.
        """
        if before <= 0 or not roots:
            return
        first = roots[0]
        listings = self._java_listings_below.get(first)
        if listings is None:
            listings = self._java_listings_below[first] = {}
        names = listings.get(tail)
        if names is None:
            names = listings[tail] = self._java_files_below(first, below)
        if names:
            yield 0, first, names
        if before <= 1:
            return
        key = (roots, tail)
        places = self._java_places_cache.get(key)
        if places is None:
            places = self._java_places_cache[key] = self._places_after_first(roots, below, tail)
        for place in places:
            if place[0] >= before:
                return
            yield place

    def _places_after_first(
        self, roots: tuple[str, ...], below: tuple[str, ...], tail: str
    ) -> list[tuple[int, str, frozenset[str]]]:
        """The roots but the first holding ``.java`` files at ``tail``, by their index in ``roots``."""
        known = self._root_sets.get(roots)
        if known is None:
            positions: dict[str, int] = {}
            for index, root in enumerate(roots):
                positions.setdefault(root, index)
            known = self._root_sets[roots] = (frozenset(roots), positions)
        members, positions = known
        holding = self._java_reach(below, tail, members).holding
        found = [(positions[root], root, names) for root, names in holding.items() if root in members]
        return sorted(place for place in found if place[0] > 0)

    def _java_reach(self, below: tuple[str, ...], tail: str, roots: frozenset[str] | set[str]) -> _Reach:
        """Which of ``roots`` the walk of :meth:`_java_files_below` reaches ``below``
        in (its parent's listing does not rule it out), and those holding
        ``.java`` files there: decided for a whole set of roots at once, from
        the roots that reach the parent place (a build of 250 modules asks
        for hundreds of packages, and all but a few roots drop out near the top).
        """
        state = self._java_reach_cache.get(tail)
        if state is None:
            state = self._java_reach_cache[tail] = _Reach()
        todo = roots - state.decided
        if not todo:
            return state
        if below:
            name = below[-1]
            above = tail[: -len(name) - 1]
            candidates = todo & self._java_reach(below[:-1], above, todo).reached
        else:
            name, above, candidates = "", "", set(todo)
        for root in candidates:
            if name:
                listing = self._java_listing(root + above)
                if listing is not None and listing[1] is not None and name not in listing[1]:
                    continue
            state.reached.add(root)
            names = self._java_files_in(root + tail)
            if names:
                state.holding[root] = names
        state.decided |= todo
        return state

    def _java_root_list(self, directory: Path, package: str) -> tuple[str, ...]:
        """:meth:`_java_roots`, once per directory and package: a multi-module
        build (spring-boot) has hundreds of roots, and each class asked for
        walked them again (22 s of 25 on spring-boot, in path objects).  The
        roots beside a source root are listed once per source root (all the
        packages of a module share them).
        """
        key = (directory, package)
        roots = self._root_lists.get(key)
        if roots is None:
            names = [p for p in package.split(".") if p]
            if names and directory.parts[-len(names) :] != tuple(names):
                roots = (str(directory),)  # not laid out by package: only the file's own directory
            else:
                root = directory.parents[len(names) - 1] if names else directory
                roots = self._roots_beside.get(root)
                if roots is None:
                    roots = self._roots_beside[root] = tuple(self._java_roots(root))
            self._root_lists[key] = roots
        return roots

    def _java_files_in(self, directory: str) -> frozenset[str]:
        """The names of the ``.java`` files in ``directory`` (none if it is not
        one), listed once: one look per directory instead of one per class asked.
        """
        listing = self._java_listing(directory)
        return listing[0] if listing is not None else frozenset()

    def _java_listing(self, directory: str) -> tuple[frozenset[str], frozenset[str] | None] | None:
        """The ``.java`` files and the subdirectories of ``directory`` (None: not
        a directory one can list; subdirectories None: not all known), listed once.
        """
        if directory in self._java_listings:
            return self._java_listings[directory]
        listing: tuple[frozenset[str], frozenset[str] | None] | None
        try:
            files: list[str] = []
            subdirectories: list[str] | None = []
            with os.scandir(directory) as entries:
                for e in entries:
                    if e.name.endswith(".java") and _is_file(e):
                        files.append(e.name)
                    if subdirectories is not None:
                        try:
                            if e.is_dir():
                                subdirectories.append(e.name)
                        except OSError:
                            subdirectories = None
            listing = (frozenset(files), None if subdirectories is None else frozenset(subdirectories))
        except OSError:
            listing = None
        self._java_listings[directory] = listing
        return listing

    def _java_files_below(self, root: str, below: tuple[str, ...]) -> frozenset[str]:
        """:meth:`_java_files_in` of ``root`` and the directories ``below`` it,
        found down from ``root`` through listings already made: a directory
        its parent does not list is none (most of the places a class is looked
        for across the modules of a build), without a look of its own.
        """
        directory = root
        for name in below:
            listing = self._java_listing(directory)
            if listing is not None and listing[1] is not None and name not in listing[1]:
                return frozenset()
            directory = directory + os.sep + name
        return self._java_files_in(directory)

    def _java_roots(self, root: Path) -> Iterator[str]:
        """``root``, then the other source roots of its module and of the modules beside it."""
        yield str(root)
        # src/<set>/java: the module's other source sets, then the modules beside it.
        if root.parent.parent.name == "src" and len(root.parents) >= 3:
            module = root.parents[2]
            language = root.name
            for other in _subdirectories(root.parent.parent):
                candidate = other / language
                if candidate != root and self._is_dir(candidate):
                    yield str(candidate)
            for sibling in self._sibling_modules(module):
                yield from self._module_roots(sibling, language)

    def _module_roots(self, module: Path, language: str) -> tuple[str, ...]:
        """The main and test source roots of ``module`` that are directories, looked at once
        (the Java helper index asks for those of every module of a build).
        """
        key = (module, language)
        found = self._module_root_lists.get(key)
        if found is None:
            found = self._module_root_lists[key] = tuple(
                root
                for source_set in ("main", "test")
                if (root := self._source_root(module, source_set, language)) is not None
            )
        return found

    def _source_root(self, module: Path, source_set: str, language: str) -> str | None:
        """``module/src/<source_set>/<language>`` when it is a directory, looked at once
        (every module of a build lists the same modules beside it).
        """
        key = (module, source_set, language)
        if key not in self._source_roots:
            candidate = module / "src" / source_set / language
            self._source_roots[key] = str(candidate) if self._is_dir(candidate) else None
        return self._source_roots[key]

    def _sibling_modules(self, module: Path) -> tuple[Path, ...]:
        """The modules of the build ``module`` belongs to: its parent's and
        grandparent's subdirectories (bounded, never above the repository
        root), itself excluded.
        """
        cached = self._modules.get(module)
        if cached is None:
            repository = self._repository_root(module)
            levels: list[Path] = []
            if module != repository:
                levels.append(module.parent)
                if repository is not None and module.parent != repository:
                    levels.append(module.parent.parent)
            found: dict[Path, None] = {}  # in order, each once
            for level in levels:
                children = self._level_children.get(level)
                if children is None:
                    children = self._level_children[level] = _subdirectories(level)[:MAX_MODULES]
                for child in children:
                    if child != module:
                        found.setdefault(child)
            cached = self._modules[module] = tuple(found)
        return cached

    def _is_dir(self, path: Path) -> bool:
        try:
            return path.is_dir()
        except OSError:
            return False

    # -- Terraform -----------------------------------------------------------

    def terraform_module(self, importer: str) -> list[Source]:
        """The other ``.tf`` files of the Terraform module (directory) of the file
        shown as ``importer``, sorted by name: where its ``var.``/``local.`` values
        and its provider are declared.
        """
        return self.terraform_directory(_absolute(importer).parent, skip=_absolute(importer).name)

    def terraform_directory(self, directory: str | Path, skip: str = "", suffix: str = ".tf") -> list[Source]:
        """The ``.tf`` files (``suffix=".tf.json"``: the JSON syntax's) of the
        Terraform module in ``directory`` (but ``skip``), sorted by name: the
        module a ``module`` block's local ``source`` calls.
        """
        directory = _absolute(str(directory))
        try:
            with os.scandir(directory) as entries:
                names = sorted(
                    e.name
                    for e in entries
                    if e.name.endswith(suffix) and e.name != skip and e.is_file(follow_symlinks=False)
                )
        except OSError:
            return []
        found = (self._read(directory / name) for name in names[:MAX_MODULE_FILES])
        return [source for source in found if source is not None]

    def terraform_variable_files(self, importer: str) -> list[Source]:
        """The variable definitions files Terraform loads by itself for the root
        module in the directory of ``importer``, lowest precedence first:
        ``terraform.tfvars``, then the ``*.auto.tfvars`` in lexical order (a later
        file's value wins; https://developer.hashicorp.com/terraform/language/values/variables#variable-definition-precedence).
        """
        directory = _absolute(importer).parent
        try:
            with os.scandir(directory) as entries:
                auto = sorted(e.name for e in entries if e.name.endswith(".auto.tfvars") and e.is_file())
        except OSError:
            return []
        names = ["terraform.tfvars", *auto[:MAX_MODULE_FILES]]
        found = (self._read(directory / name) for name in names if self._exists(directory / name))
        return [source for source in found if source is not None]

    # -- Python ------------------------------------------------------------

    def python_module(self, importer: str, module: str, level: int = 0) -> Source | None:
        """The file of module ``module`` as imported by the file shown as
        ``importer``: ``from ..a import b`` is ``module="a"``, ``level=2``.
        """
        parts = tuple(p for p in module.split(".") if p)
        directory = _absolute(importer).parent
        if level > 0:
            if level - 2 >= len(directory.parents):
                return None
            base = directory if level == 1 else directory.parents[level - 2]
            return self._python_file(base, parts)
        if not parts:
            return None
        for root in self._python_roots(directory):
            found = self._python_file(root, parts)
            if found is not None:
                return found
        return None

    def _python_file(self, base: Path, parts: tuple[str, ...]) -> Source | None:
        if not parts:
            init = base / "__init__.py"
            return self._read(init) if self._exists(init) else None
        module = base.joinpath(*parts[:-1], parts[-1] + ".py")
        if self._exists(module):
            return self._read(module)
        package = base.joinpath(*parts, "__init__.py")
        return self._read(package) if self._exists(package) else None

    def _python_roots(self, directory: Path) -> Iterator[Path]:
        top = directory
        while self._exists(top / "__init__.py") and top.parent != top:
            top = top.parent
        yield top
        repository = self._repository_root(directory)
        if repository is not None:
            for root in (repository, repository / "src"):
                if root != top:
                    yield root

    def _repository_root(self, directory: Path) -> Path | None:
        if directory not in self._roots:
            found = None
            for depth, candidate in enumerate((directory, *directory.parents)):
                if depth > _MAX_DEPTH:
                    break
                if is_repository_root(candidate):
                    found = candidate
                    break
            self._roots[directory] = found
        return self._roots[directory]


def _absolute(display: str) -> Path:
    return Path(os.path.abspath(display))


def _is_file(entry: os.DirEntry[str]) -> bool:
    """``Path.is_file()`` of a directory entry: a regular file, through symbolic links."""
    try:
        return entry.is_file()
    except OSError:
        return False


def _subdirectories(directory: Path) -> list[Path]:
    """The directories in ``directory``, sorted (hidden ones left out); none if unreadable."""
    try:
        with os.scandir(directory) as entries:
            names = sorted(e.name for e in entries if e.name[0] != "." and e.is_dir(follow_symlinks=False))
    except OSError:
        return []
    return [directory / name for name in names]


_current: Project | None = None


def current() -> Project | None:
    """The Project of the file being linted; None outside a run."""
    return _current


@contextmanager
def using(project: Project | None) -> Iterator[Project | None]:
    """Make ``project`` the one :func:`current` returns for the duration."""
    global _current
    previous, _current = _current, project
    try:
        yield project
    finally:
        _current = previous
