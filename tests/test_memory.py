"""Memory: giving freed memory back (a no-op where the C library cannot, never
an error), and a file's peak memory that follows its size whatever its shape
(issue 13: one 50 MB line took 5.9 GB, a list entry and a tuple a character).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connlint import memory, prefilter
from connlint.clients.jdbc_url import MAX_URL_LENGTH, parse_jdbc_url
from connlint.config import Config
from connlint.discover import SourceFile
from connlint.engine import RunSettings, lint_source, lint_text, read_wanted, run
from connlint.model import Assumptions, Candidate, CandidateKind, Span


def test_release_freed_memory_is_safe_to_call_repeatedly() -> None:
    results = {memory.release_freed_memory() for _ in range(3)}
    assert results <= {True, False}
    if not sys.platform.startswith("linux"):
        assert results == {False}


# ---------------------------------------------------------------------------
# peak memory follows the size of a file


#: One long value in each kind of file: ``(file name, head, unit, tail)``, the
#: unit repeated to the size.  Each value used to cost a list entry and a
#: (line, column) tuple a character, and a JDBC URL a Property each ``a=1&``.
LONG_VALUES: dict[str, tuple[str, str, str, str]] = {
    "java-password": (
        "A.java",
        'class A { void f() { DriverManager.getConnection("jdbc:mysql://h/db?sslMode=DISABLED", "u", "',
        "abcdefgh",
        '"); } }\n',
    ),
    "java-url": ("A.java", 'class A { String u = "jdbc:mysql://h/db?', "a=1&", 'sslMode=DISABLED"; }\n'),
    "python-password": (
        "db.py",
        'import pymysql\npymysql.connect(host="h", ssl_disabled=True, password="',
        "abcdefgh",
        '")\n',
    ),
    "shell-password": ("run.sh", "mysql --ssl-mode=DISABLED --password='", "abcdefgh", "'\n"),
    "shell-url": ("run.sh", "java -jar app.jar 'jdbc:mysql://h/db?", "a=1&", "sslMode=DISABLED'\n"),
    "properties-url": ("application.properties", "spring.datasource.url=jdbc:mysql://h/db?", "a=1&", "x=1\n"),
    "properties-escaped": (
        "application.properties",
        "spring.datasource.url=jdbc:mysql://h/?sslMode=DISABLED\nspring.datasource.password=",
        "abc\\tdefgh",
        "\n",
    ),
    "yaml-password": (
        "application.yml",
        "spring:\n  datasource:\n    url: jdbc:mysql://h/?sslMode=DISABLED\n    password: '",
        "abcdefgh",
        "'\n",
    ),
    "xml-url": ("context.xml", '<Resource url="jdbc:mysql://h/db?', "a=1&amp;", 'sslMode=DISABLED"/>\n'),
    "xml-password": (
        "context.xml",
        '<Resource url="jdbc:mysql://h/?sslMode=DISABLED" password="',
        "abcdefgh",
        '"/>\n',
    ),
    "ci-url": (
        ".github/workflows/ci.yml",
        "jobs:\n  a:\n    env:\n      DB_URL: jdbc:mysql://h/db?",
        "a=1&",
        "x=1\n",
    ),
    "maven-text": (
        "pom.xml",
        "<project><dependencies><dependency><groupId>mysql</groupId><artifactId>mysql-connector-java"
        "</artifactId><version>8.0.1</version></dependency></dependencies><description>",
        "abcdefgh",
        "</description></project>\n",
    ),
    "gradle-version": (
        "build.gradle",
        "dependencies {\n  implementation 'mysql:mysql-connector-java:",
        "abcdefgh",
        "'\n}\n",
    ),
    "option-file-password": ("my.cnf", "[client]\nssl-mode=DISABLED\npassword=", "abcdefgh", "\n"),
    "dockerfile-password": (
        "Dockerfile",
        "FROM x\nRUN mysql --ssl-mode=DISABLED --password='",
        "abcdefgh",
        "'\n",
    ),
    "dotenv-url": (".env", "SPRING_DATASOURCE_URL=jdbc:mysql://h/db?", "a=1&", "x=1\n"),
    "requirements": ("requirements.txt", "mysqlclient==", "abcdefgh", "\n"),
}

#: The two sizes compared, and the most the peak may grow per byte the file
#: grows: a few copies of the text (the bytes, the text, the parser's input, a
#: value, its runs), where a list entry a character costs 8 bytes and a
#: (line, column) tuple 64 more.  Measured: 6 to 13.
SMALL, LARGE = 1_000_000, 3_000_000
BYTES_PER_BYTE = 16

# Runs connlint in a child and prints the peak resident set of that child (and
# of any process it waited for), in KiB: a measure of the whole run, native
# parsers included, unlike tracemalloc.
_PEAK = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(done.returncode)
sys.stdout.write(done.stdout + done.stderr)
"""


