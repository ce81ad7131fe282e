"""Command line: argument parsing and exit codes, nothing else.

Exit codes: 0 nothing at or above the fail level; 1 findings at or above it;
2 a usage, configuration or internal error.

Only the standard library's argument parsing loads at import: ``--version``
and ``--help`` answer without the configuration, the model or the engine, and
each command imports what it uses.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from connlint import __version__

if TYPE_CHECKING:
    from connlint.config import Config
    from connlint.early import EarlyChild
    from connlint.engine import Report
    from connlint.progress import ProgressLine

FORMATS = ("concise", "full", "json", "sarif", "github")


def _terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``, without importing shutil (and with
    it bz2, lzma and fnmatch: a few milliseconds of a pre-commit run): the
    ``COLUMNS`` variable if positive, else the width of the terminal on
    standard output, else 80.
    """
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        size = os.get_terminal_size(sys.__stdout__.fileno())  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80
    return size.columns or 80


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter with the width it would take (see _terminal_columns).

    argparse makes one to check each argument it is given, and its own import
    of shutil for the width is most of that.
    """

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None
    ) -> None:
        if width is None:
            width = _terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


class _Parser(argparse.ArgumentParser):
    """argparse that exits with 2 and one line, as ruff does, and takes no
    abbreviated option (``--sel`` for ``--select`` would break silently the
    day another option starts the same way).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["allow_abbrev"] = False
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"connlint: error: {message}\n")


def _csv(value: str) -> list[str]:
    return [v.strip().upper() for v in value.split(",") if v.strip()]


