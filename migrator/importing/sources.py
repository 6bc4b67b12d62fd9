"""Which reader a plan file needs (MS Project XML, GanttProject, a table of some tool or our own
columns), and the rows it gives under the coordinator's choices."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from migrator.importing.ganttproject import read_ganttproject
from migrator.importing.ms_project_xml import read_ms_project_xml
from migrator.importing.plan import ParsedPlan, PlanProblem, match_columns, parse_rows
from migrator.importing.readers import PlanFileError, Table, read_table
from migrator.importing.source_mapping import plan_from_source
from migrator.importing.source_plan import ColumnUse, ImportChoices, SourceFormat, SourcePlan
from migrator.importing.table_dialects import TEAM, detect_dialect, read_table_source, table_shape

XML_SUFFIXES = (".xml", ".mpp", ".mpt", ".mpx")  # the binary ones are refused by the reader, with help
GANTTPROJECT_SUFFIXES = (".gan",)


def read_source(path: str | os.PathLike[str], sheet: str | None = None) -> SourcePlan | Table:
    """The plan file as its tool wrote it: a SourcePlan for MS Project XML and GanttProject, a
    Table for CSV and .xlsx (whose reading depends on the choices: see plan_of).

    Raises PlanFileError (or NotAPlanError) when the file cannot be read as a plan."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in XML_SUFFIXES or suffix in GANTTPROJECT_SUFFIXES:
        if sheet is not None and path.is_file():
            raise PlanFileError(
                f"{path.name} is not a workbook: it has no sheets, so --sheet does not apply."
            )
        if suffix in GANTTPROJECT_SUFFIXES:
            return read_ganttproject(path)
        return read_ms_project_xml(path)
    return read_table(path, sheet)


def plan_of(found: SourcePlan | Table, choices: ImportChoices | None = None) -> ParsedPlan:
    """The rows to import from what read_source found, under ``choices`` (None: as guessed).

    A table exported by MS Project, Jira or Smartsheet is read as that tool's plan; our own
    columns (and a table of no known tool) are read as they always were. The ParsedPlan always
    carries a SourcePlan (for our own columns, one with no tasks that records the columns as
    mapped) and the choices as used."""
    choices = choices or ImportChoices()
    if isinstance(found, SourcePlan):
        return plan_from_source(found, choices)
    dialect = detect_dialect(found)
    if dialect is SourceFormat.MIGRATOR:
        return _migrator_plan(found, choices)
    source = read_table_source(found, choices, dialect)
    plan = plan_from_source(source, choices)
    guessed = {use.field: use.source for use in source.columns if use.field and use.field != TEAM}
    plan.choices = replace(plan.choices or choices, columns={**guessed, **(choices.columns or {})} or None)
    return plan


def _migrator_plan(table: Table, choices: ImportChoices) -> ParsedPlan:
    """Our own columns (or a table of no known tool's shape): today's reading, with the
    coordinator's column choices overriding the guessed ones."""
    plan = parse_rows(table, choices.columns)
    if choices.team_from is not None:
        plan.notices.append(
            PlanProblem(
                table.sheet, None, None,
                f'teams are not taken from "{choices.team_from}": this plan names them in its team '
                "column (choose another column for them with --column team=HEADER).",
            )
        )  # fmt: skip
    try:
        used = match_columns(table.header, choices.columns)
    except ValueError:
        used = match_columns(table.header)
    field_at = {index: name for name, index in used.items()}
    plan.source = SourcePlan(
        SourceFormat.MIGRATOR,
        SourceFormat.MIGRATOR.value,
        table.sheet,
        columns=[ColumnUse(text, field_at.get(index)) for index, text in enumerate(table.header) if text],
        shape=table_shape(table, SourceFormat.MIGRATOR),
    )
    plan.choices = ImportChoices(
        team_from=None,
        date_order=choices.date_order,
        columns={name: table.header[index] for name, index in used.items()},
    )
    return plan
