"""Opening a migration file for the window: the plan read at once, before the service.

``read_current_file`` reads a current file with the standard library only, so the window
shows it before SQLAlchemy loads, then opens the full MigrationService after its first paint;
the rows map to the domain exactly as the service's own reads do (one reader for both).
"""

from __future__ import annotations

from migrator.store.plan_reader import StoredPlan, read_current_file

__all__ = ["StoredPlan", "read_current_file"]
