#!/usr/bin/env python3
"""connlint benchmark: generate a deterministic synthetic corpus, time connlint
against the cost of merely reading the bytes, and print a table with targets.

    python bench/bench.py                 # ~100 MB / ~20,000 files, 5 repetitions
    python bench/bench.py --quick         # tiny corpus, 1 repetition (smoke test)
    python bench/bench.py --size-mb 50 --files 10000 --repeat 3
    python bench/bench.py --precommit     # only the two pre-commit cases, 20 pairs each

The corpus is written once to ``bench/corpus-<size>mb-<files>/`` (git-ignored)
and reused while its parameters are unchanged.  See bench/README.md.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
GENERATOR_VERSION = 3  # bump when the corpus generator changes

# --------------------------------------------------------------------------------------------
# Corpus generation
# --------------------------------------------------------------------------------------------

# Identifiers and words for filler: none of them contains a trigger word.
_WORDS_TEXT = (
    "order customer account item value cache request response payload config handler service "
    "repository index buffer token session user amount price status result entry queue batch "
    "record stream event message client server node cluster region bucket report invoice ledger "
    "widget profile address shipment catalog product vendor inventory metric sample window frame "
    "schedule task worker job pipeline stage artifact release tenant policy rule filter mapper"
)
WORDS = tuple(_WORDS_TEXT.split())
TYPES = ("String", "int", "long", "boolean", "List<String>", "Map<String, Object>", "Optional<String>")
PRUNED = (".git", "node_modules", "target")


def _ident(rng: random.Random, cap: bool = False) -> str:
    a, b = rng.choice(WORDS), rng.choice(WORDS)
    s = a + b.capitalize()
    return s[0].upper() + s[1:] if cap else s


def _sentence(rng: random.Random, n: int = 8) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


# -- filler chunk makers (one "unit" of each language: a method, a function, a block) --------


def _java_method(rng: random.Random) -> str:
    name, v, w = _ident(rng), _ident(rng), _ident(rng)
    lines = [f"    public {rng.choice(TYPES)} {name}({rng.choice(TYPES)} {v}, {rng.choice(TYPES)} {w}) {{"]
    for _ in range(rng.randint(3, 14)):
        t = rng.randrange(6)
        x = _ident(rng)
        if t == 0:
            lines.append(f'        String {x} = "{_sentence(rng, 4)}";')
        elif t == 1:
            lines.append(f"        if ({v} != null && {w} != null) {{ return {rng.randint(0, 999)}; }}")
        elif t == 2:
            lines.append(f'        log.debug("{_sentence(rng, 5)} {{}}", {v});')
        elif t == 3:
            lines.append(f"        for (int i = 0; i < {rng.randint(2, 64)}; i++) {{ {x}.add(i); }}")
        elif t == 4:
            lines.append(f"        {x} = {_ident(rng)}.{_ident(rng)}({v}, {w});")
        else:
            lines.append(f"        // {_sentence(rng, 9)}")
    lines.append("        return null;\n    }\n")
    return "\n".join(lines)


def _python_func(rng: random.Random) -> str:
    name, v = _ident(rng).lower(), _ident(rng).lower()
    lines = [f"def {name}_{rng.randint(0, 9999)}({v}, *args, **kwargs):", f'    """{_sentence(rng, 7)}."""']
    for _ in range(rng.randint(3, 12)):
        t = rng.randrange(5)
        x = _ident(rng).lower()
        if t == 0:
            lines.append(
                f'    {x} = {{"{rng.choice(WORDS)}": {rng.randint(0, 99)}, "{rng.choice(WORDS)}": {v}}}'
            )
        elif t == 1:
            lines.append(f"    if {v} is None:\n        return {rng.randint(0, 9)}")
        elif t == 2:
            lines.append(f'    logger.info("{_sentence(rng, 5)} %s", {v})')
        elif t == 3:
            lines.append(f"    {x} = [item for item in {v} if item]")
        else:
            lines.append(f"    # {_sentence(rng, 9)}")
    lines.append(f"    return {v}\n\n")
    return "\n".join(lines)


def _shell_block(rng: random.Random) -> str:
    name = _ident(rng).lower()
    return "\n".join(
        [
            f"{name}() {{",
            f'  local {rng.choice(WORDS)}="${{1:-{rng.choice(WORDS)}}}"',
            f'  echo "{_sentence(rng, 6)}"',
            f'  curl -fsS "https://{rng.choice(WORDS)}.example.com/{rng.choice(WORDS)}" -o /tmp/{name}.out',
            f'  if [ -f "/tmp/{name}.out" ]; then rm -f "/tmp/{name}.out"; fi',
            "}",
            "",
        ]
    )


def _properties_block(rng: random.Random) -> str:
    p = rng.choice(WORDS)
    return (
        "\n".join(
            [f"# {_sentence(rng, 6)}"]
            + [
                f"{p}.{rng.choice(WORDS)}.{rng.choice(WORDS)}={_sentence(rng, 3)}"
                for _ in range(rng.randint(3, 10))
            ]
        )
        + "\n"
    )


def _yaml_block(rng: random.Random) -> str:
    k = rng.choice(WORDS)
    return (
        "\n".join(
            [f"{k}{rng.randint(0, 999)}:", f"  # {_sentence(rng, 6)}"]
            + [
                f"  {rng.choice(WORDS)}: {rng.choice(WORDS)}-{rng.randint(0, 99)}"
                for _ in range(rng.randint(2, 8))
            ]
        )
        + "\n"
    )


def _xml_block(rng: random.Random) -> str:
    k = rng.choice(WORDS)
    return "\n".join(
        [f'  <{k} id="{_ident(rng)}">']
        + [
            f"    <{w}>{_sentence(rng, 3)}</{w}>"
            for w in (rng.choice(WORDS) for _ in range(rng.randint(2, 8)))
        ]
        + [f"  </{k}>", ""]
    )


def _md_block(rng: random.Random) -> str:
    return f"## {_sentence(rng, 3).title()}\n\n{_sentence(rng, 40)}.\n\n- {_sentence(rng, 6)}\n\n"


def _js_block(rng: random.Random) -> str:
    n = _ident(rng)
    return (
        f"export function {n}({rng.choice(WORDS)}) {{\n"
        f"  const {rng.choice(WORDS)} = [{', '.join(str(rng.randint(0, 99)) for _ in range(8))}];\n"
        f"  return {rng.choice(WORDS)}.map((x) => x * {rng.randint(2, 9)}); // {_sentence(rng, 5)}\n}}\n\n"
    )


def _json_block(rng: random.Random) -> str:
    return json.dumps({w: _sentence(rng, 3) for w in rng.sample(WORDS, 6)}) + ",\n"


MAKERS: dict[str, Callable[[random.Random], str]] = {
    "java": _java_method,
    "python": _python_func,
    "shell": _shell_block,
    "properties": _properties_block,
    "yaml": _yaml_block,
    "xml": _xml_block,
    "md": _md_block,
    "js": _js_block,
    "json": _json_block,
}

# The settings a matching file carries, by kind (connections of every sort and mode).
JAVA_SETTINGS = [
    '        Connection c = DriverManager.getConnection("jdbc:mysql://db.internal:3306/app?sslMode=VERIFY_IDENTITY",'
    ' "app", System.getenv("DB_PASSWORD"));',
    '        String url = "jdbc:mysql://orders-db:3306/orders?useSSL=false&allowPublicKeyRetrieval=true";',
    '        String url = "jdbc:mysql://prod.cluster.rds.amazonaws.com:3306/app?useSSL=true&requireSSL=true";',
    '        props.setProperty("sslMode", "REQUIRED"); props.setProperty("user", "svc");',
    '        System.setProperty("javax.net.ssl.trustStore", "/etc/pki/truststore.jks");',
    '        ds.setUrl("jdbc:mariadb://maria:3306/app?sslMode=verify-full&trustServerCertificate=false");',
    '        Connection c = DriverManager.getConnection("jdbc:mysql://db:3306/x?sslMode=DISABLED",'
    ' "u", "hunter2");',
]
PYTHON_SETTINGS = [
    'conn = pymysql.connect(host="db.internal", user="app", password=os.environ["PW"],'
    ' ssl={"ca": "/etc/ssl/rds-ca-2019-root.pem"})',
    'conn = mysql.connector.connect(host="orders-db", user="svc", password="s3cret", ssl_disabled=True)',
    'conn = MySQLdb.connect(host="db", user="app", ssl_mode="REQUIRED")',
    'subprocess.run(["mysql", "--ssl-mode=DISABLED", "-h", "db", "-e", "select 1"], check=True)',
    'conn = pymysql.connect(host="db", ssl_ca="/etc/ssl/ca.pem", ssl_verify_cert=False)',
]
SHELL_SETTINGS = [
    'mysql -h "$DB_HOST" -u app --ssl-mode=VERIFY_CA --ssl-ca=/etc/ssl/rds-combined-ca-bundle.pem'
    ' -e "select 1"',
    "mysqldump --skip-ssl -h db -u backup app > /backups/app.sql",
    'export DB_URL="jdbc:mysql://db:3306/app?useSSL=false"',
    "keytool -importcert -alias rds -file rds-ca-2019-root.pem -keystore truststore.jks -storepass changeit"
    " -noprompt",
    'mysql --ssl-mode=REQUIRED -h "$HOST" -pS3cretPw app < schema.sql',
]
PROPERTIES_SETTINGS = [
    "spring.datasource.url=jdbc:mysql://db:3306/app?useSSL=false&allowPublicKeyRetrieval=true",
    "spring.datasource.url=jdbc:mysql://db.internal:3306/app?sslMode=VERIFY_IDENTITY"
    "&trustCertificateKeyStoreUrl=file:/etc/pki/truststore.jks",
    "db.url=jdbc:mariadb://maria:3306/app?useSsl=true",
]
YAML_SETTINGS = [
    "spring:\n  datasource:\n    url: jdbc:mysql://db:3306/app?sslMode=REQUIRED\n    username: app\n",
    "spring:\n  datasource:\n    url: jdbc:mysql://db:3306/app?useSSL=false\n",
]
XML_SETTINGS = [
    '  <Resource name="jdbc/app" auth="Container" type="javax.sql.DataSource"'
    ' url="jdbc:mysql://db:3306/app?useSSL=true&amp;verifyServerCertificate=false"/>',
    '  <property name="url" value="jdbc:mysql://db:3306/app?sslMode=VERIFY_CA"/>',
]
POM_DEP = [
    "<dependency><groupId>mysql</groupId><artifactId>mysql-connector-java</artifactId>"
    "<version>5.1.49</version></dependency>",
    "<dependency><groupId>com.mysql</groupId><artifactId>mysql-connector-j</artifactId>"
    "<version>8.0.33</version></dependency>",
]
GRADLE_DEP = [
    "    implementation 'com.mysql:mysql-connector-j:8.0.33'",
    "    runtimeOnly 'mysql:mysql-connector-java:8.0.12'",
]
CNF_SETTINGS = [
    "[client]\nssl-ca=/etc/mysql/rds-ca-2015-root.pem\nssl-mode=VERIFY_IDENTITY\n",
    "[client]\nssl-mode=DISABLED\nuser=app\n",
    "[mysql]\nssl-ca=/etc/mysql/ca.pem\nssl-mode=REQUIRED\n",
]
DOCKER_SETTINGS = [
    'RUN mysql --ssl-mode=DISABLED -h db -u root -e "create database app"',
    "ENV SPRING_DATASOURCE_URL=jdbc:mysql://db:3306/app?useSSL=false",
]


def _fill(rng: random.Random, kind: str, size: int, pool: dict[str, list[str]]) -> list[str]:
    chunks: list[str] = []
    n = 0
    choices = pool[kind]
    while n < size:
        c = rng.choice(choices)
        chunks.append(c)
        n += len(c)
    return chunks


def render(rng: random.Random, kind: str, size: int, pool: dict[str, list[str]], match: bool) -> bytes:
    """Content of one file of ``kind`` of about ``size`` bytes; ``match`` adds connection settings."""
    if kind in ("png", "jar", "class", "pack"):
        magic = {"png": b"\x89PNG\r\n\x1a\n", "jar": b"PK\x03\x04", "class": b"\xca\xfe\xba\xbe"}.get(
            kind, b"PACK"
        )
        return magic + rng.randbytes(max(0, size - len(magic)))
    if kind == "java":
        body = _fill(rng, "java", size, pool)
        if match:
            k = rng.randrange(len(body) + 1)
            setting = rng.choice(JAVA_SETTINGS)
            body.insert(k, f"    public void connect{k}() throws Exception {{\n{setting}\n    }}\n")
        pkg = f"com.example.{rng.choice(WORDS)}"
        head = f"package {pkg};\n\nimport java.util.*;\nimport java.sql.*;\n\n"
        head += f"public class {_ident(rng, True)} {{\n"
        return (head + "".join(body) + "}\n").encode()
    if kind == "python":
        body = _fill(rng, "python", size, pool)
        head = "import logging\nimport os\nimport subprocess\n"
        if match:
            head += "import pymysql\nimport mysql.connector\nimport MySQLdb\n"
            body.insert(rng.randrange(len(body) + 1), f"{rng.choice(PYTHON_SETTINGS)}\n\n")
        return (head + "\nlogger = logging.getLogger(__name__)\n\n\n" + "".join(body)).encode()
    if kind == "shell":
        body = _fill(rng, "shell", size, pool)
        if match:
            body.insert(rng.randrange(len(body) + 1), rng.choice(SHELL_SETTINGS) + "\n")
        return ("#!/usr/bin/env bash\nset -euo pipefail\n\n" + "".join(body)).encode()
    if kind in ("properties", "yaml"):
        body = _fill(rng, kind, size, pool)
        if match:
            extra = rng.choice(PROPERTIES_SETTINGS if kind == "properties" else YAML_SETTINGS)
            body.insert(rng.randrange(len(body) + 1), extra + "\n")
        return "".join(body).encode()
    if kind == "xml":
        body = _fill(rng, "xml", size, pool)
        if match:
            body.insert(rng.randrange(len(body) + 1), rng.choice(XML_SETTINGS) + "\n")
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<beans>\n' + "".join(body) + "</beans>\n").encode()
    if kind == "pom":
        deps = "".join(
            f"    <dependency><groupId>org.{w}</groupId><artifactId>{w}-core</artifactId>"
            f"<version>{rng.randint(1, 9)}.{rng.randint(0, 20)}.0</version></dependency>\n"
            for w in rng.sample(WORDS, 12)
        )
        if match:
            deps += "    " + rng.choice(POM_DEP) + "\n"
        return (
            '<?xml version="1.0"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n'
            f"  <modelVersion>4.0.0</modelVersion>\n  <groupId>com.example</groupId>\n"
            f"  <artifactId>{rng.choice(WORDS)}</artifactId>\n  <version>1.0.0</version>\n"
            f"  <dependencies>\n{deps}  </dependencies>\n</project>\n"
        ).encode()
    if kind == "gradle":
        deps = "".join(
            f"    implementation 'org.{w}:{w}-core:{rng.randint(1, 9)}.0'\n" for w in rng.sample(WORDS, 10)
        )
        if match:
            deps += rng.choice(GRADLE_DEP) + "\n"
        head = "plugins { id 'java' }\n\nrepositories { mavenCentral() }\n\n"
        return f"{head}dependencies {{\n{deps}}}\n".encode()
    if kind == "dockerfile":
        lines = ["FROM eclipse-temurin:17-jre", "WORKDIR /app", "COPY target/app.jar /app/app.jar"]
        lines += [f"RUN apt-get update && apt-get install -y {rng.choice(WORDS)}-tools" for _ in range(4)]
        if match:
            lines.insert(3, rng.choice(DOCKER_SETTINGS))
        return ("\n".join(lines) + '\nENTRYPOINT ["java", "-jar", "/app/app.jar"]\n').encode()
    if kind == "cnf":
        text = f"# {_sentence(rng, 5)}\n[{rng.choice(WORDS)}]\nkey={rng.choice(WORDS)}\n"
        return (text + "\n" + rng.choice(CNF_SETTINGS) if match else text).encode()
    if kind == "json":
        return ("[\n" + "".join(_fill(rng, "json", size, pool)) + "{}\n]\n").encode()
    return "".join(_fill(rng, kind, size, pool)).encode()


# kind -> (weight by file count, median size in bytes, file extension or exact name)
KINDS: dict[str, tuple[float, int, str]] = {
    "java": (26, 3500, ".java"),
    "python": (14, 3000, ".py"),
    "shell": (4, 1500, ".sh"),
    "properties": (3, 900, ".properties"),
    "yaml": (5, 1200, ".yml"),
    "xml": (5, 2500, ".xml"),
    "md": (9, 2500, ".md"),
    "js": (14, 4000, ".js"),
    "json": (6, 2500, ".json"),
    "png": (6, 9000, ".png"),
    "jar": (1, 30000, ".jar"),
}
CLASSIFIED = {"java", "python", "shell", "properties", "yaml", "xml", "pom", "gradle", "dockerfile", "cnf"}
KIND_DIRS = {
    "java": "src/main/java/com/example/{w}",
    "python": "py/{w}",
    "shell": "scripts",
    "properties": "src/main/resources",
    "yaml": "deploy/{w}",
    "xml": "src/main/resources/{w}",
    "md": "docs",
    "js": "web/src/{w}",
    "json": "web/data",
    "png": "web/assets",
    "jar": "lib",
}
# Large matching files: generated or bundled sources that still carry one setting.
LARGE = [
    ("java", 3_000_000),
    ("xml", 2_000_000),
    ("python", 1_000_000),
    ("shell", 1_000_000),
    ("properties", 800_000),
]


@dataclass
class CorpusStats:
    files: int
    bytes: int
    matching: int


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def generate(root: Path, size_mb: float, n_files: int, seed: int) -> CorpusStats:
    """Write a deterministic corpus of about ``size_mb`` MB and ``n_files`` files under ``root``."""
    rng = random.Random(seed)
    pool = {k: [maker(rng) for _ in range(400)] for k, maker in MAKERS.items()}
    target = int(size_mb * 1_000_000)
    n_projects = max(1, n_files // 500)
    quick = n_files < 2000
    large = [] if quick else LARGE
    # Per-project files: build file, Dockerfile, my.cnf, .gitignore, README.
    per_project = 5
    n_pruned = n_files // 12  # node_modules/, target/, .git/, gitignored generated/
    n_plain = max(0, n_files - n_projects * per_project - n_pruned - len(large))
    kinds = list(KINDS)
    weights = [KINDS[k][0] for k in kinds]
    plan: list[tuple[str, str, float]] = []  # (relative path, kind, raw size)
    for counter in range(n_plain):
        kind = rng.choices(kinds, weights)[0]
        proj = f"proj-{rng.randrange(n_projects):03d}"
        sub = KIND_DIRS[kind].format(w=rng.choice(WORDS))
        name = f"{_ident(rng, kind == 'java')}{counter}{KINDS[kind][2]}"
        plan.append((f"{proj}/{sub}/{name}", kind, rng.lognormvariate(0, 1.0) * KINDS[kind][1]))
    scale_base = sum(s for _, _, s in plan)
    pruned_bytes = 0.08 * target
    large_bytes = sum(s for _, s in large)
    scale = max(0.05, (target - pruned_bytes - large_bytes - n_projects * 3000) / max(scale_base, 1))
    # About 1 % of files carry connection settings, spread over the classified kinds.
    classified = [i for i, (_, k, _) in enumerate(plan) if k in CLASSIFIED]
    n_match = max(3, n_files // 100 - n_projects - len(large))
    matching = set(rng.sample(classified, min(n_match, len(classified))))
    total = files = n_matching = 0

    def emit(rel: str, data: bytes, match: bool = False) -> None:
        nonlocal total, files, n_matching
        _write(root / rel, data)
        total += len(data)
        files += 1
        n_matching += match

    for i, (rel, kind, raw) in enumerate(plan):
        emit(rel, render(rng, kind, max(64, int(raw * scale)), pool, i in matching), i in matching)
    for p in range(n_projects):
        proj = f"proj-{p:03d}"
        match = p % 3 == 0
        build = "pom" if p % 2 == 0 else "gradle"
        emit(
            f"{proj}/{'pom.xml' if build == 'pom' else 'build.gradle'}",
            render(rng, build, 0, pool, match),
            match,
        )
        emit(f"{proj}/Dockerfile", render(rng, "dockerfile", 0, pool, p % 5 == 0), p % 5 == 0)
        emit(f"{proj}/conf/my.cnf", render(rng, "cnf", 0, pool, p % 4 == 0), p % 4 == 0)
        emit(f"{proj}/.gitignore", b"# build output\n/out/\ngenerated/\n*.log\n")
        emit(f"{proj}/README.md", render(rng, "md", 2500, pool, False))
    for j, (kind, size) in enumerate(large):
        rel = f"proj-{j:03d}/generated-src/big/{_ident(rng, True)}Large{j}{KINDS[kind][2]}"
        emit(rel, render(rng, kind, size, pool, True), True)
    # Directories that must be pruned or ignored: each holds files that would match.
    per_pruned = max(1, int(pruned_bytes / max(n_pruned, 1)))
    for i in range(n_pruned):
        proj = f"proj-{rng.randrange(n_projects):03d}"
        where = i % 5
        if where == 0:
            rel, kind = f"{proj}/node_modules/{rng.choice(WORDS)}-mysql/lib/index{i}.js", "js"
            if i % 10 == 0:
                rel, kind = f"{proj}/node_modules/{rng.choice(WORDS)}/config{i}.yml", "yaml"
        elif where == 1:
            rel, kind = f"{proj}/target/classes/application{i}.properties", "properties"
        elif where == 2:
            rel, kind = f"{proj}/.git/objects/{i % 256:02x}/{i:038x}", "pack"
        elif where == 3:
            rel, kind = f"{proj}/generated/{_ident(rng, True)}{i}.java", "java"
        else:
            rel, kind = f"{proj}/out/{_ident(rng)}{i}.log", "md"
        emit(rel, render(rng, kind, per_pruned, pool, kind in ("yaml", "properties", "java")))
    return CorpusStats(files, total, n_matching)


def ensure_corpus(root: Path, size_mb: float, n_files: int, seed: int) -> CorpusStats:
    """Generate the corpus at ``root`` unless a complete one with the same parameters is there."""
    marker = root / ".bench-corpus.json"
    params = {"size_mb": size_mb, "files": n_files, "seed": seed, "generator": GENERATOR_VERSION}
    if marker.exists():
        meta = json.loads(marker.read_text())
        if meta.get("params") == params:
            return CorpusStats(**meta["stats"])
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    stats = generate(root, size_mb, n_files, seed)
    marker.write_text(json.dumps({"params": params, "stats": stats.__dict__}))
    return stats


def ensure_double(root: Path, base: Path, size_mb: float, n_files: int, seed: int) -> CorpusStats:
    """A corpus twice the size: the base corpus plus a second one from the next seed."""
    marker = root / ".bench-corpus.json"
    params = {"size_mb": size_mb, "files": n_files, "seed": seed, "generator": GENERATOR_VERSION, "x": 2}
    if marker.exists() and json.loads(marker.read_text()).get("params") == params:
        return CorpusStats(**json.loads(marker.read_text())["stats"])
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    a = ensure_corpus(base, size_mb, n_files, seed)
    shutil.copytree(base, root / "a", ignore=shutil.ignore_patterns(".bench-corpus.json"))
    b = generate(root / "b", size_mb, n_files, seed + 1)
    stats = CorpusStats(a.files + b.files, a.bytes + b.bytes, a.matching + b.matching)
    marker.write_text(json.dumps({"params": params, "stats": stats.__dict__}))
    return stats


# --------------------------------------------------------------------------------------------
# Measurements
# --------------------------------------------------------------------------------------------

TRIGGER = re.compile(rb"(?i)mysql|mariadb|jdbc:|truststore|keytool")


def floor_scan(root: Path, search: bool = True) -> tuple[int, int, int]:
    """The floor: walk (pruning what connlint prunes), read every file, one regex search.

    Honours simple ``.gitignore`` lines (``name/``, ``/name/``, ``*.ext``) in each folder.
    """
    try:
        from connlint.discover import PRUNED_DIRS as pruned
    except ImportError:  # pragma: no cover
        pruned = frozenset(PRUNED)
    files = nbytes = hits = 0
    ignore_stack: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirs_ign, globs = ignore_stack.get(dirpath, (frozenset(), ()))
        if ".gitignore" in filenames:
            with open(os.path.join(dirpath, ".gitignore"), encoding="utf-8", errors="replace") as fh:
                lines = [ln.strip() for ln in fh if ln.strip() and not ln.startswith("#")]
            dirs_ign = dirs_ign | {ln.strip("/") for ln in lines if ln.endswith("/")}
            globs = globs + tuple(ln for ln in lines if not ln.endswith("/"))
        dirnames[:] = [d for d in dirnames if d not in pruned and d not in dirs_ign]
        for d in dirnames:
            ignore_stack[os.path.join(dirpath, d)] = (dirs_ign, globs)
        for name in filenames:
            if globs and any(fnmatch.fnmatch(name, g) for g in globs):
                continue
            with open(os.path.join(dirpath, name), "rb") as fh:
                data = fh.read()
            files += 1
            nbytes += len(data)
            if search and TRIGGER.search(data):
                hits += 1
    return files, nbytes, hits


@dataclass
class Run:
    seconds: float
    max_rss_kb: int  # largest single process (ru_maxrss of the child and its waited-for children)
    tree_rss_kb: int  # peak of the sum over the process tree (sampled from /proc)
    returncode: int
    stderr: str
    cpu_seconds: float = 0.0  # user + system of the process and the children it waited for


def _tree_rss_kb(pid: int) -> int:
    total = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            with open(f"/proc/{p}/task/{p}/children") as fh:
                stack.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            pass
    return total


def child_env() -> dict[str, str]:
    """The environment of measured runs: bytecode caching on, as in an installed package."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("NO_COLOR", "1")
    return env


