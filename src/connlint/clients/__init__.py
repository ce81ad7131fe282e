"""Driver and client knowledge: pure functions, no source parsing.

Each resolver module reads one kind of :class:`~connlint.model.Candidate`
and returns a :class:`~connlint.model.Resolution`: the connections with their
effective TLS mode, and facts (trust anchors, weak protocols, credentials,
deprecated or ineffective options).  Imported lazily, like the front-ends.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from connlint.model import Assumptions, Candidate, Client, Resolution


class Resolver(Protocol):
    """What every resolver module provides."""

    def resolve(self, candidate: Candidate, assumptions: Assumptions) -> Resolution:
        """Connections and facts for one candidate.  Never raises on any input."""
        ...


def _jdbc() -> Resolver:
    import connlint.clients.jdbc as module

    return module


def _jvm() -> Resolver:
    import connlint.clients.jvm as module

    return module


def _mysql_cli() -> Resolver:
    import connlint.clients.mysql_cli as module

    return module


def _keytool() -> Resolver:
    import connlint.clients.keytool as module

    return module


def _option_file() -> Resolver:
    import connlint.clients.option_file as module

    return module


def _python() -> Resolver:
    import connlint.clients.python_drivers as module

    return module


#: Candidate client -> loader of the module that resolves it.
RESOLVER_BY_CLIENT: dict[Client, Callable[[], Resolver]] = {
    Client.JDBC: _jdbc,
    Client.JVM: _jvm,
    Client.KEYTOOL: _keytool,
    Client.MYSQL_CLI: _mysql_cli,
    Client.OPTION_FILE: _option_file,
    Client.PYTHON: _python,
}
