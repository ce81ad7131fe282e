"""Python driver semantics: one test per fact of shared/knowledge/python-drivers.md.

Each case is real Python source run through the front-end, so the tests read
like the code users write; the assertions are about clients.python_drivers.
"""

from __future__ import annotations

from connlint.clients import python_drivers
from connlint.frontends import python
from connlint.model import (
    Assumptions,
    Connection,
    Decision,
    DriverVersion,
    FactKind,
    Location,
    Secret,
    Span,
    TlsMode,
    TrustKind,
)

IMPORTS = (
    "import os, ssl, pymysql, MySQLdb, aiomysql, asyncmy, mariadb\n"
    "import mysql.connector\nimport sqlalchemy\n"
)


def conn(body: str, **versions: str) -> Connection:
    """The one connection of ``body`` (preceded by the imports, so line 4 is its first line)."""
    (candidate,) = python.extract("x.py", IMPORTS + body).candidates
    assumptions = Assumptions({k.replace("_", "-"): DriverVersion(v) for k, v in versions.items()})
    (connection,) = python_drivers.resolve(candidate, assumptions).connections
    return connection


def mode(body: str, **versions: str) -> TlsMode:
    return conn(body, **versions).mode


def facts(body: str, kind: FactKind) -> list[tuple[str, object]]:
    return [(f.key, f.value) for f in conn(body).facts if f.kind is kind]


def at(body: str) -> tuple[int, int, str]:
    c = conn(body)
    return c.decided_at.line, c.decided_at.column, c.decided_by


# ----------------------------------------------------------------- §1 PyMySQL


def test_pymysql_default_depends_on_the_version() -> None:
    body = "pymysql.connect(host='db')\n"
    assert mode(body, pymysql="1.1.1") is TlsMode.DISABLED
    assert mode(body, pymysql="1.2.0") is TlsMode.PREFERRED
    c = conn(body)
    assert c.mode is TlsMode.DISABLED and c.decision is Decision.DEFAULT
    assert {o.mode for o in c.outcomes} == {TlsMode.DISABLED, TlsMode.PREFERRED}
    assert c.decided_at == c.location


def test_pymysql_ssl_disabled() -> None:
    assert mode("pymysql.connect(ssl_disabled=True, ssl={'ca': '/ca.pem'})\n") is TlsMode.DISABLED
    assert at("pymysql.connect(host='db', ssl_disabled=True)\n") == (4, 28, "ssl_disabled=True")


def test_pymysql_ssl_ca_keyword_alone_does_not_verify() -> None:
    c = conn("pymysql.connect(ssl_ca='/ca.pem')\n")
    assert (c.mode, c.decision, c.decided_by) == (TlsMode.REQUIRED, Decision.IMPLIED, "ssl_ca='/ca.pem'")


def test_pymysql_ssl_ca_with_verify_cert_is_verify_ca_against_that_file() -> None:
    c = conn("pymysql.connect(ssl_ca='/ca.pem', ssl_verify_cert=True)\n")
    assert (c.mode, c.decided_by) == (TlsMode.VERIFY_CA, "ssl_verify_cert=True")
    assert c.trust is not None and (c.trust.kind, c.trust.path) == (TrustKind.CA_FILE, "/ca.pem")


def test_pymysql_all_three_keywords_verify_identity() -> None:
    body = "pymysql.connect(ssl_ca='/ca.pem', ssl_verify_cert=True, ssl_verify_identity=True)\n"
    assert (mode(body), at(body)[2]) == (TlsMode.VERIFY_IDENTITY, "ssl_verify_identity=True")


def test_pymysql_verify_identity_with_ca_but_no_verify_cert_raises() -> None:
    c = conn("pymysql.connect(ssl_ca='/ca.pem', ssl_verify_identity=True)\n")
    assert c.mode is TlsMode.UNKNOWN
    assert any(f.kind is FactKind.INEFFECTIVE and "ValueError" in f.detail for f in c.facts)


def test_pymysql_verify_identity_without_ca_verifies_nothing() -> None:
    assert mode("pymysql.connect(ssl_verify_identity=True)\n") is TlsMode.REQUIRED


def test_pymysql_verify_cert_without_ca_uses_system_cas() -> None:
    c = conn("pymysql.connect(ssl_verify_cert=True)\n")
    assert c.mode is TlsMode.VERIFY_CA and c.trust is not None and c.trust.kind is TrustKind.SYSTEM_DEFAULT


def test_pymysql_ssl_dict_with_ca_verifies_identity() -> None:
    c = conn("pymysql.connect(host='db', ssl={'ca': '/ca.pem'})\n")
    assert (c.mode, c.decision) == (TlsMode.VERIFY_IDENTITY, Decision.IMPLIED)
    assert at("pymysql.connect(host='db', ssl={'ca': '/ca.pem'})\n") == (4, 33, "'ca': '/ca.pem'")
    assert c.trust is not None and c.trust.path == "/ca.pem"


