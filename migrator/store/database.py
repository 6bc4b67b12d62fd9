"""Creating, opening, checking and upgrading migration files (SQLite documents).

A migration file is a document that coordinators copy and mail around, so every
connection uses a rollback journal (nothing left beside the file once closed),
synchronous FULL, foreign keys and a busy timeout. Files are recognised by SQLite's
``application_id``; older files are backed up with SQLite's backup API and upgraded in
one transaction before anything else touches them.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from migrator.domain.errors import FileBusyError, MigrationFileError, MigratorError
from migrator.store import leftovers, sqlite
from migrator.store.bad_values import loop_problems
from migrator.store.file_probe import APPLICATION_ID, VERSION_TABLE, connect, probe, says_busy
from migrator.store.stores import MigrationStore

FILE_SUFFIX = ".migrator"
WRITE_OPTION = "migrator_write"
_REVISIONS = Path(__file__).with_name("revisions")


class FileStore(MigrationStore):
    """An open migration file: where it is, whether it may change, and its sessions."""

    def __init__(self, path: Path, engine: Engine, read_only: bool, backup_path: Path | None = None) -> None:
        super().__init__(engine, read_only, backup_path)
        self.place = path
        self._intact = False

    def ensure_intact(self) -> None:
        """Refuse to write to a file whose pages or indexes are damaged (once per open store).

        Opening runs SQLite's quick_check, which misses an index that disagrees with its table;
        the full integrity_check finds it but costs more (see the README), so it runs before the
        first write instead, and a damaged file is never written to."""
        if self._intact:
            return
        try:
            conn = connect(self.path, read_only=True)
            try:
                problems = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
            finally:
                conn.close()
        except sqlite3.DatabaseError as error:
            if says_busy(error):
                busy = f"{self.path.name} is busy in another program; nothing was changed."
                raise FileBusyError(f"{busy} Try again in a moment.") from None
            problems = [str(error)]
        if problems != ["ok"]:
            raise MigrationFileError(
                f"{self.path.name} is damaged ({problems[0]}), so Migrator will not write to it; "
                "nothing was changed. `migrator check` lists what is wrong; open an earlier copy."
            )
        self._intact = True

    def write_options(self) -> dict[str, Any]:
        return {WRITE_OPTION: True}

    def data_version(self, session: Session, own_changes: frozenset[int] = frozenset()) -> int:
        return sqlite.data_version(session)  # SQLite's never moves for this connection's own commits

    def explain(self, error: BaseException, *, reading: bool) -> MigratorError:
        return sqlite.explain(self.path.name, error, reading=reading)

    def reopen(self) -> FileStore:
        return open_store(self.path, read_only=self.read_only)


# ---------------------------------------------------------------- connections


def _engine(
    path: Path, *, read_only: bool, foreign_keys: bool = True, showing_bad_values: bool = False
) -> Engine:
    engine = create_engine(
        "sqlite://",
        creator=lambda: connect(
            path, read_only=read_only, foreign_keys=foreign_keys, showing_bad_values=showing_bad_values
        ),
        poolclass=NullPool if not foreign_keys else None,
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # A writing transaction takes the write lock up front, so two coordinators'
        # writes queue behind the busy timeout instead of failing on a lock upgrade.
        writing = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    return engine


def alembic_config(connection: Any | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_REVISIONS))
    config.attributes["connection"] = connection
    return config


@functools.cache
def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


@functools.cache
def known_revisions() -> frozenset[str]:
    return frozenset({rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()})


# ---------------------------------------------------------------- recognising a file


def _probe(path: Path) -> tuple[bool, str]:
    """Check that ``path`` is an intact Migrator file this version knows; return (writable, revision)."""
    writable, revision = probe(path)
    if revision not in known_revisions():
        raise MigrationFileError(
            f"{path.name} was written by a newer version of Migrator (schema revision "
            f"{revision}). Update Migrator to open it; the file was not changed."
        )
    return writable, revision


# ---------------------------------------------------------------- upgrades


def backup(source: Path, target: Path) -> None:
    """Copy a (possibly open) database consistently with SQLite's backup API."""
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _backup_before_upgrade(path: Path, target: Path) -> None:
    """``backup`` that leaves no partial copy behind and says in words why it failed."""
    try:
        backup(path, target)
    except (OSError, sqlite3.Error) as error:
        target.unlink(missing_ok=True)
        full = getattr(error, "errno", None) == errno.ENOSPC or "full" in str(error).lower()
        reason = "the disk is full" if full else str(getattr(error, "strerror", None) or error)
        raise MigrationFileError(
            f"{path.name} must be upgraded, but its backup could not be written ({reason}), "
            "so it was not upgraded and nothing was changed."
            + (" Free some space and open it again." if full else "")
        ) from None


