"""Helpers of other modules of the project (issue 16, item 4 for Python, across
files): ``from .db import open_conn; open_conn(ssl_disabled=True)``,
``db.open_conn(...)`` of ``from . import db``, and ``self.connect(...)`` in a
subclass of a class another module defines (PyMySQL's test modules and
``base.PyMySQLTestCase.connect()``).  Each such call is a connection at the
call, its settings read in the helper's module with the helper's parameters
bound to the call's arguments (``**params`` to the keywords no parameter
takes), the helper's connect call a hop (``via helper connect()``).

Demand-driven, in two steps:

* :func:`helper_words`, lexical, before any libcst parse: the modules the file
  imports that are files of the project (at most :data:`MAX_IMPORTS`), each
  screened once per process for the names of its top-level functions, classes
  and methods that may reach a connect call (:func:`helper_names`, from
  :func:`.screen.scan`'s seeds); the words are those the file calls.  A file
  the screen turns away is parsed when it calls one (its caller side names no
  driver); a file with none costs the import lines' scan only.
* :func:`call_sites`, on the parsed file: the calls whose name is such a word,
  resolved through the file's imports and classes to a function or method of
  the other module (:meth:`Names.imported`: at most ``names.MAX_FILES`` away).

Only one module away (a helper that calls a helper of a third module is not
followed), at most :data:`MAX_CALL_SITES` calls a file.
"""

from __future__ import annotations

import ast
import os
import re
import sys
from dataclasses import dataclass
from typing import NamedTuple

import libcst as cst

from connlint import prefilter, project
from connlint.frontends.python import drivers, screen, sqlalchemy_django
from connlint.frontends.python.bindings import Binding, Scope, Site
from connlint.frontends.python.classes import ancestry, class_of, method_named
from connlint.frontends.python.helpers import named_arguments
from connlint.frontends.python.names import MAX_MODULE_SIZE, Names

#: At most this many modules a file imports are looked up for helpers.
MAX_IMPORTS = 64

#: A module larger than this is not looked at for helpers (a library's own
#: modules; an application's helper module is far smaller).
MAX_HELPER_MODULE = 64_000

#: At most this many calls of other modules' helpers a file are read as connections.
MAX_CALL_SITES = 128

#: The names of the connect APIs the helpers are read for (drivers,
#: ``create_engine``, ``engine_from_config``), each followed by ``(`` in a module
#: with a helper (a substring search: a module without one is not parsed).
_SINKS = tuple(
    sorted(
        {
            name.rsplit(".", 1)[-1] + "("
            for name in (
                *drivers.DRIVER_BY_CALL,
                *sqlalchemy_django.ENGINE_CALLS,
                *sqlalchemy_django.ENGINE_FROM_CONFIG_CALLS,
            )
        }
    )
)

# ``from .a.b import (x as y, z)`` and ``import a.b as c, d``, each matched at the
# start of a line that holds the keyword (possessive but for the module, which gives
# back ``import`` of ``from . import``: linear, one line's word at most).
_FROM = re.compile(r"[ \t]*+from[ \t]++(\.*+)[ \t]*+([\w.]*)[ \t]*import(?!\w)[ \t]*+(\([^)]*+\)|[^\n#;]*+)")
_IMPORT = re.compile(r"[ \t]*+import[ \t]++([^\n#;]*+)")
# The keyword: a literal first, which ``re`` skips to quickly.
_KEYWORD = re.compile(r"import(?![\w])")
_ALIAS = re.compile(r"([\w.]++)(?:[ \t\\\n]++as[ \t\\\n]++(\w++))?")
_CALLED = re.compile(r"(?<![\w])([A-Za-z_]\w*+)[ \t]*+\(")
# ``x.`` (a module's or a class's attribute), and a class statement's bases.
_HEAD = re.compile(r"(?<![\w.])([A-Za-z_]\w*+)[ \t]*+\.")
_BASES = re.compile(r"^[ \t]*+class[ \t]++\w++[ \t]*+\(([^)]*+)\)", re.M)
_WORD = re.compile(r"[A-Za-z_]\w*+")