def test_pymysql_ssl_dict_check_hostname_false_is_verify_ca() -> None:
    body = "pymysql.connect(ssl={'ca': '/ca.pem', 'check_hostname': False})\n"
    assert (mode(body), at(body)[2]) == (TlsMode.VERIFY_CA, "'check_hostname': False")


def test_pymysql_ssl_dict_verify_mode_off() -> None:
    off = "pymysql.connect(ssl={'ca': '/ca.pem', 'check_hostname': False, 'verify_mode': 'none'})\n"
    assert mode(off) is TlsMode.REQUIRED
    assert mode(
        "pymysql.connect(ssl={'ca': '/ca.pem', 'check_hostname': False, 'verify_mode': False})\n"
    ) is (TlsMode.REQUIRED)
    # check_hostname still True with CERT_NONE: ValueError at connect
    assert mode("pymysql.connect(ssl={'ca': '/ca.pem', 'verify_mode': 'no'})\n") is TlsMode.UNKNOWN


def test_pymysql_ssl_dict_without_ca_verifies_nothing() -> None:
    assert mode("pymysql.connect(ssl={'cert': '/c.pem', 'key': '/k.pem'})\n") is TlsMode.REQUIRED


def test_pymysql_empty_ssl_dict_is_the_default() -> None:
    c = conn("pymysql.connect(ssl={})\n", pymysql="1.1.0")
    assert (c.mode, c.decision) == (TlsMode.DISABLED, Decision.DEFAULT)


def test_pymysql_keywords_replace_the_ssl_dict() -> None:
    assert mode("pymysql.connect(ssl={'ca': '/ca.pem'}, ssl_ca='/ca.pem')\n") is TlsMode.REQUIRED


def test_pymysql_ssl_context_is_used_as_is() -> None:
    assert (
        mode("pymysql.connect(ssl=ssl.create_default_context(cafile='/ca.pem'))\n") is TlsMode.VERIFY_IDENTITY
    )


def test_pymysql_has_no_ssl_mode_keyword() -> None:
    c = conn("pymysql.connect(ssl_mode='VERIFY_IDENTITY')\n")
    assert c.mode is TlsMode.UNKNOWN
    assert [f.key for f in c.facts if f.kind is FactKind.INEFFECTIVE] == ["ssl_mode"]


def test_pymysql_unknown_values_stay_unknown() -> None:
    assert mode("pymysql.connect(ssl_verify_cert=os.environ['V'])\n") is TlsMode.UNKNOWN
    assert mode("def f(cfg):\n    return pymysql.connect(**cfg)\n") is TlsMode.UNKNOWN
    assert mode("pymysql.connect(read_default_file='~/.my.cnf')\n") is TlsMode.UNKNOWN
    # a CA path from the environment is still a CA: the dict path verifies
    c = conn("pymysql.connect(ssl={'ca': os.environ['CA']})\n")
    assert c.mode is TlsMode.VERIFY_IDENTITY and c.trust is not None and c.trust.path is None
    assert c.facts == ()


# ----------------------------------------------------------------- §2 mysqlclient


def test_mysqlclient_ssl_mode_exact_values() -> None:
    for value, expected in [
        ("DISABLED", TlsMode.DISABLED),
        ("PREFERRED", TlsMode.PREFERRED),
        ("REQUIRED", TlsMode.REQUIRED),
        ("VERIFY_CA", TlsMode.VERIFY_CA),
        ("VERIFY_IDENTITY", TlsMode.VERIFY_IDENTITY),
    ]:
        c = conn(f"MySQLdb.connect(ssl_mode='{value}')\n")
        assert (c.mode, c.decision) == (expected, Decision.EXPLICIT), value


def test_mysqlclient_ssl_mode_is_case_sensitive() -> None:
    c = conn("MySQLdb.connect(ssl_mode='verify_identity')\n")
    assert c.mode is TlsMode.UNKNOWN
    (fact,) = [f for f in c.facts if f.kind is FactKind.INEFFECTIVE]
    assert (
        fact.key == "ssl_mode" and "`VERIFY_IDENTITY`" in fact.detail and "NotSupportedError" in fact.detail
    )
    (fact,) = [
        f for f in conn("MySQLdb.connect(ssl_mode='strict')\n").facts if f.kind is FactKind.INEFFECTIVE
    ]
    assert "one of DISABLED" in fact.detail


def test_mysqlclient_ssl_true_and_false() -> None:
    assert mode("MySQLdb.connect(ssl=True)\n") is TlsMode.REQUIRED
    assert mode("MySQLdb.connect(ssl=False)\n") is TlsMode.DISABLED


