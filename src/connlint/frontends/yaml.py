"""The YAML front-end: Spring configuration and JDBC URLs in YAML files.

Composes each document with PyYAML's ``SafeLoader`` into nodes (never into
Python objects, so alias bombs are not expanded: the node graph is walked
once, with a visited set); libyaml composes them instead where it builds the
same nodes (:mod:`connlint.frontends.yaml_libyaml`, a twentieth of the time;
PyYAML's composer without recursion otherwise, :mod:`connlint.frontends.yaml_compose`).
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
from collections.abc import Callable

import yaml

from connlint.frontends import yaml_libyaml
from connlint.frontends.spring import Entry, Located, candidates, env_key, wanted
from connlint.frontends.yaml_compose import MAX_NESTING, Loader, TooDeep
from connlint.frontends.yaml_templates import mask_erb, mask_templates
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
        loader = Loader(text)
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
            except TooDeep as exc:
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
