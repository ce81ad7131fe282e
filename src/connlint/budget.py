"""The per-file time budget.

The engine starts it for each file; pure-Python code is interrupted by a
signal, but tree-sitter parses in native code that a signal cannot stop, so
the front-ends parse through :func:`parse_tree` to let tree-sitter cancel
itself once the budget is spent.
"""

from __future__ import annotations

import time
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


def parse_tree(parser: Any, data: bytes) -> Any:
    """``parser.parse(data)``, cancelled (raising :class:`Expired`) when the budget runs out."""
    if _deadline is None:
        return parser.parse(data)
    try:
        return parser.parse(lambda offset, _point: data[offset : offset + _CHUNK], progress_callback=_cancel)
    except BaseException as exc:
        # A cancelled parser resumes the old document on its next parse unless
        # reset: the next file would get a tree made of this one's bytes.
        parser.reset()
        if isinstance(exc, ValueError) and expired():
            raise Expired from None
        raise


def _cancel(*_state: object) -> bool:
    return expired()
