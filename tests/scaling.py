"""Time growth checks: is the cost of an operation linear in its input size?

Absolute times depend on the machine and its load; the ratio of the times at
sizes ``n`` and ``8n`` does not (a linear cost gives about 8, a quadratic one
64).  Times are the CPU time of this process (other processes of a shared
machine do not count), each the best of several runs, and ``n`` is first
grown until one run is long enough to time reliably.
"""

from __future__ import annotations

import contextlib
import gc
import signal
import threading
import time
from collections.abc import Callable, Iterator

FACTOR = 8
#: The largest ratio accepted for a linear cost: generous (a quadratic cost gives ``FACTOR ** 2``).
LINEAR = FACTOR * 3
_LONG_ENOUGH = 0.002  # seconds: a run shorter than this is dominated by noise
_MAX_CALIBRATION = 64
#: A run longer than this fails at once (the quadratic or exponential code
#: these tests guard against would otherwise run for minutes or forever).
CAP = 10.0


class TooSlow(AssertionError):
    """One run took longer than :data:`CAP`."""


@contextlib.contextmanager
def _capped() -> Iterator[None]:
    """Interrupt the block after :data:`CAP` seconds (``re`` checks for signals
    while it matches); no cap outside the main thread.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise TooSlow(f"one run took over {CAP:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, CAP)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def best_time(run: Callable[[], object], repeats: int = 5) -> float:
    """The shortest CPU time of ``repeats`` runs of ``run``, in seconds (gc off while timing)."""
    best = float("inf")
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeats):
            start = time.process_time()
            with _capped():
                run()
            best = min(best, time.process_time() - start)
    finally:
        if enabled:
            gc.enable()
    return best


def growth(make: Callable[[int], Callable[[], object]], n: int) -> tuple[int, float, float]:
    """``(n, t(n), t(FACTOR * n))`` where ``make(n)`` builds a run on an input of
    size ``n``; ``n`` is first doubled (up to 64 times the given one) until a run
    takes long enough to time.
    """
    small = best_time(make(n), repeats=1)
    limit = n * _MAX_CALIBRATION
    while small < _LONG_ENOUGH and n * 2 <= limit:
        n *= 2
        small = best_time(make(n), repeats=1)
    small = best_time(make(n))
    large = best_time(make(FACTOR * n))
    return n, small, large


def assert_linear(make: Callable[[int], Callable[[], object]], n: int, what: str) -> None:
    """Fail when the cost of ``make(n)()`` grows faster than linearly in ``n``."""
    size, small, large = growth(make, n)
    ratio = large / small
    if ratio >= LINEAR:
        # Measured once more before failing: a loaded machine can slow one run down.
        size, small, large = growth(make, size)
        ratio = large / small
    assert ratio < LINEAR, (
        f"{what}: {small * 1e3:.2f} ms at n={size}, {large * 1e3:.2f} ms at n={FACTOR * size} "
        f"(x{ratio:.1f}, linear would be about x{FACTOR})"
    )
