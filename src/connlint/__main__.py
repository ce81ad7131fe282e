"""The ``connlint`` command, also run as ``python -m connlint``.

Apart from :mod:`connlint.cli` so that the child parsing the named Python
files (:mod:`connlint.early`) is forked before the CLI and the engine are
imported.
"""

import sys


def main() -> int:
    """Entry point of the ``connlint`` console script."""
    from connlint import early

    started = early.start(sys.argv[1:])
    try:
        from connlint.cli import main as cli_main
    except KeyboardInterrupt:  # Ctrl-C while the CLI loads: the same one line as later
        if started is not None:
            started.close()
        sys.stderr.write("connlint: interrupted\n")
        return 130
    return cli_main(early=started)


if __name__ == "__main__":
    sys.exit(main())
