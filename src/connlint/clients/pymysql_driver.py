"""PyMySQL (https://github.com/PyMySQL/PyMySQL ``pymysql/connections.py``): what a
``connect()`` call's TLS keyword arguments mean.  The ``ssl=`` dict reading is
shared by aiomysql and asyncmy (:func:`ssl_argument`).
"""

from __future__ import annotations

import re
from enum import Enum

from connlint import lazy
from connlint.clients.python_common import (
    Options,
    Verdict,
    ca_trust,
    hidden_options,
    is_none,
    ssl_context,
    ssl_disabled,
    text_of,
    truth,
    unknown_verdict,
)
from connlint.clients.versions import at_least
from connlint.model import DYNAMIC, Decision, Fact, FactKind, Outcome, Secret, Setting, TlsMode

#: PyMySQL keyword arguments that switch to the kwarg path and build
#: ``{"ca": ssl_ca, "check_hostname": bool(ssl_verify_identity), "verify_mode":
#: ssl_verify_cert or False}``, replacing any ``ssl=`` dict (
#: ``connections.py`` v1.1.1 271-292).
PYMYSQL_SSL_KWARGS: tuple[str, ...] = (
    "ssl_ca",
    "ssl_cert",
    "ssl_key",
    "ssl_verify_cert",
    "ssl_verify_identity",
)


#: PyMySQL ``verify_mode`` strings (``_create_ssl_ctx``): "none"/"0"/"false"/"no"
#: -> CERT_NONE, "optional" -> CERT_OPTIONAL, "required"/"1"/"true"/"yes" -> CERT_REQUIRED.
PYMYSQL_VERIFY_NONE: frozenset[str] = frozenset({"none", "0", "false", "no"})


PYMYSQL_VERIFY_ON: frozenset[str] = frozenset({"optional", "required", "1", "true", "yes"})


#: PyMySQL changed its default in 1.2.0 (commit 8e3a79d): no TLS before, PREFERRED after
#: (PyMySQL v1.1.1 ``connections.py`` l.896).
PYMYSQL_PREFERRED_SINCE = "1.2.0"


class _Verify(Enum):
    NONE = "CERT_NONE"
    REQUIRED = "CERT_REQUIRED"
    UNKNOWN = "unknown"


def _pymysql_verify_mode(setting: Setting | None, hasnoca: bool) -> _Verify:
    """PyMySQL ``_create_ssl_ctx`` reading ``verify_mode`` (``connections.py``)."""
    default = _Verify.NONE if hasnoca else _Verify.REQUIRED
    if setting is None:
        return default
    value = setting.value
    if value is None or isinstance(value, Secret) or DYNAMIC in value:
        return _Verify.UNKNOWN
    if setting.value_span is None and value in ("True", "False"):  # a bool
        return _Verify.REQUIRED if value == "True" else _Verify.NONE
    lowered = value.lower() if setting.value_span is not None else value
    if lowered in PYMYSQL_VERIFY_NONE:
        return _Verify.NONE
    if lowered in PYMYSQL_VERIFY_ON:
        return _Verify.REQUIRED
    return default


def _pymysql_context(
    *,
    ca: Setting | None,
    capath: Setting | None,
    check_hostname: Setting | None,
    check_hostname_present: bool,
    verify_mode: Setting | None,
    anchor: Setting,
    label: str,
    verify_absent_is_off: bool = False,
) -> Verdict:
    """PyMySQL's (and asyncmy's) ``_create_ssl_ctx(dict)`` as a mode
    (PyMySQL ``connections.py``; asyncmy ``connection.pyx`` l.222–234).

    ``hasnoca = ca is None and capath is None``; ``check_hostname = not hasnoca
    and dict.get("check_hostname", True)``; ``verify_mode`` defaults to
    CERT_NONE without a CA and CERT_REQUIRED with one.  check_hostname True with
    CERT_NONE raises ValueError at connect.
    """
    hasnoca = ca is None and capath is None
    if hasnoca:
        hostname: bool | None = False
    elif not check_hostname_present:
        hostname = True
    else:
        hostname = truth(check_hostname)
    if verify_mode is None and verify_absent_is_off:
        verify = _Verify.NONE  # kwarg path: "verify_mode": ssl_verify_cert or False
    else:
        verify = _pymysql_verify_mode(verify_mode, hasnoca)
    if hostname is None and check_hostname is not None:
        return unknown_verdict(check_hostname)
    if verify is _Verify.UNKNOWN and verify_mode is not None:
        return unknown_verdict(verify_mode)
    if hostname and verify is _Verify.NONE:
        at = verify_mode or check_hostname or anchor
        fact = Fact(
            FactKind.INEFFECTIVE,
            at.location,
            at.key,
            detail=f"{label} sets check_hostname before verify_mode, so a CA with verification "
            "off raises ValueError at connect (add ssl_verify_cert=True, or verify_mode=True)",
        )
        return Verdict(TlsMode.UNKNOWN, Decision.EXPLICIT, at, unknown="ValueError at connect", facts=(fact,))
    trust = ca_trust(ca, capath)
    if verify is _Verify.NONE:
        if verify_mode is not None:
            return Verdict(TlsMode.REQUIRED, Decision.EXPLICIT, verify_mode)
        if hasnoca:
            # TLS is on because the dict (or an ssl_* keyword) was given, not because of
            # a CA: ssl={"ca": None} or ssl_cert= alone is no CA option.
            return Verdict(TlsMode.REQUIRED, Decision.EXPLICIT, anchor)
        return Verdict(TlsMode.REQUIRED, Decision.IMPLIED, anchor)
    if hostname:
        if check_hostname is not None and truth(check_hostname):
            return Verdict(TlsMode.VERIFY_IDENTITY, Decision.EXPLICIT, check_hostname, trust)
        return Verdict(TlsMode.VERIFY_IDENTITY, Decision.IMPLIED, ca or capath or anchor, trust)
    decided = check_hostname if (check_hostname is not None and not hasnoca) else (verify_mode or anchor)
    return Verdict(TlsMode.VERIFY_CA, Decision.EXPLICIT, decided, trust)


