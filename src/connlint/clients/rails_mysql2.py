"""Rails ``adapter: mysql2``: the ``mysql2`` gem's TLS options.

Rails passes the whole ``database.yml`` section to ``Mysql2::Client.new``
(``activerecord/lib/active_record/connection_adapters/mysql2_adapter.rb``).
``Mysql2::Client#initialize`` (``lib/mysql2/client.rb`` at tag 0.5.7,
https://github.com/brianmario/mysql2, README "SSL/TLS options"):

* ``ssl_mode``: a Symbol or String, upper-cased, with or without ``SSL_MODE_``
  (``:verify_identity``, ``"VERIFY_CA"``); an unknown one only warns
  (``Unknown MySQL ssl_mode flag``) and sets nothing.  With ``verify_ca`` /
  ``verify_identity`` and no ``sslca``, mysql2 0.5.4+ fills ``sslca`` with the
  first system bundle it finds (``find_default_ca_path``).
* ``sslkey``, ``sslcert``, ``sslca``, ``sslcapath``, ``sslcipher`` (or the
  ``sslverify`` key) call ``ssl_set``; ``sslverify: true`` sets the
  ``SSL_VERIFY_SERVER_CERT`` connect flag (the CA and host name are verified).
* Without ``ssl_mode`` or ``sslverify`` the client library mysql2 was built with
  decides: libmysqlclient (MySQL 5.7.11+ and 8.x) defaults to PREFERRED;
  MariaDB Connector/C before 3.4 uses no TLS by default and TLS without
  verification once an ``ssl*`` option is set; 3.4 and later verifies by
  default.  Which library a deployment links is not in the repository, so that
  mode is not known statically.

``ssl_ca``-style names are trilogy's, which mysql2 does not read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from connlint.clients.decisions import MYSQL_SSL_MODES
from connlint.clients.python_common import Options, Verdict, ca_trust, known_text, truth, unknown_verdict
from connlint.clients.rails_common import dynamic_url, host, ignored, mode_name, rails_url_settings
from connlint.model import Decision, Fact, FactKind, Setting, Span, TlsMode, Trust, TrustKind

if TYPE_CHECKING:
    from collections.abc import Mapping

    from connlint.model import DriverVersion

_SSL_SET_KEYS = ("sslkey", "sslcert", "sslca", "sslcapath", "sslcipher")
#: trilogy's names, which mysql2 ignores -> mysql2's own.
_TRILOGY_KEYS = {"ssl_ca": "sslca", "ssl_capath": "sslcapath", "ssl_cert": "sslcert", "ssl_key": "sslkey"}
_LIBRARY = (
    "the client library mysql2 is built with (libmysqlclient: PREFERRED; MariaDB Connector/C "
    "before 3.4: {before}; 3.4 and later: verifies the certificate)"
)


class RailsMysql2:
    """The :class:`~connlint.clients.driver_config.ConfigClient` of ``adapter: mysql2``."""

    ca_keys: frozenset[str] = frozenset({"sslca", "sslcapath"})

    def settings(self, url: Span) -> list[Setting]:
        """The settings the string says (see the module docstring)."""
        return rails_url_settings(url)

    def verdict(self, opts: Options, facts: list[Fact], versions: Mapping[str, DriverVersion]) -> Verdict:
        """The TLS mode the settings give."""
        ignored(opts, _TRILOGY_KEYS, "mysql2", facts)
        hidden = dynamic_url(opts)
        if hidden is not None:
            return hidden
        ca, capath = opts.get("sslca"), opts.get("sslcapath")
        mode_setting = opts.get("ssl_mode")
        if mode_setting is not None:
            value = known_text(mode_setting)
            if value is None:
                return unknown_verdict(mode_setting)
            mode = MYSQL_SSL_MODES.get(mode_name(value))
            if mode is not None:
                trust = ca_trust(ca, capath) if mode.verifies else None
                return Verdict(mode, Decision.EXPLICIT, mode_setting, trust)
            facts.append(
                Fact(
                    FactKind.INEFFECTIVE,
                    mode_setting.location,
                    "ssl_mode",
                    detail=f"mysql2 warns `Unknown MySQL ssl_mode flag: {value}` and sets no mode; use "
                    "disabled, preferred, required, verify_ca or verify_identity",
                )
            )
        verify = opts.get("sslverify")
        if verify is not None:
            flag = truth(verify)
            if flag is None:
                return unknown_verdict(verify)
            if flag:
                trust = ca_trust(ca, capath) if (ca or capath) else Trust(TrustKind.SYSTEM_DEFAULT)
                return Verdict(TlsMode.VERIFY_IDENTITY, Decision.LEGACY, verify, trust)
        options = [s for key in _SSL_SET_KEYS if (s := opts.get(key)) is not None]
        if options:
            return Verdict(
                TlsMode.UNKNOWN,
                Decision.UNKNOWN,
                options[0],
                unknown=_LIBRARY.format(before="TLS without verification"),
            )
        return Verdict(TlsMode.UNKNOWN, Decision.DEFAULT, unknown=_LIBRARY.format(before="no TLS"))

    def host(self, opts: Options) -> tuple[str | None, bool]:
        """Where it connects and whether that is loopback."""
        return host(opts, "localhost")


CLIENT = RailsMysql2()
