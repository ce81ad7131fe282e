from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pathspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connlint.discover import Walker, _any_including, _branches, _Matcher, classify
from connlint.frontends import FRONTEND_BY_KIND
from connlint.frontends.kinds import KINDS, SLOW_IMPORT_KINDS


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("src/Main.java", "java"),
        ("app/db.py", "python"),
        ("scripts/backup.sh", "shell"),
        (".envrc", "shell"),
        (".env", "dotenv"),
        ("deploy/docker.env", "dotenv"),
        (".env.production", "dotenv"),
        (".env.local.sh", "shell"),
        ("conf/flyway.conf", "properties"),
        ("src/main/resources/application.properties", "properties"),
        ("config/application-prod.yml", "yaml"),
        (".github/workflows/ci.yml", "ci"),
        (".gitlab-ci.yml", "ci"),
        ("docker-compose.yml", "ci"),
        ("compose.prod.yaml", "ci"),
        ("META-INF/persistence.xml", "xml"),
        ("pom.xml", "maven"),
        ("build.gradle.kts", "gradle"),
        ("buildSrc/src/main/kotlin/conventions.gradle.kts", "gradle"),
        ("src/main/kotlin/App.kt", "kotlin"),
        ("Web.config", "xml"),
        ("src/App/web.Release.config", "xml"),
        ("app.config", "xml"),
        ("nginx.config", None),
        ("scripts/migrate.main.kts", "kotlin"),
        ("App.KT", "kotlin"),
        ("gradle/libs.versions.toml", "gradle"),
        ("my.cnf", "option_file"),
        (".my.cnf", "option_file"),
        ("Dockerfile", "dockerfile"),
        ("Dockerfile.prod", "dockerfile"),
        ("app.dockerfile", "dockerfile"),
        ("requirements-dev.txt", "python_deps"),
        ("pyproject.toml", "python_deps"),
        ("infra/rds.tf", "terraform"),
        ("lib/stack.ts", "typescript"),
        ("infra/rds.tf.json", "json"),
        ("README.md", "runbook"),  # read only with --runbooks (the walk skips it otherwise)
        ("logo.png", None),
        (".mylogin.cnf", "binary"),
        ("connect/mysql-source.json", "json"),
        ("appsettings.Production.JSON", "json"),
        ("web/package-lock.json", "binary"),
        ("npm-shrinkwrap.json", "binary"),
        ("Makefile", "makefile"),
        ("build/makefile", "makefile"),
        ("GNUmakefile", "makefile"),
        ("ops/db.mk", "makefile"),
        ("prisma/schema.prisma", "prisma"),
        ("db/Base.PRISMA", "prisma"),
        ("docs/restore.md", "runbook"),
        ("docs/ops.rst", "runbook"),
        ("docs/ca.adoc", "runbook"),
        # the order of the declarations in connlint.frontends.kinds decides overlaps
        ("Dockerfile.env", "dockerfile"),
        (".github/workflows/Dockerfile.yml", "ci"),
        ("x.github/workflows/a.yml", "yaml"),
        (".github/workflows/a/b.yml", "yaml"),
        ("compose.YML", "yaml"),
        ("compose.prod.yml", "ci"),
        (".env.", "dotenv"),
        ("prod.ENV", "dotenv"),
        (".env.local.txt", "dotenv"),
        (".yml", None),
        ("gradle.properties", "properties"),
        ("requirements.in", "python_deps"),
    ],
)
def test_classify_by_name(path: str, kind: str | None) -> None:
    assert classify(PurePosixPath(path)) == kind


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"#!/bin/bash\n", "shell"),
        (b"#!/usr/bin/env sh\n", "shell"),
        (b"#!/usr/bin/env -S bash -e\n", "shell"),
        (b"#!/command/with-contenv bash\n", "shell"),
        (b"#!/usr/bin/with-contenv sh\n", "shell"),
        (b"#!/command/with-contenv node\n", None),
        (b"#!/usr/bin/envoy\n", None),
        (b"#!/usr/bin/env\n", None),
        (b"#!/usr/bin/python3.11\n", "python"),
        (b"#!/usr/bin/env python\n", "python"),
        (b"#!/usr/bin/env node\n", None),
        (b"#!/bin/ash\n", "shell"),
        (b"#!/usr/bin/shx\n", None),
        (b"#!/bin/busybox sh\n", "shell"),
        (b"#!/usr/bin/python3.11x\n", "python"),  # the interpreter word stops at the dot
        (b"#!/usr/bin/pythonista\n", None),
        (b"plain text\n", None),
    ],
)
def test_classify_by_shebang(head: bytes, kind: str | None) -> None:
    assert classify(PurePosixPath("bin/run"), head) == kind


