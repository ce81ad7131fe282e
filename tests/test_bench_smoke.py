"""Smoke test of the benchmark: it runs end to end on a tiny corpus and prints
its table.  No timing assertions: timings belong to bench/bench.py's output.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench" / "bench.py"


def test_bench_quick_prints_table(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--corpus-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout
    assert "median s" in out
    for row in (
        "floor: walk+read+regex",
        "connlint check default",
        "connlint check --jobs 1",
        "connlint check --jobs 2",
        "2x corpus",
        "pre-commit: check 3 files",
        "pre-commit: 3 files, no .py",
    ):
        assert row in out, row
    assert "targets:" in out
    assert "output identical across --jobs" in out
    assert (tmp_path / "corpus-1mb-300").is_dir()


def test_bench_precommit_mode_prints_both_ratios() -> None:
    proc = subprocess.run(
        [sys.executable, str(BENCH), "--precommit", "1"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    for line in ("pre-commit with .py <= 1.2x import floor", "pre-commit without .py <= 0.5x import floor"):
        assert line in proc.stdout, proc.stdout


def test_bench_real_mode_prints_rounds_profile_and_targets(tmp_path: Path) -> None:
    projects = BENCH.parent.parent / "fixtures" / "projects"
    real = tmp_path / "real"
    for name in ("demo-service", "pymysql-1.2.0"):
        shutil.copytree(projects / name, real / name)
    proc = subprocess.run(
        [sys.executable, str(BENCH), "--real", str(real), "--quick", "--no-double"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout
    for text in (
        "2 repositories (demo-service, pymysql-1.2.0)",
        "round 1 (wall/CPU s): floor",
        "wall x floor",
        "pass the prefilter",
        "slowest files",
        "default wall <= 2.0x floor",
        "default CPU <= 4.0x floor",
        "[PASS] output identical, default vs --jobs 1",
    ):
        assert text in out, text


def test_bench_large_mode_prints_the_figures_of_target_2(tmp_path: Path) -> None:
    unit = BENCH.parent.parent / "fixtures" / "projects" / "demo-service"
    proc = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--large",
            "4",
            "--large-unit",
            str(unit),
            "--large-dir",
            str(tmp_path),
            "--quick",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout
    for text in ("default wall <= --jobs 1 wall", "tree RSS <= 250 MB", "tree RSS independent of size"):
        assert text in out, text
    # The progress line is timed on a pseudo-terminal (today's bar shows only on
    # trees of 1,000 files or more, so a 28-file tree may show none).
    assert "first progress line on a terminal:" in out


def test_processes_prints_the_parent_and_each_worker(tmp_path: Path) -> None:
    """bench/processes.py on two projects of the fixtures: every part it prints."""
    fixtures = Path(__file__).resolve().parent.parent / "fixtures" / "rules"
    proc = subprocess.run(
        [sys.executable, str(BENCH.parent / "processes.py"), str(fixtures), "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout
    assert out.startswith("wall ") and "CPU: parent" in out
    assert "parent: walk" in out and "warm imports" in out and "report" in out
    assert out.count("worker ") >= 2 and "s in tasks" in out and "sift" in out
    assert "slowest: " in out and "last to end: " in out
