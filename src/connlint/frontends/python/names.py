"""Names in the Python front-end: what a name or attribute refers to, and the
ways a value travels to a connect call beyond plain assignment: ``self.<attr>``
set in ``__init__``/``setUp`` and read in another method, class attributes, the
dict a function of the module returns, copies of a dict, aliases made with
``functools.partial`` or ``obj.__class__``, and ``for`` loops over a literal
collection (one outcome per value, never a pick).

:class:`Names` is the first layer of the evaluator; what an expression stands
for is :mod:`connlint.frontends.python.evaluation`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import TypeVar

import libcst as cst

from connlint import project
from connlint.frontends import python_shape
from connlint.frontends.python.bindings import (
    AttributeAssignment,
    Binding,
    Collector,
    Mutation,
    Scope,
)
from connlint.frontends.python.branches import arm_conflicts, deciding_step, deciding_value, settings_like
from connlint.frontends.python.classes import ancestry, method_named
from connlint.frontends.python.parsers import cst_module
from connlint.frontends.python.positions import Positions
from connlint.frontends.python.values import DictValue, SeqValue, Str, Unknown, Value
from connlint.model import Location

#: Modules whose ``from X import *`` may bring a driver call into scope.
STAR_MODULES = frozenset(
    {
        "pymysql",
        "MySQLdb",
        "mysql",
        "aiomysql",
        "asyncmy",
        "mariadb",
        "sqlalchemy",
        "ssl",
        "os",
    }
)

MAX_DEPTH = 12

T = TypeVar("T")

#: A ``for`` loop over a literal collection of at most this many values gives a
#: connection per value; a longer one is a value not known statically.
MAX_LOOP_VALUES = 16

#: Methods whose ``self.<attr> = value`` other methods of the class see
#: (constructors and test fixtures: unittest, pytest, IsolatedAsyncioTestCase).
SETUP_METHODS: frozenset[str] = frozenset(
    {
        "__init__",
        "__post_init__",
        "setUp",
        "setUpClass",
        "asyncSetUp",
        "setup_method",
        "setup_class",
    }
)

#: ``functools.partial(f, ...)``: calls ``f`` with these arguments first.
PARTIAL_CALLS: frozenset[str] = frozenset({"functools.partial"})

#: ``copy.copy(d)`` and ``copy.deepcopy(d)``: the same dict.
COPY_CALLS: frozenset[str] = frozenset({"copy.copy", "copy.deepcopy"})


#: A value is followed through at most this many imports (``db.py`` -> ``settings.py``
#: -> ``base.py``), each file parsed once per process (``Project.memo``).
MAX_FILES = 3

#: A module larger than this is not parsed for the constants another file imports.
MAX_MODULE_SIZE = 256_000

#: An order after every statement: a module's value once it has run.
END = 1 << 62

#: A function with more ``return`` statements than this returns a value not known statically.
MAX_RETURNS = 4


def parse_module(text: str) -> tuple[cst.Module, Collector, str] | None:
    """A module of the project parsed and walked for its names, and the text
    parsed (None if it cannot be).
    """
    try:
        shaped = python_shape.bound(text).text
        module = cst_module(shaped)
        collector = Collector()
        collector.walk_module(module)
    except (cst.ParserSyntaxError, UnicodeError, RecursionError):
        return None
    return module, collector, shaped


class Names(Positions):
    """What names refer to in one module; the evaluation itself is a subclass's."""

    def __init__(self, path: str, module: cst.Module, collector: Collector) -> None:
        super().__init__(path, module, collector.top_of)
        self.collector = collector
        self.consumed: set[int] = set()  # ids of string and call nodes already reported
        self._qualnames: dict[int, str | None] = {}
        # Loops over literal collections (see :meth:`per_loop_value`): the value
        # chosen for a loop variable (with the node that holds it), and the loops
        # an evaluation met unchosen.
        self._choices: dict[int, tuple[Value, cst.CSTNode | None]] = {}
        self._loops: dict[int, tuple[Binding, SeqValue]] = {}
        # ``if`` statements whose arms decide a setting (see :mod:`.branches`): the
        # arm chosen for each, and those an evaluation met unchosen (with the
        # order where each begins).
        self._arm_choices: dict[int, int] = {}
        self._branches: dict[int, int] = {}
        # How many arms a choice point has, where not two (a function's returns).
        self._arm_counts: dict[int, int] = {}
        # A helper's parameters bound to a call's arguments (see :mod:`.helpers`),
        # by the parameter's binding; and the parameters an evaluation met unbound.
        self.arguments: dict[int, tuple[cst.BaseExpression, Scope, int]] = {}
        self.params_met: dict[int, Binding] = {}
        # Other modules of the project this file's values come from (see
        # :meth:`imported`), shared by the evaluators of one lint: by module scope,
        # and by (importer, module, level).
        # Only the others: an evaluator in its own table would be a reference
        # cycle, keeping its positions alive until a full garbage collection.
        self._owners: dict[int, Names] = {}
        self._imports: dict[tuple[str, str, int], Names | None] = {}
        self._files = 0  # how many imports away from the linted file
        # The class ``self`` is an instance of, where a subclass in the module
        # overrides a method the connection's settings come from (see :mod:`.helpers`).
        self.self_class: Scope | None = None
        # Methods of ``self`` whose returns an evaluation read, by name.
        self.methods_met: set[str] = set()
        # The file whose call of a helper of this module is being read (its
        # arguments' settings stand where that file wrote them; :mod:`.project_helpers`).
        self.guest: str | None = None

    def owner_of(self, node: cst.CSTNode) -> Positions:
        """The evaluator of the module ``node`` belongs to (another module's for a
        value that came from there).
        """
        if id(node) in self.top_of or not self._owners:
            return self
        for other in self._owners.values():
            if id(node) in other.top_of:
                return other
        return self

    def imported(self, module: str, level: int) -> Names | None:
        """The evaluator of a module of the project, as this file imports it
        (``from .settings import X``: ``"settings", 1``), or None when it is not
        in the project, too far (:data:`MAX_FILES`), too large or unparsable.
        """
        key = (self.path, module, level)
        if key in self._imports:
            found = self._imports[key]
            if found is not None and found._files > self._files + 1:
                found._files = self._files + 1  # nearer this time: it may go deeper
            return found
        current = project.current()
        if current is None or self._files >= MAX_FILES:
            return None  # not kept: a nearer importer may reach it
        self._imports[key] = None  # an import cycle stops here
        found = None
        source = current.python_module(importer=self.path, module=module, level=level)
        if source is not None and source.display != self.path and len(source.text) <= MAX_MODULE_SIZE:
            parsed = current.memo(("python-module", source.display), lambda: parse_module(source.text))
            if parsed is not None:
                found = self._sibling(source.display, *parsed)
        self._imports[key] = found
        return found

    def release(self) -> None:
        """Forget the other modules' evaluators (they refer to each other)."""
        self._owners.clear()
        self._imports.clear()

    def _sibling(self, path: str, module: cst.Module, collector: Collector, text: str) -> Names:
        other = type(self)(path, module, collector)
        other.located = True
        other.source = text  # positions from the statements that hold the nodes (:mod:`.positions`)
        other._files = self._files + 1
        other._owners = self._owners
        other._imports = self._imports
        self._owners[id(collector.module_scope)] = other
        return other

    def module_value(self, name: str, depth: int) -> tuple[Value, Location | None] | None:
        """The value of the module-level name ``name`` of this module and where it
        is assigned (None: not bound here, or not known).
        """
        scope = self.collector.module_scope
        bindings = scope.bindings.get(name, ())
        if not any(b.value is not None or b.source or b.qualname for b in bindings):
            return None
        value = self.evaluate(cst.Name(name), scope, END, depth + 1)
        if isinstance(value, Unknown):
            return None
        assigned = [b for b in bindings if b.value is not None]
        if assigned and assigned[-1].value is not None:
            return value, self.loc(assigned[-1].value)
        imports = [b for b in bindings if b.source is not None and b.node is not None]
        node = imports[-1].node if imports else None
        if node is not None and isinstance(value, Str) and value.trail:
            # A re-export (``from .settings import DB_URL`` in ``pkg/__init__.py``): the
            # importer's hop stands here, at the name this module imports.
            return value, self.loc(node)
        if node is not None and isinstance(value, DictValue) and value.trail:
            return dataclasses.replace(value, exported_at=self.loc(node)), None
        return value, None

    def evaluate(self, node: cst.BaseExpression, scope: Scope, order: int, depth: int = 0) -> Value:
        """What ``node`` stands for (see :class:`~connlint.frontends.python.evaluation.Evaluator`)."""
        raise NotImplementedError

    def _apply(self, value: Value, steps: Sequence[tuple[Mutation, Scope]], depth: int) -> Value:
        raise NotImplementedError

    def lookup(self, name: str, scope: Scope, order: int, branches: bool = False) -> Binding | None:
        """The binding ``name`` refers to at ``order`` in ``scope`` (None when unbound).
        With ``branches``, a settings-like binding in an arm of an ``if`` the use
        is not in is taken only in the outcomes where that arm runs (else the
        binding before it).
        """
        current: Scope | None = self.collector.module_scope if name in scope.globals else scope
        first = True
        while current is not None:
            if current.kind == "class" and not first:
                current = current.parent
                continue
            candidates = [b for b in current.bindings.get(name, ()) if not is_none(b.value)]
            if candidates:
                if first:
                    before = [b for b in candidates if b.order < order]
                    if branches:
                        for b in reversed(before[1:]):
                            if not settings_like(b) or self.taken(current, b.order, order):
                                return b
                        return before[0] if before else candidates[-1]
                    return before[-1] if before else candidates[-1]
                return candidates[-1]
            if current.bindings.get(name):
                return None  # only ``name = None`` fallbacks
            first = False
            current = current.parent
        for star in self.collector.module_scope.stars:
            if star.split(".", 1)[0] in STAR_MODULES:
                return Binding(0, self.collector.module_scope, f"{star}.{name}")
        return None

    def taken(self, scope: Scope, at: int, use: int, bound: int = -1) -> bool:
        """Whether code at order ``at`` of ``scope`` runs on the way to the use at
        ``use`` in the arms chosen (see :meth:`per_loop_value`); an ``if`` not
        chosen yet is noted, and its code taken.  A change to a value bound at
        ``bound`` is no choice where that binding is (:func:`.arm_conflicts`).
        """
        arms = arm_conflicts(scope, at, use, bound)
        if arms is None:
            return False
        for arm in arms:
            chosen = self._arm_choices.get(arm.point)
            if chosen is None:
                self._branches.setdefault(arm.point, arm.start)
            elif chosen != arm.index:
                return False
        return True

    def qualname_of(self, node: cst.BaseExpression, scope: Scope, order: int, depth: int = 0) -> str | None:
        """The dotted name ``node`` stands for through imports and aliases (None if not known)."""
        key = id(node)
        if key in self._qualnames:
            return self._qualnames[key]
        result: str | None = None
        if depth > MAX_DEPTH:
            return None
        if isinstance(node, cst.Name):
            binding = self.lookup(node.value, scope, order)
            if binding is not None:
                if binding.qualname is not None:
                    result = binding.qualname
                elif isinstance(binding.value, cst.Name | cst.Attribute):
                    # ``connect = pymysql.connect`` (an alias by assignment)
                    result = self.qualname_of(binding.value, binding.scope, binding.order, depth + 1)
                elif isinstance(binding.value, cst.Call):
                    # ``connect = functools.partial(pymysql.connect, ...)``
                    partial = self._partial_target(binding.value, binding.scope, binding.order, depth + 1)
                    if partial is not None:
                        result = self.qualname_of(partial, binding.scope, binding.order, depth + 1)
        elif isinstance(node, cst.Attribute) and node.attr.value == "__class__":
            # ``self.cnx.__class__(**config)``: the class that made ``self.cnx``
            made = self.origin(node.value, scope, order, depth + 1)
            if made is not None and isinstance(made[0], cst.Call):
                result = self.qualname_of(made[0].func, made[1], made[2], depth + 1)
        elif isinstance(node, cst.Attribute) and node.attr.value == "__init__" and _is_super(node.value):
            # ``super().__init__(ssl=...)`` in a subclass of a driver's connection class
            result = self._library_base(scope, depth)
        elif isinstance(node, cst.Attribute):
            head = self.qualname_of(node.value, scope, order, depth + 1)
            result = None if head is None else f"{head}.{node.attr.value}"
            assigned = self._self_assignment(node, scope, order) if head is None else None
            if assigned is not None and isinstance(assigned.value, cst.Name | cst.Attribute):
                # ``self.connect = pymysql.connect`` in ``__init__``, called in another method
                result = self.qualname_of(assigned.value, assigned.scope, assigned.order, depth + 1)
        self._qualnames[key] = result
        return result

    def _library_base(self, scope: Scope, depth: int) -> str | None:
        """The qualified name of the first base of the class of the method
        ``scope`` (or a function inside it) that comes from a module of
        :data:`STAR_MODULES` (a driver's connection class).
        """
        current: Scope | None = scope
        while current is not None and current.self_name is None:
            current = current.parent if current.kind == "function" else None
        cls = None if current is None else current.parent
        if cls is None or cls.kind != "class" or cls.parent is None:
            return None
        for base in cls.bases:
            name = self.qualname_of(base, cls.parent, END, depth + 1)
            if name is not None and name.split(".", 1)[0] in STAR_MODULES:
                return name
        return None

    def _partial_target(
        self, call: cst.Call, scope: Scope, order: int, depth: int
    ) -> cst.BaseExpression | None:
        """``f`` of ``functools.partial(f, ...)``; None for another call."""
        if self.qualname_of(call.func, scope, order, depth) not in PARTIAL_CALLS:
            return None
        first = positional(call, 0)
        return None if first is None else first.value

    def partials(
        self, func: cst.BaseExpression, scope: Scope, order: int
    ) -> list[tuple[cst.Call, Scope, int]]:
        """The ``functools.partial`` calls a called name goes through, innermost first."""
        out: list[tuple[cst.Call, Scope, int]] = []
        for _ in range(MAX_DEPTH):
            if not isinstance(func, cst.Name):
                break
            binding = self.lookup(func.value, scope, order)
            if binding is None or not isinstance(binding.value, cst.Call):
                break
            target = self._partial_target(binding.value, binding.scope, binding.order, 0)
            if target is None:
                break
            out.append((binding.value, binding.scope, binding.order))
            func, scope, order = target, binding.scope, binding.order
        out.reverse()
        return out

    def origin(
        self, node: cst.BaseExpression, scope: Scope, order: int, depth: int = 0
    ) -> tuple[cst.BaseExpression, Scope, int] | None:
        """The expression a name or ``self.<attr>`` was last assigned, where it stands."""
        if depth > MAX_DEPTH:
            return None
        if isinstance(node, cst.Name):
            binding = self.lookup(node.value, scope, order)
            if binding is not None and binding.value is not None:
                return binding.value, binding.scope, binding.order
            return None
        if isinstance(node, cst.Attribute):
            found = self._self_assignment(node, scope, order)
            if found is not None:
                return found.value, found.scope, found.order
        return None

    def travelled(self, node: cst.BaseExpression, scope: Scope, order: int) -> str | None:
        """How ``node`` reaches its value when that is a hop worth naming: the
        call of a function of the module (``get_config()``), ``self.<attr>`` or
        ``Class.<attr>``; None otherwise.
        """
        if isinstance(node, cst.Call):
            return f"{self.code(node.func)}()" if self._returning(node, scope, order) is not None else None
        if isinstance(node, cst.Name):
            binding = self.lookup(node.value, scope, order)
            return None if binding is None or binding.source is None else import_label(binding.source)
        if not isinstance(node, cst.Attribute):
            return None
        if self._self_assignment(node, scope, order) or self._class_attribute(node, scope, order):
            return self.code(node)
        return None

    def _method_of(self, name: str, scope: Scope) -> Scope | None:
        """The method whose ``self`` parameter is ``name``, seen from ``scope``."""
        current: Scope | None = scope
        while current is not None and current.kind == "function":
            if current.self_name == name:
                return current if current.parent is not None else None
            if name in current.bindings:
                return None  # ``name`` is a local of an inner function
            current = current.parent
        return None

    def _self_assignment(self, node: cst.Attribute, scope: Scope, order: int) -> AttributeAssignment | None:
        """The assignment ``self.<attr>`` stands for in a method: the latest one
        earlier in the same method, else the one in ``__init__``/``setUp``, else
        the only one in the class.
        """
        if not isinstance(node.value, cst.Name):
            return None
        method = self._method_of(node.value.value, scope)
        if method is None or method.parent is None:
            return None
        assignments = method.parent.attributes.get(node.attr.value, ())
        own = [a for a in assignments if a.scope is method and a.order < order]
        if own:
            return own[-1]
        setup = [a for a in assignments if a.scope.name in SETUP_METHODS and a.scope is not method]
        if setup:
            return setup[-1]
        return assignments[0] if len(assignments) == 1 and assignments[0].scope is not method else None

    def _member(self, node: cst.Attribute, scope: Scope, order: int, depth: int) -> Value | None:
        """``self.<attr>`` (assigned in a method, or a class attribute) or
        ``Class.<attr>`` of a class of this module; None when it is neither.
        """
        if not isinstance(node.value, cst.Name):
            return None
        found = self._self_assignment(node, scope, order)
        if found is not None:
            value = self.evaluate(found.value, found.scope, found.order, depth + 1)
            holder = f"{node.value.value}.{node.attr.value}"
            steps = [(m, found.scope) for m in found.scope.mutations.get(holder, ()) if m.order > found.order]
            if found.scope is scope:
                steps = [(m, s) for m, s in steps if m.order < order]
            else:
                steps += [(m, scope) for m in scope.mutations.get(holder, ()) if m.order < order]
            steps = [
                (m, s) for m, s in steps if not deciding_step(m) or self.taken(s, m.order, order, found.order)
            ]
            return self._apply(value, steps, depth)
        found_in_class = self._class_attribute(node, scope, order)
        if found_in_class is None:
            return None
        cls, last = found_in_class
        assert last.value is not None
        return self.evaluate(last.value, cls, last.order, depth + 1)

    def _class_attribute(self, node: cst.Attribute, scope: Scope, order: int) -> tuple[Scope, Binding] | None:
        """The class-body assignment ``self.<attr>`` or ``Class.<attr>`` stands for."""
        if not isinstance(node.value, cst.Name):
            return None
        cls: Scope | None = None
        method = self._method_of(node.value.value, scope)
        if method is not None:
            cls = method.parent
        else:
            binding = self.lookup(node.value.value, scope, order)
            if binding is not None and binding.body is not None and binding.body.kind == "class":
                cls = binding.body
        if cls is None:
            return None
        assigned = [b for b in cls.bindings.get(node.attr.value, ()) if b.value is not None]
        if assigned:
            return cls, assigned[-1]
        if (
            method is None
            or not self.located
            or any(node.attr.value in c.attributes for c in ancestry(self, cls))
        ):
            return None
        # A class attribute of a base class of another module (read in a method: ``self.<attr>``).
        from connlint.frontends.python import project_helpers  # (it builds on this module)

        return project_helpers.inherited_attribute(self, cls, node.attr.value)

    def _loop_value(self, binding: Binding, name: str, depth: int) -> Value:
        """The value of a ``for`` loop's variable: the one chosen by
        :meth:`per_loop_value`, else unknown (the loop is noted when it runs over
        a literal collection).
        """
        chosen = self._choices.get(id(binding))
        if chosen is not None:
            return chosen[0]
        assert binding.loop is not None
        items = self.evaluate(binding.loop, binding.scope, binding.order, depth + 1)
        if isinstance(items, SeqValue) and 0 < len(items.items) <= MAX_LOOP_VALUES:
            self._loops.setdefault(id(binding), (binding, items))
        return Unknown(name)

    def loop_origin(self, node: cst.BaseExpression, scope: Scope, order: int) -> cst.CSTNode | None:
        """Where the value chosen for the loop variable ``node`` is written."""
        if not isinstance(node, cst.Name):
            return None
        binding = self.lookup(node.value, scope, order)
        chosen = None if binding is None else self._choices.get(id(binding))
        return None if chosen is None else chosen[1]

    def per_loop_value(self, make: Callable[[], list[T]], budget: int = MAX_LOOP_VALUES) -> list[T]:
        """``make()`` once for each value of the loops over literal collections
        whose variables it used (``for verify in (True, False): connect(...)``:
        one connection per value), at most ``budget`` times.
        """
        saved, self._loops = self._loops, {}
        saved_branches, self._branches = self._branches, {}
        try:
            result = make()
            # The outermost loop or ``if`` first; a loop with more values than the
            # budget left stays a value not known statically, an ``if`` the code
            # written last.
            fitting = sorted((b.order, id(b)) for b, seq in self._loops.values() if len(seq.items) <= budget)
            # (met first, first among those at one place: an outer conditional expression)
            branches = sorted(
                (start, index, point)
                for index, (point, start) in enumerate(self._branches.items())
                if budget >= 2
            )
            if branches and (not fitting or branches[0][0] < fitting[0][0]):
                return self._per_arm(make, branches[0][2], budget)
            if not fitting:
                return result
            binding, seq = self._loops[fitting[0][1]]
            out: list[T] = []
            share = max(1, budget // len(seq.items))
            nodes = seq.nodes if len(seq.nodes) == len(seq.items) else (None,) * len(seq.items)
            for item, node in zip(seq.items, nodes, strict=True):
                self._choices[id(binding)] = (item, node)
                out.extend(self.per_loop_value(make, share))
            del self._choices[id(binding)]
            return out
        finally:
            self._loops = saved
            self._branches = saved_branches

    def _per_arm(self, make: Callable[[], list[T]], point: int, budget: int) -> list[T]:
        """``make()`` with each arm of the ``if`` ``point`` taken in turn; an
        outcome that is the same in both arms is given once.
        """
        out: list[T] = []
        count = self._arm_counts.get(point, 2)
        for index in range(count):
            self._arm_choices[point] = index
            for item in self.per_loop_value(make, max(1, budget // count)):
                if item not in out:
                    out.append(item)
        del self._arm_choices[point]
        return out

    def _copied(self, node: cst.Call, name: str | None, scope: Scope, order: int, depth: int) -> Value | None:
        """``d.copy()``, ``copy.copy(d)``, ``copy.deepcopy(d)`` of a dict: the dict."""
        source: cst.BaseExpression | None = None
        if isinstance(node.func, cst.Attribute) and node.func.attr.value == "copy" and not node.args:
            source = node.func.value
        elif name in COPY_CALLS and len(node.args) == 1 and not node.args[0].star:
            source = node.args[0].value
        if source is None:
            return None
        value = self.evaluate(source, scope, order, depth + 1)
        return value if isinstance(value, DictValue) else None

    def _returned(self, node: cst.Call, scope: Scope, order: int, depth: int) -> Value | None:
        """What a function of this module (or a method called on ``self``) returns:
        ``get_config()``.  A function with several ``return`` statements whose
        values may decide TLS (``return None`` / ``return {"ca": CA}``) is a choice
        point: each return is an outcome (see :meth:`choose`).
        """
        body = self._returning(node, scope, order)
        if body is None:
            return None
        arms = [(value, body, at) for value, at in body.returns]
        return self.choose(id(body), arms, order, depth, self.code(node))

    def choose(
        self,
        point: int,
        arms: Sequence[tuple[cst.BaseExpression, Scope, int]],
        order: int,
        depth: int,
        text: str,
    ) -> Value:
        """The value of one of ``arms`` (a conditional expression's, a function's
        returns): the arm chosen for ``point`` by :meth:`per_loop_value`; before a
        choice, the first, with ``point`` noted when an arm's value may decide
        TLS (else a value not known statically, named ``text``).
        """
        if len(arms) == 1:
            value, at, when = arms[0]
            return self.evaluate(value, at, when, depth + 1)
        chosen = self._arm_choices.get(point)
        if chosen is not None:
            value, at, when = arms[chosen]
            return self.evaluate(value, at, when, depth + 1)
        noted = point not in self._branches
        self._branches.setdefault(point, order)  # before the arms': an outer point comes first
        values = [self.evaluate(value, at, when, depth + 1) for value, at, when in arms]
        if not any(deciding_value(v) for v in values):
            if noted:
                del self._branches[point]
            return Unknown(text)
        if len(arms) != 2:
            self._arm_counts[point] = len(arms)
        return values[0]

    def _returning(self, node: cst.Call, scope: Scope, order: int) -> Scope | None:
        """The function of this module ``node`` calls (a method of ``self``'s class
        or of its bases in this module; of :attr:`self_class` first when set), when
        it has at most :data:`MAX_RETURNS` ``return`` statements.
        """
        body: Scope | None = None
        func = node.func
        if isinstance(func, cst.Name):
            binding = self.lookup(func.value, scope, order)
            body = None if binding is None else binding.body
        elif isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name):
            method = self._method_of(func.value.value, scope)
            if method is not None and method.parent is not None:
                body = method_named(self, method.parent, func.attr.value)
                self.methods_met.add(func.attr.value)
        if body is None or body.kind != "function" or not 1 <= len(body.returns) <= MAX_RETURNS:
            return None
        return body


def _is_super(node: cst.BaseExpression) -> bool:
    """``super()`` or ``super(Cls, self)``."""
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "super"


def is_none(value: cst.BaseExpression | None) -> bool:
    """True for the name ``None``."""
    return isinstance(value, cst.Name) and value.value == "None"


def positional(node: cst.Call, index: int) -> cst.Arg | None:
    """The ``index``-th positional argument of a call (None after a ``*args``)."""
    plain = [arg for arg in node.args if arg.keyword is None and arg.star == ""]
    if any(arg.star == "*" for arg in node.args[: index + 1]):
        return None
    return plain[index] if index < len(plain) else None


def keyword_arg(node: cst.Call, name: str) -> cst.Arg | None:
    """The keyword argument ``name`` of a call."""
    for arg in node.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg
    return None


def import_label(source: tuple[str, int, str]) -> str:
    """``from ..pkg import X`` as ``..pkg.X`` (what a hop through it is called)."""
    module, level, name = source
    return "." * level + (f"{module}.{name}" if module else name)
