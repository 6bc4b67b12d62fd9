"""Reading a shared plan quickly: rows in chunks, on two connections in one snapshot.

Rows come in chunks parsed as they arrive (libpq 17's chunked mode): the server sends the next
while this thread parses the last, where a whole result would arrive before the first row is
parsed. 20,000 workstreams are fetched in 35-45 ms instead of 58 ms.

The reading transaction exports its snapshot (``pg_export_snapshot``, as ``pg_dump --jobs``
does); a second connection imports it and runs some of the read's queries in a thread. The
server works on them while the reader's thread builds the rows it already has, and the two
connections see exactly the same plan. Whatever the second connection cannot do is left to
the reader, which runs those queries itself and reports any error as before.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from typing import Any

import psycopg
from sqlalchemy import Engine

_SNAPSHOT_ID = re.compile(r"[0-9A-F]+(-[0-9A-F]+)+")  # what pg_export_snapshot() returns
# Whether this login may export a snapshot (a server can revoke it): asked first, since a refused
# export would abort the reading transaction, and a savepoint cannot export one.
_MAY_EXPORT = (
    "SELECT coalesce(has_function_privilege(to_regprocedure('pg_export_snapshot()'), 'EXECUTE'), false)"
)
# How long the second connection waits for a table lock (only a schema change or a maintenance
# script takes one that stops reads) before leaving its queries to the reader: waiting longer
# could close a cycle the server cannot see (it waits for a locker, which waits for the reader's
# connection, whose thread waits for it), while the reader's own wait is one the server's
# deadlock detection sees.
LOCK_WAIT = "500ms"
CHUNK_ROWS = 1000  # 500-1000 fetched 20,000 workstreams fastest; 5,000 no faster than all at once


class ChunkedRows:
    """A DB-API connection whose cursors fetch their rows in chunks (see the module)."""

    def __init__(self, connection: Any) -> None:
        self._connection = connection

    def cursor(self) -> ChunkedCursor:
        return ChunkedCursor(self._connection.cursor())


class ChunkedCursor:
    """What the plan reader asks of a cursor: execute, fetchall, close."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor
        self._rows: list[Any] = []

    def execute(self, sql: str, /) -> None:
        self._rows = list(self._cursor.stream(sql, size=CHUNK_ROWS))

    def fetchall(self) -> list[Any]:
        rows, self._rows = self._rows, []
        return rows

    def close(self) -> None:
        self._cursor.close()


def chunked(connection: Any) -> Any:
    """``connection``, its rows fetched in chunks where the driver's libpq can."""
    return ChunkedRows(connection) if psycopg.capabilities.has_stream_chunked() else connection


class SnapshotReader:
    """``queries`` run in a thread on another connection of ``engine``, in ``snapshot``."""

    def __init__(self, engine: Engine, snapshot: str, queries: Sequence[str]) -> None:
        self._results: dict[str, Future[Sequence[Any]]] = {query: Future() for query in queries}
        self._thread = threading.Thread(
            target=self._run, args=(engine, snapshot), name="reading beside", daemon=True
        )
        self._thread.start()

    def rows(self, sql: str) -> Sequence[Any] | None:
        """The rows of ``sql`` once read; None if it is not one of the queries, or failed."""
        result = self._results.get(sql)
        if result is None or result.exception() is not None:
            return None
        return result.result()

    def finish(self) -> None:
        """Wait for the thread: the snapshot it imports lives only as long as the reader's transaction."""
        self._thread.join()

    def _run(self, engine: Engine, snapshot: str) -> None:
        pending = list(self._results.values())
        try:
            if not _SNAPSHOT_ID.fullmatch(snapshot):
                raise ValueError(f"not a snapshot id: {snapshot!r}")
            connection = engine.raw_connection()
        except Exception as error:
            for result in pending:
                result.set_exception(error)
            return
        try:
            connection.rollback()  # a fresh transaction: the snapshot is set before any query
            # Whole results: a thread that waits for chunks gives the interpreter lock up at
            # each one and waits to get it back from the reader (slower, measured).
            cursor = connection.cursor()
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_WAIT}'")
            for query, result in self._results.items():
                cursor.execute(query)
                result.set_result(cursor.fetchall())
                pending.remove(result)
        except Exception as error:
            for result in pending:
                result.set_exception(error)
        finally:
            # Closed, not kept in the pool: a window holds no connection it does not use (a
            # login's role may be allowed only a few).
            connection.invalidate()
            connection.close()


@contextmanager
def reading_beside(
    engine: Engine, connection: Any, queries: Sequence[str]
) -> Iterator[SnapshotReader | None]:
    """A SnapshotReader of ``queries`` in the snapshot of ``connection``'s transaction (a
    REPEATABLE READ one, before it ends), waited for when the block ends; None when the login
    may not export snapshots."""
    cursor = connection.cursor()
    try:
        cursor.execute(_MAY_EXPORT)
        ((may_export,),) = cursor.fetchall()
        if may_export:
            cursor.execute("SELECT pg_export_snapshot()")
            ((snapshot,),) = cursor.fetchall()
    finally:
        cursor.close()
    if not may_export:
        yield None
        return
    reader = SnapshotReader(engine, snapshot, queries)
    try:
        yield reader
    finally:
        reader.finish()
