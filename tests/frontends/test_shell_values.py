"""Shell front-end, issue 16 item 11: commands held in variables, arrays and
functions; the callers' arguments of a function that wraps a client.
"""

from __future__ import annotations

from connlint.frontends import shell
from connlint.model import DYNAMIC, Candidate, CandidateKind


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
    # The callers add nothing: one connection at the function's command, each call a hop.
    (found,) = cands(text)
    assert [w.text for w in found.argv] == ["mysql", "-hmysql", "--silent", "app"]
    assert found.location.line == 2
    assert [h.location.line for h in found.trail] == list(range(4, 16))


def test_wrappers_do_not_run_functions() -> None:
    text = 'db() { mysql --ssl-mode=DISABLED "$@"; }\nsudo db -h x\ndb -h y\n'
    assert words(text) == [["mysql", "--ssl-mode=DISABLED", "-h", "y"]]


def _shell_findings(text: str, rules: frozenset[str]) -> list:  # type: ignore[type-arg]
    from connlint.checks import run_checks
    from connlint.checks.findings import FileFacts
    from connlint.connections import resolve_candidates
    from connlint.model import Assumptions

    resolved = resolve_candidates("x.sh", shell.extract("x.sh", text).candidates, Assumptions())
    return run_checks(FileFacts("x.sh", resolved.connections, resolved.facts), rules)


def test_a_call_that_adds_nothing_stands_at_the_functions_command() -> None:
    # mariadb-docker: docker_process_sql --database=mysql … -> docker_exec_client "$@" -> mariadb …
    text = (
        'inner() { mysql -h db.example.com --ssl-mode=REQUIRED "$@"; }\n'
        'outer() { inner "$@"; }\n'
        "outer --database=a -e 'SELECT 1'\n"
        "outer -u root -psecret\n"
        "inner --database=b\n"
    )
    found = cands(text)
    assert {c.location.line for c in found} == {1}
    hops = sorted((h.location.line, h.label) for c in found for h in c.trail)
    assert hops == [
        (2, "via call of inner() at line 2"),
        (2, "via call of inner() at line 2"),
        (3, "via call of outer() at line 3"),
        (4, "via call of outer() at line 4"),
        (5, "via call of inner() at line 5"),
    ]
    # One finding at the deciding text, every call a hop; the password stands at the caller.
    findings = _shell_findings(text, frozenset({"CL202", "CL301"}))
    by_rule = {f.rule: f for f in findings}
    assert sorted(f.rule for f in findings) == ["CL202", "CL301"]
    assert (by_rule["CL202"].location.line, by_rule["CL202"].location.column) == (1, 35)
    assert {h.location.line for h in by_rule["CL202"].trail} == {2, 3, 4, 5}
    assert by_rule["CL301"].location.line == 4


def test_a_call_that_changes_the_connection_stays_at_the_call() -> None:
    text = (
        'db() { mysql -h db.example.com "$@"; }\ndb --ssl-mode=DISABLED\ndb -h other.example.com\ndb -e 1\n'
    )
    found = cands(text)
    assert [c.location.line for c in found] == [2, 3, 1]
    assert [[h.label for h in c.trail] for c in found] == [
        ["via function db() at line 1"],
        ["via function db() at line 1"],
        ["via call of db() at line 4"],
    ]
    # The function's command comes after the call on the value's path; a call before it.
    assert [[h.after for h in c.trail] for c in found] == [[True], [True], [False]]
    (disabled,) = _shell_findings(text, frozenset({"CL201"}))
    assert (disabled.location.line, disabled.trail[0].location.line) == (2, 1)


def test_mysqlsh_reads_its_own_mysqlx_uri() -> None:
    # Not also a Connector/J X DevAPI URL: MySQL Shell is the client of `mysqlsh mysqlx://…`.
    found = shell.extract("x.sh", "mysqlsh mysqlx://app@db.example.com:33060 --sql\n").candidates
    assert [c.kind for c in found] == [CandidateKind.MYSQL_CLI]


