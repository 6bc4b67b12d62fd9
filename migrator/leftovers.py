"""Temporary files a killed Migrator left behind, removed the next time: only ours, only old ones.

Migrator writes a new migration file as ``.NAME-XXXXXXXX.partial`` and a report as
``.~NAME-XXXXXXXX.tmp`` (mkstemp's eight characters) beside the real one, and renames it into
place when complete; each report sheet streams through ``migrator-sheet-XXXXXXXX.xml`` in the
system's temporary folder. A process killed meanwhile leaves the temporary file. One untouched for an
hour is no longer being written (a whole 20,000-workstream import takes seconds), so it goes.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

OLD_AFTER_SECONDS = 3600
_MKSTEMP = "[a-z0-9_]{8}"  # the random part of tempfile.mkstemp's names
SHEET_PREFIX = "migrator-sheet-"


def partial_pattern(stem: str) -> str:
    return rf"\.{re.escape(stem)}-{_MKSTEMP}\.partial"


def report_pattern(stem: str) -> str:
    return rf"\.~{re.escape(stem)}-{_MKSTEMP}\.tmp"


def sheet_pattern() -> str:
    """A report sheet's stream while it is written (in the system's temporary folder)."""
    return rf"{SHEET_PREFIX}{_MKSTEMP}\.xml"


def remove_old(folder: Path, pattern: str, *, now: float | None = None) -> list[Path]:
    """Remove the files in ``folder`` whose whole name matches ``pattern`` and that nobody has
    written for an hour; return them. A file that cannot be removed is left alone."""
    limit = (time.time() if now is None else now) - OLD_AFTER_SECONDS
    removed = []
    try:
        candidates = [p for p in folder.iterdir() if re.fullmatch(pattern, p.name)]
    except OSError:
        return []
    for path in candidates:
        try:
            if path.is_file() and not path.is_symlink() and path.stat().st_mtime < limit:
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed
