"""CI workflows and compose files: the shell they run.

GitHub Actions ``run:`` blocks, GitLab CI ``script:``/``before_script:``/
``after_script:`` (a string or a list), docker-compose ``command:``/
``entrypoint:`` and ``healthcheck: test:`` go to the shell front-end with
every character located inside the block scalar, so a finding points at the
line inside the block.  List forms (``["CMD", "mysqladmin", …]``) are an argv.
GitHub expressions (``${{ secrets.X }}``) are values not known statically.
Ansible task lists (:func:`ansible`, called by the YAML front-end for a
document that is a sequence) are walked the same way for the ``shell``,
``command`` and ``raw`` modules, with Jinja's ``{{ … }}`` unknown; so are
Kubernetes objects (:func:`kubernetes`) for containers' ``command`` + ``args``.
The generic YAML front-end (JDBC URLs, Spring keys) runs on the same file and
its candidates are merged in.

The environment those commands run with is theirs to read (:mod:`ci_env`): a
GitHub workflow's, job's and step's ``env:``, a compose service's
``environment:`` (for ``$$VAR``: a single ``$`` is Compose's own
interpolation, from the host), a Kubernetes container's ``env:`` (its
``$(VAR)`` references too) and an Ansible play's, block's or task's
``environment:``; a value a template or the host decides is not known statically.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

import yaml

from connlint.frontends import refuse_nul, yaml_compose, yaml_libyaml
from connlint.frontends.ci_env import Environment, hops, layer, unescape
from connlint.frontends.run_context import attach, image_setting, package_settings
from connlint.frontends.shell import SHELLS, extract_argv, extract_located
from connlint.frontends.shell_option_files import CopiedFile, landing, read_files
from connlint.frontends.spring import Located
from connlint.model import CandidateKind, Extraction, Hop, Level, Location, Notification, Setting, Span

#: Keys whose value is shell (a string) or a list of shell lines, per kind of
#: file: a GitHub workflow's ``script:`` is the JavaScript of
#: actions/github-script, not shell, and only GitLab's ``script:`` lists are.
GITHUB_SCRIPT_KEYS: frozenset[str] = frozenset({"run"})
GITLAB_SCRIPT_KEYS: frozenset[str] = frozenset({"script", "before_script", "after_script"})

#: Ansible modules that run a command line: a string (free form), or a mapping
#: with ``cmd:`` (or, for ``command``, an ``argv:`` list).
ANSIBLE_COMMAND_KEYS: frozenset[str] = frozenset(
    f"{prefix}{module}"
    for prefix in ("", "ansible.builtin.", "ansible.legacy.")
    for module in ("shell", "command", "raw")
)

#: Compose keys whose value is a command string or an exec-form list.
COMMAND_KEYS: frozenset[str] = frozenset({"command", "entrypoint"})

#: Shells a GitHub step may name; other ``shell:`` values (pwsh, python) are not shell.
POSIX_SHELLS: frozenset[str] = SHELLS


def extract(path: str, text: str) -> Extraction:
    """Candidates of one CI workflow or compose file; never raises."""
    if (refused := refuse_nul(path, text)) is not None:
        return refused

    out = Extraction()
    try:
        # libyaml's composition when it builds what the pure-Python loader builds
        # (a tenth of the time); else the pure-Python loader, errors and all.
        roots = yaml_libyaml.documents(text, yaml_compose.MAX_NESTING)
        for root in roots if roots is not None else yaml.compose_all(text, Loader=yaml.SafeLoader):
            if root is not None:
                _Walker(path, text, out, _flavour(path)).walk(root)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        out.notifications.append(
            Notification(path, f"YAML parse error: {exc.__class__.__name__}", Level.WARNING, line)
        )
    except (RecursionError, ValueError) as exc:
        out.notifications.append(Notification(path, f"CI file not analysed: {type(exc).__name__}"))
    _merge_yaml(path, text, out)
    return out


def ansible(path: str, text: str, root: yaml.Node, out: Extraction) -> None:
    """Add the command lines of an Ansible task list or playbook (``root``, a
    sequence composed from ``text``) to ``out``; Jinja ``{{ … }}`` are values not
    known statically.
    """
    _Walker(path, text, out, (frozenset(), False), ansible=True).walk(root)


def kubernetes(path: str, text: str, root: yaml.Node, out: Extraction) -> None:
    """Add the command lines of a Kubernetes object's containers and ``exec``
    probes (``command:`` then ``args:``, an argv) to ``out``.
    """
    walker = _Walker(path, text, out, (frozenset(), False), kubernetes=True)
    walker.walk(root)
    walker.config_map_scripts(root)


def _merge_yaml(path: str, text: str, out: Extraction) -> None:
    """Add the generic YAML front-end's candidates (JDBC URLs, Spring keys)."""
    from connlint.frontends import yaml as yaml_frontend

    extra = yaml_frontend.extract(path, text)
    seen = {(c.kind, c.location) for c in out.candidates}
    out.candidates.extend(c for c in extra.candidates if (c.kind, c.location) not in seen)


