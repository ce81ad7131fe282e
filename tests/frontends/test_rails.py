"""Rails database.yml sections (frontends/rails.py through the YAML front-end)."""

from __future__ import annotations

from connlint.frontends import yaml
from connlint.model import DYNAMIC, Candidate, CandidateKind, Secret

DATABASE_YML = """\
default: &default
  adapter: mysql2
  username: root
  password: <%= ENV["DB_PASSWORD"] %>
  host: localhost

development:
  <<: *default
  database: dev

production:
  <<: *default
  host: <%= ENV['DB_HOST'] %>
  sslca: /etc/ssl/ca.pem
  ssl_mode: :verify_identity

test:
  adapter: sqlite3
  database: db/test.sqlite3

multi:
  primary:
    <<: *default
    adapter: trilogy
    password: secret
  cache:
    adapter: trilogy
    url: trilogy://app@cache.example.com/cache?ssl_mode=required
"""


def _sections(text: str) -> dict[int, Candidate]:
    extraction = yaml.extract("config/database.yml", text)
    return {c.location.line: c for c in extraction.candidates if c.kind is CandidateKind.DRIVER_CONFIG}


def test_one_candidate_per_environment_with_merges() -> None:
    found = _sections(DATABASE_YML)
    assert sorted(found) == [7, 11, 22, 26]  # not the template, not sqlite
    assert [found[line].driver for line in sorted(found)] == [
        "mysql2-gem",
        "mysql2-gem",
        "trilogy",
        "trilogy",
    ]
    production = {s.key: s for s in found[11].settings}
    assert production["host"].value is not None and DYNAMIC in production["host"].value
    assert production["host"].unknown == "ENV['DB_HOST']"
    assert production["sslca"].value == "/etc/ssl/ca.pem"
    assert production["sslca"].location.line == 14
    assert production["ssl_mode"].value == ":verify_identity"
    # merged from the template, located there
    assert production["username"].location.line == 3
    assert production["password"].value is None


def test_explicit_keys_win_over_merged_ones() -> None:
    primary = {s.key: s for s in _sections(DATABASE_YML)[22].settings}
    assert isinstance(primary["password"].value, Secret) and primary["password"].value.reveal() == "secret"
    assert "secret" not in primary["password"].source


def test_url_key_is_the_candidate_url() -> None:
    cache = _sections(DATABASE_YML)[26]
    assert cache.url is not None and cache.url.text.startswith("trilogy://")
    assert cache.url.locate().line == 28


def test_no_adapter_no_candidate() -> None:
    assert _sections("production:\n  adapter: postgresql\n  host: db\n") == {}
    assert _sections("adapter: mysql2\n") == {}


def test_erb_lines_do_not_break_the_file() -> None:
    text = (
        "production:\n  adapter: trilogy\n  port: <%= ENV.fetch('PORT') { 3306 } %>\n  ssl_mode: required\n"
    )
    [candidate] = _sections(text).values()
    assert {s.key for s in candidate.settings} == {"port", "ssl_mode"}


def test_dynamic_url_hides_host_and_mode() -> None:
    from connlint.clients import driver_config
    from connlint.model import Assumptions, TlsMode

    text = "production:\n  adapter: trilogy\n  password: pw\n  url: <%= ENV['DATABASE_URL'] %>\n"
    [candidate] = _sections(text).values()
    [connection] = driver_config.resolve(candidate, Assumptions()).connections
    assert (connection.mode, connection.host, connection.loopback) == (TlsMode.UNKNOWN, None, False)
    assert connection.unknown is not None and "ENV['DATABASE_URL']" in connection.unknown


def test_env_defaults_are_read_as_the_default() -> None:
    text = (
        "production:\n"
        "  adapter: trilogy\n"
        '  host: <%= ENV.fetch("DB_HOST", "db.example.com") %>\n'
        "  port: <%= ENV.fetch('DB_PORT') { 3306 } %>\n"
        "  ssl_mode: <%= ENV['SSL_MODE'] || 'verify_identity' %>\n"
        '  username: <%= ENV["DB_USER"] %>\n'
    )
    [candidate] = _sections(text).values()
    settings = {s.key: s for s in candidate.settings}
    assert settings["host"].value == "db.example.com"
    assert settings["host"].value_span is not None
    assert settings["host"].value_span.locate().column == text.split("\n")[2].index("db.example") + 1
    assert settings["port"].value == "3306"
    assert settings["ssl_mode"].value == "verify_identity"
    assert settings["username"].value == DYNAMIC and settings["username"].unknown == 'ENV["DB_USER"]'


def test_erb_code_blocks_are_masked() -> None:
    text = (
        "<%\n  user_key = 'MYSQL_APP_USER'\n%>\n"
        "production:\n"
        "  adapter: trilogy\n"
        '  host: <%= ENV.fetch "DB_HOST", "db.example.com" %>\n'
        "<% if ENV['REPLICA'] %>\n"
        "  ssl_mode: required\n"
        "<% end %>\n"
    )
    [candidate] = _sections(text).values()
    settings = {s.key: s for s in candidate.settings}
    assert candidate.location.line == 4
    assert settings["host"].value == "db.example.com"
    assert settings["ssl_mode"].location.line == 8


def test_merged_environment_is_a_connection_and_aliases_are_read_once() -> None:
    text = (
        "development: &development\n  adapter: trilogy\n  host: dev.example.com\n"
        "test:\n  <<: *development\n  database: t\n"
        "production: &production\n  adapter: mysql2\n  host: db.example.com\n"
        "beta: *production\n"
    )
    assert sorted(_sections(text)) == [1, 4, 7]


def test_ca_under_rails_root_keeps_its_name() -> None:
    from connlint.clients import driver_config
    from connlint.model import Assumptions, FactKind, TlsMode

    text = (
        "production:\n  adapter: mysql2\n  host: db.example.com\n  ssl_mode: :verify_ca\n"
        '  sslca: <%= Rails.root.join("../cert/eu-west-2-bundle.pem") %>\n'
    )
    [candidate] = _sections(text).values()
    [connection] = driver_config.resolve(candidate, Assumptions()).connections
    assert connection.mode is TlsMode.VERIFY_CA
    [anchor] = [f for f in connection.facts if f.kind is FactKind.TRUST_ANCHOR]
    assert anchor.value == "{…}/../cert/eu-west-2-bundle.pem"
    assert anchor.location.line == 5
