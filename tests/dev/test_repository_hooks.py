"""The repository's own pre-commit hooks run the linters CI runs, at the versions CI installs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _hooks() -> dict[str, tuple[str, dict[str, Any]]]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    return {hook["id"]: (repo["repo"], hook) for repo in config["repos"] for hook in repo["hooks"]}


def test_ruff_and_mypy_hooks_use_the_installed_versions() -> None:
    """A pinned hook repository (ruff-pre-commit, mirrors-mypy) drifts from the
    `[test]` pins that CI installs; local hooks run the same executables.
    """
    hooks = _hooks()
    for hook_id in ("ruff", "ruff-format", "mypy"):
        repo, hook = hooks[hook_id]
        assert repo == "local", hook_id
        assert hook["language"] == "system", hook_id


def test_ci_runs_the_same_linters() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "ruff check ." in ci and "ruff format --check ." in ci and "\nmypy\n" in ci
