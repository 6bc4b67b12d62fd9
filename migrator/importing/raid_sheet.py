"""Understanding a RAID sheet (CSV or .xlsx, as teams keep their logs): its columns, each cell's
value, and every problem named by its row and column.

Names (owners, teams) and keys (the items, the linked work) stay text here; the service
resolves them against the plan.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from migrator.domain.errors import MigratorError, ValidationError
from migrator.domain.raid import LinkRole, RaidType
from migrator.domain.raid_rules import (
    DATES,
    ENUMS,
    NUMBERS,
    SHEET_COLUMNS,
    SHEET_EXTRAS,
    TEXTS,
    a,
    checked_value,
    raid_type,
)
from migrator.importing.plan import CellProblemError, PlanProblem, cell_text, parse_date
from migrator.importing.readers import Cell, SheetRow, Table

RAID_KEY = re.compile(r"^([RAID])-(\d{1,9})$")
# A dependency as a link's target: "BNK-1 → OPS-3" (or ->, >).
DEPENDENCY = re.compile(r"^(?P<pred>\S+?)\s*(?:→|->|>)\s*(?P<succ>\S+)$")
_ROLES = sorted(LinkRole, key=lambda role: -len(role.value))  # "decided for" before a shorter prefix


class RaidSheetError(MigratorError):
    """The RAID sheet has problems; nothing was changed. ``problems`` lists every one of them."""

    def __init__(self, problems: Sequence[PlanProblem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        head = f"The RAID sheet has {count} problem{'s' if count != 1 else ''}; nothing was changed."
        super().__init__("\n".join([head, *(str(p) for p in self.problems)]))


@dataclass(frozen=True)
class LinkSpec:
    """One entry of a row's linked work: a workstream's key or a dependency's two keys."""

    role: LinkRole | None  # None: the type's usual role
    workstream: str | None
    dependency: tuple[str, str] | None

    @property
    def target(self) -> str:
        if self.dependency is not None:
            return f"{self.dependency[0]} → {self.dependency[1]}"
        return self.workstream or ""


@dataclass
class RaidSheetRow:
    """One item as the sheet states it; only the columns the sheet has are in ``values``
    (a blank cell: None, or "" for text), and names and keys stay text."""

    number: int
    key: str | None = None
    type: RaidType | None = None
    values: dict[str, Any] = field(default_factory=dict)  # item fields: texts, numbers, dates, enums
    owner: str | None = None
    team: str | None = None
    raised_from: str | None = None
    links: list[LinkSpec] | None = None  # None when the sheet has no linked-work column


