"""The full demo workbook opens and prints in a real spreadsheet program (LibreOffice, headless)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from migrator.reports import write_workbook
from tests.reports.conftest import DemoReports
from tests.support.libreoffice import CONVERSION_TIMEOUT, PDFTOTEXT, SOFFICE, needs_libreoffice, pdf_pages


@needs_libreoffice
def test_the_full_workbook_converts_to_a_pdf_that_opens_with_the_summary(
    demo_reports: DemoReports, tmp_path: Path
) -> None:
    assert SOFFICE is not None, "LibreOffice (soffice) is required here but not installed"
    book = tmp_path / "status.xlsx"
    write_workbook(demo_reports.content, book)
    profile = tmp_path / "libreoffice-profile"  # a private profile: no clash with a running LibreOffice
    result = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(book),
        ],
        capture_output=True,
        text=True,
        timeout=CONVERSION_TIMEOUT,
        check=False,
    )
    pdf = tmp_path / "status.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stdout + result.stderr
    assert pdf_pages(pdf) >= 6  # at least a page per sheet
    if PDFTOTEXT is None:
        return
    summary = subprocess.run(
        [PDFTOTEXT, "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert demo_reports.current.migration in summary
    assert "Needs attention" in summary and "Milestones" in summary  # the whole summary is on page 1
    second = subprocess.run(
        [PDFTOTEXT, "-f", "2", "-l", "2", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Summary · page" not in second
