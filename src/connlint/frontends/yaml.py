"""The YAML front-end: Spring configuration and JDBC URLs in YAML files.

Composes each document with PyYAML's ``SafeLoader`` into nodes (never into
Python objects, so alias bombs are not expanded: the node graph is walked
once, with a visited set); libyaml composes them instead where it builds the
same nodes (:mod:`connlint.frontends.yaml_libyaml`, a twentieth of the time).
Then it flattens mappings to dotted keys
(``spring: datasource: url:`` -> ``spring.datasource.url``, sequences as
``key[0]``) and hands each document, as its own scope (Spring profiles), to
the Spring key mapping of :mod:`connlint.frontends.spring`.  So the same
keys, placeholders and grouping apply as in ``.properties``, and any scalar
that looks like a JDBC URL is a candidate.

Docker Compose style environment keys are read too: ``SPRING_DATASOURCE_URL:``,
``- SPRING_DATASOURCE_PASSWORD=...`` and Kubernetes ``- name: SPRING_…`` /
``value: …`` pairs become ``spring.datasource.url`` /
``spring.datasource.password`` (Spring's relaxed binding of environment
variables).

Value locations are exact for plain, single- and double-quoted scalars and
for literal / folded block scalars; where the decoded value cannot be aligned
with the source (an exotic escape or fold), the value is located from its
first character on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import yaml

from connlint.frontends import yaml_libyaml
from connlint.frontends.spring import Entry, Located, candidates, env_key, wanted
from connlint.model import DYNAMIC, CandidateKind, Extraction, Level, Location, Notification

_ENV_ITEM = re.compile(r"([A-Z][A-Z0-9_]*)=")
_DQ_ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_HEX_LENGTH = {"x": 2, "u": 4, "U": 8}


#: Keys that name a Kafka Connect connector's class (frontends/kafka_connect.py).
_CONNECTOR_CLASS_KEYS = ("connector.class", "spec.class")

#: A collection nested deeper than this ends the analysis of the file (with a
#: notification); what comes before it is still analysed.  Spring configuration
#: is shallow, and dotted keys of deeper paths would grow quadratically.
MAX_NESTING = 200


class _Loader(yaml.SafeLoader):
    """``SafeLoader`` whose composer uses an explicit stack instead of recursion.

    PyYAML's composer recurses once per nesting level, so 10,000 nested ``[``
    raise RecursionError and lose the whole file; here nesting costs no Python
    stack.  A collection deeper than :data:`MAX_NESTING` ends the composition
    (:class:`_TooDeep` carries what was composed, ``too_deep`` the line).
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.too_deep: list[int] = []

    def _next_event(self) -> Any:
        return self.get_event()  # type: ignore[no-untyped-call]

    def _peek_event(self) -> Any:
        return self.peek_event()  # type: ignore[no-untyped-call]

    def _resolve_tag(self, kind: type[yaml.Node], implicit: Any) -> str:
        return str(self.resolve(kind, None, implicit))  # type: ignore[no-untyped-call]

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        # [collection, pending mapping key (None: expecting a key)]
        stack: list[list[yaml.Node | None]] = []
        while True:
            node: yaml.Node
            top = stack[-1][0] if stack else None
            if (isinstance(top, yaml.SequenceNode) and self.check_event(yaml.SequenceEndEvent)) or (
                isinstance(top, yaml.MappingNode)
                and stack[-1][1] is None
                and self.check_event(yaml.MappingEndEvent)
            ):
                top.end_mark = self._next_event().end_mark
                node = top
                stack.pop()
            elif self.check_event(yaml.AliasEvent):
                event = self._next_event()
                if event.anchor not in self.anchors:
                    raise yaml.composer.ComposerError(
                        None, None, f"found undefined alias {event.anchor!r}", event.start_mark
                    )
                else:
                    node = self.anchors[event.anchor]
            else:
                event = self._peek_event()
                anchor = event.anchor
                mark: Any = event.start_mark
                if anchor is not None and anchor in self.anchors:
                    raise yaml.composer.ComposerError(
                        f"found duplicate anchor {anchor!r}; first occurrence",
                        self.anchors[anchor].start_mark,
                        "second occurrence",
                        event.start_mark,
                    )
                if isinstance(event, yaml.ScalarEvent):
                    node = self.compose_scalar_node(anchor)
                elif len(stack) >= MAX_NESTING:
                    # Stop here: PyYAML's scanner is quadratic in flow nesting, so even
                    # skipping the deep part could take minutes.  What was composed so
                    # far is kept (unfinished collections end here).
                    self.too_deep.append(event.start_mark.line + 1)
                    for frame in stack:
                        frame_node = frame[0]
                        if frame_node is not None:
                            frame_node.end_mark = event.start_mark
                    raise _TooDeep(stack[0][0])
                else:  # SequenceStartEvent or MappingStartEvent
                    self._next_event()
                    is_sequence = isinstance(event, yaml.SequenceStartEvent)
                    node_class = yaml.SequenceNode if is_sequence else yaml.MappingNode
                    tag = event.tag
                    if tag is None or tag == "!":
                        tag = self._resolve_tag(node_class, event.implicit)
                    node = node_class(tag, [], mark, None, flow_style=event.flow_style)
                    if anchor is not None:
                        self.anchors[anchor] = node
                    stack.append([node, None])
                    continue
            if not stack:
                return node
            frame = stack[-1]
            collection = frame[0]
            if isinstance(collection, yaml.SequenceNode):
                collection.value.append(node)
            elif frame[1] is None:
                frame[1] = node
            else:
                key = frame[1]
                frame[1] = None
                if isinstance(collection, yaml.MappingNode):
                    collection.value.append((key, node))


