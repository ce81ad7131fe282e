"""A tree of hostile inputs beside ordinary files with known findings (issue 8).

Built at test time in a temporary folder; nothing here is committed as a
binary or a large file.  ``ORDINARY`` holds the files whose findings must
survive every bad neighbour; ``BAD`` lists each hostile input with what
connlint must say about it.
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

URL = "jdbc:mysql://db.example.com:3306/app?sslMode=DISABLED"
URL_COLUMN = URL.index("sslMode") + 1  # 1-based column of sslMode= inside URL

#: Files with findings that every run over the tree must still report.
ORDINARY: dict[str, str] = {
    "ok/application.properties": f"spring.datasource.url={URL}\n",
    "ok/Db.java": (
        "class Db {\n"
        "    java.sql.Connection open() throws Exception {\n"
        f'        return java.sql.DriverManager.getConnection("{URL}");\n'
        "    }\n"
        "}\n"
    ),
    "ok/deploy.sh": "#!/bin/sh\nmysql --ssl-mode=DISABLED -h db.example.com app\n",
    "ok/db.py": 'import pymysql\n\nconn = pymysql.connect(host="db.example.com", ssl_disabled=True)\n',
    "ok/app.yml": f"spring:\n  datasource:\n    url: {URL}\n",
    "ok/context.xml": f'<Context>\n  <Resource name="jdbc/app" url="{URL}"/>\n</Context>\n',
    "ok/my.cnf": "[client]\nhost=db.example.com\nssl-mode=DISABLED\n",
}

#: (path, line, column, rule) that the ordinary files certainly produce; the
#: other front-ends' findings are compared with a run over ``ok/`` alone.
KNOWN: tuple[tuple[str, int, int, str], ...] = (
    ("ok/application.properties", 1, len("spring.datasource.url=") + URL_COLUMN, "CL201"),
    ("ok/Db.java", 3, len('        return java.sql.DriverManager.getConnection("') + URL_COLUMN, "CL201"),
    ("ok/deploy.sh", 2, 7, "CL201"),
    ("ok/app.yml", 3, len("    url: ") + URL_COLUMN, "CL201"),
    ("ok/context.xml", 2, len('  <Resource name="jdbc/app" url="') + URL_COLUMN, "CL201"),
)

DEPTH = 10_000


@dataclass(frozen=True)
class Bad:
    """One hostile input.

    ``notice`` is a regular expression (case-insensitive) that the notification
    connlint must give for it matches (None
    when the file is analysed normally or has nothing to analyse);
    ``findings`` are (line, column, rule) it must still yield.
    """

    path: str
    make: Callable[[Path], None]
    what: str
    notice: str | None = None
    findings: tuple[tuple[int, int, str], ...] = ()


def _write(data: bytes | str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    return make


def _png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    text = b"Comment\x00" + URL.encode()
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", text)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def _elf() -> bytes:
    ident = b"\x7fELF\x02\x01\x01" + b"\x00" * 9
    return ident + struct.pack("<HHI", 2, 62, 1) + b"\x00" * 40 + b"/usr/bin/mysql --ssl-mode=DISABLED\x00"


def _class_file() -> bytes:
    utf8 = URL.encode()
    return (
        b"\xca\xfe\xba\xbe\x00\x00\x00\x34\x00\x03\x01"
        + struct.pack(">H", len(utf8))
        + utf8
        + b"\x07\x00\x01\x00\x21"
    )


def _huge(size: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        block = (URL + "&x=" + "a" * 1000 + "&").encode()
        with path.open("wb") as fh:
            fh.write(b"spring.datasource.url=")
            written = 0
            while written < size:
                fh.write(block)
                written += len(block)
            fh.write(b"\n")

    return make


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _symlink(target: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.symlink_to(target)

    return make


def _outside(path: Path) -> None:
    root = path.parents[2]  # bad/fs/<name>
    outside = root.parent / f"{root.name}-outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.properties").write_text(f"spring.datasource.url={URL}\n")
    path.symlink_to(outside / "secret.properties")


def _symlink_loop(path: Path) -> None:
    other = path.with_name("loop-b.properties")
    path.symlink_to(other.name)
    other.symlink_to(path.name)


def _dir_loop(path: Path) -> None:
    path.mkdir()
    (path / "inner.properties").write_text(f"spring.datasource.url={URL}\n")
    (path / "again").symlink_to("..")


_BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10)
    )
    + f']>\n<lolz url="{URL}">&lol9;</lolz>\n'
)
_XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE r [\n'
    ' <!ENTITY file SYSTEM "file:///etc/passwd">\n'
    ' <!ENTITY web SYSTEM "http://127.0.0.1:9/connlint-must-not-fetch">\n'
    ' <!ENTITY % remote SYSTEM "http://127.0.0.1:9/dtd">\n %remote;\n'
    f']>\n<r url="{URL}">&file;&web;</r>\n'
)
_XXE_DTD = (
    '<?xml version="1.0"?>\n<!DOCTYPE Context SYSTEM "http://127.0.0.1:9/context.dtd">\n'
    f'<Context>\n  <Resource name="jdbc/app" url="{URL}"/>\n</Context>\n'
)
_YAML_BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))
    + f"url: {URL}\n"
)

CRLF_PROPS = f"# comment\r\n\r\nspring.datasource.url={URL}\r\n"
CRLF_JAVA = f'class A {{\r\n  // x\r\n  String u = "{URL}";\r\n}}\r\n'
CRLF_SH = "#!/bin/sh\r\necho start\r\nmysql --ssl-mode=DISABLED -h db.example.com\r\n"
CRLF_YAML = f"spring:\r\n  datasource:\r\n    url: {URL}\r\n"
MIXED_PROPS = f"# a\r\n# b\n# c\rspring.datasource.url={URL}\r\nx=1\n"


BAD: tuple[Bad, ...] = (
    # Binary content under source extensions: NUL bytes, never parsed.
    Bad("bad/bin/logo.java", _write(_png()), "PNG image named .java", "NUL bytes"),
    Bad("bad/bin/tool.sh", _write(_elf()), "ELF executable named .sh", "NUL bytes"),
    Bad("bad/bin/Driver.properties", _write(_class_file()), "Java class file named .properties", "NUL bytes"),
    Bad(
        "bad/enc/nul.properties",
        _write(f"a=1\x00\nspring.datasource.url={URL}\n"),
        "NUL byte in a text file",
        "NUL bytes",
    ),
    # Encodings.
    Bad(
        "bad/enc/latin1.properties",
        _write(b"# caf\xe9\n" + f"spring.datasource.url={URL}\n".encode()),
        "invalid UTF-8 (Latin-1)",
        "invalid UTF-8 at byte 5",
        ((2, len("spring.datasource.url=") + URL_COLUMN, "CL201"),),
    ),
    Bad(
        "bad/enc/utf16.properties",
        _write(f"# x\nspring.datasource.url={URL}\n".encode("utf-16")),
        "UTF-16 with BOM",
        None,
        ((2, len("spring.datasource.url=") + URL_COLUMN, "CL201"),),
    ),
    Bad(
        "bad/enc/utf16be.yml",
        _write(b"\xfe\xff" + f"spring:\n  datasource:\n    url: {URL}\n".encode("utf-16-be")),
        "UTF-16 big-endian with BOM",
        None,
        ((3, len("    url: ") + URL_COLUMN, "CL201"),),
    ),
    Bad(
        "bad/enc/bad16.properties",
        _write(b"\xff\xfe" + "x=1\n".encode("utf-16-le") + b"\x00\xd8" + f"u={URL}\n".encode("utf-16-le")),
        "invalid UTF-16 (lone surrogate)",
        "invalid UTF-16",
    ),
    Bad(
        "bad/enc/Bom.java",
        _write(b"\xef\xbb\xbf" + f'class Bom {{ String u = "{URL}"; }}\n'.encode()),
        "UTF-8 BOM",
        None,
        ((1, len('class Bom { String u = "') + URL_COLUMN, "CL201"),),
    ),
    # Line endings.
    Bad(
        "bad/eol/crlf.properties",
        _write(CRLF_PROPS),
        "CRLF .properties",
        None,
        ((3, len("spring.datasource.url=") + URL_COLUMN, "CL201"),),
    ),
    Bad(
        "bad/eol/Crlf.java",
        _write(CRLF_JAVA),
        "CRLF Java",
        None,
        ((3, len('  String u = "') + URL_COLUMN, "CL201"),),
    ),
    Bad("bad/eol/crlf.sh", _write(CRLF_SH), "CRLF shell", None, ((3, 7, "CL201"),)),
    Bad(
        "bad/eol/crlf.yml",
        _write(CRLF_YAML),
        "CRLF YAML",
        None,
        ((3, len("    url: ") + URL_COLUMN, "CL201"),),
    ),
    Bad(
        "bad/eol/mixed.properties",
        _write(MIXED_PROPS),
        "mixed CRLF / LF / lone CR",
        None,
        ((4, len("spring.datasource.url=") + URL_COLUMN, "CL201"),),
    ),
    # Sizes.
    Bad("bad/size/empty.properties", _write(b""), "empty file"),
    Bad("bad/size/Empty.java", _write(b""), "empty file"),
    Bad(
        "bad/size/huge.properties",
        _huge(50 * 1024 * 1024),
        "50 MB single line",
        "byte size cap",
    ),
    Bad(
        "bad/size/Long.java",
        _write("class Long {\n" + "    int x = 1;\n" * 99_997 + f'    String u = "{URL}";\n' + "}\n"),
        "Java file of 100,000 lines",
        None,
        ((99_999, len('    String u = "') + URL_COLUMN, "CL201"),),
    ),
    Bad(
        "bad/size/long.properties",
        _write("k=v\n" * 99_999 + f"spring.datasource.url={URL}\n"),
        ".properties file of 100,000 lines",
        None,
        ((100_000, len("spring.datasource.url=") + URL_COLUMN, "CL201"),),
    ),
    Bad(
        "bad/size/long.sh",
        _write("echo hi\n" * 99_999 + "mysql --ssl-mode=DISABLED -h db.example.com\n"),
        "shell script of 100,000 lines",
        None,
        ((100_000, 7, "CL201"),),
    ),
    # Deep nesting.
    Bad(
        "bad/deep/Parens.java",
        _write(f'class Parens {{ String u = {"(" * DEPTH}"{URL}"{")" * DEPTH}; }}\n'),
        "Java, 10,000 nested parentheses",
    ),
    Bad(
        "bad/deep/Blocks.java",
        _write(f'class Blocks {{ String u = "{URL}"; void m() {{ {"{" * DEPTH}{"}" * DEPTH} }} }}\n'),
        "Java, 10,000 nested blocks",
        None,
        ((1, len('class Blocks { String u = "') + URL_COLUMN, "CL201"),),
    ),
    Bad(
        "bad/deep/deep.yml",
        _write(f"url: {URL}\nx: {'[' * DEPTH}{']' * DEPTH}\n"),
        "YAML, 10,000 nested flow sequences",
        "recursion|nesting|too deep|not analysed",
    ),
    Bad(
        "bad/deep/deep.xml",
        _write(f'<a url="{URL}">{"<b>" * DEPTH}{"</b>" * DEPTH}</a>\n'),
        "XML, 10,000 nested elements",
        None,
        ((1, len('<a url="') + URL_COLUMN, "CL201"),),
    ),
    Bad(
        "bad/deep/subst.sh",
        _write("mysql --ssl-mode=DISABLED -h db.example.com\n" + "$(" * DEPTH + "echo" + ")" * DEPTH + "\n"),
        "shell, 10,000 nested command substitutions",
        None,
        ((1, 7, "CL201"),),
    ),
    Bad(
        "bad/deep/groups.sh",
        _write(
            "mysql --ssl-mode=DISABLED -h db.example.com\n" + "{ " * DEPTH + "echo; " + "}; " * DEPTH + "\n"
        ),
        "shell, 10,000 nested brace groups",
        None,
        ((1, 7, "CL201"),),
    ),
    # Syntax errors: what can still be read is read.
    Bad(
        "bad/syntax/Broken.java",
        _write(f'class Broken {{ void m( {{ String u = "{URL}";\n'),
        "Java syntax error",
    ),
    Bad(
        "bad/syntax/broken.py",
        _write("import pymysql\ndef (:\n  pymysql.connect(ssl_disabled=True\n"),
        "Python syntax error",
        "syntax error",
    ),
    Bad(
        "bad/syntax/broken.yml",
        _write(f"url: {URL}\n  - : [\n\t{{x"),
        "YAML syntax error",
        "YAML parse error|not analysed",
    ),
    Bad(
        "bad/syntax/broken.xml",
        _write(f'<a url="{URL}"><b></a>'),
        "XML not well-formed",
        "XML parse error|malformed|not analysed",
    ),
    Bad("bad/syntax/broken.sh", _write("mysql --ssl-mode=DISABLED ) if then (\n"), "shell syntax error"),
    Bad("bad/syntax/broken.cnf", _write("[client\nssl-mode\n=DISABLED\n[mysql]]\n"), "option file garbage"),
    Bad(
        "bad/syntax/pom.xml",
        _write("<project><dependencies><dependency>mysql"),
        "pom.xml not well-formed",
        "XML parse error|malformed|not analysed",
    ),
    Bad(
        "bad/syntax/build.gradle",
        _write("dependencies { implementation 'mysql:mysql-connector-java:\n"),
        "Gradle syntax error",
    ),
    # Entity tricks.
    Bad("bad/xml/lol.xml", _write(_BILLION_LAUGHS), "XML billion laughs", "entity|not analysed"),
    Bad("bad/xml/xxe.xml", _write(_XXE), "XML external entities", "entity|not analysed"),
    Bad("bad/xml/dtd.xml", _write(_XXE_DTD), "XML external DTD (never fetched)", None),
    Bad("bad/yaml/bomb.yml", _write(_YAML_BOMB), "YAML alias bomb"),
    # File system oddities.
    Bad("bad/fs/loop-a.properties", _symlink_loop, "symlink loop (a -> b -> a)", "symbolic link"),
    Bad("bad/fs/loopdir", _dir_loop, "directory symlink loop (dir/again -> ..)"),
    Bad("bad/fs/outside.properties", _outside, "symlink to a file outside the root", "outside"),
    Bad(
        "bad/fs/dangling.properties",
        _symlink("does-not-exist.properties"),
        "dangling symlink",
        "symbolic link",
    ),
    Bad("bad/fs/pipe.properties", _fifo, "named pipe (FIFO)", "not a regular file"),
    Bad(
        "bad/fs/dir with space/ünïcödé app.properties",
        _write(f"spring.datasource.url={URL}\n"),
        "spaces and non-ASCII in the path",
        None,
        ((1, len("spring.datasource.url=") + URL_COLUMN, "CL201"),),
    ),
)


def build(root: Path, bad: tuple[Bad, ...] = BAD, ordinary: bool = True) -> None:
    """Write the ordinary files (optionally) and each bad input under ``root``."""
    if ordinary:
        for rel, text in ORDINARY.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for b in bad:
        path = root / b.path
        path.parent.mkdir(parents=True, exist_ok=True)
        b.make(path)
