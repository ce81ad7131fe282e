"""Strings assembled in pieces (issue 16, item 2): ``+=``, builders, format
patterns, ``String.join``, ternaries as several outcomes."""

from __future__ import annotations

from connlint.frontends.java import extract
from connlint.model import DYNAMIC, Candidate


def cands(body: str) -> list[Candidate]:
    return extract("A.java", "class A {\n" + body + "\n}\n").candidates


def urls(body: str) -> list[str]:
    return sorted(c.url.text for c in cands(body) if c.url is not None)


BASE = "jdbc:mysql://db.example.com/app"


def test_plus_assign_builds_the_url_before_the_connection() -> None:
    body = f"""
    void f() throws Exception {{
        String url = "{BASE}";
        url += "?sslMode=";
        url += "DISABLED";
        DriverManager.getConnection(url);
    }}"""
    assert urls(body) == [f"{BASE}?sslMode=DISABLED"]


def test_reassignment_after_the_connection_does_not_count() -> None:
    body = f"""
    void f() throws Exception {{
        String url = "{BASE}?sslMode=REQUIRED";
        DriverManager.getConnection(url);
        url = "{BASE}?sslMode=DISABLED";
        DriverManager.getConnection(url);
    }}"""
    assert urls(body) == [f"{BASE}?sslMode=DISABLED", f"{BASE}?sslMode=REQUIRED"]


def test_string_builder_variable_and_chain() -> None:
    body = f"""
    void f(String host) throws Exception {{
        StringBuilder sb = new StringBuilder("{BASE}");
        sb.append("?useSSL=").append(false);
        sb.append("&requireSSL=true");
        DriverManager.getConnection(sb.toString());
    }}"""
    assert urls(body) == [f"{BASE}?useSSL=false&requireSSL=true"]


def test_string_buffer_inline_chain() -> None:
    body = f'String u = new StringBuffer().append("{BASE}").append("?sslMode=VERIFY_CA").toString();'
    assert urls(body) == [f"{BASE}?sslMode=VERIFY_CA"]


def test_builder_changed_otherwise_is_unknown_from_there() -> None:
    body = f"""
    void f() throws Exception {{
        StringBuilder sb = new StringBuilder("{BASE}?sslMode=REQUIRED");
        sb.setLength(0);
        DriverManager.getConnection(sb.toString());
    }}"""
    assert all(DYNAMIC in u or u == f"{BASE}?sslMode=REQUIRED" for u in urls(body))
    assert f"{BASE}?sslMode=REQUIRED" not in [c.url.text for c in cands(body) if c.location.line == 5]


def test_append_in_a_loop_is_an_unknown_part() -> None:
    body = f"""
    void f(String[] opts) throws Exception {{
        StringBuilder sb = new StringBuilder("{BASE}?sslMode=REQUIRED");
        for (String o : opts) {{ sb.append("&").append(o); }}
        DriverManager.getConnection(sb.toString());
    }}"""
    assert urls(body) == [f"{BASE}?sslMode=REQUIRED{DYNAMIC}"]


def test_format_with_known_arguments() -> None:
    body = f"""
    static final String MODE = "VERIFY_IDENTITY";
    void f() throws Exception {{
        DriverManager.getConnection(String.format("{BASE}?sslMode=%s&connectTimeout=%d", MODE, 5));
    }}"""
    assert urls(body) == [f"{BASE}?sslMode=VERIFY_IDENTITY&connectTimeout=5"]


def test_format_with_locale_index_and_unknown() -> None:
    body = (
        f'String u = String.format(Locale.ROOT, "{BASE}?sslMode=%2$s&x=%1$s&y=%5.2f", "a", "DISABLED", 1.0);'
    )
    assert urls(body) == [f"{BASE}?sslMode=DISABLED&x=a&y={DYNAMIC}"]


def test_formatted_text_block() -> None:
    body = f'''String u = """
        {BASE}?sslMode=%s""".formatted("REQUIRED");'''
    assert urls(body) == [f"{BASE}?sslMode=REQUIRED"]


def test_message_format() -> None:
    pattern = BASE + "?sslMode={0}&x=''{1}''&y={1,number}"
    body = f'String u = MessageFormat.format("{pattern}", "PREFERRED", 2);'
    assert urls(body) == [f"{BASE}?sslMode=PREFERRED&x='2'&y={DYNAMIC}"]


def test_string_join() -> None:
    body = f'String u = "{BASE}?" + String.join("&", "useSSL=true", "verifyServerCertificate=false");'
    assert urls(body) == [f"{BASE}?useSSL=true&verifyServerCertificate=false"]
    body = f'String u = "{BASE}?" + String.join("&", List.of("sslMode=DISABLED", "a=b"));'
    assert urls(body) == [f"{BASE}?sslMode=DISABLED&a=b"]
    body = f'String u = "{BASE}?" + String.join("&", parts);'
    assert urls(body) == [f"{BASE}?{DYNAMIC}"]


def test_ternary_gives_two_outcomes() -> None:
    body = f'String u(boolean prod) {{ return "{BASE}?sslMode=" + (prod ? "VERIFY_IDENTITY" : "DISABLED"); }}'
    assert urls(body) == [f"{BASE}?sslMode=DISABLED", f"{BASE}?sslMode=VERIFY_IDENTITY"]
    # Each outcome's deciding text stands where it is written.
    (first, second) = sorted(cands(body), key=lambda c: c.url.text if c.url else "")
    assert first.url is not None and second.url is not None
    assert (
        first.url.locate(first.url.text.index("DISABLED")).column
        != second.url.locate(second.url.text.index("VERIFY_IDENTITY")).column
    )


def test_ternary_at_a_connection_gives_two_connections() -> None:
    body = f"""
    void f(boolean tls) throws Exception {{
        DriverManager.getConnection(tls ? "{BASE}?sslMode=REQUIRED" : "{BASE}?sslMode=DISABLED");
    }}"""
    assert urls(body) == [f"{BASE}?sslMode=DISABLED", f"{BASE}?sslMode=REQUIRED"]
    assert len({c.location for c in cands(body)}) == 1


def test_if_else_assignments_are_exclusive_outcomes() -> None:
    body = f"""
    void f(boolean tls) throws Exception {{
        String url = "{BASE}";
        if (tls) {{
            url += "?sslMode=VERIFY_IDENTITY";
        }} else {{
            url += "?sslMode=DISABLED";
        }}
        DriverManager.getConnection(url);
    }}"""
    assert urls(body) == [f"{BASE}?sslMode=DISABLED", f"{BASE}?sslMode=VERIFY_IDENTITY"]


def test_options_fragment_joins_the_url_it_is_appended_to() -> None:
    body = f"""
    static final String TLS_OPTIONS = "&sslMode=REQUIRED";
    void f() throws Exception {{
        String url = "{BASE}?connectTimeout=5";
        DriverManager.getConnection(url + TLS_OPTIONS);
    }}"""
    assert urls(body) == [f"{BASE}?connectTimeout=5&sslMode=REQUIRED"]


def test_fragment_alone_is_no_connection() -> None:
    assert urls('static final String TLS_OPTIONS = "&sslMode=REQUIRED";') == []


def test_a_reassigned_field_stays_unknown() -> None:
    body = f"""
    String url = "{BASE}?sslMode=REQUIRED";
    void set(String u) {{ url = u; }}
    void f() throws Exception {{ DriverManager.getConnection(url); }}"""
    # The literal, and a connection whose URL is not known: as before.
    assert urls(body) == [f"{BASE}?sslMode=REQUIRED", DYNAMIC]
