"""The rule catalog: ``rules/CLnnn.toml`` read into :class:`Rule` values.

Rules are data (as in ruff and semgrep): id, name, default level, security severity,
tags, message template and Markdown help live in one TOML file per rule in the
top-level ``rules/`` folder, which ships in the wheel as the ``connlint.rules``
package.  This module loads them, formats their messages, picks the rules a
configuration selects and cuts the help into its sections for the docs
generator, ``connlint rule``, SARIF and the test that runs the help examples.

It stays cheap to import: only the standard library and ``connlint.model``.
The JSON Schema in ``rules/schema.json`` is enforced by the tests; the loader
checks just enough to fail with a clear message on a broken file.

At run time the catalog comes from ``rules/catalog.json``, the TOML files
compiled by ``python -m connlint.dev.gen_docs`` (whose ``--check`` keeps it
current): reading it costs well under a millisecond, where ``tomllib`` and
``importlib.resources`` cost ~20 ms of a three-file pre-commit run.
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import string
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from connlint import lazy
from connlint.lazy import dataclass
from connlint.model import Level

if TYPE_CHECKING:
    from importlib.abc import Traversable

#: The compiled catalog in the ``connlint.rules`` package: rule id to the data
#: of its TOML file.
COMPILED_CATALOG = "catalog.json"

#: Where each rule's generated documentation page lives (SARIF ``helpUri``).
HELP_URI_TEMPLATE = "https://github.com/connlint/connlint/blob/main/docs/rules/{id}.md"

#: The help sections, always present and in this order.
HELP_HEADINGS: tuple[str, ...] = (
    "What it finds",
    "Why it matters",
    "Example",
    "Exceptions",
    "References",
)

#: The line in the Example section that separates the bad fences from the good ones.
USE_INSTEAD = "Use instead:"

#: A file name for each code-fence kind used in help examples, so a test can hand
#: an example to the front-end that reads that kind of file.
EXAMPLE_FILE_NAMES: Mapping[str, str] = {
    "hcl": "main.tf",
    "ini": "my.cnf",
    "java": "App.java",
    "properties": "application.properties",
    "python": "app.py",
    "shell": "connect.sh",
    "xml": "pom.xml",
    "yaml": "application.yml",
}

_RULE_ID = lazy.compile(r"CL[1-9][0-9]{2}")
_SELECTOR = lazy.compile(r"ALL|CL[0-9]{0,3}")
_FENCE = lazy.compile(r"^```([A-Za-z0-9_+-]*)\s*$")
_LINK = lazy.compile(r"^[-*]\s+(?:\[[^\]]*\]\((?P<link>[^)\s]+)\)|<?(?P<bare>https?://[^\s>]+)>?)")

_REQUIRED = {
    "id": str,
    "name": str,
    "level": str,
    "enabled": bool,
    "precision": str,
    "tags": list,
    "cwe": list,
    "status": str,
    "since": str,
    "short": str,
    "message": str,
    "help": str,
}


class CatalogError(ValueError):
    """A rule file that cannot be read into a :class:`Rule`."""


@dataclass(frozen=True)
class Rule:
    """One rule of the catalog, as written in ``rules/<id>.toml``.

    ``security_severity`` is None for rules that are not security rules (it
    is set for CL2xx, CL104, CL301 and CL303).  ``help_markdown`` is the help text without
    leading or trailing blank lines.
    """

    id: str
    name: str
    level: Level
    enabled: bool
    security_severity: str | None
    precision: str
    tags: tuple[str, ...]
    cwe: tuple[int, ...]
    status: str
    since: str
    short: str
    message: str
    help_markdown: str

    @property
    def placeholders(self) -> frozenset[str]:
        """The names of the ``{placeholders}`` in the message template."""
        return frozenset(
            field for _, field, _, _ in string.Formatter().parse(self.message) if field is not None
        )

    def format_message(self, **args: str) -> str:
        """Return the message with its placeholders filled in.

        Raises KeyError naming the first placeholder that ``args`` lacks;
        arguments the template does not use are ignored.
        """
        missing = sorted(self.placeholders - args.keys())
        if missing:
            raise KeyError(missing[0])
        return self.message.format_map(args)

    @property
    def help_uri(self) -> str:
        """The URL of the rule's documentation page."""
        return HELP_URI_TEMPLATE.format(id=self.id)

    @property
    def selected_by_default(self) -> bool:
        """True when the rule runs without any selection (enabled and not removed)."""
        return self.enabled and self.status != "removed"

    @property
    def sections(self) -> dict[str, str]:
        """The help's ``## `` sections, heading to body (stripped), in order."""
        return dict(_split_sections(self.help_markdown))

    def section(self, heading: str) -> str:
        """Return the body of one help section ("Why it matters"); KeyError if absent."""
        return self.sections[heading]

    @property
    def full_description(self) -> str:
        """The "What it finds" section (SARIF ``fullDescription``)."""
        return self.sections.get("What it finds", self.short)

    @property
    def references(self) -> tuple[str, ...]:
        """The URLs of the References section's bullet list, in order."""
        body = self.sections.get("References", "")
        urls: list[str] = []
        for line in body.splitlines():
            match = _LINK.match(line.strip())
            if match:
                urls.append(match.group("link") or match.group("bare"))
        return tuple(urls)


