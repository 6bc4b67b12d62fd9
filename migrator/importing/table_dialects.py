"""Tables other tools export (MS Project "Save As" CSV/Excel, Jira CSV, Smartsheet): which tool wrote
a table, by its headers, and the SourcePlan it holds, its columns mapped as that tool names them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from migrator.domain import rules
from migrator.domain.errors import ValidationError
from migrator.domain.model import DependencyType, Status
from migrator.importing.dates import (
    AmbiguousDateError,
    Duration,
    OrderFinding,
    amount_in_days,
    find_date_order,
    read_date,
    read_duration,
    scan_date,
    whole_days,
)
from migrator.importing.plan import (
    STATUS_WORDS,
    CellProblemError,
    cell_text,
    header_key,
    parse_milestone,
    parse_progress,
    status_key,
)
from migrator.importing.readers import EMPTY_CELL, Cell, CellValue, SheetRow, Table
from migrator.importing.source_plan import (
    OUTLINE,
    ColumnUse,
    DateOrder,
    ImportChoices,
    SourceFormat,
    SourceLink,
    SourcePerson,
    SourcePlan,
    SourceTask,
)

T = TypeVar("T")
TEAM = "team"  # the field of a column offered as a "Team from" choice

# Field → the headers that mean it in each tool's exports, best first (compared in lower case,
# "_" as a space: MS Project's Excel maps write "Start_Date"). Repeated headers all feed the field.
MS_PROJECT_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "unique_id": ("unique id",),
    "title": ("name", "task name"),
    "active": ("active",),
    "outline_level": ("outline level",),
    "wbs": ("wbs", "outline number"),
    "summary": ("summary",),
    "duration": ("duration",),
    "start": ("start", "start date"),
    "due": ("finish", "finish date"),
    "progress": ("% complete", "percent complete"),
    "owner": ("resource names",),
    "depends_on": ("predecessors",),
    "description": ("notes",),
    "actual_start": ("actual start",),
    "actual_finish": ("actual finish",),
    "baseline_start": ("baseline start",),
    "baseline_due": ("baseline finish",),
    "milestone": ("milestone",),
    TEAM: ("resource group", *(f"text{n}" for n in range(1, 31))),
}
JIRA_FIELDS: dict[str, tuple[str, ...]] = {
    "key": ("issue key",),
    "issue_id": ("issue id",),
    "title": ("summary",),
    "issue_type": ("issue type",),
    "status": ("status",),
    "status_category": ("status category",),
    "owner": ("assignee",),
    "start": ("custom field (start date)", "start date", "custom field (target start)"),
    "due": ("due date", "custom field (target end)"),
    # The issue it sits under: an issue id (Parent id, and Parent in Jira Cloud), a key (Epic Link)
    # or, last, a summary; the first one filled is taken.
    "parent": (
        "parent id",
        "parent",
        "custom field (epic link)",
        "custom field (parent link)",
        "parent summary",
    ),
    "description": ("description",),
    "blocks": ("outward issue link (blocks)",),
    "blocked_by": ("inward issue link (blocks)",),
    TEAM: ("component/s", "labels", "project name", "project key"),
}
SMARTSHEET_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("task name",),
    "row_id": ("row id",),
    "level": ("level", "hierarchy"),
    "parent": ("parent",),
    "duration": ("duration",),
    "start": ("start", "start date"),
    "due": ("finish", "end date", "finish date", "end", "due date"),
    "progress": ("% complete", "percent complete"),
    "owner": ("assigned to",),
    "status": ("status",),
    "depends_on": ("predecessors",),
    "description": ("comments", "notes", "description"),
    "milestone": ("milestone",),
    "baseline_start": ("baseline start",),
    "baseline_due": ("baseline finish",),
    TEAM: (),
}
# What the preview offers for each column of a table of that tool (with "not read").
DIALECT_FIELDS: dict[SourceFormat, tuple[str, ...]] = {
    SourceFormat.MS_PROJECT_TABLE: tuple(MS_PROJECT_FIELDS),
    SourceFormat.JIRA: tuple(JIRA_FIELDS),
    SourceFormat.SMARTSHEET: tuple(SMARTSHEET_FIELDS),
}
_FIELDS = {
    SourceFormat.MS_PROJECT_TABLE: MS_PROJECT_FIELDS,
    SourceFormat.JIRA: JIRA_FIELDS,
    SourceFormat.SMARTSHEET: SMARTSHEET_FIELDS,
}
DATE_FIELDS = ("start", "due", "actual_start", "actual_finish", "baseline_start", "baseline_due")

# Columns never offered as a team: they hold numbers, dates, people or machinery, not groups.
NOT_TEAMS = frozenset(
    {
        "cost", "fixed cost", "actual cost", "baseline cost", "remaining cost", "work", "actual work",
        "remaining work", "baseline work", "critical", "total slack", "free slack", "type",
        "constraint type", "constraint date", "task mode", "priority", "deadline", "indicators",
        "created", "hyperlink", "resource initials", "successors", "unique id predecessors",
        "unique id successors", "status", "status indicator", "% work complete",
        "physical % complete", "effort driven", "task calendar", "estimated", "marked", "rollup",
        "hide bar", "level assignments", "leveling delay", "leveling can split", "recurring",
        "reporter", "creator", "updated", "last viewed", "resolved", "resolution", "environment",
        "watchers", "votes", "original estimate", "remaining estimate", "time spent", "work ratio",
        "security level", "attachment", "sprint", "custom field (rank)", "custom field (development)",
        "custom field (story points)", "custom field (story point estimate)", "modified",
        "created by", "modified by", "attachments", "at risk", "comments", "project type",
        "project lead", "project description", "project url", "affects version/s",
        "fix version/s", "custom field (epic name)", "custom field (epic status)",
        "custom field (epic colour)", "custom field (epic color)", "status category changed",
        "issue type", "resolution date",
    }
)  # fmt: skip
NA = frozenset({"na", "n/a", "nd", "nv"})  # MS Project's "no value" (English, French, German)

STATUS_CATEGORIES: dict[str, Status] = {
    **dict.fromkeys(("to do", "new", "à faire", "a faire", "zu erledigen", "por hacer", "pendiente"),
                    Status.NOT_STARTED),
    **dict.fromkeys(("in progress", "indeterminate", "en cours", "in arbeit", "en curso", "en progreso"),
                    Status.IN_PROGRESS),
    **dict.fromkeys(("done", "complete", "terminé", "terminée", "termine", "fertig", "erledigt",
                     "listo", "hecho", "finalizado"), Status.DONE),
}  # fmt: skip

LINK_TYPES: dict[str, DependencyType] = {
    "FS": DependencyType.FS, "SS": DependencyType.SS, "FF": DependencyType.FF, "SF": DependencyType.SF,
    "FD": DependencyType.FS, "DD": DependencyType.SS, "DF": DependencyType.SF,  # French
    "EA": DependencyType.FS, "AA": DependencyType.SS, "EE": DependencyType.FF, "AE": DependencyType.SF,
    "FC": DependencyType.FS, "CC": DependencyType.SS, "CF": DependencyType.SF,  # Spanish
}  # fmt: skip
PREDECESSOR = re.compile(
    r"^(?P<ref>\d+)\s*(?:(?P<type>[A-Za-z]{2})"
    r"(?:\s*(?P<sign>[+-])\s*(?P<amount>\d+(?:[.,]\d+)?)\s*(?P<unit>%|[^\W\d_]*\.?)\s*\??)?)?$"
)


# ---------------------------------------------------------------- which tool


def detect_dialect(table: Table) -> SourceFormat:
    """Which tool exported ``table``, by its headers (and a Smartsheet workbook by its indented
    first column); MIGRATOR for our own columns and any other table."""
    keys = {header_key(h) for h in table.header if h}
    if _is_jira(keys):
        return SourceFormat.JIRA
    if table.header and any(row.cell(0).indent > 0 for row in table.rows):
        return SourceFormat.SMARTSHEET
    named = bool(keys & {"name", "task name"})
    scheduled = {"predecessors", "duration"} <= keys
    if named and keys & {"outline level", "wbs", "resource names", "unique id"}:
        return SourceFormat.MS_PROJECT_TABLE
    if "task name" in keys and scheduled:
        return SourceFormat.SMARTSHEET
    if named and scheduled:
        return SourceFormat.MS_PROJECT_TABLE
    return SourceFormat.MIGRATOR


JIRA_MARKS = frozenset(
    {"issue id", "issue type", "project key", "status category", "parent id", "reporter", "creator", "sprint"}
)


def _is_jira(keys: set[str]) -> bool:
    """An issue key or id with another header only Jira writes: every Jira export (all fields or
    current fields) has Issue key, Issue id and Issue Type; a sheet of "Issue key, Summary, Start,
    Due date" written by hand is read with our own columns, as it always was."""
    marks = {
        k
        for k in keys
        if k in JIRA_MARKS or k.startswith(("custom field (", "inward issue link (", "outward issue link ("))
    }
    if "issue key" in keys and marks:
        return True
    if "issue id" in keys and marks - {"issue id"}:
        return True
    return {"summary", "issue type"} <= keys


