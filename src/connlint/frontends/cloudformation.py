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

Clients in the same template (a JDBC URL or DSN an ECS task definition's or a
Lambda function's environment builds with ``Fn::Join`` / ``Fn::Sub``) name the
database's host by reference: ``!GetAtt Db.Endpoint.Address`` (or
``ReadEndpoint.Address`` of a cluster), written as a ``Fn::Join`` piece, as
``${Db.Endpoint.Address}`` in a ``Fn::Sub`` string, or through a ``Fn::Sub``
variable bound to it; or, in a JDBC URL of an ECS container's or a Lambda
function's environment, as a Spring placeholder ``${DB_HOST}`` of a variable
the same environment binds to it (``DB_HOST: !GetAtt Db.Endpoint.Address``:
Spring resolves the placeholder from the environment the application sees).
:func:`endpoint_refs` finds these where they stand and :func:`bind_hosts`
gives a candidate whose host is such a reference its ``host_ref``, which
:mod:`connlint.servers.join` joins to the server.  The
return values are documented in the CloudFormation reference,
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbinstance.html#aws-resource-rds-dbinstance-return-values
(``Endpoint.Address``: "The connection endpoint for the database") and
aws-resource-rds-dbcluster.html#aws-resource-rds-dbcluster-return-values
(``Endpoint.Address``, ``ReadEndpoint.Address``).  ``Ref`` of a DB instance
returns its identifier, not a host name: not a host reference.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import yaml

from connlint.frontends.spring import Located
from connlint.frontends.yaml import mapping_value, node_location
from connlint.lazy import dataclass
from connlint.model import DYNAMIC, Candidate, CandidateKind, Hop, Server

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


def _cluster_name(template: _Template, node: yaml.Node | None) -> str | None:
    """The logical id of the template's DB cluster ``node`` refers to (``!Ref Cluster``), or None."""
    name: str | None = None
    if isinstance(node, yaml.ScalarNode) and node.tag == "!Ref":
        name = str(node.value)
    elif isinstance(node, yaml.MappingNode) and len(node.value) == 1:
        key, inner = node.value[0]
        if getattr(key, "value", None) == "Ref" and isinstance(inner, yaml.ScalarNode):
            name = str(inner.value)
    kind = mapping_value(mapping_value(template.resources, name), "Type") if name else None
    return name if isinstance(kind, yaml.ScalarNode) and kind.value == _CLUSTER else None


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
    cluster = mapping_value(properties, "DBClusterIdentifier")
    cluster_name = _cluster_name(template, cluster) if instance else None
    return Server(
        source="cloudformation",
        resource=kind,
        name=name,
        location=node_location(template.path, key),
        identifier=text("DBInstanceIdentifier") if instance else text("DBClusterIdentifier"),
        cluster_identifier=text("DBClusterIdentifier") if instance else None,
        cluster_name=cluster_name,
        engine=engine.lower() if engine else None,
        ca=ca.strip().lower() if ca else None,
        ca_location=node_location(template.path, ca_node) if ca_node is not None else None,
        ca_unknown=unknown,
        trail=hops,
    )


# -- clients that name a database of the template as their host ----------------

#: ``Fn::GetAtt`` attributes of an RDS resource that are a host name (the return values above).
ENDPOINT_ATTRIBUTES = frozenset({"Endpoint.Address", "ReadEndpoint.Address"})
#: Where a host stands in a URL or connection string: after ``//`` or ``@`` (URLs),
#: ``tcp(`` (a Go DSN), or a host key (ADO.NET ``Server=``, a PDO DSN's ``host=``).
_HOST_BEFORE = re.compile(
    r"(?://|@|\btcp\(|\b(?:server|host|hostname|data source|datasource|address|addr)\s*=\s*)$",
    re.IGNORECASE,
)
_HOST_AFTER = frozenset(":/;?),")
#: How much text before a DYNAMIC character the host test looks at.
_HOST_WINDOW = 24

Points = dict[tuple[int, int], str]
#: ``${NAME}`` (a Spring placeholder without a default) in a plain string.
_PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_.]*)\}")


