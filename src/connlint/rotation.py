"""What a server CA rotation does to a connection: the rotation-impact words
of the inventory (docs/inventory.md lists them).

A client that verifies the server certificate breaks unless its trust source
holds the new CA, and one pointed at a retired bundle breaks already or at
the next rotation, since the bundle lacks the current CA.  A client that does
not verify is unaffected by the rotation, but for a reason of its own worth
saying: without TLS it sends everything in clear; with TLS but no
verification it is open to a man in the middle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from connlint.clients.ca_bundles import retired_reason
from connlint.model import Connection, Decision, TlsMode

if TYPE_CHECKING:
    from connlint.servers.bundles import Bundle

BREAKS = "breaks without the new CA"
RETIRED = "breaks now or at rotation: the bundle lacks the current CA"
CLEAR = "unaffected by the rotation; sends data in clear"
UNVERIFIED = "unaffected by the rotation; TLS without verification"
UNKNOWN = "unknown"


def impact(conn: Connection, bundle: Bundle | None = None) -> str:
    """What a server CA rotation does to ``conn``; ``bundle`` is the committed copy
    of the CA file it names, when one was read (its content beats its name).
    """
    if conn.mode is TlsMode.UNKNOWN:
        return UNKNOWN
    verifying = [o.condition for o in conn.outcomes if o.mode.verifies]
    if conn.decision is Decision.VERSION and verifying and len(verifying) < len(conn.outcomes):
        return f"{_breaks(conn, bundle)} on {' and '.join(verifying)}"
    if conn.mode.verifies:
        return _breaks(conn, bundle)
    return CLEAR if conn.mode is TlsMode.DISABLED else UNVERIFIED


def _breaks(conn: Connection, bundle: Bundle | None) -> str:
    trust = conn.trust
    refreshed = bundle is not None and bundle.readable and bundle.holds_current_roots()
    if trust is not None and trust.path and retired_reason(trust.path) and not refreshed:
        return RETIRED
    return BREAKS
