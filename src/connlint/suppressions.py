"""Inline suppressions: ``connlint: ignore[CL202] optional reason`` in any
comment syntax, on the finding's line or on a comment-only line just above.
A bare ``connlint: ignore`` suppresses every rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from connlint.model import Finding

_IGNORE = re.compile(r"connlint:\s*ignore(?:\[(?P<ids>[^\]]*)\])?(?P<reason>[^\r\n]*)")
# Comment openers of every syntax the front-ends read.
_COMMENT_BEFORE = re.compile(r"(?:#|//|/\*|<!--|;|!|--|\*|\bREM\b)")
_COMMENT_ONLY = re.compile(r"^\s*(?:#|//|/\*|\*|<!--|;|!|--|REM\b)")


@dataclass(frozen=True)
class Ignore:
    """One ``connlint: ignore`` comment and the lines it covers."""

    line: int
    column: int
    ids: frozenset[str] | None
    reason: str
    covers: frozenset[int]

    def matches(self, finding: Finding) -> bool:
        """True when this comment suppresses ``finding``."""
        return finding.location.line in self.covers and (self.ids is None or finding.rule in self.ids)


def parse_ignores(text: str) -> list[Ignore]:
    """Every suppression comment in ``text`` with the lines it applies to."""
    if "connlint:" not in text:
        return []
    lines = text.split("\n")
    out: list[Ignore] = []
    for index, line in enumerate(lines):
        m = _IGNORE.search(line)
        if m is None or not _COMMENT_BEFORE.search(line, 0, m.start()):
            continue
        ids = None
        if m.group("ids") is not None:
            ids = frozenset(i.strip().upper() for i in m.group("ids").split(",") if i.strip())
        reason = m.group("reason").strip().removesuffix("-->").strip().removesuffix("*/").strip()
        covers = {index + 1}
        if _COMMENT_ONLY.match(line):
            nxt = index + 1
            while nxt < len(lines) and _COMMENT_ONLY.match(lines[nxt]):
                nxt += 1
            covers.add(nxt + 1)
        out.append(Ignore(index + 1, m.start() + 1, ids, reason, frozenset(covers)))
    return out


def apply_ignores(findings: list[Finding], ignores: list[Ignore]) -> tuple[list[Finding], list[Ignore]]:
    """Mark suppressed findings (``suppressed`` holds the reason) and return the
    unused ignore comments.
    """
    used: set[Ignore] = set()
    out: list[Finding] = []
    for f in findings:
        hit = next((i for i in ignores if i.matches(f)), None)
        if hit is None:
            out.append(f)
        else:
            used.add(hit)
            out.append(replace(f, suppressed=hit.reason or "suppressed inline"))
    return out, [i for i in ignores if i not in used]
