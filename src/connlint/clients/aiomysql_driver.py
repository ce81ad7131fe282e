"""aiomysql (https://github.com/aio-libs/aiomysql ``aiomysql/connection.py``):
TLS only through an ``ssl.SSLContext``, or ``ssl=True`` (asyncio's default context).
"""

from __future__ import annotations

import dataclasses

from connlint.clients.pymysql_driver import PYMYSQL_SSL_KWARGS, ssl_argument
from connlint.clients.python_common import Options, Verdict, default_verdict, ssl_context
from connlint.model import Fact, FactKind, TlsMode


def verdict(opts: Options, version: str | None, label: str, facts: list[Fact]) -> Verdict:
    """Resolve aiomysql: ssl= must be an SSLContext; no TLS without one
    (``connection.py`` l.242–244, 751–772).
    """
    for key in (*PYMYSQL_SSL_KWARGS, "ssl_disabled"):
        bad = opts.by_key.get(key)
        if bad is not None:
            facts.append(
                Fact(
                    FactKind.INEFFECTIVE,
                    bad.location,
                    key,
                    detail=f"{label} has no `{key}` keyword argument (TypeError); "
                    "pass ssl=ssl.create_default_context(...)",
                )
            )
    plain = opts.by_key.get("ssl")
    if plain is not None and plain.value == "True" and plain.value_span is None:
        # ssl=True reaches asyncio's open_connection(ssl=True) (connection.py l.769-772), which
        # makes ssl.create_default_context() (asyncio docs, loop.create_connection: "ssl").
        made = dataclasses.replace(plain, key="ssl.context.created_by", value="create_default_context")
        return ssl_context([made], "ssl", label)
    verdict = ssl_argument(opts, label, facts, dict_driver="aiomysql")
    if verdict is not None:
        return verdict
    # aiomysql's read_default_file is not modelled: only a **kwargs spread hides options.
    return default_verdict(opts, TlsMode.DISABLED, option_files=False)