def test_mysqlclient_ssl_dict_with_ca_verifies_the_chain() -> None:
    c = conn("MySQLdb.connect(ssl={'ca': '/ca.pem'})\n")
    assert (c.mode, c.decision) == (TlsMode.VERIFY_CA, Decision.IMPLIED)


def test_mysqlclient_ignores_check_hostname_in_the_dict() -> None:
    c = conn("MySQLdb.connect(ssl={'ca': '/ca.pem', 'check_hostname': True})\n")
    assert c.mode is TlsMode.VERIFY_CA
    assert [f.key for f in c.facts if f.kind is FactKind.INEFFECTIVE] == ["ssl.check_hostname"]


def test_mysqlclient_explicit_mode_wins_over_the_dict() -> None:
    c = conn("MySQLdb.connect(ssl_mode='VERIFY_IDENTITY', ssl={'ca': '/ca.pem'})\n")
    assert c.mode is TlsMode.VERIFY_IDENTITY and c.trust is not None and c.trust.path == "/ca.pem"


def test_mysqlclient_default_is_the_library_default() -> None:
    c = conn("MySQLdb.connect(host='db')\n")
    assert (c.mode, c.decision) == (TlsMode.PREFERRED, Decision.DEFAULT)


# ----------------------------------------------------------------- §3 mysql-connector-python


def test_connector_default_is_preferred() -> None:
    c = conn("mysql.connector.connect(host='db')\n")
    assert (c.mode, c.decision, c.client) == (TlsMode.PREFERRED, Decision.DEFAULT, "mysql-connector-python")


def test_connector_ssl_disabled() -> None:
    assert mode("mysql.connector.connect(ssl_disabled=True, ssl_verify_cert=True)\n") is TlsMode.DISABLED


def test_connector_never_verifies_without_a_flag_and_drops_the_ca() -> None:
    c = conn("mysql.connector.connect(ssl_ca='/ca.pem')\n")
    assert (c.mode, c.decision) == (TlsMode.PREFERRED, Decision.IMPLIED)
    (fact,) = [f for f in c.facts if f.kind is FactKind.INEFFECTIVE]
    assert "C extension" in fact.detail
    (fact,) = [
        f
        for f in conn("mysql.connector.connect(ssl_ca='/c', use_pure=True)\n").facts
        if f.kind is FactKind.INEFFECTIVE
    ]
    assert "pure Python" in fact.detail


def test_connector_verify_flags() -> None:
    c = conn("mysql.connector.connect(ssl_ca='/ca.pem', ssl_verify_cert=True)\n")
    assert c.mode is TlsMode.VERIFY_CA and c.trust is not None and c.trust.path == "/ca.pem"
    assert mode("mysql.connector.connect(ssl_verify_identity=True)\n") is TlsMode.VERIFY_IDENTITY
    both = "mysql.connector.connect(ssl_verify_cert=True, ssl_verify_identity=True)\n"
    assert mode(both) is TlsMode.VERIFY_IDENTITY
    c = conn("mysql.connector.connect(ssl_verify_cert=True)\n")
    assert c.trust is not None and c.trust.kind is TrustKind.SYSTEM_DEFAULT


def test_connector_weak_tls_versions() -> None:
    body = "mysql.connector.connect(tls_versions=['TLSv1', 'TLSv1.1', 'TLSv1.2'])\n"
    (fact,) = [f for f in conn(body).facts if f.kind is FactKind.WEAK_PROTOCOL]
    assert (fact.key, fact.detail) == ("tls_versions", "TLSv1, TLSv1.1")
    assert (
        facts("mysql.connector.connect(tls_versions=['TLSv1.2', 'TLSv1.3'])\n", FactKind.WEAK_PROTOCOL) == []
    )


def test_connector_pooling_has_the_same_semantics() -> None:
    body = (
        "from mysql.connector import pooling\npooling.MySQLConnectionPool(pool_name='p', ssl_disabled=True)\n"
    )
    assert mode(body) is TlsMode.DISABLED


# ----------------------------------------------------------------- §4 aiomysql / asyncmy


def test_aiomysql_without_context_is_plaintext() -> None:
    c = conn("aiomysql.connect(host='db')\n")
    assert (c.mode, c.decision, c.client) == (TlsMode.DISABLED, Decision.DEFAULT, "aiomysql")


def test_aiomysql_default_context_verifies_identity_against_system_cas() -> None:
    c = conn("aiomysql.connect(ssl=ssl.create_default_context())\n")
    assert (
        c.mode is TlsMode.VERIFY_IDENTITY and c.trust is not None and c.trust.kind is TrustKind.SYSTEM_DEFAULT
    )
    c = conn("aiomysql.connect(ssl=ssl.create_default_context(cafile='/ca.pem'))\n")
    assert c.trust is not None and (c.trust.kind, c.trust.path) == (TrustKind.CA_FILE, "/ca.pem")


