"""Hypothesis strategies for hostile input, shared by tests/test_robustness.py
and fuzz/fuzz.py: source-like text built from the tokens that the front-ends
and parsers act on, JDBC-URL-like text and client argv.
"""

from __future__ import annotations

from hypothesis import strategies as st

from connlint.model import DYNAMIC

#: A display path per file kind, as discovery would classify it.
PATH_BY_KIND = {
    "ci": ".github/workflows/ci.yml",
    "dockerfile": "Dockerfile",
    "dotenv": ".env",
    "gradle": "build.gradle",
    "java": "src/App.java",
    "json": "connector.json",
    "kotlin": "src/main/kotlin/App.kt",
    "makefile": "Makefile",
    "maven": "pom.xml",
    "option_file": "my.cnf",
    "prisma": "prisma/schema.prisma",
    "properties": "application.properties",
    "python": "app/db.py",
    "python_deps": "requirements.txt",
    "runbook": "docs/runbook.md",
    "shell": "deploy.sh",
    "terraform": "infra/main.tf",
    "typescript": "lib/stack.ts",
    "xml": "context.xml",
    "yaml": "application.yml",
}

#: Pieces of every syntax connlint reads, and of the values it looks for.
TOKENS: tuple[str, ...] = (
    # Prisma schema
    'datasource db {\n  provider = "mysql"\n  url = "',
    "?sslaccept=strict&sslcert=",
    # Terraform
    'resource "aws_db_instance" "a" {',
    'module "db" {',
    "ca_cert_identifier = ",
    '"rds-ca-2019"',
    "var.ca",
    'variable "ca" { default = "rds-ca-2019" }',
    "locals {",
    "${",
    "}",
    "= [",
    "<<EOT\n",
    "\nEOT\n",
    # JDBC / URLs
    "jdbc:mysql://",
    "jdbc:mariadb://",
    "mysqlx://",
    "jdbc:mysql:loadbalance://",
    "mysql://",
    "mysql+pymysql://",
    "db.example.com",
    "localhost",
    "127.0.0.1",
    ":3306",
    "/app",
    "?",
    "&",
    "=",
    "@",
    "%",
    "%2F",
    ",",
    "sslMode=",
    "sslMode",
    "DISABLED",
    "VERIFY_IDENTITY",
    "VERIFY_CA",
    "REQUIRED",
    "PREFERRED",
    "useSSL=",
    "requireSSL=",
    "verifyServerCertificate=",
    "trustServerCertificate=",
    "true",
    "false",
    "trustCertificateKeyStoreUrl=",
    "trustCertificateKeyStorePassword=",
    "enabledTLSProtocols=",
    "TLSv1",
    "password=",
    "user=",
    "(address=(host=h)(port=1))",
    "[::1]",
    "sslmode=",
    # properties / YAML / option files
    "spring.datasource.url",
    "spring.datasource.password",
    "spring:",
    "  datasource:",
    "    url: ",
    "- ",
    ": ",
    "&a ",
    "*a",
    "<<: ",
    "---",
    "[client]",
    "[mysql]",
    "ssl-mode=",
    "ssl-ca=",
    "!include ",
    "\\\n",
    "\\u0041",
    # Java
    "class A {",
    "}",
    "{",
    "(",
    ")",
    ";",
    '"',
    '"""',
    "'",
    "+",
    ".",
    "DriverManager.getConnection(",
    "new Properties()",
    "props.setProperty(",
    "System.setProperty(",
    "javax.net.ssl.trustStore",
    "String.format(",
    "// ",
    "/* ",
    " */",
    "@Value(",
    "setUrl(",
    "setSslMode(",
    # Python
    "import pymysql\n",
    "import mysql.connector\n",
    "pymysql.connect(",
    "mysql.connector.connect(",
    "ssl_disabled=True",
    "ssl={",
    '"ca": ',
    "ssl_ca=",
    "ssl.CERT_NONE",
    "check_hostname=False",
    "def f(",
    "lambda: ",
    "os.environ[",
    "f'",
    "**kw",
    "subprocess.run([",
    "create_engine(",
    "\t",
    # shell / Dockerfile / CI
    "mysql ",
    "mariadb ",
    "mysqldump ",
    "keytool ",
    "-importcert ",
    "-storepass ",
    "-p",
    "--password=",
    "--password=jdbc:mysql://",
    "spring.datasource.password=jdbc:mysql://",
    "--ssl-mode=",
    "--ssl-ca=",
    "--skip-ssl",
    "--ssl",
    "-h ",
    "$(",
    "${",
    "$DB",
    "`",
    "<<EOF\n",
    "EOF\n",
    "export ",
    "sudo ",
    "sh -c ",
    "|",
    "&&",
    "; ",
    "RUN ",
    "ENV ",
    "FROM ",
    "run: ",
    "steps:",
    "java -D",
    # XML / Maven / Gradle
    "<",
    ">",
    "</",
    "/>",
    "<?xml",
    "<!DOCTYPE",
    "<!ENTITY",
    "&lol;",
    '<!DOCTYPE project [<!ENTITY v "8.0.33">]>',
    "&v;",
    "<![CDATA[",
    "]]>",
    "<!-- ",
    " -->",
    "<dependency>",
    "<artifactId>mysql-connector-java</artifactId>",
    "<version>",
    "${mysql.version}",
    "<Resource url=",
    "implementation 'mysql:mysql-connector-java:8.0.33'",
    "com.mysql:mysql-connector-j",
    "mysqlclient==2.1",
    "PyMySQL>=1.0",
    "[tool.poetry.dependencies]",
    # odd characters
    "\n",
    "\r\n",
    "\r",
    " ",
    "\x00",
    "\ufeff",
    "\u2028",
    "é",
    "𝕏",
    DYNAMIC,
    "\ud800",
)

