"""Large-tree mode of the benchmark: ``bench.py --large N``.

A monorepo-sized tree is made of N hard-linked copies of a unit directory (by
default a small corpus of the synthetic generator: 1,000 files, 1 MB, about
1 % with settings, plus folders to prune), so it costs N x the unit's
directory entries on disk and nothing more in the page cache.  The
figures are those of target 2 of issue 15: the default (parallel) run against
``--jobs 1``, the peak RSS of the whole process tree at two sizes (N and N/2:
it must not grow with the tree), and how soon the first progress line shows on
a terminal (a pseudo-terminal here).
"""

from __future__ import annotations

import contextlib
import json
import os
import pty
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from realcode import link_tree

HERE = Path(__file__).resolve().parent
#: Target 2 of issue 15.
RSS_TARGET_MB = 250
FIRST_PROGRESS_TARGET_S = 1.0


def ensure_tree(root: Path, unit: Path, copies: int) -> int:
    """``root``/NNNNN/...: ``copies`` linked copies of ``unit`` (made once, kept); the file count."""
    marker = root / ".bench-large.json"
    stamp = {"unit": str(unit.resolve()), "copies": copies, "mtime": unit.stat().st_mtime_ns}
    if marker.exists():
        meta = json.loads(marker.read_text())
        if meta.get("stamp") == stamp:
            return int(meta["files"])
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    for i in range(copies):
        link_tree(unit, root / f"{i:05d}")
    files = sum(len(names) for _, _, names in os.walk(root))
    marker.write_text(json.dumps({"stamp": stamp, "files": files}))
    return files


def first_progress(cmd: Sequence[str], env: dict[str, str], limit: float) -> tuple[float | None, str, float]:
    """Run ``cmd`` with stderr on a pseudo-terminal: seconds to its first output
    there (None: none), its last progress line, and the whole run's seconds
    (the run is stopped after ``limit`` seconds).
    """
    master, slave = pty.openpty()
    env = {k: v for k, v in env.items() if k not in ("CI", "PRE_COMMIT")}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    first: float | None = None
    tail = b""
    try:
        while time.perf_counter() - start < limit:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                if first is None:
                    first = time.perf_counter() - start
                tail = (tail + chunk)[-400:]
            elif proc.poll() is not None:
                break
    finally:
        if proc.poll() is None:
            # SIGTERM: a bench started in the background (SIGINT ignored) hands that on
            proc.send_signal(signal.SIGTERM)
        proc.wait()
        os.close(master)
    lines = [ln for ln in tail.replace(b"\r", b"\n").decode(errors="replace").split("\n") if ln.strip()]
    return first, (lines[-1] if lines else ""), time.perf_counter() - start


def _read_all(*trees: Path) -> float:
    """Read every file of ``trees`` (not a measured run); the seconds it took."""
    t0 = time.perf_counter()
    for tree in trees:
        for folder, _, names in os.walk(tree):
            for name in names:
                with contextlib.suppress(OSError), open(os.path.join(folder, name), "rb") as fh:
                    while fh.read(1 << 20):
                        pass
    return time.perf_counter() - t0


