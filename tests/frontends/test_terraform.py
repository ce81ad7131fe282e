"""The Terraform front-end: RDS / Aurora servers and the CA each presents."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connlint import project
from connlint.frontends import terraform
from connlint.model import Server


def _servers(text: str, path: str = "main.tf") -> list[Server]:
    extraction = terraform.extract(path, text)
    assert not extraction.notifications, extraction.notifications
    return extraction.servers


def _in_module(tmp_path: Path, files: dict[str, str], linted: str = "main.tf") -> list[Server]:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    path = str(tmp_path / linted)
    with project.using(project.Project()):
        return terraform.extract(path, files[linted]).servers


def test_db_instance_literal_ca() -> None:
    text = """
provider "aws" {
  region = "eu-west-1"
}

resource "aws_db_instance" "main" {
  identifier         = "orders-db"
  engine             = "MySQL"
  ca_cert_identifier = "RDS-CA-2019"
}
"""
    (server,) = _servers(text)
    assert server.source == "terraform"
    assert server.resource == "aws_db_instance"
    assert server.name == "aws_db_instance.main"
    assert (server.identifier, server.engine, server.region) == ("orders-db", "mysql", "eu-west-1")
    assert server.ca == "rds-ca-2019"
    assert server.ca_unknown is None
    assert (server.location.line, server.location.column, server.location.end_column) == (6, 1, 34)
    assert server.ca_location is not None and server.ca_location.line == 9
    assert server.ca_location.column == 24


def test_absent_ca_is_the_account_default() -> None:
    (server,) = _servers('resource "aws_db_instance" "x" {\n  engine = "mariadb"\n}\n')
    assert server.ca is None and server.ca_unknown is None
    assert server.identifier is None and server.region is None


def test_null_ca_is_absent() -> None:
    (server,) = _servers('resource "aws_db_instance" "x" {\n  ca_cert_identifier = null\n}\n')
    assert server.ca is None and server.ca_unknown is None


def test_variable_default_and_locals_in_the_same_file() -> None:
    text = """
variable "ca" {
  type    = string
  default = "rds-ca-rsa4096-g1"
}
locals {
  name = "shop"
  env  = "prod"
  id   = "${local.name}-${local.env}"
}
resource "aws_db_instance" "x" {
  identifier         = local.id
  ca_cert_identifier = var.ca
}
"""
    (server,) = _servers(text)
    assert server.identifier == "shop-prod"
    assert server.ca == "rds-ca-rsa4096-g1"
    assert [h.label for h in server.trail] == ["via the default of var.ca"]
    assert server.trail[0].location.line == 4
    # the finding goes where this resource sets it
    assert server.ca_location is not None and server.ca_location.line == 13


@pytest.mark.parametrize(
    ("declaration", "why"),
    [
        ('variable "ca" {}', "var.ca (no default: set by the module's caller)"),
        (
            'variable "ca" {\n  default = null\n}',
            "var.ca (default null: the account default unless the caller sets it)",
        ),
        ('variable "ca" {\n  default = lower("X")\n}', "var.ca (default not literal)"),
        ("", "var.ca (not declared in the module)"),
    ],
)
def test_unknown_variables(declaration: str, why: str) -> None:
    text = declaration + '\nresource "aws_db_instance" "x" {\n  ca_cert_identifier = var.ca\n}\n'
    (server,) = _servers(text)
    assert server.ca is None
    assert server.ca_unknown == why


def test_function_call_stays_unknown() -> None:
    text = 'resource "aws_db_instance" "x" {\n  ca_cert_identifier = data.aws_rds_certificate.latest.id\n}\n'
    (server,) = _servers(text)
    assert server.ca is None and server.ca_unknown == "data.aws_rds_certificate.latest.id"


def test_variables_and_provider_in_sibling_files(tmp_path: Path) -> None:
    files = {
        "main.tf": 'resource "aws_db_instance" "x" {\n  identifier = var.name\n'
        "  ca_cert_identifier = var.ca\n}\n",
        "variables.tf": 'variable "ca" {\n  default = "rds-ca-2019"\n}\n'
        'variable "name" {\n  default = "billing"\n}\n',
        "providers.tf": 'provider "aws" {\n  region = local.region\n}\n'
        'locals {\n  region = "ap-south-1"\n}\n',
        "unrelated.tf.json": "{}",
    }
    (server,) = _in_module(tmp_path, files)
    assert (server.identifier, server.region, server.ca) == ("billing", "ap-south-1", "rds-ca-2019")
    assert server.trail[0].location.path.endswith("variables.tf")
    assert server.ca_location is not None and server.ca_location.path.endswith("main.tf")


def test_without_a_run_nothing_crosses_files(tmp_path: Path) -> None:
    (tmp_path / "variables.tf").write_text('variable "ca" {\n  default = "rds-ca-2019"\n}\n')
    text = 'resource "aws_db_instance" "x" {\n  ca_cert_identifier = var.ca\n}\n'
    (server,) = terraform.extract(str(tmp_path / "main.tf"), text).servers
    assert server.ca is None and server.ca_unknown is not None


def test_provider_alias_and_resource_region() -> None:
    text = """
