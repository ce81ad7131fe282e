"""The trail: where a deciding value came from, from candidate to every output format."""

from __future__ import annotations

import json
from pathlib import Path

from tests.reporters.test_sarif import validate_sarif

from connlint.checks import run_checks
from connlint.checks.findings import FileFacts
from connlint.config import Config
from connlint.connections import resolve_candidates
from connlint.engine import Report, run
from connlint.model import Assumptions, Candidate, CandidateKind, Finding, Hop, Location, Setting, Span
from connlint.reporters import REPORTER_BY_NAME, RenderOptions
from connlint.reporters.inventory import render_inventory

APP = "src/main/java/com/x/App.java"
ROOT = Path(__file__).resolve().parent.parent
ORIGIN = Hop(Location("src/main/java/com/x/Urls.java", 4, 30, 4, 52), "via Urls.OPTIONS")


def _url_candidate(trail: tuple[Hop, ...]) -> Candidate:
    url = Span.at("jdbc:mysql://db.example.com/app?sslMode=DISABLED", APP, 9, 20)
    return Candidate(CandidateKind.JDBC, Location(APP, 9, 9, 9, 80), url=url, trail=trail)


def _findings(candidate: Candidate) -> tuple[Report, list[Finding]]:
    resolved = resolve_candidates(APP, [candidate], Assumptions())
    findings = run_checks(FileFacts(APP, resolved.connections, resolved.facts), {"CL201"})
    return Report(findings=findings, connections=resolved.connections, files_seen=1), findings


def test_a_candidates_trail_reaches_the_connection_and_its_finding() -> None:
    report, findings = _findings(_url_candidate((ORIGIN,)))
    (conn,) = report.connections
    assert conn.trail == (ORIGIN,)
    (finding,) = findings
    assert finding.trail == (ORIGIN,)
    assert finding.message.endswith("(via Urls.OPTIONS)")


def test_no_trail_changes_nothing() -> None:
    report, findings = _findings(_url_candidate(()))
    assert report.connections[0].trail == () and findings[0].trail == ()
    assert "via" not in findings[0].message
    doc = json.loads(REPORTER_BY_NAME["json"](report, RenderOptions()))
    assert "trail" not in doc["findings"][0]
    sarif = json.loads(REPORTER_BY_NAME["sarif"](report, RenderOptions()))
    assert "codeFlows" not in sarif["runs"][0]["results"][0]


def test_a_settings_trail_only_when_it_decided() -> None:
    hop = Hop(Location("src/main/java/com/x/Keys.java", 2, 5, 2, 20), "via Keys.MODE")
    other = Hop(Location("src/main/java/com/x/Keys.java", 3, 5, 3, 20), "via Keys.USER")
    deciding = Setting("sslMode", "DISABLED", Location(APP, 10, 5, 10, 40), trail=(hop,))
    unrelated = Setting("user", "app", Location(APP, 11, 5, 11, 40), trail=(other,))
    url = Span.at("jdbc:mysql://db.example.com/app", APP, 9, 20)
    candidate = Candidate(
        CandidateKind.JDBC, Location(APP, 9, 9, 9, 60), url=url, settings=(deciding, unrelated)
    )
    report, findings = _findings(candidate)
    assert report.connections[0].trail == (hop,)
    assert findings[0].trail == (hop,)


def test_sarif_related_locations_and_code_flow_are_valid() -> None:
    report, _ = _findings(_url_candidate((ORIGIN,)))
    doc = json.loads(REPORTER_BY_NAME["sarif"](report, RenderOptions()))
    validate_sarif(doc)
    (result,) = doc["runs"][0]["results"]
    (related,) = result["relatedLocations"]
    assert related["id"] == 1 and related["message"]["text"] == "via Urls.OPTIONS"
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "src/main/java/com/x/Urls.java"
    assert related["physicalLocation"]["region"]["startLine"] == 4
    steps = result["codeFlows"][0]["threadFlows"][0]["locations"]
    uris = [s["location"]["physicalLocation"]["artifactLocation"]["uri"] for s in steps]
    assert uris == ["src/main/java/com/x/Urls.java", APP]  # origin first, the finding last


