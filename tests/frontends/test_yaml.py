from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connlint.frontends import yaml as yaml_frontend
from connlint.frontends.yaml import extract
from connlint.frontends.yaml_templates import mask_templates
from connlint.model import Candidate, CandidateKind, Secret


def cands(text: str) -> list[Candidate]:
    return extract("a.yml", text).candidates


def url_at(text: str, needle: str) -> tuple[int, int]:
    (c,) = [c for c in cands(text) if c.url is not None]
    assert c.url is not None
    loc = c.url.locate(c.url.text.index(needle))
    return loc.line, loc.column


def test_plain_single_and_double_quoted_locations():
    assert url_at("url: jdbc:mysql://h/?useSSL=false\n", "useSSL") == (1, 22)
    assert url_at("url: 'jdbc:mysql://h/?useSSL=false'\n", "useSSL") == (1, 23)
    assert url_at('url: "jdbc:mysql://h/?\\x75seSSL=false"\n', "seSSL") == (1, 27)


def test_block_scalars():
    assert url_at("url: |-\n  jdbc:mysql://h/?sslMode=DISABLED\n", "sslMode") == (2, 19)
    assert url_at("url: >\n    jdbc:mysql://h/\n    ?sslMode=DISABLED\n", "sslMode") == (3, 6)


def test_comment_and_other_databases_are_not_candidates():
    assert cands("# url: jdbc:mysql://h/?useSSL=false\nx: 1\n") == []
    assert cands("a: jdbc:postgresql://h/db?sslmode=disable\n") == []
    assert cands("b: jdbc:sqlserver://h;trustServerCertificate=true\n") == []


def test_nested_spring_keys():
    text = (
        "spring:\n"
        "  datasource:\n"
        "    url: jdbc:mysql://h/db\n"
        "    password: s3cret\n"
        "    hikari:\n"
        "      data-source-properties:\n"
        "        sslMode: VERIFY_CA\n"
    )
    (c,) = cands(text)
    assert c.url is not None and c.url.text == "jdbc:mysql://h/db"
    assert [(s.key, s.value) for s in c.settings] == [
        ("password", Secret("s3cret")),
        ("sslMode", "VERIFY_CA"),
    ]
    assert c.settings[1].value_span is not None and c.settings[1].value_span.locate().column == 18


def test_documents_are_separate_scopes():
    text = "spring.datasource.url: jdbc:mysql://a/\n---\nspring.datasource.password: x\n"
    got = [(c.url.text if c.url else None, [s.key for s in c.settings]) for c in cands(text)]
    assert got == [("jdbc:mysql://a/", []), (None, ["password"])]


def test_compose_environment():
    text = (
        "environment:\n"
        "  - SPRING_DATASOURCE_URL=jdbc:mysql://h/?sslMode=REQUIRED\n"
        "  - SPRING_DATASOURCE_PASSWORD=pw\n"
    )
    (c,) = cands(text)
    assert c.url is not None and c.url.locate().column == 27
    assert [s.key for s in c.settings] == ["password"]


def test_jvm_keys():
    (c,) = cands("javax.net.ssl:\n  trustStore: /x.jks\n")
    assert c.kind is CandidateKind.JVM and c.settings[0].key == "javax.net.ssl.trustStore"


def test_alias_bomb_is_not_expanded():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 12):
        bomb += f"l{i}: &l{i} [" + ", ".join([f"*{'a' if i == 1 else f'l{i - 1}'}"] * 9) + "]\n"
    bomb += "url: jdbc:mysql://h/\n"
    assert [c.url.text for c in cands(bomb) if c.url] == ["jdbc:mysql://h/"]


def test_parse_error_is_a_notification_with_line():
    result = extract("a.yml", "url: jdbc:mysql://h/\n---\na: [b\nc: d: e\n")
    assert [c.url.text for c in result.candidates if c.url] == ["jdbc:mysql://h/"]
    assert [n.line for n in result.notifications] == [4]


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.text())
def test_never_raises(text: str) -> None:
    extract("a.yml", text)


@settings(derandomize=True, max_examples=200, deadline=None)
@given(st.text(alphabet="&*!|>-:'\"\\ \n[]{},#jdbc:mysql/?url${}"))
def test_never_raises_on_yaml_like_text(text: str) -> None:
    extract("a.yml", text)


def test_deep_flow_nesting_is_a_notification_and_the_rest_is_analysed():
    # Was: "YAML front-end failed: RecursionError" and the file's URL lost.
    text = f"url: jdbc:mysql://h/?sslMode=DISABLED\nx: {'[' * 3000}{']' * 3000}\n"
    result = extract("a.yml", text)
    assert [c.url.text for c in result.candidates if c.url] == ["jdbc:mysql://h/?sslMode=DISABLED"]
    (note,) = result.notifications
    assert "not analysed" in note.message and "nesting too deep" in note.message and note.line == 2


