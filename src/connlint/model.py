"""The values every layer passes on: locations, located text, settings,
connection candidates, resolved connections, facts and findings.

Kept free of parser and CLI imports: everything imports this module, so it
stays cheap to import.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import field
from enum import StrEnum

from connlint.lazy import dataclass

#: Stands for a piece of a value that is not known statically (a variable, a
#: concatenated expression).  Front-ends put it into located text; clients treat
#: any value that contains it as unknown.
DYNAMIC = "\ufffc"


class Level(StrEnum):
    """Finding level, ordered note < warning < error (SARIF's names)."""

    NOTE = "note"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 for note, 1 for warning, 2 for error."""
        return _LEVEL_RANK[self]


_LEVEL_RANK = {Level.NOTE: 0, Level.WARNING: 1, Level.ERROR: 2}


class TlsMode(StrEnum):
    """The TLS behaviour a connection really gets (MySQL's ssl-mode names)."""

    DISABLED = "DISABLED"
    PREFERRED = "PREFERRED"
    REQUIRED = "REQUIRED"
    VERIFY_CA = "VERIFY_CA"
    VERIFY_IDENTITY = "VERIFY_IDENTITY"
    UNKNOWN = "UNKNOWN"

    @property
    def verifies(self) -> bool:
        """True when the server certificate chain is checked against a trust source."""
        return self in (TlsMode.VERIFY_CA, TlsMode.VERIFY_IDENTITY)


class Decision(StrEnum):
    """How a connection's TLS mode was decided."""

    EXPLICIT = "explicit"
    LEGACY = "mapped from legacy options"
    IMPLIED = "implied by a CA option"
    DEFAULT = "driver default"
    VERSION = "version-dependent"
    UNKNOWN = "not known statically"


class TrustKind(StrEnum):
    """Where a verifying client looks for the CA that signs the server certificate."""

    CA_FILE = "ca-file"
    TRUST_STORE = "trust-store"
    JVM_DEFAULT = "jvm-default"
    SYSTEM_DEFAULT = "system-default"
    UNKNOWN = "unknown"


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based region of a file; ``end_column`` is exclusive (SARIF's convention)."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class Piece:
    """``text[offset:]`` of a :class:`Span` starts at ``line``:``column`` and runs on that line."""

    offset: int
    line: int
    column: int


class Span:
    """A string value read from source, with where each character of it stands.

    A front-end builds one per literal (or concatenation): a new :class:`Piece`
    starts wherever the source and the value stop advancing together, e.g.
    after an escape sequence, a line break in a text block or a dynamic part
    (which appears in ``text`` as :data:`DYNAMIC`).  Clients then point
    findings at any slice of the value with :meth:`locate`.

    The pieces are kept as *runs*, one integer array of ``offset, line,
    column`` triples (24 bytes a piece, where a :class:`Piece` object costs
    about five times that): a value with an escape every other character has
    a piece for each, and memory must stay proportional to the file.  A run
    may also be *stationary*, all its characters at one point (YAML's folded
    line breaks, a variable's value longer than the ``$X`` that stands for
    it): its column is stored negated.  ``pieces`` builds Piece objects on
    demand (a stationary run as one Piece a character).  Immutable, hashable
    and picklable.
    """

    __slots__ = ("_runs", "path", "text")

    text: str
    path: str
    _runs: array[int]  # offset, line, column of each piece; offsets increase; column < 0: stationary

    def __init__(self, text: str, path: str, pieces: Iterable[Piece]) -> None:
        runs = array("q")
        for p in pieces:
            runs.extend((p.offset, p.line, p.column))
        self._init(text, path, runs)

    def _init(self, text: str, path: str, runs: array[int]) -> None:
        set_ = object.__setattr__
        set_(self, "text", text)
        set_(self, "path", path)
        set_(self, "_runs", runs)

    @classmethod
    def from_runs(cls, text: str, path: str, runs: array[int]) -> Span:
        """A value from its runs: ``offset, line, column`` triples (the array is taken, not copied)."""
        span = cls.__new__(cls)
        span._init(text, path, runs)
        return span

    @classmethod
    def at(cls, text: str, path: str, line: int, column: int) -> Span:
        """A value that stands verbatim in the source from ``line``:``column`` on."""
        return cls.from_runs(text, path, array("q", (0, line, column)))

    @classmethod
    def from_points(
        cls,
        text: str,
        path: str,
        points: Iterable[tuple[int, int]],
        fallback: tuple[int, int] = (1, 1),
    ) -> Span:
        """A value whose i-th character stands at ``points[i]`` (line, column):
        one Piece wherever source and value stop advancing together.
        """
        runs = array("q")
        previous: tuple[int, int] | None = None
        for offset, (line, column) in enumerate(points):
            if previous is None or previous != (line, column - 1):
                runs.extend((offset, line, column))
            previous = (line, column)
        if not runs:
            runs.extend((0, *fallback))
        return cls.from_runs(text, path, runs)

    def runs(self) -> array[int]:
        """A copy of the runs, in the form :meth:`from_runs` takes."""
        return array("q", self._runs)

    @property
    def pieces(self) -> tuple[Piece, ...]:
        """Where the value's runs of characters start (built on each access)."""
        runs = self._runs
        out: list[Piece] = []
        for i in range(0, len(runs), 3):
            offset, line, column = runs[i], runs[i + 1], runs[i + 2]
            if column > 0:
                out.append(Piece(offset, line, column))
                continue
            end = runs[i + 3] if i + 3 < len(runs) else len(self.text)
            out.extend(Piece(o, line, -column) for o in range(offset, max(end, offset + 1)))
        return tuple(out)

    def extents(self) -> Iterator[tuple[int, int, int]]:
        """``(line, column, end_column)`` of each non-empty run: where its characters
        stand (without building a :class:`Piece` a character, as ``pieces`` may).
        """
        runs = self._runs
        for i in range(0, len(runs), 3):
            end = runs[i + 3] if i + 3 < len(runs) else len(self.text)
            if end > runs[i]:
                column = runs[i + 2]
                yield runs[i + 1], abs(column), column + end - runs[i] if column > 0 else 1 - column

    def _index(self, offset: int) -> int:
        """Where in ``_runs`` the run that holds character ``offset`` starts."""
        return 3 * max(bisect.bisect_right(memoryview(self._runs)[::3], offset) - 1, 0)

    def _point(self, offset: int) -> tuple[int, int]:
        line, column = self._start_at(offset)
        return line, abs(column)

    def _start_at(self, offset: int) -> tuple[int, int]:
        """Line and (encoded) column of a run that would start at ``offset``."""
        runs = self._runs
        if not runs:
            return 1, 1
        i = self._index(offset)
        column = runs[i + 2]
        return runs[i + 1], column + (offset - runs[i]) if column > 0 else column

    def locate(self, start: int = 0, end: int | None = None) -> Location:
        """The source region of ``text[start:end]`` (the whole value by default)."""
        end = len(self.text) if end is None else end
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        line, column = self._point(start)
        if end > start:
            end_line, last_column = self._point(end - 1)
            end_column = last_column + 1
            if (end_line, end_column) <= (line, column):
                # Pieces written in another order than the text (a suffix declared
                # above the code that appends it): the region of the first piece.
                i = self._index(start)
                piece_end = self._runs[i + 3] if i + 3 < len(self._runs) else len(self.text)
                end_line, last_column = self._point(min(end, piece_end) - 1)
                end_column = last_column + 1
        else:
            end_line, end_column = line, column
        return Location(self.path, line, column, end_line, end_column)

    def slice(self, start: int, end: int | None = None) -> Span:
        """The located sub-value ``text[start:end]``."""
        end = len(self.text) if end is None else end
        runs = array("q", (0, *self._start_at(start)))
        if self._runs:
            # The runs that start inside (start, end), shifted: found by bisection,
            # so a slice costs what it keeps, not what the value holds.
            offsets = memoryview(self._runs)[::3]
            first = bisect.bisect_right(offsets, start)
            last = max(first, bisect.bisect_left(offsets, end))
            runs.extend(self._runs[3 * first : 3 * last])
            for i in range(3, len(runs), 3):
                runs[i] -= start
        return Span.from_runs(self.text[start:end], self.path, runs)

    @property
    def dynamic(self) -> bool:
        """True when part of the value is not known statically."""
        return DYNAMIC in self.text

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: Span is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: Span is immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Span):
            return NotImplemented
        return (self.text, self.path, self._runs) == (other.text, other.path, other._runs)

    def __hash__(self) -> int:
        return hash((self.text, self.path, self._runs.tobytes()))

    def __repr__(self) -> str:
        return f"Span(text={self.text!r}, path={self.path!r}, pieces={self.pieces!r})"

    def __reduce__(self) -> tuple[object, ...]:
        return (Span.from_runs, (self.text, self.path, self._runs))


class Secret:
    """A credential value.  ``str()`` and ``repr()`` never show it, so no
    reporter can print it by mistake; :meth:`reveal` is for comparisons only.

    ``regions`` are where the value stands in the source, one per line (from
    its first to its last character there, so escape sequences and the
    `` " + " `` between concatenated literals are inside): the full text
    format blanks them in the source line it shows, whatever the source form
    of the value.  Equality and hash look at the value only.
    """

    __slots__ = ("_value", "regions")

    def __init__(self, value: str, where: Span | None = None) -> None:
        self._value = value
        self.regions: tuple[Location, ...] = Secret._regions(where) if where is not None else ()

    @staticmethod
    def _regions(span: Span) -> tuple[Location, ...]:
        # Each piece runs on one line from its column: merge them per line.
        bounds: dict[tuple[str, int], tuple[int, int]] = {}
        for line, first, last in span.extents():
            key = (span.path, line)
            if key in bounds:
                first, last = min(first, bounds[key][0]), max(last, bounds[key][1])
            bounds[key] = (first, last)
        return tuple(Location(path, line, a, line, b) for (path, line), (a, b) in bounds.items())

    def reveal(self) -> str:
        """The real value: never pass it to output."""
        return self._value

    def __str__(self) -> str:
        return "***"

    def __repr__(self) -> str:
        return "Secret('***')"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))


