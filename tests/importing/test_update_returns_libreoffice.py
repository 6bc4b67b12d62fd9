"""A returned update workbook saved by a real spreadsheet program (LibreOffice, headless): what it
does to protection, validation, dates, the hidden sheet and the document properties must not stop
the answers from being read back."""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from migrator.domain.model import Status
from migrator.domain.update_form import HIDDEN_SHEET, UPDATES_SHEET
from migrator.importing.update_returns import UpdateFileError, read_update_workbook
from tests.importing.test_update_returns import ID, fill, returned
from tests.support.libreoffice import CONVERSION_TIMEOUT, SOFFICE, needs_libreoffice


def saved_by_libreoffice(path: Path, folder: Path) -> Path:
    """``path`` opened and saved again as .xlsx by LibreOffice."""
    assert SOFFICE is not None, "LibreOffice (soffice) is required here but not installed"
    folder.mkdir()
    profile = folder.parent / "libreoffice-profile"  # private: no clash with a running LibreOffice
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "xlsx",
         "--outdir", str(folder), str(path)],
        capture_output=True, text=True, timeout=CONVERSION_TIMEOUT, check=False,
    )  # fmt: skip
    saved = folder / path.name
    assert result.returncode == 0 and saved.exists(), result.stdout + result.stderr
    return saved


@needs_libreoffice
def test_answers_survive_a_save_by_libreoffice(tmp_path: Path) -> None:
    answered = returned(
        tmp_path,
        fill({
            ("BNK-3", "New status"): "In progress",
            ("BNK-3", "Progress %"): 55,
            ("BNK-3", "New due"): datetime(2027, 4, 30),
            ("BNK-3", "Blocker note"): None,
            ("BNK-3", "Comment for the report"): "Vendor delivered; testing resumes Monday.",
            ("BNK-10", "New start"): "15 Mar 2027",
            ("BNK-11", "Progress %"): "=40+40",
        }),
    )  # fmt: skip
    saved = saved_by_libreoffice(answered, tmp_path / "saved")
    assert saved.read_bytes() != answered.read_bytes()

    book = openpyxl.load_workbook(saved)
    ws = book[UPDATES_SHEET]
    assert ws.protection.sheet  # still protected, filtering still allowed
    assert ws.protection.autoFilter is False
    assert ws["A5"].protection.locked and ws["F5"].protection.locked  # the context, as sent
    assert not ws["J5"].protection.locked and not ws["M8"].protection.locked  # green, even when empty
    assert ws["M5"].is_date and ws["M5"].number_format.replace("\\", "") == "d mmm yyyy"
    assert sorted(dv.type for dv in ws.data_validations.dataValidation) == ["date", "list", "whole"]
    assert book[HIDDEN_SHEET].sheet_state in ("hidden", "veryHidden")  # LibreOffice keeps it hidden
    assert {p.name for p in book.custom_doc_props} >= {"migrator.request", "migrator.plan"}

    result = read_update_workbook(saved)
    assert (result.token, result.plan_identity, result.team_code) == ("req-5f2c9a", "plan-8d41e7", "BNK")
    bnk3, bnk10, bnk11 = (result.line(ID[key]) for key in ("BNK-3", "BNK-10", "BNK-11"))
    assert bnk3 is not None and bnk10 is not None and bnk11 is not None
    assert (bnk3.status, bnk3.progress, bnk3.planned_due, bnk3.blocker_note) == (
        Status.IN_PROGRESS, 55, date(2027, 4, 30), ""
    )  # fmt: skip
    assert bnk3.comment == "Vendor delivered; testing resumes Monday."
    assert bnk10.planned_start == date(2027, 3, 15)
    assert bnk11.progress is None  # the formula was kept as a formula, and is not read
    assert [(p.row, p.column) for p in result.problems] == [(8, "Progress %")]
    assert "holds a formula (=40+40)" in result.problems[0].text


@needs_libreoffice
def test_a_csv_saved_by_libreoffice_from_the_workbook_is_refused(tmp_path: Path) -> None:
    assert SOFFICE is not None, "LibreOffice (soffice) is required here but not installed"
    book = returned(tmp_path, fill({("BNK-3", "Progress %"): 55}))
    profile = tmp_path / "libreoffice-profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "csv",
         "--outdir", str(tmp_path), str(book)],
        capture_output=True, text=True, timeout=CONVERSION_TIMEOUT, check=True,
    )  # fmt: skip
    csv_file = tmp_path / "Banking.csv"
    assert b"BNK-3" in csv_file.read_bytes()  # the rows are there, the hidden sheet is not
    with pytest.raises(UpdateFileError) as caught:
        read_update_workbook(csv_file)
    assert str(caught.value) == (
        "Banking.csv is a CSV file: saving as CSV drops the hidden sheet that matches each row to its "
        "workstream. Collect the .xlsx workbook that was sent back (or save it as .xlsx again)."
    )
