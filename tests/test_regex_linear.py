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

import importlib
import pkgutil
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import connlint.clients
import connlint.frontends
from connlint import lazy
from scaling import FACTOR, LINEAR, assert_linear, best_time

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
    from connlint.frontends.yaml_templates import mask_templates

    assert mask_templates(text) == _old_mask_templates(text)


_OLD_GHA_EXPRESSION = re.compile(r"\$\{\{.*?\}\}", re.DOTALL)
_OLD_JINJA_EXPRESSION = re.compile(r"\$?\{\{.*?\}\}", re.DOTALL)


@given(_texts("$", "{{", "}}", "{", "}", "${{", "a", " ", "\n", "$$"), st.booleans())
def test_template_expressions_as_before(text: str, jinja: bool) -> None:
    from connlint.frontends.shell_parse import template_expressions

    old = _OLD_JINJA_EXPRESSION if jinja else _OLD_GHA_EXPRESSION
    assert template_expressions(text, jinja) == [m.span() for m in old.finditer(text)]


_OLD_REGEX_OPERAND = re.compile(rb"(=~[ \t]+)([^\n]*?)([ \t]+\]\])")


@given(_texts("=~", "=", "~", " ", "\t", "]]", "]", "[[", "x", "(", '"', "\n", "=~ ", " ]]"))
def test_regex_operands_as_before(text: str) -> None:
    from connlint.frontends.shell_parse import blank_regex_operands

    data = text.encode()
    old = _OLD_REGEX_OPERAND.sub(lambda m: m[1] + b"x" * len(m[2]) + m[3], data)
    assert blank_regex_operands(data) == old


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
    from connlint.frontends.java_values import _FORMAT_SPEC

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
    from connlint.frontends.python.literals import percent_fields as _percent_fields

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


# -- growth: every pattern, as the code applies it, on hostile input -----------

Hostile = Callable[[int], str]
Run = Callable[[re.Pattern[Any], Any], object]


def _finditer(pattern: re.Pattern[Any], text: Any) -> object:
    return sum(1 for _ in pattern.finditer(text))


def _search(pattern: re.Pattern[Any], text: Any) -> object:
    return pattern.search(text)


def _match(pattern: re.Pattern[Any], text: Any) -> object:
    return pattern.match(text)


def _fullmatch(pattern: re.Pattern[Any], text: Any) -> object:
    return pattern.fullmatch(text)


def _at_each(char: str) -> Run:
    """A pattern matched at each ``char``, on from the end of each match (an escape loop)."""

    def run(pattern: re.Pattern[Any], text: Any) -> object:
        i = 0
        while (i := text.find(char, i)) >= 0:
            m = pattern.match(text, i)
            i = m.end() if m is not None and m.end() > i else i + 1
        return None

    return run


def _to_last(closer: str) -> Run:
    """``finditer`` up to the last ``closer``, as the code searches it."""
    return lambda pattern, text: sum(1 for _ in pattern.finditer(text, 0, text.rfind(closer) + 1))


@dataclass(frozen=True)
class Use:
    """How the code applies a pattern, and the hostile inputs known for it (the
    generic ones, runs of the pattern's own characters and words, come on top).
    """

    run: Run = _finditer
    hostile: tuple[Hostile, ...] = ()


