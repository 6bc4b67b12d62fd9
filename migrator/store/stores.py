"""An open plan, wherever it lives: what the unit of work and the repositories ask of it.

A migration file (``database.FileStore``) and a shared plan on a PostgreSQL server
(``server.ServerStore``) answer the same questions; what only one engine does stays in its
own class, so nothing above the store knows which engine holds the plan.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from migrator.domain.errors import MigratorError
from migrator.domain.places import Place, ServerAddress, file_of
from migrator.store.plan_reader import RowsBeside

# What a writer announces it is doing, for others who wait for it ("importing a plan").
SAVING = "saving a change"


class MigrationStore(ABC):
    """An open plan: where it is, whether it may change, and its sessions."""

    place: Place
    # What a refusal to write to a read-only plan suggests.
    read_only_advice = "Copy it somewhere writable to edit it."

    def __init__(self, engine: Engine, read_only: bool, backup_path: Path | None = None) -> None:
        self.engine = engine
        self.read_only = read_only
        self.backup_path = backup_path  # set when opening upgraded a file
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def name(self) -> str:
        """How messages name the plan: the file's name, or "database on host"."""
        return self.place.name

    @property
    def shared(self) -> bool:
        """Whether the plan is on a server, where others edit it too (messages name them)."""
        return isinstance(self.place, ServerAddress)

    @property
    def path(self) -> Path:
        """The file, for what only files have (a backup beside them, a folder to save near)."""
        return file_of(self.place)

    @property
    def actor(self) -> str | None:
        """Whom this store's writes must be credited to whatever the program says (a server's
        login role), or None to let the program say (a file)."""
        return None

    def session(self) -> Session:
        return self._sessions()

    @staticmethod
    def dbapi_connection(session: Session) -> Any:
        """The session's own DB-API connection, inside its transaction, for the plan reader's SELECTs."""
        return session.connection().connection

    def reading_connection(self, session: Session) -> Any:
        """The DB-API connection the plan reader's SELECTs run on, in the session's transaction."""
        return self.dbapi_connection(session)

    def rows_beside(
        self, connection: Any, queries: Sequence[str]
    ) -> AbstractContextManager[RowsBeside | None]:
        """``queries`` of a read in ``connection``'s transaction run meanwhile on another
        connection in the same snapshot, where the engine can (a server); else None."""
        return nullcontext()

    def write_options(self) -> dict[str, Any]:
        """Execution options of a writing transaction's connection."""
        return {}

    def ensure_intact(self) -> None:
        """Refuse to write to a plan whose storage is damaged (MigrationFileError)."""
        return None  # nothing to do unless the engine says otherwise

    def begin_writing(self, session: Session, actor: str, activity: str) -> None:
        """Called first in each writing transaction: wait for other writers, and say who this
        one is and what it does (FileBusyError when another holds the plan too long)."""
        return None  # nothing to do unless the engine says otherwise

    def announce(self, session: Session, change_id: int) -> None:
        """Tell other windows of the change about to be committed (a server's notice)."""
        return None  # nothing to do unless the engine says otherwise

    @abstractmethod
    def data_version(self, session: Session, own_changes: frozenset[int] = frozenset()) -> int:
        """A number that moves whenever another connection commits to the plan (the changes
        numbered in ``own_changes`` were this program's: they do not move it)."""

    @abstractmethod
    def explain(self, error: BaseException, *, reading: bool) -> MigratorError:
        """The driver's ``error`` said for a person, naming the plan and what it means for them."""

    def listen(self, heard: Callable[[str], None]) -> Callable[[], None] | None:
        """Call ``heard`` from another thread as soon as another connection commits ("change"),
        when the plan's server goes away ("lost") and when it is back ("back"); return what
        stops listening. None where there is nothing to listen to (a file is watched by polling)."""
        return None

    @abstractmethod
    def reopen(self) -> MigrationStore:
        """Another store on the same plan, with the same credentials (an export's thread)."""

    def close(self) -> None:
        self.engine.dispose()
