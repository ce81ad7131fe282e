r"""The source line shown under a finding (``--format full``), with secrets masked,
and the secrets masked in finding messages.

A password is masked in the line by three means, whichever catch it:

* where it stands in the source: every :class:`~connlint.model.Secret` a
  front-end or client located carries its source regions, from its first to
  its last character on each line.  That covers any source form of the value
  (``"S3cr3t\u0056x"``, ``"S3cr3t" + "Wx"``, ``$'…'``, ``&lt;``, YAML
  ``''``), which a search for the decoded text cannot find;
* its decoded value wherever it appears verbatim on the line;
* password-shaped text (:mod:`connlint.redact`): what no client recognised.

Long lines: a line over :data:`MAX_LINE` characters is shown as a window of
the characters around the finding, cut at both ends with ``…``.  The window
keeps its columns: the finding holds the window and the column it starts at
(:attr:`~connlint.model.Finding.snippet_column`), and the full text reporter
pads it to there, so the marker below it still points at the finding.  The
padding is not stored: a finding far right on a 5 MB line would otherwise
carry 5 MB of blanks (10 MB as text with the ``…``), each finding of the line
its own.  The masking by value and by pattern then reads only :data:`CONTEXT`
characters either side of the window: the cost of a snippet is bounded
whatever the length of the line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from connlint import budget, lazy
from connlint.catalog import load_catalog
from connlint.lazy import dataclass
from connlint.model import Finding, Secret
from connlint.redact import Matcher, mask, password_ranges

if TYPE_CHECKING:
    from connlint.connections import Resolved
    from connlint.model import Extraction

#: Lines longer than this are shown as a window around the finding.
MAX_LINE = 1000
#: Characters of the line kept on each side of a finding in a window.
WINDOW_MARGIN = 200
#: Characters read on each side of a window to mask values that cross its edges.
CONTEXT = 200
#: The longest text a snippet searches for secrets (a window and its context).
_NEAR = MAX_LINE + 2 * CONTEXT

#: An escape sequence that may start at a value's last character: the region of
#: a value ends after the source position of its last character, which for
#: ``\u0041``, ``&lt;``, ``%40`` or YAML's ``''`` is only the first character.
_ESCAPE = lazy.compile(
    r"""\\(?:u++[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{1,2}|N\{[^}\n]{1,60}\}|[0-7]{1,3}|.)"""
    r"""|&(?:\#[0-9]{1,8}|\#[xX][0-9a-fA-F]{1,8}|\w{1,32});|%[0-9a-fA-F]{2}|''"""
)


@dataclass(frozen=True)
class KnownSecrets:
    """The secrets of one file: their values, and where they stand in it
    (``(path, line)`` -> 0-based ``(start, end)`` offsets in that line).
    """

    values: frozenset[str]
    regions: dict[tuple[str, int], tuple[tuple[int, int], ...]]


def known_secrets(secrets: Iterable[Secret]) -> KnownSecrets:
    """Values and source regions of ``secrets`` (secrets with equal values but
    different places each keep their regions).
    """
    values: set[str] = set()
    regions: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for secret in secrets:
        values.add(secret.reveal())
        for where in secret.regions:
            regions.setdefault((where.path, where.line), []).append((where.column - 1, where.end_column - 1))
    return KnownSecrets(frozenset(values), {k: tuple(v) for k, v in regions.items()})


def file_secrets(extraction: Extraction, resolved: Resolved) -> KnownSecrets:
    """Every secret a front-end or a client found in one file."""
    return known_secrets(_secrets_of(extraction, resolved))


def _secrets_of(extraction: Extraction, resolved: Resolved) -> Iterator[Secret]:
    for candidate in extraction.candidates:
        for setting in candidate.settings:
            if isinstance(setting.value, Secret):
                yield setting.value
    for fact in [*resolved.facts, *(f for c in resolved.connections for f in c.facts)]:
        if isinstance(fact.value, Secret):
            yield fact.value


def with_snippets(findings: list[Finding], text: str, secrets: KnownSecrets) -> list[Finding]:
    """``findings`` with their masked source line, and known secrets masked in
    their messages.
    """
    if not findings:
        return findings
    lines = text.split("\n")
    catalog = load_catalog()
    # A snippet's text to search is at most _NEAR characters long: a longer
    # value cannot be in it, and stays out of the automaton (whose size it
    # would set).  Messages are searched for such values one by one.
    values = Matcher(v for v in secrets.values if len(v) <= _NEAR)
    long_values = [v for v in secrets.values if len(v) > _NEAR]
    out = []
    for f in findings:
        budget.check()
        index = f.location.line - 1
        snippet, column = _snippet(lines[index], f, secrets, values) if 0 <= index < len(lines) else (None, 1)
        message = _message(f.message, catalog[f.rule].message, values, long_values)
        out.append(replace(f, snippet=snippet, snippet_column=column, message=message))
    return out


def _message(message: str, template: str, values: Matcher, long_values: list[str]) -> str:
    """``message`` with the known secrets in it masked, except one that is also
    a word of the message template (a test password "password"): values there
    are already redacted by type, and masking would garble the sentence.
    """
    # The automaton reports the longest value ending at each offset; a shorter
    # one ending there is a part of it, so in the template whenever it is.
    ranges = [(a, b) for a, b in values.ranges(message) if message[a:b] not in template]
    for value in long_values:
        start = message.find(value)
        while start >= 0:
            ranges.append((start, start + len(value)))
            start = message.find(value, start + 1)
    return mask(message, ranges)


def _snippet(line: str, f: Finding, secrets: KnownSecrets, values: Matcher) -> tuple[str, int]:
    """The masked line of ``f`` (or its window) and the column it starts at."""
    loc = f.location
    start, stop = _window(line, loc.column - 1, loc.end_column - 1 if loc.end_line == loc.line else None)
    ranges = [
        (a, _past_escape(line, b))
        for a, b in secrets.regions.get((loc.path, loc.line), ())
        if b > start and a < stop
    ]
    lo, hi = max(0, start - CONTEXT), min(len(line), stop + CONTEXT)
    near = line[lo:hi]
    ranges += [(a + lo, b + lo) for a, b in values.ranges(near) + password_ranges(near)]
    if (start, stop) == (0, len(line)):
        return mask(line, ranges), 1
    # Clip the masks to the window; the "…" before it stands in the column of
    # the character before the window (see the module docstring).
    inside = [(max(a, start), min(b, stop)) for a, b in ranges if b > start and a < stop]
    shown = mask(line[start:stop], [(a - start, b - start) for a, b in inside])
    tail = "…" if stop < len(line) else ""
    return ("…" + shown + tail, start) if start else (shown + tail, 1)


def _window(line: str, column: int, end: int | None) -> tuple[int, int]:
    """0-based ``[start, stop)`` of ``line`` to show for a finding at ``column``
    (0-based) to ``end`` (None: it goes on past this line).
    """
    if len(line) <= MAX_LINE:
        return 0, len(line)
    column = max(0, min(column, len(line)))
    last = len(line) if end is None else max(column, min(end, len(line)))
    start = max(0, column - WINDOW_MARGIN)
    stop = min(len(line), last + WINDOW_MARGIN, start + MAX_LINE)
    return start, stop


def _past_escape(line: str, end: int) -> int:
    """``end`` moved past an escape sequence that starts at ``end - 1``."""
    if end < 1:
        return end
    m = _ESCAPE.match(line, end - 1)
    return max(end, m.end()) if m else end
