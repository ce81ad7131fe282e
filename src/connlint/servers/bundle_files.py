"""Finding the CA bundle a connection names among the repository's files.

Which files are read: only those a connection names as its trust anchor
(``sslrootcert``, ``--ssl-ca``, ``trustCertificateKeyStoreUrl`` ...), not every
``.pem`` of the tree.  Repositories carry many certificates that are no trust
anchor of a database client (TLS libraries' test certificates, expired on
purpose; web servers' chains), and reading them all would cost a parse of each
and report their expiry as noise; a named bundle is the one a rotation
depends on.

The name as written is a path where the client runs (``/app/certs/x.pem`` in
a container, ``classpath:rds.pem``, ``certs/x.pem`` relative to the working
directory), so it is tried, in order: relative to the naming file's directory
and each directory above it up to the run's root; an absolute path under the
run's root; a classpath resource under ``src/{main,test}/resources`` of those
directories; and last, by its file name alone: the one file of that name in
the tree, or of several the one nearest the naming file (the deepest shared
directory; a tie is no answer), as when a Dockerfile copies
``certs/global-bundle.pem`` to ``/etc/ssl/rds.pem`` under another directory
and a monorepo holds that service twice.  Nothing outside the run's
roots is read: ``/etc/ssl/certs/ca.pem`` is never the scanning machine's.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from connlint import budget
from connlint.model import DYNAMIC
from connlint.servers.bundles import MAX_BUNDLE_BYTES, Bundle, read_bundle

#: Directories not searched for a bundle by name (those the walk prunes, and builds' output).
_PRUNED = frozenset(
    {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", "target", "build"}
)
#: The names of the files the by-name search keeps (lower-cased).
_BUNDLE_SUFFIXES = (".pem", ".crt", ".cer", ".der", ".p7b", ".p12", ".pfx", ".jks")
#: Entries looked at by the by-name search at most (a huge tree is not listed whole for one name).
MAX_ENTRIES = 200_000


def _written(path: str) -> tuple[str, bool] | None:
    """The path part of a trust anchor as written, and whether it is a classpath resource."""
    text = path.strip()
    classpath = False
    for prefix in ("file://", "file:", "classpath:"):
        if text.lower().startswith(prefix):
            classpath = prefix == "classpath:"
            text = text[len(prefix) :]
            break
    if not text or DYNAMIC in text or "$" in text or "{{" in text or "%" in text:
        return None
    return text.replace("\\", "/"), classpath


def _inside(path: Path, roots: Sequence[Path]) -> bool:
    real = os.path.realpath(path)
    return any(real == str(r) or real.startswith(str(r) + os.sep) for r in roots)


def _ancestors(directory: Path, roots: Sequence[Path]) -> Iterator[Path]:
    """``directory`` and the directories above it, up to the root that holds it."""
    for d in (directory, *directory.parents):
        if not _inside(d, roots):
            return
        yield d


def candidates(written: str, from_file: Path, roots: Sequence[Path]) -> Iterator[Path]:
    """Where in the tree the trust anchor ``written`` by ``from_file`` may be."""
    parsed = _written(written)
    if parsed is None:
        return
    text, classpath = parsed
    relative = text.lstrip("/")
    if not relative:
        return
    directories = list(_ancestors(from_file.parent, roots))
    if classpath:
        for d in directories:
            for source_set in ("main", "test"):
                yield d / "src" / source_set / "resources" / relative
        return
    if not text.startswith("/"):
        yield from (d / relative for d in directories)
    yield from (root / relative for root in roots)
    if text.startswith("/"):
        yield from (d / relative for d in directories)


def nearest(found: Sequence[Path], from_file: Path) -> Path | None:
    """The one of ``found`` that shares the deepest directory with ``from_file``; None on a tie."""
    if len(found) <= 1:
        return found[0] if found else None
    start = os.path.realpath(from_file.parent).split(os.sep)

    def shared(path: Path) -> int:
        parts = os.path.realpath(path.parent).split(os.sep)
        n = 0
        for a, b in zip(start, parts, strict=False):
            if a != b:
                break
            n += 1
        return n

    depths = sorted(((shared(p), p) for p in found), key=lambda item: -item[0])
    return depths[0][1] if depths[0][0] > depths[1][0] else None


class BundleFiles:
    """The bundles one run's connections name, each read once."""

    def __init__(self, roots: Iterable[Path], by_name: dict[str, list[Path]] | None = None) -> None:
        """``by_name``: :func:`names_below` the same roots, when it was listed already."""
        self.roots = real_roots(roots)
        self._read: dict[Path, Bundle | None] = {}
        self._by_name = by_name

    def find(self, written: str, from_file: Path) -> Path | None:
        """The file of the tree the trust anchor ``written`` by ``from_file`` is, or None."""
        for candidate in candidates(written, from_file, self.roots):
            if candidate.is_file() and _inside(candidate, self.roots):
                return candidate
        parsed = _written(written)
        if parsed is None:
            return None
        name = parsed[0].rsplit("/", 1)[-1]
        return nearest(self._named(name), from_file)

    def _named(self, name: str) -> list[Path]:
        if not name.lower().endswith(_BUNDLE_SUFFIXES):
            # The search keeps no other name: no walk of the tree for it (``ca``,
            # ``wrongPath``, ``dummyCA``: names of tests and placeholders).
            return []
        if self._by_name is None:
            self._by_name = names_below(self.roots)
        return self._by_name.get(name, [])

    def bundle(self, path: Path, display: str) -> Bundle | None:
        """The bundle at ``path`` (shown as ``display``), read once; None when it cannot be read."""
        if path not in self._read:
            try:
                with open(path, "rb") as fh:
                    data = fh.read(MAX_BUNDLE_BYTES + 1)
            except OSError:
                self._read[path] = None
            else:
                self._read[path] = read_bundle(data, display)
        return self._read[path]


