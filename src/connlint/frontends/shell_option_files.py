"""Option files a client command names (issue 16, item 13): the ``[client]``
and program groups of a ``--defaults-file`` / ``--defaults-extra-file`` that
is in the repository join that command's connection.

The files are found relative to the script's directory and to the repository
root (an absolute path, under the repository root), read through the run's
:class:`~connlint.project.Project` (each once per process, under the size cap)
and parsed by the option-file front-end.  Their TLS and host options are put
before the command line's own words (the clients read option files first, so
the command line wins), each located at the word that names the file, with a
:class:`~connlint.model.Hop` to the line of the file it comes from.  A
``--login-path`` reads ``.mylogin.cnf``, which is never in a repository: it
stands for options not known, as a file not in the repository (below), and the
TLS mode is then not known statically unless the command line sets it.

A named file that is not in the repository (``/etc/mysql/app.cnf``, a name
given at run time, ``<( … )``) may set ``ssl-mode`` or ``ssl-ca`` in its
``[client]`` group (issue 16, item 1): the TLS mode is then not known
statically either (UNKNOWN: no CL205 "sets no TLS option", which would say
what the file may contradict), unless the script writes the file itself from
text that names no TLS option (:func:`written_without_tls`: docker-library's
``--defaults-extra-file=<( _mysql_passfile )`` gives a password only).
"""

from __future__ import annotations

import functools
import os
import posixpath
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from connlint import lazy, project
from connlint.clients.cli_options import UNKNOWN_WORDS_KEY
from connlint.clients.mysql_cli import MARIADB_PROGRAMS
from connlint.frontends.shell_positions import Positions
from connlint.model import DYNAMIC, Candidate, Hop, Location, Setting, Span
from connlint.scope import display_path, is_repository_root, read_context_file

#: The options that name a file to read.
_FILE_OPTIONS: tuple[str, ...] = ("--defaults-file", "--defaults-extra-file")
#: The options of a file that join the command (a password is the file's own finding).
_JOINED = lazy.compile(
    r"(?:loose[-_])?(?:skip[-_]|disable[-_]|enable[-_])?(?:ssl|tls|host|port|protocol|socket)(?:[-_]|$)"
)
#: The options among those that decide TLS (the trail goes with these).
_TLS_KEY = lazy.compile(r"(?:loose[-_])?(?:skip[-_]|disable[-_]|enable[-_])?(?:ssl|tls)(?:[-_]|$)")
#: Files one command may name that are read (the clients take one of each option).
_MAX_FILES = 2
#: How far up from a script the repository root is looked for.
_MAX_UP = 40
#: Text by which a file a script writes may set a TLS option (or read another
#: file that does: ``!include``, ``!includedir``).
_MAY_SET_TLS = lazy.compile(r"(?i)ssl|tls|!include")

#: Whether the script writes the option file a word names (see
#: :func:`written_without_tls`): False when from text without TLS options,
#: True when perhaps with, None when not.
Writer = Callable[[Span], "bool | None"]


@dataclass(frozen=True)
class CopiedFile:
    """An option file of the repository that a Dockerfile copies to where the
    image's clients read it by default (``COPY my.cnf /etc/mysql/my.cnf``).
    """

    dockerfile: str  # the Dockerfile (its directory is the usual build context)
    source: str  # the file as the COPY names it
    destination: str  # where the image has it
    location: Location  # the COPY (or the volume)
    by: str = "the COPY"  # what puts it there, for the trail


