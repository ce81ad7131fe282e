"""What a configuration method of a JVM connection object does, by the object's
kind and the method's name: the Java API knowledge the Java and Kotlin
front-ends share (syntax-free; each front-end finds the calls in its own tree).

Kinds: ``properties`` (``java.util.Properties``), ``hikari`` (``HikariConfig``,
``HikariDataSource``), ``datasource`` (the drivers' ``DataSource`` classes:
any ``setX`` is driver property ``x``) and ``pool`` (Commons DBCP, Druid, the
Tomcat JDBC pool, c3p0).  The types of each kind are in
:mod:`connlint.frontends.java_apis`.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

#: ``url``: the argument is the JDBC URL; ``setting``: the argument is the
#: value of ``key``; ``keyed``: the first argument names the property, the
#: second is its value; ``properties-string``: a ``"k=v;k2=v2"`` string of
#: driver properties.
Effect = Literal["url", "setting", "keyed", "properties-string"]


class SetterEffect(NamedTuple):
    """What one call does (``key`` for ``setting``)."""

    effect: Effect
    key: str | None = None


def setter_effect(kind: str, name: str, nargs: int) -> SetterEffect | None:
    """What ``name(…)`` with ``nargs`` arguments does on an object of ``kind``, or None."""
    if kind == "properties":
        return SetterEffect("keyed") if name in ("setProperty", "put") and nargs == 2 else None
    if kind == "hikari":
        if nargs == 1 and name == "setJdbcUrl":
            return SetterEffect("url")
        if nargs == 2 and name == "addDataSourceProperty":
            return SetterEffect("keyed")
        if nargs == 1 and name == "setUsername":
            return SetterEffect("setting", "user")
        if nargs == 1 and name == "setPassword":
            return SetterEffect("setting", "password")
        return None
    if kind == "pool":
        if nargs == 1 and name in ("setUrl", "setURL", "setJdbcUrl"):
            return SetterEffect("url")
        if nargs == 1 and name in ("setUsername", "setUser"):
            return SetterEffect("setting", "user")
        if nargs == 1 and name == "setPassword":
            return SetterEffect("setting", "password")
        if nargs == 1 and name == "setConnectionProperties":
            return SetterEffect("properties-string")
        if nargs == 2 and name == "addConnectionProperty":
            return SetterEffect("keyed")
        return None
    if kind == "datasource" and name.startswith("set") and len(name) > 3 and nargs == 1:
        if name in ("setURL", "setUrl"):
            return SetterEffect("url")
        return SetterEffect("setting", name[3].lower() + name[4:])
    return None


def setter_of_property(name: str) -> str:
    """The setter a Kotlin property assignment calls: ``jdbcUrl = x`` is ``setJdbcUrl(x)``."""
    return "set" + name[:1].upper() + name[1:]
