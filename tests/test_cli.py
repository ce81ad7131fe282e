"""The real command line, run as a subprocess: exit codes, formats, options."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BAD = "spring.datasource.url=jdbc:mysql://db.example.com:3306/app?sslMode=DISABLED\n"
GOOD = "spring.datasource.url=jdbc:mysql://db.example.com:3306/app?sslMode=VERIFY_IDENTITY\n"


def connlint(*args: str, cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-m", "connlint", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        timeout=120,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "application.properties").write_text(BAD)
    return tmp_path


def test_findings_exit_1_and_concise_text(repo: Path) -> None:
    r = connlint("check", ".", cwd=repo)
    assert r.returncode == 1, r.stderr
    assert r.stdout.startswith("src/application.properties:1:")
    assert " CL201 " in r.stdout


def test_clean_exit_0(repo: Path) -> None:
    (repo / "src" / "application.properties").write_text(GOOD)
    r = connlint("check", "src", "--ignore", "CL1", cwd=repo)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "All checks passed!" in r.stdout


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("--exit-zero",), 0),
        (("--fail-on", "error"), 1),
        (("--ignore", "CL201"), 0),
        (("--select", "CL1"), 0),
        (("--select", "CL2"), 1),
    ],
)
def test_exit_code_options(repo: Path, args: tuple[str, ...], code: int) -> None:
    assert connlint("check", ".", *args, cwd=repo).returncode == code


def test_usage_errors_exit_2(repo: Path) -> None:
    missing = connlint("check", "no/such/dir", cwd=repo)
    assert missing.returncode == 2
    assert missing.stderr.count("\n") == 1 and "no/such/dir" in missing.stderr
    bad = connlint("check", "--no-such-option", cwd=repo)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
    assert connlint("check", "--fail-on", "fatal", cwd=repo).returncode == 2
    assert connlint("rule", "CL999", cwd=repo).returncode == 2


def test_config_error_exit_2(repo: Path) -> None:
    (repo / ".connlint.toml").write_text("selct = []\n")
    r = connlint("check", ".", cwd=repo)
    assert r.returncode == 2
    assert ".connlint.toml" in r.stderr and "selct" in r.stderr
    assert connlint("check", ".", "--isolated", cwd=repo).returncode == 1


def test_config_file_applies(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[tool.connlint]\nignore = ["CL2"]\n')
    assert connlint("check", ".", cwd=repo).returncode == 0


def test_per_file_ignores(repo: Path) -> None:
    (repo / "connlint.toml").write_text('[per-file-ignores]\n"src/*.properties" = ["CL2"]\n')
    assert connlint("check", ".", cwd=repo).returncode == 0


def test_output_file_and_formats(repo: Path) -> None:
    r = connlint("check", ".", "--format", "sarif", "--output", "out.sarif", cwd=repo)
    assert r.returncode == 1 and r.stdout == ""
    doc = json.loads((repo / "out.sarif").read_text())
    assert doc["runs"][0]["results"][0]["ruleId"] == "CL201"
    js = json.loads(connlint("check", ".", "--format", "json", cwd=repo).stdout)
    assert js["findings"][0]["rule"] == "CL201" and js["findings"][0]["fingerprint"]
    gh = connlint("check", ".", "--format", "github", cwd=repo).stdout
    assert gh.startswith("::error file=src/application.properties,line=1,")
    full = connlint("check", ".", "--format", "full", cwd=repo).stdout
    assert "1 | spring.datasource.url=" in full and "^" in full


def test_statistics_and_quiet(repo: Path) -> None:
    stats = connlint("check", ".", "--statistics", cwd=repo).stdout
    assert stats == "    1\tCL201\ttls-disabled\n"  # the table alone, as ruff prints it
    quiet = connlint("check", ".", "--quiet", cwd=repo).stdout
    assert "Found" not in quiet and "CL201" in quiet


def test_stdin_filename(repo: Path) -> None:
    r = connlint("check", "--stdin-filename", "conf/app.properties", cwd=repo, stdin=BAD)
    assert r.returncode == 1
    assert r.stdout.startswith("conf/app.properties:1:")


def test_baseline_hides_known_findings_even_when_lines_move(repo: Path) -> None:
    written = connlint("check", ".", "--write-baseline", "base.json", cwd=repo)
    assert written.returncode == 0  # a baseline accepts what it wrote
    assert "connlint: wrote a baseline of 1 finding to base.json" in written.stderr
    props = repo / "src" / "application.properties"
    props.write_text("# moved down\n\n" + BAD)
    assert connlint("check", ".", "--baseline", "base.json", cwd=repo).returncode == 0
    props.write_text(BAD + BAD.replace("app?", "other?"))
    r = connlint("check", ".", "--baseline", "base.json", cwd=repo)
    assert r.returncode == 1 and r.stdout.count("CL201") == 1


def test_baseline_from_sarif(repo: Path) -> None:
    connlint("check", ".", "--format", "sarif", "-o", "base.sarif", cwd=repo)
    assert connlint("check", ".", "--baseline", "base.sarif", cwd=repo).returncode == 0


def test_inline_suppression_and_unused_ignores(repo: Path) -> None:
    props = repo / "src" / "application.properties"
    props.write_text(
        "# connlint: ignore[CL201] local test database\n" + BAD + "# connlint: ignore[CL104]\nx=1\n"
    )
    assert connlint("check", ".", cwd=repo).returncode == 0
    shown = connlint("check", ".", "--include-suppressed", "--format", "sarif", cwd=repo).stdout
    assert (
        json.loads(shown)["runs"][0]["results"][0]["suppressions"][0]["justification"]
        == "local test database"
    )
    unused = connlint("check", ".", "--report-unused-ignores", cwd=repo)
    assert unused.returncode == 1
    expected = "src/application.properties:3:3: CL304 `connlint: ignore[CL104]` suppresses nothing"
    assert expected in unused.stdout
    # A finding like any other: in every format, and --fail-on decides the exit code.
    as_sarif = connlint("check", ".", "--report-unused-ignores", "--format", "sarif", cwd=repo)
    sarif = json.loads(as_sarif.stdout)
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["CL304"]
    assert connlint("check", ".", "--report-unused-ignores", "--fail-on", "error", cwd=repo).returncode == 0


def test_rules_and_rule(repo: Path) -> None:
    rules = connlint("rules", cwd=repo).stdout
    assert "CL201  tls-disabled" in rules
    rule = connlint("rule", "CL201", cwd=repo).stdout
    assert rule.startswith("# CL201 tls-disabled") and "## Why it matters" in rule


def test_unreadable_file_is_a_notification_not_a_failure(repo: Path) -> None:
    (repo / "src" / "blob.properties").write_bytes(b"jdbc:mysql\x00\x01\x02")
    r = connlint("check", ".", cwd=repo)
    assert r.returncode == 1
    assert "src/blob.properties" in r.stderr and "CL201" in r.stdout


def test_inventory_formats(repo: Path) -> None:
    table = connlint("inventory", ".", cwd=repo)
    assert table.returncode == 0 and "DISABLED" in table.stdout
    doc = json.loads(connlint("inventory", ".", "--format", "json", cwd=repo).stdout)
    assert doc["connections"][0]["mode"] == "DISABLED"
    assert doc["totals"]["connections"] == 1
    assert connlint("inventory", ".", "--format", "csv", cwd=repo).stdout.startswith("location,client,")
    assert "| Location |" in connlint("inventory", ".", "--format", "markdown", cwd=repo).stdout


_DEEP = "[" * 100_000 + "]" * 100_000


# Usage and configuration errors: exit 2 and one line on stderr naming the
# option, or the file and key; never an internal error, and never ignored
# (a run that lints nothing, or lints stdin's absence as the tree).
@pytest.mark.parametrize(
    ("args", "files", "needle"),
    [
        (("check", ".", "--select", "CL999"), {}, "argument --select: unknown rule selector `CL999`"),
        (("check", ".", "--ignore", "ZZZ"), {}, "argument --ignore: unknown rule selector `ZZZ`"),
        (
            ("check", ".", "--extend-select", "CL1,X"),
            {},
            "argument --extend-select: unknown rule selector `X`",
        ),
        (("check", ".", "--exclude", "!"), {}, "argument --exclude: invalid pattern `!`"),
        (("check", ".", "--extend-exclude", "\\"), {}, "argument --extend-exclude: invalid pattern `\\`"),
        (("inventory", ".", "--exclude", "!"), {}, "argument --exclude: invalid pattern `!`"),
        (("check", ".", "--jobs", "0"), {}, "argument --jobs/-j: expected a positive integer, got '0'"),
        (("check", ".", "-j", "-3"), {}, "argument --jobs/-j: expected a positive integer, got '-3'"),
        (("inventory", ".", "--jobs", "0"), {}, "argument --jobs/-j: expected a positive integer"),
        (("check", "--stdin-filename", ""), {}, "argument --stdin-filename: expected a file name"),
        (
            ("check", ".", "--output", "missing/out.txt"),
            {},
            "argument --output/-o: no such directory: missing",
        ),
        (("check", ".", "--output", "."), {}, "argument --output/-o: is a directory: ."),
        (("check", ".", "--write-baseline", "src"), {}, "argument --write-baseline: is a directory: src"),
        (
            ("check", ".", "--write-baseline", "a/b/base.json"),
            {},
            "argument --write-baseline: no such directory: a/b",
        ),
        (("inventory", ".", "-o", "src"), {}, "argument --output/-o: is a directory: src"),
        (("check", ".", "--baseline", "deep.json"), {"deep.json": _DEEP}, "deep.json: cannot read baseline"),
        (
            ("check", ".", "--baseline", "deep.json"),
            {"deep.json": '{"findings": ' + _DEEP + "}"},
            "deep.json: cannot read baseline",
        ),
        (
            ("check", ".", "--baseline", "b.json"),
            {"b.json": '{"runs": [{"results": 5}]}'},
            "b.json: not a connlint JSON or SARIF output",
        ),
        (
            ("check", ".", "--baseline", "b.json"),
            {"b.json": '{"runs": [{"results": [{"partialFingerprints": 5}]}]}'},
            "b.json: not a connlint JSON or SARIF output",
        ),
        (
            ("check", "."),
            {".connlint.toml": "file-time-budget = inf\n"},
            ".connlint.toml: `file-time-budget`",
        ),
        (("check", "."), {".connlint.toml": "max-file-size = 0.5\n"}, ".connlint.toml: `max-file-size`"),
        (("check", "."), {".connlint.toml": 'ignore = ["ZZZ"]\n'}, ".connlint.toml: `ignore`: unknown rule"),
        (("check", "."), {"pyproject.toml": "[tool]\nconnlint = 5\n"}, "pyproject.toml: `tool.connlint`"),
        (("check", "."), {"pyproject.toml": "[tool.connlint\nignore = []\n"}, "pyproject.toml: invalid TOML"),
    ],
)
def test_bad_option_or_setting_is_one_line_exit_2(
    repo: Path, args: tuple[str, ...], files: dict[str, str], needle: str
) -> None:
    for name, text in files.items():
        (repo / name).write_text(text)
    r = connlint(*args, cwd=repo, stdin="")
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert r.stderr.startswith("connlint: error: ") and r.stderr.count("\n") == 1, r.stderr
    assert needle in r.stderr, r.stderr
    assert r.stdout == ""


def test_names_that_are_not_text_through_the_real_cli(repo: Path) -> None:
    """The installed entry point (real stdout, early fork, worker pool) with a
    name that is not UTF-8 and one with a newline and an ANSI escape: every
    format is valid UTF-8, text escapes the names, --quiet is one line each."""
    for name in (b"app\xff.properties", b"evil\n\x1b[31m.properties"):
        (repo / "src" / os.fsdecode(name)).write_bytes(BAD.encode())

    def run(*args: str) -> tuple[int, str]:
        r = subprocess.run(
            [sys.executable, "-m", "connlint", "check", "src", *args],
            cwd=repo,
            capture_output=True,
            env={**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8:strict"},
            timeout=120,
        )
        assert b"internal error" not in r.stderr, r.stderr
        return r.returncode, r.stdout.decode("utf-8")  # strict: valid UTF-8

    code, quiet = run("--quiet")
    assert code == 1
    assert sorted(quiet.splitlines()) == [
        f"src/{name}:1:60: CL201 MySQL Connector/J connects without TLS (`sslMode=DISABLED`)"
        for name in ("app\\xff.properties", "application.properties", "evil\\n\\x1b[31m.properties")
    ]
    code, sarif = run("--format", "sarif")
    results = json.loads(sarif)["runs"][0]["results"]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
    assert code == 1 and "src/app%FF.properties" in uris and "src/evil%0A%1B%5B31m.properties" in uris
    code, js = run("--format", "json")
    assert code == 1 and "src/app\\xff.properties" in [f["path"] for f in json.loads(js)["findings"]]
    assert run("--format", "json", "-o", "out.json", "--write-baseline", "base.json") == (0, "")
    assert json.loads((repo / "out.json").read_text()) == json.loads((repo / "base.json").read_text())
    assert run("--baseline", "base.json") == (0, "All checks passed!\n")


def test_ruff_parity_options(repo: Path) -> None:
    assert connlint("check", ".", "--output-format", "json", cwd=repo).stdout.startswith("{")
    assert connlint("inventory", ".", "--output-format", "csv", cwd=repo).stdout.startswith("location,")
    abbreviated = connlint("check", ".", "--sel", "CL2", cwd=repo)
    assert abbreviated.returncode == 2 and "unrecognized arguments: --sel" in abbreviated.stderr
    one = connlint("check", ".", cwd=repo).stdout
    assert one.endswith("in 1 file.\n")


def test_show_settings_and_files(repo: Path) -> None:
    (repo / ".connlint.toml").write_text('ignore = ["CL1"]\nfail-on = "error"\n')
    (repo / "src" / "README.md").write_text("not linted")
    settings = connlint("check", "--show-settings", cwd=repo)
    assert settings.returncode == 0
    lines = settings.stdout.splitlines()
    assert lines[0].startswith("config = ") and lines[0].endswith(".connlint.toml")
    assert "fail-on = error" in lines and not any(line.startswith("rules = CL1") for line in lines)
    files = connlint("check", "--show-files", cwd=repo)
    assert (files.returncode, files.stdout) == (0, "src/application.properties  (properties)\n")


def test_stdin_of_an_unknown_kind_says_nothing_was_linted(repo: Path) -> None:
    r = connlint("check", "--stdin-filename", "notes.md", cwd=repo, stdin="mysql")
    assert r.returncode == 0
    assert "notes.md: not a kind of file connlint reads; nothing was linted" in r.stderr


def test_per_file_ignores_are_relative_to_the_config_file(repo: Path) -> None:
    """ruff's reading: `"src/**"` applies wherever connlint runs from (issue 18, item 7)."""
    (repo / "connlint.toml").write_text('[per-file-ignores]\n"src/**" = ["CL201"]\n')
    nested = repo / "src" / "main"
    nested.mkdir()
    (nested / "application.properties").write_text(BAD)
    assert connlint("check", ".", cwd=repo).returncode == 0
    assert connlint("check", ".", cwd=repo / "src").returncode == 0
    assert connlint("check", ".", cwd=nested).returncode == 0
    (repo / "other").mkdir()
    (repo / "other" / "application.properties").write_text(BAD)
    assert " CL201 " in connlint("check", ".", cwd=repo).stdout  # outside src/: still reported


