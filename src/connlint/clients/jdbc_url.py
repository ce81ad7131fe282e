"""JDBC and X DevAPI URLs of the MySQL family: recognise and parse (written
again as text by :mod:`connlint.clients.jdbc_url_format`).

Every front-end hands its URL literals here (Java strings, ``.properties``
values, YAML, shell ``export``s, Python strings), so one parser decides what a
``jdbc:mysql://`` URL says.  The grammar follows MySQL Connector/J's
``ConnectionUrlParser`` (https://github.com/mysql/mysql-connector-j
``ConnectionUrl.java`` l.106–119, 474–480), which MariaDB Connector/J's
``jdbc:mariadb:`` URLs share (mariadb-connector-j ``Configuration.java``):

``scheme//[user[:password]@]hosts[/database][?key=value&...]``

* hosts are ``host[:port]``, ``[ipv6]:port``, ``address=(host=h)(port=p)(k=v)``
  or ``(host=h,port=p,k=v)``, comma separated, optionally inside ``[...]``;
  per-host properties override the query;
* keys and values are percent-decoded; a repeated key keeps its last value;
* every property keeps the :class:`~connlint.model.Location` of its
  ``key=value`` text inside the literal, so findings point at it.

Parts that contain :data:`~connlint.model.DYNAMIC` are not known statically:
a property whose key or value touches one has ``value`` None.  Password
values are carried as :class:`~connlint.model.Secret`.  Nothing here raises:
text that is not a MySQL-family URL parses to None.
"""

from __future__ import annotations

import functools
import re
from dataclasses import field
from urllib.parse import unquote

from connlint import lazy
from connlint.clients import drivers
from connlint.lazy import dataclass
from connlint.model import DYNAMIC, Location, Secret, Span

#: Under ``jdbc:``, the prefix of a logging wrapper (``jdbc:p6spy:mysql:``,
#: ``jdbc:log4jdbc:mysql:``), dropped before the URL reaches the driver, so the
#: URL is the driver's own.
_WRAPPERS = r"(?:p6spy:|log4jdbc:)?"


def _compile_schemes(schemes: tuple[drivers.JdbcScheme, ...]) -> re.Pattern[str]:
    """One case-insensitive pattern for every scheme of the registry (its schemes
    and modes are documented there): scheme ``i`` is group ``f<i>``, its ``+srv``
    group ``s<i>`` and its multi-host mode group ``h<i>``.
    """
    alternatives = []
    for i, scheme in enumerate(schemes):
        prefix = f"jdbc:{_WRAPPERS}" if scheme.jdbc else ""
        srv = rf"(?P<s{i}>\+srv)?" if scheme.srv else ""
        modes = f"(?:(?P<h{i}>{'|'.join(map(re.escape, scheme.modes))}):)?" if scheme.modes else ""
        alternatives.append(f"(?P<f{i}>{prefix}{re.escape(scheme.name)}{srv}:{modes})")
    return re.compile("|".join(alternatives), re.IGNORECASE)


_SCHEMES = drivers.jdbc_schemes()
#: The schemes of the registry as loaded (see :func:`_scheme_table`).
_SCHEME = _compile_schemes(_SCHEMES)
_SCHEME_REGISTRY = drivers.DRIVERS


def _scheme_table() -> tuple[re.Pattern[str], tuple[drivers.JdbcScheme, ...]]:
    """The scheme pattern and the schemes its groups number; rebuilt when the
    registry is not the one loaded (a test adds a driver).
    """
    if drivers.DRIVERS is _SCHEME_REGISTRY:
        return _SCHEME, _SCHEMES
    return _rebuilt(drivers.DRIVERS)


@functools.lru_cache(maxsize=4)
def _rebuilt(registry: tuple[drivers.Driver, ...]) -> tuple[re.Pattern[str], tuple[drivers.JdbcScheme, ...]]:
    schemes = tuple(scheme for driver in registry for scheme in driver.schemes)
    return _compile_schemes(schemes), schemes


def _scheme_of(
    match: re.Match[str], schemes: tuple[drivers.JdbcScheme, ...]
) -> tuple[int, drivers.JdbcScheme]:
    """Which scheme ``match`` of the scheme pattern found (its outer group closes last)."""
    i = int((match.lastgroup or "f0")[1:])
    return i, schemes[i]


#: The longest URL that is read.  Real connection strings are a few hundred
#: characters; a hostile one of megabytes (``?a=1&a=1&…``) would cost a
#: :class:`Property` each 4 characters, and its text would be quoted whole in
#: messages.  A longer URL is parsed as its scheme only, its settings not
#: known statically (:attr:`JdbcUrl.unknown` says why).
MAX_URL_LENGTH = 16_384