provider "aws" {
  region = "us-east-1"
}
provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
resource "aws_db_instance" "a" {
  provider = aws.west
}
resource "aws_db_instance" "b" {
  region = "eu-central-1"
}
resource "aws_db_instance" "c" {}
"""
    a, b, c = _servers(text)
    assert (a.region, b.region, c.region) == ("us-west-2", "eu-central-1", "us-east-1")


def test_aurora_cluster_and_instances() -> None:
    text = """
resource "aws_rds_cluster" "main" {
  cluster_identifier = "ledger"
  engine             = "aurora-mysql"
}
resource "aws_rds_cluster_instance" "one" {
  count              = 2
  identifier         = "ledger-${count.index}"
  cluster_identifier = aws_rds_cluster.main.id
  engine             = aws_rds_cluster.main.engine
  ca_cert_identifier = "rds-ca-ecc384-g1"
}
resource "aws_rds_cluster" "multi_az" {
  cluster_identifier        = "maz"
  engine                    = "mysql"
  db_cluster_instance_class = "db.r6gd.large"
}
"""
    cluster, first, second, multi_az = _servers(text)
    assert cluster.identifier == "ledger" and cluster.ca is None
    assert cluster.ca_unknown is not None and "instances" in cluster.ca_unknown
    assert (first.name, second.name) == ("aws_rds_cluster_instance.one[0]", "aws_rds_cluster_instance.one[1]")
    assert (first.identifier, second.identifier) == ("ledger-0", "ledger-1")
    assert (first.cluster_identifier, first.engine, first.ca) == (
        "ledger",
        "aurora-mysql",
        "rds-ca-ecc384-g1",
    )
    assert multi_az.ca is None and multi_az.ca_unknown is None  # the account default


def test_rds_module_registry_and_git_sources() -> None:
    text = """
