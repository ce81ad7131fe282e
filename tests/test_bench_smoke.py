"""Smoke test of the benchmark: it runs end to end on a tiny corpus and prints
its table.  No timing assertions: timings belong to bench/bench.py's output.
"""

from __future__ import annotations

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
    ):
        assert row in out, row
    assert "targets:" in out
    assert "output identical across --jobs" in out
    assert (tmp_path / "corpus-1mb-300").is_dir()
