"""Shared test set-up: a deterministic hypothesis profile, and the tests folder
on sys.path for small helpers (annotations.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

# A bug in a front-end or a resolver fails the test instead of becoming an
# "internal error" notification (connlint.guard); set before any worker forks.
os.environ.setdefault("CONNLINT_STRICT", "1")

settings.register_profile(
    "ci", derandomize=True, deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None, max_examples=200)
settings.load_profile("ci")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--snapshot-update", action="store_true", help="rewrite tests/snapshots/ from the current output"
    )
