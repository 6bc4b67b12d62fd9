"""The RAID log written as a RAID sheet (.xlsx or .csv) that the RAID sheet import reads back.

One row per item with the columns of every type (each item fills its own type's), the risks'
score and band beside them for the reader, the owner and team by name and code, the linked work
as "threatens BNK-3; blocks BNK-1 → OPS-2".
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from migrator.domain.raid import RaidItem, RiskBands
from migrator.domain.raid_rules import SHEET_COLUMNS, SHEET_EXTRAS, sheet_field
from migrator.reports.safe_file import AtomicFile

# The export's columns: the sheet's own, with the reader's extras after the status.
_AFTER = "status"
HEADERS: tuple[str, ...] = tuple(
    header
    for name, ours, _others in SHEET_COLUMNS
    for header in ((ours, *SHEET_EXTRAS) if name == _AFTER else (ours,))
)
_WIDE = {"Title": 40, "Description": 40, "Linked work": 32, "Actions": 32, "Options": 32, "Question": 32}


def raid_rows(items: Sequence[RaidItem], bands: RiskBands, keys: Mapping[int, str]) -> list[list[Any]]:
    """Each item's cells in HEADERS order (dates as dates, numbers as numbers, blanks as None)."""
    rows = []
    for item in items:
        row: list[Any] = []
        for name, _ours, _others in SHEET_COLUMNS:
            row.append(_cell(item, name, keys))
            if name == _AFTER:
                score = item.score
                band = bands.band(score).value if score is not None else None
                row += [score, band, item.created, item.updated]
        rows.append(row)
    return rows


def _cell(item: RaidItem, name: str, keys: Mapping[int, str]) -> Any:
    if name == "key":
        return item.key
    if name == "type":
        return item.type.value
    if name == "owner":
        return item.owner_name
    if name == "team":
        return item.team_code
    if name == "raised_from":
        return keys.get(item.raised_from_id) if item.raised_from_id is not None else None
    if name == "links":
        return "; ".join(f"{link.role.value} {link.label}" for link in item.links) or None
    value = getattr(item, sheet_field(name))
    if hasattr(value, "value"):  # an enum: its word
        return value.value
    return value if value != "" else None


def write_raid_log(path: Path, items: Sequence[RaidItem], bands: RiskBands, keys: Mapping[int, str]) -> None:
    """Write the items to ``path`` (.csv: UTF-8 that Excel opens; else .xlsx), all or nothing."""
    rows = raid_rows(items, bands, keys)
    with AtomicFile(path) as target:
        if path.suffix.lower() == ".csv":
            with target.temp.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(HEADERS)
                writer.writerows([[_csv(value) for value in row] for row in rows])
        else:
            _write_xlsx(target.temp, rows)
        target.commit()


def _csv(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _write_xlsx(path: Path, rows: list[list[Any]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "RAID log"
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for index, header in enumerate(HEADERS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = _WIDE.get(header, max(11, len(header) + 2))
        for cell in sheet[letter][1:]:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str) and "\n" in cell.value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{len(rows) + 1}"
    book.save(path)
