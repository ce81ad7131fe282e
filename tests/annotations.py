"""Parse the fixture annotations of STYLE.md §5 (semgrep's vocabulary).

An annotation is a comment alone on its line, in the file's own syntax, and
applies to the next line that is not an annotation:

    # ruleid: CL201, CL301 col=34 "sslMode=DISABLED"
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("ruleid", "ok", "todoruleid", "todook")
_LINE = re.compile(
    r"""^\s*(?:\#|//|;|!|<!--|--|/\*|\*)\s*
        (?P<kind>todoruleid|todook|ruleid|ok):\s*
        (?P<body>.*?)\s*(?:-->|\*/)?\s*$""",
    re.VERBOSE,
)
_ID = re.compile(r"CL\d{3}")
_COL = re.compile(r"\bcol=(\d+)")
_MSG = re.compile(r'"([^"]*)"')


@dataclass(frozen=True)
class Annotation:
    kind: str
    rule: str
    line: int  # the line it applies to
    source_line: int  # where the annotation stands
    column: int | None = None
    message: str | None = None


def parse_annotations(text: str) -> list[Annotation]:
    lines = text.split("\n")
    pending: list[tuple[str, list[str], int | None, str | None, int]] = []
    out: list[Annotation] = []
    for number, line in enumerate(lines, start=1):
        m = _LINE.match(line)
        if m:
            body = m.group("body")
            ids_part = _MSG.sub("", body)
            ids = _ID.findall(ids_part.split("col=")[0])
            col = _COL.search(ids_part)
            msg = _MSG.search(body)
            pending.append(
                (
                    m.group("kind"),
                    ids,
                    int(col.group(1)) if col else None,
                    msg.group(1) if msg else None,
                    number,
                )
            )
            continue
        for kind, ids, col, msg, where in pending:
            out.extend(Annotation(kind, rule, number, where, col, msg) for rule in ids)
        pending = []
    return out
