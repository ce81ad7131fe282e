"""connlint.project: finding the file that defines what a linted file refers to."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from connlint import project
from connlint.project import Project


def _write(root: Path, relative: str, text: str = "") -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    return tmp_path


def test_java_class_in_the_same_source_root(repo: Path) -> None:
    app = _write(repo, "src/main/java/com/x/App.java", "package com.x;")
    _write(repo, "src/main/java/com/x/db/Config.java", "package com.x.db; class Config {}")
    found = Project().java_class(str(app), "com.x", "com.x.db.Config")
    assert found is not None
    assert found.path == repo / "src/main/java/com/x/db/Config.java"
    assert found.text == "package com.x.db; class Config {}"
    assert found.member == ()


def test_nested_class_names_its_outer_file(repo: Path) -> None:
    app = _write(repo, "src/main/java/com/x/App.java")
    _write(repo, "src/main/java/com/x/Outer.java", "class Outer { static class Inner {} }")
    found = Project().java_class(str(app), "com.x", "com.x.Outer.Inner")
    assert found is not None and found.path.name == "Outer.java"
    assert found.member == ("Inner",)


def test_other_source_set_and_sibling_module(repo: Path) -> None:
    test = _write(repo, "service/src/test/java/com/x/AppTest.java")
    _write(repo, "service/src/main/java/com/x/Urls.java", "main")
    _write(repo, "common/src/main/java/com/c/Shared.java", "shared")
    p = Project()
    urls = p.java_class(str(test), "com.x", "com.x.Urls")
    shared = p.java_class(str(test), "com.x", "com.c.Shared")
    assert urls is not None and urls.text == "main"
    assert shared is not None and shared.text == "shared"


def test_never_above_the_repository_root(tmp_path: Path) -> None:
    _write(tmp_path, "outside/src/main/java/com/c/Shared.java", "outside")
    inner = tmp_path / "repo"
    (inner / ".git").mkdir(parents=True)
    app = _write(inner, "src/main/java/com/x/App.java")
    assert Project().java_class(str(app), "com.x", "com.c.Shared") is None


def test_file_not_laid_out_by_package_sees_only_its_directory(repo: Path) -> None:
    app = _write(repo, "loose/App.java")
    _write(repo, "loose/Config.java", "same dir")
    p = Project()
    found = p.java_class(str(app), "com.x", "com.x.Config")
    assert found is None  # a qualified name needs a package layout
    assert p.java_class(str(app), "com.x", "Config") is not None


def test_python_relative_and_absolute_imports(repo: Path) -> None:
    _write(repo, "app/__init__.py")
    _write(repo, "app/settings.py", "DB = 1")
    _write(repo, "app/db/__init__.py", "X = 2")
    mod = _write(repo, "app/db/connect.py")
    p = Project()
    up = p.python_module(str(mod), "settings", level=2)
    here = p.python_module(str(mod), "", level=1)
    absolute = p.python_module(str(mod), "app.settings")
    assert up is not None and up.text == "DB = 1"
    assert here is not None and here.text == "X = 2"
    assert absolute is not None and absolute.path == repo / "app/settings.py"
    assert p.python_module(str(mod), "x", level=99) is None
    assert p.python_module(str(mod), "app.missing") is None


def test_python_src_layout_from_tests(repo: Path) -> None:
    _write(repo, "src/pkg/__init__.py")
    _write(repo, "src/pkg/config.py", "URL = 'mysql://h'")
    test = _write(repo, "tests/test_db.py")
    found = Project().python_module(str(test), "pkg.config")
    assert found is not None and found.text == "URL = 'mysql://h'"


def test_oversized_file_is_not_found_and_said_once(repo: Path) -> None:
    app = _write(repo, "a.py")
    _write(repo, "big.py", "x" * 200)
    p = Project(max_file_size=100)
    assert p.python_module(str(app), "big") is None
    assert p.python_module(str(app), "big") is None
    notes = p.take_notifications()
    assert len(notes) == 1 and "size cap" in notes[0].message
    assert p.take_notifications() == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file_is_a_notification(repo: Path) -> None:
    app = _write(repo, "a.py")
    secret = _write(repo, "locked.py", "X = 1")
    secret.chmod(0)
    p = Project()
    assert p.python_module(str(app), "locked") is None
    assert "cannot read" in p.take_notifications()[0].message


def test_memo_computes_once() -> None:
    p = Project()
    calls: list[int] = []
    assert p.memo("k", lambda: calls.append(1) or 5) == 5
    assert p.memo("k", lambda: calls.append(1) or 6) == 5
    assert calls == [1]


def test_current_is_set_only_inside_using() -> None:
    assert project.current() is None
    p = Project()
    with project.using(p):
        assert project.current() is p
        with project.using(None):
            assert project.current() is None
        assert project.current() is p
    assert project.current() is None


def test_a_run_sets_the_project_for_the_front_end(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine hands each front-end call the Project of its Scope (one per process)."""
    from connlint import engine
    from connlint.config import Config
    from connlint.discover import SourceFile
    from connlint.frontends import properties

    seen: list[Project | None] = []
    original = properties.extract

    def spy(path: str, text: str):  # type: ignore[no-untyped-def]
        seen.append(project.current())
        return original(path, text)

    monkeypatch.setattr(properties, "extract", spy)
    path = _write(repo, "app.properties", "spring.datasource.url=jdbc:mysql://db/x?sslMode=DISABLED\n")
    settings = engine.settings_from_config(Config())
    scope = engine._scope(settings)
    result = engine.lint_file(SourceFile(path, "app.properties", "properties"), settings, scope)
    assert result.findings
    assert seen == [scope.project]
    assert project.current() is None