# ---------------------------------------------------------------- columns


class _Columns:
    """The table's columns mapped to one tool's fields: guessed from the headers, or as chosen."""

    def __init__(
        self,
        table: Table,
        fields: dict[str, tuple[str, ...]],
        source: SourcePlan,
        chosen: dict[str, str] | None,
    ) -> None:
        self.header = table.header
        keys = [header_key(h) for h in table.header]
        self.of: dict[str, list[int]] = {}
        taken: set[int] = set()
        for name, header in (chosen or {}).items():
            if name not in fields:
                source.problem(None, None, f'"{name}" is not a field read from {source.format.value} tables.')
            elif not header.strip():
                self.of[name] = []  # "not read"
            elif header_key(header) in fields[name]:
                # One of the tool's own names for the field: read it as guessed, from every column the
                # tool names so (Jira's parent: Parent id, Epic Link and Parent summary together).
                continue
            elif found := [i for i, key in enumerate(keys) if key == header_key(header)]:
                self.of[name] = found
                taken.update(found)
            else:
                source.problem(None, header, f'the file has no column "{header}" to read {name} from.')
                self.of[name] = []
        for name, aliases in fields.items():
            if name in self.of:
                continue
            found = [i for alias in aliases for i, key in enumerate(keys) if key == alias and i not in taken]
            if found:
                self.of[name] = found
                taken.update(found)

    def has(self, name: str) -> bool:
        return bool(self.of.get(name))

    def field_of(self, index: int) -> str | None:
        return next((name for name, found in self.of.items() if index in found), None)

    def cells(self, row: SheetRow, name: str) -> Iterable[tuple[int, Cell]]:
        for index in self.of.get(name, ()):
            yield index, row.cell(index)