@dataclass(frozen=True)
class Hop:
    """One step a value took before it reached a connection: where it was,
    and what it was there (``via LedgerConfig.SUFFIX``, ``via helper open()``).

    ``after`` marks a step the value takes after the place its finding stands:
    the helper a call site hands its argument to, whose call connects (the
    finding stays on the argument that holds the option).  A trail lists the
    steps before that place, origin first, then those after it, in the order
    the value takes them.

    ``at`` is where the text the step carried stands in the file whose value
    it is part of (the name ``LedgerConfig.SUFFIX`` that refers to the
    constant), when the front-end knows it: a finding names only the steps
    whose text overlaps the value that decided it (not those that carried the
    host or the port of the same URL).  None: a step of the whole value, on
    every finding of its connection.  Not part of a step's identity.
    """

    location: Location
    label: str
    after: bool = False
    at: Location | None = field(default=None, compare=False)


def _carried(hop: Hop, decided_at: Location) -> bool:
    """Whether ``hop``'s text overlaps ``decided_at``.  A step whose place is not
    known, or is in another file (a helper's own text), is kept.
    """
    at = hop.at
    if at is None or at.path != decided_at.path:
        return True
    start, end = (decided_at.line, decided_at.column), (decided_at.end_line, decided_at.end_column)
    if start == end:  # an empty region: the step's text holds its point
        end = (end[0], end[1] + 1)
    return (at.line, at.column) < end and start < (at.end_line, at.end_column)


