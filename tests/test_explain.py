"""connlint explain PATH[:LINE]: the decision trail of a file's connections."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from connlint.cli import main
from connlint.config import Config
from connlint.explain import ExplainError, explain, parse_target

DEMO = Path(__file__).resolve().parents[1] / "fixtures" / "projects" / "demo-service"


def test_parse_target() -> None:
    assert parse_target("src/App.java:12") == (Path("src/App.java"), 12)
    assert parse_target("src/App.java") == (Path("src/App.java"), None)
    assert parse_target("C:12x") == (Path("C:12x"), None)


def test_the_trail_of_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DEMO)
    text = explain(Path("src/main/java/com/example/billing/LegacyExport.java"), 20, Config())
    lines = text.splitlines()
    assert lines[0] == "src/main/java/com/example/billing/LegacyExport.java:20:16: jdbc candidate"
    assert "  url      jdbc:mysql://warehouse.internal:3306/dw?useSSL=false" in lines
    assert "  -> MySQL Connector/J: DISABLED (mapped from legacy options)" in lines
    assert (
        "     decided by `useSSL=false` at src/main/java/com/example/billing/LegacyExport.java:12:80" in lines
    )
    assert "     driver connector-j 8.0.33 (from pom.xml:9:20)" in lines  # where the version was decided
    assert any(" CL201 [error] " in line for line in lines)


def test_a_line_without_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DEMO)
    text = explain(Path("src/main/java/com/example/billing/LegacyExport.java"), 1, Config())
    assert text == "src/main/java/com/example/billing/LegacyExport.java:1: no connection found (java file)\n"


def test_values_are_redacted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("application.properties").write_text(
        "spring.datasource.url=jdbc:mysql://db.example.com/app?sslMode=DISABLED&password=s3cr3t-in-url\n"
        "spring.datasource.password=hunter2-literal\n"
    )
    text = explain(Path("application.properties"), None, Config())
    assert "s3cr3t-in-url" not in text and "hunter2-literal" not in text
    assert "password = ***" in text


def test_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(ExplainError, match="cannot read file"):
        explain(tmp_path / "missing.java", None, Config())
    (tmp_path / "notes.md").write_text("mysql")
    with pytest.raises(ExplainError, match="not a kind of file connlint reads"):
        explain(tmp_path / "notes.md", None, Config())


def test_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(DEMO)
    assert main(["explain", "ops/backup.sh:9"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ops/backup.sh:9:1: mysql-cli candidate")
    # ${DB_HOST:-default}: the default is one outcome, a value set at run time another.
    assert "-h billing-db.abc123.eu-west-1.rds.amazonaws.com -u backup" in out
    assert "-h <dynamic> -u backup" in out  # a part not known statically
    assert main(["explain", "missing.sh"]) == 2
    assert "cannot read file" in capsys.readouterr().err


def test_json_findings_carry_the_decision(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(DEMO)
    main(
        ["check", "--format", "json", "--no-progress", "src/main/java/com/example/billing/LegacyExport.java"]
    )
    findings = json.loads(capsys.readouterr().out)["findings"]
    cl201 = next(f for f in findings if f["rule"] == "CL201")
    assert cl201["decision"] == "mapped from legacy options"
    assert cl201["decided"] == "mapped from legacy options (`useSSL=false`)"
    assert cl201["decided_at"] == "src/main/java/com/example/billing/LegacyExport.java:12:80"


def test_a_document_is_explained_only_with_runbooks(tmp_path: Path) -> None:
    (tmp_path / "run.md").write_text("```sh\nmysql -h db --ssl-mode=DISABLED\n```\n")
    with pytest.raises(ExplainError, match="not a kind of file connlint reads"):
        explain(tmp_path / "run.md", None, Config())
    assert "mysql-cli candidate" in explain(tmp_path / "run.md", None, Config(runbooks=True))
