"""What the client modules share: MySQL's ssl-mode names, the mode-property
decision, the Python drivers' default, and the size and citations of the
client modules (issue 14)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from connlint.clients import cli_options, connector_j, mariadb_j, mysqlclient_driver
from connlint.clients.decisions import MYSQL_SSL_MODES, invalid_value, named_mode, unknown_value
from connlint.clients.jdbc_url import Property
from connlint.clients.python_common import Options, default_verdict, hidden_options
from connlint.model import Decision, Location, Setting, TlsMode

CLIENTS = Path(connector_j.__file__).parent
LOC = Location("f", 1, 1, 1, 10)


def test_mysql_ssl_modes_are_the_five_modes_in_mysql_order() -> None:
    assert list(MYSQL_SSL_MODES) == ["DISABLED", "PREFERRED", "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"]
    assert all(MYSQL_SSL_MODES[name].value == name for name in MYSQL_SSL_MODES)
    with pytest.raises(TypeError):
        MYSQL_SSL_MODES["X"] = TlsMode.UNKNOWN  # type: ignore[index]


def test_each_driver_keeps_its_own_spelling() -> None:
    assert connector_j.SSL_MODES is MYSQL_SSL_MODES
    assert cli_options.SSL_MODE_VALUES is MYSQL_SSL_MODES
    assert mysqlclient_driver.MYSQLCLIENT_SSL_MODES is MYSQL_SSL_MODES
    assert "PREFERRED" not in connector_j.XDEVAPI_SSL_MODES
    assert mariadb_j.SSL_MODES["verify-full"] is TlsMode.VERIFY_IDENTITY


@pytest.mark.parametrize(
    ("value", "mode", "decision"),
    [
        ("VERIFY_CA", TlsMode.VERIFY_CA, Decision.EXPLICIT),
        ("verify_ca", TlsMode.UNKNOWN, Decision.EXPLICIT),  # the caller normalises; this one did not
        (None, TlsMode.UNKNOWN, Decision.UNKNOWN),
    ],
)
def test_named_mode(value: str | None, mode: TlsMode, decision: Decision) -> None:
    prop = Property("sslMode", value, LOC, f"sslMode={value}")
    decided = named_mode(prop, MYSQL_SSL_MODES, value)
    assert (decided.mode, decided.decision, decided.prop) == (mode, decision, prop)


def test_unknown_and_invalid_values_say_why() -> None:
    prop = Property("sslMode", None, LOC, "sslMode=…", unknown="a placeholder `${X}`")
    assert unknown_value(prop).unknown == "a placeholder `${X}`"
    bad = Property("sslMode", "NOPE", LOC, "sslMode=NOPE")
    assert invalid_value(bad).unknown == "the connection fails: invalid value `sslMode=NOPE`"


def test_default_verdict_unless_options_are_hidden() -> None:
    plain = Options([Setting("host", "db", LOC)])
    assert hidden_options(plain) is None
    assert default_verdict(plain, TlsMode.PREFERRED).mode is TlsMode.PREFERRED
    option_file = Options([Setting("read_default_file", "/etc/my.cnf", LOC)])
    assert default_verdict(option_file, TlsMode.PREFERRED).mode is TlsMode.UNKNOWN
    # A driver whose option-file keyword is not modelled keeps its default.
    assert default_verdict(option_file, TlsMode.DISABLED, option_files=False).mode is TlsMode.DISABLED


def test_client_modules_stay_small() -> None:
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in CLIENTS.glob("*.py")}
    assert {name: n for name, n in sizes.items() if n > 600} == {}


def test_client_modules_cite_public_sources_only() -> None:
    internal = re.compile(r"\.\./shared|README (?:fact|row)|knowledge/|DESIGN\.md|\w+\.md §")
    cited = {p.name: m.group(0) for p in CLIENTS.glob("*.py") if (m := internal.search(p.read_text("utf-8")))}
    assert cited == {}