@dataclass(frozen=True)
class Setting:
    """One key/value a front-end found, outside a URL or command line.

    ``value`` is None when it is not known statically; ``unknown`` then says
    what it comes from (``$DB_SSL_MODE``, ``os.environ['X']``) for the
    inventory.  ``location`` is the narrowest region that sets it (the
    keyword argument, the setter call, the ``key=value`` line).  Nested values
    (a Python ``ssl={"ca": ...}`` dict) are flattened with dotted keys
    (``ssl.ca``).
    """

    key: str
    value: str | Secret | None
    location: Location
    source: str = ""
    value_span: Span | None = None
    unknown: str | None = None
    #: Where the value came from before it reached this setting, origin first.
    trail: tuple[Hop, ...] = ()


class CandidateKind(StrEnum):
    """What a candidate configures; decides which clients/ module reads it."""

    JDBC = "jdbc"  # a JDBC / X DevAPI URL plus properties (Properties, setters, Spring keys)
    JVM = "jvm"  # javax.net.ssl.* system properties (System.setProperty, -D flags)
    MYSQL_CLI = "mysql-cli"  # argv of a mysql / mariadb family program
    KEYTOOL = "keytool"  # argv of keytool (trust store imports)
    OPTION_FILE = "option-file"  # one client [group] of a my.cnf-style file
    PYTHON = "python"  # keyword arguments of a Python driver call (driver names it)
    CONNECTOR = "connector"  # a Kafka Connect / Debezium connector's configuration (driver names it)
    DOWNLOAD = "download"  # argv of a command that downloads a file (curl, wget, Dockerfile ADD)
    #: Another driver's connection string (``url``: a Go DSN, an ADO.NET string, a Node
    #: mysql2 URL, a PHP PDO DSN) and/or settings (a Rails ``database.yml`` section);
    #: ``driver`` is its id in ``clients/drivers.py``, whose ``client`` reads it.
    DRIVER_CONFIG = "driver-config"


