r"""Large Java files: method and constructor bodies that cannot matter, blanked
before tree-sitter parses them.

The interior of every body that cannot change what the Java front-end
extracts is replaced by spaces, newlines kept, so every line and column of the
rest stays where it was.  Bodies are found by a lexical scan (strings, char
literals, text blocks, comments, braces), not a second parser; when the scan
is unsure (unbalanced braces, an unterminated literal, a ``\u`` escape of a
structural character) the text is left whole.  Imported only for files above
the front-end's size threshold.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import field

from connlint.frontends.java_apis import TRACKED_TYPES as API_TYPES
from connlint.frontends.java_binlog import CLIENT_TYPE as BINLOG_CLIENT
from connlint.lazy import dataclass

#: Types whose objects the extractor follows from statement to statement; a
#: binlog client is one too (a connection at its library's default even where
#: no TLS word is written: ``stream = new BinaryLogClient(…)`` in one method,
#: ``stream.connect()`` in another).
TRACKED_TYPES = API_TYPES | {BINLOG_CLIENT}

#: What a body must mention (any case) to be kept on its own: the URL schemes,
#: the tracked types, the calls the extractor follows, the JVM's TLS keys.
#: ``\u`` and octal escapes can spell any of them.
_RELEVANT_WORDS = frozenset(
    {
        "jdbc",
        "mysql",
        "mariadb",
        "ssl",
        "tls",
        "truststore",
        "keystore",
        "javax.net",
        "drivermanager",
        "getconnection",
        "driver.connect",
        "datasource",
        "hikari",
        "properties",
        "setproperty",
        "setjdbcurl",
        "seturl",
        "adddatasourceproperty",
    }
) | {name.lower() for name in TRACKED_TYPES}
#: Searched in ASCII-lower-cased text (``re.IGNORECASE`` is ten times slower);
#: a word that contains another adds nothing.
_RELEVANT = re.compile(
    "|".join(
        re.escape(word)
        for word in sorted(_RELEVANT_WORDS)
        if not any(other != word and other in word for other in _RELEVANT_WORDS)
    )
    + r"|\\[u0-7]"
)
#: ``\uXXXX`` spelling a character the scanner below reads (brace, quote, ``/``,
#: ``*``, backslash, line end): javac would read that character, the scanner
#: (like tree-sitter) the escape as written.
_STRUCTURAL_ESCAPE = re.compile(r"\\u+00(?:7[bd]|2[27af]|5c|0[ad])", re.IGNORECASE)
_LITERAL_OR_COMMENT = (
    r'"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*"""'
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
    r"|'[^'\\\n]*(?:\\.[^'\\\n]*)*'"
    r"|//[^\n]*|/\*[\s\S]*?\*/"
)
_UNTERMINATED = frozenset({'"', "'", "/*"})
#: Inside a block only braces count: one match runs to the next brace (group 1)
#: over code, literals and comments, or stops at what it cannot read (an
#: unterminated literal or comment) or at the end ("").
_TO_BRACE = re.compile(r"""(?:[^{}"'/]+|""" + _LITERAL_OR_COMMENT + r"""|/(?![/*]))*([{}]|["']|/\*|\Z)""")
#: In a class body, every token (``>>`` is two tokens: generics close one by one).
_CLASS_LEXEME = re.compile(_LITERAL_OR_COMMENT + r"""|["']|/\*|->|[\w$]+|\S""")
#: Tokens of :data:`_CLASS_LEXEME` that are neither literals, comments,
#: braces nor ``;``: a run of them, blanks between, is tokenized at once.
_PLAIN = r"""(?:->|[\w$]+|[^\s{};"'/\w$])"""
_PLAIN_RUN = re.compile(_PLAIN + r"(?:\s*+" + _PLAIN + ")*+")
_PLAIN_TOKEN = re.compile(r"->|[\w$]+|\S")
#: The first characters of the tokens that do not begin a plain run.
_NOT_PLAIN = frozenset("{};\"'/")
#: What may follow a token that a plain run goes on from (anything but a quote or ``/``).
_PLAIN_NEXT = frozenset(chr(code) for code in range(0x80)) - frozenset("\"'/{};")
_TYPE_WORDS = frozenset({"class", "interface", "enum", "record"})
#: Words before ``(`` whose ``) {`` opens no method body.
_NOT_METHODS = frozenset(
    {
        "if",
        "for",
        "while",
        "switch",
        "catch",
        "synchronized",
        "try",
        "return",
        "throw",
        "yield",
        "this",
        "super",
    }
)
_CLASS, _ANONYMOUS, _METHOD, _BLOCK = range(4)
_WORD = re.compile(r"[\w$]+")
#: Lower-cases ASCII letters only, so offsets stay (``str.lower`` may lengthen).
_ASCII_LOWER = {upper: upper + 32 for upper in range(ord("A"), ord("Z") + 1)}
# The patterns searched over whole texts start with a literal (a lookbehind
# first would stop ``re`` from skipping ahead); word boundaries are checked after.
_TRACKED_NAMES = "|".join(sorted(TRACKED_TYPES))
#: ``Properties props`` (fields, parameters, locals): its first declarator.
_TRACKED_DECLARATION = re.compile(
    rf"(?:{_TRACKED_NAMES})(?![\w$])\s*(?:<[^;{{}}()]*>\s*)?(?:\.\.\.\s*)?(?!\d)([\w$]+)"
)
_MORE_DECLARATORS = re.compile(r",\s*(?:final\s+)?(?!\d)([\w$]+)\s*(?=[=,;\[)]|$)")
_DECLARATION_END = re.compile(r"[;{}]")
#: ``x = new Properties()`` (or ``new com.zaxxer.hikari.HikariConfig()``): the ``new``.
_TRACKED_CREATION = re.compile(rf"new\s+(?:[\w$]+\s*\.\s*)*(?:{_TRACKED_NAMES})(?![\w$])")
_ASSIGNED_BEFORE = re.compile(r"(?<![\w$])(?!\d)([\w$]+)\s*=\s*$")
#: After a name: it is assigned (``x = ``, ``x += ``) or incremented; before it: ``++`` / ``--``.
_ASSIGNMENT_AFTER = re.compile(r"\s*(?:(?:>>>?|<<|[-+*/%&|^])?=(?!=)|\+\+|--)")
_INCREMENT_BEFORE = re.compile(r"(?:\+\+|--)\s*$")
#: A local type declaration (may over-match); anonymous classes: see :func:`_declares_class`.
_LOCAL_TYPE = re.compile(r"(?:class|interface|enum|record)\s++(?!\d)[\w$]")
#: A run of the characters of ``new a.B<C>[] `` (a call when a ``(`` follows it).
_RUN_AT = re.compile(r"[\w$.<>,?\[\]\s@]*+")
_NEW = re.compile(r"new\s")
#: What the scan of a constructor call's arguments stops at: in code, and in
#: a string or char literal (by its quote).
_STOPS = {"": re.compile(r"[;\"')]"), '"': re.compile(r'["\\\n]'), "'": re.compile(r"['\\\n]")}
_BODY_NEXT = re.compile(r"\s*\{")
#: Names declared (or assigned) in a statement: ``x = …``, ``T x;``, ``T x, y``.
_DECLARED = re.compile(r"(?<![\w$.])(?!\d)([\w$]+)\s*(?:=(?!=)|[;,\[])")
_INITIALISED = re.compile(r"(?<![\w$.])(?!\d)([\w$]+)\s*=(?!=)")
_DOTTED = re.compile(r"\.\s*(?!\d)([\w$]+)")
#: Up to this many names are searched with one pattern; more, by listing a body's words.
_FEW_NAMES = 64


