"""The Terraform front-end: RDS and Aurora databases (:class:`connlint.model.Server`)
and the CA each presents.

What is read (AWS provider, https://registry.terraform.io/providers/hashicorp/aws/latest/docs):

* ``resource "aws_db_instance"``: ``identifier``, ``engine``, ``ca_cert_identifier``
  ("Identifier of the CA certificate for the DB instance", resources/db_instance);
* ``resource "aws_rds_cluster_instance"`` (an Aurora instance): ``identifier``,
  ``cluster_identifier``, ``engine``, ``ca_cert_identifier`` (resources/rds_cluster_instance);
* ``resource "aws_rds_cluster"``: ``cluster_identifier``, ``engine``,
  ``ca_certificate_identifier``, which applies to Multi-AZ DB clusters only
  (resources/rds_cluster; the RDS API's ``CACertificateIdentifier`` of
  ModifyDBCluster is "Valid for Cluster Type: Multi-AZ DB clusters").  An
  Aurora cluster presents its instances' certificates: without the attribute
  its CA is unknown here, not the account default.  A cluster with
  ``db_cluster_instance_class`` (required for, and only for, Multi-AZ DB
  clusters) and no identifier gets the account default;
* the registry modules ``terraform-aws-modules/rds/aws`` (inputs ``identifier``,
  ``engine``, ``ca_cert_identifier``) and ``terraform-aws-modules/rds-aurora/aws``
  (``name`` -> the cluster, ``engine``, ``instances`` -> one server per entry with
  its ``identifier`` (default ``<name>-<key>``) and ``ca_cert_identifier``, else the
  module's ``ca_cert_identifier`` (before v10) or ``cluster_ca_cert_identifier``,
  as the module's ``main.tf`` coalesces them), by registry or git source;
* a module call with a local source (``./modules/db``): the called module's
  servers, as instances of the call, its variables taking the call's arguments
  (Terraform's module inputs); any other module call that passes
  ``ca_cert_identifier``.

A block repeated by ``count`` / ``for_each`` is one server per instance
(:mod:`connlint.frontends.terraform_instances`).

Values: literals, templates of literals, and ``var.x`` / ``local.x`` resolved
within the module (the ``.tf`` files of the same directory, read on demand
through :mod:`connlint.project`) when the variable's default or the local is
literal; a variable without a default, a function call or a data source stays
unknown (``Server.ca_unknown`` says what it is).  References to an
``aws_rds_cluster`` of the module (``aws_rds_cluster.main.id``) give its
identifier and engine.  The region comes from the resource's ``region``
(AWS provider 6) or the module's ``provider "aws"`` block (the alias the
resource's ``provider`` names).
"""

from __future__ import annotations

import copy
import functools
import os
import re
from collections.abc import Iterator
from dataclasses import replace

from tree_sitter import Node

from connlint import budget, project
from connlint.frontends import hcl, refuse_nul, terraform_functions
from connlint.frontends.terraform_aurora import aurora_servers
from connlint.frontends.terraform_declarations import File, Module
from connlint.frontends.terraform_instances import Instance, Written, call_instance, each_value, instances
from connlint.frontends.terraform_resources import AURORA_CLUSTER, RESOURCES
from connlint.frontends.ts_positions import TreePositions
from connlint.lazy import dataclass
from connlint.model import Extraction, Hop, Level, Location, Notification, Server

# Module sources: the registry address (``terraform-aws-modules/rds/aws``,
# optionally behind a registry host) or a git URL of the module's repository.
_RDS_MODULE = re.compile(
    r"(?i)(?:^|/)terraform-aws-modules/rds/aws$|terraform-aws-rds(?:\.git)?(?:$|[/?]|//)"
)
_AURORA_MODULE = re.compile(
    r"(?i)(?:^|/)terraform-aws-modules/rds-aurora/aws$|terraform-aws-rds-aurora(?:\.git)?(?:$|[/?]|//)"
)

#: The attributes of an ``aws_rds_cluster`` a reference is followed for.
_CLUSTER_ATTRIBUTES = frozenset({"id", "cluster_identifier", "engine"})

