"""Option-file front-end: client groups, server groups, comments, quoting."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from connlint.frontends import option_file
from connlint.model import Candidate, Level, Secret


def groups(text: str, path: str = "my.cnf") -> list[Candidate]:
    return option_file.extract(path, text).candidates


def test_client_groups_yield_candidates_server_groups_do_not() -> None:
    text = (
        "[mysqld]\nssl-mode=DISABLED\n[client]\nssl-mode=REQUIRED\n[mariadb]\nssl=0\n[mysqldump]\nssl-ca=x\n"
    )
    assert [c.driver for c in groups(text)] == ["client", "mysqldump"]
    for server in ("server", "galera", "mysqld_safe", "mariadb"):
        assert groups(f"[{server}]\nssl-ca=x\n") == []
    for client in ("client-server", "client-mariadb", "mariadb-client", "mysqladmin"):
        assert [c.driver for c in groups(f"[{client}]\nssl-ca=x\n")] == [client]


def test_settings_located_with_quotes_and_comments() -> None:
    (c,) = groups('[client]\n# c\n; c\nssl-ca = "/etc/a b.pem"  # note\nskip-ssl\n')
    ca, skip = c.settings
    assert (ca.key, ca.value, ca.location.line) == ("ssl-ca", "/etc/a b.pem", 4)
    assert ca.value_span is not None and ca.value_span.locate().column == 11
    assert (skip.key, skip.value) == ("skip-ssl", None)


def test_password_is_secret() -> None:
    (c,) = groups("[client]\npassword=s3cret\n")
    assert c.settings[0].value == Secret("s3cret")


def test_include_is_not_followed() -> None:
    (c,) = groups("!include /etc/mysql/x.cnf\n!includedir /etc/mysql/conf.d/\n[client]\nssl-ca=x\n")
    assert len(c.settings) == 1


def test_ini_without_mysql_group_or_keys_yields_nothing() -> None:
    assert groups("[app]\nhost=x\n", "config.ini") == []
    assert groups("[client]\nurl=http://x\n", "config.ini") == []
    assert groups("[client]\nssl-ca=/x.pem\n", "config.ini")


@given(st.text(max_size=200))
def test_never_raises(text: str) -> None:
    option_file.extract("my.cnf", text)


def test_syntax_errors_are_one_note_and_the_rest_is_read() -> None:
    out = option_file.extract(
        "my.cnf", "[client\nssl-mode\n=DISABLED\n[mysql]]\nssl-ca=/a.pem\nbad key = 1\n"
    )
    # `[mysql]]` is group mysql, as MySQL reads it; after `[client` no group applies.
    assert [(c.driver, [s.key for s in c.settings]) for c in out.candidates] == [("mysql", ["ssl-ca"])]
    assert [(n.message, n.level, n.line) for n in out.notifications] == [
        ("option file syntax error; analysed what could be parsed", Level.NOTE, 1)
    ]


def test_option_before_any_group_is_a_syntax_error() -> None:
    out = option_file.extract("my.cnf", "# head\nssl-mode=DISABLED\n[client]\nssl-mode=REQUIRED\n")
    assert [n.line for n in out.notifications] == [2]
    assert [s.value for c in out.candidates for s in c.settings] == ["REQUIRED"]


def test_valid_files_have_no_note() -> None:
    text = (
        '# c\n; c\n!include /etc/a.cnf\n!includedir /etc/my.cnf.d\n[mysqld]\nsql_mode = "A,B"\n'
        "[client] # x\nskip-ssl # why\nloose_ssl_ca = '/a b.pem'\ninit-command=SET x=1\n"
    )
    assert option_file.extract("my.cnf", text).notifications == []


def test_foreign_ini_syntax_is_not_reported() -> None:
    assert option_file.extract("php.ini", "x\n[PHP]\nextension[] = a\n").notifications == []


def test_values_read_as_mysql_reads_them() -> None:
    # mysys/my_default.cc: one pair of enclosing quotes removed, then escapes decoded.
    text = (
        "[client]\n"
        'a = "x\\"y"\n'
        "b = 'x'\\''y'\n"
        "c = C:\\\\dir\\sname\\q\n"
        'd = "#not a comment" # a comment\n'
        "e = 'it\\'s' ; kept\n"
        "f = ab\\\n"
        'g = "x" y "z"\n'
    )
    (c,) = groups(text)
    assert [(s.key, s.value) for s in c.settings] == [
        ("a", 'x"y'),
        ("b", "x'''y"),
        ("c", "C:\\dir name\\q"),
        ("d", "#not a comment"),
        ("e", "'it's' ; kept"),
        ("f", "ab\\"),
        ("g", 'x" y "z'),
    ]


def test_escaped_values_are_located_character_by_character() -> None:
    (c,) = groups('[client]\nssl-ca = "/a\\"b/ca.pem"\n')
    (ca,) = c.settings
    span = ca.value_span
    assert span is not None and ca.value == '/a"b/ca.pem'
    assert span.locate(0, 1).column == 11  # the slash after the opening quote
    assert span.locate(2, 3).column == 13  # the quote, written as \"
    assert span.locate(3, 4).column == 15  # b
    assert ca.location.end_column == len('ssl-ca = "/a\\"b/ca.pem"') + 1
