"""Pass 1 of the Python front-end: one walk over the libcst tree that records
the scopes and what each binds (imports, assignments, parameters), the later
changes to a name (``x.attr = v``, ``x["key"] = v``, ``x.method(...)``), and
the calls and URL-like strings pass 2 looks at.

No qualified-name metadata: names are resolved later through these bindings
(:mod:`connlint.frontends.python.evaluation`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import field

import libcst as cst

from connlint.frontends.python.literals import raw_text
from connlint.lazy import dataclass

#: Keyword arguments that carry prose, not configuration (``help="... --ssl-mode ..."``).
TEXT_KEYWORDS: frozenset[str] = frozenset({"help", "description", "doc", "epilog", "usage", "msg", "message"})

#: Methods and functions whose string arguments are only checked, never
#: connected to: unittest and mock assertions, prefix tests, regular expressions.
CHECK_CALLS: frozenset[str] = frozenset(
    {
        "assertEqual",
        "assertEquals",
        "assertNotEqual",
        "assertIn",
        "assertNotIn",
        "assertRegex",
        "assertNotRegex",
        "assertMultiLineEqual",
        "assertCountEqual",
        "assert_called_with",
        "assert_called_once_with",
        "assert_any_call",
        "assert_not_called",
        "startswith",
        "endswith",
        "compile",
        "match",
        "fullmatch",
        "search",
    }
)

#: Functions called by name whose string arguments are only parsed: Tortoise
#: ORM's URL parser (tortoise/backends/base/config_generator.py) and encode/databases'
#: URL class (databases/core.py ``DatabaseURL``: a parsed URL, connects nothing).
PARSE_CALLS: frozenset[str] = frozenset({"expand_db_url", "DatabaseURL"})

#: Strings in collection literals compared whole are checked this many collections deep.
MAX_CHECKED_DEPTH = 4

#: A string worth a look in pass 2 mentions one of these.
QUICK_URL = re.compile(r"mysql|mariadb", re.IGNORECASE)


@dataclass(eq=False)
class Scope:
    """One Python scope (module, class, function or lambda) and what it binds."""

    kind: str
    parent: Scope | None
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    mutations: dict[str, list[Mutation]] = field(default_factory=dict)
    globals: set[str] = field(default_factory=set)
    stars: list[str] = field(default_factory=list)
    #: A function's ``return`` values, with the order of each.
    returns: list[tuple[cst.BaseExpression, int]] = field(default_factory=list)
    #: A method's first parameter (``self``); None elsewhere.
    self_name: str | None = None
    #: A function's name (``__init__``); None elsewhere.
    name: str | None = None
    #: A function's parameters that a call may pass by position, in order.
    params: tuple[str, ...] = ()
    #: The default values of a function's parameters, by name.
    defaults: dict[str, cst.BaseExpression] = field(default_factory=dict)
    #: A function's keyword-only parameters, and its ``**kwargs`` parameter's name.
    keywords: tuple[str, ...] = ()
    star_kwarg: str | None = None
    #: A class's ``self.<attr> = value`` assignments, made in any of its methods.
    attributes: dict[str, list[AttributeAssignment]] = field(default_factory=dict)
    #: A class's bases as written (``class Db(pymysql.connections.Connection)``).
    bases: tuple[cst.BaseExpression, ...] = ()
    #: The arms of the ``if`` statements written directly in this scope.
    arms: list[Arm] = field(default_factory=list)
    #: The module scope of the file this scope is in.
    top: Scope = field(init=False)

    def __post_init__(self) -> None:
        self.top = self if self.parent is None else self.parent.top


@dataclass(frozen=True)
class Arm:
    """One arm of an ``if`` statement: the nodes walked in orders ``(start, end]``."""

    point: int  # id() of the ``if`` statement
    index: int  # 0: its body; 1: its ``else`` (or ``elif``, itself an ``if``)
    start: int
    end: int
    #: The arm ends in ``return``, ``raise``, ``break`` or ``continue``: code after
    #: the ``if`` is not reached through it.
    exits: bool = False

    def holds(self, order: int) -> bool:
        """True when the node of ``order`` is in this arm."""
        return self.start < order <= self.end


@dataclass(eq=False)
class Binding:
    """A name bound in a scope: by an import (``qualname``), to a value, or otherwise."""

    order: int
    scope: Scope
    qualname: str | None = None
    value: cst.BaseExpression | None = None
    #: What a ``def`` or ``class`` statement binds: its own scope.
    body: Scope | None = None
    #: A ``for`` loop's target: the collection it runs over.
    loop: cst.BaseExpression | None = None
    #: ``from <module> import <name>``: (module, level of a relative import, name).
    source: tuple[str, int, str] | None = None
    #: That import's name as this module writes it (where a re-export stands), or
    #: the name a ``def`` or ``class`` statement binds.
    node: cst.CSTNode | None = None


@dataclass(eq=False)
class AttributeAssignment:
    """``self.<attr> = value`` in a method (``scope``) of a class."""

    value: cst.BaseExpression
    scope: Scope
    order: int


@dataclass(eq=False)
class Mutation:
    """``name.attr = v``, ``name["key"] = v`` or ``name.method(...)`` after a binding."""

    order: int
    kind: str  # "attr" | "item" | "del" | "call" | "any-item" (a key not known statically)
    member: str
    node: cst.CSTNode
    value: cst.BaseExpression | None = None
    call: cst.Call | None = None


@dataclass(eq=False)
class Site:
    """A call or string found in pass 1, with where it stands."""

    node: cst.CSTNode
    scope: Scope
    order: int


#: Node fields that never hold a call, a binding or a string: skipped by the walk.
_SKIPPED_FIELDS = frozenset(
    {
        "colon",
        "comma",
        "dot",
        "equal",
        "footer",
        "header",
        "leading_lines",
        "lines_after_decorators",
        "lpar",
        "operator",
        "rpar",
        "semicolon",
    }
)
_FIELDS_BY_TYPE: dict[type[cst.CSTNode], tuple[str, ...]] = {}


def child_fields(kind: type[cst.CSTNode]) -> tuple[str, ...]:
    """The fields of a node type that the walk reads (positions read the same:
    they are asked only for nodes the walk found).
    """
    names = _FIELDS_BY_TYPE.get(kind)
    if names is None:
        names = tuple(
            f.name
            for f in dataclasses.fields(kind)
            if f.name not in _SKIPPED_FIELDS and not f.name.startswith("whitespace")
        )
        _FIELDS_BY_TYPE[kind] = names
    return names


class Collector:
    """Pass 1: one walk that records bindings per scope, calls and URL-like strings.

    It reads the node dataclasses' fields directly instead of using
    ``CSTVisitor``, whose traversal rebuilds every node and costs as much as
    the parse itself (measured: 15x slower than this walk).
    """

    def __init__(self) -> None:
        self.module_scope = Scope("module", None)
        self.scope = self.module_scope
        self.order = 0
        self.calls: list[Site] = []
        self.strings: list[Site] = []
        self.prose: set[int] = set()  # ids of strings that are docstrings or help texts
        # ids of strings whose one use is a check: compared (``assert url == "mysql://…"``),
        # an assertion's argument or a pattern (issue 16 item 15)
        self.checked: set[int] = set()
        # id(node) -> index of the module-level statement that holds it, so that
        # positions can be computed for that statement alone (see _Builder).
        self.top_of: dict[int, int] = {}
        self._top_index: dict[int, int] = {}
        self._top = -1

    def walk_module(self, module: cst.Module) -> None:
        """Walk a whole module, noting which top-level statement holds each node."""
        self._top_index = {id(stmt): i for i, stmt in enumerate(module.body)}
        self.walk(module)

    # -- the walk
    def walk(self, node: cst.CSTNode) -> None:
        """Visit ``node`` and everything under it, in source order within each scope."""
        top = self._top_index.get(id(node))
        if top is not None:
            self._top = top
        self.top_of[id(node)] = self._top
        self.order += 1
        handler = HANDLERS.get(type(node))
        if handler is None or handler(self, node):
            self.children(node)

    def children(self, node: cst.CSTNode) -> None:
        """Walk the children of ``node``."""
        for name in child_fields(type(node)):
            value = getattr(node, name)
            if isinstance(value, cst.CSTNode):
                self.walk(value)
            elif isinstance(value, list | tuple):
                for item in value:
                    if isinstance(item, cst.CSTNode):
                        self.walk(item)

    def walk_all(self, nodes: Sequence[cst.CSTNode]) -> None:
        """Walk each of ``nodes``."""
        for node in nodes:
            self.walk(node)

    # -- binding helpers
    def _bind(
        self,
        name: str,
        *,
        qualname: str | None = None,
        value: cst.BaseExpression | None = None,
        body: Scope | None = None,
        loop: cst.BaseExpression | None = None,
        source: tuple[str, int, str] | None = None,
        node: cst.CSTNode | None = None,
    ) -> None:
        scope = self.module_scope if name in self.scope.globals else self.scope
        binding = Binding(self.order, scope, qualname, value, body, loop, source, node)
        scope.bindings.setdefault(name, []).append(binding)

    def _mutate(self, name: str, mutation: Mutation) -> None:
        self.scope.mutations.setdefault(name, []).append(mutation)

    def _bind_target(
        self,
        target: cst.BaseExpression,
        value: cst.BaseExpression | None,
        stmt: cst.CSTNode,
    ) -> None:
        if isinstance(target, cst.Name):
            self._bind(target.value, value=value)
        elif isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name):
            self._mutate(
                target.value.value,
                Mutation(self.order, "attr", target.attr.value, stmt, value),
            )
            if value is not None and target.value.value == self.scope.self_name and self.scope.parent:
                attributes = self.scope.parent.attributes.setdefault(target.attr.value, [])
                attributes.append(AttributeAssignment(value, self.scope, self.order))
        elif isinstance(target, cst.Subscript):
            holder = _holder(target.value)
            key = subscript_key(target)
            if key is not None and holder is not None:
                self._mutate(holder, Mutation(self.order, "item", key, stmt, value))
            elif holder is not None and value is not None:
                # ``params[cfg] = val``: some key, maybe a TLS one, gets some value
                self._mutate(holder, Mutation(self.order, "any-item", "", stmt, value))
        elif isinstance(target, cst.Tuple | cst.List):
            for element in target.elements:
                self._bind_target(element.value, None, stmt)
        elif isinstance(target, cst.StarredElement):
            self._bind_target(target.value, None, stmt)

    def _push(self, kind: str) -> Scope:
        self.scope = Scope(kind, self.scope)
        return self.scope

    def _pop(self, parent: Scope | None) -> None:
        if parent is not None:
            self.scope = parent

    def _bind_params(self, params: cst.Parameters) -> None:
        every = [*params.posonly_params, *params.params, *params.kwonly_params]
        if isinstance(params.star_arg, cst.Param):
            every.append(params.star_arg)
        if params.star_kwarg is not None:
            every.append(params.star_kwarg)
        for param in every:
            self._bind(param.name.value)

    # -- handlers: return True to walk the node's children afterwards
    def _on_import(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.Import)
        for alias in node.names:
            dotted = dotted_name(alias.name)
            if dotted is None:
                continue
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self._bind(alias.asname.name.value, qualname=dotted)
            else:
                head = dotted.split(".", 1)[0]
                self._bind(head, qualname=head)
        return False

    def _on_import_from(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.ImportFrom)
        module = None if node.relative or node.module is None else dotted_name(node.module)
        if isinstance(node.names, cst.ImportStar):
            if module is not None:
                self.scope.stars.append(module)
            return False
        for alias in node.names:
            name = dotted_name(alias.name)
            if name is None:
                continue
            local = name
            written: cst.CSTNode = alias.name
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
                written = alias.asname.name
            source = ((dotted_name(node.module) if node.module else None) or "", len(node.relative), name)
            self.top_of[id(written)] = self._top  # located by its statement (a re-export's hop)
            self._bind(local, qualname=f"{module}.{name}" if module else None, source=source, node=written)
        return False

    def _on_function(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.FunctionDef)
        parent = self.scope
        positional = (*node.params.posonly_params, *node.params.params)
        scope = Scope(
            "function", parent, name=node.name.value, params=tuple(p.name.value for p in positional)
        )
        every = (*positional, *node.params.kwonly_params)
        scope.defaults = {p.name.value: p.default for p in every if p.default is not None}
        scope.keywords = tuple(p.name.value for p in node.params.kwonly_params)
        if isinstance(node.params.star_kwarg, cst.Param):
            scope.star_kwarg = node.params.star_kwarg.name.value
        self.top_of[id(node.name)] = self._top  # located by its statement (a helper's hop)
        self._bind(node.name.value, body=scope, node=node.name)
        self.walk_all(node.decorators)
        self.scope = scope
        if parent.kind == "class" and not any(_is_static(d.decorator) for d in node.decorators):
            first = [*node.params.posonly_params, *node.params.params]
            scope.self_name = first[0].name.value if first else None
        self._bind_params(node.params)
        self.walk(node.params)
        self.walk(node.body)
        self._pop(parent)
        return False

    def _on_lambda(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.Lambda)
        parent = self.scope
        self._push("function")
        self._bind_params(node.params)
        self.walk(node.params)
        self.walk(node.body)
        self._pop(parent)
        return False

    def _on_class(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.ClassDef)
        parent = self.scope
        scope = Scope("class", parent, name=node.name.value, bases=tuple(arg.value for arg in node.bases))
        self.top_of[id(node.name)] = self._top
        self._bind(node.name.value, body=scope, node=node.name)
        self.walk_all(node.decorators)
        self.walk_all(node.bases)
        self.walk_all(node.keywords)
        self.scope = scope
        self.walk(node.body)
        self._pop(parent)
        return False

    def _on_if(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.If)
        self.walk(node.test)
        self._arm(node, 0, node.body)
        if node.orelse is not None:
            self._arm(node, 1, node.orelse)
        return False

    def _arm(self, node: cst.If, index: int, body: cst.CSTNode) -> None:
        start = self.order
        self.walk(body)
        self.scope.arms.append(Arm(id(node), index, start, self.order, _exits(body)))

    def _on_global(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.Global)
        self.scope.globals.update(item.name.value for item in node.names)
        return False

    def _on_assign(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.Assign)
        for target in node.targets:
            self._bind_target(target.target, node.value, node)
        return True

    def _on_ann_assign(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.AnnAssign)
        self._bind_target(node.target, node.value, node)
        return True

    def _on_named_expr(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.NamedExpr)
        self._bind_target(node.target, node.value, node)
        return True

    def _on_loop_target(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.For | cst.CompFor)
        if isinstance(node, cst.For) and isinstance(node.target, cst.Name):
            self._bind(node.target.value, loop=node.iter)
        else:
            self._bind_target(node.target, None, node)
        return True

    def _on_return(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.Return)
        if node.value is not None:
            self.scope.returns.append((node.value, self.order))
        return True

    def _on_del(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.Del)
        targets = node.target.elements if isinstance(node.target, cst.Tuple) else ()
        for target in [element.value for element in targets] or [node.target]:
            if isinstance(target, cst.Subscript):
                holder, key = _holder(target.value), subscript_key(target)
                if holder is not None and key is not None:
                    self._mutate(holder, Mutation(self.order, "del", key, node))
        return True

    def _on_with_item(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.WithItem)
        if node.asname is not None:
            self._bind_target(node.asname.name, None, node)
        return True

    def _on_except(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.ExceptHandler | cst.ExceptStarHandler)
        if node.name is not None:
            self._bind_target(node.name.name, None, node)
        return True

    def _on_comparison(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.Comparison)
        for operand in (node.left, *(target.comparator for target in node.comparisons)):
            self._mark_checked(operand, 0)
        return True

    def _mark_checked(self, node: cst.BaseExpression, depth: int) -> None:
        """Note the strings of a compared value as checked: a literal, or one in a
        collection literal compared whole (``url in ("mysql://…", …)``, ``assert
        rows == [("mysql://…",)]``, ``assert config == {"dsn": "mysql://…"}``),
        at most :data:`MAX_CHECKED_DEPTH` collections deep.
        """
        if isinstance(node, cst.BaseString):
            self.checked.add(id(node))
        elif depth < MAX_CHECKED_DEPTH and isinstance(node, cst.Tuple | cst.List | cst.Set):
            for element in node.elements:
                self._mark_checked(element.value, depth + 1)
        elif depth < MAX_CHECKED_DEPTH and isinstance(node, cst.Dict):
            for item in node.elements:
                if isinstance(item, cst.DictElement):
                    self._mark_checked(item.value, depth + 1)

    def _on_call(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.Call)
        self.calls.append(Site(node, self.scope, self.order))
        func = node.func
        checked = func.attr.value if isinstance(func, cst.Attribute) else None
        if checked in CHECK_CALLS or (isinstance(func, cst.Name) and func.value in PARSE_CALLS):
            self.checked.update(id(arg.value) for arg in node.args if isinstance(arg.value, cst.BaseString))
        if isinstance(func, cst.Attribute):
            holder = _holder(func.value)
            if holder is not None:
                self._mutate(
                    holder,
                    Mutation(self.order, "call", func.attr.value, node, call=node),
                )
        return True

    def _on_arg(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.Arg)
        if node.keyword is not None and node.keyword.value in TEXT_KEYWORDS:
            self.prose.add(id(node.value))
        return True

    def _on_expr(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.Expr)
        if isinstance(node.value, cst.BaseString):
            self.prose.add(id(node.value))
        return True

    def _on_simple_string(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.SimpleString)
        if QUICK_URL.search(node.value):
            self.strings.append(Site(node, self.scope, self.order))
        return False

    def _on_concatenated_string(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.ConcatenatedString)
        if QUICK_URL.search(raw_text(node)):
            self.strings.append(Site(node, self.scope, self.order))
        self._mark_parts(node)
        return False

    def _mark_parts(self, node: cst.CSTNode) -> None:
        """Note the statement of each part of a string whose children are not
        walked: a part without one would need positions for the whole module.
        """
        for child in node.children:
            self.top_of[id(child)] = self._top
            self._mark_parts(child)

    def _on_formatted_string(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.FormattedString)
        if QUICK_URL.search(raw_text(node)):
            self.strings.append(Site(node, self.scope, self.order))
        return True  # calls inside {...} still count


HANDLERS: dict[type[cst.CSTNode], Callable[[Collector, cst.CSTNode], bool]] = {
    cst.AnnAssign: Collector._on_ann_assign,
    cst.Arg: Collector._on_arg,
    cst.Assign: Collector._on_assign,
    cst.Call: Collector._on_call,
    cst.ClassDef: Collector._on_class,
    cst.Comparison: Collector._on_comparison,
    cst.CompFor: Collector._on_loop_target,
    cst.Del: Collector._on_del,
    cst.ConcatenatedString: Collector._on_concatenated_string,
    cst.ExceptHandler: Collector._on_except,
    cst.ExceptStarHandler: Collector._on_except,
    cst.Expr: Collector._on_expr,
    cst.For: Collector._on_loop_target,
    cst.FormattedString: Collector._on_formatted_string,
    cst.FunctionDef: Collector._on_function,
    cst.Global: Collector._on_global,
    cst.If: Collector._on_if,
    cst.Import: Collector._on_import,
    cst.ImportFrom: Collector._on_import_from,
    cst.Lambda: Collector._on_lambda,
    cst.NamedExpr: Collector._on_named_expr,
    cst.Return: Collector._on_return,
    cst.SimpleString: Collector._on_simple_string,
    cst.WithItem: Collector._on_with_item,
}


def dotted_name(node: cst.BaseExpression) -> str | None:
    """``a.b.c`` for a name or a chain of attributes; None for anything else."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = dotted_name(node.value)
        return None if head is None else f"{head}.{node.attr.value}"
    return None


