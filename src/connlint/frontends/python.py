"""Python front-end: MySQL driver calls, SQLAlchemy engines and URLs, Django
``DATABASES``, ``ssl`` contexts and mysql command lines in ``subprocess``
calls, read with libcst.

Syntax only.  The front-end resolves names through imports and assignments
(one pass collecting the bindings of each scope, no qualified-name metadata)
and hands over keyword arguments as flat, located settings; what they mean is
decided in :mod:`connlint.clients.python_drivers` and
:mod:`connlint.clients.mysql_cli`.

Conventions of the settings it emits (``Candidate.settings``):

* keyword arguments by name (``ssl_ca``), nested dicts flattened with dots
  (``ssl.ca``), ``ssl.SSLContext`` values as ``<key>.context.<what>`` settings
  (``created_by``, ``protocol``, ``cafile``, ``capath``, ``cadata``,
  ``check_hostname``, ``verify_mode``, ``minimum_version``,
  ``maximum_version``, ``load_default_certs``), in the order they happen;
* ``value_span`` is set exactly for string literals, so a client can tell the
  string ``"False"`` (truthy) from the constant ``False``;
* a ``**kwargs`` that cannot be followed is a setting with key ``**`` and value
  None;
* SQLAlchemy: ``url`` (the URL literal, ``value_span`` located),
  ``url.query.<key>``, ``url.password``, ``url.host`` (``URL.create``); every
  other key is from ``connect_args``.

libcst is imported at module level: the registry imports this module only
when a Python file passes the prefilter.  Positions (the costly metadata) are
computed only for files that hold something to report.
"""

from __future__ import annotations

import ast
import bisect
import codecs
import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

import libcst as cst

if TYPE_CHECKING:
    from libcst.metadata import CodeRange

from connlint.frontends import python_shape
from connlint.model import (
    DYNAMIC,
    Candidate,
    Client,
    Extraction,
    Location,
    Notification,
    Piece,
    Secret,
    Setting,
    Span,
)

# --------------------------------------------------------------------------
# What the front-end looks for (knowledge file: ../shared/knowledge/python-drivers.md)
# --------------------------------------------------------------------------

#: Fully qualified call -> driver id (``Candidate.driver``).
DRIVER_BY_CALL: dict[str, str] = {
    # aiomysql: connect / create_pool take the same keywords (python-drivers.md §4).
    "aiomysql.connect": "aiomysql",
    "aiomysql.create_pool": "aiomysql",
    "aiomysql.connection.connect": "aiomysql",
    "aiomysql.pool.create_pool": "aiomysql",
    # asyncmy (python-drivers.md §4).
    "asyncmy.connect": "asyncmy",
    "asyncmy.create_pool": "asyncmy",
    # MariaDB Connector/Python (not analysed in python-drivers.md; settings only).
    "mariadb.connect": "mariadb",
    "mariadb.ConnectionPool": "mariadb",
    # mysqlclient: MySQLdb.connect = Connect = Connection (python-drivers.md §2).
    "MySQLdb.connect": "MySQLdb",
    "MySQLdb.Connect": "MySQLdb",
    "MySQLdb.Connection": "MySQLdb",
    "MySQLdb.connections.Connection": "MySQLdb",
    # mysql-connector-python, incl. pooling and the asyncio API (python-drivers.md §3).
    "mysql.connector.connect": "mysql.connector",
    "mysql.connector.Connect": "mysql.connector",
    "mysql.connector.MySQLConnection": "mysql.connector",
    "mysql.connector.connection.MySQLConnection": "mysql.connector",
    "mysql.connector.connection_cext.CMySQLConnection": "mysql.connector",
    "mysql.connector.pooling.MySQLConnectionPool": "mysql.connector",
    "mysql.connector.pooling.connect": "mysql.connector",
    "mysql.connector.aio.connect": "mysql.connector",
    # PyMySQL: connect = Connect = Connection (python-drivers.md §1).
    "pymysql.connect": "pymysql",
    "pymysql.Connect": "pymysql",
    "pymysql.Connection": "pymysql",
    "pymysql.connections.Connection": "pymysql",
}

#: Positional parameters of each driver's connect(), in order.  PyMySQL 1.0
#: made them keyword-only, but older code still passes them positionally;
#: mysqlclient's ``_mysql.connect`` kwlist starts host, user, passwd, db, port.
POSITIONAL_BY_DRIVER: dict[str, tuple[str, ...]] = {
    "MySQLdb": ("host", "user", "passwd", "db", "port"),
    "aiomysql": ("host", "user", "password", "db", "port"),
    "asyncmy": ("host", "user", "password", "database", "port"),
    "pymysql": ("host", "user", "password", "database", "port"),
}

#: SQLAlchemy engine factories: URL first, ``connect_args=`` passed verbatim
#: to the DBAPI connect() (python-drivers.md §5).
ENGINE_CALLS: frozenset[str] = frozenset(
    {
        "sqlalchemy.create_engine",
        "sqlalchemy.engine.create_engine",
        "sqlalchemy.engine.create.create_engine",
        "sqlalchemy.ext.asyncio.create_async_engine",
        "sqlalchemy.ext.asyncio.engine.create_async_engine",
    }
)

#: SQLAlchemy URL builders: ``URL.create(drivername=..., query={...})`` and ``make_url(str)``.
URL_CREATE_CALLS: frozenset[str] = frozenset(
    {"sqlalchemy.URL.create", "sqlalchemy.engine.URL.create", "sqlalchemy.engine.url.URL.create"}
)
MAKE_URL_CALLS: frozenset[str] = frozenset(
    {"sqlalchemy.make_url", "sqlalchemy.engine.make_url", "sqlalchemy.engine.url.make_url"}
)

#: Process launchers: argv as a list (or ``shell=True`` string), or a shell string.
ARGV_CALLS: frozenset[str] = frozenset(
    {
        "subprocess.run",
        "subprocess.call",
        "subprocess.check_call",
        "subprocess.check_output",
        "subprocess.Popen",
    }
)
SHELL_CALLS: frozenset[str] = frozenset(
    {
        "os.system",
        "os.popen",
        "subprocess.getoutput",
        "subprocess.getstatusoutput",
        "asyncio.create_subprocess_shell",
    }
)
#: argv passed as separate positional arguments.
EXEC_CALLS: frozenset[str] = frozenset({"asyncio.create_subprocess_exec"})

#: Environment reads: value unknown, ``unknown`` names the variable.
ENV_GET_CALLS: frozenset[str] = frozenset({"os.getenv", "os.environ.get"})

#: ssl context factories -> the ``created_by`` value (Python ``ssl`` docs; python-drivers.md §0).
SSL_CONTEXT_FACTORIES: dict[str, str] = {
    "ssl.create_default_context": "create_default_context",
    "ssl.SSLContext": "SSLContext",
    "ssl._create_unverified_context": "_create_unverified_context",
    "ssl._create_default_https_context": "create_default_context",
}

#: Attributes of an SSLContext whose assignment matters, and the setting they become.
SSL_CONTEXT_ATTRIBUTES: frozenset[str] = frozenset(
    {"check_hostname", "verify_mode", "minimum_version", "maximum_version"}
)

#: Keyword names whose literal value is a password (wrapped in Secret at once).
PASSWORD_KEYS: frozenset[str] = frozenset({"password", "passwd", "PASSWORD"})

#: Keyword arguments that carry prose, not configuration (``help="... --ssl-mode ..."``).
TEXT_KEYWORDS: frozenset[str] = frozenset({"help", "description", "doc", "epilog", "usage", "msg", "message"})

#: Wrappers that run the next word as the program (``sudo mysql ...``).
_COMMAND_WRAPPERS: frozenset[str] = frozenset({"sudo", "exec", "time", "nice", "nohup", "env", "command"})

#: Shells whose ``-c`` argument is a command line (``["sh", "-c", "mysql ..."]``).
_SHELLS: frozenset[str] = frozenset({"sh", "bash", "dash", "zsh", "ksh", "ash"})

_SQLALCHEMY_URL = re.compile(r"^(?:mysql|mariadb)(?:\+\w+)?://", re.IGNORECASE)
_QUICK_URL = re.compile(r"mysql|mariadb", re.IGNORECASE)
_ESCAPE = re.compile(
    r"\\(?:\r\n|\n|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}\\]*\}|[0-7]{1,3}|.)", re.S
)
_FORMAT_FIELD = re.compile(r"\{[^{}]*\}")
#: What follows ``%`` or ``%(key)`` in a %-format field (see :func:`_percent_fields`).
_PERCENT_CONVERSION = re.compile(r"[-#0 +]*+\d*+(?:\.\d+)?[sdrif]")
_MAX_DEPTH = 12


# --------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------


