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

Options are read in each of the forms Ansible accepts
(``lib/ansible/parsing/mod_args.py``, ``ModuleArgsParser``): a mapping under
the module's key; the free-form string ``mysql_db: name=app login_host=db
ca_cert=/ca.pem`` (``parsing/splitter.py`` ``parse_kv``: words split on blanks
outside quotes and Jinja blocks, each ``key=value`` at its first ``=``, a value
quoted whole unquoted); the task's ``args:`` mapping, which the module's own
options override; and ``action:`` / ``local_action:`` naming the module (as
the first word of a string, or ``module:`` of a mapping).  A free-form value is
a string the module's argument spec converts: ``check_hostname`` is a ``bool``
(``module_utils/parsing/convert_bool.py``: ``yes``/``on``/``1``/``true``/``t``/``y``
and their ``no`` counterparts, any case), in every form.  A string whose quotes
or Jinja blocks do not close fails to parse in Ansible: no connection.
Backslash escapes in a free-form value are taken as written.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from connlint.frontends.spring import Located
from connlint.frontends.yaml import mapping_value, node_location
from connlint.lazy import dataclass
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
#: Ansible's ``boolean()`` (module_utils/parsing/convert_bool.py), compared lower-cased.
_ANSIBLE_TRUE = frozenset({"y", "yes", "on", "1", "true", "t"})
_ANSIBLE_FALSE = frozenset({"n", "no", "off", "0", "false", "f"})
#: Module options of type ``bool`` (plugins/module_utils/mysql.py ``mysql_common_argument_spec``).
_BOOL_OPTIONS = frozenset({"check_hostname"})
#: Task keywords that name the module in their value (``action: mysql_db name=app``).
_ACTION_KEYS = frozenset({"action", "local_action"})


@dataclass(frozen=True)
class _Option:
    """One module option as the task writes it, in any of its forms."""

    name: str
    #: From the option's name to the end of its value.
    location: Location
    #: The value (Jinja blocks DYNAMIC; a YAML boolean as ``True``/``False``), None for null.
    value: str | None
    span: Span | None
    #: The value as written (for what a Jinja template stands for).
    written: str


def module_name(key: str) -> str | None:
    """The community.mysql module a task key names (``community.mysql.mysql_user``), or None."""
    for prefix in _PREFIXES:
        if key.startswith(prefix) and key[len(prefix) :] in MODULES:
            return key[len(prefix) :]
    return None


def tasks(path: str, text: str, root: yaml.Node, out: Extraction) -> None:
    """Add the connections of the community.mysql tasks under ``root`` (a playbook or task list)."""
    for key, module, task, value, defaults in _module_tasks(root):
        options = _task_options(path, text, task, value)
        if options is None:
            continue  # Ansible cannot parse the arguments: the task does not run
        merged = (_mapping_options(path, text, defaults) if defaults is not None else []) + options
        state = next((o.value for o in reversed(merged) if o.name == "state"), None)
        out.candidates.extend(_candidates(path, key, module, merged, state))


_Defaults = dict[str, yaml.MappingNode]
_Task = tuple[yaml.ScalarNode, str, yaml.MappingNode, yaml.Node, yaml.MappingNode | None]


def _module_tasks(root: yaml.Node) -> Iterator[_Task]:
    """Each task of a module: the key naming it, the module, the task, the value of
    that key (its options) and the ``module_defaults`` of the play or block it
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
                if not isinstance(key, yaml.ScalarNode) or key.value == "module_defaults":
                    continue
                name = module_name(str(key.value))
                if name is None and key.value in _ACTION_KEYS:
                    name = _action_module(value)
                if name is not None and (isinstance(value, yaml.MappingNode) or _is_string(value)):
                    yield key, name, node, value, inner.get(name)
                elif isinstance(value, (yaml.SequenceNode, yaml.MappingNode)):
                    stack.append((value, inner))


def _is_string(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str"


def _action_module(value: yaml.Node) -> str | None:
    """The community.mysql module ``action:`` names: its string's first word, or ``module:``."""
    if _is_string(value):
        words = str(value.value).split(None, 1)
        return module_name(words[0]) if words else None
    found = mapping_value(value, "module")
    return module_name(str(found.value)) if isinstance(found, yaml.ScalarNode) else None


def _task_options(path: str, text: str, task: yaml.MappingNode, value: yaml.Node) -> list[_Option] | None:
    """The module's options in the task: ``args:`` first, then the module's own
    (which win); None when Ansible cannot parse them.
    """
    args = mapping_value(task, "args")
    out = _mapping_options(path, text, args) if isinstance(args, yaml.MappingNode) else []
    if isinstance(value, yaml.MappingNode):
        return out + [o for o in _mapping_options(path, text, value) if o.name != "module"]
    assert isinstance(value, yaml.ScalarNode)
    from connlint.frontends import yaml as yaml_frontend

    located = yaml_frontend.locate(path, text, value)
    if located.text != value.value:
        return out  # the characters could not be placed
    words = split_args(located.text)
    if words is None:
        return None
    task_key = next((k for k, v in task.value if v is value), None)
    if isinstance(task_key, yaml.ScalarNode) and task_key.value in _ACTION_KEYS:
        words = words[1:]  # the module's name
    for start, end in words:
        option = _free_form_option(path, located.slice(start, end))
        if option is not None:
            out.append(option)
    return out


