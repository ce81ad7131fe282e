"""CloudFormation templates (YAML and JSON): RDS databases (:class:`connlint.model.Server`)
and the CA each presents.

Read from the composed nodes the YAML and JSON front-ends already have (PyYAML
nodes with marks; the composer keeps the short-form intrinsics ``!Ref`` /
``!Sub`` as tags, so a template composes whole).  What is read
(https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbinstance.html):

* ``AWS::RDS::DBInstance``: ``CACertificateIdentifier`` (the CA of the
  instance's server certificate), ``DBInstanceIdentifier``,
  ``DBClusterIdentifier`` (an Aurora instance's cluster), ``Engine``;
* ``AWS::RDS::DBCluster``: ``DBClusterIdentifier``, ``Engine``; an Aurora
  cluster presents its instances' certificates, so its CA is unknown here
  unless the template names one (``CACertificateIdentifier``).

Values: literal strings; ``Ref`` / ``!Ref`` to a parameter with a literal
``Default``; ``Fn::Sub`` / ``!Sub`` of literal text and such parameters.
Anything else (``Fn::If``, ``Fn::ImportValue``, a pseudo parameter) stays
unknown and ``Server.ca_unknown`` quotes it.  A template says no region: it is
deployed to one chosen at deploy time.
"""

from __future__ import annotations

import re

import yaml

from connlint.frontends.yaml import mapping_value, node_location
from connlint.model import Hop, Server

_INSTANCE = "AWS::RDS::DBInstance"
_CLUSTER = "AWS::RDS::DBCluster"
#: ``${Name}`` in an ``Fn::Sub`` string (``${!Literal}`` is the literal ``${Literal}``).
# A name holds no "$": each "${" then ends its search at the next one (linear on "${${${…").
_SUB = re.compile(r"\$\{(!?)([^}$]*+)\}")
_QUOTE = 60


def is_template(root: yaml.Node) -> bool:
    """A mapping with ``Resources`` (a CloudFormation or SAM template)."""
    return isinstance(root, yaml.MappingNode) and any(
        isinstance(k, yaml.ScalarNode) and k.value == "Resources" for k, _ in root.value
    )


def _text(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return (node.tag + " " if node.tag.startswith("!") else "") + str(node.value)
    if isinstance(node, yaml.MappingNode) and len(node.value) == 1:
        key, value = node.value[0]
        return f"{getattr(key, 'value', '?')}: {_text(value)}"
    return "a " + ("list" if isinstance(node, yaml.SequenceNode) else "mapping")


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE else text[: _QUOTE - 3] + "..."


class _Template:
    def __init__(self, path: str, root: yaml.Node) -> None:
        self.path = path
        self.parameters = mapping_value(root, "Parameters")
        self.resources = mapping_value(root, "Resources")
        #: How many resource references deep the value being read is (one is followed).
        self._depth = 0

    def value(self, node: yaml.Node) -> tuple[str | None, str | None, tuple[Hop, ...]]:
        """(the value, why it is unknown, the steps it took) of a property."""
        if isinstance(node, yaml.ScalarNode):
            if node.tag == "!Ref":
                return self._parameter(str(node.value))
            if node.tag == "!Sub":
                return self._sub(str(node.value), node)
            if node.tag.startswith("!"):
                return None, _quote(_text(node)), ()
            if node.tag == "tag:yaml.org,2002:null" or (
                node.style is None and node.value in ("", "null", "~")
            ):
                return None, None, ()
            return str(node.value), None, ()
        if isinstance(node, yaml.MappingNode) and len(node.value) == 1:
            key, inner = node.value[0]
            name = getattr(key, "value", None)
            if name == "Ref" and isinstance(inner, yaml.ScalarNode):
                return self._parameter(str(inner.value))
            if name == "Fn::Sub" and isinstance(inner, yaml.ScalarNode):
                return self._sub(str(inner.value), node)
        return None, _quote(_text(node)), ()

    def _parameter(self, name: str) -> tuple[str | None, str | None, tuple[Hop, ...]]:
        if name == "AWS::NoValue":  # the property is left out
            return None, None, ()
        parameter = mapping_value(self.parameters, name)
        if parameter is None and self._depth == 0:
            # Ref to a DB cluster of the template: its name (DBClusterIdentifier)
            resource = mapping_value(self.resources, name)
            kind = mapping_value(resource, "Type")
            if isinstance(kind, yaml.ScalarNode) and kind.value == _CLUSTER:
                identifier = mapping_value(mapping_value(resource, "Properties"), "DBClusterIdentifier")
                if identifier is not None:
                    self._depth += 1
                    try:
                        return self.value(identifier)
                    finally:
                        self._depth -= 1
        default = mapping_value(parameter, "Default")
        if parameter is None:
            return None, f"Ref {name}", ()
        if not isinstance(default, yaml.ScalarNode) or default.tag.startswith("!"):
            return None, f"Ref {name} (a parameter without a literal default)", ()
        hop = Hop(node_location(self.path, default), f"via the default of parameter {name}")
        return str(default.value), None, (hop,)

    def _sub(self, text: str, node: yaml.Node) -> tuple[str | None, str | None, tuple[Hop, ...]]:
        hops: list[Hop] = []
        pieces: list[str] = []
        done = 0
        for match in _SUB.finditer(text):
            pieces.append(text[done : match.start()])
            done = match.end()
            if match.group(1):
                pieces.append("${" + match.group(2) + "}")
                continue
            value, _unknown, steps = self._parameter(match.group(2).strip())
            if value is None:
                return None, _quote(_text(node)), ()
            pieces.append(value)
            hops.extend(steps)
        pieces.append(text[done:])
        return "".join(pieces), None, tuple(hops)


def servers(path: str, root: yaml.Node) -> list[Server]:
    """The RDS servers of one template document (none for another document)."""
    if not is_template(root):
        return []
    template = _Template(path, root)
    resources = mapping_value(root, "Resources")
    found: list[Server] = []
    if not isinstance(resources, yaml.MappingNode):
        return found
    for key, resource in resources.value:
        kind = mapping_value(resource, "Type")
        if not isinstance(key, yaml.ScalarNode) or not isinstance(kind, yaml.ScalarNode):
            continue
        if kind.value not in (_INSTANCE, _CLUSTER):
            continue
        found.append(
            _server(template, str(key.value), str(kind.value), key, mapping_value(resource, "Properties"))
        )
    return found


def _server(
    template: _Template, name: str, kind: str, key: yaml.Node, properties: yaml.Node | None
) -> Server:
    def text(prop: str) -> str | None:
        node = mapping_value(properties, prop)
        return None if node is None else template.value(node)[0]

    engine = text("Engine")
    ca_node = mapping_value(properties, "CACertificateIdentifier")
    ca, unknown, hops = template.value(ca_node) if ca_node is not None else (None, None, ())
    if kind == _CLUSTER and ca is None and unknown is None:
        unknown = "an AWS::RDS::DBCluster presents its instances' certificates (or the account default)"
    instance = kind == _INSTANCE
    return Server(
        source="cloudformation",
        resource=kind,
        name=name,
        location=node_location(template.path, key),
        identifier=text("DBInstanceIdentifier") if instance else text("DBClusterIdentifier"),
        cluster_identifier=text("DBClusterIdentifier") if instance else None,
        engine=engine.lower() if engine else None,
        ca=ca.strip().lower() if ca else None,
        ca_location=node_location(template.path, ca_node) if ca_node is not None else None,
        ca_unknown=unknown,
        trail=hops,
    )
