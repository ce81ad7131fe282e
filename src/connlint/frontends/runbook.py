"""Runbooks (opt-in): code blocks of Markdown, reStructuredText and AsciiDoc documents.

Operations teams keep their client commands in documentation.  When a run asks
for it (``--runbooks``, or ``runbooks = true`` in ``[tool.connlint]``; docs are
not code, so it is off by default) each code block whose language connlint
reads is handed to that language's front-end:

* Markdown: fenced blocks, `````lang`` or ``~~~lang`` (CommonMark: a fence of
  three or more, closed by a fence of the same character at least as long);
* reStructuredText: ``.. code-block:: lang``, ``.. code:: lang`` and
  ``.. sourcecode:: lang``, the indented lines that follow;
* AsciiDoc: ``[source,lang]`` then a block delimited by ``----`` (or ``....``).

Languages: ``sh``, ``bash``, ``shell``, ``zsh`` (shell), ``console`` and
``shell-session`` (the lines after a ``$``/``#`` prompt are commands; the rest
is output), ``properties``, ``yaml``/``yml``, ``json``, ``java``, ``python``/``py``.

Every line and column is kept: the front-end reads the document with every
line outside the block blanked (prompts replaced by spaces).  What the block's
front-end cannot parse (a snippet, an ellipsis) says nothing: documentation is
full of partial code, so its notifications are dropped.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator

from connlint.lazy import dataclass
from connlint.model import Extraction

#: Code-block language -> the file kind whose front-end reads it.
KIND_BY_LANGUAGE: dict[str, str] = {
    "sh": "shell",
    "bash": "shell",
    "shell": "shell",
    "zsh": "shell",
    "console": "console",
    "shell-session": "console",
    "properties": "properties",
    "yaml": "yaml",
    "yml": "yaml",
    "json": "json",
    "java": "java",
    "python": "python",
    "py": "python",
    "python3": "python",
}
_MODULE_BY_KIND = {
    "shell": "connlint.frontends.shell",
    "console": "connlint.frontends.shell",
    "properties": "connlint.frontends.properties",
    "yaml": "connlint.frontends.yaml",
    "json": "connlint.frontends.json",
    "java": "connlint.frontends.java",
    "python": "connlint.frontends.python",
}

_FENCE = re.compile(r"( {0,3})(`{3,}+|~{3,}+)[ \t]*+([\w+-]*+)")
_RST_DIRECTIVE = re.compile(r"([ \t]*+)\.\.[ \t]++(?:code-block|code|sourcecode)::[ \t]*+([\w+-]*+)")
_ADOC_SOURCE = re.compile(r"\[source,[ \t]*+([\w+-]++)")
_PROMPT = re.compile(r"[ \t]*+(?:\([\w.-]++\)[ \t]*+)?+[\w@.:~/-]*+[$#][ \t]")


@dataclass(frozen=True)
class Block:
    """A code block: its language and its lines (0-based, end exclusive) in the document."""

    language: str
    first: int
    end: int


def extract(path: str, text: str) -> Extraction:
    """Candidates of the code blocks of one document; never raises."""
    out = Extraction()
    lines = text.split("\n")
    for block in blocks(path, lines):
        kind = KIND_BY_LANGUAGE.get(block.language.lower())
        if kind is None:
            continue
        body = _blanked(lines, block, console=kind == "console")
        front_end = importlib.import_module(_MODULE_BY_KIND[kind])
        found: Extraction = front_end.extract(path, body)
        out.candidates.extend(found.candidates)
        out.dependencies.extend(found.dependencies)
    return out


def blocks(path: str, lines: list[str]) -> Iterator[Block]:
    """The code blocks of a document, by its syntax (the file name's suffix)."""
    lower = path.lower()
    if lower.endswith(".rst"):
        yield from _rst_blocks(lines)
    elif lower.endswith((".adoc", ".asciidoc")):
        yield from _adoc_blocks(lines)
    else:
        yield from _markdown_blocks(lines)


def _markdown_blocks(lines: list[str]) -> Iterator[Block]:
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if match is None:
            i += 1
            continue
        fence = match.group(2)
        end = i + 1
        while end < len(lines):
            closing = lines[end].strip()
            if closing.startswith(fence[0] * len(fence)) and not closing.strip(fence[0]):
                break
            end += 1
        yield Block(match.group(3), i + 1, end)
        i = end + 1


def _rst_blocks(lines: list[str]) -> Iterator[Block]:
    i = 0
    while i < len(lines):
        match = _RST_DIRECTIVE.match(lines[i])
        if match is None:
            i += 1
            continue
        indent = len(match.group(1).expandtabs())
        j = i + 1
        while j < len(lines) and (not lines[j].strip() or lines[j].lstrip().startswith(":")):
            if lines[j].strip() and _indent(lines[j]) <= indent:
                break
            j += 1  # options (:linenos:) and blank lines before the body
        first = j
        while j < len(lines) and (not lines[j].strip() or _indent(lines[j]) > indent):
            j += 1
        yield Block(match.group(2), first, j)
        i = max(j, i + 1)


def _indent(line: str) -> int:
    return len(line.expandtabs()) - len(line.expandtabs().lstrip())


def _adoc_blocks(lines: list[str]) -> Iterator[Block]:
    i = 0
    while i < len(lines):
        match = _ADOC_SOURCE.match(lines[i].strip())
        if match is None:
            i += 1
            continue
        j = i + 1
        while (
            j < len(lines) and lines[j].startswith((".", "[")) and not lines[j].startswith(("----", "...."))
        ):
            j += 1  # a block title or more attributes
        if j >= len(lines) or lines[j].rstrip() not in ("----", "...."):
            i += 1
            continue
        delimiter = lines[j].rstrip()
        end = j + 1
        while end < len(lines) and lines[end].rstrip() != delimiter:
            end += 1
        yield Block(match.group(1), j + 1, end)
        i = end + 1


def _blanked(lines: list[str], block: Block, *, console: bool) -> str:
    """The document with only the block's lines kept (a console block's commands:
    the prompt blanked, output lines emptied), so lines and columns stay.
    """
    out = [""] * len(lines)
    continued = False
    for k in range(block.first, min(block.end, len(lines))):
        line = lines[k]
        if not console:
            out[k] = line
            continue
        prompt = _PROMPT.match(line)
        if prompt is not None:
            out[k] = " " * prompt.end() + line[prompt.end() :]
        elif continued:
            out[k] = line
        continued = out[k].rstrip().endswith("\\")
    return "\n".join(out)
