"""The one escaping of what reporters show (reporters/escape.py), the
fingerprint of names that are not UTF-8, and atomic report files."""

from __future__ import annotations

import json
import os
import re
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connlint.engine import Report
from connlint.fingerprints import fingerprints, legacy_fingerprints
from connlint.model import Finding, Level, Location
from connlint.reporters import REPORTER_BY_NAME, RenderOptions
from connlint.reporters.escape import decodable, dumps, printable, raw
from connlint.reporters.output import OutputError, write_file

#: Text as it reaches a reporter: any characters, or a file name's bytes
#: decoded as os.fsdecode does (undecodable bytes become lone surrogates).
TEXT = st.one_of(st.text(), st.binary().map(os.fsdecode))

_ESCAPE = re.compile(r"\\(x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8}|[tnr])")


def _unescape(shown: str) -> str:
    def one(m: re.Match[str]) -> str:
        code = m.group(1)
        if code in "tnr":
            return {"t": "\t", "n": "\n", "r": "\r"}[code]
        value = int(code[1:], 16)
        return chr(0xDC00 + value) if code[0] == "x" and value >= 0x80 else chr(value)

    return _ESCAPE.sub(one, shown)


@given(TEXT)
def test_printable_is_printable_and_reversible(text: str) -> None:
    shown = printable(text)
    assert shown.isprintable()  # no control, format or line-separator character, no surrogate
    shown.encode("utf-8")
    if "\\" not in text:  # a backslash is left as it is (see the module)
        assert _unescape(shown) == text


@given(st.text().filter(str.isprintable))
def test_printable_text_is_left_alone(text: str) -> None:
    assert printable(text) == text


def test_printable_examples() -> None:
    assert printable("a b/ü.properties") == "a b/ü.properties"
    assert printable(os.fsdecode(b"app\xff.properties")) == r"app\xff.properties"
    assert printable("ÿ") == "ÿ" and printable("\x85") == r"\u0085"  # a character, not the byte
    assert printable("a\r\n\t\x1b[31m\x7f\u202e") == r"a\r\n\t\x1b[31m\x7f\u202e"


@given(TEXT)
def test_decodable_escapes_only_undecodable_bytes(text: str) -> None:
    out = decodable(text)
    out.encode("utf-8")
    if not re.search("[\ud800-\udfff]", text):
        assert out == text


@given(st.binary())
def test_raw_gives_the_name_back(name: bytes) -> None:
    assert raw(os.fsdecode(name)) == name


@given(st.dictionaries(TEXT, TEXT, max_size=4))
def test_dumps_is_valid_utf8_json(doc: dict[str, str]) -> None:
    text = dumps(doc)
    assert json.loads(text.encode("utf-8")) == {decodable(k): decodable(v) for k, v in doc.items()}


def test_dumps_of_ordinary_values_is_json_dumps() -> None:
    doc = {"b": ["ü", "\n"], "a": 1}
    assert dumps(doc) == json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _finding(path: str, evidence: str = "sslMode=DISABLED") -> Finding:
    return Finding("CL201", Level.ERROR, "m", Location(path, 1, 2, 1, 5), evidence)


def test_v1_fingerprints_of_utf8_names_are_unchanged() -> None:
    # Values from before names that are not UTF-8 were handled: v1 baselines stay valid.
    f = _finding("src/app.properties")
    g = _finding("src/ü.properties", "  sslMode=DISABLED  x")
    assert legacy_fingerprints([f, f, g]) == [
        "10138857d9cfa7122b54b55366e7192d",
        "b07e262c360c5b356397f882166119b7",
        "4a29e37b61c59e1bbd5f4c05a8d9ff08",
    ]


@given(st.lists(st.binary(min_size=1), min_size=1, max_size=4, unique=True))
def test_fingerprints_of_any_names_are_stable_and_distinct(names: list[bytes]) -> None:
    findings = [_finding(os.fsdecode(name)) for name in names]
    prints = fingerprints(findings)
    assert prints == fingerprints(findings)
    assert len(set(prints)) == len(names)
    # A lone surrogate no decoding of bytes gives (not from a file name) hashes too.
    assert fingerprints([_finding("a\ud800")]) == fingerprints([_finding("a\ud800")])


def _report(path: str, snippet: str, column: int, end_column: int) -> Report:
    finding = Finding(
        "CL201", Level.ERROR, "m", Location(path, 3, column, 3, end_column), "e", snippet=snippet
    )
    return Report(findings=[finding], files_seen=1)


def test_full_marker_stays_under_the_finding_after_escapes() -> None:
    snippet = "\x1b[2K\u202ex=\tsslMode=DISABLED\r"
    column = snippet.index("sslMode") + 1
    out = REPORTER_BY_NAME["full"](_report("a\nb", snippet, column, column + 16), RenderOptions())
    lines = out.splitlines()
    assert lines[0] == r"a\nb:3:9: CL201 m"
    assert lines[2] == "3 | \\x1b[2K\\u202ex=\tsslMode=DISABLED"
    assert lines[3] == "  | " + " " * lines[2][4:].index("sslMode") + "^" * 16 + " error"


def test_full_marker_of_ordinary_lines_is_unchanged() -> None:
    out = REPORTER_BY_NAME["full"](_report("a.properties", "url=x?sslMode=DISABLED", 7, 23), RenderOptions())
    assert out.splitlines()[1:4] == ["  |", "3 | url=x?sslMode=DISABLED", "  |       " + "^" * 16 + " error"]


def test_quiet_is_one_line_per_finding() -> None:
    report = _report("dir with space/a\rb", "x", 1, 2)
    out = REPORTER_BY_NAME["full"](report, RenderOptions(quiet=True, statistics=True))
    assert out == "dir with space/a\\rb:3:1: CL201 m\n"
    assert REPORTER_BY_NAME["concise"](Report(), RenderOptions(quiet=True)) == ""


def test_write_file_replaces_whole(tmp_path: Path) -> None:
    target = tmp_path / "report.sarif"
    write_file(target, "first\n")
    write_file(target, "ü second\n")
    assert target.read_text(encoding="utf-8") == "ü second\n"
    assert os.listdir(tmp_path) == ["report.sarif"]


def test_write_file_interrupted_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.json"
    target.write_text("old\n")

    def interrupted(src: object, dst: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_file(target, "new\n")
    assert target.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["report.json"]


def test_write_file_through_a_link_and_into_a_fifo(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_file(link, "via link\n")
    assert link.is_symlink() and real.read_text() == "via link\n"
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_file(fifo, "streamed\n")
    reader.join(10)
    assert got == [b"streamed\n"]


def test_write_file_error_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"missing/out\.txt: cannot write: No such file"):
        write_file(tmp_path / "missing" / "out.txt", "x")
