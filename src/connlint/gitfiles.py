"""Which files git itself would show in a work tree: the walk's ``.gitignore``
handling, made exact by asking git.

A hand-made reading of ``.gitignore`` files misses what only git knows: the
``.gitignore`` files above the scanned directory, ``.git/info/exclude``,
``core.excludesFile``, and that a tracked file is never ignored.  Inside a
work tree, ``git ls-files --cached --others --exclude-standard`` answers all of
it at once (git's own matcher, in C); outside one, or without git, the walk
reads the ``.gitignore`` files itself (:mod:`connlint.discover`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import NamedTuple

#: Environment variables that would point git at another repository than the
#: one the directory lies in (set by hooks that run connlint).
_REPOSITORY_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX")

#: Seconds git may take to list a directory before the walk reads .gitignore itself.
_TIMEOUT = 120.0


class GitListing(NamedTuple):
    """The files git shows below one directory, as paths relative to it."""

    #: Tracked files and untracked files no exclude rule ignores ("a/b.yml").
    files: frozenset[str]
    #: Every directory holding one of them ("a/", "a/b/").
    dirs: frozenset[str]
    #: Nested repositories and submodules ("vendor/lib/"): git lists them, not
    #: their files, so the walk asks git again inside them.
    repositories: frozenset[str]

    def shows(self, rel: str, is_dir: bool) -> bool:
        """Whether git shows ``rel`` (a directory: something below it, or the
        directory itself as a repository, a submodule or a symbolic link).
        """
        if not is_dir:
            return rel in self.files
        return rel + "/" in self.dirs or rel in self.files or rel + "/" in self.repositories

    def is_repository(self, rel: str) -> bool:
        """Whether the directory ``rel`` is a nested repository or a submodule."""
        return rel + "/" in self.repositories or rel in self.files


def listing(directory: str) -> GitListing | None:
    """What git shows below ``directory``, or None: git is missing or fails, the
    directory is not in a work tree, or git ignores the directory itself (a
    directory named explicitly is walked all the same, with its own
    ``.gitignore`` files).
    """
    git = shutil.which("git")
    if git is None:
        return None
    env = {k: v for k, v in os.environ.items() if k not in _REPOSITORY_VARIABLES}
    # 0: git ignores the directory; 1: it does not; 128: no work tree here.
    probe = _git(git, directory, env, "check-ignore", "-q", ".")
    if probe is None or probe.returncode != 1:
        return None
    listed = _git(git, directory, env, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    if listed is None or listed.returncode != 0:
        return None
    return parse_listing(listed.stdout)


def parse_listing(output: bytes) -> GitListing:
    """A :class:`GitListing` from the NUL-separated output of ``git ls-files -z``."""
    files: set[str] = set()
    dirs: set[str] = set()
    repositories: set[str] = set()
    for raw in output.split(b"\0"):
        if not raw:
            continue
        path = os.fsdecode(raw)  # names as os.scandir gives them, undecodable bytes kept
        if path.endswith("/"):  # an untracked nested repository
            repositories.add(path)
        else:
            files.add(path)
        # The directories above it (a file below one already added its own).
        end = path.rfind("/", 0, len(path) - 1)
        while end > 0:
            parent = path[: end + 1]
            if parent in dirs:
                break
            dirs.add(parent)
            end = path.rfind("/", 0, end)
    return GitListing(frozenset(files), frozenset(dirs), frozenset(repositories))


def _git(
    git: str, directory: str, env: dict[str, str], *args: str
) -> subprocess.CompletedProcess[bytes] | None:
    try:
        return subprocess.run(
            [git, "-C", directory, *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env=env,
            timeout=_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
