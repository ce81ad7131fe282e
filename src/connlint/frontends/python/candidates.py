"""Pass 2 of the Python front-end: the calls and strings pass 1 found, turned
into candidates by the module that knows each API (drivers, SQLAlchemy and
Django, process launchers).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import partial

import libcst as cst

from connlint.frontends.python import (
    databases_lib,
    drivers,
    helpers,
    processes,
    project_helpers,
    replication,
    sqlalchemy_django,
)
from connlint.frontends.python.bindings import Collector, Scope, Site
from connlint.frontends.python.literals import stationary
from connlint.frontends.python.names import Names
from connlint.frontends.python.project_helpers import Target
from connlint.frontends.python.settings import Flattener
from connlint.model import Candidate, Hop, Location


def _driver_call(ev: Flattener, node: cst.Call, scope: Scope, order: int) -> list[Candidate]:
    return [drivers.driver_call(ev, node, scope, order)]


#: Calls that open connections -> what makes their candidates.
_MAKERS: dict[str, Callable[[Flattener, cst.Call, Scope, int], list[Candidate]]] = {
    "driver": _driver_call,
    "engine": sqlalchemy_django.engine_call,
    "engine_from_config": sqlalchemy_django.engine_from_config_call,
    "process": processes.process_call,
    "binlog_reader": replication.binlog_reader_call,
    "databases": databases_lib.database_call,
}

#: The calls a helper of another module may connect through (whose candidates hold settings only).
_REMOTE_KINDS = frozenset({"driver", "engine", "engine_from_config"})


def call_kind(ev: Names, site: Site) -> str | None:
    """Which reported API a call site calls (None: none)."""
    assert isinstance(site.node, cst.Call)
    name = ev.qualname_of(site.node.func, site.scope, site.order)
    if name is None:
        return None
    if name in drivers.DRIVER_BY_CALL:
        return "driver"
    if name in sqlalchemy_django.ENGINE_CALLS:
        return "engine"
    if name in sqlalchemy_django.ENGINE_FROM_CONFIG_CALLS:
        return "engine_from_config"
    if name in sqlalchemy_django.URL_CREATE_CALLS or name in sqlalchemy_django.MAKE_URL_CALLS:
        return "url"
    if name in processes.PROCESS_CALLS:
        return "process"
    if name in replication.BINLOG_READER_CALLS:
        return "binlog_reader"
    if name in databases_lib.CALLS:
        return "databases"
    return None


class Builder:
    """Turns the sites found in pass 1 into candidates (positions computed lazily)."""

    def __init__(
        self, path: str, module: cst.Module, collector: Collector, helper_words: frozenset[str] = frozenset()
    ) -> None:
        self.ev = Flattener(path, module, collector)
        self.collector = collector
        # Names the file calls that may be helpers of other modules (:mod:`.project_helpers`).
        self.helper_words = helper_words
        self._remote: list[tuple[Site, Target, list[Site]]] | None = None

    def interesting(self) -> bool:
        """True when the file holds a call or string this front-end reports
        (the gate before any position is computed).  :mod:`.screen` answers
        the same question before the parse, over-approximating: a new reason
        for True here needs its clause there (tests/test_python_screen.py).
        """
        for site in self.collector.calls:
            if self._call_kind(site) is not None:
                return True
        if any(sqlalchemy_django.url_text(site.node) for site in self.collector.strings):
            return True
        if "DATABASES" in self.collector.module_scope.bindings or bool(
            self.collector.module_scope.mutations.get("DATABASES")
        ):
            return True
        return bool(self._remote_sites())

    def _call_kind(self, site: Site) -> str | None:
        return call_kind(self.ev, site)

    def _remote_sites(self) -> list[tuple[Site, Target, list[Site]]]:
        """The calls of helpers of other modules (:mod:`.project_helpers`) that
        connect, with their connect calls.
        """
        if self._remote is None:
            self._remote = []
            for site, target in project_helpers.call_sites(self.ev, self.helper_words):
                sinks = [
                    s
                    for s in target.names.collector.calls
                    if project_helpers.inside(s.scope, target.helper)
                    and call_kind(target.names, s) in _REMOTE_KINDS
                ]
                if sinks:
                    self._remote.append((site, target, sinks))
        return self._remote

    def build(self) -> list[Candidate]:
        """Every candidate of the file, in source order."""
        try:
            out = self._build()
        finally:
            self.ev.release()
        out.sort(key=lambda c: (c.location.line, c.location.column))
        return out

    def _build(self) -> list[Candidate]:
        ev = self.ev
        ev.located = True
        out: list[Candidate] = []
        later: list[Site] = []
        for site in self.collector.calls:
            kind = self._call_kind(site)
            assert isinstance(site.node, cst.Call)
            make = _MAKERS.get(kind or "")
            if make is not None:
                made = partial(ev.per_loop_value, partial(make, ev, site.node, site.scope, site.order))
                at_calls = partial(helpers.per_call_site, ev, site.scope, made)
                out.extend(helpers.per_subclass(ev, site.scope, at_calls))
            elif kind == "url":
                later.append(site)
        for site in later:
            if id(site.node) not in ev.consumed:
                assert isinstance(site.node, cst.Call)
                out.extend(sqlalchemy_django.url_call(ev, site.node, site.scope, site.order))
        out.extend(sqlalchemy_django.django(ev))
        out.extend(self._remote_connections())
        for site in self.collector.strings:
            if id(site.node) in ev.consumed or id(site.node) in self.collector.prose:
                continue
            if id(site.node) in self.collector.checked:
                continue  # compared or asserted only: not a connection (issue 16 item 15)
            assert isinstance(site.node, cst.BaseString)
            out.extend(sqlalchemy_django.url_literal(ev, site.node, site.scope, site.order))
        return out

    def _remote_connections(self) -> list[Candidate]:
        """A connection at each call of a helper of another module that binds
        something its own connection does not know (:mod:`.project_helpers`).
        """
        ev = self.ev
        out: list[Candidate] = []
        own: dict[int, set[tuple[tuple[str, str | None], ...]]] = {}
        keep: list[cst.CSTNode] = []
        key = id(self.collector.module_scope)
        for site, target, sinks in self._remote_sites():
            assert isinstance(site.node, cst.Call)
            bound = project_helpers.bind(target, site.node, site.scope, site.order, keep)
            other = target.names
            if bound is None or not isinstance(other, Flattener):
                continue
            label = helpers.label(target.helper)
            where = ev.loc(site.node)
            ev._owners[key] = ev  # the caller's arguments are evaluated by this file's evaluator
            other.guest = ev.path
            try:
                for sink in sinks:
                    assert isinstance(sink.node, cst.Call)
                    maker = _MAKERS[call_kind(other, sink) or ""]
                    make = partial(
                        other.per_loop_value, partial(maker, other, sink.node, sink.scope, sink.order)
                    )
                    if id(sink.node) not in own:
                        other.arguments = {}
                        own[id(sink.node)] = {helpers.values_said(c) for c in make()}
                    other.arguments = bound
                    for c in make():
                        if helpers.values_said(c) not in own[id(sink.node)]:
                            out.append(_placed(c, ev.path, where, label))
            finally:
                other.arguments = {}
                other.guest = None
                del ev._owners[key]
        return out


def _placed(c: Candidate, path: str, where: Location, label: str) -> Candidate:
    """A candidate of another module's helper, standing at the call ``where``: a
    setting written in the helper's module stands at the call too, with the place
    it was written as a hop (a value the caller wrote, at its text); the
    helper's connect call is a hop of the candidate.
    """
    settings = []
    for s in c.settings:
        if s.location.path == path:
            settings.append(s)
            continue
        span = s.value_span
        at = where
        if span is not None and span.path == path and span.text:
            at = span.locate()  # the caller's literal, handed to the helper
        elif span is not None:
            span = stationary(span.text, path, where.line, where.column)
        trail = (*s.trail, Hop(s.location, label))
        settings.append(dataclasses.replace(s, location=at, value_span=span, trail=trail))
    return dataclasses.replace(
        c, location=where, settings=tuple(settings), trail=(*c.trail, Hop(c.location, label))
    )
