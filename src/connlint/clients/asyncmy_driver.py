"""asyncmy (https://github.com/long2ice/asyncmy ``asyncmy/connection.pyx``): a
PyMySQL-style ``ssl`` dict or an ``ssl.SSLContext``.
"""

from __future__ import annotations

from connlint.clients.pymysql_driver import ssl_argument
from connlint.clients.python_common import (
    Options,
    Verdict,
    option_file_unknown,
    spread_unknown,
)
from connlint.model import (
    Decision,
    Fact,
    TlsMode,
)


def verdict(opts: Options, version: str | None, label: str, facts: list[Fact]) -> Verdict:
    """asyncmy: PyMySQL-1.0-style ssl dict or an SSLContext (``connection.pyx`` l.222–234)."""
    verdict = ssl_argument(opts, label, facts, dict_driver="asyncmy")
    if verdict is not None:
        return verdict
    unknown = spread_unknown(opts) or option_file_unknown(opts)
    if unknown is not None:
        return unknown
    return Verdict(TlsMode.DISABLED, Decision.DEFAULT)