class _TooDeep(Exception):
    """Nesting beyond :data:`MAX_NESTING`: carries the partly composed document."""

    def __init__(self, root: yaml.Node | None) -> None:
        super().__init__("nesting too deep")
        self.root = root


def extract(path: str, text: str) -> Extraction:
    """Candidates and notifications of one YAML file; never raises.

    A file that is not YAML until a build or a deployment fills it in (a Helm
    chart's ``{{ … }}`` actions, Maven's unquoted ``@project.version@``, ERB's
    ``<% … %>`` code in a Rails ``database.yml``) is read again with those masked
    (see :func:`mask_templates`, :func:`mask_erb`).
    """
    extraction = _extract(path, text)
    if not any(n.message.startswith("YAML parse error") for n in extraction.notifications):
        return extraction
    if "{{" in text or "@" in text:
        masked = _extract(path, mask_templates(text))
        if not any(n.message.startswith("YAML parse error") for n in masked.notifications):
            return masked
    if "<%" in text:
        masked = _extract(path, mask_erb(text))
        if not any(n.message.startswith("YAML parse error") for n in masked.notifications):
            return masked
    return extraction


#: An ERB tag that outputs nothing (``<% code %>``, ``<%# comment %>``); ``<%=`` tags
#: are values, read by the Rails reader as values not known statically.
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


def _extract(path: str, text: str) -> Extraction:
    extraction = Extraction()
    roots = yaml_libyaml.documents(text, MAX_NESTING)
    if roots is not None:  # composed by libyaml: no error, nothing too deep
        try:
            for root in roots:
                _document(path, text, root, extraction)
        except yaml.YAMLError as exc:  # as below
            extraction.notifications.append(_parse_error(path, exc))
        return extraction
    try:
        loader = _Loader(text)
    except yaml.YAMLError as exc:  # the reader rejects the text (a control character)
        extraction.notifications.append(_parse_error(path, exc))
        return extraction
    try:
        while loader.check_node():
            try:
                root = loader.get_node()
            except yaml.YAMLError as exc:
                extraction.notifications.append(_parse_error(path, exc))
                break
            except _TooDeep as exc:
                if exc.root is not None:
                    entries = _Flattener(path, text).flatten(exc.root)
                    extraction.candidates.extend(candidates(path, entries))
                break
            except RecursionError:  # a safety net: the composer above does not recurse
                extraction.notifications.append(
                    Notification(path, "not analysed: nesting too deep (YAML composer recursion)")
                )
                break
            _document(path, text, root, extraction)
    except yaml.YAMLError as exc:
        extraction.notifications.append(_parse_error(path, exc))
    finally:
        loader.dispose()
    for line in loader.too_deep[:1]:
        extraction.notifications.append(
            Notification(
                path,
                f"not analysed from here on: nesting too deep (over {MAX_NESTING} levels)",
                Level.WARNING,
                line,
            )
        )
    return extraction


