"""What a parsed Java file declares for other files' names to resolve
against: its package and imports, and its classes with their super types.
Read by :mod:`.java_project` for the linted file and for each other file it
looks a constant or a helper up in, and by :mod:`.java_subclasses`.
"""

from __future__ import annotations

from tree_sitter import Node

from connlint.frontends.java_syntax import SourceFn
from connlint.lazy import dataclass

_CLASS_DECLARATIONS = frozenset(
    {"class_declaration", "interface_declaration", "enum_declaration", "record_declaration"}
)


@dataclass(frozen=True)
class Imports:
    """What a file's names can refer to outside it."""

    package: str
    #: ``import com.x.Config;``: simple name -> qualified name.
    single: dict[str, str]
    #: ``import static com.x.Config.URL;``: member name -> qualified class.
    static_single: dict[str, str]
    #: ``import static com.x.Config.*;``: qualified classes.
    static_wild: tuple[str, ...]
    #: ``import com.x.*;``: packages (or classes, for their nested classes).
    wild: tuple[str, ...]


@dataclass(frozen=True)
class ClassInfo:
    """A class, interface, enum or record declared in a file."""

    node: Node
    body: Node | None
    #: The types it extends or implements, as written (``Base``, ``Outer.Consts``).
    supers: tuple[str, ...]
    is_enum: bool
    #: It declares ``toString()``: an enum constant's string is then not its name.
    custom_to_string: bool


def read_imports(root: Node, source: SourceFn) -> Imports:
    """The package and imports of a parsed file."""
    package = ""
    single: dict[str, str] = {}
    static_single: dict[str, str] = {}
    static_wild: list[str] = []
    wild: list[str] = []
    for child in root.named_children:
        if child.type == "package_declaration":
            name = next((c for c in child.named_children if "identifier" in c.type), None)
            package = source(name) if name is not None else ""
        elif child.type == "import_declaration":
            words = [c.type for c in child.children]
            name = next((c for c in child.named_children if "identifier" in c.type), None)
            if name is None:
                continue
            qualified = "".join(source(name).split())
            is_static, is_wild = "static" in words, "asterisk" in words
            if is_static and is_wild:
                static_wild.append(qualified)
            elif is_static and "." in qualified:
                owner, member = qualified.rsplit(".", 1)
                static_single[member] = owner
            elif is_wild:
                wild.append(qualified)
            else:
                single[qualified.rsplit(".", 1)[-1]] = qualified
    return Imports(package, single, static_single, tuple(static_wild), tuple(wild))


def index_classes(root: Node, source: SourceFn) -> dict[tuple[str, ...], ClassInfo]:
    """Every class of a file by its path of names (``("Outer", "Inner")``), without recursion."""
    out: dict[tuple[str, ...], ClassInfo] = {}
    stack: list[tuple[Node, tuple[str, ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        for child in node.named_children:
            if child.type in _CLASS_DECLARATIONS:
                name = child.child_by_field_name("name")
                if name is None:
                    continue
                inner = (*path, source(name))
                body = child.child_by_field_name("body")
                out[inner] = ClassInfo(
                    child,
                    body,
                    _supers(child, source),
                    child.type == "enum_declaration",
                    body is not None and _declares_to_string(body, source),
                )
                if body is not None:
                    stack.append((body, inner))
            elif child.type == "enum_body_declarations":
                stack.append((child, path))
    return out


def _supers(declaration: Node, source: SourceFn) -> tuple[str, ...]:
    out: list[str] = []
    for child in declaration.named_children:
        if child.type in ("superclass", "super_interfaces", "extends_interfaces"):
            for inner in child.named_children:
                types = inner.named_children if inner.type == "type_list" else [inner]
                for t in types:
                    if t.type == "generic_type" and t.named_child_count:
                        t = t.named_children[0]
                    if t.type in ("type_identifier", "scoped_type_identifier"):
                        out.append("".join(source(t).split()))
    return tuple(out)


def _declares_to_string(body: Node, source: SourceFn) -> bool:
    members = list(body.named_children)
    for child in body.named_children:
        if child.type == "enum_body_declarations":
            members.extend(child.named_children)
    for member in members:
        if member.type == "method_declaration":
            name = member.child_by_field_name("name")
            params = member.child_by_field_name("parameters")
            if (
                name is not None
                and source(name) == "toString"
                and params is not None
                and not params.named_children
            ):
                return True
    return False