def _upgrade(path: Path, target: str = "head") -> None:
    """Apply the revisions up to ``target`` in one transaction, foreign keys off.

    Batch revisions copy and drop tables; with foreign keys on, dropping a parent table
    would delete its children through ON DELETE CASCADE. We check the keys before commit.
    """
    engine = _engine(path, read_only=False, foreign_keys=False)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), target)
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                table = broken[0][0]
                raise MigrationFileError(
                    f"Upgrading {path.name} would leave {len(broken)} broken reference(s) in "
                    f"table {table}; the file was not changed."
                )
    finally:
        engine.dispose()


def backup_path_for(path: Path, revision: str) -> Path:
    candidate = path.with_name(f"{path.stem} (before upgrade from {revision}){path.suffix}")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} (before upgrade from {revision}, {number}){path.suffix}")
        number += 1
    return candidate


# ---------------------------------------------------------------- public entry points


def needs_upgrade(path: str | os.PathLike[str]) -> bool:
    """Whether opening the file would upgrade it (it was written by an older Migrator)."""
    return _probe(Path(path))[1] != head_revision()


def open_store(
    path: str | os.PathLike[str], *, read_only: bool = False, showing_bad_values: bool = False
) -> FileStore:
    """Open a migration file, upgrading it (after a backup) when an older Migrator wrote it.

    ``showing_bad_values`` opens it read-only to show a plan whose bad values are listed to the
    user: reads then go on past them (see migrator.store.bad_values)."""
    path = Path(path)
    writable, revision = _probe(path)
    read_only = read_only or showing_bad_values or not writable
    backup_copy: Path | None = None
    if revision != head_revision():
        if read_only:
            raise MigrationFileError(
                f"{path.name} was written by an older version of Migrator and must be "
                "upgraded, but it is read-only. Copy it somewhere writable and open the copy."
            )
        store = FileStore(path, _engine(path, read_only=True), read_only=True)
        try:
            store.ensure_intact()  # a damaged file is not upgraded either
        finally:
            store.close()
        backup_copy = backup_path_for(path, revision)
        _backup_before_upgrade(path, backup_copy)
        try:
            _upgrade(path)
        except Exception:
            backup_copy.unlink(missing_ok=True)
            raise
    if writable:
        leftovers.remove_beside(path)
    engine = _engine(path, read_only=read_only, showing_bad_values=showing_bad_values)
    return FileStore(path, engine, read_only, backup_copy)