# libcst needs ~270 bytes of memory and ~2-4 s per MB of source (a generated
# 1 MB module: 275 MB, most of a run's peak).  Above this size, top-level
# statements and methods that cannot matter are blanked out first (see
# below); CPython's parser, which finds them, is ~10x faster than libcst's.
_REDUCE_ABOVE = 32_000
# What a top-level statement must mention to be kept (or be an import).
_RELEVANT = re.compile(
    r"mysql|mariadb|asyncmy|sqlalchemy|create_engine|make_url|DATABASES|subprocess|"
    r"os\.system|popen|\bssl\b|connect|jdbc:",
    re.IGNORECASE,
)
_NAME = re.compile(r"[A-Za-z_]\w*")
# Where a top-level statement may start: a line beginning in column 0 with a
# name or a decorator, but not with a clause that continues the statement above.
_STATEMENT_START = re.compile(r"^(?!(?:else|elif|except|finally)\b)[A-Za-z_@]", re.MULTILINE)
# Pieces of at least this size are parsed one at a time (an AST for a whole
# 1 MB module takes ~60 MB); a piece that does not parse alone (it stops inside
# a string or a bracket) is doubled until it does, or the rest is parsed at once.
_MIN_PIECE = 16 * 1024
_MAX_PIECE = 256 * 1024


class _TopStatement(NamedTuple):
    """What :func:`_relevant_statements` needs of a top-level statement (the rest
    of its piece's tree is freed).
    """

    first: int  # its first line (a decorator's, if any)
    last: int
    is_import: bool
    assigns: frozenset[str] | None  # the names an assignment binds; None: not one
    methods: tuple[tuple[int, int, int], ...] = ()  # a class's (first, last, column) of each def


def _top_statement(stmt: ast.stmt, line_offset: int) -> _TopStatement:
    first = _start_line(stmt)
    last = stmt.end_lineno or stmt.lineno
    assigns = None
    if isinstance(stmt, ast.Assign | ast.AnnAssign | ast.AugAssign):
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        assigns = frozenset(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
    is_import = isinstance(stmt, ast.Import | ast.ImportFrom)
    methods: tuple[tuple[int, int, int], ...] = ()
    if isinstance(stmt, ast.ClassDef):
        methods = tuple(
            (_start_line(m) + line_offset, (m.end_lineno or m.lineno) + line_offset, m.col_offset)
            for m in stmt.body
            if isinstance(m, ast.FunctionDef | ast.AsyncFunctionDef) and _start_line(m) > first
        )
    return _TopStatement(first + line_offset, last + line_offset, is_import, assigns, methods)


def _start_line(stmt: ast.stmt) -> int:
    """A statement's first line: its first decorator's, if any."""
    decorators: list[ast.expr] = getattr(stmt, "decorator_list", [])
    return min([stmt.lineno, *(d.lineno for d in decorators)])


def _top_level_statements(text: str) -> list[_TopStatement] | None:
    """Each top-level statement of ``text``, in order, or None when CPython
    cannot parse the text (newer syntax, errors, too deep).

    A piece that parses starts and ends at statement boundaries: it begins where
    the previous one ended and ends before a line that may start a statement, and
    one that ends inside a string, a bracket or a compound statement does not
    parse.  Only one piece's tree is alive at a time.
    """
    if "\r" in text.replace("\r\n", ""):
        return None  # lone CRs: CPython counts lines differently from str.split
    cuts = [m.start() for m in _STATEMENT_START.finditer(text)]
    statements: list[_TopStatement] = []
    line = 1  # the first line of the current piece
    begin, size, n = 0, _MIN_PIECE, len(text)
    while begin < n:
        i = bisect.bisect_left(cuts, begin + size)
        end = cuts[i] if i < len(cuts) else n
        piece = text[begin:end]
        try:
            tree = ast.parse(piece)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            if end == n:
                return None
            size = size * 2 if size * 2 <= _MAX_PIECE else n
            continue
        statements.extend(_top_statement(stmt, line - 1) for stmt in tree.body)
        del tree
        line += piece.count("\n")
        begin, size = end, _MIN_PIECE
    return statements


def _relevant_statements(text: str) -> str:
    """``text`` with the lines of irrelevant top-level statements and methods blanked.

    Kept: imports, statements that mention a driver, an engine, a subprocess or
    ssl, and module-level assignments to names those statements use (until
    nothing new is reached).  In a kept class, a method that mentions none of
    them becomes ``pass``: values are followed within a function and through
    module-level names, never from one method to another, so it cannot matter.
    Blank lines keep every line and column where it was, so locations are
    unchanged.  CPython's own parser finds the statement boundaries (fast and
    lean); where it cannot parse the file (newer syntax), the text is returned
    whole.
    """
    spans = _top_level_statements(text)
    if spans is None:
        return text
    lines = text.split("\n")
    out = [""] * len(lines)
    keep = [False] * len(spans)
    used: set[str] = set()
    for i, span in enumerate(spans):
        if span.is_import or _RELEVANT.search("\n".join(lines[span.first - 1 : span.last])):
            keep[i] = True
            kept = _without_idle_methods(lines, span)
            out[span.first - 1 : span.last] = kept
            used.update(_NAME.findall("\n".join(kept)))
    changed = True
    while changed:  # module-level values that kept statements refer to
        changed = False
        for i, span in enumerate(spans):
            if keep[i] or not span.assigns or span.assigns.isdisjoint(used):
                continue
            keep[i] = changed = True
            out[span.first - 1 : span.last] = lines[span.first - 1 : span.last]
            used.update(_NAME.findall("\n".join(lines[span.first - 1 : span.last])))
    return "\n".join(out)


def _without_idle_methods(lines: list[str], span: _TopStatement) -> list[str]:
    """The lines of a kept top-level statement, each method of a class that
    mentions nothing :data:`_RELEVANT` reduced to ``pass`` on its first line.
    """
    block = lines[span.first - 1 : span.last]
    for first, last, column in span.methods:
        if _RELEVANT.search("\n".join(lines[first - 1 : last])):
            continue
        block[first - span.first] = lines[first - 1][:column] + "pass"
        for number in range(first + 1, last + 1):
            block[number - span.first] = ""
    return block


def extract(path: str, text: str) -> Extraction:
    """Candidates and notifications of one Python file; never raises."""
    try:
        return _extract(path, python_shape.bound(text))
    except RecursionError:
        pass
    # libcst's tree walks take up to 3 frames a level: a caller already deep in
    # its stack can run out at a depth the first bound let through.
    shaped = python_shape.bound(text, python_shape.RETRY_DEPTH)
    try:
        return _extract(path, shaped)
    except RecursionError:
        return Extraction(notifications=[Notification(path, "not analysed: nesting too deep")])


def _extract(path: str, shaped: python_shape.Shaped) -> Extraction:
    """:func:`extract` of the text with its statements too deep for libcst blanked."""
    result = Extraction()
    for skipped in shaped.skipped:
        first, last = skipped.first_line, skipped.last_line
        lines = f"line {first}" if first == last else f"lines {first}-{last}"
        result.notifications.append(Notification(path, f"{lines} not analysed: {skipped.reason}", line=first))
    text = shaped.text
    try:
        module = cst.parse_module(_relevant_statements(text) if len(text) > _REDUCE_ABOVE else text)
    except cst.ParserSyntaxError as err:
        result.notifications.append(
            Notification(
                path, f"not analysed: Python syntax error: {_first_line(err.message)}", line=err.raw_line
            )
        )
        return result
    except UnicodeError as err:  # a lone surrogate (undecodable bytes) cannot go to libcst's parser
        result.notifications.append(
            Notification(path, f"not analysed: {type(err).__name__}: {_first_line(str(err))}")
        )
        return result
    collector = _Collector()
    collector.walk_module(module)
    builder = _Builder(path, module, collector)
    if builder.interesting():
        result.candidates.extend(builder.build())
    return result


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else "unknown error"


# --------------------------------------------------------------------------
# Pass 1: scopes, bindings and the calls and strings of interest
# --------------------------------------------------------------------------


@dataclass(eq=False)
class _Scope:
    """One Python scope (module, class, function or lambda) and what it binds."""

    kind: str
    parent: _Scope | None
    bindings: dict[str, list[_Binding]] = field(default_factory=dict)
    mutations: dict[str, list[_Mutation]] = field(default_factory=dict)
    globals: set[str] = field(default_factory=set)
    stars: list[str] = field(default_factory=list)


@dataclass(eq=False)
class _Binding:
    """A name bound in a scope: by an import (``qualname``), to a value, or otherwise."""

    order: int
    scope: _Scope
    qualname: str | None = None
    value: cst.BaseExpression | None = None


@dataclass(eq=False)
class _Mutation:
    """``name.attr = v``, ``name["key"] = v`` or ``name.method(...)`` after a binding."""

    order: int
    kind: str  # "attr" | "item" | "call"
    member: str
    node: cst.CSTNode
    value: cst.BaseExpression | None = None
    call: cst.Call | None = None


@dataclass(eq=False)
class _Site:
    """A call or string found in pass 1, with where it stands."""

    node: cst.CSTNode
    scope: _Scope
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


def _child_fields(kind: type[cst.CSTNode]) -> tuple[str, ...]:
    names = _FIELDS_BY_TYPE.get(kind)
    if names is None:
        names = tuple(
            f.name
            for f in dataclasses.fields(kind)
            if f.name not in _SKIPPED_FIELDS and not f.name.startswith("whitespace")
        )
        _FIELDS_BY_TYPE[kind] = names
    return names


class _Collector:
    """Pass 1: one walk that records bindings per scope, calls and URL-like strings.

    It reads the node dataclasses' fields directly instead of using
    ``CSTVisitor``, whose traversal rebuilds every node and costs as much as
    the parse itself (measured: 15x slower than this walk).
    """

    def __init__(self) -> None:
        self.module_scope = _Scope("module", None)
        self.scope = self.module_scope
        self.order = 0
        self.calls: list[_Site] = []
        self.strings: list[_Site] = []
        self.prose: set[int] = set()  # ids of strings that are docstrings or help texts
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
        handler = _HANDLERS.get(type(node))
        if handler is None or handler(self, node):
            self.children(node)

    def children(self, node: cst.CSTNode) -> None:
        """Walk the children of ``node``."""
        for name in _child_fields(type(node)):
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
        self, name: str, *, qualname: str | None = None, value: cst.BaseExpression | None = None
    ) -> None:
        scope = self.module_scope if name in self.scope.globals else self.scope
        scope.bindings.setdefault(name, []).append(_Binding(self.order, scope, qualname, value))

    def _mutate(self, name: str, mutation: _Mutation) -> None:
        self.scope.mutations.setdefault(name, []).append(mutation)

    def _bind_target(
        self, target: cst.BaseExpression, value: cst.BaseExpression | None, stmt: cst.CSTNode
    ) -> None:
        if isinstance(target, cst.Name):
            self._bind(target.value, value=value)
        elif isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name):
            self._mutate(target.value.value, _Mutation(self.order, "attr", target.attr.value, stmt, value))
        elif isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name):
            key = _subscript_key(target)
            if key is not None:
                self._mutate(target.value.value, _Mutation(self.order, "item", key, stmt, value))
        elif isinstance(target, cst.Tuple | cst.List):
            for element in target.elements:
                self._bind_target(element.value, None, stmt)
        elif isinstance(target, cst.StarredElement):
            self._bind_target(target.value, None, stmt)

    def _push(self, kind: str) -> _Scope:
        self.scope = _Scope(kind, self.scope)
        return self.scope

    def _pop(self, parent: _Scope | None) -> None:
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
    def on_import(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.Import)
        for alias in node.names:
            dotted = _dotted(alias.name)
            if dotted is None:
                continue
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self._bind(alias.asname.name.value, qualname=dotted)
            else:
                head = dotted.split(".", 1)[0]
                self._bind(head, qualname=head)
        return False

    def on_import_from(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.ImportFrom)
        module = None if node.relative or node.module is None else _dotted(node.module)
        if isinstance(node.names, cst.ImportStar):
            if module is not None:
                self.scope.stars.append(module)
            return False
        for alias in node.names:
            name = _dotted(alias.name)
            if name is None:
                continue
            local = name
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            self._bind(local, qualname=f"{module}.{name}" if module else None)
        return False

    def on_function(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.FunctionDef)
        self._bind(node.name.value)
        self.walk_all(node.decorators)
        parent = self.scope
        self._push("function")
        self._bind_params(node.params)
        self.walk(node.params)
        self.walk(node.body)
        self._pop(parent)
        return False

    def on_lambda(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.Lambda)
        parent = self.scope
        self._push("function")
        self._bind_params(node.params)
        self.walk(node.params)
        self.walk(node.body)
        self._pop(parent)
        return False

    def on_class(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.ClassDef)
        self._bind(node.name.value)
        self.walk_all(node.decorators)
        self.walk_all(node.bases)
        self.walk_all(node.keywords)
        parent = self.scope
        self._push("class")
        self.walk(node.body)
        self._pop(parent)
        return False

    def on_global(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.Global)
        self.scope.globals.update(item.name.value for item in node.names)
        return False

    def on_assign(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.Assign)
        for target in node.targets:
            self._bind_target(target.target, node.value, node)
        return True

    def on_ann_assign(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.AnnAssign)
        self._bind_target(node.target, node.value, node)
        return True

    def on_named_expr(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.NamedExpr)
        self._bind_target(node.target, node.value, node)
        return True

    def on_loop_target(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.For | cst.CompFor)
        self._bind_target(node.target, None, node)
        return True

    def on_with_item(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.WithItem)
        if node.asname is not None:
            self._bind_target(node.asname.name, None, node)
        return True

    def on_except(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.ExceptHandler | cst.ExceptStarHandler)
        if node.name is not None:
            self._bind_target(node.name.name, None, node)
        return True

    def on_call(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.Call)
        self.calls.append(_Site(node, self.scope, self.order))
        func = node.func
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name):
            self._mutate(func.value.value, _Mutation(self.order, "call", func.attr.value, node, call=node))
        return True

    def on_arg(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.Arg)
        if node.keyword is not None and node.keyword.value in TEXT_KEYWORDS:
            self.prose.add(id(node.value))
        return True

    def on_expr(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.Expr)
        if isinstance(node.value, cst.BaseString):
            self.prose.add(id(node.value))
        return True

    def on_simple_string(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.SimpleString)
        if _QUICK_URL.search(node.value):
            self.strings.append(_Site(node, self.scope, self.order))
        return False

    def on_concatenated_string(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.ConcatenatedString)
        if _QUICK_URL.search(_raw_text(node)):
            self.strings.append(_Site(node, self.scope, self.order))
        self._mark_parts(node)
        return False

    def _mark_parts(self, node: cst.CSTNode) -> None:
        """Note the statement of each part of a string whose children are not
        walked: a part without one would need positions for the whole module.
        """
        for child in node.children:
            self.top_of[id(child)] = self._top
            self._mark_parts(child)

    def on_formatted_string(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.FormattedString)
        if _QUICK_URL.search(_raw_text(node)):
            self.strings.append(_Site(node, self.scope, self.order))
        return True  # calls inside {...} still count


