"""Reading returned update workbooks: written by Migrator, edited as a team lead would (with
openpyxl, which saves as Excel does), and read back; and every kind of file refused whole."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from migrator.domain.model import Status
from migrator.domain.update_form import FIRST_ROW, HEADINGS, HIDDEN_SHEET, HIDDEN_TABLE_ROW, UPDATES_SHEET
from migrator.domain.updates import UPDATE_FIELDS, ProblemKind, ReturnedWorkbook
from migrator.importing.update_returns import UpdateFileError, read_update_workbook
from tests.reports.update_requests import BLOCKER, SENT_AT, sent_rows, written

FILES = Path(__file__).parent / "files"
COLUMN = {heading: number for number, heading in enumerate(HEADINGS, 1)}
# Rows as written: sorted by key number.
ROW = {"BNK-2": FIRST_ROW, "BNK-3": FIRST_ROW + 1, "BNK-10": FIRST_ROW + 2, "BNK-11": FIRST_ROW + 3}
ID = {"BNK-2": 7, "BNK-3": 9, "BNK-10": 12, "BNK-11": 15}

Edit = Callable[[openpyxl.Workbook], None]


def returned(tmp_path: Path, edit: Edit, name: str = "Banking.xlsx") -> Path:
    """The workbook written, opened, edited and saved as a team lead's spreadsheet program would."""
    path = written(tmp_path, name=name)
    book = openpyxl.load_workbook(path)
    edit(book)
    book.save(path)
    return path


def fill(answers: dict[tuple[str, str], Any]) -> Edit:
    """An edit typing ``answers[(key, heading)]`` into the Updates sheet."""

    def edit(book: openpyxl.Workbook) -> None:
        ws = book[UPDATES_SHEET]
        for (key, heading), value in answers.items():
            ws.cell(ROW[key], COLUMN[heading]).value = value

    return edit


def texts(result: ReturnedWorkbook) -> list[str]:
    return [problem.text for problem in result.problems]


def test_a_workbook_returned_untouched_reads_back_as_sent(tmp_path: Path) -> None:
    result = read_update_workbook(written(tmp_path))
    assert (result.token, result.plan_identity, result.team_code, result.format) == (
        "req-5f2c9a", "plan-8d41e7", "BNK", 1
    )  # fmt: skip
    assert result.sent_at == SENT_AT and result.file_name == "Banking.xlsx" and len(result.digest) == 64
    assert result.sent == sent_rows()
    assert result.problems == ()
    assert [line.key for line in result.lines] == ["BNK-2", "BNK-3", "BNK-10", "BNK-11"]
    sent = {row.workstream_id: row for row in sent_rows()}
    for line in result.lines:
        for field in UPDATE_FIELDS:
            assert line.value(field) == sent[line.workstream_id].value(field), (line.key, field)
        assert line.comment == ""


def test_a_team_leads_answers_are_read(tmp_path: Path) -> None:
    path = returned(
        tmp_path,
        fill({
            ("BNK-3", "New status"): "In progress",
            ("BNK-3", "Progress %"): 60,
            ("BNK-3", "New due"): datetime(2027, 4, 30),
            ("BNK-3", "Blocker note"): None,  # the blocker is gone
            ("BNK-3", "Comment for the report"): "Vendor delivered the test system on 2 March.",
            ("BNK-10", "New status"): "Done",
            ("BNK-10", "Progress %"): 100,
        }),
    )  # fmt: skip
    result = read_update_workbook(path)
    assert result.problems == ()
    bnk3, bnk10 = result.line(ID["BNK-3"]), result.line(ID["BNK-10"])
    assert bnk3 is not None and bnk10 is not None
    assert (bnk3.status, bnk3.progress, bnk3.planned_due, bnk3.blocker_note) == (
        Status.IN_PROGRESS, 60, date(2027, 4, 30), ""
    )  # fmt: skip
    assert bnk3.planned_start == date(2027, 2, 1)  # left as sent
    assert bnk3.comment == "Vendor delivered the test system on 2 March."
    assert (bnk10.status, bnk10.progress) == (Status.DONE, 100)


def test_emptied_answers_mean_no_answer_except_the_blocker_note(tmp_path: Path) -> None:
    cleared = {("BNK-3", heading): None for heading in ("New status", "Progress %", "New start", "New due")}
    result = read_update_workbook(returned(tmp_path, fill(cleared)))
    line = result.line(ID["BNK-3"])
    assert line is not None
    assert [line.value(field) for field in UPDATE_FIELDS] == [None, None, None, None, BLOCKER]
    assert result.problems == ()


