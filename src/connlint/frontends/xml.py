"""The XML front-end: JDBC data sources in persistence.xml, Tomcat context.xml,
Spring bean files and any other XML.

Parsed with :mod:`xml.parsers.expat` directly, so that nothing is expanded or
fetched: parameter entities are never parsed, and when the DTD declares
entities the file is read again without its internal subset, every reference
to an entity read as an unknown value (no billion laughs, no external
entities) and a notification saying so.  Attribute values are located by scanning the raw start tag from
the byte position expat reports; predefined and character entity references
(``&amp;``, ``&#38;``) are decoded and every decoded character keeps the
column of its source, so ``?useSSL=false&amp;sslMode=DISABLED`` holds two
properties with exact locations.  Values are kept as read (:class:`_AttrValue`,
:class:`_TextValue`) and located character by character only when one matters
(a recognised property, or text that may be a JDBC URL): a large file of
unrelated XML never pays for per-character positions.

What it recognises:

* an element with a ``url`` / ``jdbcUrl`` attribute holding a JDBC URL (Tomcat
  ``<Resource url=… username=… password=… connectionProperties="k=v;k2=v2"/>``);
* ``<bean class="…">`` with ``<property name=… value=…/>`` (or ``<value>``)
  children: ``url`` / ``jdbcUrl`` / ``URL``, ``username`` / ``user``,
  ``password``, ``connectionProperties``, ``dataSourceProperties`` (``<props>``
  / ``<map>``), and on a MySQL / MariaDB ``DataSource`` bean every other
  property as the driver property it names (``sslMode``, ``useSSL``);
* persistence units: ``javax.persistence.jdbc.*`` / ``jakarta.persistence.jdbc.*``
  and ``hibernate.connection.*`` properties (Hibernate passes
  ``hibernate.connection.<prop>`` to the driver);
* any other attribute value or element text that looks like a JDBC URL;
* .NET ``connectionString`` attributes (``web.config``, ``app.config``) that are
  another driver's connection string (:mod:`connlint.frontends.connection_strings`).

``${name}`` placeholders are dynamic parts, as in the Spring front-ends.
pom.xml is the Maven front-end's, and never reaches this one.
"""

from __future__ import annotations

import re
import xml.parsers.expat as expat
from collections.abc import Iterator
from dataclasses import field

from connlint.clients import canal_driver
from connlint.clients.drivers import datasource_classes, mysql_family_driver_class
from connlint.clients.jdbc_url import looks_like_jdbc_url
from connlint.frontends import aws_datasource
from connlint.frontends.connection_strings import candidate as string_candidate
from connlint.frontends.connection_strings import recognise
from connlint.frontends.offsets import LineStarts, Utf8Offsets
from connlint.frontends.spring import (
    Located,
    connection_property_settings,
    resolve_placeholders,
)
from connlint.frontends.xml_dtd import (
    EntityDeclarations,
    stop_at_entity_declarations,
    without_internal_subset,
)
from connlint.lazy import dataclass
from connlint.model import (
    DYNAMIC,
    Candidate,
    CandidateKind,
    Extraction,
    Level,
    Location,
    Notification,
    Secret,
    Setting,
)

#: An attribute's name, and what follows it: ``="value"`` or ``='value'`` (see :func:`_attributes`).
_ATTRIBUTE_NAME = re.compile(r"[^\s=/>]+")
_ATTRIBUTE_VALUE = re.compile(r"""\s*=\s*(?:"([^"]*)"|'([^']*)')""")
#: What an attribute value does not keep as written: references and blanks
#: (normalised to spaces, ``\r\n`` to one).
_ATTRIBUTE_SPECIAL = re.compile(r"[&\t\r\n]")
#: Where character data stops matching its source one to one: a line end
#: (also ``\r\n``, one character of data) or a reference.
_TEXT_SPECIAL = re.compile(r"[&\r\n]")
_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_][\w.-]*);")
_PREDEFINED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
# Elements whose analysis reads what they contain: each is a data source of its own.
_GROUPS = frozenset({"bean", "persistence-unit"})
_URL_NAMES = frozenset({"url", "jdbcurl", "connectionurl"})
_USER_NAMES = frozenset({"user", "username"})
#: A pool bean's JDBC driver class (DBCP / Druid / Hikari ``driverClassName``, c3p0 ``driverClass``).
_DRIVER_CLASS_NAMES = frozenset({"driverclassname", "driverclass"})
#: hibernate.connection.* keys that are Hibernate's own, not driver properties.
_HIBERNATE_OWN = frozenset(
    {"url", "username", "user", "password", "driver_class", "pool_size", "isolation", "autocommit",
     "provider_class", "datasource", "handling_mode", "provider_disables_autocommit"}
)  # fmt: skip


