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
import functools
import re
from typing import Any

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
    return any(all(_search(p, data) for p in patterns) for patterns in requires)


def _search(pattern: re.Pattern[bytes], data: bytes) -> bool:
    """``pattern.search(data)``, said no at once when ``data`` lacks a word every
    match holds, and tried only where a match can be when every match starts
    or ends with a word (see :func:`_anchors`).
    """
    word = _needed_word(pattern.pattern, pattern.flags)
    if word and word not in data:
        return False
    words, before = _anchors(pattern.pattern, pattern.flags)
    if not words:
        return pattern.search(data) is not None
    windows = 0  # bytes the windows before the words have covered
    for word in words:
        at = data.find(word)
        while at >= 0:
            if before < 0:  # every match starts with a word: tried from each
                if pattern.match(data, at):
                    return True
            else:  # every match ends with the word, at most ``before`` bytes after its start
                start, end = max(0, at - before), at + len(word)
                windows += end - start
                if windows > len(data):
                    # Words closer than a window apart (a file of ``://``): one search
                    # of the rest, as re would, instead of windows that overlap.
                    return pattern.search(data, start) is not None
                if pattern.search(data, start, end):
                    return True
            at = data.find(word, at + 1)
    return False


#: The widest a match may be before its last word for :func:`_anchors` to use it.
_MAX_BEFORE = 256


@functools.lru_cache(maxsize=256)
def _anchors(source: bytes, flags: int) -> tuple[tuple[bytes, ...], int]:
    r"""Where ``source``'s matches can be, for :func:`_search`: (words, -1) when
    each match starts with one of the words, (word,), n) when each ends with
    the word and starts at most n bytes before it; ((), 0) otherwise.

    ``re`` tries a pattern at every position a match may start: where that is
    a letter as common as ``i`` or ``f`` (``(?:import...|from...)``) or any
    letter (``(?i:mysql)...://``), it costs 10-20 ns a byte, and most Python
    files that mention MySQL are searched whole several times.  Finding the
    words (under 1 ns a byte) and trying the pattern at each gives the same
    answer: a match starting at a word is tried with ``match`` there
    (lookbehinds see the text before it, as in a search); one ending with the
    word is searched in the window before it, cut right after the word, which
    changes nothing of a match that ends there unless something before the
    word looks ahead (those patterns are not anchored).  Only literals at the
    top level count, and none under IGNORECASE.
    """
    if flags & re.IGNORECASE:
        return (), 0
    try:
        import importlib

        parser = importlib.import_module("re._parser")
        constants = importlib.import_module("re._constants")
        parsed = parser.parse(source.decode("latin-1"), flags)
    except Exception:  # a private module that changed: no shortcut
        return (), 0
    items = list(parsed)
    if items and items[0][0] is constants.BRANCH:
        words = tuple(_literal_run(branch, constants.LITERAL) for branch in items[0][1][1])
        if words and all(len(w) >= _GUARD_LENGTH for w in words):
            return tuple(dict.fromkeys(words)), -1
    tail = _literal_run(items[::-1], constants.LITERAL)[::-1]
    if len(tail) < _GUARD_LENGTH or len(tail) == len(items):
        return (), 0
    head = items[: len(items) - len(tail)]
    if _looks_ahead(head, constants):
        return (), 0
    try:
        widest = parser.SubPattern(parsed.state, head).getwidth()[1]
    except Exception:
        return (), 0
    return ((tail,), widest) if widest <= _MAX_BEFORE else ((), 0)


def _literal_run(items: list[tuple[object, object]], literal: object) -> bytes:
    """The bytes of the literals ``items`` start with."""
    run = bytearray()
    for op, value in items:
        if op is not literal or not isinstance(value, int) or value > 255:
            break
        run.append(value)
    return bytes(run)


