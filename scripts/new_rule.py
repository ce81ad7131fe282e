"""Scaffold a rule: python scripts/new_rule.py CL206 some-problem-name

Writes the catalog stub rules/CL206.toml and fixtures/rules/CL206/ with one
`ruleid` and one `ok` case, then prints the rest: the check's `@emits`
declaration, its `finding(...)` call and the contract line of
tests/test_catalog.py (see CONTRIBUTING.md, "Adding a rule").
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TEMPLATE = """id = "{id}"
name = "{name}"
level = "warning"
enabled = true
{severity}precision = "medium"
tags = ["security", "tls"]
cwe = []
status = "preview"
since = "0.2.0"
short = "TODO one-line description"
message = "TODO message with `{{setting}}`"
help = \'\'\'
## What it finds

TODO

## Why it matters

TODO

## Example

```properties
TODO bad
```

Use instead:

```properties
TODO good
```

## Exceptions

Connections to loopback hosts and test databases.

## References

- https://example.com/TODO
\'\'\'
"""


def main(argv: list[str]) -> int:
    if (
        len(argv) != 2
        or not re.fullmatch(r"CL\d{3}", argv[0])
        or not re.fullmatch(r"[a-z]+(-[a-z]+)*", argv[1])
    ):
        print("usage: new_rule.py CLnnn kebab-case-name", file=sys.stderr)
        return 2
    rule_id, name = argv
    toml = ROOT / "rules" / f"{rule_id}.toml"
    if toml.exists():
        print(f"{toml} exists; ids are never reused", file=sys.stderr)
        return 2
    severity = 'security_severity = "5.0"\n' if rule_id.startswith(("CL2", "CL301")) else ""
    toml.write_text(TEMPLATE.format(id=rule_id, name=name, severity=severity), encoding="utf-8")
    fixtures = ROOT / "fixtures" / "rules" / rule_id
    fixtures.mkdir(parents=True, exist_ok=True)
    (fixtures / "basic.properties").write_text(
        f"# ruleid: {rule_id}\nbad.url=TODO\n\n# ok: {rule_id}\ngood.url=TODO\n", encoding="utf-8"
    )
    print(f"wrote {toml.relative_to(ROOT)} and {fixtures.relative_to(ROOT)}/basic.properties")
    print(NEXT.format(id=rule_id, name=name, func=name.replace("-", "_"), families=_families()))
    return 0


NEXT = """
Next:
1. Fill in rules/{id}.toml. The message's {{placeholders}} are exactly the
   keyword arguments of the check's finding(...) call (tests/test_checks.py
   compares them).
2. Emit it from a check in src/connlint/checks/: add "{id}" to the @emits(...)
   of the check of its family, or write a new one there:

       @emits("{id}", reads=FactKind.SOME_KIND)  # or "connections", "dependencies"
       def check_{func}(facts: FileFacts) -> Iterator[Finding]:
           \"\"\"{id}: what it finds.\"\"\"
           for fact, conn in facts.facts_of(FactKind.SOME_KIND):
               yield finding("{id}", fact.location, evidence, conn, setting=...)

   A new module of checks is one import in src/connlint/checks/__init__.py.
   Checks today:
{families}
3. Add its line to CONTRACT in tests/test_catalog.py:
       "{id}": ("{name}", Level.WARNING, True, "0.2.0"),
4. Annotate fixtures (fixtures/rules/{id}/ and the front-ends it covers),
   then `make docs` (rule pages, README table, the rule map of
   docs/architecture.md) and `make test lint`.
"""


def _families() -> str:
    """The registered checks and their rule ids, one per line."""
    try:
        from connlint.checks.registry import REGISTRATIONS
    except ImportError:  # not installed in this environment
        return "       (install the project to list them)"
    import connlint.checks  # noqa: F401  (importing the families registers the checks)

    return "\n".join(
        f"       {r.check.__module__.rsplit('.', 1)[-1]}.{r.check.__name__}: {', '.join(r.rules)}"
        for r in sorted(REGISTRATIONS, key=lambda r: r.rules)
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