SOURCE_TEXT = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)), max_size=60).map("".join),
)

_URL_PIECES = st.sampled_from(
    [
        *"abch:/?=&@,()[]%.-_ ",
        "%2F", "%4", "41", DYNAMIC, "address=", "(host=", "port=", "sslMode", "DISABLED", "user", "password",
        "\n", "é", "::1", "[", "]", ":3306", "srv",
    ]
)  # fmt: skip
URL_TEXT = st.builds(
    lambda scheme, rest: scheme + "".join(rest),
    st.sampled_from(
        [
            "jdbc:mysql://", "jdbc:mariadb://", "jdbc:mariadb:failover://", "jdbc:mysql:replication://",
            "mysqlx://", "mysqlx+srv://", "jdbc:mysql+srv://", "JDBC:MYSQL:", "jdbc:mysql:", "  jdbc:mysql://",
        ]
    ),
    st.lists(_URL_PIECES, max_size=40),
)  # fmt: skip

PROGRAMS: tuple[str, ...] = (
    "mysql", "mariadb", "mysqldump", "mysqladmin", "mariadb-dump", "/usr/bin/mysql", "mysqlsh", "keytool",
    "mysql-8.0", "", DYNAMIC,
)  # fmt: skip
_OPTIONS = st.sampled_from(
    [
        "--ssl-mode=DISABLED", "--ssl-mode=VERIFY_IDENTITY", "--ssl-mode", "VERIFY_CA",
        "--ssl-mode=verify_ca",
        "--ssl", "--ssl=0", "--skip-ssl", "--ssl-verify-server-cert", "--disable-ssl", "--ssl-ca=x.pem",
        "--ssl-ca", "ca.pem", "--ssl-capath=/d", "--tls-version=TLSv1,TLSv1.1", "--tls-version", "-p",
        "-pSECRET",
        "--password=SECRET", "--password", "-h", "localhost", "-hdb", "--host=db.example.com", "--host",
        "-uroot", "-u", "--protocol=socket", "--socket=/tmp/s", "-S", "--", "-", "--=", "-e", "select 1",
        "--defaults-file=x.cnf", "--login-path=x", "--no-defaults", "--loose-ssl-mode=DISABLED",
        "--enable-ssl", "--ssl-fp=aa", "-importcert", "-keystore", "ts.jks", "-storepass", "changeit",
        "-file", "-alias", "-noprompt", "-storepass:env", "--ssl-mode=" + DYNAMIC, DYNAMIC, "-P3306",
        "--port", "-hlocalhost", "-pé",
    ]
)  # fmt: skip
ARGV = st.lists(st.one_of(_OPTIONS, st.text(max_size=10)), max_size=12)

SETTING_KEYS: tuple[str, ...] = (
    "sslMode", "useSSL", "requireSSL", "verifyServerCertificate", "trustServerCertificate", "sslmode",
    "trustCertificateKeyStoreUrl", "trustCertificateKeyStorePassword", "enabledTLSProtocols", "password",
    "user", "url", "javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword", "ssl-mode", "ssl-ca",
    "ssl", "ssl.ca", "ssl_ca", "ssl_disabled", "ssl_verify_cert", "ssl_verify_identity", "ssl.check_hostname",
    "ssl.context.verify_mode", "tls_versions", "host", "unix_socket", "sslCA", "serverSslCert",
    "disableSslHostnameVerification", "tlsVersions", "skip-ssl", "ssl-verify-server-cert", "tls-version",
)  # fmt: skip

