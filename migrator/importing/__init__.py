"""Reading migration plans exported from MS Project, GanttProject, Jira or Smartsheet."""

from __future__ import annotations

from migrator.importing.plan import (
    ExistingLink,
    ExistingWorkstream,
    ParsedPlan,
    PlanImportError,
    PlanProblem,
    PlanRow,
    read_plan,
)
from migrator.importing.readers import PlanFileError, Table, read_table

__all__ = [
    "ExistingLink",
    "ExistingWorkstream",
    "ParsedPlan",
    "PlanFileError",
    "PlanImportError",
    "PlanProblem",
    "PlanRow",
    "Table",
    "read_plan",
    "read_table",
]
