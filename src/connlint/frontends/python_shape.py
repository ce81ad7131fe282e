r"""Python statements too deep for libcst, found by a lexical scan and blanked
before the parse.

libcst 1.x parses in native code (a recursive PEG parser) and then walks the
tree with recursive Python code.  Its cost grows with the square of a
statement's depth, and deep enough it overflows a stack.  Measured with libcst
1.0.1 on CPython 3.11, one statement per file:

* left-deep chains (``"a" + "a" + …``, ``a.b.c…``, ``f()()…``, ``-~-…``,
  ``lambda: lambda: …``, ternaries): 1,000 links 0.2-1.6 s, 4,000 links
  6-15 s; ``and``/``or`` chains and 2,000 nested parentheses end the process
  (SIGSEGV); 4,000 implicitly concatenated strings fail to parse at all;
* nested brackets: 100 levels of lists, dicts or calls 0.1-0.4 s, 300 levels
  1-3 s (CPython accepts up to 200);
* 16,000 ``elif`` clauses: SIGSEGV;
* the Python side: walking a tree recurses two or three frames per level, so
  about 330 levels exceed the default recursion limit, which loses the file.

Flat shapes (a 16,000-element list, 16,000 decorators, comparisons, long
lines, many statements) are linear.

:func:`bound` estimates each logical line's depth in tree levels in one pass
over the text (strings, f-strings with libcst's nesting rules, comments,
brackets, operators, keywords, indentation); no parser runs.  A statement over
:data:`MAX_DEPTH` is replaced by ``pass`` and spaces (a compound statement as a
whole, a decorator by spaces alone), keeping every line and column of the rest.
A long ``elif`` chain is split into ``if`` statements instead (``elif`` becomes
``if`` and two spaces), so that nothing in it is lost.
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import NamedTuple

from connlint import budget

#: The depth (tree levels, estimated) a logical line may reach.  The slowest
#: shapes at this depth (33 nested walrus groups, 100 subscripts) parse in
#: ~40 ms; the Python code that walks the tree needs up to 3 frames a level of
#: the 1,000 allowed, so a caller that recurses out of frames passes a lower
#: limit (about 100) and tries again.
MAX_DEPTH = 300
#: The limit for that second try.
RETRY_DEPTH = 100
#: ``elif`` clauses of one ``if`` statement before it is split.
MAX_ELIF = 100
# Each level of brackets counts this much beyond the link that opens it:
# nested brackets cost libcst ~40x what a chain link costs (measured above).
_LEVEL = 5
# An indented block: its body node and statement, and room below libcst's
# 100 levels of indentation (a syntax error at 100).
_BLOCK = 4
# What an opening bracket adds to the chain it continues: a call or subscript
# trailer costs libcst 2-3 times an operator (``f()()…``, ``a[0][0]…``).
_LINK_BY_BRACKET = {"(": 2, "[": 3, "{": 2}

_KEYWORDS = r"(?:and|or|not|if|else|lambda|await|yield|for|in|is|async)\b"
# One token of interest in code, after what the same match skips before it:
# spaces, ``=``, numbers and names other than keywords and string prefixes.
# Skipping whole names keeps the scan fast; numbers are read as Python reads
# them, so ``1if`` is a number and a keyword.  Any character, or the end, ends
# the match: the skipping loop is never backtracked into.
_CODE = re.compile(
    r"(?:[ \t\f]+|=(?!=)|0[xXoObB][\da-fA-F_]*|\d[\d_]*(?:\.[\d_]*)?(?:[eE][-+]?[\d_]+)?[jJ]?"
    rf"|(?!{_KEYWORDS}|[rRbBuUfF]{{1,2}}['\"])[^\W\d]\w*)*"
    r"(?:(?P<n>\r\n?|\n)|(?P<o>[(\[{])|(?P<c>[)\]}])|(?P<p>[,;])"
    r"|(?P<u>:=|->|\*\*=?|//=?|<<=?|>>=?|[-+*/%@&|^~<>]=?|[!=]=|\.)|(?P<l>:)"
    r"|(?P<s>[rRbBuU]{0,2}(?:'''|" + '"""' + r"|'|" + '"' + r"))"
    r"|(?P<f>(?:[rR][fF]|[fF][rR]?)(?:'''|" + '"""' + r"|'|" + '"' + r"))"
    rf"|(?P<h>\#[^\r\n]*|\\(?:\r\n?|\n)?)|(?P<k>{_KEYWORDS})|(?P<z>[\s\S]|\Z))"
)
# The rest of a string after its opening quote (to the closing quote, or to
# the end of the line for an unterminated one-line string).
_BODY = {
    "'": re.compile(r"[^'\\\r\n]*(?:\\(?:\r\n|[\s\S])[^'\\\r\n]*)*'?"),
    '"': re.compile(r'[^"\\\r\n]*(?:\\(?:\r\n|[\s\S])[^"\\\r\n]*)*"?'),
    "'''": re.compile(r"[^'\\]*(?:(?:\\[\s\S]|'(?!''))[^'\\]*)*(?:''')?"),
    '"""': re.compile(r'[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*(?:""")?'),
}