def verdict(opts: Options, version: str | None, label: str, facts: list[Fact]) -> Verdict:
    """PyMySQL (``connections.py`` ``__init__`` and ``_create_ssl_ctx``, v1.1.1 l.271–292)."""
    off = ssl_disabled(opts)
    if off is not None:
        return off
    for key in ("ssl_mode", "sslmode"):
        bad = opts.by_key.get(key)
        if bad is not None:
            # PyMySQL has no ssl_mode keyword (``Connection.__init__`` in
            # ``pymysql/connections.py`` at v1.1.1 and v1.2.0).
            fact = Fact(
                FactKind.INEFFECTIVE,
                bad.location,
                key,
                detail=f"{label} has no `{key}` keyword argument (TypeError at connect); "
                "use ssl={'ca': ...} "
                "or ssl_ca with ssl_verify_cert=True and ssl_verify_identity=True",
            )
            return Verdict(
                TlsMode.UNKNOWN, Decision.EXPLICIT, bad, unknown="TypeError at connect", facts=(fact,)
            )
    verify_cert, verify_identity = opts.get("ssl_verify_cert"), opts.get("ssl_verify_identity")
    for setting in (verify_cert, verify_identity):
        if setting is not None and truth(setting) is None:
            return unknown_verdict(setting)
    # Any truthy ssl_* kwarg takes the kwarg path (a CA path from the environment counts).
    kwargs = [opts.get(k) for k in PYMYSQL_SSL_KWARGS]
    triggered = [s for s in kwargs if s is not None and truth(s) is not False]
    if triggered:
        return _pymysql_context(
            ca=opts.get("ssl_ca"),
            capath=None,
            check_hostname=verify_identity,
            check_hostname_present=True,
            verify_mode=verify_cert,
            verify_absent_is_off=True,
            anchor=triggered[0],
            label=label,
        )
    verdict = ssl_argument(opts, label, facts, dict_driver="pymysql")
    if verdict is not None:
        return verdict
    return _pymysql_default(opts, version)


def _pymysql_default(opts: Options, version: str | None) -> Verdict:
    unknown = hidden_options(opts)
    if unknown is not None:
        return unknown
    newer = at_least(version, PYMYSQL_PREFERRED_SINCE)
    if newer is True:
        return Verdict(TlsMode.PREFERRED, Decision.DEFAULT)
    if newer is False:
        return Verdict(TlsMode.DISABLED, Decision.DEFAULT)
    return Verdict(
        TlsMode.DISABLED,
        Decision.DEFAULT,
        outcomes=(
            Outcome(TlsMode.DISABLED, "PyMySQL < 1.2"),
            Outcome(TlsMode.PREFERRED, "PyMySQL 1.2+"),
        ),
    )


#: The keys ``_create_ssl_ctx`` reads of an ``ssl=`` dict (PyMySQL ``connections.py``
#: ``Connection._create_ssl_ctx``; asyncmy ``connection.pyx`` reads the same).
SSL_DICT_KEYS: frozenset[str] = frozenset(
    {"ca", "capath", "cert", "key", "password", "cipher", "check_hostname", "verify_mode"}
)


