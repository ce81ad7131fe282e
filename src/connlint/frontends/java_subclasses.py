"""Project classes that extend a connection object (issue 16, Java): a
``class RdsPool extends HikariDataSource`` whose constructor calls its inherited
setters (``setJdbcUrl(…)``, ``addDataSourceProperty("sslMode", "VERIFY_CA")``).
A variable of such a class is the tracked object it extends, and starts with
what the constructor set.

Demand-driven: a variable's type is looked up only when a connection setter
(:data:`~connlint.frontends.java_apis.SUBCLASS_HINTS`) is called on it or it
is created with ``new`` of a type whose name says it is a pool or data source
(:data:`_NAME_HINTS`).  The class is found in the file itself or, in a run
over a project, by the package structure (``java_project``), its super types
followed at most :data:`_MAX_LEVELS` classes up, its constructor read once
per process (:meth:`connlint.project.Project.memo`).

The constructor's settings of a class of another file stand, in the linted
file, where the object is created (all their characters there), with the
setter call in the constructor as a :class:`~connlint.model.Hop`
(``via constructor RdsPool()``), as constants of other files do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from connlint import budget, project
from connlint.frontends.java_apis import (
    AWS_TYPES,
    DATASOURCE_TYPES,
    HIKARI_TYPES,
    POOL_TYPES,
    Apis,
)
from connlint.frontends.java_literals import JavaText
from connlint.frontends.java_symbols import Var
from connlint.frontends.java_syntax import arguments, type_name
from connlint.lazy import dataclass
from connlint.model import Hop, Secret, Setting, Span

if TYPE_CHECKING:
    from connlint.frontends.java_declarations import ClassInfo
    from connlint.frontends.java_project import Resolver

#: A created type whose name holds one of these is looked up even when no
#: setter is called on it (``DataSource ds = new RdsPool();``).
_NAME_HINTS = ("DataSource", "Pool", "Hikari")
#: Super classes followed from the created one to the tracked type.
_MAX_LEVELS = 3
#: ``this(…)`` / ``super(…)`` constructor calls followed.
_MAX_DELEGATIONS = 4
#: Statements of one constructor read.
_MAX_STATEMENTS = 200
#: The kind of configuration each tracked base type collects (``java_apis.Config.kind``).
_KIND_OF = {
    **dict.fromkeys(HIKARI_TYPES, "hikari"),
    **dict.fromkeys(DATASOURCE_TYPES, "datasource"),
    **dict.fromkeys(POOL_TYPES, "pool"),
    **dict.fromkeys(AWS_TYPES, "aws"),
}


@dataclass(frozen=True)
class Constructed:
    """What creating a project class sets on the tracked object it extends."""

    base: str
    name: str
    settings: tuple[Setting, ...]
    url: Span | None
    #: The settings and URL are located in another file (to be placed at the creation).
    elsewhere: bool


def retype(apis: Apis, resolver: Resolver | None) -> None:
    """Give the variables whose class extends a tracked type that type and
    the constructor's settings, then record the setter calls made on them.
    """
    symbols = apis.symbols
    asked: dict[int, Var] = {var.node.id: var for var, _ in apis.untracked.values()}
    for var in symbols.vars.values():
        created = _creation(var)
        if created is not None and var.node.id not in asked:
            name = type_name(created.child_by_field_name("type"), apis.source)
            if name is not None and name not in _KIND_OF and any(h in name for h in _NAME_HINTS):
                asked[var.node.id] = var
    for var in asked.values():
        budget.check()
        creation = _creation(var)
        written = (
            type_name(creation.child_by_field_name("type"), apis.source) if creation is not None else var.type
        )
        if written is None or written in _KIND_OF:
            continue
        arity = len(arguments(creation)) if creation is not None else 0
        found = _constructed(apis, resolver, written, arity)
        if found is None:
            continue
        var.type = found.base
        config = apis.config(var, _KIND_OF[found.base])
        site = creation if creation is not None else var.node
        settings = found.settings
        url = found.url
        if found.elsewhere:
            settings = tuple(_placed(s, apis, site, found.name) for s in settings)
            url = _placed_span(url, apis, site) if url is not None else None
        config.settings[:0] = settings
        if url is not None and config.url is None:
            config.url = url  # a setJdbcUrl on the object replaces it
        for call in apis.untracked.get(var.node.id, (var, []))[1]:
            name_node = call.child_by_field_name("name")
            if name_node is not None:
                apis.apply_call(var, apis.source(name_node), call)


def _creation(var: Var) -> Node | None:
    """The ``new X(…)`` a variable is initialised or assigned with (the last one)."""
    for node in reversed(var.assignments):
        right = node.child_by_field_name("right")
        if right is not None and right.type == "object_creation_expression":
            return right
    if var.value is not None and var.value.type == "object_creation_expression":
        return var.value
    return None


def _constructed(
    apis: Apis, resolver: Resolver | None, written: str, arity: int, levels: int = _MAX_LEVELS
) -> Constructed | None:
    """What ``new written(…)`` with ``arity`` arguments sets, when ``written`` is
    a class of this file or of the project extending a tracked type.
    """
    from connlint.frontends.java_declarations import index_classes

    classes = resolver.classes if resolver is not None else index_classes(apis.symbols.root, apis.source)
    local = next((info for path, info in classes.items() if path[-1] == written), None)
    if local is not None:
        return _from_class(apis, resolver, local, written, arity, levels)
    p = project.current()
    if resolver is None or p is None:
        return None
    source = resolver.class_source(p, resolver.class_names((written,)))
    if source is None:
        return None
    key = ("java-subclass", source.display, source.member, arity)
    return p.memo(key, lambda: _in_other_file(p, resolver, source, written, arity))


def _in_other_file(
    p: project.Project, resolver: Resolver, source: project.Source, written: str, arity: int
) -> Constructed | None:
    from connlint.frontends.java_units import load_unit

    unit = load_unit(p, source)
    if unit is None:
        return None
    info = unit.resolver.classes.get((source.path.stem, *source.member))
    if info is None:
        return None
    found = _from_class(
        Apis(unit.positions, unit.symbols, unit.evaluator), unit.resolver, info, written, arity, _MAX_LEVELS
    )
    if found is None:
        return None
    return Constructed(found.base, found.name, found.settings, found.url, elsewhere=True)


def _from_class(
    apis: Apis, resolver: Resolver | None, info: ClassInfo, written: str, arity: int, levels: int
) -> Constructed | None:
    """The tracked type class ``info`` extends and what its constructor sets (its file's own locations)."""
    if levels <= 0 or not info.supers:
        return None
    parent = info.supers[0].rsplit(".", 1)[-1]
    base = parent if parent in _KIND_OF else None
    inherited: Constructed | None = None
    if base is None:
        # A class extending another class of the project: that one's constructor runs first.
        inherited = _constructed(apis, resolver, parent, _super_arity(info, arity), levels - 1)
        if inherited is None or inherited.elsewhere:
            return None  # further up, in another file: not followed from here
        base = inherited.base
    var = Var(written, base, None, info.node, False, False)
    for call in _constructor_calls(apis, info, arity):
        name = call.child_by_field_name("name")
        if name is not None:
            apis.apply_call(var, apis.source(name), call)
    config = apis.configs.pop(info.node.id, None)
    if config is not None:
        apis.consumed_literals |= config.url_literals  # the URL is the object's, not a connection of its own
    settings = tuple(config.settings) if config is not None else ()
    url = config.url if config is not None else None
    if inherited is not None:
        settings = inherited.settings + settings
        url = url if url is not None else inherited.url
    return Constructed(base, written, settings, url, elsewhere=False)


def _constructors(info: ClassInfo) -> list[Node]:
    body = info.body
    return [m for m in body.named_children if m.type == "constructor_declaration"] if body is not None else []


def _arity(constructor: Node) -> int:
    params = constructor.child_by_field_name("parameters")
    return len(params.named_children) if params is not None else 0


def _constructor_calls(apis: Apis, info: ClassInfo, arity: int) -> list[Node]:
    """The unqualified (or ``this.`` / ``super.``) calls of the constructor taking
    ``arity`` arguments, in the order they run: a ``this(…)`` it starts with first.
    """
    constructors = _constructors(info)
    out: list[Node] = []
    seen: set[int] = set()
    current = next((c for c in constructors if _arity(c) == arity), None)
    for _ in range(_MAX_DELEGATIONS):
        if current is None or current.id in seen:
            break
        seen.add(current.id)
        body = current.child_by_field_name("body")
        statements = list(body.named_children)[:_MAX_STATEMENTS] if body is not None else []
        own: list[Node] = []
        delegate: Node | None = None
        for statement in statements:
            if statement.type == "explicit_constructor_invocation":
                head = statement.child_by_field_name("constructor")
                if head is not None and head.type == "this":
                    n = len(arguments(statement))
                    delegate = next((c for c in constructors if _arity(c) == n and c.id != current.id), None)
                continue
            if statement.type != "expression_statement" or not statement.named_children:
                continue
            call = statement.named_children[0]
            obj = call.child_by_field_name("object") if call.type == "method_invocation" else None
            if call.type == "method_invocation" and (obj is None or obj.type in ("this", "super")):
                own.append(call)
        out[:0] = own  # a delegated constructor runs before the rest of this one
        current = delegate
    return out


def _super_arity(info: ClassInfo, arity: int) -> int:
    """The arguments the matched constructor hands ``super(…)`` (none when implicit)."""
    for constructor in _constructors(info):
        if _arity(constructor) != arity:
            continue
        body = constructor.child_by_field_name("body")
        for statement in body.named_children if body is not None else ():
            if statement.type == "explicit_constructor_invocation":
                head = statement.child_by_field_name("constructor")
                if head is not None and head.type == "super":
                    return len(arguments(statement))
    return 0


def _placed_span(span: Span, apis: Apis, site: Node) -> Span:
    """``span``'s text standing at ``site`` of the linted file."""
    out = JavaText()
    out.add_at(span.text, apis.positions.point_at(site.start_byte))
    return out.span(apis.path)


def _placed(setting: Setting, apis: Apis, site: Node, name: str) -> Setting:
    """A constructor's setting of another file, standing at the creation ``site``."""
    hop = Hop(setting.location, f"via constructor {name}()")
    location = apis.location(site)
    value = setting.value
    span = None
    if value is not None and setting.value_span is not None:
        text = value.reveal() if isinstance(value, Secret) else value
        placed = JavaText()
        placed.add_at(text, apis.positions.point_at(site.start_byte))
        span = placed.span(apis.path)
        value = Secret(text, span) if isinstance(value, Secret) else text
    return Setting(
        setting.key,
        value,
        location,
        f"{name}() {setting.source}",
        span,
        setting.unknown,
        (*setting.trail, hop),
    )