#: The option files the MySQL and MariaDB clients read by default, in that order
#: ("Using Option Files", https://dev.mysql.com/doc/refman/8.4/en/option-files.html;
#: https://mariadb.com/kb/en/configuring-mariadb-with-option-files/), and the
#: directories their images' and distributions' files ``!includedir`` (the
#: official mysql image appends ``/etc/mysql/conf.d`` to ``/etc/my.cnf``, the
#: mariadb image's ``/etc/mysql/my.cnf`` has ``conf.d`` and ``mariadb.conf.d``,
#: Red Hat's ``/etc/my.cnf`` has ``/etc/my.cnf.d``), each after its file.
READ_ORDER: tuple[str, ...] = (
    "/etc/my.cnf",
    "/etc/my.cnf.d/",
    "/etc/mysql/my.cnf",
    "/etc/mysql/conf.d/",
    "/etc/mysql/mariadb.conf.d/",
)
#: Destinations that are directories of the image without a trailing ``/``.
_DIRECTORIES: frozenset[str] = frozenset(
    {"/etc", "/etc/mysql", *(d.rstrip("/") for d in READ_ORDER if d.endswith("/"))}
)


def _read_order(destination: str) -> tuple[int, str]:
    """Where a default option file stands in the clients' reading order."""
    for rank, place in enumerate(READ_ORDER):
        if destination == place or (place.endswith("/") and destination.startswith(place)):
            return rank, destination
    return len(READ_ORDER), destination


def read_files(copied: dict[str, CopiedFile]) -> tuple[CopiedFile, ...]:
    """The files of ``copied`` (by destination) the image's clients read, in order.
    An image whose ``/etc/my.cnf`` or ``/etc/mysql/my.cnf`` the repository replaces
    may have lost the ``!includedir`` that reads a directory: then only the files
    themselves count.
    """
    if not copied:
        return ()
    files = sorted(copied.values(), key=lambda c: _read_order(c.destination))
    if any(c.destination in READ_ORDER for c in files):
        files = [c for c in files if c.destination in READ_ORDER]
    return tuple(files)


def landing(source: str, destination: str, *, several: bool = False) -> str | None:
    """Where a file of the repository copied or mounted to ``destination`` (with
    ``several`` others: into it) lands, when the image's clients read it by default
    (:data:`READ_ORDER`); None for a glob, a variable, a directory or elsewhere.
    """
    name = source.rstrip("/").rsplit("/", 1)[-1] if not source.endswith("/") else ""
    if not name or any(c in source for c in "*?[$"):
        return None
    normal = posixpath.normpath(destination) + ("/" if destination.endswith("/") else "")
    into = several or normal.endswith("/") or normal in _DIRECTORIES
    target = posixpath.join(normal, name) if into else normal.rstrip("/")
    rank, _ = _read_order(target)
    if rank < len(READ_ORDER) and (target in READ_ORDER or target.endswith(".cnf")):
        return target
    return None


def option_file_words(
    path: str,
    program: str,
    words: Sequence[Span],
    written: Writer | None = None,
    copied: Sequence[CopiedFile] = (),
) -> tuple[list[Span], list[Setting]]:
    """The words the option files named in ``words`` (a client command line of
    the script ``path``) add before its own options, and a setting for each
    carrying the trail to the file (for :mod:`connlint.connections`).
    ``written`` tells a file the script writes itself; ``copied`` are the
    default option files of the image the command runs in (first).
    """
    added: list[Span] = []
    settings: list[Setting] = []
    if copied and not any(w.text.startswith(("--no-defaults", "--defaults-file")) for w in words[1:]):
        # The image's default option files, read before any other (the command's
        # own --defaults-file or --no-defaults reads none of them).
        at = words[0].locate()
        for copy in copied:
            groups = _groups(copy.dockerfile, copy.source)
            if groups is not None:
                display, candidates = groups
                shown = f"{display}, the image's {copy.destination} by {copy.by} at line {copy.location.line}"
                _join(candidates, path, program, at, shown, added, settings)
    for reference, target in _named(words):
        if reference.text.startswith("--login-path"):
            # .mylogin.cnf (obfuscated, per user) is never in the repository: options
            # not known, as a file not in it (no option name guessed: a guessed
            # --ssl-mode names the MySQL family and is no MariaDB option).
            location = reference.locate()
            unknown = _at(DYNAMIC, path, location.line, location.column)
            added.append(unknown)
            settings.append(_login_path(unknown.locate(), reference.text))
            continue
        groups = _groups(path, target) if DYNAMIC not in target else None
        if groups is None:
            made = written(reference) if written is not None else None
            if project.current() is None or made is False:
                continue  # outside a run nothing is read; a file the script writes without TLS
            # Not in the repository: its [client] group may set the TLS mode.
            location = reference.locate()
            # Options not known (what ``$SSL_OPTS`` gives): any --ssl-mode or
            # ssl-verify-server-cert for either family, an explicit option of
            # the command line after them decides; no option name is guessed
            # (a guessed --ssl-mode is no MariaDB option: a false CL303).
            unknown = _at(DYNAMIC, path, location.line, location.column)
            added.append(unknown)
            settings.append(_absent(unknown.locate(), target, made is True))
            continue
        display, candidates = groups
        _join(candidates, path, program, reference.locate(), display, added, settings)
    # A later group or file overrides an option: the trail names the one that counts.
    last = {s.key.lower(): i for i, s in enumerate(settings)}
    settings = [s if last[s.key.lower()] == i else replace(s, trail=()) for i, s in enumerate(settings)]
    return added, settings