def real_roots(roots: Iterable[Path]) -> tuple[Path, ...]:
    """The directories a run's roots (files or directories) stand for, as real paths."""
    return tuple(Path(os.path.realpath(r if r.is_dir() else r.parent)) for r in roots)


def searched_by_name(written: str) -> bool:
    """Whether finding the trust anchor ``written`` may take the by-name search
    (:func:`names_below`): a plain path whose file name a bundle can have.
    """
    parsed = _written(written)
    return parsed is not None and parsed[0].rsplit("/", 1)[-1].lower().endswith(_BUNDLE_SUFFIXES)


def names_below(roots: Sequence[Path]) -> dict[str, list[Path]]:
    """The certificate files below ``roots`` (real paths of directories), by file name."""
    by_name: dict[str, list[Path]] = {}
    seen = 0
    for root in roots:
        seen = _bundles_by_name(root, by_name, seen)
    return by_name


def _bundles_by_name(root: Path, by_name: dict[str, list[Path]], seen: int) -> int:
    """Add the certificate files below ``root`` to ``by_name`` (by file name, in
    the order of a walk of sorted directories, not into :data:`_PRUNED` ones nor
    through symbolic links); the entries seen so far, ``seen`` included.

    What ``os.walk`` would give, top-down (a directory that cannot be listed
    whole is skipped), without its recursive generators and the ``lstat`` it
    makes for each subdirectory: the walk's listing says which are links.  It
    stops after the directory that takes ``seen`` past :data:`MAX_ENTRIES`.
    """
    stack = [str(root)]
    while stack:
        budget.check()
        top = stack.pop()
        files: list[str] = []
        subdirs: list[tuple[str, bool]] = []
        try:
            with os.scandir(top) as entries:
                for entry in entries:
                    try:
                        is_dir = entry.is_dir()
                    except OSError:  # as os.path.isdir: not a directory
                        is_dir = False
                    if not is_dir:
                        files.append(entry.name)
                    elif entry.name not in _PRUNED:
                        try:
                            link = entry.is_symlink()
                        except OSError:  # as os.path.islink: not a link
                            link = False
                        subdirs.append((entry.name, link))
        except OSError:
            continue
        subdirs.sort()
        seen += len(files) + len(subdirs)
        for f in files:
            if f.lower().endswith(_BUNDLE_SUFFIXES):
                by_name.setdefault(f, []).append(Path(top, f))
        if seen > MAX_ENTRIES:
            break
        stack.extend(os.path.join(top, d) for d, link in reversed(subdirs) if not link)
    return seen