def _document(path: str, text: str, root: yaml.Node | None, extraction: Extraction) -> None:
    """Add what one composed document (``root``, None when empty) holds to ``extraction``."""
    if root is not None:
        flattener = _Flattener(path, text)
        items = flattener.items(root)
        if any(item.key.endswith(_CONNECTOR_CLASS_KEYS) for item in items):  # Strimzi KafkaConnector
            from connlint.frontends import kafka_connect

            entries = flattener.flatten_items(items)  # the connector's reader reads every key
            extraction.candidates.extend(candidates(path, entries))
            extraction.candidates.extend(kafka_connect.candidates(path, entries))
        else:  # only the entries candidates() can use are located (most keys of a large file are not)
            extraction.candidates.extend(candidates(path, flattener.flatten_items(items, wanted)))
    if isinstance(root, yaml.MappingNode) and "adapter" in text:  # Rails database.yml
        from connlint.frontends import rails

        sections = rails.candidates(path, root, _Flattener(path, text).locate)
        # A section's `url:` is its own, not a connection of its own.
        taken = {c.url.locate() for c in sections if c.url is not None}
        if taken:
            extraction.candidates[:] = [
                c
                for c in extraction.candidates
                if c.kind is not CandidateKind.DRIVER_CONFIG or c.url is None or c.url.locate() not in taken
            ]
        extraction.candidates.extend(sections)
    if root is not None and _CLOUDFORMATION in text:
        from connlint.frontends import cloudformation

        extraction.servers.extend(cloudformation.servers(path, root))
        refs = cloudformation.endpoint_refs(root, _Flattener(path, text).locate)
        cloudformation.bind_hosts(extraction.candidates, refs)
    if isinstance(root, yaml.SequenceNode):  # an Ansible task list or playbook
        from connlint.frontends import ci

        ci.ansible(path, text, root, extraction)
        if "mysql_" in text:  # community.mysql modules
            from connlint.frontends import ansible_mysql

            ansible_mysql.tasks(path, text, root, extraction)
    elif root is not None and _is_kubernetes(root):
        from connlint.frontends import ci

        ci.kubernetes(path, text, root, extraction)


#: What a CloudFormation template with an RDS database holds (frontends/cloudformation.py).
_CLOUDFORMATION = "AWS::RDS::DB"


def _parse_error(path: str, exc: yaml.YAMLError) -> Notification:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or type(exc).__name__
    return Notification(path, f"YAML parse error: {problem}", Level.WARNING, line)


def _is_kubernetes(root: yaml.Node) -> bool:
    """A Kubernetes object: a mapping with ``apiVersion`` and ``kind``."""
    if not isinstance(root, yaml.MappingNode):
        return False
    keys = {str(k.value) for k, _ in root.value if isinstance(k, yaml.ScalarNode)}
    return {"apiVersion", "kind"} <= keys


def _spring_env_var(pairs: list[tuple[yaml.Node, yaml.Node]]) -> tuple[str, yaml.Node, yaml.Node] | None:
    """A Kubernetes EnvVar (``name:`` and ``value:``) naming a ``SPRING_*`` variable:
    its relaxed-binding key, its value and the ``value:`` key; else None.
    """
    if len(pairs) != 2:
        return None
    found = {str(k.value): (k, v) for k, v in pairs if isinstance(k, yaml.ScalarNode)}
    if set(found) != {"name", "value"}:
        return None
    name, value_key, value = found["name"][1], *found["value"]
    if not isinstance(name, yaml.ScalarNode) or not isinstance(value, yaml.ScalarNode):
        return None
    key = env_key(str(name.value))
    return None if key is None else (key, value, value_key)


