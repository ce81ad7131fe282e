"""AWS CDK in TypeScript: the RDS databases a stack declares (:class:`connlint.model.Server`)
and the CA each presents.  The TypeScript twin of :mod:`connlint.frontends.python.cdk`.

Parsed with tree-sitter-typescript (tree-sitter's own TypeScript grammar; 8 MB/s
and no syntax error on the 234 TypeScript files of aws-samples/aws-cdk-examples).
Read (aws-cdk-lib ``aws-rds``, https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_rds-readme.html):

* ``new DatabaseInstance(scope, id, {...})`` (and ``DatabaseInstanceFromSnapshot``,
  ``DatabaseInstanceReadReplica``): ``caCertificate``, ``instanceIdentifier``,
  ``engine: DatabaseInstanceEngine.mysql({...})``;
* ``new DatabaseCluster(scope, id, {...})``: ``clusterIdentifier``, ``engine``,
  and its ``writer`` / ``readers`` ``ClusterInstance.provisioned(id, {...})`` /
  ``serverlessV2(id, {...})`` with their ``caCertificate`` and
  ``instanceIdentifier`` (aws-cdk PR #27138); the cluster's own CA is unknown
  (its instances present their certificates).

A CA is ``CaCertificate.RDS_CA_RSA2048_G1`` (and the other constants) or
``CaCertificate.of('...')`` of a literal.  The module is found through the
file's imports: ``import * as rds from 'aws-cdk-lib/aws-rds'`` (or CDK v1's
``@aws-cdk/aws-rds``), ``import { aws_rds as rds } from 'aws-cdk-lib'``,
``import { DatabaseInstance } from 'aws-cdk-lib/aws-rds'``.
"""

from __future__ import annotations

import functools

from tree_sitter import Language, Node, Parser

from connlint import budget
from connlint.frontends import refuse_nul
from connlint.frontends.ts_positions import TreePositions
from connlint.model import Extraction, Level, Location, Notification, Server
from connlint.servers.rds import CDK_CONSTANTS, cdk_engine

_MODULES = frozenset({"aws-cdk-lib/aws-rds", "@aws-cdk/aws-rds"})
_INSTANCES = frozenset({"DatabaseInstance", "DatabaseInstanceFromSnapshot", "DatabaseInstanceReadReplica"})
_CLUSTER = "DatabaseCluster"
_CLUSTER_INSTANCE = frozenset({"provisioned", "serverlessV2"})
_AURORA_CLUSTER = "an Aurora cluster presents its instances' certificates (ClusterInstance caCertificate)"
_QUOTE = 60


@functools.cache
def _parser() -> Parser:
    import tree_sitter_typescript

    return Parser(Language(tree_sitter_typescript.language_typescript()))


def extract(path: str, text: str) -> Extraction:
    """The RDS servers one TypeScript file declares through the CDK."""
    if (refused := refuse_nul(path, text)) is not None:
        return refused
    out = Extraction()
    positions = TreePositions(path, text)
    tree = budget.parse_tree(_parser(), positions.data)
    root = tree.root_node
    if root.has_error:
        out.notifications.append(
            Notification(path, "TypeScript syntax error; analysed what could be parsed", Level.NOTE)
        )
    reader = _Reader(positions, _imports(root, positions))
    if reader.names:
        for node in _constructions(root):
            reader.construct(node)
    out.servers.extend(reader.found)
    return out


def _string(node: Node | None, positions: TreePositions) -> str | None:
    """A string or a template without substitutions, as written (escapes kept)."""
    if node is None or node.type not in ("string", "template_string"):
        return None
    parts = []
    for child in node.named_children:
        if child.type != "string_fragment":
            return None
        parts.append(positions.source(child))
    return "".join(parts)


def _imports(root: Node, positions: TreePositions) -> dict[str, str]:
    """Local name -> what it is in the RDS module (``""`` for the module itself)."""
    names: dict[str, str] = {}
    for stmt in root.named_children:
        if stmt.type != "import_statement":
            continue
        source = _string(stmt.child_by_field_name("source"), positions)
        clause = next((c for c in stmt.named_children if c.type == "import_clause"), None)
        if source is None or clause is None:
            continue
        for part in clause.named_children:
            if part.type == "namespace_import" and source in _MODULES:
                ident = next((c for c in part.named_children if c.type == "identifier"), None)
                if ident is not None:
                    names[positions.source(ident)] = ""
            elif part.type == "named_imports":
                for spec in part.named_children:
                    name = spec.child_by_field_name("name")
                    alias = spec.child_by_field_name("alias") or name
                    if name is None or alias is None:
                        continue
                    imported, local = positions.source(name), positions.source(alias)
                    if source == "aws-cdk-lib" and imported == "aws_rds":
                        names[local] = ""
                    elif source in _MODULES:
                        names[local] = imported
    return names


def _constructions(root: Node) -> list[Node]:
    """Every ``new`` expression, in source order."""
    found: list[Node] = []
    stack = [root]
    while stack:
        budget.check()
        node = stack.pop()
        if node.type == "new_expression":
            found.append(node)
        stack.extend(reversed(node.children))
    return found