def _positive_int(value: str) -> int:
    """``--jobs``: 0 or a negative count would be read as "the default" or fail later."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value!r}")
    return number


def _file_name(value: str) -> str:
    """``--stdin-filename``: an empty name would lint the tree instead of stdin."""
    if not value:
        raise argparse.ArgumentTypeError("expected a file name")
    return value


def _output_file(value: str) -> Path:
    """A file to write to, checked before the run rather than failing after it."""
    if not value:
        raise argparse.ArgumentTypeError("expected a file name")
    if os.path.isdir(value):
        raise argparse.ArgumentTypeError(f"is a directory: {value}")
    parent = os.path.dirname(value)
    if parent and not os.path.isdir(parent):
        raise argparse.ArgumentTypeError(f"no such directory: {parent}")
    return Path(value)


#: The subcommands, as ``build_parser`` declares them.
COMMANDS = ("check", "inventory", "plan", "explain", "rules", "rule")


class _NotBuilt:
    """Stands for the parser of a subcommand the command line does not run:
    neither it nor its arguments are made (argparse makes a help formatter to
    check each argument; the subcommands declare about 60, in 7 parsers).
    """

    def add_argument(self, *args: Any, **kwargs: Any) -> None:
        pass


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser of ``connlint``: every subcommand when ``command``
    is None, else ``command``'s alone (the usage line still names them all).
    """
    parser = _Parser(prog="connlint", description="Lint MySQL-family connection TLS settings.")
    parser.add_argument("--version", action="version", version=f"connlint {__version__}")
    # argparse's own name for the subcommands, which it makes from the ones declared.
    every = "{" + ",".join(COMMANDS) + "}" if command is not None else None
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar=every)

    def subcommand(name: str, **kwargs: Any) -> argparse.ArgumentParser | _NotBuilt:
        return sub.add_parser(name, **kwargs) if command in (None, name) else _NotBuilt()

    check = subcommand("check", help="lint files and directories (default: .)")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    check.add_argument(
        "--format",
        "--output-format",
        dest="format",
        choices=FORMATS,
        default=None,
        help="output format (default: concise)",
    )
    check.add_argument("--output", "-o", type=_output_file, help="write the report to FILE instead of stdout")
    check.add_argument(
        "--select", type=_csv, help="rule ids or prefixes to enable, comma-separated (ALL for all)"
    )
    check.add_argument("--ignore", type=_csv, default=[], help="rule ids or prefixes to disable")
    check.add_argument(
        "--extend-select", type=_csv, default=[], help="rules to enable on top of the selection"
    )
    check.add_argument("--exclude", action="append", default=None, help="gitignore-style pattern to skip")
    check.add_argument(
        "--extend-exclude", action="append", default=[], help="pattern to skip, on top of the config"
    )
    check.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply the excludes to paths named on the command line too (for pre-commit)",
    )
    check.add_argument("--fail-on", help="lowest level that fails the run: note, warning (default), error")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    check.add_argument("--baseline", type=Path, help="report only findings not in this JSON or SARIF output")
    check.add_argument(
        "--write-baseline", type=_output_file, help="write the current findings as a baseline to FILE"
    )
    check.add_argument(
        "--stdin-filename", type=_file_name, help="lint standard input as if it were this file"
    )
    check.add_argument(
        "--jobs", "-j", type=_positive_int, help="worker processes (default: CPU count for large scans)"
    )
    check.add_argument("--statistics", action="store_true", help="count findings per rule")
    check.add_argument(
        "--fix",
        action="store_true",
        help="apply the safe fixes (a key's case, a mode's spelling, a renamed option); never a mode change",
    )
    check.add_argument("--diff", action="store_true", help="show the fixes as a diff, write nothing")
    check.add_argument(
        "--quiet", "-q", action="store_true", help="print findings only, no summary or notices"
    )
    check.add_argument("--include-suppressed", action="store_true", help="also report suppressed findings")
    check.add_argument(
        "--report-unused-ignores",
        action="store_true",
        help="report ignore comments that do nothing (selects CL304)",
    )
    check.add_argument("--config", type=Path, help="use this configuration file")
    check.add_argument("--isolated", action="store_true", help="ignore all configuration files")
    check.add_argument(
        "--category",
        help="SARIF automationDetails.id (default: none, so upload-sarif's `category:` applies)",
    )
    check.add_argument(
        "--max-results",
        type=_positive_int,
        default=25_000,
        help="SARIF: at most this many results, the most severe kept (default and GitHub's limit: 25000)",
    )
    check.add_argument(
        "--no-progress",
        action="store_true",
        help="never show the progress line (files done, elapsed, files/s, ETA), shown on a terminal only",
    )
    check.add_argument(
        "--runbooks",
        action="store_true",
        help="also read code blocks of Markdown, reStructuredText and AsciiDoc documents",
    )
    check.add_argument(
        "--show-settings",
        action="store_true",
        help="print the settings that apply (configuration file, rules) and exit",
    )
    check.add_argument(
        "--show-files", action="store_true", help="print the files that would be linted and exit"
    )

    inventory = subcommand("inventory", help="one row per connection: mode, trust source, rotation impact")
    inventory.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    inventory.add_argument(
        "--format",
        "--output-format",
        dest="format",
        choices=("table", "json", "csv", "markdown"),
        default="table",
    )
    inventory.add_argument("--output", "-o", type=_output_file)
    inventory.add_argument("--exclude", action="append", default=None)
    inventory.add_argument("--extend-exclude", action="append", default=[])
    inventory.add_argument("--force-exclude", action="store_true")
    inventory.add_argument("--jobs", "-j", type=_positive_int)
    inventory.add_argument("--config", type=Path)
    inventory.add_argument("--isolated", action="store_true")
    inventory.add_argument("--runbooks", action="store_true", help="also read documentation code blocks")

    plan = subcommand(
        "plan",
        help="the CA rotation plan: per database, its clients and the verdict for a target CA",
    )
    plan.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="trees to scan (default: . unless --inventory)"
    )
    plan.add_argument(
        "--to",
        required=True,
        choices=("rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"),
        help="the CA the databases move to",
    )
    plan.add_argument(
        "--inventory",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="join an `inventory --format json` file of another repository (repeatable)",
    )
    plan.add_argument(
        "--format",
        "--output-format",
        dest="format",
        choices=("table", "markdown", "json", "csv"),
        default="table",
    )
    plan.add_argument("--output", "-o", type=_output_file)
    plan.add_argument(
        "--fail-on-blocked",
        action="store_true",
        help="exit 1 when a database is blocked (a CI gate for the rotation change)",
    )
    plan.add_argument("--exclude", action="append", default=None)
    plan.add_argument("--extend-exclude", action="append", default=[])
    plan.add_argument("--jobs", "-j", type=_positive_int)
    plan.add_argument("--config", type=Path)
    plan.add_argument("--isolated", action="store_true")

    explain = subcommand(
        "explain", help="the decision trail of a file's connections: what was seen, assumed and decided"
    )
    explain.add_argument("target", metavar="PATH[:LINE]")
    explain.add_argument("--config", type=Path)
    explain.add_argument("--isolated", action="store_true")
    explain.add_argument("--runbooks", action="store_true", help="read a documentation file's code blocks")

    subcommand("rules", help="list the rule catalog")
    rule = subcommand("rule", help="explain one rule")
    rule.add_argument("rule_id", metavar="ID")
    return parser