_HANDLERS: dict[type[cst.CSTNode], Callable[[_Collector, cst.CSTNode], bool]] = {
    cst.AnnAssign: _Collector.on_ann_assign,
    cst.Arg: _Collector.on_arg,
    cst.Assign: _Collector.on_assign,
    cst.Call: _Collector.on_call,
    cst.ClassDef: _Collector.on_class,
    cst.CompFor: _Collector.on_loop_target,
    cst.ConcatenatedString: _Collector.on_concatenated_string,
    cst.ExceptHandler: _Collector.on_except,
    cst.ExceptStarHandler: _Collector.on_except,
    cst.Expr: _Collector.on_expr,
    cst.For: _Collector.on_loop_target,
    cst.FormattedString: _Collector.on_formatted_string,
    cst.FunctionDef: _Collector.on_function,
    cst.Global: _Collector.on_global,
    cst.Import: _Collector.on_import,
    cst.ImportFrom: _Collector.on_import_from,
    cst.Lambda: _Collector.on_lambda,
    cst.NamedExpr: _Collector.on_named_expr,
    cst.SimpleString: _Collector.on_simple_string,
    cst.WithItem: _Collector.on_with_item,
}


def _raw_text(node: cst.BaseString) -> str:
    if isinstance(node, cst.SimpleString):
        return node.value
    if isinstance(node, cst.ConcatenatedString):
        left = node.left
        right = node.right
        return _raw_text(left) + _raw_text(right)
    if isinstance(node, cst.FormattedString):
        return "".join(p.value for p in node.parts if isinstance(p, cst.FormattedStringText))
    return ""


def _literal_text(node: cst.CSTNode) -> str | None:
    """The text of a plain literal or a concatenation of them, escapes undecoded
    (enough to read a URL's scheme); None for anything else (f-strings, names).
    """
    if isinstance(node, cst.SimpleString):
        return node.raw_value
    if isinstance(node, cst.ConcatenatedString):
        left, right = _literal_text(node.left), _literal_text(node.right)
        return None if left is None or right is None else left + right
    return None


