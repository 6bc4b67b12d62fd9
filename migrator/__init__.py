"""Migrator: coordinate a large cross-team migration."""

__version__ = "0.1.0"