def _tree(tmp_path: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)


def _walk(root: Path, excludes: list[str] | None = None) -> list[str]:
    spec = pathspec.GitIgnoreSpec.from_lines(excludes) if excludes else None
    walker = Walker(spec, cwd=root)
    return [s.display for s in walker.walk([root])]


def test_walk_honours_gitignore_and_prunes(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            ".gitignore": "generated/\n*.bak.properties\n",
            "a.properties": "",
            "x.bak.properties": "",
            "generated/b.properties": "",
            "node_modules/c.properties": "",
            "target/d.properties": "",
            "sub/.gitignore": "local.yml\n",
            "sub/local.yml": "",
            "sub/keep.yml": "",
            "other/local.yml": "",
        },
    )
    assert _walk(tmp_path) == ["a.properties", "other/local.yml", "sub/keep.yml"]


def test_walk_prunes_virtual_environments_under_any_name(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            "app/db.py": "",
            ".env/pyvenv.cfg": "home = /usr/bin\n",
            ".env/lib/python3.11/site-packages/pymysql/connections.py": "",
            "env2/pyvenv.cfg": "",
            "env2/bin/activate": "#!/bin/sh\n",
        },
    )
    assert _walk(tmp_path) == ["app/db.py"]
    # The scan root itself is what the user asked for, venv or not.
    assert _walk(tmp_path / "env2") == ["bin/activate"]


def test_walk_excludes(tmp_path: Path) -> None:
    _tree(tmp_path, {"a.properties": "", "vendor/b.properties": ""})
    assert _walk(tmp_path, ["vendor/"]) == ["a.properties"]


def test_walk_survives_symlink_loop_and_outside_links(tmp_path: Path) -> None:
    root = tmp_path / "root"
    outside = tmp_path / "outside"
    _tree(root, {"a.properties": ""})
    _tree(outside, {"secret.properties": ""})
    os.symlink(root, root / "loop")
    os.symlink(outside, root / "out")
    os.symlink(outside / "secret.properties", root / "link.properties")
    os.symlink(root / "missing", root / "dangling.properties")
    assert _walk(root) == ["a.properties"]


def test_walk_reports_missing_path(tmp_path: Path) -> None:
    walker = Walker(cwd=tmp_path)
    assert list(walker.walk([tmp_path / "nope"])) == []
    assert "cannot read path" in walker.notifications[0].message


def test_explicit_file_is_linted_even_if_ignored(tmp_path: Path) -> None:
    _tree(tmp_path, {".gitignore": "*.properties\n", "a.properties": ""})
    walker = Walker(cwd=tmp_path)
    assert [s.kind for s in walker.walk([tmp_path / "a.properties"])] == ["properties"]


@pytest.mark.parametrize("outside", [False, True], ids=["inside", "outside"])
def test_link_to_a_fifo_is_not_a_regular_file_not_a_broken_link(tmp_path: Path, outside: bool) -> None:
    (tmp_path / "tree").mkdir()
    fifo_dir = tmp_path / ("elsewhere" if outside else "tree/pipes")
    fifo_dir.mkdir()
    os.mkfifo(fifo_dir / "pipe")
    (tmp_path / "tree" / "app.properties").symlink_to(fifo_dir / "pipe")
    (tmp_path / "tree" / "gone.properties").symlink_to(tmp_path / "missing")
    walker = Walker(cwd=tmp_path)
    assert list(walker.walk([tmp_path / "tree"])) == []  # never opened: a read would block
    assert sorted((n.path, n.message) for n in walker.notifications) == [
        ("tree/app.properties", "not a regular file (FIFO, socket or device); skipped"),
        ("tree/gone.properties", "broken symbolic link (missing target or a loop); skipped"),
    ]


