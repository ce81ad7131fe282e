"""Debezium's MySQL and MariaDB connectors (Kafka Connect, Debezium Server).

A connector opens two connections to the database: a JDBC one (schema,
snapshots) and the binlog stream (mysql-binlog-connector-java).  Both take
their TLS mode from ``database.ssl.mode``; sources are the Debezium
repository at tag v3.6.1.Final (https://github.com/debezium/debezium):

* MySQL connector, ``MySqlConnectorConfig.java`` (``SecureConnectionMode``):
  ``disabled``, ``preferred``, ``required``, ``verify_ca``, ``verify_identity``,
  compared ignoring case after trimming.  The JDBC link passes the value to
  Connector/J as ``sslMode``; the binlog link maps it to the same
  ``SSLMode`` name (``MySqlStreamingChangeEventSource.sslModeFor``).  The
  default was ``disabled`` up to 2.2 and is ``preferred`` since 2.3.0.Final
  (DBZ-6340, https://issues.redhat.com/browse/DBZ-6340).
* MariaDB connector, ``MariaDbConnectorConfig.java``, since 3.1.0 (DBZ-8482):
  ``disable``, ``trust``, ``verify-ca``, ``verify-full`` (MariaDB Connector/J's
  spelling; its field description says ``verify_ca``/``verify_identity``, which
  do not parse), default ``disable``; ``trust`` encrypts without verifying.
  In 2.7.0-3.0.x it took the MySQL connector's names with default ``preferred``.
* ``database.ssl.truststore`` (+ ``.password``) and ``database.ssl.keystore``
  (+ ``.password``) are used unless the mode is disabled: the JDBC link gets
  ``trustCertificateKeyStoreUrl=file:<path>``; the binlog link builds its
  trust manager from the trust store, so with a trust store it checks the
  certificate chain even in ``required`` / ``preferred``, while Connector/J in
  REQUIRED does not (``BinlogConnectionConfiguration``,
  ``BinlogStreamingChangeEventSource.getBinlogSslSocketFactory``).  The mode
  reported is the JDBC link's, the weaker of the two; the trust store is a
  trust anchor either way.

Without a trust store a verifying mode trusts the JVM's default trust store.

Pass-through (``BinlogConnectionConfiguration``'s constructor and
``getJdbcConfiguration``): the JDBC link's properties are every
``database.<prop>`` key, then every ``driver.<prop>`` key (the documented
prefix: "Pass-through database properties begin with the prefix
``driver.*``", ``documentation/modules/ROOT/partials/modules/all-connectors/``
``ref-connector-pass-through-database-driver-configuration-properties.adoc``),
prefixes stripped, ``database.`` first where both set one property
(``Configuration.merge`` takes the first value); then Debezium sets
``sslMode`` from ``database.ssl.mode`` over them, and, unless the mode is
disabled, ``trustCertificateKeyStoreUrl`` / ``clientCertificateKeyStoreUrl``
from the trust and key stores.  So a passed ``sslMode`` never applies, nor
(Connector/J ignoring them once ``sslMode`` is set) ``useSSL``,
``requireSSL``, ``verifyServerCertificate``: CL303.  A passed trust store
(``trustCertificateKeyStoreUrl``; MariaDB's ``serverSslCert``) is the JDBC
link's trust anchor when the connector sets none; the binlog link never
reads it.  Passed protocol lists (``tlsVersions``, ``enabledTLSProtocols``;
MariaDB's ``enabledSslProtocolSuites``) reach the driver: a weak protocol is CL204.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from connlint.clients.connector_j import strip_file_scheme, weak_protocols
from connlint.clients.hosts import is_loopback
from connlint.clients.versions import at_least
from connlint.model import (
    Assumptions,
    Candidate,
    Connection,
    Decision,
    Fact,
    FactKind,
    Location,
    Outcome,
    Resolution,
    Secret,
    Setting,
    TlsMode,
    Trust,
    TrustKind,
)

#: The MySQL connector's ``database.ssl.mode`` names (lower-cased).
MYSQL_MODES: Mapping[str, TlsMode] = MappingProxyType(
    {
        "disabled": TlsMode.DISABLED,
        "preferred": TlsMode.PREFERRED,
        "required": TlsMode.REQUIRED,
        "verify_ca": TlsMode.VERIFY_CA,
        "verify_identity": TlsMode.VERIFY_IDENTITY,
    }
)
#: The MariaDB connector's names since 3.1.0 (lower-cased).
MARIADB_MODES: Mapping[str, TlsMode] = MappingProxyType(
    {
        "disable": TlsMode.DISABLED,
        "trust": TlsMode.REQUIRED,
        "verify-ca": TlsMode.VERIFY_CA,
        "verify-full": TlsMode.VERIFY_IDENTITY,
    }
)

NAME_BY_DRIVER = {
    "debezium-mysql": "Debezium MySQL connector",
    "debezium-mariadb": "Debezium MariaDB connector",
    "mysql-binlog-connector-java": "mysql-binlog-connector-java",
}
#: mysql-binlog-connector-java's ``SSLMode`` constants (``network/SSLMode.java``):
#: MySQL's five names.  PREFERRED and REQUIRED trust any certificate, VERIFY_CA
#: uses the JVM's default trust, VERIFY_IDENTITY adds a host name check
#: (``BinaryLogClient.java`` ``setupSSL``, osheroff fork at 0.30.3).
BINLOG_MODES: Mapping[str, TlsMode] = MappingProxyType(
    {mode.value: mode for mode in TlsMode if mode is not TlsMode.UNKNOWN}
)
#: Key prefixes whose keys the connector hands to the JDBC driver, prefix
#: stripped, in the order the first value wins (``database.`` then ``driver.``).
PASS_THROUGH_PREFIXES = ("database.", "driver.")
#: Passed properties Debezium sets over, or that the driver ignores once it does.
_OVERRIDDEN = frozenset({"sslMode"})
_LEGACY_MODE = frozenset({"useSSL", "requireSSL", "verifyServerCertificate"})
#: Passed trust stores, by connector: Connector/J's and MariaDB Connector/J's.
_PASSED_TRUST = {"debezium-mysql": "trustCertificateKeyStoreUrl", "debezium-mariadb": "serverSslCert"}
#: Passed protocol lists (Connector/J's two names, MariaDB Connector/J's).
_PASSED_PROTOCOLS = frozenset({"tlsVersions", "enabledTLSProtocols", "enabledSslProtocolSuites"})
#: The TLS properties read from the pass-through keys.
PASS_THROUGH = _OVERRIDDEN | _LEGACY_MODE | frozenset(_PASSED_TRUST.values()) | _PASSED_PROTOCOLS
#: A client's mode when ``setSSLMode`` is never called (``BinaryLogClient.java`` l.139).
BINLOG_DEFAULT = TlsMode.DISABLED

# -- How Java code configures a connector (io.debezium.config.Configuration) --

#: Debezium's ``Field`` constants as Java code names them (``.with(MySqlConnectorConfig.SSL_MODE, …)``)
#: -> the configuration key each is created with (``Field.create("database.ssl.mode")``):
#: MySqlConnectorConfig / MariaDbConnectorConfig ``SSL_MODE``, BinlogConnectorConfig
#: ``SSL_TRUSTSTORE*`` / ``SSL_KEYSTORE*``, RelationalDatabaseConnectorConfig
#: ``HOSTNAME`` / ``PORT`` / ``USER`` / ``PASSWORD`` (``"database." + hostname`` …),
#: EmbeddedEngineConfig ``CONNECTOR_CLASS`` (Debezium at v3.6.1.Final).
JAVA_FIELDS: Mapping[str, str] = MappingProxyType(
    {
        "SSL_MODE": "database.ssl.mode",
        "SSL_TRUSTSTORE": "database.ssl.truststore",
        "SSL_TRUSTSTORE_PASSWORD": "database.ssl.truststore.password",
        "SSL_KEYSTORE": "database.ssl.keystore",
        "SSL_KEYSTORE_PASSWORD": "database.ssl.keystore.password",
        "HOSTNAME": "database.hostname",
        "PORT": "database.port",
        "USER": "database.user",
        "PASSWORD": "database.password",
        "CONNECTOR_CLASS": "connector.class",
    }
)
#: The classes whose ``Field`` constants those are -> the connector a field of it
#: implies (None: shared by both, or the engine's).
JAVA_CONFIG_CLASSES: Mapping[str, str | None] = MappingProxyType(
    {
        "MySqlConnectorConfig": "io.debezium.connector.mysql.MySqlConnector",
        "MariaDbConnectorConfig": "io.debezium.connector.mariadb.MariaDbConnector",
        "BinlogConnectorConfig": None,
        "RelationalDatabaseConnectorConfig": None,
        "EmbeddedEngineConfig": None,
        "EmbeddedEngine": None,
        "AsyncEmbeddedEngine": None,
    }
)
#: The connectors' mode enums -> each constant's configuration value (its
#: constructor's string: MySqlConnectorConfig.MySqlSecureConnectionMode and
#: MariaDbConnectorConfig.MariaDbSecureConnectionMode, v3.6.1.Final).
JAVA_MODE_ENUMS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "MySqlSecureConnectionMode": {
            "DISABLED": "disabled",
            "PREFERRED": "preferred",
            "REQUIRED": "required",
            "VERIFY_CA": "verify_ca",
            "VERIFY_IDENTITY": "verify_identity",
        },
        "MariaDbSecureConnectionMode": {
            "DISABLE": "disable",
            "TRUST": "trust",
            "VERIFY_CA": "verify-ca",
            "VERIFY_FULL": "verify-full",
        },
    }
)
_PASSWORDS = ("database.password", "database.ssl.truststore.password", "database.ssl.keystore.password")


class _Reading:
    """One version family's reading of ``database.ssl.mode``."""

    def __init__(self, mode: TlsMode, decision: Decision, unknown: str | None = None) -> None:
        self.mode = mode
        self.decision = decision
        self.unknown = unknown


