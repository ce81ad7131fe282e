"""Import front-ends in the parent before workers fork, so that they share them.

A worker pays once for each kind of file it lints first, most of it imports:
the Python front-end and libcst (about 0.2-0.3 s of CPU time), the Java one
with tree-sitter.  Workers forked cold pay it each; imported in the parent
before the fork, it is paid once and the workers share those pages
copy-on-write (frozen out of the cyclic collector's way, so that its passes
in a worker do not copy them).

Only imports: a front-end's code runs on files in the workers alone, where a
crash or a runaway parse costs one file (:mod:`connlint.workers`).  And only
the kinds of files that passed the prefilter: what the first file of that
kind would load in each worker anyway.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from connlint.frontends.kinds import KindName

#: Modules a kind's front-end imports only when it parses (lazily, so that a
#: run without such files does not load them), imported here with it.
LAZY_MODULES: dict[KindName, tuple[str, ...]] = {
    "java": (
        "tree_sitter",
        "tree_sitter_java",
        "connlint.frontends.java_project",
        "connlint.frontends.java_helper_index",
    ),
}


def modules(kinds: Iterable[KindName]) -> list[str]:
    """The modules linting files of ``kinds`` imports, in a stable order."""
    from connlint.frontends.kinds import KINDS

    wanted = set(kinds)
    found: list[str] = []
    for kind in KINDS:
        if kind.name in wanted:
            found += (kind.module, *LAZY_MODULES.get(kind.name, ()))
    return found


def warm(kinds: Iterable[KindName]) -> None:
    """Import the front-ends of ``kinds`` (and what they load lazily) here, then
    move everything made to the collector's permanent generation
    (:func:`gc.freeze`).

    Never fails: a module that cannot be imported is left to the workers,
    which say so for each file as without this.
    """
    names = modules(kinds)
    if not names:
        return
    enabled = gc.isenabled()
    gc.disable()  # modules live for the whole run: nothing here is garbage
    try:
        for name in names:
            try:
                importlib.import_module(name)
            except Exception:  # a shortcut only: the workers import it themselves
                continue
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