def _dotted(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = _dotted(node.value)
        return None if head is None else f"{head}.{node.attr.value}"
    return None


def _subscript_key(node: cst.Subscript) -> str | None:
    if len(node.slice) != 1:
        return None
    index = node.slice[0].slice
    if isinstance(index, cst.Index) and isinstance(index.value, cst.SimpleString):
        evaluated = index.value.evaluated_value
        return evaluated if isinstance(evaluated, str) else None
    return None


# --------------------------------------------------------------------------
# Values as the front-end sees them
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Str:
    """A string known statically (possibly with DYNAMIC parts)."""

    span: Span
    nodes: tuple[int, ...] = ()


@dataclass(frozen=True)
class _Const:
    """A non-string constant: True, False, None, a number, an enum member name."""

    text: str


@dataclass(frozen=True)
class _Env:
    """A value read from the environment."""

    name: str


@dataclass(frozen=True)
class _Unknown:
    """A value not known statically; ``text`` is the expression as written."""

    text: str


@dataclass(frozen=True)
class _Entry:
    """One ``key: value`` of a dict, with where to evaluate the value."""

    key: str
    value: cst.BaseExpression
    scope: _Scope
    order: int
    node: cst.CSTNode


@dataclass(frozen=True)
class _Dict:
    """A dict literal (or ``dict(...)``), its entries in order."""

    entries: tuple[_Entry, ...]
    spread: tuple[str, ...] = ()  # ``**x`` entries that could not be followed


@dataclass(frozen=True)
class _Seq:
    """A list or tuple literal."""

    items: tuple[_Value, ...]


@dataclass(frozen=True)
class _Event:
    """One step in the life of an ssl context (creation, an argument, an assignment)."""

    what: str
    value: _Value
    node: cst.CSTNode


@dataclass(frozen=True)
class _Context:
    """An ``ssl.SSLContext`` and what was done to it, in order."""

    events: tuple[_Event, ...]


_Value = _Str | _Const | _Env | _Unknown | _Dict | _Seq | _Context


# --------------------------------------------------------------------------
# Pass 2: candidates
# --------------------------------------------------------------------------


def _statement_first_lines(module: cst.Module) -> list[int]:
    """The line on which the code of each top-level statement (its leading
    blank and comment lines included) starts.
    """
    line = 1 + sum(module.code_for_node(h).count("\n") for h in module.header)
    starts = []
    for stmt in module.body:
        starts.append(line)
        line += module.code_for_node(stmt).count("\n")
    return starts


def _shifted(r: CodeRange, lines: int) -> CodeRange:
    from libcst.metadata import CodePosition, CodeRange

    return CodeRange(
        CodePosition(r.start.line + lines, r.start.column), CodePosition(r.end.line + lines, r.end.column)
    )


class _Builder:
    """Turns the sites found in pass 1 into candidates (positions computed lazily)."""

    def __init__(self, path: str, module: cst.Module, collector: _Collector) -> None:
        self.path = path
        self.module = module
        self.collector = collector
        # False until build(): the pass-2 gate needs no positions.  A flag, not
        # a stored bound method, which would make a reference cycle holding
        # every CodeRange until the next full garbage collection (11 MB for 1 MB).
        self._located = False
        self._tops: dict[int, tuple[Mapping[cst.CSTNode, CodeRange], int]] = {}
        self._first_lines: list[int] | None = None
        self._all: Mapping[cst.CSTNode, CodeRange] | None = None
        self.consumed: set[int] = set()
        self._qualnames: dict[int, str | None] = {}

    # -- pass 2 gate: any call or string worth the position metadata?
    def interesting(self) -> bool:
        """True when the file holds a call or string this front-end reports."""
        for site in self.collector.calls:
            if self._call_kind(site) is not None:
                return True
        if any(self._url_text(site.node) for site in self.collector.strings):
            return True
        return "DATABASES" in self.collector.module_scope.bindings or bool(
            self.collector.module_scope.mutations.get("DATABASES")
        )

    def _call_kind(self, site: _Site) -> str | None:
        assert isinstance(site.node, cst.Call)
        name = self._qualname_of(site.node.func, site.scope, site.order)
        if name is None:
            return None
        if name in DRIVER_BY_CALL:
            return "driver"
        if name in ENGINE_CALLS:
            return "engine"
        if name in URL_CREATE_CALLS or name in MAKE_URL_CALLS:
            return "url"
        if name in ARGV_CALLS or name in SHELL_CALLS or name in EXEC_CALLS:
            return "process"
        return None

    def _url_text(self, node: cst.CSTNode) -> bool:
        if not isinstance(node, cst.BaseString):
            return False
        return bool(_SQLALCHEMY_URL.match(_raw_text(node).lstrip("'\"rRbBuUfF")))

    # -- positions, computed per top-level statement
    #
    # libcst's PositionProvider re-generates the code of the whole module with
    # position tracking: ~4x the parse, and 16 s for a 1 MB file.  A file's
    # settings sit in a few statements, so positions are computed for those
    # statements alone, each as a one-statement module, and shifted by the
    # number of lines before it (top-level statements start in column 0).

    def _position(self, node: cst.CSTNode) -> CodeRange:
        top = self.collector.top_of.get(id(node), -1)
        if top >= 0:
            ranges, shift = self._statement_ranges(top)
            found = ranges.get(node)
            if found is not None:
                return _shifted(found, shift) if shift else found
        return self._module_ranges()[node]

    def _statement_ranges(self, top: int) -> tuple[Mapping[cst.CSTNode, CodeRange], int]:
        cached = self._tops.get(top)
        if cached is None:
            from libcst.metadata import MetadataWrapper, PositionProvider

            if self._first_lines is None:
                self._first_lines = _statement_first_lines(self.module)
            stmt = self.module.body[top]
            sub = cst.Module(
                body=[stmt],
                header=[],
                footer=[],
                encoding=self.module.encoding,
                default_indent=self.module.default_indent,
                default_newline=self.module.default_newline,
            )
            ranges = MetadataWrapper(sub, unsafe_skip_copy=True).resolve(PositionProvider)
            cached = self._tops[top] = (ranges, self._first_lines[top] - 1)
        return cached

    def _module_ranges(self) -> Mapping[cst.CSTNode, CodeRange]:
        if self._all is None:
            # libcst.metadata costs ~145 ms to import: only files with something
            # to report pay for it (pre-commit runs are start-up bound).
            from libcst.metadata import MetadataWrapper, PositionProvider

            self._all = MetadataWrapper(self.module, unsafe_skip_copy=True).resolve(PositionProvider)
        return self._all

    def build(self) -> list[Candidate]:
        """Every candidate of the file, in source order."""
        self._located = True
        out: list[Candidate] = []
        later: list[_Site] = []
        for site in self.collector.calls:
            kind = self._call_kind(site)
            assert isinstance(site.node, cst.Call)
            if kind == "driver":
                out.append(self._driver_call(site.node, site.scope, site.order))
            elif kind == "engine":
                out.extend(self._engine_call(site.node, site.scope, site.order))
            elif kind == "process":
                out.extend(self._process_call(site.node, site.scope, site.order))
            elif kind == "url":
                later.append(site)
        for site in later:
            if id(site.node) not in self.consumed:
                assert isinstance(site.node, cst.Call)
                out.extend(self._url_call(site.node, site.scope, site.order))
        out.extend(self._django())
        for site in self.collector.strings:
            if id(site.node) in self.consumed or id(site.node) in self.collector.prose:
                continue
            assert isinstance(site.node, cst.BaseString)
            out.extend(self._url_literal(site.node, site.scope, site.order))
        out.sort(key=lambda c: (c.location.line, c.location.column))
        return out

    # -- locations
    def loc(self, node: cst.CSTNode) -> Location:
        """The 1-based region of ``node`` (end column exclusive)."""
        assert self._located
        r = self._position(node)
        return Location(self.path, r.start.line, r.start.column + 1, r.end.line, r.end.column + 1)

    def code(self, node: cst.CSTNode, limit: int = 120) -> str:
        """``node`` as written, on one line and shortened."""
        text = " ".join(self.module.code_for_node(node).split())
        text = text.rstrip(", ")
        return text if len(text) <= limit else text[: limit - 1] + "…"

    # -- names
    def lookup(self, name: str, scope: _Scope, order: int) -> _Binding | None:
        """The binding ``name`` refers to at ``order`` in ``scope`` (None when unbound)."""
        current: _Scope | None = self.collector.module_scope if name in scope.globals else scope
        first = True
        while current is not None:
            if current.kind == "class" and not first:
                current = current.parent
                continue
            candidates = [b for b in current.bindings.get(name, ()) if not _is_none(b.value)]
            if candidates:
                if first:
                    before = [b for b in candidates if b.order < order]
                    return before[-1] if before else candidates[-1]
                return candidates[-1]
            if current.bindings.get(name):
                return None  # only ``name = None`` fallbacks
            first = False
            current = current.parent
        for star in self.collector.module_scope.stars:
            if star.split(".", 1)[0] in _STAR_MODULES:
                return _Binding(0, self.collector.module_scope, f"{star}.{name}")
        return None

    def _qualname_of(self, node: cst.BaseExpression, scope: _Scope, order: int, depth: int = 0) -> str | None:
        key = id(node)
        if key in self._qualnames:
            return self._qualnames[key]
        result: str | None = None
        if depth > _MAX_DEPTH:
            return None
        if isinstance(node, cst.Name):
            binding = self.lookup(node.value, scope, order)
            if binding is not None:
                if binding.qualname is not None:
                    result = binding.qualname
                elif isinstance(binding.value, cst.Name | cst.Attribute):
                    # ``connect = pymysql.connect`` (an alias by assignment)
                    result = self._qualname_of(binding.value, binding.scope, binding.order, depth + 1)
        elif isinstance(node, cst.Attribute):
            head = self._qualname_of(node.value, scope, order, depth + 1)
            result = None if head is None else f"{head}.{node.attr.value}"
        self._qualnames[key] = result
        return result

    # -- evaluation
    def evaluate(self, node: cst.BaseExpression, scope: _Scope, order: int, depth: int = 0) -> _Value:
        """What ``node`` stands for, as far as the source says statically."""
        if depth > _MAX_DEPTH:
            return _Unknown(self.code(node))
        if isinstance(node, cst.BaseString | cst.BinaryOperation) or _is_format_call(node):
            span = self.string_span(node, scope, order, depth)
            if span is not None:
                return span
        if isinstance(node, cst.Integer | cst.Float | cst.Imaginary):
            return _Const(node.value)
        if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
            inner = self.evaluate(node.expression, scope, order, depth + 1)
            if isinstance(inner, _Const):
                return _Const("-" + inner.text)
        if isinstance(node, cst.Name):
            if node.value in ("True", "False", "None"):
                return _Const(node.value)
            binding = self.lookup(node.value, scope, order)
            if binding is None:
                return _Unknown(node.value)
            if binding.value is not None:
                value = self.evaluate(binding.value, binding.scope, binding.order, depth + 1)
                return self._with_mutations(value, node.value, binding, scope, order, depth)
            if binding.qualname is not None:
                return self._constant_name(binding.qualname)
            return _Unknown(node.value)
        if isinstance(node, cst.Attribute):
            name = self._qualname_of(node, scope, order)
            if name is not None and name.startswith("ssl."):
                return _Const(name.rsplit(".", 1)[-1])
            return _Unknown(self.code(node))
        if isinstance(node, cst.Subscript):
            return self._subscript(node, scope, order, depth)
        if isinstance(node, cst.Dict):
            return self._dict(node.elements, scope, order, depth)
        if isinstance(node, cst.List | cst.Tuple | cst.Set):
            items: list[_Value] = []
            for element in node.elements:
                if isinstance(element, cst.StarredElement):
                    items.append(_Unknown(self.code(element)))
                else:
                    items.append(self.evaluate(element.value, scope, order, depth + 1))
            return _Seq(tuple(items))
        if isinstance(node, cst.Call):
            return self._call_value(node, scope, order, depth)
        return _Unknown(self.code(node))

    def _constant_name(self, qualname: str) -> _Value:
        if qualname.startswith("ssl."):
            return _Const(qualname.rsplit(".", 1)[-1])
        if qualname in ("os.environ",):
            return _Unknown("os.environ")
        return _Unknown(qualname)

    def _subscript(self, node: cst.Subscript, scope: _Scope, order: int, depth: int) -> _Value:
        base = self._qualname_of(node.value, scope, order)
        key = _subscript_key(node)
        if base == "os.environ":
            return _Env(
                f"os.environ[{key!r}]" if key is not None else f"os.environ[{self.code(node.slice[0])}]"
            )
        if key is not None:
            container = self.evaluate(node.value, scope, order, depth + 1)
            if isinstance(container, _Dict):
                for entry in reversed(container.entries):
                    if entry.key == key:
                        return self.evaluate(entry.value, entry.scope, entry.order, depth + 1)
        return _Unknown(self.code(node))

    def _call_value(self, node: cst.Call, scope: _Scope, order: int, depth: int) -> _Value:
        name = self._qualname_of(node.func, scope, order)
        if name in ENV_GET_CALLS:
            first = _positional(node, 0) or _keyword(node, "key")
            if first is not None and isinstance(first.value, cst.SimpleString):
                var = first.value.evaluated_value
                return _Env(f"os.environ[{var!r}]")
            return _Env("os.environ[...]")
        if name is not None and name in SSL_CONTEXT_FACTORIES:
            return _Context(
                tuple(self._context_creation(node, SSL_CONTEXT_FACTORIES[name], scope, order, depth))
            )
        if (
            isinstance(node.func, cst.Name)
            and node.func.value == "dict"
            and self.lookup("dict", scope, order) is None
        ):
            return self._dict_call(node, scope, order, depth)
        return _Unknown(self.code(node))

    def _dict(self, elements: Sequence[cst.BaseDictElement], scope: _Scope, order: int, depth: int) -> _Dict:
        entries: list[_Entry] = []
        spread: list[str] = []
        for element in elements:
            if isinstance(element, cst.DictElement):
                key = self.evaluate(element.key, scope, order, depth + 1)
                if isinstance(key, _Str) and not key.span.dynamic:
                    entries.append(_Entry(key.span.text, element.value, scope, order, element))
            elif isinstance(element, cst.StarredDictElement):
                inner = self.evaluate(element.value, scope, order, depth + 1)
                if isinstance(inner, _Dict):
                    entries.extend(inner.entries)
                    spread.extend(inner.spread)
                else:
                    spread.append(self.code(element))
        return _Dict(tuple(entries), tuple(spread))

    def _dict_call(self, node: cst.Call, scope: _Scope, order: int, depth: int) -> _Value:
        entries: list[_Entry] = []
        spread: list[str] = []
        for arg in node.args:
            if arg.keyword is not None:
                entries.append(_Entry(arg.keyword.value, arg.value, scope, order, arg))
            else:
                inner = self.evaluate(arg.value, scope, order, depth + 1)
                if isinstance(inner, _Dict):
                    entries[:0] = inner.entries
                    spread.extend(inner.spread)
                else:
                    spread.append(self.code(arg))
        return _Dict(tuple(entries), tuple(spread))

    def _with_mutations(
        self, value: _Value, name: str, binding: _Binding, scope: _Scope, order: int, depth: int
    ) -> _Value:
        """Apply ``name[...] = v``, ``name.update(...)`` and ssl context steps made after ``binding``."""
        if not isinstance(value, _Dict | _Context):
            return value
        same_scope = binding.scope is scope
        steps = [
            m
            for m in binding.scope.mutations.get(name, ())
            if m.order > binding.order and (not same_scope or m.order < order)
        ]
        if not steps:
            return value
        if isinstance(value, _Dict):
            entries = list(value.entries)
            spread = list(value.spread)
            for m in steps:
                if m.kind == "item" and m.value is not None:
                    entries.append(_Entry(m.member, m.value, binding.scope, m.order, m.node))
                elif m.kind == "call" and m.member == "update" and m.call is not None:
                    inner = self._dict_call(m.call, binding.scope, m.order, depth + 1)
                    assert isinstance(inner, _Dict)
                    entries.extend(inner.entries)
                    spread.extend(inner.spread)
            return _Dict(tuple(entries), tuple(spread))
        events = list(value.events)
        for m in steps:
            events.extend(self._context_step(m, binding.scope, depth))
        return _Context(tuple(events))

    # -- ssl contexts
    def _context_creation(
        self, node: cst.Call, created_by: str, scope: _Scope, order: int, depth: int
    ) -> Iterator[_Event]:
        yield _Event("created_by", _Const(created_by), node)
        if created_by == "SSLContext":
            protocol = _positional(node, 0) or _keyword(node, "protocol")
            if protocol is not None:
                yield _Event("protocol", self.evaluate(protocol.value, scope, order, depth + 1), protocol)
        for what in ("cafile", "capath", "cadata"):
            arg = _keyword(node, what)
            if arg is not None:
                yield _Event(what, self.evaluate(arg.value, scope, order, depth + 1), arg)

    def _context_step(self, m: _Mutation, scope: _Scope, depth: int) -> Iterator[_Event]:
        if m.kind == "attr" and m.member in SSL_CONTEXT_ATTRIBUTES and m.value is not None:
            yield _Event(m.member, self.evaluate(m.value, scope, m.order, depth + 1), m.node)
        elif m.kind == "call" and m.call is not None:
            if m.member == "load_verify_locations":
                for index, what in enumerate(("cafile", "capath", "cadata")):
                    arg = _positional(m.call, index) or _keyword(m.call, what)
                    if arg is not None:
                        yield _Event(what, self.evaluate(arg.value, scope, m.order, depth + 1), m.call)
            elif m.member in ("load_default_certs", "set_default_verify_paths"):
                yield _Event("load_default_certs", _Const("True"), m.call)

    # -- strings with locations
    def string_span(self, node: cst.BaseExpression, scope: _Scope, order: int, depth: int = 0) -> _Str | None:
        """A located string for a literal, concatenation or format call (None if not a string)."""
        if isinstance(node, cst.SimpleString):
            if "b" in node.prefix.lower():
                return None
            r = self._position(node) if self._located else None
            if r is None:
                return None
            text, pieces = _decode_literal(node.value, r.start.line, r.start.column + 1)
            return _Str(Span(text, self.path, pieces), (id(node),))
        if isinstance(node, cst.ConcatenatedString):
            left = self.string_span(node.left, scope, order, depth + 1)
            right = self.string_span(node.right, scope, order, depth + 1)
            if left is None or right is None:
                return None
            return _Str(_join(left.span, right.span), (id(node), *left.nodes, *right.nodes))
        if isinstance(node, cst.FormattedString):
            return self._fstring(node)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
            lvalue = self.evaluate(node.left, scope, order, depth + 1)
            rvalue = self.evaluate(node.right, scope, order, depth + 1)
            if not isinstance(lvalue, _Str) and not isinstance(rvalue, _Str):
                return None
            lspan = lvalue.span if isinstance(lvalue, _Str) else self._dynamic_at(node.left)
            rspan = rvalue.span if isinstance(rvalue, _Str) else self._dynamic_at(node.right)
            nodes = (lvalue.nodes if isinstance(lvalue, _Str) else ()) + (
                rvalue.nodes if isinstance(rvalue, _Str) else ()
            )
            return _Str(_join(lspan, rspan), nodes)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Modulo):
            template = self.evaluate(node.left, scope, order, depth + 1)
            if isinstance(template, _Str):
                return _Str(_mask(template.span, _percent_fields), template.nodes)
            return None
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            base = self.evaluate(node.func.value, scope, order, depth + 1)
            if isinstance(base, _Str):
                return _Str(_mask(base.span, _format_fields), base.nodes)
        return None

    def _dynamic_at(self, node: cst.CSTNode) -> Span:
        where = self.loc(node)
        return Span.at(DYNAMIC, self.path, where.line, where.column)

    def _fstring(self, node: cst.FormattedString) -> _Str | None:
        if "b" in node.prefix.lower():
            return None
        raw = "r" in node.prefix.lower()
        spans: list[Span] = []
        for part in node.parts:
            where = self.loc(part)
            if isinstance(part, cst.FormattedStringText):
                text, pieces = _decode_body(part.value, where.line, where.column, raw=raw, fstring=True)
                spans.append(Span(text, self.path, pieces))
            else:
                spans.append(Span.at(DYNAMIC, self.path, where.line, where.column))
        if not spans:
            where = self.loc(node)
            return _Str(Span.at("", self.path, where.line, where.column), (id(node),))
        span = spans[0]
        for more in spans[1:]:
            span = _join(span, more)
        return _Str(span, (id(node),))

    # -- settings
    def settings(self, key: str, value: _Value, at: cst.CSTNode, depth: int = 0) -> list[Setting]:
        """Flatten ``key = value`` (located at ``at``) into settings."""
        location = self.loc(at)
        if depth > _MAX_DEPTH:
            return [Setting(key, None, location, unknown="nested too deep")]
        if isinstance(value, _Dict):
            out: list[Setting] = []
            for entry in value.entries:
                inner = self.evaluate(entry.value, entry.scope, entry.order, depth + 1)
                out.extend(self.settings(f"{key}.{entry.key}", inner, entry.node, depth + 1))
            out.extend(
                Setting(f"{key}.**", None, location, source=spread, unknown=spread) for spread in value.spread
            )
            return out
        if isinstance(value, _Context):
            return [
                self._single(
                    f"{key}.context.{event.what}", event.value, self.loc(event.node), self.code(event.node)
                )
                for event in value.events
            ]
        return [self._single(key, value, location, self._source(key, at))]

    def _source(self, key: str, at: cst.CSTNode) -> str:
        last = key.rsplit(".", 1)[-1]
        if last in PASSWORD_KEYS:
            return f"{last}=***"
        return self.code(at)

    def _single(self, key: str, value: _Value, location: Location, source: str) -> Setting:
        last = key.rsplit(".", 1)[-1]
        if isinstance(value, _Str):
            if value.span.dynamic:
                return Setting(
                    key,
                    None if last in PASSWORD_KEYS else value.span.text,
                    location,
                    source,
                    value.span,
                    unknown=_describe_dynamic(value.span.text),
                )
            if last in PASSWORD_KEYS:
                return Setting(key, Secret(value.span.text, value.span), location, source, value.span)
            return Setting(key, value.span.text, location, source, value.span)
        if isinstance(value, _Const):
            return Setting(key, value.text, location, source)
        if isinstance(value, _Env):
            return Setting(key, None, location, source, unknown=value.name)
        if isinstance(value, _Seq):
            texts: list[str] = []
            for item in value.items:
                if isinstance(item, _Str) and not item.span.dynamic:
                    texts.append(item.span.text)
                elif isinstance(item, _Const):
                    texts.append(item.text)
                else:
                    texts.append(DYNAMIC)
            return Setting(key, ",".join(texts), location, source)
        if isinstance(value, _Unknown):
            return Setting(key, None, location, source, unknown=value.text)
        return Setting(key, None, location, source, unknown=source)

    def call_settings(
        self, node: cst.Call, scope: _Scope, order: int, positional: Sequence[str] = ()
    ) -> list[Setting]:
        """The keyword (and known positional) arguments of a call, flattened."""
        out: list[Setting] = []
        index = 0
        for arg in node.args:
            if arg.keyword is not None:
                value = self.evaluate(arg.value, scope, order)
                out.extend(self.settings(arg.keyword.value, value, arg))
            elif arg.star == "**":
                value = self.evaluate(arg.value, scope, order)
                if isinstance(value, _Dict):
                    for entry in value.entries:
                        inner = self.evaluate(entry.value, entry.scope, entry.order)
                        out.extend(self.settings(entry.key, inner, entry.node))
                    out.extend(Setting("**", None, self.loc(arg), s, unknown=s) for s in value.spread)
                else:
                    text = self.code(arg)
                    out.append(Setting("**", None, self.loc(arg), text, unknown=text))
            elif arg.star == "":
                if index < len(positional):
                    value = self.evaluate(arg.value, scope, order)
                    out.extend(self.settings(positional[index], value, arg))
                index += 1
        return out

    # -- driver calls
    def _driver_call(self, node: cst.Call, scope: _Scope, order: int) -> Candidate:
        name = self._qualname_of(node.func, scope, order)
        driver = DRIVER_BY_CALL[name or ""]
        settings = self.call_settings(node, scope, order, POSITIONAL_BY_DRIVER.get(driver, ()))
        return Candidate(Client.PYTHON, self.loc(node), settings=tuple(settings), driver=driver)

    # -- SQLAlchemy
    def _engine_call(self, node: cst.Call, scope: _Scope, order: int) -> list[Candidate]:
        connect_args: list[Setting] = []
        extra = _keyword(node, "connect_args")
        if extra is not None:
            value = self.evaluate(extra.value, scope, order)
            if isinstance(value, _Dict):
                for entry in value.entries:
                    inner = self.evaluate(entry.value, entry.scope, entry.order)
                    connect_args.extend(self.settings(entry.key, inner, entry.node))
                connect_args.extend(Setting("**", None, self.loc(extra), s, unknown=s) for s in value.spread)
            else:
                text = self.code(extra)
                connect_args.append(Setting("**", None, self.loc(extra), text, unknown=text))
        tls_args = any(s.key.split(".", 1)[0].startswith("ssl") for s in connect_args)
        first = _positional(node, 0) or _keyword(node, "url")
        url_settings: list[Setting] = []
        driver: str | None = None
        if first is not None:
            driver, url_settings = self._url_from(first.value, first, scope, order, keep_unknown=tls_args)
        if driver is None and not tls_args:
            return []  # not known to be MySQL, and nothing TLS-related to say
        return [
            Candidate(
                Client.PYTHON, self.loc(node), settings=tuple(url_settings + connect_args), driver=driver
            )
        ]

    def _url_from(
        self,
        node: cst.BaseExpression,
        at: cst.CSTNode,
        scope: _Scope,
        order: int,
        depth: int = 0,
        keep_unknown: bool = False,
    ) -> tuple[str | None, list[Setting]]:
        """Driver id and ``url*`` settings of a URL expression (a literal, a constant, URL.create).

        A URL that is not known statically gives a setting only with ``keep_unknown``
        (its location costs a position pass over the statement).
        """
        if depth > _MAX_DEPTH:
            return None, []
        if isinstance(node, cst.Name):
            binding = self.lookup(node.value, scope, order)
            if binding is not None and binding.value is not None:
                return self._url_from(
                    binding.value, at, binding.scope, binding.order, depth + 1, keep_unknown
                )
        if isinstance(node, cst.Call):
            name = self._qualname_of(node.func, scope, order)
            if name in URL_CREATE_CALLS:
                self.consumed.add(id(node))
                return self._url_create(node, scope, order)
            if name in MAKE_URL_CALLS:
                self.consumed.add(id(node))
                inner = _positional(node, 0)
                if inner is None:
                    return None, []
                return self._url_from(inner.value, inner, scope, order, depth + 1, keep_unknown)
        literal = _literal_text(node)
        if literal is not None and _dialect_driver(literal) is None:
            return None, []  # another database's URL: no need for positions
        value = self.evaluate(node, scope, order)
        if isinstance(value, _Str):
            self.consumed.update(value.nodes)
            driver = _dialect_driver(value.span.text)
            if driver is None and not value.span.dynamic:
                return None, []
            return driver, [self._url_setting(value.span)]
        if isinstance(value, _Env | _Unknown) and keep_unknown:
            unknown = value.name if isinstance(value, _Env) else value.text
            return None, [Setting("url", None, self.loc(at), self.code(at), unknown=unknown)]
        return None, []

    def _url_setting(self, span: Span) -> Setting:
        return Setting("url", _redact_url(span.text), span.locate(), "", span)

    def _url_create(self, node: cst.Call, scope: _Scope, order: int) -> tuple[str | None, list[Setting]]:
        out: list[Setting] = []
        driver: str | None = None
        drivername = _positional(node, 0) or _keyword(node, "drivername")
        if drivername is not None:
            value = self.evaluate(drivername.value, scope, order)
            if isinstance(value, _Str):
                driver = _dialect_driver(value.span.text + "://")
                out.append(self._single("url.drivername", value, self.loc(drivername), self.code(drivername)))
        for keyword in ("password", "host"):
            arg = _keyword(node, keyword)
            if arg is not None:
                value = self.evaluate(arg.value, scope, order)
                out.extend(self.settings(f"url.{keyword}", value, arg))
        query = _keyword(node, "query")
        if query is not None:
            value = self.evaluate(query.value, scope, order)
            if isinstance(value, _Dict):
                for entry in value.entries:
                    inner = self.evaluate(entry.value, entry.scope, entry.order)
                    out.extend(self.settings(f"url.query.{entry.key}", inner, entry.node))
        return driver, out

    def _url_call(self, node: cst.Call, scope: _Scope, order: int) -> list[Candidate]:
        driver, settings = self._url_from(node, node, scope, order)
        if driver is None:
            return []
        return [Candidate(Client.PYTHON, self.loc(node), settings=tuple(settings), driver=driver)]

    def _url_literal(self, node: cst.BaseString, scope: _Scope, order: int) -> list[Candidate]:
        literal = _literal_text(node)
        if literal is not None and _dialect_driver(literal) is None:
            return []  # SQL or prose that mentions MySQL: positions would cost a codegen
        value = self.string_span(node, scope, order)
        if value is None or any(n in self.consumed for n in value.nodes):
            return []
        driver = _dialect_driver(value.span.text)
        if driver is None:
            return []
        self.consumed.update(value.nodes)
        return [
            Candidate(Client.PYTHON, self.loc(node), settings=(self._url_setting(value.span),), driver=driver)
        ]

    # -- Django
    def _django(self) -> list[Candidate]:
        module = self.collector.module_scope
        out: list[Candidate] = []
        aliases: list[_Entry] = []
        for binding in module.bindings.get("DATABASES", ()):
            if binding.value is None:
                continue
            value = self.evaluate(binding.value, module, binding.order)
            if isinstance(value, _Dict):
                aliases.extend(value.entries)
        for m in module.mutations.get("DATABASES", ()):
            if m.kind == "item" and m.value is not None:
                aliases.append(_Entry(m.member, m.value, module, m.order, m.node))
        for alias in aliases:
            config = self.evaluate(alias.value, alias.scope, alias.order)
            if isinstance(config, _Dict):
                candidate = self._django_alias(alias, config)
                if candidate is not None:
                    out.append(candidate)
        return out

    def _django_alias(self, alias: _Entry, config: _Dict) -> Candidate | None:
        engine: str | None = None
        settings: list[Setting] = []
        for entry in config.entries:
            value = self.evaluate(entry.value, entry.scope, entry.order)
            if entry.key == "ENGINE":
                engine = value.span.text if isinstance(value, _Str) else None
            elif entry.key == "OPTIONS":
                if isinstance(value, _Dict):
                    for option in value.entries:
                        inner = self.evaluate(option.value, option.scope, option.order)
                        settings.extend(self.settings(option.key, inner, option.node))
                    settings.extend(
                        Setting("**", None, self.loc(entry.node), s, unknown=s) for s in value.spread
                    )
                else:
                    text = self.code(entry.node)
                    settings.append(Setting("**", None, self.loc(entry.node), text, unknown=text))
            elif entry.key in ("PASSWORD", "HOST", "PORT", "USER"):
                settings.extend(self.settings(entry.key.lower(), value, entry.node))
        driver = _django_driver(engine)
        if driver is None:
            return None
        return Candidate(Client.PYTHON, self.loc(alias.node), settings=tuple(settings), driver=driver)

    # -- command lines
    def _process_call(self, node: cst.Call, scope: _Scope, order: int) -> list[Candidate]:
        name = self._qualname_of(node.func, scope, order) or ""
        if name in EXEC_CALLS:
            words = [self._word(arg.value, scope, order) for arg in node.args if arg.keyword is None]
            return self._cli_candidates(node, [words])
        first = (
            _positional(node, 0)
            or _keyword(node, "args")
            or _keyword(node, "command")
            or _keyword(node, "cmd")
        )
        if first is None:
            return []
        value = self.evaluate(first.value, scope, order)
        if isinstance(value, _Str):
            return self._cli_candidates(node, _shell_commands(value.span))
        if isinstance(value, _Seq) and name in ARGV_CALLS:
            words = [self._seq_word(item, first) for item in value.items]
            if len(words) >= 3 and _basename(words[0].text) in _SHELLS and words[1].text == "-c":
                return self._cli_candidates(node, _shell_commands(words[2]))
            return self._cli_candidates(node, [words])
        return []

    def _word(self, node: cst.BaseExpression, scope: _Scope, order: int) -> Span:
        value = self.evaluate(node, scope, order)
        if isinstance(value, _Str):
            return value.span
        where = self.loc(node)
        return Span.at(DYNAMIC, self.path, where.line, where.column)

    def _seq_word(self, item: _Value, at: cst.CSTNode) -> Span:
        if isinstance(item, _Str):
            return item.span
        where = self.loc(at)
        return Span.at(DYNAMIC, self.path, where.line, where.column)

    def _cli_candidates(self, node: cst.Call, commands: list[list[Span]]) -> list[Candidate]:
        out: list[Candidate] = []
        for words in commands:
            start = _program_index(words)
            if start is None or not _is_client_program(words[start].text):
                continue
            out.append(Candidate(Client.MYSQL_CLI, self.loc(node), argv=tuple(words[start:])))
        return out