@dataclass(frozen=True)
class Candidate:
    """One place that configures a client connection, as a front-end saw it.

    Front-ends know syntax only: they hand over the URL, the argv or the
    key/value settings with locations, and clients/ decides what they mean.
    ``settings`` apply after ``url`` (a Properties object overrides the URL
    query, as Connector/J does).
    """

    kind: CandidateKind
    location: Location
    url: Span | None = None
    argv: tuple[Span, ...] = ()
    settings: tuple[Setting, ...] = ()
    driver: str | None = None
    #: Where the URL or command came from before it reached the connection, origin first.
    trail: tuple[Hop, ...] = ()
    #: The host as infrastructure code names it when it is a reference to a database the
    #: same file declares, not a literal (CloudFormation ``!GetAtt Db.Endpoint.Address``);
    #: ``servers/join.py`` joins such a client to that server.  None otherwise.
    host_ref: str | None = None
    #: For JVM system properties (``CandidateKind.JVM``): the regions of the file where
    #: they are in force when a connection there opens (a Java method and its callers, or
    #: a class whose set-up sets them); empty: the whole file.
    reach: tuple[Location, ...] = ()


@dataclass(frozen=True)
class Dependency:
    """A driver or client declared in a build or dependency file.

    ``name`` is ``group:artifact`` for Maven/Gradle and the normalised
    distribution name for Python.  ``version`` is an exact version when one is
    known; ``spec`` keeps a range as written; ``note`` says why the version is
    unknown ("managed by org.springframework.boot:spring-boot-dependencies").
    ``location`` is the version literal (or the property that defines it).
    """

    ecosystem: str
    name: str
    version: str | None
    location: Location
    spec: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Notification:
    """A file that was not (fully) analysed, or another problem of the run."""

    path: str
    message: str
    level: Level = Level.WARNING
    line: int | None = None


@dataclass(frozen=True)
class Server:
    """One database server declared in infrastructure code, as a front-end saw it.

    The server side of a CA rotation: which certificate authority the database
    presents, and what identifies it so that clients can be joined to it
    (:mod:`connlint.servers`).  Values are None when the code does not say them
    literally; ``ca_unknown`` then says why the CA is not known (a variable
    without a literal default), while ``ca`` None with ``ca_unknown`` None means
    the property is absent and the account's default applies.
    """

    #: Where it was declared: ``terraform``, ``cloudformation``, ``cdk``.
    source: str
    #: The resource type as written: ``aws_db_instance``, ``AWS::RDS::DBInstance``,
    #: ``rds.DatabaseInstance``, or a module's source for a module call.
    resource: str
    #: The resource's name in its file: ``aws_db_instance.main``, a logical id.
    name: str
    location: Location
    #: The DB instance identifier (instances) or the cluster identifier (clusters).
    identifier: str | None = None
    #: For an instance of an Aurora cluster: the cluster's identifier.
    cluster_identifier: str | None = None
    #: For an instance of a cluster the same file declares and names by reference
    #: (CloudFormation ``DBClusterIdentifier: !Ref Cluster``): that cluster's name
    #: in the file (its logical id), which a client's ``host_ref`` may name.
    cluster_name: str | None = None
    engine: str | None = None
    region: str | None = None
    #: The CA identifier (``rds-ca-rsa2048-g1``), lower-cased as AWS compares it.
    ca: str | None = None
    #: Where the CA is set in this file (the attribute's value), or None when absent.
    ca_location: Location | None = None
    ca_unknown: str | None = None
    #: The steps the CA's value took before ``ca_location``, origin first
    #: (``via the default of var.ca_cert_identifier`` in variables.tf).
    trail: tuple[Hop, ...] = ()
    #: For a server read through Terraform local module calls: the called
    #: modules' directories, outermost first (not reported: the engine drops
    #: the modules' own declarations, see :mod:`connlint.servers.templates`).
    modules: tuple[str, ...] = ()


