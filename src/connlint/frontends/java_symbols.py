"""The Java front-end's symbol table: the tree's ancestors and scopes, and the
variables and fields declared in them (which one an identifier names, and
whether it holds a constant).
"""

from __future__ import annotations

import bisect
from array import array
from dataclasses import field

from tree_sitter import Node

from connlint.frontends.java_syntax import call_name, source_order, type_name
from connlint.frontends.java_uri_builders import MUTATORS as URI_MUTATORS
from connlint.frontends.java_uri_builders import URI_BUILDERS, named_in
from connlint.frontends.ts_positions import TreePositions
from connlint.lazy import dataclass

SCOPE_TYPES = frozenset(
    {
        "method_declaration",
        "constructor_declaration",
        "compact_constructor_declaration",
        "lambda_expression",
        "static_initializer",
        "class_body",
        "enum_body",
        "interface_body",
        "record_declaration",
        "program",
    }
)
_CLASS_BODIES = frozenset({"class_body", "enum_body", "interface_body"})
#: The nodes that declare names: fields, locals, constants and parameters.
_DECLARATIONS = frozenset(
    {
        "field_declaration",
        "local_variable_declaration",
        "constant_declaration",
        "formal_parameter",
        "spread_parameter",
    }
)
#: Methods of StringBuilder / StringBuffer whose calls on a variable are
#: remembered (its value at a use is built from them).
BUILDER_METHODS = frozenset(
    {"append", "insert", "setLength", "delete", "deleteCharAt", "replace", "reverse", "setCharAt"}
)
#: The calls remembered in a file that names a URI builder (``java_uri_builders``).
_URI_TRACKED = BUILDER_METHODS | URI_MUTATORS
#: Upward walks longer than this cache the whole root path in one descent
#: (``Node.parent`` itself walks down from the root, so a long walk is quadratic).
SHORT_WALK = 16


@dataclass
class Var:
    """A declared variable or field of the file."""

    name: str
    type: str | None
    value: Node | None
    node: Node
    is_field: bool
    final: bool
    reassigned: bool = False
    #: Assignments to it (``=``, ``+=``), in source order.
    assignments: list[Node] = field(default_factory=list)
    #: Calls on it of :data:`BUILDER_METHODS` (``sb.append(…)``), in source order.
    calls: list[Node] = field(default_factory=list)
    #: ``++`` / ``--`` applied to it somewhere.
    updated: bool = False


