"""Write a file under a temporary name beside it and move it into place only when complete.

A failure at any point (a folder that refuses the write, a full disk, the old file open
in another program) leaves the previous file exactly as it was and no partial file behind.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from types import TracebackType

from openpyxl.worksheet import _writer
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from migrator.domain.errors import MigratorError
from migrator.leftovers import SHEET_PREFIX, remove_old, report_pattern, sheet_pattern

UNTOUCHED = "Any previous file there is untouched."  # a report, a plan export, an update workbook


class ReportWriteError(MigratorError):
    """The report could not be written where the user asked."""


class AtomicFile:
    """``with AtomicFile(path) as target:`` write ``target.temp``, then ``target.commit()``."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.temp = target
        self._committed = False

    def __enter__(self) -> AtomicFile:
        folder = self.target.parent
        if self.target.is_dir():
            raise ReportWriteError(f"{self.target} is a folder; give the file a name.")
        if not folder.is_dir():
            raise ReportWriteError(f"The folder {folder} does not exist; {self.target.name} was not written.")
        remove_old(folder, report_pattern(self.target.stem))  # a killed export's temporary files
        try:
            handle, name = tempfile.mkstemp(prefix=f".~{self.target.stem}-", suffix=".tmp", dir=folder)
        except OSError as error:
            raise ReportWriteError(write_problem(error, self.target)) from None
        os.close(handle)
        self.temp = Path(name)
        # mkstemp makes a private file; a report is for colleagues: the old report's
        # permissions, or what the user's umask gives a new file.
        try:
            mode = self.target.stat().st_mode & 0o777
        except OSError:
            mode = 0o666 & ~_umask()
        os.chmod(self.temp, mode)
        return self

    def commit(self) -> None:
        """Move the finished file into place (one rename: readers see the old file or the new one)."""
        try:
            os.replace(self.temp, self.target)
        except OSError as error:
            raise ReportWriteError(write_problem(error, self.target, replacing=True)) from None
        self._committed = True

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if not self._committed:
            self.temp.unlink(missing_ok=True)
        if isinstance(error, OSError):  # writing the temporary file failed: say why, in words
            raise ReportWriteError(write_problem(error, self.target)) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_problem(error: OSError, target: Path, *, replacing: bool = False) -> str:
    """What went wrong writing ``target``, in words, with what happened to the old file."""
    code = error.errno
    if code == errno.ENOSPC:
        return f"The disk is full, so {target.name} could not be written. {UNTOUCHED}"
    if code == errno.EROFS:
        return f"{target.parent} is on a read-only disk; choose another folder. {UNTOUCHED}"
    if replacing and code in (errno.EACCES, errno.EPERM, errno.EBUSY):
        return (
            f"{target.name} is open in another program or read-only; close it (or choose another "
            f"name) and export again. {UNTOUCHED}"
        )
    if code in (errno.EACCES, errno.EPERM):
        return f"Migrator may not write into {target.parent} (permission denied); choose another folder."
    reason = error.strerror or str(error)
    return f"{target.name} could not be written ({reason}). {UNTOUCHED}"


def remove_old_sheet_streams() -> None:
    """The sheet streams of an export that was killed (only Migrator's own, only old ones)."""
    remove_old(Path(tempfile.gettempdir()), sheet_pattern())


def stream_into_own_file(ws: WriteOnlyWorksheet) -> None:
    """openpyxl's ``_get_writer`` for a write-only sheet, streaming into a temporary file named
    as Migrator's own: openpyxl's ``openpyxl.XXXXXXXX`` could be any program's, so one that a
    killed export left could not safely be removed."""
    if ws._writer is None:
        handle, name = tempfile.mkstemp(prefix=SHEET_PREFIX, suffix=".xml")
        os.close(handle)
        _writer.ALL_TEMP_FILES.append(name)  # openpyxl removes it once saved, or at exit
        ws._writer = _writer.WorksheetWriter(ws, out=name)
        ws._writer.write_top()
