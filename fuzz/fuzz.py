"""Coverage-guided fuzzing of every front-end and parser with atheris (issue 8).

Targets: ``frontend:<kind>`` for every kind in FRONTEND_BY_KIND (the front-end,
then the resolver of each candidate it yields, so a crash in either surfaces),
``jdbc_url`` (parse, format, parse again: must be stable) and ``mysql_cli``
(argv parse and resolve).  A target fails on any exception, on a hang past
``-timeout`` and on a native crash (libFuzzer's deadly signal).

    python fuzz/fuzz.py --list
    python fuzz/fuzz.py frontend:java -atheris_runs=100000 [libFuzzer flags ...]
    python fuzz/fuzz.py --all --runs 100000 [--targets a,b]   # each target in its own process
    python fuzz/fuzz.py                         # make fuzz: --all with 10,000 runs each

See fuzz/README.md for installation (atheris is not a project dependency).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))  # strategies: TOKENS, PATH_BY_KIND


def targets() -> list[str]:
    from connlint.frontends import FRONTEND_BY_KIND

    kinds = sorted(FRONTEND_BY_KIND)
    return [f"frontend:{k}" for k in kinds] + [f"pipeline:{k}" for k in kinds] + ["jdbc_url", "mysql_cli"]


def _text(fdp: object, tokens: tuple[str, ...]) -> str:
    """Half the inputs raw text, half a sequence of syntax tokens and raw pieces,
    one in eight of those after a line of strategies.HOSTILE (a shape that once
    took super-linear time), up to 5,000 units long, and one in eight after a
    statement of strategies.PYTHON_HOSTILE (a shape that crashed or hung libcst)
    up to twice its dangerous size.
    """
    from strategies import HOSTILE, PYTHON_HOSTILE, hostile_line, python_hostile

    if fdp.ConsumeBool():  # type: ignore[attr-defined]
        return str(fdp.ConsumeUnicode(fdp.remaining_bytes()))  # type: ignore[attr-defined]
    parts = []
    if fdp.ConsumeIntInRange(0, 7) == 0:  # type: ignore[attr-defined]
        shape = HOSTILE[fdp.ConsumeIntInRange(0, len(HOSTILE) - 1)]  # type: ignore[attr-defined]
        parts.append(hostile_line(shape, fdp.ConsumeIntInRange(1, 5000)))  # type: ignore[attr-defined]
    if fdp.ConsumeIntInRange(0, 7) == 0:  # type: ignore[attr-defined]
        py = PYTHON_HOSTILE[fdp.ConsumeIntInRange(0, len(PYTHON_HOSTILE) - 1)]  # type: ignore[attr-defined]
        parts.append(python_hostile(py, fdp.ConsumeIntInRange(1, 2 * py[-1])))  # type: ignore[attr-defined]
    while fdp.remaining_bytes() > 0 and len(parts) < 400:  # type: ignore[attr-defined]
        if fdp.ConsumeBool():  # type: ignore[attr-defined]
            parts.append(tokens[fdp.ConsumeIntInRange(0, len(tokens) - 1)])  # type: ignore[attr-defined]
        else:
            parts.append(fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 6)))  # type: ignore[attr-defined]
    return "".join(parts)


def run_target(name: str, argv: list[str]) -> None:
    """Run one target under atheris (does not return)."""
    import atheris

    # A bug the engine's guards would turn into an "internal error" notification
    # is raised instead, so libFuzzer sees it (connlint.guard).
    os.environ["CONNLINT_STRICT"] = "1"

    with atheris.instrument_imports():
        from connlint.clients import RESOLVER_BY_CLIENT
        from connlint.clients.jdbc_url import format_jdbc_url, parse_jdbc_url
        from connlint.clients.mysql_cli import parse_argv
        from connlint.frontends import FRONTEND_BY_KIND
        from connlint.model import Assumptions, Candidate, Client, Span
    from strategies import PATH_BY_KIND, TOKENS

    assumptions = Assumptions()

    if name.startswith("frontend:"):
        kind = name.split(":", 1)[1]
        with atheris.instrument_imports():
            frontend = FRONTEND_BY_KIND[kind]()
        path = PATH_BY_KIND.get(kind, f"file.{kind}")

        def one(data: bytes) -> None:
            text = _text(atheris.FuzzedDataProvider(data), TOKENS)
            extraction = frontend.extract(path, text)
            for candidate in extraction.candidates:
                RESOLVER_BY_CLIENT[candidate.client]().resolve(candidate, assumptions)

    elif name.startswith("pipeline:"):
        # The whole per-file pipeline as the engine runs it: front-end, resolvers,
        # checks, snippets (redaction) and suppressions, inside the file budget.
        kind = name.split(":", 1)[1]
        with atheris.instrument_imports():
            from connlint.catalog import load_catalog
            from connlint.engine import RunSettings, lint_source
        path = PATH_BY_KIND.get(kind, f"file.{kind}")
        settings = RunSettings(selected=frozenset(load_catalog()), file_time_budget=10)

        def one(data: bytes) -> None:
            text = _text(atheris.FuzzedDataProvider(data), TOKENS)
            result = lint_source(path, kind, text, settings)
            timed_out = [n for n in result.notifications if "took longer" in n.message]
            assert not timed_out, (len(text), timed_out)

    elif name == "jdbc_url":
        schemes = [t for t in TOKENS if "://" in t or t.endswith(":")]

        def one(data: bytes) -> None:
            fdp = atheris.FuzzedDataProvider(data)
            prefix = schemes[fdp.ConsumeIntInRange(0, len(schemes) - 1)] if fdp.ConsumeBool() else ""
            text = prefix + _text(fdp, TOKENS)
            url = parse_jdbc_url(Span.at(text, "f", 1, 1))
            if url is None:
                return
            url.redacted_text()
            formatted = format_jdbc_url(url)
            again = parse_jdbc_url(Span.at(formatted, "f", 1, 1))
            assert again is not None, (text, formatted)
            assert format_jdbc_url(again) == formatted, (text, formatted, format_jdbc_url(again))

    elif name == "mysql_cli":
        from strategies import PROGRAMS

        words = [t.strip() for t in TOKENS if t.strip()] + ["--ssl-mode=DISABLED", "-pX", "--ssl-ca=a.pem"]

        def one(data: bytes) -> None:
            fdp = atheris.FuzzedDataProvider(data)
            argv = [PROGRAMS[fdp.ConsumeIntInRange(0, len(PROGRAMS) - 1)]]
            while fdp.remaining_bytes() > 0 and len(argv) < 40:
                if fdp.ConsumeBool():
                    argv.append(words[fdp.ConsumeIntInRange(0, len(words) - 1)])
                else:
                    argv.append(fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 12)))
            spans = tuple(Span.at(a, "x.sh", 1, 1 + i) for i, a in enumerate(argv))
            parse_argv(spans[1:])
            family = (
                (None, "mysql", "mariadb")[fdp.ConsumeIntInRange(0, 2)] if fdp.remaining_bytes() else None
            )
            candidate = Candidate(Client.MYSQL_CLI, spans[0].locate(), argv=spans)
            RESOLVER_BY_CLIENT[Client.MYSQL_CLI]().resolve(candidate, Assumptions(mysql_client_family=family))

    else:
        raise SystemExit(f"unknown target {name!r}; see --list")

    atheris.Setup([sys.argv[0], *argv], one)
    atheris.Fuzz()


def run_all(runs: int, extra: list[str], only: list[str] | None = None) -> int:
    """Each target in its own process; print a summary table; 1 if any crashed."""
    corpus_root = HERE / "corpus"
    failed = 0
    for name in only or targets():
        corpus = corpus_root / name.replace(":", "-")
        corpus.mkdir(parents=True, exist_ok=True)
        log = HERE / f"log-{name.replace(':', '-')}.txt"
        start = time.monotonic()
        with log.open("w") as fh:
            rc = subprocess.call(
                [
                    sys.executable,
                    __file__,
                    name,
                    f"-atheris_runs={runs}",
                    "-max_len=4096",
                    "-timeout=20",
                    "-rss_limit_mb=4096",
                    f"-artifact_prefix={HERE}/crash-{name.replace(':', '-')}-",
                    *extra,
                    str(corpus),
                ],
                stdout=fh,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONHASHSEED": "0"},
            )
        elapsed = time.monotonic() - start
        done = _runs_done(log)
        failed |= rc != 0
        status = "ok" if rc == 0 else f"CRASH (exit {rc}), see {log}"
        print(f"{name:24} {done:>9} inputs  {status}  {elapsed:7.1f} s")
        sys.stdout.flush()
    return 1 if failed else 0


def _runs_done(log: Path) -> int:
    """The last ``#N`` count libFuzzer printed (its "Done N runs" line if there is one)."""
    done = 0
    for line in log.read_text(errors="replace").splitlines():
        if line.startswith("Done ") and line.split()[1].isdigit():
            return int(line.split()[1])
        if line.startswith("#") and line[1:].split("\t", 1)[0].split(" ", 1)[0].isdigit():
            done = int(line[1:].split()[0])
    return done


def main(argv: list[str]) -> int:
    if argv[:1] == ["--list"]:
        print("\n".join(targets()))
        return 0
    if not argv or argv[0] == "--all":
        rest = argv[1:]
        runs, only = 10_000, None
        while rest[:1] in (["--runs"], ["--targets"]):
            if rest[0] == "--runs":
                runs = int(rest[1])
            else:
                only = rest[1].split(",")
            rest = rest[2:]
        return run_all(runs, rest, only)
    run_target(argv[0], argv[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
