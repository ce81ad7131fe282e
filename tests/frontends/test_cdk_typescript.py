"""AWS CDK in TypeScript: RDS servers and their CA (frontends/cdk_typescript.py)."""

from __future__ import annotations

import pytest

from connlint.frontends import cdk_typescript
from connlint.model import Server


def _servers(text: str) -> list[Server]:
    extraction = cdk_typescript.extract("stack.ts", text)
    assert not extraction.notifications, extraction.notifications
    return extraction.servers


@pytest.mark.parametrize(
    ("imports", "prefix"),
    [
        ("import * as rds from 'aws-cdk-lib/aws-rds';\n", "rds."),
        ("import { aws_rds as rds } from 'aws-cdk-lib';\n", "rds."),
        ("import * as rds from '@aws-cdk/aws-rds';\n", "rds."),
        (
            "import { DatabaseInstance, DatabaseInstanceEngine, CaCertificate }\n"
            "  from 'aws-cdk-lib/aws-rds';\n",
            "",
        ),
    ],
)
def test_import_styles(imports: str, prefix: str) -> None:
    text = imports + (
        f"new {prefix}DatabaseInstance(this, 'Db', {{\n"
        '  instanceIdentifier: "orders",\n'
        f"  'engine': {prefix}DatabaseInstanceEngine.mariadb({{ version: v }}),\n"
        f"  caCertificate: {prefix}CaCertificate.RDS_CA_RDS4096_G1 }});\n"
    )
    (server,) = _servers(text)
    assert (server.source, server.resource, server.name) == ("cdk", "rds.DatabaseInstance", "Db")
    assert (server.identifier, server.engine, server.ca) == ("orders", "mariadb", "rds-ca-rsa4096-g1")
    last = text.count("\n")
    assert server.location.line == last - 3
    assert server.ca_location is not None and server.ca_location.line == last


def test_of_unknown_and_absent() -> None:
    text = (
        "import * as rds from 'aws-cdk-lib/aws-rds';\n"
        "new rds.DatabaseInstance(this, 'A', { caCertificate: rds.CaCertificate.of(`RDS-CA-2019`) });\n"
        "new rds.DatabaseInstance(this, 'B', { caCertificate: props.ca });\n"
        "new rds.DatabaseInstance(this, 'C', {});\n"
        "new rds.DatabaseInstance(this, 'D', { caCertificate: undefined });\n"
    )
    a, b, c, d = _servers(text)
    assert a.ca == "rds-ca-2019"
    assert b.ca is None and b.ca_unknown == "props.ca"
    assert (c.ca, c.ca_unknown, d.ca, d.ca_unknown) == (None, None, None, None)


def test_cluster_members() -> None:
    text = (
        "import * as rds from 'aws-cdk-lib/aws-rds';\n"
        "new rds.DatabaseCluster(this, 'Ledger', { clusterIdentifier: 'ledger',\n"
        "  engine: rds.DatabaseClusterEngine.auroraPostgres({ version: v }),\n"
        "  writer: rds.ClusterInstance.provisioned('w', { instanceIdentifier: 'ledger-w',\n"
        "    caCertificate: rds.CaCertificate.RDS_CA_ECC384_G1 }),\n"
        "  readers: [rds.ClusterInstance.serverlessV2('r')] });\n"
    )
    cluster, writer, reader = _servers(text)
    assert (cluster.identifier, cluster.engine) == ("ledger", "aurora-postgresql")
    assert cluster.ca is None and cluster.ca_unknown is not None
    assert (writer.name, writer.identifier, writer.cluster_identifier) == ("Ledger/w", "ledger-w", "ledger")
    assert writer.ca == "rds-ca-ecc384-g1"
    assert (reader.name, reader.ca, reader.ca_unknown) == ("Ledger/r", None, None)


def test_other_modules_and_syntax_errors() -> None:
    assert _servers("import * as rds from 'other';\nnew rds.DatabaseInstance(this, 'A', {});\n") == []
    broken = cdk_typescript.extract(
        "stack.ts",
        "import * as rds from 'aws-cdk-lib/aws-rds';\nnew rds.DatabaseInstance(this, 'A', {});\n}}}(\n",
    )
    assert [n.message for n in broken.notifications] == [
        "TypeScript syntax error; analysed what could be parsed"
    ]
    assert [s.name for s in broken.servers] == ["A"]
