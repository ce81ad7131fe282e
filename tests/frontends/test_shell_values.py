"""Shell front-end, issue 16 item 11: commands held in variables, arrays and
functions; the callers' arguments of a function that wraps a client.
"""

from __future__ import annotations

from connlint.frontends import shell
from connlint.model import Candidate, CandidateKind


def cands(text: str) -> list[Candidate]:
    return [c for c in shell.extract("x.sh", text).candidates if c.kind is CandidateKind.MYSQL_CLI]


def words(text: str) -> list[list[str]]:
    return [[w.text for w in c.argv] for c in cands(text)]


def test_command_in_a_variable_and_an_array() -> None:
    text = 'MYSQL="mysql --ssl-mode=REQUIRED"\n$MYSQL -h db\ncmd=(mysql --ssl-ca "$CA")\n"${cmd[@]}" -h db2\n'
    assert words(text)[0] == ["mysql", "--ssl-mode=REQUIRED", "-h", "db"]
    assert words(text)[1][:2] == ["mysql", "--ssl-ca"]
    # Each word stands where the assignment writes it (the literal that holds the option).
    found = cands(text)
    assert (found[0].argv[1].locate().line, found[0].argv[1].locate().column) == (1, 14)
    assert (found[1].argv[1].locate().line, found[1].argv[1].locate().column) == (3, 12)
    assert [c.location.line for c in found] == [2, 4]  # the connections at the commands


def test_function_wrapping_the_client_is_read_at_each_call() -> None:
    text = (
        'db() { mysql --defaults-extra-file=/etc/app/client.cnf "$@"; }\n'
        "db --ssl-mode=DISABLED -h a.example.com\n"
        "db --ssl-mode=VERIFY_IDENTITY -h b.example.com\n"
    )
    found = cands(text)
    assert [[w.text for w in c.argv] for c in found] == [
        ["mysql", "--defaults-extra-file=/etc/app/client.cnf", "--ssl-mode=DISABLED", "-h", "a.example.com"],
        [
            "mysql",
            "--defaults-extra-file=/etc/app/client.cnf",
            "--ssl-mode=VERIFY_IDENTITY",
            "-h",
            "b.example.com",
        ],
    ]
    # Each at its call, the caller's option located where the caller wrote it.
    assert [c.location.line for c in found] == [2, 3]
    assert (found[0].argv[2].locate().line, found[0].argv[2].locate().column) == (2, 4)
    # The function's own words stay where the function writes them.
    assert found[0].argv[1].locate().line == 1


def test_positional_parameters_and_nested_functions() -> None:
    text = 'function q { mysql -h "$1" ${2}; }\nwrap() { q "$@"; }\nwrap db.example.com --ssl-mode=DISABLED\n'
    assert words(text) == [["mysql", "-h", "db.example.com", "--ssl-mode=DISABLED"]]


def test_a_function_never_called_is_read_alone() -> None:
    (c,) = cands('db() { mysql --ssl-mode=DISABLED "$@"; }\n')
    assert c.location.line == 1


def test_a_body_without_arguments_is_read_once() -> None:
    text = "backup() { mysqldump --ssl-mode=DISABLED app; }\nbackup\nbackup\n"
    assert [c.location.line for c in cands(text)] == [1]


def test_recursion_ends() -> None:
    text = 'f() { f "$@"; mysql "$@"; }\nf --ssl-mode=DISABLED\n'
    assert words(text) == [["mysql", "--ssl-mode=DISABLED"]]


def test_no_arguments_means_no_words() -> None:
    text = 'db() { mysql "$@" "$1"; }\ndb\n'
    assert words(text) == [["mysql"]]


def test_a_function_named_like_the_client_wrapping_docker_run() -> None:
    # percona-docker's tests: `mysql() { docker run … --entrypoint mysql "$image" -hmysql "$@"; }`;
    # the `mysql` inside the container is the client, not the function again.
    text = (
        'mysql() {\n  docker run --rm -i --entrypoint mysql "$image" -hmysql --silent "$@" app\n}\n'
        + "".join(f"[ \"$(echo 'SELECT COUNT(*) FROM t{i}' | mysql)\" = {i} ]\n" for i in range(12))
    )
    found = cands(text)
    assert len(found) == 12
    assert all([w.text for w in c.argv] == ["mysql", "-hmysql", "--silent", "app"] for c in found)


def test_wrappers_do_not_run_functions() -> None:
    text = 'db() { mysql --ssl-mode=DISABLED "$@"; }\nsudo db -h x\ndb -h y\n'
    assert words(text) == [["mysql", "--ssl-mode=DISABLED", "-h", "y"]]
