"""Shell scripts (tree-sitter-bash): the commands that run MySQL-family clients,
keytool and java, and the JDBC URLs a script sets.

Syntax only.  Commands are found anywhere the grammar puts them (pipelines,
``&&``/``||`` lists, subshells, ``$(…)``, functions, loops, ``if``/``case``)
and through the wrappers that run another command (``sudo``, ``env``,
``timeout``, ``docker exec``, ``kubectl exec --``, ``ssh host 'cmd'``,
``sh -c '…'``, a heredoc fed to ``bash``/``ssh``).  Each argv word becomes a
:class:`~connlint.model.Span` with quotes removed and every character
located; variables assigned in the same script (and ``${VAR:-default}``
defaults) are resolved, environment values are :data:`~connlint.model.DYNAMIC`;
a ``for`` loop over a literal list gives one command per value (``shell_loops``).
``echo``/``printf`` arguments, comments and heredoc bodies fed to other
programs are not commands.

The Dockerfile and CI front-ends reuse :func:`extract_script` for embedded
shell, with a line map back to their own file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from connlint.frontends import refuse_nul
from connlint.frontends.shell_commands import SYNTAX_ERROR, Script
from connlint.frontends.shell_option_files import CopiedFile
from connlint.frontends.shell_parse import parse
from connlint.frontends.shell_positions import FixedPoint, LinePoints, LocatedPoints, Origin
from connlint.frontends.shell_programs import (
    DOCKER_ARG_OPTIONS,
    JAVA_OPTION_VARIABLES,
    JVM_TRUST_KEYS,
    SHELLS,
    SIMPLE_WRAPPERS,
    SSH_ARG_OPTIONS,
    TEXT_COMMANDS,
)
from connlint.frontends.spring import Located
from connlint.model import Candidate, Extraction, Location, Notification, Span

__all__ = [
    "DOCKER_ARG_OPTIONS",
    "JAVA_OPTION_VARIABLES",
    "JVM_TRUST_KEYS",
    "SHELLS",
    "SIMPLE_WRAPPERS",
    "SSH_ARG_OPTIONS",
    "SYNTAX_ERROR",
    "TEXT_COMMANDS",
    "Origin",
    "extract",
    "extract_argv",
    "extract_located",
    "extract_script",
]


def extract_script(
    path: str,
    text: str,
    origins: Sequence[Origin] | None = None,
    env: Mapping[str, str | Span] | None = None,
    copied: Sequence[CopiedFile] = (),
) -> Extraction:
    """Candidates of shell ``text``; ``origins[i]`` says where its line ``i`` stands in
    the file (embedded shell in a Dockerfile or CI file), ``env`` gives variables
    known from outside (Dockerfile ``ENV``), ``copied`` the default option files
    of the image it runs in.
    """
    if (refused := refuse_nul(path, text)) is not None:
        return refused
    out = Extraction()
    try:
        script = Script(path, text, LinePoints(text, origins), out, env=env, copied=copied)
        tree = parse(script.data)
        script.run(tree.root_node)
        script.syntax_error(tree.root_node)
    except (RecursionError, ValueError, UnicodeError) as exc:
        out.candidates.clear()
        out.notifications.append(Notification(path, f"shell script not analysed: {type(exc).__name__}"))
    _dedupe(out)
    return out


def extract_located(
    path: str,
    located: Located,
    *,
    jinja: bool = False,
    env: Mapping[str, Span] | None = None,
    copied: Sequence[CopiedFile] = (),
) -> Extraction:
    """Candidates of the shell script ``located.text``, located character by character;
    with ``jinja``, ``{{ … }}`` are values not known statically (Ansible tasks);
    ``env`` gives the environment it runs with (a CI step's ``env:``), each value
    where the file writes it; ``copied`` the default option files of its image.
    """
    text = located.text
    if (refused := refuse_nul(path, text, "script")) is not None:
        return refused
    out = Extraction()
    try:
        script = Script(path, text, LocatedPoints(located), out, jinja=jinja, env=env, copied=copied)
        root = parse(script.data).root_node
        script.run(root)
        script.syntax_error(root)
    except (RecursionError, ValueError, UnicodeError) as exc:
        out.candidates.clear()
        out.notifications.append(Notification(path, f"shell script not analysed: {type(exc).__name__}"))
    _dedupe(out)
    return out


def extract_argv(
    path: str,
    words: Sequence[Span],
    location: Location,
    env: Mapping[str, Span] | None = None,
    copied: Sequence[CopiedFile] = (),
) -> Extraction:
    """Candidates of an exec-form command (Dockerfile ``["mysql", "…"]``, compose lists);
    ``env``: the environment of the scripts it runs (``sh -c``), ``copied`` the
    default option files of the image it runs in.
    """
    out = Extraction()
    script = Script(path, "", FixedPoint(location.line, location.column), out, env=env, copied=copied)
    script._expanded = set()
    script._raw = {}
    script._alive = []
    try:
        script.dispatch(list(words), location)
    except (RecursionError, ValueError, UnicodeError) as exc:
        out.notifications.append(Notification(path, f"command not analysed: {type(exc).__name__}"))
    _dedupe(out)
    return out


def _dedupe(out: Extraction) -> None:
    """One candidate per command as read; a function's command that each call reads
    alike (see ``Script.call``) keeps every call as a hop of its trail.
    """
    seen: dict[tuple[object, ...], int] = {}
    kept: list[Candidate] = []
    for c in out.candidates:
        key = (
            c.kind,
            c.location,
            c.url.text if c.url else None,
            tuple((w.text, w.locate()) for w in c.argv),
            tuple((s.key, s.location) for s in c.settings),
        )
        index = seen.get(key)
        if index is None:
            seen[key] = len(kept)
            kept.append(c)
        else:
            first = kept[index]
            extra = tuple(h for h in c.trail if h not in first.trail)
            if extra:
                kept[index] = replace(first, trail=first.trail + extra)
    out.candidates[:] = kept


def extract(path: str, text: str) -> Extraction:
    """Candidates of one shell script (``.sh``, ``.bash``, ``.envrc``, shebang files),
    its client commands in the image a Dockerfile copies it into (``script_images``).
    """
    out = extract_script(path, text)
    from connlint.frontends import script_images

    script_images.attach_image(path, out)
    return out
