from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connlint.clients.jdbc_url import (
    JdbcUrl,
    cannot_start_jdbc_url,
    is_placeholder,
    is_secret_key,
    looks_like_jdbc_url,
    parse_jdbc_url,
)
from connlint.clients.jdbc_url_format import format_jdbc_url
from connlint.model import DYNAMIC, Location, Piece, Secret, Span

DERANDOMIZED = settings(derandomize=True, database=None, max_examples=400, deadline=None)


def parse(text: str) -> JdbcUrl:
    url = parse_jdbc_url(Span.at(text, "A.java", 7, 20))
    assert url is not None, text
    return url


def props(text: str) -> dict[str, str | Secret | None]:
    return {p.key: p.value for p in parse(text).properties}


def located(text: str, needle: str) -> Location:
    """Where ``needle`` stands when ``text`` starts at line 7, column 20."""
    start = text.index(needle)
    return Location("A.java", 7, 20 + start, 7, 20 + start + len(needle))


@pytest.mark.parametrize(
    "text",
    [
        "jdbc:mysql://h/db",
        "jdbc:mysql:loadbalance://h1,h2/db",
        "jdbc:mysql:replication://h1,h2/db",
        "jdbc:mysql+srv://_mysql._tcp.example.com/db",
        "jdbc:mysql+srv:loadbalance://h/db",
        "jdbc:mysql+srv:replication://h/db",
        "mysqlx://h:33060/db",
        "mysqlx+srv://h/db",
        "jdbc:mariadb://h/db",
        "jdbc:mariadb:replication://h1,h2/db",
        "jdbc:mariadb:failover://h/db",
        "jdbc:mariadb:sequential://h/db",
        "jdbc:mariadb:loadbalance://h/db",
        "jdbc:mariadb:aurora://h/db",
        "JDBC:MySQL://h/db",
        "  jdbc:mysql://h",
        "jdbc:mysql://" + DYNAMIC,
        "jdbc:mysql:" + DYNAMIC,
    ],
)
def test_looks_like_jdbc_url(text: str) -> None:
    assert looks_like_jdbc_url(text)


@pytest.mark.parametrize(
    "text",
    [
        "jdbc:postgresql://h/db",
        "jdbc:mysql:",
        "jdbc:mysql:fabric://h",
        "jdbc:mariadb:galera://h",
        "mysql://h/db",
        "jdbc:mysqlx://h",
        "SELECT 'jdbc:mysql://h'",
        "",
    ],
)
def test_does_not_look_like_jdbc_url(text: str) -> None:
    assert not looks_like_jdbc_url(text)
    if not text.lstrip().lower().startswith(("jdbc:mysql:", "jdbc:mariadb:")):
        assert parse_jdbc_url(Span.at(text, "f", 1, 1)) is None


def test_scheme_family_ha_and_srv() -> None:
    url = parse("jdbc:mysql+srv:replication://h/db")
    assert (url.family, url.ha, url.srv) == ("mysql", "replication", True)
    url = parse("JDBC:MariaDB:Aurora://h/db")
    assert (url.scheme, url.family, url.ha, url.srv) == ("JDBC:MariaDB:Aurora:", "mariadb", "aurora", False)
    url = parse("mysqlx+srv://h")
    assert (url.family, url.srv) == ("mysqlx", True)
    assert parse("jdbc:mysql://h").family == "mysql"


def test_hosts_ports_and_database() -> None:
    url = parse("jdbc:mysql://h1:3306,h2/my%20db")
    assert [(h.host, h.port) for h in url.hosts] == [("h1", 3306), ("h2", None)]
    assert url.database == "my db"
    assert parse("jdbc:mysql://h").database is None
    assert parse("jdbc:mysql:///db").hosts == ()


