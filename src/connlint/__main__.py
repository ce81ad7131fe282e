"""The ``connlint`` command, also run as ``python -m connlint``.

Apart from :mod:`connlint.cli` so that the child parsing the named Python
files (:mod:`connlint.early`) is forked before the CLI and the engine are
imported.
"""

import os
import sys
from typing import NoReturn


def main() -> int:
    """Entry point of the ``connlint`` console script."""
    from connlint import gc_pause

    gc_pause.pause()  # start-up: see connlint.gc_pause
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


def leave(code: int) -> NoReturn:
    """End the process with ``code`` without the interpreter's teardown when
    nothing is left for it to do.

    Tearing down the modules of a run (the CLI, the engine, the clients and
    checks, the front-ends) costs 5-10 ms of CPU time, a few per cent of a
    pre-commit run over a few files (issue 15, target 4).  It is skipped only
    when the teardown would do nothing else: the standard streams are flushed
    here, and no ``atexit`` function is registered and no other thread runs
    (else the usual exit, which runs them).  A stream that cannot be flushed
    (a closed pipe) is left to the usual exit too, which reports it as before.
    """
    import atexit
    import threading

    from connlint import dataclass_code

    dataclass_code.save()

    callbacks = getattr(atexit, "_ncallbacks", None)
    if callbacks is not None and callbacks() == 0 and threading.active_count() == 1:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (AttributeError, OSError, ValueError):
            pass
        else:
            os._exit(code)
    sys.exit(code)


def console() -> NoReturn:
    """Entry point of the ``connlint`` console script: :func:`main`, then :func:`leave`."""
    leave(main())


if __name__ == "__main__":
    console()
