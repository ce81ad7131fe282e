"""What the Rails adapters' client modules share: a ``database.yml`` value as
Ruby reads it (``:verify_identity`` is a Symbol, ``ssl_mode`` names are
compared upper-cased with an optional ``SSL_MODE_`` prefix), the ``mysql2://``
/ ``trilogy://`` URL a section or ``DATABASE_URL`` may hold, and the host.
"""

from __future__ import annotations

from connlint.clients.driver_config import loopback_host
from connlint.clients.node_mysql2 import url_settings
from connlint.clients.python_common import Options, Verdict, known_text
from connlint.model import Decision, Fact, FactKind, Setting, Span, TlsMode


def mode_name(value: str) -> str:
    """An ``ssl_mode`` value as both adapters compare it: ``:verify_ca`` -> ``VERIFY_CA``."""
    name = value.strip().lstrip(":").upper()
    return name[len("SSL_MODE_") :] if name.startswith("SSL_MODE_") else name


def rails_url_settings(url: Span) -> list[Setting]:
    """The settings of a ``mysql2://``/``trilogy://``/``mysql://`` URL (Rails
    ``ConnectionUrlResolver``: host, port, user, password, query parameters as keys).
    """
    scheme_end = url.text.find("://")
    if scheme_end < 0:
        return []
    return url_settings(url, url.text[: scheme_end + 3])


def ignored(opts: Options, keys: dict[str, str], adapter: str, facts: list[Fact]) -> None:
    """An INEFFECTIVE fact for each key of ``keys`` (key -> the adapter's own name) that is set."""
    for key, own in keys.items():
        s = opts.get(key)
        if s is not None:
            facts.append(
                Fact(
                    FactKind.INEFFECTIVE,
                    s.location,
                    key,
                    detail=f"adapter {adapter} does not read `{key}`"
                    + (f"; it reads `{own}`" if own else ""),
                )
            )


def dynamic_url(opts: Options) -> Verdict | None:
    """UNKNOWN when the section's ``url:`` is not known statically: Rails merges
    the URL over the other keys, so whatever it says wins.
    """
    url = opts.by_key.get("url")
    if url is None or url.value is not None:
        return None
    return Verdict(
        TlsMode.UNKNOWN,
        Decision.UNKNOWN,
        url,
        unknown=f"the URL from {url.unknown or 'url'} (it wins over the keys)",
    )


def host(opts: Options, default: str) -> tuple[str | None, bool]:
    """``socket`` (loopback), else ``host`` (``default`` when neither is set);
    not known when a ``url:`` not known statically may name another.
    """
    url = opts.by_key.get("url")
    if url is not None and url.value is None:
        return None, False
    socket = opts.get("socket")
    if socket is not None:
        return known_text(socket) or "unix socket", True
    h = opts.get("host")
    if h is None:
        return loopback_host(None, default)
    text = known_text(h)
    return (None, False) if text is None else loopback_host(text, default)
