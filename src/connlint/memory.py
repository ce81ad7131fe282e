"""Giving memory back to the operating system after a large file.

glibc's malloc keeps the memory a large parse freed (a tree-sitter tree, a
libcst module) for later allocations, so a process's resident size stays at
the peak of the largest file it ever read and, with fragmentation, creeps up
file after file.  ``malloc_trim`` returns the free pages at the top of every
heap; connlint calls it after each large file (measured on the bench's 2x
corpus: a worker ends at 73 MB instead of 85 MB).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

#: Files at least this large are followed by a trim (it costs about a millisecond).
TRIM_AFTER_BYTES = 256 * 1024

_trim: Callable[[int], int] | None = None
_looked_up = False


def release_freed_memory() -> bool:
    """Return freed heap memory to the OS where the C library can (glibc); True if it did."""
    global _trim, _looked_up
    if not _looked_up:
        _looked_up = True
        if sys.platform.startswith("linux"):
            import ctypes  # ~3 ms: only runs that meet a large file pay for it

            try:
                _trim = ctypes.CDLL(None).malloc_trim
            except (OSError, AttributeError):  # musl and others have no malloc_trim
                _trim = None
    if _trim is None:
        return False
    return bool(_trim(0))
