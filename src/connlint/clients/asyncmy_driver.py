"""asyncmy (https://github.com/long2ice/asyncmy ``asyncmy/connection.pyx``): a
PyMySQL-style ``ssl`` dict or an ``ssl.SSLContext``.
"""

from __future__ import annotations

from connlint.clients.pymysql_driver import ssl_argument
from connlint.clients.python_common import Options, Verdict, default_verdict
from connlint.model import Fact, TlsMode


def verdict(opts: Options, version: str | None, label: str, facts: list[Fact]) -> Verdict:
    """asyncmy: PyMySQL-1.0-style ssl dict or an SSLContext (``connection.pyx`` l.222–234)."""
    verdict = ssl_argument(opts, label, facts, dict_driver="asyncmy")
    if verdict is not None:
        return verdict
    return default_verdict(opts, TlsMode.DISABLED)