def _config(args: argparse.Namespace) -> Config:
    from dataclasses import replace

    from connlint.config import (
        Config,
        check_patterns,
        check_selectors,
        find_config,
        load_config,
        parse_level,
    )

    if args.isolated:
        config = Config()
    elif args.config is not None:
        config = load_config(args.config)
    else:
        start = args.paths[0] if args.paths else Path(".")
        found = find_config(Path(os.path.abspath(start)))
        config = load_config(found) if found else Config()
    changes: dict[str, object] = {}
    if getattr(args, "select", None) is not None:
        changes["select"] = check_selectors(args.select, "argument --select")
    if getattr(args, "ignore", None):
        changes["ignore"] = (*config.ignore, *check_selectors(args.ignore, "argument --ignore"))
    extend = check_selectors(getattr(args, "extend_select", None) or [], "argument --extend-select")
    if getattr(args, "report_unused_ignores", False):
        extend = (*extend, "CL304")  # the rule of suppressions that suppress nothing
    if extend:
        changes["extend_select"] = (*config.extend_select, *extend)
    if args.exclude is not None:
        changes["exclude"] = check_patterns(args.exclude, "argument --exclude")
    if args.extend_exclude:
        patterns = check_patterns(args.extend_exclude, "argument --extend-exclude")
        changes["extend_exclude"] = (*config.extend_exclude, *patterns)
    if getattr(args, "force_exclude", False):
        changes["force_exclude"] = True
    if getattr(args, "runbooks", False):
        changes["runbooks"] = True
    if getattr(args, "fail_on", None):
        changes["fail_on"] = parse_level(args.fail_on, "--fail-on")
    return replace(config, **changes)  # type: ignore[arg-type]


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        from connlint.reporters.output import write_file

        write_file(output, text)


def _color(output: Path | None) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return output is None and sys.stdout.isatty()


def _progress_bar(args: argparse.Namespace) -> ProgressLine | None:
    """A progress line on stderr, only for a person at a terminal: never in CI,
    pre-commit (which pipes output) or redirected output.
    """
    if args.no_progress or args.quiet or os.environ.get("CI") or os.environ.get("PRE_COMMIT"):
        return None
    if not sys.stderr.isatty():
        return None
    from connlint.progress import ProgressLine

    return ProgressLine(sys.stderr)


def _check(args: argparse.Namespace, early: EarlyChild | None = None) -> int:
    linting = args.stdin_filename is None and not (args.show_settings or args.show_files)
    bar = _progress_bar(args) if linting else None
    if bar is not None:
        bar(0, 0, False)  # at once: the imports and the configuration take a while
    try:
        return _check_with(args, early, bar)
    finally:
        if bar is not None:
            bar.finish()  # where an error ended the run


def _check_with(args: argparse.Namespace, early: EarlyChild | None, bar: ProgressLine | None) -> int:
    from connlint.engine import lint_stdin, run, worst_level
    from connlint.reporters import REPORTER_BY_NAME, RenderOptions
    from connlint.reporters.text import notification_line

    config = _config(args)
    if args.show_settings:
        sys.stdout.write(_settings_text(config))
        return 0
    if args.show_files:
        return _show_files(args, config)
    known = None
    if args.baseline is not None:  # read first: a bad baseline fails before a long run
        from connlint.baseline import load_baseline

        known = load_baseline(args.baseline)
    report: Report
    if args.stdin_filename is not None:
        report = lint_stdin(sys.stdin.buffer.read(), args.stdin_filename, config)
    else:
        paths = args.paths or [Path(".")]
        missing = [p for p in paths if not os.path.lexists(p)]
        if missing:
            if bar is not None:
                bar.finish()
            print(f"connlint: error: {missing[0]}: no such file or directory", file=sys.stderr)
            return 2
        report = run(paths, config, jobs=args.jobs, progress=bar, early=early)
        if bar is not None:
            bar.finish()  # before the report, which may go to the same terminal
    if known is not None:
        from connlint.baseline import filter_new

        report.findings = filter_new(report.findings, known)
    if args.fix or args.diff:
        if args.stdin_filename is not None:
            print("connlint: error: --fix and --diff need files, not standard input", file=sys.stderr)
            return 2
        fixed = _apply_fixes(report, args.diff, args.quiet)
        if args.diff:
            return 1 if fixed else 0
        if fixed:  # lint again: what is left, and what the fixed text now says
            report = run(args.paths or [Path(".")], config, jobs=args.jobs)
            if known is not None:
                report.findings = filter_new(report.findings, known)
    if args.write_baseline is not None:
        from connlint.baseline import write_baseline

        write_baseline(report, args.write_baseline)
        count = len([f for f in report.findings if f.suppressed is None])
        noun = "finding" if count == 1 else "findings"
        print(f"connlint: wrote a baseline of {count} {noun} to {args.write_baseline}", file=sys.stderr)
    fmt = args.format or "concise"
    options = RenderOptions(
        root=".",
        color=_color(args.output) and fmt in ("concise", "full"),
        include_suppressed=args.include_suppressed,
        statistics=args.statistics,
        category=args.category,
        max_results=args.max_results,
        quiet=args.quiet,
    )
    _write(REPORTER_BY_NAME[fmt](report, options), args.output)
    if not args.quiet:
        for n in report.notifications:
            print(notification_line(n), file=sys.stderr)
    if args.exit_zero or args.write_baseline is not None:  # writing a baseline accepts what it wrote
        return 0
    worst = worst_level(report.findings)
    failed = worst is not None and worst.rank >= config.fail_on.rank
    return 1 if failed else 0


