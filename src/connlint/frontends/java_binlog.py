"""mysql-binlog-connector-java: ``BinaryLogClient.setSSLMode(SSLMode.X)`` calls.

The binlog client (https://github.com/osheroff/mysql-binlog-connector-java,
``src/main/java/com/github/shyiko/mysql/binlog/BinaryLogClient.java`` and
``network/SSLMode.java``; Debezium's binlog connection uses it) takes its TLS
mode from ``setSSLMode`` with a constant of its own ``SSLMode`` enum.  Each such
call in a file that imports the library is a CONNECTOR candidate (driver
``mysql-binlog-connector-java``) with one ``sslMode`` setting, the constant's
name (None when the argument is not a constant).  A client whose mode is never
set keeps the library's default, DISABLED; finding those needs the client's
variable followed, which is not done.
"""

from __future__ import annotations

from tree_sitter import Node

from connlint.frontends.java_syntax import arguments
from connlint.frontends.ts_positions import TreePositions
from connlint.model import Candidate, CandidateKind, Setting

#: The library's package (both the original com.github.shyiko and the com.zendesk
#: fork keep it).
PACKAGE = "com.github.shyiko.mysql.binlog"
DRIVER = "mysql-binlog-connector-java"


def candidates(positions: TreePositions, invocations: list[Node]) -> list[Candidate]:
    """A candidate for each ``setSSLMode(…)`` call among ``invocations``."""
    out: list[Candidate] = []
    for call in invocations:
        name = call.child_by_field_name("name")
        if name is None or positions.source(name) != "setSSLMode":
            continue
        args = arguments(call)
        if len(args) != 1:
            continue
        arg = args[0]
        written = positions.source(arg)
        constant: str | None = None
        if arg.type == "field_access" and written.replace(" ", "").rsplit(".", 2)[-2:-1] == ["SSLMode"]:
            constant = written.rsplit(".", 1)[-1].strip()
        elif arg.type == "identifier" and written.isupper():
            constant = written  # a static import of the constant
        at = positions.location(arg)
        setting = Setting(
            "sslMode", constant, at, f"setSSLMode({written})", None, None if constant else written
        )
        out.append(
            Candidate(CandidateKind.CONNECTOR, positions.location(call), settings=(setting,), driver=DRIVER)
        )
    return out
