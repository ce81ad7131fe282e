"""Helpers that reach the connection through other helpers, and helpers that
take their driver properties as a ``"key=value,key=value"`` list (issue 16,
Java item 4), for :class:`~connlint.frontends.java_project.Resolver`.

The drivers' own test suites open most connections this way: Connector/J's
``BaseTestCase.getConnectionWithProps("useSSL=false,allowPublicKeyRetrieval=true")``
calls ``getConnectionWithProps(dbUrl, propsList)``, which splits the list on
``,`` and ``=`` into a ``Properties`` and calls ``getConnectionWithProps(url,
props)``, which calls ``DriverManager.getConnection(url, props)``
(mysql-connector-j src/test/java/testsuite/BaseTestCase.java).

* A call of a method of the same class (or one it inherits) whose arguments
  use the helper's parameters is followed: the callee's connections, as URL
  templates over its parameters, become the helper's over its own (each
  argument evaluated with the helper's parameters as placeholders), a
  ``Properties`` or list parameter handed on stays one.  Followed at most
  :data:`~connlint.frontends.java_project.MAX_CHAIN` helpers deep, each helper
  once on the way (recursion-safe), inside the Resolver's file budget.
* A ``Properties`` local handed to the driver (or to a helper taking one) is a
  list parameter when the method splits that parameter with a literal separator
  (``list.split(",")``, ``StringUtils.split(list, ",", false)``) and puts into
  the local under keys it does not write literally.  A call site's literal
  list is then read as the settings it holds, each at its characters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from connlint import budget
from connlint.frontends.java_literals import JavaText
from connlint.frontends.java_syntax import arguments, walk
from connlint.model import DYNAMIC, Hop

if TYPE_CHECKING:
    from collections.abc import Iterator

    from connlint import project
    from connlint.frontends.java_declarations import ClassInfo
    from connlint.frontends.java_helper_templates import HelperSink
    from connlint.frontends.java_project import Resolver
    from connlint.frontends.java_symbols import Var

#: Nodes of one helper method read.
_MAX_NODES = 5000
#: Separators a list may be split on (a ``split`` pattern is a regex: ``\\|`` is ``|``).
_SEPARATORS = {",": ",", ";": ";", "&": "&", "=": "=", ":": ":", "\\|": "|", "|": "|"}


def _invocations(method: Node) -> Iterator[Node]:
    """The method calls of ``method``, among its first _MAX_NODES nodes."""
    for count, node in enumerate(walk(method)):
        if count > _MAX_NODES:
            return
        if node.type == "method_invocation":
            yield node


def own_sinks(resolver: Resolver, method: Node, formals: list[Node], info: ClassInfo) -> list[HelperSink]:
    """The connection calls of ``method`` whose URL uses a parameter:
    ``DriverManager.getConnection``, MariaDB's ``Driver.connect(Configuration.parse(url))``
    and a tracked pool's URL setter (:func:`connection_url`).
    """
    from connlint.frontends.java_helper_templates import HelperSink, placeholders

    ids = {formal.id: i for i, formal in enumerate(formals)}
    out: list[HelperSink] = []
    for node in _invocations(method):
        reached = connection_url(resolver, node)
        if reached is None:
            continue
        url_arg, scheme = reached
        args = arguments(node)
        used = [
            ids[var.node.id]
            for inner in walk(url_arg)
            if inner.type == "identifier"
            and (var := resolver.symbols.resolve(inner)) is not None
            and var.node.id in ids
        ]
        properties = None
        lists: tuple[tuple[int, str, str], ...] = ()
        if len(args) == 2 and args[1].type == "identifier":
            handed = resolver.symbols.resolve(args[1])
            if handed is not None and handed.node.id in ids and handed.type == "Properties":
                properties = ids[handed.node.id]  # connect(Properties p): the caller's object
            elif handed is not None and handed.type == "Properties":
                shape = list_shape(resolver, method, handed.node.id, ids)  # filled from a "k=v,…" parameter
                lists = (shape,) if shape is not None else ()
        if not used and properties is None and not lists:
            continue
        saved = resolver.evaluator.bound_values
        resolver.evaluator.bound_values = placeholders([f.id for f in formals])
        try:
            templates = tuple(dict.fromkeys(value.text for value in resolver.evaluator.outcomes(url_arg)))
        finally:
            resolver.evaluator.bound_values = saved
        if scheme is None and any(t.startswith(DYNAMIC) for t in templates):
            scheme = base_scheme(resolver, url_arg)
        class_name = resolver.source(info.node.child_by_field_name("name") or info.node)
        method_name = resolver.source(method.child_by_field_name("name") or method)
        label = f"via helper {class_name}.{method_name}()"
        location = resolver.positions.location(node)
        out.append(HelperSink(templates, location, label, properties, lists, scheme=scheme))
    return out


def chained_sinks(
    resolver: Resolver, p: project.Project, method: Node, formals: list[Node], info: ClassInfo
) -> list[HelperSink]:
    """The connections ``method`` makes by calling another helper of its class."""
    ids = {formal.id: i for i, formal in enumerate(formals)}
    out: list[HelperSink] = []
    for node in _invocations(method):
        obj = node.child_by_field_name("object")
        name = node.child_by_field_name("name")
        args = arguments(node)
        if name is None or not args or (obj is not None and obj.type not in ("this", "super")):
            continue
        called = resolver.source(name)
        if called in resolver.method_names and called not in resolver.reaching:
            continue  # a method of this file that never connects
        if not any(uses(resolver, arg, ids) for arg in args):
            continue
        budget.check()
        for sink in resolver.helper_in(p, info, called, len(args), [0]):
            composed = compose(resolver, method, formals, ids, node, args, sink, info)
            if composed is not None:
                out.append(composed)
    return out


def uses(resolver: Resolver, node: Node, ids: dict[int, int]) -> bool:
    """Whether expression ``node`` names one of the parameters ``ids`` (node ids)."""
    for count, inner in enumerate(walk(node)):
        if count > 200:
            return False
        if inner.type == "identifier":
            var = resolver.symbols.resolve(inner)
            if var is not None and var.node.id in ids:
                return True
    return False


def compose(
    resolver: Resolver,
    method: Node,
    formals: list[Node],
    ids: dict[int, int],
    call: Node,
    args: list[Node],
    sink: HelperSink,
    info: ClassInfo,
) -> HelperSink | None:
    """``sink`` (of the called helper) as a connection of ``method``, or None
    when nothing of ``method``'s parameters reaches it.
    """
    from connlint.frontends.java_helper_templates import PLACEHOLDER, HelperSink, placeholders

    evaluator = resolver.evaluator
    saved = evaluator.bound_values
    evaluator.bound_values = placeholders([f.id for f in formals])
    try:
        texts = [evaluator.evaluate(arg).text for arg in args]
    finally:
        evaluator.bound_values = saved
    templates = tuple(dict.fromkeys(_substitute(t, texts, PLACEHOLDER) for t in sink.templates))
    properties: int | None = None
    lists: list[tuple[int, str, str]] = []
    if sink.properties is not None and sink.properties < len(args):
        var = _variable(resolver, args[sink.properties])
        if var is not None and var.type == "Properties":
            if var.node.id in ids:
                properties = ids[var.node.id]
            else:
                shape = list_shape(resolver, method, var.node.id, ids)
                if shape is not None:
                    lists.append(shape)
    for index, pairs, equals in sink.lists:
        var = _variable(resolver, args[index]) if index < len(args) else None
        if var is not None and var.node.id in ids:
            lists.append((ids[var.node.id], pairs, equals))
    ours = {chr(PLACEHOLDER + i) for i in range(len(formals))}
    if properties is None and not lists and not any(ours & set(t) for t in templates):
        return None
    class_name = resolver.source(info.node.child_by_field_name("name") or info.node)
    method_name = resolver.source(method.child_by_field_name("name") or method)
    return HelperSink(
        templates,
        resolver.positions.location(call),
        f"via helper {class_name}.{method_name}()",
        properties,
        tuple(lists),
        (*sink.inner, Hop(sink.origin, sink.label)),
        sink.scheme,
    )


def _variable(resolver: Resolver, node: Node) -> Var | None:
    return resolver.symbols.resolve(node) if node.type == "identifier" else None


def _substitute(template: str, texts: list[str], placeholder: int) -> str:
    """The callee's template with each of its parameters replaced by the caller's argument."""
    out: list[str] = []
    for char in template:
        index = ord(char) - placeholder
        out.append(texts[index] if 0 <= index < len(texts) else char)
    return "".join(out)


def list_shape(
    resolver: Resolver, method: Node, local: int, ids: dict[int, int]
) -> tuple[int, str, str] | None:
    """(parameter, pair separator, key/value separator) when ``method`` fills the
    ``Properties`` local ``local`` from a parameter it splits (see the module docstring).
    """
    source = resolver.source
    param: int | None = None
    pairs: str | None = None
    equals: str | None = None
    keyed = False
    for count, node in enumerate(walk(method)):
        if count > _MAX_NODES:
            return None
        if node.type != "method_invocation":
            continue
        name = node.child_by_field_name("name")
        obj = node.child_by_field_name("object")
        args = arguments(node)
        called = source(name) if name is not None else ""
        if called == "split":
            # The separator: a literal or a constant (``split(list, SEP)``).
            separator = next(
                (
                    found
                    for a in args
                    if a.type in ("string_literal", "identifier", "field_access")
                    and (found := _SEPARATORS.get(resolver.evaluator.evaluate(a).text)) is not None
                ),
                None,
            )
            if separator is None:
                continue
            subjects = [a for a in args if a.type == "identifier"]
            if obj is not None and obj.type == "identifier":
                subjects.append(obj)
            split_param = next(
                (
                    ids[v.node.id]
                    for s in subjects
                    if (v := resolver.symbols.resolve(s)) is not None and v.node.id in ids
                ),
                None,
            )
            if split_param is not None and pairs is None:
                param, pairs = split_param, separator
            elif equals is None and separator != pairs:
                equals = separator
        elif called in ("setProperty", "put") and len(args) == 2 and args[0].type != "string_literal":
            target = resolver.symbols.resolve(obj) if obj is not None else None
            keyed = keyed or (target is not None and target.node.id == local)
    if param is None or pairs is None or not keyed:
        return None
    return param, pairs, equals or "="


# -- connection calls and the family of a base URL the analysis cannot see --

#: MariaDB Connector/J's own entry point, ``Driver.connect(Configuration)``, and
#: the parser giving that configuration from a URL (org.mariadb.jdbc.Driver and
#: Configuration, mariadb-connector-j src/main/java/org/mariadb/jdbc, 3.x).
_MARIADB_DRIVER = "org.mariadb.jdbc.Driver"
_MARIADB_CONFIGURATION = "org.mariadb.jdbc.Configuration"
_MARIADB_SCHEME = "jdbc:mariadb:"
#: The URL setters of the pools and data sources ``java_apis`` tracks
#: (``cpds.setJdbcUrl(url)``): the object connects to that URL.
URL_SETTERS = ("setJdbcUrl", "setUrl", "setURL")
#: What a method's text must hold to be read as a helper (``Resolver.reaching``).
CONNECT_WORDS = ("getConnection", "Driver.connect(", *(f"{setter}(" for setter in URL_SETTERS))


def _pool(resolver: Resolver, obj: Node) -> bool:
    """Whether ``obj`` is a variable of a pool or data source type ``java_apis`` tracks."""
    from connlint.frontends.java_apis import AWS_TYPES, DATASOURCE_TYPES, HIKARI_TYPES, POOL_TYPES

    if obj.type not in ("identifier", "field_access"):
        return False
    var = resolver.symbols.resolve(obj)
    return var is not None and var.type in (HIKARI_TYPES | DATASOURCE_TYPES | POOL_TYPES | AWS_TYPES)


def connection_url(resolver: Resolver, call: Node) -> tuple[Node, str | None] | None:
    """The URL expression a connection call connects to, and the scheme the call
    itself implies (None: any driver's): ``DriverManager.getConnection(url, …)``,
    or MariaDB's ``Driver.connect(conf)`` whose configuration is
    ``Configuration.parse(url)`` (inline, or a local's only value).
    """
    name = call.child_by_field_name("name")
    obj = call.child_by_field_name("object")
    args = arguments(call)
    if name is None or obj is None or not args:
        return None
    called = resolver.source(name)
    if called == "getConnection" and resolver.source(obj).endswith("DriverManager"):
        return args[0], None
    if called in URL_SETTERS:
        return (args[0], None) if len(args) == 1 and _pool(resolver, obj) else None
    if called != "connect" or len(args) != 1 or not _names(resolver, obj, _MARIADB_DRIVER):
        return None
    parsed = args[0]
    if parsed.type == "identifier":
        var = resolver.symbols.resolve(parsed)
        if var is None or var.is_field or var.reassigned or var.value is None:
            return None
        parsed = var.value
    if parsed.type != "method_invocation":
        return None
    parse = parsed.child_by_field_name("name")
    owner = parsed.child_by_field_name("object")
    parse_args = arguments(parsed)
    if (
        parse is None
        or resolver.source(parse) != "parse"
        or owner is None
        or not _names(resolver, owner, _MARIADB_CONFIGURATION)
        or not parse_args
    ):
        return None
    return parse_args[0], _MARIADB_SCHEME


def _names(resolver: Resolver, node: Node, qualified: str) -> bool:
    """Whether ``node`` names class ``qualified`` (written so, or imported)."""
    written = resolver.source(node)
    if written == qualified:
        return True
    simple = qualified.rpartition(".")[2]
    imports = resolver.imports
    return written == simple and (
        imports.single.get(simple) == qualified or qualified.rpartition(".")[0] in imports.wild
    )


def base_scheme(resolver: Resolver, url: Node) -> str | None:
    """The scheme of the base a URL expression starts from when its value is not
    known there (``mDefUrl + "&" + option``, mariadb-connector-j
    src/test/java/org/mariadb/jdbc/integration/Common.java): a field of the file
    every value of which (its initializer, each ``=``) is a URL of one scheme.
    ``+=`` keeps the scheme; a value not known, or of another scheme, gives None.
    """
    from connlint.frontends.java_syntax import plus_operands, unparenthesize

    first = unparenthesize(url)
    if first.type == "binary_expression":
        first = plus_operands(first, resolver.source)[0]
    while first.type == "method_invocation":  # mDefUrl.substring(0, mDefUrl.indexOf("?"))
        inner = first.child_by_field_name("object")
        if inner is None:
            return None
        first = inner
    var = resolver.symbols.resolve(first) if first.type in ("identifier", "field_access") else None
    if var is None or not var.is_field or var.type != "String":
        return None
    values = [var.value] if var.value is not None else []
    for assignment in var.assignments:
        operator = assignment.child_by_field_name("operator")
        right = assignment.child_by_field_name("right")
        if operator is None or right is None:
            return None
        if resolver.source(operator) == "=":
            values.append(right)
    schemes: set[str] = set()
    for value in values[:_MAX_BASE_VALUES]:
        budget.check()
        for outcome in resolver.evaluator.outcomes(value):
            schemes.add(scheme_of(outcome.text) or "")
    if len(values) > _MAX_BASE_VALUES or len(schemes) != 1:
        return None
    return next(iter(schemes)) or None


#: Values of a base field read at most (more: a field used as a scratch pad).
_MAX_BASE_VALUES = 8


def scheme_of(text: str) -> str | None:
    """The MySQL-family scheme a URL text starts with (``jdbc:mariadb:``), if one."""
    from connlint.clients.jdbc_url import looks_like_jdbc_url

    if not looks_like_jdbc_url(text):
        return None
    stripped = text.lstrip()
    cut = stripped.find("//")
    dynamic = stripped.find(DYNAMIC)
    ends = [i for i in (cut, dynamic) if i > 0]
    return stripped[: min(ends)] if ends else None


def over_unknown_base(url: JavaText, scheme: str, point: tuple[int, int]) -> JavaText | None:
    """A helper's URL whose base is not known (it starts with DYNAMIC) as a URL
    of ``scheme`` whose hosts (and, when the known part adds options with
    ``&``, options) are not known: ``￼&sslMode=trust`` -> ``jdbc:mariadb://￼?￼&sslMode=trust``.
    Options the base may hold stay unknown: a connection they would decide
    alone is UNKNOWN (``JdbcUrl.open_query``), while an option added after
    them decides, as the driver keeps a repeated key's last value
    (``Configuration.parse``).  None when the known part is no URL's tail.
    """
    text = url.text
    rest = text.lstrip(DYNAMIC)
    skipped = len(text) - len(rest)
    if not skipped or not rest:
        return None
    if rest[0] == "&":
        prefix = f"{scheme}//{DYNAMIC}?{DYNAMIC}"
    elif rest[0] in "?/":
        prefix = f"{scheme}//{DYNAMIC}"
    else:
        return None
    out = JavaText()
    out.add_at(prefix, point)
    out.extend(url.slice(skipped, len(url)))
    out.literals |= url.literals
    out.add_hops(url.hops)
    return out