def relevant_bodies(text: str) -> str:
    """``text`` with the interior of every method and constructor body that cannot
    matter replaced by spaces (newlines kept: lines and columns do not move).

    Bodies are found by a lexical scan (:class:`_Scanner`); which ones matter,
    see :class:`_Relevance`.  Class bodies, initializer blocks, lambdas and array
    initializers are never blanked; a body is kept or blanked whole, with any
    class declared inside it.  Where the scan is unsure (unbalanced braces, an
    unterminated literal, a unicode escape of a brace or quote), ``text`` is returned.
    """
    if _STRUCTURAL_ESCAPE.search(text):
        return text
    scan = _Scanner(text).run()
    if scan is None or not scan.bodies:
        return text
    keep = _Relevance(text, scan).keep()
    if all(keep):
        return text
    parts: list[str] = []
    last = 0
    for (start, end), kept in zip(scan.bodies, keep, strict=True):
        if not kept:
            parts.append(text[last:start])
            parts.append(_blank(text[start:end]))
            last = end
    parts.append(text[last:])
    return "".join(parts)


def _blank(chunk: str) -> str:
    """Spaces for every character of ``chunk`` but its line ends."""
    return "\n".join(
        " " * (len(line) - 1) + "\r" if line.endswith("\r") else " " * len(line) for line in chunk.split("\n")
    )


