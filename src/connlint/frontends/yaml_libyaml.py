r"""YAML documents composed by libyaml, as the pure-Python loader composes them.

PyYAML's pure-Python scanner reads about 0.3 MB/s here (a 367 KB Ansible
routing table took a second); the libyaml binding PyYAML's wheels ship
(``yaml.CSafeLoader``) composes the same file in a twentieth of that.  The
front-ends read node marks (``index``, ``line``, ``column``), tags, values
and scalar styles, so :func:`documents` returns libyaml's nodes only where
they are what the pure-Python loader builds, and None (read the file with the
pure-Python loader) otherwise:

* libyaml is absent, or refuses the text (any error: the pure-Python loader
  then reports the problem in its own words, and keeps the documents before
  it);
* the text holds a character the two count differently in marks: a line
  break other than ``\n`` (``\r``, NEL, U+2028, U+2029; decoding has turned
  CRLF and CR into LF) or U+FEFF, which the pure-Python reader skips in
  columns; or a tab, which libyaml takes between tokens and PyYAML refuses;
* the text holds what libyaml 0.2.5 reads and PyYAML 6 refuses or reads
  otherwise: ``?`` inside a flow collection (in a plain scalar there), a
  comment right after a block scalar's header (``|#``), a tag of another form
  than ``!``, ``!name``, ``!!name`` (``!a!b``, ``!%21``); or an empty entry of
  a flow collection (``[a: ]``), which the two mark at different places;
* a collection has ``max_nesting`` collections around it (the pure-Python
  composer stops there, with a notification).

Found by comparing both on every YAML file of the real repositories used for
testing (12,925 files) and on generated text (tests/frontends/test_yaml_libyaml.py).

What differs otherwise is set right on the nodes: libyaml ends an input
without a final line break on a line of its own (line + 1, column 0) where
the pure-Python reader stays after the last character; its plain scalars
have style ``''`` where the pure-Python ones have None; and its indentless
sequences (``key:`` then ``- item`` at the key's column) have
``flow_style=False`` where the pure-Python parser leaves None.
"""

from __future__ import annotations

import re

import yaml
from yaml.error import Mark

#: Characters whose marks libyaml and the pure-Python reader count differently,
#: and the tab, which libyaml takes between tokens where the pure-Python
#: scanner refuses it.
_ODD_CHARACTERS = ("\r", "\x85", "\u2028", "\u2029", "\ufeff", "\t")
_RESOLVER = yaml.resolver.Resolver()


def documents(text: str, max_nesting: int) -> list[yaml.Node | None] | None:
    """The documents of ``text`` composed by libyaml, with the marks, styles and
    flow styles of the pure-Python loader; None when the pure-Python loader must
    read ``text`` (see the module docstring), or a collection has ``max_nesting``
    collections around it.
    """
    if not yaml.__with_libyaml__ or any(c in text for c in _ODD_CHARACTERS):
        return None
    try:
        loader = yaml.CSafeLoader(text)
        try:
            roots: list[yaml.Node | None] = []
            while loader.check_node():
                roots.append(loader.get_node())
        finally:
            loader.dispose()
    except Exception:  # any refusal: the pure-Python loader reads the file
        return None
    end_mark = _end_mark(text)
    seen: set[int] = set()
    for root in roots:
        if root is not None and not _as_pure(root, text, end_mark, seen, max_nesting):
            return None
    return roots


def _end_mark(text: str) -> Mark | None:
    """The pure-Python reader's mark at the end of ``text``, where libyaml's differs
    (the text does not end with a line break); else None.
    """
    if not text or text.endswith("\n"):
        return None
    end = len(text)
    return Mark("<unicode string>", end, text.count("\n"), end - text.rfind("\n") - 1, None, end)