def test_json_inventory_and_text_carry_the_trail() -> None:
    report, _ = _findings(_url_candidate((ORIGIN,)))
    doc = json.loads(REPORTER_BY_NAME["json"](report, RenderOptions()))
    assert doc["findings"][0]["trail"] == [
        {"path": "src/main/java/com/x/Urls.java", "line": 4, "column": 30, "label": "via Urls.OPTIONS"}
    ]
    inventory = json.loads(render_inventory(report, "json"))
    (row,) = inventory["connections"]
    assert row["trail"][0]["label"] == "via Urls.OPTIONS"
    assert row["decided"].endswith("(via Urls.OPTIONS)")
    full = REPORTER_BY_NAME["full"](report, RenderOptions(show_source=True))
    assert "  = via Urls.OPTIONS: src/main/java/com/x/Urls.java:4:30" in full


def test_the_same_finding_reached_several_ways_is_one_with_every_hop() -> None:
    hops = [Hop(Location(APP, 20 + i, 1, 20 + i, 9), f"via call {i}") for i in range(5)]
    resolved = resolve_candidates(APP, [_url_candidate((h,)) for h in hops], Assumptions())
    (finding,) = run_checks(FileFacts(APP, resolved.connections, resolved.facts), frozenset({"CL201"}))
    assert finding.trail == tuple(hops)
    # The message names the first three; every hop is in the trail.
    assert finding.message.endswith("(via call 0; via call 1; via call 2; 2 more)")


def test_outcomes_that_resolve_alike_are_one_connection() -> None:
    """Two candidates of one call whose connections are equal in every respect
    (branches that differ where nothing is decided) are listed once.
    """
    from connlint.connections import resolve_candidates
    from connlint.model import Assumptions, Candidate, CandidateKind, Location, Span

    where = Location("A.java", 3, 1, 3, 20)
    url = Span.at("jdbc:mysql://h/db?sslMode=DISABLED", "A.java", 3, 5)
    same = [Candidate(CandidateKind.JDBC, where, url=url)] * 2
    assert len(resolve_candidates("A.java", same, Assumptions()).connections) == 1
    other = Candidate(CandidateKind.JDBC, where, url=Span.at("jdbc:mysql://h/db", "A.java", 3, 5))
    assert len(resolve_candidates("A.java", [*same, other], Assumptions()).connections) == 2


def test_settings_standing_at_one_place_name_their_shared_step_once() -> None:
    # A subclass's constructor's settings all stand at the `new`; each has the
    # constructor as its last step (issue 16, Java).
    at = Location(APP, 10, 5, 10, 40)
    ctor = Location("src/main/java/com/x/Pool.java", 6, 9, 6, 50)
    mode = Setting("sslMode", "DISABLED", at, trail=(Hop(ctor, "via constructor Pool()"),))
    user = Setting(
        "user", "app", at, trail=(Hop(Location(ctor.path, 7, 9, 7, 50), "via constructor Pool()"),)
    )
    url = Span.at("jdbc:mysql://db.example.com/app", APP, 9, 20)
    candidate = Candidate(CandidateKind.JDBC, Location(APP, 9, 9, 9, 60), url=url, settings=(mode, user))
    report, findings = _findings(candidate)
    assert [h.label for h in report.connections[0].trail] == ["via constructor Pool()"]
    assert findings[0].message.endswith("(via constructor `Pool()`)")


