"""Shell ``for`` loops over literal lists (issue 16): ``for m in DISABLED
REQUIRED; do mysql --ssl-mode=$m …; done`` runs two commands, so it gives one
candidate per value, each with a hop at the value (``via m = DISABLED``), as a
Python loop over a literal collection does.

A loop whose values only change words that cannot change the connection
(``for db in app audit; do mysql --ssl-mode=REQUIRED "$db"``; a query, a
table) stays one candidate, read as before.  Lists that are not literal
(``*.sql``, ``{1..30}``, ``$(…)``) leave the variable not known statically
(``Assignments.loop_items``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from connlint.clients.cli_options import may_decide_connection, parse_argv, unknown_words
from connlint.model import Candidate, CandidateKind, Hop
from connlint.redact import redact

if TYPE_CHECKING:
    from connlint.frontends.shell_assignments import _Assignment
    from connlint.frontends.shell_commands import Script

from connlint.frontends.shell_assignments import MAX_LOOP_VALUES

#: What identifies a candidate's connection: for a client command, its options
#: that may change what it connects to or how, as written.
Signature = tuple[object, ...]


def per_loop_value(script: Script, read: Callable[[], None], budget: int = MAX_LOOP_VALUES) -> None:
    """``read()`` (which adds candidates to ``script.out``) once for each value of
    the outermost loop over a literal list whose variable it read, and so on for
    inner loops, at most ``budget`` times in all.
    """
    out = script.out.candidates
    start = len(out)
    saved, script.loop_reads = script.loop_reads, {}
    saved_program, script.unknown_program = script.unknown_program, False
    try:
        read()
        # A read that found nothing is read again for a loop's values (a list of
        # URLs), for branches only when a program was not known; a default read
        # as its default finds what a value set at run time could.
        found = len(out) > start
        pending = sorted(
            (
                e
                for e in script.loop_reads.values()
                if id(e) not in script.loop_choices
                and script.choices(e) <= budget
                and (found or not e.choice or (e.choice == "branch" and script.unknown_program))
            ),
            key=lambda e: e.offset,
        )
    finally:
        script.loop_reads = saved
        script.unknown_program = saved_program or script.unknown_program
    if not pending:
        return
    entry = pending[0]
    count = script.choices(entry)
    if not count:
        return
    unknown = _take(script, start)
    runs: list[_Run] = []
    share = max(1, budget // count)
    try:
        for index in range(count):
            script.loop_choices[id(entry)] = index
            at = len(out)
            per_loop_value(script, read, share)
            hop = _hop(script, entry, index)
            candidates, folded = _take(script, at)
            runs.append(([replace(c, trail=(hop, *c.trail)) for c in candidates], folded))
    finally:
        del script.loop_choices[id(entry)]
    kept, folded = _kept(unknown, runs)
    for i, flag in enumerate(folded, start=len(out)):
        if flag is not None:
            script._folded[i] = flag
    out.extend(kept)


#: Candidates a read gave, with what a function call noted of each (``Script._folded``).
_Run = tuple[list[Candidate], list[bool | None]]


def _kept(unknown: _Run, runs: Sequence[_Run]) -> _Run:
    """The candidates a loop gives: each value's when the values make different
    connections; one value's when they all make the same one that the loop's
    value decides (without its hop when several values do); those read without
    a value when the value decides nothing.
    """
    signatures = [tuple(_signature(c) for c in run[0]) for run in runs]
    if any(s != signatures[0] for s in signatures[1:]):
        return [c for run in runs for c in run[0]], [f for run in runs for f in run[1]]
    if tuple(_signature(c) for c in unknown[0]) == signatures[0]:
        return unknown
    if len(runs) > 1:
        # Every value makes the same connections (an inner choice decided, not
        # this one): the value is no step on their way, its hop goes.
        return [replace(c, trail=c.trail[1:]) for c in runs[0][0]], runs[0][1]
    return runs[0]


def _signature(c: Candidate) -> Signature:
    if c.kind is not CandidateKind.MYSQL_CLI:
        return (c.kind, c.url.text if c.url else None, tuple(w.text for w in c.argv), c.settings)
    program = c.argv[0].text if c.argv else ""
    options = tuple(
        (o.name, str(o.value) if o.value is not None else None, o.negated)
        for o in parse_argv(c.argv[1:], unknown_words(c.settings))
        if may_decide_connection(o.name) or (o.name == "" and program.endswith("mysqlsh"))
    )
    # The password the client sends (MYSQL_PWD) changes neither the server nor TLS.
    settings = tuple((s.key, str(s.value)) for s in c.settings if s.key != "MYSQL_PWD")
    return (c.kind, program, options, settings)


def _hop(script: Script, entry: _Assignment, index: int) -> Hop:
    """``via m = DISABLED`` at the value as the loop's list writes it (passwords
    redacted); other choice points (``${M:-DISABLED}``, ``case`` arms) name theirs.
    """
    if entry.hops is not None:
        return Hop(*entry.hops[index])
    word = (script.loop_items(entry) or [])[index]
    var = entry.loop.child_by_field_name("variable") if entry.loop is not None else None
    name = script.src(var) if var is not None else "?"
    return Hop(word.span(script.path).locate(), redact(f"via {name} = {word.text}"))


def _take(script: Script, start: int) -> _Run:
    """Take the candidates from ``start`` on out of the script's, with what a
    function call noted of each (it goes with the candidate).
    """
    out = script.out.candidates
    taken = out[start:]
    folded = [script._folded.pop(i, None) for i in range(start, len(out))]
    for i in [i for i in script._folded if i >= start]:
        del script._folded[i]
    del out[start:]
    return taken, folded