class _AttrValue:
    """An attribute value as read: its decoded text is expat's, its located text
    (:meth:`located`) is decoded from the raw source only when asked for.
    """

    __slots__ = ("_located", "expected", "reader", "size", "start")

    def __init__(self, reader: _Reader, start: int, raw: str, expected: str | None) -> None:
        self.reader = reader
        self.start = start
        # Where the raw value stands, not a copy of it: read again if ever located.
        self.size = len(raw)
        if reader.entities and "&" in raw and _unknown_reference(raw):
            # expat drops a reference to an entity it has no declaration of:
            # the raw value, with the reference as an unknown part, is the truth.
            reader.references += 1
            expected = None
        self.expected = expected
        self._located: Located | None = None

    @property
    def text(self) -> str:
        """The decoded value."""
        return self.expected if self.expected is not None else self.located().text

    def located(self) -> Located:
        """The decoded value with the source point of every character."""
        if self._located is None:
            value = self.reader.decode(self.start, self.reader.text[self.start : self.start + self.size])
            expected = self.expected
            if expected is not None and value.text != expected:
                value = Located()
                value.add_at(expected, self.reader.point(self.start))
            self._located = value
            self.expected = None  # the located text says the same: one copy is enough
        return self._located


class _TextValue:
    """Character data of an element as expat delivered it: ``(offset, data)`` chunks,
    located character by character only when asked for.
    """

    __slots__ = ("chunks", "reader")

    def __init__(self, reader: _Reader) -> None:
        self.reader = reader
        self.chunks: list[tuple[int, str]] = []

    @property
    def text(self) -> str:
        """The character data."""
        return "".join(data for _, data in self.chunks)

    def located(self) -> Located:
        """The character data with the source point of every character."""
        out = Located()
        for offset, data in self.chunks:
            self.reader.locate_chars(offset, data, out)
        return out


_Value = _AttrValue | _TextValue


@dataclass(slots=True)
class _Attr:
    """An attribute of an element, its value and where it stands."""

    name: str
    value: _AttrValue
    location: Location


@dataclass(slots=True)
class _Element:
    """An element, its attributes and the span of its start tag."""

    name: str
    local: str  # the name without its namespace prefix
    attrs: dict[str, _Attr]
    start: int  # character offsets of the start tag, ``end`` exclusive
    end: int
    parent: _Element | None
    text: _TextValue
    # Kept inside a bean or persistence unit only (see _Reader._start).
    children: list[_Element] = field(default_factory=list)
    has_children: bool = False

    @property
    def location(self) -> Location:
        """The start tag's region (built on demand: most elements never need one)."""
        reader = self.text.reader
        return Location(reader.path, *reader.point(self.start), *reader.point(self.end))


def extract(path: str, text: str) -> Extraction:
    """Candidates and notifications of one XML file; never raises."""
    return _Reader(path, text).run()


def _unknown_reference(raw: str) -> bool:
    """Whether ``raw`` refers to an entity other than the predefined and character ones."""
    return any(m.group(1)[0] != "#" and m.group(1) not in _PREDEFINED for m in _ENTITY.finditer(raw))


def _attributes(tag: str) -> Iterator[tuple[str, int, int, str, int]]:
    r"""``(name, start, end, value, value start)`` of each ``name="value"`` of a
    start tag's text, as ``([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')`` finds
    them, without trying again from every character of a long name that
    has no value (quadratic).
    """
    pos = 0
    while (name := _ATTRIBUTE_NAME.search(tag, pos)) is not None:
        pos = name.end()
        value = _ATTRIBUTE_VALUE.match(tag, pos)
        if value is None:
            continue  # no start inside this name has a value either
        group = 1 if value.group(1) is not None else 2
        yield name.group(), name.start(), value.end(), value.group(group), value.start(group)
        pos = value.end()