@dataclass
class _Reader:
    """Reading one table's rows into a SourcePlan: cells by field, problems where they are."""

    table: Table
    source: SourcePlan
    columns: _Columns
    na_empty: bool = False  # MS Project writes "NA" in an empty date or text cell
    order: DateOrder | None = None
    silenced: set[int] = field(default_factory=set)  # date columns whose ambiguity one problem reports

    def cell(self, row: SheetRow, name: str) -> tuple[str | None, Cell]:
        """The first filled cell of the field (repeated columns: the first filled one), with its header."""
        index, found = self.found(row, name)
        return (None if index is None else self.table.header[index]), found

    def found(self, row: SheetRow, name: str) -> tuple[int | None, Cell]:
        """The first filled cell of the field, with its column."""
        for index in self.columns.of.get(name, ()):
            found = row.cell(index)
            if not self.blank(found.value):
                return index, found
        return None, EMPTY_CELL

    def blank(self, value: CellValue) -> bool:
        if value is None:
            return True
        if isinstance(value, str):
            if not value or value.isspace():
                return True
            # "NA" and its like are three letters at most: longer text is never looked up.
            return self.na_empty and len(value) <= 5 and value.strip().casefold() in NA
        return False

    def text(self, row: SheetRow, name: str) -> str | None:
        _, found = self.cell(row, name)
        text = cell_text(found.value)
        return None if text is None else text.strip()

    def parsed(self, row: SheetRow, name: str, parse: Callable[[Cell], T]) -> T | None:
        header, found = self.cell(row, name)
        if header is None:
            return None
        try:
            return parse(found)
        except CellProblemError as problem:
            self.source.problem(row.number, header, str(problem))
            return None

    def date(self, row: SheetRow, name: str) -> date | None:
        index, found = self.found(row, name)
        if index is None:
            return None
        try:
            return read_date(found.value, self.order)
        except AmbiguousDateError as problem:
            if index not in self.silenced:  # else one problem for the column asks for the order
                self.source.problem(row.number, self.table.header[index], str(problem))
            return None
        except CellProblemError as problem:
            self.source.problem(row.number, self.table.header[index], str(problem))
            return None

    def dates(self, task: SourceTask, row: SheetRow) -> None:
        task.start = self.date(row, "start")
        task.finish = self.date(row, "due")
        task.actual_start = self.date(row, "actual_start")
        task.actual_finish = self.date(row, "actual_finish")
        task.baseline_start = self.date(row, "baseline_start")
        task.baseline_finish = self.date(row, "baseline_due")

    def limited(self, row: SheetRow, name: str, max_length: int = rules.MAX_NAME) -> str | None:
        text = self.text(row, name)
        if text is not None and len(text) > max_length:
            self.source.problem(
                row.number, self.cell(row, name)[0], f"the text is longer than {max_length} characters."
            )
            return None
        return text

    def notes(self, row: SheetRow) -> str | None:
        """The task's notes; notes past the length a workstream keeps are cut, with a notice."""
        text = self.text(row, "description")
        if text is not None and len(text) > rules.MAX_TEXT:
            self.source.notice(
                row.number,
                self.cell(row, "description")[0],
                f"the notes are {len(text):,} characters long: the first {rules.MAX_TEXT:,} are imported.",
            )
            return text[: rules.MAX_TEXT]
        return text