def _join(
    candidates: Sequence[Candidate],
    path: str,
    program: str,
    location: Location,
    display: str,
    added: list[Span],
    settings: list[Setting],
) -> None:
    """The options of the groups ``program`` reads (:func:`groups_read`) of an
    option file (``display``) that join a command of ``path``: words at
    ``location`` (the word that names the file) in ``added``, a setting each in
    ``settings``, in the order of the file's lines.
    """
    read = groups_read(program)
    # The clients read a file line by line, taking the options of every group they
    # read (``search_default_file_with_buffers`` in mysys/my_default.c): a later
    # line overrides an earlier one whatever its group.
    chosen = sorted(
        ((c, s) for c in candidates if c.driver in read for s in c.settings),
        key=lambda pair: (pair[1].location.line, pair[1].location.column),
    )
    for candidate, setting in chosen:
        if not _JOINED.match(setting.key.lower()) or not (
            setting.value is None or isinstance(setting.value, str)
        ):
            continue
        text = f"--{setting.key}" if setting.value is None else f"--{setting.key}={setting.value}"
        added.append(_at(text, path, location.line, location.column))
        # The trail goes with the options that decide TLS (all share the reference's place).
        tls = _TLS_KEY.match(setting.key.lower()) is not None
        hop = (Hop(setting.location, f"via [{candidate.driver}] in {display}"),) if tls else ()
        settings.append(
            Setting(
                setting.key,
                setting.value,
                location,
                source=f"[{candidate.driver}] in {display}",
                trail=hop,
            )
        )


#: Groups every MariaDB client reads besides ``[client]``, and no MySQL client
#: ("Option Groups", https://mariadb.com/kb/en/configuring-mariadb-with-option-files/;
#: ``load_default_groups`` in MariaDB's client/mysqldump.c is ``mysqldump``,
#: ``mariadb-dump``, ``client``, ``client-server``, ``client-mariadb``).
_MARIADB_CLIENT_GROUPS: tuple[str, ...] = ("client-server", "client-mariadb")


def groups_read(program: str) -> frozenset[str]:
    """The option groups the client ``program`` reads: ``[client]`` and its own
    for any; for a MariaDB program (``mariadb``, ``mariadb-dump``: the family is
    MariaDB for sure) also ``[client-server]``, ``[client-mariadb]`` and the group
    of its ``mysql`` name (``[mysqldump]`` for ``mariadb-dump``), and for the
    ``mariadb`` command-line client ``[mysql]`` and ``[mariadb-client]``
    (client/mysql.cc).  A ``mysql``-named program may be either family's: its
    family is known only later (the image or package the command runs from,
    :mod:`connlint.clients.client_context`), so only ``[client]`` and its own
    group are read for it, as a MySQL client does.
    """
    if program not in MARIADB_PROGRAMS:
        return frozenset({"client", program})
    if program == "mariadb":
        return frozenset({"client", *_MARIADB_CLIENT_GROUPS, "mysql", "mariadb-client"})
    own = {program}
    if program.startswith("mariadb-") and program != "mariadb-backup":
        own.add("mysql" + program.removeprefix("mariadb-"))
    return frozenset({"client", *_MARIADB_CLIENT_GROUPS, *own})


