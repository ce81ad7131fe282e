"""The URL literals' pass tells most literals from their bytes (issue 15): a
literal whose first byte after the quote is an ASCII character no scheme
begins with, without escapes and not a text block, is no URL.  The answer must
be the one the decoded text gives, whatever the literal holds.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tree_sitter import Node

from connlint.clients.jdbc_url import looks_like_jdbc_url
from connlint.frontends import java
from connlint.frontends.java_syntax import walk

#: Starts that are, or almost are, a scheme, in any case, after blanks of any kind.
BLANKS = st.sampled_from(["", " ", "  ", "\t", "\u2003", "\u00a0", "\x1c", "\x0b", "\f"])
SCHEMES = st.sampled_from(
    [
        *("", "jdbc:mysql://", "JDBC:MariaDB://", "mysqlx://", "jdbc:", "j", "M", "x", "\u017f", "\u212a"),
        *("\u0130", "\\u006a", "\\\\", '\\"', "é", "ｊdbc:mysql://", "'"),
    ]
)
STARTS = st.builds(lambda blanks, scheme: blanks + scheme, BLANKS, SCHEMES)
BODIES = st.text(st.characters(blacklist_characters='"\n\r', blacklist_categories=["Cs"]), max_size=12)


def _slow(extractor: java._Extractor, node: Node) -> bool:
    """The answer from the decoded text (the pass before the byte test)."""
    text = extractor.text
    start, end = extractor.positions.char(node.start_byte), extractor.positions.char(node.end_byte)
    if text.startswith('"""', start, end) or text.find("\\", start, end) >= 0:
        return True
    closed = end - start >= 2 and text[end - 1] == '"'
    return looks_like_jdbc_url(text, start + 1, end - 1 if closed else end)


@settings(max_examples=300, deadline=None)
@given(
    prefix=st.sampled_from(["", "/* é */ ", 'String é = "ü"; ']),
    literals=st.lists(st.tuples(STARTS, BODIES), min_size=1, max_size=4),
    block=st.booleans(),
)
def test_the_byte_test_gives_the_decoded_answer(
    prefix: str, literals: list[tuple[str, str]], block: bool
) -> None:
    written = [f'"{start}{body}"' for start, body in literals]
    if block:
        written.append('"""\n  jdbc:mysql://h/db\n  """')
    text = f"class A {{ {prefix}String[] s = {{ {', '.join(written)} }}; }}"
    extractor = java._Extractor("A.java", text)
    extractor.no_scheme_bytes = java._no_scheme_bytes()
    root = java._parser().parse(extractor.positions.data).root_node
    strings = [node for node in walk(root) if node.type == "string_literal"]
    assert strings
    for node in strings:
        assert extractor._may_be_url_literal(node) == _slow(extractor, node), extractor.positions.source(node)


def test_the_bytes_no_scheme_begins_with() -> None:
    no_scheme = java._no_scheme_bytes()
    assert {ord(c) for c in "jJmM \t\n"}.isdisjoint(no_scheme)
    assert {ord(c) for c in "aZ0\"'%/"} <= no_scheme
    assert all(byte < 0x80 for byte in no_scheme)