def _choose_date_order(reader: _Reader, choices: ImportChoices) -> None:
    """Read the day/month order from every date of the file together; ask when none proves it."""
    findings: dict[int, OrderFinding] = {}
    for name in DATE_FIELDS:
        for index in reader.columns.of.get(name, ()):
            findings[index] = find_date_order(row.cell(index).value for row in reader.table.rows)
    proofs: dict[DateOrder, tuple[str, str]] = {}
    for index, finding in findings.items():
        for order, text in finding.proofs.items():
            proofs.setdefault(order, (reader.table.header[index], text))
    ambiguous = {i: f.ambiguous for i, f in findings.items() if f.ambiguous is not None}
    if len(proofs) > 1:
        (dmy_column, dmy), (mdy_column, mdy) = proofs["dmy"], proofs["mdy"]
        reader.source.problem(
            None,
            None,
            f'the dates are written in two orders: "{dmy}" ({dmy_column}) is day/month and "{mdy}" '
            f"({mdy_column}) month/day; correct the file so that one order reads them all.",
        )
        reader.order = choices.date_order
        reader.silenced.update(ambiguous)  # that problem stands for every date read two ways
        return
    if proofs:
        reader.order = next(iter(proofs))
        return
    if not ambiguous:
        return
    reader.source.date_order_needed = True
    reader.order = choices.date_order
    if reader.order is not None:
        return
    for index, example in ambiguous.items():
        reader.silenced.add(index)
        reader.source.problem(
            None,
            reader.table.header[index],
            f'dates such as "{example}" can be read day/month or month/day, and no date in the file shows '
            "which: choose the order (--date-order dmy or mdy, or Day/month order in the preview).",
        )


def _team_columns(reader: _Reader, dialect: SourceFormat, chosen: dict[str, str] | None) -> list[int]:
    """The columns offered as "Team from": the tool's grouping columns, then other text columns
    (for Jira only its custom fields) that hold something; a column chosen as team comes first."""
    columns = reader.columns
    found = [i for i in columns.of.get(TEAM, ()) if _filled(reader, i)]
    for index, header in enumerate(reader.table.header):
        key = header_key(header)
        if index in found or not key or columns.field_of(index) is not None or key in NOT_TEAMS:
            continue
        if dialect is SourceFormat.JIRA and not key.startswith("custom field ("):
            continue
        if _holds_text(reader, index):
            found.append(index)
    if chosen and chosen.get(TEAM):
        first = [i for i in found if header_key(reader.table.header[i]) == header_key(chosen[TEAM])]
        found = first + [i for i in found if i not in first]
    return found


def _filled(reader: _Reader, index: int) -> bool:
    return any(not reader.blank(row.cell(index).value) for row in reader.table.rows)


TEXT_SAMPLE = 200  # values looked at to tell a text column from a column of numbers or dates


def _holds_text(reader: _Reader, index: int) -> bool:
    """Some value of the column is words, not a number, a date, a duration, a percentage or yes/no."""
    seen = 0
    for row in reader.table.rows:
        value = row.cell(index).value
        if reader.blank(value):
            continue
        seen += 1
        if seen > TEXT_SAMPLE:
            return False
        if isinstance(value, str) and _is_words(value):
            return True
    return False


YES_NO_WORDS = frozenset({"yes", "no", "true", "false", "oui", "non", "ja", "nein", "sí", "si"})
NUMBERISH = re.compile(r"^[-+]?[$€£¥]?\s*[\d.,\s]+\s*(?:%|[$€£¥])?$")


def _is_words(text: str) -> bool:
    cleaned = text.strip()
    if NUMBERISH.match(cleaned) or cleaned.casefold() in YES_NO_WORDS:
        return False
    for reader in (scan_date, read_duration):
        try:
            reader(cleaned)
        except CellProblemError:
            continue
        return False
    return True


def table_shape(table: Table, dialect: SourceFormat | None = None) -> str:
    """The kind of file ``table`` is, by its tool (``dialect``, else detected) and header names:
    what the coordinator's choices are remembered under, known before any row is read."""
    dialect = dialect or detect_dialect(table)
    keys = [header_key(h) for h in table.header if h]
    if dialect is SourceFormat.MIGRATOR:  # our own columns: every header, repeats kept
        return "migrator:" + "|".join(sorted(keys))
    return f"{dialect.name.lower()}:{'|'.join(sorted(set(keys)))}"


def _new_source(table: Table, dialect: SourceFormat) -> SourcePlan:
    return SourcePlan(
        format=dialect,
        label=dialect.value,
        sheet=table.sheet,
        shape=table_shape(table, dialect),
    )


