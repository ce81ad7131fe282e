"""Shell values with more than one outcome (issue 16): ``${VAR:-default}`` of a
variable not known statically (the default, and a value set at run time), and a
``case`` whose arms assign a variable a later command reads (one outcome per arm).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from connlint.engine import lint_text
from connlint.frontends import shell
from connlint.model import DYNAMIC, Candidate, CandidateKind

MODES = ("DISABLED", "PREFERRED", "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY")


def cands(text: str) -> list[Candidate]:
    return [c for c in shell.extract("x.sh", text).candidates if c.kind is CandidateKind.MYSQL_CLI]


def modes(text: str) -> list[str]:
    """The ``--ssl-mode`` word of each client command."""
    return [next(w.text for w in c.argv if w.text.startswith("--ssl-mode")) for c in cands(text)]


def labels(text: str) -> list[list[str]]:
    return [[h.label for h in c.trail] for c in cands(text)]


# ---- ${VAR:-default}


def test_a_default_is_one_outcome_and_a_value_set_at_run_time_another() -> None:
    for op in (":-", "-", ":=", "="):
        text = f'mysql --ssl-mode="${{SSL_MODE{op}DISABLED}}" -h db.example.com\n'
        assert modes(text) == ["--ssl-mode=DISABLED", "--ssl-mode=" + DYNAMIC], op
        assert labels(text) == [["via default SSL_MODE = DISABLED"], ["via SSL_MODE set at run time"]]
    found = cands('mysql --ssl-mode="${SSL_MODE:-DISABLED}" -h db\n')
    # The default's hop stands at the default, the other at the reference.
    assert [(h.location.line, h.location.column) for c in found for h in c.trail] == [(1, 31), (1, 19)]


def test_a_variable_the_script_assigns_takes_its_value() -> None:
    assert modes('M=REQUIRED\nmysql --ssl-mode="${M:-DISABLED}" -h db\n') == ["--ssl-mode=REQUIRED"]
    # Assigned empty: ``:-`` takes the default, for sure.
    assert modes('M=\nmysql --ssl-mode="${M:-DISABLED}" -h db\n') == ["--ssl-mode=DISABLED"]
    assert labels('M=\nmysql --ssl-mode="${M:-DISABLED}" -h db\n') == [[]]


def test_a_default_that_decides_nothing_keeps_one_command() -> None:
    text = 'mysql --ssl-mode=REQUIRED -h db.example.com "${DB_NAME:-app}"\n'
    (c,) = cands(text)
    assert c.trail == () and c.argv[-1].text == "app"


def test_an_assignment_of_a_default_and_colon_equals() -> None:
    text = 'HOST="${DB_HOST:-db.example.com}"\nmysql -h "$HOST" --ssl-mode=REQUIRED\n'
    assert [c.argv[2].text for c in cands(text)] == ["db.example.com", DYNAMIC]
    text = ': "${SSL_MODE:=VERIFY_IDENTITY}"\nmysql --ssl-mode="$SSL_MODE" -h db\n'
    assert modes(text) == ["--ssl-mode=VERIFY_IDENTITY", "--ssl-mode=" + DYNAMIC]


def test_a_default_whose_letters_tree_sitter_reads_as_a_name_is_text() -> None:
    text = "H=${H:-billing-db.example.com}\nmysql -h $H --ssl-mode=REQUIRED\n"
    assert cands(text)[0].argv[2].text == "billing-db.example.com"


def test_a_default_password_is_not_in_the_hop() -> None:
    text = "mysql ${OPTS:--pS3cretPw --ssl-mode=DISABLED} -h db\n"
    found = labels(text)
    assert found and not any("S3cretPw" in label for t in found for label in t)


def test_a_loopback_default_does_not_lower_the_run_time_host() -> None:
    findings = lint_text('mysql -h "${DB_HOST:-localhost}" --ssl-mode=DISABLED\n', "shell")
    (f,) = [f for f in findings if f.rule == "CL201"]
    assert "loopback" not in f.tags and str(f.level) == "error"
    assert [h.label for h in f.trail] == ["via default DB_HOST = localhost", "via DB_HOST set at run time"]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(MODES), st.sampled_from((":-", "-", ":=", "=")))
def test_any_default_mode(mode: str, op: str) -> None:
    text = f"mysql --ssl-mode=${{M{op}{mode}}} -h db\n"
    assert modes(text) == [f"--ssl-mode={mode}", "--ssl-mode=" + DYNAMIC]


# ---- case arms


CASE = (
    'case "$ENVIRONMENT" in\n'
    "  prod|live) MODE=VERIFY_IDENTITY ;;\n"
    "  dev) MODE=DISABLED ;;\n"
    "  *) echo unknown ;;\n"
    "esac\n"
    'mysql --ssl-mode="$MODE" -h db.example.com\n'
)


def test_one_outcome_per_case_arm() -> None:
    assert modes(CASE) == ["--ssl-mode=VERIFY_IDENTITY", "--ssl-mode=DISABLED", "--ssl-mode=" + DYNAMIC]
    assert labels(CASE) == [
        ["via MODE = VERIFY_IDENTITY in case arm prod|live"],
        ["via MODE = DISABLED in case arm dev"],
        ["via MODE = not known in case arm *"],
    ]
    assert [c.trail[0].location.line for c in cands(CASE)] == [2, 3, 4]


def test_no_arm_matching_keeps_the_value_from_before() -> None:
    text = 'M=REQUIRED\ncase "$1" in\n  local) M=DISABLED ;;\nesac\nmysql --ssl-mode="$M" -h db\n'
    assert modes(text) == ["--ssl-mode=DISABLED", "--ssl-mode=REQUIRED"]
    assert labels(text)[1] == ["via M = REQUIRED when no case arm matches"]


def test_arms_that_agree_or_do_not_decide() -> None:
    text = 'case "$1" in\n a) M=REQUIRED ;;\n *) M=REQUIRED ;;\nesac\nmysql --ssl-mode=$M -h db\n'
    assert modes(text) == ["--ssl-mode=REQUIRED"]
    text = 'case "$1" in\n a) DB=app ;;\n b) DB=audit ;;\nesac\nmysql --ssl-mode=REQUIRED -h db "$DB"\n'
    (c,) = cands(text)
    assert c.trail == ()


def test_other_shapes_stay_unknown() -> None:
    # Under an if within the arm, in a loop.
    for text in (
        'case "$1" in\n a) if x; then M=DISABLED; fi ;;\n b) M=REQUIRED ;;\nesac\n'
        "mysql --ssl-mode=$M -h db\n",
        "M=A\nwhile x; do M=B; done\nmysql --ssl-mode=$M -h db\n",
    ):
        assert modes(text) == ["--ssl-mode=" + DYNAMIC], text
    # Two statements in a row: the later one's branches, the earlier's outcome not known.
    text = 'case "$1" in\n a) M=DISABLED ;;\n b) M=REQUIRED ;;\nesac\nif y; then M=X; fi\n'
    assert modes(text + "mysql --ssl-mode=$M -h db\n") == ["--ssl-mode=X", "--ssl-mode=" + DYNAMIC]


def test_a_case_inside_a_loop_follows_the_loop_value() -> None:
    text = (
        "for e in prod dev; do\n"
        '  case "$e" in prod) M="VERIFY_$e" ;; *) M=DISABLED ;; esac\n'
        '  mysql --ssl-mode="$M" -h db\n'
        "done\n"
    )
    assert set(modes(text)) == {"--ssl-mode=VERIFY_prod", "--ssl-mode=VERIFY_dev", "--ssl-mode=DISABLED"}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(MODES), min_size=1, max_size=6))
def test_one_command_per_distinct_arm_value(values: list[str]) -> None:
    arms = "".join(f"  a{i}) M={v} ;;\n" for i, v in enumerate(values))
    text = f'case "$1" in\n{arms}  *) M={values[0]} ;;\nesac\nmysql --ssl-mode=$M -h db\n'
    assert modes(text) == [f"--ssl-mode={v}" for v in dict.fromkeys(values)]


def test_a_default_password_is_one_connection_and_never_in_a_hop() -> None:
    text = 'MYSQL_PWD="${DB_ROOT_PASSWORD:-hunter2}" mysql -h db --ssl-mode=REQUIRED\n'
    (c,) = cands(text)
    assert c.trail == ()
    text = 'MYSQL_PWD="${DB_PASSWORD:-hunter2}" mysql -h "${DB_HOST:-db}" --ssl-mode=REQUIRED\n'
    assert len(cands(text)) == 2
    case = 'case "$1" in\n a) DB_PASS=hunter2 ;;\n *) DB_PASS=letmein ;;\nesac\n'
    case += "mysql --ssl-mode=$DB_PASS -h db\n"
    found = labels(text) + labels(case) + labels('mysql --ssl-mode="${DB_PASS:-hunter2}" -h db\n')
    assert found and all("hunter2" not in label and "letmein" not in label for t in found for label in t)


def test_a_choice_that_decides_nothing_leaves_no_hop_beside_one_that_does() -> None:
    text = 'MYSQL_PWD="${ADMIN_PASSWORD:-admin}" mysql -h db -P "${ADMIN_PORT:-6032}" --ssl-mode=REQUIRED\n'
    assert labels(text) == [["via default ADMIN_PORT = 6032"], ["via ADMIN_PORT set at run time"]]


# ---- if / elif / else branches


def test_one_outcome_per_if_branch() -> None:
    text = (
        "M=REQUIRED\n"
        'if [ "$ENV" = prod ]; then\n'
        "  M=VERIFY_IDENTITY\n"
        'elif [ "$ENV" = dev ]; then\n'
        "  M=DISABLED\n"
        "fi\n"
        "mysql --ssl-mode=$M -h db\n"
    )
    assert modes(text) == ["--ssl-mode=VERIFY_IDENTITY", "--ssl-mode=DISABLED", "--ssl-mode=REQUIRED"]
    assert labels(text) == [
        ["via M = VERIFY_IDENTITY in the if branch at line 2"],
        ["via M = DISABLED in the elif branch at line 4"],
        ["via M = REQUIRED when no branch of the if runs"],
    ]
    text = "if x; then M=DISABLED; else M=VERIFY_CA; fi\nmysql --ssl-mode=$M -h db\n"
    assert modes(text) == ["--ssl-mode=DISABLED", "--ssl-mode=VERIFY_CA"]
    # Unset before, no else: the value from outside, not known statically.
    text = "if x; then M=DISABLED; fi\nmysql --ssl-mode=$M -h db\n"
    assert modes(text) == ["--ssl-mode=DISABLED", "--ssl-mode=" + DYNAMIC]


def test_an_assignment_before_an_if_overrides_earlier_branches() -> None:
    first = "if x; then M=VERIFY_IDENTITY; else M=DISABLED; fi\n"
    second = "if y; then M=VERIFY_CA; fi\nmysql --ssl-mode=$M -h db\n"
    assert modes(first + "M=REQUIRED\n" + second) == ["--ssl-mode=VERIFY_CA", "--ssl-mode=REQUIRED"]
    # Only one that always runs: in a branch, a loop, a list or a subshell it
    # overrides nothing (the value before the second if stays not known).
    for assigned in (
        "if z; then M=REQUIRED; fi\n",
        "for i in 1; do M=REQUIRED; done\n",
        "z && M=REQUIRED\n",
        "( M=REQUIRED )\n",
    ):
        assert modes(first + assigned + second) == ["--ssl-mode=VERIFY_CA", "--ssl-mode=" + DYNAMIC], assigned
    # Inside a function, at the level of the if.
    body = f"f() {{\n{first}M=REQUIRED\n{second}}}\nf\n"
    assert modes(body) == ["--ssl-mode=VERIFY_CA", "--ssl-mode=REQUIRED"]


def test_arms_whose_values_are_all_unknown_are_no_choice() -> None:
    # ``if [ -n "$3" ]; then H=$3; fi`` with H unset before: both outcomes not
    # known, one value not known statically, no hop, no choice spent on it.
    text = 'if [ -n "$3" ]; then H="$3"; fi\nmysql -h "$H" --ssl-mode=REQUIRED\n'
    assert [(c.argv[2].text, c.trail) for c in cands(text)] == [(DYNAMIC, ())]
    # An empty value is known: two outcomes.
    text = 'if [ -n "$T" ]; then O="$T"; else O=""; fi\nmysql $O -h db\n'
    assert len(cands(text)) == 2


def test_unknown_arms_leave_the_budget_of_choices_to_the_deciding_one() -> None:
    # A restore script: five arguments set only when given, then the TLS
    # option in an if/else: the option's two outcomes, not one unknown command.
    guards = "".join(f'if [ -n "${{{i}}}" ]; then A{i}="${{{i}}}"; fi\n' for i in range(1, 6))
    text = (
        guards
        + 'if [ "$SSL" = false ]; then O="--ssl-mode=DISABLED"; else O=""; fi\n'
        + 'mysql -u"$A1" -p"$A2" -P"$A3" -h"$A4" $O "$A5"\n'
    )
    found = cands(text)
    assert [any(w.text == "--ssl-mode=DISABLED" for w in c.argv) for c in found] == [True, False]
    assert [[h.label for h in c.trail] for c in found] == [
        ["via O = --ssl-mode=DISABLED in the if branch at line 6"],
        ['via O = "" in the else branch at line 6'],
    ]


def test_an_assignment_in_the_condition_always_runs() -> None:
    assert modes("if M=DISABLED; then :; fi\nmysql --ssl-mode=$M -h db\n") == ["--ssl-mode=DISABLED"]


def test_a_guard_that_sets_an_empty_variable_leaves_its_set_value_unknown() -> None:
    for test in ('[ -z "$H" ]', "[[ -z $H ]]", 'test -z "${H}"'):
        text = f'H=""\nif {test}; then H=db.example.com; fi\nmysql -h "$H" --ssl-mode=REQUIRED\n'
        assert [c.argv[2].text for c in cands(text)] == ["db.example.com", DYNAMIC], test
        assert labels(text)[1] == ["via H = not known when no branch of the if runs"]
    # Another condition: the value from before (empty) is the other outcome.
    text = 'O=""\nif [ -n "$TLS" ]; then O=--ssl-mode=VERIFY_IDENTITY; fi\nmysql $O -h db\n'
    assert [len(c.argv) for c in cands(text)] == [4, 3]
    assert labels(text)[1] == ['via O = "" when no branch of the if runs']


def test_a_command_that_finds_nothing_is_not_read_again_for_each_default() -> None:
    from connlint.frontends import shell_loops

    reads = 0
    original = shell_loops._take

    def counting(script, start):  # type: ignore[no-untyped-def]
        nonlocal reads
        reads += 1
        return original(script, start)

    text = 'docker run -e A="${A:-1}" -e B="${B:-2}" -e C="${C:-3}" alpine echo hi\n'
    shell_loops._take = counting
    try:
        assert cands(text) == []
    finally:
        shell_loops._take = original
    assert reads == 0
    # A branch that decides what runs is still read for each arm.
    text = 'if x; then m=(mysql -h db); else m=(mysql -h db2); fi\n"${m[@]}" --ssl-mode=REQUIRED\n'
    assert [c.argv[2].text for c in cands(text)] == ["db", "db2"]
