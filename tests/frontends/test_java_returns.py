"""Methods of the caller's class that return one expression (issue 16: values
that travel through a method's return)."""

from __future__ import annotations

import pytest

from connlint.frontends.java import extract
from connlint.model import DYNAMIC, Candidate

BASE = "jdbc:mysql://db.example.com"


def cands(body: str) -> list[Candidate]:
    return extract("A.java", "class A {\n" + body + "\n}\n").candidates


def urls(body: str) -> list[str]:
    return sorted(c.url.text for c in cands(body) if c.url is not None)


def test_a_url_method_of_the_class_is_read_with_the_calls_arguments() -> None:
    body = f"""
    static final String OPTS = "?sslMode=DISABLED";
    String url(String db) {{ return "{BASE}/" + db + OPTS; }}
    void f() throws Exception {{ DriverManager.getConnection(url("orders")); }}
    void g() throws Exception {{ DriverManager.getConnection(this.url("shop"), "app", ""); }}"""
    # Each call is its connection; the method's own literal is not another one.
    assert urls(body) == [f"{BASE}/orders?sslMode=DISABLED", f"{BASE}/shop?sslMode=DISABLED"]
    found = cands(body)
    option = next(c for c in found if c.url is not None and "orders" in c.url.text)
    # The option's characters stand where the method writes them, the connection at the call.
    assert option.location.line == 5
    assert option.url is not None and option.url.locate(option.url.text.index("orders")).line == 5
    assert option.url.locate(option.url.text.index("sslMode")).line == 3
    assert option.url.locate(0).line == 4


def test_a_ternary_in_the_return_gives_both_outcomes() -> None:
    body = f"""
    String url(boolean tls) {{ return "{BASE}/app?sslMode=" + (tls ? "VERIFY_IDENTITY" : "DISABLED"); }}
    void f(boolean tls) throws Exception {{ DriverManager.getConnection(url(tls)); }}"""
    assert urls(body) == [f"{BASE}/app?sslMode=DISABLED", f"{BASE}/app?sslMode=VERIFY_IDENTITY"]


@pytest.mark.parametrize(
    "methods",
    [
        # More than a return: a local, a branch: not read.
        f'String url(String db) {{ String u = "{BASE}/" + db; return u + "?sslMode=DISABLED"; }}',
        f'String url(String db) {{ if (db == null) {{ return null; }} return "{BASE}/" + db; }}',
        # Overloads of that arity: which runs is not read here.
        f'String url(String db) {{ return "{BASE}/" + db + "?sslMode=DISABLED"; }}\n'
        f'String url(int n) {{ return "{BASE}/db" + n + "?sslMode=REQUIRED"; }}',
        # Recursion ends.
        "String url(String db) { return url(db); }",
    ],
)
def test_methods_not_read_leave_the_call_unknown(methods: str) -> None:
    body = f'{methods}\nvoid f() throws Exception {{ DriverManager.getConnection(url("orders")); }}'
    at_call = [c for c in cands(body) if c.location.line == body.count("\n") + 2]
    assert at_call and all(c.url is not None and c.url.text == DYNAMIC for c in at_call)


def test_another_objects_method_is_not_this_classs() -> None:
    body = f"""
    String url(String db) {{ return "{BASE}/" + db + "?sslMode=DISABLED"; }}
    void f(Other other) throws Exception {{ DriverManager.getConnection(other.url("orders")); }}"""
    call = [c for c in cands(body) if c.location.line == 4]
    assert call and all(c.url is not None and c.url.text == DYNAMIC for c in call)


# -- a Properties object built and returned by a method of the class ---------


def _settings(body: str) -> list[tuple[int, dict[str, str | None]]]:
    """(line, key -> value) of each candidate with a URL, in source order."""
    return [(c.location.line, {s.key: s.value for s in c.settings}) for c in cands(body) if c.url is not None]


TLS = """
    private static Properties tls() {
        Properties props = new Properties();
        props.setProperty("sslMode", "VERIFY_IDENTITY");
        return props;
    }"""


def test_a_returned_properties_is_the_callers_object_as_returned() -> None:
    body = f"""{TLS}
    void f() throws Exception {{ DriverManager.getConnection("{BASE}/a", tls()); }}
    void g() throws Exception {{
        Properties p = this.tls();
        DriverManager.getConnection("{BASE}/b", p);
        p.setProperty("sslMode", "DISABLED");
        DriverManager.getConnection("{BASE}/c", p);
    }}"""
    assert _settings(body) == [
        (8, {"sslMode": "VERIFY_IDENTITY"}),
        (11, {"sslMode": "VERIFY_IDENTITY"}),
        (13, {"sslMode": "DISABLED"}),
    ]
    # Handed over: the method's object is no connection of its own.
    assert [c.location.line for c in cands(body)] == [8, 11, 13]


@pytest.mark.parametrize(
    "method",
    [
        # Two returns, a field, a returned call, another object's method: not read.
        """Properties tls(boolean on) {
            Properties props = new Properties();
            if (on) { props.setProperty("sslMode", "VERIFY_IDENTITY"); return props; }
            return props;
        }""",
        """Properties shared = new Properties();
        Properties tls(boolean on) { shared.setProperty("sslMode", "VERIFY_IDENTITY"); return shared; }""",
        """Properties tls(boolean on) { return make(on); }""",
    ],
)
def test_returned_properties_not_read_give_no_settings(method: str) -> None:
    body = f"""{method}
    void f() throws Exception {{ DriverManager.getConnection("{BASE}/a", tls(true)); }}"""
    call_line = 3 + method.count("\n")
    # The connection is made, without what the method may have set.
    assert (call_line, {}) in _settings(body)
