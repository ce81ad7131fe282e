"""The container image (Dockerfile): built where a container tool exists;
everywhere, its build stage is replayed on the files it copies, and the wheel
it makes must hold the whole package.
"""

from __future__ import annotations

import fnmatch
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def _instructions() -> list[tuple[str, str]]:
    lines = [line for line in DOCKERFILE.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def _build_copies() -> list[str]:
    """The sources the build stage copies from the context."""
    sources: list[str] = []
    for op, args in _instructions():
        if op == "FROM" and sources:
            break
        if op == "COPY" and not args.startswith("--from"):
            sources += args.split()[:-1]
    return sources


def test_final_stage_is_small_non_root_and_runs_connlint() -> None:
    final = DOCKERFILE.rsplit("\nFROM ", 1)[1]
    assert final.startswith("python:3.11-slim")
    user = [args for op, args in _instructions() if op == "USER"]
    assert user and user[-1] not in ("root", "0")
    assert 'ENTRYPOINT ["connlint"]' in final
    assert "pip install --no-cache-dir" in final and "rm -rf /wheels" in final


def test_build_stage_copies_what_the_wheel_is_built_from() -> None:
    copied = {s.rstrip("/") for s in _build_copies()}
    assert {"pyproject.toml", "README.md", "src", "rules"} <= copied
    ignore = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    allowed = {p[1:].rstrip("/") for p in ignore if p.startswith("!")}
    assert copied <= allowed  # nothing copied is left out of the build context


def test_the_build_stage_makes_a_complete_wheel(tmp_path: Path) -> None:
    """Replay the build stage (COPY, then pip wheel) on exactly the copied files."""
    context = tmp_path / "build"
    context.mkdir()
    for source in _build_copies():
        path = ROOT / source.rstrip("/")
        if path.is_dir():
            shutil.copytree(
                path,
                context / path.name,
                symlinks=True,
                ignore=shutil.ignore_patterns("__pycache__", "rules"),
            )
        else:
            shutil.copy2(path, context / path.name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(tmp_path),
            ".",
        ],
        cwd=context,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("connlint-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "connlint/rules/catalog.json" in names
    assert fnmatch.filter(names, "connlint/rules/CL201.toml")
    packages = {str(p.parent.relative_to(ROOT / "src")) for p in (ROOT / "src").rglob("__init__.py")}
    for package in packages - {"connlint/rules"}:
        assert f"{package}/__init__.py" in names, package


def _container_tool() -> str | None:
    for tool in ("docker", "podman"):
        path = shutil.which(tool)
        if path and subprocess.run([path, "info"], capture_output=True).returncode == 0:
            return path
    return None


@pytest.mark.skipif(_container_tool() is None, reason="no container tool with a running engine here")
def test_image_builds_and_runs(tmp_path: Path) -> None:  # pragma: no cover - needs a container engine
    tool = _container_tool()
    assert tool is not None
    subprocess.run([tool, "build", "-t", "connlint:test", str(ROOT)], check=True)
    out = subprocess.run([tool, "run", "--rm", "connlint:test", "--version"], capture_output=True, text=True)
    assert out.stdout.startswith("connlint ")
