"""A URL constant another file connects through is one connection (issue 16)."""

from __future__ import annotations

from connlint.constant_uses import merge_constant_uses
from connlint.engine import Report
from connlint.model import Connection, Decision, Finding, Hop, Level, Location, TlsMode

URLS = "src/main/java/com/x/Urls.java"
APP = "src/main/java/com/x/App.java"
#: ``public static final String LEDGER = "jdbc:mysql://…?sslMode=DISABLED";``
DECLARATION = Location(URLS, 4, 32, 4, 95)
LITERAL = Location(URLS, 4, 42, 4, 95)
DECIDED = Location(URLS, 4, 78, 4, 94)


def _connection(
    location: Location, decided_at: Location, trail: tuple[Hop, ...] = (), host: str = "db"
) -> Connection:
    return Connection(
        "MySQL Connector/J", location, TlsMode.DISABLED, Decision.EXPLICIT, decided_at, host=host, trail=trail
    )


def _finding(conn: Connection) -> Finding:
    return Finding(
        "CL201", Level.ERROR, "no TLS", conn.decided_at, "e", decided_at=conn.decided_at, trail=conn.trail
    )


def _report(*connections: Connection) -> Report:
    return Report(findings=[_finding(c) for c in connections], connections=list(connections))


def test_the_definition_goes_when_another_file_connects_through_it() -> None:
    definition = _connection(LITERAL, DECIDED)
    use = _connection(
        Location(APP, 9, 9, 9, 60), Location(APP, 9, 37, 9, 48), (Hop(DECLARATION, "via Urls.LEDGER"),)
    )
    report = _report(definition, use)
    merge_constant_uses(report)
    assert report.connections == [use]
    assert [f.location.path for f in report.findings] == [APP]


def test_the_definition_stays_alone_or_for_another_database() -> None:
    definition = _connection(LITERAL, DECIDED)
    alone = _report(definition)
    merge_constant_uses(alone)
    assert alone.connections == [definition] and len(alone.findings) == 1
    other = _connection(
        Location(APP, 9, 9, 9, 60), Location(APP, 9, 37, 9, 48), (Hop(DECLARATION, "via X"),), "h2"
    )
    different = _report(definition, other)
    merge_constant_uses(different)
    assert len(different.connections) == 2 and len(different.findings) == 2


def test_a_helpers_own_connection_is_not_a_definition() -> None:
    # A helper's connection call is its callers' hop: the same place, not inside it.
    call = Location(URLS, 9, 16, 9, 70)
    helper = _connection(call, call)
    caller = _connection(
        Location(APP, 4, 20, 4, 40), Location(APP, 4, 21, 4, 39), (Hop(call, "via helper Db.open()"),)
    )
    report = _report(helper, caller)
    merge_constant_uses(report)
    assert len(report.connections) == 2


def test_a_connection_with_a_trail_of_its_own_stays() -> None:
    built = _connection(LITERAL, DECIDED, (Hop(Location(URLS, 2, 1, 2, 20), "via Keys.MODE"),))
    use = _connection(
        Location(APP, 9, 9, 9, 60), Location(APP, 9, 37, 9, 48), (Hop(DECLARATION, "via Urls.LEDGER"),)
    )
    report = _report(built, use)
    merge_constant_uses(report)
    assert report.connections == [built, use]


def test_a_helper_hop_around_the_helpers_own_connection_keeps_it() -> None:
    # getConnectionWithProps(dbUrl, propsList): the helper's own connection stands
    # at its argument, inside the call its callers name as a hop.
    call = Location(URLS, 9, 16, 9, 70)
    helper = _connection(Location(URLS, 9, 39, 9, 44), Location(URLS, 9, 39, 9, 44))
    caller = _connection(
        Location(APP, 4, 20, 4, 40), Location(APP, 4, 21, 4, 39), (Hop(call, "via helper Base.connect()"),)
    )
    report = _report(helper, caller)
    merge_constant_uses(report)
    assert len(report.connections) == 2


def test_a_definition_built_from_other_constants_goes_too() -> None:
    # URL = "jdbc:…" + Options.OFF: its own connection's trail is a constant's step.
    base = Hop(Location("src/main/java/com/x/Options.java", 3, 30, 3, 60), "via Options.OFF")
    definition = _connection(LITERAL, DECIDED, (base,))
    use = _connection(
        Location(APP, 9, 9, 9, 60), Location(APP, 9, 37, 9, 48), (base, Hop(DECLARATION, "via Urls.LEDGER"))
    )
    report = _report(definition, use)
    merge_constant_uses(report)
    assert report.connections == [use]
    assert [f.trail for f in report.findings] == [use.trail]


def test_a_python_module_constant_goes_when_another_module_connects_through_it() -> None:
    # ``DB_URL = "mysql+pymysql://…?ssl_disabled=true"`` in settings.py: the hop stands
    # on the value itself, which is also the literal's own connection.
    value = Location("app/settings.py", 1, 10, 1, 68)
    definition = _connection(value, Location("app/settings.py", 1, 50, 1, 67))
    use = _connection(
        Location("app/db.py", 10, 12, 10, 48),
        Location("app/db.py", 10, 37, 10, 47),
        (
            Hop(value, "via .settings.DB_URL"),
            Hop(Location("app/__init__.py", 1, 23, 1, 29), "via pkg.DB_URL"),
        ),
    )
    report = _report(definition, use)
    merge_constant_uses(report)
    assert report.connections == [use]


def test_python_hops_that_are_not_constants_keep_the_definition() -> None:
    value = Location("app/settings.py", 1, 10, 1, 68)
    for label in ("via self.config", "via get_config()", "via verify = True"):
        definition = _connection(value, Location("app/settings.py", 1, 50, 1, 67))
        use = _connection(
            Location("app/db.py", 10, 12, 10, 48), Location("app/db.py", 10, 37, 10, 47), (Hop(value, label),)
        )
        report = _report(definition, use)
        merge_constant_uses(report)
        assert len(report.connections) == 2, label
