from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from connlint.frontends.yaml_templates import erb_tags, mask_erb, mask_templates


@given(st.text(alphabet="{}@ \n-.abc:$", max_size=80))
def test_masking_template_actions_keeps_lines_and_columns(text: str) -> None:
    masked = mask_templates(text).split("\n")
    original = text.split("\n")
    assert len(masked) == len(original)
    for before, after in zip(original, masked, strict=True):
        assert len(after) == len(before) or (after == "" and before.strip().startswith("{{"))


def test_an_action_inside_a_line_becomes_a_placeholder_of_its_length() -> None:
    text = "url: jdbc:mysql://{{ .Values.host }}/app\n{{- if .Values.x }}\nversion: @project.version@\n"
    assert mask_templates(text) == "url: jdbc:mysql://${ .Values.host _}/app\n\nversion: ${roject.version}\n"


@given(st.text(alphabet="<%=#>\n ab", max_size=60))
def test_masking_erb_keeps_lines_and_columns(text: str) -> None:
    masked = mask_erb(text)
    assert [len(line) for line in masked.split("\n")] == [len(line) for line in text.split("\n")]


def test_erb_code_is_blanked_and_output_tags_are_kept() -> None:
    text = "<% if x %>\nhost: <%= ENV['DB_HOST'] %>\n<%# note\n%>port: 1\n<%% literal %>\n"
    assert mask_erb(text) == "          \nhost: <%= ENV['DB_HOST'] %>\n        \n  port: 1\n<%% literal %>\n"
    assert list(erb_tags("a <% b %> <% c")) == [(2, 9)]  # an unclosed tag ends the tags