def test_bracketed_host_list_and_ipv6() -> None:
    url = parse("jdbc:mysql:replication://[h1:3306,h2:3307]/db")
    assert [(h.host, h.port) for h in url.hosts] == [("h1", 3306), ("h2", 3307)]
    assert [(h.host, h.port) for h in parse("jdbc:mysql://[::1]:3306/db").hosts] == [("::1", 3306)]
    assert [(h.host, h.port) for h in parse("jdbc:mysql://[::1]/db").hosts] == [("::1", None)]
    assert [h.host for h in parse("jdbc:mysql://[::1],[fe80::1]:3/db").hosts] == ["::1", "fe80::1"]


def test_address_equals_host_form_with_properties() -> None:
    text = "jdbc:mysql://address=(host=db1)(port=3307)(sslMode=REQUIRED),address=(host=db2)/x"
    url = parse(text)
    first, second = url.hosts
    assert (first.host, first.port, second.host, second.port) == ("db1", 3307, "db2", None)
    (prop,) = first.properties
    assert (prop.key, prop.value, prop.text) == ("sslMode", "REQUIRED", "sslMode=REQUIRED")
    assert prop.location == located(text, "sslMode=REQUIRED")
    assert second.properties == ()


def test_key_value_host_form_with_properties() -> None:
    text = "jdbc:mysql://(host=db1,port=3307,sslMode=VERIFY_CA),(host=db2,sslMode=DISABLED)/x"
    first, second = parse(text).hosts
    assert (first.host, first.port) == ("db1", 3307)
    assert [(p.key, p.value) for p in first.properties] == [("sslMode", "VERIFY_CA")]
    assert first.properties[0].location == located(text, "sslMode=VERIFY_CA")
    assert [(p.key, p.value) for p in second.properties] == [("sslMode", "DISABLED")]


def test_userinfo_user_and_secret_password() -> None:
    text = "jdbc:mysql://app:p%40ss:w@rd@h/db"
    url = parse(text)
    assert url.user == "app"
    assert url.password == Secret("p@ss:w@rd")
    assert str(url.password) == "***"
    assert url.password_location == located(text, "p%40ss:w@rd")
    assert "p%40ss" not in url.redacted_text()
    assert url.redacted_text() == "jdbc:mysql://app:***@h/db"
    user_only = parse("jdbc:mysql://app@h/db")
    assert (user_only.user, user_only.password) == ("app", None)


def test_query_properties_decoded_located_and_case_kept() -> None:
    text = "jdbc:mysql://h/db?sslMode=VERIFY_CA&trustCertificateKeyStoreUrl=file%3A%2Ftmp%2Fa.jks&usessl=true"
    url = parse(text)
    assert props(text) == {
        "sslMode": "VERIFY_CA",
        "trustCertificateKeyStoreUrl": "file:/tmp/a.jks",
        "usessl": "true",
    }
    prop = url.get("trustCertificateKeyStoreUrl")
    assert prop is not None
    assert prop.location == located(text, "trustCertificateKeyStoreUrl=file%3A%2Ftmp%2Fa.jks")
    assert url.get("useSSL") is None  # keys as written: no case folding here


def test_last_key_wins() -> None:
    url = parse("jdbc:mysql://h/db?sslMode=DISABLED&sslMode=REQUIRED")
    last = url.get("sslMode")
    assert last is not None and last.value == "REQUIRED"
    assert url.effective()["sslMode"].value == "REQUIRED"
    assert [p.value for p in url.properties] == ["DISABLED", "REQUIRED"]


def test_key_without_value_and_empty_pairs() -> None:
    assert props("jdbc:mysql://h/db?useSSL&&a=") == {"useSSL": "", "a": ""}


def test_password_property_is_secret_and_redacted() -> None:
    text = "jdbc:mysql://h/db?user=app&password=hunter2&trustCertificateKeyStorePassword=changeit"
    url = parse(text)
    password = url.get("password")
    assert password is not None and password.value == Secret("hunter2") and password.text == "password=***"
    assert (
        url.redacted_text() == "jdbc:mysql://h/db?user=app&password=***&trustCertificateKeyStorePassword=***"
    )
    assert "hunter2" not in repr(url)
    assert "changeit" not in repr(url)


