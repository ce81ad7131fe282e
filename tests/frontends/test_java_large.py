"""Large Java files: irrelevant method bodies are blanked before parsing
(``java_reduce.relevant_bodies``); the extraction must not change.

Every check compares ``extract()`` with the threshold forced to 0 (blanking on)
against the threshold out of reach (blanking off): candidates and
notifications, locations included.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connlint.frontends import java, java_reduce
from connlint.model import DYNAMIC, Extraction

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"

# Class members, ``#`` standing for an index (Java uses ``#`` nowhere outside
# literals and comments).  Each scenario links members that must be read together.
SCENARIOS: dict[str, list[str]] = {
    # a URL constant used by getConnection in another method
    "url_field": [
        'static final String URL# = "jdbc:mysql://db#.example.com/app?sslMode=DISABLED";',
        "public Connection open#(String u, String p) throws SQLException {\n"
        "    return DriverManager.getConnection(URL#, u, p);\n}",
        'String copy#() { String x = URL#; return x + "?a=b"; }',
    ],
    # a Properties field filled in one method (no relevant word) and used in another
    "properties_field": [
        "private final Properties props# = new Properties();",
        'void fill#(String pw) {\n    props#.put("user", "app#");\n    props#.put("password", pw);\n'
        '    props#.put(KEY#, "x");\n}',
        'static final String KEY# = "connectTimeout";',
        "Connection use#() throws SQLException {\n"
        '    return DriverManager.getConnection("jdbc:mysql://p#/db", props#);\n}',
    ],
    # a HikariConfig built across methods, and a parameter of a tracked type
    "hikari": [
        "private HikariConfig hc# = new HikariConfig();",
        'void creds#() { hc#.setUsername("svc#"); hc#.setPassword(SECRET#); }',
        'static final String SECRET# = "s3cr3t-#";',
        'void url#() { hc#.setJdbcUrl(PREFIX# + "hk#/db?useSSL=false"); }',
        'static final String PREFIX# = "jdbc:mysql://";',
        'void param#(final HikariConfig cfg#, int n) { cfg#.setUsername("p#"); }',
    ],
    # constants concatenated into URLs, through other constants
    "constants": [
        'static final String SCHEME# = "jdbc:mariadb:";',
        'static final String BASE# = SCHEME# + "//";',
        'static final String HOST# = "h#.example.com";',
        'String build#() { return BASE# + HOST# + "/db?sslMode=REQUIRED"; }',
        'String other#() { return HOST# + ":3306"; }',
        'static final String FMT# = BASE# + "%s/x?useSSL=false";',
        "String fmt#(String h) { return String.format(FMT#, h); }",
    ],
    # a final field assigned in a method: no longer resolved anywhere
    "reassigned": [
        'static final String DB# = "fixed#";',
        'void breakIt#() { DB# = System.getenv("DB"); }',
        'String url#() { return "jdbc:mysql://" + DB# + "/app"; }',
        'static final String PORT# = "33#";',
        "void bump#() { PORT#++; }",
        'String url2#() { return "jdbc:mysql://h:" + PORT# + "/app"; }',
    ],
    # a DataSource field that becomes a MySQL one in one method, set up in another
    "datasource": [
        "private javax.sql.DataSource ds#;",
        "void make#() { ds# = new com.mysql.cj.jdbc.MysqlDataSource(); }",
        'void conf#() { ds#.setServerName("srv#"); ds#.setUser("u#"); }',
    ],
    # JVM trust store set with a constant key, in an initializer and a method
    "jvm": [
        'static final String TS# = "javax.net.ssl.trustStore";',
        'static { System.setProperty(TS#, "/etc/ts#.jks"); }',
        'void tsPass#() { System.setProperty("javax.net.ssl.trustStorePassword", "changeit#"); }',
    ],
    # irrelevant methods that are hard to scan
    "lexical": [
        "String s#() {\n"
        '    String a = "}{ \\" // not a comment /* nor this";\n'
        "    char c = '{'; char q = '\"'; char e = '\\''; char b = '}';\n"
        "    return a + c + q + e + b;\n}",
        'String tb#() {\n    return """\n        { "a": "}" } \\""" // /* \'\n        """;\n}',
        "int cm#() { // } {\n    /* } \" ' { */ return #; }",
        "public <T extends Comparable<? super T>> java.util.List<java.util.Map<String, java.util.List<T>>>"
        " gen#(java.util.List<T> in) throws java.io.IOException, IllegalStateException {\n"
        '    if (in == null) { throw new IllegalStateException("}"); }\n    return null;\n}',
        '@SuppressWarnings({"unchecked", "rawtypes"})\n@Deprecated(since = "1#", forRemoval = false)\n'
        "void ann#() { Object o = new Object(); }",
        "void lam#(java.util.List<Integer> xs) {\n"
        '    xs.forEach(x -> { if (x > 0) { System.out.println("{" + x); } });\n'
        "    Runnable r = () -> {};\n}",
        "void anon#() { new Thread(new Runnable() { @Override public void run() { int y = #; } }).start(); }",
        "void local#() {\n"
        "    record P(int a) { P { if (a < 0) { throw new IllegalArgumentException(); } } }\n"
        "    enum E { A { }, B; }\n    class L { int f() { return 1; } }\n}",
        "int sw#(int k) { return switch (k) { case 1 -> { yield 2; } default -> 3; }; }",
        "int[][] arr#() { return new int[][] {{1}, {2, 3}}; }",
        "Gen(int a#) { this(); }",
        "native void nat#();",
        "synchronized <T> T sync#(T t) throws Exception { synchronized (this) { return t; } }",
        'String uni#() { return "é€𝄞 {"; }',
    ],
    # class-level structures: never blanked, relevant code inside them
    "structures": [
        "enum Mode# {\n"
        '    A("jdbc:mysql://enum#/db") { @Override String u() { return "x"; } },\n'
        '    B("y") { String u() { return "jdbc:mysql://b#/db"; } };\n'
        "    private final String v;\n    Mode#(String v) { this.v = v; }\n    String u() { return v; }\n}",
        "record Rec#(String url, int port) {\n"
        '    Rec# { if (port < 0) { throw new IllegalArgumentException("{"); } }\n'
        '    static final String R = "jdbc:mysql://rec#/db";\n    String show() { return url + port; }\n}',
        "interface Cfg# {\n"
        '    String URLI# = "jdbc:mysql://i#/db";\n    String HOSTI# = "ih#";\n'
        '    default String u() { return URLI# + "?a=b"; }\n}',
        'String fromIface#() { return URLI# + "&c=d"; }',
        "void breakIface#() { HOSTI# = null; }",  # an interface constant is final without the word
        'String ifaceUrl#() { return "jdbc:mysql://" + HOSTI# + "/x"; }',
        "static class Nested# {\n    private final Properties np = new Properties();\n"
        '    void a() { np.put("user", "n#"); }\n'
        "    Connection b() throws Exception {\n"
        '        return DriverManager.getConnection("jdbc:mysql://n#/", np);\n    }\n}',
        '{ System.setProperty("javax.net.ssl.keyStore", "/k#"); }',
        "private final Runnable task# = new Runnable() { public void run() { int z = #; } };",
        "private final java.util.function.Supplier<String> sup# = new java.util.function.Supplier<>() {\n"
        '    public String get() { return "jdbc:mysql://sup#/db"; }\n};',
        'private final Runnable lam# = () -> { String u = "jdbc:mysql://lamf#/db"; };',
        'String uniUrl#() { return "jdbc:mysql://é#/db?x=€"; }',
    ],
    # ``X.NAME`` is resolved by name: a class in an irrelevant body declares it first
    "nested_first": [
        'void early#() { Object o = new Object() { final String HOSTX# = "evil#"; }; }',
        "void early2#() { Runnable r = new Runnable() { String HOSTY#; public void run() { } }; }",
        'static class Holder# { static String HOSTX# = "good#"; static final String HOSTY# = "db"; }',
        'String late#() { return "jdbc:mysql://" + Holder#.HOSTX# + "/" + Holder#.HOSTY#; }',
    ],
    # a class in a kept body declares a URL constant that another body reads as X.NAME
    "nested_kept": [
        "void keeper#() throws Exception {\n"
        '    class Local# { static final String LU# = "jdbc:mysql://loc#/db"; }\n'
        "    DriverManager.getConnection(Local#.LU#);\n}",
        'String user#() { return Other.LU# + "?x=1"; }',
    ],
    # what generated code is mostly made of
    "filler": [
        "public java.util.List<String> m#(java.util.Map<String, Object> a, String b) {\n"
        '    String r = "status token item";\n    log.debug("worker {}", a);\n'
        "    for (int k = 0; k < 10; k++) { list.add(k); }\n"
        "    if (a != null && b != null) { return null; }\n    // queue entry cluster\n    return null;\n}",
    ],
}


