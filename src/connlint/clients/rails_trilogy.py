"""Rails ``adapter: trilogy``: the ``trilogy`` gem's TLS options.

Rails maps ``ssl_mode`` (``disabled``, ``preferred``, ``required``,
``verify_ca``, ``verify_identity``, any case, optional ``SSL_MODE_`` prefix, or a
Symbol) to trilogy's constants and passes the rest of the section to
``Trilogy.new`` (``activerecord/lib/active_record/connection_adapters/trilogy_adapter.rb``,
``SSL_MODES`` / ``parse_ssl_mode``); a name it does not know is passed on
unchanged, and trilogy rejects anything but an Integer (``Check_Type(val,
T_FIXNUM)``: TypeError).  trilogy (``contrib/ruby/ext/trilogy-ruby/cext.c``,
``inc/trilogy/socket.h`` at tag v2.13.0, https://github.com/trilogy-libraries/trilogy):
``SSL_DISABLED`` 0 (the default: the options struct is zeroed),
``SSL_VERIFY_IDENTITY`` 1, ``SSL_VERIFY_CA`` 2, ``SSL_REQUIRED_NOVERIFY`` 3,
``SSL_PREFERRED_NOVERIFY`` 4.  It reads ``ssl_ca``, ``ssl_capath``,
``ssl_cert``, ``ssl_key`` (with no CA, the system's default verify paths);
mysql2's ``sslca``, ``sslverify``, ``sslcert``, ``sslkey`` are ignored.  With no
``host`` it connects to the socket ``/tmp/mysql.sock``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from connlint.clients.decisions import MYSQL_SSL_MODES
from connlint.clients.python_common import Options, Verdict, ca_trust, known_text, unknown_verdict
from connlint.clients.rails_common import dynamic_url, host, ignored, mode_name, rails_url_settings
from connlint.model import Decision, Fact, FactKind, Setting, Span, TlsMode

if TYPE_CHECKING:
    from collections.abc import Mapping

    from connlint.model import DriverVersion

#: trilogy's integer modes (``socket.h`` ``TRILOGY_SSL_*``).
INTEGER_MODES: dict[str, TlsMode] = {
    "0": TlsMode.DISABLED,
    "1": TlsMode.VERIFY_IDENTITY,
    "2": TlsMode.VERIFY_CA,
    "3": TlsMode.REQUIRED,
    "4": TlsMode.PREFERRED,
}
#: mysql2's names, which trilogy ignores -> trilogy's own.
_MYSQL2_KEYS = {
    "sslca": "ssl_ca",
    "sslcapath": "ssl_capath",
    "sslcert": "ssl_cert",
    "sslkey": "ssl_key",
    "sslverify": "ssl_mode: verify_identity",
}


class RailsTrilogy:
    """The :class:`~connlint.clients.driver_config.ConfigClient` of ``adapter: trilogy``."""

    ca_keys: frozenset[str] = frozenset({"ssl_ca", "ssl_capath"})

    def settings(self, url: Span) -> list[Setting]:
        """The settings the string says (see the module docstring)."""
        return rails_url_settings(url)

    def verdict(self, opts: Options, facts: list[Fact], versions: Mapping[str, DriverVersion]) -> Verdict:
        """The TLS mode the settings give."""
        ignored(opts, _MYSQL2_KEYS, "trilogy", facts)
        hidden = dynamic_url(opts)
        if hidden is not None:
            return hidden
        mode_setting = opts.get("ssl_mode")
        if mode_setting is None:
            return Verdict(TlsMode.DISABLED, Decision.DEFAULT)
        value = known_text(mode_setting)
        if value is None:
            return unknown_verdict(mode_setting)
        mode = INTEGER_MODES.get(value.strip()) or MYSQL_SSL_MODES.get(mode_name(value))
        if mode is None:
            facts.append(
                Fact(
                    FactKind.INEFFECTIVE,
                    mode_setting.location,
                    "ssl_mode",
                    detail=f"Rails passes the unknown ssl_mode `{value}` to trilogy, which raises TypeError; "
                    "use disabled, preferred, required, verify_ca or verify_identity",
                )
            )
            return Verdict(
                TlsMode.UNKNOWN, Decision.EXPLICIT, mode_setting, unknown=f"the connection fails: `{value}`"
            )
        trust = ca_trust(opts.get("ssl_ca"), opts.get("ssl_capath")) if mode.verifies else None
        return Verdict(mode, Decision.EXPLICIT, mode_setting, trust)

    def host(self, opts: Options) -> tuple[str | None, bool]:
        """Where it connects and whether that is loopback."""
        return host(opts, "/tmp/mysql.sock")


CLIENT = RailsTrilogy()