module "db" {
  source             = "terraform-aws-modules/rds/aws"
  version            = "~> 6.0"
  identifier         = "app"
  engine             = "mysql"
  ca_cert_identifier = "rds-ca-rsa2048-g1"
}
module "git" {
  source     = "git::https://github.com/terraform-aws-modules/terraform-aws-rds.git?ref=v6.1.0"
  identifier = "other"
}
module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
}
module "own" {
  source             = "../modules/database"
  ca_cert_identifier = "rds-ca-2015"
}
"""
    db, git, own = _servers(text)
    assert (db.name, db.resource, db.identifier, db.engine, db.ca) == (
        "module.db",
        "terraform-aws-modules/rds/aws",
        "app",
        "mysql",
        "rds-ca-rsa2048-g1",
    )
    assert (git.identifier, git.ca, git.ca_unknown) == ("other", None, None)
    assert (own.resource, own.ca) == ("../modules/database", "rds-ca-2015")


def _tree(tmp_path: Path, files: dict[str, str], linted: str) -> list[Server]:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    with project.using(project.Project()):
        return terraform.extract(str(tmp_path / linted), files[linted]).servers


_TEAM_MODULE = """
variable "name" {}
variable "ca" {
  default = null
}
variable "engine" {
  default = "mysql"
}
resource "aws_db_instance" "this" {
  identifier         = var.name
  engine             = var.engine
  ca_cert_identifier = var.ca
}
"""


def test_local_module_calls_are_instances_with_the_callers_arguments(tmp_path: Path) -> None:
    files = {
        "modules/db/main.tf": _TEAM_MODULE,
        "env/variables.tf": 'variable "old" {\n  default = "rds-ca-2019"\n}\n',
        "env/main.tf": (
            'provider "aws" {\n  region = "eu-west-1"\n}\n'
            'module "a" {\n  source = "../modules/db"\n  name = "a"\n  ca = "rds-ca-rsa4096-g1"\n}\n'
            'module "b" {\n  source = "../modules/db/"\n  name = "b"\n  ca = var.old\n'
            '  engine = "postgres"\n}\n'
            'module "c" {\n  source = "./../modules/db"\n  name = "c"\n}\n'
        ),
    }
    a, b, c = _tree(tmp_path, files, "env/main.tf")
    assert (a.name, a.identifier, a.engine, a.region, a.ca) == (
        "module.a.aws_db_instance.this",
        "a",
        "mysql",
        "eu-west-1",
        "rds-ca-rsa4096-g1",
    )
    # The finding stands on the argument that carries the CA, in the caller's file.
    assert a.ca_location is not None and (a.ca_location.path, a.ca_location.line) == (a.location.path, 7)
    assert (b.engine, b.ca) == ("postgres", "rds-ca-2019")
    assert [hop.label for hop in b.trail] == ["via module.b input ca", "via the default of var.old"]
    # Nothing passed, default null: the attribute is absent (the account default), not unknown.
    assert (c.ca, c.ca_unknown, c.ca_location) == (None, None, None)
    assert c.location.line == 15


def test_local_modules_nest_and_a_module_without_a_database_is_none(tmp_path: Path) -> None:
    files = {
        "modules/db/main.tf": _TEAM_MODULE,
        "modules/stack/main.tf": (
            'variable "ca" {}\nmodule "db" {\n  source = "../db"\n  name = "inner"\n  ca = var.ca\n}\n'
        ),
        "modules/cache/main.tf": 'variable "ca_cert_identifier" {}\nresource "aws_s3_bucket" "b" {}\n',
        "main.tf": (
            'module "stack" {\n  source = "./modules/stack"\n  ca = "rds-ca-2019"\n}\n'
            'module "cache" {\n  source = "./modules/cache"\n  ca_cert_identifier = "rds-ca-2019"\n}\n'
            'module "gone" {\n  source = "./modules/none"\n  ca_cert_identifier = "rds-ca-2015"\n}\n'
        ),
    }
    stack, gone = _tree(tmp_path, files, "main.tf")
    assert (stack.name, stack.identifier, stack.ca) == (
        "module.stack.module.db.aws_db_instance.this",
        "inner",
        "rds-ca-2019",
    )
    assert stack.ca_location is not None and stack.ca_location.line == 3
    # A module that is not in the tree is read as before: its CA input is the CA.
    assert (gone.name, gone.ca) == ("module.gone", "rds-ca-2015")


def test_required_input_not_passed_and_self_calls_end(tmp_path: Path) -> None:
    files = {
        "modules/db/main.tf": (
            'variable "ca" {}\nresource "aws_db_instance" "this" {\n  ca_cert_identifier = var.ca\n}\n'
            'module "again" {\n  source = "./"\n  ca = var.ca\n}\n'
        ),
        "main.tf": 'module "x" {\n  source = "./modules/db"\n}\n',
    }
    servers = _tree(tmp_path, files, "main.tf")
    assert servers[0].ca is None and "not passed by module.x" in (servers[0].ca_unknown or "")
    # The module calls itself: followed a bounded number of times, then read as a plain call.
    assert len(servers) <= 5


@pytest.mark.parametrize(
    ("count", "created"),
    [
        ("var.on ? 1 : 0", False),
        ("!var.on ? 1 : 0", True),
        ("var.on && var.unknown ? 1 : 0", False),
        ("var.unknown && var.on ? 1 : 0", False),
        ("var.on || var.unknown ? 1 : 0", True),  # unknown: kept
        ("!var.on || var.unknown ? 1 : 0", True),
        ('var.engine != "postgres" ? 1 : 0', True),
        ('var.engine == "postgres" ? 1 : 0', False),
        ("local.both ? 1 : 0", False),
        ("0", False),
        ("1", True),
        ("length(var.x)", True),  # a set not known: one server
    ],
)
def test_count_known_zero_is_no_server(count: str, created: bool) -> None:
    text = (
        'variable "on" {\n  default = false\n}\nvariable "unknown" {}\n'
        'variable "engine" {\n  default = "mysql"\n}\n'
        "locals {\n  both = var.on && true\n}\n"
        f'resource "aws_db_instance" "x" {{\n  count = {count}\n}}\n'
        f'module "m" {{\n  source = "terraform-aws-modules/rds/aws"\n  count = {count}\n}}\n'
    )
    assert len(_servers(text)) == (2 if created else 0)


def test_a_known_condition_picks_its_branch() -> None:
    text = (
        'variable "legacy" {\n  default = true\n}\n'
        'resource "aws_db_instance" "x" {\n'
        '  ca_cert_identifier = var.legacy ? "rds-ca-2019" : "rds-ca-rsa2048-g1"\n}\n'
        'resource "aws_db_instance" "y" {\n'
        '  ca_cert_identifier = var.nope ? "rds-ca-2019" : "rds-ca-rsa2048-g1"\n}\n'
    )
    x, y = _servers(text)
    assert x.ca == "rds-ca-2019"
    assert y.ca is None and y.ca_unknown is not None


def test_aurora_module_instances() -> None:
    text = """