def test_link_to_a_path_that_cannot_be_read_says_why_not_broken(tmp_path: Path) -> None:
    # Tests run as root, where a mode-000 directory is readable: a name longer
    # than the filesystem allows gives stat() an error other than "missing".
    (tmp_path / "tree").mkdir()
    (tmp_path / "tree" / "app.properties").symlink_to(tmp_path / ("x" * 300) / "pom.xml")
    walker = Walker(cwd=tmp_path)
    assert list(walker.walk([tmp_path / "tree"])) == []
    assert [(n.path, n.message) for n in walker.notifications] == [
        ("tree/app.properties", "symbolic link to a path that cannot be read (File name too long); skipped")
    ]


def test_shebang_applies_only_to_names_without_suffix() -> None:
    assert classify(PurePosixPath("bin/run.txt"), b"#!/bin/bash\n") is None


def test_every_declared_name_and_suffix_classifies_as_its_kind() -> None:
    for kind in KINDS:
        for name in kind.names:
            assert classify(PurePosixPath(name)) == kind.name, name
        for suffix in kind.suffixes:
            assert classify(PurePosixPath("dir/file" + suffix.upper())) == kind.name, suffix


def test_declarations_do_not_import_front_ends_or_parsers() -> None:
    # Discovery and the prefilter run on every pre-commit call: classifying a
    # file must never import a front-end, libcst or tree-sitter.
    code = (
        "import sys, connlint.discover, connlint.prefilter, connlint.decoding\n"
        "DATA = ('connlint.frontends.kinds', 'connlint.frontends.shell_programs')  # names only\n"
        "from connlint.frontends import FRONTEND_BY_KIND\n"
        "loaded = [m for m in sys.modules if m.startswith(('libcst', 'tree_sitter', 'yaml', 'tomllib'))"
        " or (m.startswith('connlint.frontends.') and m not in DATA)]\n"
        "print(loaded)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_each_kind_loads_its_declared_front_end() -> None:
    for kind in KINDS:
        module = FRONTEND_BY_KIND[kind.name]()
        assert getattr(module, "__name__", None) == kind.module
        assert callable(module.extract)
    assert {"python"} == SLOW_IMPORT_KINDS


def test_early_child_knows_the_suffixes_of_the_slow_kinds() -> None:
    # connlint.early runs before the CLI catches Ctrl-C, so it keeps its own copy.
    from connlint import early
    from connlint.frontends.kinds import SLOW_IMPORT_SUFFIXES

    assert early.SLOW_IMPORT_SUFFIXES == SLOW_IMPORT_SUFFIXES


def test_kind_names_are_the_declared_kinds() -> None:
    from typing import get_args

    from connlint.frontends.kinds import KindName

    assert set(get_args(KindName)) == {kind.name for kind in KINDS} | {"binary"}


_GITIGNORE_PIECES = ["*", "**", "/", "!", "a", "b", ".", "c.py", "?", "[ab]", "\\", "#", " ", "build", "d/"]
_PATH_PIECES = ["a", "b", "c.py", "build", "d", ".x", "/", "ab", " "]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(_GITIGNORE_PIECES), min_size=1, max_size=4).map("".join), max_size=6),
    st.lists(st.lists(st.sampled_from(_PATH_PIECES), min_size=1, max_size=6).map("".join), max_size=10),
)
def test_quick_gitignore_matcher_answers_as_pathspec(lines: list[str], paths: list[str]) -> None:
    try:
        spec = pathspec.GitIgnoreSpec.from_lines(lines)
    except ValueError:  # a line git ignores (the walk drops it first)
        return
    matcher = _Matcher(spec)
    for path in paths:
        assert matcher.match(path) == spec.match_file(path), (lines, path)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(_GITIGNORE_PIECES), min_size=1, max_size=4).map("".join), max_size=8),
    st.lists(st.lists(st.sampled_from(_PATH_PIECES), min_size=1, max_size=6).map("".join), max_size=10),
)
def test_quick_gitignore_decisions_answer_as_pathspec(lines: list[str], paths: list[str]) -> None:
    # The joined regexes (one "^", the name patterns sharing their prefix and
    # ending) find a path exactly when one of the patterns does, negations too.
    try:
        spec = pathspec.GitIgnoreSpec.from_lines(lines)
    except ValueError:
        return
    matcher = _Matcher(spec)
    for negations in (False, True):
        joined = _any_including(spec, negations)
        assert joined is not None
        for path in paths:
            each = any(
                p.regex.search(path) is not None
                for p in spec.patterns
                if p.regex is not None and (p.include or (negations and p.include is not None))
            )
            assert (joined.search(path) is not None) == each, (lines, path, joined.pattern)
    for path in paths:
        if not path.startswith(("/", "./")):
            assert matcher.decide(path) == spec.check_file(path).include, (lines, path)
        for floor in (0, 2):
            slow = _Matcher(spec)
            slow.quick = None
            assert matcher.match_below(path, floor) == slow.match_below(path, floor), (lines, path)


