"""The mysql / mariadb command-line clients: which programs they are and the
connection a command line or an option file configures.

Pure knowledge, no source parsing: front-ends hand over located argv words
(:class:`~connlint.model.Span`); :func:`~connlint.clients.cli_options.parse_argv`
reads them with the clients' option syntax, and :func:`resolve_options` works
out the TLS mode each client family and version would use
(:mod:`connlint.clients.cli_profiles`), with the facts the options carry.
Option files (``my.cnf``) reuse :func:`resolve_options`, since the clients
prepend option-file settings to the command line.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import field, replace
from typing import TYPE_CHECKING

from connlint import lazy
from connlint.clients import drivers
from connlint.clients.cli_options import (
    CA_OPTIONS,
    HOST_ELSEWHERE,
    LEGACY_OPTIONS,
    LOCAL_UNLESS_REMOTE,
    MARIADB_ALIASES,
    NO_CONNECTION_OPTIONS,
    OPERAND,
    REMOTE_OPTIONS,
    TLS_OPTION_NAMES,
    WEAK_PROTOCOLS,
    Option,
    shown,
    ssl_mode_of,
    unknown_words,
)
from connlint.clients.cli_options import parse_argv as parse_argv
from connlint.clients.cli_profiles import PRIORITY, Evaluation, Profile, Socket, evaluate, profiles
from connlint.clients.client_context import context_of
from connlint.clients.hosts import is_loopback
from connlint.clients.shell_uri import with_uri_options
from connlint.lazy import dataclass
from connlint.model import (
    DYNAMIC,
    Connection,
    Decision,
    Fact,
    FactKind,
    Location,
    Outcome,
    Resolution,
    Secret,
    TlsMode,
)

if TYPE_CHECKING:
    from connlint.model import Assumptions, Candidate

# --------------------------------------------------------------------------- programs

#: MySQL client programs and MySQL Shell; the ``mysql*`` names are also MariaDB
#: symlinks, so these names alone do not tell the family.
MYSQL_PROGRAMS: frozenset[str] = frozenset(drivers.by_id("mysql-client").programs)

#: MariaDB client programs: always the MariaDB family.
MARIADB_PROGRAMS: frozenset[str] = frozenset(drivers.by_id("mariadb-client").programs)


def program_name(argv0: str) -> str:
    """The basename of a program as written (``/usr/bin/mysql`` -> ``mysql``; ``.exe`` dropped)."""
    name = posixpath.basename(argv0.replace("\\", "/"))
    if name.lower().endswith(".exe"):
        name = name[:-4]
    return name


def is_client_program(argv0: str) -> bool:
    """True when ``argv0`` names a mysql / mariadb family client (``/usr/bin/mysql`` too)."""
    name = program_name(argv0)
    return name in MYSQL_PROGRAMS or name in MARIADB_PROGRAMS


#: Backup programs that connect to a server only to take a backup (``--backup``):
#: ``--prepare``, ``--copy-back``, ``--decompress``… work on files
#: (https://docs.percona.com/percona-xtrabackup/8.0/xtrabackup-option-reference.html,
#: https://mariadb.com/kb/en/mariabackup-options/).
BACKUP_PROGRAMS: frozenset[str] = frozenset({"xtrabackup", "mariadb-backup", "mariabackup"})


def family_of(program: str, assumed: str | None) -> str | None:
    """``mariadb``, ``mysql``, ``mysqlsh`` or None (unknown) for a program name."""
    if program in MARIADB_PROGRAMS:
        return "mariadb"
    if program == "mysqlsh":
        return "mysqlsh"
    if program == "xtrabackup":
        return "mysql"  # Percona's; MariaDB's is mariadb-backup
    return assumed if assumed in ("mysql", "mariadb") else None


# --------------------------------------------------------------------------- facts


def _facts(options: Sequence[Option], family: str | None, profs: Sequence[Profile]) -> list[Fact]:
    facts: list[Fact] = []
    mysql_possible = any(not p.mariadb for p in profs)
    explicit_mode: Option | None = None
    for opt in options:
        if opt.name == OPERAND:
            continue
        if opt.name == "password" and isinstance(opt.value, Secret) and is_literal(opt.value.reveal()):
            facts.append(Fact(FactKind.CREDENTIAL, opt.location, _key(opt), opt.value))
        elif opt.name in CA_OPTIONS or (family != "mysql" and MARIADB_ALIASES.get(opt.name) in CA_OPTIONS):
            if opt.text:
                facts.append(Fact(FactKind.TRUST_ANCHOR, opt.location, _key(opt), shown(opt.text)))
                if explicit_mode is not None and _below_verify(explicit_mode) and mysql_possible:
                    facts.append(_dropped_ca(opt, explicit_mode))
        elif opt.name == "ssl-mode":
            explicit_mode = opt
            if family == "mariadb" and not opt.loose:
                facts.append(
                    _ineffective(
                        opt,
                        "MariaDB clients have no --ssl-mode option and stop with an unknown option "
                        "error; use --ssl, --skip-ssl or --ssl-verify-server-cert",
                    )
                )
            elif not opt.dynamic and ssl_mode_of(opt) is None:
                facts.append(
                    _ineffective(
                        opt,
                        "not a --ssl-mode value (DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY): "
                        "the client stops with an error",
                    )
                )
        elif opt.name == "tls-version" and opt.text and not opt.dynamic:
            weak = [p.strip() for p in opt.text.split(",") if p.strip().lower() in WEAK_PROTOCOLS]
            if weak:
                facts.append(Fact(FactKind.WEAK_PROTOCOL, opt.location, _key(opt), ", ".join(weak)))
        elif opt.name in LEGACY_OPTIONS and family not in ("mariadb",) and mysql_possible:
            detail = _legacy_detail(opt, profs)
            if detail:
                facts.append(Fact(FactKind.DEPRECATED, opt.location, opt.written, opt.text, detail))
        elif opt.name.lower() in TLS_OPTION_NAMES and opt.name not in TLS_OPTION_NAMES and not opt.loose:
            facts.append(
                _ineffective(
                    opt,
                    f"option names are case-sensitive: `{opt.spelled}` is not `{opt.name.lower()}` "
                    "and the client stops with an unknown option error",
                )
            )
    if explicit_mode is not None and mysql_possible and _below_verify(explicit_mode):
        # An explicit mode given after the CA also drops it, in either order
        # (``client/include/sslopt-vars.h`` at 5.7 and 8.4).
        seen = {f.location for f in facts if f.kind is FactKind.INEFFECTIVE}
        for opt in options:
            if opt.name in CA_OPTIONS and opt.text and opt.location not in seen:
                facts.append(_dropped_ca(opt, explicit_mode))
    return facts


def _key(opt: Option) -> str:
    """The option as written without its value (``-p``, ``--password``, ``ssl-ca``)."""
    if opt.spelled == "p":
        return "-p"
    return re.split(r"[= ]", opt.written, maxsplit=1)[0]


def _below_verify(mode_option: Option) -> bool:
    mode = ssl_mode_of(mode_option)
    return mode is not None and not mode.verifies and not mode_option.dynamic


def _dropped_ca(ca: Option, mode_option: Option) -> Fact:
    # ``client/include/sslopt-vars.h`` (5.7, 8.4): the CA is not passed to the library
    # below VERIFY_CA, and the client warns "no verification of server certificate will be done".
    return _ineffective(
        ca,
        f"`{mode_option.written}` is below VERIFY_CA, so the client drops the CA and verifies nothing; "
        "use --ssl-mode=VERIFY_IDENTITY",
    )


def _ineffective(opt: Option, why: str) -> Fact:
    """An INEFFECTIVE fact on ``opt`` as written."""
    return Fact(FactKind.INEFFECTIVE, opt.location, opt.written, opt.text, why)


def _legacy_detail(opt: Option, profs: Sequence[Profile]) -> str:
    replacement = LEGACY_OPTIONS[opt.name]
    if opt.name == "ssl" and opt.flag() is False:
        replacement = "--ssl-mode=DISABLED"
    legacies = {p.legacy for p in profs if not p.mariadb}
    if legacies == {"deprecated"}:
        return f"deprecated since MySQL 5.7.11 and removed in 8.0; use {replacement}"
    if legacies == {"removed"}:
        return f"removed in MySQL 8.0 (unknown option error); use {replacement}"
    if legacies >= {"deprecated", "removed"}:
        return f"deprecated in MySQL 5.7, removed in 8.0 (current only in MariaDB clients); use {replacement}"
    return ""


_TEMPLATE = lazy.compile(r"^\$\{?[A-Za-z_]\w*\}?$|\{\{|\}\}|^%\w+%$")


def is_literal(value: str) -> bool:
    """True when a password value is a literal, not a variable or template
    reference (``$DB_PASS``, ``${{ secrets.X }}``, ``{{ pass }}``, ``%PASS%``).
    """
    return bool(value) and DYNAMIC not in value and not _TEMPLATE.search(value.strip())


@dataclass
class _Host:
    """Where a command's connection goes, as its options say."""

    host: str | None = None
    loopback: bool = False
    location: Location | None = None
    elsewhere: bool = False
    remote: bool = False
    no_connection: bool = False
    evidence: list[Location] = field(default_factory=list)
    #: The connection goes through the local Unix socket (see :func:`_socket`).
    socket: Socket | None = None