def _apply_fixes(report: Report, diff_only: bool, quiet: bool) -> int:
    """Write the fixes of ``report``'s findings (with ``diff_only``, print them as a
    unified diff instead); the number of findings fixed.
    """
    from connlint import fixes

    changed = fixes.fix_files(report.findings)
    count = sum(len(c.fixed) for c in changed)
    if diff_only:
        sys.stdout.write("".join(fixes.diff(c) for c in changed))
    else:
        for c in changed:
            fixes.write(c)
    if not quiet:
        verb = "would fix" if diff_only else "fixed"
        noun = "finding" if count == 1 else "findings"
        files = f"{len(changed)} file{'' if len(changed) == 1 else 's'}"
        print(f"connlint: {verb} {count} {noun} in {files}", file=sys.stderr)
    return count


def _settings_text(config: Config) -> str:
    """``--show-settings``: what applies to this run, one ``key = value`` a line."""
    from connlint.catalog import select_rules

    selected = select_rules(config.select, config.ignore, config.extend_select)
    lines = [
        f"config = {config.source if config.source else '(none: defaults)'}",
        f"rules = {', '.join(sorted(selected))}",
        f"exclude = {list(config.exclude)}",
        f"extend-exclude = {list(config.extend_exclude)}",
        f"force-exclude = {str(config.force_exclude).lower()}",
        f"per-file-ignores = {dict(config.per_file_ignores)}",
        f"fail-on = {config.fail_on}",
        f"max-file-size = {config.max_file_size}",
        f"file-time-budget = {config.file_time_budget:g}",
    ]
    for driver, declared in sorted(config.assumptions.versions.items()):
        lines.append(f"version.{driver} = {declared.version}")
    if config.assumptions.mysql_client_family:
        lines.append(f"mysql-client-family = {config.assumptions.mysql_client_family}")
    return "\n".join(lines) + "\n"


def _show_files(args: argparse.Namespace, config: Config) -> int:
    """``--show-files``: the files the run would lint, with their kind, sorted."""
    from connlint.engine import walker_for

    paths = args.paths or [Path(".")]
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        print(f"connlint: error: {missing[0]}: no such file or directory", file=sys.stderr)
        return 2
    from connlint.reporters.escape import printable

    shown = sorted((source.display, source.kind) for source in walker_for(config).walk(paths))
    sys.stdout.write("".join(printable(f"{display}  ({kind})") + "\n" for display, kind in shown))
    return 0


def _inventory(args: argparse.Namespace) -> int:
    from connlint.engine import run
    from connlint.reporters.inventory import render_inventory
    from connlint.reporters.text import notification_line

    config = _config(args)
    paths = args.paths or [Path(".")]
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        print(f"connlint: error: {missing[0]}: no such file or directory", file=sys.stderr)
        return 2
    report = run(paths, config, jobs=args.jobs)
    _write(render_inventory(report, args.format), args.output)
    for n in report.notifications:
        print(notification_line(n), file=sys.stderr)
    return 0


