"""CloudFormation templates (YAML and JSON): RDS servers and their CA."""

from __future__ import annotations

from connlint.frontends import json as json_frontend
from connlint.frontends import yaml as yaml_frontend

TEMPLATE = """\
Parameters:
  Ca:
    Type: String
    Default: rds-ca-rsa2048-g1
  Env:
    Type: String
    Default: prod
Resources:
  Cluster:
    Type: AWS::RDS::DBCluster
    Properties:
      DBClusterIdentifier: !Sub "ledger-${Env}"
      Engine: aurora-mysql
  Writer:
    Type: AWS::RDS::DBInstance
    Properties:
      DBInstanceIdentifier: writer
      DBClusterIdentifier: !Ref Cluster
      Engine: Aurora-MySQL
      CACertificateIdentifier: !Ref Ca
  Bucket:
    Type: AWS::S3::Bucket
"""


def test_yaml_template() -> None:
    extraction = yaml_frontend.extract("stack.yaml", TEMPLATE)
    assert not extraction.notifications
    cluster, writer = extraction.servers
    assert (cluster.source, cluster.resource, cluster.name) == (
        "cloudformation",
        "AWS::RDS::DBCluster",
        "Cluster",
    )
    assert cluster.identifier == "ledger-prod" and cluster.ca is None and cluster.ca_unknown is not None
    assert (writer.identifier, writer.cluster_identifier, writer.engine) == (
        "writer",
        "ledger-prod",
        "aurora-mysql",
    )
    assert writer.ca == "rds-ca-rsa2048-g1" and writer.region is None
    assert [h.label for h in writer.trail] == ["via the default of parameter Ca"]
    assert writer.trail[0].location.line == 4
    assert (writer.location.line, writer.location.column) == (14, 3)
    assert writer.ca_location is not None and (writer.ca_location.line, writer.ca_location.column) == (20, 32)


def test_json_template() -> None:
    text = (
        '{"Resources": {"Db": {"Type": "AWS::RDS::DBInstance",\n'
        ' "Properties": {"DBInstanceIdentifier": "orders", "CACertificateIdentifier": "RDS-CA-2019"}}}}\n'
    )
    (server,) = json_frontend.extract("stack.json", text).servers
    assert (server.name, server.identifier, server.ca) == ("Db", "orders", "rds-ca-2019")
    assert server.ca_location is not None and server.ca_location.line == 2


def test_unknown_values_are_quoted() -> None:
    text = (
        "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n"
        "      CACertificateIdentifier: !If [Pin, rds-ca-2019, !Ref AWS::NoValue]\n"
        "      DBInstanceIdentifier: !Ref Missing\n"
    )
    (server,) = yaml_frontend.extract("stack.yml", text).servers
    assert server.ca is None and server.ca_unknown == "a list"
    assert server.identifier is None


def test_other_yaml_is_read_as_before() -> None:
    text = "spring:\n  datasource:\n    url: jdbc:mysql://db/app?sslMode=DISABLED\nResources: {}\n"
    extraction = yaml_frontend.extract("application.yml", text)
    assert not extraction.servers
    assert len(extraction.candidates) == 1
    not_a_template = "Resources:\n  - Type: AWS::RDS::DBInstance\n"
    assert not yaml_frontend.extract("x.yml", not_a_template).servers


CLIENTS = """\
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
  Ledger:
    Type: AWS::RDS::DBCluster
  Writer:
    Type: AWS::RDS::DBInstance
    Properties:
      DBClusterIdentifier: !Ref Ledger
  Bucket:
    Type: AWS::S3::Bucket
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Environment:
        Variables:
          A: !Join ["", ["jdbc:mysql://", !GetAtt Db.Endpoint.Address, ":3306/app?sslMode=VERIFY_CA"]]
          B: !Sub "jdbc:mysql://${Ledger.ReadEndpoint.Address}/app?sslMode=REQUIRED"
          C: !Sub ["Server=${H};SslMode=Required", {H: !GetAtt [Db, Endpoint.Address]}]
          D: !Sub "jdbc:mysql://${Db}:3306/app"
          E: !Sub "jdbc:mysql://${Bucket.DomainName}/app"
          F: !Sub "jdbc:mysql://${Db.Endpoint.Port}.example/app"
          G: !Join ["", ["jdbc:mysql://db/", !GetAtt Db.Endpoint.Address]]
"""


