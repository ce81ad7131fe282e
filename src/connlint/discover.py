"""Walk the paths of a run and classify each file by name, extension and
shebang, as the declarations of :mod:`connlint.frontends.kinds` say.  Honours
git's ignore rules (inside a work tree git itself says which files they leave,
:mod:`connlint.gitfiles`; elsewhere the ``.gitignore`` files are read, the
deepest deciding as in git), the configured excludes (relative to the
configuration file's directory), and prunes directories that never hold
sources of interest before descending into them.
"""

from __future__ import annotations

import errno
import operator
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, NamedTuple, TypeAlias

from connlint import lazy
from connlint.frontends.kinds import KINDS, OPT_IN_KINDS, UNREAD_NAMES, KindName
from connlint.model import Notification

if TYPE_CHECKING:  # imported when a .gitignore is read: a pre-commit run on named files never needs it
    import pathspec

    from connlint import gitfiles

# Directories that are never the project's own configuration: VCS metadata,
# dependency caches, build output and virtual environments.
PRUNED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".tox",
        ".nox",
        ".venv",
        "venv",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        "__pycache__",
        "node_modules",
        ".gradle",
        ".idea",
        "target",
        "build",
        "dist",
        ".eggs",
    }
)

#: A name rule: the regex a whole name matches, the directories just above it
#: ("" for any), the kind.
_Rule: TypeAlias = "tuple[str, str, KindName]"


def _name_rules(attribute: str) -> tuple[re.Pattern[str], tuple[_Rule, ...]]:
    """The name patterns of every kind held in ``attribute`` (``patterns`` or
    ``late_patterns``): one compiled alternation that rejects most names in a
    single match, and the rules in the order of :data:`KINDS`, compiled (and
    cached by ``re``) only for a name the alternation accepts.
    """
    rules = tuple((p.regex, p.parent, kind.name) for kind in KINDS for p in getattr(kind, attribute))
    return re.compile("|".join(f"(?:{regex})" for regex, _, _ in rules) or "(?!)"), rules


_BY_NAME: dict[str, KindName] = {name: kind.name for kind in KINDS for name in kind.names}
_BY_NAME.update(dict.fromkeys(UNREAD_NAMES, "binary"))
_BY_SUFFIX: dict[str, KindName] = {suffix: kind.name for kind in KINDS for suffix in kind.suffixes}
_ANY_PATTERN, _PATTERNS = _name_rules("patterns")
_ANY_LATE_PATTERN, _LATE_PATTERNS = _name_rules("late_patterns")
_INTERPRETERS: tuple[tuple[bytes, KindName], ...] = tuple(
    (kind.interpreters.encode(), kind.name) for kind in KINDS if kind.interpreters
)
#: The interpreter of a ``#!`` line, past a launcher that runs the rest of the
#: line: ``env`` (with its options: ``env -S bash -e``) or s6-overlay's
#: ``with-contenv`` (``#!/command/with-contenv bash``: the scripts of
#: s6-overlay images, common in backup containers).
_SHEBANG = lazy.compile(rb"^#!\s*(?:(?:\S*/)?(?:env|with-contenv)\s+(?:-\S*\s+)*)?(?:\S*/)?(\w+)")


def classify(rel: PurePosixPath, head: bytes = b"") -> KindName | None:
    """The file kind of ``rel`` (a path relative to its scan root), or None.

    ``head`` is the start of the file, for the shebang of extension-less scripts.
    """
    return _kind(rel.name, rel.as_posix(), head)


