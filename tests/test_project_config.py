"""The repository's own .connlint.toml (issue 18, item 13): `connlint check .`
at the root lints the project's code, not its deliberate findings; the
Quickstart's `connlint check fixtures` still lints the fixtures, because a
path named on the command line is linted even when excluded (ruff's default;
--force-exclude excludes it too).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _connlint(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "connlint", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=300,
    )


def test_check_dot_lints_the_project_not_its_fixtures() -> None:
    shown = _connlint("check", ".", "--show-files")
    assert shown.returncode == 0
    paths = [line.split("  ")[0] for line in shown.stdout.splitlines()]
    assert any(p.startswith("src/connlint/") for p in paths)
    assert not [p for p in paths if p.startswith(("tests/", "fixtures/", "rules/"))]
    settings = _connlint("check", "--show-settings").stdout.splitlines()
    assert settings[0] == f"config = {ROOT / '.connlint.toml'}"
    checked = _connlint("check", ".", "--quiet")
    assert (checked.returncode, checked.stdout) == (0, ""), checked.stdout + checked.stderr


def test_named_fixtures_are_linted_as_without_the_config() -> None:
    named = _connlint("check", "fixtures/rules/CL201", "--format", "json")
    isolated = _connlint("check", "fixtures/rules/CL201", "--format", "json", "--isolated")
    assert named.returncode == isolated.returncode == 1
    assert named.stdout == isolated.stdout
    forced = _connlint("check", "fixtures/rules/CL201", "--force-exclude", "--quiet")
    assert (forced.returncode, forced.stdout) == (0, "")