def read_table_source(
    table: Table, choices: ImportChoices | None = None, dialect: SourceFormat | None = None
) -> SourcePlan:
    """The plan an MS Project, Jira or Smartsheet export holds, its columns guessed by the tool's
    header names unless ``choices.columns`` names them (field → header); ``dialect`` is the tool,
    when detect_dialect already told it."""
    choices = choices or ImportChoices()
    dialect = dialect or detect_dialect(table)
    if dialect not in _FIELDS:
        raise ValueError(
            f"{table.sheet} is not an export of MS Project, Jira or Smartsheet: read it as a plan."
        )
    source = _new_source(table, dialect)
    fields = dict(_FIELDS[dialect])
    if dialect is SourceFormat.SMARTSHEET and not any(header_key(h) in fields["title"] for h in table.header):
        # Smartsheet's primary column holds the task names, whatever it is called.
        fields["title"] = (header_key(table.header[0]),) if table.header else ()
    columns = _Columns(table, fields, source, choices.columns)
    reader = _Reader(table, source, columns, na_empty=dialect is SourceFormat.MS_PROJECT_TABLE)
    if not columns.has("title" if dialect is not SourceFormat.JIRA else "key"):
        wanted = " or ".join(
            f'"{a.title()}"' for a in fields["title" if dialect is not SourceFormat.JIRA else "key"]
        )
        source.problem(
            table.header_row, None, f"no {wanted} column: the {dialect.value} cannot be read without it."
        )
        return source
    _choose_date_order(reader, choices)
    teams = _team_columns(reader, dialect, choices.columns)
    if dialect is SourceFormat.MS_PROJECT_TABLE:
        _read_ms_project(reader, teams)
    elif dialect is SourceFormat.JIRA:
        _read_jira(reader, teams)
    else:
        _read_smartsheet(reader, teams)
    first: dict[str, int] = {}
    for task in source.tasks:  # re-importing matches tasks by these ids: each must be one task's
        if task.source_id in first:
            source.problem(task.position, None, f"{task.source_id} is also on row {first[task.source_id]}.")
        first.setdefault(task.source_id, task.position)
    team_set = set(teams)
    source.columns = [
        ColumnUse(header, TEAM if index in team_set else columns.field_of(index))
        for index, header in enumerate(table.header)
    ]
    outline = [OUTLINE] if any(task.is_summary for task in source.tasks) else []
    source.grouping_choices = outline + list(dict.fromkeys(table.header[i] for i in teams))
    people: dict[str, SourcePerson] = {}
    for task in source.tasks:
        if task.owner is not None and task.owner.casefold() not in people:
            email = task.owner if "@" in task.owner and " " not in task.owner else None
            # MS Project's Resource Group is the group of the task's resources: the owner's, when alone.
            groups = [v for k, v in task.groupings.items() if header_key(k) == "resource group"]
            people[task.owner.casefold()] = SourcePerson(task.owner, email, groups[0] if groups else None)
    source.people = list(people.values())
    return source


def _groupings(reader: _Reader, row: SheetRow, teams: Sequence[int]) -> dict[str, str]:
    found: dict[str, str] = {}
    for index in teams:
        header = reader.table.header[index]
        value = cell_text(row.cell(index).value)
        if header in found or value is None or reader.blank(value):
            continue
        text = value.strip()
        if header_key(header) == "labels":
            text = text.split()[0]  # a task's first label
        found[header] = text
    return found


# ---------------------------------------------------------------- outlines and links


def _outline(reader: _Reader, rows: list[tuple[SheetRow, SourceTask, int]]) -> None:
    """Parents from outline levels, in the order of the rows; a task with children is a summary."""
    stack: list[tuple[int, SourceTask]] = []
    for row, task, level in rows:
        while stack and stack[-1][0] >= level:
            stack.pop()
        above = stack[-1][0] if stack else 0
        if level > above + 1:
            reader.source.problem(
                row.number,
                None,
                f'"{task.name}" is at outline level {level} just below level {above}: a level is missing.',
            )
        task.level = level
        if stack:
            task.parent_id = stack[-1][1].source_id
            stack[-1][1].is_summary = True
        stack.append((level, task))


