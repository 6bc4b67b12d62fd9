"""Edit a returned update workbook as a team lead would in a spreadsheet program (with openpyxl):
find a row by its key, type into the green columns, save."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import openpyxl

from migrator.domain.update_form import FIRST_ROW, HEADER_ROW, UPDATES_SHEET


def fill_in(
    path: Path,
    answers: Mapping[str, Mapping[str, Any]],
    *,
    save_as: Path | None = None,
    sheet_name: str = UPDATES_SHEET,
) -> Path:
    """Type ``answers`` ({key: {heading: value}}) into the workbook's rows (of the sheet named, the
    Updates sheet unless told) and save it (to ``save_as``)."""
    book = openpyxl.load_workbook(path)
    sheet = book[sheet_name]
    headings = {cell.value: cell.column for cell in sheet[HEADER_ROW] if cell.value}
    rows = {sheet.cell(row, headings["Key"]).value: row for row in range(FIRST_ROW, sheet.max_row + 1)}
    for key, cells in answers.items():
        for heading, value in cells.items():
            sheet.cell(rows[key], headings[heading]).value = value
    target = save_as or path
    book.save(target)
    return target


def keys_in(path: Path, sheet_name: str = UPDATES_SHEET) -> list[str]:
    """The keys of the workbook's rows (of the sheet named), top to bottom."""
    book = openpyxl.load_workbook(path, read_only=True)
    sheet = book[sheet_name]
    keys = [row[0] for row in sheet.iter_rows(min_row=FIRST_ROW, values_only=True) if row and row[0]]
    book.close()
    return [str(key) for key in keys]
