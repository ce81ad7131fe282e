"""The environment CI, compose, Kubernetes and Ansible files give the commands
they run, for the shell front-end to read (:mod:`connlint.frontends.ci`).

* GitHub Actions: ``env:`` of the workflow, a job and a step, the inner one
  winning (GitHub docs, "Workflow syntax for GitHub Actions", ``env``,
  ``jobs.<job_id>.env``, ``jobs.<job_id>.steps[*].env``); a ``${{ … }}``
  expression in a value is not known statically (``secrets.X``, ``vars.X``).
* Compose: a service's ``environment:`` (a mapping, or a list of ``KEY=value``).
  Compose interpolates ``$VAR``/``${VAR}`` in the file itself from the host's
  environment and ``.env`` file, and ``$$`` is a literal ``$`` (Compose
  specification, "Interpolation"): only a ``$$VAR`` of a command reaches the
  container's shell as ``$VAR`` and reads ``environment:``.  A value that
  Compose interpolates, or one taken from the host (``KEY`` with no value), is
  not known statically.
* Kubernetes: a container's ``env:`` (``name`` + ``value``; ``valueFrom`` is not
  known statically).  The kubelet replaces ``$(VAR)`` in ``command``/``args``
  with a variable of the container and ``$$`` with ``$`` (Kubernetes API,
  ``Container.args``: "Variable references $(VAR_NAME) are expanded using the
  container's environment"); the shell a container runs sees its ``env:``.
* Ansible: ``environment:`` of a play, block or task; Jinja is not known statically.

Each value is a :class:`~connlint.model.Span` located where the file writes
it: a command that reads it has a hop there (``via env DB_SSL``), and a word
that is that value alone stands on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import yaml

from connlint.frontends.shell_parse import template_expressions
from connlint.frontends.spring import Located
from connlint.model import DYNAMIC, Hop, Span

#: Variables by name, each value where the file writes it.
Environment = Mapping[str, Span]

#: The key that holds the environment, per kind of file.
_KEYS: dict[str, str] = {
    "github": "env",
    "compose": "environment",
    "kubernetes": "env",
    "ansible": "environment",
    # GitLab CI ``variables:`` (global, then the job's), a value or ``{value: …}``:
    # https://docs.gitlab.com/ci/yaml/#variables
    "gitlab": "variables",
}


def layer(
    kind: str,
    path: str,
    pairs: list[tuple[yaml.Node, yaml.Node]],
    env: Environment,
    locate: Callable[[yaml.ScalarNode], Located],
) -> Environment:
    """``env`` with the variables a mapping (``pairs``) sets for the commands in it added."""
    key = _KEYS.get(kind)
    if key is None:
        return env
    node = next((v for k, v in pairs if isinstance(k, yaml.ScalarNode) and k.value == key), None)
    if node is None:
        return env
    found: dict[str, Span] = {}
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and str(k.value):
                if kind == "gitlab" and isinstance(v, yaml.MappingNode):  # {value: …, description: …}
                    v = _gitlab_value(v)
                found[str(k.value)] = _value(kind, path, v, locate)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if kind == "compose" and isinstance(item, yaml.ScalarNode):
                _compose_item(path, item, locate, found)
            elif kind == "kubernetes" and isinstance(item, yaml.MappingNode):
                _kubernetes_item(path, item, locate, found)
    return {**env, **found} if found else env


def _gitlab_value(node: yaml.MappingNode) -> yaml.Node:
    """The ``value:`` of a GitLab variable written as a mapping (the mapping when none)."""
    return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == "value"), node)


def _value(kind: str, path: str, node: yaml.Node, locate: Callable[[yaml.ScalarNode], Located]) -> Span:
    """A variable's value as the command sees it."""
    if not isinstance(node, yaml.ScalarNode) or (node.tag.endswith(":null") and not node.style):
        return _dynamic(path, node)
    return _known(kind, path, locate(node), node)