def run_cmd(cmd: Sequence[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run ``cmd``; wall time, peak RSS of the largest process and of the whole tree."""
    env = child_env() if env is None else env
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))

    sampler = None
    if os.path.exists(f"/proc/{proc.pid}/status"):
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
    err_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    _, status, rusage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    done.set()
    reader.join()
    if sampler:
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    maxrss = rusage.ru_maxrss  # kB on Linux
    return Run(
        elapsed,
        maxrss,
        max(peak[0], maxrss),
        proc.returncode,
        b"".join(err_chunks).decode(errors="replace"),
        rusage.ru_utime + rusage.ru_stime,
    )


def connlint_cmd(paths: Sequence[Path | str], out: Path | str, jobs: int | None = None) -> list[str]:
    cmd = [sys.executable, "-m", "connlint", "check", "--exit-zero", "--no-progress", "--format", "json"]
    cmd += ["-o", str(out)]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    return cmd + [str(p) for p in paths]


@dataclass
class Row:
    name: str
    runs: list[Run]
    floor: float | None = None
    #: Set where the ratio is not median / floor (the pre-commit case: see below).
    ratio: float | None = None
    files: int = 0
    nbytes: int = 0

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)


def timed(
    name: str,
    cmd: list[str],
    repeat: int,
    cwd: Path | None = None,
    verbose: bool = True,
    warm_up: bool = True,
) -> Row:
    if warm_up:  # page cache, bytecode cache
        run_cmd(cmd, cwd=cwd)
    runs = []
    for i in range(repeat):
        r = run_cmd(cmd, cwd=cwd)
        if r.returncode != 0:
            sys.stderr.write(f"bench: {name}: exit {r.returncode}\n{r.stderr[-2000:]}\n")
        runs.append(r)
        if verbose:
            print(f"  {name} #{i + 1}: {r.seconds:.3f} s, max RSS {r.max_rss_kb / 1024:.0f} MB", flush=True)
    return Row(name, runs)


def timed_pair(
    first: tuple[str, Path | None],
    first_cmd: list[str],
    second: tuple[str, Path | None],
    second_cmd: list[str],
    repeat: int,
    verbose: bool = True,
) -> tuple[Row, Row]:
    """Time two commands alternately (after one warm-up run of each)."""
    rows = (Row(first[0], []), Row(second[0], []))
    cases = ((first_cmd, first[1]), (second_cmd, second[1]))
    for cmd, cwd in cases:
        run_cmd(cmd, cwd=cwd)
    for i in range(repeat):
        for row, (cmd, cwd) in zip(rows, cases, strict=True):
            r = run_cmd(cmd, cwd=cwd)
            if r.returncode != 0:
                sys.stderr.write(f"bench: {row.name}: exit {r.returncode}\n{r.stderr[-2000:]}\n")
            row.runs.append(r)
            if verbose:
                rss = r.max_rss_kb / 1024
                print(f"  {row.name} #{i + 1}: {r.seconds:.3f} s, max RSS {rss:.0f} MB", flush=True)
    return rows


PRECOMMIT_FILES = {
    "src/main/java/com/example/Db.java": (
        "package com.example;\n\nimport java.sql.*;\n\npublic class Db {\n"
        "    Connection open() throws SQLException {\n"
        '        return DriverManager.getConnection("jdbc:mysql://db:3306/app?useSSL=false", "app", "pw");\n'
        "    }\n}\n"
    ),
    "app/db.py": (
        "import pymysql\n\n\ndef connect():\n"
        '    return pymysql.connect(host="db", user="app", ssl={"ca": "/etc/ssl/rds-ca-2019-root.pem"})\n'
    ),
    "scripts/migrate.sh": (
        '#!/bin/sh\nset -e\nmysql --ssl-mode=DISABLED -h "$DB_HOST" -u app app < schema.sql\n'
    ),
}

#: The pre-commit case without a Python file (issue 15, target 4): a JDBC URL
#: in a properties file, a ``mysql`` command in a script and in a Dockerfile.
PRECOMMIT_NO_PYTHON_FILES = {
    "a.properties": "spring.datasource.url=jdbc:mysql://db:3306/app?useSSL=false\n",
    "b.sh": PRECOMMIT_FILES["scripts/migrate.sh"],
    "Dockerfile": 'FROM mysql:8.0\nRUN mysql --ssl-mode=REQUIRED -h db -e "select 1"\n',
}
#: Targets of the two pre-commit cases against the import floor (paired wall-time ratios).
PRECOMMIT_TARGET = 1.2
PRECOMMIT_NO_PYTHON_TARGET = 0.5
IMPORT_FLOOR = "import libcst, tree_sitter, tree_sitter_java, tree_sitter_bash"


def precommit_rows(tmp: Path, n: int, verbose: bool) -> tuple[list[Row], list[tuple[str, bool, str]], int]:
    """The two pre-commit cases (with and without a Python file), each run ``n``
    times alternated with the import floor: rows, targets, findings of the first.

    Runs of ~0.3 s drift with the machine's load: the two commands are
    alternated and each ratio is the median of the ratios of adjacent runs, so
    that a change of load between runs cancels out (a steady load does not).
    """
    rows: list[Row] = []
    targets: list[tuple[str, bool, str]] = []
    findings = 0
    cases = (
        ("pre-commit: check 3 files", "precommit", PRECOMMIT_FILES, PRECOMMIT_TARGET, "with .py"),
        (
            "pre-commit: 3 files, no .py",
            "precommit-no-py",
            PRECOMMIT_NO_PYTHON_FILES,
            PRECOMMIT_NO_PYTHON_TARGET,
            "without .py",
        ),
    )
    for name, folder, files, target, label in cases:
        pc = tmp / folder
        for rel, text in files.items():
            _write(pc / rel, text.encode())
        out = tmp / f"out-{folder}.json"
        imp, pcr = timed_pair(
            (f"import floor (paired with {label})", None),
            [sys.executable, "-c", IMPORT_FLOOR],
            (name, pc),
            connlint_cmd(list(files), out),
            n,
            verbose=verbose,
        )
        pcr.floor = imp.median
        pcr.ratio = statistics.median(c.seconds / f.seconds for f, c in zip(imp.runs, pcr.runs, strict=True))
        cpu = statistics.median(
            c.cpu_seconds / f.cpu_seconds for f, c in zip(imp.runs, pcr.runs, strict=True) if f.cpu_seconds
        )
        rows += [imp, pcr]
        if out.exists() and folder == "precommit":
            findings = len(json.loads(out.read_text()).get("findings", []))
        targets.append(
            (
                f"pre-commit {label} <= {target}x import floor",
                pcr.ratio <= target,
                f"{pcr.ratio:.2f}x wall (median of {len(pcr.runs)} paired runs; ratio of medians"
                f" {pcr.median / imp.median:.2f}x); CPU {cpu:.2f}x",
            )
        )
    return rows, targets, findings


def precommit_main(repeat: int, verbose: bool) -> int:
    """``bench.py --precommit``: only the two pre-commit cases."""
    with tempfile.TemporaryDirectory(prefix="connlint-bench-") as tmpname:
        rows, targets, _ = precommit_rows(Path(tmpname), repeat, verbose)
    print()
    head = f"{'case':<44} {'median s':>9} {'CPU s':>7} {'x floor':>8} {'RSS MB':>7}"
    print(head)
    print("-" * len(head))
    for r in rows:
        ratio = f"{r.ratio:.2f}" if r.ratio is not None else ""
        cpu = statistics.median(x.cpu_seconds for x in r.runs)
        rss = _fmt_mb(max(x.max_rss_kb for x in r.runs))
        print(f"{r.name:<44} {r.median:>9.3f} {cpu:>7.3f} {ratio:>8} {rss:>7}")
    print()
    print("(x floor: median of the wall-time ratios of paired runs against the import floor.)")
    print()
    print("targets:")
    for name, ok, detail in targets:
        print(f"  [{'PASS' if ok else 'FAIL'}] {name:<38} {detail}")
    return 0


NO_PYTHON_CHECK = """
import sys
from pathlib import Path
from connlint.config import Config
from connlint.engine import run
report = run([Path(sys.argv[1])], Config(), jobs=1)
print(report.files_seen, report.files_parsed, "libcst" in sys.modules)
"""


def check_no_libcst(tmp: Path) -> tuple[bool, str]:
    """Lint a tree with Java, shell, properties, YAML, XML but no Python; was libcst imported?"""
    tree = tmp / "no-python"
    for rel, text in PRECOMMIT_FILES.items():
        if not rel.endswith(".py"):
            _write(tree / rel, text.encode())
    _write(tree / "application.properties", b"spring.datasource.url=jdbc:mysql://db/app?useSSL=false\n")
    _write(
        tree / "application.yml", b"spring:\n  datasource:\n    url: jdbc:mysql://db/app?sslMode=REQUIRED\n"
    )
    _write(tree / "context.xml", b'<Context><Resource url="jdbc:mysql://db/app?useSSL=true"/></Context>\n')
    out = subprocess.run(
        [sys.executable, "-c", NO_PYTHON_CHECK, str(tree)], capture_output=True, text=True, check=False
    )
    imp = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "connlint", "check", "--exit-zero", "-q", str(tree)],
        capture_output=True,
        text=True,
        check=False,
    )
    in_cli = any(line.split("|")[-1].strip() == "libcst" for line in imp.stderr.splitlines() if "|" in line)
    parts = out.stdout.split()
    in_engine = not parts or parts[-1] != "False"
    detail = f"engine.run: files {parts[0]} parsed {parts[1]}" if len(parts) == 3 else out.stderr[-300:]
    return not (in_cli or in_engine), detail


# --------------------------------------------------------------------------------------------
# Table
# --------------------------------------------------------------------------------------------


def _difference(contents: dict[str, bytes]) -> str:
    """Where the JSON outputs of the --jobs runs first differ (findings or notifications)."""
    docs = {}
    for label, data in contents.items():
        try:
            docs[label] = json.loads(data)
        except ValueError:
            return f"{label}: no JSON output"
    base = docs["default"]
    for label, doc in docs.items():
        for section in ("findings", "notifications"):
            a, b = base.get(section, []), doc.get(section, [])
            if a != b:
                only = [x for x in a if x not in b][:1] + [x for x in b if x not in a][:1]
                return f"default vs {label}: {section} {len(a)} vs {len(b)}; e.g. {json.dumps(only)[:300]}"
    return "differ outside findings/notifications"


def _fmt_mb(kb: int) -> str:
    return f"{kb / 1024:.0f}"


def large_unit(root: Path, seed: int) -> Path:
    """The default unit of --large: a small corpus (1,000 files, 1 MB)."""
    ensure_corpus(root, 1.0, 1000, seed)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size-mb", type=float, default=100.0, help="corpus size in MB (default 100)")
    ap.add_argument("--files", type=int, default=20_000, help="number of files (default 20000)")
    ap.add_argument("--repeat", type=int, default=5, help="repetitions per measurement; medians (default 5)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--quick", action="store_true", help="tiny corpus, 1 repetition (smoke test)")
    ap.add_argument("--corpus-dir", type=Path, help="where corpora go (default bench/)")
    ap.add_argument("--no-double", action="store_true", help="skip the 2x corpus (linearity)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every run")
    ap.add_argument("--real", type=Path, metavar="DIR", help="real-code mode over the repositories in DIR")
    ap.add_argument("--double-dir", type=Path, help="--real: where the 2x corpus (hard links) goes")
    ap.add_argument("--cprofile", type=int, default=0, metavar="N", help="--real: print the N top functions")
    ap.add_argument("--large", type=int, metavar="N", help="large-tree mode: N linked copies of a unit")
    ap.add_argument(
        "--large-unit", type=Path, help="--large: what is copied (default: a 1,000-file synthetic unit)"
    )
    ap.add_argument("--large-dir", type=Path, help="--large: where the trees go (default: a temp folder)")
    ap.add_argument(
        "--floor", type=Path, metavar="DIR", help="run the floor once over DIR (a yardstick command)"
    )
    ap.add_argument(
        "--precommit",
        type=int,
        nargs="?",
        const=20,
        metavar="N",
        help="only the two pre-commit cases: N runs of each paired with the import floor (default 20)",
    )
    args = ap.parse_args(argv)
    if args.precommit is not None:
        return precommit_main(max(1, args.precommit), args.verbose)
    if args.floor is not None:
        files, nbytes, hits = floor_scan(args.floor)
        print(f"floor: {files} files, {nbytes} bytes, {hits} trigger hits")
        return 0
    if args.large is not None:
        from largetree import large_main

        return large_main(
            args.large,
            args.large_unit,
            repeat=1 if args.quick else args.repeat,
            where=args.large_dir,
            run_cmd=run_cmd,
            connlint_cmd=connlint_cmd,
            child_env=child_env,
            make_unit=lambda root: large_unit(root, args.seed),
        )
    if args.real is not None:
        from realcode import real_main

        return real_main(
            args.real,
            repeat=1 if args.quick else args.repeat,
            double=not args.no_double,
            double_dir=args.double_dir,
            cprofile=args.cprofile,
            floor_scan=floor_scan,
            run_cmd=run_cmd,
            connlint_cmd=connlint_cmd,
        )
    if args.quick:
        args.size_mb, args.files, args.repeat = 1.0, 300, 1
    base_dir = args.corpus_dir or HERE
    tag = f"{args.size_mb:g}mb-{args.files}"
    corpus = base_dir / f"corpus-{tag}"
    t0 = time.perf_counter()
    stats = ensure_corpus(corpus, args.size_mb, args.files, args.seed)
    double_stats = None
    double = base_dir / f"corpus-{tag}-x2"
    if not args.no_double:
        double_stats = ensure_double(double, corpus, args.size_mb, args.files, args.seed)
    print(
        f"corpus {corpus}: {stats.files} files, {stats.bytes / 1e6:.1f} MB, {stats.matching} with settings"
        f" (ready in {time.perf_counter() - t0:.1f} s);"
        f" python {sys.version.split()[0]}, {os.cpu_count()} CPUs",
        flush=True,
    )
    n = args.repeat
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="connlint-bench-") as tmpname:
        tmp = Path(tmpname)
        # Floor, in this process, after one warm-up pass that also fills the page cache.
        floor_scan(corpus)
        floor_times = []
        for _ in range(n):
            s = time.perf_counter()
            files, nbytes, hits = floor_scan(corpus)
            floor_times.append(time.perf_counter() - s)
        floor = statistics.median(floor_times)
        floor_row = Row("floor: walk+read+regex (1 proc)", [Run(t, 0, 0, 0, "") for t in floor_times])
        floor_row.files, floor_row.nbytes = files, nbytes
        print(
            f"  floor: {floor:.3f} s ({files} files read, {nbytes / 1e6:.1f} MB, {hits} trigger hits)",
            flush=True,
        )
        rows.append(floor_row)
        wr = []
        for _ in range(n):
            s = time.perf_counter()
            floor_scan(corpus, search=False)
            wr.append(time.perf_counter() - s)
        wr_row = Row("  (info) walk+read only, no regex", [Run(t, 0, 0, 0, "") for t in wr])
        wr_row.floor, wr_row.files, wr_row.nbytes = floor, files, nbytes
        rows.append(wr_row)

        outputs: dict[str, Path] = {}
        for label, jobs in (("default", None), ("--jobs 1", 1), ("--jobs 2", 2)):
            out = tmp / f"out-{jobs}.json"
            outputs[label] = out
            # The floor's passes warmed the page cache; the first run also writes bytecode.
            row = timed(
                f"connlint check {label}",
                connlint_cmd([corpus], out, jobs),
                n,
                verbose=args.verbose,
                warm_up=label == "default",
            )
            row.floor, row.files, row.nbytes = floor, files, nbytes
            rows.append(row)
        contents = {k: p.read_bytes() if p.exists() else b"" for k, p in outputs.items()}
        identical = len(set(contents.values())) == 1 and bool(contents["default"])
        identity_detail = "default, 1, 2" if identical else _difference(contents)

        dfloor = None
        linear = 0.0
        if double_stats is not None:
            floor_scan(double)
            dt = []
            for _ in range(n):
                s = time.perf_counter()
                dfiles, dbytes, _ = floor_scan(double)
                dt.append(time.perf_counter() - s)
            dfloor = Row("floor, 2x corpus", [Run(t, 0, 0, 0, "") for t in dt])
            dfloor.files, dfloor.nbytes = dfiles, dbytes
            dfloor.floor = floor
            rows.append(dfloor)
            # Alternated with runs on the 1x corpus: the linearity ratio is the
            # median of paired ratios, like the pre-commit one.
            one, drow = timed_pair(
                ("connlint check default, 1x, paired with 2x", None),
                connlint_cmd([corpus], tmp / "out-x1.json"),
                ("connlint check default, 2x corpus", None),
                connlint_cmd([double], tmp / "out-x2.json"),
                n,
                verbose=args.verbose,
            )
            one.floor, one.files, one.nbytes = floor, files, nbytes
            drow.floor, drow.files, drow.nbytes = floor, dfiles, dbytes
            linear = statistics.median(
                d.seconds / o.seconds for o, d in zip(one.runs, drow.runs, strict=True)
            )
            rows += [one, drow]

        # Pre-commit: three files against the import floor, with and without a Python file.
        pc_rows, pc_targets, pc_findings = precommit_rows(tmp, max(n * 4, 4), args.verbose)
        rows += pc_rows
        no_libcst, no_libcst_detail = check_no_libcst(tmp)
        summary = {}
        if contents["default"]:
            summary = json.loads(contents["default"]).get("summary", {})

    # ---- table ----
    print()
    head = f"{'case':<44} {'median s':>9} {'x floor':>8} {'files/s':>9} {'MB/s':>7}"
    head += f" {'RSS MB':>7} {'tree RSS':>9}"
    print(head)
    print("-" * len(head))
    for r in rows:
        ratio = f"{r.ratio if r.ratio is not None else r.median / r.floor:.2f}" if r.floor else ""
        fps = f"{r.files / r.median:,.0f}" if r.files else ""
        mbs = f"{r.nbytes / 1e6 / r.median:.1f}" if r.nbytes else ""
        rss = _fmt_mb(max(x.max_rss_kb for x in r.runs)) if r.runs[0].max_rss_kb else ""
        trss = _fmt_mb(max(x.tree_rss_kb for x in r.runs)) if r.runs[0].tree_rss_kb else ""
        print(f"{r.name:<44} {r.median:>9.3f} {ratio:>8} {fps:>9} {mbs:>7} {rss:>7} {trss:>9}")
    print()
    print(
        "(x floor: full scans against the walk+read+regex floor; pre-commit against the import floor,"
        " median of the ratios of paired runs. RSS: largest process; tree RSS: peak sum over the"
        " process tree.)"
    )
    if summary:
        print(f"connlint summary (default run): {json.dumps(summary, sort_keys=True)}")
    print(f"pre-commit findings (with .py): {pc_findings}")
    by = {r.name: r for r in rows}
    full, j1 = by["connlint check default"], by["connlint check --jobs 1"]
    conn_rows = [r for r in rows if r.name.startswith(("connlint", "pre-commit"))]
    peak = max(x.tree_rss_kb for r in conn_rows for x in r.runs) / 1024
    targets: list[tuple[str, bool, str]] = [
        ("full scan <= 2.0x floor", full.median <= 2.0 * floor, f"{full.median / floor:.2f}x"),
        ("--jobs 1 <= 3.0x floor", j1.median <= 3.0 * floor, f"{j1.median / floor:.2f}x"),
    ]
    if double_stats is not None:
        d = by["connlint check default, 2x corpus"]
        targets.append(
            (
                "2x corpus <= 2.2x time",
                linear <= 2.2,
                f"{linear:.2f}x (median of {len(d.runs)} runs paired with 1x runs)",
            )
        )
    targets += [
        ("peak RSS <= 200 MB", peak <= 200, f"{peak:.0f} MB (tree sum)"),
        *pc_targets,
        ("output identical across --jobs", identical, identity_detail),
        ("no .py file -> libcst not imported", no_libcst, no_libcst_detail),
    ]
    print()
    print("targets:")
    for name, ok, detail in targets:
        print(f"  [{'PASS' if ok else 'FAIL'}] {name:<38} {detail}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