@dataclass
class _Frame:
    """A class body open in the scan."""

    kind: str  # its type word: class, interface, enum or record
    constants: bool  # still in an enum's constant list
    #: An anonymous class: the tokens (and start) of the member it sits in, resumed after it.
    outer: list[str] | None = None
    outer_start: int = 0


@dataclass
class _Scan:
    """What the lexical scan found."""

    #: (start, end) of the interior of each method and constructor body in a class body.
    bodies: list[tuple[int, int]] = field(default_factory=list)
    #: Members of class bodies that initialise names: start, end, the names, final or not.
    fields: list[tuple[int, int, list[str], bool]] = field(default_factory=list)


class _Scanner:
    """Finds method and constructor bodies by tokens, not by parsing.

    Class bodies are read token by token (a member's tokens are kept until its
    ``;`` or body); any other block is skipped by counting braces.  A ``{`` in a
    class body opens a method or constructor body when the token before it is
    ``)`` (or a ``throws`` clause after one) and the name before the matching
    ``(`` is not ``new`` / ``record`` / an enum constant / a keyword.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.scan = _Scan()
        self.frames: list[_Frame] = []
        self.tokens: list[str] = []  # the current member's, literals as '"', skipped blocks as '{}'
        self.start = 0  # where the current member starts

    def run(self) -> _Scan | None:
        """The bodies and fields of the text; None where it cannot be read reliably."""
        pos = 0
        text = self.text
        while (match := _CLASS_LEXEME.search(text, pos)) is not None:
            lexeme = match.group()
            pos = match.end()
            if not self.tokens:
                self.start = match.start()
            if pos < len(text) and text[pos] in _PLAIN_NEXT and lexeme[0] not in _NOT_PLAIN:
                # A run of plain tokens (names, operators: a member's declaration):
                # listed at once, the tokens one search a time would give.
                run = _PLAIN_RUN.match(text, match.start())
                if run is not None and run.end() > pos:
                    self.tokens.extend(_PLAIN_TOKEN.findall(text, match.start(), run.end()))
                    pos = run.end()
                    continue
            if lexeme in _UNTERMINATED:
                return None
            if lexeme == "{":
                pos = self._open(pos)
                if pos < 0:
                    return None
            elif lexeme == "}":
                if not self._close():
                    return None
            elif lexeme == ";":
                self._end_member(pos)
            elif lexeme[0] in "\"'":
                self.tokens.append('"')
            elif not lexeme.startswith(("//", "/*")):
                self.tokens.append(lexeme)
        return None if self.frames else self.scan

    def _open(self, pos: int) -> int:
        """Enter a class body, or skip a block (recording it if it is a method body)."""
        kind = _brace_kind(self.tokens, self.frames[-1] if self.frames else None)
        if kind in (_CLASS, _ANONYMOUS):
            word = _type_word(self.tokens) if kind == _CLASS else None
            outer = self.tokens if kind == _ANONYMOUS else None
            self.frames.append(_Frame(word or "class", word == "enum", outer, self.start))
            self.tokens = []
            return pos
        end = _block_end(self.text, pos)
        if end < 0:
            return -1
        if kind == _METHOD:
            self.scan.bodies.append((pos, end))
            self.tokens = []
        else:
            self.tokens.append("{}")
        return end + 1

    def _close(self) -> bool:
        if not self.frames:
            return False
        frame = self.frames.pop()
        if frame.outer is None:
            self.tokens = []
        else:  # the member around an anonymous class goes on
            self.tokens = frame.outer
            self.tokens.append("{}")
            self.start = frame.outer_start
        return True

    def _end_member(self, end: int) -> None:
        if self.frames:
            frame = self.frames[-1]
            frame.constants = False
            names = _initialised(self.tokens)
            if names:
                final = frame.kind == "interface" or "final" in self.tokens
                self.scan.fields.append((self.start, end, names, final))
        self.tokens = []


def _block_end(text: str, pos: int) -> int:
    """Index of the ``}`` closing the block opened just before ``pos``; -1 if none."""
    depth = 1
    while (match := _TO_BRACE.match(text, pos)) is not None:
        brace = match.group(1)
        pos = match.end()
        if brace == "{":
            depth += 1
        elif brace == "}":
            depth -= 1
            if not depth:
                return match.start(1)
        else:
            return -1
    return -1


def _is_name(token: str) -> bool:
    return token[0].isalpha() or token[0] in "_$"


def _type_word(tokens: list[str]) -> str | None:
    """The type word (``class``, ``enum``…) a member declares, if any."""
    for i, token in enumerate(tokens):
        if token in _TYPE_WORDS and (i == 0 or tokens[i - 1] != "."):
            return token
    return None


def _brace_kind(tokens: list[str], frame: _Frame | None) -> int:
    """What the ``{`` after ``tokens`` opens."""
    if frame is None:
        return _CLASS  # a top-level type (or module)
    if not tokens:
        return _BLOCK  # an initializer block
    close = _parameters_end(tokens)
    if close is not None:
        return _kind_after_parameters(tokens, close, frame)
    last = tokens[-1]
    if _is_name(last) and frame.constants:
        return _CLASS  # an enum constant's body
    if (_is_name(last) or last == ">") and _type_word(tokens) is not None:
        return _CLASS
    return _BLOCK  # lambda, array initializer, compact constructor, static block


def _parameters_end(tokens: list[str]) -> int | None:
    """Index of the ``)`` a ``{`` follows, directly or after a ``throws`` clause."""
    i = len(tokens) - 1
    if tokens[i] == ")":
        return i
    while i >= 0 and tokens[i] != "throws" and (_is_name(tokens[i]) or tokens[i] in (".", ",", "@")):
        i -= 1
    if i >= 1 and tokens[i] == "throws" and tokens[i - 1] == ")":
        return i - 1
    return None


def _kind_after_parameters(tokens: list[str], close: int, frame: _Frame) -> int:
    opening = _matching(tokens, close, "(", ")")
    if opening is None:
        return _BLOCK
    i = opening - 1
    if i >= 0 and tokens[i] == ">":  # new Foo<Bar>(…), record Pair<A, B>(…)
        angle = _matching(tokens, i, "<", ">")
        if angle is None:
            return _BLOCK
        i = angle - 1
    if i < 0 or not _is_name(tokens[i]):
        return _BLOCK
    name = tokens[i]
    while i >= 2 and tokens[i - 1] == "." and _is_name(tokens[i - 2]):
        i -= 2
    before = tokens[i - 1] if i else ""
    if before == "new":
        return _ANONYMOUS
    if before == "record" or frame.constants:
        return _CLASS
    if before == "." or name in _NOT_METHODS or _assigns(tokens[:opening]):
        return _BLOCK
    return _METHOD


def _matching(tokens: list[str], close: int, opener: str, closer: str) -> int | None:
    """Index of the ``opener`` that the ``closer`` at ``close`` closes."""
    depth = 0
    for i in range(close, -1, -1):
        if tokens[i] == closer:
            depth += 1
        elif tokens[i] == opener:
            depth -= 1
            if not depth:
                return i
    return None


def _assigns(tokens: list[str]) -> bool:
    """True when ``tokens`` hold an ``=`` outside parentheses (an initializer expression)."""
    depth = 0
    for token in tokens:
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif token == "=" and not depth:
            return True
    return False


def _initialised(tokens: list[str]) -> list[str]:
    """Names a class-level member initialises (``String A = …, B[] = …``)."""
    names: list[str] = []
    depth = 0
    for i, token in enumerate(tokens):
        if token in ("(", "["):
            depth += 1
        elif token in (")", "]"):
            depth -= 1
        elif token == "=" and not depth and i and tokens[i - 1] != "=" and tokens[i + 1 : i + 2] != ["="]:
            j = i - 1
            while j >= 2 and tokens[j] == "]" and tokens[j - 1] == "[":
                j -= 2
            if _is_name(tokens[j]):
                names.append(tokens[j])
    return names


class _Relevance:
    """Which method bodies to keep: those that can change what the extractor finds.

    A body is kept when it

    * mentions a word of :data:`_RELEVANT` (a URL, a tracked type, a followed call);
    * mentions a variable of a tracked type declared anywhere (a field filled
      here and used there, a parameter), or one assigned ``new <tracked type>``;
    * mentions a class-level name whose initializer mentions such a word or
      (transitively) such a name: constants are resolved where they are used;
    * assigns a final class-level name (the extractor stops resolving it);
    * declares, in a class of its own, a name that kept code reads as ``X.name``
      (the extractor resolves ``X.name`` by name, first declaration wins), or
      reads ``X.name`` for a name initialised in a class inside a kept body.

    Whatever stays (class-level code, kept bodies) therefore resolves exactly
    as in the whole text.  Names are matched as whole words, case-sensitively.
    """

    def __init__(self, text: str, scan: _Scan) -> None:
        self.text = text
        self.lowered = text.translate(_ASCII_LOWER)
        self.bodies = scan.bodies
        self.fields = scan.fields

    def keep(self) -> list[bool]:
        """One flag per body of the scan."""
        names = _Names(self._tracked_names() | self._hot_fields())
        assignable = _Names(
            {name for _, _, initialised, final in self.fields if final for name in initialised}
        )
        keep = [
            bool(_RELEVANT.search(self.lowered, start, end))
            or names.mentioned(self.text, start, end)
            or assignable.assigned(self.text, start, end)
            for start, end in self.bodies
        ]
        self._follow_nested_classes(keep)
        return keep

    def _tracked_names(self) -> set[str]:
        """Variables declared with a tracked type, or assigned a new one, anywhere."""
        text = self.text
        names: set[str] = set()
        for match in _TRACKED_DECLARATION.finditer(text):
            if match.start() and _word_char(text[match.start() - 1]):
                continue
            names.add(match.group(1))
            end = _DECLARATION_END.search(text, match.end())
            names.update(_MORE_DECLARATORS.findall(text, match.end(), end.start() if end else len(text)))
        for match in _TRACKED_CREATION.finditer(text):
            assigned = _ASSIGNED_BEFORE.search(text, max(0, match.start() - 200), match.start())
            if assigned is not None:
                names.add(assigned.group(1))
        return names

    def _hot_fields(self) -> set[str]:
        """Class-level names whose initializer leads (through others) to a relevant word."""
        # The least set closed under the two rules, in any order: the members
        # that mention a relevant word first, then rounds over the words of the
        # rest, each member's words listed once (MysqlErrorNumbers: 5,874 members).
        hot: set[str] = set()
        pending: list[tuple[list[str], list[str]]] = []  # names, words
        for start, end, names, _ in self.fields:
            if _RELEVANT.search(self.lowered, start, end):
                hot.update(names)
            else:
                pending.append((names, _WORD.findall(self.text, start, end)))
        changed = bool(hot)
        while changed:
            changed = False
            rest = []
            for member in pending:
                names, words = member
                if not hot.isdisjoint(words):
                    hot.update(names)
                    changed = True
                else:
                    rest.append(member)
            pending = rest
        return hot

    def _follow_nested_classes(self, keep: list[bool]) -> None:
        """Keep bodies linked to kept code through fields of classes declared in bodies."""
        text = self.text
        nested = {i for i, (start, end) in enumerate(self.bodies) if _declares_class(text, start, end)}
        if not nested:
            return
        dotted: set[str] = set()
        initialised: set[str] = set()  # in classes inside kept bodies

        def take(i: int) -> None:
            start, end = self.bodies[i]
            dotted.update(_DOTTED.findall(text, start, end))
            if i in nested:
                initialised.update(_INITIALISED.findall(text, start, end))

        last = 0
        for start, end in self.bodies:
            dotted.update(_DOTTED.findall(text, last, start))
            last = end
        dotted.update(_DOTTED.findall(text, last))
        for i, kept in enumerate(keep):
            if kept:
                take(i)
        changed = True
        while changed:
            changed = False
            for i, (start, end) in enumerate(self.bodies):
                if keep[i]:
                    continue
                declares = i in nested and not dotted.isdisjoint(_DECLARED.findall(text, start, end))
                if declares or (
                    initialised and not initialised.isdisjoint(_DOTTED.findall(text, start, end))
                ):
                    keep[i] = changed = True
                    take(i)


def _declares_class(text: str, start: int, end: int) -> bool:
    r"""True when ``text[start:end]`` (a body) may declare a class: a local type,
    or an anonymous class ``new X(…) {`` whose arguments hold no ``;`` outside
    one-line string and char literals.

    What the pattern ``new\s+[\w$.<>,?\[\]\s@]*\((?:"(?:[^"\\\n]|\\.)*"|
    '(?:[^'\\\n]|\\.)*'|[^;"'])*?\)\s*\{`` finds, without its quadratic
    time: every ``new X(`` scans its arguments, but a scan that reaches a
    stop (``;``, a quote, ``)``, or in a literal its quote, a backslash, a
    line end) that an earlier scan reached in the same state ends there, as
    the earlier one did; stops are found by bisection in lists made once.
    """
    if _LOCAL_TYPE.search(text, start, end):
        return True
    # Where ``new `` stands, found once: most bodies have none (no run is
    # looked for), and a run holds one when one starts in it (they cannot overlap).
    news = [m.start() for m in _NEW.finditer(text, start, end)]
    if not news:
        return False
    # The runs that hold a ``new`` and end at a ``(``: each run read once, from its
    # first ``new`` on (the later ones in it end where it ends), to where it stops.
    calls: list[int] = []
    reached = start
    for at in news:
        if at < reached:
            continue
        reached = _RUN_AT.match(text, at, end).end()  # type: ignore[union-attr]
        if reached < end and text[reached] == "(":
            calls.append(reached + 1)
    if not calls:
        return False
    stops = {
        state: [m.start() for m in pattern.finditer(text, start, end)] for state, pattern in _STOPS.items()
    }
    seen: set[tuple[str, int]] = set()
    for pos in calls:
        state = ""  # in code; else in the literal opened by this quote
        while True:
            i = bisect.bisect_left(stops[state], pos)
            if i == len(stops[state]) or (state, stops[state][i]) in seen:
                break
            at = stops[state][i]
            seen.add((state, at))
            char = text[at]
            if char in ";\n":
                break
            if char == "\\":  # an escape: the next character, not a line end
                if at + 1 >= end or text[at + 1] == "\n":
                    break
                pos = at + 2
            elif char == ")":
                if _BODY_NEXT.match(text, at + 1, end):
                    return True
                pos = at + 1
            else:  # a quote opens a literal, or closes the one open
                state, pos = ("" if state else char), at + 1
    return False


def _word_char(char: str) -> bool:
    return char.isalnum() or char in "_$"


class _Names:
    """Finds whole-word mentions (and assignments) of a set of names in parts of a text."""

    def __init__(self, names: set[str]) -> None:
        self.names = frozenset(names)
        self.pattern: re.Pattern[str] | None = None
        if 0 < len(names) <= _FEW_NAMES:
            # longest first: a longer name is tried before its prefixes at one position
            self.pattern = re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))

    def _found(self, text: str, start: int, end: int) -> Iterator[re.Match[str]]:
        if self.pattern is None:
            for match in _WORD.finditer(text, start, end):
                if match.group() in self.names:
                    yield match
            return
        for match in self.pattern.finditer(text, start, end):
            before, after = match.start() - 1, match.end()
            if not (before >= 0 and _word_char(text[before])) and not (
                after < len(text) and _word_char(text[after])
            ):
                yield match

    def mentioned(self, text: str, start: int, end: int) -> bool:
        """True when ``text[start:end]`` mentions one of the names."""
        if not self.names:
            return False
        if self.pattern is None:
            return not self.names.isdisjoint(_WORD.findall(text, start, end))
        return next(self._found(text, start, end), None) is not None

    def assigned(self, text: str, start: int, end: int) -> bool:
        """True when ``text[start:end]`` assigns or increments one of the names."""
        return bool(self.names) and any(
            _ASSIGNMENT_AFTER.match(text, match.end(), end)
            or _INCREMENT_BEFORE.search(text, max(start, match.start() - 8), match.start())
            for match in self._found(text, start, end)
        )