def _host(options: Sequence[Option], default_local: bool) -> _Host:
    h = _Host()
    socket = False
    for opt in options:
        if opt.name == "host":
            h.host = opt.text
            h.location = opt.location
        elif opt.name == "socket":
            socket = True
        elif opt.name in HOST_ELSEWHERE:
            h.elsewhere = True
        elif opt.name in REMOTE_OPTIONS:
            h.remote = True
        elif opt.name in NO_CONNECTION_OPTIONS:
            h.no_connection = True
        elif opt.name == "uri" and opt.text:
            h.host = _uri_host(opt.text)
    if h.host is not None and DYNAMIC in h.host:
        h.host, h.loopback = None, False
    elif h.host is not None:
        h.loopback = is_loopback(h.host)
    elif socket or (default_local and not h.elsewhere):
        # No host: the client connects to localhost through the Unix socket.
        h.host, h.loopback = "localhost", True
    h.socket = _socket(options, h, default_local)
    return h


def _socket(options: Sequence[Option], h: _Host, default_local: bool) -> Socket | None:
    """Whether a command line connects through the local Unix socket: ``--protocol=socket``,
    or no ``--protocol`` and a host of ``localhost`` or none (the clients connect
    there through the socket: ``mysql_real_connect`` in mariadb-connector-c
    ``libmariadb/mariadb_lib.c``; https://dev.mysql.com/doc/refman/8.0/en/transport-protocols.html).
    A port without ``--socket`` leaves it open (MariaDB clients since 10.6.1 take
    ``--port`` as TCP, MDEV-14974), as do option files and a host given elsewhere.
    """
    protocol = next((o for o in reversed(options) if o.name == "protocol"), None)
    if protocol is not None:
        # Another host goes over TCP all the same (the test above in mariadb_lib.c).
        value = (protocol.text or "").strip().lower()
        return Socket(protocol) if value == "socket" and h.host in (None, "localhost") else None
    if not default_local or h.elsewhere or h.remote or h.host != "localhost":
        return None
    socket = next((o for o in reversed(options) if o.name == "socket" and o.text), None)
    if socket is not None:
        return Socket(socket)
    if any(o.name == "port" for o in options):
        return None
    return Socket()


