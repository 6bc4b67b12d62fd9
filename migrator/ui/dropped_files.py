"""What a drag onto the window carries that Migrator can take: returned update workbooks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData

# .xlsm and .xls too: the review then says why it cannot take them, rather than the drop doing nothing.
SPREADSHEETS = (".xlsx", ".xlsm", ".xls")


def dropped_workbooks(data: QMimeData) -> list[Path]:
    """The local spreadsheet files among what is dragged."""
    paths = [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()]
    return [path for path in paths if path.suffix.lower() in SPREADSHEETS]
