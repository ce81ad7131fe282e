"""The JSON front-end: a position-keeping reader and the recognisers it hands documents to.

JSON files are configuration of many tools (Kafka Connect connector configs,
.NET ``appsettings.json``, CloudFormation templates, …), each with its own
meaning.  This module only reads the syntax: each top-level value (a file may
hold several, as JSON Lines do) becomes a :class:`JsonDocument` whose root is
a PyYAML node graph (``MappingNode`` / ``SequenceNode`` / ``ScalarNode`` with
start and end marks), so the YAML front-end's helpers apply unchanged
(:func:`connlint.frontends.yaml.locate` gives a string's characters with their
source positions, :func:`connlint.frontends.yaml.flatten` its dotted keys).
Then every recogniser of :data:`RECOGNISERS` looks at each document and adds
what it knows to the file's :class:`~connlint.model.Extraction`.

Adding a recogniser is one function ``recognise(document, out) -> None`` (in
any module; it should return at once for a document that is not its kind) and
one line in :data:`RECOGNISERS` naming it.  Words the prefilter must find
first go in ``_JSON_WORDS`` of :mod:`connlint.frontends.kinds`.

Not PyYAML's own reader: JSON is YAML only roughly (PyYAML refuses tabs
between tokens, which tab-indented JSON has), and its pure-Python scanner
reads about 0.2 MB/s.  The tokenizer here is one regular expression matched
token by token (possessive, so linear); it is lenient where real files are
(``//`` and ``/* */`` comments, trailing commas, a byte order mark) and stops
at the first error with a notification, keeping what it read before.

Cheap on what is not configuration: lock files never reach here (they are
unread names in :mod:`connlint.frontends.kinds`); a file above
:data:`MAX_CHARS` (a data dump) is not parsed, with a note.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from functools import cache, cached_property
from typing import TYPE_CHECKING

import yaml

from connlint.frontends.spring import Entry, Located
from connlint.lazy import dataclass
from connlint.model import Extraction, Level, Notification

if TYPE_CHECKING:
    from connlint.frontends.yaml import Scalar

#: A JSON text longer than this (in characters) is not parsed: configuration is
#: small, and large JSON is data (exports, fixtures, source maps).
MAX_CHARS = 1_000_000
#: Containers nested deeper than this end the reading (configuration is shallow).
MAX_NESTING = 200

#: The recognisers every document is handed to, in this order, each as
#: ``"module:function"`` (imported on first use; see the module docstring).
RECOGNISERS: tuple[str, ...] = (
    "connlint.frontends.json:jdbc_keys",  # JDBC URLs and Spring keys, as in YAML
    "connlint.frontends.json:connectors",  # Kafka Connect connector configs (Debezium)
    "connlint.frontends.json:cloudformation",  # RDS databases of a CloudFormation template
    "connlint.frontends.terraform_json:recognise",  # RDS databases of a *.tf.json file
)

Recogniser = Callable[["JsonDocument", Extraction], None]

_STR = "tag:yaml.org,2002:str"
_TAG_BY_WORD = {
    "true": "tag:yaml.org,2002:bool",
    "false": "tag:yaml.org,2002:bool",
    "null": "tag:yaml.org,2002:null",
}
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"

# Blanks and comments, then one token: a string, a punctuation mark, a number or
# a bare word (true, false, null; other words are errors).  Possessive: each
# character is looked at once.
_TOKEN = re.compile(
    r"""(?:[ \t\r\n\ufeff]++|//[^\n]*+|/\*(?:[^*]++|\*(?!/))*+\*/)*+"""
    r"""(?:(?P<str>"(?:[^"\\\n]++|\\.)*+")|(?P<punct>[{}\[\]:,])"""
    r"""|(?P<num>-?[0-9]++(?:\.[0-9]++)?+(?:[eE][+-]?+[0-9]++)?+)|(?P<word>[A-Za-z_]\w*+)|(?P<end>\Z))""",
    re.DOTALL,
)