def test_of_settings_standing_at_one_place_the_deciding_ones_trail() -> None:
    at = Location(APP, 10, 5, 10, 40)
    ctor = Location("src/main/java/com/x/Pool.java", 6, 9, 6, 50)
    origin = Hop(Location("src/main/java/com/x/Keys.java", 2, 5, 2, 20), "via Keys.MODE")
    mode = Setting(
        "sslMode",
        "DISABLED",
        at,
        value_span=Span.at("DISABLED", APP, 10, 5),
        trail=(origin, Hop(ctor, "via constructor Pool()")),
    )
    store = Hop(Location("src/main/java/com/x/Keys.java", 3, 5, 3, 20), "via Keys.STORE")
    other = Setting(
        "trustCertificateKeyStoreType", "PEM", at, trail=(store, Hop(ctor, "via constructor Pool()"))
    )
    url = Span.at("jdbc:mysql://db.example.com/app", APP, 9, 20)
    candidate = Candidate(CandidateKind.JDBC, Location(APP, 9, 9, 9, 60), url=url, settings=(other, mode))
    report, _ = _findings(candidate)
    assert [h.label for h in report.connections[0].trail] == ["via Keys.MODE", "via constructor Pool()"]


def _elsewhere(trail: tuple[Hop, ...]) -> Candidate:
    """A URL written on line 4 (a variable or constant) that the call on line 9 connects with."""
    url = Span.at("jdbc:mysql://db.example.com/app?sslMode=DISABLED", APP, 4, 22)
    return Candidate(CandidateKind.JDBC, Location(APP, 9, 16, 9, 60), url=url, trail=trail)


def test_a_value_written_elsewhere_ends_its_path_at_the_connection() -> None:
    # The sink: a finding standing on a variable's or constant's value names the
    # connection it decides (SARIF related location and last step; JSON ``sink``).
    report, findings = _findings(_elsewhere((ORIGIN,)))
    (finding,) = findings
    assert finding.location.line == 4 and finding.sink == report.connections[0].location
    doc = json.loads(REPORTER_BY_NAME["sarif"](report, RenderOptions()))
    validate_sarif(doc)
    (result,) = doc["runs"][0]["results"]
    related = [
        (r["physicalLocation"]["region"]["startLine"], r["message"]["text"])
        for r in result["relatedLocations"]
    ]
    assert related == [(4, "via Urls.OPTIONS"), (9, "the connection (MySQL Connector/J)")]
    steps = result["codeFlows"][0]["threadFlows"][0]["locations"]
    lines = [s["location"]["physicalLocation"]["region"]["startLine"] for s in steps]
    assert lines == [4, 4, 9]  # origin, the finding, the connection
    assert steps[0]["location"]["physicalLocation"]["artifactLocation"]["uri"].endswith("Urls.java")
    row = json.loads(REPORTER_BY_NAME["json"](report, RenderOptions()))["findings"][0]
    assert row["sink"] == f"{APP}:9:16"


def test_a_variable_without_hops_still_has_its_path() -> None:
    # ``String url = "jdbc:…"; DriverManager.getConnection(url)``; ``MYSQL="mysql …"; $MYSQL``.
    report, (finding,) = _findings(_elsewhere(()))
    assert finding.trail == () and finding.sink is not None
    (result,) = json.loads(REPORTER_BY_NAME["sarif"](report, RenderOptions()))["runs"][0]["results"]
    assert [r["message"]["text"] for r in result["relatedLocations"]] == [
        "the connection (MySQL Connector/J)"
    ]
    assert len(result["codeFlows"][0]["threadFlows"][0]["locations"]) == 2


def test_no_sink_when_the_finding_stands_at_the_connection() -> None:
    report, (finding,) = _findings(_url_candidate(()))
    assert finding.sink is None
    assert "sink" not in json.loads(REPORTER_BY_NAME["json"](report, RenderOptions()))["findings"][0]


def test_shell_variable_and_loop_values_reach_their_command() -> None:
    from connlint.frontends import shell

    text = 'MYSQL="mysql --ssl-mode=DISABLED"\n$MYSQL -h db.example.com\n'
    text += "for o in --ssl-mode=REQUIRED; do mysql $o -h db.example.com; done\n"
    candidates = shell.extract("x.sh", text).candidates
    resolved = resolve_candidates("x.sh", candidates, Assumptions())
    found = run_checks(FileFacts("x.sh", resolved.connections, resolved.facts), frozenset({"CL201", "CL202"}))
    assert [(f.rule, f.location.line, f.sink.line if f.sink else None) for f in found] == [
        ("CL201", 1, 2),
        ("CL202", 3, 3),
    ]


