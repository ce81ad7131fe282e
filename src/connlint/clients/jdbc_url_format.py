"""Writing a parsed JDBC URL back as text: ``parse_jdbc_url(format_jdbc_url(u))``
says what ``u`` says (the round trip the parser's property tests check).
"""

from __future__ import annotations

from urllib.parse import quote

from connlint.clients.jdbc_url import _STRUCTURAL, JdbcHost, JdbcUrl, Property, _reveal


def _encode(value: str) -> str:
    """Percent-encode the characters that would change how a URL parses."""
    return "".join(quote(ch, safe="") if ch in _STRUCTURAL or ch.isspace() else ch for ch in value)


def _format_property(prop: Property) -> str:
    return f"{_encode(prop.key)}={_encode(_reveal(prop.raw) or '')}"


def _format_host(host: JdbcHost) -> str:
    if host.properties:
        groups = [f"(host={_encode(host.raw_host)})"]
        if host.raw_port is not None:
            groups.append(f"(port={_encode(host.raw_port)})")
        groups.extend(f"({_format_property(p)})" for p in host.properties)
        return "address=" + "".join(groups)
    port = f":{_encode(host.raw_port)}" if host.raw_port is not None else ""
    name = host.raw_host
    if name.count(":") >= 2 and _encode(name.replace(":", "")) == name.replace(":", ""):
        return f"[{name}]{port}"  # IPv6 literal
    return _encode(name) + port


def format_jdbc_url(url: JdbcUrl) -> str:
    """The URL as text again, real password included (``parse(format(u))`` says what
    ``u`` says).  Never put the result in output: use :meth:`JdbcUrl.redacted_text`.
    """
    userinfo = ""
    if url.raw_user is not None or url.raw_password is not None:
        userinfo = _encode(url.raw_user or "")
        if url.raw_password is not None:
            userinfo += ":" + _encode(url.raw_password.reveal())
        userinfo += "@"
    hosts = ",".join(_format_host(h) for h in url.hosts)
    database = f"/{_encode(url.database)}" if url.database is not None else ""
    query = "&".join(_format_property(p) for p in url.properties)
    return f"{url.scheme}//{userinfo}{hosts}{database}{'?' + query if query else ''}"
