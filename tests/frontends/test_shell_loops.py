"""Shell ``for`` loops over literal lists (issue 16): one command per value."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from connlint.frontends import shell
from connlint.frontends.shell_assignments import MAX_LOOP_VALUES
from connlint.model import DYNAMIC, Candidate, CandidateKind

MODES = ("DISABLED", "PREFERRED", "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY")


def cands(text: str) -> list[Candidate]:
    return [c for c in shell.extract("x.sh", text).candidates if c.kind is CandidateKind.MYSQL_CLI]


def modes(text: str) -> list[str]:
    """The ``--ssl-mode`` word of each client command."""
    return [next(w.text for w in c.argv if w.text.startswith("--ssl-mode")) for c in cands(text)]


def test_one_command_per_value_with_the_value_as_a_hop() -> None:
    text = "for m in DISABLED REQUIRED; do\n  mysql --ssl-mode=$m -h db.example.com\ndone\n"
    found = cands(text)
    assert [w.text for w in found[0].argv] == ["mysql", "--ssl-mode=DISABLED", "-h", "db.example.com"]
    assert modes(text) == ["--ssl-mode=DISABLED", "--ssl-mode=REQUIRED"]
    # Each at the command; the option word where the command writes it (the key,
    # as "sslMode=%s" with a constant), the value a hop where the list writes it.
    assert [c.location.line for c in found] == [2, 2]
    assert found[0].argv[1].locate().line == 2
    hops = [c.trail for c in found]
    assert [[h.label for h in t] for t in hops] == [["via m = DISABLED"], ["via m = REQUIRED"]]
    assert [(t[0].location.line, t[0].location.column) for t in hops] == [(1, 10), (1, 19)]


def test_a_whole_option_as_the_value_stands_at_the_value() -> None:
    text = 'for o in --ssl-mode=DISABLED "--ssl-mode=VERIFY_CA"; do mysql $o -h db; done\n'
    found = cands(text)
    assert [(c.argv[1].text, c.argv[1].locate().column) for c in found] == [
        ("--ssl-mode=DISABLED", 10),
        ("--ssl-mode=VERIFY_CA", 31),
    ]


def test_lists_not_known_statically_stay_one_unknown_command() -> None:
    for values in ("*.sql", "$(cat modes)", "{A,B}", "`ls`", "$UNSET", "a/[bc]", "$@"):
        text = f'for m in {values}; do mysql --ssl-mode="$m" -h db; done\n'
        (c,) = cands(text)
        assert DYNAMIC in c.argv[1].text, values
        assert c.trail == ()
    # No list: the positional parameters.
    (c,) = cands('for m; do mysql --ssl-mode="$m" -h db; done\n')
    assert DYNAMIC in c.argv[1].text


def test_a_quoted_glob_is_literal() -> None:
    assert len(cands('for h in "db-*" db2; do mysql -h "$h" --ssl-mode=DISABLED; done\n')) == 2


def test_a_value_that_changes_nothing_keeps_one_command() -> None:
    text = 'for db in app audit; do mysqldump --ssl-mode=DISABLED -h db "$db"; done\n'
    (c,) = cands(text)
    assert c.trail == () and DYNAMIC in c.argv[-1].text  # read as before: the operand unknown
    text = 'for i in 1 2 3; do mysql --ssl-mode=REQUIRED -h db -e "select $i"; done\n'
    assert len(cands(text)) == 1


def test_the_same_deciding_value_is_one_command_with_its_hop() -> None:
    (c,) = cands("for m in DISABLED; do mysql --ssl-mode=$m -h db; done\n")
    assert c.argv[1].text == "--ssl-mode=DISABLED"
    assert [h.label for h in c.trail] == ["via m = DISABLED"]


def test_after_the_loop_the_variable_is_not_known() -> None:
    text = "for m in DISABLED REQUIRED; do :; done\nmysql --ssl-mode=$m -h db\n"
    (c,) = cands(text)
    assert DYNAMIC in c.argv[1].text


def test_an_assignment_in_the_body_follows_the_value() -> None:
    text = 'for m in DISABLED REQUIRED; do\n  OPTS="--ssl-mode=$m"\n  mysql $OPTS -h db\ndone\n'
    assert modes(text) == ["--ssl-mode=DISABLED", "--ssl-mode=REQUIRED"]


def test_a_list_from_a_literal_variable() -> None:
    text = 'MODES="DISABLED REQUIRED"\nfor m in $MODES; do mysql --ssl-mode=$m -h db; done\n'
    found = cands(text)
    assert modes(text) == ["--ssl-mode=DISABLED", "--ssl-mode=REQUIRED"]
    assert found[0].trail[0].location.line == 1  # where the variable's value is written


def test_nested_loops_and_hosts() -> None:
    text = (
        "for h in a.example.com b.example.com; do\n"
        "  for m in DISABLED VERIFY_IDENTITY; do\n"
        '    mysql -h "$h" --ssl-mode=$m\n'
        "  done\n"
        "done\n"
    )
    found = cands(text)
    assert [(c.argv[2].text, c.argv[3].text) for c in found] == [
        ("a.example.com", "--ssl-mode=DISABLED"),
        ("a.example.com", "--ssl-mode=VERIFY_IDENTITY"),
        ("b.example.com", "--ssl-mode=DISABLED"),
        ("b.example.com", "--ssl-mode=VERIFY_IDENTITY"),
    ]
    assert [h.label for h in found[1].trail] == ["via h = a.example.com", "via m = VERIFY_IDENTITY"]


def test_a_loop_around_a_function_call() -> None:
    text = 'db() { mysql -h db.example.com "$@"; }\nfor m in DISABLED REQUIRED; do db --ssl-mode=$m; done\n'
    assert modes(text) == ["--ssl-mode=DISABLED", "--ssl-mode=REQUIRED"]


def test_too_many_values_stay_unknown() -> None:
    values = " ".join(f"h{i}" for i in range(MAX_LOOP_VALUES + 1))
    (c,) = cands(f"for h in {values}; do mysql -h $h --ssl-mode=DISABLED; done\n")
    assert DYNAMIC in c.argv[2].text


def test_a_password_in_a_value_is_not_in_the_hop() -> None:
    text = "for o in -pS3cretPw --ssl-mode=DISABLED; do mysql $o -h db; done\n"
    labels = [h.label for c in cands(text) for h in c.trail]
    assert labels and not any("S3cretPw" in label for label in labels)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(MODES), min_size=1, max_size=MAX_LOOP_VALUES))
def test_one_command_per_distinct_value(values: list[str]) -> None:
    text = f"for m in {' '.join(values)}; do mysql --ssl-mode=$m -h db; done\n"
    assert modes(text) == [f"--ssl-mode={v}" for v in dict.fromkeys(values)]