#: The expat handlers :meth:`_Reader.run` sets (and clears after the parse).
_HANDLERS = (
    "StartDoctypeDeclHandler",
    "EntityDeclHandler",
    "EndDoctypeDeclHandler",
    "SkippedEntityHandler",
    "StartElementHandler",
    "EndElementHandler",
    "CharacterDataHandler",
    "ExternalEntityRefHandler",
)


class _Reader:
    def __init__(self, path: str, text: str, entities: tuple[str, ...] = (), doctype_line: int = 0) -> None:
        self.path = path
        self.text = text
        # Entities the DTD declared, when this is the second reading without them.
        self.entities = entities
        self.doctype_line = doctype_line
        self.references = 0
        self.data = text.encode("utf-8", "surrogatepass")
        self.lines = LineStarts(text)
        self.ascii = text.isascii()
        # expat reports increasing byte positions: a cursor converts them to
        # character offsets by decoding only the bytes in between.
        self.cursor = (0, 0)
        self.byte_to_char: Utf8Offsets | None = None
        self.stack: list[_Element] = []
        # The open outermost bean or persistence unit and what it holds so far,
        # in document order, analysed once it closes; other elements are
        # analysed as they close and dropped, so memory follows the depth of
        # the document, not its size.
        self.pending: list[_Element] = []
        self.open_groups = 0
        self.used: set[tuple[int, int]] = set()
        self.extraction = Extraction()

    def char_offset(self, byte: int) -> int:
        if self.ascii:
            return min(byte, len(self.text))
        byte = max(0, min(byte, len(self.data)))
        if self.byte_to_char is None:
            cursor_byte, cursor_char = self.cursor if byte >= self.cursor[0] else (0, 0)
            try:
                cursor_char += len(self.data[cursor_byte:byte].decode("utf-8", "surrogatepass"))
            except UnicodeDecodeError:  # not at a character boundary: build the table
                self.byte_to_char = Utf8Offsets(self.text, self.data)
            else:
                self.cursor = (byte, cursor_char)
                return cursor_char
        return self.byte_to_char.char(byte)

    def point(self, offset: int) -> tuple[int, int]:
        return self.lines.point(offset)

    # -- parsing ------------------------------------------------------------

    def run(self) -> Extraction:
        parser = expat.ParserCreate(encoding="utf-8")
        parser.ordered_attributes = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

        def skipped_entity(_name: str, _parameter: int) -> None:
            if stack:
                self.references += 1
                byte = parser.CurrentByteIndex
                add(byte if self.ascii else self.char_offset(byte), DYNAMIC)

        def start(name: str, attributes: list[str]) -> None:
            self._start(parser.CurrentByteIndex, name, attributes)

        def end(_name: str) -> None:
            if self.stack:
                self._end(self.stack.pop())

        stack = self.stack

        def add(offset: int, data: str) -> None:
            # expat hands over character data line by line: a chunk that continues
            # the previous one (no entity or CDATA mark in between) is joined to it,
            # which keeps every character's offset and a large file's tree small.
            chunks = stack[-1].text.chunks
            if chunks:
                last_offset, last = chunks[-1]
                if last_offset + len(last) == offset:
                    chunks[-1] = (last_offset, last + data)
                    return
            chunks.append((offset, data))

        def chars(data: str) -> None:
            if stack:
                add(self.char_offset(parser.CurrentByteIndex), data)

        def ascii_chars(data: str) -> None:  # byte offsets are character offsets
            if stack:
                add(parser.CurrentByteIndex, data)

        stop_at_entity_declarations(parser)  # read again without them (xml_dtd)
        if self.entities:
            parser.UseForeignDTD(True)  # a reference to an undeclared entity is then no error
            parser.SkippedEntityHandler = skipped_entity
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = ascii_chars if self.ascii else chars
        parser.ExternalEntityRefHandler = lambda *_: 1  # never fetch
        try:
            parser.Parse(self.data, True)
        except EntityDeclarations as stop:
            first, last = self.char_offset(stop.start), self.char_offset(stop.end)
            text = without_internal_subset(self.text, first, last)
            return _Reader(self.path, text, tuple(stop.names), self.point(first)[0]).run()
        except expat.ExpatError as exc:
            self.extraction.notifications.append(
                Notification(self.path, f"XML parse error: {expat.errors.messages.get(exc.code, exc)}",
                             Level.WARNING, exc.lineno)
            )  # fmt: skip
        finally:
            # The handlers refer to the parser and to this reader: a cycle that would
            # keep the file's copies (its bytes, expat's attribute values) until the
            # next garbage collection.
            for handler in _HANDLERS:
                setattr(parser, handler, None)
        # After a parse error: the elements left open, in document order.
        outside = next((i for i, e in enumerate(self.stack) if e.local in _GROUPS), len(self.stack))
        self._analyse(self.stack[:outside] + self.pending)
        self.extraction.candidates.sort(key=lambda c: c.location)
        if self.entities:
            self.extraction.notifications.insert(0, self._entities_note())
        return self.extraction

    def _entities_note(self) -> Notification:
        """What the reading without the DTD's entities left unknown."""
        names = ", ".join(self.entities[:10]) + (", ..." if len(self.entities) > 10 else "")
        count = self.references
        refs = f"{count} reference{'s' if count != 1 else ''} read as unknown values"
        message = f"DTD declares entities ({names}): no entity is expanded or fetched; {refs}"
        return Notification(self.path, message, Level.WARNING if count else Level.NOTE, self.doctype_line)

    def _start(self, byte: int, name: str, attributes: list[str]) -> None:
        offset = self.char_offset(byte)
        close = self.text.find(">", offset)
        tag = self.text[offset : close if close >= 0 else len(self.text)]
        expected = dict(zip(attributes[::2], attributes[1::2], strict=False))
        attrs: dict[str, _Attr] = {}
        for attr, start, end, raw, raw_start in _attributes(tag):
            value = _AttrValue(self, offset + raw_start, raw, expected.get(attr))
            attr_start = self.point(offset + start)
            attr_end = self.point(offset + end)
            attrs[attr] = _Attr(attr, value, Location(self.path, *attr_start, *attr_end))
        parent = self.stack[-1] if self.stack else None
        local = name.rsplit(":", 1)[-1]
        end = close + 1 if close >= 0 else len(self.text)
        element = _Element(name, local, attrs, offset, end, parent, _TextValue(self))
        inside_group = self.open_groups > 0
        if local in _GROUPS:
            self.open_groups += 1
        if parent is not None:
            parent.has_children = True
            if inside_group:  # only a group's analysis walks down the tree
                parent.children.append(element)
        if self.open_groups:
            self.pending.append(element)
        self.stack.append(element)

    def _end(self, element: _Element) -> None:
        if element.local in _GROUPS:
            self.open_groups -= 1
            if not self.open_groups:
                pending, self.pending = self.pending, []
                self._analyse(pending)
        elif not self.open_groups:
            self._element(element)
            self._leftovers(element)

    def _analyse(self, elements: list[_Element]) -> None:
        """Emit the candidates of ``elements`` (a closed element, or a group and
        everything in it, in document order).
        """
        for element in elements:
            self._element(element)
        for element in elements:
            self._leftovers(element)

    def decode(self, start: int, raw: str) -> Located:
        """The located value of the raw attribute value at ``start``."""
        out = Located()
        i = 0
        while i < len(raw):
            # Up to the next character that needs care, the value is the source.
            special = _ATTRIBUTE_SPECIAL.search(raw, i)
            j = special.start() if special is not None else len(raw)
            out.add(raw[i:j], self.point(start + i))
            if j == len(raw):
                break
            i = j
            char = raw[i]
            point = self.point(start + i)
            if char == "&":
                match = _ENTITY.match(raw, i)
                if match is not None:
                    name = match.group(1)
                    if name.startswith("#x"):
                        out.add(chr(int(name[2:], 16)), point)
                    elif name.startswith("#"):
                        out.add(chr(int(name[1:])), point)
                    else:
                        out.add(_PREDEFINED.get(name, DYNAMIC), point)
                    i = match.end()
                    continue
            if char == "\r" and raw[i + 1 : i + 2] == "\n":
                i += 1
                continue
            out.add(" " if char in "\t\r\n" else char, point)
            i += 1
        return out

    def locate_chars(self, offset: int, data: str, into: Located) -> None:
        """Append character data ``data`` that expat reported at ``offset``."""
        text = self.text
        k = 0
        while k < len(data):
            # Up to the next line end or reference, data and source go together.
            special = _TEXT_SPECIAL.search(text, offset, offset + len(data) - k)
            run = (special.start() if special is not None else offset + len(data) - k) - offset
            if run:
                into.add(data[k : k + run], self.point(offset))
                k += run
                offset += run
                continue
            char = data[k]
            into.add(char, self.point(offset))
            k += 1
            if text.startswith("\r\n", offset) and char == "\n":
                offset += 2
            elif text.startswith("&", offset):
                end = text.find(";", offset)
                offset = end + 1 if end >= 0 else offset + 1
            else:
                offset += 1

    # -- recognition --------------------------------------------------------

    def _value(self, raw: _Value) -> Located:
        return resolve_placeholders(raw.located().strip())

    @staticmethod
    def _may_be_url(raw: _Value) -> bool:
        """False when the resolved value of ``raw`` is certainly no JDBC URL (checked on
        the text alone: placeholders are the only thing resolving changes).
        """
        text = raw.text
        return "${" in text or looks_like_jdbc_url(text)

    def _setting(self, key: str, raw: _Value, location: Location, source: str) -> Setting:
        value = self._value(raw)
        text = value.text
        secret = key.lower().endswith("password")
        if text == DYNAMIC or (secret and DYNAMIC in text):
            return Setting(key, None, location, source, None, raw.text.strip())
        span = value.span(self.path, (location.line, location.column))
        stored: str | Secret = Secret(text, span) if secret else text
        return Setting(key, stored, location, source, span)

    def _properties(self, container: _Element) -> list[tuple[str, _Value, Location, _Element]]:
        """Return ``(name, value, location, element)`` of property-like children, any depth."""
        out: list[tuple[str, _Value, Location, _Element]] = []
        stack = list(reversed(container.children))
        while stack:
            element = stack.pop()
            name_attr = element.attrs.get("name") or element.attrs.get("key")
            if (
                element.local in ("property", "prop", "entry", "connection-property")
                and name_attr is not None
            ):
                value_attr = element.attrs.get("value")
                value: _Value
                if value_attr is not None:
                    value = value_attr.value
                else:
                    nested = next((c for c in element.children if c.local == "value"), None)
                    value = (nested or element).text
                out.append((name_attr.value.text, value, element.location, element))
                if element.local == "property" and element.children:
                    stack.extend(reversed(element.children))  # <props> / <map> inside
                continue
            if element.local in _GROUPS:
                continue  # a nested bean is its own data source
            stack.extend(reversed(element.children))
        return out

    def _emit(self, url: Located | None, settings: list[Setting], location: Location) -> None:
        if url is not None:
            span = url.span(self.path, (location.line, location.column))
            if len(url):
                # Any other value that starts where this URL does is this URL.
                self.used.add(url.point(0))
            self.extraction.candidates.append(
                Candidate(CandidateKind.JDBC, span.locate(), url=span, settings=tuple(settings))
            )
        else:
            self.extraction.candidates.append(
                Candidate(CandidateKind.JDBC, location, settings=tuple(settings))
            )

    def _element(self, element: _Element) -> None:
        if element.local == "bean" and "class" in element.attrs:
            class_name = element.attrs["class"].value.text
            if aws_datasource.is_data_source(class_name):
                self._aws_bean(element)
                return
            if class_name == canal_driver.AUTHENTICATION_CLASS:
                self._canal(element)
                return
            self._group(element, class_name.rsplit(".", 1)[-1] in datasource_classes())
        elif element.local == "persistence-unit":
            self._group(element, False)
        else:
            self._attribute_group(element)
            self._connection_string(element)

    def _connection_string(self, element: _Element) -> None:
        """.NET ``<add name=… connectionString=… providerName=…/>`` (``web.config``,
        ``app.config``): another driver's connection string when
        :mod:`connlint.frontends.connection_strings` recognises it (the name and
        provider, ``MySql.Data.MySqlClient``, count as its key).
        """
        attrs = {name.lower(): attr for name, attr in element.attrs.items()}
        attr = attrs.get("connectionstring")
        if attr is None:
            return
        context = " ".join(attrs[k].value.text for k in ("name", "providername") if k in attrs)
        value = self._value(attr.value)
        driver = recognise(context, value.text)
        if driver is not None:
            span = value.span(self.path, (attr.location.line, attr.location.column))
            self.extraction.candidates.append(string_candidate(span, driver))

    def _group(self, container: _Element, driver_datasource: bool) -> None:
        url: Located | None = None
        foreign = False
        settings: list[Setting] = []
        driver = ""
        for name, raw, location, element in self._properties(container):
            value = self._value(raw)
            last = name.rsplit(".", 1)[-1]
            norm = last.lower().replace("-", "").replace("_", "")
            hibernate = name.startswith("hibernate.connection.")
            if element.local in ("prop", "entry") and element.parent is not None:
                settings.append(self._setting(name, raw, location, name))  # dataSourceProperties
            elif norm in _URL_NAMES:
                if looks_like_jdbc_url(value.text) or value.text.startswith(DYNAMIC):
                    url = value
                else:
                    foreign = True
            elif norm in _DRIVER_CLASS_NAMES:
                driver = value.text.lower()
            elif norm in _USER_NAMES:
                settings.append(self._setting("user", raw, location, name))
            elif norm == "password":
                settings.append(self._setting("password", raw, location, name))
            elif norm == "connectionproperties" and not element.children:
                settings.extend(connection_property_settings(value, self.path, location, name))
            elif hibernate and name[len("hibernate.connection.") :] not in _HIBERNATE_OWN:
                settings.append(self._setting(name[len("hibernate.connection.") :], raw, location, name))
            elif driver_datasource and not element.children:
                settings.append(self._setting(name, raw, location, name))
        # A URL not known at all (``${db.url}``, ``${db.url:}`` set at run time): the
        # driver class says which database, as for a DataSourceBuilder; another
        # database's (PostgreSQL), or none said, is no MySQL connection.
        unknown = url is not None and url.text.startswith(DYNAMIC) and not driver_datasource
        if unknown and not mysql_family_driver_class(driver):
            return
        if foreign and url is None:
            return
        if url is not None or driver_datasource:
            self._emit(url, settings, container.location)

    def _canal(self, bean: _Element) -> None:
        """Canal's ``AuthenticationInfo`` bean (an instance's binlog connection,
        :mod:`connlint.clients.canal_driver`): its address and credentials, and the
        properties of the ``SslInfo`` bean its ``sslInfo`` property holds.  An
        ``SslInfo`` given by reference is not followed: its mode is not known.
        """
        settings: list[Setting] = []
        for name, raw, location, element in self._properties(bean):
            if name in canal_driver.AUTHENTICATION_KEYS:
                settings.append(self._setting(name, raw, location, name))
            elif name == "sslInfo" and element.parent is bean:
                nested = [c for c in element.children if c.local == "bean"]
                ssl = next((c for c in nested if c.attrs.get("class") is not None), None)
                if ssl is None or ssl.attrs["class"].value.text != canal_driver.SSL_INFO_CLASS:
                    why = "the `sslInfo` bean" + (
                        f" `{element.attrs['ref'].value.text}`" if "ref" in element.attrs else ""
                    )
                    settings.append(Setting("sslMode", None, location, name, None, why))
                    continue
                for key, value, where, _ in self._properties(ssl):
                    settings.append(self._setting(key, value, where, key))
        candidate = Candidate(
            CandidateKind.CONNECTOR, bean.location, settings=tuple(settings), driver=canal_driver.DRIVER
        )
        self.extraction.candidates.append(candidate)

    def _aws_bean(self, bean: _Element) -> None:
        """``<bean class="software.amazon.jdbc.ds.AwsWrapperDataSource">``: its URL (``jdbcUrl``,
        or the parts :func:`aws_datasource.url` joins), ``user`` / ``password``, and the
        ``<props>`` / ``<map>`` of ``targetDataSourceProperties`` as the driver's settings.
        """
        parts: dict[str, Located] = {}
        settings: list[Setting] = []
        for name, raw, location, element in self._properties(bean):
            if element.local in ("prop", "entry"):
                holder = element.parent
                while holder is not None and holder.local != "property":
                    holder = holder.parent
                held = holder.attrs.get("name") if holder is not None else None
                if held is not None and aws_datasource.norm(held.value.text) == "targetdatasourceproperties":
                    settings.append(self._setting(name, raw, location, name))
                continue
            norm = aws_datasource.norm(name)
            if norm in aws_datasource.PARTS:
                parts[aws_datasource.PARTS[norm]] = self._value(raw)
            elif norm in _USER_NAMES:
                settings.append(self._setting("user", raw, location, name))
            elif norm == "password":
                settings.append(self._setting("password", raw, location, name))
        self._emit_aws(parts, settings, bean.location)

    def _aws_resource(self, element: _Element) -> None:
        """Tomcat ``<Resource factory="software.amazon.jdbc.ds.AwsWrapperDataSourceFactory" …/>``:
        the factory sets the attributes it names on the data source and hands every
        other one (Tomcat's own aside) to the driver as a target data source property.
        """
        parts: dict[str, Located] = {}
        settings: list[Setting] = []
        for name, attr in element.attrs.items():
            if name in aws_datasource.TOMCAT_OWN:
                continue
            if name in aws_datasource.FACTORY_OWN:
                norm = aws_datasource.norm(name)
                if norm in aws_datasource.PARTS:
                    parts[aws_datasource.PARTS[norm]] = self._value(attr.value)
                else:  # user, password
                    settings.append(self._setting(name, attr.value, attr.location, name))
            else:
                settings.append(self._setting(name, attr.value, attr.location, name))
        self._emit_aws(parts, settings, element.location)

    def _emit_aws(self, parts: dict[str, Located], settings: list[Setting], location: Location) -> None:
        url = aws_datasource.url(parts, (location.line, location.column))
        if url is not None:  # else another database's (PostgreSQL), or not said
            self._emit(url, settings, location)

    def _attribute_group(self, element: _Element) -> None:
        """Tomcat style: ``<Resource url="jdbc:…" password="…" connectionProperties="…"/>``."""
        factory = element.attrs.get("factory")
        if factory is not None and aws_datasource.is_factory(factory.value.text):
            self._aws_resource(element)
            return
        url: Located | None = None
        for name, attr in element.attrs.items():
            if name.lower().replace("-", "") in _URL_NAMES and self._may_be_url(attr.value):
                value = self._value(attr.value)
                if looks_like_jdbc_url(value.text):
                    url = value
        if url is None:
            return
        settings: list[Setting] = []
        for name, attr in element.attrs.items():
            norm = name.lower().replace("-", "")
            if norm in _USER_NAMES:
                settings.append(self._setting("user", attr.value, attr.location, name))
            elif norm == "password":
                settings.append(self._setting("password", attr.value, attr.location, name))
            elif norm == "connectionproperties":
                value = self._value(attr.value)
                settings.extend(connection_property_settings(value, self.path, attr.location, name))
        self._emit(url, settings, element.location)

    def _leftovers(self, element: _Element) -> None:
        """Any other attribute value or text that is a JDBC URL."""
        values: list[_Value] = [attr.value for attr in element.attrs.values()]
        if not element.has_children:
            values.append(element.text)
        for raw in values:
            if not self._may_be_url(raw):
                continue
            value = self._value(raw)
            if len(value) and value.point(0) not in self.used and looks_like_jdbc_url(value.text):
                self._emit(value, [], element.location)