def test_a_pattern_with_a_branch_outside_groups_is_not_anchored_whole() -> None:
    assert _branches("^a|b")
    assert not _branches("^(?:a|b)")
    assert not _branches(r"^a\|b")
    assert not _branches("^[|]a")
    assert not _branches("^[]|]a")
    assert _branches("^[]]a|b")


def test_quick_gitignore_matcher_on_real_patterns() -> None:
    lines = ["*.pyc", "build/", "!keep.pyc", "/dist", "a/**/b", "\\#x", "docs/_build/", "!docs/_build/keep/"]
    spec = pathspec.GitIgnoreSpec.from_lines(lines)
    matcher = _Matcher(spec)
    assert matcher.quick is not None
    for path in [
        "x.pyc",
        "keep.pyc",
        "build/",
        "src/build/",
        "dist",
        "src/dist",
        "a/x/y/b",
        "#x",
        "docs/_build/",
    ]:
        assert matcher.match(path) == spec.match_file(path), path
    assert _Matcher(pathspec.GitIgnoreSpec.from_lines(["!only-negation"])).match("only-negation") is False


# -- each file once, with no record per file (issue 15, target 2) ----------------


def test_walked_paths_are_the_paths_of_the_entries(tmp_path: Path) -> None:
    # Paths are made from their directory's parts (pathlib's own child method): the same Path.
    _tree(tmp_path, {"a/b/app.properties": "", "c.properties": "", "a/d.yml": ""})
    found = list(Walker(None, cwd=tmp_path).walk([tmp_path]))
    assert sorted(str(s.path) for s in found) == sorted(
        os.path.join(tmp_path, rel) for rel in ("a/b/app.properties", "c.properties", "a/d.yml")
    )
    for source in found:
        assert source.path == Path(str(source.path))
        assert source.path.parts == Path(str(source.path)).parts
        assert source.path.is_file()


def test_the_gitignores_a_walk_keeps_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from connlint import discover

    monkeypatch.setattr(discover, "_KEPT_GITIGNORES", 4)
    files = {f"d{i:02}/.gitignore": "skip.properties\n" for i in range(10)}
    files.update({f"d{i:02}/skip.properties": "" for i in range(10)})
    files.update({f"d{i:02}/keep.properties": "" for i in range(10)})
    _tree(tmp_path, files)
    os.symlink(tmp_path / "d00" / "skip.properties", tmp_path / "d09" / "link.properties")
    walker = Walker(None, cwd=tmp_path)
    assert [s.display for s in walker.walk([tmp_path])] == [
        *(f"d{i:02}/keep.properties" for i in range(9)),
        "d09/keep.properties",
        "d09/link.properties",  # its target is ignored where it lies: the link is the file's one way in
    ]
    assert len(walker._gitignores) <= 4


def test_a_link_to_a_file_yielded_before_is_skipped(tmp_path: Path) -> None:
    _tree(tmp_path, {"a/app.properties": "", "b/c.properties": ""})
    os.symlink(tmp_path / "a" / "app.properties", tmp_path / "b" / "link.properties")
    os.symlink(tmp_path / "b" / "c.properties", tmp_path / "b" / "z.properties")  # same folder, after
    assert _walk(tmp_path) == ["a/app.properties", "b/c.properties"]


