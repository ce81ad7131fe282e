"""Redaction of secrets in source text shown to users (snippets).

Secrets the clients recognised are replaced wherever they appear; on top of
that, password-shaped text is masked by pattern, so a password the clients did
not recognise (a dynamic URL, a driver option we do not model) is not printed
either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "***"
# Shorter "secrets" (a one-letter test password) would mask ordinary words.
_MIN_SECRET = 3

_PATTERNS: tuple[re.Pattern[str], ...] = (
    # key=value / key: value / "key": "value" for password-like keys.
    re.compile(
        r"""(?ix)
        ((?:password|passwd|pwd|pass|storepass|keypass|secret)[\w.-]*
         ["']?\s*(?:=|:|,|\s)\s*["']?)
        ([^"'\s&;,)}\]<>]+)
        """
    ),
    # userinfo in URLs: scheme://user:secret@host
    re.compile(r"(://[^:/@\s\"']*:)([^@/\s\"']+)(?=@)"),
    # mysql -pSECRET (short option glued to its value)
    re.compile(r"((?:^|\s|[\"'])-p)([^\s\"']+)"),
)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every known secret and every password-shaped value masked."""
    for secret in sorted({s for s in secrets if len(s) >= _MIN_SECRET}, key=len, reverse=True):
        text = text.replace(secret, MASK)
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + MASK, text)
    return text


def redact_known(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every known secret masked (messages: no pattern masking)."""
    for secret in sorted({s for s in secrets if len(s) >= _MIN_SECRET}, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text
