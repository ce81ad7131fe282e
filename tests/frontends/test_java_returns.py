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