#: Python statements that crashed libcst 1.0.1 (SIGSEGV), took it seconds to
#: minutes, or made the whole file unreadable (issue 13), as ``(name, head,
#: link, middle, close, tail, n)``: see :func:`python_hostile`.  ``n`` is the
#: size measured to crash or hang (over 16 s) before the front-end bounded depth.
PYTHON_HOSTILE: tuple[tuple[str, str, str, str, str, str, int], ...] = (
    ("plus_strings", 'h = "a"', ' + "a"', "", "", "", 8000),  # SIGSEGV (the file)
    ("and_chain", "h = a", " and a", "", "", "", 8000),  # SIGSEGV
    ("or_chain", "h = a", " or a", "", "", "", 8000),  # SIGSEGV
    ("bitor_chain", "h = a", " | a", "", "", "", 4000),
    ("mul_chain", "h = a", " * a", "", "", "", 4000),
    ("power_chain", "h = a", " ** a", "", "", "", 4000),
    ("plus_lines", 'h = (\n    "a"', '\n    + "a"', "\n)", "", "", 4000),
    ("implicit_strings", 'h = "a"', ' "a"', "", "", "", 4000),  # not parsed at all
    ("implicit_string_lines", 'h = (\n    "a"', '\n    "a"', "\n)", "", "", 4000),  # not parsed at all
    ("attributes", "h = a", ".b", "", "", "", 4000),
    ("calls", "h = f", "()", "", "", "", 2000),
    ("subscripts", "h = a", "[0]", "", "", "", 2000),
    ("unary_minus", "h = ", "- ", "1", "", "", 4000),
    ("not_chain", "h = ", "not ", "a", "", "", 8000),
    ("lambdas", "h = ", "lambda: ", "a", "", "", 4000),
    ("ternaries", "h = ", "a if b else ", "c", "", "", 4000),
    ("parens", "h = ", "(", "a", ")", "", 2000),  # SIGSEGV
    ("lists", "h = ", "[", "a", "]", "", 1000),
    ("dicts", "h = ", "{1: ", "a", "}", "", 1000),
    ("nested_calls", "h = ", "f(", "a", ")", "", 1000),
    ("walrus", "h = ", "(a := ", "1", ")", "", 1000),
    ("comprehensions", "h = ", "[x for x in ", "a", "]", "", 1000),
    ("fstrings", "h = ", 'f"{', "a", '}"', "", 1000),  # libcst nests same-quote f-strings
    ("format_specs", 'h = f"{x:', "{x:", "", "}", '}"', 8000),  # SIGSEGV
    ("elif_chain", "if a:\n    pass", "\nelif a:\n    pass", "", "", "", 16000),  # SIGSEGV
    ("dotted_import", "import a", ".a", "", "", "", 8000),  # SIGSEGV
)


def python_hostile(shape: tuple[str, str, str, str, str, str, int], n: int | None = None) -> str:
    """One statement of a :data:`PYTHON_HOSTILE` shape, ``n`` links or levels deep
    (its measured dangerous size by default), ending with a line break.
    """
    _, head, link, middle, close, tail, dangerous = shape
    n = dangerous if n is None else n
    return head + link * n + middle + close * n + tail + "\n"


#: One-line shapes that made a regex, or the code around it, take quadratic,
#: cubic or exponential time (issue 13), as ``(name, head, unit, tail)``: see
#: :func:`hostile_line` (a few thousand units are enough to show it).  The
#: fuzzer appends one now and then (fuzz/README.md); tests/test_regex_linear.py
#: checks every pattern's growth.
HOSTILE: tuple[tuple[str, str, str, str], ...] = (
    ("helm_actions_line", "", "{{a}}", "x"),  # YAML: exponential
    ("helm_after_indicator", "k: a - |", "{{a}}", "x {{b}}"),  # YAML: exponential
    ("helm_unclosed", "k: ", "{{", ""),
    ("helm_many_actions", "k: v", " {{a}}", ""),
    ("shell_regex_operand", "[[ $a =~", " ", "x"),  # cubic
    ("github_unclosed", "echo ", "${{", ""),
    ("xml_attribute_run", '<a x="', "b", '>"/>'),
    ("java_format_flags", 'String.format("%', "0", '")'),
    ("java_anonymous_classes", "void f() { ", "new X(", " }"),
    ("env_inner_blanks", "SPRING_DATASOURCE_URL=a", " ", "x"),
    ("header_blanks", "[", " ", "x"),  # option files, TOML: cubic
    ("toml_dotted_blanks", "[a", " ", ".b]"),
    ("unclosed_escaped_string", '["', '\\"', ""),  # JSON, TOML
    ("toml_many_strings", "dependencies = [", '"a", ', "]"),
    ("poetry_version_digits", 'mysqlclient = "', "1", '!"'),
    ("maven_unclosed_references", "<version>", "${", "</version>"),
    ("gradle_modifier_lines", "", "def\n", "1"),
    ("gradle_property_blanks", "k=v", " ", "w"),
    ("python_percent_keys", 'x = "', "%(", '" % y'),
    ("python_unclosed_names", 'x = "', "\\N{", '"'),
    ("jdbc_address_parens", "jdbc:mysql://address=", "(", ""),
    ("tls_letters", "tls_versions=", "TLS", ""),
    ("ca_bundle_name", "ssl-ca=", "rds-ca-2015", "!"),
    ("ignore_on_every_line", "", "url=x  # connlint: ignore[CL999]\n", ""),
)


def hostile_line(shape: tuple[str, str, str, str], n: int) -> str:
    """A :data:`HOSTILE` shape with its unit repeated ``n`` times, ending with a line break."""
    _, head, unit, tail = shape
    return head + unit * n + tail + "\n"
