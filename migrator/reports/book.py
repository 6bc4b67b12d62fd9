"""A write-only workbook with the report's shared styles, and cells that are always safe.

Two things every sheet needs, done once here:

* Styles are made once per workbook, and a cell carries its style's number. openpyxl's
  own cells look their style up, and bind and check their value, once per cell; a report
  of a 20,000-workstream plan has a million cells, so ours are made ready to write
  (``_ReadyCell``) and each sheet streams them without that per-cell work. Values a
  sheet appends bare get the report's plain style for their type, never Excel's default.
* Text from the plan is always literal: a title such as ``=HYPERLINK(...)``, ``+1``,
  ``-x``, ``@SUM`` or one starting with a tab or a line break is written as text with
  Excel's quote prefix, never as a formula, and characters XML can't hold are dropped.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from migrator.analysis.health_palette import PRINT
from migrator.reports.safe_file import remove_old_sheet_streams, stream_into_own_file

# Characters XML 1.0 can't hold (openpyxl refuses them); tab, line feed and return are allowed.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A leading character that makes a spreadsheet read text as a formula when someone edits the cell.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# openpyxl turns these texts into error cells.
_ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))

DATE_FORMAT = "d mmm yyyy"  # 1 Mar 2027: unambiguous in every country
DATE_TIME_FORMAT = "d mmm yyyy hh:mm"

# The palette: calm, readable on screen and in grey print. Fills are light, text dark.
INK = "1F2933"
MUTED = "5F6B7A"
HEADER_FILL = "1F3864"
BAND_FILL = "E9EEF6"
RULE = "B7C3D0"
# (fill, text) per health level: the print shades of the one health palette.
HEALTH_COLOURS = {level.value: shades.print_pair for level, shades in PRINT.items()}

_THIN = Side(style="thin", color=RULE)
_BASE_FONT = "Calibri"


def _font(size: float = 10, bold: bool = False, colour: str = INK, italic: bool = False) -> Font:
    return Font(name=_BASE_FONT, size=size, bold=bold, italic=italic, color=colour)


def solid_fill(colour: str) -> PatternFill:
    """A cell's solid background."""
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def rule_fill(colour: str) -> PatternFill:
    """A solid background for a conditional-formatting rule (Excel reads its background colour)."""
    return PatternFill(fill_type="solid", fgColor=colour, bgColor=colour)


_TOP_LEFT = Alignment(vertical="top", horizontal="left")
_TOP_WRAP = Alignment(vertical="top", horizontal="left", wrap_text=True)
_TOP_CENTRE = Alignment(vertical="top", horizontal="center")
_TOP_RIGHT = Alignment(vertical="top", horizontal="right")

# Every style a sheet may ask for by name.
STYLES: dict[str, dict[str, Any]] = {
    "text": {"font": _font(), "alignment": _TOP_LEFT},
    "wrap": {"font": _font(), "alignment": _TOP_WRAP},
    "muted": {"font": _font(colour=MUTED), "alignment": _TOP_WRAP},
    "bold": {"font": _font(bold=True), "alignment": _TOP_LEFT},
    "centre": {"font": _font(), "alignment": _TOP_CENTRE},
    "number": {"font": _font(), "alignment": _TOP_RIGHT, "number_format": "0"},
    "value": {"font": _font(), "alignment": _TOP_RIGHT},
    "signed": {"font": _font(), "alignment": _TOP_RIGHT, "number_format": "+0;-0;0"},
    "percent": {"font": _font(), "alignment": _TOP_RIGHT, "number_format": "0%"},
    "date": {"font": _font(), "alignment": _TOP_RIGHT, "number_format": DATE_FORMAT},
    "datetime": {"font": _font(), "alignment": _TOP_RIGHT, "number_format": DATE_TIME_FORMAT},
    "header": {
        "font": _font(bold=True, colour="FFFFFF"),
        "fill": solid_fill(HEADER_FILL),
        "alignment": Alignment(vertical="center", horizontal="left", wrap_text=True),
        "border": Border(bottom=_THIN),
    },
    "band": {"font": _font(size=11, bold=True), "fill": solid_fill(BAND_FILL), "alignment": _TOP_LEFT},
    "title": {"font": _font(size=16, bold=True), "alignment": _TOP_LEFT},
    "subtitle": {"font": _font(size=11, colour=MUTED), "alignment": _TOP_LEFT},
    "section": {"font": _font(size=12, bold=True, colour=HEADER_FILL), "border": Border(bottom=_THIN)},
    "label": {"font": _font(colour=MUTED), "alignment": _TOP_LEFT},
    "figure": {"font": _font(size=14, bold=True), "alignment": _TOP_LEFT},
    "figure_date": {"font": _font(size=14, bold=True), "alignment": _TOP_LEFT, "number_format": DATE_FORMAT},
} | {
    f"health_{level}": {
        "font": _font(bold=True, colour=text),
        "fill": solid_fill(fill),
        "alignment": _TOP_CENTRE,
    }
    for level, (fill, text) in HEALTH_COLOURS.items()
}


