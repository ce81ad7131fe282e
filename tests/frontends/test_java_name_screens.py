"""The Java front-end's screens by a call's method name (issue 15): a call
whose name is not in a pass's vocabulary is skipped before its receiver and
arguments are read.  Each screen must skip only calls the pass would ignore.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from tree_sitter import Node

from connlint.frontends import java, java_apis
from connlint.frontends.java_apis import Apis
from connlint.frontends.java_symbols import Symbols
from connlint.frontends.java_syntax import is_format_of, walk
from connlint.frontends.java_values import Evaluator
from connlint.frontends.ts_positions import TreePositions

#: Java identifiers, the vocabularies' names among them.
NAMES = st.one_of(
    st.from_regex(r"[a-zA-Z_$][a-zA-Z0-9_$]{0,12}", fullmatch=True),
    # Written out, not taken from the screens: a name dropped from one is still tried.
    st.sampled_from(
        [
            *("format", "formatted", "concat", "join", "append", "toString", "valueOf", "insert"),
            *("setProperty", "put", "putAll", "remove", "clear", "setJdbcUrl", "setUrl", "setURL"),
            *("addDataSourceProperty", "addConnectionProperty", "setConnectionProperties"),
            *("setConnectProperties", "setDbProperties", "setProperties", "setDataSourceProperties"),
            *("setTargetDataSourceProperties", "getConnection", "build", "setUser", "setPassword"),
        ]
    ),
)
KEYWORDS = frozenset({"new", "class", "this", "super", "true", "false", "null", "int", "return", "if", "for"})


def _parsed(text: str) -> tuple[TreePositions, Symbols, Evaluator, list[Node]]:
    positions = TreePositions("A.java", text)
    tree = java._parser().parse(positions.data)
    root = tree.root_node
    symbols = Symbols(positions, root, java.TRACKED_TYPES)
    calls = java._captured(root, symbols).calls
    return positions, symbols, Evaluator(positions, symbols), calls


@settings(max_examples=150, deadline=None)
@given(name=NAMES)
def test_only_string_building_names_absorb_a_literal(name: str) -> None:
    """``_absorber`` reads a call as building a string only when its name is in
    ``_STRING_BUILDING``: ``is_format_of`` and ``builds_string`` say no to every other.
    """
    if name in KEYWORDS:
        return
    text = (
        "class A { void f(StringBuilder sb, String s) {"
        f' String.{name}("a%s", s); sb.{name}("b"); "c".{name}(s); java.text.MessageFormat.{name}("d", s);'
        f' String.{name}(java.util.Locale.ROOT, "e", s); new StringBuilder().{name}("f"); }} }}'
    )
    positions, _, evaluator, calls = _parsed(text)
    assert len(calls) >= 6
    for call in calls:
        literals = [n for n in walk(call) if n.type == "string_literal"]
        builds = evaluator.builds_string(call) or any(
            is_format_of(call, literal, positions.source) for literal in literals
        )
        if builds:
            assert name in java._STRING_BUILDING


@settings(max_examples=150, deadline=None)
@given(name=NAMES)
@example(name="put")
@example(name="setProperty")
@example(name="setJdbcUrl")
def test_untracked_setter_screen_skips_only_calls_that_record_nothing(name: str) -> None:
    """In a file without a variable of a tracked type, ``collect_setter`` of a call
    whose name is not in ``setter_names()`` records nothing and returns None.
    """
    if name in KEYWORDS:
        return
    calls = "".join(
        f' {receiver}.{name}("javax.net.ssl.trustStore", "/t"); {receiver}.{name}("u");'
        for receiver in (
            "x",
            "this.x",
            "System",
            "System.getProperties()",
            "java.lang.System.getProperties()",
        )
    )
    text = f"class A {{ Widget x; void f(Object p) {{{calls} }} }}"
    positions, symbols, evaluator, calls = _parsed(text)
    apis = Apis(positions, symbols, evaluator)
    wanted = apis.setter_names()
    assert wanted is not None  # no tracked variable here
    for call in calls:
        if name in wanted:
            continue
        assert apis.collect_setter(call) is None
    assert not apis.configs
    assert not apis.untracked


def test_setter_names_with_a_tracked_variable_screen_nothing() -> None:
    positions, symbols, evaluator, _ = _parsed("class A { void f() { Properties p = new Properties(); } }")
    assert Apis(positions, symbols, evaluator).setter_names() is None


@settings(max_examples=150, deadline=None)
@given(name=NAMES)
def test_consumer_screen_skips_only_calls_that_record_nothing(name: str) -> None:
    """``collect_consumer`` of a call whose name is not in ``CONSUMER_METHODS`` records nothing."""
    if name in KEYWORDS or name in java_apis.CONSUMER_METHODS:
        return
    text = (
        "class A { void f(HikariConfig h, Properties p) throws Exception {"
        f' DriverManager.{name}("jdbc:mysql://db/app", p); h.{name}(p); }} }}'
    )
    positions, symbols, evaluator, calls = _parsed(text)
    apis = Apis(positions, symbols, evaluator)
    for call in calls:
        apis.collect_consumer(call)
    assert not apis.configs
    assert not apis.candidates
    assert not apis.sinks


class _Everything(frozenset[str]):
    """A set that holds every name: the receiver screen let through."""

    def __contains__(self, item: object) -> bool:
        return True


_TYPES = ["Properties", "HikariConfig", "MysqlDataSource", "BasicDataSource", "Widget", "String"]
_VARS = ["a", "b", "p"]
_METHODS = ["setProperty", "put", "setJdbcUrl", "setUrl", "setURL", "setUser", "setPassword", "setSslMode"]
_METHODS += ["addDataSourceProperty", "setServerName", "remove", "clear", "toString"]


@st.composite
def _setter_files(draw: st.DrawFn) -> str:
    fields = draw(st.lists(st.tuples(st.sampled_from(_TYPES), st.sampled_from(_VARS)), max_size=3))
    locals_ = draw(st.lists(st.tuples(st.sampled_from(_TYPES), st.sampled_from(_VARS)), max_size=3))
    receivers = st.sampled_from([*_VARS, *(f"this.{v}" for v in _VARS), "System"])
    calls = draw(st.lists(st.tuples(receivers, st.sampled_from(_METHODS)), min_size=1, max_size=6))
    body = "".join(f" {t} {v} = new {t}();" for t, v in locals_)
    body += "".join(f' {r}.{m}("sslMode", "DISABLED");' for r, m in calls)
    body += ' java.sql.DriverManager.getConnection("jdbc:mysql://db/app", p);'
    return "class A {" + "".join(f" {t} {v};" for t, v in fields) + f" void f() {{{body} }} }}"


@settings(max_examples=80, deadline=None)
@given(text=_setter_files())
def test_receiver_screen_changes_no_extraction(text: str) -> None:
    """With a tracked variable in the file, a call on a receiver named like none of
    them is not looked up: the extraction is the one without the screen.
    """
    screened = java.extract("A.java", text)
    original = java_apis.Apis._tracked_names
    try:
        java_apis.Apis._tracked_names = lambda self: _Everything()  # type: ignore[method-assign]
        unscreened = java.extract("A.java", text)
    finally:
        java_apis.Apis._tracked_names = original  # type: ignore[method-assign]
    assert screened == unscreened
