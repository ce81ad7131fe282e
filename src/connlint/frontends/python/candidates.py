"""Pass 2 of the Python front-end: the calls and strings pass 1 found, turned
into candidates by the module that knows each API (drivers, SQLAlchemy and
Django, process launchers).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import libcst as cst

from connlint.frontends.python import drivers, helpers, processes, replication, sqlalchemy_django
from connlint.frontends.python.bindings import Collector, Scope, Site
from connlint.frontends.python.settings import Flattener
from connlint.model import Candidate


def _driver_call(ev: Flattener, node: cst.Call, scope: Scope, order: int) -> list[Candidate]:
    return [drivers.driver_call(ev, node, scope, order)]


#: Calls that open connections -> what makes their candidates.
_MAKERS: dict[str, Callable[[Flattener, cst.Call, Scope, int], list[Candidate]]] = {
    "driver": _driver_call,
    "engine": sqlalchemy_django.engine_call,
    "engine_from_config": sqlalchemy_django.engine_from_config_call,
    "process": processes.process_call,
    "binlog_reader": replication.binlog_reader_call,
}


class Builder:
    """Turns the sites found in pass 1 into candidates (positions computed lazily)."""

    def __init__(self, path: str, module: cst.Module, collector: Collector) -> None:
        self.ev = Flattener(path, module, collector)
        self.collector = collector

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
        return "DATABASES" in self.collector.module_scope.bindings or bool(
            self.collector.module_scope.mutations.get("DATABASES")
        )

    def _call_kind(self, site: Site) -> str | None:
        assert isinstance(site.node, cst.Call)
        name = self.ev.qualname_of(site.node.func, site.scope, site.order)
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
        return None

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
        for site in self.collector.strings:
            if id(site.node) in ev.consumed or id(site.node) in self.collector.prose:
                continue
            if id(site.node) in self.collector.checked:
                continue  # compared or asserted only: not a connection (issue 16 item 15)
            assert isinstance(site.node, cst.BaseString)
            out.extend(sqlalchemy_django.url_literal(ev, site.node, site.scope, site.order))
        return out
