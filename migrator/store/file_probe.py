"""Recognising a migration file with the standard library alone: its header, integrity and schema revision.

Kept apart from ``database`` (SQLAlchemy, Alembic) so that the window can check and read a
current file before those are loaded.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from migrator.domain.errors import FileBusyError, MigrationFileError

APPLICATION_ID = 0x4D475254  # "MGRT"
BUSY_TIMEOUT_MS = 5000
VERSION_TABLE = "schema_revision"
_SQLITE_HEADER = b"SQLite format 3\x00"


class ShowingConnection(sqlite3.Connection):
    """A read-only connection of a store opened to show a file whose bad values are listed to
    the user: the plan reader reads on past them (see migrator.store.bad_values)."""

    tolerates_bad_values = True


def connect(
    path: Path, *, read_only: bool, foreign_keys: bool = True, showing_bad_values: bool = False
) -> sqlite3.Connection:
    mode = "ro" if read_only or showing_bad_values else "rw"
    uri = f"{path.resolve().as_uri()}?mode={mode}"
    # isolation_level=None: the legacy implicit transactions of Python's sqlite3 commit
    # around DDL; we issue BEGIN ourselves so schema changes roll back too.
    conn = sqlite3.connect(
        uri,
        uri=True,
        isolation_level=None,
        check_same_thread=False,
        timeout=BUSY_TIMEOUT_MS / 1000,
        factory=ShowingConnection if showing_bad_values else sqlite3.Connection,
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
    if mode == "rw":
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = FULL")
    return conn


def says_busy(error: BaseException) -> bool:
    """Whether a database error means another connection holds the file's lock for now."""
    text = str(error).lower()
    return "locked" in text or "busy" in text


def journal_of(path: Path) -> Path:
    """Where SQLite keeps a save's undo record while it writes (deleted when the save is done)."""
    return path.with_name(f"{path.name}-journal")


_CANNOT_ROLL_BACK = (
    "{name} was left half-saved by a program that stopped while saving; {journal} beside it holds "
    "what it was before, and Migrator puts it back when it opens the file, but the file or its "
    "folder is read-only. Make both writable (or copy both files into a writable folder) and "
    "open it again; nothing was changed."
)


def _says_read_only(error: BaseException) -> bool:
    return "readonly" in str(error).lower()


def roll_back_interrupted_save(path: Path) -> None:
    """Undo a save that a killed program left half-written, as SQLite does on its next write.

    A read-only connection cannot roll a hot journal back (SQLite then calls the file a
    read-only database), so when a journal lies beside the file one read through a writable
    connection puts the last committed state back. A journal that a running save still uses
    is not hot: SQLite then simply waits for that save (busy) or reads the committed state. A
    journal left incomplete (its save killed before it was written) is stale: it is removed
    while holding the write lock, so no save can be using it."""
    if not journal_of(path).exists():
        return
    conn = connect(path, read_only=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if journal_of(path).exists():  # not hot: a save killed before its journal was complete
            conn.execute("BEGIN IMMEDIATE")  # no other save can be using it while we hold this
            with contextlib.suppress(OSError):  # left there, it does no harm: SQLite ignores it
                journal_of(path).unlink(missing_ok=True)
            conn.execute("COMMIT")
    except sqlite3.OperationalError as error:
        if _says_read_only(error):  # the folder refuses the journal's removal
            raise MigrationFileError(
                _CANNOT_ROLL_BACK.format(name=path.name, journal=journal_of(path).name)
            ) from None
        raise
    finally:
        conn.close()


def _read_header(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(100)
    except FileNotFoundError:
        raise MigrationFileError(f"There is no file at {path}.") from None
    except IsADirectoryError:
        raise MigrationFileError(f"{path} is a folder, not a migration file.") from None
    except PermissionError:
        raise MigrationFileError(f"{path} cannot be read: permission denied.") from None
    except OSError as error:
        raise MigrationFileError(f"{path} cannot be read: {error.strerror or error}.") from None


def probe(path: Path) -> tuple[bool, str]:
    """Check that ``path`` is an intact Migrator file; return (writable, schema revision).

    Nothing is written: the file is read through a read-only connection."""
    header = _read_header(path)
    if not header.startswith(_SQLITE_HEADER):
        raise MigrationFileError(f"{path.name} is not a Migrator file: it is not a database at all.")
    if len(header) < 100:
        raise MigrationFileError(f"{path.name} is damaged: the file is truncated.")
    if int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        raise MigrationFileError(
            f"{path.name} is not a Migrator file: it is a database written by another program."
        )
    # Mode bits as well as access(): root may write anything, but a file its owner marked
    # read-only is meant to stay unchanged.
    writable = (
        os.access(path, os.W_OK) and os.access(path.parent, os.W_OK) and bool(path.stat().st_mode & 0o222)
    )
    try:
        if writable:
            roll_back_interrupted_save(path)
        conn = connect(path, read_only=True)
        try:
            problems = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
            if problems != ["ok"]:
                raise MigrationFileError(f"{path.name} is damaged: {problems[0]}.")
            has_version = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (VERSION_TABLE,)
            ).fetchone()
            revision = None
            if has_version:
                row = conn.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
                revision = row[0] if row else None
        finally:
            conn.close()
    except sqlite3.OperationalError as error:
        if says_busy(error):
            raise FileBusyError(
                f"{path.name} is busy: another program is writing to it. Try again in a moment."
            ) from None
        if _says_read_only(error) and journal_of(path).exists():
            raise MigrationFileError(
                _CANNOT_ROLL_BACK.format(name=path.name, journal=journal_of(path).name)
            ) from None
        raise MigrationFileError(f"{path.name} is damaged and cannot be read ({error}).") from None
    except sqlite3.DatabaseError as error:
        raise MigrationFileError(f"{path.name} is damaged and cannot be read ({error}).") from None
    if revision is None:
        raise MigrationFileError(f"{path.name} is damaged: it records no schema revision.")
    return writable, revision
