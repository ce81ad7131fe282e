"""The wheel ships every package of the source tree (pyproject.toml lists them)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_is_listed_in_pyproject() -> None:
    """`pip install .` (the README's Quickstart, the Action, the image) ships
    only the listed packages: a new subpackage left out would be missing.
    """
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    source = ROOT / "src"
    found = {
        ".".join(init.parent.relative_to(source).parts)
        for init in source.rglob("__init__.py")
        if not init.parent.is_symlink() and "__pycache__" not in init.parts
    }
    found.discard("connlint.rules")  # a developer's symlink to rules/; listed with its own package-dir
    assert found <= listed, sorted(found - listed)
    assert "connlint.rules" in listed
