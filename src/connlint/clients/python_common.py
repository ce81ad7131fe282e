"""What the Python driver modules share: the keyword arguments of one call
(:class:`Options`), how a value reads (:func:`truth`, :func:`known_text`), the
verdict a driver module returns, and the :class:`PythonDriver` interface each
driver module implements (its ``verdict`` function, named in
:mod:`connlint.clients.drivers`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from connlint.clients.decisions import dedupe_facts
from connlint.clients.versions import at_least
from connlint.lazy import dataclass
from connlint.model import (
    DYNAMIC,
    Candidate,
    Connection,
    Decision,
    Fact,
    FactKind,
    Location,
    Outcome,
    Secret,
    Setting,
    TlsMode,
    Trust,
    TrustKind,
)

_FALSE_CONSTANTS = frozenset({"False", "None", "0", "0.0", ""})


#: Keys that point the driver at an option file, which may hold ``ssl-*`` options.
OPTION_FILE_KEYS: frozenset[str] = frozenset({"read_default_file", "option_files", "default_file"})


class Options:
    """The settings of one call: last one wins per key; context steps kept in order."""

    def __init__(self, settings: Sequence[Setting]) -> None:
        self.all = list(settings)
        self.by_key: dict[str, Setting] = {}
        for setting in settings:
            self.by_key[setting.key] = setting

    def get(self, key: str) -> Setting | None:
        """The setting for ``key``, None when absent or the literal None."""
        setting = self.by_key.get(key)
        if setting is None or is_none(setting):
            return None
        return setting

    def under(self, prefix: str) -> list[Setting]:
        """Settings whose key starts with ``prefix + "."``, in order."""
        return [s for s in self.all if s.key.startswith(prefix + ".")]

    def spread(self) -> Setting | None:
        """An unresolved ``**kwargs`` (the call may set anything)."""
        return self.by_key.get("**")


def is_none(setting: Setting) -> bool:
    """Whether the argument is the constant ``None`` (not the string "None")."""
    return setting.value == "None" and setting.value_span is None


def truth(setting: Setting | None) -> bool | None:
    """Python truthiness of a setting's value; None when not known statically."""
    if setting is None:
        return False
    value = setting.value
    if value is None:
        return None
    if isinstance(value, Secret):
        return bool(value.reveal())
    if DYNAMIC in value:
        return True if value.replace(DYNAMIC, "") else None
    if setting.value_span is not None:  # a string literal: truthy unless empty
        return value != ""
    return value not in _FALSE_CONSTANTS


def text_of(setting: Setting) -> str:
    """The setting as written, for ``decided_by`` (passwords never appear)."""
    if setting.source:
        return setting.source
    value = "***" if isinstance(setting.value, Secret) else setting.value
    return f"{setting.key}={value}"


def known_text(setting: Setting) -> str | None:
    """The value when it is a string known statically, else None."""
    if isinstance(setting.value, str) and DYNAMIC not in setting.value:
        return setting.value
    return None


@dataclass(frozen=True)
class Verdict:
    """A decided mode and the setting that decided it (None: the driver default)."""

    mode: TlsMode
    decision: Decision
    at: Setting | None = None
    trust: Trust | None = None
    outcomes: tuple[Outcome, ...] = ()
    unknown: str | None = None
    facts: tuple[Fact, ...] = ()


def connection_of(
    verdict: Verdict,
    candidate: Candidate,
    *,
    client: str,
    driver: str | None,
    host: str | None,
    loopback: bool,
    facts: Sequence[Fact],
    evidence: tuple[Location, ...],
    version: str | None = None,
) -> Connection:
    """The connection ``candidate`` makes under ``verdict``: decided where the
    deciding setting stands (at the call for a driver default), trusting only
    when the mode verifies.
    """
    at = verdict.at
    return Connection(
        client=client,
        location=candidate.location,
        mode=verdict.mode,
        decision=verdict.decision,
        decided_at=at.location if at is not None else candidate.location,
        decided_by=text_of(at) if at is not None else "",
        driver=driver,
        version=version,
        host=host,
        loopback=loopback,
        outcomes=verdict.outcomes,
        trust=verdict.trust if verdict.mode.verifies else None,
        facts=tuple(dedupe_facts(facts)),
        unknown=verdict.unknown,
        evidence=evidence,
        trail=candidate.trail,
    )


