"""The update workbook a team fills in: its open work with the values sent, and green columns to answer.

The layout is update_form's (the reader looks for the same names); rows carry the workstream's
id in a hidden locked column, and a very hidden sheet plus custom document properties carry what
a return is matched with, so sorting, filtering or retyping rows can never misplace an answer.
Written in openpyxl's write-only mode with the report book's ready cells: a request to every
team of a 20,000-workstream plan costs about what dumping its cells costs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from datetime import date
from functools import lru_cache, partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from openpyxl.compat import safe_string
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation

from migrator.domain import rules
from migrator.domain.model import Status
from migrator.domain.raid import STATUSES_OF, RaidType, raid_order_of
from migrator.domain.update_form import (
    FILL_COLUMNS,
    FIRST_ROW,
    FORMAT,
    FORMAT_WITHOUT_RAID,
    HEADER_ROW,
    HEADINGS,
    HELP_SHEET,
    HIDDEN_COLUMNS,
    HIDDEN_PAIRS,
    HIDDEN_RAID_COLUMNS,
    HIDDEN_SHEET,
    HIDDEN_TABLE_ROW,
    ID_COLUMN,
    PROPERTY_FORMAT,
    PROPERTY_PLAN,
    PROPERTY_REQUEST,
    PROPERTY_SENT,
    PROPERTY_TEAM,
    RAID_FILL_COLUMNS,
    RAID_HEADINGS,
    RAID_ID_COLUMN,
    RAID_SHEET,
    UPDATES_SHEET,
)
from migrator.domain.updates import RaidRequestLine, RequestLine, RequestWorkbook, UpdateRequest
from migrator.domain.wording import date_text
from migrator.reports.book import (
    DATE_FORMAT,
    HEADER_FILL,
    INK,
    MUTED,
    RULE,
    Column,
    ReportBook,
    _ReadyCell,
    clean_text,
    solid_fill,
)
from migrator.reports.safe_file import AtomicFile, stream_into_own_file
from migrator.reports.text_fit import row_height, wrapped_lines

# Context is grey and locked; the columns to fill are green and open.
CONTEXT_FILL = "EEF0F3"
FILL_TINT = "E3F4E1"
FILL_HEADER = "2E6B34"  # the green columns' header: dark enough for white text
_LOCKED = Protection(locked=True)
_OPEN = Protection(locked=False)
_RULE = Side(style="thin", color=RULE)
_GRID = Border(left=_RULE, right=_RULE, top=_RULE, bottom=_RULE)


def _font(size: float = 10, *, bold: bool = False, colour: str = INK, italic: bool = False) -> Font:
    return Font(name="Calibri", size=size, bold=bold, italic=italic, color=colour)


def _cell_style(
    fill: str, *, locked: bool, horizontal: str = "left", wrap: bool = False, number_format: str | None = None
) -> dict[str, Any]:
    style: dict[str, Any] = {
        "font": _font(),
        "fill": solid_fill(fill),
        "alignment": Alignment(vertical="top", horizontal=horizontal, wrap_text=wrap),
        "border": _GRID,
        "protection": _LOCKED if locked else _OPEN,
    }
    if number_format is not None:
        style["number_format"] = number_format
    return style


_HEADER_ALIGNMENT = Alignment(vertical="center", horizontal="left", wrap_text=True)
STYLES: dict[str, dict[str, Any]] = {
    "u_title": {"font": _font(15, bold=True), "alignment": Alignment(vertical="top")},
    "u_ask": {"font": _font(11, colour=MUTED), "alignment": Alignment(vertical="top")},
    "u_head": {
        "font": _font(bold=True, colour="FFFFFF"),
        "fill": solid_fill(HEADER_FILL),
        "alignment": _HEADER_ALIGNMENT,
        "border": _GRID,
    },
    "u_head_fill": {
        "font": _font(bold=True, colour="FFFFFF"),
        "fill": solid_fill(FILL_HEADER),
        "alignment": _HEADER_ALIGNMENT,
        "border": _GRID,
    },
    "c_text": _cell_style(CONTEXT_FILL, locked=True),
    "c_key": {**_cell_style(CONTEXT_FILL, locked=True), "font": _font(bold=True)},
    "c_wrap": _cell_style(CONTEXT_FILL, locked=True, wrap=True),
    "c_date": _cell_style(CONTEXT_FILL, locked=True, horizontal="right", number_format=DATE_FORMAT),
    "f_text": _cell_style(FILL_TINT, locked=False),
    "f_wrap": _cell_style(FILL_TINT, locked=False, wrap=True),
    "f_number": _cell_style(FILL_TINT, locked=False, horizontal="right", number_format="0"),
    "f_date": _cell_style(FILL_TINT, locked=False, horizontal="right", number_format=DATE_FORMAT),
    "id": {"font": _font(colour=MUTED), "protection": _LOCKED, "number_format": "0"},
    "h_title": {"font": _font(15, bold=True), "alignment": Alignment(vertical="top")},
    "h_head": {"font": _font(11, bold=True, colour=HEADER_FILL), "alignment": Alignment(vertical="top")},
    "h_text": {"font": _font(11), "alignment": Alignment(vertical="top", wrap_text=True)},
    "h_green": {"font": _font(11), "fill": solid_fill(FILL_TINT), "border": _GRID,
                "alignment": Alignment(vertical="top", wrap_text=True)},
    "h_grey": {"font": _font(11), "fill": solid_fill(CONTEXT_FILL), "border": _GRID,
               "alignment": Alignment(vertical="top", wrap_text=True)},
    "raw": {"font": _font(), "protection": _LOCKED},
}  # fmt: skip

# Each heading's width (characters) and its cells' style; widths fit the heading on two lines.
_COLUMNS: dict[str, tuple[float, str]] = {
    "Key": (10, "c_key"),
    "Workstream": (36, "c_wrap"),
    "Owner": (16, "c_wrap"),
    "Status now": (12, "c_text"),
    "Start": (12, "c_date"),
    "Due": (12, "c_date"),
    "Forecast finish": (12, "c_date"),
    "Waits on": (28, "c_wrap"),
    "Waited on by": (28, "c_wrap"),
    "New status": (14, "f_text"),
    "Progress %": (10, "f_number"),
    "New start": (12, "f_date"),
    "New due": (12, "f_date"),
    "Blocker note": (30, "f_wrap"),
    "Comment for the report": (36, "f_wrap"),
    ID_COLUMN: (8, "id"),
}
COLUMNS = tuple(Column(heading, *_COLUMNS[heading]) for heading in HEADINGS)
_FILL_HEADINGS = frozenset(heading for heading, _ in FILL_COLUMNS)
_RAID_COLUMNS: dict[str, tuple[float, str]] = {
    "Key": (8, "c_key"),
    "Type": (11, "c_text"),
    "Item": (36, "c_wrap"),
    "Owner": (16, "c_wrap"),
    "Score / needed by": (14, "c_text"),
    "Linked work": (24, "c_wrap"),
    "Status now": (11, "c_text"),
    "New status": (12, "f_text"),
    "Probability (1-5)": (11, "f_number"),
    "Impact (1-5)": (10, "f_number"),
    "Actions": (34, "f_wrap"),
    "Decision outcome": (30, "f_wrap"),
    "Comment": (30, "f_wrap"),
    RAID_ID_COLUMN: (8, "id"),
}
RAID_COLUMNS = tuple(Column(heading, *_RAID_COLUMNS[heading]) for heading in RAID_HEADINGS)
_RAID_FILL_HEADINGS = frozenset(heading for heading, _ in RAID_FILL_COLUMNS)
HELP_WIDTH = 72.0  # the help sheet's one column: fits a portrait A4 or Letter page
HEADER_HEIGHT = 30.0  # points: two lines of the header's text
STATUS_CHOICES = tuple(status.label for status in Status)
# Date validation bounds as Excel's day numbers: 1 Jan of the first plausible year to 31 Dec of the last.
_EXCEL_EPOCH = date(1899, 12, 30)
FIRST_DAY = (date(rules.PLAUSIBLE_YEARS.start, 1, 1) - _EXCEL_EPOCH).days
LAST_DAY = (date(rules.PLAUSIBLE_YEARS.stop - 1, 12, 31) - _EXCEL_EPOCH).days

_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def update_workbook_name(name: str, sent: date) -> str:
    """``Banking & Payments status update 2027-03-03.xlsx``: the team's (or owner's) name, made safe
    for every file system (no slashes, colons or the like; at most 80 characters of name)."""
    safe = " ".join(_UNSAFE_NAME.sub(" ", name).split()).strip(". ")[:80].strip() or "Team"
    return f"{safe} status update {sent.isoformat()}.xlsx"


def asked_line(request: UpdateRequest, coordinator: str) -> str:
    """Row 2 of the Updates sheet: what is asked, by when, and of whom."""
    by = f" by {date_text(request.due)}" if request.due is not None else ""
    line = f"Please fill in the green columns{by} and send the file back to {coordinator}."
    message = " ".join(request.message.split())
    return f"{line} {message}" if message else line


def write_update_workbook(path: Path, workbook: RequestWorkbook, *, coordinator: str) -> None:
    """Write the team's update workbook to ``path``, whole or not at all (a failure leaves no file
    and any previous file at ``path`` as it was)."""
    book = ReportBook()
    book.define_styles(STYLES)
    try:
        _set_properties(book, workbook, coordinator)
        _write_updates(book, workbook, coordinator)
        if workbook.raid_lines:
            _write_raid(book, workbook, coordinator)
        _write_help(book, workbook, coordinator)
        _write_hidden(book, workbook.request)
        with AtomicFile(path) as target:
            book.save(target.temp)
            target.commit()
    except BaseException:
        book.discard()
        raise


def _fast_sheet(book: ReportBook, title: str, columns: Sequence[Column], **setup: bool) -> WriteOnlyWorksheet:
    """A sheet of the book whose rows are serialised as text, not element by element (see _RowWriter)."""
    ws = book.sheet(title, columns, **setup)
    ws._get_writer = partial(_row_writer, ws)
    return ws


def _row_writer(ws: WriteOnlyWorksheet) -> None:
    stream_into_own_file(ws)
    ws._writer.write_row = _RowWriter(ws)


class _RowWriter:
    """Writes a row of the book's ready cells as XML text, exactly as openpyxl's writer would
    (inline strings, numbers, dates as day numbers, each cell's style), at a fraction of its cost:
    openpyxl builds and serialises an element tree per cell. Any other cell is left to openpyxl."""

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        self.ws = ws
        self.fallback = ws._writer.write_row
        self.letters = [get_column_letter(n) for n in range(1, max(len(HEADINGS), len(RAID_HEADINGS)) + 2)]

    def __call__(self, xf: Any, row: Any, row_idx: int) -> None:
        cells = list(row)
        if not all(type(cell) is _ReadyCell and cell.column <= len(self.letters) for cell in cells):
            self.fallback(xf, cells, row_idx)
            return
        dims = self.ws.row_dimensions.get(row_idx)
        extra = "".join(f' {name}="{value}"' for name, value in dims) if dims is not None else ""
        parts = [f'<row r="{row_idx}"{extra}>']
        epoch = self.ws.parent.epoch
        for cell in cells:
            head = f'<c r="{self.letters[cell.column - 1]}{row_idx}"'
            if cell.has_style:
                head += f' s="{cell.style_id}"'
            value, kind = cell._value, cell.data_type
            if value is None:
                parts.append(head + ' t="n"/>')
            elif kind == "s":
                space = ' xml:space="preserve"' if value.strip() and value.strip() != value else ""
                parts.append(f'{head} t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>')
            elif kind == "d":
                parts.append(f'{head} t="n"><v>{safe_string(to_excel(value, epoch))}</v></c>')
            elif kind == "b":
                parts.append(f'{head} t="b"><v>{int(value)}</v></c>')
            else:
                parts.append(f'{head} t="n"><v>{safe_string(value)}</v></c>')
        parts.append("</row>")
        xf._file("".join(parts))


def _set_properties(book: ReportBook, workbook: RequestWorkbook, coordinator: str) -> None:
    request = workbook.request
    properties = book.workbook.properties
    properties.title = clean_text(f"{request.team_name} status update for {workbook.plan_name}")
    properties.creator = properties.lastModifiedBy = clean_text(coordinator)
    properties.created = properties.modified = request.sent_at.replace(tzinfo=None)
    for name, value in _identity(request).items():
        book.workbook.custom_doc_props.append(StringProperty(name=name, value=value))


def _identity(request: UpdateRequest) -> dict[str, str]:
    """What matches a return to its request, by document property name."""
    return {
        PROPERTY_FORMAT: str(FORMAT if request.raid_rows else FORMAT_WITHOUT_RAID),
        PROPERTY_REQUEST: request.token,
        PROPERTY_PLAN: request.plan_identity,
        PROPERTY_TEAM: request.team_code,
        PROPERTY_SENT: request.sent_at.isoformat(),
    }


def _sheet_with_head(
    book: ReportBook,
    name: str,
    columns: Sequence[Column],
    fill_headings: Collection[str],
    last_row: int,
    validate: Callable[[WriteOnlyWorksheet], None],
    title: str,
    asked: str,
) -> WriteOnlyWorksheet:
    """A protected sheet of the team's rows up to its header: the title, the ask, and the headings
    (those the team fills marked); the last column (the hidden id) hidden, panes frozen below the
    header, a filter over the header and ``last_row``, ``validate`` adding its checks."""
    ws = _fast_sheet(book, name, columns, fit_width=True)
    ws.column_dimensions[get_column_letter(len(columns))].hidden = True
    ws.freeze_panes = f"B{FIRST_ROW}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{last_row}"
    _protect(ws)
    validate(ws)

    ws.row_dimensions[1].height = 24
    ws.append([book.cell(ws, title, "u_title")])
    ws.append([book.cell(ws, asked, "u_ask")])
    ws.append([])
    ws.row_dimensions[HEADER_ROW].height = HEADER_HEIGHT
    ws.append([
        book.cell(ws, column.header, "u_head_fill" if column.header in fill_headings else "u_head")
        for column in columns
    ])  # fmt: skip
    return ws


def _write_updates(book: ReportBook, workbook: RequestWorkbook, coordinator: str) -> None:
    last_row = HEADER_ROW + max(len(workbook.lines), 1)
    ws = _sheet_with_head(
        book,
        UPDATES_SHEET,
        COLUMNS,
        _FILL_HEADINGS,
        last_row,
        lambda ws: _validate(ws, last_row),
        f"{workbook.request.team_name} — status update for {workbook.plan_name}",
        asked_line(workbook.request, coordinator),
    )
    styles = [column.style for column in COLUMNS]
    cell = book.cell
    heights = ws.row_dimensions
    for number, line in enumerate(sorted(workbook.lines, key=_key_order), FIRST_ROW):
        values = _values(line)
        lines = _lines_needed(values)
        if lines > 1:  # a write-only row's height must be known before the row is written
            heights[number].height = row_height(lines)
        # Every cell is written, empty ones too: an empty green cell must still be open to typing.
        ws.append([cell(ws, value, style) for value, style in zip(values, styles, strict=True)])


def _values(line: RequestLine) -> Sequence[Any]:
    sent = line.sent
    return (
        sent.key,
        line.title,
        line.owner,
        sent.status.label,
        sent.planned_start,
        sent.planned_due,
        line.forecast_finish,
        line.waits_on or None,
        line.waited_on_by or None,
        sent.status.label,
        sent.progress,
        sent.planned_start,
        sent.planned_due,
        sent.blocker_note or None,
        None,  # the comment: blank
        sent.workstream_id,
    )


# The wrapped columns' positions and widths: the row must be tall enough for the longest.
_WRAPPED = tuple(
    (number, column.width) for number, column in enumerate(COLUMNS) if column.style in ("c_wrap", "f_wrap")
)


# Owners and what work waits on repeat from row to row: each text is measured once.
_measured = lru_cache(maxsize=8192)(wrapped_lines)


def _lines_needed(values: Sequence[Any]) -> int:
    return max((_measured(values[n], width) for n, width in _WRAPPED if values[n]), default=1)


def _key_order(line: RequestLine) -> tuple[str, int, str]:
    """BNK-2 before BNK-10: by prefix, then the key's number."""
    key = line.sent.key
    found = re.match(r"^(.*?)(\d+)$", key)
    if found is None:
        return (key, -1, key)
    return (found.group(1), int(found.group(2)), key)


def _protect(ws: WriteOnlyWorksheet) -> None:
    """Sheet protection without a password: the context stays as sent, filtering and sorting work,
    columns and rows may be resized."""
    protection = ws.protection
    protection.sheet = True
    protection.autoFilter = False
    protection.sort = False
    protection.formatColumns = False
    protection.formatRows = False
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False


def _validate(ws: WriteOnlyWorksheet, last_row: int) -> None:
    """Drop-down of the statuses, whole percentages, real dates: checked as the team types."""
    letters = {heading: get_column_letter(number) for number, heading in enumerate(HEADINGS, 1)}

    def cells(heading: str) -> str:
        return f"{letters[heading]}{FIRST_ROW}:{letters[heading]}{last_row}"

    status = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUS_CHOICES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not a status",
        error="Choose a status from the list: " + ", ".join(STATUS_CHOICES) + ".",
        promptTitle="New status",
        prompt="Choose from the list; leave it as it is when nothing changed.",
        showInputMessage=True,
    )
    progress = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2="100",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not a percentage",
        error="Type a whole number from 0 to 100.",
    )
    dates = DataValidation(
        type="date",
        operator="between",
        formula1=str(FIRST_DAY),
        formula2=str(LAST_DAY),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not a date",
        error="Type a date such as 15 Mar 2027.",
    )
    status.add(cells("New status"))
    progress.add(cells("Progress %"))
    dates.add(cells("New start"))
    dates.add(cells("New due"))
    for validation in (status, progress, dates):
        ws.data_validations.append(validation)


