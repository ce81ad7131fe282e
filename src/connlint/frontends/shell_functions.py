"""Functions a shell script defines (issue 16, item 11): ``db() { mysql
--defaults-extra-file=/etc/app/client.cnf "$@"; }``.  The commands of a called
function that use the caller's arguments are read at each call, with them
(``Script.call``); this module finds those commands and decides where each
call's candidate stands (at the call, or at the function's command).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from connlint import lazy
from connlint.clients.cli_options import OPERAND, may_decide_connection, parse_argv, unknown_words
from connlint.clients.mysql_cli import program_name
from connlint.frontends.shell_scopes import function_definitions
from connlint.model import Candidate, CandidateKind, Hop, Location

#: A positional parameter: ``$@``, ``$*``, ``$1``…, ``${@}``, ``${1}``.
_POSITIONAL = lazy.compile(rb"\$\{?[@*1-9]")


@dataclass
class Functions:
    """The functions of one script: for each, its commands that use the caller's
    arguments; its body (what a ``<( f )`` writes); and the ids of those commands
    of the functions the script calls (read at each call, not on their own).
    """

    commands: dict[str, list[Any]] = field(default_factory=dict)
    bodies: dict[str, Any] = field(default_factory=dict)
    read_at_calls: set[int] = field(default_factory=set)


def collect_functions(nodes: Sequence[Any], src: Callable[[Any], str], data: bytes) -> Functions:
    """The functions the script defines among ``nodes`` (``src`` gives a node's
    text, ``data`` the script's bytes) and, of those it calls, the commands that
    use the caller's arguments (``db() { mysql "$@"; }``).
    """
    found = Functions()
    functions = found.commands
    bodies: list[tuple[int, int, str]] = []
    for name, body, _ in function_definitions(nodes, src):
        functions[name] = []
        found.bodies[name] = body
        bodies.append((body.start_byte, body.end_byte, name))
    if not bodies:
        return found
    called: set[str] = set()
    for node in nodes:
        if node.type != "command":
            continue
        name_node = node.child_by_field_name("name")
        if name_node is not None and src(name_node) in functions:
            called.add(src(name_node))
        if _POSITIONAL.search(data, node.start_byte, node.end_byte) is None:
            continue
        # The innermost function around the command (bodies are in source order).
        inside = [b for b in bodies if b[0] <= node.start_byte and node.end_byte <= b[1]]
        if inside:
            functions[inside[-1][2]].append(node)
    for name, commands in functions.items():
        if name in called:
            found.read_at_calls.update(id(c) for c in commands)
    return found


def fold_call(
    candidates: list[Candidate],
    folded_at: dict[int, bool],
    start: int,
    name: str,
    location: Location,
    site: Location,
    home: Location,
) -> None:
    """Hops for the candidates of one call of function ``name`` (``candidates[start:]``),
    decided where a candidate is made (the innermost call, noted in ``folded_at``):
    a client command whose options from outside the function's command (``home``)
    are all connection-neutral moves there with the call ``site`` as a hop, and so
    on each outer call; any other stays at ``location`` with ``home`` as a hop.
    """
    for i in range(start, len(candidates)):
        c = candidates[i]
        if c.kind is not CandidateKind.MYSQL_CLI:
            continue
        folded = folded_at.get(i)
        if folded is None:
            folded = not _caller_decides(c, home)
            folded_at[i] = folded
            if folded:
                c = replace(c, location=home)
        hop = (
            Hop(site, f"via call of {name}() at line {site.line}")
            if folded
            else Hop(home, f"via function {name}() at line {home.line}", after=True)
        )
        candidates[i] = replace(c, trail=(*c.trail, hop))


def _caller_decides(candidate: Candidate, home: Location) -> bool:
    """Whether an option of the command from outside ``home`` may change its connection."""
    mysqlsh = program_name(candidate.argv[0].text) == "mysqlsh" if candidate.argv else False
    for option in parse_argv(candidate.argv[1:], unknown_words(candidate.settings)):
        if _within(option.location, home):
            continue
        if option.name == OPERAND and not mysqlsh:
            continue  # a database or table name (MySQL Shell's operand is a URI)
        if may_decide_connection(option.name):
            return True
    return False


def _within(inner: Location, outer: Location) -> bool:
    return (
        inner.path == outer.path
        and (outer.line, outer.column) <= (inner.line, inner.column)
        and (inner.end_line, inner.end_column) <= (outer.end_line, outer.end_column)
    )
