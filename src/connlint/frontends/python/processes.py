"""Command lines run from Python: ``subprocess``, ``os.system``/``os.popen`` and
``asyncio``'s process launchers.

The command (a string run by a shell, or an argv list) is located here and
handed to the shell front-end (:func:`connlint.frontends.shell.extract_located`
for a command line, :func:`~connlint.frontends.shell.extract_argv` for argv),
as the CI and Dockerfile front-ends do: one reading of shells, wrappers
(``sudo``, ``env``, ``sh -c``, ``docker exec``, ``ssh``) and client programs.
A client's candidate stands at the Python call that runs it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import libcst as cst

from connlint.frontends.python.bindings import Scope
from connlint.frontends.python.names import keyword_arg, positional
from connlint.frontends.python.settings import Flattener
from connlint.frontends.python.values import SeqValue, Str, Value
from connlint.model import DYNAMIC, Candidate, CandidateKind, Extraction, Hop, Location, Span

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

#: Every call this module reads.
PROCESS_CALLS: frozenset[str] = ARGV_CALLS | SHELL_CALLS | EXEC_CALLS


def process_call(ev: Flattener, node: cst.Call, scope: Scope, order: int) -> list[Candidate]:
    """The candidates of the command a process launcher runs."""
    name = ev.qualname_of(node.func, scope, order) or ""
    if name in EXEC_CALLS:
        words = [_word(ev, arg.value, scope, order) for arg in node.args if arg.keyword is None]
        return _argv(ev, node, words)
    first = (
        positional(node, 0)
        or keyword_arg(node, "args")
        or keyword_arg(node, "command")
        or keyword_arg(node, "cmd")
    )
    if first is None:
        return []
    value = ev.evaluate(first.value, scope, order)
    if isinstance(value, Str):
        return _command_line(ev, node, value.span, value.trail)
    if isinstance(value, SeqValue) and name in ARGV_CALLS:
        trail = tuple(h for item in value.items if isinstance(item, Str) for h in item.trail)
        return _argv(ev, node, [_seq_word(ev, item, first) for item in value.items], trail)
    return []


def _command_line(ev: Flattener, node: cst.Call, span: Span, trail: tuple[Hop, ...]) -> list[Candidate]:
    from connlint.frontends.shell import extract_located
    from connlint.frontends.spring import Located

    return _at_call(ev.loc(node), extract_located(ev.path, Located.of(span)), trail)


def _argv(
    ev: Flattener, node: cst.Call, words: Sequence[Span], trail: tuple[Hop, ...] = ()
) -> list[Candidate]:
    from connlint.frontends.shell import extract_argv

    location = ev.loc(node)
    return _at_call(location, extract_argv(ev.path, words, location), trail)


def _at_call(location: Location, found: Extraction, trail: tuple[Hop, ...]) -> list[Candidate]:
    """The client candidates of a command, standing at the call that runs it (the
    shell front-end places them at the command within the string); ``trail``: where
    parts of the command came from (another module's constants).
    """
    return [
        dataclasses.replace(c, location=location, trail=(*trail, *c.trail))
        if c.kind is CandidateKind.MYSQL_CLI
        else c
        for c in found.candidates
    ]


def _word(ev: Flattener, node: cst.BaseExpression, scope: Scope, order: int) -> Span:
    value = ev.evaluate(node, scope, order)
    if isinstance(value, Str):
        return value.span
    where = ev.loc(node)
    return Span.at(DYNAMIC, ev.path, where.line, where.column)


def _seq_word(ev: Flattener, item: Value, at: cst.CSTNode) -> Span:
    if isinstance(item, Str):
        return item.span
    where = ev.loc(at)
    return Span.at(DYNAMIC, ev.path, where.line, where.column)