def _write_raid(book: ReportBook, workbook: RequestWorkbook, coordinator: str) -> None:
    """The RAID items sheet: the open items the team owns, by type then key, each with the fields
    its type answers open and pre-filled (the others grey and locked), matched by a hidden id."""
    lines = sorted(workbook.raid_lines, key=_raid_order)
    ws = _sheet_with_head(
        book,
        RAID_SHEET,
        RAID_COLUMNS,
        _RAID_FILL_HEADINGS,
        HEADER_ROW + len(lines),
        lambda ws: _validate_raid(ws, lines),
        f"{workbook.request.team_name} — RAID items for {workbook.plan_name}",
        asked_line(workbook.request, coordinator),
    )
    typed = {heading: field for heading, field in RAID_FILL_COLUMNS if field is not None}
    for number, line in enumerate(lines, FIRST_ROW):
        answered = line.sent.fields
        values = _raid_values(line)
        styles = [  # a field the item's type has no use for: grey and locked
            "c_text" if typed.get(column.header, "status") not in answered else column.style
            for column in RAID_COLUMNS
        ]
        needed = max(
            (_measured(value, column.width) for value, column in zip(values, RAID_COLUMNS, strict=True)
             if isinstance(value, str) and column.style in ("c_wrap", "f_wrap")),
            default=1,
        )  # fmt: skip
        if needed > 1:
            ws.row_dimensions[number].height = row_height(needed)
        ws.append([book.cell(ws, value, style) for value, style in zip(values, styles, strict=True)])


