"""Reading a returned update workbook: what identifies it, each row's answers, and what was not read.

A file that cannot be trusted whole (not a workbook, macros, a password, a zip bomb, its very
hidden sheet or document properties gone or disagreeing) is refused with an UpdateFileError
naming the file. Everything else is read: a problem with a row or a cell becomes a line naming
the sheet row and column, and that cell (or row) is simply not read. Rows are matched by their
hidden Row id only, never by key or position. Formulas are never evaluated: the workbook is read
with its formulas as text, and a formula where an answer belongs is refused for that cell.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from migrator.domain.errors import MigratorError
from migrator.domain.model import Status
from migrator.domain.raid import SCALE, STATUSES_OF, RaidStatus, RaidType
from migrator.domain.raid_rules import a
from migrator.domain.typed_date import DateTextError, read_typed_date
from migrator.domain.update_form import (
    FILL_COLUMNS,
    FORMAT,
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
from migrator.domain.updates import (
    ProblemKind,
    RaidSentRow,
    ReturnedLine,
    ReturnedProblem,
    ReturnedRaidLine,
    ReturnedWorkbook,
    SentRow,
)
from migrator.domain.wording import date_text
from migrator.importing.plan import (
    STATUS_WORDS,
    CellProblemError,
    cell_text,
    parse_progress,
    plausible,
)
from migrator.importing.readers import MAX_ROWS, Cell, PlanFileError, check_workbook_zip

MAX_FILE_BYTES = 50 * 1024 * 1024  # a returned workbook of 50,000 rows is a few MB
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted workbooks and old .xls files
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_HEADER_SEARCH_ROWS = 20  # the header row is looked for this far down (it is row 4 as written)
_FORMAT_PROPERTIES = (PROPERTY_FORMAT, PROPERTY_REQUEST, PROPERTY_PLAN, PROPERTY_TEAM, PROPERTY_SENT)
_FILL_FIELD = dict(FILL_COLUMNS)
_COMMENT_HEADING = next(heading for heading, field in FILL_COLUMNS if field is None)
_LOCKED_CHECKED = ("Key", "Status now", "Start", "Due")  # context the very hidden sheet also holds

# Status words as teams write them in French, German and Spanish (accents optional).
FOREIGN_STATUS_WORDS: dict[str, Status] = {
    # French
    "non commence": Status.NOT_STARTED, "pas commence": Status.NOT_STARTED, "a faire": Status.NOT_STARTED,
    "en cours": Status.IN_PROGRESS, "bloque": Status.BLOCKED, "en attente": Status.BLOCKED,
    "termine": Status.DONE, "fini": Status.DONE, "fait": Status.DONE, "annule": Status.CANCELLED,
    # German
    "nicht begonnen": Status.NOT_STARTED, "offen": Status.NOT_STARTED, "geplant": Status.NOT_STARTED,
    "in bearbeitung": Status.IN_PROGRESS, "in arbeit": Status.IN_PROGRESS, "laufend": Status.IN_PROGRESS,
    "blockiert": Status.BLOCKED, "wartend": Status.BLOCKED, "erledigt": Status.DONE, "fertig": Status.DONE,
    "abgeschlossen": Status.DONE, "abgebrochen": Status.CANCELLED, "storniert": Status.CANCELLED,
    # Spanish
    "no iniciado": Status.NOT_STARTED, "sin empezar": Status.NOT_STARTED, "pendiente": Status.NOT_STARTED,
    "en curso": Status.IN_PROGRESS, "en progreso": Status.IN_PROGRESS, "bloqueado": Status.BLOCKED,
    "en espera": Status.BLOCKED, "hecho": Status.DONE, "terminado": Status.DONE,
    "completado": Status.DONE, "cancelado": Status.CANCELLED,
}  # fmt: skip

_Sent = TypeVar("_Sent", SentRow, RaidSentRow)
_Line = TypeVar("_Line", ReturnedLine, ReturnedRaidLine)
# what a row with no id of the column is not matched to, and what to add in Migrator instead
_MATCHED_TO = {ID_COLUMN: ("workstream", "work"), RAID_ID_COLUMN: ("RAID item", "items")}


class UpdateFileError(MigratorError):
    """A returned file that cannot be read as an update workbook at all; the message names it."""


@dataclass(frozen=True, slots=True)
class _Value:
    """One cell as the sheet holds it: its value, openpyxl's type letter, its number format."""

    value: Any
    data_type: str
    number_format: str


_EMPTY = _Value(None, "n", "General")