def test_excludes_are_relative_to_the_config_file(repo: Path) -> None:
    """`exclude = ["/src/gen/"]` holds wherever connlint runs from (issue 18, item 7b); a
    path named on the command line is linted all the same unless --force-exclude."""
    (repo / "connlint.toml").write_text('exclude = ["/src/gen/"]\n')
    gen = repo / "src" / "gen"
    gen.mkdir()
    (gen / "application.properties").write_text(BAD)
    (repo / "src" / "application.properties").write_text(GOOD)
    args = ("--select", "CL201")
    assert connlint("check", ".", *args, cwd=repo).returncode == 0
    assert connlint("check", ".", *args, cwd=repo / "src").returncode == 0
    assert connlint("check", "gen", *args, cwd=repo / "src").returncode == 1  # named: linted
    assert connlint("check", "gen", *args, "--force-exclude", cwd=repo / "src").returncode == 0
    named = connlint("check", "gen/application.properties", *args, "--force-exclude", cwd=repo / "src")
    assert named.returncode == 0
    (repo / "connlint.toml").write_text('exclude = ["/src/gen/"]\nforce-exclude = true\n')
    assert connlint("check", "gen", *args, cwd=repo / "src").returncode == 0
    shown = connlint("check", "--show-settings", cwd=repo).stdout
    assert "force-exclude = true" in shown.splitlines()