def _default_shell(pairs: list[tuple[yaml.Node, yaml.Node]]) -> str | None:
    """The ``shell`` of a ``defaults: run:`` mapping among ``pairs``, if any."""
    for key, value in pairs:
        if (
            isinstance(key, yaml.ScalarNode)
            and key.value == "defaults"
            and isinstance(value, yaml.MappingNode)
        ):
            for k, v in value.value:
                if isinstance(k, yaml.ScalarNode) and k.value == "run" and isinstance(v, yaml.MappingNode):
                    return _scalar(list(v.value), "shell")
    return None


def _flavour(path: str) -> tuple[frozenset[str], bool]:
    """The shell keys of this kind of CI file, and whether compose commands count."""
    posix = path.replace("\\", "/")
    if "/.github/workflows/" in f"/{posix}":
        return GITHUB_SCRIPT_KEYS, False
    if posix.rsplit("/", 1)[-1].startswith(".gitlab-ci"):
        return GITLAB_SCRIPT_KEYS, False
    return frozenset(), True  # docker-compose / compose files


class _Walker:
    def __init__(
        self,
        path: str,
        text: str,
        out: Extraction,
        flavour: tuple[frozenset[str], bool],
        *,
        ansible: bool = False,
        kubernetes: bool = False,
    ) -> None:
        self.path = path
        self.text = text
        self.out = out
        self.visited: set[int] = set()
        self.script_keys, self.compose = flavour
        self.ansible = ansible  # command modules of Ansible tasks
        self.kubernetes = kubernetes  # containers' command + args

    def walk(self, root: yaml.Node) -> None:
        # Each node with the shell its steps run by default (GitHub's
        # workflow- and job-level ``defaults: run: shell:``) and where its
        # commands run (an image, client packages installed by earlier steps).
        stack: list[tuple[yaml.Node, str | None, tuple[Setting, ...], Environment]] = [(root, None, (), {})]
        while stack:
            node, default_shell, context, env = stack.pop()
            if id(node) in self.visited:
                continue
            self.visited.add(id(node))
            if isinstance(node, yaml.MappingNode):
                pairs: list[tuple[yaml.Node, yaml.Node]] = list(node.value)
                default_shell = _default_shell(pairs) or default_shell
                shell = _scalar(pairs, "shell") or default_shell
                context = (*context, *self.image(pairs))
                if self.script_keys is GITLAB_SCRIPT_KEYS:
                    context = (*context, *self.gitlab_packages(pairs))
                env = layer(self.kind, self.path, pairs, env, self.locate)
                start = len(self.out.candidates)
                if self.kubernetes:
                    self.container_command(node, pairs, env)
                mounted = self.mounted(pairs) if self.compose else ()
                joined = self.compose and self.service_command(pairs, env, mounted)
                for key, value in pairs:
                    name = key.value if isinstance(key, yaml.ScalarNode) else None
                    if name == "steps" and isinstance(value, yaml.SequenceNode):
                        stack.extend(self.steps(value, default_shell, context, env))
                        continue
                    if joined and name in COMMAND_KEYS:
                        stack.append((value, default_shell, context, env))
                        continue
                    if name in self.script_keys and (shell is None or shell.split()[0] in POSIX_SHELLS):
                        self.script(value, env)
                    elif self.ansible and name in ANSIBLE_COMMAND_KEYS:
                        self.task_command(value, pairs, env)
                    elif self.compose and name in COMMAND_KEYS:
                        self.command(value, env, copied=mounted)
                    elif self.compose and name == "healthcheck" and isinstance(value, yaml.MappingNode):
                        for k, v in value.value:
                            if isinstance(k, yaml.ScalarNode) and k.value == "test":
                                self.command(v, env, healthcheck=True, copied=mounted)
                    stack.append((value, default_shell, context, env))
                attach(self.out, context, start)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend((item, default_shell, context, env) for item in node.value)

    @property
    def kind(self) -> str:
        """Which environment keys this file has (see :func:`ci_env.layer`)."""
        if self.kubernetes:
            return "kubernetes"
        if self.ansible:
            return "ansible"
        if self.compose:
            return "compose"
        if self.script_keys is GITLAB_SCRIPT_KEYS:
            return "gitlab"
        return "github" if self.script_keys is GITHUB_SCRIPT_KEYS else ""

    def image(self, pairs: list[tuple[yaml.Node, yaml.Node]]) -> list[Setting]:
        """The image a mapping's commands run in: a compose service's or a
        Kubernetes container's ``image``, a GitHub job's ``container`` (a name or
        a mapping with ``image``), a GitLab job's ``image`` (a name or ``name:``).
        """
        for key, value in pairs:
            if not isinstance(key, yaml.ScalarNode) or key.value not in ("image", "container"):
                continue
            if isinstance(value, yaml.MappingNode):
                value = next(
                    (
                        v
                        for k, v in value.value
                        if isinstance(k, yaml.ScalarNode) and k.value in ("image", "name")
                    ),
                    value,
                )
            if isinstance(value, yaml.ScalarNode) and str(value.value).strip():
                return [image_setting(self.span(value), f"{key.value}:")]
        return []

    def steps(
        self, steps: yaml.SequenceNode, shell: str | None, context: tuple[Setting, ...], env: Environment
    ) -> list[tuple[yaml.Node, str | None, tuple[Setting, ...], Environment]]:
        """A job's steps, each with the client packages installed by it and the steps
        before it (``sudo apt-get install -y mysql-client-8.0``) added to ``context``.
        """
        out = []
        installed: list[Setting] = []
        for step in steps.value:
            if isinstance(step, yaml.MappingNode):
                for key, value in step.value:
                    if isinstance(key, yaml.ScalarNode) and key.value in self.script_keys:
                        for item in value.value if isinstance(value, yaml.SequenceNode) else [value]:
                            if isinstance(item, yaml.ScalarNode):
                                installed.extend(self.packages(item))
            out.append((step, shell, (*context, *installed), env))
        return out

    def gitlab_packages(self, pairs: list[tuple[yaml.Node, yaml.Node]]) -> list[Setting]:
        """The client packages a GitLab job (or the file's top level, for every job)
        installs in its ``before_script:`` or ``script:`` lines.
        """
        found: list[Setting] = []
        for key, value in pairs:
            if isinstance(key, yaml.ScalarNode) and key.value in ("before_script", "script"):
                for item in value.value if isinstance(value, yaml.SequenceNode) else [value]:
                    if isinstance(item, yaml.ScalarNode):
                        found.extend(self.packages(item))
        return found

    def packages(self, node: yaml.ScalarNode) -> list[Setting]:
        """The client packages a ``run:`` script installs."""
        text = str(node.value)
        if "install" not in text and "add" not in text:
            return []
        located = self.locate(node)

        def where(start: int, end: int) -> Location:
            (line, column), (end_line, last) = located.point(start), located.point(max(start, end - 1))
            return Location(self.path, line, column, end_line, last + 1)

        return package_settings(text, where) if len(located) == len(text) else []

    def script(self, node: yaml.Node, env: Environment) -> None:
        if isinstance(node, yaml.ScalarNode):
            self.shell(node, env)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                if isinstance(item, yaml.ScalarNode):
                    self.shell(item, env)
                elif isinstance(item, yaml.SequenceNode):  # GitLab nested !reference lists
                    self.script(item, env)

    def task_command(
        self, node: yaml.Node, pairs: list[tuple[yaml.Node, yaml.Node]], env: Environment
    ) -> None:
        """An Ansible command module's value: free form, or ``cmd:`` / ``argv:``
        (in the module's mapping or, the older form, in the task's ``args:``).
        """
        if isinstance(node, yaml.ScalarNode):
            self.shell(node, env, jinja=True)
            return
        options = list(node.value) if isinstance(node, yaml.MappingNode) else []
        for key, value in pairs:
            if (
                isinstance(key, yaml.ScalarNode)
                and key.value == "args"
                and isinstance(value, yaml.MappingNode)
            ):
                options.extend(value.value)
        for key, value in options:
            if not isinstance(key, yaml.ScalarNode):
                continue
            if key.value == "cmd" and isinstance(value, yaml.ScalarNode):
                self.shell(value, env, jinja=True)
            elif key.value == "argv" and isinstance(value, yaml.SequenceNode):
                self.command(value, env)

    def config_map_scripts(self, root: yaml.Node) -> None:
        """The shell scripts a ConfigMap holds (``data: backup.sh: |``), which a
        container mounts and runs: a key named ``*.sh``/``*.bash`` or a value that
        starts with a shell's ``#!`` line.
        """
        if not isinstance(root, yaml.MappingNode) or _scalar(list(root.value), "kind") != "ConfigMap":
            return
        found = Extraction()
        for key, value in root.value:
            if not (isinstance(key, yaml.ScalarNode) and key.value == "data"):
                continue
            for name, script in value.value if isinstance(value, yaml.MappingNode) else []:
                if (
                    isinstance(name, yaml.ScalarNode)
                    and isinstance(script, yaml.ScalarNode)
                    and _is_script(str(name.value), str(script.value))
                ):
                    # Helm's actions, as written or as the YAML front-end masked them.
                    located = _helm_placeholders(self.locate(script))
                    _merge(found, extract_located(self.path, located, jinja=True))
        metadata = _field(root, "metadata")
        config_map = _scalar(list(metadata.value), "name") if isinstance(metadata, yaml.MappingNode) else None
        if config_map and any(c.kind is CandidateKind.MYSQL_CLI for c in found.candidates):
            # The image of the containers that mount it (issue 16, item 14).
            from connlint.frontends import k8s_mounts

            image = k8s_mounts.image_settings(self.path, self.text, config_map)
            before = list(found.candidates)
            attach(found, image)
            for i, c in enumerate(found.candidates):
                if c is not before[i]:  # given the image: the mount is a step on its way
                    hop = Hop(image[0].location, f"via a container of image {image[0].value} that mounts it")
                    found.candidates[i] = dataclasses.replace(c, trail=(*c.trail, hop))
        _merge(self.out, found)

    def container_command(
        self, node: yaml.MappingNode, pairs: list[tuple[yaml.Node, yaml.Node]], env: Environment
    ) -> None:
        """A container's (or an ``exec`` probe's) ``command`` with its ``args``, the
        ``$(VAR)`` of its ``env`` replaced as the kubelet does.
        """
        lists = {
            str(k.value): [i for i in v.value if isinstance(i, yaml.ScalarNode)]
            for k, v in pairs
            if isinstance(k, yaml.ScalarNode)
            and k.value in ("command", "args")
            and isinstance(v, yaml.SequenceNode)
        }
        items = [*lists.get("command", []), *lists.get("args", [])]
        if "command" in lists and items:
            start, end = node.start_mark, node.end_mark
            location = Location(self.path, start.line + 1, start.column + 1, end.line + 1, end.column + 1)
            words, shell_env, used = self.words(items, env)
            found = extract_argv(self.path, words, location, shell_env)
            if used:  # the kubelet's $(VAR)
                found.candidates[:] = [
                    dataclasses.replace(c, trail=(*hops(used, env), *c.trail)) for c in found.candidates
                ]
            attach(found, self.image(pairs))
            _merge(self.out, found)

    def mounted(self, pairs: list[tuple[yaml.Node, yaml.Node]]) -> tuple[CopiedFile, ...]:
        """The option files of the repository a compose service bind-mounts where
        its image's clients read them by default (``./my.cnf:/etc/mysql/conf.d/my.cnf:ro``,
        or the long syntax's ``type: bind``), in the order they read them.
        """
        files: dict[str, CopiedFile] = {}
        for key, value in pairs:
            if not (isinstance(key, yaml.ScalarNode) and key.value == "volumes"):
                continue
            for item in value.value if isinstance(value, yaml.SequenceNode) else []:
                source = target = ""
                if isinstance(item, yaml.ScalarNode):
                    source, _, rest = str(item.value).partition(":")
                    target = rest.split(":", 1)[0]
                elif isinstance(item, yaml.MappingNode):
                    fields = {
                        str(k.value): str(v.value)
                        for k, v in item.value
                        if isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode)
                    }
                    if fields.get("type") == "bind":
                        source, target = fields.get("source", ""), fields.get("target", "")
                # Compose reads a path only from ./ or ../ (a bare name is a named volume).
                landed = landing(source, target) if source.startswith(("./", "../")) and target else None
                if landed is not None:
                    start, end = item.start_mark, item.end_mark
                    at = Location(self.path, start.line + 1, start.column + 1, end.line + 1, end.column + 1)
                    files[landed] = CopiedFile(self.path, source, landed, at, by="the volume")
        return read_files(files)

    def service_command(
        self, pairs: list[tuple[yaml.Node, yaml.Node]], env: Environment, copied: Sequence[CopiedFile] = ()
    ) -> bool:
        """A compose service's ``entrypoint`` with its ``command`` list, one argv as
        Compose runs them (``entrypoint: ["/bin/sh", "-c"]`` + ``command: ["mysql …"]``);
        True when read (then neither is read alone).
        """
        values = {
            str(k.value): v for k, v in pairs if isinstance(k, yaml.ScalarNode) and k.value in COMMAND_KEYS
        }
        entrypoint, command = values.get("entrypoint"), values.get("command")
        if not isinstance(command, yaml.SequenceNode) or entrypoint is None:
            return False
        if isinstance(entrypoint, yaml.SequenceNode):
            head = [self.span(i) for i in entrypoint.value if isinstance(i, yaml.ScalarNode)]
        elif isinstance(entrypoint, yaml.ScalarNode):
            # The string form is split into words (no shell runs it).
            located = self.locate(entrypoint)
            head = [
                located.slice(m.start(), m.end()).span(self.path, (1, 1))
                for m in re.finditer(r"\S+", located.text)
            ]
        else:
            return False
        tail, shell_env, _ = self.words([i for i in command.value if isinstance(i, yaml.ScalarNode)], env)
        words = [*head, *tail]
        if not head or not words:
            return False
        start, end = command.start_mark, command.end_mark
        location = Location(self.path, start.line + 1, start.column + 1, end.line + 1, end.column + 1)
        _merge(self.out, extract_argv(self.path, words, location, shell_env, copied))
        return True

    def command(
        self,
        node: yaml.Node,
        env: Environment,
        *,
        healthcheck: bool = False,
        copied: Sequence[CopiedFile] = (),
    ) -> None:
        if isinstance(node, yaml.ScalarNode):
            self.shell(node, env, copied=copied)
            return
        if not isinstance(node, yaml.SequenceNode):
            return
        items = [i for i in node.value if isinstance(i, yaml.ScalarNode)]
        if healthcheck and items:
            head = str(items[0].value).upper()
            if head == "CMD-SHELL":
                if len(items) > 1:
                    self.shell(items[1], env, copied=copied)
                return
            if head == "NONE":
                return
            if head == "CMD":
                items = items[1:]
        words, shell_env, _ = self.words(items, env)
        if words:
            start, end = node.start_mark, node.end_mark
            location = Location(self.path, start.line + 1, start.column + 1, end.line + 1, end.column + 1)
            _merge(self.out, extract_argv(self.path, words, location, shell_env, copied))

    def span(self, node: yaml.ScalarNode) -> Span:
        return self.locate(node).span(self.path, (node.start_mark.line + 1, node.start_mark.column + 1))

    def words(
        self, items: list[yaml.ScalarNode], env: Environment
    ) -> tuple[list[Span], Environment, set[str]]:
        """The located words of an exec-form list, with what Compose or the kubelet
        makes of their ``$`` first, the environment of the scripts they run, and
        the variables the kubelet put in.
        """
        if not self.compose and not self.kubernetes:
            return [self.span(i) for i in items], env, set()
        words: list[Span] = []
        names: set[str] = set()
        used: set[str] = set()
        for item in items:
            text, own, put = unescape(self.kind, self.locate(item), env)
            names |= own
            used |= put
            words.append(text.span(self.path, (item.start_mark.line + 1, item.start_mark.column + 1)))
        return words, {k: v for k, v in env.items() if k not in names}, used

    def shell(
        self,
        node: yaml.ScalarNode,
        env: Environment,
        *,
        jinja: bool = False,
        copied: Sequence[CopiedFile] = (),
    ) -> None:
        located = self.locate(node)
        if self.compose:
            located, names, _ = unescape(self.kind, located, env)
            env = {k: v for k, v in env.items() if k not in names}
        _merge(self.out, extract_located(self.path, located, jinja=jinja, env=env, copied=copied))

    def locate(self, node: yaml.ScalarNode) -> Located:
        """The scalar's value with the (line, column) of each character."""
        value = str(node.value)
        from connlint.frontends import yaml as yaml_frontend

        located: Located = yaml_frontend.locate(self.path, self.text, node)
        if located.text == value:
            return located
        return _block_points(self.text, node, value)


