"""Options not known statically on a client's command line (issue 16, item 11):
an unquoted shell variable of unknown value alone as an argument (``mysql
$SSL_OPTS -h db``) may be any options, so the TLS outcome is not known unless
an option after it decides.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from connlint.clients import cli_options, mysql_cli
from connlint.model import (
    DYNAMIC,
    Assumptions,
    Candidate,
    CandidateKind,
    Decision,
    DriverVersion,
    Location,
    Setting,
    Span,
    TlsMode,
)


def candidate(cmd: str, unknown: dict[str, str]) -> Candidate:
    """``cmd`` split on spaces; a word named in ``unknown`` becomes a DYNAMIC word
    marked as options not known statically (by that variable).
    """
    words, settings, col = [], [], 1
    for w in cmd.split(" "):
        span = Span.at(DYNAMIC if w in unknown else w, "x.sh", 1, col)
        words.append(span)
        if w in unknown:
            key = cli_options.UNKNOWN_WORDS_KEY
            settings.append(Setting(key, None, span.locate(), source="shell", unknown=unknown[w]))
        col += len(w) + 1
    return Candidate(
        CandidateKind.MYSQL_CLI, Location("x.sh", 1, 1, 1, col), argv=tuple(words), settings=tuple(settings)
    )


def resolved(cmd: str, family: str | None = None, version: str | None = None) -> tuple[TlsMode, Decision]:
    known = DriverVersion(version) if version else None
    versions = {"mysql-client": known, "mariadb-client": known} if known else {}
    (c,) = mysql_cli.resolve(candidate(cmd, {"OPTS": "$OPTS"}), Assumptions(versions, family)).connections
    return c.mode, c.decision


def test_parse_argv_reads_a_marked_word_as_unknown_options() -> None:
    cand = candidate("mysql OPTS -h db app", {"OPTS": "$OPTS"})
    options = cli_options.parse_argv(cand.argv[1:], cli_options.unknown_words(cand.settings))
    assert [o.name for o in options] == [cli_options.UNKNOWN_OPTIONS, "host", cli_options.OPERAND]
    assert options[0].written == "$OPTS"
    # Without the marks (another caller), the same word is an operand, as before.
    assert cli_options.parse_argv(cand.argv[1:])[0].name == cli_options.OPERAND


def test_after_end_of_options_a_marked_word_is_an_operand() -> None:
    cand = candidate("mysql -h db -- OPTS", {"OPTS": "$OPTS"})
    options = cli_options.parse_argv(cand.argv[1:], cli_options.unknown_words(cand.settings))
    assert options[-1].name == cli_options.OPERAND


def test_unknown_options_make_the_mode_unknown() -> None:
    assert resolved("mysql OPTS -h db app") == (TlsMode.UNKNOWN, Decision.UNKNOWN)
    assert resolved("mysql OPTS -h db app", "mysql", "8.0.36") == (TlsMode.UNKNOWN, Decision.UNKNOWN)
    assert resolved("mariadb OPTS -h db app", "mariadb", "10.11") == (TlsMode.UNKNOWN, Decision.UNKNOWN)
    assert resolved("mariadb OPTS -h db app", "mariadb", "11.4") == (TlsMode.UNKNOWN, Decision.UNKNOWN)


def test_an_option_before_them_no_longer_decides() -> None:
    # The variable may hold another --ssl-mode (the last one wins), or a --ssl-mode
    # that drops the CA.
    assert resolved("mysql --ssl-mode=DISABLED OPTS -h db")[0] is TlsMode.UNKNOWN
    assert resolved("mysql OPTS --ssl-ca=/ca.pem -h db", "mysql", "8.0")[0] is TlsMode.UNKNOWN
    assert resolved("mariadb --skip-ssl OPTS -h db", "mariadb", "10.6")[0] is TlsMode.UNKNOWN


def test_an_explicit_option_after_them_decides() -> None:
    assert resolved("mysql OPTS --ssl-mode=DISABLED -h db") == (TlsMode.DISABLED, Decision.EXPLICIT)
    assert resolved("mariadb OPTS --skip-ssl -h db", "mariadb", "10.6")[0] is TlsMode.DISABLED
    assert resolved("mariadb OPTS --ssl-verify-server-cert -h db", "mariadb", "10.6")[0] is (
        TlsMode.VERIFY_IDENTITY
    )
    # --ssl alone leaves verification to the options not known.
    assert resolved("mariadb OPTS --ssl -h db", "mariadb", "10.6")[0] is TlsMode.UNKNOWN


def test_unknown_options_may_name_the_host() -> None:
    cand = candidate("mysql OPTS app", {"OPTS": "$OPTS"})
    (c,) = mysql_cli.resolve(cand, Assumptions({}, "mariadb")).connections
    assert c.host is None  # not the local socket: the host may be among them
    assert c.unknown == "$OPTS"


@given(st.sampled_from(["DISABLED", "PREFERRED", "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"]))
def test_a_mode_after_them_wins_whatever_it_is(mode: str) -> None:
    got, decision = resolved(f"mysql OPTS --ssl-mode={mode} -h db")
    assert got.name == mode and decision is Decision.EXPLICIT