def test_is_secret_key() -> None:
    assert is_secret_key("password") and is_secret_key("PASSWORD") and is_secret_key("password2")
    assert is_secret_key("trustCertificateKeyStorePassword") and is_secret_key("trustStorePassword")
    assert not is_secret_key("passwordCharacterEncoding") and not is_secret_key("user")


def test_dynamic_value_and_key_are_unknown() -> None:
    text = f"jdbc:mysql://h/db?sslMode={DYNAMIC}&{DYNAMIC}=1&useSSL=true"
    url = parse(text)
    assert [(p.key, p.value) for p in url.properties] == [
        ("sslMode", None),
        (DYNAMIC, None),
        ("useSSL", "true"),
    ]
    assert url.properties[0].unknown
    assert url.open_query


def test_dynamic_host_and_open_tail() -> None:
    dynamic_host = parse(f"jdbc:mysql://{DYNAMIC}:3306/db?sslMode=REQUIRED")
    assert dynamic_host.hosts[0].host is None and dynamic_host.hosts[0].port == 3306
    assert not dynamic_host.open_query
    assert parse(f"jdbc:mysql://h/db{DYNAMIC}").open_query
    assert not parse(f"jdbc:mysql://{DYNAMIC}/db").open_query


def test_dynamic_password_is_not_a_credential() -> None:
    url = parse(f"jdbc:mysql://app:{DYNAMIC}@h/db")
    assert url.password is None and url.user == "app"


def test_locations_follow_pieces() -> None:
    # "jdbc:mysql://h/db?" + "sslMode=DISABLED" written on two source lines.
    text = "jdbc:mysql://h/db?sslMode=DISABLED"
    span = Span(text, "A.java", (Piece(0, 3, 10), Piece(18, 4, 12)))
    url = parse_jdbc_url(span)
    assert url is not None
    assert url.properties[0].location == Location("A.java", 4, 12, 4, 28)


def test_format_is_stable_for_every_form() -> None:
    for text in [
        "jdbc:mysql://u:p%40ss@h1:3306,h2/db?sslMode=DISABLED&password=x",
        "jdbc:mysql://address=(host=h)(port=3307)(sslMode=REQUIRED),(host=h2,port=1,sslMode=VERIFY_CA)/db",
        "jdbc:mysql:replication://[h1:3306,h2]/db",
        "mysqlx://[::1]:33060/db?xdevapi.ssl-mode=VERIFY_CA",
        f"jdbc:mariadb:aurora://h/db?sslMode={DYNAMIC}",
        "jdbc:mysql://h/db?a=%26%3D%25",
    ]:
        url = parse(text)
        again = parse(format_jdbc_url(url))
        assert again.shape() == url.shape(), text
        assert format_jdbc_url(again) == format_jdbc_url(url)


def test_format_keeps_the_real_password_but_redacted_text_does_not() -> None:
    url = parse("jdbc:mysql://u:secret@h/db")
    assert "secret" in format_jdbc_url(url)
    assert "secret" not in url.redacted_text()


URL_ALPHABET = st.sampled_from([*"abch:/?=&@,()[]%2F41 .-_", DYNAMIC, "address=", "sslMode", "\n"])
URL_LIKE = st.builds(
    lambda scheme, rest: scheme + "".join(rest),
    st.sampled_from(
        ["jdbc:mysql://", "jdbc:mariadb:failover://", "mysqlx://", "jdbc:mysql+srv:", "JDBC:MYSQL:"]
    ),
    st.lists(URL_ALPHABET, max_size=40),
)


@DERANDOMIZED
@given(st.text())
def test_never_raises_on_arbitrary_text(text: str) -> None:
    looks_like_jdbc_url(text)
    url = parse_jdbc_url(Span.at(text, "f", 1, 1))
    if url is not None:
        url.redacted_text()
        format_jdbc_url(url)


