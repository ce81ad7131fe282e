"""Python front-end: MySQL driver calls, SQLAlchemy engines and URLs, Django
``DATABASES``, ``ssl`` contexts and mysql command lines in ``subprocess``
calls, read with libcst.

Syntax only.  The front-end resolves names through imports and assignments
(one pass collecting the bindings of each scope, no qualified-name metadata)
and hands over keyword arguments as flat, located settings; what they mean is
decided in :mod:`connlint.clients.python_drivers` and
:mod:`connlint.clients.mysql_cli`.

Conventions of the settings it emits (``Candidate.settings``):

* keyword arguments by name (``ssl_ca``), nested dicts flattened with dots
  (``ssl.ca``), ``ssl.SSLContext`` values as ``<key>.context.<what>`` settings
  (``created_by``, ``protocol``, ``cafile``, ``capath``, ``cadata``,
  ``check_hostname``, ``verify_mode``, ``minimum_version``,
  ``maximum_version``, ``load_default_certs``), in the order they happen;
* ``value_span`` is set exactly for string literals, so a client can tell the
  string ``"False"`` (truthy) from the constant ``False``;
* a ``**kwargs`` that cannot be followed is a setting with key ``**`` and value
  None;
* SQLAlchemy: ``url`` (the URL literal, ``value_span`` located),
  ``url.query.<key>``, ``url.password``, ``url.host`` (``URL.create``); every
  other key is from ``connect_args``;
* values that travel (issue 16): a dict is followed through copies, ``update``,
  item assignment and ``del`` (each connect call sees the state at that point),
  ``self.<attr>`` set in ``__init__``/``setUp``, class attributes, the
  ``return`` of a function of the module, ``functools.partial`` and
  ``obj.__class__``; a ``for`` loop over a literal collection gives one
  candidate per value, and a conditional expression or a function's several
  returns one per arm that may decide TLS; a helper's calls (also through
  other helpers and ``self.<method>()``) and a subclass's override of a
  method the connection reads are connections of their own (:mod:`.helpers`);
  a constant imported from another module of the project
  (:mod:`connlint.project`, at most three files deep) stands at the name that
  refers to it, and each step is a :class:`~connlint.model.Hop` in the
  setting's (or a command's candidate's) ``trail``.

libcst is imported at module level: the registry imports this module only
when a Python file passes the prefilter.  Positions (the costly metadata) are
computed only for files that hold something to report.

The package's rooms: :mod:`.screen` (files that cannot report anything,
found with CPython's parser and never parsed with libcst), :mod:`.reduction`
(large files blanked down before the parse), :mod:`.needed` (every file blanked
down to the top-level statements and methods its result needs, from the
screen's tree), :mod:`.bindings` (pass 1: scopes, bindings, sites), :mod:`.names`
(what names refer to, values that travel, other modules), :mod:`.values` and
:mod:`.evaluation` (what an expression stands for), :mod:`.settings` (values
as located settings), :mod:`.literals` (located string text),
:mod:`.positions`, and one module per family of APIs:
:mod:`.drivers`, :mod:`.sqlalchemy_django`, :mod:`.processes`;
:mod:`.candidates` (pass 2) dispatches between them.
"""

from __future__ import annotations

import libcst as cst

from connlint.frontends import python_shape
from connlint.frontends.python import cdk, parsers, project_helpers, reduction, screen, statement_lines
from connlint.frontends.python.bindings import Collector
from connlint.frontends.python.candidates import Builder
from connlint.frontends.python.parsers import cst_module
from connlint.model import Extraction, Notification

__all__ = ["extract"]


def extract(path: str, text: str) -> Extraction:
    """Candidates and notifications of one Python file; never raises.

    The cyclic garbage collector is paused for the file (:func:`parsers.paused`):
    its trees and bindings live until the file is done, and the collections
    their allocations trigger traversed them again and again (the Python
    files of mysql-connector-python, sqlalchemy and peewee: 11.98 -> 10.31 s
    of lint CPU, peak RSS 128 -> 134 MB).  The cycles the file leaves are
    collected by the first collection after it, at once.  In this frame, not
    a helper's: the stack depth :func:`_extract` starts at is as before.
    """
    with parsers.paused():
        try:
            return _extract(path, python_shape.bound(text))
        except RecursionError:
            pass
        # libcst's tree walks take up to 3 frames a level: a caller already deep in
        # its stack can run out at a depth the first bound let through.
        shaped = python_shape.bound(text, python_shape.RETRY_DEPTH)
        try:
            return _extract(path, shaped)
        except RecursionError:
            return Extraction(notifications=[Notification(path, "not analysed: nesting too deep")])


def _extract(path: str, shaped: python_shape.Shaped) -> Extraction:
    """:func:`extract` of the text with its statements too deep for libcst blanked."""
    result = Extraction()
    for skipped in shaped.skipped:
        first, last = skipped.first_line, skipped.last_line
        lines = f"line {first}" if first == last else f"lines {first}-{last}"
        result.notifications.append(Notification(path, f"{lines} not analysed: {skipped.reason}", line=first))
    text = shaped.text
    rds = cdk.mentions_rds(text)
    scan = screen.scan(text, complete=rds)  # a CDK stack's statements are read whatever the gate says
    # Calls of other modules' helpers: the file is read whole (project_helpers).
    words = project_helpers.helper_words(path, text)
    if not scan.may_report and not rds and not words:
        return result  # nothing Builder.interesting() or cdk could find: libcst's parse spared
    source = reduction.for_parse(text, scan, whole=rds or bool(words))
    spans = None if scan.statements is None else statement_lines.spans([s.node for s in scan.statements])
    del scan  # CPython's tree, before libcst's
    try:
        module = cst_module(source)
    except cst.ParserSyntaxError as err:
        result.notifications.append(
            Notification(
                path, f"not analysed: Python syntax error: {_first_line(err.message)}", line=err.raw_line
            )
        )
        return result
    except UnicodeError as err:  # a lone surrogate (undecodable bytes) cannot go to libcst's parser
        result.notifications.append(
            Notification(path, f"not analysed: {type(err).__name__}: {_first_line(str(err))}")
        )
        return result
    collector = Collector()
    collector.walk_module(module)
    builder = Builder(path, module, collector, words)
    builder.ev.source = source
    if spans is not None:
        builder.ev.lines_hint = (source, spans)
    if builder.interesting():
        result.candidates.extend(builder.build())
    if cdk.mentions_rds(text):
        result.servers.extend(cdk.servers(path, module))
    return result


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else "unknown error"
