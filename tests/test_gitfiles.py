"""The walk against git itself: which files git's ignore rules leave, inside a
work tree (where git is asked) and outside one (where the walk reads the
``.gitignore`` files), and the configured excludes relative to the
configuration file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pathspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connlint.discover import Walker
from connlint.gitfiles import parse_listing

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

_ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_SYSTEM": os.devnull,
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, env=_ENV, capture_output=True, text=True, check=True
    ).stdout


def _tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)


def _walk(root: Path, *, use_git: bool = True, cwd: Path | None = None, **kw: object) -> list[str]:
    walker = Walker(cwd=cwd or root, use_git=use_git, **kw)  # type: ignore[arg-type]
    return sorted(s.display for s in walker.walk([root]))


@pytest.fixture(autouse=True)
def _no_global_git_config(monkeypatch: pytest.MonkeyPatch) -> None:
    # The walk's own git calls: no user or system excludes file from this machine.
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_SYSTEM", os.devnull)


def test_parse_listing() -> None:
    shown = parse_listing(b"a/b/c.yml\0d.yml\0vendor/lib/\0sub\0")
    assert shown.files == {"a/b/c.yml", "d.yml", "sub"}
    assert shown.dirs == {"a/", "a/b/", "vendor/"}
    assert shown.repositories == {"vendor/lib/"}
    assert shown.shows("a", True) and shown.shows("a/b/c.yml", False) and not shown.shows("a/x.yml", False)
    assert shown.is_repository("vendor/lib") and shown.is_repository("sub") and not shown.is_repository("a")


_NESTED = {
    ".gitignore": "*.properties\n",
    "a.properties": "",
    "conf/.gitignore": "!keep.properties\n",
    "conf/keep.properties": "",
    "conf/other.properties": "",
}


@pytest.mark.parametrize("use_git", [True, False])
def test_nested_negation_reincludes(tmp_path: Path, use_git: bool) -> None:
    # git: the deepest .gitignore with a pattern for a path decides.
    _git(tmp_path, "init", "-q")
    _tree(tmp_path, _NESTED)
    assert _walk(tmp_path, use_git=use_git) == ["conf/keep.properties"]
    assert _walk(tmp_path, use_git=use_git) == _git_shows(tmp_path)


def test_nested_negation_outside_a_work_tree(tmp_path: Path) -> None:
    _tree(tmp_path, _NESTED)
    assert _walk(tmp_path) == ["conf/keep.properties"]


def test_info_exclude_tracked_files_and_parent_gitignore(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    _tree(
        tmp_path,
        {
            ".gitignore": "*.yml\n",
            "svc/tracked.yml": "",
            "svc/untracked.yml": "",
            "svc/local.properties": "",
            "svc/app.properties": "",
        },
    )
    (tmp_path / ".git" / "info" / "exclude").write_text("local.properties\n")
    _git(tmp_path, "add", "-f", "svc/tracked.yml")
    # A tracked file is never ignored; .git/info/exclude counts; the .gitignore
    # above the scanned directory counts.
    assert _walk(tmp_path / "svc", cwd=tmp_path) == ["svc/app.properties", "svc/tracked.yml"]
    assert _walk(tmp_path) == _git_shows(tmp_path)


def test_directory_git_ignores_is_walked_when_named(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    _tree(tmp_path, {".gitignore": "generated/\n", "generated/a.yml": "", "generated/.gitignore": "b.yml\n"})
    (tmp_path / "generated" / "b.yml").write_text("")
    assert _walk(tmp_path) == []
    assert _walk(tmp_path / "generated", cwd=tmp_path) == ["generated/a.yml"]


def test_nested_repository_is_asked_itself(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    nested = {"vendor/lib/.gitignore": "x.yml\n", "vendor/lib/x.yml": "", "vendor/lib/y.yml": ""}
    _tree(tmp_path, {"a.yml": "", **nested})
    _git(tmp_path / "vendor" / "lib", "init", "-q")
    assert _walk(tmp_path) == ["a.yml", "vendor/lib/y.yml"]


_PATTERNS = [
    "*.properties",
    "!keep.properties",
    "!*.properties",
    "conf/",
    "conf",
    "/conf/",
    "conf/*.yml",
    "!conf/",
    "!conf/a.yml",
    "**/sub/",
    "sub/*",
    "/a.yml",
    "a.yml",
    "!a.yml",
    "*.yml",
    "k*",
    "!sub/",
]
_DIRS = ["", "conf/", "conf/sub/", "sub/", "x/conf/"]
_NAMES = ["a.yml", "b.yml", "keep.properties", "k.properties"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dictionaries(
        st.sampled_from(_DIRS), st.lists(st.sampled_from(_PATTERNS), max_size=4), min_size=1, max_size=3
    ),
    st.sets(st.tuples(st.sampled_from(_DIRS), st.sampled_from(_NAMES)), min_size=1, max_size=10),
)
def test_walk_shows_what_git_shows(
    tmp_path_factory: pytest.TempPathFactory, gitignores: dict[str, list[str]], files: set[tuple[str, str]]
) -> None:
    root = tmp_path_factory.mktemp("repo")
    _git(root, "init", "-q")
    _tree(root, {d + n: "" for d, n in files})
    _tree(root, {d + ".gitignore": "".join(p + "\n" for p in lines) for d, lines in gitignores.items()})
    expected = _git_shows(root)
    assert _walk(root) == expected
    # Outside git's view the walk reads the same .gitignore files to the same answer.
    assert _walk(root, use_git=False) == expected, gitignores


def _git_shows(root: Path) -> list[str]:
    """The non-.gitignore files of ``root`` that ``git check-ignore`` does not ignore."""
    candidates = sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(root).parts and p.name != ".gitignore"
    )
    if not candidates:
        return []
    ignored = subprocess.run(
        ["git", "check-ignore", "--stdin"],
        cwd=root,
        env=_ENV,
        input="\n".join(candidates) + "\n",
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split("\n")
    return sorted(set(candidates) - set(ignored))


# Excludes: relative to the configuration file's directory; named paths.


def _excludes(*lines: str) -> pathspec.GitIgnoreSpec:
    return pathspec.GitIgnoreSpec.from_lines(lines)


def test_excludes_relative_to_the_config_directory(tmp_path: Path) -> None:
    _tree(tmp_path, {"src/gen/a.yml": "", "src/b.yml": "", "gen/c.yml": ""})
    spec = _excludes("/src/gen/")
    # Run from src/ (or on it): the pattern still means <config dir>/src/gen.
    assert _walk(tmp_path / "src", cwd=tmp_path / "src", excludes=spec, exclude_root=tmp_path) == ["b.yml"]
    assert _walk(tmp_path, excludes=spec, exclude_root=tmp_path) == ["gen/c.yml", "src/b.yml"]


def test_named_paths_are_linted_unless_force_exclude(tmp_path: Path) -> None:
    _tree(tmp_path, {"fixtures/a.yml": "", "fixtures/skip.yml": "", "src/b.yml": ""})
    spec = _excludes("fixtures/", "skip.yml")
    kw = {"excludes": spec, "exclude_root": tmp_path}
    assert _walk(tmp_path, **kw) == ["src/b.yml"]
    # Named explicitly: walked; what lies below it is still matched.
    assert _walk(tmp_path / "fixtures", cwd=tmp_path, **kw) == ["fixtures/a.yml"]
    assert _walk(tmp_path / "fixtures", cwd=tmp_path, force_exclude=True, **kw) == []
    named = tmp_path / "fixtures" / "a.yml"
    assert [s.display for s in Walker(cwd=tmp_path, **kw).walk([named])] == ["fixtures/a.yml"]  # type: ignore[arg-type]
    assert list(Walker(cwd=tmp_path, force_exclude=True, **kw).walk([named])) == []  # type: ignore[arg-type]