@dataclass(frozen=True)
class JsonDocument:
    """One top-level JSON value of a file, as PyYAML nodes with positions."""

    path: str
    #: The whole file (the nodes' marks index into it).
    text: str
    root: yaml.Node
    #: 0 for the file's first value, 1 for the next (JSON Lines), …
    index: int = 0

    @cached_property
    def entries(self) -> list[Entry]:
        """The document flattened to dotted keys (``{"a": {"b": 1}}`` -> ``a.b``), as YAML's."""
        from connlint.frontends import yaml as yaml_frontend

        return yaml_frontend.entries(self.path, self.text, self.scalars, self.locate)

    @cached_property
    def scalars(self) -> list[Entry | Scalar]:
        """The document's scalars with their dotted keys, not located yet."""
        from connlint.frontends import yaml as yaml_frontend

        return yaml_frontend.scalars(self.path, self.text, self.root)

    def kept_entries(self, keep: Callable[[str, str], bool]) -> list[Entry]:
        """The entries ``keep`` keeps (given the key and the text) and those with a
        placeholder; the others are not located.
        """
        from connlint.frontends import yaml as yaml_frontend

        return yaml_frontend.entries(self.path, self.text, self.scalars, self.locate, keep)

    def locate(self, node: yaml.ScalarNode) -> Located:
        """A scalar's value with the source position of every character (an
        escape's character stands at its backslash).
        """
        start, end = node.start_mark, node.end_mark
        out = Located()
        if node.style != '"':  # a number or a word: as written
            out.add(str(node.value), (start.line + 1, start.column + 1))
            return out
        raw = self.text[start.index + 1 : end.index - 1]
        line, column = start.line + 1, start.column + 2
        done = 0
        for match in _ESCAPE.finditer(raw):
            if match.start() > done:
                out.add(raw[done : match.start()], (line, column + done))
            out.add(_unescape(match), (line, column + match.start()))
            done = match.end()
        if done < len(raw):
            out.add(raw[done:], (line, column + done))
        return out


def extract(path: str, text: str) -> Extraction:
    """Candidates and notifications of one JSON file; never raises."""
    out = Extraction()
    if len(text) > MAX_CHARS:
        out.notifications.append(
            Notification(
                path,
                f"not analysed: a JSON file of {len(text)} characters is data, not configuration "
                f"(over {MAX_CHARS})",
                Level.NOTE,
            )
        )
        return out
    for document in documents(path, text, out.notifications):
        if tool_output(document.root) is not None:
            # Findings quote the settings they are about: linting a report (a
            # committed results.sarif, a --baseline file) would report them
            # again.  Silent: a baseline is read on every run.
            return out
        for name in RECOGNISERS:
            _recogniser(name)(document, out)
    return out


def tool_output(root: yaml.Node) -> str | None:
    """What kind of analysis report ``root`` is (a SARIF log, a connlint JSON
    report or inventory), or None for anything else.
    """
    if not isinstance(root, yaml.MappingNode):
        return None
    keys = {k.value for k, _ in root.value if isinstance(k, yaml.ScalarNode)}
    if {"runs", "version"} <= keys:  # SARIF 2.1.0 section 3.13: a sarifLog's required properties
        return "a SARIF log"
    if {"schema", "version"} <= keys and keys & {"findings", "connections"}:
        return "a connlint report"
    return None


@cache
def _recogniser(name: str) -> Recogniser:
    module, _, function = name.partition(":")
    found: Recogniser = getattr(importlib.import_module(module), function)
    return found


def jdbc_keys(document: JsonDocument, out: Extraction) -> None:
    """JDBC URLs in any string, and Spring's keys (``spring.datasource.url``),
    read as the YAML front-end reads them: a JDBC sink connector's
    ``connection.url``, a ``SPRING_APPLICATION_JSON``-style file.
    """
    from connlint.frontends.spring import candidates, wanted

    # Only the entries candidates() can use are located (an SBOM's thousands are not).
    out.candidates.extend(candidates(document.path, document.kept_entries(wanted)))