@dataclass(frozen=True)
class HostRefs:
    """Where a template names one of its databases' hosts (:func:`endpoint_refs`)."""

    #: In any URL or connection string: ``Fn::Join`` pieces and ``Fn::Sub`` references.
    points: Points
    #: In JDBC URLs only (Spring resolves them): placeholders of an environment variable
    #: bound to an endpoint in the same environment.
    placeholders: Points


def host_ref(resource: str, attribute: str) -> str:
    """How a client's ``host_ref`` names a template's database: ``!GetAtt Db.Endpoint.Address``."""
    return f"!GetAtt {resource}.{attribute}"


def _getatt(node: yaml.Node) -> tuple[str, str] | None:
    """(resource, attribute) of ``!GetAtt R.A``, ``!GetAtt [R, A]`` or ``{"Fn::GetAtt": …}``."""
    if isinstance(node, yaml.MappingNode) and len(node.value) == 1:
        key, inner = node.value[0]
        if not (isinstance(key, yaml.ScalarNode) and key.value == "Fn::GetAtt"):
            return None
        node = inner
    elif node.tag != "!GetAtt":
        return None
    if isinstance(node, yaml.ScalarNode):
        resource, _, attribute = str(node.value).strip().partition(".")
        return (resource, attribute) if attribute else None
    if isinstance(node, yaml.SequenceNode) and len(node.value) == 2:
        resource, attribute = node.value
        if isinstance(resource, yaml.ScalarNode) and isinstance(attribute, yaml.ScalarNode):
            return str(resource.value), str(attribute.value)
    return None


def _sub(node: yaml.Node) -> tuple[yaml.ScalarNode, yaml.Node | None] | None:
    """(the string, the variables mapping or None) of ``Fn::Sub`` / ``!Sub`` in either form."""
    if isinstance(node, yaml.MappingNode) and len(node.value) == 1:
        key, inner = node.value[0]
        if not (isinstance(key, yaml.ScalarNode) and key.value == "Fn::Sub"):
            return None
        node = inner
    elif node.tag != "!Sub":
        return None
    if isinstance(node, yaml.ScalarNode):
        return node, None
    if isinstance(node, yaml.SequenceNode) and len(node.value) == 2:
        text, variables = node.value
        if isinstance(text, yaml.ScalarNode):
            return text, variables
    return None


def _rds_resources(root: yaml.Node) -> frozenset[str]:
    resources = mapping_value(root, "Resources")
    names: set[str] = set()
    for key, resource in resources.value if isinstance(resources, yaml.MappingNode) else ():
        kind = mapping_value(resource, "Type")
        named = isinstance(key, yaml.ScalarNode) and isinstance(kind, yaml.ScalarNode)
        if named and kind.value in (_INSTANCE, _CLUSTER):  # type: ignore[union-attr]
            names.add(str(key.value))
    return frozenset(names)


