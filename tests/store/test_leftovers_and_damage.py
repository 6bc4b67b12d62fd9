"""What a killed or unlucky run leaves behind: temporary files, a full disk, a damaged index."""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from migrator.cli import main
from migrator.domain.errors import MigrationFileError
from migrator.reports.book import Column, ReportBook
from migrator.reports.safe_file import AtomicFile
from migrator.services import MigrationService
from migrator.store import database

# Files only: pages, journals and files beside the migration file.
pytestmark = pytest.mark.file_only

FIXTURES = Path(__file__).parent.parent / "support" / "fixtures"
TWO_HOURS_AGO = time.time() - 7200


def _aged(path: Path, content: bytes = b"half") -> Path:
    path.write_bytes(content)
    os.utime(path, (TWO_HOURS_AGO, TWO_HOURS_AGO))
    return path


def test_opening_a_file_removes_only_its_own_old_partial_files(service: MigrationService) -> None:
    service.close()
    folder = service.path.parent
    killed_import = _aged(folder / ".plan-k2x9_a7q.partial")
    being_written = folder / ".plan-b3c4d5e6.partial"
    being_written.write_bytes(b"an import running right now")
    not_ours = [
        _aged(folder / ".other-k2x9_a7q.partial"),  # another migration's
        _aged(folder / ".plan-k2x9_a7q.partial.keep"),
        _aged(folder / "plan-k2x9_a7q.partial"),
        _aged(folder / ".plan-toolongname.partial"),
    ]
    MigrationService.open(service.path).close()
    assert not killed_import.exists()
    assert being_written.exists()
    assert all(path.exists() for path in not_ours)


def test_writing_a_report_removes_only_old_temporary_reports_of_that_name(tmp_path: Path) -> None:
    _aged(tmp_path / ".~status-a1b2c3d4.tmp")
    _aged(tmp_path / ".~budget-a1b2c3d4.tmp")
    recent = tmp_path / ".~status-e5f6g7h8.tmp"
    recent.write_bytes(b"an export running right now")
    target = tmp_path / "status.xlsx"
    with AtomicFile(target) as written:
        written.temp.write_bytes(b"report")
        written.commit()
    assert target.read_bytes() == b"report"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".~budget-a1b2c3d4.tmp", ".~status-e5f6g7h8.tmp",
                                                           "status.xlsx"]  # fmt: skip


def test_an_upgrade_on_a_full_disk_leaves_no_backup_and_says_the_disk_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "legacy.migrator"
    shutil.copyfile(FIXTURES / "r0001.migrator", old)
    before = old.read_bytes()

    def copy_onto_a_full_disk(source: Path, target: Path) -> None:
        target.write_bytes(b"")  # the copy had begun
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(database, "backup", copy_onto_a_full_disk)
    with pytest.raises(MigrationFileError) as refused:
        MigrationService.open(old)
    assert str(refused.value) == (
        "legacy.migrator must be upgraded, but its backup could not be written (the disk is full), "
        "so it was not upgraded and nothing was changed. Free some space and open it again."
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["legacy.migrator"]
    assert old.read_bytes() == before


def _swap_two_indexes(path: Path) -> None:
    """Damage only an index: quick_check still passes, integrity_check does not."""
    conn = sqlite3.connect(path)
    pages = dict(
        conn.execute("SELECT name, rootpage FROM sqlite_master WHERE name LIKE 'ix_workstream_%_id'")
    )
    conn.execute("PRAGMA writable_schema = ON")
    for name, other in (("ix_workstream_team_id", "ix_workstream_owner_id"),
                        ("ix_workstream_owner_id", "ix_workstream_team_id")):  # fmt: skip
        conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = ?", (pages[other], name))
    conn.commit()
    conn.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
    conn.close()


def test_a_file_with_a_damaged_index_is_never_written_to(
    service: MigrationService, capsys: pytest.CaptureFixture[str]
) -> None:
    team = service.create_team("Banking & Payments", "BNK")
    first = service.create_workstream("Issuer contract", team)
    service.create_workstream("Card stock", team)
    service.close()
    _swap_two_indexes(service.path)
    before = service.path.read_bytes()

    with MigrationService.open(service.path) as damaged:
        assert [w.key for w in damaged.workstreams()] == ["BNK-1", "BNK-2"]  # it can still be read
        with pytest.raises(MigrationFileError) as refused:
            damaged.update_workstream(first, {"title": "Signed issuer contract"})
    # SQLite names whichever of the two swapped indexes it checks first.
    assert re.fullmatch(
        r"plan\.migrator is damaged \(row 1 missing from index ix_workstream_(owner|team)_id\), so "
        r"Migrator will not write to it; nothing was changed\. `migrator check` lists what is wrong; "
        r"open an earlier copy\.",
        str(refused.value),
    ), refused.value
    assert service.path.read_bytes() == before
    assert main(["check", str(service.path)]) == 1
    assert re.search(
        r"\n  integrity: row 1 missing from index ix_workstream_(owner|team)_id", capsys.readouterr().out
    )


def test_a_report_streams_its_sheets_through_migrators_own_files_and_removes_old_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    killed_export = _aged(temp / "migrator-sheet-a1b2c3d4.xml")
    someone_elses = _aged(temp / "openpyxl.a1b2c3d4")
    columns = [Column("Key", 10)]
    book = ReportBook()
    sheet = book.sheet("Sheet", columns)
    sheet.append(book.header_row(sheet, columns))
    streams = [p.name for p in temp.iterdir() if p.name.startswith("migrator-sheet-")]
    assert len(streams) == 1 and re.fullmatch(r"migrator-sheet-[a-z0-9_]{8}\.xml", streams[0])
    book.save(tmp_path / "book.xlsx")
    assert not killed_export.exists()
    assert sorted(p.name for p in temp.iterdir()) == [someone_elses.name]  # the stream is gone too
    assert load_workbook(tmp_path / "book.xlsx")["Sheet"]["A1"].value == "Key"