def _known(kind: str, path: str, located: Located, node: yaml.Node) -> Span:
    text = located.text
    if kind in ("github", "ansible"):
        # Expressions are substituted before the command runs: not known statically.
        out = Located()
        pos = 0
        for start, end in template_expressions(text, kind == "ansible"):
            out.extend(located.slice(pos, start))
            out.add(DYNAMIC, located.point(start))
            pos = end
        out.extend(located.slice(pos, len(text)))
        located = out
    elif "$" in text.replace("$$", "") or (kind == "kubernetes" and "$(" in text):
        return _dynamic(path, node)  # interpolated from the host or other variables
    elif kind in ("compose", "gitlab") and "$$" in text:  # ``$$``: a literal ``$``
        located = unescape(kind, located, {})[0]
    return located.span(path, (node.start_mark.line + 1, node.start_mark.column + 1))


def _dynamic(path: str, node: yaml.Node) -> Span:
    return Span.at(DYNAMIC, path, node.start_mark.line + 1, node.start_mark.column + 1)


def _compose_item(
    path: str, item: yaml.ScalarNode, locate: Callable[[yaml.ScalarNode], Located], found: dict[str, Span]
) -> None:
    """``- KEY=value`` (or ``- KEY``, from the host) of a compose list."""
    located = locate(item)
    name, eq, _ = located.text.partition("=")
    name = name.strip()
    if not name:
        return
    if not eq:
        found[name] = _dynamic(path, item)
        return
    value = located.slice(len(located.text.partition("=")[0]) + 1, len(located.text))
    found[name] = _known("compose", path, value, item)


def _kubernetes_item(
    path: str, item: yaml.MappingNode, locate: Callable[[yaml.ScalarNode], Located], found: dict[str, Span]
) -> None:
    """``- name: KEY`` with ``value:`` (or ``valueFrom:``, not known statically)."""
    fields = {str(k.value): v for k, v in item.value if isinstance(k, yaml.ScalarNode)}
    name = fields.get("name")
    if not isinstance(name, yaml.ScalarNode) or not str(name.value):
        return
    value = fields.get("value")
    if isinstance(value, yaml.ScalarNode) and "valueFrom" not in fields:
        found[str(name.value)] = _value("kubernetes", path, value, locate)
    else:
        found[str(name.value)] = _dynamic(path, item)


def unescape(kind: str, located: Located, env: Environment) -> tuple[Located, set[str], set[str]]:
    """A compose or Kubernetes command's text as the shell (or program) it runs
    receives it, the names of the variables it reads that are not the
    container's (Compose's own ``$VAR``, interpolated from the host), and those
    of the container's that were put in (the kubelet's ``$(VAR)``).
    """
    text = located.text
    if "$" not in text:
        return located, set(), set()
    out = Located()
    names: set[str] = set()
    used: set[str] = set()
    pos = 0
    i = text.find("$")
    while i >= 0:
        nxt = text[i + 1 : i + 2]
        if nxt == "$":  # ``$$``: one literal ``$``
            out.extend(located.slice(pos, i + 1))
            pos = i + 2
        elif kind == "kubernetes" and nxt == "(":
            close = text.find(")", i)
            name = text[i + 2 : close] if close > 0 else ""
            if name and _is_name(name):
                out.extend(located.slice(pos, i))
                value = env.get(name)
                if value is not None:
                    out.extend(Located.of(value))
                    used.add(name)
                else:
                    out.add(DYNAMIC, located.point(i))
                pos = close + 1
        elif kind == "compose":
            start = i + 2 if nxt == "{" else i + 1
            end = start
            while end < len(text) and (text[end] == "_" or text[end].isalnum()):
                end += 1
            if end > start:
                names.add(text[start:end])
        i = text.find("$", max(pos, i + 1))
    out.extend(located.slice(pos, len(text)))
    return out, names, used


def _is_name(name: str) -> bool:
    return (name[0] == "_" or name[0].isalpha()) and all(c == "_" or c.isalnum() for c in name)


def hops(names: Iterable[str], env: Environment) -> tuple[Hop, ...]:
    """A hop at each of the known values of ``env`` named by ``names``."""
    return tuple(
        Hop(env[name].locate(), f"via env {name}")
        for name in sorted(names)
        if name in env and DYNAMIC not in env[name].text
    )