def test_a_helper_after_the_finding_comes_after_it_on_the_path() -> None:
    # Db.open(Opts.OFF): the option's constant leads to the call site, where the
    # finding stands; the helpers the argument is handed to follow it.
    outer = Hop(Location("src/main/java/com/x/Db.java", 8, 16, 8, 40), "via helper Db.open()", after=True)
    inner = Hop(Location("src/main/java/com/x/Db.java", 13, 16, 13, 60), "via helper Db.raw()", after=True)
    report, _ = _findings(_url_candidate((ORIGIN, outer, inner)))
    doc = json.loads(REPORTER_BY_NAME["sarif"](report, RenderOptions()))
    validate_sarif(doc)
    steps = doc["runs"][0]["results"][0]["codeFlows"][0]["threadFlows"][0]["locations"]
    where = [
        (
            s["location"]["physicalLocation"]["artifactLocation"]["uri"],
            s["location"]["physicalLocation"]["region"]["startLine"],
        )
        for s in steps
    ]
    assert where == [
        ("src/main/java/com/x/Urls.java", 4),
        (APP, 9),
        ("src/main/java/com/x/Db.java", 8),
        ("src/main/java/com/x/Db.java", 13),
    ]
    trail = json.loads(REPORTER_BY_NAME["json"](report, RenderOptions()))["findings"][0]["trail"]
    assert [step.get("after", False) for step in trail] == [False, True, True]
    inventory = json.loads(render_inventory(report, "json"))
    assert [step.get("after", False) for step in inventory["connections"][0]["trail"]] == [False, True, True]


def test_a_finding_names_only_the_steps_of_its_deciding_text() -> None:
    # The URL of _url_candidate: the host `db.example.com` stands at 9:33, the
    # option `sslMode=DISABLED` at 9:52 (issue 16, "Message text names the hop").
    host = Hop(
        Location("src/main/java/com/x/Config.java", 3, 5, 3, 40),
        "via Config.HOST",
        at=Location(APP, 9, 33, 9, 47),
    )
    option = Hop(ORIGIN.location, ORIGIN.label, at=Location(APP, 9, 52, 9, 68))
    helper = Hop(Location("src/main/java/com/x/Db.java", 8, 5, 8, 40), "via helper Db.open()")
    elsewhere = Hop(
        Location("src/main/java/com/x/Db.java", 9, 5, 9, 40), "via Db.URL", at=Location("Db.java", 1, 1, 1, 9)
    )
    report, findings = _findings(_url_candidate((host, option, helper, elsewhere)))
    (conn,) = report.connections
    assert conn.trail == (host, option, helper, elsewhere)  # the connection keeps every step
    assert conn.deciding_trail() == (option, helper, elsewhere)
    (finding,) = findings
    assert finding.trail == (option, helper, elsewhere)
    assert finding.message.endswith("(via Urls.OPTIONS; via helper `Db.open()`; via Db.URL)")
    assert "Config.HOST" not in conn.describe_decision()
    inventory = json.loads(render_inventory(report, "json"))
    assert [step["label"] for step in inventory["connections"][0]["trail"]] == [
        "via Urls.OPTIONS",
        "via helper Db.open()",
        "via Db.URL",
    ]
    sarif = json.loads(REPORTER_BY_NAME["sarif"](report, RenderOptions()))
    related = sarif["runs"][0]["results"][0]["relatedLocations"]
    assert "via Config.HOST" not in [r["message"]["text"] for r in related]


def _messages(root: Path) -> dict[tuple[str, int], list[str]]:
    report = run([root], Config(select=("CL201", "CL303")), jobs=1)
    out: dict[tuple[str, int], list[str]] = {}
    for f in report.findings:
        out.setdefault((Path(f.location.path).name, f.location.line), []).append(f.message)
    return out