def _plan(args: argparse.Namespace) -> int:
    import json

    from connlint.engine import run
    from connlint.plan import build_plan, read_inventory
    from connlint.reporters.inventory import document
    from connlint.reporters.plan import render_plan
    from connlint.reporters.text import notification_line
    from connlint.servers.rds import CAS

    inventories = []
    for path in args.inventory:
        try:
            doc = json.loads(path.read_bytes())
        except OSError as exc:
            print(f"connlint: error: {path}: cannot read: {exc.strerror or exc}", file=sys.stderr)
            return 2
        except ValueError as exc:
            print(f"connlint: error: {path}: not JSON: {exc}", file=sys.stderr)
            return 2
        if (
            not isinstance(doc, dict)
            or doc.get("schema") != 1
            or not isinstance(doc.get("connections"), list)
        ):
            print(f"connlint: error: {path}: not a connlint inventory (schema 1)", file=sys.stderr)
            return 2
        label = path.name.removesuffix(".json")
        inventories.append(read_inventory(label, doc))
    paths = args.paths or ([] if args.inventory else [Path(".")])
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        print(f"connlint: error: {missing[0]}: no such file or directory", file=sys.stderr)
        return 2
    if paths:
        config = _config(args)
        report = run(paths, config, jobs=args.jobs)
        inventories.insert(0, read_inventory("", document(report)))
        for n in report.notifications:
            print(notification_line(n), file=sys.stderr)
    plan = build_plan(inventories, CAS[args.to])
    _write(render_plan(plan, args.format), args.output)
    blocked = any(d.verdict == "blocked" for d in plan.databases)
    return 1 if blocked and args.fail_on_blocked else 0


def _explain(args: argparse.Namespace) -> int:
    from connlint.explain import ExplainError, explain, parse_target

    path, line = parse_target(args.target)
    args.paths = [path]
    args.exclude, args.extend_exclude = None, []
    try:
        sys.stdout.write(explain(path, line, _config(args)))
    except ExplainError as exc:
        print(f"connlint: error: {exc}", file=sys.stderr)
        return 2
    return 0


def _rules() -> int:
    from connlint.catalog import load_catalog

    for rule in load_catalog().values():
        enabled = "" if rule.enabled else "  (off by default)"
        print(f"{rule.id}  {rule.name:<30} {rule.level!s:<8} {rule.short}{enabled}")
    return 0


def _rule(rule_id: str) -> int:
    from connlint.catalog import load_catalog

    catalog = load_catalog()
    rule = catalog.get(rule_id.upper())
    if rule is None:
        print(f"connlint: error: unknown rule `{rule_id}` (see `connlint rules`)", file=sys.stderr)
        return 2
    print(f"# {rule.id} {rule.name}\n")
    print(f"Default level: {rule.level}. Since {rule.since}. Status: {rule.status}.\n")
    print(rule.help_markdown.strip())
    return 0


class _Terminated(BaseException):
    """SIGTERM (a cancelled CI job, ``timeout``): a BaseException, so that no
    ``except Exception`` on the way out can swallow it.
    """


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated


def main(argv: Sequence[str] | None = None, early: EarlyChild | None = None) -> int:
    """Run ``connlint`` with ``argv``; ``early`` is the child the entry point
    (``connlint.__main__``) forked to parse the named Python files, if any.

    SIGINT and SIGTERM stop the run at once: worker processes are killed on
    the way out (the engine's pool and the early child), nothing is written,
    and the exit code is 130 or 143 with one line on stderr.
    """
    import signal
    import threading

    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return _main(argv, early)
    except KeyboardInterrupt:
        print("connlint: interrupted", file=sys.stderr)
        return 130
    except _Terminated:
        print("connlint: terminated", file=sys.stderr)
        return 143
    finally:
        if early is not None:
            early.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _main(argv: Sequence[str] | None, early: EarlyChild | None) -> int:
    words = sys.argv[1:] if argv is None else argv
    # A subcommand is the first word (the top level has no other option than
    # --version and --help): only its arguments are declared.
    command = words[0] if words and words[0] in COMMANDS else None
    args = build_parser(command).parse_args(argv)  # --version and --help end here
    if argv is None:  # the command itself, not a call from Python (see connlint.dataclass_code)
        from connlint import dataclass_code

        dataclass_code.install()
    from connlint.config import ConfigError

    if args.command != "check":  # the start-up is over (see connlint.gc_pause)
        from connlint import gc_pause

        gc_pause.resume()
    try:
        if args.command == "check":
            return _check(args, early)
        if args.command == "inventory":
            return _inventory(args)
        if args.command == "plan":
            return _plan(args)
        if args.command == "explain":
            return _explain(args)
        if args.command == "rules":
            return _rules()
        return _rule(args.rule_id)
    except ConfigError as exc:
        print(f"connlint: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except Exception as exc:  # exit 2 with one line; CONNLINT_DEBUG=1 shows the traceback
        if os.environ.get("CONNLINT_DEBUG"):
            raise
        print(f"connlint: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
