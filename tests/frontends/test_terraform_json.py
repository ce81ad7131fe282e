"""Terraform's JSON syntax (*.tf.json) through the JSON front-end's recogniser."""

from __future__ import annotations

from pathlib import Path

from connlint import project
from connlint.frontends import json as json_frontend
from connlint.frontends import terraform

TEXT = """{
  "variable": {"ca": {"default": "rds-ca-2019"}, "open": {}},
  "locals": {"name": "orders"},
  "provider": {"aws": {"region": "eu-west-1"}},
  "resource": {
    "aws_db_instance": {
      "a": {"identifier": "${local.name}", "engine": "MySQL", "ca_cert_identifier": "${var.ca}"},
      "b": {"ca_cert_identifier": "${var.open}"},
      "c": {"ca_cert_identifier": null}
    },
    "aws_rds_cluster": {"main": {"cluster_identifier": "ledger", "engine": "aurora-mysql"}},
    "aws_s3_bucket": {"x": {}}
  },
  "module": {"db": {"source": "terraform-aws-modules/rds/aws", "identifier": "app"}, "vpc": {"source": "x"}}
}
"""


def test_tf_json_servers() -> None:
    extraction = json_frontend.extract("infra/main.tf.json", TEXT)
    assert not extraction.notifications
    a, b, c, cluster, module = extraction.servers
    assert (a.name, a.identifier, a.engine, a.region, a.ca) == (
        "aws_db_instance.a",
        "orders",
        "mysql",
        "eu-west-1",
        "rds-ca-2019",
    )
    assert [h.label for h in a.trail] == ["via the default of var.ca"]
    assert a.ca_location is not None and a.ca_location.line == 7
    assert b.ca is None and b.ca_unknown == "${var.open} (no literal default in this file)"
    assert (c.ca, c.ca_unknown) == (None, None)
    assert cluster.identifier == "ledger" and cluster.ca_unknown is not None
    assert (module.name, module.identifier, module.ca, module.ca_unknown) == ("module.db", "app", None, None)


def test_other_json_is_not_terraform() -> None:
    assert json_frontend.extract("package.json", TEXT).servers == []


MODULE = """{
  "variable": {"name": {}, "ca": {"default": null}, "engine": {"default": "mysql"}},
  "resource": {"aws_db_instance": {"this": {
    "identifier": "${var.name}", "engine": "${var.engine}", "ca_cert_identifier": "${var.ca}"
  }}}
}
"""


def _module_tree(tmp_path: Path) -> Path:
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "main.tf.json").write_text(MODULE)
    return tmp_path


def test_a_json_call_of_a_json_module(tmp_path: Path) -> None:
    _module_tree(tmp_path)
    caller = (
        '{"module": {\n  "a": {"source": "./db", "name": "orders", "ca": "rds-ca-2019"},\n'
        '  "b": {"source": "./db", "name": "billing"}\n}}\n'
    )
    (tmp_path / "main.tf.json").write_text(caller)
    with project.using(project.Project()):
        a, b = json_frontend.extract(str(tmp_path / "main.tf.json"), caller).servers
    assert (a.name, a.identifier, a.engine, a.ca) == (
        "module.a.aws_db_instance.this",
        "orders",
        "mysql",
        "rds-ca-2019",
    )
    assert a.ca_location is not None and (a.ca_location.path, a.ca_location.line) == (
        str(tmp_path / "main.tf.json"),
        2,
    )
    assert [h.label for h in a.trail] == ["via module.a input ca"]
    assert a.modules == (str(tmp_path / "db"),)
    # Not passed, default null: the attribute is absent (the account default).
    assert (b.identifier, b.ca, b.ca_unknown) == ("billing", None, None)


def test_an_hcl_call_of_a_json_module(tmp_path: Path) -> None:
    _module_tree(tmp_path)
    caller = 'module "db" {\n  source = "./db"\n  name   = "ledger"\n  ca     = var.ca\n}\nvariable "ca" {}\n'
    (tmp_path / "main.tf").write_text(caller)
    with project.using(project.Project()):
        (server,) = terraform.extract(str(tmp_path / "main.tf"), caller).servers
    assert (server.name, server.identifier) == ("module.db.aws_db_instance.this", "ledger")
    assert server.ca_unknown == "var.ca (no default: set by the module's caller)"
    assert server.ca_location is not None and server.ca_location.line == 1  # the call, as for HCL


def test_the_json_module_alone_is_a_root(tmp_path: Path) -> None:
    path = str(_module_tree(tmp_path) / "db" / "main.tf.json")
    (server,) = json_frontend.extract(path, MODULE).servers
    assert server.name == "aws_db_instance.this" and server.modules == ()
