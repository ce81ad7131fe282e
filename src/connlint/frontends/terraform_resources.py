"""The AWS provider's RDS resources the Terraform front-ends read (HCL in
:mod:`connlint.frontends.terraform`, JSON in :mod:`connlint.frontends.terraform_json`).
Names only: importing it imports no parser.
"""

from __future__ import annotations

#: Resource type -> (its identifier attribute, its CA attribute).
RESOURCES: dict[str, tuple[str, str]] = {
    "aws_db_instance": ("identifier", "ca_cert_identifier"),
    "aws_rds_cluster_instance": ("identifier", "ca_cert_identifier"),
    "aws_rds_cluster": ("cluster_identifier", "ca_certificate_identifier"),
}

#: Why an Aurora cluster's CA is not known from the cluster itself.
AURORA_CLUSTER = (
    "an Aurora cluster presents its instances' certificates (aws_rds_cluster_instance.ca_cert_identifier)"
)
