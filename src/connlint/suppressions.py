"""Inline suppressions: ``connlint: ignore[CL202] optional reason`` in any
comment syntax, on the finding's line or on a comment-only line just above.
A bare ``connlint: ignore`` suppresses every rule.
"""

from __future__ import annotations

from dataclasses import field, replace

from connlint import lazy
from connlint.lazy import dataclass
from connlint.model import Finding

_IGNORE = lazy.compile(r"connlint:\s*ignore(?:\[(?P<ids>[^\]]*)\])?(?P<reason>[^\r\n]*)")
# Comment openers of every syntax the front-ends read.
_COMMENT_BEFORE = lazy.compile(r"(?:#|//|/\*|<!--|;|!|--|\*|\bREM\b)")
# A PEM boundary (-----BEGIN CERTIFICATE-----) is not an SQL comment: a comment above
# a certificate of a CA bundle covers its block (CL404).
_COMMENT_ONLY = lazy.compile(r"^\s*(?:#|//|/\*|\*|<!--|;|!|--(?!---(?:BEGIN|END) )|REM\b)")


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
    """Every suppression comment in ``text`` with the lines it applies to.

    Linear in the text: each line is tested for a comment once, even when a
    run of comment lines each holds an ignore (all of them cover the line after
    the run).
    """
    if "connlint:" not in text:
        return []
    lines = text.split("\n")
    out: list[Ignore] = []
    run_end = 0  # lines before it, from the last scan's start, are comment-only
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
            if run_end <= index:  # not inside the run already scanned
                run_end = index + 1
                while run_end < len(lines) and _COMMENT_ONLY.match(lines[run_end]):
                    run_end += 1
            covers.add(run_end + 1)
        out.append(Ignore(index + 1, m.start() + 1, ids, reason, frozenset(covers)))
    return out


@dataclass
class _LineIgnores:
    """The ignores covering one line: the first that names no rule, and the first naming each rule."""

    bare: int | None = None
    by_rule: dict[str, int] = field(default_factory=dict)


def apply_ignores(findings: list[Finding], ignores: list[Ignore]) -> tuple[list[Finding], list[Ignore]]:
    """Mark suppressed findings (``suppressed`` holds the reason) and return the
    unused ignore comments.

    A finding is suppressed by the first ignore (in ``ignores`` order) that
    matches it; ignores are indexed by line and rule, so the cost is linear in
    findings plus ignores (a file with an ignore on every line and a finding on
    every line is not quadratic).
    """
    index: dict[int, _LineIgnores] = {}
    for order, ignore in enumerate(ignores):
        for line in ignore.covers:
            entry = index.setdefault(line, _LineIgnores())
            if ignore.ids is None:
                if entry.bare is None:
                    entry.bare = order
            else:
                for rule in ignore.ids:
                    entry.by_rule.setdefault(rule, order)
    used: set[int] = set()
    out: list[Finding] = []
    for f in findings:
        covering = index.get(f.location.line)
        hit = None
        if covering is not None:
            named, bare = covering.by_rule.get(f.rule), covering.bare
            hit = named if bare is None else bare if named is None else min(named, bare)
        if hit is None:
            out.append(f)
        else:
            used.add(hit)
            out.append(replace(f, suppressed=ignores[hit].reason or "suppressed inline"))
    return out, [ignore for order, ignore in enumerate(ignores) if order not in used]
