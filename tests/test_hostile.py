"""One tree holding every hostile shape of issue 13 at once, linted through the
real command line in every output format: a canary finding in an ordinary file
survives, no output contains the password, and the run ends within a bound.

Each shape has its own focused regression test beside the module it concerns;
this test checks they hold together (one file must never silence another).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="POSIX file names, FIFOs")

PASSWORD = "Zq7Kp2Wm9Xv4"
CANARY = "spring.datasource.url=jdbc:mysql://db.example.com/app?sslMode=DISABLED\n"
# Each run's bound: far below what any of these shapes cost before issue 13
# (a libcst operator chain ran for minutes; redaction of one line, 41 s).
BOUND_SECONDS = 60.0


def _hostile_tree(root: Path) -> None:
    root.mkdir()
    (root / "canary").mkdir()
    (root / "canary" / "application.properties").write_text(CANARY)
    # 1. A long operator chain (libcst crashed or ran for minutes).
    (root / "chain.py").write_text("import pymysql\nh = " + " + ".join(['"a"'] * 8000) + "\n")
    # 2. Build files read for context that cannot be read: a symlinked pom.xml
    # into an unreadable directory, and a parent POM pointing there.
    locked = root / "locked"
    locked.mkdir()
    (locked / "pom.xml").write_text("<project/>")
    svc = root / "svc"
    svc.mkdir()
    (svc / "pom.xml").symlink_to(locked / "pom.xml")
    (svc / "App.java").write_text('class App { String u = "jdbc:mysql://db.example.com/app?useSSL=true"; }\n')
    mod = root / "mod"
    mod.mkdir()
    (mod / "pom.xml").write_text(
        "<project><parent><groupId>g</groupId><artifactId>a</artifactId><version>1</version>"
        "<relativePath>../locked/pom.xml</relativePath></parent></project>\n"
    )
    (mod / "Db.java").write_text('class Db { String u = "jdbc:mysql://db.example.com/app?useSSL=true"; }\n')
    # 3 and 12. File names that are not text, or that hold control characters.
    for raw in (
        b"app\xff.properties",
        b"with space.properties",
        b"new\nline.properties",
        b"esc\x1b[31m.properties",
    ):
        (root / os.fsdecode(raw)).write_text(CANARY)
    # 5. Passwords whose source form differs from their value.
    (root / "Secret.java").write_text(
        "class Secret { void c() throws Exception {\n"
        '  java.sql.DriverManager.getConnection("jdbc:mysql://db.example.com/app", "app",\n'
        f'    "{PASSWORD[:6]}" + "{PASSWORD[6:]}");\n'
        "} }\n"
    )
    (root / "secret.py").write_text(
        "import pymysql\n"
        f'pymysql.connect(host="db.example.com", password="{PASSWORD[:5]}" "{PASSWORD[5:]}",\n'
        "                ssl_disabled=True)\n"
    )
    (root / "backup.sh").write_text(f"mysql -h db.example.com --password=$'{PASSWORD}' --ssl-mode=DISABLED\n")
    # 6. Redaction over a long run of blanks (quadratic before).
    (root / "long.properties").write_text("jdbc.password" + " " * 20_000 + "x\n" + CANARY)
    # 7. An ignore comment on every line of a large file.
    (root / "ignores.properties").write_text(("# connlint: ignore[CL201]\n" + CANARY) * 5_000)
    # 8. A Helm line that made a regex exponential.
    (root / "values.yaml").write_text(
        "url: jdbc:mysql://db.example.com/app?sslMode=DISABLED\n" + "x: " + "{{a}}" * 40 + "x\n"
    )
    # 14. Not UTF-16 after an FF FE mark; a symlink to a FIFO; an XML entity.
    (root / "bom.properties").write_bytes(b"\xff\xfe" + b"\x00\xd8" + CANARY.encode())
    os.mkfifo(root / "fifo")
    (root / "to-fifo.properties").symlink_to(root / "fifo")
    (root / "context.xml").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE c [<!ENTITY host "db.example.com">]>\n'
        '<Context><Resource url="jdbc:mysql://db.example.com/app?sslMode=DISABLED"/></Context>\n'
    )
    # 5. A password shaped like a JDBC URL (its host and settings were shown as a connection's).
    (root / "urlpw").mkdir()
    (root / "urlpw" / "application.properties").write_text(
        CANARY + f"spring.datasource.password=jdbc:mysql://{PASSWORD}/?useSSL=false\n"
    )
    # 14. A POM whose DTD declares entities (it was refused whole).
    (root / "dtd").mkdir()
    (root / "dtd" / "pom.xml").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE project [<!ENTITY v "8.0.33">]>\n<project><dependencies>'
        "<dependency><groupId>mysql</groupId><artifactId>mysql-connector-java</artifactId>"
        "<version>&v;</version></dependency></dependencies></project>\n"
    )
    # Binary, a symlink loop.
    (root / "blob.properties").write_bytes(bytes(range(256)) * 100 + b"jdbc:mysql://")
    (root / "loop").symlink_to(root / "loop")
    os.chmod(locked, 0)


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "hostile"
    _hostile_tree(root)
    yield root
    os.chmod(root / "locked", 0o755)


def _run(*args: str, cwd: Path) -> tuple[int, bytes, bytes, float]:
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "connlint", *args],
        cwd=cwd,
        capture_output=True,
        timeout=BOUND_SECONDS * 3,
        env={**os.environ, "NO_COLOR": "1", "CONNLINT_STRICT": ""},
    )
    return proc.returncode, proc.stdout, proc.stderr, time.monotonic() - started


def _leaks(blob: bytes) -> list[str]:
    text = blob.decode("utf-8", "replace")
    return [PASSWORD[i : i + 4] for i in range(len(PASSWORD) - 3) if PASSWORD[i : i + 4] in text]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads unreadable directories")
def test_unreadable_build_files_are_reported_not_fatal(hostile: Path) -> None:
    code, _out, err, _ = _run("check", ".", cwd=hostile)
    assert code == 1, err
    assert b"internal error" not in err


@pytest.mark.parametrize("fmt", ["concise", "full", "json", "sarif", "github"])
def test_a_hostile_tree_keeps_the_canary_leaks_nothing_and_ends(
    hostile: Path, tmp_path: Path, fmt: str
) -> None:
    baseline = tmp_path / f"baseline-{fmt}.json"
    config = tmp_path / "connlint.toml"
    config.write_text("file-time-budget = 10\n")
    code, out, err, elapsed = _run(
        "check", ".", "--format", fmt, "--write-baseline", str(baseline),
        "--config", str(config), cwd=hostile,
    )  # fmt: skip
    assert elapsed < BOUND_SECONDS
    assert code == 0, err  # writing a baseline accepts what it wrote
    assert b"internal error" not in err and b"Traceback" not in err, err
    assert b"canary/application.properties" in out
    if fmt == "sarif":
        results = json.loads(out)["runs"][0]["results"]
        assert any(
            r["ruleId"] == "CL201"
            and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            == "canary/application.properties"
            for r in results
        )
    assert not _leaks(out) and not _leaks(err) and not _leaks(baseline.read_bytes())


def test_inventory_of_a_hostile_tree_leaks_nothing(hostile: Path, tmp_path: Path) -> None:
    config = tmp_path / "connlint.toml"
    config.write_text("file-time-budget = 10\n")
    for fmt in ("table", "json", "csv", "markdown"):
        code, out, err, elapsed = _run(
            "inventory", ".", "--format", fmt, "--config", str(config), cwd=hostile
        )
        assert code == 0, err
        assert elapsed < BOUND_SECONDS
        assert b"canary/application.properties" in out
        assert not _leaks(out) and not _leaks(err)