def _suffix(name: str) -> str:
    """``PurePosixPath(name).suffix``, without building a path object."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def _by_pattern(
    any_pattern: re.Pattern[str], rules: tuple[_Rule, ...], name: str, rel: str
) -> KindName | None:
    if any_pattern.fullmatch(name) is None:
        return None
    for regex, parent, kind in rules:
        if re.fullmatch(regex, name) and (not parent or ("/" + rel).endswith(f"/{parent}/{name}")):
            return kind
    return None


def _kind(name: str, rel: str, head: bytes = b"") -> KindName | None:
    """:func:`classify` on strings: the hot path of the walk builds no path objects."""
    kind = _BY_NAME.get(name)
    if kind is not None:
        return kind
    kind = _by_pattern(_ANY_PATTERN, _PATTERNS, name, rel)
    if kind is not None:
        return kind
    suffix = _suffix(name)
    kind = _BY_SUFFIX.get(suffix.lower())
    if kind is not None:
        return kind
    kind = _by_pattern(_ANY_LATE_PATTERN, _LATE_PATTERNS, name, rel)
    if kind is not None:
        return kind
    if not suffix and head.startswith(b"#!"):
        m = _SHEBANG.match(head)
        if m:
            interpreter = m.group(1)
            for regex, kind in _INTERPRETERS:
                if re.fullmatch(regex, interpreter):
                    return kind
    return None


class SourceFile(NamedTuple):
    """A file to lint: its absolute path, its display path and its kind.

    A NamedTuple rather than a frozen dataclass: cheaper to define at import
    (every pre-commit run) and to build (one per file of the walk).
    """

    path: Path
    display: str
    kind: KindName


def _gitignore_spec(directory: str) -> pathspec.GitIgnoreSpec | None:
    try:
        with open(os.path.join(directory, ".gitignore"), encoding="utf-8", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return None
    import pathspec

    try:
        return pathspec.GitIgnoreSpec.from_lines(lines)
    except ValueError:  # a line git itself ignores (a lone `!`): keep the others, as git does
        return pathspec.GitIgnoreSpec.from_lines([line for line in lines if _valid_pattern(line)])


def _valid_pattern(line: str) -> bool:
    import pathspec

    try:
        pathspec.GitIgnoreSpec.from_lines([line])
    except ValueError:
        return False
    return True


def _display(path: Path, cwd: Path) -> str:
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()


def _read_head(path: str | Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(128)
    except OSError:
        return b""


_ENTRY_NAME = operator.attrgetter("name")


# A .gitignore in force: the path of its folder relative to the scan root ("" or
# "a/b/"), and its patterns.
_Specs: TypeAlias = "tuple[tuple[str, _Matcher], ...]"
# What git shows below a directory, and that directory's path relative to the scan root.
_Git: TypeAlias = "tuple[gitfiles.GitListing, str] | None"


def _dir_key(st: os.stat_result) -> tuple[int, int]:
    """A directory's identity: reached by any path, through any link."""
    return st.st_dev, st.st_ino


class _Directories:
    """Directories by device and inode, in a few dozen bytes each: a set of
    inode numbers per device (an int per directory, no tuple, no path).
    """

    __slots__ = ("_inodes",)

    def __init__(self) -> None:
        self._inodes: dict[int, set[int]] = {}

    def add(self, key: tuple[int, int]) -> None:
        self._inodes.setdefault(key[0], set()).add(key[1])

    def __contains__(self, key: tuple[int, int]) -> bool:
        inodes = self._inodes.get(key[0])
        return inodes is not None and key[1] in inodes


class _Here:
    """Where a walk is: the directory being listed (its key) and the entry in hand;
    and the directories it did not list (unreadable, a virtual environment: few).
    """

    __slots__ = ("key", "name", "skipped")

    def __init__(self) -> None:
        self.key: tuple[int, int] | None = None
        self.name = ""
        self.skipped: set[tuple[int, int]] = set()