class Symbols:
    """Ancestors, scopes and declarations of one parsed file."""

    def __init__(self, positions: TreePositions, root: Node, tracked: frozenset[str]) -> None:
        self.positions = positions
        self.source = positions.source
        #: Types whose creation assigned to a variable gives it that type (the
        #: objects the API recogniser follows).
        self.tracked = tracked
        self.vars: dict[tuple[int, str], Var] = {}
        self.fields_by_name: dict[str, Var] = {}
        self.root = root
        self.parents: dict[int, Node | None] = {root.id: None}
        self.inner_scopes: dict[int, Node | None] = {}
        # Scope nodes in source order (outer first), their byte ranges and the
        # index of the scope each sits in (-1: none): scopes are found by range,
        # without walking up the tree.  None: ranges are ambiguous (two scopes
        # with one range, an empty scope), walk up instead.
        self.scopes: list[Node] | None = None
        self.scope_starts = array("q")
        self.scope_ends = array("q")
        self.scope_outer = array("i")

    # -- ancestors ----------------------------------------------------------

    def parent(self, node: Node) -> Node | None:
        """``node.parent``, remembered per node."""
        key = node.id
        if key in self.parents:
            return self.parents[key]
        parent = node.parent
        self.parents[key] = parent
        return parent

    def cache_path(self, node: Node) -> None:
        """Remember the parent of every node from the root down to ``node``, and of
        their children, in one descent: tree-sitter finds a parent by descending
        from the root, so in a 10,000-term concatenation each uncached
        ``parent()`` of a literal beside the path would cost the whole depth.
        """
        if self.root is None:
            return
        cursor = self.root.walk()
        current = self.root
        start, end = node.start_byte, node.end_byte
        while current.id != node.id:
            for inner in current.children:
                self.parents.setdefault(inner.id, current)
            if cursor.goto_first_child_for_byte(start) is None:
                return
            child = cursor.node
            if child is None or child.start_byte > start or child.end_byte < end:
                return  # not where a plain descent finds it (zero-width node): parent() copes
            self.parents.setdefault(child.id, current)
            current = child

    def _up(self, node: Node, steps: int) -> Node | None:
        """The parent, after caching the root path once an upward walk gets long."""
        if steps == SHORT_WALK and node.id not in self.parents:
            self.cache_path(node)
        return self.parent(node)

    def _inner_scope(self, node: Node | None) -> Node | None:
        """The scope that ``node``'s children live in (``node`` itself, or its scope)."""
        chain: list[Node] = []
        found: Node | None = None
        while node is not None:
            if node.id in self.inner_scopes:
                found = self.inner_scopes[node.id]
                break
            parent = self._up(node, len(chain))
            if node.type in SCOPE_TYPES or (
                node.type == "block" and parent is not None and parent.type in _CLASS_BODIES
            ):
                found = node
                break
            chain.append(node)
            node = parent
        for walked in chain:
            self.inner_scopes[walked.id] = found
        if found is not None and node is not None:
            self.inner_scopes[node.id] = found
        return found

    def index_scopes(self, scopes: list[Node]) -> None:
        """Index the scope nodes (the query's ``@scope`` captures) by byte range."""
        source_order(scopes)
        stack: list[int] = []
        for i, scope in enumerate(scopes):
            start, end = scope.start_byte, scope.end_byte
            if start >= end or (i and (start, end) == (self.scope_starts[-1], self.scope_ends[-1])):
                return  # ambiguous by range: self.scopes stays None
            while stack and not (self.scope_starts[stack[-1]] <= start and end <= self.scope_ends[stack[-1]]):
                stack.pop()
            self.scope_starts.append(start)
            self.scope_ends.append(end)
            self.scope_outer.append(stack[-1] if stack else -1)
            stack.append(i)
        self.scopes = scopes

    def scope_of(self, node: Node) -> Node | None:
        """The innermost scope around ``node`` (not ``node`` itself)."""
        start, end = node.start_byte, node.end_byte
        if self.scopes is None or start >= end:
            return self._inner_scope(self.parent(node))
        # In a tree, a range that contains a non-empty node's is an ancestor's
        # or the node's own (or, when equal, possibly a descendant's).
        i = bisect.bisect_right(self.scope_starts, start) - 1
        while i >= 0:
            if self.scope_ends[i] >= end:
                if self.scope_starts[i] != start or self.scope_ends[i] != end:
                    return self.scopes[i]
                if self.scopes[i].id != node.id:
                    return self._inner_scope(self.parent(node))  # same range: walk up
            i = self.scope_outer[i]
        return None

    def declare(self, nodes: list[Node]) -> None:
        """Declare the fields, locals and parameters of ``nodes`` (source order), then
        mark those assigned again (no longer constants) and retype tracked objects.
        """
        declarations: list[Node] = []
        changes: list[Node] = []
        calls: list[Node] = []
        for node in nodes:
            kind = node.type
            if kind in _DECLARATIONS:
                declarations.append(node)
            elif kind in ("assignment_expression", "update_expression"):
                changes.append(node)
            elif kind == "method_invocation":
                calls.append(node)
        self.declare_kinds(declarations, changes, calls)

    def declare_kinds(
        self,
        declarations: list[Node],
        changes: list[Node],
        calls: list[Node],
        names: list[str | None] | None = None,
    ) -> None:
        """:meth:`declare` of nodes already told apart, each list in source order:
        the declarations and parameters, the assignments and ``++`` / ``--``, the
        method calls (they change different things: their order between lists is
        of no matter), and the calls' method names when the caller has them.
        """
        for node in declarations:
            kind = node.type
            if kind in ("field_declaration", "local_variable_declaration", "constant_declaration"):
                modifiers: Node | None = node.child(0)  # modifiers come first when present
                if modifiers is not None and modifiers.type != "modifiers":
                    # by index: ``node.children`` stays cached on the node (a Python
                    # object per child, for every declaration of the file)
                    children = (node.child(i) for i in range(1, node.child_count))
                    modifiers = next((c for c in children if c is not None and c.type == "modifiers"), None)
                words = set(self.source(modifiers).split()) if modifiers is not None else set()
                is_field = kind != "local_variable_declaration"
                final = "final" in words or kind == "constant_declaration" or not is_field
                declared = type_name(node.child_by_field_name("type"), self.source)
                for declarator in node.children_by_field_name("declarator"):
                    self.parents.setdefault(declarator.id, node)
                    self._add_var(declarator, declared, is_field, final)
            elif kind in ("formal_parameter", "spread_parameter"):
                name = node.child_by_field_name("name")
                scope = self.scope_of(node)
                if name is not None and scope is not None:
                    declared = type_name(node.child_by_field_name("type"), self.source)
                    self.vars[(scope.id, self.source(name))] = Var(
                        self.source(name), declared, None, node, False, False
                    )
        for var in self.vars.values():
            if var.is_field:
                self.fields_by_name.setdefault(var.name, var)
        for node in changes:
            if node.type == "assignment_expression":
                left = node.child_by_field_name("left")
                right = node.child_by_field_name("right")
                assigned = self.resolve(left) if left is not None else None
                if assigned is None:
                    continue
                assigned.reassigned = True
                assigned.assignments.append(node)
                if right is not None and right.type == "object_creation_expression":
                    created = type_name(right.child_by_field_name("type"), self.source)
                    if created in self.tracked:
                        assigned.type = created
            elif node.type == "update_expression":
                target = node.named_child(0)
                updated = self.resolve(target) if target is not None else None
                if updated is not None:
                    updated.reassigned = True
                    updated.updated = True
        if names is None:
            names = [call_name(node, self.source) for node in calls]
        tracked = _URI_TRACKED if named_in(self.positions.text) else BUILDER_METHODS
        for node, method in zip(calls, names, strict=True):
            if method not in tracked:
                continue  # by the name first: most calls of a file
            obj = node.child_by_field_name("object")
            if obj is not None and obj.type == "identifier":
                called = self.resolve(obj)
                if called is not None and (method in BUILDER_METHODS or called.type in URI_BUILDERS):
                    called.calls.append(node)

    def _add_var(self, declarator: Node, declared: str | None, is_field: bool, final: bool) -> None:
        name = declarator.child_by_field_name("name")
        scope = self.scope_of(declarator)
        if name is None or scope is None:
            return
        value = declarator.child_by_field_name("value")
        var_type = declared
        if value is not None and value.type == "object_creation_expression":
            created = type_name(value.child_by_field_name("type"), self.source)
            if created in self.tracked or declared in (None, "var"):
                var_type = created
        var = Var(self.source(name), var_type, value, declarator, is_field, final)
        self.vars[(scope.id, var.name)] = var

    def resolve(self, node: Node | None) -> Var | None:
        """Return the variable an identifier (or ``this.x``) refers to."""
        if node is None:
            return None
        if node.type == "field_access":
            obj = node.child_by_field_name("object")
            fld = node.child_by_field_name("field")
            if obj is None or fld is None or obj.type != "this":
                return None
            name = self.source(fld)
            fields_only = True
        elif node.type == "identifier":
            name = self.source(node)
            fields_only = False
        else:
            return None
        scope = self.scope_of(node)
        while scope is not None:
            var = self.vars.get((scope.id, name))
            if var is not None and (var.is_field or not fields_only):
                return var
            scope = self.scope_of(scope)
        return None

    def constant(self, node: Node) -> Var | None:
        """Return the final field or effectively-final local with an initializer."""
        var = self.resolve(node)
        if var is None and node.type == "field_access":
            # Constants.URL / OtherClass.URL: a static final of the same file by name.
            fld = node.child_by_field_name("field")
            if fld is not None:
                name = self.source(fld)
                var = self.fields_by_name.get(name)
        if var is None or var.value is None or not var.final or var.reassigned:
            return None
        return var