# Modules whose ``from X import *`` may bring a driver call into scope.
_STAR_MODULES = frozenset(
    {"pymysql", "MySQLdb", "mysql", "aiomysql", "asyncmy", "mariadb", "sqlalchemy", "ssl", "os"}
)


def _is_none(value: cst.BaseExpression | None) -> bool:
    return isinstance(value, cst.Name) and value.value == "None"


def _is_format_call(node: cst.BaseExpression) -> bool:
    return (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == "format"
        and isinstance(node.func.value, cst.BaseString | cst.Name)
    )


def _positional(node: cst.Call, index: int) -> cst.Arg | None:
    plain = [arg for arg in node.args if arg.keyword is None and arg.star == ""]
    if any(arg.star == "*" for arg in node.args[: index + 1]):
        return None
    return plain[index] if index < len(plain) else None


def _keyword(node: cst.Call, name: str) -> cst.Arg | None:
    for arg in node.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg
    return None


def _describe_dynamic(text: str) -> str:
    return text.replace(DYNAMIC, "{…}")


# --------------------------------------------------------------------------
# SQLAlchemy and Django routing (syntax: which driver a URL or ENGINE names)
# --------------------------------------------------------------------------


def _dialect_driver(url: str) -> str | None:
    from connlint.clients.python_drivers import dialect_driver

    return dialect_driver(url)


