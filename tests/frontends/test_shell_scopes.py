"""Shell functions' global assignments take effect where the function runs (issue 16, item 11)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from connlint.frontends import shell
from connlint.model import DYNAMIC, Candidate, CandidateKind


def cands(text: str) -> list[Candidate]:
    return [c for c in shell.extract("x.sh", text).candidates if c.kind is CandidateKind.MYSQL_CLI]


def options(text: str) -> list[list[str]]:
    """The words after ``mysql`` of each client command, ``?`` for one not known."""
    return [["?" if DYNAMIC in w.text else w.text for w in c.argv[1:]] for c in cands(text)]


SETUP = 'setup() {\n    OPTS="--ssl-mode=REQUIRED"\n}\n'


def test_a_function_called_before_the_use_assigns_its_globals() -> None:
    text = SETUP + "setup\nmysql $OPTS -h db\n"
    assert options(text) == [["--ssl-mode=REQUIRED", "-h", "db"]]
    (c,) = cands(text)
    assert c.argv[1].locate().line == 2  # the finding stands where the function writes it


def test_an_uncalled_function_or_a_call_after_the_use_leaves_the_value_unknown() -> None:
    assert options(SETUP + "mysql $OPTS -h db\n") == [["?", "-h", "db"]]
    assert options(SETUP + "mysql $OPTS -h db\nsetup\n") == [["?", "-h", "db"]]
    # Before, the assignment counted where it is written, called or not.
    assert options("OPTS=--ssl-mode=DISABLED\n" + SETUP + "mysql $OPTS -h db\n") == [["?", "-h", "db"]]


def test_local_variables_do_not_leave_the_function() -> None:
    for local in (
        'local OPTS="--ssl-mode=REQUIRED"',
        'declare OPTS="--ssl-mode=REQUIRED"',
        "local OPTS\n  OPTS=x",
    ):
        text = f"OPTS=--ssl-mode=DISABLED\nsetup() {{\n  {local}\n}}\nsetup\nmysql $OPTS -h db\n"
        assert options(text) == [["--ssl-mode=DISABLED", "-h", "db"]], local
    text = 'setup() {\n  declare -g OPTS="--ssl-mode=REQUIRED"\n}\nsetup\nmysql $OPTS -h db\n'
    assert options(text) == [["--ssl-mode=REQUIRED", "-h", "db"]]


def test_a_call_in_a_subshell_assigns_nothing() -> None:
    for call in ("X=$(setup)", "( setup )", "setup | cat"):
        assert options(SETUP + f"{call}\nmysql $OPTS -h db\n") == [["?", "-h", "db"]], call


def test_a_conditional_call_gives_an_outcome_per_branch() -> None:
    text = "OPTS=--ssl-mode=DISABLED\n" + SETUP + 'if [ -n "$PROD" ]; then setup; fi\nmysql $OPTS -h db\n'
    assert options(text) == [["--ssl-mode=REQUIRED", "-h", "db"], ["--ssl-mode=DISABLED", "-h", "db"]]
    labels = [[h.label for h in c.trail] for c in cands(text)]
    assert labels == [
        ["via OPTS = --ssl-mode=REQUIRED in the if branch at line 5"],
        ["via OPTS = --ssl-mode=DISABLED when no branch of the if runs"],
    ]


def test_calls_through_other_functions() -> None:
    text = SETUP + "main() {\n  setup\n  mysql $OPTS -h inner\n}\nmain\nmysql $OPTS -h outer\n"
    assert sorted(options(text)) == [
        ["--ssl-mode=REQUIRED", "-h", "inner"],
        ["--ssl-mode=REQUIRED", "-h", "outer"],
    ]
    # Recursion ends.
    text = 'loop() {\n  OPTS="--ssl-mode=REQUIRED"\n  loop\n}\nloop\nmysql $OPTS -h db\n'
    assert options(text) == [["--ssl-mode=REQUIRED", "-h", "db"]]


def test_inside_the_body_the_assignment_reads_as_written() -> None:
    text = 'backup() {\n  OPTS="--ssl-mode=VERIFY_CA"\n  mysqldump $OPTS -h db app\n}\n'
    assert options(text) == [["--ssl-mode=VERIFY_CA", "-h", "db", "app"]]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(["setup", "other", "( setup )", "unset_it", "if x; then setup; fi"]), max_size=4
    ),
    st.booleans(),
)
def test_never_a_value_the_script_cannot_have(calls: list[str], before: bool) -> None:
    text = (
        ("OPTS=--ssl-mode=DISABLED\n" if before else "")
        + SETUP
        + "other() { :; }\nunset_it() { OPTS=--ssl-mode=PREFERRED; }\n"
        + "".join(c + "\n" for c in calls)
        + "mysql $OPTS -h db\n"
    )
    possible = {"--ssl-mode=REQUIRED", "--ssl-mode=PREFERRED", "?"} | (
        {"--ssl-mode=DISABLED"} if before else set()
    )
    for found in options(text):
        assert found[0] in possible
        if not calls and not before:
            assert found[0] == "?"


def test_arms_inside_the_function_are_outcomes_at_the_call() -> None:
    text = (
        "tls() {\n"
        '  if [ "$SSL" = false ]; then\n'
        '    OPTS="--ssl-mode=DISABLED"\n'
        "  else\n"
        '    OPTS="--ssl-mode=VERIFY_IDENTITY"\n'
        "  fi\n"
        "}\n"
        "tls\n"
        "mysql $OPTS -h db\n"
    )
    assert options(text) == [["--ssl-mode=DISABLED", "-h", "db"], ["--ssl-mode=VERIFY_IDENTITY", "-h", "db"]]
    # Without the call, not known.
    assert options(text.replace("tls\nmysql", "mysql")) == [["?", "-h", "db"]]


def test_a_value_then_an_arm_that_changes_it_inside_the_function() -> None:
    # A restore script's shape: the client command set, then changed when a CA is given.
    text = (
        "get_cert() {\n"
        '  MYSQL="mysql"\n'
        '  if [ -n "$CA" ]; then\n'
        '    MYSQL="mysql --ssl-ca=/tmp/ca.pem"\n'
        "  fi\n"
        "}\n"
        "get_cert\n"
        "$MYSQL -h db app\n"
    )
    assert options(text) == [["--ssl-ca=/tmp/ca.pem", "-h", "db", "app"], ["-h", "db", "app"]]


def test_a_global_another_function_assigns_is_not_known_inside_a_function() -> None:
    # The wrapper runs after runandwait() set the container's name, or before it.
    text = (
        'cname=""\n'
        "runandwait() {\n"
        '  if [ -z "$cname" ]; then cname="db$RANDOM"; fi\n'
        "}\n"
        'client() {\n  docker exec -i "$cname" mysql --ssl-mode=REQUIRED "$@"\n}\n'
        "runandwait\n"
        "client -e 'select 1'\n"
    )
    (c,) = cands(text)
    assert [w.text for w in c.argv[:2]] == ["mysql", "--ssl-mode=REQUIRED"]
    # A local declared in one function is nobody else's: the array stays the client.
    text = (
        'init() {\n  local mysql=( "$@" )\n  "${mysql[@]}" -e "select 1"\n}\n'
        "mysql=( mysql --protocol=socket -uroot )\n"
        'echo "select 1" | "${mysql[@]}"\n'
    )
    assert options(text) == [["--protocol=socket", "-uroot"]]
