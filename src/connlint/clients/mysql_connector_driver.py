"""mysql-connector-python (https://github.com/mysql/mysql-connector-python
``lib/mysql/connector/constants.py`` DEFAULT_CONFIGURATION, ``network.py``):
what a ``connect()`` call's TLS keyword arguments mean.
"""

from __future__ import annotations

from connlint.clients.python_common import (
    Options,
    Verdict,
    default_verdict,
    known_text,
    ssl_disabled,
    truth,
    unknown_verdict,
)
from connlint.model import Decision, Fact, FactKind, TlsMode, Trust, TrustKind


def verdict(opts: Options, version: str | None, label: str, facts: list[Fact]) -> Verdict:
    """mysql-connector-python (``constants.py`` DEFAULT_CONFIGURATION; ``network.py`` l.560–595;
    C extension ``src/mysql_capi.c`` l.1236–1262).
    """
    off = ssl_disabled(opts)
    if off is not None:
        return off
    ca = opts.get("ssl_ca")
    trust = Trust(TrustKind.CA_FILE, known_text(ca), ca.location) if ca else Trust(TrustKind.SYSTEM_DEFAULT)
    identity, cert = opts.get("ssl_verify_identity"), opts.get("ssl_verify_cert")
    for setting in (identity, cert):
        if setting is not None and truth(setting) is None:
            return unknown_verdict(setting)
    if truth(identity):
        return Verdict(TlsMode.VERIFY_IDENTITY, Decision.EXPLICIT, identity, trust)
    if truth(cert):
        return Verdict(TlsMode.VERIFY_CA, Decision.EXPLICIT, cert, trust)
    material = [s for s in (ca, opts.get("ssl_cert"), opts.get("ssl_key")) if s is not None]
    if material:
        if ca is not None:
            pure = truth(opts.get("use_pure"))
            how = (
                "pure Python loads it but sets CERT_NONE"
                if pure
                else "the C extension (the default, use_pure=False) drops it"
            )
            facts.append(
                Fact(
                    FactKind.INEFFECTIVE,
                    ca.location,
                    "ssl_ca",
                    detail=f"{label} does not verify the server certificate unless ssl_verify_cert=True or "
                    f"ssl_verify_identity=True: {how}",
                )
            )
        return Verdict(TlsMode.PREFERRED, Decision.IMPLIED, material[0])
    return default_verdict(opts, TlsMode.PREFERRED)