def _absent(location: Location, target: str, made: bool) -> Setting:
    """The setting that says why the mode is not known: the file is not read
    (``made``: the script writes it, from text that may set TLS).
    """
    if made:
        label = "via an option file the script writes with TLS options"
    else:
        shown = "a file named at run time" if DYNAMIC in target or not target else f"`{target}`"
        label = f"via {shown}, not in the repository (its [client] group may set TLS)"
    hop = Hop(location, label)
    if made:
        named: str | None = "an option file the script writes"
    else:
        named = target if target and DYNAMIC not in target else None
    return Setting(UNKNOWN_WORDS_KEY, None, location, source="option file", unknown=named, trail=(hop,))


def _login_path(location: Location, word: str) -> Setting:
    """The setting that says why the mode of a ``--login-path`` command is not known."""
    name = word.partition("=")[2]
    shown = f"[{name}] of ~/.mylogin.cnf" if name and DYNAMIC not in name else "~/.mylogin.cnf"
    hop = Hop(location, f"via the login path {shown}, not in the repository (it may set TLS)")
    return Setting(UNKNOWN_WORDS_KEY, None, location, source="login path", unknown=shown, trail=(hop,))


def _at(text: str, path: str, line: int, column: int) -> Span:
    """An option read from a file, every character at the word that names the
    file (inside it, however long: the trail goes with what stands there).
    """
    return Span.from_points(text, path, [(line, column)] * len(text))


def _named(words: Sequence[Span]) -> Iterator[tuple[Span, str]]:
    """The words that name an option file or a login path, with the name."""
    count = 0
    for i, word in enumerate(words[1:], start=1):
        text = word.text
        if count >= _MAX_FILES:
            return
        if text.startswith("--login-path"):
            yield word, ""
            count += 1
            continue
        for option in _FILE_OPTIONS:
            if text == option + "=" and i + 1 < len(words) and words[i + 1].text == DYNAMIC:
                # ``--defaults-extra-file=<( … )``: tree-sitter-bash reads the
                # process substitution as the next word (bash expands it inside).
                yield words[i + 1], DYNAMIC
                count += 1
            elif text.startswith(option + "="):
                yield word, text[len(option) + 1 :]
                count += 1
            elif text == option and i + 1 < len(words):
                yield words[i + 1], words[i + 1].text
                count += 1


def _groups(path: str, target: str) -> tuple[str, list[Candidate]] | None:
    """The client groups of the option file ``target`` named by the script
    ``path``, when it is in the repository (None outside a run).
    """
    current = project.current()
    if current is None or not target or target.startswith("~"):
        return None
    here = Path(os.path.abspath(path)).parent
    root = _repository_root(here)
    if os.path.isabs(target):
        places = [root / target.lstrip("/")] if root is not None else []
    else:
        places = [here / target, *([root / target] if root is not None else [])]
    for place in places:
        place = Path(os.path.normpath(place))
        found = current.memo(("option-file", str(place)), functools.partial(_read, place))
        if found is not None:
            return found
    return None


def _read(place: Path) -> tuple[str, list[Candidate]] | None:
    from connlint.frontends import option_file

    display = display_path(place)
    text, _problem = read_context_file(place, display)
    if text is None:
        return None
    return display, option_file.extract(display, text).candidates


def _repository_root(directory: Path) -> Path | None:
    for depth, candidate in enumerate((directory, *directory.parents)):
        if depth > _MAX_UP:
            break
        if is_repository_root(candidate):
            return candidate
    return None


#: Commands that write the text they are given to a file (``cat >f <<EOF``,
#: ``echo … > f``, ``printf … >> f``, ``tee f <<EOF``).
_WRITERS: frozenset[str] = frozenset({"cat", "echo", "printf", "tee"})


