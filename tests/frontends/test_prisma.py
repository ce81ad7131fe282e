"""connlint.frontends.prisma: datasource URLs of Prisma schema files."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from connlint.frontends.prisma import extract

SCHEMA = """\
generator client {
  provider = "prisma-client-js"
  output   = "mysql://not-a-datasource"
}

// datasource old { url = "mysql://x" }
datasource db {
  provider  = "mysql" // MySQL and MariaDB
  url       = "mysql://app:pw@db.example.com/app?sslaccept=strict" // "commented"
  directUrl = env("DIRECT_URL")
  shadowDatabaseUrl = "mysql://root@localhost/s\\u0068adow?sslcert=a\\"b.pem"
}
"""


def test_mysql_datasource_urls() -> None:
    candidates = extract("prisma/schema.prisma", SCHEMA).candidates
    assert [(c.driver, c.url.text if c.url else None) for c in candidates] == [
        ("prisma", 'mysql://root@localhost/shadow?sslcert=a"b.pem'),
        ("prisma", "mysql://app:pw@db.example.com/app?sslaccept=strict"),
    ]
    shadow, url = candidates
    assert url.url is not None
    where = url.url.locate(0, 5)
    assert (where.line, where.column) == (9, 16)
    assert shadow.url is not None
    h = shadow.url.text.index("shadow")
    # the \u0068 escape stands at its backslash, the rest after it in place
    columns = [shadow.url.locate(i, i + 1).column for i in (h, h + 1, h + 2)]
    assert columns == [47, 48, 54]
    assert [hop.label for hop in url.trail] == ["via datasource db url"]


def test_other_providers_are_not_read() -> None:
    text = SCHEMA.replace('"mysql" //', '"postgresql" //')
    assert extract("schema.prisma", text).candidates == []


def test_env_urls_and_malformed_strings() -> None:
    text = 'datasource db {\n  provider = "mysql"\n  url = env("DATABASE_URL")\n  directUrl = "bad\\q"\n}\n'
    assert extract("schema.prisma", text).candidates == []


@given(st.text(alphabet=st.sampled_from('datsource{}="mysql\\/\n url'), max_size=80))
def test_any_text_is_read_without_error(text: str) -> None:
    extract("schema.prisma", text)
