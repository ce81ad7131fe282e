"""connlint.dataclass_code: the code dataclasses compiles for the methods it
adds, kept between runs; a class made through the table is the class made
without it.

Each case runs in a child interpreter (the table patches the ``dataclasses``
module of its process), with the table in a temporary folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

MAKE = """
import dataclasses, hashlib, sys
from connlint import dataclass_code
dataclass_code._path = lambda: sys.argv[1]
if sys.argv[2] == "install":
    dataclass_code.install()

@dataclasses.dataclass(frozen=True, order=True)
class Point:
    x: int
    y: int = 0
    tags: tuple[str, ...] = dataclasses.field(default_factory=tuple)

@dataclasses.dataclass
class Box:
    items: list[int] = dataclasses.field(default_factory=list)

p = Point(1, 2)
print(repr(p), p == Point(1, 2), hash(p) == hash(Point(1, 2)), Point(0) < p, repr(Box()))
try:
    p.x = 3
except dataclasses.FrozenInstanceError as exc:
    print("frozen", exc)
codes = [getattr(Point, m).__code__.co_code.hex() for m in ("__init__", "__eq__", "__setattr__", "__lt__")]
digest = hashlib.sha256("".join(codes).encode()).hexdigest()
print(len(dataclass_code._new), len(dataclass_code._used), digest)
dataclass_code.save()
"""


def _make(table: Path, mode: str, **env: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(MAKE), str(table), mode],
        capture_output=True,
        text=True,
        timeout=60,
        env={**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, **env},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_a_class_made_through_the_table_is_the_class_made_without(tmp_path: Path) -> None:
    table = tmp_path / "t.bin"
    plain = _make(table, "plain")
    compiled = _make(table, "install")  # compiled, then written
    reused = _make(table, "install")  # read back: nothing compiled
    assert plain[:2] == compiled[:2] == reused[:2]
    assert plain[0].startswith("Point(x=1, y=2, tags=()) True True True Box(items=[])")
    new, used, codes = compiled[2].split()
    assert int(new) == int(used) > 0
    new_again, used_again, codes_again = reused[2].split()
    assert (int(new_again), int(used_again), codes_again) == (0, int(used), codes)
    assert plain[2].split()[2] == codes  # the very same byte code


def test_nothing_written_where_byte_code_is_not(tmp_path: Path) -> None:
    table = tmp_path / "t.bin"
    _make(table, "install", PYTHONDONTWRITEBYTECODE="1")
    assert not table.exists()


@pytest.mark.parametrize("content", [b"", b"garbage", b"\x00" * 64])
def test_a_table_that_cannot_be_read_is_left_out(tmp_path: Path, content: bytes) -> None:
    table = tmp_path / "t.bin"
    table.write_bytes(content)
    out = _make(table, "install")
    assert out[0].startswith("Point(x=1, y=2, tags=())")
    assert int(out[2].split()[0]) > 0  # compiled, as without a table
    assert table.read_bytes() != content  # and written afresh


def test_a_folder_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    out = _make(tmp_path / "missing-file-in" / "a-file-not-a-folder" / "t.bin", "install")
    (tmp_path / "blocker").write_text("")
    out = _make(tmp_path / "blocker" / "t.bin", "install")
    assert out[0].startswith("Point(x=1, y=2, tags=())")


def test_every_connlint_dataclass_has_a_docstring() -> None:
    """dataclasses writes a signature into the docstring of a class without one,
    with ``inspect``, which the start-up then imports (see dataclass_code._Deferred).
    """
    import dataclasses
    import importlib
    import inspect
    import pkgutil

    import connlint
    from connlint import lazy

    for info in pkgutil.walk_packages(connlint.__path__, "connlint."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)
    generated = []
    for module in [m for name, m in sys.modules.items() if name.startswith("connlint.")]:
        for cls in vars(module).values():
            if not isinstance(cls, type) or cls.__module__ != module.__name__:
                continue
            if cls in lazy._PENDING:
                written = cls.__doc__
            elif dataclasses.is_dataclass(cls):
                signature = str(inspect.signature(cls)).replace(" -> None", "")
                written = None if cls.__doc__ == cls.__name__ + signature else cls.__doc__
            else:
                continue
            if not written:
                generated.append(f"{cls.__module__}.{cls.__qualname__}")
    assert generated == []


def test_a_run_over_a_few_files_imports_no_inspect(tmp_path: Path) -> None:
    (tmp_path / "a.properties").write_text("spring.datasource.url=jdbc:mysql://db:3306/app?useSSL=false\n")
    (tmp_path / "b.sh").write_text('mysql --ssl-mode=DISABLED -h "$DB_HOST" app\n')
    code = (
        "import sys; sys.argv = ['connlint', 'check', '--exit-zero', 'a.properties', 'b.sh']; "
        "from connlint.__main__ import main; main(); print('inspect' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == "False"
    assert "CL201" in done.stdout
