"""Kafka Connect connector configurations: Debezium's MySQL and MariaDB connectors.

A connector's configuration is a flat map of dotted keys (``connector.class``,
``database.hostname``, ``database.ssl.mode``, …), written as a Kafka Connect
REST body (``{"name": …, "config": {…}}`` or the bare map), a standalone
worker's ``.properties`` file, Debezium Server's ``application.properties``
(every key under ``debezium.source.``), or a Strimzi ``KafkaConnector``
resource (``spec.class`` and ``spec.config``).  The JSON, YAML and properties
front-ends flatten their files into :class:`~connlint.frontends.spring.Entry`
values and hand them here; one :class:`~connlint.model.Candidate` of kind
``CONNECTOR`` is made per connector, located at its class, its settings keyed
as the connector reads them (the scope's prefix removed).  What they mean is
:mod:`connlint.clients.debezium`'s business.

Kafka Connect resolves ``${provider:path:key}`` through config providers
(``FileConfigProvider``, Strimzi's secrets provider) at run time: such a value
is not known statically, and there is no ``:default`` (unlike Spring).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from connlint import lazy
from connlint.clients.debezium import PASS_THROUGH, PASS_THROUGH_PREFIXES
from connlint.frontends.spring import Entry
from connlint.model import DYNAMIC, Candidate, CandidateKind, Location, Secret, Setting, Span

#: ``connector.class`` values of the connectors read here -> the driver id
#: (:mod:`connlint.clients.drivers`).  Kafka Connect also accepts a plugin's
#: simple class name and that name without ``Connector`` as aliases
#: (KIP-146 plugin aliases: ``MySqlConnector``, ``MySql``).
_CLASSES: tuple[tuple[re.Pattern[str], str], ...] = (
    (lazy.compile(r"(?:io\.debezium\.connector\.mysql\.)?MySql(?:Connector)?"), "debezium-mysql"),
    (lazy.compile(r"(?:io\.debezium\.connector\.mariadb\.)?MariaDb(?:Connector)?"), "debezium-mariadb"),
)

#: Where a scope's keys start: a class key's prefix, and what it says of the rest.
#: ``spec.class`` of a Strimzi KafkaConnector goes with ``spec.config.*``.
_CLASS_KEYS: tuple[tuple[str, str], ...] = (("connector.class", ""), ("spec.class", "spec.config."))

#: The keys the resolver reads (after the scope's prefix).
_KEYS = frozenset(
    {
        "connector.class",
        "database.hostname",
        "database.port",
        "database.user",
        "database.password",
        "database.ssl.mode",
        "database.ssl.truststore",
        "database.ssl.truststore.password",
        "database.ssl.keystore",
        "database.ssl.keystore.password",
        "database.jdbc.driver",
        "database.protocol",
    }
)


#: JDBC driver properties a connector hands on from ``driver.<prop>`` and
#: ``database.<prop>`` keys (:data:`connlint.clients.debezium.PASS_THROUGH`):
#: the TLS ones are kept.
_PASSED_KEYS = frozenset(f"{prefix}{prop}" for prefix in PASS_THROUGH_PREFIXES for prop in PASS_THROUGH)


def may_matter(key: str) -> bool:
    """Whether an entry with ``key`` may belong to a connector configuration
    (for front-ends that drop uninteresting entries before building them).
    """
    return (
        key.endswith(("connector.class", "spec.class"))
        or any(key.endswith(k) for k in _KEYS)
        or any(key.endswith(k) for k in _PASSED_KEYS)
    )


def connector_driver(class_name: str) -> str | None:
    """The driver id of a ``connector.class`` value, or None for another connector."""
    name = class_name.strip()
    for pattern, driver in _CLASSES:
        if pattern.fullmatch(name):
            return driver
    return None


def names_connector_class(key: str) -> bool:
    """Whether an entry's ``key`` names a connector's class (:func:`candidates` finds
    nothing among entries without one).
    """
    return any(key == class_key or key.endswith("." + class_key) for class_key, _ in _CLASS_KEYS)


def candidates(path: str, entries: Iterable[Entry]) -> list[Candidate]:
    """One candidate per MySQL-family connector configured among ``entries``
    (one document or file, flattened).
    """
    entries = list(entries)
    out: list[Candidate] = []
    for entry in entries:
        for class_key, config_prefix in _CLASS_KEYS:
            if entry.key != class_key and not entry.key.endswith("." + class_key):
                continue
            driver = connector_driver(entry.value.text)
            if driver is None:
                continue
            scope = entry.key[: len(entry.key) - len(class_key)] + config_prefix
            settings = [_setting(scope, e) for e in entries if e.key.startswith(scope)]
            kept = [s for s in settings if s is not None]
            if class_key != "connector.class":  # Strimzi: the class is outside spec.config
                kept.insert(0, Setting("connector.class", entry.value.text, entry.location, entry.key))
            out.append(
                Candidate(CandidateKind.CONNECTOR, entry.location, settings=tuple(kept), driver=driver)
            )
    return out


def from_settings(settings: Iterable[Setting], hidden: Setting | None = None) -> Candidate | None:
    """The connector a flat map of settings configures (a Java ``Properties`` handed to
    ``DebeziumEngine.create(…).using(props)``, Debezium's embedded engine), or None when
    its ``connector.class`` is not a MySQL-family connector read here.  ``hidden`` says
    where keys not known statically come in (``props.putAll(System.getProperties())``):
    without a ``database.ssl.mode`` of its own the mode is then not known.
    """
    settings = list(settings)
    if hidden is not None and not any(s.key == "database.ssl.mode" for s in settings):
        unknown = hidden.unknown or hidden.source
        settings.append(Setting("database.ssl.mode", None, hidden.location, hidden.source, None, unknown))
    named = [s for s in settings if s.key == "connector.class"]
    class_name = _class_named(named[-1]) if named else None
    driver = connector_driver(class_name) if class_name is not None else None
    if driver is None:
        return None
    kept = [s for s in settings if s.key in _KEYS or s.key in _PASSED_KEYS]
    if not isinstance(named[-1].value, str) and class_name is not None:  # MySqlConnector.class.getName()
        kept = [Setting(s.key, class_name, s.location, s.source) if s is named[-1] else s for s in kept]
    return Candidate(CandidateKind.CONNECTOR, named[-1].location, settings=tuple(kept), driver=driver)


#: ``MySqlConnector.class.getName()`` as written: the class it names.
_CLASS_NAME_CALL = lazy.compile(r"\s*([\w.]+)\.class\s*\.\s*get(?:Name|CanonicalName|TypeName)\(\s*\)\s*")


def _class_named(setting: Setting) -> str | None:
    """The class a ``connector.class`` setting names: its value, or the class of a
    ``X.class.getName()`` expression whose value is not known statically.
    """
    if isinstance(setting.value, str):
        return setting.value
    match = _CLASS_NAME_CALL.fullmatch(setting.unknown or "")
    return match.group(1) if match else None


#: curl options whose value is the request body (``-d @file`` names a file: read as its own).
CURL_DATA_OPTIONS = ("-d", "--data", "--data-raw", "--data-binary", "--data-ascii", "--json")


def from_curl(path: str, argv: list[Span]) -> list[Candidate]:
    """Connector configurations in the JSON bodies of a ``curl`` command line
    (``curl -X POST …/connectors -d '{"name": …, "config": {…}}'``), located in the file.
    """
    out: list[Candidate] = []
    for i, word in enumerate(argv[1:], start=1):
        text = word.text
        body: Span | None = None
        if text in CURL_DATA_OPTIONS and i + 1 < len(argv):
            body = argv[i + 1]
        elif text.startswith("--") and "=" in text and text.split("=", 1)[0] in CURL_DATA_OPTIONS:
            body = word.slice(text.index("=") + 1)
        elif text.startswith("-d") and len(text) > 2 and text[2] in "{[":
            body = word.slice(2)
        if body is not None and "connector.class" in body.text and body.text.lstrip()[:1] in ("{", "["):
            out.extend(_from_body(path, body))
    return out


def _from_body(path: str, body: Span) -> list[Candidate]:
    from connlint.frontends.json import documents

    text = body.text
    starts = [0] + [k + 1 for k, char in enumerate(text) if char == "\n"]

    def offset(line: int, column: int) -> int:
        return starts[min(line, len(starts)) - 1] + column - 1

    def moved(location: Location) -> Location:
        first = body.locate(offset(location.line, location.column))
        last = body.locate(max(offset(location.end_line, location.end_column) - 1, 0))
        return Location(path, first.line, first.column, last.end_line, last.end_column)

    def moved_span(span: Span) -> Span:
        points = []
        for k in range(len(span.text)):
            at = span.locate(k, k + 1)
            here = body.locate(offset(at.line, at.column))
            points.append((here.line, here.column))
        return Span.from_points(span.text, path, points)

    entries: list[Entry] = []
    for document in documents(path, text, []):
        for entry in document.entries:
            entries.append(Entry(entry.key, moved_span(entry.value), moved(entry.location)))
    return candidates(path, entries)


def _setting(scope: str, entry: Entry) -> Setting | None:
    key = entry.key[len(scope) :]
    if key not in _KEYS and key not in _PASSED_KEYS:
        return None
    text = entry.value.text
    if "${" in text or DYNAMIC in text:  # a config provider's reference, a template
        return Setting(key, None, entry.location, entry.key, None, text)
    value: str | Secret = Secret(text, entry.value) if key.endswith("password") else text
    return Setting(key, value, entry.location, entry.key, entry.value)