def _read(setting: Setting | None, modes: Mapping[str, TlsMode], default: TlsMode) -> _Reading:
    if setting is None:
        return _Reading(default, Decision.DEFAULT)
    if setting.value is None:
        return _Reading(TlsMode.UNKNOWN, Decision.UNKNOWN, setting.unknown or f"`{setting.key}`")
    mode = modes.get(str(setting.value).strip().lower())
    if mode is None:
        written = str(setting.value)
        return _Reading(
            TlsMode.UNKNOWN, Decision.EXPLICIT, f"the connector fails to start: invalid value `{written}`"
        )
    return _Reading(mode, Decision.EXPLICIT)


def _readings(driver: str, setting: Setting | None) -> tuple[_Reading, _Reading, str, str, str]:
    """The older and newer version families' readings, their labels and the version that splits them."""
    if driver == "debezium-mariadb":
        older = _read(setting, MYSQL_MODES, TlsMode.PREFERRED)
        newer = _read(setting, MARIADB_MODES, TlsMode.DISABLED)
        return older, newer, "Debezium MariaDB connector 2.7-3.0", "Debezium MariaDB connector 3.1+", "3.1.0"
    older = _read(setting, MYSQL_MODES, TlsMode.DISABLED)
    newer = _read(setting, MYSQL_MODES, TlsMode.PREFERRED)
    return older, newer, "Debezium ≤2.2", "Debezium 2.3+", "2.3.0"


