"""The rule catalog as data: one TOML file per rule (shipped as package data)."""
