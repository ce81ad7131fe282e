r"""PHP PDO: the ``mysql:`` DSN of ``new PDO($dsn, $user, $password, $options)``.

The DSN names ``host``, ``port``, ``dbname``, ``unix_socket`` and ``charset``
only (PHP manual, "PDO_MYSQL DSN", https://www.php.net/manual/en/ref.pdo-mysql.connection.php):
TLS is set by the ``PDO::MYSQL_ATTR_SSL_*`` driver options in the PHP code
(``Pdo\\Mysql::ATTR_SSL_*`` from PHP 8.4), which a configuration file does not
show, so the mode of such a connection is not known from its DSN.  The
connection is still one the inventory must list: a CA rotation needs every
client of the database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from connlint.clients.driver_config import loopback_host, pairs, setting, unknown_client
from connlint.clients.python_common import Options, Verdict, known_text
from connlint.model import Fact, Setting, Span

if TYPE_CHECKING:
    from collections.abc import Mapping

    from connlint.model import DriverVersion

PREFIX = "mysql:"


class PdoMysql:
    """The :class:`~connlint.clients.driver_config.ConfigClient` of PDO ``mysql:`` DSNs."""

    ca_keys: frozenset[str] = frozenset()

    def settings(self, url: Span) -> list[Setting]:
        """The settings the string says (see the module docstring)."""
        if not url.text.startswith(PREFIX):
            return []
        return [
            setting(key.text.strip().lower(), value, f"{key.text}={value.text}")
            for key, value in pairs(url, len(PREFIX), len(url.text), ";")
        ]

    def verdict(self, opts: Options, facts: list[Fact], versions: Mapping[str, DriverVersion]) -> Verdict:
        """The TLS mode the settings give."""
        return unknown_client("the PDO::MYSQL_ATTR_SSL_* options of the PHP code that opens it")

    def host(self, opts: Options) -> tuple[str | None, bool]:
        """Where it connects and whether that is loopback."""
        socket = opts.get("unix_socket")
        if socket is not None:
            return known_text(socket) or "unix socket", True
        host = opts.get("host")
        # mysqlnd connects to "localhost" through the Unix socket.
        return (
            loopback_host(known_text(host) if host is not None else None, "localhost")
            if (host is None or known_text(host) is not None)
            else (None, False)
        )


CLIENT = PdoMysql()
