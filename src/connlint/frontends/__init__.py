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
    from connlint.frontends import java

    return java


def _properties() -> FrontEnd:
    from connlint.frontends import properties

    return properties


def _yaml() -> FrontEnd:
    from connlint.frontends import yaml

    return yaml


def _xml() -> FrontEnd:
    from connlint.frontends import xml

    return xml


def _python() -> FrontEnd:
    from connlint.frontends import python

    return python


def _shell() -> FrontEnd:
    from connlint.frontends import shell

    return shell


def _option_file() -> FrontEnd:
    from connlint.frontends import option_file

    return option_file


def _dockerfile() -> FrontEnd:
    from connlint.frontends import dockerfile

    return dockerfile


def _ci() -> FrontEnd:
    from connlint.frontends import ci

    return ci


def _maven() -> FrontEnd:
    from connlint.frontends import maven

    return maven


def _gradle() -> FrontEnd:
    from connlint.frontends import gradle

    return gradle


def _python_deps() -> FrontEnd:
    from connlint.frontends import python_deps

    return python_deps


#: File kind (as :mod:`connlint.discover` classifies it) -> loader of its front-end.
FRONTEND_BY_KIND: dict[str, Callable[[], FrontEnd]] = {
    "ci": _ci,
    "dockerfile": _dockerfile,
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