def accepted_since(
    mode: TlsMode, at: Setting, driver: str, version: str | None, since: str, *, rejected: str, refuses: str
) -> Verdict:
    """``at`` asks for ``mode`` in a form ``driver`` accepts from ``since`` on:
    ``mode`` there; an older driver refuses the whole string (``refuses``: "the
    DSN"), so the connection fails (``rejected`` says how, after the version);
    with the version unknown, both outcomes.
    """
    newer = at_least(version, since)
    if newer is False:
        return Verdict(
            TlsMode.UNKNOWN,
            Decision.EXPLICIT,
            at,
            unknown=f"the connection fails: {driver} {version} {rejected}",
        )
    if newer:
        return Verdict(mode, Decision.EXPLICIT, at)
    return Verdict(
        mode,
        Decision.EXPLICIT,
        at,
        outcomes=(
            Outcome(TlsMode.UNKNOWN, f"{driver} < {since}, which rejects {refuses}"),
            Outcome(mode, f"{driver} {since}+"),
        ),
    )


def unknown_verdict(setting: Setting, why: str | None = None) -> Verdict:
    """UNKNOWN, decided at ``setting`` (whose value is not known statically)."""
    return Verdict(
        TlsMode.UNKNOWN, Decision.UNKNOWN, setting, unknown=why or setting.unknown or text_of(setting)
    )


def ca_trust(ca: Setting | None, capath: Setting | None) -> Trust:
    """The trust source named by a CA file or directory argument (none: the system's)."""
    chosen = ca or capath
    if chosen is None:
        return Trust(TrustKind.SYSTEM_DEFAULT)
    return Trust(TrustKind.CA_FILE, known_text(chosen), chosen.location)


def ssl_context(steps: Sequence[Setting], prefix: str, label: str) -> Verdict:
    """An ``ssl.SSLContext`` built in the source, step by step (https://docs.python.org/3/library/ssl.html#ssl.SSLContext).

    ``create_default_context()``: CERT_REQUIRED + check_hostname, system CAs
    unless cafile/capath/cadata.  ``SSLContext(PROTOCOL_TLS_CLIENT)``: the same
    but no CAs loaded.  Any other ``SSLContext(...)`` and
    ``_create_unverified_context()``: CERT_NONE, no hostname check.  Setting
    check_hostname True turns CERT_NONE into CERT_REQUIRED (3.7+); CERT_NONE
    while check_hostname is True raises ValueError.
    """
    verify: bool | None = None
    hostname: bool | None = None
    trust: Trust | None = None
    at: Setting | None = None
    created: Setting | None = None
    facts: list[Fact] = []
    for step in steps:
        what = step.key[len(prefix) + len(".context.") :]
        value = step.value if isinstance(step.value, str) else None
        if what == "created_by":
            created = at = step
            if value == "create_default_context":
                verify, hostname, trust = True, True, Trust(TrustKind.SYSTEM_DEFAULT)
            elif value in ("SSLContext", "_create_unverified_context"):
                verify, hostname = False, False
            else:
                return unknown_verdict(step)
        elif what == "protocol":
            if value == "PROTOCOL_TLS_CLIENT":
                verify, hostname, trust = True, True, Trust(TrustKind.UNKNOWN)
                at = step
            elif value is None:
                return unknown_verdict(step)
        elif what in ("cafile", "capath", "cadata"):
            path = known_text(step) if what != "cadata" else None
            trust = Trust(TrustKind.CA_FILE, path, step.location)
        elif what == "load_default_certs":
            if trust is None or trust.kind is TrustKind.UNKNOWN:
                trust = Trust(TrustKind.SYSTEM_DEFAULT)
        elif what == "check_hostname":
            flag = truth(step)
            if flag is None:
                return unknown_verdict(step)
            hostname = flag
            if flag and verify is False:
                verify = True
            at = step
        elif what == "verify_mode":
            if value is None:
                return unknown_verdict(step)
            if value == "CERT_NONE":
                if hostname:
                    facts.append(
                        Fact(
                            FactKind.INEFFECTIVE,
                            step.location,
                            "verify_mode",
                            detail="Python raises ValueError: cannot set verify_mode to CERT_NONE while "
                            "check_hostname is enabled (set check_hostname = False first)",
                        )
                    )
                    return Verdict(
                        TlsMode.UNKNOWN, Decision.EXPLICIT, step, unknown="ValueError", facts=tuple(facts)
                    )
                verify = False
            else:  # CERT_OPTIONAL verifies whatever the server presents, and it always presents one
                verify = True
            at = step
    if created is None or verify is None:
        return Verdict(TlsMode.UNKNOWN, Decision.UNKNOWN, created, unknown=f"{label} ssl context")
    if not verify:
        return Verdict(TlsMode.REQUIRED, Decision.EXPLICIT, at)
    mode = TlsMode.VERIFY_IDENTITY if hostname else TlsMode.VERIFY_CA
    return Verdict(mode, Decision.EXPLICIT, at, trust or Trust(TrustKind.UNKNOWN))