def test_aiomysql_ssl_true_is_asyncios_default_context() -> None:
    # asyncio's open_connection(ssl=True) makes ssl.create_default_context().
    c = conn("aiomysql.connect(host='db', ssl=True)\n")
    assert c.mode is TlsMode.VERIFY_IDENTITY and c.trust is not None
    assert c.trust.kind is TrustKind.SYSTEM_DEFAULT
    # The string "True" is no bool: still not a context.
    assert conn("aiomysql.connect(host='db', ssl='True')\n").mode is TlsMode.UNKNOWN


def test_context_check_hostname_false_and_cert_none() -> None:
    body = "ctx = ssl.create_default_context()\nctx.check_hostname = False\n{}aiomysql.connect(ssl=ctx)\n"
    assert mode(body.format("")) is TlsMode.VERIFY_CA
    assert at(body.format("")) == (5, 1, "ctx.check_hostname = False")
    c = conn(body.format("ctx.verify_mode = ssl.CERT_NONE\n"))
    assert (c.mode, c.decided_at.line) == (TlsMode.REQUIRED, 6)
    assert mode(body.format("ctx.verify_mode = ssl.CERT_REQUIRED\n")) is TlsMode.VERIFY_CA


def test_context_cert_none_while_check_hostname_raises() -> None:
    c = conn(
        "ctx = ssl.create_default_context()\nctx.verify_mode = ssl.CERT_NONE\naiomysql.connect(ssl=ctx)\n"
    )
    assert c.mode is TlsMode.UNKNOWN and any("ValueError" in f.detail for f in c.facts)


def test_context_check_hostname_true_turns_verification_on() -> None:
    body = "ctx = ssl.SSLContext(ssl.PROTOCOL_TLS)\nctx.check_hostname = True\naiomysql.connect(ssl=ctx)\n"
    assert mode(body) is TlsMode.VERIFY_IDENTITY


def test_context_constructors() -> None:
    assert mode("aiomysql.connect(ssl=ssl._create_unverified_context())\n") is TlsMode.REQUIRED
    assert mode("aiomysql.connect(ssl=ssl.SSLContext())\n") is TlsMode.REQUIRED
    assert mode("aiomysql.connect(ssl=ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))\n") is TlsMode.VERIFY_IDENTITY
    c = conn(
        "c = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\n"
        "c.load_verify_locations('/ca.pem')\naiomysql.connect(ssl=c)\n"
    )
    assert c.trust is not None and c.trust.path == "/ca.pem"
    anchors = [(f.key, f.value) for f in c.facts if f.kind is FactKind.TRUST_ANCHOR]
    assert ("ssl.context.cafile", "/ca.pem") in anchors


def test_context_weak_protocols() -> None:
    (fact,) = [
        f
        for f in conn("aiomysql.connect(ssl=ssl.SSLContext(ssl.PROTOCOL_TLSv1))\n").facts
        if f.kind is FactKind.WEAK_PROTOCOL
    ]
    assert fact.detail == "TLSv1"
    body = "c = ssl.create_default_context()\nc.minimum_version = ssl.TLSVersion.TLSv1_1\n"
    body += "aiomysql.connect(ssl=c)\n"
    (fact,) = [f for f in conn(body).facts if f.kind is FactKind.WEAK_PROTOCOL]
    assert (fact.detail, fact.location.line) == ("TLSv1.1", 5)
    ok = body.replace("TLSv1_1", "TLSv1_2")
    assert facts(ok, FactKind.WEAK_PROTOCOL) == []


def test_aiomysql_rejects_a_dict() -> None:
    c = conn("aiomysql.connect(ssl={'ca': '/ca.pem'})\n")
    assert c.mode is TlsMode.UNKNOWN and any("SSLContext" in f.detail for f in c.facts)


def test_asyncmy_takes_the_pymysql_dict_or_a_context() -> None:
    assert mode("asyncmy.connect(ssl={'ca': '/ca.pem'})\n") is TlsMode.VERIFY_IDENTITY
    assert mode("asyncmy.connect(ssl={'ca': '/ca.pem', 'check_hostname': False})\n") is TlsMode.VERIFY_CA
    assert mode("asyncmy.create_pool(ssl=ssl.create_default_context())\n") is TlsMode.VERIFY_IDENTITY
    assert mode("asyncmy.connect(host='db')\n") is TlsMode.DISABLED