def written_without_tls(
    nodes: Sequence[Any], src: Callable[[Any], str], text: str, point_of: Positions, bodies: Mapping[str, Any]
) -> Writer:
    """Whether the script (its ``command`` ``nodes``, ``src`` of a node, its
    ``text`` and the file positions of its characters, its functions' ``bodies``)
    writes the option file a word names: a process substitution of its own
    functions or of ``echo``/``printf``/``cat`` (``<( _mysql_passfile )``), or a
    path that a writer of the script redirects to (``cat >"$PASSFILE" <<EOF``),
    both matched as written (where the word stands: in an array, ``mysql=(mysql
    --defaults-extra-file="$PASSFILE")``, what ``"${mysql[@]}"`` gives).  False:
    from text without a TLS option; True: from text that may hold one; None: not
    written by the script (or not known).
    """
    writes: list[tuple[str, str]] = []  # found at the first file not in the repository
    scanned = False

    def written(word: Span) -> bool | None:
        nonlocal scanned
        at = word.locate()
        offset = _offset_of(point_of, len(text), (at.line, at.column))
        if offset is None:
            return None
        if text.startswith("<(", offset):
            end = text.find(")", offset)
            return _substituted(text[offset + 2 : end], src, bodies) if end > 0 else None
        found = _WORD.match(text, offset)
        written = found.group() if found is not None else ""
        if written.startswith("--") and "=" in written:
            written = written.split("=", 1)[1]
        target = _normal(written)
        if not scanned:
            writes.extend(_writes(nodes, src))
            scanned = True
        contents = [content for path, content in writes if path == target]
        if not target or not contents:
            return None
        return any(_MAY_SET_TLS.search(content) is not None for content in contents)

    return written


#: A shell word as written (quotes kept): where a named file's path is read.
_WORD = lazy.compile(r"""(?:[^\s"'();|&<>]++|"[^"]*+"|'[^']*+')++""")


def _offset_of(point_of: Positions, size: int, point: tuple[int, int]) -> int | None:
    """The character of the script that stands at ``point`` of the file (the
    positions grow with the offset), or None.
    """
    low, high = 0, size
    while low < high:
        middle = (low + high) // 2
        if point_of(middle) < point:
            low = middle + 1
        else:
            high = middle
    return low if low < size and point_of(low) == point else None


def _substituted(inner: str, src: Callable[[Any], str], bodies: Mapping[str, Any]) -> bool | None:
    """``<( inner )``: True/False as :func:`written_without_tls` says, None when
    it runs anything but the script's functions and the writers.
    """
    text = inner
    for command in inner.replace("&&", ";").replace("||", ";").replace("|", ";").split(";"):
        words = command.split()
        if not words:
            continue
        reads = words[0] == "cat" and any(not w.startswith("-") for w in words[1:])
        if words[0] in bodies:
            text += src(bodies[words[0]])
        elif words[0] not in _WRITERS or reads:
            return None  # another program's output, or a file cat reads
    return _MAY_SET_TLS.search(text) is not None


def _writes(nodes: Sequence[Any], src: Callable[[Any], str]) -> Iterator[tuple[str, str]]:
    """(target as written, normalised; the statement's text) of each writer the
    script redirects to a file.
    """
    for node in nodes:
        parent = node.parent
        if node.type != "command" or parent is None or parent.type != "redirected_statement":
            continue
        name = node.child_by_field_name("name")
        program = src(name) if name is not None else ""
        if program not in _WRITERS:
            continue
        content = src(parent)
        targets = [c for c in parent.children if c.type == "file_redirect"]
        targets += [c for r in parent.children if r.type == "heredoc_redirect" for c in r.children]
        for redirect in targets:
            if redirect.type != "file_redirect" or not redirect.children:
                continue
            if src(redirect.children[0]) in (">", ">>"):
                yield _normal(src(redirect.children[-1])), content
        if program == "tee":
            for argument in node.children_by_field_name("argument"):
                yield _normal(src(argument)), content


def _normal(written: str) -> str:
    """A path as written, without quotes and braces (``"${F}"`` is ``$F``)."""
    return written.replace('"', "").replace("'", "").replace("${", "$").replace("}", "")
