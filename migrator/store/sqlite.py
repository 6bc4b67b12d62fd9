"""What only SQLite does: the corner a second database engine replaces.

SQLite's ``data_version`` tells whether another connection committed since last asked,
SQLite's errors are said in words that name the file, and a whole table's rows go in with one
executemany of the driver.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.orm import Session

from migrator.domain.errors import FileBusyError, MigrationFileError, MigratorError
from migrator.store.file_probe import says_busy


def data_version(session: Session) -> int:
    """A number that moves whenever another connection commits to the file (never for this one's)."""
    return int(session.connection().exec_driver_sql("PRAGMA data_version").scalar() or 0)


def insert_rows(connection: Connection, table: Table, rows: Sequence[Sequence[Any]]) -> None:
    """Put ``rows`` (every column's value, in the table's column order) into ``table`` with one
    executemany of the driver, each value stored as SQLAlchemy stores it (its column type's own
    conversion, on the columns that have one): without insert()'s bookkeeping for each row, a
    whole plan goes in in two thirds of the time."""
    dialect = connection.dialect
    quote = dialect.identifier_preparer.quote
    columns = [(c.name, c.type.dialect_impl(dialect).bind_processor(dialect)) for c in table.columns]
    statement = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(name) for name, _ in columns)}) "
        f"VALUES ({', '.join('?' * len(columns))})"
    )
    converters = [(i, convert) for i, (_, convert) in enumerate(columns) if convert is not None]
    values = [_converted(row, converters) for row in rows] if converters else list(rows)
    if values:  # an empty list would run the statement once, without values
        connection.exec_driver_sql(statement, values)


def _converted(
    values: Sequence[Any], converters: Sequence[tuple[int, Callable[[Any], Any]]]
) -> tuple[Any, ...]:
    row = list(values)
    for i, convert in converters:
        row[i] = convert(row[i])
    return tuple(row)


def explain(name: str, error: BaseException, *, reading: bool) -> MigratorError:
    """SQLite's ``error`` on the file ``name`` said for a person: what it means for them."""
    text = str(error).lower()
    if says_busy(error):
        done = "." if reading else "; nothing was changed."
        return FileBusyError(f"{name} is busy in another program{done} Try again in a moment.")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return MigrationFileError(f"{name} is damaged and cannot be read ({error}).")
    if reading:
        return MigratorError(f"{name} could not be read ({error}).")
    if "readonly" in text or "read-only" in text:
        return MigratorError(f"{name} cannot be written (read-only); nothing was changed.")
    if "disk" in text or "full" in text or "i/o" in text:
        return MigratorError(f"{name} could not be written ({error}); nothing was changed.")
    return MigratorError(f"{name}: the database refused the change ({error}); nothing was changed.")
