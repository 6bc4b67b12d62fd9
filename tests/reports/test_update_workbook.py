"""The update workbook a team lead opens: what it shows, what is locked, what it carries hidden,
and the e-mail draft it travels in."""

from __future__ import annotations

import email
import email.policy
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from migrator.domain.model import Status
from migrator.domain.update_form import (
    FIRST_ROW,
    HEADER_ROW,
    HEADINGS,
    HELP_SHEET,
    HIDDEN_COLUMNS,
    HIDDEN_SHEET,
    HIDDEN_TABLE_ROW,
    UPDATES_SHEET,
)
from migrator.domain.updates import SentRow
from migrator.importing.update_returns import read_update_workbook
from migrator.reports import update_workbook
from migrator.reports.mail_draft import write_mail_draft
from migrator.reports.safe_file import ReportWriteError
from migrator.reports.update_workbook import CONTEXT_FILL, FILL_TINT, update_workbook_name
from tests.reports.update_requests import COORDINATOR, request_workbook, sent_rows, written

COLUMN = {heading: number for number, heading in enumerate(HEADINGS, 1)}


def letter(heading: str) -> str:
    return str(openpyxl.utils.get_column_letter(COLUMN[heading]))


def test_the_updates_sheet_says_what_is_asked_and_lists_the_open_work_by_key_number(tmp_path: Path) -> None:
    path = written(tmp_path, request_workbook(message="Does the cut-over date still hold?"))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [UPDATES_SHEET, HELP_SHEET, HIDDEN_SHEET]
    ws = book[UPDATES_SHEET]
    assert ws["A1"].value == "Banking & Payments — status update for Bank merger 2027"
    assert ws["A2"].value == (
        "Please fill in the green columns by 10 Mar 2027 and send the file back to Sam Keller. "
        "Does the cut-over date still hold?"
    )
    assert [cell.value for cell in ws[HEADER_ROW]] == list(HEADINGS)
    keys = [ws.cell(row, 1).value for row in range(FIRST_ROW, FIRST_ROW + 4)]
    assert keys == ["BNK-2", "BNK-3", "BNK-10", "BNK-11"]  # by number, not as text
    blocked = {heading: ws.cell(FIRST_ROW + 1, number).value for heading, number in COLUMN.items()}
    assert blocked["Status now"] == blocked["New status"] == "Blocked"
    assert blocked["Progress %"] == 20
    assert blocked["Start"] == blocked["New start"] == datetime(2027, 2, 1)
    assert blocked["New due"] == datetime(2027, 3, 31)
    assert blocked["Blocker note"] == "Waiting for the vendor's test system"
    assert blocked["Comment for the report"] is None
    assert blocked["Row id"] == 9
    assert ws.cell(FIRST_ROW, COLUMN["Waits on"]).value == "CORE-3 Core ledger cut-over (Core Banking)"
    assert ws[f"{letter('New due')}{FIRST_ROW}"].number_format == "d mmm yyyy"


