r"""Escaping of what reporters show: file names, messages and source lines.

A POSIX file name is bytes.  Python decodes the bytes of a name that are not
UTF-8 to lone surrogates U+DC80-U+DCFF (PEP 383), which no UTF-8 output can
carry.  A name, or a line of a file, may also hold control characters: a
newline forges a finding line, ESC starts a terminal escape sequence.

* :func:`printable` is for text a person reads at a terminal (the text
  formats, inventory table and Markdown, stderr).
* :func:`decodable` is for formats that quote control characters themselves
  (CSV, GitHub workflow commands); :func:`dumps` applies it to JSON.
* :func:`raw` gives a path's bytes back, for SARIF URIs and JSON
  ``path_bytes``.

An undecodable byte is written ``\xNN``; a character is written ``\t``,
``\n``, ``\r``, ``\xNN`` (ASCII) or ``\uNNNN``, so ``\xff`` (a byte)
and ``\u00ff`` (the character ÿ) stay apart.  A backslash is left as it is,
so ordinary names (and Windows-style ones) read as before; JSON output carries
the exact bytes in ``path_bytes`` where the text form could be ambiguous.
"""

from __future__ import annotations

import json
import os

from connlint import lazy

_SURROGATE = lazy.compile("[\ud800-\udfff]")
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # the byte os.fsdecode could not decode
        return f"\\x{code - 0xDC00:02x}"
    if ch in _SHORT:
        return _SHORT[ch]
    if code < 0x80:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def printable(text: str) -> str:
    """``text`` with every character :meth:`str.isprintable` rejects escaped:
    controls (tab, newline, ESC, C1), bidirectional and other format
    characters, line separators, undecodable bytes.
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in text)


def decodable(text: str) -> str:
    """``text`` with only its undecodable bytes (lone surrogates) escaped."""
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(lambda m: _escape(m.group()), text)


def has_raw_bytes(path: str) -> bool:
    """True when ``path`` holds bytes that are not UTF-8 (its text form is not exact)."""
    return _SURROGATE.search(path) is not None


def raw(path: str) -> bytes:
    """The bytes of a path as the file system has them (:func:`os.fsencode`)."""
    try:
        return os.fsencode(path)
    except UnicodeEncodeError:  # a lone surrogate no decoding of bytes gives: keep it stable
        return path.encode("utf-8", "surrogatepass")


def dumps(doc: object) -> str:
    r"""``doc`` as the JSON of every JSON output (indented, sorted keys, UTF-8
    text), each undecodable byte in any string written as the text ``\xNN``.
    """
    text = json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if _SURROGATE.search(text) is None:
        return text
    # Lone surrogates stand as themselves inside JSON strings (ensure_ascii=False);
    # their escape's backslash must itself be escaped for JSON.
    return _SURROGATE.sub(lambda m: "\\" + _escape(m.group()), text)