def _django_driver(engine: str | None) -> str | None:
    """Django ENGINE -> driver id.

    ``*.mysql`` backends call MySQLdb.connect (python-drivers.md §6);
    ``mysql.connector.django`` is mysql-connector-python's own backend.
    """
    if engine is None:
        return None
    if engine == "mysql.connector.django":
        return "mysql.connector"
    if engine.endswith(".mysql"):
        return "MySQLdb"
    return None


def _redact_url(text: str) -> str:
    return re.sub(r"(://[^:/@?#]*:)[^@/?#]*@", r"\1***@", text, count=1)


# --------------------------------------------------------------------------
# Located text: literals, concatenation, masking
# --------------------------------------------------------------------------


def _decode_literal(raw: str, line: int, column: int) -> tuple[str, tuple[Piece, ...]]:
    """Value and pieces of a string literal as written at ``line``:``column`` (1-based)."""
    prefix_len = 0
    while prefix_len < len(raw) and raw[prefix_len] not in "'\"":
        prefix_len += 1
    prefix = raw[:prefix_len].lower()
    quote = (
        raw[prefix_len : prefix_len + 3]
        if raw[prefix_len : prefix_len + 3] in ('"""', "'''")
        else raw[prefix_len]
    )
    body = raw[prefix_len + len(quote) : len(raw) - len(quote)]
    return _decode_body(body, line, column + prefix_len + len(quote), raw="r" in prefix, fstring=False)