def test_asyncmy_ssl_true_never_starts_tls() -> None:
    # Issue 16, item 3: connection.pyx sets CLIENT_SSL for any truthy ssl, but
    # _create_ssl_ctx(True) is None: no TLS, the connect fails (no TypeError).
    c = conn("asyncmy.connect(host='db', ssl=True)\n")
    (fact,) = [f for f in c.facts if f.kind is FactKind.INEFFECTIVE]
    assert c.mode is TlsMode.UNKNOWN and "never starts it" in fact.detail
    assert mode("asyncmy.connect(host='db', ssl=False)\n") is TlsMode.DISABLED
    # PyMySQL raises at once (sslp.get of a bool).
    (fact,) = [
        f for f in conn("pymysql.connect(host='db', ssl=True)\n").facts if f.kind is FactKind.INEFFECTIVE
    ]
    assert fact.detail.endswith("fails at connect")


# ----------------------------------------------------------------- §5 SQLAlchemy


def test_sqlalchemy_pymysql_url_ssl_ca_takes_the_dict_path() -> None:
    c = conn("sqlalchemy.create_engine('mysql+pymysql://app@db/x?ssl_ca=/ca.pem')\n")
    assert (c.mode, c.client, c.decided_by) == (TlsMode.VERIFY_IDENTITY, "PyMySQL", "ssl_ca=/ca.pem")
    assert (c.decided_at.line, c.decided_at.column, c.decided_at.end_column) == (4, 52, 66)
    assert facts(
        "sqlalchemy.create_engine('mysql+pymysql://db/x?ssl_ca=/ca.pem')\n", FactKind.TRUST_ANCHOR
    ) == [("ssl_ca", "/ca.pem")]


def test_sqlalchemy_ssl_check_hostname_false_is_verify_ca() -> None:
    body = "sqlalchemy.create_engine('mysql+pymysql://db/x?ssl_ca=/ca.pem&ssl_check_hostname=false')\n"
    assert (mode(body), at(body)[2]) == (TlsMode.VERIFY_CA, "ssl_check_hostname=false")


def test_sqlalchemy_mysqldb_url_is_routed_to_mysqlclient() -> None:
    c = conn("sqlalchemy.create_engine('mysql://db/x?ssl_mode=VERIFY_IDENTITY&ssl_ca=/ca.pem')\n")
    assert (c.mode, c.client) == (TlsMode.VERIFY_IDENTITY, "mysqlclient")


def test_sqlalchemy_mysqlconnector_strings_are_truthy_except_ssl_verify_cert() -> None:
    assert mode("sqlalchemy.create_engine('mysql+mysqlconnector://db/x?ssl_disabled=false')\n") is (
        TlsMode.DISABLED
    )
    assert mode("sqlalchemy.create_engine('mysql+mysqlconnector://db/x?ssl_verify_cert=false')\n") is (
        TlsMode.PREFERRED
    )
    assert mode("sqlalchemy.create_engine('mysql+mysqlconnector://db/x?ssl_verify_cert=true')\n") is (
        TlsMode.VERIFY_CA
    )


def test_sqlalchemy_connect_args_override_the_url() -> None:
    url = "'mysql+pymysql://db/x?ssl_ca=/a.pem'"
    body = f"sqlalchemy.create_engine({url}, connect_args={{'ssl_disabled': True}})\n"
    assert mode(body) is TlsMode.DISABLED
    body = f"sqlalchemy.create_engine({url}, connect_args={{'ssl': {{'cert': '/c'}}}})\n"
    assert mode(body) is TlsMode.REQUIRED


def test_sqlalchemy_url_password_host_and_loopback() -> None:
    c = conn("sqlalchemy.create_engine('mysql+pymysql://app:s3cret@db.example.com:3306/x')\n")
    (fact,) = [f for f in c.facts if f.kind is FactKind.CREDENTIAL]
    assert fact.value == Secret("s3cret") and (fact.location.column, fact.location.end_column) == (47, 53)
    assert (c.host, c.loopback) == ("db.example.com", False)
    assert conn("sqlalchemy.create_engine('mysql+pymysql://app@127.0.0.1/x')\n").loopback
    templated = "sqlalchemy.create_engine('mysql+pymysql://app:<password>@db/x')\n"
    assert facts(templated, FactKind.CREDENTIAL) == []


def test_sqlalchemy_url_passwords_with_a_brace_or_a_dollar_are_literal() -> None:
    # A lone ``{`` or ``$`` is part of the password; ``{x}``, ``${X}``, ``$X``, ``%s`` fill one in.
    for password in ("ANo9Eju{_&4-.V+8Z%OP", "pa$", "a}b{c"):
        url = f"sqlalchemy.create_engine('mysql+pymysql://app:{password}@db/x')\n"
        assert [f.value for f in conn(url).facts if f.kind is FactKind.CREDENTIAL] == [Secret(password)]
    for templated in ("{}", "{pw}", "{{ pw }}", "${PW}", "$PW", "%s", "%(pw)s", "x<pw>"):
        url = f"sqlalchemy.create_engine('mysql+pymysql://app:{templated}@db/x')\n"
        assert facts(url, FactKind.CREDENTIAL) == [], templated