def node_location(path: str, node: yaml.Node) -> Location:
    """Where ``node`` stands in the file (PyYAML's marks are 0-based)."""
    start, end = node.start_mark, node.end_mark
    return Location(path, start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def mapping_value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value of ``key`` in a mapping node (None for another node or an
    absent key); the last one wins, as in a mapping read into a dict.
    """
    if not isinstance(node, yaml.MappingNode):
        return None
    found = None
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            found = v
    return found


def _join_arguments(node: yaml.Node) -> tuple[yaml.ScalarNode, list[yaml.Node]] | None:
    """The delimiter and pieces of a CloudFormation ``Fn::Join`` node (the
    ``!Join`` short form, or a ``{"Fn::Join": …}`` mapping), or None.
    """
    if isinstance(node, yaml.MappingNode) and len(node.value) == 1:
        key, value = node.value[0]
        if not (isinstance(key, yaml.ScalarNode) and key.value == "Fn::Join"):
            return None
        node = value
    elif node.tag != "!Join":
        return None
    if not isinstance(node, yaml.SequenceNode) or len(node.value) != 2:
        return None
    delimiter, pieces = node.value
    if not isinstance(delimiter, yaml.ScalarNode) or not isinstance(pieces, yaml.SequenceNode):
        return None
    return delimiter, list(pieces.value)


def flatten(
    path: str, text: str, root: yaml.Node, locate: Callable[[yaml.ScalarNode], Located] | None = None
) -> list[Entry]:
    """A document's dotted-key entries (``text`` is the file the nodes were composed
    from); ``locate`` reads a scalar's characters where YAML's rules are not the
    file's (JSON).
    """
    return _Flattener(path, text, locate).flatten(root)


def scalars(path: str, text: str, root: yaml.Node) -> list[Entry | Scalar]:
    """A document's scalars with their dotted keys, not located yet (:func:`entries` locates them)."""
    return _Flattener(path, text).items(root)


def entries(
    path: str,
    text: str,
    items: list[Entry | Scalar],
    locate: Callable[[yaml.ScalarNode], Located] | None = None,
    keep: Callable[[str, str], bool] | None = None,
) -> list[Entry]:
    """The entries of :func:`scalars`' ``items`` (all of them, or those ``keep`` keeps,
    see :meth:`_Flattener.flatten_items`).
    """
    return _Flattener(path, text, locate).flatten_items(items, keep)


def locate(path: str, text: str, node: yaml.ScalarNode) -> Located:
    """A scalar node's value with the source position of every character (``text`` is the file)."""
    return _Flattener(path, text).locate(node)


class Scalar:
    """A scalar of a document with its dotted key, before it is located: ``key``
    and ``text`` are those of its entry (a ``- NAME=value`` item's key is the
    variable's, its text what follows the ``=``, as :meth:`_Flattener._entry` makes them).
    """

    __slots__ = ("key", "key_node", "node", "prefix", "text")

    def __init__(self, prefix: str, node: yaml.ScalarNode, key_node: yaml.Node | None) -> None:
        self.prefix = prefix
        self.node = node
        self.key_node = key_node
        self.key = prefix
        self.text = str(node.value)
        if key_node is None:
            match = _ENV_ITEM.match(self.text)
            bound = env_key(match.group(1)) if match is not None else None
            if match is not None and bound is not None:
                self.key = bound
                self.text = self.text[match.end() :]


