"""A text with a NUL character is refused whole, with one notification, by
every front-end whose parser stops at NUL (files with NUL bytes never reach
them through the engine; embedded values and direct calls do).
"""

from __future__ import annotations

import importlib

import pytest

from connlint.frontends import refuse_nul

GUARDED = ["cdk_typescript", "ci", "dockerfile", "makefile", "option_file", "shell", "terraform"]


@pytest.mark.parametrize("module", GUARDED)
def test_front_end_refuses_nul(module: str) -> None:
    extract = importlib.import_module(f"connlint.frontends.{module}").extract
    out = extract("x", "mysql --ssl-mode=DISABLED -h db\x00\n")
    assert out.candidates == [] and out.servers == []
    assert [n.message for n in out.notifications] == ["not analysed: the file contains NUL bytes"]


def test_refuse_nul_names_what_and_passes_clean_text() -> None:
    assert refuse_nul("x", "clean text") is None
    refused = refuse_nul("x", "a\x00b", "script")
    assert refused is not None
    assert [n.message for n in refused.notifications] == ["not analysed: the script contains NUL bytes"]
