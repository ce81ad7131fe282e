"""Every regex applied to file content runs in linear time (issue 13, item 8).

A regex that backtracks can take quadratic, cubic or exponential time on one
crafted line: the file's time budget runs out and its real findings are lost
(an attacker hides a setting by appending one line).  Three kinds of tests:

* growth: each compiled pattern of the front-ends and clients is run, as the
  code runs it (search, match, finditer), on hostile strings of growing
  length; the time must grow about linearly (see ``scaling.py``).  Every
  pattern must be listed in :data:`USES`, so a new one gets the same check;
* sameness: where a pattern was rewritten to be linear, the new code gives
  the same result as the old pattern on generated input (old patterns copied
  here, inputs kept short);
* end to end: a file with a real setting and one hostile line appended
  still yields its finding, quickly.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

# -- sameness: the old patterns, as references ---------------------------------

_OLD_ACTION = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_OLD_ACTIONS_LINE = re.compile(r"^[ \t]*(?:\{\{.*?\}\}[ \t]*)+$", re.MULTILINE)
_OLD_AFTER_BLOCK_INDICATOR = re.compile(r"[:-][ \t]+[|>][-+0-9]*[ \t]*(?:\{\{.*?\}\}[ \t]*)*$")
_OLD_FILTER_TOKEN = re.compile(r"@([\w.-]+)@")


def _old_mask_templates(text: str) -> str:
    def blank(m: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", m.group(0))

    def placeholder(m: re.Match[str]) -> str:
        action = m.group(0)
        if "\n" in action or "{" in action[2:-2] or "}" in action[2:-2]:
            return blank(m)
        line_start = m.string.rfind("\n", 0, m.start()) + 1
        if _OLD_AFTER_BLOCK_INDICATOR.search(m.string, line_start, m.start()):
            return blank(m)
        return "${" + action[2:-2] + "_}"

    if "{{" in text:
        text = _OLD_ACTION.sub(placeholder, _OLD_ACTIONS_LINE.sub("", text))
    if "@" in text:
        text = _OLD_FILTER_TOKEN.sub(lambda m: "${" + m.group(1)[1:] + "}", text)
    return text


def _texts(*pieces: str, max_size: int = 24) -> st.SearchStrategy[str]:
    """Short texts made of ``pieces``: the characters and tokens a pattern acts on."""
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


_HELM = _texts(
    "{{", "}}", "{", "}", "{{a}}", "{{- x -}}", ":", "-", " ", "\t", "|", ">", "+", "1", "a", "\n", "@", "k: "
)


@given(_HELM)
def test_mask_templates_as_before(text: str) -> None:
    from connlint.frontends.yaml import mask_templates

    assert mask_templates(text) == _old_mask_templates(text)


_OLD_GHA_EXPRESSION = re.compile(r"\$\{\{.*?\}\}", re.DOTALL)
_OLD_JINJA_EXPRESSION = re.compile(r"\$?\{\{.*?\}\}", re.DOTALL)


@given(_texts("$", "{{", "}}", "{", "}", "${{", "a", " ", "\n", "$$"), st.booleans())
def test_template_expressions_as_before(text: str, jinja: bool) -> None:
    from connlint.frontends.shell import _template_expressions

    old = _OLD_JINJA_EXPRESSION if jinja else _OLD_GHA_EXPRESSION
    assert _template_expressions(text, jinja) == [m.span() for m in old.finditer(text)]


_OLD_REGEX_OPERAND = re.compile(rb"(=~[ \t]+)([^\n]*?)([ \t]+\]\])")


@given(_texts("=~", "=", "~", " ", "\t", "]]", "]", "[[", "x", "(", '"', "\n", "=~ ", " ]]"))
def test_regex_operands_as_before(text: str) -> None:
    from connlint.frontends.shell import _blank_regex_operands

    data = text.encode()
    old = _OLD_REGEX_OPERAND.sub(lambda m: m[1] + b"x" * len(m[2]) + m[3], data)
    assert _blank_regex_operands(data) == old


_OLD_ATTRIBUTE = re.compile(r"""([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


@given(_texts("a", "=", " ", '"', "'", "/", ">", "<x", "b='c'", 'd="e"', "\n"))
def test_xml_attributes_as_before(tag: str) -> None:
    from connlint.frontends.xml import _attributes

    old = []
    for m in _OLD_ATTRIBUTE.finditer(tag):
        group = 2 if m.group(2) is not None else 3
        old.append((m.group(1), m.start(), m.end(), m.group(group), m.start(group)))
    assert list(_attributes(tag)) == old


_OLD_FORMAT_SPEC = re.compile(r"%(?:\d+\$)?[-#+ 0,(<]*\d*(?:\.\d+)?[a-zA-Z%]")


@given(_texts("%", "0", "1", "$", "-", "#", "+", " ", ",", "(", "<", ".", "d", "s", "n", "!", "%%"))
def test_format_specs_as_before(text: str) -> None:
    from connlint.frontends.java import _FORMAT_SPEC

    assert [m.span() for m in _FORMAT_SPEC.finditer(text)] == [
        m.span() for m in _OLD_FORMAT_SPEC.finditer(text)
    ]


_OLD_NESTED_CLASS = re.compile(
    r"new\s+[\w$.<>,?\[\]\s@]*\("
    r"""(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[^;"'])*?\)\s*\{"""
    r"|(?:class|interface|enum|record)\s+(?!\d)[\w$]"
)


@given(
    _texts(
        "new",
        "new ",
        " ",
        "\n",
        "a",
        "(",
        ")",
        "{",
        ";",
        '"',
        "'",
        "\\",
        "class ",
        "1",
        "<",
        "x.Y",
        " ) {",
        "new X(",
    ),
    st.integers(0, 3),
    st.integers(0, 3),
)
def test_nested_classes_as_before(text: str, cut_start: int, cut_end: int) -> None:
    from connlint.frontends.java_reduce import _declares_class

    text = "{" + text
    start, end = min(1 + cut_start, len(text)), max(len(text) - cut_end, 1)
    end = max(start, end)
    assert _declares_class(text, start, end) == (_OLD_NESTED_CLASS.search(text, start, end) is not None)


_OLD_BARE_END = re.compile(r"[ \t]+#.*$|[ \t]+$")


@given(_texts("a", " ", "\t", "#", "x=", "'", "\x0b"))
def test_dotenv_values_as_before(value: str) -> None:
    from connlint.frontends.dotenv import parse

    line = "SPRING_DATASOURCE_URL=jdbc:mysql://h/" + value
    bare = _OLD_BARE_END.search(line, len("SPRING_DATASOURCE_URL="))
    entries = parse(".env", line)
    if line[len("SPRING_DATASOURCE_URL=") :][:1] in ("'", '"'):
        return  # a quoted value: not the pattern's
    end = bare.start() if bare is not None else len(line)
    assert [e.value.text for e in entries] == [line[len("SPRING_DATASOURCE_URL=") : end]]


_OLD_GROUP = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]\s*(?:[#;].*)?$")
_OLD_LAX_GROUP = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")


@given(_texts("[", "]", " ", "\t", "\x0b", "client", "#", ";", "x", max_size=14))
def test_option_file_groups_as_before(line: str) -> None:
    from connlint.frontends.option_file import _GROUP, _LAX_GROUP

    for new, old in ((_GROUP, _OLD_GROUP), (_LAX_GROUP, _OLD_LAX_GROUP)):
        got, want = new.match(line), old.match(line)
        assert (got is None) == (want is None)
        if got is not None and want is not None:
            assert got.group(1).strip() == want.group(1).strip()
