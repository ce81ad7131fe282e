"""The other files the Java front-end parses for constants and helpers
(java_units._Units, issue 15): each parsed once per process while the kept
ones fit, and freed as soon as they are dropped (no reference cycle keeps a
tree alive until a full collection).
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from connlint import project
from connlint.frontends import java, java_units
from connlint.frontends.java import extract

CLASSES = {
    name: f"""package com.x.config;
public final class {name} {{
    public static final String BASE = "jdbc:mysql://{name.lower()}.example.com/app";
    public static final String OFF = "?sslMode=DISABLED";
    public static final String ON = "?sslMode=REQUIRED";
}}
"""
    for name in ("One", "Two", "Three", "Four")
}


def _write(tmp_path: Path) -> None:
    for name, text in CLASSES.items():
        path = tmp_path / f"src/main/java/com/x/config/{name}.java"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (tmp_path / ".git").mkdir(exist_ok=True)


def _lint(tmp_path: Path, body: str, n: int) -> list[str]:
    path = tmp_path / f"src/main/java/com/x/app/App{n}.java"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = f"package com.x.app;\nimport com.x.config.*;\nclass App{n} {{\n{body}\n}}\n"
    path.write_text(text)
    return [c.url.text for c in extract(str(path), text).candidates if c.url is not None]


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """How often each file was parsed for its declarations."""
    counts: Counter[str] = Counter()
    original = java.parse_declarations

    def counting(path: str, text: str) -> object:
        counts[Path(path).name] += 1
        return original(path, text)

    monkeypatch.setattr(java, "parse_declarations", counting)
    yield counts


def test_each_referenced_file_is_parsed_once(tmp_path: Path, parsed: Counter[str]) -> None:
    _write(tmp_path)
    call = "Connection c() throws Exception {{ return DriverManager.getConnection({}); }}"
    with project.using(project.Project()):
        n = 0
        for field in ("OFF", "ON"):  # a new name of each class, after the other classes
            for name in CLASSES:
                n += 1
                urls = _lint(tmp_path, call.format(f"{name}.BASE + {name}.{field}"), n)
                assert urls == [f"jdbc:mysql://{name.lower()}.example.com/app?sslMode={field_mode(field)}"]
    assert parsed == {f"{name}.java": 1 for name in CLASSES}


def field_mode(field: str) -> str:
    return "DISABLED" if field == "OFF" else "REQUIRED"


def test_dropped_files_are_parsed_again_with_the_same_answers(
    tmp_path: Path, parsed: Counter[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(java_units, "_MAX_UNITS", 1)
    _write(tmp_path)
    call = "Connection c() throws Exception {{ return DriverManager.getConnection({}); }}"
    with project.using(project.Project()):
        first = _lint(tmp_path, call.format("One.BASE + Two.OFF"), 1)
        second = _lint(tmp_path, call.format("Two.BASE + One.ON"), 2)
    assert first == ["jdbc:mysql://one.example.com/app?sslMode=DISABLED"]
    assert second == ["jdbc:mysql://two.example.com/app?sslMode=REQUIRED"]
    assert parsed["One.java"] == 2  # kept one at a time


def test_a_linted_file_leaves_no_cycle_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Trees are native memory the collector does not count: a cycle through a
    file's evaluator and resolver kept each until a full collection.
    """
    monkeypatch.setattr(java_units, "_MAX_UNITS", 1)
    _write(tmp_path)
    call = "Connection c() throws Exception {{ return DriverManager.getConnection({}); }}"
    with project.using(project.Project()):
        _lint(tmp_path, call.format("One.BASE + One.OFF"), 1)  # imports and caches warmed
        gc.collect()
        gc.disable()
        try:
            _lint(tmp_path, call.format("Two.BASE + Two.OFF"), 2)
            _lint(tmp_path, call.format("Three.BASE + Three.OFF"), 3)  # Two's unit dropped
            _lint(tmp_path, call.format("Four.BASE + Four.OFF"), 4)  # and released here
            assert gc.collect() == 0
        finally:
            gc.enable()