def imports(text: str) -> list[tuple[str, int, list[tuple[str, str]]]]:
    """The import statements of ``text``, read from its lines: (module, level,
    [(name, local name)]); an ``import a.b as c`` is ``("a.b", 0, [])``.
    """
    out: list[tuple[str, int, list[tuple[str, str]]]] = []
    last = -1
    for keyword in _KEYWORD.finditer(text):
        start = text.rfind("\n", 0, keyword.start()) + 1
        if start == last:
            continue
        last = start
        m = _FROM.match(text, start)
        if m is not None:
            names = [(a.group(1), a.group(2) or a.group(1)) for a in _ALIAS.finditer(m.group(3))]
            out.append((m.group(2), len(m.group(1)), names))
            continue
        m = _IMPORT.match(text, start)
        if m is not None:
            out.extend((a.group(1), 0, []) for a in _ALIAS.finditer(m.group(1)))
    return out


def helper_names(text: str) -> frozenset[str]:
    """The top-level functions, methods of top-level classes, and classes whose
    ``__init__`` is such a method, in which ``text`` may call a connection API
    (the screen's seeds: an over-approximation); empty where the screen cannot
    say, and for a module the prefilter would not pass.
    """
    if len(text) > MAX_HELPER_MODULE or not any(sink in text for sink in _SINKS):
        return frozenset()  # no call of a connect API's name (and no screen's parse)
    if not prefilter.wanted("python", text.encode("utf-8", "surrogateescape")):
        return frozenset()  # no driver's word
    scan = screen.scan(text, complete=True)
    if not scan.may_report or scan.statements is None:
        return frozenset()
    out: set[str] = set()
    for statement in scan.statements:
        node = statement.node
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and statement.seed:
            out.add(node.name)
        elif isinstance(node, ast.ClassDef):
            for member in statement.members:
                if member.seed:
                    out.add(member.node.name)
                    if member.node.name == "__init__":
                        out.add(node.name)
    out.discard("__init__")
    return frozenset(out)


class _Module(NamedTuple):
    """What an import names, as far as helpers go."""

    found: bool  # a file of the project
    package: bool  # its ``__init__.py`` (whose names may be modules too)
    helpers: frozenset[str]


_NOWHERE = _Module(False, False, frozenset())


def _module_helpers(current: project.Project, importer: str, module: str, level: int) -> _Module:
    """:func:`helper_names` of the module an import names, once per directory
    that imports it (the modules of one package import the same ones).
    """

    def find() -> _Module:
        source = current.python_module(importer=importer, module=module, level=level)
        if source is None or source.display == importer:
            return _NOWHERE
        package = os.path.basename(source.display) == "__init__.py"
        if len(source.text) > MAX_MODULE_SIZE:
            return _Module(True, package, frozenset())
        names = current.memo(("python-helper-names", source.display), lambda: helper_names(source.text))
        return _Module(True, package, names)

    return current.memo(("python-helpers-of", os.path.dirname(importer), module, level), find)


