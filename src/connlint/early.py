"""Parse the files a command line names before the rest of connlint loads.

Start-up is most of a pre-commit run over a few files: importing libcst takes
about 200 ms, the CLI and the engine with their rules and checks about 50 ms,
a front-end and its parser 10-40 ms.  When ``connlint check`` names a few
files, the entry point forks a child before it imports the CLI; the child
imports only the front-ends, parses the files and sends back each file's bytes
and :class:`~connlint.model.Extraction`, while the parent imports everything
else.  When Python files are named, the child parses only those (the libcst
import is the longest path; the parent's worker lints the other files
meanwhile), so the run takes about as long as the libcst import plus the
parse.  Otherwise the child parses every named file and the parent resolves
and checks what it sends: no worker is started.

The child's work is only ever a shortcut: the parent uses an extraction only
for a file whose bytes it read itself and found identical, and lints the file
itself in every other case (the child failed, was slower than the file time
budget, or the file changed in between).  The output is the same either way.

This module imports only :mod:`connlint.forked` at module level: it runs first.
What both processes need (the model, discovery, decoding, the project lookup)
is imported before the fork, so that it is loaded once.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from connlint import forked

if TYPE_CHECKING:
    from connlint.frontends.kinds import KindName
    from connlint.model import Extraction
    from connlint.workers import Lost

# Above this many paths the engine runs a process pool (see engine._POOL_MIN_FILES)
# and the early child would only compete with it.
MAX_PATHS = 40
# The child is a shortcut for small runs; large Python files go the usual way.
MAX_BYTES = 2_000_000
# kinds.SLOW_IMPORT_SUFFIXES, written out: importing the kind declarations
# (and the model they pull in) before the fork would delay it by tens of
# milliseconds; tests/test_early.py keeps the two equal.
SLOW_IMPORT_SUFFIXES = (".py", ".pyw")
# Options after which the run is not the usual "lint these files" in the
# engine's default process layout.
_REFUSED = ("--stdin-filename", "--jobs", "-j")
#: Options of ``check`` followed by a value (not a path to lint), as
#: ``connlint.cli.build_parser`` declares them (a test compares the two).
VALUE_OPTIONS = frozenset(
    {
        "--format",
        "--output-format",
        "--output",
        "-o",
        "--select",
        "--ignore",
        "--extend-select",
        "--exclude",
        "--extend-exclude",
        "--fail-on",
        "--baseline",
        "--write-baseline",
        "--config",
        "--category",
        "--max-results",
    }
)


def named_paths(argv: Sequence[str]) -> list[str]:
    """The paths worth parsing early for ``connlint`` arguments ``argv``.

    Empty unless ``argv`` is a ``check`` of at most :data:`MAX_PATHS` paths.
    The value of an option (``-o out.txt``) is not a path; one the parser
    would read otherwise (an abbreviated option) costs only a wasted parse:
    the parent uses the child's work only for the files its own walk finds.
    """
    if not argv or argv[0] != "check":
        return []
    paths: list[str] = []
    only_paths = False
    value_next = False
    for arg in argv[1:]:
        if value_next:
            value_next = False
        elif only_paths or not arg.startswith("-"):
            paths.append(arg)
        elif arg == "--":
            only_paths = True
        elif arg == "-" or arg.startswith(_REFUSED):
            return []
        else:
            value_next = arg in VALUE_OPTIONS
    if len(paths) > MAX_PATHS:
        return []
    return paths


def python_paths(argv: Sequence[str]) -> list[str]:
    """The Python files among :func:`named_paths`."""
    return [p for p in named_paths(argv) if p.lower().endswith(SLOW_IMPORT_SUFFIXES)]


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


class EarlyChild:
    """The forked child parsing the named files, one frame per file as it goes;
    the parent asks it for each file's extraction.

    The child first sends the display paths it will parse, in order, then one
    ``(display, bytes, extraction)`` frame per file.  So when it dies or stops
    answering, the parent knows which file was in hand: that file alone is
    lost (:meth:`lost` says why) and the files after it are parsed elsewhere.
    """

    def __init__(self, pid: int, read_fd: int, python_only: bool = True) -> None:
        #: The child parses the Python files only (else every file it was given).
        self.python_only = python_only
        self.pid: int | None = pid
        self._fd: int | None = read_fd
        self._buffer = bytearray()
        self._order: list[str] | None = None
        self._results: dict[str, tuple[bytes, Extraction]] = {}
        self._lost: dict[str, Lost] = {}

    def extraction(
        self, display: str, data: bytes, timeout: float, cpu_limit: float = 0.0
    ) -> Extraction | None:
        """The child's extraction of the file shown as ``display`` if the child
        parsed exactly ``data``; else None.

        Waits for that file ``timeout`` seconds (0: no limit) after the previous
        file's answer.  A child still busy then is stopped and the file is
        :meth:`lost`, unless ``cpu_limit`` is set: the child then gets another
        ``timeout`` while it uses CPU time and has used less than ``cpu_limit``
        seconds of it in the wait (a loaded machine slows it; only a child that
        uses none, stuck, or too much is stopped, as a worker would be).
        """
        self._wait_for(display, timeout, cpu_limit)
        found = self._results.get(display)
        if found is None or found[0] != data:
            return None
        return found[1]

    def lost(self, display: str) -> Lost | None:
        """Why the child lost this file (it crashed or overran on it), or None."""
        return self._lost.get(display)

    def _wait_for(self, display: str, timeout: float, cpu_limit: float) -> None:
        import pickle
        import select
        import time

        from connlint.workers import Lost, cpu_ticks, death_reason, take_frame

        while self._fd is not None and display not in self._results and display not in self._lost:
            if self._order is not None and display not in self._order:
                return
            deadline = time.monotonic() + timeout if timeout > 0 else None
            began = ticks = cpu_ticks(self.pid) if cpu_limit > 0 and self.pid is not None else None
            per_second = os.sysconf("SC_CLK_TCK") if began is not None else 100
            frame = take_frame(self._buffer)
            while frame is None:
                left = None if deadline is None else max(0.0, deadline - time.monotonic())
                ready, _, _ = select.select([self._fd], [], [], left)
                chunk = os.read(self._fd, 1 << 16) if ready else None
                if chunk is None and began is not None and ticks is not None and self.pid is not None:
                    now = cpu_ticks(self.pid)
                    if now is not None and ticks < now and (now - began) / per_second < cpu_limit:
                        # Busy, not stuck, and within its CPU time: slow on a loaded machine.
                        ticks, deadline = now, time.monotonic() + timeout
                        continue
                if not chunk:  # ended, or still busy at the deadline
                    status = self._stop(kill=chunk is None)
                    if chunk is None:
                        self._lose_current(Lost("took longer than its time budget", timed_out=True))
                    elif status is not None and os.WIFSIGNALED(status):
                        self._lose_current(Lost(death_reason(status)))
                    return
                self._buffer += chunk
                frame = take_frame(self._buffer)
            value = pickle.loads(frame)
            if self._order is None:
                self._order = list(value)
            else:
                done_display, done_data, done_extraction = value
                self._results[done_display] = (done_data, done_extraction)

    def _lose_current(self, reason: Lost) -> None:
        """The child crashed or overran: the first file it had not answered was in hand."""
        pending = [d for d in self._order or () if d not in self._results]
        if pending:
            self._lost[pending[0]] = reason

    def _stop(self, kill: bool) -> int | None:
        import contextlib
        import signal

        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self.pid is None:
            return None
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        return status

    def close(self) -> None:
        """Stop the child if it still runs."""
        self._stop(kill=True)


def parses(child: EarlyChild | None, kind: KindName) -> bool:
    """Whether the parent should leave a file of ``kind`` to ``child``."""
    from connlint.frontends.kinds import SLOW_IMPORT_KINDS  # imported by the engine already

    return child is not None and (kind in SLOW_IMPORT_KINDS or not child.python_only)


def _parse(paths: Sequence[str], write: Callable[[object], None], python_only: bool) -> None:
    """In the child: send the display paths of the files of ``paths`` worth
    parsing (the Python ones only if ``python_only``), then each one's bytes
    and extraction as it is parsed.
    """
    from pathlib import Path

    from connlint import dataclass_code, gc_pause
    from connlint.decoding import decode
    from connlint.discover import Walker
    from connlint.frontends.kinds import SLOW_IMPORT_KINDS
    from connlint.prefilter import file_wanted

    texts: dict[str, tuple[str, bytes, str]] = {}
    for source in Walker().walk([Path(p) for p in paths]):
        if python_only and source.kind not in SLOW_IMPORT_KINDS:
            continue
        try:
            data = source.path.read_bytes()
        except OSError:
            continue
        text = decode(data)[0] if file_wanted(source.kind, data) else None
        if text is not None:
            texts[source.display] = (source.kind, data, text)
    write(list(texts))
    if not texts:  # most commits: no trigger word, and no parser import
        return
    from connlint.frontends import FRONTEND_BY_KIND
    from connlint.project import Project, using

    # Constants the files import are read here too (the parent uses this extraction as is).
    with using(Project()):
        for display, (kind, data, text) in texts.items():
            write((display, data, FRONTEND_BY_KIND[kind]().extract(display, text)))
            dataclass_code.save()  # classes made for this file, if any (the child ends without cleanup)
            gc_pause.resume()  # the parsers are loaded (see connlint.gc_pause)


def _load_shared() -> None:
    """Import, before the fork, the modules both processes use (once, not twice)."""
    from connlint import dataclass_code

    dataclass_code.install()  # before the first dataclass is made
    import connlint.decoding
    import connlint.discover
    import connlint.frontends
    import connlint.prefilter
    import connlint.project  # (and with it the model, config and scope)
    import connlint.workers  # noqa: F401  (the child's frames, the parent's pool)


def _fork(paths: Sequence[str], python_only: bool) -> EarlyChild:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: parse, send, leave without cleanup
        status = 1
        try:
            import signal

            from connlint.workers import die_with_parent, send_frame

            os.close(read_fd)
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
            die_with_parent()
            _parse(paths, lambda value: send_frame(write_fd, value), python_only)
            status = 0
        finally:
            os._exit(status)
    os.close(write_fd)
    return EarlyChild(pid, read_fd, python_only)


def start(argv: Sequence[str]) -> EarlyChild | None:
    """Fork the child for the files ``argv`` names (the Python ones, if any);
    None where it would not pay (no such file, a large run, one CPU, not Linux).
    """
    named = named_paths(argv)
    paths = [p for p in named if p.lower().endswith(SLOW_IMPORT_SUFFIXES)]
    python_only = bool(paths)
    if not python_only:
        paths = named
    if not paths or not forked.can_fork():
        return None
    files = _small_regular_files(paths)
    if not files:
        return None
    _load_shared()
    return _fork(files, python_only)
