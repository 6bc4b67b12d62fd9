"""A whole plan copied between places: a file to a server, a server to a file, a file to a file.

Every row of every table goes across with its id, in one transaction on the destination (a
file is written beside its final name and moved into place), and the copy is read back and
compared with the source: the same rows in each table and the same checksum of their content.
A destination that already holds a plan is replaced only when asked.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Table, delete, func, select, update

from migrator.domain.errors import MigrationFileError, MigratorError, PlanExistsError
from migrator.domain.places import Place, ServerAddress, place_name
from migrator.store import database, server, sqlite
from migrator.store.schema import Base

T = TypeVar("T")
Rows = dict[str, list[dict[str, Any]]]  # table -> its rows, each a column -> value mapping
Tuples = dict[Table, list[tuple[Any, ...]]]  # table -> its rows, each its values in column order

# Insert order: each table after those it refers to. A team's lead is a person and a person's
# team is a team, so teams go in without their leads and get them once the people are in.
ORDER = (
    "team", "person", "workstream", "dependency", "migration", "non_working_day", "history", "snapshot",
    "update_request", "update_request_line", "update_return", "raid_key", "raid_item", "raid_link",
    "update_request_raid_line",
)  # fmt: skip


@dataclass(frozen=True)
class CopyResult:
    """What was copied, and the proof it arrived whole."""

    source: str
    destination: str
    rows: dict[str, int]  # table -> rows copied (the same in source and copy)
    checksum: str  # SHA-256 of every row's content, the same in source and copy
    seconds: float

    def lines(self) -> list[str]:
        counts = ", ".join(count_text(rows, table) for table, rows in self.rows.items() if rows)
        return [
            f"Copied {self.source} to {self.destination} in {self.seconds:.1f} s: "
            f"{counts or 'an empty plan'}.",
            f"Checked: the copy holds the same rows, checksum {self.checksum[:16]}.",
        ]


# How the result names each table's rows: (one, many).
_NOUNS = {
    "team": ("team", "teams"), "person": ("person", "people"),
    "workstream": ("workstream", "workstreams"), "dependency": ("link", "links"),
    "migration": ("migration", "migrations"), "non_working_day": ("non-working day", "non-working days"),
    "history": ("history entry", "history entries"), "snapshot": ("snapshot", "snapshots"),
    "update_request": ("update request", "update requests"),
    "update_request_line": ("row sent for update", "rows sent for update"),
    "update_return": ("update collected", "updates collected"),
    "raid_key": ("RAID key counter", "RAID key counters"),
    "raid_item": ("RAID item", "RAID items"), "raid_link": ("RAID link", "RAID links"),
    "update_request_raid_line": ("RAID item sent for update", "RAID items sent for update"),
}  # fmt: skip


def count_text(rows: int, table: str) -> str:
    """A table's rows in words: "1 team", "297 history entries"."""
    one, many = _NOUNS[table]
    return f"{rows:,} {one if rows == 1 else many}"


def _tables() -> list[Table]:
    return [Base.metadata.tables[name] for name in ORDER]


def _read_all(connection: Connection) -> Rows:
    """Every row of every table, in primary-key order."""
    found = {}
    for table, rows in _read_tuples(connection).items():
        names = [column.name for column in table.columns]
        found[table.name] = [dict(zip(names, row, strict=True)) for row in rows]
    return found


def _read_tuples(connection: Connection) -> Tuples:
    """Every row of every table, in primary-key order, its values in column order as SQLAlchemy
    gives them: each column type's own conversion of what the driver returns, applied here to
    the driver's plain rows, without the cost of SQLAlchemy's result rows."""
    if not connection.in_transaction():
        connection.begin()  # as SQLAlchemy's own execute would: every table in one transaction
    dialect = connection.dialect
    driver = connection.connection.dbapi_connection
    assert driver is not None
    found: Tuples = {}
    for table in _tables():
        statement = str(select(table).order_by(*table.primary_key.columns).compile(dialect=dialect))
        cursor = driver.cursor()
        try:
            cursor.execute(statement)
            kinds = [entry[1] for entry in cursor.description]
            rows = cursor.fetchall()
        finally:
            cursor.close()
        converters = [
            (i, convert)
            for i, (column, kind) in enumerate(zip(table.columns, kinds, strict=True))
            if (convert := column.type.dialect_impl(dialect).result_processor(dialect, kind)) is not None
        ]
        found[table] = [_converted(row, converters) if converters else tuple(row) for row in rows]
    return found


