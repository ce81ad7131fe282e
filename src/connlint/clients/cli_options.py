"""The MySQL and MariaDB client programs' options: the option tables and the
command-line syntax (``mysys/my_getopt.cc`` and ``include/sslopt-*.h`` of
https://github.com/mysql/mysql-server; ``include/sslopt-longopts.h`` of
https://github.com/MariaDB/server and ``libmariadb/mariadb_lib.c`` of
https://github.com/mariadb-corporation/mariadb-connector-c).

Front-ends hand over located argv words (:class:`~connlint.model.Span`);
:func:`parse_argv` turns them into located :class:`Option` values, and
:func:`make_option` builds one from an option-file key.  What the options
mean for TLS is :mod:`connlint.clients.cli_profiles`; the connection they
make is :mod:`connlint.clients.mysql_cli`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field

from connlint.clients.decisions import MYSQL_SSL_MODES
from connlint.lazy import dataclass
from connlint.model import DYNAMIC, Location, Secret, Setting, Span, TlsMode

#: Programs that only read local files unless told to connect: ``mysqlbinlog``
#: reads binary log files unless ``--read-from-remote-server`` (``-R``) is given.
LOCAL_UNLESS_REMOTE: frozenset[str] = frozenset({"mysqlbinlog", "mariadb-binlog"})
REMOTE_OPTIONS: frozenset[str] = frozenset(
    {"read-from-remote-server", "read-from-remote-source", "read-from-remote-master"}
)

#: Options after which no connection is made at all.
NO_CONNECTION_OPTIONS: frozenset[str] = frozenset({"help", "version", "print-defaults"})

#: The ``--ssl-mode`` values (``ssl_mode_names_lib`` in mysql-server
#: ``client/include/sslopt-vars.h``), matched by ``find_type`` (see :func:`ssl_mode_of`).
SSL_MODE_VALUES: Mapping[str, TlsMode] = MYSQL_SSL_MODES

#: Long options that take a required argument, so ``--opt value`` consumes the
#: next word (mysys my_getopt REQUIRED_ARG).  Options not listed never consume
#: the next word: ``--password secret`` prompts and treats ``secret`` as the
#: database (``--password`` has an optional argument, ``OPT_ARG`` in ``client/mysql.cc``).
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

#: MariaDB Connector/C aliases (the option names of mariadb-connector-c 3.4
#: ``libmariadb/mariadb_lib.c``).
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
#: (mysql-server ``include/sslopt-case.h`` at 5.7 and 8.0: ``if (!ssl_mode_set_explicitly)
#: opt_ssl_mode = SSL_MODE_VERIFY_CA``; ``client/include/sslopt-vars.h`` at 5.7 and 8.4).
CA_OPTIONS: frozenset[str] = frozenset({"ssl-ca", "ssl-capath"})

#: Options that turn TLS on in MariaDB clients (their help text says "implies --ssl" in
#: MariaDB server ``include/sslopt-longopts.h``).
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
#: (WL#9091, https://dev.mysql.com/worklog/task/?id=9091), current in MariaDB
#: (``include/sslopt-longopts.h``).  Value: the replacement.
LEGACY_OPTIONS: dict[str, str] = {
    "ssl": "--ssl-mode=REQUIRED",
    "ssl-verify-server-cert": "--ssl-mode=VERIFY_IDENTITY",
}

#: Every TLS option name, for the wrong-case check (``getopt_compare_strings`` in
#: ``mysys/my_getopt.cc`` compares names case-sensitively, ``-`` and ``_`` alike).
TLS_OPTION_NAMES: frozenset[str] = frozenset(
    {"ssl", "ssl-mode", "ssl-verify-server-cert", "tls-version", "tls-ciphersuites", "password"}
    | MARIADB_SSL_IMPLYING
)

#: Protocol names below TLSv1.2 (``--tls-version``; TLSv1 and TLSv1.1 are not supported from
#: MySQL 8.0.28: https://dev.mysql.com/doc/refman/8.0/en/encrypted-connection-protocols-ciphers.html).
WEAK_PROTOCOLS: frozenset[str] = frozenset({"sslv2", "sslv3", "tlsv1", "tlsv1.0", "tlsv1.1"})

#: Options that may bring a host from an option file we cannot see (or, for
#: :data:`UNKNOWN_OPTIONS`, from options not known statically).
HOST_ELSEWHERE: frozenset[str] = frozenset(
    {"defaults-file", "defaults-extra-file", "defaults-group-suffix", "login-path", "*"}
)

#: Options that may decide a connection's TLS outcome or server besides the ``ssl*``/``tls*``
#: ones (canonical names).  A shell function's caller that passes none of them (only
#: ``--database``, ``-e``, ``--batch``, ``-u``/``-p``, names the client does not know,
#: database and table names) adds nothing to the connection its body's command makes (a
#: password it passes is a finding at its own text all the same).
CONNECTION_OPTIONS: frozenset[str] = frozenset(
    {
        *HOST_ELSEWHERE,
        *NO_CONNECTION_OPTIONS,
        *REMOTE_OPTIONS,
        "bind-address",
        "default-auth",
        "defaults",
        "dns-srv-name",
        "enable-cleartext-plugin",
        "get-server-public-key",
        "host",
        "no-defaults",
        "pipe",
        "plugin-dir",
        "port",
        "protocol",
        "server-public-key-path",
        "shared-memory-base-name",
        "socket",
        "uri",
    }
)


def may_decide_connection(name: str) -> bool:
    """Whether an option (canonical name) may change what a client command connects to or how."""
    return name.startswith(("ssl", "tls")) or name in CONNECTION_OPTIONS


_TRUE = frozenset({"1", "on", "true", "yes"})
_FALSE = frozenset({"0", "off", "false", "no"})

#: Name of :class:`Option` values that are operands (database, table names, URIs).
OPERAND = ""

#: Name of :class:`Option` values that stand for options not known statically: an
#: unquoted shell variable of unknown value alone as an argument (``mysql $SSL_OPTS
#: -h db``) is split into any number of words, so any option may be there
#: (word splitting: https://www.gnu.org/software/bash/manual/bash.html#Word-Splitting).
UNKNOWN_OPTIONS = "*"

#: Setting key by which a front-end marks such an argument of a ``MYSQL_CLI``
#: candidate: the setting's location is the argument's, ``unknown`` the variable.
UNKNOWN_WORDS_KEY = "unknown-words"

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
    #: The located value as written (operands, ``--uri=…``), for what is read inside
    #: it (a MySQL Shell URI's options, :mod:`connlint.clients.shell_uri`).
    span: Span | None = field(default=None, repr=False, compare=False)

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
    """``loose-skip-ssl`` -> (``ssl``, negated, loose); ``_`` read as ``-`` (``mysys/my_getopt.cc``)."""
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
    return Option(name, value, location, written, negated, loose, raw_name, value_location, value_span)


def _join(a: Location, b: Location) -> Location:
    if a.line == b.line and a.end_line == b.end_line and b.column >= a.column:
        return Location(a.path, a.line, a.column, b.end_line, max(a.end_column, b.end_column))
    return a


def shown(text: str) -> str:
    """``text`` with each part not known statically written ``…``."""
    return text.replace(DYNAMIC, "…")


def unknown_words(settings: Iterable[Setting]) -> dict[Location, str]:
    """Where a candidate's argv has words not known statically that may be options
    (its :data:`UNKNOWN_WORDS_KEY` settings), by location -> the variable.
    """
    return {s.location: s.unknown or "…" for s in settings if s.key == UNKNOWN_WORDS_KEY}


def parse_argv(args: Sequence[Span], unknown: Mapping[Location, str] | None = None) -> tuple[Option, ...]:
    """The options and operands of a client command line; ``args`` is argv without argv[0].

    Knows the getopt syntax of the MySQL/MariaDB clients (``mysys/my_getopt.cc``):
    ``--opt=value``, ``--opt value`` for options with a required argument,
    short clusters (``-uroot``, ``-h host``, ``-pSECRET``, ``-p`` alone prompts),
    ``--`` ends the options.  Operands come back with ``name == OPERAND``; an
    argument at a location of ``unknown`` (words not known statically, by the
    variable that gives them) as :data:`UNKNOWN_OPTIONS`.
    """
    out: list[Option] = []
    i = 0
    only_operands = False
    while i < len(args):
        span = args[i]
        word = span.text
        i += 1
        if only_operands or not word.startswith("-") or word == "-" or word.startswith(DYNAMIC):
            location = span.locate()
            whole = not only_operands and not word.replace(DYNAMIC, "").strip()
            name = unknown.get(location) if unknown and whole else None
            if name is not None:
                out.append(Option(UNKNOWN_OPTIONS, DYNAMIC, location, name, span=span))
            else:
                out.append(Option(OPERAND, word, location, shown(word), span=span))
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
                written = f"--{raw}={shown(value)}" if eq else f"--{raw} {shown(value)}"
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
                            f"-{letter}{shown(rest)}",
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
                            f"-{letter} {shown(nxt.text)}",
                            spelled=letter,
                            value_location=nxt.locate(),
                        )
                    )
                break
            name = SHORT_FLAGS.get(letter, f"-{letter}")
            out.append(Option(name, None, span.locate(start, start + 1), f"-{letter}", spelled=letter))
    return tuple(out)


def ssl_mode_of(option: Option) -> TlsMode | None:
    """The mode an ``--ssl-mode`` value names; typelib matches case-insensitively and
    accepts an unambiguous prefix (``find_type`` in mysql-server ``mysys/typelib.cc``;
    the prefix is unconfirmed for 8.x).
    """
    value = (option.text or "").strip().upper()
    if value in SSL_MODE_VALUES:
        return SSL_MODE_VALUES[value]
    matches = [m for k, m in SSL_MODE_VALUES.items() if value and k.startswith(value)]
    return matches[0] if len(matches) == 1 else None
