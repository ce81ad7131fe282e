"""libyaml's composition (frontends/yaml_libyaml.py) builds what the pure-Python loader builds,
or declines.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from connlint.frontends import ci, yaml_libyaml
from connlint.frontends import yaml as yaml_frontend
from connlint.frontends.yaml_compose import MAX_NESTING, Loader

pytestmark = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _shape(node: yaml.Node | None, seen: dict[int, int]) -> object:
    """Everything a front-end can read of a node graph: marks, tags, values, styles."""
    if node is None:
        return None
    if id(node) in seen:
        return ("alias", seen[id(node)])
    seen[id(node)] = len(seen)
    marks = tuple((m.index, m.line, m.column) for m in (node.start_mark, node.end_mark))
    head = (type(node).__name__, node.tag, marks)
    if isinstance(node, yaml.ScalarNode):
        return (*head, node.value, node.style)
    if isinstance(node, yaml.SequenceNode):
        return (*head, node.flow_style, [_shape(n, seen) for n in node.value])
    return (*head, node.flow_style, [(_shape(k, seen), _shape(v, seen)) for k, v in node.value])


def _pure(text: str) -> list[object]:
    loader = Loader(text)
    try:
        roots = []  # kept alive while shaped: ids are not reused
        while loader.check_node():
            roots.append(loader.get_node())
    finally:
        loader.dispose()
    seen: dict[int, int] = {}
    return [_shape(r, seen) for r in roots]


def _same_or_declined(text: str) -> bool:
    """True when libyaml composed ``text`` (and built what PyYAML builds); False when it declined."""
    roots = yaml_libyaml.documents(text, MAX_NESTING)
    if roots is None:
        return False
    seen: dict[int, int] = {}
    assert [_shape(r, seen) for r in roots] == _pure(text), text
    return True


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: [x, y]\n",
        "a: 1\nb: 2",  # no final line break: the end marks stay on the last line
        "---\n\n# only comments, no final line break",
        "---",
        "key:\n- indentless\n- items\nother:\n  - indented\n",
        "Name: !Sub\n- '${A}'\n- A: !Ref B\n",  # an indentless sequence with a tag
        "x: !\ny: ! 12\nz: ! '1'\nw: &a ! true\n",  # the non-specific tag: resolved as plain
        "base: &b\n  url: jdbc:mysql://h/\nother:\n  <<: *b\n",
        "f: |\n  block\ng: >-\n  folded\n\n  more\nh: |+\n  keep\n\n",
        "k: 'it''s'\nd: \"esc\\n\\u00e9 \\\n  x\"\np: plain\n  continued\n",
        "%YAML 1.1\n---\n!!str 3\n...\n---\n? complex\n: key\n",
        "x: !Ref y\nz: !!binary aGk=\n",
    ],
)
def test_libyaml_builds_what_the_pure_loader_builds(text: str) -> None:
    assert _same_or_declined(text)


@pytest.mark.parametrize(
    "text",
    [
        "a:\tb\n",  # tabs between tokens: PyYAML refuses them
        "url: [jdbc:mysql://h/?a=b]\n",  # `?` in a flow plain scalar: PyYAML refuses it
        "a: >#\n  x\n",  # a comment glued to a block header: PyYAML refuses it
        "a: [b: ]\n",  # an empty flow entry: libyaml marks it elsewhere
        "a: !:! x\n",  # a tag PyYAML reads otherwise
        "a: 1\r\nb: 2\n",  # line breaks other than LF
        "a: \ufeffb\n",  # U+FEFF, not counted in PyYAML's columns
        "a: [b\n",  # an error: PyYAML says it in its own words
        "x: " + "[" * (MAX_NESTING + 1) + "]" * (MAX_NESTING + 1) + "\n",  # too deep
    ],
)
def test_libyaml_declines_where_the_two_differ(text: str) -> None:
    assert not _same_or_declined(text)


def test_nesting_just_below_the_limit_is_composed() -> None:
    depth = MAX_NESTING - 1  # collections around the innermost one
    assert _same_or_declined("x: " + "[" * depth + "]" * depth + "\n")


def test_without_libyaml_the_pure_loader_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml, "__with_libyaml__", False)
    assert yaml_libyaml.documents("a: 1\n", MAX_NESTING) is None
    result = yaml_frontend.extract("application.yml", "spring.datasource.url: jdbc:mysql://h/db\n")
    assert [c.url.text for c in result.candidates if c.url] == ["jdbc:mysql://h/db"]


@settings(derandomize=True, max_examples=400, deadline=None)
@given(st.text(alphabet="&*!|>-:'\"\\ \n[]{},#?%ab1.~", max_size=50))
def test_yaml_like_text_composes_alike_or_is_declined(text: str) -> None:
    _same_or_declined(text)


_SCALARS = st.sampled_from(
    [
        *("a", "b c", "1", "true", "~", "", "'q'", '"d\\n"', "'it''s'", "jdbc:mysql://h/?a=b", "!Ref x"),
        *("!!str 3", "&a v", "*a", "a # c", "'multi\n  line'", '"esc\\\n  x"', "plain\n  more", "! 1"),
    ]
)


def _render(node: object, indent: int) -> str:
    """Block YAML of a nested ("map" | "seq", items) structure of scalars."""
    pad = " " * indent
    if isinstance(node, str):
        return " " + node.replace("\n", "\n" + pad) + "\n"
    kind, items = node  # type: ignore[misc]
    if kind == "flow":
        return " [" + ", ".join(item.replace("\n", " ") for item in items) + "]\n"
    if kind == "block":
        return " " + items.format(pad=pad)
    out = "\n"
    for item in items:
        if kind == "map":
            key, value = item
            out += f"{pad}{key}:" + _render(value, indent + 2)
        else:
            out += f"{pad}-" + _render(item, indent + 2)
    return out


_BLOCKS = ["|\n{pad}  lit\n{pad}  x\n", ">-\n{pad}  fold\n\n{pad}  y\n", "|+\n{pad}  keep\n\n"]
_NODES = st.recursive(
    _SCALARS
    | st.lists(_SCALARS, max_size=3).map(lambda items: ("flow", items))
    | st.sampled_from(_BLOCKS).map(lambda block: ("block", block)),
    lambda children: (
        st.lists(
            st.tuples(st.sampled_from(["k", "a b", "'q'", "<<", "&x k", "? c"]), children),
            min_size=1,
            max_size=3,
        ).map(lambda items: ("map", items))
        | st.lists(children, min_size=1, max_size=3).map(lambda items: ("seq", items))
    ),
    max_leaves=12,
)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(
    _NODES,
    st.sampled_from(["", "---\n", "# c\n"]),
    st.sampled_from(["", "\n", "\n...\n", "\n# end", "\n---\nz: 1"]),
)
def test_generated_documents_compose_alike(node: object, head: str, tail: str) -> None:
    text = head + _render(node, 0).strip("\n") + tail
    _same_or_declined(text)
    _same_or_declined(text + "\n")


def _fixture_yaml() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".yml", ".yaml"))


@pytest.mark.parametrize("path", _fixture_yaml(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_front_ends_say_the_same_with_and_without_libyaml(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    with_libyaml = (yaml_frontend.extract(str(path), text), ci.extract(str(path), text))
    monkeypatch.setattr(yaml_libyaml, "documents", lambda text, max_nesting: None)
    without = (yaml_frontend.extract(str(path), text), ci.extract(str(path), text))
    assert with_libyaml == without