def _as_pure(root: yaml.Node, text: str, end_mark: Mark | None, seen: set[int], max_nesting: int) -> bool:
    """Set ``root``'s nodes right (see the module docstring), each node once;
    False when the pure-Python loader must read the text instead.
    """
    end = len(text)
    # (node, collections around it, the block mapping key it is the value of, in a flow collection)
    stack: list[tuple[yaml.Node, int, yaml.Node | None, bool]] = [(root, 0, None, False)]
    while stack:
        node, depth, key, in_flow = stack.pop()
        if id(node) in seen:  # an alias, composed where its anchor stands
            continue
        seen.add(id(node))
        start = node.start_mark.index
        if text.startswith(("!", "&"), start) and not _properties_as_pure(node, text, start):
            return False
        if end_mark is not None:
            if start == end:
                node.start_mark = end_mark
            if node.end_mark.index == end:
                node.end_mark = end_mark
        if isinstance(node, yaml.ScalarNode):
            if node.style == "":
                node.style = None
                if in_flow and start == node.end_mark.index:
                    return False  # an empty flow entry: libyaml marks it at the next token
            elif node.style in ("|", ">") and not _blank_after_header(text, start):
                return False  # `|#`: libyaml takes a comment right after the header, PyYAML refuses it
            continue
        if not isinstance(node, yaml.nodes.CollectionNode):
            continue
        if depth >= max_nesting:
            return False
        flow = node.flow_style is True
        if flow and not in_flow and "?" in text[start : node.end_mark.index]:
            return False  # libyaml reads `?` in a flow collection's plain scalars, PyYAML refuses it
        if isinstance(node, yaml.SequenceNode):
            if key is not None and not flow and _entry_column(text, start) == key.start_mark.column:
                node.flow_style = None  # indentless: its `-` at its key's column
            stack.extend((item, depth + 1, None, flow or in_flow) for item in reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            for k, v in reversed(node.value):
                stack.append((v, depth + 1, None if flow or in_flow else k, flow or in_flow))
                stack.append((k, depth + 1, None, flow or in_flow))
    return True


#: The tags taken as they are: ``!``, ``!name``, ``!!name`` with the characters
#: both read alike (PyYAML and libyaml read other forms, ``!a!b``, ``!%21``, in
#: their own ways).
_PLAIN_TAG = re.compile(r"!(?:!?[A-Za-z0-9_.:/-]+)?")


def _properties_as_pure(node: yaml.Node, text: str, index: int) -> bool:
    """Check the properties (tag, anchor) of ``node``, starting at ``index``: False
    for a tag not of :data:`_PLAIN_TAG`'s forms; a scalar's ``!`` alone makes
    its tag the one PyYAML's parser gives (resolved as if plain, whatever the
    style).
    """
    n = len(text)
    while index < n and text[index] in "!&":
        token_end = index
        while token_end < n and text[token_end] not in " \t\n":
            token_end += 1
        token = text[index:token_end]
        if token.startswith("!"):
            if _PLAIN_TAG.fullmatch(token) is None:
                return False
            if token == "!" and isinstance(node, yaml.ScalarNode):
                node.tag = _RESOLVER.resolve(yaml.ScalarNode, node.value, (True, False))  # type: ignore[no-untyped-call]
        index = token_end
        while index < n and text[index] in " \t\n":
            index += 1
    return True


def _blank_after_header(text: str, index: int) -> bool:
    """Whether a block scalar's header (``|``, ``>-2``; its node starts at
    ``index``, at its properties if any) is followed by a blank, a line break
    or the end.
    """
    index = _after_properties(text, index) + 1
    n = len(text)
    while index < n and text[index] in "+-0123456789":
        index += 1
    return index >= n or text[index] in " \n"


def _after_properties(text: str, index: int) -> int:
    """Where a node's content starts: after the properties (tag, anchor) and
    blanks from ``index``, its start mark.
    """
    n = len(text)
    while index < n and text[index] in "!&":
        while index < n and text[index] not in " \t\n":
            index += 1
        while index < n and text[index] in " \t\n":
            index += 1
    return index


def _entry_column(text: str, index: int) -> int:
    """The column of a block sequence's first ``-`` (its start mark, ``index``,
    stands at its tag or anchor when it has one, possibly on the line before).
    """
    n = len(text)
    index = _after_properties(text, index)
    while index < n and text[index] in " \n#":
        if text[index] == "#":
            newline = text.find("\n", index)
            index = n if newline < 0 else newline
        index += 1
    return index - (text.rfind("\n", 0, index) + 1)
