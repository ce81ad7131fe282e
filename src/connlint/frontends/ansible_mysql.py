"""Ansible tasks of the community.mysql collection: the connection each module opens.

Every module of the collection that talks to a server (``mysql_db``,
``mysql_user``, ``mysql_query``, ``mysql_info``, ``mysql_replication``,
``mysql_variables``, ``mysql_role``; short or fully qualified names, and the
collection's other ``mysql_*`` modules) connects through
``plugins/module_utils/mysql.py`` ``mysql_connect``
(https://github.com/ansible-collections/community.mysql, tag 4.1.0; the same
from 1.0.0): it imports PyMySQL first and mysqlclient only when PyMySQL is
missing (the documentation fragment says PyMySQL is required), and builds
PyMySQL's keyword arguments from the module options:

* ``login_host`` (default ``localhost``), ``login_port``, ``login_user``,
  ``login_password``, ``login_unix_socket`` -> ``host``, ``port``, ``user``,
  ``password``, ``unix_socket``;
* ``ca_cert`` (alias ``ssl_ca``), ``client_cert`` (``ssl_cert``),
  ``client_key`` (``ssl_key``) -> the ``ssl`` dict's ``ca``, ``cert``, ``key``;
  ``check_hostname`` (1.1.0+, PyMySQL only) -> ``ssl["check_hostname"]``;
* ``config_file`` -> ``read_default_file`` when the file exists.  Its default,
  ``~/.my.cnf`` on the managed host, is not in the repository: connlint takes it
  to set no TLS option (documented in docs/clients.md); a ``config_file`` the
  task names is an option file whose content is not known statically.

So one PYTHON candidate a task, driver ``pymysql``, read with PyMySQL's
semantics (``ssl={"ca": …}`` verifies the CA and the host name); its trail
names the module.  ``mysql_db`` with ``state: dump`` or ``import`` also runs
``mysqldump`` / ``mysql`` with ``--ssl-ca``/``--ssl-cert``/``--ssl-key`` and no
``--ssl-mode`` (``plugins/modules/mysql_db.py``): a MYSQL_CLI candidate too.
Jinja ``{{ … }}`` values are not known statically.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from connlint.frontends.spring import Located
from connlint.frontends.yaml import node_location
from connlint.model import DYNAMIC, Candidate, CandidateKind, Extraction, Hop, Location, Secret, Setting, Span

#: Modules that call ``mysql_connect`` (the collection's plugins/modules at 4.1.0).
MODULES = frozenset(
    {
        "mysql_db",
        "mysql_user",
        "mysql_query",
        "mysql_info",
        "mysql_replication",
        "mysql_variables",
        "mysql_role",
    }
)
_PREFIXES = ("community.mysql.", "")

#: Module option (and aliases) -> PyMySQL keyword argument (flattened ``ssl`` dict).
OPTION_KEYS: dict[str, str] = {
    "login_host": "host",
    "login_port": "port",
    "login_user": "user",
    "login_password": "password",
    "login_unix_socket": "unix_socket",
    "ca_cert": "ssl.ca",
    "ssl_ca": "ssl.ca",
    "client_cert": "ssl.cert",
    "ssl_cert": "ssl.cert",
    "client_key": "ssl.key",
    "ssl_key": "ssl.key",
    "check_hostname": "ssl.check_hostname",
    "config_file": "read_default_file",
}
#: Options the dump/import command line gets (``mysql_db.py`` ``db_dump``/``db_import``).
_CLI_OPTIONS = {"ssl.ca": "--ssl-ca=", "ssl.cert": "--ssl-cert=", "ssl.key": "--ssl-key="}

_YAML_FALSE = frozenset({"false", "no", "off", "n"})
_YAML_TRUE = frozenset({"true", "yes", "on", "y"})


def module_name(key: str) -> str | None:
    """The community.mysql module a task key names (``community.mysql.mysql_user``), or None."""
    for prefix in _PREFIXES:
        if key.startswith(prefix) and key[len(prefix) :] in MODULES:
            return key[len(prefix) :]
    return None


def tasks(path: str, text: str, root: yaml.Node, out: Extraction) -> None:
    """Add the connections of the community.mysql tasks under ``root`` (a playbook or task list)."""
    for key, module, options, defaults in _module_tasks(root):
        out.candidates.extend(_candidates(path, text, key, module, options, defaults))


_Defaults = dict[str, yaml.MappingNode]


def _module_tasks(
    root: yaml.Node,
) -> Iterator[tuple[yaml.ScalarNode, str, yaml.MappingNode, yaml.MappingNode | None]]:
    """Each task of a module, with the ``module_defaults`` of the play or block it
    stands in (Ansible merges them under the task's own options).
    """
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, _Defaults]] = [(root, {})]
    while stack:
        node, defaults = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend((item, defaults) for item in reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            inner = dict(defaults)
            for key, value in node.value:
                if not (isinstance(key, yaml.ScalarNode) and key.value == "module_defaults"):
                    continue
                for k, v in value.value if isinstance(value, yaml.MappingNode) else []:
                    name = module_name(str(k.value)) if isinstance(k, yaml.ScalarNode) else None
                    if name is not None and isinstance(v, yaml.MappingNode):
                        inner[name] = v
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == "module_defaults":
                    continue
                name = module_name(str(key.value)) if isinstance(key, yaml.ScalarNode) else None
                if name is not None and isinstance(value, yaml.MappingNode):
                    assert isinstance(key, yaml.ScalarNode)
                    yield key, name, value, inner.get(name)
                elif isinstance(value, (yaml.SequenceNode, yaml.MappingNode)):
                    stack.append((value, inner))


def _value(path: str, text: str, node: yaml.ScalarNode) -> tuple[str | None, Span | None]:
    """A scalar's value (Jinja templates as DYNAMIC, located) and its span; YAML
    booleans as Python's constants (unlocated, as the Python front-end gives them).
    """
    from connlint.frontends import yaml as yaml_frontend

    raw = str(node.value)
    if node.style is None and node.tag.endswith(":bool"):
        return ("False" if raw.lower() in _YAML_FALSE else "True"), None
    located: Located = yaml_frontend.locate(path, text, node)
    if "{{" in raw or "{%" in raw:
        located = _mask_jinja(located)
    span = located.span(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    return span.text, span


def _mask_jinja(located: Located) -> Located:
    """``located`` with each ``{{ … }}`` / ``{% … %}`` (to its first closing) one DYNAMIC
    character; an unclosed one runs to the end.  Found with ``str.find``: linear.
    """
    chars = located.text
    out = Located()
    pos = 0
    while True:
        starts = [i for i in (chars.find("{{", pos), chars.find("{%", pos)) if i >= 0]
        if not starts:
            break
        start = min(starts)
        close = chars.find("}}" if chars[start + 1] == "{" else "%}", start + 2)
        if start > pos:
            out.add(chars[pos:start], located.point(pos))
        out.add(DYNAMIC, located.point(start))
        pos = len(chars) if close < 0 else close + 2
    if pos < len(chars):
        out.add(chars[pos:], located.point(pos))
    return out


def _candidates(
    path: str,
    text: str,
    key: yaml.ScalarNode,
    module: str,
    options: yaml.MappingNode,
    defaults: yaml.MappingNode | None,
) -> list[Candidate]:
    settings: list[Setting] = []
    pairs = (_pairs(defaults) if defaults is not None else []) + _pairs(options)
    for option, value in pairs:
        if not isinstance(option, yaml.ScalarNode) or not isinstance(value, yaml.ScalarNode):
            continue
        name = str(option.value)
        target = OPTION_KEYS.get(name)
        if target is None:
            continue
        location = Location(
            path,
            option.start_mark.line + 1,
            option.start_mark.column + 1,
            value.end_mark.line + 1,
            value.end_mark.column + 1,
        )
        written, span = _value(path, text, value)
        if written is not None and written.replace(DYNAMIC, "") == "" and DYNAMIC in written:
            settings.append(Setting(target, None, location, f"{name}={value.value}", None, str(value.value)))
            continue
        stored: str | Secret | None = written
        if target == "password" and written is not None:
            if DYNAMIC in written:
                settings.append(Setting(target, None, location, f"{name}=***", None, "a Jinja template"))
                continue
            stored = Secret(written, span)
        source = f"{name}=***" if target == "password" else f"{name}={written}"
        settings.append(Setting(target, stored, location, source, span))
    if not any(s.key == "host" for s in settings) and not any(s.key == "unix_socket" for s in settings):
        # mysql_connect's default login_host
        settings.insert(
            0, Setting("host", "localhost", node_location(path, key), "login_host=localhost (default)")
        )
    where = node_location(path, key)
    trail = (Hop(where, f"via Ansible community.mysql.{module}"),)
    out = [Candidate(CandidateKind.PYTHON, where, settings=tuple(settings), driver="pymysql", trail=trail)]
    state = _option(options, "state")
    if module == "mysql_db" and state in ("dump", "import"):
        out.append(_command_line(path, where, "mysqldump" if state == "dump" else "mysql", settings))
    return out


def _pairs(options: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
    """The module's options, a merge key's (``<<: *mysql_params``) first: keys written
    in the mapping itself come after them and win.
    """
    merged: list[tuple[yaml.Node, yaml.Node]] = []
    own: list[tuple[yaml.Node, yaml.Node]] = []
    for key, value in options.value:
        if isinstance(key, yaml.ScalarNode) and key.tag == "tag:yaml.org,2002:merge":
            sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
            for source in sources:
                if isinstance(source, yaml.MappingNode):
                    merged.extend(source.value)
        else:
            own.append((key, value))
    return merged + own


def _option(options: yaml.MappingNode, name: str) -> str | None:
    for option, value in _pairs(options):
        if (
            isinstance(option, yaml.ScalarNode)
            and option.value == name
            and isinstance(value, yaml.ScalarNode)
        ):
            return str(value.value)
    return None


def _command_line(path: str, where: Location, program: str, settings: list[Setting]) -> Candidate:
    """The dump or import command line: the program, ``--host``/``--port`` and the TLS files."""
    argv = [Span.at(program, path, where.line, where.column)]
    for setting in settings:
        option = _CLI_OPTIONS.get(setting.key) or {"host": "--host=", "port": "--port="}.get(setting.key)
        if option is None or not isinstance(setting.value, str):
            continue
        located = Located()
        located.add_at(option, (setting.location.line, setting.location.column))
        if setting.value_span is not None:
            located.add(setting.value, (setting.value_span.locate().line, setting.value_span.locate().column))
        else:
            located.add_at(setting.value, (setting.location.line, setting.location.column))
        argv.append(located.span(path, (setting.location.line, setting.location.column)))
    trail = (Hop(where, "via Ansible community.mysql.mysql_db, its dump/import command"),)
    return Candidate(CandidateKind.MYSQL_CLI, where, argv=tuple(argv), trail=trail)
