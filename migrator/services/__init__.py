"""The only way a migration changes: validation, history and one transaction per action."""

from migrator.services.migration_service import MigrationService, NewMigration

__all__ = ["MigrationService", "NewMigration"]
