"""The same input gives byte-identical output (DESIGN "Output contracts";
STYLE §6): across repeated runs, ``--jobs`` values and input orders, in every
format and in the inventory.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from connlint.config import Config
from connlint.discover import Walker
from connlint.engine import Report, run
from connlint.reporters import REPORTER_BY_NAME, RenderOptions
from connlint.reporters.inventory import render_inventory

ROOT = Path(__file__).resolve().parent.parent
ALL = Config(select=("ALL",))


def rendered(report: Report) -> dict[str, str]:
    options = RenderOptions(include_suppressed=True, statistics=True)
    out = {name: reporter(report, options) for name, reporter in REPORTER_BY_NAME.items()}
    out |= {f"inventory-{fmt}": render_inventory(report, fmt) for fmt in ("table", "json", "csv", "markdown")}
    out["notifications"] = "\n".join(f"{n.path}: {n.message}" for n in report.notifications)
    return out


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(ROOT)
    return ROOT


def fixture_files() -> list[Path]:
    return [s.path.relative_to(ROOT) for s in Walker(cwd=ROOT).walk([ROOT / "fixtures"])]


def assert_same(a: dict[str, str], b: dict[str, str], what: str) -> None:
    for name in a:
        assert a[name] == b[name], f"{name} output differs: {what}"


def test_repeated_runs_and_jobs_are_byte_identical(in_root: Path) -> None:
    first = rendered(run([Path("fixtures")], ALL, jobs=1))
    assert first["sarif"].count('"ruleId"') > 50  # the fixtures produce findings
    assert_same(first, rendered(run([Path("fixtures")], ALL, jobs=1)), "second run")
    # jobs=2 forces the process pool (the engine uses it whenever jobs > 1 and there is more than one file)
    assert_same(first, rendered(run([Path("fixtures")], ALL, jobs=2)), "--jobs 2 against --jobs 1")


def test_input_order_does_not_matter(in_root: Path) -> None:
    files = fixture_files()
    assert len(files) > 20
    reference = rendered(run(sorted(files), ALL, jobs=1))
    for seed in (1,):
        shuffled = files[:]
        random.Random(seed).shuffle(shuffled)
        assert_same(reference, rendered(run(shuffled, ALL, jobs=1)), f"shuffled order (seed {seed})")
    shuffled.reverse()
    assert_same(reference, rendered(run(shuffled, ALL, jobs=2)), "reversed order, --jobs 2")


def check_cli(*args: str) -> bytes:
    """stdout and stderr of ``connlint check ARGS`` run from the repository root (exit 1 expected)."""
    r = subprocess.run(
        [sys.executable, "-m", "connlint", "check", *args],
        cwd=ROOT,
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=120,
    )
    assert r.returncode == 1, r.stderr
    return r.stdout + b"\n--stderr--\n" + r.stderr


def test_cli_output_is_byte_identical_across_runs_and_jobs(in_root: Path) -> None:
    sarif = ("fixtures", "--format", "sarif", "--select", "ALL")
    one = check_cli(*sarif, "--jobs", "1")
    assert one == check_cli(*sarif, "--jobs", "2")
    assert one == check_cli(*sarif, "--jobs", "1")


# -- small mixed runs: files linted in worker processes --------------------------

SMALL_MIXED = [
    Path("fixtures/rules/CL201/python_drivers.py"),
    Path("fixtures/rules/CL201/TlsDisabled.java"),
    Path("fixtures/rules/CL201/backup.sh"),
    Path("fixtures/rules/CL201/my.cnf"),
]


@pytest.mark.parametrize("jobs", [None, 2, 3])
def test_small_mixed_run_in_workers_is_identical(in_root: Path, jobs: int | None) -> None:
    assert all(p.is_file() for p in SMALL_MIXED)
    reference = rendered(run(SMALL_MIXED, ALL, jobs=1))
    assert_same(reference, rendered(run(SMALL_MIXED, ALL, jobs=jobs)), f"jobs={jobs}")


@pytest.mark.parametrize(
    "paths",
    [
        pytest.param(SMALL_MIXED, id="files: the early child (connlint.early) parses the .py file"),
        pytest.param([Path("fixtures/rules/CL201")], id="a folder: the engine forks after its walk"),
    ],
)
def test_cli_small_mixed_run_matches_jobs_1(in_root: Path, paths: list[Path]) -> None:
    """Through the CLI (one thread, libcst not imported yet: the forks are taken)."""
    args = ("--format", "json", *map(str, paths))
    assert check_cli(*args) == check_cli(*args, "--jobs", "1")
