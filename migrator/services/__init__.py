"""The only way a migration changes: validation, history and one transaction per action.

The service (and SQLAlchemy under it) loads when first named here, so a module that only
needs ``migrator.services.opening`` (the quick read) starts without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from migrator.services.migration_service import MigrationService, NewMigration

__all__ = ["MigrationService", "NewMigration"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from migrator.services import migration_service

        return getattr(migration_service, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