def test_answers_typed_as_text_in_other_languages_and_forms(tmp_path: Path) -> None:
    def edit(book: openpyxl.Workbook) -> None:
        fill(
            {
                ("BNK-2", "New status"): "en cours",
                ("BNK-3", "New status"): "Erledigt",
                ("BNK-10", "New status"): "Terminé",
                ("BNK-11", "New status"): "cancelado",
                ("BNK-2", "Progress %"): "40 %",
                ("BNK-3", "Progress %"): 0.35,
                ("BNK-2", "New start"): "15 Apr 2027",
                ("BNK-2", "New due"): "2027-06-30",
                ("BNK-10", "New due"): "25/05/2027",  # only one reading is a date
            }
        )(book)
        book[UPDATES_SHEET].cell(ROW["BNK-3"], COLUMN["Progress %"]).number_format = "0%"

    result = read_update_workbook(returned(tmp_path, edit))
    assert result.problems == ()
    lines = {line.key: line for line in result.lines}
    assert [lines[k].status for k in ("BNK-2", "BNK-3", "BNK-10", "BNK-11")] == [
        Status.IN_PROGRESS, Status.DONE, Status.DONE, Status.CANCELLED
    ]  # fmt: skip
    assert (lines["BNK-2"].progress, lines["BNK-3"].progress) == (40, 35)
    assert (lines["BNK-2"].planned_start, lines["BNK-2"].planned_due) == (
        date(2027, 4, 15),
        date(2027, 6, 30),
    )
    assert lines["BNK-10"].planned_due == date(2027, 5, 25)


def test_values_that_are_no_answer_are_named_with_row_and_column_and_not_read(tmp_path: Path) -> None:
    path = returned(
        tmp_path,
        fill({
            ("BNK-2", "New due"): "03/04/2027",  # 3 April or 4 March: not guessed
            ("BNK-3", "New status"): "soon",
            ("BNK-3", "Progress %"): 140,
            ("BNK-10", "New start"): "31/02/2027",
            ("BNK-11", "New due"): datetime(2207, 5, 1),
        }),
    )  # fmt: skip
    result = read_update_workbook(path)
    assert all(problem.kind is ProblemKind.CELL for problem in result.problems)
    assert texts(result) == [
        'Updates row 5 (BNK-2), New due: "03/04/2027" could be 4 Mar 2027 or 3 Apr 2027 (which is '
        "the day and "
        "which the month is not clear); type the month's name, like 4 Mar 2027. The cell is not read.",
        'Updates row 6 (BNK-3), New status: "soon" is not a status (choose one of Not started, In progress, '
        "Blocked, Done, Cancelled). The cell is not read.",
        "Updates row 6 (BNK-3), Progress %: Progress must be from 0 to 100 percent, not 140. The "
        "cell is not read.",
        'Updates row 7 (BNK-10), New start: "31/02/2027" is not a date: February 2027 has 28 days. '
        "The cell is not read.",
        "Updates row 8 (BNK-11), New due: 2207-05-01 looks like a typo: plan dates fall between 2000 "
        "and 2099. "
        "The cell is not read.",
    ]
    assert [(p.row, p.column, p.workstream_id) for p in result.problems][:2] == [
        (5, "New due", ID["BNK-2"]), (6, "New status", ID["BNK-3"])
    ]  # fmt: skip
    bnk2, bnk3 = result.line(ID["BNK-2"]), result.line(ID["BNK-3"])
    assert bnk2 is not None and bnk3 is not None
    assert bnk2.planned_due is None and bnk2.planned_start == date(2027, 3, 15)
    assert (bnk3.status, bnk3.progress, bnk3.blocker_note) == (None, None, BLOCKER)


def test_formulas_typed_into_cells_are_refused_and_never_evaluated(tmp_path: Path) -> None:
    path = returned(
        tmp_path,
        fill({
            ("BNK-3", "Progress %"): "=50+10",
            ("BNK-3", "New status"): '=IF(TRUE,"Done","Blocked")',
            ("BNK-3", "Comment for the report"): '=HYPERLINK("http://evil.example","click")',
            ("BNK-10", "New due"): "=TODAY()+7",
        }),
    )  # fmt: skip
    result = read_update_workbook(path)
    assert [(p.row, p.column) for p in result.problems] == [
        (6, "New status"), (6, "Progress %"), (6, "Comment for the report"), (7, "New due")
    ]  # fmt: skip
    assert texts(result)[1] == (
        "Updates row 6 (BNK-3), Progress %: holds a formula (=50+10); formulas are not read, type "
        "the value itself."
    )
    bnk3 = result.line(ID["BNK-3"])
    assert bnk3 is not None and (bnk3.status, bnk3.progress, bnk3.comment) == (None, None, "")


