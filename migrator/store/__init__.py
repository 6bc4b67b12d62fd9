"""Persistence of a migration: the SQLite file, its schema and its revisions."""
