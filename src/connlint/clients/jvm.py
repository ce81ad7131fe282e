"""JVM-wide TLS system properties: ``javax.net.ssl.trustStore`` and friends.

Connector/J and MariaDB Connector/J fall back to these when no trust store is
configured on the connection (Connector/J: only when ``trustCertificateKeyStoreUrl``
is empty, ``src/main/core-impl/java/com/mysql/cj/protocol/ExportControlled.java``;
MariaDB Connector/J: when neither ``serverSslCert`` nor ``trustStore`` is set,
``src/main/java/org/mariadb/jdbc/plugin/tls/main/DefaultTlsSocketPlugin.java``).  A
``System.setProperty`` call or a ``-D`` flag names no connection, so the
resolver returns facts only: the trust store a rotation must update (CL103,
CL104) and its password when it is a literal (CL301).
"""

from __future__ import annotations

from collections.abc import Iterable

from connlint.clients.connector_j import strip_file_scheme
from connlint.model import Assumptions, Candidate, Fact, FactKind, Resolution, Secret, Setting

#: JSSE trust store path (JSSE Reference Guide, "Customizing the Default Keystores and
#: Truststores"): the trust anchor of every verifying JDBC connection that sets none itself.
TRUST_STORE_KEY = "javax.net.ssl.trustStore"

#: Store passwords: credentials when written as literals.
PASSWORD_KEYS: frozenset[str] = frozenset(
    {"javax.net.ssl.keyStorePassword", "javax.net.ssl.trustStorePassword"}
)


def jvm_facts(settings: Iterable[Setting]) -> list[Fact]:
    """TRUST_ANCHOR for ``javax.net.ssl.trustStore`` and CREDENTIAL for a literal store password."""
    out: list[Fact] = []
    for setting in settings:
        if setting.key == TRUST_STORE_KEY:
            value = setting.value
            path = strip_file_scheme(value.strip()) if isinstance(value, str) else None
            if path == "":
                continue
            out.append(Fact(FactKind.TRUST_ANCHOR, setting.location, setting.key, path, "JVM trust store"))
        elif setting.key in PASSWORD_KEYS and setting.value is not None:
            raw = setting.value.reveal() if isinstance(setting.value, Secret) else setting.value
            if raw:
                secret = Secret(raw, setting.value_span)
                out.append(Fact(FactKind.CREDENTIAL, setting.location, setting.key, secret, "store password"))
    return out


def resolve(candidate: Candidate, assumptions: Assumptions) -> Resolution:
    """Facts for one set of JVM system properties; no connections."""
    del assumptions  # the JVM properties mean the same on every driver version
    return Resolution(facts=jvm_facts(candidate.settings))
