"""Examples in each rule's help are executed: the bad example fires the rule,
the "Use instead" example does not (ShellCheck's prop_verifyOptionalExamples)."""

from __future__ import annotations

import pytest

from connlint.catalog import examples, load_catalog
from connlint.engine import lint_text
from connlint.run_level import RUN_LEVEL_RULES

# Code-fence tag -> file kind (and the file name the snippet is linted as).
KIND_BY_FENCE = {
    "properties": ("properties", "application.properties"),
    "java": ("java", "Main.java"),
    "python": ("python", "app.py"),
    "shell": ("shell", "run.sh"),
    "sh": ("shell", "run.sh"),
    "bash": ("shell", "run.sh"),
    "ini": ("option_file", "my.cnf"),
    "hcl": ("terraform", "main.tf"),
    "xml": ("xml", "context.xml"),
    "yaml": ("yaml", "application.yml"),
    "dockerfile": ("dockerfile", "Dockerfile"),
}


def _cases() -> list[pytest.param]:
    cases = []
    for rule in load_catalog().values():
        for n, (fence, code, bad) in enumerate(examples(rule)):
            cases.append(
                pytest.param(rule.id, fence, code, bad, id=f"{rule.id}-{n}-{'bad' if bad else 'good'}")
            )
    return cases


@pytest.mark.parametrize(("rule_id", "fence", "code", "bad"), _cases())
def test_help_example(rule_id: str, fence: str, code: str, bad: bool) -> None:
    kind, name = KIND_BY_FENCE[fence]
    if rule_id == "CL102" or "<dependency>" in code:
        kind, name = "maven", "pom.xml"
    findings = lint_text(code, kind, path=name, select=["ALL"])
    fired = {f.rule for f in findings if f.suppressed is None}
    if rule_id in RUN_LEVEL_RULES:
        # A run-level rule needs another file (the declared server, the committed
        # bundle): one snippet alone never fires it; its fixture projects test it.
        assert rule_id not in fired
        return
    if bad:
        assert rule_id in fired, f"the bad example of {rule_id} does not fire it:\n{code}"
    else:
        assert rule_id not in fired, f"the 'Use instead' example of {rule_id} fires it:\n{code}"


def test_every_rule_has_a_bad_and_a_good_example() -> None:
    for rule in load_catalog().values():
        kinds = {bad for _, _, bad in examples(rule)}
        assert kinds == {True, False}, rule.id