def _raid_values(line: RaidRequestLine) -> Sequence[Any]:
    sent = line.sent
    answers = sent.fields
    return (
        sent.key,
        sent.type.label,
        line.title,
        line.owner,
        line.measure or None,
        line.linked or None,
        sent.status.label,
        sent.status.label,
        sent.probability if "probability" in answers else None,
        sent.impact if "impact" in answers else None,
        (sent.actions or None) if "actions" in answers else None,
        (sent.outcome or None) if "outcome" in answers else None,
        None,  # the comment: blank
        sent.item_id,
    )


def _raid_order(line: RaidRequestLine) -> tuple[int, int, str]:
    return raid_order_of(line.sent.type, line.sent.key)


def _validate_raid(ws: WriteOnlyWorksheet, lines: Sequence[RaidRequestLine]) -> None:
    """Each item's status a drop-down of the statuses its type allows; probability and impact 1–5."""
    letters = {heading: get_column_letter(number) for number, heading in enumerate(RAID_HEADINGS, 1)}
    rows_of: dict[RaidType, list[int]] = {}
    risks: list[int] = []
    for number, line in enumerate(lines, FIRST_ROW):
        rows_of.setdefault(line.sent.type, []).append(number)
        if "probability" in line.sent.fields:
            risks.append(number)
    lists: dict[tuple[str, ...], list[int]] = {}
    for kind, numbers in rows_of.items():
        lists.setdefault(tuple(status.label for status in STATUSES_OF[kind]), []).extend(numbers)
    for choices, numbers in lists.items():
        status = DataValidation(
            type="list",
            formula1='"' + ",".join(choices) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Not a status",
            error="Choose a status from the list: " + ", ".join(choices) + ".",
            promptTitle="New status",
            prompt="Choose from the list; leave it as it is when nothing changed.",
            showInputMessage=True,
        )
        status.add(_ranges(letters["New status"], numbers))
        ws.data_validations.append(status)
    if risks:
        scale = DataValidation(
            type="whole",
            operator="between",
            formula1="1",
            formula2="5",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Not on the scale",
            error="Type a whole number from 1 (lowest) to 5 (highest).",
        )
        scale.add(_ranges(letters["Probability (1-5)"], risks))
        scale.add(_ranges(letters["Impact (1-5)"], risks))
        ws.data_validations.append(scale)