def _split_sections(markdown: str) -> list[tuple[str, str]]:
    """``## `` headings and their bodies, ignoring lines inside code fences."""
    sections: list[tuple[str, list[str]]] = []
    in_fence = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            in_fence = not in_fence
        if not in_fence and line.startswith("## "):
            sections.append((line[3:].strip(), []))
        elif sections:
            sections[-1][1].append(line)
    return [(heading, "\n".join(body).strip()) for heading, body in sections]


def examples(rule: Rule) -> list[tuple[str, str, bool]]:
    """Return the code fences of the rule's Example section as ``(kind, code, is_bad)``.

    ``kind`` is the fence's info string (``properties``, ``xml``, ``shell``,
    ...; see :data:`EXAMPLE_FILE_NAMES`); ``code`` ends with a newline;
    ``is_bad`` is True for fences before the "Use instead:" line (they must
    fire the rule) and False after it (they must not).
    """
    body = rule.sections.get("Example", "")
    found: list[tuple[str, str, bool]] = []
    is_bad = True
    kind: str | None = None
    code: list[str] = []
    for line in body.splitlines():
        if kind is None:
            match = _FENCE.match(line)
            if match:
                kind = match.group(1)
                code = []
            elif line.strip() == USE_INSTEAD:
                is_bad = False
        elif line.strip() == "```":
            found.append((kind, "".join(f"{c}\n" for c in code), is_bad))
            kind = None
        else:
            code.append(line)
    return found


def _rule_from_data(data: Mapping[str, object], source: str) -> Rule:
    """Build a :class:`Rule` from one parsed TOML file, with minimal checks."""
    for key, kind in _REQUIRED.items():
        if not isinstance(data.get(key), kind):
            raise CatalogError(f"{source}: `{key}` is missing or not a {kind.__name__}")
    severity = data.get("security_severity")
    if severity is not None and not isinstance(severity, str):
        raise CatalogError(f"{source}: `security_severity` must be a string")
    try:
        level = Level(str(data["level"]))
    except ValueError:
        raise CatalogError(f"{source}: unknown level {data['level']!r}") from None
    tags = data["tags"]
    cwe = data["cwe"]
    if (
        not isinstance(tags, list)
        or not isinstance(cwe, list)
        or not all(isinstance(t, str) for t in tags)
        or not all(isinstance(c, int) and not isinstance(c, bool) for c in cwe)
    ):
        raise CatalogError(f"{source}: `tags` must be a list of strings and `cwe` of integers")
    return Rule(
        id=str(data["id"]),
        name=str(data["name"]),
        level=level,
        enabled=bool(data["enabled"]),
        security_severity=severity,
        precision=str(data["precision"]),
        tags=tuple(tags),
        cwe=tuple(cwe),
        status=str(data["status"]),
        since=str(data["since"]),
        short=str(data["short"]),
        message=str(data["message"]),
        help_markdown=str(data["help"]).strip("\n"),
    )


