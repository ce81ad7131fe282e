"""Writing a report or baseline to its file whole or not at all.

The text goes to a temporary file beside the target, which then replaces the
target in one rename (:func:`os.replace`): a run that is interrupted or cannot
write (a full disk) leaves the previous file as it was, never half a report
that a later ``--baseline`` or a code-scanning upload would misread.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from connlint.config import ConfigError


class OutputError(ConfigError):
    """The report could not be written (exit 2, as a usage error); the message names the file."""


def write_file(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path``, atomically where ``path`` is (or
    will be) a regular file; through a symbolic link, its target is replaced.
    """
    data = text.encode("utf-8")
    target = Path(os.path.realpath(path))
    try:
        if target.exists() and not stat.S_ISREG(target.stat().st_mode):
            # /dev/stdout, a FIFO: nothing to replace, write through.
            with open(target, "wb") as fh:
                fh.write(data)
            return
        _replace(target, data)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None


def _replace(target: Path, data: bytes) -> None:
    # Hidden, unique, and short enough for any name the target may have (the
    # random part as secrets.token_hex(4) makes it, without importing secrets,
    # hashlib and random for it).
    temporary = target.with_name(f".{target.name[:64]}.{os.urandom(4).hex()}.tmp")
    # 0o666 less the umask, as a plain open() would create the report.
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with open(fd, "wb") as fh:
            fh.write(data)
        os.replace(temporary, target)
    except BaseException:  # an error or an interrupt: leave nothing behind
        temporary.unlink(missing_ok=True)
        raise
