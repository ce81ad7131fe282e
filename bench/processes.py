"""Where a default ``connlint check`` spends CPU time, process by process.

``python bench/processes.py DIR [--jobs N]`` runs the command in this process
(the engine forks its workers from here, as the command does) and prints:

* the whole run: wall time, this process's CPU time (the parent: walk,
  start-up imports, the warm imports, handing tasks out, the run-level stage,
  the report) and that of the workers it reaped (``RUSAGE_CHILDREN``);
* the parent's parts: the walk, the warm imports (connlint.warm), the
  run-level stage and the report, each in CPU time;
* each worker: its tasks, their CPU time by kind (``sift`` is reading and
  prefiltering chunks of files), its CPU time outside tasks (fork, pipes,
  pickling), its cyclic garbage collection, and when its first and last
  task started and ended (an idle tail shows as one worker ending early);
* the slowest tasks, and the last ones to end.

Each worker writes one line per task to a file of its own (a worker may be
killed at the end of the run, so nothing is kept to write at exit).  The
figures are CPU time (``time.process_time``), not wall time: on a loaded
machine only CPU time compares between runs.
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

_START = time.monotonic()


def _timed(acc: dict[str, float], name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, adding the CPU time of each call to ``acc[name]``."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            acc[name] = acc.get(name, 0.0) + time.process_time() - start

    return wrapper


def _instrument(log_dir: str, parent: dict[str, float]) -> None:
    """Wrap the engine's worker function and the parent's stages (see the module docstring)."""
    from connlint import engine, pooled, reporters, warm
    from connlint.discover import Walker

    lint = pooled._worker_lint

    def worker_lint(settings: Any) -> Callable[[Any], Any]:
        work = lint(settings)
        collected = [0.0, 0.0]  # collector CPU time, start of the current pass

        def on_gc(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                collected[1] = time.process_time()
            else:
                collected[0] += time.process_time() - collected[1]

        def task(item: Any) -> Any:
            if on_gc not in gc.callbacks:
                gc.callbacks.append(on_gc)
            cpu, wall = time.process_time(), time.monotonic()
            result = work(item)
            spent = time.process_time() - cpu
            if isinstance(item, pooled._Sift):
                name, kind = f"<{len(item.sources)} files>", "sift"
            elif isinstance(item, pooled._Listing):
                name, kind = "<bundle names>", "listing"
            else:
                name, kind = item.source.display, item.source.kind
            now = time.monotonic() - _START
            row = [kind, name, spent, wall - _START, now, time.process_time(), collected[0], cpu]
            with open(os.path.join(log_dir, str(os.getpid())), "a") as fh:
                fh.write(json.dumps(row) + "\n")
            return result

        return task

    pooled._worker_lint = worker_lint
    warm.warm = _timed(parent, "warm imports", warm.warm)
    engine.run_level = _timed(parent, "run level", engine.run_level)  # type: ignore[attr-defined]
    for name, render in reporters.REPORTER_BY_NAME.items():
        reporters.REPORTER_BY_NAME[name] = _timed(parent, "report", render)
    walk = Walker.walk

    def timed_walk(self: Walker, paths: Any) -> Iterator[Any]:
        files = walk(self, paths)
        while True:
            start = time.process_time()
            try:
                found = next(files)
            except StopIteration:
                return
            finally:
                parent["walk"] = parent.get("walk", 0.0) + time.process_time() - start
            yield found

    Walker.walk = timed_walk  # type: ignore[method-assign]


def _workers(log_dir: str) -> dict[int, list[list[Any]]]:
    rows: dict[int, list[list[Any]]] = {}
    for name in os.listdir(log_dir):
        with open(os.path.join(log_dir, name)) as fh:
            rows[int(name)] = [json.loads(line) for line in fh]
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("dir", type=Path)
    ap.add_argument("--jobs", "-j", type=int, default=None)
    args = ap.parse_args(argv)
    parent: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="connlint-processes-") as log_dir:
        _instrument(log_dir, parent)
        from connlint.cli import main as cli_main

        command = ["check", "--isolated", "--no-progress", str(args.dir)]
        if args.jobs is not None:
            command += ["--jobs", str(args.jobs)]
        stdout, sys.stdout = sys.stdout, open(os.devnull, "w")  # noqa: SIM115 (restored below)
        try:
            cli_main(command)
        finally:
            sys.stdout.close()
            sys.stdout = stdout
        wall = time.monotonic() - _START
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        rows = _workers(log_dir)
    print(
        f"wall {wall:.2f} s; CPU: parent {own.ru_utime + own.ru_stime:.2f} s, "
        f"workers {children.ru_utime + children.ru_stime:.2f} s (system {children.ru_stime:.2f})"
    )
    print("parent: " + ", ".join(f"{k} {v:.3f}" for k, v in parent.items()))
    everything: list[list[Any]] = []
    for pid, tasks in sorted(rows.items()):
        everything += tasks
        by_kind: dict[str, float] = {}
        for kind, _, spent, *_ in tasks:
            by_kind[kind] = by_kind.get(kind, 0.0) + spent
        in_tasks = sum(by_kind.values())
        total, collected = tasks[-1][5], tasks[-1][6]
        before = tasks[0][7]  # the CPU time the worker used before its first task (fork, start-up)
        ranked = sorted(by_kind.items(), key=lambda kv: -kv[1])
        # Every kind the worker ran, however short (a first chunk of 200 small files
        # is read in under 5 ms: left out, the line said nothing of it).
        kinds = ", ".join(f"{k} {v:.2f}" for k, v in ranked)
        print(
            f"worker {pid}: {len(tasks)} tasks, {in_tasks:.2f} s in tasks, {total - in_tasks:.2f} s outside "
            f"({before:.2f} before the first), gc {collected:.2f}; "
            f"from {tasks[0][3]:.2f} to {tasks[-1][4]:.2f} s; {kinds}"
        )
    everything.sort(key=lambda row: -row[2])
    print("slowest: " + "; ".join(f"{Path(r[1]).name} {r[2]:.2f}" for r in everything[:6]))
    everything.sort(key=lambda row: -row[4])
    print(
        "last to end: "
        + "; ".join(f"{Path(r[1]).name} ({r[2]:.2f} s CPU) at {r[4]:.2f}" for r in everything[:4])
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