#: Patterns applied with ``match``/``fullmatch`` (anchored: a hostile run costs
#: once, not once per start) or in a particular way, and known hostile shapes.
#: Every other pattern is checked as ``finditer`` applies it, the hardest use.
USES: dict[str, Use] = {
    # Makefile lines: matched at a line's start
    "frontends.makefile._ASSIGNMENT": Use(_match),
    "frontends.makefile._RULE": Use(_match),
    "frontends.makefile._NAME": Use(_fullmatch),
    # documentation lines: matched at a line's start
    "frontends.runbook._FENCE": Use(_match),
    "frontends.runbook._RST_DIRECTIVE": Use(_match),
    "frontends.runbook._ADOC_SOURCE": Use(_match),
    "frontends.runbook._PROMPT": Use(_match),
    # a masked GitHub expression, whole
    "frontends.shell_assignments._ENV_EXPRESSION": Use(_fullmatch),
    # an Alpine branch at the start of an image tag's version
    "clients.client_context._ALPINE_BRANCH": Use(_match),
    # the name an expansion reads, at its start
    "frontends.shell_words._NAME": Use(_match),
    # a client's command-line word, from its start
    "frontends.shell_unknown_values._TLS_OPTION": Use(_match),
    # a ConfigMap value's first line
    "frontends.ci._SHEBANG": Use(_match),
    # a package's version pin, matched right after its name
    "frontends.run_context._PIN": Use(_match),
    # YAML: Helm actions (a 205-byte `{{a}}…x` line used to take the whole budget)
    "frontends.yaml._ENV_ITEM": Use(_match),
    "frontends.yaml_libyaml._PLAIN_TAG": Use(_fullmatch),  # a tag property, to its blank
    "frontends.yaml_templates._ACTIONS_LINE": Use(
        hostile=(lambda n: "{{a}}" * n + "x", lambda n: "{{" + " " * n + "}}x")
    ),
    "frontends.yaml_templates._INDICATOR_BEFORE_ACTION": Use(
        hostile=(lambda n: "k: |" + "-" * n, lambda n: ": |" * n)
    ),
    # shell
    "frontends.shell_parse._REGEX_OPERATOR": Use(
        hostile=(lambda n: "=~" + " " * n + "x", lambda n: "=~ " * n)
    ),
    "frontends.shell_parse._OPERAND_END": Use(hostile=(lambda n: " " * n + "x", lambda n: " ]" * n)),
    "frontends.shell_parse._TEST_EQUALS": Use(hostile=(lambda n: " = " + "a" * n, lambda n: " = " * n)),
    "frontends.shell_parse._FOR_DO": Use(hostile=(lambda n: "for x" + " " * n + "y", lambda n: "for " * n)),
    # XML
    "frontends.xml._ATTRIBUTE_NAME": Use(hostile=(lambda n: "a" * n,)),
    "frontends.xml._ATTRIBUTE_VALUE": Use(_match, (lambda n: " " * n + '="' + "a" * n,)),
    "frontends.xml._ENTITY": Use(_at_each("&"), (lambda n: "&" + "a" * n, lambda n: "&a" * n)),
    # Java
    "frontends.java_values._FORMAT_SPEC": Use(
        hostile=(lambda n: "%" + "0" * n, lambda n: "%1$" + "-" * n + "1" * n)
    ),
    "frontends.java._HOSTILE_NESTING": Use(
        _search, (lambda n: ("<" * 255 + ";") * n, lambda n: ("<" + "a" * n) * 255 + ";")
    ),
    "frontends.java_fallback._BODY": Use(_match, (lambda n: "a" * n, lambda n: '\\"' * n)),
    "frontends.java_reduce._TO_BRACE": Use(_match, (lambda n: '"""' + '\\"""' * n, lambda n: "/*" + "*" * n)),
    "frontends.java_reduce._CLASS_LEXEME": Use(
        _search, (lambda n: '"""' + "a" * n, lambda n: "/*" + " " * n)
    ),
    "frontends.java_reduce._ASSIGNMENT_AFTER": Use(_match),
    "frontends.java_reduce._RUN_AT": Use(_match, (lambda n: "new " * n, lambda n: "new x" + " " * n)),
    "frontends.java_reduce._BODY_NEXT": Use(_match),
    "frontends.java_reduce._PLAIN_RUN": Use(_match, (lambda n: "a " * n, lambda n: "a->" * n)),
    "frontends.java_reduce._LOCAL_TYPE": Use(hostile=(lambda n: "class" + " " * n + "1",)),
    # .env, option files, properties, Spring
    "frontends.dotenv._ASSIGNMENT": Use(_match),
    "frontends.dotenv._BARE_END": Use(_search, (lambda n: "a" + " " * n + "x", lambda n: "a \t" * n)),
    "frontends.option_file._MYSQL_KEYS": Use(_match),
    "frontends.option_file._GROUP": Use(
        _match, (lambda n: "[" + " " * n + "x", lambda n: "[a" + " a" * n + "]x")
    ),
    "frontends.option_file._LAX_GROUP": Use(_match, (lambda n: "[" + " " * n + "x",)),
    "frontends.option_file._KEY": Use(_fullmatch),
    "frontends.properties._PLAIN_KEY": Use(_match),
    "frontends.spring._SPRING_ENV": Use(_fullmatch),
    # Maven, Gradle, Dockerfile
    "frontends.maven._PROPERTY_REF": Use(_to_last("}"), (lambda n: "${" * n, lambda n: "${a}" + "${" * n)),
    "frontends.gradle._ASSIGNMENTS.0": Use(hostile=(lambda n: "def\n" * n + "1", lambda n: "val " * n)),
    "frontends.gradle._REFERENCE": Use(_match),
    "frontends.gradle._CATALOG_VERSION_REFERENCE": Use(_match),
    "frontends.gradle._PROPERTY": Use(_match, (lambda n: "k" + " " * n + "x",)),
    "frontends.gradle._CONCATENATED": Use(_match),
    "frontends.dockerfile._INSTRUCTION": Use(_match),
    "frontends.dockerfile._JSON_STRING": Use(hostile=(lambda n: '["' + '\\"' * n, lambda n: '"\\' * n)),
    # Python and its dependency files
    "frontends.python.sqlalchemy_django._SQLALCHEMY_URL": Use(_match),
    # an import statement, at the start of a line holding the keyword
    "frontends.python.project_helpers._FROM": Use(_match),
    "frontends.python.project_helpers._IMPORT": Use(_match),
    "frontends.python.literals._ESCAPE": Use(
        _at_each("\\"), (lambda n: "\\N{" * n, lambda n: "\\N{" + "a" * n)
    ),
    "frontends.python.literals._PERCENT_CONVERSION": Use(_at_each("%"), (lambda n: "%" + "0" * n,)),
    "frontends.python_deps._NAME": Use(_match),
    "frontends.python_deps._CLAUSE": Use(_fullmatch),
    "frontends.python_deps._NUMERIC": Use(_match),
    "frontends.python_deps._STRING": Use(hostile=(lambda n: '"' + '\\"' * n, lambda n: "'" + "a" * n)),
    "frontends.python_deps._TABLE_HEADER": Use(
        _match, (lambda n: "[" + " " * n + "x", lambda n: "[a" + " " * n)
    ),
    "frontends.python_deps._DOT": Use(hostile=(lambda n: "a" + " " * n + "b",)),
    "frontends.python_deps._KEY": Use(_match),
    "frontends.python_deps._POETRY_VERSION": Use(
        _fullmatch, (lambda n: "1" * n + "!", lambda n: "1." * n + "!")
    ),
    "frontends.python_deps._POETRY_SUB_TABLE": Use(
        _fullmatch, (lambda n: "tool.poetry.dependencies" + ".dependencies" * n + ".!",)
    ),
    "frontends.python_deps._POETRY_TABLE": Use(_match),
    # Connection strings and Rails: each pattern tested whole against one value
    # or one ERB tag found by yaml_templates.erb_tags (a linear find).
    "frontends.connection_strings._GO_DSN": Use(_fullmatch),
    "frontends.connection_strings._NODE_URL": Use(_fullmatch),
    "frontends.rails._ERB": Use(_fullmatch),
    # a connector.class value written as ``X.class.getName()``: matched whole
    "frontends.kafka_connect._CLASS_NAME_CALL": Use(_fullmatch),
    # a schema.prisma datasource line: matched at the line's start
    "frontends.prisma._FIELD": Use(_match),
    # a .csproj <Version> element: matched right after its PackageReference tag
    "frontends.package_manifests._VERSION_ELEMENT": Use(_match),
    # the Java screen: a package declaration matched at the start of the code
    "frontends.java_screen._PACKAGE": Use(
        _match, (lambda n: "@a" * n, lambda n: "@a(" * n, lambda n: "package " * n)
    ),
    "frontends.java_screen._PLAIN_PACKAGE": Use(_match, (lambda n: "\t" * n, lambda n: "package " * n)),
    "frontends.python_deps._INSTALLED": Use(_fullmatch),
    # clients
    "clients.driver_config._WRITTEN_KEY": Use(_match, (lambda n: "a" + " " * n + "x", lambda n: " " * n)),
    "clients.ca_bundles.RETIRED_BUNDLES.0.0": Use(_search, (lambda n: "rds-ca-2015" * n + "!",)),
    "clients.ca_bundles.RETIRED_BUNDLES.1.0": Use(_search, (lambda n: "rds-ca-2019-" * n + "x",)),
    "clients.jdbc_url._ADDRESS_GROUP": Use(_to_last(")"), (lambda n: "(" * n, lambda n: "(a)" + "(" * n)),
    "clients.jdbc_url._PLACEHOLDER": Use(_fullmatch),
    "clients.sqlalchemy_url._URL": Use(_match),
    "clients.python_drivers._TLS_TOKEN": Use(hostile=(lambda n: "TLS" * n,)),
    "clients.versions._VERSION": Use(_fullmatch),
    "clients.versions._WILDCARD": Use(_match),
    "suppressions._COMMENT_ONLY": Use(_match),
    "discover._SHEBANG": Use(_match),
    # file-name rules of connlint.frontends.kinds: whole names
    "discover._ANY_PATTERN": Use(_fullmatch),
    "discover._ANY_LATE_PATTERN": Use(_fullmatch),
}


