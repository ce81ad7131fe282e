"""The GitHub Action (action.yml) works as written: its steps are run here as
the runner would run them, against this checkout (the `uses:` step that sets
up Python is the runner's job and is skipped).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.reporters.test_sarif import validate_sarif

ROOT = Path(__file__).resolve().parents[2]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
_EXPRESSION = re.compile(r"\$\{\{\s*([\w.-]+)\s*\}\}")


def _render(value: str, context: dict[str, str]) -> str:
    return _EXPRESSION.sub(lambda m: context[m.group(1)], value)


def _run_steps(tmp_path: Path, inputs: dict[str, str]) -> tuple[int, dict[str, str]]:
    """Run the action's shell steps; return the last exit code and the step outputs."""
    context = {f"inputs.{k}": v.get("default", "") for k, v in ACTION["inputs"].items()}
    context |= {f"inputs.{k}": v for k, v in inputs.items()}
    context |= {"github.action_path": str(ROOT), "runner.temp": str(tmp_path / "runner-temp")}
    output = tmp_path / "github-output"
    output.write_text("")
    code = 0
    for step in ACTION["runs"]["steps"]:
        if "run" not in step:
            assert step["uses"].startswith("actions/setup-python@")
            continue
        env = {k: _render(str(v), context) for k, v in step.get("env", {}).items()}
        env |= {"PATH": os.environ["PATH"], "GITHUB_OUTPUT": str(output), "HOME": str(tmp_path)}
        proc = subprocess.run(
            ["bash", "-e", "-c", step["run"]], cwd=ROOT, env=env, capture_output=True, text=True
        )
        code = proc.returncode
        if code and step.get("id") != "check":
            pytest.fail(f"step {step['name']!r} failed: {proc.stderr}")
    lines = output.read_text().splitlines()
    return code, dict(line.split("=", 1) for line in lines if "=" in line)


@pytest.fixture(scope="module")
def runner_temp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A runner temp directory whose venv already sees this environment's
    packages, so the install step builds only connlint itself (no download).
    """
    temp = tmp_path_factory.mktemp("action")
    venv.EnvBuilder(system_site_packages=True).create(temp / "runner-temp" / "connlint-venv")
    return temp


@pytest.mark.skipif(sys.platform == "win32", reason="the action's steps are bash")
def test_action_installs_from_its_checkout_and_writes_sarif(runner_temp: Path) -> None:
    sarif = runner_temp / "out.sarif"
    inputs = {"paths": "fixtures/projects/demo-service", "sarif-file": str(sarif), "category": "connlint/api"}
    code, outputs = _run_steps(runner_temp, inputs)
    assert code == 0  # exit-zero by default: the upload decides
    assert outputs == {"sarif-file": str(sarif), "exit-code": "0"}
    doc: dict[str, Any] = json.loads(sarif.read_text())
    validate_sarif(doc)
    assert doc["runs"][0]["results"]
    assert doc["runs"][0]["automationDetails"] == {"id": "connlint/api"}
    installed = runner_temp / "runner-temp" / "connlint-venv" / "bin" / "connlint"
    assert installed.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="the action's steps are bash")
def test_action_fails_the_step_when_asked(runner_temp: Path) -> None:
    sarif = runner_temp / "fail.sarif"
    inputs = {"paths": "fixtures/projects/demo-service", "sarif-file": str(sarif), "exit-zero": "false"}
    code, outputs = _run_steps(runner_temp, inputs)
    assert code == 1 and outputs["exit-code"] == "1"
    assert "automationDetails" not in json.loads(sarif.read_text())["runs"][0]


def test_action_inputs_and_outputs_are_documented() -> None:
    for name, spec in ACTION["inputs"].items():
        assert spec["description"], name
    assert set(ACTION["outputs"]) == {"sarif-file", "exit-code"}
    used = set(re.findall(r"inputs\.([\w-]+)", (ROOT / "action.yml").read_text()))
    assert used >= set(ACTION["inputs"])  # every input reaches a step
