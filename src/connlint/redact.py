"""Redaction of secrets in text shown to users (snippets, messages).

Work is done on ranges of the original text, merged and then replaced by
``***`` once, so that masks from different sources (a located secret, a known
value, a password-shaped pattern) cannot garble each other.  Every step is
linear in the length of the text: a hostile line must not stall the run
(Python's ``re`` backtracks, so each pattern is written with possessive
quantifiers and atomic groups, and known values are found with one
Aho-Corasick automaton instead of one search per value).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable

from connlint import lazy

MASK = "***"
# Shorter "secrets" (a one-letter test password) would mask ordinary words.
_MIN_SECRET = 3

#: A value after a password-like key or ``-p``: quoted (up to its closing quote,
#: over escapes and doubled quotes, so that ``"a b;c"`` is masked whole), or
#: bare (up to a delimiter).  Each repetition is possessive and consumes a
#: character, so the value is read once.
_VALUE = r"""
    (?: (?P<q>["'])(?P<quoted>(?:\\.|(?P=q)(?P=q)|(?!(?P=q))[^\\\n])*+)
      | (?P<bare>[^"'\s&;,)}\]<>]++) )
"""

#: Password-shaped text; group ``quoted`` or ``bare`` is the value to mask.
_PATTERNS: tuple[re.Pattern[str], ...] = (
    # key=value / key: value / "key": "value" / setPassword("value") for
    # password-like keys.  The key is the whole run of key characters holding
    # the keyword, matched from its start only (the lookbehind) and atomically:
    # "passpass…" is then read once, not once per keyword occurrence.
    lazy.compile(
        r"""(?ix)
        (?<![\w.-])
        (?>[\w.-]*?(?:password|passwd|pwd|pass|storepass|keypass|secret)[\w.-]*+)
        ["']?+
        (?: \s*+[=:,]\s*+                          # key = value, "key": "value", ("key", "value")
          | \s*+\((?=\s*+[rbuf$]{0,2}["'])\s*+     # setPassword("value")
          | \s++ )                                  # key value
        (?:[rbuf$]{1,2}(?=["']))?+                   # b"…", f"…", $'…'
        """
        + _VALUE
    ),
    # userinfo in URLs: scheme://user:secret@host
    lazy.compile(r"://[^:/@\s\"']*+:(?P<bare>[^@/\s\"']++)(?=@)"),
    # mysql -pSECRET, -p"SECRET", -p$'SECRET' (short option glued to its value)
    lazy.compile(r"""(?x) (?:^|(?<=[\s"'])) -p \$?+""" + _VALUE),
)


def password_ranges(text: str) -> list[tuple[int, int]]:
    """Offsets ``(start, end)`` of password-shaped values in ``text``."""
    out = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            out.append(m.span("bare") if m.group("bare") is not None else m.span("quoted"))
    return out


class Matcher:
    """Finds every occurrence of a set of known values in one pass (Aho-Corasick),
    so that masking N values in M texts costs their lengths, not N times M.
    """

    __slots__ = ("_fail", "_goto", "_longest")

    def __init__(self, values: Iterable[str]) -> None:
        self._goto: list[dict[str, int]] = [{}]
        self._fail: list[int] = [0]
        # Length of the longest value that ends at this state (0: none).
        self._longest: list[int] = [0]
        for value in {v for v in values if len(v) >= _MIN_SECRET}:
            state = 0
            for char in value:
                nxt = self._goto[state].get(char)
                if nxt is None:
                    nxt = len(self._goto)
                    self._goto.append({})
                    self._fail.append(0)
                    self._longest.append(0)
                    self._goto[state][char] = nxt
                state = nxt
            self._longest[state] = len(value)
        queue = deque(self._goto[0].values())
        while queue:
            state = queue.popleft()
            for char, child in self._goto[state].items():
                fail = self._fail[state]
                while fail and char not in self._goto[fail]:
                    fail = self._fail[fail]
                target = self._goto[fail].get(char, 0)
                self._fail[child] = target if target != child else 0
                self._longest[child] = max(self._longest[child], self._longest[self._fail[child]])
                queue.append(child)

    def __bool__(self) -> bool:
        return len(self._goto) > 1

    def ranges(self, text: str) -> list[tuple[int, int]]:
        """Offsets ``(start, end)`` of the longest known value ending at each
        position of ``text`` (overlaps merge when masked).
        """
        goto, fail, longest = self._goto, self._fail, self._longest
        out: list[tuple[int, int]] = []
        if len(goto) == 1:
            return out
        state = 0
        for i, char in enumerate(text):
            while state and char not in goto[state]:
                state = fail[state]
            state = goto[state].get(char, 0)
            if longest[state]:
                out.append((i + 1 - longest[state], i + 1))
        return out


def merge(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint ranges covering the same offsets; touching ranges join
    (two masks side by side would tell where one value ends).
    """
    out: list[tuple[int, int]] = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def mask(text: str, ranges: Iterable[tuple[int, int]]) -> str:
    """``text`` with each run of masked offsets replaced by ``***``."""
    out: list[str] = []
    last = 0
    for start, end in merge(ranges):
        out.append(text[last:start])
        out.append(MASK)
        last = end
    out.append(text[last:])
    return "".join(out)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every known secret and every password-shaped value masked."""
    return mask(text, Matcher(secrets).ranges(text) + password_ranges(text))


def redact_known(text: str, secrets: Iterable[str] | Matcher) -> str:
    """``text`` with every known secret masked (messages: no pattern masking)."""
    matcher = secrets if isinstance(secrets, Matcher) else Matcher(secrets)
    return mask(text, matcher.ranges(text))
