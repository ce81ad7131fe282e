"""Shell front-end, issue 16 item 13: option files named on a client's command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from connlint import project
from connlint.clients import mysql_cli
from connlint.connections import resolve_candidates
from connlint.frontends import shell
from connlint.frontends.shell_option_files import groups_read
from connlint.model import DYNAMIC, Assumptions, Candidate, CandidateKind, TlsMode


def _cands(root: Path, script: str, text: str) -> list[Candidate]:
    path = root / script
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    with project.using(project.Project()):
        found = shell.extract(str(path), text).candidates
    return [c for c in found if c.kind is CandidateKind.MYSQL_CLI]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "app.cnf").write_text(
        "[client]\nhost = db.example.com\nssl-mode = DISABLED\npassword = s3cret\n"
        "[mysqldump]\nssl-mode = VERIFY_IDENTITY\n[mysqld]\nssl-mode = REQUIRED\n"
    )
    return tmp_path


def _mode(candidate: Candidate) -> TlsMode:
    (connection,) = mysql_cli.resolve(candidate, Assumptions()).connections
    return connection.mode


def test_groups_of_a_named_file_join_the_command(repo: Path) -> None:
    (c,) = _cands(repo, "ops/run.sh", "mysql --defaults-extra-file=../conf/app.cnf -e 'select 1'\n")
    words = [w.text for w in c.argv]
    # Before the command line's own options; no password (the file's own finding).
    assert words[:3] == ["mysql", "--host=db.example.com", "--ssl-mode=DISABLED"]
    assert _mode(c) is TlsMode.DISABLED
    # Located at the word that names the file, with the file's line as the trail.
    assert c.argv[2].locate().line == 1 and c.argv[2].locate().column == 7
    (connection,) = resolve_candidates("ops/run.sh", [c], Assumptions()).connections
    (hop,) = connection.trail
    assert hop.location.line == 3 and hop.location.path.endswith("conf/app.cnf")
    assert hop.label.startswith("via [client] in ") and hop.label.endswith("conf/app.cnf")


def test_program_group_and_command_line_win(repo: Path) -> None:
    text = (
        "mysqldump --defaults-file conf/app.cnf app\n"  # relative to the repository root
        "mysql --defaults-extra-file=/conf/app.cnf --ssl-mode=REQUIRED\n"  # absolute: under the root
    )
    dump, cli = _cands(repo, "ops/run.sh", text)
    assert _mode(dump) is TlsMode.VERIFY_IDENTITY
    assert _mode(cli) is TlsMode.REQUIRED


def test_files_not_in_the_repository_leave_the_mode_unknown(repo: Path) -> None:
    # Issue 16, item 1: its [client] group may set TLS: not the default. The file
    # stands for options not known (no option name guessed: a guessed --ssl-mode
    # made MariaDB clients' "no --ssl-mode option" CL303 fire).
    (c,) = _cands(repo, "run.sh", "mysql --defaults-extra-file=/etc/mysql/other.cnf -h db\n")
    assert [w.text for w in c.argv][1:] == [
        DYNAMIC,
        "--defaults-extra-file=/etc/mysql/other.cnf",
        "-h",
        "db",
    ]
    assert _mode(c) is TlsMode.UNKNOWN
    (connection,) = resolve_candidates("run.sh", [c], Assumptions()).connections
    assert [h.label for h in connection.trail] == [
        "via `/etc/mysql/other.cnf`, not in the repository (its [client] group may set TLS)"
    ]
    for text in ('mysql --defaults-file="$CNF" -h db\n', "mysql --defaults-extra-file ~/.my.cnf -h db\n"):
        (c,) = _cands(repo, "run.sh", text)
        assert _mode(c) is TlsMode.UNKNOWN
    # The command line's own mode still decides.
    (c,) = _cands(repo, "run.sh", "mysql --defaults-file=/etc/my.cnf --ssl-mode=DISABLED -h db\n")
    assert _mode(c) is TlsMode.DISABLED
    # Outside a run nothing is read.
    (c,) = shell.extract("run.sh", "mysql --defaults-extra-file=conf/app.cnf\n").candidates  # no Project
    assert len(c.argv) == 2


PASSFILE = '_passfile() {\n  cat <<-EOF\n\t[client]\n\tpassword="${PW}"\n\tEOF\n}\n'


def test_files_the_script_writes_without_tls_options(repo: Path) -> None:
    # docker-library/mysql's <( _mysql_passfile ): a password only, the default stays.
    (c,) = _cands(repo, "run.sh", PASSFILE + "mysql --defaults-extra-file=<( _passfile ) -h db\n")
    assert _mode(c) is TlsMode.PREFERRED
    written = 'F=$(mktemp)\ncat >"$F" <<EOF\n[client]\npassword=x\nEOF\nmysql --defaults-file="${F}" -h db\n'
    (c,) = _cands(repo, "run.sh", written)
    assert _mode(c) is TlsMode.PREFERRED
    # Named in an array the command spreads (mysql/mysql-docker's entrypoint).
    text = 'P=$(mktemp)\nm=( mysql --defaults-extra-file="$P" -h db )\n"${m[@]}" -e "select 1"\n'
    (c,) = _cands(repo, "run.sh", text + 'cat >"$P" <<EOF\n[client]\npassword=x\nEOF\n')
    assert _mode(c) is TlsMode.PREFERRED
    (c,) = _cands(repo, "run.sh", text)
    assert _mode(c) is TlsMode.UNKNOWN
    # Text that may set TLS, another program's output, a file cat reads: unknown.
    for text in (
        PASSFILE.replace("password", "ssl-mode") + "mysql --defaults-extra-file=<(_passfile) -h db\n",
        "mysql --defaults-extra-file=<(vault read cnf) -h db\n",
        "mysql --defaults-extra-file=<(cat /etc/app.cnf) -h db\n",
        written.replace("password=x", "!includedir /etc/mysql/conf.d"),
        written.replace('cat >"$F"', 'cat >"$G"'),
    ):
        (c,) = _cands(repo, "run.sh", text)
        assert _mode(c) is TlsMode.UNKNOWN, text


def test_login_path_leaves_the_mode_unknown(repo: Path) -> None:
    (c,) = _cands(repo, "run.sh", "mysql --login-path=prod -h db\n")
    assert any(DYNAMIC in w.text for w in c.argv)
    assert _mode(c) is TlsMode.UNKNOWN
    (c,) = _cands(repo, "run.sh", "mysql --login-path=prod --ssl-mode=VERIFY_CA -h db\n")
    assert _mode(c) is TlsMode.VERIFY_CA
    # Options not known, as a file not in the repository: no --ssl-mode guessed
    # (no MariaDB option: it hid --skip-ssl behind an unknown-option error).
    (c,) = _cands(repo, "run.sh", "mariadb --login-path=prod --skip-ssl -h db\n")
    assert [w.text for w in c.argv][1:3] == [DYNAMIC, "--login-path=prod"]
    assert _mode(c) is TlsMode.DISABLED
    (connection,) = resolve_candidates("run.sh", [c], Assumptions()).connections
    assert connection.trail == ()  # --skip-ssl decided, not the login path
    (c,) = _cands(repo, "run.sh", "mariadb --login-path=prod -h db\n")
    (connection,) = resolve_candidates("run.sh", [c], Assumptions()).connections
    assert connection.mode is TlsMode.UNKNOWN
    assert [h.label for h in connection.trail] == [
        "via the login path [prod] of ~/.mylogin.cnf, not in the repository (it may set TLS)"
    ]


def test_mariadb_programs_read_the_mariadb_groups() -> None:
    # "Option Groups", https://mariadb.com/kb/en/configuring-mariadb-with-option-files/
    assert groups_read("mysql") == {"client", "mysql"}
    assert groups_read("mysqldump") == {"client", "mysqldump"}
    mariadb = {"client", "client-server", "client-mariadb"}
    assert groups_read("mariadb") == {*mariadb, "mysql", "mariadb-client"}
    assert groups_read("mariadb-dump") == {*mariadb, "mariadb-dump", "mysqldump"}


@pytest.fixture
def mariadb_file(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "both.cnf").write_text(
        "[client]\nhost = db.example.com\n[client-mariadb]\nskip-ssl\n[mariadb-client]\nport = 3307\n"
    )
    (tmp_path / "later.cnf").write_text(
        "[client]\nhost = db.example.com\n[client-mariadb]\nssl-verify-server-cert\n[client]\nskip-ssl\n"
    )
    return tmp_path


def test_a_mariadb_group_decides_a_mariadb_command_only(mariadb_file: Path) -> None:
    text = "mariadb --defaults-extra-file=both.cnf\nmysql --defaults-extra-file=both.cnf\n"
    mariadb, mysql = _cands(mariadb_file, "run.sh", text)
    assert [w.text for w in mariadb.argv][1:4] == ["--host=db.example.com", "--skip-ssl", "--port=3307"]
    assert _mode(mariadb) is TlsMode.DISABLED
    (connection,) = resolve_candidates("run.sh", [mariadb], Assumptions()).connections
    assert [h.label for h in connection.trail] == [f"via [client-mariadb] in {mariadb_file / 'both.cnf'}"]
    # A mysql-named program may be a MySQL client (its family known only from its
    # image, later): [client] only, as a MySQL client reads.
    assert [w.text for w in mysql.argv][1:3] == ["--host=db.example.com", "--defaults-extra-file=both.cnf"]


def test_a_later_line_wins_whatever_its_group(mariadb_file: Path) -> None:
    (c,) = _cands(mariadb_file, "run.sh", "mariadb --defaults-extra-file=later.cnf\n")
    # [client] again after [client-mariadb]: its skip-ssl is read last.
    words = [w.text for w in c.argv][1:4]
    assert words == ["--host=db.example.com", "--ssl-verify-server-cert", "--skip-ssl"]
    assert _mode(c) is TlsMode.DISABLED
