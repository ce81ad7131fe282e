"""YAML that is not YAML until a build or a deployment fills it in: the
template syntax masked so that the rest can be read, lines and columns kept.

* Helm charts and Go templates: ``{{ … }}`` actions (:func:`mask_templates`);
* Maven and Gradle resource filtering: ``@project.version@`` tokens, which
  cannot start a plain scalar (:func:`mask_templates`);
* ERB in a Rails ``database.yml``: ``<% … %>`` code tags, which output nothing
  (:func:`mask_erb`); ``<%= … %>`` tags are values, which the Rails reader
  (:mod:`connlint.frontends.rails`) reads as values not known statically.

The YAML front-end reads a file again with these masked only when it is not
YAML as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


def erb_tags(text: str) -> Iterator[tuple[int, int]]:
    """Start and end of each ERB tag of ``text`` (``<%`` to the first ``%>``,
    as ERB's scanner ends a tag).  Linear: without a closing ``%>`` no later
    tag can close either (a regex search re-read the rest from every ``<%``).
    """
    start = text.find("<%")
    while start != -1:
        end = text.find("%>", start + 2)
        if end == -1:
            return
        yield start, end + 2
        start = text.find("<%", end + 2)


def mask_erb(text: str) -> str:
    """``text`` with each ERB code tag (not ``<%=`` output, not a ``<%%``
    literal) blanked, lines and columns kept (both branches of an ``<% if %>``
    are then read, as connlint reads alternatives).
    """
    pieces: list[str] = []
    done = 0
    for start, end in erb_tags(text):
        if text[start + 2 : start + 3] in ("=", "%"):
            continue
        pieces.append(text[done:start])
        pieces.append(_blank(text[start:end]))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


#: A line that holds nothing but actions (control flow, includes).  Linear:
#: from a line start, one ``{{`` and the last ``}}`` of the line (what lies
#: between may be several actions).
_ACTIONS_LINE = re.compile(r"^[ \t]*+\{\{[^\n]*\}\}[ \t]*+$", re.MULTILINE)
#: A block scalar's indicator (``|``, ``>-``) and blanks just before an action:
#: its ``{{`` is at the match's end.  No match overlaps another (none holds a ``{``).
_INDICATOR_BEFORE_ACTION = re.compile(r"[:-][ \t]++[|>][-+0-9]*+[ \t]*+(?=\{\{)")
#: A Maven / Gradle resource-filtering token; ``@`` cannot start a plain scalar.
_FILTER_TOKEN = re.compile(r"@([\w.-]+)@")


def mask_templates(text: str) -> str:
    """``text`` with each template action replaced, lines and columns kept: a
    line of actions alone becomes empty (the YAML it would emit is unknown; not
    spaces, which YAML refuses before a block scalar's first line), an action
    inside a line becomes the placeholder ``${ … _}`` of the same length, and
    ``@name@`` becomes ``${ame}``: placeholders the JDBC parser and the Spring
    mapping read as values not known statically.
    """
    if "{{" in text:
        text = _mask_actions(_ACTIONS_LINE.sub("", text))
    if "@" in text:
        text = _FILTER_TOKEN.sub(lambda m: "${" + m.group(1)[1:] + "}", text)
    return text


def _blank(text: str) -> str:
    """``text`` with every character but newlines replaced by a space."""
    return "\n".join(" " * len(line) for line in text.split("\n"))


def _mask_actions(text: str) -> str:
    """Each action ``{{ … }}`` (to the first ``}}``, over lines too) of ``text``
    replaced: blanked when it spans lines, holds a brace, or follows a block
    scalar's indicator on its line (see :func:`_after_indicator`); otherwise
    the placeholder ``${ … _}``.  One pass, each indicator found once: linear
    in the text however many actions a line holds.
    """
    starts = [m.end() for m in _INDICATOR_BEFORE_ACTION.finditer(text)]  # ascending
    indicated = set(starts)
    next_start = 0  # starts[next_start] is the first at or after the current line's start
    out: list[str] = []
    pos = 0
    line_start = 0  # of the line holding the current action
    seen = 0  # no newline between line_start and here
    while (start := text.find("{{", pos)) >= 0:
        close = text.find("}}", start + 2)
        if close < 0:
            break
        end = close + 2
        newline = text.rfind("\n", seen, start)
        if newline >= 0:
            line_start = newline + 1
        seen = start
        while next_start < len(starts) and starts[next_start] < line_start:
            next_start += 1
        first = starts[next_start] if next_start < len(starts) else -1
        out.append(text[pos:start])
        inner = text[start + 2 : close]
        if (
            "\n" in inner
            or "{" in inner
            or "}" in inner
            or start in indicated
            or _after_indicator(text, line_start, start, first)
        ):
            out.append(_blank(text[start:end]))
        else:
            out.append("${" + inner + "_}")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _after_indicator(text: str, line_start: int, start: int, first: int) -> bool:
    r"""True when the action at ``start`` follows earlier actions that follow a
    block scalar's indicator: ``text[line_start:start]`` ends with ``}}`` and
    blanks, and ``first`` (the line's first ``{{`` right after an indicator)
    opens a ``{{ … }}`` stretch before that ``}}``.

    With ``start`` itself right after an indicator, this is what the pattern
    ``[:-][ \t]+[|>][-+0-9]*[ \t]*(?:\{\{.*?\}\}[ \t]*)*$`` finds before an
    action (any number of actions reads as one stretch, ``.*?`` spanning
    ``}} {{``), without its exponential backtracking.
    """
    if not line_start <= first < start:
        return False
    end = start
    while end > line_start and text[end - 1] in " \t":
        end -= 1
    return end - 4 >= first and text[end - 2 : end] == "}}"
