"""Real-code mode of the benchmark: ``bench.py --real DIR``.

DIR holds checkouts of public repositories (see bench/README.md and
bench/fetch-real.sh).  Each round runs the floor and connlint one after the
other, so a change of the machine's load between rounds moves both; the
ratios are taken round by round and their medians printed, for wall time and
for CPU time (connlint's CPU counts its worker processes: ``wait4`` returns
the usage of the process and of every child it waited for).

A separate, single-process pass (:func:`profile_tree`, run in a child with
connlint's own walk, prefilter and lint functions) gives the per-kind file
counts, the prefilter pass rate, the lint time by kind and the slowest files.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

#: Target 1 of issue 15: a full scan of real code against the floor.
WALL_TARGET = 2.0
CPU_TARGET = 4.0
#: Target 3: the doubled corpus against the 1x corpus, wall time.
LINEAR_TARGET = 2.1


@dataclass
class Round:
    """One round's figures: seconds by case, wall and CPU."""

    wall: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    rss_kb: dict[str, int] = field(default_factory=dict)
    tree_kb: dict[str, int] = field(default_factory=dict)


def link_tree(src: Path, dst: Path) -> None:
    """A copy of ``src`` at ``dst`` made of hard links (a copy where linking fails)."""

    def link(a: str, b: str) -> object:
        try:
            os.link(a, b)
        except OSError:
            shutil.copy2(a, b)
        return b

    shutil.copytree(src, dst, symlinks=True, copy_function=link)


def ensure_double(root: Path, where: Path) -> Path:
    """``where``/a and ``where``/b: two linked copies of ``root`` (made once, kept)."""
    marker = where / ".bench-double.json"
    stamp = {"root": str(root), "mtime": root.stat().st_mtime_ns}
    if marker.exists() and json.loads(marker.read_text()) == stamp:
        return where
    if where.exists():
        shutil.rmtree(where)
    where.mkdir(parents=True)
    for half in ("a", "b"):
        link_tree(root, where / half)
    marker.write_text(json.dumps(stamp))
    return where


# -- the profile pass (runs in a child: python bench/realcode.py --profile DIR) ------------


def profile_tree(root: Path, top: int = 12, cprofile: int = 0) -> dict[str, Any]:
    """Walk, prefilter and lint ``root`` in this process, one file at a time.

    Times are CPU seconds of this process (``time.process_time``), which a busy
    machine moves less than wall time.
    """
    from connlint import engine
    from connlint.config import Config
    from connlint.discover import Walker

    settings = engine.settings_from_config(Config())
    scope = engine._scope(settings)
    kinds: dict[str, dict[str, float]] = {}
    slow: list[tuple[float, str, str, int]] = []
    findings = 0
    clock = time.process_time
    profiler = None
    if cprofile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    start = clock()
    walk_read = 0.0
    mark = clock()
    for source in Walker(None).walk([root]):
        k = kinds.setdefault(
            source.kind,
            {"files": 0, "bytes": 0, "passed": 0, "passed_bytes": 0, "lint_s": 0.0, "findings": 0},
        )
        data = engine.read_wanted(source, settings)
        now = clock()
        walk_read += now - mark
        k["files"] += 1
        if isinstance(data, engine.FileResult):
            mark = clock()
            continue
        k["bytes"] += len(data)
        k["passed"] += 1
        k["passed_bytes"] += len(data)
        result = engine.lint_data(source, data, settings, scope)
        mark = clock()
        seconds = mark - now
        k["lint_s"] += seconds
        k["findings"] += len(result.findings)
        findings += len(result.findings)
        slow.append((seconds, source.display, source.kind, len(data)))
    total = clock() - start
    out: dict[str, Any] = {
        "kinds": kinds,
        "slowest": sorted(slow, reverse=True)[:top],
        "total_cpu_s": total,
        "walk_read_prefilter_cpu_s": walk_read,
        "findings": findings,
    }
    if profiler is not None:
        import io
        import pstats

        profiler.disable()
        buf = io.StringIO()
        pstats.Stats(profiler, stream=buf).sort_stats("tottime").print_stats(cprofile)
        out["cprofile"] = buf.getvalue()
    return out