def read_rule_data(directory: Traversable | Path) -> dict[str, dict[str, Any]]:
    """The data of every ``CLnnn.toml`` in ``directory``, by id, sorted by id.

    Raises :class:`CatalogError` for a file that is not valid TOML.
    """
    import tomllib  # only the docs generator and the tests read the TOML sources

    data: dict[str, dict[str, Any]] = {}
    for entry in sorted(directory.iterdir(), key=lambda e: e.name):
        stem, dot, suffix = entry.name.partition(".")
        if suffix != "toml" or not dot or not _RULE_ID.fullmatch(stem):
            continue
        try:
            data[stem] = tomllib.loads(entry.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise CatalogError(f"{entry.name}: {exc}") from exc
    return data


def _rules(data: Mapping[str, Mapping[str, object]], suffix: str) -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for stem, fields in data.items():
        rule = _rule_from_data(fields, f"{stem}{suffix}")
        if rule.id != stem:
            raise CatalogError(f"{stem}{suffix}: id {rule.id!r} does not match the file name")
        rules[rule.id] = rule
    return rules


def read_rules(directory: Traversable | Path) -> dict[str, Rule]:
    """Read every ``CLnnn.toml`` in ``directory`` into rules, sorted by id (not cached).

    Raises :class:`CatalogError` for a file that is not valid TOML, lacks a
    field, or whose id differs from its file name.
    """
    return _rules(read_rule_data(directory), ".toml")


def compile_catalog(directory: Traversable | Path) -> str:
    """The text of ``catalog.json`` for the TOML files in ``directory`` (validated first)."""
    data = read_rule_data(directory)
    _rules(data, ".toml")
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


@functools.cache
def load_catalog() -> dict[str, Rule]:
    """Return the shipped catalog (package ``connlint.rules``), id to rule, sorted by id.

    Cached: every caller shares the same dict, so do not modify it.
    """
    # By name: the package lives in the top-level rules/ folder, outside mypy's source tree.
    package = importlib.import_module("connlint.rules")
    return read_compiled(os.path.join(os.path.dirname(package.__file__ or ""), COMPILED_CATALOG))


def read_compiled(path: str | Path) -> dict[str, Rule]:
    """Read a compiled catalog (see :func:`compile_catalog`); :class:`CatalogError` if broken."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
    except (OSError, ValueError) as exc:
        raise CatalogError(f"{COMPILED_CATALOG}: {exc}") from exc
    return _rules(dict(sorted(data.items())), f" in {COMPILED_CATALOG}")


def _specificity(selector: str) -> int:
    """How specific a selector is: 0 for ``ALL``, else its length (``CL2`` is 3)."""
    return 0 if selector == "ALL" else len(selector)


def _parse_selectors(selectors: Iterable[str], rules: Mapping[str, Rule]) -> list[str]:
    """Normalised selectors; ValueError for one that names no rule of the catalog."""
    parsed: list[str] = []
    for raw in selectors:
        selector = raw.strip().upper()
        if not _SELECTOR.fullmatch(selector) or (
            selector != "ALL" and not any(rule_id.startswith(selector) for rule_id in rules)
        ):
            raise ValueError(f"unknown rule selector {raw!r} (expected ALL, a prefix such as CL2, or an id)")
        parsed.append(selector)
    return parsed


def select_rules(
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    extend_select: Iterable[str] = (),
    *,
    catalog: Mapping[str, Rule] | None = None,
) -> frozenset[str]:
    """Return the ids of the rules to run, chosen ruff-style by id prefix.

    A selector is ``ALL``, or a prefix of rule ids: ``CL`` (every rule),
    ``CL2`` (CL2xx), ``CL20`` or a full id such as ``CL201``; matching ignores
    case and surrounding spaces, and a selector that matches no rule raises
    ValueError.

    * ``select`` None means the default set: every rule enabled by default
      (CL205 is not).  A given ``select`` replaces that set: each rule that a
      selector matches is chosen, including rules that are off by default.
    * ``extend_select`` adds to either set.
    * ``ignore`` removes rules.  For each rule the most specific matching
      selector decides (``ALL`` < ``CL`` < ``CL2`` < ``CL20`` < ``CL201``; the
      default set counts as less specific than ``ALL``), and an ignore wins a
      tie: ``select=["CL201"], ignore=["CL2"]`` keeps CL201, while
      ``select=["CL2"], ignore=["CL2"]`` keeps nothing.
    * Rules with status ``removed`` are never selected.
    """
    rules = load_catalog() if catalog is None else catalog
    enabling = _parse_selectors(select if select is not None else (), rules)
    enabling += _parse_selectors(extend_select, rules)
    ignoring = _parse_selectors(ignore, rules)

    def best(rule_id: str, selectors: list[str]) -> int:
        matching = [_specificity(s) for s in selectors if s == "ALL" or rule_id.startswith(s)]
        return max(matching, default=-2)

    chosen: set[str] = set()
    for rule_id, rule in rules.items():
        if rule.status == "removed":
            continue
        on = best(rule_id, enabling)
        if select is None and rule.enabled:
            on = max(on, -1)
        if on > -2 and on > best(rule_id, ignoring):
            chosen.add(rule_id)
    return frozenset(chosen)
