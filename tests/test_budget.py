"""The time budget reaches into tree-sitter, which a signal cannot interrupt."""

from __future__ import annotations

import time

import pytest

from connlint.engine import RunSettings, lint_source

BIG_SHELL = "mysql -h db.example.com --ssl-mode=REQUIRED -e 'select 1' | tee -a log.txt\n" * 120_000
BIG_JAVA = "class A {\n" + 'String u = "jdbc:mysql://db/x?sslMode=REQUIRED";\n' * 150_000 + "}\n"


@pytest.mark.parametrize(("kind", "text"), [("shell", BIG_SHELL), ("java", BIG_JAVA)])
def test_tree_sitter_parse_stops_at_the_budget(kind: str, text: str) -> None:
    settings = RunSettings(selected=frozenset({"CL202"}), file_time_budget=0.2)
    # CPU time, not wall time: other processes on a loaded machine do not count.
    start = time.process_time()
    result = lint_source("big", kind, text, settings)
    assert time.process_time() - start < 2.0
    assert result.findings == []
    assert "took longer than the 0.2 s budget" in result.notifications[0].message