def test_a_due_date_before_the_start_is_refused_naming_the_row(tmp_path: Path) -> None:
    path = returned(tmp_path, fill({("BNK-2", "New due"): datetime(2027, 3, 1)}))  # starts 15 Mar
    result = read_update_workbook(path)
    assert texts(result) == [
        "Updates row 5 (BNK-2): the due date 1 Mar 2027 is before the start 15 Mar 2027; neither "
        "date is read."
    ]
    assert result.problems[0].kind is ProblemKind.DATES
    line = result.line(ID["BNK-2"])
    assert line is not None and (line.planned_start, line.planned_due) == (None, None)
    assert line.status == Status.NOT_STARTED  # the rest of the row is read


def test_edits_to_locked_context_are_reported_and_ignored(tmp_path: Path) -> None:
    def edit(book: openpyxl.Workbook) -> None:
        book[UPDATES_SHEET].protection.sheet = False  # as a team lead who unprotects the sheet
        fill(
            {
                ("BNK-3", "Key"): "BNK-33",
                ("BNK-3", "Status now"): "Done",
                ("BNK-3", "Due"): datetime(2027, 6, 1),
                ("BNK-3", "Workstream"): "Renamed",  # only shown: not compared
            }
        )(book)

    result = read_update_workbook(returned(tmp_path, edit))
    assert all(problem.kind is ProblemKind.LOCKED for problem in result.problems)
    assert texts(result) == [
        'Updates row 6 (BNK-3), Key: this locked column was changed from "BNK-3" to "BNK-33"; the change is '
        "ignored (answer in the green columns).",
        'Updates row 6 (BNK-3), Status now: this locked column was changed from "Blocked" to "Done"; '
        "the change "
        "is ignored (answer in the green columns).",
        "Updates row 6 (BNK-3), Due: this locked column was changed from 31 Mar 2027 to 1 Jun 2027; "
        "the change "
        "is ignored (answer in the green columns).",
    ]
    line = result.line(ID["BNK-3"])
    assert line is not None and line.key == "BNK-3" and line.status == Status.BLOCKED


def test_rich_text_and_text_cells_from_other_programs_read_as_plain_text(tmp_path: Path) -> None:
    comment = CellRichText("Cut-over ", TextBlock(InlineFont(b=True), "moved"), " to April.")
    result = read_update_workbook(
        returned(
            tmp_path, fill({("BNK-2", "Comment for the report"): comment, ("BNK-2", "Progress %"): "15"})
        )
    )
    line = result.line(ID["BNK-2"])
    assert line is not None and (line.comment, line.progress) == ("Cut-over moved to April.", 15)
    assert result.problems == ()


def test_rows_resorted_and_filtered_are_matched_by_their_hidden_id(tmp_path: Path) -> None:
    def edit(book: openpyxl.Workbook) -> None:
        ws = book[UPDATES_SHEET]
        ws.cell(ROW["BNK-10"], COLUMN["New status"]).value = "Done"
        rows = [[c.value for c in ws[number]] for number in range(FIRST_ROW, FIRST_ROW + 4)]
        for number, values in zip(range(FIRST_ROW, FIRST_ROW + 4), reversed(rows), strict=True):
            for column, value in enumerate(values, 1):
                ws.cell(number, column).value = value
        ws.row_dimensions[FIRST_ROW + 1].hidden = True  # filtered out, still in the file
        ws.auto_filter.add_filter_column(COLUMN["New status"] - 1, ["Done"])

    result = read_update_workbook(returned(tmp_path, edit))
    assert result.problems == ()
    assert [line.key for line in result.lines] == ["BNK-11", "BNK-10", "BNK-3", "BNK-2"]
    by_key = {line.key: line for line in result.lines}
    assert by_key["BNK-10"].status == Status.DONE and by_key["BNK-10"].row == FIRST_ROW + 1
    assert by_key["BNK-3"].blocker_note == BLOCKER and by_key["BNK-2"].status == Status.NOT_STARTED


def test_rows_added_by_hand_or_keys_typed_are_never_matched(tmp_path: Path) -> None:
    def edit(book: openpyxl.Workbook) -> None:
        ws = book[UPDATES_SHEET]
        ws.cell(FIRST_ROW + 4, COLUMN["Key"]).value = "BNK-2"  # a key typed in: not an id
        ws.cell(FIRST_ROW + 4, COLUMN["New status"]).value = "Done"
        ws.cell(FIRST_ROW + 5, COLUMN["Workstream"]).value = "New work we forgot"

    result = read_update_workbook(returned(tmp_path, edit))
    assert [(p.kind, p.row) for p in result.problems] == [(ProblemKind.NO_ID, 9), (ProblemKind.NO_ID, 10)]
    assert texts(result)[0] == (
        "Updates row 9 (BNK-2) has no Row id: it was added by hand (or its key typed in), so it is "
        "not matched "
        "to any workstream and nothing in it is read. Add new work in Migrator instead."
    )
    bnk2 = result.line(ID["BNK-2"])
    assert bnk2 is not None and bnk2.status == Status.NOT_STARTED  # the typed row did not answer for it