def test_marked_words_stay_alive_while_marked() -> None:
    # Words are marked by id(): a freed word's id is reused by a new one, which then
    # read as marked, so whether a function call was read as a call (and the hops of
    # its trail) depended on memory layout: real scripts gave different trails from
    # run to run.  Every marked id must belong to a word the script still holds.
    from connlint.frontends.shell_commands import Script
    from connlint.frontends.shell_parse import parse
    from connlint.frontends.shell_positions import LinePoints
    from connlint.model import Extraction

    text = 'q() { mysql -h "$1" "$@"; }\nw() { q "$@" --ssl-mode=DISABLED; }\n' + "".join(
        f'w "db{i}.example.com" -e "select {i}"\n' for i in range(40)
    )
    script = Script("x.sh", text, LinePoints(text, None), Extraction())
    marked: list[tuple[set[int], set[int]]] = []
    original = Script.dispatch

    def spy(self: Script, words, location, node=None) -> None:  # type: ignore[no-untyped-def]
        marked.append((set(self._expanded) | set(self._raw), {id(s) for s in self._alive}))
        original(self, words, location, node)

    Script.dispatch = spy  # type: ignore[method-assign]
    try:
        script.run(parse(script.data).root_node)
    finally:
        Script.dispatch = original  # type: ignore[method-assign]
    assert marked and all(ids <= alive for ids, alive in marked)
    assert len(script.out.candidates) == 40


# --- item 11: an unquoted variable not known statically may be options


def unknown_words(c: Candidate) -> list[tuple[int, int, str | None]]:
    from connlint.clients.cli_options import UNKNOWN_WORDS_KEY

    return [(s.location.line, s.location.column, s.unknown) for s in c.settings if s.key == UNKNOWN_WORDS_KEY]


def test_an_unquoted_unknown_variable_alone_is_marked_as_options() -> None:
    (c,) = cands('mysql $MYSQL_SSL_OPTS -h "$H" app\n')
    assert unknown_words(c) == [(1, 7, "$MYSQL_SSL_OPTS")]
    (c,) = cands("mysql ${EXTRA:-} -h db app\n")
    assert unknown_words(c) == [(1, 7, "$EXTRA")]


def test_quoted_known_or_partial_variables_are_not_marked() -> None:
    text = (
        'mysql "$OPTS" -h db\n'  # one word: a database name as often as an option
        "OPTS=--ssl-mode=REQUIRED\nmysql $OPTS -h db\n"  # known: its words
        "mysql --ssl-mode=$MODE -h db\n"  # part of a word
        "mysql -h $HOST db\n"  # an option's value
        "mysql -h db $DB_NAME\nmysql -h db $MYSQL_DATABASE\nmysqldump -h db $tables\nmysql -h db $i\n"
    )
    assert [unknown_words(c) for c in cands(text)] == [[]] * 8


def test_a_function_passes_the_mark_on_through_its_arguments() -> None:
    (c,) = cands('run() { mysql -h db "$@"; }\nrun $SSL_OPTS app\n')
    assert unknown_words(c) == [(2, 5, "$SSL_OPTS")]


def test_may_hold_options_by_name() -> None:
    from connlint.frontends.shell_unknown_values import may_hold_options

    assert all(map(may_hold_options, ["$SSL_OPTS", "$EXTRA", "${ARGS}", "$MYSQL", "$X"]))
    assert not any(map(may_hold_options, ["$DB_NAME", "${DATABASE}", "$db", "$dbName", "$i", "$DUMP_FILE"]))


def test_a_word_or_nothing_is_no_unknown_options() -> None:
    # ${X:+word} gives that word or none; ${#X} a number: not options not known.
    (c,) = cands("mariadb ${nodefaults:+--no-defaults} ${#X} --protocol socket -B -e 'select 1'\n")
    assert unknown_words(c) == []
    (c,) = cands("mysql ${ARGS[@]} ${OPTS:=} -h db\n")
    assert unknown_words(c) == [(1, 7, "$ARGS"), (1, 18, "$OPTS")]


