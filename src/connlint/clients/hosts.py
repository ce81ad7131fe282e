"""Which hosts are loopback: connections to them keep their findings at level
note (test databases commonly run without TLS).
"""

from __future__ import annotations

import ipaddress

_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})


def is_loopback(host: str | None) -> bool:
    """True for ``localhost``, 127.0.0.0/8, ``::1`` and Unix socket paths."""
    if not host:
        return False
    h = host.strip().strip("[]").lower()
    if h in _LOOPBACK_NAMES or h.startswith("/"):
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False