provider "aws" {
  region = "eu-west-1"
}
module "aurora" {
  source                     = "terraform-aws-modules/rds-aurora/aws"
  name                       = "pay"
  engine                     = "aurora-mysql"
  cluster_ca_cert_identifier = "rds-ca-rsa2048-g1"
  instances = {
    1 = {
      instance_class = "db.r6g.large"
    }
    two = {
      identifier         = "pay-static"
      ca_cert_identifier = "rds-ca-2019"
    }
  }
}
"""
    one, two = _servers(text)
    assert one.name == 'module.aurora.aws_rds_cluster_instance.this["1"]'
    assert (one.identifier, one.cluster_identifier, one.ca, one.region) == (
        "pay-1",
        "pay",
        "rds-ca-rsa2048-g1",
        "eu-west-1",
    )
    assert (two.identifier, two.ca) == ("pay-static", "rds-ca-2019")


def test_aurora_module_without_literal_instances() -> None:
    text = """
module "aurora" {
  source             = "terraform-aws-modules/rds-aurora/aws"
  name               = "pay"
  instances          = var.instances
  ca_cert_identifier = "rds-ca-2019"
}
"""
    (server,) = _servers(text)
    assert (server.name, server.cluster_identifier, server.ca) == ("module.aurora", "pay", "rds-ca-2019")


def test_syntax_error_is_a_note_and_the_rest_is_read() -> None:
    text = 'resource "aws_db_instance" "x" {\n  ca_cert_identifier = "rds-ca-2019"\n}\nresource {{{\n'
    extraction = terraform.extract("main.tf", text)
    assert [n.message for n in extraction.notifications] == [
        "Terraform syntax error; analysed what could be parsed"
    ]
    assert [s.ca for s in extraction.servers] == ["rds-ca-2019"]


def test_escapes_and_heredocs() -> None:
    text = (
        'resource "aws_db_instance" "x" {\n  identifier = "a\\"b$${x}"\n'
        "  ca_cert_identifier = <<EOT\nrds-ca-2019\nEOT\n}\n"
    )
    (server,) = _servers(text)
    assert server.identifier == 'a"b${x}'
    assert server.ca is None and server.ca_unknown is not None  # a heredoc is not read


def test_reference_cycles_end() -> None:
    text = (
        "locals {\n  a = local.b\n  b = local.a\n}\n"
        'resource "aws_db_instance" "x" {\n  ca_cert_identifier = local.a\n}\n'
    )
    (server,) = _servers(text)
    assert server.ca is None and server.ca_unknown == "local.a"


def test_tfvars_values_override_defaults(tmp_path: Path) -> None:
    files = {
        "main.tf": 'variable "ca" {\n  default = null\n}\n'
        'resource "aws_db_instance" "x" {\n  ca_cert_identifier = var.ca\n}\n',
        "terraform.tfvars": 'ca = "rds-ca-rsa2048-g1"\n',
        "b.auto.tfvars": 'ca = "rds-ca-2019"\n',
        "a.auto.tfvars": 'ca = "rds-ca-ecc384-g1"\n',
    }
    (server,) = _in_module(tmp_path, files)
    assert server.ca == "rds-ca-2019"  # the last *.auto.tfvars in lexical order wins
    assert [h.label for h in server.trail] == ["via var.ca in b.auto.tfvars"]


def test_tfvars_unknown_value(tmp_path: Path) -> None:
    files = {
        "main.tf": 'variable "ca" {\n  default = "rds-ca-2019"\n}\n'
        'resource "aws_db_instance" "x" {\n  ca_cert_identifier = var.ca\n}\n',
        "terraform.tfvars": "ca = null\n",
    }
    (server,) = _in_module(tmp_path, files)
    assert server.ca is None and server.ca_unknown is not None and "terraform.tfvars" in server.ca_unknown


def test_aws_rds_certificate_sets_the_default(tmp_path: Path) -> None:
    files = {
        "main.tf": 'resource "aws_db_instance" "x" {\n  engine = "mysql"\n}\n',
        "account.tf": 'resource "aws_rds_certificate" "default" {\n'
        '  certificate_identifier = "rds-ca-rsa4096-g1"\n}\n',
    }
    (server,) = _in_module(tmp_path, files)
    assert server.ca is None
    assert server.ca_unknown == (
        "the account default for new DB instances, set to `rds-ca-rsa4096-g1` by aws_rds_certificate.default"
    )


def _hcl_quoted(value: str) -> str:
    """``value`` as an HCL quoted string (the escapes of the HCL native syntax spec)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return '"' + escaped.replace("\r", "\\r").replace("${", "$${").replace("%{", "%%{") + '"'