def subscript_key(node: cst.Subscript) -> str | None:
    """The key of ``x["key"]`` (a plain string literal), or None."""
    if len(node.slice) != 1:
        return None
    index = node.slice[0].slice
    if isinstance(index, cst.Index) and isinstance(index.value, cst.SimpleString):
        evaluated = index.value.evaluated_value
        return evaluated if isinstance(evaluated, str) else None
    return None


def _holder(node: cst.BaseExpression) -> str | None:
    """The name whose changes are tracked for ``node``: ``x`` or ``self.x``."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name):
        return f"{node.value.value}.{node.attr.value}"
    return None


_EXITS = (cst.Return, cst.Raise, cst.Break, cst.Continue)


def _exits(body: cst.CSTNode) -> bool:
    """True when the block ``body`` (an ``if`` arm) ends by leaving it."""
    if isinstance(body, cst.Else):
        body = body.body
    if not isinstance(body, cst.IndentedBlock | cst.SimpleStatementSuite) or not body.body:
        return False
    last = body.body[-1]
    if isinstance(last, cst.SimpleStatementLine):
        return bool(last.body) and isinstance(last.body[-1], _EXITS)
    return isinstance(last, _EXITS)


def _is_static(decorator: cst.BaseExpression) -> bool:
    return isinstance(decorator, cst.Name) and decorator.value == "staticmethod"
