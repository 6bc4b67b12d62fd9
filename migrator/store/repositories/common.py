"""What every repository shares: finding rows by id, and saying an id is not in the file."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from migrator.domain.errors import NotFoundError
from migrator.store.unit_of_work import UnitOfWork, UnitOfWorkFactory

IN_CHUNK = 500  # ids per IN (...) query


def gone(what: str, row_id: int | None, *, shared: bool = False) -> NotFoundError:
    """An item asked for by id is not in the plan: a window showing it is behind the plan."""
    if shared:
        return NotFoundError(
            f"There is no {what} with id {row_id} in the plan; another coordinator may have removed it."
        )
    return NotFoundError(
        f"There is no {what} with id {row_id} in the file; it may have been removed in another window."
    )


def get(session: Session, model: type[Any], row_id: int | None, what: str) -> Any:
    row = session.get(model, row_id) if row_id is not None else None
    if row is None:
        raise gone(what, row_id, shared=session.get_bind().dialect.name == "postgresql")
    return row


def rows_by_id(session: Session, model: type[Any], ids: Iterable[int]) -> list[Any]:
    wanted = sorted(set(ids))
    return [
        row
        for start in range(0, len(wanted), IN_CHUNK)
        for row in session.scalars(select(model).where(model.id.in_(wanted[start : start + IN_CHUNK])))
    ]


class Repository:
    """Reads in a session of their own (or the open unit's); writes in the open unit of work."""

    def __init__(self, units: UnitOfWorkFactory) -> None:
        self.units = units

    @property
    def file_name(self) -> str:
        return self.units.store.name

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self.units.reading() as session:
            yield session

    @contextmanager
    def reading_rows(self) -> Iterator[Any]:
        """The DB-API connection the plan reader's SELECTs run on."""
        with self.units.reading() as session:
            yield self.units.store.reading_connection(session)

    @property
    def unit(self) -> UnitOfWork:
        return self.units.unit()

    @property
    def session(self) -> Session:
        return self.units.unit().session

    def flush(self) -> None:
        """Write what the open unit holds so far (the rows later checks look for)."""
        self.session.flush()
