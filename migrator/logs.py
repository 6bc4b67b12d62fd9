"""The crash log: details of unexpected errors go here, a short message goes to the user."""

from __future__ import annotations

from datetime import datetime

from migrator.paths import log_path

__all__ = ["log_path", "write_crash_log"]


def write_crash_log(details: str) -> None:
    try:
        with log_path().open("a", encoding="utf-8") as log:
            log.write(f"\n--- {datetime.now().isoformat(timespec='seconds')}\n{details}")
    except OSError:
        pass  # the log is a courtesy; never fail while reporting a failure
