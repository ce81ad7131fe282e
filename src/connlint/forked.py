"""A value computed in a forked child and received through a pipe.

The engine and the entry point (:mod:`connlint.early`) both start the slow
libcst import in a child so that it overlaps the rest of a small run.  Whatever
the child computes is only a shortcut: a child that fails, is too slow or is
stopped gives None, and the caller does the work itself.

Imports nothing of connlint: the entry point uses it before anything else loads.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from typing import Any


def can_fork() -> bool:
    """Linux (where fork is the platform's own start method), two CPUs or more,
    and a single thread (forking a threaded process is unsafe).
    """
    import threading

    return sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


class Forked:
    """The child computing one value; :meth:`result` waits for it once."""

    def __init__(self, pid: int, read_fd: int) -> None:
        self.pid: int | None = pid
        self._fd: int | None = read_fd

    def result(self, timeout: float = 0) -> Any:
        """The child's value, or None if it failed, was stopped, or is still busy
        after ``timeout`` seconds (0: no limit).  The child is gone afterwards.
        """
        import pickle
        import select
        import time

        if self._fd is None:  # closed, or asked before
            return None
        deadline = time.monotonic() + timeout if timeout > 0 else None
        chunks = []
        try:
            while True:
                if deadline is not None:
                    ready, _, _ = select.select([self._fd], [], [], max(0.0, deadline - time.monotonic()))
                    if not ready:
                        return None
                chunk = os.read(self._fd, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
            if self._reap() != 0 or not chunks:
                return None
            return pickle.loads(b"".join(chunks))
        except Exception:  # a broken payload: the caller does the work itself
            return None
        finally:
            self.close()

    def _reap(self) -> int:
        """Wait for the child; its exit status (-1 when already reaped)."""
        if self.pid is None:
            return -1
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        return status

    def close(self) -> None:
        """Stop the child if it still runs, and release its pipe."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self.pid is not None:
            import signal

            with contextlib.suppress(ProcessLookupError):  # exited meanwhile
                os.kill(self.pid, signal.SIGKILL)
            self._reap()


def fork_call(compute: Callable[[], object]) -> Forked:
    """Run ``compute()`` in a forked child that sends back its pickled value."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, leave without cleanup
        status = 1
        try:
            os.close(read_fd)
            import pickle

            payload = pickle.dumps(compute(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(write_fd)
    return Forked(pid, read_fd)