def run_profile(root: Path, cprofile: int = 0) -> dict[str, Any]:
    """:func:`profile_tree` in a child process (connlint as the measured runs import it)."""
    cmd = [sys.executable, str(Path(__file__)), "--profile", str(root), "--cprofile", str(cprofile)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        return {"error": proc.stderr[-2000:]}
    parsed: dict[str, Any] = json.loads(proc.stdout)
    return parsed


def print_profile(prof: dict[str, Any]) -> None:
    if "error" in prof:
        print(f"profile pass failed:\n{prof['error']}")
        return
    kinds: dict[str, dict[str, float]] = prof["kinds"]
    files = sum(int(k["files"]) for k in kinds.values())
    passed = sum(int(k["passed"]) for k in kinds.values())
    pbytes = sum(int(k["passed_bytes"]) for k in kinds.values())
    lint = sum(k["lint_s"] for k in kinds.values()) or 1e-9
    print()
    print(
        f"profile pass (one process, CPU s): {files} files classified, {passed} pass the prefilter"
        f" ({100 * passed / max(files, 1):.1f} %, {pbytes / 1e6:.1f} MB);"
        f" walk+read+prefilter {prof['walk_read_prefilter_cpu_s']:.2f} s, lint {lint:.2f} s,"
        f" total {prof['total_cpu_s']:.2f} s, {prof['findings']} findings"
    )
    head = f"  {'kind':<14} {'files':>7} {'passed':>7} {'pass %':>7} {'MB passed':>10}"
    head += f" {'lint s':>8} {'% lint':>7}"
    print(head)
    for name, k in sorted(kinds.items(), key=lambda kv: -kv[1]["lint_s"]):
        rate = 100 * k["passed"] / max(k["files"], 1)
        print(
            f"  {name:<14} {int(k['files']):>7} {int(k['passed']):>7} {rate:>7.1f}"
            f" {k['passed_bytes'] / 1e6:>10.2f} {k['lint_s']:>8.2f} {100 * k['lint_s'] / lint:>7.1f}"
        )
    print("  slowest files (lint CPU s, kind, KB):")
    for seconds, display, kind, size in prof["slowest"]:
        print(f"    {seconds:7.3f}  {kind:<10} {size / 1024:>8.0f}  {display}")
    if prof.get("cprofile"):
        print(prof["cprofile"])


# -- the timed rounds ---------------------------------------------------------------------


def _med(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def real_main(
    root: Path,
    repeat: int,
    double: bool,
    double_dir: Path | None,
    cprofile: int,
    floor_scan: Callable[[Path], tuple[int, int, int]],
    run_cmd: Callable[..., Any],
    connlint_cmd: Callable[..., list[str]],
) -> int:
    """The real-code benchmark over ``root``; prints rounds, medians, targets."""
    root = root.resolve()
    repos = sorted(p.name for p in root.iterdir() if p.is_dir())
    floor_scan(root)  # page cache
    files, nbytes, hits = floor_scan(root)
    print(
        f"real code {root}: {len(repos)} repositories ({', '.join(repos)}); floor reads {files} files,"
        f" {nbytes / 1e6:.1f} MB, {hits} trigger hits;"
        f" python {sys.version.split()[0]}, {os.cpu_count()} CPUs",
        flush=True,
    )
    x2 = None
    if double:
        x2 = ensure_double(root, double_dir or root.parent / f".{root.name}-x2")
    cases = [("default", None, root), ("--jobs 1", 1, root)]
    if x2 is not None:
        cases.append(("default, 2x", None, x2))
    rounds: list[Round] = []
    with tempfile.TemporaryDirectory(prefix="connlint-real-") as tmpname:
        tmp = Path(tmpname)
        outputs = {label: tmp / f"out-{i}.json" for i, (label, _, _) in enumerate(cases)}
        # Warm-up: bytecode, page cache of the 2x links.
        for label, jobs, where in cases:
            run_cmd(connlint_cmd([where], outputs[label], jobs))
        for i in range(repeat):
            rnd = Round()
            s, c = time.perf_counter(), time.process_time()
            floor_scan(root)
            rnd.wall["floor"], rnd.cpu["floor"] = time.perf_counter() - s, time.process_time() - c
            for label, jobs, where in cases:
                r = run_cmd(connlint_cmd([where], outputs[label], jobs))
                if r.returncode != 0:
                    sys.stderr.write(f"bench: {label}: exit {r.returncode}\n{r.stderr[-2000:]}\n")
                rnd.wall[label], rnd.cpu[label] = r.seconds, r.cpu_seconds
                rnd.rss_kb[label], rnd.tree_kb[label] = r.max_rss_kb, r.tree_rss_kb
            rounds.append(rnd)
            if True:  # every round: the spread is part of the figure
                parts = [f"floor {rnd.wall['floor']:.2f}/{rnd.cpu['floor']:.2f}"] + [
                    f"{label} {rnd.wall[label]:.2f}/{rnd.cpu[label]:.2f}"
                    f" ({rnd.wall[label] / rnd.wall['floor']:.2f}x/{rnd.cpu[label] / rnd.cpu['floor']:.2f}x)"
                    for label, _, _ in cases
                ]
                print(f"  round {i + 1} (wall/CPU s): " + ", ".join(parts), flush=True)
        same = outputs["default"].read_bytes() == outputs["--jobs 1"].read_bytes()
        summary = json.loads(outputs["default"].read_text()).get("summary", {})

    print()
    head = f"{'case':<22} {'wall s':>8} {'CPU s':>8} {'wall x floor':>13} {'CPU x floor':>12}"
    head += f" {'files/s':>9} {'RSS MB':>7} {'tree RSS':>9}"
    print(head)
    print("-" * len(head))
    fw, fc = _med([r.wall["floor"] for r in rounds]), _med([r.cpu["floor"] for r in rounds])
    print(f"{'floor (1 process)':<22} {fw:>8.2f} {fc:>8.2f} {1.0:>13.2f} {1.0:>12.2f} {files / fw:>9,.0f}")
    ratios: dict[str, tuple[float, float]] = {}
    for label, _, _ in cases:
        w = _med([r.wall[label] for r in rounds])
        c = _med([r.cpu[label] for r in rounds])
        rw = _med([r.wall[label] / r.wall["floor"] for r in rounds])
        rc = _med([r.cpu[label] / r.cpu["floor"] for r in rounds])
        ratios[label] = (rw, rc)
        n = files * (2 if label.endswith("2x") else 1)
        rss = max(r.rss_kb[label] for r in rounds) / 1024
        tree = max(r.tree_kb[label] for r in rounds) / 1024
        print(
            f"{label:<22} {w:>8.2f} {c:>8.2f} {rw:>13.2f} {rc:>12.2f} {n / w:>9,.0f} {rss:>7.0f} {tree:>9.0f}"
        )
    print()
    print(
        f"(medians of {repeat} rounds; 'x floor' is the median of each round's ratio, not the ratio of"
        " medians. RSS: largest process; tree RSS: peak of the sum over the process tree.)"
    )
    if summary:
        print(f"connlint summary (default run): {json.dumps(summary, sort_keys=True)}")
    linear = None
    if x2 is not None:
        linear = _med([r.wall["default, 2x"] / r.wall["default"] for r in rounds])
        linear_cpu = _med([r.cpu["default, 2x"] / r.cpu["default"] for r in rounds])
        print(f"2x corpus / 1x corpus (median of paired rounds): wall {linear:.2f}x, CPU {linear_cpu:.2f}x")
    print_profile(run_profile(root, cprofile))
    rw, rc = ratios["default"]
    targets = [
        (f"default wall <= {WALL_TARGET}x floor", rw <= WALL_TARGET, f"{rw:.2f}x"),
        (f"default CPU <= {CPU_TARGET}x floor", rc <= CPU_TARGET, f"{rc:.2f}x"),
    ]
    if linear is not None:
        targets.append((f"2x corpus <= {LINEAR_TARGET}x wall", linear <= LINEAR_TARGET, f"{linear:.2f}x"))
    targets.append(("output identical, default vs --jobs 1", same, ""))
    print()
    print("targets:")
    for name, ok, detail in targets:
        print(f"  [{'PASS' if ok else 'FAIL'}] {name:<40} {detail}")
    return 0


def _profile_cli(argv: Sequence[str]) -> int:
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--profile", type=Path, required=True)
    ap.add_argument("--cprofile", type=int, default=0)
    args = ap.parse_args(argv)
    print(json.dumps(profile_tree(args.profile, cprofile=args.cprofile)))
    return 0


if __name__ == "__main__":
    raise SystemExit(_profile_cli(sys.argv[1:]))
