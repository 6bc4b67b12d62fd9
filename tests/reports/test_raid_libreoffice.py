"""The report's RAID sections as printed by a real spreadsheet program (LibreOffice, headless):
the Summary stays one page with its decisions and risks, the RAID sheet prints whole."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from migrator.reports import write_workbook
from tests.reports.conftest import DemoReports
from tests.reports.raid_demo import with_raid
from tests.support.libreoffice import (
    CONVERSION_TIMEOUT,
    PDFTOTEXT,
    SOFFICE,
    needs_libreoffice,
    needs_pdftotext,
    pdf_pages,
)


def page_text(pdf: Path, page: int) -> str:
    assert PDFTOTEXT is not None, "pdftotext (poppler-utils) is required here"
    text = subprocess.run(
        [PDFTOTEXT, "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return " ".join(text.split())  # wrapped cells read as one line


@needs_libreoffice
@needs_pdftotext
def test_the_raid_sections_print_whole_on_the_summary_page_and_the_raid_sheet(
    demo_reports: DemoReports, tmp_path: Path
) -> None:
    assert SOFFICE is not None, "LibreOffice (soffice) is required here"
    book = tmp_path / "status.xlsx"
    write_workbook(with_raid(demo_reports), book)
    profile = tmp_path / "libreoffice-profile"  # a private profile: no clash with a running LibreOffice
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(book)],
        capture_output=True, text=True, timeout=CONVERSION_TIMEOUT, check=False,
    )  # fmt: skip
    pdf = tmp_path / "status.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stdout + result.stderr
    pages = [page_text(pdf, n) for n in range(1, pdf_pages(pdf) + 1)]
    summary = pages[0]
    for shown in (
        "Decisions needed",
        "D-10 Run the old and new platforms in parallel for a month?",
        "Top risks",
        "R-1 Card bureau can't print 50,000 cards a week (expected by",  # then the owner, the date below
        "Escalated since the last report (1)",
        "Milestones",  # the page's last band: the RAID sections pushed nothing off it
    ):
        assert shown in summary, shown
    assert "Summary · page 2" not in " ".join(pages)
    raid = [text for text in pages if re.search(r"RAID · page \d+ of", text)]
    assert len(raid) == 1  # the demo's log prints on one page
    for shown in (
        "Open risks by probability and impact",
        "5 Almost certain",
        "1 Rare",
        "5 Severe",
        "Second bureau on standby; weekly capacity",  # wrapped: the line beside it interleaves
        "Early warning: Bureau misses a weekly quota",
        "Recommended: Retail first: fewer special cases",
        "Closed since the last report",
        "Vendor shipped firmware 4.2",
    ):
        assert shown in raid[0], shown