class _Matcher:
    """A :class:`pathspec.GitIgnoreSpec` with a quick test first.

    pathspec tries each pattern's regex in turn (55 for SQLAlchemy's
    .gitignore: half the walk of a real repository went there).  A path is
    matched only if one of the including patterns matches it, so one regex
    made of all of them says "no" for most paths at once; the spec itself
    decides the rest (negations, directory patterns), so the answer is
    pathspec's.
    """

    __slots__ = ("negates", "quick", "quick_any", "spec")

    def __init__(self, spec: pathspec.GitIgnoreSpec) -> None:
        self.spec = spec
        self.quick = _any_including(spec)
        self.negates = any(getattr(p, "include", None) is False for p in spec.patterns)
        self.quick_any = _any_including(spec, negations=True) if self.negates else self.quick

    def match(self, path: str) -> bool:
        """``spec.match_file(path)``."""
        if self.quick is not None and not path.startswith(("/", "./")) and self.quick.search(path) is None:
            return False  # (pathspec would first strip a leading "/" or "./")
        return bool(self.spec.match_file(path))

    def decide(self, path: str) -> bool | None:
        """True when the patterns ignore ``path``, False when a negation
        re-includes it, None when none of them speaks of it (git then asks the
        ``.gitignore`` of the directory above).
        """
        if not self.negates:
            return True if self.match(path) else None
        quick = self.quick_any
        if quick is not None and not path.startswith(("/", "./")) and quick.search(path) is None:
            return None
        return self.spec.check_file(path).include

    def match_below(self, path: str, floor: int) -> bool:
        """Whether a pattern matches ``path`` itself or a directory of it below
        its first ``floor`` characters: the last such pattern decides, as in
        git.  For a directory named explicitly (its path is ``path[:floor]``),
        whose own exclusion or its parents' does not count.
        """
        if self.quick is not None and self.quick.search(path) is None:
            return False
        excluded = False
        for pattern in self.spec.patterns:
            regex = getattr(pattern, "regex", None)
            include = getattr(pattern, "include", None)
            if regex is None or include is None:
                continue
            m = regex.search(path)
            if m is not None and m.end() > floor:
                excluded = bool(include)
        return excluded


# pathspec marks directory matches with a named group; one name cannot stand
# in several alternatives of a regex.
_NAMED_GROUP = lazy.compile(r"(?<!\\)\(\?P<\w+>")


def _any_including(spec: pathspec.GitIgnoreSpec, negations: bool = False) -> re.Pattern[str] | None:
    """One regex that finds a path when any including pattern of ``spec`` (and
    any negation too, with ``negations``) does (pathspec's
    ``RegexPattern.match_file`` is ``regex.search``), or None when the patterns
    cannot be joined (a flag that differs, a regex of bytes).
    """
    regexes: list[re.Pattern[str]] = []
    for p in spec.patterns:
        regex = getattr(p, "regex", None)
        include = getattr(p, "include", None)
        if regex is not None and (include or (negations and include is not None)):
            regexes.append(regex)
    if not regexes:
        return re.compile(r"(?!)")
    if len({r.flags for r in regexes}) != 1 or not all(isinstance(r.pattern, str) for r in regexes):
        return None
    try:
        return re.compile(_joined([_NAMED_GROUP.sub("(?:", r.pattern) for r in regexes]), regexes[0].flags)
    except re.error:
        return None


#: What pathspec makes of a pattern without a slash (``*.pyc``, ``build``): the
#: name at the start or after any ``/``, then ``/`` or the end.
_ANY_DEPTH = "^(?:.+/)?"
_NAME_END = "(?:(?:/)|$)"


def _joined(patterns: list[str]) -> str:
    """One regex that finds a path when any of ``patterns`` (pathspec's, named
    groups removed) does.

    pathspec's regexes all start with ``^``: tried one after another in an
    alternation, each start position of ``search`` tries every one of them, and
    each name pattern scans the path for its ``(?:.+/)?`` again.  So ``^`` is
    said once, and the name patterns share one prefix and one ending
    (``^(?:.+/)?(?:a|b)(?:/|$)`` finds what ``^(?:.+/)?a(?:/|$)|^(?:.+/)?b(?:/|$)``
    finds): the walk tested each path 3-4 times faster (issue 15).
    """
    if not all(p.startswith("^") and not _branches(p) for p in patterns):
        return "|".join(f"(?:{p})" for p in patterns)
    names: list[str] = []
    alternatives: list[str] = []
    for p in patterns:
        if p.startswith(_ANY_DEPTH) and p.endswith(_NAME_END) and len(p) > len(_ANY_DEPTH) + len(_NAME_END):
            names.append(f"(?:{p[len(_ANY_DEPTH) : -len(_NAME_END)]})")
        else:
            alternatives.append(f"(?:{p[1:]})")
    if names:
        alternatives.insert(0, f"(?:.+/)?(?:{'|'.join(names)}){_NAME_END}")
    return "^(?:" + "|".join(alternatives) + ")"


