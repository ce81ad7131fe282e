"""No output shows a password, whatever its source form (issue 13, item 5).

A generated password (letters, digits, punctuation, blanks) is written in
every quoting form of every front-end that reads credentials: Java escapes,
``\\u`` escapes, ``+`` concatenation, DataSource and Properties setters,
a URL query; Python quotes, ``b""``, ``f""``, implicit and ``+``
concatenation, ``\\x`` escapes, a SQLAlchemy URL; shell ``$'…'``, double and
single quotes, ``MYSQL_PWD``, keytool and ``-D`` options; YAML single and
double quotes; XML entities in attributes; ``.properties`` escapes; option
files; ``.env``.  The tree goes through the real command line (in-process):
every check format, ``--statistics``, stderr, the ``--write-baseline`` file and
every inventory format.  No output may hold a 4-character piece of the password
unless the piece is in the tree with the passwords taken out, or is text the
tool writes anyway (the output of the same tree with a password made of a
letter no password uses).
"""

from __future__ import annotations

import contextlib
import io
import pickle
import string
import tempfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from unittest import mock
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connlint import cli, engine
from connlint.engine import Report, RunSettings, lint_source
from connlint.model import Location, Piece, Secret, Span

HOST = "db.example.com"
URL = f"jdbc:mysql://{HOST}/app?sslMode=DISABLED"

# -- how each syntax writes a string -----------------------------------------------------


def _java(pw: str) -> str:
    return pw.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")


def _java_unicode(pw: str) -> str:
    # Every other character, and the last, as \uXXXX: the value then ends in an escape.
    return "".join(f"\\u{ord(c):04x}" if i % 2 or i == len(pw) - 1 else _java(c) for i, c in enumerate(pw))


def _py(pw: str, quote_char: str = '"') -> str:
    return pw.replace("\\", "\\\\").replace(quote_char, "\\" + quote_char).replace("\t", "\\t")


def _py_hex(pw: str) -> str:
    return "".join(c if c.isalnum() else f"\\x{ord(c):02x}" for c in pw)


def _sh_ansi(pw: str) -> str:
    return "".join(c if c.isalnum() else f"\\x{ord(c):02x}" for c in pw)


def _sh_double(pw: str) -> str:
    return "".join("\\" + c if c in '\\"$`' else c for c in pw)


def _sh_single(pw: str) -> str:
    return pw.replace("'", "'\\''")


def _yaml_double(pw: str) -> str:
    return "".join(c if c.isalnum() else f"\\x{ord(c):02x}" for c in pw)


def _xml(pw: str) -> str:
    table = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "\t": "&#9;"}
    return "".join(table.get(c, c) for c in pw)


def _properties(pw: str) -> str:
    out = "".join("\\" + c if c in "\\ :=#!" else ("\\t" if c == "\t" else c) for c in pw)
    return out


def _unescaped(pw: str) -> str:
    """A quoted value in a syntax without escapes (option files, ``.env``): in
    the quotes the password lacks, or, with both, double quotes and no ``"``.
    """
    if '"' not in pw:
        return f'"{pw}"'
    if "'" not in pw:
        return f"'{pw}'"
    return '"{}"'.format(pw.replace('"', ""))


