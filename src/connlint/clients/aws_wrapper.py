"""The AWS Advanced JDBC Wrapper (``software.amazon.jdbc:aws-advanced-jdbc-wrapper``,
https://github.com/aws/aws-advanced-jdbc-wrapper): ``jdbc:aws-wrapper:mysql://``
and ``jdbc:aws-wrapper:mariadb://`` URLs.

The wrapper makes no TLS decision of its own; it hands the connection to the
target driver, whose semantics and version apply (Connector/J for
``jdbc:mysql:``, MariaDB Connector/J for ``jdbc:mariadb:``, chosen as for a
plain URL).  What it changes, read from the source at tag 4.4.0 (the same
code at 2.3.7, 3.0.0 and 4.0.0):

* ``Driver.connect`` replaces ``jdbc:aws-wrapper:`` by ``jdbc:``
  (``wrapper/src/main/java/software/amazon/jdbc/Driver.java`` l.214) after
  ``ConnectionUrlParser.parsePropertiesFromUrl`` has copied each URL query
  parameter into the connection's ``Properties`` with ``setProperty``
  (``wrapper/src/main/java/software/amazon/jdbc/util/ConnectionUrlParser.java``
  l.248–276): **a URL parameter overrides a property of the same name set
  outside the URL**, the reverse of Connector/J, where properties set outside
  the URL win.
* The target dialect rebuilds the URL as protocol + ``host:port/`` + database
  and passes every other property as ``Properties``
  (``targetdriverdialect/MysqlConnectorJTargetDriverDialect.java``
  ``prepareConnectInfo`` l.76–96, ``MariadbTargetDriverDialect.java``): the
  per-host properties of the ``address=(host=…)(key=value)`` form never reach
  the driver.
* No wrapper plugin (``iam``, ``failover``, ``efm2``, ``awsSecretsManager``…)
  sets ``sslMode`` or another TLS property: ``git grep -i sslMode
  wrapper/src/main`` at 4.4.0 finds only a comment.  The IAM plugin puts a
  token in ``password``; TLS stays whatever the target driver's properties say.

Its data source, ``software.amazon.jdbc.ds.AwsWrapperDataSource``
(``wrapper/src/main/java/software/amazon/jdbc/ds/AwsWrapperDataSource.java``,
``DataSourceConfigHelper.resolveFinalUrl``, 4.4.0), connects to its ``jdbcUrl``
or, without one, to ``jdbcProtocol`` + ``serverName`` [``:serverPort``] ``/``
``database``; the target driver gets ``targetDataSourceProperties`` with the
URL's query parameters copied over them (``parsePropertiesFromUrl`` on the
copy): the URL wins there too.  Which target driver: the protocol's, or the
``targetDataSourceClassName``'s (:func:`target_family`).
"""

from __future__ import annotations

from connlint.lazy import dataclass

#: The wrapper's id in the driver registry.
DRIVER_ID = "aws-advanced-jdbc-wrapper"


@dataclass(frozen=True)
class _AwsWrapper:
    """:class:`~connlint.clients.decisions.JdbcWrapper` of the AWS Advanced JDBC Wrapper."""

    driver_id: str = DRIVER_ID
    #: URL query parameters override properties set outside the URL (see the module docstring).
    url_wins: bool = True

    def name(self, target: str) -> str:
        """Display name of a connection the wrapper makes through ``target``."""
        return f"AWS Advanced JDBC Wrapper ({target})"

    def per_host_ignored(self, key: str) -> str | None:
        """Every per-host property is dropped when the wrapper rebuilds the URL."""
        return (
            "the AWS Advanced JDBC Wrapper rebuilds the URL from host, port and database, "
            "so a per-host property never reaches the driver; set it in the URL query"
        )

    def overridden(self, winner: str) -> str:
        """The URL's parameter is copied over the property (``ConnectionUrlParser``)."""
        return (
            f"the AWS Advanced JDBC Wrapper copies the URL's `{winner}` over this property, "
            "so the URL's value applies"
        )


#: The wrapper the registry names for ``jdbc:aws-wrapper:mysql:`` and ``jdbc:aws-wrapper:mariadb:``.
WRAPPER = _AwsWrapper()


def target_family(protocol: str | None, target_class: str | None) -> str | None:
    """The driver family (``mysql``, ``mariadb``) an AwsWrapperDataSource hands its
    connection to, from its ``jdbcProtocol`` (``jdbc:mysql:``) or else its
    ``targetDataSourceClassName`` (``com.mysql.cj.jdbc.MysqlDataSource``); None
    for another database (``jdbc:postgresql:``) or when neither says.
    """
    said = " ".join(text.lower() for text in (protocol, target_class) if text is not None)
    if protocol is not None and "postgres" in protocol.lower():
        return None
    if "mariadb" in said:
        return "mariadb"
    return "mysql" if "mysql" in said else None
