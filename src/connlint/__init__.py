"""connlint: a static linter for MySQL-family connection TLS settings."""

__version__ = "0.1.0"