def ssl_disabled(opts: Options) -> Verdict | None:
    """DISABLED when ``ssl_disabled`` is truthy (PyMySQL, mysql-connector-python),
    UNKNOWN when its truth is not known statically, else None.
    """
    disabled = opts.get("ssl_disabled")
    flag = truth(disabled)
    if disabled is not None and flag is None:
        return unknown_verdict(disabled)
    if flag:
        assert disabled is not None
        return Verdict(TlsMode.DISABLED, Decision.EXPLICIT, disabled)
    return None


def option_file_unknown(opts: Options) -> Verdict | None:
    """UNKNOWN when the call reads an option file (TLS options may be there), else None."""
    for key in OPTION_FILE_KEYS:
        setting = opts.get(key)
        if setting is not None:
            where = known_text(setting) or setting.unknown or "an option file"
            return Verdict(
                TlsMode.UNKNOWN, Decision.UNKNOWN, setting, unknown=f"TLS options may come from {where}"
            )
    return None


def spread_unknown(opts: Options) -> Verdict | None:
    """UNKNOWN when the call spreads a ``**kwargs`` not known statically, else None."""
    spread = opts.spread()
    if spread is None:
        return None
    return Verdict(TlsMode.UNKNOWN, Decision.UNKNOWN, spread, unknown=spread.unknown or "**kwargs")


def hidden_options(opts: Options, *, option_files: bool = True) -> Verdict | None:
    """UNKNOWN when TLS options may be set where the call does not show them (a
    ``**kwargs`` spread, then an option file when the driver reads one), else
    None: what stands before a driver's default.
    """
    return spread_unknown(opts) or (option_file_unknown(opts) if option_files else None)


def default_verdict(opts: Options, mode: TlsMode, *, option_files: bool = True) -> Verdict:
    """The driver's default ``mode``, unless :func:`hidden_options` makes it UNKNOWN."""
    return hidden_options(opts, option_files=option_files) or Verdict(mode, Decision.DEFAULT)


class PythonDriver(Protocol):
    """A driver module's ``verdict``: the TLS mode of one call from its keyword
    arguments; it may add facts to ``facts``.  ``version`` is the driver's
    declared or configured version (None: unknown), ``label`` its display name.
    """

    def __call__(self, opts: Options, version: str | None, label: str, facts: list[Fact]) -> Verdict:
        """The verdict for one call."""
        ...
