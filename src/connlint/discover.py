"""Walk the paths of a run and classify each file by name, extension and
shebang.  Honours ``.gitignore`` files (with pathspec's git semantics), the
configured excludes, and prunes directories that never hold sources of
interest before descending into them.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pathspec

from connlint.model import Notification

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

_EXACT_NAMES: dict[str, str] = {
    "pom.xml": "maven",
    "build.gradle": "gradle",
    "build.gradle.kts": "gradle",
    "settings.gradle": "gradle",
    "settings.gradle.kts": "gradle",
    "Dockerfile": "dockerfile",
    "Containerfile": "dockerfile",
    ".my.cnf": "option_file",
    ".mylogin.cnf": "binary",
    ".envrc": "shell",
    ".gitlab-ci.yml": "ci",
    "pyproject.toml": "python_deps",
    "poetry.lock": "python_deps",
    "Pipfile.lock": "python_deps",
    "uv.lock": "python_deps",
}

_EXTENSIONS: dict[str, str] = {
    ".java": "java",
    ".py": "python",
    ".pyw": "python",
    ".sh": "shell",
    ".bash": "shell",
    ".ksh": "shell",
    ".zsh": "shell",
    ".properties": "properties",
    ".yml": "yaml",
    ".yaml": "yaml",
    ".xml": "xml",
    ".cnf": "option_file",
    ".ini": "option_file",
    ".dockerfile": "dockerfile",
    ".gradle": "gradle",
    ".kts": "gradle",
}

_SHEBANG = re.compile(rb"^#!\s*(?:/usr/bin/env\s+(?:-S\s+)?)?(?:\S*/)?(\w+)")
_SHELLS = frozenset({b"sh", b"bash", b"dash", b"ksh", b"zsh", b"ash"})
_PYTHONS = re.compile(rb"^python(?:\d(?:\.\d+)?)?$")
_COMPOSE = re.compile(r"^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$")
_REQUIREMENTS = re.compile(r"^requirements[\w.-]*\.(?:txt|in)$")


def classify(rel: PurePosixPath, head: bytes = b"") -> str | None:
    """The file kind of ``rel`` (a path relative to its scan root), or None.

    ``head`` is the start of the file, for the shebang of extension-less scripts.
    """
    name = rel.name
    if name in _EXACT_NAMES:
        return _EXACT_NAMES[name]
    parts = rel.parts
    suffix = rel.suffix.lower()
    if suffix in (".yml", ".yaml") and (
        _COMPOSE.match(name) or (len(parts) >= 3 and parts[-3:-1] == (".github", "workflows"))
    ):
        return "ci"
    if name.startswith(("Dockerfile.", "Containerfile.")):
        return "dockerfile"
    if _REQUIREMENTS.match(name):
        return "python_deps"
    if name == "libs.versions.toml" or name == "gradle.properties":
        return "gradle" if name.endswith(".toml") else "properties"
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    if not suffix and head.startswith(b"#!"):
        m = _SHEBANG.match(head)
        if m:
            interpreter = m.group(1)
            if interpreter in _SHELLS:
                return "shell"
            if _PYTHONS.match(interpreter):
                return "python"
    return None


@dataclass(frozen=True)
class SourceFile:
    """A file to lint: its absolute path, its display path and its kind."""

    path: Path
    display: str
    kind: str


def _gitignore_spec(directory: Path) -> pathspec.GitIgnoreSpec | None:
    try:
        lines = (directory / ".gitignore").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _display(path: Path, cwd: Path) -> str:
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(128)
    except OSError:
        return b""


class Walker:
    """Discovers the files of a run, collecting notifications for paths it cannot use."""

    def __init__(self, excludes: pathspec.GitIgnoreSpec | None = None, cwd: Path | None = None) -> None:
        self.excludes = excludes
        self.cwd = (cwd or Path.cwd()).resolve()
        self.notifications: list[Notification] = []

    def _excluded(self, rel: str, is_dir: bool) -> bool:
        if self.excludes is None:
            return False
        return self.excludes.match_file(rel + "/" if is_dir else rel)

    def walk(self, paths: Iterable[Path]) -> Iterator[SourceFile]:
        """Yield each lintable file below ``paths`` once, in a stable order."""
        seen: set[Path] = set()
        for given in paths:
            abs_path = Path(os.path.abspath(given))
            try:
                st = abs_path.stat()
            except OSError as exc:
                self.notifications.append(Notification(str(given), f"cannot read path: {exc.strerror}"))
                continue
            if stat.S_ISDIR(st.st_mode):
                yield from self._walk_dir(abs_path, seen)
            elif stat.S_ISREG(st.st_mode):
                # Files named explicitly (pre-commit) are linted even if ignored.
                # Classify by the path as given, so .github/workflows/x.yml stays CI.
                sf = self._source(abs_path, PurePosixPath(Path(given).as_posix()))
                if sf and abs_path not in seen:
                    seen.add(abs_path)
                    yield sf
            else:
                self.notifications.append(Notification(str(given), "not a regular file; skipped"))

    def _source(self, abs_path: Path, rel: PurePosixPath) -> SourceFile | None:
        kind = classify(rel)
        if kind is None and not rel.suffix:
            kind = classify(rel, _read_head(abs_path))
        if kind is None or kind == "binary":
            return None
        return SourceFile(abs_path, _display(abs_path, self.cwd), kind)

    def _walk_dir(self, root: Path, seen: set[Path]) -> Iterator[SourceFile]:
        # (directory, [(base directory, spec), ...]) — each .gitignore applies below its folder.
        stack: list[tuple[Path, tuple[tuple[Path, pathspec.GitIgnoreSpec], ...]]] = [(root, ())]
        visited_dirs: set[tuple[int, int]] = set()
        while stack:
            directory, specs = stack.pop()
            try:
                dst = directory.stat()
            except OSError:
                continue
            key = (dst.st_dev, dst.st_ino)
            if key in visited_dirs:  # a symlink loop
                continue
            visited_dirs.add(key)
            spec = _gitignore_spec(directory)
            if spec is not None:
                specs = (*specs, (directory, spec))
            try:
                entries = sorted(os.scandir(directory), key=lambda e: e.name)
            except OSError as exc:
                self.notifications.append(
                    Notification(_display(directory, self.cwd), f"cannot list directory: {exc.strerror}")
                )
                continue
            subdirs: list[Path] = []
            for entry in entries:
                path = Path(entry.path)
                try:
                    is_dir = entry.is_dir()
                    is_file = entry.is_file()
                except OSError:
                    continue
                if is_dir and entry.name in PRUNED_DIRS:
                    continue
                rel_root = path.relative_to(root).as_posix()
                if self._excluded(rel_root, is_dir) or _ignored(path, is_dir, specs):
                    continue
                if is_dir:
                    if entry.is_symlink() and not _inside(path, root):
                        continue
                    subdirs.append(path)
                elif is_file:
                    if entry.is_symlink() and not _inside(path, root):
                        continue
                    sf = self._source(path, PurePosixPath(rel_root))
                    if sf is not None:
                        real = path.resolve()
                        if real in seen:
                            continue
                        seen.add(real)
                        yield sf
            stack.extend((d, specs) for d in reversed(subdirs))


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    return True


def _ignored(path: Path, is_dir: bool, specs: tuple[tuple[Path, pathspec.GitIgnoreSpec], ...]) -> bool:
    for base, spec in specs:
        rel = path.relative_to(base).as_posix()
        if spec.match_file(rel + "/" if is_dir else rel):
            return True
    return False
