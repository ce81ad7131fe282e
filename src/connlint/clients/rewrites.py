"""Fixes a client's knowledge proves safe: the same words spelt as the driver
reads them (``connlint check --fix``, SARIF ``fixes``).

Pure functions from a driver property to a :class:`~connlint.model.Fix`, or
None when the property is not written so that a plain text replacement can
say the same thing: a fix is offered only for a ``key=value`` written in one
piece on one line, as the URL parser read it (no escape, concatenation,
percent-encoding or secret in it).  Which rewrites keep what the code says is
the client's call (its ``facts``); the mode a property names is never changed.
"""

from __future__ import annotations

from dataclasses import replace

from connlint.clients.decisions import TlsDecision
from connlint.clients.jdbc_url import Property
from connlint.model import DYNAMIC, Edit, Fix, Secret, Setting, TlsMode

#: How much a mode protects, for "a fix never leaves a connection weaker".
_STRENGTH: dict[TlsMode, int] = {
    TlsMode.DISABLED: 0,
    TlsMode.PREFERRED: 1,
    TlsMode.REQUIRED: 2,
    TlsMode.VERIFY_CA: 3,
    TlsMode.VERIFY_IDENTITY: 4,
}


def _plain(prop: Property) -> bool:
    """Whether ``prop.text`` is exactly what stands at ``prop.location``: one line,
    as wide as the text, no secret masked in it.
    """
    loc = prop.location
    return (
        not isinstance(prop.value, Secret)
        and prop.unknown is None
        and "\n" not in prop.text
        and loc.line == loc.end_line
        and loc.end_column - loc.column == len(prop.text)
    )


def rename_key(prop: Property, new_key: str, description: str) -> Fix | None:
    """Write ``prop``'s key as ``new_key``, its value as it is."""
    key_written, eq, rest = prop.text.partition("=")
    if not _plain(prop) or key_written != prop.key or not eq or new_key == prop.key:
        return None
    return Fix(description, (Edit(prop.location, prop.text, f"{new_key}={rest}"),))


def respell_value(prop: Property, new_value: str, description: str) -> Fix | None:
    """Write ``prop``'s value as ``new_value`` (the same value in the driver's spelling)."""
    key_written, eq, rest = prop.text.partition("=")
    if not _plain(prop) or not eq or rest != prop.value or new_value == rest:
        return None
    return Fix(description, (Edit(prop.location, prop.text, f"{key_written}={new_value}"),))


def respell_literal(setting: Setting, new_value: str, description: str) -> Fix | None:
    """Write a string literal's content as ``new_value`` (the same value in the
    driver's spelling: mysqlclient's ``ssl_mode="verify_ca"`` as ``"VERIFY_CA"``),
    when the literal is written in one piece on one line (no escape, implicit
    concatenation or f-string part).
    """
    span, value = setting.value_span, setting.value
    if span is None or not isinstance(value, str) or DYNAMIC in value or not value or new_value == value:
        return None
    loc = span.locate()
    if loc.line != loc.end_line or loc.end_column - loc.column != len(value):
        return None
    return Fix(description, (Edit(loc, value, new_value),))


def _by_condition(decided: TlsDecision) -> dict[str, int] | None:
    """The strength of the mode under each condition ("" for every one), or None
    when a mode is unknown.
    """
    modes = {o.condition: o.mode for o in decided.outcomes} or {"": decided.mode}
    if any(mode not in _STRENGTH for mode in modes.values()):
        return None
    return {cond: _STRENGTH[mode] for cond, mode in modes.items()}


def not_weaker(after: TlsDecision, before: TlsDecision) -> bool:
    """Whether ``after`` protects the connection at least as well as ``before``
    under every condition (each driver version family when the version is not
    known); an unknown mode on either side proves nothing: False.
    """
    was, becomes = _by_condition(before), _by_condition(after)
    if was is None or becomes is None:
        return False
    conditions = (was.keys() | becomes.keys()) - {""} or {""}
    if all((c in was or "" in was) and (c in becomes or "" in becomes) for c in conditions):
        return all(becomes.get(c, becomes.get("", 0)) >= was.get(c, was.get("", 0)) for c in conditions)
    # Conditions that do not line up: the weakest after against the strongest before.
    return min(becomes.values()) >= max(was.values())


def renamed(props: dict[str, Property], old: str, new: str) -> dict[str, Property]:
    """``props`` with the property ``old`` read under the name ``new``."""
    out = {k: v for k, v in props.items() if k != old}
    out[new] = replace(props[old], key=new)
    return out