#: How many references deep a value is followed (local -> local -> variable...).
_MAX_DEPTH = 8
#: How many local modules deep a ``module`` block is followed (a module calling a module...).
_MAX_MODULE_DEPTH = 4
#: What one of a local module's files holds if the module may declare a server
#: (the prefilter's words, in HCL or JSON): a module without it is not parsed.
_MAY_DECLARE = re.compile(
    r'"aws_(?:db_instance|rds_cluster)|/rds(?:-aurora)?/aws|terraform-aws-rds|ca_cert_identifier'
    r'|source"?\s*[=:]\s*"\.\.?/',
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Value:
    """An evaluated expression: ``known`` with its ``value``, or why not (``unknown``);
    ``hops`` the steps it took (origin first), ``location`` where its literal is.
    """

    value: object = None
    unknown: str | None = None
    hops: tuple[Hop, ...] = ()
    location: Location | None = None
    #: Unknown because Terraform fails on it (an attribute an entry lacks): ``try()`` moves on.
    failed: bool = False

    @property
    def known(self) -> bool:
        """Whether the value is known (it may be null)."""
        return self.unknown is None

    def text(self) -> str | None:
        """The value as a string when it is a known scalar (not null)."""
        if self.unknown is not None or self.value is None or isinstance(self.value, (dict, list)):
            return None
        if isinstance(self.value, bool):
            return "true" if self.value else "false"
        return str(self.value)


#: (ca, where this file sets it, why it is unknown, the steps its value took).
_Ca = tuple[str | None, Location | None, str | None, tuple[Hop, ...]]


def extract(path: str, text: str) -> Extraction:
    """The RDS servers one Terraform file declares; never raises (but for the budget)."""
    if (refused := refuse_nul(path, text)) is not None:
        return refused
    out = Extraction()
    positions = TreePositions(path, text)
    tree = hcl.parse(positions.data)
    root = tree.root_node
    if root.has_error:
        line = hcl.first_error_line(root, positions)
        out.notifications.append(
            Notification(path, "Terraform syntax error; analysed what could be parsed", Level.NOTE, line)
        )
    reader = _Reader(path, File(positions, hcl.top_body(root), tree))
    out.servers.extend(reader.servers())
    return out


@dataclass(frozen=True)
class _Call:
    """A ``module`` block whose local ``source`` is read: the module's variables
    take the block's arguments, evaluated where the block is written.
    """

    label: str
    arguments: dict[str, Node]
    caller: _Reader
    depth: int


class _Reader:
    """Reads one file's servers, evaluating values within its module (and, for a
    module called by a ``module`` block, with the caller's arguments).
    """

    def __init__(
        self, path: str, file: File, call: _Call | None = None, module: Module | None = None
    ) -> None:
        self.path = path
        self.file = file
        self.call = call
        self._siblings_loaded = module is not None
        self.module = module if module is not None else Module()
        if module is None:
            self.module.add(file)
        #: The instance of a repeated block being read (``count.index``, ``each.key``).
        self.instance: Instance | None = None
        #: The names a ``for`` expression binds: a key, or an element where it is written.
        self.bound: dict[str, str | Written] = {}

    # -- the module's other files, on demand ---------------------------------

    def _load_siblings(self) -> bool:
        """Read the module's other ``.tf`` files once; False when there is no run (no project)."""
        if self._siblings_loaded:
            return False
        self._siblings_loaded = True
        current = project.current()
        if current is None:
            return False
        for source in current.terraform_module(self.path):
            self.module.add(self._parsed(current, source))
        if self.call is None:  # variable files set the root module's inputs only
            for source in current.terraform_variable_files(self.path):
                self.module.add_values(self._parsed(current, source))
        return True

    @staticmethod
    def _parsed(current: project.Project, source: project.Source) -> File:
        budget.check()
        positions = TreePositions(source.display, source.text)
        tree = current.memo(("terraform", source.path), functools.partial(hcl.parse, positions.data))
        return File(positions, hcl.top_body(tree.root_node), tree)

    def _lookup(self, table: str, name: str) -> tuple[object, TreePositions] | None:
        found = getattr(self.module, table).get(name)
        if found is None and self._load_siblings():
            found = getattr(self.module, table).get(name)
        return found  # type: ignore[no-any-return]

    # -- evaluation ----------------------------------------------------------

    def evaluate(self, node: Node, positions: TreePositions, depth: int = 0) -> Value:
        """The value of expression ``node`` (written in the file of ``positions``)."""
        budget.check()
        inner = hcl.unwrap(node)
        here = positions.location(inner)
        kind = inner.type
        if kind == "string_lit" or kind == "quoted_template":
            return self._template(inner, positions, depth, here)
        if kind == "numeric_lit":
            return Value(positions.source(inner), location=here)
        if kind == "bool_lit":
            return Value(positions.source(inner) == "true", location=here)
        if kind == "null_lit":
            return Value(None, location=here)
        if kind == "expression":
            ref = hcl.reference(inner, positions)
            if ref is not None:
                return self._reference(ref, inner, positions, depth)
        if kind == "conditional" and inner.named_child_count == 3:
            test, yes, no = inner.named_children
            decided = self.evaluate(test, positions, depth + 1)
            if decided.known and isinstance(decided.value, bool):
                return self.evaluate(yes if decided.value else no, positions, depth + 1)
        if kind == "function_call":
            called = self._function(inner, positions, depth)
            if called is not None:
                return called
        if kind == "operation" and inner.named_child_count == 1:
            found = self._operation(inner.named_children[0], positions, depth)
            if found is not None:
                return Value(found, location=here)
        return Value(unknown=hcl.quote(positions.source(inner)), location=here)

    def _function(self, node: Node, positions: TreePositions, depth: int) -> Value | None:
        """``try(...)`` and ``coalesce(...)`` of values read here (terraform_functions)."""
        name = positions.source(node.named_children[0]) if node.named_children else ""
        if name not in terraform_functions.FUNCTIONS:
            return None
        arguments = terraform_functions.arguments(node)
        if not arguments:
            return None
        values = (self.evaluate(a, positions, depth + 1) for a in arguments)
        chosen = terraform_functions.FUNCTIONS[name](values)
        if isinstance(chosen, Value):
            return chosen
        return Value(unknown=hcl.quote(positions.source(node)), failed=chosen == terraform_functions.FAILS)

    def _operation(self, node: Node, positions: TreePositions, depth: int) -> bool | None:
        """A logical or comparison operation of known operands (``var.create && !var.x``,
        ``var.engine != "postgres"``), as Terraform decides a ``count``; None when not known.
        ``false && x`` and ``true || x`` are known whatever ``x`` is.
        """
        at = next((i for i, c in enumerate(node.children) if not c.is_named and c.type != "comment"), None)
        if at is None:
            return None
        operator = node.children[at].type
        before = [c for c in node.children[:at] if c.is_named]
        after = [c for c in node.children[at + 1 :] if c.is_named]
        if node.type == "unary_operation" and operator == "!" and not before:
            value = self._operand(after, positions, depth)
            return not value.value if value.known and isinstance(value.value, bool) else None
        if node.type != "binary_operation" or not before or not after:
            return None
        left, right = self._operand(before, positions, depth), self._operand(after, positions, depth)
        if operator in ("&&", "||"):
            stop = operator == "||"  # the value that decides alone
            known = [v.value for v in (left, right) if v.known and isinstance(v.value, bool)]
            if stop in known:
                return stop
            return (not stop) if len(known) == 2 else None
        if operator in ("==", "!=") and left.known and right.known:
            same = left.text() == right.text() if left.value is not None or right.value is not None else True
            return same if operator == "==" else not same
        return None

    def _template(self, node: Node, positions: TreePositions, depth: int, here: Location) -> Value:
        parts = hcl.template_parts(node, positions)
        if parts is None:
            return Value(unknown=hcl.quote(positions.source(node)), location=here)
        pieces: list[str] = []
        hops: list[Hop] = []
        for part in parts:
            if isinstance(part, str):
                pieces.append(part)
                continue
            value = self.evaluate(part, positions, depth)
            text = value.text()
            if text is None:
                return Value(unknown=hcl.quote(positions.source(node)), location=here, failed=value.failed)
            pieces.append(text)
            hops.extend(value.hops)
        return Value("".join(pieces), hops=tuple(hops), location=here)

    def _reference(self, ref: hcl.Reference, node: Node, positions: TreePositions, depth: int) -> Value:
        written = positions.source(node)
        if ref.names[0] in self.bound and depth < _MAX_DEPTH:
            return self._bound(ref, node, positions, depth)
        if depth >= _MAX_DEPTH or len(ref.names) < 2:
            return Value(unknown=hcl.quote(written))
        head, name = ref.names[0], ref.names[1]
        if head == "var" and len(ref.names) == 2:
            return self._variable(name, written, depth)
        if head in ("each", "count"):
            return self._repetition(ref, node, positions, depth)
        if head == "local" and len(ref.names) == 2:
            found = self._lookup("locals", name)
            if found is None:
                return Value(unknown=hcl.quote(written))
            expression, where = found
            assert isinstance(expression, Node)
            value = self.evaluate(expression, where, depth + 1)
            if not value.known:
                return Value(unknown=hcl.quote(written))
            hop = Hop(where.location(expression), f"via local.{name}")
            return Value(value.value, hops=(hop, *value.hops), location=value.location)
        if (
            head == "aws_rds_cluster"
            and len(ref.names) == 3
            and ref.names[2] in ("id", "cluster_identifier", "engine")
        ):
            found = self._lookup("clusters", name)
            if found is not None:
                block, where = found
                assert isinstance(block, hcl.Block)
                attribute = "engine" if ref.names[2] == "engine" else "cluster_identifier"
                expression = hcl.attributes(block.body, where).get(attribute)
                if expression is not None:
                    value = self.evaluate(expression, where, depth + 1)
                    if value.known:
                        return value
        return Value(unknown=hcl.quote(written))

    def _variable(self, name: str, written: str, depth: int) -> Value:
        found = self._lookup("variables", name)
        if found is None:
            return Value(unknown=f"{written} (not declared in the module)")
        if self.call is not None:
            return self._input(name, written, depth, found)
        self._load_siblings()  # the values files, even when the variable is declared here
        assigned = self.module.assigned.get(name)
        if assigned is not None:  # terraform.tfvars / *.auto.tfvars: a root module's values
            node, where = assigned
            value = self.evaluate(node, where, depth + 1)
            if not value.known or value.value is None:
                return Value(unknown=f"{written} (set in {where.path})")
            hop = Hop(where.location(node), f"via var.{name} in {where.path.rsplit('/', 1)[-1]}")
            return Value(value.value, hops=(hop, *value.hops), location=value.location)
        return self._default(
            name,
            written,
            depth,
            found,
            none=f"{written} (no default: set by the module's caller)",
            null=Value(unknown=f"{written} (default null: the account default unless the caller sets it)"),
        )

    def _default(
        self, name: str, written: str, depth: int, found: tuple[object, TreePositions], none: str, null: Value
    ) -> Value:
        """The value of variable ``name``'s ``default`` (declared as ``found``):
        unknown ``none`` without one, ``null`` when it is null.
        """
        block, where = found
        assert isinstance(block, hcl.Block)
        default = hcl.attributes(block.body, where).get("default")
        if default is None:
            return Value(unknown=none)
        value = self.evaluate(default, where, depth + 1)
        if not value.known:
            return Value(unknown=f"{written} (default not literal)")
        if value.value is None:
            return null
        hop = Hop(where.location(default), f"via the default of var.{name}")
        return Value(value.value, hops=(hop, *value.hops), location=value.location)

    def _input(self, name: str, written: str, depth: int, found: tuple[object, TreePositions]) -> Value:
        """``var.name`` in a called module: the caller's argument, else the
        variable's default (null: the attribute is absent, so the account default).
        """
        assert self.call is not None
        call = self.call
        passed = call.arguments.get(name)
        if passed is not None:
            positions = call.caller.file.positions
            value = call.caller.evaluate(passed, positions, depth + 1)
            if not value.known:
                return Value(unknown=value.unknown)
            hop = Hop(positions.location(passed), f"via module.{call.label} input {name}")
            return Value(value.value, hops=(hop, *value.hops), location=value.location)
        # A null default: the attribute is absent (the account default).
        none = f"{written} (required, not passed by module.{call.label})"
        return self._default(name, written, depth, found, none=none, null=Value(None))

    # -- the expressions a repeated block reads (terraform_instances.Evaluator) --

    def scalar(self, node: Node, positions: TreePositions) -> str | None:
        """The text of ``node`` when it is a known scalar."""
        return self.evaluate(node, positions).text()

    def condition(self, node: Node, positions: TreePositions) -> bool | None:
        """The value of ``node`` when it is a known boolean."""
        value = self.evaluate(node, positions)
        return value.value if value.known and isinstance(value.value, bool) else None

    def resolve(self, node: Node, positions: TreePositions, depth: int = 0) -> Written | None:
        """The expression ``node`` stands for, where it is written: through
        ``local.x``, ``var.x`` (the caller's argument, the values files, the
        default) and ``each.value``; None when it is not written in the code.
        """
        budget.check()
        inner = hcl.unwrap(node)
        ref = hcl.reference(inner, positions) if inner.type == "expression" else None
        if ref is None:
            return Written(inner, positions, self)
        names = ref.names
        if depth >= _MAX_DEPTH or hcl.indexed(inner):
            return None
        bound = self.bound.get(names[0])
        if isinstance(bound, Written):
            element = each_value(bound, names[1:])
            if not isinstance(element, Written) or element.null:
                return None
            return element.owner.resolve(element.node, element.positions)
        if len(names) < 2 or bound is not None:
            return None
        if names[0] == "local" and len(names) == 2:
            found = self._lookup("locals", names[1])
            if found is None:
                return None
            expression, where = found
            assert isinstance(expression, Node)
            return self.resolve(expression, where, depth + 1)
        if names[0] == "var" and len(names) == 2:
            return self._resolve_variable(names[1], depth)
        instance = self.instance
        if names[:2] == ("each", "value") and instance is not None and instance.element is not None:
            entry = each_value(instance.element, names[2:])
            if not isinstance(entry, Written) or entry.null:
                return None
            return entry.owner.resolve(entry.node, entry.positions)
        return None

    def _resolve_variable(self, name: str, depth: int) -> Written | None:
        """Where ``var.name``'s value is written, with the variable's ``type``."""
        found = self._lookup("variables", name)
        if found is None:
            return None
        written = self._variable_source(name, found, depth)
        block, where = found
        assert isinstance(block, hcl.Block)
        declared = hcl.attributes(block.body, where).get("type")
        if written is None or declared is None or written.schema is not None:
            return written
        return replace(written, schema=(declared, where))

    def _variable_source(self, name: str, found: tuple[object, TreePositions], depth: int) -> Written | None:
        if self.call is not None:
            passed = self.call.arguments.get(name)
            if passed is not None:
                caller = self.call.caller
                return caller.resolve(passed, caller.file.positions, depth + 1)
        else:
            self._load_siblings()
            assigned = self.module.assigned.get(name)
            if assigned is not None:
                return self.resolve(assigned[0], assigned[1], depth + 1)
        block, where = found
        assert isinstance(block, hcl.Block)
        default = hcl.attributes(block.body, where).get("default")
        if default is None:
            return None
        if self.call is None and hcl.empty_collection(default):
            # A root module's empty default (``instances = {}``), like a null one,
            # leaves the set to whoever applies it: not known, not none.
            return None
        return self.resolve(default, where, depth + 1)

    def bind(self, names: dict[str, str | Written]) -> _Reader:
        """A copy of the reader with the names of a ``for`` expression bound."""
        self._load_siblings()  # once, before the copy shares the module
        scope = copy.copy(self)
        scope.bound = {**self.bound, **names}
        return scope

    def _bound(self, ref: hcl.Reference, node: Node, positions: TreePositions, depth: int) -> Value:
        """A name a ``for`` binds: its key, or its element (``db.name``)."""
        bound = self.bound[ref.names[0]]
        if isinstance(bound, str) or hcl.indexed(node):
            known = isinstance(bound, str) and len(ref.names) == 1 and not hcl.indexed(node)
            return Value(bound) if known else Value(unknown=hcl.quote(positions.source(node)))
        return self._entry(each_value(bound, ref.names[1:]), positions.source(node), depth)

    def _entry(self, entry: Written | str | None, written: str, depth: int) -> Value:
        """The value of an element's attribute (:func:`terraform_instances.each_value`)."""
        if isinstance(entry, str):  # not set in the entry: an error in Terraform
            return Value(unknown=f"{hcl.quote(written)} ({entry})", failed=True)
        if entry is None:
            return Value(unknown=hcl.quote(written))
        if entry.null:  # an optional attribute left out
            return Value(None)
        owner = entry.owner
        assert isinstance(owner, _Reader)
        return owner.evaluate(entry.node, entry.positions, depth + 1)

    def _repetition(self, ref: hcl.Reference, node: Node, positions: TreePositions, depth: int) -> Value:
        """``count.index``, ``each.key``, ``each.value[.x]`` in the instance being read."""
        written = positions.source(node)
        instance = self.instance
        names = ref.names
        if instance is not None and instance.key is None:
            return Value(unknown=f"{hcl.quote(written)} (of an instance of a set not known statically)")
        if instance is None or hcl.indexed(node) or names[0] != instance.variable:
            return Value(unknown=hcl.quote(written))
        if names in (("count", "index"), ("each", "key")):
            return Value(instance.key)
        if names[1] != "value":
            return Value(unknown=hcl.quote(written))
        if instance.element is None:  # a set of strings: the value is the key
            return Value(instance.key) if len(names) == 2 else Value(unknown=hcl.quote(written))
        entry = each_value(instance.element, names[2:])
        value = self._entry(entry, written, depth)
        if not value.known or not isinstance(entry, Written) or entry.null:
            return value
        hop = Hop(entry.positions.location(entry.node), f"via {'.'.join(names)} of {instance.suffix}")
        return Value(value.value, hops=(hop, *value.hops), location=value.location)

    # -- servers -------------------------------------------------------------

    def servers(self) -> list[Server]:
        found: list[Server] = []
        positions = self.file.positions
        for block in hcl.blocks(self.file.body, positions):
            resource = block.type == "resource" and len(block.labels) == 2 and block.labels[0] in RESOURCES
            call = block.type == "module" and len(block.labels) == 1
            if not (resource or call) or self._never_created(block):
                continue
            for reader in self._instances(block):
                if resource:
                    found.append(reader._resource(block))
                else:
                    found.extend(reader._module_call(block))
        return [self._with_default(server) for server in found]

    def _instances(self, block: hcl.Block) -> list[_Reader]:
        """A reader per instance of the block (``count``, ``for_each``), or this one."""
        positions = self.file.positions
        repeated = instances(self, hcl.attributes(block.body, positions), positions)
        if repeated is None:
            return [self]
        self._load_siblings()  # once, before the copies share the module
        readers = []
        for instance in repeated:
            reader = copy.copy(self)
            reader.instance = instance
            readers.append(reader)
        return readers

    @property
    def _suffix(self) -> str:
        """The address suffix of the instance being read (``["a"]``, ``[0]``), or ""."""
        return self.instance.suffix if self.instance is not None else ""

    def _operand(self, nodes: list[Node], positions: TreePositions, depth: int) -> Value:
        """An operand of an operation: one node, or a reference written as sibling steps."""
        if len(nodes) == 1:
            return self.evaluate(nodes[0], positions, depth + 1)
        ref = hcl.reference_of(nodes, positions)
        if ref is None:
            return Value(unknown="an operand")
        return self._reference(ref, nodes[0], positions, depth + 1)

    def _never_created(self, block: hcl.Block) -> bool:
        """Whether the block's ``count`` is known to be 0 (``count = var.create ? 1 : 0``
        with ``create = false``): Terraform creates no instance of it.
        """
        node = hcl.attributes(block.body, self.file.positions).get("count")
        if node is None:
            return False
        value = self.evaluate(node, self.file.positions)
        return value.known and value.text() == "0"

    def _with_default(self, server: Server) -> Server:
        """A server that names no CA in a module that sets the account's default
        (``aws_rds_certificate``: "override the system-default ... certificate for
        Amazon RDS for new DB instances in the current AWS region", AWS provider
        resources/rds_certificate): the default is in the code, but which CA an
        instance has depends on when it was created, so the CA stays unknown.
        """
        if server.ca is not None or server.ca_unknown is not None:
            return server
        self._load_siblings()
        if not self.module.certificates:
            return server
        block, where = self.module.certificates[0]
        node = hcl.attributes(block.body, where).get("certificate_identifier")
        value = self.evaluate(node, where).text() if node is not None else None
        named = f"`{value}`" if value else "a CA"
        why = f"the account default for new DB instances, set to {named}"
        return replace(server, ca_unknown=f"{why} by aws_rds_certificate.{block.labels[1]}")

    def text_of(self, attributes: dict[str, Node], name: str) -> str | None:
        """The text of attribute ``name`` when it is a known scalar."""
        node = attributes.get(name)
        return None if node is None else self.evaluate(node, self.file.positions).text()

    def ca_of(
        self, attributes: dict[str, Node], *names: str
    ) -> tuple[str | None, Location | None, str | None, tuple[Hop, ...]]:
        """(ca, where it is set in this file, why unknown, hops) from the first attribute present."""
        positions = self.file.positions
        for name in names:
            node = attributes.get(name)
            if node is None:
                continue
            value = self.evaluate(node, positions)
            where = positions.location(node)
            if not value.known:
                return None, where, value.unknown, ()
            text = value.text()
            if text is None:  # null: as if absent
                continue
            return text.strip().lower(), where, None, value.hops
        return None, None, None, ()

    def _region(self, attributes: dict[str, Node], provider_attribute: str | None) -> str | None:
        own = self.text_of(attributes, "region")
        if own:
            return own
        alias = ""
        if provider_attribute is not None:
            node = attributes.get(provider_attribute)
            ref = hcl.reference(node, self.file.positions) if node is not None else None
            if ref is not None and ref.names[0] == "aws" and len(ref.names) == 2:
                alias = ref.names[1]
        found = self._lookup("providers", alias)
        if found is None:
            return None
        block, where = found
        assert isinstance(block, hcl.Block)
        region = hcl.attributes(block.body, where).get("region")
        return None if region is None else self.evaluate(region, where).text()

    def _resource(self, block: hcl.Block) -> Server:
        positions = self.file.positions
        kind, label = block.labels
        id_attribute, ca_attribute = RESOURCES[kind]
        attributes = hcl.attributes(block.body, positions)
        engine = self.text_of(attributes, "engine")
        instance = kind == "aws_rds_cluster_instance"
        cluster = self.text_of(attributes, "cluster_identifier") if instance else None
        ca, ca_location, unknown, hops = self.ca_of(attributes, ca_attribute)
        if kind == "aws_rds_cluster" and ca is None and unknown is None:
            unknown = None if self._multi_az(engine, attributes) else AURORA_CLUSTER
        return Server(
            source="terraform",
            resource=kind,
            name=f"{kind}.{label}{self._suffix}",
            location=hcl.header(block, positions),
            identifier=self.text_of(attributes, id_attribute),
            cluster_identifier=cluster,
            engine=engine.lower() if engine else None,
            region=self._region(attributes, "provider"),
            ca=ca,
            ca_location=ca_location,
            ca_unknown=unknown,
            trail=hops,
        )

    def _multi_az(self, engine: str | None, attributes: dict[str, Node]) -> bool:
        """Whether an ``aws_rds_cluster`` is a Multi-AZ DB cluster: its engine is not
        Aurora's, or (engine unknown) it names a ``db_cluster_instance_class``,
        which only Multi-AZ DB clusters take.
        """
        if engine:
            return not engine.lower().startswith("aurora")
        return self.text_of(attributes, "db_cluster_instance_class") is not None

    def _module_call(self, block: hcl.Block) -> Iterator[Server]:
        positions = self.file.positions
        attributes = hcl.attributes(block.body, positions)
        source = self.text_of(attributes, "source") or ""
        label = block.labels[0] + self._suffix
        where = hcl.header(block, positions)
        engine = self.text_of(attributes, "engine")
        base = Server(
            source="terraform",
            resource=source,
            name=f"module.{label}",
            location=where,
            engine=engine.lower() if engine else None,
            region=self._module_region(attributes),
        )
        if _AURORA_MODULE.search(source):
            yield from aurora_servers(self, attributes, base)
            return
        if source.startswith(("./", "../")):
            called = self._called(block, label, source, attributes)
            if called is not None:
                yield from called
                return
        if not _RDS_MODULE.search(source) and "ca_cert_identifier" not in attributes:
            return
        ca, ca_location, unknown, hops = self.ca_of(attributes, "ca_cert_identifier")
        yield replace(
            base,
            identifier=self.text_of(attributes, "identifier"),
            ca=ca,
            ca_location=ca_location,
            ca_unknown=unknown,
            trail=hops,
        )

    def _called(
        self, block: hcl.Block, label: str, source: str, attributes: dict[str, Node]
    ) -> list[Server] | None:
        """The servers of the local module a ``module`` block calls, as instances of
        the call (``module.db.aws_db_instance.this``), their values evaluated with
        the block's arguments; None when the module cannot be read (no run, no
        ``.tf`` file there, too deep), so that the block is read as any other
        module call.
        """
        depth = self.call.depth + 1 if self.call is not None else 1
        current = project.current()
        if current is None or depth > _MAX_MODULE_DEPTH:
            return None
        directory = os.path.normpath(os.path.join(os.path.dirname(self.path), source.split("?")[0]))
        files = current.terraform_directory(directory)
        json_files = current.terraform_directory(directory, suffix=".tf.json")
        if not files and not json_files:
            return None
        if not any(_MAY_DECLARE.search(f.text) for f in (*files, *json_files)):
            return []  # read whole, it declares no server
        call = _Call(label, attributes, self, depth)
        module = Module()
        parsed = [self._parsed(current, file) for file in files]
        for file in parsed:
            module.add(file)
        positions = self.file.positions
        where = hcl.header(block, positions)
        region = self._module_region(attributes)
        # A module read whole that declares no server is no database, whatever
        # its inputs are named.
        servers = [
            server for file in parsed for server in _Reader(file.positions.path, file, call, module).servers()
        ]
        if json_files:  # the JSON syntax (main.tf.json)
            from connlint.frontends import terraform_json

            sources = [(f.display, f.text) for f in json_files]
            servers += terraform_json.module_servers(sources, functools.partial(self._argument, call), depth)
        return [call_instance(server, label, where, region, positions.path, directory) for server in servers]

    def _argument(self, call: _Call, name: str) -> tuple[str | None, str | None, tuple[Hop, ...]] | None:
        """``var.name`` of a JSON-syntax module: the call's argument as (value,
        why unknown, hops), None when not passed.
        """
        passed, positions = call.arguments.get(name), self.file.positions
        if passed is None:
            return None
        value = self.evaluate(passed, positions)
        if value.known and value.value is None:  # null: as if absent
            return None, None, ()
        if value.text() is None:
            return None, value.unknown or hcl.quote(positions.source(passed)), ()
        hop = Hop(positions.location(passed), f"via module.{call.label} input {name}")
        return value.text(), None, (hop, *value.hops)

    def _module_region(self, attributes: dict[str, Node]) -> str | None:
        """The region of the ``aws`` provider a module call hands down (``providers = { aws = aws.x }``)."""
        node = attributes.get("providers")
        if node is None:
            return self._region(attributes, None)
        inner = hcl.unwrap(node)
        items = hcl.object_items(inner, self.file.positions) if inner.type == "object" else None
        for key, _key_node, value in items or ():
            if key == "aws":
                return self._region({"provider": value}, "provider")
        return self._region({}, None)