@functools.cache
def _literal(quote: str, raw: bool) -> re.Pattern[str]:
    r"""The literal text of an f-string up to a ``{``, ``}``, quote or line end.

    ``{{`` and ``}}`` are text; a backslash never escapes a brace; ``\N{…}``
    is a character name except in a raw f-string.
    """
    q = re.escape(quote[0])
    text = rf"[^{{}}\\{q}\r\n]+" if len(quote) == 1 else rf"[^{{}}\\{q}]+|{q}(?!{q}{q})"
    name = "" if raw else r"|\\N\{[^{}\r\n]*\}"
    return re.compile(rf"(?:{text}{name}|\\(?:\r\n|[^{{}}]|(?=[{{}}]))|\{{\{{|\}}\}})*")


_WORD = re.compile(r"@|[^\W\d]\w*")
_NOTHING = re.compile("")
_LINE_START = re.compile(r"[ \t\f]*")
_NOT_LINE_BREAK = re.compile(r"[^\r\n]")
_CLAUSES = frozenset({"elif", "else", "except", "finally"})
_DEFINITIONS = frozenset({"def", "class", "async", "@"})


class Skipped(NamedTuple):
    """Lines replaced before the parse, and why."""

    first_line: int
    last_line: int
    reason: str


class Shaped(NamedTuple):
    """The text to parse (``text`` itself when nothing was changed) and what was left out."""

    text: str
    skipped: tuple[Skipped, ...]


class _Frame:
    """An open bracket, f-string or f-string replacement field."""

    __slots__ = ("added", "count", "kind", "literal", "owner", "pending", "quote", "spec")

    def __init__(self, kind: str, count: int, pending: int, added: int) -> None:
        self.kind = kind  # "(", "[", "{", "f" (an f-string) or "field"
        self.count = count  # the enclosing level's chain count, restored at the close
        self.pending = pending
        self.added = added  # what this frame adds to the depth of what it holds
        self.literal = _NOTHING  # "f": its literal text
        self.quote = ""  # "f": its closing quote
        self.owner: _Frame | None = None  # "field": its f-string
        self.spec = False  # "field": in the format spec (literal text again)


class _Statement:
    """A statement open at one indentation: where it starts, how deep it sits."""

    __slots__ = ("base", "danger", "elifs", "indent", "start", "word")

    def __init__(self, indent: int, start: int, base: int, word: str) -> None:
        self.indent = indent
        self.start = start
        self.base = base
        self.elifs = 0
        self.word = word
        self.danger: str | None = None


def bound(text: str, limit: int | None = None) -> Shaped:
    """``text`` with every statement deeper than ``limit`` (:data:`MAX_DEPTH`) blanked."""
    return _Scan(text, MAX_DEPTH if limit is None else limit).run()