class _Flattener:
    def __init__(
        self, path: str, text: str, locate: Callable[[yaml.ScalarNode], Located] | None = None
    ) -> None:
        self.path = path
        self.text = text
        self.visited: set[int] = set()
        self._locate = locate

    def flatten(self, root: yaml.Node) -> list[Entry]:
        """Return the dotted-key entries of one document, each node visited once."""
        return self.flatten_items(self.items(root))

    def flatten_items(
        self, items: list[Entry | Scalar], keep: Callable[[str, str], bool] | None = None
    ) -> list[Entry]:
        """The entries of :meth:`items`; with ``keep``, only those it keeps (given
        the key and the value's text) and those with a placeholder (``${…}``, which
        :func:`~connlint.frontends.spring.candidates` resolves first): the others
        are never located.
        """
        out: list[Entry] = []
        for item in items:
            if isinstance(item, Entry):
                out.append(item)
            elif keep is None or "${" in item.text or keep(item.key, item.text):
                entry = self._entry(item.prefix, item.node, item.key_node)
                if entry is not None:
                    out.append(entry)
        return out

    def items(self, root: yaml.Node) -> list[Entry | Scalar]:
        """One document's scalars with their dotted keys, in order, not located yet
        (CloudFormation's ``Fn::Join`` strings as entries already).
        """
        out: list[Entry | Scalar] = []
        stack: list[tuple[str, yaml.Node, yaml.Node | None]] = [("", root, None)]
        while stack:
            prefix, node, key_node = stack.pop()
            if id(node) in self.visited:
                continue
            self.visited.add(id(node))
            joined = _join_arguments(node)
            if joined is not None:  # CloudFormation's Fn::Join: one string of its pieces
                entry = self._joined(prefix, node, key_node, *joined)
                if entry is not None:
                    out.append(entry)
                continue
            if isinstance(node, yaml.MappingNode):
                pairs: list[tuple[yaml.Node, yaml.Node]] = list(node.value)
                env = _spring_env_var(pairs)
                if env is not None:  # Kubernetes `- name: SPRING_DATASOURCE_URL` / `value: …`
                    stack.append(env)
                    continue
                for key, value in reversed(pairs):
                    if not isinstance(key, yaml.ScalarNode):
                        continue
                    name = str(key.value)
                    if key.tag == "tag:yaml.org,2002:merge":
                        stack.append((prefix, value, None))
                        continue
                    name = env_key(name) or name
                    stack.append((f"{prefix}.{name}" if prefix else name, value, key))
            elif isinstance(node, yaml.SequenceNode):
                items: list[yaml.Node] = list(node.value)
                for index, item in reversed(list(enumerate(items))):
                    stack.append((f"{prefix}[{index}]", item, None))
            elif isinstance(node, yaml.ScalarNode):
                out.append(Scalar(prefix, node, key_node))
        return out

    def _entry(self, key: str, node: yaml.ScalarNode, key_node: yaml.Node | None) -> Entry | None:
        value = self.locate(node)
        start = key_node.start_mark if key_node is not None else node.start_mark
        if key_node is None:
            match = _ENV_ITEM.match(value.text)
            bound = env_key(match.group(1)) if match is not None else None
            if match is not None and bound is not None:
                key = bound
                value = value.slice(match.end(), len(value.chars))
        end = node.end_mark
        location = Location(self.path, start.line + 1, start.column + 1, end.line + 1, end.column + 1)
        fallback = (node.start_mark.line + 1, node.start_mark.column + 1)
        return Entry(key, value.span(self.path, fallback), location)

    def _joined(
        self,
        key: str,
        node: yaml.Node,
        key_node: yaml.Node | None,
        delimiter: yaml.ScalarNode,
        pieces: list[yaml.Node],
    ) -> Entry | None:
        """The entry of ``Fn::Join`` (``!Join [delimiter, [pieces]]``): literal
        pieces as written, any other (``!GetAtt``, ``!Ref``) unknown.
        """
        value = Located()
        for i, piece in enumerate(pieces):
            if i:
                value.extend(self.locate(delimiter))
            if isinstance(piece, yaml.ScalarNode) and not piece.tag.startswith("!"):
                value.extend(self.locate(piece))
            else:
                value.add(DYNAMIC, (piece.start_mark.line + 1, piece.start_mark.column + 1))
        if not len(value):
            return None
        start = key_node.start_mark if key_node is not None else node.start_mark
        end = node.end_mark
        location = Location(self.path, start.line + 1, start.column + 1, end.line + 1, end.column + 1)
        fallback = (node.start_mark.line + 1, node.start_mark.column + 1)
        return Entry(key, value.span(self.path, fallback), location)

    def locate(self, node: yaml.ScalarNode) -> Located:
        """Return the scalar's value with the source position of every character."""
        if self._locate is not None:
            return self._locate(node)
        value = str(node.value)
        start = node.start_mark
        raw, line, column = _after_properties(
            self.text[start.index : node.end_mark.index], start.line + 1, start.column + 1
        )
        style = node.style
        located: Located | None = None
        if style is None and "\n" not in raw:
            # A plain scalar on one line: its value from its first character on, which
            # is what _flow() gives (or the fallback below, from the same point).
            located = Located()
            located.add(value, (line, column))
            return located
        try:
            if style in ("|", ">"):
                located = _block(raw, line, column, value)
            elif style in ("'", '"'):
                located = _flow(raw[1:], line, column + 1, style)
            else:
                located = _flow(raw, line, column, None)
        except (IndexError, ValueError):
            located = None
        if located is None or located.text != value:
            located = Located()  # best effort: from the first character on
            located.add(value, (line, column))
        return located


def _after_properties(raw: str, line: int, column: int) -> tuple[str, int, int]:
    """A scalar's source after its tag and anchor (``!Sub "…"``, ``&name …``: a node's
    start mark is its first property's), with the (line, column) where it starts.
    """
    i = 0
    while i < len(raw) and raw[i] in "!&":
        while i < len(raw) and raw[i] not in " \t\r\n":
            i += 1
            column += 1
        while i < len(raw) and raw[i] in " \t\r\n":
            if raw[i] == "\n":
                line, column = line + 1, 1
            elif raw[i] != "\r":
                column += 1
            i += 1
    return raw[i:], line, column