def _block_points(text: str, node: yaml.ScalarNode, value: str) -> Located:
    """A scalar's value located line by line (literal blocks exact)."""
    start = node.start_mark
    out = Located()
    if node.style in ("|", ">"):
        raw_lines = text[start.index : node.end_mark.index].split("\n")[1:]
        non_empty = [ln for ln in raw_lines if ln.strip()]
        indent = len(non_empty[0]) - len(non_empty[0].lstrip(" ")) if non_empty else 0
        for k, line in enumerate(value.split("\n")):
            out.add(line + "\n", (start.line + 2 + k, indent + 1))  # the line and its break
        return out.slice(0, len(value))
    offset = 1 if node.style in ("'", '"') else 0
    out.add(value, (start.line + 1, start.column + 1 + offset))
    return out


#: A ``#!`` line that runs a POSIX shell (``#!/bin/sh``, ``#!/usr/bin/env bash``).
_SHEBANG = re.compile(r"#![ \t]*+/\S*?/(?:env[ \t]++)?(?:ba|da|k|z)?sh\b")


#: What the YAML front-end makes of a Helm action inside a line (``{{ .Values.x }}``
#: -> ``${ .Values.x _}``, ``yaml.mask_templates``): not shell's syntax.
_HELM_PLACEHOLDER = re.compile(r"\$\{[ .\-][^{}\n]*_\}")


