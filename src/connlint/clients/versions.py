"""Dotted driver versions: parse them and compare them against thresholds.

Build files and configuration give versions as text (``8.0.13``,
``3.1.2-beta``, ``8.0.33-SNAPSHOT``); the driver knowledge in ``clients/``
compares them with the release that changed a behaviour.  The leading numeric
components count, and a pre-release qualifier (``rc1``, ``-beta``, ``a1``,
``.dev0``, ``-SNAPSHOT``, ``.CR1``, ``-M2``) puts the version just below its
release: ``1.2.0rc1`` < ``1.2.0`` (PEP 440 and Maven order pre-releases before
the release), so a behaviour of 1.2.0 is not assumed for its release candidates.
Other qualifiers (``.Final``, ``.RELEASE``, ``-1``, ``.post1``, ``+local``) are
releases.  Anything that is not
an exact version (a range such as ``[8.0,)``, a ``${mysql.version}``
placeholder) parses to None and stays "unknown".
"""

from __future__ import annotations

import re

from connlint import lazy

#: Leading ``v``, then dot-separated numbers; the first non-numeric part ends the version.
_VERSION = lazy.compile(
    r"\s*[vV]?(\d{1,9}(?:\.\d{1,9})*)(?:[-+_~ ][A-Za-z0-9][\w.+~-]*|\.?[A-Za-z][\w.+~-]*)?\s*"
)

#: Qualifiers of a pre-release (PEP 440 a/b/rc/dev, Maven alpha/beta/milestone/cr/snapshot,
#: Debezium's Alpha1/Beta1/CR1), after an optional separator.
_PRERELEASE = lazy.compile(
    r"[-_.~ ]?(?:a|alpha|b|beta|c|rc|cr|dev|pre|preview|m|milestone|ea|snapshot)(?:[-_.]?\d+)?(?:[-_.].*)?",
    re.IGNORECASE,
)

#: ``8.0.x`` / ``8.*`` name a family, not a version.
_WILDCARD = lazy.compile(r"\.?[xX*+](?:$|\W)")

Version = tuple[int, ...]


def parse_version(text: str | None) -> Version | None:
    """``"8.0.33"`` -> ``(8, 0, 33)``; a pre-release gets a last part ``-1``
    (``"1.2.0rc1"`` -> ``(1, 2, 0, -1)``, below ``(1, 2, 0)``); None for text that is
    not an exact version.
    """
    if not text:
        return None
    match = _VERSION.fullmatch(text)
    if match is None or _WILDCARD.match(text, match.end(1)):
        return None
    numbers = tuple(int(part) for part in match.group(1).split("."))
    qualifier = text[match.end(1) :].strip()
    if qualifier and _PRERELEASE.fullmatch(qualifier):
        return (*numbers, -1)
    return numbers


def _as_version(version: str | Version | None) -> Version | None:
    if version is None or isinstance(version, tuple):
        return version
    return parse_version(version)


def compare(a: Version, b: Version) -> int:
    """-1, 0 or 1 as ``a`` is older than, equal to or newer than ``b`` (missing parts are 0)."""
    width = max(len(a), len(b))
    pa = a + (0,) * (width - len(a))
    pb = b + (0,) * (width - len(b))
    return (pa > pb) - (pa < pb)


def at_least(version: str | Version | None, minimum: str) -> bool | None:
    """True when ``version`` >= ``minimum``; None when ``version`` is not known."""
    parsed = _as_version(version)
    floor = parse_version(minimum)
    if parsed is None or floor is None:
        return None
    return compare(parsed, floor) >= 0


def below(version: str | Version | None, limit: str) -> bool | None:
    """True when ``version`` < ``limit``; None when ``version`` is not known."""
    result = at_least(version, limit)
    return None if result is None else not result


def in_range(version: str | Version | None, low: str, high: str) -> bool | None:
    """True when ``low`` <= ``version`` < ``high``; None when ``version`` is not known."""
    lower = at_least(version, low)
    upper = below(version, high)
    if lower is None or upper is None:
        return None
    return lower and upper
