"""The state of a ``java.util.Properties`` object where it is handed to a
connection: its ``setProperty`` / ``put`` / ``remove`` / ``clear`` /
``putAll`` calls in source order, ``new Properties(defaults)``, a
reassignment, and a ``Properties`` built and returned by a method of the class
(issue 16, item 1).  ``java_apis`` records the calls; this module replays them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from connlint.clients.connector_j import is_mysql_family_tls_key
from connlint.frontends.java_branches import Choice, Choosing, choices_of, enumerate_outcomes, holds
from connlint.frontends.java_symbols import Symbols, Var
from connlint.frontends.java_syntax import arguments
from connlint.frontends.java_values import Evaluator
from connlint.lazy import dataclass
from connlint.model import Setting

if TYPE_CHECKING:
    from connlint.frontends.java_apis import Config

#: Declared types whose ``setProperty`` / ``put`` calls carry driver properties.
PROPERTIES_TYPES = frozenset({"Properties"})
#: ``new Properties(defaults)`` / ``putAll`` followed at most this deep.
_MAX_PROPERTIES_DEPTH = 8


@dataclass(frozen=True)
class PropertiesEvent:
    """A change to a ``Properties`` object, where it happens (a byte offset)."""

    position: int
    op: str  # set | remove | clear | putAll | unknown
    key: str | None = None
    setting: Setting | None = None
    other: Node | None = None
    #: The call, for a change of a TLS key that may sit under a branch (:mod:`java_branches`).
    call: Node | None = None


class PropertiesStates:
    """The ``Properties`` objects of one file, replayed up to a point."""

    def __init__(self, symbols: Symbols, evaluator: Evaluator, configs: dict[int, Config]) -> None:
        self.symbols = symbols
        self.evaluator = evaluator
        self.source = evaluator.source
        #: The calls recorded on each variable (``java_apis.Apis.configs``, shared).
        self.configs = configs

    def is_properties(self, node: Node) -> bool:
        """Whether ``node`` names a ``Properties`` variable."""
        var = self.symbols.resolve(node)
        return var is not None and var.type in PROPERTIES_TYPES

    def settings_of(self, node: Node, at: Node | None = None) -> list[Setting]:
        """The settings of a ``Properties`` variable where ``at`` hands it over
        (each ``setProperty`` / ``put`` / ``remove`` / ``clear`` / ``putAll`` and a
        reassignment before it; ``new Properties(defaults)`` starts from the
        defaults' state); without ``at``, every setting it ever gets.
        """
        return self._handed(node, at, branches=False)[0]

    def outcomes_of(self, node: Node, at: Node) -> list[list[Setting]]:
        """The settings of each state a ``Properties`` variable can be in where
        ``at`` hands it over: a TLS key set under a branch gives the state with
        and without it (issue 16, item 1).
        """
        return self._handed(node, at, branches=True)

    def placed(self, node: Node, at: Node | None, use: Node) -> list[tuple[Setting, tuple[Choice, ...]]]:
        """The settings of the ``Properties`` ``node`` (see :meth:`settings_of`),
        each with the branches around its setter that ``use`` is not in (an
        object that takes them: ``HikariConfig.setDataSourceProperties(props)``).
        """
        settings = self.settings_of(node, at)
        var = self.symbols.resolve(node) if node.type == "identifier" else None
        if var is None or var.type not in PROPERTIES_TYPES or self.evaluator.bindings:
            return [(setting, ()) for setting in settings]
        return [(s, self.setting_choices(var, s, use.start_byte)) for s in settings]

    def _handed(self, node: Node, at: Node | None, branches: bool) -> list[list[Setting]]:
        argument = self.evaluator.bound_argument(node)
        if argument is not None and self.evaluator.site is not None:
            node, at = argument, self.evaluator.site  # a helper's parameter: the caller's object
        var: Var | None
        if node.type == "method_invocation":  # getConnection(url, tlsProperties())
            returned = self.returned(node)
            if returned is None:
                return [[]]
            var, at = returned
        else:
            var = self.symbols.resolve(node)
            if var is None or var.type not in PROPERTIES_TYPES:
                return [[]]
            config = self.configs.get(var.node.id)
            if config is not None:
                config.consumed = True
            if at is None:
                return [list(config.settings) if config is not None else []]
        if not branches:
            return [list(self.at(var, at.start_byte).values())]
        return [list(state.values()) for state in self.outcomes(var, at.start_byte)]

    def returned(self, call: Node) -> tuple[Var, Node] | None:
        """The local ``Properties`` a method of this class returns (its only
        ``return``, last in its body: ``java_returns.Returns.local_of``) and that
        ``return`` statement, for a call of it without a receiver or on ``this``.
        """
        obj = call.child_by_field_name("object")
        name = call.child_by_field_name("name")
        if name is None or (obj is not None and obj.type != "this"):
            return None
        returns = self.evaluator.method_returns()
        found = returns.local_of(call, self.source(name), len(arguments(call)))
        if found is None:
            return None
        statement, identifier = found
        local = self.symbols.resolve(identifier)
        if local is None or local.type not in PROPERTIES_TYPES or local.is_field:
            return None
        return local, statement

    def at(self, var: Var, position: int) -> dict[str, Setting]:
        """Key -> setting of a ``Properties`` variable just before byte ``position``
        (every change before it applied, under a branch or not).
        """
        return self._state(var, position, frozenset(), None)

    def outcomes(self, var: Var, position: int) -> list[dict[str, Setting]]:
        """Each state the variable can be in just before byte ``position``: a
        TLS key set or removed under a branch (an ``if`` the use is not in)
        gives the state with and without it (issue 16, item 1).  The first is
        the state with each ``if``'s consequence taken.
        """
        return enumerate_outcomes(lambda choosing: self._state(var, position, frozenset(), choosing))

    def _placed(self, event: PropertiesEvent, var: Var, position: int, choosing: Choosing | None) -> bool:
        """Whether a change applies in this replay: always, unless it changes a
        TLS key under a branch that neither the use nor the object's creation is in.
        """
        if choosing is None:
            return True
        return choosing.taken(self._choices(event, var, position))

    def _choices(self, event: PropertiesEvent, var: Var, position: int) -> tuple[Choice, ...]:
        """The branches around a change of a TLS key that the use at byte
        ``position`` and the object's creation are not in (none for another key:
        applied as written, so no two states differ by it alone).
        """
        if event.call is None or event.key is None:
            return ()
        # HikariCP hands ``dataSource.<property>`` to the driver (new HikariConfig(props)).
        if not is_mysql_family_tls_key(event.key.removeprefix("dataSource.")):
            return ()
        starts = [position, var.node.start_byte]
        for assignment in var.assignments:
            right = assignment.child_by_field_name("right")
            if right is not None and right.type == "object_creation_expression":
                starts.append(assignment.start_byte)
        return choices_of(event.call, self.symbols.parent, lambda construct: holds(construct, *starts))

    def setting_choices(self, var: Var, setting: Setting, position: int) -> tuple[Choice, ...]:
        """The branches around the call that put ``setting`` on the ``Properties``
        variable ``var``, for an object that takes its settings at byte ``position``
        (``HikariConfig.setDataSourceProperties(props)``).
        """
        config = self.configs.get(var.node.id)
        if config is None:
            return ()
        event = next((e for e in config.events if e.setting is setting), None)
        return self._choices(event, var, position) if event is not None else ()

    def _state(
        self, var: Var, position: int, seen: frozenset[int], choosing: Choosing | None
    ) -> dict[str, Setting]:
        """Key -> setting of a ``Properties`` variable just before byte ``position``
        (``choosing``: the arms of the branches taken; None: every change applies).
        """
        state: dict[str, Setting] = {}
        if var.node.id in seen or len(seen) > _MAX_PROPERTIES_DEPTH:
            return state
        seen = seen | {var.node.id}
        config = self.configs.get(var.node.id)
        if config is not None:
            config.consumed = True  # handed on: not a connection of its own
        # new Properties(defaults): keys it lacks are read from the defaults as
        # they are when read (java.util.Properties#stringPropertyNames, which
        # the drivers use), whatever is removed or cleared on the object itself.
        defaults: dict[str, Setting] = {}
        if var.value is not None and var.value.type == "object_creation_expression":
            args = arguments(var.value)
            inner = self.symbols.resolve(args[0]) if len(args) == 1 else None
            if inner is not None and inner.type in PROPERTIES_TYPES:
                defaults = self._state(inner, position, seen, choosing)
        if var.value is not None and var.value.type == "method_invocation":
            # Properties props = tlsProperties(): the object that method built, as it
            # was returned; what is set here afterwards comes on top.
            returned = self.returned(var.value)
            if returned is not None:
                local, at_return = returned
                state.update(self._state(local, at_return.start_byte, seen, choosing))
        events = list(config.events) if config is not None else []
        for assignment in var.assignments:
            # props = new Properties(): a new object.  Any other value (props =
            # withDefaults(props)) is not known: the settings so far stay.
            right = assignment.child_by_field_name("right")
            if right is not None and right.type == "object_creation_expression":
                events.append(PropertiesEvent(assignment.start_byte, "clear"))
        events.sort(key=lambda event: event.position)
        for event in events:
            if event.position >= position:
                break
            if not self._placed(event, var, position, choosing):
                continue
            if event.op == "set" and event.key is not None and event.setting is not None:
                state.pop(event.key, None)  # a key set again counts where it is set last
                state[event.key] = event.setting
            elif event.op == "remove" and event.key is not None:
                state.pop(event.key, None)
            elif event.op == "clear":
                state.clear()
            elif event.op == "putAll" and event.other is not None:
                other = self.symbols.resolve(event.other)
                if other is not None and other.type in PROPERTIES_TYPES:
                    state.update(self._state(other, event.position, seen, choosing))
        return {**defaults, **state} if defaults else state
