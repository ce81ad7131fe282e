"""The connlint fingerprint of a finding: rule, path and normalised evidence,
hashed, so that it stays stable when lines move (SARIF
``partialFingerprints["connlint/v1"]``, JSON and baselines).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from connlint.model import Finding

try:  # CPython's built-in SHA-256: hashlib would load OpenSSL first (~5 ms of a small run)
    from _sha256 import sha256  # type: ignore[import-not-found]  # Python 3.11
except ImportError:  # pragma: no cover - other interpreters and versions
    from hashlib import sha256

KEY = "connlint/v1"


def _base(f: Finding) -> str:
    evidence = " ".join(f.evidence.split())
    return f"{f.rule}\x1f{f.location.path}\x1f{evidence}"


def _utf8(text: str) -> bytes:
    """UTF-8, whatever the locale, with the bytes of a name that is not UTF-8
    (lone surrogates from os.fsdecode, PEP 383) hashed as they are on disk.
    """
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate no decoding of bytes gives: still stable
        return text.encode("utf-8", "surrogatepass")


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """One fingerprint per finding, in order; equal evidence in one file is told
    apart by its occurrence number.
    """
    seen: Counter[str] = Counter()
    out = []
    for f in findings:
        base = _base(f)
        seen[base] += 1
        digest = sha256(_utf8(f"{base}\x1f{seen[base]}")).hexdigest()[:32]
        out.append(digest)
    return out
