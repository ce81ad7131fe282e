"""Scaffold a rule: python scripts/new_rule.py CL206 some-problem-name"""

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
    print(f'add to src/connlint/checks/__init__.py CHECK_BY_ID:  "{rule_id}": check_...,')
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
