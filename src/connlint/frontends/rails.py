"""Rails ``config/database.yml``: one candidate per environment section whose
``adapter`` is ``mysql2`` or ``trilogy``.

Called by the YAML front-end for every YAML document whose root is a mapping
(the file's name does not matter: ``database.yml``, ``database.ci.yml``, a
generator's template).  Sections are read as Rails reads them: each top-level
key is an environment (``development:``, ``production:``); a section may hold
the settings itself or, with several databases (Rails 6+), one mapping per
database (``production: primary: …, replica: …``); ``<<: *default`` merges
(several, or a sequence of aliases) are applied with explicit keys winning; a
section that others merge (``default: &default``) is a template, not a
connection, unless it is named as a usual environment (:data:`ENVIRONMENTS`);
an environment that is an alias of another (``beta: *production``) is read
once.  ERB runs before YAML: ``<% … %>`` code is blanked (the YAML front-end,
``mask_erb``); each ``<%= … %>`` in a value is a part not known statically (its
Ruby code names it: ``ENV['DB_SSL_CA']``), except an environment variable with a
literal default (``ENV.fetch("DB_HOST", "127.0.0.1")``), read as that default
as Spring's ``${DB_HOST:127.0.0.1}`` is.  A ``url:``
key is the candidate's URL (Rails merges it over the other keys).  The
adapter's module decides what the keys mean (``clients/rails_mysql2.py``,
``clients/rails_trilogy.py``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import yaml

from connlint.frontends.spring import Located
from connlint.frontends.yaml_templates import erb_tags
from connlint.model import DYNAMIC, Candidate, CandidateKind, Location, Secret, Setting, Span

if TYPE_CHECKING:
    from collections.abc import Callable

#: Environment names whose section is a connection even when other sections
#: merge it (``test: <<: *development``); any other merged section
#: (``default: &default``) is a template.
ENVIRONMENTS = frozenset(
    {"development", "test", "production", "staging", "beta", "qa", "ci", "preview", "sandbox"}
)
#: ``adapter:`` value -> driver id in ``clients/drivers.py``.
ADAPTERS = {"mysql2": "mysql2-gem", "trilogy": "trilogy"}
_ERB = re.compile(r"<%=?-?(.*?)-?%>", re.DOTALL)
#: An environment variable with a literal default: ``ENV.fetch("X", "v")`` (or
#: without parentheses),
#: ``ENV.fetch("X") { "v" }`` (or ``{ 5 }``), ``ENV["X"] || "v"``.
_ENV_DEFAULT = re.compile(
    r"""ENV\.fetch(?:\(\s*|\s+)(["'])[\w.-]+\1\s*,\s*(["']?)(?P<a>[^"'\\#()\s]*)\2\s*\)?"""
    r"""|ENV\.fetch\(\s*(["'])[\w.-]+\4\s*\)\s*\{\s*(["']?)(?P<b>[^"'\\#{}]*?)\5\s*\}"""
    r"""|ENV\[\s*(["'])[\w.-]+\7\s*\]\s*\|\|\s*(["'])(?P<c>[^"'\\#]*)\8""",
)
#: A path under the application's root: ``Rails.root.join("config/ca.pem")``.
_ROOT_JOIN = re.compile(r"""Rails\.root\.join\(\s*(["'])([^"'\\#]+)\1\s*\)(?:\.to_s)?""")
#: Keys whose literal value is a password.
_PASSWORD_KEYS = frozenset({"password", "pass"})
#: Merges followed per section (a section is a few keys and one or two merges).
_MAX_MERGE_DEPTH = 8


def candidates(path: str, root: yaml.Node, locate: Callable[[yaml.ScalarNode], Located]) -> list[Candidate]:
    """The connections a ``database.yml``-shaped document configures."""
    if not isinstance(root, yaml.MappingNode):
        return []
    merged = _merged_nodes(root)
    out: list[Candidate] = []
    seen: set[int] = set()  # a section aliased by another environment (beta: *production) once
    for key, value in root.value:
        if not isinstance(key, yaml.ScalarNode) or not isinstance(value, yaml.MappingNode):
            continue
        if (id(value) in merged and str(key.value) not in ENVIRONMENTS) or id(value) in seen:
            continue  # a template merged into the environments, or an alias of one read
        sections = [(key, value)]
        if _adapter(_pairs(value)) is None:  # several databases: production: primary: …
            sections = [
                (k, v)
                for k, v in value.value
                if isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.MappingNode) and id(v) not in merged
            ]
        for section_key, section in sections:
            if id(section) in seen:
                continue
            seen.add(id(section))
            found = _candidate(path, section_key, section, locate)
            if found is not None:
                out.append(found)
    return out


def _merged_nodes(root: yaml.MappingNode) -> set[int]:
    """Ids of the mappings some ``<<:`` merges (at the first two levels)."""
    out: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, yaml.MappingNode) or depth > 2:
            continue
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.tag == "tag:yaml.org,2002:merge":
                items = value.value if isinstance(value, yaml.SequenceNode) else [value]
                out.update(id(item) for item in items)
            else:
                stack.append((value, depth + 1))
    return out