def test_sqlalchemy_url_create() -> None:
    body = (
        "u = sqlalchemy.URL.create('mysql+pymysql', host='db', password='pw', "
        "query={'ssl_ca': '/ca.pem', 'ssl_check_hostname': 'false'})\n"
        "sqlalchemy.create_engine(u)\n"
    )
    c = conn(body)
    assert (c.mode, c.host) == (TlsMode.VERIFY_CA, "db")
    assert [f.key for f in c.facts if f.kind is FactKind.CREDENTIAL] == ["password"]


def test_sqlalchemy_unknown_url_with_tls_connect_args() -> None:
    c = conn("sqlalchemy.create_engine(os.environ['DB_URL'], connect_args={'ssl': {'ca': '/ca.pem'}})\n")
    assert c.mode is TlsMode.UNKNOWN
    assert [f.value for f in c.facts if f.kind is FactKind.TRUST_ANCHOR] == ["/ca.pem"]


def test_parse_sqlalchemy_url_locates_query_parameters() -> None:
    span = Span.at("mysql+pymysql://u:p%40ss@[::1]:3306/db?ssl_ca=%2Fca.pem&charset=utf8", "x.py", 3, 10)
    url = python_drivers.parse_sqlalchemy_url(span)
    assert url is not None and url.driver == "pymysql" and url.host == "::1"
    assert url.password is not None and url.password.text == "p%40ss"
    (ca, charset) = url.query
    assert (ca.key, ca.value) == ("ssl_ca", "/ca.pem")
    assert ca.location == Location("x.py", 3, 49, 3, 65)
    assert charset.value == "utf8"
    assert python_drivers.parse_sqlalchemy_url(Span.at("postgresql://db/x", "x.py", 1, 1)) is None


def test_dialect_driver() -> None:
    assert python_drivers.dialect_driver("mysql://db") == "MySQLdb"
    assert python_drivers.dialect_driver("MySQL+PyMySQL://db") == "pymysql"
    assert python_drivers.dialect_driver("mariadb+mariadbconnector://db") == "mariadb"
    assert python_drivers.dialect_driver("sqlite:///x") is None


# ----------------------------------------------------------------- §6 Django


def test_django_options_are_mysqlclient_keywords() -> None:
    body = (
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.mysql', 'HOST': 'db.example.com',\n"
        "    'PASSWORD': 'pw', 'OPTIONS': {'ssl': {'ca': '/ca.pem'}, 'ssl_mode': 'VERIFY_IDENTITY'}}}\n"
    )
    c = conn(body)
    assert (c.mode, c.client, c.host, c.loopback) == (
        TlsMode.VERIFY_IDENTITY,
        "mysqlclient",
        "db.example.com",
        False,
    )
    assert [f.key for f in c.facts if f.kind is FactKind.CREDENTIAL] == ["password"]


def test_django_read_default_file_is_unknown() -> None:
    body = (
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.mysql',\n"
        "    'OPTIONS': {'read_default_file': '/m.cnf'}}}\n"
    )
    c = conn(body)
    assert c.mode is TlsMode.UNKNOWN and c.unknown is not None and "/m.cnf" in c.unknown


# ----------------------------------------------------------------- shared facts


def test_password_literals_are_credentials_and_redacted() -> None:
    c = conn("mysql.connector.connect(password='hunter2')\n")
    (fact,) = [f for f in c.facts if f.kind is FactKind.CREDENTIAL]
    assert fact.value == Secret("hunter2") and "hunter2" not in repr(c)
    assert facts("mysql.connector.connect(password=os.environ['PW'])\n", FactKind.CREDENTIAL) == []
    assert facts("mysql.connector.connect(password='')\n", FactKind.CREDENTIAL) == []
    assert facts("MySQLdb.connect(passwd='pw')\n", FactKind.CREDENTIAL) == [("passwd", Secret("pw"))]


def test_trust_anchor_paths() -> None:
    assert facts("pymysql.connect(ssl={'ca': '/etc/rds-ca-2019-root.pem'})\n", FactKind.TRUST_ANCHOR) == [
        ("ssl.ca", "/etc/rds-ca-2019-root.pem")
    ]
    assert facts("mysql.connector.connect(ssl_ca=f'{BASE}/global-bundle.pem')\n", FactKind.TRUST_ANCHOR) == [
        ("ssl_ca", "{…}/global-bundle.pem")
    ]
    assert facts("mysql.connector.connect(ssl_ca=f'/certs/{name}')\n", FactKind.TRUST_ANCHOR) == []