def _uri_host(uri: str) -> str | None:
    """The host of a MySQL Shell URI (``user@host:3306/db``, ``mysqlx://u@h?ssl-mode=…``)."""
    rest = uri.split("://", 1)[-1]
    rest = rest.split("?", 1)[0].split("/", 1)[0]
    rest = rest.rsplit("@", 1)[-1]
    if rest.startswith("["):
        return rest[1:].split("]", 1)[0]
    return rest.split(":", 1)[0] or None


def resolve_options(
    options: Sequence[Option],
    family: str | None,
    version: str | None,
    *,
    location: Location,
    client: str = "mysql client",
    driver: str | None = None,
    default_local: bool = True,
) -> Resolution:
    """The connection that ``options`` (command line and/or option-file settings,
    in the order the client reads them) configure.

    ``family`` is ``mysql``, ``mariadb``, ``mysqlsh`` or None (unknown);
    ``version`` the client version or None.  Where the outcome depends on an
    unknown family or version, ``mode`` is the outcome a rotation must not miss,
    ``decision`` is VERSION and ``outcomes`` names each condition.  With
    ``default_local`` a missing host means the local socket (the command line);
    an option file leaves the host to the command line.
    """
    options = [o for o in options if o.name != OPERAND]
    profs = profiles(family, version)
    if family is None and any(o.name == "ssl-mode" and not o.loose for o in options):
        # --ssl-mode exists only in MySQL clients (MySQL ``include/sslopt-longopts.h`` has it,
        # MariaDB's does not): it names the family.
        profs = tuple(p for p in profs if not p.mariadb)
    facts = _facts(options, family, profs)
    host = _host(options, default_local)
    local_tcp = host.socket is None and host.host in ("127.0.0.1", "::1")
    evals = [(p, evaluate(options, p, host.socket, local_tcp)) for p in profs]

    groups: dict[tuple[TlsMode, bool], list[tuple[Profile, Evaluation]]] = {}
    for p, e in evals:
        groups.setdefault((e.mode, e.error is not None), []).append((p, e))
    outcomes: tuple[Outcome, ...] = ()
    if len(groups) == 1:
        chosen = evals[0][1]
        decision = chosen.decision
    else:
        outcomes = tuple(Outcome(mode, _condition(members)) for (mode, _err), members in groups.items())
        if all(e.decision is Decision.DEFAULT for _p, e in evals) and family is None:
            # No TLS option and an unknown family: report the MySQL default (PREFERRED)
            # as a driver default and list what each family would do for the inventory.
            chosen, decision = evals[0][1], Decision.DEFAULT
        else:
            key = min(groups, key=lambda k: (PRIORITY.index(k[0]), k[1]))
            chosen, decision = groups[key][0][1], Decision.VERSION
    decided_at = chosen.decided.location if chosen.decided else location
    decided_by = chosen.decided.written if chosen.decided else ""
    unknown = (
        shown(chosen.decided.written) if chosen.decision is Decision.UNKNOWN and chosen.decided else None
    )
    evidence = tuple(
        o.location
        for o in options
        if o.name in CA_OPTIONS or o.name in LEGACY_OPTIONS or o.name in ("ssl-mode", "tls-version")
    )
    single_version = version if len(profs) == 1 else None
    connection = Connection(
        client=client,
        location=location,
        mode=chosen.mode,
        decision=decision,
        decided_at=decided_at,
        decided_by=decided_by,
        driver=driver,
        version=single_version,
        host=host.host,
        loopback=host.loopback,
        outcomes=outcomes,
        trust=chosen.trust,
        facts=tuple(facts),
        unknown=unknown,
        evidence=evidence,
    )
    return Resolution(connections=[connection])


