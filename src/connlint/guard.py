"""What happens to a bug caught at a plugin boundary: the engine's call of a
front-end and connections.py's call of a resolver are the only places that
catch every exception, and both go through here.

A caught bug loses one file (or one candidate) and becomes a notification in
one format naming the component; with ``CONNLINT_STRICT`` set it is raised
instead, so the test suite and the fuzzer cannot miss it.
"""

from __future__ import annotations

import os

#: Set (to anything but "" or "0") to make an error inside a front-end or a
#: resolver fatal instead of a notification: the test suite and the fuzzer do.
STRICT_ENV = "CONNLINT_STRICT"


def strict() -> bool:
    """True when internal errors must surface (see :data:`STRICT_ENV`)."""
    return os.environ.get(STRICT_ENV, "") not in ("", "0")


def internal_error(component: str, exc: BaseException) -> str:
    """The one notification of a bug caught at a plugin boundary."""
    return f"internal error in {component}: {type(exc).__name__}: {exc}"
