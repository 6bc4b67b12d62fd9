"""Cells from the plan: always literal text, never a formula, never a crash on odd characters."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from migrator.reports.book import DATE_FORMAT, Column, ReportBook

COLUMNS = [Column("Key", 10), Column("Title", 40, "wrap"), Column("Due", 12, "date")]


def _write(tmp_path: Path, titles: list[str]) -> list[tuple[object, ...]]:
    book = ReportBook()
    sheet = book.sheet("Sheet", COLUMNS)
    sheet.append(book.header_row(sheet, COLUMNS))
    for title in titles:
        sheet.append(book.row(sheet, ["K-1", title, date(2027, 3, 1)], COLUMNS))
    book.save(tmp_path / "book.xlsx")
    rows = list(load_workbook(tmp_path / "book.xlsx")["Sheet"].iter_rows())
    return [tuple(rows[0])] + [tuple(r) for r in rows[1:]]


@pytest.mark.parametrize(
    "text",
    ["=1+2", '=HYPERLINK("http://x","y")', "+cmd", "-2", "@SUM(A1)", "\tTab", "\rReturn", "#N/A", "#REF!"],
)
def test_text_a_spreadsheet_could_run_is_written_as_quoted_text(tmp_path: Path, text: str) -> None:
    _header, (key, title, due) = _write(tmp_path, [text])
    assert title.value == text.replace("\r", "\n") and title.data_type == "s" and title.quotePrefix
    assert not key.quotePrefix  # ordinary text is left as it is
    assert due.value == datetime(2027, 3, 1) and due.number_format == DATE_FORMAT


def test_characters_xml_cannot_hold_are_dropped(tmp_path: Path) -> None:
    _header, (_key, title, _due) = _write(tmp_path, ["Card\x00 stock\x0b order\x1f"])
    assert title.value == "Card stock order"


def test_line_breaks_and_tabs_inside_text_survive(tmp_path: Path) -> None:
    _header, (_key, title, _due) = _write(tmp_path, ["Two\r\nlines\tand a tab\rand more"])
    assert title.value == "Two\nlines\tand a tab\nand more" and title.alignment.wrap_text


def test_every_sheet_prints_landscape_on_a4_without_gridlines(tmp_path: Path) -> None:
    _write(tmp_path, ["x"])
    sheet = load_workbook(tmp_path / "book.xlsx")["Sheet"]
    assert (
        sheet.page_setup.orientation == "landscape" and str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    )
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert sheet.column_dimensions["B"].width == 40
