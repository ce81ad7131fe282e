"""Which build or dependency file governs a source file, and so which driver
versions apply to it.  (Placeholder until build files are read: the
configuration's assumptions apply everywhere.)"""

from __future__ import annotations

from pathlib import Path

from connlint.model import Assumptions


class Scope:
    """Answers "which driver versions apply here?" for any file of a run."""

    def __init__(self, configured: Assumptions) -> None:
        self._configured = configured

    def assumptions_for(self, path: Path) -> Assumptions:
        """The versions and client family that govern ``path`` (an absolute path)."""
        return self._configured