def test_hosts_and_loopback() -> None:
    assert (conn("pymysql.connect(host='db.example.com')\n").loopback) is False
    assert conn("pymysql.connect(host='127.0.0.1')\n").loopback
    c = conn("pymysql.connect(user='app')\n")
    assert (c.host, c.loopback) == ("localhost", True)
    assert conn("mysql.connector.connect(user='app')\n").host == "127.0.0.1"
    assert conn("MySQLdb.connect(unix_socket='/run/mysqld.sock')\n").loopback
    c = conn("pymysql.connect(host=os.environ['DB_HOST'])\n")
    assert (c.host, c.loopback) == (None, False)


def test_driver_ids_and_versions_for_assumptions() -> None:
    c = conn("mysql.connector.connect()\n", mysql_connector_python="8.3.0")
    assert (c.driver, c.version) == ("mysql-connector-python", "8.3.0")
    assert conn("MySQLdb.connect()\n").driver == "mysqlclient"


def test_mariadb_connector_python_is_not_analysed() -> None:
    c = conn("mariadb.connect(host='db', ssl_ca='/ca.pem', password='pw')\n")
    assert (c.mode, c.client) == (TlsMode.UNKNOWN, "MariaDB Connector/Python")
    assert {f.kind for f in c.facts} == {FactKind.TRUST_ANCHOR, FactKind.CREDENTIAL}


def test_pymysql_a_none_ca_names_no_trust_anchor() -> None:
    # ssl={"ca": None}: hasnoca in _create_ssl_ctx, so TLS without verification; None is no file.
    c = conn("pymysql.connect(host='db', ssl={'ca': None})\n")
    assert (c.mode, c.decision) == (TlsMode.REQUIRED, Decision.EXPLICIT)
    assert not [f for f in c.facts if f.kind is FactKind.TRUST_ANCHOR]


def test_pymysql_a_none_ca_from_a_loop_is_the_system_store_not_a_file() -> None:
    body = "for ca in ('/ca.pem', None):\n    pymysql.connect(ssl_ca=ca, ssl_verify_cert=True)\n"
    (cand_file, cand_none) = python.extract("x.py", IMPORTS + body).candidates
    assumptions = Assumptions({})
    with_file = python_drivers.resolve(cand_file, assumptions).connections[0]
    with_none = python_drivers.resolve(cand_none, assumptions).connections[0]
    anchors = [f.value for f in with_none.facts if f.kind is FactKind.TRUST_ANCHOR]
    assert anchors == []
    assert with_none.trust is not None and with_none.trust.kind is TrustKind.SYSTEM_DEFAULT
    assert [f.value for f in with_file.facts if f.kind is FactKind.TRUST_ANCHOR] == ["/ca.pem"]


# ----------------------------------------------------------------- X DevAPI (mysqlx)


def xconn(body: str) -> Connection:
    (candidate,) = python.extract("x.py", "import mysqlx\n" + body).candidates
    (connection,) = python_drivers.resolve(candidate, Assumptions({})).connections
    return connection


def test_mysqlx_defaults_to_required() -> None:
    c = xconn("mysqlx.get_session(host='db.example.com', user='app')\n")
    assert (c.mode, c.decision, c.client) == (TlsMode.REQUIRED, Decision.DEFAULT, "MySQL X DevAPI for Python")


def test_mysqlx_uri_options_are_read_in_place() -> None:
    c = xconn(
        "mysqlx.get_session('mysqlx://app:pw@db.example.com:33060?SSL_MODE=Verify_CA&ssl-ca=%2Fetc%2Fca.pem')\n"
    )
    assert (c.mode, c.host, c.decided_by) == (TlsMode.VERIFY_CA, "db.example.com", "ssl_mode=Verify_CA")
    assert c.trust is not None and (c.trust.kind, c.trust.path) == (TrustKind.CA_FILE, "/etc/ca.pem")
    assert (c.decided_at.line, c.decided_at.column) == (2, 58)  # on `SSL_MODE=` in the URI
    assert {f.kind for f in c.facts} >= {FactKind.TRUST_ANCHOR, FactKind.CREDENTIAL}


def test_mysqlx_dict_and_parenthesised_path() -> None:
    c = xconn(
        "mysqlx.get_client({'host': 'db.example.com', 'ssl-mode': 'verify_identity',"
        " 'ssl-ca': '/ca.pem'}, {})\n"
    )
    assert c.mode is TlsMode.VERIFY_IDENTITY
    c = xconn("mysqlx.get_session('mysqlx://a:b@db?ssl-mode=verify_identity&ssl-ca=(/etc/ssl/ca.pem)')\n")
    assert c.trust is not None and c.trust.path == "/etc/ssl/ca.pem"


