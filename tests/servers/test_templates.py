"""Terraform module templates (servers/templates.py): a module read through its
calls is no server itself, unless it is applied as a root module too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from connlint.model import Finding, Level, Location, Server
from connlint.servers.templates import deployed, is_root


def _server(path: Path, name: str, modules: tuple[str, ...] = ()) -> Server:
    return Server("terraform", "aws_db_instance", name, Location(str(path), 1, 1, 1, 9), modules=modules)


def _tree(tmp_path: Path) -> tuple[Path, Path]:
    env, module = tmp_path / "envs" / "prod", tmp_path / "modules" / "db"
    env.mkdir(parents=True)
    module.mkdir(parents=True)
    (env / "main.tf").write_text('module "db" {\n  source = "../../modules/db"\n}\n')
    (module / "main.tf").write_text('resource "aws_db_instance" "this" {}\n')
    return env, module


def test_a_module_read_through_its_calls_is_no_server(tmp_path: Path) -> None:
    env, module = _tree(tmp_path)
    instance = _server(env / "main.tf", "module.db.aws_db_instance.this", (str(module),))
    template = _server(module / "main.tf", "aws_db_instance.this")
    on_template = Finding("CL402", Level.NOTE, "names no CA", template.location, "x")
    on_instance = Finding("CL402", Level.NOTE, "names no CA", instance.location, "x")
    servers, findings = deployed([instance, template], [on_instance, on_template])
    assert servers == [instance]
    assert findings == [on_instance]


def test_without_calls_read_the_module_is_a_server(tmp_path: Path) -> None:
    # The caller is outside the run (or passed over): the module's declaration is all there is.
    _env, module = _tree(tmp_path)
    template = _server(module / "main.tf", "aws_db_instance.this")
    assert deployed([template], []) == ([template], [])


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("backend.tf", 'terraform {\n  backend "s3" {\n    bucket = "state"\n  }\n}\n'),
        ("versions.tf", 'terraform {\n  cloud {\n    organization = "o"\n  }\n}\n'),
        ("terraform.tfvars", 'name = "x"\n'),
        ("prod.auto.tfvars", 'name = "x"\n'),
    ],
)
def test_a_called_module_applied_as_a_root_stays(tmp_path: Path, name: str, text: str) -> None:
    env, module = _tree(tmp_path)
    (module / name).write_text(text)
    assert is_root(str(module))
    instance = _server(env / "main.tf", "module.db.aws_db_instance.this", (str(module),))
    template = _server(module / "main.tf", "aws_db_instance.this")
    assert deployed([instance, template], [])[0] == [instance, template]


def test_not_a_root(tmp_path: Path) -> None:
    _env, module = _tree(tmp_path)
    (module / "variables.tf").write_text('# backend "s3" is configured by the caller\nvariable "x" {}\n')
    (module / "example.tfvars").write_text('name = "x"\n')  # loaded only with -var-file
    assert not is_root(str(module))
    assert not is_root(str(tmp_path / "absent"))


def test_a_run_lists_the_calls_not_the_module() -> None:
    # fixtures/projects/terraform-modules: envs/prod calls modules/mysql seven times.
    from connlint.config import Config
    from connlint.engine import run

    fixture = Path(__file__).parents[2] / "fixtures" / "projects" / "terraform-modules"
    names = [s.name for s in run([fixture], Config(), jobs=1).servers]
    assert "aws_db_instance.this" not in names
    assert 'module.teams["red"].aws_db_instance.this' in names