def read_update_workbook(path: Path) -> ReturnedWorkbook:
    """Read the returned update workbook at ``path``; raises UpdateFileError for a file refused whole."""
    path = Path(path)
    data = _checked_bytes(path)
    import openpyxl  # imported here: a refused file never pays for it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds on a broken workbook
        raise UpdateFileError(
            f"{path.name} is a damaged Excel workbook and cannot be read ({error})."
        ) from None
    try:
        return _Reader(path.name, book, hashlib.sha256(data).hexdigest()).read()
    finally:
        book.close()


def _checked_bytes(path: Path) -> bytes:
    """The file's bytes, once it is known to be an .xlsx workbook that is safe to open."""
    name, suffix = path.name, path.suffix.lower()
    if not path.is_file():
        raise UpdateFileError(f"There is no file at {path}.")
    if suffix == ".xlsm":
        raise UpdateFileError(
            f"{name} is a macro-enabled workbook (.xlsm); Migrator does not open files with macros. "
            "Save it as an Excel Workbook (.xlsx) and collect that."
        )
    if suffix in (".csv", ".txt"):
        raise UpdateFileError(
            f"{name} is a CSV file: saving as CSV drops the hidden sheet that matches each row to its "
            "workstream. Collect the .xlsx workbook that was sent back (or save it as .xlsx again)."
        )
    if suffix != ".xlsx":
        raise UpdateFileError(
            f"{name} is not an update workbook: returned updates are .xlsx files "
            f"(this one is '{suffix or 'without an extension'}'). Save it as an Excel Workbook (.xlsx)."
        )
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise UpdateFileError(
            f"{name} is {size // (1024 * 1024)} MB; an update workbook is far smaller, so it was not opened "
            f"(at most {MAX_FILE_BYTES // (1024 * 1024)} MB)."
        )
    data = path.read_bytes()
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED in data:
            raise UpdateFileError(
                f"{name} is protected with a password, so it cannot be read. Open it, remove the password "
                "(File → Info → Protect Workbook → Encrypt with Password, empty), save and collect it again."
            )
        raise UpdateFileError(f"{name} is an old Excel 97-2003 workbook; save it as .xlsx and collect that.")
    try:
        check_workbook_zip(path)
    except PlanFileError as error:
        raise UpdateFileError(str(error)) from None
    if b"vbaProject.bin" in data:  # a macro workbook renamed to .xlsx (the name is stored uncompressed)
        raise UpdateFileError(
            f"{name} contains macros (it is a macro-enabled workbook renamed to .xlsx); Migrator does not "
            "open files with macros. Save it as an Excel Workbook (.xlsx) and collect that."
        )
    return data


def _plain(text: str) -> str:
    """Lower case, accents off, single spaces: how status words are compared."""
    folded = unicodedata.normalize("NFKD", text.replace("_", " ").replace("-", " ").replace("’", "'"))
    return " ".join("".join(c for c in folded if not unicodedata.combining(c)).split()).casefold()


_STATUS_WORDS = {
    _plain(word): status for word, status in (*STATUS_WORDS.items(), *FOREIGN_STATUS_WORDS.items())
}


def parse_status_word(value: Any) -> Status | None:
    """A status in English (any of the plan import's words), French, German or Spanish; None if empty."""
    text = cell_text(value)
    if text is None:
        return None
    found = _STATUS_WORDS.get(_plain(text))
    if found is None:
        choices = ", ".join(status.label for status in Status)
        raise CellProblemError(f'"{text}" is not a status (choose one of {choices}).')
    return found