def test_mysqlx_rejected_configurations_are_unknown_with_a_reason() -> None:
    for body in (
        "mysqlx.get_session(host='db', ssl_ca='/ca.pem')\n",  # CA without a verifying mode
        "mysqlx.get_session(host='db', ssl_ca='/ca.pem', ssl_mode='required')\n",
        "mysqlx.get_session(host='db', ssl_mode='preferred')\n",  # no PREFERRED in X DevAPI
        "mysqlx.get_session(host='db', ssl_mode='verify_ca')\n",  # verification without a CA
    ):
        c = xconn(body)
        assert c.mode is TlsMode.UNKNOWN and c.unknown == "InterfaceError at connect", body
        assert FactKind.INEFFECTIVE in {f.kind for f in c.facts}


def test_mysqlx_first_argument_wins_over_keywords_and_sslmode_constants() -> None:
    assert xconn("mysqlx.get_session({'host': 'db'}, ssl_mode='disabled')\n").mode is TlsMode.REQUIRED
    assert xconn("mysqlx.get_session(host='db', ssl_mode=mysqlx.SSLMode.DISABLED)\n").mode is TlsMode.DISABLED
    assert xconn("mysqlx.get_session(host='db', ssl_mode=os.environ['M'])\n").mode is TlsMode.UNKNOWN


def test_mysqlx_uri_with_options_filled_in_at_run_time_is_unknown() -> None:
    for uri in ("f'mysqlx://a:b@db?{query}'", "f'mysqlx://a:b@db?x=1&{more}'", "f'a:b@{host}'"):
        assert xconn(f"mysqlx.get_session({uri})\n").mode is TlsMode.UNKNOWN, uri
    # A written ssl-mode stands: X DevAPI rejects a parameter given twice.
    assert xconn("mysqlx.get_session(f'mysqlx://a:b@db?ssl-mode=disabled&{more}')\n").mode is TlsMode.DISABLED
    assert xconn("mysqlx.get_session(f'mysqlx://a:b@{host}:33060/shop')\n").mode is TlsMode.REQUIRED
    assert xconn("mysqlx.get_session(f'mysqlx://a:b@db?ssl-mode={m}')\n").mode is TlsMode.UNKNOWN


def test_mysqlx_unix_socket_skips_tls() -> None:
    assert xconn("mysqlx.get_session('mysqlx://a:b@(/tmp/mysqlx.sock)')\n").mode is TlsMode.DISABLED
    assert xconn("mysqlx.get_session(f'mysqlx://a:b@({sock})')\n").mode is TlsMode.UNKNOWN
    assert xconn("mysqlx.get_session('mysqlx://a:b@(db.example.com)')\n").mode is TlsMode.REQUIRED


def test_mysqlclient_ssl_dict_with_keys_not_known_statically_is_unknown() -> None:
    # redash's query runner: ``ssl_params[cfg] = val`` may set a CA; not "TLS without verification".
    body = "params = {}\nfor cfg in KEYS:\n    params[cfg] = 1\nMySQLdb.connect(ssl=params)\n"
    assert mode(body) is TlsMode.UNKNOWN
    assert mode("MySQLdb.connect(ssl={'cert': '/c.pem', **EXTRA})\n") is TlsMode.UNKNOWN
    assert mode("MySQLdb.connect(ssl={'cert': '/c.pem'})\n") is TlsMode.PREFERRED


def test_pymysql_ssl_dict_keys_it_never_reads_are_ineffective() -> None:
    # PlanetScale's SQLAlchemy snippet: connect_args={"ssl": {"ssl_ca": ...}} with PyMySQL.
    c = conn("pymysql.connect(ssl={'ssl_ca': '/etc/ssl/cert.pem', 'check_hostname': False})\n")
    assert c.mode is TlsMode.REQUIRED  # the CA is ignored: no verification
    assert facts("pymysql.connect(ssl={'': True, '**': None})\n", FactKind.INEFFECTIVE) == []
    assert facts(
        "pymysql.connect(ssl={'ssl_ca': '/c.pem', 'ca': '/c.pem', 'verify_mode': True})\n",
        FactKind.INEFFECTIVE,
    ) == [("ssl.ssl_ca", "/c.pem")]
    assert (
        facts(
            "pymysql.connect(ssl={'ca': '/c.pem', 'cert': '/x', 'key': '/k', 'cipher': 'A'})\n",
            FactKind.INEFFECTIVE,
        )
        == []
    )


def test_mysqlclient_rejects_tls_keywords_it_does_not_take() -> None:
    c = conn("MySQLdb.connect(host='h', ssl_disabled=True)\n")
    assert c.mode is TlsMode.UNKNOWN
    assert facts("MySQLdb.connect(host='h', sslmode='require')\n", FactKind.INEFFECTIVE) == [
        ("sslmode", "require")
    ]
    assert (
        facts("MySQLdb.connect(ssl_mode='REQUIRED', connect_timeout=3, db='x')\n", FactKind.INEFFECTIVE) == []
    )
