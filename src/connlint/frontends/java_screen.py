"""A screen before the Java parse: is a connection word in the code at all?

The prefilter passes a ``.java`` file when one of the kind's words (``mysql``,
``jdbc:``, ``sslmode``, ...; ``frontends/kinds.py``) occurs anywhere in it.  In
a driver's or a framework's repository most of those files carry the word
only in their licence header, their Javadoc or their package name
(``package com.mysql.cj.util;``): mysql-connector-j has 150 of its 692 such files.
Those are read here as the prefilter reads a file without the word, without
a parse: a file's connections do not depend on what its comments say or on
the name of its package (a file with the same code in ``com.acme`` is not read
at all).  Imports and string literals count as code: an import gives a
simple name its meaning (``org.mariadb.jdbc.Configuration``), a string may be
a URL, a key or a driver class name.  A file without any of the words is
not screened: the prefilter never passes one, and what calls the front-end
directly (a unit test) gets the parse.

One exception keeps the front-end's partial read identical: a file whose
tree-sitter parse fails reads the JDBC URL literals of its raw text
(``java_fallback.url_literals``), comments included, so a file with such a
literal anywhere is parsed.

The scan is a linear regex pass over the file (comments, string and
character literals, text blocks), about 1 ms for 100 KB.  Most files are told
before that from their first comments' worth: a word in an import after a
plain package declaration (:func:`_word_in_early_code`).
"""

from __future__ import annotations

import functools
import re

from connlint.frontends.java_fallback import has_url_literal

#: Comments, and the literals whose text must not be read as comments (``"//"``).
#: A text block first (``\"\"\"`` would otherwise be an empty string and a quote);
#: a literal that does not close on its line ends there, as in the fallback's read.
_LITERALS = r'"""(?:[^"\\]|\\.|"(?!""))*+(?:"""|\Z)' r'|"(?:[^"\\\n]|\\.)*+"?' r"|'(?:[^'\\\n]|\\.)*+'?"
_COMMENTS = r"//[^\n]*+" r"|/\*(?:[^*]|\*(?!/))*+(?:\*/|\Z)"
_TOKENS = re.compile(f"{_LITERALS}|{_COMMENTS}", re.DOTALL)
#: The code up to the next comment (group 1) or the end, read as :data:`_TOKENS`
#: reads it (a character no token begins with, a ``/`` that opens no comment, a
#: literal whole): one match a comment, the literals read by the regex engine.
#: Possessive, and a match always ends at a comment or the end: linear.
_CODE_THEN_COMMENT = re.compile(rf"(?:[^\"'/]++|/(?![/*])|{_LITERALS})*+(?:({_COMMENTS})|\Z)", re.DOTALL)
#: The package declaration, first in the file (after comments, which are gone,
#: and the annotations of a ``package-info.java``).
_PACKAGE = re.compile(r"\s*+(?:@[\w.]+(?:\s*\([^()]*\))?\s*)*package\s[^;{}\"']*;")
#: One without annotations: where it matches a text, :data:`_PACKAGE` matches the
#: same characters, in the text and in any longer one (neither reads past the ``;``).
_PLAIN_PACKAGE = re.compile(r"\s*+package\s[^;{}\"']*;")
#: Comments the early look (:func:`_word_in_early_code`) reads past at most: a
#: licence header and a class's Javadoc, the package and imports between them.
_EARLY_COMMENTS = 4


#: The characters other than ASCII that ``re.IGNORECASE`` matches to an ASCII
#: letter, or whose ``str.lower()`` holds one: İ ı ſ and the Kelvin sign
#: (tests/frontends/test_java_screen.py recomputes them).
FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")
_FOLDING = re.compile("[" + "".join(sorted(FOLDS_TO_ASCII)) + "]")


@functools.cache
def _java_words() -> tuple[str, ...]:
    from connlint.frontends.kinds import KINDS

    (java,) = (kind for kind in KINDS if kind.name == "java")
    return tuple(java.words)


