"""The per-file time budget, cooperative.

The engine starts it for each file.  Long loops call :func:`check` at safe
points, and tree-sitter parses through :func:`parse_tree`, which cancels the
parse once the budget is spent.  Nothing is interrupted by a signal: an
exception raised from a signal handler can land in library code, a
``finally`` block or a gc callback and leave state half-changed.  What a
cooperative check cannot stop (a native parser that never returns) is the
engine's hard deadline: files are linted in worker processes
(:mod:`connlint.workers`) that are killed when they overrun.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import Any

_CHUNK = 1 << 16
_deadline: float | None = None


class Expired(BaseException):
    """A file took longer than its time budget.

    A BaseException, so that a front-end's ``except Exception`` cannot swallow it.
    """


def start(seconds: float) -> None:
    """Start a budget of ``seconds`` for the current file (0 or less: no budget)."""
    global _deadline
    _deadline = time.monotonic() + seconds if seconds > 0 else None


def stop() -> None:
    """End the current file's budget."""
    global _deadline
    _deadline = None


def expired() -> bool:
    """True once the current file's budget is spent."""
    return _deadline is not None and time.monotonic() > _deadline


def check() -> None:
    """Raise :class:`Expired` once the current file's budget is spent.

    Called at safe points of long loops (per node, per line, per candidate): the
    budget interrupts only there, never inside library code or a gc callback.
    """
    if _deadline is not None and time.monotonic() > _deadline:
        raise Expired


@contextlib.contextmanager
def limited(seconds: float) -> Iterator[None]:
    """A budget of ``seconds`` for the block (0 or less: none), restoring the
    enclosing budget afterwards (a build file read while linting another file).
    """
    global _deadline
    outer = _deadline
    start(seconds)
    try:
        yield
    finally:
        _deadline = outer


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Stop the enclosing budget's clock for the block: what the block costs is
    not charged to the file being linted (build files looked up for its driver
    versions have budgets of their own).
    """
    global _deadline
    outer = _deadline
    began = time.monotonic()
    _deadline = None
    try:
        yield
    finally:
        _deadline = None if outer is None else outer + (time.monotonic() - began)


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
