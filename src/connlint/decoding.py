"""From a file's bytes to the text every front-end reads.

Its own module, without dependencies beyond the trigger words: the early
Python child (see :mod:`connlint.early`) decodes files before the engine is
imported.
"""

from __future__ import annotations

from connlint.prefilter import NEEDLES_BY_KIND, contains_any

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: Every trigger word of the prefilter: ASCII, so in UTF-16 text each of their
#: characters is two bytes, one of them NUL.
_TRIGGER_WORDS = frozenset(word for words in NEEDLES_BY_KIND.values() for word in words)
_NOT_UTF16 = "invalid UTF-16 after a UTF-16 byte order mark"


def decode(data: bytes) -> tuple[str | None, str | None]:
    """Text of a file with line endings normalised to LF, and a problem to report.

    Returns (None, why) for content that is not text.  A UTF-16 byte order
    mark is believed only when the rest is UTF-16 text (see
    :func:`_utf16_text`); otherwise the file is read as any other file
    (UTF-8, undecodable bytes replaced), with a problem saying so.
    """
    if data.startswith(_UTF16_BOMS):
        text = _utf16_text(data)
        if text is None:
            # The mark's own bytes are never UTF-8: the rest decides the wording.
            text, problem = _decode_plain(data)
            if text is None:
                return None, f"{_NOT_UTF16}; {problem}"
            return text, f"{_NOT_UTF16}; read as UTF-8, undecodable bytes replaced"
        return _normalised(text), None
    if data.startswith(b"\xef\xbb\xbf"):  # decoded from a view: no copy of the rest
        return _normalised(str(memoryview(data)[3:], "utf-8", errors="replace")), None
    return _decode_plain(data)


def _utf16_text(data: bytes) -> str | None:
    """The UTF-16 reading of ``data`` (which starts with a byte order mark),
    or None when it is not UTF-16 text: strict decoding fails (an odd length,
    an unpaired surrogate), or a trigger word stands in the bytes as plain
    ASCII.  UTF-16 text never holds ASCII words as single bytes, while a
    reader that ignores the mark (Java's Properties, a shell, the MySQL
    client) reads them as written: believing the mark would hide them.
    """
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError:
        return None
    if contains_any(data, _TRIGGER_WORDS):  # lower-cased a chunk at a time
        return None
    return text


def _decode_plain(data: bytes) -> tuple[str | None, str | None]:
    """UTF-8, undecodable bytes replaced; None for bytes with NULs (binary)."""
    if b"\x00" in data:
        return None, "contains NUL bytes (binary?); skipped"
    try:
        return _normalised(data.decode("utf-8")), None
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        return _normalised(text), f"invalid UTF-8 at byte {exc.start}; undecodable bytes replaced"


def _normalised(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