@functools.cache
def _words() -> re.Pattern[str]:
    """The Java kind's prefilter words, case-insensitive, as one pattern."""
    return re.compile("|".join(re.escape(word) for word in _java_words()), re.IGNORECASE)


#: Words most Java files the prefilter passes hold, searched for first (a file
#: with one is told by one search, not one a word before it).
_COMMON_FIRST = ("mysql", "mariadb", "jdbc:", "drivermanager", "truststore")


@functools.cache
def _lower_words() -> tuple[str, ...] | None:
    """The words lower-cased, the common ones first (None: a word is not ASCII)."""
    words = _java_words()
    if not all(word.isascii() for word in words):
        return None
    common = {word: rank for rank, word in enumerate(_COMMON_FIRST)}
    lowered = {word.lower() for word in words}
    return tuple(sorted(lowered, key=lambda word: (common.get(word, len(common)), word)))


def has_word(text: str) -> bool:
    """Whether ``text`` holds one of the words in any case (``_words().search``).

    Searched in ``text.lower()`` word by word, case-sensitively, ten times
    faster than ``re.IGNORECASE`` over a file: the same answer, since the words
    are ASCII and no character outside ASCII matches, or lower-cases to, an
    ASCII character but those of :data:`FOLDS_TO_ASCII` (a text holding one is
    searched as written).
    """
    lower = _lower_words()
    if lower is None or (not text.isascii() and _FOLDING.search(text)):
        return _words().search(text) is not None
    # One substring search a word (native, skipping ahead), not one pattern of
    # alternatives tried at every position: a third faster over a file.
    lowered = text.lower()
    return any(word in lowered for word in lower)


def code_without_comments(text: str) -> str:
    """``text`` with every comment replaced by one space (literals kept)."""
    return _TOKENS.sub(_keep_literals, text)


def _keep_literals(match: re.Match[str]) -> str:
    token = match.group()
    return " " if token[0] == "/" else token


def only_mentioned(text: str) -> bool:
    """Whether ``text`` has connection words, none of them in its code (outside
    its comments and its package declaration), and no JDBC URL literal the
    fallback read would find: the prefilter passed it on words that say nothing.
    A file without the words (which the prefilter never passes) is not screened.
    """
    if _blank_in_a_word():
        if not has_word(text):
            return False
    elif _word_in_early_code(text):
        return False  # most files: a word in an import, told without reading the rest
    code = code_without_comments(text)
    package = _PACKAGE.match(code)
    if package is not None:
        code = code[package.end() :]
    if has_word(code):
        # Most files: a word in code is one in the text (no word holds a blank,
        # what stands where comments were), the text's own search not needed.
        return False
    return has_word(text) and not has_url_literal(text)


def _word_in_early_code(text: str) -> bool:
    """Whether a word stands in the code after a plain package declaration
    (:data:`_PLAIN_PACKAGE`) within the first :data:`_EARLY_COMMENTS` comments
    of ``text``: then :func:`only_mentioned` is False.  False when not told so
    (no such package, or no word there): the whole text is read.

    The code is :func:`code_without_comments`'s, read a comment at a time; a
    word in a part of it is one in the whole (no word holds a blank, what
    stands where a comment was).
    """
    code = ""
    after: int | None = None  # where the code after the package begins
    for count, match in enumerate(_CODE_THEN_COMMENT.finditer(text)):
        comment = match.start(1)
        part = text[match.start() : comment if comment >= 0 else match.end()]
        if after is not None:
            if has_word(part):
                return True
        else:
            code += part
            package = _PLAIN_PACKAGE.match(code)
            if package is not None:
                after = package.end()
                if has_word(code[after:]):
                    return True
            elif any(stop in code for stop in ";{@"):
                return False  # no plain package declaration
            code += " "
        if comment < 0 or count + 1 >= _EARLY_COMMENTS:
            break
    return False


@functools.cache
def _blank_in_a_word() -> bool:
    """Whether a word holds a blank (then the code may hold a word the text does
    not: ``my/**/sql`` read as ``my sql``, and the text is searched first).
    """
    return any(char.isspace() for word in _java_words() for char in word)