def test_java_host_and_port_constants_are_no_steps_of_the_option() -> None:
    messages = _messages(ROOT / "fixtures/projects/java-constants")
    plain = "MySQL Connector/J connects without TLS (`sslMode=DISABLED`)"
    # String.format of host and port from constants, the option in the format string.
    assert messages[("Endpoint.java", 18)] == [plain]
    # Host, port and database from constants, the option from another.
    assert messages[("Endpoint.java", 25)] == [f"{plain} (via Endpoints.PLAIN)"]
    # BASE (scheme, host and database) is not a step of SUFFIX's option.
    assert messages[("Ledger.java", 19)] == [f"{plain} (via LedgerConfig.SUFFIX)"]
    assert messages[("Ledger.java", 52)] == [f"{plain} (via LedgerConfig.Tls.OFF)"]


def test_python_host_constant_is_no_step_of_the_option(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app/__init__.py").write_text("")
    (tmp_path / "app/conf.py").write_text('HOST = "db.example.com"\nOPTS = "?ssl_disabled=true"\n')
    (tmp_path / "app/db.py").write_text(
        "import sqlalchemy\n"
        "from app import conf\n"
        'a = sqlalchemy.create_engine(f"mysql+mysqlconnector://{conf.HOST}/db?ssl_disabled=true")\n'
        'b = sqlalchemy.create_engine("mysql+mysqlconnector://" + conf.HOST + "/db" + conf.OPTS)\n'
    )
    messages = _messages(tmp_path)
    plain = "mysql-connector-python connects without TLS (`ssl_disabled=true`)"
    assert messages[("db.py", 3)] == [plain]
    assert messages[("db.py", 4)] == [f"{plain} (via conf.OPTS)"]


def test_outcomes_differing_only_in_what_a_port_carried_are_one_connection() -> None:
    """``jdbc:mysql://localhost:%d/?useSSL=false`` with the port from an option
    or from a default: the same connection twice, with the port's own steps in
    its trail; listed once (sqlancer's providers listed each call four times).
    """
    # Each step stands where its text is in the URL (``at``): the port, the options.
    options = Location("src/main/java/com/x/Options.java", 3, 30, 3, 34)
    port_hop = Hop(options, "via Options.PORT", at=Location(APP, 9, 48, 9, 52))

    def candidate(port: str, trail: tuple[Hop, ...]) -> Candidate:
        text = f"jdbc:mysql://db.example.com:{port}/app?sslMode=DISABLED"
        url = Span.at(text, APP, 9, 20)
        return Candidate(CandidateKind.JDBC, Location(APP, 9, 9, 9, 80), url=url, trail=trail)

    deciding = Hop(ORIGIN.location, "via Urls.OPTIONS", at=Location(APP, 9, 57, 9, 73))
    resolved = resolve_candidates(
        APP, [candidate("3306", (port_hop, deciding)), candidate("3306", (deciding,))], Assumptions()
    )
    (conn,) = resolved.connections
    assert conn.trail == (port_hop, deciding)
    other_mode = candidate("3306", (deciding,))
    other_mode = Candidate(
        CandidateKind.JDBC,
        other_mode.location,
        url=Span.at("jdbc:mysql://db.example.com:3306/app?sslMode=REQUIRED", APP, 9, 20),
    )
    both = resolve_candidates(APP, [candidate("3306", (deciding,)), other_mode], Assumptions())
    assert [c.mode.name for c in both.connections] == ["DISABLED", "REQUIRED"]


def test_of_option_file_lines_joined_at_one_word_the_deciding_ones_step(tmp_path: Path) -> None:
    # The command line decides by `--skip-ssl`; the file wrote `skip-ssl` (no dashes),
    # beside another group's TLS line that decided nothing.
    (tmp_path / "client.cnf").write_text("[client]\nssl-ca = /etc/ca.pem\n\n[client-mariadb]\nskip-ssl\n")
    (tmp_path / "run.sh").write_text(
        "mariadb --defaults-extra-file=client.cnf -h db.example.com -e 'select 1'\n"
    )
    [connection] = [
        c for c in run([tmp_path], Config(), jobs=1).connections if c.location.path.endswith("run.sh")
    ]
    assert connection.decided_by == "--skip-ssl"
    assert [h.label for h in connection.trail] == [f"via [client-mariadb] in {tmp_path / 'client.cnf'}"]