def split_args(chars: str) -> list[tuple[int, int]] | None:
    """Where each word of a free-form argument string stands (``parsing/splitter.py``
    ``split_args``: split on spaces and line breaks outside quotes and Jinja
    blocks), or None when a quote or block does not close.  Linear.
    """
    words: list[tuple[int, int]] = []
    start: int | None = None
    quote: str | None = None
    depth = 0
    i = 0
    while i < len(chars):
        char = chars[i]
        if quote is None and depth == 0 and char in " \n":
            if start is not None:
                words.append((start, i))
                start = None
            i += 1
            continue
        if start is None:
            start = i
        pair = chars[i : i + 2]
        if quote is not None:
            if char == quote and chars[i - 1 : i] != "\\":
                quote = None
        elif pair in ("{{", "{%", "{#"):
            depth += 1
            i += 2
            continue
        elif depth and pair in ("}}", "%}", "#}"):
            depth -= 1
            i += 2
            continue
        elif char in "\"'" and chars[i - 1 : i] != "\\":
            quote = char
        i += 1
    if quote is not None or depth:
        return None
    if start is not None:
        words.append((start, len(chars)))
    return words


def _free_form_option(path: str, word: Located) -> _Option | None:
    """``key=value`` (``parse_kv``: the first ``=`` after the first character that
    no backslash escapes; the value stripped and, quoted whole, unquoted), or None.
    """
    chars = word.text
    equals = 0
    while True:
        equals = chars.find("=", equals + 1)
        if equals < 0:
            return None  # a bare word: a raw parameter, which these modules do not take
        if chars[equals - 1] != "\\":
            break
    name = chars[:equals].strip()
    located = word.slice(equals + 1, len(chars)).strip()
    raw = located.text
    if len(raw) > 1 and raw[0] == raw[-1] and raw[0] in "\"'" and raw[-2] != "\\":
        located = located.slice(1, len(raw) - 1)
    written = located.text
    if "{{" in written or "{%" in written:
        located = _mask_jinja(located)
    start = word.point(0)
    end = word.point(len(chars) - 1)
    location = Location(path, start[0], start[1], end[0], end[1] + 1)
    span = located.span(path, start) if len(located) else None
    return _Option(name, location, located.text, span, written)


def _mapping_options(path: str, text: str, options: yaml.MappingNode) -> list[_Option]:
    """The options of a mapping (a merge key's first: see :func:`_pairs`)."""
    out: list[_Option] = []
    for option, value in _pairs(options):
        if not isinstance(option, yaml.ScalarNode) or not isinstance(value, yaml.ScalarNode):
            continue
        location = Location(
            path,
            option.start_mark.line + 1,
            option.start_mark.column + 1,
            value.end_mark.line + 1,
            value.end_mark.column + 1,
        )
        if value.tag == "tag:yaml.org,2002:null":
            out.append(_Option(str(option.value), location, None, None, str(value.value)))
            continue
        written, span = _value(path, text, value)
        out.append(_Option(str(option.value), location, written, span, str(value.value)))
    return out


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


def _boolean(value: str) -> str:
    """A ``bool`` option's value as the argument spec converts it (``True``/``False``)."""
    if DYNAMIC in value:
        return value
    lowered = value.strip().lower()
    if lowered in _ANSIBLE_TRUE:
        return "True"
    if lowered in _ANSIBLE_FALSE:
        return "False"
    return value


def _candidates(
    path: str, key: yaml.ScalarNode, module: str, options: list[_Option], state: str | None
) -> list[Candidate]:
    settings: list[Setting] = []
    # One value an argument (Ansible's options are a dict): the last written wins
    # (the module's own over ``args:``, over ``module_defaults``).
    last = {OPTION_KEYS[o.name]: o for o in options if o.name in OPTION_KEYS}
    for option in options:
        name = option.name
        target = OPTION_KEYS.get(name)
        if target is None or option.value is None or last[target] is not option:
            continue
        location = option.location
        written, span = option.value, option.span
        if name in _BOOL_OPTIONS:
            converted = _boolean(written)
            if converted != written:
                written, span = converted, None
        if written.replace(DYNAMIC, "") == "" and DYNAMIC in written:
            settings.append(Setting(target, None, location, f"{name}={option.written}", None, option.written))
            continue
        stored: str | Secret | None = written
        if target == "password":
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