def large_main(
    copies: int,
    unit: Path | None,
    repeat: int,
    where: Path | None,
    run_cmd: Callable[..., Any],
    connlint_cmd: Callable[..., list[str]],
    child_env: Callable[[], dict[str, str]],
    make_unit: Callable[[Path], Path],
) -> int:
    """The large-tree benchmark; prints rounds, medians, targets."""
    base = where or Path(tempfile.gettempdir()) / "connlint-bench-large"
    if unit is None:
        unit = make_unit(base / "unit")
    half = max(1, copies // 2)
    t0 = time.perf_counter()
    big = ensure_tree(base / f"x{copies}", unit, copies)
    small = ensure_tree(base / f"x{half}", unit, half)
    print(
        f"large tree: {copies} copies of {unit} = {big} files ({base / f'x{copies}'});"
        f" half: {half} copies = {small} files; ready in {time.perf_counter() - t0:.1f} s;"
        f" {os.cpu_count()} CPUs",
        flush=True,
    )
    # The first run over a tree that is not in the page cache pays for the disk:
    # default 39.6 s cold against 19.6 s warm on 220,220 files, which made the
    # first case of round 1 lose to --jobs 1 with one round.
    warmed = _read_all(base / f"x{copies}", base / f"x{half}")
    print(f"page cache: both trees read once in {warmed:.1f} s", flush=True)
    cases = [
        ("default", None, base / f"x{copies}", big),
        ("--jobs 1", 1, base / f"x{copies}", big),
        ("default, half tree", None, base / f"x{half}", small),
    ]
    runs: dict[str, list[Any]] = {label: [] for label, *_ in cases}
    with tempfile.TemporaryDirectory(prefix="connlint-large-") as tmpname:
        tmp = Path(tmpname)
        for i in range(repeat):
            for label, jobs, tree, _ in cases:
                r = run_cmd(connlint_cmd([tree], tmp / "out.json", jobs))
                if r.returncode != 0:
                    sys.stderr.write(f"bench: {label}: exit {r.returncode}\n{r.stderr[-2000:]}\n")
                runs[label].append(r)
                print(
                    f"  round {i + 1} {label}: {r.seconds:.1f} s, CPU {r.cpu_seconds:.1f} s,"
                    f" RSS {r.max_rss_kb / 1024:.0f} MB, tree {r.tree_rss_kb / 1024:.0f} MB",
                    flush=True,
                )
        # The progress line: the default run on a terminal, stopped after a few seconds.
        cmd = connlint_cmd([base / f"x{copies}"], tmp / "out-tty.json")
        cmd.remove("--no-progress")
        first, line, _ = first_progress(cmd, child_env(), limit=8.0)
    print()
    head = (
        f"{'case':<22} {'files':>8} {'wall s':>8} {'CPU s':>8} {'files/s':>9} {'RSS MB':>7} {'tree RSS':>9}"
    )
    print(head)
    print("-" * len(head))
    med: dict[str, float] = {}
    tree_peak: dict[str, float] = {}
    for label, _, _, n in cases:
        rs = runs[label]
        w = statistics.median(r.seconds for r in rs)
        c = statistics.median(r.cpu_seconds for r in rs)
        med[label] = w
        tree_peak[label] = max(r.tree_rss_kb for r in rs) / 1024
        rss = max(r.max_rss_kb for r in rs) / 1024
        print(f"{label:<22} {n:>8} {w:>8.1f} {c:>8.1f} {n / w:>9,.0f} {rss:>7.0f} {tree_peak[label]:>9.0f}")
    paired = statistics.median(
        d.seconds / j.seconds for d, j in zip(runs["default"], runs["--jobs 1"], strict=True)
    )
    print()
    print(f"(medians of {repeat} rounds; tree RSS: peak of the sum over the process tree)")
    shown = "none" if first is None else f"{first:.2f} s"
    print(f"first progress line on a terminal: {shown}; last line seen: {line!r}")
    grow = tree_peak["default"] / max(tree_peak["default, half tree"], 1e-9)
    targets = [
        ("default wall <= --jobs 1 wall", paired <= 1.0, f"{paired:.2f}x (median of paired rounds)"),
        (
            f"tree RSS <= {RSS_TARGET_MB} MB",
            max(tree_peak.values()) <= RSS_TARGET_MB,
            f"{max(tree_peak.values()):.0f} MB",
        ),
        (
            "tree RSS independent of size",
            grow <= 1.15,
            f"{tree_peak['default']:.0f} MB at {big} files, {tree_peak['default, half tree']:.0f} MB"
            f" at {small} ({grow:.2f}x)",
        ),
        (
            f"first progress <= {FIRST_PROGRESS_TARGET_S:g} s",
            first is not None and first <= FIRST_PROGRESS_TARGET_S,
            shown,
        ),
    ]
    print()
    print("targets:")
    for name, ok, detail in targets:
        print(f"  [{'PASS' if ok else 'FAIL'}] {name:<34} {detail}")
    return 0
