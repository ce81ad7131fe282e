"""The compiled code of the methods :mod:`dataclasses` generates, kept between runs.

``dataclasses.dataclass`` writes the source of each method it adds
(``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, a frozen class's
``__setattr__`` and ``__delattr__``) and compiles it with ``exec``: one parse
and one compilation per method, every time a class is made.  That is about
half of the libcst import (the early child's longest step in a pre-commit
run: 208 classes, about 1,000 methods) and a fifth of the parent's CPU time in
a run over a few files (the connlint classes it finishes; see
:mod:`connlint.lazy`).  The interpreter keeps the compiled code of modules in
``__pycache__``; this does the same for those methods.

:func:`install` (the command calls it before it makes its first dataclass)
gives the ``dataclasses`` module an ``exec`` that looks the source text up
in a table of code objects (``__pycache__/dataclass-code.<cache tag>.bin``
beside this module) and compiles only what it does not hold, exactly as
``exec`` would (file name ``<string>``, no inherited flags).  The key is the whole source text, so a
hit is the code that text compiles to: what a class gets is unchanged.
:func:`save` writes what was compiled since (merged with what another process
wrote meanwhile, through a temporary file and a rename); like the
interpreter's own byte-code, nothing is written where
``sys.dont_write_bytecode`` is set (``PYTHONDONTWRITEBYTECODE``), and a file
that is missing, unreadable or from another interpreter is left out.

Imports nothing of connlint.
"""

from __future__ import annotations

import builtins
import contextlib
import os
import sys
import types
from typing import Any

#: A table that grows past this many entries (sources of classes since
#: edited) is written afresh with what this process used.
MAX_ENTRIES = 6000

_table: dict[str, bytes] | None = None  # source text -> marshalled code; None: not read yet
_new: dict[str, bytes] = {}  # compiled here, not written yet
_used: dict[str, bytes] = {}  # looked up or compiled here
_exec = builtins.exec


def _path() -> str:
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(here, "__pycache__", f"dataclass-code.{sys.implementation.cache_tag}.bin")


def _header() -> bytes:
    """What a table must start with to be read: this interpreter's byte-code
    magic number and optimization level (``-O`` compiles other code).
    """
    from importlib.util import MAGIC_NUMBER

    return MAGIC_NUMBER + bytes([sys.flags.optimize])


def _read() -> dict[str, bytes]:
    import marshal

    try:
        with open(_path(), "rb") as fh:
            data = fh.read()
        header = _header()
        if not data.startswith(header):
            return {}
        table = marshal.loads(data[len(header) :])
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return table if isinstance(table, dict) else {}


def _cached_exec(source: Any, namespace: Any = None, names: Any = None, /) -> None:
    """``exec`` for the ``dataclasses`` module: compiled code reused by source text."""
    global _table
    if not isinstance(source, str):
        _exec(source, namespace, names)
        return
    import marshal

    if _table is None:
        _table = _read()
    found = _table.get(source)
    if found is None:
        code = compile(source, "<string>", "exec", dont_inherit=True)
        found = _new[source] = marshal.dumps(code)
    else:
        code = marshal.loads(found)
    _used[source] = found
    _exec(code, namespace, names)


def install() -> None:
    """Make ``dataclasses`` compile through the table (idempotent); its
    ``inspect`` imported only when used (see :class:`_Deferred`).
    """
    if "dataclasses" not in sys.modules and "inspect" not in sys.modules:
        sys.modules["inspect"] = _Deferred("inspect")
        try:
            import dataclasses
        finally:
            del sys.modules["inspect"]  # any other module imports the real one
    import dataclasses

    dataclasses.exec = _cached_exec  # type: ignore[attr-defined]


class _Deferred(types.ModuleType):
    """What ``dataclasses`` gets for ``import inspect``: the module ``name``,
    imported on the first read of one of its attributes.

    ``dataclasses`` imports ``inspect`` (and with it ``ast``, ``dis``,
    ``tokenize``, ``linecache``: about a tenth of the CPU time of the parent
    of a pre-commit run) only to write a signature into the docstring of a
    class that has none; connlint's classes all have one.
    (``importlib.util.LazyLoader`` does not help here: the import statement
    itself reads the module's ``__spec__``, which loads it.)
    """

    def __getattr__(self, attr: str) -> Any:
        import importlib

        return getattr(importlib.import_module(self.__name__), attr)


def save() -> None:
    """Write the code compiled since the last save, if any and if allowed."""
    if not _new or sys.dont_write_bytecode:
        return
    import marshal

    table = _read()  # what another process may have added meanwhile
    if len(table) + len(_new) > MAX_ENTRIES:
        table = dict(_used)
    table.update(_new)
    path = _path()
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temporary, "wb") as fh:
            fh.write(_header() + marshal.dumps(table))
        os.replace(temporary, path)
    except OSError:  # a read-only installation: compiled each run, as without the table
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    _new.clear()