def _decide(
    driver: str, setting: Setting | None, version: str | None
) -> tuple[_Reading, tuple[Outcome, ...]]:
    older, newer, older_label, newer_label, split = _readings(driver, setting)
    newer_version = at_least(version, split)
    if newer_version is not None:
        return (newer if newer_version else older), ()
    if (older.mode, older.unknown) == (newer.mode, newer.unknown):
        return newer, ()
    if older.mode is TlsMode.UNKNOWN and older.decision is Decision.UNKNOWN:
        return older, ()
    outcomes = (Outcome(older.mode, older_label), Outcome(newer.mode, newer_label))
    # The mode a rotation must not miss: a verifying reading, else the newer one.
    chosen = older if older.mode.verifies and not newer.mode.verifies else newer
    if chosen.mode is TlsMode.UNKNOWN:
        chosen = older
    return _Reading(chosen.mode, Decision.VERSION, chosen.unknown), outcomes


def _by_key(candidate: Candidate) -> dict[str, Setting]:
    out: dict[str, Setting] = {}
    for setting in candidate.settings:
        out[setting.key] = setting  # the last one wins, as in a JSON object or a properties file
    return out


def _facts(settings: Mapping[str, Setting], mode: TlsMode) -> list[Fact]:
    facts: list[Fact] = []
    for key in _PASSWORDS:
        setting = settings.get(key)
        if setting is not None and isinstance(setting.value, Secret) and setting.value.reveal():
            facts.append(Fact(FactKind.CREDENTIAL, setting.location, key, setting.value))
    store = settings.get("database.ssl.truststore")
    if store is not None and isinstance(store.value, str) and store.value.strip():
        if mode is TlsMode.DISABLED:
            facts.append(
                Fact(
                    FactKind.INEFFECTIVE,
                    store.location,
                    store.key,
                    store.value,
                    "the connector does not use its trust store when database.ssl.mode is disabled",
                )
            )
        else:
            facts.append(Fact(FactKind.TRUST_ANCHOR, store.location, store.key, store.value.strip()))
    return facts