def test_clients_of_the_template_name_its_databases() -> None:
    extraction = yaml_frontend.extract("stack.yaml", CLIENTS)
    refs = {c.location.line: c.host_ref for c in extraction.candidates}
    assert refs == {
        19: "!GetAtt Db.Endpoint.Address",
        20: "!GetAtt Ledger.ReadEndpoint.Address",
        21: "!GetAtt Db.Endpoint.Address",
        # Ref is the identifier; another resource; a port; a path: not a host reference
        22: None,
        23: None,
        24: None,
        25: None,
    }
    writer = next(s for s in extraction.servers if s.name == "Writer")
    assert writer.cluster_name == "Ledger"
    assert next(s for s in extraction.servers if s.name == "Db").cluster_name is None


def test_json_clients_of_the_template() -> None:
    text = (
        '{"Resources": {"Db": {"Type": "AWS::RDS::DBInstance"},\n'
        ' "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Environment": {"Variables": {\n'
        '  "A": {"Fn::Join": ["", ["jdbc:mysql://", {"Fn::GetAtt": ["Db", "Endpoint.Address"]}, "/app"]]},\n'
        '  "B": {"Fn::Sub": "jdbc:mysql://u:p@${Db.Endpoint.Address}/app"}}}}}}}\n'
    )
    extraction = json_frontend.extract("stack.json", text)
    assert [(c.location.line, c.host_ref) for c in extraction.candidates] == [
        (3, "!GetAtt Db.Endpoint.Address"),
        (4, "!GetAtt Db.Endpoint.Address"),
    ]


def test_a_template_without_databases_binds_nothing() -> None:
    text = CLIENTS.replace("AWS::RDS::DBInstance", "AWS::EC2::Instance").replace(
        "AWS::RDS::DBCluster", "AWS::EC2::Instance"
    )
    assert all(c.host_ref is None for c in yaml_frontend.extract("stack.yaml", text).candidates)


def test_tagged_scalars_are_located_past_their_tag() -> None:
    text = "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\nOutputs:\n  Url:\n    Value: !Sub 'jdbc:mysql://h/app?sslMode=DISABLED'\n"
    (candidate,) = yaml_frontend.extract("stack.yaml", text).candidates
    assert candidate.url is not None
    where = candidate.url.locate(0, 4)
    assert (where.line, where.column) == (6, 18)  # the "j" after the quote, not the tag


ENVIRONMENTS = """\
Resources:
  Db:
    Type: AWS::RDS::DBInstance
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
        - Name: app
          Environment:
            - {Name: DB_HOST, Value: !GetAtt Db.Endpoint.Address}
            - {Name: URL, Value: "jdbc:mysql://${DB_HOST}:3306/app?sslMode=VERIFY_CA"}
            - {Name: DSN, Value: "app@tcp(${DB_HOST}:3306)/app?tls=true"}
            - {Name: DEFAULTED, Value: "jdbc:mysql://${DB_HOST:db}:3306/app?sslMode=VERIFY_CA"}
        - Name: other
          Environment:
            - {Name: URL, Value: "jdbc:mysql://${DB_HOST}:3306/app?sslMode=VERIFY_CA"}
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Environment:
        Variables:
          HOST: !GetAtt Db.Endpoint.Address
          URL: jdbc:mysql://${HOST}/app?sslMode=VERIFY_CA
          SUBBED: !Sub "jdbc:mysql://${HOST}/app?sslMode=VERIFY_CA"
"""


def test_a_spring_placeholder_of_the_environment_names_the_database() -> None:
    refs = {c.location.line: c.host_ref for c in yaml_frontend.extract("stack.yaml", ENVIRONMENTS).candidates}
    ref = "!GetAtt Db.Endpoint.Address"
    # JDBC URLs only (Spring resolves the placeholder); a default is a literal host;
    # another container's environment, a Fn::Sub's ${...}: not the variable
    assert refs == {11: ref, 12: None, 13: None, 16: None, 23: ref, 24: None}