def members(name: str, index: int) -> list[str]:
    return [member.replace("#", str(index)) for member in SCENARIOS[name]]


def java_class(body: list[str]) -> str:
    indented = "\n\n".join("    " + member.replace("\n", "\n    ") for member in body)
    return (
        "package gen;\n\nimport java.sql.*;\nimport java.util.Properties;\n"
        "import com.zaxxer.hikari.HikariConfig;\n\npublic class Gen {\n" + indented + "\n}\n"
    )


def both(text: str) -> tuple[Extraction, Extraction]:
    """(blanking on, blanking off) extractions of ``text``."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(java, "_REDUCE_ABOVE", 0)
        reduced = java.extract("Gen.java", text)
        patch.setattr(java, "_REDUCE_ABOVE", 10**12)
        whole = java.extract("Gen.java", text)
    return reduced, whole


def assert_same(text: str) -> str:
    """Check the blanking keeps positions and the extraction; return the reduced text."""
    reduced_text = java_reduce.relevant_bodies(text)
    assert len(reduced_text) == len(text)
    assert [len(line) for line in reduced_text.split("\n")] == [len(line) for line in text.split("\n")]
    assert all(new == old or new == " " for old, new in zip(text, reduced_text, strict=True))
    data = text.encode("utf-8", "surrogatepass")
    if not java._parser().parse(data).root_node.has_error:
        # the fallback to the whole text would hide a badly found body
        assert not java._parser().parse(reduced_text.encode("utf-8", "surrogatepass")).root_node.has_error
    reduced, whole = both(text)
    assert reduced == whole
    return reduced_text


def urls(extraction: Extraction) -> set[str]:
    return {c.url.text for c in extraction.candidates if c.url is not None}


# ---------------------------------------------------------------------------
# the scan


def body_texts(text: str) -> list[str]:
    scan = java_reduce._Scanner(text).run()
    assert scan is not None
    return [text[start:end].strip() for start, end in scan.bodies]


def test_method_and_constructor_bodies_are_found_and_nothing_else() -> None:
    text = java_class(
        [
            "Gen() throws java.io.IOException, a.B { ctor(); }",
            '@Ann(x = {1, 2}, y = "){") <T> java.util.Map<T, java.util.List<T>> m(T t) { m1(); }',
            'static { s1("{"); }',
            "{ i1(); }",
            "Runnable r = () -> { l1(); };",
            "int[] a = {1, 2};",
            "Object o = new Object() { void inAnon() { a1(); } };",
            "Object p = make(new java.util.ArrayList<String>() { { i2(); } });",
            "enum E { A(1) { void ea() { e1(); } }, B { }; E() { e2(); } E(int x) { e3(); } }",
            "record R(int x) { R { c1(); } void rm() throws E { r1(); } }",
            "interface I { default void d() { d1(); } void abs(); }",
            "static class N<T extends A<B>> extends C<T> implements D { void nm() { n1(); } }",
            "int s = switch (k) { case 1 -> { yield 2; } default -> 3; };",
            "void withLocal() { class L { void inner() { } } }",
            'String t = """\n  } { "\n  """;',
            "// } {\n/* } { */ void last() { z(); }",
        ]
    )
    assert body_texts(text) == [
        "ctor();",
        "m1();",
        "a1();",
        "e1();",
        "e2();",
        "e3();",
        "r1();",
        "d1();",
        "n1();",
        "class L { void inner() { } }",
        "z();",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "class A { void f() { }",  # unbalanced
        "class A { void f() { } } }",
        'class A { void f() { String s = "open; } }',  # unterminated
        "class A { void f() { char c = '; } }",
        "class A { void f() { /* open } }",
        'class A { String t = """\n open; void f() { } }',
        "class A { void f() { \\u007B } }",  # javac reads a brace
        'class A { void f() { String s = "\\u0022; } }',
    ],
)
def test_unsure_scans_leave_the_text_alone(text: str) -> None:
    assert java_reduce.relevant_bodies(text) is text


