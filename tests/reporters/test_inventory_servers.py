"""The servers of `connlint inventory` (issue 19): a JSON ``servers`` list with every
model.Server field, a "Servers" section in table and Markdown, and the output of a
run without servers unchanged.
"""

from __future__ import annotations

import dataclasses
import json

from connlint.engine import Report
from connlint.model import Hop, Location, Server
from connlint.reporters.inventory import SERVER_FIELDS, render_inventory

SERVER = Server(
    source="terraform",
    resource="aws_db_instance",
    name="aws_db_instance.orders",
    location=Location("infra/main.tf", 3, 1, 3, 34),
    identifier="orders",
    engine="mysql",
    region="eu-west-1",
    ca="rds-ca-2019",
    ca_location=Location("infra/main.tf", 6, 24, 6, 37),
    trail=(Hop(Location("infra/variables.tf", 2, 13, 2, 26), "via the default of var.ca"),),
)
UNKNOWN = Server(
    source="terraform",
    resource="terraform-aws-modules/rds-aurora/aws",
    name="module.aurora",
    location=Location("infra/main.tf", 10, 1, 10, 16),
    cluster_identifier="pay",
    ca_unknown="var.ca (no default: set by the module's caller)",
)
DEFAULT = Server("cloudformation", "AWS::RDS::DBInstance", "Db", Location("stack.yml", 4, 3, 4, 5))


def test_json_lists_every_server_field() -> None:
    doc = json.loads(render_inventory(Report(servers=[SERVER, UNKNOWN]), "json"))
    first, second = doc["servers"]
    # modules: how the engine tells a module template (servers/templates.py), not reported.
    model_fields = {f.name for f in dataclasses.fields(Server)} - {"trail", "modules"}
    assert model_fields <= set(first) and set(SERVER_FIELDS) == model_fields
    assert first["location"] == "infra/main.tf:3:1"
    assert (first["path"], first["line"], first["column"]) == ("infra/main.tf", 3, 1)
    assert (first["ca"], first["ca_location"], first["ca_unknown"]) == (
        "rds-ca-2019",
        "infra/main.tf:6:24",
        None,
    )
    assert first["trail"] == [
        {"path": "infra/variables.tf", "line": 2, "column": 13, "label": "via the default of var.ca"}
    ]
    assert second["ca"] is None and second["ca_unknown"].startswith("var.ca")
    assert "trail" not in second
    assert doc["totals"]["servers"] == 2


def test_without_servers_the_output_is_unchanged() -> None:
    doc = json.loads(render_inventory(Report(), "json"))
    assert set(doc) == {"version", "schema", "connections", "totals"}
    assert set(doc["totals"]) == {"connections", "by_mode", "by_impact"}
    for fmt in ("table", "markdown", "csv"):
        assert "Servers" not in render_inventory(Report(), fmt)


def test_table_and_markdown_sections() -> None:
    report = Report(servers=[SERVER, UNKNOWN, DEFAULT])
    table = render_inventory(report, "table")
    assert "\nServers\n" in table
    assert "aws_db_instance.orders  orders" in table
    assert "cluster pay" in table and "unknown (var.ca (no default" in table
    assert "account default" in table
    assert table.endswith("3 servers\n")
    markdown = render_inventory(report, "markdown")
    assert "\n## Servers\n" in markdown
    assert (
        "| `infra/main.tf:3:1` | aws_db_instance.orders | orders | mysql | eu-west-1 | rds-ca-2019 |"
        in markdown
    )
    assert markdown.endswith("**3 servers**\n")
    # CSV stays the connections' table
    assert "aws_db_instance" not in render_inventory(report, "csv")


def test_markdown_cells_are_escaped() -> None:
    odd = dataclasses.replace(SERVER, identifier="a|b\x1b[31m")
    markdown = render_inventory(Report(servers=[odd]), "markdown")
    assert "a\\|b" in markdown and "\x1b" not in markdown