def helper_words(path: str, text: str) -> frozenset[str]:
    """The names ``text`` calls that may be helpers of a module of the project it
    imports (see the module); empty outside a run.  The modules are looked up
    first (most files import none with a helper; a name imported from a plain
    module, or from none of the project, is no module); then only the imports
    whose names the file calls, calls a method of or derives a class from count.
    """
    current = project.current()
    if current is None or "import" not in text:
        return frozenset()
    found: dict[tuple[str, int], frozenset[str]] = {}
    statements = imports(text)
    for module, level, names in statements:
        if len(found) >= MAX_IMPORTS:
            break
        if not level and module.split(".", 1)[0] in sys.stdlib_module_names:
            continue
        if module or level:
            target = _module_helpers(current, path, module, level)
            found[module, level] = target.helpers
            if not target.package:
                continue  # ``from .db import a``: a name of db.py, or of no file of the project
        for name, _ in names:
            submodule = (f"{module}.{name}" if module else name, level)
            if submodule not in found and len(found) < MAX_IMPORTS:
                found[submodule] = _module_helpers(current, path, *submodule).helpers
    if not any(found.values()):
        return frozenset()
    called = {m.group(1) for m in _CALLED.finditer(text)}
    heads = {m.group(1) for m in _HEAD.finditer(text)}
    heads.update(w for m in _BASES.finditer(text) for w in _WORD.findall(m.group(1)))
    words: set[str] = set()
    for module, level, names in statements:
        if not names and module.split(".", 1)[0] in heads:  # ``import pkg.db [as db]``
            words.update(found.get((module, level), ()))
        for name, local in names:
            whole = found.get((module, level), frozenset()) if module or level else frozenset()
            if local in heads:  # a module (``db.open_conn()``), or a class (its methods)
                words.update(found.get((f"{module}.{name}" if module else name, level), ()))
                words.update(whole)
            elif local in called and name in whole:
                words.add(local)
    return frozenset(words.intersection(called))


@dataclass(frozen=True)
class Target:
    """A helper of another module a call reaches: its function, that module's
    evaluator, and how many leading parameters the call does not pass (``self``).
    """

    helper: Scope
    names: Names
    skip: int


def call_sites(ev: Names, words: frozenset[str]) -> list[tuple[Site, Target]]:
    """The calls of ``ev``'s module that reach a function or method of another
    module of the project whose name is one of ``words``.
    """
    out: list[tuple[Site, Target]] = []
    if not words:
        return out
    for site in ev.collector.calls:
        call = site.node
        assert isinstance(call, cst.Call)
        func = call.func
        name = (
            func.value
            if isinstance(func, cst.Name)
            else func.attr.value
            if isinstance(func, cst.Attribute)
            else None
        )
        if name not in words:
            continue
        target = _target(ev, func, site.scope, site.order)
        if target is not None:
            out.append((site, target))
            if len(out) >= MAX_CALL_SITES:
                break
    return out


def _target(ev: Names, func: cst.BaseExpression, scope: Scope, order: int) -> Target | None:
    if isinstance(func, cst.Name):
        binding = ev.lookup(func.value, scope, order)
        found = None if binding is None else _imported_name(ev, binding)
        if found is None:
            return None
        other, body = found
        if body.kind == "function":
            return Target(body, other, 0)
        init = method_named(other, body, "__init__") if body.kind == "class" else None
        return None if init is None else Target(init, other, 1)
    if not isinstance(func, cst.Attribute) or not isinstance(func.value, cst.Name):
        return None
    attr = func.attr.value
    cls = class_of(scope)
    if cls is not None and _self_of(scope) == func.value.value:
        if method_named(ev, cls, attr) is not None:
            return None  # a method of this module (helpers.py reads its calls)
        for current in ancestry(ev, cls):
            for base in current.bases:
                found = base_class(ev, base, current.parent or current)
                if found is not None:
                    method = method_named(found[0], found[1], attr)
                    if method is not None and method.self_name is not None:
                        return Target(method, found[0], 1)
        return None
    binding = ev.lookup(func.value.value, scope, order)
    module = None if binding is None else _imported_module(ev, binding)
    function = None if module is None else _module_level(module, attr)
    if module is None or function is None or function.kind != "function":
        return None
    return Target(function, module, 0)


def _self_of(scope: Scope) -> str | None:
    current: Scope | None = scope
    while current is not None and current.kind == "function" and current.self_name is None:
        current = current.parent
    return None if current is None else current.self_name


def _module_level(other: Names, name: str) -> Scope | None:
    bindings = [b for b in other.collector.module_scope.bindings.get(name, ()) if b.body is not None]
    return bindings[-1].body if bindings else None


def _imported_name(ev: Names, binding: Binding) -> tuple[Names, Scope] | None:
    """The function or class ``from <module> import <name>`` binds, in a module of the project."""
    if binding.source is None or binding.scope is not ev.collector.module_scope:
        return None
    module, level, name = binding.source
    other = ev.imported(module, level)
    body = None if other is None else _module_level(other, name)
    return None if other is None or body is None else (other, body)