def test_deep_block_nesting_keeps_what_comes_before():
    lines = ["a:\n  url: jdbc:mysql://h/?sslMode=DISABLED\n"]
    lines += [" " * (2 * i) + "k:\n" for i in range(3000)] + [" " * 6000 + "v: 1\n"]
    result = extract("a.yml", "".join(lines))
    assert [c.url.text for c in result.candidates if c.url] == ["jdbc:mysql://h/?sslMode=DISABLED"]
    (note,) = result.notifications
    assert "nesting too deep" in note.message and note.line is not None and note.line > 100


def test_nesting_below_the_limit_is_analysed_without_recursion():
    depth = 150
    text = "".join(" " * (2 * i) + f"k{i}:\n" for i in range(depth))
    text += " " * (2 * depth) + "url: jdbc:mysql://h/?sslMode=DISABLED\n"
    text += "s: " + "[" * depth + "jdbc:mysql://g/" + "]" * depth + "\n"
    result = extract("a.yml", text)
    assert result.notifications == []
    assert sorted(c.url.text for c in result.candidates if c.url) == [
        "jdbc:mysql://g/",
        "jdbc:mysql://h/?sslMode=DISABLED",
    ]


def _shape(node: object) -> object:
    """A comparable picture of a composed node graph (aliases by first position)."""
    import yaml

    seen: dict[int, int] = {}

    def walk(n: yaml.Node) -> object:
        if id(n) in seen:
            return ("alias", seen[id(n)])
        seen[id(n)] = len(seen)
        marks = (n.start_mark.index, n.end_mark.index, n.tag)
        if isinstance(n, yaml.ScalarNode):
            return (marks, n.value, n.style)
        if isinstance(n, yaml.SequenceNode):
            return (marks, [walk(i) for i in n.value])
        return (marks, [(walk(k), walk(v)) for k, v in n.value])

    return walk(node) if isinstance(node, yaml.Node) else node


@pytest.mark.parametrize(
    "text",
    [
        "base: &b\n  url: jdbc:mysql://h/\nother:\n  <<: *b\n  password: x\nlist: &l [1, 2]\nagain: *l\n",
        "- a\n- [b, {c: d, e: [f, g]}]\n- ? complex\n  : key\n---\nsecond: !!str 3\n...\n",
        "x: {a: 1, b: [], c: {}, d: !tag x, 'q': \"dq\", e: 5}\nf: |\n  block\ng: >-\n  folded\n",
        "",
        "# only a comment\n",
    ],
)
def test_iterative_composer_builds_what_pyyaml_builds(text: str) -> None:
    import yaml

    from connlint.frontends.yaml_compose import Loader

    expected = [_shape(n) for n in yaml.compose_all(text, Loader=yaml.SafeLoader)]
    loader = Loader(text)
    got = []
    while loader.check_node():
        got.append(_shape(loader.get_node()))
    assert got == expected


def test_composer_errors_are_still_parse_errors():
    bad = extract("a.yml", "url: jdbc:mysql://h/\n---\na: &x 1\nb: &x 2\n")
    assert [c.url.text for c in bad.candidates if c.url] == ["jdbc:mysql://h/"]
    assert [(n.message, n.line) for n in bad.notifications] == [("YAML parse error: second occurrence", 4)]
    undefined = extract("a.yml", "c: *nope\n")
    assert [n.message for n in undefined.notifications] == ["YAML parse error: found undefined alias 'nope'"]


def test_helm_template_is_read_with_its_actions_masked() -> None:
    text = (
        "{{- if .Values.db }}\n"
        "data:\n"
        "  url: jdbc:mysql://{{ .Values.host }}/app?sslMode={{ .Values.mode }}&useSSL=false\n"
        "{{- end }}\n"
    )
    result = yaml_frontend.extract("templates/cm.yaml", text)
    assert result.notifications == []
    (c,) = result.candidates
    assert c.url is not None and c.url.text.endswith("&useSSL=false")
    assert c.location.line == 3 and c.location.column == 8
    assert mask_templates(text).split("\n")[0] == ""


def test_valid_yaml_with_braces_in_strings_is_read_as_is() -> None:
    text = 'url: "jdbc:mysql://{{ host }}/app?useSSL=false"\n'
    (c,) = yaml_frontend.extract("play.yml", text).candidates
    assert c.url is not None and "{{ host }}" in c.url.text


def test_maven_filtered_yaml_is_read_with_its_tokens_masked() -> None:
    text = (
        "info:\n  version: @project.version@\n"
        "spring:\n  datasource:\n    url: jdbc:mysql://db/app?useSSL=false\n    password: @db.password@\n"
    )
    result = yaml_frontend.extract("application.yml", text)
    assert result.notifications == []
    (c,) = result.candidates
    assert c.url is not None and c.url.text.endswith("useSSL=false") and c.location.line == 5
    password = next(s for s in c.settings if s.key.endswith("password"))
    assert password.value is None  # a value the build fills in, not a literal


def test_actions_after_a_block_indicator_are_blanked() -> None:
    text = (
        "data:\n  my.cnf: | {{- if .Values.x }}{{ .Values.y }}{{- end }}\n"
        "    [client]\n    ssl-mode=DISABLED\n"
    )
    masked = mask_templates(text)
    assert masked.split("\n")[1].rstrip() == "  my.cnf: |"
    assert yaml_frontend.extract("templates/cm.yaml", text).notifications == []


