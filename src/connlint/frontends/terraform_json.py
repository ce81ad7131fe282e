"""Terraform's JSON syntax (``*.tf.json``): the RDS databases it declares, as the
HCL front-end (:mod:`connlint.frontends.terraform`) reads them from ``.tf`` files.

A recogniser of the JSON front-end (:data:`connlint.frontends.json.RECOGNISERS`):
``{"resource": {"aws_db_instance": {"main": {...}}}, "module": {...}, "variable":
{...}, "provider": {"aws": {...}}}``
(https://developer.hashicorp.com/terraform/language/syntax/json).  Values: JSON
strings, where ``"${var.x}"`` / ``"${local.x}"`` alone is the variable's literal
default or the local of the same file; other templates and expressions stay
unknown.  Only the file itself is read (no sibling files).

A local module written in the JSON syntax, called from a ``.tf`` file
(:func:`module_servers`, for :mod:`connlint.frontends.terraform`) or from a
``.tf.json`` file, is read as the HCL front-end reads one: its files together,
its ``var.x`` the caller's argument, else the variable's default (``null``: the
attribute is absent), each server an instance of the call
(``module.db.aws_db_instance.this``).  A ``.tf.json`` call of a module written
in HCL is read as any other module call.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

import yaml

from connlint import project
from connlint.frontends.json import JsonDocument, documents
from connlint.frontends.terraform_resources import AURORA_CLUSTER, RESOURCES
from connlint.frontends.yaml import mapping_value, node_location
from connlint.model import Extraction, Hop, Server

_REFERENCE = re.compile(r"\$\{\s*(var|local)\.([A-Za-z_][\w-]*)\s*\}")
#: How many local modules deep a ``module`` block is followed (as the HCL front-end).
_MAX_MODULE_DEPTH = 4
_RDS_MODULE = re.compile(r"(?i)terraform-aws-modules/rds(?:-aurora)?/aws$|terraform-aws-rds")


def _items(node: yaml.Node | None) -> list[tuple[str, yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        return []
    return [(str(k.value), k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]


#: What a module's caller passes as ``var.x``: (value, why unknown, hops), or None when not passed.
Inputs = Callable[[str], tuple[str | None, str | None, tuple[Hop, ...]] | None]


class _Reader:
    def __init__(
        self,
        document: JsonDocument,
        inputs: Inputs | None = None,
        roots: Sequence[yaml.Node] = (),
        depth: int = 0,
    ) -> None:
        self.path = document.path
        self.root = document.root
        #: For a called module: its caller's arguments, and all its files' documents.
        self.inputs = inputs
        self.roots = tuple(roots) or (document.root,)
        self.depth = depth

    def _declared(self, table: str, name: str) -> yaml.Node | None:
        for root in self.roots:
            found = mapping_value(mapping_value(root, table), name)
            if found is not None:
                return found
        return None

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
            found = self._declared("locals", name)
            if isinstance(found, yaml.ScalarNode) and "${" not in str(found.value):
                return str(found.value), None, (Hop(node_location(self.path, found), f"via local.{name}"),)
            return None, text, ()
        if self.inputs is not None:
            return self._input(name, text)
        default = mapping_value(mapping_value(mapping_value(self.root, "variable"), name), "default")
        literal = isinstance(default, yaml.ScalarNode) and default.tag != "tag:yaml.org,2002:null"
        if literal and default is not None and "${" not in str(default.value):
            hop = Hop(node_location(self.path, default), f"via the default of var.{name}")
            return str(default.value), None, (hop,)
        return None, f"{text} (no literal default in this file)", ()

    def _input(self, name: str, text: str) -> tuple[str | None, str | None, tuple[Hop, ...]]:
        """``var.name`` in a called module: the caller's argument, else the default
        (a null default: the attribute is absent, so the account default).
        """
        assert self.inputs is not None
        passed = self.inputs(name)
        if passed is not None:
            return passed
        variable = self._declared("variable", name)
        if not isinstance(variable, yaml.MappingNode):
            return None, f"{text} (not declared in the module)", ()
        default = mapping_value(variable, "default")
        if default is None:
            return None, f"{text} (required, not passed)", ()
        if default.tag == "tag:yaml.org,2002:null":
            return None, None, ()
        if isinstance(default, yaml.ScalarNode) and "${" not in str(default.value):
            hop = Hop(node_location(self.path, default), f"via the default of var.{name}")
            return str(default.value), None, (hop,)
        return None, f"{text} (default not literal)", ()

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
            called = self.called(name, key, source, body) if source.startswith(("./", "../")) else None
            if called is not None:
                found.extend(called)
            elif _RDS_MODULE.search(source) or mapping_value(body, "ca_cert_identifier") is not None:
                found.append(
                    self.server(source, f"module.{name}", key, body, "identifier", "ca_cert_identifier")
                )
        return found

    def called(self, label: str, key: yaml.Node, source: str, body: yaml.Node) -> list[Server] | None:
        """The servers of the local JSON-syntax module a ``module`` entry calls, as
        instances of the call; None when there is none to read (no run, no
        ``.tf.json`` file there, too deep).
        """
        current = project.current()
        if current is None or self.depth >= _MAX_MODULE_DEPTH:
            return None
        directory = os.path.normpath(os.path.join(os.path.dirname(self.path), source.split("?")[0]))
        files = current.terraform_directory(directory, suffix=".tf.json")
        if not files:
            return None
        from connlint.frontends.terraform_instances import call_instance

        inputs = functools.partial(self.argument, label, body)
        found = module_servers([(f.display, f.text) for f in files], inputs, self.depth + 1)
        where = node_location(self.path, key)
        return [call_instance(s, label, where, self.region(), self.path, directory) for s in found]

    def argument(
        self, label: str, body: yaml.Node, name: str
    ) -> tuple[str | None, str | None, tuple[Hop, ...]] | None:
        """The argument ``name`` of a module call (``body``), None when not passed."""
        node = mapping_value(body, name)
        if node is None:
            return None
        value, unknown, hops = self.value(node)
        if value is None:
            return None, unknown, ()
        return value, None, (Hop(node_location(self.path, node), f"via module.{label} input {name}"), *hops)

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


def module_servers(files: Sequence[tuple[str, str]], inputs: Inputs, depth: int) -> list[Server]:
    """The servers of a local module written in the JSON syntax, its files given
    as (path shown, text), its variables taking the caller's ``inputs``.
    """
    found: list[JsonDocument] = []
    for path, text in files:
        found.extend(itertools.islice(documents(path, text, []), 1))
    return called_servers(found, inputs, depth)


def called_servers(docs: Sequence[JsonDocument], inputs: Inputs, depth: int) -> list[Server]:
    """The servers of a local module written in the JSON syntax (its files'
    ``docs``), its variables taking the caller's ``inputs``.
    """
    roots = [d.root for d in docs if isinstance(d.root, yaml.MappingNode)]
    return [
        server
        for document in docs
        if isinstance(document.root, yaml.MappingNode)
        for server in _Reader(document, inputs, roots, depth).servers()
    ]


def recognise(document: JsonDocument, out: Extraction) -> None:
    """The RDS servers of a ``*.tf.json`` file (nothing for other JSON)."""
    if not document.path.endswith(".tf.json") or not isinstance(document.root, yaml.MappingNode):
        return
    out.servers.extend(_Reader(document).servers())