def endpoint_refs(root: yaml.Node, locate: Callable[[yaml.ScalarNode], Located]) -> HostRefs:
    """Where the template names the host of one of its RDS databases: (line,
    column) of each such reference (a ``Fn::Join`` piece's first character, a
    ``Fn::Sub`` string's ``$``), to the reference (:func:`host_ref`).  Front-ends
    put the DYNAMIC character of a value not known statically at those points.
    ``locate`` reads a scalar's characters where they stand (YAML's or JSON's rules).
    """
    if not is_template(root):
        return HostRefs({}, {})
    rds = _rds_resources(root)
    if not rds:
        return HostRefs({}, {})

    def endpoint(resource: str, attribute: str) -> str | None:
        return host_ref(resource, attribute) if resource in rds and attribute in ENDPOINT_ATTRIBUTES else None

    points: Points = {}
    placeholders: Points = {}
    seen: set[int] = set()
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        named = _getatt(node)
        if named is not None:
            ref = endpoint(*named)
            if ref is not None:
                points[(node.start_mark.line + 1, node.start_mark.column + 1)] = ref
            continue
        sub = _sub(node)
        if sub is not None:
            _sub_points(sub[0], sub[1], endpoint, locate, points)
        if isinstance(node, yaml.MappingNode):
            _environment_points(_environment(node), endpoint, locate, placeholders)
            stack.extend(value for _, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return HostRefs(points, placeholders)


def _environment(node: yaml.MappingNode) -> list[tuple[str, yaml.Node]]:
    """The variables of ``node``'s ``Environment``: an ECS container's list of
    ``{Name, Value}`` or a Lambda function's ``Variables`` mapping.
    """
    environment = mapping_value(node, "Environment")
    if isinstance(environment, yaml.SequenceNode):
        out: list[tuple[str, yaml.Node]] = []
        for item in environment.value:
            name, value = mapping_value(item, "Name"), mapping_value(item, "Value")
            if isinstance(name, yaml.ScalarNode) and value is not None:
                out.append((str(name.value), value))
        return out
    variables = mapping_value(environment, "Variables")
    if isinstance(variables, yaml.MappingNode):
        return [(str(k.value), v) for k, v in variables.value if isinstance(k, yaml.ScalarNode)]
    return []


def _environment_points(
    variables: list[tuple[str, yaml.Node]],
    endpoint: Callable[[str, str], str | None],
    locate: Callable[[yaml.ScalarNode], Located],
    placeholders: Points,
) -> None:
    bound: dict[str, str] = {}
    for name, value in variables:
        named = _getatt(value)
        ref = endpoint(*named) if named is not None else None
        if ref is not None:
            bound[name] = ref
    if not bound:
        return
    for _, value in variables:
        plain = isinstance(value, yaml.ScalarNode) and not value.tag.startswith("!")
        if not plain or "${" not in str(value.value):
            continue  # a Fn::Sub's ${...} are the template's names, not the environment's
        assert isinstance(value, yaml.ScalarNode)
        located: Located | None = None
        for match in _PLACEHOLDER.finditer(str(value.value)):
            ref = bound.get(match.group(1))
            if ref is None:
                continue
            located = located if located is not None else locate(value)
            if located.text != value.value:
                break
            placeholders[located.point(match.start())] = ref


def _sub_points(
    text: yaml.ScalarNode,
    variables: yaml.Node | None,
    endpoint: Callable[[str, str], str | None],
    locate: Callable[[yaml.ScalarNode], Located],
    points: Points,
) -> None:
    located: Located | None = None
    for match in _SUB.finditer(str(text.value)):
        if match.group(1):
            continue  # ${!Literal}
        name = match.group(2).strip()
        bound = mapping_value(variables, name) if isinstance(variables, yaml.MappingNode) else None
        if bound is not None:
            named = _getatt(bound)
            ref = endpoint(*named) if named is not None else None
        else:
            resource, _, attribute = name.partition(".")
            ref = endpoint(resource, attribute)
        if ref is None:
            continue
        located = located if located is not None else locate(text)
        if located.text != text.value:
            return  # the characters could not be placed: nothing to point at
        points[located.point(match.start())] = ref


def _at_host(text: str, index: int) -> bool:
    """Whether the character at ``index`` stands where a URL or connection string names its host."""
    after = text[index + 1 : index + 2]
    if after and after not in _HOST_AFTER:
        return False
    return _HOST_BEFORE.search(text[max(0, index - _HOST_WINDOW) : index]) is not None


def bind_hosts(candidates: list[Candidate], refs: HostRefs) -> None:
    """Give each candidate whose URL's host is one of ``refs`` its ``host_ref`` (in place)."""
    if not refs.points and not refs.placeholders:
        return
    jdbc_points = {**refs.points, **refs.placeholders}
    for i, candidate in enumerate(candidates):
        url = candidate.url
        if url is None or candidate.host_ref is not None or DYNAMIC not in url.text:
            continue
        points = jdbc_points if candidate.kind is CandidateKind.JDBC else refs.points
        index = url.text.find(DYNAMIC)
        while index >= 0:
            if _at_host(url.text, index):
                where = url.locate(index, index + 1)
                ref = points.get((where.line, where.column))
                if ref is not None:
                    candidates[i] = replace(candidate, host_ref=ref)
                    break
            index = url.text.find(DYNAMIC, index + 1)
