"""The image a shell script runs in (issue 16, item 14): a Dockerfile of the
repository that copies the script into an image (``COPY backup.sh /``,
``COPY resources /resources``, ``COPY . /app``) says which client its
commands run: the stage's ``FROM`` image and the client packages its ``RUN``
lines install (``apk add mysql-client``: MariaDB's client on Alpine).

The Dockerfiles looked at are those (``Dockerfile``, ``Dockerfile.*``,
``*.Dockerfile``, ``Containerfile``) in the script's directory and the
directories above it, up to the repository root (or a few levels when none
is found); a ``COPY`` source is read against the Dockerfile's directory and
the repository root (the usual build contexts).  Each directory and
Dockerfile is read once per process, through the run's
:class:`~connlint.project.Project`.  Only stages whose image or packages name
a MySQL-family client count, and only when they all name the same client
(family and version): images that disagree leave the script's client unknown.
The context goes to the script's client commands with a hop at the ``COPY``.
"""

from __future__ import annotations

import fnmatch
import functools
import os
from dataclasses import replace
from pathlib import Path

from connlint import project
from connlint.clients.client_context import context_of
from connlint.frontends.run_context import attach
from connlint.model import CandidateKind, Extraction, Hop, Location, Setting
from connlint.scope import display_path, is_repository_root, read_context_file

#: How far up from a script Dockerfiles (and the repository root) are looked for.
_MAX_UP = 40
#: Without a repository root, how many directories above the script are looked at.
_MAX_UP_WITHOUT_ROOT = 2
#: Dockerfiles read from one directory (a directory of hundreds is not a build).
_MAX_DOCKERFILES = 8


def attach_image(path: str, out: Extraction) -> None:
    """Give the client commands of the script ``path`` (in ``out``) the image a
    Dockerfile of the repository copies it into, when one client is named.
    """
    if not any(c.kind is CandidateKind.MYSQL_CLI for c in out.candidates):
        return
    found = image_of(path)
    if found is None:
        return
    settings, hop = found
    before = list(out.candidates)
    attach(out, settings)
    for i, c in enumerate(out.candidates):
        if c is not before[i]:  # given the image (not one of its own): the hop goes with it
            out.candidates[i] = replace(c, trail=(*c.trail, hop))


def image_of(path: str) -> tuple[list[Setting], Hop] | None:
    """The image settings of the script ``path`` and a hop at the ``COPY`` that
    puts it there; None when no Dockerfile, or several naming different clients.
    """
    current = project.current()
    if current is None:
        return None
    script = Path(os.path.normpath(os.path.abspath(path)))
    directories = _directories(script.parent)
    root = directories[-1] if directories and is_repository_root(directories[-1]) else None
    chosen: tuple[list[Setting], Hop] | None = None
    seen: set[tuple[str, str | None]] = set()
    for directory in directories:
        for dockerfile in current.memo(
            ("dockerfiles", str(directory)), functools.partial(_dockerfiles, directory)
        ):
            for context, copied in current.memo(
                ("stages", str(dockerfile)), functools.partial(_stages, dockerfile)
            ):
                where = _copies(script, dockerfile.parent, root, copied)
                if where is None:
                    continue
                client = context_of(context)
                if client is None:
                    continue
                seen.add((client.family, client.version))
                if chosen is None:
                    chosen = (
                        list(context),
                        Hop(
                            where,
                            f"via {display_path(dockerfile)}: copied into an image with {client.source}",
                        ),
                    )
    return chosen if len(seen) == 1 else None


def _directories(start: Path) -> list[Path]:
    """The script's directory and those above it, to the repository root (last)."""
    out: list[Path] = []
    for depth, directory in enumerate((start, *start.parents)):
        if depth > _MAX_UP:
            break
        out.append(directory)
        if is_repository_root(directory):
            return out
    return out[: _MAX_UP_WITHOUT_ROOT + 1]


def _dockerfiles(directory: Path) -> tuple[Path, ...]:
    try:
        names = sorted(
            entry.name
            for entry in os.scandir(directory)
            if _is_dockerfile(entry.name) and entry.is_file(follow_symlinks=False)
        )
    except OSError:
        return ()
    return tuple(directory / name for name in names[:_MAX_DOCKERFILES])


def _is_dockerfile(name: str) -> bool:
    lower = name.lower()
    return (
        lower in ("dockerfile", "containerfile")
        or lower.startswith("dockerfile.")
        or lower.endswith(".dockerfile")
    )


def _stages(dockerfile: Path) -> tuple[tuple[tuple[Setting, ...], tuple[tuple[str, Location], ...]], ...]:
    from connlint.frontends import dockerfile as dockerfile_frontend

    display = display_path(dockerfile)
    text, _problem = read_context_file(dockerfile, display)
    if text is None or "\0" in text:
        return ()
    try:
        return tuple((s.context, s.copied) for s in dockerfile_frontend.stages(display, text))
    except (ValueError, IndexError, RecursionError):
        return ()


def _copies(
    script: Path, context_dir: Path, root: Path | None, copied: tuple[tuple[str, Location], ...]
) -> Location | None:
    """Where a ``COPY``/``ADD`` of ``copied`` takes ``script`` from a build context."""
    bases = [context_dir, *([root] if root is not None and root != context_dir else [])]
    for source, where in copied:
        if "://" in source or "$" in source:
            continue  # a URL (ADD) or a build argument: not a file of the repository
        for base in bases:
            target = os.path.normpath(base / source.lstrip("/"))
            text = str(script)
            if text == target or text.startswith(target.rstrip(os.sep) + os.sep):
                return where
            if any(ch in source for ch in "*?[") and fnmatch.fnmatchcase(text, target):
                return where
    return None