@dataclass
class ParsedRaidSheet:
    sheet: str
    header: dict[str, str]  # column's field → its header as written
    rows: list[RaidSheetRow]
    problems: list[PlanProblem]
    ignored: list[str] = field(default_factory=list)  # headers of columns the import leaves alone

    def has(self, column: str) -> bool:
        return column in self.header

    def problem(self, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(
            PlanProblem(self.sheet, row, self.header.get(column, column) if column else None, message)
        )


def _header_key(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


def match_columns(header: Sequence[str]) -> tuple[dict[str, int], list[str]]:
    """Column field → index, and the headers no field takes (the export's own extras aside)."""
    positions = {_header_key(text): index for index, text in reversed(list(enumerate(header))) if text}
    columns: dict[str, int] = {}
    for name, ours, others in SHEET_COLUMNS:
        for alias in (ours, *others):
            if _header_key(alias) in positions and positions[_header_key(alias)] not in columns.values():
                columns[name] = positions[_header_key(alias)]
                break
    extras = {_header_key(text) for text in SHEET_EXTRAS}
    taken = set(columns.values())
    ignored = [
        text
        for index, text in enumerate(header)
        if text and index not in taken and _header_key(text) not in extras
    ]
    return columns, ignored


def parse_raid_sheet(table: Table) -> ParsedRaidSheet:
    """Cell by cell: every value that does not fit its column becomes a positioned problem."""
    columns, ignored = match_columns(table.header)
    sheet = ParsedRaidSheet(
        table.sheet, {name: table.header[i] for name, i in columns.items()}, [], [], ignored
    )
    if not table.header:
        sheet.problem(None, None, "the sheet is empty: it needs a header row and one row per item.")
        return sheet
    if "key" not in columns and not {"type", "title"} <= set(columns):
        found = ", ".join(h for h in table.header if h)
        sheet.problem(
            table.header_row,
            None,
            "a RAID sheet needs a Key column (to update items) or Type and Title columns (to add them) "
            f"(headers found: {found}).",
        )
        return sheet
    seen: dict[str, int] = {}
    for sheet_row in table.rows:
        row = _parse_row(sheet, columns, sheet_row)
        if row.key is not None:
            if row.key in seen:
                sheet.problem(row.number, "key", f"{row.key} is also on row {seen[row.key]}.")
            seen.setdefault(row.key, row.number)
        sheet.rows.append(row)
    if not table.rows:
        sheet.problem(None, None, "the sheet has a header but no rows.")
    return sheet


def _parse_row(sheet: ParsedRaidSheet, columns: Mapping[str, int], sheet_row: SheetRow) -> RaidSheetRow:
    row = RaidSheetRow(sheet_row.number)

    def cell(name: str) -> Cell:
        return sheet_row.cell(columns[name])

    def text(name: str) -> str | None:
        found = cell_text(cell(name).value)
        return found.strip() if found is not None else None

    for name in columns:
        if cell(name).not_a_number:
            sheet.problem(
                row.number, name, f'"{cell(name).value}" is not a number, though the cell is stored as one.'
            )
    key = text("key") if "key" in columns else None
    if key is not None:
        normalised = "".join(key.split()).upper()
        if RAID_KEY.match(normalised):
            row.key = normalised
        else:
            sheet.problem(row.number, "key", f'"{key}" is not a RAID key (R-12, A-3, I-7, D-4).')
    if "type" in columns and (kind := text("type")) is not None:
        try:
            row.type = raid_type(kind)
        except ValidationError as error:
            sheet.problem(row.number, "type", str(error))
    elif row.key is not None:
        row.type = raid_type(row.key[0])
    elif key is None:  # the table holds no blank rows: a row without key or type is a new item
        sheet.problem(row.number, "type", "a new item needs its type: risk, assumption, issue or decision.")
    if row.type is not None and row.key is not None and row.key[0] != row.type.prefix:
        sheet.problem(row.number, "type", f"{row.key} is not {a(row.type)}'s key.")
        row.type = None  # the key's item says which it is
    for name in columns:
        try:
            _read_cell(row, name, cell(name), text(name))
        except (CellProblemError, ValidationError) as error:
            sheet.problem(row.number, name, _sentence(str(error)))
    return row


def _read_cell(row: RaidSheetRow, name: str, cell: Cell, text: str | None) -> None:
    if name in ("key", "type"):
        return
    if name in ("owner", "team", "raised_from"):
        setattr(row, name, text)
        return
    if name == "links":
        row.links = [] if text is None else [_link(token) for token in _tokens(text)]
        return
    if name in TEXTS:
        value = cell_text(cell.value)
        row.values[name] = checked_value(name, value.strip() if name == "title" and value else value or "")
    elif name in NUMBERS:
        row.values[name] = checked_value(name, _whole_number(cell))
    elif name in DATES:
        row.values[name] = checked_value(name, _date(cell))
    elif name in ENUMS:
        row.values[name] = None if text is None else checked_value(name, text.replace("_", " "))


def _whole_number(cell: Cell) -> int | None:
    value = cell.value
    if isinstance(value, bool):
        raise CellProblemError(f'"{cell_text(value)}" is not a whole number.')
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    text = cell_text(value)
    if text is None:
        return None
    if not text.strip().lstrip("+-").isdecimal():
        raise CellProblemError(f'"{text}" is not a whole number.')
    return int(text.strip())


def _date(cell: Cell) -> date | None:
    return parse_date(cell.value)


def _tokens(text: str) -> list[str]:
    """Linked work as written: entries apart on lines, or by ";" or ","."""
    return [token.strip() for token in re.split(r"[;,\n]", text) if token.strip()]


def _link(token: str) -> LinkSpec:
    words = " ".join(token.split())
    role = next((r for r in _ROLES if words.casefold().startswith(f"{r.value} ")), None)
    target = words[len(role.value) :].strip() if role else words
    if (pair := DEPENDENCY.match(target)) is not None:
        return LinkSpec(role, None, (pair["pred"].upper(), pair["succ"].upper()))
    if " " in target or not target:
        roles = ", ".join(r.value for r in LinkRole)
        raise CellProblemError(
            f'"{token}" is not a workstream key or a dependency (BNK-1 → OPS-3), with a role '
            f"({roles}) before it if wanted."
        )
    return LinkSpec(role, target.upper(), None)


def _sentence(message: str) -> str:
    return (
        message[0].lower() + message[1:] if message[:1].isupper() and not message[1:2].isupper() else message
    )