def _write(root: Path, shape: tuple[str, str, str, str], size: int) -> Path:
    name, head, unit, tail = shape
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(head + unit * ((size - len(head) - len(tail)) // len(unit)) + tail, encoding="utf-8")
    # The size cap raised, and a budget no file here comes near: all the work is done.
    (root / ".connlint.toml").write_text("max-file-size = 100000000\nfile-time-budget = 300\n")
    return path


def _peak_kib(root: Path, path: Path, *args: str) -> tuple[int, str]:
    """Peak RSS (KiB) of ``connlint check --jobs 1`` on ``path``, and what it printed."""
    command = [sys.executable, "-m", "connlint", "check", "--jobs", "1", *args, str(path.relative_to(root))]
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, *command],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    kib, code, output = done.stdout.split("\n", 2)
    assert code in ("0", "1"), output
    assert "not analysed" not in output and "internal error" not in output, output
    return int(kib), output


@pytest.mark.parametrize("shape", sorted(LONG_VALUES))
def test_peak_memory_grows_with_the_file_by_a_small_factor(shape: str, tmp_path: Path) -> None:
    peaks = []
    sizes = []
    for size in (SMALL, LARGE):
        root = tmp_path / str(size)
        path = _write(root, LONG_VALUES[shape], size)
        sizes.append(path.stat().st_size)
        peaks.append(_peak_kib(root, path)[0] * 1024)
    growth = (peaks[1] - peaks[0]) / (sizes[1] - sizes[0])
    assert growth <= BYTES_PER_BYTE, f"{shape}: peak grew {growth:.1f} bytes a byte ({peaks})"


def test_a_50_mb_class_line_completes_in_bounded_memory(tmp_path: Path) -> None:
    """The issue's shape, scaled down to 8 MB: one line, a JDBC URL with two
    million parameters, among a file's other settings.  It used to take 5.9 GB
    at 50 MB (a Property a parameter, a tuple a character); the URL is now
    read as not known statically, and the rest of the file as always.
    """
    name, head, unit, _ = LONG_VALUES["properties-url"]
    tail = "x=1\nspring.datasource.password=S3cr3tValue\n"
    path = _write(tmp_path, (name, head, unit, tail), 8_000_000)
    kib, output = _peak_kib(tmp_path, path, "--format", "json")
    assert kib * 1024 < 20 * path.stat().st_size  # was about 120 times the file
    findings = json.loads(output[: output.rindex("}") + 1])["findings"]
    assert [f["rule"] for f in findings] == ["CL301"]  # the password, as in a short file


def test_an_overlong_jdbc_url_is_not_read() -> None:
    text = "jdbc:mysql://db.example.com/app?" + "a=1&" * MAX_URL_LENGTH + "sslMode=DISABLED"
    url = parse_jdbc_url(Span.at(text, "a.properties", 1, 1))
    assert url is not None
    assert url.unknown is not None and f"{len(text):,} characters" in url.unknown
    assert (url.scheme, url.family, url.properties, url.hosts) == ("jdbc:mysql:", "mysql", (), ())
    assert url.redacted_text() == "jdbc:mysql:…"  # not megabytes in a message
    from connlint.clients.jdbc import resolve

    candidate = Candidate(CandidateKind.JDBC, url.location, url=url.span)
    (connection,) = resolve(candidate, Assumptions()).connections
    assert (connection.mode, connection.unknown) == ("UNKNOWN", url.unknown)
    assert connection.host is None and not connection.loopback  # not a loopback default
    # At the limit, a URL is read as always.
    short = "jdbc:mysql://db.example.com/app?sslMode=DISABLED&"
    short += "a" * (MAX_URL_LENGTH - len(short))
    assert lint_text(f'class A {{ String u = "{short}"; }}', "java", select=["CL201"])


def test_an_overlong_jdbc_url_is_a_notification_of_its_file() -> None:
    # The cap was visible in the inventory only ("unknown"): a resolver had no
    # way to say that part of the file was not read.
    url = "jdbc:mysql://db.example.com/app?" + "a=1&" * MAX_URL_LENGTH + "sslMode=DISABLED"
    text = f"# the app's database\nspring.datasource.url={url}\n"
    settings = RunSettings(selected=frozenset({"CL201"}))
    result = lint_source("application.properties", "properties", text, settings)
    read = f"connlint reads up to {MAX_URL_LENGTH:,}"
    message = f"a URL of {len(url):,} characters ({read}): its settings not read"
    assert [(n.path, n.message, n.line) for n in result.notifications] == [
        ("application.properties", message, 2)
    ]
    assert result.findings == []  # its sslMode is not read


# ---------------------------------------------------------------------------
# the prefilter reads a file a chunk at a time


def test_the_prefilter_does_not_copy_a_file() -> None:
    data = b"x" * 30_000_000 + b"jdbc:mysql://db"
    plain = b"x" * 30_000_000
    utf16 = "\ufeff".encode("utf-16-le") + ("x" * 5_000_000 + " jdbc:mysql://db").encode("utf-16-le")
    tracemalloc.start()
    try:
        assert prefilter.wanted("java", data)
        assert not prefilter.wanted("java", plain)
        assert prefilter.file_wanted("java", utf16)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8_000_000  # a lower-cased copy of 30 MB (or a 10 MB re-encoding) before


_PIECES = [b"MySQL", b"jdbc:", b"x", b"\n", b"SSL-MODE", b"\xc4\xb0", b"[client]", b"trustStore", b"\x00"]


@given(
    st.sampled_from(sorted(prefilter.KIND_BY_NAME)),
    st.lists(st.sampled_from(_PIECES), max_size=12),
    st.sampled_from([1, 5, 1 << 20]),
    st.sampled_from(["utf-16-le", "utf-16-be"]),
)
def test_chunked_prefilter_agrees_with_the_whole_file(
    kind: str, pieces: list[bytes], chunk: int, encoding: str
) -> None:
    data = b"".join(pieces)
    reference = prefilter.reference(kind)
    utf16 = "\ufeff".encode(encoding) + data.decode("utf-8", "replace").encode(encoding)
    # What the engine scanned: the bytes, and behind a UTF-16 mark their UTF-16 reading.
    reading = utf16.decode("utf-16", "replace").encode("utf-8", "surrogatepass")
    saved = prefilter._CHUNK
    prefilter._CHUNK = chunk  # needles across chunk boundaries
    try:
        assert prefilter.wanted(kind, data) == (reference.search(data) is not None)
        expected = reference.search(utf16) is not None or reference.search(reading) is not None
        assert prefilter.file_wanted(kind, utf16) == expected
    finally:
        prefilter._CHUNK = saved


def test_a_command_line_is_read_up_to_a_bound() -> None:
    from connlint.frontends.shell import extract_script

    words = 50_000
    script = "mysql --ssl-mode=DISABLED -h db " + "x " * words + "\n"
    extraction = extract_script("run.sh", script)
    (candidate,) = extraction.candidates
    assert len(candidate.argv) == 10_000  # not a located value for each of 50,000 words
    assert [n.message for n in extraction.notifications] == [
        "a command of more than 10,000 words: the rest not read"
    ]
    # The options before the bound are read as always.
    assert lint_text(script, "shell", select=["CL201"])


# ---------------------------------------------------------------------------
# snippets of findings far right on a long line


def test_findings_far_right_on_a_long_line_do_not_each_carry_the_line() -> None:
    """Each finding's snippet was its line's window padded with a blank a
    column before it: 60 findings 500 KB right cost 60 MB (2 bytes a blank,
    the "…" making the text UCS-2), 5.9 GB for a 5 MB line with 600.  The
    window is stored with its column and padded only when printed.
    """
    commands = "".join(f"; mysql --ssl-mode=DISABLED -h db{i} --password=S3cr3tV{i}" for i in range(30))
    line = "echo " + "x" * 500_000 + commands + "\n"
    lint_text("mysql --ssl-mode=DISABLED -h db --password=S3cr3tV\n", "shell")  # imports and caches
    tracemalloc.start()
    try:
        findings = lint_text(line, "shell")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(findings) == 60
    assert peak < 12 * len(line)  # was 120 times the line
    assert all(f.snippet is not None and len(f.snippet) < 2_000 for f in findings)


# ---------------------------------------------------------------------------
# the parent keeps no copy of a file a worker has


def test_the_prefilter_reads_a_utf16_file_without_copying_it(tmp_path: Path) -> None:
    # The engine scanned the bytes and their UTF-16 reading joined in one copy.
    path = tmp_path / "application.properties"
    path.write_bytes(("x" * 4_000_000 + "\nspring.datasource.url=jdbc:mysql://db/\n").encode("utf-16"))
    settings = RunSettings(selected=frozenset({"CL201"}), max_file_size=100_000_000)
    source = SourceFile(path, path.name, "properties")
    tracemalloc.start()
    try:
        data = read_wanted(source, settings)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(data, bytes)  # wanted
    assert peak < 1.5 * len(data)  # the bytes read, and a chunk; 3.5 times the file before


def test_the_parent_drops_a_files_bytes_once_a_worker_has_it(tmp_path: Path) -> None:
    # Each file a worker had stayed whole in the parent until its result came
    # back, and a frame joined a second copy to the pickled one as it was sent.
    body = "spring.datasource.url=jdbc:mysql://h/db?sslMode=DISABLED\n#" + "x" * 2_000_000 + "\n"
    for i in range(6):
        (tmp_path / f"a{i}.properties").write_text(body)
    config = replace(Config(), max_file_size=100_000_000, file_time_budget=300)
    tracemalloc.start()
    try:
        report = run([tmp_path], config, jobs=1)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(report.findings) == 6
    # The files waiting for a worker (the walk reads ahead) and the one being sent: 5 files before.
    assert peak < 4.3 * len(body)
