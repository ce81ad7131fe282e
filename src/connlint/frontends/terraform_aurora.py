"""The registry module ``terraform-aws-modules/rds-aurora/aws`` called from
Terraform (:mod:`connlint.frontends.terraform`): the cluster (input ``name``)
and one server per entry of its ``instances``, with the entry's ``identifier``
(default ``<name>-<key>``) and ``ca_cert_identifier``, else the module's
``ca_cert_identifier`` (before v10) or ``cluster_ca_cert_identifier``, as the
module's ``main.tf`` coalesces them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Protocol

from tree_sitter import Node

from connlint.frontends import hcl
from connlint.frontends.ts_positions import TreePositions
from connlint.model import Hop, Location, Server


class _File(Protocol):
    @property
    def positions(self) -> TreePositions: ...


class Reader(Protocol):
    """What the servers of a call are read with (``terraform._Reader``)."""

    @property
    def file(self) -> _File:
        """The file the call is written in."""

    def ca_of(
        self, attributes: dict[str, Node], *names: str
    ) -> tuple[str | None, Location | None, str | None, tuple[Hop, ...]]:
        """(ca, where it is set, why unknown, hops) from the first attribute present."""

    def text_of(self, attributes: dict[str, Node], name: str) -> str | None:
        """The text of attribute ``name`` when it is a known scalar."""


def aurora_servers(reader: Reader, attributes: dict[str, Node], base: Server) -> Iterator[Server]:
    """The servers of a call of the Aurora module with these ``attributes``
    (``base``: the call as a server).
    """
    positions = reader.file.positions
    cluster = reader.text_of(attributes, "name")
    shared = ("ca_cert_identifier", "cluster_ca_cert_identifier")
    instances = attributes.get("instances")
    inner = hcl.unwrap(instances) if instances is not None else None
    items = hcl.object_items(inner, positions) if inner is not None and inner.type == "object" else None
    if not items:
        ca, ca_location, unknown, hops = reader.ca_of(attributes, *shared)
        if instances is not None and items is None and ca is None and unknown is None:
            unknown = f"instances = {hcl.quote(positions.source(instances))}"
        yield replace(
            base,
            cluster_identifier=cluster,
            ca=ca,
            ca_location=ca_location,
            ca_unknown=unknown,
            trail=hops,
        )
        return
    for key, _key_node, value in items:
        entry = hcl.unwrap(value)
        own = hcl.object_items(entry, positions) if entry.type == "object" else None
        entry_attributes = {k: v for k, _n, v in own or ()}
        ca, ca_location, unknown, hops = reader.ca_of(entry_attributes, "ca_cert_identifier")
        if ca is None and unknown is None:
            ca, ca_location, unknown, hops = reader.ca_of(attributes, *shared)
        identifier = reader.text_of(entry_attributes, "identifier")
        if identifier is None and "identifier" not in entry_attributes and cluster:
            identifier = f"{cluster}-{key}"  # the module's default
        yield replace(
            base,
            name=f'{base.name}.aws_rds_cluster_instance.this["{key}"]',
            identifier=identifier,
            cluster_identifier=cluster,
            ca=ca,
            ca_location=ca_location,
            ca_unknown=unknown,
            trail=hops,
        )
