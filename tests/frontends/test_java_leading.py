"""The URL pass's screen of string builders and concatenations (issue 15):
``Evaluator.leading`` is a text every value ``Evaluator.outcomes`` gives
begins with, so a top whose leading text cannot begin a JDBC URL is never one
the full evaluation finds; the screen only spares the enumeration of branches.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from connlint.clients.jdbc_url import looks_like_jdbc_url
from connlint.frontends import java

#: Parts of a value: literals that are, begin or almost begin a URL, blanks,
#: and expressions whose value depends on a branch or is unknown.
_PARTS = st.sampled_from(
    [
        '"jdbc:mysql://h/d"',
        '"jdbc:"',
        '"mysql://"',
        '" "',
        '""',
        '"SELECT "',
        '"?useSSL=false"',
        "host",
        "URL",
        '(flag ? "jdbc:mysql://a" : "SELECT ")',
        '(flag ? "" : "x")',
        '(flag ? "SELECT A, " : "SELECT B, ")',
        '(flag ? "jdbc:mysql://a/d" : "jdbc:mysql://b/d")',
        '(flag ? " x" : " y")',
        '" " + URL',
        "String.valueOf(n)",
        "s",
        "s + host",
    ]
)
_BUILDER_INIT = st.sampled_from(
    [
        "new StringBuilder()",
        'new StringBuilder("SELECT ")',
        'new StringBuilder(" ")',
        "new StringBuilder(64)",
        'new StringBuilder("jdbc:mysql://")',
        "new StringBuilder(host)",
        'new StringBuilder(" " + URL)',
        'new StringBuilder(flag ? "jdbc:mysql://" : "SELECT ")',
        'new StringBuilder("" + (flag ? "" : "jdbc:mysql://"))',
        'new StringBuilder(flag ? "SELECT A, " : "SELECT B, ")',
        'new StringBuilder(flag ? "SELECT A" : (n > 0 ? "SELECT B" : "SEL"))',
    ]
)


def _statement(kind: str, parts: list[str]) -> str:
    chain = "".join(f".append({p})" for p in parts) or '.append("")'
    return {
        "plain": f"sb{chain};",
        "if": f"if (flag) {{ sb{chain}; }}",
        "else": f'if (flag) {{ sb.append("x"); }} else {{ sb{chain}; }}',
        "loop": f"for (int i = 0; i < n; i++) {{ sb{chain}; }}",
        "reset": "sb.setLength(0);",
        "insert": 'sb.insert(0, "jdbc:mysql://");',
        "use": f"use(sb{chain}.toString());",
        "local": f"s += {parts[0] if parts else chr(34) * 2};",
        "assign": f"s = {parts[0] if parts else chr(34) * 2};",
        "concat": f"use({' + '.join(parts) or chr(34) * 2});",
    }[kind]


_STATEMENTS = st.lists(
    st.tuples(
        st.sampled_from(
            ["plain", "if", "else", "loop", "reset", "insert", "use", "local", "assign", "concat"]
        ),
        st.lists(_PARTS, max_size=3),
    ),
    min_size=1,
    max_size=7,
)


def _source(init: str, local: str, statements: list[tuple[str, list[str]]]) -> str:
    body = "\n        ".join(_statement(kind, parts) for kind, parts in statements)
    return (
        "class A {\n"
        '    static final String URL = "jdbc:mysql://db/x";\n'
        "    void f(boolean flag, String host, int n) {\n"
        f"        StringBuilder sb = {init};\n"
        f"        String s = {local};\n"
        f"        {body}\n"
        "        use(sb.toString());\n"
        "        use(s);\n"
        "    }\n"
        "}\n"
    )


class _Probe(java._Extractor):
    """Checks every top the URL pass meets against the full enumeration."""

    checked = 0

    def _emit_standalone_urls(self, strings: list) -> None:  # type: ignore[type-arg]
        for node in strings:
            top = self._top_expression(node)
            if top is None or top.type == "string_literal":
                continue
            leading = self.evaluator.leading(top)
            if leading is None:
                continue
            values = self.evaluator.outcomes(top)
            assert leading.strip()
            for value in values:
                assert value.text.startswith(leading), (self.source(top), leading, value.text)
                if java._cannot_lead_a_url(leading):
                    assert not looks_like_jdbc_url(value.text), (self.source(top), value.text)
            _Probe.checked += 1
        super()._emit_standalone_urls(strings)


@settings(max_examples=300, deadline=None)
@given(_BUILDER_INIT, _PARTS, _STATEMENTS)
def test_the_leading_text_begins_every_outcome(
    init: str, local: str, statements: list[tuple[str, list[str]]]
) -> None:
    _Probe("A.java", _source(init, local, statements)).run()


def test_the_probe_meets_screened_tops() -> None:
    """The property above is not vacuous: tops are screened, and both ways."""
    text = _source(
        'new StringBuilder("SELECT ")',
        '""',
        [("plain", ['" "', '(flag ? "a" : "b")']), ("use", ['"x"']), ("if", ['"jdbc:mysql://h/d"'])],
    )
    before = _Probe.checked
    _Probe("A.java", text).run()
    assert _Probe.checked > before
    extraction = java._Extractor("A.java", text).run()
    # The URL constant only: SELECT … + anything is no URL.
    assert [c.location.line for c in extraction.candidates] == [2]


def test_a_builder_begun_blank_is_read_on_to_its_first_part() -> None:
    """A builder made empty, whose first change adds a URL scheme: the screen
    keeps it and the URL pass reports it.
    """
    text = _source("new StringBuilder()", '""', [("plain", ['"jdbc:mysql://h/d"']), ("use", ['"?x=1"'])])
    urls = [c.url.text for c in java._Extractor("A.java", text).run().candidates if c.url is not None]
    assert any(url.startswith("jdbc:mysql://h/d") for url in urls)


def test_a_part_read_through_a_branch_leads_nothing() -> None:
    """A constant whose value is a branch's: each outcome begins differently,
    so nothing leads them all (the probe checks every outcome).
    """
    text = (
        "class A {\n"
        "    void f(boolean flag, String host) {\n"
        '        String s = flag ? "SELECT " : "jdbc:mysql://h/d";\n'
        "        StringBuilder sb = new StringBuilder();\n"
        '        sb.append(s).append("?x=1");\n'
        '        use(s + "?y=2");\n'
        "    }\n"
        "}\n"
    )
    before = _Probe.checked
    extraction = _Probe("A.java", text).run()
    assert _Probe.checked == before  # no top has a leading text
    assert len(extraction.candidates) == 2  # both tops' second outcomes are URLs


def test_a_builder_begun_with_a_branch_leads_what_both_begin_with() -> None:
    """``new StringBuilder(c ? "SELECT A, " : "SELECT B, ")`` appended to: every
    outcome begins with ``SELECT ``, so its appends are screened, not enumerated.
    """
    text = _source(
        'new StringBuilder(flag ? "SELECT A, " : "SELECT B, ")',
        '""',
        [("plain", ['(flag ? "x" : "y")', '"z"']), ("plain", ['"jdbc:mysql://h/d"'])],
    )
    before = _Probe.checked
    extraction = _Probe("A.java", text).run()
    assert _Probe.checked > before  # its appends and its use have a leading text
    assert [c.location.line for c in extraction.candidates] == [2]
