"""Understanding a plan table: headers and aliases, cell values, predecessors and problems."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from migrator.domain import rules
from migrator.domain.errors import MigratorError, ValidationError
from migrator.domain.graph import find_loops
from migrator.domain.model import DependencyType, Status
from migrator.importing.readers import Cell, CellValue, SheetRow, Table

if TYPE_CHECKING:
    from migrator.importing.source_plan import ImportChoices, SourcePlan

# ---------------------------------------------------------------- problems


@dataclass(frozen=True)
class PlanProblem:
    """One thing wrong with a plan, where a coordinator can find it in the spreadsheet."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.sheet]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


class PlanImportError(MigratorError):
    """The plan has problems; nothing was changed. ``problems`` lists every one of them."""

    def __init__(self, problems: Sequence[PlanProblem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        head = f"The plan has {count} problem{'s' if count != 1 else ''}; nothing was changed."
        super().__init__("\n".join([head, *(str(p) for p in self.problems)]))


# ---------------------------------------------------------------- columns

# Field → header names that mean it (ours first, then MS Project, GanttProject, Jira, Smartsheet).
ALIASES: dict[str, tuple[str, ...]] = {
    "key": ("key", "id", "unique id", "wbs", "issue key"),
    "team": ("team", "group"),
    "title": ("workstream", "title", "name", "task", "task name", "summary"),
    "owner": ("owner", "assignee", "resource names", "coordinator"),
    "status": ("status",),
    "start": ("start", "begin date", "start date"),
    "due": ("due", "finish", "end", "end date", "due date"),
    "progress": ("progress", "% complete", "completion"),
    "milestone": ("milestone",),
    "depends_on": ("depends on", "predecessors"),
    "description": ("description", "notes"),
    "actual_start": ("actual start",),
    "actual_finish": ("actual finish",),
    "baseline_start": ("baseline start",),
    "baseline_due": ("baseline due", "baseline finish"),
}
REQUIRED = ("title",)


def header_key(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


def match_columns(header: Sequence[str], chosen: Mapping[str, str] | None = None) -> dict[str, int]:
    """Field → column index; when several headers mean one field, the earlier alias wins
    (MS Project's ID over its Unique ID, since predecessors refer to the ID).

    ``chosen`` (field → header, as the coordinator mapped them) overrides the guess: a header
    chosen for one field no longer feeds the field it was guessed for, and an empty header
    ("") leaves the field unread. Raises ValueError for a field or header the table lacks."""
    positions = {header_key(text): index for index, text in reversed(list(enumerate(header))) if text}
    columns: dict[str, int] = {}
    for name, aliases in ALIASES.items():
        for alias in aliases:
            if alias in positions:
                columns[name] = positions[alias]
                break
    for name, text in (chosen or {}).items():
        if name not in ALIASES:
            raise ValueError(f'"{name}" is not a field a plan column can feed ({", ".join(ALIASES)}).')
        if not text.strip():
            columns.pop(name, None)
            continue
        if header_key(text) not in positions:
            raise ValueError(
                f'the plan has no column "{text}" (its columns: {", ".join(h for h in header if h)}).'
            )
        index = positions[header_key(text)]
        for other in [guessed for guessed, at in columns.items() if at == index]:
            del columns[other]
        columns[name] = index
    return columns


# ---------------------------------------------------------------- values

STATUS_WORDS: dict[str, Status] = {
    **{s.value.replace("_", " "): s for s in Status},
    "to do": Status.NOT_STARTED, "todo": Status.NOT_STARTED, "open": Status.NOT_STARTED,
    "new": Status.NOT_STARTED, "backlog": Status.NOT_STARTED,
    "doing": Status.IN_PROGRESS, "wip": Status.IN_PROGRESS, "in review": Status.IN_PROGRESS,
    "started": Status.IN_PROGRESS, "active": Status.IN_PROGRESS,
    "complete": Status.DONE, "completed": Status.DONE, "closed": Status.DONE,
    "resolved": Status.DONE, "finished": Status.DONE,
    "on hold": Status.BLOCKED, "waiting": Status.BLOCKED,
    "canceled": Status.CANCELLED, "won't do": Status.CANCELLED, "wont do": Status.CANCELLED,
    "dropped": Status.CANCELLED,
}  # fmt: skip
YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0"}
ISO_DATE = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)

PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")  # 40, 40.5, 40,5 (no exponent, no "inf")
# 1,000 / 1.000 / 1 000 / 12.345,5: digits in groups of three, as thousands are written.
GROUPED_NUMBER = re.compile(r"^[+-]?[1-9]\d{0,2}(?:[,.\s]\d{3})+(?:[.,]\d+)?$")


class CellProblemError(ValueError):
    """A cell's value does not fit its column; the message is for the coordinator."""


def cell_text(value: CellValue) -> str | None:
    """Text as given (never evaluated); whole numbers lose their '.0'; None when blank."""
    if value is None:
        return None
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime):
        text = value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = str(value)
    return text if text.strip() else None


def parse_date(value: CellValue) -> date | None:
    if isinstance(value, datetime):
        return plausible(value.date())
    if isinstance(value, date):
        return plausible(value)
    text = cell_text(value)
    if text is None:
        return None
    cleaned = text.strip()
    if not ISO_DATE.match(cleaned):
        raise CellProblemError(f'"{text}" is not a date (use YYYY-MM-DD).')
    try:
        day = datetime.fromisoformat(cleaned).date() if len(cleaned) > 10 else date.fromisoformat(cleaned)
    except ValueError:
        raise CellProblemError(f'"{text}" is not a real date.') from None
    return plausible(day)


def plausible(day: date) -> date:
    if day.year not in rules.PLAUSIBLE_YEARS:
        first, last = rules.PLAUSIBLE_YEARS.start, rules.PLAUSIBLE_YEARS.stop - 1
        raise CellProblemError(
            f"{day.isoformat()} looks like a typo: plan dates fall between {first} and {last}."
        )
    return day


def status_key(text: str) -> str:
    """A status as written, folded the way STATUS_WORDS spells its keys ("Won’t-do" → "won't do")."""
    return " ".join(text.replace("_", " ").replace("-", " ").replace("’", "'").split()).casefold()


def parse_status(value: CellValue) -> Status | None:
    text = cell_text(value)
    if text is None:
        return None
    word = status_key(text)
    if word in STATUS_WORDS:
        return STATUS_WORDS[word]
    choices = ", ".join(s.value.replace("_", " ") for s in Status)
    raise CellProblemError(f'"{text}" is not a status (use {choices}).')


def parse_progress(cell: Cell) -> int | None:
    """A percentage from 0 to 100: a number (a "%"-formatted cell holds a fraction) or text like
    "40", "40 %", "12,5". Refused: infinities and NaN, and "1,000", "1.000" or "1 000", which
    read as one thousand to some and as one to others."""
    value = cell.value
    if isinstance(value, bool):
        raise CellProblemError(f'"{cell_text(value)}" is not a percentage.')
    if isinstance(value, int | float):
        number = value * (100 if "%" in (cell.number_format or "") else 1)
    else:
        text = cell_text(value)
        if text is None:
            return None
        cleaned = text.strip().rstrip("%").strip()
        if GROUPED_NUMBER.match(cleaned):
            raise CellProblemError(
                f'"{text}" is ambiguous: it reads as a thousand or more, or as a decimal; '
                "write the percentage from 0 to 100 without a thousands separator (e.g. 40 or 40.5)."
            )
        if not PLAIN_NUMBER.match(cleaned):
            raise CellProblemError(f'"{text}" is not a percentage (use a number from 0 to 100).')
        number = float(cleaned.replace(",", "."))
    if isinstance(number, float) and not math.isfinite(number):
        raise CellProblemError(f'"{cell_text(value)}" is not a percentage (use a number from 0 to 100).')
    if not -1000 < number < 1000:  # its digits would fill the screen
        raise CellProblemError("Progress must be from 0 to 100 percent, not a number that large.")
    try:
        return rules.check_progress(round(number))
    except ValidationError as error:
        raise CellProblemError(str(error)) from None


def parse_milestone(value: CellValue) -> bool | None:
    if isinstance(value, bool):
        return value
    text = cell_text(value)
    if text is None:
        return None
    word = text.strip().casefold()
    if word in YES:
        return True
    if word in NO:
        return False
    raise CellProblemError(f'"{text}" is not yes or no.')


# ---------------------------------------------------------------- predecessors

LINK_SUFFIX = re.compile(
    r"^(?P<ref>.*)\s*(?P<type>FS|SS|FF|SF)"  # the last type in the token: team codes may hold one (OFS-3SS)
    r"(?:\s*(?P<sign>[+-])\s*(?P<amount>\d+(?:[.,]\d+)?)\s*(?P<unit>[^\d\s].*?)?)?\s*$",
    re.IGNORECASE,
)
DAY_UNITS = {"", "d", "day", "days", "dy", "dys"}
WEEK_UNITS = {"w", "wk", "wks", "week", "weeks"}
ELAPSED_UNITS = {"ed", "eday", "edays", "edy", "edys", "elapsed day", "elapsed days", "ew", "ewk", "eweeks"}


@dataclass(frozen=True)
class LinkSpec:
    """A parsed predecessor: what it refers to, the link type and the lag in working days."""

    reference: str
    type: DependencyType
    lag: int


def split_predecessors(text: str) -> list[str]:
    return [token.strip() for token in re.split(r"[,;]", text) if token.strip()]


def parse_link_suffix(token: str) -> LinkSpec | None:
    """``BNK-3FS+2d`` → (BNK-3, FS, 2); None when the token has no trailing type.

    Raises CellProblemError for a lag that cannot be a whole number of working days."""
    match = LINK_SUFFIX.match(token)
    if match is None or not match.group("ref").strip():
        return None
    link_type = DependencyType(match.group("type").upper())
    lag = 0
    if match.group("amount") is not None:
        amount_text = match.group("amount").replace(",", ".")
        unit = " ".join((match.group("unit") or "").casefold().rstrip(".").split())
        if unit in ELAPSED_UNITS:
            raise CellProblemError(
                f'"{token}": elapsed-day lags are not supported; give the lag in working days.'
            )
        if unit in DAY_UNITS:
            factor = 1
        elif unit in WEEK_UNITS:
            factor = 5
        else:
            raise CellProblemError(f'"{token}": the lag unit "{unit}" is not days or weeks.')
        amount = float(amount_text)
        if not amount.is_integer():
            raise CellProblemError(f'"{token}": the lag must be a whole number of days, not {amount_text}.')
        lag = int(amount) * factor * (-1 if match.group("sign") == "-" else 1)
        try:
            rules.check_lag(lag)
        except ValidationError as error:
            raise CellProblemError(f'"{token}": {error}') from None
    return LinkSpec(match.group("ref").strip(), link_type, lag)


# ---------------------------------------------------------------- rows


@dataclass
class PlanRow:
    """One workstream as the plan states it; None means the cell (or column) is empty."""

    number: int
    key: str | None = None  # our format, normalised
    source_ref: str | None = None  # any other identifier (MS Project ID, WBS)
    team: str | None = None
    title: str | None = None
    owner: str | None = None
    status: Status | None = None
    start: date | None = None
    due: date | None = None
    progress: int | None = None
    milestone: bool | None = None
    description: str | None = None
    predecessors: list[str] | None = None  # raw tokens; None when there is no Depends on column
    actual_start: date | None = None
    actual_finish: date | None = None
    baseline_start: date | None = None
    baseline_due: date | None = None
    # A tool's links, already structured: references are the predecessors' source ids ("UID 3").
    # None when the source states no links for the row (its current links are then kept).
    source_links: list[LinkSpec] | None = None
    team_code: str | None = None  # the team's code when a Migrator export carries it ("BNK")
    # Filled by resolve_plan:
    existing_key: str | None = None  # the workstream in the file this row updates
    links: list[ResolvedLink] = field(default_factory=list)

    @property
    def is_new(self) -> bool:
        return self.existing_key is None

    @property
    def states_links(self) -> bool:
        """The row lists its predecessors (maybe none): its links become exactly those."""
        return self.predecessors is not None or self.source_links is not None


@dataclass(frozen=True)
class ResolvedLink:
    """A predecessor of a row: an existing key (str) or the index of a new plan row (int)."""

    predecessor: str | int
    type: DependencyType
    lag: int


@dataclass
class ParsedPlan:
    sheet: str
    header: dict[str, str]  # field → header text as written in the plan
    rows: list[PlanRow]
    problems: list[PlanProblem]
    notices: list[PlanProblem] = field(default_factory=list)  # handled, and reported (approximated…)
    skipped: list[str] = field(default_factory=list)  # what was not imported, with the reason
    source: SourcePlan | None = None  # the tool's plan the rows were made from
    choices: ImportChoices | None = None  # the choices the rows were made under, guesses filled in

    def has(self, column: str) -> bool:
        return column in self.header

    def problem(self, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(
            PlanProblem(self.sheet, row, self.header.get(column, column) if column else None, message)
        )


def parse_rows(table: Table, chosen: Mapping[str, str] | None = None) -> ParsedPlan:
    """Cell by cell: every value that does not fit its column becomes a positioned problem.

    ``chosen`` (field → header) overrides the guessed columns (see match_columns)."""
    try:
        columns = match_columns(table.header, chosen)
    except ValueError as error:
        plan = ParsedPlan(table.sheet, {}, [], [])
        plan.problem(table.header_row, None, str(error))
        return plan
    header = {name: table.header[index] for name, index in columns.items()}
    plan = ParsedPlan(table.sheet, header, [], [])
    if not table.header:
        plan.problem(None, None, "the sheet is empty: it needs a header row and one row per workstream.")
        return plan
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        names = " / ".join(a.title() for a in ALIASES["title"][:5])
        plan.problem(
            table.header_row,
            None,
            f"no Workstream column: one of {names} is needed for the workstream titles "
            f"(headers found: {', '.join(h for h in table.header if h)}).",
        )
        return plan
    if not table.rows:
        plan.problem(None, None, "the sheet has a header but no workstream rows.")
        return plan
    for sheet_row in table.rows:
        plan.rows.append(_parse_row(plan, columns, sheet_row))
    return plan


def _parse_row(plan: ParsedPlan, columns: Mapping[str, int], sheet_row: SheetRow) -> PlanRow:
    row = PlanRow(sheet_row.number)
    for name, index in columns.items():
        if sheet_row.cell(index).not_a_number:  # another program wrote "NaN" or "INF" as a number
            value = sheet_row.cell(index).value
            plan.problem(row.number, name, f'"{value}" is not a number, though the cell is stored as one.')

    def cell(name: str) -> Cell | None:
        found = sheet_row.cell(columns[name]) if name in columns else None
        return None if found is None or found.not_a_number else found

    def text(name: str, max_length: int = rules.MAX_NAME) -> str | None:
        found = cell(name)
        value = cell_text(found.value) if found else None
        if value is not None and len(value.strip()) > max_length:
            plan.problem(row.number, name, f"the text is longer than {max_length} characters.")
            return None
        return value

    key_cell = cell("key")
    key_text = cell_text(key_cell.value) if key_cell else None
    if key_text is not None:
        if rules.is_workstream_key(key_text):
            row.key = rules.normalise_key(key_text)
        elif len(key_text.strip()) > 100:
            plan.problem(row.number, "key", "an identifier is at most 100 characters long.")
        else:
            row.source_ref = key_text.strip()
    row.team = text("team")
    row.title = text("title")
    row.owner = text("owner")
    row.description = text("description", rules.MAX_TEXT)
    parsers = (
        ("status", lambda c: parse_status(c.value)),
        ("start", lambda c: parse_date(c.value)),
        ("due", lambda c: parse_date(c.value)),
        ("progress", parse_progress),
        ("milestone", lambda c: parse_milestone(c.value)),
        ("actual_start", lambda c: parse_date(c.value)),
        ("actual_finish", lambda c: parse_date(c.value)),
        ("baseline_start", lambda c: parse_date(c.value)),
        ("baseline_due", lambda c: parse_date(c.value)),
    )
    for name, parser in parsers:
        found = cell(name)
        if found is None:
            continue
        try:
            setattr(row, name, parser(found))
        except CellProblemError as problem:
            plan.problem(row.number, name, str(problem))
    if "depends_on" in columns:
        depends = text("depends_on", rules.MAX_TEXT)
        row.predecessors = split_predecessors(depends) if depends else []
    return row


# ---------------------------------------------------------------- against the file


@dataclass(frozen=True)
class ExistingWorkstream:
    key: str
    title: str
    source_ref: str | None
    planned_start: date | None
    planned_due: date | None
    is_milestone: bool


@dataclass(frozen=True)
class ExistingLink:
    predecessor_key: str
    successor_key: str
    type: DependencyType
    lag: int


def resolve_plan(
    plan: ParsedPlan, workstreams: Iterable[ExistingWorkstream], links: Iterable[ExistingLink]
) -> ParsedPlan:
    """Match rows to the file's workstreams, resolve predecessors, check rules and loops.

    Problems are appended to ``plan.problems``; rows get ``existing_key`` and ``links``."""
    existing = {ws.key: ws for ws in workstreams}
    by_ref: dict[str, str] = {}
    for ws in existing.values():
        if ws.source_ref:
            by_ref.setdefault(ws.source_ref.casefold(), ws.key)
    _match_rows(plan, existing, by_ref)
    _check_rows(plan, existing)
    if any(row.states_links for row in plan.rows):
        _resolve_links(plan, existing, by_ref, list(links))
    return plan


def _match_rows(
    plan: ParsedPlan, existing: Mapping[str, ExistingWorkstream], by_ref: Mapping[str, str]
) -> None:
    seen: dict[str, int] = {}
    for row in plan.rows:
        if row.key is not None:
            identity = row.key
            row.existing_key = row.key if row.key in existing else None
        elif row.source_ref is not None:
            identity = "ref:" + row.source_ref.casefold()
            row.existing_key = by_ref.get(row.source_ref.casefold())
        else:
            continue
        if row.existing_key is not None:
            identity = row.existing_key
        if identity in seen:
            shown = row.key or row.source_ref
            plan.problem(row.number, "key", f"{shown} is also on row {seen[identity]}: each workstream once.")
        else:
            seen[identity] = row.number


def _check_rows(plan: ParsedPlan, existing: Mapping[str, ExistingWorkstream]) -> None:
    for row in plan.rows:
        label = row.key or row.existing_key or "The workstream"
        if row.is_new and row.title is None:
            plan.problem(row.number, "title", "the title cannot be empty.")
        elif row.title is not None:
            try:
                rules.require_text(row.title, "The title")
            except ValidationError as error:
                plan.problem(row.number, "title", str(error))
        before = existing.get(row.existing_key) if row.existing_key else None
        start = row.start if row.start is not None else (before.planned_start if before else None)
        due = row.due if row.due is not None else (before.planned_due if before else None)
        milestone = row.milestone if row.milestone is not None else bool(before and before.is_milestone)
        try:
            rules.check_dates(start, due, is_milestone=milestone, label=label)
        except ValidationError as error:
            plan.problem(row.number, "due" if plan.has("due") else "start", str(error))


def _resolve_links(
    plan: ParsedPlan,
    existing: Mapping[str, ExistingWorkstream],
    by_ref: Mapping[str, str],
    links: list[ExistingLink],
) -> None:
    # Nodes: existing keys (str) and new plan rows (their index, int).
    node_of_row: list[str | int] = [row.existing_key or index for index, row in enumerate(plan.rows)]
    keys: dict[str, str | int] = {key: key for key in existing}
    refs: dict[str, str | int] = dict(by_ref)
    titles: dict[str, set[str | int]] = defaultdict(set)
    retitled = {row.existing_key for row in plan.rows if row.existing_key and row.title is not None}
    for ws in existing.values():
        if ws.key not in retitled:
            titles[ws.title.strip().casefold()].add(ws.key)
    for index, row in enumerate(plan.rows):
        node = node_of_row[index]
        if row.key is not None:
            keys[row.key] = node
        if row.source_ref is not None:
            refs[row.source_ref.casefold()] = node
        if row.title is not None:
            titles[row.title.strip().casefold()].add(node)

    def lookup(text: str) -> set[str | int]:
        cleaned = text.strip()
        if rules.is_workstream_key(cleaned) and cleaned.upper() in keys:
            return {keys[cleaned.upper()]}
        if cleaned.casefold() in refs:
            return {refs[cleaned.casefold()]}
        return set(titles.get(cleaned.casefold(), set()))

    for index, row in enumerate(plan.rows):
        seen: set[str | int] = set()
        for spec in row.source_links or []:
            target = refs.get(spec.reference.casefold())
            if target is None:
                plan.problem(
                    row.number, "depends_on", f'"{spec.reference}" is not a task of the plan or the file.'
                )
            elif target == node_of_row[index]:
                plan.problem(row.number, "depends_on", f'"{spec.reference}" is this task itself.')
            elif target not in seen:  # a link the tool repeats is one link
                seen.add(target)
                row.links.append(ResolvedLink(target, spec.type, spec.lag))
        for token in row.predecessors or []:
            found = lookup(token)
            spec = LinkSpec(token, DependencyType.FS, 0)
            if not found:
                try:
                    suffixed = parse_link_suffix(token)
                except CellProblemError as problem:
                    plan.problem(row.number, "depends_on", str(problem))
                    continue
                if suffixed is not None:
                    found, spec = lookup(suffixed.reference), suffixed
            if not found:
                plan.problem(
                    row.number,
                    "depends_on",
                    f'"{token}" is not a key, ID or title of a workstream in the plan or the file.',
                )
                continue
            if len(found) > 1:
                plan.problem(
                    row.number,
                    "depends_on",
                    f'"{spec.reference}" is the title of {len(found)} workstreams; use a key.',
                )
                continue
            target = next(iter(found))
            if target == node_of_row[index]:
                plan.problem(row.number, "depends_on", f'"{token}" is this workstream itself.')
            elif target in seen:
                plan.problem(row.number, "depends_on", f'"{token}" is listed twice.')
            else:
                seen.add(target)
                row.links.append(ResolvedLink(target, spec.type, spec.lag))
    _check_loops(plan, node_of_row, links)


def _check_loops(plan: ParsedPlan, node_of_row: list[str | int], links: list[ExistingLink]) -> None:
    replaced = {node for node in node_of_row if isinstance(node, str)}
    numbers: dict[str | int, int] = {}

    def number(node: str | int) -> int:
        return numbers.setdefault(node, len(numbers))

    successors: dict[int, set[int]] = defaultdict(set)
    for link in links:
        if link.successor_key not in replaced:
            successors[number(link.predecessor_key)].add(number(link.successor_key))
    row_of_node: dict[int, PlanRow] = {}
    for index, row in enumerate(plan.rows):
        succ = number(node_of_row[index])
        row_of_node[succ] = row
        for planned in row.links:
            successors[number(planned.predecessor)].add(succ)
    nodes = {n: node for node, n in numbers.items()}

    def label(n: int) -> str:
        node = nodes[n]
        if isinstance(node, str):
            return node
        row = plan.rows[node]
        return row.key or row.source_ref or (f'"{row.title.strip()}"' if row.title else f"row {row.number}")

    for loop in find_loops(successors):
        rows_in_loop = [row_of_node[n] for n in loop[1:] if n in row_of_node]
        at = min(rows_in_loop, key=lambda r: r.number) if rows_in_loop else None
        plan.problem(
            at.number if at else None,
            "depends_on",
            f"the dependencies form a loop: {' → '.join(label(n) for n in loop)}",
        )


def read_plan(
    table: Table, workstreams: Iterable[ExistingWorkstream] = (), links: Iterable[ExistingLink] = ()
) -> ParsedPlan:
    """parse_rows and resolve_plan together, problems sorted by row."""
    plan = parse_rows(table)
    if plan.rows:
        resolve_plan(plan, workstreams, links)
    plan.problems.sort(key=lambda p: p.row or 0)
    return plan
