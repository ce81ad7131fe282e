"""``python -m connlint``: the same as the ``connlint`` command."""

import sys

from connlint.cli import main

sys.exit(main())
