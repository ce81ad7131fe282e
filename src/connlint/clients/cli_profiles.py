"""MySQL and MariaDB client families and versions, and the TLS mode each makes
of a client's options.

A :class:`Profile` is one family and version range with its TLS behaviour;
:func:`profiles` says which a family and version may stand for, and
:func:`evaluate` what one of them does with the options
(:mod:`connlint.clients.cli_options`), in the order the client reads them.
Sources: mysql-server ``include/sslopt-case.h`` and ``client/include/sslopt-vars.h``
(https://github.com/mysql/mysql-server, 5.7 and 8.0/8.4), MariaDB server
``include/sslopt-longopts.h`` and mariadb-connector-c 3.4.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from connlint.clients.cli_options import (
    CA_OPTIONS,
    LEGACY_OPTIONS,
    MARIADB_ALIASES,
    MARIADB_SSL_IMPLYING,
    UNKNOWN_OPTIONS,
    Option,
    shown,
    ssl_mode_of,
)
from connlint.clients.versions import at_least, parse_version
from connlint.lazy import dataclass
from connlint.model import Decision, TlsMode, Trust, TrustKind


@dataclass(frozen=True)
class Profile:
    """One client family and version range with its TLS behaviour."""

    label: str
    mariadb: bool = False
    legacy: str = "current"  # MySQL --ssl & co: current | deprecated | removed
    verify_default: bool = False  # MariaDB 11.4+ (Connector/C 3.4)
    ssl_ca_implies_verify_ca: bool = True


# 5.6 and older: the C library verifies the chain whenever a CA is set (mysql-server
# ``vio/viosslfactories.cc`` ``new_VioSSLConnectorFd``: SSL_VERIFY_PEER unless CA file and path are null).
MYSQL_OLD = Profile("MySQL ≤5.6")
# 5.7.11+: --ssl/--skip-ssl/--ssl-verify-server-cert deprecated, mapped to --ssl-mode
# (``include/sslopt-case.h`` at mysql-5.7: OPT_SSL_SSL, OPT_SSL_VERIFY_SERVER_CERT; WL#8785).
MYSQL_57 = Profile("MySQL 5.7", legacy="deprecated")
# 8.0/8.4/9.x: the legacy options are removed, an unknown option error
# (WL#9091, https://dev.mysql.com/worklog/task/?id=9091).
MYSQL_80 = Profile("MySQL 8.0+", legacy="removed")
# MySQL Shell takes the --ssl-* options; --ssl is deprecated
# (https://dev.mysql.com/doc/mysql-shell/8.0/en/mysql-shell-encrypted-connections.html).
MYSQL_SHELL = Profile("MySQL Shell", legacy="deprecated")
# MariaDB ≤11.3: TLS off unless --ssl or an --ssl-* option; no hostname check
# (MariaDB server ``include/sslopt-longopts.h``).
MARIADB_OLD = Profile("MariaDB ≤11.3", mariadb=True)
# MariaDB 11.4+ (Connector/C 3.4): TLS and verification on by default
# (https://github.com/mariadb-corporation/mariadb-connector-c/wiki/TLS-SSL-Changes-in-MariaDB-Connector-C-3.4).
MARIADB_114 = Profile("MariaDB 11.4+", mariadb=True, verify_default=True)


def _version_tuple(version: str) -> tuple[int, ...]:
    """An exact version (a pre-release below its release, see versions.parse_version), else
    the numbers before the first ``-`` (an image tag such as ``8.0-oraclelinux8``).
    """
    parsed = parse_version(version)
    if parsed is not None:
        return parsed
    parts = re.findall(r"\d+", version.split("-", 1)[0])
    return tuple(int(p) for p in parts[:3])


def profiles(family: str | None, version: str | None) -> tuple[Profile, ...]:
    """The client behaviours a family and version may stand for (several when unknown)."""
    if family == "mysqlsh":
        return (MYSQL_SHELL,)
    v = _version_tuple(version) if version else ()
    if family == "mysql":
        if not v:
            return (MYSQL_57, MYSQL_80)
        if not at_least(v, "5.7"):
            return (MYSQL_OLD,)
        return (MYSQL_80,) if at_least(v, "8") else (MYSQL_57,)
    if family == "mariadb":
        if not v:
            return (MARIADB_OLD, MARIADB_114)
        return (MARIADB_114,) if at_least(v, "11.4") else (MARIADB_OLD,)
    return (MYSQL_57, MYSQL_80, MARIADB_OLD, MARIADB_114)


# --------------------------------------------------------------------------- semantics


@dataclass(frozen=True)
class Evaluation:
    """What one profile makes of the options."""

    mode: TlsMode
    decision: Decision
    decided: Option | None
    error: str | None = None
    trust: Trust | None = None


def _ca_trust(ca: Option | None) -> Trust:
    if ca is None:
        return Trust(TrustKind.UNKNOWN)
    return Trust(TrustKind.CA_FILE, shown(ca.text or ""), ca.location)


def _canonical(option: Option, profile: Profile) -> str:
    return MARIADB_ALIASES.get(option.name, option.name) if profile.mariadb else option.name


def _eval_mysql(options: Sequence[Option], profile: Profile) -> Evaluation:
    mode, decision, decided = TlsMode.PREFERRED, Decision.DEFAULT, None
    explicit = False  # ssl_mode_set_explicitly: a latch (``include/sslopt-case.h``, 8.0)
    ca: Option | None = None
    for opt in options:
        name = _canonical(opt, profile)
        if name == UNKNOWN_OPTIONS:
            # Options not known statically (``$SSL_OPTS``): any --ssl-mode, and a CA
            # after them may be dropped or not; an explicit option after them decides.
            explicit, decided = True, opt
            mode, decision = TlsMode.UNKNOWN, Decision.UNKNOWN
            continue
        if name == "ssl-mode":
            explicit, decided = True, opt
            if opt.dynamic:
                mode, decision = TlsMode.UNKNOWN, Decision.UNKNOWN
                continue
            parsed = ssl_mode_of(opt)
            if parsed is None:
                why = f"invalid value in `{opt.written}`"
                return Evaluation(TlsMode.UNKNOWN, Decision.EXPLICIT, opt, why)
            mode, decision = parsed, Decision.EXPLICIT
        elif name in CA_OPTIONS:
            ca = opt if opt.text else None
            if ca is not None and not explicit:
                mode, decision, decided = TlsMode.VERIFY_CA, Decision.IMPLIED, opt
        elif name in LEGACY_OPTIONS:
            if profile.legacy == "removed":
                if opt.loose:
                    continue  # --loose-: an unknown option is ignored with a warning (``mysys/my_getopt.cc``)
                return Evaluation(
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
                    # ``include/sslopt-case.h`` at 5.7: --ssl raises the mode to REQUIRED when it is lower.
                    if mode in (TlsMode.PREFERRED, TlsMode.DISABLED):
                        mode = TlsMode.REQUIRED
                elif mode is TlsMode.DISABLED:
                    mode = TlsMode.PREFERRED  # 5.6: --ssl permits but does not require TLS
            else:
                # ``sslopt-case.h`` at 5.7: =1 -> VERIFY_IDENTITY; =0 downgrades VERIFY_IDENTITY to VERIFY_CA.
                explicit = True
                if on:
                    mode = TlsMode.VERIFY_IDENTITY
                elif mode is TlsMode.VERIFY_IDENTITY:
                    mode = TlsMode.VERIFY_CA
    if profile is MYSQL_OLD and ca is not None and mode in (TlsMode.PREFERRED, TlsMode.REQUIRED):
        # VIO: the 5.6 library verifies the chain whenever a CA is set.
        mode, decision, decided = TlsMode.VERIFY_CA, Decision.IMPLIED, ca
    trust = _ca_trust(ca) if mode.verifies else None
    return Evaluation(mode, decision, decided, None, trust)


def _eval_mariadb(
    options: Sequence[Option], profile: Profile, socket: Socket | None = None, local_tcp: bool = False
) -> Evaluation:
    # Options not known statically may name another host or protocol: no socket known.
    if socket is not None and profile.verify_default and not any(o.name == UNKNOWN_OPTIONS for o in options):
        # Connector/C 3.4 takes TLS off a Unix socket, named pipe or shared memory
        # connection, whatever the options ask ("MDEV-34730: disable TLS over UNIX
        # socket", mariadb-connector-c 00e219c5, ``plugins/auth/my_auth.c``
        # send_client_reply_packet); the 11.4 clients before it accepted any
        # certificate there (MariaDB server 1ef1bab9, MDEV-31855).  Never verified.
        # Only a fingerprint (--ssl-fp) still asks for TLS, and fails.
        names = [_canonical(o, profile) for o in options]
        if not any(n in ("ssl-fp", "ssl-fplist") for n in names):
            # Decided by the socket only when a TLS option was asked for in vain: without
            # one, as much a default as the other families' (an unknown family then reads
            # as the MySQL default).
            if any(n in MARIADB_SSL_IMPLYING or n.startswith(("ssl", "tls")) for n in names):
                return Evaluation(TlsMode.DISABLED, Decision.EXPLICIT, socket.option)
            return Evaluation(TlsMode.DISABLED, Decision.DEFAULT, None)
    ssl = verify = profile.verify_default
    decision, decided = Decision.DEFAULT, None
    ca: Option | None = None
    #: Options not known statically (``$SSL_OPTS``) since which neither --skip-ssl
    #: nor --ssl-verify-server-cert decided: TLS and verification not known.
    unknown: Option | None = None
    for opt in options:
        name = _canonical(opt, profile)
        if name == UNKNOWN_OPTIONS:
            unknown = opt
            continue
        if name == "ssl-mode":
            if opt.loose:
                continue
            # MariaDB's C API has no MYSQL_OPT_SSL_MODE (mariadb-connector-c ``include/mysql.h``);
            # the clients answer "unknown variable 'ssl-mode=…'" (unconfirmed per binary).
            why = f"unknown option error: `{opt.written}`"
            return Evaluation(TlsMode.UNKNOWN, Decision.EXPLICIT, opt, why)
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
                unknown = unknown if on else None
        elif name == "ssl-verify-server-cert":
            on = opt.flag()
            if on is not None:
                verify = on
                if on or ssl:  # --skip-ssl-verify-server-cert after --skip-ssl decides nothing
                    decision, decided = Decision.EXPLICIT, opt
                ssl = ssl or on
                unknown = None if on else unknown
    if unknown is not None:
        return Evaluation(TlsMode.UNKNOWN, Decision.UNKNOWN, unknown)
    if not ssl:
        return Evaluation(TlsMode.DISABLED, decision, decided)
    if verify and local_tcp and profile.verify_default:
        # Connector/C 3.4 on 127.0.0.1 / ::1 (``is_local_connection`` in
        # ``plugins/auth/my_auth.c``, v3.4.1): the host name is not checked, and
        # without --ssl-ca/--ssl-capath an untrusted certificate is accepted.
        if ca is None:
            return Evaluation(TlsMode.REQUIRED, decision, decided)
        return Evaluation(TlsMode.VERIFY_CA, decision, decided, None, _ca_trust(ca))
    if verify:
        trust = _ca_trust(ca) if ca else Trust(TrustKind.SYSTEM_DEFAULT)
        return Evaluation(TlsMode.VERIFY_IDENTITY, decision, decided, None, trust)
    if ca is not None:
        # Connector/C sets SSL_VERIFY_PEER when a CA file/path is given, as libmysqlclient's
        # VIO does (``vio/viosslfactories.cc``); an inference, unconfirmed for Connector/C.
        return Evaluation(TlsMode.VERIFY_CA, decision, decided, None, _ca_trust(ca))
    return Evaluation(TlsMode.REQUIRED, decision, decided)


@dataclass(frozen=True)
class Socket:
    """A connection through the local Unix socket, and the option that says so
    (``--protocol=socket``, ``--socket=…``; None for a command without a host).
    """

    option: Option | None = None


def evaluate(
    options: Sequence[Option], profile: Profile, socket: Socket | None = None, local_tcp: bool = False
) -> Evaluation:
    """What a client of ``profile`` makes of ``options`` (in the order it reads them);
    ``socket`` when it connects through the local Unix socket, ``local_tcp`` over
    TCP to ``127.0.0.1`` or ``::1``.  MySQL clients
    negotiate TLS over a socket as over TCP ("TCP/IP and socket-file transports are
    subject to TLS/SSL encryption", https://dev.mysql.com/doc/refman/8.0/en/transport-protocols.html).
    """
    if profile.mariadb:
        return _eval_mariadb(options, profile, socket, local_tcp)
    return _eval_mysql(options, profile)


#: Which outcome a connection reports when the client's family or version decides
#: (DESIGN's rule catalog: the rules fire for the outcome a rotation must not miss,
#: verification, and the message names every condition): verification first, then
#: the outcomes that expose the connection.  UNKNOWN is last because it fires no
#: rule: a mode not known on some versions (``$SSL_OPTS``, an unknown-option error)
#: must not hide the DISABLED that the others certainly give; it stays one of the
#: outcomes the message names.  Of one mode, an error (no connection) ranks last.
PRIORITY: tuple[TlsMode, ...] = (
    TlsMode.VERIFY_CA,
    TlsMode.VERIFY_IDENTITY,
    TlsMode.DISABLED,
    TlsMode.REQUIRED,
    TlsMode.PREFERRED,
    TlsMode.UNKNOWN,
)
