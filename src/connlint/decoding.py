"""From a file's bytes to the text every front-end reads.

Its own module, without dependencies: the early Python child (see
:mod:`connlint.early`) decodes files before the engine is imported.
"""

from __future__ import annotations


def decode(data: bytes) -> tuple[str | None, str | None]:
    """Text of a file with line endings normalised to LF, and a problem to report.

    Returns (None, why) for content that is not text.
    """
    problem = None
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None, "invalid UTF-16; skipped"
    elif b"\x00" in data:
        return None, "contains NUL bytes (binary?); skipped"
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            text = data.decode("utf-8", errors="replace")
            problem = f"invalid UTF-8 at byte {exc.start}; undecodable bytes replaced"
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, problem
