"""encode/databases' ``Database(url, **options)``
(https://github.com/encode/databases, ``databases/core.py``): the backend is
picked by the URL's scheme (``SUPPORTED_BACKENDS``, else by its dialect):
``mysql://`` and ``mysql+aiomysql://`` are ``databases/backends/mysql.py``'s
``MySQLBackend`` over ``aiomysql.create_pool``, ``mysql+asyncmy://`` is
``databases/backends/asyncmy.py``'s over ``asyncmy.create_pool``.  The backend
hands the pool the URL's host and password, and from its query ``ssl=true|false`` as the
driver's ``ssl=True|False`` and ``unix_socket`` (``_get_connection_kwargs``),
then the call's ``**options`` as they are.

A call whose URL's scheme is not known statically, or is no MySQL one, is no
connection here.
"""

from __future__ import annotations

import libcst as cst

from connlint.frontends.python.bindings import Scope
from connlint.frontends.python.names import keyword_arg, positional
from connlint.frontends.python.settings import Flattener
from connlint.frontends.python.values import Str
from connlint.model import DYNAMIC, Candidate, CandidateKind, Secret, Setting, Span

#: The ``Database`` class, as imported.
DATABASE_CALLS: frozenset[str] = frozenset({"databases.Database", "databases.core.Database"})

#: URL scheme -> the driver its backend connects with (``SUPPORTED_BACKENDS``; ``mysql+aiomysql``
#: is not listed there, its dialect ``mysql`` is).
DRIVER_BY_SCHEME: dict[str, str] = {
    "mysql": "aiomysql",
    "mysql+aiomysql": "aiomysql",
    "mysql+asyncmy": "asyncmy",
}

#: The backends themselves, whatever the URL's scheme (the library's own tests build them).
BACKEND_DRIVERS: dict[str, str] = {
    "databases.backends.mysql.MySQLBackend": "aiomysql",
    "databases.backends.asyncmy.AsyncMyBackend": "asyncmy",
}

#: Every call this module reads.
CALLS: frozenset[str] = DATABASE_CALLS | frozenset(BACKEND_DRIVERS)

#: ``Database(...)`` keywords the backend does not hand the driver.
_OWN_KEYWORDS = frozenset({"url", "force_rollback"})

#: URL query options the MySQL backends hand the driver (``_get_connection_kwargs``).
_QUERY_OPTIONS = frozenset({"ssl", "unix_socket"})


def database_call(ev: Flattener, node: cst.Call, scope: Scope, order: int) -> list[Candidate]:
    """The connection of a ``Database(url, **options)`` call with a MySQL URL."""
    first = positional(node, 0) or keyword_arg(node, "url")
    if first is None:
        return []
    value = ev.evaluate(first.value, scope, order)
    if not isinstance(value, Str):
        return []
    span = value.span
    scheme, sep, _ = span.text.partition("://")
    driver = DRIVER_BY_SCHEME.get(scheme.lower()) if sep and DYNAMIC not in scheme else None
    backend = BACKEND_DRIVERS.get(ev.qualname_of(node.func, scope, order) or "")
    if backend is not None and sep and DYNAMIC not in scheme:
        driver = backend
    if driver is None:
        return []
    ev.consumed.update(value.nodes)  # this connection, not also a SQLAlchemy URL
    settings = _url_settings(span, len(scheme) + 3)
    settings.extend(
        s for s in ev.call_settings(node, scope, order, skip=1) if s.key.split(".", 1)[0] not in _OWN_KEYWORDS
    )
    return [Candidate(CandidateKind.PYTHON, ev.loc(node), settings=tuple(settings), driver=driver)]


def _url_settings(span: Span, start: int) -> list[Setting]:
    """The host and the query options of ``scheme://[user[:password]@]host[:port]/db?k=v``."""
    text = span.text
    end = len(text)
    for mark in ("/", "?", "#"):
        found = text.find(mark, start)
        if found >= 0:
            end = min(end, found)
    out: list[Setting] = []
    at_sign = text.rfind("@", start, end)
    colon = text.find(":", start, at_sign) if at_sign >= 0 else -1
    if colon >= 0 and at_sign > colon + 1:
        # The password the backend hands the pool (``password=self._database_url.password``).
        secret = span.slice(colon + 1, at_sign)
        if not secret.dynamic:
            out.append(
                Setting("password", Secret(secret.text, secret), secret.locate(), "password=***", secret)
            )
    host_start = at_sign + 1 or start
    host_end = end
    if not text.startswith("[", host_start):
        colon = text.find(":", host_start, end)
        host_end = colon if colon >= 0 else end
    if host_end > host_start:
        host = span.slice(host_start, host_end)
        out.append(_setting("host", host, f"host={host.text}"))
    query = text.find("?", end)
    if query < 0:
        return out
    at = query + 1
    stop = text.find("#", at)
    stop = len(text) if stop < 0 else stop
    while at < stop:
        amp = text.find("&", at, stop)
        amp = stop if amp < 0 else amp
        key, eq, val = text[at:amp].partition("=")
        if eq and key in _QUERY_OPTIONS:
            piece = span.slice(at + len(key) + 1, amp)
            if key == "ssl" and val.lower() in ("true", "false"):
                # ``{"true": True, "false": False}[ssl.lower()]``: the constant, not the string
                location = piece.locate()
                out.append(
                    Setting("ssl", "True" if val.lower() == "true" else "False", location, f"ssl={val}")
                )
            else:
                out.append(_setting(key, piece, f"{key}={val}"))
        at = amp + 1
    return out


def _setting(key: str, piece: Span, source: str) -> Setting:
    if piece.dynamic:
        return Setting(key, None, piece.locate(), source, piece, unknown=source)
    return Setting(key, piece.text, piece.locate(), source, piece)