def test_a_run_of_unterminated_placeholders_costs_linear_time() -> None:
    # spring.resolve_placeholders scanned to the end of the value from every
    # `${`: quadratic (found by the pipeline:yaml fuzz target: 18 KB, over 10 s).
    from collections.abc import Callable

    from connlint.engine import RunSettings, lint_source
    from scaling import assert_linear

    settings = RunSettings(selected=frozenset({"CL201"}), file_time_budget=0)

    def make(n: int) -> Callable[[], object]:
        text = "spring:\n  datasource:\n    url: jdbc:mysql://h/x?sslMode=DISABLED&a=" + "${{" * n + "\n"
        return lambda: lint_source("application.yml", "yaml", text, settings)

    assert_linear(make, 200, "YAML with a run of unterminated ${ placeholders")


def test_cloudformation_join_is_one_string_with_unknown_pieces() -> None:
    # A bare "jdbc:mysql://" piece read alone was a connection to localhost.
    text = (
        "Resources:\n  App:\n    Properties:\n      Environment:\n"
        "        - Name: SPRING_DATASOURCE_URL\n"
        '          Value: !Join ["", ["jdbc:mysql://", !GetAtt Db.Endpoint.Address,'
        ' ":3306/app?sslMode=REQUIRED"]]\n'
        "        - Name: OTHER\n"
        '          Value: {"Fn::Join": ["/", ["jdbc:mysql:", "", {"Ref": "Host"}, "app"]]}\n'
    )
    found = [c for c in extract("stack.yaml", text).candidates if c.kind is CandidateKind.JDBC]
    urls = sorted(c.url.text for c in found if c.url is not None)
    assert urls == ["jdbc:mysql://\ufffc/app", "jdbc:mysql://\ufffc:3306/app?sslMode=REQUIRED"]
    (required,) = [c for c in found if c.url is not None and "sslMode" in c.url.text]
    # The literal pieces keep their own positions: the option stands where it is written.
    assert required.url is not None and required.url.locate().line == 6


_SPRING_KEYS = ["url", "jdbc-url", "username", "password", "driver-class-name", "properties", "other", "name"]
_SPRING_VALUES = [
    "jdbc:mysql://h/db?sslMode=DISABLED",
    "${DB_URL}",
    "${DB_URL:jdbc:mysql://d/}",
    "mysql://u:p@h/db",
    "-Dx=jdbc:mysql://j/",
    "plain",
    "SPRING_DATASOURCE_URL=jdbc:mysql://e/",
    "'quoted'",
    '"jdbc:mariadb://m/"',
]


@settings(derandomize=True, max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["spring.datasource", "app", "spring", "env", "hikari.dataSource"]),
            st.sampled_from(_SPRING_KEYS),
            st.sampled_from(_SPRING_VALUES),
            st.booleans(),
        ),
        max_size=8,
    )
)
def test_entries_left_out_unlocated_change_no_candidate(rows: list[tuple[str, str, str, bool]]) -> None:
    # Entries spring.wanted() refuses are never located: candidates() ignores them anyway.
    import yaml

    from connlint.frontends.spring import candidates, wanted
    from connlint.frontends.yaml import _Flattener

    lines = []
    for prefix, key, value, as_item in rows:
        lines.append(f"- {value}" if as_item else f"{prefix}.{key}: {value}")
    text = "\n".join(line for line in lines if not line.startswith("- ")) + "\n"
    text += "".join(f"list:\n  {line}\n" for line in lines if line.startswith("- "))[:200]
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return
    if root is None:
        return
    every = _Flattener("a.yml", text).flatten(root)
    flattener = _Flattener("a.yml", text)
    some = flattener.flatten_items(flattener.items(root), wanted)
    assert candidates("a.yml", some) == candidates("a.yml", every)
    assert [e for e in every if e in some] == some


@settings(derandomize=True, max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab :#-'\"\\!&*.{}[],\t", min_size=1, max_size=30),
    st.sampled_from(["", "!t ", "&a ", "- "]),
)
def test_a_one_line_plain_scalar_is_located_as_the_flow_decoder_locates_it(value: str, before: str) -> None:
    import yaml

    from connlint.frontends.spring import Located
    from connlint.frontends.yaml import _after_properties, _Flattener, _flow

    text = f"k: {before}{value}\n"
    try:
        nodes = [n for _, n in yaml.compose(text, Loader=yaml.SafeLoader).value]
    except (yaml.YAMLError, AttributeError, TypeError):
        return
    for node in nodes:
        while isinstance(node, yaml.SequenceNode) and node.value:
            node = node.value[0]
        if not isinstance(node, yaml.ScalarNode) or node.style is not None:
            continue
        start = node.start_mark
        raw, line, column = _after_properties(
            text[start.index : node.end_mark.index], start.line + 1, start.column + 1
        )
        expected = _flow(raw, line, column, None)
        if expected.text != node.value:
            expected = Located()
            expected.add(node.value, (line, column))
        got = _Flattener("a.yml", text).locate(node)
        assert (got.text, list(got.points)) == (expected.text, list(expected.points))
