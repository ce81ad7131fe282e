"""The by-name search of connlint.servers.bundle_files: the same files, in the
same order, as a top-down ``os.walk`` of sorted directories.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connlint.servers import bundle_files
from connlint.servers.bundle_files import BundleFiles

_SUFFIXES = (".pem", ".crt", ".cer", ".der", ".p7b", ".p12", ".pfx", ".jks")


def _by_os_walk(roots: list[Path]) -> dict[str, list[Path]]:
    """The search as it was written with os.walk (the reference)."""
    by_name: dict[str, list[Path]] = {}
    seen = 0
    for root in roots:
        for directory, subdirs, files in os.walk(root):
            subdirs[:] = sorted(d for d in subdirs if d not in bundle_files._PRUNED)
            seen += len(files) + len(subdirs)
            for f in files:
                if f.lower().endswith(_SUFFIXES):
                    by_name.setdefault(f, []).append(Path(directory, f))
            if seen > bundle_files.MAX_ENTRIES:
                break
    return by_name


def _searched(roots: list[Path]) -> dict[str, list[Path]]:
    files = BundleFiles(roots)
    files._named("any.pem")
    assert files._by_name is not None
    return files._by_name


_NAMES = st.sampled_from(
    ["a", "b", "ca.pem", "CA.PEM", "x.crt", "y.jks", "notes.txt", "target", "node_modules"]
)
_TREE = st.recursive(
    st.dictionaries(_NAMES, st.none(), max_size=4),
    lambda children: st.dictionaries(_NAMES, children | st.none(), max_size=4),
    max_leaves=25,
)


def _make(root: Path, tree: dict[str, object]) -> None:
    for name, child in tree.items():
        if isinstance(child, dict):
            (root / name).mkdir()
            _make(root / name, child)
        else:
            (root / name).write_text("x")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=_TREE, most=st.integers(min_value=0, max_value=30))
def test_the_search_finds_what_os_walk_finds_in_the_same_order(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    tree: dict[str, object],
    most: int,
) -> None:
    root = tmp_path_factory.mktemp("tree")
    _make(root, tree)
    (root / "linked").symlink_to(root, target_is_directory=True)  # listed, not walked into
    (root / "dangling.pem").symlink_to(root / "missing")  # a file name all the same
    with monkeypatch.context() as patch:
        patch.setattr(bundle_files, "MAX_ENTRIES", most)  # the cut-off falls anywhere
        assert _searched([root]) == _by_os_walk([root])
    assert _searched([root, root]) == _by_os_walk([root, root])


def test_a_directory_that_cannot_be_listed_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "ca.pem").write_text("x")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "ca.pem").write_text("x")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as a user that reads any directory")
        assert _searched([tmp_path]) == {"ca.pem": [tmp_path / "open" / "ca.pem"]}
    finally:
        locked.chmod(0o755)


def test_a_name_no_bundle_file_has_is_answered_without_a_walk(tmp_path: Path) -> None:
    (tmp_path / "ca").write_text("x")  # a file of that name is not a bundle the search keeps
    (tmp_path / "ca.pem").write_text("x")
    files = BundleFiles([tmp_path])
    assert files._named("ca") == []
    assert files._by_name is None  # the tree was not walked
    assert files._named("ca.pem") == [tmp_path / "ca.pem"]
    assert files._named("CA") == files._named("ca.PEM.txt") == []