def test_per_file_ignores_basename_globs_match_anywhere(repo: Path) -> None:
    (repo / "connlint.toml").write_text('[per-file-ignores]\n"application.properties" = ["CL201"]\n')
    assert connlint("check", ".", cwd=repo / "src").returncode == 0


LOADED_BY = """
import contextlib, io, json, sys
from connlint.__main__ import main
for args in (["--version"], ["--help"], ["check", "--help"], ["inventory", "--help"]):
    sys.argv = ["connlint", *args]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        main()
print(json.dumps(sorted(sys.modules)))
"""


def test_version_and_help_load_no_engine(tmp_path: Path) -> None:
    """`connlint --version` / `--help` answer from argparse alone: no configuration,
    model, engine or parser is imported (their start-up is most of a small run).
    """
    out = subprocess.run(
        [sys.executable, "-c", LOADED_BY], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(out.stdout))
    heavy = {"connlint.engine", "connlint.config", "connlint.model", "dataclasses", "libcst", "tree_sitter"}
    assert loaded & heavy == set()
    assert "connlint.cli" in loaded  # the modules were really looked at


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "a.py", "--format", "json", "--select", "CL2", "-q"],
        ["check"],
        ["inventory", "--format", "csv", "."],
        ["plan", "--to", "rds-ca-rsa2048-g1", "--inventory", "x.json"],
        ["explain", "a.py:3", "--isolated"],
        ["rules"],
        ["rule", "CL201"],
    ],
)
def test_parser_of_one_subcommand_reads_as_the_whole(argv: list[str]) -> None:
    """build_parser(command) makes only that subcommand: same namespace, usage and help."""
    from connlint.cli import COMMANDS, build_parser

    whole, one = build_parser(), build_parser(argv[0])
    assert one.parse_args(argv) == whole.parse_args(argv)
    assert one.format_usage() == whole.format_usage()
    (sub,) = [a for a in whole._actions if a.dest == "command"]
    assert tuple(sub.choices) == COMMANDS  # type: ignore[arg-type]
    (sub_one,) = [a for a in one._actions if a.dest == "command"]
    assert list(sub_one.choices) == [argv[0]]  # type: ignore[arg-type]
    for text in ("format_usage", "format_help"):
        assert getattr(sub_one.choices[argv[0]], text)() == getattr(sub.choices[argv[0]], text)()  # type: ignore[index]


def test_errors_of_one_subcommand_read_as_the_whole(capsys: pytest.CaptureFixture[str]) -> None:
    from connlint.cli import build_parser

    for argv in (["check", "--bogus"], ["check", "--format", "x"], ["rules", "extra"], ["rule"]):
        texts = []
        for parser in (build_parser(), build_parser(argv[0])):
            with pytest.raises(SystemExit):
                parser.parse_args(argv)
            texts.append(capsys.readouterr().err)
        assert texts[0] == texts[1], argv


@pytest.mark.parametrize("columns", [None, "", "0", "-3", "x", "1", "50", "200"])
def test_help_width_is_shutils(columns: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The help formatter's width without importing shutil: what shutil would give."""
    import shutil

    from connlint.cli import _terminal_columns

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert _terminal_columns() == shutil.get_terminal_size().columns


def test_the_parser_of_a_run_imports_no_shutil(tmp_path: Path) -> None:
    code = (
        "import sys; from connlint.cli import build_parser; "
        "build_parser('check').parse_args(['check', 'x']); print('shutil' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