#: Leading blanks (what ``str.lstrip()`` removes).
_BLANKS = lazy.compile(r"\s*")

#: ``(key=value)`` groups of the ``address=`` host form (CJ ADDRESS_EQUALS_HOST_PTRN).
_ADDRESS_GROUP = lazy.compile(r"\(([^)]*)\)")

#: Characters that structure a URL (percent-encoded in values when a URL is
#: written again: :mod:`connlint.clients.jdbc_url_format`).
_STRUCTURAL = frozenset("%&=?/#@,:()[]")

#: Property keys whose values are credentials (Connector/J ``password``, ``password1..3``
#: (8.0.28 multi-factor), ``trustCertificateKeyStorePassword``, MariaDB ``trustStorePassword``...).
_SECRET_KEYS = frozenset({"password", "password1", "password2", "password3"})


#: A whole value left for a template engine or framework to fill in: ``${x}``
#: (Spring, Maven, shell), ``{{ x }}`` (Jinja, Helm), ``{x}`` (format strings,
#: DBeaver), ``<x>``, ``%s`` / ``%(x)s``, ``@x@`` (Maven and Gradle resource
#: filtering), ``#{x}`` (SpEL), ``$X``.  The driver never sees it as written.
_PLACEHOLDER = lazy.compile(
    r"\$\{[^{}]*\}|\{\{.*\}\}|\{\w*\}|<\w+>|%(?:\(\w+\))?s|@[\w.-]+@|#\{[^{}]*\}|\$[A-Za-z_]\w*"
)


def is_placeholder(value: str) -> bool:
    """True when ``value`` as a whole is a template placeholder, not a literal."""
    return _PLACEHOLDER.fullmatch(value.strip()) is not None


def is_secret_key(key: str) -> bool:
    """True for property keys whose value is a credential (``password``, ``*Password``)."""
    lowered = key.lower()
    return lowered in _SECRET_KEYS or lowered.endswith("password")


@dataclass(frozen=True)
class Property:
    """One driver property: from a URL query, a per-host group, or a setting.

    ``key`` is as written (percent-decoded, case kept); ``value`` is the decoded
    value, None when it is not known statically, a :class:`Secret` for
    credentials.  ``text`` is the ``key=value`` text as written with any
    secret shown as ``***`` (what a finding quotes).  ``raw`` keeps the decoded
    value with its :data:`DYNAMIC` markers, for :func:`~connlint.clients.jdbc_url_format.format_jdbc_url`.
    """

    key: str
    value: str | Secret | None
    location: Location
    text: str = ""
    raw: str | Secret = field(default="", repr=False)
    unknown: str | None = None

    @property
    def str_value(self) -> str | None:
        """The value as text; None when unknown or a secret."""
        return self.value if isinstance(self.value, str) else None


@dataclass(frozen=True)
class JdbcHost:
    """One host of a URL.  ``host`` is decoded; None when not known statically,
    ``""`` when the URL leaves it to the driver default (``localhost``).
    """

    host: str | None
    port: int | None
    location: Location
    properties: tuple[Property, ...] = ()
    raw_host: str = field(default="", repr=False)
    raw_port: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class JdbcUrl:
    """A parsed MySQL-family URL over the located literal it came from.

    ``repr()`` leaves out the literal itself, which may hold a password.
    """

    span: Span = field(repr=False)
    scheme: str
    family: drivers.JdbcFamily
    ha: str | None
    srv: bool
    hosts: tuple[JdbcHost, ...]
    database: str | None
    user: str | None
    password: Secret | None
    password_location: Location | None
    properties: tuple[Property, ...]
    #: True when an unknown part may add query properties (a dynamic key, or a
    #: URL that ends in a dynamic part without a ``?``).
    open_query: bool = False
    raw_user: str | None = field(default=None, repr=False)
    raw_password: Secret | None = field(default=None, repr=False)
    #: Offsets of secret values in ``span.text``, for :meth:`redacted_text`.
    secret_ranges: tuple[tuple[int, int], ...] = field(default=(), repr=False)
    #: Why the URL was not read (it is over :data:`MAX_URL_LENGTH`), or None.
    unknown: str | None = None
    #: ``"module:attribute"`` of the :class:`~connlint.clients.decisions.JdbcWrapper`
    #: whose scheme the URL has (``jdbc:aws-wrapper:mysql:``), or None.
    wrapper: str | None = None

    @property
    def location(self) -> Location:
        """The whole literal."""
        return self.span.locate()

    def get(self, key: str) -> Property | None:
        """The last query property named exactly ``key`` (last key wins)."""
        for prop in reversed(self.properties):
            if prop.key == key:
                return prop
        return None

    def effective(self) -> dict[str, Property]:
        """Query properties by key as written, the last occurrence winning."""
        return {prop.key: prop for prop in self.properties}

    def redacted_text(self) -> str:
        """The literal as written, with every password value replaced by ``***``
        (a URL that was not read: its scheme only).
        """
        if self.unknown is not None:
            return f"{self.scheme}…"
        text = self.span.text
        out: list[str] = []
        last = 0
        for start, end in sorted(self.secret_ranges):
            if start < last:
                continue
            out.append(text[last:start])
            out.append("***")
            last = end
        out.append(text[last:])
        return "".join(out)

    def shape(self) -> tuple[object, ...]:
        """Everything the URL says, without locations (what a round trip keeps)."""
        return (
            self.scheme,
            self.family,
            self.ha,
            self.srv,
            tuple(
                (h.raw_host, h.raw_port, tuple((p.key, _reveal(p.raw)) for p in h.properties))
                for h in self.hosts
            ),
            self.database,
            self.raw_user,
            _reveal(self.raw_password),
            tuple((p.key, _reveal(p.raw)) for p in self.properties),
        )


