"""The plan of a current migration file read with the standard library, before the service is open.

The window shows it at once and opens the full MigrationService (SQLAlchemy) after its first
paint; the rows map to the domain exactly as the service's own reads do (one reader for both).
"""

from __future__ import annotations

from migrator.store.plan_reader import StoredPlan, read_current_file

__all__ = ["StoredPlan", "read_current_file"]
