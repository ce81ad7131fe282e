r"""Spring-style key grouping into candidates, shared by the ``.properties``,
YAML and XML front-ends.

For any flat list of keys (a ``.properties`` file, a YAML document flattened
to dotted keys), :func:`candidates` finds:

* every value that is a JDBC / X DevAPI URL (``spring.datasource.url``,
  ``spring.flyway.url``, ``app.db.url``, any key at all);
* Spring's data source keys, grouped by prefix (``spring.datasource``,
  ``spring.datasource.<name>``, any ``<prefix>.url``): ``password``,
  ``username``, ``hikari.jdbc-url``, ``hikari.data-source-properties.<prop>``,
  ``dbcp2.connection-properties`` / ``tomcat.connection-properties``
  (``k=v;k2=v2``) become settings of the candidate of that prefix's URL, keyed
  by the driver property they carry (``user``, ``password``, ``sslMode``);
* HikariCP property files: ``jdbcUrl`` with ``dataSource.<prop>`` driver
  properties and ``username`` / ``password``;
* ``javax.net.ssl.trustStore*`` keys as one JVM candidate.

Placeholders: ``${NAME}`` is a dynamic part (:data:`~connlint.model.DYNAMIC`);
``${NAME:default}`` is read as its default, which is what Spring uses when the
variable is not set — so ``${DB_PASS:secret}`` is a literal password and
``sslMode=${SSL_MODE:DISABLED}`` is DISABLED.  Spring's relaxed binding is
honoured for the structure keys (``jdbc-url`` = ``jdbcUrl``,
``data-source-properties`` = ``dataSourceProperties``); driver property names
are kept as written so that clients/ can flag a wrong-case ``sslmode``.

Also home of the located text (:class:`Located`) and flat key/value
(:class:`Entry`) these front-ends hand over.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Sequence
from dataclasses import field
from typing import overload

from connlint import lazy
from connlint.clients.jdbc_url import find_jdbc_urls, looks_like_jdbc_url
from connlint.frontends import aws_datasource
from connlint.frontends.connection_strings import candidate as string_candidate
from connlint.frontends.connection_strings import may_matter as strings_may_matter
from connlint.frontends.connection_strings import recognise
from connlint.lazy import dataclass
from connlint.model import (
    DYNAMIC,
    Candidate,
    CandidateKind,
    Location,
    Secret,
    Setting,
    Span,
)

#: Normalised (relaxed-binding) key segments whose value is the data source URL.
_URL_NAMES = frozenset({"url", "jdbcurl"})
_USER_NAMES = frozenset({"username", "user"})
#: HikariCP's prefix for driver properties in its property files, as its
#: PropertyElf matches it (case-sensitive): ``dataSource.sslMode=DISABLED``.
_HIKARI_DRIVER_PREFIX = "dataSource."
#: HikariCP's own keys that carry connection settings, and the setting each is.
_HIKARI_KEYS = {"jdbcUrl": "url", "username": "user", "password": "password"}
#: An environment variable name that Spring binds to a property (relaxed binding).
_SPRING_ENV = lazy.compile(r"SPRING_[A-Z0-9_]*")


def hikari_setting_key(key: str) -> str | None:
    """What a key of HikariCP's ``Properties`` (``new HikariConfig(props)``, a
    ``hikari.properties`` file) sets: ``url``, ``user``, ``password`` or the
    driver property behind ``dataSource.``; None for a pool setting.
    """
    if key.startswith(_HIKARI_DRIVER_PREFIX) and len(key) > len(_HIKARI_DRIVER_PREFIX):
        return key[len(_HIKARI_DRIVER_PREFIX) :]
    return _HIKARI_KEYS.get(key)


def env_key(name: str) -> str | None:
    """The Spring property an environment variable binds to (``SPRING_DATASOURCE_URL``
    -> ``spring.datasource.url``), or None for a variable Spring does not bind.
    """
    return name.lower().replace("_", ".") if _SPRING_ENV.fullmatch(name) else None


#: Prefixes whose ``url`` is a JDBC URL even when it is only a placeholder.
_DATASOURCE_MARKERS = frozenset({"datasource", "flyway", "liquibase"})


# ---------------------------------------------------------------------------
# located text


@dataclass(eq=False, slots=True)
class Located:
    """Decoded text with the source (line, column) of every character.

    Kept as runs, in :class:`~connlint.model.Span`'s form: ``offset, line,
    column`` triples, each run's characters one column apart, or all at
    column ``-column`` when that is negative.  Memory follows the number of
    runs (escapes, line breaks), not of characters: a value may be a whole
    embedded script, or a hostile file's 50 MB line.
    """

    _parts: list[str] = field(default_factory=list)
    # Short pieces (a character, the text between two escapes), joined into one
    # part now and then: a list entry each would cost more than the text.
    _pending: list[str] = field(default_factory=list)
    _length: int = 0
    _runs: array[int] = field(default_factory=lambda: array("q"))
    # True once :meth:`span` handed ``_runs`` to a Span: copied before a change.
    _shared: bool = False

    @property
    def text(self) -> str:
        """The decoded text."""
        self._flush()
        if len(self._parts) > 1:
            self._parts[:] = ["".join(self._parts)]
        return self._parts[0] if self._parts else ""

    def _flush(self) -> None:
        if self._pending:
            self._parts.append("".join(self._pending))
            self._pending.clear()

    def _append(self, text: str) -> None:
        if len(text) < 256:
            self._pending.append(text)
            if len(self._pending) >= 4096:
                self._flush()
        else:
            self._flush()
            self._parts.append(text)
        self._length += len(text)

    def _own_runs(self) -> array[int]:
        """``_runs``, ready to change (copied if a Span shares it)."""
        if self._shared:
            self._runs = array("q", self._runs)
            self._shared = False
        return self._runs

    @property
    def chars(self) -> str:
        """The decoded text (indexable like the list of characters it once was)."""
        return self.text

    def __len__(self) -> int:
        return self._length

    def _run_index(self, index: int) -> int:
        """Where in ``_runs`` the run holding character ``index`` starts."""
        return 3 * (bisect.bisect_right(memoryview(self._runs)[::3], index) - 1)

    def point(self, index: int) -> tuple[int, int]:
        """The source (line, column) of character ``index`` (negative: from the end)."""
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        runs = self._runs
        i = self._run_index(index)
        line, column = runs[i + 1], runs[i + 2]
        return (line, column + index - runs[i]) if column > 0 else (line, -column)

    def run_end(self, index: int) -> int:
        """Where the run of characters from ``index`` ends: up to there they
        stand on one line, one column apart.
        """
        i = self._run_index(index)
        if i < 0 or self._runs[i + 2] < 0:
            return index + 1  # all at one point: one character at a time
        return self._runs[i + 3] if i + 3 < len(self._runs) else self._length

    @property
    def points(self) -> _Points:
        """The source (line, column) of each character, as a read-only sequence."""
        return _Points(self)

    def add(self, text: str, point: tuple[int, int]) -> None:
        """Append ``text`` standing from ``point`` on, one column a character."""
        if text:
            self._run(len(text), point[0], point[1])
            self._append(text)

    def add_at(self, text: str, point: tuple[int, int]) -> None:
        """Append ``text`` with every character at ``point`` (a folded line break,
        a value standing in for the shorter reference that names it).
        """
        if len(text) == 1:
            self.add(text, point)
        elif text:
            self._run(len(text), point[0], -point[1])
            self._append(text)

    def _run(self, size: int, line: int, column: int) -> None:
        """Record that ``size`` characters appended now start at ``line``:``column``
        (stationary when ``column`` < 0), continuing the last run where they can.
        """
        runs = self._own_runs()
        if runs:
            start, last_line, last_column = runs[-3], runs[-2], runs[-1]
            if last_line == line:
                length = self._length - start
                if last_column > 0 and column > 0 and last_column + length == column:
                    return  # the source goes on where the last run stopped
                stays = column < 0 or size == 1
                if last_column < 0 and stays and -last_column == abs(column):
                    return  # more characters at the same point
                if last_column > 0 and stays and length == 1 and last_column == abs(column):
                    runs[-1] = -last_column  # one character, then more at its point
                    return
        runs.extend((self._length, line, column))

    def extend(self, other: Located) -> None:
        """Append another located text."""
        if not other._length:
            return
        text = other.text
        base = self._length
        theirs = other._runs
        self._run(theirs[3] if len(theirs) > 3 else other._length, theirs[1], theirs[2])
        self._append(text)
        runs = self._own_runs()
        first = len(runs)
        runs.extend(theirs[3:])
        for i in range(first, len(runs), 3):
            runs[i] += base

    def slice(self, start: int, end: int) -> Located:
        """The located sub-text ``[start:end]``."""
        start = max(0, min(start, self._length))
        end = max(start, min(end, self._length))
        out = Located()
        if start == end:
            return out
        runs = self._runs
        i = self._run_index(start)
        last = 3 * bisect.bisect_left(memoryview(runs)[::3], end)
        line, column = runs[i + 1], runs[i + 2]
        out._runs.extend((0, line, column + start - runs[i] if column > 0 else column))
        out._runs.extend(runs[i + 3 : last])
        for k in range(3, len(out._runs), 3):
            out._runs[k] -= start
        out._parts.append(self.text[start:end])
        out._length = end - start
        return out

    def strip(self) -> Located:
        """The located text without surrounding whitespace."""
        text = self.text
        if not text[:1].isspace() and not text[-1:].isspace():
            return self  # nothing to strip: no copy
        stripped = text.lstrip()
        start = len(text) - len(stripped)
        return self.slice(start, start + len(stripped.rstrip()))

    def span(self, path: str, fallback: tuple[int, int] = (1, 1)) -> Span:
        """A :class:`Span` with one piece wherever source and text stop advancing together."""
        if not self._runs:
            return Span.at(self.text, path, *fallback)
        self._shared = True  # the Span takes the runs as they are; a change copies them first
        return Span.from_runs(self.text, path, self._runs)

    @classmethod
    def of(cls, span: Span) -> Located:
        """The located text of a :class:`Span`."""
        out = cls()
        if span.text:
            out._runs = span.runs()
            out._parts.append(span.text)
            out._length = len(span.text)
        return out


class _Points(Sequence[tuple[int, int]]):
    """A read-only view of the points of a :class:`Located` (see :meth:`Located.point`)."""

    __slots__ = ("_located",)

    def __init__(self, located: Located) -> None:
        self._located = located

    def __len__(self) -> int:
        return len(self._located)

    @overload
    def __getitem__(self, index: int) -> tuple[int, int]: ...

    @overload
    def __getitem__(self, index: slice) -> list[tuple[int, int]]: ...

    def __getitem__(self, index: int | slice) -> tuple[int, int] | list[tuple[int, int]]:
        if isinstance(index, slice):
            return [self._located.point(i) for i in range(*index.indices(len(self._located)))]
        return self._located.point(index)


@dataclass(frozen=True)
class Entry:
    """One key with its value, as a flat dotted key (YAML documents are flattened).

    ``value`` is decoded but placeholders are not resolved; ``location`` runs
    from the key to the end of the value.
    """

    key: str
    value: Span
    location: Location


# ---------------------------------------------------------------------------
# placeholders


def resolve_placeholders(value: Located) -> Located:
    """Replace ``${NAME}`` by DYNAMIC and ``${NAME:default}`` by its default
    (``${NAME:}``, an empty one, by DYNAMIC: the value is set where it runs).

    ``${NAME:-default}`` (shell and Compose) is read as ``default`` too, unless a
    digit follows the ``-`` (Spring's ``${PORT:-1}`` is minus one).  One pass
    pairs the braces first, so a value full of unterminated or nested
    placeholders costs linear time (a run of ``${`` used to be quadratic).
    """
    chars = value.text
    if chars.find("${") < 0:
        return value  # nothing to resolve: no copy
    closing, colon = _brace_pairs(chars)
    out = Located()
    frames = [[0, len(chars)]]  # [done, end] of each range being copied; a default nests
    while frames:
        frame = frames[-1]
        done, end = frame
        i = chars.find("${", done, end)
        while i >= 0 and closing.get(i + 1, end) >= end:  # unterminated: keep as written
            i = chars.find("${", i + 1, end)
        if i < 0:
            out.extend(value.slice(done, end))
            frames.pop()
            continue
        j = closing[i + 1]
        out.extend(value.slice(done, i))
        frame[0] = j + 1
        first = colon.get(i + 1, -1)
        start = first + 1
        if first >= 0 and start + 1 < j and chars[start] == "-" and not chars[start + 1].isdigit():
            start += 1
        if first >= 0 and start < j:
            frames.append([start, j])
        else:  # no default, or an empty one (``${DB_URL:}``): set where it runs, not known here
            out.add(DYNAMIC, value.point(i))
    return out


def _brace_pairs(chars: Sequence[str]) -> tuple[dict[int, int], dict[int, int]]:
    """Each ``{``'s matching ``}``, and the first ``:`` directly inside it (by index)."""
    closing: dict[int, int] = {}
    colon: dict[int, int] = {}
    open_at: list[int] = []
    for k, char in enumerate(chars):
        if char == "{":
            open_at.append(k)
        elif char == "}":
            if open_at:
                closing[open_at.pop()] = k
        elif char == ":" and open_at and open_at[-1] not in colon:
            colon[open_at[-1]] = k
    return closing, colon


# ---------------------------------------------------------------------------
# Spring keys -> candidates


def _segments(key: str) -> list[str]:
    """Split a dotted key, taking ``a[b.c]`` as segments ``a`` and ``b.c``."""
    if "[" not in key:
        return [segment for segment in key.split(".") if segment]
    out: list[str] = []
    current = ""
    i = 0
    while i < len(key):
        char = key[i]
        if char == ".":
            if current:
                out.append(current)
            current = ""
        elif char == "[":
            if current:
                out.append(current)
            end = key.find("]", i)
            end = len(key) if end < 0 else end
            out.append(key[i + 1 : end].strip("\"'"))
            current = ""
            i = end
        else:
            current += char
        i += 1
    if current:
        out.append(current)
    return out


def _norm(segment: str) -> str:
    return segment.lower().replace("-", "").replace("_", "")


@dataclass
class _Group:
    """The entries of one data source: its URLs and settings."""

    urls: list[tuple[Entry, Located]] = field(default_factory=list)
    settings: list[Setting] = field(default_factory=list)
    foreign: bool = False  # its URL is another database's (jdbc:postgresql:...)
    #: Its data source is the AWS Advanced JDBC Wrapper's (:mod:`connlint.frontends.aws_datasource`).
    aws: bool = False
    #: What would make an AwsWrapperDataSource's URL (``jdbcProtocol``, ``serverName``…),
    #: by part, with the setting it is when the data source is another.
    parts: dict[str, tuple[Located, Setting | None]] = field(default_factory=dict)


def _setting(key: str, entry: Entry, value: Located, path: str) -> Setting:
    """A setting for ``key`` from an entry's resolved value."""
    text = value.text
    secret = key.lower().endswith("password")
    if text == DYNAMIC or (secret and DYNAMIC in text):
        return Setting(key, None, entry.location, entry.key, None, entry.value.text)
    span = value.span(path, (entry.location.end_line, entry.location.end_column))
    return Setting(key, Secret(text, span) if secret else text, entry.location, entry.key, span)


#: Key segments under which each key is a property of a data source: HikariCP's
#: ``data-source-properties``, an AwsWrapperDataSource's ``target-data-source-properties``.
_PROPERTIES_SEGMENTS = frozenset({"datasourceproperties", "targetdatasourceproperties"})


def _add_property(group: _Group, prop: str, entry: Entry, value: Located, path: str) -> None:
    """A data source property of a group: a driver setting, unless it is a part of an
    AwsWrapperDataSource's URL (kept both ways until the group's data source is known).
    """
    setting = _setting(prop, entry, value, path)
    part = aws_datasource.PARTS.get(_norm(prop))
    if part is not None:
        group.parts[part] = (value, setting)
    group.settings.append(setting)


def _aws_candidate(group: _Group, path: str) -> Candidate | None:
    """The candidate of an AwsWrapperDataSource group: the URL its parts make, with the
    group's other settings (the parts are the data source's own, not the driver's).
    """
    parts = {part: value for part, (value, _) in group.parts.items()}
    own = {id(setting) for _, setting in group.parts.values() if setting is not None}
    settings = tuple(s for s in group.settings if id(s) not in own)
    # Added characters (``/``, ``:``) stand where the first part is written.
    point = next((value.point(0) for value in parts.values() if len(value)), (1, 1))
    url = aws_datasource.url(parts, point)
    if url is None:
        return None
    span = url.span(path, point)
    return Candidate(CandidateKind.JDBC, span.locate(), url=span, settings=settings)


def connection_property_settings(
    value: Located, path: str, location: Location, source: str, pairs: str = ";", equals_sign: str = "="
) -> list[Setting]:
    """Settings of a ``k=v;k2=v2`` connection-properties string (DBCP, Tomcat
    pool), or of a list with other separators (a test helper's ``"k=v,k2=v2"``).
    """
    out: list[Setting] = []
    chars = value.text
    start = 0
    while start <= len(chars):
        i = chars.find(pairs, start)
        i = len(chars) if i < 0 else i
        pair = value.slice(start, i)
        start = i + 1
        text = pair.text
        if equals_sign not in text:
            continue
        equals = text.index(equals_sign)
        key = pair.slice(0, equals).strip()
        item = pair.slice(equals + 1, len(text)).strip()
        key_text = key.text
        if not key_text or DYNAMIC in key_text:
            continue
        here = location
        if len(key):
            end = item.point(-1) if len(item) else key.point(-1)
            here = Location(path, *key.point(0), end[0], end[1] + 1)
        secret = key_text.lower().endswith("password")
        if item.text == DYNAMIC or (secret and DYNAMIC in item.text):
            out.append(Setting(key_text, None, here, source, None, item.text))
            continue
        span = item.span(path, (here.end_line, here.end_column))
        stored: str | Secret = Secret(item.text, span) if secret else item.text
        out.append(Setting(key_text, stored, here, source, span))
    return out


#: Normalised pieces one of which a key must contain to be read (``url``,
#: ``jdbc-url``, ``username`` / ``user``, ``password``, ``*-properties``; an
#: AwsWrapperDataSource's ``data-source-class-name``, ``jdbc-protocol``, ``server-name``…).
_KEY_WORDS = (
    "url",
    "user",
    "password",
    "properties",
    "classname",
    "jdbcprotocol",
    "servername",
    "serverport",
)


def may_matter(key: str, text: str) -> bool:
    """False for an entry :func:`candidates` certainly ignores (most keys of a large file).

    A front-end may drop such entries before it builds them (the ``.properties`` parser does).
    """
    if key.startswith(("javax.net.ssl.", _HIKARI_DRIVER_PREFIX)) or looks_like_jdbc_url(text):
        return True
    if "jdbc:" in text or "JDBC:" in text:  # a URL inside a longer value (JAVA_OPTS)
        return True
    norm = key.lower().replace("-", "").replace("_", "")
    return any(word in norm for word in _KEY_WORDS)


#: Key segments under which a connection string is documentation, not
#: configuration (JSON Schema ``examples``, OpenAPI ``example``).
_EXAMPLE_SEGMENT = lazy.compile(r"(?:^|\.)examples?(?:\[\d+\])?(?:\.|$)")


def _not_a_string_key(key: str) -> bool:
    """A password (whatever it looks like), or an example in a schema."""
    return "password" in key.lower() or _EXAMPLE_SEGMENT.search(key) is not None


def wanted(key: str, text: str) -> bool:
    """False for an entry :func:`candidates` certainly ignores: neither a Spring /
    JDBC entry (:func:`may_matter`) nor another driver's connection string.
    """
    return may_matter(key, text) or strings_may_matter(key, text)


def _located(entry: Entry, resolved: Located | None) -> Located:
    """An entry's value with placeholders resolved (``resolved`` when already worked out)."""
    return resolved if resolved is not None else Located.of(entry.value)


def candidates(path: str, entries: list[Entry]) -> list[Candidate]:
    """The JDBC and JVM candidates of one scope of flat keys (a file, a YAML document),
    and other drivers' connection strings among its values (:mod:`connlint.frontends.connection_strings`).
    """
    groups: dict[tuple[str, ...], _Group] = {}
    strings: list[Candidate] = []
    jvm: list[Setting] = []
    jvm_location: Location | None = None
    for entry in entries:
        # Most entries are never used: their located text is only built on demand.
        text = entry.value.text
        resolved: Located | None = None
        if "${" in text:
            resolved = resolve_placeholders(Located.of(entry.value))
            text = resolved.text
        if strings_may_matter(entry.key, text) and not _not_a_string_key(entry.key):
            driver = recognise(entry.key, text)
            if driver is not None:
                located = _located(entry, resolved)
                span = located.span(path, (entry.location.line, entry.location.column))
                strings.append(string_candidate(span, driver))
                continue
        if not may_matter(entry.key, text):
            continue
        if entry.key.startswith("javax.net.ssl."):
            jvm.append(_setting(entry.key, entry, _located(entry, resolved), path))
            jvm_location = jvm_location or entry.location
            continue
        if entry.key.startswith(_HIKARI_DRIVER_PREFIX):
            # A HikariCP property file (new HikariConfig("/hikari.properties")):
            # `dataSource.X` is driver property X of the file's `jdbcUrl`.
            prop = hikari_setting_key(entry.key)
            if prop is not None:
                _add_property(groups.setdefault((), _Group()), prop, entry, _located(entry, resolved), path)
            continue
        segments = _segments(entry.key)
        if not segments:
            continue
        norm = [_norm(s) for s in segments]
        last = norm[-1]
        held = next((k for k, s in enumerate(norm[:-1]) if s in _PROPERTIES_SEGMENTS), -1)
        if held >= 0:
            base = norm[: held - 1] if held > 0 and norm[held - 1] == "hikari" else norm[:held]
            prop = ".".join(segments[held + 1 :])
            _add_property(
                groups.setdefault(tuple(base), _Group()), prop, entry, _located(entry, resolved), path
            )
            continue
        prefix = tuple(norm[:-1])
        if prefix and prefix[-1] == "hikari":
            prefix = prefix[:-1]
        group = groups.setdefault(prefix, _Group())
        if last in ("datasourceclassname", "targetdatasourceclassname") and aws_datasource.is_data_source(
            text
        ):
            group.aws = True  # HikariCP's dataSourceClassName (or a bound bean's own class)
        if last == "targetdatasourceclassname":
            group.aws = True  # only an AwsWrapperDataSource bound by @ConfigurationProperties has one
        if last in aws_datasource.PARTS and last != "jdbcurl":
            group.parts[aws_datasource.PARTS[last]] = (_located(entry, resolved), None)
        if last == "password":
            # First: a password is one whatever it looks like (a URL-shaped one
            # was made a connection, its text shown as a host and settings).
            group.settings.append(_setting("password", entry, _located(entry, resolved), path))
        elif looks_like_jdbc_url(text) or (
            last in _URL_NAMES and _DATASOURCE_MARKERS & set(prefix) and text.startswith(DYNAMIC)
        ):
            group.urls.append((entry, _located(entry, resolved)))
        elif last in _URL_NAMES and text and not text.startswith(DYNAMIC):
            group.foreign = True
        elif "jdbc:" in text.lower():
            # JAVA_OPTS: -Dspring.datasource.url=jdbc:mysql://…: each URL inside the
            # value is a connection of its own (no key says what else belongs to it).
            located = _located(entry, resolved)
            for start, end in find_jdbc_urls(located.text):
                embedded = groups.setdefault(("", entry.key, str(start)), _Group())
                embedded.urls.append((entry, located.slice(start, end)))
        elif last == "connectionproperties" and prefix and prefix[-1] in ("dbcp2", "tomcat"):
            settings = connection_property_settings(
                _located(entry, resolved), path, entry.location, entry.key
            )
            groups.setdefault(prefix[:-1], _Group()).settings.extend(settings)
        elif last in _USER_NAMES:
            group.settings.append(_setting("user", entry, _located(entry, resolved), path))
    out: list[Candidate] = []
    for prefix, group in groups.items():
        if group.aws and not group.urls:
            built = _aws_candidate(group, path)
            if built is not None:
                out.append(built)
            continue  # another database's (PostgreSQL), or not said
        if group.urls:
            for entry, value in group.urls:
                span = value.span(path, (entry.location.line, entry.location.column))
                out.append(
                    Candidate(CandidateKind.JDBC, span.locate(), url=span, settings=tuple(group.settings))
                )
        elif (
            group.settings
            and not group.foreign
            and len(prefix) >= 2
            and prefix[:2] == ("spring", "datasource")
        ):
            out.append(
                Candidate(CandidateKind.JDBC, group.settings[0].location, settings=tuple(group.settings))
            )
    if jvm and jvm_location is not None:
        out.append(Candidate(CandidateKind.JVM, jvm_location, settings=tuple(jvm)))
    out.extend(strings)
    out.sort(key=lambda c: c.location)
    return out