@settings(max_examples=200, deadline=None)
@given(
    value=st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from('\n\t"\\${}%'),
        max_size=40,
    )
)
def test_quoted_strings_read_back(value: str) -> None:
    text = f'resource "aws_db_instance" "x" {{\n  identifier = {_hcl_quoted(value)}\n}}\n'
    extraction = terraform.extract("main.tf", text)
    if extraction.notifications:  # the grammar rejects a few characters; nothing is made up then
        assert extraction.servers == [] or extraction.servers[0].identifier in (None, value)
        return
    (server,) = extraction.servers
    assert server.identifier == value


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ('"\\u0041b"', "Ab"),
        ('"\\U0001F600"', "\U0001f600"),
        ('"\\UFFFFFFFF"', "\\UFFFFFFFF"),
        ('" x "', " x "),
        ('"${"a"} b"', "a b"),
    ],
)
def test_string_forms(written: str, read: str) -> None:
    (server,) = _servers(f'resource "aws_db_instance" "x" {{\n  identifier = {written}\n}}\n')
    assert server.identifier == read


def _names(servers: list[Server]) -> list[tuple[str, str | None, str | None]]:
    return [(s.name, s.identifier, s.ca) for s in servers]


def test_for_each_gives_one_server_per_key() -> None:
    text = """
variable "dbs" {
  default = {
    orders  = { ca = "rds-ca-2019" }
    billing = { ca = "rds-ca-rsa2048-g1" }
  }
}
resource "aws_db_instance" "db" {
  for_each           = var.dbs
  identifier         = "db-${each.key}"
  ca_cert_identifier = each.value.ca
}
"""
    orders, billing = _servers(text)
    assert _names([orders, billing]) == [
        ('aws_db_instance.db["orders"]', "db-orders", "rds-ca-2019"),
        ('aws_db_instance.db["billing"]', "db-billing", "rds-ca-rsa2048-g1"),
    ]
    assert [h.label for h in orders.trail] == ['via each.value.ca of ["orders"]']
    assert orders.trail[0].location.line == 4  # the entry's literal


