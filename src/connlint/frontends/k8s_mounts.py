"""The image a ConfigMap-held script runs in (issue 16, item 14): a Kubernetes
container that mounts the ConfigMap (``volumes: - configMap: {name: …}`` and
the container's ``volumeMounts``) runs its scripts with the container's
``image``, which says which client its commands run (``mariadb:10.11``).

The containers looked at are those of the ConfigMap's own file (other
documents of it) and of the Kubernetes manifests next to it (the same
directory: a chart's ``templates/``, a kustomization's resources); each
directory is read once per process, through the run's
:class:`~connlint.project.Project`, and only when a ConfigMap script has a
client command.  Only one image counts: containers whose images differ leave
the script's client unknown.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import yaml

from connlint import project
from connlint.model import Location, Setting, Span
from connlint.scope import read_context_file

#: Manifests read from one directory (a directory of hundreds is no one application).
_MAX_FILES = 64
#: Nodes visited in one document when looking for pod specs.
_MAX_NODES = 20_000
#: A mounted image as found: its reference and where the manifest writes it.
Found = tuple[str, Location]


def image_settings(path: str, text: str, name: str) -> list[Setting]:
    """The image setting of the containers that mount ConfigMap ``name`` (the
    ConfigMap's file is ``path`` with ``text``), when they all run one image.
    """
    from connlint.frontends.run_context import image_setting

    found = list(_in_text(path, text, name))
    if not found:
        found = _in_directory(path, name)
    images = {ref for ref, _ in found}
    if len(images) != 1:
        return []
    ref, where = found[0]
    span = Span.at(ref, where.path, where.line, where.column)
    return [image_setting(span, f"a container that mounts ConfigMap {name}")]


def _in_text(path: str, text: str, name: str) -> Iterator[Found]:
    from connlint.frontends import yaml_libyaml

    if "configMap" not in text or name not in text:
        return
    try:
        roots = yaml_libyaml.documents(text, 64)
        if roots is None:
            roots = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except (yaml.YAMLError, RecursionError, ValueError):
        return
    for root in roots:
        if root is not None:
            for ref, node in mounts(root).get(name, []):
                start, end = node.start_mark, node.end_mark
                yield ref, Location(path, start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _in_directory(path: str, name: str) -> list[Found]:
    current = project.current()
    if current is None:
        return []
    directory = Path(os.path.normpath(os.path.abspath(path))).parent
    files = current.memo(("k8s-manifests", str(directory)), functools.partial(_manifests, directory))
    out: list[Found] = []
    for manifest in files:
        if str(manifest) == os.path.normpath(os.path.abspath(path)):
            continue
        display = os.path.relpath(manifest) if not os.path.isabs(path) else str(manifest)
        text = current.memo(("k8s-manifest-text", str(manifest)), functools.partial(_read, manifest, display))
        if text:
            out.extend(_in_text(display, text, name))
    return out


def _manifests(directory: Path) -> tuple[Path, ...]:
    try:
        names = sorted(
            entry.name
            for entry in os.scandir(directory)
            if entry.name.endswith((".yaml", ".yml")) and entry.is_file(follow_symlinks=False)
        )
    except OSError:
        return ()
    return tuple(directory / n for n in names[:_MAX_FILES])


def _read(manifest: Path, display: str) -> str:
    text, _problem = read_context_file(manifest, display)
    return text if text and "\0" not in text and "configMap" in text else ""


def mounts(root: yaml.Node) -> dict[str, list[tuple[str, yaml.ScalarNode]]]:
    """ConfigMap name -> the images (reference and node) of the containers of
    ``root`` (a Kubernetes object) that mount it as a volume.
    """
    out: dict[str, list[tuple[str, yaml.ScalarNode]]] = {}
    for spec in _pod_specs(root):
        volumes = _config_map_volumes(_items(spec, "volumes"))
        for container in (*_items(spec, "containers"), *_items(spec, "initContainers")):
            image = _field(container, "image")
            if not isinstance(image, yaml.ScalarNode) or not str(image.value).strip():
                continue
            for mount in _items(container, "volumeMounts"):
                volume = _field(mount, "name")
                if isinstance(volume, yaml.ScalarNode) and str(volume.value) in volumes:
                    for config_map in volumes[str(volume.value)]:
                        out.setdefault(config_map, []).append((str(image.value).strip(), image))
    return out


def _config_map_volumes(volumes: Sequence[yaml.MappingNode]) -> dict[str, list[str]]:
    """Volume name -> the ConfigMaps it holds (``configMap:``, ``projected: sources:``)."""
    out: dict[str, list[str]] = {}
    for volume in volumes:
        name = _field(volume, "name")
        if not isinstance(name, yaml.ScalarNode):
            continue
        sources = [volume, *_items(_field(volume, "projected"), "sources")]
        for source in sources:
            config_map = _field(_field(source, "configMap"), "name")
            if isinstance(config_map, yaml.ScalarNode):
                out.setdefault(str(name.value), []).append(str(config_map.value))
    return out


def _pod_specs(root: yaml.Node) -> Iterator[yaml.MappingNode]:
    """The mappings of ``root`` that hold a ``containers`` list (pod specs, at any depth)."""
    stack = [root]
    visited = 0
    while stack and visited < _MAX_NODES:
        node = stack.pop()
        visited += 1
        if isinstance(node, yaml.MappingNode):
            if isinstance(_field(node, "containers"), yaml.SequenceNode):
                yield node
            stack.extend(v for _, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _field(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def _items(node: yaml.Node | None, key: str) -> list[yaml.MappingNode]:
    value = _field(node, key)
    if not isinstance(value, yaml.SequenceNode):
        return []
    return [i for i in value.value if isinstance(i, yaml.MappingNode)]
