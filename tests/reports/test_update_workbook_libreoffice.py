"""The update workbook prints readably in a real spreadsheet program (LibreOffice, headless):
every heading whole, the title and the request on the first page, the help on its own page."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.reports.update_requests import request_workbook, written
from tests.support.libreoffice import (
    CONVERSION_TIMEOUT,
    PDFTOTEXT,
    SOFFICE,
    needs_libreoffice,
    needs_pdftotext,
    pdf_pages,
)

# Each heading as the printed page shows it ("Forecast finish" wraps onto two lines).
SHOWN_HEADINGS = (
    "Key", "Workstream", "Owner", "Status now", "Forecast", "Waits on", "Waited on by", "New status",
    "Progress %", "New start", "New due", "Blocker note", "Comment for the report",
)  # fmt: skip


@needs_libreoffice
@needs_pdftotext
def test_the_update_workbook_prints_with_whole_headings(tmp_path: Path) -> None:
    assert SOFFICE is not None and PDFTOTEXT is not None, "LibreOffice and pdftotext are required here"
    book = written(tmp_path, request_workbook(message="Does the cut-over date still hold?"))
    profile = tmp_path / "libreoffice-profile"
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(book)],
        capture_output=True, text=True, timeout=CONVERSION_TIMEOUT, check=False,
    )  # fmt: skip
    pdf = tmp_path / "Banking.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stdout + result.stderr
    assert pdf_pages(pdf) == 2  # the updates on one page, the help on the next; the hidden sheet not at all

    def page(number: int) -> str:
        return subprocess.run(
            [PDFTOTEXT, "-f", str(number), "-l", str(number), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    first = page(1)
    assert "Banking & Payments — status update for Bank merger 2027" in first
    assert "send the file back to Sam Keller. Does the cut-over date still hold?" in first
    for heading in SHOWN_HEADINGS:
        assert heading in first, heading
    assert "Row id" not in first and "req-5f2c9a" not in first
    assert "Waiting for the vendor's test" in first and "10 Mar 2027" in first
    assert "BNK-3" in first.split()
    help_page = page(2)
    assert "How to fill this in" in help_page and "the blocker is gone" in " ".join(help_page.split())
