"""What the commands of a shell script run (dispatch for the shell front-end):
the program a command line names, through the wrappers that run another
command (``sudo``, ``env``, ``timeout``, ``docker exec``, ``kubectl exec --``,
``ssh host 'cmd'``, ``sh -c '…'``, a heredoc fed to ``bash``/``ssh``), and
the candidate it gives: a MySQL-family client, keytool, java's ``-D``
options, a JDBC URL among the arguments.  The wrappers are
``shell_wrappers``; the script's functions, read at each call,
``shell_functions``; unquoted variables that may hold a client's options
``shell_unknown_values``.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

from connlint import lazy
from connlint.clients.client_context import IMAGE_KEY
from connlint.clients.jdbc_url import looks_like_jdbc_url
from connlint.clients.mysql_cli import is_client_program, program_name
from connlint.frontends.run_context import attach, image_setting
from connlint.frontends.shell_fallback import read_error_lines
from connlint.frontends.shell_functions import collect_functions, fold_call
from connlint.frontends.shell_loops import per_loop_value
from connlint.frontends.shell_option_files import CopiedFile, Writer, option_file_words, written_without_tls
from connlint.frontends.shell_parse import children, first_error_byte, parse, wanted_nodes
from connlint.frontends.shell_positions import Positions, ShiftedPoints, SpanPoints
from connlint.frontends.shell_programs import (
    JAVA_OPTION_VARIABLES,
    JVM_TRUST_KEYS,
    SHELLS,
    SIMPLE_WRAPPERS,
    SSH_ARG_OPTIONS,
    TEXT_COMMANDS,
    USER_WRAPPERS,
)
from connlint.frontends.shell_unknown_values import env_hops, unknown_words
from connlint.frontends.shell_words import Expander
from connlint.frontends.shell_wrappers import CONTAINER_PROGRAMS, container_parts, unwrap
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
    Span,
)

_MAX_DEPTH = 6

#: Programs that download a file: a CA bundle fetched from its publisher is where
#: a trust anchor comes from (clients/ca_download.py); PowerShell's names are
#: case-insensitive (a ``pwsh`` step of a workflow).
DOWNLOADERS: frozenset[str] = frozenset({"curl", "wget", "invoke-webrequest", "iwr", "invoke-restmethod"})
#: A word that may name a CA bundle's download URL (the resolver decides).
_CA_SOURCE_MARK = lazy.compile(r"amazonaws\.com/|rds-downloads/", re.IGNORECASE)

#: Programs whose command line :meth:`Script.dispatch` reads beyond a JDBC URL
#: argument (MySQL-family clients are recognised by ``is_client_program``).
_DISPATCHED: frozenset[str] = frozenset(
    {
        *SIMPLE_WRAPPERS,
        *USER_WRAPPERS,
        *SHELLS,
        "env",
        "timeout",
        "docker",
        "podman",
        "nerdctl",
        "docker-compose",
        "kubectl",
        "oc",
        "keytool",
        *DOWNLOADERS,
        "Invoke-WebRequest",
        "Invoke-RestMethod",
        "java",
        "javaw",
        "su",
        "eval",
        "ssh",
        "alias",
    }
)

#: Where a JDBC / X DevAPI URL may start, allowing for the quotes, backslashes and
#: ``$'…'`` that word expansion removes (``jdbc:"mysql"://…``): a command or assignment
#: without one needs no word expansion unless its program is dispatched.
_URL_MARK = lazy.compile(
    b"|".join(b"[\\\"'$\n]*".join(re.escape(c.encode()) for c in word) for word in ("jdbc:", "mysqlx")),
    re.IGNORECASE,
)


SYNTAX_ERROR = "shell syntax error; analysed what could be parsed"

_TEXT, _DISPATCH, _OTHER = range(3)


@functools.lru_cache(maxsize=4096)
def _program_kind(word: bytes) -> int:
    """How :meth:`Script.dispatch` treats a command whose name is the plain ``word``:
    ``_TEXT`` (never a candidate), ``_DISPATCH`` (read its words) or ``_OTHER`` (only
    a JDBC URL among its arguments matters).
    """
    if b"\\" in word:
        return _DISPATCH  # escapes: leave it to word expansion
    raw = word.decode("utf-8", "surrogatepass")
    program = program_name(raw)
    if program in TEXT_COMMANDS:
        return _TEXT
    if program in _DISPATCHED or is_client_program(raw):
        return _DISPATCH
    return _OTHER


def _split_words(span: Span) -> list[Span]:
    """Whitespace-separated sub-words of a located value (``JAVA_OPTS="-Da -Db"``)."""
    return [span.slice(m.start(), m.end()) for m in re.finditer(r"\S+", span.text)]


#: The most words of one command line that are read (see :meth:`Script.argv`).
_MAX_WORDS = 10_000


class Script(Expander):
    """One parse of shell text whose commands are read: what each runs, and the
    candidates it gives (word expansion and positions: :class:`Expander`).
    """

    def __init__(
        self,
        path: str,
        text: str,
        point_of: Positions,
        out: Extraction,
        *,
        parent: Script | None = None,
        env: Mapping[str, str | Span] | None = None,
        depth: int = 0,
        jinja: bool = False,
        copied: Sequence[CopiedFile] = (),
    ) -> None:
        super().__init__(path, text, point_of, out, parent=parent, env=env, depth=depth, jinja=jinja)
        #: The default option files of the image the script runs in (a Dockerfile's ``COPY``).
        self.copied: Sequence[CopiedFile] = parent.copied if parent is not None else copied
        self._marks: list[int] = [m.start() for m in _URL_MARK.finditer(self.data)]
        #: Functions the script defines -> their commands that use the caller's arguments.
        self.functions: dict[str, list[Any]] = {}
        self._bodies: dict[str, Any] = {}  # their bodies (what a ``<( f )`` writes)
        self._written: Writer | None = None  # see shell_option_files.written_without_tls
        self._read_at_calls: set[int] = set()  # ids of those commands, when the function is called
        self._calling: list[str] = []  # the function calls being read, innermost last
        #: How many ``env_reads`` the command that runs this script had made.
        self._env_base = 0

    # ---- commands

    def argv(self, node: Any) -> list[Span]:
        """The located words of a ``command`` node (redirections and prefix assignments left out).

        At most :data:`_MAX_WORDS` (with a note past it): each word costs a located
        value, and a hostile command line can hold millions.
        """
        words: list[Span] = []
        for child in children(node):
            if len(words) >= _MAX_WORDS:
                line = self.point_of(self.char(child.start_byte))[0]
                self.out.notifications.append(
                    Notification(
                        self.path,
                        f"a command of more than {_MAX_WORDS:,} words: the rest not read",
                        line=line,
                    )
                )
                break
            t = child.type
            if t in (
                "variable_assignment",
                "file_redirect",
                "heredoc_redirect",
                "herestring_redirect",
                "comment",
            ):
                continue
            target = child.named_children[0] if t == "command_name" and child.named_children else child
            for w in self.expand(target):
                if not len(w) and not w.expanded:
                    line, column = self.point_of(self.char(child.start_byte))
                    words.append(Span.at("", self.path, line, column))
                elif len(w):
                    span = w.span(self.path)
                    self._raw[id(span)] = self.src(child)
                    self._alive.append(span)  # its id stays its own while marked
                    words.append(span)
                    if w.expanded:
                        self._expanded.add(id(span))
                    if w.spread:
                        self._spread[id(span)] = w.spread
        return words

    _expanded: set[int]
    _raw: dict[int, str]
    #: The words those ids belong to: a freed word's id would be reused by a new
    #: one, which would then read as marked (a function call read as none).
    _alive: list[Span]
    #: Index of a candidate a function call made -> whether it stands at the function's command.
    _folded: dict[int, bool]

    def run(self, root: Any) -> None:
        """Read the commands and assignments under ``root``."""
        self._expanded = set()
        self._raw = {}
        self._alive = []
        self._folded = {}
        nodes = wanted_nodes(root)
        self.collect_assignments(nodes)
        functions = collect_functions(nodes, self.src, self.data)
        self.functions = functions.commands
        self._bodies = functions.bodies
        self._read_at_calls = functions.read_at_calls
        self._written = written_without_tls(nodes, self.src, self.text, self.point_of, self._bodies)
        for node in nodes:
            if node.type == "command":
                if id(node) in self._read_at_calls:
                    continue  # read at each call, with the caller's arguments
                if self._may_matter(node):
                    self.command(node)
            elif node.type == "variable_assignment":
                name_node = node.child_by_field_name("name")
                if self._has_mark(node) or (
                    name_node is not None and self.src(name_node) in JAVA_OPTION_VARIABLES
                ):
                    per_loop_value(self, functools.partial(self.assignment, node))

    def call(self, name: str, words: Sequence[Span], location: Location, site: Location) -> None:
        """A call of a function of the script (written at ``site``): its commands that
        use the caller's arguments, read with them.  A command the caller's words
        change is a candidate at the call (``location``, the outermost call), with
        the function's command as a hop; one they do not change stands at the
        function's command with the call as a hop, so that each call's copy of it
        makes the same finding at the same place (reported once, see checks).
        """
        if name in self._calling or len(self._calling) >= _MAX_DEPTH:
            return  # recursion, or calls nested too deep
        saved = self.positional
        self._calling.append(name)
        self.positional = list(words[1:])
        try:
            kept = []  # the words stay alive while the call is read (see command())
            for node in self.functions[name]:
                inner = self.argv(node)
                kept.append(inner)
                if inner:
                    start = len(self.out.candidates)
                    self.dispatch(inner, location, node)
                    home = self.location(node)
                    fold_call(self.out.candidates, self._folded, start, name, location, site, home)
        finally:
            self.positional = saved
            self._calling.pop()

    def _has_mark(self, node: Any) -> bool:
        """True when a JDBC URL may start within ``node`` (see :data:`_URL_MARK`)."""
        marks = self._marks
        i = bisect.bisect_left(marks, node.start_byte)
        return i < len(marks) and marks[i] < node.end_byte

    def _may_matter(self, node: Any) -> bool:
        """False for a command that cannot yield a candidate: its program is a plain word
        that :meth:`dispatch` does not read, and no argument can hold a JDBC URL.
        Spares the word expansion of the bulk of a long script.
        """
        name = node.child_by_field_name("name")
        if name is None:
            return True
        target = name.named_children[0] if name.named_child_count else name
        if target.type != "word" or (self.functions and self.src(target) in self.functions):
            return True
        kind = _program_kind(self.data[target.start_byte : target.end_byte])
        return kind == _DISPATCH or (kind == _OTHER and self._has_mark(node))

    def assignment(self, node: Any) -> None:
        """An assignment that may hold a JDBC URL or JVM trust store options."""
        name_node = node.child_by_field_name("name")
        value_node = node.child_by_field_name("value")
        if name_node is None or value_node is None:
            return
        name = self.src(name_node)
        nodes = value_node.named_children if value_node.type == "array" else [value_node]
        for value in nodes:
            for w in self.expand(value, split=False):
                if not len(w):
                    continue
                span = w.span(self.path)
                if name in JAVA_OPTION_VARIABLES:
                    self.java(_split_words(span), self.location(node))
                elif not w.expanded:
                    self.jdbc(span)

    def jdbc(self, span: Span) -> None:
        """A JDBC URL in a word: the whole word, or the value after ``=`` (``-Durl=jdbc:…``)."""
        text = span.text
        start = 0
        if not looks_like_jdbc_url(text):
            eq = text.find("=")
            if eq < 0 or not looks_like_jdbc_url(text[eq + 1 :]):
                return
            start = eq + 1
        url = span.slice(start) if start else span
        self.out.candidates.append(Candidate(CandidateKind.JDBC, url.locate(), url=url))

    def java(self, words: Sequence[Span], location: Location) -> None:
        """``-Djavax.net.ssl.trustStore=…`` words -> one ``CandidateKind.JVM`` candidate."""
        settings: list[Setting] = []
        for w in words:
            if not w.text.startswith("-D"):
                if id(w) not in self._expanded:
                    self.jdbc(w)
                continue
            key, eq, value = w.text[2:].partition("=")
            if not eq:
                continue
            if key in JVM_TRUST_KEYS:
                value_span = w.slice(2 + len(key) + 1)
                known = DYNAMIC not in value
                stored: str | Secret | None = value if known else None
                if known and key.endswith("Password"):
                    stored = Secret(value, value_span)
                settings.append(
                    Setting(
                        key,
                        stored,
                        w.locate(),
                        source="java -D",
                        value_span=value_span,
                        unknown=None if known else self._unknown(w, value),
                    )
                )
            elif id(w) not in self._expanded:
                self.jdbc(w.slice(2 + len(key) + 1) if looks_like_jdbc_url(value) else w)
        if settings:
            self.out.candidates.append(Candidate(CandidateKind.JVM, location, settings=tuple(settings)))

    def _unknown(self, word: Span, value: str) -> str:
        """What an unknown value comes from, as written (``$TRUSTSTORE``)."""
        raw = self._raw.get(id(word))
        if raw and "=" in raw:
            return raw.split("=", 1)[1].strip("\"'")
        return value.replace(DYNAMIC, "$…")

    def command(self, node: Any) -> None:
        """The candidate of one ``command`` node (one per value of a loop over a
        literal list whose variable it reads: ``shell_loops``).
        """
        per_loop_value(self, lambda: self._command(node))

    def _command(self, node: Any) -> None:
        # Words are known by id() while their command is read: an id is reused
        # once its word is freed, so the marks of earlier commands go.
        self._expanded.clear()
        self._raw.clear()
        self._alive.clear()
        self._spread.clear()
        del self.env_reads[self._env_base :]  # the reads of this command (and of the one running it)
        words = self.argv(node)
        if not words:
            return
        self.dispatch(words, self.location(node), node)

    def dispatch(self, words: Sequence[Span], location: Location, node: Any = None) -> None:
        """Find what a command line runs, through wrappers, and emit its candidate."""
        image: Span | None = None  # the image of a `docker run` on the way
        container: Span | None = None  # the wrapper that runs it in a container (exec, run)
        direct = True  # no wrapper: a function of the script may be what runs
        for _ in range(16):
            if not words:
                return
            program = program_name(words[0].text)
            if DYNAMIC in program:
                self.unknown_program = True
                return
            if program in TEXT_COMMANDS:
                return
            if program in CONTAINER_PROGRAMS:
                unwrapped, image = container_parts(program, words)
                container = words[0] if unwrapped is not None else container
            else:
                unwrapped = unwrap(program, words)
            if unwrapped is None:
                break
            words = unwrapped
            direct = False
        else:
            return
        start = len(self.out.candidates)
        self._dispatched(words, location, node, direct)
        if image is not None and DYNAMIC not in image.text:
            attach(self.out, [image_setting(image, "docker run")], start)
        elif container is not None:
            # Another container (``docker exec db …``, ``kubectl exec``): its image is not
            # known here, and not that of where the script runs.
            unknown = Setting(IMAGE_KEY, None, container.locate(), source="a container", unknown="its image")
            attach(self.out, [unknown], start)

    def _dispatched(self, words: Sequence[Span], location: Location, node: Any, direct: bool) -> None:
        """The candidate of a command line that runs ``words[0]`` (wrappers removed;
        ``direct``: none was, so a function of the script may be what runs).
        """
        program = program_name(words[0].text)
        if direct and words[0].text in self.functions and id(words[0]) not in self._expanded:
            self.call(words[0].text, words, location, self.location(node) if node is not None else location)
            return
        start = len(self.out.candidates)
        self._candidates(program, words, location, node)
        hops = env_hops(self.env_reads, words) if self.env_reads else ()
        if hops:
            for i in range(start, len(self.out.candidates)):
                c = self.out.candidates[i]
                self.out.candidates[i] = replace(c, trail=(*hops, *(h for h in c.trail if h not in hops)))

    def _candidates(self, program: str, words: Sequence[Span], location: Location, node: Any) -> None:
        """The candidate of a command line that runs ``program`` (not a function of the script)."""
        if is_client_program(words[0].text):
            settings = tuple(self._password_variables(node)) if node is not None else ()
            settings += tuple(unknown_words(words, self._spread))
            added, from_files = option_file_words(self.path, program, words, self._written, self.copied)
            if added:
                words = [words[0], *added, *words[1:]]
                settings += tuple(from_files)
            self.out.candidates.append(
                Candidate(CandidateKind.MYSQL_CLI, location, argv=tuple(words), settings=settings)
            )
        elif program in ("keytool", "keytool.exe"):
            self.out.candidates.append(Candidate(CandidateKind.KEYTOOL, location, argv=tuple(words)))
        elif program.lower() in DOWNLOADERS:
            if any(_CA_SOURCE_MARK.search(w.text) for w in words[1:]):
                self.out.candidates.append(Candidate(CandidateKind.DOWNLOAD, location, argv=tuple(words)))
            if program == "curl" and any("connector.class" in w.text for w in words[1:]):
                from connlint.frontends import kafka_connect  # a Kafka Connect REST call's body

                self.out.candidates.extend(kafka_connect.from_curl(self.path, list(words)))
        elif program in ("java", "java.exe", "javaw"):
            self.java(words[1:], location)
        elif program in SHELLS or program in ("su", "eval", "ssh"):
            self.nested(program, words, node)
            return
        elif program == "alias":
            # alias m='mysql --ssl-mode=DISABLED': the command every `m` runs.
            for w in words[1:]:
                name, eq, _ = w.text.partition("=")
                if eq and name and DYNAMIC not in name and self.depth < _MAX_DEPTH:
                    value = w.slice(len(name) + 1)
                    self.sub_script(value.text, SpanPoints(value))
            return
        # MySQL Shell reads its mysqlx:// operand itself (not Connector/J's X DevAPI).
        if program not in ("java", "java.exe", "javaw", "mysqlsh"):
            for w in words[1:]:
                if id(w) not in self._expanded:
                    self.jdbc(w)

    def _password_variables(self, node: Any) -> Iterator[Setting]:
        """``MYSQL_PWD=…`` before the command: the password the client sends."""
        for child in children(node):
            if child.type != "variable_assignment":
                continue
            name = child.child_by_field_name("name")
            value = child.child_by_field_name("value")
            if name is None or value is None or self.src(name) != "MYSQL_PWD":
                continue
            words = self.expand(value, split=False)
            text = "".join(w.text for w in words)
            known = len(words) == 1 and not words[0].expanded and DYNAMIC not in text
            yield Setting(
                "MYSQL_PWD",
                Secret(text, words[0].span(self.path)) if known else None,
                self.location(child),
                source="environment",
                unknown=None if known else self.src(value),
            )

    def nested(self, program: str, words: Sequence[Span], node: Any) -> None:
        """``sh -c '…'``, ``su -c '…'``, ``eval '…'``, ``ssh host '…'`` and heredocs fed to them."""
        script: Span | None = None
        if program == "ssh":
            rest = list(words[1:])
            while rest and rest[0].text.startswith("-"):
                opt = rest.pop(0).text
                if len(opt) == 2 and opt[1] in SSH_ARG_OPTIONS and rest:
                    rest.pop(0)
            if len(rest) == 2 and DYNAMIC not in rest[1].text:
                script = rest[1]
            elif len(rest) > 2:
                self.dispatch(rest[1:], words[0].locate())
                return
        elif program == "eval":
            if len(words) == 2:
                script = words[1]
        else:
            for i, w in enumerate(words[1:-1], start=1):
                if re.fullmatch(r"-[a-zA-Z]*c[a-zA-Z]*", w.text) or w.text == "--command":
                    script = words[i + 1]
                    break
        if script is not None and self.depth < _MAX_DEPTH:
            self.sub_script(script.text, SpanPoints(script))
        elif node is not None and self.depth < _MAX_DEPTH and program != "eval":
            parent = node.parent
            if parent is not None and parent.type == "redirected_statement":
                for redirect in parent.children:
                    if redirect.type != "heredoc_redirect":
                        continue
                    for body in redirect.children:
                        if body.type == "heredoc_body":
                            base = self.char(body.start_byte)
                            self.sub_script(self.src(body), ShiftedPoints(self.point_of, base))

    def syntax_error(self, root: Any) -> None:
        """One note when tree-sitter could not parse all of the script (what it
        recovered has been read all the same).
        """
        if not root.has_error:
            return
        line = self.point_of(self.char(first_error_byte(root)))[0]
        self.out.notifications.append(Notification(self.path, SYNTAX_ERROR, Level.NOTE, line))
        if self.depth < _MAX_DEPTH:
            read_error_lines(self, root)

    def sub_script(self, text: str, point_of: Positions) -> None:
        """Read ``text``, a script run by a command of this one (``sh -c``, ``eval``);
        a part not known statically stays one in its word (``-h${HOST}``: a host not
        known, not ``-h`` taking the next word).
        """
        child = Script(self.path, text, point_of, self.out, parent=self, depth=self.depth + 1)
        child._env_base = len(self.env_reads)
        tree = parse(child.data)
        if tree is not None:
            child.run(tree.root_node)
