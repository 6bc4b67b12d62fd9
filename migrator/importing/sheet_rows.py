"""A worksheet's rows read with openpyxl's own parser, each cell as a Cell; a number cell holding
text that is no number ("NaN", "INF": Excel never writes one, other programs do) is kept, marked,
so that the plan names that cell instead of the whole sheet being refused."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.utils import coordinate_to_tuple
from openpyxl.worksheet._reader import VALUE_TAG, WorkSheetParser

from migrator.importing.readers import EMPTY_CELL, Cell

_NOT_A_NUMBER = "not a number"  # the data type such a cell is given here (openpyxl's are one letter)


class _NumberCellsKept(WorkSheetParser):  # type: ignore[misc]
    def parse_cell(self, element: Any) -> dict[str, Any]:
        try:
            return super().parse_cell(element)  # type: ignore[no-any-return]
        except ValueError:
            if element.get("t", "n") != "n":
                raise
            # Only the number's text failed: the cell's place and style are read as openpyxl does.
            place = element.get("r")
            row, column = coordinate_to_tuple(place) if place else (self.row_counter, self.col_counter)
            text = element.findtext(VALUE_TAG)
            style = int(element.get("s", 0))
            return {
                "row": row,
                "column": column,
                "value": text,
                "data_type": _NOT_A_NUMBER,
                "style_id": style,
            }


def sheet_rows(
    worksheet: Any, read: list[int], width: int | None = None
) -> Generator[tuple[int, list[Cell]], None, None]:
    """Each row the sheet holds, numbered as the spreadsheet shows it, with a Cell for each column
    up to its last filled one (at most ``width``: a stray cell in column XFD costs nothing).
    ``read[0]`` follows the last row read, to say where a damaged sheet breaks off. The used range
    the sheet records is not trusted (some exporters write "A1:A1"): every row the sheet holds is read."""
    workbook = worksheet.parent
    with worksheet._get_source() as source:
        parser = _NumberCellsKept(
            source,
            worksheet._shared_strings,
            data_only=workbook.data_only,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        formats: dict[int, tuple[str, int]] = {}  # style → number format and indent, looked up once
        for number, found in parser.parse():
            read[0] = number
            filled = [c for c in found if c["value"] is not None and (width is None or c["column"] <= width)]
            cells = [EMPTY_CELL] * max((c["column"] for c in filled), default=0)
            for c in filled:
                style = c["style_id"]
                if style not in formats:
                    styled = ReadOnlyCell(worksheet, number, 1, None, "n", style)
                    formats[style] = (styled.number_format or "General", int(styled.alignment.indent or 0))
                number_format, indent = formats[style]
                cells[c["column"] - 1] = Cell(
                    c["value"], number_format, c["data_type"] == _NOT_A_NUMBER, indent
                )
            yield number, cells
