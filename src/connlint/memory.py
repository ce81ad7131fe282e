"""Giving memory back to the operating system after a large file.

glibc's malloc keeps the memory a large parse freed (a tree-sitter tree, a
libcst module) for later allocations, so a process's resident size stays at
the peak of the largest file it ever read and, with fragmentation, creeps up
file after file.  ``malloc_trim`` returns the free pages at the top of every
heap; connlint calls it after each large file (measured on the bench's 2x
corpus: a worker ends at 73 MB instead of 85 MB).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable

#: Files at least this large are followed by a trim (it costs about a millisecond).
TRIM_AFTER_BYTES = 256 * 1024


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # ~3 ms: only runs that meet a large file pay for it

    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # musl and others have no malloc_trim
        return None
    return trim


def release_freed_memory() -> bool:
    """Return freed heap memory to the OS where the C library can (glibc); True if it did."""
    trim = _malloc_trim()
    return trim is not None and bool(trim(0))
