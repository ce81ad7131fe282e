"""The AWS Advanced JDBC Wrapper's data source configured by name/value pairs:
Spring Boot keys (HikariCP ``data-source-class-name`` with
``data-source-properties``, or an ``AwsWrapperDataSource`` bean bound with
``@ConfigurationProperties``), Spring XML ``<bean>`` definitions and Tomcat
``<Resource factory="software.amazon.jdbc.ds.AwsWrapperDataSourceFactory" …/>``.

``AwsWrapperDataSource`` has no driver properties of its own: its ``jdbcUrl``,
or ``jdbcProtocol`` + ``serverName`` + ``serverPort`` + ``database``, say where
it connects, ``targetDataSourceClassName`` which driver's data source does
it, and ``targetDataSourceProperties`` (a ``Properties``) what that driver gets
(the wrapper's ``docs/using-the-jdbc-driver/DataSource.md``;
``AwsWrapperDataSource.java``, ``DataSourceConfigHelper.resolveFinalUrl`` at
4.4.0).  :func:`url` builds the ``jdbc:aws-wrapper:<family>://…`` URL the parts
make, located where each part is written, so the wrapper's registry entry
(:mod:`connlint.clients.aws_wrapper`) resolves it like a written URL.

Tomcat's factory (``AwsWrapperDataSourceFactory.getObjectInstance``) sets the
attributes it names (:data:`FACTORY_OWN`) on the data source and puts every
other attribute of the resource into ``targetDataSourceProperties``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from connlint.clients.aws_wrapper import target_family
from connlint.clients.jdbc_url import looks_like_jdbc_url
from connlint.model import DYNAMIC

if TYPE_CHECKING:
    from connlint.frontends.spring import Located

#: The data source's simple class name, and its JNDI factory's.
DATA_SOURCE = "AwsWrapperDataSource"
FACTORY = "AwsWrapperDataSourceFactory"
#: Normalised property names (lower case, no ``-`` / ``_``) of the parts of the
#: URL and the target class, and the part each is.
PARTS: Mapping[str, str] = {
    "jdbcurl": "url",
    "jdbcprotocol": "protocol",
    "servername": "server",
    "serverport": "port",
    "database": "database",
    "targetdatasourceclassname": "target",
}
#: The resource attributes ``AwsWrapperDataSourceFactory`` sets on the data source
#: (4.4.0); every other attribute is a target data source property.
FACTORY_OWN = frozenset(
    {
        "user",
        "password",
        "jdbcUrl",
        "targetDataSourceClassName",
        "jdbcProtocol",
        "serverName",
        "serverPort",
        "database",
    }
)
#: Attributes Tomcat reads itself (``ResourceBase`` / ``ResourceRef``), never handed to a factory.
TOMCAT_OWN = frozenset(
    {"name", "auth", "type", "factory", "description", "scope", "singleton", "closeMethod"}
)


def norm(name: str) -> str:
    """A property name as Spring's relaxed binding compares it."""
    return name.lower().replace("-", "").replace("_", "")


def is_data_source(class_name: str) -> bool:
    """Whether a class name (simple or qualified) is the wrapper's data source."""
    return class_name.strip().rsplit(".", 1)[-1] == DATA_SOURCE


def is_factory(class_name: str) -> bool:
    """Whether a class name is the wrapper's JNDI object factory."""
    return class_name.strip().rsplit(".", 1)[-1] == FACTORY


def url(parts: Mapping[str, Located], point: tuple[int, int]) -> Located | None:
    """The URL a data source connects to: its ``jdbcUrl`` (a MySQL-family one, or
    one not known statically), or ``jdbc:aws-wrapper:`` + the target family +
    ``//server[:port]/database`` (``resolveFinalUrl``), the added characters at
    ``point``; None for another database or when nothing says which driver.
    """
    written = parts.get("url")
    if written is not None and written.text.strip():
        text = written.text.strip()
        return written.strip() if looks_like_jdbc_url(text) or text.startswith(DYNAMIC) else None
    protocol, target = parts.get("protocol"), parts.get("target")
    family = target_family(
        protocol.text if protocol is not None else None, target.text if target is not None else None
    )
    server = parts.get("server")
    if family is None or server is None or not server.text.strip():
        return None
    from connlint.frontends.spring import Located  # spring imports this module

    out = Located()
    out.add_at(
        f"jdbc:aws-wrapper:{family}://",
        protocol.point(0) if protocol is not None and len(protocol) else point,
    )
    out.extend(server.strip())
    port = parts.get("port")
    if port is not None and port.text.strip():
        out.add_at(":", point)
        out.extend(port.strip())
    out.add_at("/", point)
    database = parts.get("database")
    if database is not None:
        out.extend(database.strip())
    return out