def _looks_ahead(items: Any, constants: Any) -> bool:
    """Whether a parsed pattern holds a lookahead or an end-of-text assertion
    (which a search cut short could answer otherwise).
    """
    ahead = (constants.ASSERT, constants.ASSERT_NOT)
    ends = (constants.AT_END, constants.AT_END_LINE, constants.AT_END_STRING)
    stack: list[Any] = [items]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple) and len(item) == 2:
            op, value = item
            if op in ahead and value[0] == 1:  # (direction, pattern): 1 looks ahead
                return True
            if op is constants.AT and value in ends:
                return True
        if isinstance(item, (list, tuple)) or type(item).__name__ == "SubPattern":
            stack.extend(item)
    return False


@functools.lru_cache(maxsize=256)
def _needed_word(source: bytes, flags: int) -> bytes:
    r"""The longest run of literal bytes in the top-level sequence of a pattern
    (b"" when none is worth a search): every match holds it.

    ``re`` finds a pattern that starts with a literal quickly by itself; one
    that starts otherwise (``\bURL\b``, a choice of URL schemes then ``://``)
    is tried at every position of the file (about 20 ns a byte), and a
    substring search for the word rules most files out at under 1 ns a byte.
    Only literals at the top level count (not inside a group, a repeat or a
    choice), and none under IGNORECASE: the word is in every match as written.
    """
    if flags & re.IGNORECASE:
        return b""
    try:
        import importlib

        parser = importlib.import_module("re._parser")
        literal = importlib.import_module("re._constants").LITERAL
        parsed = list(parser.parse(source.decode("latin-1"), flags))
    except Exception:  # a private module that changed: no shortcut
        return b""
    if not parsed or parsed[0][0] is literal:
        return b""  # re's own search starts from the literal prefix
    best = run = b""
    for op, value in parsed:
        if op is literal and isinstance(value, int) and value < 256:
            run += bytes([value])
        else:
            run = b""
        if len(run) > len(best):
            best = run
    return best if len(best) >= _GUARD_LENGTH else b""


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
    plan = _plan(needles)
    if len(data) <= _CHUNK:
        return _found(data.lower(), plan)
    overlap = max((len(n) for n in needles), default=1) - 1
    view = memoryview(data)
    for start in range(0, len(data), _CHUNK):
        if _found(view[start : start + _CHUNK + overlap].tobytes().lower(), plan):
            return True
    return False


#: Needles grouped under a word they all hold (see :func:`_plan`): the word, or
#: b"" for needles searched alone, and the group.
_Plan = tuple[tuple[bytes, tuple[bytes, ...]], ...]
#: A group's word is at least this long, and a group at least this large (its
#: word is one search more, which must save two).
_GUARD_LENGTH = 3
_GROUP_SIZE = 3


def _found(lowered: bytes, plan: _Plan) -> bool:
    for guard, group in plan:
        if guard and guard not in lowered:
            continue  # no needle of the group can be there
        if any(needle in lowered for needle in group):
            return True
    return False


@functools.lru_cache(maxsize=64)
def _plan(needles: tuple[bytes, ...] | frozenset[bytes]) -> _Plan:
    """``needles`` without repeats, those that share a word grouped under it.

    Most files hold no needle, and each needle is a search of the whole file:
    Java's 18 words (one twice) include six with ``ssl`` in them, so a file
    without ``ssl`` is searched 12 times, not 18 (issue 15).  A file holds a
    needle only if it holds the needle's group word: the answer is the same.
    """
    left = list(dict.fromkeys(needles))  # the declared order: a file that passes stops early
    groups: list[tuple[bytes, tuple[bytes, ...]]] = []
    while True:
        holders: dict[bytes, list[bytes]] = {}
        for needle in left:
            words = {needle[i : i + _GUARD_LENGTH] for i in range(len(needle) - _GUARD_LENGTH + 1)}
            for word in words:
                holders.setdefault(word, []).append(needle)
        if not holders:
            break
        word, group = min(holders.items(), key=lambda item: (-len(item[1]), item[0]))
        if len(group) < _GROUP_SIZE:
            break
        groups.append((word, tuple(group)))
        left = [n for n in left if n not in group]
    return ((b"", tuple(left)), *groups) if left else tuple(groups)
