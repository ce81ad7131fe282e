"""Dockerfile front-end: shell and exec forms, continuations, ENV/ARG values."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from connlint.frontends import dockerfile
from connlint.frontends.shell_option_files import CopiedFile, read_files
from connlint.model import Candidate, CandidateKind, Level, Location


def cands(text: str, client: CandidateKind = CandidateKind.MYSQL_CLI) -> list[Candidate]:
    return [c for c in dockerfile.extract("Dockerfile", text).candidates if c.kind is client]


def at(text: str, word: str) -> tuple[int, int]:
    for c in cands(text):
        for w in c.argv:
            if w.text == word:
                return w.locate().line, w.locate().column
    raise AssertionError(word)


def test_run_shell_form_keeps_lines_and_columns() -> None:
    text = "FROM x\nRUN apt-get update && \\\n    # comment\n    mysql -h db \\\n      --ssl-mode=DISABLED\n"
    assert at(text, "--ssl-mode=DISABLED") == (5, 7)


def test_comment_line_before_an_operator_continues_the_command() -> None:
    # Docker drops the comment line: the shell sees `install ... && mysql ...`.
    text = (
        "FROM x\nRUN install -d /etc/my.cnf.d \\\n# comment out a few values\n\t&& mysql -h db --skip-ssl\n"
    )
    assert dockerfile.extract("Dockerfile", text).notifications == []
    assert at(text, "--skip-ssl") == (4, 17)
    # So does an empty line (BuildKit warns, and joins the next line).
    text = "FROM x\nRUN install -d /etc \\\n\n\t&& mysql -h db --skip-ssl\n"
    assert dockerfile.extract("Dockerfile", text).notifications == []
    assert at(text, "--skip-ssl") == (4, 17)


def test_exec_form() -> None:
    assert at('CMD ["mysql", "-h", "db", "--ssl-mode=REQUIRED"]\n', "--ssl-mode=REQUIRED") == (1, 28)
    assert at('ENTRYPOINT ["sh", "-c", "mysql --skip-ssl"]\n', "--skip-ssl") == (1, 32)


def test_healthcheck_cmd_and_heredoc() -> None:
    assert at("HEALTHCHECK --interval=5s CMD mysqladmin ping --skip-ssl\n", "--skip-ssl") == (1, 47)
    assert at("RUN <<EOF\nmysqldump --skip-ssl db\nEOF\n", "--skip-ssl") == (2, 11)


def test_env_and_arg_values() -> None:
    (j,) = cands('ENV DB_URL="jdbc:mysql://db/app?useSSL=false"\n', CandidateKind.JDBC)
    assert j.url is not None and j.location.column == 13
    (v,) = cands('ENV JAVA_TOOL_OPTIONS="-Djavax.net.ssl.trustStore=/t.jks"\n', CandidateKind.JVM)
    assert v.settings[0].value == "/t.jks"
    assert [w.text for w in cands("ARG MODE=DISABLED\nRUN mysql --ssl-mode=$MODE\n")[0].argv][
        1
    ] == "--ssl-mode=DISABLED"


def test_other_instructions_and_comments_ignored() -> None:
    assert cands("# RUN mysql --skip-ssl\nLABEL x=mysql\nCOPY my.cnf /etc/\n") == []


@given(st.text(max_size=200))
def test_never_raises(text: str) -> None:
    dockerfile.extract("Dockerfile", text)


def test_shell_syntax_errors_give_one_note_per_file() -> None:
    text = (
        "FROM x\n"
        "RUN echo ok\n"
        "RUN mysql --ssl-mode=DISABLED ) if then (\n"
        "RUN true && \\\n    if then\n"
        "RUN <<EOF\nfi (\nEOF\n"
    )
    out = dockerfile.extract("Dockerfile", text)
    assert [[w.text for w in c.argv] for c in out.candidates] == [["mysql", "--ssl-mode=DISABLED"]]
    assert [(n.message, n.level, n.line) for n in out.notifications] == [
        ("shell syntax error; analysed what could be parsed", Level.NOTE, 3)
    ]


def test_clean_dockerfile_has_no_note() -> None:
    text = 'FROM x\nENV A=1 B="two words"\nRUN if true; then mysql -h db; fi\nCMD ["mysql"]\n'
    assert dockerfile.extract("Dockerfile", text).notifications == []


_SHLEX_TEXT = st.text(alphabet="ab= \t\n'\"\\", max_size=40)


@given(_SHLEX_TEXT)
def test_split_words_as_shlex(text: str) -> None:
    import shlex

    try:
        expected: list[str] | None = shlex.split(text, comments=False, posix=True)
    except ValueError:
        expected = None
    assert dockerfile.split_words(text) == expected


def test_env_values_with_quotes_and_escapes() -> None:
    text = (
        'FROM x\nENV H=\'db.example.com\' M="--ssl-mode=DIS\\"ABLED" U=a\\ b\nRUN mysql -h $H "$M" -u "$U"\n'
    )
    (candidate,) = cands(text)
    argv = [w.text for w in candidate.argv]
    assert argv == ["mysql", "-h", "db.example.com", '--ssl-mode=DIS"ABLED', "-u", "a b"]


def test_a_long_env_line_costs_linear_time() -> None:
    from scaling import assert_linear

    def make(n: int) -> Callable[[], object]:
        text = "FROM x\nENV " + " ".join(f'K{i}="v {i}"' for i in range(n)) + "\n"
        return lambda: dockerfile.extract("Dockerfile", text)

    assert_linear(make, 200, "ENV with many assignments")

    def one_value(n: int) -> Callable[[], object]:
        return lambda: dockerfile.split_words("K=" + "x" * n)

    assert_linear(one_value, 2000, "one long ENV value")


# ---- option files copied to where the image's clients read them (issue 16, items 13-14)


def copied(text: str) -> list[tuple[str, str]]:
    """(source, destination) of each default option file a ``COPY``/``ADD`` line gives."""
    lines = text.split("\n")
    keyword = text.split()[0]
    found = dockerfile._option_files("Dockerfile", lines, 0, len(lines) - 1, 0, keyword)
    return [(c.source, c.destination) for c in found]


def test_copies_to_the_default_option_files() -> None:
    assert copied("COPY my.cnf /etc/mysql/my.cnf") == [("my.cnf", "/etc/mysql/my.cnf")]
    assert copied("COPY cnf/my.cnf /etc/") == [("cnf/my.cnf", "/etc/my.cnf")]
    assert copied("COPY cnf/my.cnf /etc") == [("cnf/my.cnf", "/etc/my.cnf")]
    assert copied("ADD --chown=mysql a.cnf b.cnf /etc/mysql/conf.d") == [
        ("a.cnf", "/etc/mysql/conf.d/a.cnf"),
        ("b.cnf", "/etc/mysql/conf.d/b.cnf"),
    ]
    assert copied('COPY ["client.cnf", "/etc/my.cnf.d/"]') == [("client.cnf", "/etc/my.cnf.d/client.cnf")]
    assert copied("COPY --chmod=0644 docker.cnf /etc/mysql/conf.d/z.cnf") == [
        ("docker.cnf", "/etc/mysql/conf.d/z.cnf")
    ]


def test_other_copies_are_no_default_option_file() -> None:
    for text in (
        "COPY my.cnf /opt/app/my.cnf",  # not read by default
        "COPY client.cnf /etc/mysql/client.cnf",  # not a default file
        "COPY --from=build /etc/my.cnf /etc/my.cnf",  # another stage's file
        "COPY *.cnf /etc/mysql/conf.d/",  # a glob
        "COPY $CNF /etc/my.cnf",  # a variable
        "COPY conf.d/ /etc/mysql/conf.d/",  # a directory's files
        "ADD https://example.com/my.cnf /etc/my.cnf",  # a download
        "COPY notes.txt /etc/mysql/conf.d/",  # not read by the includedir
    ):
        assert copied(text) == [], text


def test_a_replaced_default_file_leaves_the_included_directories_unread() -> None:
    def files(*destinations: str) -> list[str]:
        at = Location("Dockerfile", 1, 1, 1, 5)
        found = {d: CopiedFile("Dockerfile", "x.cnf", d, at) for d in destinations}
        return [c.destination for c in read_files(found)]

    assert files("/etc/mysql/conf.d/b.cnf", "/etc/mysql/my.cnf", "/etc/my.cnf") == [
        "/etc/my.cnf",
        "/etc/mysql/my.cnf",
    ]
    assert files("/etc/mysql/conf.d/b.cnf", "/etc/my.cnf.d/a.cnf") == [
        "/etc/my.cnf.d/a.cnf",
        "/etc/mysql/conf.d/b.cnf",
    ]
