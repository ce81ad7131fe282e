"""mysqlclient / MySQLdb (https://github.com/PyMySQL/mysqlclient
``src/MySQLdb/_mysql.c``), also behind Django's MySQL backend: what a
``connect()`` call's TLS keyword arguments mean.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from connlint import lazy
from connlint.clients import rewrites
from connlint.clients.decisions import MYSQL_SSL_MODES
from connlint.clients.python_common import (
    Options,
    Verdict,
    ca_trust,
    default_verdict,
    is_none,
    unknown_verdict,
)
from connlint.model import DYNAMIC, Decision, Fact, FactKind, Secret, TlsMode, Trust, TrustKind

#: mysqlclient ``ssl_mode`` values: exact, case-sensitive ``strcmp`` in
#: ``_mysql.c`` ``_get_ssl_mode_num`` (2.0.0+); anything else raises
#: NotSupportedError("Unknown ssl_mode specification").
MYSQLCLIENT_SSL_MODES: Mapping[str, TlsMode] = MYSQL_SSL_MODES


#: The keywords ``MySQLdb.connect`` takes: ``_mysql.c`` ``_mysql_ConnectionObject_Initialize``'s
#: kwlist and what ``connections.py`` ``Connection.__init__`` takes out first (mysqlclient
#: 2.2.x); any other raises TypeError ("... is an invalid keyword argument").
MYSQLCLIENT_KEYWORDS: frozenset[str] = frozenset(
    {
        "host", "user", "password", "database", "port", "unix_socket", "conv",
        "connect_timeout", "compress", "named_pipe", "init_command", "read_default_file",
        "read_default_group", "client_flag", "ssl", "ssl_mode", "local_infile", "read_timeout",
        "write_timeout", "charset", "auth_plugin", "server_public_key_path", "local_infile_dir",
        "db", "passwd", "cursorclass", "collation", "use_unicode", "sql_mode", "binary_prefix",
        "multi_statements", "autocommit",
    }
)  # fmt: skip

#: A keyword written for TLS (``sslmode``, PyMySQL's ``ssl_ca``/``ssl_disabled``).
_TLS_WORD = lazy.compile(r"ssl|tls|cert|verify", re.IGNORECASE)


def _rejected(key: str) -> bool:
    """A TLS keyword argument MySQLdb.connect does not take (a TypeError at connect)."""
    return "." not in key and key not in MYSQLCLIENT_KEYWORDS and _TLS_WORD.search(key) is not None


def verdict(opts: Options, version: str | None, label: str, facts: list[Fact]) -> Verdict:
    """Resolve mysqlclient / MySQLdb and Django OPTIONS (``_mysql.c``; Django
    ``django/db/backends/mysql/base.py`` passes OPTIONS to ``MySQLdb.connect``).
    """
    ca, capath = opts.get("ssl.ca"), opts.get("ssl.capath")
    trust = ca_trust(ca, capath) if (ca or capath) else Trust(TrustKind.UNKNOWN)
    hostname = opts.by_key.get("ssl.check_hostname")
    if hostname is not None:
        facts.append(
            Fact(
                FactKind.INEFFECTIVE,
                hostname.location,
                "ssl.check_hostname" if hostname.key == "ssl.check_hostname" else hostname.key,
                detail=f"{label} passes only ca, capath, cert, key and cipher from the ssl dict; "
                "use ssl_mode='VERIFY_IDENTITY' or 'VERIFY_CA'",
            )
        )
    unknown_keyword = next((s for s in opts.all if _rejected(s.key)), None)
    if unknown_keyword is not None:
        facts.append(
            Fact(
                FactKind.INEFFECTIVE,
                unknown_keyword.location,
                unknown_keyword.key,
                unknown_keyword.value,
                detail=f"{label} has no `{unknown_keyword.key}` keyword: connect raises TypeError "
                "(use ssl_mode and the ssl dict)",
            )
        )
        return Verdict(TlsMode.UNKNOWN, Decision.EXPLICIT, unknown_keyword, unknown="TypeError at connect")
    mode_setting = opts.get("ssl_mode")
    if mode_setting is not None:
        value = mode_setting.value
        if value is None or isinstance(value, Secret) or DYNAMIC in value:
            return unknown_verdict(mode_setting)
        mode = MYSQLCLIENT_SSL_MODES.get(value)
        if mode is not None:
            return Verdict(mode, Decision.EXPLICIT, mode_setting, trust if mode.verifies else None)
        upper = value.upper().replace("-", "_")
        hint = (
            f"write `{upper}`"
            if upper in MYSQLCLIENT_SSL_MODES
            else "use one of " + ", ".join(MYSQLCLIENT_SSL_MODES)
        )
        # The mode written, in the spelling the driver compares (never another mode).
        fix = (
            rewrites.respell_literal(mode_setting, upper, f"Write `{upper}`")
            if hint.startswith("write")
            else None
        )
        facts.append(
            Fact(
                FactKind.INEFFECTIVE,
                mode_setting.location,
                "ssl_mode",
                value,
                detail=f"{label} compares ssl_mode case-sensitively, so `{value}` raises NotSupportedError "
                f"(Unknown ssl_mode specification); {hint}",
                fix=fix,
            )
        )
        return Verdict(
            TlsMode.UNKNOWN, Decision.EXPLICIT, mode_setting, unknown="NotSupportedError at connect"
        )
    plain = opts.by_key.get("ssl")
    if plain is not None and not is_none(plain):
        if plain.value is None:
            return unknown_verdict(plain)
        if plain.value_span is None and plain.value in ("True", "False"):
            # mysqlclient 2.2.4+: ssl=True is ssl_mode="REQUIRED", ssl=False is "DISABLED".
            mode = TlsMode.REQUIRED if plain.value == "True" else TlsMode.DISABLED
            return Verdict(mode, Decision.EXPLICIT, plain)
    if ca or capath:
        # The CA reaches libmysqlclient, which then uses SSL_VERIFY_PEER: chain, no hostname
        # (mysql-server ``vio/viosslfactories.cc``: a CA sets SSL_VERIFY_PEER;
        # for libmysqlclient 8.x unconfirmed).
        return Verdict(TlsMode.VERIFY_CA, Decision.IMPLIED, ca or capath, trust)
    material = [s for s in opts.under("ssl") if s.key != "ssl.check_hostname"]
    spread = next((s for s in material if s.key == "ssl.**"), None)
    if spread is not None:
        return unknown_verdict(spread)  # keys not known statically: a CA among them, perhaps
    if material:
        return Verdict(TlsMode.PREFERRED, Decision.IMPLIED, material[0])
    # libmysqlclient 5.7.11+/8.x default (mysql-server ``client/include/sslopt-vars.h``).
    return default_verdict(opts, TlsMode.PREFERRED)
