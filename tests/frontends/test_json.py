from __future__ import annotations

import json as stdlib_json
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from connlint.frontends import json as json_frontend
from connlint.frontends.json import JsonDocument, documents, extract
from connlint.model import Extraction, Level, Notification


def read(text: str) -> tuple[list[JsonDocument], list[Notification]]:
    notes: list[Notification] = []
    return list(documents("a.json", text, notes)), notes


def value(node: yaml.Node) -> Any:
    """The Python value of a node graph, as json.loads would give it."""
    if isinstance(node, yaml.MappingNode):
        return {k.value: value(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [value(item) for item in node.value]
    assert isinstance(node, yaml.ScalarNode)
    if node.tag.endswith(":str"):
        return node.value
    return stdlib_json.loads(node.value)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200)
@given(
    data=JSON_VALUES,
    indent=st.sampled_from([None, 0, 2, "\t"]),
    ascii_only=st.booleans(),
)
def test_values_are_json_loads_values(data: Any, indent: int | str | None, ascii_only: bool) -> None:
    text = stdlib_json.dumps(data, indent=indent, ensure_ascii=ascii_only)
    (doc,), notes = read(text)
    assert notes == []
    assert value(doc.root) == stdlib_json.loads(text)


@settings(max_examples=100)
@given(key=st.text(min_size=1, max_size=6), data=st.text(max_size=20), ascii_only=st.booleans())
def test_every_character_of_a_string_is_located(key: str, data: str, ascii_only: bool) -> None:
    text = (
        '{\n\t"x": 1,\n\t'
        + stdlib_json.dumps(key)
        + ": "
        + stdlib_json.dumps(data, ensure_ascii=ascii_only)
        + "\n}"
    )
    (doc,), _ = read(text)
    assert isinstance(doc.root, yaml.MappingNode)
    node = doc.root.value[1][1]
    located = doc.locate(node)
    assert located.text == data
    line = text.split("\n")[2]
    span = located.span("a.json", (3, 1))
    for i, char in enumerate(data):
        loc = span.locate(i, i + 1)
        assert loc.line == 3
        source = line[loc.column - 1 :]
        # the character itself, or the escape that stands for it
        assert source.startswith(char) or source.startswith("\\")


def test_positions_with_tabs_and_comments() -> None:
    text = '{\n\t// a comment\n\t"url": /* here */ "jdbc:mysql://h/db?sslMode=DISABLED",\n}\n'
    (c,) = extract("a.json", text).candidates
    assert c.url is not None
    loc = c.url.locate(c.url.text.index("sslMode"))
    assert (loc.line, loc.column) == (3, 39)


def test_several_top_level_values_and_a_bom() -> None:
    docs, notes = read('\ufeff{"a": 1}\n{"b": [2]}\n"c"\n')
    assert [value(d.root) for d in docs] == [{"a": 1}, {"b": [2]}, "c"]
    assert [d.index for d in docs] == [0, 1, 2]
    assert notes == []


@pytest.mark.parametrize(
    "text, line",
    [
        ('{"a": 1,\n "b": }', 2),
        ('{"a" 1}', 1),
        ("[1, 2\n\n", 3),
        ('{"a": tru}', 1),
        ('{"a": "\\q"}', 1),
        ("{'a': 1}", 1),
        ('{"a": 1]', 1),
        ("{1: 2}", 1),
    ],
)
def test_errors_are_notifications_and_what_came_before_is_kept(text: str, line: int) -> None:
    docs, notes = read(text)
    (note,) = notes
    assert note.message.startswith("JSON parse error") and note.line == line
    assert note.level == Level.WARNING
    for doc in docs:
        assert doc.root.end_mark is not None


def test_a_broken_file_keeps_the_urls_before_the_error() -> None:
    text = '{"url": "jdbc:mysql://h/?sslMode=DISABLED",\n "x": [1, 2\n'
    out = extract("a.json", text)
    assert [c.url.text for c in out.candidates if c.url] == ["jdbc:mysql://h/?sslMode=DISABLED"]
    assert [n.line for n in out.notifications] == [3]


def test_deep_nesting_stops_with_a_notification() -> None:
    out = extract("a.json", "[" * 100_000)
    assert any("nesting too deep" in n.message for n in out.notifications)


def test_a_large_file_is_not_parsed() -> None:
    text = '{"url": "jdbc:mysql://h/?sslMode=DISABLED", "pad": "' + "x" * json_frontend.MAX_CHARS + '"}'
    out = extract("dump.json", text)
    assert out.candidates == []
    (note,) = out.notifications
    assert note.level == Level.NOTE and "not analysed" in note.message


def test_tokenizer_is_linear() -> None:
    # long runs that a backtracking pattern would try again and again
    for text in ('"' + "\\\\" * 50_000, "/*" + "*" * 100_000, "[" + "1," * 50_000, '{"a":' * 150):
        extract("a.json", text)


def test_a_recogniser_is_one_function_and_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []

    def recognise(document: JsonDocument, out: Extraction) -> None:
        seen.append(document.index)
        out.notifications.append(Notification(document.path, str(value(document.root))))

    monkeypatch.setattr(json_frontend, "_recogniser", lambda name: recognise)
    monkeypatch.setattr(json_frontend, "RECOGNISERS", ("tests:recognise",))
    out = extract("a.json", '{"a": 1} [2]')
    assert seen == [0, 1]
    assert [n.message for n in out.notifications] == ["{'a': 1}", "[2]"]


def test_every_recogniser_is_importable() -> None:
    for name in json_frontend.RECOGNISERS:
        assert callable(json_frontend._recogniser(name))


def test_entries_are_dotted_keys() -> None:
    (doc,), _ = read('{"config": {"database.ssl.mode": "required", "list": ["x"]}}')
    assert [(e.key, e.value.text) for e in doc.entries] == [
        ("config.database.ssl.mode", "required"),
        ("config.list[0]", "x"),
    ]


def test_reports_are_not_configuration() -> None:
    # A committed SARIF log or a connlint --baseline file quotes the settings its
    # findings are about; read as configuration they would be reported again.
    url = "jdbc:mysql://db.example.com/app?sslMode=DISABLED"
    sarif = {"version": "2.1.0", "runs": [{"results": [{"message": {"text": url}}]}]}
    report = {"version": "0.1.0", "schema": 1, "findings": [{"snippet": url}]}
    inventory = {"version": "0.1.0", "schema": 1, "connections": [{"url": url}]}
    for doc, what in (
        (sarif, "a SARIF log"),
        (report, "a connlint report"),
        (inventory, "a connlint report"),
    ):
        assert json_frontend.tool_output(next(documents("r.json", stdlib_json.dumps(doc), [])).root) == what
        assert extract("results.json", stdlib_json.dumps(doc)) == Extraction()
    # The same URL in configuration is read.
    assert extract("app.json", stdlib_json.dumps({"version": 2, "url": url})).candidates


_KEYS = ["url", "spring.datasource.url", "connector.class", "database.hostname", "database.ssl.mode", "x"]
_VALUES = [
    "jdbc:mysql://h/db?sslMode=DISABLED",
    "${URL}",
    "io.debezium.connector.mysql.MySqlConnector",
    "db.internal",
    "disabled",
    "mysql://u@h/db",
    "plain",
]


@settings(derandomize=True, max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "config.", "spec.", "a.b."]),
            st.sampled_from([*_KEYS, "password"]),
            st.sampled_from(_VALUES),
        ),
        max_size=8,
    )
)
def test_entries_left_out_unlocated_change_nothing(rows: list[tuple[str, str, str]]) -> None:
    # jdbc_keys locates only what spring.wanted() keeps; connectors only run with a class key.
    text = stdlib_json.dumps({f"{prefix}{key}": value for prefix, key, value in rows}, indent=1)
    fast = extract("connector.json", text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(JsonDocument, "kept_entries", lambda self, keep: self.entries)
        patch.setattr("connlint.frontends.kafka_connect.names_connector_class", lambda key: True)
        assert extract("connector.json", text) == fast