class _Reader:
    def __init__(self, positions: TreePositions, names: dict[str, str]) -> None:
        self.positions = positions
        self.names = names
        self.found: list[Server] = []

    def dotted(self, node: Node | None) -> str:
        if node is None:
            return ""
        if node.type == "identifier":
            return self.positions.source(node)
        if node.type == "member_expression":
            head = self.dotted(node.child_by_field_name("object"))
            prop = node.child_by_field_name("property")
            return f"{head}.{self.positions.source(prop)}" if head and prop is not None else ""
        return ""

    def rds_name(self, node: Node | None) -> str | None:
        """``DatabaseInstance`` for ``rds.DatabaseInstance`` (through the imports)."""
        dotted = self.dotted(node)
        head, _, rest = dotted.partition(".")
        if head not in self.names:
            return None
        member = self.names[head]
        if member:
            return member + ("." + rest if rest else "")
        return rest or None

    def location(self, node: Node) -> Location:
        return self.positions.location(node)

    def construct(self, node: Node) -> None:
        name = self.rds_name(node.child_by_field_name("constructor"))
        if name not in _INSTANCES and name != _CLUSTER:
            return
        args = _arguments(node)
        construct = (_string(args[1], self.positions) if len(args) > 1 else None) or "?"
        props = _props(args[2], self.positions) if len(args) > 2 else {}
        engine = self.engine(props.get("engine"))
        where = self.location(node.child_by_field_name("constructor") or node)
        if name in _INSTANCES:
            self.found.append(self.server(f"rds.{name}", construct, where, props, engine=engine))
            return
        cluster = _string(props.get("clusterIdentifier"), self.positions)
        self.found.append(
            Server(
                source="cdk",
                resource=f"rds.{_CLUSTER}",
                name=construct,
                location=where,
                identifier=cluster,
                engine=engine,
                ca_unknown=_AURORA_CLUSTER,
            )
        )
        members = [props["writer"]] if "writer" in props else []
        readers = props.get("readers")
        if readers is not None and readers.type == "array":
            members += readers.named_children
        for member in members:
            self.member(member, construct, cluster, engine)

    def member(self, node: Node, construct: str, cluster: str | None, engine: str | None) -> None:
        if node.type != "call_expression":
            return
        function = node.child_by_field_name("function")
        if function is None or function.type != "member_expression":
            return
        method = function.child_by_field_name("property")
        if method is None or self.positions.source(method) not in _CLUSTER_INSTANCE:
            return
        if self.rds_name(function.child_by_field_name("object")) != "ClusterInstance":
            return
        args = _arguments(node)
        instance = (_string(args[0], self.positions) if args else None) or "?"
        props = _props(args[1], self.positions) if len(args) > 1 else {}
        self.found.append(
            self.server(
                "rds.ClusterInstance",
                f"{construct}/{instance}",
                self.location(function),
                props,
                cluster,
                engine,
            )
        )

    def server(
        self,
        resource: str,
        name: str,
        where: Location,
        props: dict[str, Node],
        cluster: str | None = None,
        engine: str | None = None,
    ) -> Server:
        ca, ca_node, unknown = self.ca(props.get("caCertificate"))
        return Server(
            source="cdk",
            resource=resource,
            name=name,
            location=where,
            identifier=_string(props.get("instanceIdentifier"), self.positions),
            cluster_identifier=cluster,
            engine=engine,
            ca=ca,
            ca_location=self.location(ca_node) if ca_node is not None else None,
            ca_unknown=unknown,
        )

    def ca(self, node: Node | None) -> tuple[str | None, Node | None, str | None]:
        """(CA identifier, the node that sets it, why unknown)."""
        if node is None or node.type == "undefined":
            return None, None, None
        if (
            node.type == "member_expression"
            and self.rds_name(node.child_by_field_name("object")) == "CaCertificate"
        ):
            prop = node.child_by_field_name("property")
            known = CDK_CONSTANTS.get(self.positions.source(prop)) if prop is not None else None
            if known is not None:
                return known, node, None
        if node.type == "call_expression":
            function = node.child_by_field_name("function")
            method = function.child_by_field_name("property") if function is not None else None
            if (
                function is not None
                and method is not None
                and self.positions.source(method) == "of"
                and self.rds_name(function.child_by_field_name("object")) == "CaCertificate"
            ):
                args = _arguments(node)
                text = _string(args[0], self.positions) if args else None
                if text is not None:
                    return text.strip().lower(), node, None
        return None, node, _quote(self.positions.source(node))

    def engine(self, node: Node | None) -> str | None:
        """``mysql`` for ``DatabaseInstanceEngine.mysql({...})`` / ``.MYSQL``."""
        if node is not None and node.type == "call_expression":
            node = node.child_by_field_name("function")
        if node is None or node.type != "member_expression":
            return None
        if self.rds_name(node.child_by_field_name("object")) not in (
            "DatabaseInstanceEngine",
            "DatabaseClusterEngine",
        ):
            return None
        prop = node.child_by_field_name("property")
        return cdk_engine(self.positions.source(prop)) if prop is not None else None


def _arguments(node: Node) -> list[Node]:
    arguments = node.child_by_field_name("arguments")
    return [] if arguments is None else list(arguments.named_children)


def _props(node: Node, positions: TreePositions) -> dict[str, Node]:
    """An object literal's properties with a literal key: name -> value node."""
    found: dict[str, Node] = {}
    if node.type != "object":
        return found
    for pair in node.named_children:
        if pair.type == "shorthand_property_identifier":
            continue
        if pair.type != "pair":
            continue
        key = pair.child_by_field_name("key")
        value = pair.child_by_field_name("value")
        if key is None or value is None:
            continue
        name = _string(key, positions) if key.type == "string" else positions.source(key)
        if name:
            found[name] = value
    return found


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE else text[: _QUOTE - 3] + "..."
