"""Reading a plan file (CSV or .xlsx) into rows of cells that remember where they came from."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from migrator.domain.errors import MigratorError
from migrator.importing.migrator_workbooks import sheet_refusal, workbook_refusal

CellValue = str | int | float | bool | date | datetime | time | None

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 100
RATIO_CHECK_FROM_BYTES = 1024 * 1024  # tiny members cannot bomb; their ratio is not checked
MAX_ROWS = 50_000  # workstream rows in one plan; a million-row sheet is refused, not imported
MAX_COLUMNS = 1_000  # a header past this column is refused (a Jira export of every field has ~500);
# cells right of the header are never read
CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


class PlanFileError(MigratorError):
    """The plan file cannot be read at all (wrong type, damaged, hostile, unknown sheet)."""


class NotAPlanError(PlanFileError):
    """The file is one Migrator wrote for another purpose (a status report, a returned update
    workbook); the message says what to do with it instead."""


@dataclass(frozen=True, slots=True)
class Cell:
    value: CellValue
    number_format: str = "General"
    not_a_number: bool = False  # a number cell of a workbook holding ``value``, text such as "NaN"
    indent: int = 0  # a workbook cell's indent level: Smartsheet shows its hierarchy so


@dataclass(frozen=True, slots=True)
class SheetRow:
    number: int  # 1-based, as the spreadsheet shows it
    cells: list[Cell]

    def cell(self, index: int) -> Cell:
        return self.cells[index] if index < len(self.cells) else EMPTY_CELL


@dataclass(frozen=True)
class Table:
    """One sheet: its name, the header row and the non-empty rows below it."""

    sheet: str
    header_row: int  # 0 when the sheet holds nothing
    header: list[str]
    rows: list[SheetRow]


EMPTY_CELL = Cell(None)  # every empty cell is this one object, so empty cells cost nothing


def check_plan_file(path: Path) -> None:
    """PlanFileError when there is no file at ``path``, or one too large to import (every format)."""
    if not path.is_file():
        raise PlanFileError(f"There is no plan file at {path}.")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise PlanFileError(
            f"{path.name} is {size // (1024 * 1024)} MB; plans larger than "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB are not imported."
        )


def read_table(path: str | os.PathLike[str], sheet: str | None = None) -> Table:
    """Read the plan at ``path``; ``sheet`` picks a worksheet of a workbook (first by default)."""
    path = Path(path)
    suffix = path.suffix.lower()
    check_plan_file(path)
    if suffix in CSV_SUFFIXES:
        if sheet is not None:
            raise PlanFileError(f"{path.name} is a CSV file: it has no sheets, so --sheet does not apply.")
        return _plan_table(path, _read_csv(path))
    if suffix in XLSX_SUFFIXES:
        return _plan_table(path, _read_xlsx(path, sheet))
    if suffix == ".xls":
        raise PlanFileError(
            f"{path.name} is an old Excel 97-2003 workbook (.xls); save it as .xlsx or CSV and import that."
        )
    raise PlanFileError(
        f"{path.name}: plans are imported from .csv or .xlsx files, not '{suffix or 'no extension'}'."
    )


def _plan_table(path: Path, table: Table) -> Table:
    """The table, unless it is a status report's Workstreams sheet saved on its own."""
    refusal = sheet_refusal(path.name, table.header, ([c.value for c in row.cells] for row in table.rows))
    if refusal is not None:
        raise NotAPlanError(refusal)
    return table


