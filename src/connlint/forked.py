"""Whether forking a child pays here: the entry point (:mod:`connlint.early`)
parses the named Python files in a forked child while the CLI loads.

Imports nothing of connlint: the entry point uses it before anything else loads.
"""

from __future__ import annotations

import os
import sys


def can_fork() -> bool:
    """Linux (where fork is the platform's own start method), two CPUs or more,
    and a single thread (forking a threaded process is unsafe).
    """
    import threading

    return sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1
