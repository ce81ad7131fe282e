"""The mysql / mariadb command-line client option table and its TLS semantics.

Pure knowledge, no source parsing: front-ends hand over located argv words
(:class:`~connlint.model.Span`), :func:`parse_argv` turns them into located
:class:`Option` values using the clients' option syntax, and
:func:`resolve_options` works out the TLS mode each client family and version
would use.  Option files (``my.cnf``) reuse :func:`resolve_options`, since the
clients prepend option-file settings to the command line.

Every fact here comes from ``shared/knowledge/mysql-cli.md`` (cited as
``mysql-cli.md §n``) and the summary rows 13-17 of ``knowledge/README.md``.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from connlint.clients import drivers
from connlint.clients.hosts import is_loopback
from connlint.model import (
    DYNAMIC,
    Assumptions,
    Candidate,
    Connection,
    Decision,
    Fact,
    FactKind,
    Location,
    Outcome,
    Resolution,
    Secret,
    Span,
    TlsMode,
    Trust,
    TrustKind,
)

# --------------------------------------------------------------------------- knowledge

#: MySQL client programs and MySQL Shell; the ``mysql*`` names are also MariaDB
#: symlinks, so these names alone do not tell the family.
MYSQL_PROGRAMS: frozenset[str] = frozenset(drivers.by_id("mysql-client").programs)

#: MariaDB client programs: always the MariaDB family.
MARIADB_PROGRAMS: frozenset[str] = frozenset(drivers.by_id("mariadb-client").programs)

#: Programs that only read local files unless told to connect: ``mysqlbinlog``
#: reads binary log files unless ``--read-from-remote-server`` (``-R``) is given.
LOCAL_UNLESS_REMOTE: frozenset[str] = frozenset({"mysqlbinlog", "mariadb-binlog"})
REMOTE_OPTIONS: frozenset[str] = frozenset(
    {"read-from-remote-server", "read-from-remote-source", "read-from-remote-master"}
)

#: Options after which no connection is made at all.
NO_CONNECTION_OPTIONS: frozenset[str] = frozenset({"help", "version", "print-defaults"})

#: The ``--ssl-mode`` values (mysql-cli.md §1; matched case-insensitively, §4).
SSL_MODE_VALUES: dict[str, TlsMode] = {
    "DISABLED": TlsMode.DISABLED,
    "PREFERRED": TlsMode.PREFERRED,
    "REQUIRED": TlsMode.REQUIRED,
    "VERIFY_CA": TlsMode.VERIFY_CA,
    "VERIFY_IDENTITY": TlsMode.VERIFY_IDENTITY,
}

#: Long options that take a required argument, so ``--opt value`` consumes the
#: next word (mysys my_getopt REQUIRED_ARG).  Options not listed never consume
#: the next word: ``--password secret`` prompts and treats ``secret`` as the
#: database (``--password`` has an optional argument, mysql-cli.md §4).
LONG_WITH_ARGUMENT: frozenset[str] = frozenset(
    {
        "bind-address",
        "character-sets-dir",
        "compression-algorithms",
        "connect-timeout",
        "database",
        "default-auth",
        "default-character-set",
        "defaults-extra-file",
        "defaults-file",
        "defaults-group-suffix",
        "delimiter",
        "dns-srv-name",
        "execute",
        "host",
        "ignore-table",
        "init-command",
        "load-data-local-dir",
        "login-path",
        "max-allowed-packet",
        "net-buffer-length",
        "plugin-dir",
        "port",
        "prompt",
        "protocol",
        "result-file",
        "server-public-key-path",
        "socket",
        "ssl-ca",
        "ssl-capath",
        "ssl-cert",
        "ssl-cipher",
        "ssl-crl",
        "ssl-crlpath",
        "ssl-fips-mode",
        "ssl-fp",
        "ssl-fplist",
        "ssl-key",
        "ssl-mode",
        "ssl-passphrase",
        "ssl-session-data",
        "tls-ca",
        "tls-capath",
        "tls-cert",
        "tls-cipher",
        "tls-ciphersuites",
        "tls-crl",
        "tls-crlpath",
        "tls-key",
        "tls-sni-servername",
        "tls-version",
        "uri",
        "user",
        "where",
        "zstd-compression-level",
    }
)

#: Short options with a required argument (``-h host`` or ``-hhost``).  ``-p``
#: takes an optional argument that must be attached: ``-p`` alone prompts.
SHORT_WITH_ARGUMENT: dict[str, str] = {
    "D": "database",
    "P": "port",
    "S": "socket",
    "e": "execute",
    "h": "host",
    "u": "user",
}
SHORT_FLAGS: dict[str, str] = {
    "?": "help",
    "I": "help",
    "R": "read-from-remote-server",
    "V": "version",
}

#: MariaDB Connector/C aliases (mysql-cli.md §2, CC34 option table).
MARIADB_ALIASES: dict[str, str] = {
    "tls-ca": "ssl-ca",
    "tls-capath": "ssl-capath",
    "tls-cert": "ssl-cert",
    "tls-cipher": "ssl-cipher",
    "tls-crl": "ssl-crl",
    "tls-crlpath": "ssl-crlpath",
    "tls-fp": "ssl-fp",
    "tls-fplist": "ssl-fplist",
    "tls-key": "ssl-key",
    "tls-verify-peer": "ssl-verify-server-cert",
    "ssl-fp-list": "ssl-fplist",
}

#: CA options: without an explicit ``--ssl-mode`` they switch a MySQL 5.7.11+ client
#: to VERIFY_CA; with an explicit mode below VERIFY_CA the client drops them
#: (mysql-cli.md §1, CASE57/CASE80, VARS57/VARS84).
CA_OPTIONS: frozenset[str] = frozenset({"ssl-ca", "ssl-capath"})

#: Options that turn TLS on in MariaDB clients ("implies --ssl", MDBLONG; mysql-cli.md §2).
MARIADB_SSL_IMPLYING: frozenset[str] = frozenset(
    {
        "ssl-ca",
        "ssl-capath",
        "ssl-cert",
        "ssl-key",
        "ssl-cipher",
        "ssl-crl",
        "ssl-crlpath",
        "ssl-fp",
        "ssl-fplist",
    }
)

#: The 5.7 legacy options: deprecated in 5.7, removed from MySQL 8.0 clients
#: (WL#9091; mysql-cli.md §1), current in MariaDB (§2).  Value: the replacement.
LEGACY_OPTIONS: dict[str, str] = {
    "ssl": "--ssl-mode=REQUIRED",
    "ssl-verify-server-cert": "--ssl-mode=VERIFY_IDENTITY",
}

#: Every TLS option name, for the wrong-case check (names are case-sensitive, §4).
TLS_OPTION_NAMES: frozenset[str] = frozenset(
    {"ssl", "ssl-mode", "ssl-verify-server-cert", "tls-version", "tls-ciphersuites", "password"}
    | MARIADB_SSL_IMPLYING
)

#: Protocol names below TLSv1.2 (``--tls-version``; TLSv1/1.1 removed from 8.0.28, §1).
WEAK_PROTOCOLS: frozenset[str] = frozenset({"sslv2", "sslv3", "tlsv1", "tlsv1.0", "tlsv1.1"})

#: Options that may bring a host from an option file we cannot see.
HOST_ELSEWHERE: frozenset[str] = frozenset(
    {"defaults-file", "defaults-extra-file", "defaults-group-suffix", "login-path"}
)

_TRUE = frozenset({"1", "on", "true", "yes"})
_FALSE = frozenset({"0", "off", "false", "no"})

#: Name of :class:`Option` values that are operands (database, table names, URIs).
OPERAND = ""

# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Option:
    """One option as a client reads it, with where it stands.

    ``name`` is canonical (``ssl-mode``: no dashes in front, ``_`` read as ``-``,
    ``loose-``/``skip-``/``disable-``/``enable-`` taken off), or :data:`OPERAND`.
    ``value`` is None when none was given; a password is a :class:`Secret`.
    ``written`` is the option as written (passwords redacted) for messages;
    ``location`` covers the option and its value when both share a line.
    A value that contains :data:`~connlint.model.DYNAMIC` is not known statically.
    """

    name: str
    value: str | Secret | None
    location: Location
    written: str
    negated: bool = False
    loose: bool = False
    spelled: str = ""
    value_location: Location | None = None

    @property
    def text(self) -> str | None:
        """The value as text (None for no value or a password)."""
        return self.value if isinstance(self.value, str) else None

    @property
    def dynamic(self) -> bool:
        """True when the value is not known statically."""
        v = self.value.reveal() if isinstance(self.value, Secret) else self.value
        return v is not None and DYNAMIC in v

    def flag(self) -> bool | None:
        """The boolean this option sets (``--skip-x``, ``--x=0`` -> False), None when invalid."""
        if self.text is None:
            return not self.negated
        v = self.text.strip().lower()
        if v in _TRUE:
            return not self.negated
        if v in _FALSE:
            return self.negated
        return None


def _split_modifiers(raw: str) -> tuple[str, bool, bool]:
    """``loose-skip-ssl`` -> (``ssl``, negated, loose); ``_`` read as ``-`` (GETOPT)."""
    name = raw.replace("_", "-")
    loose = False
    if name.startswith("loose-"):
        name, loose = name[6:], True
    negated = False
    for prefix, neg in (("skip-", True), ("disable-", True), ("enable-", False)):
        if name.startswith(prefix) and len(name) > len(prefix):
            name, negated = name[len(prefix) :], neg
            break
    return name, negated, loose


def make_option(
    raw_name: str,
    value: str | Secret | None,
    location: Location,
    *,
    written: str | None = None,
    value_location: Location | None = None,
    value_span: Span | None = None,
) -> Option:
    """An :class:`Option` from a name as written without leading dashes (``ssl_ca``,
    ``loose-ssl-mode``, ``skip-ssl``); option files use this for their keys.
    """
    name, negated, loose = _split_modifiers(raw_name)
    if name == "password" and isinstance(value, str):
        value = Secret(value, value_span)
    if written is None:
        written = raw_name if value is None else f"{raw_name}={value}"
    return Option(name, value, location, written, negated, loose, raw_name, value_location)


def _join(a: Location, b: Location) -> Location:
    if a.line == b.line and a.end_line == b.end_line and b.column >= a.column:
        return Location(a.path, a.line, a.column, b.end_line, max(a.end_column, b.end_column))
    return a


def _shown(text: str) -> str:
    return text.replace(DYNAMIC, "…")


def parse_argv(args: Sequence[Span]) -> tuple[Option, ...]:
    """The options and operands of a client command line; ``args`` is argv without argv[0].

    Knows the getopt syntax of the MySQL/MariaDB clients (mysql-cli.md §4):
    ``--opt=value``, ``--opt value`` for options with a required argument,
    short clusters (``-uroot``, ``-h host``, ``-pSECRET``, ``-p`` alone prompts),
    ``--`` ends the options.  Operands come back with ``name == OPERAND``.
    """
    out: list[Option] = []
    i = 0
    only_operands = False
    while i < len(args):
        span = args[i]
        word = span.text
        i += 1
        if only_operands or not word.startswith("-") or word == "-" or word.startswith(DYNAMIC):
            out.append(Option(OPERAND, word, span.locate(), _shown(word)))
            continue
        if word == "--":
            only_operands = True
            continue
        if word.startswith("--"):
            body = word[2:]
            raw, eq, val = body.partition("=")
            name, _, _ = _split_modifiers(raw)
            if eq:
                value_span: Span | None = span.slice(2 + len(raw) + 1)
                value: str | None = val
                location = span.locate()
            elif name in LONG_WITH_ARGUMENT and i < len(args):
                value_span = args[i]
                value = value_span.text
                i += 1
                location = _join(span.locate(), value_span.locate())
            else:
                value_span, value, location = None, None, span.locate()
            secret = name == "password" and value is not None
            if secret:
                written = f"--{raw}=***"
            elif value is None:
                written = f"--{raw}"
            else:
                written = f"--{raw}={_shown(value)}" if eq else f"--{raw} {_shown(value)}"
            out.append(
                make_option(
                    raw,
                    value,
                    location,
                    written=written,
                    value_location=value_span.locate() if value_span else None,
                    value_span=value_span,
                )
            )
            continue
        # A cluster of short options: -uroot, -vvv, -Bse, -pSECRET.
        j = 1
        while j < len(word):
            letter = word[j]
            start = j
            j += 1
            rest = word[j:]
            if letter == "p":
                location = span.locate(start - 1 if start == 1 else start, len(word))
                if rest:
                    out.append(
                        Option(
                            "password",
                            Secret(rest, span.slice(j)),
                            location,
                            "-p***",
                            spelled="p",
                            value_location=span.locate(j),
                        )
                    )
                else:
                    out.append(Option("password", None, location, "-p", spelled="p"))
                break
            if letter in SHORT_WITH_ARGUMENT:
                long_name = SHORT_WITH_ARGUMENT[letter]
                first = start - 1 if start == 1 else start
                if rest:
                    out.append(
                        Option(
                            long_name,
                            rest,
                            span.locate(first, len(word)),
                            f"-{letter}{_shown(rest)}",
                            spelled=letter,
                            value_location=span.locate(j),
                        )
                    )
                elif i < len(args):
                    nxt = args[i]
                    i += 1
                    out.append(
                        Option(
                            long_name,
                            nxt.text,
                            _join(span.locate(first, len(word)), nxt.locate()),
                            f"-{letter} {_shown(nxt.text)}",
                            spelled=letter,
                            value_location=nxt.locate(),
                        )
                    )
                break
            name = SHORT_FLAGS.get(letter, f"-{letter}")
            out.append(Option(name, None, span.locate(start, start + 1), f"-{letter}", spelled=letter))
    return tuple(out)


# --------------------------------------------------------------------------- programs


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


def family_of(program: str, assumed: str | None) -> str | None:
    """``mariadb``, ``mysql``, ``mysqlsh`` or None (unknown) for a program name."""
    if program in MARIADB_PROGRAMS:
        return "mariadb"
    if program == "mysqlsh":
        return "mysqlsh"
    return assumed if assumed in ("mysql", "mariadb") else None


# --------------------------------------------------------------------------- profiles


@dataclass(frozen=True)
class _Profile:
    """One client family and version range with its TLS behaviour."""

    label: str
    mariadb: bool = False
    legacy: str = "current"  # MySQL --ssl & co: current | deprecated | removed
    verify_default: bool = False  # MariaDB 11.4+ (mysql-cli.md §2, README row 17)
    ssl_ca_implies_verify_ca: bool = True


# mysql-cli.md §1: 5.6 and older: the C library verifies the chain whenever a CA is set (VIO).
_MYSQL_OLD = _Profile("MySQL ≤5.6")
# mysql-cli.md §1: 5.7.11+: --ssl/--skip-ssl/--ssl-verify-server-cert deprecated, mapped to --ssl-mode.
_MYSQL_57 = _Profile("MySQL 5.7", legacy="deprecated")
# mysql-cli.md §1: 8.0/8.4/9.x: the legacy options are removed (unknown option error).
_MYSQL_80 = _Profile("MySQL 8.0+", legacy="removed")
# mysql-cli.md §3: MySQL Shell takes the --ssl-* options; --ssl is deprecated.
_MYSQL_SHELL = _Profile("MySQL Shell", legacy="deprecated")
# mysql-cli.md §2: MariaDB ≤11.3: TLS off unless --ssl or an --ssl-* option; no hostname check.
_MARIADB_OLD = _Profile("MariaDB ≤11.3", mariadb=True)
# mysql-cli.md §2 / README row 17: MariaDB 11.4+ (Connector/C 3.4): TLS and verification on by default.
_MARIADB_114 = _Profile("MariaDB 11.4+", mariadb=True, verify_default=True)


def _version_tuple(version: str) -> tuple[int, ...]:
    parts = re.findall(r"\d+", version.split("-", 1)[0])
    return tuple(int(p) for p in parts[:3])


def profiles(family: str | None, version: str | None) -> tuple[_Profile, ...]:
    """The client behaviours a family and version may stand for (several when unknown)."""
    if family == "mysqlsh":
        return (_MYSQL_SHELL,)
    v = _version_tuple(version) if version else ()
    if family == "mysql":
        if not v:
            return (_MYSQL_57, _MYSQL_80)
        if v < (5, 7):
            return (_MYSQL_OLD,)
        return (_MYSQL_57,) if v < (8,) else (_MYSQL_80,)
    if family == "mariadb":
        if not v:
            return (_MARIADB_OLD, _MARIADB_114)
        return (_MARIADB_114,) if v >= (11, 4) else (_MARIADB_OLD,)
    return (_MYSQL_57, _MYSQL_80, _MARIADB_OLD, _MARIADB_114)


# --------------------------------------------------------------------------- semantics


@dataclass(frozen=True)
class _Eval:
    """What one profile makes of the options."""

    mode: TlsMode
    decision: Decision
    decided: Option | None
    error: str | None = None
    trust: Trust | None = None


def _ssl_mode(option: Option) -> TlsMode | None:
    """The mode an ``--ssl-mode`` value names; typelib matches case-insensitively and
    accepts an unambiguous prefix (mysql-cli.md §4; prefix UNCONFIRMED for 8.x).
    """
    value = (option.text or "").strip().upper()
    if value in SSL_MODE_VALUES:
        return SSL_MODE_VALUES[value]
    matches = [m for k, m in SSL_MODE_VALUES.items() if value and k.startswith(value)]
    return matches[0] if len(matches) == 1 else None


def _ca_trust(ca: Option | None) -> Trust:
    if ca is None:
        return Trust(TrustKind.UNKNOWN)
    return Trust(TrustKind.CA_FILE, _shown(ca.text or ""), ca.location)


def _canonical(option: Option, profile: _Profile) -> str:
    return MARIADB_ALIASES.get(option.name, option.name) if profile.mariadb else option.name


def _eval_mysql(options: Sequence[Option], profile: _Profile) -> _Eval:
    mode, decision, decided = TlsMode.PREFERRED, Decision.DEFAULT, None
    explicit = False  # ssl_mode_set_explicitly: a latch (CASE80)
    ca: Option | None = None
    for opt in options:
        name = _canonical(opt, profile)
        if name == "ssl-mode":
            explicit, decided = True, opt
            if opt.dynamic:
                mode, decision = TlsMode.UNKNOWN, Decision.UNKNOWN
                continue
            parsed = _ssl_mode(opt)
            if parsed is None:
                return _Eval(TlsMode.UNKNOWN, Decision.EXPLICIT, opt, f"invalid value in `{opt.written}`")
            mode, decision = parsed, Decision.EXPLICIT
        elif name in CA_OPTIONS:
            ca = opt if opt.text else None
            if ca is not None and not explicit:
                mode, decision, decided = TlsMode.VERIFY_CA, Decision.IMPLIED, opt
        elif name in LEGACY_OPTIONS:
            if profile.legacy == "removed":
                if opt.loose:
                    continue  # --loose-: unknown option ignored with a warning (§4)
                return _Eval(
                    TlsMode.UNKNOWN,
                    Decision.EXPLICIT,
                    opt,
                    f"unknown option error: `{opt.written}` was removed",
                )
            on = opt.flag()
            if on is None:
                continue
            decided = opt
            decision = Decision.LEGACY if profile.legacy == "deprecated" else Decision.EXPLICIT
            if name == "ssl":
                explicit = True
                if not on:
                    mode = TlsMode.DISABLED
                elif profile.legacy == "deprecated":
                    # CASE57: --ssl raises the mode to REQUIRED when it is lower.
                    if mode in (TlsMode.PREFERRED, TlsMode.DISABLED):
                        mode = TlsMode.REQUIRED
                elif mode is TlsMode.DISABLED:
                    mode = TlsMode.PREFERRED  # 5.6: --ssl permits but does not require TLS
            else:
                # CASE57: =1 -> VERIFY_IDENTITY; =0 downgrades VERIFY_IDENTITY to VERIFY_CA.
                explicit = True
                if on:
                    mode = TlsMode.VERIFY_IDENTITY
                elif mode is TlsMode.VERIFY_IDENTITY:
                    mode = TlsMode.VERIFY_CA
    if profile is _MYSQL_OLD and ca is not None and mode in (TlsMode.PREFERRED, TlsMode.REQUIRED):
        # VIO: the 5.6 library verifies the chain whenever a CA is set.
        mode, decision, decided = TlsMode.VERIFY_CA, Decision.IMPLIED, ca
    trust = _ca_trust(ca) if mode.verifies else None
    return _Eval(mode, decision, decided, None, trust)


def _eval_mariadb(options: Sequence[Option], profile: _Profile) -> _Eval:
    ssl = verify = profile.verify_default
    decision, decided = Decision.DEFAULT, None
    ca: Option | None = None
    for opt in options:
        name = _canonical(opt, profile)
        if name == "ssl-mode":
            if opt.loose:
                continue
            # mysql-cli.md §2: MariaDB's C API has no MYSQL_OPT_SSL_MODE; the clients
            # answer "unknown variable 'ssl-mode=…'" (UNCONFIRMED per binary).
            return _Eval(TlsMode.UNKNOWN, Decision.EXPLICIT, opt, f"unknown option error: `{opt.written}`")
        if name in MARIADB_SSL_IMPLYING:
            if name in CA_OPTIONS:
                ca = opt if opt.text else None
            if opt.text or opt.dynamic:
                if not ssl or decision is Decision.DEFAULT:
                    decision, decided = Decision.IMPLIED, opt
                ssl = True
        elif name == "ssl":
            on = opt.flag()
            if on is not None:
                ssl, decision, decided = on, Decision.EXPLICIT, opt
        elif name == "ssl-verify-server-cert":
            on = opt.flag()
            if on is not None:
                verify, decision, decided = on, Decision.EXPLICIT, opt
                ssl = ssl or on
    if not ssl:
        return _Eval(TlsMode.DISABLED, decision, decided)
    if verify:
        trust = _ca_trust(ca) if ca else Trust(TrustKind.SYSTEM_DEFAULT)
        return _Eval(TlsMode.VERIFY_IDENTITY, decision, decided, None, trust)
    if ca is not None:
        # Connector/C sets SSL_VERIFY_PEER when a CA file/path is given, as libmysqlclient's
        # VIO does (mysql-cli.md §1 "VIO"); inference, UNCONFIRMED for Connector/C.
        return _Eval(TlsMode.VERIFY_CA, decision, decided, None, _ca_trust(ca))
    return _Eval(TlsMode.REQUIRED, decision, decided)


def _evaluate(options: Sequence[Option], profile: _Profile) -> _Eval:
    return _eval_mariadb(options, profile) if profile.mariadb else _eval_mysql(options, profile)


#: Which outcome a rotation must not miss when the version decides (DESIGN.md):
#: verification first, then the outcomes that expose the connection.
_PRIORITY: tuple[TlsMode, ...] = (
    TlsMode.VERIFY_CA,
    TlsMode.VERIFY_IDENTITY,
    TlsMode.DISABLED,
    TlsMode.REQUIRED,
    TlsMode.PREFERRED,
    TlsMode.UNKNOWN,
)


def _facts(options: Sequence[Option], family: str | None, profs: Sequence[_Profile]) -> list[Fact]:
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
                facts.append(Fact(FactKind.TRUST_ANCHOR, opt.location, _key(opt), _shown(opt.text)))
                if explicit_mode is not None and _below_verify(explicit_mode) and mysql_possible:
                    facts.append(_dropped_ca(opt, explicit_mode))
        elif opt.name == "ssl-mode":
            explicit_mode = opt
            if family == "mariadb" and not opt.loose:
                facts.append(
                    Fact(
                        FactKind.INEFFECTIVE,
                        opt.location,
                        opt.written,
                        opt.text,
                        "MariaDB clients have no --ssl-mode option and stop with an unknown option "
                        "error; use --ssl, --skip-ssl or --ssl-verify-server-cert",
                    )
                )
            elif not opt.dynamic and _ssl_mode(opt) is None:
                facts.append(
                    Fact(
                        FactKind.INEFFECTIVE,
                        opt.location,
                        opt.written,
                        opt.text,
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
                Fact(
                    FactKind.INEFFECTIVE,
                    opt.location,
                    opt.written,
                    opt.text,
                    f"option names are case-sensitive: `{opt.spelled}` is not `{opt.name.lower()}` "
                    "and the client stops with an unknown option error",
                )
            )
    if explicit_mode is not None and mysql_possible and _below_verify(explicit_mode):
        # An explicit mode given after the CA also drops it (VARS57/VARS84: either order).
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
    mode = _ssl_mode(mode_option)
    return mode is not None and not mode.verifies and not mode_option.dynamic


def _dropped_ca(ca: Option, mode_option: Option) -> Fact:
    # VARS57 / VARS84: the CA is not passed to the library below VERIFY_CA, and the
    # client warns "no verification of server certificate will be done".
    return Fact(
        FactKind.INEFFECTIVE,
        ca.location,
        ca.written,
        ca.text,
        f"`{mode_option.written}` is below VERIFY_CA, so the client drops the CA and verifies nothing; "
        "use --ssl-mode=VERIFY_IDENTITY",
    )


def _legacy_detail(opt: Option, profs: Sequence[_Profile]) -> str:
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


_TEMPLATE = re.compile(r"^\$\{?[A-Za-z_]\w*\}?$|\{\{|\}\}|^%\w+%$")


def is_literal(value: str) -> bool:
    """True when a password value is a literal, not a variable or template
    reference (``$DB_PASS``, ``${{ secrets.X }}``, ``{{ pass }}``, ``%PASS%``).
    """
    return bool(value) and DYNAMIC not in value and not _TEMPLATE.search(value.strip())


@dataclass
class _Host:
    host: str | None = None
    loopback: bool = False
    location: Location | None = None
    elsewhere: bool = False
    remote: bool = False
    no_connection: bool = False
    evidence: list[Location] = field(default_factory=list)


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
    return h


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
        # --ssl-mode exists only in MySQL clients (mysql-cli.md §1, §2): it names the family.
        profs = tuple(p for p in profs if not p.mariadb)
    facts = _facts(options, family, profs)
    host = _host(options, default_local)
    evals = [(p, _evaluate(options, p)) for p in profs]

    groups: dict[tuple[TlsMode, bool], list[tuple[_Profile, _Eval]]] = {}
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
            key = min(groups, key=lambda k: (_PRIORITY.index(k[0]), k[1]))
            chosen, decision = groups[key][0][1], Decision.VERSION
    decided_at = chosen.decided.location if chosen.decided else location
    decided_by = chosen.decided.written if chosen.decided else ""
    unknown = (
        _shown(chosen.decided.written) if chosen.decision is Decision.UNKNOWN and chosen.decided else None
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


def _condition(members: Sequence[tuple[_Profile, _Eval]]) -> str:
    labels = ", ".join(p.label for p, _e in members)
    errors = {e.error for _p, e in members if e.error}
    return f"{labels} ({'; '.join(sorted(errors))})" if errors else labels


def resolve(candidate: Candidate, assumptions: Assumptions) -> Resolution:
    """Connections and facts of a ``Client.MYSQL_CLI`` candidate (argv[0] the program)."""
    if not candidate.argv:
        return Resolution()
    program = program_name(candidate.argv[0].text)
    family = family_of(program, assumptions.mysql_client_family)
    if family == "mysql" or (family is None and program in MYSQL_PROGRAMS):
        version = assumptions.version("mysql-client") if family == "mysql" else None
    elif family == "mariadb":
        version = assumptions.version("mariadb-client")
    else:
        version = None
    options = parse_argv(candidate.argv[1:])
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
    if host.no_connection or (program in LOCAL_UNLESS_REMOTE and not host.remote):
        # No connection is made (mysqlbinlog reading local files, --help, --version);
        # facts such as a password literal still stand.
        facts = [*resolution.facts, *(f for c in resolution.connections for f in c.facts)]
        return Resolution(facts=facts)
    return resolution
