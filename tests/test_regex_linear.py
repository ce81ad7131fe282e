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


_OLD_JSON_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


@given(_texts('"', "\\", "a", " ", ",", "[", "]", '\\"', "é"))
def test_json_strings_as_before(line: str) -> None:
    from connlint.frontends.dockerfile import _JSON_STRING

    got = [m.start(1) for m in _JSON_STRING.finditer(line) if m.group(2)]
    assert got == [m.start(1) for m in _OLD_JSON_STRING.finditer(line)]


_OLD_GRADLE_ASSIGNMENT = re.compile(
    r"""(?m)^[ \t]*(?:(?:def|val|var|final|String)\s+)*(?:(?:rootProject|project)\.)?(?:ext\.)?"""
    r"""([A-Za-z_]\w*)(?:\s*:\s*String)?\s*=\s*(["'])([^"'$\\\n]*)\2"""
)


@given(
    _texts(
        "def", "val", "var", "final", "String", " ", "\n", "\t", "x", "=", "'1'", '"2"', ":", "project.",
        "ext.", "rootProject.", "_", "1", "$",
    )
)  # fmt: skip
def test_gradle_assignments_as_before(code: str) -> None:
    from connlint.frontends.gradle import _ASSIGNMENTS

    got = [m.span() + m.span(3) for m in _ASSIGNMENTS[0].finditer(code) if m.group(1) is not None]
    assert got == [m.span() + m.span(3) for m in _OLD_GRADLE_ASSIGNMENT.finditer(code)]


_OLD_GRADLE_PROPERTY = re.compile(r"\s*([^=:\s]+)\s*[=:\s]\s*(.*?)\s*$")


@given(_texts("k", " ", "\t", "=", ":", "v", "\r", "\x0c", "#"))
def test_gradle_properties_as_before(line: str) -> None:
    from connlint.frontends.gradle import read_properties

    got = {
        k: (v.value, v.location.column, v.location.end_column) for k, v in read_properties("p", line).items()
    }
    m = _OLD_GRADLE_PROPERTY.match(line)
    stripped = line.strip()
    skipped = not stripped or stripped.startswith(("#", "!")) or line.rstrip().endswith("\\")
    want = (
        {} if skipped or not m or not m.group(2) else {m.group(1): (m.group(2), m.start(2) + 1, m.end(2) + 1)}
    )
    assert got == want


_OLD_PROPERTY_REF = re.compile(r"\$\{([^}]*)\}")


@given(_texts("${", "}", "a", "$", "{", "x.y"))
def test_maven_references_as_before(value: str) -> None:
    from connlint.frontends.maven import _PROPERTY_REF

    closed = value.rfind("}") + 1
    assert _PROPERTY_REF.findall(value, 0, closed) == _OLD_PROPERTY_REF.findall(value)
    replace = lambda m: f"<{m.group(1)}>"  # noqa: E731
    got = _PROPERTY_REF.sub(replace, value[:closed]) + value[closed:]
    assert got == _OLD_PROPERTY_REF.sub(replace, value)


_OLD_TOML_STRING = re.compile(r""""((?:[^"\\\n]|\\.)*)"|'([^'\n]*)'""")


def _old_strings(line: str) -> list[tuple[str, int]]:
    out = []
    for m in _OLD_TOML_STRING.finditer(line):
        if "#" in _OLD_TOML_STRING.sub("", line[: m.start()]):
            break
        group = 1 if m.group(1) is not None else 2
        out.append((m.group(group), m.start(group)))
    return out


@given(_texts('"', "'", "\\", "a", "#", " ", ",", "[", "]", '\\"'))
def test_toml_strings_as_before(line: str) -> None:
    from connlint.frontends.python_deps import _strings, _without_strings

    assert list(_strings(line)) == _old_strings(line)
    assert _without_strings(line, '""') == _OLD_TOML_STRING.sub('""', line)


_OLD_TABLE_HEADER = re.compile(r"\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_OLD_DOT = re.compile(r"""\s*\.\s*""")


@given(_texts("[", "]", " ", "\t", "a", ".", '"', "#", "x", "\x0b"))
def test_toml_headers_as_before(line: str) -> None:
    from connlint.frontends.python_deps import _DOT, _TABLE_HEADER

    got, want = _TABLE_HEADER.match(line), _OLD_TABLE_HEADER.match(line)
    assert (got is None) == (want is None)
    if got is not None and want is not None:
        assert got.group(1) == want.group(1)
    assert _DOT.sub(".", line) == _OLD_DOT.sub(".", line)


_OLD_POETRY_VERSION = re.compile(r"\d+(?:\.\d+)*(?:[a-zA-Z0-9.+-]*)?")
_OLD_POETRY_SUB = re.compile(r"(tool\.poetry(?:\.group\.[\w.-]+)?\.(?:dev-)?dependencies)\.([\w.-]+)")


@given(
    _texts("1", ".", "a", "-", "+", "!", " ", "tool.poetry", ".group.", ".dependencies", ".dev-", "x", ".")
)
def test_poetry_patterns_as_before(text: str) -> None:
    from connlint.frontends.python_deps import _POETRY_SUB_TABLE, _POETRY_VERSION

    assert (_POETRY_VERSION.fullmatch(text) is None) == (_OLD_POETRY_VERSION.fullmatch(text) is None)
    got, want = _POETRY_SUB_TABLE.fullmatch(text), _OLD_POETRY_SUB.fullmatch(text)
    assert (got.groups() if got else None) == (want.groups() if want else None)


_OLD_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdrif]")


@given(_texts("%", "(", ")", "a", "0", "1", "-", "#", " ", "+", ".", "s", "d", "%(", "x"))
def test_percent_fields_as_before(text: str) -> None:
    from connlint.frontends.python import _percent_fields

    assert list(_percent_fields(text)) == [m.span() for m in _OLD_PERCENT_FIELD.finditer(text)]


_OLD_ADDRESS_GROUP = re.compile(r"\(([^)]*)\)")


@given(_texts("(", ")", "host=", "a", ",", "="))
def test_address_groups_as_before(rest: str) -> None:
    from connlint.clients.jdbc_url import _ADDRESS_GROUP

    entry = "address=" + rest
    closed = entry.rfind(")") + 1
    got = [m.span(1) for m in _ADDRESS_GROUP.finditer(entry, 8, closed)]
    assert got == [m.span(1) for m in _OLD_ADDRESS_GROUP.finditer(entry, 8)]


@given(_texts("TLS", "v", "1", ".", "_", "a", " ", ",", "tls"))
def test_tls_tokens_as_before(value: str) -> None:
    from connlint.clients.python_drivers import _TLS_TOKEN

    assert _TLS_TOKEN.findall(value) == re.findall(r"[A-Za-z]+v?[\d._]+", value)


_OLD_RETIRED = (
    re.compile(r"rds-ca-2015[-\w.]*\.(?:pem|p7b|crt|cer)$"),
    re.compile(r"rds-ca-2019[-\w.]*\.(?:pem|p7b|crt|cer)$"),
)


@given(_texts("rds-ca-2015", "rds-ca-2019", ".pem", ".crt", "-", "x", " ", "/", ".", "\n", "é"))
def test_retired_bundles_as_before(name: str) -> None:
    from connlint.clients.ca_bundles import RETIRED_BUNDLES

    for (new, _), old in zip(RETIRED_BUNDLES, _OLD_RETIRED, strict=False):
        assert (new.search(name) is None) == (old.search(name) is None)
