"""The per-file time budget, cooperative, in CPU time.

The engine starts it for each file.  Long loops call :func:`check` at safe
points, and tree-sitter parses through :func:`parse_tree`, which cancels the
parse once the budget is spent.  Nothing is interrupted by a signal: an
exception raised from a signal handler can land in library code, a
``finally`` block or a gc callback and leave state half-changed.  What a
cooperative check cannot stop (a native parser that never returns) is the
engine's hard deadline: files are linted in worker processes
(:mod:`connlint.workers`) that are killed when they overrun.

The budget counts the CPU time of the process doing the work
(``time.process_time``), not wall-clock time: on a loaded machine a process
gets a fraction of a core, and a wall-clock budget lost files that needed a
few seconds of CPU (a run of mysql-connector-python at load average 20 lost
8 files, 446 connections and 17 findings to a 60 s wall-clock budget).

Reading the process clock is a system call (about 0.3 µs; ``monotonic`` is
not), and :func:`check` runs in hot loops.  A single-threaded process cannot
spend CPU time faster than wall-clock time passes, so the process clock is
read only once the wall clock shows that the budget could be spent: the
*gate* is the earliest monotonic time at which it can be, moved on by what is
left each time the process clock is read.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import Any

_CHUNK = 1 << 16
#: The process time at which the current file's budget is spent (None: no budget).
_deadline: float | None = None
#: The monotonic time before which ``_deadline`` cannot have been reached.
_gate: float = 0.0


class Expired(BaseException):
    """A file took longer than its time budget.

    A BaseException, so that a front-end's ``except Exception`` cannot swallow it.
    """


def start(seconds: float) -> None:
    """Start a budget of ``seconds`` of CPU time for the current file (0 or less: no budget)."""
    global _deadline, _gate
    if seconds > 0:
        _deadline = time.process_time() + seconds
        _gate = time.monotonic() + seconds
    else:
        _deadline = None


def stop() -> None:
    """End the current file's budget."""
    global _deadline
    _deadline = None


def expired() -> bool:
    """True once the current file's budget is spent."""
    return _deadline is not None and time.monotonic() > _gate and _spent(_deadline)


def _spent(deadline: float) -> bool:
    """Read the process clock: True when ``deadline`` is past, else move the gate on."""
    global _gate
    left = deadline - time.process_time()
    if left < 0:
        return True
    _gate = time.monotonic() + left
    return False


def check() -> None:
    """Raise :class:`Expired` once the current file's budget is spent.

    Called at safe points of long loops (per node, per line, per candidate): the
    budget interrupts only there, never inside library code or a gc callback.
    """
    if _deadline is not None and time.monotonic() > _gate and _spent(_deadline):
        raise Expired


@contextlib.contextmanager
def limited(seconds: float) -> Iterator[None]:
    """A budget of ``seconds`` for the block (0 or less: none), restoring the
    enclosing budget afterwards (a build file read while linting another file).
    """
    global _deadline, _gate
    outer = _deadline, _gate
    start(seconds)
    try:
        yield
    finally:
        _deadline, _gate = outer


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Stop the enclosing budget's clock for the block: what the block costs is
    not charged to the file being linted (build files looked up for its driver
    versions have budgets of their own).
    """
    global _deadline, _gate
    outer = _deadline, _gate
    began = time.process_time(), time.monotonic()
    _deadline = None
    try:
        yield
    finally:
        if outer[0] is None:
            _deadline = None
        else:
            _deadline = outer[0] + (time.process_time() - began[0])
            _gate = outer[1] + (time.monotonic() - began[1])


def parse_tree(parser: Any, data: bytes) -> Any:
    """``parser.parse(data)``, cancelled (raising :class:`Expired`) when the budget runs out."""
    if _deadline is None:
        return parser.parse(data)
    # The parser reads through a callback, chunk by chunk, and keeps every
    # chunk it was given until the parse ends: views of ``data``, not copies
    # (a sliced copy a chunk added up to a second copy of the file).
    view = memoryview(data)
    try:
        return parser.parse(lambda offset, _point: view[offset : offset + _CHUNK], progress_callback=_cancel)
    except BaseException as exc:
        # A cancelled parser resumes the old document on its next parse unless
        # reset: the next file would get a tree made of this one's bytes.
        parser.reset()
        if isinstance(exc, ValueError) and expired():
            raise Expired from None
        raise


def _cancel(*_state: object) -> bool:
    return expired()