def test_blanking_keeps_lines_columns_and_braces() -> None:
    text = java_class(members("filler", 1) + members("url_field", 2) + members("lexical", 3))
    reduced = assert_same(text)
    assert "worker" not in reduced and "not a comment" not in reduced and "getConnection(URL2" in reduced
    assert (
        reduced.count("{") < text.count("{") and "m1(java.util.Map<String, Object> a, String b) {" in reduced
    )


# ---------------------------------------------------------------------------
# the extraction does not change


def test_fixtures_extract_the_same() -> None:
    paths = sorted(FIXTURES.rglob("*.java"))
    assert len(paths) >= 10
    for path in paths:
        assert_same(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_each_scenario_extracts_the_same(name: str) -> None:
    assert_same(java_class(members("filler", 0) + members(name, 1) + members("filler", 2)))


def test_links_between_members_keep_their_bodies() -> None:
    """Bodies without a relevant word that the result depends on are kept."""
    body = [m for name in SCENARIOS for m in members(name, 1)]
    reduced_text = assert_same(java_class(body))
    for kept in (
        'props1.put("user", "app1")',  # a tracked field
        "hc1.setPassword(SECRET1)",
        'cfg1.setUsername("p1")',  # a tracked parameter
        'ds1.setServerName("srv1")',  # assigned a new tracked type elsewhere
        "DB1 = System.getenv",  # a final field assigned
        "PORT1++",
        'return BASE1 + HOST1 + "/db?sslMode=REQUIRED"',  # a constant leading to a URL
        "String.format(FMT1, h)",
        'return URLI1 + "&c=d"',  # an interface constant
        "HOSTI1 = null",
        'final String HOSTX1 = "evil1"',  # declares a name kept code reads as X.NAME first
        "String HOSTY1;",
        'return Other.LU1 + "?x=1"',  # reads a URL constant of a class in a kept body
    ):
        assert kept in reduced_text, kept
    for blanked in ('return HOST1 + ":3306"', "int y = 1", "status token item"):
        assert blanked not in reduced_text, blanked
    reduced, _ = both(java_class(body))
    found = urls(reduced)
    assert f"jdbc:mysql://evil1/{DYNAMIC}" in found  # the extractor's own reading, kept as it is
    assert "jdbc:mysql://loc1/db?x=1" in found
    assert f"jdbc:mysql://{DYNAMIC}/app" in found  # DB1 is assigned: not a constant


def test_syntax_errors_are_judged_on_the_whole_text() -> None:
    # the first error sits in a body that would be blanked, a second one in kept code
    text = java_class(
        ["void bad() { int x = ; }", *members("filler", 1), 'void f() { String u = "jdbc:mysql://h/"; g( }']
    )
    reduced, whole = both(text)
    assert reduced == whole
    assert [n.line for n in reduced.notifications] == [
        text.split("\n").index("    void bad() { int x = ; }") + 1
    ]


def test_large_generated_file_is_reduced_with_the_same_result() -> None:
    body: list[str] = []
    index = 0
    while sum(map(len, body)) < java._REDUCE_ABOVE:
        for name in SCENARIOS:
            body.extend(members(name, index))
        body.extend(m for i in range(40) for m in members("filler", 1000 * index + i))
        index += 1
    text = java_class(body)
    assert len(text) > java._REDUCE_ABOVE
    reduced_text = java_reduce.relevant_bodies(text)
    assert len("".join(reduced_text.split())) < 0.6 * len("".join(text.split()))  # the filler is gone
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(java, "_REDUCE_ABOVE", 10**12)
        whole = java.extract("Gen.java", text)
    reduced = java.extract("Gen.java", text)  # the real threshold
    assert reduced == whole and len(reduced.candidates) > 20 * index


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_interleaved_members_extract_the_same(data: st.DataObject) -> None:
    chosen = data.draw(
        st.lists(st.tuples(st.sampled_from(sorted(SCENARIOS)), st.integers(0, 2)), min_size=1, max_size=6)
    )
    body = [m for name, index in chosen for m in members(name, index)]
    assert_same(java_class(data.draw(st.permutations(body))))


#: What the scan must cope with, in any order.
SOUP = (
    "{",
    "}",
    "(",
    ")",
    '"',
    "'",
    '"""',
    "//",
    "/*",
    "*/",
    "\n",
    "\\",
    " ",
    "void f",
    "class C",
    "new X",
    "= ",
    "throws E",
    ";",
    "jdbc:mysql://h/",
)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(SOUP)))
def test_any_text_keeps_its_positions(pieces: list[str]) -> None:
    text = "class A { void g() { " + "".join(pieces) + " } }"
    reduced = java_reduce.relevant_bodies(text)
    assert [len(line) for line in reduced.split("\n")] == [len(line) for line in text.split("\n")]


