"""No garbage collection while a run starts up.

A pre-commit run over a few files spends most of its time importing modules
and making the objects they hold (classes, functions, compiled patterns),
none of which ever becomes garbage.  The cyclic collector still runs every
700 net allocations and traverses them again and again: 5-10 % of the start-up
CPU time (the libcst import in the early child, the CLI and the engine in the
parent).  :func:`pause` (the entry point calls it first) turns the collector
off; :func:`resume` moves everything made so far to the permanent generation
(:func:`gc.freeze`: never traversed again, and pages a forked child shares
stay shared) and turns it back on.  This is the pattern the :mod:`gc`
documentation gives for processes that fork.

Resumed where a process starts work whose size is not known: the engine's
run over a tree, a worker after its first task, the early child after its
first file.  Only the memory of cycles made in between waits for it.

Imports nothing of connlint: the entry point uses it before anything else loads.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Turn the cyclic collector off until :func:`resume` (no-op if it is off already)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Undo :func:`pause`: freeze what exists, turn the collector on (no-op unless paused)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