def parse_answer_date(value: Any, near: date) -> date | None:
    """A date cell, or a date typed as text; a text whose day and month could be either way round
    (03/04/2027) is refused rather than guessed."""
    if isinstance(value, datetime):
        return plausible(value.date())
    if isinstance(value, date):
        return plausible(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellProblemError(f'"{cell_text(value)}" is a number, not a date (type it like 15 Mar 2027).')
    text = cell_text(value)
    if text is None:
        return None
    readings: list[date] = []
    first_error: DateTextError | None = None
    for day_first in (True, False):
        try:
            found = read_typed_date(text, day_first=day_first, near=near)
        except DateTextError as error:
            first_error = first_error or error
            continue
        if found is not None:
            readings.append(found)
    if not readings:
        raise CellProblemError(str(first_error) if first_error else f'"{text}" is not a date.')
    if readings[0] != readings[-1]:
        one, other = (date_text(day) for day in sorted(readings))
        raise CellProblemError(
            f'"{text}" could be {one} or {other} (which is the day and which the month is not clear); '
            f"type the month's name, like {one}."
        )
    return plausible(readings[0])


class _Reader:
    """One workbook's reading: its identity, then its Updates sheet row by row."""

    def __init__(self, file_name: str, book: Any, digest: str) -> None:
        self.name = file_name
        self.book = book
        self.digest = digest
        self.problems: list[ReturnedProblem] = []
        self.formats: dict[int, str] = {}

    def refuse(self, reason: str) -> UpdateFileError:
        return UpdateFileError(f"{self.name} {reason}")

    # ---------------------------------------------------------------- identity

    def read(self) -> ReturnedWorkbook:
        found = {prop.name: _property_text(prop.value) for prop in self.book.custom_doc_props}
        if HIDDEN_SHEET not in self.book.sheetnames and not any(name in found for name in _FORMAT_PROPERTIES):
            raise self.refuse(
                "is not an update workbook from Migrator: it carries no update request. Collect the "
                "workbooks teams send back from an update request."
            )
        if found.get(PROPERTY_FORMAT):  # first: a newer layout may keep its request elsewhere
            self._format(found[PROPERTY_FORMAT])
        pairs, sent, raid_sent = self._hidden()
        properties = self._properties(found)
        for (name, value), (property_name, property_value) in zip(
            pairs.items(), properties.items(), strict=True
        ):
            if value != property_value:
                raise self.refuse(
                    f"was changed where Migrator keeps its request: the hidden sheet says {name} "
                    f"'{value}' but the file's properties say {property_name} '{property_value}'. "
                    "It cannot be matched safely; collect the file as it was sent back, "
                    "or send a new request."
                )
        format_number = self._format(pairs["format"])
        if raid_sent and format_number < 2:
            raise self._edited("RAID items are listed in a workbook of layout 1, which has none")
        try:
            sent_at = datetime.fromisoformat(pairs["sent"])
        except ValueError:
            raise self.refuse(
                f"was changed where Migrator keeps its request: '{pairs['sent']}' is no time."
            ) from None
        sheet = self._updates_sheet()
        by_id = {row.workstream_id: row for row in sent}
        lines = self._lines(sheet, by_id, sent_at.date())
        raid_lines = self._raid_lines(raid_sent) if raid_sent else ()
        return ReturnedWorkbook(
            file_name=self.name,
            digest=self.digest,
            format=format_number,
            token=pairs["request"],
            plan_identity=pairs["plan"],
            team_code=pairs["team"],
            sent_at=sent_at,
            sent=sent,
            lines=lines,
            problems=tuple(self.problems),
            sheet_name=sheet.title,
            raid_sent=raid_sent,
            raid_lines=raid_lines,
        )

    def _format(self, text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise self.refuse(f"says its layout is '{text}', which is no number Migrator writes.") from None
        if number > FORMAT:
            raise self.refuse(
                f"was made by a newer Migrator (layout {number}; this one reads up to {FORMAT}). "
                "Update Migrator and collect it again."
            )
        return number

    def _properties(self, found: dict[str, str]) -> dict[str, str]:
        missing = [name for name in _FORMAT_PROPERTIES if found.get(name) in (None, "")]
        if missing:
            raise self.refuse(
                "has lost the document properties that say which request it answers "
                f"({', '.join(missing)}); it was not saved from the workbook Migrator sent. "
                "Ask for the original file back, or send a new request."
            )
        return {name: found[name] for name in _FORMAT_PROPERTIES}

    def _hidden(self) -> tuple[dict[str, str], tuple[SentRow, ...], tuple[RaidSentRow, ...]]:
        if HIDDEN_SHEET not in self.book.sheetnames:
            raise self.refuse(
                f"has lost its hidden sheet '{HIDDEN_SHEET}', which matches each row to its workstream, so "
                "it cannot be read safely. Ask for the workbook as it was sent (filled in, not copied "
                "into a new file), or send a new request."
            )
        width = max(len(HIDDEN_COLUMNS), len(HIDDEN_RAID_COLUMNS))
        rows = {number: cells for number, cells in self._rows(self.book[HIDDEN_SHEET], width)}
        pairs: dict[str, str] = {}
        for number, name in enumerate(HIDDEN_PAIRS, 1):
            cells = rows.get(number, [])
            label = _text(_at(cells, 0).value)
            value = _text(_at(cells, 1).value)
            if label != name or not value:
                raise self._edited(f"row {number} should hold the {name}")
            pairs[name] = value
        header = [_text(cell.value) for cell in rows.get(HIDDEN_TABLE_ROW, [])]
        if tuple(header[: len(HIDDEN_COLUMNS)]) != HIDDEN_COLUMNS:
            raise self._edited(f"row {HIDDEN_TABLE_ROW} should be the heading of the rows sent")
        sent: list[SentRow] = []
        raid_sent: list[RaidSentRow] = []
        in_raid = False
        for number in sorted(n for n in rows if n > HIDDEN_TABLE_ROW):
            cells = rows[number]
            if all(cell.value is None for cell in cells):
                continue
            if not in_raid and _text(_at(cells, 0).value) == HIDDEN_RAID_COLUMNS[0]:
                heading = tuple(_text(_at(cells, index).value) for index in range(len(HIDDEN_RAID_COLUMNS)))
                if heading != HIDDEN_RAID_COLUMNS:
                    raise self._edited(f"row {number} should be the heading of the RAID items sent")
                in_raid = True
                continue
            try:
                if in_raid:
                    raid_sent.append(_raid_sent_row(cells))
                else:
                    sent.append(_sent_row(cells))
            except (ValueError, TypeError):
                raise self._edited(f"row {number} is not a row Migrator wrote") from None
        if len({row.workstream_id for row in sent}) != len(sent):
            raise self._edited("a workstream is listed twice")
        if len({row.item_id for row in raid_sent}) != len(raid_sent):
            raise self._edited("a RAID item is listed twice")
        return pairs, tuple(sent), tuple(raid_sent)

    def _edited(self, where: str) -> UpdateFileError:
        return self.refuse(
            f"was edited where Migrator keeps its request (the very hidden sheet '{HIDDEN_SHEET}': {where}), "
            "so its rows cannot be matched safely. Ask for the workbook as it was sent, "
            "or send a new request."
        )

    # ---------------------------------------------------------------- the Updates sheet

    def _updates_sheet(self) -> Any:
        names: list[str] = list(self.book.sheetnames)
        if UPDATES_SHEET in names:
            return self.book[UPDATES_SHEET]
        for name in names:
            if name in (HIDDEN_SHEET, HELP_SHEET):
                continue
            sheet = self.book[name]
            if hasattr(sheet, "iter_rows") and self._header(sheet) is not None:
                self.problems.append(
                    ReturnedProblem(
                        ProblemKind.SHEET,
                        f"The sheet '{UPDATES_SHEET}' was renamed to '{name}'; it was read all the same "
                        "(please do not rename the sheets).",
                    )
                )
                return sheet
        raise self.refuse(
            f"has no sheet '{UPDATES_SHEET}' with the update columns (its sheets: "
            f"{', '.join(repr(n) for n in names if n != HIDDEN_SHEET)}); it cannot be read."
        )

    def _header(
        self, sheet: Any, id_column: str = ID_COLUMN, headings: tuple[str, ...] = HEADINGS
    ) -> tuple[int, dict[str, int]] | None:
        """The header row's number and each heading's column (0-based), or None if there is none;
        the header is the first row naming ``id_column`` and Key (the Updates sheet's by default)."""
        for number, cells in self._rows(sheet, None):
            if number > _HEADER_SEARCH_ROWS:
                break
            texts = [" ".join(_text(cell.value).split()) for cell in cells]
            if id_column in texts and "Key" in texts:
                columns: dict[str, int] = {}
                for index, text in enumerate(texts):
                    if text in headings and text not in columns:
                        columns[text] = index
                return number, columns
        return None

    def _lines(self, sheet: Any, by_id: dict[int, SentRow], near: date) -> tuple[ReturnedLine, ...]:
        found = self._header(sheet)
        if found is None:
            raise self.refuse(
                f"has no header row with '{ID_COLUMN}' on the sheet '{sheet.title}'; it cannot be read."
            )
        header_row, columns = found
        needed = ["Key", *(heading for heading, _ in FILL_COLUMNS)]
        missing = [heading for heading in needed if heading not in columns]
        if missing:
            raise self.refuse(
                f"has lost the column{'s' if len(missing) > 1 else ''} {', '.join(repr(m) for m in missing)} "
                f"of the sheet '{sheet.title}' (header row {header_row}); it cannot be read."
            )
        where = sheet.title
        lines = self._matched_lines(
            sheet,
            header_row,
            columns,
            by_id,
            ID_COLUMN,
            "rows",
            "workstream_id",
            lambda number, sent, cells: _LineReader(self, where, number, sent, columns, cells, near).line(),
        )
        self.problems.sort(key=lambda p: (p.row is not None, p.row or 0))
        return lines

    def _matched_lines(
        self,
        sheet: Any,
        header_row: int,
        columns: dict[str, int],
        by_id: dict[int, _Sent],
        id_column: str,
        sent_what: str,
        id_field: str,
        read_line: Callable[[int, _Sent, list[_Value]], _Line],
    ) -> tuple[_Line, ...]:
        """The rows below the header matched to what was sent by their hidden id (``id_column``),
        each read by ``read_line``, in sheet order. A row without an id, with one this request did
        not send, or sharing its id with another row is said and not read, and so is a sent id no
        row carries; ``id_field`` names the problem's field the id goes in."""
        where = sheet.title
        width = max(columns.values()) + 1
        lines: dict[int, _Line] = {}
        rows_of: dict[int, list[int]] = {}
        count = 0
        for number, cells in self._rows(sheet, width):
            if number <= header_row or all(_blank(cell.value) for cell in cells):
                continue
            count += 1
            if count > MAX_ROWS:
                raise self.refuse(f"has more than {MAX_ROWS:,} rows on the sheet '{where}'; it was not read.")
            row_id = self._row_id(_at(cells, columns[id_column]), where, number, columns, cells, id_column)
            if row_id is None:
                continue
            sent = by_id.get(row_id)
            if sent is None:
                self.problems.append(
                    ReturnedProblem(
                        ProblemKind.UNKNOWN_ID,
                        f"{where} row {number}: its {id_column} {row_id} is not one of the {sent_what} "
                        "this request sent (copied from another workbook?); the row is not read.",
                        row=number,
                        column=id_column,
                    )
                )
                continue
            rows_of.setdefault(row_id, []).append(number)
            lines.setdefault(row_id, read_line(number, sent, cells))
        for row_id, numbers in rows_of.items():
            if len(numbers) > 1:
                sent = by_id[row_id]
                owner: dict[str, Any] = {id_field: row_id}
                self.problems.append(
                    ReturnedProblem(
                        ProblemKind.DUPLICATE_ID,
                        f"{where} rows {', '.join(str(n) for n in numbers)} all belong to {sent.key} (a row "
                        "was copied); none of them is read, since it is not clear which holds the answer.",
                        row=numbers[0],
                        key=sent.key,
                        **owner,
                    )
                )
                del lines[row_id]
        for sent_id, sent in by_id.items():
            if sent_id not in rows_of:
                owner = {id_field: sent_id}
                self.problems.append(
                    ReturnedProblem(
                        ProblemKind.MISSING,
                        f"{sent.key} was sent in this request but its row is not on the sheet '{where}' any "
                        "more (deleted?); nothing is updated for it.",
                        key=sent.key,
                        **owner,
                    )
                )
        return tuple(sorted(lines.values(), key=lambda line: line.row))

    def _row_id(
        self,
        cell: _Value,
        where: str,
        number: int,
        columns: dict[str, int],
        cells: list[_Value],
        id_column: str,
    ) -> int | None:
        value = cell.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        elif isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, int) and not isinstance(value, bool) and cell.data_type != "f":
            return value
        key = _text(_at(cells, columns["Key"]).value)
        typed = f" ({key})" if key else ""
        thing, new = _MATCHED_TO[id_column]
        self.problems.append(
            ReturnedProblem(
                ProblemKind.NO_ID,
                f"{where} row {number}{typed} has no {id_column}: it was added by hand (or its key typed "
                f"in), so it is not matched to any {thing} and nothing in it is read. Add new {new} in "
                "Migrator instead.",
                row=number,
                column=id_column,
                key=key,
            )
        )
        return None

    # ---------------------------------------------------------------- the RAID items sheet

    def _raid_sheet(self, count: int) -> Any:
        """The RAID items sheet (found under another name, said); None when it is gone."""
        names: list[str] = list(self.book.sheetnames)
        if RAID_SHEET in names:
            return self.book[RAID_SHEET]
        for name in names:
            if name in (HIDDEN_SHEET, HELP_SHEET):
                continue
            sheet = self.book[name]
            if hasattr(sheet, "iter_rows") and self._header(sheet, RAID_ID_COLUMN, RAID_HEADINGS) is not None:
                self.problems.append(
                    ReturnedProblem(
                        ProblemKind.SHEET,
                        f"The sheet '{RAID_SHEET}' was renamed to '{name}'; it was read all the same "
                        "(please do not rename the sheets).",
                    )
                )
                return sheet
        self.problems.append(
            ReturnedProblem(
                ProblemKind.MISSING,
                f"The sheet '{RAID_SHEET}' is not in the file any more (deleted?): nothing is updated for "
                f"the {count} RAID item(s) it listed.",
            )
        )
        return None

    def _raid_lines(self, raid_sent: tuple[RaidSentRow, ...]) -> tuple[ReturnedRaidLine, ...]:
        sheet = self._raid_sheet(len(raid_sent))
        if sheet is None:
            return ()
        where = sheet.title
        found = self._header(sheet, RAID_ID_COLUMN, RAID_HEADINGS)
        needed = ["Key", *(heading for heading, _ in RAID_FILL_COLUMNS), RAID_ID_COLUMN]
        missing = [h for h in needed if found is None or h not in found[1]]
        if found is None or missing:
            self.problems.append(
                ReturnedProblem(
                    ProblemKind.SHEET,
                    f"The sheet '{where}' has lost its column(s) {', '.join(repr(m) for m in missing)}: "
                    f"nothing on it is read, so nothing is updated for its {len(raid_sent)} RAID item(s).",
                )
            )
            return ()
        header_row, columns = found
        by_id = {row.item_id: row for row in raid_sent}
        first = len(self.problems)
        lines = self._matched_lines(
            sheet,
            header_row,
            columns,
            by_id,
            RAID_ID_COLUMN,
            "RAID items",
            "item_id",
            lambda number, sent, cells: _RaidLineReader(self, where, number, sent, columns, cells).line(),
        )
        self.problems[first:] = sorted(self.problems[first:], key=lambda p: (p.row is not None, p.row or 0))
        return lines

    def _rows(self, sheet: Any, width: int | None) -> Iterator[tuple[int, list[_Value]]]:
        """Each row with a value for each column up to ``width`` (all when None), formulas as text."""
        from openpyxl.cell.read_only import ReadOnlyCell

        formats = self.formats
        try:
            with sheet._get_source() as source:
                parser = _parser_class()(
                    source,
                    sheet._shared_strings,
                    data_only=False,
                    epoch=self.book.epoch,
                    date_formats=self.book._date_formats,
                    timedelta_formats=self.book._timedelta_formats,
                )
                for number, found in parser.parse():
                    kept = [
                        c for c in found if c["value"] is not None and (width is None or c["column"] <= width)
                    ]
                    cells = [_EMPTY] * (width or max((c["column"] for c in kept), default=0))
                    for c in kept:
                        style = c["style_id"]
                        number_format = formats.get(style)
                        if number_format is None:
                            number_format = formats[style] = (
                                ReadOnlyCell(sheet, number, 1, None, "n", style).number_format or "General"
                            )
                        cells[c["column"] - 1] = _Value(c["value"], c["data_type"], number_format)
                    yield number, cells
        except UpdateFileError:
            raise
        except Exception as error:
            raise self.refuse(f"is damaged: the sheet '{sheet.title}' cannot be read ({error}).") from None


@cache
def _parser_class() -> Any:
    """openpyxl's sheet parser, with the common cells (numbers, text, inline text, dates) read
    without its per-cell overhead: a returned workbook is read in about the time openpyxl needs
    to read its values alone. Formulas and anything unusual are left to openpyxl's own reading."""
    from openpyxl.utils.cell import column_index_from_string
    from openpyxl.worksheet._reader import WorkSheetParser
    from openpyxl.xml.constants import SHEET_MAIN_NS

    value_tag, formula_tag = f"{{{SHEET_MAIN_NS}}}v", f"{{{SHEET_MAIN_NS}}}f"
    inline_tag, text_tag, run_tag = f"{{{SHEET_MAIN_NS}}}is", f"{{{SHEET_MAIN_NS}}}t", f"{{{SHEET_MAIN_NS}}}r"
    columns: dict[str, int] = {}

    class FastParser(WorkSheetParser):  # type: ignore[misc]
        def parse_cell(self, element: Any) -> dict[str, Any]:
            coordinate = element.get("r")
            data_type = element.get("t", "n")
            if (
                not coordinate
                or data_type not in ("n", "s", "inlineStr")
                or element.find(formula_tag) is not None
            ):
                return super().parse_cell(element)  # type: ignore[no-any-return]
            letters = coordinate.rstrip("0123456789")
            column = columns.get(letters)
            if column is None:
                column = columns[letters] = column_index_from_string(letters)
            self.col_counter = column
            style_id = int(element.get("s", 0))
            value: Any = None
            if data_type == "inlineStr":
                found = element.find(inline_tag)
                if found is not None:
                    data_type = "s"
                    text = found.find(text_tag)
                    if text is not None:
                        value = text.text or ""
                    else:  # rich text: its runs' text, without phonetic guides
                        value = "".join(run.findtext(text_tag) or "" for run in found.findall(run_tag))
            else:
                raw = element.findtext(value_tag)
                if raw:
                    if data_type == "s":
                        value = self.shared_strings[int(raw)]
                    elif style_id in self.date_formats:
                        return super().parse_cell(element)  # type: ignore[no-any-return]
                    else:
                        try:
                            value = float(raw) if any(c in raw for c in ".eEnN") else int(raw)
                        except ValueError:  # "NaN" or worse, which no spreadsheet program writes
                            value, data_type = raw, "e"
            return {
                "row": int(coordinate[len(letters) :]),
                "column": column,
                "value": value,
                "data_type": data_type,
                "style_id": style_id,
            }

    return FastParser


class _LineReader:
    """One row of the Updates sheet: each green cell read, the locked ones compared with what was sent."""

    def __init__(
        self,
        reader: _Reader,
        where: str,
        number: int,
        sent: SentRow,
        columns: dict[str, int],
        cells: list[_Value],
        near: date,
    ) -> None:
        self.reader, self.where, self.number, self.sent = reader, where, number, sent
        self.columns, self.cells, self.near = columns, cells, near

    def problem(self, kind: ProblemKind, column: str | None, text: str) -> None:
        at = f", {column}" if column else ""
        self.reader.problems.append(
            ReturnedProblem(
                kind,
                f"{self.where} row {self.number} ({self.sent.key}){at}: {text}",
                row=self.number,
                column=column,
                workstream_id=self.sent.workstream_id,
                key=self.sent.key,
            )
        )

    def cell(self, heading: str) -> _Value:
        index = self.columns.get(heading)
        return _EMPTY if index is None else _at(self.cells, index)

    def line(self) -> ReturnedLine:
        self._check_locked()
        answers: dict[str, Any] = {}
        for heading, field in FILL_COLUMNS:
            cell = self.cell(heading)
            if cell.data_type == "f":
                self.problem(
                    ProblemKind.CELL,
                    heading,
                    f"holds a formula ({_short(cell.value)}); formulas are not read, type the value itself.",
                )
                continue
            if cell.data_type == "e":
                self.problem(
                    ProblemKind.CELL, heading, f"holds an error ({cell.value}); the cell is not read."
                )
                continue
            try:
                answers[field or "comment"] = self._parse(field, cell)
            except CellProblemError as error:
                self.problem(ProblemKind.CELL, heading, f"{error} The cell is not read.")
        start, due = answers.get("planned_start"), answers.get("planned_due")
        effective_start = start if start is not None else self.sent.planned_start
        effective_due = due if due is not None else self.sent.planned_due
        if effective_start is not None and effective_due is not None and effective_due < effective_start:
            self.problem(
                ProblemKind.DATES,
                None,
                f"the due date {date_text(effective_due)} is before the start {date_text(effective_start)}; "
                "neither date is read.",
            )
            answers["planned_start"] = answers["planned_due"] = None
        return ReturnedLine(
            row=self.number,
            workstream_id=self.sent.workstream_id,
            key=self.sent.key,
            status=answers.get("status"),
            progress=answers.get("progress"),
            planned_start=answers.get("planned_start"),
            planned_due=answers.get("planned_due"),
            blocker_note=answers.get("blocker_note"),
            comment=answers.get("comment") or "",
        )

    def _parse(self, field: str | None, cell: _Value) -> Any:
        value = cell.value
        if field == "status":
            return parse_status_word(value)
        if field == "progress":
            return parse_progress(Cell(value, cell.number_format))
        if field in ("planned_start", "planned_due"):
            return parse_answer_date(value, self.near)
        text = _note(value)
        return text if field == "blocker_note" else text.strip()

    def _check_locked(self) -> None:
        sent = self.sent
        expected: dict[str, Any] = {
            "Key": sent.key,
            "Status now": sent.status.label,
            "Start": sent.planned_start,
            "Due": sent.planned_due,
        }
        for heading in _LOCKED_CHECKED:
            if heading not in self.columns:
                continue
            cell = self.cell(heading)
            now = _locked_value(cell.value)
            if now != expected[heading]:
                self.problem(
                    ProblemKind.LOCKED,
                    heading,
                    f"this locked column was changed from {_shown(expected[heading])} to {_shown(now)}; "
                    "the change is ignored (answer in the green columns).",
                )


class _RaidLineReader:
    """One row of the RAID items sheet: the green cells its item's type answers, the locked ones
    compared with what was sent."""

    def __init__(
        self, reader: _Reader, where: str, number: int, sent: RaidSentRow, columns: dict[str, int],
        cells: list[_Value],
    ) -> None:  # fmt: skip
        self.reader, self.where, self.number, self.sent = reader, where, number, sent
        self.columns, self.cells = columns, cells

    def problem(self, kind: ProblemKind, column: str | None, text: str) -> None:
        at = f", {column}" if column else ""
        self.reader.problems.append(
            ReturnedProblem(
                kind,
                f"{self.where} row {self.number} ({self.sent.key}){at}: {text}",
                row=self.number,
                column=column,
                key=self.sent.key,
                item_id=self.sent.item_id,
            )
        )

    def cell(self, heading: str) -> _Value:
        index = self.columns.get(heading)
        return _EMPTY if index is None else _at(self.cells, index)

    def line(self) -> ReturnedRaidLine:
        self._check_locked()
        answers: dict[str, Any] = {}
        for heading, field in RAID_FILL_COLUMNS:
            if field is not None and field not in self.sent.fields:  # grey and locked for this type
                value = self.cell(heading).value
                if not _blank(value):
                    self.problem(
                        ProblemKind.LOCKED,
                        heading,
                        f"this column does not apply to {a(self.sent.type)} (it is locked); "
                        f'"{_short(value)}" is ignored.',
                    )
                continue
            cell = self.cell(heading)
            if cell.data_type == "f":
                self.problem(
                    ProblemKind.CELL,
                    heading,
                    f"holds a formula ({_short(cell.value)}); formulas are not read, type the value itself.",
                )
                continue
            if cell.data_type == "e":
                self.problem(
                    ProblemKind.CELL, heading, f"holds an error ({cell.value}); the cell is not read."
                )
                continue
            try:
                answers[field or "comment"] = self._parse(field, cell.value)
            except CellProblemError as error:
                self.problem(ProblemKind.CELL, heading, f"{error} The cell is not read.")
        return ReturnedRaidLine(
            row=self.number,
            item_id=self.sent.item_id,
            key=self.sent.key,
            status=answers.get("status"),
            probability=answers.get("probability"),
            impact=answers.get("impact"),
            actions=answers.get("actions"),
            outcome=answers.get("outcome"),
            comment=answers.get("comment") or "",
        )

    def _parse(self, field: str | None, value: Any) -> Any:
        if field == "status":
            return parse_raid_status(value, self.sent.type)
        if field in ("probability", "impact"):
            return parse_scale(value)
        text = _note(value)
        return text if field is not None else text.strip()

    def _check_locked(self) -> None:
        expected = {"Key": self.sent.key, "Status now": self.sent.status.label}
        for heading, was in expected.items():
            if heading not in self.columns:
                continue
            now = _locked_value(self.cell(heading).value)
            if now != was:
                self.problem(
                    ProblemKind.LOCKED,
                    heading,
                    f"this locked column was changed from {_shown(was)} to {_shown(now)}; "
                    "the change is ignored (answer in the green columns).",
                )


def parse_raid_status(value: Any, kind: RaidType) -> RaidStatus | None:
    """A RAID item's status as its type allows it ("Closed" for a risk, "Decided" for a decision)."""
    text = cell_text(value)
    if text is None:
        return None
    allowed = STATUSES_OF[kind]
    choices = ", ".join(status.label for status in allowed)
    found = next((status for status in RaidStatus if _plain(status.value) == _plain(text)), None)
    if found is None or found not in allowed:
        raise CellProblemError(f'"{text}" is not a status {a(kind)} takes (choose one of {choices}).')
    return found


def parse_scale(value: Any) -> int | None:
    """A probability or impact: a whole number from 1 to 5."""
    if _blank(value):
        return None
    number: Any = value
    if isinstance(value, str):
        number = value.strip()
        number = int(number) if number.isdigit() else number
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    if isinstance(number, bool) or not isinstance(number, int) or number not in SCALE:
        highest = SCALE.stop - 1
        raise CellProblemError(
            f'"{cell_text(value)}" is not on the scale (a whole number from {SCALE.start} to {highest}).'
        )
    return number


# ---------------------------------------------------------------- small helpers


def _sent_row(cells: list[_Value]) -> SentRow:
    values = [_at(cells, index).value for index in range(len(HIDDEN_COLUMNS))]
    identifier, key, version, status, progress, start, due, note = values
    return SentRow(
        workstream_id=_whole(identifier),
        key=_required_text(key),
        version=_whole(version),
        status=Status(_required_text(status)),
        progress=_whole(progress),
        planned_start=_iso_date(start),
        planned_due=_iso_date(due),
        blocker_note=_text(note),
    )


def _raid_sent_row(cells: list[_Value]) -> RaidSentRow:
    values = [_at(cells, index).value for index in range(len(HIDDEN_RAID_COLUMNS))]
    identifier, key, kind, version, status, probability, impact, actions, outcome = values
    return RaidSentRow(
        item_id=_whole(identifier),
        key=_required_text(key),
        type=RaidType(_required_text(kind)),
        version=_whole(version),
        status=RaidStatus(_required_text(status)),
        probability=None if probability is None else _whole(probability),
        impact=None if impact is None else _whole(impact),
        actions=_text(actions),
        outcome=_text(outcome),
    )


def _whole(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    raise ValueError("not a whole number")


def _required_text(value: Any) -> str:
    text = _text(value)
    if not text:
        raise ValueError("empty")
    return text


def _iso_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):  # a spreadsheet program turned the text into a date
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())


def _property_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value).strip()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _note(value: Any) -> str:
    """A note's text as typed (numbers without '.0'; dates as the date); "" when empty."""
    if isinstance(value, datetime | date):
        return date_text(value.date() if isinstance(value, datetime) else value)
    text = cell_text(value)
    return "" if text is None else text.replace("\r\n", "\n").strip()


def _locked_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        return value.strip() or None
    return value


def _shown(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, date):
        return date_text(value)
    return f'"{_short(value)}"'


def _short(value: Any, most: int = 60) -> str:
    text = str(value)
    return text if len(text) <= most else text[: most - 1] + "…"


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _at(cells: list[_Value], index: int) -> _Value:
    return cells[index] if index < len(cells) else _EMPTY
