"""X DevAPI for Python (``mysqlx.get_session`` / ``mysqlx.get_client``): what a
session's connection settings mean for TLS.

Source: https://github.com/mysql/mysql-connector-python, tag 8.3.0,
``mysqlx-connector-python/lib/mysqlx/connection.py`` (``lib/mysqlx/`` inside
mysql-connector-python up to 8.2.0; the same rules since 8.0.5):

- ``_get_connection_settings``: the first positional argument (a URI string or a
  dict) is the whole configuration and keyword arguments are then ignored; dict
  and keyword keys have ``_`` read as ``-``; a URI's query keys are also
  lower-cased, its TLS values unquoted with ``()`` stripped (``_parse_connection_uri``);
- ``_validate_settings``: ``ssl-mode`` is ``required``, ``disabled``, ``verify_ca``
  or ``verify_identity`` (lower-cased, stripped; **no** ``preferred``: "Invalid SSL
  Mode"); ``verify_ca``/``verify_identity`` without ``ssl-ca``: "Cannot verify
  Server without CA"; ``ssl-ca`` with any other mode, or none: "Must verify Server
  if CA is provided" (an ``InterfaceError`` before any connection);
- ``Connection._enable_ssl``: no ``ssl-mode`` means **REQUIRED** (and a server
  without TLS fails: "SSL not enabled at server"); ``disabled`` and a Unix socket
  skip TLS; ``set_ssl``: REQUIRED sets CERT_NONE, VERIFY_CA checks the chain but not
  the host name, VERIFY_IDENTITY both, ``ssl-ca`` is loaded on top of the system store.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from connlint.clients.python_common import Options, Verdict, known_text, text_of, unknown_verdict
from connlint.clients.shell_uri import uri_options
from connlint.model import DYNAMIC, Decision, Fact, FactKind, Secret, Setting, TlsMode, Trust, TrustKind

#: ``SSLMode`` values (``constants.py``) -> the mode they give.
_MODES: dict[str, TlsMode] = {
    "disabled": TlsMode.DISABLED,
    "required": TlsMode.REQUIRED,
    "verify_ca": TlsMode.VERIFY_CA,
    "verify_identity": TlsMode.VERIFY_IDENTITY,
}

#: The argument a session's configuration is handed over as (the front-end's key).
SESSION_KEY = "session"


def session_settings(settings: Sequence[Setting]) -> list[Setting]:
    """The settings a ``get_session``/``get_client`` call configures, keys in the
    ``_`` form (``ssl_mode``, ``ssl_ca``): the URI's or the dict's when the first
    argument is one (keyword arguments are then ignored), else the keywords.
    """
    prefix = SESSION_KEY + "."
    uri = [s for s in settings if s.key == SESSION_KEY]
    entries = [s for s in settings if s.key.startswith(prefix)]
    if uri:
        return _uri_settings(uri[0])
    if entries:
        return [dataclasses.replace(s, key=_key(s.key[len(prefix) :])) for s in entries]
    return [dataclasses.replace(s, key=_key(s.key)) for s in settings]


def _key(key: str) -> str:
    return key.replace("-", "_")


def _uri_settings(setting: Setting) -> list[Setting]:
    """The settings a ``mysqlx://`` URI (or one without a scheme) carries, each located in it."""
    span = setting.value_span
    if span is None or not isinstance(setting.value, str):
        why = setting.unknown or text_of(setting)
        return [Setting("**", None, setting.location, text_of(setting), unknown=why)]
    out: list[Setting] = []
    socket = _socket_of(span.text)
    if socket is not None:
        # A Unix socket skips TLS; one whose path is filled in at run time may be a host.
        key = "socket" if DYNAMIC not in socket else "**"
        out.append(Setting(key, None, setting.location, text_of(setting), unknown=text_of(setting)))
    if _hidden_options(span.text):
        # `…?{query}` or a URI that ends in a value filled in at run time: options unknown.
        out.append(Setting("**", None, setting.location, text_of(setting), unknown=text_of(setting)))
    for opt in uri_options(span):
        value = opt.value
        if isinstance(value, Secret) and DYNAMIC in value.reveal():
            value = None  # a password filled in at run time is no hard-coded one
        written = f"{opt.spelled or opt.name}=***" if opt.name == "password" else opt.written
        out.append(
            Setting(
                _key(opt.name),
                value,
                opt.location,
                written,
                opt.span,
                unknown=None
                if value is None or isinstance(value, Secret) or DYNAMIC not in value
                else written,
            )
        )
    return out