def test_java_class_files_are_regular_files_as_path_is_file_says(repo: Path) -> None:
    # The lookup lists each directory once instead of asking Path.is_file per
    # class: a directory named like a class is no class; a link to a file is.
    app = _write(repo, "src/main/java/com/x/App.java")
    (repo / "src/main/java/com/x/Dir.java").mkdir()
    target = _write(repo, "shared/Linked.java", "class Linked {}")
    os.symlink(target, repo / "src/main/java/com/x/Linked.java")
    p = Project()
    assert p.java_class(str(app), "com.x", "com.x.Dir") is None
    linked = p.java_class(str(app), "com.x", "com.x.Linked")
    assert linked is not None and linked.text == "class Linked {}"
    # Asked again (a cached listing), the answers stay.
    assert p.java_class(str(app), "com.x", "com.x.Linked") == linked
    assert p.java_class(str(app), "com.x", "com.x.Missing") is None


def test_a_class_of_the_first_root_lists_no_other_module(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 30 modules: Base is in the asking module's own root, Shared in the last
    # module, Inner nested in Base; each found where the whole listing finds it,
    # the other modules' directories listed only for what is not found before them.
    app = _write(repo, "m00/src/main/java/com/x/App.java", "package com.x;")
    _write(repo, "m00/src/main/java/com/x/Base.java", "base")
    for i in range(1, 30):
        _write(repo, f"m{i:02}/src/main/java/com/x/Base.java", f"other base {i}")
    _write(repo, "m29/src/main/java/com/y/Shared.java", "shared")
    listed: list[str] = []
    below = Project._java_files_below

    def recording(self: Project, root: str, names: tuple[str, ...]) -> frozenset[str]:
        listed.append(root)
        return below(self, root, names)

    monkeypatch.setattr(Project, "_java_files_below", recording)
    p = Project()
    base = p.java_class(str(app), "com.x", "com.x.Base")
    assert base is not None and base.text == "base"
    first = len(listed)
    assert first == 1  # com/x of the asking module only
    inner = p.java_class(str(app), "com.x", "com.x.Base.Inner")
    assert inner is not None and inner.text == "base" and inner.member == ("Inner",)
    shared = p.java_class(str(app), "com.x", "com.y.Shared")
    assert shared is not None and shared.text == "shared"
    assert p.java_class(str(app), "com.x", "com.x.Missing") is None
    again = len(listed)
    assert p.java_class(str(app), "com.x", "com.x.Missing") is None
    assert len(listed) == again  # what was listed is kept


def test_the_modules_of_a_build_are_listed_once_for_a_package(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each module asks with its own root list (itself first): a package is
    # decided for all the roots of the build at once, a directory listed only
    # where its parent's listing holds its name, and no directory twice.
    for i in range(20):
        _write(repo, f"m{i:02}/src/main/java/com/x/M{i}.java", "package com.x;")
    _write(repo, "m07/src/main/java/com/y/Shared.java", "shared")
    apps = [repo / f"m{i:02}/src/main/java/com/x/M{i}.java" for i in range(20)]
    p = Project()
    for app in apps:
        assert p.java_roots(str(app), "com.x")  # the build's layout, listed before counting
    scanned: list[str] = []
    scandir = os.scandir

    def recording(path: str) -> object:
        scanned.append(str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", recording)
    first = p.java_class(str(apps[0]), "com.x", "com.y.Shared")
    assert first is not None and first.text == "shared"
    assert len(scanned) == len(set(scanned))
    assert sum(path.endswith(os.path.join("com", "y")) for path in scanned) == 1
    listed = len(scanned)
    for app in apps[1:]:
        found = p.java_class(str(app), "com.x", "com.y.Shared")
        assert found is not None and found.path == first.path
    assert p.java_class(str(apps[3]), "com.x", "com.q.Missing") is None
    assert len(scanned) == listed


def _first_root_longest_prefix(roots: tuple[str, ...], qualified: str) -> tuple[str, tuple[str, ...]] | None:
    """What java_class finds, by its definition: the first root holding a file
    for any prefix of the name, and in it the longest prefix (the rest: members).
    """
    parts = tuple(qualified.split("."))
    for root in roots:
        for end in range(len(parts), 0, -1):
            path = os.path.join(root, *parts[: end - 1], parts[end - 1] + ".java")
            if os.path.isfile(path):
                return path, parts[end:]
    return None


@pytest.mark.parametrize("seed", range(12))
def test_java_class_is_the_first_root_and_longest_prefix(repo: Path, seed: int) -> None:
    # Modules holding the same packages and classes here and there, asked the
    # same names again (the remembered scan of the roots goes on where it stopped).
    import random

    rng = random.Random(seed)
    packages = ["com.x", "com.x.db", "com.y", "org.z.deep.er"]
    classes = ["Base", "Db", "Outer", "Util"]
    for module in range(12):
        for package in packages:
            for name in classes:
                if rng.random() < 0.15:
                    directory = package.replace(".", "/")
                    _write(repo, f"m{module:02}/src/main/java/{directory}/{name}.java", f"{module}")
    app = _write(repo, "m00/src/main/java/com/x/App.java", "package com.x;")
    p = Project()
    roots = p.java_roots(str(app), "com.x")
    asked = [f"{pkg}.{name}{inner}" for pkg in packages for name in classes for inner in ("", ".Inner")]
    for qualified in asked + rng.sample(asked, len(asked)):
        found = p.java_class(str(app), "com.x", qualified)
        expected = _first_root_longest_prefix(roots, qualified)
        assert (None if found is None else (str(found.path), found.member)) == expected, qualified
