from __future__ import annotations

from pathlib import Path

import pytest

from connlint.config import ConfigError, from_mapping
from connlint.discover import Walker
from connlint.frontends.runbook import blocks, extract
from connlint.model import CandidateKind


def kinds(path: str, text: str) -> list[tuple[str, int]]:
    return [(c.kind.value, c.location.line) for c in extract(path, text).candidates]


def test_markdown_fences_by_language() -> None:
    text = (
        "Intro mysql --ssl-mode=DISABLED\n"
        "```sh\nmysql -h a --ssl-mode=DISABLED\n```\n"
        "~~~~ bash\nmysql -h b\n~~~~\n"
        "```text\nmysql -h c\n```\n"
        "```\nmysql -h d\n```\n"
        "````yaml\nurl: jdbc:mysql://h/db?sslMode=DISABLED\n# ``` inside a longer fence\n````\n"
    )
    assert kinds("README.md", text) == [("mysql-cli", 3), ("mysql-cli", 6), ("jdbc", 15)]


def test_console_blocks_read_the_commands_after_a_prompt() -> None:
    text = (
        "```console\n$ mysql -h a \\\n    --ssl-mode=DISABLED\n"
        "output mysql -h b\nuser@host:~$ mysql -h c\n```\n"
    )
    found = [c for c in extract("a.md", text).candidates if c.kind is CandidateKind.MYSQL_CLI]
    assert [[w.text for w in c.argv] for c in found] == [
        ["mysql", "-h", "a", "--ssl-mode=DISABLED"],
        ["mysql", "-h", "c"],
    ]
    assert found[0].argv[0].locate().column == 3


def test_rst_and_asciidoc_blocks() -> None:
    rst = "Title\n\n.. code-block:: bash\n   :caption: x\n\n   mysql -h a\n\nmysql -h text\n"
    assert [(b.language, b.first, b.end) for b in blocks("x.rst", rst.split("\n"))] == [("bash", 5, 7)]
    assert kinds("x.rst", rst) == [("mysql-cli", 6)]
    adoc = "[source,bash]\n.Title\n----\nmysql -h a\n----\nmysql -h text\n"
    assert kinds("x.adoc", adoc) == [("mysql-cli", 4)]


def test_unclosed_fences_and_broken_snippets_never_raise() -> None:
    assert kinds("a.md", "```python\nimport pymysql\npymysql.connect(host='h', ssl={'ca': '/x'}\n") == []
    assert kinds("a.md", "```java\nclass {\n") == []


def test_the_walk_reads_documents_only_when_asked(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("```sh\nmysql --ssl-mode=DISABLED\n```\n")
    (tmp_path / "run.sh").write_text("mysql --ssl-mode=DISABLED\n")
    off = [s.display for s in Walker(cwd=tmp_path, use_git=False).walk([tmp_path])]
    on = [
        s.display for s in Walker(cwd=tmp_path, use_git=False, opt_in=frozenset({"runbook"})).walk([tmp_path])
    ]
    assert off == ["run.sh"] and sorted(on) == ["README.md", "run.sh"]


def test_configuration_key() -> None:
    assert from_mapping({"runbooks": True}, "x").runbooks
    assert not from_mapping({}, "x").runbooks
    with pytest.raises(ConfigError):
        from_mapping({"runbooks": "yes"}, "x")