def clean_text(value: str) -> str:
    """The text without characters XML can't hold (rather than failing the whole export).

    Line breaks become the spreadsheet's own (a line feed): XML would turn a lone carriage
    return into one anyway.
    """
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def needs_quote(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula or an error code."""
    return text.startswith(_FORMULA_STARTS) or text in _ERROR_CODES


_READY_SLOTS: tuple[str, ...] = ("style_id", "has_style")


class _ReadyCell(Cell):  # type: ignore[misc]
    """A cell ready to be written: its value is bound and its style resolved to a number.

    It shadows the two properties the write-only writer asks of every cell (``style_id``,
    ``has_style``) with plain slots, and skips openpyxl's value binding: the book has
    already cleaned the text and knows its type.
    """

    __slots__ = list(_READY_SLOTS)  # not a literal: mypy would miss the slots of the untyped Cell

    def __init__(self, sheet: Any, value: Any, data_type: str, style_id: int) -> None:
        self.parent = sheet
        self.row = self.column = 1
        self._value = value
        self.data_type = data_type
        self.style_id = style_id
        self.has_style = style_id != 0
        self._hyperlink = None
        self._comment = None


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # in characters, as Excel measures column widths
    style: str = "text"


class ReportBook:
    """The workbook being written: sheets are streamed row by row, so memory stays bounded."""

    def __init__(self) -> None:
        remove_old_sheet_streams()
        self.workbook = Workbook(write_only=True)
        self.styles = dict(STYLES)
        self._style_ids: dict[tuple[str, bool], int] = {}  # (style, quoted) -> the workbook's number

    def sheet(
        self,
        title: str,
        columns: Sequence[Column] = (),
        *,
        landscape: bool = True,
        fit_width: bool = True,
        fit_height: bool = False,
    ) -> WriteOnlyWorksheet:
        """A new sheet with its column widths and print set-up (widths must come before rows)."""
        ws = self.workbook.create_sheet(title)
        for number, column in enumerate(columns, 1):
            ws.column_dimensions[get_column_letter(number)].width = column.width
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        if fit_width or fit_height:
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            ws.page_setup.fitToWidth = 1 if fit_width else 0
            ws.page_setup.fitToHeight = 1 if fit_height else 0
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.5
        ws.print_options.gridLines = False
        ws.sheet_view.showGridLines = False
        ws.oddFooter.center.text = "&A · page &P of &N"
        ws.oddFooter.center.size = 8
        ws._values_to_row = partial(self._ready_cells, ws)  # see _ReadyCell
        ws._get_writer = partial(stream_into_own_file, ws)
        return ws

    def define_styles(self, styles: dict[str, dict[str, Any]]) -> None:
        """Add a sheet's own named styles (font, fill, alignment, border, number_format)."""
        self.styles.update(styles)

    def cell(self, ws: WriteOnlyWorksheet, value: Any, style: str = "text") -> WriteOnlyCell:
        """A cell with one of the named styles; text is cleaned and kept literal."""
        quoted = False
        if value is None:  # an empty cell that still shows its style (a fill, a border)
            data_type = "n"
        elif isinstance(value, str):
            value = clean_text(value)
            quoted = needs_quote(value)
            data_type = "s"
        elif isinstance(value, bool):
            data_type = "b"
        elif isinstance(value, int | float):
            data_type = "n"
        elif isinstance(value, date):  # a datetime too
            if isinstance(value, datetime) and value.tzinfo is not None:
                value = value.replace(tzinfo=None)
            data_type = "d"
        else:
            raise TypeError(f"A report cell can't hold {type(value).__name__} values")
        return _ReadyCell(ws, value, data_type, self._style_id(ws, style, quoted))

    def header_row(self, ws: WriteOnlyWorksheet, columns: Sequence[Column]) -> list[WriteOnlyCell]:
        return [self.cell(ws, column.header, "header") for column in columns]

    def row(
        self, ws: WriteOnlyWorksheet, values: Sequence[Any], columns: Sequence[Column]
    ) -> list[WriteOnlyCell | None]:
        """One data row, each value in its column's style (None stays an empty cell)."""
        return [
            None if value is None else self.cell(ws, value, column.style)
            for value, column in zip(values, columns, strict=True)
        ]

    def save(self, path: Path) -> None:
        self.workbook.save(path)

    def discard(self) -> None:
        """After a failure: stop the sheets' streams and remove their temporary files now,
        not when the process ends (the window keeps running)."""
        for ws in self.workbook.worksheets:
            writer = getattr(ws, "_writer", None)
            rows = getattr(ws, "_rows", None)
            with contextlib.suppress(Exception):  # a half-written stream may refuse to close
                if rows is not None:
                    rows.close()
            with contextlib.suppress(Exception):
                if writer is not None:
                    writer.xf.close()
            with contextlib.suppress(OSError, ValueError):
                if writer is not None and isinstance(writer.out, str):
                    writer.cleanup()

    def _style_id(self, ws: WriteOnlyWorksheet, name: str, quoted: bool) -> int:
        found = self._style_ids.get((name, quoted))
        if found is None:
            template = WriteOnlyCell(ws)
            for attribute, value in self.styles[name].items():
                setattr(template, attribute, value)
            if quoted:
                template.quotePrefix = True
            found = self._style_ids[(name, quoted)] = template.style_id
        return found

    def _ready_cells(self, ws: WriteOnlyWorksheet, values: Iterable[Any], row_index: int) -> Iterator[Cell]:
        """The write-only sheet's row conversion, for ready cells and bare values alike."""
        ready, plain = _ReadyCell, self._plain
        for column, value in enumerate(values, 1):
            if value is None:
                continue
            cell = value if type(value) is ready else plain(ws, value)
            cell.row = row_index
            cell.column = column
            yield cell

    def _plain(self, ws: WriteOnlyWorksheet, value: Any) -> Cell:
        """A bare value in the report's plain style for its type (a date needs a date format)."""
        if isinstance(value, Cell):  # an openpyxl cell made elsewhere: written as it is
            return value
        style = (
            "text"
            if isinstance(value, str)
            else "datetime"
            if isinstance(value, datetime)
            else "date"
            if isinstance(value, date)
            else "value"
        )
        return self.cell(ws, value, style)