class _Scan:
    """One pass over the text; per logical line, the deepest point reached."""

    def __init__(self, text: str, limit: int) -> None:
        self.text = text
        self.limit = limit
        self.statements: list[_Statement] = []
        self.regions: list[tuple[int, int, bool, str]] = []  # start, end, pass?, reason
        self.splits: list[int] = []  # offsets of ``elif`` turned into ``if``
        self.last_end = 0  # where the last logical line with code ended

    def run(self) -> Shaped:
        """Read the text; the per-token state lives in locals (the scan's hot loop).

        ``count``: chain links in the current segment of the current level (a
        comma or ``;`` starts a new one, unless a ``lambda``'s ``:`` or a
        ``for``'s ``in`` is ``pending``); ``acc``: what the open frames add;
        ``deepest``: the deepest point of the logical line, its base aside.
        """
        text = self.text
        n = len(text)
        match = _CODE.match
        line_start = _LINE_START.match
        limit = self.limit
        check = budget.check
        frames: list[_Frame] = []
        count = pending = acc = deepest = 0
        literal: _Frame | None = None  # the f-string whose literal text is being read
        prev_string = False
        pos = bol = 0  # bol: where the current physical line begins
        # the logical line's first token, -1 before it (the pattern matches the empty string)
        first = line_start(text, 0).end()  # type: ignore[union-attr]
        base, word = 0, ""
        if first < n and text[first] not in "\r\n#\\":
            base, word = self.start_line(first, bol)
        else:
            first = -1
        while pos < n:
            if literal is not None:
                pos = literal.literal.match(text, pos).end()  # type: ignore[union-attr]  # matches the empty string
                if pos >= n:
                    break
                ch = text[pos]
                if ch == "{":
                    count += 1
                    field = _Frame("field", count, pending, count + _LEVEL)
                    field.owner = literal
                    frames.append(field)
                    acc += field.added
                    count = pending = 0
                    if acc > deepest:
                        deepest = acc
                    literal = None
                    pos += 1
                elif ch == "}":
                    top = frames[-1]
                    if top.kind == "field":
                        frames.pop()
                        acc -= top.added
                        count, pending = top.count, top.pending
                        top = frames[-1]
                        literal = top if top.kind == "f" else top.owner
                    pos += 1
                elif text.startswith(literal.quote, pos) or ch in "\r\n":
                    if ch not in "\r\n":
                        pos += len(literal.quote)
                        prev_string = True
                    while frames:  # the f-string and whatever is still open in it
                        top = frames.pop()
                        acc -= top.added
                        count, pending = top.count, top.pending
                        if top is literal:
                            break
                    literal = None
                else:
                    pos += 1
                continue
            m = match(text, pos)
            assert m is not None
            kind = m.lastgroup or ""  # every alternative is a named group
            pos = m.end()
            if kind == "n":
                bol = pos
                if frames:
                    continue
                if first >= 0:
                    if base + deepest > limit:
                        self.end_line(first, m.start(kind), base, base + deepest, word)
                    else:  # end_line's work for a line that is not too deep
                        self.last_end = m.start(kind)
                        check()
                    count = pending = deepest = 0
                    prev_string = False
                # A statement may begin with a name, which the match skips.
                first = line_start(text, pos).end()  # type: ignore[union-attr]
                if first < n and text[first] not in "\r\n#\\":
                    base, word = self.start_line(first, bol)
                else:
                    first = -1
                continue
            if kind == "h" or kind == "z":
                continue
            if first < 0:  # after a line continuation
                first = m.start(kind)
                base, word = self.start_line(first, bol)
            if kind == "o":
                token = text[pos - 1]
                count += _LINK_BY_BRACKET[token]
                frames.append(_Frame(token, count, pending, count + _LEVEL))
                acc += count + _LEVEL
                count = pending = 0
                if acc > deepest:
                    deepest = acc
            elif kind == "c":
                if frames:
                    top = frames[-1]
                    if top.kind != "field" or text[pos - 1] == "}":
                        frames.pop()
                        acc -= top.added
                        count, pending = top.count, top.pending
                        if top.kind == "field":
                            top = frames[-1]
                            literal = top if top.kind == "f" else top.owner
            elif kind == "p":
                if text[pos - 1] == ";" and not frames:
                    count = pending = 0
                elif not pending:
                    count = 0
            elif kind == "u":
                count += 2 if text.startswith(":=", pos - 2) else 1
                if acc + count > deepest:
                    deepest = acc + count
            elif kind == "s":
                quote = m.group(kind).lstrip("rRbBuU")
                pos = _BODY[quote].match(text, pos).end()  # type: ignore[union-attr]  # matches the empty string
                if prev_string:
                    count += 1
                    if acc + count > deepest:
                        deepest = acc + count
                prev_string = True
                continue
            elif kind == "l":
                if pending:
                    pending -= 1
                elif frames and frames[-1].kind == "field":
                    frames[-1].spec = True
                    literal = frames[-1].owner
            elif kind == "k":
                token = m.group(kind)
                if token == "lambda" or token == "for":
                    pending += 1
                elif token == "in" and pending:
                    pending -= 1
                count += 1
                if acc + count > deepest:
                    deepest = acc + count
            else:  # "f": an f-string starts
                quote = m.group(kind).lstrip("rRfF")
                raw = "r" in m.group(kind)[:2].lower()
                if prev_string:
                    count += 1
                literal = _Frame("f", count, pending, count + 1)
                literal.literal = _literal(quote, raw)
                literal.quote = quote
                frames.append(literal)
                acc += literal.added
                count = pending = 0
                if acc > deepest:
                    deepest = acc
            prev_string = False
        if first >= 0:
            self.end_line(first, n, base, base + deepest, word)
        while self.statements:
            self.close(self.statements.pop())
        return self.result()

    def start_line(self, at: int, bol: int) -> tuple[int, str]:
        """Place the logical line starting at ``at`` among the open statements;
        return its base depth and first word.
        """
        text = self.text
        if at == bol:
            width = 0
        else:
            indent = text[bol:at]
            if "\f" in indent:
                indent = indent[indent.rindex("\f") + 1 :]
            width = len(indent.expandtabs(8)) if "\t" in indent else len(indent)
        m = _WORD.match(text, at)
        word = m.group() if m else ""
        statements = self.statements
        while statements and statements[-1].indent > width:
            self.close(statements.pop())
        top = statements[-1] if statements and statements[-1].indent == width else None
        if top is not None and word == "elif" and top.elifs >= MAX_ELIF:
            self.splits.append(at)  # a new ``if`` statement from here
            self.close(statements.pop())
            top = None
        if top is not None and (word in _CLAUSES or (top.word == "@" and word in _DEFINITIONS)):
            if word == "elif":
                top.elifs += 1
            elif word != "@" and word not in _CLAUSES:
                top.word = word  # the definition after its decorators
        elif top is not None:  # the next statement of the same block: ``top`` is reused
            if top.danger is not None:
                self.close(top)
                top.danger = None
            top.start, top.elifs, top.word = at, 0, word  # its base is its block's, unchanged
        else:
            parent = statements[-1] if statements else None
            depth = parent.base + parent.elifs + _BLOCK if parent is not None else 0
            top = _Statement(width, at, depth, word)
            statements.append(top)
        return top.base + top.elifs, word

    def end_line(self, first: int, end: int, base: int, depth: int, word: str) -> None:
        """The logical line ``first``..``end`` is read: mark it if too deep."""
        if depth > self.limit:
            reason = (
                "statements nested in too many blocks to parse safely"
                if 2 * base > depth
                else "an expression nested or chained too deeply to parse safely"
            )
            if word == "@":
                self.regions.append((first, end, False, reason))  # the decorator alone
            else:
                owner = self.statements[-1]
                if owner.word == "case" and len(self.statements) > 1 and self.statements[-2].word == "match":
                    owner = self.statements[-2]  # a match block holds only case clauses
                owner.danger = owner.danger or reason
        self.last_end = end
        budget.check()

    def close(self, statement: _Statement) -> None:
        if statement.danger is not None:
            self.regions.append((statement.start, self.last_end, True, statement.danger))

    def result(self) -> Shaped:
        if not self.regions and not self.splits:
            return Shaped(self.text, ())
        text = self.text
        kept: list[tuple[int, int, bool, str]] = []  # the outermost regions, in order
        for region in sorted(self.regions, key=lambda r: (r[0], -r[1])):
            if not kept or region[0] >= kept[-1][1]:
                kept.append(region)
        starts = [start for start, _, _, _ in kept]
        edits = []
        for at in self.splits:
            i = bisect.bisect_right(starts, at) - 1
            if i < 0 or at >= kept[i][1]:  # not inside a region
                edits.append((at, at + 4, "if  "))
        for start, end, with_pass, _ in kept:
            blank = _NOT_LINE_BREAK.sub(" ", text[start:end])
            edits.append((start, end, "pass" + blank if with_pass else blank))
        edits.sort()
        out, at = [], 0
        for start, end, replacement in edits:
            out.append(text[at:start])
            out.append(replacement)
            at = end
        out.append(text[at:])
        lines = _lines_of(
            text, [offset for start, end, _, _ in kept for offset in (start, max(start, end - 1))]
        )
        skipped = tuple(
            Skipped(lines[2 * i], lines[2 * i + 1], reason) for i, (_, _, _, reason) in enumerate(kept)
        )
        return Shaped("".join(out), skipped)


def _lines_of(text: str, offsets: list[int]) -> list[int]:
    r"""The 1-based line of each offset, in increasing order (``\r\n``, ``\r``
    and ``\n`` end lines; no offset falls inside a ``\r\n``).
    """
    out, line, at = [], 1, 0
    for offset in offsets:
        line += text.count("\n", at, offset) + text.count("\r", at, offset) - text.count("\r\n", at, offset)
        out.append(line)
        at = offset
    return out
