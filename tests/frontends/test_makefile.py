from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from connlint.frontends.makefile import extract
from connlint.model import DYNAMIC, CandidateKind


def argvs(text: str) -> list[list[str]]:
    return [
        [w.text for w in c.argv]
        for c in extract("Makefile", text).candidates
        if c.kind is CandidateKind.MYSQL_CLI
    ]


def test_recipe_lines_with_make_prefixes_and_literal_variables() -> None:
    text = "H = db.example.com\nM := VERIFY_CA\n\nall:\n\t@-mysql -h $(H) --ssl-mode=${M} app\n"
    assert argvs(text) == [["mysql", "-h", "db.example.com", "--ssl-mode=VERIFY_CA", "app"]]


def test_a_variable_value_stands_where_it_is_defined() -> None:
    text = "M = DISABLED\nall:\n\tmysql --ssl-mode=$(M)\n"
    (c,) = extract("Makefile", text).candidates
    word = c.argv[1]
    assert word.text == "--ssl-mode=DISABLED"
    assert (word.locate(0).line, word.locate(0).column) == (3, 8)  # the option in the recipe
    start = word.text.index("DISABLED")
    assert (word.locate(start).line, word.locate(start).column) == (1, 5)  # the value at its definition


def test_unknown_references_are_dynamic() -> None:
    text = (
        "A = $(shell cat mode)\nB = x\nB = y\nC != echo z\n"
        "all:\n\tmysql --ssl-mode=$(A) $(B) $(C) $(D) $@ $(notdir $<)\n"
    )
    (argv,) = argvs(text)
    assert argv[1:] == ["--ssl-mode=" + DYNAMIC, DYNAMIC, DYNAMIC, DYNAMIC, DYNAMIC, DYNAMIC]


def test_double_dollar_is_the_shells() -> None:
    text = "all:\n\tM=DISABLED; mysql --ssl-mode=$$M\n"
    assert argvs(text) == [["mysql", "--ssl-mode=DISABLED"]]


def test_continued_lines_and_each_line_its_own_shell() -> None:
    text = "all:\n\tM=DISABLED; \\\n\t  mysql --ssl-mode=$$M\n\tmysql --ssl-mode=$$M\n"
    assert argvs(text) == [["mysql", "--ssl-mode=DISABLED"], ["mysql", "--ssl-mode=" + DYNAMIC]]


def test_oneshell_runs_the_recipe_as_one_script() -> None:
    text = ".ONESHELL:\nall:\n\tM=DISABLED\n\tmysql --ssl-mode=$$M\n"
    assert argvs(text) == [["mysql", "--ssl-mode=DISABLED"]]


def test_rule_line_command_and_comments() -> None:
    text = "# mysql --ssl-mode=DISABLED\nx: y ; mysql --ssl-mode=REQUIRED\n# comment\n\tmysql -h h\n"
    assert argvs(text) == [["mysql", "--ssl-mode=REQUIRED"], ["mysql", "-h", "h"]]


def test_not_recipes() -> None:
    text = (
        "X = mysql --ssl-mode=DISABLED\n\tmysql --ssl-mode=DISABLED\n"
        "define RUN\n\tmysql --ssl-mode=DISABLED\nendef\n"
        "V := 1\n\tmysql -h after-assignment\n"
    )
    assert argvs(text) == []


@settings(max_examples=200)
@given(st.text(alphabet="\t\n $(){}:=?+@-\\#abMmysql.;", max_size=80))
def test_never_raises_and_locations_are_in_the_file(text: str) -> None:
    out = extract("Makefile", text)
    lines = text.count("\n") + 1
    for c in out.candidates:
        for w in c.argv:
            loc = w.locate()
            assert 1 <= loc.line <= lines


def test_conditionals_inside_a_recipe_do_not_end_it() -> None:
    text = "all:\n\techo a\nifdef X\n\tmysql -h one\nelse\n\tmysql -h two\nendif\n"
    assert argvs(text) == [["mysql", "-h", "one"], ["mysql", "-h", "two"]]
