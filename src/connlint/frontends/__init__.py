"""The front-end registry: one entry per file kind declared in
:mod:`connlint.frontends.kinds`, imported only when a file of that kind is
parsed (a run that touches no Java file never imports tree-sitter-java).

A front-end knows the syntax of one file kind and nothing of driver
semantics: it turns a file into :class:`~connlint.model.Candidate` values
(URLs, argv, key/value settings with locations) and build facts
(:class:`~connlint.model.Dependency`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from connlint.frontends.kinds import KINDS

if TYPE_CHECKING:
    from connlint.model import Extraction


class FrontEnd(Protocol):
    """What every front-end module provides."""

    def extract(self, path: str, text: str) -> Extraction:
        """Candidates, dependencies and notifications of one file.

        ``path`` is the display path (relative, POSIX) used in every Location;
        ``text`` is the decoded file content with line endings kept.  It must
        not raise on any input: parse problems become notifications.
        """
        ...


def _loader(module: str) -> Callable[[], FrontEnd]:
    """Imports the front-end ``module`` when first called (then Python's module cache)."""

    def load() -> FrontEnd:
        front_end: FrontEnd = importlib.import_module(module)
        return front_end

    return load


#: File kind (as :mod:`connlint.discover` classifies it) -> loader of its front-end,
#: from the declarations of :mod:`connlint.frontends.kinds`.
FRONTEND_BY_KIND: dict[str, Callable[[], FrontEnd]] = {kind.name: _loader(kind.module) for kind in KINDS}


def refuse_nul(path: str, text: str, what: str = "file") -> Extraction | None:
    """The extraction of a text holding NUL characters: nothing but one
    notification (the tree-sitter grammars and the tokenisers stop at a NUL);
    None for any other text.

    The engine already skips files with NUL bytes as binary; a NUL still
    reaches a front-end inside another file's value (a YAML backslash-zero escape in
    a CI ``run:`` block) or when a front-end is called directly.
    """
    if "\x00" not in text:
        return None
    from connlint.model import Extraction, Notification

    return Extraction(notifications=[Notification(path, f"not analysed: the {what} contains NUL bytes")])
