"""The declarations of one Terraform module (a directory of ``.tf`` files) that
the Terraform front-end (:mod:`connlint.frontends.terraform`) evaluates values
with: variables, locals, clusters, providers, the account's default CA, and
the values files of a root module.
"""

from __future__ import annotations

from dataclasses import field

from tree_sitter import Node

from connlint.frontends import hcl
from connlint.frontends.ts_positions import TreePositions
from connlint.lazy import dataclass


@dataclass
class File:
    """One parsed file: its positions and the root of its tree."""

    positions: TreePositions
    body: Node | None
    tree: object  # keeps the nodes alive


@dataclass
class Module:
    """The declarations of one Terraform module (directory) the evaluator may need."""

    variables: dict[str, tuple[hcl.Block, TreePositions]] = field(default_factory=dict)
    locals: dict[str, tuple[Node, TreePositions]] = field(default_factory=dict)
    clusters: dict[str, tuple[hcl.Block, TreePositions]] = field(default_factory=dict)
    providers: dict[str, tuple[hcl.Block, TreePositions]] = field(default_factory=dict)
    #: ``aws_rds_certificate`` resources: the account's default CA for new DB instances.
    certificates: list[tuple[hcl.Block, TreePositions]] = field(default_factory=list)
    #: Values of ``terraform.tfvars`` / ``*.auto.tfvars`` (the last file's wins).
    assigned: dict[str, tuple[Node, TreePositions]] = field(default_factory=dict)
    files: list[File] = field(default_factory=list)

    def add_values(self, file: File) -> None:
        """Add a values file (``terraform.tfvars``): its attributes set variables."""
        self.files.append(file)
        self.assigned.update(
            (name, (node, file.positions)) for name, node in hcl.attributes(file.body, file.positions).items()
        )

    def add(self, file: File) -> None:
        """Add a ``.tf`` file of the module: its declarations (the first of a name wins)."""
        self.files.append(file)
        positions = file.positions
        for block in hcl.blocks(file.body, positions):
            if block.type == "variable" and len(block.labels) == 1:
                self.variables.setdefault(block.labels[0], (block, positions))
            elif block.type == "locals":
                for name, node in hcl.attributes(block.body, positions).items():
                    self.locals.setdefault(name, (node, positions))
            elif (
                block.type == "resource"
                and block.labels[:1] == ("aws_rds_cluster",)
                and len(block.labels) == 2
            ):
                self.clusters.setdefault(block.labels[1], (block, positions))
            elif (
                block.type == "resource"
                and len(block.labels) == 2
                and block.labels[0] == "aws_rds_certificate"
            ):
                self.certificates.append((block, positions))
            elif block.type == "provider" and block.labels == ("aws",):
                alias = hcl.attributes(block.body, positions).get("alias")
                key = _literal_text(alias, positions) if alias is not None else ""
                if key is not None:
                    self.providers.setdefault(key, (block, positions))


def _literal_text(node: Node, positions: TreePositions) -> str | None:
    inner = hcl.unwrap(node)
    return hcl.string_text(inner, positions) if inner.type in ("string_lit", "quoted_template") else None