def connectors(document: JsonDocument, out: Extraction) -> None:
    """Debezium MySQL / MariaDB connector configurations: a Kafka Connect REST
    body (``{"name": …, "config": {…}}`` or the bare config map).
    """
    from connlint.frontends import kafka_connect

    if any(kafka_connect.names_connector_class(item.key) for item in document.scalars):
        out.candidates.extend(kafka_connect.candidates(document.path, document.entries))


# ---------------------------------------------------------------------------
# reading


class _Positions:
    """Line and column (0-based, as PyYAML's marks) of increasing offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offset = 0
        self.line = 0
        self.line_start = 0

    def mark(self, offset: int) -> yaml.Mark:
        if offset < self.offset:  # never in a forward scan; kept correct anyway
            self.offset = self.line = self.line_start = 0
        breaks = self.text.count("\n", self.offset, offset)
        if breaks:
            self.line += breaks
            self.line_start = self.text.rfind("\n", self.offset, offset) + 1
        self.offset = offset
        return yaml.Mark("<json>", offset, self.line, offset - self.line_start, None, 0)


class _Error(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def documents(path: str, text: str, notifications: list[Notification]) -> Iterator[JsonDocument]:
    """Each top-level value of ``text``; a syntax error ends the reading with a
    notification, after yielding what was read up to it (unfinished containers
    end at the error).
    """
    reader = _Reader(text)
    index = 0
    while True:
        try:
            root = reader.value()
        except _Error as exc:
            partial = reader.unwind(exc.offset)
            if partial is not None:
                yield JsonDocument(path, text, partial, index)
            line = text.count("\n", 0, exc.offset) + 1
            notifications.append(Notification(path, f"JSON parse error: {exc}", Level.WARNING, line))
            return
        if root is None:
            return
        yield JsonDocument(path, text, root, index)
        index += 1


class _Reader:
    """Reads one value at a time from the text; iterative (no recursion)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.positions = _Positions(text)
        # open containers: [node, pending key (mappings), expecting: "value" | "key" | "sep"]
        self.stack: list[list[object]] = []

    def _token(self) -> re.Match[str]:
        match = _TOKEN.match(self.text, self.pos)
        if match is None:
            raise _Error(f"unexpected character {self.text[self.pos]!r}", self.pos)
        self.pos = match.end()
        return match

    def value(self) -> yaml.Node | None:
        """The next top-level value, or None at the end of the text."""
        self.stack = []
        while True:
            match = self._token()
            kind = match.lastgroup
            start = match.start(kind) if kind is not None else self.pos
            token = match.group(kind) if kind is not None else ""
            if kind == "end":
                if self.stack:
                    raise _Error("unexpected end of file", start)
                return None
            top = self.stack[-1] if self.stack else None
            if kind == "punct" and token in "]}":
                if top is None or (token == "]") != isinstance(top[0], yaml.SequenceNode):
                    raise _Error(f"unexpected {token!r}", start)
                if isinstance(top[0], yaml.MappingNode) and top[2] not in ("key", "sep"):
                    raise _Error(f"unexpected {token!r} after a key", start)
                node = top[0]
                assert isinstance(node, yaml.Node)
                node.end_mark = self.positions.mark(match.end())
                self.stack.pop()
                done = self._add(node, start)
            elif kind == "punct" and token == ",":
                if top is None or top[2] != "sep":
                    raise _Error("unexpected ','", start)
                top[2] = "key" if isinstance(top[0], yaml.MappingNode) else "value"
                continue
            elif kind == "punct" and token == ":":
                if top is None or top[2] != "colon":
                    raise _Error("unexpected ':'", start)
                top[2] = "value"
                continue
            elif kind == "punct":  # { or [
                self._expect_value(top, start)
                if len(self.stack) >= MAX_NESTING:
                    raise _Error(f"nesting too deep (over {MAX_NESTING} levels)", start)
                mark = self.positions.mark(start)
                collection: yaml.Node
                if token == "{":
                    collection = yaml.MappingNode("tag:yaml.org,2002:map", [], mark, None, flow_style=True)
                else:
                    collection = yaml.SequenceNode("tag:yaml.org,2002:seq", [], mark, None, flow_style=True)
                self.stack.append([collection, None, "key" if token == "{" else "value"])
                continue
            else:
                scalar = self._scalar(kind, token, start, match.end())
                if top is not None and top[2] == "key":
                    if kind != "str":
                        raise _Error("a key must be a string", start)
                    top[1] = scalar
                    top[2] = "colon"
                    continue
                self._expect_value(top, start)
                done = self._add(scalar, start)
            if done is not None:
                return done

    def _expect_value(self, top: list[object] | None, start: int) -> None:
        if top is not None and top[2] != "value":
            raise _Error("expected ',' or a closing bracket", start)

    def _scalar(self, kind: str | None, token: str, start: int, end: int) -> yaml.ScalarNode:
        marks = self.positions.mark(start), self.positions.mark(end)
        if kind == "str":
            return yaml.ScalarNode(_STR, _decode(token, start), *marks, style='"')
        if kind == "num":
            tag = _INT if token.lstrip("-").isdigit() else _FLOAT
            return yaml.ScalarNode(tag, token, *marks)
        word_tag = _TAG_BY_WORD.get(token) if kind == "word" else None
        if word_tag is None:
            raise _Error(f"unexpected {token!r}", start)
        return yaml.ScalarNode(word_tag, token, *marks)

    def _add(self, node: yaml.Node, start: int) -> yaml.Node | None:
        """Put a finished value into the open container; the value itself when it is top-level."""
        if not self.stack:
            return node
        top = self.stack[-1]
        collection = top[0]
        if isinstance(collection, yaml.MappingNode):
            key = top[1]
            assert isinstance(key, yaml.ScalarNode)
            collection.value.append((key, node))
            top[1] = None
        elif isinstance(collection, yaml.SequenceNode):
            collection.value.append(node)
        top[2] = "sep"
        return None

    def unwind(self, offset: int) -> yaml.Node | None:
        """What was read of the current top-level value, its open containers ended at ``offset``."""
        if not self.stack:
            return None
        mark = self.positions.mark(max(offset, self.positions.offset))
        for frame in self.stack:
            node = frame[0]
            assert isinstance(node, yaml.Node)
            node.end_mark = mark
        root = self.stack[0][0]
        assert isinstance(root, yaml.Node)
        return root


