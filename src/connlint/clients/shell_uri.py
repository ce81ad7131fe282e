"""MySQL Shell connection URIs: ``[scheme://][user[:password]@]host[:port][/schema][?option=value&…]``.

``mysqlsh`` takes a URI as its operand (``mysqlsh admin@db.example.com:3306``) or
as ``--uri``; its query carries the TLS options the command line spells with
dashes in front (``ssl-mode``, ``ssl-ca``, ``ssl-capath``, ``ssl-cert``,
``ssl-key``, ``ssl-crl``, ``ssl-crlpath``, ``ssl-cipher``, ``tls-version``,
``tls-ciphers``), parameter names are not case-sensitive, and values that hold
a path are percent-encoded (``ssl-ca=%2Fetc%2Fca.pem``) or written in
parentheses (``ssl-ca=(/etc/ca.pem)``): MySQL Reference Manual "Connecting to the
Server Using URI-Like Strings or Key-Value Pairs"
(https://dev.mysql.com/doc/refman/8.4/en/connecting-using-uri-or-key-value-pairs.html),
MySQL Shell API "Connection Options"
(https://dev.mysql.com/doc/dev/mysqlsh-api-python/8.4/connection_options.html) and
"Encrypted connections"
(https://dev.mysql.com/doc/mysql-shell/8.0/en/mysql-shell-encrypted-connections.html).

:func:`uri_options` reads a located URI into the :class:`~connlint.clients.cli_options.Option`
values the command line would give (``host``, ``password``, the query options),
each located inside the URI, so the client's TLS semantics apply unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import unquote

from connlint.clients.cli_options import OPERAND, Option, make_option, shown
from connlint.model import Secret, Span

#: Schemes a MySQL Shell URI may start with (classic and X Protocol, DNS SRV).
SCHEMES: tuple[str, ...] = ("mysql://", "mysqlx://", "mysql+srv://", "mysqlx+srv://")


def looks_like_uri(text: str) -> bool:
    """True when an operand is a connection URI: a scheme or user info (``user@host``)."""
    lowered = text.lower()
    return lowered.startswith(SCHEMES) or ("@" in text and not text.startswith(("-", "@")))


def _decode(text: str) -> str:
    value = unquote(text, errors="replace")
    if value.startswith("(") and value.endswith(")"):
        return value[1:-1]  # ssl-ca=(/path): the X DevAPI form of a path
    return value


def _find_any(text: str, chars: str, start: int) -> int:
    for i in range(start, len(text)):
        if text[i] in chars:
            return i
    return len(text)


def uri_options(span: Span) -> list[Option]:
    """The options a URI at ``span`` gives: ``host`` (when written), ``password``
    (when the user info holds one) and each query option, named as on the
    command line (lower-cased, ``_`` read as ``-``).
    """
    text = span.text
    start = 0
    lowered = text[:16].lower()
    for scheme in SCHEMES:
        if lowered.startswith(scheme):
            start = len(scheme)
            break
    query = text.find("?", start)
    userinfo_end = query if query >= 0 else len(text)
    at = text.rfind("@", start, userinfo_end)
    host_start = at + 1 if at >= 0 else start
    if text.startswith("(", host_start):  # (/var/run/mysqld/mysqld.sock): a socket path
        close = text.find(")", host_start)
        authority_end = close + 1 if close >= 0 else userinfo_end
    else:
        authority_end = _find_any(text, "/?", host_start)
    options: list[Option] = []
    if at >= 0:
        colon = text.find(":", start, at)
        if colon >= 0:
            secret = Secret(unquote(text[colon + 1 : at], errors="replace"), span.slice(colon + 1, at))
            options.append(
                Option("password", secret, span.locate(colon + 1, at), "password=***", spelled="password")
            )
    host_text = text[host_start:authority_end]
    if host_text.startswith("("):
        host = "localhost"  # a socket path: a local connection
    elif host_text.startswith("["):
        host = host_text[1 : host_text.find("]")] if "]" in host_text else host_text[1:]
    else:
        host = host_text.split(":", 1)[0]
    if host:  # a dynamic host stays: the connection's host is then not known
        options.append(
            make_option("host", unquote(host, errors="replace"), span.locate(host_start, authority_end))
        )
    if query < 0:
        return options
    begin = query + 1
    for i in range(query + 1, len(text) + 1):
        if i < len(text) and text[i] != "&":
            continue
        key_text, eq, value_text = text[begin:i].partition("=")
        if key_text.strip():
            key = unquote(key_text.strip(), errors="replace").lower()
            value = _decode(value_text.strip()) if eq else None
            written = f"{key}={shown(value)}" if value is not None else key
            where = span.locate(begin, i)
            value_span = span.slice(begin + len(key_text) + 1, i) if eq else None
            options.append(
                make_option(
                    key,
                    value,
                    where,
                    written=written if key != "password" else f"{key}=***",
                    value_location=value_span.locate() if value_span is not None else None,
                    value_span=value_span,
                )
            )
        begin = i + 1
    return options


def with_uri_options(options: Sequence[Option]) -> tuple[Option, ...]:
    """``options`` with, after the URI of a ``mysqlsh`` command line (``--uri``, or the
    first operand when it is one), the options it carries, so an option written
    later on the command line is read after them.  Which of a URI option and the
    same option on the command line MySQL Shell keeps is not documented; the
    order of the command line is assumed.
    """
    out: list[Option] = []
    operands = 0
    for opt in options:
        out.append(opt)
        if opt.name == OPERAND:
            operands += 1
        is_uri = opt.name == "uri" or (
            opt.name == OPERAND and operands == 1 and looks_like_uri(opt.span.text if opt.span else "")
        )
        if is_uri and opt.span is not None:
            out.extend(uri_options(opt.span))
    return tuple(out)
