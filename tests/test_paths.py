"""File names that are not plain text: bytes that are not UTF-8, control
characters, ANSI escapes, spaces.  Every format, ``--output``, baselines and
``--quiet`` must handle them: exit 1 for the finding, valid UTF-8 out, nothing
raw reaching a terminal (issue 13, items 3 and 12).

The CLI runs in-process with a strict UTF-8 stdout and stderr (a terminal under
``en_US.UTF-8``), so a lone surrogate that would reach the stream fails.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote_to_bytes

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connlint.baseline import load_baseline
from connlint.cli import main
from reporters.test_sarif import validate_sarif

BAD = b"spring.datasource.url=jdbc:mysql://db.example.com:3306/app?sslMode=DISABLED\n"
MESSAGE = "CL201 MySQL Connector/J connects without TLS (`sslMode=DISABLED`)"
RAW = b"app\xff.properties"
FORMATS = ("concise", "full", "json", "sarif", "github")
INVENTORY_FORMATS = ("table", "json", "csv", "markdown")

#: Raw name -> how text output shows it.
HOSTILE = {
    RAW: r"app\xff.properties",
    b"a b.properties": "a b.properties",
    b"a\rb.properties": r"a\rb.properties",
    b"a\nb.properties": r"a\nb.properties",
    b"\x1b[31mred.properties": r"\x1b[31mred.properties",
    b"tab\there.properties": r"tab\there.properties",
}


def _tree(root: Path, names: list[bytes], content: bytes = BAD) -> Path:
    root.mkdir(exist_ok=True)
    for name in names:
        try:
            with open(os.path.join(os.fsencode(root), name), "wb") as fh:
                fh.write(content)
        except OSError as exc:  # a file system that only takes UTF-8 names (macOS APFS)
            pytest.skip(f"cannot create {name!r}: {exc}")
    return root


def _run(cwd: Path, *args: str) -> tuple[int, bytes, bytes]:
    """``connlint`` in-process in ``cwd``: exit code, stdout and stderr bytes."""
    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", errors="strict", newline="", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", errors="strict", newline="", write_through=True)
    with contextlib.chdir(cwd), contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def _ok(code: int, err: bytes, expected: int = 1) -> None:
    assert code == expected, err.decode("utf-8", "replace")
    assert b"internal error" not in err and b"Traceback" not in err


def _assert_terminal_safe(text: str) -> None:
    """No character that moves the cursor, starts an escape or forges a line."""
    for ch in text:
        assert ch == "\n" or ch.isprintable() or ch == "\t", repr(ch)


@pytest.mark.parametrize("fmt", FORMATS)
def test_non_utf8_name_in_every_format(tmp_path: Path, fmt: str) -> None:
    repo = _tree(tmp_path / "repo", [RAW])
    code, out, err = _run(repo, "check", ".", "--format", fmt)
    _ok(code, err)
    text = out.decode("utf-8")  # strict: valid UTF-8 whatever the name
    if fmt in ("concise", "full"):
        assert text.startswith(r"app\xff.properties:1:60: " + MESSAGE)
        _assert_terminal_safe(text)
    elif fmt == "json":
        (finding,) = json.loads(text)["findings"]
        assert finding["path"] == r"app\xff.properties"
        assert base64.b64decode(finding["path_bytes"]) == RAW
    elif fmt == "sarif":
        doc = json.loads(text)
        validate_sarif(doc)
        (result,) = doc["runs"][0]["results"]
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri == "app%FF.properties"
        assert unquote_to_bytes(uri) == RAW
    else:
        assert text.startswith(r"::error file=app\xff.properties,line=1,col=60,")


def test_ordinary_json_has_no_path_bytes(tmp_path: Path) -> None:
    repo = _tree(tmp_path / "repo", ["ü.properties".encode()])
    code, out, err = _run(repo, "check", ".", "--format", "json")
    _ok(code, err)
    (finding,) = json.loads(out)["findings"]
    assert finding["path"] == "ü.properties" and "path_bytes" not in finding


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_file_with_non_utf8_name(tmp_path: Path, fmt: str) -> None:
    repo = _tree(tmp_path / "repo", [RAW])
    code, out, err = _run(repo, "check", ".", "--format", fmt, "--output", "report.out")
    _ok(code, err)
    assert out == b""
    written = (repo / "report.out").read_bytes().decode("utf-8")
    assert "app" in written and "\udcff" not in written
    if fmt == "sarif":
        validate_sarif(json.loads(written))
    assert sorted(os.listdir(os.fsencode(repo))) == [RAW, b"report.out"]  # no temporary file left beside it


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_baseline_round_trip_with_non_utf8_name(tmp_path: Path, fmt: str) -> None:
    repo = _tree(tmp_path / "repo", [RAW, b"plain.properties"])
    if fmt == "json":
        code, _, err = _run(repo, "check", ".", "--write-baseline", "base.json")
        _ok(code, err, expected=0)  # writing a baseline accepts what it wrote
    else:
        code, _, err = _run(repo, "check", ".", "--format", "sarif", "-o", "base.json")
        _ok(code, err)
    code, out, err = _run(repo, "check", ".", "--baseline", "base.json")
    assert code == 0, out + err
    assert out == b"All checks passed!\n"
    # The fingerprint is of this name: a new file with the same finding is new.
    _tree(repo, [b"app\xfe.properties"])
    code, out, err = _run(repo, "check", ".", "--baseline", "base.json", "--quiet")
    _ok(code, err)
    assert out.decode() == r"app\xfe.properties:1:60: " + MESSAGE + "\n"


def test_notifications_escape_names(tmp_path: Path) -> None:
    names = [b"bin\xff\x1b[2K.properties", b"ok.properties"]
    repo = _tree(tmp_path / "repo", names[:1], content=b"jdbc:mysql\x00\x01\x02")
    _tree(repo, names[1:])
    code, out, err = _run(repo, "check", ".")
    _ok(code, err)
    stderr = err.decode("utf-8")
    assert r"connlint: bin\xff\x1b[2K.properties: " in stderr
    _assert_terminal_safe(stderr + out.decode())
    code, out, err = _run(repo, "check", ".", "--format", "sarif")
    _ok(code, err)
    doc = json.loads(out)
    validate_sarif(doc)
    (note,) = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note["message"]["text"].startswith("bin\\xff\x1b[2K.properties: ")
    artifact = note["locations"][0]["physicalLocation"]["artifactLocation"]
    assert unquote_to_bytes(artifact["uri"]) == names[0]
    code, out, err = _run(repo, "check", ".", "--format", "json")
    (notification,) = json.loads(out)["notifications"]
    assert base64.b64decode(notification["path_bytes"]) == names[0]


@pytest.mark.parametrize("utf8_only", [True, False])
def test_quiet_prints_exactly_the_findings(tmp_path: Path, utf8_only: bool) -> None:
    names = {raw: shown for raw, shown in HOSTILE.items() if not (utf8_only and raw == RAW)}
    repo = _tree(tmp_path / "repo", list(names))
    for fmt in ("concise", "full"):
        code, out, err = _run(repo, "check", ".", "--quiet", "--format", fmt)
        _ok(code, err)
        assert err == b""
        lines = out.decode("utf-8").split("\n")
        assert lines.pop() == ""
        assert sorted(lines) == sorted(f"{shown}:1:60: {MESSAGE}" for shown in names.values())


@pytest.mark.parametrize(
    "args",
    [
        ("check", "."),
        ("check", ".", "--format", "full"),
        ("check", ".", "--quiet"),
        ("check", ".", "--include-suppressed", "--format", "full"),
        ("inventory", "."),
        ("inventory", ".", "--format", "markdown"),
    ],
)
def test_text_formats_escape_names(tmp_path: Path, args: tuple[str, ...]) -> None:
    repo = _tree(tmp_path / "repo", list(HOSTILE))
    code, out, err = _run(repo, *args)
    assert code == (0 if args[0] == "inventory" else 1), err
    text = out.decode("utf-8")
    _assert_terminal_safe(text + err.decode("utf-8"))
    for shown in HOSTILE.values():
        assert shown in text


def test_full_format_escapes_source_and_keeps_marker_aligned(tmp_path: Path) -> None:
    line = b"\x1b[8mx=1;\tspring.datasource.url=jdbc:mysql://db/app?sslMode=DISABLED\r\n"
    repo = _tree(tmp_path / "repo", [b"a.properties"], content=b"# hidden\n" + line)
    code, out, err = _run(repo, "check", ".", "--format", "full", "--isolated")
    _ok(code, err)
    text = out.decode()
    _assert_terminal_safe(text)
    source = next(x for x in text.splitlines() if x.startswith("2 | "))
    assert source == "2 | \\x1b[8mx=1;\tspring.datasource.url=jdbc:mysql://db/app?sslMode=DISABLED"
    marker = text.splitlines()[text.splitlines().index(source) + 1]
    start = marker.index("^") - len("  | ")
    assert source[len("2 | ") :][start:].startswith("sslMode=DISABLED")


@pytest.mark.parametrize("fmt", INVENTORY_FORMATS)
def test_inventory_with_non_utf8_name(tmp_path: Path, fmt: str) -> None:
    repo = _tree(tmp_path / "repo", [RAW])
    code, out, err = _run(repo, "inventory", ".", "--format", fmt)
    assert code == 0, err
    text = out.decode("utf-8")
    if fmt == "json":
        (row,) = json.loads(text)["connections"]
        assert row["location"] == r"app\xff.properties:1:23"
        assert base64.b64decode(row["path_bytes"]) == RAW
    else:
        assert r"app\xff.properties:1:23" in text
    code, _, err = _run(repo, "inventory", ".", "--format", fmt, "-o", "inv.out")
    assert code == 0 and (repo / "inv.out").read_bytes().decode("utf-8")


_NAME_BYTES = st.binary(min_size=1, max_size=40).map(lambda b: b.replace(b"/", b"_").replace(b"\0", b"_"))


@settings(max_examples=20)  # each example is two runs
@given(names=st.lists(_NAME_BYTES, min_size=1, max_size=3, unique=True))
def test_generated_names(tmp_path_factory: pytest.TempPathFactory, names: list[bytes]) -> None:
    files = [b"x" + name + b".properties" for name in names]  # b"x": never hidden, never "." or ".."
    repo = _tree(tmp_path_factory.mktemp("names"), files)
    # -j1: no worker pool to start for each example.
    code, out, err = _run(
        repo, "check", ".", "-j1", "--format", "sarif", "-o", "out.sarif", "--write-baseline", "b"
    )
    _ok(code, err, expected=0)
    doc = json.loads((repo / "out.sarif").read_text(encoding="utf-8"))
    validate_sarif(doc)
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]
    ]
    assert sorted(unquote_to_bytes(u) for u in uris) == sorted(files)
    findings = json.loads((repo / "b").read_text(encoding="utf-8"))["findings"]
    raw = [base64.b64decode(f["path_bytes"]) if "path_bytes" in f else f["path"].encode() for f in findings]
    assert sorted(raw) == sorted(files)
    prints = {f["fingerprint"] for f in findings}
    assert len(prints) == len(files)
    assert {r["partialFingerprints"]["connlint/v2"] for r in doc["runs"][0]["results"]} == prints
    assert load_baseline(repo / "b") == prints
    code, out, err = _run(repo, "check", ".", "-j1", "--quiet")
    _ok(code, err)
    _assert_terminal_safe(out.decode("utf-8"))
    lines = out.decode("utf-8").split("\n")
    assert lines.pop() == "" and len(lines) == len(files)
    assert all(line.endswith(f":1:60: {MESSAGE}") for line in lines)


def test_output_is_replaced_whole_or_not_at_all(tmp_path: Path) -> None:
    """A write that fails half-way (here: the file size limit, as a full disk
    would) leaves the previous report as it was and no temporary file."""
    repo = _tree(tmp_path / "repo", [b"app.properties"])
    (repo / "out.sarif").write_text("previous report\n")

    def limit() -> None:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a kill
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    r = subprocess.run(
        [sys.executable, "-m", "connlint", "check", ".", "--format", "sarif", "-o", "out.sarif"],
        cwd=repo,
        capture_output=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        preexec_fn=limit,
        timeout=120,
    )
    assert r.returncode == 2 and b"out.sarif" in r.stderr, r.stderr
    assert (repo / "out.sarif").read_text() == "previous report\n"
    assert sorted(os.listdir(repo)) == ["app.properties", "out.sarif"]