_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
# A surrogate pair first (one character), then one \u escape, then the others.
_ESCAPE = re.compile(
    r"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})|\\(.)", re.DOTALL
)


def _unescape(match: re.Match[str]) -> str:
    """The character an escape stands for ("" for an invalid one)."""
    high, low, code, other = match.groups()
    if high is not None:
        return chr(0x10000 + ((int(high, 16) - 0xD800) << 10) + int(low, 16) - 0xDC00)
    if code is not None:
        return chr(int(code, 16))
    return _ESCAPES.get(other, "")


def _decode(token: str, start: int) -> str:
    """A string token's value (``token`` with its quotes)."""
    body = token[1:-1]
    if "\\" not in body:
        return body
    for match in _ESCAPE.finditer(body):
        if match.group(4) is not None and match.group(4) not in _ESCAPES:
            raise _Error(f"invalid escape \\{match.group(4)}", start + 1 + match.start())
    return _ESCAPE.sub(_unescape, body)


def cloudformation(document: JsonDocument, out: Extraction) -> None:
    """The RDS databases a CloudFormation template declares (``Resources``)."""
    from connlint.frontends import cloudformation

    out.servers.extend(cloudformation.servers(document.path, document.root))
    # A client of the template's database (the recognisers before this one read it).
    refs = cloudformation.endpoint_refs(document.root, document.locate)
    cloudformation.bind_hosts(out.candidates, refs)