def _imported_module(ev: Names, binding: Binding) -> Names | None:
    """The module of the project a name stands for (``from . import db``, ``import pkg.db as db``)."""
    if binding.source is not None:
        module, level, name = binding.source
        return ev.imported(f"{module}.{name}" if module else name, level)
    if binding.qualname is not None and binding.value is None and binding.body is None:
        return ev.imported(binding.qualname, 0)
    return None


def base_class(ev: Names, base: cst.BaseExpression, scope: Scope) -> tuple[Names, Scope] | None:
    """The class of another module of the project a base class names (written in ``scope``)."""
    end = 1 << 62
    if isinstance(base, cst.Name):
        binding = ev.lookup(base.value, scope, end)
        found = None if binding is None else _imported_name(ev, binding)
    elif isinstance(base, cst.Attribute) and isinstance(base.value, cst.Name):
        binding = ev.lookup(base.value.value, scope, end)
        other = None if binding is None else _imported_module(ev, binding)
        body = None if other is None else _module_level(other, base.attr.value)
        found = None if other is None or body is None else (other, body)
    else:
        return None
    return found if found is not None and found[1].kind == "class" else None


Argument = tuple[cst.BaseExpression, Scope, int]


def bind(
    target: Target, call: cst.Call, scope: Scope, order: int, keep: list[cst.CSTNode]
) -> dict[int, Argument] | None:
    """The helper's parameters (by their bindings) bound to the call's arguments:
    by position after ``target.skip``, by keyword, the keywords no parameter takes
    to a ``**kwargs`` parameter (a ``dict(...)`` of them, kept alive in ``keep``:
    the evaluator caches by node id), a parameter left out to its default.  None
    for a call that passes ``*args`` or ``**kwargs`` (it binds nothing known).
    """
    helper = target.helper
    if any(arg.star for arg in call.args):
        return None
    bound: dict[int, Argument] = {}
    extra: list[cst.Arg] = []
    for arg, name in named_arguments(call, helper.params[target.skip :]):
        param = _parameter(helper, name)
        if param is not None:
            bound[id(param)] = (arg.value, scope, order)
        elif arg.keyword is not None:
            extra.append(arg)
    star = _parameter(helper, helper.star_kwarg)
    if star is not None:
        spread = cst.Call(cst.Name("dict"), args=extra)
        keep.append(spread)
        bound[id(star)] = (spread, scope, order)
    for name, default in helper.defaults.items():
        param = _parameter(helper, name)
        if param is not None and id(param) not in bound:
            bound[id(param)] = (default, helper.parent or helper, 0)
    return bound


def _parameter(helper: Scope, name: str | None) -> Binding | None:
    """The binding a parameter of ``helper`` made (its first, valueless binding)."""
    if name is None or name not in (*helper.params, *helper.keywords, helper.star_kwarg):
        return None
    bindings = helper.bindings.get(name, ())
    return bindings[0] if bindings and bindings[0].value is None else None


def inside(scope: Scope, helper: Scope) -> bool:
    """Whether ``scope`` is ``helper`` or a function nested in it."""
    current: Scope | None = scope
    while current is not None:
        if current is helper:
            return True
        current = current.parent
    return False


def inherited_attribute(ev: Names, cls: Scope, name: str) -> tuple[Scope, Binding] | None:
    """The class-body assignment of ``name`` in a base class another module of the
    project defines (``self.databases`` of ``base.PyMySQLTestCase``), nearest first.
    """
    for current in ancestry(ev, cls):
        for base in current.bases:
            found = base_class(ev, base, current.parent or current)
            if found is None:
                continue
            other, other_cls = found
            for owner in ancestry(other, other_cls):
                assigned = [b for b in owner.bindings.get(name, ()) if b.value is not None]
                if assigned:
                    return owner, assigned[-1]
    return None