@dataclass
class Extraction:
    """What one front-end found in one file."""

    candidates: list[Candidate] = field(default_factory=list)
    dependencies: list[Dependency] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)
    servers: list[Server] = field(default_factory=list)


@dataclass(frozen=True)
class DriverVersion:
    """The version of a driver or client that governs a file, and where it was declared."""

    version: str | None
    location: Location | None = None
    note: str | None = None


@dataclass(frozen=True)
class Assumptions:
    """What is known about the clients in use for one file.

    ``versions`` is keyed by driver id: ``connector-j``, ``mariadb-java-client``,
    ``pymysql``, ``mysql-connector-python``, ``mysqlclient``, ``aiomysql``,
    ``asyncmy``, ``mysql-client``, ``mariadb-client``.  ``mysql_client_family``
    is ``mysql``, ``mariadb`` or None (unknown).
    """

    versions: Mapping[str, DriverVersion] = field(default_factory=dict)
    mysql_client_family: str | None = None

    def version(self, driver: str) -> str | None:
        """The known version of ``driver``, or None."""
        dv = self.versions.get(driver)
        return dv.version if dv else None


class FactKind(StrEnum):
    """A per-setting observation that clients/ makes and checks/ turns into findings."""

    TRUST_ANCHOR = "trust-anchor"  # a CA file or trust store is named (value: path)
    WEAK_PROTOCOL = "weak-protocol"  # TLSv1 / TLSv1.1 / SSL enabled (value: the protocol list)
    CREDENTIAL = "credential"  # a password literal (value is a Secret)
    DEPRECATED = "deprecated"  # deprecated/removed option (detail: replacement)
    INEFFECTIVE = "ineffective"  # option ignored or rejected (detail: why)


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``old``, the text at ``location`` (one line), with ``new``."""

    location: Location
    old: str
    new: str


@dataclass(frozen=True)
class Fix:
    """A rewrite that says the same thing in the words the driver reads (a key's
    case, a mode's spelling, a deprecated name's exact replacement); never a
    change of mode.  Computed by clients/, applied by :mod:`connlint.fixes`.
    """

    description: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class Fact:
    """One observation about a setting, with where it stands.

    ``key`` is the option as written; ``value`` the value (a Secret for
    credentials); ``detail`` the explanation the message needs (a
    replacement, a reason).
    """

    kind: FactKind
    location: Location
    key: str
    value: str | Secret | None = None
    detail: str = ""
    #: A rewrite that makes the driver read the option as written (see Fix), or None.
    fix: Fix | None = None


@dataclass(frozen=True)
class Outcome:
    """The mode a connection gets under one condition, when the mode depends on
    something not known statically (``"Connector/J 5.1 and 8.0.≤12"``).
    """

    mode: TlsMode
    condition: str


@dataclass(frozen=True)
class Trust:
    """The trust source a verifying connection uses."""

    kind: TrustKind
    path: str | None = None
    location: Location | None = None

    def describe(self) -> str:
        """A short human description (``CA file `x.pem```, ``JVM default trust store``)."""
        if self.kind is TrustKind.CA_FILE:
            return f"CA file `{self.path}`" if self.path else "a CA file"
        if self.kind is TrustKind.TRUST_STORE:
            return f"trust store `{self.path}`" if self.path else "a trust store"
        if self.kind is TrustKind.JVM_DEFAULT:
            return "the JVM default trust store (javax.net.ssl.trustStore or cacerts)"
        if self.kind is TrustKind.SYSTEM_DEFAULT:
            return "the system CA store"
        return "an unknown trust source"


@dataclass(frozen=True)
class Connection:
    """One client connection with the TLS behaviour it really gets.

    ``mode`` is what the rules act on.  Where the mode depends on something not
    known statically (the driver version), ``mode`` is the outcome a rotation
    must not miss (verification) and ``outcomes`` lists each condition with
    its mode; ``decided_at`` is the setting that decided it (or the candidate's
    location for a driver default).
    """

    client: str
    location: Location
    mode: TlsMode
    decision: Decision
    decided_at: Location
    decided_by: str = ""
    driver: str | None = None
    version: str | None = None
    host: str | None = None
    loopback: bool = False
    outcomes: tuple[Outcome, ...] = ()
    trust: Trust | None = None
    facts: tuple[Fact, ...] = ()
    unknown: str | None = None
    evidence: tuple[Location, ...] = ()
    #: The steps the connection's value took (see Hop), origin first: those of
    #: its host or port too (:meth:`deciding_trail` keeps the deciding value's).
    trail: tuple[Hop, ...] = ()
    #: The candidate's ``host_ref`` when the host is not known statically.
    host_ref: str | None = None

    def deciding_trail(self) -> tuple[Hop, ...]:
        """The steps the deciding value took: those of :attr:`trail` whose text
        overlaps it (``via Options.OFF``), not those that carried another part
        of the same URL (``via Config.DEFAULT_HOST``).
        """
        return tuple(h for h in self.trail if _carried(h, self.decided_at))

    def describe_decision(self) -> str:
        """How the mode was decided, in words: ``explicit (`sslMode=DISABLED`)``,
        the outcomes of a version-dependent mode, what an unknown one depends
        on, and the steps the deciding value took.
        """
        decided = str(self.decision)
        if self.decided_by:
            decided += f" (`{self.decided_by}`)"
        if self.outcomes:
            decided += "; " + "; ".join(f"{o.mode} on {o.condition}" for o in self.outcomes)
        if self.unknown:
            decided += f" from {self.unknown}"
        trail = self.deciding_trail()
        if trail:
            # A step named like the one before it (overloads of one helper) is named once.
            labels = [h.label for i, h in enumerate(trail) if i == 0 or trail[i - 1].label != h.label]
            decided += " (" + "; ".join(labels) + ")"
        return decided


@dataclass
class Resolution:
    """What clients/ made of one candidate: connections plus facts that belong
    to no connection (a ``keytool -importcert``, a JVM trust store property),
    and what the resolver could not read (a URL over the length it reads).
    """

    connections: list[Connection] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)


@dataclass(frozen=True)
class Finding:
    """One reported problem, ready for any reporter.  Values are already
    redacted; ``evidence`` is the normalised text the fingerprint hashes;
    ``snippet`` is the (redacted) source line for the full text format, or
    the window of a long line shown around the finding; ``snippet_column`` is
    the column of its first character (the reporter pads it to there, so a
    finding far right on a long line does not carry a line of blanks).
    """

    rule: str
    level: Level
    message: str
    location: Location
    evidence: str
    tls_mode: TlsMode | None = None
    client: str | None = None
    trust_source: str | None = None
    tags: tuple[str, ...] = ()
    suppressed: str | None = None
    snippet: str | None = None
    snippet_column: int = 1
    #: The steps the deciding value took before the connection (see Hop), origin first.
    trail: tuple[Hop, ...] = ()
    #: Where the connection that value reaches is opened, when the finding stands
    #: elsewhere (the value written in a variable, a constant, an option file):
    #: the end of its path.  None when the finding stands at the connection.
    sink: Location | None = None
    #: How the connection's mode was decided (Decision), in words with the deciding
    #: setting (the inventory's "decided"), and where: None for a file's own facts.
    decision: str | None = None
    decided: str | None = None
    decided_at: Location | None = None
    #: A safe rewrite (``connlint check --fix``, SARIF ``fixes``), or None.
    fix: Fix | None = None