#: Runs of a literal's body that stand for themselves (no escape, line break or
#: f-string brace), by kind of literal.
_PLAIN = re.compile(r"[^\\\n]+")
_PLAIN_RAW = re.compile(r"[^\n]+")
_PLAIN_FSTRING = re.compile(r"[^\\\n{}]+")
_PLAIN_RAW_FSTRING = re.compile(r"[^\n{}]+")


def _decode_body(
    body: str, line: int, column: int, *, raw: bool, fstring: bool
) -> tuple[str, tuple[Piece, ...]]:
    out: list[str] = []
    pieces: list[Piece] = [Piece(0, line, column)]
    length = 0
    i = 0
    plain = _PLAIN_RAW if raw else _PLAIN
    if fstring:
        plain = _PLAIN_RAW_FSTRING if raw else _PLAIN_FSTRING

    def restart() -> None:
        if pieces[-1].offset == length:
            pieces[-1] = Piece(length, line, column)
        else:
            pieces.append(Piece(length, line, column))

    while i < len(body):
        char = body[i]
        if char == "\\" and not raw:
            match = _ESCAPE.match(body, i)
            escape = match.group() if match else char
            if escape in ("\\\n", "\\\r\n"):
                decoded = ""
                line += 1
                column = 1
            else:
                try:
                    decoded = codecs.decode(escape, "unicode_escape")
                except (UnicodeDecodeError, ValueError):
                    decoded = escape
                column += len(escape)
            out.append(decoded)
            length += len(decoded)
            i += len(escape)
            restart()
        elif fstring and char in "{}" and body[i : i + 2] in ("{{", "}}"):
            out.append(char)
            length += 1
            column += 2
            i += 2
            restart()
        elif char == "\n":
            out.append(char)
            length += 1
            line += 1
            column = 1
            i += 1
            restart()
        else:
            # Up to the next character that needs care the value is the source:
            # one part, not a list entry a character.
            match = plain.match(body, i)
            chunk = match.group() if match else char
            out.append(chunk)
            length += len(chunk)
            column += len(chunk)
            i += len(chunk)
    text = "".join(out)
    return text, tuple(p for p in pieces if p.offset < len(text) or p.offset == 0)


