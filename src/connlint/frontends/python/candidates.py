"""Pass 2 of the Python front-end: the calls and strings pass 1 found, turned
into candidates by the module that knows each API (drivers, SQLAlchemy and
Django, process launchers).
"""

from __future__ import annotations

import libcst as cst

from connlint.frontends.python import drivers, processes, sqlalchemy_django
from connlint.frontends.python.bindings import Collector, Site
from connlint.frontends.python.evaluation import Evaluator
from connlint.model import Candidate


class Builder:
    """Turns the sites found in pass 1 into candidates (positions computed lazily)."""

    def __init__(self, path: str, module: cst.Module, collector: Collector) -> None:
        self.ev = Evaluator(path, module, collector)
        self.collector = collector

    def interesting(self) -> bool:
        """True when the file holds a call or string this front-end reports
        (the gate before any position is computed).
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
        if name in sqlalchemy_django.URL_CREATE_CALLS or name in sqlalchemy_django.MAKE_URL_CALLS:
            return "url"
        if name in processes.PROCESS_CALLS:
            return "process"
        return None

    def build(self) -> list[Candidate]:
        """Every candidate of the file, in source order."""
        ev = self.ev
        ev.located = True
        out: list[Candidate] = []
        later: list[Site] = []
        for site in self.collector.calls:
            kind = self._call_kind(site)
            assert isinstance(site.node, cst.Call)
            if kind == "driver":
                out.append(drivers.driver_call(ev, site.node, site.scope, site.order))
            elif kind == "engine":
                out.extend(sqlalchemy_django.engine_call(ev, site.node, site.scope, site.order))
            elif kind == "process":
                out.extend(processes.process_call(ev, site.node, site.scope, site.order))
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
            assert isinstance(site.node, cst.BaseString)
            out.extend(sqlalchemy_django.url_literal(ev, site.node, site.scope, site.order))
        out.sort(key=lambda c: (c.location.line, c.location.column))
        return out