@DERANDOMIZED
@given(URL_LIKE)
def test_parse_format_parse_is_stable(text: str) -> None:
    url = parse_jdbc_url(Span.at(text, "f", 1, 1))
    assert url is not None
    formatted = format_jdbc_url(url)
    again = parse_jdbc_url(Span.at(formatted, "f", 1, 1))
    assert again is not None
    assert again.shape() == url.shape()
    assert format_jdbc_url(again) == formatted


@DERANDOMIZED
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1))
def test_password_never_in_redacted_text(password: str) -> None:
    text = "jdbc:mysql://u:" + password.replace("@", "").replace("/", "").replace("?", "").replace("#", "")
    url = parse_jdbc_url(Span.at(text + "@h/db", "f", 1, 1))
    assert url is not None
    secret = url.raw_password.reveal() if url.raw_password else ""
    if len(secret) > 3:
        assert secret not in url.redacted_text().replace("jdbc:mysql://u:", "", 1)


@pytest.mark.parametrize(
    "value",
    [
        "${ssl.mode}",
        "{{ .Values.sslMode }}",
        "{ssl_mode}",
        "<mode>",
        "%s",
        "%(mode)s",
        "@ssl.mode@",
        "$SSL_MODE",
    ],
)
def test_a_placeholder_value_is_unknown_not_invalid(value: str) -> None:
    (prop,) = parse(f"jdbc:mysql://h/db?sslMode={value}").properties
    assert prop.value is None
    assert prop.unknown == f"a placeholder `{value}`"


def test_spel_is_a_placeholder_outside_urls() -> None:
    assert is_placeholder("#{mode}")  # in a URL, '#' starts the fragment (CJ)


@pytest.mark.parametrize("value", ["REQUIRED", "${", "a${x}", "{x", "100%", "@x", "$", "$1"])
def test_a_literal_value_is_not_a_placeholder(value: str) -> None:
    assert not is_placeholder(value)


def test_a_placeholder_password_is_no_secret() -> None:
    (prop,) = parse("jdbc:mysql://h/db?password=${DB_PASSWORD}").properties
    assert prop.value is None and prop.text == "password=***"


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("jdbc:p6spy:mysql://h/db?useSSL=false", "mysql"),
        ("jdbc:log4jdbc:mysql://h/db?useSSL=false", "mysql"),
        ("JDBC:P6SPY:MARIADB://h/db?useSSL=false", "mariadb"),
    ],
)
def test_a_logging_wrapper_prefix_is_the_wrapped_drivers_url(text: str, family: str) -> None:
    url = parse(text)
    assert url.family == family and [p.key for p in url.properties] == ["useSSL"]
    assert looks_like_jdbc_url(text)
    assert not looks_like_jdbc_url("jdbc:p6spy:postgresql://h/db")


def test_urls_inside_a_longer_text_end_at_a_blank_or_a_quote() -> None:
    from connlint.clients.jdbc_url import find_jdbc_urls

    text = "-Xmx1g -Durl=jdbc:p6spy:mysql://h/db?useSSL=false 'jdbc:mariadb://m/x' jdbc:postgresql://p/q"
    assert [text[a:b] for a, b in find_jdbc_urls(text)] == [
        "jdbc:p6spy:mysql://h/db?useSSL=false",
        "jdbc:mariadb://m/x",
    ]
    assert find_jdbc_urls("use mysqlx: or jdbc:mysql: alone") == []


