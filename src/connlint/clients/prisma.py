"""Prisma ORM's MySQL connector: what a ``mysql://`` URL's TLS parameters mean.

Prisma's query engine reads the datasource URL with quaint
(``quaint/src/connector/mysql/url.rs`` ``parse_query_params`` and
``native/mod.rs`` ``to_opts_builder`` in https://github.com/prisma/prisma-engines,
commit 788d38e; its test ``should_parse_sslaccept``) and connects with the
``mysql_async`` crate:

* TLS is requested only when the URL has ``sslcert``, ``sslidentity``,
  ``sslpassword`` or ``sslaccept`` (``use_ssl``); without them no TLS at all
  (DISABLED);
* the TLS options start with ``danger_accept_invalid_certs`` on: any server
  certificate is accepted (REQUIRED) unless ``sslaccept=strict``, which
  verifies the chain and the host name (``skip_domain_validation`` stays off:
  VERIFY_IDENTITY) against ``sslcert`` (a root certificate file, resolved
  relative to the schema's directory) or the system's roots; any other
  ``sslaccept`` value is logged and taken as ``accept_invalid_certs``;
* ``sslidentity`` / ``sslpassword`` are a PKCS#12 client identity.

The Prisma documentation says the same ("sslaccept ... default
accept_invalid_certs", https://www.prisma.io/docs/orm/overview/databases/mysql,
"Arguments"; "Configuring an SSL connection").  This is the Rust query engine
of Prisma ORM up to 6; Prisma 7 connects through a JavaScript driver adapter
(``@prisma/adapter-mariadb``) configured in code, which these URL parameters
do not describe.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from connlint.clients.node_mysql2 import url_host, url_settings
from connlint.clients.python_common import Options, Verdict, known_text, unknown_verdict
from connlint.model import Decision, Fact, FactKind, Setting, Span, TlsMode, Trust, TrustKind

if TYPE_CHECKING:
    from collections.abc import Mapping

    from connlint.model import DriverVersion

SCHEME = "mysql://"
#: The parameters that turn TLS on (``use_ssl``), in the order they are looked for.
TLS_KEYS = ("sslaccept", "sslcert", "sslidentity", "sslpassword")


class Prisma:
    """The :class:`~connlint.clients.driver_config.ConfigClient` of Prisma's MySQL URLs."""

    ca_keys: frozenset[str] = frozenset({"sslcert"})

    def settings(self, url: Span) -> list[Setting]:
        """The settings the URL says (see the module docstring)."""
        return url_settings(url, SCHEME)

    def verdict(self, opts: Options, facts: list[Fact], versions: Mapping[str, DriverVersion]) -> Verdict:
        """The TLS mode the settings give."""
        present = [opts.by_key[k] for k in TLS_KEYS if k in opts.by_key]
        if not present:
            return Verdict(TlsMode.DISABLED, Decision.DEFAULT)
        accept = opts.by_key.get("sslaccept")
        cert = opts.by_key.get("sslcert")
        if accept is not None:
            value = known_text(accept)
            if value is None:
                return unknown_verdict(accept)
            if value == "strict":
                trust = (
                    Trust(TrustKind.CA_FILE, known_text(cert), cert.location)
                    if cert is not None
                    else Trust(TrustKind.SYSTEM_DEFAULT)
                )
                return Verdict(TlsMode.VERIFY_IDENTITY, Decision.EXPLICIT, accept, trust)
            if value != "accept_invalid_certs":
                facts.append(
                    Fact(
                        FactKind.INEFFECTIVE,
                        accept.location,
                        "sslaccept",
                        detail=f"`{value}` is not an sslaccept mode: Prisma takes it as "
                        "`accept_invalid_certs`; write `strict` to verify the server certificate",
                    )
                )
        if cert is not None:
            facts.append(
                Fact(
                    FactKind.INEFFECTIVE,
                    cert.location,
                    "sslcert",
                    detail="without sslaccept=strict Prisma accepts any server certificate, so the "
                    "certificate verifies nothing",
                )
            )
        return Verdict(TlsMode.REQUIRED, Decision.EXPLICIT, accept or present[0])

    def host(self, opts: Options) -> tuple[str | None, bool]:
        """Where it connects and whether that is loopback."""
        return url_host(opts, "localhost")


CLIENT = Prisma()