@pytest.mark.parametrize(
    ("repeat", "expected"),
    [
        ("count = 3", ["[0]", "[1]", "[2]"]),
        ("count = length(var.names)", ["[0]", "[1]"]),
        ("count = length(local.zones)", ["[0]", "[1]"]),
        ('for_each = toset(["b", "a", "b"])', ['["a"]', '["b"]']),
        ("for_each = local.zones", ['["x"]', '["y"]']),
        ("for_each = { for k, v in local.zones : k => v if var.on }", ['["x"]', '["y"]']),
        ("for_each = { for k, v in local.zones : k => v if !var.on }", []),
        ("for_each = {}", []),
        ("for_each = { for i in range(2) : i => {} }", ['["0"]', '["1"]']),  # rds-aurora's global-cluster
        ("for_each = { for i in range(var.unknown) : i => {} }", ["[*]"]),
        ("for_each = { for k, v in { for i in range(2) : i => {} } : k => v if var.on }", ['["0"]', '["1"]']),
        # Not known: one server for the whole set, its key never guessed.
        ("for_each = var.unknown", ["[*]"]),
        ("for_each = { for k, v in local.zones : k => v if v.on }", ['["x"]']),
        ("for_each = { for k, v in local.zones : k => v if v.off }", ["[*]"]),  # off: not set
        ("for_each = { for k, v in local.zones : v => k }", ["[*]"]),
        ("for_each = var.names", ["[*]"]),  # a list is not a for_each value
        ("count = var.unknown", ["[*]"]),
        ("count = var.unknown ? 1 : 0", [""]),  # a switch: the block itself
        ("count = 1", [""]),
    ],
)
def test_instances_of_count_and_for_each(repeat: str, expected: list[str]) -> None:
    text = (
        'variable "names" {\n  default = ["a", "b"]\n}\n'
        'variable "on" {\n  default = true\n}\n'
        'variable "unknown" {}\n'
        "locals {\n  zones = {\n    x = { on = true }\n    y = { on = false }\n  }\n}\n"
        f'resource "aws_db_instance" "db" {{\n  {repeat}\n  identifier = "db"\n}}\n'
    )
    assert [s.name for s in _servers(text)] == [f"aws_db_instance.db{e}" for e in expected]


def test_unknown_instance_says_why() -> None:
    text = 'resource "aws_db_instance" "db" {\n  for_each = var.x\n  ca_cert_identifier = each.value\n}\n'
    (server,) = _servers(text)
    assert server.name == "aws_db_instance.db[*]"
    assert server.ca_unknown == "each.value (of an instance of a set not known statically)"


def test_for_each_on_a_local_module_call(tmp_path: Path) -> None:
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "main.tf").write_text(
        'variable "ca" {}\nresource "aws_db_instance" "this" {\n  ca_cert_identifier = var.ca\n}\n'
    )
    main = (
        'module "db" {\n  source = "./db"\n  for_each = {\n    a = { ca = "rds-ca-2019" }\n'
        '    b = { ca = "rds-ca-rsa4096-g1" }\n  }\n  ca = each.value.ca\n}\n'
    )
    a, b = _in_module(tmp_path, {"main.tf": main})
    assert _names([a, b]) == [
        ('module.db["a"].aws_db_instance.this', None, "rds-ca-2019"),
        ('module.db["b"].aws_db_instance.this', None, "rds-ca-rsa4096-g1"),
    ]
    assert a.ca_location is not None and a.ca_location.line == 7  # the argument in the caller
    assert a.modules == (str(tmp_path / "db"),)  # the module it was read through
    assert [h.label for h in a.trail] == ['via module.db["a"] input ca', 'via each.value.ca of ["a"]']


