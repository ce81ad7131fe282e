"""Shell front-end, issue 16 item 13: option files named on a client's command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from connlint import project
from connlint.clients import mysql_cli
from connlint.connections import resolve_candidates
from connlint.frontends import shell
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


def test_files_not_in_the_repository_and_outside_a_run(repo: Path) -> None:
    (c,) = _cands(repo, "run.sh", "mysql --defaults-extra-file=/etc/mysql/other.cnf -h db\n")
    assert [w.text for w in c.argv] == ["mysql", "--defaults-extra-file=/etc/mysql/other.cnf", "-h", "db"]
    (c,) = shell.extract("run.sh", "mysql --defaults-extra-file=conf/app.cnf\n").candidates  # no Project
    assert len(c.argv) == 2


def test_login_path_leaves_the_mode_unknown(repo: Path) -> None:
    (c,) = _cands(repo, "run.sh", "mysql --login-path=prod -h db\n")
    assert any(DYNAMIC in w.text for w in c.argv)
    assert _mode(c) is TlsMode.UNKNOWN
    (c,) = _cands(repo, "run.sh", "mysql --login-path=prod --ssl-mode=VERIFY_CA -h db\n")
    assert _mode(c) is TlsMode.VERIFY_CA
