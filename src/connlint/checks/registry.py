"""The check registry: each check declares, where it is defined, the rule ids
it emits and the part of a file's facts it reads (``@emits``).

The declarations feed ``run_checks`` (which runs a check once when any of its
rules is selected), the tests (registry ids are the catalog's ids; a check
emits only the ids it declares) and the rule map that
``python -m connlint.dev.gen_docs`` writes into ``docs/architecture.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Literal, TypeAlias, TypeVar

from connlint.checks.findings import FileFacts
from connlint.lazy import dataclass
from connlint.model import FactKind, Finding

Check: TypeAlias = Callable[[FileFacts], Iterator[Finding]]
C = TypeVar("C", bound=Check)

#: What a check reads: the connections' effective modes, the build files'
#: dependencies, the facts of one kind (on connections and on the file), the
#: suppression comments no finding matched, or the servers the file declares;
#: at run level, the connections joined to the servers any file declares, or
#: the CA bundles connections name.
Reads: TypeAlias = (
    FactKind | Literal["connections", "dependencies", "suppressions", "servers", "joined", "bundles"]
)

#: What only the run-level stage has (connlint.run_level): checks reading these
#: find nothing in one file's facts.
RUN_LEVEL_READS = frozenset({"joined", "bundles"})


@dataclass(frozen=True)
class Registration:
    """One check, the rule ids it emits and what it reads."""

    check: Check
    rules: tuple[str, ...]
    reads: Reads


#: Every registered check, in the order the check modules were imported.
REGISTRATIONS: list[Registration] = []


def emits(*rule_ids: str, reads: Reads) -> Callable[[C], C]:
    """Register the decorated check as the one that emits ``rule_ids``.

    Raises ValueError when another check already emits one of the ids.
    """

    def register(check: C) -> C:
        for other in REGISTRATIONS:
            taken = set(other.rules) & set(rule_ids)
            if taken:
                raise ValueError(f"{', '.join(sorted(taken))} already emitted by {other.check.__qualname__}")
        REGISTRATIONS.append(Registration(check, tuple(rule_ids), reads))
        return check

    return register
