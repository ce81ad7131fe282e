"""Parse the Python files a command line names before the rest of connlint loads.

Importing libcst takes about 200 ms: most of a pre-commit run over a few files.
When ``connlint check`` names a few Python files, the entry point forks a child
before it imports the CLI; the child imports only the Python front-end, parses
those files and sends back each file's bytes and
:class:`~connlint.model.Extraction`.  Meanwhile the parent imports everything
else and lints the other files, so the run takes about as long as the libcst
import plus the parse.

The child's work is only ever a shortcut: the parent uses an extraction only
for a file whose bytes it read itself and found identical, and lints the file
itself in every other case (the child failed, was slower than the file time
budget, or the file changed in between).  The output is the same either way.

This module imports only :mod:`connlint.forked` at module level: it runs first.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from connlint import forked

if TYPE_CHECKING:
    from connlint.model import Extraction

# Above this many paths the engine runs a process pool (see engine._POOL_MIN_FILES)
# and the early child would only compete with it.
MAX_PATHS = 40
# The child is a shortcut for small runs; large Python files go the usual way.
MAX_BYTES = 2_000_000
_PYTHON_SUFFIXES = (".py", ".pyw")
# Options after which the run is not the usual "lint these files" in the
# engine's default process layout.
_REFUSED = ("--stdin-filename", "--jobs", "-j")


def python_paths(argv: Sequence[str]) -> list[str]:
    """The Python files worth parsing early for ``connlint`` arguments ``argv``.

    Empty unless ``argv`` is a ``check`` of at most :data:`MAX_PATHS` paths
    that names Python files.  A value of an option (``-o out.txt``) counts as a
    path: the count only decides whether the shortcut is worth taking.
    """
    if not argv or argv[0] != "check":
        return []
    paths: list[str] = []
    only_paths = False
    for arg in argv[1:]:
        if only_paths or not arg.startswith("-"):
            paths.append(arg)
        elif arg == "--":
            only_paths = True
        elif arg == "-" or arg.startswith(_REFUSED):
            return []
    if len(paths) > MAX_PATHS:
        return []
    return [p for p in paths if p.lower().endswith(_PYTHON_SUFFIXES)]


def _small_regular_files(paths: Sequence[str]) -> list[str]:
    """``paths`` that are regular files, or nothing when they hold too many bytes."""
    import stat

    files, total = [], 0
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            files.append(path)
            total += st.st_size
    return files if total <= MAX_BYTES else []


class EarlyPython:
    """The forked child parsing Python files; the parent asks it for extractions."""

    def __init__(self, child: forked.Forked) -> None:
        self.child = child
        self._results: dict[str, tuple[bytes, Extraction]] | None = None

    def extraction(self, display: str, data: bytes, timeout: float) -> Extraction | None:
        """The child's extraction of the file shown as ``display`` if the child
        parsed exactly ``data``; else None.

        The first call waits for the child, at most ``timeout`` seconds (0: no
        limit); a child still busy after that is stopped.
        """
        if self._results is None:
            self._results = self.child.result(timeout) or {}
        found = self._results.get(display)
        if found is None or found[0] != data:
            return None
        return found[1]

    def close(self) -> None:
        """Stop the child if it still runs."""
        self.child.close()


def _parse(paths: Sequence[str]) -> dict[str, tuple[bytes, Extraction]]:
    """In the child: the bytes and extraction of each Python file of ``paths``
    worth parsing, keyed by the display path the engine's walk gives it.
    """
    from pathlib import Path

    from connlint.decoding import decode
    from connlint.discover import Walker
    from connlint.prefilter import wanted

    texts: dict[str, tuple[bytes, str]] = {}
    for source in Walker().walk([Path(p) for p in paths]):
        if source.kind != "python":
            continue
        try:
            data = source.path.read_bytes()
        except OSError:
            continue
        text = decode(data)[0] if wanted(source.kind, data) else None
        if text is not None:
            texts[source.display] = (data, text)
    if not texts:  # most commits: no trigger word, and no libcst import
        return {}
    from connlint.frontends.python import extract

    return {display: (data, extract(display, text)) for display, (data, text) in texts.items()}


def start(argv: Sequence[str]) -> EarlyPython | None:
    """Fork the child for the Python files ``argv`` names; None where it would
    not pay (no such file, a large run, one CPU, not Linux).
    """
    paths = python_paths(argv)
    if not paths or not forked.can_fork():
        return None
    files = _small_regular_files(paths)
    if not files:
        return None
    return EarlyPython(forked.fork_call(lambda: _parse(files)))
