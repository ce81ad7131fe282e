"""Shell scripts (tree-sitter-bash): the commands that run MySQL-family clients,
keytool and java, and the JDBC URLs a script sets.

Syntax only.  Commands are found anywhere the grammar puts them (pipelines,
``&&``/``||`` lists, subshells, ``$(…)``, functions, loops, ``if``/``case``)
and through the wrappers that run another command (``sudo``, ``env``,
``timeout``, ``docker exec``, ``kubectl exec --``, ``ssh host 'cmd'``,
``sh -c '…'``, a heredoc fed to ``bash``/``ssh``).  Each argv word becomes a
:class:`~connlint.model.Span` with quotes removed and every character
located; variables assigned in the same script (and ``${VAR:-default}``
defaults) are resolved, environment values are :data:`~connlint.model.DYNAMIC`.
``echo``/``printf`` arguments, comments and heredoc bodies fed to other
programs are not commands.

The Dockerfile and CI front-ends reuse :func:`extract_script` for embedded
shell, with a line map back to their own file.
"""

from __future__ import annotations

import bisect
import functools
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from connlint.budget import parse_tree
from connlint.clients.jdbc_url import looks_like_jdbc_url
from connlint.clients.mysql_cli import is_client_program, program_name
from connlint.frontends.offsets import LineStarts, Utf8Offsets
from connlint.frontends.spring import Located
from connlint.model import (
    DYNAMIC,
    Candidate,
    Client,
    Extraction,
    Level,
    Location,
    Notification,
    Secret,
    Setting,
    Span,
)

# --------------------------------------------------------------------------- syntax tables

#: Commands whose arguments are text, never a command line (``echo "use --ssl-mode=…"``).
TEXT_COMMANDS: frozenset[str] = frozenset(
    {"echo", "printf", "logger", "grep", "egrep", "fgrep", "sed", "awk"}
)

#: Shells whose ``-c`` argument (or heredoc on stdin) is a script.
SHELLS: frozenset[str] = frozenset({"sh", "bash", "dash", "ash", "ksh", "zsh", "busybox"})

#: Wrappers that run the rest of their argv: name -> options that take an argument.
SIMPLE_WRAPPERS: dict[str, frozenset[str]] = {
    "builtin": frozenset(),
    "chronic": frozenset(),
    "command": frozenset(),
    "exec": frozenset({"-a"}),
    "ionice": frozenset({"-c", "-n", "-p"}),
    "nice": frozenset({"-n"}),
    "nohup": frozenset(),
    "stdbuf": frozenset({"-i", "-o", "-e"}),
    "sudo": frozenset({"-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U", "-T"}),
    "doas": frozenset({"-u", "-C"}),
    "time": frozenset({"-f", "-o"}),
    "xargs": frozenset({"-I", "-n", "-P", "-d", "-a", "-E", "-L", "-s"}),
}

#: ``docker exec`` / ``docker run`` options that take an argument (docker CLI reference).
DOCKER_ARG_OPTIONS: frozenset[str] = frozenset(
    {
        "-a",
        "--attach",
        "--add-host",
        "--cpus",
        "--detach-keys",
        "-e",
        "--env",
        "--env-file",
        "--entrypoint",
        "-h",
        "--hostname",
        "--index",
        "-l",
        "--label",
        "--link",
        "-m",
        "--memory",
        "--mount",
        "--name",
        "--net",
        "--network",
        "-p",
        "--platform",
        "--publish",
        "--pull",
        "--restart",
        "-u",
        "--user",
        "-v",
        "--volume",
        "--volumes-from",
        "-w",
        "--workdir",
    }
)

#: ``ssh`` options that take an argument (OpenSSH ssh(1)).
SSH_ARG_OPTIONS: frozenset[str] = frozenset("BbcDEeFIiJLlmOopQRSWw")

