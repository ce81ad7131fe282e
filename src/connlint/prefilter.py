"""The cheap first pass: a bytes scan for trigger words before any decoding or
parsing.  Most files of a real repository contain none and are never parsed.

The patterns over-approximate what each front-end can act on; a file they let
through may still yield nothing.
"""

from __future__ import annotations

import re

# Anything MySQL-family, a JDBC URL, or a JVM trust-store / keytool fact.
_COMMON = rb"mysql|mariadb|jdbc:|truststore|keytool|ssl[-_]?mode|usessl|ssl[-_]ca|asyncmy"

#: kind -> one compiled, case-insensitive bytes pattern.  Build files only
#: matter when they declare a MySQL-family driver.
TRIGGER_BY_KIND: dict[str, re.Pattern[bytes]] = {
    kind: re.compile(pattern, re.IGNORECASE)
    for kind, pattern in {
        "ci": _COMMON,
        "dockerfile": _COMMON,
        "gradle": rb"mysql|mariadb",
        "java": _COMMON,
        "maven": rb"mysql|mariadb",
        "option_file": rb"\[\s*(?:client|mysql|mariadb)",
        "properties": _COMMON,
        "python": rb"mysql|mariadb|asyncmy",
        "python_deps": rb"mysql|mariadb|asyncmy",
        "shell": _COMMON,
        "xml": _COMMON,
        "yaml": _COMMON,
    }.items()
}


def wanted(kind: str, data: bytes) -> bool:
    """True when ``data`` may hold something the front-end of ``kind`` acts on."""
    pattern = TRIGGER_BY_KIND.get(kind)
    return pattern is not None and pattern.search(data) is not None
