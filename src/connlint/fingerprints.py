"""The connlint fingerprint of a finding, so that it stays stable when lines
move (SARIF ``partialFingerprints["connlint/v2"]``, JSON and baselines).

v2 hashes the rule, the path, the normalised evidence and the normalised text
of the finding's line; equal findings are numbered only among those that also
share that line text.  So a finding inserted above an identical one on another
line shifts nothing (v1 numbered every equal evidence in the file, and such an
insertion renumbered every later one).  Only copies of the same line still
count in order, as GitHub's own line hash does.  Baselines written with v1 are
still read (see :func:`legacy_fingerprints`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from connlint.model import Finding

try:  # CPython's built-in SHA-256: hashlib would load OpenSSL first (~5 ms of a small run)
    from _sha256 import sha256  # type: ignore[import-not-found]  # Python 3.11
except ImportError:  # pragma: no cover - other interpreters and versions
    from hashlib import sha256

KEY = "connlint/v2"
LEGACY_KEY = "connlint/v1"


def _base(f: Finding) -> str:
    evidence = " ".join(f.evidence.split())
    return f"{f.rule}\x1f{f.location.path}\x1f{evidence}"


def _line(f: Finding) -> str:
    """The finding's line, whitespace collapsed (empty when not known)."""
    return " ".join((f.snippet or "").split())


def _utf8(text: str) -> bytes:
    """UTF-8, whatever the locale, with the bytes of a name that is not UTF-8
    (lone surrogates from os.fsdecode, PEP 383) hashed as they are on disk.
    """
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate no decoding of bytes gives: still stable
        return text.encode("utf-8", "surrogatepass")


def _numbered(keys: Sequence[str]) -> list[str]:
    seen: Counter[str] = Counter()
    out = []
    for key in keys:
        seen[key] += 1
        out.append(sha256(_utf8(f"{key}\x1f{seen[key]}")).hexdigest()[:32])
    return out


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """One fingerprint per finding, in order (v2: evidence and line text)."""
    return _numbered([f"{_base(f)}\x1f{_line(f)}" for f in findings])


def legacy_fingerprints(findings: Sequence[Finding]) -> list[str]:
    """The v1 fingerprints (evidence numbered through the file), to read old baselines."""
    return _numbered([_base(f) for f in findings])