@dataclass
class _Links:
    """Predecessor cells ("3FS+2 days", "5SS-1d", "4;7", "2FS+50%") read into SourceLinks."""

    reader: _Reader
    by_ref: dict[str, SourceTask]  # what the tool's predecessors refer to (its ID, a row number)
    durations: dict[str, Duration]  # source id → duration, for lags given in percent
    what: str  # how the references are named in messages: "ID", "row"
    seen: set[tuple[str, str, DependencyType]] = field(default_factory=set)

    def read(self, row: SheetRow, successor: SourceTask, text: str) -> None:
        separator = ";" if ";" in text else ","
        column = self.reader.cell(row, "depends_on")[0]
        for token in (t.strip() for t in text.split(separator)):
            if token:
                self._token(row, column, successor, token)

    def _token(self, row: SheetRow, column: str | None, successor: SourceTask, token: str) -> None:
        source = self.reader.source
        found = PREDECESSOR.match(token)
        if found is None:
            if "\\" in token or "/" in token:
                source.notice(
                    row.number, column, f'"{token}" is a link to another project: it is not imported.'
                )
            else:
                source.problem(
                    row.number, column, f'"{token}" is not a predecessor (such as 3, 3FS+2 days or 5SS-1d).'
                )
            return
        ref = found["ref"]
        predecessor = self.by_ref.get(ref)
        if predecessor is None:
            source.notice(
                row.number,
                column,
                f'"{token}": there is no {self.what} {ref} in the file; the link is not imported.',
            )
            return
        if predecessor is successor:
            source.notice(
                row.number, column, f'"{token}" links the task to itself; the link is not imported.'
            )
            return
        link_type = DependencyType.FS
        if found["type"]:
            if found["type"].upper() not in LINK_TYPES:
                source.problem(
                    row.number, column, f'"{token}": "{found["type"]}" is not a link type (FS, SS, FF, SF).'
                )
                return
            link_type = LINK_TYPES[found["type"].upper()]
        lag, approximated = 0, None
        if found["amount"] is not None:
            sign = -1 if found["sign"] == "-" else 1
            amount = float(found["amount"].replace(",", "."))
            if found["unit"] == "%":
                duration = self.durations.get(predecessor.source_id)
                if duration is None:
                    lag = 0
                    approximated = (
                        "a lag in percent of a predecessor without a duration taken as 0 working days"
                    )
                else:
                    lag = sign * whole_days(amount * duration.days / 100)
                    approximated = (
                        f"{found['sign']}{found['amount']}% of the predecessor's {duration.days} days "
                        f"taken as {lag} working days"
                    )
            else:
                try:
                    converted = amount_in_days(amount, found["unit"], token)
                except CellProblemError as problem:
                    source.problem(row.number, column, str(problem))
                    return
                lag, approximated = sign * converted.days, converted.approximated
            try:
                rules.check_lag(lag)
            except ValidationError as error:
                source.problem(row.number, column, f'"{token}": {error}')
                return
        if predecessor.skip_reason is not None:
            source.notice(
                row.number,
                column,
                f'"{token}": {self.what} {ref} is not imported ({predecessor.skip_reason}), nor its link.',
            )
            return
        identity = (predecessor.source_id, successor.source_id, link_type)
        if identity in self.seen:
            return
        self.seen.add(identity)
        source.links.append(
            SourceLink(predecessor.source_id, successor.source_id, link_type, lag, approximated)
        )
        if approximated is not None:
            source.notice(row.number, column, f'link "{token}" → "{successor.name}": {approximated}.')


# ---------------------------------------------------------------- MS Project


@dataclass
class _Row:
    row: SheetRow
    task: SourceTask
    level: int | None
    predecessors: str | None


def _whole(reader: _Reader, row: SheetRow, name: str) -> int | None:
    header, found = reader.cell(row, name)
    text = cell_text(found.value)
    if header is None or text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        reader.source.problem(row.number, header, f'"{text}" is not a whole number.')
        return None


def _owner(reader: _Reader, row: SheetRow, task: SourceTask, several: str) -> str | None:
    """The first of the people assigned, without MS Project's units: "Ann[50%],Bob" → Ann;
    ``several`` names them in the notice saying so."""
    text = reader.text(row, "owner")
    if text is None:
        return None
    names = [re.sub(r"\[.*?\]", "", n).strip() for n in text.split(";" if ";" in text else ",")]
    names = [n for n in names if n]
    if len(names) > 1:
        reader.source.notice(
            row.number,
            reader.cell(row, "owner")[0],
            f'"{task.name}" has {len(names)} {several}: {names[0]} is its owner.',
        )
    return names[0][: rules.MAX_NAME] if names else None


