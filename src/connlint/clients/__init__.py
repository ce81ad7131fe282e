"""Driver and client knowledge: pure functions, no source parsing.

Each resolver module reads one kind of :class:`~connlint.model.Candidate`
and returns a :class:`~connlint.model.Resolution`: the connections with their
effective TLS mode, and facts (trust anchors, weak protocols, credentials,
deprecated or ineffective options).  Imported lazily, like the front-ends.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Protocol, cast

from connlint.model import Assumptions, Candidate, CandidateKind, Resolution


class Resolver(Protocol):
    """What every resolver module provides."""

    def resolve(self, candidate: Candidate, assumptions: Assumptions) -> Resolution:
        """Connections and facts for one candidate.  Never raises on any input."""
        ...


def _loader(module: str) -> Callable[[], Resolver]:
    """A loader that imports the resolver module ``module`` on first use."""

    def load() -> Resolver:
        return cast(Resolver, importlib.import_module(module))

    return load


#: Candidate client -> loader of the module that resolves it.
RESOLVER_BY_KIND: dict[CandidateKind, Callable[[], Resolver]] = {
    CandidateKind.CONNECTOR: _loader("connlint.clients.debezium"),
    CandidateKind.DOWNLOAD: _loader("connlint.clients.ca_download"),
    CandidateKind.DRIVER_CONFIG: _loader("connlint.clients.driver_config"),
    CandidateKind.JDBC: _loader("connlint.clients.jdbc"),
    CandidateKind.JVM: _loader("connlint.clients.jvm"),
    CandidateKind.KEYTOOL: _loader("connlint.clients.keytool"),
    CandidateKind.MYSQL_CLI: _loader("connlint.clients.mysql_cli"),
    CandidateKind.OPTION_FILE: _loader("connlint.clients.option_file"),
    CandidateKind.PYTHON: _loader("connlint.clients.python_drivers"),
}