def _join(left: Span, right: Span) -> Span:
    shift = len(left.text)
    pieces = left.pieces + tuple(Piece(p.offset + shift, p.line, p.column) for p in right.pieces)
    if not left.text:
        pieces = right.pieces
    elif not right.text:
        pieces = left.pieces
    return Span(left.text + right.text, left.path or right.path, pieces)


def _format_fields(text: str) -> Iterator[tuple[int, int]]:
    """The spans of the ``str.format`` fields of ``text``."""
    return (m.span() for m in _FORMAT_FIELD.finditer(text))


def _percent_fields(text: str) -> Iterator[tuple[int, int]]:
    r"""The spans of the %-format fields of ``text``: what
    ``%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdrif]`` finds, in linear time.  A
    mapping key ends at the first ``)``, so what may follow it is read once per
    ``)``, not once per ``%(`` before it (which was quadratic).
    """
    after_key: dict[int, int | None] = {}  # a key's `)` -> the end of the field it closes
    close, searched = -1, -1  # `close`: the first `)` at or after `searched` (-1: none)
    pos = 0
    while (percent := text.find("%", pos)) >= 0:
        end = None
        if text.startswith("(", percent + 1):
            if searched < 0 or 0 <= close < percent + 2:
                close, searched = text.find(")", percent + 2), percent + 2
            if close >= 0:
                if close not in after_key:
                    conversion = _PERCENT_CONVERSION.match(text, close + 1)
                    after_key[close] = conversion.end() if conversion else None
                end = after_key[close]
        if end is None:
            conversion = _PERCENT_CONVERSION.match(text, percent + 1)
            end = conversion.end() if conversion else None
        if end is None:
            pos = percent + 1
        else:
            yield percent, end
            pos = end


def _mask(span: Span, fields: Callable[[str], Iterable[tuple[int, int]]]) -> Span:
    """``span`` with every format field ``fields`` finds in its text replaced by DYNAMIC."""
    result: Span | None = None
    last = 0
    for start, end in fields(span.text):
        part = span.slice(last, start)
        where = span.locate(start, end)
        dyn = Span.at(DYNAMIC, span.path, where.line, where.column)
        result = _join(result, part) if result is not None else part
        result = _join(result, dyn)
        last = end
    if result is None:
        return span
    return _join(result, span.slice(last))


# --------------------------------------------------------------------------
# Command lines
# --------------------------------------------------------------------------


def _is_client_program(argv0: str) -> bool:
    """A mysql-family client (the option table lives in clients/mysql_cli.py)."""
    from connlint.clients.mysql_cli import is_client_program

    return is_client_program(argv0)


def _basename(word: str) -> str:
    return word.replace("\\", "/").rsplit("/", 1)[-1]


def _program_index(words: Sequence[Span]) -> int | None:
    """Index of the program word: after ``VAR=value`` assignments and wrappers like ``sudo``."""
    for index, word in enumerate(words):
        text = word.text
        if re.fullmatch(r"[A-Za-z_]\w*=.*", text, re.S) or _basename(text) in _COMMAND_WRAPPERS:
            continue
        if text.startswith("-") and index > 0 and _basename(words[index - 1].text) in _COMMAND_WRAPPERS:
            continue
        return index
    return None


def _shell_commands(span: Span) -> list[list[Span]]:
    """Split a shell command line into commands of located words (quotes removed).

    A small POSIX-like splitter: quotes and backslashes, ``;``, ``|``, ``&&``,
    ``||``, ``&`` separate commands; redirections and their targets are dropped;
    ``$...`` stays in the word as written.
    """
    text = span.text
    commands: list[list[Span]] = [[]]
    chars: list[str] = []
    offsets: list[int] = []
    started = False
    skip_next = False
    i = 0

    def flush() -> None:
        nonlocal started, skip_next
        if started:
            if skip_next:
                skip_next = False
            else:
                commands[-1].append(_located_word(span, "".join(chars), offsets))
        chars.clear()
        offsets.clear()
        started = False

    while i < len(text):
        char = text[i]
        if char in " \t\r\n":
            flush()
            i += 1
        elif char in ";|&":
            flush()
            if char == "&" and i + 1 < len(text) and text[i + 1] == ">":
                skip_next = True
                i += 2
                continue
            commands.append([])
            i += 2 if text[i : i + 2] in ("&&", "||", ";;") else 1
        elif char in "<>":
            if started and all(c.isdigit() for c in chars):
                chars.clear()
                offsets.clear()
                started = False
            else:
                flush()
            i += 1
            while i < len(text) and text[i] in "<>&":
                i += 1
            if i < len(text) and text[i].isdigit() and text[i - 1] == "&":
                i += 1
            else:
                skip_next = True
        elif char == "#" and not started:
            break
        elif char == "'":
            end = text.find("'", i + 1)
            end = len(text) if end < 0 else end
            chars.extend(text[i + 1 : end])
            offsets.extend(range(i + 1, end))
            started = True
            i = end + 1
        elif char == '"':
            i += 1
            started = True
            while i < len(text) and text[i] != '"':
                if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in '"\\$`\n':
                    i += 1
                chars.append(text[i])
                offsets.append(i)
                i += 1
            i += 1
        elif char == "\\" and i + 1 < len(text):
            chars.append(text[i + 1])
            offsets.append(i + 1)
            started = True
            i += 2
        else:
            chars.append(char)
            offsets.append(i)
            started = True
            i += 1
    flush()
    return [words for words in commands if words]


def _located_word(span: Span, text: str, offsets: Sequence[int]) -> Span:
    """A word whose i-th character stands at ``span`` offset ``offsets[i]``."""
    if not offsets:
        return Span.at("", span.path, span.pieces[0].line, span.pieces[0].column)
    pieces: list[Piece] = []
    previous_location: Location | None = None
    for index, offset in enumerate(offsets):
        where = span.locate(offset, offset + 1)
        if (
            previous_location is None
            or offset != offsets[index - 1] + 1
            or where.line != previous_location.line
            or where.column != previous_location.column + 1
        ):
            pieces.append(Piece(index, where.line, where.column))
        previous_location = where
    return Span(text, span.path, tuple(pieces))
