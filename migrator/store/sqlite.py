"""What only SQLite does: the corner a second database engine replaces.

SQLite's ``data_version`` tells whether another connection committed since last asked, and
SQLite's errors are said in words that name the file.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from migrator.domain.errors import FileBusyError, MigrationFileError, MigratorError
from migrator.store.file_probe import says_busy


def data_version(session: Session) -> int:
    """A number that moves whenever another connection commits to the file (never for this one's)."""
    return int(session.connection().exec_driver_sql("PRAGMA data_version").scalar() or 0)


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