def test_rows_deleted_copied_or_from_elsewhere_are_named(tmp_path: Path) -> None:
    def edit(book: openpyxl.Workbook) -> None:
        ws = book[UPDATES_SHEET]
        ws.cell(ROW["BNK-2"], COLUMN["Row id"]).value = 4711  # not a row of this request
        for column in range(1, len(HEADINGS) + 1):  # BNK-10's row copied over BNK-11's
            ws.cell(ROW["BNK-11"], column).value = ws.cell(ROW["BNK-10"], column).value

    result = read_update_workbook(returned(tmp_path, edit))
    assert [(p.kind, p.row, p.key) for p in result.problems] == [
        (ProblemKind.MISSING, None, "BNK-2"),
        (ProblemKind.MISSING, None, "BNK-11"),
        (ProblemKind.UNKNOWN_ID, 5, ""),
        (ProblemKind.DUPLICATE_ID, 7, "BNK-10"),
    ]
    assert texts(result)[2] == (
        "Updates row 5: its Row id 4711 is not one of the rows this request sent (copied from another "
        "workbook?); the row is not read."
    )
    assert texts(result)[3] == (
        "Updates rows 7, 8 all belong to BNK-10 (a row was copied); none of them is read, since it is not "
        "clear which holds the answer."
    )
    assert texts(result)[1] == (
        "BNK-11 was sent in this request but its row is not on the sheet 'Updates' any more (deleted?); "
        "nothing is updated for it."
    )
    assert [line.key for line in result.lines] == ["BNK-3"]


def test_a_row_deleted_from_the_sheet_is_missing(tmp_path: Path) -> None:
    def edit(book: openpyxl.Workbook) -> None:
        book[UPDATES_SHEET].delete_rows(ROW["BNK-3"])

    result = read_update_workbook(returned(tmp_path, edit))
    assert [(p.kind, p.workstream_id) for p in result.problems] == [(ProblemKind.MISSING, ID["BNK-3"])]
    assert [line.key for line in result.lines] == ["BNK-2", "BNK-10", "BNK-11"]


def test_a_renamed_sheet_is_reported_and_still_read(tmp_path: Path) -> None:
    def edit(book: openpyxl.Workbook) -> None:
        fill({("BNK-3", "Progress %"): 30})(book)
        book[UPDATES_SHEET].title = "Banking Q1"

    result = read_update_workbook(returned(tmp_path, edit))
    assert texts(result) == [
        "The sheet 'Updates' was renamed to 'Banking Q1'; it was read all the same (please do not "
        "rename the sheets)."
    ]
    assert result.sheet_name == "Banking Q1"
    line = result.line(ID["BNK-3"])
    assert line is not None and line.progress == 30


# ---------------------------------------------------------------- files refused whole


def refused(path: Path) -> str:
    with pytest.raises(UpdateFileError) as caught:
        read_update_workbook(path)
    message = str(caught.value)
    assert path.name in message
    return message


def test_a_workbook_without_its_hidden_sheet_is_refused(tmp_path: Path) -> None:
    path = returned(tmp_path, lambda book: book.remove(book[HIDDEN_SHEET]))
    assert refused(path) == (
        "Banking.xlsx has lost its hidden sheet 'migrator', which matches each row to its workstream, so it "
        "cannot be read safely. Ask for the workbook as it was sent (filled in, not copied into a new file), "
        "or send a new request."
    )


def test_a_workbook_whose_hidden_request_was_changed_is_refused(tmp_path: Path) -> None:
    path = returned(tmp_path, lambda book: setattr(book[HIDDEN_SHEET]["B2"], "value", "req-other"))
    assert refused(path).startswith(
        "Banking.xlsx was changed where Migrator keeps its request: the hidden sheet says request "
        "'req-other' "
        "but the file's properties say migrator.request 'req-5f2c9a'."
    )