def _pairs(mapping: yaml.MappingNode, depth: int = 0) -> dict[str, tuple[yaml.ScalarNode, yaml.Node]]:
    """The section's keys with merges applied (explicit keys win, earlier merges win)."""
    own: dict[str, tuple[yaml.ScalarNode, yaml.Node]] = {}
    merged: dict[str, tuple[yaml.ScalarNode, yaml.Node]] = {}
    for key, value in mapping.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        if key.tag == "tag:yaml.org,2002:merge":
            if depth >= _MAX_MERGE_DEPTH:
                continue
            items = value.value if isinstance(value, yaml.SequenceNode) else [value]
            for item in items:
                if isinstance(item, yaml.MappingNode):
                    for name, pair in _pairs(item, depth + 1).items():
                        merged.setdefault(name, pair)
        else:
            own[str(key.value)] = (key, value)
    return {**merged, **own}


def _adapter(pairs: dict[str, tuple[yaml.ScalarNode, yaml.Node]]) -> str | None:
    found = pairs.get("adapter")
    if found is None or not isinstance(found[1], yaml.ScalarNode):
        return None
    return ADAPTERS.get(str(found[1].value).strip())


def _candidate(
    path: str, key: yaml.ScalarNode, section: yaml.MappingNode, locate: Callable[[yaml.ScalarNode], Located]
) -> Candidate | None:
    pairs = _pairs(section)
    driver = _adapter(pairs)
    if driver is None:
        return None
    settings: list[Setting] = []
    url: Span | None = None
    for name, (key_node, value) in pairs.items():
        if name == "adapter" or not isinstance(value, yaml.ScalarNode):
            continue
        if value.tag == "tag:yaml.org,2002:null":
            continue
        located, unknown = erb_dynamic(locate(value))
        location = _location(path, key_node, value)
        span = located.span(path, (value.start_mark.line + 1, value.start_mark.column + 1))
        if name == "url":
            if located.text and DYNAMIC not in located.text:
                url = span
            elif located.text:  # ENV['DATABASE_URL']: whatever it says wins
                settings.append(Setting("url", None, location, "url: <%= … %>", None, unknown or "url"))
            continue
        text = located.text
        source = f"{name}: {text}".replace(DYNAMIC, "<%= … %>")
        if name in _PASSWORD_KEYS:
            if DYNAMIC in text:
                settings.append(Setting("password", None, location, f"{name}: ***", None, unknown or name))
            elif text:
                settings.append(Setting("password", Secret(text, span), location, f"{name}: ***", span))
            continue
        if DYNAMIC in text:
            settings.append(Setting(_key(name), text, location, source, span, unknown=unknown))
        else:
            settings.append(Setting(_key(name), text, location, source, span))
    where = Location(
        path,
        key.start_mark.line + 1,
        key.start_mark.column + 1,
        key.end_mark.line + 1,
        key.end_mark.column + 1,
    )
    return Candidate(CandidateKind.DRIVER_CONFIG, where, url=url, settings=tuple(settings), driver=driver)


def _key(name: str) -> str:
    # Rails and both gems take these as aliases of host / socket (mysql2: hostname, sock).
    return {"hostname": "host", "sock": "socket"}.get(name, name)


def _location(path: str, key: yaml.Node, value: yaml.Node) -> Location:
    start, end = key.start_mark, value.end_mark
    return Location(path, start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def erb_dynamic(value: Located) -> tuple[Located, str | None]:
    """``value`` with each ERB tag a :data:`~connlint.model.DYNAMIC` part (an
    environment variable with a literal default: that default), and the first
    dynamic tag's Ruby code (``ENV['X']``) that names what it comes from.
    """
    text = value.text
    if "<%" not in text:
        return value, None
    out = Located()
    pos = 0
    first: str | None = None
    for start, end in erb_tags(text):
        match = _ERB.fullmatch(text, start, end)
        if match is None:  # "<%>": no tag by the pattern's reading
            continue
        out.extend(value.slice(pos, match.start()))
        default = _ENV_DEFAULT.fullmatch(match.group(1).strip())
        under_root = _ROOT_JOIN.fullmatch(match.group(1).strip())
        if match.group(0).startswith("<%=") and under_root is not None:
            # Rails.root.join("config/ca.pem"): a file of the application, named.
            out.add(DYNAMIC, value.point(match.start()))
            literal = under_root.group(2)
            offset = match.start(1) + match.group(1).index(literal)
            out.add("/", value.point(offset))
            out.extend(value.slice(offset, offset + len(literal)))
            first = first or match.group(1).strip()
        elif match.group(0).startswith("<%=") and default is not None:
            # ENV.fetch("X", "v"), ENV.fetch("X") { "v" }, ENV["X"] || "v": read as
            # the default, as Spring's ${X:v} is (what runs when X is not set).
            start = match.start(1) + len(match.group(1)) - len(match.group(1).lstrip())
            literal = default.group("a") or default.group("b") or default.group("c") or ""
            offset = start + match.group(1).strip().rfind(literal) if literal else start
            out.extend(value.slice(offset, offset + len(literal)))
        else:
            out.add(DYNAMIC, value.point(match.start()))
            first = first or match.group(1).strip() or None
        pos = match.end()
    out.extend(value.slice(pos, len(text)))
    return out, first