def _ranges(letter: str, numbers: Sequence[int]) -> str:
    """Rows 5, 6, 7 and 9 of column E: "E5:E7 E9"."""
    ranges: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], -1]:
        if number != previous + 1:
            ranges.append(f"{letter}{start}:{letter}{previous}" if previous > start else f"{letter}{start}")
            start = number
        previous = number
    return " ".join(ranges)


def _write_help(book: ReportBook, workbook: RequestWorkbook, coordinator: str) -> None:
    request = workbook.request
    ws = book.sheet(HELP_SHEET, (Column("", HELP_WIDTH),), landscape=False, fit_width=True)
    ws.protection.sheet = True
    due = f"by {date_text(request.due)}" if request.due is not None else "as soon as you can"
    lines: list[tuple[str, str]] = [
        ("h_title", "How to fill this in"),
        ("h_text", f"{coordinator} asks {request.recipient} for the status of the open work of "
                   f"{request.team_name} in {workbook.plan_name}, {due}. It takes a few minutes."),
        ("h_text", ""),
        ("h_head", "1. Change only the green columns"),
        ("h_green", "Green columns: New status, Progress %, New start, New due, Blocker note, Comment for "
                    "the report. They already hold the values Migrator has now."),
        ("h_grey", "Grey columns are what the plan says today (key, title, owner, dates, what the work "
                   "waits on). They are locked and only there to help you."),
        ("h_text", ""),
        ("h_head", "2. Leave what has not changed"),
        ("h_text", "A value left as it is means 'no change'. Emptying a status, a progress or a date "
                   "means 'no answer': nothing is changed for it."),
        ("h_text", "Emptying the blocker note means the blocker is gone."),
        ("h_text", "Dates are real dates, such as 15 Mar 2027. Progress is a whole number from 0 to 100."),
        ("h_text", ""),
        ("h_head", "3. Add a comment if something needs saying"),
        ("h_text", "The comment goes into the status report that stakeholders read, as you write it."),
        ("h_text", ""),
        *_raid_help(workbook),
        ("h_head", "4. Save and send it back"),
        ("h_text", "Do not add or delete rows and do not rename the sheets: each row is matched to its "
                   "workstream by a hidden id. Sorting and filtering are fine."),
        ("h_text", f"Save it as an Excel workbook (.xlsx), not CSV or PDF, and send it to {coordinator}. "
                   "Your changes are reviewed before they go into the plan."),
    ]  # fmt: skip
    for number, (style, text) in enumerate(lines, 1):
        size = 15 if style == "h_title" else 11
        ws.row_dimensions[number].height = (
            row_height(wrapped_lines(text, HELP_WIDTH, size), size) if text else 8
        )
        ws.append([book.cell(ws, text, style)] if text else [])


