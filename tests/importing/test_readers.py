"""Reading plan files: CSV encodings and delimiters, workbooks, and hostile or broken files."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from migrator.importing.readers import PlanFileError, read_table


def test_csv_in_cp1252_keeps_accented_letters(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_bytes("Workstream,Owner\nRéseau café,Jürgen Müller\n".encode("cp1252"))
    table = read_table(path)
    assert table.header == ["Workstream", "Owner"]
    assert [c.value for c in table.rows[0].cells] == ["Réseau café", "Jürgen Müller"]


def test_csv_with_a_bom_has_a_clean_first_header(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_bytes("\ufeffKey,Workstream\nBNK-1,Ledger\n".encode())
    table = read_table(path)
    assert table.header == ["Key", "Workstream"]
    assert table.sheet == "plan.csv"


def test_semicolon_csv_from_european_excel(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text('Key;Workstream;Depends on\nBNK-2;"Ledger; phase 2";BNK-1, OPS-3\n', encoding="utf-8")
    table = read_table(path)
    assert table.header == ["Key", "Workstream", "Depends on"]
    assert [c.value for c in table.rows[0].cells] == ["BNK-2", "Ledger; phase 2", "BNK-1, OPS-3"]


def test_blank_lines_are_skipped_but_row_numbers_stay_those_of_the_sheet(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text("\nWorkstream\nA\n\nB\n", encoding="utf-8")
    table = read_table(path)
    assert table.header_row == 2
    assert [r.number for r in table.rows] == [3, 5]


def test_xlsx_gives_real_dates_and_number_formats(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet.append(["Workstream", "Start", "% Complete"])
    sheet.append(["Ledger", datetime(2027, 3, 1), 0.4])
    sheet["C2"].number_format = "0%"
    workbook.save(path)
    table = read_table(path)
    assert table.sheet == "Plan"
    cells = table.rows[0].cells
    assert cells[1].value == datetime(2027, 3, 1)
    assert "%" in cells[2].number_format


def test_sheet_is_chosen_by_name_case_insensitively(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["nothing here"])
    workbook.create_sheet("Tasks").append(["Workstream"])
    workbook.save(path)
    assert read_table(path, "tasks").header == ["Workstream"]


def test_unknown_sheet_lists_the_sheets_that_exist(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "Plan"
    workbook.create_sheet("Risks")
    workbook.save(path)
    with pytest.raises(PlanFileError, match="no sheet 'Tasks'; its sheets are 'Plan', 'Risks'"):
        read_table(path, "Tasks")


def test_corrupt_xlsx_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"this is not a workbook at all" * 10)
    with pytest.raises(PlanFileError, match="not an Excel workbook"):
        read_table(path)


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(PlanFileError, match="zip archive but not an Excel workbook"):
        read_table(path)


def test_a_truncated_workbook_is_refused(tmp_path: Path) -> None:
    good = tmp_path / "good.xlsx"
    openpyxl.Workbook().save(good)
    path = tmp_path / "plan.xlsx"
    path.write_bytes(good.read_bytes()[:600])
    with pytest.raises(PlanFileError):
        read_table(path)


def test_a_zip_bomb_is_not_opened(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<row/>" * 2_000_000)
    with pytest.raises(PlanFileError, match="zip bomb"):
        read_table(path)


def test_other_file_types_get_a_clear_error(tmp_path: Path) -> None:
    for name, expected in (("plan.ods", "not '.ods'"), ("plan.xls", "Excel 97-2003")):
        path = tmp_path / name
        path.write_bytes(b"x")
        with pytest.raises(PlanFileError, match=expected):
            read_table(path)


def test_a_missing_plan_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(PlanFileError, match="There is no plan file"):
        read_table(tmp_path / "nowhere.csv")


def test_a_workbook_that_misstates_its_used_range_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "exported.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Workstream", "Due"])
    sheet.append(["Issuer contract", "2027-02-05"])
    sheet.append(["BIN sponsorship", "2027-03-05"])
    workbook.save(path)
    # Rewrite the sheet's <dimension> as some exporters write it: claiming only A1 is used.
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet_xml = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = re.sub(
        r'<dimension ref="[^"]+"', '<dimension ref="A1:A1"', sheet_xml
    ).encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)

    table = read_table(path)
    assert table.header == ["Workstream", "Due"]
    assert [row.cells[0].value for row in table.rows] == ["Issuer contract", "BIN sponsorship"]
