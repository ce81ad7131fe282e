"""Other drivers' connection strings in configuration values: which flat
key/value entries (a ``.env`` line, a YAML or ``.properties`` key, a Kubernetes
``env`` value) hold one, and of which driver.  Syntax only; what the string's
options mean is the driver's module's business (``clients/driver_config.py``).

Recognised only where the syntax is unmistakable, never in arbitrary text:

* go-sql-driver/mysql DSN: ``[user[:pass]@]tcp(host:port)/db[?…]`` (also
  ``tcp6(``, ``unix(``, and golang-migrate's ``mysql://`` prefix) — the
  ``net(address)`` form no other driver writes;
* ``mysql2://`` and ``trilogy://`` URLs (Rails ``DATABASE_URL``);
* a ``mysql://`` URL whose ``ssl`` parameter is a JSON object or the
  ``Amazon RDS`` profile: Node's mysql2 (other clients of ``mysql://`` URLs,
  SQLAlchemy, dj-database-url, read other parameters);
* a ``mysql://`` URL with a parameter only Prisma reads (``sslaccept``,
  ``sslcert``, ``sslidentity``, ``sslpassword``): Prisma ORM's query engine;
* a PHP PDO DSN: ``mysql:host=…`` / ``mysql:dbname=…`` / ``mysql:unix_socket=…``;
* an ADO.NET connection string (``Server=…;Uid=…;SslMode=…``) that is
  MySQL's: its key or text names MySQL or MariaDB, or it says port 3306, an
  ``SslMode`` spelled as only the MySQL libraries spell it (``Preferred``,
  ``Required``, ``None``, ``Disabled``) or an option only they have (``SslCa``,
  ``AllowPublicKeyRetrieval``, ``ConvertZeroDateTime``, …); never one with a
  SQL Server, PostgreSQL or ODBC sign (``Initial Catalog``, ``Integrated
  Security``, ``Trusted_Connection``, ``Driver=``, ``Provider=``, port 5432…).
"""

from __future__ import annotations

from urllib.parse import unquote

from connlint import lazy
from connlint.model import DYNAMIC, Candidate, CandidateKind, Span

_GO_DSN = lazy.compile(
    r"(?:mysql://)?(?:[^@\s]*@)?(?:tcp6?|unix)\([^()\s]*\)/[^/?\s]*(?:\?\S*)?",
)
_RAILS_URL = lazy.compile(r"(mysql2|trilogy)://\S*")
_PDO_DSN = lazy.compile(r"mysql:(?:host|dbname|unix_socket|port)=[^\s]*")
_NODE_URL = lazy.compile(r"mysql://[^\s?]*\?\S*")
_NODE_SSL = lazy.compile(r"(?:^|&)ssl=([^&]*)")
#: A parameter of Prisma's MySQL URLs that no other client of ``mysql://`` URLs names.
_PRISMA_KEY = lazy.compile(r"(?:^|&)(?:sslaccept|sslcert|sslidentity|sslpassword)=")
_RAILS_DRIVER = {"mysql2": "mysql2-gem", "trilogy": "trilogy"}

#: ADO.NET keys that name the server.
_DOTNET_HOST_KEYS = frozenset({"server", "host", "datasource", "address", "addr", "networkaddress"})
#: Keys only MySqlConnector / Connector/NET take.
_DOTNET_MYSQL_KEYS = frozenset(
    {
        "sslca",
        "cacertificatefile",
        "allowpublickeyretrieval",
        "allowuservariables",
        "convertzerodatetime",
        "allowzerodatetime",
        "treattinyasboolean",
        "guidformat",
        "oldguids",
        "charset",
        "characterset",
        "sslcert",
        "sslkey",
    }
)
#: SslMode values only the MySQL libraries spell so (Npgsql: Disable, Prefer, Require).
_DOTNET_MYSQL_MODES = frozenset({"none", "disabled", "preferred", "prefered", "required"})
#: Keys of other databases' or other frameworks' connection strings.
_DOTNET_FOREIGN_KEYS = frozenset(
    {
        "initialcatalog",
        "integratedsecurity",
        "trustedconnection",
        "multipleactiveresultsets",
        "trustservercertificate",
        "encrypt",
        "provider",
        "driver",
        "dsn",
        "searchpath",
        "rootcertificate",
        "servercompatibilitymode",
        "accountkey",
        "accountname",
        "defaultendpointsprotocol",
        "endpointsuffix",
        "sharedaccesskey",
        "sharedaccesskeyname",
        "entitypath",
        "endpoint",
        "abortconnect",
    }
)
_DOTNET_KEY = lazy.compile(r"[A-Za-z][A-Za-z0-9 _-]*")
_MYSQL_WORD = lazy.compile(r"(?i)mysql|mariadb")


def may_matter(key: str, text: str) -> bool:
    """False for a value that certainly holds none of these strings (cheap)."""
    return "(" in text or "://" in text or text.startswith("mysql:") or (";" in text and "=" in text)


def recognise(key: str, text: str) -> str | None:
    """The registry id of the driver whose connection string ``text`` is, or None."""
    text = text.strip()
    if not text or text == DYNAMIC:
        return None
    if "(" in text and _GO_DSN.fullmatch(text):
        return "go-sql-driver-mysql"
    if "://" in text:
        rails = _RAILS_URL.fullmatch(text)
        if rails is not None:
            return _RAILS_DRIVER[rails.group(1)]
        if _NODE_URL.fullmatch(text):
            if _node_ssl(text):
                return "node-mysql2"
            if _PRISMA_KEY.search(text.split("?", 1)[1]):
                return "prisma"
        return None
    if text.startswith("mysql:"):
        return "pdo-mysql" if _PDO_DSN.fullmatch(text) else None
    if ";" in text and "=" in text and _dotnet_mysql(key, text):
        return "mysql-dotnet"
    return None


def _node_ssl(text: str) -> bool:
    query = text.split("?", 1)[1]
    match = _NODE_SSL.search(query)
    if match is None:
        return False
    value = unquote(match.group(1)).strip()
    return value.startswith("{") or value == "Amazon RDS"


def _dotnet_mysql(key: str, text: str) -> bool:
    from connlint.clients.dotnet_mysql import normalise_key, split

    keys: dict[str, str] = {}
    for key_start, key_end, value_start, value_end in split(text):
        written = text[key_start:key_end].strip()
        if not _DOTNET_KEY.fullmatch(written):
            return False
        keys[normalise_key(written)] = text[value_start:value_end].strip()
    if len(keys) < 2 or not _DOTNET_HOST_KEYS & keys.keys() or _DOTNET_FOREIGN_KEYS & keys.keys():
        return False
    port = keys.get("port", "")
    if port == "5432" or "postgres" in key.lower() or "npgsql" in key.lower():
        return False
    if _MYSQL_WORD.search(key) or _MYSQL_WORD.search(text):
        return True
    if port == "3306" or _DOTNET_MYSQL_KEYS & keys.keys():
        return True
    return keys.get("sslmode", "").lower() in _DOTNET_MYSQL_MODES


def candidate(url: Span, driver: str) -> Candidate:
    """The candidate of a connection string of ``driver`` (blanks around it dropped)."""
    text = url.text
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    span = url.slice(start, end) if (start, end) != (0, len(text)) else url
    return Candidate(CandidateKind.DRIVER_CONFIG, span.locate(), url=span, driver=driver)
