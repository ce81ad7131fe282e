"""keytool command lines: which trust store a script fills with which CA file.

``keytool -importcert -keystore X -file Y`` (and the older ``-import``) puts the
CA certificate Y into the trust store X: both are files a CA rotation must
update (CL103), and Y may be a retired bundle (CL104, checked on every
TRUST_ANCHOR value).  A literal ``-storepass`` is a hardcoded credential (CL301).
Pure knowledge over located argv; the shell front-ends build the argv.
"""

from __future__ import annotations

from connlint.clients.mysql_cli import is_literal, program_name
from connlint.model import DYNAMIC, Assumptions, Candidate, Fact, FactKind, Location, Resolution, Secret, Span

#: Commands that import a certificate into a key store (JDK keytool reference;
#: ``-import`` is the pre-Java 6 name of ``-importcert``).
IMPORT_COMMANDS: frozenset[str] = frozenset({"-import", "-importcert", "-importkeystore"})

#: Options naming the store that receives the certificate.
KEYSTORE_OPTIONS: frozenset[str] = frozenset({"-keystore", "-destkeystore"})

#: Options naming the imported certificate or store.
SOURCE_OPTIONS: frozenset[str] = frozenset({"-file", "-srckeystore"})

#: Password options; ``-storepass:env VAR`` and ``-storepass:file F`` are not literals.
PASSWORD_OPTIONS: frozenset[str] = frozenset({"-storepass", "-deststorepass", "-srcstorepass", "-keypass"})

#: keytool options without a value (everything else takes one).
FLAG_OPTIONS: frozenset[str] = frozenset(
    {"-noprompt", "-trustcacerts", "-cacerts", "-v", "-rfc", "-protected", "-srcprotected", "-destprotected"}
)


def _join(a: Location, b: Location) -> Location:
    if a.line == b.line:
        return Location(a.path, a.line, a.column, b.end_line, b.end_column)
    return a


def _shown(text: str) -> str:
    return text.replace(DYNAMIC, "…")


def resolve(candidate: Candidate, assumptions: Assumptions) -> Resolution:
    """TRUST_ANCHOR facts for the store and file of an import, CREDENTIAL for literal passwords."""
    argv = candidate.argv
    if not argv or program_name(argv[0].text) not in ("keytool", "keytool.exe"):
        return Resolution()
    words = argv[1:]
    is_import = any(w.text in IMPORT_COMMANDS for w in words)
    facts: list[Fact] = []
    i = 0
    while i < len(words):
        word = words[i]
        name = word.text
        i += 1
        if not name.startswith("-") or name in FLAG_OPTIONS or name in IMPORT_COMMANDS:
            continue
        value: Span | None = words[i] if i < len(words) else None
        i += 1
        if value is None:
            break
        location = _join(word.locate(), value.locate())
        if is_import and (name in KEYSTORE_OPTIONS or name in SOURCE_OPTIONS):
            detail = "trust store" if name in KEYSTORE_OPTIONS else "imported CA certificate"
            facts.append(Fact(FactKind.TRUST_ANCHOR, location, name, _shown(value.text), detail))
        elif name in PASSWORD_OPTIONS and is_literal(value.text):
            secret = Secret(value.text, value)
            facts.append(Fact(FactKind.CREDENTIAL, location, name, secret, "store password"))
    if is_import and any(w.text == "-cacerts" for w in words):
        # Java 9+: -cacerts imports into the JVM's default trust store.
        at = next(w for w in words if w.text == "-cacerts").locate()
        facts.append(Fact(FactKind.TRUST_ANCHOR, at, "-cacerts", "cacerts", "JVM default trust store"))
    return Resolution(facts=facts)