def _trust(settings: Mapping[str, Setting], passed: Mapping[str, Setting], driver: str) -> Trust:
    store = settings.get("database.ssl.truststore")
    if store is None:
        given = passed.get(_PASSED_TRUST.get(driver, ""))
        if given is None:
            return Trust(TrustKind.JVM_DEFAULT)
        kind = TrustKind.TRUST_STORE if driver == "debezium-mysql" else TrustKind.CA_FILE
        path = strip_file_scheme(given.value.strip()) if isinstance(given.value, str) else None
        return Trust(kind, path, given.location)
    path = store.value.strip() if isinstance(store.value, str) else None
    return Trust(TrustKind.TRUST_STORE, path, store.location)


def _passed(settings: Mapping[str, Setting]) -> tuple[dict[str, Setting], list[Setting]]:
    """The TLS properties the JDBC driver gets from ``database.*`` / ``driver.*``
    keys, by property, and the settings another prefix's value hides.
    """
    out: dict[str, Setting] = {}
    hidden: list[Setting] = []
    for prefix in PASS_THROUGH_PREFIXES:
        for key, setting in settings.items():
            prop = key[len(prefix) :] if key.startswith(prefix) else ""
            if prop not in PASS_THROUGH:
                continue
            if prop in out:
                hidden.append(setting)
            else:
                out[prop] = setting
    return out, hidden


def _pass_through_facts(
    settings: Mapping[str, Setting], driver: str, mode: TlsMode
) -> tuple[list[Fact], dict[str, Setting]]:
    """CL303 / CL103 / CL204 facts of the driver properties passed through, and those properties."""
    passed, hidden = _passed(settings)
    facts: list[Fact] = []

    def ineffective(setting: Setting, detail: str) -> None:
        value = setting.value if isinstance(setting.value, str) else None
        facts.append(Fact(FactKind.INEFFECTIVE, setting.location, setting.key, value, detail))

    for setting in hidden:
        prop = setting.key.split(".", 1)[1]
        ineffective(setting, f"the connector passes `{PASS_THROUGH_PREFIXES[0]}{prop}` instead (read first)")
    for prop, setting in passed.items():
        if prop in _OVERRIDDEN:
            ineffective(
                setting, "the connector sets the driver's sslMode from database.ssl.mode over it; set that"
            )
        elif prop in _LEGACY_MODE and driver == "debezium-mysql":
            ineffective(
                setting,
                "the connector always sets sslMode (from database.ssl.mode), and Connector/J ignores "
                f"{prop} once sslMode is set; set database.ssl.mode",
            )
        elif prop == _PASSED_TRUST.get(driver):
            value = setting.value.strip() if isinstance(setting.value, str) else None
            if mode is TlsMode.DISABLED:
                ineffective(setting, "database.ssl.mode is disabled: the JDBC driver makes no TLS connection")
            elif "database.ssl.truststore" in settings and driver == "debezium-mysql":
                ineffective(setting, "the connector sets it from database.ssl.truststore over it")
            elif value:
                facts.append(
                    Fact(
                        FactKind.TRUST_ANCHOR,
                        setting.location,
                        setting.key,
                        strip_file_scheme(value),
                        "the JDBC link's trust store (the binlog link does not read it)",
                    )
                )
        elif prop in _PASSED_PROTOCOLS and isinstance(setting.value, str):
            weak = weak_protocols(setting.value)
            if weak and mode is not TlsMode.DISABLED:
                facts.append(
                    Fact(
                        FactKind.WEAK_PROTOCOL, setting.location, setting.key, setting.value, ", ".join(weak)
                    )
                )
    return facts, passed


