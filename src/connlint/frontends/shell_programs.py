"""The programs the shell front-end knows by name: shells, the wrappers that run
another command, and the commands whose arguments are only text.

One list for every front-end and for discovery (a ``#!/bin/sh`` script, a CI
step's ``shell:``): standard library only, so that importing it costs nothing.
"""

from __future__ import annotations

#: Commands whose arguments are text, never a command line (``echo "use --ssl-mode=…"``).
TEXT_COMMANDS: frozenset[str] = frozenset(
    {"echo", "printf", "logger", "grep", "egrep", "fgrep", "sed", "awk"}
)

#: Shells whose ``-c`` argument (or heredoc on stdin) is a script.
SHELLS: frozenset[str] = frozenset({"sh", "bash", "dash", "ash", "ksh", "zsh", "busybox"})

#: Wrappers that run the rest of their argv: name -> options that take an argument.
SIMPLE_WRAPPERS: dict[str, frozenset[str]] = {
    "builtin": frozenset(),
    "chronic": frozenset(),
    "command": frozenset(),
    "exec": frozenset({"-a"}),
    "ionice": frozenset({"-c", "-n", "-p"}),
    "nice": frozenset({"-n"}),
    "nohup": frozenset(),
    "stdbuf": frozenset({"-i", "-o", "-e"}),
    "sudo": frozenset({"-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U", "-T"}),
    "doas": frozenset({"-u", "-C"}),
    "time": frozenset({"-f", "-o"}),
    "xargs": frozenset({"-I", "-n", "-P", "-d", "-a", "-E", "-L", "-s"}),
}

#: Wrappers that run the rest of their argv as the user their first argument
#: names, common in container entrypoints (issue 16, item 4): ``gosu mysql
#: mariadb-dump …`` (https://github.com/tianon/gosu: ``gosu user-spec command
#: [args]``), ``su-exec mysql …`` (https://github.com/ncopa/su-exec).
USER_WRAPPERS: frozenset[str] = frozenset({"gosu", "su-exec"})

#: ``docker exec`` / ``docker run`` options that take an argument (docker CLI reference).
DOCKER_ARG_OPTIONS: frozenset[str] = frozenset(
    {
        "-a",
        "--attach",
        "--add-host",
        "--cpus",
        "--detach-keys",
        "-e",
        "--env",
        "--env-file",
        "--entrypoint",
        "-h",
        "--hostname",
        "--index",
        "-l",
        "--label",
        "--link",
        "-m",
        "--memory",
        "--mount",
        "--name",
        "--net",
        "--network",
        "-p",
        "--platform",
        "--publish",
        "--pull",
        "--restart",
        "-u",
        "--user",
        "-v",
        "--volume",
        "--volumes-from",
        "-w",
        "--workdir",
    }
)

#: ``ssh`` options that take an argument (OpenSSH ssh(1)).
SSH_ARG_OPTIONS: frozenset[str] = frozenset("BbcDEeFIiJLlmOopQRSWw")

#: JVM option variables whose value is a java command line fragment.
JAVA_OPTION_VARIABLES: frozenset[str] = frozenset(
    {"JAVA_TOOL_OPTIONS", "JAVA_OPTS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "CATALINA_OPTS", "MAVEN_OPTS"}
)

#: The JVM trust store system properties (architecture.md, CandidateKind.JVM), plus the key
#: store password, a credential too.
JVM_TRUST_KEYS: frozenset[str] = frozenset(
    {
        "javax.net.ssl.keyStorePassword",
        "javax.net.ssl.trustStore",
        "javax.net.ssl.trustStorePassword",
        "javax.net.ssl.trustStoreType",
    }
)