def _read_ms_project(reader: _Reader, teams: Sequence[int]) -> None:
    source, columns = reader.source, reader.columns
    by_id: dict[str, SourceTask] = {}
    durations: dict[str, Duration] = {}
    read: list[_Row] = []
    for count, row in enumerate(reader.table.rows, start=1):
        number = _whole(reader, row, "id")
        number = count if number is None and not columns.has("id") else number
        uid = _whole(reader, row, "unique_id")
        name = reader.limited(row, "title")
        level = _whole(reader, row, "outline_level")
        if level is None and columns.has("wbs") and not columns.has("outline_level"):
            wbs = reader.text(row, "wbs")
            level = wbs.count(".") + 1 if wbs else None
        if level == 0 or (number == 0 and uid in (0, None)):
            source.name = name
            source.start, source.finish = reader.date(row, "start"), reader.date(row, "due")
            source.notice(
                row.number,
                None,
                f'"{name}" is the project summary task: it names the project and is not imported.',
            )
            continue
        if number is None and uid is None:
            source.problem(row.number, reader.cell(row, "id")[0] or "ID", "the task has no ID.")
            continue
        source_id = f"UID {uid}" if uid is not None else f"ID {number}"
        task = SourceTask(position=row.number, source_id=source_id, name=name)
        if number is not None:
            by_id[str(number)] = task
        if name is None:
            task.skip_reason = "a blank (null) task"
        elif reader.parsed(row, "active", lambda c: parse_milestone(c.value)) is False:
            task.skip_reason = "an inactive task"
        if task.skip_reason is not None:
            source.notice(row.number, None, f"{source_id} is {task.skip_reason}: it is not imported.")
        if reader.parsed(row, "summary", lambda c: parse_milestone(c.value)):
            task.is_summary = True
        duration = reader.parsed(row, "duration", lambda c: read_duration(c.value))
        if duration is not None:
            durations[source_id] = duration
            if duration.approximated:
                source.notice(row.number, reader.cell(row, "duration")[0], f"{duration.approximated}.")
        reader.dates(task, row)
        task.progress = reader.parsed(row, "progress", parse_progress)
        task.milestone = reader.parsed(row, "milestone", lambda c: parse_milestone(c.value))
        if task.milestone is None and duration is not None:
            task.milestone = duration.days == 0
        task.owner = _owner(reader, row, task, "resources")
        task.notes = reader.notes(row)
        task.groupings = _groupings(reader, row, teams)
        read.append(
            _Row(
                row,
                task,
                level if columns.has("outline_level") or columns.has("wbs") else 1,
                reader.text(row, "depends_on"),
            )
        )
        source.tasks.append(task)
    _outline(reader, [(r.row, r.task, r.level or 1) for r in read])
    links = _Links(reader, by_id, durations, "ID")
    for r in read:
        if r.predecessors and r.task.skip_reason is None:
            links.read(r.row, r.task, r.predecessors)


# ---------------------------------------------------------------- Jira


def _jira_status(text: str | None) -> Status | None:
    if text is None:
        return None
    word = status_key(text)
    return STATUS_WORDS.get(word) or STATUS_CATEGORIES.get(word)


def _read_jira(reader: _Reader, teams: Sequence[int]) -> None:
    source = reader.source
    keys: dict[str, SourceTask] = {}
    ids: dict[str, SourceTask] = {}
    names: dict[str, list[SourceTask]] = {}
    parents: list[tuple[SheetRow, SourceTask, str]] = []
    links: list[tuple[SheetRow, str, str, str]] = []  # row, predecessor key, successor key, header
    for row in reader.table.rows:
        key = reader.text(row, "key")
        if key is None:
            source.problem(
                row.number, reader.table.header[reader.columns.of["key"][0]], "the issue has no key."
            )
            continue
        key = key.upper()
        if key in keys:
            source.problem(row.number, None, f"{key} is also on row {keys[key].position}: each issue once.")
            continue
        task = SourceTask(
            position=row.number, source_id=key[: rules.MAX_SOURCE_REF], name=reader.limited(row, "title")
        )
        keys[key] = task
        if (issue_id := reader.text(row, "issue_id")) is not None:
            ids[issue_id] = task
        if task.name is not None:
            names.setdefault(task.name.casefold(), []).append(task)
        issue_type = (reader.text(row, "issue_type") or "").casefold()
        task.is_summary = issue_type in {"epic", "épica", "epica", "épopée"}
        task.milestone = True if issue_type in {"milestone", "jalon", "meilenstein", "hito"} else None
        status_text = reader.text(row, "status")
        task.status = _jira_status(status_text) or _jira_status(reader.text(row, "status_category"))
        if task.status is None and status_text is not None:
            source.notice(
                row.number,
                reader.cell(row, "status")[0],
                f'{key}: the status "{status_text}" is not known; it is left empty.',
            )
        task.owner = reader.limited(row, "owner")
        reader.dates(task, row)
        task.notes = reader.notes(row)
        task.groupings = _groupings(reader, row, teams)
        if (parent := reader.text(row, "parent")) is not None:
            parents.append((row, task, parent))
        for header_index, cell in reader.columns.cells(row, "blocks"):
            for other in re.split(r"[,;\s]+", cell_text(cell.value) or ""):
                if other:
                    links.append((row, key, other.upper(), reader.table.header[header_index]))
        for header_index, cell in reader.columns.cells(row, "blocked_by"):
            for other in re.split(r"[,;\s]+", cell_text(cell.value) or ""):
                if other:
                    links.append((row, other.upper(), key, reader.table.header[header_index]))
        source.tasks.append(task)
    for row, task, parent in parents:
        found = keys.get(parent.upper()) or ids.get(parent)
        if found is None and len(names.get(parent.casefold(), [])) == 1:
            found = names[parent.casefold()][0]
        if found is None or found is task:
            source.notice(
                row.number,
                reader.cell(row, "parent")[0],
                f"{task.source_id}: its parent {parent} is not in the file.",
            )
            continue
        task.parent_id = found.source_id
        found.is_summary = True
    _levels(reader, keys)
    seen: set[tuple[str, str]] = set()
    for row, before, after, header in links:
        if before not in keys or after not in keys:
            missing = before if before not in keys else after
            source.notice(
                row.number,
                header,
                f"{missing} is not in the file: the link {before} → {after} is not imported.",
            )
            continue
        if (before, after) not in seen and before != after:
            seen.add((before, after))
            source.links.append(SourceLink(before, after, DependencyType.FS))