def _condition(members: Sequence[tuple[Profile, Evaluation]]) -> str:
    labels = ", ".join(p.label for p, _e in members)
    errors = {e.error for _p, e in members if e.error}
    # A dash, not parentheses: the condition is shown inside a message's own parentheses.
    return f"{labels} — {'; '.join(sorted(errors))}" if errors else labels


def resolve(candidate: Candidate, assumptions: Assumptions) -> Resolution:
    """Connections and facts of a ``CandidateKind.MYSQL_CLI`` candidate (argv[0] the program)."""
    if not candidate.argv:
        return Resolution()
    program = program_name(candidate.argv[0].text)
    # The image or package the command runs from decides before the run's assumption.
    context = context_of(candidate.settings)
    if context is not None and context.lacks(program):
        # The command does not exist where it runs: no connection is made.
        detail = f"the {context.source} has no `{program}` command (MariaDB 11.0+ images ship `mariadb`)"
        return Resolution(
            facts=[Fact(FactKind.INEFFECTIVE, candidate.argv[0].locate(), program, detail=detail)]
        )
    family = family_of(program, context.family if context else assumptions.mysql_client_family)
    if context is not None and family == context.family:
        version = context.version
    elif family == "mysql" or (family is None and program in MYSQL_PROGRAMS):
        version = assumptions.version("mysql-client") if family == "mysql" else None
    elif family == "mariadb":
        version = assumptions.version("mariadb-client")
    else:
        version = None
    options = parse_argv(candidate.argv[1:], unknown_words(candidate.settings))
    if family == "mysqlsh":
        options = with_uri_options(options)  # mysqlsh user@host?ssl-mode=…
    resolution = resolve_options(
        options,
        family,
        version,
        location=candidate.location,
        client=f"`{program}` client" if program else "mysql client",
        driver=program or None,
    )
    env = [  # MYSQL_PWD=… before the command (shell): the password the client sends
        Fact(FactKind.CREDENTIAL, s.location, "MYSQL_PWD", s.value)
        for s in candidate.settings
        if s.key == "MYSQL_PWD" and isinstance(s.value, Secret) and is_literal(s.value.reveal())
    ]
    if env and resolution.connections:
        resolution.connections = [replace(c, facts=(*env, *c.facts)) for c in resolution.connections]
    else:
        resolution.facts.extend(env)
    host = _host(options, True)
    backup_only = program in BACKUP_PROGRAMS and not any(o.name == "backup" for o in options)
    if host.no_connection or backup_only or (program in LOCAL_UNLESS_REMOTE and not host.remote):
        # No connection is made (mysqlbinlog reading local files, --help, --version);
        # facts such as a password literal still stand.
        facts = [*resolution.facts, *(f for c in resolution.connections for f in c.facts)]
        return Resolution(facts=facts)
    return resolution
