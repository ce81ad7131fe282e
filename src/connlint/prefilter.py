"""The cheap first pass: a bytes scan for trigger words before any decoding or
parsing.  Most files of a real repository contain none and are never parsed.

The patterns over-approximate what each front-end can act on; a file they let
through may still yield nothing.  Each kind's words (or pattern) are declared
with the kind in :mod:`connlint.frontends.kinds`.

Speed: a case-insensitive regex alternation costs Python's ``re`` about
150 ns a byte (it tries every branch at every position); lower-casing the
bytes once (under 1 ns a byte) and looking for each trigger word with
``bytes.__contains__`` (a fast substring search, 1–3 ns a byte a word) does
the same test about six times faster.  :func:`reference` gives one
case-insensitive regex per kind as the definition; ``wanted`` uses the literal
expansion ``NEEDLES_BY_KIND``, and the two are tested to agree.
"""

from __future__ import annotations

import codecs
import re

from connlint import lazy
from connlint.frontends.kinds import KIND_BY_NAME, KINDS, FileKind, KindName


def reference(kind: KindName) -> re.Pattern[bytes]:
    """The definition of ``kind``'s test: one case-insensitive bytes pattern
    (for tests; :func:`wanted` gives the same answer faster).  Build files only
    matter when they declare a MySQL-family driver.
    """
    declared: FileKind = KIND_BY_NAME[kind]
    if declared.trigger:
        return re.compile(declared.trigger, re.IGNORECASE)
    words = b"|".join(re.escape(word.encode()) for word in declared.words)
    if not declared.requires:
        return re.compile(words, re.IGNORECASE)
    # The words (in any case) and one of the alternatives (as written), anywhere:
    # lookaheads from the start only.
    found = rb"(?=.*?(?:%b))"
    either = b"|".join(b"".join(found % p for p in patterns) for patterns in declared.requires)
    return re.compile(rb"\A(?=.*?(?i:" + words + rb"))(?:" + either + rb")", re.DOTALL)


#: kind -> the same test as lower-case literals: the file is wanted when its
#: lower-cased bytes contain any of them.  Kinds whose trigger is not a set of
#: literals (option files) are absent and use ``_LOWER_PATTERN_BY_KIND``.
NEEDLES_BY_KIND: dict[str, tuple[bytes, ...]] = {
    kind.name: tuple(word.encode() for word in kind.words) for kind in KINDS if kind.words
}

#: kind -> its :attr:`FileKind.requires`, compiled: searched in the file once
#: its words are found (alternatives in order, each pattern in order).
_REQUIRES_BY_KIND: dict[str, tuple[tuple[re.Pattern[bytes], ...], ...]] = {
    kind.name: tuple(tuple(lazy.compile(p) for p in patterns) for patterns in kind.requires)
    for kind in KINDS
    if kind.requires
}

# Option files are small: a case-sensitive regex over the lower-cased bytes.
_LOWER_PATTERN_BY_KIND: dict[str, re.Pattern[bytes]] = {
    kind.name: lazy.compile(kind.trigger) for kind in KINDS if kind.trigger
}


#: Bytes lower-cased and searched at a time: the test never copies a whole file.
_CHUNK = 1 << 20
#: Above this size a file is taken on its words alone: a required pattern is
#: searched in one lower-cased copy of the file (a match may span chunks).
_REQUIRES_MAX = 4 << 20
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def wanted(kind: KindName, data: bytes) -> bool:
    """True when ``data`` may hold something the front-end of ``kind`` acts on."""
    needles = NEEDLES_BY_KIND.get(kind)
    if needles is not None:
        return contains_any(data, needles) and _satisfies(kind, data)
    pattern = _LOWER_PATTERN_BY_KIND.get(kind)
    # Option files only: a pattern with a blank run of any length cannot be
    # searched chunk by chunk, so these few are lower-cased whole.
    return pattern is not None and pattern.search(data.lower()) is not None


def _satisfies(kind: KindName, data: bytes) -> bool:
    """Whether ``data`` (a file with a trigger word) meets one of the kind's
    required alternatives; a file above :data:`_REQUIRES_MAX` is taken as it is.
    """
    requires = _REQUIRES_BY_KIND.get(kind)
    if requires is None or len(data) > _REQUIRES_MAX:
        return True
    return any(all(p.search(data) for p in patterns) for patterns in requires)


def file_wanted(kind: KindName, data: bytes) -> bool:
    """:func:`wanted` for a whole file: behind a UTF-16 byte order mark its
    UTF-16 reading is tested too (the reading decoding may pick), decoded a
    chunk at a time instead of into a copy of the file.
    """
    if wanted(kind, data):
        return True
    return data.startswith(_UTF16_BOMS) and kind in KIND_BY_NAME and _utf16_wanted(kind, data)


def _utf16_wanted(kind: KindName, data: bytes) -> bool:
    decoder = codecs.getincrementaldecoder("utf-16")(errors="replace")
    view = memoryview(data)
    needles = NEEDLES_BY_KIND.get(kind)
    if needles is None or (kind in _REQUIRES_BY_KIND and len(data) <= _REQUIRES_MAX):
        # Option files, and files a kind requires more of unless large: read whole.
        return wanted(kind, decoder.decode(view, final=True).encode("utf-8", "surrogatepass"))
    keep = max(len(n) for n in needles) - 1
    carry = b""
    for start in range(0, len(data), _CHUNK):
        end = start + _CHUNK
        text = decoder.decode(view[start:end], final=end >= len(data))
        piece = carry + text.encode("utf-8", "surrogatepass")
        if contains_any(piece, needles):
            return True  # a large file: taken without its requirements (see _satisfies)
        carry = piece[-keep:] if keep else b""
    return False


def contains_any(data: bytes, needles: tuple[bytes, ...] | frozenset[bytes]) -> bool:
    """True when lower-cased ``data`` contains one of the lower-case ``needles``,
    tested a chunk at a time (chunks overlap by the longest needle less one).
    """
    if len(data) <= _CHUNK:
        lowered = data.lower()
        return any(needle in lowered for needle in needles)
    overlap = max((len(n) for n in needles), default=1) - 1
    view = memoryview(data)
    for start in range(0, len(data), _CHUNK):
        lowered = view[start : start + _CHUNK + overlap].tobytes().lower()
        if any(needle in lowered for needle in needles):
            return True
    return False
