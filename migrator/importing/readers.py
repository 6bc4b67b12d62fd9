"""Reading a plan file (CSV or .xlsx) into rows of cells that remember where they came from."""

from __future__ import annotations

import csv
import io
import os
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from migrator.domain.errors import MigratorError

CellValue = str | int | float | bool | date | datetime | time | None

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 100
RATIO_CHECK_FROM_BYTES = 1024 * 1024  # tiny members cannot bomb; their ratio is not checked
CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


class PlanFileError(MigratorError):
    """The plan file cannot be read at all (wrong type, damaged, hostile, unknown sheet)."""


@dataclass(frozen=True, slots=True)
class Cell:
    value: CellValue
    number_format: str = "General"


@dataclass(frozen=True, slots=True)
class SheetRow:
    number: int  # 1-based, as the spreadsheet shows it
    cells: list[Cell]

    def cell(self, index: int) -> Cell:
        return self.cells[index] if index < len(self.cells) else _EMPTY


@dataclass(frozen=True)
class Table:
    """One sheet: its name, the header row and the non-empty rows below it."""

    sheet: str
    header_row: int  # 0 when the sheet holds nothing
    header: list[str]
    rows: list[SheetRow]


_EMPTY = Cell(None)


def read_table(path: str | os.PathLike[str], sheet: str | None = None) -> Table:
    """Read the plan at ``path``; ``sheet`` picks a worksheet of a workbook (first by default)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise PlanFileError(f"There is no plan file at {path}.")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise PlanFileError(
            f"{path.name} is {size // (1024 * 1024)} MB; plans larger than "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB are not imported."
        )
    if suffix in CSV_SUFFIXES:
        if sheet is not None:
            raise PlanFileError(f"{path.name} is a CSV file: it has no sheets, so --sheet does not apply.")
        return _read_csv(path)
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path, sheet)
    if suffix == ".xls":
        raise PlanFileError(
            f"{path.name} is an old Excel 97-2003 workbook (.xls); save it as .xlsx or CSV and import that."
        )
    raise PlanFileError(
        f"{path.name}: plans are imported from .csv or .xlsx files, not '{suffix or 'no extension'}'."
    )


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
    """The delimiter of the header line: comma, semicolon or tab (the most frequent one)."""
    for line in text.splitlines():
        if line.strip():
            counts = {d: _count_outside_quotes(line, d) for d in (",", ";", "\t")}
            best = max(counts, key=lambda d: counts[d])
            return best if counts[best] else ","
    return ","


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def _read_csv(path: Path) -> Table:
    text = decode_text(path.read_bytes())
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[SheetRow] = []
    try:
        for number, record in enumerate(reader, start=1):
            rows.append(SheetRow(number, [Cell(v if v != "" else None) for v in record]))
    except csv.Error as error:
        raise PlanFileError(f"{path.name} is not a readable CSV file: {error}.") from None
    return _table(path.name, rows)


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

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a broken workbook
        raise PlanFileError(
            f"{path.name} is a damaged Excel workbook and cannot be read ({error})."
        ) from None
    try:
        names: list[str] = list(workbook.sheetnames)
        if not names:
            raise PlanFileError(f"{path.name} has no sheets.")
        chosen = names[0] if sheet is None else _sheet_name(path, names, sheet)
        worksheet = workbook[chosen]
        if not hasattr(worksheet, "iter_rows"):
            raise PlanFileError(f"{path.name}: sheet '{chosen}' is a chart, not a table of rows.")
        # Some exporters record a wrong used range ("A1:A1"); read-only mode would trust it.
        worksheet.reset_dimensions()
        rows: list[SheetRow] = []
        try:
            for number, cells in enumerate(worksheet.iter_rows(), start=1):
                rows.append(SheetRow(number, [Cell(c.value, c.number_format or "General") for c in cells]))
        except PlanFileError:
            raise
        except Exception as error:
            raise PlanFileError(
                f"{path.name}: sheet '{chosen}' is damaged and cannot be read ({error})."
            ) from None
        return _table(chosen, rows)
    finally:
        workbook.close()


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


def _table(sheet: str, rows: list[SheetRow]) -> Table:
    """The first non-empty row is the header; empty rows below it are dropped."""
    filled = [r for r in rows if any(not _is_blank(c.value) for c in r.cells)]
    if not filled:
        return Table(sheet, 0, [], [])
    head, *body = filled
    header = [_header_text(c.value) for c in head.cells]
    while header and not header[-1]:
        header.pop()
    return Table(sheet, head.number, header, body)


def _header_text(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())