def _half(pw: str) -> tuple[str, str]:
    return pw[: len(pw) // 2], pw[len(pw) // 2 :]


def _py_main(call: str) -> str:
    return f'import pymysql\nc = pymysql.connect(host="{HOST}", user="app", {call}, ssl_disabled=True)\n'


def _java_main(body: str) -> str:
    return (
        "import java.sql.DriverManager;\nimport java.util.Properties;\n"
        "import com.mysql.cj.jdbc.MysqlDataSource;\n"
        f"class C {{ void m() throws Exception {{\n{body}\n}} }}\n"
    )


def _get_connection(literal: str) -> str:
    return _java_main(f'  DriverManager.getConnection("{URL}", "app", {literal});')


#: form -> password -> (file name, content).  The same password goes into every form.
FORMS: dict[str, Callable[[str], tuple[str, str]]] = {
    "java-escapes": lambda pw: ("JavaEscapes.java", _get_connection(f'"{_java(pw)}"')),
    "java-unicode": lambda pw: ("JavaUnicode.java", _get_connection(f'"{_java_unicode(pw)}"')),
    "java-concat": lambda pw: (
        "JavaConcat.java",
        _get_connection('"{}" + "{}"'.format(*map(_java, _half(pw)))),
    ),
    "java-datasource": lambda pw: (
        "JavaDataSource.java",
        _java_main(
            "  MysqlDataSource ds = new MysqlDataSource();\n"
            f'  ds.setURL("{URL}");\n'
            f'  ds.setPassword("{_java(pw)}");\n'
            "  ds.getConnection();"
        ),
    ),
    "java-properties": lambda pw: (
        "JavaProps.java",
        _java_main(
            "  Properties props = new Properties();\n"
            f'  props.setProperty("password", "{_java(pw)}");\n'
            f'  DriverManager.getConnection("{URL}", props);'
        ),
    ),
    "java-url-query": lambda pw: (
        "JavaUrl.java",
        _java_main(f'  DriverManager.getConnection("{URL}&user=app&password={_java(quote(pw, safe=""))}");'),
    ),
    "java-truststore": lambda pw: (
        "JavaTrust.java",
        # A JVM trust store is a MySQL trust anchor only with a MySQL client in scope.
        _java_main(
            '  DriverManager.getConnection("jdbc:mysql://db.example.com/app?sslMode=VERIFY_CA");\n'
            f'  System.setProperty("javax.net.ssl.trustStorePassword", "{_java(pw)}");'
        ),
    ),
    "python-double": lambda pw: ("py_double.py", _py_main(f'password="{_py(pw)}"')),
    "python-single": lambda pw: ("py_single.py", _py_main(f"password='{_py(pw, chr(39))}'")),
    "python-bytes": lambda pw: ("py_bytes.py", _py_main(f'password=b"{_py(pw)}"')),
    "python-fstring": lambda pw: (
        "py_fstring.py",
        _py_main('password=f"{}"'.format(_py(pw).replace("{", "{{").replace("}", "}}"))),
    ),
    "python-implicit": lambda pw: (
        "py_implicit.py",
        _py_main('password="{}" "{}"'.format(*map(_py, _half(pw)))),
    ),
    "python-plus": lambda pw: ("py_plus.py", _py_main('password="{}" + "{}"'.format(*map(_py, _half(pw))))),
    "python-hex": lambda pw: ("py_hex.py", _py_main(f'password="{_py_hex(pw)}"')),
    "python-sqlalchemy": lambda pw: (
        "py_sqlalchemy.py",
        "import sqlalchemy\n"
        f'e = sqlalchemy.create_engine("mysql+pymysql://app:{_py(quote(pw, safe=""))}@{HOST}/app'
        '?ssl_disabled=true")\n',
    ),
    "shell-ansi-c": lambda pw: ("ansi.sh", f"mysql -h {HOST} -p$'{_sh_ansi(pw)}' --ssl-mode=DISABLED app\n"),
    "shell-double": lambda pw: (
        "double.sh",
        f'mysql -h {HOST} --password="{_sh_double(pw)}" --ssl-mode=DISABLED\n',
    ),
    "shell-single": lambda pw: (
        "single.sh",
        f"mysql -h {HOST} -p'{_sh_single(pw)}' --ssl-mode=DISABLED app\n",
    ),
    "shell-mysql-pwd": lambda pw: ("pwd.sh", f"MYSQL_PWD='{_sh_single(pw)}' mysqladmin -h {HOST} ping\n"),
    "shell-keytool": lambda pw: (
        "trust.sh",
        f"keytool -importcert -noprompt -keystore ts.jks -file ca.pem -storepass '{_sh_single(pw)}'\n",
    ),
    "shell-java-d": lambda pw: (
        "run.sh",
        "mysql -h db.example.com --ssl-mode=VERIFY_CA -e 'select 1'\n"  # a MySQL client in scope
        "java -Djavax.net.ssl.trustStore=/etc/t.jks"
        f' -Djavax.net.ssl.trustStorePassword="{_sh_double(pw)}" -jar a.jar\n',
    ),
    "yaml-single": lambda pw: (
        "application-single.yml",
        f"spring:\n  datasource:\n    url: {URL}\n    password: '{pw.replace(chr(39), chr(39) * 2)}'\n",
    ),
    "yaml-double": lambda pw: (
        "application-double.yml",
        f'spring:\n  datasource:\n    url: {URL}\n    password: "{_yaml_double(pw)}"\n',
    ),
    "xml-resource": lambda pw: (
        "context.xml",
        f'<Context>\n  <Resource name="jdbc/a" url="{_xml(URL)}" username="app"'
        f' password="{_xml(pw)}"/>\n</Context>\n',
    ),
    "xml-property": lambda pw: (
        "persistence.xml",
        '<persistence version="2.2"><persistence-unit name="a"><properties>\n'
        f'  <property name="javax.persistence.jdbc.url" value="{_xml(URL)}"/>\n'
        f'  <property name="javax.persistence.jdbc.password" value="{_xml(pw)}"/>\n'
        "</properties></persistence-unit></persistence>\n",
    ),
    "properties": lambda pw: (
        "application.properties",
        f"spring.datasource.url={URL}\nspring.datasource.password={_properties(pw)}\n",
    ),
    "option-file": lambda pw: ("my.cnf", f"[client]\nssl-mode=DISABLED\npassword = {_unescaped(pw)}\n"),
    "dotenv": lambda pw: (
        "app.env",
        f"SPRING_DATASOURCE_URL={URL}\nSPRING_DATASOURCE_PASSWORD={_unescaped(pw)}\n",
    ),
}

#: Passwords: letters, digits, punctuation and blanks; no NUL, no line break.
ALPHABET = string.ascii_letters + string.digits + string.punctuation + " \t"
PASSWORDS = st.text(alphabet=ALPHABET, min_size=6, max_size=16)


def _grams(text: str) -> set[str]:
    return {text[i : i + 4] for i in range(len(text) - 3)}


def _write_tree(root: Path, pw: str) -> dict[str, str]:
    files = dict(form(pw) for form in FORMS.values())
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return files


def _cli(*args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(args))
    assert code in (0, 1), err.getvalue()
    return out.getvalue() + err.getvalue()


def outputs(root: Path) -> Iterator[tuple[str, str]]:
    """Every output of the tree at ``root``, linted once (the CLI's ``engine.run``
    answers every call with the same report)."""
    real = engine.run
    reports: dict[str, Report] = {}

    def run_once(*args: object, **kwargs: object) -> Report:
        if "report" not in reports:
            reports["report"] = real(*args, **kwargs)  # type: ignore[arg-type]
        return reports["report"]

    common = ("--jobs", "1", "--isolated")
    checks = ("--select", "ALL", "--no-progress", *common)
    with mock.patch.object(engine, "run", run_once):
        baseline = root / "baseline.json"
        full = ("--format", "full", "--report-unused-ignores", "--include-suppressed")
        yield "full", _cli("check", str(root), *full, "--write-baseline", str(baseline), *checks)
        yield "baseline", baseline.read_text(encoding="utf-8")
        baseline.unlink()
        for fmt in ("concise", "json", "sarif", "github"):
            yield fmt, _cli("check", str(root), "--format", fmt, "--statistics", *checks)
        for fmt in ("table", "json", "csv", "markdown"):
            yield f"inventory-{fmt}", _cli("inventory", str(root), "--format", fmt, *common)


#: A letter no generated password holds.
_CONTROL = "é"


@cache
def _control() -> dict[str, str]:
    """The outputs for the tree with a password of :data:`_CONTROL` letters."""
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        _write_tree(Path("."), _CONTROL * 10)
        return dict(outputs(Path(".")))


@cache
def _tool_text() -> frozenset[str]:
    """4-grams the tool writes for this tree whatever the password."""
    return frozenset().union(*(_grams(text) for text in _control().values()))


def _leaks(pw: str) -> list[tuple[str, str, str]]:
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        _write_tree(Path("."), pw)
        surrounding: set[str] = set()
        for form in FORMS.values():
            surrounding |= _grams(form("")[1])
        pieces = _grams(pw) - surrounding - _tool_text()
        return [(name, piece, text) for name, text in outputs(Path(".")) for piece in pieces if piece in text]


@pytest.mark.parametrize("form", sorted(FORMS))
def test_each_form_shows_a_source_line(form: str) -> None:
    # A snippet is shown only for a finding's line: every form must have one
    # on its password's line, or the property below would test nothing there.
    name, text = FORMS[form](_CONTROL * 10)
    marks = (_CONTROL, quote(_CONTROL))  # URLs hold it percent-encoded
    number = next(i for i, line in enumerate(text.splitlines(), 1) if any(m in line for m in marks))
    assert f"\n{number} | " in _control()["full"].partition(f"{name}:{number}:")[2], name


@settings(max_examples=12)
@given(password=PASSWORDS)
def test_no_output_shows_a_piece_of_the_password(password: str) -> None:
    leaks = _leaks(password)
    assert not leaks, "\n".join(f"{piece!r} in {name}" for name, piece, _ in leaks[:5]) + "\n\n" + leaks[0][2]


#: Passwords shaped like a JDBC URL, which a front-end handing over every
#: URL-shaped value made a connection of: its host and settings (the
#: password's text) were shown in the inventory.
URL_PASSWORDS = st.builds(
    lambda host, query: f"jdbc:mysql://{host}/?{query}",
    st.text(alphabet=string.ascii_letters + string.digits, min_size=6, max_size=10),
    st.sampled_from(["sslMode=DISABLED", "useSSL=false", "sslMode=REQUIRED&password=Pw9", "x=1"]),
)


@settings(max_examples=4)
@given(password=URL_PASSWORDS)
def test_no_output_shows_a_piece_of_a_password_shaped_like_a_url(password: str) -> None:
    leaks = _leaks(password)
    assert not leaks, "\n".join(f"{piece!r} in {name}" for name, piece, _ in leaks[:5]) + "\n\n" + leaks[0][2]


def test_a_password_shaped_like_a_url_is_no_connection() -> None:
    settings = RunSettings(selected=frozenset({"CL201", "CL301"}))
    files = {
        "application.properties": (
            "properties",
            f"spring.datasource.url={URL}\nspring.datasource.password=jdbc:mysql://Pp8Oo7/?useSSL=false\n",
        ),
        "run.sh": (
            "shell",
            "mysql -h db --password=jdbc:mysql://Rr4Ee3/?sslMode=DISABLED --ssl-mode=REQUIRED -e x",
        ),
    }
    for name, (kind, text) in files.items():
        result = lint_source(name, kind, text, settings)
        assert all(c.host not in ("Pp8Oo7", "Rr4Ee3") for c in result.connections), name
        assert len(result.connections) == 1, name
        assert [f.rule for f in result.findings].count("CL301") == 1, name  # the password, once


# -- the forms of the issue, one by one --------------------------------------------------

#: (file name, content, the password's pieces that must not show).
ISSUE_EXAMPLES = (
    ("U.java", _get_connection('"S3cr3t\\u0056x"'), ("S3cr3t", "0056x")),
    ("P.java", _get_connection('"S3cr3t" + "Wx"'), ("S3cr3t", "Wx")),
    ("E.java", _get_connection('"S3c\\"r3t\\tQq"'), ("S3c", "r3t", "tQq")),
    (
        "D.java",
        _java_main(
            f'  MysqlDataSource ds = new MysqlDataSource();\n  ds.setURL("{URL}");\n'
            '  ds.setPassword("Hun\\u0074er3Hunter");\n  ds.getConnection();'
        ),
        ("Hun\\u", "er3Hunter"),
    ),
    ("b.py", _py_main('password=b"Py5ec;r3t"'), ("Py5ec", "r3t")),
    ("f.py", _py_main('password=f"Py6ec{{r3t"'), ("Py6ec", "r3t")),
    ("i.py", _py_main('password="Py7ec" "retx"'), ("Py7ec", "retx")),
    ("p.py", _py_main('password="Py8ec" + "rety"'), ("Py8ec", "rety")),
    ("q.py", _py_main('password="Py9e\\"cretz"'), ("Py9e", "cretz")),
    ("c.sh", f"mysql -h {HOST} -p$'Sh3ll\\x41pw' --ssl-mode=DISABLED app\n", ("Sh3ll", "x41pw")),
    (
        "application.yml",
        f"spring:\n  datasource:\n    url: {URL}\n    password: 'Yam''lPass'\n",
        ("Yam", "lPass"),
    ),
    (
        "ctx.xml",
        f'<Context>\n  <Resource url="{URL}" password="Xm&lt;lPass"/>\n</Context>\n',
        ("Xm", "lPass"),
    ),
    (
        "app.properties",
        f"spring.datasource.url={URL}\nspring.datasource.password=Pr0p\\ Qu1x\\ Zed9\n",
        ("Pr0p", "Qu1x", "Zed9"),
    ),
)


def test_the_forms_of_the_issue_are_masked_in_the_source_line() -> None:
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        for name, text, _ in ISSUE_EXAMPLES:
            Path(name).write_text(text, encoding="utf-8")
        full = _cli("check", ".", "--format", "full", "--select", "ALL", "--jobs", "1", "--isolated")
    for name, _, pieces in ISSUE_EXAMPLES:
        assert f"{name}:" in full
        for piece in pieces:
            assert piece not in full, (name, piece, full)


def test_a_secret_carries_its_source_regions_but_compares_by_value() -> None:
    # "ab" at 2:10, "cd" at 2:20 ("ab" + "cd" on one line), "ef" at 3:5.
    span = Span("abcdef", "f", (Piece(0, 2, 10), Piece(2, 2, 20), Piece(4, 3, 5)))
    secret = Secret("abcdef", span)
    assert secret.regions == (Location("f", 2, 10, 2, 22), Location("f", 3, 5, 3, 7))
    assert secret == Secret("abcdef") and hash(secret) == hash(Secret("abcdef"))
    assert pickle.loads(pickle.dumps(secret)).regions == secret.regions
    assert str(secret) == "***" and "abc" not in repr(secret)