def _modules() -> list[str]:
    """The modules whose patterns see file content: front-ends, clients, and the
    prefilter, suppressions and discovery (a file's first bytes)."""
    names = ["connlint.prefilter", "connlint.suppressions", "connlint.discover"]
    for package in (connlint.frontends, connlint.clients):
        names += [info.name for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
    return names


def _patterns_in(value: object, name: str) -> Iterator[tuple[str, re.Pattern[Any]]]:
    if isinstance(value, re.Pattern | lazy.LazyPattern):
        yield name, lazy.compiled(value)  # type: ignore[arg-type]
    elif isinstance(value, tuple | list):
        for i, item in enumerate(value):
            yield from _patterns_in(item, f"{name}.{i}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _patterns_in(item, f"{name}.{key}")


def content_patterns() -> dict[str, re.Pattern[Any]]:
    """Every compiled pattern at module level (in tuples and dicts too), by
    ``module.name`` without the ``connlint.`` prefix."""
    found: dict[str, re.Pattern[Any]] = {}
    for module_name in _modules():
        module = importlib.import_module(module_name)
        for attribute, value in vars(module).items():
            if attribute.startswith("__"):
                continue
            for name, pattern in _patterns_in(value, attribute):
                found[f"{module_name.removeprefix('connlint.')}.{name}"] = pattern
    return found


_PATTERNS = content_patterns()


def _pieces(pattern: re.Pattern[Any]) -> tuple[set[str], set[str]]:
    """The literal characters and the literal words (two characters or more) of ``pattern``."""
    import re._constants as sre  # type: ignore[import-not-found]
    import re._parser as parser  # type: ignore[import-not-found]

    chars: set[str] = set()
    words: set[str] = set()

    def walk(items: Any) -> None:
        run = ""
        for op, arg in items:
            if op is sre.LITERAL:
                chars.add(chr(arg))
                run += chr(arg)
                continue
            if len(run) > 1:
                words.add(run[:12])
            run = ""
            if op is sre.IN:
                chars.update(chr(a) for o, a in arg if o is sre.LITERAL)
                chars.update(chr(a[0]) for o, a in arg if o is sre.RANGE)
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
                walk(arg[2])
            elif op is sre.SUBPATTERN:
                walk(arg[3])
            elif op is sre.ATOMIC_GROUP:
                walk(arg)
            elif op is sre.BRANCH:
                for branch in arg[1]:
                    walk(branch)
            elif op in (sre.ASSERT, sre.ASSERT_NOT):
                walk(arg[1])
        if len(run) > 1:
            words.add(run[:12])

    source = pattern.pattern
    walk(parser.parse(source.decode("latin-1") if isinstance(source, bytes) else source, pattern.flags))
    return chars, words


_ALWAYS = frozenset(" \t\na0_-./\"'\\({[$%=:")


def generic_hostile(pattern: re.Pattern[Any]) -> list[Hostile]:
    """Runs of each character and word of the pattern (and of blanks, letters,
    digits, quotes…), and each word followed by a long run: the shapes that make
    a backtracking pattern, or a search restarted at each position, super-linear.
    """
    chars, words = _pieces(pattern)
    out = [_repeated("", c) for c in sorted(chars | _ALWAYS)]
    for word in sorted(words):
        out += [_repeated("", word), *(_repeated(word, c) for c in " a0\n")]
    return out


def _repeated(head: str, unit: str) -> Hostile:
    """``head`` then ``n`` times ``unit``."""
    return lambda n: head + unit * n


def _encode(pattern: re.Pattern[Any], text: str) -> Any:
    return text.encode("utf-8", "surrogatepass") if isinstance(pattern.pattern, bytes) else text


_SCREEN_SIZE = 2000  # characters; a quadratic use then takes about 64 times longer at 8 times that
_SCREEN_FLOOR = 0.002  # seconds at the larger size below which nothing is super-linear enough to matter


def _units(hostile: Hostile) -> int:
    """How many repetitions of ``hostile``'s growing part make about :data:`_SCREEN_SIZE` characters."""
    return max(1, _SCREEN_SIZE // max(1, len(hostile(2)) - len(hostile(1))))


def _screen(run: Callable[[str], object], hostile: Hostile) -> Callable[[int], Callable[[], object]] | None:
    """``make(n)`` for :func:`assert_linear` when a quick look at two sizes
    suggests super-linear time, else None (most shapes cost microseconds)."""
    n = _units(hostile)
    small, large = hostile(n), hostile(FACTOR * n)
    t_small = best_time(lambda: run(small), repeats=2)
    t_large = best_time(lambda: run(large), repeats=2)
    if t_large < _SCREEN_FLOOR or t_large < LINEAR * t_small:
        return None

    def make(k: int) -> Callable[[], object]:
        text = hostile(k)
        return lambda: run(text)

    return make


@pytest.mark.parametrize("name", sorted(_PATTERNS))
def test_pattern_is_linear(name: str) -> None:
    pattern = _PATTERNS[name]
    use = USES.get(name, Use())
    for hostile in (*use.hostile, *generic_hostile(pattern)):

        def run(text: str, hostile: Hostile = hostile) -> object:
            return use.run(pattern, _encode(pattern, text))

        make = _screen(run, hostile)
        if make is not None:
            sample = hostile(3)[:40]
            assert_linear(make, _units(hostile), f"{name} on {sample!r}…")


def test_uses_name_existing_patterns() -> None:
    """A pattern renamed or removed leaves no stale entry behind."""
    assert sorted(set(USES) - set(_PATTERNS)) == []


def _pom(version: str) -> str:
    return (
        "<project><dependencies><dependency><groupId>com.mysql</groupId>"
        f"<artifactId>mysql-connector-j</artifactId><version>{version}</version>"
        "</dependency></dependencies></project>"
    )


def _functions() -> dict[str, tuple[Callable[[str], object], tuple[Hostile, ...]]]:
    """Code around the patterns, on the shapes that made it super-linear: a
    search restarted per opener, a line searched again per action, a file
    copied per dependency."""
    from connlint.clients import ca_bundles, jdbc_url, python_drivers
    from connlint.frontends import (
        dotenv,
        gradle,
        maven,
        option_file,
        python,
        python_deps,
        shell,
        xml,
        yaml_templates,
    )
    from connlint.model import Span

    def url(text: str) -> object:
        return jdbc_url.parse_jdbc_url(Span.at(text, "f", 1, 1))

    return {
        "yaml_templates.mask_erb": (
            yaml_templates.mask_erb,
            (lambda n: "<%" * n, lambda n: "<% a %>" * n + "<%=" * n, lambda n: "<%%" * n + "%>"),
        ),
        "yaml_templates.mask_templates": (
            yaml_templates.mask_templates,
            (
                lambda n: "{{a}}" * n + "x\n",
                lambda n: "k: |" + "{{a}}" * n + "x {{b}}\n",
                lambda n: "k: v" + " {{a}}" * n + "\n",
                lambda n: "k: " + "{{" * n + "\n",
            ),
        ),
        "shell.extract": (
            lambda text: shell.extract("a.sh", text),
            (lambda n: "[[ $a =~" + " " * n + "x\n", lambda n: "echo " + "${{" * n + "\n"),
        ),
        "xml.extract": (lambda text: xml.extract("a.xml", text), (lambda n: '<a x="' + "b" * n + '>"/>',)),
        "dotenv.parse": (lambda text: dotenv.parse(".env", text), (lambda n: "URL=a" + " " * n + "x\n",)),
        "option_file.extract": (
            lambda text: option_file.extract("my.cnf", text),
            (lambda n: "[" + " " * n + "x\n",),
        ),
        "maven.extract": (lambda text: maven.extract("pom.xml", text), (lambda n: _pom("${" * n),)),
        "gradle.read_properties": (
            lambda text: gradle.read_properties("gradle.properties", text),
            (lambda n: "k=v" + " " * n + "w\n",),
        ),
        "gradle.assignments": (
            lambda text: gradle.assignments("build.gradle", text),
            (lambda n: "def\n" * n + "1",),
        ),
        "python._percent_fields": (
            lambda text: list(python.literals.percent_fields(text)),
            (lambda n: "%(" * n, lambda n: "%(" * n + ")!", lambda n: "%" + "0" * n),
        ),
        "python_deps.extract": (
            lambda text: python_deps.extract("pyproject.toml", text),
            (
                lambda n: "[project]\ndependencies = [" + '"a", ' * n + "]\n",
                lambda n: "[" + " " * n + "a" + " " * n + "]\n",
                lambda n: "[a" + " " * n + ".b]\n",
                lambda n: '[tool.poetry.dependencies]\nmysqlclient = "' + "1" * n + '!"\n',
            ),
        ),
        "jdbc_url.parse_jdbc_url": (url, (lambda n: "jdbc:mysql://address=" + "(" * n,)),
        "python_drivers._weak_versions": (python_drivers._weak_versions, (lambda n: "TLS" * n,)),
        "ca_bundles.retired_reason": (ca_bundles.retired_reason, (lambda n: "rds-ca-2015" * n + "!",)),
    }


_FUNCTIONS = _functions()


@pytest.mark.parametrize("name", sorted(_FUNCTIONS))
def test_code_around_patterns_is_linear(name: str) -> None:
    function, shapes = _FUNCTIONS[name]
    for hostile in shapes:
        make = _screen(function, hostile)
        if make is not None:
            assert_linear(make, _units(hostile), f"{name} on {hostile(3)[:40]!r}…")


# -- end to end: one hostile line does not hide a file's finding ----------------

_LONG = 100_000  # characters: five times the runs of issue 13 (a quadratic cost shows)

#: (kind, file with a real setting, the rule it fires, a hostile line to append)
_WITH_HOSTILE_LINE = [
    (  # exponential before: `- |` then many actions and no end (the action `{{b}}` follows text)
        "yaml",
        "spring:\n  datasource:\n    url: jdbc:mysql://db.example.com/app?sslMode=DISABLED\n"
        "    y: {{ a }} b\n    x: a - |",
        "CL201",
        "{{a}}" * (_LONG // 5) + "x {{b}}\n",
    ),
    ("shell", "mysql --ssl-mode=DISABLED -h db.example.com\n", "CL201", "[[ $a =~" + " " * _LONG + "x\n"),
    (
        "shell",
        "mysql --ssl-mode=DISABLED -h db.example.com\n",
        "CL201",
        "echo " + "${{" * (_LONG // 3) + "\n",
    ),
    (
        "xml",
        '<Context>\n<Resource url="jdbc:mysql://db.example.com/app?sslMode=DISABLED"/>\n',
        "CL201",
        '<a x="' + "b" * _LONG + '>"/>\n</Context>\n',
    ),
    (
        "dotenv",
        "SPRING_DATASOURCE_URL=jdbc:mysql://db.example.com/app?sslMode=DISABLED\n",
        "CL201",
        "X=a" + " " * _LONG + "x\n",
    ),
    ("option_file", "[client]\nssl-mode=DISABLED\nhost=db.example.com\n", "CL201", "[" + " " * _LONG + "x\n"),
]


@pytest.mark.parametrize(
    ("kind", "text", "rule", "hostile"),
    _WITH_HOSTILE_LINE,
    ids=["helm-actions", "regex-operand", "github-expressions", "xml-attribute", "env-blanks", "cnf-header"],
)
def test_hostile_line_does_not_hide_the_finding(kind: str, text: str, rule: str, hostile: str) -> None:
    from connlint.catalog import select_rules
    from connlint.engine import RunSettings, lint_source
    from strategies import PATH_BY_KIND

    settings = RunSettings(selected=select_rules(None, (), ()))  # the default budget
    results = []
    seconds = best_time(
        lambda: results.append(lint_source(PATH_BY_KIND[kind], kind, text + hostile, settings)), 1
    )
    findings = results[0].findings
    assert rule in {f.rule for f in findings}, results[0].notifications
    assert seconds < settings.file_time_budget / 10, seconds