@contextlib.contextmanager
def new_file_in_place(path: str | os.PathLike[str]) -> Iterator[FileStore]:
    """Create a migration file at a temporary name beside ``path``; move it into place
    only when the block succeeds, so a failure never leaves a half-made file."""
    path = Path(path)
    if path.exists():
        raise MigrationFileError(f"{path} already exists.")
    if not path.parent.is_dir():
        raise MigrationFileError(f"The folder {path.parent} does not exist.")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".partial", dir=path.parent)
    except OSError as error:
        raise MigrationFileError(
            f"Cannot create a file in {path.parent}: {error.strerror or error}."
        ) from None
    os.close(handle)
    temp = Path(temp_name)
    store: FileStore | None = None
    try:
        _initialise(temp)
        store = FileStore(temp, _engine(temp, read_only=False), read_only=False)
        yield store
        store.close()
        try:
            os.replace(temp, path)
        except OSError as error:
            raise MigrationFileError(
                f"{path.name} could not be written to {path.parent}: {error.strerror or error}. "
                "Nothing was created."
            ) from None
    except BaseException:
        if store is not None:
            store.close()
        temp.unlink(missing_ok=True)
        raise


def _initialise(path: Path, revision: str = "head") -> None:
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    try:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.commit()
    finally:
        conn.close()
    _upgrade(path, revision)


@dataclass(frozen=True)
class CheckResult:
    healthy: bool
    lines: list[str]


def check_file(path: str | os.PathLike[str]) -> CheckResult:
    """A full check, for ``migrator check``: pages, indexes, references and every value.

    Nothing in the file is changed, except that a save a killed program left half-done is
    rolled back first (as every open does).

    Raises MigrationFileError when the file is not a readable Migrator file at all.
    """
    path = Path(path)
    lines: list[str] = []
    writable, revision = _probe(path)
    lines.append(f"application id: {APPLICATION_ID:#x} (Migrator)")
    head = head_revision()
    state = "current" if revision == head else f"older, will be upgraded to {head} on open"
    lines.append(f"schema revision: {revision} ({state})")
    healthy = True
    conn = connect(path, read_only=True)
    try:
        integrity = [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]
        healthy &= integrity == ["ok"]
        lines.append("integrity: " + "; ".join(integrity))
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        healthy &= not broken
        lines.append("references: ok" if not broken else f"references: {len(broken)} broken ({broken[0][0]})")
    except sqlite3.DatabaseError as error:
        healthy = False
        lines.append(f"integrity: damaged ({error})")
    finally:
        conn.close()
    if healthy and revision == head:
        problems = content_problems(path)
        healthy &= not problems
        lines.append(f"values: {'ok' if not problems else f'{len(problems)} problem(s)'}")
        lines += [f"  {problem}" for problem in problems]
    if not writable:
        lines.append("access: read-only (can be viewed, not changed)")
    return CheckResult(healthy, lines)


def content_problems(path: Path) -> list[str]:
    """Every value in the file that Migrator cannot use, and every loop its links close, each
    named with its row (the file is read through a read-only connection)."""
    conn = connect(path, read_only=True, showing_bad_values=True)
    try:
        conn.execute("BEGIN")
        return plan_problems(conn, path.name)
    finally:
        conn.close()


def plan_problems(connection: Any, name: str) -> list[str]:
    """``content_problems`` on a DB-API ``connection`` that reads on past bad values, inside the
    caller's transaction (a file's, or a shared plan's on its server)."""
    from migrator.store.plan_reader import read_plan

    try:
        plan = read_plan(connection, name)
    except MigrationFileError as error:
        return [str(error)]
    cursor = connection.cursor()
    try:
        cursor.execute("SELECT predecessor_id, successor_id FROM dependency")
        links = cursor.fetchall()
    finally:
        cursor.close()
    keys = {w.id: w.key for w in plan.workstreams}
    return [*plan.problems, *loop_problems(links, keys)]


def schema_differences(store: MigrationStore) -> list[Any]:
    """What the ORM tables and the file's schema disagree on (empty when in step)."""
    from alembic.autogenerate import compare_metadata

    from migrator.store.schema import Base

    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"render_as_batch": connection.dialect.name == "sqlite", "version_table": VERSION_TABLE},
        )
        return list(compare_metadata(context, Base.metadata))


def create_at_revision(path: Path, revision: str) -> None:
    """Create an empty migration file at an older schema revision (tests and fixtures)."""
    _initialise(path, revision)