def _converted(row: Sequence[Any], converters: Sequence[tuple[int, Callable[[Any], Any]]]) -> tuple[Any, ...]:
    values = list(row)
    for i, convert in converters:
        values[i] = convert(values[i])
    return tuple(values)


def _canonical(value: Any) -> str:
    if value is None:
        return "\x00"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return hashlib.sha256(bytes(value)).hexdigest()
    return str(value)


def checksum(rows: Mapping[str, Sequence[Mapping[str, Any]]]) -> str:
    """SHA-256 of the content, the same for the same rows whichever engine holds them."""
    return _checksum(_in_column_order(rows))


def _in_column_order(rows: Mapping[str, Sequence[Mapping[str, Any]]]) -> dict[Table, list[Any]]:
    """Each table's rows as tuples of their values in column order."""
    found: dict[Table, list[Any]] = {}
    for table in _tables():
        names = [column.name for column in table.columns]
        take = itemgetter(*names) if len(names) > 1 else lambda row, name=names[0]: (row[name],)
        found[table] = [take(row) for row in rows.get(table.name, ())]
    return found


def _checksum(rows: Mapping[Table, Sequence[Sequence[Any]]]) -> str:
    """``checksum`` of rows whose values are in their table's column order."""
    digest = hashlib.sha256()
    for table in _tables():
        digest.update(f"\x1d{table.name}".encode())
        for row in rows.get(table, ()):
            # _canonical's own answer for text and whole numbers, most of the values, without the call
            values = [
                value if type(value) is str else str(value) if type(value) is int else _canonical(value)
                for value in row
            ]
            digest.update(("\x1e" + "\x1f".join(values)).encode())
    return digest.hexdigest()


# Values of these kinds are equal only when their canonical text is (True == 1 is "1" either way);
# numbers of other kinds are not (1 == 1.0, but "1" is not "1.0").
_EXACT = {str, int, bool, type(None), date, datetime, bytes}


def _same_rows(source: Sequence[Sequence[Any]], copied: Sequence[Sequence[Any]]) -> bool:
    """Whether the rows are equal value for value, and so have the same canonical text."""
    values = itertools.chain.from_iterable
    return source == copied and set(map(type, values(source))) | set(map(type, values(copied))) <= _EXACT


_Writer = Callable[[Connection, Table, Sequence[Sequence[Any]]], None]


def _write_all(connection: Connection, rows: Tuples, write: _Writer) -> None:
    """Insert every row with its id (the destination's tables are empty); ``write`` puts one
    table's rows in, the engine's fastest way (a file: one executemany; a server: COPY)."""
    team = Base.metadata.tables["team"]
    names = [column.name for column in team.columns]
    key, lead = names.index("id"), names.index("lead_id")
    for table in _tables():
        batch: Sequence[Sequence[Any]] = rows[table]
        if table is team:
            batch = [(*row[:lead], None, *row[lead + 1 :]) for row in batch]
        write(connection, table, batch)
    leads = [{"team": row[key], "lead": row[lead]} for row in rows[team] if row[lead] is not None]
    for found in leads:
        connection.execute(update(team).where(team.c.id == found["team"]).values(lead_id=found["lead"]))


def _holds_plan(connection: Connection) -> bool:
    migration = Base.metadata.tables["migration"]
    return bool(connection.execute(select(func.count()).select_from(migration)).scalar())


def _verify(source: Tuples, copied: Tuples, name: str) -> str:
    """The checksum of the copy, read back as ``copied``, when it holds as many rows of each
    table as the source and the same checksum. Rows equal value for value have the same
    checksum: theirs is worked out once, from the source."""
    for table in _tables():
        want, got = len(source[table]), len(copied[table])
        if want != got:
            raise MigrationFileError(
                f"The copy in {name} holds {got:,} {table.name} rows, not {want:,}: "
                "it is not a faithful copy."
            )
    expected = _checksum(source)
    if all(_same_rows(source[table], copied[table]) for table in _tables()):
        return expected
    found = _checksum(copied)
    if expected != found:
        raise MigrationFileError(
            f"The copy in {name} differs from its source (checksum {found[:16]}, not {expected[:16]})."
        )
    return expected


# ---------------------------------------------------------------- reading the source


def read_plan_rows(place: Place, *, password: str | None = None) -> Rows:
    """Every row of the plan at ``place``, read in one transaction."""
    return _reading(place, password, _read_all)