def test_options_after_a_piece_that_holds_the_query_are_read() -> None:
    # "jdbc:mysql://" + hostAndDb + "&useSSL=false": the piece held the '?'.
    text = f"jdbc:mysql://{DYNAMIC}&useSSL=false&user=app"
    url = parse(text)
    assert [(p.key, p.value) for p in url.properties] == [("useSSL", "false"), ("user", "app")]
    assert url.properties[0].location == located(text, "useSSL=false")
    assert [h.raw_host for h in url.hosts] == [DYNAMIC] and url.open_query
    in_path = parse(f"jdbc:mariadb://db/{DYNAMIC}&sslMode=trust")
    assert in_path.database == DYNAMIC and props(f"jdbc:mariadb://db/{DYNAMIC}&sslMode=trust") == {
        "sslMode": "trust"
    }
    assert in_path.hosts[0].host == "db" and in_path.open_query


def test_an_ampersand_that_proves_no_option_is_not_a_query() -> None:
    # No unknown piece before it, or no `key=` after it: the text is not split.
    assert parse("jdbc:mysql://h/a&useSSL=false").properties == ()
    assert parse(f"jdbc:mysql://{DYNAMIC}&{DYNAMIC}").properties == ()
    assert parse(f"jdbc:mysql://{DYNAMIC}&=x").properties == ()
    # A '?' before the '&' is the query's start, as always.
    url = parse(f"jdbc:mysql://{DYNAMIC}/db?x=1&useSSL=false")
    assert url.database == "db" and [p.key for p in url.properties] == ["x", "useSSL"]
    assert not url.open_query


def test_a_value_followed_by_another_piece_leaves_the_query_open() -> None:
    # user=%s%s: the second piece may add options; user=%s alone is a value.
    assert parse(f"jdbc:mariadb://h/db?user={DYNAMIC}{DYNAMIC}").open_query
    assert parse(f"jdbc:mariadb://h/db?user=app{DYNAMIC}&allowPublicKeyRetrieval=true").open_query
    assert parse(f"jdbc:mariadb://h/db?user=app&password={DYNAMIC}{DYNAMIC}").open_query
    assert not parse(f"jdbc:mariadb://h/db?user={DYNAMIC}").open_query
    assert not parse(f"jdbc:mariadb://h/db?user={DYNAMIC}&password={DYNAMIC}").open_query


@DERANDOMIZED
@given(st.text(alphabet="ab&=?/#" + DYNAMIC, max_size=30))
def test_options_after_unknown_round_trip(tail: str) -> None:
    # Whatever the reader makes of the pieces, formatting it reads back the same.
    url = parse(f"jdbc:mysql://{tail}")
    again = parse_jdbc_url(Span.at(format_jdbc_url(url), "A.java", 1, 1))
    assert again is not None and again.shape() == url.shape()


# -- the first characters of a URL (issue 15: concatenations not evaluated) ------------------

_HEADS = [
    "jdbc:mysql://",
    " jdbc:mariadb:",
    "mysqlx://",
    "JDBC:MYSQL:",
    "jd",
    "m",
    "SELECT ",
    "",
    "  ",
    "\t\n",
]


@DERANDOMIZED
@given(
    st.one_of(st.sampled_from(_HEADS), st.text(max_size=12)),
    st.one_of(st.sampled_from(_HEADS), st.text(max_size=12), st.just(DYNAMIC + "//")),
)
def test_a_text_that_cannot_start_a_url_begins_none(head: str, tail: str) -> None:
    if cannot_start_jdbc_url(head):
        assert not looks_like_jdbc_url(head + tail)
        assert not looks_like_jdbc_url(head + "jdbc:mysql://h/db")


def test_what_cannot_start_a_url() -> None:
    assert cannot_start_jdbc_url("SELECT * FROM t WHERE ")
    assert cannot_start_jdbc_url("  ?sslMode=")
    assert cannot_start_jdbc_url('x"SELECT ', 2)  # from an offset
    # a scheme's first letter in any case, blanks, nothing, or a letter that folds: maybe
    for head in ("jdbc:", " J", "mysqlx", "M", "", "   ", "\u212a", "\u0130"):
        assert not cannot_start_jdbc_url(head), head