def _levels(reader: _Reader, tasks: dict[str, SourceTask]) -> None:
    """Each task's outline level from its parents; a task among its own parents is a problem, and
    the loop is cut there."""
    for task in tasks.values():
        above, seen = task.parent_id, {task.source_id}
        while above is not None and above not in seen:
            seen.add(above)
            above = tasks[above].parent_id
        if above == task.source_id:
            reader.source.problem(task.position, None, f"{task.source_id} is among its own parents.")
            task.parent_id = None
    for task in tasks.values():
        level, above = 1, task.parent_id
        while above is not None:
            level += 1
            above = tasks[above].parent_id
        task.level = level


# ---------------------------------------------------------------- Smartsheet


def _read_smartsheet(reader: _Reader, teams: Sequence[int]) -> None:
    source, columns, table = reader.source, reader.columns, reader.table
    title_index = columns.of["title"][0]
    indented = any(row.cell(title_index).indent > 0 for row in table.rows)
    by_row: dict[str, SourceTask] = {}
    durations: dict[str, Duration] = {}
    read: list[_Row] = []
    parents: list[tuple[SheetRow, SourceTask, str]] = []
    levels = [_whole(reader, row, "level") for row in table.rows] if columns.has("level") else []
    lowest = min((lv for lv in levels if lv is not None), default=1)
    for index, row in enumerate(table.rows):
        number = row.number - table.header_row  # Smartsheet numbers the rows below the header from 1
        row_id = reader.text(row, "row_id")
        source_id = f"Row {row_id or number}"[: rules.MAX_SOURCE_REF]
        task = SourceTask(position=row.number, source_id=source_id, name=reader.limited(row, "title"))
        by_row[str(number)] = task
        if task.name is None:
            task.skip_reason = "a row without a task name"
            source.notice(row.number, None, f"row {number} has no task name: it is not imported.")
        duration = reader.parsed(row, "duration", lambda c: read_duration(c.value))
        if duration is not None:
            durations[source_id] = duration
        reader.dates(task, row)
        task.progress = reader.parsed(row, "progress", parse_progress)
        status_text = reader.text(row, "status")
        task.status = _jira_status(status_text)
        if task.status is None and status_text is not None:
            source.notice(
                row.number,
                reader.cell(row, "status")[0],
                f'the status "{status_text}" is not known; it is left empty.',
            )
        task.milestone = reader.parsed(row, "milestone", lambda c: parse_milestone(c.value))
        if task.milestone is None and duration is not None:
            task.milestone = duration.days == 0
        task.owner = _owner(reader, row, task, "people assigned")
        task.notes = reader.notes(row)
        task.groupings = _groupings(reader, row, teams)
        if indented:
            level: int | None = row.cell(title_index).indent + 1
        elif levels:
            given = levels[index]
            level = None if given is None else given - lowest + 1
        else:
            level = 1
        if columns.has("parent") and not indented and not levels and (parent := reader.text(row, "parent")):
            parents.append((row, task, parent))
        read.append(_Row(row, task, level, reader.text(row, "depends_on")))
        source.tasks.append(task)
    if indented or levels:
        _outline(reader, [(r.row, r.task, r.level or 1) for r in read])
    elif parents:
        _parents_by_column(reader, by_row, parents)
    else:
        source.notice(
            None,
            None,
            "the sheet has no hierarchy (a Smartsheet CSV export keeps none; its Excel export keeps the "
            "indentation): every row is read as a task.",
        )
    links = _Links(reader, by_row, durations, "row")
    for r in read:
        if r.predecessors and r.task.skip_reason is None:
            links.read(r.row, r.task, r.predecessors)


def _parents_by_column(
    reader: _Reader, by_row: dict[str, SourceTask], parents: list[tuple[SheetRow, SourceTask, str]]
) -> None:
    """A "Parent" column names each row's parent by its row number or its task name."""
    by_name: dict[str, list[SourceTask]] = {}
    for task in by_row.values():
        if task.name is not None:
            by_name.setdefault(task.name.casefold(), []).append(task)
    for row, task, parent in parents:
        found = by_row.get(parent)
        if found is None and len(by_name.get(parent.casefold(), [])) == 1:
            found = by_name[parent.casefold()][0]
        if found is None or found is task:
            reader.source.notice(
                row.number, reader.cell(row, "parent")[0], f'the parent "{parent}" is not a row of the sheet.'
            )
            continue
        task.parent_id = found.source_id
        found.is_summary = True
    _levels(reader, {t.source_id: t for t in by_row.values()})
