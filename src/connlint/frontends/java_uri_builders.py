"""JDBC URLs built by a URI builder (issue 16 leftovers, item 3): Apache
HttpComponents' ``URIBuilder`` (HttpClient 4.x ``org.apache.http.client.utils``,
HttpCore 5.x ``org.apache.hc.core5.net``), as maxwell builds its Connector/J URL::

    URIBuilder b = new URIBuilder();
    b.setScheme("jdbc:mysql");
    b.setHost(host);
    b.addParameter("useSSL", "true");
    url = b.build().toString();

``URIBuilder.buildString`` writes ``scheme:`` then, with a host, ``//``, the user
info and ``@``, the host, ``:port`` when the port is not negative, the path
(``/`` put first when it has none), then ``?`` and the parameters joined by
``&`` (each ``name=value``, form-encoded: Connector/J and MariaDB Connector/J
decode the values again, so the value read here is the one the driver gets),
or the custom query.  The builder is followed along one variable (its calls in
source order, as a StringBuilder's) or one chain of calls on a ``new
URIBuilder()``.  A parameter added in a loop or under a branch is a part not
known; any other call, or the builder leaving the method, makes the URL unknown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from typing import TYPE_CHECKING

from tree_sitter import Node

from connlint.frontends.java_literals import JavaText
from connlint.frontends.java_syntax import arguments, call_name
from connlint.lazy import dataclass

if TYPE_CHECKING:
    from connlint.frontends.java_symbols import Var
    from connlint.frontends.java_values import Evaluator

#: The builder classes (simple names).
URI_BUILDERS = frozenset({"URIBuilder"})
#: The calls whose effect is read; another call on the builder makes its URL unknown.
SETTERS = frozenset(
    {
        "setScheme",
        "setUserInfo",
        "setHost",
        "setPort",
        "setPath",
        "addParameter",
        "setParameter",
        "clearParameters",
        "removeQuery",
        "setCustomQuery",
        "setCharset",
    }
)
#: Every call that changes a builder (HttpClient 4.5 and HttpCore 5.x): a variable's
#: calls of these are its events; one not in :data:`SETTERS` makes its URL unknown.
MUTATORS = SETTERS | frozenset(
    {
        "setSchemeSpecificPart",
        "setPathSegments",
        "setPathSegmentsRootless",
        "appendPath",
        "appendPathSegments",
        "setParameters",
        "addParameters",
        "removeParameter",
        "removeParameters",
        "setQuery",
        "setFragment",
        "setAuthority",
        "setHttpHost",
        "optimize",
        "normalizeSyntax",
        "setEncodedPath",
        "setEncodedQuery",
        "setEncodedUserInfo",
        "setEncodedFragment",
        "setEncodedSchemeSpecificPart",
        "setEncodedAuthority",
        "setPlainQuery",
        "setPlainFragment",
    }
)
#: The calls that end a chain with the URL: ``build()`` (a ``java.net.URI``), and
#: ``toString()`` / ``toASCIIString()`` of the builder or of the URI it built.
FINISHERS = frozenset({"build", "toString", "toASCIIString"})

Evaluate = Callable[[Node], JavaText]
#: A builder variable changed more often than this is not followed.
_MAX_CALLS = 32
Point = Callable[[Node], tuple[int, int]]


@dataclass
class UriParts:
    """What the builder holds so far (None: not set)."""

    scheme: JavaText | None = None
    user_info: JavaText | None = None
    host: JavaText | None = None
    port: JavaText | None = None
    path: JavaText | None = None
    params: list[JavaText] = field(default_factory=list)
    query: JavaText | None = None
    #: Where separators the builder writes stand (the builder's creation).
    at: tuple[int, int] = (1, 1)

    def apply(self, call: Node, name: str, evaluate: Evaluate, point: Point) -> bool:
        """Apply one setter call; False when its effect is not known."""
        args = arguments(call)
        if name == "setCharset":
            return True  # how values are encoded, not what they are
        if name in ("clearParameters", "removeQuery") and not args:
            self.params, self.query = [], None
            return True
        if name in ("addParameter", "setParameter") and len(args) == 2:
            key, value = evaluate(args[0]), evaluate(args[1])
            if name == "setParameter":
                self.params = [p for p in self.params if not p.text.startswith(key.text + "=")]
            param = JavaText()
            param.extend(key)
            param.add("=", point(args[1]))
            param.extend(value)
            self.params.append(param)
            return True
        if len(args) != 1:
            return False
        value = evaluate(args[0])
        if name == "setScheme":
            self.scheme = value
        elif name == "setUserInfo":
            self.user_info = value
        elif name == "setHost":
            self.host = value
        elif name == "setPort":
            self.port = value
        elif name == "setPath":
            self.path = value
        elif name == "setCustomQuery":
            self.params, self.query = [], value
        else:
            return False
        return True

    def text(self) -> JavaText:
        """``URIBuilder.buildString`` of these parts (module docstring)."""
        out = JavaText()
        if self.scheme is not None:
            out.extend(self.scheme)
            out.add(":", self.at)
        if self.host is not None:
            out.add_at("//", self.at)
            if self.user_info is not None:
                out.extend(self.user_info)
                out.add("@", self.at)
            out.extend(self.host)
            if self.port is not None and not self.port.text.startswith("-"):
                out.add(":", self.at)
                out.extend(self.port)
        if self.path is not None:
            if self.host is not None and not self.path.text.startswith("/"):
                out.add("/", self.at)
            out.extend(self.path)
        if self.params:
            out.add("?", self.at)
            for index, param in enumerate(self.params):
                if index:
                    out.add("&", self.at)
                out.extend(param)
        elif self.query is not None:
            out.add("?", self.at)
            out.extend(self.query)
        return out


def chain_root(call: Node, source: Callable[[Node], str]) -> tuple[Node, list[Node]] | None:
    """The receiver a chain of builder calls ending in ``call`` starts from (a
    ``new URIBuilder(…)`` or an identifier), and the chain's calls in order;
    None when a call of it is neither a setter nor a finisher.
    """
    calls: list[Node] = []
    current: Node | None = call
    while current is not None and current.type == "method_invocation" and len(calls) < 64:
        name = call_name(current, source)
        if name not in MUTATORS and name not in FINISHERS:
            return None
        calls.append(current)
        current = current.child_by_field_name("object")
    if current is None or current.type not in ("object_creation_expression", "identifier"):
        return None
    calls.reverse()
    return current, calls


def named_in(text: str) -> bool:
    """Whether a file's text names a builder class (a cheap screen: most do not)."""
    return any(name in text for name in URI_BUILDERS)


