"""The front-end registry: one entry per file kind, imported only when a file
of that kind is parsed (a run that touches no Java file never imports
tree-sitter-java).

A front-end knows the syntax of one file kind and nothing of driver
semantics: it turns a file into :class:`~connlint.model.Candidate` values
(URLs, argv, key/value settings with locations) and build facts
(:class:`~connlint.model.Dependency`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

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


def _java() -> FrontEnd:
    import connlint.frontends.java as module

    return module


def _properties() -> FrontEnd:
    import connlint.frontends.properties as module

    return module


def _yaml() -> FrontEnd:
    import connlint.frontends.yaml as module

    return module


def _xml() -> FrontEnd:
    import connlint.frontends.xml as module

    return module


def _python() -> FrontEnd:
    import connlint.frontends.python as module

    return module


def _shell() -> FrontEnd:
    import connlint.frontends.shell as module

    return module


def _option_file() -> FrontEnd:
    import connlint.frontends.option_file as module

    return module


def _dockerfile() -> FrontEnd:
    import connlint.frontends.dockerfile as module

    return module


def _ci() -> FrontEnd:
    import connlint.frontends.ci as module

    return module


def _maven() -> FrontEnd:
    import connlint.frontends.maven as module

    return module


def _gradle() -> FrontEnd:
    import connlint.frontends.gradle as module

    return module


def _dotenv() -> FrontEnd:
    import connlint.frontends.dotenv as module

    return module


def _python_deps() -> FrontEnd:
    import connlint.frontends.python_deps as module

    return module


#: File kind (as :mod:`connlint.discover` classifies it) -> loader of its front-end.
FRONTEND_BY_KIND: dict[str, Callable[[], FrontEnd]] = {
    "ci": _ci,
    "dockerfile": _dockerfile,
    "dotenv": _dotenv,
    "gradle": _gradle,
    "java": _java,
    "maven": _maven,
    "option_file": _option_file,
    "properties": _properties,
    "python": _python,
    "python_deps": _python_deps,
    "shell": _shell,
    "xml": _xml,
    "yaml": _yaml,
}
