"""mysql-binlog-connector-java in Java sources: ``setSSLMode`` calls and clients
that never call it (the library's default, DISABLED)."""

from __future__ import annotations

from connlint.clients import debezium
from connlint.frontends.java import extract
from connlint.model import Assumptions, Connection, Decision, TlsMode

_IMPORT = (
    "import com.github.shyiko.mysql.binlog.BinaryLogClient;\n"
    "import com.github.shyiko.mysql.binlog.network.SSLMode;\n"
)


def binlog(body: str, header: str = _IMPORT) -> list[Connection]:
    text = header + "class T {\n" + body + "\n}\n"
    found = [c for c in extract("T.java", text).candidates if c.driver == "mysql-binlog-connector-java"]
    return [debezium.resolve(c, Assumptions()).connections[0] for c in found]


def test_a_client_without_set_ssl_mode_is_disabled_by_default() -> None:
    (conn,) = binlog(
        'void f() { BinaryLogClient c = new BinaryLogClient("db.internal", 3306, "u", p); c.connect(); }'
    )
    assert (conn.mode, conn.decision) == (TlsMode.DISABLED, Decision.DEFAULT)
    assert conn.host == "db.internal" and not conn.loopback
    assert conn.location.line == 4 and conn.trust is None


def test_the_constructors_without_a_host_connect_to_localhost() -> None:
    two, three = binlog(
        'void f() { BinaryLogClient a = new BinaryLogClient("u", p);\n'
        'BinaryLogClient b = new BinaryLogClient("s", "u", p); a.connect(); b.connect(); }'
    )
    assert two.host == three.host == "localhost" and two.loopback and three.loopback


def test_a_field_holding_the_client_and_a_host_from_a_constant() -> None:
    (conn,) = binlog(
        'static final String HOST = "replica.internal"; BinaryLogClient client;\n'
        'void f() { client = new BinaryLogClient(HOST, 3306, "shop", "u", p); }\n'
        "void g() throws Exception { this.client.connect(5000); }"
    )
    assert (conn.mode, conn.host) == (TlsMode.DISABLED, "replica.internal")


def test_an_unknown_host_stays_unknown() -> None:
    (conn,) = binlog(
        'void f() { var c = new BinaryLogClient(System.getenv("H"), 3306, "u", p); c.connect(); }'
    )
    assert conn.mode is TlsMode.DISABLED and conn.host is None


def test_a_mode_set_on_the_client_replaces_the_default_and_carries_its_host() -> None:
    (conn,) = binlog(
        'void f() { BinaryLogClient c = new BinaryLogClient("db.internal", 3306, "u", p);\n'
        "c.setSSLMode(SSLMode.VERIFY_IDENTITY); }"
    )
    assert (conn.mode, conn.decision, conn.host) == (
        TlsMode.VERIFY_IDENTITY,
        Decision.EXPLICIT,
        "db.internal",
    )


def test_one_client_set_another_not() -> None:
    modes = binlog(
        'void f() { BinaryLogClient a = new BinaryLogClient("a", 3306, "u", p);\n'
        "a.setSSLMode(SSLMode.REQUIRED);\n"
        'BinaryLogClient b = new BinaryLogClient("b", 3306, "u", p); a.connect(); b.connect(); }'
    )
    assert sorted((c.host, c.mode, c.decision) for c in modes) == [
        ("a", TlsMode.REQUIRED, Decision.EXPLICIT),
        ("b", TlsMode.DISABLED, Decision.DEFAULT),
    ]


def test_a_mode_set_on_a_client_made_elsewhere_hides_the_defaults() -> None:
    modes = binlog(
        'void f() { BinaryLogClient c = new BinaryLogClient("db", 3306, "u", p); secure(c); c.connect(); }\n'
        "void secure(BinaryLogClient x) { x.setSSLMode(SSLMode.VERIFY_CA); }"
    )
    assert [(c.mode, c.decision) for c in modes] == [(TlsMode.VERIFY_CA, Decision.EXPLICIT)]


def test_a_client_not_held_here_is_not_reported() -> None:
    assert binlog('BinaryLogClient make() { return new BinaryLogClient("db", 3306, "u", p); }') == []
    assert binlog('void f() { run(new BinaryLogClient("db", 3306, "u", p)); }') == []


def test_an_anonymous_subclass_is_not_reported() -> None:
    assert (
        binlog('void f() { BinaryLogClient c = new BinaryLogClient("db", 3306, "u", p) { }; c.connect(); }')
        == []
    )


def test_another_library_of_the_same_name_is_not_read() -> None:
    header = "import org.example.BinaryLogClient;\n"
    assert (
        binlog(
            'void f() { BinaryLogClient c = new BinaryLogClient("db", 3306, "u", p); c.connect(); }', header
        )
        == []
    )


def test_a_client_handed_on_is_not_reported() -> None:
    made = 'BinaryLogClient c = new BinaryLogClient("db", 3306, "u", p);'
    assert binlog("void f() { " + made + " new Streaming(config, c); }") == []
    assert binlog("BinaryLogClient f() { " + made + " return c; }") == []
    assert binlog("BinaryLogClient kept; void f() { " + made + " kept = c; }") == []
    field = 'BinaryLogClient kept; void f() { kept = new BinaryLogClient("db", 3306, "u", p);'
    assert binlog(field + " register(this.kept); }") == []
    (held,) = binlog(field + " kept.connect(); }")
    assert held.mode is TlsMode.DISABLED
    (conn,) = binlog("void f() { " + made + ' c.setServerId(1); log("c"); c.connect(); }')
    assert conn.mode is TlsMode.DISABLED


def test_a_client_never_connected_makes_no_connection() -> None:
    assert (
        binlog('void f() { BinaryLogClient c = new BinaryLogClient("db", 3306, "u", p); c.setServerId(1); }')
        == []
    )