def test_a_workbook_whose_hidden_rows_were_mangled_is_refused(tmp_path: Path) -> None:
    path = returned(
        tmp_path, lambda book: setattr(book[HIDDEN_SHEET].cell(HIDDEN_TABLE_ROW + 1, 4), "value", "ok")
    )
    assert refused(path) == (
        f"Banking.xlsx was edited where Migrator keeps its request (the very hidden sheet 'migrator': row "
        f"{HIDDEN_TABLE_ROW + 1} is not a row Migrator wrote), so its rows cannot be matched safely. Ask for "
        "the workbook as it was sent, or send a new request."
    )


def test_a_workbook_that_never_was_an_update_request_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "Plan export.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Key", "Title", "Status"])
    book.save(path)
    assert refused(path) == (
        "Plan export.xlsx is not an update workbook from Migrator: it carries no update request. Collect the "
        "workbooks teams send back from an update request."
    )


def test_a_workbook_without_its_properties_is_refused(tmp_path: Path) -> None:
    def edit(book: openpyxl.Workbook) -> None:
        book.custom_doc_props = openpyxl.packaging.custom.CustomPropertyList()

    assert "has lost the document properties that say which request it answers" in refused(
        returned(tmp_path, edit)
    )


def test_a_workbook_from_a_newer_migrator_is_refused(tmp_path: Path) -> None:
    def edit(book: openpyxl.Workbook) -> None:
        book[HIDDEN_SHEET]["B1"] = "3"
        book[HIDDEN_SHEET]["A1"] = "a layout this Migrator does not know"
        for prop in book.custom_doc_props:
            if prop.name == "migrator.format":
                prop.value = "3"

    assert refused(returned(tmp_path, edit)) == (
        "Banking.xlsx was made by a newer Migrator (layout 3; this one reads up to 2). Update Migrator and "
        "collect it again."
    )


def test_a_macro_workbook_is_refused(tmp_path: Path) -> None:
    xlsm = written(tmp_path).rename(tmp_path / "Banking.xlsm")
    assert refused(xlsm).startswith(
        "Banking.xlsm is a macro-enabled workbook (.xlsm); Migrator does not open"
    )
    disguised = tmp_path / "Disguised.xlsx"
    with zipfile.ZipFile(xlsm) as source, zipfile.ZipFile(disguised, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/vbaProject.bin", b"\x00" * 64)
    assert "contains macros" in refused(disguised)


def test_a_password_protected_workbook_is_refused(tmp_path: Path) -> None:
    # An update workbook encrypted with the password "secret" as Excel does it (Agile encryption,
    # made with msoffcrypto-tool): an OLE compound file holding an "EncryptedPackage".
    path = tmp_path / "Banking.xlsx"
    path.write_bytes((FILES / "password-protected.xlsx").read_bytes())
    assert refused(path) == (
        "Banking.xlsx is protected with a password, so it cannot be read. Open it, remove the password "
        "(File → Info → Protect Workbook → Encrypt with Password, empty), save and collect it again."
    )


def test_an_old_excel_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "Banking.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))  # OLE, no encrypted package
    assert (
        refused(path) == "Banking.xlsx is an old Excel 97-2003 workbook; save it as .xlsx and collect that."
    )


def test_a_csv_saved_from_the_workbook_is_refused(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(written(tmp_path))[UPDATES_SHEET]
    path = tmp_path / "Banking.csv"
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows(ws.iter_rows(values_only=True))
    assert "is a CSV file: saving as CSV drops the hidden sheet" in refused(path)
    renamed = path.rename(tmp_path / "Banking-csv.xlsx")
    assert refused(renamed) == (
        "Banking-csv.xlsx is not an Excel workbook: it is damaged or not an .xlsx file at all."
    )


def test_other_file_types_and_missing_files(tmp_path: Path) -> None:
    ods = tmp_path / "Banking.ods"
    ods.write_bytes(b"PK")
    assert "returned updates are .xlsx files" in refused(ods)
    with pytest.raises(UpdateFileError, match="There is no file at"):
        read_update_workbook(tmp_path / "gone.xlsx")


def test_a_zip_bomb_is_not_opened(tmp_path: Path) -> None:
    path = tmp_path / "Bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * 20_000_000)
    assert "looks like a zip bomb" in refused(path)


def test_a_huge_file_is_not_opened(tmp_path: Path) -> None:
    path = tmp_path / "Huge.xlsx"
    with path.open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)  # sparse: takes no disk
    assert refused(path) == (
        "Huge.xlsx is 60 MB; an update workbook is far smaller, so it was not opened (at most 50 MB)."
    )


def test_a_truncated_workbook_is_refused(tmp_path: Path) -> None:
    path = written(tmp_path)
    path.write_bytes(path.read_bytes()[:3000])
    assert refused(path).startswith("Banking.xlsx is not an Excel workbook")
