"""Object state at each connect (issue 16, item 1): one connection per connect
call, with the ``Properties`` state at that point."""

from __future__ import annotations

from connlint.frontends.java import extract
from connlint.model import Candidate, CandidateKind

URL = "jdbc:mysql://db.example.com/app"


def connections(body: str) -> list[dict[str, object]]:
    found: list[Candidate] = extract("A.java", "class A {\n" + body + "\n}\n").candidates
    return [{s.key: s.value for s in c.settings} for c in found if c.kind is CandidateKind.JDBC]


def test_each_connect_gets_the_state_at_that_point() -> None:
    body = f"""
    void f() throws Exception {{
        Properties props = new Properties();
        props.setProperty("sslMode", "DISABLED");
        DriverManager.getConnection("{URL}", props);
        props.setProperty("sslMode", "VERIFY_IDENTITY");
        props.setProperty("trustCertificateKeyStoreUrl", "file:/etc/ca.jks");
        DriverManager.getConnection("{URL}", props);
        props.remove("trustCertificateKeyStoreUrl");
        DriverManager.getConnection("{URL}", props);
        props.clear();
        DriverManager.getConnection("{URL}", props);
    }}"""
    assert connections(body) == [
        {"sslMode": "DISABLED"},
        {"sslMode": "VERIFY_IDENTITY", "trustCertificateKeyStoreUrl": "file:/etc/ca.jks"},
        {"sslMode": "VERIFY_IDENTITY"},
        {},
    ]


def test_defaults_copies_and_put_all() -> None:
    body = f"""
    void f() throws Exception {{
        Properties base = new Properties();
        base.setProperty("sslMode", "REQUIRED");
        Properties derived = new Properties(base);
        derived.put("useSSL", "false");
        DriverManager.getConnection("{URL}", derived);
        Properties other = new Properties();
        other.putAll(base);
        base.setProperty("sslMode", "DISABLED");
        DriverManager.getConnection("{URL}", other);
    }}"""
    assert connections(body) == [{"sslMode": "REQUIRED", "useSSL": "false"}, {"sslMode": "REQUIRED"}]


def test_reassigned_properties_start_again() -> None:
    body = f"""
    void f() throws Exception {{
        Properties props = new Properties();
        props.setProperty("sslMode", "DISABLED");
        props = new Properties();
        props.setProperty("requireSSL", "true");
        DriverManager.getConnection("{URL}", props);
    }}"""
    assert connections(body) == [{"requireSSL": "true"}]


def test_a_setting_after_the_last_connect_is_not_in_it() -> None:
    body = f"""
    void f() throws Exception {{
        Properties props = new Properties();
        DriverManager.getConnection("{URL}", props);
        props.setProperty("sslMode", "DISABLED");
    }}"""
    assert connections(body) == [{}]


def test_system_get_properties_sets_the_trust_store() -> None:
    body = """
    static { System.getProperties().setProperty("javax.net.ssl.trustStore", "/etc/ts.jks");
             System.getProperties().put("javax.net.ssl.trustStorePassword", "changeit"); }"""
    (jvm,) = [
        c for c in extract("A.java", "class A {\n" + body + "\n}\n").candidates if c.kind is CandidateKind.JVM
    ]
    assert [s.key for s in jvm.settings] == ["javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword"]


def test_defaults_are_read_live_and_survive_remove() -> None:
    body = f"""
    void f() throws Exception {{
        Properties defaults = new Properties();
        Properties props = new Properties(defaults);
        defaults.setProperty("sslMode", "REQUIRED");
        props.setProperty("sslMode", "VERIFY_CA");
        props.remove("sslMode");
        DriverManager.getConnection("{URL}", props);
    }}"""
    assert connections(body) == [{"sslMode": "REQUIRED"}]