def built(evaluator: Evaluator, call: Node, depth: int, seen: frozenset[int]) -> JavaText | None:
    """The URL the builder chain ending in ``call`` yields: on a variable
    (``b.build().toString()``) or on a ``new URIBuilder()``; None when the
    chain is not a URI builder's, DYNAMIC where its URL is not known.
    """
    found = chain_root(call, evaluator.source)
    if found is None:
        return None
    root, calls = found
    parts: UriParts | None
    if root.type == "identifier":
        var = evaluator.symbols.resolve(root)
        if var is None or var.type not in URI_BUILDERS:
            return None
        if var.node.id in seen:
            return evaluator.dynamic(call)
        parts = _parts_at(evaluator, var, root, depth, seen | {var.node.id})
    elif creates_builder(root, evaluator.source):
        parts = (
            None if arguments(root) else UriParts(at=evaluator.point(root))
        )  # new URIBuilder(uri): not read
    else:
        return None
    if parts is None or not _apply_all(evaluator, parts, calls, _evaluating(evaluator, depth, seen)):
        return evaluator.dynamic(call)
    return parts.text()


def _evaluating(evaluator: Evaluator, depth: int, seen: frozenset[int]) -> Evaluate:
    def evaluate(node: Node) -> JavaText:
        return evaluator.evaluate(node, depth + 1, seen)

    return evaluate


def _apply_all(evaluator: Evaluator, parts: UriParts, calls: list[Node], evaluate: Evaluate) -> bool:
    """Apply a chain's setters (its finishers aside); False when one is not known."""
    for link in calls:
        name = call_name(link, evaluator.source)
        if name is None or name not in SETTERS | FINISHERS:
            return False
        if name not in FINISHERS and not parts.apply(link, name, evaluate, evaluator.point):
            return False
    return True


def _parts_at(evaluator: Evaluator, var: Var, use: Node, depth: int, seen: frozenset[int]) -> UriParts | None:
    """What the URI builder ``var`` (a local made by ``new URIBuilder()``, maybe
    with setters chained on) holds where ``use`` reads it: its setter calls
    before ``use`` in source order, one in a loop or a branch adding a part not
    known; None when it is not known (a field, reassigned, made otherwise,
    another call, too many calls).
    """
    value = var.value
    if var.is_field or var.reassigned or value is None or len(var.calls) > _MAX_CALLS:
        return None
    evaluate = _evaluating(evaluator, depth, seen)
    if value.type == "method_invocation":
        found = chain_root(value, evaluator.source)
        if found is None or not creates_builder(found[0], evaluator.source) or arguments(found[0]):
            return None
        parts = UriParts(at=evaluator.point(found[0]))
        if not _apply_all(evaluator, parts, found[1], evaluate):
            return None
    elif creates_builder(value, evaluator.source) and not arguments(value):
        parts = UriParts(at=evaluator.point(value))
    else:
        return None
    around = evaluator._ancestors(use)
    for event in sorted(var.calls, key=lambda n: n.start_byte):
        if event.end_byte > use.start_byte:
            continue
        top = evaluator._chain_top(event)
        if top.start_byte <= use.start_byte < top.end_byte:
            continue  # the chain that reads it
        where = evaluator._applies(top, around)
        if where is None:
            continue  # a branch not taken in this outcome
        # Run many times, or maybe: what it sets is a part not known.
        known = evaluate if where == "yes" else evaluator.dynamic
        if not _apply_all(evaluator, parts, evaluator._chain_calls(top), known):
            return None
    return parts


def creates_builder(node: Node, source: Callable[[Node], str]) -> bool:
    """Whether ``node`` is ``new URIBuilder(…)``."""
    if node.type != "object_creation_expression":
        return False
    created = node.child_by_field_name("type")
    return created is not None and source(created).rsplit(".", 1)[-1] in URI_BUILDERS
