"""PyYAML's pure-Python composer without recursion, for the files libyaml
cannot compose as it would (:mod:`connlint.frontends.yaml_libyaml`).

PyYAML's own composer recurses once per nesting level: 10,000 nested ``[``
raise RecursionError and lose the whole file.  :class:`Loader` keeps its
collections on an explicit stack, and stops at :data:`MAX_NESTING` levels
with what it composed so far (:class:`TooDeep`).
"""

from __future__ import annotations

from typing import Any

import yaml

#: A collection nested deeper than this ends the analysis of the file (with a
#: notification); what comes before it is still analysed.  Spring configuration
#: is shallow, and dotted keys of deeper paths would grow quadratically.
MAX_NESTING = 200


class Loader(yaml.SafeLoader):
    """``SafeLoader`` whose composer uses an explicit stack instead of recursion.

    PyYAML's composer recurses once per nesting level, so 10,000 nested ``[``
    raise RecursionError and lose the whole file; here nesting costs no Python
    stack.  A collection deeper than :data:`MAX_NESTING` ends the composition
    (:class:`TooDeep` carries what was composed, ``too_deep`` the line).
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
        """The next node and all it holds (PyYAML's ``compose_node``, without recursion)."""
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
                    raise TooDeep(stack[0][0])
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


class TooDeep(Exception):
    """Nesting beyond :data:`MAX_NESTING`: carries the partly composed document."""

    def __init__(self, root: yaml.Node | None) -> None:
        super().__init__("nesting too deep")
        self.root = root