def _reveal(value: str | Secret | None) -> str | None:
    return value.reveal() if isinstance(value, Secret) else value


#: Where a URL inside a longer text ends: a blank or a quote.
_URL_END = lazy.compile(r"[\s\"'`]")


def find_jdbc_urls(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each MySQL-family JDBC URL inside a longer text
    (``-Dspring.datasource.url=jdbc:mysql://…``), each up to a blank or a quote.
    """
    out: list[tuple[int, int]] = []
    pattern, schemes = _scheme_table()
    for match in pattern.finditer(text):
        if not _scheme_of(match, schemes)[1].in_text or (out and match.start() < out[-1][1]):
            continue  # X DevAPI's bare `mysqlx:` is too common a word to find inside text
        stop = _URL_END.search(text, match.end())
        end = stop.start() if stop else len(text)
        if looks_like_jdbc_url(text[match.start() : end]):
            out.append((match.start(), end))
    return out


def looks_like_jdbc_url(text: str, start: int = 0, end: int | None = None) -> bool:
    """True when ``text[start:end]`` starts (after blanks) with a MySQL-family JDBC
    or X DevAPI scheme (offsets, not a slice: the text may be a whole file).
    """
    end = len(text) if end is None else end
    match = _scheme_table()[0].match(text, _blanks_end(text, start, end), end)
    if match is None:
        return False
    return text.startswith("//", match.end(), end) or text.startswith(DYNAMIC, match.end(), end)


def cannot_start_jdbc_url(text: str, start: int = 0, end: int | None = None) -> bool:
    """True when no text that begins with ``text[start:end]`` can look like a JDBC
    URL (:func:`looks_like_jdbc_url`): its first character after blanks is not
    one a scheme begins with (``SELECT …`` + anything).  False when it is all blanks.
    """
    end = len(text) if end is None else end
    first = _blanks_end(text, start, end)
    if first >= end:
        return False
    char = text[first]
    # The pattern ignores case; no character outside ASCII folds to a scheme's first letter.
    return char.isascii() and char.lower() not in _scheme_initials(_scheme_table()[1])


@functools.lru_cache(maxsize=4)
def _scheme_initials(schemes: tuple[drivers.JdbcScheme, ...]) -> frozenset[str]:
    """The lower-cased first characters of the schemes' patterns (``j`` of ``jdbc:``)."""
    return frozenset("j" if scheme.jdbc else scheme.name[:1].lower() for scheme in schemes)


def _blanks_end(text: str, start: int = 0, end: int | None = None) -> int:
    """Where ``text[start:end].lstrip()`` would start, without the copy."""
    match = _BLANKS.match(text, start, len(text) if end is None else end)
    return match.end() if match else start


def _decode(text: str) -> str:
    return unquote(text, errors="replace")


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _property(span: Span, start: int, end: int, secrets: list[tuple[int, int]]) -> Property | None:
    """``key=value`` at ``span.text[start:end]`` (blanks around it ignored).

    The offsets of a secret value are appended to ``secrets``.
    """
    text = span.text
    start, end = _strip(text, start, end)
    if start >= end:
        return None
    written = text[start:end]
    key_written, eq, value_written = written.partition("=")
    key = _decode(key_written.strip())
    raw_value = _decode(value_written.strip()) if eq else ""
    secret = is_secret_key(key)
    where = span.slice(start + len(key_written) + 1, end) if eq else None
    raw: str | Secret = Secret(raw_value, where) if secret else raw_value
    value: str | Secret | None = raw
    unknown: str | None = None
    if DYNAMIC in written:
        value = None
        unknown = f"a dynamic part of `{key_written.strip()}`"
    elif eq and is_placeholder(raw_value):
        value = None
        unknown = f"a placeholder `{value_written.strip()}`"
    shown = written
    if secret and eq:
        shown = f"{key_written.strip()}=***"
        secrets.append((start + len(key_written) + 1, end))
    return Property(key, value, span.locate(start, end), shown, raw, unknown)


def _split_top(text: str, start: int, end: int, sep: str) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` at ``sep`` outside parentheses and brackets."""
    parts: list[tuple[int, int]] = []
    depth = 0
    begin = start
    for i in range(start, end):
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == sep and depth == 0:
            parts.append((begin, i))
            begin = i + 1
    parts.append((begin, end))
    return parts


def _port(raw: str | None) -> int | None:
    if raw is None or not raw.isascii() or not raw.isdigit() or len(raw) > 5:
        return None
    return int(raw)


def _host_value(raw: str) -> str | None:
    return None if DYNAMIC in raw else raw


def _parse_host(span: Span, start: int, end: int, secrets: list[tuple[int, int]]) -> JdbcHost | None:
    text = span.text
    start, end = _strip(text, start, end)
    if start >= end:
        return None
    entry = text[start:end]
    location = span.locate(start, end)
    groups: list[tuple[int, int]] = []
    if entry[:8].lower() == "address=" and entry[8:].lstrip().startswith("("):
        # Up to the last `)`: past it no `(` is closed (trying each was quadratic).
        closed = entry.rfind(")") + 1
        groups = [(start + m.start(1), start + m.end(1)) for m in _ADDRESS_GROUP.finditer(entry, 8, closed)]
    elif entry.startswith("(") and entry.endswith(")"):
        groups = _split_top(text, start + 1, end - 1, ",")
    else:
        host_part, port_part = entry, None
        if entry.startswith("["):
            close = entry.find("]")
            tail = entry[close + 1 :]
            if close > 0 and (not tail or tail.startswith(":")):
                host_part = entry[1:close]
                port_part = tail[1:] if tail else None
        elif entry.count(":") == 1:
            host_part, _, port_part = entry.partition(":")
        raw_host = _decode(host_part.strip())
        raw_port = _decode(port_part.strip()) if port_part is not None else None
        if not raw_host and raw_port is None:
            return None
        return JdbcHost(_host_value(raw_host), _port(raw_port), location, (), raw_host, raw_port)
    raw_host, raw_port = "", None
    props: list[Property] = []
    for g_start, g_end in groups:
        prop = _property(span, g_start, g_end, secrets)
        if prop is None:
            continue
        lowered = prop.key.lower()
        if lowered == "host":
            raw_host = _reveal(prop.raw) or ""
        elif lowered == "port":
            raw_port = _reveal(prop.raw)
        else:
            props.append(prop)
    if not raw_host and raw_port is None and not props:
        return None
    return JdbcHost(_host_value(raw_host), _port(raw_port), location, tuple(props), raw_host, raw_port)


def _bracketed(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is one ``[...]`` group (the brackets match)."""
    if end - start < 2 or text[start] != "[" or text[end - 1] != "]":
        return False
    depth = 0
    for i in range(start, end):
        if text[i] == "[":
            depth += 1
        elif text[i] == "]":
            depth -= 1
            if depth == 0 and i < end - 1:
                return False
    return True


def _find_any(text: str, chars: str, start: int, end: int) -> int:
    for i in range(start, end):
        if text[i] in chars:
            return i
    return end


def _options_after_unknown(text: str, start: int, end: int) -> int:
    """Where ``&key=`` follows an unknown piece in ``text[start:end]`` (before any ``?``):
    the piece held the ``?``, so options follow, not a host or database.  Else -1.
    """
    unknown = text.find(DYNAMIC, start, end)
    if unknown < 0:
        return -1
    amp = text.find("&", unknown, end)
    while amp >= 0:
        key_end = amp + 1
        while key_end < end and (text[key_end].isalnum() or text[key_end] in "_.-"):
            key_end += 1
        if key_end > amp + 1 and key_end < end and text[key_end] == "=":
            return amp
        amp = text.find("&", amp + 1, end)
    return -1


def parse_jdbc_url(span: Span) -> JdbcUrl | None:
    """Parse the MySQL-family URL in ``span``; None when it is not one.

    Any input is valid (tests/test_robustness.py checks it with hypothesis);
    a bug here surfaces through the caller's guard, never as a silent None.
    """
    text = span.text
    pattern, schemes = _scheme_table()
    match = pattern.match(text, _blanks_end(text))
    if match is None:
        return None
    scheme = match.group(0)
    i, found = _scheme_of(match, schemes)
    family = found.family
    ha = match.group(f"h{i}") if found.modes else None
    srv = bool(match.group(f"s{i}")) if found.srv else False
    wrapper = found.client if found.wrapper else None
    ha = ha.lower() if ha else None
    if len(text) > MAX_URL_LENGTH:
        why = f"a URL of {len(text):,} characters (connlint reads up to {MAX_URL_LENGTH:,})"
        return JdbcUrl(
            span, scheme, family, ha, srv, (), None, None, None, None, (), True, unknown=why, wrapper=wrapper
        )
    pos = match.end()
    end = len(text)
    if text.startswith("//", pos):
        pos += 2
    # Options after an unknown piece that holds the '?' (`"jdbc:mysql://" + hostAndDb
    # + "&useSSL=false"`): the known text ends the authority or path there.
    amp = _options_after_unknown(text, pos, _find_any(text, "?#", pos, end))
    known_end = amp if amp >= 0 else end
    # Authority up to the first '/', '?' or '#' (CJ CONNECTION_STRING_PTRN).
    auth_end = _find_any(text, "/?#", pos, known_end)
    database: str | None = None
    query_start = query_end = -1
    cursor = auth_end
    if cursor < known_end and text[cursor] == "/":
        path_end = _find_any(text, "?#", cursor + 1, known_end)
        database = _decode(text[cursor + 1 : path_end].strip())
        cursor = path_end
    if cursor < end and text[cursor] in "?&":
        query_start = cursor + 1
        query_end = _find_any(text, "#", query_start, end)

    # User info: up to the last '@' of the authority; user up to the first ':'.
    user = raw_user = None
    password: Secret | None = None
    raw_password: Secret | None = None
    password_location: Location | None = None
    secret_ranges: list[tuple[int, int]] = []
    hosts_start = pos
    at = text.rfind("@", pos, auth_end)
    if at >= 0:
        hosts_start = at + 1
        colon = text.find(":", pos, at)
        user_end = colon if colon >= 0 else at
        raw_user = _decode(text[pos:user_end])
        user = None if DYNAMIC in raw_user else raw_user
        if colon >= 0:
            raw_password = Secret(_decode(text[colon + 1 : at]), span.slice(colon + 1, at))
            secret_ranges.append((colon + 1, at))
            password_location = span.locate(colon + 1, at)
            if DYNAMIC not in text[colon + 1 : at]:
                password = raw_password

    hosts: list[JdbcHost] = []
    h_start, h_end = _strip(text, hosts_start, auth_end)
    if _bracketed(text, h_start, h_end):
        inner = text[h_start + 1 : h_end - 1]
        # A bracketed list (CJ HOST_LIST_PTRN), unless it is one bare IPv6 address.
        if "," in inner or inner.count(":") <= 1:
            h_start, h_end = h_start + 1, h_end - 1
    for s, e in _split_top(text, h_start, h_end, ","):
        host = _parse_host(span, s, e, secret_ranges)
        if host is not None:
            hosts.append(host)

    properties: list[Property] = []
    if query_start >= 0:
        # Query pairs separated by '&' (CJ PROPERTIES_PTRN).
        begin = query_start
        for i in range(query_start, query_end + 1):
            if i == query_end or text[i] == "&":
                prop = _property(span, begin, i, secret_ranges)
                if prop is not None:
                    properties.append(prop)
                begin = i + 1

    # Open when an unknown piece may add options (user=%s%s; user=%s alone is a value).
    open_query = (
        amp >= 0
        or any(
            DYNAMIC in p.key or (len(v := _reveal(p.raw) or "") > 1 and v.endswith(DYNAMIC))
            for p in properties
        )
        or (query_start < 0 and text.rstrip().endswith(DYNAMIC))
    )
    return JdbcUrl(
        span=span,
        scheme=scheme,
        family=family,
        ha=ha,
        srv=srv,
        hosts=tuple(hosts),
        database=database,
        user=user,
        password=password,
        password_location=password_location,
        properties=tuple(properties),
        open_query=open_query,
        raw_user=raw_user,
        raw_password=raw_password,
        secret_ranges=tuple(secret_ranges),
        wrapper=wrapper,
    )