def _branches(pattern: str) -> bool:
    """Whether ``pattern`` has a ``|`` outside any group (``^a|b``: its ``^``
    anchors the first branch only).
    """
    depth = 0
    i = 0
    in_class = False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern.startswith(("^]", "]"), i + 1):  # a "]" first in a class is literal
                i += 3 if pattern[i + 1] == "^" else 2
                continue
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False


_OUTSIDE_DIR = "symbolic link to a directory outside the scanned root; not followed"
_OUTSIDE_FILE = "symbolic link to a file outside the scanned root; not followed"
_BROKEN_LINK = "broken symbolic link (missing target or a loop); skipped"
_UNREADABLE_LINK = "symbolic link to a path that cannot be read ({reason}); skipped"
_SPECIAL = "not a regular file (FIFO, socket or device); skipped"


class Walker:
    """Discovers the files of a run, collecting notifications for paths it cannot use.

    ``excludes`` are matched against paths relative to ``exclude_root`` (the
    configuration file's directory; the working directory without one), and
    against paths relative to the scanned directory for files outside it.  A
    path named explicitly is linted even when excluded, as in ruff, unless
    ``force_exclude`` (pre-commit names every changed file).  ``use_git``:
    inside a work tree, git says which files its ignore rules leave.
    """

    def __init__(
        self,
        excludes: pathspec.GitIgnoreSpec | None = None,
        cwd: Path | None = None,
        exclude_root: Path | None = None,
        force_exclude: bool = False,
        use_git: bool = True,
        opt_in: frozenset[KindName] = frozenset(),
    ) -> None:
        self.excludes = excludes
        #: Opt-in kinds this run reads (runbooks); the others are skipped.
        self.skipped_kinds = OPT_IN_KINDS - opt_in
        self._excludes = None if excludes is None else _Matcher(excludes)
        self.cwd = (cwd or Path.cwd()).resolve()
        self.exclude_root = self.cwd if exclude_root is None else Path(os.path.abspath(exclude_root))
        self.force_exclude = force_exclude
        self.use_git = use_git
        self.notifications: list[Notification] = []
        #: The .gitignore patterns of the last directories that have one, by real path.
        self._gitignores: dict[str, _Matcher | None] = {}

    def _exclude_path(self, abs_path: Path) -> str | None:
        """``abs_path`` relative to the exclude root ("" for the root itself), or None outside it."""
        try:
            rel = abs_path.relative_to(self.exclude_root).as_posix()
        except ValueError:
            return None
        return "" if rel == "." else rel

    def _named_excluded(self, abs_path: Path, given: Path, is_dir: bool) -> bool:
        """Whether a path named explicitly is excluded (only with ``force_exclude``)."""
        if not self.force_exclude or self._excludes is None:
            return False
        rel = self._exclude_path(abs_path)
        if rel is None:
            rel = given.as_posix()
        if not rel:
            return False
        return self._excludes.match(rel + "/" if is_dir else rel)

    def walk(self, paths: Iterable[Path]) -> Iterator[SourceFile]:
        """Yield each lintable file below ``paths`` once, in a stable order.

        Within one directory the walk needs no record of the files it yielded
        (see :meth:`_walk_dir`), so its memory does not grow with the tree;
        only a run naming several paths (which may overlap) keeps the real
        path of every file it yielded.
        """
        paths = list(paths)
        seen: set[str] | None = set() if len(paths) > 1 else None  # real paths
        for given in paths:
            abs_path = Path(os.path.abspath(given))
            try:
                st = abs_path.stat()
            except OSError as exc:
                self.notifications.append(Notification(str(given), f"cannot read path: {exc.strerror}"))
                continue
            if stat.S_ISDIR(st.st_mode):
                if not self._named_excluded(abs_path, Path(given), is_dir=True):
                    yield from self._walk_dir(abs_path, seen)
            elif stat.S_ISREG(st.st_mode):
                # Files named explicitly (pre-commit) are linted even if ignored.
                # Classify by the path as given, so .github/workflows/x.yml stays CI.
                if self._named_excluded(abs_path, Path(given), is_dir=False):
                    continue
                sf = self._source(abs_path, PurePosixPath(Path(given).as_posix()))
                if sf is None:
                    continue
                if seen is not None:
                    real = os.path.realpath(abs_path)
                    if real in seen:
                        continue
                    seen.add(real)
                yield sf
            else:
                self.notifications.append(Notification(str(given), "not a regular file; skipped"))

    def _source(self, abs_path: Path, rel: PurePosixPath) -> SourceFile | None:
        kind = classify(rel)
        if kind is None and not rel.suffix:
            kind = classify(rel, _read_head(abs_path))
        if kind is None or kind == "binary" or kind in self.skipped_kinds:
            return None
        return SourceFile(abs_path, _display(abs_path, self.cwd), kind)

    def _display_prefix(self, root: Path) -> str | None:
        """What display paths below ``root`` start with, or None when it differs per file
        (the working directory lies inside ``root``).
        """
        try:
            rel = root.relative_to(self.cwd).as_posix()
        except ValueError:
            try:
                self.cwd.relative_to(root)
            except ValueError:
                return root.as_posix().rstrip("/") + "/"
            return None
        return "" if rel == "." else rel + "/"

    def _skipped(self, path: str, rel: str, prefix: str | None, why: str, any_name: bool = False) -> None:
        """Report an entry the walk does not read: for names of a file kind only
        (unless ``any_name``), so unrelated sockets and links stay silent.
        """
        kind = _kind(rel.rsplit("/", 1)[-1], rel)
        if not any_name and (kind is None or kind == "binary" or kind in self.skipped_kinds):
            return
        display = _display(Path(path), self.cwd) if prefix is None else prefix + rel
        self.notifications.append(Notification(display, why))

    def _walk_dir(self, root: Path, seen: set[str] | None) -> Iterator[SourceFile]:
        """The files below ``root``, each once (and none in ``seen``, which gets them).

        Each directory is listed once, known by its device and inode, so a
        directory reached again through a symbolic link (a loop, or a second
        way in) is skipped, and a file that is not a link is met once.  Only a
        symbolic link to a file can name a file met another way: the real
        paths of those yielded are kept (few), and a link whose target lies in
        a directory already listed is skipped when the walk yielded the
        target there (the same tests, answered again for that one path).
        Nothing is kept per file, and an inode number per directory (issue 15,
        target 2: the real path of every file yielded took the walk of a
        110,000-file tree from 13 to 34 MB).
        """
        # The hot loop works on strings: no Path objects, no stat calls beyond one per
        # directory (scandir's d_type answers is_dir / is_file), no realpath per file.
        prefix = self._display_prefix(root)
        excludes = self._excludes
        # Excludes see paths relative to the exclude root: "a/b/" + rel for a root at a/b.
        # A root named explicitly is walked even when it (or a parent) is excluded: then
        # only what lies below it can exclude (the first ``floor`` characters do not count).
        base = self._exclude_path(root)
        ex_prefix = base + "/" if base else ""
        floor = len(ex_prefix) if excludes is not None and ex_prefix and excludes.match(ex_prefix) else 0
        git = self._git_listing(str(root), "")
        # (directory, its path relative to root ("" or "a/b/"), its real path, .gitignores in
        # force, or what git shows and the path of git's directory relative to root)
        stack: list[tuple[str, str, str, _Specs, _Git]] = [(str(root), "", os.path.realpath(root), (), git)]
        listed = _Directories()  # the directories whose entries were walked
        linked: set[str] = set()  # real paths of the files yielded through a symbolic link
        here = _Here()
        root_git = git

        def admitted(rel: str, is_dir: bool, specs: _Specs, git: _Git) -> bool:
            """Whether the excludes, git and the .gitignores leave ``rel``."""
            if excludes is not None:
                ex_path = ex_prefix + rel + "/" if is_dir else ex_prefix + rel
                if excludes.match_below(ex_path, floor) if floor else excludes.match(ex_path):
                    return False
            if git is not None:
                return git[0].shows(rel[len(git[1]) :], is_dir)
            return not (specs and _ignored(rel, is_dir, specs))

        def yielded_before(real: str) -> bool:
            """Whether the walk yielded the file at ``real`` (a link's target) where it lies."""
            if real in linked or (seen is not None and real in seen):
                return True
            directory, name = os.path.split(real)
            try:
                key = _dir_key(os.stat(directory))
            except OSError:
                return False
            if key not in listed or (key == here.key and name > here.name):  # not listed yet
                return False
            found = self._context(directory, root, root_git)
            if found is None:
                return False
            rel_dir, specs, git = found
            rel = rel_dir + name
            return admitted(rel, False, specs, git) and self._lintable(name, rel, real) is not None

        while stack:
            directory, rel_dir, real_dir, specs, git = stack.pop()
            try:
                dst = os.stat(directory)
            except OSError:
                continue
            key = _dir_key(dst)
            if key in listed or key in here.skipped:  # a symlink loop, or a second way in
                continue
            try:
                with os.scandir(directory) as it:
                    entries = sorted(it, key=_ENTRY_NAME)
            except OSError as exc:
                here.skipped.add(key)
                self.notifications.append(
                    Notification(
                        _display(Path(directory), self.cwd), f"cannot list directory: {exc.strerror}"
                    )
                )
                continue
            if rel_dir and any(e.name == "pyvenv.cfg" for e in entries):
                here.skipped.add(key)
                continue  # a virtual environment under any name (env/, .env/): installed code
            if git is None and any(e.name == ".gitignore" for e in entries):
                matcher = self._gitignore(real_dir, directory)
                if matcher is not None:
                    specs = (*specs, (rel_dir, matcher))
            listed.add(key)
            here.key = key
            dir_path: Path | None = None  # made for the first file yielded here
            subdirs: list[tuple[str, str, str, _Git]] = []
            for entry in entries:
                name = entry.name
                here.name = name
                try:
                    is_dir = entry.is_dir()
                    is_file = not is_dir and entry.is_file()
                except OSError:  # ELOOP, a symlink loop: reported below
                    is_dir = is_file = False
                if is_dir and name in PRUNED_DIRS:
                    continue
                rel = rel_dir + name
                if not admitted(rel, is_dir, specs, git):
                    continue
                sub_git = git
                nested = is_dir and git is not None and git[0].is_repository(rel[len(git[1]) :])
                if nested and not entry.is_symlink():  # a nested repository or submodule: ask it
                    sub_git = self._git_listing(entry.path, rel + "/")
                if is_dir:
                    if entry.is_symlink():
                        if not _inside(Path(entry.path), root):
                            self._skipped(entry.path, rel, prefix, _OUTSIDE_DIR, any_name=True)
                            continue
                        real = os.path.realpath(entry.path)
                    else:
                        real = os.path.join(real_dir, name)
                    subdirs.append((entry.path, rel + "/", real, sub_git))
                elif is_file:
                    symlink = entry.is_symlink()
                    if symlink and not _inside(Path(entry.path), root):
                        self._skipped(entry.path, rel, prefix, _OUTSIDE_FILE)
                        continue
                    kind = self._lintable(name, rel, entry.path)
                    if kind is None:
                        continue
                    if symlink:
                        real = os.path.realpath(entry.path)
                        if yielded_before(real):
                            continue
                        linked.add(real)
                    elif linked or seen is not None:
                        real = os.path.join(real_dir, name)
                        if real in linked or (seen is not None and real in seen):
                            continue
                    if seen is not None:
                        seen.add(real)
                    if dir_path is None:
                        dir_path = Path(directory)
                    path = _child_path(dir_path, name, entry.path)
                    display = _display(path, self.cwd) if prefix is None else prefix + rel
                    yield SourceFile(path, display, kind)
                elif entry.is_symlink():
                    self._skipped(entry.path, rel, prefix, _link_problem(entry.path))
                else:  # a FIFO, socket or device: never opened, a read could block
                    self._skipped(entry.path, rel, prefix, _SPECIAL)
            here.key = None
            stack.extend((d, r, real, specs, g) for d, r, real, g in reversed(subdirs))

    def _context(self, directory: str, root: Path, git: _Git) -> tuple[str, _Specs, _Git] | None:
        """What the walk below ``root`` (where git showed ``git``) had in force in
        ``directory`` (a real path): its path relative to ``root``, the
        .gitignores and what git shows, found again from the path (for a link's
        target: rare); None when it does not lie below ``root``'s real path.
        """
        real_root = os.path.realpath(root)
        relative = os.path.relpath(directory, real_root)
        if relative == ".." or relative.startswith(".." + os.sep):
            return None
        parts = [] if relative == "." else relative.split(os.sep)
        specs: _Specs = ()
        current, rel_dir = real_root, ""
        for part in [*parts, None]:
            if git is None and os.path.isfile(os.path.join(current, ".gitignore")):
                matcher = self._gitignore(current, current)
                if matcher is not None:
                    specs = (*specs, (rel_dir, matcher))
            if part is None:
                break
            current, rel_dir = os.path.join(current, part), rel_dir + part + "/"
            if git is not None and git[0].is_repository(rel_dir[len(git[1]) : -1]):
                git = self._git_listing(current, rel_dir)
        return rel_dir, specs, git

    def _gitignore(self, real: str, directory: str) -> _Matcher | None:
        """The patterns of the ``.gitignore`` in ``directory`` (whose real path is
        ``real``), read once per walk: a link's target found again (see
        :meth:`_context`) reads those of every directory above it.  The last
        :data:`_KEPT_GITIGNORES` are kept, so memory does not grow with the tree.
        """
        if real in self._gitignores:
            return self._gitignores[real]
        spec = _gitignore_spec(directory)
        matcher = None if spec is None else _Matcher(spec)
        if len(self._gitignores) >= _KEPT_GITIGNORES:  # a tree of any size: the oldest goes
            del self._gitignores[next(iter(self._gitignores))]
        self._gitignores[real] = matcher
        return matcher

    def _lintable(self, name: str, rel: str, path: str) -> KindName | None:
        """The kind of the file ``name`` at ``rel``, if this walk lints it (its head is read
        from ``path`` for an extension-less name).
        """
        kind = _kind(name, rel)
        if kind is None and not _suffix(name):
            kind = _kind(name, rel, _read_head(path))
        if kind is None or kind == "binary" or kind in self.skipped_kinds:
            return None
        return kind

    def _git_listing(self, directory: str, rel: str) -> _Git:
        """What git shows below ``directory`` (at ``rel`` below the scan root), or None."""
        if not self.use_git:
            return None
        from connlint import gitfiles

        shown = gitfiles.listing(directory)
        return None if shown is None else (shown, rel)


