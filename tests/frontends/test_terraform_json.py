"""Terraform's JSON syntax (*.tf.json) through the JSON front-end's recogniser."""

from __future__ import annotations

from connlint.frontends import json as json_frontend

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