def _binlog(candidate: Candidate) -> Resolution:
    """``BinaryLogClient.setSSLMode(SSLMode.X)``: the constant decides.  A client
    this file creates and never sets a mode on (no ``sslMode`` setting) keeps the
    library's default, DISABLED (``private SSLMode sslMode = SSLMode.DISABLED``,
    ``BinaryLogClient.java`` l.139 at 0.30.3; every version since TLS came in 0.4.0).
    """
    setting = next((s for s in candidate.settings if s.key == "sslMode"), None)
    host_setting = next((s for s in candidate.settings if s.key == "hostname"), None)
    host = host_setting.value if host_setting is not None and isinstance(host_setting.value, str) else None
    if setting is None:
        mode, decision, unknown = BINLOG_DEFAULT, Decision.DEFAULT, None
    elif setting.value is None:
        mode, decision, unknown = TlsMode.UNKNOWN, Decision.UNKNOWN, setting.unknown
    else:
        mode = BINLOG_MODES.get(str(setting.value), TlsMode.UNKNOWN)
        decision = Decision.EXPLICIT
        unknown = None if mode is not TlsMode.UNKNOWN else f"unknown SSLMode constant `{setting.value}`"
    at = setting.location if setting is not None else candidate.location
    connection = Connection(
        client=NAME_BY_DRIVER["mysql-binlog-connector-java"],
        location=candidate.location,
        mode=mode,
        decision=decision,
        decided_at=at,
        decided_by=setting.source if setting is not None else "no setSSLMode call: SSLMode.DISABLED",
        driver="mysql-binlog-connector-java",
        host=host,
        loopback=is_loopback(host),
        trust=Trust(TrustKind.JVM_DEFAULT) if mode.verifies else None,
        unknown=unknown,
    )
    return Resolution(connections=[connection])


def resolve(candidate: Candidate, assumptions: Assumptions) -> Resolution:
    """The connection one Debezium MySQL or MariaDB connector configuration makes."""
    if candidate.driver == "mysql-binlog-connector-java":
        return _binlog(candidate)
    if candidate.driver == "canal":  # another binlog client: its own module
        from connlint.clients import canal_driver

        return canal_driver.resolve(candidate, assumptions)
    driver = candidate.driver or "debezium-mysql"
    settings = _by_key(candidate)
    mode_setting = settings.get("database.ssl.mode")
    version = assumptions.version(driver)
    reading, outcomes = _decide(driver, mode_setting, version)
    host_setting = settings.get("database.hostname")
    host = host_setting.value if host_setting is not None and isinstance(host_setting.value, str) else None
    passed_facts, passed = _pass_through_facts(settings, driver, reading.mode)
    decided_at: Location = mode_setting.location if mode_setting is not None else candidate.location
    decided_by = ""
    if mode_setting is not None:
        written = mode_setting.value if mode_setting.value is not None else mode_setting.unknown
        decided_by = f"database.ssl.mode={written}"
    connection = Connection(
        client=NAME_BY_DRIVER.get(driver, driver),
        location=candidate.location,
        mode=reading.mode,
        decision=reading.decision,
        decided_at=decided_at,
        decided_by=decided_by,
        driver=driver,
        version=version,
        host=host,
        loopback=is_loopback(host),
        outcomes=outcomes,
        trust=_trust(settings, passed, driver) if reading.mode.verifies else None,
        facts=tuple(_facts(settings, reading.mode) + passed_facts),
        unknown=reading.unknown,
        evidence=tuple(
            s.location for k, s in settings.items() if k.startswith("database.ssl.") or s in passed.values()
        ),
    )
    return Resolution(connections=[connection])
