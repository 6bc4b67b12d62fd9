"""The crash log: details of unexpected errors go here, a short message goes to the user."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from migrator.paths import log_path

__all__ = ["log_path", "write_crash_log"]


def write_crash_log(details: str) -> Path | None:
    """Append ``details`` to the crash log; the log's path, or None when it cannot be written
    (a read-only or missing data folder, a full disk): the log is a courtesy, and reporting a
    failure must never fail."""
    try:
        path = log_path()
        with path.open("a", encoding="utf-8") as log:
            log.write(f"\n--- {datetime.now().isoformat(timespec='seconds')}\n{details}")
    except OSError:
        return None
    return path