#: JVM option variables whose value is a java command line fragment.
JAVA_OPTION_VARIABLES: frozenset[str] = frozenset(
    {"JAVA_TOOL_OPTIONS", "JAVA_OPTS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "CATALINA_OPTS", "MAVEN_OPTS"}
)

#: The JVM trust store system properties (architecture.md, Client.JVM), plus the key
#: store password, a credential too.
JVM_TRUST_KEYS: frozenset[str] = frozenset(
    {
        "javax.net.ssl.keyStorePassword",
        "javax.net.ssl.trustStore",
        "javax.net.ssl.trustStorePassword",
        "javax.net.ssl.trustStoreType",
    }
)

_MAX_DEPTH = 6

#: Programs whose command line :meth:`_Script.dispatch` reads beyond a JDBC URL
#: argument (MySQL-family clients are recognised by ``is_client_program``).
_DISPATCHED: frozenset[str] = frozenset(
    {
        *SIMPLE_WRAPPERS,
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
_URL_MARK = re.compile(
    b"|".join(b"[\\\"'$\n]*".join(re.escape(c.encode()) for c in word) for word in ("jdbc:", "mysqlx")),
    re.IGNORECASE,
)

#: The nodes the front-end reads, found by one query instead of a walk in Python.
_QUERY = """
(command) @node
(variable_assignment) @node
(for_statement) @node
(c_style_for_statement) @node
(heredoc_body) @heredoc
"""

SYNTAX_ERROR = "shell syntax error; analysed what could be parsed"

#: Commands that assign the variables they name (values unknown statically).
_READERS: frozenset[bytes] = frozenset({b"read", b"mapfile", b"readarray", b"getopts"})

_TEXT, _DISPATCH, _OTHER = range(3)


@functools.lru_cache(maxsize=4096)
def _program_kind(word: bytes) -> int:
    """How :meth:`_Script.dispatch` treats a command whose name is the plain ``word``:
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


# --------------------------------------------------------------------------- located words


@dataclass(eq=False, slots=True)
class _Word(Located):
    """A word under construction: its characters and where each stands, in runs."""

    expanded: bool = False  # part of it came from a variable or substitution

    def extend(self, other: Located) -> None:
        Located.extend(self, other)  # not super(): slots=True makes a new class
        if isinstance(other, _Word):
            self.expanded = self.expanded or other.expanded


class _Positions(Protocol):
    """Where the characters of a script stand in its file."""

    def __call__(self, offset: int) -> tuple[int, int]:
        """The (line, column) of character ``offset``."""

    def run_end(self, offset: int) -> int:
        """Where the run of characters from ``offset`` ends: up to there they
        stand on one line, one column apart.
        """


#: Characters that variable expansion may produce in one file, beyond four
#: times its length: past it, expansions are values not known statically.
#: Each ``$A`` may stand for a long value and ``A="$B$B"`` doubles one, so
#: expansion could otherwise make a small file cost any memory.
_EXPANSION_ALLOWANCE = 1 << 20


@dataclass
class _ExpansionBudget:
    """What expansion may still produce in one file (shared by its nested scripts)."""

    left: int
    spent: bool = False


@dataclass(frozen=True)
class Origin:
    """Where line ``i`` of an embedded script stands in its file: ``line`` and the
    number of characters cut from the start of that line (``indent``).
    """

    line: int
    indent: int = 0


def _split_words(span: Span) -> list[Span]:
    """Whitespace-separated sub-words of a located value (``JAVA_OPTS="-Da -Db"``)."""
    return [span.slice(m.start(), m.end()) for m in re.finditer(r"\S+", span.text)]


# --------------------------------------------------------------------------- the script


@dataclass(eq=False)
class _Assignment:
    """One assignment of a variable; its values are expanded when first looked up."""

    offset: int  # byte offset in the script where the assignment takes effect
    values: list[str] | None = None  # None: not known statically (read, for, $(…))
    node: Any = None  # the variable_assignment whose value is still to expand
    prior: _Assignment | None = None  # the entry ``+=`` appends to


@dataclass
class _Entries:
    """The assignments of one variable in offset order, with how many leading
    entries are known to assign the same values (``uniform``).
    """

    items: list[_Assignment]
    offsets: list[int]
    uniform: int = 0
    split: bool = False


class _Script:
    """One parse of shell text with a map from its characters to file positions."""

    def __init__(
        self,
        path: str,
        text: str,
        point_of: _Positions,
        out: Extraction,
        *,
        parent: _Script | None = None,
        env: Mapping[str, str] | None = None,
        depth: int = 0,
        jinja: bool = False,
    ) -> None:
        self.path = path
        self.jinja = jinja
        self.point_of = point_of
        self.out = out
        self.parent = parent
        self.env = dict(env or {})
        self.depth = depth
        self.masks: dict[str, str] = {}
        self.text = self._mask(text)
        self.data = self.text.encode("utf-8", "surrogatepass")
        self.ascii = len(self.data) == len(text)
        self._char_of: Utf8Offsets | None = None
        self.expansion: _ExpansionBudget = (
            parent.expansion if parent is not None else _ExpansionBudget(4 * len(text) + _EXPANSION_ALLOWANCE)
        )
        self.assignments: dict[str, list[_Assignment]] = {}
        self._entries: dict[str, _Entries] = {}
        self._marks: list[int] = [m.start() for m in _URL_MARK.finditer(self.data)]

    # ---- positions

    def _mask(self, text: str) -> str:
        """Replace GitHub ``${{ … }}`` expressions (and, in Ansible tasks, Jinja's
        ``{{ … }}``) by same-length variable references.
        """

        def repl(expression: str) -> str:
            lines = expression.split("\n")
            n = len(lines[0]) - (len(lines) > 1)  # room for "$name" (and a backslash)
            name = f"_GHA{len(self.masks)}".ljust(n - 1, "_")[: n - 1]
            self.masks[name] = expression
            if len(lines) == 1:
                return "$" + name
            # Over several lines: every line keeps its number and length, each
            # newline escaped so that the shell reads the expression as one word.
            middle = [" " * (len(line) - 1) + "\\" if line else "" for line in lines[1:-1]]
            return "\n".join(["$" + name + "\\", *middle, " " * len(lines[-1])])

        out: list[str] = []
        pos = 0
        for start, end in _template_expressions(text, self.jinja):
            out += (text[pos:start], repl(text[start:end]))
            pos = end
        out.append(text[pos:])
        return "".join(out)

    def char(self, byte: int) -> int:
        if self.ascii:
            return byte
        if self._char_of is None:
            self._char_of = Utf8Offsets(self.text, self.data)
        return self._char_of.char(byte)

    def add_source(self, word: _Word, start: int, end: int) -> None:
        """Append characters ``start:end`` of the script to ``word``, as written."""
        self.add_at_source(word, self.text[start:end], start)

    def add_at_source(self, word: _Word, text: str, start: int) -> None:
        """Append ``text`` to ``word``, its characters where those of the script from
        ``start`` on stand: one run a source line, not a point a character.
        """
        k = 0
        while k < len(text):
            stop = min(len(text), max(self.point_of.run_end(start + k) - start, k + 1))
            word.add(text[k:stop], self.point_of(start + k))
            k = stop

    def spend(self, size: int) -> bool:
        """Charge ``size`` produced characters to the file's expansion budget;
        False (and a note, once) when it is spent.
        """
        budget = self.expansion
        budget.left -= size
        if budget.left >= 0:
            return True
        if not budget.spent:
            budget.spent = True
            self.out.notifications.append(
                Notification(
                    self.path,
                    "shell variables expand to more text than the file holds several times over;"
                    " later expansions read as not known statically",
                    Level.NOTE,
                )
            )
        return False

    def location(self, node: Any) -> Location:
        start = self.char(node.start_byte)
        end = max(self.char(node.end_byte), start + 1)
        line, column = self.point_of(start)
        end_line, last = self.point_of(end - 1)
        return Location(self.path, line, column, end_line, last + 1)

    def src(self, node: Any) -> str:
        return self.text[self.char(node.start_byte) : self.char(node.end_byte)]

    # ---- variables

    def collect_assignments(self, nodes: Iterable[Any]) -> None:
        """Record every assignment (values are expanded lazily, see :meth:`lookup`)."""
        for node in nodes:
            kind = node.type
            if kind == "variable_assignment":
                parent = node.parent
                if parent is not None and parent.type == "command":
                    continue  # FOO=bar cmd: only cmd's environment
                name_node = node.child_by_field_name("name")
                if name_node is None:
                    continue
                name = self.src(name_node)
                if "[" in name:
                    continue
                appends = any(c.type == "+=" for c in node.children)
                entries = self.assignments.setdefault(name, [])
                prior = entries[-1] if appends and entries else None
                entries.append(_Assignment(node.end_byte, node=node, prior=prior))
            elif kind in ("for_statement", "c_style_for_statement"):
                var = node.child_by_field_name("variable")
                if var is not None:
                    self.assignments.setdefault(self.src(var), []).append(_Assignment(node.start_byte))
            elif kind == "command":
                name_node = node.child_by_field_name("name")
                if name_node is not None and self.data[name_node.start_byte : name_node.end_byte] in _READERS:
                    for arg in node.children_by_field_name("argument"):
                        text = self.src(arg)
                        if re.fullmatch(r"[A-Za-z_]\w*", text):
                            self.assignments.setdefault(text, []).append(_Assignment(node.start_byte))
        for name, entries in self.assignments.items():
            ordered = sorted(entries, key=lambda a: a.offset)
            self._entries[name] = _Entries(ordered, [a.offset for a in ordered])

    def _values(self, entry: _Assignment) -> list[str] | None:
        """The values an assignment gives, expanded on first use."""
        node = entry.node
        if node is not None:
            entry.node = None  # also ends any cycle: an entry being expanded reads as unknown
            values = self._assignment_values(node.child_by_field_name("value"), node.start_byte)
            if entry.prior is not None and values is not None:
                prior = self._values(entry.prior)
                values = None if prior is None else prior + values
            if values is not None and not self.spend(sum(map(len, values)) + len(values)):
                values = None  # each entry keeps its list: ``A+=x`` a million times is quadratic
            entry.values = values
        return entry.values

    def _key(self, entry: _Assignment) -> tuple[str, ...] | None:
        values = self._values(entry)
        return tuple(values) if values is not None else None

    def lookup(self, name: str, at: int) -> list[str] | None:
        """The value(s) of ``name`` at byte ``at``; None when not known statically."""
        entries = self._entries.get(name)
        n = bisect.bisect_right(entries.offsets, at) if entries is not None else 0
        if entries is None or n == 0:
            if name in self.env:
                return [self.env[name]]
            if self.parent is not None:
                return self.parent.lookup(name, len(self.parent.data))
            return None
        # Every entry up to ``at`` must assign the same values: assigned differently on
        # different paths is not known statically.  Expanding entry k only looks up
        # offsets before it, so ``uniform`` never needs to grow past k meanwhile.
        while entries.uniform < n and not entries.split:
            k = entries.uniform
            if k and self._key(entries.items[k]) != self._key(entries.items[0]):
                entries.split = True
                break
            self._values(entries.items[k])
            entries.uniform = k + 1
        if entries.uniform < n:
            return None
        only = self._values(entries.items[n - 1])
        return list(only) if only is not None else None

    def _assignment_values(self, value_node: Any, at: int) -> list[str] | None:
        if value_node is None:
            return [""]
        if value_node.type == "array":
            values: list[str] = []
            for child in value_node.named_children:
                if child.type == "comment":
                    continue
                values.extend(w.text for w in self.expand(child, at))
            return values
        words = self.expand(value_node, at, split=False)
        return [w.text for w in words] or [""]

    # ---- words

    def expand(
        self, node: Any, at: int | None = None, *, split: bool = True, quoted: bool = False
    ) -> list[_Word]:
        """The words a syntax node stands for, located (quotes removed, variables resolved)."""
        at = node.start_byte if at is None else at
        kind = node.type
        if kind in ("word", "number", "extglob_pattern", "regex"):
            return [self._literal(node, unescape=not quoted)]
        if kind == "string_content":
            return [self._literal(node, unescape=True, in_double=True)]
        if kind == "raw_string":
            w = _Word()
            # Between the quotes, by offsets into the script (not copies of the word).
            first = self.char(node.start_byte) + 1
            last = max(first, self.char(node.end_byte) - 1)
            # A masked expression stays one even in single quotes: GitHub and
            # Jinja substitute it before the shell reads the line.
            start = first
            for m in self._masked_in(self.text, first, last):
                self.add_source(w, start, m.start())
                w.add(DYNAMIC, self.point_of(m.start()))
                start = m.end()
            self.add_source(w, start, last)
            return [w]
        if kind == "ansi_c_string":
            return [self._ansi_c(node)]
        if kind == "string":
            word = _Word()
            words = [word]
            for child in node.named_children:
                parts = self.expand(child, at, split=split, quoted=True)
                if not parts:
                    continue
                words[-1].extend(parts[0])
                words.extend(parts[1:])
            return words
        if kind == "concatenation":
            words = [_Word()]
            for child in node.children:
                parts = self.expand(child, at, split=split, quoted=quoted)
                if not parts:
                    continue
                words[-1].extend(parts[0])
                words.extend(parts[1:])
            return words
        if kind in ("simple_expansion", "expansion"):
            return self._expansion(node, at, split=split and not quoted)
        # $(…), `…`, $((…)), process substitution, anything unknown: not known statically.
        return [self._dynamic(node)]

    def _literal(self, node: Any, *, unescape: bool, in_double: bool = False) -> _Word:
        # By offsets into the script, not a copy of the word: it may be megabytes.
        text = self.text
        i, end = self.char(node.start_byte), self.char(node.end_byte)
        w = _Word()
        while i < end:
            # Up to the next backslash the word is the source, added run by run.
            j = text.find("\\", i, end) if unescape else -1
            j = end if j < 0 else j
            self.add_source(w, i, j)
            if j == end:
                break
            i = j
            if i + 1 < end:
                nxt = text[i + 1]
                if nxt == "\n":
                    i += 2  # line continuation
                    continue
                if not in_double or nxt in '"\\$`':
                    w.add(nxt, self.point_of(i + 1))
                    i += 2
                    continue
            w.add("\\", self.point_of(i))
            i += 1
        return w

    def _ansi_c(self, node: Any) -> _Word:
        raw = self.src(node)
        base = self.char(node.start_byte)
        escapes = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "'": "'", '"': '"', "e": "\x1b", "a": "\a"}
        w = _Word()
        i = 2
        end = len(raw) - 1
        while i < end:
            j = raw.find("\\", i, end)
            j = end if j < 0 else j
            self.add_source(w, base + i, base + j)
            if j == end:
                break
            i = j
            if i + 1 < end:
                w.add(escapes.get(raw[i + 1], raw[i + 1]), self.point_of(base + i))
                i += 2
                continue
            w.add("\\", self.point_of(base + i))
            i += 1
        return w

    def _masked_in(self, text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
        """The masked expressions (see _mask) written in ``text[start:end]``."""
        end = len(text) if end is None else end
        if not self.masks or text.find("$", start, end) < 0:
            return iter(())
        names = sorted(self.masks, key=len, reverse=True)
        return re.compile("|".join(re.escape("$" + name) for name in names)).finditer(text, start, end)

    def _dynamic(self, node: Any) -> _Word:
        w = _Word(expanded=True)
        w.add(DYNAMIC, self.point_of(self.char(node.start_byte)))
        return w

    def _expansion(self, node: Any, at: int, *, split: bool) -> list[_Word]:
        children = node.children
        name = ""
        subscript = ""
        operator = ""
        default: list[Any] = []
        for child in children:
            t = child.type
            if t in ("variable_name", "special_variable_name") and not name and not operator:
                name = self.src(child)
            elif t == "subscript" and not name:
                var = child.child_by_field_name("name")
                index = child.child_by_field_name("index")
                name = self.src(var) if var is not None else ""
                subscript = self.src(index) if index is not None else ""
            elif t in (":-", "-", ":=", "=") and name and not operator:
                operator = t
            elif t in ("$", "${", "}"):
                continue
            elif operator:
                default.append(child)
            elif name:
                operator = t  # any other operator (${X%y}, ${#X}, ${X:+a}): not modelled
        if node.type == "expansion" and any(c.type == "#" for c in children[:2]):
            return [self._dynamic(node)]
        if not re.fullmatch(r"[A-Za-z_]\w*", name) or (operator and operator not in (":-", "-", ":=", "=")):
            return [self._dynamic(node)]
        values = self.lookup(name, at)
        if values is not None and subscript not in ("", "@", "*", "0"):
            values = None
        if values is not None and subscript in ("", "0") and len(values) > 1:
            values = values[:1]
        if values is not None and operator.startswith(":") and values == [""]:
            values = None
        if values is None and name in self.masks:
            return [self._dynamic(node)]
        if values is None:
            if operator and default:
                words = [_Word()]
                for child in default:
                    parts = self.expand(child, at, split=split)
                    if parts:
                        words[-1].extend(parts[0])
                        words.extend(parts[1:])
                return words
            return [self._dynamic(node)]
        # A resolved value is located at the expansion: character i maps into its columns.
        start = self.char(node.start_byte)
        width = max(self.char(node.end_byte) - start, 1)
        found: list[_Word] = []
        texts = values if subscript == "@" else [" ".join(values)] if subscript == "*" else values
        if not self.spend(sum(map(len, texts)) + len(texts)):
            return [self._dynamic(node)]
        for text in texts:
            chunks = text.split() if split else [text]
            if split and not chunks:
                continue
            offset = 0
            for part in chunks:
                at_char = text.find(part, offset) if split else 0
                offset = at_char + len(part)
                w = _Word(expanded=True)
                # Character k stands where character at_char + k of the reference
                # does; those past its last character, at that one.
                inside = max(0, min(len(part), width - 1 - at_char))
                self.add_at_source(w, part[:inside], start + at_char)
                w.add_at(part[inside:], self.point_of(start + min(at_char + inside, width - 1)))
                found.append(w)
        return found or ([_Word(expanded=True)] if not split else [])

    # ---- commands

    def argv(self, node: Any) -> list[Span]:
        """The located words of a ``command`` node (redirections and prefix assignments left out).

        At most :data:`_MAX_WORDS` (with a note past it): each word costs a located
        value, and a hostile command line can hold millions.
        """
        words: list[Span] = []
        for child in _children(node):
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
                    words.append(span)
                    if w.expanded:
                        self._expanded.add(id(span))
        return words

    _expanded: set[int]
    _raw: dict[int, str]

    def run(self, root: Any) -> None:
        self._expanded = set()
        self._raw = {}
        nodes = _nodes(root)
        self.collect_assignments(nodes)
        for node in nodes:
            if node.type == "command":
                if self._may_matter(node):
                    self.command(node)
            elif node.type == "variable_assignment":
                name_node = node.child_by_field_name("name")
                if self._has_mark(node) or (
                    name_node is not None and self.src(name_node) in JAVA_OPTION_VARIABLES
                ):
                    self.assignment(node)

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
        if target.type != "word":
            return True
        kind = _program_kind(self.data[target.start_byte : target.end_byte])
        return kind == _DISPATCH or (kind == _OTHER and self._has_mark(node))

    def assignment(self, node: Any) -> None:
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
        self.out.candidates.append(Candidate(Client.JDBC, url.locate(), url=url))

    def java(self, words: Sequence[Span], location: Location) -> None:
        """``-Djavax.net.ssl.trustStore=…`` words -> one ``Client.JVM`` candidate."""
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
            self.out.candidates.append(Candidate(Client.JVM, location, settings=tuple(settings)))

    def _unknown(self, word: Span, value: str) -> str:
        """What an unknown value comes from, as written (``$TRUSTSTORE``)."""
        raw = self._raw.get(id(word))
        if raw and "=" in raw:
            return raw.split("=", 1)[1].strip("\"'")
        return value.replace(DYNAMIC, "$…")

    def command(self, node: Any) -> None:
        words = self.argv(node)
        if not words:
            return
        self.dispatch(words, self.location(node), node)

    def dispatch(self, words: Sequence[Span], location: Location, node: Any = None) -> None:
        """Find what a command line runs, through wrappers, and emit its candidate."""
        for _ in range(16):
            if not words:
                return
            program = program_name(words[0].text)
            if program in TEXT_COMMANDS or DYNAMIC in program:
                return
            unwrapped = self.unwrap(program, words)
            if unwrapped is None:
                break
            words = unwrapped
        else:
            return
        program = program_name(words[0].text)
        if is_client_program(words[0].text):
            settings = tuple(self._password_variables(node)) if node is not None else ()
            self.out.candidates.append(
                Candidate(Client.MYSQL_CLI, location, argv=tuple(words), settings=settings)
            )
        elif program in ("keytool", "keytool.exe"):
            self.out.candidates.append(Candidate(Client.KEYTOOL, location, argv=tuple(words)))
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
                    self.sub_script(value.text, _SpanPoints(value))
            return
        if program not in ("java", "java.exe", "javaw"):
            for w in words[1:]:
                if id(w) not in self._expanded:
                    self.jdbc(w)

    def _password_variables(self, node: Any) -> Iterator[Setting]:
        """``MYSQL_PWD=…`` before the command: the password the client sends."""
        for child in _children(node):
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

    def unwrap(self, program: str, words: Sequence[Span]) -> Sequence[Span] | None:
        """The command a wrapper runs, or None when ``words`` is not a wrapper."""
        if program in SIMPLE_WRAPPERS:
            if program == "command" and any(w.text in ("-v", "-V") for w in words[1:2]):
                return None
            return _after_options(words[1:], SIMPLE_WRAPPERS[program])
        if program == "env":
            rest = list(words[1:])
            while rest and (rest[0].text.startswith("-") or re.match(r"[A-Za-z_]\w*=", rest[0].text)):
                takes = rest[0].text in ("-u", "--unset", "-C", "--chdir", "-S")
                rest = rest[2:] if takes else rest[1:]
            return rest
        if program == "timeout":
            after = _after_options(words[1:], frozenset({"-s", "--signal", "-k", "--kill-after"}))
            return after[1:]  # the duration
        if program in ("docker", "podman", "nerdctl", "docker-compose", "kubectl", "oc"):
            return _container_command(program, words)
        return None

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
            self.sub_script(script.text, _SpanPoints(script))
        elif node is not None and self.depth < _MAX_DEPTH and program != "eval":
            parent = node.parent
            if parent is not None and parent.type == "redirected_statement":
                for redirect in parent.children:
                    if redirect.type != "heredoc_redirect":
                        continue
                    for body in redirect.children:
                        if body.type == "heredoc_body":
                            base = self.char(body.start_byte)
                            self.sub_script(self.src(body), _ShiftedPoints(self.point_of, base))

    def syntax_error(self, root: Any) -> None:
        """One note when tree-sitter could not parse all of the script (what it
        recovered has been read all the same).
        """
        if not root.has_error:
            return
        line = self.point_of(self.char(_first_error_byte(root)))[0]
        self.out.notifications.append(Notification(self.path, SYNTAX_ERROR, Level.NOTE, line))

    def sub_script(self, text: str, point_of: _Positions) -> None:
        if DYNAMIC in text:
            text = text.replace(DYNAMIC, " ")
        child = _Script(self.path, text, point_of, self.out, parent=self, depth=self.depth + 1)
        tree = _parse(child.data)
        if tree is not None:
            child.run(tree.root_node)


class _SpanPoints:
    """Positions of a script that is the value of a located word (``sh -c '…'``)."""

    def __init__(self, span: Span) -> None:
        self.located = Located.of(span)
        self.end = span.locate(len(span.text), len(span.text))

    def __call__(self, offset: int) -> tuple[int, int]:
        if offset < len(self.located):
            return self.located.point(offset)
        return self.end.line, self.end.column  # as Span.locate clamps an offset past the end

    def run_end(self, offset: int) -> int:
        return self.located.run_end(offset) if offset < len(self.located) else offset + 1


class _ShiftedPoints:
    """Positions of a script that is a slice of another (a heredoc body)."""

    def __init__(self, outer: _Positions, base: int) -> None:
        self.outer = outer
        self.base = base

    def __call__(self, offset: int) -> tuple[int, int]:
        return self.outer(self.base + offset)

    def run_end(self, offset: int) -> int:
        return self.outer.run_end(self.base + offset) - self.base


def _after_options(words: Sequence[Span], with_argument: frozenset[str]) -> Sequence[Span]:
    i = 0
    while i < len(words) and words[i].text.startswith("-"):
        if words[i].text == "--":
            return words[i + 1 :]
        i += 2 if words[i].text in with_argument else 1
    return words[i:]


def _container_command(program: str, words: Sequence[Span]) -> Sequence[Span] | None:
    """The command that ``docker exec/run``, ``docker compose exec/run`` or
    ``kubectl exec … --`` runs inside a container.
    """
    texts = [w.text for w in words]
    if program in ("kubectl", "oc"):
        if len(texts) > 1 and texts[1] in ("exec", "run", "debug") and "--" in texts:
            return words[texts.index("--") + 1 :]
        return None
    i = 1
    if program == "docker" and len(texts) > 2 and texts[1] in ("compose", "container"):
        i = 2
    if i >= len(texts) or texts[i] not in ("exec", "run"):
        return None
    sub = texts[i]
    i += 1
    entrypoint: Span | None = None
    while i < len(words) and texts[i].startswith("-"):
        text = texts[i]
        if text == "--":
            i += 1
            break
        name = text.split("=", 1)[0]
        if name == "--entrypoint":
            entrypoint = words[i + 1] if "=" not in text and i + 1 < len(words) else None
        i += 2 if name in DOCKER_ARG_OPTIONS and "=" not in text else 1
    rest = words[i + 1 :]  # skip the container, service or image
    if sub == "run" and entrypoint is not None:
        return [entrypoint, *rest]
    return rest


#: Node kinds :func:`_nodes` returns.
_WANTED = frozenset({"command", "variable_assignment", "for_statement", "c_style_for_statement"})
#: Below this many bytes the tree is walked in Python: compiling the query costs
#: ~10 ms, more than walking a few thousand nodes (pre-commit runs are start-up bound).
_QUERY_ABOVE = 16 * 1024


#: The most words of one command line that are read (see :meth:`_Script.argv`).
_MAX_WORDS = 10_000


def _children(node: Any) -> Iterator[Any]:
    """The children of ``node`` one at a time (``node.children`` builds a Node
    object for each at once: millions for a hostile command line).
    """
    cursor = node.walk()
    if cursor.goto_first_child():
        yield cursor.node
        while cursor.goto_next_sibling():
            yield cursor.node


def _nodes(root: Any) -> list[Any]:
    """The commands, assignments and loops under ``root`` in source order (parents
    first), leaving out what stands inside a heredoc body (text, not commands).
    """
    if root.end_byte - root.start_byte <= _QUERY_ABOVE:
        return _walked_nodes(root)
    return _nodes_by_query(root)


def _nodes_by_query(root: Any) -> list[Any]:
    """What :func:`_nodes` returns, found by the compiled query (native code)."""
    found = _query_cursor().captures(root)
    bodies = sorted(found.get("heredoc", ()), key=lambda n: (n.start_byte, -n.end_byte))
    starts: list[int] = []
    ends: list[int] = []
    for body in bodies:
        if not ends or body.start_byte >= ends[-1]:
            starts.append(body.start_byte)
            ends.append(body.end_byte)
    nodes = []
    for node in found.get("node", ()):
        if starts:
            i = bisect.bisect_right(starts, node.start_byte) - 1
            if i >= 0 and node.end_byte <= ends[i] and node.start_byte < ends[i]:
                continue
        nodes.append(node)
    nodes.sort(key=lambda n: (n.start_byte, -n.end_byte))
    return nodes


def _walked_nodes(root: Any) -> list[Any]:
    """What :func:`_nodes` returns, found by a pre-order walk (no query)."""
    nodes = []
    stack = [root]
    while stack:
        node = stack.pop()
        kind = node.type
        if kind == "heredoc_body":
            continue
        if kind in _WANTED:
            nodes.append(node)
        stack.extend(reversed(node.children))
    nodes.sort(key=lambda n: (n.start_byte, -n.end_byte))
    return nodes


def _first_error_byte(root: Any) -> int:
    """Where the first syntax error starts: a MISSING node, or the first token of an
    ERROR node that is not part of a statement tree-sitter recovered inside it.
    Follows ``has_error`` down the tree instead of walking all of it.
    """
    node = root
    while True:
        if node.is_missing:
            return int(node.start_byte)
        inner = None
        for child in node.children:
            if child.has_error or child.is_missing:
                inner = child
                break
            if node.is_error and not (child.is_named and child.child_count):
                return int(child.start_byte)  # an unexpected token
        if inner is None:
            return int(node.start_byte)
        node = inner


_LANGUAGE: Any = None
_PARSER: Any = None
_QUERY_OBJ: Any = None


def _parse(data: bytes) -> Any:
    global _LANGUAGE, _PARSER
    if _PARSER is None:
        import tree_sitter_bash
        from tree_sitter import Language, Parser

        _LANGUAGE = Language(tree_sitter_bash.language())
        _PARSER = Parser(_LANGUAGE)
    shape = _ASTRAL.sub(_SAFE_ASTRAL, data)
    if b"<>" in shape:
        shape = _READ_WRITE.sub(b"< ", shape)
    if b"for" in shape:
        shape = _FOR_DO.sub(rb"\1;", shape)
    if b"=~" in shape:
        shape = _blank_regex_operands(shape)
    return parse_tree(_PARSER, shape)


def _query_cursor() -> Any:
    """A new cursor over the node query (compiled once, on first use)."""
    global _QUERY_OBJ
    from tree_sitter import Query, QueryCursor

    if _QUERY_OBJ is None:
        _QUERY_OBJ = Query(_LANGUAGE, _QUERY)
    return QueryCursor(_QUERY_OBJ)


# tree-sitter-bash 0.25.1 segfaults on `{` followed by some characters beyond
# U+FFFF (planes 6-16, found by fuzzing).  The parser only needs their shape:
# each is swapped for U+10000, also four UTF-8 bytes, so every byte offset, and
# every value sliced from the original text, stays exact.
_ASTRAL = re.compile(rb"[\xf0-\xf4][\x80-\xbf]{3}")
_SAFE_ASTRAL = "\U00010000".encode()
# Nor does it know the read-write redirection `[n]<> file` (a syntax error
# that loses the rest of the command): the parser sees an input redirection.
_READ_WRITE = re.compile(rb"(?<=[\d\s])<>")
# Nor a `[[ … =~ regex ]]` operand mixing quotes and parentheses
# (`"$b"=(.*)`); the regex never matters here, so the parser sees x's
# (see _blank_regex_operands).
_REGEX_OPERATOR = re.compile(rb"=~[ \t]++")
#: Where an operand ends: a run of blanks (from its first) before ``]]``.
_OPERAND_END = re.compile(rb"(?<![ \t])[ \t]++\]\]")
# Nor `for name do` (POSIX: the positional parameters), which it reads only
# with a separator: `for name;do`, same length.
_FOR_DO = re.compile(rb"(\bfor[ \t]+[A-Za-z_]\w*[ \t]*)[ \t](?=do\b)")


def _template_expressions(text: str, jinja: bool) -> list[tuple[int, int]]:
    r"""The spans of GitHub ``${{ … }}`` expressions in ``text`` (with ``jinja``,
    of Jinja's ``{{ … }}`` too, a ``$`` just before included), each to the
    first ``}}``: what ``\$\{\{.*?\}\}`` (``\$?\{\{.*?\}\}``) finds, without
    searching again from every later opener when one is never closed.
    """
    opener = "{{" if jinja else "${{"
    spans: list[tuple[int, int]] = []
    pos = 0
    while (start := text.find(opener, pos)) >= 0 and (close := text.find("}}", start + len(opener))) >= 0:
        if jinja and start > pos and text[start - 1] == "$":
            start -= 1
        spans.append((start, close + 2))
        pos = close + 2
    return spans


def _blank_regex_operands(data: bytes) -> bytes:
    r"""``data`` with each ``=~ operand ]]`` operand (on one line) made of x's,
    as ``re.sub(rb"(=~[ \t]+)([^\n]*?)([ \t]+\]\])", …)`` replaced it
    without its cubic backtracking on a long run of blanks: the operand ends
    at the first blank run before ``]]`` after the blanks that follow ``=~``
    (or is empty, when those blanks, two or more, are right before ``]]``).
    A line where one ``=~`` finds no end holds no other operand.
    """
    out: list[bytes] = []
    pos = 0
    while (operator := _REGEX_OPERATOR.search(data, pos)) is not None:
        start = operator.end()
        line_end = data.find(b"\n", start)
        if line_end < 0:
            line_end = len(data)
        end = _OPERAND_END.search(data, start, line_end)
        if end is not None:
            out += (data[pos:start], b"x" * (end.start() - start), data[end.start() : end.end()])
            pos = end.end()
        elif operator.end() - operator.start() > 3 and data.startswith(b"]]", start):
            out.append(data[pos : start + 2])  # an empty operand: nothing to change
            pos = start + 2
        else:
            out.append(data[pos:line_end])
            pos = line_end
    out.append(data[pos:])
    return b"".join(out)


# --------------------------------------------------------------------------- entry points


class _LinePoints:
    """Positions of a script's characters by its lines; ``origins[i]`` says where
    its line ``i`` stands in the file (None: the script is the file).
    """

    def __init__(self, text: str, origins: Sequence[Origin] | None) -> None:
        self.lines = LineStarts(text)
        self.origins = origins

    def __call__(self, offset: int) -> tuple[int, int]:
        lo = self.lines.line_index(offset)
        column = offset - self.lines.starts[lo] + 1
        origins = self.origins
        if origins is None:
            return lo + 1, column
        origin = origins[min(lo, len(origins) - 1)] if origins else Origin(lo + 1)
        return origin.line, column + origin.indent

    def run_end(self, offset: int) -> int:
        lo = self.lines.line_index(offset)
        return self.lines.starts[lo + 1] if lo + 1 < len(self.lines) else sys.maxsize


def extract_script(
    path: str,
    text: str,
    origins: Sequence[Origin] | None = None,
    env: Mapping[str, str] | None = None,
) -> Extraction:
    """Candidates of shell ``text``; ``origins[i]`` says where its line ``i`` stands in
    the file (embedded shell in a Dockerfile or CI file), ``env`` gives variables
    known from outside (Dockerfile ``ENV``).
    """
    out = Extraction()
    if "\x00" in text:
        out.notifications.append(Notification(path, "not analysed: the file contains NUL bytes"))
        return out
    try:
        script = _Script(path, text, _LinePoints(text, origins), out, env=env)
        tree = _parse(script.data)
        script.run(tree.root_node)
        script.syntax_error(tree.root_node)
    except (RecursionError, ValueError, UnicodeError) as exc:
        out.candidates.clear()
        out.notifications.append(Notification(path, f"shell script not analysed: {type(exc).__name__}"))
    _dedupe(out)
    return out


class _LocatedPoints:
    """Positions of a script decoded by another front-end (a YAML scalar)."""

    def __init__(self, located: Located) -> None:
        self.located = located

    def __call__(self, offset: int) -> tuple[int, int]:
        located = self.located
        if not len(located):
            return 1, 1
        if offset < len(located):
            return located.point(offset)
        line, column = located.point(-1)
        return line, column + 1 + offset - len(located)

    def run_end(self, offset: int) -> int:
        return self.located.run_end(offset) if offset < len(self.located) else sys.maxsize


def extract_located(path: str, located: Located, *, jinja: bool = False) -> Extraction:
    """Candidates of the shell script ``located.text``, located character by character;
    with ``jinja``, ``{{ … }}`` are values not known statically (Ansible tasks).
    """
    text = located.text
    out = Extraction()
    if "\x00" in text:
        out.notifications.append(Notification(path, "not analysed: the script contains NUL bytes"))
        return out
    try:
        script = _Script(path, text, _LocatedPoints(located), out, jinja=jinja)
        root = _parse(script.data).root_node
        script.run(root)
        script.syntax_error(root)
    except (RecursionError, ValueError, UnicodeError) as exc:
        out.candidates.clear()
        out.notifications.append(Notification(path, f"shell script not analysed: {type(exc).__name__}"))
    _dedupe(out)
    return out


class _FixedPoint:
    """One position for every character (a command given as words, not as text)."""

    def __init__(self, line: int, column: int) -> None:
        self.point = (line, column)

    def __call__(self, offset: int) -> tuple[int, int]:
        return self.point

    def run_end(self, offset: int) -> int:
        return offset + 1


def extract_argv(path: str, words: Sequence[Span], location: Location) -> Extraction:
    """Candidates of an exec-form command (Dockerfile ``["mysql", "…"]``, compose lists)."""
    out = Extraction()
    script = _Script(path, "", _FixedPoint(location.line, location.column), out)
    script._expanded = set()
    script._raw = {}
    try:
        script.dispatch(list(words), location)
    except (RecursionError, ValueError, UnicodeError) as exc:
        out.notifications.append(Notification(path, f"command not analysed: {type(exc).__name__}"))
    _dedupe(out)
    return out


def _dedupe(out: Extraction) -> None:
    seen: set[tuple[object, ...]] = set()
    kept: list[Candidate] = []
    for c in out.candidates:
        key = (
            c.client,
            c.location,
            c.url.text if c.url else None,
            tuple((w.text, w.locate()) for w in c.argv),
            tuple((s.key, s.location) for s in c.settings),
        )
        if key not in seen:
            seen.add(key)
            kept.append(c)
    out.candidates[:] = kept


def extract(path: str, text: str) -> Extraction:
    """Candidates of one shell script (``.sh``, ``.bash``, ``.envrc``, shebang files)."""
    return extract_script(path, text)
