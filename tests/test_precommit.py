"""The pre-commit hook, for real: `pre-commit try-repo` this checkout against a
temporary git repository; a violating file fails the hook, a fixed one passes.
pre-commit tags my.cnf only as `text`, so an option file is part of the test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is needed")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def _try_repo(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "connlint", "--all-files"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"},
        timeout=600,
    )


def test_pre_commit_try_repo(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "t@example.com")
    _git(repo, "config", "user.name", "t")
    cnf = repo / "my.cnf"
    cnf.write_text("[client]\nssl-mode=DISABLED\nhost=db.example.com\n")
    (repo / "README.md").write_text("no settings here\n")
    _git(repo, "add", ".")
    home = tmp_path / "pre-commit-home"
    failed = _try_repo(repo, home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "CL201" in failed.stdout
    cnf.write_text(
        "[client]\nssl-mode=VERIFY_IDENTITY\nssl-ca=/etc/ssl/rds/global-bundle.pem\nhost=db.example.com\n"
    )
    # An excluded file pre-commit names anyway: the hook's --force-exclude skips it.
    (repo / ".connlint.toml").write_text('exclude = ["legacy/"]\n')
    (repo / "legacy").mkdir()
    (repo / "legacy" / "my.cnf").write_text("[client]\nssl-mode=DISABLED\nhost=db.example.com\n")
    _git(repo, "add", ".")
    passed = _try_repo(repo, home)
    assert passed.returncode == 0, passed.stdout + passed.stderr


def test_hook_runs_one_process_for_all_files() -> None:
    """Start-up dominates a small run and connlint has its own pool: pre-commit must
    not start one connlint per CPU."""
    import yaml

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["require_serial"] is True
    assert hook["types"] == ["text"]
    # pre-commit names every changed file: the configuration's excludes must apply to them.
    assert "--force-exclude" in hook["entry"].split()
