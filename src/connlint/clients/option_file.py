"""Option-file client groups: the settings of one ``[group]`` of a ``my.cnf``
read with the same semantics as the command line.

The clients prepend option-file settings to argv (``load_defaults()``), so
``ssl-ca=`` in ``[client]`` implies VERIFY_CA exactly as ``--ssl-ca`` does
(an inference from mysql-server ``mysys/my_default.cc`` and ``include/sslopt-case.h``
at 8.0, not tested against a client).  The host
usually comes from the command line, so a group without ``host=`` is not
taken to be loopback.
"""

from __future__ import annotations

from connlint.clients.cli_options import make_option
from connlint.clients.mysql_cli import MARIADB_PROGRAMS, MYSQL_PROGRAMS, resolve_options
from connlint.model import Assumptions, Candidate, Resolution, Secret

#: Groups only MariaDB clients read (https://mariadb.com/kb/en/configuring-mariadb-with-option-files/).
MARIADB_GROUPS: frozenset[str] = frozenset({"client-server", "client-mariadb", "mariadb-client"})

#: Groups client programs read: ``[client]`` (all clients), the MariaDB client
#: groups and one group per program, ``[mysql]``, ``[mysqldump]``, …
#: (https://dev.mysql.com/doc/refman/8.0/en/option-files.html).  Server groups
#: (``[mysqld]``, ``[mariadb]``) are not here.
CLIENT_GROUPS: frozenset[str] = frozenset(
    {"client", *MARIADB_GROUPS, *MYSQL_PROGRAMS, *(p for p in MARIADB_PROGRAMS if p != "mariadb")}
)


def is_client_group(name: str) -> bool:
    """True for groups that client programs read (``[client]``, ``[client_suffix]``, ``[mysqldump]`` …)."""
    g = name.strip().lower().replace("_", "-")
    return g in CLIENT_GROUPS or g.startswith("client-")


def family_of_group(group: str, assumed: str | None) -> str | None:
    """``mariadb`` for MariaDB-only groups, ``mysqlsh`` for ``[mysqlsh]``, else the assumption."""
    g = group.lower().replace("_", "-")
    if g in MARIADB_GROUPS or g.startswith("mariadb"):
        return "mariadb"
    if g == "mysqlsh":
        return "mysqlsh"
    return assumed if assumed in ("mysql", "mariadb") else None


def resolve(candidate: Candidate, assumptions: Assumptions) -> Resolution:
    """The connection a client group configures, with its facts."""
    group = candidate.driver or "client"
    family = family_of_group(group, assumptions.mysql_client_family)
    if family == "mariadb":
        version = assumptions.version("mariadb-client")
    elif family == "mysql":
        version = assumptions.version("mysql-client")
    else:
        version = None
    options = []
    for s in candidate.settings:
        if isinstance(s.value, Secret):
            written = f"{s.key}=***"
        else:
            written = s.key if s.value is None else f"{s.key}={s.value}"
        value_location = s.value_span.locate() if s.value_span else None
        options.append(
            make_option(s.key, s.value, s.location, written=written, value_location=value_location)
        )
    return resolve_options(
        options,
        family,
        version,
        location=candidate.location,
        client=f"option file [{group}]",
        driver=group,
        default_local=False,
    )