@pytest.mark.parametrize("unit", ["new ", "new x ", "new a.B<C>[] "])
def test_a_body_of_many_news_in_one_run_costs_linear_time(unit: str) -> None:
    """Each run of ``new X`` characters is read once, from its first ``new``,
    however many it holds (reading on from each was quadratic).
    """
    from scaling import assert_linear

    def make(n: int) -> Callable[[], object]:
        text = "{" + unit * n + "(x) {"
        return lambda: java_reduce._declares_class(text, 1, len(text))

    assert_linear(make, 2000, "java_reduce._declares_class on a run of news")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from((*SOUP, "a", "->", "-", ">", ".", "x1", "é", "@A", "int[] b", "=", ",", "\t")))
)
def test_plain_runs_scan_as_token_by_token(pieces: list[str]) -> None:
    """Runs of plain tokens listed at once give the bodies and members that
    reading them one search a time gives.
    """
    text = "class A { " + "".join(pieces) + " void f() { int a; } int b = c; }"

    def scan(one_by_one: bool) -> object:
        with pytest.MonkeyPatch.context() as patch:
            if one_by_one:
                patch.setattr(java_reduce, "_PLAIN_NEXT", frozenset())
            found = java_reduce._Scanner(text).run()
        return None if found is None else (found.bodies, found.fields)

    assert scan(False) == scan(True)


def test_hot_fields_follow_chains_declared_in_any_order() -> None:
    """A field is hot when its initializer names a relevant word or a hot field,
    however far down the file that one is declared (the closure, not one pass).
    """
    text = java_class(
        [
            'static final String D = C + "?x=1";',
            "static final String C = B;",
            'static final String B = A + "/db";',
            'static final String A = "jdbc:mysql://h";',
            "static final int N = 1, M = N + 1;",
            'void f() { String u = "x"; }',
        ]
    )
    scan = java_reduce._Scanner(text).run()
    assert scan is not None
    assert java_reduce._Relevance(text, scan)._hot_fields() == {"A", "B", "C", "D"}
