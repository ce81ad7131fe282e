"""The main rule test: every annotated file under fixtures/ is linted and its
findings compared with its annotations (one test per file)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from annotations import Annotation, parse_annotations
from connlint.config import Config
from connlint.engine import run
from connlint.model import Finding

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def _files(base: Path) -> list[Path]:
    return sorted(p for p in base.rglob("*") if p.is_file())


def _cases() -> list[pytest.param]:
    cases = []
    for rule_dir in sorted((FIXTURES / "rules").iterdir()):
        for path in _files(rule_dir):
            cases.append(pytest.param(path, rule_dir.name, id=path.relative_to(FIXTURES).as_posix()))
    for project in sorted((FIXTURES / "projects").iterdir()) if (FIXTURES / "projects").is_dir() else []:
        if project.is_dir():
            cases.append(pytest.param(project, None, id=project.relative_to(FIXTURES).as_posix()))
    return cases


def _show(path: Path, line: int) -> str:
    lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def _compare(path: Path, text: str, findings: list[Finding]) -> list[str]:
    annotations = parse_annotations(text)
    by_key: dict[tuple[int, str], list[Annotation]] = defaultdict(list)
    for a in annotations:
        by_key[(a.line, a.rule)].append(a)
    fired: dict[tuple[int, str], list[Finding]] = defaultdict(list)
    for f in findings:
        fired[(f.location.line, f.rule)].append(f)
    rel = path.relative_to(ROOT)
    errors = []
    for key, fs in sorted(fired.items()):
        kinds = {a.kind for a in by_key.get(key, [])}
        line, rule = key
        if "todoruleid" in kinds:
            errors.append(
                f"{rel}:{line}: {rule} fires on a todoruleid line: promote to ruleid\n    {_show(path, line)}"
            )
        elif not kinds & {"ruleid", "todook"}:
            what = "an `ok` line" if "ok" in kinds else "a line with no annotation"
            msgs = "; ".join(f"col {f.location.column}: {f.message}" for f in fs)
            errors.append(
                f"{rel}:{line}: unexpected {rule} on {what}\n    {_show(path, line)}\n    got: {msgs}"
            )
        else:
            for a in by_key[key]:
                if a.kind != "ruleid":
                    continue
                if a.column is not None and all(f.location.column != a.column for f in fs):
                    cols = ", ".join(str(f.location.column) for f in fs)
                    errors.append(f"{rel}:{line}: {rule} expected at col {a.column}, got col {cols}")
                if a.message is not None and all(a.message not in f.message for f in fs):
                    errors.append(
                        f"{rel}:{line}: {rule} message lacks {a.message!r}: {[f.message for f in fs]}"
                    )
    for a in annotations:
        if a.kind == "ruleid" and (a.line, a.rule) not in fired:
            errors.append(
                f"{rel}:{a.line}: expected {a.rule} (annotation at {a.source_line}), none fired\n"
                f"    {_show(path, a.line)}"
            )
        if a.kind == "todook" and (a.line, a.rule) not in fired:
            errors.append(f"{rel}:{a.line}: todook {a.rule} no longer fires: change it to ok")
    return errors


@pytest.mark.parametrize(("path", "rule_dir"), _cases())
def test_fixture(path: Path, rule_dir: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    extend = (rule_dir,) if rule_dir else ()
    # runbooks: documentation fixtures (fixtures/projects/runbooks) are read as the flag asks
    report = run([path.relative_to(ROOT)], Config(extend_select=extend, runbooks=True), jobs=1)
    internal = [n for n in report.notifications if "internal error" in n.message]
    assert not internal, internal
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:
        if f.suppressed is None:
            by_file[f.location.path].append(f)
    files = [path] if path.is_file() else _files(path)
    errors: list[str] = []
    for file in files:
        rel = file.relative_to(ROOT).as_posix()
        text = file.read_text(encoding="utf-8", errors="replace")
        errors += _compare(file, text, by_file.pop(rel, []))
    for rel, fs in by_file.items():
        errors += [f"{rel}:{f.location.line}: unexpected {f.rule}: {f.message}" for f in fs]
    assert not errors, "\n" + "\n".join(errors)


def test_every_rule_has_positive_and_negative_fixtures() -> None:
    from connlint.catalog import load_catalog

    seen: dict[str, set[str]] = defaultdict(set)
    for path in _files(FIXTURES):
        for a in parse_annotations(path.read_text(encoding="utf-8", errors="replace")):
            seen[a.rule].add(a.kind)
    missing = [
        f"{rule_id}: {kind}"
        for rule_id, rule in load_catalog().items()
        if rule.status != "removed"
        for kind in ("ruleid", "ok")
        if kind not in seen[rule_id]
    ]
    assert not missing, f"rules without fixtures: {missing}"
