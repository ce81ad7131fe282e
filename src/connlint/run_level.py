"""The run-level stage: checks that need every file's results at once.

Per-file checks see one file.  A client in a service's configuration and the
database an infrastructure file declares meet only once the run's results are
merged; so do a connection and the CA bundle it names in another directory.
After the engine merges the files' results, this stage

1. reads the CA bundles connections name, when they are in the tree
   (:class:`connlint.servers.bundle_files.BundleFiles`: named files only);
2. runs the checks that read ``servers`` or ``bundles`` (``RUN_LEVEL_READS``:
   CL403, CL404) on the whole run's connections and servers;
3. gives their findings what per-file findings get: per-file-ignores, the
   suppression comments of the file a finding is in (a comment they use is no
   longer an unused one), the masked source line.

A single-file run (``--stdin-filename``, a pre-commit hook naming a few files)
goes through the same stage with what that run holds.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from connlint.checks import run_checks
from connlint.checks.findings import FileFacts
from connlint.checks.registry import REGISTRATIONS, RUN_LEVEL_READS
from connlint.model import Connection, FactKind, Finding, Level, Location, Notification, Secret, TrustKind
from connlint.scope import display_path
from connlint.snippets import known_secrets, with_snippets
from connlint.suppressions import apply_ignores, parse_ignores

if TYPE_CHECKING:
    from connlint.engine import Report, RunSettings
    from connlint.servers.bundles import Bundle

#: The rule ids whose checks run at run level.
RUN_LEVEL_RULES = frozenset(rule for r in REGISTRATIONS if r.reads in RUN_LEVEL_READS for rule in r.rules)

_ANCHOR_FILES = (TrustKind.CA_FILE, TrustKind.TRUST_STORE)


def anchor_path(connection: Connection) -> str | None:
    """The bundle or trust store file ``connection`` names as written, if any."""
    trust = connection.trust
    return trust.path if trust is not None and trust.kind in _ANCHOR_FILES and trust.path else None


def named_bundles(
    connections: Sequence[Connection],
    roots: Sequence[Path],
    by_name: dict[str, list[Path]] | None = None,
) -> tuple[dict[tuple[str, str], Bundle], list[Notification]]:
    """The bundles ``connections`` name that are in the tree under ``roots``,
    by (connection's file, trust path as written); notifications for those
    that are there but cannot be read.  ``by_name``: the by-name search's
    listing of ``roots``, when a worker made it during the run.
    """
    from connlint.servers.bundle_files import BundleFiles

    named = [c for c in connections if anchor_path(c)]
    if not named:
        return {}, []
    files = BundleFiles(roots, by_name)
    bundles: dict[tuple[str, str], Bundle] = {}
    notes: dict[str, Notification] = {}
    for conn in named:
        assert conn.trust is not None and conn.trust.path is not None
        key = (conn.location.path, conn.trust.path)
        if key in bundles:
            continue
        found = files.find(conn.trust.path, Path(os.path.abspath(conn.location.path)))
        if found is None:
            continue
        bundle = files.bundle(found, display_path(found))
        if bundle is None:
            continue
        bundles[key] = bundle
        if not bundle.readable:
            notes[bundle.path] = Notification(bundle.path, f"CA bundle {bundle.problem}", Level.NOTE)
    return bundles, list(notes.values())


def refreshed_anchors(
    connections: Sequence[Connection], bundles: dict[tuple[str, str], Bundle]
) -> set[tuple[Location, str]]:
    """The trust-anchor facts (location, evidence) that name a retired bundle's
    file whose committed copy holds the current roots: CL104 judges by the file
    name, but a file refreshed under its old name is judged by what it holds.
    A fact also used by a connection whose copy is not read stays reported.
    """
    refreshed: set[tuple[Location, str]] = set()
    unread: set[tuple[Location, str]] = set()
    for conn in connections:
        if conn.trust is None or not conn.trust.path:
            continue
        bundle = bundles.get((conn.location.path, conn.trust.path))
        current = bundle is not None and bundle.readable and bundle.holds_current_roots()
        for fact in conn.facts:
            if fact.kind is FactKind.TRUST_ANCHOR and str(fact.value) == conn.trust.path:
                (refreshed if current else unread).add((fact.location, f"{fact.key}={fact.value}"))
    return refreshed - unread


def run_level(
    report: Report,
    settings: RunSettings,
    roots: Sequence[Path],
    today: date | None = None,
    by_name: dict[str, list[Path]] | None = None,
) -> None:
    """Read the bundles ``report``'s connections name into ``report.bundles``
    (the inventory and the plan show what they hold) and add the run-level
    findings to ``report`` (sorted as the engine sorts).  ``by_name``: see
    :func:`named_bundles`.
    """
    if not report.connections:
        return
    bundles, notes = named_bundles(report.connections, roots, by_name)
    report.bundles = bundles
    refreshed = refreshed_anchors(report.connections, bundles)
    if refreshed:
        report.findings = [
            f for f in report.findings if f.rule != "CL104" or (f.location, f.evidence) not in refreshed
        ]
    if notes:
        report.notifications = sorted(
            set(report.notifications) | set(notes), key=lambda n: (n.path, n.line or 0, n.message)
        )
    selected = settings.selected & RUN_LEVEL_RULES
    if not selected:
        return
    from connlint.engine import ignored_here

    facts = FileFacts(
        "",
        report.connections,
        servers=report.servers,
        bundles=bundles,
        run_level=True,
        today=today,
        expiry_days=settings.bundle_expiry_days,
    )
    found = [f for f in run_checks(facts, selected) if f.rule not in ignored_here(f.location.path, settings)]
    if not found:
        return
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for f in found:
        by_path[f.location.path].append(f)
    for path, findings in sorted(by_path.items()):
        report.findings += _in_file(report, path, findings)
    report.findings.sort(key=lambda f: (f.location, f.rule, f.message))


def _in_file(report: Report, path: str, findings: list[Finding]) -> list[Finding]:
    """``findings`` of the file shown as ``path`` with its suppression comments
    applied and its masked source lines.
    """
    try:
        text = Path(path).read_bytes().decode("utf-8", "replace")
    except OSError:
        return findings
    secrets = known_secrets(
        f.value
        for c in report.connections
        if c.location.path == path
        for f in c.facts
        if isinstance(f.value, Secret)
    )
    findings = with_snippets(findings, text, secrets)
    ignores = parse_ignores(text)
    if not ignores:
        return findings
    findings, unused = apply_ignores(findings, ignores)
    used = {(i.line, i.column) for i in ignores if i not in unused}
    if used:
        # A comment that suppresses a run-level finding is not an unused one (CL304).
        report.unused_ignores = [
            (p, i) for p, i in report.unused_ignores if p != path or (i.line, i.column) not in used
        ]
        report.findings = [
            f
            for f in report.findings
            if not (
                f.rule == "CL304" and f.location.path == path and (f.location.line, f.location.column) in used
            )
        ]
    return findings