def test_a_link_met_first_is_yielded_and_its_target_is_skipped(tmp_path: Path) -> None:
    # The walk's order decides which path is shown: the first met.
    _tree(tmp_path, {"b/app.properties": "", "b/z.properties": ""})
    os.symlink(tmp_path / "b" / "app.properties", tmp_path / "a.properties")  # the root's files first
    os.symlink(tmp_path / "b" / "z.properties", tmp_path / "b" / "y.properties")  # same folder, before
    assert _walk(tmp_path) == ["a.properties", "b/y.properties"]


def test_a_link_to_a_file_the_walk_skipped_where_it_lies_is_yielded(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            ".gitignore": "gen/\n",
            "gen/app.properties": "",
            "sub/.gitignore": "*.properties\n",
            "sub/b.properties": "",
            "data/settings.txt": "",  # not a file kind under this name
            "venv/pyvenv.cfg": "",
            "venv/v.properties": "",
        },
    )
    os.symlink(tmp_path / "gen" / "app.properties", tmp_path / "z1.properties")
    os.symlink(tmp_path / "sub" / "b.properties", tmp_path / "z2.properties")
    os.symlink(tmp_path / "data" / "settings.txt", tmp_path / "z3.properties")
    os.symlink(tmp_path / "venv" / "v.properties", tmp_path / "z4.properties")
    walker = Walker(cwd=tmp_path, use_git=False)
    got = [s.display for s in walker.walk([tmp_path])]
    assert got == ["z1.properties", "z2.properties", "z3.properties", "z4.properties"]


def test_a_linked_folder_is_walked_once(tmp_path: Path) -> None:
    _tree(tmp_path, {"real/a.properties": "", "z/b.properties": ""})
    os.symlink(tmp_path / "real", tmp_path / "zagain")  # after real/: skipped
    os.symlink(tmp_path / "z", tmp_path / "first")  # before z/: z/ is skipped
    os.symlink(tmp_path / "z" / "b.properties", tmp_path / "real" / "zz.properties")
    assert _walk(tmp_path) == ["first/b.properties", "real/a.properties"]


def test_overlapping_paths_yield_each_file_once(tmp_path: Path) -> None:
    _tree(tmp_path, {"a.properties": "", "sub/b.properties": ""})
    walker = Walker(cwd=tmp_path, use_git=False)
    paths = [tmp_path, tmp_path / "sub", tmp_path / "a.properties"]
    assert [s.display for s in walker.walk(paths)] == ["a.properties", "sub/b.properties"]


def _held_by_walk(root: Path, files: int) -> int:
    """Bytes the walk of ``root`` holds when it has yielded its last file (still
    running), not counting pathlib's: pathlib interns every path part, and the
    interpreter's table of interned strings grows or is rebuilt by one allocation
    of its own size (2 MB in a full test run), which is not the walk's memory.
    """
    import itertools
    import pathlib
    import tracemalloc

    walker = Walker(cwd=root, use_git=False)
    walk = walker.walk([root])
    tracemalloc.start()
    try:
        assert sum(1 for _ in itertools.islice(walk, files)) == files
        snapshot = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
        walk.close()
    held = snapshot.filter_traces([tracemalloc.Filter(False, pathlib.__file__)])
    return sum(stat.size for stat in held.statistics("filename"))


def test_the_walk_keeps_nothing_per_file(tmp_path: Path) -> None:
    # The real path of every file yielded (for links) made the walk of a
    # 110,000-file tree grow by 20 MB; 8x the files here must not cost 8x.
    for name, folders in (("small", 10), ("large", 80)):
        for d in range(folders):
            folder = tmp_path / name / f"d{d:03d}"
            folder.mkdir(parents=True)
            for f in range(100):
                (folder / f"f{f:03d}.properties").write_text("")
    _held_by_walk(tmp_path / "small", 1_000)  # imports and caches
    small = _held_by_walk(tmp_path / "small", 1_000)
    large = _held_by_walk(tmp_path / "large", 8_000)
    assert large - small < 20 * 7_000, (small, large)  # bytes per extra file
