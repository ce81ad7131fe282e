"""Where a command runs, as the front-ends read it: the container image of a
``docker run``, a compose service, a Kubernetes container, a CI job or a
Dockerfile stage, and the client packages installed before it (``apt-get
install mysql-client-8.0``, ``apk add mysql-client``).  Handed to the
``CandidateKind.MYSQL_CLI`` candidates as settings; what they mean (family and
version) is :mod:`connlint.clients.client_context`'s business.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from connlint import lazy
from connlint.clients.client_context import IMAGE_KEY, PACKAGE_KEY
from connlint.model import CandidateKind, Extraction, Location, Setting, Span

#: Package managers and the word that installs with each.
_INSTALL_WORDS: dict[str, str] = {
    "apt-get": "install",
    "apt": "install",
    "aptitude": "install",
    "apk": "add",
    "yum": "install",
    "dnf": "install",
    "microdnf": "install",
}
#: Where one simple command ends (enough to find ``apt-get install`` words).
_COMMAND_END = lazy.compile(r"[;&|\n()`]")
#: A package word's version or release suffix (``mysql-client=8.0.36-0ubuntu1``, ``mysql-client~=10``).
_PACKAGE_SUFFIX = lazy.compile(r"[=~<>].*")
_WORD = lazy.compile(r"\S+")
#: A version pin after a package name (``=8.0.36-0ubuntu1``, apk's ``=~10.11``, an
#: epoch ``=1:10.11.6``): group 1 the upstream version.
_PIN = lazy.compile(r"(?:=~?|~=)(?:\d+:)?(\d+(?:\.\d+)*)")


def image_setting(image: Span, source: str) -> Setting:
    """The setting of the image a command runs in (``source``: where it was named)."""
    return Setting(IMAGE_KEY, image.text, image.locate(), source=source, value_span=image)


def installed_packages(text: str) -> list[tuple[str, str, int]]:
    """The packages that install commands in shell ``text`` name: (manager
    family ``apt``/``apk``/``yum``, package, offset of the package in ``text``).
    """
    text = text.replace("\\\n", "  ")  # line continuations, same length
    found: list[tuple[str, str, int]] = []
    start = 0
    for end in [m.start() for m in _COMMAND_END.finditer(text)] + [len(text)]:
        words = [(m.group(), m.start()) for m in _WORD.finditer(text, start, end)]
        start = end + 1
        manager = ""
        installing = False
        for word, at in words:
            name = word.rsplit("/", 1)[-1]
            if not manager:
                if name in _INSTALL_WORDS:
                    manager = name
                continue
            if not installing:
                installing = word == _INSTALL_WORDS[manager]
                continue
            if not word.startswith("-"):
                kind = "apk" if manager == "apk" else "apt" if manager.startswith("apt") else "yum"
                found.append((kind, _PACKAGE_SUFFIX.sub("", word), at))
    return found


def package_settings(text: str, where: Callable[[int, int], Location]) -> list[Setting]:
    """Settings for the packages installed in shell ``text`` (``<manager> <name>``,
    then `` <version>`` when the command pins one: ``mysql-client=~10.11``);
    ``where(start, end)`` locates the characters ``text[start:end]``.
    """
    out = []
    for manager, name, at in installed_packages(text):
        pinned = _PIN.match(text, at + len(name))
        value = f"{manager} {name} {pinned.group(1)}" if pinned else f"{manager} {name}"
        out.append(Setting(PACKAGE_KEY, value, where(at, at + len(name)), source=f"{manager} install"))
    return out


def attach(out: Extraction, context: Sequence[Setting], start: int = 0) -> None:
    """Give the client commands of ``out.candidates[start:]`` the settings of where
    they run (``context``, outermost first), unless a command names its own
    (``docker run mysql:5.7 mysql …`` inside a job that runs elsewhere).
    """
    if not context:
        return
    for i in range(start, len(out.candidates)):
        c = out.candidates[i]
        if c.kind is not CandidateKind.MYSQL_CLI or any(
            s.key in (IMAGE_KEY, PACKAGE_KEY) for s in c.settings
        ):
            continue
        out.candidates[i] = dataclasses.replace(c, settings=(*context, *c.settings))