def test_a_value_of_parts_not_known_statically_is_options_too() -> None:
    # OPTS="${OPTS} ${EXTRA}" in a branch: each outcome is options not known.
    text = 'if [ -n "$EXTRA" ]; then\n  OPTS="${OPTS} ${EXTRA}"\nfi\nmysqldump -h db $OPTS app\n'
    assert [bool(unknown_words(c)) for c in cands(text)] == [True]  # the outcomes alike: one


# --- issue 16, item 2: arrays and arguments, quoted


def test_quoted_elements_of_an_unknown_array_are_options_not_known() -> None:
    text = 'read -r -a opts <<< "$1"\nmysql -h db "${opts[@]}" app\nmysql -h db "$@"\nmysql -h db "${X[*]}"\n'
    found = cands(text)
    assert [unknown_words(c) for c in found] == [[(2, 14, "$opts")], [(3, 14, "$@")], []]
    # A quoted element not known statically is one word (a database name).
    (c,) = cands('args=(-h db "$DB")\nmysql "${args[@]}"\n')
    assert unknown_words(c) == [] and len(c.argv) == 4
    # An element not known statically keeps its own name through the array.
    (c,) = cands('args=(-h db "${EXTRA[@]}")\nmysql "${args[@]}" app\n')
    assert unknown_words(c) == [(1, 14, "$EXTRA")]


def test_an_empty_array_gives_no_word() -> None:
    assert words('extraArgs=()\nmysql -h db "${extraArgs[@]}" app\n') == [["mysql", "-h", "db", "app"]]
    # Empty or appended in a branch: two outcomes, the empty one known (not "not known").
    text = 'extra=()\nif [ -n "$CA" ]; then\n  extra+=(--ssl-ca "$CA")\nfi\nmysql -h db "${extra[@]}" app\n'
    found = cands(text)
    assert sorted(len(c.argv) for c in found) == [4, 6]
    assert [unknown_words(c) for c in found] == [[], []]


def test_appends_in_one_list_of_statements_follow_each_other() -> None:
    text = (
        'a=(-h db)\na+=(--ssl-mode=REQUIRED)\nlocal -a b=(-h db2)\nb+=(-u root)\nmysql "${a[@]}" "${b[@]}"\n'
    )
    assert words(text) == [["mysql", "-h", "db", "--ssl-mode=REQUIRED", "-h", "db2", "-u", "root"]]
    # After && or in a loop an append may not run: not known statically.
    for guarded in ('[ -n "$X" ] && args+=(--ssl-mode=REQUIRED)\n', "for x in 1; do args+=(-u root); done\n"):
        (c,) = cands("args=(-h db)\n" + guarded + 'mysql "${args[@]}" app\n')
        assert unknown_words(c) == [(3, 8, "$args")]
    # A string's += is not a list's: not followed.
    (c,) = cands("M=DISABLED\nM+=X\nmysql --ssl-mode=$M -h db\n")
    assert DYNAMIC in c.argv[1].text


def test_a_slice_of_an_array_gives_those_elements() -> None:
    # Issue 16, item 4: mysql_upgrade "${mysql[@]:1}" in docker entrypoints.
    text = 'mysql=( mysql -h db -uroot )\nmysql_upgrade "${mysql[@]:1}"\nmysqladmin ${mysql[@]:1:2} ping\n'
    assert words(text) == [["mysql_upgrade", "-h", "db", "-uroot"], ["mysqladmin", "-h", "db", "ping"]]
    (c,) = cands('mysqlcheck "${OPTS[@]:1}" -h db\n')
    assert unknown_words(c) == [(1, 13, "$OPTS")]


def test_user_wrappers_and_parts_not_known_in_a_nested_script() -> None:
    # gosu / su-exec USER COMMAND… (docker entrypoints); in sh -c, -h${HOST} is a
    # host not known statically, not -h taking the next word.
    text = 'gosu mysql sh -c "mysqldump -h${HOST} -uroot app"\nsu-exec mysql mysql -h db -e "select 1"\n'
    assert words(text) == [
        ["mysqldump", f"-h{DYNAMIC}", "-uroot", "app"],
        ["mysql", "-h", "db", "-e", "select 1"],
    ]
    assert words("exec gosu mysql mysqld --skip-networking\n") == []
