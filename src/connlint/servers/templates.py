"""Terraform module templates: a local module's own declarations are no servers
when the run reads that module through its calls.

A module that a configuration calls (``module "db" { source = "../modules/db" }``)
is a template: Terraform creates its resources once per call, as
``module.db.aws_db_instance.this``, and never by themselves
(https://developer.hashicorp.com/terraform/language/modules: "a module that
is called by another configuration is sometimes referred to as a child module").
The Terraform front-end reports both: the instances where the calls are
(:attr:`connlint.model.Server.modules` names the module directories they were
read through) and, linting the module's own files, the declarations as they
stand, with the CA unknown where a caller decides it.  Once the run has both,
the declarations are dropped, and so is the CL402 finding on one.

A called directory is still a deployment of its own when it is applied as a
root module: it configures a state backend (``backend "s3" {}`` or ``cloud {}``
in its ``terraform`` block, which Terraform reads in the root module only) or
holds the values files Terraform loads for a root module by itself
(``terraform.tfvars``, ``*.auto.tfvars``).  A module whose calls the run did
not read (a caller outside the paths, or a caller file the prefilter passed
over) keeps its declarations: they are the only record of the database.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from connlint.model import Finding, Server

#: ``backend "s3" {`` / ``cloud {`` at the start of a line of a ``.tf`` file.
_BACKEND = re.compile(rb'^[ \t]*(?:backend[ \t]+"[^"\n]*"[ \t]*\{|cloud[ \t]*\{)', re.MULTILINE)
#: Most ``.tf`` files of one directory read for a backend.
_MAX_FILES = 200
#: The CL402 rule: "names no CA", reported at the server itself.
_ON_THE_SERVER = "CL402"


def _key(directory: str) -> str:
    return os.path.normcase(os.path.abspath(directory))


def is_root(directory: str) -> bool:
    """Whether the Terraform module in ``directory`` is applied as a root module too."""
    try:
        with os.scandir(directory) as entries:
            names = sorted(e.name for e in entries if e.is_file())
    except OSError:
        return False
    if any(n == "terraform.tfvars" or n.endswith(".auto.tfvars") for n in names):
        return True
    for name in [n for n in names if n.endswith(".tf")][:_MAX_FILES]:
        try:
            with open(os.path.join(directory, name), "rb") as file:
                if _BACKEND.search(file.read()):
                    return True
        except OSError:
            continue
    return False


def templates(servers: Iterable[Server]) -> frozenset[str]:
    """The module directories (normalised) the run read through calls, less roots."""
    called = {directory for server in servers for directory in server.modules}
    return frozenset(_key(d) for d in called if not is_root(d))


def deployed(servers: list[Server], findings: list[Finding]) -> tuple[list[Server], list[Finding]]:
    """``servers`` less the declarations of the modules they were read through
    (module templates), and ``findings`` less the CL402 findings on those.
    """
    modules = templates(servers)
    if not modules:
        return servers, findings
    kept: list[Server] = []
    dropped = set()
    for server in servers:
        if server.source == "terraform" and _key(os.path.dirname(server.location.path)) in modules:
            dropped.add(server.location)
        else:
            kept.append(server)
    if not dropped:
        return servers, findings
    return kept, [f for f in findings if not (f.rule == _ON_THE_SERVER and f.location in dropped)]
