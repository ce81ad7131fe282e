"""Front-ends imported in the parent before workers fork (connlint.warm)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from connlint import warm, workers
from connlint.frontends.kinds import KINDS

CANARY = "spring.datasource.url=jdbc:mysql://db.example.com/app?sslMode=DISABLED\n"


def _run(code: str, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True, cwd=cwd
    )
    return done.stdout.strip()


def test_the_modules_of_a_kind_are_its_front_end_and_what_it_imports_lazily() -> None:
    by_name = {k.name: k.module for k in KINDS}
    assert warm.modules(["json"]) == [by_name["json"]]
    assert warm.modules(["java"]) == [by_name["java"], *warm.LAZY_MODULES["java"]]
    assert warm.modules([]) == []


def test_warming_imports_the_front_ends_and_freezes_them() -> None:
    out = _run(
        """
        import gc, sys
        from connlint import warm
        enabled = gc.isenabled()
        warm.warm(["json", "properties"])
        print(
            "connlint.frontends.json" in sys.modules,
            "connlint.frontends.properties" in sys.modules,
            "libcst" in sys.modules,
            gc.get_freeze_count() > 0,
            gc.isenabled() == enabled,
        )
        """
    )
    assert out == "True True False True True"


def test_a_module_that_cannot_be_imported_is_left_to_the_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(warm.LAZY_MODULES, "json", ("connlint.no_such_module",))
    warm.warm(["json"])  # no exception


@pytest.mark.skipif(not workers.available(), reason="needs fork")
@pytest.mark.parametrize(("jobs", "loaded"), [(2, "True"), (1, "False")])
def test_a_parallel_run_imports_in_the_parent_the_front_ends_of_files_that_passed(
    tmp_path: Path, jobs: int, loaded: str
) -> None:
    (tmp_path / "application.properties").write_text(CANARY)
    (tmp_path / "conf.py").write_text("project = 'no database here'\n")  # does not pass
    out = _run(
        f"""
        import sys
        from pathlib import Path
        from connlint.config import Config
        from connlint.engine import run
        report = run([Path(".")], Config(), jobs={jobs})
        loaded = "connlint.frontends.properties" in sys.modules
        print(len(report.findings) > 0, loaded, "libcst" in sys.modules)
        """,
        cwd=tmp_path,
    )
    assert out == f"True {loaded} False"