def _helm_placeholders(located: Located) -> Located:
    """``located`` with each Helm action placeholder read as a shell variable not
    known statically, of the same length (``$_HELM_____``), lines and columns kept.
    """
    text = located.text
    if "${" not in text:
        return located
    out = Located()
    pos = 0
    for m in _HELM_PLACEHOLDER.finditer(text):
        out.extend(located.slice(pos, m.start()))
        out.add(("$_HELM" + "_" * len(m.group()))[: len(m.group())], located.point(m.start()))
        pos = m.end()
    out.extend(located.slice(pos, len(text)))
    return out


def _is_script(name: str, value: str) -> bool:
    """Whether a ConfigMap entry holds a shell script (its name or its ``#!`` line)."""
    return name.endswith((".sh", ".bash")) or _SHEBANG.match(value) is not None


def _field(node: yaml.MappingNode, key: str) -> yaml.Node | None:
    return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def _scalar(pairs: list[tuple[yaml.Node, yaml.Node]], key: str) -> str | None:
    for k, v in pairs:
        if isinstance(k, yaml.ScalarNode) and k.value == key and isinstance(v, yaml.ScalarNode):
            return str(v.value) or None
    return None


def _merge(out: Extraction, part: Extraction) -> None:
    out.candidates.extend(part.candidates)
    out.notifications.extend(part.notifications)