def test_for_each_in_a_module_over_the_callers_map(tmp_path: Path) -> None:
    # terraform-aws-modules/rds-aurora's form: the module repeats over its input.
    (tmp_path / "aurora").mkdir()
    (tmp_path / "aurora" / "main.tf").write_text(
        'variable "instances" {\n  default = {}\n}\nvariable "create" {\n  default = true\n}\n'
        'resource "aws_rds_cluster_instance" "this" {\n'
        "  for_each = { for k, v in var.instances : k => v if var.create }\n"
        "  identifier = each.value.identifier\n  ca_cert_identifier = each.value.ca\n}\n"
    )
    main = (
        'module "aurora" {\n  source = "./aurora"\n  instances = {\n'
        '    1 = { identifier = "one", ca = "rds-ca-rsa2048-g1" }\n    2 = { identifier = "two" }\n  }\n}\n'
        'module "off" {\n  source = "./aurora"\n  create = false\n  instances = { 1 = {} }\n}\n'
    )
    one, two = _in_module(tmp_path, {"main.tf": main})
    assert _names([one, two]) == [
        ('module.aurora.aws_rds_cluster_instance.this["1"]', "one", "rds-ca-rsa2048-g1"),
        ('module.aurora.aws_rds_cluster_instance.this["2"]', "two", None),
    ]
    assert two.ca_unknown == "each.value.ca (ca not set in the entry)"


def test_a_root_modules_empty_default_set_is_not_known() -> None:
    # Like a null default, an empty one leaves the set to whoever applies the module.
    text = (
        'variable "items" {\n  default = {}\n}\n'
        'resource "aws_db_instance" "db" {\n  for_each = var.items\n}\n'
    )
    (server,) = _servers(text)
    assert server.name == "aws_db_instance.db[*]"


def test_a_switch_of_unknown_count_is_one_server_in_a_run(tmp_path: Path) -> None:
    # cloudposse terraform-aws-rds: count = module.this.enabled ? 1 : 0 (read within a run).
    text = 'resource "aws_db_instance" "default" {\n  count = module.this.enabled ? 1 : 0\n}\n'
    (server,) = _in_module(tmp_path, {"main.tf": text})
    assert server.name == "aws_db_instance.default"


def test_for_each_over_a_list_of_objects_keyed_by_an_attribute() -> None:
    # The common form: a list variable, each element keyed by its name.
    text = """
variable "databases" {
  default = [
    { name = "orders", ca = "rds-ca-2019" },
    { name = "billing", ca = "rds-ca-rsa2048-g1", enabled = false },
    { name = "ledger", ca = "rds-ca-rsa4096-g1" },
  ]
}
resource "aws_db_instance" "db" {
  for_each           = { for i, db in var.databases : db.name => db if try(db.enabled, true) }
  identifier         = each.key
  ca_cert_identifier = each.value.ca
}
resource "aws_db_instance" "all" {
  for_each           = { for db in var.databases : "${db.name}-copy" => db.ca }
  ca_cert_identifier = each.value
}
"""
    servers = _servers(text)
    # try(db.enabled, true): an element without the attribute fails, so try takes true.
    assert _names(servers[:2]) == [
        ('aws_db_instance.db["orders"]', "orders", "rds-ca-2019"),
        ('aws_db_instance.db["ledger"]', "ledger", "rds-ca-rsa4096-g1"),
    ]
    assert _names(servers[2:]) == [
        ('aws_db_instance.all["orders-copy"]', None, "rds-ca-2019"),
        ('aws_db_instance.all["billing-copy"]', None, "rds-ca-rsa2048-g1"),
        ('aws_db_instance.all["ledger-copy"]', None, "rds-ca-rsa4096-g1"),
    ]


