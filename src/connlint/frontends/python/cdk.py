"""AWS CDK in Python: the RDS databases a stack declares (:class:`connlint.model.Server`)
and the CA each presents.

Read (aws-cdk-lib ``aws_rds``, https://docs.aws.amazon.com/cdk/api/v2/python/aws_cdk.aws_rds/):

* ``DatabaseInstance`` (and ``DatabaseInstanceFromSnapshot``,
  ``DatabaseInstanceReadReplica``): ``ca_certificate=``, ``instance_identifier=``,
  ``engine=DatabaseInstanceEngine.mysql(...)``;
* ``DatabaseCluster``: ``cluster_identifier=``, ``engine=DatabaseClusterEngine.aurora_mysql(...)``,
  and its ``writer=`` / ``readers=[...]`` ``ClusterInstance.provisioned(id, ...)`` /
  ``serverless_v2(id, ...)`` with their ``ca_certificate=`` (aws-cdk PR #27138)
  and ``instance_identifier=``; an Aurora cluster presents its instances'
  certificates, so the cluster's own CA is unknown.

A CA is ``CaCertificate.RDS_CA_RSA2048_G1`` (and the other constants,
:data:`connlint.servers.rds.CDK_CONSTANTS`, with the deprecated misspellings) or
``CaCertificate.of("...")`` of a literal.  The module is found through the
file's imports (``from aws_cdk import aws_rds as rds``, ``import aws_cdk.aws_rds``,
``from aws_cdk.aws_rds import DatabaseInstance``).  Other values stay unknown.
A stack's region (``env=Environment(region=...)``) is not read.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import libcst as cst
from libcst.metadata import CodeRange

from connlint.frontends.python.positions import node_ranges
from connlint.model import Location, Server
from connlint.servers.rds import CDK_CONSTANTS, cdk_engine

_MODULE = "aws_cdk.aws_rds"
_INSTANCES = frozenset({"DatabaseInstance", "DatabaseInstanceFromSnapshot", "DatabaseInstanceReadReplica"})
_CLUSTER = "DatabaseCluster"
_CLUSTER_INSTANCE = frozenset({"provisioned", "serverless_v2", "serverlessV2"})
_QUOTE = 60
_AURORA_CLUSTER = "an Aurora cluster presents its instances' certificates (ClusterInstance ca_certificate)"


def mentions_rds(text: str) -> bool:
    """Whether the file may declare a CDK RDS database (checked before any work,
    and before the screen of :mod:`.screen`, which knows connections only).
    """
    return "aws_rds" in text


def servers(path: str, module: cst.Module) -> list[Server]:
    """The RDS databases the module declares through the CDK."""
    names = _imports(module)
    if not names:
        return []
    ranges = node_ranges(module)
    reader = _Reader(path, names, ranges)
    for node in _calls(module):
        reader.call(node)
    return reader.found


def _imports(module: cst.Module) -> dict[str, str]:
    """Local name -> what it is in ``aws_cdk.aws_rds`` (``""`` for the module itself)."""
    names: dict[str, str] = {}
    for stmt in module.body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if isinstance(small, cst.Import):
                for alias in small.names:
                    dotted = _dotted(alias.name)
                    if dotted == _MODULE:
                        local = _alias(alias) or "aws_cdk.aws_rds"
                        names[local] = ""
                    elif dotted == "aws_cdk" and _alias(alias) is None:
                        names["aws_cdk.aws_rds"] = ""
            elif isinstance(small, cst.ImportFrom) and small.module is not None:
                source = _dotted(small.module)
                if isinstance(small.names, cst.ImportStar):
                    continue
                for alias in small.names:
                    name = _dotted(alias.name)
                    if source == "aws_cdk" and name == "aws_rds":
                        names[_alias(alias) or "aws_rds"] = ""
                    elif source == _MODULE:
                        names[_alias(alias) or name] = name
    return names


def _alias(alias: cst.ImportAlias) -> str | None:
    if alias.asname is None or not isinstance(alias.asname.name, cst.Name):
        return None
    return alias.asname.name.value


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = _dotted(node.value)
        return f"{head}.{node.attr.value}" if head else ""
    return ""


def _calls(module: cst.Module) -> Iterator[cst.Call]:
    """Every call of the module, outermost first, in source order."""
    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Call):
            yield node
        stack.extend(reversed(node.children))


class _Reader:
    def __init__(self, path: str, names: dict[str, str], ranges: Mapping[cst.CSTNode, CodeRange]) -> None:
        self.path = path
        self.names = names
        self.ranges = ranges
        self.found: list[Server] = []

    def rds_name(self, node: cst.BaseExpression) -> str | None:
        """``DatabaseInstance`` for ``rds.DatabaseInstance`` (through the imports), else None."""
        dotted = _dotted(node)
        if not dotted:
            return None
        for local, member in self.names.items():
            if dotted == local and member:
                return member
            if dotted.startswith(local + ".") and not member:
                return dotted[len(local) + 1 :]
            if dotted.startswith(local + ".") and member:
                return member + dotted[len(local) :]
        return None

    def location(self, node: cst.CSTNode) -> Location:
        r = self.ranges[node]
        return Location(self.path, r.start.line, r.start.column + 1, r.end.line, r.end.column + 1)

    def call(self, node: cst.Call) -> None:
        name = self.rds_name(node.func)
        if name in _INSTANCES:
            self.found.append(self._server(node, f"rds.{name}", _construct_id(node)))
        elif name == _CLUSTER:
            self._cluster(node)

    def _server(self, node: cst.Call, resource: str, name: str, **extra: str | None) -> Server:
        args = _keywords(node)
        ca, ca_node, unknown = self._ca(args.get("ca_certificate"))
        engine = self._engine(args.get("engine")) or extra.get("engine")
        return Server(
            source="cdk",
            resource=resource,
            name=name,
            location=self.location(node.func),
            identifier=_string(args.get("instance_identifier")) or extra.get("identifier"),
            cluster_identifier=extra.get("cluster"),
            engine=engine,
            ca=ca,
            ca_location=self.location(ca_node) if ca_node is not None else None,
            ca_unknown=unknown or extra.get("unknown"),
        )

    def _cluster(self, node: cst.Call) -> None:
        args = _keywords(node)
        construct = _construct_id(node)
        cluster = _string(args.get("cluster_identifier"))
        engine = self._engine(args.get("engine"))
        self.found.append(
            Server(
                source="cdk",
                resource=f"rds.{_CLUSTER}",
                name=construct,
                location=self.location(node.func),
                identifier=cluster,
                engine=engine,
                ca_unknown=_AURORA_CLUSTER,
            )
        )
        members: list[cst.BaseExpression] = []
        if "writer" in args:
            members.append(args["writer"])
        readers = args.get("readers")
        if isinstance(readers, cst.List | cst.Tuple):
            members += [e.value for e in readers.elements]
        for member in members:
            if not isinstance(member, cst.Call) or not isinstance(member.func, cst.Attribute):
                continue
            if (
                member.func.attr.value not in _CLUSTER_INSTANCE
                or self.rds_name(member.func.value) != "ClusterInstance"
            ):
                continue
            instance_id = (
                _string(member.args[0].value) if member.args and member.args[0].keyword is None else None
            )
            server = self._server(
                member,
                "rds.ClusterInstance",
                f"{construct}/{instance_id or '?'}",
                cluster=cluster,
                engine=engine,
            )
            self.found.append(server)

    def _ca(self, node: cst.BaseExpression | None) -> tuple[str | None, cst.CSTNode | None, str | None]:
        """(CA identifier, the node that sets it, why unknown)."""
        if node is None:
            return None, None, None
        if isinstance(node, cst.Name) and node.value == "None":
            return None, None, None
        if isinstance(node, cst.Attribute) and self.rds_name(node.value) == "CaCertificate":
            known = CDK_CONSTANTS.get(node.attr.value)
            if known is not None:
                return known, node, None
        if (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value == "of"
            and self.rds_name(node.func.value) == "CaCertificate"
            and node.args
        ):
            text = _string(node.args[0].value)
            if text is not None:
                return text.strip().lower(), node, None
        return None, node, _quote(cst.Module([]).code_for_node(node))

    def _engine(self, node: cst.BaseExpression | None) -> str | None:
        """``mysql`` for ``DatabaseInstanceEngine.mysql(...)`` / ``.MYSQL``."""
        if isinstance(node, cst.Call):
            node = node.func
        if not isinstance(node, cst.Attribute):
            return None
        if self.rds_name(node.value) not in ("DatabaseInstanceEngine", "DatabaseClusterEngine"):
            return None
        return cdk_engine(node.attr.value)


def _keywords(node: cst.Call) -> dict[str, cst.BaseExpression]:
    return {a.keyword.value: a.value for a in node.args if a.keyword is not None}


def _construct_id(node: cst.Call) -> str:
    """A construct's id: the second positional argument (after the scope)."""
    positional = [a for a in node.args if a.keyword is None and not a.star]
    text = _string(positional[1].value) if len(positional) >= 2 else None
    return text or "?"


def _string(node: cst.BaseExpression | None) -> str | None:
    if isinstance(node, cst.SimpleString | cst.ConcatenatedString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE else text[: _QUOTE - 3] + "..."
