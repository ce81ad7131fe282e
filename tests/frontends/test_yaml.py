from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from connlint.frontends.yaml import extract
from connlint.model import Candidate, Client, Secret


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
    assert c.client is Client.JVM and c.settings[0].key == "javax.net.ssl.trustStore"


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