def _socket_of(text: str) -> str | None:
    """The socket path of a URI (``_parse_connection_uri``: the address with ``()``
    stripped starting with ``/``, ``.`` or ``..``), or None for a host.
    """
    at = text.rfind("@", 0, text.find("?") if "?" in text else len(text))
    address = text[at + 1 :].split("?", 1)[0]
    if address.startswith("("):
        inner = address[1 : address.find(")")] if ")" in address else address[1:]
        return inner if inner.startswith(("/", ".", DYNAMIC)) else None
    return address if address.startswith(("/", ".")) else None


def _hidden_options(text: str) -> bool:
    """Whether a URI may carry options not written in it: a query key (or a whole
    query) filled in at run time, or no ``?`` and a run-time part at its end.
    """
    if DYNAMIC not in text:
        return False
    query = text.find("?")
    if query < 0:
        return text.endswith(DYNAMIC)
    return any(DYNAMIC in part.partition("=")[0] for part in text[query + 1 :].split("&"))


def _mode_name(setting: Setting) -> str | None:
    """``ssl_mode``'s value as an ``SSLMode`` name: a string, or ``mysqlx.SSLMode.X``."""
    text = known_text(setting)
    if text is not None:
        return text.strip().lower()
    written = setting.unknown or ""
    if "SSLMode." in written:
        return written.rsplit(".", 1)[-1].strip().lower()
    return None


def _rejected(setting: Setting, label: str, why: str) -> Verdict:
    fact = Fact(FactKind.INEFFECTIVE, setting.location, setting.key, detail=f"{label}: {why}")
    return Verdict(
        TlsMode.UNKNOWN, Decision.EXPLICIT, setting, unknown="InterfaceError at connect", facts=(fact,)
    )


def verdict(opts: Options, version: str | None, label: str, facts: list[Fact]) -> Verdict:
    """X DevAPI (``_validate_settings`` and ``Connection._enable_ssl``, see the module doc)."""
    spread = opts.spread()
    mode_setting, ca = opts.get("ssl_mode"), opts.get("ssl_ca")
    if mode_setting is None:
        if spread is not None:
            return unknown_verdict(spread)
        if ca is not None:
            return _rejected(
                ca,
                label,
                "a CA without ssl-mode VERIFY_CA or VERIFY_IDENTITY is rejected "
                '("Must verify Server if CA is provided")',
            )
        if opts.get("socket") is not None:
            return Verdict(TlsMode.DISABLED, Decision.DEFAULT)  # TLS is skipped on a Unix socket
        return Verdict(TlsMode.REQUIRED, Decision.DEFAULT)
    name = _mode_name(mode_setting)
    if name is None:
        return unknown_verdict(mode_setting)
    mode = _MODES.get(name)
    if mode is None:
        why = f'ssl-mode `{name}` is not an X DevAPI mode ("Invalid SSL Mode"; no PREFERRED)'
        return _rejected(mode_setting, label, why)
    if mode.verifies and ca is None:
        return _rejected(mode_setting, label, f'{mode} without ssl-ca ("Cannot verify Server without CA")')
    if ca is not None and mode is TlsMode.REQUIRED:
        return _rejected(
            ca, label, 'a CA with ssl-mode REQUIRED is rejected ("Must verify Server if CA is provided")'
        )
    if not mode.verifies:
        return Verdict(mode, Decision.EXPLICIT, mode_setting)
    trust = Trust(TrustKind.CA_FILE, known_text(ca), ca.location) if ca is not None else None
    return Verdict(mode, Decision.EXPLICIT, mode_setting, trust)
