"""Terraform's JSON syntax (``*.tf.json``): the RDS databases it declares, as the
HCL front-end (:mod:`connlint.frontends.terraform`) reads them from ``.tf`` files.

A recogniser of the JSON front-end (:data:`connlint.frontends.json.RECOGNISERS`):
``{"resource": {"aws_db_instance": {"main": {...}}}, "module": {...}, "variable":
{...}, "provider": {"aws": {...}}}``
(https://developer.hashicorp.com/terraform/language/syntax/json).  Values: JSON
strings, where ``"${var.x}"`` / ``"${local.x}"`` alone is the variable's literal
default or the local of the same file; other templates and expressions stay
unknown.  Only the file itself is read (no sibling files).
"""

from __future__ import annotations

import re
from dataclasses import replace

import yaml

from connlint.frontends.json import JsonDocument
from connlint.frontends.terraform_resources import AURORA_CLUSTER, RESOURCES
from connlint.frontends.yaml import mapping_value, node_location
from connlint.model import Extraction, Hop, Server

_REFERENCE = re.compile(r"\$\{\s*(var|local)\.([A-Za-z_][\w-]*)\s*\}")
_RDS_MODULE = re.compile(r"(?i)terraform-aws-modules/rds(?:-aurora)?/aws$|terraform-aws-rds")


def _items(node: yaml.Node | None) -> list[tuple[str, yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        return []
    return [(str(k.value), k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]


class _Reader:
    def __init__(self, document: JsonDocument) -> None:
        self.path = document.path
        self.root = document.root

    def value(self, node: yaml.Node | None) -> tuple[str | None, str | None, tuple[Hop, ...]]:
        """(value, why unknown, hops); (None, None, ()) for null or absent."""
        if node is None:
            return None, None, ()
        if not isinstance(node, yaml.ScalarNode):
            return None, "an expression", ()
        if node.tag == "tag:yaml.org,2002:null":
            return None, None, ()
        text = str(node.value)
        if "${" not in text:
            return text, None, ()
        match = _REFERENCE.fullmatch(text.strip())
        if match is None:
            return None, text, ()
        kind, name = match.groups()
        if kind == "local":
            found = mapping_value(mapping_value(self.root, "locals"), name)
            if isinstance(found, yaml.ScalarNode) and "${" not in str(found.value):
                return str(found.value), None, (Hop(node_location(self.path, found), f"via local.{name}"),)
            return None, text, ()
        default = mapping_value(mapping_value(mapping_value(self.root, "variable"), name), "default")
        literal = isinstance(default, yaml.ScalarNode) and default.tag != "tag:yaml.org,2002:null"
        if literal and default is not None and "${" not in str(default.value):
            hop = Hop(node_location(self.path, default), f"via the default of var.{name}")
            return str(default.value), None, (hop,)
        return None, f"{text} (no literal default in this file)", ()

    def text(self, node: yaml.Node | None) -> str | None:
        return self.value(node)[0]

    def region(self) -> str | None:
        provider = mapping_value(mapping_value(self.root, "provider"), "aws")
        return self.text(mapping_value(provider, "region"))

    def servers(self) -> list[Server]:
        found: list[Server] = []
        for kind, _, blocks in _items(mapping_value(self.root, "resource")):
            if kind not in RESOURCES:
                continue
            for name, key, body in _items(blocks):
                found.append(self.resource(kind, name, key, body))
        for name, key, body in _items(mapping_value(self.root, "module")):
            source = self.text(mapping_value(body, "source")) or ""
            if _RDS_MODULE.search(source) or mapping_value(body, "ca_cert_identifier") is not None:
                found.append(
                    self.server(source, f"module.{name}", key, body, "identifier", "ca_cert_identifier")
                )
        return found

    def resource(self, kind: str, name: str, key: yaml.Node, body: yaml.Node) -> Server:
        id_attribute, ca_attribute = RESOURCES[kind]
        server = self.server(kind, f"{kind}.{name}", key, body, id_attribute, ca_attribute)
        if kind == "aws_rds_cluster" and server.ca is None and server.ca_unknown is None:
            engine = server.engine or ""
            multi_az = engine and not engine.startswith("aurora")
            if not multi_az and self.text(mapping_value(body, "db_cluster_instance_class")) is None:
                return replace(server, ca_unknown=AURORA_CLUSTER)
        return server

    def server(
        self, resource: str, name: str, key: yaml.Node, body: yaml.Node, id_attribute: str, ca_attribute: str
    ) -> Server:
        ca_node = mapping_value(body, ca_attribute)
        ca, unknown, hops = self.value(ca_node)
        engine = self.text(mapping_value(body, "engine"))
        return Server(
            source="terraform",
            resource=resource,
            name=name,
            location=node_location(self.path, key),
            identifier=self.text(mapping_value(body, id_attribute)),
            cluster_identifier=self.text(mapping_value(body, "cluster_identifier"))
            if resource == "aws_rds_cluster_instance"
            else None,
            engine=engine.lower() if engine else None,
            region=self.text(mapping_value(body, "region")) or self.region(),
            ca=ca.strip().lower() if ca else None,
            ca_location=node_location(self.path, ca_node)
            if ca_node is not None and (ca or unknown)
            else None,
            ca_unknown=unknown,
            trail=hops,
        )


def recognise(document: JsonDocument, out: Extraction) -> None:
    """The RDS servers of a ``*.tf.json`` file (nothing for other JSON)."""
    if not document.path.endswith(".tf.json") or not isinstance(document.root, yaml.MappingNode):
        return
    out.servers.extend(_Reader(document).servers())
