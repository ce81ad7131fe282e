"""Where a JVM trust store set by ``System.setProperty`` is in force: its own
method and that method's callers, or the whole class when a member that runs
first sets it; elsewhere a connection keeps the JVM default (issue 16, item 6
left over)."""

from __future__ import annotations

from connlint.connections import resolve_candidates
from connlint.frontends.java import extract
from connlint.model import Assumptions

URL = "jdbc:mysql://db.example.com/app?sslMode=VERIFY_CA"
SET_A = 'System.setProperty("javax.net.ssl.trustStore", "/etc/a.jks");'
SET_B = 'System.setProperty("javax.net.ssl.trustStore", "/etc/b.jks");'
CONNECT = f'DriverManager.getConnection("{URL}");'


def trusts(body: str) -> list[tuple[int, str]]:
    """(line, trust) of each connection of ``class A { body }``, line 1 the first of ``body``."""
    source = "class A {\n" + body + "\n}\n"
    resolved = resolve_candidates("A.java", extract("A.java", source).candidates, Assumptions())
    return [
        (c.location.line - 1, f"{c.trust.kind.name} {c.trust.path or ''}".strip())
        for c in resolved.connections
        if c.trust
    ]


def test_a_store_set_in_one_method_does_not_decide_another() -> None:
    body = f"""void a() {{ {SET_A} {CONNECT} }}
void b() {{ {CONNECT} }}"""
    assert trusts(body) == [(1, "TRUST_STORE /etc/a.jks"), (2, "JVM_DEFAULT")]


def test_each_method_gets_its_own_store() -> None:
    body = f"""void a() {{ {SET_A} {CONNECT} }}
void b() {{ {SET_B} {CONNECT} }}"""
    assert trusts(body) == [(1, "TRUST_STORE /etc/a.jks"), (2, "TRUST_STORE /etc/b.jks")]


def test_a_method_that_sets_it_is_in_force_in_its_callers() -> None:
    body = f"""void tls() {{ {SET_A} }}
void a() {{ tls(); {CONNECT} }}
void b() {{ this.tls(); {CONNECT} }}
void c() {{ other.tls(); {CONNECT} }}"""
    assert trusts(body) == [(2, "TRUST_STORE /etc/a.jks"), (3, "TRUST_STORE /etc/a.jks"), (4, "JVM_DEFAULT")]


def test_a_member_that_runs_first_sets_it_for_the_class() -> None:
    for first in (
        "A() {",
        "static {",
        "{",
        "@Before public void prepare() {",
        "@org.junit.jupiter.api.BeforeAll static void prepare() {",
        "protected void setUp() throws Exception {",
        "public static void main(String[] args) {",
    ):
        body = f"""{first} {SET_A} }}
void a() {{ {CONNECT} }}"""
        assert trusts(body) == [(2, "TRUST_STORE /etc/a.jks")], first


def test_an_ordinary_annotation_is_no_set_up() -> None:
    body = f"""@Test void t() {{ {SET_A} }}
void a() {{ {CONNECT} }}"""
    assert trusts(body) == [(2, "JVM_DEFAULT")]


def test_a_methods_store_replaces_the_set_ups_and_a_branch_falls_back_to_it() -> None:
    body = f"""@BeforeEach void prepare() {{ {SET_A} }}
void a() {{ {SET_B} {CONNECT} }}
void b(boolean own) {{ if (own) {SET_B} {CONNECT} }}"""
    assert trusts(body) == [
        (2, "TRUST_STORE /etc/b.jks"),
        (3, "TRUST_STORE /etc/b.jks"),
        (3, "TRUST_STORE /etc/a.jks"),
    ]


def test_a_store_set_in_a_nested_class_set_up_stays_in_that_class() -> None:
    body = f"""static class Inner {{ Inner() {{ {SET_A} }} void a() {{ {CONNECT} }} }}
void b() {{ {CONNECT} }}"""
    assert trusts(body) == [(1, "TRUST_STORE /etc/a.jks"), (2, "JVM_DEFAULT")]
