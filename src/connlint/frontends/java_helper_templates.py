"""A helper method's connection as a template: the URL it connects to with its
parameters standing as placeholder characters, made once per method and
instantiated at each call with the caller's arguments.  Shared by the helper
lookup (:mod:`connlint.frontends.java_project`, ``java_helper_chains``), the
API recogniser that places a call's connection (``java_apis``) and the URLs a
method of another class returns (``java_returned_urls``).
"""

from __future__ import annotations

from collections.abc import Iterable

from connlint.frontends.java_literals import JavaText
from connlint.lazy import dataclass
from connlint.model import Hop, Location

#: In a helper's URL template, parameter ``i`` is the character ``PLACEHOLDER + i``
#: (Unicode private use: not in real URLs).
PLACEHOLDER = 0xE000


@dataclass(frozen=True)
class HelperSink:
    """A method of another file whose parameters reach a connection: the URL it
    connects to, one template per outcome, its parameters as placeholders.
    """

    templates: tuple[str, ...]
    origin: Location
    label: str
    #: The parameter that is the ``Properties`` handed to the driver, if one is.
    properties: int | None = None
    #: Parameters that are ``"k=v,k2=v2"`` lists the helper splits into the
    #: ``Properties`` handed to the driver: (parameter, pair separator, key/value separator).
    lists: tuple[tuple[int, str, str], ...] = ()
    #: The steps of the helpers this one calls, innermost (the connection call) first.
    inner: tuple[Hop, ...] = ()
    #: The scheme of a URL whose base is not known there (``mDefUrl + "&" + opts``),
    #: from the base's every value or the driver's own connect call
    #: (``java_helper_chains.base_scheme`` / ``connection_url``).
    scheme: str | None = None


def placeholders(parameters: Iterable[int]) -> dict[int, JavaText]:
    """Each parameter (a node id) bound to its placeholder character, in order
    (see :data:`PLACEHOLDER`): what a template is evaluated with.
    """
    bound = {}
    for i, parameter in enumerate(parameters):
        placeholder = JavaText()
        placeholder.add(chr(PLACEHOLDER + i), (1, 1))
        bound[parameter] = placeholder
    return bound


def instantiate(template: str, values: list[JavaText], point: tuple[int, int]) -> JavaText:
    """A helper's URL for one call: its own text standing at ``point`` (the call),
    each parameter the caller's argument as located there.
    """
    out = JavaText()
    run: list[str] = []
    for char in template:
        index = ord(char) - PLACEHOLDER
        if 0 <= index < len(values):
            if run:
                out.add_at("".join(run), point)
                run.clear()
            out.extend(values[index])
        else:
            run.append(char)
    if run:
        out.add_at("".join(run), point)
    return out
