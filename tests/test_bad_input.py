"""Hostile input (issue 8): connlint never crashes, never hangs, always says
what it did not analyse, decides the exit code by findings alone, and never
loses a finding of an ordinary file because of a bad neighbour.

The tree is built in a temporary folder at test time (tests/badtree.py).  The
whole tree goes through the real command line once (one test, so that
pytest-xdist does not run the slow part twice); finer checks call the engine.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from badtree import BAD, KNOWN, URL, URL_COLUMN, Bad, build
from connlint import discover, engine, prefilter
from connlint.config import Config
from connlint.decoding import decode
from connlint.discover import SourceFile
from connlint.engine import RunSettings, lint_file
from connlint.scope import Scope
from reporters.test_sarif import validate_sarif

Finding = tuple[str, int, int, str]  # path, line, column, rule
HEAVY = ("bad/size/", "bad/deep/")


def connlint(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "connlint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "CONNLINT_DEBUG": ""},
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def sarif_findings(doc: dict[str, Any]) -> set[Finding]:
    out = set()
    for r in doc["runs"][0]["results"]:
        phys = r["locations"][0]["physicalLocation"]
        region = phys["region"]
        path = unquote(phys["artifactLocation"]["uri"])
        out.add((path, region["startLine"], region["startColumn"], r["ruleId"]))
    return out


def sarif_notifications(doc: dict[str, Any]) -> list[tuple[str, str]]:
    notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    return [
        (unquote(n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]), n["message"]["text"])
        for n in notes
        if n.get("locations")
    ]


def ordinary_findings(tmp: Path) -> set[Finding]:
    """What the ordinary files yield on their own (the front-ends still in
    progress may add findings; whatever they find alone must survive)."""
    build(tmp, bad=())
    cwd = Path.cwd()
    try:
        os.chdir(tmp)
        report = engine.run([Path("ok")], Config(), jobs=1)
    finally:
        os.chdir(cwd)
    return {(f.location.path, f.location.line, f.location.column, f.rule) for f in report.findings}


def expected(bad: tuple[Bad, ...]) -> set[Finding]:
    return {(b.path, line, col, rule) for b in bad for line, col, rule in b.findings}


def test_bad_tree_end_to_end(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    build(root)
    # The 100,000-line files take seconds (more on a loaded CI machine): this test is
    # about correctness, the budget has its own test below.
    (root / ".connlint.toml").write_text("file-time-budget = 120\n")
    alone = ordinary_findings(tmp_path / "alone")
    assert {k for k in KNOWN} <= alone, "the ordinary files lost a known finding on their own"

    r = connlint(
        "check", ".", "--format", "sarif", "--output", "out.sarif", "--no-progress", cwd=root, timeout=300
    )
    problems: list[str] = []
    if r.returncode != 1:
        problems.append(f"exit code {r.returncode}, expected 1 (ordinary files have errors)")
    lines = r.stderr.splitlines()
    for line in lines:
        if not line.startswith("connlint: ") or "Traceback" in line or "internal error" in line:
            problems.append(f"stderr line is not a notification: {line!r}")
    doc = json.loads((root / "out.sarif").read_text(encoding="utf-8"))
    validate_sarif(doc)
    found = sarif_findings(doc)
    notes = sarif_notifications(doc)
    for f in sorted(alone - found):
        problems.append(f"ordinary finding lost: {f}")
    for f in sorted(expected(BAD) - found):
        problems.append(f"finding of a bad input lost or misplaced: {f}")
    for b in BAD:
        if b.notice is None:
            continue
        notice = re.compile(b.notice, re.IGNORECASE)
        if not any(line.startswith(f"connlint: {b.path}") and notice.search(line) for line in lines):
            problems.append(f"{b.path} ({b.what}): no stderr line with {b.notice!r}")
        if not any(path == b.path and notice.search(text) for path, text in notes):
            problems.append(f"{b.path} ({b.what}): no SARIF notification with {b.notice!r}")
    binary = [p for p, *_ in found if p.startswith(("bad/bin/", "bad/fs/outside", "bad/fs/pipe"))]
    if binary:
        problems.append(f"findings in files that must not be read: {binary}")
    assert not problems, "\n".join(problems)


def _light(root: Path, ordinary: bool = False) -> tuple[Bad, ...]:
    light = tuple(b for b in BAD if not b.path.startswith(HEAVY))
    build(root, light, ordinary=ordinary)
    return light


def test_exit_code_is_decided_by_findings_alone(tmp_path: Path) -> None:
    _light(tmp_path)
    r = connlint("check", ".", "--select", "CL104", "--no-progress", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "not a regular file" in r.stderr and "NUL bytes" in r.stderr
    r = connlint("check", ".", "--no-progress", "--ignore", "CL2", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    r = connlint("check", ".", "--no-progress", cwd=tmp_path)
    assert r.returncode == 1, r.stdout + r.stderr


def test_concise_and_json_formats_on_bad_input(tmp_path: Path) -> None:
    light = _light(tmp_path, ordinary=True)
    r = connlint("check", ".", "--no-progress", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    for path, line, column, rule in expected(light) | set(KNOWN):
        assert f"{path}:{line}:{column}: {rule} " in r.stdout, (path, line, column, rule)
    r = connlint("check", ".", "--format", "json", "--no-progress", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    json.loads(r.stdout)


def test_non_ascii_and_spaces_in_paths(tmp_path: Path) -> None:
    (b,) = [b for b in BAD if "ünïcödé" in b.path]
    build(tmp_path, (b,), ordinary=False)
    r = connlint("check", b.path, "--format", "sarif", "--no-progress", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    doc = json.loads(r.stdout)
    validate_sarif(doc)
    uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert " " not in uri and unquote(uri) == b.path
    r = connlint("check", b.path, "--format", "github", "--no-progress", cwd=tmp_path)
    assert b.path in r.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("check", "no-such-dir"),
        ("check", ".", "no-such-file.properties"),
        ("inventory", "no-such-dir"),
        ("check", "--no-such-option"),
        ("check", "--format", "xml"),
        ("check", "--jobs", "many"),
        ("frobnicate",),
    ],
)
def test_usage_errors_exit_2_with_one_line(tmp_path: Path, args: tuple[str, ...]) -> None:
    r = connlint(*args, cwd=tmp_path)
    assert r.returncode == 2
    assert r.stdout == ""
    assert len(r.stderr.splitlines()) == 1, r.stderr
    assert r.stderr.startswith("connlint: error: ")


def test_fifo_named_explicitly_is_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.properties")
    (tmp_path / "app.properties").write_text(f"url={URL}\n")
    r = connlint("check", "pipe.properties", "app.properties", "--no-progress", cwd=tmp_path, timeout=60)
    assert r.returncode == 1
    assert "connlint: pipe.properties: not a regular file" in r.stderr
    assert f"app.properties:1:{len('url=') + URL_COLUMN}: CL201" in r.stdout


# -- engine-level checks: files that change under the scan ---------------------


def _finishes(fn: Callable[[], Any], seconds: float = 30) -> Any:
    """Run ``fn`` in a thread; fail instead of hanging the suite."""
    box: list[Any] = []
    thread = threading.Thread(target=lambda: box.append(fn()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "hung"
    return box[0]


@pytest.fixture
def small_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("a.properties", "b.properties", "c.properties"):
        (tmp_path / name).write_text(f"spring.datasource.url={URL}\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _paths(report: engine.Report) -> list[str]:
    return sorted({f.location.path for f in report.findings})


def test_file_vanishing_between_discovery_and_reading(
    small_tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    walk = discover.Walker.walk

    def walk_then_delete(self: discover.Walker, paths: Any) -> Iterator[SourceFile]:
        found = list(walk(self, paths))
        (small_tree / "b.properties").unlink()
        yield from found

    monkeypatch.setattr(discover.Walker, "walk", walk_then_delete)
    for jobs in (1, 2):
        report = _finishes(lambda jobs=jobs: engine.run([Path(".")], Config(), jobs=jobs))
        assert _paths(report) == ["a.properties", "c.properties"]
        assert [(n.path, n.message) for n in report.notifications] == [
            ("b.properties", "cannot read file: No such file or directory")
        ]
        (small_tree / "b.properties").write_text("x=1\n")


def test_unreadable_file(small_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # We run as root, where chmod 000 does not stop a read: refuse it in os.open.
    os_open = os.open

    def refuse(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path).endswith("b.properties"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return os_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    report = engine.run([Path(".")], Config(), jobs=1)
    assert _paths(report) == ["a.properties", "c.properties"]
    assert [(n.path, n.message) for n in report.notifications] == [
        ("b.properties", "cannot read file: Permission denied")
    ]


def test_file_replaced_by_a_fifo_after_discovery(small_tree: Path) -> None:
    (small_tree / "b.properties").unlink()
    os.mkfifo(small_tree / "b.properties")
    source = SourceFile(small_tree / "b.properties", "b.properties", "properties")
    settings = RunSettings(selected=frozenset({"CL201"}))
    result = _finishes(lambda: lint_file(source, settings, Scope(settings.assumptions)))
    assert [n.message for n in result.notifications] == ["not a regular file; skipped"]


# -- XML entities are never expanded and never fetched --------------------------


def test_xml_external_entities_are_never_fetched(tmp_path: Path) -> None:
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'<!ENTITY leak "jdbc:mysql://leak/?sslMode=DISABLED">')

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    secret = tmp_path / "secret.txt"
    secret.write_text("jdbc:mysql://from-local-file/?sslMode=DISABLED")
    try:
        (tmp_path / "xxe.xml").write_text(
            f'<?xml version="1.0"?>\n<!DOCTYPE r [\n <!ENTITY f SYSTEM "{secret.as_uri()}">\n'
            f' <!ENTITY w SYSTEM "{base}/w">\n <!ENTITY % p SYSTEM "{base}/p">\n %p;\n]>\n'
            f'<r url="{URL}">&f;&w;&leak;</r>\n'
        )
        (tmp_path / "dtd.xml").write_text(
            f'<?xml version="1.0"?>\n<!DOCTYPE Context SYSTEM "{base}/context.dtd">\n'
            f'<Context><Resource url="{URL}"/></Context>\n'
        )
        (tmp_path / "pom.xml").write_text(
            f'<?xml version="1.0"?>\n<!DOCTYPE project SYSTEM "{base}/pom.dtd">\n<project/>\n'
        )
        r = connlint("check", ".", "--no-progress", "--format", "full", cwd=tmp_path, timeout=60)
    finally:
        server.shutdown()
    assert hits == []
    assert "from-local-file" not in r.stdout + r.stderr
    assert "//leak/" not in r.stdout + r.stderr  # what the server would have handed over
    assert r.returncode == 1  # dtd.xml is still analysed
    assert "dtd.xml:3:" in r.stdout
    # Entities are not expanded, and the rest of the file is analysed.
    assert "xxe.xml:8:" in r.stdout and "xxe.xml:2: DTD declares entities (f, w, %p)" in r.stderr


# -- nesting deeper than any valid Python: blanked before libcst sees it ----------------

# The call makes the file pass the prefilter (which asks for a driver's connect call).
DEEP_PYTHON = "import pymysql\nx = " + "[" * 10_000 + "]" * 10_000 + "\npymysql.connect(host='db')\n"


def test_deep_python_does_not_crash(tmp_path: Path) -> None:
    (tmp_path / "deep.py").write_text(DEEP_PYTHON)
    (tmp_path / "app.properties").write_text(f"url={URL}\n")
    r = connlint("check", ".", "--no-progress", cwd=tmp_path, timeout=120)
    assert r.returncode == 1, (r.returncode, r.stderr[-500:])
    assert "connlint: deep.py:2: line 2 not analysed" in r.stderr  # that statement, not the file
    assert "app.properties:1:" in r.stdout


# -- limits: per-file size cap and time budget, from the configuration -------------


def test_size_cap_is_configurable_and_reported(tmp_path: Path) -> None:
    (tmp_path / ".connlint.toml").write_text("max-file-size = 4000\n")
    (tmp_path / "big.properties").write_text(f"url={URL}\n" + "k=v\n" * 2000)
    (tmp_path / "small.properties").write_text(f"url={URL}\n")
    r = connlint("check", ".", "--no-progress", "--format", "sarif", cwd=tmp_path)
    assert r.returncode == 1
    size = (tmp_path / "big.properties").stat().st_size
    assert f"connlint: big.properties: not analysed: {size} bytes is over the 4000 byte size cap" in r.stderr
    doc = json.loads(r.stdout)
    validate_sarif(doc)
    assert {p for p, *_ in sarif_findings(doc)} == {"small.properties"}
    assert any(p == "big.properties" and "size cap" in t for p, t in sarif_notifications(doc))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_time_budget_is_configurable_and_reported(tmp_path: Path, jobs: str) -> None:
    (tmp_path / ".connlint.toml").write_text("file-time-budget = 1\n")
    # 100,000 JDBC URLs (6 MB): seconds of work, cut short after 1 s by the budget.
    (tmp_path / "slow.properties").write_text("".join(f"u{i}={URL}\n" for i in range(100_000)))
    (tmp_path / "small.properties").write_text(f"url={URL}\n")
    r = connlint("check", ".", "--no-progress", "--jobs", jobs, "--format", "sarif", cwd=tmp_path)
    assert r.returncode == 1
    assert "connlint: slow.properties: not analysed: took longer than the 1 s budget" in r.stderr
    doc = json.loads(r.stdout)
    validate_sarif(doc)
    assert {p for p, *_ in sarif_findings(doc)} == {"small.properties"}


@pytest.mark.parametrize("name", ["run.sh", "Dockerfile"])
def test_brace_before_astral_character_does_not_crash(tmp_path: Path, name: str) -> None:
    # tree-sitter-bash 0.25.1 segfaults on these unless the shell front-end swaps them.
    text = "{\U0010f600 x{\U000e0000\n" if name == "run.sh" else "RUN echo {\U0010f600\n"
    (tmp_path / name).write_text(f"mysql --ssl-mode=DISABLED -h db.example.com\n{text}")
    (tmp_path / "app.properties").write_text(f"url={URL}\n")
    r = connlint("check", ".", "--no-progress", cwd=tmp_path, timeout=60)
    assert r.returncode == 1, (r.returncode, r.stderr[-500:])
    assert "app.properties:1:" in r.stdout


# --- A UTF-16 byte order mark in front of text that is not UTF-16 (issue 13) ---
#
# Java's Properties, a shell or the MySQL client ignore the mark and read the
# setting as written; believing the mark turned it into CJK-looking text (or
# skipped the file) and hid it.

HIDDEN = b"spring.datasource.url=jdbc:mysql://db.example.com/app?sslMode=DISABLED\n"
NOT_UTF16 = "invalid UTF-16 after a UTF-16 byte order mark"


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff"])
@pytest.mark.parametrize("tail", [b"", b"#"], ids=["odd-length", "even-length"])
def test_utf16_mark_before_plain_text_is_read_as_plain_text(bom: bytes, tail: bytes) -> None:
    data = bom + HIDDEN + tail
    text, problem = decode(data)
    assert text is not None and "jdbc:mysql://db.example.com/app?sslMode=DISABLED" in text
    assert problem == f"{NOT_UTF16}; read as UTF-8, undecodable bytes replaced"
    assert prefilter.file_wanted("properties", data)


def test_utf16_mark_before_binary_is_skipped_saying_why() -> None:
    text, problem = decode(b"\xff\xfe" + b"jdbc:mysql\x00\x01\x02")
    assert text is None
    assert problem == f"{NOT_UTF16}; contains NUL bytes (binary?); skipped"


@given(st.text(), st.sampled_from(["utf-16", "utf-16-le", "utf-16-be"]))
def test_utf16_text_is_read_as_utf16(text: str, codec: str) -> None:
    # Real UTF-16 (any text; the mark either way round) is read as before.
    mark = "" if codec == "utf-16" else "\ufeff"  # "utf-16" writes its own
    for value in (text, "url=jdbc:mysql://h/db?sslMode=DISABLED\r\n" + text):
        data = (mark + value).encode(codec)
        assert decode(data) == (value.replace("\r\n", "\n").replace("\r", "\n"), None)
        expected = prefilter.wanted("properties", value.encode("utf-8"))
        assert prefilter.file_wanted("properties", data) == expected


@given(st.text(st.characters(max_codepoint=0x7E, exclude_categories=("Cc",)), max_size=40))
def test_setting_behind_a_utf16_mark_is_never_hidden(noise: str) -> None:
    data = b"\xff\xfe" + noise.encode() + b"\n" + HIDDEN
    text, problem = decode(data)
    assert text is not None and HIDDEN.decode() in text and problem is not None
