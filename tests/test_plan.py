"""connlint.plan and reporters/plan.py: the rotation plan, joined across inventories."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from certs import g1, pem, rds_2019
from connlint.cli import main
from connlint.config import Config
from connlint.engine import run
from connlint.model import Location, Server
from connlint.plan import build_plan, read_inventory
from connlint.reporters.inventory import document, server_row
from connlint.reporters.plan import plan_document, render_plan
from connlint.servers.rds import CAS

TARGET = CAS["rds-ca-rsa4096-g1"]
HOST = "{name}.c1x2y3z4.{region}.rds.amazonaws.com"


def conn(
    host: str | None, mode: str = "VERIFY_IDENTITY", trust: str | None = "certs/global-bundle.pem", **kw: Any
) -> dict[str, Any]:
    return {
        "location": kw.pop("location", "app.properties:1:1"),
        "client": "MySQL Connector/J",
        "host": host,
        "mode": mode,
        "decided": "explicit",
        "trust_kind": "ca-file" if trust else None,
        "trust_path": trust,
        "trust_bundle": kw.pop("bundle", None),
        **kw,
    }


def server(
    identifier: str, region: str | None = "us-east-1", ca: str | None = "rds-ca-rsa2048-g1", **kw: Any
) -> dict[str, Any]:
    s = Server(
        "terraform",
        kw.pop("resource", "aws_db_instance"),
        f"aws_db_instance.{identifier}",
        Location("infra/main.tf", 3, 1, 3, 2),
        identifier=identifier,
        region=region,
        ca=ca,
        engine=kw.pop("engine", "mysql"),
        **kw,
    )
    return server_row(s)


def inventory(
    label: str,
    connections: list[dict[str, Any]] = (),
    servers: list[dict[str, Any]] = (),
    bundles: list[dict[str, Any]] = (),
) -> Any:  # type: ignore[assignment]
    return read_inventory(
        label,
        {"schema": 1, "connections": list(connections), "servers": list(servers), "bundles": list(bundles)},
    )


def verdicts(plan: Any) -> dict[str, str]:
    return {d.name: d.verdict for d in plan.databases}


def test_join_across_inventories() -> None:
    infra = inventory(
        "infra",
        servers=[server("orders"), server("billing", region="eu-west-1", ca="rds-ca-2019"), server("idle")],
    )
    orders = inventory(
        "orders-service",
        [
            conn(HOST.format(name="orders", region="us-east-1")),
            conn(
                HOST.format(name="orders", region="us-east-1"),
                mode="REQUIRED",
                trust=None,
                location="b.py:2:1",
            ),
        ],
    )
    billing = inventory(
        "billing-service",
        [conn(HOST.format(name="billing", region="eu-west-1"), trust="/etc/ssl/us-east-1-bundle.pem")],
    )
    plan = build_plan([infra, orders, billing], TARGET)
    assert verdicts(plan) == {"orders": "safe", "billing": "blocked", "idle": "unknown"}
    billing_db = next(d for d in plan.databases if d.name == "billing")
    assert (
        billing_db.current_ca == "rds-ca-2019"
        and billing_db.declared == "aws_db_instance.billing (infra: infra/main.tf:3)"
    )
    (blocked,) = billing_db.clients
    assert blocked.source == "billing-service" and blocked.outcome == "blocked"
    assert (
        blocked.change == "add `Amazon RDS eu-west-1 Root CA RSA4096 G1` to `/etc/ssl/us-east-1-bundle.pem`"
        " (or use the global bundle)"
    )
    orders_db = next(d for d in plan.databases if d.name == "orders")
    assert [c.outcome for c in orders_db.clients] == ["ok", "unaffected"]
    assert "man in the middle" in orders_db.clients[1].why
    assert next(d for d in plan.databases if d.name == "idle").note == "no client of it in the code read"
    pg = build_plan([inventory("infra", servers=[server("pg", engine="postgres")])], TARGET).databases[0]
    assert (
        pg.note
        == "engine postgres: connlint reads MySQL-family clients only; no client of it in the code read"
    )
    # Blocked databases first.
    assert plan.databases[0].verdict == "blocked"


def test_an_aurora_cluster_is_its_instances() -> None:
    cluster = server("shop", resource="aws_rds_cluster", ca=None)
    member = server("shop-1", resource="aws_rds_cluster_instance", cluster_identifier="shop")
    lone = server("ledger", resource="aws_rds_cluster", ca=None)
    host = "shop.cluster-c1x2y3z4.us-east-1.rds.amazonaws.com"
    plan = build_plan([inventory("infra", [conn(host)], servers=[cluster, member, lone])], TARGET)
    assert verdicts(plan) == {"shop-1": "safe", "ledger": "unknown"}


def test_bundle_contents_from_another_repository_decide() -> None:
    # The bundle travels in the inventory: an RSA2048-only store against the RSA4096 target.
    store = {
        "path": "certs/store.pem",
        "form": "PEM",
        "problem": None,
        "certificates": [
            {
                "subject": "Amazon RDS us-east-1 Root CA RSA2048 G1",
                "not_after": "2061-05-20",
                "key": "RSA2048",
                "line": 1,
            }
        ],
    }
    svc = inventory(
        "svc",
        [conn(HOST.format(name="orders", region="us-east-1"), trust="store.pem", bundle="certs/store.pem")],
        bundles=[store],
    )
    plan = build_plan([inventory("infra", servers=[server("orders")]), svc], TARGET)
    (client,) = plan.databases[0].clients
    assert client.outcome == "blocked" and "1 certificates" in client.why
    assert (
        build_plan([inventory("infra", servers=[server("orders")]), svc], CAS["rds-ca-rsa2048-g1"])
        .databases[0]
        .verdict
        == "safe"
    )


def test_unknown_and_unmatched_clients() -> None:
    infra = inventory("infra", servers=[server("orders", region=None, ca=None)])
    svc = inventory(
        "svc",
        [
            conn(HOST.format(name="orders", region="ap-south-1"), trust=None, mode="VERIFY_CA")
            | {"trust_kind": "jvm-default"},
            conn(None, location="a:1:1"),
            conn("db.example.com", location="b:1:1"),
            conn("orders.proxy-abc123def.us-east-1.rds.amazonaws.com", location="c:1:1"),
            conn("reports.cluster-custom-abc123def.us-east-1.rds.amazonaws.com", location="d:1:1"),
            conn(HOST.format(name="legacy", region="us-east-1"), mode="UNKNOWN", location="e:1:1"),
        ],
    )
    plan = build_plan([infra, svc], TARGET)
    orders = next(d for d in plan.databases if d.name == "orders")
    assert orders.verdict == "unknown" and orders.region == "ap-south-1"  # the region from the host
    assert orders.current_ca == "the account default (no identifier set)"
    assert "imported" in orders.clients[0].why
    assert {c.why for c in plan.unmatched} == {
        "host not known statically",
        "not an RDS endpoint",
        "Aurora custom endpoint: the host does not name its cluster",
    }
    assert verdicts(plan)["orders.proxy-abc123def.us-east-1.rds.amazonaws.com"] == "unaffected"
    assert verdicts(plan)["legacy"] == "unknown"


def test_formats() -> None:
    infra = inventory("infra", servers=[server("orders", ca="rds-ca-2019")])
    svc = inventory(
        "svc",
        [
            conn(HOST.format(name="orders", region="us-east-1"), trust="rds-combined-ca-bundle.pem"),
            conn("db|x", location="a|b:1:1"),
        ],
    )
    plan = build_plan([infra, svc], TARGET)
    markdown = render_plan(plan, "markdown")
    assert "| `orders` | us-east-1 | rds-ca-2019 | **blocked** | 1 |" in markdown
    assert "### blocked: `orders` (us-east-1)" in markdown and "a\\|b:1:1" in markdown
    doc = json.loads(render_plan(plan, "json"))
    assert (
        doc["schema"] == 1 and doc["target"] == "rds-ca-rsa4096-g1" and doc["inventories"] == ["infra", "svc"]
    )
    assert doc["databases"][0]["clients"][0]["outcome"] == "blocked"
    assert doc["totals"] == {
        "databases": 1,
        "by_verdict": {"blocked": 1},
        "clients": 1,
        "by_outcome": {"blocked": 1},
        "unmatched_clients": 1,
    }
    rows = list(csv.DictReader(io.StringIO(render_plan(plan, "csv"))))
    assert [(r["database"], r["verdict"], r["outcome"]) for r in rows] == [
        ("orders", "blocked", "blocked"),
        ("", "", "unknown"),
    ]
    assert "BLOCKED" in render_plan(plan, "table")
    assert plan_document(plan) == doc


ROW = st.fixed_dictionaries(
    {},
    optional={
        "host": st.none()
        | st.text(max_size=40)
        | st.sampled_from([HOST.format(name="orders", region="us-east-1")]),
        "mode": st.none() | st.sampled_from(["DISABLED", "VERIFY_CA", "UNKNOWN", "bogus"]) | st.integers(),
        "trust_kind": st.none() | st.sampled_from(["ca-file", "jvm-default", "nonsense"]),
        "trust_path": st.none() | st.text(max_size=30),
        "trust_bundle": st.none() | st.text(max_size=10),
        "location": st.none() | st.text(max_size=10),
    },
)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(ROW, max_size=6),
    st.lists(
        st.dictionaries(
            st.sampled_from(["identifier", "region", "ca", "resource", "line"]),
            st.none() | st.text(max_size=12),
        ),
        max_size=3,
    ),
)
def test_malformed_inventories_never_crash(rows: list[dict[str, Any]], servers: list[dict[str, Any]]) -> None:
    servers = [s | {"line": None} for s in servers]
    plan = build_plan(
        [read_inventory("x", {"connections": rows, "servers": servers, "bundles": [{"certificates": [{}]}]})],
        TARGET,
    )
    for fmt in ("markdown", "json", "csv", "table"):
        assert render_plan(plan, fmt)


def test_cli_plan_joins_inventory_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    service = tmp_path / "service"
    (service / "certs").mkdir(parents=True)
    (service / "certs" / "ca.pem").write_bytes(pem(rds_2019(), g1("us-east-1")))
    (service / "deploy.sh").write_text(
        "mysql --ssl-mode=VERIFY_IDENTITY --ssl-ca=certs/ca.pem -h "
        + HOST.format(name="orders", region="us-east-1")
        + "\n"
    )
    monkeypatch.chdir(service)
    report = run([Path(".")], Config(), jobs=1)
    doc = document(report)
    assert doc["connections"][0]["trust_bundle"] == "certs/ca.pem"
    assert [c["subject"] for c in doc["bundles"][0]["certificates"]] == [
        "Amazon RDS Root 2019 CA",
        "Amazon RDS us-east-1 Root CA RSA2048 G1",
    ]
    (tmp_path / "service.json").write_text(json.dumps(doc))
    infra = {"schema": 1, "connections": [], "servers": [server("orders")]}
    (tmp_path / "infra.json").write_text(json.dumps(infra))
    monkeypatch.chdir(tmp_path)
    assert (
        main(
            [
                "plan",
                "--to",
                "rds-ca-rsa2048-g1",
                "--inventory",
                "infra.json",
                "--inventory",
                "service.json",
                "--format",
                "json",
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert (
        out["databases"][0]["verdict"] == "safe" and out["databases"][0]["clients"][0]["source"] == "service"
    )
    assert (
        main(
            ["plan", "--to", "rds-ca-rsa4096-g1", "--inventory", "infra.json", "--inventory", "service.json"]
        )
        == 0
    )
    assert "BLOCKED" in capsys.readouterr().out
    gate = ["plan", "--to", "rds-ca-rsa4096-g1", "--inventory", "infra.json", "--inventory", "service.json"]
    assert main([*gate, "--fail-on-blocked"]) == 1
    assert (
        main(
            [
                "plan",
                "--to",
                "rds-ca-rsa2048-g1",
                "--inventory",
                "infra.json",
                "--inventory",
                "service.json",
                "--fail-on-blocked",
            ]
        )
        == 0
    )
    (tmp_path / "bad.json").write_text("{}")
    assert main(["plan", "--to", "rds-ca-rsa4096-g1", "--inventory", "bad.json"]) == 2
    assert "not a connlint inventory" in capsys.readouterr().err
    assert main(["plan", "--to", "rds-ca-rsa4096-g1", "--inventory", "missing.json"]) == 2


def test_a_template_client_joins_its_database_by_reference() -> None:
    where = Location("stack.yaml", 3, 3, 3, 5)
    db = server_row(Server("cloudformation", "AWS::RDS::DBInstance", "Db", where, ca="rds-ca-rsa2048-g1"))
    ref = "!GetAtt Db.Endpoint.Address"
    retired = conn(
        None,
        trust="/app/rds-combined-ca-bundle.pem",
        host_ref=ref,
        path="stack.yaml",
        location="stack.yaml:6:1",
    )
    plain = conn(None, "PREFERRED", None, host_ref=ref, path="stack.yaml", location="stack.yaml:9:1")
    global_bundle = conn(None, host_ref=ref, path="stack.yaml", location="stack.yaml:8:1")
    # the same path and name in another inventory is another template's database
    other = conn(None, host_ref=ref, path="stack.yaml", location="stack.yaml:7:1")
    plan = build_plan(
        [inventory("", [retired, plain, global_bundle], [db]), inventory("svc", [other])], TARGET
    )
    (database,) = plan.databases
    assert database.verdict == "blocked" and database.region is None
    outcomes = {c.location: (c.outcome, c.host) for c in database.clients}
    assert outcomes == {
        "stack.yaml:6:1": ("blocked", ref),
        "stack.yaml:9:1": ("unaffected", ref),
        "stack.yaml:8:1": ("unknown", ref),
    }
    blocked = next(c for c in database.clients if c.outcome == "blocked")
    assert "Amazon RDS <its region> Root CA RSA4096 G1" in blocked.change
    (unmatched,) = plan.unmatched
    assert unmatched.source == "svc"