def _reading(place: Place, password: str | None, read: Callable[[Connection], T]) -> T:
    store = (
        server.open_server_store(place, read_only=True, password=password)
        if isinstance(place, ServerAddress)
        else database.open_store(place, read_only=not os.access(place, os.W_OK))
    )
    try:
        with store.engine.connect() as connection:
            try:
                return read(connection)
            finally:
                connection.rollback()
    except MigratorError:
        raise
    except Exception as error:  # the driver's error, said for a person
        raise store.explain(error, reading=True) from None
    finally:
        store.close()


# ---------------------------------------------------------------- writing the copy


def _to_file(rows: Tuples, path: Path, replace: bool) -> str:
    if path.exists() and not replace:
        raise PlanExistsError(
            f"{path} already holds a file; nothing was changed. Use --replace to overwrite it."
        )
    if path.is_dir():
        raise MigrationFileError(f"{path} is a folder; name the file to write.")
    if not path.parent.is_dir():
        raise MigrationFileError(f"The folder {path.parent} does not exist.")
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".copying", dir=path.parent)
    os.close(handle)
    temp = Path(temp_name)
    temp.unlink()
    try:
        with database.new_file_in_place(temp) as store, store.engine.begin() as connection:
            _write_all(connection, rows, sqlite.insert_rows)
        copied = _reading(temp, None, _read_tuples)
        found = _verify(rows, copied, path.name)
        os.replace(temp, path)
    except OSError as error:
        raise MigrationFileError(
            f"{path} could not be written: {error.strerror or error}. Nothing was changed."
        ) from None
    finally:
        temp.unlink(missing_ok=True)
    return found


def _to_server(rows: Tuples, address: ServerAddress, replace: bool, password: str | None) -> str:
    engine = server.server_engine(address, password)
    try:
        with server.connected(address, engine) as connection:
            try:
                with connection.begin():
                    server.lock_for_writing(connection, "copying a plan here")
                    revision = server.schema_revision(connection)
                    if revision is None:
                        server.init_schema(connection, address)
                    elif revision not in database.known_revisions():
                        raise MigrationFileError(
                            f"{address.name} holds a plan written by a newer version of Migrator (schema "
                            f"revision {revision}); nothing was changed. Update Migrator to copy over it."
                        )
                    elif revision != database.head_revision():
                        raise MigrationFileError(
                            f"{address.name} holds a plan at schema revision {revision}; open it once with "
                            "this Migrator (or replace it from an empty database) before copying over it."
                        )
                    elif _holds_plan(connection):
                        if not replace:
                            raise PlanExistsError(
                                f"{address.name} already holds a plan; nothing was changed. "
                                "Use --replace to overwrite it."
                            )
                        for table in reversed(_tables()):
                            connection.execute(delete(table))
                    _write_all(connection, rows, server.copy_rows)
                    server.follow_ids(connection)
                with connection.begin():
                    copied = _read_tuples(connection)
            except MigratorError:
                raise
            except Exception as error:
                if (
                    getattr(getattr(error, "orig", None), "sqlstate", None) == "42501"
                ):  # insufficient_privilege
                    # An editor's role changes rows; creating tables or moving id sequences is the owner's.
                    raise MigratorError(
                        f"Your login may not copy a plan onto {address.name}; nothing was changed. Copying "
                        "a whole plan there takes the rights of the database's owner: ask whoever runs "
                        "the server."
                    ) from None
                raise server.explain(address.name, error, reading=False) from None
    finally:
        engine.dispose()
    return _verify(rows, copied, address.name)


def copy_plan(
    source: Place,
    destination: Place,
    *,
    replace: bool = False,
    source_password: str | None = None,
    destination_password: str | None = None,
) -> CopyResult:
    """Copy the whole plan at ``source`` to ``destination`` and check the copy."""
    if source == destination or (
        isinstance(source, Path)
        and isinstance(destination, Path)
        and destination.exists()
        and source.resolve() == destination.resolve()
    ):
        raise MigrationFileError("The source and the destination are the same plan; nothing was copied.")
    started = time.perf_counter()
    rows = _reading(source, source_password, _read_tuples)
    if isinstance(destination, ServerAddress):
        found = _to_server(rows, destination, replace, destination_password)
    else:
        found = _to_file(rows, destination, replace)
    return CopyResult(
        source=place_name(source) if isinstance(source, ServerAddress) else str(source),
        destination=place_name(destination) if isinstance(destination, ServerAddress) else str(destination),
        rows={table.name: len(rows[table]) for table in _tables()},
        checksum=found,
        seconds=time.perf_counter() - started,
    )
