"""What the tests that print workbooks through a real spreadsheet program share: LibreOffice
(headless) and poppler's pdftotext, and one rule for when they are missing.

CI installs both and sets MIGRATOR_REQUIRE_LIBREOFFICE=1, so there a test without them fails
rather than skips; on a developer machine without them those tests are skipped, saying why.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")
CONVERSION_TIMEOUT = 120  # seconds
REQUIRED = os.environ.get("MIGRATOR_REQUIRE_LIBREOFFICE") == "1"

needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None and not REQUIRED, reason="LibreOffice (soffice) is not installed"
)
needs_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None and not REQUIRED, reason="pdftotext (poppler) is not installed"
)


def pdf_pages(pdf: Path) -> int:
    """Pages in a PDF, counted from its page objects (no PDF library needed)."""
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