def _raid_help(workbook: RequestWorkbook) -> list[tuple[str, str]]:
    if not workbook.raid_lines:
        return []
    return [
        ("h_head", f"The {RAID_SHEET} sheet"),
        ("h_text", "It lists the open risks, assumptions, issues and decisions your team owns. Answer in its "
                   "green columns as above: the status (Closed, or Decided for a decision), a risk's "
                   "probability and impact from 1 (lowest) to 5, the actions, a decision's outcome."),
        ("h_text", "Emptying the actions or the outcome empties it in the plan; an emptied status, "
                   "probability or impact means 'no answer'. Grey cells do not apply to that item."),
        ("h_text", ""),
    ]  # fmt: skip


def _write_hidden(book: ReportBook, request: UpdateRequest) -> None:
    """The very hidden sheet: the request's identity, then each row as it was sent (dates as ISO
    text, so no spreadsheet's date system can shift them)."""
    ws = _fast_sheet(book, HIDDEN_SHEET, (), fit_width=False)
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True
    identity = dict(zip(HIDDEN_PAIRS, _identity(request).values(), strict=True))
    cell = book.cell
    for name, value in identity.items():
        ws.append([cell(ws, name, "raw"), cell(ws, value, "raw")])
    for _ in range(HIDDEN_TABLE_ROW - len(HIDDEN_PAIRS) - 1):
        ws.append([])
    ws.append([cell(ws, heading, "raw") for heading in HIDDEN_COLUMNS])
    for sent in request.rows:
        ws.append([
            sent.workstream_id,
            cell(ws, sent.key, "raw"),
            sent.version,
            cell(ws, sent.status.value, "raw"),
            sent.progress,
            cell(ws, sent.planned_start.isoformat(), "raw") if sent.planned_start else None,
            cell(ws, sent.planned_due.isoformat(), "raw") if sent.planned_due else None,
            cell(ws, sent.blocker_note, "raw") if sent.blocker_note else None,
        ])  # fmt: skip
    if request.raid_rows:
        ws.append([])
        ws.append([cell(ws, heading, "raw") for heading in HIDDEN_RAID_COLUMNS])
        for item in request.raid_rows:
            ws.append([
                item.item_id,
                cell(ws, item.key, "raw"),
                cell(ws, item.type.value, "raw"),
                item.version,
                cell(ws, item.status.value, "raw"),
                item.probability,
                item.impact,
                cell(ws, item.actions, "raw") if item.actions else None,
                cell(ws, item.outcome, "raw") if item.outcome else None,
            ])  # fmt: skip
