"""Which MySQL-family client a command runs, from where it runs: the container
image or the package that provides the program (issue 16, item 14).

A front-end hands the image reference or the package name over as a setting of
the ``CandidateKind.MYSQL_CLI`` candidate (:data:`IMAGE_KEY`, :data:`PACKAGE_KEY`);
this module says what family and version it stands for.  Unknown stays
unknown: a tag that names no version (``latest``, ``lts``) gives the family
only, and a package whose target differs between distributions gives nothing.

Sources (public):

* Docker Official Image ``mysql``: github.com/docker-library/mysql
  (``versions.json``, ``8.4/Dockerfile.oracle``: the image's client is the
  server's Oracle MySQL version).
* Docker Official Image ``mariadb``: github.com/MariaDB/mariadb-docker
  (``*/Dockerfile``); from 11.0 the images have no ``mysql`` command
  (MariaDB/mariadb-docker issues #519, #545).
* Ubuntu ``mysql-client`` / ``mysql-client-8.0``: Oracle MySQL
  (https://packages.ubuntu.com/noble/mysql-client-8.0).
* Alpine ``mysql-client``: a dummy package of origin ``mariadb``
  (https://pkgs.alpinelinux.org/package/v3.12/main/x86_64/mysql-client;
  ``_compat_client`` in aports ``main/mariadb/APKBUILD``: it depends on
  ``mariadb-client``).  The MariaDB version of each Alpine branch:
  https://pkgs.alpinelinux.org/package/v3.<N>/main/x86_64/mariadb-client
  (see :data:`_ALPINE_MARIADB`).
* Debian ``mariadb-client`` (https://packages.debian.org/mariadb-client);
  Debian has no ``mysql-client`` package, and what ``default-mysql-client``
  installs differs between Debian (MariaDB) and Ubuntu: not decided here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from connlint import lazy
from connlint.lazy import dataclass
from connlint.model import Setting

#: Setting key: the image a command runs in (``mysql:5.7``), as written.
IMAGE_KEY = "client-image"
#: Setting key: a package installed before the command, ``<manager> <name>`` (``apt mysql-client-8.0``).
PACKAGE_KEY = "client-package"


@dataclass(frozen=True)
class ClientContext:
    """A client family (``mysql`` / ``mariadb``) and version (None: not known)."""

    family: str
    version: str | None
    source: str  # what it was read from, for messages: "image mysql:5.7"
    image: bool = False  # an image (its programs are known), not a package

    def lacks(self, program: str) -> bool:
        """True when ``program`` is a ``mysql``-named client this image does not have:
        MariaDB images from 11.0 on (and ``latest``, ``lts``) ship ``mariadb``,
        ``mariadb-dump``… only (MariaDB/mariadb-docker issues #519, #545).
        """
        if not (self.image and self.family == "mariadb" and program.startswith("mysql")):
            return False
        major = self.version.split(".", 1)[0] if self.version else ""
        return not major or int(major) >= 11


#: Image repositories (registry and ``library/`` dropped) -> the family of their client.
_IMAGES: dict[str, str] = {
    "mysql": "mysql",
    "mysql/mysql-server": "mysql",
    "mysql/community-server": "mysql",  # container-registry.oracle.com/mysql/community-server
    "mysql/enterprise-server": "mysql",
    "mariadb": "mariadb",
    "mariadb/server": "mariadb",
}
_REGISTRIES = ("docker.io/", "index.docker.io/", "registry-1.docker.io/", "container-registry.oracle.com/")
_VERSION = lazy.compile(r"\d+(?:\.\d+){0,2}")
#: ``mysql-client-8.0``, ``mariadb-client-10.6``: the version in the name.
_VERSIONED = lazy.compile(r"(mysql|mariadb)-client-(\d+(?:\.\d+)*)")


def from_image(reference: str) -> ClientContext | None:
    """The client of an image reference (``mysql:5.7``, ``docker.io/library/mariadb:11.4``)."""
    ref = reference.strip().split("@", 1)[0].lower()
    for registry in _REGISTRIES:
        if ref.startswith(registry):
            ref = ref[len(registry) :]
    slash = ref.rfind("/")
    colon = ref.rfind(":")
    repository, tag = (ref[:colon], ref[colon + 1 :]) if colon > slash else (ref, "")
    repository = repository.removeprefix("library/")
    family = _IMAGES.get(repository)
    if family is None:
        return None
    version = _VERSION.match(tag)
    return ClientContext(family, version.group() if version else None, f"image {reference.strip()}", True)


#: Alpine branch -> the MariaDB release its ``mariadb-client`` (and ``mysql-client``)
#: installs, as pkgs.alpinelinux.org shows it (``/package/v3.<N>/main/<arch>/<package>``
#: for ``mariadb-client`` or another package of origin ``mariadb``, built from the same
#: APKBUILD at the same version): v3.11 10.4.22, v3.12 10.4.25, v3.13 10.5.13 and
#: 10.5.17 (mariadb-doc), v3.14 10.5.13 (mariadb-doc) and 10.5.19 (mariadb-common),
#: v3.15 10.6.14 (mariadb-doc), v3.16 10.6.16 (mariadb-doc, mariadb-common), v3.18
#: 10.11.11 (mariadb-doc), v3.19 10.11.14 (mariadb-doc), v3.20 10.11.11 and 10.11.14
#: (mariadb-doc), v3.21 11.4.8 (mariadb-common), v3.22 11.4.5 (mariadb-common), v3.23
#: 11.4.10, v3.24 11.8.8, v3.25 11.8.10.  Branches not looked up (v3.17, v3.10 and
#: older) are left out: their client's version stays unknown.
_ALPINE_MARIADB: dict[str, str] = {
    "3.11": "10.4",
    "3.12": "10.4",
    "3.13": "10.5",
    "3.14": "10.5",
    "3.15": "10.6",
    "3.16": "10.6",
    "3.18": "10.11",
    "3.19": "10.11",
    "3.20": "10.11",
    "3.21": "11.4",
    "3.22": "11.4",
    "3.23": "11.4",
    "3.24": "11.8",
    "3.25": "11.8",
}
#: An Alpine branch at the start of a tag's version part (``3.23`` of ``3.23.2``).
_ALPINE_BRANCH = lazy.compile(r"3\.\d+")


def alpine_branch(reference: str) -> str | None:
    """The Alpine branch (``3.23``) an image reference names: ``alpine:3.23``,
    ``alpine:3.23.2``, ``python:3.12-alpine3.23``; None when it names none
    (``alpine:latest``, ``node:20-alpine``: the branch moves with time).
    """
    last = reference.strip().split("@", 1)[0].lower().rsplit("/", 1)[-1]
    name, _, tag = last.partition(":")
    if name == "alpine":
        version = tag
    else:
        at = tag.find("alpine")
        version = tag[at + len("alpine") :] if at >= 0 else ""
    found = _ALPINE_BRANCH.match(version)
    return found.group() if found else None


def from_package(manager: str, name: str, pinned: str | None = None) -> ClientContext | None:
    """The client a package installs (``apt``/``apk``/``yum``, the package name, and
    the version the install command pins, which for these packages is the
    client's own: Ubuntu's ``mysql-client`` 8.0.36-0ubuntu… is MySQL 8.0.36,
    Alpine's ``mysql-client`` 10.11.6-r0 is MariaDB 10.11.6).
    """
    source = f"package {name}" + (f" {pinned}" if pinned else "")
    versioned = _VERSIONED.fullmatch(name)
    if versioned:
        return ClientContext(versioned.group(1), versioned.group(2), source)
    if name in ("mariadb-client", "mariadb"):
        return ClientContext("mariadb", pinned, source)
    if name == "mysql-client":
        # Alpine's is MariaDB's client; Ubuntu's is Oracle MySQL (Debian has none).
        return ClientContext("mariadb" if manager == "apk" else "mysql", pinned, source)
    if name in ("mysql-community-client", "mysql-shell"):
        return ClientContext("mysql", pinned if name != "mysql-shell" else None, source)
    return None


def context_of(settings: Iterable[Setting]) -> ClientContext | None:
    """The context the last image or package setting gives (the nearest one); an
    Alpine package without a pinned version has that of the image's Alpine branch.
    """
    found: ClientContext | None = None
    branch: str | None = None  # the Alpine branch of the last image
    for setting in settings:
        if not isinstance(setting.value, str):
            continue
        if setting.key == IMAGE_KEY:
            # A nearer image replaces the one before (a GitLab job's over the file's):
            # one that is no MySQL or MariaDB image has a client not known.
            found = from_image(setting.value)
            branch = alpine_branch(setting.value)
        elif setting.key == PACKAGE_KEY:
            manager, _, rest = setting.value.partition(" ")
            name, _, pinned = rest.partition(" ")
            package = from_package(manager, name, pinned or None)
            if package is not None and manager == "apk" and not pinned and branch in _ALPINE_MARIADB:
                source = f"{package.source} on Alpine {branch}"
                package = dataclasses.replace(package, version=_ALPINE_MARIADB[branch], source=source)
            found = package or found
    return found
