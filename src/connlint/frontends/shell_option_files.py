"""Option files a client command names (issue 16, item 13): the ``[client]``
and program groups of a ``--defaults-file`` / ``--defaults-extra-file`` that
is in the repository join that command's connection.

The files are found relative to the script's directory and to the repository
root (an absolute path, under the repository root), read through the run's
:class:`~connlint.project.Project` (each once per process, under the size cap)
and parsed by the option-file front-end.  Their TLS and host options are put
before the command line's own words (the clients read option files first, so
the command line wins), each located at the word that names the file, with a
:class:`~connlint.model.Hop` to the line of the file it comes from.  A
``--login-path`` reads ``.mylogin.cnf``, which is never in a repository: the
TLS mode is then not known statically unless the command line sets it.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from connlint import lazy, project
from connlint.model import DYNAMIC, Candidate, Hop, Setting, Span
from connlint.scope import display_path, is_repository_root, read_context_file

#: The options that name a file to read.
_FILE_OPTIONS: tuple[str, ...] = ("--defaults-file", "--defaults-extra-file")
#: The options of a file that join the command (a password is the file's own finding).
_JOINED = lazy.compile(
    r"(?:loose[-_])?(?:skip[-_]|disable[-_]|enable[-_])?(?:ssl|tls|host|port|protocol|socket)(?:[-_]|$)"
)
#: The options among those that decide TLS (the trail goes with these).
_TLS_KEY = lazy.compile(r"(?:loose[-_])?(?:skip[-_]|disable[-_]|enable[-_])?(?:ssl|tls)(?:[-_]|$)")
#: Files one command may name that are read (the clients take one of each option).
_MAX_FILES = 2
#: How far up from a script the repository root is looked for.
_MAX_UP = 40


def option_file_words(path: str, program: str, words: Sequence[Span]) -> tuple[list[Span], list[Setting]]:
    """The words the option files named in ``words`` (a client command line of
    the script ``path``) add before its own options, and a setting for each
    carrying the trail to the file (for :mod:`connlint.connections`).
    """
    added: list[Span] = []
    settings: list[Setting] = []
    for reference, target in _named(words):
        if reference.text.startswith("--login-path"):
            # .mylogin.cnf (obfuscated, per user) is never in the repository.
            location = reference.locate()
            added.append(_at(f"--ssl-mode={DYNAMIC}", path, location.line, location.column))
            continue
        groups = _groups(path, target)
        if groups is None:
            continue
        display, candidates = groups
        location = reference.locate()
        for candidate in candidates:
            if candidate.driver not in ("client", program):
                continue
            for setting in candidate.settings:
                if not _JOINED.match(setting.key.lower()) or not (
                    setting.value is None or isinstance(setting.value, str)
                ):
                    continue
                text = f"--{setting.key}" if setting.value is None else f"--{setting.key}={setting.value}"
                added.append(_at(text, path, location.line, location.column))
                # The trail goes with the options that decide TLS (all share the reference's place).
                tls = _TLS_KEY.match(setting.key.lower()) is not None
                hop = (Hop(setting.location, f"via [{candidate.driver}] in {display}"),) if tls else ()
                settings.append(
                    Setting(
                        setting.key,
                        setting.value,
                        location,
                        source=f"[{candidate.driver}] in {display}",
                        trail=hop,
                    )
                )
    # A later group or file overrides an option: the trail names the one that counts.
    last = {s.key.lower(): i for i, s in enumerate(settings)}
    settings = [s if last[s.key.lower()] == i else replace(s, trail=()) for i, s in enumerate(settings)]
    return added, settings


def _at(text: str, path: str, line: int, column: int) -> Span:
    """An option read from a file, every character at the word that names the
    file (inside it, however long: the trail goes with what stands there).
    """
    return Span.from_points(text, path, [(line, column)] * len(text))


def _named(words: Sequence[Span]) -> Iterator[tuple[Span, str]]:
    """The words that name an option file or a login path, with the name."""
    count = 0
    for i, word in enumerate(words[1:], start=1):
        text = word.text
        if count >= _MAX_FILES:
            return
        if text.startswith("--login-path"):
            yield word, ""
            count += 1
            continue
        for option in _FILE_OPTIONS:
            if text.startswith(option + "=") and DYNAMIC not in text:
                yield word, text[len(option) + 1 :]
                count += 1
            elif text == option and i + 1 < len(words) and DYNAMIC not in words[i + 1].text:
                yield words[i + 1], words[i + 1].text
                count += 1


def _groups(path: str, target: str) -> tuple[str, list[Candidate]] | None:
    """The client groups of the option file ``target`` named by the script
    ``path``, when it is in the repository (None outside a run).
    """
    current = project.current()
    if current is None or not target or target.startswith("~"):
        return None
    here = Path(os.path.abspath(path)).parent
    root = _repository_root(here)
    if os.path.isabs(target):
        places = [root / target.lstrip("/")] if root is not None else []
    else:
        places = [here / target, *([root / target] if root is not None else [])]
    for place in places:
        place = Path(os.path.normpath(place))
        found = current.memo(("option-file", str(place)), functools.partial(_read, place))
        if found is not None:
            return found
    return None


def _read(place: Path) -> tuple[str, list[Candidate]] | None:
    from connlint.frontends import option_file

    display = display_path(place)
    text, _problem = read_context_file(place, display)
    if text is None:
        return None
    return display, option_file.extract(display, text).candidates


def _repository_root(directory: Path) -> Path | None:
    for depth, candidate in enumerate((directory, *directory.parents)):
        if depth > _MAX_UP:
            break
        if is_repository_root(candidate):
            return candidate
    return None
