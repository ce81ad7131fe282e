"""AWS CDK in Python: RDS servers and their CA (frontends/python/cdk.py)."""

from __future__ import annotations

import pytest

from connlint.frontends import python


def _servers(text: str):  # type: ignore[no-untyped-def]
    extraction = python.extract("stack.py", text)
    assert not extraction.notifications, extraction.notifications
    return extraction.servers


@pytest.mark.parametrize(
    "imports",
    [
        "from aws_cdk import aws_rds as rds\n",
        "import aws_cdk.aws_rds as rds\n",
        "from aws_cdk import aws_rds\nrds = None\n",
    ],
)
def test_import_styles(imports: str) -> None:
    prefix = "aws_rds" if "rds = None" in imports else "rds"
    text = imports + (
        f'{prefix}.DatabaseInstance(self, "Db", instance_identifier="orders",\n'
        f"    engine={prefix}.DatabaseInstanceEngine.mysql(version=v),\n"
        f"    ca_certificate={prefix}.CaCertificate.RDS_CA_RDS2048_G1)\n"
    )
    (server,) = _servers(text)
    assert (server.source, server.resource, server.name) == ("cdk", "rds.DatabaseInstance", "Db")
    assert (server.identifier, server.engine, server.ca) == ("orders", "mysql", "rds-ca-rsa2048-g1")
    assert server.ca_location is not None and server.ca_location.line == text.count("\n")


def test_from_import_of_the_classes() -> None:
    text = (
        "from aws_cdk.aws_rds import DatabaseInstance as DI, CaCertificate\n"
        'DI(self, "Db", ca_certificate=CaCertificate.of("RDS-CA-2019"))\n'
    )
    (server,) = _servers(text)
    assert server.ca == "rds-ca-2019"
    assert (server.location.line, server.location.column, server.location.end_column) == (2, 1, 3)


def test_unknown_and_absent() -> None:
    text = (
        "from aws_cdk import aws_rds as rds\n"
        'rds.DatabaseInstance(self, "A", ca_certificate=props.ca)\n'
        'rds.DatabaseInstance(self, "B")\n'
        'rds.DatabaseInstance(self, "C", ca_certificate=None)\n'
    )
    a, b, c = _servers(text)
    assert a.ca is None and a.ca_unknown == "props.ca"
    assert b.ca is None and b.ca_unknown is None
    assert c.ca is None and c.ca_unknown is None


def test_cluster_and_its_instances() -> None:
    text = (
        "from aws_cdk import aws_rds as rds\n"
        'rds.DatabaseCluster(self, "Ledger", cluster_identifier="ledger",\n'
        "    engine=rds.DatabaseClusterEngine.aurora_postgres(version=v),\n"
        '    writer=rds.ClusterInstance.provisioned("w", instance_identifier="ledger-w",\n'
        "        ca_certificate=rds.CaCertificate.RDS_CA_RSA4096_G1),\n"
        '    readers=[rds.ClusterInstance.serverless_v2("r")])\n'
    )
    cluster, writer, reader = _servers(text)
    assert (cluster.resource, cluster.identifier, cluster.engine) == (
        "rds.DatabaseCluster",
        "ledger",
        "aurora-postgresql",
    )
    assert cluster.ca_unknown is not None
    assert (writer.name, writer.identifier, writer.cluster_identifier) == ("Ledger/w", "ledger-w", "ledger")
    assert writer.ca == "rds-ca-rsa4096-g1" and writer.engine == "aurora-postgresql"
    assert (reader.name, reader.ca, reader.ca_unknown) == ("Ledger/r", None, None)


def test_other_libraries_are_not_read() -> None:
    text = (
        "import other.aws_rds as rds\n"
        'rds.DatabaseInstance(self, "Db", ca_certificate=rds.CaCertificate.RDS_CA_2019)\n'
    )
    assert _servers(text) == []
