"""Hand the plan back to another tool: MS Project XML (MS Project, ProjectLibre, GanttProject)
or a CSV in the columns ``import-plan`` reads. The plan is read in one transaction and nothing
in it changes; the file is written beside its target and moved into place only when complete."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from migrator.domain.errors import ValidationError
from migrator.reports.ms_project_xml import write_ms_project_xml
from migrator.reports.plan_content import PlanContent
from migrator.reports.plan_csv import write_plan_csv
from migrator.services.migration_service import MigrationService
from migrator.services.reporting import local_time

__all__ = ["PlanExportResult", "PlanFormat", "export_plan", "plan_content"]


class PlanFormat(enum.StrEnum):
    XML = "xml"  # MS Project XML (MSPDI)
    CSV = "csv"

    @property
    def label(self) -> str:
        return "MS Project XML" if self is PlanFormat.XML else "CSV"


@dataclass(frozen=True)
class PlanExportResult:
    path: Path
    format: PlanFormat
    workstreams: int
    dependencies: int
    teams: int

    def summary(self) -> str:
        return (
            f"Wrote {self.path} ({self.format.label}): {self.workstreams} workstreams in "
            f"{self.teams} teams, {self.dependencies} dependencies"
        )


def export_plan(
    service: MigrationService, path: Path, format: PlanFormat | str | None = None
) -> PlanExportResult:
    """Write the plan to ``path`` as MS Project XML or CSV: ``format``, else by the file's suffix."""
    chosen = plan_format(path, format)
    if path.is_dir():
        raise ValidationError(f"{path} is a folder; give the plan a file name.")
    if not path.parent.is_dir():
        raise ValidationError(f"The folder {path.parent} does not exist; the plan was not exported.")
    content = plan_content(service)
    if chosen is PlanFormat.XML:
        write_ms_project_xml(content, path)
    else:
        write_plan_csv(content, path)
    return PlanExportResult(
        path,
        chosen,
        len(content.workstreams),
        len(content.dependencies),
        len({w.team_id for w in content.workstreams}),
    )


def plan_format(path: Path, format: PlanFormat | str | None = None) -> PlanFormat:
    """The format asked for, else the one the file's suffix names; ValidationError for others."""
    if format is not None:
        try:
            return PlanFormat(str(format).strip().lower().lstrip("."))
        except ValueError:
            raise ValidationError(
                f"A plan is exported as xml (MS Project XML) or csv, not {format!r}."
            ) from None
    suffix = path.suffix.lower()
    if suffix == ".xml":
        return PlanFormat.XML
    if suffix == ".csv":
        return PlanFormat.CSV
    named = f"{suffix}" if suffix else "a file without a suffix"
    raise ValidationError(
        f"A plan is exported as MS Project XML (.xml) or CSV (.csv), not {named}: name the file "
        f"{path.stem}.xml or {path.stem}.csv, or give the format."
    )


def plan_content(service: MigrationService) -> PlanContent:
    """The plan as the writers take it: the plan as read, then the names of its non-working days."""
    plan = service.read_plan()
    migration = plan.migration
    names = service.non_working_days()
    return PlanContent(
        name=migration.name,
        start=migration.start,
        target_go_live=migration.target_go_live,
        teams=plan.teams,
        people=plan.people,
        workstreams=plan.workstreams,
        dependencies=plan.dependencies,
        saved_at=local_time(service.now()),
        working_weekdays=migration.working_weekdays,
        non_working_days={day: names.get(day, "") for day in migration.non_working_dates},
    )
