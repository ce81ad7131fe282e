"""Values not known statically on a client's command line (shell front-end):
an unquoted variable alone as an argument that may hold options (``mysql
$SSL_OPTS db``, not ``mysql "$DB_NAME"``), and the environment values read into
a TLS option of the command (``--ssl-mode=$DB_SSL``: a hop ``via env DB_SSL``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from connlint import lazy
from connlint.clients.cli_options import OPERAND, UNKNOWN_WORDS_KEY, parse_argv
from connlint.model import Hop, Setting, Span

#: A command-line word that sets a TLS option (``--ssl-mode=…``, ``--skip-ssl``, ``--tls-version``).
_TLS_OPTION = lazy.compile(r"--?(?:loose[-_])?(?:skip[-_]|disable[-_]|enable[-_])?(?:ssl|tls)")

#: Last parts of variable names that say the variable holds a client's operand
#: (``$DB_NAME``, ``$MYSQL_DATABASE``, ``$tables``, ``$dump_file``), not options.
_OPERAND_NAMES: frozenset[str] = frozenset(
    {
        "db",
        "dbs",
        "database",
        "databases",
        "dbname",
        "schema",
        "schemas",
        "table",
        "tables",
        "tbl",
        "name",
        "names",
        "file",
        "files",
        "dir",
        "path",
    }
)


_OPERAND_ENDINGS = tuple(_OPERAND_NAMES)


def may_hold_options(variable: str) -> bool:
    """Whether an unquoted variable not known statically, alone as a client's
    argument, may hold options (``$SSL_OPTS``, ``$EXTRA``, ``$ARGS``): any name but
    one that says it holds an operand (``$DB_NAME``, ``${DATABASE}``, ``$db``) or a
    one-letter loop variable (``$i``).
    """
    name = variable.lstrip("${").rstrip("}")
    if len(name) == 1 and name.islower():
        return False
    last = name.lower().rsplit("_", 1)[-1]  # dbName, tableName, dumpfile: the end says
    return not last.endswith(_OPERAND_ENDINGS)


def unknown_words(words: Sequence[Span], spread: Mapping[int, str]) -> Iterator[Setting]:
    """A setting at each argument that an unquoted variable not known statically
    stands for (``mysql $SSL_OPTS db``; ``spread``: the id of each such word ->
    the variable): the client reads options there, not a database name
    (:data:`~connlint.clients.cli_options.UNKNOWN_WORDS_KEY`).
    """
    marked = {w.locate(): n for w in words[1:] if (n := spread.get(id(w))) and may_hold_options(n)}
    if not marked:
        return
    # Only where the client reads an operand (``-h $HOST`` is the host).
    for option in parse_argv(words[1:]):
        name = marked.get(option.location) if option.name == OPERAND else None
        if name is not None:
            yield Setting(UNKNOWN_WORDS_KEY, None, option.location, source="shell", unknown=name)


def env_hops(reads: Sequence[tuple[str, Span]], words: Sequence[Span]) -> tuple[Hop, ...]:
    """A hop at each environment value read (``via env DB_SSL``) that went into a
    TLS option of the command (a password or a host read from it is no step of
    the TLS decision's way).
    """
    options = [w.text for w in words[1:] if _TLS_OPTION.match(w.text)]
    hops = {
        Hop(value.locate(), f"via env {name}"): None
        for name, value in reads
        if value.text and any(value.text in o or o in value.text for o in options)
    }
    return tuple(hops)