def test_without_a_due_date_the_request_just_asks(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(written(tmp_path, request_workbook(due=None)))[UPDATES_SHEET]
    assert ws["A2"].value == "Please fill in the green columns and send the file back to Sam Keller."


def test_context_is_locked_and_grey_the_answers_open_and_green_even_when_empty(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(written(tmp_path))[UPDATES_SHEET]
    undated = FIRST_ROW + 3  # BNK-11 has no dates: its date cells are empty but must take typing
    for row in (FIRST_ROW, undated):
        for heading in ("Key", "Workstream", "Status now", "Due", "Waits on"):
            cell = ws[f"{letter(heading)}{row}"]
            assert cell.protection.locked, heading
            assert cell.fill.fgColor.rgb.endswith(CONTEXT_FILL), heading
        for heading in (
            "New status",
            "Progress %",
            "New start",
            "New due",
            "Blocker note",
            "Comment for the report",
        ):
            cell = ws[f"{letter(heading)}{row}"]
            assert not cell.protection.locked, heading
            assert cell.fill.fgColor.rgb.endswith(FILL_TINT), heading
    assert ws[f"{letter('Row id')}{FIRST_ROW}"].protection.locked
    assert ws.column_dimensions[letter("Row id")].hidden


def test_the_sheet_is_protected_without_a_password_but_filters_and_sorts(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(written(tmp_path))[UPDATES_SHEET]
    assert ws.protection.sheet and not ws.protection.password
    assert ws.protection.autoFilter is False and ws.protection.sort is False  # False: allowed
    assert ws.auto_filter.ref == f"A{HEADER_ROW}:{letter('Row id')}{FIRST_ROW + 3}"
    assert ws.freeze_panes == f"B{FIRST_ROW}"


def test_the_green_columns_check_what_is_typed(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(written(tmp_path))[UPDATES_SHEET]
    found = {dv.type: dv for dv in ws.data_validations.dataValidation}

    def cells(heading: str) -> str:
        return f"{letter(heading)}{FIRST_ROW}:{letter(heading)}{FIRST_ROW + 3}"

    status, progress, dates = found["list"], found["whole"], found["date"]
    assert str(status.sqref) == cells("New status")
    assert status.formula1 == '"Not started,In progress,Blocked,Done,Cancelled"'
    assert str(progress.sqref) == cells("Progress %")
    assert (progress.formula1, progress.formula2) == ("0", "100")
    assert str(dates.sqref).split() == [cells("New start"), cells("New due")]
    assert all(dv.showErrorMessage for dv in (status, progress, dates))


def test_the_request_travels_hidden_in_the_workbook_and_its_properties(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(written(tmp_path))
    hidden = book[HIDDEN_SHEET]
    assert hidden.sheet_state == "veryHidden"
    assert [[c.value for c in row] for row in hidden.iter_rows(max_row=5, max_col=2)] == [
        ["format", "1"],
        ["request", "req-5f2c9a"],
        ["plan", "plan-8d41e7"],
        ["team", "BNK"],
        ["sent", "2027-03-03T09:15:00+00:00"],
    ]
    assert tuple(c.value for c in hidden[HIDDEN_TABLE_ROW]) == HIDDEN_COLUMNS
    assert [c.value for c in hidden[HIDDEN_TABLE_ROW + 3]] == [
        9, "BNK-3", 4, "blocked", 20, "2027-02-01", "2027-03-31", "Waiting for the vendor's test system"
    ]  # fmt: skip
    assert {p.name: p.value for p in book.custom_doc_props} == {
        "migrator.format": "1",
        "migrator.request": "req-5f2c9a",
        "migrator.plan": "plan-8d41e7",
        "migrator.team": "BNK",
        "migrator.sent": "2027-03-03T09:15:00+00:00",
    }


def test_text_that_looks_like_a_formula_is_written_and_read_back_as_text(tmp_path: Path) -> None:
    rows = (SentRow(1, "SEC-1", 1, Status.BLOCKED, 0, None, None, '=HYPERLINK("http://x")'),)
    path = written(tmp_path, request_workbook(rows))
    ws = openpyxl.load_workbook(path)[UPDATES_SHEET]
    assert ws[f"{letter('Blocker note')}{FIRST_ROW}"].data_type == "s"
    returned = read_update_workbook(path)
    assert returned.problems == ()
    assert returned.lines[0].blocker_note == '=HYPERLINK("http://x")'


def test_the_help_sheet_explains_in_plain_words(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(written(tmp_path))[HELP_SHEET]
    text = " ".join(str(c.value) for c in ws["A"] if c.value)
    assert "Sam Keller asks Lena Ortiz" in text and "by 10 Mar 2027" in text
    assert "Emptying the blocker note means the blocker is gone." in text
    assert "Do not add or delete rows and do not rename the sheets" in text
    assert "Save it as an Excel workbook (.xlsx)" in text


def test_file_names_are_safe_everywhere() -> None:
    assert update_workbook_name("Banking & Payments", date(2027, 3, 3)) == (
        "Banking & Payments status update 2027-03-03.xlsx"
    )
    assert (
        update_workbook_name('R&D / Ops: "EU"*', date(2027, 3, 3))
        == "R&D Ops EU status update 2027-03-03.xlsx"
    )
    assert update_workbook_name("..", date(2027, 3, 3)) == "Team status update 2027-03-03.xlsx"


def test_a_workbook_that_cannot_be_written_leaves_nothing_behind(tmp_path: Path) -> None:
    with pytest.raises(ReportWriteError, match="does not exist"):
        written(tmp_path / "missing")
    previous = tmp_path / "Banking.xlsx"
    previous.write_bytes(b"the old file")
    (tmp_path / "Banking.xlsx.dir").mkdir()
    with pytest.raises(ReportWriteError, match="is a folder"):
        written(tmp_path, name="Banking.xlsx.dir")
    assert previous.read_bytes() == b"the old file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Banking.xlsx", "Banking.xlsx.dir"]


def _draft(tmp_path: Path, email_address: str | None) -> email.message.EmailMessage:
    workbook = request_workbook(message="Does the cut-over date still hold?")
    request = workbook.request.__class__(**{**workbook.request.__dict__, "recipient_email": email_address})
    book = written(tmp_path, workbook)
    eml = tmp_path / "Banking.eml"
    write_mail_draft(eml, book, request, workbook.plan_name, COORDINATOR)
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert isinstance(message, email.message.EmailMessage)
    return message


def test_the_mail_draft_opens_as_a_draft_with_the_workbook_attached(tmp_path: Path) -> None:
    message = _draft(tmp_path, "lena.ortiz@example.com")
    assert message["To"] == "Lena Ortiz <lena.ortiz@example.com>"
    assert message["Subject"] == "Status update for Bank merger 2027: Banking & Payments by 10 Mar 2027"
    assert message["X-Unsent"] == "1"
    body = message.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert text.startswith("Hello Lena Ortiz,")
    assert "send it back to me by 10 Mar 2027" in text and "Does the cut-over date still hold?" in text
    assert text.rstrip().endswith("Sam Keller")
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == "Banking.xlsx"
    assert (
        attachment.get_content_type() == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert attachment.get_content() == (tmp_path / "Banking.xlsx").read_bytes()


@pytest.mark.parametrize("address", [None, "", "not an address@@"])
def test_without_a_usable_address_the_draft_leaves_to_empty(tmp_path: Path, address: str | None) -> None:
    message = _draft(tmp_path, address)
    assert message["To"] is None
    assert message["Subject"].startswith("Status update for Bank merger 2027")


def test_rows_written_as_text_are_exactly_what_openpyxl_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer serialises its rows itself, for speed; the sheets must not differ from openpyxl's."""
    rows = (
        *sent_rows(),
        SentRow(30, "BNK-30", 1, Status.DONE, 100, date(2027, 1, 4), date(2027, 1, 4), "  padded & <odd>  "),
        SentRow(31, "BNK-31", 1, Status.CANCELLED, 0, None, None, '=SUM(A1:A2) "quoted"'),
    )
    fast = written(tmp_path, request_workbook(rows), name="fast.xlsx")
    monkeypatch.setattr(
        update_workbook,
        "_fast_sheet",
        lambda book, title, columns, **setup: book.sheet(title, columns, **setup),
    )
    slow = written(tmp_path, request_workbook(rows), name="slow.xlsx")
    with zipfile.ZipFile(fast) as ours, zipfile.ZipFile(slow) as theirs:
        assert ours.namelist() == theirs.namelist()
        for name in ours.namelist():
            assert ours.read(name).replace(b" />", b"/>") == theirs.read(name).replace(b" />", b"/>"), name


def test_names_in_any_script_reach_the_draft_intact(tmp_path: Path) -> None:
    workbook = request_workbook(team="Sécurité & Conformité")
    book = written(tmp_path, workbook)
    eml = tmp_path / "Sécurité.eml"
    write_mail_draft(eml, book, workbook.request, "Fusion 2027 — Überblick", "Zoë Çelik")
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert (
        message["Subject"]
        == "Status update for Fusion 2027 — Überblick: Sécurité & Conformité by 10 Mar 2027"
    )
    assert eml.read_bytes().isascii()  # encoded as mail programs expect
    body = message.get_body(("plain",))
    assert body is not None and body.get_content().rstrip().endswith("Zoë Çelik")


def test_a_request_without_open_work_still_makes_a_readable_workbook(tmp_path: Path) -> None:
    path = written(tmp_path, request_workbook(rows=()))
    ws = openpyxl.load_workbook(path)[UPDATES_SHEET]
    assert [cell.value for cell in ws[HEADER_ROW]] == list(HEADINGS)
    returned = read_update_workbook(path)
    assert (returned.sent, returned.lines, returned.problems) == ((), (), ())