# ---------------------------------------------------------------- CSV


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 as European Excel writes."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: comma, semicolon or tab, whichever splits it into the
    most named columns (a header padded with tabs, "Workstream\t,Team\t", is still comma-separated);
    a tie goes to the comma, then the semicolon."""
    for line in text.splitlines():
        if line.strip():
            named = {d: _named_fields(line, d) for d in (",", ";", "\t")}
            best = max(named, key=lambda d: named[d])  # max keeps the first of equals
            return best if named[best] > 1 else ","
    return ","


def _named_fields(line: str, delimiter: str) -> int:
    """How many non-blank fields ``delimiter`` cuts ``line`` into, outside quotes."""
    fields, named, quoted = 0, False, False
    for char in line + delimiter:
        if char == '"':
            quoted = not quoted
        if char == delimiter and not quoted:
            fields, named = fields + named, False
        elif not char.isspace():
            named = True
    return fields


def _read_csv(path: Path) -> Table:
    text = decode_text(path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    records = enumerate(reader, start=1)
    try:
        header = _first_filled((n, [_text_cell(v) for v in record]) for n, record in records)
        if header is None:
            return Table(path.name, 0, [], [])
        head = _Header(path.name, path.name, *header)
        # Cells right of the last header are never kept: no column takes them.
        return head.table((n, [_text_cell(v) for v in record[: head.width]]) for n, record in records)
    except csv.Error as error:
        raise PlanFileError(f"{path.name} is not a readable CSV file: {error}.") from None


# ---------------------------------------------------------------- xlsx


def check_workbook_zip(path: Path) -> None:
    """Refuse files that are not zips, zips that are not workbooks, and zip bombs, cheaply."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise PlanFileError(
            f"{path.name} is not an Excel workbook: it is damaged or not an .xlsx file at all."
        ) from None
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/workbook") for n in names):
        raise PlanFileError(f"{path.name} is a zip archive but not an Excel workbook (.xlsx).")
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_CHECK_FROM_BYTES and ratio > MAX_RATIO:
            raise PlanFileError(
                f"{path.name} looks like a zip bomb: {member.filename} expands {ratio:.0f} times "
                f"(more than {MAX_RATIO}:1); it was not opened."
            )
    if total > MAX_UNCOMPRESSED_BYTES:
        raise PlanFileError(
            f"{path.name} expands to {total // (1024 * 1024)} MB, more than "
            f"{MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB; it was not opened."
        )


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    check_workbook_zip(path)
    import openpyxl  # imported here: CSV imports do not pay for it

    from migrator.importing.sheet_rows import sheet_rows

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a broken workbook
        raise PlanFileError(
            f"{path.name} is a damaged Excel workbook and cannot be read ({error})."
        ) from None
    try:
        names: list[str] = list(workbook.sheetnames)
        # Before any sheet is chosen: a report is refused whichever of its sheets is asked for.
        properties = workbook.properties
        refusal = workbook_refusal(
            path.name,
            names,
            workbook.custom_doc_props.names,
            properties.category,
            properties.description,
        )
        if refusal is not None:
            raise NotAPlanError(refusal)
        if not names:
            raise PlanFileError(f"{path.name} has no sheets.")
        chosen = names[0] if sheet is None else _sheet_name(path, names, sheet)
        worksheet = workbook[chosen]
        if not hasattr(worksheet, "iter_rows"):
            raise PlanFileError(f"{path.name}: sheet '{chosen}' is a chart, not a table of rows.")
        where = f"{path.name}, sheet '{chosen}'"
        read = [0]  # the last row read, to say where a damaged sheet breaks off
        try:
            with contextlib.closing(sheet_rows(worksheet, read)) as above:
                header = _first_filled(above)
            if header is None:
                return Table(chosen, 0, [], [])
            head = _Header(chosen, where, *header)
            # Only the header's columns are read: a stray cell in column XFD must not make
            # every row 16,384 cells wide.
            below = sheet_rows(worksheet, read, head.width)
            return head.table((n, cells) for n, cells in below if n > head.number)
        except PlanFileError:
            raise
        except Exception as error:
            raise PlanFileError(f"{where} cannot be read after row {read[0]}: {_damage(error)}.") from None
    finally:
        workbook.close()


NOT_A_NUMBER = re.compile(r"^could not convert string to float: (.*)$|^invalid literal for int\(\) .*: (.*)$")


def _damage(error: Exception) -> str:
    """What openpyxl choked on, in words: a true/false or text cell whose stored number is none
    (a number cell holding "NaN" is named with its row and column instead: sheet_rows)."""
    found = NOT_A_NUMBER.match(str(error))
    if isinstance(error, ValueError) and found:
        return f"a cell holds {found.group(1) or found.group(2)} where the workbook's format needs a number"
    return f"the sheet is damaged ({error or type(error).__name__})"


def _sheet_name(path: Path, names: list[str], wanted: str) -> str:
    if wanted in names:
        return wanted
    for name in names:
        if name.casefold() == wanted.strip().casefold():
            return name
    listed = ", ".join(f"'{n}'" for n in names)
    raise PlanFileError(f"{path.name} has no sheet '{wanted}'; its sheets are {listed}.")


# ---------------------------------------------------------------- both


def _is_blank(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text_cell(text: str) -> Cell:
    return Cell(text) if text else EMPTY_CELL


def _first_filled(rows: Iterable[tuple[int, list[Cell]]]) -> tuple[int, list[Cell]] | None:
    return next(((n, cells) for n, cells in rows if not _is_blank_row(cells)), None)


def _is_blank_row(cells: Iterable[Cell]) -> bool:
    return all(_is_blank(c.value) for c in cells)


class _Header:
    """The first non-empty row of a sheet; its width bounds every row read below it."""

    def __init__(self, sheet: str, where: str, number: int, cells: list[Cell]) -> None:
        header = [_header_text(c.value) for c in cells]
        while header and not header[-1]:
            header.pop()
        if len(header) > MAX_COLUMNS:
            raise PlanFileError(
                f'{where}: the header row (row {number}) has "{header[-1]}" in column '
                f"{column_letter(len(header))}; a plan has at most {MAX_COLUMNS:,} columns. "
                f"Delete the columns after {column_letter(MAX_COLUMNS)} and import again."
            )
        self.sheet, self.where, self.number, self.header = sheet, where, number, header

    @property
    def width(self) -> int:
        return len(self.header)

    def table(self, rows: Iterable[tuple[int, list[Cell]]]) -> Table:
        """The non-empty rows below the header; more than MAX_ROWS of them are refused."""
        body: list[SheetRow] = []
        for number, cells in rows:
            if _is_blank_row(cells):
                continue
            if len(body) == MAX_ROWS:
                raise PlanFileError(
                    f"{self.where} has more than {MAX_ROWS:,} workstream rows (row {number:,} is one "
                    f"too many); a plan holds at most {MAX_ROWS:,}. Split it into several plans and "
                    "import them one after the other."
                )
            body.append(SheetRow(number, cells))
        return Table(self.sheet, self.number, self.header, body)


def column_letter(number: int) -> str:
    """1 → A, 27 → AA, 16384 → XFD."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _header_text(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())
