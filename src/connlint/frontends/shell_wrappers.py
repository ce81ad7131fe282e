"""Shell commands that run another command (dispatch for the shell front-end):
``sudo``, ``env``, ``timeout``, ``nice``…, ``su``/``runuser`` (after the user),
and the container programs (``docker``/``podman``/``nerdctl`` ``exec``/``run``,
``docker compose exec/run``, ``kubectl``/``oc exec … --``), with the image of a
``docker run``.  What a command line runs is found by unwrapping these in turn
(``Script.dispatch``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from connlint.frontends.shell_programs import DOCKER_ARG_OPTIONS, SIMPLE_WRAPPERS, USER_WRAPPERS
from connlint.model import Span

#: Programs that run a command in a container (see :func:`container_parts`).
CONTAINER_PROGRAMS: frozenset[str] = frozenset(
    {"docker", "podman", "nerdctl", "docker-compose", "kubectl", "oc"}
)


def unwrap(program: str, words: Sequence[Span]) -> Sequence[Span] | None:
    """The command a wrapper runs, or None when ``words`` is not a wrapper."""
    if program in SIMPLE_WRAPPERS:
        if program == "command" and any(w.text in ("-v", "-V") for w in words[1:2]):
            return None
        return _after_options(words[1:], SIMPLE_WRAPPERS[program])
    if program == "env":
        rest = list(words[1:])
        while rest and (rest[0].text.startswith("-") or re.match(r"[A-Za-z_]\w*=", rest[0].text)):
            takes = rest[0].text in ("-u", "--unset", "-C", "--chdir", "-S")
            rest = rest[2:] if takes else rest[1:]
        return rest
    if program == "timeout":
        after = _after_options(words[1:], frozenset({"-s", "--signal", "-k", "--kill-after"}))
        return after[1:]  # the duration
    if program in USER_WRAPPERS:
        return words[2:]  # after the user
    return None


def _after_options(words: Sequence[Span], with_argument: frozenset[str]) -> Sequence[Span]:
    i = 0
    while i < len(words) and words[i].text.startswith("-"):
        if words[i].text == "--":
            return words[i + 1 :]
        i += 2 if words[i].text in with_argument else 1
    return words[i:]


def container_parts(program: str, words: Sequence[Span]) -> tuple[Sequence[Span] | None, Span | None]:
    """The command that ``docker exec/run``, ``docker compose exec/run`` or
    ``kubectl exec … --`` runs inside a container, and the image of a ``docker
    run`` (None for a container, a compose service or a pod).
    """
    texts = [w.text for w in words]
    if program in ("kubectl", "oc"):
        if len(texts) > 1 and texts[1] in ("exec", "run", "debug") and "--" in texts:
            return words[texts.index("--") + 1 :], None
        return None, None
    i = 1
    compose = program == "docker-compose"
    if program == "docker" and len(texts) > 2 and texts[1] in ("compose", "container"):
        compose = texts[1] == "compose"
        i = 2
    if i >= len(texts) or texts[i] not in ("exec", "run"):
        return None, None
    sub = texts[i]
    i += 1
    entrypoint: Span | None = None
    while i < len(words) and texts[i].startswith("-"):
        text = texts[i]
        if text == "--":
            i += 1
            break
        name = text.split("=", 1)[0]
        if name == "--entrypoint":
            entrypoint = words[i + 1] if "=" not in text and i + 1 < len(words) else None
        i += 2 if name in DOCKER_ARG_OPTIONS and "=" not in text else 1
    rest = words[i + 1 :]  # skip the container, service or image
    image = words[i] if sub == "run" and not compose and i < len(words) else None
    if sub == "run" and entrypoint is not None:
        return [entrypoint, *rest], image
    return rest, image