def test_for_each_over_a_list_with_a_known_condition() -> None:
    text = """
locals {
  dbs = [{ name = "a", on = true }, { name = "b", on = false }]
}
resource "aws_db_instance" "db" {
  for_each   = { for db in local.dbs : db.name => db if db.on }
  identifier = "x-${each.value.name}"
}
"""
    (server,) = _servers(text)
    assert (server.name, server.identifier) == ('aws_db_instance.db["a"]', "x-a")


@pytest.mark.parametrize(
    ("ca", "expected"),
    [
        ('coalesce(local.none, "rds-ca-2019")', ("rds-ca-2019", None)),
        ('coalesce("", local.none, "rds-ca-2019")', ("rds-ca-2019", None)),
        ("coalesce(local.none, var.open)", (None, "coalesce(local.none, var.open)")),  # open: not known
        ('try(coalesce(local.none, local.none), "rds-ca-rsa4096-g1")', ("rds-ca-rsa4096-g1", None)),
        ('try(var.open, "rds-ca-2019")', (None, 'try(var.open, "rds-ca-2019")')),  # may not fail
        ("try(coalesce(local.none), null)", (None, None)),  # null: the account default
    ],
)
def test_try_and_coalesce(ca: str, expected: tuple[str | None, str | None]) -> None:
    text = (
        'locals {\n  none = null\n}\nvariable "open" {}\n'
        f'resource "aws_db_instance" "db" {{\n  ca_cert_identifier = {ca}\n}}\n'
    )
    (server,) = _servers(text)
    assert (server.ca, server.ca_unknown) == expected


def test_optional_attributes_of_a_typed_variable(tmp_path: Path) -> None:
    # terraform-aws-modules/rds-aurora: instances = map(object({ ca = optional(string), ... })).
    (tmp_path / "aurora").mkdir()
    (tmp_path / "aurora" / "main.tf").write_text(
        'variable "instances" {\n'
        '  type = map(object({\n    ca = optional(string)\n    tier = optional(string, "gold")\n'
        "    identifier = optional(string)\n  }))\n  default = {}\n}\n"
        'variable "cluster_ca" {\n  default = null\n}\n'
        'resource "aws_rds_cluster_instance" "this" {\n  for_each = var.instances\n'
        '  identifier = try(coalesce(each.value.identifier, "db-${each.value.tier}-${each.key}"))\n'
        "  ca_cert_identifier = try(coalesce(each.value.ca, var.cluster_ca), null)\n}\n"
    )
    main = (
        'module "aurora" {\n  source = "./aurora"\n  instances = {\n'
        '    a = { ca = "rds-ca-2019" }\n'
        '    b = { identifier = "bee", tier = "silver" }\n    c = {}\n  }\n}\n'
    )
    a, b, c = _in_module(tmp_path, {"main.tf": main})
    assert _names([a, b, c]) == [
        ('module.aurora.aws_rds_cluster_instance.this["a"]', "db-gold-a", "rds-ca-2019"),
        ('module.aurora.aws_rds_cluster_instance.this["b"]', "bee", None),
        ('module.aurora.aws_rds_cluster_instance.this["c"]', "db-gold-c", None),
    ]
    # b and c leave ca out (optional: null), the module's cluster CA is null: the account default.
    assert (b.ca_unknown, c.ca_unknown) == (None, None)


def test_an_undeclared_attribute_is_not_guessed_optional(tmp_path: Path) -> None:
    text = (
        'variable "dbs" {\n  type = map(object({ name = string }))\n'
        '  default = { a = { name = "x" } }\n}\n'
        'resource "aws_db_instance" "db" {\n  for_each = var.dbs\n  ca_cert_identifier = each.value.ca\n}\n'
    )
    (server,) = _servers(text)
    assert server.ca_unknown == "each.value.ca (ca not set in the entry)"