def _flow(raw: str, line: int, column: int, quote: str | None) -> Located:
    """Decode a plain or quoted scalar (``raw`` starts after an opening quote)."""
    if quote is not None and raw.endswith(quote):
        raw = raw[:-1]
    lines = raw.split("\n")
    out = Located()
    pending_break: tuple[int, int] | None = None
    empty_lines = 0
    joined = True  # an escaped line break: no folding
    for index, text in enumerate(lines):
        text = text.rstrip("\r")
        first_column = column if index == 0 else 1
        body = text if index == 0 else text.lstrip(" \t")
        offset = first_column + (len(text) - len(body)) if index > 0 else first_column
        is_last = index == len(lines) - 1
        escaped_break = quote == '"' and _odd_backslashes(body) and not is_last
        if not is_last and not escaped_break:
            body = body.rstrip(" \t")
        if index > 0 and not body and not is_last:
            empty_lines += 1
            continue
        if index > 0 and pending_break is not None and not joined:
            if empty_lines:
                out.add_at("\n" * empty_lines, pending_break)
            else:
                out.add(" ", pending_break)
        empty_lines = 0
        if escaped_break:
            body = body[:-1]
        _decode_line(body, line + index, offset, quote, out)
        pending_break = (line + index, offset + len(body))
        joined = escaped_break
    return out


def _odd_backslashes(text: str) -> bool:
    return (len(text) - len(text.rstrip("\\"))) % 2 == 1


def _decode_line(body: str, line: int, column: int, quote: str | None, out: Located) -> None:
    # Runs between escapes are added whole: a long line costs its runs, not its characters.
    escape = "'" if quote == "'" else "\\" if quote == '"' else None
    i = 0
    while i < len(body):
        j = body.find(escape, i) if escape is not None else -1
        if j < 0:
            out.add(body[i:], (line, column + i))
            return
        out.add(body[i:j], (line, column + i))
        point = (line, column + j)
        i = j
        if quote == "'" and i + 1 < len(body) and body[i + 1] == "'":
            out.add("'", point)
            i += 2
        elif quote == '"' and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in _HEX_LENGTH:
                length = _HEX_LENGTH[nxt]
                out.add(chr(int(body[i + 2 : i + 2 + length], 16)), point)
                i += 2 + length
            else:
                out.add(_DQ_ESCAPES[nxt], point)
                i += 2
        else:
            out.add(body[i], point)
            i += 1


def _block(raw: str, line: int, column: int, value: str) -> Located | None:
    """Locate a literal (``|``) or folded (``>``) block scalar line by line."""
    lines = raw.split("\n")
    header = lines[0]
    literal = header.startswith("|")
    digits = [c for c in header[1:3] if c.isdigit()]
    content = [ln.rstrip("\r") for ln in lines[1:]]
    non_empty = [ln for ln in content if ln.strip()]
    if not non_empty:
        return None
    indent = int(digits[0]) if digits else len(non_empty[0]) - len(non_empty[0].lstrip(" "))
    out = Located()
    previous_end: tuple[int, int] | None = None
    previous_more = False
    empty = 0
    for index, text in enumerate(content):
        point = (line + 1 + index, indent + 1)
        if not text.strip():
            empty += 1
            if literal:
                out.add("\n", previous_end or point)
            continue
        body = text[indent:]
        more = body.startswith((" ", "\t"))
        if literal:
            if previous_end is not None:
                out.add("\n", previous_end)
        elif previous_end is not None:
            breaks = empty + 1 if (more or previous_more) else empty
            out.add_at("\n" * breaks if breaks else " ", previous_end)
        elif empty:
            out.add_at("\n" * empty, point)
        out.add(body, (line + 1 + index, indent + 1))
        previous_end = (line + 1 + index, indent + 1 + len(body))
        previous_more = more
        empty = 0
    # Chomping is only ever trailing line breaks: align it with the composed value.
    core = out.text.rstrip("\n")
    trimmed = out.slice(0, len(core))
    if previous_end is not None:
        trimmed.add_at("\n" * (len(value) - len(value.rstrip("\n"))), previous_end)
    return trimmed