#: How many directories' .gitignore patterns a walk keeps (see Walker._gitignore).
_KEPT_GITIGNORES = 128

_MAKE_CHILD = getattr(Path, "_make_child_relpath", None)


def _child_path(directory: Path, name: str, path: str) -> Path:
    """``Path(path)``, where ``path`` is ``directory``'s entry ``name``.

    Made from the directory's parsed parts where pathlib has the method its own
    ``glob`` and ``walk`` use for that (Python 3.11, 3.12): a tenth of the cost
    of parsing the whole path again, once per file of the walk.
    """
    if _MAKE_CHILD is not None:
        child = _MAKE_CHILD(directory, name)
        if isinstance(child, Path):
            return child
    return Path(path)


def _link_problem(path: str) -> str:
    """Why a symbolic link to neither a directory nor a regular file is skipped:
    its target is missing (or a loop), or is a FIFO, socket or device.
    """
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ELOOP, errno.ENOTDIR):
            return _BROKEN_LINK
        return _UNREADABLE_LINK.format(reason=exc.strerror or type(exc).__name__)
    return _SPECIAL


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    return True


def _ignored(rel: str, is_dir: bool, specs: _Specs) -> bool:
    """Whether the .gitignore files in force ignore ``rel`` (relative to the scan
    root): as in git, the deepest one that has a pattern for it decides, so
    ``!keep.properties`` in ``conf/.gitignore`` re-includes what ``*.properties``
    at the root ignores.
    """
    for base, matcher in reversed(specs):
        sub = rel[len(base) :]
        if not matcher.negates:  # most .gitignore files: a match ignores, else ask the parent's
            if matcher.match(sub + "/" if is_dir else sub):
                return True
            continue
        decided = matcher.decide(sub + "/" if is_dir else sub)
        if decided is not None:
            return decided
    return False
