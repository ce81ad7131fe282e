"""The progress line of ``connlint check`` on a terminal.

One line on stderr, redrawn at most every :data:`REDRAW_EVERY` seconds:
files done out of those found, files per second, the time elapsed and, once
the walk has found every file, the time left.  ``--no-progress`` (or a
non-terminal stderr, CI, pre-commit) turns it off.
"""

from __future__ import annotations

import time
from typing import TextIO

#: Seconds between two redraws: often enough to look alive, cheap enough to
#: call on every finished file.
REDRAW_EVERY = 0.1
#: Rates are not shown before this many seconds (the first files say little).
_RATE_AFTER = 0.5


def _duration(seconds: float) -> str:
    seconds = max(0, int(seconds + 0.5))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}:{seconds:02d}"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}"


def line(done: int, found: int, complete: bool, elapsed: float) -> str:
    """The text of the progress line (without the carriage return)."""
    total = f"{found:,}" if complete else f"{found:,}+"
    parts = [f"{done:,}/{total} files", _duration(elapsed)]
    if elapsed >= _RATE_AFTER and done:
        rate = done / elapsed
        parts.append(f"{rate:,.0f} files/s")
        if complete:
            parts.append(f"ETA {_duration((found - done) / rate)}")
    return ", ".join(parts)


class ProgressLine:
    """A callable for ``engine.run(progress=...)`` drawing :func:`line` on ``stream``."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._clock = time.monotonic
        self._start = self._clock()
        self._last = -REDRAW_EVERY
        self._width = 0

    def __call__(self, done: int, found: int, complete: bool) -> None:
        """Redraw the line if it is time to (and always for the last file)."""
        now = self._clock() - self._start
        if now - self._last < REDRAW_EVERY and not (complete and done >= found):
            return
        self._last = now
        text = line(done, found, complete, now)
        pad = " " * max(0, self._width - len(text))  # over the end of a longer line before
        self._width = len(text)
        self._stream.write(f"\r{text}{pad}")
        self._stream.flush()

    def finish(self) -> None:
        """Clear the line, so that what the run prints next starts on a clean one."""
        if self._width:
            self._stream.write("\r" + " " * self._width + "\r")
            self._stream.flush()
            self._width = 0