#: A key that reads as a TLS option someone meant the driver to use.
_OPTION_LIKE = lazy.compile(r"ssl|tls|ca|cert|key|verify|hostname|cipher|mode", re.IGNORECASE)


def _unread_keys(entries: list[Setting], label: str) -> list[Fact]:
    """An INEFFECTIVE fact for each key of an ``ssl=`` dict the driver never reads
    (``{"ssl_ca": ...}``, written as the keyword ``ssl_ca=`` is: the CA is ignored).
    """
    out: list[Fact] = []
    for s in entries:
        key = s.key[len("ssl.") :].split(".", 1)[0]
        if key in SSL_DICT_KEYS or not _OPTION_LIKE.search(key):
            continue  # (``{"": True}``: a placeholder that only makes the dict truthy)
        hint = f" (it reads `{key[4:]}`)" if key.startswith("ssl_") and key[4:] in SSL_DICT_KEYS else ""
        out.append(
            Fact(
                FactKind.INEFFECTIVE,
                s.location,
                s.key,
                s.value,
                detail=f"{label}'s ssl dict has no `{key}` key{hint}: it is ignored",
            )
        )
    return out


#: asyncmy given ``ssl=True`` (or any other truthy value that is neither a dict
#: nor an SSLContext; issue 16, item 3): ``Connection.__init__`` sets the CLIENT_SSL
#: capability for any truthy ``ssl`` but ``_create_ssl_ctx`` returns None for a
#: value that is not a dict or a context, so ``_connect`` never starts TLS and
#: sends its handshake response, user name included, in clear with CLIENT_SSL set
#: (asyncmy ``asyncmy/connection.pyx`` v0.2.x ``__init__`` ``if ssl: client_flag
#: |= SSL; self._ssl_context = self._create_ssl_ctx(ssl)``, ``_create_ssl_ctx``
#: ``elif not isinstance(sslp, dict): return``, ``_request_authentication`` ``if
#: self._ssl_context:``).  A server reads a response with CLIENT_SSL as a TLS
#: request and waits for a TLS handshake that never comes, so the connect fails
#: (SSLRequest: https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_ssl_request.html).
#: Unlike PyMySQL, which raises at once (``sslp.get`` of a bool), no error says why.
_ASYNCMY_NOT_A_DICT = "asks the server for TLS but never starts it: the connect fails (no error says why)"


def ssl_argument(opts: Options, label: str, facts: list[Fact], *, dict_driver: str) -> Verdict | None:
    """The ``ssl=`` argument as a dict (PyMySQL semantics) or an SSLContext; None when absent/empty."""
    steps = opts.under("ssl.context")
    if steps:
        return ssl_context(steps, "ssl", label)
    entries = [s for s in opts.under("ssl") if not s.key.startswith("ssl.context.")]
    plain = opts.by_key.get("ssl")
    if entries:
        spread = next((s for s in entries if s.key == "ssl.**"), None)
        keys = {s.key[4:]: s for s in entries}
        if dict_driver == "aiomysql":
            facts.append(
                Fact(
                    FactKind.INEFFECTIVE,
                    entries[0].location,
                    "ssl",
                    detail="aiomysql's ssl= takes an ssl.SSLContext, not a dict",
                )
            )
            return Verdict(
                TlsMode.UNKNOWN, Decision.UNKNOWN, entries[0], unknown="ssl dict passed to aiomysql"
            )
        facts.extend(_unread_keys(entries, label))
        ca, capath = keys.get("ca"), keys.get("capath")
        if ca is not None and is_none(ca):
            ca = None
        if capath is not None and is_none(capath):
            capath = None
        if spread is not None and ca is None and capath is None:
            return unknown_verdict(spread)
        return _pymysql_context(
            ca=ca,
            capath=capath,
            check_hostname=keys.get("check_hostname"),
            check_hostname_present="check_hostname" in keys,
            verify_mode=keys.get("verify_mode"),
            anchor=entries[0],
            label=label,
        )
    if plain is None or is_none(plain):
        return None
    if plain.value is None:
        return unknown_verdict(plain)
    if plain.value == "False" and plain.value_span is None:
        return None
    why = _ASYNCMY_NOT_A_DICT if dict_driver == "asyncmy" else "fails at connect"
    facts.append(
        Fact(
            FactKind.INEFFECTIVE,
            plain.location,
            "ssl",
            detail=f"{label}'s ssl= takes a dict or an ssl.SSLContext; `{text_of(plain)}` {why}",
        )
    )
    return Verdict(TlsMode.UNKNOWN, Decision.UNKNOWN, plain, unknown=text_of(plain))
